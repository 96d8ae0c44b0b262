//! Table of contents: find it, parse its entries.

use std::sync::LazyLock;

use planex_model::{ExtractedText, Span};
use regex::Regex;

use crate::cues::{self, CueKind};
use crate::text;

/// One parsed TOC entry (level is settled later, against the body).
#[derive(Debug, Clone)]
pub struct RawTocEntry {
    pub number: Option<String>,
    pub depth: Option<u8>,
    pub title: String,
    pub page: Option<u32>,
    pub line: usize,
}

impl RawTocEntry {
    pub fn span(&self) -> Span {
        Span::line(self.line as u32 + 1)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Toc {
    pub entries: Vec<RawTocEntry>,
    /// 0-based line range (title line included), when found.
    pub lines: Option<(usize, usize)>,
}

/// What follows an entry's title: a leader (dots, ellipses, underscores),
/// tabs or a run of spaces, then the page number, perhaps "side 4" or in
/// bold. Tried at each place the title may end; a DFA match, where a
/// capturing regex for the whole entry ran the slow backtracker.
static ENTRY_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[ \t]*(?:\.{2,}|…+|_{2,})[ \t.…]*|\t+[ \t]*|[ ]{2,})(?:\*\*)?(?:(?i:side|s\.)[ \u{a0}]*)?\d{1,3}(?:\*\*)?[ \t]*$").unwrap()
});

/// Where the title of an entry ends: the first place (the title is at
/// least one character, without tabs, and ends in a non-space) from which
/// the rest of the line is an [`ENTRY_TAIL`], as a lazy `title.*?` would
/// take it.
fn title_end(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let tab = memchr::memchr(b'\t', bytes).unwrap_or(bytes.len());
    // A tail takes in no ASCII char but these (its other chars are beyond
    // ASCII): it starts after the last other one, and the title's words
    // need not be walked.
    const IN_TAIL: [bool; 128] = {
        let mut t = [false; 128];
        let chars = b" \t._*sSiIdDeE0123456789";
        let mut k = 0;
        while k < chars.len() {
            t[chars[k] as usize] = true;
            k += 1;
        }
        t
    };
    let from = bytes
        .iter()
        .rposition(|&b| b.is_ascii() && !IN_TAIL[b as usize])
        .map_or(0, |i| i + 1);
    if from > tab {
        return None;
    }
    let mut prev_solid = from > 0 && !char::from(bytes[from - 1]).is_whitespace();
    for (p, c) in line[from..].char_indices() {
        let p = p + from;
        if p > tab {
            break;
        }
        if prev_solid
            && matches!(c, ' ' | '\t' | '.' | '…' | '_')
            && may_start_separator(&line[p..])
            && ENTRY_TAIL.is_match(&line[p..])
        {
            return Some(p);
        }
        prev_solid = !c.is_whitespace();
    }
    None
}

/// A cheap necessary condition for [`ENTRY_TAIL`]'s separator at the start of `s`.
fn may_start_separator(s: &str) -> bool {
    let rest = s.trim_start_matches([' ', '\t']);
    s.starts_with('\t') || s.starts_with("  ") || rest.starts_with(['.', '…', '_'])
}

/// The page number before the line's end (and a closing "**"); None when
/// the digits there are not all ASCII, which the regex's `\d` would take
/// in but not parse. `line` must end in an [`ENTRY_TAIL`].
fn page_number(line: &str) -> Option<u32> {
    let body = line.strip_suffix("**").unwrap_or(line);
    let digits = body.len() - body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let start = body.len() - digits;
    if body[..start]
        .chars()
        .next_back()
        .is_some_and(char::is_numeric)
    {
        return None;
    }
    body[start..].parse().ok()
}

/// Parse "Titel.....<TAB>4", "2.1 Titel<TAB>6", "Kapitel 1 ... **side 3**".
pub fn parse_entry(line: &str) -> Option<(Option<text::Numbering>, String, u32)> {
    let line = text::trim(line);
    // An entry ends with its page number (perhaps in bold): a cheap test
    // that spares the capturing regex nearly every line of a plan.
    if !line
        .trim_end_matches('*')
        .ends_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let title_end = title_end(line)?;
    // (Borrowed until the title is cut out: one copy an entry.)
    let stripped = text::strip_emphasis_cow(&line[..title_end]);
    let raw_title = stripped.trim_end_matches(['.', ' ', '…', '\t']);
    let page = page_number(line)?;
    let (numbering, title) = numbered_title(raw_title);
    if title.is_empty() || !title.chars().next()?.is_alphabetic() {
        return None;
    }
    Some((numbering, title, page))
}

/// Find the table of contents: a TOC title line followed by entries, or
/// (without a title) a run of at least four entry lines near the start.
pub fn find_toc(doc: &ExtractedText) -> Toc {
    let n = doc.lines.len();
    let search_end = (n / 3).max(80).min(n);
    let titled = (0..search_end).find(|&i| {
        let t = text::trim(&doc.lines[i].text);
        t.len() < 40 && cues::matches(CueKind::TocTitle, t)
    });
    let start = match titled {
        Some(i) => Some(i + 1),
        // Without a title, only page numbers that never go down tell a TOC
        // from a two-column table of figures.
        None => (0..search_end).find(|&i| {
            i + 4 <= n
                && (i..i + 4)
                    .map(|j| parse_entry(&doc.lines[j].text).map(|e| e.2))
                    .try_fold(0, |last, page| page.filter(|&p| p >= last))
                    .is_some()
        }),
    };
    let Some(start) = start else {
        return Toc::default();
    };
    let mut entries = Vec::new();
    let mut last = start.saturating_sub(1);
    let mut i = start;
    while i < n {
        let line = &doc.lines[i];
        if text::is_blank(&line.text) {
            i += 1;
            continue;
        }
        let last_page = entries.last().and_then(|e: &RawTocEntry| e.page);
        match parse_entry(&line.text) {
            Some((numbering, title, page))
                if titled.is_some() || last_page.is_none_or(|l| page >= l) =>
            {
                entries.push(RawTocEntry {
                    number: numbering.as_ref().map(|n| n.number.clone()),
                    depth: numbering.as_ref().map(|n| n.depth),
                    title,
                    page: Some(page),
                    line: i,
                });
                last = i;
                i += 1;
            }
            _ => match entries.last().and_then(|e| entries_resume_at(doc, i, e)) {
                Some(resume) => i = resume,
                None => break,
            },
        }
    }
    if entries.is_empty() {
        // A titled TOC may be printed without page numbers.
        return match titled.and_then(|title| pageless_entries(doc, start).map(|e| (title, e))) {
            Some((title, (entries, last))) => Toc {
                entries,
                lines: Some((title, last)),
            },
            None => Toc::default(),
        };
    }
    Toc {
        entries,
        lines: Some((titled.unwrap_or(start), last)),
    }
}

/// The most lines of page furniture a TOC's entries may resume after.
const MAX_FURNITURE_LINES: usize = 3;

/// Page furniture is short (characters).
const MAX_FURNITURE_CHARS: usize = 60;

/// Where the TOC's entries go on after a page break, when line `i` (not
/// blank, no entry) follows `last` across one: a TOC that runs over two
/// pages has the page's furniture (a page number, a running header or
/// footer the front end could not tell, being on too few pages) between
/// its entries. Up to [`MAX_FURNITURE_LINES`] short lines are passed when
/// two entries follow them, the first on a later page than `last` and
/// neither with a page before `last`'s.
fn entries_resume_at(doc: &ExtractedText, i: usize, last: &RawTocEntry) -> Option<usize> {
    let last_line_page = doc.lines[last.line].page?;
    let mut non_blank = (i..doc.lines.len()).filter(|&k| !text::is_blank(&doc.lines[k].text));
    let mut furniture = 0;
    let resume = loop {
        let k = non_blank.next()?;
        let t = text::trim(&doc.lines[k].text);
        if parse_entry(t).is_some() {
            break k;
        }
        furniture += 1;
        if furniture > MAX_FURNITURE_LINES || text::more_chars_than(t, MAX_FURNITURE_CHARS) {
            return None;
        }
    };
    let next = non_blank.next()?;
    let page_of = |k: usize| parse_entry(&doc.lines[k].text).map(|(_, _, page)| page);
    let not_before_last = |page: u32| last.page.is_none_or(|l| page >= l);
    (doc.lines[resume].page? > last_line_page
        && page_of(resume).is_some_and(not_before_last)
        && page_of(next).is_some_and(not_before_last))
    .then_some(resume)
}

/// No TOC entry is longer than this (characters).
const MAX_ENTRY_CHARS: usize = 160;

/// The fewest entries a TOC without page numbers is taken with.
const MIN_PAGELESS_ENTRIES: usize = 3;

/// The entries of a TOC printed without page numbers (a plan saved as text
/// from a web page or a word processor): after the TOC's title, a run of
/// short lines that do not end a sentence. Short lines follow a title in
/// other places too, so the run is a TOC only when the body prints most of
/// its titles again, each as a line of its own: then it ends with the last
/// title printed again (the body's first heading may run on from it). With
/// the index of the last entry's line.
fn pageless_entries(doc: &ExtractedText, start: usize) -> Option<(Vec<RawTocEntry>, usize)> {
    let mut run = Vec::new();
    for (i, line) in doc.lines.iter().enumerate().skip(start) {
        let t = text::trim(&line.text);
        if t.is_empty() {
            continue;
        }
        if text::more_chars_than(t, MAX_ENTRY_CHARS)
            || (text::ends_sentence(t) && !t.ends_with(':'))
            || t.contains('\t')
        {
            break;
        }
        let (numbering, title) = numbered_title(&text::strip_emphasis_cow(t));
        if !title.starts_with(char::is_alphabetic) {
            break;
        }
        run.push(RawTocEntry {
            number: numbering.as_ref().map(|n| n.number.clone()),
            depth: numbering.as_ref().map(|n| n.depth),
            title,
            page: None,
            line: i,
        });
    }
    let after_run = run.last()?.line + 1;
    let printed_again: std::collections::HashSet<String> = doc.lines[after_run..]
        .iter()
        .map(|l| text::trim(&l.text))
        .filter(|t| !t.is_empty() && !text::more_chars_than(t, MAX_ENTRY_CHARS))
        .map(|t| text::title_key(&numbered_title(&text::strip_emphasis_cow(t)).1))
        .collect();
    let found: Vec<bool> = run
        .iter()
        .map(|e| printed_again.contains(&text::title_key(&e.title)))
        .collect();
    let last_found = found.iter().rposition(|&f| f)?;
    let n_found = found.iter().filter(|&&f| f).count();
    // Most of the run up to its last title printed again.
    if n_found < MIN_PAGELESS_ENTRIES || n_found * 3 < (last_found + 1) * 2 {
        return None;
    }
    run.truncate(last_found + 1);
    let last_line = run[last_found].line;
    Some((run, last_line))
}

/// The numbering of an entry's text (emphasis removed) and the title
/// after it, without a closing colon.
fn numbered_title(text: &str) -> (Option<text::Numbering>, String) {
    let numbering = text::numbering(text);
    let title = match &numbering {
        Some(n) => &text[n.title_start..],
        None => text,
    };
    let title = title.trim().trim_end_matches(':').trim().to_string();
    (numbering, title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use planex_model::SourceFormat;

    #[test]
    fn entry_styles() {
        let (n, t, p) = parse_entry("Indledning.....\t4").unwrap();
        assert!(n.is_none());
        assert_eq!((t.as_str(), p), ("Indledning", 4));
        let (n, t, p) =
            parse_entry("2.1 Lokale udfordringer i forhold til de beskæftigelsespolitiske mål\t6")
                .unwrap();
        assert_eq!(n.unwrap().number, "2.1");
        assert_eq!(
            (t.as_str(), p),
            (
                "Lokale udfordringer i forhold til de beskæftigelsespolitiske mål",
                6
            )
        );
        let (n, t, p) = parse_entry("Kapitel 1 Indledning ... **side 3**").unwrap();
        assert_eq!(n.unwrap().number, "Kapitel 1");
        assert_eq!((t.as_str(), p), ("Indledning", 3));
        let (_, t, p) = parse_entry("Kvantitative:.....\t14").unwrap();
        assert_eq!((t.as_str(), p), ("Kvantitative", 14));
        let (n, t, _) = parse_entry("Bilag 1 – Jammerbugt Kommunes mål i 2021\t14").unwrap();
        assert_eq!(
            (n.unwrap().number.as_str(), t.as_str()),
            ("Bilag 1", "Jammerbugt Kommunes mål i 2021")
        );
        assert!(parse_entry("Fleksjob\t732\t758\t739").is_none());
        assert!(parse_entry("Der var i alt 2015").is_none());
    }

    #[test]
    fn toc_with_title_and_blank_line_inside() {
        let doc = ExtractedText::from_plain_lines(
            SourceFormat::Text,
            [
                "Plan",
                "",
                "Indhold",
                "",
                "Forord\t3",
                "Mål\t5",
                "",
                "Bilag\t9",
                "",
                "Forord",
                "",
                "Tekst.",
            ],
        );
        let toc = find_toc(&doc);
        assert_eq!(toc.entries.len(), 3);
        assert_eq!(toc.lines, Some((2, 7)));
    }
}

#[cfg(test)]
mod equivalence {
    use super::*;

    /// The whole-entry regex that [`title_end`] and [`page_number`] replace.
    fn reference(line: &str) -> Option<(usize, u32)> {
        static RE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(?P<title>[^\t]*?\S)(?:[ \t]*(?:\.{2,}|…+|_{2,})[ \t.…]*|\t+[ \t]*|[ ]{2,})(?:\*\*)?(?:(?i:side|s\.)[ \u{a0}]*)?(?P<page>\d{1,3})(?:\*\*)?[ \t]*$").unwrap()
        });
        let c = RE.captures(line)?;
        Some((
            c.name("title")?.end(),
            c.name("page")?.as_str().parse().ok()?,
        ))
    }

    fn split(line: &str) -> Option<(usize, u32)> {
        let end = title_end(line)?;
        Some((end, page_number(line)?))
    }

    #[test]
    fn same_as_whole_entry_regex() {
        let mut lines: Vec<String> = [
            "Indledning.....\t4",
            "Indledning . . . 4",
            "Indledning … 4",
            "Indledning ___ 4",
            "Indledning  4",
            "Indledning 4",
            "Indledning\t\t 12",
            "Indledning\t1234",
            "Indledning\t١23",
            "Indledning\t١",
            "Mål m.m. .... 5",
            "Mål  i  alt  .... 5",
            "Kapitel 1 Indledning ... **side 3**",
            "Kapitel 1 Indledning ... side\u{a0}3",
            "Kapitel 1 Indledning ... S. 3",
            "Kapitel 1 Indledning ... **3**",
            "Kapitel 1 Indledning ... 3***",
            "Kapitel 1 Indledning ... 3 **",
            "a\t\t5",
            "\t5",
            " .. 5",
            "x..5",
            "x..2015",
            "Fleksjob\t732\t758\t739",
            "Der var i alt 2015",
            "Bilag 1 – Jammerbugt Kommunes mål i 2021\t14",
            "Tal ² 4",
            "Tal  ²4",
            "æøå…………7",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Random lines from the characters that matter, with and without an
        // entry's ending.
        let alphabet: Vec<char> = "ab Æ.…_\t*sSideſEDI1234\u{a0}١²\u{b}\r".chars().collect();
        let tails = [
            "  1",
            "..2",
            "\t3",
            " … side 4",
            "__s. 55",
            " ..**7**",
            "\t 99**",
            " . 12",
        ];
        let mut random = planex_testkit::RandomText::new(12345);
        for _ in 0..20_000 {
            let l: String = random.chars(&alphabet, 14);
            lines.push(format!("{l}{}", tails[random.below(tails.len())]));
            lines.push(l);
        }
        for text in planex_testkit::corpus_texts() {
            lines.extend(text.lines().map(str::to_string));
        }
        for line in lines.iter().map(|l| l.trim()) {
            assert_eq!(split(line), reference(line), "{line:?}");
        }
    }
}
