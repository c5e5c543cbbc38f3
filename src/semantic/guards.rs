//! Checks that vouch for an `Option`/`Result`: where `x.unwrap()` cannot fail because the code
//! just tested `x`. The walker records the paths a check proves (in [`crate::semantic::Scope`])
//! for the region the check governs:
//!
//! - `if x.is_some() && .. { <here> }` and `if x.is_none() { .. } else { <here> }`;
//! - `x.is_some() && <here>` and `x.is_none() || <here>`;
//! - `if x.is_none() { return/continue/break/panic!(..) } <rest of the block>`, and
//!   `if let Some(e) = x.as_ref().err() { return .. }` alike;
//!
//! with `is_ok()`/`is_err()` alike, and comparisons with `Some(..)`, `Ok(..)` or `None`
//! (`if x != Some(y) { return .. }`). Only plain paths are tracked: a local or a field chain
//! (`info.offset`), never a method call, and only when the governed region neither assigns to
//! the path (or to a prefix of it), nor borrows it mutably, nor calls an `Option` mutator on it
//! (`take`, `replace`, `insert`, ..). Rebinding the path's root (shadowing) is handled by the
//! walker, which forgets the facts of a name whenever a pattern binds it.

use proc_macro2::{Spacing, TokenStream, TokenTree};
use quote::ToTokens;

use crate::semantic::models::models;
use crate::semantic::syntax::{diverges, macro_name, peel};

/// The dotted text of a local or a field chain (`info.offset`, `self.cfg.path`), looking
/// through parentheses; `None` for anything else.
pub fn value_path(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Paren(paren) => value_path(&paren.expr),
        syn::Expr::Group(group) => value_path(&group.expr),
        syn::Expr::Path(path) if path.qself.is_none() => {
            path.path.get_ident().map(ToString::to_string)
        }
        syn::Expr::Field(field) => {
            let base = value_path(&field.base)?;
            let member = match &field.member {
                syn::Member::Named(ident) => ident.to_string(),
                syn::Member::Unnamed(index) => index.index.to_string(),
            };
            Some(format!("{base}.{member}"))
        }
        _ => None,
    }
}

/// The path an `.unwrap()`/`.expect(..)` receiver unwraps, looking through the adapters that
/// keep `Some`/`Ok` as it is (`[values] keeping-present`: `x.as_ref()`, `v.first().cloned()`);
/// an accessor that a type predicate proves is its own path (`v.as_array_mut()`, see
/// [`accessor_path`]).
pub fn unwrapped_path(receiver: &syn::Expr) -> Option<String> {
    match receiver {
        syn::Expr::MethodCall(call) if call.args.is_empty() && is_proven_accessor(&call.method) => {
            Some(accessor_path(
                &value_path(&call.receiver)?,
                &call.method.to_string(),
            ))
        }
        syn::Expr::MethodCall(call)
            if call.args.is_empty()
                && models()
                    .infallible
                    .values
                    .keeping_present
                    .iter()
                    .any(|adapter| call.method == adapter) =>
        {
            unwrapped_path(&call.receiver)
        }
        syn::Expr::Paren(paren) => unwrapped_path(&paren.expr),
        other => value_path(other),
    }
}

/// `Some(..)`, the pattern of an `if let` on an `Option`.
fn is_some_pattern(pat: &syn::Pat) -> bool {
    matches!(pat, syn::Pat::TupleStruct(tuple) if tuple.path.is_ident("Some"))
}

/// The paths known to hold `Some`/`Ok` when `cond` evaluates to `truth`.
pub fn known_when(cond: &syn::Expr, truth: bool) -> Vec<String> {
    let mut known = Vec::new();
    collect_known(cond, truth, &mut known);
    known
}

fn collect_known(cond: &syn::Expr, truth: bool, known: &mut Vec<String>) {
    match cond {
        syn::Expr::Paren(paren) => collect_known(&paren.expr, truth, known),
        syn::Expr::Group(group) => collect_known(&group.expr, truth, known),
        syn::Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Not(_)) => {
            collect_known(&unary.expr, !truth, known)
        }
        // `if let Some(e) = x.as_ref().err() { return .. }`: past it, `x` is `Ok`.
        syn::Expr::Let(binding) if !truth && is_some_pattern(&binding.pat) => {
            if let syn::Expr::MethodCall(err) = peel(&binding.expr) {
                if err.method == "err" && err.args.is_empty() {
                    known.extend(unwrapped_path(&err.receiver));
                }
            }
        }
        // Both sides of a true `&&` hold; both sides of a false `||` fail.
        syn::Expr::Binary(binary) => match binary.op {
            syn::BinOp::And(_) if truth => {
                collect_known(&binary.left, truth, known);
                collect_known(&binary.right, truth, known);
            }
            syn::BinOp::Or(_) if !truth => {
                collect_known(&binary.left, truth, known);
                collect_known(&binary.right, truth, known);
            }
            // `v.len() > n`, `v.len() != 0`, `0 < v.len()`: `v` is not empty.
            _ if nonempty_when(binary).is_some_and(|(path, when)| {
                let proven = when == truth;
                if proven {
                    known.extend(predicate_accessors("!is_empty", &path));
                }
                proven
            }) => {}
            // `x == Some(..)` / `x != None` (either side): `x` holds a value.
            syn::BinOp::Eq(_) | syn::BinOp::Ne(_) => {
                let equal = matches!(binary.op, syn::BinOp::Eq(_)) == truth;
                let compared = [(&binary.left, &binary.right), (&binary.right, &binary.left)];
                for (side, other) in compared {
                    let holds_value = match wrapper(other) {
                        Some("Some" | "Ok") => equal,
                        Some("None") => !equal,
                        _ => false,
                    };
                    if let Some(path) = holds_value.then(|| value_path(side)).flatten() {
                        known.push(path);
                    }
                }
            }
            _ => {}
        },
        syn::Expr::MethodCall(call) if call.args.is_empty() => {
            let method = call.method.to_string();
            let predicates = &models().infallible.values.predicates;
            let (holds_value, accessors) = match method.as_str() {
                "is_some" | "is_ok" => (truth, None),
                "is_none" | "is_err" => (!truth, None),
                _ => match (
                    predicates.get(&method),
                    predicates.get(&format!("!{method}")),
                ) {
                    (Some(accessors), _) => (truth, Some(accessors)),
                    (None, Some(accessors)) => (!truth, Some(accessors)),
                    (None, None) => return,
                },
            };
            let Some(path) = holds_value.then(|| value_path(&call.receiver)).flatten() else {
                return;
            };
            match accessors {
                Some(accessors) => known.extend(accessors.iter().map(|a| accessor_path(&path, a))),
                None => known.push(path),
            }
        }
        _ => {}
    }
}

/// For a length comparison that proves its value non-empty when it evaluates to `when`: the
/// value's path (`v.len() > n` and `v.len() != 0` when true, `v.len() == 0` when false).
fn nonempty_when(binary: &syn::ExprBinary) -> Option<(String, bool)> {
    let length_of = |expr: &syn::Expr| match expr {
        syn::Expr::MethodCall(call) if call.method == "len" && call.args.is_empty() => {
            value_path(&call.receiver)
        }
        _ => None,
    };
    let is_zero = |expr: &syn::Expr| matches!(expr, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(int), .. }) if int.base10_digits() == "0");
    let (left, right) = (&*binary.left, &*binary.right);
    match binary.op {
        // A length above anything (lengths are unsigned) is at least one.
        syn::BinOp::Gt(_) => length_of(left).map(|path| (path, true)),
        syn::BinOp::Lt(_) => length_of(right).map(|path| (path, true)),
        syn::BinOp::Ne(_) | syn::BinOp::Eq(_) => {
            let when = matches!(binary.op, syn::BinOp::Ne(_));
            match (length_of(left), length_of(right)) {
                (Some(path), None) if is_zero(right) => Some((path, when)),
                (None, Some(path)) if is_zero(left) => Some((path, when)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The known paths of the accessors a predicate proves for the value at `path`.
fn predicate_accessors(predicate: &str, path: &str) -> Vec<String> {
    models()
        .infallible
        .values
        .predicates
        .get(predicate)
        .into_iter()
        .flatten()
        .map(|accessor| accessor_path(path, accessor))
        .collect()
}

/// `v.as_array_mut()`: the known path of an accessor that a type predicate proves.
fn accessor_path(value: &str, accessor: &str) -> String {
    format!("{value}.{accessor}()")
}

fn is_proven_accessor(method: &syn::Ident) -> bool {
    models()
        .infallible
        .values
        .predicates
        .values()
        .flatten()
        .any(|accessor| method == accessor)
}

/// The paths assigning a present value proves for the statements after it:
/// `model.id = Set(id);`, `x = Some(v);`, `let m = Model { id: Set(id), .. };`
/// (constructors: `present` in `rules/models/errors.toml`).
pub fn filled_paths(stmt: &syn::Stmt) -> Vec<String> {
    let is_present = |expr: &syn::Expr| {
        matches!(expr, syn::Expr::Call(call) if call.args.len() == 1
            && matches!(&*call.func, syn::Expr::Path(func) if func.path.segments.last().is_some_and(|last|
                models().infallible.values.present.iter().any(|present| last.ident == present))))
    };
    match stmt {
        syn::Stmt::Expr(syn::Expr::Assign(assign), _) if is_present(&assign.right) => {
            value_path(&assign.left).into_iter().collect()
        }
        syn::Stmt::Local(local) => {
            let syn::Pat::Ident(ident) = &local.pat else {
                return Vec::new();
            };
            let Some(init) = local.init.as_ref().filter(|init| init.diverge.is_none()) else {
                return Vec::new();
            };
            let name = ident.ident.to_string();
            match &*init.expr {
                expr if is_present(expr) => vec![name],
                syn::Expr::Struct(literal) => literal
                    .fields
                    .iter()
                    .filter(|field| is_present(&field.expr))
                    .filter_map(|field| match &field.member {
                        syn::Member::Named(member) => Some(format!("{name}.{member}")),
                        syn::Member::Unnamed(_) => None,
                    })
                    .collect(),
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// `Some`, `Ok` or `None` when `expr` is `Some(..)`, `Ok(..)` or `None`.
fn wrapper(expr: &syn::Expr) -> Option<&'static str> {
    match expr {
        syn::Expr::Call(call) if call.args.len() == 1 => match &*call.func {
            syn::Expr::Path(path) if path.path.is_ident("Some") => Some("Some"),
            syn::Expr::Path(path) if path.path.is_ident("Ok") => Some("Ok"),
            _ => None,
        },
        syn::Expr::Path(path) if path.path.is_ident("None") => Some("None"),
        _ => None,
    }
}

/// The paths an early-exit statement vouches for in the statements after it:
/// `if x.is_none() { return .. }` (no `else`; the branch must leave the block).
pub fn early_exit_guard(stmt: &syn::Stmt) -> Vec<String> {
    let syn::Stmt::Expr(syn::Expr::If(expr_if), _) = stmt else {
        return Vec::new();
    };
    let exits = crate::semantic::syntax::block_diverges(&expr_if.then_branch);
    if expr_if.else_branch.is_some() || !exits {
        return Vec::new();
    }
    known_when(&expr_if.cond, false)
}

/// The enum variants an early-exit statement rules out for the statements after it, as
/// (path, variant name): `if x == Status::Pending { return .. }`,
/// `if let Status::Pending = x { return .. }`, `if matches!(x, Status::A | Status::B) { .. }`,
/// and `||` of those (no `else`; the branch must leave the block).
///
/// An `if let Some(b) = a { .. }` without `else` whose statements exclude variants of `b` with
/// early exits rules them out for the value inside `a`'s `Some`, as the path `a?`:
/// `if let Some(s) = status { if s == Status::Pending { return .. } }`.
pub fn early_exit_exclusions(stmt: &syn::Stmt) -> Vec<(String, String)> {
    let syn::Stmt::Expr(syn::Expr::If(expr_if), _) = stmt else {
        return Vec::new();
    };
    if let Some(inside) = some_content_exclusions(expr_if) {
        return inside;
    }
    let exits = crate::semantic::syntax::block_diverges(&expr_if.then_branch);
    if expr_if.else_branch.is_some() || !exits {
        return Vec::new();
    }
    let mut excluded = Vec::new();
    collect_exclusions(&expr_if.cond, &mut excluded);
    excluded
}

/// The local a statement `if flag { .. }` (no `else`) leaves `false` for the statements after
/// it, or `if !flag { .. }` leaves `true`, when its block ends by leaving: (local, value left,
/// `None`) when the block ends in `return`, `panic!` or `exit`, or (.., `Some(name)`) when it
/// ends in a call of another macro (`err!(..)`), which leaves only if it always returns.
pub fn early_exit_flag(stmt: &syn::Stmt) -> Option<(String, bool, Option<String>)> {
    let syn::Stmt::Expr(syn::Expr::If(expr_if), _) = stmt else {
        return None;
    };
    if expr_if.else_branch.is_some() {
        return None;
    }
    let (flag, left) = match peel(&expr_if.cond) {
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Not(_),
            expr,
            ..
        }) => (peel(expr), true),
        other => (other, false),
    };
    let syn::Expr::Path(flag) = flag else {
        return None;
    };
    let flag = flag.path.get_ident()?.to_string();
    let exit = match expr_if.then_branch.stmts.last()? {
        syn::Stmt::Expr(last, _) if diverges(last) => None,
        syn::Stmt::Expr(syn::Expr::Macro(mac), _) => Some(macro_name(&mac.mac)),
        syn::Stmt::Macro(mac) => Some(macro_name(&mac.mac)),
        _ => return None,
    };
    Some((flag, left, exit))
}

/// A fact about one value, as a chain of checks states it: `("p.password", "none")` for
/// `p.password.is_none()`, `("mode", "!= Some (true)")` for `mode != Some(true)`.
pub type Atom = (String, String);

/// The facts an early exit rules out together: `if a.is_none() && b.is_none() && !c { return
/// .. }` (no `else`, the branch leaves) rejects the combination of the three, so a later
/// `if let Some(x) = a { .. } else if let Some(y) = b { .. } else if c { .. } else { <here> }`
/// cannot reach its last branch. `None` when a conjunct is not such a fact.
pub fn early_exit_combination(stmt: &syn::Stmt) -> Option<Vec<Atom>> {
    let syn::Stmt::Expr(syn::Expr::If(expr_if), _) = stmt else {
        return None;
    };
    let exits = crate::semantic::syntax::block_diverges(&expr_if.then_branch);
    if expr_if.else_branch.is_some() || !exits {
        return None;
    }
    let mut atoms = Vec::new();
    let mut pending = vec![&expr_if.cond];
    while let Some(cond) = pending.pop() {
        match peel(cond) {
            syn::Expr::Binary(binary) if matches!(binary.op, syn::BinOp::And(_)) => {
                pending.push(&binary.left);
                pending.push(&binary.right);
            }
            other => atoms.push(atom_when(other, true)?),
        }
    }
    (atoms.len() > 1).then_some(atoms)
}

/// The fact a condition states when it evaluates to `truth`: `x.is_none()`, `x.is_some()`, `let
/// Some(..) = x` (true only), `x == e`, `x != e`, and a boolean path `x` or `!x`, on a local or
/// a field chain.
pub fn atom_when(cond: &syn::Expr, truth: bool) -> Option<Atom> {
    match peel(cond) {
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Not(_),
            expr,
            ..
        }) => atom_when(expr, !truth),
        syn::Expr::MethodCall(call) if call.args.is_empty() => {
            let some = match call.method.to_string().as_str() {
                "is_some" => true,
                "is_none" => false,
                _ => return None,
            };
            let state = if some == truth { "some" } else { "none" };
            Some((value_path(&call.receiver)?, state.to_string()))
        }
        syn::Expr::Let(binding) if !truth && is_some_pattern(&binding.pat) => {
            Some((value_path(&binding.expr)?, "none".to_string()))
        }
        // Compared with a literal or a constant, which nothing can change in between.
        syn::Expr::Binary(binary)
            if matches!(binary.op, syn::BinOp::Eq(_) | syn::BinOp::Ne(_))
                && is_fixed(&binary.right) =>
        {
            let equal = matches!(binary.op, syn::BinOp::Eq(_)) == truth;
            let other = binary.right.to_token_stream().to_string();
            let op = if equal { "==" } else { "!=" };
            Some((value_path(&binary.left)?, format!("{op} {other}")))
        }
        syn::Expr::Path(_) | syn::Expr::Field(_) => Some((value_path(cond)?, truth.to_string())),
        _ => None,
    }
}

/// A literal, a `SCREAMING_CASE` constant, a unit variant path (`Mode::Local`) or `Some(..)` of
/// one.
fn is_fixed(expr: &syn::Expr) -> bool {
    match peel(expr) {
        syn::Expr::Lit(_) => true,
        syn::Expr::Path(path) => {
            path.path.segments.len() > 1
                || path.path.get_ident().is_some_and(|ident| {
                    crate::semantic::syntax::is_screaming_case(&ident.to_string())
                })
        }
        syn::Expr::Call(call) => {
            matches!(peel(&call.func), syn::Expr::Path(path) if path.path.is_ident("Some"))
                && call.args.iter().all(is_fixed)
        }
        _ => false,
    }
}

/// The path of the value inside `path`'s `Some`, for exclusions (`status?`).
pub fn some_content(path: &str) -> String {
    format!("{path}?")
}

/// The exclusions of `if let Some(b) = a { stmts }` (no `else`) for `a?`, from the early
/// exits among `stmts` that rule variants of `b` out.
fn some_content_exclusions(expr_if: &syn::ExprIf) -> Option<Vec<(String, String)>> {
    let syn::Expr::Let(binding) = &*expr_if.cond else {
        return None;
    };
    if expr_if.else_branch.is_some() {
        return None;
    }
    let syn::Pat::TupleStruct(some) = &*binding.pat else {
        return None;
    };
    let [syn::Pat::Ident(inner)] = some.elems.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    if !some.path.is_ident("Some") || inner.subpat.is_some() {
        return None;
    }
    let outer = value_path(&binding.expr)?;
    let inner = inner.ident.to_string();
    let excluded: Vec<(String, String)> = expr_if
        .then_branch
        .stmts
        .iter()
        .flat_map(early_exit_exclusions)
        .filter(|(path, _)| *path == inner)
        .map(|(_, variant)| (some_content(&outer), variant))
        .collect();
    (!excluded.is_empty()).then_some(excluded)
}

fn collect_exclusions(cond: &syn::Expr, excluded: &mut Vec<(String, String)>) {
    match cond {
        syn::Expr::Paren(paren) => collect_exclusions(&paren.expr, excluded),
        syn::Expr::Binary(binary) if matches!(binary.op, syn::BinOp::Or(_)) => {
            collect_exclusions(&binary.left, excluded);
            collect_exclusions(&binary.right, excluded);
        }
        syn::Expr::Binary(binary) if matches!(binary.op, syn::BinOp::Eq(_)) => {
            let sides = [(&binary.left, &binary.right), (&binary.right, &binary.left)];
            for (value, variant) in sides {
                if let (Some(path), Some(variant)) = (value_path(value), variant_name(variant)) {
                    excluded.push((path, variant));
                }
                // `status == Some(Status::Pending)`: the value inside the `Some`.
                if let (Some(path), Some(variant)) = (value_path(value), some_variant(variant)) {
                    excluded.push((some_content(&path), variant));
                }
            }
        }
        syn::Expr::Let(binding) => {
            if let (Some(path), Some(variants)) =
                (value_path(&binding.expr), pattern_variants(&binding.pat))
            {
                excluded.extend(variants.into_iter().map(|v| (path.clone(), v)));
            }
        }
        syn::Expr::Macro(mac) if crate::semantic::syntax::macro_name(&mac.mac) == "matches" => {
            let parsed = mac
                .mac
                .parse_body_with(|input: syn::parse::ParseStream<'_>| {
                    let value: syn::Expr = input.parse()?;
                    input.parse::<syn::Token![,]>()?;
                    let pat = syn::Pat::parse_multi_with_leading_vert(input)?;
                    let _ = input.parse::<Option<syn::Token![,]>>()?;
                    Ok((value, pat, input.is_empty()))
                });
            if let Ok((value, pat, true)) = parsed {
                if let (Some(path), Some(variants)) = (value_path(&value), pattern_variants(&pat)) {
                    excluded.extend(variants.into_iter().map(|v| (path.clone(), v)));
                }
            }
        }
        _ => {}
    }
}

/// `Some(Status::Pending)`: the variant inside the `Some`.
fn some_variant(expr: &syn::Expr) -> Option<String> {
    let syn::Expr::Call(call) = expr else {
        return None;
    };
    let syn::Expr::Path(function) = &*call.func else {
        return None;
    };
    let [inner] = call.args.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    function.path.is_ident("Some").then_some(())?;
    variant_name(inner)
}

/// `Status::Pending`, `Pending`: the variant a unit-variant expression names.
fn variant_name(expr: &syn::Expr) -> Option<String> {
    let syn::Expr::Path(path) = expr else {
        return None;
    };
    let last = path.path.segments.last()?.ident.to_string();
    let variant = last.starts_with(char::is_uppercase) && !matches!(last.as_str(), "None");
    variant.then_some(last)
}

/// The variants a pattern matches (`Status::Pending`, `Status::Failed(..)`, `A | B`, also
/// under a guard), when it matches nothing else; `None` for bindings, wildcards, literals.
pub fn pattern_variants(pat: &syn::Pat) -> Option<Vec<String>> {
    let variant = |path: &syn::Path| {
        let last = path.segments.last()?.ident.to_string();
        let known = last.starts_with(char::is_uppercase)
            && !matches!(last.as_str(), "Some" | "Ok" | "Err" | "None");
        known.then_some(vec![last])
    };
    match pat {
        syn::Pat::Guard(guarded) => pattern_variants(&guarded.pat),
        syn::Pat::Paren(paren) => pattern_variants(&paren.pat),
        syn::Pat::Path(path) => variant(&path.path),
        syn::Pat::TupleStruct(tuple) => variant(&tuple.path),
        syn::Pat::Struct(structure) => variant(&structure.path),
        syn::Pat::Ident(ident) if ident.subpat.is_none() => {
            let name = ident.ident.to_string();
            (name.starts_with(char::is_uppercase) && name != "None").then(|| vec![name])
        }
        syn::Pat::Or(or) => {
            let mut all = Vec::new();
            for case in &or.cases {
                all.extend(pattern_variants(case)?);
            }
            Some(all)
        }
        _ => None,
    }
}

/// Whether `region` may change what `path` holds: an assignment to the path or a prefix of it
/// (`x = ..`, `info = ..`, `info.offset = ..`), a mutable borrow of either (`&mut x`), or an
/// `Option`/`Result` mutator called on the path (`x.take()`, `x.replace(..)`, `x.insert(..)`).
/// For an accessor's path (`v.first()`), what may change `v` or empty it.
pub fn may_change(region: &impl ToTokens, path: &str) -> bool {
    Region::of(region).may_change(path)
}

/// A region's tokens, taken once to ask [`may_change`] of several paths: turning syntax back
/// into tokens costs more than the question itself.
pub struct Region(Vec<TokenTree>);

impl Region {
    pub fn of(region: &impl ToTokens) -> Region {
        Region(region.to_token_stream().into_iter().collect())
    }

    /// [`may_change`] of `path` in this region.
    pub fn may_change(&self, path: &str) -> bool {
        may_change_tokens(&self.0, path)
    }
}

fn may_change_tokens(tokens: &[TokenTree], path: &str) -> bool {
    // What changes `v` changes what `v.as_array_mut()` returns, and so does emptying it
    // (`v.clear()`; `clearing` in `rules/models/errors.toml`).
    // What changes `a` changes what is inside its `Some` (`a?`).
    let path = path.strip_suffix('?').unwrap_or(path);
    let (path, accessor) = match path.strip_suffix("()") {
        Some(accessor) => (
            accessor
                .rsplit_once('.')
                .map_or(accessor, |(value, _)| value),
            true,
        ),
        None => (path, false),
    };
    let path: Vec<&str> = path.split('.').collect();
    changes_in(tokens, &path, accessor)
}

fn changes_in(tokens: &[TokenTree], path: &[&str], accessor: bool) -> bool {
    for (at, token) in tokens.iter().enumerate() {
        if let TokenTree::Group(group) = token {
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            if changes_in(&inner, path, accessor) {
                return true;
            }
            continue;
        }
        let starts_path = matches!(token, TokenTree::Ident(ident) if ident == path[0])
            && !(at > 0 && is_punct(&tokens[at - 1], '.'));
        if !starts_path {
            continue;
        }
        let borrowed_mut = at >= 2
            && is_punct(&tokens[at - 2], '&')
            && matches!(&tokens[at - 1], TokenTree::Ident(ident) if ident == "mut");
        if borrowed_mut {
            return true;
        }
        // Follow `.segment` tokens as long as they spell a prefix of the path.
        let mut next = at + 1;
        let mut matched = 1;
        loop {
            if is_assignment(tokens, next) {
                return true;
            }
            let (Some(dot), Some(TokenTree::Ident(segment))) =
                (tokens.get(next), tokens.get(next + 1))
            else {
                break;
            };
            if !is_punct(dot, '.') {
                break;
            }
            if matched == path.len() {
                // `x.take()`: the method called on the whole path.
                let name = segment.to_string();
                let mutator = matches!(
                    name.as_str(),
                    "take"
                        | "replace"
                        | "insert"
                        | "get_or_insert"
                        | "get_or_insert_with"
                        | "take_if"
                ) || (accessor
                    && models().infallible.values.clearing.contains(&name));
                if mutator {
                    return true;
                }
                break;
            }
            if segment != path[matched] {
                break;
            }
            matched += 1;
            next += 2;
        }
    }
    false
}

fn is_punct(token: &TokenTree, c: char) -> bool {
    matches!(token, TokenTree::Punct(p) if p.as_char() == c)
}

/// `=` standing alone at `at` (not `==`, `=>`, `<=`, `!=`).
fn is_assignment(tokens: &[TokenTree], at: usize) -> bool {
    let Some(TokenTree::Punct(punct)) = tokens.get(at) else {
        return false;
    };
    let joined_before = at > 0
        && matches!(&tokens[at - 1], TokenTree::Punct(prev) if prev.spacing() == Spacing::Joint);
    punct.as_char() == '=' && punct.spacing() == Spacing::Alone && !joined_before
}

/// The tokens of a run of statements (the region an early exit governs).
pub fn rest_of_block(stmts: &[syn::Stmt]) -> TokenStream {
    let mut tokens = TokenStream::new();
    for stmt in stmts {
        stmt.to_tokens(&mut tokens);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(code: &str) -> syn::Expr {
        syn::parse_str(code).unwrap()
    }

    #[test]
    fn conditions_prove_paths() {
        assert_eq!(
            known_when(&expr("a.is_some() && b.c.is_ok()"), true),
            ["a", "b.c"]
        );
        assert_eq!(
            known_when(&expr("a.is_none() || !b.is_some()"), false),
            ["a", "b"]
        );
        assert_eq!(known_when(&expr("!a.is_none()"), true), ["a"]);
        assert!(known_when(&expr("a.is_some() || b.is_some()"), true).is_empty());
        assert!(known_when(&expr("a.is_some()"), false).is_empty());
        assert_eq!(
            known_when(&expr("a.len != Some(a.offset)"), false),
            ["a.len"]
        );
        assert_eq!(
            known_when(&expr("Some(3) == a && b != None"), true),
            ["a", "b"]
        );
        assert!(known_when(&expr("a == None"), true).is_empty());
        assert!(known_when(&expr("a != Some(3)"), true).is_empty());
        assert!(
            known_when(&expr("req.get(\"k\").is_some()"), true).is_empty(),
            "a method call is not a path"
        );
    }

    #[test]
    fn predicates_and_lengths_prove_accessors() {
        assert_eq!(
            known_when(&expr("v.is_array()"), true),
            ["v.as_array()", "v.as_array_mut()"]
        );
        assert_eq!(
            known_when(&expr("xs.len() > LIMIT"), true),
            ["xs.first()", "xs.last()", "xs.first_mut()", "xs.last_mut()"]
        );
        assert_eq!(known_when(&expr("xs.is_empty()"), false).len(), 4);
        assert_eq!(known_when(&expr("0 != xs.len()"), true).len(), 4);
        assert_eq!(known_when(&expr("xs.len() == 0"), false).len(), 4);
        assert!(known_when(&expr("xs.len() > 3"), false).is_empty());
        assert!(known_when(&expr("xs.len() >= 0"), true).is_empty());
        assert!(known_when(&expr("v.is_array()"), false).is_empty());
        assert!(may_change(&expr("{ xs.clear(); }"), "xs.first()"));
        assert!(
            !may_change(&expr("{ xs.clear(); }"), "xs"),
            "an Option is not emptied"
        );
        assert!(!may_change(&expr("{ xs.iter().count(); }"), "xs.first()"));
    }

    #[test]
    fn early_exits_prove_paths_after_them() {
        let stmt: syn::Stmt = syn::parse_str("if a.is_none() || b.is_err() { return; }").unwrap();
        assert_eq!(early_exit_guard(&stmt), ["a", "b"]);
        let stmt: syn::Stmt =
            syn::parse_str("if let Some(e) = res.as_ref().err() { return e.into(); }").unwrap();
        assert_eq!(early_exit_guard(&stmt), ["res"]);
        let stmt: syn::Stmt =
            syn::parse_str("if let Some(e) = res.as_ref().err() { log(e); }").unwrap();
        assert!(early_exit_guard(&stmt).is_empty());
        let stmt: syn::Stmt =
            syn::parse_str("if let Some(e) = res.as_ref().ok() { return; }").unwrap();
        assert!(early_exit_guard(&stmt).is_empty());
        let stmt: syn::Stmt = syn::parse_str("if a.is_none() { log(); }").unwrap();
        assert!(early_exit_guard(&stmt).is_empty(), "no exit");
        let stmt: syn::Stmt =
            syn::parse_str("if a.is_none() { return; } else { a = f(); }").unwrap();
        assert!(early_exit_guard(&stmt).is_empty(), "an else branch");
    }

    #[test]
    fn changes_are_assignments_mutable_borrows_and_mutators() {
        let changes = |code: &str, path: &str| may_change(&expr(code), path);
        assert!(changes("{ x = None; }", "x"));
        assert!(changes("{ info = load(); }", "info.offset"));
        assert!(changes("{ info.offset = None; }", "info.offset"));
        assert!(changes("{ reset(&mut info); }", "info.offset"));
        assert!(changes("{ let y = x.take(); }", "x"));
        assert!(changes("{ if c { loop { x = None; } } }", "x"));
        assert!(!changes("{ x == None; y = 1; other.x = None; }", "x"));
        assert!(!changes(
            "{ info.len = Some(1); info.offset.clone(); }",
            "info.offset"
        ));
        assert!(!changes("{ let y = x.as_ref(); z <= x; }", "x"));
    }

    #[test]
    fn unwrapped_paths_look_through_clone_and_as_ref() {
        assert_eq!(
            unwrapped_path(&expr("info.path.as_ref()")).as_deref(),
            Some("info.path")
        );
        assert_eq!(unwrapped_path(&expr("(x).clone()")).as_deref(), Some("x"));
        assert_eq!(unwrapped_path(&expr("x.map(f)")), None);
    }
}
