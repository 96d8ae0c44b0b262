//! Broken, empty, encrypted and text-less inputs give the right error, no panic.

use lopdf::{dictionary, Document, Object, Stream};
use planex_pdf::{extract_pdf, PdfError};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/pdf");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

#[test]
fn empty_and_garbage_are_not_pdf() {
    assert_eq!(extract_pdf(b"").unwrap_err(), PdfError::NotPdf);
    assert_eq!(
        extract_pdf(b"PK\x03\x04 this is a zip, not a pdf").unwrap_err(),
        PdfError::NotPdf
    );
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    assert_eq!(extract_pdf(&garbage).unwrap_err(), PdfError::NotPdf);
}

#[test]
fn truncated_pdf_is_malformed() {
    let bytes = std::fs::read(format!("{CORPUS}/jammerbugt-2021.pdf")).unwrap();
    let half = &bytes[..bytes.len() / 2];
    match extract_pdf(half) {
        Err(PdfError::Malformed(msg)) => assert!(!msg.is_empty()),
        other => panic!("expected Malformed, got {other:?}"),
    }
    // Header only.
    assert!(matches!(
        extract_pdf(b"%PDF-1.7\n"),
        Err(PdfError::Malformed(_))
    ));
}

fn save(doc: &mut Document) -> Vec<u8> {
    let mut v = Vec::new();
    doc.save_to(&mut v).unwrap();
    v
}

#[test]
fn zero_pages() {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {"Type" => "Pages", "Kids" => vec![], "Count" => 0}),
    );
    let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog);
    let bytes = save(&mut doc);
    assert_eq!(extract_pdf(&bytes).unwrap_err(), PdfError::NoPages);
}

/// One page that only paints an image: what a scan without OCR looks like.
#[test]
fn image_only_page_has_no_text_layer() {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let img = doc.add_object(Stream::new(
        dictionary! {"Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8},
        vec![0, 255, 255, 0],
    ));
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"q 500 0 0 700 50 50 cm /Im0 Do Q".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content, "Resources" => dictionary! {"XObject" => dictionary! {"Im0" => img}},
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! {"Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1},
        ),
    );
    let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog);
    let bytes = save(&mut doc);
    let err = extract_pdf(&bytes).unwrap_err();
    assert_eq!(err, PdfError::NoTextLayer);
    assert!(err.to_string().contains("ocrmypdf"));
}

/// Made with `qpdf --encrypt secret secret 256 -- in.pdf encrypted.pdf` from a
/// small one-page PDF.
#[test]
fn encrypted_pdf() {
    let bytes = std::fs::read(format!("{FIXTURES}/encrypted.pdf")).unwrap();
    assert_eq!(extract_pdf(&bytes).unwrap_err(), PdfError::Encrypted);
}

#[test]
fn error_messages_are_one_line() {
    for e in [
        PdfError::NotPdf,
        PdfError::Encrypted,
        PdfError::NoPages,
        PdfError::NoTextLayer,
        PdfError::Malformed("x".into()),
        PdfError::Panic("y".into()),
    ] {
        assert!(!e.to_string().contains('\n'));
    }
}

/// The unencrypted source of `encrypted.pdf` (simple Type1 font, no Chrome).
#[test]
fn simple_font_pdf_extracts() {
    let bytes = std::fs::read(format!("{FIXTURES}/plain.pdf")).unwrap();
    let doc = extract_pdf(&bytes).unwrap();
    assert_eq!(doc.pages, Some(1));
    assert_eq!(doc.lines.len(), 1);
    assert_eq!(doc.lines[0].text, "Hemmelig plan");
    assert_eq!(doc.lines[0].page, Some(1));
    assert_eq!(doc.lines[0].style.font_size, Some(12.0));
}
