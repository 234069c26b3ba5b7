//! The real guide in `content/` is the largest fixture: it must build in strict mode, and it
//! must not say what its sources do not support.

use std::path::Path;

use regex::Regex;

use crate::support::{SiteTest, workspace};

#[test]
fn the_guide_builds_strictly() {
    let site = SiteTest { root: workspace() };
    let result = site.run(&["check", "--strict"]);
    assert!(result.success, "the guide has problems:\n{}", result.stderr);
}

/// Every Markdown file of the guide: `(path, text)`.
pub(crate) fn guide_pages() -> Vec<(String, String)> {
    let mut pages = Vec::new();
    collect(&workspace().join("content"), &mut pages);
    assert!(pages.len() > 10, "the guide has only {} pages", pages.len());
    pages
}

fn collect(dir: &Path, pages: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir)
        .expect("content folder")
        .map(|e| e.expect("entry"))
    {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, pages);
        } else if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).expect("read page");
            pages.push((path.display().to_string(), text));
        }
    }
}

/// The page's text without the section that lists other websites' unconfirmed claims in
/// order to say they are unconfirmed.
pub(crate) fn claims_made(text: &str) -> String {
    let Some(start) = text.find("## Claims we could not confirm") else {
        return text.to_owned();
    };
    let rest = &text[start + 3..];
    let end = rest.find("\n## ").map_or(text.len(), |i| start + 3 + i);
    format!("{}{}", &text[..start], &text[end..])
}

#[test]
fn no_email_address_is_presented_as_a_contact() {
    // There is no official TikTok support e-mail address: the guide and its composers must
    // never print one (or any other address a reader might write to as if it were TikTok's).
    let email = Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+").expect("regex");
    for (path, text) in guide_pages() {
        let found: Vec<&str> = email.find_iter(&text).map(|m| m.as_str()).collect();
        assert!(
            found.is_empty(),
            "{path} contains e-mail addresses: {found:?}"
        );
        assert!(
            !text.contains("mailto:"),
            "{path} links to an e-mail address"
        );
        assert!(
            !text.contains("\nrecipient:"),
            "{path} gives a composer a recipient"
        );
    }
    let all: String = guide_pages().into_iter().map(|(_, text)| text).collect();
    assert!(
        all.contains("no official TikTok support email address"),
        "the guide must say there is none"
    );
}

#[test]
fn no_address_is_written_out_in_disguise() {
    // An address spelt out to dodge the check above ("refunds at tiktok dot com") or a bare
    // TikTok mail domain would still read as a contact.
    let disguised = Regex::new(
        r"(?i)\b[a-z0-9._-]+\s*(\(at\)|\[at\]|\sat\s)\s*(tiktok|bytedance)\s*(\.|\(dot\)|\[dot\]|\sdot\s)|@\s*(tiktok|bytedance)\b",
    )
    .expect("regex");
    for (path, text) in guide_pages() {
        if let Some(found) = disguised.find(&text) {
            panic!("{path} spells out an address: “{}”", found.as_str());
        }
    }
}

#[test]
fn no_unconfirmed_claim_is_stated() {
    // The fact sheet's list of claims common guides make but sources do not support.
    let unconfirmed = [
        (
            r"entitled to a refund",
            "a right to a refund for disapproved promotions",
        ),
        (
            r"(?i)ads (&|and) promotion|advertising/promotion issues",
            "unconfirmed in-app report categories",
        ),
        (r"(?i)no further charges", "cancelling stops all charges"),
        (
            r"(?i)only (for|available (to|for)) (creator|business)",
            "Promote only for creator or business accounts",
        ),
        (
            r"(?i)only (promote )?videos with original sound",
            "original sound only",
        ),
        (
            r"(?i)\$3 (to|-) (US)?\$1,000|rp ?15[.,]000",
            "Promote budget ranges",
        ),
        (
            r"(?i)per click|per 1,000 impressions|\bCPM\b",
            "Promote billed by bidding",
        ),
        (
            r"(?i)apple[^.]{0,80}\b90 days|\b90 days[^.]{0,80}apple",
            "Apple's 90-day window",
        ),
        (
            r"(?i)only (possible )?within (2|two) hours",
            "Google Play refunds only within 2 hours",
        ),
        (
            r"(?i)coins?[^.]{0,60}48[- ]hour",
            "a 48-hour Coin refund window",
        ),
        (
            r"(?i)(dispute|invoice)[^.]{0,60}(seven|7) days of receipt",
            "7 days to dispute TikTok invoices",
        ),
        (
            r"(?i)(credits?|refunds?) for invalid traffic",
            "refunds for invalid traffic",
        ),
        (
            r"(?i)FTC (will|can) (get|recover)",
            "the FTC recovers money",
        ),
        (
            r"(?i)promote (was )?launched in 2021",
            "Promote's launch date",
        ),
        // From the second fact sheet's list.
        (
            r"(?i)coins? (are|is|get|come) (returned|refunded|put back|back) automatically|automatically (returns?|refunds?) (your )?coins",
            "Coins returned automatically after a rejected promotion",
        ),
        (
            r"(?i)refunded? minus (a )?fees?",
            "Promote refunds minus fees",
        ),
        (
            r"(?i)never leads? to (any|a) penalt",
            "a refund request never leads to a penalty",
        ),
        (
            r"(?i)(business|company) (credit )?cards? cannot be charged back",
            "business cards cannot be charged back",
        ),
        (
            r"(?i)section 75 never (applies|covers)",
            "section 75 never covers business purchases",
        ),
        (
            r"(?i)(FCBA|Fair Credit Billing Act) (protects|covers) (any|every|all) credit cards?",
            "the FCBA covers every credit card",
        ),
        (
            r"(?i)chargeback (will|does) (get|disable)|chargeback (bans|disables)",
            "chargebacks get accounts banned or disabled",
        ),
        (
            r"(?i)(pay|paid) (for promote )?(by|with) (paypal|stripe) in (its|tiktok's) settings",
            "PayPal or Stripe in TikTok's settings",
        ),
        (r"(?i)\b75 days\b", "a 75-day chargeback timeline"),
        (
            r"(?i)visa[^.]{0,80}\b30 days\b",
            "a 30-day Visa wait (that is Mastercard's rule)",
        ),
        (r"043-88[09]-5400", "a conflicting Korean helpline number"),
        (r"(?i)250[.,]000 TL", "Turkey's limit (186,000 TL)"),
        (r"(?i)RM ?25[.,]000", "Malaysia's old tribunal limit"),
        (r"(?i)€ ?2[.,]000", "the old European small-claims limit"),
        (
            r"(?i)northern ireland[^.]{0,80}£3[.,]000",
            "Northern Ireland's old small-claims limit",
        ),
        (
            r"(?i)california[^.]{0,60}\$10[.,]000",
            "California's old small-claims limit",
        ),
        (
            r"(?i)consumidor\.gov\.br[^.]{0,80}\b14 days",
            "14 days on consumidor.gov.br (it is 10)",
        ),
    ];
    for (path, text) in guide_pages() {
        let claims = claims_made(&text);
        for (pattern, what) in unconfirmed {
            let regex = Regex::new(pattern).expect("regex");
            if let Some(found) = regex.find(&claims) {
                panic!(
                    "{path} states an unconfirmed claim ({what}): “{}”",
                    found.as_str()
                );
            }
        }
    }
}

#[test]
fn every_page_says_when_it_was_last_checked() {
    for (path, text) in guide_pages() {
        assert!(
            text.contains("\nupdated: "),
            "{path} has no `updated:` (last checked) date"
        );
    }
}

/// The currencies of the markets where TikTok's 2022 Promote guide says Promote was sold
/// (ID, TH, JP, AU, KR, US, CA, GB, DE, FR, IT, ES, PL, SA, AE, EG, TR, VN, MY, BR).
const PROMOTE_MARKET_CURRENCIES: [&str; 17] = [
    "AED", "AUD", "BRL", "CAD", "EGP", "EUR", "GBP", "IDR", "JPY", "KRW", "MYR", "PLN", "SAR",
    "THB", "TRY", "USD", "VND",
];

#[test]
fn every_amount_offers_every_promote_market_currency_and_presets_none() {
    let mut amounts = 0;
    for (path, text) in guide_pages() {
        for block in text.split("```composer\n").skip(1) {
            let block = block.split("\n```").next().unwrap_or_default();
            for field in block.split("\n  - name: ").skip(1) {
                let field = field.split("\nsubject:").next().unwrap_or_default();
                if !field.contains("\n    kind: amount") {
                    continue;
                }
                amounts += 1;
                let name = field.lines().next().unwrap_or_default();
                assert!(
                    !field.contains("\n    currency:"),
                    "{path}: the amount `{name}` preselects a currency; let the reader choose"
                );
                let offered = field
                    .lines()
                    .find_map(|line| line.strip_prefix("    currencies: "))
                    .unwrap_or_else(|| panic!("{path}: the amount `{name}` lists no currencies"));
                for code in PROMOTE_MARKET_CURRENCIES {
                    assert!(
                        offered.contains(code),
                        "{path}: the amount `{name}` does not offer {code}"
                    );
                }
            }
        }
    }
    assert!(amounts >= 4, "only {amounts} amount fields found");
}
