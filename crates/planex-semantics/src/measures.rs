//! Measures: the concrete actions a plan presents as such (CODEBOOK §4).

use std::collections::HashSet;

use planex_model::{Block, ListItem, Measure, Section, Span, Table};
use planex_normalise::{find_numbers, normalize_for_match};
use planex_parse::cues::{self, CueKind};

use crate::goals::Context;
use crate::table_cells::{after_label, table_by_id};
use crate::targets::{self, sentences};

fn first_sentence(text: &str) -> String {
    targets::first_sentence(text).to_string()
}

/// Key figures ("13.313 opfølgningssamtaler", "Samtaler: ... ca. 8.600 borgere")
/// are statistics, not measures.
fn is_statistic(text: &str) -> bool {
    text.trim_start().starts_with(|c: char| c.is_ascii_digit())
        || find_numbers(targets::first_sentence(text))
            .iter()
            .filter(|n| !n.is_year)
            .count()
            >= 2
}

/// "Særlig indsats i Vangkvarteret: fra 2018 ..." → the run-in label.
fn run_in_name(paragraph: &str) -> Option<String> {
    let (label, rest) = paragraph.split_once(':')?;
    let label = label.trim();
    let words = label.split_whitespace().count();
    ((1..=8).contains(&words)
        && label.starts_with(char::is_uppercase)
        && rest.split_whitespace().count() >= 3)
        .then(|| label.to_string())
}

/// "Indsats 1: Virksomhedsmentorer", "Initiativ – Jobmesser": a section
/// title naming one measure (a measure label, perhaps numbered, then the
/// name), the name.
fn measure_heading_name(title: &str) -> Option<&str> {
    // The label is a word or two: the separator comes early.
    let (at, separator) = title
        .char_indices()
        .take(40)
        .find(|(_, c)| matches!(c, ':' | '–' | '-'))?;
    let label = title[..at]
        .trim_end()
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
        .trim();
    let name = title[at + separator.len_utf8()..].trim();
    (!name.is_empty()
        && label
            .bytes()
            .next()
            .is_some_and(|b| cues::may_start_with(CueKind::MeasureLabel, b))
        && cues::matches(CueKind::MeasureLabel, label))
    .then_some(name)
}

/// The list below this paragraph holds measures ("Konkret drejer det sig om:").
fn introduces_measures(paragraph: &str) -> bool {
    // Cheap test first: the paragraph must end with a colon.
    if !paragraph.trim_end().ends_with(':') {
        return false;
    }
    let last = sentences(paragraph).into_iter().last().unwrap_or(paragraph);
    last.trim_end().ends_with(':') && cues::matches(CueKind::MeasureIntro, last)
}

struct Collector {
    out: Vec<Measure>,
    /// The matching key of each kept measure, computed once (hashed by
    /// foldhash: no untrusted keys, and SipHash cost a third of keeping a
    /// measure).
    keys: HashSet<String, foldhash::fast::RandomState>,
}

impl Collector {
    fn push(
        &mut self,
        name: Option<String>,
        text: String,
        section: &str,
        span: Span,
        page: Option<u32>,
    ) {
        let key = normalize_for_match(name.as_deref().unwrap_or(&text));
        if key.is_empty() || !self.keys.insert(key) {
            return;
        }
        self.out.push(Measure {
            id: planex_model::item_id('m', self.out.len() + 1),
            name,
            text,
            section: Some(section.to_string()),
            span,
            page,
        });
    }

    fn item(&mut self, it: &ListItem, section: &str) {
        if it
            .text
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
        {
            return;
        }
        let text = first_sentence(&it.text);
        self.push(it.name.clone(), text, section, it.span, it.page);
    }
}

/// The measures a table lists: one a body row when its first column is
/// headed by a measure label ("Indsats | Målgruppe | Tidsplan"), named by
/// the row's first cell, its other cells the text.
fn table_measures(table: &Table) -> Vec<(String, String)> {
    let listed = table
        .header_rows
        .first()
        .and_then(|r| r.first())
        .is_some_and(|c| cues::matches(CueKind::MeasureLabel, &c.text));
    if !listed {
        return Vec::new();
    }
    table
        .rows
        .iter()
        .filter_map(|row| {
            let name = row.first()?.text.trim();
            let rest = after_label(row);
            let text = if rest.is_empty() {
                name.to_string()
            } else {
                rest.join("; ")
            };
            (!name.is_empty()).then(|| (name.to_string(), text))
        })
        .collect()
}

pub fn find_measures(sections: &[(&Section, Context)], tables: &[Table]) -> Vec<Measure> {
    let mut c = Collector {
        out: Vec::new(),
        keys: Default::default(),
    };
    for &(section, ctx) in sections {
        if ctx == Context::Goals {
            continue;
        }
        let blocks = &section.content;
        // A section that names one measure: its first paragraph says what it is.
        if let Some(name) = measure_heading_name(&section.title) {
            if let Some(Block::Paragraph { text, span, page }) = blocks.first() {
                c.push(
                    Some(name.to_string()),
                    first_sentence(text),
                    &section.id,
                    *span,
                    *page,
                );
            }
        }
        for (k, block) in blocks.iter().enumerate() {
            match block {
                Block::Paragraph { text, span, page } => {
                    if ctx == Context::Measures && !is_statistic(text) {
                        if let Some(name) = run_in_name(text) {
                            c.push(Some(name), first_sentence(text), &section.id, *span, *page);
                        }
                    }
                }
                Block::List { items, .. } => {
                    let introduced = k > 0
                        && matches!(&blocks[k - 1], Block::Paragraph { text, .. } if introduces_measures(text));
                    let whole_list = ctx == Context::Measures || introduced;
                    for it in items.iter().filter(|it| it.depth == 0) {
                        if whole_list || it.name.is_some() {
                            c.item(it, &section.id);
                        }
                    }
                }
                Block::Table { table, span, page } => {
                    let Some(table) = table_by_id(tables, table) else {
                        continue;
                    };
                    for (name, text) in table_measures(table) {
                        c.push(Some(name), text, &section.id, *span, *page);
                    }
                }
            }
        }
    }
    c.out
}
