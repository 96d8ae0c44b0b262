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
        r"(?i)(?:^|[^\p{{L}}\p{{N}}_])(?:(?P<jc>jobcenter)\s+|(?P<kpre>kommune)\s+)?(?P<name>{})s?(?:\s+(?P<kom>(?:regions)?kommunes?))?(?:$|[^\p{{L}}\p{{N}}_])",
        alts.join("|")
    ))
    .expect("municipality regex");
    Table {
        entries,
        index,
        mention,
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
    let text = lines.join("\n");
    let mut line_starts = Vec::with_capacity(lines.len());
    let mut off = 0;
    for l in lines {
        line_starts.push(off);
        off += l.len() + 1;
    }
    let mut scores: HashMap<usize, (f32, usize)> = HashMap::new();
    for c in t.mention.captures_iter(&text) {
        let name = c.name("name").expect("name group");
        if !name.as_str().starts_with(char::is_uppercase) {
            continue;
        }
        let Some(&idx) = t.index.get(&key(name.as_str())) else {
            continue;
        };
        let start = c.name("jc").or(c.name("kpre")).unwrap_or(name).start();
        let line = line_starts
            .partition_point(|&s| s <= start)
            .saturating_sub(1);
        let w = if c.name("jc").is_some() || c.name("kom").is_some() {
            STRONG
        } else if c.name("kpre").is_some() {
            MEDIUM
        } else {
            let line_text =
                lines[line].trim_matches(|ch: char| ch.is_whitespace() || ch == '*' || ch == '#');
            let before = text[line_starts[line]..start].trim_end_matches(|ch: char| {
                ch.is_whitespace() || ch == '*' || ch == '#' || ch == '(' || ch == '"' || ch == '”'
            });
            let sentence_start =
                before.is_empty() || before.ends_with(['.', '!', '?', ':', '•', '-']);
            if line_text == name.as_str() || !sentence_start {
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
