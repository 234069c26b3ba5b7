//! `stepwise build` after builds that were killed: what they left beside the output folder is
//! restored or removed, and the author is told (the steps themselves are tested with injected
//! faults in `generator/src/output.rs`).

use std::fs;

use crate::support::SiteTest;

/// The id of a process that has ended.
#[cfg(unix)]
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true")
        .spawn()
        .expect("run true");
    let pid = child.id();
    child.wait().expect("wait");
    pid
}

fn names(site: &SiteTest) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(&site.root)
        .expect("list")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public") || name == "public")
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn a_build_restores_the_output_a_killed_build_moved_aside_and_removes_leftovers() {
    let site = SiteTest::fixture("basic");
    assert!(site.run(&["build"]).success);
    let built = site.read("public/index.html");
    // Killed between moving the old output aside and moving the new one in, with a staging
    // folder of another killed build still there.
    let dead = dead_pid();
    fs::rename(
        site.root.join("public"),
        site.root.join(format!(".public.old-{dead}")),
    )
    .expect("move aside");
    site.write(&format!(".public.staging-{}/half.html", dead_pid()), "half");
    // The next build fails: the old site comes back all the same, and the author is told.
    site.write("content/about.md", "---\ntitle: [unclosed\n---\n");
    let failed = site.run(&["build"]);
    assert!(!failed.success);
    assert!(
        failed.stderr.lines().any(|line| line.contains(
            "warning: the output folder was missing (a build was stopped while replacing it); restored the previous site from"
        )),
        "{}",
        failed.stderr
    );
    assert_eq!(site.read("public/index.html"), built);
    assert_eq!(names(&site), ["public"]);
}
