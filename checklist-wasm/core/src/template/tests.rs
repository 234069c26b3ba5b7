//! Tests of the template language: parsing, rendering, and never panicking.

use super::*;
use crate::date::Date;
use proptest::prelude::*;

fn field(name: &str, kind: FieldKind, value: &str) -> FieldValue {
    FieldValue {
        name: name.into(),
        label: name.replace('_', " "),
        kind: Some(kind),
        value: value.into(),
        currency: if kind == FieldKind::Amount {
            "GBP".into()
        } else {
            String::new()
        },
    }
}

fn inputs(values: &[(&str, FieldKind, &str)]) -> Inputs {
    Inputs {
        deadlines: Vec::new(),
        fields: values.iter().map(|(n, k, v)| field(n, *k, v)).collect(),
        lists: vec![ListValue {
            reference: "steps/evidence#keep".into(),
            items: vec![
                "Receipt".into(),
                "Order number".into(),
                "Screenshots".into(),
            ],
            ticked: vec![true, false, true],
        }],
        today: Date::parse("2026-11-28"),
        blank: false,
    }
}

const LETTER: &str = "Order {{order}}.\n{{#paid_on}}\nI paid {{amount}} on {{paid_on}}.\n{{/paid_on}}\n{{^paid_on}}\nI do not know when I paid.\n{{/paid_on}}\n{{#ticked steps/evidence#keep}}\nI can send:\n{{ticked steps/evidence#keep}}\n{{/ticked}}\nPlease reply by {{today + 14 days}} ({{paid_on + 30 days}}).";

#[test]
fn renders_values_sections_lists_and_dates() {
    let template = Template::parse(LETTER).expect("valid");
    let filled = inputs(&[
        ("order", FieldKind::Text, "123"),
        ("paid_on", FieldKind::Date, "2026-11-01"),
        ("amount", FieldKind::Amount, "9.99"),
    ]);
    assert_eq!(
        template.render(&filled),
        "Order 123.\nI paid 9.99 GBP on 1 November 2026.\nI can send:\n- Receipt\n- Screenshots\nPlease reply by 12 December 2026 (1 December 2026)."
    );
    let empty = inputs(&[
        ("order", FieldKind::Text, " "),
        ("paid_on", FieldKind::Date, ""),
        ("amount", FieldKind::Amount, ""),
    ]);
    let mut nothing_ticked = empty.clone();
    nothing_ticked.lists[0].ticked = vec![false; 3];
    assert_eq!(
        template.render(&nothing_ticked),
        "Order [order].\nI do not know when I paid.\nPlease reply by 12 December 2026 ([paid on + 30 days])."
    );
}

#[test]
fn blank_mode_shows_every_optional_part_with_blanks() {
    let template = Template::parse(LETTER).expect("valid");
    let mut blank = inputs(&[
        ("order", FieldKind::Text, "123"),
        ("paid_on", FieldKind::Date, "2026-11-01"),
        ("amount", FieldKind::Amount, "9"),
    ]);
    blank.blank = true;
    assert_eq!(
        template.render(&blank),
        "Order [order].\nI paid [amount] on [paid on].\nI can send:\n- Receipt\n- Order number\n- Screenshots\nPlease reply by [today's date + 14 days] ([paid on + 30 days])."
    );
}

#[test]
fn reader_input_is_inserted_as_is() {
    let template = Template::parse("Hi {{name}}").expect("valid");
    let rendered = template.render(&inputs(&[(
        "name",
        FieldKind::Text,
        "<script>alert(1)</script> {{order}}",
    )]));
    assert_eq!(rendered, "Hi <script>alert(1)</script> {{order}}");
}

#[test]
fn errors_point_at_the_tag() {
    let cases = [
        ("Hi {{name", 3, "this `{{` is never closed with `}}`"),
        ("{{#a}}x", 0, "this section is never closed: add `{{/a}}`"),
        (
            "{{#a}}x{{/b}}",
            7,
            "`{{/b}}` does not match the open section `a`: close it with `{{/a}}`",
        ),
        (
            "x {{/a}}",
            2,
            "`{{/a}}` closes a section that was never opened",
        ),
        ("{{ }}", 0, "empty `{{}}`: put a field name inside"),
        ("{{a + x days}}", 0, "`x` is not a number of days"),
        (
            "{{a plus 2}}",
            0,
            "`{{a plus 2}}` is not a field: write `{{name}}`, or `{{name + 14 days}}` for a date",
        ),
        (
            "{{ticked evidence}}",
            0,
            "`evidence` is not a checklist: write `page/key#checklist-id`, or `#checklist-id` on the same page",
        ),
        (
            "{{#ticked #x}}{{/x}}",
            14,
            "`{{/x}}` does not match the open section `ticked`: close it with `{{/ticked}}`",
        ),
    ];
    for (source, offset, message) in cases {
        let error = Template::parse(source).expect_err(source);
        assert_eq!(
            (error.offset, error.message().as_str()),
            (offset, message),
            "{source}"
        );
    }
}

#[test]
fn references_are_listed() {
    let template = Template::parse(LETTER).expect("valid");
    let names: Vec<String> = template
        .references()
        .into_iter()
        .map(|(name, ..)| name)
        .collect();
    assert_eq!(
        names,
        [
            "order",
            "paid_on",
            "amount",
            "paid_on",
            "paid_on",
            "steps/evidence#keep",
            "steps/evidence#keep",
            "today",
            "paid_on"
        ]
    );
}

proptest! {
    #[test]
    fn any_template_and_input_never_panics(
        source in "([a-z #^/+{}\\n]|\\{\\{|\\}\\}|today|ticked|days|[0-9]){0,60}",
        value in "\\PC{0,20}",
    ) {
        if let Ok(template) = Template::parse(&source) {
            let _ = template.render(&inputs(&[("a", FieldKind::Date, &value), ("b", FieldKind::Amount, &value)]));
        }
    }

    #[test]
    fn arbitrary_text_never_panics(source in "[\\s\\S]{0,200}") {
        if let Ok(template) = Template::parse(&source) {
            let mut blank = inputs(&[]);
            let _ = template.render(&blank);
            blank.blank = true;
            let _ = template.render(&blank);
        }
    }
}

#[test]
fn sections_nest_at_most_the_documented_depth() {
    let nested = |depth: usize| {
        let mut text = String::new();
        for _ in 0..depth {
            text.push_str("{{#a}}");
        }
        text.push('x');
        for _ in 0..depth {
            text.push_str("{{/a}}");
        }
        text
    };
    assert!(Template::parse(&nested(super::MAX_SECTION_DEPTH)).is_ok());
    let error = Template::parse(&nested(super::MAX_SECTION_DEPTH + 1)).expect_err("too deep");
    assert_eq!(error.kind, TemplateErrorKind::TooDeep);
    assert_eq!(error.offset, 6 * super::MAX_SECTION_DEPTH);
    // Far deeper input is refused just as quickly, without exhausting the stack.
    let error = Template::parse(&nested(100_000)).expect_err("too deep");
    assert_eq!(error.kind, TemplateErrorKind::TooDeep);
}

#[test]
fn deadlines_show_their_date_or_their_rule() {
    let template = Template::parse("Write by {{deadline card-fcba}}.").expect("parses");
    assert_eq!(
        template.deadline_references(),
        vec![("card-fcba".to_owned(), 9)]
    );
    assert!(template.references().is_empty());
    let mut inputs = inputs(&[]);
    inputs.deadlines.push(super::DeadlineValue {
        id: "card-fcba".into(),
        date: crate::date::Date::parse("2027-03-14"),
        rule: "60 days after the date of your statement".into(),
    });
    assert_eq!(template.render(&inputs), "Write by 14 March 2027.");
    inputs.deadlines[0].date = None;
    assert_eq!(
        template.render(&inputs),
        "Write by [60 days after the date of your statement]."
    );
    inputs.deadlines.clear();
    assert_eq!(template.render(&inputs), "Write by [card-fcba].");
    let error = Template::parse("{{deadline not an id}}").expect_err("bad id");
    assert_eq!(
        error.kind,
        TemplateErrorKind::BadDeadline("not an id".to_owned())
    );
}
