//! A corpus written for another docs toolchain builds as it is with `compatibility:` settings:
//! unknown front-matter keys kept and listed once per key, site-absolute links to the other site
//! pointed there, link problems as warnings with a suggestion.

use crate::support::SiteTest;

/// Pages shaped like a large public reference corpus: its own front-matter keys, links to
/// site-absolute paths of its host, letter-case and slug-rule slips in links.
fn foreign_corpus(site: &SiteTest, pages: usize) {
    site.write("content/_index.md", "---\ntitle: Reference\nms.date: 01/02/2024\n---\nStart at [the first cmdlet](cmdlets/Get-Item0.md).\n");
    site.write(
        "content/cmdlets/_index.md",
        "---\ntitle: Cmdlets\naliases: [old-cmdlets/]\n---\nAll cmdlets. The [old address](/old-cmdlets/) stays here.\n",
    );
    for n in 0..pages {
        site.write(
            &format!("content/cmdlets/get-item{n}.md"),
            format!(
                "---\ntitle: Get-Item{n}\nexternal help file: Microsoft.PowerShell.dll-Help.xml\nLocale: en-US\nms.date: 06/09/2017\nauthor: someone\n---\n## Syntax_Overview\n\nSee [about](/powershell/module/about/about_Items) and [the next](get-item{next}.md#Syntax_Overview).\n",
                next = (n + 1) % pages
            ),
        );
    }
}

#[test]
fn a_foreign_corpus_fails_with_every_problem_by_default() {
    let site = SiteTest::empty("foreign-strict");
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/docs/\n",
    );
    foreign_corpus(&site, 3);
    let result = site.run(&["check"]);
    assert!(!result.success);
    // Every unknown key of every file, not only the first.
    for key in ["external help file", "Locale", "ms.date", "author"] {
        assert_eq!(
            result
                .stderr
                .matches(&format!("unknown key `{key}`"))
                .count(),
            if key == "ms.date" { 4 } else { 3 },
            "{key}:\n{}",
            result.stderr
        );
    }
    // The folder whose pages were all rejected is not called empty.
    assert!(!result.stderr.contains("empty folder"), "{}", result.stderr);
}

#[test]
fn compatibility_settings_build_it_as_it_is() {
    let site = SiteTest::empty("foreign");
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/docs/\ncompatibility:\n  keep_unknown_front_matter: true\n  external_links_base: https://learn.example.org/\n  link_problems: warning\n",
    );
    foreign_corpus(&site, 50);
    let result = site.build(&[]);
    // One line per kept key, with how many pages use it.
    assert!(
        result.stderr.contains("warning: `Locale` is not a front-matter key of Stepwise's: kept for themes as `page.extra[\"Locale\"]` (on 50 pages)"),
        "{}",
        result.stderr
    );
    assert!(result.stderr.contains("`ms.date` is not a front-matter key of Stepwise's: kept for themes as `page.extra[\"ms.date\"]` (on 51 pages)"));
    assert_eq!(
        result.stderr.matches("is not a front-matter key").count(),
        4
    );
    // Letter case and another slug rule: warnings with what was meant.
    assert!(
        result.stderr.contains("content/_index.md:5:10: warning: `cmdlets/Get-Item0.md` links to a page that does not exist (content/cmdlets/Get-Item0.md); did you mean content/cmdlets/get-item0.md (the letter case differs)?"),
        "{}",
        result.stderr
    );
    assert!(
        result.stderr.contains("warning: `#Syntax_Overview` is not a heading or item id on content/cmdlets/get-item1.md; did you mean `#syntax-overview`?"),
        "{}",
        result.stderr
    );
    // Links to the other site's paths go there; links to this site's (an alias here) stay here.
    let section = site.read("public/cmdlets/index.html");
    assert!(section.contains("href=\"/docs/old-cmdlets/\""), "{section}");
    let page = site.read("public/cmdlets/get-item0/index.html");
    assert!(
        page.contains("href=\"https://learn.example.org/powershell/module/about/about_Items\""),
        "{page}"
    );
}
