//! The messages the guide's real composers draft, read from the built pages as the browser
//! reads them (templates, fields and ticked-item lists from the markup), rendered by the shared
//! template engine with most optional fields empty: they must read as a person would write
//! them. The no-JavaScript fallback printed in each page must too.

use regex::Regex;
use stepwise_core::composer::FieldKind;
use stepwise_core::template::{FieldValue, Inputs, ListValue, Template};

use crate::support::{SiteTest, copy_dir, workspace};

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// What breaks the layout rules: two blank lines in a row, a blank line at either end, a
/// `- ` list line followed directly by a paragraph line.
fn layout_problems(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut problems = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let blank = line.trim().is_empty();
        if blank && (index == 0 || index + 1 == lines.len()) {
            problems.push(format!("line {} is blank at an end", index + 1));
        }
        if blank && index > 0 && lines[index - 1].trim().is_empty() {
            problems.push(format!("lines {} and {} are both blank", index, index + 1));
        }
        if index > 0 && lines[index - 1].starts_with("- ") && !blank && !line.starts_with("- ") {
            problems.push(format!("the list runs into line {}", index + 1));
        }
    }
    problems
}

/// A composer as its markup gives it to the browser.
struct Composer {
    id: String,
    subject: Template,
    body: Template,
    /// `(name, kind, label, required)`.
    fields: Vec<(String, FieldKind, String, bool)>,
    lists: Vec<ListValue>,
    fallback: String,
}

fn composers(html: &str) -> Vec<Composer> {
    let block = Regex::new(r#"(?s)<div class="composer"[^>]*? data-composer="([^"]+)" data-subject-template="([^"]*)" data-body-template="([^"]*)".*?<pre class="preview-body">(.*?)</pre>(.*?)<p class="composer-status""#).expect("regex");
    let field = Regex::new(r#"<(?:input|textarea|fieldset)[^>]* data-field="([^"]+)" data-kind="([^"]+)" data-label="([^"]+)"([^>]*)>"#).expect("regex");
    let list =
        Regex::new(r#"(?s)<ul hidden data-ticked-source="([^"]+)">(.*?)</ul>"#).expect("regex");
    let item = Regex::new(r"<li [^>]*>([^<]*)</li>").expect("regex");
    block
        .captures_iter(html)
        .map(|c| {
            let rest = &c[5];
            Composer {
                id: c[1].to_owned(),
                subject: Template::parse(&unescape(&c[2])).expect("subject"),
                body: Template::parse(&unescape(&c[3])).expect("body"),
                fallback: unescape(&c[4]),
                fields: field
                    .captures_iter(rest)
                    .map(|f| {
                        (
                            f[1].to_owned(),
                            FieldKind::parse(&f[2]).expect("kind"),
                            unescape(&f[3]),
                            f[4].contains("data-required=\"true\""),
                        )
                    })
                    .collect(),
                lists: list
                    .captures_iter(rest)
                    .map(|l| ListValue {
                        reference: unescape(&l[1]),
                        items: item.captures_iter(&l[2]).map(|i| unescape(&i[1])).collect(),
                        ticked: Vec::new(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A value a reader might type for a field of this kind.
fn sample(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Date => "2026-11-02",
        FieldKind::Amount => "12.50",
        FieldKind::Email => "reader@example.net",
        FieldKind::LongText => "It never ran.\n\nI was charged.",
        FieldKind::Choice => "The first option",
        FieldKind::Text => "x",
    }
}

#[test]
fn the_guides_composers_draft_messages_without_blank_line_runs() {
    let site = SiteTest::empty("guide-composers");
    for part in ["content", "themes"] {
        copy_dir(&workspace().join(part), &site.root.join(part));
    }
    site.write(
        "site.yaml",
        std::fs::read(workspace().join("site.yaml")).expect("site.yaml"),
    );
    site.build(&[]);
    let mut seen = Vec::new();
    for page in site.files("public") {
        if !page.ends_with(".html") {
            continue;
        }
        let html = site.read(&format!("public/{page}"));
        for composer in composers(&html) {
            assert!(
                composer.fields.len() >= 3 && composer.fields.iter().any(|f| !f.3),
                "{page}: composer {} read wrongly: {} fields",
                composer.id,
                composer.fields.len()
            );
            let problems = layout_problems(&composer.fallback);
            assert!(
                problems.is_empty(),
                "{page}: the fallback of {}: {problems:?}\n{}",
                composer.id,
                composer.fallback
            );
            // Only the required fields filled in, then every field; nothing ticked, then all.
            for (all_fields, ticked) in [(false, false), (false, true), (true, false), (true, true)]
            {
                let inputs = Inputs {
                    fields: composer
                        .fields
                        .iter()
                        .map(|(name, kind, label, required)| FieldValue {
                            name: name.clone(),
                            label: label.clone(),
                            kind: Some(*kind),
                            value: if *required || all_fields {
                                sample(*kind).to_owned()
                            } else {
                                String::new()
                            },
                            currency: "GBP".to_owned(),
                        })
                        .collect(),
                    lists: composer
                        .lists
                        .iter()
                        .map(|list| ListValue {
                            ticked: vec![ticked; list.items.len()],
                            ..list.clone()
                        })
                        .collect(),
                    today: stepwise_core::date::Date::parse("2026-12-02"),
                    blank: false,
                    ..Inputs::default()
                };
                let body = composer.body.render(&inputs);
                let problems = layout_problems(&body);
                assert!(
                    problems.is_empty(),
                    "{page}: {} (all fields {all_fields}, ticked {ticked}): {problems:?}\n{body}",
                    composer.id
                );
                assert!(
                    !composer.subject.render(&inputs).contains('\n'),
                    "{page}: the subject of {} has a line break",
                    composer.id
                );
                if ticked && let Some(list) = composer.lists.first() {
                    assert!(
                        body.contains(&format!("- {}", list.items[0])),
                        "{page}: {} lists no ticked item:\n{body}",
                        composer.id
                    );
                }
            }
            seen.push(composer.id);
        }
    }
    seen.sort();
    assert!(seen.len() >= 3, "the guide's composers: {seen:?}");
}
