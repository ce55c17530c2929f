//! Shared helpers for turning rows into inputs: cell access, row errors, cell parsers.

use crate::RowError;
use crate::columns::{Layout, is_excel_error};
use gendan_domain::FieldError;
use gendan_domain::country::{CountryCode, country_name};

/// Reads a known column's cell from a row (trimmed; empty when the file lacks the column).
pub(crate) struct Cells {
    index: Vec<Option<usize>>,
}

impl Cells {
    pub fn new(layout: &Layout) -> Self {
        Cells {
            index: layout.index.clone(),
        }
    }

    pub fn get<'r>(&self, row: &'r [String], k: usize) -> &'r str {
        self.index[k].and_then(|i| row.get(i)).map_or("", |s| s.trim())
    }
}

/// The row errors of one item. The importer's own errors come first; a domain error on a
/// cell that already has one of them is left out (it would only repeat it).
pub(crate) struct RowErrors<'a> {
    layout: &'a Layout,
    list: Vec<(usize, Option<usize>, RowError)>,
}

impl<'a> RowErrors<'a> {
    pub fn new(layout: &'a Layout) -> Self {
        RowErrors {
            layout,
            list: Vec::new(),
        }
    }

    fn column(&self, key: Option<usize>, fallback: &str) -> String {
        key.map_or_else(|| fallback.to_string(), |k| self.layout.header[k].clone())
    }

    pub fn push(&mut self, row: usize, key: Option<usize>, code: &str, message: impl Into<String>) {
        let column = self.column(key, "");
        self.list.push((
            row,
            key,
            RowError {
                row,
                column,
                code: code.to_string(),
                message: message.into(),
            },
        ));
    }

    pub fn bad_bool(&mut self, row: usize, key: usize, value: &str) {
        self.push(
            row,
            Some(key),
            "invalid_boolean",
            format!("`{value}` is not yes or no (yes/no, true/false, 1/0, 是/否)"),
        );
    }

    /// Excel error values (`#N/A`, `#DIV/0!` …) in any known column of the row.
    pub fn cell_errors(&mut self, row_no: usize, row: &[String], cells: &Cells) {
        for k in 0..self.layout.index.len() {
            let v = cells.get(row, k);
            if !v.is_empty() && is_excel_error(v) {
                self.push(
                    row_no,
                    Some(k),
                    "cell_error",
                    format!("the cell holds the spreadsheet error {v}; fix the formula or type the value"),
                );
            }
        }
    }

    /// A domain validation error located at `row`, column `key` (`None`: the field path is
    /// given as the column).
    pub fn domain(&mut self, row: usize, key: Option<usize>, e: &FieldError) {
        if key.is_some() && self.list.iter().any(|(r, k, _)| *r == row && *k == key) {
            return;
        }
        let column = self.column(key, &e.field);
        self.list.push((
            row,
            key,
            RowError {
                row,
                column,
                code: e.code.clone(),
                message: e.message.clone(),
            },
        ));
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn drain_into(self, out: &mut Vec<RowError>) {
        out.extend(self.list.into_iter().map(|(_, _, e)| e));
    }
}

/// A whole number cell: `500`, `500.0`; empty is `None`.
pub(crate) fn whole_number(s: &str) -> Result<Option<u32>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let int = match s.split_once('.') {
        Some((i, frac)) if frac.bytes().all(|b| b == b'0') => i,
        Some(_) => return Err(()),
        None => s,
    };
    int.parse::<u32>().map(Some).map_err(|_| ())
}

/// A country cell: the code as given, or the code of an English country name (`China`).
pub(crate) fn country_text(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 2
        && let Some(c) = CountryCode::all().find(|c| country_name(*c).eq_ignore_ascii_case(s))
    {
        return c.as_str().to_string();
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers() {
        assert_eq!(whole_number(" 500 "), Ok(Some(500)));
        assert_eq!(whole_number("500.00"), Ok(Some(500)));
        assert_eq!(whole_number(""), Ok(None));
        assert_eq!(whole_number("500.5"), Err(()));
        assert_eq!(whole_number("-1"), Err(()));
        assert_eq!(whole_number("abc"), Err(()));
    }

    #[test]
    fn countries_by_name() {
        assert_eq!(country_text("China"), "CN");
        assert_eq!(country_text("netherlands"), "NL");
        assert_eq!(country_text("nl"), "nl");
        assert_eq!(country_text("Atlantis"), "Atlantis");
    }
}
