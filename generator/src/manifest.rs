//! `stepwise-manifest.json`: every checklist and item of a build (id, page, text), written into
//! the output, so the next build can tell the author which readers' ticks a change would drop
//! (`stepwise check --previous`).

use serde::{Deserialize, Serialize};
use stepwise_core::manifest::{self, Fix, ManifestItem};

use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::model::{PageId, SiteModel};
use crate::render::OutputFile;

/// The manifest's file name in the output.
pub const FILE_NAME: &str = "stepwise-manifest.json";
const FORMAT: &str = "stepwise-manifest";
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    format: String,
    version: u32,
    site: String,
    checklists: Vec<ChecklistEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecklistEntry {
    key: String,
    title: String,
    page: String,
    source: String,
    items: Vec<ItemEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemEntry {
    key: String,
    id: String,
    text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    replaces: Vec<String>,
}

/// Writes the manifest of a build, checklists in reading order.
pub fn write(model: &SiteModel, rendered: &[Rendered]) -> OutputFile {
    let entries: Vec<String> = (0..model.pages.len())
        .map(|index| entries(model, rendered, PageId(index)))
        .collect();
    assemble(model, &entries)
}

/// The checklists of page `id` as they stand in the manifest: its part of the file, so that
/// after an edit only the edited page's part is written again (see [`assemble`]). Empty for a
/// page without checklists.
pub fn entries(model: &SiteModel, rendered: &[Rendered], id: PageId) -> String {
    let mut out = String::new();
    for list in &rendered[id.0].checklists {
        let entry = ChecklistEntry {
            key: list.key.clone(),
            title: list.title.clone(),
            page: model.url(id),
            source: model.page(id).source_path.clone(),
            items: list
                .items
                .iter()
                .map(|item| ItemEntry {
                    key: item.key.clone(),
                    id: item.id.clone(),
                    text: item.text.clone(),
                    replaces: item.replaces.clone(),
                })
                .collect(),
        };
        let json = serde_json::to_string_pretty(&entry).unwrap_or_default();
        if !out.is_empty() {
            out.push_str(",\n");
        }
        // As an element of the file's `checklists`, two levels down.
        for (index, line) in json.lines().enumerate() {
            if index > 0 {
                out.push('\n');
            }
            out.push_str("    ");
            out.push_str(line);
        }
    }
    out
}

/// The manifest from every page's [`entries`] (by `PageId`), in reading order: the same bytes
/// as serializing the whole file at once.
pub fn assemble(model: &SiteModel, entries: &[String]) -> OutputFile {
    let file = ManifestFile {
        format: FORMAT.to_owned(),
        version: VERSION,
        site: model.config.storage_id.clone(),
        checklists: Vec::new(),
    };
    let mut json = serde_json::to_string_pretty(&file).unwrap_or_default();
    let parts: Vec<&str> = model
        .reading_order
        .iter()
        .map(|id| entries[id.0].as_str())
        .filter(|part| !part.is_empty())
        .collect();
    if !parts.is_empty() && json.ends_with("[]\n}") {
        json.truncate(json.len() - "[]\n}".len());
        json.reserve(parts.iter().map(|part| part.len() + 2).sum::<usize>() + 8);
        json.push_str("[\n");
        for (index, part) in parts.iter().enumerate() {
            if index > 0 {
                json.push_str(",\n");
            }
            json.push_str(part);
        }
        json.push_str("\n  ]\n}");
    }
    json.push('\n');
    OutputFile::new(FILE_NAME, json.into_bytes())
}

/// Reads a manifest written by [`write()`]. The error says what is wrong with it.
pub fn read(text: &str) -> Result<Vec<ManifestItem>, String> {
    let file: ManifestFile =
        serde_json::from_str(text).map_err(|error| format!("not a Stepwise manifest: {error}"))?;
    if file.format != FORMAT {
        return Err(format!(
            "not a Stepwise manifest (format `{}`)",
            file.format
        ));
    }
    if file.version > VERSION {
        return Err(format!(
            "written by a newer Stepwise (manifest version {})",
            file.version
        ));
    }
    Ok(file
        .checklists
        .into_iter()
        .flat_map(|list| {
            let source = list.source;
            list.items.into_iter().map(move |item| ManifestItem {
                key: item.key,
                text: item.text,
                source: source.clone(),
                replaces: item.replaces,
            })
        })
        .collect())
}

/// This build's items, for comparison.
pub fn current_items(model: &SiteModel, rendered: &[Rendered]) -> Vec<ManifestItem> {
    (0..model.pages.len())
        .flat_map(|index| {
            let source = &model.page(PageId(index)).source_path;
            rendered[index]
                .checklists
                .iter()
                .flat_map(|list| &list.items)
                .map(move |item| ManifestItem {
                    key: item.key.clone(),
                    text: item.text.clone(),
                    source: source.clone(),
                    replaces: item.replaces.clone(),
                })
        })
        .collect()
}

/// Warnings for every item of the previous build whose readers would lose their tick.
pub fn compare(
    previous: &[ManifestItem],
    model: &SiteModel,
    rendered: &[Rendered],
) -> Vec<Diagnostic> {
    let current = current_items(model, rendered);
    let position_of = |key: &str| {
        rendered
            .iter()
            .flat_map(|page| page.checklists.iter().flat_map(|list| &list.items))
            .find(|item| item.key == key)
            .map_or((1, 1), |item| item.at)
    };
    manifest::dropped(previous, &current)
        .into_iter()
        .map(|dropped| {
            let old = &dropped.old;
            let lost = format!(
                "the checklist item `{}` (“{}”) is gone, so readers who ticked it on the published site lose that tick",
                old.key, old.text
            );
            match dropped.fix {
                Some(Fix::Replaces { successor }) => Diagnostic::warning(
                    successor.source.as_str(),
                    position_of(&successor.key),
                    format!(
                        "{lost}; if “{}” replaces it, end that item with `{{#{} replaces={}}}`",
                        successor.text,
                        successor.id(),
                        if successor.page_key() == old.page_key() { old.id() } else { &old.key },
                    ),
                ),
                Some(Fix::PageMoved { old_page, new_page, source }) => Diagnostic::warning(
                    source,
                    (1, 1),
                    format!(
                        "this page's checklist items were saved under `{old_page}/…` and are now under `{new_page}/…`, so readers lose their ticks; add `id: {old_page}` to its front matter to keep them"
                    ),
                ),
                None => Diagnostic::warning(
                    old.source.as_str(),
                    (1, 1),
                    format!("{lost}; if another item replaces it, add `replaces={}` to that item's `{{#…}}`", old.key),
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_assembled_from_parts_is_the_whole_file_serialized() {
        let content = [
            crate::source::TextFile {
                path: "content/_index.md".into(),
                text: "---\ntitle: Home\n---\n- [ ] Start \"here\"\n".into(),
            },
            crate::source::TextFile {
                path: "content/a.md".into(),
                text: "---\ntitle: A\n---\n## One\n- [ ] First\n- [ ] Second\n\n## Two\n- [ ] Third {#third replaces=old}\n".into(),
            },
            crate::source::TextFile {
                path: "content/b.md".into(),
                text: "---\ntitle: B\n---\nNo list.\n".into(),
            },
        ];
        let config =
            crate::config::parse("title: T\nbase_url: https://example.org/\n").expect("config");
        let (model, _) = crate::model::build(
            config,
            &content,
            &["content".to_owned()],
            Default::default(),
        );
        let all_sources = content.iter().map(|file| file.path.clone()).collect();
        let rendered: Vec<Rendered> = (0..model.pages.len())
            .map(|index| {
                let page = model.page(PageId(index));
                crate::markdown::render(&crate::markdown::PageContext {
                    model: &model,
                    page: PageId(index),
                    text: &page.text,
                    all_sources: &all_sources,
                    positions: crate::front_matter::BodyPositions::new(
                        &page.text,
                        page.body_offset,
                    ),
                    measure_prose: false,
                    external_links: None,
                })
            })
            .collect();
        // What serializing the whole file at once writes.
        let written = String::from_utf8_lossy(&write(&model, &rendered).bytes).into_owned();
        let file: ManifestFile = serde_json::from_str(&written).expect("json");
        assert_eq!(file.checklists.len(), 3);
        assert_eq!(file.checklists[2].items[0].replaces, ["a/old"]);
        let mut whole = serde_json::to_string_pretty(&file).expect("serializes");
        whole.push('\n');
        assert_eq!(written, whole);
        // No checklist at all: an empty list.
        let empty: Vec<Rendered> = rendered.iter().map(|_| Rendered::default()).collect();
        let expected = String::from_utf8_lossy(&write(&model, &empty).bytes).into_owned();
        assert!(expected.ends_with("\"checklists\": []\n}\n"), "{expected}");
    }

    #[test]
    fn foreign_or_newer_files_are_refused() {
        assert!(
            read("{}")
                .expect_err("refused")
                .starts_with("not a Stepwise manifest")
        );
        let newer = r#"{"format":"stepwise-manifest","version":9,"site":"s","checklists":[]}"#;
        assert_eq!(
            read(newer).expect_err("refused"),
            "written by a newer Stepwise (manifest version 9)"
        );
    }
}
