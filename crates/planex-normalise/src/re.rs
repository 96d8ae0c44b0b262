//! The crate's regexes, built from a translated pattern with only the
//! engines their call sites use. Compiling them with `regex::Regex::new` was
//! most of a one-file run: case folding the `(?i)` word-edge class for each
//! occurrence, and prefilter analysis (literal extraction, a reverse inner
//! search) that finds no useful literals in these patterns.

use std::sync::LazyLock;

use regex_automata::meta;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// `(?i)[^\p{L}\p{N}_]` as a case-sensitive class: case folding `\p{L}`,
/// `\p{N}`, `_` adds exactly U+0345 (the combining iota, which folds to a
/// letter), so the negated class also leaves it out. Translated once, shared.
static NOT_WORD: LazyLock<Hir> = LazyLock::new(|| parse(r"(?-i:[^\p{L}\p{N}_\u{345}])"));

/// Is `c` in [`NOT_WORD`]?
pub(crate) fn is_not_word(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '_');
    }
    static RANGES: LazyLock<Vec<(char, char)>> = LazyLock::new(|| match NOT_WORD.kind() {
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect(),
        _ => unreachable!("a Unicode class"),
    });
    let i = RANGES.partition_point(|&(_, end)| end < c);
    RANGES.get(i).is_some_and(|&(start, _)| start <= c)
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

#[cfg(test)]
mod tests {
    use super::*;

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
