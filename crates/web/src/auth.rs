//! Authentication and authorisation: argon2id passwords, server-side web sessions with
//! CSRF tokens, bearer tokens for the API, login throttling, and [`guard`], which applies
//! the route table ([`crate::routes::ROUTES`]) and the role matrix to every request.

use crate::AppState;
use crate::error::ApiError;
use crate::routes::{self, Access};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use gendan_domain::audit::Actor;
use gendan_store::{User, WriteContext};
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "gendan_session";
pub const LANG_COOKIE: &str = "gendan_lang";
pub const CSRF_FIELD: &str = "_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Hash a password with argon2id (the crate's defaults: m=19 MiB, t=2, p=1).
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches the PHC string `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// At most this many argon2 computations run at once (each takes ~19 MiB and tens of ms of
/// CPU), on blocking threads, so that a burst of sign-ins cannot starve the async workers.
static ARGON2_PERMITS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// [`verify_password`] off the async workers, bounded by [`ARGON2_PERMITS`].
pub async fn verify_password_blocking(password: String, hash: String) -> bool {
    let Ok(_permit) = ARGON2_PERMITS.acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false)
}

/// [`hash_password`] off the async workers, bounded by [`ARGON2_PERMITS`].
pub async fn hash_password_blocking(password: String) -> Result<String, String> {
    let _permit = ARGON2_PERMITS.acquire().await.map_err(|e| e.to_string())?;
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| e.to_string())?
}

/// A hash that no password matches, verified when the e-mail is unknown so that the
/// answer takes as long as for a known one.
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_password("not a real password").unwrap_or_default())
}

/// A new random secret: `prefix` + 64 hex digits (256 bits).
pub fn random_secret(prefix: &str) -> String {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).expect("the OS random generator works");
    let mut s = String::with_capacity(prefix.len() + 64);
    s.push_str(prefix);
    for x in b {
        s.push_str(&format!("{x:02x}"));
    }
    s
}

/// SHA-256 hex of a secret; only this is stored.
pub fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Whether the request reached us over TLS (directly configured, or via a proxy).
pub fn is_secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// `Set-Cookie` value for a cookie with our defaults (Path=/, SameSite=Lax).
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, http_only: bool, secure: bool) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; SameSite=Lax; Max-Age={max_age_secs}");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).expect("cookie value is ASCII")
}

/// How the current request was authenticated.
#[derive(Debug, Clone)]
pub enum Via {
    Session { id_hash: String, csrf_token: String },
    Token,
}

/// The signed-in user, put in the request by [`guard`].
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub via: Via,
}

impl CurrentUser {
    pub fn actor(&self) -> Actor {
        Actor::user(self.user.id, &self.user.email)
    }
    pub fn write_context(&self, state: &AppState) -> WriteContext {
        WriteContext {
            actor: self.actor(),
            at: state.clock.now(),
        }
    }
    pub fn csrf_token(&self) -> &str {
        match &self.via {
            Via::Session { csrf_token, .. } => csrf_token,
            Via::Token => "",
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or_else(|| ApiError::unauthorized("sign in first"))
    }
}

/// The signed-in user if there is one (public pages).
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeUser(parts.extensions.get::<CurrentUser>().cloned()))
    }
}

async fn session_user(state: &AppState, headers: &HeaderMap) -> Result<Option<CurrentUser>, ApiError> {
    let Some(raw) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let id_hash = secret_hash(raw);
    let Some(s) = state.store.session(&id_hash, state.clock.now()).await? else {
        return Ok(None);
    };
    Ok(Some(CurrentUser {
        user: s.user,
        via: Via::Session {
            id_hash: s.id_hash,
            csrf_token: s.csrf_token,
        },
    }))
}

/// How long a server trusts a token it has checked before asking the database again. A
/// revocation through this server takes effect at once; through another server (several
/// copies behind a load balancer) within this time.
pub const TOKEN_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(5);

/// Recently checked bearer tokens (by hash) and their users: saves a database round trip on
/// most API requests.
#[derive(Default)]
pub struct TokenCache {
    entries: std::sync::Mutex<std::collections::HashMap<String, (User, std::time::Instant)>>,
}

impl TokenCache {
    fn get(&self, hash: &str) -> Option<User> {
        let map = self.entries.lock().ok()?;
        let (user, at) = map.get(hash)?;
        (at.elapsed() < TOKEN_CACHE_TTL).then(|| user.clone())
    }

    fn put(&self, hash: String, user: User) {
        if let Ok(mut map) = self.entries.lock() {
            if map.len() >= 10_000 {
                map.retain(|_, (_, at)| at.elapsed() < TOKEN_CACHE_TTL);
            }
            map.insert(hash, (user, std::time::Instant::now()));
        }
    }

    /// Forget every cached token of a user (after a revocation or a change to the user).
    pub fn forget_user(&self, user_id: uuid::Uuid) {
        if let Ok(mut map) = self.entries.lock() {
            map.retain(|_, (u, _)| u.id != user_id);
        }
    }
}

async fn bearer_user(state: &AppState, headers: &HeaderMap) -> Result<Option<CurrentUser>, ApiError> {
    let Some(v) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return Ok(None);
    };
    let Some(token) = v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")) else {
        return Ok(None);
    };
    let hash = secret_hash(token.trim());
    if let Some(user) = state.tokens.get(&hash) {
        return Ok(Some(CurrentUser {
            user,
            via: Via::Token,
        }));
    }
    let user = state.store.token_user(&hash, state.clock.now()).await?;
    if let Some(u) = &user {
        state.tokens.put(hash, u.clone());
    }
    Ok(user.map(|user| CurrentUser {
        user,
        via: Via::Token,
    }))
}

/// A browser request sent from another site (login CSRF and the like): the browser says so
/// in `Sec-Fetch-Site`, or its `Origin` names another host than the one it asks.
fn is_cross_site(headers: &HeaderMap) -> bool {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
    {
        return true;
    }
    let (Some(origin), Some(host)) = (headers.get(header::ORIGIN), headers.get(header::HOST)) else {
        return false;
    };
    let origin = origin.to_str().unwrap_or("");
    let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or(origin);
    origin == "null" || !origin_host.eq_ignore_ascii_case(host.to_str().unwrap_or(""))
}

fn unsafe_method(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Check the CSRF token of a state-changing page request: the `X-CSRF-Token` header
/// (htmx) or the `_csrf` form field. Returns the request with its body restored.
async fn check_csrf(req: Request, expected: &str) -> Result<Request, Response> {
    if let Some(h) = req.headers().get(CSRF_HEADER) {
        return if constant_time_eq(h.as_bytes(), expected.as_bytes()) {
            Ok(req)
        } else {
            Err(csrf_refused())
        };
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, crate::MAX_BODY_BYTES)
        .await
        .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, "request too large").into_response())?;
    let boundary = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|ct| ct.starts_with("multipart/form-data"))
        .and_then(|ct| ct.split(';').find_map(|p| p.trim().strip_prefix("boundary=")))
        .map(|b| b.trim_matches('"').to_string());
    let ok = match boundary {
        // File uploads: the `_csrf` part of the multipart body.
        Some(b) => multipart_text_field(&bytes, &b, CSRF_FIELD)
            .is_some_and(|v| constant_time_eq(v, expected.as_bytes())),
        None => form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == CSRF_FIELD)
            .is_some_and(|(_, v)| constant_time_eq(v.as_bytes(), expected.as_bytes())),
    };
    if !ok {
        return Err(csrf_refused());
    }
    Ok(Request::from_parts(parts, axum::body::Body::from(bytes)))
}

/// The value of a plain (non-file) field of a multipart/form-data body (RFC 7578).
fn multipart_text_field<'a>(body: &'a [u8], boundary: &str, name: &str) -> Option<&'a [u8]> {
    let delim = format!("--{boundary}");
    let want = format!("name=\"{name}\"");
    let mut rest = body;
    while let Some(i) = find(rest, delim.as_bytes()) {
        rest = &rest[i + delim.len()..];
        let end = find(rest, delim.as_bytes()).unwrap_or(rest.len());
        let part = &rest[..end];
        if let Some(h) = find(part, b"\r\n\r\n") {
            let headers = String::from_utf8_lossy(&part[..h]);
            let disposition = headers
                .lines()
                .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))
                .unwrap_or("");
            if disposition.split(';').any(|p| p.trim() == want) && !disposition.contains("filename=") {
                let value = &part[h + 4..];
                return Some(value.strip_suffix(b"\r\n").unwrap_or(value));
            }
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn csrf_refused() -> Response {
    (
        StatusCode::FORBIDDEN,
        axum::response::Html(
            "<!doctype html><title>403</title><p>The form expired or did not come from Gendan (CSRF check). \
         Go back, reload the page and try again. / 表单已过期或来源不明，请返回并刷新页面后重试。</p>",
        ),
    )
        .into_response()
}

fn page_forbidden() -> Response {
    (StatusCode::FORBIDDEN, axum::response::Html(
        "<!doctype html><title>403</title><p>Your role may not open this page. / 您的角色无权访问此页面。</p>\
         <p><a href=\"/\">Gendan</a></p>",
    ))
        .into_response()
}

/// Authenticate and authorise every routed request from the route table. A matched route
/// without a table entry is refused (fail closed).
pub async fn guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(path) = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
    else {
        return next.run(req).await;
    };
    if unsafe_method(req.method()) && is_cross_site(req.headers()) {
        return (
            StatusCode::FORBIDDEN,
            "cross-site requests may not change anything",
        )
            .into_response();
    }
    let Some(route) = routes::lookup(req.method().as_str(), &path) else {
        if routes::ROUTES.iter().any(|r| r.path == path) {
            return ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                format!("{} is not allowed on {path}", req.method()),
            )
            .into_response();
        }
        tracing::error!(method = %req.method(), %path, "route missing from the access table");
        return ApiError::forbidden("this route has no access rule").into_response();
    };
    match route.access {
        Access::Public => next.run(req).await,
        Access::PublicPage => match session_user(&state, req.headers()).await {
            Err(e) => e.into_response(),
            Ok(None) => next.run(req).await,
            Ok(Some(u)) => admit_session(req, u, next).await,
        },
        Access::Api(perm) => match bearer_user(&state, req.headers()).await {
            Err(e) => e.into_response(),
            Ok(None) => {
                let mut r = ApiError::unauthorized(
                    "send Authorization: Bearer <token>; get a token from POST /api/v1/auth/tokens",
                )
                .into_response();
                r.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                r
            }
            Ok(Some(u)) if !u.user.role.allows(perm) => ApiError::forbidden(format!(
                "role {} may not do this (needs {})",
                u.user.role,
                serde_json::to_value(perm)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default()
            ))
            .into_response(),
            Ok(Some(u)) => {
                req.extensions_mut().insert(u);
                next.run(req).await
            }
        },
        Access::Page(perm) => match session_user(&state, req.headers()).await {
            Err(e) => e.into_response(),
            Ok(None) => {
                let target = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
                let next_param: String = form_urlencoded::byte_serialize(target.as_bytes()).collect();
                let to = if req.method() == Method::GET {
                    format!("/login?next={next_param}")
                } else {
                    "/login".into()
                };
                if req.headers().contains_key("hx-request") {
                    let mut r = StatusCode::UNAUTHORIZED.into_response();
                    r.headers_mut().insert(
                        "hx-redirect",
                        HeaderValue::from_str(&to).unwrap_or(HeaderValue::from_static("/login")),
                    );
                    return r;
                }
                Redirect::to(&to).into_response()
            }
            Ok(Some(u)) if !u.user.role.allows(perm) => page_forbidden(),
            Ok(Some(u)) => admit_session(req, u, next).await,
        },
    }
}

/// Let a signed-in page request through: a state-changing one must carry the session's
/// CSRF token.
async fn admit_session(req: Request, u: CurrentUser, next: Next) -> Response {
    let mut req = if unsafe_method(req.method()) {
        match check_csrf(req, u.csrf_token()).await {
            Ok(r) => r,
            Err(resp) => return resp,
        }
    } else {
        req
    };
    req.extensions_mut().insert(u);
    next.run(req).await
}

/// Why a login was refused.
#[derive(Debug)]
pub enum LoginError {
    /// Too many failures for this e-mail: wait this many seconds.
    Throttled(u64),
    BadCredentials,
    Store(ApiError),
}

impl From<LoginError> for ApiError {
    fn from(e: LoginError) -> Self {
        match e {
            LoginError::Throttled(s) => {
                let mut e = ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_login_attempts",
                    format!(
                        "too many failed sign-ins for this e-mail; try again in {} minutes",
                        s.div_ceil(60)
                    ),
                );
                e.retry_after = Some(s);
                e
            }
            LoginError::BadCredentials => {
                let mut e = ApiError::unauthorized("e-mail or password is wrong");
                e.code = "invalid_credentials";
                e
            }
            LoginError::Store(e) => e,
        }
    }
}

/// Check e-mail and password, with throttling: after `max_login_failures` failures within
/// the window, further attempts for that e-mail are refused until the window passes.
pub async fn login(state: &AppState, email: &str, password: &str) -> Result<User, LoginError> {
    let email = email.trim().to_lowercase();
    if email.chars().any(char::is_control) || email.len() > 254 || password.contains('\0') {
        return Err(LoginError::BadCredentials);
    }
    let now = state.clock.now();
    let window = Duration::minutes(state.config.throttle_window_minutes);
    let failures = state
        .store
        .count_login_failures(&email, now - window)
        .await
        .map_err(|e| LoginError::Store(e.into()))?;
    if failures >= state.config.max_login_failures {
        return Err(LoginError::Throttled(window.num_seconds() as u64));
    }
    let creds = state
        .store
        .user_credentials(&email)
        .await
        .map_err(|e| LoginError::Store(e.into()))?;
    let ok = match &creds {
        Some(c) => verify_password(password, &c.password_hash),
        None => {
            let _ = verify_password(password, dummy_hash());
            false
        }
    };
    match (ok, creds) {
        (true, Some(c)) => {
            state
                .store
                .clear_login_failures(&email)
                .await
                .map_err(|e| LoginError::Store(e.into()))?;
            Ok(c.user)
        }
        _ => {
            state
                .store
                .record_login_failure(&email, now)
                .await
                .map_err(|e| LoginError::Store(e.into()))?;
            Err(LoginError::BadCredentials)
        }
    }
}

/// Start a web session; returns the cookie value (random, only its hash is stored).
pub async fn start_session(state: &AppState, user: &User) -> Result<String, ApiError> {
    let secret = random_secret("");
    let csrf = random_secret("");
    let now = state.clock.now();
    state
        .store
        .create_session(
            &secret_hash(&secret),
            &csrf,
            user.id,
            now,
            now + Duration::hours(state.config.session_hours),
        )
        .await?;
    Ok(secret)
}

#[cfg(test)]
mod multipart_tests {
    use super::*;

    #[test]
    fn finds_the_text_field_and_not_a_file_of_the_same_name() {
        let body = b"--XYZ\r\nContent-Disposition: form-data; name=\"_csrf\"; filename=\"a\"\r\n\r\nfile\r\n--XYZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok123\r\n--XYZ--\r\n";
        assert_eq!(multipart_text_field(body, "XYZ", "_csrf"), Some(&b"tok123"[..]));
        assert_eq!(multipart_text_field(body, "XYZ", "other"), None);
    }
}
