//! Customer records and profiles.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use uuid::Uuid;

use crate::models::{Customer, ProfileUpdate};
use crate::state::AppState;

/// `PUT /customers/{id}`: replaces the stored record with the one sent.
pub async fn replace(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Json(customer): Json<Customer>, // expect: mass-assignment
) -> Result<StatusCode, StatusCode> {
    sqlx::query("UPDATE customers SET email = $2, display_name = $3, credits = $4 WHERE id = $1")
        .bind(id)
        .bind(&customer.email)
        .bind(&customer.display_name)
        .bind(customer.credits)
        .execute(&state.pool)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "customer update failed");
            StatusCode::INTERNAL_SERVER_ERROR
        })?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PATCH /customers/{id}/profile`: the fields a customer may change.
pub async fn update_profile(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Json(update): Json<ProfileUpdate>,
) -> Result<StatusCode, StatusCode> {
    sqlx::query("UPDATE customers SET display_name = $2, job_title = $3 WHERE id = $1")
        .bind(id)
        .bind(&update.display_name)
        .bind(&update.role)
        .execute(&state.pool)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "profile update failed");
            StatusCode::INTERNAL_SERVER_ERROR
        })?;
    Ok(StatusCode::NO_CONTENT)
}
