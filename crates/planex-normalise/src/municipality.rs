//! The 98 Danish municipalities (`data/municipalities.tsv`): lookup by name
//! and detection of a plan's own municipality.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

use crate::text::normalize_for_match;
use crate::tsv;

/// One municipality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MunicipalityEntry {
    /// Official 3-digit kommunekode, e.g. `"851"`.
    pub code: &'static str,
    /// Official name without "Kommune", e.g. `"Aalborg"`.
    pub name: &'static str,
    /// Alternative spellings and titles.
    pub aliases: Vec<&'static str>,
}

impl MunicipalityEntry {
    /// The kommunekode as a number (`851`).
    pub fn code_num(&self) -> u16 {
        self.code.parse().expect("validated 3-digit code")
    }
}

struct Table {
    entries: Vec<MunicipalityEntry>,
    index: HashMap<String, usize>,
    /// Built with the reverse DFA that finds a match's start: lines hold
    /// many mentions, too many to find starts with forward searches
    /// ([`crate::re::ForwardRegex`]).
    mention: regex_automata::meta::Regex,
    /// The first word of every name, capitalised and in capitals: a line
    /// without one holds no mention, and most lines have none, so the big
    /// `mention` regex runs only where this finds something.
    first_words: FirstWords,
    /// Are all names made of letters, `-` and spaces? Then a mention crosses
    /// a line break only between a letter (then spaces or `-`) at the end of
    /// one line and a letter at the start of the next (see [`may_run_on`]).
    names_are_letters: bool,
}

/// A set of words, found as substrings of a line. The words start with a
/// capital, and few bytes of a Danish line (whose nouns are lower-case) can
/// end a capital: the scan looks for the byte that ends a word's first char
/// (its *anchor*: `A`..`Z` for ASCII, the second byte of `Æ`, `Ø`, `Å`, not
/// the lead byte 0xC3 that `æ`, `ø`, `å` share), eight bytes at a time.
struct FirstWords {
    /// Per byte: bit `k` is set when the byte can end a word's first char
    /// that began `k` bytes before it (0 for ASCII, 1 for `Æ`, ...).
    anchor_offsets: [u8; 256],
    /// Do all anchors lie in the ranges [`coarse_anchor_mask`] finds eight
    /// bytes at a time?
    swar: bool,
    /// Is the pair of bytes the start of a word? (A bit per pair.)
    starts: Vec<u64>,
    /// Per `u64` of `starts`, the number of pairs set in the ones before it:
    /// the rank of a set pair indexes `by_pair`.
    pair_rank: Vec<u32>,
    /// Per pair set in `starts` (in order), the words starting with it.
    by_pair: Vec<Vec<Box<[u8]>>>,
}

const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` in 0x40..=0x5F (`@`, `A`..`Z`, `[`..`_`)
/// or 0x80..=0x9F (the second bytes of Latin-1 capitals): the bytes whose
/// top three bits are 010 or 100. Shifting left moves each byte's bits 6 and 5
/// to bit 7 of the same byte, so no bit crosses a byte.
#[inline]
fn coarse_anchor_mask(x: u64) -> u64 {
    (x ^ (x << 1)) & !(x << 2) & HIGH
}

impl FirstWords {
    fn new(words: &[String]) -> FirstWords {
        let mut anchor_offsets = [0u8; 256];
        let mut starts = vec![0u64; 65536 / 64];
        for w in words {
            let b = w.as_bytes();
            assert!(b.len() >= 2, "municipality first word {w:?}: too short");
            let first_len = w.chars().next().map_or(1, char::len_utf8);
            anchor_offsets[b[first_len - 1] as usize] |= 1 << (first_len - 1);
            let pair = (b[0] as usize) << 8 | b[1] as usize;
            starts[pair / 64] |= 1 << (pair % 64);
        }
        let mut pair_rank = Vec::with_capacity(starts.len());
        let mut rank = 0;
        for bits in &starts {
            pair_rank.push(rank);
            rank += bits.count_ones();
        }
        let mut by_pair = vec![Vec::new(); rank as usize];
        for w in words {
            let b = w.as_bytes();
            let group = Self::group(&starts, &pair_rank, b[0], b[1]).expect("pair set above");
            by_pair[group].push(b.into());
        }
        let swar = (0..=255u8).all(|b| {
            anchor_offsets[b as usize] == 0
                || (0x40..=0x5f).contains(&b)
                || (0x80..=0x9f).contains(&b)
        });
        FirstWords {
            anchor_offsets,
            swar,
            starts,
            pair_rank,
            by_pair,
        }
    }

    /// The index in `by_pair` of the words starting with `a`, `b`, if any.
    #[inline]
    fn group(starts: &[u64], pair_rank: &[u32], a: u8, b: u8) -> Option<usize> {
        let pair = (a as usize) << 8 | b as usize;
        let (bits, bit) = (starts[pair / 64], 1u64 << (pair % 64));
        (bits & bit != 0)
            .then(|| pair_rank[pair / 64] as usize + (bits & (bit - 1)).count_ones() as usize)
    }

    /// Does `line` contain one of the words?
    fn is_match(&self, line: &str) -> bool {
        let bytes = line.as_bytes();
        let mut at = 0;
        if self.swar {
            // Sixteen bytes a round: most rounds find no candidate at all.
            let chunks = bytes.chunks_exact(16);
            let tail = chunks.remainder();
            for chunk in chunks {
                if self.any_word_in_16(bytes, at, chunk) {
                    return true;
                }
                at += 16;
            }
            // The tail too, zero-padded (a zero byte is no anchor): byte by
            // byte it was a third of the scan, lines being short.
            let mut padded = [0u8; 16];
            padded[..tail.len()].copy_from_slice(tail);
            return self.any_word_in_16(bytes, at, &padded);
        }
        (at..bytes.len()).any(|i| self.word_with_anchor_at(bytes, i))
    }

    /// Does a word's first char end at a byte of `bytes[at..at + 16]`, whose
    /// copy (zero past the end of `bytes`) is `chunk`?
    #[inline]
    fn any_word_in_16(&self, bytes: &[u8], at: usize, chunk: &[u8]) -> bool {
        let (a, b) = chunk.split_at(8);
        let a = coarse_anchor_mask(u64::from_le_bytes(a.try_into().expect("8 bytes")));
        let b = coarse_anchor_mask(u64::from_le_bytes(b.try_into().expect("8 bytes")));
        a | b != 0 && (self.any_word(bytes, at, a) || self.any_word(bytes, at + 8, b))
    }

    /// Does a word's first char end at one of the bytes of `bytes[at..at + 8]`
    /// that `mask` marks?
    #[inline]
    fn any_word(&self, bytes: &[u8], at: usize, mut mask: u64) -> bool {
        while mask != 0 {
            if self.word_with_anchor_at(bytes, at + (mask.trailing_zeros() / 8) as usize) {
                return true;
            }
            mask &= mask - 1;
        }
        false
    }

    /// Does a word whose first char ends at byte `i` start in `bytes`?
    #[inline]
    fn word_with_anchor_at(&self, bytes: &[u8], i: usize) -> bool {
        let offsets = self.anchor_offsets[bytes[i] as usize];
        match offsets {
            0 => return false,
            1 => return self.word_at(bytes, i),
            _ => {}
        }
        (0..4).any(|k| offsets & (1 << k) != 0 && k <= i && self.word_at(bytes, i - k))
    }

    /// Does a word start at byte `i` of `bytes`?
    #[inline]
    fn word_at(&self, bytes: &[u8], i: usize) -> bool {
        let (Some(&a), Some(&b)) = (bytes.get(i), bytes.get(i + 1)) else {
            return false;
        };
        Self::group(&self.starts, &self.pair_rank, a, b)
            .is_some_and(|g| self.by_pair[g].iter().any(|w| bytes[i..].starts_with(w)))
    }
}

/// Lookup key: casefolded, `-` as space, `aa` as `å`, without "Jobcenter",
/// "Kommune(s)", "Regionskommune" and a trailing apostrophe.
fn key(s: &str) -> String {
    let mut k = normalize_for_match(s).replace('-', " ").replace("aa", "å");
    k = k.trim().trim_end_matches(['\'', '’']).to_string();
    for pre in ["jobcenter ", "kommune ", "regionskommunen "] {
        if let Some(rest) = k.strip_prefix(pre) {
            k = rest.to_string();
        }
    }
    for suf in [" regionskommune", " kommunes", " kommune"] {
        if let Some(rest) = k.strip_suffix(suf) {
            k = rest.to_string();
        }
    }
    k.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The names and aliases the `mention` regex looks for (those without
/// "Kommune"), longest first.
fn mention_names(entries: &[MunicipalityEntry]) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = entries
        .iter()
        .flat_map(|e| std::iter::once(e.name).chain(e.aliases.iter().copied()))
        .filter(|n| !n.to_lowercase().contains("kommune"))
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.dedup();
    names
}

/// The first word of every name, capitalised and in capitals.
fn first_words_of(names: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = names
        .iter()
        .filter_map(|n| n.split([' ', '-']).next())
        .flat_map(|w| {
            let mut chars = w.chars();
            let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
            let title = first.unwrap_or_default() + &chars.as_str().to_lowercase();
            [title, w.to_uppercase()]
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

/// The names as regex alternatives: `-` or a space between words may be
/// any run of whitespace and `-`.
fn mention_alts(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|n| {
            n.split(['-', ' '])
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"[\s\-]+")
        })
        .collect()
}

/// The `mention` regex:
/// `(?i)(?:^|[^\p{L}\p{N}_])(?:jobcenter\s+|kommune\s+)?(?:ALTS)s?(?:\s+(?:regions)?kommunes?)?(?:$|[^\p{L}\p{N}_])`.
/// Explicit letter classes instead of `\b`: a Unicode word boundary makes
/// the regex engine fall back to its slowest mode on non-ASCII text (every
/// plan, with æøå). No capture groups: matches are found with the DFA alone
/// and their parts read by `Mention::read`.
fn mention_hir(alts: &[String]) -> regex_syntax::hir::Hir {
    regex_syntax::hir::Hir::concat(vec![
        crate::re::word_start(),
        crate::re::parse(&format!(
            r"(?i)(?:jobcenter\s+|kommune\s+)?(?:{})s?(?:\s+(?:regions)?kommunes?)?",
            alts.join("|")
        )),
        crate::re::word_end(),
    ])
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut entries = Vec::new();
    let mut index = HashMap::new();
    for r in tsv::rows(include_str!("../data/municipalities.tsv")) {
        let code = r.get(0);
        assert!(
            code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()),
            "municipalities.tsv line {}: bad code {code:?}",
            r.line
        );
        let name = r.get(1);
        let aliases: Vec<&'static str> = r
            .cells
            .iter()
            .skip(2)
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
            .collect();
        let i = entries.len();
        for n in std::iter::once(name).chain(aliases.iter().copied()) {
            index.entry(key(n)).or_insert(i);
        }
        entries.push(MunicipalityEntry {
            code,
            name,
            aliases,
        });
    }
    let names = mention_names(&entries);
    let mention = crate::re::build(&mention_hir(&mention_alts(&names)), crate::re::Use::Find);
    // Case-sensitive: a mention starts with a capital, and "vejen" (the
    // road) is no mention of Vejen.
    let first_words = FirstWords::new(&first_words_of(&names));
    let names_are_letters = names
        .iter()
        .all(|n| n.chars().all(|c| c.is_alphabetic() || c == '-' || c == ' '));
    Table {
        entries,
        index,
        mention,
        first_words,
        names_are_letters,
    }
});

/// All municipalities, in table order (by kommunekode).
pub fn municipalities() -> &'static [MunicipalityEntry] {
    &TABLE.entries
}

/// The municipality with the given kommunekode (`"851"` or `"0851"`).
pub fn municipality_by_code(code: &str) -> Option<&'static MunicipalityEntry> {
    let c = code.trim().trim_start_matches('0');
    TABLE.entries.iter().find(|e| e.code == c)
}

/// Look a municipality up by name or alias: case-insensitive, tolerant of
/// `aa`/`å`, `-`/space, a genitive `s` ("Holbæks"), and "Kommune" /
/// "Jobcenter" around the name.
pub fn lookup_municipality(name: &str) -> Option<&'static MunicipalityEntry> {
    let k = key(name);
    if k.is_empty() {
        return None;
    }
    let t = &*TABLE;
    t.index
        .get(&k)
        .or_else(|| k.strip_suffix('s').and_then(|s| t.index.get(s)))
        .map(|&i| &t.entries[i])
}

/// The parts of one match of the `mention` regex.
struct Mention<'a> {
    /// Byte offset of the mention ("Jobcenter", "Kommune" or the name).
    start: usize,
    /// The name, with a genitive `s` if printed ("Holbæks").
    name: Part<'a>,
    jobcenter: bool,
    kommune_before: bool,
    kommune_after: bool,
}

struct Part<'a> {
    start: usize,
    text: &'a str,
}

impl<'a> Mention<'a> {
    /// Split the match `text[a..b]` of
    /// `boundary (jobcenter\s+ | kommune\s+)? NAME s? (\s+ (regions)?kommunes?)? boundary`.
    fn read(text: &'a str, mut a: usize, mut b: usize) -> Option<Mention<'a>> {
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        if let Some(c) = text[a..b].chars().next().filter(|&c| !is_word(c)) {
            a += c.len_utf8();
        }
        if let Some(c) = text[a..b].chars().next_back().filter(|&c| !is_word(c)) {
            b -= c.len_utf8();
        }
        let start = a;
        let mut jobcenter = false;
        let mut kommune_before = false;
        if let Some((first, _)) = text[a..b].split_once(char::is_whitespace) {
            jobcenter = lower_is(first, "jobcenter");
            kommune_before = !jobcenter && lower_is(first, "kommune");
            if jobcenter || kommune_before {
                a += first.len();
                a += text[a..b].len() - text[a..b].trim_start().len();
            }
        }
        let mut kommune_after = false;
        if let Some((rest, last)) = text[a..b].rsplit_once(char::is_whitespace) {
            let kommune = ["kommune", "kommunes", "regionskommune", "regionskommunes"]
                .iter()
                .any(|w| lower_is(last, w));
            if kommune && !rest.trim().is_empty() {
                kommune_after = true;
                b = a + rest.trim_end().len();
            }
        }
        (a < b).then(|| Mention {
            start,
            name: Part {
                start: a,
                text: &text[a..b],
            },
            jobcenter,
            kommune_before,
            kommune_after,
        })
    }
}

/// Is `word` lower-cased `lower`? Without allocating when `lower` is ASCII
/// (the words looked for are): the chars lower-cased one by one are then
/// the lower-cased string (only a final Σ is lower-cased by its context,
/// to ς or σ, neither of them ASCII), and most words differ at once.
fn lower_is(word: &str, lower: &str) -> bool {
    if word.is_ascii() {
        word.eq_ignore_ascii_case(lower)
    } else if lower.is_ascii() {
        word.chars().flat_map(char::to_lowercase).eq(lower.chars())
    } else {
        word.to_lowercase() == lower
    }
}

/// Lines counted as title/cover; mentions there weigh [`EARLY_WEIGHT`] times more.
const EARLY_LINES: usize = 40;
const EARLY_WEIGHT: f32 = 4.0;
/// Weight of "Jobcenter X" and "X Kommune(s)".
const STRONG: f32 = 3.0;
/// Weight of "Kommune X".
const MEDIUM: f32 = 2.0;
/// Weight of a bare capitalised name not at a sentence start.
const WEAK: f32 = 0.5;

/// Find the plan's own municipality from its lines (title, cover, body).
///
/// Every mention scores: "Jobcenter X" and "X Kommune(s)" 3, "Kommune X" 2,
/// a bare capitalised name 0.5 (not at a sentence start, unless it is the
/// whole line); mentions in the first 40 lines count 4 times. Mentions may
/// span a line break ("**Holbæk\nKommune**"). The best total wins (ties: the
/// earliest first mention). Confidence = share of the total score ×
/// (1 − e^(−best/6)), in `0.0..1.0`.
pub fn detect_municipality(lines: &[&str]) -> Option<(&'static MunicipalityEntry, f32)> {
    detect(lines, false)
}

/// Can a mention run on from `line` to `next`? The `mention` regex crosses
/// the line break only inside a `[\s\-]+` between words (a break matched as
/// the boundary after a name is the same mention as the end of the line):
/// `line` must end with a letter, then perhaps spaces and `-`, and `next`
/// start (after spaces and `-`) with a letter.
fn may_run_on(line: &str, next: &str) -> bool {
    let joint = |c: char| c.is_whitespace() || c == '-';
    line.trim_end_matches(joint).ends_with(char::is_alphabetic)
        && next
            .trim_start_matches(joint)
            .starts_with(char::is_alphabetic)
}

/// [`detect_municipality`]; with `always_join`, every line is searched
/// together with the next (as first written: the test's reference).
fn detect(lines: &[&str], always_join: bool) -> Option<(&'static MunicipalityEntry, f32)> {
    let t = &*TABLE;
    let mut line_starts = Vec::with_capacity(lines.len());
    let mut off = 0;
    for l in lines {
        line_starts.push(off);
        off += l.len() + 1;
    }
    let mut scores: HashMap<usize, (f32, usize)> = HashMap::new();
    let mut looked_up: HashMap<String, Option<usize>> = HashMap::new();
    // Offset (in the lines joined by "\n") up to which a mention was taken.
    let mut taken_until = 0usize;
    let mut joined = String::new();
    for (line, &text) in lines.iter().enumerate() {
        if !t.first_words.is_match(text) {
            continue;
        }
        // A mention may run on to the next line ("**Holbæk\nKommune**"):
        // then the line is searched with the next one (most lines end with
        // a full stop and are searched alone, a third of the bytes).
        let window = match lines.get(line + 1) {
            Some(next) if always_join || !t.names_are_letters || may_run_on(text, next) => {
                joined.clear();
                joined.push_str(text);
                joined.push('\n');
                joined.push_str(next);
                joined.as_str()
            }
            _ => text,
        };
        let base = line_starts[line];
        for m in t.mention.find_iter(window) {
            // `find` runs on the regex's DFA alone; the parts are read off
            // the short match by hand (captures would need the slow NFA).
            let Some(mention) = Mention::read(window, m.start(), m.end()) else {
                continue;
            };
            let name = mention.name;
            let local_start = mention.start;
            // Mentions starting on the next line are its own to count, and
            // one that started on the line before is not counted again.
            if local_start > text.len() || base + name.start < taken_until {
                continue;
            }
            taken_until = base + m.end();
            if !name.text.starts_with(char::is_uppercase) {
                continue;
            }
            // A plan names its municipality many times: look each
            // printed form up once.
            let found = match looked_up.get(name.text) {
                Some(&found) => found,
                None => {
                    let found = t
                        .index
                        .get(&key(name.text))
                        .or_else(|| {
                            name.text
                                .strip_suffix('s')
                                .and_then(|n| t.index.get(&key(n)))
                        })
                        .copied();
                    looked_up.insert(name.text.to_string(), found);
                    found
                }
            };
            let Some(idx) = found else {
                continue;
            };
            let start = base + local_start;
            let w = if mention.jobcenter || mention.kommune_after {
                STRONG
            } else if mention.kommune_before {
                MEDIUM
            } else {
                let line_text =
                    text.trim_matches(|ch: char| ch.is_whitespace() || ch == '*' || ch == '#');
                let before = window[..local_start].trim_end_matches(|ch: char| {
                    ch.is_whitespace()
                        || ch == '*'
                        || ch == '#'
                        || ch == '('
                        || ch == '"'
                        || ch == '”'
                });
                let sentence_start =
                    before.is_empty() || before.ends_with(['.', '!', '?', ':', '•', '-']);
                if line_text == name.text || !sentence_start {
                    WEAK
                } else {
                    continue;
                }
            };
            let w = if line < EARLY_LINES {
                w * EARLY_WEIGHT
            } else {
                w
            };
            let e = scores.entry(idx).or_insert((0.0, start));
            e.0 += w;
        }
    }
    let total: f32 = scores.values().map(|s| s.0).sum();
    let (&best, &(score, _)) = scores
        .iter()
        .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))?;
    let confidence = (score / total) * (1.0 - (-score / 6.0).exp());
    Some((&t.entries[best], confidence))
}

#[cfg(test)]
mod tests {
    use super::*;
    use planex_testkit::RandomText;
    use std::collections::HashSet;

    /// The `mention` regex is the one compiled before from this pattern
    /// string (same translation, so the same matches).
    #[test]
    fn mention_regex_is_the_string_pattern() {
        let alts = mention_alts(&mention_names(municipalities()));
        let old = format!(
            r"(?i)(?:^|[^\p{{L}}\p{{N}}_])(?:jobcenter\s+|kommune\s+)?(?:{})s?(?:\s+(?:regions)?kommunes?)?(?:$|[^\p{{L}}\p{{N}}_])",
            alts.join("|")
        );
        assert_eq!(mention_hir(&alts), crate::re::parse(&old));
    }

    #[test]
    fn table_has_98_unique() {
        let all = municipalities();
        assert_eq!(all.len(), 98);
        let codes: HashSet<_> = all.iter().map(|e| e.code).collect();
        assert_eq!(codes.len(), 98);
        let names: HashSet<_> = all.iter().map(|e| key(e.name)).collect();
        assert_eq!(names.len(), 98);
        for e in all {
            assert_eq!(e.code.len(), 3);
            assert!((101..=860).contains(&e.code_num()), "{}", e.code);
            // Every name and alias leads back to its own entry.
            for n in std::iter::once(e.name).chain(e.aliases.iter().copied()) {
                assert_eq!(lookup_municipality(n).map(|m| m.code), Some(e.code), "{n}");
            }
        }
        assert!(lookup_municipality("Christiansø").is_none());
    }

    #[test]
    fn known_codes() {
        for (name, code) in [
            ("Aalborg", "851"),
            ("Holbæk", "316"),
            ("Jammerbugt", "849"),
            ("København", "101"),
            ("Frederiksberg", "147"),
            ("Aarhus", "751"),
            ("Odense", "461"),
            ("Brønderslev", "810"),
            ("Frederikshavn", "813"),
            ("Hjørring", "860"),
            ("Bornholm", "400"),
            ("Ærø", "492"),
            ("Fanø", "563"),
            ("Læsø", "825"),
            ("Samsø", "741"),
        ] {
            assert_eq!(
                lookup_municipality(name).map(|m| m.code),
                Some(code),
                "{name}"
            );
        }
    }

    #[test]
    fn lookup_variants() {
        let code = |s| lookup_municipality(s).map(|m| m.code);
        assert_eq!(code("Holbæks"), Some("316"));
        assert_eq!(code("holbæk kommune"), Some("316"));
        assert_eq!(code("Jobcenter Aalborg"), Some("851"));
        assert_eq!(code("Ålborg"), Some("851"));
        assert_eq!(code("AALBORG"), Some("851"));
        assert_eq!(code("Århus"), Some("751"));
        assert_eq!(code("Høje Taastrup"), Some("169"));
        assert_eq!(code("Høje-Tåstrup"), Some("169"));
        assert_eq!(code("Lyngby-Taarbæk"), Some("173"));
        assert_eq!(code("Ringkøbing-Skjern"), Some("760"));
        assert_eq!(code("Ikast Brande"), Some("756"));
        assert_eq!(code("Vesthimmerlands Kommune"), Some("820"));
        assert_eq!(code("Vesthimmerland"), Some("820"));
        assert_eq!(code("Nordfyns"), Some("480"));
        assert_eq!(code("Bornholms Regionskommune"), Some("400"));
        assert_eq!(code("Københavns Kommune"), Some("101"));
        assert_eq!(code("Aabenraa"), Some("580"));
        assert_eq!(code("Faaborg-Midtfyn"), Some("430"));
        assert_eq!(code("Nowhere"), None);
        assert_eq!(code(""), None);
        assert_eq!(
            municipality_by_code("0851").map(|m| m.name),
            Some("Aalborg")
        );
    }

    #[test]
    fn detection_prefers_title_over_neighbours() {
        let mut lines = vec![
            "",
            "Beskæftigelsesplan 2021",
            "",
            "Jobcenter Jammerbugt",
            "",
        ];
        lines.extend(std::iter::repeat_n("Almindelig brødtekst uden navne.", 60));
        lines.push(
            "Vi har et samarbejde med Aalborg Kommune, Frederikshavn, Hjørring og Brønderslev.",
        );
        lines.push("Brønderslev Kommune og Hjørring Kommune deltager også.");
        lines.push("I Jammerbugt Kommune er ledigheden lav.");
        let (m, conf) = detect_municipality(&lines).unwrap();
        assert_eq!(m.code, "849");
        assert!(conf > 0.5, "{conf}");
    }

    /// Searching a line alone unless a mention may run on to the next
    /// finds what searching every line with the next finds: on the corpus
    /// plans, on them re-wrapped at every space and hyphen after 30 bytes,
    /// and on seeded random plans of names, "Jobcenter", "Kommune(s)",
    /// spaces, hyphens and punctuation at line ends.
    #[test]
    fn searching_lines_alone_agrees_with_joining() {
        let mut docs: Vec<Vec<String>> = Vec::new();
        for text in planex_testkit::corpus_texts() {
            docs.push(text.lines().map(String::from).collect());
            let mut wrapped = Vec::new();
            for l in text.lines() {
                let mut line = String::new();
                for c in l.chars() {
                    line.push(c);
                    if (c == ' ' || c == '-') && line.len() > 30 {
                        wrapped.push(std::mem::take(&mut line));
                    }
                }
                wrapped.push(line);
            }
            docs.push(wrapped);
        }
        let pieces = [
            "Jobcenter",
            "jobcenter",
            "JOBCENTER",
            "Kommune",
            "kommune",
            "Kommunes",
            "KOMMUNE",
            "Regionskommune",
            "Aalborg",
            "AALBORG",
            "Ålborg",
            "Aalborgs",
            "aalborg",
            "Holbæk",
            "HOLBÆK",
            "Holbæks",
            "Lyngby",
            "Taarbæk",
            "Høje",
            "Taastrup",
            "Vejen",
            "vejen",
            "Ærø",
            "Brønderslev",
            "Bornholms",
            "Jammerbugt",
            " ",
            " ",
            " ",
            "  ",
            "-",
            ".",
            ",",
            ":",
            "**",
            "#",
            "(",
            "\"",
            "”",
            "•",
            "1",
            "og",
            "i",
            "er",
            "\u{a0}",
            "\t",
        ];
        let mut random = RandomText::new(13);
        for _ in 0..3000 {
            let n = 1 + random.below(50);
            docs.push((0..n).map(|_| random.pieces(&pieces, 10)).collect());
        }
        let mut found = 0;
        for doc in &docs {
            let lines: Vec<&str> = doc.iter().map(String::as_str).collect();
            let (alone, joined) = (detect(&lines, false), detect(&lines, true));
            assert_eq!(
                alone.map(|m| m.0.code),
                joined.map(|m| m.0.code),
                "{lines:?}"
            );
            if let (Some((_, a)), Some((_, b))) = (alone, joined) {
                // (Scores are summed in hash order: equal up to rounding.)
                assert!((a - b).abs() < 1e-5, "{a} {b} {lines:?}");
                found += 1;
            }
        }
        assert!(found > 1000, "{found}");
    }

    #[test]
    fn lower_is_agrees_with_to_lowercase() {
        for w in [
            "Jobcenter",
            "JOBCENTER",
            "jobcenter",
            "Jobcentre",
            "\u{212a}ommune",
            "KOMMUNE",
        ] {
            for lower in ["jobcenter", "kommune"] {
                assert_eq!(lower_is(w, lower), w.to_lowercase() == lower, "{w}");
            }
        }
    }

    #[test]
    fn detection_across_line_break() {
        let lines = [
            "Beskæftigelsesplan 2020-2021",
            "**Holbæk",
            "Kommune**",
            "Vejen til job.",
        ];
        let (m, _) = detect_municipality(&lines).unwrap();
        assert_eq!(m.code, "316");
        assert!(detect_municipality(&["Ingen kommune her", "Vejen frem."]).is_none());
    }
}

#[cfg(test)]
mod first_words_tests {
    use super::*;
    use planex_testkit::RandomText;

    fn corpus_lines() -> Vec<String> {
        let mut lines = Vec::new();
        for text in planex_testkit::corpus_texts() {
            lines.extend(text.lines().map(String::from));
        }
        lines
    }

    /// Edge cases and seeded random lines built from name fragments, capitals,
    /// `æøå`, their capitals and other multi-byte chars, at every offset
    /// within an 8-byte word.
    fn tricky_lines() -> Vec<String> {
        let mut lines: Vec<String> = [
            "",
            "vejen",
            "Vej",
            "xVejen",
            "Æ",
            "Ø",
            "ærø Ærø",
            "AALBOR",
            "Aalborg",
            "12345678Vejen",
            "1234567Vejen",
            "Vejen1234567",
            "æææææææÆRØ",
            "ÅÅÅÅ",
            "–––Ærø",
            "Ωmega",
            "€uro",
        ]
        .map(String::from)
        .to_vec();
        let pieces = [
            "a", "A", "V", "Ve", "Vej", "vejen", "Vejen", "VEJEN", "æ", "Æ", "ø", "Ø", "å", "Å",
            "Ærø", "ÆRØ", "ærø", "Aalborg", "AALBORG", "Aal", "aalborg", "Holbæk", "Hol", "HOLBÆK",
            "bæk", " ", "\n", "–", "•", "”", "K", "Kommune", "ommune", "x", "1", "Ω", "Ωmega", "€",
            "€uro", "Ĳ",
        ];
        let mut random = RandomText::new(7);
        lines.extend((0..20_000).map(|_| random.pieces(&pieces, 24)));
        lines
    }

    /// The mention regex finds what the `regex` crate finds with the old pattern string (the oracle): on corpus
    /// lines, pairs of lines, tricky and seeded random lines with word-edge
    /// chars of every kind.
    #[test]
    fn mentions_found_as_the_regex_crate() {
        let alts = mention_alts(&mention_names(municipalities()));
        let oracle = regex::Regex::new(&format!(
            r"(?i)(?:^|[^\p{{L}}\p{{N}}_])(?:jobcenter\s+|kommune\s+)?(?:{})s?(?:\s+(?:regions)?kommunes?)?(?:$|[^\p{{L}}\p{{N}}_])",
            alts.join("|")
        ))
        .expect("valid");
        let corpus = corpus_lines();
        let mut texts: Vec<String> = corpus.windows(2).map(|w| w.join("\n")).collect();
        texts.extend(corpus);
        texts.extend(tricky_lines());
        let pieces = [
            "Jobcenter ",
            "KOMMUNE ",
            "Holbæk",
            "Vejen",
            "Ærø",
            "kommune",
            "s",
            " ",
            "\n",
            "-",
            "_",
            "1",
            "Ⓐ",
            "\u{345}",
            "\u{301}",
            "Ⅻ",
            ".",
            "(",
            "x",
            "Regionskommune",
        ];
        let mut random = RandomText::new(13);
        texts.extend((0..20_000).map(|_| random.pieces(&pieces, 10)));
        let mut found = 0;
        for text in &texts {
            let expected: Vec<(usize, usize)> = oracle
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            found += expected.len();
            let got: Vec<(usize, usize)> = TABLE
                .mention
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(got, expected, "{text:?}");
        }
        assert!(found > 5_000, "{found}");
    }

    /// The word-at-a-time scan finds exactly what a substring automaton
    /// finds: with the real word list and with sets that exercise the
    /// offsets of multi-byte first chars and the byte-by-byte fallback.
    #[test]
    fn same_as_aho_corasick() {
        let word_sets: Vec<Vec<String>> = [
            first_words_of(&mention_names(municipalities())),
            ["Aalborg", "AALBORG", "Ærø", "ÆRØ", "Ø", "Holbæk", "Vejen"]
                .map(String::from)
                .to_vec(),
            // Not all anchors in the word-at-a-time ranges: a lower-case
            // word, a 2-byte capital outside Latin-1 and 3-byte first chars.
            ["vejen", "Ωmega", "€uro", "Ĳs", "Ærø", "Aal"]
                .map(String::from)
                .to_vec(),
        ]
        .to_vec();
        let mut lines = corpus_lines();
        let corpus_len = lines.len();
        lines.extend(tricky_lines());
        for (set, words) in word_sets.iter().enumerate() {
            let gate = FirstWords::new(words);
            assert_eq!(gate.swar, set < 2, "{words:?}");
            let automaton = aho_corasick::AhoCorasick::new(words).unwrap();
            let (mut hits, mut corpus_hits) = (0, 0);
            for (i, l) in lines.iter().enumerate() {
                let found = gate.is_match(l);
                assert_eq!(found, automaton.is_match(l), "{l:?} {words:?}");
                hits += usize::from(found);
                corpus_hits += usize::from(found && i < corpus_len);
            }
            assert!(hits > 1000 && hits < lines.len() - 1000, "{hits}");
            if set < 2 {
                assert!(
                    corpus_hits > 10 && corpus_hits < corpus_len / 2,
                    "{corpus_hits}"
                );
            }
        }
    }

    /// `lower_is` is the comparison with the lower-cased string, on words
    /// of capitals, Kelvin signs (lower-cased to ASCII `k`), İ and Σ.
    #[test]
    fn lower_is_agrees_with_to_lowercase_on_random_words() {
        let pieces = [
            "K",
            "k",
            "\u{212a}",
            "OMMUNE",
            "ommune",
            "Jobcenter",
            "İ",
            "i",
            "Σ",
            "σ",
            "ς",
            "æ",
            "Æ",
            "s",
            "S",
        ];
        let lowers = ["kommune", "kommunes", "jobcenter", "is", "iσ", "iς", "ki̇"];
        let mut random = RandomText::new(13);
        let mut equal = 0;
        for _ in 0..20_000 {
            let word = random.pieces(&pieces, 5);
            for lower in lowers {
                let want = word.to_lowercase() == lower;
                assert_eq!(lower_is(&word, lower), want, "{word:?} {lower:?}");
                equal += usize::from(want);
            }
        }
        assert!(equal > 100, "{equal}");
    }

    #[test]
    fn coarse_mask_finds_its_byte_ranges() {
        for b in 0..=255u8 {
            let want = (0x40..=0x5f).contains(&b) || (0x80..=0x9f).contains(&b);
            for at in 0..8 {
                let x = (b as u64) << (8 * at);
                assert_eq!(
                    coarse_anchor_mask(x) == 1 << (8 * at + 7),
                    want,
                    "{b:#x} at {at}"
                );
                // Neighbours inside and outside the ranges change nothing.
                for fill in [
                    0x5a80_9f41_5a80_9f41u64,
                    0xffff_ffff_ffff_ffff,
                    0x3fa0_c3e0_7f60_20bf,
                ] {
                    let y = x | fill & !(0xff << (8 * at));
                    assert_eq!(
                        coarse_anchor_mask(y) & (0x80 << (8 * at)) != 0,
                        want,
                        "{b:#x}"
                    );
                }
            }
        }
    }
}
