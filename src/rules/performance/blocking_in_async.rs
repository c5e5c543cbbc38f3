//! `blocking-in-async`: see `rules/blocking-in-async.md`.

use crate::rules::prelude::*;
use crate::semantic::blocking::blocking_call;
use crate::semantic::FileKind;

declare_rule!(BlockingInAsync, "blocking-in-async");

impl Rule for BlockingInAsync {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Expr(expr) = node else {
            return;
        };
        let Some(function) = cx.scope.function else {
            return;
        };
        if cx.file.kind != FileKind::Service
            || !cx.scope.on_async_task()
            || cx.scope.is_awaited(expr)
        {
            return;
        }
        let at = cx.span(expr);
        if let Some(call) = blocking_call(cx.file, expr) {
            cx.report(
                at,
                format!(
                    "`{}` blocks the async runtime's worker thread ({})",
                    call.callee, call.what
                ),
            )
            .label("blocking call inside async code")
            .help(call.fix)
            .emit_if(Condition::ServesRequest(function));
            return;
        }
        // A synchronous function of the crate whose body blocks.
        let Some(callee) = cx.file.call_ref(expr, cx.scope) else {
            return;
        };
        let name = match expr {
            syn::Expr::MethodCall(call) => format!(".{}(..)", call.method),
            _ => crate::semantic::syntax::callee_text(expr).unwrap_or_default(),
        };
        let conditions = vec![
            Condition::ServesRequest(function),
            Condition::CalleeBlocks(callee),
        ];
        cx.report(
            at,
            format!("`{name}` blocks the async runtime's worker thread (its body makes a blocking call)"),
        )
        .label("synchronous function that blocks, called from async code")
        .help("make the function async (with `tokio::fs`, an async client, ..), or call it in `tokio::task::spawn_blocking`")
        .emit_if(Condition::All(conditions));
    }
}

#[cfg(test)]
mod tests {

    /// Checks each case as a file of a server whose handler is `f`.
    fn assert_counts(cases: &[(usize, &str)]) {
        crate::engine::testing::assert_counts_routed("blocking-in-async", cases);
    }

    #[test]
    fn the_projects_own_blocking_functions_come_from_config() {
        use crate::engine::testing::report_on;
        use crate::semantic::models::ModelExtensions;
        let code = "mod storage { pub fn read_blob() {} pub fn cached() {} }\n\
            struct Disk; impl Disk { fn fsync_all(&self) {} }\n\
            pub async fn f(d: &Disk) { storage::read_blob(); storage::cached(); d.fsync_all(); }\n\
            pub fn app() -> axum::Router { axum::Router::new().route(\"/\", axum::routing::get(f)) }\n";
        let count = |settings: &crate::settings::Settings| {
            report_on(&[("lib.rs", code)], settings)
                .active()
                .filter(|d| d.rule == "blocking-in-async")
                .count()
        };
        let mut settings = crate::settings::Settings::default();
        assert_eq!(count(&settings), 0);
        settings.models = ModelExtensions {
            blocking: vec!["storage::read_blob".into(), ".fsync_all".into()],
            ..ModelExtensions::default()
        };
        assert_eq!(count(&settings), 2);
    }

    #[test]
    fn a_synchronous_crate_function_that_blocks_blocks_its_async_callers() {
        assert_counts(&[
            (
                1,
                r#"fn load() -> String { std::fs::read_to_string("t").unwrap_or_default() } pub async fn f() -> String { load() }"#,
            ),
            (
                1,
                r#"struct H; impl H { fn digest_password(&self, p: &str) -> bool { bcrypt::hash(p, 4).is_ok() } } pub async fn f(h: &H) -> bool { h.digest_password("pw") }"#,
            ),
            (
                0,
                r#"fn load() -> String { std::fs::read_to_string("t").unwrap_or_default() } pub async fn f() -> String { tokio::task::spawn_blocking(load).await.unwrap_or_default() }"#,
            ),
            (
                0,
                r#"fn pure(s: &str) -> usize { s.len() } pub async fn f() -> usize { pure("t") }"#,
            ),
            (
                0,
                r#"async fn work() { let _ = tokio::task::spawn_blocking(|| std::fs::read("a")).await; } pub async fn f() { tokio::spawn(work()); }"#,
            ),
        ]);
    }

    #[test]
    fn only_code_a_handler_reaches_and_only_calls_that_are_not_awaited() {
        assert_counts(&[
            (
                1,
                r#"pub async fn f() { helper().await } async fn helper() { let _ = std::fs::read("a"); }"#,
            ),
            (
                0,
                r#"pub async fn f() {} pub async fn init() { let _ = std::fs::read("config.toml"); }"#,
            ),
            (
                0,
                r#"use diesel::prelude::*; struct Page; impl Page { async fn load(self, _c: &mut u8) -> Vec<u8> { vec![] } } pub async fn f(c: &mut u8) { let _ = Page.load(c).await; }"#,
            ),
        ]);
    }

    #[test]
    fn std_io_sleep_and_processes_block() {
        assert_counts(&[
            (
                1,
                r#"pub async fn f() -> String { std::fs::read_to_string("a").unwrap_or_default() }"#,
            ),
            (
                1,
                r#"use std::fs; pub async fn f() { let _ = fs::write("a", b"x"); }"#,
            ),
            (
                1,
                r#"use std::fs::File; pub async fn f() { let _ = File::open("a"); }"#,
            ),
            (
                1,
                r#"pub async fn f() { std::thread::sleep(std::time::Duration::from_secs(1)); }"#,
            ),
            (
                1,
                r#"use std::process::Command; pub async fn f() { let _ = Command::new("git").arg("gc").output(); }"#,
            ),
            (
                1,
                r#"pub fn f() { tokio::spawn(async { std::thread::sleep(std::time::Duration::from_secs(1)); }); }"#,
            ),
            (
                0,
                r#"pub async fn f() -> String { tokio::fs::read_to_string("a").await.unwrap_or_default() }"#,
            ),
            (
                0,
                r#"use tokio::fs::File; pub async fn f() { let _ = File::open("a").await; }"#,
            ),
            (
                0,
                r#"use tokio::process::Command; pub async fn f() { let _ = Command::new("git").output().await; }"#,
            ),
            (
                0,
                r#"pub fn f() -> String { std::fs::read_to_string("a").unwrap_or_default() }"#,
            ),
        ]);
    }

    #[test]
    fn escape_hatches_main_and_tests_are_clean() {
        assert_counts(&[
            (
                0,
                r#"pub async fn f() { let _ = tokio::task::spawn_blocking(|| std::fs::read("a")).await; }"#,
            ),
            (
                0,
                r#"pub async fn f() { tokio::task::block_in_place(|| std::thread::sleep(std::time::Duration::from_secs(1))); }"#,
            ),
            (
                0,
                r#"pub async fn f() { let _ = actix_web::web::block(move || bcrypt::hash("pw", 12)).await; }"#,
            ),
            (
                0,
                r#"#[tokio::main] async fn main() { let _ = std::fs::read_to_string("config.toml"); }"#,
            ),
            (
                0,
                r#"#[cfg(test)] mod tests { #[tokio::test] async fn t() { let _ = std::fs::read("a"); } }"#,
            ),
        ]);
    }

    #[test]
    fn hashing_and_sync_database_calls_block_where_their_crate_is_the_sync_one() {
        assert_counts(&[
            (1, r#"pub async fn f() { let _ = bcrypt::hash("pw", 12); }"#),
            (
                1,
                r#"use argon2::{Argon2, PasswordHasher}; pub async fn f(salt: &argon2::password_hash::SaltString) { let _ = Argon2::default().hash_password(b"pw", salt); }"#,
            ),
            (
                0,
                r#"use crate::hasher::Hasher; pub async fn f(h: &Hasher) { let _ = h.hash_password(b"pw", 1); }"#,
            ),
            (
                1,
                r#"use diesel::prelude::*; pub async fn f(conn: &mut PgConnection) { let _ = users::table.load::<User>(conn); }"#,
            ),
            (
                0,
                r#"use diesel::prelude::*; use diesel_async::RunQueryDsl; pub async fn f(conn: &mut diesel_async::AsyncPgConnection) { let _ = users::table.load::<User>(conn).await; }"#,
            ),
            (
                0,
                r#"pub async fn f(pool: &sqlx::PgPool) { let _ = sqlx::query("select 1").execute(pool).await; }"#,
            ),
            (
                1,
                r#"use rusqlite::Connection; pub async fn f(c: &Connection) { let _ = c.execute("delete from t", []); }"#,
            ),
        ]);
    }
}
