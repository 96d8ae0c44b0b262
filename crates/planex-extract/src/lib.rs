//! Bytes to text lines with layout and provenance.
//!
//! The first stage of the planex pipeline. A plan arrives as bytes, either a
//! text file (UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252;
//! LF, CRLF or CR line ends) or a PDF (handed to [`planex_pdf`]). Either way
//! the result is an [`ExtractedText`]: the lines every later stage works on,
//! numbered from 1, which is what every `span` in the output refers to.
//!
//! ```
//! use planex_extract::{extract_bytes, InputKind};
//! let doc = extract_bytes(b"Indledning\r\n\r\nTekst med \xe6\xf8\xe5.\r\n", InputKind::Text).unwrap();
//! assert_eq!(doc.lines[2].text, "Tekst med æøå."); // Windows-1252 fallback, CRLF
//! ```

use std::borrow::Cow;
use std::path::Path;

use planex_model::{ExtractedText, SourceFormat, TextLine, Warning};

mod columns;
mod markdown;
mod pages;

/// What kind of front end an input needs, decided from its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Pdf,
}

impl InputKind {
    /// `.txt` and `.md` are text, `.pdf` is PDF (case-insensitive); anything else is not a plan.
    pub fn from_path(path: &Path) -> Option<InputKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" => Some(InputKind::Text),
            "pdf" => Some(InputKind::Pdf),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("empty file")]
    Empty,
    #[error("binary data, not a text plan ({0})")]
    Binary(String),
    #[error("no text: the file holds only whitespace")]
    NoText,
    #[error(transparent)]
    Pdf(#[from] planex_pdf::PdfError),
}

/// Extract lines from the bytes of one input.
pub fn extract_bytes(bytes: &[u8], kind: InputKind) -> Result<ExtractedText, ExtractError> {
    match kind {
        InputKind::Text => extract_text(bytes),
        InputKind::Pdf => Ok(planex_pdf::extract_pdf(bytes)?),
    }
}

/// Decode a text file and split it into lines.
pub fn extract_text(bytes: &[u8]) -> Result<ExtractedText, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    let mut warnings = Vec::new();
    let text = decode(bytes, &mut warnings)?;
    if text.trim().is_empty() {
        return Err(ExtractError::NoText);
    }
    // Room for every line, counted first (vectorised counts): the vector
    // of lines is not regrown and moved as it fills. (A CRLF counts twice:
    // a little room to spare.)
    let breaks = memchr::memchr_iter(b'\n', text.as_bytes()).count()
        + memchr::memchr_iter(b'\r', text.as_bytes()).count();
    let mut lines: Vec<TextLine> = Vec::with_capacity(breaks + 1);
    lines.extend(split_lines(&text).map(TextLine::plain));
    // Markdown first: its table rows then hold tabs, which the search for
    // space-aligned tables leaves alone.
    markdown::rewrite(&mut lines);
    // One vectorised scan of the whole text decides whether there are pages.
    let pages = if memchr::memchr(b'\x0c', text.as_bytes()).is_some() {
        pages::paginate(&mut lines)
    } else {
        None
    };
    columns::tabulate(&mut lines);
    Ok(ExtractedText {
        format: SourceFormat::Text,
        pages,
        lines,
        warnings,
    })
}

/// Split on LF, CRLF and lone CR, without a phantom last line after a final break.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let trimmed = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .or_else(|| text.strip_suffix('\r'))
        .unwrap_or(text);
    let mut rest = Some(trimmed);
    std::iter::from_fn(move || {
        let s = rest?;
        // memchr2: a vectorised scan, far faster than a char-pattern find.
        match memchr::memchr2(b'\n', b'\r', s.as_bytes()) {
            Some(i) => {
                let skip = if s[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&s[i + skip..]);
                Some(&s[..i])
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}

/// The text of `bytes`, borrowed when they are UTF-8 already (most
/// plans): the lines are copied out of it, so a whole copy would be waste.
fn decode<'b>(bytes: &'b [u8], warnings: &mut Vec<Warning>) -> Result<Cow<'b, str>, ExtractError> {
    // A BOM is authoritative.
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            warnings.push(Warning {
                code: "invalid_encoding".into(),
                message: format!("invalid {} sequences replaced", encoding.name()),
                span: None,
            });
        }
        return check_not_binary(text);
    }
    // simdutf8 validates with SIMD: std's check slows to a byte at a time
    // around every æ, ø and å, which Danish text has every few words.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return check_not_binary(Cow::Borrowed(text));
    }
    // Not UTF-8: plans from Windows tools are commonly Windows-1252, a superset
    // of Latin-1 covering æøå. Garbage decodes too, so check for binary first.
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    warnings.push(Warning {
        code: "legacy_encoding".into(),
        message: "not UTF-8; decoded as Windows-1252".into(),
        span: None,
    });
    check_not_binary(text)
}

/// How many bytes satisfy `pred`, counted in byte lanes per chunk of 255
/// so that the compiler vectorises the loop.
fn count_bytes(bytes: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            chunk
                .iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(pred(b)))) as usize
        })
        .sum()
}

/// Text plans hold almost no control characters; binary files hold many.
fn check_not_binary(text: Cow<'_, str>) -> Result<Cow<'_, str>, ExtractError> {
    // The first 16 KiB decide (binary files show control bytes at once);
    // counted on bytes: a control character is a C0 byte (but line breaks,
    // tab and form feed), DEL, or a C1 character (UTF-8 `C2 80`..`C2 9F`);
    // U+FFFD (`EF BF BD`) marks bytes the decoder could not read.
    let mut end = text.len().min(16 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text.as_bytes()[..end];
    let c0 = count_bytes(head, |b| {
        (b < 0x20 && b != b'\n' && b != b'\r' && b != b'\t' && b != 0x0c) || b == 0x7f
    });
    let c1 = memchr::memchr_iter(0xc2, head)
        .filter(|&i| head.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
        .count();
    let replaced = memchr::memmem::find_iter(head, "\u{fffd}".as_bytes()).count();
    let control = c0 + c1 + replaced;
    // (No control character, no binary: most texts are not counted further.)
    if control == 0 {
        return Ok(text);
    }
    let total = count_bytes(head, |b| b & 0xc0 != 0x80); // chars start here
    if total > 0 && (control * 100 > total * 2 || text.contains('\0')) {
        return Err(ExtractError::Binary(format!(
            "{control} of the first {total} characters are control or invalid"
        )));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(doc: &ExtractedText) -> Vec<&str> {
        doc.lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = extract_text("Holbæk\nKommune\n".as_bytes()).unwrap();
        let bom = extract_text("\u{feff}Holbæk\nKommune\n".as_bytes()).unwrap();
        assert_eq!(texts(&plain), ["Holbæk", "Kommune"]);
        assert_eq!(texts(&bom), ["Holbæk", "Kommune"]);
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xff, 0xfe];
        for u in "Målsætninger\r\nIndsatser".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            texts(&extract_text(&le).unwrap()),
            ["Målsætninger", "Indsatser"]
        );
        let mut be = vec![0xfe, 0xff];
        for u in "Succeskriterier".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(texts(&extract_text(&be).unwrap()), ["Succeskriterier"]);
    }

    #[test]
    fn windows_1252_fallback_with_warning() {
        let doc = extract_text(b"Fleksjob \x96 f\xf8rtidspension\n").unwrap();
        assert_eq!(texts(&doc), ["Fleksjob – førtidspension"]);
        assert_eq!(doc.warnings[0].code, "legacy_encoding");
    }

    #[test]
    fn crlf_and_cr_line_ends() {
        assert_eq!(
            texts(&extract_text(b"a\r\nb\r\n\r\nc").unwrap()),
            ["a", "b", "", "c"]
        );
        assert_eq!(
            texts(&extract_text(b"a\rb\r\rc\r").unwrap()),
            ["a", "b", "", "c"]
        );
    }

    #[test]
    fn empty_and_blank_files_are_errors() {
        assert!(matches!(extract_text(b""), Err(ExtractError::Empty)));
        assert!(matches!(
            extract_text(b"  \n\n "),
            Err(ExtractError::NoText)
        ));
    }

    #[test]
    fn binary_garbage_is_an_error() {
        let garbage: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        let err = extract_text(&garbage).unwrap_err();
        assert!(matches!(err, ExtractError::Binary(_)), "{err}");
    }

    /// Texts with a few control characters are counted in full: a rare
    /// one passes, a NUL or too many fail.
    #[test]
    fn few_control_characters_pass_and_a_nul_fails() {
        let prose = "Ledigheden er faldet i kommunen.\n".repeat(20);
        assert!(extract_text(prose.as_bytes()).is_ok());
        let with_bell = format!("{prose}\u{7}{prose}");
        assert!(extract_text(with_bell.as_bytes()).is_ok());
        let with_c1 = format!("{prose}\u{85}{prose}");
        assert!(extract_text(with_c1.as_bytes()).is_ok());
        let with_nul = format!("{prose}\0{prose}");
        assert!(matches!(
            extract_text(with_nul.as_bytes()),
            Err(ExtractError::Binary(_))
        ));
        let many = format!("{prose}{}", "\u{1}\u{2}".repeat(40));
        assert!(matches!(
            extract_text(many.as_bytes()),
            Err(ExtractError::Binary(_))
        ));
    }

    #[test]
    fn kind_from_extension() {
        assert_eq!(
            InputKind::from_path(Path::new("a/b.TXT")),
            Some(InputKind::Text)
        );
        assert_eq!(
            InputKind::from_path(Path::new("x.twocol.pdf")),
            Some(InputKind::Pdf)
        );
        assert_eq!(InputKind::from_path(Path::new("notes.docx")), None);
    }
}
