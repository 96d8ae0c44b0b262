//! Danish section/table parser: text lines to a document tree.
//!
//! Takes the [`ExtractedText`] of a front end (text or PDF; the parser never
//! sees PDF coordinates, only lines with optional style cues) and recovers
//! the structure of the plan: table of contents, headings with levels, the
//! section tree with the paragraphs, lists and tables under each heading,
//! captions, source notes and footnotes.
//!
//! ```
//! use planex_model::{ExtractedText, SourceFormat};
//! let lines = ["Beskæftigelsesplan 2021", "", "Indledning", "",
//!     "Planen beskriver indsatsen i det kommende år.", "", "Mål", "",
//!     "- Flere ledige skal i job", "- Færre på sygedagpenge"];
//! let doc = planex_parse::parse(&ExtractedText::from_plain_lines(SourceFormat::Text, lines));
//! assert_eq!(doc.sections.len(), 1);
//! assert_eq!(doc.sections[0].title, "Indledning");
//! assert_eq!(doc.sections[0].children[0].title, "Mål");
//! assert_eq!(doc.sections[0].children[0].level, 2);
//! ```

pub mod blocks;
pub mod cues;
mod headings;
mod tables;
pub mod text;
pub mod toc;

use planex_model::{
    Block, ExtractedText, Footnote, ListItem, Section, Span, Table, TocEntry, Warning,
};

pub use headings::HeadingInfo;

/// The structure of one plan.
#[derive(Debug, Clone, Default)]
pub struct ParsedDocument {
    /// Blocks before the first heading (cover, title page).
    pub preamble: Vec<Block>,
    pub sections: Vec<Section>,
    pub toc: Vec<TocEntry>,
    pub tables: Vec<Table>,
    pub footnotes: Vec<Footnote>,
    pub warnings: Vec<Warning>,
}

impl ParsedDocument {
    /// Every section in document order, with its ancestors' ids.
    pub fn walk(&self) -> Vec<(&Section, Vec<&Section>)> {
        fn go<'a>(
            nodes: &'a [Section],
            path: &mut Vec<&'a Section>,
            out: &mut Vec<(&'a Section, Vec<&'a Section>)>,
        ) {
            for s in nodes {
                out.push((s, path.clone()));
                path.push(s);
                go(&s.children, path, out);
                path.pop();
            }
        }
        let mut out = Vec::new();
        go(&self.sections, &mut Vec::new(), &mut out);
        out
    }
}

/// Parse extracted lines into a document tree.
pub fn parse(doc: &ExtractedText) -> ParsedDocument {
    let toc = toc::find_toc(doc);
    let mut skip = vec![false; doc.lines.len()];
    if let Some((a, b)) = toc.lines {
        skip[a..=b].iter_mut().for_each(|s| *s = true);
    }
    let full_line = blocks::FullLine::new(doc);
    let mut pieces = blocks::segment(doc, &skip, &full_line);
    let page_of = |line: usize| doc.lines.get(line).and_then(|l| l.page);

    // Everything printed before the table of contents is the cover.
    let body_start = toc.lines.map(|(a, _)| a).unwrap_or(0);
    let mut heads = headings::detect(doc, &pieces, &toc, body_start, &full_line);

    let mut out = ParsedDocument::default();
    let mut table_no = 0usize;
    // Flat list of (level, Section) in document order; nested at the end.
    let mut flat: Vec<Section> = Vec::new();
    let mut flat_keys: Vec<String> = Vec::new();
    let mut consumed = vec![false; pieces.len()];
    for i in 0..pieces.len() {
        if consumed[i] {
            continue;
        }
        // A list's items are moved into its block: no piece looks at
        // another's items once the headings are found.
        let items = match &mut pieces[i].kind {
            blocks::PieceKind::List { items } => std::mem::take(items),
            _ => Vec::new(),
        };
        let piece = &pieces[i];
        if let Some((h, key)) = heads.by_piece[i].take() {
            flat_keys.push(key);
            flat.push(Section {
                id: planex_model::item_id('s', flat.len() + 1),
                number: h.number,
                title: h.title,
                level: h.level,
                page: page_of(piece.first_line),
                span: piece.span(),
                content: Vec::new(),
                children: Vec::new(),
            });
            continue;
        }
        let block = match &piece.kind {
            blocks::PieceKind::Text { .. } => {
                if tables::is_caption_of_next_table(&pieces, i) {
                    continue; // attached to the table below
                }
                Some(Block::Paragraph {
                    text: piece.plain_text().unwrap_or_default(),
                    span: piece.span(),
                    page: page_of(piece.first_line),
                })
            }
            blocks::PieceKind::List { .. } => Some(Block::List {
                items: list_items(items, page_of),
                span: piece.span(),
                page: page_of(piece.first_line),
            }),
            blocks::PieceKind::Table { rows } => {
                table_no += 1;
                let table = tables::build_table(
                    planex_model::item_id('t', table_no),
                    &pieces,
                    i,
                    rows,
                    flat.last().map(|s| s.id.clone()),
                    page_of(piece.first_line),
                    &mut consumed,
                );
                let block = Block::Table {
                    table: table.id.clone(),
                    span: table.span,
                    page: table.page,
                };
                out.tables.push(table);
                Some(block)
            }
            blocks::PieceKind::Footnote { marker, text } => {
                out.footnotes.push(Footnote {
                    marker: marker.clone(),
                    text: text::strip_emphasis(text),
                    referenced_at: Vec::new(),
                    span: piece.span(),
                    page: page_of(piece.first_line),
                });
                None
            }
        };
        if let Some(block) = block {
            match flat.last_mut() {
                Some(s) => s.content.push(block),
                None => out.preamble.push(block),
            }
        }
    }
    link_footnotes(doc, &mut out.footnotes);
    out.toc = headings::toc_entries(&toc, &flat, &flat_keys, &heads.toc_keys, &mut out.warnings);
    out.sections = nest(flat);
    out
}

/// Nest a flat, ordered list of sections by level.
fn nest(flat: Vec<Section>) -> Vec<Section> {
    fn attach(roots: &mut Vec<Section>, s: Section) {
        if let Some(last) = roots.last_mut() {
            if s.level > last.level {
                attach(&mut last.children, s);
                return;
            }
        }
        roots.push(s);
    }
    let mut roots = Vec::new();
    for s in flat {
        attach(&mut roots, s);
    }
    roots
}

/// Nesting depth from indentation and from a change of marker style: a
/// deeper indent, or a new marker style at the same indent ("-" items, then
/// "o" items), opens a level; returning to an indent and style already open
/// closes the levels above it.
fn list_items(
    items: Vec<blocks::RawItem>,
    page_of: impl Fn(usize) -> Option<u32>,
) -> Vec<ListItem> {
    let mut open: Vec<(usize, (char, char))> = Vec::new();
    items
        .into_iter()
        .map(|it| {
            let here = (it.marker.indent, marker_style(&it.marker.marker));
            let depth = match open.iter().position(|o| *o == here) {
                Some(p) => {
                    open.truncate(p + 1);
                    p
                }
                None => {
                    while open.last().is_some_and(|o| o.0 > here.0) {
                        open.pop();
                    }
                    open.push(here);
                    open.len() - 1
                }
            };
            let (name, text) = split_lead_name_owned(it.text);
            ListItem {
                marker: it.marker.marker,
                depth: depth.min(u8::MAX as usize) as u8,
                name,
                text,
                span: Span::new(it.first_line as u32 + 1, it.last_line as u32 + 1),
                page: page_of(it.first_line),
            }
        })
        .collect()
}

/// [`split_lead_name`] of a text that may be given up: most items have no
/// lead name (no leading asterisk), and their text is kept, not copied.
fn split_lead_name_owned(raw: String) -> (Option<String>, String) {
    if raw.starts_with('*') {
        return split_lead_name(&raw);
    }
    (None, text::strip_emphasis_owned(raw))
}

/// The style of a list marker: "1." and "12." share one, as do "a)" and
/// "b)"; a bullet is its own style.
fn marker_style(marker: &str) -> (char, char) {
    let class = |c: char| if c.is_ascii_digit() { '1' } else { 'a' };
    let mut chars = marker.chars();
    let first = chars.next().unwrap_or(' ');
    let last = marker.chars().next_back().unwrap_or(' ');
    match first {
        '(' => ('(', class(chars.next().unwrap_or(' '))),
        c if marker.len() > 1 && c.is_ascii_alphanumeric() => (class(c), last),
        c => (c, ' '),
    }
}

/// "**Voksenlærlinge.** I 2021 ..." → ("Voksenlærlinge", "I 2021 ...");
/// "*Indsats i samarbejde med a-kasser,* der har ..." → (name, whole text),
/// since there the name is part of the sentence.
pub fn split_lead_name(raw: &str) -> (Option<String>, String) {
    // The whole text without emphasis, when the name does not stand apart.
    let plain = || text::strip_emphasis(raw);
    let (open, inner_start) = if raw.starts_with("**") {
        ("**", 2)
    } else if raw.starts_with('*') {
        ("*", 1)
    } else {
        return (None, plain());
    };
    let Some(close) = memchr::memmem::find(&raw.as_bytes()[inner_start..], open.as_bytes())
        .map(|p| p + inner_start)
    else {
        return (None, plain());
    };
    let inner = &raw[inner_start..close];
    let after = raw[close + open.len()..].trim_start();
    let name = inner
        .trim()
        .trim_end_matches([':', '.', ',', ';'])
        .trim()
        .to_string();
    if name.is_empty() || name.split_whitespace().count() > 14 {
        return (None, plain());
    }
    let label_ends = inner.trim_end().ends_with([':', '.']) || after.starts_with([':', '.']);
    if label_ends {
        let rest = after.trim_start_matches([':', '.']).trim_start();
        if !rest.is_empty() {
            return (Some(name), text::strip_emphasis(rest));
        }
    }
    (Some(name), plain())
}

/// Record the body lines that carry each footnote's marker. Note lines
/// themselves are not references.
fn link_footnotes(doc: &ExtractedText, notes: &mut [Footnote]) {
    if notes.is_empty() {
        return;
    }
    // A line that carries a marker holds the marker's first byte: one
    // search a line for the first bytes of all the markers (most lines hold
    // none, and these bytes, '*' and the lead bytes of the superscript
    // digits, are rare), and only the lines found are read further.
    let mut first_bytes: Vec<u8> = notes
        .iter()
        .filter_map(|n| n.marker.as_bytes().first().copied())
        .collect();
    first_bytes.sort_unstable();
    first_bytes.dedup();
    let any_empty = notes.iter().any(|n| n.marker.is_empty());
    let may_carry = |line: &[u8]| match *first_bytes.as_slice() {
        _ if any_empty => true,
        [a] => memchr::memchr(a, line).is_some(),
        [a, b] => memchr::memchr2(a, b, line).is_some(),
        [a, b, c] => memchr::memchr3(a, b, c, line).is_some(),
        _ => true,
    };
    // One searcher per note, not one per line searched.
    let finders: Vec<memchr::memmem::Finder> = notes
        .iter()
        .map(|n| memchr::memmem::Finder::new(n.marker.as_bytes()))
        .collect();
    let mut referenced: Vec<Vec<u32>> = vec![Vec::new(); notes.len()];
    for (i, line) in doc.lines.iter().enumerate() {
        if !may_carry(line.text.as_bytes()) || text::footnote_marker(&line.text).is_some() {
            continue;
        }
        for ((note, finder), at) in notes.iter().zip(&finders).zip(&mut referenced) {
            let own = note.span.start as usize - 1..note.span.end as usize;
            if !own.contains(&i) && carries_marker(&line.text, &note.marker, finder) {
                at.push(i as u32 + 1);
            }
        }
    }
    for (note, at) in notes.iter_mut().zip(referenced) {
        note.referenced_at = at;
    }
}

/// `marker` occurs in `line` as a marker of its own: "*)" is not the tail of
/// "**)", "¹" is not part of "¹²".
fn carries_marker(line: &str, marker: &str, finder: &memchr::memmem::Finder) -> bool {
    let same_class = |c: char| c == '*' || text::is_superscript_digit(c);
    finder.find_iter(line.as_bytes()).any(|at| {
        let before = line[..at].chars().next_back();
        let after = line[at + marker.len()..].chars().next();
        let runs_on = marker.ends_with(text::is_superscript_digit)
            && after.is_some_and(text::is_superscript_digit);
        !before.is_some_and(same_class) && !runs_on
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use planex_model::SourceFormat;

    /// The lines that refer to `note`, by the definition: every line that
    /// carries its marker but the note's own lines and the note lines.
    fn references_by_definition(doc: &ExtractedText, note: &Footnote) -> Vec<u32> {
        let finder = memchr::memmem::Finder::new(note.marker.as_bytes());
        let own = note.span.start as usize - 1..note.span.end as usize;
        (0..doc.lines.len())
            .filter(|&i| {
                let line = &doc.lines[i].text;
                text::footnote_marker(line).is_none()
                    && !own.contains(&i)
                    && carries_marker(line, &note.marker, &finder)
            })
            .map(|i| i as u32 + 1)
            .collect()
    }

    /// [`link_footnotes`], which reads only the lines holding a marker's
    /// first byte, finds the references the definition finds: the corpus
    /// plans' notes, and seeded random notes (up to four distinct first
    /// bytes) in the corpus plans and in random documents of markers,
    /// letters and other chars beyond ASCII.
    #[test]
    fn footnote_references_as_defined() {
        let mut docs: Vec<ExtractedText> = planex_testkit::corpus_texts()
            .iter()
            .map(|t| ExtractedText::from_plain_lines(SourceFormat::Text, t.lines()))
            .collect();
        let alphabet: Vec<char> = "ab  ¹²³⁴*)–æ\u{2075}".chars().collect();
        let mut random = planex_testkit::RandomText::new(47);
        for _ in 0..300 {
            let lines: Vec<String> = (0..30).map(|_| random.chars(&alphabet, 14)).collect();
            docs.push(ExtractedText::from_plain_lines(SourceFormat::Text, lines));
        }
        let markers = ["¹", "²", "³", "¹²", "⁴", "*)", "**)", "*", "a"];
        let (mut references, mut corpus_notes) = (0, 0);
        for doc in &docs {
            let mut notes = parse(doc).footnotes;
            corpus_notes += notes.len();
            for _ in 0..random.below(5) {
                let line = random.below(doc.lines.len()) as u32 + 1;
                notes.push(Footnote {
                    marker: markers[random.below(markers.len())].to_string(),
                    text: String::new(),
                    referenced_at: Vec::new(),
                    span: Span::new(line, line + random.below(2) as u32),
                    page: None,
                });
            }
            link_footnotes(doc, &mut notes);
            for note in &notes {
                assert_eq!(
                    note.referenced_at,
                    references_by_definition(doc, note),
                    "{note:?}"
                );
                references += note.referenced_at.len();
            }
        }
        assert!(corpus_notes >= 4, "{corpus_notes}");
        assert!(references > 1_000, "{references}");
    }

    #[test]
    fn lead_names_of_owned_texts() {
        let mut texts: Vec<String> = [
            "**Voksenlærlinge.** I 2021",
            "*Jobbutikken*: Indsatsen",
            " *x",
            "a **b** c\u{ad}d ",
            "",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        for text in planex_testkit::corpus_texts() {
            texts.extend(text.lines().map(str::to_string));
        }
        for t in texts {
            assert_eq!(
                split_lead_name_owned(t.clone()),
                split_lead_name(&t),
                "{t:?}"
            );
        }
    }

    #[test]
    fn lead_names() {
        assert_eq!(
            split_lead_name("**Voksenlærlinge.** I 2021 vil der"),
            (Some("Voksenlærlinge".into()), "I 2021 vil der".into())
        );
        assert_eq!(
            split_lead_name("*Jobbutikken*: Indsatsen blev etableret"),
            (
                Some("Jobbutikken".into()),
                "Indsatsen blev etableret".into()
            )
        );
        assert_eq!(
            split_lead_name("*Indsats i samarbejde med a-kasser,* der har flest ledige."),
            (
                Some("Indsats i samarbejde med a-kasser".into()),
                "Indsats i samarbejde med a-kasser, der har flest ledige.".into()
            )
        );
        assert_eq!(
            split_lead_name("Almindelig tekst"),
            (None, "Almindelig tekst".into())
        );
    }
}
