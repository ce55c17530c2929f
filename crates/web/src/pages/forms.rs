//! HTML forms for nested inputs: fields are named by their JSON path (`lines[0].quantity`,
//! `incoterm.term`, `packages[1].size_mm[2]`), so a submitted form becomes the same JSON the
//! API takes, and a stored input flattens back into form values. Validation errors name the
//! same paths, so each message lands next to its field.

use gendan_domain::ValidationErrors;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// How a leaf field is typed in JSON.
pub struct FieldTypes {
    /// Checkboxes: present = true, absent = false.
    pub bools: &'static [&'static str],
    /// Whole numbers.
    pub ints: &'static [&'static str],
}

enum Seg {
    Key(String),
    Index(usize),
}

fn parse_path(path: &str) -> Option<Vec<Seg>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        out.push(Seg::Key(name.to_string()));
        let mut rest = rest;
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            let idx: usize = r[..end].parse().ok()?;
            if idx > 600 {
                return None;
            }
            out.push(Seg::Index(idx));
            rest = &r[end + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(out)
}

fn insert(root: &mut Value, segs: &[Seg], leaf: Value) {
    let Some((first, rest)) = segs.split_first() else {
        *root = leaf;
        return;
    };
    match first {
        Seg::Key(k) => {
            if !root.is_object() {
                *root = Value::Object(Map::new());
            }
            let child = root
                .as_object_mut()
                .expect("object")
                .entry(k.clone())
                .or_insert(Value::Null);
            insert(child, rest, leaf);
        }
        Seg::Index(i) => {
            if !root.is_array() {
                *root = Value::Array(Vec::new());
            }
            let arr = root.as_array_mut().expect("array");
            while arr.len() <= *i {
                arr.push(Value::Null);
            }
            insert(&mut arr[*i], rest, leaf);
        }
    }
}

fn leaf_name(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

/// Whether an array element holds nothing but empty values (a blank form row).
fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_u64() == Some(0),
        Value::Array(a) => a.iter().all(is_blank),
        Value::Object(m) => m.values().all(is_blank),
    }
}

/// Drop blank rows from arrays (a form offers spare rows) and nulls from objects.
fn prune(v: &mut Value, keep_rows: &[&str], key: &str) {
    match v {
        Value::Object(m) => {
            m.retain(|_, v| !v.is_null());
            for (k, v) in m.iter_mut() {
                prune(v, keep_rows, k);
            }
        }
        Value::Array(a) => {
            if !keep_rows.contains(&key) {
                a.retain(|v| !is_blank(v));
            }
            for x in a.iter_mut() {
                prune(x, keep_rows, key);
            }
        }
        _ => {}
    }
}

/// The JSON a form's fields describe. Empty text becomes absent; checkboxes become booleans;
/// blank rows of arrays are dropped except for the arrays named in `keep_rows` (fixed-size
/// ones like `size_mm`). `_csrf`, `version` and fields starting with `_` are skipped.
pub fn form_to_json(pairs: &[(String, String)], types: &FieldTypes, keep_rows: &[&str]) -> Value {
    let mut root = Value::Object(Map::new());
    for (k, v) in pairs {
        if k.starts_with('_') || k == "version" {
            continue;
        }
        let Some(segs) = parse_path(k) else { continue };
        let leaf = leaf_name(k);
        let value = if types.bools.contains(&leaf) {
            Value::Bool(matches!(v.as_str(), "on" | "true" | "1" | "yes"))
        } else if types.ints.contains(&leaf) {
            match v.trim().parse::<u64>() {
                Ok(n) => Value::from(n),
                // A blank dimension is 0, which validation names; other blank numbers are absent.
                Err(_) if v.trim().is_empty() && leaf == "size_mm" => Value::from(0),
                Err(_) if v.trim().is_empty() => Value::Null,
                Err(_) => Value::String(v.clone()),
            }
        } else if v.trim().is_empty() {
            Value::Null
        } else {
            Value::String(v.clone())
        };
        insert(&mut root, &segs, value);
    }
    prune(&mut root, keep_rows, "");
    root
}

/// Deserialize the form's JSON into `T`; a field of the wrong type is named.
pub fn from_form<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, ValidationErrors> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let path = e.path().to_string();
        ValidationErrors::single(path, "invalid_value", e.inner().to_string())
    })
}

/// Form values and errors by field path, for a template.
#[derive(Debug, Default, Clone)]
pub struct FormState {
    pub values: HashMap<String, String>,
    pub errors: HashMap<String, String>,
    pub message: String,
    /// Groups whose rows reach the input only when this field is filled (the instruction
    /// form drops a line whose quantity was cleared): `("lines", "quantity")`.
    pub kept_when: Vec<(&'static str, &'static str)>,
}

impl FormState {
    /// Values from an input: `serde_json::to_value(input)` flattened to paths.
    pub fn from_input<T: serde::Serialize>(input: &T) -> Self {
        let v = serde_json::to_value(input).unwrap_or(Value::Null);
        FormState {
            values: gendan_store::flatten(&v).into_iter().collect(),
            ..Default::default()
        }
    }
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        FormState {
            values: pairs.iter().cloned().collect(),
            ..Default::default()
        }
    }
    /// The form rows of `group` that reached the input, in order: blank rows are dropped
    /// before validation (and document rows without originals or copies), so an error on
    /// `lines[1]` may belong to the form's third row.
    pub fn kept_rows(&self, group: &str) -> Vec<usize> {
        let blank = |v: &str| matches!(v.trim(), "" | "0" | "false" | "off");
        (0..self.rows(group))
            .filter(|n| {
                let prefix = format!("{group}[{n}].");
                let fields: Vec<(&str, &str)> = self
                    .values
                    .iter()
                    .filter_map(|(k, v)| k.strip_prefix(&prefix).map(|f| (f, v.as_str())))
                    .collect();
                if let Some((_, key)) = self.kept_when.iter().find(|(g, _)| *g == group) {
                    return fields.iter().any(|(f, v)| f == key && !v.trim().is_empty());
                }
                if group == "documents" {
                    return fields
                        .iter()
                        .any(|(f, v)| matches!(*f, "originals" | "copies") && !blank(v));
                }
                fields.iter().any(|(f, v)| *f != "kind" && !blank(v))
            })
            .collect()
    }

    /// An error's path as the form names the field: `lines[1].x` → `lines[2].x` when the
    /// form's second row was blank.
    fn form_path(&self, field: &str) -> String {
        let Some(open) = field.find('[') else {
            return field.to_string();
        };
        let Some(close) = field[open..].find(']').map(|c| open + c) else {
            return field.to_string();
        };
        let group = &field[..open];
        let Ok(k) = field[open + 1..close].parse::<usize>() else {
            return field.to_string();
        };
        match self.kept_rows(group).get(k) {
            Some(orig) if self.rows(group) > 0 => format!("{group}[{orig}]{}", &field[close + 1..]),
            _ => field.to_string(),
        }
    }

    /// Attach errors, each translated by its code where the catalogue knows it, on the
    /// field as the form names it.
    pub fn with_errors(mut self, errs: &ValidationErrors, i: &crate::i18n::I18n) -> Self {
        for e in &errs.0 {
            let message = i.field_error(&e.code, &e.message);
            let field = self.form_path(&e.field);
            self.errors
                .entry(field)
                .and_modify(|m| {
                    m.push_str("; ");
                    m.push_str(&message);
                })
                .or_insert_with(|| message.clone());
        }
        self
    }
    pub fn v(&self, path: &str) -> &str {
        self.values.get(path).map(String::as_str).unwrap_or("")
    }
    pub fn checked(&self, path: &str) -> bool {
        matches!(self.v(path), "true" | "on" | "1")
    }
    pub fn err(&self, path: &str) -> &str {
        self.errors.get(path).map(String::as_str).unwrap_or("")
    }
    /// Errors whose path starts with `prefix` (for a row or a group).
    pub fn errs_under(&self, prefix: &str) -> Vec<(String, String)> {
        let mut v: Vec<_> = self
            .errors
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(k, m)| (k.clone(), m.clone()))
            .collect();
        v.sort();
        v
    }
    pub fn all_errors(&self) -> Vec<(String, String)> {
        self.errs_under("")
    }
    /// How many rows `group[N]…` the values hold.
    pub fn rows(&self, group: &str) -> usize {
        self.values
            .keys()
            .filter_map(|k| {
                k.strip_prefix(group)?
                    .strip_prefix('[')?
                    .split(']')
                    .next()?
                    .parse::<usize>()
                    .ok()
            })
            .filter(|n| *n < 600)
            .map(|n| n + 1)
            .max()
            .unwrap_or(0)
    }
    /// `0..rows + spare`, at least `min`.
    pub fn slots(&self, group: &str, spare: usize, min: usize) -> Vec<usize> {
        (0..(self.rows(group) + spare).max(min)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: FieldTypes = FieldTypes {
        bools: &["partial_shipments"],
        ints: &["originals"],
    };

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn nested_paths_become_json_and_blank_rows_go() {
        let v = form_to_json(
            &pairs(&[
                ("_csrf", "x"),
                ("incoterm.term", "CIF"),
                ("lines[0].quantity", "10"),
                ("lines[1].quantity", ""),
                ("lines[2].quantity", "5"),
                ("documents[0].originals", "3"),
                ("partial_shipments", "on"),
                ("size_mm[0]", "0"),
            ]),
            &T,
            &["size_mm"],
        );
        assert_eq!(
            v,
            serde_json::json!({"incoterm": {"term": "CIF"}, "lines": [{"quantity": "10"}, {"quantity": "5"}],
                "documents": [{"originals": 3}], "partial_shipments": true, "size_mm": ["0"]})
        );
    }

    #[test]
    fn errors_land_on_the_row_the_user_filled() {
        let f = FormState::from_pairs(&pairs(&[
            ("lines[0].quantity", "10"),
            ("lines[1].quantity", ""),
            ("lines[2].quantity", "0"),
            ("lines[2].unit_price", "x"),
            ("documents[0].kind", "commercial_invoice"),
            ("documents[0].originals", "0"),
            ("documents[3].kind", "phytosanitary_certificate"),
            ("documents[3].originals", "1"),
        ]));
        let errs = ValidationErrors(vec![
            gendan_domain::FieldError {
                field: "lines[1].unit_price".into(),
                code: "invalid_number".into(),
                message: "bad".into(),
            },
            gendan_domain::FieldError {
                field: "documents[0].wording".into(),
                code: "too_long".into(),
                message: "long".into(),
            },
        ]);
        let f = f.with_errors(&errs, &crate::i18n::I18n::new("en"));
        assert!(!f.err("lines[2].unit_price").is_empty(), "{:?}", f.errors);
        assert!(!f.err("documents[3].wording").is_empty(), "{:?}", f.errors);
    }

    #[test]
    fn bad_paths_are_ignored() {
        let v = form_to_json(&pairs(&[("a[x]", "1"), ("b[9999]", "1"), ("c..d", "1")]), &T, &[]);
        assert_eq!(v, serde_json::json!({}));
    }
}
