//! `global-mutable-state`: see `rules/global-mutable-state.md`.

use crate::rules::prelude::*;
use crate::semantic::globals::{global_state, statics_of_macro, DeclaredStatic, GlobalState};
use crate::semantic::syntax::is_cfg_test;
use crate::semantic::FileKind;

declare_rule!(GlobalMutableState, "global-mutable-state");

impl Rule for GlobalMutableState {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Item, NodeKind::Macro]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        // A static declared in a function body is that function's private memo (a compiled
        // pattern, a token and its expiry), not state the application shares.
        if cx.file.kind != FileKind::Service
            || cx.scope.in_test
            || cx.scope.compiled_out
            || cx.scope.function.is_some()
        {
            return;
        }
        let declared = match node {
            Node::Item(syn::Item::Static(item)) => vec![DeclaredStatic::of_item(item)],
            Node::Macro(mac) => statics_of_macro(mac),
            _ => return,
        };
        for declared in declared {
            if is_cfg_test(&declared.attrs) {
                continue;
            }
            if let Some(state) = global_state(&cx.file.imports, &declared) {
                report(cx, &declared.name, &state);
            }
        }
    }
}

fn report(cx: &mut RuleCx<'_>, name: &syn::Ident, state: &GlobalState) {
    let (message, label, help) = match state {
        GlobalState::MutableStatic => (
            format!("`static mut {name}` is global mutable state"),
            "every access is `unsafe` and unsynchronised".to_string(),
            "move the value into the application state (`State<AppState>`, `web::Data<..>`), or use an atomic or a lock if it must be global",
        ),
        GlobalState::Interior(lock) => (
            format!("`static {name}` is global mutable state behind a `{lock}`"),
            format!("shared and mutated by every request through this `{lock}`"),
            "keep the state in the application state handed to handlers (`State<AppState>`, `web::Data<..>`), so it is created per app, injected and testable",
        ),
        GlobalState::Handle(handle) => (
            format!("`static {name}` holds a `{handle}` in a global"),
            "a database handle reached through a global instead of injected state".to_string(),
            "create the pool in `main` and hand it to handlers through the application state (`State<AppState>`, `web::Data<..>`)",
        ),
    };
    cx.report(cx.span(name), message)
        .label(label)
        .help(help)
        .emit_if(Condition::ServerCrate);
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::count_findings;

    /// Checks each case as a file of a server.
    fn assert_counts(cases: &[(usize, &str)]) {
        for (expected, code) in cases {
            let file = format!(
                "{code}\npub fn app() -> axum::Router {{ axum::Router::new().route(\"/\", axum::routing::get(|| async {{ \"ok\" }})) }}\n"
            );
            assert_eq!(
                count_findings("global-mutable-state", &file),
                *expected,
                "{code}"
            );
        }
    }

    #[test]
    fn global_state_fires() {
        assert_counts(&[
            (1, "static mut VISITS: u64 = 0;"),
            (
                1,
                "use std::sync::{LazyLock, Mutex}; use std::collections::HashMap; static SESSIONS: LazyLock<Mutex<HashMap<String, u64>>> = LazyLock::new(Default::default);",
            ),
            (
                1,
                "use std::sync::OnceLock; use sqlx::PgPool; pub static POOL: OnceLock<PgPool> = OnceLock::new();",
            ),
            (
                1,
                "lazy_static::lazy_static! { static ref CART: std::sync::RwLock<Vec<u32>> = std::sync::RwLock::new(Vec::new()); }",
            ),
        ]);
    }

    #[test]
    fn metrics_config_and_tests_are_clean() {
        assert_counts(&[
            (
                0,
                "use std::sync::atomic::AtomicU64; static REQUESTS: AtomicU64 = AtomicU64::new(0);",
            ),
            (
                0,
                "pub struct Config; static CONFIG: std::sync::LazyLock<Config> = std::sync::LazyLock::new(|| Config);",
            ),
            (
                0,
                "static ENV_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());",
            ),
            (
                0,
                "#[cfg(test)] mod tests { static mut CALLS: u32 = 0; }",
            ),
            (
                0,
                "pub fn blocked(text: &str) -> bool { static COMPILED: std::sync::Mutex<Option<(String, regex::Regex)>> = std::sync::Mutex::new(None); COMPILED.lock().unwrap().as_ref().is_some_and(|(_, re)| re.is_match(text)) }",
            ),
            (
                0,
                "thread_local! { static QUERY_TIMES: std::cell::RefCell<Vec<u64>> = std::cell::RefCell::new(Vec::new()); }",
            ),
            (
                0,
                "#[cfg(test)] static FIXTURE: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());",
            ),
        ]);
    }

    #[test]
    fn libraries_that_serve_nothing_are_clean() {
        assert_eq!(
            count_findings(
                "global-mutable-state",
                "static CACHE: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());"
            ),
            0
        );
    }
}
