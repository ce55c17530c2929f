//! The user's account: API tokens (create, list, revoke).

use super::{Chrome, render};
use crate::AppState;
use crate::auth::{self, CurrentUser};
use crate::error::ApiError;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use gendan_store::ApiToken;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Chrome,
    tokens: Vec<ApiToken>,
    new_secret: String,
}

async fn show(st: &AppState, me: &CurrentUser, new_secret: String) -> Response {
    let c = Chrome::for_user(me, "/account", "account-title");
    match st.store.list_tokens(me.user.id).await {
        Ok(tokens) => render(&AccountPage {
            c,
            tokens,
            new_secret,
        }),
        Err(e) => ApiError::from(e).into_response(),
    }
}

pub async fn page(State(st): State<AppState>, me: CurrentUser) -> Response {
    show(&st, &me, String::new()).await
}

#[derive(Deserialize)]
pub struct NewToken {
    name: String,
}

pub async fn create_token(State(st): State<AppState>, me: CurrentUser, Form(f): Form<NewToken>) -> Response {
    let name = f.name.trim();
    let name = if name.is_empty() { "api" } else { name };
    let name: String = name.chars().filter(|c| !c.is_control()).take(100).collect();
    let secret = auth::random_secret("gdn_");
    match st
        .store
        .create_token(
            me.user.id,
            &name,
            &auth::secret_hash(&secret),
            None,
            &me.write_context(&st),
        )
        .await
    {
        Ok(_) => show(&st, &me, secret).await,
        Err(e) => ApiError::from(e).into_response(),
    }
}

pub async fn revoke_token(State(st): State<AppState>, me: CurrentUser, Path(id): Path<Uuid>) -> Response {
    match st
        .store
        .revoke_token(me.user.id, id, &me.write_context(&st))
        .await
    {
        Ok(_) => {
            st.tokens.forget_user(me.user.id);
            Redirect::to("/account").into_response()
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}
