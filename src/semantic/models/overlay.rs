//! A project's additions to the model files: the `[models.<file>]` tables of config, each merged
//! into the embedded `rules/models/<file>.toml` before that file is read. Arrays take the new
//! entries (a method name, a whole `[[insecure-call]]`), tables merge key by key, other values
//! replace the embedded ones; the merged file is then read into the same types as the embedded
//! one, so an addition is checked exactly as the shipped models are.

use std::collections::BTreeMap;

use toml::{Table, Value};

/// The model files a project may extend, by the stem of their name in `rules/models/`.
pub const MODEL_FILES: [&str; 9] = [
    "architecture",
    "console",
    "errors",
    "frameworks",
    "operations",
    "performance",
    "secrets",
    "security",
    "taint",
];

/// The `[models.<file>]` tables of a config, by file stem.
pub type ModelOverlay = BTreeMap<String, Table>;

/// Why a project's addition to a model file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverlayError {
    /// The key of config it concerns (`models.security.insecure-call`).
    pub key: String,
    pub message: String,
}

/// Merges `addition` into `base`, the model file `file` as embedded; `key` is the config key of
/// `addition` (`models.security`), for errors.
pub fn merge(
    base: &mut Table,
    addition: &Table,
    file: &str,
    key: &str,
) -> Result<(), OverlayError> {
    for (name, added) in addition {
        let key = format!("{key}.{name}");
        match base.get_mut(name) {
            None => {
                base.insert(name.clone(), added.clone());
            }
            Some(Value::Array(entries)) => {
                let Value::Array(new_entries) = added else {
                    return Err(mismatch(&key, "an array", file));
                };
                for entry in new_entries {
                    if !entries.contains(entry) {
                        entries.push(entry.clone());
                    }
                }
            }
            Some(Value::Table(table)) => {
                let Value::Table(new_table) = added else {
                    return Err(mismatch(&key, "a table", file));
                };
                merge(table, new_table, file, &key)?;
            }
            Some(value) => {
                if value.type_str() != added.type_str() {
                    let expected = format!("a {}", value.type_str());
                    return Err(mismatch(&key, &expected, file));
                }
                *value = added.clone();
            }
        }
    }
    Ok(())
}

fn mismatch(key: &str, expected: &str, file: &str) -> OverlayError {
    OverlayError {
        key: key.to_string(),
        message: format!("expected {expected}, as in rules/models/{file}.toml"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        text.parse().expect("test TOML parses")
    }

    #[test]
    fn arrays_take_new_entries_once_and_tables_merge_by_key() {
        let mut base = table(
            "words = [\"secret\", \"token\"]\n[[shape]]\nname = \"a\"\n[values]\nmin-length = 6\nkept = [\"x\"]\n",
        );
        let addition = table(
            "words = [\"token\", \"apitoken\"]\n[[shape]]\nname = \"b\"\n[values]\nmin-length = 8\n",
        );
        merge(&mut base, &addition, "secrets", "models.secrets").expect("merges");
        assert_eq!(
            base,
            table(
                "words = [\"secret\", \"token\", \"apitoken\"]\n[[shape]]\nname = \"a\"\n[[shape]]\nname = \"b\"\n[values]\nmin-length = 8\nkept = [\"x\"]\n"
            )
        );
    }

    #[test]
    fn a_value_of_another_type_names_its_key_and_the_file() {
        let mut base = table("[names]\nwords = [\"secret\"]\n");
        let error = merge(
            &mut base,
            &table("[names]\nwords = \"apitoken\"\n"),
            "secrets",
            "models.secrets",
        )
        .expect_err("a string is not an array");
        assert_eq!(error.key, "models.secrets.names.words");
        assert_eq!(
            error.message,
            "expected an array, as in rules/models/secrets.toml"
        );
        let error = merge(
            &mut base,
            &table("names = 1\n"),
            "secrets",
            "models.secrets",
        )
        .expect_err("an integer is not a table");
        assert_eq!(error.key, "models.secrets.names");
        assert!(error.message.starts_with("expected a table"), "{error:?}");
    }

    #[test]
    fn a_key_the_file_lacks_is_added_for_the_reader_to_judge() {
        let mut base = table("a = 1\n");
        merge(&mut base, &table("b = 2\n"), "errors", "models.errors").expect("merges");
        assert_eq!(base, table("a = 1\nb = 2\n"));
    }
}
