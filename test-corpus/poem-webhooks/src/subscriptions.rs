//! Subscriptions: where each source's events are delivered.

use poem::http::StatusCode;
use poem::web::{Data, Json};
use poem::{handler, Error, Result};
use serde::Deserialize;
use sqlx::PgPool;

/// A subscription as stored. `owner_id` is the tenant the deliveries are billed to.
#[derive(Debug, Deserialize, sqlx::FromRow)]
pub struct Subscription {
    pub source: String,
    pub url: String,
    pub owner_id: i64,
}

/// What a tenant may send to subscribe; the tenant comes from its API key.
#[derive(Debug, Deserialize)]
pub struct NewSubscription {
    pub source: String,
    pub url: String,
}

/// `POST /subscriptions/import`: the admin console's bulk import.
#[handler]
pub async fn import(
    Json(subscriptions): Json<Vec<Subscription>>, // expect: mass-assignment
    Data(pool): Data<&PgPool>,
) -> Result<StatusCode> {
    let mut insert = sqlx::QueryBuilder::new("INSERT INTO subscriptions (source, url, owner_id) ");
    insert.push_values(&subscriptions, |mut row, subscription| {
        row.push_bind(&subscription.source)
            .push_bind(&subscription.url)
            .push_bind(subscription.owner_id);
    });
    insert.build().execute(*pool).await.map_err(|e| {
        tracing::error!(error = %e, "subscription import failed");
        Error::from_status(StatusCode::INTERNAL_SERVER_ERROR)
    })?;
    Ok(StatusCode::CREATED)
}

/// `POST /subscriptions`: a tenant subscribes one of its endpoints.
#[handler]
pub async fn subscribe(
    Json(subscription): Json<NewSubscription>,
    Data(pool): Data<&PgPool>,
    Data(tenant): Data<&i64>,
) -> Result<StatusCode> {
    sqlx::query("INSERT INTO subscriptions (source, url, owner_id) VALUES ($1, $2, $3)")
        .bind(&subscription.source)
        .bind(&subscription.url)
        .bind(*tenant)
        .execute(*pool)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "subscribing failed");
            Error::from_status(StatusCode::INTERNAL_SERVER_ERROR)
        })?;
    Ok(StatusCode::CREATED)
}

/// `DELETE /subscriptions`: a tenant drops several sources, one statement per source.
#[handler]
pub async fn unsubscribe(
    Json(sources): Json<Vec<String>>,
    Data(pool): Data<&PgPool>,
    Data(tenant): Data<&i64>,
) -> Result<StatusCode> {
    let mut rows = sources.iter().map(|source| {
        sqlx::query("DELETE FROM subscriptions WHERE source = $1 AND owner_id = $2") // expect: query-in-loop
            .bind(source)
            .bind(*tenant)
            .execute(*pool)
    });
    while let Some(deleted) = rows.next() {
        deleted.await.map_err(|e| {
            tracing::error!(error = %e, "unsubscribing failed");
            Error::from_status(StatusCode::INTERNAL_SERVER_ERROR)
        })?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The table subscriptions live in (a tenant's own schema in the hosted edition).
const SUBSCRIPTIONS: &str = "subscriptions";

/// `GET /subscriptions`: every subscription of every tenant, for the admin console.
#[handler]
pub async fn list_all(Data(pool): Data<&PgPool>) -> Result<Json<Vec<Subscription>>> {
    let sql = format!("SELECT * FROM {SUBSCRIPTIONS} ORDER BY source"); // expect: select-star
    let all = sqlx::query_as::<_, Subscription>(&sql) // expect: unbounded-query
        .fetch_all(*pool)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "listing subscriptions failed");
            Error::from_status(StatusCode::INTERNAL_SERVER_ERROR)
        })?;
    Ok(Json(all))
}

/// `GET /subscriptions/mine`: the calling tenant's subscriptions.
#[handler]
pub async fn list_mine(Data(pool): Data<&PgPool>, Data(tenant): Data<&i64>) -> Result<Json<Vec<Subscription>>> {
    let mine = sqlx::query_as::<_, Subscription>("SELECT source, url, owner_id FROM subscriptions WHERE owner_id = $1")
        .bind(*tenant)
        .fetch_all(*pool)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "listing subscriptions failed");
            Error::from_status(StatusCode::INTERNAL_SERVER_ERROR)
        })?;
    Ok(Json(mine))
}
