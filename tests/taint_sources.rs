//! Every request source of every framework the taint engine models, and every SQL crate's
//! text sink, each proven on a complete handler file through the real engine: the input must
//! reach the sink (one `sql-injection` finding on the marked line), and the same handler with
//! the input replaced by a constant must stay silent, so a case only passes because of the
//! source or sink it names.

use std::path::PathBuf;

use backlint::settings::Settings;

/// The lines where `sql-injection` fires in `code`, checked as a crate's only file.
fn injection_lines(code: &str) -> Vec<u32> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lib.rs"), code).unwrap();
    let report =
        backlint::engine::check_in(&[PathBuf::from("lib.rs")], &Settings::default(), dir.path())
            .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report
        .active()
        .filter(|d| d.rule == "sql-injection" && d.level == backlint::diagnostic::Level::Error)
        .map(|d| d.primary.span.start.line)
        .collect()
}

/// Checks a case: `code` marks its sink line with `// sink`, and `INPUT` stands for the
/// expression that reads the source. With the source, the sink line is reported; with a
/// literal in its place, nothing is.
fn assert_flows(case: &str, code: &str, input: &str) {
    let sink_line = code
        .lines()
        .position(|line| line.contains("// sink"))
        .unwrap_or_else(|| panic!("{case}: no `// sink` line")) as u32
        + 1;
    let tainted = code.replace("INPUT", input);
    assert_eq!(
        injection_lines(&tainted),
        [sink_line],
        "{case}: the input should reach the sink\n{tainted}"
    );
    let constant = code.replace("INPUT", "\"fixed\"");
    assert_eq!(
        injection_lines(&constant),
        Vec::<u32>::new(),
        "{case}: a constant in place of the input must stay silent\n{constant}"
    );
}

/// An axum handler with the given parameters whose body binds `INPUT` to `v` and builds SQL
/// from it.
fn axum_handler(params: &str, imports: &str) -> String {
    format!(
        r#"use axum::{{routing::post, Router}};
use axum::extract::State;
{imports}
use sqlx::PgPool;

#[derive(serde::Deserialize)]
pub struct Form {{ name: String }}

async fn handler(State(pool): State<PgPool>, {params}) {{
    let v: String = INPUT;
    let _ = sqlx::query(&format!("SELECT * FROM t WHERE a = '{{v}}'")).execute(&pool).await; // sink
}}

pub fn router(pool: PgPool) -> Router {{
    Router::new().route("/x/{{p}}", post(handler)).with_state(pool)
}}
"#
    )
}

#[test]
fn axum_extractors_are_sources() {
    let cases = [
        ("Path", "Path(p): Path<String>", "use axum::extract::Path;", "p"),
        ("Query", "Query(f): Query<Form>", "use axum::extract::Query;", "f.name"),
        ("Json", "Json(f): Json<Form>", "use axum::Json;", "f.name"),
        ("Form", "axum::Form(f): axum::Form<Form>", "", "f.name"),
        ("RawQuery", "RawQuery(q): RawQuery", "use axum::extract::RawQuery;", "q.unwrap_or_default()"),
        ("HeaderMap", "headers: HeaderMap", "use axum::http::HeaderMap;", "headers.get(\"x-user\").and_then(|h| h.to_str().ok()).unwrap_or_default().to_string()"),
        ("TypedHeader", "TypedHeader(agent): TypedHeader<UserAgent>", "use axum_extra::{TypedHeader, headers::UserAgent};", "agent.as_str().to_string()"),
        ("Multipart", "mut multipart: Multipart", "use axum::extract::Multipart;", "multipart.next_field().await.ok().flatten().and_then(|f| f.name().map(String::from)).unwrap_or_default()"),
        ("RawForm", "RawForm(bytes): RawForm", "use axum::extract::RawForm;", "String::from_utf8_lossy(&bytes).to_string()"),
        ("Bytes body", "body: Bytes", "use axum::body::Bytes;", "String::from_utf8_lossy(&body).to_string()"),
        ("String body", "body: String", "", "body"),
        ("Request", "request: Request", "use axum::extract::Request;", "request.uri().path().to_string()"),
    ];
    for (case, params, imports, input) in cases {
        assert_flows(case, &axum_handler(params, imports), input);
    }
}

#[test]
fn actix_extractors_and_request_accessors_are_sources() {
    let handler = |params: &str| {
        format!(
            r#"use actix_web::{{web, HttpRequest, HttpResponse}};
use sqlx::PgPool;

#[derive(serde::Deserialize)]
pub struct Form {{ name: String }}

async fn handler(pool: web::Data<PgPool>, {params}) -> HttpResponse {{
    let v: String = INPUT;
    let _ = sqlx::query(&format!("SELECT * FROM t WHERE a = '{{v}}'")).execute(pool.get_ref()).await; // sink
    HttpResponse::Ok().finish()
}}

pub fn config(cfg: &mut web::ServiceConfig) {{
    cfg.route("/x/{{p}}", web::post().to(handler));
}}
"#
        )
    };
    let cases = [
        ("web::Path", "path: web::Path<String>", "path.into_inner()"),
        ("web::Query", "query: web::Query<Form>", "query.name.clone()"),
        ("web::Json", "body: web::Json<Form>", "body.into_inner().name"),
        ("web::Form", "form: web::Form<Form>", "form.name.clone()"),
        ("web::Bytes", "body: web::Bytes", "String::from_utf8_lossy(&body).to_string()"),
        ("web::Payload", "mut payload: web::Payload", "{ use futures::StreamExt; let chunk = payload.next().await.and_then(|c| c.ok()).unwrap_or_default(); String::from_utf8_lossy(&chunk).to_string() }"),
        ("HttpRequest::match_info", "req: HttpRequest", "req.match_info().get(\"p\").unwrap_or_default().to_string()"),
        ("HttpRequest::query_string", "req: HttpRequest", "req.query_string().to_string()"),
        ("HttpRequest::headers", "req: HttpRequest", "req.headers().get(\"x-user\").and_then(|h| h.to_str().ok()).unwrap_or_default().to_string()"),
        ("HttpRequest::uri", "req: HttpRequest", "req.uri().path().to_string()"),
    ];
    for (case, params, input) in cases {
        assert_flows(case, &handler(params), input);
    }
}

#[test]
fn rocket_route_parameters_and_data_are_sources() {
    let handler = |attribute: &str, params: &str| {
        format!(
            r#"use rocket::{{get, post, routes, form::Form, serde::json::Json, http::RawStr}};
use sqlx::PgPool;

#[derive(rocket::FromForm, serde::Deserialize)]
pub struct Note {{ name: String }}

{attribute}
async fn handler(pool: &rocket::State<PgPool>, {params}) {{
    let v: String = INPUT;
    let _ = sqlx::query(&format!("SELECT * FROM t WHERE a = '{{v}}'")).execute(pool.inner()).await; // sink
}}

pub fn routes() -> Vec<rocket::Route> {{
    routes![handler]
}}
"#
        )
    };
    let cases = [
        ("segment", "#[get(\"/x/<name>\")]", "name: String", "name"),
        (
            "query parameter",
            "#[get(\"/x?<name>\")]",
            "name: &str",
            "name.to_string()",
        ),
        (
            "Form",
            "#[post(\"/x\", data = \"<note>\")]",
            "note: Form<Note>",
            "note.name.clone()",
        ),
        (
            "Json",
            "#[post(\"/x\", data = \"<note>\")]",
            "note: Json<Note>",
            "note.into_inner().name",
        ),
        (
            "&RawStr",
            "#[get(\"/x/<raw>\")]",
            "raw: &RawStr",
            "raw.as_str().to_string()",
        ),
    ];
    for (case, attribute, params, input) in cases {
        assert_flows(case, &handler(attribute, params), input);
    }
}

#[test]
fn warp_filter_outputs_are_sources() {
    let handler = |filter: &str, param: &str| {
        format!(
            r#"use warp::Filter;
use sqlx::PgPool;

#[derive(serde::Deserialize)]
pub struct Form {{ name: String }}

async fn handler({param}, pool: PgPool) -> Result<impl warp::Reply, warp::Rejection> {{
    let v: String = INPUT;
    let _ = sqlx::query(&format!("SELECT * FROM t WHERE a = '{{v}}'")).execute(&pool).await; // sink
    Ok(warp::reply())
}}

pub fn routes(pool: PgPool) -> impl Filter<Extract = (impl warp::Reply,), Error = warp::Rejection> + Clone {{
    {filter}
        .and(warp::any().map(move || pool.clone()))
        .and_then(handler)
}}
"#
        )
    };
    let cases = [
        (
            "path::param",
            "warp::path(\"x\").and(warp::path::param::<String>())",
            "name: String",
            "name",
        ),
        (
            "path! segment",
            "warp::path!(\"x\" / String)",
            "name: String",
            "name",
        ),
        (
            "query",
            "warp::path(\"x\").and(warp::query::<Form>())",
            "form: Form",
            "form.name",
        ),
        (
            "body::json",
            "warp::path(\"x\").and(warp::body::json())",
            "form: Form",
            "form.name",
        ),
        (
            "header",
            "warp::path(\"x\").and(warp::header::<String>(\"x-user\"))",
            "user: String",
            "user",
        ),
    ];
    for (case, filter, param, input) in cases {
        assert_flows(case, &handler(filter, param), input);
    }
}

#[test]
fn poem_extractors_are_sources() {
    let handler = |params: &str| {
        format!(
            r#"use poem::{{handler, post, Route, web::{{Data, Form, Json, Path, Query}}}};
use sqlx::PgPool;

#[derive(serde::Deserialize)]
pub struct Params {{ name: String }}

#[handler]
async fn search(pool: Data<&PgPool>, {params}) {{
    let v: String = INPUT;
    let _ = sqlx::query(&format!("SELECT * FROM t WHERE a = '{{v}}'")).execute(pool.0).await; // sink
}}

pub fn app() -> Route {{
    Route::new().at("/x/:p", post(search))
}}
"#
        )
    };
    let cases = [
        ("Path", "Path(p): Path<String>", "p"),
        ("Query", "Query(q): Query<Params>", "q.name"),
        ("Json", "Json(body): Json<Params>", "body.name"),
        ("Form", "Form(form): Form<Params>", "form.name"),
    ];
    for (case, params, input) in cases {
        assert_flows(case, &handler(params), input);
    }
}

#[test]
fn command_line_arguments_are_a_source() {
    let code = r#"use sqlx::PgPool;

pub async fn purge(pool: &PgPool) {
    let v: String = INPUT;
    let _ = sqlx::query(&format!("DELETE FROM t WHERE a = '{v}'")).execute(pool).await; // sink
}
"#;
    assert_flows(
        "std::env::args",
        code,
        "std::env::args().nth(1).unwrap_or_default()",
    );
}

/// Each SQL crate's text sinks, fed from an axum `Path` in a handler.
#[test]
fn every_sql_crate_s_text_sinks_are_modelled() {
    let handler = |imports: &str, setup: &str, sink: &str| {
        format!(
            r#"use axum::{{extract::Path, routing::get, Router}};
{imports}

async fn handler(Path(p): Path<String>) {{
    let v: String = INPUT;
    let sql = format!("SELECT * FROM t WHERE a = '{{v}}'");
    {setup}
    {sink} // sink
}}

pub fn router() -> Router {{
    Router::new().route("/x/{{p}}", get(handler))
}}
"#
        )
    };
    let cases = [
        ("sqlx::query", "use sqlx::PgPool;", "let pool: PgPool = todo!();", "let _ = sqlx::query(&sql).execute(&pool).await;"),
        ("sqlx::query_as", "use sqlx::PgPool;", "let pool: PgPool = todo!();", "let _: Result<Vec<(i64,)>, _> = sqlx::query_as(&sql).fetch_all(&pool).await;"),
        ("sqlx::query_scalar", "use sqlx::PgPool;", "let pool: PgPool = todo!();", "let _: Result<i64, _> = sqlx::query_scalar(&sql).fetch_one(&pool).await;"),
        ("sqlx::raw_sql", "use sqlx::PgPool;", "let pool: PgPool = todo!();", "let _ = sqlx::raw_sql(&sql).execute(&pool).await;"),
        ("sqlx QueryBuilder::push", "use sqlx::{Postgres, QueryBuilder};", "let mut builder: QueryBuilder<Postgres> = QueryBuilder::new(\"SELECT * FROM t WHERE \");", "builder.push(&sql);"),
        ("diesel::sql_query", "use diesel::prelude::*;", "let mut conn: PgConnection = todo!();", "let _ = diesel::sql_query(&sql).execute(&mut conn);"),
        ("diesel::dsl::sql", "use diesel::dsl::sql;", "", "let _ = sql::<diesel::sql_types::Bool>(&sql);"),
        ("sea-orm Statement::from_string", "use sea_orm::{DatabaseBackend, Statement};", "", "let _ = Statement::from_string(DatabaseBackend::Postgres, sql.clone());"),
        ("sea-orm execute_unprepared", "use sea_orm::{ConnectionTrait, DatabaseConnection};", "let db: DatabaseConnection = todo!();", "let _ = db.execute_unprepared(&sql).await;"),
        ("tokio-postgres Client::query", "use tokio_postgres::Client;", "let client: Client = todo!();", "let _ = client.query(sql.as_str(), &[]).await;"),
        ("tokio-postgres batch_execute", "use tokio_postgres::Client;", "let client: Client = todo!();", "let _ = client.batch_execute(&sql).await;"),
        ("tokio-postgres simple_query", "use tokio_postgres::Client;", "let client: Client = todo!();", "let _ = client.simple_query(&sql).await;"),
        ("postgres Client::execute", "use postgres::Client;", "let mut client: Client = todo!();", "let _ = client.execute(sql.as_str(), &[]);"),
        ("rusqlite Connection::execute", "use rusqlite::Connection;", "let conn: Connection = todo!();", "let _ = conn.execute(&sql, []);"),
        ("rusqlite query_row", "use rusqlite::Connection;", "let conn: Connection = todo!();", "let _: rusqlite::Result<i64> = conn.query_row(&sql, [], |row| row.get(0));"),
        ("rusqlite prepare", "use rusqlite::Connection;", "let conn: Connection = todo!();", "let _ = conn.prepare(&sql);"),
        ("rusqlite execute_batch", "use rusqlite::Connection;", "let conn: Connection = todo!();", "let _ = conn.execute_batch(&sql);"),
        ("mysql query_drop", "use mysql::{prelude::Queryable, PooledConn};", "let mut conn: PooledConn = todo!();", "let _ = conn.query_drop(&sql);"),
        ("mysql query on a connection", "use mysql::{prelude::Queryable, PooledConn};", "let mut conn: PooledConn = todo!();", "let _: mysql::Result<Vec<String>> = conn.query(&sql);"),
        ("mysql exec_drop", "use mysql::{prelude::Queryable, Conn};", "let mut conn: Conn = todo!();", "let _ = conn.exec_drop(&sql, ());"),
        ("mysql query_first", "use mysql::{prelude::Queryable, Conn};", "let mut conn: Conn = todo!();", "let _: mysql::Result<Option<String>> = conn.query_first(&sql);"),
    ];
    for (case, imports, setup, sink) in cases {
        assert_flows(case, &handler(imports, setup, sink), "p");
    }
}
