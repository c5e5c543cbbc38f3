//! Hit counters in redis, flushed to the database by the nightly job.

use std::collections::HashMap;
use std::sync::RwLock;

/// Codes resolved recently, so a popular link does not cost a query per hit.
static RECENT: RwLock<Option<HashMap<String, String>>> = RwLock::new(None); // expect: global-mutable-state

/// Counts one hit per code, in one round trip.
pub async fn count(conn: &mut redis::aio::MultiplexedConnection, codes: &[String]) -> redis::RedisResult<()> {
    let mut pipe = redis::pipe();
    for code in codes {
        let _ = pipe.incr(format!("hits:{code}"), 1);
    }
    let _: () = pipe.query_async(conn).await?;
    Ok(())
}

/// Forgets a deleted link's counter.
pub async fn forget(conn: &mut redis::aio::MultiplexedConnection, code: &str) {
    let _: redis::RedisResult<()> = redis::AsyncCommands::del(conn, format!("hits:{code}")).await; // expect: discarded-result
    let _ = conn.del::<_, ()>(format!("seen:{code}")).await; // expect: discarded-result
}

/// The target of `code`: from the recent cache when the lock allows, else from the database.
pub async fn target(pool: &sqlx::PgPool, code: &str) -> Result<Option<String>, sqlx::Error> {
    match RECENT.read().map(|recent| recent.as_ref().and_then(|r| r.get(code).cloned())) {
        Ok(Some(target)) => return Ok(Some(target)),
        Ok(None) => {}
        Err(_) => {}
    }
    match stored_target(pool, code).await {
        Ok(Some(target)) => return Ok(Some(target)),
        Ok(None) => {}
        Err(_) => {} // expect: swallowed-error
    }
    create_placeholder(pool, code).await
}

async fn stored_target(pool: &sqlx::PgPool, code: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT target FROM links WHERE code = $1").bind(code).fetch_optional(pool).await
}

async fn create_placeholder(pool: &sqlx::PgPool, code: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("INSERT INTO links (code, target) VALUES ($1, NULL) ON CONFLICT DO NOTHING").bind(code).execute(pool).await?;
    Ok(None)
}

/// Whether `code` is still free for a new link: `fetch_one` failing (no row) is the answer
/// wanted, and the insert that follows meets the unique key if the database was down.
pub async fn ensure_code_free(pool: &sqlx::PgPool, code: &str) -> Result<(), String> {
    match owner_of(pool, code).await {
        Ok(_) => Err(format!("the code {code} is taken")),
        Err(_) => Ok(()),
    }
}

async fn owner_of(pool: &sqlx::PgPool, code: &str) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT owner FROM links WHERE code = $1").bind(code).fetch_one(pool).await
}

/// Refreshes the recent cache; its failure is dropped without a trace.
pub async fn refresh(pool: &sqlx::PgPool, code: &str) -> Result<(), String> {
    match stored_target(pool, code).await {
        Ok(Some(target)) => {
            if let Ok(mut recent) = RECENT.write() {
                recent.get_or_insert_with(HashMap::new).insert(code.to_string(), target);
            }
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(_) => Ok(()), // expect: swallowed-error
    }
}
