//! Problems in a site's content, configuration or theme, reported as data.
//!
//! Every stage returns its result together with the problems it found, rather than stopping
//! at the first one, so an author sees every problem at once, each as
//! `path:line:col: error: message`.

use std::fmt;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth fixing; an error only in `--strict` mode.
    Warning,
    /// The site cannot be published as it is.
    Error,
}

/// One problem, pointing at a place in a file of the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file, relative to the site root, with `/` separators.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, and where it helps, how to fix it.
    pub message: String,
}

impl Diagnostic {
    /// An error at `path:line:col`.
    pub fn error(
        path: impl Into<String>,
        (line, col): (usize, usize),
        message: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            line,
            col,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// A warning at `path:line:col`.
    pub fn warning(
        path: impl Into<String>,
        at: (usize, usize),
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(path, at, message)
        }
    }

    /// Whether this problem stops a build (`strict` turns warnings into errors).
    pub fn is_fatal(&self, strict: bool) -> bool {
        self.severity == Severity::Error || strict
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{}:{}:{}: {severity}: {}",
            self.path, self.line, self.col, self.message
        )
    }
}

/// Maps byte offsets in a text to 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(index, _)| index + 1));
        Self { line_starts }
    }

    /// The 1-based `(line, column)` of byte `offset` in `text` (the text this index was built
    /// from). Columns count characters, not bytes.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let col = text
            .get(start..offset)
            .map_or(offset - start, |prefix| prefix.chars().count());
        (line + 1, col + 1)
    }
}

/// Whether any diagnostic stops the build.
pub fn has_fatal(diagnostics: &[Diagnostic], strict: bool) -> bool {
    diagnostics.iter().any(|d| d.is_fatal(strict))
}

/// What changed between two sorted lists of problems: the problems in `current` that
/// `previous` did not have, and how many of `previous` are gone. Linear in both.
pub fn changes<'a>(
    previous: &[Diagnostic],
    current: &'a [Diagnostic],
) -> (Vec<&'a Diagnostic>, usize) {
    let (mut old, mut new) = (previous.iter().peekable(), current.iter().peekable());
    let (mut added, mut fixed) = (Vec::new(), 0);
    loop {
        match (old.peek(), new.peek()) {
            (Some(a), Some(b)) if a == b => {
                old.next();
                new.next();
            }
            (Some(a), Some(b)) if a < b => {
                fixed += 1;
                old.next();
            }
            (_, Some(b)) => {
                added.push(*b);
                new.next();
            }
            (Some(_), None) => {
                fixed += 1;
                old.next();
            }
            (None, None) => return (added, fixed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_list_new_problems_and_count_the_fixed_ones() {
        let at = |line| Diagnostic::error("a.md", (line, 1), "x");
        let previous = [at(1), at(2), at(4)];
        let current = [at(2), at(3), at(5)];
        let (added, fixed) = changes(&previous, &current);
        assert_eq!(added, [&at(3), &at(5)]);
        assert_eq!(fixed, 2);
        assert_eq!(changes(&current, &current), (vec![], 0));
        assert_eq!(changes(&[], &current).0.len(), 3);
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\ncé d\n\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 3), (2, 1));
        // "é" is two bytes; "d" is the fourth character of line 2.
        assert_eq!(
            index.line_col(text, text.find('d').unwrap_or_default()),
            (2, 4)
        );
        assert_eq!(
            index.line_col(text, text.find('x').unwrap_or_default()),
            (4, 1)
        );
        assert_eq!(index.line_col(text, 999), (4, 2));
    }

    #[test]
    fn display_is_path_line_col() {
        let diagnostic = Diagnostic::error("content/a.md", (3, 7), "missing title");
        assert_eq!(
            diagnostic.to_string(),
            "content/a.md:3:7: error: missing title"
        );
    }
}
