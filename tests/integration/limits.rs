//! Hostile input: every recursive structure an author controls has a limit reported as
//! `path:line:col: error`, and inputs that used to take quadratic time finish promptly. Each
//! case runs `stepwise check` with a generous guard (60 s, far above the milliseconds these take)
//! that catches a hang or a crash, not a slowdown: speed is measured by the benchmark.

use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use crate::support::SiteTest;

/// A site whose start page's body is `body`; `check`'s exit status and standard error.
fn check_page(name: &str, front: &str, body: &str) -> (bool, String) {
    let site = SiteTest::empty(name);
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n");
    site.write(
        "content/_index.md",
        format!("---\ntitle: Home\n{front}---\n{body}"),
    );
    let root = site.root.clone();
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let output = Command::new(env!("CARGO_BIN_EXE_stepwise"))
            .arg("--root")
            .arg(&root)
            .arg("check")
            .output()
            .expect("run stepwise");
        let _ = done.send(output);
    });
    let output = result
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{name}: `stepwise check` did not finish"));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.code().is_some(),
        "{name}: killed by a signal (a stack overflow?): {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    (output.status.success(), stderr)
}

#[test]
fn twenty_thousand_identical_headings() {
    let (ok, stderr) = check_page("headings", "", &"## Same\n\n".repeat(20_000));
    assert!(ok, "{stderr}");
}

#[test]
fn twenty_thousand_placeholders_in_one_template() {
    let body = format!(
        "```composer\nid: c\ntitle: C\nfields:\n  - name: a\n    label: A\n    kind: text\nsubject: s\nbody: |\n  {}\n```\n",
        "{{a}} ".repeat(20_000)
    );
    let (ok, stderr) = check_page("placeholders", "", &body);
    assert!(ok, "{stderr}");
}

#[test]
fn deeply_nested_template_sections_are_an_error_at_the_tag() {
    let depth = 10_000;
    let body = format!(
        "```composer\nid: c\ntitle: C\nfields:\n  - name: a\n    label: A\n    kind: text\nsubject: s\nbody: \"{}x{}\"\n```\n",
        "{{#a}}".repeat(depth),
        "{{/a}}".repeat(depth)
    );
    let (ok, stderr) = check_page("sections", "", &body);
    assert!(!ok);
    assert!(
        stderr.contains(
            "content/_index.md:12:200: error: composer body: sections are nested more than 32 deep"
        ),
        "{stderr}"
    );
}

#[test]
fn deeply_nested_yaml_is_an_error_at_its_place() {
    let depth = 20_000;
    let front = format!("extra: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    let (ok, stderr) = check_page("yaml", &front, "");
    assert!(!ok);
    assert!(
        stderr.contains("content/_index.md:3:")
            && stderr.contains(": error: values are nested more than 64 deep here"),
        "{stderr}"
    );
}

#[test]
fn deeply_nested_block_yaml_is_an_error_at_the_level_past_the_limit() {
    let front: String = (0..100)
        .map(|depth| format!("{}k{depth}:\n", "  ".repeat(depth + 1)))
        .collect();
    let (ok, stderr) = check_page("block-yaml", &format!("extra:\n{front}"), "");
    assert!(!ok);
    assert!(
        stderr.contains("content/_index.md:67:") && stderr.contains("nested more than 64 deep"),
        "{stderr}"
    );
}

#[test]
fn deeply_nested_markdown_containers_render() {
    let body = format!("{} deep\n\n{}", ">".repeat(50_000), "- x\n".repeat(10));
    let nested: String = (0..2_000)
        .map(|depth| format!("{}- x\n", "  ".repeat(depth)))
        .collect();
    let (ok, stderr) = check_page("markdown", "", &format!("{body}\n{nested}"));
    assert!(ok, "{stderr}");
}

#[test]
fn aliases_copying_too_much_text_are_an_error() {
    let long = "x".repeat(1 << 20);
    let front = format!(
        "extra:\n  a: &a \"{long}\"\n  b: [{}]\n",
        vec!["*a"; 1_000].join(", ")
    );
    let (ok, stderr) = check_page("aliases", &front, "");
    assert!(!ok);
    assert!(
        stderr.contains("content/_index.md:5:") && stderr.contains("copy more than 16 MiB of text"),
        "{stderr}"
    );
}
