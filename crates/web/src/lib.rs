//! Gendan's HTTP edge (Web 层): the JSON API (with its OpenAPI document), the server-rendered
//! bilingual pages, authentication and the role matrix.
//!
//! Architecture Invariant: this is the only crate that knows HTTP and HTML. Handlers parse,
//! authorise (centrally, in [`auth::guard`] from [`routes::ROUTES`]), call the domain and the
//! store, and render; business rules live in `gendan-domain`.

pub mod api;
pub mod auth;
pub mod dispatches;
pub mod document_checks;
pub mod document_print;
pub mod documents;
pub mod error;
pub mod i18n;
pub mod instructions;
pub mod openapi;
pub mod pages;
pub mod production;
pub mod receivables;
pub mod routes;
pub mod shipments;
pub mod trade;
pub mod trade_documents;
pub mod walkthrough;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use gendan_domain::clock::Clock;
use gendan_store::Store;
use std::sync::Arc;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

/// Largest request body accepted (2 MiB).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Settings the web layer needs from the binary's configuration.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Always mark cookies `Secure` (set when the public URL is https). Behind a TLS
    /// proxy, `X-Forwarded-Proto: https` also marks them.
    pub secure_cookies: bool,
    /// Web session lifetime.
    pub session_hours: i64,
    /// Failed logins per e-mail within `throttle_window_minutes` before logins are refused.
    pub max_login_failures: i64,
    pub throttle_window_minutes: i64,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            session_hours: 12,
            max_login_failures: 5,
            throttle_window_minutes: 15,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<WebConfig>,
    /// Recently checked API tokens.
    pub tokens: Arc<auth::TokenCache>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, config: WebConfig) -> Self {
        Self {
            store,
            clock,
            config: Arc::new(config),
            tokens: Arc::default(),
        }
    }
}

/// The whole application: API, OpenAPI document and docs, pages and assets, with the
/// authorisation guard on every route and the protective layers around it.
pub fn app(state: AppState) -> Router {
    let (api, doc) = api::router().split_for_parts();
    let doc = openapi::finish(doc);
    let routes = Router::new()
        .merge(api)
        .merge(openapi::router(doc))
        .merge(pages::router())
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::guard));
    routes
        .fallback(error::not_found)
        .with_state(state)
        .layer(axum::middleware::from_fn(error::problem_for_api_errors))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(CatchPanicLayer::custom(error::panic_response))
}

async fn security_headers(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    res
}

/// Serve `app` on an already bound listener until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
