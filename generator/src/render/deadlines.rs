//! Deadlines across the site: the rules every page's deadlines blocks declare, checked
//! together (a deadline id is unique in the guide; a date or choice name means one thing
//! everywhere, because readers enter it once for the whole guide), and indexed for composers'
//! `{{deadline id}}`.

use std::collections::BTreeMap;

use stepwise_core::composer::FieldKind;
use stepwise_core::deadline::rule_text;
use stepwise_core::dom;

use crate::diagnostics::Diagnostic;
use crate::escape::html as esc;
use crate::markdown::Rendered;
use crate::markdown::deadlines::{DeadlineDef, DeadlinesInfo, rule_attributes};
use crate::model::{PageId, SiteModel};

/// A deadline with the label of the date it counts from.
#[derive(Debug, Clone, Copy)]
pub struct IndexedDeadline<'a> {
    /// The rule.
    pub deadline: &'a DeadlineDef,
    /// The label of its `from` date.
    pub from_label: &'a str,
}

/// Every deadline of the site by id (the map it derefs to), and the names of the dates readers
/// enter for them, which composers' date fields of the same name share.
#[derive(Debug, Default)]
pub struct DeadlineIndex<'a> {
    rules: BTreeMap<&'a str, IndexedDeadline<'a>>,
    /// The names of every reader's date declared by a deadlines block.
    pub reader_dates: std::collections::BTreeSet<&'a str>,
}

impl<'a> std::ops::Deref for DeadlineIndex<'a> {
    type Target = BTreeMap<&'a str, IndexedDeadline<'a>>;

    fn deref(&self) -> &Self::Target {
        &self.rules
    }
}

/// Indexes every page's deadlines (the first of a clashing id wins; the clash is an error).
pub fn index(rendered: &[Rendered]) -> DeadlineIndex<'_> {
    let mut index = DeadlineIndex::default();
    for block in rendered.iter().flat_map(|page| &page.deadlines) {
        index
            .reader_dates
            .extend(block.dates.iter().map(|date| date.name.as_str()));
        for deadline in &block.deadlines {
            index
                .rules
                .entry(deadline.id.as_str())
                .or_insert(IndexedDeadline {
                    deadline,
                    from_label: from_label(block, deadline),
                });
        }
    }
    index
}

fn from_label<'a>(block: &'a DeadlinesInfo, deadline: &'a DeadlineDef) -> &'a str {
    block
        .dates
        .iter()
        .find(|date| date.name == deadline.from)
        .map_or(deadline.from.as_str(), |date| date.label.as_str())
}

/// Reports deadline ids used twice, a date or choice name declared with different labels or
/// options, composer fields named like a reader's date that are not dates, and composers'
/// `{{deadline id}}` naming no deadline. Needs every page rendered.
pub fn check(model: &SiteModel, rendered: &[Rendered]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
    let mut dates: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    let mut choices: BTreeMap<&str, (&[String], &str)> = BTreeMap::new();
    for (index, page) in rendered.iter().enumerate() {
        let source = model.page(PageId(index)).source_path.as_str();
        for block in &page.deadlines {
            for deadline in &block.deadlines {
                if let Some(first) = ids.insert(&deadline.id, source) {
                    problems.push(Diagnostic::error(
                        source,
                        deadline.at,
                        format!(
                            "two deadlines have the id `{}` (the other is in {first}); give each its own",
                            deadline.id
                        ),
                    ));
                }
            }
            for date in &block.dates {
                match dates.get(date.name.as_str()) {
                    Some((label, first)) if *label != date.label => {
                        problems.push(Diagnostic::error(
                            source,
                            date.at,
                            format!(
                                "the date `{}` is labelled “{}” here and “{label}” in {first}: readers enter a date once for the whole guide, so give it one label (or another name)",
                                date.name, date.label
                            ),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        dates.insert(&date.name, (&date.label, source));
                    }
                }
            }
            for choice in &block.choices {
                match choices.get(choice.name.as_str()) {
                    Some((options, first)) if *options != choice.options.as_slice() => {
                        problems.push(Diagnostic::error(
                            source,
                            choice.at,
                            format!(
                                "the choice `{}` has other options in {first}: readers answer it once for the whole guide, so give it the same options (or another name)",
                                choice.name
                            ),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        choices.insert(&choice.name, (&choice.options, source));
                    }
                }
            }
        }
    }
    let deadlines = index(rendered);
    for (index, page) in rendered.iter().enumerate() {
        let source = model.page(PageId(index)).source_path.as_str();
        for composer in &page.composers {
            for field in &composer.fields {
                if dates.contains_key(field.name.as_str()) && field.kind != FieldKind::Date {
                    problems.push(Diagnostic::error(
                        source,
                        composer.at,
                        format!(
                            "the composer field `{}` is a {} field, but `{}` is a reader's date of the guide's deadlines (their values are shared): make it a date field or rename it",
                            field.name,
                            field.kind.name(),
                            field.name
                        ),
                    ));
                }
            }
            for (id, at) in &composer.deadlines {
                if !deadlines.contains_key(id.as_str()) {
                    let known: Vec<&str> = deadlines.keys().copied().collect();
                    problems.push(Diagnostic::error(
                        source,
                        *at,
                        format!(
                            "`{{{{deadline {id}}}}}` refers to no deadline; the site's deadlines are: {}",
                            if known.is_empty() {
                                "none (define them in a ```deadlines block)".to_owned()
                            } else {
                                known.join(", ")
                            }
                        ),
                    ));
                }
            }
        }
    }
    problems
}

/// The hidden list of the rules a composer's templates show, for the browser module to compute
/// (the same attributes as a deadlines block's own list).
pub fn composer_rules(ids: &[(String, (usize, usize))], index: &DeadlineIndex<'_>) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = String::new();
    for (id, _) in ids {
        let Some(found) = index.get(id.as_str()) else {
            continue;
        };
        if seen.contains(&id.as_str()) {
            continue;
        }
        seen.push(id);
        if out.is_empty() {
            out.push_str(&format!("<ul hidden {}>", dom::ATTR_COMPOSER_DEADLINES));
        }
        out.push_str(&format!(
            "<li {}>{}</li>",
            rule_attributes(found.deadline),
            esc(&rule_text(&found.deadline.after, found.from_label))
        ));
    }
    if !out.is_empty() {
        out.push_str("</ul>\n");
    }
    out
}
