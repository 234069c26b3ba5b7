use std::collections::BTreeMap;

use super::*;
use crate::build::{build_index, page_doc, record};
use crate::meta::Kind;

fn pages() -> Vec<PageMeta> {
    vec![
        PageMeta {
            url: "/g/".into(),
            title: "Get your money back".into(),
            records: vec![record(
                Kind::Section,
                "",
                "",
                "Start here. Ask for a refund.",
            )],
        },
        PageMeta {
            url: "/g/evidence/".into(),
            title: "Gather evidence".into(),
            records: vec![
                record(Kind::Section, "", "", "Keep everything you can."),
                record(
                    Kind::Section,
                    "what-to-keep",
                    "What to keep",
                    "Screenshots and messages.",
                ),
                record(
                    Kind::Item,
                    "task-receipt",
                    "What to keep",
                    "Payment receipt or bank statement",
                ),
                record(
                    Kind::Item,
                    "task-apple",
                    "What to keep",
                    "Receipt email from Apple",
                ),
            ],
        },
        PageMeta {
            url: "/g/chargeback/".into(),
            title: "Ask your bank for a chargeback".into(),
            records: vec![
                record(
                    Kind::Section,
                    "",
                    "",
                    "A chargeback reverses a card payment.",
                ),
                record(
                    Kind::Section,
                    "how-long",
                    "How long it takes",
                    "Banks take up to 120 days to decide.",
                ),
            ],
        },
    ]
}

/// An engine with every file a query needs loaded, as the browser would do it.
fn engine() -> (Engine, BTreeMap<String, Vec<u8>>, Vec<String>) {
    let tokeniser = Tokeniser::new(Language::English);
    let docs: Vec<_> = pages().iter().map(|p| page_doc(&tokeniser, p)).collect();
    let terms: Vec<_> = docs.iter().map(|d| &d.terms).collect();
    let index = build_index(Language::English, &terms);
    let engine = Engine::new(&index.root).expect("root");
    let metas = docs.into_iter().map(|d| d.meta).collect();
    (engine, index.shards.into_iter().collect(), metas)
}

fn run(
    engine: &mut Engine,
    files: &BTreeMap<String, Vec<u8>>,
    metas: &[String],
    query: &str,
) -> Vec<String> {
    for _ in 0..4 {
        let needed = engine.needed(query);
        if needed.is_empty() {
            break;
        }
        for name in needed {
            assert!(engine.add(&name, &files[&name]), "{name}");
        }
    }
    assert!(
        engine.needed(query).is_empty(),
        "still needs files after 4 rounds"
    );
    let pages = engine.search(query);
    pages
        .into_iter()
        .map(|page| {
            assert_eq!(
                engine.meta_name(page).map(|n| n.starts_with("m.")),
                Some(true)
            );
            assert!(engine.add_meta(page, metas[page as usize].as_bytes()));
            engine.result(page).expect("result")
        })
        .collect()
}

fn first_url(results: &[String]) -> &str {
    results
        .first()
        .map(|r| r.split(FIELD).next().unwrap_or(""))
        .unwrap_or("")
}

#[test]
fn words_find_their_pages_and_land_on_the_best_part() {
    let (mut e, files, metas) = engine();
    assert_eq!(
        first_url(&run(&mut e, &files, &metas, "chargeback")),
        "/g/chargeback/"
    );
    assert_eq!(
        first_url(&run(&mut e, &files, &metas, "receipt ")),
        "/g/evidence/#task-receipt"
    );
    assert_eq!(
        first_url(&run(&mut e, &files, &metas, "apple receipt")),
        "/g/evidence/#task-apple"
    );
    assert_eq!(
        first_url(&run(&mut e, &files, &metas, "how long")),
        "/g/chargeback/#how-long"
    );
}

#[test]
fn prefixes_and_typos_match() {
    let (mut e, files, metas) = engine();
    assert_eq!(
        first_url(&run(&mut e, &files, &metas, "charg")),
        "/g/chargeback/"
    );
    assert_eq!(
        first_url(&run(&mut e, &files, &metas, "recipt ")),
        "/g/evidence/#task-receipt"
    );
    assert_eq!(
        first_url(&run(&mut e, &files, &metas, "evidnce ")),
        "/g/evidence/"
    );
    // Four letters: no typo allowed.
    assert!(run(&mut e, &files, &metas, "bonk ").is_empty());
}

#[test]
fn excerpts_mark_the_matched_words() {
    let (mut e, files, metas) = engine();
    let results = run(&mut e, &files, &metas, "bank statement");
    let fields: Vec<&str> = results[0].split(FIELD).collect();
    assert_eq!(fields[1], "Gather evidence");
    assert_eq!(
        fields[3],
        format!("Payment receipt or {MARK}bank{MARK} {MARK}statement{MARK}")
    );
}

#[test]
fn bad_input_gives_an_answer_and_never_panics() {
    let (mut e, files, metas) = engine();
    for query in [
        "",
        "   ",
        "?!*+()[]{}^$|\\.",
        "שלום עולם",
        "🙂🙂",
        "退款申请",
        "a",
    ] {
        let _ = run(&mut e, &files, &metas, query);
    }
    let long = "refund ".repeat(1500);
    assert!(!run(&mut e, &files, &metas, &long).is_empty());
    assert!(run(&mut e, &files, &metas, "").is_empty());
}

#[test]
fn unknown_files_and_damaged_bytes_are_refused() {
    let (mut e, files, _) = engine();
    assert!(!e.add("t.00000000", b""));
    let name = files
        .keys()
        .find(|n| n.starts_with("t."))
        .expect("a term shard");
    assert!(!e.add(name, b"\xff\xff"));
    assert!(!e.add_meta(0, b"\xff"));
    assert!(Engine::new(b"garbage").is_none());
}

#[test]
fn one_typo_is_one_edit() {
    assert!(one_typo("receipt", "recipt"));
    assert!(one_typo("receipt", "reciept"));
    assert!(one_typo("receipt", "receipts"));
    assert!(one_typo("receipt", "rexeipt"));
    assert!(!one_typo("receipt", "receipt"));
    assert!(!one_typo("receipt", "rcpt"));
}
