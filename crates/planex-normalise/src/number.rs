//! Danish numbers and quantities.
//!
//! Danish uses `.` as thousands separator and `,` as decimal mark:
//! `1.388.248` is 1388248 and `12,2` is 12.2. A `.` is only read as a
//! thousands separator when every group after the first has exactly three
//! digits; anything else (`3.5`, `1.2.3`, `2.1.4`) is not a Danish number and
//! is rejected (`None` / skipped in running text).
//!
//! Unit spellings (`units.tsv`) and fraction words (`fraction_words.tsv`) are
//! data.

use std::sync::LazyLock;

use regex::Regex;
use regex_automata::meta;
use regex_syntax::hir::Hir;
use serde::{Deserialize, Serialize};

use crate::text::{char_at, char_before, is_word_char};
use crate::tsv;

/// The unit of a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityUnit {
    /// `%`, `pct.`, `procent`.
    Percent,
    /// `kr.`, `kroner`, `DKK`.
    Dkk,
    /// `1.000 kr.`, `t. kr.`, `tkr.`.
    DkkThousand,
    /// `mio. kr.`.
    DkkMillion,
    /// `mia. kr.`.
    DkkBillion,
}

impl QuantityUnit {
    /// Stable id: `percent`, `dkk`, `dkk_thousand`, `dkk_million`, `dkk_billion`.
    pub fn unit_id(&self) -> &'static str {
        match self {
            QuantityUnit::Percent => "percent",
            QuantityUnit::Dkk => "dkk",
            QuantityUnit::DkkThousand => "dkk_thousand",
            QuantityUnit::DkkMillion => "dkk_million",
            QuantityUnit::DkkBillion => "dkk_billion",
        }
    }

    /// Inverse of [`QuantityUnit::unit_id`].
    pub fn from_id(id: &str) -> Option<Self> {
        Some(match id {
            "percent" => QuantityUnit::Percent,
            "dkk" => QuantityUnit::Dkk,
            "dkk_thousand" => QuantityUnit::DkkThousand,
            "dkk_million" => QuantityUnit::DkkMillion,
            "dkk_billion" => QuantityUnit::DkkBillion,
            _ => return None,
        })
    }

    /// Multiplier to kroner (1 for `Percent` and `Dkk`).
    pub fn factor(&self) -> f64 {
        match self {
            QuantityUnit::Percent | QuantityUnit::Dkk => 1.0,
            QuantityUnit::DkkThousand => 1e3,
            QuantityUnit::DkkMillion => 1e6,
            QuantityUnit::DkkBillion => 1e9,
        }
    }
}

/// A number with an optional unit, as written (`262 mio. kr.` → value 262,
/// unit `DkkMillion`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub value: f64,
    pub unit: Option<QuantityUnit>,
}

impl Quantity {
    /// The value in base units: kroner for money units (`262 mio. kr.` →
    /// 262000000), otherwise the value as written.
    pub fn scaled(&self) -> f64 {
        self.value * self.unit.map_or(1.0, |u| u.factor())
    }

    /// The unit id, if any (see [`QuantityUnit::unit_id`]).
    pub fn unit_id(&self) -> Option<&'static str> {
        self.unit.map(|u| u.unit_id())
    }
}

/// A number found in running text by [`find_numbers`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberMatch {
    pub value: f64,
    pub unit: Option<QuantityUnit>,
    /// Byte offset of the first char (a sign, a digit or a fraction word).
    pub start: usize,
    /// Byte offset after the last char, including the unit spelling when one
    /// was read, and the `.` of an ordinal.
    pub end: usize,
    /// A plain 4-digit integer 1950..=2099 without unit (`2014`, `2020-2021`).
    pub is_year: bool,
    /// An ordinal written `N.` followed by a lower-case word or a digit
    /// (`hver 4. uge`, `31. december`); the `.` is inside `start..end`.
    pub is_ordinal: bool,
    /// For a range written `A-B` / `A–B` (`16-66 år`, `2020-2021`): the index
    /// in the returned vector of the other end. Both ends point at each other.
    pub range_with: Option<usize>,
    /// Read from a fraction word (`halvdelen` → 50 %), not from digits.
    pub from_words: bool,
}

struct UnitSpelling {
    spelling: String,
    unit: Option<QuantityUnit>,
    /// The spelling's first char as [`match_phrase_at`] compares it, when
    /// that is one char: a unit whose first char differs from the text's
    /// is not tried (most of them, at most positions).
    first: Option<char>,
}

/// `c` as [`match_phrase_at`] compares it: dashes as `-`, lower-cased, when
/// that gives exactly one char.
fn comparable_char(c: char) -> Option<char> {
    let c = match c {
        '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2212}' => '-',
        c => c,
    };
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => Some(l),
        _ => None,
    }
}

static UNITS: LazyLock<Vec<UnitSpelling>> = LazyLock::new(|| {
    let mut v: Vec<UnitSpelling> = tsv::rows(include_str!("../data/units.tsv"))
        .into_iter()
        .map(|r| {
            let id = r.get(1);
            let unit =
                if id == "-" {
                    None
                } else {
                    Some(QuantityUnit::from_id(id).unwrap_or_else(|| {
                        panic!("units.tsv line {}: unknown unit id {id:?}", r.line)
                    }))
                };
            let spelling = crate::text::normalize_for_match(r.get(0));
            let first = spelling.chars().next().and_then(comparable_char);
            UnitSpelling {
                spelling,
                unit,
                first,
            }
        })
        .collect();
    v.sort_by_key(|u| std::cmp::Reverse(u.spelling.chars().count()));
    v
});

struct Fraction {
    value: f64,
    unit: Option<QuantityUnit>,
}

static FRACTIONS: LazyLock<(crate::re::ForwardRegex, Vec<(String, Fraction)>)> =
    LazyLock::new(|| {
        let mut list: Vec<(String, Fraction)> =
            tsv::rows(include_str!("../data/fraction_words.tsv"))
                .into_iter()
                .map(|r| {
                    let value: f64 = r.get(1).parse().unwrap_or_else(|_| {
                        panic!("fraction_words.tsv line {}: bad value", r.line)
                    });
                    let unit = match r.get(2) {
                        "" | "-" => None,
                        id => Some(QuantityUnit::from_id(id).unwrap_or_else(|| {
                            panic!("fraction_words.tsv line {}: unknown unit", r.line)
                        })),
                    };
                    (
                        crate::text::normalize_for_match(r.get(0)),
                        Fraction { value, unit },
                    )
                })
                .collect();
        list.sort_by_key(|(p, _)| std::cmp::Reverse(p.chars().count()));
        // As `phrase_of` needs.
        for (p, _) in &list {
            let edges = [p.chars().next(), p.chars().next_back()];
            assert!(
                edges
                    .iter()
                    .all(|c| c.is_some_and(|c| !crate::re::is_not_word(c))),
                "fraction_words.tsv: {p:?} must start and end with a letter or digit"
            );
        }
        let re = crate::re::ForwardRegex::new(&fraction_hir(&list), crate::re::Use::Find);
        (re, list)
    });

/// The phrases as regex alternatives: a space may be any run of whitespace.
fn fraction_alts(list: &[(String, Fraction)]) -> Vec<String> {
    list.iter()
        .map(|(p, _)| {
            p.split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect()
}

/// `(?i)(?:^|[^\p{L}\p{N}_])(?:PHRASES)(?:$|[^\p{L}\p{N}_])`. Word
/// boundaries as classes the match takes, not `\b`: a Unicode `\b` keeps
/// the regex engine from its fast DFA on text with æøå. The phrase is the
/// match without them, see [`phrase_of`].
fn fraction_hir(list: &[(String, Fraction)]) -> Hir {
    Hir::concat(vec![
        crate::re::word_start(),
        crate::re::parse(&format!("(?i)(?:{})", fraction_alts(list).join("|"))),
        crate::re::word_end(),
    ])
}

/// The phrase of a match `a..b` of the fraction regex: without the char
/// each word boundary class took. The phrases start and end with a letter
/// (checked when they are read), which the class never matches, so a
/// first or last char in the class is a boundary.
fn phrase_of(text: &str, mut a: usize, mut b: usize) -> (usize, usize) {
    if let Some(c) = text[a..b]
        .chars()
        .next()
        .filter(|&c| crate::re::is_not_word(c))
    {
        a += c.len_utf8();
    }
    if let Some(c) = text[a..b]
        .chars()
        .next_back()
        .filter(|&c| crate::re::is_not_word(c))
    {
        b -= c.len_utf8();
    }
    (a, b)
}

/// Is `body` a Danish number body, as the regex
/// `^(?:\d{1,3}(?:\.\d{3})+|\d{1,3}(?:[\u{00A0}\u{202F}]\d{3})+|\d+)(?:,\d+)?$`
/// matches it, with ASCII digits? (The regex's other Unicode digits are no
/// number to `f64::from_str`, so [`parse_body`] rejects them either way.)
/// Written out: compiling the regex was a large part of start-up.
fn is_number_body(body: &str) -> bool {
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let (int, frac) = match body.split_once(',') {
        Some((int, frac)) => (int.as_bytes(), Some(frac.as_bytes())),
        None => (body.as_bytes(), None),
    };
    if frac.is_some_and(|f| !digits(f)) {
        return false;
    }
    if digits(int) {
        return true;
    }
    // Thousands groups: 1-3 digits, then groups of 3, each after a `.`, or
    // each after a no-break or thin space (the two may mix).
    let lead = int.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=3).contains(&lead) {
        return false;
    }
    let dots = int[lead] == b'.';
    let mut rest = &int[lead..];
    while !rest.is_empty() {
        let sep = match rest {
            [b'.', ..] if dots => 1,
            [0xC2, 0xA0, ..] if !dots => 2,
            [0xE2, 0x80, 0xAF, ..] if !dots => 3,
            _ => return false,
        };
        rest = &rest[sep..];
        if rest.len() < 3 || !digits(&rest[..3]) {
            return false;
        }
        rest = &rest[3..];
    }
    true
}

/// Candidate digit runs in running text, as the regex `\d+(?:[.,]\d+)*`
/// finds them: ASCII digits joined by single `.`/`,`. A run of the regex's
/// other Unicode digits alone is no number to [`parse_body`] (skipped
/// either way); should one touch a run of ASCII digits, the text is
/// searched with the regex itself.
fn digit_runs(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let digits_from = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let other_digit = |c: Option<char>| c.is_some_and(|c| !c.is_ascii() && c.is_numeric());
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(u8::is_ascii_digit) {
        let start = i + off;
        let mut end = digits_from(start);
        while end + 1 < b.len() && matches!(b[end], b'.' | b',') && b[end + 1].is_ascii_digit() {
            end = digits_from(end + 1);
        }
        let before = char_before(text, start);
        let after = char_at(text, end);
        if other_digit(before)
            || other_digit(after)
            || (matches!(before, Some('.' | ',')) && other_digit(char_before(text, start - 1)))
            || (matches!(after, Some('.' | ',')) && other_digit(char_at(text, end + 1)))
        {
            static DIGIT_RUN: LazyLock<meta::Regex> = LazyLock::new(|| {
                crate::re::build(&crate::re::parse(r"\d+(?:[.,]\d+)*"), crate::re::Use::Find)
            });
            return DIGIT_RUN
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
        }
        out.push((start, end));
        i = end;
    }
    out
}

fn is_minus(c: char) -> bool {
    matches!(c, '-' | '\u{2212}' | '\u{2013}')
}

/// Parse the unsigned body of a Danish number (`1.388.248`, `12,2`).
fn parse_body(body: &str) -> Option<f64> {
    if !is_number_body(body) {
        return None;
    }
    body_value(body)
}

/// The value of a number body already checked: thousands points and
/// spaces dropped, a decimal comma read as a point.
fn body_value(body: &str) -> Option<f64> {
    // Read without a copy or a float parser when the body has ASCII digits,
    // thousands points and at most one decimal comma, and at most 15
    // digits: then the digits make an integer below 2^53 and the decimals
    // a power of ten up to 10^15, both exact in f64, and their quotient is
    // rounded correctly, as `str::parse` rounds the decimal number.
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let mut mantissa: u64 = 0;
    let mut digits = 0;
    let mut decimals: Option<usize> = None;
    for b in body.bytes() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
                if let Some(k) = &mut decimals {
                    *k += 1;
                }
                if digits > 15 {
                    return body_value_cleaned(body);
                }
            }
            b'.' => {}
            b',' if decimals.is_none() => decimals = Some(0),
            _ => return body_value_cleaned(body),
        }
    }
    if digits == 0 {
        return body_value_cleaned(body);
    }
    Some(mantissa as f64 / POW10[decimals.unwrap_or(0)])
}

/// [`body_value`] by a cleaned copy of the body (for any body).
fn body_value_cleaned(body: &str) -> Option<f64> {
    let cleaned: String = body
        .chars()
        .filter(|c| !matches!(c, '.' | '\u{00A0}' | '\u{202F}'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    cleaned.parse().ok()
}

/// Parse a whole token or table cell as a Danish number.
///
/// Accepts an optional sign (`+`, `-`, `−` U+2212, `–`), thousands groups with
/// `.` (or a no-break/thin space), a decimal `,`, and a trailing `%`.
/// Everything else (`1.2.3`, `3.5`, `25. oktober`, `2015 (est.)`) is `None`.
///
/// ```
/// use planex_normalise::number::parse_danish_number;
/// assert_eq!(parse_danish_number("1.388.248"), Some(1388248.0));
/// assert_eq!(parse_danish_number("-15,9"), Some(-15.9));
/// assert_eq!(parse_danish_number("3.5"), None);
/// ```
pub fn parse_danish_number(s: &str) -> Option<f64> {
    let mut t = s.trim();
    if let Some(rest) = t.strip_suffix('%') {
        t = rest.trim_end();
    }
    let mut neg = false;
    if let Some(c) = t.chars().next() {
        if is_minus(c) {
            neg = true;
            t = &t[c.len_utf8()..];
        } else if c == '+' {
            t = &t[1..];
        }
    }
    let v = parse_body(t)?;
    Some(if neg { -v } else { v })
}

/// Look up a unit spelling for a whole string (a column header or the part
/// after a number): `"mio. kr."` → `DkkMillion`, `"(1.000 kr.)"` →
/// `DkkThousand`, `"pct."` → `Percent`. Surrounding parentheses and a leading
/// `i` (`i 1.000 kr.`) are ignored.
pub fn parse_unit(s: &str) -> Option<QuantityUnit> {
    let n = crate::text::normalize_for_match(s);
    let mut t = n.trim().trim_matches(|c| c == '(' || c == ')').trim();
    if let Some(rest) = t.strip_prefix("i ") {
        t = rest.trim();
    }
    UNITS.iter().find(|u| u.spelling == t).and_then(|u| u.unit)
}

/// Parse a quantity: a Danish number optionally followed by a unit spelling
/// from `units.tsv` (`26 %`, `35 pct.`, `12 procent`, `1.000 kr.`,
/// `262 mio. kr.`, `2,5 mia. kr.`, `26%`). Unknown trailing text → `None`.
pub fn parse_quantity(s: &str) -> Option<Quantity> {
    let t = s.trim();
    let (number, rest) = split_lead(t)?;
    let value = parse_danish_number(number)?;
    let rest = crate::text::normalize_for_match(rest);
    let rest = rest.trim_end_matches([',', ';', ':', ')']).trim();
    if rest.is_empty() {
        return Some(Quantity { value, unit: None });
    }
    let u = UNITS.iter().find(|u| u.spelling == rest)?;
    u.unit.map(|unit| Quantity {
        value,
        unit: Some(unit),
    })
}

/// `t` split as the regex `^([+\-\u{2212}\u{2013}]?[\d.,\u{00A0}\u{202F}]*\d)\s*(.*)$`
/// captures it: a signed run of digits and separators up to its last digit,
/// then whitespace, then the rest (no line break in it). Written out for
/// ASCII digits; a run that stops at another Unicode digit goes to the
/// regex.
fn split_lead(t: &str) -> Option<(&str, &str)> {
    let mut run_start = 0;
    if let Some(c) = t
        .chars()
        .next()
        .filter(|&c| matches!(c, '+' | '-' | '\u{2212}' | '\u{2013}'))
    {
        run_start = c.len_utf8();
    }
    let mut last_digit_end = None;
    for (i, c) in t[run_start..].char_indices() {
        match c {
            '0'..='9' => last_digit_end = Some(run_start + i + 1),
            '.' | ',' | '\u{00A0}' | '\u{202F}' => {}
            c if !c.is_ascii() && c.is_numeric() => return split_lead_regex(t),
            _ => break,
        }
    }
    let number_end = last_digit_end?;
    let rest = t[number_end..].trim_start();
    (!rest.contains('\n')).then(|| (&t[..number_end], rest))
}

/// [`split_lead`] by the regex (for text with other Unicode digits).
fn split_lead_regex(t: &str) -> Option<(&str, &str)> {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([+\-\u{2212}\u{2013}]?[\d.,\u{00A0}\u{202F}]*\d)\s*(.*)$")
            .expect("lead regex")
    });
    let caps = LEAD.captures(t)?;
    Some((
        caps.get(1)?.as_str(),
        caps.get(2).map_or("", |m| m.as_str()),
    ))
}

/// Case-insensitive match of `phrase` (already normalised) at byte `pos` of
/// `text`; a space in the phrase matches any run of whitespace (also none,
/// when the phrase char before it is `.`). Returns the end offset.
fn match_phrase_at(text: &str, pos: usize, phrase: &str) -> Option<usize> {
    // Read by bytes: a text char and a phrase char that are both ASCII are
    // compared by their ASCII lower case (what `to_lowercase` gives them);
    // any other pair as chars. Most tries fail at the first or second char.
    let bytes = text.as_bytes();
    let mut i = pos;
    let mut prev = '\0';
    for pc in phrase.chars() {
        if pc == ' ' {
            let from = i;
            while let Some(&b) = bytes.get(i) {
                let len = if b.is_ascii() {
                    (b as char).is_whitespace().then_some(1)
                } else {
                    char_at(text, i)
                        .filter(|c| c.is_whitespace())
                        .map(char::len_utf8)
                };
                match len {
                    Some(len) => i += len,
                    None => break,
                }
            }
            if i == from && prev != '.' {
                return None;
            }
        } else {
            let b = *bytes.get(i)?;
            if b.is_ascii() && pc.is_ascii() {
                if !b.eq_ignore_ascii_case(&(pc as u8)) {
                    return None;
                }
                i += 1;
            } else {
                let c = char_at(text, i)?;
                i += c.len_utf8();
                if !phrase_char_matches(c, pc) {
                    return None;
                }
            }
        }
        prev = pc;
    }
    Some(i)
}

/// Does the text char `c` match the phrase char `pc`: the same when
/// lower-cased, any hyphen or minus sign reading as `-`?
fn phrase_char_matches(c: char, pc: char) -> bool {
    let c = match c {
        '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2212}' => '-',
        c => c,
    };
    c.to_lowercase().eq(pc.to_lowercase())
}

/// The spellings [`unit_at`] tries (not those starting with a digit), as
/// indices into [`UNITS`] in its order, grouped by the first char of the
/// text they can match: after a number most words start with a char no
/// spelling does, and no spelling is tried.
struct UnitsByFirst {
    /// Per first char of some spelling: the spellings with that first char
    /// or with none (see [`UnitSpelling::first`]).
    by_first: Vec<(char, Vec<usize>)>,
    /// The spellings without a first char: all a text char of no spelling
    /// may match.
    unkeyed: Vec<usize>,
    /// Every spelling: what a text char without one comparable char may match.
    all: Vec<usize>,
}

impl UnitsByFirst {
    fn new(units: &[UnitSpelling]) -> UnitsByFirst {
        let all: Vec<usize> = (0..units.len())
            .filter(|&i| !units[i].spelling.starts_with(|c: char| c.is_ascii_digit()))
            .collect();
        let unkeyed: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| units[i].first.is_none())
            .collect();
        let mut by_first: Vec<(char, Vec<usize>)> = Vec::new();
        for &i in &all {
            if let Some(c) = units[i].first {
                if !by_first.iter().any(|(k, _)| *k == c) {
                    let tried = all
                        .iter()
                        .copied()
                        .filter(|&j| units[j].first.is_none_or(|f| f == c))
                        .collect();
                    by_first.push((c, tried));
                }
            }
        }
        UnitsByFirst {
            by_first,
            unkeyed,
            all,
        }
    }

    /// The spellings to try where the text's first char, as
    /// [`comparable_char`] gives it, is `first`.
    fn candidates(&self, first: Option<char>) -> &[usize] {
        match first {
            None => &self.all,
            Some(c) => self
                .by_first
                .iter()
                .find(|(k, _)| *k == c)
                .map_or(&self.unkeyed, |(_, tried)| tried),
        }
    }
}

static UNITS_BY_FIRST: LazyLock<UnitsByFirst> = LazyLock::new(|| UnitsByFirst::new(&UNITS));

/// Longest unit spelling at `pos` ending at a word end.
fn unit_at(text: &str, pos: usize) -> Option<(usize, Option<QuantityUnit>)> {
    let first = char_at(text, pos).and_then(comparable_char);
    UNITS_BY_FIRST
        .candidates(first)
        .iter()
        .find_map(|&i| spelling_at(text, pos, &UNITS[i]))
}

/// Where spelling `u` ends at `pos`, ending at a word end, and its unit.
fn spelling_at(text: &str, pos: usize, u: &UnitSpelling) -> Option<(usize, Option<QuantityUnit>)> {
    let end = match_phrase_at(text, pos, &u.spelling)?;
    let last = u.spelling.chars().next_back()?;
    let next_ok = !is_word_char(last) || char_at(text, end).is_none_or(|c| !is_word_char(c));
    next_ok.then_some((end, u.unit))
}

/// Scan running text for numbers (see [`NumberMatch`]).
///
/// * Danish separators are respected: `1.388.248`, `12,2` are one number;
///   malformed runs (`2.1.4`, `3.5`) are skipped entirely.
/// * Digits glued to a word are skipped (`COVID-19`, `3F`, `A4`), unless the
///   glued text is a unit (`26%`, `5pct.`).
/// * A unit from `units.tsv` may follow, after optional whitespace.
/// * `A-B` ranges are both reported and linked via `range_with`; a unit on the
///   second end only is copied to the first (`10-15 %`).
/// * Fraction words from `fraction_words.tsv` (`halvdelen` → 50 %) are
///   reported with `from_words = true`.
pub fn find_numbers(text: &str) -> Vec<NumberMatch> {
    let mut out: Vec<NumberMatch> = Vec::new();
    for (run_start, run_end) in digit_runs(text) {
        let run = &text[run_start..run_end];
        let Some(mut value) = parse_body(run) else {
            continue;
        };
        let mut start = run_start;
        // What precedes the digits: a sign, a range dash, or a glued word.
        if let Some(pc) = char_before(text, start) {
            if is_word_char(pc) {
                continue;
            }
            let before_sign = char_before(text, start - pc.len_utf8());
            if is_minus(pc) || pc == '+' {
                match before_sign {
                    Some(b) if b.is_alphabetic() => continue, // COVID-19
                    Some(b) if b.is_ascii_digit() => {}       // range 16-66
                    _ => {
                        if is_minus(pc) {
                            value = -value;
                        }
                        start -= pc.len_utf8();
                    }
                }
            }
        }
        let mut end = run_end;
        let mut is_ordinal = false;
        let mut unit = None;
        let plain = run.bytes().all(|b| b.is_ascii_digit());
        match char_at(text, end) {
            Some('.') if plain => {
                // Ordinal when followed by whitespace and a lower-case word or digit.
                let after = &text[end + 1..];
                let trimmed = after.trim_start();
                if trimmed.len() < after.len() {
                    if let Some(c) = trimmed.chars().next() {
                        if c.is_lowercase() || c.is_ascii_digit() {
                            is_ordinal = true;
                            end += 1;
                        }
                    }
                }
            }
            Some(c) if is_word_char(c) || c == '%' => match unit_at(text, end) {
                Some((e, u)) => {
                    end = e;
                    unit = u;
                }
                None if c == '%' => {}
                None => continue,
            },
            _ => {}
        }
        if !is_ordinal && end == run_end {
            // Optional whitespace (no line break), then a unit.
            let ws: usize = text[end..]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\u{00A0}' || *c == '\u{202F}' || *c == '\t')
                .map(char::len_utf8)
                .sum();
            if let Some((e, u)) = unit_at(text, end + ws) {
                end = e;
                unit = u;
            }
        }
        let is_year = plain
            && !is_ordinal
            && unit.is_none()
            && run.len() == 4
            && (1950.0..=2099.0).contains(&value)
            && start == run_start;
        out.push(NumberMatch {
            value,
            unit,
            start,
            end,
            is_year,
            is_ordinal,
            range_with: None,
            from_words: false,
        });
    }
    let (re, list) = &*FRACTIONS;
    let mut pos = 0;
    while let Some((a, b)) = re.find_at(text, pos) {
        let (start, end) = phrase_of(text, a, b);
        // The next word may start right after this one's trailing boundary.
        pos = end;
        let key = crate::text::normalize_for_match(&text[start..end]);
        if let Some((_, f)) = list.iter().find(|(p, _)| *p == key) {
            out.push(NumberMatch {
                value: f.value,
                unit: f.unit,
                start,
                end,
                is_year: false,
                is_ordinal: false,
                range_with: None,
                from_words: true,
            });
        }
    }
    out.sort_by_key(|n| n.start);
    // Link ranges: two digit numbers separated only by a dash (spaces allowed).
    for i in 1..out.len() {
        let (a, b) = (&out[i - 1], &out[i]);
        if a.from_words || b.from_words || a.is_ordinal || b.is_ordinal || a.end > b.start {
            continue;
        }
        let between = text[a.end..b.start].trim();
        if between.chars().count() == 1 && between.chars().all(|c| is_minus(c) || c == '\u{2014}') {
            let unit = b.unit;
            out[i - 1].range_with = Some(i);
            out[i].range_with = Some(i - 1);
            if out[i - 1].unit.is_none() && unit.is_some() {
                out[i - 1].unit = unit;
                out[i - 1].is_year = false;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fraction words found as the regex with a capture group found
    /// them before (the oracle), on corpus and seeded random texts.
    #[test]
    fn fraction_words_as_the_capture_regex() {
        let (_, list) = &*FRACTIONS;
        let oracle = Regex::new(&format!(
            r"(?i)(?:^|[^\p{{L}}\p{{N}}_])(?P<w>{})(?:$|[^\p{{L}}\p{{N}}_])",
            fraction_alts(list).join("|")
        ))
        .expect("valid");
        let old = |text: &str| {
            let mut out = Vec::new();
            let mut pos = 0;
            while let Some(c) = oracle.captures_at(text, pos) {
                let m = c.name("w").expect("word group");
                pos = m.end();
                let key = crate::text::normalize_for_match(m.as_str());
                if let Some((_, f)) = list.iter().find(|(p, _)| *p == key) {
                    out.push((m.start(), m.end(), f.value));
                }
            }
            out
        };
        let new = |text: &str| -> Vec<(usize, usize, f64)> {
            find_numbers(text)
                .into_iter()
                .filter(|n| n.from_words)
                .map(|n| (n.start, n.end, n.value))
                .collect()
        };
        let mut texts = corpus_paragraphs();
        let mut pieces: Vec<String> = list.iter().map(|(p, _)| p.clone()).collect();
        pieces.extend(list.iter().map(|(p, _)| p.to_uppercase()));
        pieces.extend(list.iter().map(|(p, _)| p.replace('k', "\u{212a}")));
        for extra in [
            " ", " ", "  ", "\n", "\u{a0}", ".", ",", "-", "_", "1", "x", "æ", "Ⓐ", "\u{345}", "ι",
            "\u{b3e}", "\u{301}", "Ⅻ", "²", "en", "to",
        ] {
            pieces.push(extra.to_string());
        }
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        let mut random = planex_testkit::RandomText::new(23);
        texts.extend((0..20_000).map(|_| random.pieces(&pieces, 8)));
        let mut found = 0;
        for text in &texts {
            let expected = old(text);
            found += expected.len();
            assert_eq!(new(text), expected, "{text:?}");
        }
        assert!(found > 1000, "{found}");
    }

    /// `match_phrase_at` as it was: char by char, every char compared by
    /// [`phrase_char_matches`] (the ASCII byte comparison is under test).
    fn match_phrase_at_by_chars(text: &str, pos: usize, phrase: &str) -> Option<usize> {
        let mut it = text[pos..].char_indices().peekable();
        let mut prev = '\0';
        for pc in phrase.chars() {
            if pc == ' ' {
                let mut n = 0;
                while it.next_if(|&(_, c)| c.is_whitespace()).is_some() {
                    n += 1;
                }
                if n == 0 && prev != '.' {
                    return None;
                }
            } else {
                let (_, c) = it.next()?;
                if !phrase_char_matches(c, pc) {
                    return None;
                }
            }
            prev = pc;
        }
        Some(pos + it.peek().map_or(text.len() - pos, |&(i, _)| i))
    }

    /// The byte reading finds what the char reading finds, for every unit
    /// spelling and fraction phrase at every char boundary of the corpus
    /// paragraphs and of seeded random texts of spellings in mixed case,
    /// odd whitespace, dashes and capitals.
    #[test]
    fn match_phrase_at_as_char_by_char() {
        let mut phrases: Vec<String> = UNITS.iter().map(|u| u.spelling.clone()).collect();
        phrases.extend(FRACTIONS.1.iter().map(|(p, _)| p.clone()));
        phrases.extend(["-x", "a\u{2013}b", "\u{212a}r.", "æ ø", "ß", "i"].map(String::from));
        let mut texts = corpus_paragraphs();
        texts.extend(mixed_case_texts(
            &phrases,
            &[
                " ", "  ", "\u{a0}", "\u{2028}", "\n", "\t", "\x1c", ".", "-", "\u{2013}",
                "\u{2011}", "5", "x", "ø", "Ø", "İ", "ß", "ẞ", "K", "\u{301}",
            ],
            4242,
            3_000,
        ));
        let mut found = 0;
        for text in &texts {
            for (pos, _) in text.char_indices().chain([(text.len(), ' ')]) {
                for phrase in &phrases {
                    let expected = match_phrase_at_by_chars(text, pos, phrase);
                    found += usize::from(expected.is_some());
                    assert_eq!(
                        match_phrase_at(text, pos, phrase),
                        expected,
                        "{text:?} at {pos}, {phrase:?}"
                    );
                }
            }
        }
        assert!(found > 5_000, "{found}");
    }

    /// `unit_at` as it was: every spelling in order, skipping those that
    /// start with a digit or whose first char differs from the text's.
    fn unit_at_by_scan(text: &str, pos: usize) -> Option<(usize, Option<QuantityUnit>)> {
        let first = char_at(text, pos).and_then(comparable_char);
        UNITS.iter().find_map(|u| {
            if u.spelling.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            if let (Some(a), Some(b)) = (first, u.first) {
                if a != b {
                    return None;
                }
            }
            spelling_at(text, pos, u)
        })
    }

    /// The spellings tried by first char find the unit the scan of all
    /// finds, at every char boundary of the corpus paragraphs and of seeded
    /// random texts of unit spellings in mixed case.
    #[test]
    fn units_by_first_char_as_the_scan() {
        let mut texts = corpus_paragraphs();
        let spellings: Vec<String> = UNITS.iter().map(|u| u.spelling.clone()).collect();
        texts.extend(mixed_case_texts(
            &spellings,
            &[
                " ", " ", "\u{a0}", "\n", ".", "-", "\u{2013}", "5", "x", "ø", "İ", "ß", "point",
                "er",
            ],
            31,
            5_000,
        ));
        let mut found = 0;
        for text in &texts {
            for (pos, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let expected = unit_at_by_scan(text, pos);
                found += usize::from(expected.is_some());
                assert_eq!(unit_at(text, pos), expected, "{text:?} at {pos}");
            }
        }
        assert!(found > 5_000, "{found}");
    }

    /// The grouping keeps, for every first char, the spellings the scan
    /// tries, in order, also for spellings without one first char (none in
    /// the data today).
    #[test]
    fn units_by_first_char_groups_as_the_filter() {
        let spelling = |s: &str| UnitSpelling {
            spelling: s.to_string(),
            unit: None,
            first: s.chars().next().and_then(comparable_char),
        };
        let units: Vec<UnitSpelling> = ["pct.", "İx", "1.000 kr.", "%", "kr.", "procent", "ẞa"]
            .iter()
            .map(|s| spelling(s))
            .collect();
        let grouped = UnitsByFirst::new(&units);
        for c in ['p', 'P', 'k', '%', '1', 'x', 'İ', 'ẞ', 'ø', '\u{2013}'] {
            let first = comparable_char(c);
            let expected: Vec<usize> = (0..units.len())
                .filter(|&i| !units[i].spelling.starts_with(|c: char| c.is_ascii_digit()))
                .filter(|&i| match (first, units[i].first) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                })
                .collect();
            assert_eq!(grouped.candidates(first), expected, "{c:?}");
        }
        assert_eq!(grouped.candidates(None).len(), 6);
    }

    /// Plain-digit bodies read without a copy give the value the copy gave,
    /// for any text (random number-like texts and the corpus digit runs).
    #[test]
    fn body_value_without_copy_as_the_copy() {
        let mut texts = random_numbers(37, 20_000);
        for text in corpus_paragraphs() {
            texts.extend(
                digit_runs(&text)
                    .iter()
                    .map(|&(a, b)| text[a..b].to_string()),
            );
        }
        texts.extend(["", "0", "007", "12345678901234567890123", "2020"].map(str::to_string));
        texts.extend(
            [
                ",",
                ".",
                "5,",
                ",5",
                ",.5",
                "1.,5",
                "1,2,3",
                "0,000",
                "999999999999999",
                "9999999999999999",
                "123456789012345,6",
                "0,123456789012345",
                "9007199254740993",
                "1\u{a0}000,5",
                "1\u{202f}000",
                "-5",
                "1e5",
                "+1",
            ]
            .map(str::to_string),
        );
        let mut random = planex_testkit::RandomText::new(59);
        let pieces = [
            "0", "1", "5", "9", "12", "999", "123456", ".", ",", "\u{a0}", "x",
        ];
        texts.extend((0..20_000).map(|_| random.pieces(&pieces, 12)));
        let mut plain = 0;
        for text in &texts {
            plain += usize::from(!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(
                body_value(text).map(f64::to_bits),
                body_value_cleaned(text).map(f64::to_bits),
                "{text:?}"
            );
        }
        assert!(plain > 1_000, "{plain}");
    }

    /// `count` seeded random texts of up to 8 pieces: `words` as they are,
    /// in capitals and with the Kelvin sign for `k`, and `extras`.
    fn mixed_case_texts(words: &[String], extras: &[&str], seed: u64, count: usize) -> Vec<String> {
        let mut pieces: Vec<String> = words.to_vec();
        pieces.extend(words.iter().map(|w| w.to_uppercase()));
        pieces.extend(words.iter().map(|w| w.replace('k', "\u{212a}")));
        pieces.extend(extras.iter().map(|e| e.to_string()));
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        let mut random = planex_testkit::RandomText::new(seed);
        (0..count).map(|_| random.pieces(&pieces, 8)).collect()
    }

    fn corpus_paragraphs() -> Vec<String> {
        let mut texts = Vec::new();
        for text in planex_testkit::corpus_texts() {
            texts.extend(text.split("\n\n").map(str::to_string));
        }
        texts
    }

    /// Seeded random number-like texts: digits, separators, signs, units,
    /// spaces, letters and other Unicode digits and numerals.
    fn random_numbers(seed: u64, count: usize) -> Vec<String> {
        let pieces = [
            "1",
            "2",
            "0",
            "12",
            "123",
            "1234",
            "2020",
            ".000",
            ".388",
            "\u{a0}000",
            "\u{202f}250",
            ",5",
            ".",
            ".",
            ",",
            ",",
            "\u{a0}",
            "\u{202f}",
            " ",
            " ",
            "\n",
            "\t",
            "-",
            "+",
            "\u{2212}",
            "\u{2013}",
            "%",
            "kr.",
            "mio. kr.",
            "pct.",
            "x",
            "æ",
            "\u{663}",
            "\u{ff11}",
            "²",
            "½",
            "Ⅻ",
            "(",
            ")",
            ";",
            ":",
        ];
        let mut random = planex_testkit::RandomText::new(seed);
        (0..count).map(|_| random.pieces(&pieces, 10)).collect()
    }

    /// Number bodies, digit runs and leading numbers read as the regexes
    /// they replaced read them (the oracles).
    #[test]
    fn hand_written_readers_agree_with_the_regexes() {
        let body = Regex::new(
            r"^(?:\d{1,3}(?:\.\d{3})+|\d{1,3}(?:[\u{00A0}\u{202F}]\d{3})+|\d+)(?:,\d+)?$",
        )
        .expect("valid");
        let run = Regex::new(r"\d+(?:[.,]\d+)*").expect("valid");
        let lead = Regex::new(r"^([+\-\u{2212}\u{2013}]?[\d.,\u{00A0}\u{202F}]*\d)\s*(.*)$")
            .expect("valid");
        // The check was the regex; reading the checked body is unchanged.
        let old_body = |b: &str| body.is_match(b).then(|| body_value(b)).flatten();
        let mut texts = corpus_paragraphs();
        for p in corpus_paragraphs() {
            texts.extend(p.split_whitespace().map(str::to_string));
        }
        texts.extend(random_numbers(31, 60_000));
        let (mut bodies, mut runs, mut leads) = (0, 0, 0);
        for text in &texts {
            let t = text.trim();
            let expected = old_body(t);
            bodies += usize::from(expected.is_some());
            assert_eq!(
                parse_body(t).map(f64::to_bits),
                expected.map(f64::to_bits),
                "{t:?}"
            );
            let numbers = |spans: Vec<(usize, usize)>| -> Vec<(usize, usize)> {
                spans
                    .into_iter()
                    .filter(|&(a, b)| old_body(&text[a..b]).is_some())
                    .collect()
            };
            let expected = numbers(run.find_iter(text).map(|m| (m.start(), m.end())).collect());
            runs += expected.len();
            assert_eq!(numbers(digit_runs(text)), expected, "{text:?}");
            let expected = lead.captures(t).map(|c| {
                (
                    c.get(1).expect("group").as_str(),
                    c.get(2).map_or("", |m| m.as_str()),
                )
            });
            leads += usize::from(expected.is_some());
            assert_eq!(split_lead(t), expected, "{t:?}");
            assert_eq!(split_lead_regex(t), expected, "{t:?}");
        }
        assert!(
            bodies > 2_000 && runs > 20_000 && leads > 10_000,
            "{bodies} {runs} {leads}"
        );
    }

    #[test]
    fn whole_numbers() {
        let cases: &[(&str, Option<f64>)] = &[
            ("1.388.248", Some(1388248.0)),
            ("12,2", Some(12.2)),
            ("26%", Some(26.0)),
            ("-15,9", Some(-15.9)),
            ("\u{2212}3", Some(-3.0)),
            ("19,0", Some(19.0)),
            ("4.165", Some(4165.0)),
            ("1.181", Some(1181.0)),
            ("2.994", Some(2994.0)),
            ("1600", Some(1600.0)),
            ("0,5", Some(0.5)),
            ("+4", Some(4.0)),
            (" 4.987 ", Some(4987.0)),
            ("1.000,50", Some(1000.5)),
            ("1\u{00A0}388", Some(1388.0)),
            ("1.2.3", None),
            ("3.5", None),
            ("25. oktober", None),
            ("2015 (est.)", None),
            ("Udkast 2015", None),
            ("12.", None),
            ("", None),
            ("-", None),
            ("1.0000", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_danish_number(s), *want, "{s:?}");
        }
    }

    #[test]
    fn quantities() {
        let q = |s| parse_quantity(s).unwrap_or_else(|| panic!("{s}"));
        assert_eq!(
            q("26 %"),
            Quantity {
                value: 26.0,
                unit: Some(QuantityUnit::Percent)
            }
        );
        assert_eq!(q("26%").unit, Some(QuantityUnit::Percent));
        assert_eq!(q("35 pct.").unit, Some(QuantityUnit::Percent));
        assert_eq!(q("12 procent").value, 12.0);
        assert_eq!(
            q("1.000 kr."),
            Quantity {
                value: 1000.0,
                unit: Some(QuantityUnit::Dkk)
            }
        );
        let m = q("262 mio. kr.");
        assert_eq!(m.value, 262.0);
        assert_eq!(m.unit, Some(QuantityUnit::DkkMillion));
        assert_eq!(m.scaled(), 262_000_000.0);
        assert_eq!(m.unit_id(), Some("dkk_million"));
        let b = q("2,5 mia. kr.");
        assert_eq!(b.unit, Some(QuantityUnit::DkkBillion));
        assert_eq!(b.scaled(), 2_500_000_000.0);
        assert_eq!(
            q("1.388.248"),
            Quantity {
                value: 1388248.0,
                unit: None
            }
        );
        assert_eq!(parse_quantity("12 borgere"), None);
        assert_eq!(parse_quantity("5 procentpoint"), None);
        assert_eq!(parse_quantity("kr. 5"), None);
    }

    #[test]
    fn unit_ids_and_headers() {
        for u in [
            QuantityUnit::Percent,
            QuantityUnit::Dkk,
            QuantityUnit::DkkThousand,
            QuantityUnit::DkkMillion,
            QuantityUnit::DkkBillion,
        ] {
            assert_eq!(QuantityUnit::from_id(u.unit_id()), Some(u));
        }
        assert_eq!(QuantityUnit::DkkThousand.unit_id(), "dkk_thousand");
        assert_eq!(parse_unit("(1.000 kr.)"), Some(QuantityUnit::DkkThousand));
        assert_eq!(parse_unit("i 1.000 kr."), Some(QuantityUnit::DkkThousand));
        assert_eq!(parse_unit("Mio. kr."), Some(QuantityUnit::DkkMillion));
        assert_eq!(parse_unit("pct."), Some(QuantityUnit::Percent));
        assert_eq!(parse_unit("borgere"), None);
    }

    fn vals(text: &str) -> Vec<f64> {
        find_numbers(text).iter().map(|n| n.value).collect()
    }

    #[test]
    fn running_text() {
        let t = "skal falde med mindst 5 % fra ultimo 2014";
        let n = find_numbers(t);
        assert_eq!(n.len(), 2);
        assert_eq!((n[0].value, n[0].unit), (5.0, Some(QuantityUnit::Percent)));
        assert_eq!(&t[n[0].start..n[0].end], "5 %");
        assert!(!n[0].is_year);
        assert_eq!(n[1].value, 2014.0);
        assert!(n[1].is_year);

        let t = "højst 1.181 borgere";
        let n = find_numbers(t);
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].value, 1181.0);
        assert_eq!(&t[n[0].start..n[0].end], "1.181");

        let n = find_numbers("75 pct. af");
        assert_eq!((n[0].value, n[0].unit), (75.0, Some(QuantityUnit::Percent)));
        assert_eq!(n[0].end, "75 pct.".len());

        let n = find_numbers("hver 4. uge");
        assert_eq!(n.len(), 1);
        assert!(n[0].is_ordinal);
        assert_eq!(n[0].value, 4.0);

        let n = find_numbers("på ydelse. Antallet var 1.181. Det er");
        assert!(!n[0].is_ordinal);
        assert_eq!(n[0].value, 1181.0);
    }

    #[test]
    fn ranges_and_years() {
        let n = find_numbers("beboerne i alderen 16-66 år");
        assert_eq!(n.len(), 2);
        assert_eq!((n[0].value, n[1].value), (16.0, 66.0));
        assert_eq!((n[0].range_with, n[1].range_with), (Some(1), Some(0)));

        let n = find_numbers("Beskæftigelsesplan 2020-2021");
        assert_eq!(n.len(), 2);
        assert!(n[0].is_year && n[1].is_year);
        assert_eq!(n[0].range_with, Some(1));

        let n = find_numbers("mellem 10–15 % af de 15-24 årige");
        assert_eq!(
            vals("mellem 10–15 % af de 15-24 årige"),
            vec![10.0, 15.0, 15.0, 24.0]
        );
        assert_eq!(n[0].unit, Some(QuantityUnit::Percent));
        assert_eq!(n[2].unit, None);
    }

    #[test]
    fn separators_signs_and_words() {
        assert_eq!(
            vals("i alt 1.388.248 kr. og 12,2 pct."),
            vec![1388248.0, 12.2]
        );
        assert_eq!(vals("i forlængelse af COVID-19 og 3F"), Vec::<f64>::new());
        assert_eq!(vals("afsnit 2.1.4 og 3.5"), Vec::<f64>::new());
        assert_eq!(
            vals("ændring -15,9 og \u{2212}3 samt +4"),
            vec![-15.9, -3.0, 4.0]
        );
        assert_eq!(vals("jf. § 100"), vec![100.0]);
        let n = find_numbers("budget på ca. 400 mio. kr. i 2021");
        assert_eq!(
            (n[0].value, n[0].unit),
            (400.0, Some(QuantityUnit::DkkMillion))
        );
        assert!(n[1].is_year);
        let n = find_numbers("en stigning på 26%");
        assert_eq!(n[0].unit, Some(QuantityUnit::Percent));
        let n = find_numbers("steg 2 procentpoint");
        assert_eq!((n[0].value, n[0].unit), (2.0, None));
    }

    #[test]
    fn fraction_words() {
        let t = "kontakt med halvdelen af virksomhederne";
        let n = find_numbers(t);
        assert_eq!(n.len(), 1);
        assert_eq!((n[0].value, n[0].unit), (50.0, Some(QuantityUnit::Percent)));
        assert!(n[0].from_words);
        assert_eq!(&t[n[0].start..n[0].end], "halvdelen");
        let n = find_numbers("En tredjedel af de ledige og en fjerdedel af resten, et kvart");
        let v: Vec<f64> = n.iter().map(|n| n.value).collect();
        assert_eq!(v, vec![33.33, 25.0, 25.0]);
        assert!(find_numbers("i første kvartal").is_empty());
    }
}
