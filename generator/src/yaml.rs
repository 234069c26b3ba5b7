//! The one place that knows which YAML library is in use.
//!
//! `serde_yaml` is archived upstream; keeping it behind [`parse`] and [`Extra`] means it can be
//! swapped for a maintained fork by editing this file alone.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A YAML document that failed to parse or did not match the expected shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What went wrong, without the location.
    pub message: String,
    /// 1-based line within the YAML text, when known.
    pub line: usize,
    /// 1-based column within the YAML text, when known.
    pub col: usize,
}

/// Parses `text` into `T`, reporting the location of the first problem.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|error| {
        let (line, col) = error
            .location()
            .map_or((1, 1), |location| (location.line(), location.column()));
        YamlError {
            message: clean_message(&error.to_string()),
            line,
            col,
        }
    })
}

/// Removes serde_yaml's own " at line L column C" suffix: diagnostics carry the location.
fn clean_message(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

/// A free-form YAML value (the `extra` maps of `site.yaml` and front matter) that themes read.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Extra(serde_yaml::Value);

impl Extra {
    /// Whether this is a mapping (or absent), which is what `extra` must be.
    pub fn is_mapping(&self) -> bool {
        matches!(
            self.0,
            serde_yaml::Value::Mapping(_) | serde_yaml::Value::Null
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "only the parse result matters")]
    struct Sample {
        title: String,
    }

    #[test]
    fn errors_carry_locations() {
        let error = parse::<Sample>("title: ok\ntitel: typo\n").expect_err("unknown key");
        assert_eq!((error.line, error.col), (2, 1));
        assert!(
            error.message.starts_with("unknown field `titel`"),
            "{}",
            error.message
        );

        let error = parse::<Sample>("title: [unclosed\n").expect_err("bad syntax");
        assert_eq!(error.line, 1);
    }
}
