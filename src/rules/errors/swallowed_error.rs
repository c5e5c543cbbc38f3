//! `swallowed-error`: see `rules/swallowed-error.md`.

use crate::rules::prelude::*;
use crate::semantic::models::models;
use crate::semantic::syntax::{bindings, path_ends_with, peel};

declare_rule!(SwallowedError, "swallowed-error");

impl Rule for SwallowedError {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        if !cx.scope.is_production() || cx.scope.in_drop() {
            return;
        }
        match node {
            // `match x { Err(e) => {} .. }`
            Node::Expr(syn::Expr::Match(expr_match)) => {
                if is_polling(&expr_match.expr)
                    || hands_value_back(&expr_match.expr)
                    || reads_environment(&expr_match.expr)
                    || falls_back_on_poisoned_lock(expr_match)
                    || tests_existence(expr_match)
                {
                    return;
                }
                for (at, arm) in expr_match.arms.iter().enumerate() {
                    let Some(error) = err_pattern(&arm.pat) else {
                        continue;
                    };
                    // `Err(e) if first.is_none() => first = Some(e), Err(_) => {}`: the match
                    // chose which errors matter and handled them; the rest are ignored on
                    // purpose. (An earlier arm that ignores its errors too proves nothing.)
                    if expr_match.arms[..at].iter().any(handles_chosen_errors) {
                        continue;
                    }
                    match ignores(&arm.body) {
                        Some(Ignored::Empty) => {
                            report(cx, error, "the error is matched and then ignored")
                        }
                        Some(Ignored::FakeSuccess) => report(
                            cx,
                            error,
                            "the error is turned into success (`Ok(())`) without being logged",
                        ),
                        None => {}
                    }
                }
            }
            // `if let Err(e) = x {}` without an else branch that would handle it.
            Node::Expr(syn::Expr::If(expr_if)) => {
                let syn::Expr::Let(binding) = peel(&expr_if.cond) else {
                    return;
                };
                if expr_if.else_branch.is_some()
                    || !expr_if.then_branch.stmts.is_empty()
                    || is_polling(&binding.expr)
                    || hands_value_back(&binding.expr)
                    || reads_environment(&binding.expr)
                {
                    return;
                }
                if let Some(error) = err_pattern(&binding.pat) {
                    report(cx, error, "the error is matched and then ignored");
                }
            }
            _ => {}
        }
    }
}

/// `Err(e) if .. => <does something with it>`.
fn handles_chosen_errors(arm: &syn::Arm) -> bool {
    crate::semantic::syntax::is_guarded_err(&arm.pat) && ignores(&arm.body).is_none()
}

/// `match find_by_email(e).await { Ok(_) => Err(InUse), Err(_) => Ok(()) }`: an `Ok` arm that
/// fails (its value is, or it returns, an `Err(..)`) makes the `match` a test that something
/// does not exist, whose `Err` is the answer looked for rather than a failure to hide.
fn tests_existence(expr_match: &syn::ExprMatch) -> bool {
    let fails = |body: &syn::Expr| match peel(body) {
        syn::Expr::Call(call) => is_err_call(call),
        syn::Expr::Return(ret) => ret
            .expr
            .as_deref()
            .is_some_and(|value| matches!(peel(value), syn::Expr::Call(call) if is_err_call(call))),
        _ => false,
    };
    expr_match.arms.iter().any(|arm| {
        let ok_arm =
            matches!(&arm.pat, syn::Pat::TupleStruct(tuple) if path_ends_with(&tuple.path, "Ok"));
        let tail = match peel(&arm.body) {
            syn::Expr::Block(block) => match block.block.stmts.last() {
                Some(syn::Stmt::Expr(tail, _)) => Some(tail),
                _ => None,
            },
            body => Some(body),
        };
        ok_arm && tail.is_some_and(fails)
    })
}

fn is_err_call(call: &syn::ExprCall) -> bool {
    matches!(peel(&call.func), syn::Expr::Path(path) if path_ends_with(&path.path, "Err"))
}

/// `try_recv()`, `try_lock()`, `try_send(..)`: an `Err` there means "not now", not a failure.
fn is_polling(scrutinee: &syn::Expr) -> bool {
    crate::semantic::syntax::call_name(scrutinee)
        .is_some_and(|name| name.starts_with("try_") && name != "try_from" && name != "try_into")
}

/// Conversions whose `Err` hands the original value back rather than reporting a failure:
/// `frame.into_data()`, `frame.into_trailers()`, `error.downcast::<E>()` (and the `try_*`
/// family, which [`is_polling`] already covers: `Arc::try_unwrap`, `try_into_inner`).
fn hands_value_back(scrutinee: &syn::Expr) -> bool {
    crate::semantic::syntax::call_name(scrutinee)
        .is_some_and(|name| matches!(name.as_str(), "into_data" | "into_trailers" | "downcast"))
}

/// `match CACHE.read().map(|c| c.clone()) { Ok(Some(c)) => return c, Ok(None) => {} Err(_) => {} }`
/// followed by the slow path: a fast path on a std lock, whose only `Err` is a poisoned lock,
/// falls through to the fallback after the `match` when the lock fails. One arm must leave
/// (`return`, `break`, `continue`), or nothing falls through to a fallback.
fn falls_back_on_poisoned_lock(expr_match: &syn::ExprMatch) -> bool {
    let leaves = expr_match
        .arms
        .iter()
        .any(|arm| crate::semantic::syntax::diverges(&arm.body));
    leaves && acquires_lock(&expr_match.expr)
}

/// `lock.read()`, `mutex.lock().map(|g| g.len())`: a lock acquisition (the models'
/// `[poisoning]` methods), possibly mapped over. Only adapters that keep its `Err` may follow.
fn acquires_lock(expr: &syn::Expr) -> bool {
    let syn::Expr::MethodCall(call) = peel(expr) else {
        return false;
    };
    let name = call.method.to_string();
    if matches!(
        name.as_str(),
        "map" | "as_ref" | "as_deref" | "cloned" | "copied"
    ) {
        return acquires_lock(&call.receiver);
    }
    models()
        .poisoning_locks
        .iter()
        .any(|lock| lock.matches(&name, call.args.len()))
}

/// `std::env::var("X")`: an `Err` says the variable is not set, the usual case it handles.
fn reads_environment(scrutinee: &syn::Expr) -> bool {
    let syn::Expr::Call(call) = peel(scrutinee) else {
        return false;
    };
    let syn::Expr::Path(function) = peel(&call.func) else {
        return false;
    };
    let segments = crate::semantic::syntax::segments(&function.path);
    matches!(segments.as_slice(), [.., env, var] if env == "env" && (var == "var" || var == "var_os"))
}

fn report(cx: &mut RuleCx<'_>, pattern: &syn::Pat, message: &str) {
    let binding = bindings(pattern);
    let at = cx.span(pattern);
    cx.report(at, message)
        .label(if binding.is_empty() { "this error is dropped" } else { "this error is never used" })
        .help("log it (`tracing::warn!(error = %e, ..)`), return it with `?`, or convert it into a response")
        .emit();
}

/// An `Err(_)` or `Err(e)` pattern. `Err(SpecificError::Variant)` is a deliberate choice to
/// ignore one case, and `Ok(_) | Err(_)` a deliberate "don't care": neither is reported.
fn err_pattern(pat: &syn::Pat) -> Option<&syn::Pat> {
    match pat {
        syn::Pat::TupleStruct(tuple)
            if path_ends_with(&tuple.path, "Err")
                && tuple.elems.len() == 1
                && is_catch_all(&tuple.elems[0]) =>
        {
            Some(pat)
        }
        _ => None,
    }
}

/// `_` or a binding (`e`); not a constant or unit variant (`INCOMPLETE`, `Closed`).
fn is_catch_all(pat: &syn::Pat) -> bool {
    match pat {
        syn::Pat::Wild(_) => true,
        syn::Pat::Ident(ident) => {
            ident.subpat.is_none()
                && ident
                    .ident
                    .to_string()
                    .starts_with(|c: char| c.is_lowercase() || c == '_')
        }
        _ => false,
    }
}

enum Ignored {
    /// `{}` or `()`.
    Empty,
    /// `Ok(())`: the failure is reported as success.
    FakeSuccess,
}

fn ignores(body: &syn::Expr) -> Option<Ignored> {
    match peel(body) {
        syn::Expr::Block(block) if block.block.stmts.is_empty() => Some(Ignored::Empty),
        syn::Expr::Tuple(tuple) if tuple.elems.is_empty() => Some(Ignored::Empty),
        syn::Expr::Block(block) if block.block.stmts.len() == 1 => match &block.block.stmts[0] {
            syn::Stmt::Expr(expr, None) => ignores(expr),
            _ => None,
        },
        syn::Expr::Call(call) if is_ok_unit(call) => Some(Ignored::FakeSuccess),
        _ => None,
    }
}

fn is_ok_unit(call: &syn::ExprCall) -> bool {
    let is_ok = matches!(peel(&call.func), syn::Expr::Path(path) if path.path.is_ident("Ok"));
    is_ok
        && call.args.len() == 1
        && matches!(&call.args[0], syn::Expr::Tuple(t) if t.elems.is_empty())
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::count_findings;

    fn fired(items: &str) -> usize {
        count_findings("swallowed-error", items)
    }

    #[test]
    fn a_poisoned_lock_on_a_fast_path_falls_back() {
        let cases = [
            (
                0,
                r#"fn client() -> Client {
                    match CLIENT.read().map(|guard| guard.clone()) {
                        Ok(Some(client)) => return client,
                        Ok(None) => {}
                        Err(_) => {}
                    }
                    connect()
                }"#,
            ),
            (
                0,
                r#"fn cached(cache: &std::sync::Mutex<Option<u64>>) -> u64 {
                    match cache.lock() { Ok(guard) if guard.is_some() => return guard.unwrap(), Ok(_) => {}, Err(_) => {} }
                    compute()
                }"#,
            ),
            // The same fast path on a database lookup: its `Err` is a failure, not a miss.
            (
                1,
                r#"async fn get(repo: &Repo, id: i64) -> Result<Item, Error> {
                    match repo.find(id).await { Ok(Some(x)) => return Ok(x), Ok(None) => {}, Err(_) => {} }
                    insert_default(repo, id).await
                }"#,
            ),
            // A lock whose error is ignored without a fallback that leaves first.
            (
                1,
                r#"fn bump(counter: &std::sync::Mutex<u64>) { match counter.lock() { Ok(mut n) => *n += 1, Err(_) => {} } }"#,
            ),
            // The error of what is done with the guard, not of taking the lock.
            (
                1,
                r#"fn send(tx: &std::sync::Mutex<Sender>) -> bool { match tx.lock().unwrap().send(1) { Ok(()) => return true, Err(_) => {} } false }"#,
            ),
        ];
        for (expected, code) in cases {
            assert_eq!(fired(code), expected, "{code}");
        }
    }

    #[test]
    fn a_match_testing_that_something_does_not_exist_wants_its_err() {
        let cases = [
            (
                0,
                r#"async fn is_email_free(email: String) -> Result<(), Error> {
                    match User::find_by_email(email).await {
                        Ok(_) => Err(Error::BadRequest("E-Mail is already in use")),
                        Err(_) => Ok(()),
                    }
                }"#,
            ),
            (
                0,
                r#"async fn ensure_free(name: &str) -> Result<(), Error> {
                    match Team::find(name).await { Ok(_) => { return Err(Error::Taken); } Err(_) => {} }
                    Ok(())
                }"#,
            ),
            // The `Ok` arm succeeds: the `Err` arm hides a failure.
            (
                1,
                r#"async fn touch(name: &str) -> Result<(), Error> {
                    match Team::find(name).await { Ok(team) => Ok(team.touch()), Err(_) => Ok(()) }
                }"#,
            ),
        ];
        for (expected, code) in cases {
            assert_eq!(fired(code), expected, "{code}");
        }
    }
}
