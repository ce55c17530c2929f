use crate::AppState;
use crate::error::ApiError;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok` once the database answers.
    pub status: &'static str,
}

/// Liveness and readiness: 200 once the database answers.
#[utoipa::path(get, path = "/healthz", tag = "system",
    responses((status = 200, body = Health), (status = 500, body = crate::error::Problem)))]
pub async fn healthz(State(st): State<AppState>) -> Result<Json<Health>, ApiError> {
    st.store.ping().await?;
    Ok(Json(Health { status: "ok" }))
}
