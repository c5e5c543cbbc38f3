//! `lock-across-await`: see `rules/lock-across-await.md`.

use crate::rules::prelude::*;
use crate::semantic::locks::{first_await, guard_of, releases, temporary_guard_in_chain};

declare_rule!(LockAcrossAwait, "lock-across-await");

const HELP: &str = "end the guard before awaiting (an inner `{ .. }` block or `drop(guard)`), or use an async mutex (`tokio::sync::Mutex`) if it must be held";

impl Rule for LockAcrossAwait {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Block, NodeKind::Expr]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        if !cx.scope.in_async || cx.scope.in_test {
            return;
        }
        match node {
            Node::Block(block) => check_block(block, cx),
            Node::Expr(syn::Expr::Await(awaited)) => {
                if let Some(acquired) = temporary_guard_in_chain(&awaited.base, &cx.file.fields) {
                    report(cx, acquired, &awaited.await_token, "a temporary guard");
                }
            }
            _ => {}
        }
    }
}

/// A guard bound by a `let` of the block, alive at a later statement that awaits: no
/// `drop(guard)` in between, and the block (its scope) has not ended.
fn check_block(block: &syn::Block, cx: &mut RuleCx<'_>) {
    for (at, stmt) in block.stmts.iter().enumerate() {
        let syn::Stmt::Local(local) = stmt else {
            continue;
        };
        let Some((name, acquired)) = bound_guard(local, &cx.file.fields) else {
            continue;
        };
        for later in &block.stmts[at + 1..] {
            if releases(later, &name) {
                break;
            }
            if let Some(awaited) = first_await(later) {
                report(cx, acquired, &awaited.await_token, &format!("`{name}`"));
                break;
            }
        }
    }
}

/// `let guard = m.lock().unwrap();`: the name and the acquisition.
fn bound_guard<'l>(
    local: &'l syn::Local,
    fields: &crate::semantic::FieldTypes,
) -> Option<(String, &'l syn::ExprMethodCall)> {
    let ident = crate::semantic::syntax::bound_ident(local)?;
    let init = local.init.as_ref()?;
    Some((ident.ident.to_string(), guard_of(&init.expr, fields)?))
}

fn report(
    cx: &mut RuleCx<'_>,
    acquired: &syn::ExprMethodCall,
    await_token: &syn::Token![await],
    guard: &str,
) {
    let method = acquired.method.to_string();
    let at = cx.span(acquired);
    let awaited = cx.span_of(await_token.span);
    cx.report(
        at,
        format!("the guard of `.{method}()` is held across an `.await`"),
    )
    .label(format!(
        "{guard} acquired here is still alive at the `.await`"
    ))
    .secondary(awaited, "awaited while the guard is held")
    .help(HELP)
    .emit();
}

#[cfg(test)]
mod tests {

    fn assert_counts(cases: &[(usize, &str)]) {
        crate::engine::testing::assert_counts("lock-across-await", cases);
    }

    #[test]
    fn guards_alive_at_an_await_fire() {
        assert_counts(&[
            (
                1,
                r#"pub async fn f(m: &std::sync::Mutex<u32>) { let mut g = m.lock().unwrap(); *g += 1; tokio::task::yield_now().await; }"#,
            ),
            (
                1,
                r#"pub async fn f(m: &parking_lot::RwLock<Vec<u8>>) { let g = m.write(); tokio::task::yield_now().await; drop(g); }"#,
            ),
            (
                1,
                r#"pub async fn f(c: &std::cell::RefCell<u8>) { let b = c.borrow_mut(); tokio::task::yield_now().await; let _ = b; }"#,
            ),
            (
                1,
                r#"pub async fn f(tx: &std::sync::Mutex<tokio::sync::mpsc::Sender<u8>>) { let _ = tx.lock().unwrap().send(1).await; }"#,
            ),
            (
                1,
                r#"pub fn f(m: std::sync::Arc<std::sync::Mutex<u8>>) { tokio::spawn(async move { let g = m.lock().expect("lock"); tokio::task::yield_now().await; let _ = *g; }); }"#,
            ),
        ]);
    }

    #[test]
    fn guards_that_end_before_the_await_and_async_locks_are_clean() {
        assert_counts(&[
            (
                0,
                r#"pub async fn f(m: &std::sync::Mutex<u32>) { let mut g = m.lock().unwrap(); *g += 1; drop(g); tokio::task::yield_now().await; }"#,
            ),
            (
                0,
                r#"pub async fn f(m: &std::sync::Mutex<u32>) { { let mut g = m.lock().unwrap(); *g += 1; } tokio::task::yield_now().await; }"#,
            ),
            (
                0,
                r#"pub async fn f(m: &std::sync::Mutex<u32>) { let v = *m.lock().unwrap(); tokio::task::yield_now().await; let _ = v; }"#,
            ),
            (
                0,
                r#"pub async fn f(m: &std::sync::Mutex<Vec<u8>>) { let v = m.lock().unwrap().clone(); tokio::task::yield_now().await; let _ = v; }"#,
            ),
            (
                0,
                r#"pub async fn f(m: &tokio::sync::Mutex<u32>) { let mut g = m.lock().await; *g += 1; tokio::task::yield_now().await; }"#,
            ),
            (
                0,
                r#"pub async fn f(m: &tokio::sync::RwLock<u32>) { let g = m.read().await; tokio::task::yield_now().await; let _ = *g; }"#,
            ),
            (
                0,
                r#"pub fn f(m: &std::sync::Mutex<u32>) { let g = m.lock().unwrap(); let _ = *g; }"#,
            ),
            (
                0,
                r#"struct S { sessions: concread::bptree::BptreeMap<u8, u8> } impl S { pub async fn f(&self) { let snapshot = self.sessions.read(); tokio::task::yield_now().await; let _ = snapshot.get(&1); } }"#,
            ),
            (
                1,
                r#"struct S { sessions: std::sync::Arc<parking_lot::RwLock<Vec<u8>>> } impl S { pub async fn f(&self) { let guard = self.sessions.read(); tokio::task::yield_now().await; let _ = guard.len(); } }"#,
            ),
            (
                0,
                r#"pub async fn f(c: &tokio::sync::Mutex<redis::Client>) { let _ = c.lock().await.get_multiplexed_async_connection().await; }"#,
            ),
            (
                0,
                r#"pub async fn f(m: std::sync::Arc<std::sync::Mutex<u32>>) { let g = m.lock().unwrap(); tokio::spawn(async { tokio::task::yield_now().await; }); let _ = *g; }"#,
            ),
            (
                0,
                r#"#[cfg(test)] mod tests { #[tokio::test] async fn t() { let m = std::sync::Mutex::new(1); let g = m.lock().unwrap(); tokio::task::yield_now().await; let _ = *g; } }"#,
            ),
        ]);
    }
}
