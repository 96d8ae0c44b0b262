//! Layout-aware PDF front end: glyph positions from pdf-extract to lines,
//! columns, tables and page furniture.
//!
//! [`extract_pdf`] turns the bytes of a PDF into the same kind of
//! [`ExtractedText`] the plain-text front end produces, so one parser can
//! consume both. Plain `pdf_extract::extract_text` is not good enough for
//! that: it splits words set in large type, mixes running headers and page
//! numbers into the body and reads two-column pages across the gutter. So we
//! take pdf-extract's *positioned* output (an [`pdf_extract::OutputDev`]) and
//! rebuild the page ourselves:
//!
//! 1. glyphs are clustered into rows by baseline and split into words (space
//!    glyphs or gaps) and fragments (wide gaps with no space glyph: column
//!    gutters, table cells, TOC page numbers);
//! 2. running headers/footers and page numbers are dropped (same text at the
//!    same height on many pages, or "Side N");
//! 3. each page is cut into horizontal bands that are either one or two
//!    columns wide (a row crossing the gutter, or a short heading set across
//!    both columns with the other column empty beside it, ends a band);
//!    two-column bands are read left column first;
//! 4. the line stream follows the text-file conventions: blank lines between
//!    blocks, `- ` list items, `**bold**`/`*italic*` runs, tab-separated
//!    table rows and `Title\tPAGE` TOC entries, wrapped headings joined.
//!
//! Paragraph lines are *not* joined and hyphens are kept: the parser does that
//! for both front ends.
//!
//! ```no_run
//! let bytes = std::fs::read("plan.pdf").unwrap();
//! match planex_pdf::extract_pdf(&bytes) {
//!     Ok(doc) => {
//!         for line in &doc.lines {
//!             println!("{:?}: {}", line.page, line.text);
//!         }
//!     }
//!     Err(e) => eprintln!("cannot read PDF: {e}"),
//! }
//! ```

mod assemble;
mod collect;
mod fonts;
mod layout;

pub use layout::{furniture_key, is_page_number};

use planex_model::{ExtractedText, SourceFormat, Warning};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Why a PDF could not be turned into text.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum PdfError {
    #[error("not a PDF file (no %PDF header)")]
    NotPdf,
    #[error("PDF is encrypted; decrypt it first (e.g. qpdf --decrypt)")]
    Encrypted,
    #[error("PDF has no pages")]
    NoPages,
    #[error("no text layer (scanned?); run OCR first, e.g. ocrmypdf")]
    NoTextLayer,
    #[error("malformed PDF: {0}")]
    Malformed(String),
    #[error("PDF text extraction crashed: {0}")]
    Panic(String),
}

fn warning(code: &str, message: String) -> Warning {
    Warning {
        code: code.to_string(),
        message,
        span: None,
    }
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Extract layout-aware text lines from the bytes of a PDF.
///
/// Every returned [`planex_model::TextLine`] that is not blank carries its
/// 1-based physical page, its dominant font size, whether it is all bold and
/// its indent from the column's left edge.
pub fn extract_pdf(bytes: &[u8]) -> Result<ExtractedText, PdfError> {
    // The header may legally be preceded by some junk; look at the first KiB.
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    let mut warnings = Vec::new();
    // lopdf can panic on some corrupt input; treat that as malformed.
    let doc = match catch_unwind(|| lopdf::Document::load_mem(bytes)) {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => return Err(load_error(e)),
        Err(p) => return Err(PdfError::Malformed(panic_message(p))),
    };
    if doc.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    if doc.was_encrypted() {
        warnings.push(warning(
            "pdf_encrypted_empty_password",
            "PDF was encrypted with an empty user password; decrypted".into(),
        ));
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    let npages = pages.len() as u32;
    let mut collector = collect::Collector::new(&doc);
    match catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::output_doc(&doc, &mut collector)
    })) {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            // Keep what was collected before the failure, if anything.
            if collector.pages.is_empty() {
                return Err(PdfError::Malformed(e.to_string()));
            }
            warnings.push(warning(
                "pdf_partial",
                format!("text extraction stopped early: {e}"),
            ));
        }
        Err(p) => return Err(PdfError::Panic(panic_message(p))),
    }
    let pages = collector.pages;
    if pages.iter().all(|p| !p.has_text) {
        return Err(PdfError::NoTextLayer);
    }
    let empty_pages: Vec<u32> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.has_text)
        .map(|(i, _)| i as u32 + 1)
        .collect();
    let widths: Vec<f32> = pages.iter().map(|p| p.width).collect();
    let mut rows: Vec<(Vec<layout::Row>, f32)> =
        pages.into_iter().map(|p| (p.rows, p.height)).collect();
    layout::strip_furniture(&mut rows);
    if !empty_pages.is_empty() {
        warnings.push(warning(
            "pdf_pages_without_text",
            format!("page(s) {empty_pages:?} have no text layer (images only?)"),
        ));
    }
    let mut asm = assemble::Assembler::new();
    for (i, ((r, _), w)) in rows.into_iter().zip(widths).enumerate() {
        asm.add_page(r, i as u32 + 1, w);
    }
    let lines = asm.finish();
    Ok(ExtractedText {
        format: SourceFormat::Pdf,
        pages: Some(npages),
        lines,
        warnings,
    })
}

fn load_error(e: lopdf::Error) -> PdfError {
    let msg = e.to_string();
    match e {
        lopdf::Error::Decryption(_)
        | lopdf::Error::InvalidPassword
        | lopdf::Error::AlreadyEncrypted => PdfError::Encrypted,
        _ if msg.to_lowercase().contains("encrypt") || msg.to_lowercase().contains("password") => {
            PdfError::Encrypted
        }
        _ => PdfError::Malformed(msg),
    }
}

#[doc(hidden)]
pub fn debug_glyphs(bytes: &[u8], page: usize) -> Vec<(f32, f32, f32, f32, String, u8, u32)> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let mut c = collect::Collector::new(&doc);
    c.kept = Some(Vec::new());
    pdf_extract::output_doc(&doc, &mut c).unwrap();
    c.kept.unwrap()[page]
        .glyphs
        .iter()
        .map(|g| (g.x, g.y, g.w, g.size, g.text.to_string(), g.style, g.run))
        .collect()
}
