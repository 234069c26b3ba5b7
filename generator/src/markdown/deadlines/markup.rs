//! The markup of a deadlines block: every rule as a sentence (what readers without JavaScript
//! read), and the date entry, computed dates and calendar buttons that the browser module
//! shows (hidden until it starts). Reader input is only ever set as text by the module.

use stepwise_core::deadline::rule_text;
use stepwise_core::{dom, ids};

use super::{DeadlineDef, DeadlinesInfo, ReaderChoice, ReaderDate};
use crate::escape::html as esc;

/// The block's HTML.
/// `site` is the guide's storage namespace and `url` the page's address, for calendar events.
pub(super) fn html(info: &DeadlinesInfo, site: &str, url: &str) -> String {
    let block = &info.id;
    let title_id = format!("deadlines-{block}");
    let mut out = format!(
        "<section class=\"deadlines\" {attr}=\"{id}\" aria-labelledby=\"{title_id}\">\n\
         <h3 class=\"deadlines-title\" id=\"{title_id}\">{title}</h3>\n",
        attr = dom::ATTR_DEADLINES,
        id = esc(block),
        title_id = esc(&title_id),
        title = esc(&info.title),
    );
    if let Some(intro) = &info.intro {
        out.push_str(&format!(
            "<p class=\"deadlines-intro\">{}</p>\n",
            esc(intro)
        ));
    }
    out.push_str(&format!(
        "<div class=\"deadlines-form\" {} hidden>\n\
         <p class=\"deadlines-privacy\">What you enter stays in this browser. Every page of this guide uses it.</p>\n",
        dom::ATTR_DEADLINES_APP
    ));
    for choice in &info.choices {
        choice_html(&mut out, block, choice);
    }
    for date in &info.dates {
        date_html(&mut out, block, date);
    }
    out.push_str(&format!(
        "<p class=\"deadlines-summary\" {} aria-live=\"polite\"></p>\n</div>\n",
        dom::ATTR_DEADLINES_SUMMARY
    ));
    out.push_str("<ul class=\"deadline-list\">\n");
    for deadline in &info.deadlines {
        deadline_html(&mut out, info, deadline, site, url);
    }
    out.push_str("</ul>\n");
    if info.deadlines.len() > 1 {
        out.push_str(&format!(
            "<p class=\"deadlines-all\" {app} hidden><button type=\"button\" class=\"button button-secondary\" {action}=\"{all}\">Add all these deadlines to your calendar</button></p>\n",
            app = dom::ATTR_DEADLINES_APP,
            action = dom::ATTR_ACTION,
            all = dom::ACTION_CALENDAR_ALL,
        ));
    }
    out.push_str("</section>\n");
    out
}

fn choice_html(out: &mut String, block: &str, choice: &ReaderChoice) {
    out.push_str(&format!(
        "<fieldset class=\"reader-choice\" {attr}=\"{name}\">\n<legend>{label}</legend>\n<div class=\"radios\">\n",
        attr = dom::ATTR_READER_CHOICE,
        name = esc(&choice.name),
        label = esc(&choice.label),
    ));
    for (index, option) in choice.options.iter().enumerate() {
        let input_id = ids::reader_input_id(block, &choice.name, &index.to_string());
        out.push_str(&format!(
            "<div class=\"radio\"><input type=\"radio\" id=\"{id}\" name=\"{group}\" value=\"{value}\"><label for=\"{id}\">{value}</label></div>\n",
            id = esc(&input_id),
            group = esc(&ids::reader_input_id(block, &choice.name, "choice")),
            value = esc(option),
        ));
    }
    out.push_str("</div>\n</fieldset>\n");
}

fn date_html(out: &mut String, block: &str, date: &ReaderDate) {
    let group_id = ids::reader_input_id(block, &date.name, "date");
    let help_id = ids::field_help_id(&group_id);
    let error_id = ids::field_error_id(&group_id);
    out.push_str(&format!(
        "<fieldset class=\"reader-date\" id=\"{group}\" {attr}=\"{name}\" role=\"group\" aria-describedby=\"{help} {error}\">\n\
         <legend>{label}</legend>\n<p class=\"field-help\" id=\"{help}\">{text}For example, 27 3 2026</p>\n\
         <p class=\"field-error\" id=\"{error}\" hidden></p>\n<div class=\"date-input\">\n",
        attr = dom::ATTR_READER_DATE,
        group = esc(&group_id),
        name = esc(&date.name),
        help = esc(&help_id),
        label = esc(&date.label),
        text = date
            .help
            .as_ref()
            .map(|help| format!("{} ", esc(help)))
            .unwrap_or_default(),
        error = esc(&error_id),
    ));
    for (part, label, width) in [
        ("day", "Day", 2),
        ("month", "Month", 2),
        ("year", "Year", 4),
    ] {
        let input_id = ids::reader_input_id(block, &date.name, part);
        out.push_str(&format!(
            "<div class=\"date-part date-{part}\"><label for=\"{id}\">{label}</label><input id=\"{id}\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" spellcheck=\"false\" maxlength=\"{width}\" {attr}=\"{part}\"></div>\n",
            id = esc(&input_id),
            attr = dom::ATTR_DATE_PART,
        ));
    }
    out.push_str("</div>\n</fieldset>\n");
}

fn deadline_html(
    out: &mut String,
    info: &DeadlinesInfo,
    deadline: &DeadlineDef,
    site: &str,
    url: &str,
) {
    let from_label = info
        .dates
        .iter()
        .find(|date| date.name == deadline.from)
        .map_or(deadline.from.as_str(), |date| date.label.as_str());
    let rule = capitalised(&rule_text(&deadline.after, from_label));
    let description = match &deadline.note {
        Some(note) => format!("{rule}.\n{note}"),
        None => format!("{rule}."),
    };
    let event = stepwise_core::ics::event_template(&stepwise_core::ics::Event {
        uid: &format!("{site}.{}", deadline.id),
        summary: &deadline.title,
        description: &description,
        url,
    });
    let attributes = format!(
        "{} {}=\"{}\"",
        rule_attributes(deadline),
        dom::ATTR_DEADLINE_ICS,
        esc(&event)
    );
    let mut condition_text = String::new();
    if let Some(condition) = &deadline.when {
        let question = info
            .choices
            .iter()
            .find(|choice| choice.name == condition.choice)
            .map_or(condition.choice.as_str(), |choice| choice.label.as_str());
        condition_text = format!(
            "<p class=\"deadline-condition\">Only if you answered “{}” to “{}”</p>\n",
            esc(&condition.equals),
            esc(question)
        );
    }
    let source_text = deadline
        .source_title
        .clone()
        .unwrap_or_else(|| host(&deadline.source).to_owned());
    out.push_str(&format!(
        "<li class=\"deadline\" id=\"{element}\" {attributes}>\n\
         <p class=\"deadline-title\" {title_attr}><strong>{title}</strong></p>\n\
         <p class=\"deadline-rule\" {rule_attr}>{rule}</p>\n\
         <p class=\"deadline-status\" {status} hidden></p>\n{condition_text}",
        element = esc(&ids::deadline_element_id(&deadline.id)),
        title = esc(&deadline.title),
        rule = esc(&rule),
        status = dom::ATTR_DEADLINE_STATUS,
        title_attr = dom::ATTR_DEADLINE_TITLE,
        rule_attr = dom::ATTR_DEADLINE_RULE,
    ));
    if let Some(note) = &deadline.note {
        out.push_str(&format!("<p class=\"deadline-note\">{}</p>\n", esc(note)));
    }
    out.push_str(&format!(
        "<p class=\"deadline-source\">Source: <a href=\"{href}\">{text}</a></p>\n\
         <p class=\"deadline-calendar\" {app} hidden><button type=\"button\" class=\"button button-secondary\" {action}=\"{one}\" aria-label=\"Add to calendar: {title}\">Add to calendar</button></p>\n</li>\n",
        href = esc(&deadline.source),
        text = esc(&source_text),
        app = dom::ATTR_DEADLINES_APP,
        action = dom::ATTR_ACTION,
        one = dom::ACTION_CALENDAR_ONE,
        title = esc(&deadline.title),
    ));
}

/// The host of an `http(s)` address (`www.example.org`), without a leading `www.`.
fn host(address: &str) -> &str {
    let rest = address.split_once("://").map_or(address, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The attributes that carry a deadline's rule to the browser module (on a deadlines block's
/// items, and on the hidden copies composers carry).
pub(crate) fn rule_attributes(deadline: &DeadlineDef) -> String {
    let mut out = format!(
        "{}=\"{}\" {}=\"{}\" {}=\"{}\"",
        dom::ATTR_DEADLINE,
        esc(&deadline.id),
        dom::ATTR_DEADLINE_FROM,
        esc(&deadline.from),
        dom::ATTR_DEADLINE_AFTER,
        esc(&deadline.after.code()),
    );
    if let Some(condition) = &deadline.when {
        out.push_str(&format!(
            " {}=\"{}\" {}=\"{}\"",
            dom::ATTR_DEADLINE_WHEN,
            esc(&condition.choice),
            dom::ATTR_DEADLINE_EQUALS,
            esc(&condition.equals),
        ));
    }
    out
}
