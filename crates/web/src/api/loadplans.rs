//! Container load plans (装箱计算): how many cartons fit, the binding limit, every placement.

use super::json::ApiJson;
use crate::error::{ApiError, Problem};
use axum::Json;
use gendan_domain::ValidationErrors;

/// Plan a container load. The body is the load-plan input (container by type or inner
/// dimensions, cargo with sizes in mm, gross kg as decimal strings, allowed upright axes,
/// max stack kg, support, time limit, seed); the answer the plan (counts, utilisation, the
/// binding limit, the upper bound and whether the count is proven optimal, every placement
/// from the front wall to the door, reefer advice and warnings). One product is solved
/// exactly; several by a block-building search within `time_limit_ms`.
#[utoipa::path(post, path = "/api/v1/loadplans", tag = "loadplans", security(("bearer" = [])),
    request_body(content = Object, description = "load-plan input"),
    responses((status = 200, body = Object, description = "the load plan"), (status = 400, body = Problem),
              (status = 422, body = Problem)))]
pub async fn create_loadplan(
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let input: gendan_loadplan::LoadPlanInput = serde_path_to_error::deserialize(body).map_err(|e| {
        ApiError::validation(ValidationErrors::single(
            e.path().to_string(),
            "invalid_value",
            e.inner().to_string(),
        ))
    })?;
    let plan = tokio::task::spawn_blocking(move || gendan_loadplan::solve(&input))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?;
    match plan {
        Ok(p) => Ok(Json(
            serde_json::to_value(p).map_err(|e| ApiError::internal(e.to_string()))?,
        )),
        Err(gendan_loadplan::SolveError::Invalid(errs)) => Err(ApiError::validation(errs)),
    }
}
