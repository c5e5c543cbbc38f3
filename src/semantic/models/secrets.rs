//! The secrets models (`rules/models/secrets.toml`): the words that make a name a secret's,
//! the values that only stand in for one, the shapes of well-known credentials, and the calls
//! whose argument is key material.

use serde::Deserialize;

use super::ArgPattern;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct SecretsFile {
    names: NameModels,
    values: ValueModels,
    shape: Vec<ShapeRaw>,
    key_material: KeyMaterialRaw,
    fallbacks: FallbackModels,
    log: LogModels,
}

/// What hides a secret from a derived `Debug` (`[log]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LogModels {
    pub redacting_types: Vec<String>,
    pub redacting_field_attributes: Vec<String>,
    pub opt_in_words: Vec<String>,
    pub channel_words: Vec<String>,
    pub aggregate_words: Vec<String>,
    pub plain_types: Vec<String>,
}

/// What makes a configuration read fall back to a literal (`[fallbacks]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FallbackModels {
    pub methods: Vec<String>,
    pub env_macros: Vec<String>,
    pub attributes: Vec<String>,
    pub env_key: String,
    pub default_keys: Vec<String>,
}

/// What makes a name a secret's (`[names]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NameModels {
    pub words: Vec<String>,
    /// Two-word phrases, as `"api key"`.
    pub phrases: Vec<String>,
    pub not_after: Vec<String>,
    pub not_before: Vec<String>,
    pub qualifiers: Vec<String>,
    pub test_words: Vec<String>,
    /// Words that make a module development data, not a name (`db_migrate_dev`).
    pub development_module_words: Vec<String>,
}

/// What only stands in for a secret (`[values]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ValueModels {
    pub placeholders: Vec<String>,
    pub placeholder_marks: Vec<String>,
    pub min_length: usize,
    pub not_secret_prefixes: Vec<String>,
    pub conversions: Vec<String>,
    /// `Type::function` (by the path's last two segments) or a function name.
    pub wrappers: Vec<String>,
    pub keeping: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ShapeRaw {
    name: String,
    prefixes: Vec<String>,
    charset: String,
    min: usize,
    max: usize,
    #[serde(default)]
    contains: Option<String>,
    #[serde(default)]
    ends_with: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyMaterialRaw {
    functions: Vec<String>,
}

/// The shape of a well-known credential (`[[shape]]`).
#[derive(Debug)]
pub struct Shape {
    pub name: String,
    pub prefixes: Vec<String>,
    /// The characters of the body after the prefix.
    pub charset: Vec<CharRange>,
    pub min: usize,
    pub max: usize,
    pub contains: Option<String>,
    pub ends_with: Option<String>,
}

/// One range of a shape's charset (`A-Z`, or one character as `_`..=`_`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CharRange(pub char, pub char);

impl Shape {
    /// Whether `c` may be part of the body.
    pub fn allows(&self, c: char) -> bool {
        self.charset
            .iter()
            .any(|CharRange(low, high)| (*low..=*high).contains(&c))
    }
}

/// `A-Za-z0-9_-`: ranges and single characters (a `-` at the end is itself).
fn parse_charset(text: &str) -> Vec<CharRange> {
    let chars: Vec<char> = text.chars().collect();
    let mut ranges = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        if at + 2 < chars.len() && chars[at + 1] == '-' {
            ranges.push(CharRange(chars[at], chars[at + 2]));
            at += 3;
        } else {
            ranges.push(CharRange(chars[at], chars[at]));
            at += 1;
        }
    }
    ranges
}

/// All secrets models.
#[derive(Debug)]
pub struct SecretsModels {
    pub names: NameModels,
    pub values: ValueModels,
    pub shapes: Vec<Shape>,
    /// Calls whose argument is key material, with the argument's index.
    pub key_material: Vec<ArgPattern>,
    pub fallbacks: FallbackModels,
    pub log: LogModels,
}

impl SecretsModels {
    pub(super) fn from_file(file: SecretsFile) -> SecretsModels {
        SecretsModels {
            names: file.names,
            fallbacks: file.fallbacks,
            log: file.log,
            values: file.values,
            shapes: file
                .shape
                .into_iter()
                .map(|raw| Shape {
                    charset: parse_charset(&raw.charset),
                    name: raw.name,
                    prefixes: raw.prefixes,
                    min: raw.min,
                    max: raw.max,
                    contains: raw.contains,
                    ends_with: raw.ends_with,
                })
                .collect(),
            key_material: file
                .key_material
                .functions
                .iter()
                .map(|text| ArgPattern::parse(text))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets_parse_ranges_and_single_characters() {
        assert_eq!(
            parse_charset("A-Z0-9_-"),
            vec![
                CharRange('A', 'Z'),
                CharRange('0', '9'),
                CharRange('_', '_'),
                CharRange('-', '-')
            ]
        );
    }
}
