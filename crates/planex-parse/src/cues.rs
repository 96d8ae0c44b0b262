//! The domain vocabulary in `data/cues.tsv`, compiled once.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::{LazyLock, OnceLock};

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::pool::Pool;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::{meta, Input, MatchKind, Span};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Literal, Look, Repetition};

use planex_normalise::{compile_nfa, fold_negated};

use crate::text;

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
    GoalAim,
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
            "goal_aim" => CueKind::GoalAim,
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
            | CueKind::GoalAim
            | CueKind::GoalIntro
            | CueKind::GoalDeferred
            | CueKind::ClauseJoin => ("(?:", ")"),
        }
    }
}

const CUES_TSV: &str = include_str!("../data/cues.tsv");

/// A cue regex that is only asked whether it matches. A forward lazy DFA
/// answers that: compiling the `regex` crate's full engine (reverse
/// automata, captures, prefilter analysis) made most of a process's
/// start-up. The full engine is built only if the DFA cannot answer (a
/// Unicode `\b`, or a DFA that gives up), and for [`prefix_len`].
pub struct CueRegex {
    /// Literals of which every match contains one (see [`required`]): a
    /// text without any cannot match. None for a regex anchored at the
    /// start, where the DFA fails fast anyway, or without such literals.
    /// With the most bytes a match may run before the literal's start, if
    /// bounded: no match starts further than that before the first one.
    required: Option<(Prefilter, Option<usize>)>,
    /// The most bytes a match may hold, if bounded (and `required` has a
    /// bounded lead): a match then lies within a window around one of the
    /// literals, and only the windows are searched (a paragraph may hold a
    /// common literal, "mål", several times and match nowhere).
    max_len: Option<usize>,
    /// For a regex anchored at the start, the bytes a match may start with
    /// (most lines asked a whole-line cue start with another), if known.
    first_bytes: Option<Box<[bool; 256]>>,
    dfa: Option<(DFA, Pool<Cache, CacheFn>)>,
    hir: Hir,
    full: OnceLock<meta::Regex>,
}

type CacheFn = Box<dyn Fn() -> Cache + Send + Sync>;

fn parse(pattern: &str) -> Hir {
    parse_sharing_edges(pattern).unwrap_or_else(|| parse_directly(pattern))
}

fn parse_directly(pattern: &str) -> Hir {
    regex_syntax::Parser::new()
        .parse(pattern)
        .unwrap_or_else(|e| panic!("invalid cue regex {pattern:?}: {e}"))
}

/// The word edge as the data writes it (see the header of `cues.tsv`).
const EDGE: &str = r"[^\p{L}\p{N}]";

/// The name of the capture group that stands for the `k`-th [`EDGE`] while
/// a pattern is translated.
const EDGE_MARK: &str = "planex_edge_";

/// [`EDGE`] translated case-sensitively and case-insensitively, once: case
/// folding the large class cost more than the rest of a cue's pattern
/// (about 1.5M instructions each time, six times a process).
static EDGE_UNFOLDED: LazyLock<Hir> = LazyLock::new(|| parse_directly(EDGE));
static EDGE_FOLDED: LazyLock<Hir> = LazyLock::new(|| match EDGE_UNFOLDED.kind() {
    HirKind::Class(Class::Unicode(edge)) => Hir::class(Class::Unicode(fold_negated(edge))),
    _ => unreachable!("{EDGE} is a Unicode class"),
});

/// The translation of `pattern` (the very `Hir` that [`parse_directly`]
/// gives), with each [`EDGE`] in it put in from [`EDGE_FOLDED`] or
/// [`EDGE_UNFOLDED`] instead of translated again: the pattern is
/// translated with each edge replaced by a capture group of the letter
/// `k`, named after the edge, whose translation shows whether it stood
/// under `(?i)`; the groups are then replaced by the edge class (and the
/// pattern's own groups numbered as without them). None when that cannot
/// be done (an edge inside a class, after a backslash or under other
/// flags, or no edge at all): then the pattern is translated as it is.
fn parse_sharing_edges(pattern: &str) -> Option<Hir> {
    if !pattern.contains(EDGE) {
        return None;
    }
    let mut marked = String::with_capacity(pattern.len() + 16);
    let mut edges = 0;
    for (k, piece) in pattern.split(EDGE).enumerate() {
        if k > 0 {
            marked.push_str(&format!("(?P<{EDGE_MARK}{}>k)", k - 1));
            edges += 1;
        }
        marked.push_str(piece);
    }
    let hir = regex_syntax::Parser::new().parse(&marked).ok()?;
    // The capture indices of the marks, in the order of the edges: each
    // edge must have become its group (not so inside a class, say).
    let mut marks = vec![None; edges];
    find_marks(&hir, &mut marks)?;
    let marks: Vec<u32> = marks.into_iter().collect::<Option<_>>()?;
    put_edges(&hir, &marks)
}

/// Fills `marks[k]` with the capture index of the group named for the
/// `k`-th edge; None if a name is found twice or out of range.
fn find_marks(hir: &Hir, marks: &mut [Option<u32>]) -> Option<()> {
    match hir.kind() {
        HirKind::Capture(capture) => {
            if let Some(k) = capture
                .name
                .as_deref()
                .and_then(|n| n.strip_prefix(EDGE_MARK))
            {
                let slot = marks.get_mut(k.parse::<usize>().ok()?)?;
                if slot.replace(capture.index).is_some() {
                    return None;
                }
            }
            find_marks(&capture.sub, marks)
        }
        HirKind::Repetition(repetition) => find_marks(&repetition.sub, marks),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().try_for_each(|sub| find_marks(sub, marks))
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => Some(()),
    }
}

/// `hir` with the groups of capture indices `marks` replaced by the edge
/// class, rebuilt by the same constructors the translator uses (so that
/// an edge merges into a class or a common prefix as it would have), and
/// its other groups renumbered as if the marks were not there.
fn put_edges(hir: &Hir, marks: &[u32]) -> Option<Hir> {
    static FOLDED_K: LazyLock<Hir> = LazyLock::new(|| parse_directly("(?i)k"));
    let put_all = |subs: &[Hir]| -> Option<Vec<Hir>> {
        subs.iter().map(|sub| put_edges(sub, marks)).collect()
    };
    Some(match hir.kind() {
        HirKind::Capture(capture) if marks.contains(&capture.index) => {
            if *capture.sub == *FOLDED_K {
                EDGE_FOLDED.clone()
            } else if *capture.sub == Hir::literal(*b"k") {
                EDGE_UNFOLDED.clone()
            } else {
                // Other flags (no Unicode, say).
                return None;
            }
        }
        HirKind::Capture(capture) => {
            let before = marks.iter().filter(|&&m| m < capture.index).count() as u32;
            Hir::capture(Capture {
                index: capture.index - before,
                name: capture.name.clone(),
                sub: Box::new(put_edges(&capture.sub, marks)?),
            })
        }
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(put_edges(&repetition.sub, marks)?),
            ..*repetition
        }),
        HirKind::Concat(subs) => Hir::concat(put_all(subs)?),
        HirKind::Alternation(subs) => Hir::alternation(put_all(subs)?),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => hir.clone(),
    })
}

impl CueRegex {
    /// `pattern` in the `regex` crate's syntax and default options.
    pub fn new(pattern: &str) -> CueRegex {
        CueRegex::build(parse(pattern), false)
    }

    /// [`CueRegex::new`] for a regex asked of long texts (paragraphs):
    /// behind a search for literals that every match contains, when there
    /// are such. Working them out costs more at start-up than it saves on
    /// short texts.
    pub fn with_prefilter(pattern: &str) -> CueRegex {
        CueRegex::build(parse(pattern), true)
    }

    /// A regex already translated (the caller may share parts between
    /// regexes, e.g. a large Unicode class).
    pub fn from_hir(hir: Hir) -> CueRegex {
        CueRegex::build(hir, false)
    }

    fn build(hir: Hir, prefilter: bool) -> CueRegex {
        let dfa = compile_nfa(std::slice::from_ref(&hir), WhichCaptures::None, false)
            .and_then(|nfa| DFA::builder().build_from_nfa(nfa).ok())
            .map(|dfa| {
                let for_pool = dfa.clone();
                let create: CacheFn = Box::new(move || for_pool.create_cache());
                (dfa, Pool::new(create))
            });
        let anchored = hir.properties().look_set_prefix().contains(Look::Start);
        let required = if anchored || !prefilter {
            None
        } else {
            required(&hir, MAX_REQUIRED)
        }
        // Shorter literals (a space, a comma) are in most texts.
        .filter(|(needles, _)| needles.iter().all(|n| n.len() >= 3))
        .and_then(|(needles, lead)| {
            Prefilter::new(MatchKind::LeftmostFirst, &needles).map(|p| (p, lead))
        });
        let first_bytes = anchored.then(|| first_bytes(&hir)).flatten();
        let max_len = hir.properties().maximum_len();
        CueRegex {
            required,
            max_len,
            first_bytes,
            dfa,
            hir,
            full: OnceLock::new(),
        }
    }

    /// Is there a match anywhere in `text`?
    pub fn is_match(&self, text: &str) -> bool {
        if let Some(first) = &self.first_bytes {
            if !text.as_bytes().first().is_some_and(|&b| first[b as usize]) {
                return false;
            }
        }
        // Where a match may start: the DFA need not read the text before.
        // (It still sees the byte before, for the look-behind of `^`.)
        let mut start = 0;
        if let Some((required, lead)) = &self.required {
            let Some(first) = required.find(text.as_bytes(), Span::from(0..text.len())) else {
                return false;
            };
            if let Some(lead) = lead {
                start = first.start.saturating_sub(*lead);
                // Windows only where the text runs on well past the first
                // one: on a shorter text one search from `start` costs less
                // than finding each literal.
                if let Some(max_len) = self
                    .max_len
                    .filter(|&max_len| text.len() - start > 2 * (lead + max_len))
                {
                    if let Some(found) =
                        self.is_match_near(text, required, first.start, *lead, max_len)
                    {
                        return found;
                    }
                }
            }
        }
        if let Some((dfa, pool)) = &self.dfa {
            let mut cache = pool.get();
            let input = Input::new(text).range(start..).earliest(true);
            if let Ok(found) = dfa.try_search_fwd(&mut cache, &input) {
                return found.is_some();
            }
        }
        self.full().is_match(text)
    }

    /// Can a text that starts with `byte` match (None: an empty text)?
    /// False only for a regex anchored at the start whose matches all
    /// start with other bytes, as [`CueRegex::is_match`] first tests.
    fn may_start_with(&self, byte: Option<u8>) -> bool {
        self.first_bytes
            .as_ref()
            .is_none_or(|first| byte.is_some_and(|b| first[b as usize]))
    }

    /// [`CueRegex::is_match`] for a regex whose matches hold one of the
    /// `required` literals at most `lead` bytes in and are at most
    /// `max_len` bytes long: a match holding the literal found at byte `at`
    /// lies within `at - lead .. at + max_len`, so the DFA searches those
    /// windows, one for each place a literal starts (from `first` on).
    /// None if the DFA cannot answer.
    fn is_match_near(
        &self,
        text: &str,
        required: &Prefilter,
        first: usize,
        lead: usize,
        max_len: usize,
    ) -> Option<bool> {
        let (dfa, pool) = self.dfa.as_ref()?;
        let mut cache = pool.get();
        let mut at = first;
        loop {
            let window = at.saturating_sub(lead)..text.len().min(at + max_len);
            // (The DFA still sees the bytes around the window, for `^`
            // and `$`.)
            let input = Input::new(text).range(window).earliest(true);
            if dfa.try_search_fwd(&mut cache, &input).ok()?.is_some() {
                return Some(true);
            }
            let Some(next) = required.find(text.as_bytes(), Span::from(at + 1..text.len())) else {
                return Some(false);
            };
            at = next.start;
        }
    }

    fn full(&self) -> &meta::Regex {
        self.full.get_or_init(|| {
            meta::Regex::builder()
                .build_from_hir(&self.hir)
                .expect("valid cue regex")
        })
    }
}

/// The bytes that every match of `hir` starts with one of: None if a match
/// may be empty or the set is not known (too many prefixes).
fn first_bytes(hir: &Hir) -> Option<Box<[bool; 256]>> {
    let prefixes = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_literal_len(1)
        .extract(hir);
    let mut table = Box::new([false; 256]);
    for literal in prefixes.literals()? {
        table[*literal.as_bytes().first()? as usize] = true;
    }
    Some(table)
}

/// At most this many literals in the set from [`required`] (Teddy's limit):
/// a larger budget lets each alternative of a cue spell a longer, rarer
/// literal in all its case variants (measured: 32 cost more).
const MAX_REQUIRED: usize = 64;

/// A set of at most `budget` literals of which every match of `hir`
/// contains one, or None if there is none (an alternative without
/// literals, too many case variants). The regex crate finds no such
/// prefilter for the cues, whose case-insensitive words follow a large
/// Unicode class. With the set, the most bytes by which a literal of it
/// starts after the start of a match (None if unbounded): every match
/// holds one of the literals at most that far in.
fn required(hir: &Hir, budget: usize) -> Option<(Vec<Vec<u8>>, Option<usize>)> {
    match hir.kind() {
        HirKind::Literal(Literal(bytes)) => Some((vec![bytes.to_vec()], Some(0))),
        HirKind::Class(_) => spellings(hir, budget).map(|set| (set, Some(0))),
        HirKind::Capture(capture) => required(&capture.sub, budget),
        // (The first repetition holds a literal.)
        HirKind::Repetition(repetition) if repetition.min > 0 => required(&repetition.sub, budget),
        HirKind::Alternation(alternatives) => {
            // An equal share of the budget each.
            let share = budget / alternatives.len();
            let mut union = Vec::new();
            let mut lead = Some(0);
            for alternative in alternatives {
                let (set, alternative_lead) = required(alternative, share)?;
                // A literal dropped from the union by `minimal` holds a kept
                // one, which starts at most its length further in.
                let longest = set.iter().map(Vec::len).max().unwrap_or(0);
                lead = lead.zip(alternative_lead).map(|(a, b)| a.max(b + longest));
                union.extend(set);
            }
            Some((minimal(union), lead))
        }
        HirKind::Concat(items) => {
            // The best of: each item's own set, and the literals spelled by
            // each run of literals and small classes.
            let mut best: Option<(Vec<Vec<u8>>, Option<usize>)> = None;
            let mut consider = |set: &[Vec<u8>], lead: Option<usize>| {
                if best.as_ref().is_none_or(|(b, _)| score(set) > score(b)) {
                    best = Some((set.to_vec(), lead));
                }
            };
            // The most bytes the items before each one may take.
            let before: Vec<Option<usize>> = std::iter::once(Some(0))
                .chain(items.iter().scan(Some(0), |sum: &mut Option<usize>, item| {
                    *sum = sum.zip(item.properties().maximum_len()).map(|(a, b)| a + b);
                    Some(*sum)
                }))
                .collect();
            let spellings: Vec<_> = items.iter().map(|item| spellings(item, budget)).collect();
            for (i, item) in items.iter().enumerate() {
                if spellings[i].is_none() {
                    if let Some((set, lead)) = required(item, budget) {
                        consider(&set, before[i].zip(lead).map(|(a, b)| a + b));
                    }
                }
                let mut strings: Vec<Vec<u8>> = vec![Vec::new()];
                for pieces in &spellings[i..] {
                    let Some(pieces) = pieces else { break };
                    if strings.len() * pieces.len() > budget {
                        break;
                    }
                    strings = strings
                        .iter()
                        .flat_map(|s| pieces.iter().map(move |p| [s.as_slice(), p].concat()))
                        .collect();
                    consider(&strings, before[i]);
                }
            }
            best
        }
        _ => None,
    }
}

/// Bytes from which on a longer literal is hardly rarer.
const SELECTIVE: usize = 5;

/// `set` without the literals that contain another: a text holding one of
/// those holds the other too.
fn minimal(mut set: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    set.sort_by_key(Vec::len);
    set.dedup();
    let mut kept: Vec<Vec<u8>> = Vec::new();
    for literal in set {
        if !kept
            .iter()
            .any(|k| literal.windows(k.len()).any(|w| w == k.as_slice()))
        {
            kept.push(literal);
        }
    }
    kept
}

/// The strings `item` spells, if it is a literal or a class of at most
/// `budget` chars.
fn spellings(item: &Hir, budget: usize) -> Option<Vec<Vec<u8>>> {
    let mut pieces = Vec::new();
    match item.kind() {
        HirKind::Literal(Literal(bytes)) => pieces.push(bytes.to_vec()),
        HirKind::Class(Class::Unicode(class)) => {
            for range in class.ranges() {
                for c in range.start()..=range.end() {
                    if pieces.len() == budget {
                        return None;
                    }
                    pieces.push(c.to_string().into_bytes());
                }
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            for range in class.ranges() {
                for b in range.start()..=range.end() {
                    if pieces.len() == budget {
                        return None;
                    }
                    pieces.push(vec![b]);
                }
            }
        }
        _ => return None,
    }
    Some(pieces)
}

/// Literals that each hold a non-ASCII char first (æ, ø, å are rarer in
/// text than any ASCII word), then longer ones (up to a point), then fewer
/// of them (a faster search).
fn score(set: &[Vec<u8>]) -> (bool, usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
    let rare = set.iter().all(|l| !l.is_ascii());
    (rare, shortest.min(SELECTIVE), std::cmp::Reverse(set.len()))
}

/// Each kind's pattern, compiled on first use: a run asks only some kinds.
struct Cues {
    /// Indexed by `CueKind as usize`; None for a kind without cues.
    by_kind: Vec<Option<(String, OnceLock<CueRegex>)>>,
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
    let mut by_kind: Vec<Option<(String, OnceLock<CueRegex>)>> = Vec::new();
    for (kind, list) in patterns {
        let (open, close) = kind.anchoring();
        let alternation = list.join("|");
        let at = kind as usize;
        if by_kind.len() <= at {
            by_kind.resize_with(at + 1, || None);
        }
        by_kind[at] = Some((format!("(?i){open}{alternation}{close}"), OnceLock::new()));
    }
    Cues { by_kind }
});

fn regex(kind: CueKind) -> Option<&'static CueRegex> {
    let (pattern, re) = CUES.by_kind.get(kind as usize)?.as_ref()?;
    Some(re.get_or_init(|| {
        if kind.keeps_colon() {
            CueRegex::with_prefilter(pattern)
        } else {
            CueRegex::new(pattern)
        }
    }))
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
        text::trim(text)
    } else {
        text::trim(text).trim_end_matches([':', ' '])
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

/// The first byte of `text` that [`prepare`] may keep first: that of the
/// first char that is neither whitespace, an asterisk nor a soft hyphen
/// (preparing drops those, and only those, before it). None if there is
/// none: the prepared text is empty. Preparing drops that char too only
/// with all after it (colons and spaces alone), leaving an empty text. So a
/// cue anchored at the start is tested on its first byte without preparing
/// the text (most lines asked such a cue fail there).
fn first_kept_byte(text: &str) -> Option<u8> {
    // (Most texts open with printable ASCII but '*': that is their byte.)
    if let Some(&first) = text.as_bytes().first() {
        if first.is_ascii_graphic() && first != b'*' {
            return Some(first);
        }
    }
    text.char_indices()
        .find(|&(_, c)| !(c.is_whitespace() || c == '*' || c == '\u{ad}'))
        .map(|(at, _)| text.as_bytes()[at])
}

/// Does the text hold an asterisk, a soft hyphen, a run of spaces or any
/// whitespace but a space? This runs on every paragraph, several times.
fn needs_cleaning(bytes: &[u8]) -> bool {
    #[cfg(target_arch = "x86_64")]
    if bytes.len() >= 32 && std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2 (just detected).
        return unsafe { avx2::needs_cleaning(bytes) };
    }
    // (Below this length one pass over the bytes costs less than the
    // searches' set-up.)
    if bytes.len() < 64 {
        return needs_cleaning_scalar(bytes);
    }
    needs_cleaning_memchr(bytes)
}

/// [`needs_cleaning`] by vectorised searches for each kind of byte in
/// turn, where there is no AVX2.
fn needs_cleaning_memchr(bytes: &[u8]) -> bool {
    static DOUBLE_SPACE: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"  "));
    if memchr::memchr3(b'*', b'\t', b'\n', bytes).is_some()
        || memchr::memchr3(b'\r', 0x0b, 0x0c, bytes).is_some()
        || DOUBLE_SPACE.find(bytes).is_some()
    {
        return true;
    }
    // Lead bytes of the other whitespace and the soft hyphen.
    memchr::memchr3_iter(0xc2, 0xe1, 0xe2, bytes).any(|i| cleans_at(bytes, i))
        || memchr::memchr_iter(0xe3, bytes).any(|i| cleans_at(bytes, i))
}

/// Does the char at byte `i` need cleaning (the first of two spaces, an
/// asterisk, whitespace but a space, a soft hyphen)?
fn cleans_at(bytes: &[u8], i: usize) -> bool {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    match bytes[i] {
        b'*' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => true,
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
        _ => false,
    }
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
    (0..bytes.len()).any(|i| SUSPECT[bytes[i] as usize] && cleans_at(bytes, i))
}

/// One pass of 32 bytes at a time instead of the five searches of
/// [`needs_cleaning_memchr`]: a paragraph is read once.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    /// The bytes at `start..start + 32` that may start something to clean
    /// (a superset: an asterisk, any byte up to CR, and the lead bytes C2
    /// and E0..E3; each found is looked at as the scalar test does), and
    /// the spaces, as bit masks.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn masks(bytes: &[u8], start: usize) -> (u32, u32) {
        assert!(start + 32 <= bytes.len());
        let splat = |b: u8| _mm256_set1_epi8(b as i8);
        // SAFETY: `start + 32 <= bytes.len()` (asserted); an unaligned load.
        let v = unsafe { _mm256_loadu_si256(bytes.as_ptr().add(start).cast()) };
        let suspect = _mm256_or_si256(
            _mm256_or_si256(
                _mm256_cmpeq_epi8(v, splat(b'*')),
                _mm256_cmpeq_epi8(_mm256_min_epu8(v, splat(0x0d)), v),
            ),
            _mm256_or_si256(
                _mm256_cmpeq_epi8(v, splat(0xc2)),
                _mm256_cmpeq_epi8(_mm256_and_si256(v, splat(0xfc)), splat(0xe0)),
            ),
        );
        let spaces = _mm256_cmpeq_epi8(v, splat(b' '));
        (
            _mm256_movemask_epi8(suspect) as u32,
            _mm256_movemask_epi8(spaces) as u32,
        )
    }

    /// Does a suspect byte (a bit of `suspects`, for the bytes from
    /// `start`) start something to clean?
    fn any_cleans(bytes: &[u8], start: usize, mut suspects: u64) -> bool {
        while suspects != 0 {
            if super::cleans_at(bytes, start + suspects.trailing_zeros() as usize) {
                return true;
            }
            suspects &= suspects - 1;
        }
        false
    }

    /// [`super::needs_cleaning`] of at least 32 bytes: 64 bytes a step
    /// (one test of both halves' masks), then the last 32.
    #[target_feature(enable = "avx2")]
    pub(super) fn needs_cleaning(bytes: &[u8]) -> bool {
        debug_assert!(bytes.len() >= 32);
        // The top bit of the previous step's space mask: a space that a
        // space opening this step doubles.
        let mut space_before = 0u64;
        let mut start = 0;
        while start + 64 <= bytes.len() {
            let (suspects_low, spaces_low) = masks(bytes, start);
            let (suspects_high, spaces_high) = masks(bytes, start + 32);
            let spaces = u64::from(spaces_low) | u64::from(spaces_high) << 32;
            if spaces & (spaces >> 1 | space_before) != 0 {
                return true;
            }
            let suspects = u64::from(suspects_low) | u64::from(suspects_high) << 32;
            if any_cleans(bytes, start, suspects) {
                return true;
            }
            space_before = spaces >> 63;
            start += 64;
        }
        if start == bytes.len() {
            return false;
        }
        // The rest in at most two chunks of 32; the last ends with the
        // text, overlapping the one before (then the pair across its start
        // lies within it: no carry).
        loop {
            if start + 32 > bytes.len() {
                start = bytes.len() - 32;
                space_before = 0;
            }
            let (suspects, spaces) = masks(bytes, start);
            let spaces = u64::from(spaces);
            if spaces & (spaces >> 1 | space_before) != 0 {
                return true;
            }
            if any_cleans(bytes, start, u64::from(suspects)) {
                return true;
            }
            if start + 32 == bytes.len() {
                return false;
            }
            space_before = spaces >> 31;
            start += 32;
        }
    }
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
/// Prepared when first needed: a cue anchored at the start is first tested
/// on the line's [`first_kept_byte`].
pub struct Line<'a> {
    text: &'a str,
    prepared: OnceCell<Cow<'a, str>>,
}

impl<'a> Line<'a> {
    pub fn new(text: &'a str) -> Line<'a> {
        Line {
            text,
            prepared: OnceCell::new(),
        }
    }

    fn prepared(&self) -> &str {
        self.prepared.get_or_init(|| prepare(self.text, false))
    }

    /// The line prepared for `title`, the same text without its final
    /// colons and the spaces around them. Reused when the line needed no
    /// cleaning: then the colons and spaces at its end are what preparing
    /// drops anyway, and the title prepares to the same text.
    pub fn for_title<'t>(&self, title: &'t str) -> Line<'t>
    where
        'a: 't,
    {
        match self.prepared.get() {
            Some(Cow::Borrowed(prepared)) => Line {
                text: title,
                prepared: OnceCell::from(Cow::Borrowed(*prepared)),
            },
            _ => Line::new(title),
        }
    }

    /// Same as [`matches`] on the original text; `kind` must not be a
    /// sentence cue.
    pub fn matches(&self, kind: CueKind) -> bool {
        debug_assert!(!kind.keeps_colon(), "{kind:?} is a sentence cue");
        regex(kind).is_some_and(|re| match self.prepared.get() {
            Some(prepared) => re.is_match(prepared),
            None => re.may_start_with(first_kept_byte(self.text)) && re.is_match(self.prepared()),
        })
    }
}

impl CueKind {
    /// Sentence cues may depend on a final colon ("... følgende:").
    fn keeps_colon(self) -> bool {
        matches!(
            self,
            CueKind::MeasureIntro
                | CueKind::GoalSentence
                | CueKind::GoalAim
                | CueKind::GoalIntro
                | CueKind::GoalDeferred
        )
    }
}

/// Does `text` match a cue of `kind`?
pub fn matches(kind: CueKind, text: &str) -> bool {
    regex(kind).is_some_and(|re| {
        re.may_start_with(first_kept_byte(text)) && re.is_match(&prepare(text, kind.keeps_colon()))
    })
}

/// [`matches`] for a word of letters, which preparing leaves as it is (it
/// has no space, colon, asterisk or soft hyphen): no preparing.
pub fn matches_word(kind: CueKind, word: &str) -> bool {
    debug_assert!(word.chars().all(char::is_alphabetic), "{word:?}");
    debug_assert!(matches!(prepare(word, kind.keeps_colon()), Cow::Borrowed(w) if w == word));
    regex(kind).is_some_and(|re| re.is_match(word))
}

/// Can a word that starts with `byte` match a cue of `kind`? False only
/// for a cue anchored at the start whose matches all start with other
/// bytes: a cheap first test before a word is cut out and matched.
pub fn may_start_with(kind: CueKind, byte: u8) -> bool {
    regex(kind).is_none_or(|re| {
        re.first_bytes
            .as_ref()
            .is_none_or(|first| first[byte as usize])
    })
}

/// Byte length of the cue of `kind` at the start of `text` (after normalising), if any.
pub fn prefix_len(kind: CueKind, normalised: &str) -> Option<usize> {
    regex(kind)
        .and_then(|re| re.full().find(normalised))
        .filter(|m| m.start() == 0)
        .map(|m| m.end())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`first_kept_byte`] as its definition reads it (the byte of the
    /// first char that is neither whitespace, an asterisk nor a soft
    /// hyphen), over corpus lines and seeded random texts opening with
    /// such chars, controls and chars beyond ASCII.
    #[test]
    fn first_kept_byte_as_defined() {
        fn by_definition(text: &str) -> Option<u8> {
            let kept = text
                .chars()
                .find(|&c| !(c.is_whitespace() || c == '*' || c == '\u{ad}'))?;
            let mut utf8 = [0u8; 4];
            Some(kept.encode_utf8(&mut utf8).as_bytes()[0])
        }
        let mut texts: Vec<String> = Vec::new();
        for text in planex_testkit::corpus_texts() {
            texts.extend(text.lines().map(str::to_string));
        }
        texts.extend(planex_testkit::RandomText::new(67).char_texts(
            "a *\t\u{ad}\u{a0}\u{1c}\u{7f}æ(:",
            50_000,
            4,
        ));
        let mut ascii_first = 0;
        for t in &texts {
            assert_eq!(first_kept_byte(t), by_definition(t), "{t:?}");
            ascii_first += usize::from(t.as_bytes().first().is_some_and(u8::is_ascii_graphic));
        }
        assert!(
            ascii_first > 10_000 && ascii_first < texts.len() - 10_000,
            "{ascii_first}"
        );
    }

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

    /// What [`needs_cleaning`] answers, by its definition.
    fn needs_cleaning_oracle(text: &str) -> bool {
        text.contains("  ")
            || text
                .chars()
                .any(|c| c == '*' || c == '\u{ad}' || (c.is_whitespace() && c != ' '))
    }

    fn same_cleaning(text: &str) {
        let expected = needs_cleaning_oracle(text);
        let bytes = text.as_bytes();
        assert_eq!(needs_cleaning(bytes), expected, "{text:?}");
        assert_eq!(needs_cleaning_scalar(bytes), expected, "{text:?}");
        assert_eq!(needs_cleaning_memchr(bytes), expected, "{text:?}");
    }

    #[test]
    fn needs_cleaning_on_corpus_texts() {
        for text in planex_testkit::corpus_texts() {
            let lines: Vec<&str> = text.lines().collect();
            for (k, line) in lines.iter().enumerate() {
                same_cleaning(line);
                same_cleaning(line.trim());
                // Paragraphs of a few lines, as joined and as written.
                let end = (k + 4).min(lines.len());
                same_cleaning(&lines[k..end].join(" "));
                same_cleaning(&lines[k..end].join("\n"));
            }
        }
    }

    #[test]
    fn needs_cleaning_on_random_texts() {
        let alphabet: Vec<char> = "aaaaeeeæøå  ..,*\t\n\r\u{b}\u{c}\u{0}\u{8}\u{e}\u{a0}\u{ad}\u{85}\u{a7}\u{c2}\u{e0}\u{2009}\u{200b}\u{2013}\u{201d}\u{2028}\u{202f}\u{205f}\u{2060}\u{1680}\u{1681}\u{3000}\u{3001}"
            .chars()
            .collect();
        let plain: Vec<char> = "abcdefghæøå .,–”".chars().collect();
        let mut random = planex_testkit::RandomText::new(11);
        for _ in 0..100_000 {
            // Mostly clean text with a rare char somewhere, at every
            // position relative to the 32-byte chunks.
            let mut text = random.chars(&plain, 160);
            if random.below(2) == 0 {
                let mut chars: Vec<char> = text.chars().collect();
                let at = random.below(chars.len() + 1);
                chars.insert(at, alphabet[random.below(alphabet.len())]);
                text = chars.into_iter().collect();
            }
            same_cleaning(&text);
            same_cleaning(&random.chars(&alphabet, 120));
        }
        let long = "Ledigheden i kommunen – ”målt” på årsbasis – er faldet ".repeat(4);
        for at in 0..long.len() {
            if long.is_char_boundary(at) {
                for rare in ["  ", "*", "\u{a0}", "\u{3000}", "\t"] {
                    same_cleaning(&format!("{}{rare}{}", &long[..at], &long[at..]));
                }
                same_cleaning(&long[..at]);
                same_cleaning(&long[at..]);
            }
        }
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
            let line_cues = Line::new(line.trim());
            // Before the line is prepared and after (then reused).
            assert_eq!(
                line_cues.for_title(title).prepared(),
                prepare(title, false),
                "{line:?}"
            );
            line_cues.prepared();
            assert_eq!(
                line_cues.for_title(title).prepared(),
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

    /// Corpus lines and paragraphs (lines joined up to a blank line).
    fn corpus_texts() -> Vec<String> {
        let mut texts = Vec::new();
        for text in planex_testkit::corpus_texts() {
            let mut paragraph = String::new();
            for line in text.lines() {
                texts.push(line.to_string());
                if line.trim().is_empty() {
                    texts.push(std::mem::take(&mut paragraph));
                } else {
                    paragraph.push_str(line);
                    paragraph.push(' ');
                }
            }
            texts.push(paragraph);
        }
        texts
    }

    /// Seeded random texts of the cue words (from the data file) in mixed
    /// case, Danish letters, Unicode case variants (Kelvin sign, long s,
    /// Ångström sign, the combining iota that folds to a letter) and
    /// punctuation and digits at the word edges.
    fn random_texts(data: &str, seed: u64, count: usize) -> Vec<String> {
        let mut words: Vec<String> = data
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.len() > 1)
            .map(str::to_string)
            .collect();
        words.sort();
        words.dedup();
        let extras = [
            " ", " ", " ", "  ", ",", ":", ".", "-", "–", "(", "1", "2015", "æ", "Ø", "å", "Å",
            "\u{212b}", "\u{212a}", "ſ", "é", "ß", "\u{345}", "ι", "\u{a0}", "\n", "x",
        ];
        let mut random = planex_testkit::RandomText::new(seed);
        (0..count)
            .map(|_| {
                // A third are phrases of words alone, as whole-line cues are.
                let phrase = random.below(3) == 0;
                let n = random.below(if phrase { 4 } else { 8 });
                let mut text = String::new();
                for i in 0..n {
                    if phrase && i > 0 {
                        text.push(' ');
                    }
                    if phrase || random.below(2) == 0 {
                        let word = &words[random.below(words.len())];
                        match random.below(4) {
                            0 => text.push_str(word),
                            1 => text.push_str(&word.to_uppercase()),
                            2 => {
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
                            _ => {
                                let cut = random.below(word.len() + 1);
                                let cut = (0..=cut).rev().find(|&i| word.is_char_boundary(i));
                                text.push_str(&word[..cut.unwrap_or(0)]);
                            }
                        }
                    } else {
                        text.push_str(extras[random.below(extras.len())]);
                    }
                }
                text
            })
            .collect()
    }

    /// A sentence prepared once ([`Sentence`]) answers every sentence cue
    /// as [`matches`] on the text does (callers rely on it to ask a
    /// prepared paragraph instead of the text, e.g. a list's intro), over
    /// the corpus and seeded random texts of the cue words.
    #[test]
    fn prepared_sentences_match_as_the_text() {
        let mut texts = corpus_texts();
        texts.extend(random_texts(CUES_TSV, 53, 20_000));
        // Sentences of the goal-intro words ("Målene er følgende:"), which
        // the cue words alone seldom spell.
        let pieces = [
            " ",
            "  ",
            ":",
            " :",
            "*",
            "**",
            "\u{00AD}",
            "\n",
            "Mål",
            "mål",
            "målene",
            "Målsætninger",
            "målsætningerne",
            " er",
            " er:",
            "er",
            "følgende",
            "Følgende",
            " følgende mål",
            "Mål er:",
            "og",
            "2021",
            ".",
            "x",
        ];
        let mut random = planex_testkit::RandomText::new(53);
        texts.extend((0..20_000).map(|_| random.pieces(&pieces, 8)));
        let kinds = [
            CueKind::MeasureIntro,
            CueKind::GoalSentence,
            CueKind::GoalIntro,
            CueKind::GoalDeferred,
        ];
        let mut matched = [0usize; 4];
        for text in &texts {
            let sentence = Sentence::new(text);
            for (kind, matched) in kinds.iter().zip(&mut matched) {
                let want = matches(*kind, text);
                assert_eq!(sentence.matches(*kind), want, "{kind:?}: {text:?}");
                *matched += usize::from(want);
            }
        }
        let goal_intros = matched[2];
        assert!(
            goal_intros > 500 && texts.len() - goal_intros > 500,
            "weak test: {matched:?} of {}",
            texts.len()
        );
        assert!(matched.iter().all(|&n| n > 0), "weak test: {matched:?}");
    }

    /// Every cue kind as the `regex` crate compiled it before (the oracle)
    /// and as compiled now (a forward DFA, with and without a literal
    /// prefilter, and the full engine kept for `prefix_len`).
    #[test]
    fn cue_regexes_match_as_the_regex_crate() {
        let mut texts = corpus_texts();
        texts.extend(random_texts(CUES_TSV, 17, 40_000));
        // Longer texts, with cue words before a match and after: the
        // prefiltered search starts its DFA short of the first literal.
        let parts = random_texts(CUES_TSV, 19, 60_000);
        texts.extend(parts.chunks(4).map(|c| c.join(" ")));
        // Letter closings, which neither the corpus nor chance spells.
        for closing in [
            "Med venlig hilsen",
            "MED VENLIGE HILSNER,",
            "På vegne af Rådet",
        ] {
            texts.push(closing.to_string());
            texts.push(format!("{closing} x"));
        }
        let mut with_first_bytes = 0;
        for (at, entry) in CUES.by_kind.iter().enumerate() {
            let Some((pattern, _)) = entry else { continue };
            let oracle = regex::Regex::new(pattern).expect("valid");
            let re = CueRegex::new(pattern);
            let prefiltered = CueRegex::with_prefilter(pattern);
            let mut matched = 0;
            for text in &texts {
                let expected = oracle.is_match(text);
                assert_eq!(re.is_match(text), expected, "kind {at}: {text:?}");
                assert_eq!(prefiltered.is_match(text), expected, "kind {at}: {text:?}");
                assert_eq!(re.full().is_match(text), expected, "kind {at}: {text:?}");
                matched += usize::from(expected);
            }
            assert!(matched > 0, "kind {at} never matched: a weak test");
            with_first_bytes += usize::from(re.first_bytes.is_some());
        }
        // (The test of a whole-line cue's first byte is exercised.)
        assert!(with_first_bytes > 0);
    }

    /// [`matches`] and [`Line::matches`], which test a cue anchored at the
    /// start on the [`first_kept_byte`] before preparing the text, answer
    /// as the regex on the prepared text (their definition) for every
    /// kind, on corpus lines and paragraphs and random texts, also with
    /// what preparing drops (whitespace, emphasis, soft hyphens, colons)
    /// before, after and instead of them.
    #[test]
    fn first_byte_test_before_preparing() {
        let mut texts = corpus_texts();
        texts.extend(random_texts(CUES_TSV, 29, 20_000));
        let edges = [
            "",
            " ",
            "**",
            "\u{ad}",
            "\u{a0}",
            "\t",
            ":",
            " : ",
            "* ",
            "\u{3000}*",
            "*:",
        ];
        let mut random = planex_testkit::RandomText::new(31);
        let edged: Vec<String> = texts
            .iter()
            .map(|t| {
                let before = edges[random.below(edges.len())];
                let after = edges[random.below(edges.len())];
                format!("{before}{t}{after}")
            })
            .collect();
        texts.extend(edged);
        texts.extend(edges.iter().map(|e| e.to_string()));
        texts.extend(["Med venlig hilsen", " **Kilde:** x", "\u{ad}Mål:"].map(String::from));
        let mut rejected_early = 0;
        for (at, entry) in CUES.by_kind.iter().enumerate() {
            if entry.is_none() {
                continue;
            }
            let kind = ALL_KINDS[at];
            assert_eq!(kind as usize, at);
            let re = regex(kind).expect("a kind with cues");
            let mut matched = 0;
            for text in &texts {
                let expected = re.is_match(&prepare(text, kind.keeps_colon()));
                assert_eq!(matches(kind, text), expected, "{kind:?} on {text:?}");
                if !kind.keeps_colon() {
                    assert_eq!(
                        Line::new(text).matches(kind),
                        expected,
                        "{kind:?} on {text:?}"
                    );
                }
                matched += usize::from(expected);
                rejected_early += usize::from(!re.may_start_with(first_kept_byte(text)));
            }
            assert!(matched > 0, "{kind:?} never matched: a weak test");
        }
        assert!(rejected_early > 10_000, "{rejected_early}");
    }

    const ALL_KINDS: [CueKind; 15] = [
        CueKind::TocTitle,
        CueKind::CaptionPrefix,
        CueKind::SourcePrefix,
        CueKind::DivisionWord,
        CueKind::DraftMarker,
        CueKind::GoalLabel,
        CueKind::MeasureLabel,
        CueKind::MeasureHeadingWord,
        CueKind::MeasureIntro,
        CueKind::GoalSentence,
        CueKind::GoalAim,
        CueKind::GoalIntro,
        CueKind::GoalDeferred,
        CueKind::Closing,
        CueKind::ClauseJoin,
    ];

    /// The search of the windows around the literals (used on long texts)
    /// answers as the regex crate does, on every text where a literal is
    /// found, long or short: corpus paragraphs alone and four together,
    /// and random cue words joined by the dozen.
    #[test]
    fn windowed_search_matches_as_the_regex_crate() {
        let mut texts = corpus_texts();
        let paragraphs = texts.clone();
        texts.extend(paragraphs.chunks(4).map(|c| c.join(" ")));
        let parts = random_texts(CUES_TSV, 23, 36_000);
        texts.extend(parts.chunks(12).map(|c| c.join(" ")));
        let (mut searched, mut matched) = (0, 0);
        for (pattern, _) in CUES.by_kind.iter().flatten() {
            let re = CueRegex::with_prefilter(pattern);
            let (Some((required, Some(lead))), Some(max_len)) = (&re.required, re.max_len) else {
                continue;
            };
            let oracle = regex::Regex::new(pattern).expect("valid");
            for text in &texts {
                let Some(first) = required.find(text.as_bytes(), Span::from(0..text.len())) else {
                    continue;
                };
                let expected = oracle.is_match(text);
                let windowed = re.is_match_near(text, required, first.start, *lead, max_len);
                assert_eq!(windowed, Some(expected), "{pattern:?} on {text:?}");
                assert_eq!(re.is_match(text), expected, "{pattern:?} on {text:?}");
                searched += 1;
                matched += usize::from(expected);
            }
        }
        assert!(searched > 2_000 && matched > 100, "{searched} {matched}");
    }

    /// The shared edge classes are the translator's, folded and not (the
    /// whole class compared).
    #[test]
    fn edge_classes_as_translated() {
        assert_eq!(*EDGE_UNFOLDED, parse_directly(EDGE));
        assert_eq!(*EDGE_FOLDED, parse_directly(&format!("(?i){EDGE}")));
        // (Folding changes the class: U+0345 folds to a letter.)
        assert_ne!(*EDGE_FOLDED, *EDGE_UNFOLDED);
    }

    /// Translating with the edges put in from the shared class gives the
    /// very `Hir` that translating the pattern as it is gives: for every
    /// cue kind's pattern (most of them with edges) and for patterns with
    /// edges where the shared class cannot stand (inside a class, after a
    /// backslash, without `(?i)` or Unicode), beside groups of their own,
    /// in alternations that merge into a class or share a prefix.
    #[test]
    fn shared_edges_translate_as_the_pattern() {
        let shapes = [
            r"(?i)(?:^|[^\p{L}\p{N}])mål(ene)?(?:$|[^\p{L}\p{N}])",
            r"(?i)(a)(?:,|[^\p{L}\p{N}])(b(c)?)[^\p{L}\p{N}](?P<d>e)",
            r"(?i)(?:[^\p{L}\p{N}]x|[^\p{L}\p{N}]y)z",
            r"(?i)([^\p{L}\p{N}]|[^\p{L}\p{N}])+",
            r"[^\p{L}\p{N}]k(?i)[^\p{L}\p{N}]K(?-i:[^\p{L}\p{N}]ſ)",
            r"(?i)[[^\p{L}\p{N}]x][^\p{L}\p{N}]",
            r"(?i)\[^\p{L}\p{N}]",
            r"(?i)(\\[^\p{L}\p{N}])",
            r"(?i-u)x(?u:[^\p{L}\p{N}])",
            r"(?i)(?P<planex_edge_0>k)[^\p{L}\p{N}]",
            r"(?i)(?x)[^\p{L}\p{N}] \# [^\p{L}\p{N}]",
            r"(?i)tiltag",
        ];
        // (Those the shared class cannot stand in, and one without edges.)
        let unshared = [5, 6, 9, 11];
        for (at, pattern) in shapes.iter().enumerate() {
            let direct = parse_directly(pattern);
            assert_eq!(parse(pattern), direct, "{pattern:?}");
            let shared = parse_sharing_edges(pattern);
            assert_eq!(shared.is_none(), unshared.contains(&at), "{pattern:?}");
            assert!(shared.is_none_or(|hir| hir == direct), "{pattern:?}");
        }
        let mut with_edges = 0;
        for (pattern, _) in CUES.by_kind.iter().flatten() {
            let direct = parse_directly(pattern);
            assert_eq!(parse(pattern), direct, "{pattern:?}");
            if pattern.contains(EDGE) {
                assert_eq!(parse_sharing_edges(pattern), Some(direct), "{pattern:?}");
                with_edges += 1;
            }
        }
        assert!(with_edges >= 4, "{with_edges}");
    }

    /// The literals found for a regex are in every match: checked on
    /// matches of random texts, cue kinds and a few shapes.
    #[test]
    fn required_literals_are_in_every_match() {
        let patterns = [
            r"(?i)(?:^|[^\p{L}])(?:høj(e)?st|k[a-c]+s|ſ?um+a|(x|y)?zz)(?:$|[^\p{L}])",
            r"(?i)abc(d|ef)+g|h(ij)?k",
            r"a|b|cd",
            r"(?i)(?:følgende|mål) er",
        ];
        let texts = random_texts(
            &format!("{CUES_TSV} højst kss ſumma zz abc defg hijk"),
            5,
            20_000,
        );
        let mut checked = 0;
        for pattern in patterns
            .iter()
            .map(|p| p.to_string())
            .chain(CUES.by_kind.iter().flatten().map(|(p, _)| p.clone()))
        {
            let hir = regex_syntax::Parser::new().parse(&pattern).expect("valid");
            let Some((needles, lead)) = required(&hir, MAX_REQUIRED) else {
                continue;
            };
            let oracle = regex::Regex::new(&pattern).expect("valid");
            for text in &texts {
                if let Some(m) = oracle.find(text) {
                    // The first literal in the match, within `lead` of its start.
                    let first = (0..m.len()).find(|&at| {
                        needles
                            .iter()
                            .any(|n| m.as_str().as_bytes()[at..].starts_with(n))
                    });
                    assert!(
                        first.is_some(),
                        "{pattern:?} on {text:?}: none of {needles:?}"
                    );
                    if let (Some(first), Some(lead)) = (first, lead) {
                        assert!(
                            first <= lead,
                            "{pattern:?} on {text:?}: at {first}, lead {lead}"
                        );
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }
}
