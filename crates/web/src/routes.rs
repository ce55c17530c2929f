//! The role matrix's other half: every route, what authenticates it and what permission it
//! needs. [`crate::auth::guard`] refuses any matched route missing from this table, and the
//! tests walk the table against every role and against the OpenAPI document.

use gendan_domain::role::Permission;

/// How a route is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (health, login, assets, documentation).
    Public,
    /// A public page that uses the session if there is one (language switch).
    PublicPage,
    /// JSON API: `Authorization: Bearer <token>`; problem+json 401/403.
    Api(Permission),
    /// Web page: session cookie, CSRF token on every state-changing request; redirect to
    /// the login page when signed out.
    Page(Permission),
}

#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

const fn r(method: &'static str, path: &'static str, access: Access) -> Route {
    Route { method, path, access }
}

use Access::*;
use Permission::*;

pub const ROUTES: &[Route] = &[
    r("GET", "/healthz", Public),
    r("GET", "/api/openapi.json", Public),
    r("GET", "/api/docs", Public),
    r("GET", "/api/docs/", Public),
    r("GET", "/api/docs/{*rest}", Public),
    r("GET", "/assets/{file}", Public),
    // API
    r("POST", "/api/v1/auth/tokens", Public),
    r("GET", "/api/v1/auth/tokens", Api(Authenticated)),
    r("DELETE", "/api/v1/auth/tokens/{id}", Api(Authenticated)),
    r("GET", "/api/v1/me", Api(Authenticated)),
    r("GET", "/api/v1/users", Api(UserManage)),
    r("POST", "/api/v1/users", Api(UserManage)),
    r("GET", "/api/v1/parties", Api(PartyRead)),
    r("POST", "/api/v1/parties", Api(PartyWrite)),
    r("GET", "/api/v1/parties/{id}", Api(PartyRead)),
    r("PATCH", "/api/v1/parties/{id}", Api(PartyWrite)),
    r("DELETE", "/api/v1/parties/{id}", Api(PartyDelete)),
    r("GET", "/api/v1/products", Api(TradeRead)),
    r("POST", "/api/v1/products", Api(ProductWrite)),
    r("GET", "/api/v1/products/{id}", Api(TradeRead)),
    r("PUT", "/api/v1/products/{id}", Api(ProductWrite)),
    r("DELETE", "/api/v1/products/{id}", Api(ProductWrite)),
    r("GET", "/api/v1/products/{id}/revisions", Api(TradeRead)),
    r("GET", "/api/v1/customers/{id}/profile", Api(TradeRead)),
    r("PUT", "/api/v1/customers/{id}/profile", Api(ProductWrite)),
    r("GET", "/api/v1/company", Api(TradeRead)),
    r("PUT", "/api/v1/company", Api(CompanyManage)),
    r("GET", "/api/v1/contracts", Api(TradeRead)),
    r("POST", "/api/v1/contracts", Api(ContractWrite)),
    r("GET", "/api/v1/contracts/{id}", Api(TradeRead)),
    r("PUT", "/api/v1/contracts/{id}", Api(ContractWrite)),
    r("POST", "/api/v1/contracts/{id}/{action}", Api(ContractStep)),
    r("GET", "/api/v1/contracts/{id}/history", Api(TradeRead)),
    r("GET", "/api/v1/contracts/{id}/pdf", Api(TradeRead)),
    r("GET", "/api/v1/contracts/{id}/xlsx", Api(TradeRead)),
    r("GET", "/api/v1/contracts/{id}/diff", Api(TradeRead)),
    r("GET", "/api/v1/attachments/{id}", Api(TradeRead)),
    r("GET", "/api/v1/letters-of-credit", Api(TradeRead)),
    r("POST", "/api/v1/letters-of-credit", Api(CreditWrite)),
    r("GET", "/api/v1/letters-of-credit/{id}", Api(TradeRead)),
    r("PUT", "/api/v1/letters-of-credit/{id}", Api(CreditWrite)),
    r("GET", "/api/v1/letters-of-credit/{id}/revisions", Api(TradeRead)),
    r("GET", "/api/v1/ports", Api(TradeRead)),
    r("GET", "/api/v1/currencies", Api(TradeRead)),
    r("GET", "/api/v1/countries", Api(TradeRead)),
    r("POST", "/api/v1/imports/{kind}", Api(Import)),
    r("GET", "/api/v1/imports/{kind}/template", Api(TradeRead)),
    r("POST", "/api/v1/loadplans", Api(TradeRead)),
    r("GET", "/api/v1/instructions", Api(TradeRead)),
    r("POST", "/api/v1/instructions", Api(InstructionWrite)),
    r("GET", "/api/v1/instructions/{id}", Api(TradeRead)),
    r("PUT", "/api/v1/instructions/{id}", Api(InstructionWrite)),
    r("POST", "/api/v1/instructions/{id}/issue", Api(InstructionWrite)),
    r(
        "POST",
        "/api/v1/instructions/{id}/acknowledge",
        Api(InstructionAcknowledge),
    ),
    r("POST", "/api/v1/instructions/{id}/cancel", Api(InstructionWrite)),
    r("GET", "/api/v1/instructions/{id}/check", Api(TradeRead)),
    r("GET", "/api/v1/instructions/{id}/history", Api(TradeRead)),
    r("GET", "/api/v1/instructions/{id}/diff", Api(TradeRead)),
    r("GET", "/api/v1/instructions/{id}/pdf", Api(TradeRead)),
    r("GET", "/api/v1/contracts/{id}/instruction-draft", Api(TradeRead)),
    r("GET", "/api/v1/instructions/{id}/progress", Api(TradeRead)),
    r("POST", "/api/v1/instructions/{id}/progress", Api(ProgressWrite)),
    r("GET", "/api/v1/instructions/{id}/supplier-links", Api(TradeRead)),
    r(
        "POST",
        "/api/v1/instructions/{id}/supplier-links",
        Api(InstructionWrite),
    ),
    r(
        "POST",
        "/api/v1/supplier-links/{id}/revoke",
        Api(InstructionWrite),
    ),
    r("GET", "/api/v1/warehouse-stock", Api(TradeRead)),
    r("GET", "/api/v1/customers/{id}/stock", Api(TradeRead)),
    r("POST", "/api/v1/customers/{id}/stock", Api(StockWrite)),
    r("GET", "/api/v1/shipping-priority", Api(TradeRead)),
    r("GET", "/api/v1/production-alerts", Api(TradeRead)),
    r("GET", "/api/v1/audit", Api(AuditRead)),
    r("GET", "/api/v1/audit/verify", Api(UserManage)),
    // pages
    r("GET", "/login", Public),
    r("POST", "/login", Public),
    r("POST", "/language", PublicPage),
    r("POST", "/logout", Page(Authenticated)),
    r("GET", "/", Page(Authenticated)),
    r("GET", "/account", Page(Authenticated)),
    r("POST", "/account/tokens", Page(Authenticated)),
    r("POST", "/account/tokens/{id}/revoke", Page(Authenticated)),
    r("GET", "/parties", Page(PartyRead)),
    r("GET", "/parties/new", Page(PartyWrite)),
    r("POST", "/parties", Page(PartyWrite)),
    r("GET", "/parties/{id}", Page(PartyRead)),
    r("GET", "/parties/{id}/edit", Page(PartyWrite)),
    r("POST", "/parties/{id}", Page(PartyWrite)),
    r("POST", "/parties/{id}/delete", Page(PartyDelete)),
    r("GET", "/audit", Page(AuditRead)),
    r("GET", "/products", Page(TradeRead)),
    r("POST", "/products", Page(ProductWrite)),
    r("GET", "/products/new", Page(ProductWrite)),
    r("GET", "/products/{id}", Page(TradeRead)),
    r("POST", "/products/{id}", Page(ProductWrite)),
    r("POST", "/products/{id}/delete", Page(ProductWrite)),
    r("GET", "/loadplans", Page(TradeRead)),
    r("POST", "/loadplans", Page(TradeRead)),
    r("GET", "/customers/{id}/profile", Page(TradeRead)),
    r("POST", "/customers/{id}/profile", Page(ProductWrite)),
    r("GET", "/company", Page(TradeRead)),
    r("POST", "/company", Page(CompanyManage)),
    r("GET", "/contracts", Page(TradeRead)),
    r("POST", "/contracts", Page(ContractWrite)),
    r("GET", "/contracts/new", Page(ContractWrite)),
    r("GET", "/contracts/{id}", Page(TradeRead)),
    r("POST", "/contracts/{id}", Page(ContractWrite)),
    r("GET", "/contracts/{id}/edit", Page(ContractWrite)),
    r("POST", "/contracts/{id}/step/{action}", Page(ContractStep)),
    r("GET", "/contracts/{id}/pdf", Page(TradeRead)),
    r("GET", "/contracts/{id}/xlsx", Page(TradeRead)),
    r("GET", "/attachments/{id}", Page(TradeRead)),
    r("GET", "/letters-of-credit", Page(TradeRead)),
    r("POST", "/letters-of-credit", Page(CreditWrite)),
    r("GET", "/letters-of-credit/new", Page(CreditWrite)),
    r("GET", "/letters-of-credit/{id}", Page(TradeRead)),
    r("POST", "/letters-of-credit/{id}", Page(CreditWrite)),
    r("GET", "/imports", Page(Import)),
    r("GET", "/ports/options", Page(TradeRead)),
    r("POST", "/imports/{kind}", Page(Import)),
    r("GET", "/imports/{kind}/template/{format}", Page(TradeRead)),
    r("GET", "/instructions", Page(TradeRead)),
    r("POST", "/instructions", Page(InstructionWrite)),
    r("GET", "/instructions/{id}", Page(TradeRead)),
    r("GET", "/instructions/{id}/edit", Page(InstructionWrite)),
    r("POST", "/instructions/{id}", Page(InstructionWrite)),
    r("POST", "/instructions/{id}/issue", Page(InstructionWrite)),
    r(
        "POST",
        "/instructions/{id}/acknowledge",
        Page(InstructionAcknowledge),
    ),
    r("POST", "/instructions/{id}/cancel", Page(InstructionWrite)),
    r("POST", "/instructions/{id}/progress", Page(ProgressWrite)),
    r(
        "POST",
        "/instructions/{id}/supplier-links",
        Page(InstructionWrite),
    ),
    r("POST", "/supplier-links/{id}/revoke", Page(InstructionWrite)),
    r("GET", "/instructions/{id}/pdf", Page(TradeRead)),
    r("GET", "/production", Page(TradeRead)),
    r("GET", "/customers/{id}/stock", Page(TradeRead)),
    r("POST", "/customers/{id}/stock", Page(StockWrite)),
    // Outsourced suppliers report through their link, without signing in.
    r("GET", "/supplier/{token}", Public),
    r("POST", "/supplier/{token}", Public),
];

/// The table entry for a matched route (`HEAD` is looked up as `GET`).
pub fn lookup(method: &str, path: &str) -> Option<&'static Route> {
    let method = if method == "HEAD" { "GET" } else { method };
    ROUTES.iter().find(|r| r.method == method && r.path == path)
}
