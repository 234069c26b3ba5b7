//! Incremental rebuilds (used by `stepwise serve`) give exactly what a full build gives.

use std::collections::BTreeMap;

use stepwise::pipeline::{Build, BuildOptions, Update};
use stepwise::source;

use crate::support::workspace;

fn fixture(name: &str) -> stepwise::source::SiteSource {
    source::load(&workspace().join("tests/fixtures").join(name)).expect("fixture loads")
}

fn files(output: &stepwise::pipeline::BuildOutput) -> BTreeMap<String, Vec<u8>> {
    output
        .files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.to_vec()))
        .collect()
}

/// Applies `edit` to `path` incrementally and checks the result against a fresh full build,
/// both as a whole and as the delta the dev server applies to what it already serves.
fn check_edit(fixture_name: &str, path: &str, edit: impl Fn(&str) -> String) -> Update {
    check_edit_of(fixture(fixture_name), path, edit).0
}

/// [`check_edit`] on a site already in memory; also returns the problems after the edit.
fn check_edit_of(
    source: stepwise::source::SiteSource,
    path: &str,
    edit: impl Fn(&str) -> String,
) -> (Update, Vec<stepwise::diagnostics::Diagnostic>) {
    let mut build = Build::new(source.clone(), BuildOptions::default());
    let before = files(&build.output());
    build.clear_changes();
    let old = source
        .content
        .iter()
        .find(|f| f.path == path)
        .expect("page exists")
        .text
        .clone();
    let new_text = edit(&old);
    assert_ne!(&*old, new_text.as_str(), "the edit must change the page");
    let update = build.update_content(path, new_text.clone());

    let mut edited = source.clone();
    edited
        .content
        .iter_mut()
        .find(|f| f.path == path)
        .expect("page")
        .text = new_text.into();
    let full = Build::new(edited, BuildOptions::default()).output();
    let incremental = build.output();
    assert_eq!(
        incremental.diagnostics, full.diagnostics,
        "diagnostics differ after editing {path}"
    );
    assert_eq!(
        files(&incremental),
        files(&full),
        "files differ after editing {path}"
    );

    let delta = build.delta();
    // The dev server applies a delta only when the build succeeded (otherwise it keeps serving
    // the last site that built, and the next delta covers this one's changes too).
    if full.succeeded(false) {
        let mut served = if delta.full { BTreeMap::new() } else { before };
        for path in &delta.removed {
            served.remove(path);
        }
        served.extend(
            delta
                .files
                .iter()
                .map(|f| (f.path.clone(), f.bytes.to_vec())),
        );
        assert_eq!(
            served,
            files(&full),
            "the served files differ after editing {path}"
        );
    }
    assert_eq!(delta.diagnostics, full.diagnostics);
    (update, full.diagnostics)
}

/// Applies `edits` one after the other as the dev server does (changes are cleared only after
/// a build that succeeded, whose delta the server applies), checking after each that the build
/// equals a fresh full build of the edited source: problems, files, and what is served.
fn check_edits(source: stepwise::source::SiteSource, edits: &[(&str, String)]) -> Vec<Update> {
    let mut build = Build::new(source.clone(), BuildOptions::default());
    let mut served = files(&build.output());
    build.clear_changes();
    let mut edited = source;
    let mut updates = Vec::new();
    for (path, text) in edits {
        updates.push(build.update_content(path, text.clone()));
        edited
            .content
            .iter_mut()
            .find(|f| f.path == *path)
            .expect("page")
            .text = text.as_str().into();
        let full = Build::new(edited.clone(), BuildOptions::default()).output();
        let incremental = build.output();
        assert_eq!(
            incremental.diagnostics, full.diagnostics,
            "diagnostics differ after editing {path}"
        );
        assert_eq!(
            files(&incremental),
            files(&full),
            "files differ after editing {path}"
        );
        let delta = build.delta();
        assert_eq!(delta.diagnostics, full.diagnostics);
        if full.succeeded(false) {
            if delta.full {
                served.clear();
            }
            for gone in &delta.removed {
                served.remove(gone);
            }
            served.extend(
                delta
                    .files
                    .iter()
                    .map(|f| (f.path.clone(), f.bytes.to_vec())),
            );
            assert_eq!(served, files(&full), "the served files differ after {path}");
            build.clear_changes();
        }
    }
    updates
}

/// The text of `path` in the fixture `name`, with `from` replaced by `to`.
fn edited_text(name: &str, path: &str, from: &str, to: &str) -> String {
    let text = fixture(name)
        .content
        .iter()
        .find(|f| f.path == path)
        .expect("page exists")
        .text
        .to_string();
    assert!(text.contains(from), "{path} has no `{from}`");
    text.replacen(from, to, 1)
}

#[test]
fn a_front_matter_error_and_its_fix_are_incremental() {
    let path = "content/guide/first.md";
    let good = edited_text("basic", path, "", "");
    let broken = edited_text("basic", path, "title: First step", "title: [broken");
    let updates = check_edits(
        fixture("basic"),
        &[
            (path, broken.clone()),
            // Still broken, another way: the problems change.
            (
                path,
                edited_text("basic", path, "title: First step", "title: {"),
            ),
            (path, good.clone()),
            (path, broken),
            // Fixed with another title and weight: it joins its section where they put it.
            (
                path,
                good.replace("title: First step", "title: Zzz")
                    .replace("weight: 1", "weight: 8"),
            ),
        ],
    );
    assert!(
        updates
            .iter()
            .all(|update| matches!(update, Update::Pages(_))),
        "{updates:?}"
    );
    // A page that links to the broken one is told so, at the link, as a full build tells it.
    let mut build = Build::new(fixture("basic"), BuildOptions::default());
    build.update_content(
        path,
        edited_text("basic", path, "title: First step", "title: [x"),
    );
    let problems: Vec<String> = build
        .output()
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("content/_index.md:6:")
                && p.contains("links to content/guide/first.md, which has errors of its own")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("content/guide/first.md:2:8: error:")),
        "{problems:?}"
    );
}

#[test]
fn a_page_broken_when_the_site_is_read_is_fixed_incrementally() {
    let path = "content/guide/first.md";
    let mut source = fixture("basic");
    source
        .content
        .iter_mut()
        .find(|f| f.path == path)
        .expect("page")
        .text = edited_text("basic", path, "title: First step", "title: [x").into();
    let good = edited_text("basic", path, "", "");
    let updates = check_edits(source, &[(path, good)]);
    assert!(matches!(updates[0], Update::Pages(_)), "{updates:?}");
}

#[test]
fn breaking_a_page_with_redirects_removes_them_and_fixing_it_brings_them_back() {
    let path = "content/guide/second.md";
    let good = edited_text("basic", path, "", "");
    let broken = edited_text(
        "basic",
        path,
        "aliases: [old/second]",
        "aliases: [old/second",
    );
    let updates = check_edits(fixture("basic"), &[(path, broken), (path, good)]);
    assert!(
        updates
            .iter()
            .all(|update| matches!(update, Update::Pages(_))),
        "{updates:?}"
    );
}

#[test]
fn breaking_a_page_whose_address_is_set_or_a_section_page_rebuilds_the_site() {
    let with_slug = edited_text(
        "basic",
        "content/about.md",
        "weight: 9",
        "weight: 9\nslug: about-us",
    );
    let mut source = fixture("basic");
    source
        .content
        .iter_mut()
        .find(|f| f.path == "content/about.md")
        .expect("page")
        .text = with_slug.as_str().into();
    let broken = with_slug.replacen("---\n", "---\ntitle: [\n", 1);
    assert_eq!(
        check_edits(source, &[("content/about.md", broken)]),
        [Update::Full]
    );
    let section = "content/guide/_index.md";
    let text = edited_text("basic", section, "", "");
    let broken = text.replacen("---\n", "---\ntitle: [\n", 1);
    assert_eq!(
        check_edits(fixture("basic"), &[(section, broken), (section, text)]),
        [Update::Full, Update::Full]
    );
}

#[test]
fn a_body_edit_renders_only_that_page() {
    let update = check_edit("basic", "content/guide/second.md", |text| {
        format!("{text}\nOne more paragraph.\n")
    });
    assert_eq!(update, Update::Pages(1));
}

#[test]
fn a_title_edit_updates_navigation_and_neighbours() {
    let update = check_edit("basic", "content/guide/first.md", |text| {
        text.replace("title: First step", "title: A first step")
    });
    assert!(matches!(update, Update::Pages(n) if n > 1), "{update:?}");
}

#[test]
fn a_new_checklist_item_updates_sidebars_progress_and_manifest() {
    let update = check_edit("basic", "content/guide/second.md", |text| {
        format!("{text}3. [ ] Wait for a reply {{#reply}}\n")
    });
    assert!(matches!(update, Update::Pages(_)), "{update:?}");
}

#[test]
fn a_description_edit_updates_the_section_listing() {
    check_edit("basic", "content/guide/first.md", |text| {
        text.replace(
            "description: Do the first thing.",
            "description: Do this first.",
        )
    });
}

#[test]
fn removing_an_anchor_others_link_to_is_reported() {
    let (_, diagnostics) = check_edit_of(fixture("basic"), "content/guide/second.md", |text| {
        text.replace("## Keep going", "## Carry on")
    });
    let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("error: `#keep-going` is not a heading or item id")),
        "{messages:?}"
    );
}

#[test]
fn a_theme_showing_the_next_pages_description_stays_current() {
    let mut source = fixture("basic");
    source.theme.insert(
        "templates/partials/pager.html".to_owned(),
        stepwise::theme::ThemeFile {
            origin: "themes/default/templates/partials/pager.html".to_owned(),
            bytes: b"{% if next %}<a href=\"{{ next.url }}\">{{ next.title }}: {{ next.description }}</a>{% endif %}{% if previous %}<a href=\"{{ previous.url }}\">{{ previous.description }}</a>{% endif %}".to_vec(),
        },
    );
    check_edit_of(source, "content/guide/first.md", |text| {
        text.replace(
            "description: Do the first thing.",
            "description: Do this first.",
        )
    });
}

#[test]
fn editing_checklist_text_updates_composers_that_list_it() {
    let update = check_edit("composer", "content/evidence.md", |text| {
        text.replace("Your receipt", "The receipt you were sent")
    });
    assert!(matches!(update, Update::Pages(_)), "{update:?}");
}

#[test]
fn structural_edits_rebuild_everything() {
    assert_eq!(
        check_edit("basic", "content/guide/first.md", |t| t
            .replace("weight: 1", "weight: 7")),
        Update::Full
    );
    // A new title that keeps the page's place (weights decide here) stays incremental.
    let update = check_edit("basic", "content/guide/first.md", |t| {
        t.replace("title: First step", "title: Zzz last")
    });
    assert!(matches!(update, Update::Pages(_)), "{update:?}");
    // A broken front matter is not structural (see the tests below).
    assert!(matches!(
        check_edit("basic", "content/guide/first.md", |t| t
            .replace("title: First step", "title: [broken")),
        Update::Pages(_)
    ));
    assert_eq!(
        check_edit("basic", "content/about.md", |t| t
            .replace("weight: 9", "weight: 9\nslug: about-us")),
        Update::Full
    );
}

#[test]
fn editing_the_home_page_keeps_the_not_found_page_current() {
    let update = check_edit("basic", "content/_index.md", |text| {
        text.replace("The start page.", "Where the guide begins.")
    });
    assert!(matches!(update, Update::Pages(_)), "{update:?}");
}

#[test]
fn a_delta_covers_every_edit_since_changes_were_last_cleared() {
    let source = fixture("basic");
    let mut build = Build::new(source.clone(), BuildOptions::default());
    let before = files(&build.output());
    build.clear_changes();
    let mut edited = source.clone();
    for (path, old, new) in [
        (
            "content/guide/first.md",
            "title: First step",
            "title: A first step",
        ),
        ("content/about.md", "", "\nA closing line.\n"),
    ] {
        let file = edited
            .content
            .iter_mut()
            .find(|f| f.path == path)
            .expect("page exists");
        let text = if old.is_empty() {
            format!("{}{new}", file.text)
        } else {
            file.text.replace(old, new)
        };
        assert_ne!(&*file.text, text.as_str(), "the edit must change {path}");
        file.text = text.clone().into();
        assert!(matches!(build.update_content(path, text), Update::Pages(_)));
    }
    let delta = build.delta();
    assert!(!delta.full);
    let mut served = before;
    for path in &delta.removed {
        served.remove(path);
    }
    served.extend(
        delta
            .files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.to_vec())),
    );
    let full = Build::new(edited, BuildOptions::default()).output();
    assert_eq!(served, files(&full), "the delta lost an earlier edit");

    build.clear_changes();
    assert!(
        build.delta().files.is_empty(),
        "after clearing, nothing is new"
    );
}

/// A site of `sections` top-level sections of `pages` pages each, in memory.
fn wide_site(sections: usize, pages: usize) -> stepwise::source::SiteSource {
    let mut source = fixture("basic");
    source.content = vec![stepwise::source::TextFile {
        path: "content/_index.md".to_owned(),
        text: "---\ntitle: Home\n---\nWelcome.\n".into(),
    }];
    source.content_dirs = vec!["content".to_owned()];
    for section in 0..sections {
        let dir = format!("content/s{section:03}");
        source.content_dirs.push(dir.clone());
        source.content.push(stepwise::source::TextFile {
            path: format!("{dir}/_index.md"),
            text: format!("---\ntitle: Section {section:03}\n---\nSection.\n").into(),
        });
        for page in 0..pages {
            source.content.push(stepwise::source::TextFile {
                path: format!("{dir}/p{page:03}.md"),
                text: format!("---\ntitle: Page {page:03}\n---\n- [ ] Do {page} {{#do}}\n").into(),
            });
        }
    }
    source.content.sort_by(|a, b| a.path.cmp(&b.path));
    source.content_dirs.sort();
    source
}

#[test]
fn sidebars_on_a_wide_site_show_a_window_and_stay_current_after_edits() {
    let source = wide_site(30, 3);
    let output = Build::new(source.clone(), BuildOptions::default()).output();
    assert!(output.succeeded(false), "{:?}", output.diagnostics);
    let page = output
        .files
        .iter()
        .find(|f| f.path == "s015/p001/index.html")
        .expect("page");
    let html = String::from_utf8_lossy(&page.bytes);
    let sidebar = &html[html
        .find("<nav class=\"sidebar sidebar-wide\"")
        .expect("sidebar")..];
    let sidebar = &sidebar[..sidebar.find("</nav>").expect("end")];
    // Ten sections before and nine after the window of eleven around section 15.
    assert!(
        sidebar.contains(">10 more</a>") && sidebar.contains(">9 more</a>"),
        "{sidebar}"
    );
    assert!(
        !sidebar.contains("Section 004") && sidebar.contains("Section 010"),
        "{sidebar}"
    );
    assert!(
        sidebar.contains("Section 020") && !sidebar.contains("Section 021"),
        "{sidebar}"
    );
    assert!(
        sidebar.contains("href=\"/docs/guide/s015/p001/\" aria-current=\"page\""),
        "{sidebar}"
    );
    assert_eq!(sidebar.matches("aria-current").count(), 1);
    // The home page lists every section when the sidebar cannot.
    let home = output
        .files
        .iter()
        .find(|f| f.path == "index.html")
        .expect("home");
    assert!(String::from_utf8_lossy(&home.bytes).contains("id=\"children\""));

    // Edits that change what sidebars show re-render exactly the pages that show it.
    check_edit_of(wide_site(30, 3), "content/s015/_index.md", |text| {
        text.replace("title: Section 015", "title: Section 015 renamed")
    });
    check_edit_of(wide_site(30, 3), "content/s012/p002.md", |text| {
        text.replace(
            "- [ ] Do 2 {#do}",
            "- [ ] Do 2 {#do}\n- [ ] And more {#more}",
        )
    });
}

#[test]
fn a_long_section_lists_its_first_pages_and_a_link_to_all() {
    let output = Build::new(wide_site(2, 130), BuildOptions::default()).output();
    let page = output
        .files
        .iter()
        .find(|f| f.path == "s001/p005/index.html")
        .expect("page");
    let html = String::from_utf8_lossy(&page.bytes);
    assert!(
        html.contains("<a href=\"/docs/guide/s001/#children\">30 more</a>"),
        "{html}"
    );
}

#[test]
fn a_body_edit_sends_only_the_search_shards_it_affects() {
    let source = fixture("basic");
    let mut build = Build::new(source.clone(), BuildOptions::default());
    let shards = |files: &mut dyn Iterator<Item = String>| -> Vec<String> {
        files.filter(|p| p.starts_with("assets/search/")).collect()
    };
    let all = shards(&mut build.output().files.into_iter().map(|f| f.path));
    build.clear_changes();
    let page = "content/about.md";
    let text = source
        .content
        .iter()
        .find(|f| f.path == page)
        .expect("page")
        .text
        .to_string();
    let update = build.update_content(page, format!("{text}\nA quokka appears.\n"));
    assert!(matches!(update, Update::Pages(_)));
    let delta = build.delta();
    let paths: Vec<String> = delta.files.iter().map(|f| f.path.clone()).collect();
    let sent = shards(&mut paths.clone().into_iter());
    assert!(paths.contains(&"search/index.bin".to_owned()), "{paths:?}");
    assert_eq!(
        sent.iter()
            .filter(|p| p.starts_with("assets/search/m."))
            .count(),
        1,
        "only the edited page's metadata: {sent:?}"
    );
    assert!(
        sent.iter().any(|p| p.starts_with("assets/search/t.")),
        "{sent:?}"
    );
    assert!(
        sent.len() < all.len() / 2,
        "{} of {} index files sent",
        sent.len(),
        all.len()
    );
    // The files they replace are gone from what is served.
    assert!(!delta.removed.is_empty());
    assert!(delta.removed.iter().all(|p| all.contains(p)));
}

#[test]
fn search_false_leaves_out_the_index_the_search_page_and_the_field() {
    let mut source = fixture("basic");
    if let Some(Ok(config)) = &mut source.config {
        config.search = false;
    }
    let output = Build::new(source, BuildOptions::default()).output();
    assert!(output.succeeded(false));
    let paths: Vec<&str> = output.files.iter().map(|f| f.path.as_str()).collect();
    assert!(
        !paths
            .iter()
            .any(|p| p.starts_with("search/") || p.starts_with("assets/search/")),
        "{paths:?}"
    );
    let home = output
        .files
        .iter()
        .find(|f| f.path == "index.html")
        .expect("start page");
    assert!(!String::from_utf8_lossy(&home.bytes).contains("data-search-form"));
}

#[test]
fn a_page_among_many_sections_that_breaks_and_is_fixed_moves_every_window() {
    // Pages at the top level, ordered among the sections by title: breaking one shifts the
    // window of siblings in the sidebar of the sections after it.
    let mut source = wide_site(30, 3);
    for name in ["s0105", "s0205"] {
        source.content.push(stepwise::source::TextFile {
            path: format!("content/{name}.md"),
            text: format!(
                "---\ntitle: Section {}a\n---\n- [ ] Top {{#top}}\n",
                &name[1..4]
            )
            .into(),
        });
    }
    source.content.sort_by(|a, b| a.path.cmp(&b.path));
    let path = "content/s0105.md";
    let good = "---\ntitle: Section 010a\n---\n- [ ] Top {#top}\n".to_owned();
    let broken = "---\ntitle: [Section 010a\n---\n- [ ] Top {#top}\n".to_owned();
    let updates = check_edits(
        source,
        &[
            (path, broken.clone()),
            (path, good.clone()),
            (path, broken),
            (path, good.replace("010a", "025a")),
        ],
    );
    assert!(
        updates
            .iter()
            .all(|update| matches!(update, Update::Pages(_))),
        "{updates:?}"
    );
}

#[test]
fn a_new_heading_in_a_step_updates_the_step_by_step_lists() {
    // The start page and the steps section list each step's headings as its tasks.
    let update = check_edit("steps", "content/steps/app.md", |text| {
        format!("{text}\n## Open the help page {{#help}}\n\nThen ask.\n")
    });
    assert!(matches!(update, Update::Pages(n) if n > 1), "{update:?}");
}

#[test]
fn joining_a_step_with_or_renumbers_the_steps() {
    assert_eq!(
        check_edit("steps", "content/steps/wait.md", |text| text
            .replace("weight: 4\n", "weight: 4\nstep_logic: and\n")),
        Update::Full
    );
}

#[test]
fn a_step_that_breaks_and_is_fixed_renumbers_the_steps_incrementally() {
    let path = "content/steps/app.md";
    let good = edited_text("steps", path, "", "");
    let broken = good.replacen("---\n", "---\ntitle: [\n", 1);
    let updates = check_edits(fixture("steps"), &[(path, broken), (path, good)]);
    assert!(
        updates
            .iter()
            .all(|update| matches!(update, Update::Pages(n) if *n > 1)),
        "{updates:?}"
    );
}

#[test]
fn a_deadline_edit_updates_the_composers_that_show_it() {
    // The letter on another page carries the rule of `card-fcba`: a longer period reaches it.
    let update = check_edit("deadlines", "content/card.md", |text| {
        text.replace("    after: 60 days\n", "    after: 90 days\n")
    });
    assert!(matches!(update, Update::Pages(_)), "{update:?}");
    // A new reader's date named like the letter's other field makes that field shared.
    check_edit("deadlines", "content/card.md", |text| {
        text.replace(
            "  - name: paid_on\n    label: Date you paid\n",
            "  - name: paid_on\n    label: Date you paid\n  - name: full_name_date\n    label: Another date\n",
        )
    });
}
