//! Import of products and customers from `.xlsx` and `.csv` files (导入): parse, validate,
//! and report every problem with the sheet row and the column header as the user sees them.
//!
//! Pure: no database, no HTTP, no files. The caller reads the upload, calls
//! [`read_table`] (or [`import_products`] / [`import_customers`]), shows the [`Preview`], and
//! saves nothing unless [`Preview::errors`] is empty.
//!
//! - [`read_table`] turns the first worksheet of a workbook, or a CSV file, into a [`Table`]
//!   of strings (numbers as Excel shows them, dates as ISO 8601).
//! - [`products`] groups the rows by SKU (one row per package type) into
//!   [`gendan_domain::product::ProductInput`]s and validates them; [`customers`] makes one
//!   [`gendan_domain::party::PartyInput`] of kind `customer` per row.
//! - [`product_template_xlsx`] and friends write the templates users fill in;
//!   [`sample_products_xlsx`] / [`sample_products_csv`] make large valid files for benchmarks.
//!
//! Limits are explicit: [`MAX_FILE_BYTES`], [`MAX_ROWS`], [`MAX_COLUMNS`].

mod columns;
mod customers;
mod products;
mod rows;
mod table;
mod template;

pub use columns::{CUSTOMER_COLUMNS, Column, PRODUCT_COLUMNS};
pub use customers::{ImportedCustomer, customers};
pub use products::{ImportedProduct, products};
pub use table::{Table, read_table};
pub use template::{
    customer_template_csv, customer_template_xlsx, product_template_csv, product_template_xlsx,
    sample_products_csv, sample_products_xlsx,
};

use gendan_domain::party::PartyData;
use gendan_domain::product::ProductData;
use serde::{Deserialize, Serialize};

/// The largest file accepted, in bytes (32 MiB; 50,000 product rows take about 4 MiB as
/// `.xlsx` and 8 MiB as CSV).
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;
/// The most data rows (rows after the header that hold any value) one file may have.
pub const MAX_ROWS: usize = 50_000;
/// The most columns a row may use; a value further right is refused.
pub const MAX_COLUMNS: usize = 200;

/// The kind of file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Office Open XML workbook (Excel 2007 and later, WPS, LibreOffice "Excel 2007-365").
    Xlsx,
    /// Comma- or semicolon-separated text in UTF-8 (with or without a byte-order mark).
    Csv,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

impl Format {
    /// Decide the format from the content, using the file name (if any) only to give a
    /// clearer error: a zip container (`PK\x03\x04`) is a workbook, an OLE2 container is an
    /// `.xls` or an encrypted workbook (refused), `.ods`, `.numbers` and `.xlsb` are refused,
    /// anything else is CSV text.
    pub fn detect(file_name: Option<&str>, bytes: &[u8]) -> Result<Format, ImportError> {
        let ext = file_name
            .and_then(|n| n.rsplit_once('.'))
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if bytes.is_empty() {
            return Err(ImportError::Empty);
        }
        if bytes.starts_with(OLE_MAGIC) {
            return Err(ImportError::UnsupportedFormat {
                reason: "this is an Excel 97-2003 (.xls) or a password-protected workbook; \
                         save it as .xlsx without a password, or as CSV UTF-8"
                    .into(),
            });
        }
        if matches!(ext.as_str(), "ods" | "numbers" | "xlsb") {
            return Err(ImportError::UnsupportedFormat {
                reason: format!(".{ext} files are not supported; save the file as .xlsx or CSV UTF-8"),
            });
        }
        // Some systems name an .xlsx `.xls`: the content decides.
        if bytes.starts_with(ZIP_MAGIC) {
            return Ok(Format::Xlsx);
        }
        if ext == "xls" {
            return Err(ImportError::UnsupportedFormat {
                reason: ".xls files are not supported; save the file as .xlsx or CSV UTF-8".into(),
            });
        }
        if matches!(ext.as_str(), "xlsx" | "xlsm") {
            return Err(ImportError::Unreadable {
                reason: "the file is named .xlsx but is not a workbook (no zip container)".into(),
            });
        }
        Ok(Format::Csv)
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }

    /// The file name extension without the dot.
    pub fn extension(&self) -> &'static str {
        self.as_str()
    }

    /// The media type to send a file of this format with.
    pub fn content_type(&self) -> &'static str {
        match self {
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = ImportError;
    /// `xlsx` or `csv` (case-insensitive, a leading dot allowed).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().trim_start_matches('.').to_ascii_lowercase().as_str() {
            "xlsx" => Ok(Format::Xlsx),
            "csv" => Ok(Format::Csv),
            other => Err(ImportError::UnsupportedFormat {
                reason: format!("`{other}` is not a format; use xlsx or csv"),
            }),
        }
    }
}

/// A problem with the file as a whole: nothing in it can be imported until it is fixed.
/// Serialises as `{"code": "...", ...fields}`; [`ImportError::code`] gives the code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("the file has {size} bytes; at most {max} are accepted")]
    TooLarge { size: usize, max: usize },
    #[error("{reason}")]
    UnsupportedFormat { reason: String },
    #[error("the file cannot be read: {reason}")]
    Unreadable { reason: String },
    #[error(
        "the file is not UTF-8 text (first bad byte on line {line}); in Excel use \
         \"Save as > CSV UTF-8 (逗号分隔)\" (plain \"CSV\" from a Chinese Excel is GBK), or upload the .xlsx"
    )]
    NotUtf8 { line: usize },
    #[error("the file has no header row (the first row that holds a value names the columns)")]
    NoHeader,
    #[error("the file has more than {max} data rows; split it into several files")]
    TooManyRows { max: usize },
    #[error("row {row} has a value in column {column}, past the {max} columns accepted")]
    TooManyColumns { row: usize, column: String, max: usize },
    #[error("{}", columns_message(unknown, missing, duplicate, unnamed))]
    Columns {
        /// Headers in the file that name no column we know (as written in the file).
        unknown: Vec<String>,
        /// Required columns the file lacks (their English keys).
        missing: Vec<String>,
        /// Columns named twice, e.g. `sku` and `货号` (as written in the file).
        duplicate: Vec<String>,
        /// Column letters that hold values under an empty header.
        unnamed: Vec<String>,
    },
}

fn columns_message(
    unknown: &[String],
    missing: &[String],
    duplicate: &[String],
    unnamed: &[String],
) -> String {
    let list = |v: &[String]| v.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !unknown.is_empty() {
        parts.push(format!("unknown columns: {}", list(unknown)));
    }
    if !missing.is_empty() {
        parts.push(format!("missing required columns: {}", list(missing)));
    }
    if !duplicate.is_empty() {
        parts.push(format!("columns given twice: {}", list(duplicate)));
    }
    if !unnamed.is_empty() {
        parts.push(format!(
            "values under an empty header in column {}",
            list(unnamed)
        ));
    }
    parts.join("; ")
}

impl ImportError {
    /// A stable snake_case code for the API's problem documents.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Empty => "empty",
            ImportError::TooLarge { .. } => "too_large",
            ImportError::UnsupportedFormat { .. } => "unsupported_format",
            ImportError::Unreadable { .. } => "unreadable",
            ImportError::NotUtf8 { .. } => "not_utf8",
            ImportError::NoHeader => "no_header",
            ImportError::TooManyRows { .. } => "too_many_rows",
            ImportError::TooManyColumns { .. } => "too_many_columns",
            ImportError::Columns { .. } => "columns",
        }
    }
}

/// One problem in one cell: the 1-based sheet row, the column header as written in the file
/// (the English key when the file lacks that column), a stable snake_case code (the domain's
/// validation codes plus the importer's own) and an English explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub code: String,
    pub message: String,
}

/// What a file would import: every item (valid or not), every row error, and how many data
/// rows were read. Import only when `errors` is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preview<T> {
    pub items: Vec<T>,
    pub errors: Vec<RowError>,
    pub rows_read: usize,
}

impl<T> Preview<T> {
    /// True when every row is valid and the file may be imported.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

impl Preview<ImportedProduct> {
    /// Every product, when no row has an error; otherwise every row error.
    pub fn into_valid(self) -> Result<Vec<ProductData>, Vec<RowError>> {
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        self.items
            .into_iter()
            .map(|i| i.data)
            .collect::<Option<_>>()
            .ok_or_else(Vec::new)
    }
}

impl Preview<ImportedCustomer> {
    /// Every customer, when no row has an error; otherwise every row error.
    pub fn into_valid(self) -> Result<Vec<PartyData>, Vec<RowError>> {
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        self.items
            .into_iter()
            .map(|i| i.data)
            .collect::<Option<_>>()
            .ok_or_else(Vec::new)
    }
}

/// Read and validate a products file in one call.
pub fn import_products(bytes: &[u8], format: Format) -> Result<Preview<ImportedProduct>, ImportError> {
    products(&read_table(bytes, format)?)
}

/// Read and validate a customers file in one call.
pub fn import_customers(bytes: &[u8], format: Format) -> Result<Preview<ImportedCustomer>, ImportError> {
    customers(&read_table(bytes, format)?)
}
