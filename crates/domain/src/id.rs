//! Identifiers that sort by creation time (UUIDv7).

use uuid::Uuid;

/// A new identifier whose byte order follows creation time (RFC 9562 UUIDv7).
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
