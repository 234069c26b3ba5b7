//! Every kind of content or configuration problem: reported as `path:line:col: error: …`, all
//! at once, with a non-zero exit and no output written.

use crate::support::SiteTest;

/// Builds `tests/fixtures/errors/<case>`, asserts it fails without writing output, and
/// returns what it printed.
fn failing_build(case: &str) -> String {
    let site = SiteTest::fixture(&format!("errors/{case}"));
    failing(&site)
}

fn failing(site: &SiteTest) -> String {
    let result = site.run(&["build"]);
    assert!(!result.success, "the build should fail:\n{}", result.stderr);
    assert!(!site.exists("public"), "a failed build wrote output");
    assert!(!result.stderr.contains("panicked"), "{}", result.stderr);
    result.stderr
}

#[test]
fn malformed_yaml() {
    insta::assert_snapshot!(failing_build("malformed-yaml"));
}

#[test]
fn missing_title() {
    insta::assert_snapshot!(failing_build("missing-title"));
}

#[test]
fn unknown_front_matter_key() {
    insta::assert_snapshot!(failing_build("unknown-key"));
}

#[test]
fn broken_page_link() {
    insta::assert_snapshot!(failing_build("broken-link"));
}

#[test]
fn missing_anchor() {
    insta::assert_snapshot!(failing_build("missing-anchor"));
}

#[test]
fn two_pages_with_the_same_url() {
    insta::assert_snapshot!(failing_build("duplicate-url"));
}

#[test]
fn missing_template() {
    insta::assert_snapshot!(failing_build("missing-template"));
}

#[test]
fn broken_template() {
    insta::assert_snapshot!(failing_build("broken-template"));
}

#[test]
fn empty_content_folder() {
    insta::assert_snapshot!(failing_build("empty-content"));
}

#[test]
fn bad_site_config() {
    insta::assert_snapshot!(failing_build("bad-config"));
}

#[test]
fn non_utf8_file() {
    let site = SiteTest::fixture("errors/missing-title");
    site.write("content/page.md", b"---\ntitle: Caf\xe9\n---\n".as_slice());
    insta::assert_snapshot!(failing(&site));
}

#[test]
fn every_problem_is_reported_at_once() {
    insta::assert_snapshot!(failing_build("many-problems"));
}

#[test]
fn warnings_fail_only_in_strict_mode() {
    let site = SiteTest::fixture("basic");
    site.write("content/guide/stray.txt", "not markdown");
    let relaxed = site.run(&["check"]);
    assert!(relaxed.success, "{}", relaxed.stderr);
    assert!(
        relaxed
            .stderr
            .contains("content/guide/stray.txt:1:1: warning: not a Markdown file"),
        "{}",
        relaxed.stderr
    );
    let strict = site.run(&["check", "--strict"]);
    assert!(!strict.success);
    assert!(
        strict
            .stderr
            .contains("[warning, an error in --strict mode]"),
        "{}",
        strict.stderr
    );
}

#[test]
fn composer_problems_point_into_the_block() {
    insta::assert_snapshot!(failing_build("composer"));
}

#[test]
fn problems_found_are_printed_even_when_publishing_fails() {
    let site = SiteTest::fixture("errors/broken-link");
    // An output folder Stepwise did not write: publishing is refused.
    site.write("public/precious.txt", "keep me");
    let result = site.run(&["build"]);
    assert!(!result.success, "{}", result.stderr);
    assert!(
        result.stderr.contains("refusing to replace"),
        "{}",
        result.stderr
    );
    assert!(
        result.stderr.contains("content/") && result.stderr.contains(": error: "),
        "the build's own problems were dropped:\n{}",
        result.stderr
    );
    assert_eq!(site.read("public/precious.txt"), "keep me");
}

#[test]
fn every_problem_of_each_yaml_block_is_reported_at_its_key_or_value() {
    insta::assert_snapshot!(failing_build("yaml-problems"));
}

#[test]
fn every_output_clash_is_found_by_check_at_its_source() {
    let site = SiteTest::fixture("basic");
    for (path, text) in [
        ("static/sitemap.xml", "mine"),
        ("static/index.html", "mine"),
        ("static/_headers", "mine"),
        ("static/sw.js", "mine"),
        ("static/manifest.webmanifest", "mine"),
        ("static/guide", "a file where a section's folder goes"),
        ("static/old/index.html", "mine"),
    ] {
        site.write(path, text);
    }
    let about = site.read("content/about.md");
    site.write(
        "content/about.md",
        about.replacen("---\n", "---\naliases: [old/, 404.html/]\n", 1),
    );
    let check = site.run(&["check"]);
    assert!(!check.success, "check must fail:\n{}", check.stderr);
    for expected in [
        "static/sitemap.xml:1:1: error: the static file `static/sitemap.xml` would be published as `sitemap.xml`, and so would the build's own sitemap.xml",
        "static/index.html:1:1: error: the static file `static/index.html` would be published as `index.html`, and so would the page content/_index.md",
        "static/_headers:1:1: error: the static file `static/_headers` would be published as `_headers`",
        "static/sw.js:1:1: error: the static file `static/sw.js` would be published as `sw.js`, and so would the build's own service worker",
        "static/manifest.webmanifest:1:1: error: the static file `static/manifest.webmanifest` would be published as `manifest.webmanifest`, and so would the build's own web app manifest",
        "static/guide:1:1: error: the static file `static/guide` would be published as the file `guide`, but the page content/guide/_index.md needs a folder there",
        "static/old/index.html:1:1: error: the static file `static/old/index.html` would be published as `old/index.html`, and so would an alias of content/about.md",
        "content/about.md:2:11: error: an alias of content/about.md would be published as `old/index.html`",
        "content/about.md:2:17: error: the build's own 404 page would be published as the file `404.html`, but an alias of content/about.md needs a folder there",
    ] {
        assert!(
            check.stderr.contains(expected),
            "missing `{expected}` in:\n{}",
            check.stderr
        );
    }
    // The build reports exactly the same, and writes nothing.
    let build = site.run(&["build"]);
    assert!(!build.success);
    assert_eq!(
        build
            .stderr
            .lines()
            .filter(|l| l.contains(": error: "))
            .collect::<Vec<_>>(),
        check
            .stderr
            .lines()
            .filter(|l| l.contains(": error: "))
            .collect::<Vec<_>>()
    );
    assert!(!site.exists("public"));
}

#[test]
fn a_broken_site_yaml_does_not_hide_the_pages_problems() {
    let site = SiteTest::fixture("basic");
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}colour: red\n"));
    site.write(
        "content/broken.md",
        "---\ntitel: typo\n---\nSee [nothing](missing.md).\n",
    );
    let stderr = failing(&site);
    assert!(stderr.contains("site.yaml:"), "{stderr}");
    assert!(stderr.contains("unknown key `colour`"), "{stderr}");
    assert!(
        stderr.contains("content/broken.md:2:1: error: unknown key `titel`"),
        "{stderr}"
    );
}

#[test]
fn deadlines_that_disagree_across_pages() {
    let site = SiteTest::fixture("deadlines");
    // Another page declares the same deadline id, the reader's date with another label, and
    // the choice with other options; a composer names a deadline that does not exist and has a
    // text field named like a reader's date.
    site.write(
        "content/other.md",
        "---\ntitle: Other\n---\n```deadlines\nid: again\ntitle: Again\ndates:\n  - name: paid_on\n    label: When you paid\nchoices:\n  - name: card_country\n    label: Where was your card issued?\n    options: [The US, Elsewhere]\ndeadlines:\n  - id: card-fcba\n    title: Twice\n    from: paid_on\n    after: 1 day\n    source: https://example.org/\n```\n\n```composer\nid: other-letter\ntitle: Letter\nfields:\n  - name: statement_on\n    label: Statement\n    kind: text\nsubject: S\nbody: \"By {{deadline no-such-deadline}}.\"\n```\n",
    );
    let stderr = failing(&site);
    for expected in [
        "content/other.md:8:11: error: the date `paid_on` is labelled “When you paid” here and “Date you paid” in content/card.md",
        "content/other.md:11:11: error: the choice `card_country` has other options in content/card.md",
        "content/other.md:15:9: error: two deadlines have the id `card-fcba` (the other is in content/card.md)",
        "content/other.md:22:1: error: the composer field `statement_on` is a text field, but `statement_on` is a reader's date",
        "content/other.md:30:11: error: `{{deadline no-such-deadline}}` refers to no deadline; the site's deadlines are: card-chargeback, card-fcba, reply-wait",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
}
