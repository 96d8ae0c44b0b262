//! The `OutputDev` that records positioned glyphs and bullet-like shapes.

use crate::fonts::PageFonts;
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

/// One glyph in page space: x to the right, y downwards from the top edge,
/// y is the baseline.
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub size: f32,
    pub text: String,
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
    /// `begin_word` calls seen, to check against the font lexer.
    pub runs: u32,
}

pub(crate) struct Collector {
    pub pages: Vec<PageGlyphs>,
    pub fonts: Vec<PageFonts>,
    /// Pages whose font sequence did not line up with pdf-extract's strings.
    pub style_mismatch: Vec<u32>,
    cur: Option<PageGlyphs>,
    llx: f32,
    ury: f32,
}

impl Collector {
    pub fn new(fonts: Vec<PageFonts>) -> Self {
        Collector {
            pages: Vec::new(),
            fonts,
            style_mismatch: Vec::new(),
            cur: None,
            llx: 0.0,
            ury: 0.0,
        }
    }

    fn style_for(&self, run: u32) -> u8 {
        let idx = self.pages.len();
        self.fonts
            .get(idx)
            .and_then(|f| f.styles.get(run.wrapping_sub(1) as usize))
            .copied()
            .unwrap_or(0)
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

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _n: u32,
        mb: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        if let Some(p) = self.cur.take() {
            self.pages.push(p);
        }
        self.llx = mb.llx as f32;
        self.ury = mb.ury as f32;
        self.cur = Some(PageGlyphs {
            width: (mb.urx - mb.llx) as f32,
            height: (mb.ury - mb.lly) as f32,
            ..Default::default()
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        if let Some(p) = self.cur.take() {
            let idx = self.pages.len();
            let expected = self.fonts.get(idx).map(|f| f.styles.len()).unwrap_or(0);
            if expected != p.runs as usize && !p.glyphs.is_empty() {
                self.style_mismatch.push(idx as u32 + 1);
                // Styles cannot be trusted on this page.
                let mut p = p;
                for g in &mut p.glyphs {
                    g.style = 0;
                }
                self.pages.push(p);
            } else {
                self.pages.push(p);
            }
        }
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
        let style = self
            .cur
            .as_ref()
            .map(|p| self.style_for(p.runs))
            .unwrap_or(0);
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
            text: ch.to_string(),
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
