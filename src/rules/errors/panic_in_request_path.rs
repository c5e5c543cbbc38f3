//! `panic-in-request-path`: see `rules/panic-in-request-path.md`.

use crate::rules::prelude::*;
use crate::semantic::syntax::{macro_args, macro_name, mentions};

declare_rule!(PanicInRequestPath, "panic-in-request-path");

impl Rule for PanicInRequestPath {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Macro]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Macro(mac) = node else {
            return;
        };
        let Some(function) = cx.scope.function else {
            return;
        };
        if !cx.scope.is_production()
            || cx.scope.in_once_init
            || cx.scope.compiled_out
            || cx.scope.in_impossible_branch
        {
            return;
        }
        let name = macro_name(mac);
        let message = match name.as_str() {
            "panic" => "`panic!` while serving a request".to_string(),
            "todo" | "unimplemented" => format!("`{name}!` is reachable from a request handler"),
            "unreachable" => "`unreachable!` while serving a request".to_string(),
            "assert" | "assert_eq" | "assert_ne" => {
                // Asserting on request input turns bad input into a crash; invariants on
                // internal state are left alone.
                let on_input = macro_args(mac)
                    .exprs
                    .iter()
                    .any(|expr| cx.scope.params.iter().any(|param| mentions(expr, param)));
                if !on_input {
                    return;
                }
                format!("`{name}!` on request input panics on bad input")
            }
            _ => return,
        };
        let at = cx
            .span(&mac.path)
            .to(cx.span_of(mac.delimiter.span().join()));
        let allowed = cx.scope.allowing_attribute(&name);
        // An arm on a parameter's variants runs only if a caller passes one of them.
        let condition = match &cx.scope.param_arm {
            Some(arm) => Condition::All(vec![
                Condition::InRequestPath(function),
                Condition::Not(Box::new(Condition::CallersExclude(function, arm.clone()))),
            ]),
            None => Condition::InRequestPath(function),
        };
        let mut finding = cx
            .report(at, message)
            .label("the task serving this request panics here")
            .help("return an error response instead (for example `Err(AppError::BadRequest(..))`)");
        if let Some((lint, attribute)) = allowed {
            finding = finding.allowed_by_attribute(attribute, lint);
        }
        finding.emit_if(condition);
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::{count_findings, report_on};
    use crate::settings::Settings;

    /// How many times the rule fires on `body`, the body of a routed axum handler whose
    /// request input is `raw: String` and `status: Status`.
    fn fired(body: &str) -> usize {
        let code = format!(
            r#"
use axum::{{extract::Path, routing::post, Json, Router}};

static HEADER: std::sync::LazyLock<jsonwebtoken::Header> = std::sync::LazyLock::new(Default::default);
static KEY: std::sync::OnceLock<jsonwebtoken::EncodingKey> = std::sync::OnceLock::new();

#[derive(PartialEq, serde::Serialize, serde::Deserialize)]
enum Status {{ Pending, Done, Failed(String) }}

async fn handler(Path(raw): Path<String>, Json(status): Json<Status>) -> String {{
{body}
    String::new()
}}

pub fn router() -> Router {{
    Router::new().route("/x/{{raw}}", post(handler))
}}
"#
        );
        count_findings("panic-in-request-path", &code)
    }

    fn assert_counts(cases: &[(usize, &str)]) {
        for (expected, body) in cases {
            assert_eq!(fired(body), *expected, "{body}");
        }
    }

    #[test]
    fn the_failure_branch_of_a_call_that_cannot_fail_does_not_run() {
        assert_counts(&[
            (
                0,
                r#"let _s = match serde_json::to_string(&status) { Ok(s) => s, Err(e) => panic!("{e}") };"#,
            ),
            (
                1,
                r#"let _s = match serde_json::from_str::<Status>(&raw) { Ok(s) => s, Err(e) => panic!("{e}") };"#,
            ),
            (
                0,
                r#"let Ok(_text) = serde_json::to_string(&status) else { panic!("serialisable") };"#,
            ),
            (
                1,
                r#"let Ok(_n) = raw.parse::<u32>() else { panic!("a number") };"#,
            ),
            (
                0,
                r#"if let Err(e) = serde_json::to_string(&status) { panic!("{e}") }"#,
            ),
            (
                0,
                r#"let _b = serde_json::to_vec(&status).unwrap_or_else(|e| panic!("{e}"));"#,
            ),
            (
                1,
                r#"let _n = raw.parse::<u32>().unwrap_or_else(|e| panic!("{e}"));"#,
            ),
            (
                0,
                r#"let _t = match jsonwebtoken::encode(&HEADER, &status, KEY.wait()) { Ok(t) => t, Err(e) => panic!("{e}") };"#,
            ),
            (
                1,
                r#"let key = jsonwebtoken::EncodingKey::from_secret(raw.as_bytes()); let _t = match jsonwebtoken::encode(&HEADER, &status, &key) { Ok(t) => t, Err(e) => panic!("{e}") };"#,
            ),
        ]);
    }

    #[test]
    fn an_arm_of_a_variant_returned_early_does_not_run() {
        assert_counts(&[
            (
                0,
                r#"if status == Status::Pending { return String::new(); } match status { Status::Pending => unreachable!("handled above"), _ => {} }"#,
            ),
            (
                0,
                r#"if matches!(status, Status::Pending | Status::Done) { return String::new(); } match status { Status::Done | Status::Pending => unreachable!(), Status::Failed(_) => {} }"#,
            ),
            (
                0,
                r#"if let Status::Failed(_) = status { return String::new(); } match status { Status::Failed(reason) => unreachable!("{reason}"), _ => {} }"#,
            ),
            (
                1,
                r#"if status == Status::Pending { tracing::info!("pending"); } match status { Status::Pending => unreachable!(), _ => {} }"#,
            ),
            (
                1,
                r#"if status == Status::Done { return String::new(); } match status { Status::Pending => unreachable!(), _ => {} }"#,
            ),
            (
                1,
                r#"let mut status = status; if status == Status::Pending { return String::new(); } status = Status::Pending; match status { Status::Pending => unreachable!(), _ => {} }"#,
            ),
            (
                1,
                r#"if matches!(status, Status::Pending if raw.is_empty()) { return String::new(); } match status { Status::Pending => unreachable!(), _ => {} }"#,
            ),
            (1, r#"match status { Status::Pending => todo!(), _ => {} }"#),
        ]);
    }

    #[test]
    fn the_last_else_of_a_chain_an_early_exit_ruled_out_does_not_run() {
        let early_exit = r#"let password: Option<String> = raw.strip_prefix("p:").map(str::to_string); let code: Option<String> = raw.strip_prefix("c:").map(str::to_string); let local = raw == "local"; if password.is_none() && code.is_none() && !local { return String::new(); }"#;
        let chain = r#"if let Some(p) = password { return p; } else if let Some(c) = code { return c; } else if local { return String::from("local"); } else { unreachable!("rejected above") }"#;
        assert_counts(&[
            (0, &format!("{early_exit} {chain}")),
            // The early exit rejects fewer cases than the chain leaves: the last `else` runs
            // when `local` is false.
            (
                1,
                &format!(
                    r#"let password: Option<String> = raw.strip_prefix("p:").map(str::to_string); let code: Option<String> = raw.strip_prefix("c:").map(str::to_string); let local = raw == "local"; if password.is_none() && code.is_none() && local {{ return String::new(); }} {chain}"#
                ),
            ),
            // No early exit, or one whose values change before the chain.
            (
                1,
                &format!(
                    r#"let password: Option<String> = None; let code: Option<String> = None; let local = raw == "local"; {chain}"#
                ),
            ),
            (
                1,
                &format!(
                    r#"let mut password: Option<String> = raw.strip_prefix("p:").map(str::to_string); let code: Option<String> = None; let local = false; if password.is_none() && code.is_none() && !local {{ return String::new(); }} password = None; {chain}"#
                ),
            ),
        ]);
    }

    /// How many times the rule fires when the routed handler runs `caller` (with `status:
    /// Option<Status>` and `raw: String` in scope), and `filter` (free, or nested in the
    /// handler when `nested`) is `fn filter(q: u32, status: Option<Status>) -> u32 { filter_body }`.
    fn fired_in_callee(caller: &str, filter_body: &str, nested: bool) -> usize {
        let filter = format!(
            "fn filter(q: u32, status: Option<Status>) -> u32 {{\n{filter_body}\n    q\n}}"
        );
        let (inside, outside) = if nested {
            (filter.as_str(), "")
        } else {
            ("", filter.as_str())
        };
        let code = format!(
            r#"
use axum::{{extract::Query, routing::get, Router}};

#[derive(PartialEq, serde::Deserialize)]
enum Status {{ Pending, Sending, Done }}

{outside}

async fn list(Query(status): Query<Option<Status>>, raw: String) -> String {{
    {inside}
    {caller}
    String::new()
}}

pub fn router() -> Router {{
    Router::new().route("/list", get(list))
}}
"#
        );
        count_findings("panic-in-request-path", &code)
    }

    const MATCH_SOME: &str = r#"    if let Some(status) = status {
        match status {
            Status::Pending => unreachable!("handled by the caller"),
            _ => {}
        }
    }"#;

    const MATCH_OPTION: &str = r#"    match status {
        Some(Status::Pending) => unreachable!("handled by the caller"),
        _ => {}
    }"#;

    const EXCLUDE_SOME: &str =
        "if let Some(status) = status { if status == Status::Pending { return String::new(); } }";

    #[test]
    fn an_arm_of_a_variant_every_caller_returned_early_on_does_not_run() {
        for nested in [true, false] {
            let call =
                format!("{EXCLUDE_SOME} let _ = filter(1, status); let _ = filter(2, status);");
            assert_eq!(
                fired_in_callee(&call, MATCH_SOME, nested),
                0,
                "nested: {nested}"
            );
            let call = "if status == Some(Status::Pending) { return String::new(); } let _ = filter(1, status);";
            assert_eq!(
                fired_in_callee(call, MATCH_SOME, nested),
                0,
                "nested: {nested}"
            );
        }
    }

    #[test]
    fn an_arm_a_caller_may_reach_still_fires() {
        for (caller, body) in [
            // One of the calls comes before the early return.
            (
                format!("let _ = filter(1, status); {EXCLUDE_SOME} let _ = filter(2, status);"),
                MATCH_SOME,
            ),
            // Another variant was returned on.
            (
                "if let Some(status) = status { if status == Status::Done { return String::new(); } } let _ = filter(1, status);".to_string(),
                MATCH_SOME,
            ),
            // The exit is not early: the branch goes on.
            (
                "if let Some(status) = status { if status == Status::Pending { let _ = raw.len(); } } let _ = filter(1, status);".to_string(),
                MATCH_SOME,
            ),
            // No caller checks.
            ("let _ = filter(1, status);".to_string(), MATCH_SOME),
            // The value is changed between the check and the call.
            (
                format!("let mut status = status; {EXCLUDE_SOME} status = Some(Status::Pending); let _ = filter(1, status);"),
                MATCH_SOME,
            ),
            // Another argument was checked.
            (
                format!("let other = status; {EXCLUDE_SOME} let _ = filter(1, other);"),
                MATCH_SOME,
            ),
            // A `Some(..)` pattern on the `Option` itself is not followed.
            (format!("{EXCLUDE_SOME} let _ = filter(1, status);"), MATCH_OPTION),
        ] {
            assert_eq!(fired_in_callee(&caller, body, true), 1, "{caller}");
        }
    }

    /// The lines of `src/lib.rs` reported in a crate with `manifest`.
    fn lines_in_crate(manifest: &str, code: &str) -> Vec<u32> {
        report_on(
            &[("Cargo.toml", manifest), ("src/lib.rs", code)],
            &Settings::default(),
        )
        .active()
        .filter(|d| d.rule == "panic-in-request-path")
        .map(|d| d.primary.span.start.line)
        .collect()
    }

    #[test]
    fn code_the_default_build_leaves_out_is_not_reported() {
        let manifest = r#"
[package]
name = "media"
version = "0.1.0"

[dependencies]
axum = "0.8"

[features]
default = ["storage"]
storage = ["s3"]
s3 = []
local = []
"#;
        let code = r#"
use axum::{routing::get, Router};

async fn upload() -> &'static str {
    #[cfg(not(feature = "s3"))]
    unreachable!("s3 is configured only with the feature");
    #[cfg(feature = "s3")]
    todo!("multipart upload");
}

async fn thumbnail() -> &'static str {
    #[cfg(not(feature = "local"))]
    unimplemented!("thumbnails need local storage");
    #[cfg(feature = "local")]
    unreachable!()
}

#[cfg(not(feature = "storage"))]
async fn fallback() -> &'static str {
    panic!("no storage")
}

pub fn router() -> Router {
    Router::new().route("/upload", get(upload)).route("/thumb", get(thumbnail))
}
"#;
        assert_eq!(lines_in_crate(manifest, code), [8, 13]);
        let no_features = manifest.split("[features]").next().unwrap();
        assert_eq!(
            lines_in_crate(no_features, code),
            [6, 13],
            "s3 is off without a default that enables it"
        );
    }

    #[test]
    fn what_only_a_once_per_process_initialiser_calls_is_not_the_request_path() {
        let code = r#"
use axum::{routing::get, Router};
use std::sync::{LazyLock, OnceLock};

fn load_template() -> String {
    panic!("no template")
}

fn load_banner() -> String {
    panic!("no banner")
}

fn load_header() -> String {
    panic!("no header")
}

fn load_footer() -> String {
    panic!("no footer")
}

async fn index() -> String {
    static TEMPLATE: LazyLock<String> = LazyLock::new(load_template);
    static FOOTER: OnceLock<String> = OnceLock::new();
    let footer = FOOTER.get_or_init(|| load_footer());
    let header = LazyLock::new(load_header);
    format!("{}{}{}{footer}", *header, *TEMPLATE, load_banner())
}

async fn banner() -> String {
    static BANNER: LazyLock<String> = LazyLock::new(|| load_banner());
    BANNER.clone()
}

pub fn router() -> Router {
    Router::new().route("/", get(index)).route("/banner", get(banner))
}
"#;
        assert_eq!(
            count_findings("panic-in-request-path", code),
            1,
            "the banner, which a handler also loads directly"
        );
    }
}
