//! Which font each text-showing string of a page is set in.
//!
//! pdf-extract's `OutputDev` receives glyph positions but not the font, and
//! bold/italic detection needs the font name. pdf-extract calls
//! `begin_word` exactly once per string shown by `Tj` and once per string
//! element of a `TJ` array, in content-stream order (recursing into form
//! XObjects at `Do`). This module runs a small, allocation-light lexer over
//! the same content and records the style of the current font at each of
//! those strings, so the collector can look the style up by counting
//! `begin_word` calls. A mismatch in the counts is detected and reported as a
//! warning (styles are then dropped for that page, text is unaffected).

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::BTreeMap;

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

fn font_style(doc: &Document, font: &Dictionary) -> u8 {
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

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        o => Some(o),
    }
}

fn fonts_of_resources(doc: &Document, res: &Dictionary) -> BTreeMap<Vec<u8>, u8> {
    let mut map = BTreeMap::new();
    if let Some(Object::Dictionary(fonts)) = res.get(b"Font").ok().and_then(|o| deref(doc, o)) {
        for (name, f) in fonts.iter() {
            if let Some(Object::Dictionary(fd)) = deref(doc, f) {
                map.insert(name.clone(), font_style(doc, fd));
            }
        }
    }
    map
}

/// Per-page result: the style of each shown string, in order.
pub(crate) struct PageFonts {
    pub styles: Vec<u8>,
}

/// Lex the page's content and list the face of every string pdf-extract will show.
pub(crate) fn page_fonts(doc: &Document, page_id: ObjectId) -> PageFonts {
    let mut styles = Vec::new();
    let fonts: BTreeMap<Vec<u8>, u8> = doc
        .get_page_fonts(page_id)
        .map(|m| {
            m.into_iter()
                .map(|(k, d)| (k, font_style(doc, d)))
                .collect()
        })
        .unwrap_or_default();
    let xobjects = doc
        .get_page_resources(page_id)
        .ok()
        .and_then(|(d, _)| d)
        .and_then(|d| d.get(b"XObject").ok())
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok());
    if let Ok(content) = doc.get_page_content(page_id) {
        lex(doc, &content, &fonts, xobjects, &mut styles, 0);
    }
    PageFonts { styles }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | 0)
}
fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Tok {
    Str,
    Other,
}

fn lex(
    doc: &Document,
    c: &[u8],
    fonts: &BTreeMap<Vec<u8>, u8>,
    xobjects: Option<&Dictionary>,
    out: &mut Vec<u8>,
    depth: u32,
) {
    let mut i = 0;
    let n = c.len();
    let mut cur: u8 = 0;
    let mut stack: Vec<u8> = Vec::new(); // q/Q saves the font with the graphics state
    let mut last_name: Option<(usize, usize)> = None;
    let mut operands: Vec<Tok> = Vec::new();
    let mut arr_depth = 0u32;
    let mut arr_strings = 0usize;
    let mut last_arr_strings: Option<usize> = None;
    while i < n {
        let b = c[i];
        if is_ws(b) {
            i += 1;
            continue;
        }
        match b {
            b'%' => {
                while i < n && c[i] != b'\n' && c[i] != b'\r' {
                    i += 1;
                }
            }
            b'(' => {
                let mut lvl = 1;
                i += 1;
                while i < n && lvl > 0 {
                    match c[i] {
                        b'\\' => i += 1,
                        b'(' => lvl += 1,
                        b')' => lvl -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                if arr_depth > 0 {
                    arr_strings += 1;
                } else {
                    operands.push(Tok::Str);
                }
            }
            b'<' if i + 1 < n && c[i + 1] == b'<' => i += 2,
            b'>' if i + 1 < n && c[i + 1] == b'>' => i += 2,
            b'<' => {
                while i < n && c[i] != b'>' {
                    i += 1;
                }
                i += 1;
                if arr_depth > 0 {
                    arr_strings += 1;
                } else {
                    operands.push(Tok::Str);
                }
            }
            b'[' => {
                if arr_depth == 0 {
                    arr_strings = 0;
                }
                arr_depth += 1;
                i += 1;
            }
            b']' => {
                arr_depth = arr_depth.saturating_sub(1);
                if arr_depth == 0 {
                    last_arr_strings = Some(arr_strings);
                    operands.push(Tok::Other);
                }
                i += 1;
            }
            b'/' => {
                let s = i + 1;
                i += 1;
                while i < n && !is_ws(c[i]) && !is_delim(c[i]) {
                    i += 1;
                }
                if arr_depth == 0 {
                    last_name = Some((s, i));
                    operands.push(Tok::Other);
                }
            }
            _ => {
                let s = i;
                while i < n && !is_ws(c[i]) && !is_delim(c[i]) {
                    i += 1;
                }
                if i == s {
                    i += 1; // stray delimiter such as ')' or '}'
                    continue;
                }
                let tok = &c[s..i];
                if arr_depth > 0 {
                    continue;
                }
                let first = tok[0];
                if first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.') {
                    operands.push(Tok::Other);
                    continue;
                }
                match tok {
                    b"Tf" => {
                        if let Some((a, e)) = last_name {
                            cur = fonts.get(&c[a..e]).copied().unwrap_or(0);
                        }
                    }
                    b"Tj" if operands.last() == Some(&Tok::Str) => out.push(cur),
                    b"TJ" => {
                        if let Some(k) = last_arr_strings {
                            out.extend((0..k).map(|_| cur));
                        }
                    }
                    b"q" => stack.push(cur),
                    b"Q" => {
                        if let Some(f) = stack.pop() {
                            cur = f;
                        }
                    }
                    b"Do" => {
                        if let (Some((a, e)), Some(xo), true) = (last_name, xobjects, depth < 8) {
                            if let Some(Object::Stream(st)) =
                                xo.get(&c[a..e]).ok().and_then(|o| deref(doc, o))
                            {
                                let is_form = st
                                    .dict
                                    .get(b"Subtype")
                                    .and_then(|o| o.as_name())
                                    .map(|n| n == b"Form")
                                    .unwrap_or(false);
                                if is_form {
                                    let res = st
                                        .dict
                                        .get(b"Resources")
                                        .ok()
                                        .and_then(|o| deref(doc, o))
                                        .and_then(|o| o.as_dict().ok());
                                    let sub_fonts = res.map(|r| fonts_of_resources(doc, r));
                                    let sub_xo = res
                                        .and_then(|r| r.get(b"XObject").ok())
                                        .and_then(|o| deref(doc, o))
                                        .and_then(|o| o.as_dict().ok())
                                        .or(Some(xo));
                                    let data = st
                                        .decompressed_content()
                                        .unwrap_or_else(|_| st.content.clone());
                                    lex(
                                        doc,
                                        &data,
                                        sub_fonts.as_ref().unwrap_or(fonts),
                                        sub_xo,
                                        out,
                                        depth + 1,
                                    );
                                }
                            }
                        }
                    }
                    b"BI" => {
                        // Inline image: skip binary data up to "EI".
                        while i + 2 < n && !(is_ws(c[i]) && c[i + 1] == b'E' && c[i + 2] == b'I') {
                            i += 1;
                        }
                        i += 3;
                    }
                    _ => {}
                }
                operands.clear();
                last_arr_strings = None;
            }
        }
    }
}

/// Does any page show text at all? Cheap check used to report `NoTextLayer`
/// without running the full extraction.
pub(crate) fn count_shown(pages: &[PageFonts]) -> usize {
    pages.iter().map(|p| p.styles.len()).sum()
}

/// pdf-extract 0.12 misreads the `cfirst clast width` form of a CIDFont's
/// `/W` array (it uses `cfirst` for all three numbers), so every glyph in
/// such a range gets the default width. Chrome writes that form for runs of
/// equal widths (digits!), which shifts the positions of later glyphs of the
/// same string and breaks word spacing. Rewrite those ranges into the
/// `cfirst [w w ...]` form that pdf-extract does read. Returns the number of
/// fonts fixed.
pub(crate) fn normalise_cid_widths(doc: &mut Document) -> usize {
    let mut targets: Vec<ObjectId> = Vec::new();
    let mut fixed = 0;
    for (id, obj) in doc.objects.iter() {
        if let Object::Dictionary(d) = obj {
            let sub = d.get(b"Subtype").and_then(|o| o.as_name()).unwrap_or(b"");
            if sub == b"CIDFontType2" || sub == b"CIDFontType0" {
                targets.push(*id);
            }
        }
    }
    for id in targets {
        // The array may be direct or behind a reference.
        let w_ref = match doc
            .get_object(id)
            .and_then(|o| o.as_dict())
            .and_then(|d| d.get(b"W"))
        {
            Ok(Object::Reference(r)) => Some(*r),
            Ok(Object::Array(_)) => None,
            _ => continue,
        };
        let arr = match w_ref {
            Some(r) => doc
                .get_object_mut(r)
                .ok()
                .and_then(|o| o.as_array_mut().ok()),
            None => doc
                .get_object_mut(id)
                .ok()
                .and_then(|o| o.as_dict_mut().ok())
                .and_then(|d| d.get_mut(b"W").ok())
                .and_then(|o| o.as_array_mut().ok()),
        };
        let Some(arr) = arr else { continue };
        if let Some(new) = rewrite_w(arr) {
            *arr = new;
            fixed += 1;
        }
    }
    fixed
}

fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    }
}

fn rewrite_w(w: &[Object]) -> Option<Vec<Object>> {
    let mut out = Vec::with_capacity(w.len());
    let mut i = 0;
    let mut changed = false;
    while i < w.len() {
        match w.get(i + 1) {
            Some(Object::Array(_)) => {
                out.push(w[i].clone());
                out.push(w[i + 1].clone());
                i += 2;
            }
            Some(_) if i + 2 < w.len() => {
                let (a, b, width) = (num(&w[i])?, num(&w[i + 1])?, w[i + 2].clone());
                let (a, b) = (a as i64, b as i64);
                if b < a || b - a > 65535 {
                    return None;
                }
                out.push(Object::Integer(a));
                out.push(Object::Array((a..=b).map(|_| width.clone()).collect()));
                changed = true;
                i += 3;
            }
            _ => return None,
        }
    }
    changed.then_some(out)
}
