//! Target tables (CODEBOOK §5): flag them and flatten their cells.

use planex_model::{FigureKind, Table, TargetFigure};
use planex_normalise::{benefit_type, find_numbers, BenefitMatch};

use crate::cues::{FIGURE_KINDS, FULLTIME};

fn column_labels(t: &Table) -> Vec<String> {
    let width = t
        .rows
        .iter()
        .chain(&t.header_rows)
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    (0..width)
        .map(|j| {
            let parts: Vec<&str> = t
                .header_rows
                .iter()
                .filter_map(|r| r.get(j))
                .map(|c| c.text.as_str())
                .filter(|s| !s.is_empty())
                .collect();
            parts.join(" ")
        })
        .collect()
}

fn year_of(label: &str) -> Option<i32> {
    find_numbers(label)
        .into_iter()
        .find(|n| n.is_year)
        .map(|n| n.value as i32)
}

/// What a column label says; `year` is [`year_of`] the label.
fn figure_kind(label: &str, year: Option<i32>) -> Option<FigureKind> {
    match FIGURE_KINDS.first_match(label) {
        Some("figure_target") => Some(FigureKind::Target),
        Some("figure_budget") => Some(FigureKind::Budget),
        Some("figure_expected") => Some(FigureKind::Expected),
        Some(_) => Some(FigureKind::Actual),
        None => year.map(|_| FigureKind::Actual),
    }
}

fn row_label(t: &Table, i: usize) -> &str {
    t.rows[i].first().map_or("", |c| c.text.as_str())
}

/// A table's column labels with what each says, worked out once per table
/// (every cell of a column shares them).
struct Column {
    label: String,
    year: Option<i32>,
    kind: Option<FigureKind>,
}

fn columns(t: &Table) -> Vec<Column> {
    column_labels(t)
        .into_iter()
        .map(|label| {
            let year = year_of(&label);
            Column {
                year,
                kind: figure_kind(&label, year),
                label,
            }
        })
        .collect()
}

/// `benefits` holds the benefit type of each row's label.
fn is_target_table(t: &Table, columns: &[Column], benefits: &[Option<BenefitMatch>]) -> bool {
    let figure_columns = columns.iter().skip(1).filter(|c| c.kind.is_some()).count();
    let planned = columns.iter().skip(1).any(|c| {
        matches!(
            c.kind,
            Some(FigureKind::Target | FigureKind::Budget | FigureKind::Expected)
        )
    });
    let benefit_rows = benefits.iter().filter(|b| b.is_some()).count();
    let mostly_benefits = !t.rows.is_empty() && benefit_rows * 2 >= t.rows.len();
    (planned && (mostly_benefits || figure_columns >= 2))
        || (mostly_benefits && figure_columns >= 2)
}

/// Set `target_table` on every table and return the long-format figures of the target tables.
pub fn mark_and_flatten(tables: &mut [Table]) -> Vec<TargetFigure> {
    let mut out = Vec::new();
    for t in tables.iter_mut() {
        let columns = columns(t);
        // Read once: both the test and the figures use them.
        let benefits: Vec<Option<BenefitMatch>> = (0..t.rows.len())
            .map(|i| benefit_type(row_label(t, i)))
            .collect();
        t.target_table = is_target_table(t, &columns, &benefits);
        if !t.target_table {
            continue;
        }
        let labels: Vec<&str> = columns.iter().map(|c| c.label.as_str()).collect();
        let context = format!(
            "{} {}",
            t.caption.as_deref().unwrap_or(""),
            labels.join(" ")
        );
        let fulltime = FULLTIME.is_match(&context);
        let caption_year = t.caption.as_deref().and_then(year_of);
        let last = t.rows.len().saturating_sub(1);
        for (i, (row, row_benefit)) in t.rows.iter().zip(&benefits).enumerate() {
            let label = row_label(t, i);
            let benefit = match row_benefit {
                Some(b) => Some(b.id.to_string()),
                None if label.is_empty() && i == last => Some("total".to_string()),
                None => None,
            };
            for (j, cell) in row.iter().enumerate().skip(1) {
                let Some(value) = cell.value else { continue };
                let column = columns.get(j);
                let unit = match cell.unit.as_deref() {
                    Some("count") | None if fulltime => Some("full_time_persons".to_string()),
                    other => other.map(str::to_string),
                };
                out.push(TargetFigure {
                    table: t.id.clone(),
                    row_label: label.to_string(),
                    benefit_type: benefit.clone(),
                    year: column.and_then(|c| c.year).or(caption_year),
                    figure_kind: column.and_then(|c| c.kind).unwrap_or(FigureKind::Actual),
                    column_label: column.map(|c| c.label.clone()).unwrap_or_default(),
                    value,
                    unit,
                    span: t.span,
                    page: t.page,
                });
            }
        }
    }
    out
}
