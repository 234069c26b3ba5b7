//! Building fixture sites: the pages, the site-wide files, and the guarantees around them.

use crate::support::{SiteTest, redact_hashes};

#[test]
fn basic_site_builds_every_file() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    let files: Vec<String> = site
        .files("public")
        .iter()
        .map(|f| redact_hashes(f))
        .collect();
    insta::assert_snapshot!(files.join("\n"));
}

#[test]
fn pages_render_headings_checklists_tables_and_links() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    insta::assert_snapshot!(site.main_of("public/guide/first/index.html"));
    insta::assert_snapshot!(site.main_of("public/guide/second/index.html"));
}

#[test]
fn page_head_has_meta_canonical_and_open_graph() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    let html = site.read("public/guide/first/index.html");
    let head = &html[..html.find("</head>").expect("head")];
    insta::assert_snapshot!(redact_hashes(head));
}

#[test]
fn output_is_byte_identical_across_runs() {
    let site = SiteTest::fixture("basic");
    site.build(&["--out", "one"]);
    site.build(&["--out", "two"]);
    let one = site.files("one");
    assert_eq!(one, site.files("two"));
    for file in one {
        assert_eq!(
            std::fs::read(site.root.join("one").join(&file)).expect("read"),
            std::fs::read(site.root.join("two").join(&file)).expect("read"),
            "{file} differs"
        );
    }
}

#[test]
fn every_internal_address_carries_the_sub_path() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    for file in site.files("public").iter().filter(|f| f.ends_with(".html")) {
        let html = site.read(&format!("public/{file}"));
        for attribute in ["href=\"/", "src=\"/", "url=/"] {
            for (index, _) in html.match_indices(attribute) {
                let rest = &html[index + attribute.len() - 1..];
                assert!(
                    rest.starts_with("/docs/guide/"),
                    "{file}: {}",
                    &rest[..rest.len().min(60)]
                );
            }
        }
    }
    let headers = site.read("public/_headers");
    assert!(
        headers.contains("/docs/guide/*\n  Content-Security-Policy:"),
        "{headers}"
    );
    assert!(
        site.read("public/robots.txt")
            .contains("Sitemap: https://example.org/docs/guide/sitemap.xml")
    );
}

#[test]
fn base_url_flag_moves_the_site() {
    let site = SiteTest::fixture("basic");
    site.build(&["--base-url", "https://mirror.example.net/x"]);
    let html = site.read("public/guide/first/index.html");
    assert!(
        html.contains(r#"<link rel="canonical" href="https://mirror.example.net/x/guide/first/">"#)
    );
    assert!(html.contains(r#"href="/x/guide/second/#keep-going""#));
}

#[test]
fn pages_have_no_inline_scripts_or_styles() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    for file in site.files("public").iter().filter(|f| f.ends_with(".html")) {
        let html = site.read(&format!("public/{file}"));
        assert!(!html.contains(" style="), "{file} has a style attribute");
        assert!(!html.contains("<style"), "{file} has a style element");
        for (index, _) in html.match_indices("<script") {
            let tag = &html[index..index + html[index..].find('>').expect("tag end")];
            assert!(tag.contains(" src="), "{file} has an inline script: {tag}");
        }
    }
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    assert!(!site.exists("public/unfinished/index.html"));
    assert!(!site.read("public/sitemap.xml").contains("unfinished"));
    site.build(&["--drafts"]);
    assert!(site.exists("public/unfinished/index.html"));
}

#[test]
fn aliases_redirect_to_the_new_address() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    let redirect = site.read("public/old/second/index.html");
    assert!(
        redirect
            .contains(r#"<meta http-equiv="refresh" content="0; url=/docs/guide/guide/second/">"#),
        "{redirect}"
    );
}

#[test]
fn sitemap_and_not_found_page() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    insta::assert_snapshot!(site.read("public/sitemap.xml"));
    let not_found = site.read("public/404.html");
    assert!(not_found.contains("<h1>Page not found</h1>"));
    assert!(not_found.contains(r#"href="/docs/guide/""#));
}

#[test]
fn a_site_template_overrides_only_that_template() {
    let site = SiteTest::fixture("override");
    site.build(&[]);
    let page = site.read("public/page/index.html");
    assert!(
        page.contains(r#"<p class="overridden">Custom page template: A page</p>"#),
        "{page}"
    );
    // The base template still comes from the built-in theme.
    assert!(page.contains(r##"<a class="skip-link" href="#main">"##));
    assert!(!site.read("public/index.html").contains("overridden"));
}

#[test]
fn the_theme_comes_from_the_parsed_site_yaml() {
    // `theme: custom  # a comment`: the comment is YAML, not part of the name.
    let site = SiteTest::fixture("theme-comment");
    site.build(&[]);
    let page = site.read("public/page/index.html");
    assert!(
        page.contains(r#"<p class="custom-theme">Custom theme: A page</p>"#),
        "{page}"
    );
}

#[test]
fn themes_read_extra_values_of_site_yaml_and_front_matter() {
    let site = SiteTest::fixture("override");
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nextra:\n  colour: blue\n  size: 3\n",
    );
    site.write(
        "content/page.md",
        "---\ntitle: A page\nextra:\n  links: {zeta: 1, alpha: [x, true]}\n  note: ~\n---\nBody.\n",
    );
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"extra\">{{ site.extra.colour }} {{ site.extra.size + 1 }} {{ page.extra.links.zeta }} {{ page.extra.links.alpha }} {{ page.extra.note is none }}</p>{% endblock main %}",
    );
    site.build(&[]);
    let page = site.read("public/page/index.html");
    assert!(
        page.contains(r#"<p class="extra">blue 4 1 [&quot;x&quot;, true] true</p>"#),
        "{page}"
    );
}

#[test]
fn a_missing_theme_folder_is_an_error_at_the_theme_value() {
    let site = SiteTest::fixture("theme-comment");
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\ntheme: gone  # not there\n",
    );
    let result = site.run(&["build"]);
    assert!(!result.success, "{}", result.stderr);
    assert!(
        result.stderr.contains(
            "site.yaml:3:8: error: theme `gone` not found: expected a folder `themes/gone/`"
        ),
        "{}",
        result.stderr
    );
}

#[test]
fn editors_temporary_and_hidden_files_are_not_part_of_the_site() {
    let site = SiteTest::fixture("basic");
    for name in [
        "content/#first.md#",
        "content/4913",
        "content/guide/first.md.tmp",
        "content/guide/.first.md.swp",
        "content/guide/first.md~",
        "static/files/.notes.swx",
        "static/files/example.txt.swx",
        "static/files/draft.tmp",
    ] {
        site.write(name, "temporary");
    }
    // An Emacs lock file: a dangling symbolic link named like a page.
    #[cfg(unix)]
    std::os::unix::fs::symlink("user@host.1234", site.root.join("content/.#about.md"))
        .expect("symlink");
    let result = site.run(&["check", "--strict"]);
    assert!(result.success, "{}", result.stderr);
    assert!(!result.stderr.contains("warning"), "{}", result.stderr);
    site.build(&[]);
    let published = site.files("public");
    assert!(
        published
            .iter()
            .all(|f| !f.contains("swx") && !f.ends_with(".tmp")),
        "{published:?}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::fixture("basic");
    site.build(&[]);
    let before: Vec<(String, Vec<u8>)> = site
        .files("public")
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.root.join("public").join(&f)).expect("read");
            (f, bytes)
        })
        .collect();
    site.write("content/guide/first.md", "---\ntitle: [broken\n---\n");
    let result = site.run(&["build"]);
    assert!(!result.success);
    assert!(
        result
            .stderr
            .contains("The previous output, if any, was left as it was."),
        "{}",
        result.stderr
    );
    for (file, bytes) in before {
        assert_eq!(
            std::fs::read(site.root.join("public").join(&file)).expect("read"),
            bytes,
            "{file} changed"
        );
    }
}

#[test]
fn check_reports_without_writing() {
    let site = SiteTest::fixture("basic");
    let result = site.run(&["check"]);
    assert!(result.success, "{}", result.stderr);
    assert!(
        result.stderr.contains("No problems in 5 pages."),
        "{}",
        result.stderr
    );
    assert!(!site.exists("public"));
}

#[test]
fn the_build_refuses_to_replace_a_folder_it_did_not_write() {
    let site = SiteTest::fixture("basic");
    site.write("public/notes.txt", "mine");
    let result = site.run(&["build"]);
    assert!(!result.success);
    assert!(
        result.stderr.contains("refusing to replace"),
        "{}",
        result.stderr
    );
    assert_eq!(site.read("public/notes.txt"), "mine");
}

#[test]
fn the_written_site_is_the_site_built_in_memory() {
    // `stepwise build` streams pages into the output folder and lets go of their text once
    // rendered; the dev server keeps everything. Both must publish the same bytes (the service
    // worker's version among them), before and after an edit of one page's body.
    let site = SiteTest::fixture("basic");
    for round in 0..2 {
        if round == 1 {
            let page = site.read("content/about.md");
            site.write(
                "content/about.md",
                format!("{page}\nA sentence added later.\n"),
            );
        }
        site.build(&[]);
        let source = stepwise::source::load(&site.root).expect("site loads");
        let output = stepwise::pipeline::build(&source, &Default::default());
        assert!(output.succeeded(false), "{:?}", output.diagnostics);
        let mut written = site.files("public");
        // The marker that tells a later build this folder is its own.
        written.retain(|path| path != ".stepwise-output");
        let built: Vec<&str> = output.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(written, built, "the same files");
        for file in &output.files {
            let on_disk = std::fs::read(site.root.join("public").join(&file.path)).expect("read");
            assert!(
                on_disk == file.bytes[..],
                "{} differs (round {round}): written\n{}\nin memory\n{}",
                file.path,
                String::from_utf8_lossy(&on_disk),
                String::from_utf8_lossy(&file.bytes)
            );
        }
    }
}

#[test]
fn a_site_kept_whole_offline_keeps_its_search_index_and_page() {
    let source = stepwise::source::load(&crate::support::workspace().join("tests/fixtures/basic"))
        .expect("fixture loads");
    let output = stepwise::pipeline::build(&source, &Default::default());
    assert!(output.succeeded(false), "{:?}", output.diagnostics);
    let worker = output
        .files
        .iter()
        .find(|f| f.path == "sw.js")
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .expect("a service worker");
    let line = worker
        .lines()
        .find(|line| line.starts_with("const PRECACHE = "))
        .expect("the precache list");
    let base = "/docs/guide/";
    for file in &output.files {
        let searchy = file.path.starts_with("search/") || file.path.starts_with("assets/search");
        if searchy {
            let address = file.path.strip_suffix("index.html").unwrap_or(&file.path);
            assert!(
                line.contains(&format!("\"{base}{address}\"")),
                "{} is not kept offline: {line}",
                file.path
            );
        }
    }
    assert!(line.contains(&format!("\"{base}search/\"")), "{line}");
    assert!(
        line.contains(&format!("\"{base}search/index.bin\"")),
        "{line}"
    );
}
