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

static ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<title>[^\t]*?\S)(?:[ \t]*(?:\.{2,}|…+|_{2,})[ \t.…]*|\t+[ \t]*|[ ]{2,})(?:\*\*)?(?:(?i:side|s\.)[ \u{a0}]*)?(?P<page>\d{1,3})(?:\*\*)?[ \t]*$").unwrap()
});

/// Parse "Titel.....<TAB>4", "2.1 Titel<TAB>6", "Kapitel 1 ... **side 3**".
pub fn parse_entry(line: &str) -> Option<(Option<text::Numbering>, String, u32)> {
    let line = line.trim();
    // An entry ends with its page number (perhaps in bold): a cheap test
    // that spares the capturing regex nearly every line of a plan.
    if !line
        .trim_end_matches('*')
        .ends_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let c = ENTRY.captures(line)?;
    let raw_title = text::strip_emphasis(c.name("title")?.as_str());
    let raw_title = raw_title
        .trim_end_matches(['.', ' ', '…', '\t'])
        .to_string();
    let page: u32 = c.name("page")?.as_str().parse().ok()?;
    let numbering = text::numbering(&raw_title);
    let title = match &numbering {
        Some(n) => raw_title[n.title_start..].to_string(),
        None => raw_title.clone(),
    };
    let title = title.trim().trim_end_matches(':').trim().to_string();
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
        let t = doc.lines[i].text.trim();
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
        if line.is_blank() {
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
            _ => break,
        }
    }
    if entries.is_empty() {
        return Toc::default();
    }
    Toc {
        entries,
        lines: Some((titled.unwrap_or(start), last)),
    }
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
