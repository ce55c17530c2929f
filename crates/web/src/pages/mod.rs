//! Server-rendered pages (askama + htmx), in zh-CN and English.

mod account;
mod assets;
mod audit;
mod documents;
mod forms;
mod home;
mod instructions;
mod loadplan;
mod login;
mod parties;
mod receivables;
pub mod shipments;
mod trade;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::i18n::I18n;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use gendan_domain::audit::AuditEvent;
use gendan_domain::role::{Permission, Role};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/assets/{file}", get(assets::asset))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/language", post(login::language))
        .route("/", get(home::dashboard))
        .route("/account", get(account::page))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        .route("/parties", get(parties::list).post(parties::create))
        .route("/parties/new", get(parties::new_form))
        .route("/parties/{id}", get(parties::show).post(parties::update))
        .route("/parties/{id}/edit", get(parties::edit_form))
        .route("/parties/{id}/delete", post(parties::delete))
        .route("/audit", get(audit::page))
        .route("/products", get(trade::products).post(trade::product_create))
        .route("/products/new", get(trade::product_new))
        .route(
            "/products/{id}",
            get(trade::product_show).post(trade::product_update),
        )
        .route("/products/{id}/delete", post(trade::product_delete))
        .route("/loadplans", get(loadplan::show).post(loadplan::submit))
        .route(
            "/customers/{id}/profile",
            get(trade::profile_show).post(trade::profile_save),
        )
        .route("/company", get(trade::company_show).post(trade::company_save))
        .route("/contracts", get(trade::contracts).post(trade::contract_create))
        .route("/contracts/new", get(trade::contract_new))
        .route(
            "/contracts/{id}",
            get(trade::contract_show).post(trade::contract_update),
        )
        .route("/contracts/{id}/edit", get(trade::contract_edit))
        .route("/contracts/{id}/step/{action}", post(trade::contract_step))
        .route("/contracts/{id}/pdf", get(trade::contract_pdf))
        .route("/contracts/{id}/xlsx", get(trade::contract_xlsx))
        .route("/attachments/{id}", get(trade::attachment))
        .route(
            "/letters-of-credit",
            get(trade::credits).post(trade::credit_create),
        )
        .route("/letters-of-credit/new", get(trade::credit_new))
        .route(
            "/letters-of-credit/{id}",
            get(trade::credit_show).post(trade::credit_update),
        )
        .route("/imports", get(trade::imports))
        .route("/ports/options", get(trade::port_options))
        .route("/imports/{kind}", post(trade::import_upload))
        .route("/imports/{kind}/template/{format}", get(trade::import_template))
        .route(
            "/instructions",
            get(instructions::list).post(instructions::create),
        )
        .route(
            "/instructions/{id}",
            get(instructions::show).post(instructions::update),
        )
        .route("/instructions/{id}/edit", get(instructions::edit))
        .route("/instructions/{id}/issue", post(instructions::issue))
        .route("/instructions/{id}/acknowledge", post(instructions::acknowledge))
        .route("/instructions/{id}/cancel", post(instructions::cancel))
        .route("/instructions/{id}/progress", post(instructions::progress))
        .route(
            "/instructions/{id}/supplier-links",
            post(instructions::create_link),
        )
        .route("/supplier-links/{id}/revoke", post(instructions::revoke_link))
        .route("/instructions/{id}/pdf", get(instructions::pdf))
        .route("/production", get(instructions::production))
        .route(
            "/customers/{id}/stock",
            get(instructions::customer_stock).post(instructions::customer_stock_add),
        )
        .route(
            "/supplier/{token}",
            get(instructions::supplier_show).post(instructions::supplier_submit),
        )
        .route(
            "/bookings",
            get(shipments::bookings).post(shipments::booking_create),
        )
        .route("/bookings/new", get(shipments::booking_new))
        .route(
            "/bookings/{id}",
            get(shipments::booking_show).post(shipments::booking_save),
        )
        .route("/bookings/{id}/edit", get(shipments::booking_edit))
        .route("/bookings/{id}/confirm", post(shipments::booking_confirm))
        .route("/bookings/{id}/cancel", post(shipments::booking_cancel))
        .route("/bookings/{id}/request.pdf", get(shipments::booking_pdf))
        .route("/documents", get(documents::list))
        .route("/documents/{id}", get(documents::document_show))
        .route("/documents/{id}/checks", post(documents::check))
        .route("/documents/{id}/finalise", post(documents::finalise))
        .route("/documents/{id}/sent", post(documents::sent))
        .route("/documents/{id}/scans", post(documents::scan_add))
        .route("/documents/{id}/scans/{scan_id}", get(documents::scan_get))
        .route("/documents/{id}/pdf", get(documents::pdf))
        .route("/documents/{id}/xlsx", get(documents::xlsx))
        .route("/shipments/{id}/documents", get(documents::set_show))
        .route("/shipments/{id}/documents/generate", post(documents::generate))
        .route("/shipments/{id}/documents/received", post(documents::received))
        .route("/shipments/{id}/documents/check", post(documents::check_run))
        .route(
            "/shipments/{id}/documents/findings",
            post(documents::finding_decide),
        )
        .route(
            "/document-checks",
            get(documents::check_page).post(documents::check_submit),
        )
        .route("/shipments/{id}/document-sets", post(documents::import))
        .route("/shipments/{id}/documents.pdf", get(documents::set_pdf))
        .route("/shipments/{id}/documents.zip", get(documents::set_zip))
        .route("/shipments/{id}/document-set.json", get(documents::set_json))
        .route("/shipments", get(shipments::shipments))
        .route(
            "/shipments/{id}",
            get(shipments::shipment_show).post(shipments::shipment_save),
        )
        .route("/shipments/{id}/containers", post(shipments::container_add))
        .route(
            "/shipments/{id}/containers/{container_id}",
            post(shipments::container_update),
        )
        .route(
            "/shipments/{id}/containers/{container_id}/edit",
            get(shipments::container_edit),
        )
        .route(
            "/shipments/{id}/containers/{container_id}/remove",
            post(shipments::container_remove),
        )
        .route("/shipments/{id}/milestones", post(shipments::milestone_add))
        .route("/shipments/{id}/advice", post(shipments::advice_send))
        .route("/shipments/{id}/advice.pdf", get(shipments::advice_pdf))
        .route("/shipments/{id}/tracking-links", post(shipments::link_create))
        .route("/tracking-links/{id}/revoke", post(shipments::link_revoke))
        .route("/track/{token}", get(shipments::tracking))
        .route("/dispatches", get(receivables::dispatches))
        .route("/dispatches/{id}", get(receivables::dispatch_show))
        .route("/dispatches/{id}/steps", post(receivables::dispatch_step))
        .route("/dispatches/{id}/release", post(receivables::dispatch_release))
        .route(
            "/dispatches/{id}/collection-instruction.pdf",
            get(receivables::collection_pdf),
        )
        .route(
            "/shipments/{id}/dispatch",
            get(receivables::dispatch_new).post(receivables::dispatch_create),
        )
        .route("/receivables", get(receivables::receivables))
        .route("/receivables/write-off", post(receivables::write_off))
        .route(
            "/receipts",
            get(receivables::receipts).post(receivables::receipt_create),
        )
        .route("/receipts/{id}", get(receivables::receipt_show))
        .route("/receipts/{id}/allocations", post(receivables::receipt_allocate))
        .route("/contracts/{id}/walkthrough", get(receivables::walkthrough))
        .route("/tasks/{id}/done", post(receivables::task_done))
        .route("/outbox", get(receivables::outbox))
        .route(
            "/contracts/{id}/walkthrough.pdf",
            get(receivables::walkthrough_pdf),
        )
        .route(
            "/track/{token}/documents/{kind}",
            get(shipments::tracking_document),
        )
}

/// What every page's layout needs: language, user, CSRF token, current path.
pub struct Chrome {
    pub i: I18n,
    pub user_name: String,
    pub user_email: String,
    pub role: Option<Role>,
    pub csrf: String,
    pub path: String,
    pub title: String,
}

impl Chrome {
    pub fn for_user(me: &CurrentUser, path: &str, title_key: &str) -> Self {
        let i = I18n::new(&me.user.locale);
        let title = i.t(title_key);
        Self {
            user_name: me.user.display_name.clone(),
            user_email: me.user.email.clone(),
            role: Some(me.user.role),
            csrf: me.csrf_token().to_string(),
            path: path.to_string(),
            title,
            i,
        }
    }

    pub fn anonymous(i: I18n, path: &str, title_key: &str) -> Self {
        let title = i.t(title_key);
        Self {
            i,
            user_name: String::new(),
            user_email: String::new(),
            role: None,
            csrf: String::new(),
            path: path.to_string(),
            title,
        }
    }

    pub fn can(&self, p: &str) -> bool {
        let perm = match p {
            "party_write" => Permission::PartyWrite,
            "party_delete" => Permission::PartyDelete,
            "audit_read" => Permission::AuditRead,
            "user_manage" => Permission::UserManage,
            "product_write" => Permission::ProductWrite,
            "contract_write" => Permission::ContractWrite,
            "contract_step" => Permission::ContractStep,
            "credit_write" => Permission::CreditWrite,
            "company_manage" => Permission::CompanyManage,
            "import" => Permission::Import,
            "instruction_write" => Permission::InstructionWrite,
            "instruction_acknowledge" => Permission::InstructionAcknowledge,
            "progress_write" => Permission::ProgressWrite,
            "stock_write" => Permission::StockWrite,
            "shipment_write" => Permission::ShipmentWrite,
            "document_write" => Permission::DocumentWrite,
            "dispatch_write" => Permission::DispatchWrite,
            "receivable_write" => Permission::ReceivableWrite,
            _ => Permission::PartyRead,
        };
        self.role.is_some_and(|r| r.allows(perm))
    }

    /// The catalogue's text for `key`, or `fallback` where it has none (messages built by the
    /// domain with values in them, shown as they are in English).
    pub fn t_or(&self, key: &str, fallback: &str) -> String {
        self.i.try_t(key).unwrap_or_else(|| fallback.to_string())
    }

    pub fn role_name(&self) -> String {
        self.role
            .map(|r| self.i.t(&format!("role-{}", r.as_str())))
            .unwrap_or_default()
    }

    pub fn nav_class(&self, prefix: &str) -> &'static str {
        let active = if prefix == "/" {
            self.path == "/"
        } else {
            self.path.starts_with(prefix)
        };
        if active { "active" } else { "" }
    }
}

/// Where a page's required-documents rows post (`documents[3].copies`): the form field
/// prefix of `documents_rows.html`.
pub trait DocPrefix {
    fn doc_prefix(&self) -> &'static str {
        "documents"
    }
}

/// Render a template to an HTML response.
pub fn render(t: &impl Template) -> Response {
    render_status(StatusCode::OK, t)
}

pub fn render_status(status: StatusCode, t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

/// One row of a history panel.
pub struct HistoryRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub changes: Vec<(String, String, String)>,
}

pub fn history_rows(i: &I18n, events: Vec<AuditEvent>) -> Vec<HistoryRow> {
    events
        .into_iter()
        .map(|e| HistoryRow {
            seq: e.seq,
            at: e.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor: e.actor.label,
            action: i.try_t(&format!("action-{}", e.action)).unwrap_or(e.action),
            changes: e
                .changes
                .into_iter()
                .map(|(k, c)| (k, c.before.unwrap_or_default(), c.after.unwrap_or_default()))
                .collect(),
        })
        .collect()
}
