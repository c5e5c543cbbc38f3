//! `unwrap-in-request-path`: see `rules/unwrap-in-request-path.md`.

use crate::rules::prelude::*;
use crate::semantic::expect_messages::states_invariant;
use crate::semantic::extractor_fields::viewed_field;
use crate::semantic::fallible_operations::{derivation, Derivation};
use crate::semantic::guards::unwrapped_path;
use crate::semantic::input_conversions::converted_subject;
use crate::semantic::models::SinkKind;
use crate::semantic::request_extensions::extension_read;
use crate::semantic::taint::Origin;

declare_rule!(UnwrapInRequestPath, "unwrap-in-request-path");

impl Rule for UnwrapInRequestPath {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Expr(syn::Expr::MethodCall(call)) = node else {
            return;
        };
        let method = call.method.to_string();
        if !matches!(method.as_str(), "unwrap" | "expect") || call.turbofish.is_some() {
            return;
        }
        let expected_args = usize::from(method == "expect");
        if call.args.len() != expected_args
            || !cx.scope.is_production()
            || cx.scope.in_once_init
            || cx.scope.compiled_out
        {
            return;
        }
        let Some(function) = cx.scope.function else {
            return;
        };
        if cx.inputs().cannot_fail(&call.receiver)
            || unwrapped_path(&call.receiver).is_some_and(|path| cx.scope.is_known_some(&path))
        {
            return;
        }
        // A message stating an invariant ("user is authenticated"): the crate guarantees the
        // value unless request input decides it.
        let invariant = call.args.first().is_some_and(stated_invariant);
        // By default request input counts only where its value decides the failure: a
        // conversion of it (`id.parse()`). With `all-input`, any value carrying input counts:
        // under a stated invariant the value itself, otherwise also what decides whether it is
        // there (`map.get(&id)`).
        let input = if !cx.option_bool("all-input") {
            converted_input(&call.receiver, cx)
        } else if invariant {
            cx.taint().eval(&call.receiver).origins
        } else {
            input_origins(&call.receiver, cx)
        };
        // Otherwise the `None`/`Err` must be one the request or the environment can cause:
        // request input, or an operation outside the server's code (the database, the
        // network, the file system, another process) the value derives from.
        // A request extension a middleware inserts on some paths only (checked below) is
        // missing because of the request (no session cookie).
        let extension = extension_read(&call.receiver);
        let derived = if invariant {
            Derivation::default()
        } else if extension.is_some() || extracted_field(&call.receiver, function, cx) {
            Derivation {
                external: true,
                calls: Vec::new(),
            }
        } else {
            derivation(&call.receiver, cx.file, cx.scope, cx.env)
        };
        if input.is_empty() && (derived.is_empty() || invariant) {
            return;
        }
        let at = cx
            .span(&call.method)
            .to(cx.span_of(call.paren_token.span.join()));
        let allowed = cx.scope.allowing_attribute(&method);
        let field = extractor_field(&call.receiver, cx);
        let filled_by_callee = viewed_field(&call.receiver).and_then(|(base, field)| {
            let call = cx.scope.call_of_local(&base)?.clone();
            Some(Condition::CalleeFillsField { call, field })
        });
        let mut finding = cx
            .report(at, format!("`.{method}()` can panic while serving a request"))
            .label("panics on `Err`/`None` and drops the connection")
            .help("return the error with `?` and map it to a response (for example with `IntoResponse` or `ResponseError`)");
        if let Some((lint, attribute)) = allowed {
            finding = finding.allowed_by_attribute(attribute, lint);
        }
        let mut condition = Condition::InRequestPath(function);
        if let Some((type_name, field)) = field {
            // A field the crate's extractor may fill per route: not a finding if it does.
            let filled = Condition::RouteFilledField { type_name, field };
            condition = Condition::All(vec![condition, Condition::Not(Box::new(filled))]);
        }
        if let Some(read) = extension {
            // A value a layer or middleware put in the request: missing on every request of
            // the route or on none, unless a middleware inserts it only on some paths.
            let missing = Condition::ExtensionMayBeMissing(read);
            condition = Condition::All(vec![condition, missing]);
        }
        if let Some(filled) = filled_by_callee {
            // A field of what a crate function returned: not a finding if it always fills it.
            condition = Condition::All(vec![condition, Condition::Not(Box::new(filled))]);
        }
        if !derived.external {
            let mut causes = vec![Condition::RequestInput {
                function,
                origins: input,
                // The broadest kind: no conversion makes a value safe for it.
                kind: SinkKind::Allocation,
            }];
            if !derived.calls.is_empty() {
                causes.push(Condition::PerformsOperation(derived.calls));
            }
            condition = Condition::All(vec![condition, Condition::Any(causes)]);
        }
        finding.emit_if(condition);
    }
}

/// Whether the receiver is a field of a handler's parameter that the framework extracts from
/// the request with an extractor it does not model (`rockets.user` of a `PlumeRocket` request
/// guard, filled from the session cookie): whether it is there depends on the request.
fn extracted_field(
    receiver: &syn::Expr,
    function: crate::semantic::facts::LocalFnId,
    cx: &RuleCx<'_>,
) -> bool {
    let Some((base, _)) = viewed_field(receiver) else {
        return false;
    };
    cx.facts.functions[function].handler.is_some()
        && cx.scope.is_param(&base)
        && cx
            .env
            .get(&base)
            .is_some_and(|taint| taint.origins.iter().any(|o| matches!(o, Origin::Param(_))))
}

/// The origins of the value a conversion converts (`id` of `id.parse()`), unless the function
/// composed it itself (`PathAndQuery::from_str(&format!("{path}?{query}"))`).
fn converted_input(receiver: &syn::Expr, cx: &RuleCx<'_>) -> Vec<Origin> {
    match converted_subject(receiver) {
        Some(subject) if !cx.inputs().is_composed(subject) => cx.taint().eval(subject).origins,
        _ => Vec::new(),
    }
}

/// The origins of the unwrapped value and of what decides whether it is there: the receivers
/// and arguments of the calls that make it (`map.get(&id)` is `None` for some `id`).
fn input_origins(receiver: &syn::Expr, cx: &RuleCx<'_>) -> Vec<Origin> {
    let mut origins = cx.taint().eval(receiver).origins;
    let mut expr = receiver;
    loop {
        let (next, args) = match expr {
            syn::Expr::MethodCall(call) => (&*call.receiver, Some(&call.args)),
            syn::Expr::Call(call) => (&*call.func, Some(&call.args)),
            syn::Expr::Try(inner) => (&*inner.expr, None),
            syn::Expr::Await(inner) => (&*inner.base, None),
            syn::Expr::Paren(inner) => (&*inner.expr, None),
            syn::Expr::Field(field) => (&*field.base, None),
            _ => break,
        };
        for arg in args.into_iter().flatten() {
            // A closure's result (`spawn_blocking(move || id.parse())`) is what it returns.
            let found = match arg {
                syn::Expr::Closure(closure) => {
                    let mut found = cx.taint().eval(arg).origins;
                    found.extend(input_origins(&closure.body, cx));
                    found
                }
                other => input_origins(other, cx),
            };
            for origin in found {
                if !origins.contains(&origin) {
                    origins.push(origin);
                }
            }
        }
        expr = next;
    }
    origins
}

/// Whether an `.expect(..)` argument is a literal message that states an invariant.
fn stated_invariant(message: &syn::Expr) -> bool {
    matches!(message, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. })
        if states_invariant(&text.value()))
}

/// The declared type and the field of an unwrapped field of a parameter or of `self`
/// (`body.sender_user.as_ref()` with `body: Ruma<Request>` is (`Ruma`, `sender_user`)).
fn extractor_field(receiver: &syn::Expr, cx: &RuleCx<'_>) -> Option<(String, String)> {
    let (base, field) = viewed_field(receiver)?;
    let type_name = if base == "self" {
        let impl_type = cx.scope.impl_type.as_deref()?;
        impl_type.rsplit("::").next()?.to_string()
    } else if cx.scope.params.contains(&base) {
        cx.env.type_of(&base)?.to_string()
    } else {
        return None;
    };
    Some((type_name, field))
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::report_on;
    use crate::settings::Settings;

    /// The findings on `code` (a file `lib.rs`), with `all-input` on or off.
    fn count_with(code: &str, all_input: bool) -> usize {
        let mut settings = Settings::default();
        if all_input {
            let mut options = toml::Table::new();
            options.insert("all-input".to_string(), toml::Value::Boolean(true));
            settings
                .rule_options
                .insert("unwrap-in-request-path", options);
        }
        report_on(&[("lib.rs", code)], &settings)
            .active()
            .filter(|d| d.rule == "unwrap-in-request-path")
            .count()
    }

    /// The findings with `all-input` on: most cases below tell an unwrap that input may
    /// make fail from one it cannot, which only that option reports at all.
    fn count(code: &str) -> usize {
        count_with(code, true)
    }

    /// How many times the rule fires on `body`, the body of a routed axum handler whose
    /// request input is `id: String`. Positives and negatives share the template, so a
    /// negative is silent only because of the form it tests.
    fn fired(body: &str) -> usize {
        fired_with(body, true)
    }

    /// [`fired`] with `all-input` on or off.
    fn fired_with(body: &str, all_input: bool) -> usize {
        let code = format!(
            r#"
use axum::{{extract::Path, routing::get, Router}};
use std::sync::{{LazyLock, OnceLock}};

static PATTERN: OnceLock<regex::Regex> = OnceLock::new();
static PARAMS: LazyLock<std::collections::HashMap<String, argon2::Params>> = LazyLock::new(Default::default);

struct Info {{ offset: Option<u64>, path: Option<String> }}

fn load(id: &str) -> Info {{
    Info {{ offset: id.parse().ok(), path: None }}
}}

async fn handler(Path(id): Path<String>) -> String {{
{body}
    String::new()
}}

pub fn router() -> Router {{
    Router::new().route("/x/{{id}}", get(handler))
}}
"#
        );
        count_with(&code, all_input)
    }

    fn assert_counts(cases: &[(usize, &str)]) {
        for (expected, body) in cases {
            assert_eq!(fired(body), *expected, "{body}");
        }
    }

    #[test]
    fn by_default_input_counts_where_a_conversion_of_it_fails() {
        for (expected, body) in [
            // Conversions of input, also under a message stating an invariant.
            (1, "let _n: u32 = id.parse().unwrap();"),
            (1, r#"let _n: u32 = id.parse().expect("ids should be numeric");"#),
            (1, "let _u = uuid::Uuid::parse_str(&id).map_err(|_| ()).unwrap();"),
            (1, "let _s = String::from_utf8(id.clone().into_bytes()).unwrap();"),
            // Accessors and lookups of input: only with `all-input`.
            (0, "let _c = id.chars().next().unwrap();"),
            (0, "let map = std::collections::HashMap::<String, u32>::new(); let _v = map.get(&id).unwrap();"),
            // A value the function composed, input inside: re-parsing it is not the input's
            // failure.
            (0, r#"let q = format!("/p?{id}"); let _p = http::uri::PathAndQuery::from_str(&q).unwrap();"#),
            (0, r#"let _v: serde_json::Value = serde_json::json!({ "id": id }).try_into().expect("we just built it");"#),
        ] {
            assert_eq!(fired_with(body, false), expected, "{body}");
        }
        // The same accessors with `all-input`.
        assert_eq!(fired_with("let _c = id.chars().next().unwrap();", true), 1);
    }

    #[test]
    fn only_failures_the_request_or_the_environment_cause() {
        assert_counts(&[
            // Database, file system, process, and a local derived from one.
            (
                1,
                r#"let pool: sqlx::PgPool = make_pool(); let _n: i64 = sqlx::query_scalar("SELECT 1").fetch_one(&pool).await.unwrap();"#,
            ),
            (
                1,
                r#"let p = std::env::var("P").unwrap_or_default(); let _t = std::fs::read_to_string(&p).unwrap();"#,
            ),
            // What the operation returned is data, not its failure: a field of its output
            // (`out.status.code()`), the parts a pattern takes apart, a column of a row.
            (
                1,
                r#"let p = std::env::var("P").unwrap_or_default(); let out = std::process::Command::new("ls").arg(&p).output().unwrap(); let _c = out.status.code().unwrap();"#,
            ),
            (
                0,
                r#"let pool: sqlx::PgPool = make_pool(); let (n, label): (i64, Option<String>) = sqlx::query_as("SELECT 1, NULL").fetch_one(&pool).await.unwrap_or_default(); let _l = label.unwrap();"#,
            ),
            (
                0,
                r#"let pool: sqlx::PgPool = make_pool(); let text = if id.is_empty() { String::new() } else { let row: (String,) = sqlx::query_as("SELECT 'x'").fetch_one(&pool).await.unwrap_or_default(); row.0 }; let _j: serde_json::Value = serde_json::from_str(&text).unwrap();"#,
            ),
            // A struct builder's `build()` fails for an unset field, not for what the values
            // handed to its setters come from; a constructor handed the value can fail for it.
            (
                0,
                r#"let file = std::fs::File::open("/tmp/upload").unwrap_or_else(|_| panic!()); let _u = Upload::builder().kind("avatar").stream(file).build().unwrap();"#,
            ),
            (
                0,
                r#"let file = std::fs::File::open("/tmp/upload").unwrap_or_else(|_| panic!()); let _u = UploadBuilder::default().stream(file).build().unwrap();"#,
            ),
            (
                1,
                r#"let file = std::fs::File::open("/tmp/upload").unwrap_or_else(|_| panic!()); let _u = Upload::from_stream(file).unwrap();"#,
            ),
            // http's builders parse what they are handed.
            (
                1,
                r#"let host = std::fs::read_to_string("/etc/upstream").unwrap_or_default(); let _u = http::Uri::builder().scheme("https").authority(host).path_and_query("/").build().unwrap();"#,
            ),
            (
                1,
                r#"let file = std::fs::File::open("/tmp/upload").unwrap_or_else(|_| panic!()); let _u = UploadBuilder::with_stream(file).kind("avatar").build().unwrap();"#,
            ),
            // A request guard asked for a pooled connection takes one from the pool.
            (
                1,
                r#"let req = request(); let _conn = req.guard::<DbConn>().unwrap();"#,
            ),
            // A call handed a connection, whatever its name; rows read in a closure of one.
            (
                1,
                r#"let conn: DbConn = connect(); let _b = lookup(&conn, "x").unwrap();"#,
            ),
            (
                1,
                r#"let conn: DbConn = connect(); let _v: Vec<i64> = conn.rows().map(|row| row.get(0).unwrap()).collect();"#,
            ),
            // What decides whether a value is there counts as input (`get(&id)`).
            (
                1,
                r#"let m = std::collections::HashMap::<String, u32>::new(); let _v = m.get(&id).unwrap();"#,
            ),
            // Values the server computes itself: its config, a static, JSON it built, its clock.
            (
                0,
                r#"let base = std::env::var("BASE").unwrap_or_default(); let _u = url::Url::parse(&base).unwrap();"#,
            ),
            (0, r#"let _re = PATTERN.get().unwrap();"#),
            (
                0,
                r#"let hits = std::sync::atomic::AtomicU64::new(0); let _n: u32 = hits.load(std::sync::atomic::Ordering::Acquire).try_into().unwrap();"#,
            ),
            (
                0,
                r#"let built = serde_json::json!({ "a": 1 }); let _o = built.as_object().unwrap();"#,
            ),
            (
                0,
                r#"let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default(); let _s = u32::try_from(now.as_secs()).unwrap();"#,
            ),
            (
                0,
                r#"let conn = make_pool(); let _v: Vec<i64> = [1].iter().map(|row| row.checked_add(1).unwrap()).collect();"#,
            ),
        ]);
    }

    #[test]
    fn a_crate_function_that_queries_makes_its_result_fallible() {
        let code = r#"
use axum::{extract::State, routing::get, Router};

#[derive(Clone)]
struct AppState { pool: sqlx::PgPool, limit: Option<u32> }

async fn count(state: &AppState) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM t").fetch_one(&state.pool).await
}

async fn counted(state: &AppState) -> Result<i64, sqlx::Error> {
    count(state).await
}

fn limit(state: &AppState) -> Option<u32> {
    state.limit
}

async fn handler(State(state): State<AppState>) -> String {
    let n = counted(&state).await.unwrap();
    let l = limit(&state).unwrap();
    format!("{n} {l}")
}

pub fn router(state: AppState) -> Router {
    Router::new().route("/n", get(handler)).with_state(state)
}
"#;
        // `counted` queries through `count`; `limit` reads the server's own state.
        assert_eq!(count(code), 1);
    }

    #[test]
    fn immutable_locals_bound_to_literals_are_constants() {
        assert_counts(&[
            (
                0,
                r#"let v = "1.2.3"; let _v: semver::Version = v.parse().unwrap();"#,
            ),
            (
                0,
                r#"let limit = 10; let _l = std::num::NonZeroU32::new(limit).unwrap();"#,
            ),
            (
                1,
                r#"let mut v = "1"; v = &id; let _n: u32 = v.parse().unwrap();"#,
            ),
            (
                1,
                r#"let v = "1"; let v = id.as_str(); let _n: u32 = v.parse().unwrap();"#,
            ),
            (
                1,
                r#"let v = id.as_str(); { let v = "1"; } let _n: u32 = v.parse().unwrap();"#,
            ),
            (
                1,
                r#"let v = "1"; let _n: Vec<u32> = [id.as_str()].iter().map(|v| v.parse().unwrap()).collect();"#,
            ),
        ]);
    }

    #[test]
    fn one_time_initialisers_are_not_the_request_path() {
        assert_counts(&[
            (
                0,
                r#"let _re = PATTERN.get_or_init(|| regex::Regex::new(&std::env::var("RE").unwrap()).unwrap());"#,
            ),
            (
                0,
                r#"let _home = LazyLock::new(|| std::env::var("HOME").expect("HOME"));"#,
            ),
            (
                0,
                r#"let _home = once_cell::sync::Lazy::new(|| std::env::var("HOME").expect("HOME"));"#,
            ),
            (
                1,
                r#"let _m = PATTERN.get_or_init(|| regex::Regex::new("a+").unwrap()).find(&id).unwrap();"#,
            ),
            (
                1,
                r#"let _n: Vec<u32> = [id.as_str()].iter().map(|s| s.parse().unwrap()).collect();"#,
            ),
        ]);
    }

    #[test]
    fn the_first_piece_of_a_split_always_exists() {
        assert_counts(&[
            (0, r#"let _first = id.split('/').next().unwrap();"#),
            (0, r#"let _last = id.rsplit('.').next().unwrap();"#),
            (
                0,
                r#"let _last = id.split('.').last().expect("split yields one piece");"#,
            ),
            (1, r#"let _first = id.split_whitespace().next().unwrap();"#),
            (1, r#"let _second = id.split('/').nth(1).unwrap();"#),
        ]);
    }

    #[test]
    fn a_checked_option_or_result_is_not_unwrapped_blindly() {
        assert_counts(&[
            // An early exit on the error a `Result` holds.
            (
                0,
                r#"let res = std::fs::read_to_string(&id); if let Some(e) = res.as_ref().err() { return e.to_string(); } let _t = res.unwrap();"#,
            ),
            (
                1,
                r#"let res = std::fs::read_to_string(&id); if let Some(e) = res.as_ref().err() { tracing::warn!("{e}"); } let _t = res.unwrap();"#,
            ),
            (
                0,
                r#"let info = load(&id); if info.offset.is_none() { return String::new(); } let _o = info.offset.unwrap();"#,
            ),
            (
                0,
                r#"let info = load(&id); if info.offset.is_some() && info.offset.unwrap() > 3 { return id; }"#,
            ),
            (
                0,
                r#"let info = load(&id); if info.path.is_some() { let _p = info.path.as_ref().unwrap(); }"#,
            ),
            (
                0,
                r#"let r = id.parse::<u32>(); if r.is_err() { return String::new(); } let _n = r.unwrap();"#,
            ),
            (
                0,
                r#"let mut kv = id.split('='); let k = kv.next(); let v = kv.next(); if k.is_none() || v.is_none() { return String::new(); } let _kv = (k.unwrap(), v.unwrap());"#,
            ),
            (
                0,
                r#"let r = id.parse::<u32>(); if r.is_err() { tracing::warn!("bad id"); } else { let _n = r.unwrap(); }"#,
            ),
            (
                0,
                r#"let info = load(&id); if info.offset != Some(3) { return String::new(); } let _o = info.offset.unwrap();"#,
            ),
            (
                1,
                r#"let info = load(&id); if info.offset == Some(3) { return String::new(); } let _o = info.offset.unwrap();"#,
            ),
            (
                1,
                r#"let mut info = load(&id); if info.offset.is_none() { return String::new(); } info.offset = None; let _o = info.offset.unwrap();"#,
            ),
            (
                1,
                r#"let mut info = load(&id); if info.offset.is_some() { info.offset.take(); let _o = info.offset.unwrap(); }"#,
            ),
            (
                1,
                r#"let info = load(&id); if info.offset.is_none() { tracing::warn!("no offset"); } let _o = info.offset.unwrap();"#,
            ),
            (
                1,
                r#"let info = load(&id); if info.offset.is_some() || id.is_empty() { let _o = info.offset.unwrap(); }"#,
            ),
            (
                1,
                r#"let a = load(&id); let b = load(&id); if a.offset.is_some() { let _o = b.offset.unwrap(); }"#,
            ),
            (
                1,
                r#"let info = load(&id); if info.offset.is_none() { return String::new(); } let info = load(&id); let _o = info.offset.unwrap();"#,
            ),
            (
                1,
                r#"let info = load(&id); if info.offset.is_some() { let _x = [load(&id)].iter().map(|info| info.offset.unwrap()).count(); }"#,
            ),
            (
                1,
                r#"let m = std::collections::HashMap::<String, u32>::new(); if m.get(&id).is_some() { let _v = m.get(&id).unwrap(); }"#,
            ),
        ]);
    }

    #[test]
    fn what_only_a_wrong_program_makes_fail() {
        assert_counts(&[
            (
                0,
                r#"let _r = http::Response::builder().status(http::StatusCode::OK).header(http::header::CONTENT_TYPE, "text/html").body(id.clone()).unwrap();"#,
            ),
            (
                0,
                r#"let _r = http::Response::builder().status(200).header("cache-control", http::HeaderValue::from_static("no-store")).body(id.clone()).unwrap();"#,
            ),
            (
                1,
                r#"let _r = http::Response::builder().header("x-id", id.as_str()).body(String::new()).unwrap();"#,
            ),
            (
                1,
                r#"let _r = http::Response::builder().status(id.parse::<u16>().unwrap_or(200)).body(String::new()).unwrap();"#,
            ),
            (
                0,
                r#"let code = reqwest::StatusCode::OK; let _s = http::StatusCode::from_u16(code.as_u16()).expect("same codes");"#,
            ),
            (
                1,
                r#"let _s = http::StatusCode::from_u16(id.parse().unwrap_or(200)).expect("a status");"#,
            ),
            (
                0,
                r#"let bytes = id.as_bytes(); let _a: [u8; 4] = bytes[..4].try_into().unwrap();"#,
            ),
            (
                0,
                r#"let bytes = id.as_bytes(); let _u = uuid::Uuid::from_slice(&bytes[0..16]).unwrap();"#,
            ),
            (
                1,
                r#"let bytes = id.as_bytes(); let _s = std::str::from_utf8(&bytes[..4]).unwrap();"#,
            ),
            (
                1,
                r#"let bytes = id.as_bytes(); let _a: [u8; 4] = bytes.try_into().unwrap();"#,
            ),
            (
                0,
                r#"let Ok(mut child) = std::process::Command::new("gzip").stdin(std::process::Stdio::piped()).spawn() else { return id; }; let _stdin = child.stdin.take().expect("stdin is piped");"#,
            ),
            (
                0,
                r#"let _t = tokio::task::Builder::new().name("resize").spawn(async {}).expect("the runtime runs");"#,
            ),
            (
                1,
                r#"let _t = tokio::task::Builder::new().name(&id).spawn(async {}).map(|_| id.parse::<u32>()).unwrap();"#,
            ),
        ]);
    }

    #[test]
    fn serialising_what_the_server_built_cannot_fail() {
        assert_counts(&[
            (
                0,
                r#"let _s = serde_json::to_string(&load(&id).offset).unwrap();"#,
            ),
            (
                0,
                r#"let v = serde_json::json!({"id": id}); let _b = serde_json::to_vec(&v).expect("a value");"#,
            ),
            (
                0,
                r#"let mut buf = Vec::new(); serde_json::to_writer(&mut buf, &id).unwrap();"#,
            ),
            (
                0,
                r#"let text = serde_json::to_string(&id).unwrap(); let _v: serde_json::Value = serde_json::from_str(&text).unwrap();"#,
            ),
            (
                1,
                r#"let pairs: std::collections::HashMap<(u32, u32), String> = std::collections::HashMap::from([((1, 2), id.clone())]); let _s = serde_json::to_string(&pairs).unwrap();"#,
            ),
            (
                1,
                r#"let file = std::fs::File::create("/tmp/out.json").unwrap(); serde_json::to_writer(file, &id).unwrap();"#,
            ),
            (
                1,
                r#"let _v: serde_json::Value = serde_json::from_str(&id).unwrap();"#,
            ),
            (
                1,
                r#"let text = serde_json::to_string(&id).unwrap(); let text = id.clone(); let _v: serde_json::Value = serde_json::from_str(&text).unwrap();"#,
            ),
            (
                1,
                r#"let mut text = serde_json::to_string(&id).unwrap(); text = id.clone(); let _v: serde_json::Value = serde_json::from_str(&text).unwrap();"#,
            ),
        ]);
    }

    #[test]
    fn rendering_a_template_of_text_fields_cannot_fail() {
        let code = |fields: &str| {
            format!(
                r#"
use axum::{{extract::Path, routing::get, Router}};

#[derive(askama::Template)]
#[template(path = "page.html")]
struct Page<'a> {{ {fields} }}

async fn handler(Path(id): Path<String>) -> String {{
    let page = Page {{ id: &id, count: 1, note: None }};
    page.render().unwrap()
}}

pub fn router() -> Router {{
    Router::new().route("/x/{{id}}", get(handler))
}}
"#
            )
        };
        assert_eq!(
            count(&code("id: &'a str, count: u32, note: Option<String>")),
            0
        );
        assert_eq!(
            count(&code("id: &'a str, count: Money, note: Option<String>")),
            1
        );
    }

    #[test]
    fn serialising_a_type_with_a_tuple_keyed_map_can_fail() {
        let code = r#"
use axum::{extract::Path, routing::get, Router};
use std::collections::HashMap;

#[derive(serde::Serialize)]
struct Grid { cells: HashMap<(u32, u32), String> }

#[derive(serde::Serialize)]
struct Page { title: String, counts: HashMap<String, u64> }

async fn show(Path(id): Path<String>) -> String {
    let grid = Grid { cells: HashMap::from([((1, 2), id.clone())]) };
    let page = Page { title: id, counts: HashMap::new() };
    serde_json::to_string(&grid).unwrap() + &serde_json::to_string(&page).unwrap()
}

pub fn router() -> Router {
    Router::new().route("/grid/{id}", get(show))
}
"#;
        assert_eq!(count(code), 1, "the grid");
    }

    #[test]
    fn library_calls_that_cannot_fail_for_their_inputs() {
        assert_counts(&[
            (
                0,
                r#"let _mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(id.as_bytes()).unwrap();"#,
            ),
            (
                1,
                r#"let _mac = cmac::Cmac::<aes::Aes128>::new_from_slice(id.as_bytes()).unwrap();"#,
            ),
            (
                0,
                r#"use std::fmt::Write; let mut out = String::new(); write!(out, "{id}").unwrap();"#,
            ),
            (
                0,
                r#"use std::fmt::Write; let mut out = "id: ".to_owned(); writeln!(out, "{id}").expect("a string");"#,
            ),
            (
                1,
                r#"use std::io::Write; let mut out = std::fs::File::create("/tmp/id").unwrap(); write!(out, "{id}").unwrap();"#,
            ),
            (
                0,
                r#"let base = url::Url::parse("https://example.com/a/").unwrap(); let _icon = base.join("/favicon.ico").unwrap();"#,
            ),
            (
                1,
                r#"let base = url::Url::parse("https://example.com/a/").unwrap(); let _page = base.join(&id).unwrap();"#,
            ),
            (
                0,
                r#"let _dir = std::path::Path::new(file!()).parent().unwrap();"#,
            ),
            (
                1,
                r#"let _dir = std::path::Path::new(&id).parent().unwrap();"#,
            ),
            (
                0,
                r#"let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, argon2::Params::default()); let salt = argon2::password_hash::SaltString::generate(&mut rand_core::OsRng); let _h = argon.hash_password(id.as_bytes(), &salt).unwrap();"#,
            ),
            (
                1,
                r#"let salt = argon2::password_hash::SaltString::generate(&mut rand_core::OsRng); let _h = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, PARAMS.get(&id).cloned().unwrap_or_default()).hash_password(b"pw", &salt).unwrap();"#,
            ),
            (
                2,
                r#"let salt = argon2::password_hash::SaltString::from_b64(&id).unwrap(); let _h = argon2::Argon2::default().hash_password(b"pw", &salt).unwrap();"#,
            ),
            (
                0,
                r#"let _h = bcrypt::hash(&id, bcrypt::DEFAULT_COST).unwrap();"#,
            ),
            (
                1,
                r#"let _h = bcrypt::hash("pw", id.parse::<u32>().unwrap_or(4)).unwrap();"#,
            ),
        ]);
    }

    #[test]
    fn an_infallible_constructor_is_known_through_a_type_alias() {
        let code = r#"
use axum::{extract::Path, routing::get, Router};
use hmac::{Hmac, Mac};

type HmacSha256 = Hmac<sha2::Sha256>;
type Cipher = aes_gcm::Aes256Gcm;

async fn sign(Path(key): Path<String>) -> String {
    let _mac = HmacSha256::new_from_slice(key.as_bytes()).expect("any key length");
    let _cipher = Cipher::new_from_slice(key.as_bytes()).expect("32 bytes");
    key
}

pub fn router() -> Router {
    Router::new().route("/sign/{key}", get(sign))
}
"#;
        assert_eq!(count(code), 1, "the cipher");
    }

    #[test]
    fn clock_conversions_cannot_fail() {
        assert_counts(&[
            (
                0,
                r#"let _ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis();"#,
            ),
            (
                0,
                r#"let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_millis(); let _t = u64::try_from(now / 150).unwrap();"#,
            ),
            (
                0,
                r#"let _t: u64 = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs().try_into().unwrap();"#,
            ),
            (
                1,
                r#"let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_millis(); let _t = u32::try_from(now + id.parse::<u128>().unwrap_or(0)).unwrap();"#,
            ),
            (
                1,
                r#"let ts: i64 = id.parse().unwrap_or(0); let _t = chrono::DateTime::from_timestamp(ts, 0).unwrap();"#,
            ),
            (
                1,
                r#"let ttl: u64 = id.parse().unwrap_or(0); let _t = std::time::SystemTime::now().checked_add(std::time::Duration::from_secs(ttl)).unwrap();"#,
            ),
            (
                1,
                r#"let count: u64 = id.parse().unwrap_or(0); let _n = u64::try_from(count).unwrap();"#,
            ),
            (
                1,
                r#"let since: std::time::SystemTime = std::time::UNIX_EPOCH; let _d = std::time::SystemTime::now().duration_since(since + std::time::Duration::from_secs(id.parse().unwrap_or(0))).unwrap();"#,
            ),
        ]);
    }

    #[test]
    fn http_round_trips_cannot_fail() {
        assert_counts(&[
            (
                1,
                r#"let _m = http::Method::from_bytes(id.as_bytes()).unwrap();"#,
            ),
            (
                1,
                r#"let _m = http::Method::from_bytes(id.as_str().as_bytes()).unwrap();"#,
            ),
            (
                0,
                r#"let req = http::Request::builder().body(()).unwrap(); let (parts, _) = req.into_parts(); let _r = http::Request::builder().uri(parts.uri.clone()).method(parts.method.clone()).body(id.clone()).unwrap();"#,
            ),
            (
                1,
                r#"let req = http::Request::builder().body(()).unwrap(); let (parts, _) = req.into_parts(); let _r = http::Request::builder().uri(id.as_str()).method(parts.method.clone()).body(()).unwrap();"#,
            ),
        ]);
        let code = r#"
use actix_web::{web, HttpRequest, HttpResponse};

fn convert_method(method: &actix_web::http::Method) -> http::Method {
    http::Method::from_bytes(method.as_str().as_bytes()).expect("the same method")
}

fn convert_name(name: &String) -> http::HeaderName {
    http::HeaderName::from_bytes(name.as_str().as_bytes()).expect("not the same type")
}

fn convert_header(name: &actix_web::http::header::HeaderName) -> http::HeaderName {
    http::HeaderName::from_bytes(name.as_str().as_bytes()).expect("the same name")
}

async fn proxy(req: HttpRequest) -> HttpResponse {
    let _method = convert_method(req.method());
    let _name = convert_name(&req.path().to_string());
    let _header = convert_header(&actix_web::http::header::ACCEPT);
    HttpResponse::Ok().finish()
}

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.route("/proxy", web::get().to(proxy));
}
"#;
        assert_eq!(count(code), 1, "the name");
    }

    #[test]
    fn the_first_piece_of_a_bound_split_exists() {
        assert_counts(&[
            (
                0,
                r#"let mut parts = id.split(':'); let _kind = parts.next().unwrap();"#,
            ),
            (
                1,
                r#"let mut parts = id.split(':'); let _kind = parts.next().unwrap(); let _name = parts.next().unwrap();"#,
            ),
            (
                2,
                r#"let mut parts = id.split(':'); let _pair = (parts.next().unwrap(), parts.next().unwrap());"#,
            ),
            (
                1,
                r#"let mut parts = id.split(':'); for _ in 0..2 { let _p = parts.next().unwrap(); }"#,
            ),
            (
                1,
                r#"let mut parts = id.split(':'); parts.next(); let _name = parts.next().unwrap();"#,
            ),
            (
                1,
                r#"let mut parts = id.split_whitespace(); let _kind = parts.next().unwrap();"#,
            ),
        ]);
    }

    #[test]
    fn maintainers_allowing_the_lint_suppress_the_finding() {
        let code = r#"
#![allow(clippy::unwrap_used)]
use axum::{extract::Path, routing::get, Router};

async fn show(Path(id): Path<String>) -> String {
    let a: u32 = id.parse().unwrap();
    #[allow(clippy::expect_used)]
    let b: u32 = id.parse().expect("checked by the router");
    #[allow(clippy::unwrap_used)]
    let c: u32 = id.parse().expect("a different lint");
    #[cfg_attr(test, allow(clippy::expect_used))]
    let d: u32 = id.parse().expect("only in tests");
    format!("{a} {b} {c} {d} {}", inner(&id))
}

#[expect(clippy::expect_used, reason = "ids are validated upstream")]
fn inner(id: &str) -> u32 {
    id.parse().expect("a number")
}

pub fn router() -> Router {
    Router::new().route("/x/{id}", get(show))
}
"#;
        let report = report_on(&[("lib.rs", code)], &Settings::default());
        let findings: Vec<(u32, Option<&str>)> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule == "unwrap-in-request-path")
            .map(|d| {
                let reason = d.suppressed.as_ref().and_then(|s| s.reason.as_deref());
                (d.primary.span.start.line, reason)
            })
            .collect();
        let allowed = |lint: &str| Some(format!("the crate's maintainers allow `{lint}` here"));
        let expected: Vec<(u32, Option<String>)> = vec![
            (6, allowed("clippy::unwrap_used")),
            (8, allowed("clippy::expect_used")),
            (10, None),
            (12, None),
            (18, allowed("clippy::expect_used")),
        ];
        let expected: Vec<(u32, Option<&str>)> = expected
            .iter()
            .map(|(line, r)| (*line, r.as_deref()))
            .collect();
        assert_eq!(findings, expected);

        let mut strict = Settings::default();
        strict.unsuppressible.insert("unwrap-in-request-path");
        let report = report_on(&[("lib.rs", code)], &strict);
        assert_eq!(
            report
                .active()
                .filter(|d| d.rule == "unwrap-in-request-path")
                .count(),
            5,
            "config may forbid inline suppressions, attributes included"
        );
    }

    #[test]
    fn a_predicate_proves_its_accessor() {
        let value =
            r#"let mut v: serde_json::Value = serde_json::from_str(&id).unwrap_or_default();"#;
        assert_counts(&[
            (
                0,
                &format!("{value} if v.is_array() {{ v.as_array_mut().unwrap().clear(); }}"),
            ),
            (
                0,
                &format!(
                    "{value} if !v.is_object() {{ return id; }} let _o = v.as_object().unwrap();"
                ),
            ),
            (
                1,
                &format!("{value} if v.is_object() {{ v.as_array_mut().unwrap().clear(); }}"),
            ),
            (
                1,
                &format!(
                    "{value} if v.is_array() {{ v.take(); v.as_array_mut().unwrap().clear(); }}"
                ),
            ),
            (1, &format!("{value} let _a = v.as_array().unwrap();")),
        ]);
        let list =
            r#"let mut v: Vec<u32> = id.split(',').map(|n| n.parse().unwrap_or(0)).collect();"#;
        assert_counts(&[
            (
                0,
                &format!("{list} if v.len() > 3 {{ let _f = v.first().unwrap(); }}"),
            ),
            (
                0,
                &format!("{list} if !v.is_empty() {{ let _l = v.last().expect(\"one\"); }}"),
            ),
            (
                0,
                &format!("{list} if v.is_empty() {{ return id; }} let _f = v.first().unwrap();"),
            ),
            (
                0,
                &format!("{list} if v.len() == 0 {{ return id; }} let _f = v.first().unwrap();"),
            ),
            (
                0,
                &format!(
                    "{list} if v.is_empty() {{ return id; }} let _f = v.first().cloned().unwrap();"
                ),
            ),
            (1, &format!("{list} let _f = v.first().copied().unwrap();")),
            (
                1,
                &format!("{list} if v.len() > 3 {{ v.clear(); let _f = v.first().unwrap(); }}"),
            ),
            (
                1,
                &format!("{list} if v.len() < 3 {{ let _f = v.first().unwrap(); }}"),
            ),
            (
                1,
                &format!("{list} if v.len() != 1 {{ return id; }} let _s = v.get(1).unwrap();"),
            ),
            (1, &format!("{list} let _f = v.first().unwrap();")),
        ]);
    }

    #[test]
    fn a_field_just_assigned_a_value_holds_it() {
        assert_counts(&[
            (
                0,
                r#"let mut info = load(&id); info.offset = Some(3); let _o = info.offset.unwrap();"#,
            ),
            (
                0,
                r#"let mut info = load(&id); info.path = sea_orm::ActiveValue::Set(id.clone()); let _p = info.path.clone().unwrap();"#,
            ),
            (
                0,
                r#"let info = Info { offset: Some(1), path: None }; let _o = info.offset.unwrap();"#,
            ),
            (
                1,
                r#"let info = Info { offset: Some(1), path: id.strip_prefix('/').map(String::from) }; let _p = info.path.unwrap();"#,
            ),
            (
                1,
                r#"let mut info = load(&id); info.offset = Some(3); std::mem::take(&mut info.offset); let _o = info.offset.unwrap();"#,
            ),
            (
                1,
                r#"let mut info = load(&id); info.offset = id.parse().ok(); let _o = info.offset.unwrap();"#,
            ),
            (
                1,
                r#"let mut info = load(&id); if id.is_empty() { info.offset = Some(3); } let _o = info.offset.unwrap();"#,
            ),
        ]);
    }

    #[test]
    fn a_method_taking_other_arguments_is_not_the_one_called() {
        let code = r#"
use axum::{extract::Path, routing::get, Router};

pub struct Secret(Vec<u8>);

impl Secret {
    fn sign(&self, key: &[u8], message: &[u8]) -> Vec<u8> {
        let mut out = self.0.clone();
        out.extend_from_slice(key.get(..4).unwrap());
        out.extend_from_slice(message);
        out
    }
}

async fn token(Path(claims): Path<String>) -> String {
    let pair = jwt_simple::prelude::HS256Key::generate();
    pair.sign(claims).unwrap_or_default()
}

async fn signature(Path(message): Path<String>) -> String {
    let secret = Secret(vec![1, 2, 3, 4]);
    format!("{:?}", secret.sign(message.as_bytes(), b"msg!"))
}

pub fn router() -> Router {
    Router::new().route("/token/{c}", get(token)).route("/sig/{m}", get(signature))
}
"#;
        assert_eq!(
            count(code),
            1,
            "reached through `secret.sign(key, message)`, not `pair.sign(claims)`"
        );
        let only_token = code.replace(
            "    format!(\"{:?}\", secret.sign(message.as_bytes(), b\"msg!\"))",
            "    message",
        );
        assert_eq!(count(&only_token), 0);
    }

    #[test]
    fn a_route_segment_looked_up_by_name_exists() {
        let code = r#"
use actix_web::{web, HttpRequest, HttpResponse};

async fn show(req: HttpRequest) -> HttpResponse {
    let id = req.match_info().get("id").unwrap();
    let page = req.headers().get("x-page").unwrap();
    HttpResponse::Ok().body(format!("{id} {page:?}"))
}

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.route("/items/{id}", web::get().to(show));
}
"#;
        assert_eq!(count(code), 1, "only the header");
    }

    #[test]
    fn services_made_with_fn_service_are_handlers() {
        let code = r#"
use actix_web::{dev::{fn_service, ServiceRequest, ServiceResponse}, web, App, HttpResponse};

async fn fallback(req: ServiceRequest) -> actix_web::Result<ServiceResponse> {
    let state: &web::Data<String> = req.app_data().expect("registered at startup");
    let page = req.headers().get("x-page").unwrap().to_str().unwrap_or_default().to_string();
    Ok(req.into_response(HttpResponse::Ok().body(format!("{state} {page}"))))
}

pub fn app() {
    let _app = App::new().default_service(fn_service(fallback));
}
"#;
        assert_eq!(
            count(code),
            1,
            "the header, not the state registered at startup"
        );
    }

    #[test]
    fn a_join_handle_fails_only_when_the_task_panicked() {
        assert_counts(&[
            (
                0,
                r#"let _n = tokio::task::spawn_blocking(move || id.len()).await.unwrap();"#,
            ),
            (
                0,
                r#"let _n = tokio::spawn(async move { id.len() }).await.expect("the task does not panic");"#,
            ),
            (
                1,
                r#"let _n: u32 = tokio::task::spawn_blocking(move || id.parse()).await.unwrap().unwrap();"#,
            ),
            (
                1,
                r#"let _n = my_pool::spawn_blocking(move || id.clone()).await.unwrap();"#,
            ),
        ]);
    }
}
