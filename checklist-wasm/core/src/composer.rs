//! Rules for the message composer shared by build and browser: checking what the reader typed,
//! and turning the message into a `mailto:` link or a file name.

#[allow(unused_imports, reason = "not every module uses every item")]
use crate::prelude::*;

use crate::date::Date;
use crate::percent;

/// The longest `mailto:` link offered; longer messages are copied instead, because mail apps
/// and browsers cut long links off (around 2,000 characters in common ones).
pub const MAILTO_MAX: usize = 1_900;

/// What is wrong with a field's value, in GOV.UK's error-message style, or `None` if it is
/// fine. `label` is the field's label, lowercased into the sentence; `error`, when not empty,
/// is the author's own message for a required field left empty (labels that are questions
/// need one: see [`label_is_question`]). A date's value is a [`crate::date_entry`] value.
///
/// ```
/// use stepwise_core::composer::{problem, FieldKind};
/// assert_eq!(problem(FieldKind::Choice, "How you paid", "", true, "").as_deref(), Some("Select how you paid"));
/// assert_eq!(
///     problem(FieldKind::Choice, "What is this about?", "", true, "Select what your message is about").as_deref(),
///     Some("Select what your message is about"),
/// );
/// assert_eq!(problem(FieldKind::Date, "Date you paid", "31/2/2027", false, "").as_deref(), Some("Date you paid must be a real date"));
/// ```
pub fn problem(
    kind: FieldKind,
    label: &str,
    value: &str,
    required: bool,
    error: &str,
) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        if !required {
            return None;
        }
        if !error.trim().is_empty() {
            return Some(error.trim().to_owned());
        }
        let label = lowercase_first(label);
        return Some(match kind {
            FieldKind::Choice => crate::text::cat(&["Select ", &label]),
            _ => crate::text::cat(&["Enter ", &label]),
        });
    }
    match kind {
        FieldKind::Email if !is_email(value) => {
            Some("Enter an email address in the correct format, like name@example.com".to_owned())
        }
        FieldKind::Date => crate::date_entry::date(value)
            .err()
            .map(|problem| problem.message(&capitalised(label))),
        FieldKind::Amount if !is_amount(value) => Some(crate::text::cat(&[
            capitalised(label).as_str(),
            " must be an amount in numbers, like 12.50",
        ])),
        _ => None,
    }
}

/// Whether a label is a question (`What is this about?`). A question cannot be turned into an
/// error message (`Select what is this about?`), so a required field labelled with one needs
/// its own `error`, and the kinds whose messages name the field (`date`, `amount`) need a label
/// that is not a question.
pub fn label_is_question(label: &str) -> bool {
    label.trim_end().ends_with('?')
}

/// Words that start a label written as an instruction (`Tell us what happened`): such a label
/// cannot be turned into an error message either (`Enter tell us what happened`).
pub const INSTRUCTION_WORDS: [&str; 14] = [
    "Add", "Choose", "Describe", "Enter", "Explain", "Give", "List", "Pick", "Say", "Select",
    "Tell", "Tick", "Type", "Write",
];

/// Whether a label is an instruction: it starts with one of [`INSTRUCTION_WORDS`].
pub fn label_is_instruction(label: &str) -> bool {
    let first = label.trim_start().split(' ').next().unwrap_or_default();
    INSTRUCTION_WORDS
        .iter()
        .any(|word| word.eq_ignore_ascii_case(first))
}

/// A plausible e-mail address: something@domain.tld, no spaces.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !text.contains(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

/// `12`, `12.5`, `12.50`, `1,234.50`, `12,50`.
pub fn is_amount(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    digits > 0
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// `mailto:` link with the subject and body (RFC 6068: every line break as `%0D%0A`), or `None`
/// if it would be longer than [`MAILTO_MAX`].
///
/// ```
/// let href = stepwise_core::composer::mailto("help@bank.example", "Dispute", "Line one\nLine two").unwrap();
/// assert_eq!(href, "mailto:help@bank.example?subject=Dispute&body=Line%20one%0D%0ALine%20two");
/// ```
pub fn mailto(recipient: &str, subject: &str, body: &str) -> Option<String> {
    // Every line break becomes CRLF, whether the text had LF or CRLF.
    let mut crlf = String::with_capacity(body.len() + 16);
    for ch in body.chars() {
        match ch {
            '\r' => {}
            '\n' => crlf.push_str("\r\n"),
            other => crlf.push(other),
        }
    }
    let recipient: String = recipient
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '?' | '&' | '#'))
        .collect();
    let href = crate::text::cat(&[
        "mailto:",
        &recipient,
        "?subject=",
        &percent::encode(subject),
        "&body=",
        &percent::encode(&crlf),
    ]);
    (href.len() <= MAILTO_MAX).then_some(href)
}

/// A file name for a downloaded message: `refund-request-2026-11-28.txt`.
pub fn file_name(composer_id: &str, today: Option<Date>) -> String {
    match today {
        Some(date) => crate::text::cat(&[composer_id, "-", &date.iso(), ".txt"]),
        None => crate::text::cat(&[composer_id, ".txt"]),
    }
}

/// `your name` for `Your name`, but `IBAN` stays `IBAN`. ASCII only: the browser module would
/// otherwise carry the whole Unicode case-mapping table for one letter.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.clone().next()) {
        (Some(first), second) if !second.is_some_and(|c| c.is_ascii_uppercase()) => {
            let mut out = String::with_capacity(text.len());
            out.push(first.to_ascii_lowercase());
            out.push_str(chars.as_str());
            out
        }
        _ => text.to_owned(),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        let mut out = String::with_capacity(text.len());
        out.push(first.to_ascii_uppercase());
        out.push_str(chars.as_str());
        out
    })
}

/// The kinds of field a composer can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines of text.
    LongText,
    /// A date (`YYYY-MM-DD`).
    Date,
    /// A sum of money with its currency.
    Amount,
    /// An e-mail address.
    Email,
    /// One of a list of options.
    Choice,
}

impl FieldKind {
    /// Every kind, with the name authors write.
    pub const ALL: [(&'static str, FieldKind); 6] = [
        ("text", FieldKind::Text),
        ("long-text", FieldKind::LongText),
        ("date", FieldKind::Date),
        ("amount", FieldKind::Amount),
        ("email", FieldKind::Email),
        ("choice", FieldKind::Choice),
    ];

    /// The kind an author named.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, kind)| *kind)
    }

    /// The name authors write.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("text", |(n, _)| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn problems_read_like_gov_uk_messages() {
        assert_eq!(
            problem(FieldKind::Text, "Your name", "", true, "").as_deref(),
            Some("Enter your name")
        );
        assert_eq!(problem(FieldKind::Text, "Your name", "", false, ""), None);
        assert_eq!(
            problem(FieldKind::Choice, "How you paid", " ", true, "").as_deref(),
            Some("Select how you paid")
        );
        assert_eq!(
            problem(
                FieldKind::Choice,
                "What is this about?",
                "",
                true,
                " Select what your message is about "
            )
            .as_deref(),
            Some("Select what your message is about")
        );
        assert_eq!(
            problem(
                FieldKind::Choice,
                "What is this about?",
                "Ads",
                true,
                "Select one"
            ),
            None
        );
        assert_eq!(
            problem(FieldKind::Email, "Email", "a@b", false, "").as_deref(),
            Some("Enter an email address in the correct format, like name@example.com")
        );
        assert_eq!(
            problem(FieldKind::Date, "Date you paid", "31/2/2027", true, "").as_deref(),
            Some("Date you paid must be a real date")
        );
        assert_eq!(
            problem(FieldKind::Date, "date you paid", "2026-02-30", true, "").as_deref(),
            Some("Date you paid must be a real date")
        );
        assert_eq!(
            problem(FieldKind::Date, "Date you paid", "/3/2027", false, "").as_deref(),
            Some("Date you paid must include a day")
        );
        assert_eq!(
            problem(FieldKind::Date, "Date you paid", "1/3/27", false, "").as_deref(),
            Some("Date you paid must include a year with 4 numbers, like 2026")
        );
        assert_eq!(
            problem(FieldKind::Date, "Date you paid", "2027-03-01", true, ""),
            None
        );
        assert_eq!(
            problem(FieldKind::Date, "Date you paid", "", true, "").as_deref(),
            Some("Enter date you paid")
        );
        assert_eq!(
            problem(FieldKind::Amount, "Amount", "ten", true, "").as_deref(),
            Some("Amount must be an amount in numbers, like 12.50")
        );
        assert_eq!(
            problem(FieldKind::Amount, "Amount", "1,234.50", true, ""),
            None
        );
        assert_eq!(
            problem(FieldKind::Text, "IBAN", "", true, "").as_deref(),
            Some("Enter IBAN")
        );
        assert!(label_is_question("What is this about? "));
        assert!(!label_is_question("What went wrong"));
        assert!(label_is_instruction("Tell TikTok what happened"));
        assert!(label_is_instruction("describe it"));
        assert!(!label_is_instruction("Telling signs"));
        assert!(!label_is_instruction("What you are asking for"));
    }

    #[test]
    fn long_messages_get_no_mailto_link() {
        assert!(mailto("a@b.example", "S", &"x".repeat(2_000)).is_none());
        let href = mailto("a@b.example", "Ä & ?", "100%").expect("short");
        assert_eq!(
            href,
            "mailto:a@b.example?subject=%C3%84%20%26%20%3F&body=100%25"
        );
    }

    proptest! {
        #[test]
        fn mailto_decodes_back_to_the_message(subject in "\\PC{0,40}", body in "[\\s\\S]{0,200}") {
            if let Some(href) = mailto("a@b.example", &subject, &body) {
                let query = href.split_once('?').map(|(_, q)| q).unwrap_or_default();
                let (s, b) = query.split_once("&body=").unwrap_or_default();
                prop_assert_eq!(percent::decode(s.trim_start_matches("subject=")), Some(subject));
                let expected = body.replace('\r', "").replace('\n', "\r\n");
                prop_assert_eq!(percent::decode(b), Some(expected));
            }
        }

        #[test]
        fn checking_anything_never_panics(value in "\\PC{0,30}", label in "\\PC{0,10}") {
            for (_, kind) in FieldKind::ALL {
                let _ = problem(kind, &label, &value, true, "");
            }
        }
    }
}
