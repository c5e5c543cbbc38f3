//! The member crates of a workspace as one program. A call by path into another member
//! (`store::orders::find(..)`, through the callee's library name) is resolved in that
//! member's index once, when the workspace is linked; from then on:
//!
//! - the request path crosses members: a member library's function that a server's request
//!   path calls is on the request path too, and so is what it calls, in its crate or further;
//! - a value a member's function returns is followed into that function (`Origin::Call`,
//!   through [`Members`]): a provider's configured URL it returns is not the request's, where
//!   before every call into another crate passed its arguments' input on;
//! - a validator of another member whose result a function checks guards it;
//! - a call is judged by its callee's body in the other member ([`CrateIndex::callee_facts`]):
//!   a synchronous function that blocks (`Condition::CalleeBlocks`, `blocking-in-async`), one
//!   that makes a database round trip (`Condition::CalleeQueries`, `query-in-loop`), one that
//!   logs every error it returns (`Condition::CalleeFailsUnlogged`, `discarded-result`).
//!
//! Not linked (yet): method calls on values (`order.total()`), since without types a method
//! name alone says too little about whose method it is; and a parameter of a member's
//! function is not followed back into the arguments callers in other members pass. Sinks in
//! member libraries reached that way were mostly false on real services (stop 26: 1 true of
//! 7 read): validating newtypes declared in a third crate, rows read back by a key, SQL
//! builders that number their placeholders.

use std::collections::{HashMap, HashSet, VecDeque};

use super::{CrateIndex, FnRef};
use crate::semantic::facts::CallRef;

/// A function of one of the linked members: (member, function within it).
pub type MemberFn = (usize, FnRef);

/// What linking the workspace tells one member crate.
#[derive(Debug, Default)]
pub(super) struct MemberLinks {
    /// This crate's position among the linked members.
    pub(super) member: usize,
    /// The crate's calls by path into other members, with the functions they reach.
    pub(super) outgoing: HashMap<String, Vec<MemberFn>>,
    /// The crate's functions another member's request path reaches.
    pub(super) request_path: HashSet<FnRef>,
}

/// The linked members of a run, by position, for the queries that follow a value into another
/// member's functions. Empty for a crate checked alone.
#[derive(Clone, Copy, Default)]
pub struct Members<'a, 'f>(&'a [&'a CrateIndex<'f>]);

impl<'a, 'f> Members<'a, 'f> {
    pub fn new(crates: &'a [&'a CrateIndex<'f>]) -> Members<'a, 'f> {
        Members(crates)
    }

    /// The index of the member at `at`, if it was linked.
    pub(super) fn get(self, at: usize) -> Option<&'a CrateIndex<'f>> {
        self.0.get(at).copied()
    }
}

impl CrateIndex<'_> {
    /// Links the member crates of a workspace (each with its library name): calls into other
    /// members and the request path across members. Each crate is linked once; a crate linked again keeps its first links.
    pub fn link_members(crates: &[(&CrateIndex<'_>, Option<&str>)]) {
        let by_name = crates
            .iter()
            .enumerate()
            .filter_map(|(at, (_, name))| Some(((*name)?, at)))
            .collect();
        let mut links: Vec<MemberLinks> = crates
            .iter()
            .enumerate()
            .map(|(at, (index, _))| MemberLinks {
                member: at,
                outgoing: index
                    .external_calls(at, &by_name, crates)
                    .into_iter()
                    .filter(|(_, targets)| !targets.is_empty())
                    .map(|(path, targets)| (path.to_string(), targets))
                    .collect(),
                ..MemberLinks::default()
            })
            .collect();
        let reached = request_path_across(crates, &links);
        for (link, reached) in links.iter_mut().zip(reached) {
            link.request_path = reached;
        }
        for ((index, _), link) in crates.iter().zip(links) {
            // Set once: a crate linked twice keeps its first links.
            let _ = index.members.set(link);
        }
    }

    /// The crate's position among the linked members (`None` when it was not linked).
    pub(super) fn member(&self) -> Option<usize> {
        self.members.get().map(|links| links.member)
    }

    /// The functions of other members a call by path reaches.
    pub(super) fn member_targets(&self, call: &CallRef) -> &[MemberFn] {
        match (call, self.members.get()) {
            (CallRef::Path(path), Some(links)) => {
                links.outgoing.get(path).map_or(&[], Vec::as_slice)
            }
            _ => &[],
        }
    }

    /// Whether another member's request path reaches the function.
    pub(super) fn reached_from_members(&self, at: FnRef) -> bool {
        self.members
            .get()
            .is_some_and(|links| links.request_path.contains(&at))
    }
}

/// For each member, the functions a server member's request path reaches through calls into
/// other members, and everything those call (calls made once per process are not followed, as
/// within a crate).
fn request_path_across(
    crates: &[(&CrateIndex<'_>, Option<&str>)],
    links: &[MemberLinks],
) -> Vec<HashSet<FnRef>> {
    let mut reached: Vec<HashSet<FnRef>> = crates.iter().map(|_| HashSet::new()).collect();
    let mut queue: VecDeque<MemberFn> = VecDeque::new();
    let external = |at: usize, call: &CallRef| -> Vec<MemberFn> {
        match call {
            CallRef::Path(path) => links[at].outgoing.get(path).cloned().unwrap_or_default(),
            _ => Vec::new(),
        }
    };
    // The roots: a server's own request path, whose calls within its crate are already on it.
    for (at, (index, _)) in crates.iter().enumerate() {
        if !index.is_server || links[at].outgoing.is_empty() {
            continue;
        }
        for (file, marks) in index.on_request_path.iter().enumerate() {
            for (function, _) in marks.iter().enumerate().filter(|(_, on)| **on) {
                for call in &index.files[file].functions[function].calls {
                    queue.extend(external(at, call));
                }
            }
        }
    }
    while let Some((at, function)) = queue.pop_front() {
        let index = crates[at].0;
        let fact = &index.files[function.0].functions[function.1];
        if fact.is_test || !reached[at].insert(function) {
            continue;
        }
        for call in &fact.calls {
            queue.extend(index.resolve(call).into_iter().map(|target| (at, target)));
            queue.extend(external(at, call));
        }
    }
    reached
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::report_on;
    use crate::settings::Settings;

    const STORE: &str = r#"
pub fn load_template() -> String { std::fs::read_to_string("t.html").unwrap_or_default() }
pub fn title() -> String { String::from("orders") }
pub async fn find(pool: &sqlx::PgPool, id: i64) -> Option<String> {
    sqlx::query_scalar("SELECT name FROM users WHERE id = $1").bind(id).fetch_optional(pool).await.ok().flatten()
}
pub fn label(id: i64) -> String { format!("user {id}") }
"#;

    const API: &str = r#"
use axum::{extract::State, routing::get, Router};
async fn page() -> String { store::load_template() + &store::title() }
async fn names(State(pool): State<sqlx::PgPool>, ids: Vec<i64>) -> String {
    let mut out = String::new();
    for id in &ids { out += &store::find(&pool, *id).await.unwrap_or_default(); out += &store::label(*id); }
    out
}
pub fn app() -> Router<sqlx::PgPool> { Router::new().route("/", get(page)).route("/n", get(names)) }
"#;

    #[test]
    fn calls_into_another_member_crate_are_judged_by_its_functions() {
        let report = report_on(
            &[
                ("Cargo.toml", "[workspace]\nmembers = [\"api\", \"store\"]\n"),
                ("api/Cargo.toml", "[package]\nname = \"api\"\nversion = \"0.1.0\"\n[dependencies]\naxum = \"0.8\"\nstore = { path = \"../store\" }\n"),
                ("api/src/lib.rs", API),
                ("store/Cargo.toml", "[package]\nname = \"store\"\nversion = \"0.1.0\"\n[dependencies]\nsqlx = \"0.8\"\n"),
                ("store/src/lib.rs", STORE),
            ],
            &Settings::default(),
        );
        let found: Vec<(&str, &str)> = report
            .active()
            .filter(|d| d.rule == "blocking-in-async" || d.rule == "query-in-loop")
            .map(|d| (d.rule, d.message.as_str()))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].1.contains("store::load_template"), "{found:?}");
        assert!(found[1].1.contains("store::find"), "{found:?}");
    }

    /// A workspace of a handler crate `api` and a library `core`, with the findings as (rule,
    /// file, line).
    fn workspace_findings(api: &str, core: &str) -> Vec<(String, String, u32)> {
        let report = report_on(
            &[
                ("Cargo.toml", "[workspace]\nmembers = [\"api\", \"core\"]\n"),
                ("api/Cargo.toml", "[package]\nname = \"api\"\nversion = \"0.1.0\"\n[dependencies]\naxum = \"0.8\"\nshop_core = { path = \"../core\" }\n"),
                ("api/src/main.rs", api),
                ("core/Cargo.toml", "[package]\nname = \"shop-core\"\nversion = \"0.1.0\"\n[dependencies]\nreqwest = \"0.12\"\n"),
                ("core/src/lib.rs", core),
            ],
            &Settings::default(),
        );
        report
            .active()
            .map(|d| {
                let file = d.primary.file.to_string().replace('\\', "/");
                (d.rule.to_string(), file, d.primary.span.start.line)
            })
            .collect()
    }

    const CORE: &str = r#"
pub struct Provider { pub url: String }
pub fn client() -> reqwest::Client {
    reqwest::Client::builder().timeout(std::time::Duration::from_secs(5)).build().unwrap_or_default()
}
pub fn report_client() -> reqwest::Client {
    reqwest::Client::builder().timeout(std::time::Duration::from_secs(5)).build().unwrap_or_default()
}
pub fn login_url(provider: &Provider, _state: &str) -> String {
    format!("{}/authorize", provider.url)
}
pub fn echo(next: String) -> String { next }
pub async fn audit(line: &str) -> Result<(), std::io::Error> {
    tokio::fs::write("audit.log", line).await
}
pub async fn audit_logged(line: &str) -> Result<(), std::io::Error> {
    tokio::fs::write("audit.log", line).await.inspect_err(|e| tracing::warn!("audit: {e}"))?;
    Ok(())
}
"#;

    const SHOP_API: &str = r#"
use axum::{extract::Query, response::Redirect, routing::get, Router};
use shop_core::Provider;
#[derive(serde::Deserialize)]
struct Params { next: String, state: String }
async fn fetch() -> String {
    let client = shop_core::client();
    client.get("https://example.com").send().await.map(|_| String::new()).unwrap_or_default()
}
async fn login(Query(p): Query<Params>) -> Redirect {
    let provider = Provider { url: std::env::var("IDP").unwrap_or_default() };
    Redirect::to(&shop_core::login_url(&provider, &p.state))
}
async fn bounce(Query(p): Query<Params>) -> Redirect {
    Redirect::to(&shop_core::echo(p.next))
}
async fn note(Query(p): Query<Params>) -> &'static str {
    shop_core::audit(&p.state).await.ok();
    shop_core::audit_logged(&p.state).await.ok();
    "ok"
}
fn main() {
    let _app: Router = Router::new().route("/f", get(fetch)).route("/l", get(login))
        .route("/b", get(bounce)).route("/n", get(note));
    let _ = shop_core::report_client();
}
"#;

    #[test]
    fn the_request_path_crosses_into_member_libraries() {
        let found = workspace_findings(SHOP_API, CORE);
        let at = |rule: &str| -> Vec<(String, u32)> {
            found
                .iter()
                .filter(|(r, _, _)| r == rule)
                .map(|(_, file, line)| (file.clone(), *line))
                .collect()
        };
        // `client()` runs per request through `fetch`; `report_client()` only at startup.
        assert_eq!(
            at("client-per-request"),
            vec![("core/src/lib.rs".to_string(), 4)],
            "{found:?}"
        );
    }

    #[test]
    fn values_returned_by_member_functions_are_judged_by_their_bodies() {
        let found = workspace_findings(SHOP_API, CORE);
        let redirects: Vec<u32> = found
            .iter()
            .filter(|(rule, _, _)| rule == "open-redirect")
            .map(|(_, _, line)| *line)
            .collect();
        // `login_url` returns the configured provider's URL, not its `state`; `echo` returns
        // its parameter, so `bounce` redirects to the request's `next`.
        assert_eq!(redirects, vec![15], "{found:?}");
    }

    #[test]
    fn a_discarded_result_of_a_member_function_is_judged_by_whether_it_logs() {
        let found = workspace_findings(SHOP_API, CORE);
        let discarded: Vec<u32> = found
            .iter()
            .filter(|(rule, _, _)| rule == "discarded-result")
            .map(|(_, _, line)| *line)
            .collect();
        assert_eq!(discarded, vec![18], "{found:?}");
    }
}
