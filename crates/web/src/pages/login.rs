//! Sign in, sign out, and the language switch.

use super::{Chrome, render_status};
use crate::AppState;
use crate::auth::{self, LANG_COOKIE, LoginError, MaybeUser, SESSION_COOKIE, Via};
use crate::i18n::{self, I18n};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    email: String,
    next: String,
    error: String,
}

#[derive(Deserialize)]
pub struct NextParam {
    next: Option<String>,
}

/// Only local paths may be redirected to (no open redirect).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && n.len() <= 2000
                && n.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

pub async fn form(headers: HeaderMap, MaybeUser(me): MaybeUser, Query(q): Query<NextParam>) -> Response {
    if me.is_some() {
        return Redirect::to("/").into_response();
    }
    let i = i18n::from_headers(&headers);
    let c = Chrome::anonymous(i, "/login", "login-title");
    render_status(
        StatusCode::OK,
        &LoginPage {
            c,
            email: String::new(),
            next: safe_next(q.next.as_deref()),
            error: String::new(),
        },
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn submit(State(st): State<AppState>, headers: HeaderMap, Form(f): Form<LoginForm>) -> Response {
    let i = i18n::from_headers(&headers);
    let next = safe_next(f.next.as_deref());
    match auth::login(&st, &f.email, &f.password).await {
        Ok(user) => match auth::start_session(&st, &user).await {
            Ok(secret) => {
                let secure = auth::is_secure(&st, &headers);
                let max_age = st.config.session_hours * 3600;
                let mut r = Redirect::to(&next).into_response();
                r.headers_mut().append(
                    header::SET_COOKIE,
                    auth::set_cookie(SESSION_COOKIE, &secret, max_age, true, secure),
                );
                r.headers_mut().append(
                    header::SET_COOKIE,
                    auth::set_cookie(LANG_COOKIE, &user.locale, 365 * 86400, false, secure),
                );
                r
            }
            Err(e) => e.into_response(),
        },
        Err(e) => {
            let (status, key) = match &e {
                LoginError::Throttled(_) => (StatusCode::TOO_MANY_REQUESTS, "login-throttled"),
                LoginError::BadCredentials => (StatusCode::UNAUTHORIZED, "login-failed"),
                LoginError::Store(_) => (StatusCode::INTERNAL_SERVER_ERROR, "error-internal_error"),
            };
            let c = Chrome::anonymous(i, "/login", "login-title");
            let error = c.i.t(key);
            render_status(
                status,
                &LoginPage {
                    c,
                    email: f.email,
                    next,
                    error,
                },
            )
        }
    }
}

pub async fn logout(State(st): State<AppState>, me: auth::CurrentUser, headers: HeaderMap) -> Response {
    if let Via::Session { id_hash, .. } = &me.via {
        let _ = st.store.delete_session(id_hash).await;
    }
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(SESSION_COOKIE, "", 0, true, auth::is_secure(&st, &headers)),
    );
    r
}

#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    next: Option<String>,
}

/// Switch the interface language; remembered on the user (and in a cookie).
pub async fn language(
    State(st): State<AppState>,
    MaybeUser(me): MaybeUser,
    headers: HeaderMap,
    Form(f): Form<LanguageForm>,
) -> Response {
    let lang = I18n::new(&f.lang).code;
    if let Some(me) = &me
        && let Err(e) = st
            .store
            .set_user_locale(me.user.id, lang, &me.write_context(&st))
            .await
    {
        return crate::error::ApiError::from(e).into_response();
    }
    let mut r = Redirect::to(&safe_next(f.next.as_deref())).into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(
            LANG_COOKIE,
            lang,
            365 * 86400,
            false,
            auth::is_secure(&st, &headers),
        ),
    );
    r
}
