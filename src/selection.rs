//! Selections that name categories without rules: `--select performance` (or config
//! `select = ["performance"]`) while the registry has no performance rule yet. Alone, such a
//! selection would run nothing and pass, so it is an error; next to selectors that do pick
//! rules, it is a warning. Which categories are empty comes from the registry, so the check
//! stops applying to a category as soon as it gains a rule.

use crate::rules::{self, Category};
use crate::settings::Selector;

/// A list of selectors that takes part in the run, and where it was written: `--select`,
/// `backlint.toml: extend-select`, …
pub struct SelectorList {
    pub origin: String,
    pub selectors: Vec<Selector>,
}

/// Whether any registered rule is in `category`.
pub fn has_rules(category: Category) -> bool {
    rules::registry()
        .iter()
        .any(|rule| rule.meta().category == category)
}

/// Checks the lists that apply to a run against the registry ([`has_rules`]).
/// `selects_rules`: whether the run enables any rule at all. Returns one warning per list that
/// names categories without rules, or — when the run would enable no rule and such categories
/// were named — the one-line error.
pub fn check(lists: &[SelectorList], selects_rules: bool) -> Result<Vec<String>, String> {
    check_with(lists, selects_rules, &has_rules)
}

/// [`check`] with the registry's answer given.
fn check_with(
    lists: &[SelectorList],
    selects_rules: bool,
    has_rules: &dyn Fn(Category) -> bool,
) -> Result<Vec<String>, String> {
    let named_empty: Vec<(&str, Vec<Category>)> = lists
        .iter()
        .filter_map(|list| {
            let mut empty: Vec<Category> = Vec::new();
            for selector in &list.selectors {
                if let Selector::Category(category) = selector {
                    if !has_rules(*category) && !empty.contains(category) {
                        empty.push(*category);
                    }
                }
            }
            (!empty.is_empty()).then_some((list.origin.as_str(), empty))
        })
        .collect();
    let describe = |(origin, empty): &(&str, Vec<Category>)| {
        let names: Vec<String> = empty.iter().map(|c| format!("`{c}`")).collect();
        match names.as_slice() {
            [one] => format!("{origin}: category {one} has no rules yet"),
            many => format!("{origin}: categories {} have no rules yet", many.join(", ")),
        }
    };
    match named_empty.first() {
        Some(first) if !selects_rules => Err(format!("{}, so no rule would run", describe(first))),
        _ => Ok(named_empty.iter().map(describe).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(origin: &str, selectors: &[Selector]) -> SelectorList {
        SelectorList {
            origin: origin.to_string(),
            selectors: selectors.to_vec(),
        }
    }

    /// A registry whose only rules are security rules.
    fn only_security(category: Category) -> bool {
        category == Category::Security
    }

    const EMPTY: Selector = Selector::Category(Category::Performance);
    const ALSO_EMPTY: Selector = Selector::Category(Category::Architecture);
    const FULL: Selector = Selector::Category(Category::Security);

    #[test]
    fn emptiness_comes_from_the_registry() {
        for category in Category::ALL {
            let in_registry = rules::registry()
                .iter()
                .filter(|rule| rule.meta().category == category)
                .count();
            assert_eq!(has_rules(category), in_registry > 0, "{category}");
        }
        assert!(has_rules(Category::Security));
    }

    #[test]
    fn an_empty_category_alone_is_an_error() {
        let error = check_with(&[list("`--select`", &[EMPTY])], false, &only_security);
        assert_eq!(
            error,
            Err("`--select`: category `performance` has no rules yet, so no rule would run".into())
        );
        let error = check_with(
            &[list("`--select`", &[EMPTY, ALSO_EMPTY, EMPTY])],
            false,
            &only_security,
        );
        assert_eq!(
            error,
            Err(
                "`--select`: categories `performance`, `architecture` have no rules yet, so no \
                 rule would run"
                    .into()
            )
        );
    }

    #[test]
    fn next_to_selectors_that_pick_rules_it_is_a_warning() {
        let warnings = check_with(
            &[
                list("backlint.toml: select", &[EMPTY, FULL]),
                list("`--extend-select`", &[EMPTY, EMPTY]),
            ],
            true,
            &only_security,
        );
        assert_eq!(
            warnings,
            Ok(vec![
                "backlint.toml: select: category `performance` has no rules yet".to_string(),
                "`--extend-select`: category `performance` has no rules yet".to_string(),
            ])
        );
    }

    #[test]
    fn a_category_that_gains_rules_is_no_longer_reported() {
        let every_category_has_rules = |_| true;
        assert_eq!(
            check_with(
                &[list("`--select`", &[EMPTY])],
                true,
                &every_category_has_rules
            ),
            Ok(vec![])
        );
    }

    #[test]
    fn rules_and_full_categories_are_never_reported() {
        let selectors = [Selector::All, FULL, Selector::Rule("print-in-server")];
        let lists = [list("`--select`", &selectors)];
        assert_eq!(check_with(&lists, true, &only_security), Ok(vec![]));
        // A run that selects nothing for another reason is not this check's business.
        assert_eq!(check_with(&lists, false, &only_security), Ok(vec![]));
    }
}
