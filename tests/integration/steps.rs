//! The steps as the guide's spine: the pages of the start page's first section, numbered, with
//! "and"/"or" between joined steps, listed once as a step-by-step list on the start page and
//! the section's page, numbered in the sidebar, and "Step N of M" with links to the steps on
//! either side on each step page.

use crate::support::SiteTest;

fn built() -> SiteTest {
    let site = SiteTest::fixture("steps");
    site.build(&[]);
    site
}

/// The text between `start` and the next `end` after it, panicking if either is missing.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in:\n{html}"));
    let rest = &html[from..];
    &rest[..rest
        .find(end)
        .unwrap_or_else(|| panic!("no `{end}` after `{start}`"))]
}

/// The step-by-step list's steps: (number shown, `and`/`or`, title, link).
fn steps_listed(html: &str) -> Vec<(String, Option<String>, String, String)> {
    let list = between(html, "<ol class=\"step-nav-steps\">", "</ol>");
    list.split("\n    <li class=\"step")
        .skip(1)
        .map(|step| {
            let number = between(
                step,
                "<span class=\"step-number\" aria-hidden=\"true\">",
                "</span>",
            )["<span class=\"step-number\" aria-hidden=\"true\">".len()..]
                .to_owned();
            let logic = step.contains("<p class=\"step-logic\"").then(|| {
                between(
                    step,
                    "<p class=\"step-logic\" aria-hidden=\"true\">",
                    "</p>",
                )["<p class=\"step-logic\" aria-hidden=\"true\">".len()..]
                    .to_owned()
            });
            let main = between(step, "<li class=\"step-task-main\"><a href=\"", "</a>");
            let (url, title) = main["<li class=\"step-task-main\"><a href=\"".len()..]
                .split_once("\">")
                .expect("link");
            (number, logic, title.to_owned(), url.to_owned())
        })
        .collect()
}

fn expected() -> Vec<(String, Option<String>, String, String)> {
    [
        ("1", None, "Check what you have", "/steps/check/"),
        ("2", None, "Ask in the app", "/steps/app/"),
        ("2", Some("or"), "Ask on the website", "/steps/web/"),
        ("3", None, "Wait for an answer", "/steps/wait/"),
    ]
    .into_iter()
    .map(|(n, l, t, u)| {
        (
            n.to_owned(),
            l.map(str::to_owned),
            t.to_owned(),
            u.to_owned(),
        )
    })
    .collect()
}

#[test]
fn the_start_page_lists_the_numbered_steps_with_or_between_joined_ones() {
    let site = built();
    let home = site.read("public/index.html");
    assert_eq!(steps_listed(&home), expected());
    // Each step's tasks are its page's headings; its checklist items feed its progress mark.
    let first = between(&home, "<li class=\"step\"", "</details>");
    assert!(first.contains("data-progress-items=\""), "{first}");
    assert!(
        first.contains("<span class=\"step-progress\" data-nav-progress=\"long\"></span>"),
        "{first}"
    );
    assert!(
        first.contains("<a href=\"/steps/check/#receipt\">Find the receipt</a>"),
        "{first}"
    );
    assert!(
        first.contains("<a href=\"/steps/check/#date\">Note the date</a>"),
        "{first}"
    );
    assert!(first.contains("(2 things to tick)"), "{first}");
    // Steps are native disclosures; "Show all steps" is a control that needs no script.
    assert_eq!(home.matches("<details class=\"step-details\">").count(), 4);
    assert!(home.contains("<input type=\"checkbox\" id=\"step-nav-all\" class=\"step-nav-all\"><label for=\"step-nav-all\">Show all steps</label>"));
    // A joined step is announced with its number and its word.
    assert!(home.contains(
        "<span class=\"visually-hidden\">Step 2 (or the step before): </span>Ask on the website"
    ));
}

#[test]
fn the_steps_section_lists_its_steps_once() {
    let site = built();
    let section = site.read("public/steps/index.html");
    assert_eq!(steps_listed(&section), expected());
    let main = between(&section, "<main", "</main>");
    assert!(
        !main.contains("class=\"children\""),
        "the generated children list is shown as well:\n{main}"
    );
    for (_, _, _, url) in expected() {
        let links = main.matches(&format!("href=\"{url}\"")).count();
        // Once in the list, plus the pager's link to the first step.
        let pager = usize::from(url == "/steps/check/");
        assert_eq!(links, 1 + pager, "{url} is linked {links} times:\n{main}");
    }
    // The section's page is the overview: every step starts open, so it needs no "Show all".
    assert_eq!(
        main.matches("<details class=\"step-details\" open>")
            .count(),
        4
    );
    assert!(!main.contains("step-nav-all"));
    // A section that is not the steps keeps its plain list of pages.
    let other = site.read("public/more/index.html");
    assert!(other.contains("<ol class=\"children\" id=\"children\">"));
    assert!(!other.contains("step-nav"));
}

#[test]
fn step_pages_say_step_n_of_m_and_link_the_steps_either_side_by_name() {
    let site = built();
    let web = site.read("public/steps/web/index.html");
    assert!(web.contains("<p class=\"page-caption\">Step 2 of 3 <span class=\"page-caption-logic\">(or the step before)</span></p>"), "{web}");
    let pager = between(&web, "<nav class=\"pager\"", "</nav>");
    assert!(
        pager.contains("aria-label=\"Previous and next steps\""),
        "{pager}"
    );
    assert!(pager.contains("href=\"/steps/app/\" rel=\"prev\"><span class=\"pager-label\">Previous: step 2</span> <span class=\"pager-title\">Ask in the app</span>"), "{pager}");
    assert!(pager.contains("href=\"/steps/wait/\" rel=\"next\"><span class=\"pager-label\">Next: step 3</span> <span class=\"pager-title\">Wait for an answer</span>"), "{pager}");

    let first = site.read("public/steps/check/index.html");
    assert!(first.contains("<p class=\"page-caption\">Step 1 of 3</p>"));
    // The first step's previous page is the section; the last step's next is the next page.
    assert!(between(&first, "<nav class=\"pager\"", "</nav>").contains(
        "<span class=\"pager-label\">Previous</span> <span class=\"pager-title\">The steps</span>"
    ));
    let last = site.read("public/steps/wait/index.html");
    assert!(last.contains("<p class=\"page-caption\">Step 3 of 3</p>"));
    assert!(between(&last, "<nav class=\"pager\"", "</nav>").contains(
        "<span class=\"pager-label\">Next</span> <span class=\"pager-title\">Other routes</span>"
    ));
    // Pages that are not steps have no caption.
    assert!(
        !site
            .read("public/about/index.html")
            .contains("page-caption")
    );
}

#[test]
fn the_sidebar_numbers_the_steps() {
    let site = built();
    let page = site.read("public/steps/app/index.html");
    let nav = between(&page, "<nav class=\"sidebar sidebar-wide\"", "</nav>");
    assert!(
        nav.contains("<li class=\" nav-step\"><a href=\"/steps/check/\" data-progress-items=\""),
        "{nav}"
    );
    assert!(nav.contains("<span class=\"nav-step-number\" aria-hidden=\"true\">1</span><span class=\"visually-hidden\">Step 1: </span><span class=\"nav-title\">Check what you have</span>"), "{nav}");
    assert!(nav.contains("<li class=\" nav-step nav-step-joined\"><a href=\"/steps/web/\"><span class=\"nav-step-number\" aria-hidden=\"true\">or</span><span class=\"visually-hidden\">Step 2: </span>"), "{nav}");
    assert!(
        nav.contains("<a href=\"/steps/app/\" aria-current=\"page\">"),
        "{nav}"
    );
    assert!(
        !nav.contains("Step 1: </span><span class=\"nav-title\">About"),
        "{nav}"
    );
}

#[test]
fn bad_step_logic_is_an_error_at_its_value() {
    let site = SiteTest::fixture("errors/step-logic");
    let result = site.run(&["build"]);
    assert!(!result.success);
    assert!(!site.exists("public"));
    insta::assert_snapshot!(result.stderr);
}
