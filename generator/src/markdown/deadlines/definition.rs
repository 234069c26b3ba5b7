//! A deadlines block's YAML, checked: its keys, dates, choices and rules. Every problem is
//! reported at the key or value it concerns.

use stepwise_core::deadline::{Condition, Period};
use stepwise_core::ids;

use super::{DeadlineDef, DeadlinesInfo, ReaderChoice, ReaderDate};
use crate::diagnostics::Diagnostic;
use crate::markdown::{PageContext, Rendered};
use crate::yaml;

/// The keys a deadlines block may hold.
const KEYS: &[&str] = &["id", "title", "intro", "dates", "choices", "deadlines"];
/// The keys of a date.
const DATE_KEYS: &[&str] = &["name", "label", "help"];
/// The keys of a choice.
const CHOICE_KEYS: &[&str] = &["name", "label", "options"];
/// The keys of a deadline.
const DEADLINE_KEYS: &[&str] = &[
    "id",
    "title",
    "from",
    "after",
    "when",
    "note",
    "source",
    "source_title",
];

/// Parses and validates one block. `yaml_line` is the file line of the YAML's first line.
pub(super) fn parse(
    text: &str,
    yaml_line: usize,
    block_at: (usize, usize),
    ctx: &PageContext<'_>,
    rendered: &mut Rendered,
) -> Option<DeadlinesInfo> {
    let path = ctx.path();
    let root = match yaml::parse(text, yaml_line) {
        Ok(root) => root,
        Err(problem) => {
            rendered.diagnostics.push(Diagnostic::error(
                path,
                problem.at,
                format!("deadlines: {}", problem.message),
            ));
            return None;
        }
    };
    let problems = yaml::Problems::new();
    let mut errors = Vec::new();
    let info = check(&root, &problems, &mut errors, block_at);
    let ok = problems.is_empty() && errors.is_empty();
    let shape = problems
        .into_vec()
        .into_iter()
        .map(|problem| (problem.at, format!("deadlines: {}", problem.message)));
    let mut all: Vec<_> = shape.chain(errors).collect();
    all.sort_by_key(|(at, _)| *at);
    for (position, message) in all {
        rendered
            .diagnostics
            .push(Diagnostic::error(path, position, message));
    }
    info.filter(|_| ok)
}

fn check(
    root: &yaml::Node,
    problems: &yaml::Problems,
    errors: &mut Vec<(yaml::Position, String)>,
    block_at: yaml::Position,
) -> Option<DeadlinesInfo> {
    let map = root.mapping("a deadlines block", KEYS, problems)?;
    let id = map.required_text("id", block_at, "");
    let title = map.required_text("title", block_at, "");
    let intro = map.text("intro").map(|t| t.value.trim().to_owned());
    for key in ["dates", "deadlines"] {
        if map.get(key).is_none() {
            map.report(block_at, format!("missing required key `{key}`"));
        }
    }
    if let Some(id) = id
        && !ids::is_valid_id(id.value)
    {
        errors.push((
            id.at,
            format!(
                "deadlines id `{}` may only hold letters, digits, `-` and `_`",
                id.value
            ),
        ));
    }

    let dates = reader_dates(&map, problems, errors);
    let choices = reader_choices(&map, problems, errors);
    let deadlines = rules(&map, problems, errors, &dates, &choices);

    Some(DeadlinesInfo {
        id: id?.value.to_owned(),
        title: title?.value.trim().to_owned(),
        intro,
        dates,
        choices,
        deadlines,
        at: block_at,
    })
}

/// A name for a date or a choice: a field name (composers' date fields share it).
fn check_name(
    name: &yaml::Text<'_>,
    what: &str,
    taken: &[&str],
    errors: &mut Vec<(yaml::Position, String)>,
) {
    if !ids::is_field_name(name.value) {
        errors.push((
            name.at,
            format!(
                "{what} name `{}` may only hold letters, digits, `_` and `-`",
                name.value
            ),
        ));
    } else if name.value == stepwise_core::template::TODAY {
        errors.push((
            name.at,
            "`today` is built in: give the date another name".to_owned(),
        ));
    } else if taken.contains(&name.value) {
        errors.push((
            name.at,
            format!("two {what}s of this block are named `{}`", name.value),
        ));
    }
}

fn reader_dates(
    map: &yaml::Mapping<'_>,
    problems: &yaml::Problems,
    errors: &mut Vec<(yaml::Position, String)>,
) -> Vec<ReaderDate> {
    let mut dates: Vec<ReaderDate> = Vec::new();
    let nodes = map
        .list("dates", "dates, each with a `name` and a `label`")
        .unwrap_or_default();
    for node in nodes {
        let Some(date) = node.mapping("a date", DATE_KEYS, problems) else {
            continue;
        };
        let needed = |key: &str| date.required_text(key, node.at(), " in this date");
        let (name, label) = (needed("name"), needed("label"));
        let help = date.text("help").map(|t| t.value.trim().to_owned());
        let (Some(name), Some(label)) = (name, label) else {
            continue;
        };
        let taken: Vec<&str> = dates.iter().map(|d| d.name.as_str()).collect();
        check_name(&name, "date", &taken, errors);
        if taken.contains(&name.value) {
            continue;
        }
        dates.push(ReaderDate {
            name: name.value.to_owned(),
            label: label.value.trim().to_owned(),
            help,
            at: name.at,
        });
    }
    dates
}

fn reader_choices(
    map: &yaml::Mapping<'_>,
    problems: &yaml::Problems,
    errors: &mut Vec<(yaml::Position, String)>,
) -> Vec<ReaderChoice> {
    let mut choices: Vec<ReaderChoice> = Vec::new();
    let nodes = map
        .list(
            "choices",
            "choices, each with a `name`, a `label` and `options`",
        )
        .unwrap_or_default();
    for node in nodes {
        let Some(choice) = node.mapping("a choice", CHOICE_KEYS, problems) else {
            continue;
        };
        let needed = |key: &str| choice.required_text(key, node.at(), " in this choice");
        let (name, label) = (needed("name"), needed("label"));
        let options = choice.text_list("options");
        if choice.get("options").is_none() {
            choice.report(node.at(), "missing required key `options` in this choice");
        }
        let (Some(name), Some(label), Some(options)) = (name, label, options) else {
            continue;
        };
        if options.len() < 2 {
            errors.push((
                name.at,
                format!("the choice `{}` needs at least two options", name.value),
            ));
        }
        let mut seen: Vec<&str> = Vec::new();
        for option in &options {
            let value = option.value.trim();
            if value.is_empty() || seen.contains(&value) {
                errors.push((
                    option.at,
                    format!(
                        "the options of `{}` must be different and not empty",
                        name.value
                    ),
                ));
            }
            seen.push(value);
        }
        let taken: Vec<&str> = choices.iter().map(|c| c.name.as_str()).collect();
        check_name(&name, "choice", &taken, errors);
        if taken.contains(&name.value) {
            continue;
        }
        choices.push(ReaderChoice {
            name: name.value.to_owned(),
            label: label.value.trim().to_owned(),
            options: options.iter().map(|o| o.value.trim().to_owned()).collect(),
            at: name.at,
        });
    }
    choices
}

fn rules(
    map: &yaml::Mapping<'_>,
    problems: &yaml::Problems,
    errors: &mut Vec<(yaml::Position, String)>,
    dates: &[ReaderDate],
    choices: &[ReaderChoice],
) -> Vec<DeadlineDef> {
    for date in dates {
        if choices.iter().any(|choice| choice.name == date.name) {
            errors.push((
                date.at,
                format!("a date and a choice are both named `{}`", date.name),
            ));
        }
    }
    let mut deadlines: Vec<DeadlineDef> = Vec::new();
    let mut seen_ids: Vec<String> = Vec::new();
    let nodes = map
        .list(
            "deadlines",
            "deadlines, each with an `id`, a `title`, `from`, `after` and a `source`",
        )
        .unwrap_or_default();
    for node in nodes {
        let Some(rule) = node.mapping("a deadline", DEADLINE_KEYS, problems) else {
            continue;
        };
        let needed = |key: &str| rule.required_text(key, node.at(), " in this deadline");
        let (id, title, from, after, source) = (
            needed("id"),
            needed("title"),
            needed("from"),
            needed("after"),
            needed("source"),
        );
        let when = rule.text("when");
        let note = rule.text("note").map(|t| t.value.trim().to_owned());
        let source_title = rule.text("source_title").map(|t| t.value.trim().to_owned());

        if let Some(id) = id {
            if !ids::is_valid_id(id.value) {
                errors.push((
                    id.at,
                    format!(
                        "deadline id `{}` may only hold letters, digits, `-` and `_`",
                        id.value
                    ),
                ));
            } else if seen_ids.iter().any(|seen| seen == id.value) {
                errors.push((id.at, format!("two deadlines have the id `{}`", id.value)));
            }
            seen_ids.push(id.value.to_owned());
        }
        if let Some(from) = from
            && !dates.iter().any(|d| d.name == from.value)
        {
            let names: Vec<&str> = dates.iter().map(|d| d.name.as_str()).collect();
            errors.push((
                from.at,
                format!(
                    "`from: {}` is not a date of this block; its dates are: {}",
                    from.value,
                    names.join(", ")
                ),
            ));
        }
        let period = after.and_then(|after| match Period::parse(after.value) {
            Ok(period) => Some(period),
            Err(problem) => {
                errors.push((after.at, problem.message().to_owned()));
                None
            }
        });
        let condition = when.and_then(|when| {
            let Some(condition) = Condition::parse(when.value) else {
                errors.push((
                    when.at,
                    "`when` takes a choice and one of its options: `when: card_country = The US`"
                        .to_owned(),
                ));
                return None;
            };
            match choices.iter().find(|c| c.name == condition.choice) {
                None => {
                    let names: Vec<&str> = choices.iter().map(|c| c.name.as_str()).collect();
                    errors.push((
                        when.at,
                        format!(
                            "`when: {} = …` names no choice of this block; its choices are: {}",
                            condition.choice,
                            if names.is_empty() {
                                "none (add `choices:`)".to_owned()
                            } else {
                                names.join(", ")
                            }
                        ),
                    ));
                    None
                }
                Some(choice) if !choice.options.contains(&condition.equals) => {
                    errors.push((
                        when.at,
                        format!(
                            "`{}` has no option `{}`; its options are: {}",
                            choice.name,
                            condition.equals,
                            choice.options.join(", ")
                        ),
                    ));
                    None
                }
                Some(_) => Some(condition),
            }
        });
        if let Some(source) = source
            && !is_web_address(source.value)
        {
            errors.push((
                source.at,
                "`source` must be an `https://` or `http://` address".to_owned(),
            ));
        }
        let (Some(id), Some(title), Some(from), Some(after), Some(source)) =
            (id, title, from, period, source)
        else {
            continue;
        };
        deadlines.push(DeadlineDef {
            id: id.value.to_owned(),
            title: title.value.trim().to_owned(),
            from: from.value.to_owned(),
            after,
            when: condition,
            note,
            source: source.value.trim().to_owned(),
            source_title,
            at: id.at,
        });
    }
    deadlines
}

/// An absolute `http(s)` address with a host and no spaces.
pub(super) fn is_web_address(text: &str) -> bool {
    let text = text.trim();
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        !host.is_empty() && host.contains('.') && !text.contains(char::is_whitespace)
    })
}
