//! The same plan laid out differently must give the same data. Each corpus
//! text is rewritten the ways other exports print plans, and what planex
//! extracts from the rewrite is compared with what it extracts from the
//! original: headings, goals with their targets, measures, tables and
//! target figures (not spans or pages, which a layout change moves).

use std::path::PathBuf;

use planex_extract::InputKind;
use planex_model::{Block, PlanDocument, Section, Source, SourceFormat};
use serde_json::{json, Value};

fn corpus_texts() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/text");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert_eq!(out.len(), 3);
    out
}

fn analyse(bytes: &[u8]) -> PlanDocument {
    let extracted = planex_extract::extract_bytes(bytes, InputKind::Text).unwrap();
    let parsed = planex_parse::parse(&extracted);
    let source = Source {
        path: String::new(),
        sha256: String::new(),
        format: SourceFormat::Text,
        pages: None,
    };
    planex_semantics::analyse(&extracted, parsed, source)
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What must not depend on the layout.
fn content(doc: &PlanDocument) -> Value {
    fn walk(sections: &[Section], out: &mut Vec<Value>) {
        for s in sections {
            out.push(json!([s.level, squeeze(&s.title), s.number]));
            walk(&s.children, out);
        }
    }
    let mut headings = Vec::new();
    walk(&doc.sections, &mut headings);
    let goals: Vec<Value> = doc
        .goals
        .iter()
        .map(|g| json!([squeeze(&g.text), g.kind, g.minister_goal, g.target]))
        .collect();
    let measures: Vec<Value> = doc
        .measures
        .iter()
        .map(|m| json!([m.name, squeeze(&m.text)]))
        .collect();
    let tables: Vec<Value> = doc
        .tables
        .iter()
        .map(|t| {
            let cells = |rows: &Vec<Vec<planex_model::Cell>>| -> Vec<Vec<String>> {
                rows.iter()
                    .map(|r| r.iter().map(|c| squeeze(&c.text)).collect())
                    .collect()
            };
            json!([cells(&t.header_rows), cells(&t.rows), t.target_table])
        })
        .collect();
    let figures: Vec<Value> = doc
        .target_figures
        .iter()
        .map(|f| json!([f.row_label, f.column_label, f.value, f.figure_kind, f.year]))
        .collect();
    let paragraphs = count_paragraphs(&doc.sections);
    json!({
        "municipality": doc.municipality,
        "plan": doc.plan,
        "headings": headings,
        "goals": goals,
        "measures": measures,
        "tables": tables,
        "target_figures": figures,
        "paragraphs": paragraphs,
    })
}

fn count_paragraphs(sections: &[Section]) -> usize {
    sections
        .iter()
        .map(|s| {
            s.content
                .iter()
                .filter(|b| matches!(b, Block::Paragraph { .. }))
                .count()
                + count_paragraphs(&s.children)
        })
        .sum()
}

/// Tab-separated blocks printed as `pdftotext -layout` prints tables: the
/// columns of each block (blank lines inside it allowed) aligned with
/// spaces, the first left-aligned, the others right-aligned.
fn aligned_with_spaces(text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].contains('\t') {
            i += 1;
            continue;
        }
        let mut block = Vec::new();
        let mut j = i;
        while j < lines.len()
            && (lines[j].contains('\t')
                || (lines[j].is_empty() && lines.get(j + 1).is_some_and(|n| n.contains('\t'))))
        {
            if lines[j].contains('\t') {
                block.push(j);
            }
            j += 1;
        }
        let rows: Vec<Vec<String>> = block
            .iter()
            .map(|&k| lines[k].split('\t').map(String::from).collect())
            .collect();
        let n = rows.iter().map(Vec::len).max().unwrap();
        let width = |c: usize| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap()
        };
        let widths: Vec<usize> = (0..n).map(width).collect();
        for (&k, row) in block.iter().zip(&rows) {
            let mut line = format!("{:<w$}", row[0], w = widths[0]);
            for (c, &w) in widths.iter().enumerate().skip(1) {
                let cell = row.get(c).map_or("", String::as_str);
                line.push_str(&format!("   {cell:>w$}"));
            }
            lines[k] = line.trim_end().to_string();
        }
        i = j;
    }
    lines.join("\n") + "\n"
}

/// Pages of 45 lines, each ended by a running footer and a page number and
/// a form feed, wherever the break falls (mid-paragraph too).
fn paged_with_furniture(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        out.push_str(line);
        out.push('\n');
        if (i + 1) % 45 == 0 {
            let page = (i + 1) / 45;
            out.push_str(&format!(
                "\nBeskæftigelsesplan · Jobcenteret\nSide {page}\n\u{c}"
            ));
        }
    }
    out
}

/// No blank lines at all: a paragraph, title or item a line, as Word's
/// plain-text export writes a document.
fn without_blank_lines(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

fn round_bullets(text: &str) -> String {
    text.lines()
        .map(|l| match l.strip_prefix("- ") {
            Some(rest) => format!("• {rest}"),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The title of a TOC entry line ("2.1 Unge\t4", "Indledning.....4"), without
/// its leader and page number; None for another line.
fn toc_entry_title(line: &str) -> Option<&str> {
    let t = line.trim_end();
    let before_page = t.trim_end_matches(|c: char| c.is_ascii_digit());
    let title = before_page.trim_end_matches(['.', ' ', '\t', '…']);
    let leader = &before_page[title.len()..];
    (before_page.len() < t.len() && (leader.contains('\t') || leader.contains("..")))
        .then_some(title)
}

/// Each line of the table of contents (from its "Indhold…" title to the
/// first line that is neither blank nor an entry) rewritten by `entry`,
/// which gets the entry's title and line and returns the new line, if any.
fn rewrite_toc(text: &str, entry: impl Fn(&str, &str) -> Option<String>) -> String {
    let mut out = Vec::new();
    let mut in_toc = false;
    for line in text.lines() {
        if !in_toc && line.trim().to_lowercase().starts_with("indhold") {
            in_toc = true;
            out.push(line.to_string());
            continue;
        }
        if in_toc {
            if let Some(title) = toc_entry_title(line) {
                out.extend(entry(title, line));
                continue;
            }
            in_toc = line.trim().is_empty();
        }
        out.push(line.to_string());
    }
    out.join("\n") + "\n"
}

/// The TOC printed without leaders and page numbers (a plan saved as text
/// from a web page).
fn toc_without_page_numbers(text: &str) -> String {
    rewrite_toc(text, |title, _| Some(title.to_string()))
}

/// A TOC that lists two levels of a body numbered to three or four
/// ("2.1" listed, "2.1.1" not).
fn toc_of_two_levels(text: &str) -> String {
    rewrite_toc(text, |title, line| {
        let number = title.split(' ').next().unwrap_or("");
        let depth = number.trim_end_matches('.').split('.').count();
        let numbered = number.starts_with(|c: char| c.is_ascii_digit());
        (!numbered || depth <= 2).then(|| line.to_string())
    })
}

/// The plan as a converter writes Markdown: each heading planex finds in
/// the original marked with `#` by its level, each table a pipe table with
/// a delimiter row under its first row, a thematic break after each
/// section's content.
fn markdown_export(text: &str) -> String {
    fn heading_lines(sections: &[Section], out: &mut Vec<(usize, u8)>) {
        for s in sections {
            out.push((s.span.start as usize - 1, s.level));
            heading_lines(&s.children, out);
        }
    }
    let doc = analyse(text.as_bytes());
    let mut headings = Vec::new();
    heading_lines(&doc.sections, &mut headings);
    let in_table = |i: usize| {
        doc.tables
            .iter()
            .any(|t| (t.span.start as usize - 1..t.span.end as usize).contains(&i))
    };
    let mut out = Vec::new();
    let mut table_open = false;
    for (i, line) in text.lines().enumerate() {
        if let Some(&(_, level)) = headings.iter().find(|(at, _)| *at == i) {
            out.push("---".to_string());
            out.push(format!("{} {}", "#".repeat(level.into()), line.trim()));
        } else if in_table(i) && line.contains('\t') {
            let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
            out.push(format!("| {} |", cells.join(" | ")));
            if !table_open {
                out.push(format!("|{}|", vec!["---"; cells.len()].join("|")));
            }
            table_open = true;
        } else {
            table_open &= line.trim().is_empty() && in_table(i);
            out.push(line.to_string());
        }
    }
    out.join("\n") + "\n"
}

fn check(variant: &str, rewrite: fn(&str) -> String) {
    check_where_changed(variant, rewrite, true);
}

/// `check`, where a rewrite may leave some plans as they are (it must
/// change one).
fn check_where_changed(variant: &str, rewrite: fn(&str) -> String, all: bool) {
    let mut changed = 0;
    for (name, text) in corpus_texts() {
        let rewritten = rewrite(&text);
        if all {
            assert_ne!(rewritten, text, "{variant} changed nothing in {name}");
        }
        if rewritten.trim_end() == text.trim_end() {
            continue;
        }
        changed += 1;
        let (a, b) = (
            content(&analyse(text.as_bytes())),
            content(&analyse(rewritten.as_bytes())),
        );
        for key in a.as_object().unwrap().keys() {
            assert_eq!(a[key], b[key], "{variant}: {key} differ for {name}");
        }
    }
    assert!(changed > 0, "{variant} changed no plan");
}

#[test]
fn tables_aligned_with_spaces() {
    check("aligned_with_spaces", aligned_with_spaces);
}

#[test]
fn pages_with_form_feeds_footers_and_page_numbers() {
    check("paged_with_furniture", paged_with_furniture);
}

#[test]
fn no_blank_lines_between_blocks() {
    check("without_blank_lines", without_blank_lines);
}

#[test]
fn crlf_line_ends() {
    check("crlf", crlf);
}

#[test]
fn round_bullets_for_dashes() {
    check("round_bullets", round_bullets);
}

#[test]
fn toc_without_leaders_or_page_numbers() {
    check("toc_without_page_numbers", toc_without_page_numbers);
}

#[test]
fn toc_listing_two_levels_of_three() {
    check_where_changed("toc_of_two_levels", toc_of_two_levels, false);
}

#[test]
fn markdown_headings_pipe_tables_and_breaks() {
    check("markdown_export", markdown_export);
}
