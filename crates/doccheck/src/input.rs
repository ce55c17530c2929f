//! Reading a document set from JSON, with a bad input named by its field path and reason
//! (`invoice.total_amount: invalid type: floating point 32472.0, expected a string`).

use gendan_domain::document_set::DocumentSet;

/// Why a document set could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidInput {
    /// The path of the offending field in the interchange format (`invoice.lines[0].amount`);
    /// empty when the text is not JSON at all.
    pub field: String,
    /// What is wrong with it.
    pub reason: String,
    /// Where in the text (1-based), when known.
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            write!(f, "line {}, column {}: {}", self.line, self.column, self.reason)
        } else {
            write!(
                f,
                "{}: {} (line {}, column {})",
                self.field, self.reason, self.line, self.column
            )
        }
    }
}

/// Read a set from its JSON text. A missing field is named itself (`invoice.number`), not
/// its parent; a decimal given as a JSON number is refused (it would not be exact).
pub fn read_set(text: &str) -> Result<DocumentSet, InvalidInput> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let set: DocumentSet = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let (line, column) = (inner.line(), inner.column());
        let message = inner.to_string();
        // serde_json appends " at line L column C"; the position is kept separately.
        let reason = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        let missing = reason
            .strip_prefix("missing field `")
            .and_then(|m| m.split('`').next())
            .map(str::to_string);
        let mut field = if path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        if let Some(name) = missing {
            if !field.is_empty() {
                field.push('.');
            }
            field.push_str(&name);
        }
        InvalidInput {
            field,
            reason,
            line,
            column,
        }
    })?;
    Ok(set)
}

/// The same set as a JSON value (API bodies arrive parsed).
pub fn set_from_value(value: serde_json::Value) -> Result<DocumentSet, InvalidInput> {
    // Through text, so the error carries the same path; sets are small.
    read_set(&value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN: &str = include_str!("../tests/cases/clean/apples-cfr-lc-clean.json");

    #[test]
    fn a_bad_field_is_named_by_its_path() {
        let mut v: serde_json::Value = serde_json::from_str(CLEAN).unwrap();
        v["invoice"]["lines"][0]["amount"] = serde_json::json!(32472.0);
        let e = set_from_value(v).unwrap_err();
        assert_eq!(e.field, "invoice.lines[0].amount");
        assert!(e.reason.contains("expected"), "{e}");

        let mut v: serde_json::Value = serde_json::from_str(CLEAN).unwrap();
        v["invoice"].as_object_mut().unwrap().remove("number");
        let e = set_from_value(v).unwrap_err();
        assert_eq!(e.field, "invoice.number");
        assert!(e.reason.starts_with("missing field"), "{e}");

        let e = read_set("{ not json").unwrap_err();
        assert_eq!(e.field, "");
        assert_eq!(e.line, 1);
        assert!(read_set(CLEAN).is_ok());
    }
}
