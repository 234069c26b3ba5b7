//! The generator–browser contract: every attribute the browser module looks for, and every
//! element id it builds, is present in pages built with the default theme; a theme that drops
//! the storage namespace is a build error.

use std::collections::BTreeMap;

use regex::Regex;

use crate::support::{SiteTest, workspace};

/// Names in `stepwise_core::dom` the module sets itself rather than finds in the page.
const SET_BY_THE_BROWSER: [&str; 5] = [
    "ATTR_READY",    // set by the module once it has started
    "ATTR_ENHANCED", // set by the module on each checklist it runs
    "ATTR_STATE",    // set by the module on sidebar marks
    "ATTR_FAILED",   // set by the loader when the module fails
    "ATTR_URGENCY",  // set by the module on each deadline it computes
];

/// Every `pub const NAME: &str = "value"` of `stepwise_core::dom`, by name, and the selectors.
fn dom_constants() -> BTreeMap<String, String> {
    let source = std::fs::read_to_string(workspace().join("checklist-wasm/core/src/dom.rs"))
        .expect("dom.rs");
    let constant = Regex::new(r#"pub const ([A-Z_]+): &str = "([^"]+)";"#).expect("regex");
    let attribute = Regex::new(r#"\s([A-Z_]+) = "([^"]+)","#).expect("regex");
    constant
        .captures_iter(&source)
        .chain(attribute.captures_iter(&source))
        .map(|c| (c[1].to_owned(), c[2].to_owned()))
        .collect()
}

/// Every `dom::NAME` the browser module's code refers to.
fn used_by_the_module() -> Vec<String> {
    let mut used = std::collections::BTreeSet::new();
    let reference = Regex::new(r"dom::((?:ATTR|ACTION|SELECTOR)_[A-Z_]+)").expect("regex");
    let mut stack = vec![workspace().join("checklist-wasm/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("module sources") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source");
                // A selector is built from the attribute of the same name (`dom::attribute!`).
                used.extend(
                    reference
                        .captures_iter(&text)
                        .map(|c| c[1].replacen("SELECTOR_", "ATTR_", 1)),
                );
            }
        }
    }
    used.into_iter().collect()
}

/// A site with checklists, a replaced item, a composer with every field kind and a recipient,
/// one with its own error message, and a deadlines block (with a choice) that a composer shows,
/// built with the default theme; returns every page's HTML joined.
fn built_pages() -> String {
    let site = SiteTest::fixture("composer");
    site.write(
        "content/moved.md",
        "---\ntitle: Moved\n---\n## Keep\n\n- [ ] Receipt {#receipt replaces=old-receipt}\n\n## Then\n\nA second heading, so the page lists its contents.\n",
    );
    site.write(
        "content/dates.md",
        "---\ntitle: Dates\n---\n## Deadlines\n\n```deadlines\nid: d\ntitle: Deadlines\ndates:\n  - name: paid_on\n    label: Date you paid\nchoices:\n  - name: where\n    label: Where?\n    options: [Here, There]\ndeadlines:\n  - id: one\n    title: One\n    from: paid_on\n    after: 10 days\n    when: where = Here\n    source: https://example.org/one\n  - id: two\n    title: Two\n    from: paid_on\n    after: 1 month\n    source: https://example.org/two\n```\n\n```composer\nid: reminder\ntitle: Reminder\nfields:\n  - name: paid_on\n    label: Date you paid\n    kind: date\nsubject: Reminder\nbody: \"Due by {{deadline one}}.\"\n```\n",
    );
    site.write(
        "content/asked.md",
        "---\ntitle: Asked\n---\n```composer\nid: asked\ntitle: Ask\nfields:\n  - name: topic\n    label: What is this about?\n    kind: choice\n    options: [Money, Time]\n    required: true\n    error: Select what your message is about\nsubject: \"{{topic}}\"\nbody: \"{{topic}}\"\n```\n",
    );
    site.build(&[]);
    site.files("public")
        .iter()
        .filter(|path| path.ends_with(".html"))
        .map(|path| site.read(&format!("public/{path}")))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_attribute_the_module_looks_for_is_in_the_pages() {
    let constants = dom_constants();
    let used = used_by_the_module();
    assert!(used.len() > 20, "found only {used:?}: is the scan broken?");
    let html = built_pages();
    let mut missing = Vec::new();
    for name in &used {
        if SET_BY_THE_BROWSER.contains(&name.as_str()) {
            continue;
        }
        let value = constants
            .get(name)
            .unwrap_or_else(|| panic!("dom::{name} is used but not found in dom.rs"));
        let present = if name.starts_with("ACTION_") {
            html.contains(&format!("=\"{value}\""))
        } else {
            html.contains(&format!(" {value}="))
                || html.contains(&format!(" {value}>"))
                || html.contains(&format!(" {value} "))
        };
        if !present {
            missing.push(format!("dom::{name} ({value})"));
        }
    }
    assert!(
        missing.is_empty(),
        "the default theme's pages lack: {missing:?}"
    );
}

#[test]
fn every_element_id_the_module_builds_exists() {
    let html = built_pages();
    let input = Regex::new(r#"id="([^"]+)" data-field="#).expect("regex");
    let inputs: Vec<String> = input
        .captures_iter(&html)
        .map(|c| c[1].to_owned())
        .collect();
    assert!(inputs.len() >= 6, "found only {inputs:?}");
    for id in inputs {
        let error = stepwise_core::ids::field_error_id(&id);
        assert!(
            html.contains(&format!("id=\"{error}\"")),
            "no element `{error}` for `{id}`"
        );
    }
}

#[test]
fn a_theme_that_drops_the_storage_namespace_is_an_error_naming_the_template() {
    let site = SiteTest::fixture("basic");
    let base = std::fs::read_to_string(workspace().join("themes/default/templates/base.html"))
        .expect("base.html");
    let dropped = base.replace(r#" {{ contract.site }}="{{ site.storage_id }}""#, "");
    assert_ne!(
        dropped, base,
        "the default theme no longer writes the namespace this way"
    );
    site.write("themes/default/templates/base.html", dropped);
    let result = site.run(&["build"]);
    assert!(!result.success, "{}", result.stderr);
    assert!(
        result.stderr.contains("themes/default/templates/base.html:1:1: error: pages rendered with this template lack the storage namespace"),
        "{}",
        result.stderr
    );
    assert!(!site.exists("public/index.html"));
}

#[test]
fn a_theme_written_for_the_older_script_names_still_loads_one_module_a_page() {
    let site = SiteTest::fixture("composer");
    let base = std::fs::read_to_string(workspace().join("themes/default/templates/base.html"))
        .expect("base.html");
    let script = r#"<script type="module" src="{{ assets.script }}"></script>"#;
    assert!(
        base.contains(script),
        "the default theme loads its script another way"
    );
    // What base.html and partials/search.html held before the page's scripts became one.
    let older = base.replace(
        script,
        r#"<link rel="modulepreload" href="{{ assets.module }}">
<script type="module" src="{{ assets.script }}"></script>
{% if assets.offline %}<script type="module" src="{{ assets.offline }}"></script>{% endif %}
<script type="module" src="{{ assets.search.start }}"></script>"#,
    );
    site.write("themes/default/templates/base.html", older);
    let result = site.build(&[]);
    assert!(result.success, "{}", result.stderr);
    let address = regex::Regex::new(r#"(?:src|href)="([^"]+\.js)""#).expect("regex");
    for page in ["index.html", "bank/index.html"] {
        let html = site.read(&format!("public/{page}"));
        let mut scripts: Vec<&str> = address
            .captures_iter(&html)
            .map(|c| c.get(1).map_or("", |m| m.as_str()))
            .collect();
        assert_eq!(scripts.len(), 3, "{page}: {scripts:?}");
        scripts.dedup();
        assert_eq!(
            scripts.len(),
            1,
            "{page}: one module, one address: {scripts:?}"
        );
    }
}
