//! Target cue words from `data/target_cues.tsv`.

use std::sync::{LazyLock, OnceLock};

use planex_parse::cues::CueRegex;
use regex_syntax::hir::{Hir, Look};

const TSV: &str = include_str!("../data/target_cues.tsv");

/// Each kind's alternation, its regex compiled on first use: most runs ask
/// only some kinds.
static CUES: LazyLock<Vec<(String, String, OnceLock<CueRegex>)>> = LazyLock::new(|| {
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
        .map(|(k, v)| (k, v.join("|"), OnceLock::new()))
        .collect()
});

/// The word edge `(?i)[^\p{L}]`, translated once for every kind: case
/// folding the letter class costs more than the rest of a cue's regex.
static NOT_LETTER: LazyLock<Hir> = LazyLock::new(|| {
    regex_syntax::Parser::new()
        .parse(r"(?i)[^\p{L}]")
        .expect("valid class")
});

/// `(?i)(?:^|[^\p{L}])(?:ALTS)(?:$|[^\p{L}])`, built from the shared edge.
fn bounded(alternation: &str) -> Hir {
    let words = regex_syntax::Parser::new()
        .parse(&format!("(?i)(?:{alternation})"))
        .expect("valid cue regex");
    Hir::concat(vec![
        Hir::alternation(vec![Hir::look(Look::Start), NOT_LETTER.clone()]),
        words,
        Hir::alternation(vec![Hir::look(Look::End), NOT_LETTER.clone()]),
    ])
}

/// The regex of a cue kind (`decrease`, `figure_budget`, ...).
pub fn cue(kind: &str) -> &'static CueRegex {
    let (_, alternation, re) = CUES
        .iter()
        .find(|(k, _, _)| k == kind)
        .unwrap_or_else(|| panic!("no cue kind {kind}"));
    re.get_or_init(|| CueRegex::from_hir(bounded(alternation)))
}

/// Direction kinds in file order.
pub const DIRECTIONS: &[&str] = &["decrease", "increase", "at_most", "at_least", "equal"];

#[cfg(test)]
mod tests {
    use super::*;

    /// The regex each kind was compiled from before, as one string.
    fn pattern(alternation: &str) -> String {
        format!(r"(?i)(?:^|[^\p{{L}}])(?:{alternation})(?:$|[^\p{{L}}])")
    }

    /// Building from the shared edge gives the very regex the string did.
    #[test]
    fn bounded_is_the_string_pattern() {
        for (kind, alternation, _) in CUES.iter() {
            let parsed = regex_syntax::Parser::new()
                .parse(&pattern(alternation))
                .expect("valid");
            assert_eq!(bounded(alternation), parsed, "{kind}");
        }
    }

    /// And it matches as the `regex` crate's compilation of that string,
    /// on seeded random texts of the cue words in mixed case, with Danish
    /// letters, Unicode case variants and punctuation at the word edges.
    #[test]
    fn cues_match_as_the_regex_crate() {
        let mut words: Vec<&str> = TSV
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.len() > 1)
            .collect();
        words.sort();
        words.dedup();
        let extras = [
            " ", " ", "  ", ",", ".", "-", "–", "(", "1", "2015", "æ", "Ø", "å", "Å", "\u{212b}",
            "\u{212a}", "ſ", "é", "\u{345}", "ι", "\u{a0}", "x", "%",
        ];
        // A linear congruential generator: every run tests the same texts.
        let mut state = 29u64;
        let mut below = |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        let mut texts = Vec::new();
        for _ in 0..40_000 {
            let mut text = String::new();
            for _ in 0..below(8) {
                if below(2) == 0 {
                    let word = words[below(words.len())];
                    match below(3) {
                        0 => text.push_str(word),
                        1 => text.push_str(&word.to_uppercase()),
                        _ => {
                            for c in word.chars() {
                                match (below(5), c) {
                                    (0, 'k') => text.push('\u{212a}'),
                                    (0, 's') => text.push('ſ'),
                                    (0, 'å') => text.push('\u{212b}'),
                                    (1, _) => text.extend(c.to_uppercase()),
                                    _ => text.push(c),
                                }
                            }
                        }
                    }
                } else {
                    text.push_str(extras[below(extras.len())]);
                }
            }
            texts.push(text);
        }
        for (kind, alternation, _) in CUES.iter() {
            let oracle = regex::Regex::new(&pattern(alternation)).expect("valid");
            let mut matched = 0;
            for text in &texts {
                let expected = oracle.is_match(text);
                assert_eq!(cue(kind).is_match(text), expected, "{kind}: {text:?}");
                matched += usize::from(expected);
            }
            assert!(matched > 0, "{kind} never matched: a weak test");
        }
    }
}
