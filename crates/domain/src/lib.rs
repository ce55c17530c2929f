//! Gendan's pure domain core (领域核心).
//!
//! Types, validation and rules in the trade's own words. This crate performs no I/O:
//! no database, no HTTP, no clock reads except through [`clock::Clock`], no files.
//! Architecture Invariant: nothing here depends on `sqlx`, `axum`, `tokio` or
//! `serde_json::Value`.

/// Under the `openapi` feature (used by `incoterm` and `payment`): document `$t` with the schema of the form it is exchanged in.
#[cfg(feature = "openapi")]
macro_rules! schema_as {
    ($t:ty, $repr:ty) => {
        impl utoipa::PartialSchema for $t {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                <$repr as utoipa::PartialSchema>::schema()
            }
        }
        impl utoipa::ToSchema for $t {
            fn schemas(
                schemas: &mut Vec<(
                    String,
                    utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
                )>,
            ) {
                <$repr as utoipa::ToSchema>::schemas(schemas)
            }
        }
    };
}

pub mod audit;
pub mod bic;
pub mod calendar;
pub mod clock;
pub mod company;
pub mod contract;
pub mod country;
pub mod csv;
pub mod dispatch;
pub mod document_set;
pub mod documents;
pub mod error;
pub mod hs;
pub mod id;
pub mod incoterm;
pub mod instruction;
pub mod invoice;
pub mod letter_of_credit;
pub mod money;
pub mod party;
pub mod payment;
pub mod port;
pub mod product;
pub mod production;
pub mod profile;
pub mod receivable;
pub mod role;
pub mod sales_contract;
pub mod shipment;
pub mod shipping_documents;
pub mod trade_document;
pub mod units;
pub mod words;
pub mod work_queue;

pub use error::{FieldError, ValidationErrors};
