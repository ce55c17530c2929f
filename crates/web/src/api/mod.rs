//! The JSON API (`/api/v1`), documented in the OpenAPI document as it is routed.

pub mod audit;
pub mod auth;
pub mod document_checks;
pub mod health;
pub mod instructions;
pub mod json;
pub mod loadplans;
pub mod parties;
pub mod receivables;
pub mod shipments;
pub mod trade;
pub mod trade_documents;

use crate::AppState;
use crate::error::ApiError;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Every API route, with its OpenAPI operation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(crate::openapi::base())
        .routes(routes!(health::healthz))
        .routes(routes!(auth::create_token, auth::list_tokens))
        .routes(routes!(auth::revoke_token))
        .routes(routes!(auth::me))
        .routes(routes!(auth::list_users, auth::create_user))
        .routes(routes!(parties::list_parties, parties::create_party))
        .routes(routes!(
            parties::get_party,
            parties::patch_party,
            parties::delete_party
        ))
        .routes(routes!(trade::list_products, trade::create_product))
        .routes(routes!(
            trade::get_product,
            trade::put_product,
            trade::delete_product
        ))
        .routes(routes!(trade::product_revisions))
        .routes(routes!(trade::get_profile, trade::put_profile))
        .routes(routes!(trade::get_company, trade::put_company))
        .routes(routes!(trade::list_contracts, trade::create_contract))
        .routes(routes!(trade::get_contract, trade::put_contract))
        .routes(routes!(trade::contract_step))
        .routes(routes!(trade::contract_history))
        .routes(routes!(trade::contract_pdf))
        .routes(routes!(trade::contract_xlsx))
        .routes(routes!(trade::contract_diff))
        .routes(routes!(trade::get_attachment))
        .routes(routes!(trade::list_credits, trade::create_credit))
        .routes(routes!(trade::get_credit, trade::put_credit))
        .routes(routes!(trade::credit_revisions))
        .routes(routes!(trade::search_ports))
        .routes(routes!(trade::list_currencies))
        .routes(routes!(trade::list_countries))
        .routes(routes!(trade::import))
        .routes(routes!(trade::import_template))
        .routes(routes!(loadplans::create_loadplan))
        .routes(routes!(document_checks::create_document_check))
        .routes(routes!(
            document_checks::shipment_document_checks,
            document_checks::run_shipment_document_checks
        ))
        .routes(routes!(document_checks::decide_document_finding))
        .routes(routes!(document_checks::run_daily_document_checks))
        .routes(routes!(document_checks::open_document_checks))
        .routes(routes!(
            instructions::list_instructions,
            instructions::create_instruction
        ))
        .routes(routes!(
            instructions::get_instruction,
            instructions::put_instruction
        ))
        .routes(routes!(instructions::issue_instruction))
        .routes(routes!(instructions::acknowledge_instruction))
        .routes(routes!(instructions::cancel_instruction))
        .routes(routes!(instructions::check_instruction))
        .routes(routes!(instructions::instruction_history))
        .routes(routes!(instructions::instruction_diff))
        .routes(routes!(instructions::instruction_pdf))
        .routes(routes!(instructions::instruction_draft))
        .routes(routes!(instructions::get_progress, instructions::post_progress))
        .routes(routes!(
            instructions::list_supplier_links,
            instructions::create_supplier_link
        ))
        .routes(routes!(instructions::revoke_supplier_link))
        .routes(routes!(instructions::warehouse_stock))
        .routes(routes!(
            instructions::get_customer_stock,
            instructions::post_customer_stock
        ))
        .routes(routes!(instructions::shipping_priority))
        .routes(routes!(instructions::production_alerts))
        .routes(routes!(shipments::list_bookings, shipments::create_booking))
        .routes(routes!(shipments::booking_draft))
        .routes(routes!(shipments::get_booking, shipments::put_booking))
        .routes(routes!(shipments::confirm_booking))
        .routes(routes!(shipments::cancel_booking))
        .routes(routes!(shipments::booking_request_pdf))
        .routes(routes!(shipments::booking_request_email))
        .routes(routes!(shipments::list_shipments))
        .routes(routes!(shipments::get_shipment, shipments::put_shipment))
        .routes(routes!(shipments::list_containers, shipments::add_container))
        .routes(routes!(shipments::put_container, shipments::delete_container))
        .routes(routes!(shipments::list_milestones, shipments::add_milestone))
        .routes(routes!(shipments::shipping_advice_text))
        .routes(routes!(shipments::shipping_advice_pdf))
        .routes(routes!(shipments::send_shipping_advice))
        .routes(routes!(
            shipments::list_tracking_links,
            shipments::create_tracking_link
        ))
        .routes(routes!(shipments::revoke_tracking_link))
        .routes(routes!(shipments::on_time_delivery))
        .routes(routes!(shipments::shipment_alerts))
        .routes(routes!(trade_documents::list_documents))
        .routes(routes!(trade_documents::get_document))
        .routes(routes!(trade_documents::document_revisions))
        .routes(routes!(trade_documents::document_pdf))
        .routes(routes!(trade_documents::document_xlsx))
        .routes(routes!(trade_documents::post_check))
        .routes(routes!(trade_documents::finalise_document))
        .routes(routes!(trade_documents::mark_document_sent))
        .routes(routes!(trade_documents::post_scan))
        .routes(routes!(trade_documents::get_scan))
        .routes(routes!(trade_documents::generate_documents))
        .routes(routes!(trade_documents::post_received))
        .routes(routes!(trade_documents::export_document_set))
        .routes(routes!(trade_documents::import_document_set))
        .routes(routes!(trade_documents::set_pdf))
        .routes(routes!(trade_documents::set_zip))
        .routes(routes!(
            receivables::list_dispatches,
            receivables::create_dispatch
        ))
        .routes(routes!(receivables::get_dispatch))
        .routes(routes!(receivables::step_dispatch))
        .routes(routes!(receivables::release_dispatch))
        .routes(routes!(receivables::collection_instruction_pdf))
        .routes(routes!(receivables::list_receivables))
        .routes(routes!(receivables::list_receipts, receivables::create_receipt))
        .routes(routes!(receivables::get_receipt))
        .routes(routes!(receivables::allocate_receipt))
        .routes(routes!(receivables::create_write_off))
        .routes(routes!(receivables::run_payment_reminders))
        .routes(routes!(receivables::payment_habit))
        .routes(routes!(receivables::contract_walkthrough))
        .routes(routes!(receivables::contract_walkthrough_pdf))
        .routes(routes!(receivables::list_tasks))
        .routes(routes!(receivables::finish_task))
        .routes(routes!(receivables::list_outbox))
        .routes(routes!(audit::list_audit))
        .routes(routes!(audit::verify_audit))
}

/// The version a client last saw, from `If-Match: "<version>"`. Missing → 428.
pub fn if_match(headers: &HeaderMap) -> Result<i64, ApiError> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
            "send If-Match: \"<version>\" with the ETag from GET, so that no change is silently overwritten",
        ));
    };
    let s = v.to_str().unwrap_or("").trim();
    let s = s.strip_prefix("W/").unwrap_or(s).trim_matches('"');
    s.parse::<i64>().map_err(|_| {
        ApiError::bad_request(
            "invalid_if_match",
            format!("If-Match `{s}` is not a version such as \"3\""),
        )
    })
}

/// `ETag: "<version>"`.
pub fn etag(version: i64) -> [(header::HeaderName, HeaderValue); 1] {
    [(
        header::ETAG,
        HeaderValue::from_str(&format!("\"{version}\"")).expect("ascii"),
    )]
}
