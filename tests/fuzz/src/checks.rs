//! The checks the fuzz targets run, one function per target, each taking the fuzzer's bytes.
//!
//! Each check calls the code under test on the input and asserts what must hold for every
//! input: nothing panics, problems point inside the text they are about, decoded request paths
//! cannot leave the site, output paths stay inside the output folder, and round trips are
//! exact. A broken invariant is a panic, which libFuzzer reports as a crash.
//!
//! This file is compiled twice: by the fuzz crate (`tests/fuzz/`, for libFuzzer) and by the
//! generator's `integration` test (`tests/integration/fuzz.rs`), which replays every file of
//! `tests/fuzz/corpus/<target>/` and `tests/fuzz/regressions/<target>/` through [`TARGETS`] on
//! stable Rust. So it uses only `std`, `stepwise` and `stepwise_core`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use stepwise::diagnostics::Diagnostic;
use stepwise::pipeline::{self, Build, BuildOptions};
use stepwise::render::OutputFile;
use stepwise::serve::http;
use stepwise::source::{SiteSource, TextFile};
use stepwise::theme::{EMBEDDED_THEME, ThemeFile};
use stepwise::{config, front_matter, yaml};
use stepwise_core::composer::FieldKind;
use stepwise_core::date::Date;
use stepwise_core::percent;
use stepwise_core::storage::State;
use stepwise_core::template::{FieldValue, Inputs, ListValue, Template};

/// A fuzz target: its name (the folder of its corpus and regressions, and its binary in
/// `tests/fuzz/fuzz_targets/`) and its check.
pub type Target = (&'static str, fn(&[u8]));

/// Every target, by name.
pub const TARGETS: &[Target] = &[
    ("yaml", yaml),
    ("markdown", markdown),
    ("template", template),
    ("storage", storage),
    ("http", http),
];

/// Front matter and `site.yaml`: the same text parsed as a Markdown file's front matter, as a
/// whole `site.yaml`, and as plain YAML. Every problem points inside the text; a parsed split
/// is a split of this text; normalizing a base URL twice changes nothing.
pub fn yaml(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();

    match front_matter::parse("content/page.md", text) {
        Ok((front, split)) => {
            assert_eq!(&text[split.body_offset..], split.body, "body offset");
            assert!(
                text.contains(split.yaml),
                "the front matter is part of the file"
            );
            let _ = front.structure();
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "an error names at least one problem");
            assert_inside(&problems, "content/page.md", text);
        }
    }

    match config::parse(text) {
        Ok(site) => {
            let base = site.base_path();
            assert!(
                base.starts_with('/') && base.ends_with('/'),
                "base path {base:?}"
            );
            assert!(!site.storage_id.is_empty(), "a storage id is never empty");
            assert_eq!(
                config::normalize_base_url(&site.base_url).as_deref(),
                Ok(site.base_url.as_str()),
                "a normalized base URL is normalized"
            );
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "an error names at least one problem");
            assert_inside(&problems, config::CONFIG_FILE, text);
        }
    }

    if let Err(problem) = yaml::parse(text, 1) {
        let (line, col) = problem.at;
        assert_position(line, col, text, &problem.message);
    }

    if let Ok(normalized) = config::normalize_base_url(text) {
        assert_eq!(
            config::normalize_base_url(&normalized).as_deref(),
            Ok(normalized.as_str()),
            "normalizing a base URL is idempotent"
        );
        let base = config::base_path(&normalized);
        assert!(base.starts_with('/') && base.ends_with('/'), "{base:?}");
    }
}

/// The site `markdown` builds around the fuzzed page: a front page, a section with a page
/// holding a checklist, and the fuzzed page itself (`content/steps/page.md`), with the
/// built-in theme.
const SITE_YAML: &str = "title: Fuzzed guide\nbase_url: https://example.org/guide/\n";
const SITE_PAGES: &[(&str, &str)] = &[
    (
        "content/_index.md",
        "---\ntitle: Home\n---\n# Start\n\nRead [the steps](steps/_index.md) and [the page](steps/page.md).\n",
    ),
    (
        "content/steps/_index.md",
        "---\ntitle: Steps\nweight: 1\n---\nSee [evidence](evidence.md#what-to-keep).\n",
    ),
    (
        "content/steps/evidence.md",
        "---\ntitle: Gather evidence\nweight: 2\n---\n## What to keep {#what-to-keep}\n\n- [ ] Keep your receipt {#receipt}\n- [ ] Note the order number\n",
    ),
];
/// Where the fuzzed page goes.
const FUZZED_PAGE: &str = "content/steps/page.md";
/// What the fuzzed page holds before the dev server's edit (see [`markdown`]).
const FIRST_PAGE: &str = "---\ntitle: A page\n---\n## Steps\n\n- [ ] First {#first}\n";

/// The tiny site with `page` at [`FUZZED_PAGE`].
fn site_with(page: &str) -> SiteSource {
    let mut site = base_site().clone();
    let mut content: Vec<TextFile> = SITE_PAGES
        .iter()
        .map(|(path, text)| TextFile {
            path: (*path).to_owned(),
            text: (*text).into(),
        })
        .collect();
    content.push(TextFile {
        path: FUZZED_PAGE.to_owned(),
        text: page.into(),
    });
    content.sort_by(|a, b| a.path.cmp(&b.path));
    site.content = content;
    site
}

/// Output files by path.
fn files_of(files: &[OutputFile]) -> BTreeMap<&str, &[u8]> {
    files
        .iter()
        .map(|file| (file.path.as_str(), &file.bytes[..]))
        .collect()
}

/// The tiny site without its pages (configuration and theme), made once.
fn base_site() -> &'static SiteSource {
    static SITE: OnceLock<SiteSource> = OnceLock::new();
    SITE.get_or_init(|| SiteSource {
        config: Some(config::parse(SITE_YAML)),
        content: Vec::new(),
        content_dirs: vec!["content".to_owned(), "content/steps".to_owned()],
        theme: EMBEDDED_THEME
            .iter()
            .map(|(path, bytes)| {
                (
                    (*path).to_owned(),
                    ThemeFile {
                        origin: format!("(built-in theme)/{path}"),
                        bytes: bytes.to_vec(),
                    },
                )
            })
            .collect(),
        static_files: Default::default(),
        diagnostics: Vec::new(),
    })
}

/// A whole build of a tiny in-memory site with the input as one of its pages
/// (`content/steps/page.md`): front matter, every Markdown pass, the composer, the site-wide
/// checks, the templates and the site files. It never panics; every problem on the fuzzed
/// page points inside it; problems are sorted; a successful build writes each output path
/// once, and every one stays inside the output folder.
///
/// Then the dev server's way: a build of the site with another page there, edited into the
/// input (`Build::update_content`). The result, and (when it succeeded) what the server would
/// serve after applying the edit's delta, equal the full build's.
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    // As `source::load` reads it.
    let page = text.strip_prefix('\u{feff}').unwrap_or(&text);

    let output = pipeline::build(&site_with(page), &BuildOptions::default());

    assert!(
        output.diagnostics.is_sorted(),
        "problems are sorted: {:#?}",
        output.diagnostics
    );
    let on_page: Vec<Diagnostic> = output
        .diagnostics
        .iter()
        .filter(|d| d.path == FUZZED_PAGE)
        .cloned()
        .collect();
    assert_inside(&on_page, FUZZED_PAGE, page);
    for problem in &output.diagnostics {
        assert!(problem.line >= 1 && problem.col >= 1, "{problem}");
    }

    if output.succeeded(false) {
        let mut seen = BTreeSet::new();
        for file in &output.files {
            assert_output_path(&file.path);
            assert!(seen.insert(&file.path), "{} written twice", file.path);
        }
        assert!(
            output.page_count >= SITE_PAGES.len(),
            "every fixed page is rendered"
        );
    }

    let mut served = Build::new(site_with(FIRST_PAGE), BuildOptions::default());
    let before = served.output();
    served.clear_changes();
    served.update_content(FUZZED_PAGE, page.to_owned());
    let after = served.output();
    assert_eq!(
        after.diagnostics, output.diagnostics,
        "problems after an incremental rebuild"
    );
    let full = files_of(&output.files);
    let rebuilt = files_of(&after.files);
    assert!(
        rebuilt == full,
        "files after an incremental rebuild differ from a full build's: {:?}",
        differing(&rebuilt, &full)
    );
    let delta = served.delta();
    assert_eq!(
        delta.diagnostics, output.diagnostics,
        "the delta's problems"
    );
    // The server applies a delta only when the build succeeded; otherwise it keeps serving the
    // last site that built (and the next delta covers this one's changes too).
    if output.succeeded(false) {
        let mut shown = if delta.full {
            BTreeMap::new()
        } else {
            files_of(&before.files)
        };
        for path in &delta.removed {
            shown.remove(path.as_str());
        }
        shown.extend(files_of(&delta.files));
        assert!(
            shown == full,
            "the files served after applying the delta differ from a full build's: {:?}",
            differing(&shown, &full)
        );
    }
}

/// The paths whose files differ between two outputs (or are in only one).
fn differing<'a>(a: &BTreeMap<&'a str, &[u8]>, b: &BTreeMap<&'a str, &[u8]>) -> Vec<&'a str> {
    let paths: BTreeSet<&str> = a.keys().chain(b.keys()).copied().collect();
    paths
        .into_iter()
        .filter(|path| a.get(path) != b.get(path))
        .collect()
}

/// The composer's template language: parsing any text, then rendering the template with
/// values taken from the input (after the first NUL, one value per NUL-separated part) and
/// with none, for the browser and for printing. Error offsets and the offsets of references
/// point at a `{{` of the text.
pub fn template(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let source = parts.next().unwrap_or_default();
    let values: Vec<&str> = parts.collect();

    let template = match Template::parse(source) {
        Ok(template) => template,
        Err(error) => {
            assert!(
                error.offset <= source.len() && source.is_char_boundary(error.offset),
                "error offset {} in {source:?}",
                error.offset
            );
            let _ = error.message();
            return;
        }
    };

    let mut fields: Vec<FieldValue> = Vec::new();
    let mut lists: Vec<ListValue> = Vec::new();
    let value = |index: usize| {
        const SAMPLES: [&str; 4] = ["2026-11-28", "12.50", "Jane Doe", ""];
        values
            .get(index)
            .copied()
            .unwrap_or(SAMPLES[index % SAMPLES.len()])
            .to_owned()
    };
    for (index, (name, is_list, _, offset)) in template.references().into_iter().enumerate() {
        assert!(
            source
                .get(offset..)
                .is_some_and(|rest| rest.starts_with("{{")),
            "reference {name:?} at offset {offset} of {source:?}"
        );
        if is_list {
            if !lists.iter().any(|l| l.reference == name) {
                lists.push(ListValue {
                    reference: name,
                    items: vec![value(index), value(index + 1)],
                    ticked: vec![index % 2 == 0],
                });
            }
        } else if !fields.iter().any(|f| f.name == name) {
            let (_, kind) = FieldKind::ALL[index % FieldKind::ALL.len()];
            fields.push(FieldValue {
                label: name.clone(),
                name,
                kind: Some(kind),
                value: value(index),
                currency: "EUR".to_owned(),
            });
        }
    }
    let mut inputs = Inputs {
        deadlines: Vec::new(),
        fields,
        lists,
        today: Date::new(2026, 11, 28),
        blank: false,
    };
    let _ = template.render(&inputs);
    inputs.today = None;
    inputs.blank = true;
    let _ = template.render(&inputs);
    let _ = template.render(&Inputs::default());
}

/// The reader's saved progress: decoding any text (for the site `guide`, and for the site its
/// `site` line names when that is a valid storage id) never panics, and a decoded state
/// encodes to a text that decodes to the same state. Merging a state into itself changes
/// nothing; percent-encoding round-trips.
pub fn storage(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();

    let mut sites = vec!["guide"];
    if let Some(named) = text
        .lines()
        .find_map(|line| line.strip_prefix("site "))
        .and_then(|rest| rest.split(' ').next())
        .filter(|site| is_storage_id(site))
    {
        sites.push(named);
    }
    for site in sites {
        match State::decode(text, site) {
            Ok(state) => {
                let encoded = state.encode(site);
                assert_eq!(
                    State::decode(&encoded, site).as_ref(),
                    Ok(&state),
                    "decode(encode(state)) is the state; encoded: {encoded:?}"
                );
                let mut merged = state.clone();
                merged.merge(state.clone());
                assert_eq!(merged, state, "merging a state into itself");
            }
            Err(error) => {
                let _ = error.reason();
            }
        }
    }

    assert_eq!(
        percent::decode(&percent::encode_minimal(text)).as_deref(),
        Some(text)
    );
    assert_eq!(
        percent::decode(&percent::encode(text)).as_deref(),
        Some(text)
    );
}

/// A storage id as `site.yaml` accepts it (the rule of `config`'s `is_storage_id`): the only
/// sites a saved state is ever decoded for.
fn is_storage_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '-' | '_' | '/' | ':'))
}

/// The dev server's request head parsing and path rules: a parsed request's path, and any
/// path `decode_path` accepts, starts with `/` and holds no `.` or `..` segment, backslash or
/// NUL; the file it maps to is a relative path inside the site, and a redirect to it stays on
/// the server.
pub fn http(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();

    if let Ok(request) = http::parse_request(text) {
        assert_request_path(&request.path);
        let file = http::file_for(&request.path);
        assert_file_key(&file);
        let _ = http::content_type(&file);
        let location = http::location_for(&file);
        assert!(
            location.starts_with('/') && !location.starts_with("//"),
            "redirect {location:?} leaves the server"
        );
    }
    for raw in [text, text.lines().next().unwrap_or_default()] {
        if let Ok(path) = http::decode_path(raw) {
            assert_request_path(&path);
            assert_file_key(&http::file_for(&path));
        }
    }
}

/// A decoded request path: absolute, and naming nothing outside the site.
fn assert_request_path(path: &str) {
    assert!(path.starts_with('/'), "{path:?} is not absolute");
    assert!(!path.contains(['\\', '\0']), "{path:?}");
    assert!(
        !path
            .split('/')
            .any(|segment| segment == ".." || segment == "."),
        "{path:?} has a dot segment"
    );
}

/// The key of a served file, looked up among the site's files: relative, no dot segment,
/// backslash or NUL (empty segments, from `//` in a request, name nothing).
fn assert_file_key(key: &str) {
    assert!(!key.is_empty() && !key.starts_with('/'), "{key:?}");
    assert!(!key.contains(['\\', '\0']), "{key:?}");
    assert!(
        !key.split('/')
            .any(|segment| segment == "." || segment == ".."),
        "{key:?} has a dot segment"
    );
}

/// A path inside the output folder: relative, `/`-separated, no empty or dot segments, no
/// backslash or NUL.
fn assert_output_path(path: &str) {
    assert!(!path.is_empty(), "empty output path");
    assert!(!path.contains(['\\', '\0']), "{path:?}");
    assert!(
        path.split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != ".."),
        "{path:?} is not a plain relative path"
    );
}

/// Every problem is about `path` and points at a line and column that exist in `text`
/// (counting `\n`, `\r\n` and a lone `\r` as line ends, generously: a column may be one past
/// the end).
fn assert_inside(problems: &[Diagnostic], path: &str, text: &str) {
    for problem in problems {
        assert_eq!(problem.path, path, "{problem}");
        assert_position(problem.line, problem.col, text, &problem.message);
    }
}

fn assert_position(line: usize, col: usize, text: &str, message: &str) {
    let lines = text.matches('\n').count() + text.matches('\r').count() + 1;
    let chars = text.chars().count();
    assert!(
        (1..=lines).contains(&line) && (1..=chars + 1).contains(&col),
        "{line}:{col} is outside the text ({lines} lines, {chars} characters): {message}"
    );
}
