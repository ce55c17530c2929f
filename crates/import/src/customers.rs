//! Customers sheet → [`PartyInput`]s of kind `customer`, one per row.

use crate::columns::{CUSTOMER_COLUMNS, Layout};
use crate::rows::{Cells, RowErrors, country_text};
use crate::{ImportError, Preview, RowError, Table};
use gendan_domain::party::{AddressInput, ContactInput, PartyData, PartyInput, PartyKind};
use serde::Serialize;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// One customer of the file: its sheet row, what was read, and the validated party when
/// the row has no error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedCustomer {
    pub row: usize,
    pub input: PartyInput,
    pub data: Option<PartyData>,
}

// Positions in CUSTOMER_COLUMNS (checked by a test).
const NAME_LATIN: usize = 0;
const NAME_ZH: usize = 1;
const BIC: usize = 2;
const LINE1: usize = 3;
const LINE2: usize = 4;
const CITY: usize = 5;
const REGION: usize = 6;
const POSTAL_CODE: usize = 7;
const COUNTRY: usize = 8;
const CONTACT_NAME: usize = 9;
const EMAIL: usize = 10;
const PHONE: usize = 11;
const MESSENGER: usize = 12;
const NOTES: usize = 13;

const ADDRESS: [usize; 6] = [LINE1, LINE2, CITY, REGION, POSTAL_CODE, COUNTRY];
const CONTACT: [usize; 4] = [CONTACT_NAME, EMAIL, PHONE, MESSENGER];

/// One [`PartyInput`] of kind `customer` per row: the address columns make one address
/// (when any is filled), the contact columns one contact (when any is filled). Domain
/// errors map back to the row and column (`addresses[0].country` → `country`,
/// `contacts[0].name` → `contact_name`).
///
/// Row errors besides the domain's: `duplicate_customer` (the same Latin or Chinese name,
/// ignoring case and spacing, on an earlier row) and `cell_error`.
///
/// Fails only for file-level problems: unknown or doubled columns, or neither `name_latin`
/// nor `name_zh` present.
pub fn customers(table: &Table) -> Result<Preview<ImportedCustomer>, ImportError> {
    let layout = Layout::resolve(table, CUSTOMER_COLUMNS, &[&["name_latin", "name_zh"]])?;
    let cells = Cells::new(&layout);
    let mut errors = Vec::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut items = Vec::with_capacity(table.rows.len());
    for (row_no, row) in &table.rows {
        let (row_no, row) = (*row_no, row.as_slice());
        let mut errs = RowErrors::new(&layout);
        errs.cell_errors(row_no, row, &cells);
        let get = |k: usize| cells.get(row, k);
        let opt = |k: usize| Some(get(k).to_string()).filter(|s| !s.is_empty());
        for k in [NAME_LATIN, NAME_ZH] {
            let name = get(k)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if name.is_empty() {
                continue;
            }
            let key = format!("{k}:{name}");
            match names.entry(key) {
                Entry::Occupied(e) => errs.push(
                    row_no,
                    Some(k),
                    "duplicate_customer",
                    format!("`{}` is already on row {}", get(k), e.get()),
                ),
                Entry::Vacant(e) => {
                    e.insert(row_no);
                }
            }
        }
        let addresses = if ADDRESS.iter().any(|&k| !get(k).is_empty()) {
            vec![AddressInput {
                label: None,
                line1: get(LINE1).to_string(),
                line2: opt(LINE2),
                city: get(CITY).to_string(),
                region: opt(REGION),
                postal_code: opt(POSTAL_CODE),
                country: country_text(get(COUNTRY)),
            }]
        } else {
            Vec::new()
        };
        let contacts = if CONTACT.iter().any(|&k| !get(k).is_empty()) {
            vec![ContactInput {
                name: get(CONTACT_NAME).to_string(),
                email: opt(EMAIL),
                phone: opt(PHONE),
                messenger: opt(MESSENGER),
            }]
        } else {
            Vec::new()
        };
        let input = PartyInput {
            kind: PartyKind::Customer.as_str().to_string(),
            name_zh: opt(NAME_ZH),
            name_latin: opt(NAME_LATIN),
            bic: opt(BIC),
            customer_id: None,
            addresses,
            contacts,
            notes: opt(NOTES),
        };
        let data = match input.validate() {
            Ok(d) => Some(d),
            Err(v) => {
                for e in &v.0 {
                    let key = locate(&e.field, &layout);
                    errs.domain(row_no, key, e);
                }
                None
            }
        };
        let data = data.filter(|_| errs.is_empty());
        errs.drain_into(&mut errors);
        items.push(ImportedCustomer {
            row: row_no,
            input,
            data,
        });
    }
    errors.sort_by_key(|e: &RowError| e.row);
    Ok(Preview {
        items,
        errors,
        rows_read: table.rows.len(),
    })
}

/// The column a domain field path points at.
fn locate(field: &str, layout: &Layout) -> Option<usize> {
    let sub = |prefix: &str| {
        field
            .strip_prefix(prefix)
            .and_then(|r| r.split_once("]."))
            .map(|(_, s)| s)
    };
    let key = if let Some(s) = sub("addresses[") {
        s
    } else if let Some(s) = sub("contacts[") {
        if s == "name" { "contact_name" } else { s }
    } else if field == "name_latin" && layout.index[NAME_LATIN].is_none() {
        // "a name is required", reported on the name column the file has.
        "name_zh"
    } else {
        field
    };
    CUSTOMER_COLUMNS.iter().position(|c| c.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_positions_match_the_list() {
        let keys = [
            (NAME_LATIN, "name_latin"),
            (NAME_ZH, "name_zh"),
            (BIC, "bic"),
            (LINE1, "line1"),
            (LINE2, "line2"),
            (CITY, "city"),
            (REGION, "region"),
            (POSTAL_CODE, "postal_code"),
            (COUNTRY, "country"),
            (CONTACT_NAME, "contact_name"),
            (EMAIL, "email"),
            (PHONE, "phone"),
            (MESSENGER, "messenger"),
            (NOTES, "notes"),
        ];
        assert_eq!(keys.len(), CUSTOMER_COLUMNS.len());
        for (i, k) in keys {
            assert_eq!(CUSTOMER_COLUMNS[i].key, k);
        }
    }
}
