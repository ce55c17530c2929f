//! The generic boxed trade form and the bill of exchange.
//!
//! [`FormDocument`] prints every shipping document that is neither the invoice nor the
//! packing list as labelled boxes after the UN Layout Key (UNECE Recommendation 1): the
//! shipping instruction to the forwarder (提单补料), the certificate of origin application
//! (原产地证申请), the phytosanitary certificate application (植检申请), the insurance
//! declaration (投保单) and the read-only print of a received document's recorded data. The
//! caller chooses and translates every label; only the few fixed labels (number, date,
//! signature) follow `language`. Template: `form.typ`.
//!
//! [`DraftDocument`] prints the bill of exchange (汇票) in the classic layout banks expect, as a
//! set of one, two or three parts (FIRST, SECOND, THIRD of exchange). Template: `draft.typ`.

use serde::{Deserialize, Serialize};

use crate::RenderError;
use crate::trade_docs::TradeParty;

/// A boxed trade form, ready to print. Empty lists and `None` leave their part out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct FormDocument {
    /// `"zh"` (fixed labels in Chinese and English) or `"en"` (English only).
    pub language: String,
    /// The title as printed, e.g. `提单补料 SHIPPING INSTRUCTION` (newlines kept).
    pub title: String,
    /// Who issues the form, printed as the letterhead (left out when the name is empty).
    pub issuer: TradeParty,
    /// The issuer's logo (PNG or JPEG bytes), printed beside its name.
    pub letterhead_png: Option<Vec<u8>>,
    /// The form's number, e.g. `SI2026-0011` (left out when empty).
    pub number: String,
    /// The form's date, formatted (left out when empty).
    pub date: String,
    /// Reference boxes top right, under number and date: contract, L/C, invoice, booking….
    pub references: Vec<FormField>,
    /// Party boxes in the left column: shipper, consignee, notify party….
    pub parties: Vec<FormParty>,
    /// A grid of boxes two abreast: vessel, ports, freight, originals, origin criterion….
    pub fields: Vec<FormField>,
    /// A table of goods or containers; its header repeats on every page it spans.
    pub table: Option<FormTable>,
    /// Full-width boxes under the table: marks, description of goods, declarations, remarks.
    pub paragraphs: Vec<FormField>,
    /// Who signs (newlines kept); with no signatory and no images the signature is left out.
    pub signatory: String,
    /// The issuer's stamp (PNG or JPEG bytes), printed over the signature.
    pub stamp_png: Option<Vec<u8>>,
    /// A handwritten signature (PNG or JPEG bytes), printed on the signature line.
    pub signature_png: Option<Vec<u8>>,
    /// Printed at the foot of every page.
    pub footer: String,
}

/// A labelled box: the label as given (the caller translates), the value with its newlines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct FormField {
    /// The label, e.g. `船名航次 Vessel / Voyage`.
    pub label: String,
    /// The value; newlines are kept.
    pub value: String,
}

impl FormField {
    /// A field from its label and value.
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> FormField {
        FormField {
            label: label.into(),
            value: value.into(),
        }
    }
}

/// A party box, e.g. `发货人 Shipper` over the exporter's name and address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct FormParty {
    /// The label as given.
    pub label: String,
    /// The party.
    pub party: TradeParty,
}

/// The table of a form. Every row (and the totals) has one cell per column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct FormTable {
    /// A heading over the table, e.g. `集装箱 Containers`.
    pub title: Option<String>,
    /// The columns, left to right.
    pub columns: Vec<FormColumn>,
    /// The rows; cells keep their newlines.
    pub rows: Vec<Vec<String>>,
    /// A totals row printed bold under the rows.
    pub totals: Option<Vec<String>>,
}

/// A column of a [`FormTable`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct FormColumn {
    /// The heading as given (newlines kept).
    pub label: String,
    /// Holds numbers: right-aligned.
    pub numeric: bool,
}

impl FormColumn {
    /// A text column.
    pub fn text(label: impl Into<String>) -> FormColumn {
        FormColumn {
            label: label.into(),
            numeric: false,
        }
    }

    /// A right-aligned number column.
    pub fn numeric(label: impl Into<String>) -> FormColumn {
        FormColumn {
            label: label.into(),
            numeric: true,
        }
    }
}

impl FormDocument {
    /// Fails with [`RenderError::Document`] when a table row or the totals do not have one
    /// cell per column (the cells would print under the wrong headings).
    pub(crate) fn check(&self) -> Result<(), RenderError> {
        let Some(table) = &self.table else {
            return Ok(());
        };
        let columns = table.columns.len();
        if columns == 0 && (!table.rows.is_empty() || table.totals.is_some()) {
            return Err(RenderError::Document(
                "form table with rows but no columns".to_owned(),
            ));
        }
        let rows = table
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("row {}", i + 1), r));
        for (name, row) in rows.chain(table.totals.iter().map(|t| ("totals".to_owned(), t))) {
            if row.len() != columns {
                return Err(RenderError::Document(format!(
                    "form table {name} has {} cells for {columns} columns",
                    row.len()
                )));
            }
        }
        Ok(())
    }
}

/// A bill of exchange (汇票), ready to print: one part per page half, each part naming the
/// others of the set as unpaid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DraftDocument {
    /// `"zh"` (labels in Chinese and English) or `"en"` (English only).
    pub language: String,
    /// The drawer (出票人): the exporter, printed as the letterhead and over the signature.
    pub drawer: TradeParty,
    /// The drawer's logo (PNG or JPEG bytes), printed beside its name.
    pub letterhead_png: Option<Vec<u8>>,
    /// The draft's number, e.g. `CI2026-0011` (usually the invoice number).
    pub number: String,
    /// Place and date of drawing, e.g. `QINGDAO, 2026-12-21`.
    pub place_and_date: String,
    /// ISO 4217 code, e.g. `USD`.
    pub currency: String,
    /// The amount without currency, formatted, e.g. `32,472.00`.
    pub amount: String,
    /// The amount in words, e.g. `SAY US DOLLARS THIRTY-TWO THOUSAND … ONLY`.
    pub amount_in_words: String,
    /// The tenor (付款期限): `AT SIGHT`, `30 DAYS AFTER SIGHT`, `60 DAYS AFTER B/L DATE`….
    /// A tenor counted from sight fills the blank before the printed word "sight"; any
    /// other tenor is printed whole and "sight" is left out.
    pub tenor: String,
    /// The payee (收款人), e.g. `BANK OF CHINA, QINGDAO BRANCH`.
    pub payee: String,
    /// The drawing clause (出票条款), e.g. `L/C No. … dated … issued by …` or
    /// `Contract SC-2026-0007, documents against payment`.
    pub drawn_under: String,
    /// The drawee (付款人): the issuing bank under a credit, else the buyer.
    pub drawee: TradeParty,
    /// Who signs for the drawer (newlines kept).
    pub signatory: String,
    /// The drawer's stamp (PNG or JPEG bytes), printed over the signature.
    pub stamp_png: Option<Vec<u8>>,
    /// A handwritten signature (PNG or JPEG bytes), printed on the signature line.
    pub signature_png: Option<Vec<u8>>,
    /// How many parts the set has: 2 prints the FIRST and the SECOND of exchange; 1 a sole
    /// bill; 3 also the THIRD. 0 counts as 1; more than 3 is an error.
    pub set_of: u8,
}

/// One printed part of a draft set, as the template reads it.
#[derive(Debug, Serialize)]
pub(crate) struct DraftPart {
    /// `FIRST`, `SECOND`, `THIRD`, or `SOLE` for a set of one.
    pub ordinal: &'static str,
    /// `正本`, `副本`, `第三联` or empty.
    pub ordinal_zh: &'static str,
    /// The other parts, e.g. `(SECOND of the same tenor and date being unpaid)`; empty for a
    /// sole bill.
    pub unpaid: String,
    /// The same in Chinese, e.g. `（本汇票之副本未付）`.
    pub unpaid_zh: String,
}

/// The tenor as the form prints it: the text in the blank after "At", and whether the
/// printed word "sight" follows.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Tenor {
    pub blank: String,
    pub sight: bool,
}

impl DraftDocument {
    /// The parts of the set, first to last.
    pub(crate) fn parts(&self) -> Result<Vec<DraftPart>, RenderError> {
        const ORDINALS: [(&str, &str); 3] = [("FIRST", "正本"), ("SECOND", "副本"), ("THIRD", "第三联")];
        let set = usize::from(self.set_of.max(1));
        if set > ORDINALS.len() {
            return Err(RenderError::Document(format!(
                "a draft is drawn in a set of 1 to 3, not {set}"
            )));
        }
        if set == 1 {
            return Ok(vec![DraftPart {
                ordinal: "SOLE",
                ordinal_zh: "",
                unpaid: String::new(),
                unpaid_zh: String::new(),
            }]);
        }
        Ok((0..set)
            .map(|i| {
                let others: Vec<usize> = (0..set).filter(|&j| j != i).collect();
                let en: Vec<&str> = others.iter().map(|&j| ORDINALS[j].0).collect();
                let zh: Vec<&str> = others.iter().map(|&j| ORDINALS[j].1).collect();
                DraftPart {
                    ordinal: ORDINALS[i].0,
                    ordinal_zh: ORDINALS[i].1,
                    unpaid: format!("({} of the same tenor and date being unpaid)", en.join(" and ")),
                    unpaid_zh: format!("（本汇票之{}未付）", zh.join("及")),
                }
            })
            .collect())
    }

    /// `AT SIGHT` → a starred blank before "sight"; `30 DAYS AFTER SIGHT` → `30 DAYS AFTER`
    /// before "sight"; anything else (`60 DAYS AFTER B/L DATE`) whole, without "sight".
    pub(crate) fn tenor(&self) -> Tenor {
        let tenor = self.tenor.trim();
        let bare = strip_prefix_ignore_case(tenor, "AT ").map_or(tenor, str::trim);
        if bare.is_empty() || bare.eq_ignore_ascii_case("SIGHT") {
            return Tenor {
                blank: "* * * * *".to_owned(),
                sight: true,
            };
        }
        match strip_suffix_ignore_case(bare, " SIGHT") {
            Some(rest) => Tenor {
                blank: rest.trim().to_owned(),
                sight: true,
            },
            None => Tenor {
                blank: bare.to_owned(),
                sight: false,
            },
        }
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let tail = s.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &s[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenor(t: &str) -> Tenor {
        DraftDocument {
            tenor: t.to_owned(),
            ..Default::default()
        }
        .tenor()
    }

    #[test]
    fn tenors_fill_the_blank_before_sight_or_replace_it() {
        for sight in ["AT SIGHT", "at sight", "Sight", ""] {
            assert_eq!(
                tenor(sight),
                Tenor {
                    blank: "* * * * *".to_owned(),
                    sight: true
                },
                "{sight}"
            );
        }
        assert_eq!(
            tenor("30 days after sight"),
            Tenor {
                blank: "30 days after".to_owned(),
                sight: true
            }
        );
        assert_eq!(
            tenor("AT 60 DAYS AFTER B/L DATE"),
            Tenor {
                blank: "60 DAYS AFTER B/L DATE".to_owned(),
                sight: false
            }
        );
        assert!(!tenor("INSIGHT").sight);
    }

    #[test]
    fn parts_name_the_others_unpaid() {
        let mut draft = DraftDocument {
            set_of: 2,
            ..Default::default()
        };
        let parts = draft.parts().unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].ordinal, "FIRST");
        assert_eq!(
            parts[0].unpaid,
            "(SECOND of the same tenor and date being unpaid)"
        );
        assert_eq!(parts[1].unpaid, "(FIRST of the same tenor and date being unpaid)");
        assert_eq!(parts[1].unpaid_zh, "（本汇票之正本未付）");
        draft.set_of = 3;
        assert_eq!(
            draft.parts().unwrap()[0].unpaid,
            "(SECOND and THIRD of the same tenor and date being unpaid)"
        );
        draft.set_of = 0;
        assert_eq!(draft.parts().unwrap()[0].ordinal, "SOLE");
        draft.set_of = 4;
        assert!(matches!(draft.parts(), Err(RenderError::Document(_))));
    }

    #[test]
    fn form_tables_need_one_cell_per_column() {
        let mut form = FormDocument::default();
        assert!(form.check().is_ok());
        form.table = Some(FormTable {
            title: None,
            columns: vec![FormColumn::text("A"), FormColumn::numeric("B")],
            rows: vec![vec!["a".to_owned(), "1".to_owned()]],
            totals: Some(vec!["".to_owned(), "1".to_owned()]),
        });
        assert!(form.check().is_ok());
        form.table.as_mut().unwrap().rows.push(vec!["b".to_owned()]);
        let err = form.check().unwrap_err().to_string();
        assert!(err.contains("row 2 has 1 cells for 2 columns"), "{err}");
    }
}
