//! The crate's default build: the Cargo features it enables (`[features] default` of the
//! manifest, followed through the features it names), and whether a `#[cfg(..)]` leaves code
//! out of that build (`#[cfg(not(feature = "s3"))]` when `s3` is a default feature).
//!
//! The build judged is the one that serves: a release build of the default features. A
//! predicate is decided only when everything it depends on is known: features (when the
//! manifest was read), `test` and `doc` (off in a normal build) and `debug_assertions` (off in
//! a release build: a debug-only test token or hot-reload watcher is not served). Targets and
//! custom cfgs are unknown, so `#[cfg(all(unix, not(feature = "s3")))]` is out of the build
//! but `#[cfg(any(unix, not(feature = "s3")))]` is not known to be.

use std::collections::BTreeSet;

/// The features a crate's default build enables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultFeatures(BTreeSet<String>);

impl DefaultFeatures {
    /// From a parsed Cargo.toml: `default` and, transitively, the features it enables.
    /// `dep:x` enables no feature; `x/f` enables the optional dependency `x`'s implicit
    /// feature `x`; `x?/f` does not.
    pub fn from_manifest(manifest: &toml::Table) -> DefaultFeatures {
        let table = manifest.get("features").and_then(|f| f.as_table());
        let mut enabled = BTreeSet::from(["default".to_string()]);
        let mut pending = vec!["default".to_string()];
        while let Some(feature) = pending.pop() {
            let entries = table
                .and_then(|t| t.get(&feature))
                .and_then(|f| f.as_array())
                .into_iter()
                .flatten()
                .filter_map(|entry| entry.as_str());
            for entry in entries {
                let name = match entry.split_once('/') {
                    Some((dependency, _)) if !dependency.ends_with('?') => dependency,
                    Some(_) => continue,
                    None if entry.starts_with("dep:") => continue,
                    None => entry,
                };
                if enabled.insert(name.to_string()) {
                    pending.push(name.to_string());
                }
            }
        }
        DefaultFeatures(enabled)
    }

    pub fn contains(&self, feature: &str) -> bool {
        self.0.contains(feature)
    }
}

/// Whether a `#[cfg(..)]` among `attrs` is false in the default release build: the code is
/// not compiled there. `features` is `None` when the crate's manifest is unknown.
pub fn excluded_by_default(attrs: &[syn::Attribute], features: Option<&DefaultFeatures>) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Meta>()
                .is_ok_and(|predicate| evaluate(&predicate, features) == Some(false))
    })
}

/// A cfg predicate's value in the default build, `None` when it cannot be known.
fn evaluate(predicate: &syn::Meta, features: Option<&DefaultFeatures>) -> Option<bool> {
    match predicate {
        syn::Meta::Path(path) => match path.get_ident()?.to_string().as_str() {
            "test" | "doc" | "debug_assertions" => Some(false),
            _ => None,
        },
        syn::Meta::NameValue(pair) if pair.path.is_ident("feature") => {
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(name),
                ..
            }) = &pair.value
            else {
                return None;
            };
            features.map(|features| features.contains(&name.value()))
        }
        syn::Meta::NameValue(_) => None,
        syn::Meta::List(list) => {
            let name = list.path.get_ident()?.to_string();
            let inner = list
                .parse_args_with(
                    syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                )
                .ok()?;
            let values: Vec<Option<bool>> =
                inner.iter().map(|meta| evaluate(meta, features)).collect();
            match name.as_str() {
                "not" if values.len() == 1 => values[0].map(|value| !value),
                "all" if values.contains(&Some(false)) => Some(false),
                "all" => values.iter().all(Option::is_some).then_some(true),
                "any" if values.contains(&Some(true)) => Some(true),
                "any" => values.iter().all(Option::is_some).then_some(false),
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(manifest: &str) -> DefaultFeatures {
        DefaultFeatures::from_manifest(&toml::from_str(manifest).unwrap())
    }

    fn excluded(cfg: &str, features: Option<&DefaultFeatures>) -> bool {
        let item: syn::ItemFn = syn::parse_str(&format!("#[cfg({cfg})] fn f() {{}}")).unwrap();
        excluded_by_default(&item.attrs, features)
    }

    #[test]
    fn default_features_follow_what_they_enable() {
        let enabled = features(
            r#"
            [features]
            default = ["postgres", "full"]
            full = ["s3", "search/lindera", "dep:metrics", "cache?/redis"]
            postgres = []
            sqlite = []
            "#,
        );
        for on in ["default", "postgres", "full", "s3", "search"] {
            assert!(enabled.contains(on), "{on}");
        }
        for off in ["sqlite", "metrics", "cache"] {
            assert!(!enabled.contains(off), "{off}");
        }
        let none = features("[package]\nname = \"x\"");
        assert!(none.contains("default") && !none.contains("s3"));
    }

    #[test]
    fn cfg_predicates_are_decided_only_when_known() {
        let enabled = features("[features]\ndefault = [\"s3\"]\ns3 = []\nlocal = []");
        let known = Some(&enabled);
        assert!(excluded(r#"not(feature = "s3")"#, known));
        assert!(excluded(r#"feature = "local""#, known));
        assert!(excluded(r#"all(unix, not(feature = "s3"))"#, known));
        assert!(excluded("test", known));
        assert!(!excluded(r#"feature = "s3""#, known));
        assert!(!excluded(r#"not(feature = "local")"#, known));
        assert!(!excluded(r#"any(unix, not(feature = "s3"))"#, known));
        assert!(!excluded("unix", known));
        assert!(excluded("debug_assertions", known));
        assert!(excluded("all(debug_assertions, unix)", known));
        assert!(!excluded("not(debug_assertions)", known));
        assert!(
            !excluded(r#"not(feature = "s3")"#, None),
            "features of an unknown manifest"
        );
    }
}
