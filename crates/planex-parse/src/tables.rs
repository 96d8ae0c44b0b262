//! Tables: header rows, caption, source note, parsed cell values.

use planex_model::{Cell, Span, Table};
use planex_normalise::number;

use crate::blocks::{Piece, PieceKind};
use crate::cues::{self, CueKind};
use crate::text;

fn single_line_text(p: &Piece) -> Option<String> {
    match &p.kind {
        PieceKind::Text { lines } if lines.len() == 1 => Some(text::strip_emphasis(&lines[0])),
        _ => None,
    }
}

fn is_caption(p: &Piece) -> bool {
    single_line_text(p).is_some_and(|t| cues::matches(CueKind::CaptionPrefix, &t))
}

fn is_source(p: &Piece) -> bool {
    single_line_text(p).is_some_and(|t| cues::matches(CueKind::SourcePrefix, &t))
}

fn is_table(p: Option<&Piece>) -> bool {
    matches!(p.map(|p| &p.kind), Some(PieceKind::Table { .. }))
}

/// A caption line ("Tabel 1: ...") directly above a table. Between two
/// tables it belongs to the one above when the one below has its own caption
/// under it: the document sets captions under its tables.
pub fn is_caption_of_next_table(pieces: &[Piece], i: usize) -> bool {
    if !is_table(pieces.get(i + 1)) || !is_caption(&pieces[i]) {
        return false;
    }
    let mut before = i.checked_sub(1);
    if let Some(b) = before.filter(|&b| is_source(&pieces[b])) {
        before = b.checked_sub(1);
    }
    let after_table = before.is_some_and(|b| is_table(pieces.get(b)));
    let caption_under_next = pieces[i + 2..]
        .iter()
        .take(2)
        .take_while(|p| is_caption(p) || is_source(p))
        .any(is_caption);
    !(after_table && caption_under_next)
}

/// Strip footnote markers ("*)", "¹") before reading a number.
fn cell_number(text: &str) -> Option<number::Quantity> {
    // Neither an asterisk nor a superscript digit (whose UTF-8 starts with
    // 0xC2 or 0xE2) in most cells: nothing to strip then.
    if memchr::memchr3(b'*', 0xc2, 0xe2, text.as_bytes()).is_none() {
        return quantity(text::trim(text));
    }
    let cleaned: String = text
        .replace("*)", "")
        .chars()
        .filter(|c| !text::is_superscript_digit(*c) && *c != '*')
        .collect();
    quantity(cleaned.trim())
}

/// [`number::parse_quantity`] of a trimmed cell. Most data cells are a
/// bare number ("1.388.248", "-15,9"): its regex would take the whole text
/// as the number with nothing after it, so the number is read directly.
fn quantity(t: &str) -> Option<number::Quantity> {
    if is_bare_number(t) {
        return number::parse_danish_number(t).map(|value| number::Quantity { value, unit: None });
    }
    number::parse_quantity(t)
}

/// An ASCII sign or none, then digits, points and commas, ending in a
/// digit: all of it the number of `parse_quantity`'s regex.
fn is_bare_number(t: &str) -> bool {
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    body.ends_with(|c: char| c.is_ascii_digit())
        && body.bytes().all(|b| matches!(b, b'0'..=b'9' | b'.' | b','))
}

fn is_year_like(text: &str) -> bool {
    let t = text::trim(text);
    let years: Vec<&str> = t.split(['-', '–', '/']).map(str::trim).collect();
    !years.is_empty()
        && years.len() <= 2
        && years.iter().all(|y| {
            y.len() == 4 && y.starts_with(['1', '2']) && y.chars().all(|c| c.is_ascii_digit())
        })
}

/// A data cell: a number that is not a year.
fn is_figure(text: &str) -> bool {
    !is_year_like(text) && cell_number(text).is_some()
}

pub fn make_cell(text: &str, header: bool) -> Cell {
    let text = text::trim(text).to_string();
    if header {
        return Cell {
            text,
            value: None,
            unit: None,
        };
    }
    match cell_number(&text) {
        Some(q) => Cell {
            value: Some(q.value),
            unit: Some(q.unit.map(|u| u.unit_id()).unwrap_or("count").to_string()),
            text,
        },
        None => Cell {
            text,
            value: None,
            unit: None,
        },
    }
}

/// Leading rows without figures (only labels, years or empty corner cells)
/// are header rows, as long as at least one data row remains. Below the
/// first row, a row with only its label cell filled labels the rows under
/// it (a group such as "Unge under 30 år"), so the body starts there. A
/// table of words alone (measures with their target groups, say) has its
/// first row as header: no figure marks where its body starts.
pub fn header_row_count<R: AsRef<[String]>>(rows: &[R]) -> usize {
    let has_figures = |r: &R| r.as_ref().iter().skip(1).any(|c| is_figure(c));
    if !rows.iter().any(has_figures) {
        return usize::from(rows.len() >= 2);
    }
    let group_label = |r: &[String]| r.iter().skip(1).all(|c| c.is_empty());
    let mut n = 0;
    while n + 1 < rows.len()
        && !rows[n].as_ref().iter().skip(1).any(|c| is_figure(c))
        && !(n > 0 && group_label(rows[n].as_ref()))
    {
        n += 1;
    }
    n
}

#[allow(clippy::too_many_arguments)]
pub fn build_table(
    id: String,
    pieces: &[Piece],
    i: usize,
    rows: &[(usize, Vec<String>)],
    section: Option<String>,
    page: Option<u32>,
    consumed: &mut [bool],
) -> Table {
    let grid: Vec<&[String]> = rows.iter().map(|(_, cells)| cells.as_slice()).collect();
    let n_header = header_row_count(&grid);
    let mut caption = (i > 0 && is_caption_of_next_table(pieces, i - 1))
        .then(|| single_line_text(&pieces[i - 1]))
        .flatten();
    let mut span = pieces[i].span();
    if caption.is_some() {
        span.start = pieces[i - 1].span().start;
    }
    let mut source_note = None;
    let mut j = i + 1;
    while j < pieces.len() && j <= i + 2 {
        let Some(t) = single_line_text(&pieces[j]) else {
            break;
        };
        if source_note.is_none() && cues::matches(CueKind::SourcePrefix, &t) {
            let label_end = t.find(':').map(|p| p + 1).unwrap_or(0);
            source_note = Some(
                t[label_end..]
                    .trim()
                    .trim_end_matches(')')
                    .trim()
                    .to_string(),
            );
        } else if caption.is_none()
            && cues::matches(CueKind::CaptionPrefix, &t)
            && !is_caption_of_next_table(pieces, j)
        {
            caption = Some(t);
        } else {
            break;
        }
        consumed[j] = true;
        span.end = pieces[j].span().end;
        j += 1;
    }
    Table {
        id,
        caption,
        section,
        header_rows: grid[..n_header]
            .iter()
            .map(|r| r.iter().map(|c| make_cell(c, true)).collect())
            .collect(),
        rows: grid[n_header..]
            .iter()
            .map(|r| r.iter().map(|c| make_cell(c, false)).collect())
            .collect(),
        target_table: false,
        source_note,
        span: Span::new(span.start, span.end),
        page,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&str]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.split('\t').map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn header_with_years_and_corner() {
        assert_eq!(
            header_row_count(&rows(&[
                "Ydelsestyper\t2015\t2016\tBudget 2020",
                "A-dagpenge\t865\t813\t671"
            ])),
            1
        );
        assert_eq!(
            header_row_count(&rows(&[
                "\tNytilmeldte\tAfmeldte",
                "25. oktober\t2.994\t2.812"
            ])),
            1
        );
    }

    #[test]
    fn three_row_header() {
        let r = rows(&[
            "\tHelårspersoner\t\t",
            "\tMåltal\t\tForventet",
            "Målgruppe\t2020\t2021\t2020",
            "Fleksjob\t732\t739\t758",
        ]);
        assert_eq!(header_row_count(&r), 3);
    }

    #[test]
    fn cells_get_danish_numbers() {
        assert_eq!(make_cell("1.388.248", false).value, Some(1_388_248.0));
        assert_eq!(make_cell("12,2", false).value, Some(12.2));
        let pct = make_cell("26%", false);
        assert_eq!(
            (pct.value, pct.unit.as_deref()),
            (Some(26.0), Some("percent"))
        );
        assert_eq!(make_cell("-15,9", false).value, Some(-15.9));
        assert_eq!(make_cell("4.165", false).value, Some(4165.0));
        assert_eq!(make_cell("312 *)", false).value, Some(312.0));
        assert_eq!(make_cell("Kontanthjælp", false).value, None);
    }

    /// The cell text `make_cell` reads a quantity from, as before the
    /// shortcut: always asking `parse_quantity`.
    fn cell_number_oracle(text: &str) -> Option<number::Quantity> {
        if memchr::memchr3(b'*', 0xc2, 0xe2, text.as_bytes()).is_none() {
            return number::parse_quantity(text.trim());
        }
        let cleaned: String = text
            .replace("*)", "")
            .chars()
            .filter(|c| !text::is_superscript_digit(*c) && *c != '*')
            .collect();
        number::parse_quantity(cleaned.trim())
    }

    fn same_quantity(cell: &str) {
        let (a, b) = (cell_number(cell), cell_number_oracle(cell));
        assert_eq!(
            a.map(|q| (q.value.to_bits(), q.unit.map(|u| u.unit_id()))),
            b.map(|q| (q.value.to_bits(), q.unit.map(|u| u.unit_id()))),
            "{cell:?}"
        );
    }

    #[test]
    fn number_shortcut_matches_parse_quantity_on_corpus_cells() {
        let mut cells = 0;
        for text in planex_testkit::corpus_texts() {
            for line in text.lines() {
                for cell in line.split(['\t', '|']) {
                    same_quantity(cell);
                    cells += 1;
                }
                for word in line.split(' ') {
                    same_quantity(word);
                }
            }
        }
        assert!(cells > 1000);
    }

    #[test]
    fn number_shortcut_matches_parse_quantity_on_random_cells() {
        let alphabet: Vec<char> = " \t\u{a0}\u{202f}\u{2212}\u{2013}+-.,%*)(0123456789\u{661}\u{b9}\u{b2}\u{2074}aAkrmiopct.æÆ:;"
            .chars()
            .collect();
        let mut random = planex_testkit::RandomText::new(7);
        for _ in 0..200_000 {
            same_quantity(&random.chars(&alphabet, 14));
        }
    }
}
