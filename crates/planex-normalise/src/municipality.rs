//! The 98 Danish municipalities (`data/municipalities.tsv`): lookup by name
//! and detection of a plan's own municipality.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
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
    mention: Regex,
    /// The first word of every name, capitalised and in capitals: a line
    /// without one holds no mention, and most lines have none, so the big
    /// `mention` regex runs only where this finds something.
    first_words: FirstWords,
}

/// A set of words, found as substrings of a line by their first byte: the
/// words start with a capital, so few bytes of a Danish line (whose nouns
/// are lower-case) are candidates at all. A byte-table scan is a few
/// instructions a byte, several times cheaper than an automaton's step.
struct FirstWords {
    /// Is the byte the first byte of a word?
    is_first: [bool; 256],
    /// Is the pair of bytes the start of a word? (A bit per pair: the
    /// second byte rules out most candidates, e.g. `Ã` + `¦` = `æ` when
    /// only `Æ`, `Ø` and `Å` start a word.)
    starts: Vec<u64>,
    /// Per first byte, the words starting with it.
    by_first_byte: Vec<Vec<Box<[u8]>>>,
}

impl FirstWords {
    fn new(words: &[String]) -> FirstWords {
        let mut by_first_byte = vec![Vec::new(); 256];
        let mut starts = vec![0u64; 65536 / 64];
        let mut is_first = [false; 256];
        for w in words {
            let b = w.as_bytes();
            assert!(b.len() >= 2, "municipality first word {w:?}: too short");
            by_first_byte[b[0] as usize].push(b.into());
            let pair = (b[0] as usize) << 8 | b[1] as usize;
            starts[pair / 64] |= 1 << (pair % 64);
            is_first[b[0] as usize] = true;
        }
        FirstWords {
            is_first,
            starts,
            by_first_byte,
        }
    }

    /// Does `line` contain one of the words?
    fn is_match(&self, line: &str) -> bool {
        let bytes = line.as_bytes();
        let mut from = 0;
        // `position` over a byte table compiles to a tight loop.
        while let Some(k) = bytes[from..]
            .iter()
            .position(|&b| self.is_first[b as usize])
        {
            let i = from + k;
            from = i + 1;
            let b = bytes[i];
            let Some(&next) = bytes.get(i + 1) else {
                return false;
            };
            let pair = (b as usize) << 8 | next as usize;
            if self.starts[pair / 64] & (1 << (pair % 64)) != 0
                && self.by_first_byte[b as usize]
                    .iter()
                    .any(|w| bytes[i..].starts_with(w))
            {
                return true;
            }
        }
        false
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

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut entries = Vec::new();
    let mut index = HashMap::new();
    let mut names: Vec<&'static str> = Vec::new();
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
            if !n.to_lowercase().contains("kommune") {
                names.push(n);
            }
        }
        entries.push(MunicipalityEntry {
            code,
            name,
            aliases,
        });
    }
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.dedup();
    let alts: Vec<String> = names
        .iter()
        .map(|n| {
            n.split(['-', ' '])
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"[\s\-]+")
        })
        .collect();
    let mention = Regex::new(&format!(
        // Explicit letter classes instead of `\b`: a Unicode word boundary
        // makes the regex engine fall back to its slowest mode on non-ASCII
        // text (every plan, with æøå), which dominated the whole pipeline.
        // No capture groups: matches are found with the DFA alone and
        // their parts read by `Mention::read`.
        r"(?i)(?:^|[^\p{{L}}\p{{N}}_])(?:jobcenter\s+|kommune\s+)?(?:{})s?(?:\s+(?:regions)?kommunes?)?(?:$|[^\p{{L}}\p{{N}}_])",
        alts.join("|")
    ))
    .expect("municipality regex");
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
    // Case-sensitive: a mention starts with a capital, and "vejen" (the
    // road) is no mention of Vejen.
    let first_words = FirstWords::new(&words);
    Table {
        entries,
        index,
        mention,
        first_words,
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
            let lower = first.to_lowercase();
            if lower == "jobcenter" || lower == "kommune" {
                jobcenter = lower == "jobcenter";
                kommune_before = !jobcenter;
                a += first.len();
                a += text[a..b].len() - text[a..b].trim_start().len();
            }
        }
        let mut kommune_after = false;
        if let Some((rest, last)) = text[a..b].rsplit_once(char::is_whitespace) {
            let lower = last.to_lowercase();
            let word = lower.strip_prefix("regions").unwrap_or(&lower);
            if matches!(word, "kommune" | "kommunes") && !rest.trim().is_empty() {
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
    for (line, text) in lines.iter().enumerate() {
        if !t.first_words.is_match(text) {
            continue;
        }
        // A mention may run on to the next line ("**Holbæk\nKommune**").
        let next = lines.get(line + 1).copied();
        let window = match next {
            Some(n) => format!("{text}\n{n}"),
            None => text.to_string(),
        };
        let base = line_starts[line];
        for m in t.mention.find_iter(&window) {
            // `find` runs on the regex's DFA alone; the parts are read off
            // the short match by hand (captures would need the slow NFA).
            let Some(mention) = Mention::read(&window, m.start(), m.end()) else {
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
    use std::collections::HashSet;

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

    /// The byte-table scan finds exactly what a substring automaton finds,
    /// on every line of the corpus plans and on edge cases.
    #[test]
    fn same_as_aho_corasick() {
        let words: Vec<String> = ["Aalborg", "AALBORG", "Ærø", "ÆRØ", "Ø", "Holbæk", "Vejen"]
            .map(String::from)
            .to_vec();
        let gate = FirstWords::new(&words);
        let automaton = aho_corasick::AhoCorasick::new(&words).unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/text");
        let mut lines: Vec<String> = ["", "vejen", "Vej", "xVejen", "Æ", "Ø", "ærø Ærø", "AALBOR"]
            .map(String::from)
            .to_vec();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            lines.extend(text.lines().map(String::from));
        }
        let mut hits = 0;
        for l in &lines {
            assert_eq!(gate.is_match(l), automaton.is_match(l), "{l:?}");
            hits += usize::from(gate.is_match(l));
        }
        assert!(hits > 10 && hits < lines.len() / 2, "{hits}");
        // And with the real word list.
        let t = &*TABLE;
        let corpus_hits = lines.iter().filter(|l| t.first_words.is_match(l)).count();
        assert!(corpus_hits > 0);
    }
}
