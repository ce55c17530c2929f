//! Pure functions `data -> bytes` for Gendan's printed documents.
//!
//! The input is a plain, already formatted view model ([`ContractDocument`]): every amount,
//! quantity and date is a string exactly as it must be printed, so this crate knows nothing
//! of the domain's money or units and does not depend on `gendan-domain`.
//!
//! - PDF: [`Renderer::render_contract_pdf`] compiles an embedded typst template with typst
//!   as a library. The data reaches the template as a virtual JSON file (`/data.json`) and
//!   the images as virtual files, never as markup, so user text always prints literally.
//!   Nothing is ever downloaded (the world knows no packages).
//! - PDF: [`Renderer::render_instruction_pdf`] prints the internal production/shipping
//!   instruction ([`InstructionDocument`], 生产指令单) the same way, whole or one
//!   department's copy, in Chinese or English.
//! - XLSX: [`render_contract_xlsx`] writes one sheet with rust_xlsxwriter.
//! - PDF: [`Renderer::render_letter_pdf`] prints the trade letters of a shipment
//!   ([`LetterDocument`]: booking request 订舱委托书, shipping advice 装船通知).
//! - PDF and XLSX: [`Renderer::render_invoice_pdf`] / [`render_invoice_xlsx`] and
//!   [`Renderer::render_packing_list_pdf`] / [`render_packing_list_xlsx`] print the commercial
//!   invoice ([`InvoiceDocument`], 商业发票) and the packing list ([`PackingListDocument`],
//!   装箱单) after the UN Layout Key, with the seller's letterhead, stamp and signature.
//! - PDF: [`Renderer::render_form_pdf`] prints every other shipping document as a boxed trade
//!   form ([`FormDocument`]): the shipping instruction (提单补料), the certificate of origin
//!   application (原产地证申请), the phytosanitary application (植检申请), the insurance
//!   declaration (投保单) and the print of a received document's recorded data.
//! - PDF: [`Renderer::render_draft_pdf`] prints the bill of exchange ([`DraftDocument`],
//!   汇票), FIRST and SECOND of exchange on one sheet.
//! - PDF: [`Renderer::render_bundle_pdf`] puts PDFs and scanned images ([`BundlePart`]) into
//!   one PDF, every page in order: a shipment's whole document set as one download.
//! - [`sample_contract`], [`sample_instruction`], [`sample_letter`], [`sample_invoice`],
//!   [`sample_packing_list`], [`sample_form`] (a shipping instruction), [`sample_forms`] (the
//!   shipping instruction, certificate of origin and phytosanitary applications and insurance
//!   declaration of one shipment) and [`sample_draft`] build realistic documents for tests,
//!   demos and benchmarks.
//!
//! Fonts come from [`Fonts`], loaded once; a CJK font (Debian `fonts-noto-cjk`) is required.

mod bundle;
mod fonts;
mod form;
mod instruction;
mod letter;
mod model;
mod pdf;
mod sample;
mod trade_docs;
mod xlsx;

pub use bundle::{BundleKind, BundlePart};
pub use fonts::Fonts;
pub use form::{DraftDocument, FormColumn, FormDocument, FormField, FormParty, FormTable};
pub use instruction::{InstructionDocLine, InstructionDocument, LabelValue, SectionBlock};
pub use letter::LetterDocument;
pub use model::{BankBlock, ContractDocument, ContractLine, PartyBlock, Term};
pub use pdf::Renderer;
pub use sample::{
    sample_contract, sample_draft, sample_form, sample_forms, sample_instruction, sample_invoice,
    sample_letter, sample_packing_list,
};
pub use trade_docs::{
    ContainerRow, InvoiceDocLine, InvoiceDocument, PackingDocLine, PackingListDocument, PackingTotals,
    TradeParty, render_invoice_xlsx, render_packing_list_xlsx,
};
pub use xlsx::render_contract_xlsx;

use std::path::PathBuf;

/// Everything that can go wrong while loading fonts or producing a document.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// No font with Chinese coverage was found in the searched directories.
    #[error("no CJK font found; install fonts-noto-cjk or set GENDAN_FONT_DIR (searched: {searched})")]
    NoCjkFont {
        /// The directories that were searched, comma separated.
        searched: String,
    },
    /// A font directory given explicitly could not be read.
    #[error("cannot read font directory {path}: {source}")]
    FontDir {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The typst template failed to compile (a bug in the template or an unreadable image).
    #[error("typst: {0}")]
    Typst(String),
    /// The PDF export failed.
    #[error("pdf export: {0}")]
    Pdf(String),
    /// The spreadsheet could not be written.
    #[error("xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The view model could not be encoded for the template.
    #[error("data: {0}")]
    Data(#[from] serde_json::Error),
    /// The view model cannot be printed as it is, e.g. a table row with more cells than the
    /// table has columns.
    #[error("document: {0}")]
    Document(String),
    /// A part of a bundle could not be read.
    #[error("bundle part {title:?}: {reason}")]
    BundlePart {
        /// The part's title.
        title: String,
        /// What is wrong with it.
        reason: String,
    },
}

#[cfg(test)]
mod tests {
    /// A server shares one renderer between request handlers.
    #[test]
    fn renderer_and_fonts_can_be_shared_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<super::Renderer>();
        shareable::<super::Fonts>();
    }
}
