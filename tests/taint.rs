//! The taint engine, form by form: each propagation form must carry request input from an
//! axum extractor to a sink, and each sanitizer form must stop it. Every case is a complete
//! handler checked through the real engine; positives and negatives use the same template, so
//! a negative only passes because of the form it tests.

use std::path::PathBuf;

use backlint::semantic::models::{ModelExtensions, SinkKind};
use backlint::settings::Settings;

/// The rules that fired on a handler `body` whose request input is `q: Params` (`q.s: String`,
/// `q.n: String`, `q.opt: Option<String>`, `q.list: Vec<String>`) and `raw: String` (the path).
fn rules_fired(body: &str) -> Vec<String> {
    rules_fired_with(body, &Settings::default())
}

fn rules_fired_with(body: &str, settings: &Settings) -> Vec<String> {
    let code = format!(
        r#"
use axum::{{extract::{{Path, Query, State}}, response::{{Html, Redirect}}, routing::get, Router}};
use serde::Deserialize;
use sqlx::PgPool;
use std::fmt::Write as _;
use std::str::FromStr;

#[derive(Deserialize)]
pub struct Params {{ s: String, n: String, opt: Option<String>, list: Vec<String>, limit: u32, order: Order }}

#[derive(Deserialize)]
pub enum Order {{ Asc, Desc }}

const TABLE: &str = "orders";
const ALLOWED_HOSTS: &[&str] = &["api.example.com"];
const KINDS: &[&str] = &["pdf", "csv"];

async fn handler(State(pool): State<PgPool>, Path(raw): Path<String>, Query(q): Query<Params>) {{
    let client = reqwest::Client::new();
{body}
}}

pub fn router(pool: PgPool) -> Router {{
    Router::new().route("/x/{{raw}}", get(handler)).with_state(pool)
}}
"#
    );
    rules_fired_in(&code, settings)
}

/// The rules that fired on `code` as a crate's only file.
/// The rules that follow request input to a sink.
const TAINT_RULES: [&str; 8] = [
    "sql-injection",
    "command-injection",
    "path-traversal",
    "ssrf",
    "open-redirect",
    "xss",
    "regex-injection",
    "uncontrolled-allocation",
];

fn rules_fired_in(code: &str, settings: &Settings) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lib.rs"), code).unwrap();
    let report =
        backlint::engine::check_in(&[PathBuf::from("lib.rs")], settings, dir.path()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let mut rules: Vec<String> = report
        .active()
        .map(|d| d.rule.to_string())
        // What these tests are about: the flow rules. The others' findings on the fixture (an
        // unwrap, a client built in the handler) are their own tests' business.
        .filter(|rule| TAINT_RULES.contains(&rule.as_str()))
        .collect();
    rules.dedup();
    rules
}

fn assert_fires(rule: &str, cases: &[(&str, impl AsRef<str>)]) {
    for (form, body) in cases {
        let body = body.as_ref();
        assert_eq!(
            rules_fired(body),
            vec![rule.to_string()],
            "{form} should carry input to `{rule}`:\n{body}"
        );
    }
}

fn assert_silent(cases: &[(&str, impl AsRef<str>)]) {
    for (form, body) in cases {
        let body = body.as_ref();
        assert_eq!(
            rules_fired(body),
            Vec::<String>::new(),
            "{form} should stop the input:\n{body}"
        );
    }
}

/// Each case's body followed by the same `code`.
fn followed_by<'c>(cases: &[(&'c str, &str)], code: &str) -> Vec<(&'c str, String)> {
    cases
        .iter()
        .map(|(form, body)| (*form, format!("{body} {code}")))
        .collect()
}

#[test]
fn propagation_forms_carry_input_to_sql() {
    assert_fires(
        "sql-injection",
        &[
            ("direct field", "let _ = sqlx::query(&q.s).execute(&pool).await;"),
            ("let binding", "let a = q.s; let _ = sqlx::query(&a).execute(&pool).await;"),
            ("reassignment", "let mut a = String::new(); a = q.s.clone(); let _ = sqlx::query(&a).execute(&pool).await;"),
            ("format! positional", "let sql = format!(\"SELECT * FROM t WHERE a = '{}'\", q.s); let _ = sqlx::query(&sql).execute(&pool).await;"),
            ("format! inline capture", "let s = q.s; let sql = format!(\"SELECT * FROM t WHERE a = '{s}'\"); let _ = sqlx::query(&sql).execute(&pool).await;"),
            ("format_args! to_string", "let sql = format_args!(\"SELECT {}\", raw).to_string(); let _ = sqlx::query(&sql).execute(&pool).await;"),
            ("+ on strings", "let sql = \"SELECT * FROM t WHERE a = '\".to_string() + &raw + \"'\"; let _ = sqlx::query(&sql).execute(&pool).await;"),
            ("+=", "let mut sql = String::from(\"SELECT 1 WHERE \"); sql += &raw; let _ = sqlx::query(&sql).execute(&pool).await;"),
            ("push_str", "let mut sql = String::from(\"SELECT 1 WHERE \"); sql.push_str(&raw); let _ = sqlx::query(&sql).execute(&pool).await;"),
            ("extend", "let mut sql = String::new(); sql.extend(raw.chars()); let _ = sqlx::query(&sql).execute(&pool).await;"),
            ("write!", "let mut sql = String::new(); let _ = write!(sql, \"SELECT {}\", raw); let _ = sqlx::query(&sql).execute(&pool).await;"),
            ("to_string/clone/into/as_str", "let a: String = raw.to_string().clone().into(); let _ = sqlx::query(a.as_str()).execute(&pool).await;"),
            ("to_owned/as_ref", "let a = raw.to_owned(); let _ = sqlx::query(a.as_ref()).execute(&pool).await;"),
            ("String::from", "let a = String::from(raw); let _ = sqlx::query(&a).execute(&pool).await;"),
            ("references", "let a = &&raw; let _ = sqlx::query(a).execute(&pool).await;"),
            ("index", "let _ = sqlx::query(&q.list[0]).execute(&pool).await;"),
            ("tuple construction", "let t = (1, raw); let _ = sqlx::query(&t.1).execute(&pool).await;"),
            ("if arms", "let a = if q.s.is_empty() { String::from(\"x\") } else { raw }; let _ = sqlx::query(&a).execute(&pool).await;"),
            ("match arms", "let a = match q.opt { Some(v) => v, None => String::new() }; let _ = sqlx::query(&a).execute(&pool).await;"),
            ("iterator chain", "let a = q.list.iter().map(|s| s.trim()).collect::<Vec<_>>().join(\",\"); let _ = sqlx::query(&a).execute(&pool).await;"),
            ("closure building text from the element", "let a = q.list.iter().map(|s| format!(\"'{s}'\")).collect::<Vec<_>>().join(\",\"); let _ = sqlx::query(&format!(\"SELECT * FROM t WHERE a IN ({a})\")).execute(&pool).await;"),
            ("Option map_or with input as the default", "let a = q.opt.map_or(raw, |v| v.to_uppercase()); let _ = sqlx::query(&a).execute(&pool).await;"),
            ("unwrap_or_else closure returning input", "let a = q.opt.unwrap_or_else(|| raw.clone()); let _ = sqlx::query(&a).execute(&pool).await;"),
            ("for loop pattern", "for item in &q.list { let _ = sqlx::query(item).execute(&pool).await; }"),
            ("Option unwrap_or", "let a = q.opt.unwrap_or_default(); let _ = sqlx::query(&a).execute(&pool).await;"),
            ("Option map", "let a = q.opt.map(|v| v.to_uppercase()).unwrap_or_else(String::new); let _ = sqlx::query(&a).execute(&pool).await;"),
            ("if let binding", "if let Some(v) = q.opt { let _ = sqlx::query(&v).execute(&pool).await; }"),
            ("shadowing keeps input", "let a = \"SELECT 1\"; let a = format!(\"{a} WHERE {}\", raw); let _ = sqlx::query(&a).execute(&pool).await;"),
            ("closure call", "let build = |t: &str| format!(\"SELECT * FROM t WHERE a = '{t}'\"); let _ = sqlx::query(&build(&raw)).execute(&pool).await;"),
            ("return value of a crate function", "fn build(t: &str) -> String { format!(\"SELECT * FROM t WHERE a = '{t}'\") } let _ = sqlx::query(&build(&raw)).execute(&pool).await;"),
            ("parameter of a crate function", "fn run(pool: &PgPool, t: &str) { let _ = sqlx::query(t).execute(pool); } run(&pool, &raw);"),
            ("another field than the one an allow-list checked", "if !KINDS.contains(&q.s.as_str()) { return; } let _ = sqlx::query(&format!(\"SELECT * FROM {}\", q.n)).execute(&pool).await;"),
            ("a field bound again after its check", "let mut q = q; if !KINDS.contains(&q.s.as_str()) { return; } q = Params { s: raw.clone(), ..q }; let _ = sqlx::query(&format!(\"SELECT * FROM {}\", q.s)).execute(&pool).await;"),
            ("a helper that checks an address still returns input for SQL", "fn build(t: &str, peer: std::net::IpAddr) -> String { if peer.is_loopback() { return String::new(); } format!(\"SELECT * FROM t WHERE a = '{t}'\") } let peer: std::net::IpAddr = [127, 0, 0, 1].into(); let _ = sqlx::query(&build(&raw, peer)).execute(&pool).await;"),
            ("aliased sink", "use sqlx::query as run; let _ = run(&raw).execute(&pool).await;"),
            ("QueryBuilder::push", "let mut b: sqlx::QueryBuilder<sqlx::Postgres> = sqlx::QueryBuilder::new(\"SELECT 1 WHERE a = \"); b.push(&raw);"),
        ],
    );
}

#[test]
fn sanitizers_and_constants_stop_input_to_sql() {
    assert_silent(&[
        ("literal", "let _ = sqlx::query(\"SELECT 1\").execute(&pool).await;"),
        ("bound parameter", "let _ = sqlx::query(\"SELECT * FROM t WHERE a = $1\").bind(&raw).execute(&pool).await;"),
        ("constant table", "let sql = format!(\"SELECT * FROM {TABLE} WHERE a = $1\"); let _ = sqlx::query(&sql).bind(&raw).execute(&pool).await;"),
        ("parse::<i64>()", "let Ok(id) = raw.parse::<i64>() else { return }; let sql = format!(\"SELECT * FROM t WHERE id = {id}\"); let _ = sqlx::query(&sql).execute(&pool).await;"),
        ("typed parse", "let Ok(id): Result<u32, _> = q.n.parse() else { return }; let _ = sqlx::query(&format!(\"SELECT {id}\")).execute(&pool).await;"),
        ("u32::from_str", "let Ok(id) = u32::from_str(&raw) else { return }; let _ = sqlx::query(&format!(\"SELECT {id}\")).execute(&pool).await;"),
        ("Uuid::parse_str", "let Ok(id) = uuid::Uuid::parse_str(&raw) else { return }; let _ = sqlx::query(&format!(\"SELECT '{id}'\")).execute(&pool).await;"),
        ("allow-list match", "let column = match q.s.as_str() { \"total\" => \"total_cents\", _ => \"id\" }; let _ = sqlx::query(&format!(\"SELECT * FROM t ORDER BY {column}\")).execute(&pool).await;"),
        ("allow-list contains", "let kind = raw; if !KINDS.contains(&kind.as_str()) { return; } let _ = sqlx::query(&format!(\"SELECT * FROM {kind}\")).execute(&pool).await;"),
        ("allow-list contains on a field", "if !KINDS.contains(&q.s.as_str()) { return; } let _ = sqlx::query(&format!(\"SELECT * FROM {}\", q.s)).execute(&pool).await;"),
        ("allow-list matches!", "let kind = raw; if !matches!(kind.as_str(), \"pdf\" | \"csv\") { return; } let _ = sqlx::query(&format!(\"SELECT * FROM {kind}\")).execute(&pool).await;"),
        ("comparison result", "let same = raw == q.s; let _ = sqlx::query(&format!(\"SELECT {same}\")).execute(&pool).await;"),
        ("numeric field of the DTO", "let _ = sqlx::query(&format!(\"SELECT * FROM t LIMIT {}\", q.limit)).execute(&pool).await;"),
        ("fieldless enum field of the DTO", "let _ = sqlx::query(&format!(\"SELECT * FROM t ORDER BY id {:?}\", q.order)).execute(&pool).await;"),
        ("a closure parameter shadowing an input local", "let name = raw.clone(); let names: Vec<String> = [\"ls\", \"df\"].iter().map(|name| name.to_string()).collect(); let _ = std::process::Command::new(&names[0]).status(); let _ = name;"),
        ("placeholders mapped from the elements", "let marks = q.list.iter().map(|_| \"?\").collect::<Vec<_>>().join(\",\"); let _ = sqlx::query(&format!(\"SELECT * FROM t WHERE a IN ({marks})\")).execute(&pool).await;"),
        ("numbered placeholders over a range", "let marks = (1..=q.list.len()).map(|i| format!(\"${i}\")).collect::<Vec<_>>().join(\", \"); let _ = sqlx::query(&format!(\"SELECT * FROM t WHERE a IN ({marks})\")).execute(&pool).await;"),
        ("numbered placeholders by enumerate", "let marks: Vec<String> = q.list.iter().enumerate().map(|(i, _)| format!(\"${}\", i + 1)).collect(); let _ = sqlx::query(&format!(\"SELECT * FROM t WHERE a IN ({})\", marks.join(\",\"))).execute(&pool).await;"),
        ("vec! of placeholders", "let marks = vec![\"?\"; q.list.len()].join(\",\"); let _ = sqlx::query(&format!(\"SELECT * FROM t WHERE a IN ({marks})\")).execute(&pool).await;"),
        ("elements mapped to their lengths", "let sizes = q.list.iter().map(|s| s.len().to_string()).collect::<Vec<_>>().join(\",\"); let _ = sqlx::query(&format!(\"SELECT {sizes}\")).execute(&pool).await;"),
        ("Option mapped to a constant", "let column = q.opt.as_ref().map_or(\"id\", |_| \"name\"); let _ = sqlx::query(&format!(\"SELECT {column}\")).execute(&pool).await;"),
        ("length", "let n = raw.len(); let _ = sqlx::query(&format!(\"SELECT {n}\")).execute(&pool).await;"),
        ("shadowed by a constant", "let a = raw; let a = \"SELECT 1\"; let _ = sqlx::query(a).execute(&pool).await;"),
        ("an Err arm does not flow past the match", "let v: Result<String, String> = match q.opt { Some(_) => Ok(String::from(\"SELECT 1\")), None => Err(raw.clone()) }; let Ok(v) = v else { return }; let _ = sqlx::query(&v).execute(&pool).await;"),
        ("server-owned request data", "let table = raw.app_data::<String>().cloned().unwrap_or_default(); let _ = sqlx::query(&table).execute(&pool).await;"),
        ("crate function called with a constant", "fn run(pool: &PgPool, t: &str) { let _ = sqlx::query(t).execute(pool); } run(&pool, \"SELECT 1\");"),
        ("crate function returning a constant", "fn build(_t: &str) -> String { String::from(\"SELECT 1\") } let _ = sqlx::query(&build(&raw)).execute(&pool).await;"),
        ("compile-time checked query!", "let _ = sqlx::query!(\"SELECT * FROM t WHERE a = $1\", raw).execute(&pool).await;"),
    ]);
}

#[test]
fn other_sinks_and_their_sanitizers() {
    assert_fires(
        "regex-injection",
        &[("Regex::new", "let _ = regex::Regex::new(&raw);")],
    );
    assert_silent(&[(
        "regex::escape",
        "let _ = regex::Regex::new(&regex::escape(&raw));",
    )]);

    assert_fires(
        "xss",
        &[(
            "Html(format!)",
            "let _ = Html(format!(\"<p>{}</p>\", raw));",
        )],
    );
    assert_silent(&[(
        "html_escape",
        "let safe = html_escape::encode_text(&raw); let _ = Html(format!(\"<p>{safe}</p>\"));",
    )]);

    assert_fires(
        "path-traversal",
        &[
            (
                "fs::read of a joined path",
                "let p = std::path::Path::new(\"/srv\").join(&raw); let _ = std::fs::read(p);",
            ),
            (
                "File::open",
                "let _ = std::fs::File::open(format!(\"/srv/{raw}\"));",
            ),
        ],
    );
    assert_fires("path-traversal", &[
        ("a validator nobody calls guards nothing", "fn check(name: &str) -> Result<(), ()> { if std::path::Path::new(name).components().any(|c| c == std::path::Component::ParentDir) { return Err(()); } Ok(()) } fn open(name: &str) -> Vec<u8> { std::fs::read(name).unwrap_or_default() } let _ = open(&raw); let _ = check(\"x\");"),
        ("a string prefix check is no path guard", "if raw.starts_with(\"Bearer \") { return; } let _ = std::fs::read(format!(\"/srv/{raw}\"));"),
        ("what a file holds is not its path", "let target = std::fs::read_to_string(format!(\"/srv/links/{raw}\")).unwrap_or_default(); let _ = Redirect::to(&target);"),
    ]);
    assert_silent(&[
        ("a function that checks the path returns a checked path", "fn safe_join(base: &std::path::Path, name: &str) -> Option<std::path::PathBuf> { let p = base.join(name).canonicalize().ok()?; if !p.starts_with(base) { return None; } Some(p) } let Some(p) = safe_join(std::path::Path::new(\"/srv\"), &raw) else { return }; let _ = std::fs::read(p);"),
        ("a constructor that calls a validator returns a checked value", "fn check(name: &str) -> Result<(), ()> { if std::path::Path::new(name).components().any(|c| c == std::path::Component::ParentDir) { return Err(()); } Ok(()) } struct Access<'a>(&'a str); fn access(name: &str) -> Result<Access<'_>, ()> { check(name)?; Ok(Access(name)) } let Ok(a) = access(&raw) else { return }; let _ = std::fs::read(a.0);"),
        ("a function that calls a validator before opening", "fn check(name: &str) -> Result<(), ()> { if std::path::Path::new(name).components().any(|c| c == std::path::Component::ParentDir) { return Err(()); } Ok(()) } fn open(name: &str) -> Vec<u8> { if check(name).is_err() { return Vec::new(); } std::fs::read(name).unwrap_or_default() } let _ = open(&raw);"),
        ("components checked for ParentDir", "if std::path::Path::new(&raw).components().any(|c| c == std::path::Component::ParentDir) { return; } let _ = std::fs::read(format!(\"/srv/{raw}\"));"),
        ("canonicalize + starts_with", "let base = std::path::Path::new(\"/srv\"); let Ok(p) = base.join(&raw).canonicalize() else { return }; if !p.starts_with(base) { return; } let _ = std::fs::read(p);"),
        ("file_name", "let Some(name) = std::path::Path::new(&raw).file_name() else { return }; let _ = std::fs::read(std::path::Path::new(\"/srv\").join(name));"),
    ]);

    assert_fires("ssrf", &[
        ("client.get", "let _ = client.get(&q.s).send().await;"),
        ("reqwest::get", "let _ = reqwest::get(format!(\"{}/status\", raw)).await;"),
        ("an address accessor is no check", "let listener = std::net::TcpListener::bind(\"127.0.0.1:0\").unwrap(); tracing::info!(addr = ?listener.local_addr(), \"proxying\"); let _ = client.get(&raw).send().await;"),
        ("a helper that only logs about an address guards nothing", "fn audit(ip: std::net::IpAddr) { if ip.is_loopback() { tracing::warn!(\"loopback\"); } } audit([127, 0, 0, 1].into()); let _ = client.get(&raw).send().await;"),
        ("checks unrelated to addresses", "if raw.is_empty() || raw.contains(' ') { return; } let _ = client.get(&raw).send().await;"),
        ("input as the base URL", "let _ = client.get(format!(\"{}/users/{}\", raw, q.s)).send().await;"),
        ("input right after a configured scheme", "let scheme = \"https\"; let _ = client.get(format!(\"{scheme}://{raw}/status\")).send().await;"),
        ("parsed but unchecked Url", "let Ok(url) = url::Url::parse(&raw) else { return }; let _ = client.get(url).send().await;"),
    ]);
    assert_silent(&[
        ("fixed host", "let _ = client.get(format!(\"https://api.example.com/users/{raw}\")).send().await;"),
        ("configured base URL, then a path", "let base = std::env::var(\"API_URL\").unwrap_or_default(); let _ = client.get(format!(\"{}users/{}\", base, raw)).send().await;"),
        ("configured base URL captured inline", "let base = std::env::var(\"API_URL\").unwrap_or_default(); let _ = client.get(format!(\"{base}/users/{raw}\")).send().await;"),
        ("host compared", "let Ok(url) = url::Url::parse(&raw) else { return }; if url.host_str() != Some(\"api.example.com\") { return; } let _ = client.get(url).send().await;"),
        ("resolved addresses checked against internal ranges", "let Ok(url) = url::Url::parse(&raw) else { return }; let Some(host) = url.host_str() else { return }; let Ok(addrs) = tokio::net::lookup_host((host, 443)).await else { return }; for addr in addrs { if addr.ip().is_loopback() || addr.ip().is_unspecified() { return; } } let _ = client.get(url).send().await;"),
        ("an in-house address check", "fn ip_is_invalid(ip: std::net::IpAddr) -> bool { ip.is_loopback() } let Ok(url) = url::Url::parse(&raw) else { return }; let Some(url::Host::Ipv4(ip)) = url.host() else { return }; if ip_is_invalid(ip.into()) { return; } let _ = client.get(url).send().await;"),
        ("a function that checks the address returns a checked URL", "fn public_url(raw: &str) -> Option<url::Url> { let url = url::Url::parse(raw).ok()?; if let Some(url::Host::Ipv4(ip)) = url.host() { if ip.is_private() { return None; } } Some(url) } let Some(url) = public_url(&raw) else { return }; let _ = client.get(url).send().await;"),
        ("host allow-list", "let Ok(url) = url::Url::parse(&raw) else { return }; if !ALLOWED_HOSTS.contains(&url.host_str().unwrap_or_default()) { return; } let _ = client.get(url).send().await;"),
    ]);

    assert_fires(
        "open-redirect",
        &[
            ("Redirect::to", "let _ = Redirect::to(&raw);"),
            // The loop vouches for the field it compared, not for the others.
            ("another field than the one a loop allow-listed", "let mut found = false; for allowed in ALLOWED_HOSTS { if q.s == *allowed { found = true; break; } } if !found { return; } let _ = Redirect::to(&q.n);"),
            ("an allow-list loop whose flag is not checked", "let mut found = false; for allowed in ALLOWED_HOSTS { if q.s == *allowed { found = true; break; } } let _ = Redirect::to(&q.s);"),
            ("a flag set again after the loop", "let mut found = false; for allowed in ALLOWED_HOSTS { if q.s == *allowed { found = true; break; } } if q.s.starts_with('/') { found = true; } if !found { return; } let _ = Redirect::to(&q.s);"),
            ("a flag that starts true", "let mut found = true; for allowed in ALLOWED_HOSTS { if q.s == *allowed { found = true; break; } } if !found { return; } let _ = Redirect::to(&q.s);"),
            ("an allow-listed URL with input appended directly", "if !ALLOWED_HOSTS.contains(&q.s.as_str()) { return; } let _ = Redirect::to(&format!(\"{}{}\", q.s, q.n));"),
            ("an inner binding's checked field is not the outer one's", "if let Some(q) = Some(Params { s: String::new(), n: String::new(), opt: None, list: Vec::new(), limit: 0, order: Order::Asc }) { if !KINDS.contains(&q.s.as_str()) { return; } } let _ = Redirect::to(&q.s);"),
            ("a loop over the request's own list", "let mut found = false; for allowed in &q.list { if q.s == *allowed { found = true; } } if !found { return; } let _ = Redirect::to(&q.s);"),
        ],
    );
    assert_silent(&[
        ("local path", "let _ = Redirect::to(&format!(\"/orders/{raw}\"));"),
        ("a field an allow-list loop checked", "let mut found = false; for allowed in ALLOWED_HOSTS { if q.s == *allowed { found = true; break; } } if !found { return; } let _ = Redirect::to(&format!(\"{}?code=1&n={}\", q.s, q.n));"),
    ]);

    assert_fires("command-injection", &[
        ("sh -c", "let _ = std::process::Command::new(\"sh\").arg(\"-c\").arg(format!(\"echo {raw}\")).status();"),
        ("program", "let _ = tokio::process::Command::new(&raw).status().await;"),
    ]);
    assert_silent(&[(
        "literal command",
        "let _ = std::process::Command::new(\"ls\").arg(\"-l\").status();",
    )]);

    assert_fires("uncontrolled-allocation", &[
        ("with_capacity of a parsed size", "let Ok(n) = raw.parse::<usize>() else { return }; let _: Vec<u8> = Vec::with_capacity(n);"),
        ("vec! repeat", "let Ok(n) = raw.parse::<usize>() else { return }; let _ = \"x\".repeat(n);"),
    ]);
    assert_silent(&[
        ("bounded with min", "let Ok(n) = raw.parse::<usize>() else { return }; let _: Vec<u8> = Vec::with_capacity(n.min(1024));"),
        ("compared with a bound", "let Ok(n) = raw.parse::<usize>() else { return }; if n > 1024 { return; } let _: Vec<u8> = Vec::with_capacity(n);"),
    ]);
}

/// A binding in an inner scope (block, `if let`, `match` arm, closure, loop) shadows an outer
/// local of the same name only until the scope ends.
#[test]
fn inner_bindings_end_with_their_scope() {
    let query = "let _ = sqlx::query(&sql).execute(&pool).await;";
    let silent = [
        ("let in a block", "let sql = \"SELECT 1\"; { let sql = format!(\"SELECT {}\", q.n); tracing::info!(\"{sql}\"); }"),
        ("let in an if-let block", "let sql = \"SELECT 1\"; if let Some(v) = q.opt { let sql = format!(\"SELECT {v}\"); tracing::info!(\"{sql}\"); }"),
        ("let in an else block", "let sql = \"SELECT 1\"; if q.s.is_empty() { tracing::info!(\"empty\"); } else { let sql = q.s.clone(); tracing::info!(\"{sql}\"); }"),
        ("if-let pattern", "let sql = \"SELECT 1\"; if let Some(sql) = q.opt { tracing::info!(\"{sql}\"); }"),
        ("match arm pattern", "let sql = \"SELECT 1\"; match q.opt { Some(sql) => tracing::info!(\"{sql}\"), None => {} }"),
        ("let in a match arm", "let sql = \"SELECT 1\"; match q.opt { Some(v) => { let sql = v; tracing::info!(\"{sql}\"); } None => {} }"),
        ("adapter closure parameter", "let sql = \"SELECT 1\"; let n = q.list.iter().filter(|sql| !sql.is_empty()).count(); tracing::info!(\"{n}\");"),
        ("let in a closure", "let sql = \"SELECT 1\"; let log = || { let sql = q.s.clone(); tracing::info!(\"{sql}\"); }; log();"),
        ("for pattern", "let sql = \"SELECT 1\"; for sql in &q.list { tracing::info!(\"{sql}\"); }"),
        ("let in a loop", "let sql = \"SELECT 1\"; for v in &q.list { let sql = v.clone(); tracing::info!(\"{sql}\"); }"),
        ("while-let pattern", "let sql = \"SELECT 1\"; let mut items = q.list.clone(); while let Some(sql) = items.pop() { tracing::info!(\"{sql}\"); }"),
    ];
    assert_silent(&followed_by(&silent, query));
    // The shape a reviewer found in a real service: a constant redirect target shadowed by a
    // formatted one inside an `if let` block.
    assert_silent(&[(
        "redirect to the outer constant",
        "let url = \"/home\"; if let Some(v) = q.opt { let url = format!(\"{}\", v); tracing::info!(\"{url}\"); } let _ = Redirect::to(&url);",
    )]);
    let fires = [
        ("clean let in a block", "let sql = q.s.clone(); { let sql = \"SELECT 1\"; tracing::info!(\"{sql}\"); }"),
        ("clean let in an if-let block", "let sql = q.s.clone(); if let Some(v) = q.opt { let sql = \"SELECT 1\"; tracing::info!(\"{sql}{v}\"); }"),
        ("clean match arm pattern", "let sql = q.s.clone(); match KINDS.first() { Some(sql) => tracing::info!(\"{sql}\"), None => {} }"),
        ("clean adapter closure parameter", "let sql = q.s.clone(); let n = KINDS.iter().filter(|sql| !sql.is_empty()).count(); tracing::info!(\"{n}\");"),
        ("clean let in a closure", "let sql = q.s.clone(); let log = || { let sql = \"SELECT 1\"; tracing::info!(\"{sql}\"); }; log();"),
        ("clean for pattern", "let sql = q.s.clone(); for sql in KINDS { tracing::info!(\"{sql}\"); }"),
        ("clean while-let pattern", "let sql = q.s.clone(); let mut kinds = KINDS.to_vec(); while let Some(sql) = kinds.pop() { tracing::info!(\"{sql}\"); }"),
        // What an inner scope does to an outer local stays.
        ("assignment in a block", "let mut sql = String::from(\"SELECT 1\"); if !q.s.is_empty() { sql = q.s.clone(); }"),
        ("push_str in an if-let block", "let mut sql = String::from(\"SELECT \"); if let Some(v) = q.opt { sql.push_str(&v); }"),
        // A scope's value is what its names held.
        ("block value from an inner local", "let sql = { let t = q.s.clone(); t };"),
        ("if-let value from its binding", "let sql = if let Some(v) = q.opt { v } else { String::new() };"),
        ("match value from an arm binding", "let sql = match q.opt { Some(v) => { let t = v; t } None => String::new() };"),
    ];
    assert_fires("sql-injection", &followed_by(&fires, query));
}

/// The process's arguments are input to a command-line program, but not to a server: whoever
/// starts a server chooses them. They never count for paths: naming files is what they are for.
#[test]
fn command_line_arguments_are_input_to_programs_not_to_servers() {
    let shell = "let arg = std::env::args().nth(1).unwrap_or_default(); let _ = std::process::Command::new(\"sh\").arg(\"-c\").arg(arg).status();";
    let file =
        "let path = std::env::args().nth(1).unwrap_or_default(); let _ = std::fs::read(path);";
    let restart = "let _ = std::process::Command::new(std::env::current_exe().unwrap()).args(std::env::args().skip(1)).status();";
    assert_silent(&[
        ("argv into a server's shell", shell),
        ("a server restarting itself with its arguments", restart),
        ("argv as a file name", file),
    ]);
    let in_a_program = |body: &str| {
        let code = format!("pub fn run() {{\n{body}\n}}\n");
        rules_fired_in(&code, &Settings::default())
    };
    assert_eq!(in_a_program(shell), ["command-injection"], "{shell}");
    assert_eq!(in_a_program(file), Vec::<String>::new(), "{file}");
}

#[test]
fn input_that_never_reaches_a_sink_is_silent() {
    assert_silent(&[
        ("logged only", "tracing::info!(term = %raw, \"search\");"),
        ("sink with other data", "let other = String::from(\"SELECT 1\"); let _ = sqlx::query(&other).execute(&pool).await;"),
    ]);
}

#[test]
fn project_models_from_config_add_sources_sinks_and_sanitizers() {
    let wrapper =
        "let _ = platform_db::raw(&pool, &format!(\"SELECT * FROM t WHERE a = '{raw}'\")).await;";
    let method = "let _ = pool.execute_raw(&raw).await;";
    let sanitized =
        "let slug = platform::slugify(&raw); let _ = platform_db::raw(&pool, &slug).await;";
    let sourced =
        "let body = platform::http::raw_body(); let _ = sqlx::query(&body).execute(&pool).await;";
    assert_silent(&[
        ("an unknown wrapper", wrapper),
        ("an unknown method", method),
        ("an unknown source", sourced),
    ]);

    let settings = Settings {
        models: ModelExtensions {
            source_functions: vec!["platform::http::raw_body".to_string()],
            source_extractors: Vec::new(),
            sinks: vec![(
                SinkKind::Sql,
                vec!["platform_db::raw#1".to_string(), ".execute_raw".to_string()],
            )],
            sanitizers: vec![(
                SinkKind::STRING_KINDS.to_vec(),
                vec!["platform::slugify".to_string()],
            )],
            ..ModelExtensions::default()
        },
        ..Settings::default()
    };
    for (form, body) in [
        ("a configured function sink", wrapper),
        ("a configured method sink", method),
        ("a configured source", sourced),
    ] {
        assert_eq!(
            rules_fired_with(body, &settings),
            ["sql-injection"],
            "{form}:\n{body}"
        );
    }
    assert_eq!(
        rules_fired_with(sanitized, &settings),
        Vec::<String>::new(),
        "a configured sanitizer"
    );
    // A configured source is request input, in a server too, and for every sink: it is not
    // taken for the process's command-line arguments.
    let opened =
        "let body = platform::http::raw_body(); let _ = std::fs::read(format!(\"/srv/{body}\"));";
    assert_eq!(
        rules_fired_with(opened, &settings),
        ["path-traversal"],
        "a configured source into a path"
    );
}

#[test]
fn destructured_extractors_taint_the_bound_names() {
    let code = r#"
use axum::{extract::Query, routing::get, Router};
use serde::Deserialize;
use sqlx::PgPool;

#[derive(Deserialize)]
pub struct Search { term: String, page: u32 }

async fn search(pool: axum::extract::State<PgPool>, Query(Search { term, page }): Query<Search>) {
    let _ = sqlx::query(&format!("SELECT * FROM t WHERE a = '{term}'")).execute(&*pool).await;
    let _ = sqlx::query(&format!("SELECT * FROM t OFFSET {page}")).execute(&*pool).await;
}

pub fn router() -> Router<PgPool> {
    Router::new().route("/search", get(search))
}
"#;
    assert_eq!(
        lines_of(code, "sql-injection"),
        [10],
        "`term` is text from the request, `page` a number"
    );
}

/// The lines of `code` (one file of a crate) where a rule fires.
fn lines_of(code: &str, rule: &str) -> Vec<u32> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lib.rs"), code).unwrap();
    let report =
        backlint::engine::check_in(&[PathBuf::from("lib.rs")], &Settings::default(), dir.path())
            .unwrap();
    report
        .active()
        .filter(|d| d.rule == rule)
        .map(|d| d.primary.span.start.line)
        .collect()
}

#[test]
fn only_async_functions_are_handlers_by_their_extractor_parameters() {
    let code = r#"
use actix_web::{web::Bytes, HttpRequest};

pub async fn upload(body: Bytes) -> String {
    let size = String::from_utf8_lossy(&body).to_string();
    let _ = std::fs::read(format!("/srv/{size}"));
    size
}

/// A test utility of the library: its `Bytes` are the caller's, not a request's.
pub fn payload_for_tests(file: Bytes) -> Vec<u8> {
    let name = String::from_utf8_lossy(&file).to_string();
    std::fs::read(format!("/srv/{name}")).unwrap_or_default()
}

pub fn listing(req: &HttpRequest) -> Vec<u8> {
    std::fs::read(format!("/srv/{}", req.path())).unwrap_or_default()
}

/// An async helper: its `String` is the caller's message, not a request body (a body comes
/// last).
pub async fn audit(req: &HttpRequest, message: String, level: u8) {
    let _ = std::fs::read(format!("/var/log/app/{message}.{level}"));
    let _ = req;
}
"#;
    assert_eq!(
        lines_of(code, "path-traversal"),
        [6],
        "the async fn is a handler, the plain fns are helpers nobody routes"
    );
}

/// Rocket builds a `PathBuf` route segment (`<file..>`, `<file>`) without `..` or hidden
/// segments: safe for a path, still input everywhere else. Text segments, query values and
/// other frameworks' `Path<PathBuf>` are not sanitised.
#[test]
fn rocket_path_segments_are_safe_for_paths_only() {
    let rocket = |route: &str, params: &str, body: &str| {
        let code = format!(
            r#"#[macro_use] extern crate rocket;
use std::path::{{Path, PathBuf}};
use rocket::fs::NamedFile;

#[get("{route}")]
async fn files({params}) -> Option<NamedFile> {{
    {body}
}}

async fn open_under(base: &str, file: &Path) -> Option<NamedFile> {{
    NamedFile::open(Path::new(base).join(file)).await.ok()
}}

#[launch]
fn rocket() -> _ {{ rocket::build().mount("/", routes![files]) }}
"#
        );
        rules_fired_in(&code, &Settings::default())
    };
    let open = "NamedFile::open(Path::new(\"static\").join(file)).await.ok()";
    for (form, route, params, body) in [
        (
            "a PathBuf of segments",
            "/static/<file..>",
            "file: PathBuf",
            open,
        ),
        ("a PathBuf segment", "/static/<file>", "file: PathBuf", open),
        (
            "a PathBuf of segments opened by a helper",
            "/static/<file..>",
            "file: PathBuf",
            "open_under(\"static\", &file).await",
        ),
    ] {
        assert_eq!(rocket(route, params, body), Vec::<String>::new(), "{form}");
    }
    for (form, route, params, body) in [
        ("a &str segment", "/static/<file>", "file: &str", open),
        ("a String segment", "/static/<file..>", "file: String", open),
        ("a PathBuf from the query text", "/static?<name>", "name: String", "let file = PathBuf::from(name); NamedFile::open(Path::new(\"static\").join(file)).await.ok()"),
    ] {
        assert_eq!(rocket(route, params, body), ["path-traversal"], "{form}");
    }
    assert_eq!(
        rocket(
            "/static/<file..>",
            "file: PathBuf",
            "let _ = std::process::Command::new(\"sh\").arg(\"-c\").arg(format!(\"ls {}\", file.display())).status(); None"
        ),
        ["command-injection"],
        "a PathBuf segment in a shell command line"
    );
    let axum = "async fn files(Path(file): Path<std::path::PathBuf>) -> Vec<u8> { tokio::fs::read(std::path::Path::new(\"static\").join(file)).await.unwrap_or_default() }";
    let code = format!("use axum::{{extract::Path, routing::get, Router}};\n{axum}\npub fn router() -> Router {{ Router::new().route(\"/static/{{*file}}\", get(files)) }}\n");
    assert_eq!(
        rules_fired_in(&code, &Settings::default()),
        ["path-traversal"],
        "axum's Path<PathBuf> is not sanitised"
    );
}

/// A function that tells path components apart by their variant guards its paths, in every
/// form the check takes; a check whose verdict is thrown away guards nothing.
#[test]
fn component_checks_guard_paths_in_every_form() {
    let helper = |check: &str| {
        format!(
            "fn open(name: &str) -> Vec<u8> {{ let p = std::path::Path::new(name); {check} std::fs::read(std::path::Path::new(\"/srv\").join(p)).unwrap_or_default() }} let _ = open(&raw);"
        )
    };
    let guarded = [
        ("if let Normal, else return", "for c in p.components() { if let std::path::Component::Normal(_) = c {} else { return Vec::new(); } }"),
        ("match Normal, other arms return", "for c in p.components() { match c { std::path::Component::Normal(_) => {} _ => return Vec::new(), } }"),
        ("all(matches!(Normal))", "if !p.components().all(|c| matches!(c, std::path::Component::Normal(_))) { return Vec::new(); }"),
        ("if let ParentDir, return", "for c in p.components() { if let std::path::Component::ParentDir = c { return Vec::new(); } }"),
        ("let Normal else return", "for c in p.components() { let std::path::Component::Normal(_) = c else { return Vec::new() }; }"),
        ("any(== ParentDir)", "if p.components().any(|c| c == std::path::Component::ParentDir) { return Vec::new(); }"),
    ];
    let guarded: Vec<(&str, String)> = guarded
        .iter()
        .map(|(form, check)| (*form, helper(check)))
        .collect();
    assert_silent(&guarded);
    assert_silent(&[(
        "a function that rejects non-normal components returns a checked path",
        "fn safe(p: &std::path::Path) -> Result<std::path::PathBuf, ()> { for c in p.components() { if let std::path::Component::Normal(_) = c {} else { return Err(()); } } Ok(std::path::Path::new(\"/srv\").join(p)) } let Ok(p) = safe(std::path::Path::new(&raw)) else { return }; let _ = std::fs::read(p);",
    )]);
    let ignored = [
        (
            "all(matches!(Normal)) thrown away",
            "let _ = p.components().all(|c| matches!(c, std::path::Component::Normal(_)));",
        ),
        (
            "any(== ParentDir) thrown away",
            "let _ = p.components().any(|c| c == std::path::Component::ParentDir);",
        ),
        ("contains(\"..\") thrown away", "name.contains(\"..\");"),
        ("no check", ""),
    ];
    let ignored: Vec<(&str, String)> = ignored
        .iter()
        .map(|(form, check)| (*form, helper(check)))
        .collect();
    assert_fires("path-traversal", &ignored);
}

/// The temporary file an upload library saved a request body to has a path the server chose;
/// the file name the client sent with it stays input.
#[test]
fn upload_temp_files_are_server_generated_but_client_file_names_are_input() {
    let temp_file = "use actix_multipart::form::tempfile::TempFile; fn save(upload: &TempFile) -> Vec<u8> { let dir = std::path::Path::new(\"/srv/uploads\"); SINK } let _ = save(&uploads::receive(&raw));";
    let saved_data = "use multipart::server::save::{SavedData, SavedField}; fn save(field: &SavedField) -> std::io::Result<u64> { let dir = std::path::Path::new(\"/srv/uploads\"); match &field.data { SavedData::File(path, _) => SINK, _ => Ok(0) } } let _ = save(&uploads::receive(&raw));";
    let cases = |template: &str, sinks: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
        sinks
            .iter()
            .map(|(form, sink)| (*form, template.replace("SINK", sink)))
            .collect()
    };
    assert_silent(&cases(temp_file, &[
        ("the temp file's path", "std::fs::read(upload.file.path()).unwrap_or_default()"),
        ("the temp file's path copied under the directory", "{ let _ = std::fs::copy(upload.file.path(), dir.join(\"upload.bin\")); Vec::new() }"),
    ]));
    assert_silent(&cases(
        saved_data,
        &[(
            "a saved upload's temp file",
            "std::fs::copy(path, dir.join(\"upload.bin\"))",
        )],
    ));
    assert_fires("path-traversal", &cases(temp_file, &[
        ("the client's file name", "std::fs::read(dir.join(upload.file_name.clone().unwrap_or_default())).unwrap_or_default()"),
    ]));
    assert_fires("path-traversal", &cases(saved_data, &[
        ("the client's file name", "std::fs::write(dir.join(field.headers.filename.clone().unwrap_or_default()), path.to_string_lossy().as_bytes()).map(|()| 0)"),
    ]));
}

/// A character-class allow-list (every character a letter, a digit or `_`) leaves no quote,
/// separator or dot: where it has passed, the value is safe for every string sink.
#[test]
fn character_class_allow_lists_sanitise_where_they_passed() {
    let read = "let _ = std::fs::read(format!(\"/srv/files/{raw}\"));";
    let silent = [
        ("early exit unless all alphanumeric", format!("if !raw.chars().all(char::is_alphanumeric) {{ return; }} {read}")),
        ("early exit if any is not", format!("if raw.chars().any(|c| !c.is_ascii_alphanumeric() && c != '_') {{ return; }} {read}")),
        ("an else that leaves", format!("if raw.chars().all(char::is_alphanumeric) {{}} else {{ return; }} {read}")),
        ("inside the branch where it passed", format!("if !raw.is_empty() && raw.chars().all(char::is_alphanumeric) {{ {read} }}")),
        ("a filter", "let name = Some(raw).filter(|n| n.chars().all(char::is_alphanumeric)).unwrap_or_default(); let _ = std::fs::read(format!(\"/srv/files/{name}\"));".to_string()),
        ("an extension kept only when alphanumeric", "let ext = q.opt.as_deref().and_then(|f| f.rsplit('.').next()).and_then(|ext| if ext.chars().any(|c| !c.is_alphanumeric()) { None } else { Some(ext.to_lowercase()) }).unwrap_or_default(); let _ = std::fs::write(format!(\"/srv/media/{}.{}\", uuid::Uuid::new_v4(), ext), b\"\");".to_string()),
        ("SQL after an identifier check", "if raw.chars().any(|c| !c.is_ascii_alphanumeric() && c != '_') { return; } let _ = sqlx::query(&format!(\"SELECT * FROM {raw}\")).execute(&pool).await;".to_string()),
        ("a path after letters, digits and dashes", format!("if !raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {{ return; }} {read}")),
    ];
    assert_silent(&silent);
    let fires = [
        ("a deny-list", format!("if raw.contains(' ') {{ return; }} {read}")),
        ("the whole file name kept", "let name = q.opt.as_deref().and_then(|f| if f.chars().any(|c| c == '/') { None } else { Some(f.to_string()) }).unwrap_or_default(); let _ = std::fs::read(format!(\"/srv/files/{name}\"));".to_string()),
        ("a check of another value", format!("let other = q.s.clone(); if !other.chars().all(char::is_alphanumeric) {{ return; }} {read}")),
        ("the branch where it failed", format!("if raw.chars().all(char::is_alphanumeric) {{}} else {{ {read} }}")),
        ("a check that does not leave", format!("if !raw.chars().all(char::is_alphanumeric) {{ tracing::warn!(\"odd name\"); }} {read}")),
        ("dots allowed", format!("if !raw.chars().all(|c| c.is_alphanumeric() || c == '.') {{ return; }} {read}")),
    ];
    assert_fires("path-traversal", &fires);
    assert_fires(
        "sql-injection",
        &[("SQL after a check that lets dashes through", "if !raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') { return; } let _ = sqlx::query(&format!(\"SELECT * FROM t WHERE a = {raw}\")).execute(&pool).await;")],
    );
}

/// A Rocket route segment bound to a type of the crate goes through the type's `FromParam`: a
/// value is checked when every implementation in the crate returns nothing of the text it got
/// (it parses) or only what a check let through, for the sinks that check covers.
#[test]
fn rocket_segments_of_crate_types_are_as_safe_as_their_from_param() {
    let rocket = |from_param: &str, sink: &str| {
        let code = format!(
            r#"#[macro_use] extern crate rocket;
use std::path::Path;
use rocket::fs::NamedFile;
use rocket::request::FromParam;

pub struct FileId(String);

impl<'r> FromParam<'r> for FileId {{
    type Error = ();
    fn from_param(param: &'r str) -> Result<Self, Self::Error> {{
        {from_param}
    }}
}}

#[get("/files/<id>")]
async fn file(id: FileId) -> Option<NamedFile> {{
    {sink}
}}

#[launch]
fn rocket() -> _ {{ rocket::build().mount("/", routes![file]) }}
"#
        );
        rules_fired_in(&code, &Settings::default())
    };
    let open = "NamedFile::open(Path::new(\"files\").join(&id.0)).await.ok()";
    let run = "let _ = std::process::Command::new(\"sh\").arg(\"-c\").arg(format!(\"process {}\", id.0)).status(); None";
    let letters_digits_dashes = "if param.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') { Ok(FileId(param.to_string())) } else { Err(()) }";
    let letters_digits = "if !param.chars().all(char::is_alphanumeric) { return Err(()); } Ok(FileId(param.to_string()))";
    let uuid = "uuid::Uuid::parse_str(param).map(|uuid| FileId(uuid.to_string())).map_err(|_| ())";
    let unchecked = "Ok(FileId(param.to_string()))";
    for (form, from_param, sink) in [
        (
            "letters, digits and dashes into a path",
            letters_digits_dashes,
            open,
        ),
        ("letters and digits into a shell", letters_digits, run),
        ("a parsed UUID into a shell", uuid, run),
    ] {
        assert_eq!(rocket(from_param, sink), Vec::<String>::new(), "{form}");
    }
    for (form, from_param, sink, rule) in [
        ("unchecked into a path", unchecked, open, "path-traversal"),
        (
            "letters, digits and dashes into a shell",
            letters_digits_dashes,
            run,
            "command-injection",
        ),
    ] {
        assert_eq!(rocket(from_param, sink), [rule], "{form}");
    }
    // Without an implementation in the crate (derived by a macro of another crate, say), the
    // conversion is not known to check anything.
    let derived = format!(
        "#[macro_use] extern crate rocket;\nuse std::path::Path;\nuse rocket::fs::NamedFile;\n#[derive(ids::IdFromParam)]\npub struct FileId(String);\n#[get(\"/files/<id>\")]\nasync fn file(id: FileId) -> Option<NamedFile> {{ {open} }}\n#[launch]\nfn rocket() -> _ {{ rocket::build().mount(\"/\", routes![file]) }}\n"
    );
    assert_eq!(
        rules_fired_in(&derived, &Settings::default()),
        ["path-traversal"],
        "a derived conversion"
    );
}

#[test]
fn where_input_sits_in_a_destination_decides_redirects_and_outbound_urls() {
    assert_silent(&[
        ("after a `?`", "let _ = Redirect::to(&format!(\"{}?next={}\", TABLE, q.s));"),
        ("after a local path", "let _ = Redirect::to(&format!(\"/orders/{}\", q.s));"),
        ("a named argument after a local path", "let _ = Redirect::to(&format!(\"/orders/{id}\", id = q.s));"),
        ("after a fixed host", "let _ = client.get(format!(\"https://api.example.com/v1/{}\", q.s));"),
        ("the query of an outbound URL", "let base = std::env::var(\"API\").unwrap_or_default(); let _ = client.get(format!(\"{base}?q={}\", q.s));"),
        ("a template of the server's", "let _ = client.get(\"https://geo.example.com/{}\".replace(\"{}\", &q.s));"),
        ("pushed after a `?`", "let mut to = String::from(\"/orders\"); to.push_str(\"?tag=\"); to.push_str(&q.s); let _ = Redirect::to(&to);"),
        ("a fold's accumulator", "let to = q.list.iter().fold(TABLE.to_string(), |to, _tag| to); let _ = Redirect::to(&to);"),
    ]);
    assert_fires("open-redirect", &[
        ("after a lone `/`", "let _ = Redirect::to(&format!(\"/{}\", q.s));"),
        ("at the start", "let _ = Redirect::to(&format!(\"{}?next=1\", q.s));"),
        ("after a host without a path", "let _ = Redirect::to(&format!(\"https://example.com{}\", q.s));"),
        ("a template of the input's", "let _ = Redirect::to(&q.s.replace(\"{}\", \"x\"));"),
        ("a template whose placeholder is the host", "let _ = Redirect::to(&\"https://{}/\".replace(\"{}\", &q.s));"),
        ("a query parameter named `referer`", "let map: std::collections::HashMap<String, String> = q.list.iter().map(|v| (v.clone(), v.clone())).collect(); let _ = Redirect::to(map.get(\"referer\").map(String::as_str).unwrap_or(\"/\"));"),
        ("pushed before a `?`", "let mut to = String::new(); to.push_str(&q.s); to.push('?'); let _ = Redirect::to(&to);"),
        ("a fold's items", "let to = q.list.iter().fold(String::new(), |to, tag| to + tag.as_str()); let _ = Redirect::to(&to);"),
    ]);
    assert_fires(
        "ssrf",
        &[(
            "a host chosen by input",
            "let _ = client.get(format!(\"https://{}/v1\", q.s));",
        )],
    );
}
