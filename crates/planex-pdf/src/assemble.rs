//! Reading order (bands of one or two columns) and the text-line conventions
//! shared with the plain-text front end: blank lines between blocks, list
//! markers, tab-separated tables and TOC entries, joined wrapped headings.

use crate::fonts::BOLD;
use crate::layout::{render_words, Frag, Row};
use planex_model::{LineStyle, TextLine};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Table,
    Toc,
    /// A page number of a TOC entry on its own baseline (wrapped entry).
    TocNumber,
}

/// A row (or one column's part of a row) in reading order.
#[derive(Debug, Clone)]
struct Line {
    y: f32,
    size: f32,
    frags: Vec<Frag>,
    kind: Kind,
    page: u32,
    /// Identifies the column segment; a change means the reader jumped.
    col: (u32, u32, u8),
    col_x0: f32,
    col_x1: f32,
}

impl Line {
    /// A row read as one line across the text width `x0..x1`.
    fn whole(r: Row, kind: Kind, col: (u32, u32, u8), x0: f32, x1: f32) -> Line {
        Line {
            y: r.y,
            size: r.size,
            frags: r.frags,
            kind,
            page: col.0,
            col,
            col_x0: x0,
            col_x1: x1,
        }
    }
    fn x0(&self) -> f32 {
        self.frags.first().map(|f| f.x0).unwrap_or(0.0)
    }
    fn x1(&self) -> f32 {
        self.frags.last().map(|f| f.x1).unwrap_or(0.0)
    }
    fn marker(&self) -> Option<&str> {
        self.frags.first().and_then(|f| f.marker.as_deref())
    }
    fn all_bold(&self) -> bool {
        self.frags
            .iter()
            .flat_map(|f| &f.words)
            .all(|w| w.style & BOLD != 0)
    }
    fn plain(&self) -> String {
        self.frags
            .iter()
            .map(|f| f.plain())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn is_num(s: &str) -> bool {
    !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit())
}

/// Order one page's rows into lines: detect a column gutter, then walk the
/// page top-down as bands; a band of rows that do not cross the gutter is
/// read left column first, rows crossing it (headings, tables) stay in place.
fn order_page(rows: Vec<Row>, page: u32, page_w: f32, out: &mut Vec<Line>) {
    if rows.is_empty() {
        return;
    }
    let max_x1 = rows
        .iter()
        .flat_map(|r| r.frags.iter().map(|f| f.x1))
        .fold(f32::MIN, f32::max);
    let min_x0 = rows
        .iter()
        .flat_map(|r| r.frags.iter().map(|f| f.x0))
        .fold(f32::MAX, f32::min);
    let kinds: Vec<Kind> = rows
        .iter()
        .map(|r| {
            let n = r.frags.len();
            let last = r.frags.last().unwrap();
            let lt = last.plain();
            let at_right = last.x1 >= max_x1 - 4.0 && last.x0 > min_x0 + 0.5 * (max_x1 - min_x0);
            if n >= 2 && is_num(&lt) && at_right {
                Kind::Toc
            } else if n == 1 && is_num(&lt) && at_right {
                Kind::TocNumber
            } else if n >= 3 {
                Kind::Table
            } else {
                Kind::Text
            }
        })
        .collect();
    // Gutter: a vertical strip in the middle of the text area that few text
    // fragments cross, with real text columns on both sides.
    let span = (max_x1 - min_x0).max(1.0);
    let bin = 2.0f32;
    let nb = (page_w.max(max_x1) / bin) as usize + 2;
    let mut cover = vec![0u32; nb];
    let mut text_rows = 0u32;
    for (r, k) in rows.iter().zip(&kinds) {
        if *k != Kind::Text {
            continue;
        }
        text_rows += 1;
        for f in &r.frags {
            let a = (f.x0 / bin).max(0.0) as usize;
            let b = ((f.x1 / bin) as usize).min(nb - 1);
            for c in &mut cover[a..=b.max(a)] {
                *c += 1;
            }
        }
    }
    let lo = ((min_x0 + 0.3 * span) / bin) as usize;
    let hi = (((min_x0 + 0.7 * span) / bin) as usize).min(nb - 1);
    let mut gutter: Option<(f32, f32)> = None;
    if lo < hi && text_rows >= 6 {
        let m = *cover[lo..=hi].iter().min().unwrap();
        if m as f32 <= (0.1 * text_rows as f32).max(1.0) {
            // Longest run of minimal coverage.
            let (mut best, mut cur_start, mut best_len) = (lo, lo, 0);
            for b in lo..=hi + 1 {
                if b <= hi && cover[b] == m {
                    if b == lo || cover[b - 1] != m {
                        cur_start = b;
                    }
                    if b + 1 - cur_start > best_len {
                        best_len = b + 1 - cur_start;
                        best = cur_start;
                    }
                }
            }
            // Extend the run beyond the search window while still minimal.
            let (mut s, mut e) = (best, best + best_len - 1);
            while s > 0 && cover[s - 1] == m {
                s -= 1;
            }
            while e + 1 < nb && cover[e + 1] == m {
                e += 1;
            }
            let (g0, g1) = (s as f32 * bin, (e + 1) as f32 * bin);
            if g1 - g0 >= 6.0 {
                let gx = (g0 + g1) / 2.0;
                let mut left = Vec::new();
                let mut right = Vec::new();
                for (r, k) in rows.iter().zip(&kinds) {
                    if *k != Kind::Text {
                        continue;
                    }
                    for f in &r.frags {
                        if f.x1 <= gx {
                            left.push(f.x1 - f.x0);
                        } else if f.x0 >= gx {
                            right.push(f.x1 - f.x0);
                        }
                    }
                }
                let median = |v: &mut Vec<f32>| {
                    v.sort_by(|a, b| a.total_cmp(b));
                    v.get(v.len() / 2).copied().unwrap_or(0.0)
                };
                if left.len() >= 3
                    && right.len() >= 3
                    && median(&mut left) > 0.2 * span
                    && median(&mut right) > 0.2 * span
                {
                    gutter = Some((g0, g1));
                }
            }
        }
    }
    let Some((g0, g1)) = gutter else {
        for (r, k) in rows.into_iter().zip(kinds) {
            out.push(Line::whole(r, k, (page, 0, 0), min_x0, max_x1));
        }
        return;
    };
    let gx = (g0 + g1) / 2.0;
    let right_x0 = rows
        .iter()
        .flat_map(|r| r.frags.iter())
        .filter(|f| f.x0 >= gx)
        .map(|f| f.x0)
        .fold(f32::MAX, f32::min);
    let left_x1 = rows
        .iter()
        .flat_map(|r| r.frags.iter())
        .filter(|f| f.x1 <= gx)
        .map(|f| f.x1)
        .fold(f32::MIN, f32::max);
    let spans = spanning_rows(&rows, &kinds, gx);
    let mut band = 0u32;
    let mut left: Vec<Line> = Vec::new();
    let mut right: Vec<Line> = Vec::new();
    let flush = |left: &mut Vec<Line>, right: &mut Vec<Line>, out: &mut Vec<Line>| {
        out.append(left);
        out.append(right);
    };
    for ((r, k), spanning) in rows.into_iter().zip(kinds).zip(spans) {
        let crosses = r.frags.iter().any(|f| f.x0 < gx - 1.0 && f.x1 > gx + 1.0);
        if crosses || spanning || k != Kind::Text {
            if !left.is_empty() || !right.is_empty() {
                flush(&mut left, &mut right, out);
                band += 1;
            }
            out.push(Line::whole(r, k, (page, band, 2), min_x0, max_x1));
            continue;
        }
        if out
            .last()
            .map(|l| l.col.2 == 2 && l.col.1 == band)
            .unwrap_or(false)
        {
            band += 1;
        }
        let (lf, rf): (Vec<Frag>, Vec<Frag>) = r.frags.into_iter().partition(|f| f.x1 <= gx);
        // Each half takes its font size from its own fragments.
        let half = |frags: Vec<Frag>, side: u8, col_x0: f32, col_x1: f32| Line {
            y: r.y,
            size: crate::layout::dominant_size(&frags, r.size),
            frags,
            kind: Kind::Text,
            page,
            col: (page, band, side),
            col_x0,
            col_x1,
        };
        if !lf.is_empty() {
            left.push(half(lf, 0, min_x0, left_x1));
        }
        if !rf.is_empty() {
            right.push(half(rf, 1, right_x0, max_x1));
        }
    }
    flush(&mut left, &mut right, out);
}

/// Which side of the gutter a row is on: 0 left, 1 right, 2 both or neither.
fn side_of(r: &Row, k: Kind, gx: f32) -> u8 {
    if k != Kind::Text {
        return 2;
    }
    let left = r.frags.iter().all(|f| f.x1 <= gx);
    let right = r.frags.iter().all(|f| f.x0 >= gx);
    match (left, right) {
        (true, false) => 0,
        (false, true) => 1,
        _ => 2,
    }
}

/// Rows that span both columns although they fit in one: a heading set
/// across the page between two balanced two-column parts (CSS
/// `column-span`), which only looks like a one-column row because it is
/// short. Such a row (or run of rows) sits in a wide gap of the other
/// column, and both columns end about together above it and start about
/// together below it. A heading inside one column instead has the other
/// column's lines running beside it. Reading it as a band break keeps the
/// text above it (both columns) before it and the text below it after it.
fn spanning_rows(rows: &[Row], kinds: &[Kind], gx: f32) -> Vec<bool> {
    let n = rows.len();
    let mut out = vec![false; n];
    let sides: Vec<u8> = rows
        .iter()
        .zip(kinds)
        .map(|(r, &k)| side_of(r, k, gx))
        .collect();
    let text_frags: Vec<Frag> = rows
        .iter()
        .zip(kinds)
        .filter(|(_, &k)| k == Kind::Text)
        .flat_map(|(r, _)| r.frags.iter().cloned())
        .collect();
    let body = crate::layout::dominant_size(&text_frags, 10.0);
    let heading_like = |r: &Row| {
        r.size >= 1.12 * body
            || r.frags
                .iter()
                .flat_map(|f| &f.words)
                .all(|w| w.style & BOLD != 0)
    };
    let mut i = 0;
    while i < n {
        let side = sides[i];
        if side > 1 || !heading_like(&rows[i]) {
            i += 1;
            continue;
        }
        // A run of heading rows on this side (a wrapped heading).
        let mut j = i + 1;
        while j < n && sides[j] == side && heading_like(&rows[j]) {
            j += 1;
        }
        // Nearest rows above and below the run on each side; a row on the
        // other side that is level with the run counts as beside it.
        let top = rows[i].y - rows[i].size;
        let bottom = rows[j - 1].y;
        let above = |s: u8| (0..i).rev().find(|&k| sides[k] == s || sides[k] == 2);
        let below = |s: u8| (j..n).find(|&k| sides[k] == s || sides[k] == 2);
        let other = 1 - side;
        let beside = (0..n).any(|k| sides[k] == other && rows[k].y > top && rows[k].y <= bottom);
        if let (false, Some(la), Some(lb), Some(oa), Some(ob)) =
            (beside, above(side), below(side), above(other), below(other))
        {
            let (la, lb, oa, ob) = (&rows[la], &rows[lb], &rows[oa], &rows[ob]);
            let spanning = ob.y - oa.y >= 3.5 * body
                && (la.y - oa.y).abs() <= 3.0 * body
                && (lb.y - ob.y).abs() <= 3.0 * body;
            if spanning {
                for o in &mut out[i..j] {
                    *o = true;
                }
            }
        }
        i = j;
    }
    out
}

pub(crate) struct Assembler {
    lines: Vec<Line>,
}

impl Assembler {
    pub fn new() -> Self {
        Assembler { lines: Vec::new() }
    }

    pub fn add_page(&mut self, rows: Vec<Row>, page: u32, page_w: f32) {
        order_page(rows, page, page_w, &mut self.lines);
    }

    pub fn finish(self) -> Vec<TextLine> {
        let lines = self.lines;
        // Body size: the size most glyphs are set in.
        let mut hist: Vec<(f32, usize)> = Vec::new();
        for l in &lines {
            let n: usize = l
                .frags
                .iter()
                .flat_map(|f| &f.words)
                .map(|w| w.n as usize)
                .sum();
            match hist.iter_mut().find(|(s, _)| (s - l.size).abs() < 0.3) {
                Some(e) => e.1 += n,
                None => hist.push((l.size, n)),
            }
        }
        let body = hist.iter().max_by_key(|e| e.1).map(|e| e.0).unwrap_or(10.0);
        // Normal baseline distance of body text within a column.
        let mut dh: Vec<(i32, usize)> = Vec::new();
        for w in lines.windows(2) {
            if w[0].col == w[1].col
                && (w[0].size - body).abs() < 0.3
                && (w[1].size - body).abs() < 0.3
            {
                let d = w[1].y - w[0].y;
                if d > 0.5 * body && d < 2.5 * body {
                    let k = (d * 4.0).round() as i32;
                    match dh.iter_mut().find(|e| e.0 == k) {
                        Some(e) => e.1 += 1,
                        None => dh.push((k, 1)),
                    }
                }
            }
        }
        let spacing = dh
            .iter()
            .max_by_key(|e| e.1)
            .map(|e| e.0 as f32 / 4.0)
            .unwrap_or(1.2 * body);
        let mut em = Emitter {
            out: Vec::new(),
            body,
            spacing,
            list_stack: Vec::new(),
            in_item: None,
        };
        let mut i = 0;
        while i < lines.len() {
            match lines[i].kind {
                Kind::Table => i = em.table(&lines, i),
                Kind::Toc | Kind::TocNumber => i = em.toc(&lines, i),
                Kind::Text => {
                    em.text(&lines, i);
                    i += 1;
                }
            }
        }
        let mut out = em.out;
        while out.last().map(|l| l.is_blank()).unwrap_or(false) {
            out.pop();
        }
        out
    }
}

struct Emitter {
    out: Vec<TextLine>,
    body: f32,
    spacing: f32,
    /// Bullet x positions of the open list (from the column's left edge),
    /// outermost first.
    list_stack: Vec<f32>,
    /// Text start x of the current list item (from the column's left edge),
    /// while its lines continue.
    in_item: Option<f32>,
}

#[derive(PartialEq)]
enum Prev {
    Heading(f32, bool),
    Other,
}

impl Emitter {
    fn blank(&mut self) {
        if self.out.last().map(|l| !l.is_blank()).unwrap_or(false) {
            self.out.push(TextLine {
                text: String::new(),
                page: None,
                style: LineStyle::default(),
            });
        }
    }

    fn push(&mut self, l: &Line, text: String, bold: bool) {
        self.out.push(TextLine {
            text,
            page: Some(l.page),
            style: LineStyle {
                font_size: Some(l.size),
                bold,
                indent: (l.x0() - l.col_x0).max(0.0),
                heading_mark: None,
            },
        });
    }

    fn is_heading(&self, l: &Line) -> bool {
        l.kind == Kind::Text
            && l.marker().is_none()
            && (l.size >= self.body * 1.12 || l.all_bold())
            && l.plain().chars().count() < 200
    }

    /// A line set all in bold that only ends because the column does: the
    /// next line continues the same paragraph or list item in regular type
    /// (its first word would not have fitted, the spacing is normal). The
    /// bold is inline emphasis (a run-in name such as "**Voksenlærlinge.**"
    /// filling a narrow column), not a heading.
    fn run_in_bold(&self, lines: &[Line], i: usize) -> bool {
        let (Some(l), Some(n)) = (lines.get(i), lines.get(i + 1)) else {
            return false;
        };
        if l.kind != Kind::Text
            || n.kind != Kind::Text
            || !l.all_bold()
            || n.all_bold()
            || n.marker().is_some()
            || n.col != l.col
            || (n.size - l.size).abs() > 0.3
        {
            return false;
        }
        let dy = n.y - l.y;
        let expect = self.spacing * (l.size / self.body).max(0.5);
        if dy <= 0.0 || dy > expect * 1.3 {
            return false;
        }
        // Continuation at the paragraph's or the item's text edge.
        let text_x = l.frags[0].text_x0();
        let tol = 0.4 * l.size;
        let at_edge = (n.x0() - text_x).abs() <= tol || (n.x0() - l.x0()).abs() <= tol;
        let first_word = n
            .frags
            .first()
            .and_then(|f| f.words.first())
            .map_or(0.0, |w| w.x1 - w.x0);
        at_edge && l.x1() + 0.25 * l.size + first_word > l.col_x1
    }

    fn is_heading_at(&self, lines: &[Line], i: usize) -> bool {
        self.is_heading(&lines[i]) && !self.run_in_bold(lines, i)
    }

    fn prev_kind(&self, lines: &[Line], i: usize) -> Option<Prev> {
        let p = lines.get(i.checked_sub(1)?)?;
        Some(if self.is_heading_at(lines, i - 1) {
            Prev::Heading(p.size, p.all_bold())
        } else {
            Prev::Other
        })
    }

    fn text(&mut self, lines: &[Line], i: usize) {
        let l = &lines[i];
        let heading = self.is_heading_at(lines, i);
        let prev = if i > 0 { Some(&lines[i - 1]) } else { None };
        let prev_kind = self.prev_kind(lines, i);
        // A run-in bold name keeps its `**` marks; a line that is bold as a
        // whole (a heading) carries the bold in its style instead.
        let bold = l.all_bold() && !self.run_in_bold(lines, i);
        let body = self.body;
        let mark_bold = !bold;
        let text = render_frags(&l.frags, mark_bold);

        // Join a heading wrapped over several lines.
        if heading {
            if let (Some(p), Some(Prev::Heading(ps, pb))) = (prev, &prev_kind) {
                // A wide first line may sit in a full-width band (col.2 == 2)
                // while its wrapped remainder fits one column.
                let same_col =
                    p.col == l.col || (p.page == l.page && (p.col.2 == 2 || l.col.2 == 2));
                let dy = l.y - p.y;
                if (ps - l.size).abs() < 0.3
                    && *pb == bold
                    && same_col
                    && dy > 0.0
                    && dy <= 1.6 * l.size
                {
                    if let Some(last) = self.out.last_mut() {
                        if !last.is_blank() {
                            last.text.push(' ');
                            last.text.push_str(&text);
                            return;
                        }
                    }
                }
            }
        }

        let mut new_block = false;
        match prev {
            None => {}
            Some(p) => {
                let p_heading = matches!(prev_kind, Some(Prev::Heading(..)));
                if p.kind != Kind::Text || heading || p_heading || (p.size - l.size).abs() > 0.8 {
                    new_block = true;
                } else if p.col == l.col {
                    let dy = l.y - p.y;
                    let expect = self.spacing * (l.size / body).max(0.5);
                    if dy > expect * 1.3 || dy < 0.0 {
                        new_block = true;
                    }
                } else {
                    // Column or page change: a paragraph may continue; start a
                    // new block only when the previous line looked final.
                    let width = (p.col_x1 - p.col_x0).max(1.0);
                    if p.x1() < p.col_x1 - 0.15 * width {
                        new_block = true;
                    }
                }
            }
        }

        // Lists.
        if let Some(m) = l.marker() {
            // Positions relative to the column: a list goes on in the next
            // column at the same depth.
            let bx = l.x0() - l.col_x0;
            if new_block || self.in_item.is_none() && self.list_stack.is_empty() {
                self.list_stack.clear();
            }
            while let Some(&top) = self.list_stack.last() {
                if bx < top - 3.0 {
                    self.list_stack.pop();
                } else {
                    break;
                }
            }
            match self.list_stack.last() {
                Some(&top) if (bx - top).abs() <= 3.0 => {}
                _ => self.list_stack.push(bx),
            }
            let depth = self.list_stack.len().saturating_sub(1);
            let continuing_list = self.in_item.is_some() && !new_block;
            if !continuing_list {
                self.blank();
            }
            let marker = if m.ends_with('.') || m.ends_with(')') {
                m.to_string()
            } else {
                "-".to_string()
            };
            let t = format!("{}{} {}", " ".repeat(depth), marker, text);
            self.in_item = Some(l.frags[0].text_x0() - l.col_x0);
            self.push(l, t, bold);
            return;
        }
        if let Some(tx) = self.in_item {
            let cont = !new_block && (l.x0() - l.col_x0 - tx).abs() <= 4.0;
            let cont_col = prev.map(|p| p.col != l.col).unwrap_or(false)
                && !heading
                && (l.x0() - l.col_x0) > 4.0;
            if cont || cont_col {
                self.push(l, text, bold);
                return;
            }
            self.in_item = None;
            self.list_stack.clear();
            new_block = true;
        }
        if new_block {
            self.blank();
        }
        self.push(l, text, bold);
    }

    fn toc(&mut self, lines: &[Line], i: usize) -> usize {
        let l = &lines[i];
        if i > 0 && lines[i - 1].kind != Kind::Toc && lines[i - 1].kind != Kind::TocNumber {
            // A wrapped entry's first part may have been emitted as text just
            // before a lone page number; take it back.
            if l.kind == Kind::TocNumber
                && lines[i - 1].kind == Kind::Text
                && l.y - lines[i - 1].y < 1.6 * l.size
            {
            } else {
                self.blank();
            }
        }
        self.in_item = None;
        self.list_stack.clear();
        let strip = |s: String| -> String {
            s.trim_end_matches(|c: char| c == '.' || c == '…' || c.is_whitespace())
                .to_string()
        };
        if l.kind == Kind::Toc {
            let n = l.frags.len();
            let title = strip(render_frags(&l.frags[..n - 1], false));
            let page = l.frags[n - 1].plain();
            let t = format!("{title}\t{page}");
            self.push(l, t, l.all_bold());
            return i + 1;
        }
        // Lone number: the title is the previous text line (already emitted)
        // plus possibly the next line.
        let page = l.plain();
        let mut next = i + 1;
        let mut tail = String::new();
        if let Some(nl) = lines.get(i + 1) {
            if nl.kind == Kind::Text && nl.y - l.y < 1.6 * nl.size && nl.y > l.y {
                tail = render_frags(&nl.frags, true);
                next = i + 2;
            }
        }
        let prev_is_text =
            i > 0 && lines[i - 1].kind == Kind::Text && l.y - lines[i - 1].y < 1.6 * l.size;
        if prev_is_text {
            if let Some(last) = self.out.last_mut() {
                if !tail.is_empty() {
                    last.text.push(' ');
                    last.text.push_str(&tail);
                }
                last.text = strip(std::mem::take(&mut last.text));
                last.text.push('\t');
                last.text.push_str(&page);
                return next;
            }
        }
        let t = format!("{}\t{}", strip(tail), page);
        self.push(l, t, false);
        next
    }

    fn table(&mut self, lines: &[Line], start: usize) -> usize {
        // Gather the block: table rows plus short rows wedged between or
        // directly below them (wrapped cells).
        let mut end = start + 1;
        while end < lines.len() {
            let l = &lines[end];
            let p = &lines[end - 1];
            let dy = l.y - p.y;
            if l.page != p.page || dy < 0.0 || dy > 2.2 * l.size.max(p.size) {
                break;
            }
            if l.kind == Kind::Table {
                end += 1;
                continue;
            }
            if l.kind == Kind::Text && l.marker().is_none() && !l.all_bold() {
                end += 1;
                continue;
            }
            break;
        }
        // Trailing non-table rows only stay if they are wrapped cells, i.e.
        // short and close to the row above.
        while end > start + 1 {
            let l = &lines[end - 1];
            let p = &lines[end - 2];
            if l.kind == Kind::Table
                || (l.frags.len() <= 2
                    && l.y - p.y <= 1.4 * l.size
                    && l.x1() - l.x0() < 0.25 * (l.col_x1 - l.col_x0))
            {
                break;
            }
            end -= 1;
        }
        let block = &lines[start..end];
        // Column slots: union of overlapping x-intervals of cells in real table rows.
        let mut iv: Vec<(f32, f32)> = block
            .iter()
            .filter(|l| l.kind == Kind::Table)
            .flat_map(|l| l.frags.iter().map(|f| (f.x0, f.x1)))
            .collect();
        iv.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut slots: Vec<(f32, f32)> = Vec::new();
        for (a, b) in iv {
            match slots.last_mut() {
                Some(s) if a <= s.1 + 1.0 => s.1 = s.1.max(b),
                _ => slots.push((a, b)),
            }
        }
        // A cell belongs to the slot containing its left edge, else the one
        // it overlaps most (wrapped first-column cells are wider than "25.").
        let slot_of = |f: &Frag| -> usize {
            if let Some(i) = slots
                .iter()
                .position(|s| f.x0 >= s.0 - 1.0 && f.x0 <= s.1 + 1.0)
            {
                return i;
            }
            let mut best = (f32::MIN, 0);
            for (i, s) in slots.iter().enumerate() {
                let ov = f.x1.min(s.1) - f.x0.max(s.0);
                let d = if ov > 0.0 {
                    ov
                } else {
                    -(s.0 - f.x1).abs().min((f.x0 - s.1).abs())
                };
                if d > best.0 {
                    best = (d, i);
                }
            }
            best.1
        };
        let ns = slots.len().max(1);
        let mut rows: Vec<(Vec<String>, Vec<bool>, f32)> = Vec::new();
        for l in block {
            let mut cells = vec![String::new(); ns];
            let mut filled = vec![false; ns];
            for f in &l.frags {
                let s = slot_of(f).min(ns - 1);
                let t = render_frags(std::slice::from_ref(f), false);
                if filled[s] {
                    cells[s].push(' ');
                }
                cells[s].push_str(&t);
                filled[s] = true;
            }
            let merge = if let Some((_, pf, py)) = rows.last() {
                let close = l.y - py <= 1.5 * l.size;
                let only_first = filled.iter().skip(1).all(|x| !x) && filled[0];
                let header_cont = !filled[0] && !pf[0] && rows.len() == 1;
                let sparse = filled.iter().filter(|x| **x).count() * 2 < ns
                    && filled.iter().zip(pf).all(|(a, b)| !a || *b);
                close && (only_first || header_cont || sparse)
            } else {
                false
            };
            if merge {
                let (pc, pf, py) = rows.last_mut().unwrap();
                for s in 0..ns {
                    if filled[s] {
                        if pf[s] {
                            if pc[s].ends_with('-') {
                                // keep the hyphen, like the text rendering ("til-meldte")
                            } else {
                                pc[s].push(' ');
                            }
                        }
                        pc[s].push_str(&cells[s]);
                        pf[s] = true;
                    }
                }
                *py = l.y;
            } else {
                rows.push((cells, filled, l.y));
            }
        }
        self.in_item = None;
        self.list_stack.clear();
        self.blank();
        for (k, (cells, _, _)) in rows.into_iter().enumerate() {
            let l = &block[k.min(block.len() - 1)];
            let mut cells = cells;
            while cells.len() > 1 && cells.last().map(|c| c.is_empty()).unwrap_or(false) {
                cells.pop();
            }
            let text = cells.join("\t");
            self.out.push(TextLine {
                text,
                page: Some(l.page),
                style: LineStyle {
                    font_size: Some(l.size),
                    bold: l.all_bold(),
                    indent: (l.x0() - l.col_x0).max(0.0),
                    heading_mark: None,
                },
            });
        }
        self.blank();
        end
    }
}

fn render_frags(frags: &[Frag], mark_bold: bool) -> String {
    let mut parts = Vec::new();
    for f in frags {
        parts.push(render_words(f.words.iter(), mark_bold));
    }
    if parts.len() <= 1 {
        return parts.pop().unwrap_or_default();
    }
    // Fragments of a text line that is not a table: a gap without a space
    // glyph (e.g. "Side" set apart). Keep it readable with a single space.
    parts.join(" ")
}
