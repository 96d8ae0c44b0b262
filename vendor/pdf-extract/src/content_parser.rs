//! planex patch: a streaming content-stream parser.
//!
//! Upstream decodes a whole content stream with lopdf's `Content::decode`
//! (nom combinators, one allocation per token, the whole operation list in
//! memory) before interpreting it; that was about a third of planex's PDF
//! time. This parser hands out one operation at a time in the same lopdf
//! types (`Operation`, `Object`), reusing the operation and the byte buffers
//! of its operands.
//!
//! It reads what lopdf reads, with the same values (reals are parsed as
//! `f32` like lopdf's), and stops at the first token it cannot parse, as
//! lopdf's lenient `Content::decode` does. Differences, all on malformed or
//! unusual input: comments, NUL and form feed are accepted between any two
//! tokens (lopdf stops there); an operator is a whole run of regular
//! characters (`d0` is one operator, lopdf splits it into `d` and a number).

use lopdf::content::Operation;
use lopdf::{Dictionary, Object, StringFormat};

/// Nesting limit for arrays, dictionaries and parentheses in strings (lopdf: 100).
const MAX_DEPTH: usize = 100;

#[inline]
fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0 | 0x0c)
}

#[inline]
fn is_delim(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

#[inline]
fn is_regular(c: u8) -> bool {
    !is_ws(c) && !is_delim(c)
}

#[inline]
fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

pub(crate) struct OpParser<'d> {
    data: &'d [u8],
    pos: usize,
    op: Operation,
    bytes_pool: Vec<Vec<u8>>,
    array_pool: Vec<Vec<Object>>,
    done: bool,
}

impl<'d> OpParser<'d> {
    pub(crate) fn new(data: &'d [u8]) -> Self {
        OpParser {
            data,
            pos: 0,
            op: Operation { operator: String::new(), operands: Vec::new() },
            bytes_pool: Vec::new(),
            array_pool: Vec::new(),
            done: false,
        }
    }

    /// The next operation, or `None` at the end or at the first parse error.
    pub(crate) fn next_op(&mut self) -> Option<&Operation> {
        if self.done {
            return None;
        }
        let mut operands = std::mem::take(&mut self.op.operands);
        for o in operands.drain(..) {
            self.recycle(o);
        }
        self.op.operands = operands;
        self.op.operator.clear();
        loop {
            self.skip_space();
            let Some(&c) = self.data.get(self.pos) else {
                self.done = true;
                return None;
            };
            if c.is_ascii_alphabetic() || c == b'*' || c == b'\'' || c == b'"' {
                let start = self.pos;
                while self.pos < self.data.len() && is_regular(self.data[self.pos]) {
                    self.pos += 1;
                }
                let tok = &self.data[start..self.pos];
                match tok {
                    b"true" => self.op.operands.push(Object::Boolean(true)),
                    b"false" => self.op.operands.push(Object::Boolean(false)),
                    b"null" => self.op.operands.push(Object::Null),
                    _ => {
                        let Ok(name) = std::str::from_utf8(tok) else {
                            self.done = true;
                            return None;
                        };
                        self.op.operator.push_str(name);
                        if tok == b"BI" {
                            // An inline image: nothing to interpret, skip it.
                            let mut operands = std::mem::take(&mut self.op.operands);
                            for o in operands.drain(..) {
                                self.recycle(o);
                            }
                            self.op.operands = operands;
                            if !self.skip_inline_image() {
                                self.done = true;
                                return None;
                            }
                        }
                        return Some(&self.op);
                    }
                }
            } else {
                match self.object(0) {
                    Some(o) => self.op.operands.push(o),
                    None => {
                        self.done = true;
                        return None;
                    }
                }
            }
        }
    }

    fn recycle(&mut self, o: Object) {
        match o {
            Object::Name(mut v) | Object::String(mut v, _) => {
                v.clear();
                self.bytes_pool.push(v);
            }
            Object::Array(mut a) => {
                for x in a.drain(..) {
                    self.recycle(x);
                }
                self.array_pool.push(a);
            }
            _ => {}
        }
    }

    fn bytes(&mut self) -> Vec<u8> {
        self.bytes_pool.pop().unwrap_or_default()
    }

    /// Whitespace and comments.
    fn skip_space(&mut self) {
        let d = self.data;
        loop {
            while self.pos < d.len() && is_ws(d[self.pos]) {
                self.pos += 1;
            }
            if self.pos < d.len() && d[self.pos] == b'%' {
                while self.pos < d.len() && d[self.pos] != b'\r' && d[self.pos] != b'\n' {
                    self.pos += 1;
                }
            } else {
                return;
            }
        }
    }

    /// One direct object (no references: content streams have none).
    fn object(&mut self, depth: usize) -> Option<Object> {
        let d = self.data;
        let c = *d.get(self.pos)?;
        match c {
            b'/' => {
                self.pos += 1;
                Some(Object::Name(self.name()))
            }
            b'(' => self.literal_string(),
            b'<' if d.get(self.pos + 1) == Some(&b'<') => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                self.pos += 2;
                let mut dict = Dictionary::new();
                loop {
                    self.skip_space();
                    if d[self.pos..].starts_with(b">>") {
                        self.pos += 2;
                        return Some(Object::Dictionary(dict));
                    }
                    if d.get(self.pos) != Some(&b'/') {
                        return None;
                    }
                    self.pos += 1;
                    let key = self.name();
                    self.skip_space();
                    let value = self.object(depth + 1)?;
                    dict.set(key, value);
                }
            }
            b'<' => {
                self.pos += 1;
                let mut out = self.bytes();
                let mut high: Option<u8> = None;
                loop {
                    let c = *d.get(self.pos)?;
                    self.pos += 1;
                    if is_ws(c) {
                        continue;
                    }
                    if c == b'>' {
                        break;
                    }
                    let v = hex_val(c)?;
                    match high.take() {
                        None => high = Some(v),
                        Some(h) => out.push(h << 4 | v),
                    }
                }
                if let Some(h) = high {
                    out.push(h << 4);
                }
                Some(Object::String(out, StringFormat::Hexadecimal))
            }
            b'[' => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                self.pos += 1;
                let mut arr = self.array_pool.pop().unwrap_or_default();
                loop {
                    self.skip_space();
                    match d.get(self.pos) {
                        None => return None,
                        Some(b']') => {
                            self.pos += 1;
                            return Some(Object::Array(arr));
                        }
                        Some(_) => {}
                    }
                    let o = self.object(depth + 1)?;
                    arr.push(o);
                }
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number(),
            c if c.is_ascii_alphabetic() => {
                let start = self.pos;
                while self.pos < d.len() && is_regular(d[self.pos]) {
                    self.pos += 1;
                }
                match &d[start..self.pos] {
                    b"true" => Some(Object::Boolean(true)),
                    b"false" => Some(Object::Boolean(false)),
                    b"null" => Some(Object::Null),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A name after its `/`, with `#xx` escapes.
    fn name(&mut self) -> Vec<u8> {
        let d = self.data;
        let mut out = self.bytes();
        while self.pos < d.len() {
            let c = d[self.pos];
            if c == b'#' {
                match (
                    d.get(self.pos + 1).and_then(|&x| hex_val(x)),
                    d.get(self.pos + 2).and_then(|&x| hex_val(x)),
                ) {
                    (Some(h), Some(l)) => {
                        out.push(h << 4 | l);
                        self.pos += 3;
                    }
                    _ => break,
                }
            } else if is_regular(c) {
                out.push(c);
                self.pos += 1;
            } else {
                break;
            }
        }
        out
    }

    /// `( ... )` with escapes and balanced parentheses.
    fn literal_string(&mut self) -> Option<Object> {
        let d = self.data;
        self.pos += 1;
        let mut out = self.bytes();
        let mut level = 1usize;
        loop {
            let c = *d.get(self.pos)?;
            self.pos += 1;
            match c {
                b'\\' => {
                    let e = *d.get(self.pos)?;
                    self.pos += 1;
                    match e {
                        b'0'..=b'7' => {
                            let mut v = (e - b'0') as u16;
                            for _ in 0..2 {
                                match d.get(self.pos) {
                                    Some(&x @ b'0'..=b'7') => {
                                        v = v * 8 + (x - b'0') as u16;
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        b'\r' => {
                            if d.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0c),
                        other => out.push(other),
                    }
                }
                b'(' => {
                    level += 1;
                    if level > MAX_DEPTH {
                        return None;
                    }
                    out.push(c);
                }
                b')' => {
                    level -= 1;
                    if level == 0 {
                        return Some(Object::String(out, StringFormat::Literal));
                    }
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
    }

    /// `[+-]digits`, `[+-]digits.digits*` or `[+-].digits`, as lopdf reads them.
    fn number(&mut self) -> Option<Object> {
        let d = self.data;
        let start = self.pos;
        let mut p = self.pos;
        if matches!(d.get(p), Some(b'+') | Some(b'-')) {
            p += 1;
        }
        let int_start = p;
        while p < d.len() && d[p].is_ascii_digit() {
            p += 1;
        }
        let int_digits = p - int_start;
        if d.get(p) == Some(&b'.') {
            let frac_start = p + 1;
            let mut q = frac_start;
            while q < d.len() && d[q].is_ascii_digit() {
                q += 1;
            }
            if int_digits > 0 || q > frac_start {
                let s = std::str::from_utf8(&d[start..q]).ok()?;
                let v: f32 = s.parse().ok()?;
                self.pos = q;
                return Some(Object::Real(v));
            }
            return None;
        }
        if int_digits == 0 {
            return None;
        }
        let s = std::str::from_utf8(&d[start..p]).ok()?;
        let v: i64 = s.parse().ok()?;
        self.pos = p;
        Some(Object::Integer(v))
    }

    /// After `BI`: the image dictionary, `ID`, the data and `EI`. Returns
    /// false when no end can be found.
    fn skip_inline_image(&mut self) -> bool {
        let d = self.data;
        let mut dict = Dictionary::new();
        loop {
            self.skip_space();
            if d[self.pos..].starts_with(b"ID")
                && d.get(self.pos + 2).map_or(true, |&c| !is_regular(c))
            {
                self.pos += 2;
                break;
            }
            if d.get(self.pos) != Some(&b'/') {
                return false;
            }
            self.pos += 1;
            let key = self.name();
            self.skip_space();
            match self.object(1) {
                Some(v) => dict.set(key, v),
                None => return false,
            }
        }
        // One whitespace byte separates ID from the data.
        if d.get(self.pos).map_or(false, |&c| is_ws(c)) {
            self.pos += 1;
        }
        let data_start = self.pos;
        // Unfiltered data has a known length (as lopdf computes it).
        if let Some(len) = inline_image_len(&dict) {
            let mut p = data_start.saturating_add(len);
            while p < d.len() && is_ws(d[p]) {
                p += 1;
            }
            if p <= d.len()
                && d[p..].starts_with(b"EI")
                && d.get(p + 2).map_or(true, |&c| !is_regular(c))
            {
                self.pos = p + 2;
                return true;
            }
        }
        // Otherwise the first "EI" between whitespace (or at the end).
        let mut p = data_start;
        while p + 2 <= d.len() {
            if d[p] == b'E'
                && d[p + 1] == b'I'
                && (p == data_start || is_ws(d[p - 1]))
                && d.get(p + 2).map_or(true, |&c| is_ws(c))
            {
                self.pos = p + 2;
                return true;
            }
            p += 1;
        }
        false
    }
}

/// planex patch: the `bfchar`/`bfrange` mappings of a ToUnicode CMap, as
/// `adobe_cmap_parser::get_unicode_map` reads them (source code, big-endian,
/// to UTF-16BE bytes; later entries win), using the content-stream lexer:
/// `n beginbfchar <src> <dst> ... endbfchar` arrives as one operation with
/// operator `endbfchar` and the pairs as operands, likewise the triples of
/// `endbfrange`. Malformed entries are skipped instead of panicking, and a
/// range covers at most 65536 codes.
pub(crate) fn to_unicode_cmap(data: &[u8]) -> std::collections::HashMap<u32, Vec<u8>> {
    fn code(s: &[u8]) -> u32 {
        s.iter().fold(0u32, |c, &b| (c << 8) | b as u32)
    }
    let mut map = std::collections::HashMap::new();
    let mut p = OpParser::new(data);
    while let Some(op) = p.next_op() {
        match op.operator.as_str() {
            "endbfchar" => {
                for pair in op.operands.chunks_exact(2) {
                    if let (Object::String(src, _), Object::String(dst, _)) = (&pair[0], &pair[1]) {
                        map.insert(code(src), dst.clone());
                    }
                }
            }
            "endbfrange" => {
                for t in op.operands.chunks_exact(3) {
                    let (Object::String(lo, _), Object::String(hi, _)) = (&t[0], &t[1]) else {
                        continue;
                    };
                    let (lo, hi) = (code(lo), code(hi));
                    if hi < lo {
                        continue;
                    }
                    let hi = hi.min(lo.saturating_add(0xffff));
                    match &t[2] {
                        Object::String(start, _) if start.len() == 4 => {
                            let v = code(start);
                            for c in lo..=hi {
                                map.insert(c, v.wrapping_add(c - lo).to_be_bytes().to_vec());
                            }
                        }
                        Object::String(start, _) if start.len() == 2 => {
                            let v = code(start) as u16;
                            for c in lo..=hi {
                                map.insert(c, v.wrapping_add((c - lo) as u16).to_be_bytes().to_vec());
                            }
                        }
                        Object::Array(dsts) if dsts.len() as u64 == (hi - lo) as u64 + 1 => {
                            for (c, d) in (lo..=hi).zip(dsts) {
                                if let Object::String(d, _) = d {
                                    map.insert(c, d.clone());
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    map
}

fn inline_image_len(dict: &Dictionary) -> Option<usize> {
    let get = |a: &[u8], b: &[u8]| dict.get(a).or_else(|_| dict.get(b)).ok();
    if get(b"F", b"Filter").is_some() {
        return None;
    }
    let int = |o: Option<&Object>| o.and_then(|o| o.as_i64().ok()).filter(|&v| v >= 0);
    let w = int(get(b"W", b"Width"))? as usize;
    let h = int(get(b"H", b"Height"))? as usize;
    let bpc = int(get(b"BPC", b"BitsPerComponent"))? as usize;
    let mask = get(b"IM", b"ImageMask").and_then(|o| o.as_bool().ok()) == Some(true);
    let colors = if mask {
        1
    } else {
        match get(b"CS", b"ColorSpace")?.as_name().ok()? {
            b"DeviceGray" | b"G" | b"Gray" => 1,
            b"DeviceRGB" | b"RGB" => 3,
            b"DeviceCMYK" | b"CMYK" => 4,
            _ => return None,
        }
    };
    let stride = w.checked_mul(colors)?.checked_mul(bpc)?.checked_add(7)? / 8;
    h.checked_mul(stride)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::Content;

    fn ours(data: &[u8]) -> Vec<Operation> {
        let mut p = OpParser::new(data);
        let mut v = Vec::new();
        while let Some(op) = p.next_op() {
            v.push(Operation { operator: op.operator.clone(), operands: op.operands.clone() });
        }
        v
    }

    fn same_as_lopdf(data: &[u8]) {
        let theirs = Content::decode(data).unwrap().operations;
        let ours = ours(data);
        assert_eq!(format!("{:?}", ours), format!("{:?}", theirs), "{}", String::from_utf8_lossy(data));
    }

    #[test]
    fn matches_lopdf_on_valid_content() {
        same_as_lopdf(b"q 0.75 0 0 -0.75 0 842 cm BT /F4 14 Tf 1 0 0 -1 40.5 60.25 Tm <0012003A0041> Tj [<0012> -250 <003A> 12.5 (a\\(b\\)c\\n\\101\\0)] TJ ET Q");
        same_as_lopdf(b"BT /F1 12 Tf 10 20 Td (Hello \\\nworld (nested) ok) Tj T* 0 Tw 1.5 Tc 100 Tz 2 Ts (x) ' 1 2 (y) \" ET");
        same_as_lopdf(b"/Name#20with#2Fesc BMC /P <</MCID 3 /Alt (t) /A [1 2.5 -.5 +3 5.]>> BDC EMC");
        same_as_lopdf(b"1 0 0 RG 0.5 g 10 10 100 50 re f 0 0 m 10 10 l 1 2 3 4 5 6 c S n");
        same_as_lopdf(b"<4 1 4> Tj <414> Tj true false null");
        same_as_lopdf(b"% a comment\nq Q % trailing");
    }

    #[test]
    fn stops_at_garbage_like_lopdf() {
        assert_eq!(ours(b"q 1 0 0 1 10 10 cm (corrupted Q").len(), 2);
        assert_eq!(ours(b"q ) Q").len(), 1);
        assert_eq!(ours(b"[[[[").len(), 0);
    }

    #[test]
    fn skips_inline_images() {
        let ops = ours(b"q BI /W 2 /H 2 /BPC 8 /CS /G ID \x00EI\xff EI Q BI /W 4 /F /AHx ID 0a0b> EI (t) Tj");
        let names: Vec<&str> = ops.iter().map(|o| o.operator.as_str()).collect();
        assert_eq!(names, ["q", "BI", "Q", "BI", "Tj"]);
    }

    #[test]
    fn to_unicode_like_adobe_cmap_parser() {
        let cmap = b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n3 beginbfchar\n<0003> <0020>\n<0011> <00E6>\n<0024> <D835DC00>\nendbfchar\n2 beginbfrange\n<0030> <0033> <0041>\n<0040> <0042> [<0061> <0062> <00660069>]\nendbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
        let ours = to_unicode_cmap(cmap);
        let theirs = adobe_cmap_parser::get_unicode_map(cmap).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(ours.len(), 10);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = vec![b'['; 100_000];
        assert!(ours(&deep).is_empty());
        let mut s = vec![b'('; 100_000];
        s.extend(b" Tj");
        assert!(ours(&s).is_empty());
    }
}
