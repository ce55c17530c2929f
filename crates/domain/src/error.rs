//! Validation errors that name the field and the reason.

use serde::Serialize;

/// One rejected field: the path (`addresses[0].country`), a stable snake_case code the UI
/// translates, and an English explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// All field errors found in one input (never only the first).
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
#[error("validation failed: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn single(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        let mut v = Self::new();
        v.push(field, code, message);
        v
    }
    pub fn push(&mut self, field: impl Into<String>, code: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            code: code.to_string(),
            message: message.into(),
        });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Take over `other`'s errors as they are.
    pub fn extend(&mut self, other: ValidationErrors) {
        self.0.extend(other.0);
    }
    /// Take over `inner`'s errors with `prefix.` before each field (`payment_terms.` +
    /// `instalments[0].percent`).
    pub fn nest(&mut self, prefix: &str, inner: ValidationErrors) {
        for e in inner.0 {
            let field = if e.field.is_empty() {
                prefix.to_string()
            } else if e.field.starts_with('[') {
                format!("{prefix}{}", e.field)
            } else {
                format!("{prefix}.{}", e.field)
            };
            self.0.push(FieldError { field, ..e });
        }
    }
    /// `Ok(())` when nothing was found, otherwise all errors.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}
