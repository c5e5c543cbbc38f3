//! Rule metadata, read from the rule's own documentation page `rules/<id>.md`.
//!
//! The page opens with TOML front matter between `+++` lines (id, category, level, CWE, tags,
//! precision, options), followed by Markdown with fixed headings: `## What it finds`,
//! `## Why it matters`, `## Known limits`, `## Bad`, `## Good` and, when the rule has options,
//! `## Options`. The page is embedded in the binary; `--explain`, `--list-rules` and SARIF rule
//! metadata all read it, and `tests/rule_docs.rs` runs its examples.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use crate::diagnostic::{Level, Severity};

/// The groups rules belong to; each can be selected or ignored as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Security,
    Errors,
    Validation,
    Performance,
    Architecture,
    Operations,
    Meta,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Security,
        Category::Errors,
        Category::Validation,
        Category::Performance,
        Category::Architecture,
        Category::Operations,
        Category::Meta,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Errors => "errors",
            Category::Validation => "validation",
            Category::Performance => "performance",
            Category::Architecture => "architecture",
            Category::Operations => "operations",
            Category::Meta => "meta",
        }
    }

    pub fn parse(text: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How often a finding of the rule is a true positive (SARIF `precision`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    VeryHigh,
    High,
    Medium,
    Low,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::VeryHigh => "very-high",
            Precision::High => "high",
            Precision::Medium => "medium",
            Precision::Low => "low",
        }
    }
}

/// The type of a rule option's value, checked when config is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OptionType {
    Integer,
    Boolean,
    String,
    StringList,
}

impl OptionType {
    pub fn as_str(self) -> &'static str {
        match self {
            OptionType::Integer => "an integer",
            OptionType::Boolean => "a boolean",
            OptionType::String => "a string",
            OptionType::StringList => "a list of strings",
        }
    }

    pub fn accepts(self, value: &toml::Value) -> bool {
        match (self, value) {
            (OptionType::Integer, toml::Value::Integer(_))
            | (OptionType::Boolean, toml::Value::Boolean(_))
            | (OptionType::String, toml::Value::String(_)) => true,
            (OptionType::StringList, toml::Value::Array(items)) => items.iter().all(|v| v.is_str()),
            _ => false,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionMeta {
    #[serde(rename = "type")]
    pub kind: OptionType,
    pub default: toml::Value,
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FrontMatter {
    id: String,
    /// A readable name for SARIF, when the id's UpperCamelCase would only differ in case.
    name: Option<String>,
    category: Category,
    level: String,
    summary: String,
    precision: Precision,
    #[serde(default)]
    cwe: Vec<u32>,
    #[serde(default)]
    owasp: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    security_severity: Option<f64>,
    #[serde(default)]
    options: BTreeMap<String, OptionMeta>,
}

/// Everything known about a rule that is not code.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    /// The SARIF `name` given in the front matter (`ServerSideRequestForgery` for `ssrf`).
    pub name: Option<String>,
    pub category: Category,
    pub default_severity: Severity,
    /// One sentence: SARIF `shortDescription`, `--list-rules`.
    pub summary: String,
    pub precision: Precision,
    pub cwe: Vec<u32>,
    pub owasp: Vec<String>,
    pub tags: Vec<String>,
    /// GitHub's `security-severity` (0.0–10.0), security rules only.
    pub security_severity: Option<f64>,
    pub options: BTreeMap<String, OptionMeta>,
    /// The Markdown body after the front matter.
    pub markdown: &'static str,
    /// Code blocks under `## Bad` and `## Good`.
    pub bad_examples: Vec<String>,
    pub good_examples: Vec<String>,
}

impl RuleMeta {
    /// Parses a rule page. The page is embedded at compile time, so a malformed page is a
    /// bug in backlint itself; `tests/rule_docs.rs` parses every page to catch it early.
    pub fn parse(id: &'static str, page: &'static str) -> Result<RuleMeta, String> {
        let rest = page
            .strip_prefix("+++\n")
            .ok_or_else(|| format!("rules/{id}.md: must start with `+++` front matter"))?;
        let end = rest
            .find("\n+++\n")
            .ok_or_else(|| format!("rules/{id}.md: front matter is not closed by `+++`"))?;
        let front: FrontMatter = toml::from_str(&rest[..end])
            .map_err(|e| format!("rules/{id}.md: front matter: {}", e.message()))?;
        if front.id != id {
            return Err(format!(
                "rules/{id}.md: front matter says id `{}`",
                front.id
            ));
        }
        let default_severity = Severity::parse(&front.level)
            .ok_or_else(|| format!("rules/{id}.md: unknown level `{}`", front.level))?;
        let markdown = &rest[end + 5..];
        Ok(RuleMeta {
            id,
            category: front.category,
            default_severity,
            summary: front.summary,
            precision: front.precision,
            cwe: front.cwe,
            owasp: front.owasp,
            tags: front.tags,
            security_severity: front.security_severity,
            name: front.name,
            options: front.options,
            markdown,
            bad_examples: code_blocks_under(markdown, "## Bad"),
            good_examples: code_blocks_under(markdown, "## Good"),
        })
    }

    /// The level findings get when config says nothing.
    pub fn default_level(&self) -> Option<Level> {
        match self.default_severity {
            Severity::Off => None,
            Severity::On(level) => Some(level),
        }
    }

    /// An option's value: the one configured in `table` (`[rules.<id>]`), else the page's default.
    pub fn option<'a>(
        &'a self,
        table: Option<&'a toml::Table>,
        name: &str,
    ) -> Option<&'a toml::Value> {
        table
            .and_then(|table| table.get(name))
            .or_else(|| self.options.get(name).map(|option| &option.default))
    }

    /// The text of a `## Heading` section, without the heading, trimmed.
    pub fn section(&self, heading: &str) -> Option<&'static str> {
        section(self.markdown, heading)
    }
}

fn section<'a>(markdown: &'a str, heading: &str) -> Option<&'a str> {
    let start = markdown
        .match_indices(heading)
        .find(|(at, _)| {
            (*at == 0 || markdown[..*at].ends_with('\n'))
                && markdown[at + heading.len()..].starts_with('\n')
        })
        .map(|(at, _)| at + heading.len())?;
    let body = &markdown[start..];
    let end = body.find("\n## ").unwrap_or(body.len());
    Some(body[..end].trim())
}

/// The contents of the fenced ```rust blocks of one section.
fn code_blocks_under(markdown: &str, heading: &str) -> Vec<String> {
    let Some(body) = section(markdown, heading) else {
        return Vec::new();
    };
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in body.lines() {
        match &mut current {
            None if line.trim_start().starts_with("```rust") => current = Some(String::new()),
            Some(_) if line.trim_start().starts_with("```") => blocks.extend(current.take()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "+++\nid = \"x-rule\"\ncategory = \"errors\"\nlevel = \"warning\"\nsummary = \"s\"\nprecision = \"high\"\n+++\n# x-rule\n\n## What it finds\nThings.\n\n## Bad\n```rust\nfn bad() {}\n```\n\n```rust\nfn worse() {}\n```\n\n## Good\n```rust\nfn good() {}\n```\n";

    #[test]
    fn parses_front_matter_sections_and_examples() {
        let meta = RuleMeta::parse("x-rule", PAGE).unwrap();
        assert_eq!(meta.category, Category::Errors);
        assert_eq!(meta.default_level(), Some(Level::Warning));
        assert_eq!(meta.section("## What it finds"), Some("Things."));
        assert_eq!(meta.bad_examples, vec!["fn bad() {}\n", "fn worse() {}\n"]);
        assert_eq!(meta.good_examples, vec!["fn good() {}\n"]);
    }

    #[test]
    fn rejects_a_page_whose_id_differs() {
        let err = RuleMeta::parse("y-rule", PAGE).unwrap_err();
        assert!(err.contains("front matter says id `x-rule`"), "{err}");
    }
}
