//! Target cue words from `data/target_cues.tsv`.

use std::sync::LazyLock;

use regex::Regex;

const TSV: &str = include_str!("../data/target_cues.tsv");

static CUES: LazyLock<Vec<(String, Regex)>> = LazyLock::new(|| {
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for line in TSV
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
    {
        let (kind, pattern) = line
            .split_once('\t')
            .expect("target_cues.tsv: KIND<TAB>PATTERN");
        match grouped.iter_mut().find(|(k, _)| k == kind) {
            Some((_, v)) => v.push(pattern.to_string()),
            None => grouped.push((kind.to_string(), vec![pattern.to_string()])),
        }
    }
    grouped
        .into_iter()
        .map(|(k, v)| {
            let re = Regex::new(&format!(
                r"(?i)(?:^|[^\p{{L}}])(?:{})(?:$|[^\p{{L}}])",
                v.join("|")
            ))
            .expect("valid cue regex");
            (k, re)
        })
        .collect()
});

/// The regex of a cue kind (`decrease`, `figure_budget`, ...).
pub fn cue(kind: &str) -> &'static Regex {
    &CUES
        .iter()
        .find(|(k, _)| k == kind)
        .unwrap_or_else(|| panic!("no cue kind {kind}"))
        .1
}

/// Direction kinds in file order.
pub const DIRECTIONS: &[&str] = &["decrease", "increase", "at_most", "at_least", "equal"];
