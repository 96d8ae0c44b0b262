//! Markdown markup. Converters of PDF and Word files (pandoc, docling,
//! markitdown and the like) print a plan as Markdown: ATX headings
//! (`## Mål for 2021`), pipe tables (`| Målgruppe | Måltal 2021 |` over a
//! delimiter row `|---|---|`), thematic breaks (`---`) where pages or
//! sections end, and HTML comments (`<!-- image -->`) where a picture was.
//! The front end rewrites each line into what the parser reads, one for
//! one: a heading's text without its marks, its level kept as a style cue
//! ([`LineStyle::heading_mark`](planex_model::LineStyle)); a table row's
//! cells separated by tabs; a delimiter row, a break or a comment blanked.
//! (Emphasis, `**bold**`, is left to the parser, which reads it in any
//! text.)

use planex_model::TextLine;

/// Rewrite the Markdown markup of `lines`; returns the number of lines
/// changed.
pub fn rewrite(lines: &mut [TextLine]) -> usize {
    let mut changed = 0;
    let mut i = 0;
    while i < lines.len() {
        // Each construct opens with its own byte (after up to three
        // spaces): most lines are passed on their first byte.
        let line = &mut lines[i];
        match line.text.trim_start_matches(' ').bytes().next() {
            Some(b'|') => {
                if let Some(rows) = pipe_table_rows(lines, i) {
                    let n = rows.len();
                    for (line, cells) in lines[i..i + n].iter_mut().zip(rows) {
                        // A delimiter row (the table's second line, or the
                        // header row repeated after a page break) carries
                        // no text, nor does a blank line inside.
                        line.text = match cells {
                            Some(cells) if !cells.iter().all(|c| is_delimiter_cell(c)) => {
                                cells.join("\t")
                            }
                            _ => String::new(),
                        };
                    }
                    changed += n;
                    i += n;
                    continue;
                }
            }
            Some(b'#') => {
                if let Some((level, title)) = atx_heading(&line.text) {
                    line.style.heading_mark = (!title.is_empty()).then_some(level);
                    line.text = title.to_string();
                    changed += 1;
                }
            }
            Some(b'-' | b'*' | b'_') if is_thematic_break(&line.text) => {
                line.text.clear();
                changed += 1;
            }
            Some(b'<') if is_html_comment(&line.text) => {
                line.text.clear();
                changed += 1;
            }
            _ => {}
        }
        i += 1;
    }
    changed
}

/// The level and text of an ATX heading: one to six `#`, then a space (or
/// nothing), the text, and perhaps a closing run of `#` after a space.
fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let rest = up_to_three_spaces_in(line)?;
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let after = &rest[hashes..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let text = after.trim();
    let open = text.trim_end_matches('#');
    let text = if open.is_empty() || open.ends_with([' ', '\t']) {
        open.trim_end()
    } else {
        text
    };
    Some((hashes as u8, text))
}

/// The line after its indent, when that is at most three spaces (four
/// make a code block in Markdown).
fn up_to_three_spaces_in(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(' ');
    (line.len() - rest.len() <= 3).then_some(rest)
}

/// `---`, `***` or `___` (three or more, spaces between allowed), nothing
/// else. (Read up to the first other byte: a list item, "- Tekst", is
/// passed on its third.)
fn is_thematic_break(line: &str) -> bool {
    let Some(rest) = up_to_three_spaces_in(line) else {
        return false;
    };
    let Some(&mark) = rest
        .as_bytes()
        .first()
        .filter(|b| matches!(b, b'-' | b'*' | b'_'))
    else {
        return false;
    };
    let mut marks = 0;
    for &b in rest.as_bytes() {
        match b {
            b' ' | b'\t' => {}
            _ if b == mark => marks += 1,
            _ => return false,
        }
    }
    marks >= 3
}

/// A line that is one HTML comment.
fn is_html_comment(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("<!--") && t.ends_with("-->") && t.len() >= 7
}

/// The lines from `i` that make a pipe table, each with its cells (none
/// for a blank line inside): a header row, a delimiter row with as many
/// cells (`---`, `:--`, `--:` or `:-:`), and the body rows after them
/// (each a line opening with `|`). A blank line ends a table in Markdown,
/// but converters split a table that crossed a page so: a row of the
/// header's width right after one blank line goes on with it.
fn pipe_table_rows(lines: &[TextLine], i: usize) -> Option<Vec<Option<Vec<String>>>> {
    let header = row_cells(&lines[i].text)?;
    let delimiter = row_cells(&lines.get(i + 1)?.text)?;
    if delimiter.len() != header.len() || !delimiter.iter().all(|c| is_delimiter_cell(c)) {
        return None;
    }
    let width = header.len();
    let mut rows = vec![Some(header), Some(delimiter)];
    let mut end = i + 2;
    while let Some(line) = lines.get(end) {
        if let Some(cells) = row_cells(&line.text) {
            rows.push(Some(cells));
            end += 1;
        } else if line.text.trim().is_empty() {
            match lines.get(end + 1).and_then(|next| row_cells(&next.text)) {
                Some(cells) if cells.len() == width => {
                    rows.extend([None, Some(cells)]);
                    end += 2;
                }
                _ => break,
            }
        } else {
            break;
        }
    }
    Some(rows)
}

/// The cells of a table row: a line opening with `|` (after up to three
/// spaces), split at each `|` not escaped as `\|`, each cell trimmed; the
/// outer pipes open and close the row.
fn row_cells(line: &str) -> Option<Vec<String>> {
    let row = up_to_three_spaces_in(line)?.trim_end();
    let inner = row.strip_prefix('|')?;
    let inner = match inner.strip_suffix('|') {
        Some(s) if !s.ends_with('\\') => s,
        _ => inner,
    };
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell).trim().to_string()),
            _ => cell.push(c),
        }
    }
    cells.push(cell.trim().to_string());
    Some(cells)
}

fn is_delimiter_cell(cell: &str) -> bool {
    let dashes = cell.strip_prefix(':').unwrap_or(cell);
    let dashes = dashes.strip_suffix(':').unwrap_or(dashes);
    !dashes.is_empty() && dashes.bytes().all(|b| b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(text: &[&str]) -> Vec<(String, Option<u8>)> {
        let mut lines: Vec<TextLine> = text.iter().map(|t| TextLine::plain(*t)).collect();
        rewrite(&mut lines);
        lines
            .into_iter()
            .map(|l| (l.text, l.style.heading_mark))
            .collect()
    }

    fn plain(text: &str) -> (String, Option<u8>) {
        (text.to_string(), None)
    }

    #[test]
    fn atx_headings() {
        assert_eq!(
            rewritten(&[
                "# Beskæftigelsesplan 2021",
                "## 2.1 Unge ##",
                "   ### Mål for 2021",
                "#### Lønmodtagere # i alt",
                "#Ikke en overskrift",
                "    # Kode",
                "####### Syv",
                "#",
            ]),
            vec![
                ("Beskæftigelsesplan 2021".into(), Some(1)),
                ("2.1 Unge".into(), Some(2)),
                ("Mål for 2021".into(), Some(3)),
                ("Lønmodtagere # i alt".into(), Some(4)),
                plain("#Ikke en overskrift"),
                plain("    # Kode"),
                plain("####### Syv"),
                plain(""),
            ]
        );
    }

    #[test]
    fn pipe_table_rows_become_tab_separated() {
        assert_eq!(
            rewritten(&[
                "Måltal:",
                "| Målgruppe | Måltal 2020 | Måltal 2021 |",
                "|:---|---:|:-:|",
                "| Kontanthjælp | 274 | 279 |",
                "| Sygedagpenge \\| jobafklaring |  | 407 |",
                "",
                "| Målgruppe | Måltal 2020 | Måltal 2021 |",
                "|---|---|---|",
                "| Fleksjob | 728 | 748 |",
                "",
                "| Ikke | en tabel |",
                "Tekst efter.",
            ]),
            vec![
                plain("Måltal:"),
                plain("Målgruppe\tMåltal 2020\tMåltal 2021"),
                plain(""),
                plain("Kontanthjælp\t274\t279"),
                plain("Sygedagpenge | jobafklaring\t\t407"),
                plain(""),
                plain("Målgruppe\tMåltal 2020\tMåltal 2021"),
                plain(""),
                plain("Fleksjob\t728\t748"),
                plain(""),
                plain("| Ikke | en tabel |"),
                plain("Tekst efter."),
            ]
        );
    }

    #[test]
    fn a_delimiter_row_must_match_the_header() {
        let rows = ["| a | b |", "|---|", "| 1 | 2 |"];
        assert_eq!(
            rewritten(&rows),
            rows.iter().map(|r| plain(r)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn breaks_and_comments_are_blanked_and_lists_kept() {
        assert_eq!(
            rewritten(&[
                "---",
                "* * *",
                "<!-- image -->",
                "- Flere i job",
                "* Færre på ydelse",
                "-- 2 --",
                "__init__",
            ]),
            vec![
                plain(""),
                plain(""),
                plain(""),
                plain("- Flere i job"),
                plain("* Færre på ydelse"),
                plain("-- 2 --"),
                plain("__init__"),
            ]
        );
    }
}
