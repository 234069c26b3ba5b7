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
fn guide_pages() -> Vec<(String, String)> {
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
fn claims_made(text: &str) -> String {
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
            r"(?i)\$3 (to|-) \$1,000|rp ?15[.,]000",
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
