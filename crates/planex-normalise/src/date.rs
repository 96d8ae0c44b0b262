//! Danish time references: `31. december 2020`, `ultimo 2014`, `1. kv. 2020`,
//! `første kvartal 2021`, `inden maj 2022`, `med udgangen af 2021`, ...
//!
//! A reference always contains a year (19xx/20xx). Month names, quarter words
//! and the position/relation words that may precede a reference come from
//! `data/time_words.tsv`.
//!
//! [`TimeValue::normalized`] gives, in order of precedence:
//! * a day: `2020-12-31`;
//! * a month: `2022-05` (also `ultimo maj 2020` → `2020-05`; the position
//!   stays in [`TimeValue::position`]);
//! * a quarter: `2020-Q1`;
//! * a position on a bare year: `primo 2015` → `2015-01`, `medio 2015` →
//!   `2015-06`, `ultimo 2015` / `udgangen af 2015` → `2015-12`;
//! * otherwise the year: `2015`.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex_automata::util::captures::Captures;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::PatternID;
use regex_syntax::hir::Hir;
use serde::{Deserialize, Serialize};

use crate::text::{char_at, char_before, normalize_for_match};
use crate::tsv;

/// Where in a period a reference points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodPosition {
    /// `primo`, `starten af`, `begyndelsen af`.
    Start,
    /// `medio`, `midten af`.
    Middle,
    /// `ultimo`, `udgangen af`, `slutningen af`.
    End,
}

/// How a statement relates to the referenced time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeRelation {
    /// `inden`, `før`.
    Before,
    /// `senest`, `(med/ved) udgangen af`, `frem til`, `til`.
    By,
    /// `i løbet af`, `gennem`.
    During,
    /// `i`, `pr.`.
    At,
    /// `fra`, `siden` (a starting point or baseline).
    From,
}

/// A normalised time reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimeValue {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub quarter: Option<u8>,
    pub position: Option<PeriodPosition>,
    pub relation: Option<TimeRelation>,
}

impl TimeValue {
    /// A bare year.
    pub fn year(year: i32) -> Self {
        TimeValue {
            year,
            month: None,
            day: None,
            quarter: None,
            position: None,
            relation: None,
        }
    }

    /// ISO-like form; see the module documentation for the rules.
    pub fn normalized(&self) -> String {
        match (self.month, self.day, self.quarter, self.position) {
            (Some(m), Some(d), _, _) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None, _, _) => format!("{:04}-{:02}", self.year, m),
            (None, _, Some(q), _) => format!("{:04}-Q{}", self.year, q),
            (None, _, None, Some(p)) => {
                let m = match p {
                    PeriodPosition::Start => 1,
                    PeriodPosition::Middle => 6,
                    PeriodPosition::End => 12,
                };
                format!("{:04}-{:02}", self.year, m)
            }
            _ => format!("{:04}", self.year),
        }
    }
}

/// A time reference found in text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeMatch {
    /// Byte offset of the first char (of a prefix word when there is one).
    pub start: usize,
    /// Byte offset after the year.
    pub end: usize,
    /// The matched text, `text[start..end]`.
    pub text: String,
    pub value: TimeValue,
}

struct TimeWords {
    months: HashMap<String, u8>,
    quarters: HashMap<String, u8>,
    prefixes: HashMap<String, (Option<PeriodPosition>, Option<TimeRelation>)>,
    regex: crate::re::ForwardRegex,
    /// One whole prefix word (as the time regex's `p1` reads it).
    prefix_word: regex_automata::meta::Regex,
    /// The pattern string it was compiled from before (the tests' oracle).
    #[cfg(test)]
    pattern: String,
}

fn alternation<'a>(words: impl Iterator<Item = &'a String>) -> String {
    let mut v: Vec<&String> = words.collect();
    v.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    v.dedup();
    v.iter()
        .map(|w| {
            w.split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// The part of the time regex after the word start, from the alternations
/// of prefixes, months, quarter words and quarter suffixes.
fn time_pattern(pre: &str, mon: &str, qw: &str, qs: &str) -> String {
    format!(
        r"(?i)(?P<ref>(?:(?P<p1>{pre})\s+)?(?:(?P<p2>{pre})\s+)?(?:(?:(?P<day>\d{{1,2}})\.\s*)?(?P<month>{mon})\.?\s+|(?:(?P<qn>[1-4])\.\s*|(?P<qw>{qw})\s+)(?:{qs})\.?\s*)?(?P<year>(?:19|20)\d\d))"
    )
}

/// The time regex: `(?i)(?:^|[^\p{L}\p{N}_])` then [`time_pattern`]. The
/// reference must start a word. Written as a class the match takes (then
/// dropped via `ref`), not as `\b`: a Unicode `\b` keeps the regex engine
/// from its fast DFA on text with æøå. Every later part follows
/// whitespace, so one boundary at the start is enough.
fn time_hir(pre: &str, mon: &str, qw: &str, qs: &str) -> Hir {
    Hir::concat(vec![
        crate::re::word_start(),
        crate::re::parse(&time_pattern(pre, mon, qw, qs)),
    ])
}

static WORDS: LazyLock<TimeWords> = LazyLock::new(|| {
    let mut months = HashMap::new();
    let mut quarters = HashMap::new();
    let mut qsuffix: Vec<String> = Vec::new();
    let mut prefixes = HashMap::new();
    for r in tsv::rows(include_str!("../data/time_words.tsv")) {
        let word = normalize_for_match(r.get(1));
        fn bad<T>(line: usize, v: &str) -> T {
            panic!("time_words.tsv line {line}: bad value {v:?}")
        }
        let (line, val) = (r.line, r.get(2));
        match r.get(0) {
            "month" => {
                let v: u8 = r.get(2).parse().unwrap_or_else(|_| bad(line, val));
                months.insert(word.trim_end_matches('.').to_string(), v);
            }
            "quarter" => {
                let v: u8 = r.get(2).parse().unwrap_or_else(|_| bad(line, val));
                quarters.insert(word, v);
            }
            "qsuffix" => qsuffix.push(word.trim_end_matches('.').to_string()),
            "prefix" => {
                let (p, rel) = r.get(2).split_once(',').unwrap_or_else(|| bad(line, val));
                let position = match p.trim() {
                    "" => None,
                    "start" => Some(PeriodPosition::Start),
                    "middle" => Some(PeriodPosition::Middle),
                    "end" => Some(PeriodPosition::End),
                    _ => bad(line, val),
                };
                let relation = match rel.trim() {
                    "" => None,
                    "before" => Some(TimeRelation::Before),
                    "by" => Some(TimeRelation::By),
                    "during" => Some(TimeRelation::During),
                    "at" => Some(TimeRelation::At),
                    "from" => Some(TimeRelation::From),
                    _ => bad(line, val),
                };
                prefixes.insert(word, (position, relation));
            }
            k => panic!("time_words.tsv line {}: unknown kind {k:?}", r.line),
        }
    }
    let pre = alternation(prefixes.keys());
    let mon = alternation(months.keys());
    let qw = alternation(quarters.keys());
    let qs = alternation(qsuffix.iter());
    let regex =
        crate::re::ForwardRegex::new(&time_hir(&pre, &mon, &qw, &qs), crate::re::Use::Captures);
    let prefix_word = crate::re::build(
        &crate::re::parse(&format!(r"(?i)\A(?:{pre})\z")),
        crate::re::Use::Find,
    );
    #[cfg(test)]
    let pattern = format!(
        r"(?i)(?:^|[^\p{{L}}\p{{N}}_]){}",
        &time_pattern(&pre, &mon, &qw, &qs)[4..]
    );
    for (index, name) in GROUP_NAMES {
        assert_eq!(
            regex.group_info().to_index(PatternID::ZERO, name),
            Some(index),
            "time regex group {name}"
        );
    }
    TimeWords {
        months,
        quarters,
        prefixes,
        regex,
        prefix_word,
        #[cfg(test)]
        pattern,
    }
});

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The time regex's groups by index (checked against their names when it
/// is built): a lookup by name hashes the name each time.
const REF: usize = 1;
const P1: usize = 2;
const P2: usize = 3;
const DAY: usize = 4;
const MONTH: usize = 5;
const QN: usize = 6;
const QW: usize = 7;
const YEAR: usize = 8;
const GROUP_NAMES: [(usize, &str); 8] = [
    (REF, "ref"),
    (P1, "p1"),
    (P2, "p2"),
    (DAY, "day"),
    (MONTH, "month"),
    (QN, "qn"),
    (QW, "qw"),
    (YEAR, "year"),
];

/// The groups of a match, read as `regex::Captures` reads them.
struct Groups<'t, 'c> {
    text: &'t str,
    caps: &'c Captures,
}

/// A group's span and text (`regex::Match`'s parts).
#[derive(Clone, Copy)]
struct Group<'t> {
    start: usize,
    end: usize,
    text: &'t str,
}

impl<'t> Group<'t> {
    fn start(&self) -> usize {
        self.start
    }
    fn end(&self) -> usize {
        self.end
    }
    fn as_str(&self) -> &'t str {
        self.text
    }
}

impl<'t> Groups<'t, '_> {
    fn get(&self, index: usize) -> Option<Group<'t>> {
        self.caps.get_group(index).map(|span| Group {
            start: span.start,
            end: span.end,
            text: &self.text[span.start..span.end],
        })
    }
}

/// Could `bytes` hold a match of the time regex? Every match holds its
/// `(?:19|20)\d\d` year: `19` or `20`, then two ASCII digits, or a
/// non-ASCII char (which may be another Unicode digit). Most texts have
/// none after their last reference, which the regex would scan to the end.
fn may_hold_year(bytes: &[u8]) -> bool {
    let digit = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_digit() || b >= 0x80);
    memchr::memchr2_iter(b'1', b'2', bytes).any(|i| {
        let century = match bytes[i] {
            b'1' => b'9',
            _ => b'0',
        };
        bytes.get(i + 1) == Some(&century) && digit(bytes.get(i + 2)) && {
            // After a non-ASCII char, the fourth char starts later.
            let third = bytes[i + 2];
            let next = i + 2 + if third < 0x80 { 1 } else { utf8_len(third) };
            digit(bytes.get(next))
        }
    })
}

/// The length of a UTF-8 sequence from its lead byte.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        _ => 2,
    }
}

/// The time regex's groups of its first match in `text[pos..]` (unset
/// when there is none), as the `regex` crate reads them. A year alone or
/// after prefix words ("2021", "i 2021", "med udgangen af 2021", "til
/// ultimo 2015": most references) is read by hand: running the backtracker
/// over the regex's many word alternatives was most of the time spent
/// finding references.
fn time_captures_at(text: &str, pos: usize, caps: &mut Captures) {
    let w = &*WORDS;
    caps.set_pattern(None);
    let Some((start, end)) = w.regex.find_at(text, pos) else {
        return;
    };
    let Some(plain) = plain_reference(text, start, end, &w.prefix_word) else {
        w.regex.captures_of(text, start, end, caps);
        return;
    };
    let info = w.regex.group_info();
    let slots = caps.slots_mut();
    slots.fill(None);
    let mut set = |group: usize, (from, to): (usize, usize)| {
        let slot = info.slot(PatternID::ZERO, group).expect("group slot");
        slots[slot] = NonMaxUsize::new(from);
        slots[slot + 1] = NonMaxUsize::new(to);
    };
    set(0, (start, end));
    set(REF, (plain.reference_start, end));
    set(YEAR, (end - 4, end));
    for (group, span) in [(P1, plain.p1), (P2, plain.p2)] {
        if let Some(span) = span {
            set(group, span);
        }
    }
    caps.set_pattern(Some(PatternID::ZERO));
}

/// A match of the time regex that is a year, perhaps after prefix words.
#[derive(Debug, PartialEq, Eq)]
struct PlainReference {
    /// Where the `ref` group starts (after the word-start char, if any).
    reference_start: usize,
    /// The spans of the prefix groups `p1` and `p2`, if set.
    p1: Option<(usize, usize)>,
    p2: Option<(usize, usize)>,
}

/// Read the time regex's match `text[start..end]` when it is the word
/// start, then words and whitespace that the prefix groups take, then four
/// ASCII digits; `None` for any other match (left to the backtracker).
///
/// The word start is a char of its class, or `^` when the match starts the
/// text with a word char. The year takes the four digits; the day, month
/// and quarter parts would need a `.` or whitespace among them, so they are
/// unset. Before the year, words `w1 .. wn` and whitespace: `p1` is tried
/// first, its alternatives longest first, so it takes the most words
/// `w1 .. wk` that `prefix_word` takes whole (ending at whitespace). Then
/// `p2` takes `wk+1 .. wn` if `prefix_word` takes them whole (its longest
/// fitting alternative); else the regex may read them otherwise (as a
/// month) or give `p1` fewer words, and the backtracker decides.
fn plain_reference(
    text: &str,
    start: usize,
    end: usize,
    prefix_word: &regex_automata::meta::Regex,
) -> Option<PlainReference> {
    let first = char_at(text, start)?;
    let reference_start = if start > 0 {
        start + first.len_utf8()
    } else if crate::re::is_not_word(first) {
        return None; // `^` or the class: either may lead to a match
    } else {
        0
    };
    let year_start = end.checked_sub(4)?;
    if reference_start > year_start
        || !text.as_bytes()[year_start..end]
            .iter()
            .all(u8::is_ascii_digit)
    {
        return None;
    }
    let words_end = reference_start + text[reference_start..year_start].trim_end().len();
    let mut plain = PlainReference {
        reference_start,
        p1: None,
        p2: None,
    };
    if words_end == reference_start {
        return (year_start == reference_start).then_some(plain);
    }
    if words_end == year_start {
        return None; // no whitespace before the year
    }
    // Where each word ends (before whitespace), the last at `words_end`.
    let words = &text[reference_start..words_end];
    let mut word_ends: Vec<usize> = words
        .char_indices()
        .zip(words.chars().skip(1))
        .filter(|&((_, c), next)| !c.is_whitespace() && next.is_whitespace())
        .map(|((i, c), _)| reference_start + i + c.len_utf8())
        .collect();
    word_ends.push(words_end);
    let whole = |from: usize, to: usize| {
        let input =
            regex_automata::Input::new(&text[from..to]).anchored(regex_automata::Anchored::Yes);
        prefix_word.is_match(input)
    };
    let &p1_end = word_ends
        .iter()
        .rev()
        .find(|&&e| whole(reference_start, e))?;
    plain.p1 = Some((reference_start, p1_end));
    if p1_end < words_end {
        let p2_start =
            p1_end + text[p1_end..words_end].len() - text[p1_end..words_end].trim_start().len();
        if !whole(p2_start, words_end) {
            return None;
        }
        plain.p2 = Some((p2_start, words_end));
    }
    Some(plain)
}

/// Find all time references in running text, left to right, non-overlapping.
pub fn find_time_refs(text: &str) -> Vec<TimeMatch> {
    let w = &*WORDS;
    let mut out = Vec::new();
    let mut caps = w.regex.create_captures();
    let mut pos = 0;
    while pos < text.len() {
        if !may_hold_year(&text.as_bytes()[pos..]) {
            break;
        }
        time_captures_at(text, pos, &mut caps);
        if !caps.is_match() {
            break;
        }
        let c = Groups { text, caps: &caps };
        let m = c.get(REF).expect("reference group");
        let year_m = c.get(YEAR).expect("year group");
        let step = m.start() + char_at(text, m.start()).map_or(1, char::len_utf8);
        // The year must stand alone: no digit/letter after it, no decimal tail.
        let after_ok = match char_at(text, year_m.end()) {
            Some(ch) if ch.is_alphanumeric() => false,
            Some('.') | Some(',') => !text[year_m.end() + 1..]
                .chars()
                .next()
                .is_some_and(|d| d.is_ascii_digit()),
            _ => true,
        };
        let before_ok = !matches!(char_before(text, m.start()), Some('.') | Some(','))
            || !char_before(text, m.start() - 1).is_some_and(|d| d.is_ascii_digit());
        if !after_ok || !before_ok {
            pos = step;
            continue;
        }
        let year: i32 = year_m.as_str().parse().expect("4 digits");
        let mut v = TimeValue::year(year);
        if let Some(mm) = c.get(MONTH) {
            let key = normalize_for_match(mm.as_str());
            v.month = w.months.get(&key).copied();
        }
        if let Some(d) = c.get(DAY) {
            let d: u8 = d.as_str().parse().unwrap_or(0);
            let max = v.month.map_or(31, |m| days_in_month(year, m));
            if d == 0 || d > max {
                pos = step;
                continue;
            }
            v.day = Some(d);
        }
        if let Some(q) = c.get(QN) {
            v.quarter = q.as_str().parse().ok();
        } else if let Some(q) = c.get(QW) {
            v.quarter = w.quarters.get(&normalize_for_match(q.as_str())).copied();
        }
        for p in [P1, P2] {
            if let Some(pm) = c.get(p) {
                if let Some(&(position, relation)) =
                    w.prefixes.get(&normalize_for_match(pm.as_str()))
                {
                    v.position = v.position.or(position);
                    v.relation = v.relation.or(relation);
                }
            }
        }
        out.push(TimeMatch {
            start: m.start(),
            end: m.end(),
            text: m.as_str().to_string(),
            value: v,
        });
        pos = m.end();
    }
    out
}

/// Parse a string that is one time reference (surrounding whitespace and
/// punctuation such as `.,;:()` are ignored). `None` when the string holds
/// anything else as well.
pub fn parse_time_ref(s: &str) -> Option<TimeValue> {
    let t = s.trim_matches(|c: char| c.is_whitespace() || ",;:()".contains(c));
    let t = t.strip_suffix('.').unwrap_or(t).trim_end();
    let found = find_time_refs(t);
    match found.as_slice() {
        [m] if m.start == 0 && m.end == t.len() => Some(m.value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PeriodPosition::*;
    use TimeRelation::*;

    fn p(s: &str) -> TimeValue {
        parse_time_ref(s).unwrap_or_else(|| panic!("no time in {s:?}"))
    }

    /// The time regex is the one compiled before from the whole pattern
    /// string (same translation, so the same matches).
    #[test]
    fn time_regex_is_the_string_pattern() {
        let (pre, mon, qw, qs) = (
            r"med\s+udgangen\s+af|primo|i",
            "december|januar|maj|jan|dec",
            "første|fjerde",
            r"kvartal|kvt\.|kv",
        );
        let old = format!(
            r"(?i)(?:^|[^\p{{L}}\p{{N}}_]){}",
            &time_pattern(pre, mon, qw, qs)[4..]
        );
        assert!(time_pattern(pre, mon, qw, qs).starts_with("(?i)"));
        assert_eq!(time_hir(pre, mon, qw, qs), crate::re::parse(&old));
    }

    /// Each match's groups as the `regex` crate finds them with the whole
    /// pattern string (the oracle), from the positions the search loop
    /// visits (plain years read by hand, the rest by the backtracker), on
    /// corpus and seeded random texts; and the year pre-check
    /// never skips a text with a match.
    #[test]
    fn time_regex_finds_as_the_regex_crate() {
        let w = &*WORDS;
        let oracle = regex::Regex::new(&w.pattern).expect("valid");
        let mut texts = Vec::new();
        for text in planex_testkit::corpus_texts() {
            texts.extend(text.split("\n\n").map(str::to_string));
        }
        let pieces = [
            "2020",
            "1999",
            "20",
            "19",
            "2",
            "0",
            "1",
            "9",
            "\u{663}",
            "\u{ff11}",
            "²",
            " ",
            " ",
            "  ",
            "\n",
            ".",
            ",",
            "-",
            "x",
            "æ",
            "31. ",
            "1. kv. ",
            "kvartal ",
            "December ",
            "MAJ ",
            "maj.",
            "første ",
            "ultimo ",
            "med udgangen af ",
            "i ",
            "inden ",
            "frem til ",
            "\u{212a}v ",
            "ſeptember ",
            "\u{345}",
            "_",
        ];
        let mut random = planex_testkit::RandomText::new(41);
        texts.extend((0..30_000).map(|_| random.pieces(&pieces, 12)));
        let mut caps = w.regex.create_captures();
        let (mut found, mut bare_years) = (0, 0);
        for text in &texts {
            let mut pos = 0;
            while pos < text.len() {
                let expected = oracle.captures_at(text, pos).map(|c| {
                    (0..=8)
                        .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                        .collect::<Vec<_>>()
                });
                time_captures_at(text, pos, &mut caps);
                let got = caps.is_match().then(|| {
                    (0..=8)
                        .map(|i| caps.get_group(i).map(|s| (s.start, s.end)))
                        .collect::<Vec<_>>()
                });
                assert_eq!(got, expected, "{text:?} from {pos}");
                assert!(
                    expected.is_none() || may_hold_year(&text.as_bytes()[pos..]),
                    "{text:?} from {pos}"
                );
                let Some(groups) = expected else { break };
                found += 1;
                let (start, end) = groups[0].expect("match");
                bare_years +=
                    usize::from(plain_reference(text, start, end, &WORDS.prefix_word).is_some());
                let (start, _) = groups[REF].expect("ref");
                pos = start + char_at(text, start).map_or(1, char::len_utf8);
            }
        }
        assert!(found > 10_000, "{found}");
        // The hand-read references are a part, not all, of what was compared.
        assert!(
            bare_years > 1_000 && bare_years < found,
            "{bare_years} {found}"
        );
    }

    #[test]
    fn days_and_months() {
        let v = p("31. december 2020");
        assert_eq!((v.year, v.month, v.day), (2020, Some(12), Some(31)));
        assert_eq!(v.normalized(), "2020-12-31");
        assert_eq!(p("Maj 2013").normalized(), "2013-05");
        assert_eq!(p("maj 2013").normalized(), "2013-05");
        assert_eq!(p("december 2021").normalized(), "2021-12");
        assert_eq!(p("oktober 2020").normalized(), "2020-10");
        assert_eq!(p("jan. 2020").normalized(), "2020-01");
        assert_eq!(p("sept. 2019").month, Some(9));
        let v = p("pr. 30. september 2020");
        assert_eq!(v.normalized(), "2020-09-30");
        assert_eq!(v.relation, Some(At));
        let v = p("i december 2021");
        assert_eq!((v.normalized().as_str(), v.relation), ("2021-12", Some(At)));
        assert_eq!(parse_time_ref("31. februar 2020"), None);
        assert_eq!(parse_time_ref("25. oktober"), None);
    }

    #[test]
    fn positions() {
        let v = p("primo 2021");
        assert_eq!(
            (v.position, v.normalized().as_str()),
            (Some(Start), "2021-01")
        );
        let v = p("medio 2020");
        assert_eq!(
            (v.position, v.normalized().as_str()),
            (Some(Middle), "2020-06")
        );
        let v = p("ultimo 2014");
        assert_eq!(
            (v.position, v.normalized().as_str()),
            (Some(End), "2014-12")
        );
        let v = p("ultimo maj 2020");
        assert_eq!(
            (v.position, v.month, v.normalized().as_str()),
            (Some(End), Some(5), "2020-05")
        );
        for s in [
            "med udgangen af 2021",
            "ved udgangen af 2021",
            "udgangen af 2021",
            "Med udgangen af 2021",
        ] {
            let v = p(s);
            assert_eq!(
                (v.position, v.relation, v.year),
                (Some(End), Some(By), 2021),
                "{s}"
            );
            assert_eq!(v.normalized(), "2021-12");
        }
        let v = p("frem til udgangen af 2021");
        assert_eq!((v.position, v.relation), (Some(End), Some(By)));
    }

    #[test]
    fn quarters() {
        for s in [
            "1. kv. 2020",
            "1. kvartal 2020",
            "første kvartal 2020",
            "1. kvt. 2020",
        ] {
            let v = p(s);
            assert_eq!((v.year, v.quarter), (2020, Some(1)), "{s}");
            assert_eq!(v.normalized(), "2020-Q1");
        }
        assert_eq!(p("fjerde kvartal 2021").normalized(), "2021-Q4");
    }

    #[test]
    fn relations() {
        let v = p("inden maj 2022");
        assert_eq!(
            (v.relation, v.normalized().as_str()),
            (Some(Before), "2022-05")
        );
        assert_eq!(p("i løbet af 2021").relation, Some(During));
        let v = p("i 2015");
        assert_eq!((v.relation, v.normalized().as_str()), (Some(At), "2015"));
        assert_eq!(p("2015").relation, None);
    }

    #[test]
    fn running_text() {
        let t = "Antallet skal falde med mindst 5 % fra ultimo 2014 til ultimo 2015.";
        let f = find_time_refs(t);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].text, "fra ultimo 2014");
        assert_eq!(&t[f[0].start..f[0].end], "fra ultimo 2014");
        assert_eq!(
            (f[0].value.relation, f[0].value.position),
            (Some(From), Some(End))
        );
        assert_eq!(f[1].text, "til ultimo 2015");
        assert_eq!(
            (f[1].value.relation, f[1].value.normalized().as_str()),
            (Some(By), "2015-12")
        );

        let t = "i løbet af første kvartal 2021.";
        let f = find_time_refs(t);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].value.relation, Some(During));
        assert_eq!(f[0].value.normalized(), "2021-Q1");

        let t = "højst 1.181 borgere (svarende til niveauet for oktober 2020), mod 1.200 i 2019";
        let f = find_time_refs(t);
        let n: Vec<String> = f.iter().map(|m| m.value.normalized()).collect();
        assert_eq!(n, vec!["2020-10", "2019"]);

        assert!(find_time_refs("i alt 2.015 personer, COVID-19, 20155 og 2015erne").is_empty());
        let f = find_time_refs("Beskæftigelsesplan 2020-2021");
        assert_eq!(f.len(), 2);
    }
}
