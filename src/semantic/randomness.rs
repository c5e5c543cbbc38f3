//! Random-number generators that are not cryptographically secure (`[random]` of
//! `rules/models/security.toml`): fast generators (`SmallRng`, `fastrand`, `StepRng`) and any
//! generator seeded with a constant or the clock (`StdRng::seed_from_u64(42)`).
//! `rand::thread_rng()`/`rand::rng()`, `OsRng` and `Uuid::new_v4()` are secure and never match.

use crate::semantic::models::models;
use crate::semantic::models::security::matches_any;
use crate::semantic::syntax::{is_constant, mentions, peel};
use crate::semantic::FileModel;

/// Why `expr` is a call of a predictable generator, when it is one: `SmallRng::from_entropy`,
/// `fastrand::alphanumeric`, `StdRng::seed_from_u64(42)`.
pub fn weak_generator(file: &FileModel<'_>, expr: &syn::Expr) -> Option<String> {
    let syn::Expr::Call(call) = peel(expr) else {
        return None;
    };
    let syn::Expr::Path(func) = peel(&call.func) else {
        return None;
    };
    let path = file.resolve(&func.path);
    let random = &models().security.random;
    let shown = path[path.len().saturating_sub(2)..].join("::");
    let last = path.last()?;
    if matches_any(&random.weak_generators, &path) {
        return Some(format!(
            "`{shown}` is a fast generator whose output can be predicted"
        ));
    }
    if random.seeding.contains(last) {
        let seed = call.args.first()?;
        let predictable =
            is_constant(peel(seed)) || random.clock_words.iter().any(|word| mentions(seed, word));
        return predictable
            .then(|| format!("`{shown}` with a fixed or clock-derived seed is predictable"));
    }
    weak_crate_function(&path)
}

/// Why `expr`, a function named as a value (`repeat_with(fastrand::alphanumeric)`), draws from
/// a predictable generator, when it does.
pub fn weak_function_reference(file: &FileModel<'_>, expr: &syn::Expr) -> Option<String> {
    let syn::Expr::Path(func) = peel(expr) else {
        return None;
    };
    weak_crate_function(&file.resolve(&func.path))
}

/// A free function of a crate whose functions all draw from a fast generator (`fastrand::u64`).
fn weak_crate_function(path: &[String]) -> Option<String> {
    let from_weak_crate =
        path.len() >= 2 && models().security.random.weak_crates.contains(&path[0]);
    let shown = path[path.len().saturating_sub(2)..].join("::");
    from_weak_crate
        .then(|| format!("`{shown}` draws from a fast generator whose output can be predicted"))
}
