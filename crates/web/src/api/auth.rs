//! Bearer tokens, the current user, and user administration.

use super::json::ApiJson;
use crate::AppState;
use crate::auth::{self, CurrentUser};
use crate::error::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use gendan_domain::role::Role;
use gendan_domain::{FieldError, ValidationErrors};
use gendan_store::{ApiToken, NewUser, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub email: String,
    pub password: String,
    /// A label to recognise the token by, e.g. `daily sheet script`.
    #[serde(default)]
    pub name: Option<String>,
    /// Days until the token expires; none: it lasts until revoked.
    #[serde(default)]
    pub expires_in_days: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenCreated {
    /// The secret, shown only now. Send it as `Authorization: Bearer <token>`.
    pub token: String,
    pub id: Uuid,
    pub name: String,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenInfo {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiToken> for TokenInfo {
    fn from(t: ApiToken) -> Self {
        Self {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            expires_at: t.expires_at,
            revoked_at: t.revoked_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserInfo {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// `zh-CN` or `en`
    pub locale: String,
    pub created_at: DateTime<Utc>,
}

impl From<User> for UserInfo {
    fn from(u: User) -> Self {
        Self {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: u.role,
            locale: u.locale,
            created_at: u.created_at,
        }
    }
}

/// Create an API token: e-mail and password in, bearer token out. Repeated failures for an
/// e-mail are throttled (429 with Retry-After).
#[utoipa::path(post, path = "/api/v1/auth/tokens", tag = "auth", request_body = TokenRequest,
    responses((status = 201, body = TokenCreated), (status = 401, body = Problem),
              (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn create_token(
    State(st): State<AppState>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<(StatusCode, Json<TokenCreated>), ApiError> {
    let name = req
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or("api")
        .to_string();
    if name.chars().count() > 100 {
        return Err(ValidationErrors::single("name", "too_long", "must be at most 100 characters").into());
    }
    if req.expires_in_days == Some(0) || req.expires_in_days.is_some_and(|d| d > 3650) {
        return Err(ValidationErrors::single(
            "expires_in_days",
            "out_of_range",
            "must be between 1 and 3650",
        )
        .into());
    }
    let user = auth::login(&st, &req.email, &req.password).await?;
    let secret = auth::random_secret("gdn_");
    let ctx = CurrentUser {
        user: user.clone(),
        via: auth::Via::Token,
    }
    .write_context(&st);
    let expires_at = req.expires_in_days.map(|d| ctx.at + Duration::days(d as i64));
    let t = st
        .store
        .create_token(user.id, &name, &auth::secret_hash(&secret), expires_at, &ctx)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(TokenCreated {
            token: secret,
            id: t.id,
            name: t.name,
            expires_at,
        }),
    ))
}

/// The caller's own tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/auth/tokens", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Vec<TokenInfo>), (status = 401, body = Problem)))]
pub async fn list_tokens(
    State(st): State<AppState>,
    me: CurrentUser,
) -> Result<Json<Vec<TokenInfo>>, ApiError> {
    Ok(Json(
        st.store
            .list_tokens(me.user.id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// Revoke one of the caller's tokens; it stops working at once.
#[utoipa::path(delete, path = "/api/v1/auth/tokens/{id}", tag = "auth", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "token id")),
    responses((status = 200, body = TokenInfo), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn revoke_token(
    State(st): State<AppState>,
    me: CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Json<TokenInfo>, ApiError> {
    let t = st
        .store
        .revoke_token(me.user.id, id, &me.write_context(&st))
        .await?;
    st.tokens.forget_user(me.user.id);
    Ok(Json(t.into()))
}

/// Who the token belongs to.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = UserInfo), (status = 401, body = Problem)))]
pub async fn me(me: CurrentUser) -> Json<UserInfo> {
    Json(me.user.into())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    pub email: String,
    pub display_name: String,
    /// admin, sales_manager, merchandiser, documentation, shipping, finance, production, viewer
    pub role: String,
    pub password: String,
    /// `zh-CN` (default) or `en`
    #[serde(default)]
    pub locale: Option<String>,
}

/// Minimum password length for new users.
pub const MIN_PASSWORD: usize = 10;

/// Validate a new user's fields, reporting every bad one.
pub fn validate_new_user(u: &CreateUser) -> Result<(Role, String), ValidationErrors> {
    let mut errs = ValidationErrors::new();
    if !gendan_domain::party::is_plausible_email(u.email.trim()) {
        errs.push(
            "email",
            "invalid_email",
            format!("`{}` is not an e-mail address", u.email),
        );
    }
    if u.display_name.trim().is_empty() {
        errs.push("display_name", "required", "a name is required");
    }
    if u.display_name.chars().any(char::is_control) || u.display_name.chars().count() > 200 {
        errs.push(
            "display_name",
            "invalid_value",
            "at most 200 characters, no control characters",
        );
    }
    let role = Role::parse(&u.role)
        .map_err(|m| {
            errs.0.push(FieldError {
                field: "role".into(),
                code: "invalid_choice".into(),
                message: m,
            })
        })
        .ok();
    if u.password.chars().count() < MIN_PASSWORD {
        errs.push(
            "password",
            "too_short",
            format!("must have at least {MIN_PASSWORD} characters"),
        );
    }
    let locale = u.locale.clone().unwrap_or_else(|| "zh-CN".into());
    if !crate::i18n::LOCALES.contains(&locale.as_str()) {
        errs.push("locale", "invalid_choice", "use zh-CN or en");
    }
    errs.into_result()?;
    Ok((role.expect("checked"), locale))
}

/// Every user (admin only).
#[utoipa::path(get, path = "/api/v1/users", tag = "users", security(("bearer" = [])),
    responses((status = 200, body = Vec<UserInfo>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_users(State(st): State<AppState>) -> Result<Json<Vec<UserInfo>>, ApiError> {
    Ok(Json(
        st.store.list_users().await?.into_iter().map(Into::into).collect(),
    ))
}

/// Add a user (admin only). The password is hashed with argon2id.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", security(("bearer" = [])), request_body = CreateUser,
    responses((status = 201, body = UserInfo), (status = 403, body = Problem), (status = 409, body = Problem),
              (status = 422, body = Problem)))]
pub async fn create_user(
    State(st): State<AppState>,
    me: CurrentUser,
    ApiJson(req): ApiJson<CreateUser>,
) -> Result<(StatusCode, Json<UserInfo>), ApiError> {
    let (role, locale) = validate_new_user(&req)?;
    let password_hash = auth::hash_password_blocking(req.password)
        .await
        .map_err(ApiError::internal)?;
    let u = st
        .store
        .create_user(
            NewUser {
                email: req.email,
                display_name: req.display_name.trim().to_string(),
                role,
                locale,
                password_hash,
            },
            &me.write_context(&st),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(u.into())))
}
