//! The OpenAPI 3.1 document (`/api/openapi.json`) and the browsable docs (`/api/docs`),
//! served from the binary (swagger-ui vendored: nothing is downloaded).

use crate::AppState;
use axum::Router;
use utoipa::openapi::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_swagger_ui::SwaggerUi;

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Gendan API",
        description = "Gendan (跟单) follows export orders from contract to cash. Errors are \
            application/problem+json (RFC 9457) with a stable `code`. Writes to an existing \
            resource need `If-Match: \"<version>\"` (the ETag of GET).",
        license(name = "AGPL-3.0-or-later")
    ),
    tags(
        (name = "system", description = "health"),
        (name = "auth", description = "API tokens and the current user"),
        (name = "users", description = "user administration"),
        (name = "parties", description = "customers, consignees, notify parties, forwarders, carriers, banks, couriers, suppliers"),
        (name = "products", description = "products, package types, reefer settings (产品知识)"),
        (name = "customers", description = "customer profiles and habits (熟悉客户)"),
        (name = "company", description = "our company: the seller on every document"),
        (name = "contracts", description = "sales contracts (销售合同): revisions, steps, amendments, PDF"),
        (name = "letters_of_credit", description = "letters of credit (信用证) and their differences from the contract"),
        (name = "imports", description = "import products and customers from .xlsx or .csv, all rows or none"),
        (name = "loadplans", description = "container load planning (装箱计算)"),
        (name = "document_checks", description = "the document cross-check (单证审核): every rule of the catalogue over a document set"),
        (name = "dispatches", description = "dispatch of document sets (寄单): courier, collection through the banks (URC 522), L/C presentation"),
        (name = "receivables", description = "receivables from the payment terms, receipts (收汇), write-offs, reminders (催款), the order's walkthrough (跟单记录)"),
        (name = "reference", description = "UN/LOCODE ports, ISO 4217 currencies"),
        (name = "audit", description = "the hash-chained audit trail"),
    )
)]
struct ApiDoc;

/// The document before the routes are added.
pub fn base() -> OpenApi {
    <ApiDoc as utoipa::OpenApi>::openapi()
}

/// Add what the routes do not carry: the bearer security scheme.
pub fn finish(mut doc: OpenApi) -> OpenApi {
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("gdn_…")
                .build(),
        ),
    );
    doc
}

/// `/api/openapi.json` and `/api/docs`.
pub fn router(doc: OpenApi) -> Router<AppState> {
    Router::new().merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", doc))
}
