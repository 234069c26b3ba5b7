//! The command line itself: help, version, `init`.

use crate::support::SiteTest;

#[test]
fn help_describes_every_flag() {
    let site = SiteTest::empty("help");
    let help = site.run(&["build", "--help"]).stdout;
    for flag in ["--out", "--base-url", "--drafts", "--strict", "--root"] {
        assert!(help.contains(flag), "build --help lacks {flag}:\n{help}");
    }
    let top = site.run(&["--help"]).stdout;
    for command in ["build", "check", "init"] {
        assert!(top.contains(command), "--help lacks {command}:\n{top}");
    }
}

#[test]
fn version_is_printed() {
    let result = SiteTest::empty("version").run(&["--version"]);
    assert!(result.success);
    assert_eq!(
        result.stdout.trim(),
        format!("stepwise {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn init_creates_a_site_that_builds_strictly() {
    let site = SiteTest::empty("init");
    let result = site.run(&["init", "new-site"]);
    assert!(result.success, "{}", result.stderr);
    let new_site = SiteTest {
        root: site.root.join("new-site"),
    };
    let result = new_site.run(&["build", "--strict"]);
    assert!(result.success, "{}", result.stderr);
    assert!(
        new_site
            .read("public/steps/prepare/index.html")
            .contains("data-item=\"steps/prepare/receipt\"")
    );
}

#[test]
fn init_refuses_a_folder_with_files() {
    let site = SiteTest::empty("init-refuses");
    site.write("existing/keep.txt", "x");
    let result = site.run(&["init", "existing"]);
    assert!(!result.success);
    assert!(
        result.stderr.contains("the folder is not empty"),
        "{}",
        result.stderr
    );
}

#[test]
fn check_readability_measures_every_page() {
    let site = SiteTest::fixture("basic");
    let result = site.run(&["check", "--readability"]);
    assert!(result.success, "{}", result.stderr);
    let row = result
        .stdout
        .lines()
        .find(|line| line.starts_with("content/guide/first.md"))
        .unwrap_or_else(|| panic!("no row for the page:\n{}", result.stdout));
    let words: usize = row
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("a word count");
    assert!(words > 10, "{row}");
}
