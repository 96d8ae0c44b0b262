//! Target tables (CODEBOOK §5): flag them and flatten their cells.

use planex_model::{Cell, FigureKind, Table, TargetFigure};
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
pub(crate) struct Column {
    pub(crate) label: String,
    pub(crate) year: Option<i32>,
    pub(crate) kind: Option<FigureKind>,
}

/// A figure label with what it says.
fn column(label: String) -> Column {
    let year = year_of(&label);
    Column {
        year,
        kind: figure_kind(&label, year),
        label,
    }
}

pub(crate) fn columns(t: &Table) -> Vec<Column> {
    column_labels(t).into_iter().map(column).collect()
}

/// `benefits` holds the benefit type of each row's label.
fn is_target_table(t: &Table, columns: &[Column], benefits: &[Option<BenefitMatch>]) -> bool {
    figures_by_group(&columns[columns.len().min(1)..], benefits, t.rows.len())
}

/// Do these figure labels (what each column says, in a table's usual
/// orientation) and the groups' benefit types (one per group, of `groups`
/// groups) make a target table: a planned kind with groups that are
/// mostly benefit types or two figure labels, or groups that are mostly
/// benefit types with two figure labels.
fn figures_by_group(figures: &[Column], benefits: &[Option<BenefitMatch>], groups: usize) -> bool {
    let figure_labels = figures.iter().filter(|c| c.kind.is_some()).count();
    let planned = figures.iter().any(|c| {
        matches!(
            c.kind,
            Some(FigureKind::Target | FigureKind::Budget | FigureKind::Expected)
        )
    });
    let benefit_groups = benefits.iter().filter(|b| b.is_some()).count();
    let mostly_benefits = groups > 0 && benefit_groups * 2 >= groups;
    (planned && (mostly_benefits || figure_labels >= 2)) || (mostly_benefits && figure_labels >= 2)
}

/// A table set the other way round: the figure labels ("Resultat 2020",
/// "Mål 2022") in its first column, the groups (most of them benefit
/// types) in its header. What each row's label says, and each column's
/// group's benefit type.
fn transposed(t: &Table, columns: &[Column]) -> Option<(Vec<Column>, Vec<Option<BenefitMatch>>)> {
    if t.header_rows.is_empty() || columns.len() < 2 {
        return None;
    }
    let figures: Vec<Column> = (0..t.rows.len())
        .map(|i| column(row_label(t, i).to_string()))
        .collect();
    let groups: Vec<Option<BenefitMatch>> = columns[1..]
        .iter()
        .map(|c| benefit_type(&c.label))
        .collect();
    let benefit_groups = groups.iter().filter(|b| b.is_some()).count();
    (benefit_groups * 2 >= groups.len() && figures_by_group(&figures, &groups, groups.len()))
        .then_some((figures, groups))
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
        if t.target_table {
            flatten(t, &columns, &benefits, &mut out);
        } else if let Some((figures, groups)) = transposed(t, &columns) {
            t.target_table = true;
            flatten_transposed(t, &columns, &figures, &groups, &mut out);
        }
    }
    out
}

/// The figures of a target table: each row a group, each column a figure label.
fn flatten(
    t: &Table,
    columns: &[Column],
    benefits: &[Option<BenefitMatch>],
    out: &mut Vec<TargetFigure>,
) {
    let context = TableContext::of(t, columns);
    let last = t.rows.len().saturating_sub(1);
    for (i, (row, row_benefit)) in t.rows.iter().zip(benefits).enumerate() {
        let label = row_label(t, i);
        let benefit = match row_benefit {
            Some(b) => Some(b.id.to_string()),
            None if label.is_empty() && i == last => Some("total".to_string()),
            None => None,
        };
        for (j, cell) in row.iter().enumerate().skip(1) {
            out.extend(context.figure(label, benefit.clone(), columns.get(j), cell));
        }
    }
}

/// The figures of a [`transposed`] target table, as those of a table set
/// the usual way: each group (a header cell) is the row label, each row's
/// label the column label.
fn flatten_transposed(
    t: &Table,
    columns: &[Column],
    figures: &[Column],
    groups: &[Option<BenefitMatch>],
    out: &mut Vec<TargetFigure>,
) {
    let context = TableContext::of(t, columns);
    for (row, figure) in t.rows.iter().zip(figures) {
        for (j, cell) in row.iter().enumerate().skip(1) {
            let Some(group) = columns.get(j) else {
                continue;
            };
            let benefit = groups[j - 1].as_ref().map(|b| b.id.to_string());
            out.extend(context.figure(&group.label, benefit, Some(figure), cell));
        }
    }
}

/// What a table says of all its figures.
struct TableContext<'t> {
    table: &'t Table,
    /// The caption or a column label says the figures are full-time persons.
    fulltime: bool,
    /// The year the caption names, if any.
    caption_year: Option<i32>,
}

impl<'t> TableContext<'t> {
    fn of(table: &'t Table, columns: &[Column]) -> TableContext<'t> {
        let labels: Vec<&str> = columns.iter().map(|c| c.label.as_str()).collect();
        let context = format!(
            "{} {}",
            table.caption.as_deref().unwrap_or(""),
            labels.join(" ")
        );
        TableContext {
            table,
            fulltime: FULLTIME.is_match(&context),
            caption_year: table.caption.as_deref().and_then(year_of),
        }
    }

    /// The long-format record of one cell, of the group `group` (with its
    /// benefit type) under the figure label `figure`; none for a cell
    /// without a number.
    fn figure(
        &self,
        group: &str,
        benefit_type: Option<String>,
        figure: Option<&Column>,
        cell: &Cell,
    ) -> Option<TargetFigure> {
        let value = cell.value?;
        let unit = match cell.unit.as_deref() {
            Some("count") | None if self.fulltime => Some("full_time_persons".to_string()),
            other => other.map(str::to_string),
        };
        Some(TargetFigure {
            table: self.table.id.clone(),
            row_label: group.to_string(),
            benefit_type,
            year: figure.and_then(|c| c.year).or(self.caption_year),
            figure_kind: figure.and_then(|c| c.kind).unwrap_or(FigureKind::Actual),
            column_label: figure.map(|c| c.label.clone()).unwrap_or_default(),
            value,
            unit,
            span: self.table.span,
            page: self.table.page,
        })
    }
}
