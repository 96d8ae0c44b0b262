//! The crate's regexes, built from a translated pattern with only the
//! engines their call sites use. Compiling them with `regex::Regex::new` was
//! most of a one-file run: case folding the `(?i)` word-edge class for each
//! occurrence, and prefilter analysis (literal extraction, a reverse inner
//! search) that finds no useful literals in these patterns.

use std::sync::LazyLock;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, backtrack, pikevm, WhichCaptures, NFA};
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;
use regex_automata::{meta, Anchored, Input};
use regex_syntax::hir::{Class, ClassUnicode, Hir, HirKind, Look};

/// `(?i)[^\p{L}\p{N}_]`, folded from the small negated class
/// ([`fold_negated`]; it leaves out U+0345, the combining iota, which folds
/// to a letter). Translated once, shared.
static NOT_WORD: LazyLock<Hir> = LazyLock::new(|| match parse(r"[^\p{L}\p{N}_]").into_kind() {
    HirKind::Class(Class::Unicode(negated)) => Hir::class(Class::Unicode(fold_negated(&negated))),
    _ => unreachable!("a Unicode class"),
});

/// Is `c` in [`NOT_WORD`]?
pub(crate) fn is_not_word(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '_');
    }
    match NOT_WORD.kind() {
        HirKind::Class(Class::Unicode(class)) => class_contains(class, c),
        _ => unreachable!("a Unicode class"),
    }
}

/// Is `c` in `class`? (A binary search of its sorted ranges: regex-syntax
/// has no membership test.)
pub fn class_contains(class: &ClassUnicode, c: char) -> bool {
    let ranges = class.ranges();
    let i = ranges.partition_point(|r| r.end() < c);
    ranges.get(i).is_some_and(|r| r.start() <= c)
}

/// The class `(?i)[^X]` given `[^X]` (`negated`): the chars none of whose
/// case variants is in X, i.e. `negated` without the chars that have a
/// case variant outside it. Folding the small `negated` costs a third of
/// what the translator does, folding the large X before negating it.
/// (Case variants are those of Unicode simple case folding, which puts
/// every variant of a char in the class with it.)
pub fn fold_negated(negated: &ClassUnicode) -> ClassUnicode {
    // The variants outside `negated` of its chars ...
    let mut variants_outside = negated.clone();
    variants_outside.case_fold_simple();
    variants_outside.difference(negated);
    // ... and their variants, some of them in `negated`.
    variants_outside.case_fold_simple();
    let mut folded = negated.clone();
    folded.difference(&variants_outside);
    folded
}

/// The Thompson NFA of `hirs` (one pattern each), forward or `reverse`,
/// with the capture states `which` asks for; None if it does not compile.
/// One compiler a thread, reused: a new one allocates (and dropping it
/// frees) a large UTF-8 suffix cache each time.
pub fn compile_nfa(hirs: &[Hir], which: WhichCaptures, reverse: bool) -> Option<NFA> {
    thread_local! {
        static COMPILER: std::cell::RefCell<thompson::Compiler> =
            std::cell::RefCell::new(thompson::Compiler::new());
    }
    COMPILER.with_borrow_mut(|compiler| {
        compiler
            .configure(
                thompson::Config::new()
                    .which_captures(which)
                    .reverse(reverse),
            )
            .build_many_from_hir(hirs)
            .ok()
    })
}

/// `pattern` in the `regex` crate's syntax and default options.
pub(crate) fn parse(pattern: &str) -> Hir {
    regex_syntax::Parser::new()
        .parse(pattern)
        .unwrap_or_else(|e| panic!("invalid regex {pattern:?}: {e}"))
}

/// `(?:^|[^\p{L}\p{N}_])` under `(?i)`: the start of the text or a char
/// that is no word char, taken by the match.
pub(crate) fn word_start() -> Hir {
    Hir::alternation(vec![Hir::look(Look::Start), NOT_WORD.clone()])
}

/// `(?:$|[^\p{L}\p{N}_])` under `(?i)`.
pub(crate) fn word_end() -> Hir {
    Hir::alternation(vec![Hir::look(Look::End), NOT_WORD.clone()])
}

/// The engines a call site needs.
pub(crate) enum Use {
    /// `find`/`find_iter`/`is_match`: no capture groups.
    Find,
    /// `captures`: all groups.
    Captures,
}

/// A regex as `regex::Regex` builds it (same match semantics), without
/// prefilter analysis or a one-pass DFA (neither applies to these patterns'
/// searches), and without capture states when they are not read.
pub(crate) fn build(hir: &Hir, used: Use) -> meta::Regex {
    let config = meta::Config::new().auto_prefilter(false).onepass(false);
    let config = match used {
        Use::Find => config.which_captures(WhichCaptures::Implicit),
        Use::Captures => config,
    };
    meta::Regex::builder()
        .configure(config)
        .build_from_hir(hir)
        .expect("valid regex")
}

/// A regex that begins with [`word_start`], searched with a forward lazy
/// DFA alone: no reverse automaton to compile (half of building the meta
/// engine, the word-edge class dominating). The start of a match is found
/// by asking, from the search position on, at each place a match may start
/// (the text's start, or a char of the class) whether one starts there:
/// the leftmost such place is the match's start, as a reverse search
/// finds it. Matches are rare or short, so the asking costs little.
pub(crate) struct ForwardRegex {
    dfa: DFA,
    caches: Pool<Cache, CacheFn>,
    nfa: NFA,
    /// For captures (of the found match) and should the DFA give up.
    pikevm: pikevm::PikeVM,
    backtrack: backtrack::BoundedBacktracker,
    backtrack_caches: Pool<backtrack::Cache, BacktrackCacheFn>,
}

type CacheFn = Box<dyn Fn() -> Cache + Send + Sync>;
type BacktrackCacheFn = Box<dyn Fn() -> backtrack::Cache + Send + Sync>;

impl ForwardRegex {
    /// `hir` must begin with [`word_start`]; capture states are compiled
    /// only for `Use::Captures`.
    pub(crate) fn new(hir: &Hir, used: Use) -> ForwardRegex {
        let which = match used {
            Use::Find => WhichCaptures::Implicit,
            Use::Captures => WhichCaptures::All,
        };
        let nfa = compile_nfa(std::slice::from_ref(hir), which, false).expect("valid regex");
        let dfa = DFA::builder()
            .build_from_nfa(nfa.clone())
            .expect("lazy DFA");
        let for_pool = dfa.clone();
        let create: CacheFn = Box::new(move || for_pool.create_cache());
        let backtrack =
            backtrack::BoundedBacktracker::new_from_nfa(nfa.clone()).expect("backtracker");
        let for_pool = backtrack.clone();
        let create_backtrack: BacktrackCacheFn = Box::new(move || for_pool.create_cache());
        ForwardRegex {
            dfa,
            caches: Pool::new(create),
            pikevm: pikevm::PikeVM::new_from_nfa(nfa.clone()).expect("PikeVM"),
            backtrack,
            backtrack_caches: Pool::new(create_backtrack),
            nfa,
        }
    }

    /// The leftmost-first match in `text[pos..]`, as `meta::Regex::search`
    /// finds it.
    pub(crate) fn find_at(&self, text: &str, pos: usize) -> Option<(usize, usize)> {
        let mut cache = self.caches.get();
        let Ok(end) = self
            .dfa
            .try_search_fwd(&mut cache, &Input::new(text).range(pos..))
        else {
            return self.find_slow(text, pos);
        };
        let end = end?.offset();
        let bytes = text.as_bytes();
        for start in pos..end {
            let b = bytes[start];
            let may_start = start == 0
                || match b {
                    0..=0x7f => !(b.is_ascii_alphanumeric() || b == b'_'),
                    0x80..=0xbf => false,
                    _ => text[start..].chars().next().is_some_and(is_not_word),
                };
            if !may_start {
                continue;
            }
            let input = Input::new(text)
                .range(start..)
                .anchored(Anchored::Yes)
                .earliest(true);
            match self.dfa.try_search_fwd(&mut cache, &input) {
                Ok(Some(_)) => return Some((start, end)),
                Ok(None) => {}
                Err(_) => return self.find_slow(text, pos),
            }
        }
        // Not reached (a match that ends starts somewhere); the PikeVM
        // answers rather than a panic.
        debug_assert!(false, "a match ends at {end} but none starts before");
        self.find_slow(text, pos)
    }

    fn find_slow(&self, text: &str, pos: usize) -> Option<(usize, usize)> {
        let mut cache = self.pikevm.create_cache();
        self.pikevm
            .find(&mut cache, Input::new(text).range(pos..))
            .map(|m| (m.start(), m.end()))
    }

    /// Fresh captures for [`ForwardRegex::captures_of`].
    pub(crate) fn create_captures(&self) -> Captures {
        Captures::all(self.nfa.group_info().clone())
    }

    /// The groups of the match `text[start..end]` that [`ForwardRegex::find_at`]
    /// found, as `meta::Regex::search_captures` reads them (found again
    /// within the match, anchored at its start).
    pub(crate) fn captures_of(&self, text: &str, start: usize, end: usize, caps: &mut Captures) {
        let input = Input::new(text).span(start..end).anchored(Anchored::Yes);
        let mut cache = self.backtrack_caches.get();
        if self.backtrack.try_search(&mut cache, &input, caps).is_err() {
            let mut cache = self.pikevm.create_cache();
            self.pikevm.search(&mut cache, &input, caps);
        }
    }

    pub(crate) fn group_info(&self) -> &regex_automata::util::captures::GroupInfo {
        self.nfa.group_info()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case-insensitive negated class folded from its negation is the
    /// translator's, for classes large and small, with chars whose case
    /// variants lie outside them.
    #[test]
    fn fold_negated_is_the_translated_class() {
        for class in [
            r"\p{L}",
            r"\p{L}\p{N}",
            r"a-z",
            r"\p{Lu}\d",
            r"\p{Greek}ſ",
            r"\x{345}",
            r"\w",
        ] {
            let HirKind::Class(Class::Unicode(negated)) = parse(&format!("[^{class}]")).into_kind()
            else {
                panic!("{class}")
            };
            let folded = Hir::class(Class::Unicode(fold_negated(&negated)));
            assert_eq!(folded, parse(&format!("(?i)[^{class}]")), "{class}");
        }
    }

    #[test]
    fn not_word_is_the_case_insensitive_class() {
        assert_eq!(parse(r"(?i)[^\p{L}\p{N}_]"), *NOT_WORD);
        assert_eq!(parse(r"(?i)(?:^|[^\p{L}\p{N}_])"), word_start());
        assert_eq!(parse(r"(?i)(?:$|[^\p{L}\p{N}_])"), word_end());
    }

    #[test]
    fn is_not_word_is_the_class() {
        let oracle = regex::Regex::new(r"^(?i)[^\p{L}\p{N}_]$").expect("valid");
        let mut buf = [0u8; 4];
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            assert_eq!(
                is_not_word(c),
                oracle.is_match(c.encode_utf8(&mut buf)),
                "{c:?}"
            );
        }
    }
}
