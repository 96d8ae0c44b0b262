//! Pages of text input: a text file may mark its pages with form feeds
//! (`\f`, as `pdftotext` and many exports write them). Then every line gets
//! its page, and the page furniture around the breaks (page numbers, running
//! headers and footers) is blanked, as the PDF front end drops it.

use std::collections::{HashMap, HashSet};

use planex_model::TextLine;

/// Lines at each end of a page that may be furniture (non-blank lines).
const MARGIN_LINES: usize = 2;
/// A line repeated in the same margin on half the pages (and on at least
/// three) is a running header or footer; a section label that happens to
/// head two pages is not.
const REPEATED_SHARE: f32 = 0.5;
const REPEATED_MIN_PAGES: f32 = 3.0;
/// Running headers and footers are short; a repeated long line is text.
const MAX_FURNITURE_CHARS: usize = 100;

/// Number the pages of `lines` at their form feeds, strip the form feeds and
/// blank the page furniture. Lines are blanked, not removed, so that line
/// numbers (every `span`) still point into the file. Returns the number of
/// pages, or `None` when the text has no form feed.
pub fn paginate(lines: &mut [TextLine]) -> Option<u32> {
    if !lines.iter().any(|l| l.text.contains('\u{c}')) {
        return None;
    }
    let mut page = 1u32;
    for line in lines.iter_mut() {
        if line.text.contains('\u{c}') {
            // A form feed ends a page: what follows it is on the next one
            // (`pdftotext` puts it before the first line of a page).
            page += line.text.matches('\u{c}').count() as u32;
            line.text.retain(|c| c != '\u{c}');
        }
        line.page = Some(page);
    }
    // A final form feed (after the last page) opens no page.
    let pages = lines
        .iter()
        .filter(|l| !l.is_blank())
        .filter_map(|l| l.page)
        .max()
        .unwrap_or(1);
    for line in lines.iter_mut() {
        line.page = line.page.map(|p| p.min(pages));
    }
    blank_furniture(lines, pages);
    Some(pages)
}

/// Where on its page a margin line is.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Margin {
    Top,
    Bottom,
}

/// The margin lines of each page: (index into `lines`, margin).
fn margin_lines(lines: &[TextLine]) -> Vec<(usize, Margin, u32)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < lines.len() {
        let page = lines[start].page;
        let end = lines[start..]
            .iter()
            .position(|l| l.page != page)
            .map_or(lines.len(), |k| start + k);
        let body: Vec<usize> = (start..end).filter(|&i| !lines[i].is_blank()).collect();
        let top = body.iter().take(MARGIN_LINES);
        let bottom = body
            .iter()
            .rev()
            .take(MARGIN_LINES.min(body.len().saturating_sub(MARGIN_LINES)));
        out.extend(top.map(|&i| (i, Margin::Top, page.unwrap_or(1))));
        out.extend(bottom.map(|&i| (i, Margin::Bottom, page.unwrap_or(1))));
        start = end;
    }
    out
}

fn blank_furniture(lines: &mut [TextLine], pages: u32) {
    // Each margin line with its furniture key, worked out once.
    let margins: Vec<(usize, Margin, u32, String)> = margin_lines(lines)
        .into_iter()
        .map(|(i, margin, page)| (i, margin, page, planex_pdf::furniture_key(&lines[i].text)))
        .collect();
    let mut counts: HashMap<(&str, Margin), HashSet<u32>> = HashMap::new();
    for (_, margin, page, key) in &margins {
        counts.entry((key, *margin)).or_default().insert(*page);
    }
    let threshold = ((pages as f32) * REPEATED_SHARE)
        .ceil()
        .max(REPEATED_MIN_PAGES) as usize;
    let mut blank = Vec::new();
    for (i, margin, page, key) in &margins {
        let text = &lines[*i].text;
        let repeated = || {
            // The top of the first page is the cover: its title is no
            // running header, even when the header repeats it.
            (*page > 1 || *margin == Margin::Bottom)
                && text.chars().count() <= MAX_FURNITURE_CHARS
                && counts
                    .get(&(key.as_str(), *margin))
                    .is_some_and(|p| p.len() >= threshold)
        };
        if planex_pdf::is_page_number(text) || repeated() {
            blank.push(*i);
        }
    }
    for i in blank {
        lines[i].text.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<TextLine> {
        texts.iter().map(|t| TextLine::plain(*t)).collect()
    }

    fn texts(lines: &[TextLine]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn no_form_feed_no_pages() {
        let mut l = lines(&["Indledning", "", "Side 3"]);
        assert_eq!(paginate(&mut l), None);
        assert_eq!(texts(&l), ["Indledning", "", "Side 3"]);
        assert!(l.iter().all(|l| l.page.is_none()));
    }

    #[test]
    fn pages_numbers_and_running_footers() {
        let mut l = lines(&[
            "Beskæftigelsesplan 2021",
            "",
            "Indledning",
            "Jobcentret vil i 2021 styrke",
            "Beskæftigelsesplan 2021 · Jobcenter X",
            "2",
            "\u{c}samarbejdet med virksomhederne.",
            "Mere tekst.",
            "Beskæftigelsesplan 2021 · Jobcenter X",
            "Side 3 af 4",
            "\u{c}Bilag",
            "Tal.",
            "Beskæftigelsesplan 2021 · Jobcenter X",
            "4",
            "\u{c}",
        ]);
        assert_eq!(paginate(&mut l), Some(3));
        assert_eq!(
            texts(&l),
            [
                "Beskæftigelsesplan 2021",
                "",
                "Indledning",
                "Jobcentret vil i 2021 styrke",
                "",
                "",
                "samarbejdet med virksomhederne.",
                "Mere tekst.",
                "",
                "",
                "Bilag",
                "Tal.",
                "",
                "",
                "",
            ]
        );
        let pages: Vec<u32> = l.iter().map(|l| l.page.unwrap()).collect();
        assert_eq!(pages, [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3]);
    }

    #[test]
    fn a_line_that_merely_repeats_once_is_kept() {
        let mut l = lines(&[
            "Mål",
            "Tekst om mål.",
            "\u{c}Mål",
            "Anden tekst.",
            "\u{c}Indsatser",
            "Tredje tekst.",
            "\u{c}Bilag",
            "Fjerde tekst.",
            "\u{c}Slut",
            "Femte tekst.",
            "\u{c}Efterskrift",
            "Sjette tekst.",
        ]);
        assert_eq!(paginate(&mut l), Some(6));
        // "Mål" heads two of six pages: no running header.
        assert_eq!(l[2].text, "Mål");
    }
}
