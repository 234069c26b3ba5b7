//! The checklist manifest and `check --previous`: an author sees, before publishing, which
//! readers' ticks a change would drop.

use crate::support::SiteTest;

#[test]
fn the_build_writes_a_manifest_of_every_checklist() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    insta::assert_snapshot!(site.read("public/stepwise-manifest.json"));
}

#[test]
fn check_previous_lists_items_whose_ticks_would_be_dropped() {
    let site = SiteTest::fixture("basic");
    site.build(&["--out", "published"]);
    // Reword an item without an explicit id, delete one, and move a page.
    let first = site.read("content/guide/first.md");
    site.write(
        "content/guide/first.md",
        first
            .replace(
                "- [ ] Write down the date\n",
                "- [ ] Write down the date you paid\n",
            )
            .replace("- [ ] Find your receipt {#receipt}\n", "")
            .replace("(second.md#keep-going)", "(send.md#keep-going)"),
    );
    let second = site.read("content/guide/second.md");
    std::fs::remove_file(site.root.join("content/guide/second.md")).expect("remove");
    site.write("content/guide/send.md", second);

    let result = site.run(&["check", "--previous", "published"]);
    assert!(
        result.success,
        "warnings alone do not fail a check:\n{}",
        result.stderr
    );
    insta::assert_snapshot!(result.stderr);
    let strict = site.run(&[
        "check",
        "--strict",
        "--previous",
        "published/stepwise-manifest.json",
    ]);
    assert!(!strict.success);

    // Following the advice silences every warning.
    let first = site.read("content/guide/first.md");
    site.write(
        "content/guide/first.md",
        first.replace(
            "- [ ] Write down the date you paid\n",
            "- [ ] Write down the date you paid {#write-down-the-date-you-paid replaces=write-down-the-date}\n- [ ] Find your receipt {#receipt}\n",
        ),
    );
    site.write(
        "content/guide/send.md",
        site.read("content/guide/send.md")
            .replace("weight: 2\n", "weight: 2\nid: guide/second\n"),
    );
    let fixed = site.run(&["check", "--strict", "--previous", "published"]);
    assert!(fixed.success, "{}", fixed.stderr);
}

#[test]
fn a_broken_previous_manifest_is_a_clear_error() {
    let site = SiteTest::fixture("basic");
    site.write("old.json", "{\"not\": \"a manifest\"}");
    let result = site.run(&["check", "--previous", "old.json"]);
    assert!(!result.success);
    assert!(
        result
            .stderr
            .starts_with("error: old.json: not a Stepwise manifest"),
        "{}",
        result.stderr
    );
}

#[test]
fn composers_render_a_form_and_a_no_javascript_fallback() {
    let site = SiteTest::fixture("composer");
    site.build(&[]);
    insta::assert_snapshot!(site.main_of("public/bank/index.html"));
}
