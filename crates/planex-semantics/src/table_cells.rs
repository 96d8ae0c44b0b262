//! Reading goals and measures out of tables: what goals.rs and measures.rs
//! share.

use planex_model::{Cell, Table};

/// The table a [`planex_model::Block::Table`] refers to.
pub(crate) fn table_by_id<'t>(tables: &'t [Table], id: &str) -> Option<&'t Table> {
    tables.iter().find(|t| t.id == id)
}

/// The texts of a row's cells after its first (its label), the empty ones
/// left out.
pub(crate) fn after_label(row: &[Cell]) -> Vec<&str> {
    row.iter()
        .skip(1)
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .collect()
}
