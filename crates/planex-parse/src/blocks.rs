//! Lines to blocks: paragraphs (and heading candidates), lists, tables and
//! footnotes, with the joins a page break or a line wrap calls for.

use std::borrow::Cow;
use std::cell::OnceCell;

use planex_model::{ExtractedText, SourceFormat, Span};

use crate::cues::{self, CueKind};
use crate::text::{self, ListMarker};

/// A list item before nesting and name extraction.
#[derive(Debug, Clone)]
pub struct RawItem {
    pub marker: ListMarker,
    /// Item text including continuation lines, joined.
    pub text: String,
    pub first_line: usize,
    pub last_line: usize,
}

#[derive(Debug, Clone)]
pub enum PieceKind<'a> {
    /// A paragraph or a heading candidate; `lines` holds its line texts,
    /// trimmed (borrowed from the document: most are only read).
    Text {
        lines: Vec<Cow<'a, str>>,
    },
    List {
        items: Vec<RawItem>,
    },
    /// Rows of cells, each with its 0-based line index.
    Table {
        rows: Vec<(usize, Vec<String>)>,
    },
    Footnote {
        marker: String,
        text: String,
    },
}

/// A block with the 0-based range of lines it came from.
#[derive(Debug, Clone)]
pub struct Piece<'a> {
    pub kind: PieceKind<'a>,
    pub first_line: usize,
    pub last_line: usize,
}

impl Piece<'_> {
    pub fn span(&self) -> Span {
        Span::new(self.first_line as u32 + 1, self.last_line as u32 + 1)
    }
    /// The paragraph text (lines joined, hyphenation undone), for text pieces.
    pub fn text(&self) -> Option<String> {
        match &self.kind {
            PieceKind::Text { lines } => Some(text::join_lines(lines.iter().map(|l| &**l))),
            _ => None,
        }
    }
    /// [`Piece::text`] without emphasis ([`text::strip_emphasis`]), for
    /// text pieces: a single line (most paragraphs) is read and copied
    /// once, not joined first.
    pub fn plain_text(&self) -> Option<String> {
        match &self.kind {
            PieceKind::Text { lines } if lines.len() == 1 => {
                Some(text::strip_emphasis(text::trim(&lines[0])))
            }
            _ => self.text().map(text::strip_emphasis_owned),
        }
    }
    pub fn is_text(&self) -> bool {
        matches!(self.kind, PieceKind::Text { .. })
    }
    /// The text of the last item of a list piece ("" for other pieces).
    fn last_item_text(&self) -> &str {
        match &self.kind {
            PieceKind::List { items } => items.last().map_or("", |it| it.text.as_str()),
            _ => "",
        }
    }
    /// The last line of a text piece ("" for other pieces).
    fn last_text_line(&self) -> &str {
        match &self.kind {
            PieceKind::Text { lines } => lines.last().map_or("", |l| &**l),
            _ => "",
        }
    }
    pub fn line_count(&self) -> usize {
        match &self.kind {
            PieceKind::Text { lines } => lines.len(),
            _ => self.last_line + 1 - self.first_line,
        }
    }
}

/// Tab-separated cells of a table row with at least `min_filled` non-empty cells.
fn table_cells(line: &str, min_filled: usize) -> Option<Vec<String>> {
    // No tab, no table row.
    memchr::memchr(b'\t', line.as_bytes())?;
    let line = line
        .trim_end_matches([' ', '\t', '\u{a0}'])
        .trim_start_matches(' ');
    let cells: Vec<String> = line
        .split('\t')
        .map(|c| text::strip_emphasis(text::trim(c)))
        .collect();
    let filled = cells.iter().filter(|c| !c.is_empty()).count();
    (cells.len() >= min_filled && filled >= min_filled).then_some(cells)
}

#[derive(Clone, Copy, PartialEq)]
enum LineKind {
    Text,
    List,
    Table,
}

/// Split `lines` (with `skip` marking lines already consumed, e.g. the table
/// of contents) into pieces, then apply the joins across blank lines.
pub fn segment<'a>(doc: &'a ExtractedText, skip: &[bool], full_line: &FullLine) -> Vec<Piece<'a>> {
    // (About one piece for two lines: room for them up front, not regrown.)
    let mut pieces: Vec<Piece> = Vec::with_capacity(doc.lines.len() / 2);
    // In text input a line without a blank before it may still start a
    // block of its own (see `continues_text`); the PDF front end separates
    // its blocks with blank lines, so there a line always carries on.
    let text_input = doc.format == SourceFormat::Text;
    let carries_on = |prev: &str, next: &str| -> bool {
        !text_input || continues_text(prev, next, || full_line.chars())
    };
    let mut prev_kind: Option<LineKind> = None; // kind of the previous non-blank line, None after a gap
    for (i, line) in doc.lines.iter().enumerate() {
        if skip.get(i).copied().unwrap_or(false) || text::is_blank(&line.text) {
            prev_kind = None;
            continue;
        }
        // A line the source marks as a heading (Markdown) is a piece of
        // its own: nothing runs on into it or from it.
        if line.style.heading_mark.is_some() {
            pieces.push(Piece {
                kind: PieceKind::Text {
                    lines: vec![Cow::Borrowed(text::trim(&line.text))],
                },
                first_line: i,
                last_line: i,
            });
            prev_kind = None;
            continue;
        }
        let raw = line.text.as_str();
        // Inside a table, a row with a single filled cell (a group label, a
        // row without figures) still belongs to it.
        let min_filled = if prev_kind == Some(LineKind::Table) {
            1
        } else {
            2
        };
        let (kind, cells, marker) = if let Some(cells) = table_cells(raw, min_filled) {
            (LineKind::Table, Some(cells), None)
        } else if let Some(m) = text::list_marker(raw) {
            (LineKind::List, None, Some(m))
        } else {
            (LineKind::Text, None, None)
        };
        // A note line ("¹ ...", "*) ...") opens its own piece even without a
        // blank line before it; so does a caption or source line set
        // directly under a table, so that the table can claim it.
        let note = match kind {
            LineKind::Text => text::footnote_marker(raw),
            _ => None,
        };
        let extend = prev_kind.is_some() && note.is_none() && !after_table_note(&pieces, kind, raw);
        match (kind, pieces.last_mut()) {
            (LineKind::Table, Some(p)) if extend && prev_kind == Some(LineKind::Table) => {
                if let PieceKind::Table { rows } = &mut p.kind {
                    rows.push((i, cells.unwrap()));
                    p.last_line = i;
                }
            }
            (LineKind::List, Some(p)) if extend && matches!(p.kind, PieceKind::List { .. }) => {
                if let PieceKind::List { items } = &mut p.kind {
                    let m = marker.unwrap();
                    items.push(RawItem {
                        text: text::trim(&raw[m.text_start..]).to_string(),
                        marker: m,
                        first_line: i,
                        last_line: i,
                    });
                    p.last_line = i;
                }
            }
            // A wrapped list item (PDF): the continuation line has no marker.
            (LineKind::Text, Some(p))
                if extend
                    && matches!(p.kind, PieceKind::List { .. })
                    && carries_on(p.last_item_text(), raw) =>
            {
                if let PieceKind::List { items } = &mut p.kind {
                    let last = items.last_mut().unwrap();
                    text::append_continuation(&mut last.text, raw);
                    last.last_line = i;
                    p.last_line = i;
                }
            }
            // A footnote wrapped over several lines.
            (LineKind::Text, Some(p)) if extend && matches!(p.kind, PieceKind::Footnote { .. }) => {
                if let PieceKind::Footnote { text: note, .. } = &mut p.kind {
                    let note_goes_on = if text_input {
                        carries_on(note, raw)
                    } else {
                        !text::ends_sentence(note) || text::starts_lowercase(raw)
                    };
                    if note_goes_on {
                        text::append_continuation(note, raw);
                        p.last_line = i;
                    } else {
                        pieces.push(Piece {
                            kind: PieceKind::Text {
                                lines: vec![Cow::Borrowed(text::trim(raw))],
                            },
                            first_line: i,
                            last_line: i,
                        });
                    }
                }
            }
            (LineKind::Text, Some(p))
                if extend && p.is_text() && carries_on(p.last_text_line(), raw) =>
            {
                if let PieceKind::Text { lines } = &mut p.kind {
                    lines.push(Cow::Borrowed(text::trim(raw)));
                    p.last_line = i;
                }
            }
            _ => {
                let kind = match kind {
                    LineKind::Table => PieceKind::Table {
                        rows: vec![(i, cells.unwrap())],
                    },
                    LineKind::List => {
                        let m = marker.unwrap();
                        PieceKind::List {
                            items: vec![RawItem {
                                text: text::trim(&raw[m.text_start..]).to_string(),
                                marker: m,
                                first_line: i,
                                last_line: i,
                            }],
                        }
                    }
                    LineKind::Text => match note {
                        Some((marker, note)) => PieceKind::Footnote {
                            marker: marker.to_string(),
                            text: note.to_string(),
                        },
                        None => PieceKind::Text {
                            lines: vec![Cow::Borrowed(text::trim(raw))],
                        },
                    },
                };
                pieces.push(Piece {
                    kind,
                    first_line: i,
                    last_line: i,
                });
            }
        }
        prev_kind = Some(kind);
    }
    demote_lone_numbered_items(&mut pieces);
    join_across_breaks(pieces)
}

/// In text input, does the line `next` carry on the text line `prev` (the
/// same paragraph, wrapped), rather than start a block of its own? Text
/// exports differ: some wrap paragraphs at a width, some write a paragraph a
/// line, and not all put blank lines between blocks. A line starting in
/// lower case carries on; after a short line (a title, a paragraph's last
/// line) a new block starts; and where lines are not wrapped at all (full
/// lines far longer than any wrap width), every line ends its block. An
/// emphasis left open ("**Holbæk" / "Kommune**") carries on.
/// (The PDF front end separates its blocks with blank lines itself.)
fn continues_text(prev: &str, next: &str, full_chars: impl FnOnce() -> usize) -> bool {
    if text::starts_lowercase(next) || prev.matches("**").count() % 2 == 1 {
        return true;
    }
    let full = full_chars();
    if full > UNWRAPPED_LINE_CHARS {
        // Lines are whole paragraphs and items: each ends its block.
        return false;
    }
    prev.trim().chars().count() * 10 >= full * 6
}

/// Full lines longer than this are paragraphs written a line each, not
/// wrapped text (wrapped text stays well under it).
const UNWRAPPED_LINE_CHARS: usize = 150;

/// The length (chars) of a full line of the document's running text: the
/// 90th percentile of the non-blank lines' lengths. Worked out once, the
/// first time a stage asks (segmentation when two text lines meet without a
/// blank line, heading detection for narrow columns), and shared by them.
pub struct FullLine<'a> {
    doc: &'a ExtractedText,
    chars: OnceCell<usize>,
}

impl<'a> FullLine<'a> {
    pub fn new(doc: &'a ExtractedText) -> FullLine<'a> {
        FullLine {
            doc,
            chars: OnceCell::new(),
        }
    }

    pub fn chars(&self) -> usize {
        *self.chars.get_or_init(|| {
            let mut lengths: Vec<usize> = self
                .doc
                .lines
                .iter()
                .map(|l| text::char_count(text::trim(&l.text)))
                .filter(|&n| n > 0)
                .collect();
            if lengths.is_empty() {
                return 0;
            }
            let k = (lengths.len() * 9 / 10).min(lengths.len() - 1);
            *lengths.select_nth_unstable(k).1
        })
    }
}

/// Is `raw` a caption or source line that follows, without a blank line, a
/// table or the caption/source line right under one? Only lines in that
/// position are matched against the cues, so this costs nothing elsewhere.
fn after_table_note(pieces: &[Piece], kind: LineKind, raw: &str) -> bool {
    if kind != LineKind::Text || raw.len() > 300 {
        return false;
    }
    let n = pieces.len();
    let under_table = match pieces.last().map(|p| &p.kind) {
        Some(PieceKind::Table { .. }) => true,
        Some(PieceKind::Text { lines }) if lines.len() == 1 && n >= 2 => {
            matches!(pieces[n - 2].kind, PieceKind::Table { .. })
                && pieces[n - 2].last_line + 1 == pieces[n - 1].first_line
                && is_table_note(&lines[0])
        }
        _ => false,
    };
    under_table && is_table_note(raw)
}

fn is_table_note(line: &str) -> bool {
    cues::matches(CueKind::CaptionPrefix, line) || cues::matches(CueKind::SourcePrefix, line)
}

/// "1. Titel" alone between blank lines is a numbered heading or a numbered
/// goal, not a one-item list; a run of such items with consecutive numbers
/// separated only by blank lines stays a list.
fn demote_lone_numbered_items(pieces: &mut [Piece]) {
    let lone_number = |p: &Piece| -> Option<u32> {
        match &p.kind {
            PieceKind::List { items }
                if items.len() == 1 && items[0].marker.marker.ends_with('.') =>
            {
                items[0].marker.marker.trim_end_matches('.').parse().ok()
            }
            _ => None,
        }
    };
    let numbers: Vec<Option<u32>> = pieces.iter().map(lone_number).collect();
    // (Changed in place: moving every piece into a new vector cost more.)
    for (i, p) in pieces.iter_mut().enumerate() {
        let Some(n) = numbers[i] else { continue };
        let prev_continues = i > 0 && numbers[i - 1] == Some(n.wrapping_sub(1));
        let next_continues = numbers.get(i + 1).copied().flatten() == Some(n + 1);
        if prev_continues || next_continues {
            continue;
        }
        let line = match &p.kind {
            PieceKind::List { items } => {
                format!("{} {}", items[0].marker.marker, items[0].text)
            }
            _ => unreachable!(),
        };
        p.kind = PieceKind::Text {
            lines: vec![Cow::Owned(line)],
        };
    }
}

/// Joins across blank lines: a table split at a page break, a list split by
/// blank lines, and a paragraph or list item cut in mid-sentence.
fn join_across_breaks(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for p in pieces {
        if let Some(prev) = out.last_mut() {
            match (&mut prev.kind, &p.kind) {
                (PieceKind::Table { rows }, PieceKind::Table { rows: more })
                    if rows.last().map(|r| r.1.len()) == more.first().map(|r| r.1.len()) =>
                {
                    rows.extend(more.iter().cloned());
                    prev.last_line = p.last_line;
                    continue;
                }
                (PieceKind::List { items }, PieceKind::List { items: more })
                    if same_list_family(&items[0].marker, &more[0].marker) =>
                {
                    items.extend(more.iter().cloned());
                    prev.last_line = p.last_line;
                    continue;
                }
                (PieceKind::List { items }, PieceKind::Text { lines }) => {
                    let last = items.last_mut().unwrap();
                    if !text::ends_sentence(&last.text) && text::starts_lowercase(&lines[0]) {
                        for l in lines {
                            text::append_continuation(&mut last.text, l);
                        }
                        last.last_line = p.last_line;
                        prev.last_line = p.last_line;
                        continue;
                    }
                }
                // (The cheap test on the next piece first: most start a sentence.)
                (PieceKind::Text { lines }, PieceKind::Text { lines: more })
                    if text::starts_lowercase(&more[0]) =>
                {
                    let joined = text::join_lines(lines.iter().map(|l| &**l));
                    let long_enough = joined.len() > 80 || joined.ends_with('-');
                    if long_enough && !text::ends_sentence(&joined) {
                        lines.extend(more.iter().cloned());
                        prev.last_line = p.last_line;
                        continue;
                    }
                }
                _ => {}
            }
        }
        out.push(p);
    }
    out
}

fn same_list_family(a: &ListMarker, b: &ListMarker) -> bool {
    a.ordered == b.ordered || a.indent != b.indent
}

#[cfg(test)]
mod tests {
    use super::*;
    use planex_model::SourceFormat;

    fn text_doc(lines: &[&str]) -> ExtractedText {
        ExtractedText::from_plain_lines(SourceFormat::Text, lines.iter().copied())
    }

    fn pieces(doc: &ExtractedText) -> Vec<Piece<'_>> {
        segment(doc, &[], &FullLine::new(doc))
    }

    /// [`Piece::plain_text`] as the joined text without emphasis, over the
    /// text pieces of the corpus plans and seeded random one- and two-line
    /// pieces with emphasis, soft hyphens and spaces at their edges.
    #[test]
    fn plain_text_as_joined_and_stripped() {
        let docs: Vec<ExtractedText> = planex_testkit::corpus_texts()
            .iter()
            .map(|t| ExtractedText::from_plain_lines(SourceFormat::Text, t.lines()))
            .collect();
        let mut all: Vec<Piece> = docs.iter().flat_map(pieces).collect();
        let alphabet: Vec<char> = "a *)-.\u{ad}\u{a0}\tæ".chars().collect();
        let mut random = planex_testkit::RandomText::new(61);
        for _ in 0..30_000 {
            let count = 1 + random.below(2);
            let lines = (0..count)
                .map(|_| Cow::Owned(random.chars(&alphabet, 10)))
                .collect();
            all.push(Piece {
                kind: PieceKind::Text { lines },
                first_line: 0,
                last_line: 0,
            });
        }
        let mut single = 0;
        for p in &all {
            assert_eq!(
                p.plain_text(),
                p.text().map(text::strip_emphasis_owned),
                "{p:?}"
            );
            single += usize::from(p.is_text() && p.line_count() == 1);
        }
        assert!(single > 10_000, "{single}");
    }

    #[test]
    fn hyphenated_word_over_a_page_break() {
        let doc = text_doc(&[
            "Strategien er under imple-",
            "",
            "mentering, og lægger op til et tættere samarbejde.",
        ]);
        let p = pieces(&doc);
        assert_eq!(p.len(), 1);
        assert_eq!(
            p[0].text().unwrap(),
            "Strategien er under implementering, og lægger op til et tættere samarbejde."
        );
        assert_eq!(p[0].span(), Span::new(1, 3));
    }

    #[test]
    fn paragraph_cut_by_page_break_in_mid_sentence() {
        let first =
            "Udvalget har besluttet, at der skal udarbejdes en plan, der kan rumme den uvished,";
        let doc = text_doc(&[first, "", "der ligger for fremtiden.", "", "Næste afsnit."]);
        let p = pieces(&doc);
        assert_eq!(p.len(), 2);
        assert!(p[0]
            .text()
            .unwrap()
            .ends_with("uvished, der ligger for fremtiden."));
    }

    #[test]
    fn table_split_by_blank_line() {
        let doc = text_doc(&[
            "Ydelse\t2019\t2020",
            "A-dagpenge\t758\t671",
            "",
            "Fleksjob\t951\t1021",
            "I alt\t1709\t1692",
        ]);
        let p = pieces(&doc);
        assert_eq!(p.len(), 1);
        match &p[0].kind {
            PieceKind::Table { rows } => assert_eq!(rows.len(), 4),
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn list_items_split_by_blank_lines_and_continued_after_break() {
        let doc = text_doc(&[
            "- Første punkt",
            "",
            "- *Virksomhedsaktivering* kan sikre, at den enkelte får optrænet sine",
            "",
            "kompetencer på rigtige arbejdspladser.",
        ]);
        let p = pieces(&doc);
        assert_eq!(p.len(), 1);
        match &p[0].kind {
            PieceKind::List { items } => {
                assert_eq!(items.len(), 2);
                assert!(items[1]
                    .text
                    .ends_with("sine kompetencer på rigtige arbejdspladser."));
            }
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn lone_numbered_line_is_text_but_numbered_list_stays() {
        let doc = text_doc(&[
            "1. Beskæftigelsespolitiske mål for 2015",
            "",
            "Tekst.",
            "",
            "1. Unge",
            "2. Flygtninge",
        ]);
        let p = pieces(&doc);
        assert!(p[0].is_text());
        assert!(matches!(&p[2].kind, PieceKind::List { items } if items.len() == 2));
    }

    #[test]
    fn footnote_lines() {
        let doc = text_doc(&["Tekst¹.", "", "¹ Samarbejde omfatter løntilskud"]);
        let p = pieces(&doc);
        assert!(matches!(&p[1].kind, PieceKind::Footnote { marker, .. } if marker == "¹"));
    }

    #[test]
    fn empty_corner_cell_is_kept() {
        let doc = text_doc(&["\tNytilmeldte\tAfmeldte", "25. oktober\t2.994\t2.812"]);
        let p = pieces(&doc);
        match &p[0].kind {
            PieceKind::Table { rows } => assert_eq!(rows[0].1, vec!["", "Nytilmeldte", "Afmeldte"]),
            k => panic!("{k:?}"),
        }
    }
}
