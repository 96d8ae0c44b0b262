//! The domain vocabulary in `data/cues.tsv`, compiled once.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// Kinds of cue in `data/cues.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    TocTitle,
    CaptionPrefix,
    SourcePrefix,
    DivisionWord,
    DraftMarker,
    GoalLabel,
    MeasureLabel,
    MeasureHeadingWord,
    MeasureIntro,
    GoalSentence,
    GoalIntro,
    GoalDeferred,
    Closing,
    ClauseJoin,
}

impl CueKind {
    fn from_name(name: &str) -> Option<CueKind> {
        Some(match name {
            "toc_title" => CueKind::TocTitle,
            "caption_prefix" => CueKind::CaptionPrefix,
            "source_prefix" => CueKind::SourcePrefix,
            "division_word" => CueKind::DivisionWord,
            "draft_marker" => CueKind::DraftMarker,
            "goal_label" => CueKind::GoalLabel,
            "measure_label" => CueKind::MeasureLabel,
            "measure_heading_word" => CueKind::MeasureHeadingWord,
            "measure_intro" => CueKind::MeasureIntro,
            "goal_sentence" => CueKind::GoalSentence,
            "goal_intro" => CueKind::GoalIntro,
            "goal_deferred" => CueKind::GoalDeferred,
            "closing" => CueKind::Closing,
            "clause_join" => CueKind::ClauseJoin,
            _ => return None,
        })
    }

    /// Whole-line cues match the entire normalised line; the others match
    /// at its start (prefixes) or anywhere (sentences, words).
    fn anchoring(self) -> (&'static str, &'static str) {
        match self {
            CueKind::TocTitle
            | CueKind::DivisionWord
            | CueKind::GoalLabel
            | CueKind::MeasureLabel
            | CueKind::Closing => ("^(?:", ")$"),
            CueKind::CaptionPrefix | CueKind::SourcePrefix | CueKind::DraftMarker => ("^(?:", ")"),
            CueKind::MeasureHeadingWord => (r"(?:^|[^\p{L}\p{N}])(?:", r")(?:$|[^\p{L}\p{N}])"),
            CueKind::MeasureIntro
            | CueKind::GoalSentence
            | CueKind::GoalIntro
            | CueKind::GoalDeferred
            | CueKind::ClauseJoin => ("(?:", ")"),
        }
    }
}

const CUES_TSV: &str = include_str!("../data/cues.tsv");

struct Cues {
    /// Indexed by `CueKind as usize`; None for a kind without cues.
    by_kind: Vec<Option<Regex>>,
}

static CUES: LazyLock<Cues> = LazyLock::new(|| {
    let mut patterns: Vec<(CueKind, Vec<String>)> = Vec::new();
    let mut header_seen = false;
    for line in CUES_TSV.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        let (kind, pattern) = line.split_once('\t').expect("cues.tsv: KIND<TAB>PATTERN");
        let kind = CueKind::from_name(kind.trim())
            .unwrap_or_else(|| panic!("cues.tsv: unknown kind {kind}"));
        match patterns.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, list)) => list.push(pattern.trim().to_string()),
            None => patterns.push((kind, vec![pattern.trim().to_string()])),
        }
    }
    let mut by_kind: Vec<Option<Regex>> = Vec::new();
    for (kind, list) in patterns {
        let (open, close) = kind.anchoring();
        let alternation = list.join("|");
        let re =
            Regex::new(&format!("(?i){open}{alternation}{close}")).expect("cues.tsv: valid regex");
        let at = kind as usize;
        if by_kind.len() <= at {
            by_kind.resize(at + 1, None);
        }
        by_kind[at] = Some(re);
    }
    Cues { by_kind }
});

fn regex(kind: CueKind) -> Option<&'static Regex> {
    CUES.by_kind.get(kind as usize)?.as_ref()
}

/// Text prepared for cue matching: emphasis markers, soft hyphens, a
/// trailing colon and surrounding whitespace removed, inner runs of
/// whitespace collapsed.
pub fn normalise_line(text: &str) -> String {
    prepare(text, false).into_owned()
}

/// [`normalise_line`], keeping a final colon when `keep_colon`; borrows
/// when there is nothing to change (most lines), since cue checks run on
/// every block.
fn prepare(text: &str, keep_colon: bool) -> Cow<'_, str> {
    let trimmed = if keep_colon {
        text.trim()
    } else {
        text.trim_matches(|c: char| c.is_whitespace())
            .trim_end_matches([':', ' '])
    };
    if !needs_cleaning(trimmed.as_bytes()) {
        return Cow::Borrowed(trimmed);
    }
    let cleaned: String = text
        .chars()
        .filter(|&c| c != '*' && c != '\u{ad}')
        .collect();
    let collapsed = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if keep_colon {
        Cow::Owned(collapsed)
    } else {
        Cow::Owned(collapsed.trim_end_matches([':', ' ']).to_string())
    }
}

/// Does the text hold an asterisk, a soft hyphen, a run of spaces or any
/// whitespace but a space? Vectorised byte searches: this runs on every
/// paragraph, several times.
fn needs_cleaning(bytes: &[u8]) -> bool {
    // (Below this length one pass over the bytes costs less than the
    // searches' set-up.)
    if bytes.len() < 64 {
        return needs_cleaning_scalar(bytes);
    }
    static DOUBLE_SPACE: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"  "));
    if memchr::memchr3(b'*', b'\t', b'\n', bytes).is_some()
        || memchr::memchr3(b'\r', 0x0b, 0x0c, bytes).is_some()
        || DOUBLE_SPACE.find(bytes).is_some()
    {
        return true;
    }
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    // Lead bytes of the other whitespace and the soft hyphen.
    memchr::memchr3_iter(0xc2, 0xe1, 0xe2, bytes).any(|i| match bytes[i] {
        // U+0085, U+00A0 (no-break space), U+00AD (soft hyphen).
        0xc2 => matches!(at(i + 1), 0x85 | 0xa0 | 0xad),
        // U+1680.
        0xe1 => at(i + 1) == 0x9a && at(i + 2) == 0x80,
        // U+2000..U+200A, U+2028, U+2029, U+202F, U+205F.
        _ => match at(i + 1) {
            0x80 => matches!(at(i + 2), 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf),
            0x81 => at(i + 2) == 0x9f,
            _ => false,
        },
    }) || memchr::memchr_iter(0xe3, bytes).any(|i| at(i + 1) == 0x80 && at(i + 2) == 0x80)
}

/// [`needs_cleaning`] in one pass over the bytes, for short texts.
fn needs_cleaning_scalar(bytes: &[u8]) -> bool {
    // Bytes that may start something to clean; most text has few of them.
    const SUSPECT: [bool; 256] = {
        let mut t = [false; 256];
        let mut k = 0;
        let list = [
            b'*', b'\t', b'\n', b'\r', 0x0b, 0x0c, b' ', 0xc2, 0xe1, 0xe2, 0xe3,
        ];
        while k < list.len() {
            t[list[k] as usize] = true;
            k += 1;
        }
        t
    };
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    bytes.iter().enumerate().any(|(i, &b)| {
        SUSPECT[b as usize]
            && match b {
                b' ' => at(i + 1) == b' ',
                // U+0085, U+00A0 (no-break space), U+00AD (soft hyphen).
                0xc2 => matches!(at(i + 1), 0x85 | 0xa0 | 0xad),
                // U+1680; U+2000..U+200A, U+2028, U+2029, U+202F, U+205F; U+3000.
                0xe1 => at(i + 1) == 0x9a && at(i + 2) == 0x80,
                0xe2 => match at(i + 1) {
                    0x80 => matches!(at(i + 2), 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf),
                    0x81 => at(i + 2) == 0x9f,
                    _ => false,
                },
                0xe3 => at(i + 1) == 0x80 && at(i + 2) == 0x80,
                _ => true,
            }
    })
}

/// A paragraph prepared once for several sentence cues (the kinds that
/// keep a final colon: measure intro, goal sentence, goal intro, goal
/// deferred): the semantics stage asks each paragraph several of them.
pub struct Sentence<'a>(Cow<'a, str>);

impl<'a> Sentence<'a> {
    pub fn new(text: &'a str) -> Sentence<'a> {
        Sentence(prepare(text, true))
    }

    /// Same as [`matches`] on the original text; `kind` must be a
    /// sentence cue.
    pub fn matches(&self, kind: CueKind) -> bool {
        debug_assert!(kind.keeps_colon(), "{kind:?} is not a sentence cue");
        regex(kind).is_some_and(|re| re.is_match(&self.0))
    }
}

/// A line prepared once for several of the cues that ignore a final colon
/// (labels, prefixes, clause joins): a heading candidate is asked several.
pub struct Line<'a>(Cow<'a, str>);

impl<'a> Line<'a> {
    pub fn new(text: &'a str) -> Line<'a> {
        Line(prepare(text, false))
    }

    /// The line prepared for `title`, the same text without its final
    /// colons and the spaces around them. Reused when the line needed no
    /// cleaning: then the colons and spaces at its end are what preparing
    /// drops anyway, and the title prepares to the same text.
    pub fn for_title<'t>(&self, title: &'t str) -> Line<'t>
    where
        'a: 't,
    {
        match &self.0 {
            Cow::Borrowed(prepared) => Line(Cow::Borrowed(prepared)),
            Cow::Owned(_) => Line::new(title),
        }
    }

    /// Same as [`matches`] on the original text; `kind` must not be a
    /// sentence cue.
    pub fn matches(&self, kind: CueKind) -> bool {
        debug_assert!(!kind.keeps_colon(), "{kind:?} is a sentence cue");
        regex(kind).is_some_and(|re| re.is_match(&self.0))
    }
}

impl CueKind {
    /// Sentence cues may depend on a final colon ("... følgende:").
    fn keeps_colon(self) -> bool {
        matches!(
            self,
            CueKind::MeasureIntro
                | CueKind::GoalSentence
                | CueKind::GoalIntro
                | CueKind::GoalDeferred
        )
    }
}

/// Does `text` match a cue of `kind`?
pub fn matches(kind: CueKind, text: &str) -> bool {
    regex(kind).is_some_and(|re| re.is_match(&prepare(text, kind.keeps_colon())))
}

/// [`matches`] for a word of letters, which preparing leaves as it is (it
/// has no space, colon, asterisk or soft hyphen): no preparing.
pub fn matches_word(kind: CueKind, word: &str) -> bool {
    debug_assert!(word.chars().all(char::is_alphabetic), "{word:?}");
    debug_assert!(matches!(prepare(word, kind.keeps_colon()), Cow::Borrowed(w) if w == word));
    regex(kind).is_some_and(|re| re.is_match(word))
}

/// Byte length of the cue of `kind` at the start of `text` (after normalising), if any.
pub fn prefix_len(kind: CueKind, normalised: &str) -> Option<usize> {
    regex(kind)
        .and_then(|re| re.find(normalised))
        .filter(|m| m.start() == 0)
        .map(|m| m.end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preparation() {
        assert_eq!(normalise_line("  **Mål for 2015:** "), "Mål for 2015");
        assert_eq!(normalise_line("Mål\u{a0}for  2015"), "Mål for 2015");
        assert_eq!(normalise_line("Indsatser:"), "Indsatser");
        assert_eq!(prepare("Følgende mål:  ", true), "Følgende mål:");
        assert!(matches!(
            prepare("Plain line – æøå", false),
            Cow::Borrowed(_)
        ));
        for dirty in [
            "a  b",
            "a\tb",
            "a\u{a0}b",
            "a\u{ad}b",
            "a\u{2009}b",
            "a\u{3000}b",
            "*a*",
        ] {
            assert!(needs_cleaning(dirty.as_bytes()), "{dirty:?}");
        }
        for clean in ["a b", "æøå – ’ ” é", "a\u{3001}b", "x\u{2010}y", ""] {
            assert!(!needs_cleaning(clean.as_bytes()), "{clean:?}");
        }
        // Every whitespace char but the space needs cleaning; so do runs of spaces.
        let long = "Ledigheden i kommunen – ”målt” på årsbasis – er faldet ".repeat(3);
        for c in (0..=0x3000u32).filter_map(char::from_u32) {
            let expected = (c.is_whitespace() && c != ' ') || c == '*' || c == '\u{ad}';
            for s in [format!("a{c}b"), format!("{long}a{c}b{long}")] {
                assert_eq!(needs_cleaning(s.as_bytes()), expected, "{c:?}");
            }
        }
        assert!(needs_cleaning(format!("{long}a  b").as_bytes()));
        assert!(!needs_cleaning(long.as_bytes()));
    }

    #[test]
    fn a_title_prepares_like_its_line() {
        for line in [
            "Mål:",
            "Mål :",
            "Mål: :",
            " Mål ::  ",
            "Mål:\u{a0}",
            "Mål\u{a0}:",
            "**Mål**:",
            "Mål  for 2015:",
            "Indsatser",
            ":",
        ] {
            let title = line.trim().trim_end_matches(':').trim();
            assert_eq!(
                Line::new(line.trim()).for_title(title).0,
                prepare(title, false),
                "{line:?}"
            );
        }
    }

    #[test]
    fn labels_and_prefixes() {
        assert!(matches(CueKind::GoalLabel, "Mål for 2015"));
        assert!(matches(CueKind::GoalLabel, "**Succeskriterier**"));
        assert!(matches(CueKind::GoalLabel, "Kvalitative:"));
        assert!(!matches(
            CueKind::GoalLabel,
            "Mål og midler i indsatsen for unge"
        ));
        assert!(matches(CueKind::MeasureLabel, "Indsatser"));
        assert!(matches(
            CueKind::CaptionPrefix,
            "Figur 2: Udviklingen i antal ledige"
        ));
        assert!(matches(
            CueKind::CaptionPrefix,
            "Boks 1. Et styrket samarbejde"
        ));
        assert!(!matches(CueKind::CaptionPrefix, "Tabellen viser"));
        assert!(matches(CueKind::SourcePrefix, "Kilde: Jobindsats.dk"));
        assert!(matches(CueKind::TocTitle, "INDHOLD"));
        assert!(matches(CueKind::DraftMarker, "UDKAST"));
        assert!(matches(
            CueKind::GoalSentence,
            "For 2014 er der opstillet et mål om at samarbejdsgraden skal være 35 %."
        ));
        assert!(!matches(
            CueKind::GoalSentence,
            "Formålet er at gøre rekruttering let."
        ));
        assert!(matches(CueKind::Closing, "Med venlig hilsen"));
        assert!(matches(CueKind::Closing, "Venlig hilsen,"));
        assert!(!matches(CueKind::Closing, "Hilsener og kontakt"));
        assert!(matches(
            CueKind::ClauseJoin,
            "Ledigheden er lav, men mange mangler"
        ));
        assert!(!matches(CueKind::ClauseJoin, "Unge, voksne og flygtninge"));
    }
}
