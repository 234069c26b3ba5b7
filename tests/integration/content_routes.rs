//! The route finder: from the start page a reader picks what went wrong, then how they paid,
//! and reaches a page that can help, for every problem and every payment channel.

use std::path::Path;

use regex::Regex;

use crate::support::workspace;

/// The route finder page, under `content/`.
const FINDER: &str = "what-went-wrong.md";

/// Ways of paying for a Promote order in the app.
const PROMOTE_CHANNELS: [&str; 5] = [
    "Coins bought in the app on an iPhone or iPad",
    "A Google Play receipt",
    "A card, or Coins bought on TikTok's website",
    "PayPal, an e-wallet, a bank account or a gift card",
    "Your phone bill",
];

/// Ways of paying for TikTok Ads Manager.
const ADS_CHANNELS: [&str; 4] = [
    "Ads Manager Manual Payment",
    "Ads Manager Automatic Payment",
    "Ads Manager Monthly Invoicing",
    "An agency",
];

/// Which payment channels a problem can happen with.
#[derive(Clone, Copy)]
enum Channels {
    Promote,
    Ads,
    Both,
}

impl Channels {
    fn list(self) -> Vec<&'static str> {
        match self {
            Self::Promote => PROMOTE_CHANNELS.to_vec(),
            Self::Ads => ADS_CHANNELS.to_vec(),
            Self::Both => PROMOTE_CHANNELS
                .iter()
                .chain(&ADS_CHANNELS)
                .copied()
                .collect(),
        }
    }
}

/// Every problem type readers arrive with: the route finder's anchor, and its channels.
const PROBLEMS: [(&str, Channels); 8] = [
    ("rejected", Channels::Promote),
    ("stopped-early", Channels::Promote),
    ("under-delivered", Channels::Promote),
    ("coins-not-back", Channels::Promote),
    ("charged-twice", Channels::Both),
    ("not-allowed", Channels::Both),
    ("ads-balance", Channels::Ads),
    ("banned", Channels::Both),
];

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The text of the section whose heading carries `{#anchor}`, up to the next `## ` heading.
fn section<'a>(text: &'a str, anchor: &str) -> Option<&'a str> {
    let marker = format!("{{#{anchor}}}");
    let heading = text
        .lines()
        .find(|line| line.starts_with("## ") && line.contains(&marker))?;
    let start = text.find(heading)?;
    let rest = &text[start + heading.len()..];
    Some(rest.find("\n## ").map_or(rest, |end| &rest[..end]))
}

/// The page files a line's relative links lead to (anchors dropped), resolved from `from`.
fn link_targets(line: &str, from: &Path) -> Vec<std::path::PathBuf> {
    let link = Regex::new(r"\]\(([^)\s]+)\)").expect("regex");
    link.captures_iter(line)
        .map(|c| c[1].to_owned())
        .filter(|target| !target.starts_with("http") && !target.starts_with('#'))
        .map(|target| {
            let file = target.split('#').next().unwrap_or_default().to_owned();
            from.join(file)
        })
        .collect()
}

#[test]
fn the_start_page_leads_to_every_problem() {
    let content = workspace().join("content");
    let home = read(&content.join("_index.md"));
    let finder = read(&content.join(FINDER));
    for (anchor, _) in PROBLEMS {
        assert!(
            home.contains(&format!("]({FINDER}#{anchor})")),
            "the start page does not link to the route for `{anchor}`"
        );
        assert!(
            section(&finder, anchor).is_some(),
            "the route finder has no section for `{anchor}`"
        );
    }
}

#[test]
fn the_route_finder_reaches_a_page_for_every_problem_and_payment_channel() {
    let content = workspace().join("content");
    let finder = read(&content.join(FINDER));
    let mut reached_channels = Vec::new();
    for (anchor, channels) in PROBLEMS {
        let text = section(&finder, anchor)
            .unwrap_or_else(|| panic!("the route finder has no section `{{#{anchor}}}`"));
        assert!(
            text.contains("**What to ask"),
            "`{anchor}` does not say what to ask for"
        );
        assert!(
            text.contains("**If you dispute the payment:**"),
            "`{anchor}` does not say which dispute reason fits"
        );
        for channel in channels.list() {
            let entry = format!("- **{channel}:**");
            let line = text
                .lines()
                .find(|line| line.starts_with(&entry))
                .unwrap_or_else(|| panic!("`{anchor}` has no route for “{channel}”"));
            let targets = link_targets(line, &content);
            assert!(
                !targets.is_empty(),
                "`{anchor}`: “{channel}” links to no page of the guide"
            );
            for target in targets {
                assert!(
                    target.is_file(),
                    "`{anchor}`: “{channel}” links to {}, which does not exist",
                    target.display()
                );
            }
            reached_channels.push(channel);
        }
    }
    for channel in PROMOTE_CHANNELS.iter().chain(&ADS_CHANNELS) {
        assert!(
            reached_channels.contains(channel),
            "no problem leads anywhere for “{channel}”"
        );
    }
}

#[test]
fn a_missing_route_is_noticed() {
    // The helpers must find a section and its links, and miss what is not there.
    let page = "## A {#a}\n- **X:** [go](steps/x.md#y)\n## B {#b}\n- **Y:** no link\n";
    let a = section(page, "a").expect("section a");
    assert!(a.contains("**X:**") && !a.contains("**Y:**"));
    assert_eq!(
        link_targets(a, Path::new("c")),
        [Path::new("c").join("steps/x.md")]
    );
    assert!(section(page, "c").is_none());
    let b = section(page, "b").expect("section b");
    assert!(link_targets(b, Path::new("c")).is_empty());
}
