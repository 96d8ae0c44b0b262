//! Target cue words from `data/target_cues.tsv`.
//!
//! A kind's cue is `(?i)(?:^|[^\p{L}])(?:WORDS)(?:$|[^\p{L}])`: its words
//! with no letter either side. Compiling the edge class (all of Unicode
//! but the case-folded letters) twice per kind made most of the cost of
//! the kinds' regexes, so only the words are compiled, once for each set
//! of kinds asked together, and the edge is tested in code, one char at a
//! time, where the words match.

use std::sync::{LazyLock, OnceLock};

use planex_normalise::{class_contains, compile_nfa, fold_negated};
use regex_automata::hybrid::dfa::{Cache, OverlappingState, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, MatchKind, PatternID};
use regex_syntax::hir::{Class, ClassUnicode, Hir, HirKind};

const TSV: &str = include_str!("../data/target_cues.tsv");

/// Each kind and its alternation, in file order.
static CUES: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
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
    grouped.into_iter().map(|(k, v)| (k, v.join("|"))).collect()
});

fn alternation(kind: &str) -> &'static str {
    CUES.iter()
        .find(|(k, _)| k == kind)
        .map(|(_, alternation)| alternation.as_str())
        .unwrap_or_else(|| panic!("no cue kind {kind}"))
}

/// The word edge `(?i)[^\p{L}]`: no letter, nor a char that case folds to
/// one (U+0345 to "ι"). Folded from the small negated class, as the parse
/// cues fold theirs ([`fold_negated`]): folding the letters first costs
/// more.
static EDGE: LazyLock<ClassUnicode> = LazyLock::new(|| {
    let hir = regex_syntax::Parser::new()
        .parse(r"[^\p{L}]")
        .expect("valid class");
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(class)) => fold_negated(&class),
        other => panic!("[^\\p{{L}}] is a Unicode class, not {other:?}"),
    }
});

/// May `c` stand before or after a cue's words: is it in [`EDGE`]?
fn is_edge(c: char) -> bool {
    // (No ASCII char but a letter is a letter or folds to one.)
    if c.is_ascii() {
        return !c.is_ascii_alphabetic();
    }
    class_contains(&EDGE, c)
}

/// Cue kinds asked together, in order (the first that matches wins), the
/// matcher built on first use: most runs ask only some sets.
pub struct CueSet {
    kinds: &'static [&'static str],
    matcher: OnceLock<Matcher>,
}

/// The direction kinds, in file order.
pub static DIRECTIONS: CueSet = CueSet::new(&[
    "level_down",
    "level_up",
    "decrease",
    "increase",
    "at_most",
    "at_least",
    "equal",
]);
/// What a target table's column label says, in the order asked.
pub static FIGURE_KINDS: CueSet = CueSet::new(&[
    "figure_target",
    "figure_budget",
    "figure_expected",
    "figure_actual",
]);
/// Figures counted in full-time persons.
pub static FULLTIME: CueSet = CueSet::new(&["unit_fulltime"]);

impl CueSet {
    const fn new(kinds: &'static [&'static str]) -> CueSet {
        CueSet {
            kinds,
            matcher: OnceLock::new(),
        }
    }

    /// The first kind (in the set's order) whose cue matches `text`.
    pub fn first_match(&self, text: &str) -> Option<&'static str> {
        self.matcher
            .get_or_init(|| Matcher::new(self.kinds))
            .first_match(text)
            .map(|i| self.kinds[i])
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.first_match(text).is_some()
    }
}

/// The words of each kind (one pattern a kind), matched where no letter
/// stands either side.
struct Matcher {
    /// The words, unanchored: every end of a match of each kind, in one
    /// pass over the text.
    forward: DFA,
    /// The words reversed, anchored at an end for one kind: every start of
    /// a match of it ending there.
    reverse: DFA,
    caches: Pool<(Cache, Cache), CacheFn>,
}

type CacheFn = Box<dyn Fn() -> (Cache, Cache) + Send + Sync>;

/// (No quit bytes and no cache limit: the lazy DFAs cannot fail.)
const CANNOT_FAIL: &str = "a lazy DFA without quit bytes fails no search";

impl Matcher {
    fn new(kinds: &[&str]) -> Matcher {
        let words: Vec<Hir> = kinds
            .iter()
            .map(|kind| {
                let alternation = alternation(kind);
                let words = regex_syntax::Parser::new()
                    .parse(&format!("(?i)(?:{alternation})"))
                    .expect("valid cue regex");
                // (The edges are the only look-around tested.)
                assert!(
                    words.properties().look_set().is_empty(),
                    "{kind}: cue words with a look-around assertion"
                );
                words
            })
            .collect();
        let dfa = |reverse: bool| {
            let nfa = compile_nfa(&words, WhichCaptures::None, reverse).expect("cue words compile");
            DFA::builder()
                .configure(
                    DFA::config()
                        .match_kind(MatchKind::All)
                        // (Reverse searches are anchored at one kind.)
                        .starts_for_each_pattern(reverse),
                )
                .build_from_nfa(nfa)
                .expect("cue words' lazy DFA")
        };
        let (forward, reverse) = (dfa(false), dfa(true));
        let (f, r) = (forward.clone(), reverse.clone());
        let create: CacheFn = Box::new(move || (f.create_cache(), r.create_cache()));
        Matcher {
            forward,
            reverse,
            caches: Pool::new(create),
        }
    }

    /// The first kind (by index) with a match of its words in `text` and
    /// no letter either side of it.
    fn first_match(&self, text: &str) -> Option<usize> {
        let mut caches = self.caches.get();
        let (forward_cache, reverse_cache) = &mut *caches;
        let dfa = &self.forward;
        let mut first: Option<usize> = None;
        // The words' match ends, walked byte by byte (a DFA enters a match
        // state one byte after the match ends): most texts have none.
        let mut sid = dfa
            .start_state_forward(forward_cache, &Input::new(text))
            .expect(CANNOT_FAIL);
        for (at, &byte) in text.as_bytes().iter().enumerate() {
            sid = dfa.next_state(forward_cache, sid, byte).expect(CANNOT_FAIL);
            if sid.is_match() {
                self.matches_ending(forward_cache, reverse_cache, sid, text, at, &mut first);
                if first == Some(0) {
                    return first;
                }
            }
        }
        sid = dfa.next_eoi_state(forward_cache, sid).expect(CANNOT_FAIL);
        if sid.is_match() {
            let end = text.len();
            self.matches_ending(forward_cache, reverse_cache, sid, text, end, &mut first);
        }
        first
    }

    /// Lower `first` to each kind of the match state `sid` that has a match
    /// ending at `end` with no letter either side, where it is earlier.
    fn matches_ending(
        &self,
        forward_cache: &Cache,
        reverse_cache: &mut Cache,
        sid: LazyStateID,
        text: &str,
        end: usize,
        first: &mut Option<usize>,
    ) {
        // (A match ends on a char boundary: the words are whole chars.)
        if !text[end..].chars().next().is_none_or(is_edge) {
            return;
        }
        for i in 0..self.forward.match_len(forward_cache, sid) {
            let kind = self.forward.match_pattern(forward_cache, sid, i);
            if first.is_none_or(|k| kind.as_usize() < k)
                && self.starts_after_edge(reverse_cache, text, kind, end)
            {
                *first = Some(kind.as_usize());
            }
        }
    }

    /// Does a match of `kind` ending at `end` start at the text's start or
    /// after a char of the edge?
    fn starts_after_edge(
        &self,
        reverse_cache: &mut Cache,
        text: &str,
        kind: PatternID,
        end: usize,
    ) -> bool {
        let before = Input::new(text)
            .range(..end)
            .anchored(Anchored::Pattern(kind));
        let mut starts = OverlappingState::start();
        loop {
            self.reverse
                .try_search_overlapping_rev(reverse_cache, &before, &mut starts)
                .expect(CANNOT_FAIL);
            let Some(start) = starts.get_match() else {
                return false;
            };
            if text[..start.offset()]
                .chars()
                .next_back()
                .is_none_or(is_edge)
            {
                return true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regex each kind was compiled from before, as one string.
    fn pattern(alternation: &str) -> String {
        format!(r"(?i)(?:^|[^\p{{L}}])(?:{alternation})(?:$|[^\p{{L}}])")
    }

    /// The edge test is the regex crate's `(?i)[^\p{L}]`, for every char.
    #[test]
    fn edge_is_the_not_letter_class() {
        let oracle = regex::Regex::new(r"^(?i)[^\p{L}]$").expect("valid");
        let mut edges = 0;
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let expected = oracle.is_match(c.encode_utf8(&mut [0; 4]));
            assert_eq!(is_edge(c), expected, "{c:?} U+{:04X}", c as u32);
            edges += usize::from(expected);
        }
        // Letters and non-letters both in their hundreds of thousands.
        assert!((100_000..1_000_000).contains(&edges), "{edges} edges");
    }

    /// Each set answers as the `regex` crate's compilation of each kind's
    /// whole pattern asked in turn, on every corpus line and paragraph,
    /// and on seeded random texts of the cue words in mixed case, with
    /// Danish letters, Unicode case variants (the Kelvin and Ångström
    /// signs, long s, a combining mark that folds to a letter) and
    /// punctuation at the word edges.
    #[test]
    fn sets_match_as_the_regex_crate() {
        // The cue words, and each two next to each other in a line, so that
        // cues of two words ("falde til") are met too.
        let mut words: Vec<String> = Vec::new();
        for line in TSV.lines().filter(|l| !l.starts_with('#')) {
            let line_words: Vec<&str> = line
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.len() > 1)
                .collect();
            words.extend(line_words.iter().map(|w| w.to_string()));
            words.extend(line_words.windows(2).map(|w| format!("{} {}", w[0], w[1])));
        }
        words.sort();
        words.dedup();
        let extras = [
            " ", " ", "  ", ",", ".", "-", "–", "(", "1", "2015", "æ", "Ø", "å", "Å", "\u{212b}",
            "\u{212a}", "ſ", "é", "\u{345}", "ι", "\u{a0}", "x", "%", "ⓐ", "Ⅱ", "ǅ",
        ];
        let mut random = planex_testkit::RandomText::new(29);
        let mut texts = planex_testkit::corpus_lines_and_runs(4);
        let corpus = texts.len();
        for _ in 0..60_000 {
            let mut text = String::new();
            for _ in 0..random.below(8) {
                if random.below(2) == 0 {
                    let word = words[random.below(words.len())].as_str();
                    match random.below(3) {
                        0 => text.push_str(word),
                        1 => text.push_str(&word.to_uppercase()),
                        _ => {
                            for c in word.chars() {
                                match (random.below(5), c) {
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
                    text.push_str(extras[random.below(extras.len())]);
                }
            }
            texts.push(text);
        }
        for set in [&DIRECTIONS, &FIGURE_KINDS, &FULLTIME] {
            let oracles: Vec<regex::Regex> = set
                .kinds
                .iter()
                .map(|kind| regex::Regex::new(&pattern(alternation(kind))).expect("valid"))
                .collect();
            // How often each kind (or none) was the answer, in the corpus
            // and in the random texts.
            let mut answers = vec![[0usize; 2]; set.kinds.len() + 1];
            for (i, text) in texts.iter().enumerate() {
                let expected = oracles.iter().position(|o| o.is_match(text));
                assert_eq!(
                    set.first_match(text),
                    expected.map(|k| set.kinds[k]),
                    "{:?}: {text:?}",
                    set.kinds
                );
                answers[expected.unwrap_or(set.kinds.len())][usize::from(i >= corpus)] += 1;
            }
            // Every kind is the answer to random texts often; some kind to
            // some corpus text (not every kind: the plans at hand say
            // nothing of a level reached "ned på" a figure).
            let kinds_in_corpus = answers[..set.kinds.len()]
                .iter()
                .filter(|[corpus, _]| *corpus > 0)
                .count();
            assert!(
                answers.iter().all(|[_, random]| *random > 100) && kinds_in_corpus > 0,
                "{:?}: a weak test: {answers:?}",
                set.kinds
            );
        }
    }
}
