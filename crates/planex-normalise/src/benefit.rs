//! Benefit types (*ydelsestyper*, CODEBOOK §6), from `data/benefit_types.tsv`.
//!
//! Matching works on [`normalize_for_match`] text (casefolded, soft hyphens
//! and emphasis removed, dashes unified, spaces collapsed). A synonym must
//! start at a word start and end at a word end, except that a synonym of 7 or
//! more characters may be the first part of a compound word ("fleksjob" in
//! "fleksjobbere"). The longest synonym wins.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;
use serde::Serialize;

use crate::text::{char_at, char_before, is_word_char, normalize_for_match};
use crate::tsv;

/// A recognised benefit type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenefitMatch {
    /// Canonical id, e.g. `ressourceforloeb`.
    pub id: &'static str,
    /// Qualifier: the note of the synonym (e.g. `jobparate`) and/or, for
    /// [`benefit_type`], the rest of the label (e.g. `over 30`); for
    /// [`find_benefit_type`], an age qualifier right after the mention.
    pub note: Option<String>,
}

struct Synonym {
    text: String,
    id: &'static str,
    note: &'static str,
}

/// All synonyms in one automaton, pattern index = index in [`SYNONYMS`]:
/// one pass over a text finds every synonym, instead of one substring
/// search per synonym.
static AUTOMATON: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(SYNONYMS.iter().map(|s| s.text.as_str())).expect("benefit synonym automaton")
});

/// Every valid occurrence (see [`occurrences`]) of every synonym in `n`, as
/// `(synonym index, start, end)`.
fn all_occurrences(n: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    AUTOMATON.find_overlapping_iter(n).filter_map(move |m| {
        let k = m.pattern().as_usize();
        valid_occurrence(n, &SYNONYMS[k], m.start()).map(|(a, b)| (k, a, b))
    })
}

/// Minimum length (chars) for a synonym to match the start of a compound.
const COMPOUND_MIN: usize = 7;

static SYNONYMS: LazyLock<Vec<Synonym>> = LazyLock::new(|| {
    let mut v: Vec<Synonym> = tsv::rows(include_str!("../data/benefit_types.tsv"))
        .into_iter()
        .map(|r| {
            let text = normalize_for_match(r.get(1));
            assert!(
                !r.get(0).is_empty() && !text.is_empty(),
                "benefit_types.tsv line {}: empty id or synonym",
                r.line
            );
            Synonym {
                text,
                id: r.get(0),
                note: r.get(2),
            }
        })
        .collect();
    v.sort_by_key(|s| std::cmp::Reverse(s.text.chars().count()));
    v
});

/// All canonical benefit ids, in table order, without duplicates.
pub fn benefit_ids() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = Vec::new();
    for r in tsv::rows(include_str!("../data/benefit_types.tsv")) {
        if !ids.contains(&r.get(0)) {
            ids.push(r.get(0));
        }
    }
    ids
}

/// An occurrence of synonym `s` at byte `i` of normalised text `n`, if it
/// starts a word and ends one (or starts a compound): `(start, end)` with
/// `end` extended to the end of a compound word.
fn valid_occurrence(n: &str, s: &Synonym, i: usize) -> Option<(usize, usize)> {
    if char_before(n, i).is_some_and(is_word_char) {
        return None;
    }
    let mut end = i + s.text.len();
    if char_at(n, end).is_some_and(is_word_char) {
        let last_is_word = s.text.chars().next_back().is_some_and(is_word_char);
        if s.text.chars().count() < COMPOUND_MIN || !last_is_word {
            return None;
        }
        end += n[end..]
            .chars()
            .take_while(|c| is_word_char(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    }
    Some((i, end))
}

fn join_notes(a: &str, b: &str) -> Option<String> {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => None,
        (false, true) => Some(a.to_string()),
        (true, false) => Some(b.to_string()),
        (false, false) => Some(format!("{a}; {b}")),
    }
}

fn is_filler(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | ')' | ',' | ';' | ':' | '-' | '.' | '/' | '"' | '”' | '“'
        )
}

/// Match a table row label or short phrase to a benefit type. The longest
/// synonym wins; the rest of the label (e.g. `over 30`) is returned as the
/// note, together with any note of the synonym itself.
///
/// ```
/// use planex_normalise::benefit_type;
/// assert_eq!(benefit_type("A-dagpenge").unwrap().id, "a_dagpenge");
/// assert_eq!(benefit_type("I alt").unwrap().id, "total");
/// ```
pub fn benefit_type(label: &str) -> Option<BenefitMatch> {
    let n = normalize_for_match(label);
    // Longest synonym first (lowest index); its first occurrence.
    let (k, start, end) = all_occurrences(&n).min_by_key(|&(k, start, _)| (k, start))?;
    let s = &SYNONYMS[k];
    let rest = format!("{} {}", &n[..start], &n[end..]);
    let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    let rest = rest.trim_matches(is_filler);
    Some(BenefitMatch {
        id: s.id,
        note: join_notes(s.note, rest),
    })
}

/// Find the first benefit type mentioned in running text (the longest
/// synonym at the earliest position). The `total` synonyms ("i alt",
/// "samlet", ...) are not looked for in running text.
pub fn find_benefit_type(text: &str) -> Option<BenefitMatch> {
    static AGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*,?\s*((?:over|under|fra)\s+\d+(?:\s*(?:-|til)\s*\d+)?(?:\s+år)?)\b")
            .expect("age regex")
    });
    let n = normalize_for_match(text);
    // The earliest mention; at one start, the longest synonym (lowest index).
    let (k, _, end) = all_occurrences(&n)
        .filter(|&(k, _, _)| SYNONYMS[k].id != "total")
        .min_by_key(|&(k, start, _)| (start, k))?;
    let s = &SYNONYMS[k];
    let age = AGE
        .captures(&n[end..])
        .and_then(|c| c.get(1))
        .map_or("", |m| m.as_str());
    Some(BenefitMatch {
        id: s.id,
        note: join_notes(s.note, age),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> &'static str {
        benefit_type(s)
            .unwrap_or_else(|| panic!("no benefit in {s:?}"))
            .id
    }

    #[test]
    fn synonyms() {
        let cases = [
            ("A-dagpenge", "a_dagpenge"),
            ("a-dagpenge", "a_dagpenge"),
            ("Forsikrede ledige", "a_dagpenge"),
            ("Dagpengemodtagere", "a_dagpenge"),
            ("Dagpenge", "a_dagpenge"),
            ("Kontanthjælp", "kontanthjaelp"),
            ("Kontanthjælpsmodtagere", "kontanthjaelp"),
            ("Uddannelseshjælp", "uddannelseshjaelp"),
            ("Uddannelseshjælpsydelse", "uddannelseshjaelp"),
            (
                "Kontant- og uddannelseshjælp",
                "kontant_og_uddannelseshjaelp",
            ),
            (
                "Kontanthjælp og uddannelseshjælp",
                "kontant_og_uddannelseshjaelp",
            ),
            ("Sygedagpenge", "sygedagpenge"),
            ("Sygedagpengemodtagere", "sygedagpenge"),
            ("Jobafklaring", "jobafklaringsforloeb"),
            ("Jobafklaringsforløb", "jobafklaringsforloeb"),
            ("Ressourceforløb", "ressourceforloeb"),
            ("Ressourceforløbsydelse", "ressourceforloeb"),
            (
                "Ressource- og jobafklaringsforløb",
                "ressource_og_jobafklaringsforloeb",
            ),
            (
                "Ressource– og jobafklaringsforløb",
                "ressource_og_jobafklaringsforloeb",
            ),
            ("Fleksjob", "fleksjob"),
            ("Ledighedsydelse", "ledighedsydelse"),
            ("Førtidspension", "foertidspension"),
            ("Førtidspensionister", "foertidspension"),
            ("Revalidering", "revalidering"),
            ("Integrationsydelse", "integrationsydelse"),
            ("Selvforsørgelses- og hjemrejseydelse", "integrationsydelse"),
            ("Forsørgelse udlændinge", "integrationsydelse"),
            ("Overgangsydelse", "integrationsydelse"),
            ("Seniorpension", "seniorpension"),
            ("I alt", "total"),
            ("Total", "total"),
            ("Samlet", "total"),
        ];
        for (label, want) in cases {
            assert_eq!(id(label), want, "{label}");
        }
    }

    #[test]
    fn notes_and_tolerance() {
        let b = benefit_type("Ressourceforløb over 30").unwrap();
        assert_eq!(
            (b.id, b.note.as_deref()),
            ("ressourceforloeb", Some("over 30"))
        );
        let b = benefit_type("Jobparate kontanthjælpsmodtagere").unwrap();
        assert_eq!(
            (b.id, b.note.as_deref()),
            ("kontanthjaelp", Some("jobparate"))
        );
        let b = benefit_type("Aktivitetsparate kontanthjælpsmodtagere under 30 år").unwrap();
        assert_eq!(b.note.as_deref(), Some("aktivitetsparate; under 30 år"));
        let b = benefit_type("  **Ressource\u{00AD}forløb**   (under 30 år) ").unwrap();
        assert_eq!(
            (b.id, b.note.as_deref()),
            ("ressourceforloeb", Some("under 30 år"))
        );
        assert_eq!(benefit_type("Sygedagpenge").unwrap().note, None);
        assert_eq!(id("Fleksjobbere"), "fleksjob");
        assert_eq!(benefit_type("Fleksjobbere").unwrap().note, None);
        assert_eq!(benefit_type("Virksomhedspraktik"), None);
        assert_eq!(benefit_type("Alternativ"), None);
        assert_eq!(benefit_type("Totalt antal"), None);
    }

    #[test]
    fn running_text() {
        let b = find_benefit_type(
            "Indsatsen for dagpengemodtagere og jobparate kontanthjælpsmodtagere",
        )
        .unwrap();
        assert_eq!(b.id, "a_dagpenge");
        let b = find_benefit_type("Antallet af borgere i ressourceforløb over 30 år skal falde")
            .unwrap();
        assert_eq!(
            (b.id, b.note.as_deref()),
            ("ressourceforloeb", Some("over 30 år"))
        );
        let b = find_benefit_type("borgere i ressource- og jobafklaringsforløb").unwrap();
        assert_eq!(b.id, "ressource_og_jobafklaringsforloeb");
        assert_eq!(find_benefit_type("i alt 400 borgere"), None);
        assert_eq!(
            find_benefit_type("delvist raskmeldte sygedagpengemodtagere")
                .unwrap()
                .id,
            "sygedagpenge"
        );
    }

    #[test]
    fn ids_are_codebook_ids() {
        let ids = benefit_ids();
        for want in [
            "a_dagpenge",
            "kontanthjaelp",
            "uddannelseshjaelp",
            "kontant_og_uddannelseshjaelp",
            "sygedagpenge",
            "jobafklaringsforloeb",
            "ressourceforloeb",
            "ressource_og_jobafklaringsforloeb",
            "fleksjob",
            "ledighedsydelse",
            "foertidspension",
            "revalidering",
            "integrationsydelse",
            "seniorpension",
            "total",
        ] {
            assert!(ids.contains(&want), "{want}");
        }
        assert_eq!(ids.len(), 15);
    }
}
