//! Bold/italic from a font dictionary.
//!
//! Our vendored pdf-extract (vendor/pdf-extract) hands the collector the
//! dictionary of the font of each shown string, so the face is known while
//! the page is interpreted, with no second pass over the content.

use lopdf::{Dictionary, Document, Object};

/// Bit flags for a glyph's face.
pub(crate) const BOLD: u8 = 1;
pub(crate) const ITALIC: u8 = 2;

/// Face flags from a PostScript font name such as `ABCDEF+LiberationSans-BoldItalic`.
pub(crate) fn style_of_name(name: &[u8]) -> u8 {
    let s = String::from_utf8_lossy(name).to_ascii_lowercase();
    let mut st = 0;
    if s.contains("bold") || s.contains("black") || s.contains("heavy") {
        st |= BOLD;
    }
    if s.contains("italic") || s.contains("oblique") {
        st |= ITALIC;
    }
    st
}

pub(crate) fn font_style(doc: &Document, font: &Dictionary) -> u8 {
    let name = font
        .get(b"BaseFont")
        .ok()
        .and_then(|o| match o {
            Object::Reference(id) => doc.get_object(*id).ok(),
            o => Some(o),
        })
        .and_then(|o| o.as_name().ok());
    name.map(style_of_name).unwrap_or(0)
}
