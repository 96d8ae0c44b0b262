//! Tables laid out with spaces. A text file may print a table as columns
//! aligned with runs of spaces (as `pdftotext -layout` and many exports do)
//! instead of separating cells with tabs. The front end finds such blocks
//! and separates their cells with `\t`, the form every later stage reads
//! (the PDF front end does the same from coordinates).
//!
//! A block is a run of consecutive lines that each hold a gap of two or more
//! spaces between text. Its columns are split at *gutters*: character
//! columns blank in every line of the block, two or more wide, with text on
//! both sides. Right-aligned numbers and left-aligned labels both leave such
//! gutters; a paragraph with an odd double space does not, over several
//! lines.

use planex_model::TextLine;

/// Fewest lines of a table block.
const MIN_ROWS: usize = 2;
/// A two-line block must show a numeric column (a label and its figure, a
/// TOC entry and its page): two lines of prose can share a gap by chance.
const MIN_ROWS_WITHOUT_NUMBERS: usize = 3;

/// Separate the cells of space-aligned tables in `lines` with tabs. Lines
/// that already hold a tab are left alone. Returns the number of lines
/// changed.
pub fn tabulate(lines: &mut [TextLine]) -> usize {
    let mut changed = 0;
    let mut i = 0;
    while i < lines.len() {
        if !is_row_candidate(&lines[i].text) {
            i += 1;
            continue;
        }
        let end = lines[i..]
            .iter()
            .position(|l| !is_row_candidate(&l.text))
            .map_or(lines.len(), |k| i + k);
        if end - i >= MIN_ROWS {
            changed += split_block(&mut lines[i..end]);
        }
        i = end;
    }
    changed
}

/// A line with a gap of two or more spaces between text (not just after a
/// leading list marker or number), and no tab.
fn is_row_candidate(text: &str) -> bool {
    let bytes = text.as_bytes();
    if !has_double_space(bytes) || memchr::memchr(b'\t', bytes).is_some() {
        return false;
    }
    let body = text.trim();
    let body = match body.split_once("  ") {
        Some((first, rest)) if is_marker(first) => rest.trim_start(),
        _ => body,
    };
    body.contains("  ")
}

/// Does `bytes` hold two spaces in a row? Most lines do not. Searched with
/// memchr's packed-pair finder for the pair, built once: `memmem` would
/// rank the space as too common a byte to search for and fall back to a
/// slower search. Lines too short for it (or a CPU without AVX2) are
/// scanned by [`has_double_space_scan`].
fn has_double_space(bytes: &[u8]) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use memchr::arch::x86_64::avx2::packedpair::Finder;
        use std::sync::LazyLock;
        static PAIR: LazyLock<Option<Finder>> = LazyLock::new(|| Finder::new(b"  "));
        if let Some(pair) = PAIR.as_ref() {
            if bytes.len() >= pair.min_haystack_len() {
                return pair.find(bytes, b"  ").is_some();
            }
        }
    }
    has_double_space_scan(bytes)
}

/// [`has_double_space`] by a scan the compiler vectorises (no early exit
/// inside a chunk): for short lines, where it beats a search's set-up.
fn has_double_space_scan(bytes: &[u8]) -> bool {
    let Some(tail) = bytes.get(1..) else {
        return false;
    };
    bytes.chunks(32).zip(tail.chunks(32)).any(|(a, b)| {
        a.iter()
            .zip(b)
            .fold(false, |hit, (&x, &y)| hit | ((x == b' ') & (y == b' ')))
    })
}

/// A list marker or a section number ("-", "•", "1.", "2.1", "3)").
fn is_marker(cell: &str) -> bool {
    let cell = cell.trim();
    matches!(cell, "-" | "–" | "•" | "*" | "o" | "▪" | "◦" | "·")
        || (!cell.is_empty()
            && cell.len() <= 8
            && cell.starts_with(|c: char| c.is_ascii_digit())
            && cell
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ')')))
}

/// Is the cell a figure: digits with Danish separators, a sign, a percent?
fn is_figure(cell: &str) -> bool {
    let cell = cell
        .trim_end_matches(['%', ' '])
        .trim_start_matches(['-', '–', '+']);
    !cell.is_empty()
        && cell.starts_with(|c: char| c.is_ascii_digit())
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
}

/// Split one block at its gutters, if it is a table. Returns the number of
/// lines changed.
fn split_block(block: &mut [TextLine]) -> usize {
    let chars: Vec<Vec<char>> = block.iter().map(|l| l.text.chars().collect()).collect();
    let width = chars.iter().map(Vec::len).max().unwrap_or(0);
    let mut occupied = vec![false; width];
    for line in &chars {
        for (c, ch) in line.iter().enumerate() {
            if !ch.is_whitespace() {
                occupied[c] = true;
            }
        }
    }
    let (Some(left), Some(right)) = (
        occupied.iter().position(|&o| o),
        occupied.iter().rposition(|&o| o),
    ) else {
        return 0;
    };
    // Gutters: runs of blank columns, two or more wide, inside the text.
    let mut gutters: Vec<(usize, usize)> = Vec::new();
    let mut c = left;
    while c <= right {
        if occupied[c] {
            c += 1;
            continue;
        }
        let start = c;
        while !occupied[c] {
            c += 1;
        }
        if c - start >= 2 {
            gutters.push((start, c));
        }
    }
    if gutters.is_empty() {
        return 0;
    }
    let rows: Vec<Vec<String>> = chars
        .iter()
        .map(|line| {
            // A cell's text with its runs of spaces made one.
            let cell = |a: usize, b: usize| -> String {
                line[a.min(line.len())..b.min(line.len())]
                    .iter()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let mut cells = Vec::with_capacity(gutters.len() + 1);
            let mut from = left;
            for &(a, b) in &gutters {
                cells.push(cell(from, a));
                from = b;
            }
            cells.push(cell(from, right + 1));
            // A leading list marker or number belongs to the text after it.
            if cells.len() > 1 && is_marker(&cells[0]) && !cells[1].is_empty() {
                let marker = cells.remove(0);
                cells[0] = format!("{marker} {}", cells[0]);
            }
            while cells.len() > 1 && cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            cells
        })
        .collect();
    let filled = |r: &Vec<String>| r.iter().filter(|c| !c.is_empty()).count();
    if rows.iter().any(|r| filled(r) < 2) {
        return 0;
    }
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let numeric_column = (1..columns).any(|j| {
        let figures = rows
            .iter()
            .filter(|r| r.get(j).is_some_and(|c| is_figure(c)))
            .count();
        2 * figures >= rows.len()
    });
    if rows.len() < MIN_ROWS_WITHOUT_NUMBERS && !numeric_column {
        return 0;
    }
    for (line, row) in block.iter_mut().zip(rows) {
        line.text = row.join("\t");
    }
    block.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(texts: &[&str]) -> Vec<String> {
        let mut lines: Vec<TextLine> = texts.iter().map(|t| TextLine::plain(*t)).collect();
        tabulate(&mut lines);
        lines.into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn double_space_scan_agrees_with_substring_search() {
        // Every position of the pair, in lines around the 32-byte chunk size,
        // for both ways (the pair finder takes lines from its minimum length).
        for has_double_space in [has_double_space, has_double_space_scan] {
            for len in 0..70 {
                for at in 0..len {
                    let mut line = "x".repeat(len);
                    line.replace_range(at..at + 1, " ");
                    assert!(!has_double_space(line.as_bytes()), "{line:?}");
                    if at + 1 < len {
                        line.replace_range(at + 1..at + 2, " ");
                        assert!(has_double_space(line.as_bytes()), "{line:?}");
                    }
                }
            }
        }
    }

    /// Both ways of [`has_double_space`] (the pair finder for long lines,
    /// the scan for short ones) against the substring search, over the
    /// corpus lines and seeded random lines of every length around the
    /// finder's vector widths.
    #[test]
    fn double_space_search_on_corpus_and_random_lines() {
        let check = |line: &str| {
            let expected = line.contains("  ");
            assert_eq!(has_double_space(line.as_bytes()), expected, "{line:?}");
            assert_eq!(has_double_space_scan(line.as_bytes()), expected, "{line:?}");
        };
        for text in planex_testkit::corpus_texts() {
            for line in text.lines() {
                check(line);
                check(line.trim());
                // The same line with a pair of spaces at its start, middle, end.
                for at in [0, line.len() / 2, line.len()] {
                    if line.is_char_boundary(at) {
                        check(&format!("{}  {}", &line[..at], &line[at..]));
                    }
                }
            }
        }
        let mut random = planex_testkit::RandomText::new(0x9e37_79b9_7f4a_7c15);
        for _ in 0..50_000 {
            let line = random.chars(&['a', 'b', ' ', ' ', '\t', '.', '1'], 100);
            check(&line);
            // Mostly single spaces, with at most one pair somewhere.
            let len = line.len();
            let mut sparse: Vec<u8> = (0..len)
                .map(|k| if k % 3 == 2 { b' ' } else { b'x' })
                .collect();
            if len >= 2 && random.below(2) == 0 {
                let at = random.below(len - 1);
                sparse[at..at + 2].copy_from_slice(b"  ");
            }
            check(std::str::from_utf8(&sparse).unwrap());
        }
    }

    #[test]
    fn right_aligned_figures() {
        assert_eq!(
            run(&[
                "Ydelsestyper              2019   Budget 2020",
                "A-dagpenge                 758           671",
                "Ressourceforløb over 30    246          1021",
                "I alt                     7313          7120",
            ]),
            [
                "Ydelsestyper\t2019\tBudget 2020",
                "A-dagpenge\t758\t671",
                "Ressourceforløb over 30\t246\t1021",
                "I alt\t7313\t7120",
            ]
        );
    }

    #[test]
    fn empty_corner_and_short_rows() {
        assert_eq!(
            run(&[
                "              Måltal 2020   Måltal 2021",
                "Kontanthjælp          274           279",
                "Fleksjob              732",
            ]),
            [
                "\tMåltal 2020\tMåltal 2021",
                "Kontanthjælp\t274\t279",
                "Fleksjob\t732",
            ]
        );
    }

    #[test]
    fn table_of_contents() {
        assert_eq!(
            run(&["Forord                    3", "1.2  Arbejdsmarkedet     9"]),
            ["Forord\t3", "1.2 Arbejdsmarkedet\t9"]
        );
    }

    #[test]
    fn prose_and_lists_are_left_alone() {
        let prose = [
            "Ledigheden er faldet.  Det skyldes især et stærkt arbejdsmarked, og",
            "mange virksomheder mangler arbejdskraft.  Jobcentret vil derfor styrke",
        ];
        assert_eq!(run(&prose), prose);
        let list = ["-  Mentorforløb", "-  Virksomhedspraktik", "-  Løntilskud"];
        assert_eq!(run(&list), list);
        let one = ["A-dagpenge                 758"];
        assert_eq!(run(&one), one);
        let tabbed = ["A-dagpenge\t758", "Fleksjob  \t732"];
        assert_eq!(run(&tabbed), tabbed);
    }

    #[test]
    fn text_columns_need_three_rows() {
        let two = ["Mål          Indsats", "Flere i job  Mentorer"];
        assert_eq!(run(&two), two);
        assert_eq!(
            run(&[
                "Mål              Indsats",
                "Flere i job      Mentorer",
                "Færre syge       Tidlig kontakt",
            ])[0],
            "Mål\tIndsats"
        );
    }
}
