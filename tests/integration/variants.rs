//! Which variant of the browser module each page loads: the full one exactly on pages whose
//! built HTML holds a composer, the base one everywhere else, and never both.

use regex::Regex;

use crate::support::SiteTest;

/// `(page, has a composer, script)` of every built page, the last by the variant name in the
/// script's name (`stepwise-full.<hash>.js` → `full`).
fn variants_loaded(site: &SiteTest) -> Vec<(String, bool, String)> {
    let script =
        Regex::new(r#"<script type="module" src="[^"]*/stepwise-([a-z]+)\.[0-9a-f]+\.js""#)
            .expect("regex");
    let composer = format!("{}=\"", stepwise_core::dom::ATTR_COMPOSER);
    site.files("public")
        .iter()
        .filter(|path| path.ends_with(".html"))
        .map(|path| {
            let html = site.read(&format!("public/{path}"));
            let scripts: Vec<_> = script
                .captures_iter(&html)
                .map(|c| c[1].to_owned())
                .collect();
            assert_eq!(scripts.len(), 1, "{path} loads {scripts:?}");
            assert_eq!(
                html.matches("<script").count(),
                1,
                "{path}: one script a page"
            );
            (path.clone(), html.contains(&composer), scripts[0].clone())
        })
        .collect()
}

#[test]
fn pages_with_a_composer_load_the_full_module_and_others_the_base_one() {
    let site = SiteTest::fixture("composer");
    site.build(&[]);
    let pages = variants_loaded(&site);
    for (path, has_composer, script) in &pages {
        let expected = if *has_composer { "full" } else { "base" };
        assert_eq!(script, expected, "{path}: script");
    }
    let with: Vec<_> = pages.iter().filter(|p| p.1).map(|p| p.0.as_str()).collect();
    assert_eq!(with, ["bank/index.html", "note/index.html"]);
    assert!(pages.iter().any(|p| p.0 == "404.html" && p.2 == "base"));
}

#[test]
fn each_script_starts_its_own_variant() {
    let site = SiteTest::fixture("composer");
    site.build(&[]);
    let assets = site.files("public/assets");
    let wasm_address = Regex::new(r#""\./(checklist_[a-z]+_bg\.[0-9a-f]+\.wasm)""#).expect("regex");
    for variant in ["base", "full"] {
        let scripts: Vec<_> = assets
            .iter()
            .filter(|name| name.starts_with(&format!("stepwise-{variant}.")))
            .collect();
        assert_eq!(scripts.len(), 1, "{variant}: {assets:?}");
        let source = site.read(&format!("public/assets/{}", scripts[0]));
        let wasm: Vec<_> = wasm_address
            .captures_iter(&source)
            .map(|c| c[1].to_owned())
            .collect();
        assert_eq!(wasm.len(), 1, "{variant}: {wasm:?}");
        assert!(
            wasm[0].starts_with(&format!("checklist_{variant}_bg.")),
            "{wasm:?}"
        );
        assert!(
            assets.iter().any(|name| *name == wasm[0]),
            "{wasm:?} not written"
        );
    }
    // The glue is in the scripts, not a file of its own.
    assert!(
        !assets
            .iter()
            .any(|name| name.starts_with("checklist_") && name.ends_with(".js"))
    );
}

#[test]
fn adding_a_composer_to_a_page_switches_it_to_the_full_module() {
    let site = SiteTest::fixture("composer");
    let before = variants_loaded(site_built(&site));
    assert!(before.iter().any(|p| p.0 == "index.html" && p.2 == "base"));
    let index = site.read("content/_index.md");
    site.write(
        "content/_index.md",
        format!("{index}\n```composer\nid: start-note\ntitle: Note it\nfields:\n  - name: what\n    label: What\n    kind: text\nsubject: \"Note\"\nbody: |\n  {{{{what}}}}\n```\n"),
    );
    site.build(&[]);
    let pages = variants_loaded(&site);
    let start = pages
        .iter()
        .find(|p| p.0 == "index.html")
        .expect("start page");
    assert!(start.1, "the page has a composer");
    assert_eq!(start.2, "full");
}

fn site_built(site: &SiteTest) -> &SiteTest {
    site.build(&[]);
    site
}
