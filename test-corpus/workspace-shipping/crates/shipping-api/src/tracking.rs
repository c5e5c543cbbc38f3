//! Parcel tracking lookups: tokio-postgres for the event log, sea-orm for the parcel table.

use std::sync::Arc;

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    routing::{get, post},
    Json, Router,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::Deserialize;
use tokio_postgres::Client;

pub struct TrackingState {
    pub events: Client,
    pub parcels: DatabaseConnection,
}

#[derive(Deserialize)]
pub struct EventFilter {
    pub kind: Option<String>,
    pub limit: Option<u32>,
}

pub async fn events(
    State(state): State<Arc<TrackingState>>,
    Path(tracking_code): Path<String>,
    Query(filter): Query<EventFilter>,
) -> Result<Json<Vec<String>>, StatusCode> {
    let limit = filter.limit.unwrap_or(50).min(500);
    let mut sql = String::from("SELECT description FROM parcel_events WHERE tracking_code = $1");
    if let Some(kind) = &filter.kind {
        sql.push_str(&format!(" AND kind = '{kind}'"));
    }
    sql += &format!(" ORDER BY at DESC LIMIT {limit}");
    let rows = state.events.query(&sql, &[&tracking_code]).await.map_err(|_| StatusCode::BAD_GATEWAY)?; // expect: sql-injection
    let bound = state
        .events
        .query("SELECT description FROM parcel_events WHERE tracking_code = $1 LIMIT $2", &[&tracking_code, &i64::from(limit)])
        .await
        .map_err(|_| StatusCode::BAD_GATEWAY)?;
    Ok(Json(rows.iter().chain(bound.iter()).map(|row| row.get(0)).collect()))
}

/// `GET /tracking/recent`: the latest events of every parcel, newest first, all of them.
pub async fn recent(State(state): State<Arc<TrackingState>>) -> Result<Json<Vec<String>>, StatusCode> {
    let rows = state
        .events
        .query("SELECT tracking_code, description FROM parcel_events ORDER BY at DESC", &[]) // expect: unbounded-query
        .await
        .map_err(|_| StatusCode::BAD_GATEWAY)?;
    let latest = state
        .events
        .query_opt("SELECT * FROM parcel_events ORDER BY at DESC LIMIT 1", &[]) // expect: select-star
        .await
        .map_err(|_| StatusCode::BAD_GATEWAY)?;
    let mut out: Vec<String> = rows.iter().map(|row| row.get(1)).collect();
    out.extend(latest.map(|row| row.get::<_, String>("description")));
    Ok(Json(out))
}

pub async fn archive(State(state): State<Arc<TrackingState>>, Path(tracking_code): Path<String>) -> StatusCode {
    let archive = format!("UPDATE parcels SET archived = true WHERE tracking_code = '{tracking_code}'");
    let statement = Statement::from_string(DbBackend::Postgres, archive); // expect: sql-injection
    match state.parcels.execute(statement).await {
        Ok(_) => StatusCode::NO_CONTENT,
        Err(e) => {
            tracing::error!(error = %e, "archiving failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

pub async fn purge_archived(State(state): State<Arc<TrackingState>>) -> StatusCode {
    match state.events.batch_execute("DELETE FROM parcel_events WHERE parcel_id IN (SELECT id FROM parcels WHERE archived)").await {
        Ok(()) => StatusCode::NO_CONTENT,
        Err(e) => {
            tracing::error!(error = %e, "purge failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

/// The parcel table, as sea-orm maps it.
pub mod parcel {
    use sea_orm::entity::prelude::*;
    use serde::Deserialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Deserialize)]
    #[sea_orm(table_name = "parcels")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub tracking_code: String,
        pub owner_id: i32,
        pub weight_grams: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `POST /parcels`: a carrier registers a parcel it picked up.
pub async fn register_parcel(
    State(state): State<Arc<TrackingState>>,
    Json(parcel): Json<parcel::Model>, // expect: mass-assignment
) -> Result<StatusCode, StatusCode> {
    use sea_orm::{ActiveModelTrait, IntoActiveModel};
    match parcel.into_active_model().insert(&state.parcels).await {
        Ok(_) => Ok(StatusCode::CREATED),
        Err(e) => {
            tracing::error!(error = %e, "parcel insert failed");
            Err(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

/// `GET /parcels`: every parcel the service knows.
pub async fn parcels(State(state): State<Arc<TrackingState>>) -> Result<Json<Vec<i32>>, StatusCode> {
    use sea_orm::EntityTrait;
    let all = parcel::Entity::find().all(&state.parcels).await.map_err(|_| StatusCode::BAD_GATEWAY)?; // expect: unbounded-query
    Ok(Json(all.iter().map(|parcel| parcel.id).collect()))
}

/// `GET /owners/{owner}/parcels`: one owner's parcels.
pub async fn parcels_of(
    State(state): State<Arc<TrackingState>>,
    Path(owner): Path<i32>,
) -> Result<Json<Vec<i32>>, StatusCode> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let owned = parcel::Entity::find()
        .filter(parcel::Column::OwnerId.eq(owner))
        .all(&state.parcels)
        .await
        .map_err(|_| StatusCode::BAD_GATEWAY)?;
    Ok(Json(owned.iter().map(|parcel| parcel.id).collect()))
}

/// `POST /parcels/bulk`: a carrier's manifest, one insert per parcel.
pub async fn register_manifest(
    State(state): State<Arc<TrackingState>>,
    Json(codes): Json<Vec<String>>,
) -> StatusCode {
    use sea_orm::{ActiveValue::Set, EntityTrait};
    for code in codes {
        let parcel = parcel::ActiveModel { tracking_code: Set(code), ..Default::default() };
        if parcel::Entity::insert(parcel).exec(&state.parcels).await.is_err() { // expect: query-in-loop
            return StatusCode::INTERNAL_SERVER_ERROR;
        }
    }
    StatusCode::CREATED
}

pub async fn connect(database_url: &str) -> Result<Arc<TrackingState>, Box<dyn std::error::Error>> {
    let (events, connection) = tokio_postgres::connect(database_url, tokio_postgres::NoTls).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::error!(error = %e, "tracking connection closed");
        }
    });
    let parcels = sea_orm::Database::connect(database_url).await?;
    Ok(Arc::new(TrackingState { events, parcels }))
}

pub fn router(state: Arc<TrackingState>) -> Router {
    Router::new()
        .route("/tracking/{code}/events", get(events))
        .route("/tracking/{code}/archive", post(archive))
        .route("/tracking/purge", post(purge_archived))
        .route("/parcels", post(register_parcel).get(parcels))
        .route("/parcels/bulk", post(register_manifest))
        .route("/owners/{owner}/parcels", get(parcels_of))
        .route("/tracking/recent", get(recent))
        .with_state(state)
}

/// The tracking code's check digit, over its ASCII digits.
pub fn check_digit(code: &str) -> Option<u8> {
    let digits = code.as_bytes();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    #[allow(unsafe_code)]
    // SAFETY: `digits` is not empty.
    let last = unsafe { *digits.get_unchecked(digits.len() - 1) };
    Some(last - b'0')
}
