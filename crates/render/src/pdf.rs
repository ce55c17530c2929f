//! PDF through typst used as a library.
//!
//! The templates (`contract.typ`, `instruction.typ`, `letter.typ`, `invoice.typ`,
//! `packing_list.typ`, `form.typ`, `draft.typ`, `bundle.typ`) are compiled into the binary. Each
//! render builds a small [`World`] on top of the renderer's shared parts (library, font
//! book, fonts, parsed templates) whose only files are the view model as `/data.json` and
//! the images: the template reads them with `json(..)` and `image(..)`, so user text is
//! data and never markup. The world knows no packages and reads nothing else from disk.

use serde::Serialize;
use typst::diag::{FileError, FileResult, PackageError, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Dict, Duration, IntoValue, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::bundle::{BundlePart, read_parts};
use crate::form::{DraftDocument, FormDocument};
use crate::instruction::InstructionDocument;
use crate::letter::LetterDocument;
use crate::model::{BankBlock, ContractDocument, ContractLine, PartyBlock, Term};
use crate::trade_docs::{InvoiceDocument, PackingListDocument};
use crate::{Fonts, RenderError};

const CONTRACT_TEMPLATE: &str = include_str!("contract.typ");
const INSTRUCTION_TEMPLATE: &str = include_str!("instruction.typ");
const LETTER_TEMPLATE: &str = include_str!("letter.typ");
const INVOICE_TEMPLATE: &str = include_str!("invoice.typ");
const PACKING_LIST_TEMPLATE: &str = include_str!("packing_list.typ");
const FORM_TEMPLATE: &str = include_str!("form.typ");
const DRAFT_TEMPLATE: &str = include_str!("draft.typ");
const BUNDLE_TEMPLATE: &str = include_str!("bundle.typ");
const DATA_PATH: &str = "/data.json";
const LOGO_PATH: &str = "/images/logo";
const STAMP_PATH: &str = "/images/stamp";

/// Renders documents to PDF. Build once (it owns the fonts and typst's standard library) and
/// share it: rendering takes `&self`, and typst's caches make every render after the first
/// much faster.
pub struct Renderer {
    fonts: Fonts,
    library: LazyHash<Library>,
    contract: Source,
    instruction: Source,
    letter: Source,
    invoice: Source,
    packing_list: Source,
    form: Source,
    draft: Source,
    bundle: Source,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("fonts", &self.fonts)
            .finish_non_exhaustive()
    }
}

impl Renderer {
    /// A renderer typesetting with `fonts`.
    pub fn new(fonts: Fonts) -> Renderer {
        let inputs: Dict = [
            ("latin-font", fonts.latin_family().into_value()),
            ("cjk-font", fonts.cjk_family().into_value()),
        ]
        .into_iter()
        .map(|(k, v)| (k.into(), v))
        .collect();
        let library = Library::builder().with_inputs(inputs).build();
        let contract = Source::new(file_id("/contract.typ"), CONTRACT_TEMPLATE.to_owned());
        let instruction = Source::new(file_id("/instruction.typ"), INSTRUCTION_TEMPLATE.to_owned());
        let letter = Source::new(file_id("/letter.typ"), LETTER_TEMPLATE.to_owned());
        let invoice = Source::new(file_id("/invoice.typ"), INVOICE_TEMPLATE.to_owned());
        let packing_list = Source::new(file_id("/packing_list.typ"), PACKING_LIST_TEMPLATE.to_owned());
        let form = Source::new(file_id("/form.typ"), FORM_TEMPLATE.to_owned());
        let draft = Source::new(file_id("/draft.typ"), DRAFT_TEMPLATE.to_owned());
        let bundle = Source::new(file_id("/bundle.typ"), BUNDLE_TEMPLATE.to_owned());
        Renderer {
            fonts,
            library: LazyHash::new(library),
            contract,
            instruction,
            letter,
            invoice,
            packing_list,
            form,
            draft,
            bundle,
        }
    }

    /// The fonts this renderer typesets with.
    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// The sales contract (销售合同) as an A4 PDF.
    pub fn render_contract_pdf(&self, doc: &ContractDocument) -> Result<Vec<u8>, RenderError> {
        let data = serde_json::to_vec(&ContractData::new(doc))?;
        let mut files = vec![(file_id(DATA_PATH), Bytes::new(data))];
        if let Some(logo) = &doc.logo_png {
            files.push((file_id(LOGO_PATH), Bytes::new(logo.clone())));
        }
        if let Some(stamp) = &doc.stamp_png {
            files.push((file_id(STAMP_PATH), Bytes::new(stamp.clone())));
        }
        let ident = format!("gendan-contract-{}-{}", doc.number, doc.revision);
        self.compile(&self.contract, files, ident)
    }

    /// The internal production/shipping instruction (生产指令单) as an A4 PDF: all four
    /// departments' sections, or only `doc.department`'s. Fails with [`RenderError::Typst`]
    /// when `doc.department` is not one of [`InstructionDocument::DEPARTMENTS`].
    pub fn render_instruction_pdf(&self, doc: &InstructionDocument) -> Result<Vec<u8>, RenderError> {
        let data = serde_json::to_vec(doc)?;
        let files = vec![(file_id(DATA_PATH), Bytes::new(data))];
        let department = doc.department.as_deref().unwrap_or("all");
        let ident = format!("gendan-instruction-{}-{}-{department}", doc.number, doc.revision);
        self.compile(&self.instruction, files, ident)
    }

    /// A trade letter generated from a shipment — the booking request to the forwarder
    /// (订舱委托书) or the shipping advice to the customer (装船通知) — as an A4 PDF.
    pub fn render_letter_pdf(&self, doc: &LetterDocument) -> Result<Vec<u8>, RenderError> {
        let data = serde_json::to_vec(doc)?;
        let files = vec![(file_id(DATA_PATH), Bytes::new(data))];
        let ident = format!(
            "gendan-{}-{}",
            doc.kind,
            doc.header.first().map(|h| h.value.as_str()).unwrap_or("")
        );
        self.compile(&self.letter, files, ident)
    }

    /// The commercial invoice (商业发票) as an A4 PDF, laid out after the UN Layout Key.
    /// A broken image fails with [`RenderError::Typst`].
    pub fn render_invoice_pdf(&self, doc: &InvoiceDocument) -> Result<Vec<u8>, RenderError> {
        let images = trade_images(
            doc.letterhead_png.as_deref(),
            doc.stamp_png.as_deref(),
            doc.signature_png.as_deref(),
        );
        let files = data_with_images(serde_json::to_value(doc)?, &images)?;
        let ident = format!("gendan-invoice-{}", doc.number);
        self.compile(&self.invoice, files, ident)
    }

    /// The packing list (装箱单) as an A4 PDF, laid out after the UN Layout Key. A broken
    /// image fails with [`RenderError::Typst`].
    pub fn render_packing_list_pdf(&self, doc: &PackingListDocument) -> Result<Vec<u8>, RenderError> {
        let images = trade_images(
            doc.letterhead_png.as_deref(),
            doc.stamp_png.as_deref(),
            doc.signature_png.as_deref(),
        );
        let files = data_with_images(serde_json::to_value(doc)?, &images)?;
        let ident = format!("gendan-packing-list-{}", doc.number);
        self.compile(&self.packing_list, files, ident)
    }

    /// A boxed trade form ([`FormDocument`]: shipping instruction 提单补料, certificate of
    /// origin application 原产地证申请, phytosanitary application 植检申请, insurance
    /// declaration 投保单, a received document's data) as an A4 PDF. Fails with
    /// [`RenderError::Document`] when a table row does not have one cell per column, with
    /// [`RenderError::Typst`] on a broken image.
    pub fn render_form_pdf(&self, doc: &FormDocument) -> Result<Vec<u8>, RenderError> {
        doc.check()?;
        let images = trade_images(
            doc.letterhead_png.as_deref(),
            doc.stamp_png.as_deref(),
            doc.signature_png.as_deref(),
        );
        let files = data_with_images(serde_json::to_value(doc)?, &images)?;
        let ident = format!("gendan-form-{}-{}", doc.title, doc.number);
        self.compile(&self.form, files, ident)
    }

    /// A bill of exchange (汇票) as an A4 PDF: each part of the set (FIRST, SECOND…) on its
    /// own half page, two to a sheet. Fails with [`RenderError::Document`] for a set of more
    /// than three, with [`RenderError::Typst`] on a broken image.
    pub fn render_draft_pdf(&self, doc: &DraftDocument) -> Result<Vec<u8>, RenderError> {
        let mut value = serde_json::to_value(doc)?;
        if let Some(object) = value.as_object_mut() {
            object.insert("parts".to_owned(), serde_json::to_value(doc.parts()?)?);
            object.insert("tenor_form".to_owned(), serde_json::to_value(doc.tenor())?);
        }
        let images = trade_images(
            doc.letterhead_png.as_deref(),
            doc.stamp_png.as_deref(),
            doc.signature_png.as_deref(),
        );
        let files = data_with_images(value, &images)?;
        let ident = format!("gendan-draft-{}", doc.number);
        self.compile(&self.draft, files, ident)
    }

    /// One PDF of `parts` in order: every page of every PDF part at its own size, every
    /// image scaled to fit an A4 page; each part's title is a bookmark. A part that cannot be
    /// read fails with [`RenderError::BundlePart`] naming its title; no parts fails with
    /// [`RenderError::Document`].
    pub fn render_bundle_pdf(&self, parts: &[BundlePart]) -> Result<Vec<u8>, RenderError> {
        if parts.is_empty() {
            return Err(RenderError::Document(
                "a bundle needs at least one part".to_owned(),
            ));
        }
        let parts = read_parts(parts)?;
        let data: Vec<_> = parts.iter().map(|(data, _)| data).collect();
        let mut files = vec![(
            file_id(DATA_PATH),
            Bytes::new(serde_json::to_vec(&serde_json::json!({ "parts": data }))?),
        )];
        files.extend(
            parts
                .iter()
                .map(|(data, bytes)| (file_id(&data.path), bytes.clone())),
        );
        let ident = format!("gendan-bundle-{}", data[0].title);
        self.compile(&self.bundle, files, ident)
    }

    /// Compiles `main` in a world holding `files` and exports it.
    fn compile(
        &self,
        main: &Source,
        files: Vec<(FileId, Bytes)>,
        ident: String,
    ) -> Result<Vec<u8>, RenderError> {
        let world = RenderWorld {
            renderer: self,
            main,
            files,
        };
        let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
        // Keep typst's memoisation cache bounded: entries unused for this many renders go.
        comemo::evict(30);
        let document = output.map_err(|errors| RenderError::Typst(messages(&errors)))?;
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(ident),
            ..Default::default()
        };
        typst_pdf::pdf(&document, &options).map_err(|errors| RenderError::Pdf(messages(&errors)))
    }
}

fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("well-formed virtual path"),
    )
    .intern()
}

/// The letterhead, stamp and signature of a trade document, by the names its template reads.
fn trade_images<'a>(
    letterhead: Option<&'a [u8]>,
    stamp: Option<&'a [u8]>,
    signature: Option<&'a [u8]>,
) -> [(&'static str, Option<&'a [u8]>); 3] {
    [
        ("letterhead", letterhead),
        ("stamp", stamp),
        ("signature", signature),
    ]
}

/// The files of a document with images: the view model as `/data.json` with each
/// `{name}_png` field replaced by `name`, the virtual path of the image (`/images/{name}`)
/// or `null`, and the images themselves (PNG, JPEG…: typst tells them by their bytes).
fn data_with_images(
    mut value: serde_json::Value,
    images: &[(&str, Option<&[u8]>)],
) -> Result<Vec<(FileId, Bytes)>, RenderError> {
    let mut files = Vec::with_capacity(images.len() + 1);
    for (name, image) in images {
        let path = format!("/images/{name}");
        if let Some(object) = value.as_object_mut() {
            object.remove(&format!("{name}_png"));
            object.insert((*name).to_owned(), image.map(|_| path.as_str()).into());
        }
        if let Some(bytes) = image {
            files.push((file_id(&path), Bytes::new(bytes.to_vec())));
        }
    }
    files.insert(0, (file_id(DATA_PATH), Bytes::new(serde_json::to_vec(&value)?)));
    Ok(files)
}

fn messages(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The world of one render: the shared parts plus this document's files.
struct RenderWorld<'a> {
    renderer: &'a Renderer,
    main: &'a Source,
    files: Vec<(FileId, Bytes)>,
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.renderer.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.renderer.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(self.missing(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files
            .iter()
            .find(|(file, _)| *file == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| self.missing(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.renderer.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // Documents carry their own dates; output must not depend on the clock.
        None
    }
}

impl RenderWorld<'_> {
    fn missing(&self, id: FileId) -> FileError {
        match id.root() {
            VirtualRoot::Package(spec) => FileError::Package(PackageError::NotFound(spec.clone())),
            VirtualRoot::Project => FileError::NotFound(id.vpath().get_with_slash().to_owned().into()),
        }
    }
}

/// What the template reads from `/data.json`: the view model with images replaced by the
/// virtual paths the template passes to `image(..)`.
#[derive(Serialize)]
struct ContractData<'a> {
    number: &'a str,
    amendment: Option<u32>,
    date: &'a str,
    place_of_signing: Option<&'a str>,
    seller: &'a PartyBlock,
    buyer: &'a PartyBlock,
    consignee: Option<&'a PartyBlock>,
    notify: Option<&'a PartyBlock>,
    currency: &'a str,
    price_term: &'a str,
    lines: &'a [ContractLine],
    total_quantities: &'a [String],
    total_amount: &'a str,
    amount_in_words_en: &'a str,
    amount_in_words_zh: Option<&'a str>,
    terms: &'a [Term],
    bank_accounts: &'a [BankBlock],
    logo: Option<&'static str>,
    stamp: Option<&'static str>,
    seller_signatory: Option<&'a str>,
    buyer_signatory: Option<&'a str>,
}

impl<'a> ContractData<'a> {
    fn new(doc: &'a ContractDocument) -> Self {
        ContractData {
            number: &doc.number,
            amendment: doc.revision.checked_sub(1).filter(|n| *n > 0),
            date: &doc.date,
            place_of_signing: doc.place_of_signing.as_deref(),
            seller: &doc.seller,
            buyer: &doc.buyer,
            consignee: doc.consignee.as_ref(),
            notify: doc.notify.as_ref(),
            currency: &doc.currency,
            price_term: &doc.price_term,
            lines: &doc.lines,
            total_quantities: &doc.total_quantities,
            total_amount: &doc.total_amount,
            amount_in_words_en: &doc.amount_in_words_en,
            amount_in_words_zh: doc.amount_in_words_zh.as_deref(),
            terms: &doc.terms,
            bank_accounts: &doc.bank_accounts,
            logo: doc.logo_png.as_ref().map(|_| LOGO_PATH),
            stamp: doc.stamp_png.as_ref().map(|_| STAMP_PATH),
            seller_signatory: doc.seller_signatory.as_deref(),
            buyer_signatory: doc.buyer_signatory.as_deref(),
        }
    }
}
