//! Free-form values (`extra`): independent of the YAML library, serialized for templates.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::{Kind, Node, Position, Problems, Resolved};

/// A free-form value for themes, independent of the YAML library: serialized for templates as
/// null, a boolean, a number, a string, a list or a mapping (in the order written).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Value {
    /// No value (`~`, `null` or nothing).
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// Text.
    String(String),
    /// A list.
    List(Vec<Value>),
    /// A mapping, in the order written.
    Map(Vec<(String, Value)>),
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(value) => serializer.serialize_bool(*value),
            Self::Int(value) => match u64::try_from(*value) {
                Ok(unsigned) => serializer.serialize_u64(unsigned),
                Err(_) => serializer.serialize_i64(*value),
            },
            Self::Float(value) => serializer.serialize_f64(*value),
            Self::String(value) => serializer.serialize_str(value),
            Self::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Self::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

pub(super) fn to_value(node: &Node, problems: &Problems) -> Value {
    match &node.kind {
        Kind::Scalar(scalar) => match scalar.resolved {
            Resolved::Null => Value::Null,
            Resolved::Bool(value) => Value::Bool(value),
            Resolved::Int(value) => Value::Int(value),
            Resolved::Float(value) => Value::Float(value),
            Resolved::Str => Value::String(scalar.text.clone()),
        },
        Kind::List(items) => {
            Value::List(items.iter().map(|item| to_value(item, problems)).collect())
        }
        Kind::Map(entries) => {
            let mut map: Vec<(String, Value)> = Vec::with_capacity(entries.len());
            let mut first_at: Vec<Position> = Vec::with_capacity(entries.len());
            for (key, value) in entries {
                let Some(scalar) = key.scalar() else {
                    problems.report(
                        key.at,
                        "a key in `extra` must be a name, not a list or a mapping",
                    );
                    continue;
                };
                if let Some(index) = map.iter().position(|(name, _)| *name == scalar.text) {
                    problems.report(
                        key.at,
                        format!(
                            "duplicate key `{}` (first given on line {}): keep one",
                            scalar.text, first_at[index].0
                        ),
                    );
                    continue;
                }
                first_at.push(key.at);
                map.push((scalar.text.clone(), to_value(value, problems)));
            }
            Value::Map(map)
        }
    }
}

/// The free-form `extra` values of `site.yaml` or a page's front matter, which themes read
/// (`site.extra.x`, `page.extra.y`): a mapping, or [`Value::Null`] when not given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extra(pub(super) Value);

impl Extra {
    /// The values.
    pub fn value(&self) -> &Value {
        &self.0
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}
