//! The `OutputDev` that records positioned glyphs and bullet-like shapes.

use crate::fonts::font_style;
use crate::layout::{build_rows, Row};
use pdf_extract::{
    ColorSpace, Dictionary, Document, MediaBox, OutputDev, OutputError, Path, PathOp, Transform,
};
use std::collections::HashMap;

/// A glyph's text: nearly always one character, kept without allocation.
#[derive(Clone, PartialEq)]
pub(crate) enum GlyphText {
    One(char),
    Many(Box<str>),
}

impl GlyphText {
    /// `s` is not empty.
    pub fn new(s: &str) -> Self {
        let mut cs = s.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) => GlyphText::One(c),
            _ => GlyphText::Many(s.into()),
        }
    }
    pub fn push_to(&self, out: &mut String) {
        match self {
            GlyphText::One(c) => out.push(*c),
            GlyphText::Many(s) => out.push_str(s),
        }
    }
    pub fn char_count(&self) -> usize {
        match self {
            GlyphText::One(_) => 1,
            GlyphText::Many(s) => s.chars().count(),
        }
    }
}

impl std::fmt::Display for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GlyphText::One(c) => write!(f, "{c}"),
            GlyphText::Many(s) => f.write_str(s),
        }
    }
}

impl std::fmt::Debug for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.to_string())
    }
}

/// One glyph in page space: x to the right, y downwards from the top edge,
/// y is the baseline.
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub size: f32,
    pub text: GlyphText,
    pub style: u8,
    pub space: bool,
    /// Index of the shown string the glyph came from; glyphs of one string
    /// are never split by a space we invent.
    pub run: u32,
}

/// A small filled or stroked shape: Chrome draws list bullets as paths.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

#[derive(Debug, Default)]
pub(crate) struct PageGlyphs {
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub bullets: Vec<Shape>,
    /// Shown strings seen on the page.
    pub runs: u32,
}

/// A finished page: its rows (glyphs are turned into rows as soon as a page
/// ends, so only one page's glyphs are held at a time).
pub(crate) struct PageRows {
    pub rows: Vec<Row>,
    pub width: f32,
    pub height: f32,
    /// Any glyph other than a space.
    pub has_text: bool,
}

pub(crate) struct Collector<'a> {
    pub pages: Vec<PageRows>,
    /// The glyphs of every page as well, when asked for (debugging).
    pub kept: Option<Vec<PageGlyphs>>,
    doc: &'a Document,
    /// Face of each font dictionary met so far, by address (the document is
    /// borrowed for the whole run, so an address is one font).
    styles: HashMap<usize, u8>,
    /// Face of the string being shown.
    style: u8,
    cur: Option<PageGlyphs>,
    /// The glyph buffers of the last finished page, reused for the next.
    spare: PageGlyphs,
    llx: f32,
    ury: f32,
}

impl<'a> Collector<'a> {
    pub fn new(doc: &'a Document) -> Self {
        Collector {
            pages: Vec::new(),
            kept: None,
            doc,
            styles: HashMap::new(),
            style: 0,
            cur: None,
            spare: PageGlyphs::default(),
            llx: 0.0,
            ury: 0.0,
        }
    }

    fn finish_page(&mut self) {
        let Some(mut p) = self.cur.take() else {
            return;
        };
        self.pages.push(PageRows {
            rows: build_rows(&p),
            width: p.width,
            height: p.height,
            has_text: p.glyphs.iter().any(|g| !g.space),
        });
        match &mut self.kept {
            Some(k) => k.push(p),
            None => {
                p.glyphs.clear();
                p.bullets.clear();
                self.spare = p;
            }
        }
    }

    fn shape(&mut self, ctm: &Transform, path: &Path) {
        let Some(page) = self.cur.as_mut() else {
            return;
        };
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        let mut add = |x: f64, y: f64| {
            let tx = x * ctm.m11 + y * ctm.m21 + ctm.m31;
            let ty = x * ctm.m12 + y * ctm.m22 + ctm.m32;
            x0 = x0.min(tx);
            x1 = x1.max(tx);
            y0 = y0.min(ty);
            y1 = y1.max(ty);
        };
        let mut curves = 0;
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) | PathOp::LineTo(x, y) => add(x, y),
                PathOp::CurveTo(a, b, c, d, e, f) => {
                    curves += 1;
                    add(a, b);
                    add(c, d);
                    add(e, f)
                }
                PathOp::Rect(x, y, w, h) => {
                    add(x, y);
                    add(x + w, y + h)
                }
                PathOp::Close => {}
            }
        }
        if x0 > x1 {
            return;
        }
        let (w, h) = (x1 - x0, y1 - y0);
        // Bullets are small and roughly square (discs, circles, squares);
        // table rules and cell backgrounds are long or large.
        let _ = curves;
        if (1.0..=9.0).contains(&w) && (1.0..=9.0).contains(&h) && w / h < 1.6 && h / w < 1.6 {
            page.bullets.push(Shape {
                x0: (x0 - self.llx as f64) as f32,
                x1: (x1 - self.llx as f64) as f32,
                y0: self.ury - y1 as f32,
                y1: self.ury - y0 as f32,
            });
        }
    }
}

impl OutputDev for Collector<'_> {
    fn begin_page(
        &mut self,
        _n: u32,
        mb: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.finish_page();
        self.llx = mb.llx as f32;
        self.ury = mb.ury as f32;
        let spare = std::mem::take(&mut self.spare);
        self.cur = Some(PageGlyphs {
            width: (mb.urx - mb.llx) as f32,
            height: (mb.ury - mb.lly) as f32,
            runs: 0,
            ..spare
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.finish_page();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        let style = self.style;
        let (llx, ury) = (self.llx, self.ury);
        let Some(page) = self.cur.as_mut() else {
            return Ok(());
        };
        // Effective size: font size scaled by the text rendering matrix
        // (Chrome sets e.g. 14 Tf under a 0.75 CTM scale).
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size.abs() * scale) as f32;
        if !size.is_finite() || size <= 0.0 {
            return Ok(());
        }
        let space = ch.chars().all(|c| c.is_whitespace());
        if ch.is_empty() {
            return Ok(());
        }
        page.glyphs.push(Glyph {
            x: trm.m31 as f32 - llx,
            y: ury - trm.m32 as f32,
            w: (width * font_size.abs() * scale) as f32,
            size,
            text: GlyphText::new(ch),
            style,
            space,
            run: page.runs,
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        if let Some(p) = self.cur.as_mut() {
            p.runs += 1;
        }
        Ok(())
    }
    /// Our pdf-extract patch calls this for every shown string with its font.
    fn begin_string(&mut self, font: &Dictionary) -> Result<(), OutputError> {
        let doc = self.doc;
        self.style = *self
            .styles
            .entry(font as *const Dictionary as usize)
            .or_insert_with(|| font_style(doc, font));
        self.begin_word()
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        _cs: &ColorSpace,
        _c: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.shape(ctm, path);
        Ok(())
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        _cs: &ColorSpace,
        _c: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.shape(ctm, path);
        Ok(())
    }
}
