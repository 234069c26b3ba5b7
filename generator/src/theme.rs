//! The theme: Tera templates and static assets.
//!
//! The default theme is embedded in the binary; a site overrides any single file by putting its
//! own at the same path under `themes/<theme>/` (see `source::load`). Templates are parsed once
//! per build; every syntax problem is reported at its template file, line and column.

use std::collections::BTreeMap;

use tera::{ErrorKind, Tera};

use crate::diagnostics::Diagnostic;

include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));

/// One file of the theme and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeFile {
    /// Where to point diagnostics: the site-relative path, or `(built-in)/…` for embedded files.
    pub origin: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// The folder of templates inside a theme.
pub const TEMPLATES: &str = "templates/";
/// The folder of static assets inside a theme.
pub const STATIC: &str = "static/";

/// Templates every theme must provide (the default theme provides them all).
pub const REQUIRED_TEMPLATES: [&str; 4] = ["index.html", "section.html", "page.html", "404.html"];

/// Parses every template of the theme. All syntax problems are returned together.
pub fn load_templates(theme: &BTreeMap<String, ThemeFile>) -> Result<Tera, Vec<Diagnostic>> {
    let mut templates = Vec::new();
    let mut problems = Vec::new();
    let mut origins = BTreeMap::new();
    for (path, file) in theme {
        let Some(name) = path.strip_prefix(TEMPLATES) else {
            continue;
        };
        match std::str::from_utf8(&file.bytes) {
            Ok(text) => {
                templates.push((name.to_owned(), text.to_owned()));
                origins.insert(name.to_owned(), file.origin.clone());
            }
            Err(_) => problems.push(Diagnostic::error(
                &file.origin,
                (1, 1),
                "template is not valid UTF-8 text",
            )),
        }
    }
    for required in REQUIRED_TEMPLATES {
        if !origins.contains_key(required) {
            problems.push(Diagnostic::error(
                format!("{TEMPLATES}{required}"),
                (1, 1),
                format!("the theme has no `{required}` template"),
            ));
        }
    }

    let mut tera = Tera::new();
    if let Err(error) =
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        // Find every broken template, not just the first: parse each one on its own.
        let mut found_syntax_error = false;
        for (name, text) in &templates {
            let mut single = Tera::new();
            if let Err(single_error) = single.add_raw_template(name, text)
                && matches!(single_error.kind(), ErrorKind::SyntaxError(_))
            {
                found_syntax_error = true;
                problems.push(template_diagnostic(&single_error, &origins));
            }
        }
        if !found_syntax_error {
            problems.push(template_diagnostic(&error, &origins));
        }
    }
    if problems.is_empty() {
        Ok(tera)
    } else {
        Err(problems)
    }
}

/// Turns a Tera error into a diagnostic at the template's file, line and column.
pub fn template_diagnostic(error: &tera::Error, origins: &BTreeMap<String, String>) -> Diagnostic {
    let origin_of = |name: &str| {
        origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("{TEMPLATES}{name}"))
    };
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            Diagnostic::error(
                origin_of(report.filename()),
                (span.start_line.max(1), span.start_col + 1),
                format!("template: {}", report.message()),
            )
        }
        ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            origin_of(current),
            (1, 1),
            format!("template extends `{parent}`, which does not exist"),
        ),
        ErrorKind::TemplateNotFound(name) => Diagnostic::error(
            origin_of(name),
            (1, 1),
            format!("template `{name}` does not exist"),
        ),
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            Diagnostic::error(
                origin_of(tpl),
                (1, 1),
                format!("template: {}", error.kind()),
            )
        }
        other => Diagnostic::error("themes", (1, 1), format!("template: {other}")),
    }
}

/// Where the template that writes the `<html>` element came from (the one a page's document
/// starts in), for diagnostics about what every page must carry.
pub fn document_template(theme: &BTreeMap<String, ThemeFile>) -> Option<String> {
    theme.iter().find_map(|(path, file)| {
        let is_document = path.starts_with(TEMPLATES)
            && std::str::from_utf8(&file.bytes).is_ok_and(|text| text.contains("<html"));
        is_document.then(|| file.origin.clone())
    })
}

/// Where each template came from, for diagnostics.
pub fn template_origins(theme: &BTreeMap<String, ThemeFile>) -> BTreeMap<String, String> {
    theme
        .iter()
        .filter_map(|(path, file)| {
            Some((
                path.strip_prefix(TEMPLATES)?.to_owned(),
                file.origin.clone(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme_with(overrides: &[(&str, &str)]) -> BTreeMap<String, ThemeFile> {
        let mut theme: BTreeMap<String, ThemeFile> = EMBEDDED_THEME
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
            .collect();
        for (path, text) in overrides {
            theme.insert(
                (*path).to_owned(),
                ThemeFile {
                    origin: format!("themes/default/{path}"),
                    bytes: text.as_bytes().to_vec(),
                },
            );
        }
        theme
    }

    #[test]
    fn the_embedded_theme_parses() {
        assert!(load_templates(&theme_with(&[])).is_ok());
    }

    #[test]
    fn every_broken_template_is_reported_at_its_line() {
        let problems = load_templates(&theme_with(&[
            ("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title \n{% endblock main %}"),
            ("templates/404.html", "ok\n{% if %}"),
        ]))
        .expect_err("broken");
        let places: Vec<(&str, usize)> =
            problems.iter().map(|p| (p.path.as_str(), p.line)).collect();
        assert_eq!(
            places,
            [
                ("themes/default/templates/404.html", 2),
                ("themes/default/templates/page.html", 4)
            ]
        );
    }
}
