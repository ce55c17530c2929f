//! One PDF from many: a shipment's whole document set — generated PDFs and scans of received
//! documents — in one file, every page of every part in order.
//!
//! Each part is read before anything is typeset: a PDF with `hayro-syntax` (typst's own PDF
//! reader, the same copy) for its page count and page sizes, an image with typst's decoder for
//! its size. A part that cannot be read fails with [`RenderError::BundlePart`] naming its
//! title. The template `bundle.typ` then places every PDF page at its own size (as vector
//! graphics: text stays text) and every image scaled to fit an A4 page, portrait or
//! landscape as the image is; each part's title becomes a bookmark.

use std::sync::Arc;

use serde::Serialize;
use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, RasterImage};

use crate::RenderError;

/// One part of a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundlePart {
    /// What the part is, e.g. `Commercial invoice CI2026-0011` or `B/L scan`: the bookmark,
    /// and the name in errors.
    pub title: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// What the bytes are.
    pub kind: BundleKind,
}

/// The kind of a [`BundlePart`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BundleKind {
    /// A PDF: every page is taken, at its own size.
    Pdf,
    /// A PNG image (a scan or photo), scaled to fit an A4 page.
    Png,
    /// A JPEG image, scaled to fit an A4 page.
    Jpeg,
}

/// What `bundle.typ` reads for one part.
#[derive(Debug, Serialize)]
pub(crate) struct PartData {
    pub(crate) title: String,
    /// Where the template finds the bytes, e.g. `/parts/0.pdf`.
    pub(crate) path: String,
    /// `pdf`, `png` or `jpg`: the format `image(..)` is told.
    format: &'static str,
    /// The page sizes in points (PDF parts), one per page.
    pages: Vec<(f32, f32)>,
    /// Wider than tall (images): printed on a landscape page.
    landscape: bool,
}

/// The parts as the template reads them, each with the virtual path its bytes are found at.
pub(crate) fn read_parts(parts: &[BundlePart]) -> Result<Vec<(PartData, Bytes)>, RenderError> {
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let fail = |reason: String| RenderError::BundlePart {
                title: part.title.clone(),
                reason,
            };
            let bytes = Bytes::new(part.bytes.clone());
            let data = match part.kind {
                BundleKind::Pdf => {
                    // The same bytes typst reads, shared, as typst itself opens a PDF.
                    let pdf = hayro_syntax::Pdf::new(Arc::new(bytes.clone())).map_err(|e| {
                        fail(match e {
                            hayro_syntax::LoadPdfError::Decryption(_) => {
                                "the PDF is encrypted and cannot be opened".to_owned()
                            }
                            hayro_syntax::LoadPdfError::Invalid => "not a readable PDF".to_owned(),
                        })
                    })?;
                    let pages: Vec<(f32, f32)> = pdf.pages().iter().map(|p| p.render_dimensions()).collect();
                    if pages.is_empty() {
                        return Err(fail("the PDF has no pages".to_owned()));
                    }
                    if let Some(n) = pages.iter().position(|(w, h)| !(*w > 0.0 && *h > 0.0)) {
                        return Err(fail(format!("page {} of the PDF has no size", n + 1)));
                    }
                    PartData {
                        title: part.title.clone(),
                        path: format!("/parts/{i}.pdf"),
                        format: "pdf",
                        pages,
                        landscape: false,
                    }
                }
                BundleKind::Png | BundleKind::Jpeg => {
                    // Read by content: a JPEG sent as PNG still prints.
                    let format = ExchangeFormat::detect(&part.bytes)
                        .filter(|f| matches!(f, ExchangeFormat::Png | ExchangeFormat::Jpg))
                        .ok_or_else(|| fail("not a PNG or JPEG image".to_owned()))?;
                    let image = RasterImage::plain(bytes.clone(), format)
                        .map_err(|e| fail(format!("the image cannot be decoded: {e}")))?;
                    let (extension, name) = match format {
                        ExchangeFormat::Png => ("png", "png"),
                        _ => ("jpg", "jpg"),
                    };
                    PartData {
                        title: part.title.clone(),
                        path: format!("/parts/{i}.{extension}"),
                        format: name,
                        pages: Vec::new(),
                        landscape: image.width() > image.height(),
                    }
                }
            };
            Ok((data, bytes))
        })
        .collect()
}
