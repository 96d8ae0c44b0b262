//! Minimal parser for the embedded data tables.
//!
//! Format: UTF-8, tab-separated, lines starting with `#` are comments, blank
//! lines are ignored, and the first remaining line is a header (skipped).

/// One data row: the line number (1-based, for error messages) and its cells.
pub struct Row {
    pub line: usize,
    pub cells: Vec<&'static str>,
}

impl Row {
    /// Cell `i`, trimmed; empty when the row is shorter.
    pub fn get(&self, i: usize) -> &'static str {
        self.cells.get(i).map(|c| c.trim()).unwrap_or("")
    }
}

/// Parse a table, skipping comments, blank lines and the header.
pub fn rows(src: &'static str) -> Vec<Row> {
    src.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#')
        })
        .skip(1)
        .map(|(i, l)| Row {
            line: i + 1,
            cells: l.trim_end_matches('\r').split('\t').collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_comments_and_header() {
        let r = rows("# c\n\na\tb\n1\t2\n# x\n3\n");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].get(1), "2");
        assert_eq!(r[1].get(0), "3");
        assert_eq!(r[1].get(1), "");
        assert_eq!(r[1].line, 6);
    }
}
