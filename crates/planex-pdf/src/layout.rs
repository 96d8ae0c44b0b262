//! From glyphs to words, rows, columns and finally text lines.

use crate::collect::{Glyph, GlyphText, PageGlyphs, Shape};
use crate::fonts::{BOLD, ITALIC};

/// A run of glyphs with one face and no space inside.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub x0: f32,
    pub x1: f32,
    pub text: String,
    pub style: u8,
    /// A space separates this word from the previous one.
    pub space_before: bool,
    /// Glyph count (for dominant size / boldness).
    pub n: u32,
}

/// Words of one row separated from other fragments by a wide gap with no
/// space glyph: a column of text, a table cell, a TOC page number.
#[derive(Debug, Clone)]
pub(crate) struct Frag {
    pub x0: f32,
    pub x1: f32,
    pub words: Vec<Word>,
    /// List marker as printed ("•" for a drawn bullet, "1.", "a)").
    pub marker: Option<String>,
    /// Font size of the fragment's first glyph: a row split into columns
    /// takes its size from its own fragments, not from the whole row.
    pub size: f32,
}

/// Dominant font size of fragments, weighted by glyph count.
pub(crate) fn dominant_size(frags: &[Frag], fallback: f32) -> f32 {
    let mut hist: Vec<(f32, u32)> = Vec::new();
    for f in frags {
        let n: u32 = f.words.iter().map(|w| w.n).sum();
        match hist.iter_mut().find(|(s, _)| (s - f.size).abs() < 0.25) {
            Some(e) => e.1 += n,
            None => hist.push((f.size, n)),
        }
    }
    hist.into_iter()
        .max_by_key(|e| e.1)
        .map_or(fallback, |e| e.0)
}

impl Frag {
    pub fn plain(&self) -> String {
        let mut s = String::new();
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 && w.space_before {
                s.push(' ');
            }
            s.push_str(&w.text);
        }
        s
    }
    /// Text start (after the marker).
    pub fn text_x0(&self) -> f32 {
        self.words.first().map(|w| w.x0).unwrap_or(self.x0)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub y: f32,
    pub size: f32,
    pub frags: Vec<Frag>,
}

impl Row {
    pub fn plain(&self) -> String {
        self.frags
            .iter()
            .map(|f| f.plain())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn is_bullet_char(s: &str) -> bool {
    matches!(
        s,
        "•" | "▪"
            | "◦"
            | "‣"
            | "∙"
            | "·"
            | "●"
            | "○"
            | "■"
            | "□"
            | "–"
            | "-"
            | "o"
            | "➢"
            | "✓"
            | "\u{f0b7}"
            | "\u{f0a7}"
            | "\u{f0d8}"
            | "\u{f0fc}"
            | "\u{f076}"
    )
}

/// "1." "12)" "a)" "iv." style markers.
fn is_enum_marker(s: &str) -> bool {
    let Some(last) = s.chars().last() else {
        return false;
    };
    if last != '.' && last != ')' {
        return false;
    }
    let body = &s[..s.len() - 1];
    if body.is_empty() || body.chars().count() > 3 {
        return false;
    }
    body.chars().all(|c| c.is_ascii_digit())
        || (body.chars().count() == 1 && body.chars().all(|c| c.is_ascii_lowercase()))
}

/// Build rows for one page: cluster glyphs by baseline, sort by x, split
/// into words (space glyphs or gaps) and fragments (wide gaps without space).
pub(crate) fn build_rows(page: &PageGlyphs) -> Vec<Row> {
    let glyphs = &page.glyphs;
    let mut order: Vec<usize> = (0..glyphs.len()).collect();
    order.sort_by(|&a, &b| {
        glyphs[a]
            .y
            .total_cmp(&glyphs[b].y)
            .then(glyphs[a].x.total_cmp(&glyphs[b].x))
    });
    // Cluster by baseline relative to the first glyph of the row (no chaining).
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    let mut ref_y = f32::MIN;
    let mut ref_size = 0.0f32;
    for &i in &order {
        let g = &glyphs[i];
        let tol = 0.3 * g.size.max(ref_size).max(1.0);
        if clusters.is_empty() || g.y - ref_y > tol {
            clusters.push(Vec::new());
            ref_y = g.y;
            ref_size = g.size;
        }
        clusters.last_mut().unwrap().push(i);
    }
    // Attach drawn bullets to the row whose baseline sits just below them.
    let mut bullets: Vec<Shape> = page.bullets.clone();
    bullets.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    bullets.dedup_by(|a, b| (a.x0 - b.x0).abs() < 1.0 && (a.y0 - b.y0).abs() < 1.0);
    let row_ys: Vec<f32> = clusters.iter().map(|c| glyphs[c[0]].y).collect();
    let mut extra: Vec<Vec<Glyph>> = vec![Vec::new(); clusters.len()];
    for b in &bullets {
        let cy = (b.y0 + b.y1) / 2.0;
        let start = row_ys.partition_point(|&y| y < cy - 1.0);
        for r in start..row_ys.len() {
            if row_ys[r] > cy + 9.0 {
                break;
            }
            let c = &clusters[r];
            let size = glyphs[c[0]].size;
            if row_ys[r] - cy > 0.7 * size {
                continue;
            }
            // Text must start shortly to the right of the bullet.
            let has_text = c.iter().any(|&i| {
                let g = &glyphs[i];
                !g.space && g.x > b.x1 && g.x - b.x1 < 3.0 * size
            });
            if has_text {
                extra[r].push(Glyph {
                    x: b.x0,
                    y: row_ys[r],
                    w: b.x1 - b.x0,
                    size,
                    text: GlyphText::new("\u{2022}"),
                    style: 0,
                    space: false,
                    run: u32::MAX,
                });
                break;
            }
        }
    }
    let mut rows = Vec::with_capacity(clusters.len());
    for (ci, c) in clusters.iter().enumerate() {
        let mut gs: Vec<&Glyph> = c
            .iter()
            .map(|&i| &glyphs[i])
            .chain(extra[ci].iter())
            .collect();
        gs.sort_by(|a, b| a.x.total_cmp(&b.x));
        if let Some(row) = make_row(&gs) {
            rows.push(row);
        }
    }
    rows
}

fn make_row(gs: &[&Glyph]) -> Option<Row> {
    let mut frags: Vec<Frag> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    let mut saw_space = false;
    let mut sizes: Vec<(f32, u32)> = Vec::new();
    let mut y_sum = 0.0f32;
    let mut n = 0u32;
    for &g in gs {
        if g.space {
            saw_space = true;
            continue;
        }
        // Drop exact duplicates (fake bold by overprinting).
        if let Some(p) = prev {
            if p.text == g.text && (p.x - g.x).abs() < 0.3 && (p.y - g.y).abs() < 0.3 {
                continue;
            }
        }
        n += 1;
        y_sum += g.y;
        match sizes.iter_mut().find(|(s, _)| (s - g.size).abs() < 0.25) {
            Some(e) => e.1 += 1,
            None => sizes.push((g.size, 1)),
        }
        let is_bullet = g.run == u32::MAX;
        let (new_frag, new_word, space_before) = match prev {
            None => (true, true, false),
            Some(p) => {
                let size = p.size.max(g.size);
                let gap = g.x - (p.x + p.w);
                let cell = (!saw_space && gap > 1.0 * size)
                    || gap > 12.0 * size
                    || p.run == u32::MAX && gap > 3.0 * size;
                if cell {
                    (true, true, false)
                } else {
                    // Inside one shown string only space glyphs separate words;
                    // between strings a gap of a fraction of the size does (this
                    // keeps letter-by-letter positioned titles together).
                    let sp = saw_space
                        || is_bullet
                        || p.run == u32::MAX
                        || (p.run != g.run && gap > 0.2 * size)
                        || gap > 0.6 * size;
                    (false, sp || p.style != g.style, sp)
                }
            }
        };
        if new_frag {
            frags.push(Frag {
                x0: g.x,
                x1: g.x + g.w,
                words: Vec::new(),
                marker: None,
                size: g.size,
            });
        }
        let f = frags.last_mut().unwrap();
        if new_word || f.words.is_empty() {
            f.words.push(Word {
                x0: g.x,
                x1: g.x + g.w,
                text: String::new(),
                style: g.style,
                space_before,
                n: 0,
            });
        }
        let w = f.words.last_mut().unwrap();
        g.text.push_to(&mut w.text);
        w.x1 = w.x1.max(g.x + g.w);
        w.n += g.text.char_count() as u32;
        f.x1 = f.x1.max(g.x + g.w);
        prev = Some(g);
        saw_space = false;
    }
    if frags.is_empty() {
        return None;
    }
    let size = sizes
        .iter()
        .max_by_key(|e| e.1)
        .map(|e| e.0)
        .unwrap_or(10.0);
    // List markers: a lone bullet or "1." fragment followed closely by text
    // belongs to that text; a bullet glyph as first word becomes a marker.
    let mut i = 0;
    while i < frags.len() {
        let f = &frags[i];
        let t = f.plain();
        let lone_marker = f.words.len() == 1 && (is_bullet_char(&t) || is_enum_marker(&t));
        if lone_marker
            && i + 1 < frags.len()
            && frags[i + 1].x0 - f.x1 < 4.0 * size
            && frags[i + 1].marker.is_none()
        {
            let m = frags.remove(i);
            let next = &mut frags[i];
            next.x0 = m.x0;
            next.marker = Some(t);
            if let Some(w) = next.words.first_mut() {
                w.space_before = false;
            }
        } else if f.marker.is_none() && f.words.len() > 1 && f.words[0].text == "\u{2022}" {
            let f = &mut frags[i];
            f.words.remove(0);
            f.marker = Some("\u{2022}".into());
            f.words[0].space_before = false;
        } else if f.marker.is_none()
            && f.words.len() > 1
            && (is_bullet_char(&f.words[0].text) && f.words[0].text != "o"
                || f.words[0].text == "o" && f.words[1].x0 - f.words[0].x1 > 0.5 * size)
            && f.words[1].space_before
            && i == 0
        {
            let f = &mut frags[i];
            let m = f.words.remove(0);
            f.marker = Some(m.text);
            f.words[0].space_before = false;
        }
        i += 1;
    }
    Some(Row {
        y: y_sum / n.max(1) as f32,
        size,
        frags,
    })
}

/// Remove running headers/footers and page numbers. `pages` holds the rows
/// and page height of every page.
pub(crate) fn strip_furniture(pages: &mut [(Vec<Row>, f32)]) -> usize {
    use std::collections::HashMap;
    let npages = pages.len();
    let key = |r: &Row| furniture_key(&r.plain());
    let in_margin = |r: &Row, h: f32| r.y < 0.1 * h || r.y > 0.9 * h;
    let mut counts: HashMap<(String, i32), usize> = HashMap::new();
    for (rows, h) in pages.iter() {
        let mut seen = std::collections::HashSet::new();
        for r in rows.iter().filter(|r| in_margin(r, *h)) {
            let k = (key(r), (r.y / 4.0).round() as i32);
            if seen.insert(k.clone()) {
                *counts.entry(k).or_default() += 1;
            }
        }
    }
    let threshold = ((npages as f32) * 0.4).ceil().max(2.0) as usize;
    let mut removed = 0;
    for (rows, h) in pages.iter_mut() {
        let before = rows.len();
        rows.retain(|r| {
            if !in_margin(r, *h) {
                return true;
            }
            if is_page_number(&r.plain()) {
                return false;
            }
            let k = (key(r), (r.y / 4.0).round() as i32);
            counts.get(&k).copied().unwrap_or(0) < threshold
        });
        removed += before - rows.len();
    }
    removed
}

/// What a running header or footer keeps from page to page: its text
/// without whitespace, digits as `#` ("Side 3 af 24" = "Side 4 af 24").
/// (Also used for text input that marks its pages, in `planex-extract`.)
pub fn furniture_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Is the line a page number: "3", "Side 3", "Page 3 of 10", "- 3 -", "3/10"?
/// (Also used for text input that marks its pages, in `planex-extract`.)
pub fn is_page_number(s: &str) -> bool {
    let t = s
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let lower = t.to_lowercase();
    let rest = ["side", "page", "s."]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower)
        .trim();
    let mut parts = rest
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty() && *p != "af" && *p != "of");
    let Some(first) = parts.next() else {
        return false;
    };
    let num = |p: &str| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit());
    num(first) && parts.all(num) && rest.split_whitespace().count() <= 4
}

/// Rendering helpers for emphasis.
pub(crate) fn render_words<'a>(words: impl Iterator<Item = &'a Word>, mark_bold: bool) -> String {
    let words: Vec<&Word> = words.collect();
    let mut s = String::new();
    let mut i = 0;
    while i < words.len() {
        let st = words[i].style & if mark_bold { BOLD | ITALIC } else { ITALIC };
        let mut j = i + 1;
        while j < words.len()
            && (words[j].style & (BOLD | ITALIC)) == (words[i].style & (BOLD | ITALIC))
        {
            j += 1;
        }
        let mark = match st {
            x if x == BOLD | ITALIC => "***",
            BOLD => "**",
            ITALIC => "*",
            _ => "",
        };
        if i > 0 && words[i].space_before {
            s.push(' ');
        }
        s.push_str(mark);
        for (k, w) in words[i..j].iter().enumerate() {
            if k > 0 && w.space_before {
                s.push(' ');
            }
            s.push_str(&w.text);
        }
        s.push_str(mark);
        i = j;
    }
    s
}
