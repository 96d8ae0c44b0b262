//! Plain words by role, from `data/target_words.tsv`: the grammar words the
//! target reader and the goal tests look for, kept as data like the cue
//! patterns (`cues.rs`).

use std::sync::{LazyLock, OnceLock};

use memchr::memmem::Finder;

/// What a word in `data/target_words.tsv` is for (see the comments there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Abbreviation,
    QualifierNoun,
    OrdinalQuantifier,
    BaselinePreposition,
    Comparative,
    BaselineTimeMarker,
    TimeConnective,
    CommitmentWord,
    CommitmentStem,
    CommitmentOpening,
    SubjectPrefix,
    SubjectEnd,
    LevelVerb,
    TargetModal,
    ModalVerb,
    Subordinator,
    TitleWord,
    RangeFrom,
    RangeTo,
    SubjectSkip,
    SubjectOf,
    SubjectStop,
    DurationLevel,
}

const ROLES: [(&str, Role); 23] = [
    ("abbreviation", Role::Abbreviation),
    ("qualifier_noun", Role::QualifierNoun),
    ("ordinal_quantifier", Role::OrdinalQuantifier),
    ("baseline_preposition", Role::BaselinePreposition),
    ("comparative", Role::Comparative),
    ("baseline_time_marker", Role::BaselineTimeMarker),
    ("time_connective", Role::TimeConnective),
    ("commitment_word", Role::CommitmentWord),
    ("commitment_stem", Role::CommitmentStem),
    ("commitment_opening", Role::CommitmentOpening),
    ("subject_prefix", Role::SubjectPrefix),
    ("subject_end", Role::SubjectEnd),
    ("level_verb", Role::LevelVerb),
    ("target_modal", Role::TargetModal),
    ("modal_verb", Role::ModalVerb),
    ("subordinator", Role::Subordinator),
    ("title_word", Role::TitleWord),
    ("range_from", Role::RangeFrom),
    ("range_to", Role::RangeTo),
    ("subject_skip", Role::SubjectSkip),
    ("subject_of", Role::SubjectOf),
    ("subject_stop", Role::SubjectStop),
    ("duration_level", Role::DurationLevel),
];

/// The words of one role, in file order, also with spaces around them
/// (" skal ") and after them ("mod "), made once: they are looked for in
/// every goal sentence.
#[derive(Default, Clone)]
struct RoleWords {
    words: Vec<&'static str>,
    spaced: Vec<String>,
    followed: Vec<String>,
    /// The most chars of a word.
    max_chars: usize,
    /// Searchers for `words`, `spaced` and `followed`, built on first use
    /// (a run looks for some roles only, in one or two forms): a `str`
    /// search sets up its searcher anew on every call, which cost more
    /// than searching a goal sentence.
    word_finders: OnceLock<Vec<Finder<'static>>>,
    spaced_finders: OnceLock<Vec<Finder<'static>>>,
    followed_finders: OnceLock<Vec<Finder<'static>>>,
}

/// Searchers for `needles`, in their order.
fn finders<S: AsRef<str>>(needles: &[S]) -> Vec<Finder<'static>> {
    needles
        .iter()
        .map(|n| Finder::new(n.as_ref()).into_owned())
        .collect()
}

impl RoleWords {
    fn word_finders(&self) -> &[Finder<'static>] {
        self.word_finders.get_or_init(|| finders(&self.words))
    }

    fn spaced_finders(&self) -> &[Finder<'static>] {
        self.spaced_finders.get_or_init(|| finders(&self.spaced))
    }

    fn followed_finders(&self) -> &[Finder<'static>] {
        self.followed_finders
            .get_or_init(|| finders(&self.followed))
    }
}

/// Per role (indexed by `Role as usize`).
static WORDS: LazyLock<Vec<RoleWords>> = LazyLock::new(|| {
    let mut words = vec![RoleWords::default(); ROLES.len()];
    for row in planex_normalise::tsv::rows(include_str!("../data/target_words.tsv")) {
        let (role, word) = (row.get(0), row.get(1));
        let role = ROLES
            .iter()
            .find(|(name, _)| *name == role)
            .unwrap_or_else(|| panic!("target_words.tsv line {}: unknown role {role:?}", row.line))
            .1;
        assert!(
            !word.is_empty() && word.to_lowercase() == word,
            "target_words.tsv line {}: {word:?} must be non-empty and lower case",
            row.line
        );
        let entry = &mut words[role as usize];
        entry.words.push(word);
        entry.spaced.push(format!(" {word} "));
        entry.followed.push(format!("{word} "));
        entry.max_chars = entry.max_chars.max(word.chars().count());
    }
    words
});

/// The words of `role`, in file order.
pub fn words(role: Role) -> &'static [&'static str] {
    &WORDS[role as usize].words
}

/// Byte offset of the first word of `role`, in file order, that `text`
/// holds followed by a space ("antallet af "), where it first does.
pub fn first_followed(role: Role, text: &str) -> Option<usize> {
    WORDS[role as usize]
        .followed_finders()
        .iter()
        .find_map(|f| f.find(text.as_bytes()))
}

/// Byte offset of the first place in `lower` where a word of `role`
/// followed by a space starts a word (at the start of `lower` or after
/// a char that is no letter): "mod " in "(mod 2 borgere", not in "imod ".
/// Each word's places are looked at as a `str` search finds them, one
/// after the other without overlap.
pub fn first_followed_at_word_start(role: Role, lower: &str) -> Option<usize> {
    WORDS[role as usize]
        .followed_finders()
        .iter()
        .filter_map(|f| {
            f.find_iter(lower.as_bytes())
                .find(|&p| p == 0 || !lower[..p].ends_with(char::is_alphabetic))
        })
        .min()
}

/// Does `text` hold one of the words of `role` anywhere (within words too)?
pub fn contains_any(role: Role, text: &str) -> bool {
    WORDS[role as usize]
        .word_finders()
        .iter()
        .any(|f| f.find(text.as_bytes()).is_some())
}

/// Is `word` one of the words of `role`?
pub fn is(role: Role, word: &str) -> bool {
    words(role).contains(&word)
}

/// Is `word`, lower-cased, one of the words of `role`? Lower-casing turns
/// a char into one or more, so a word of more chars than the longest is
/// none of them, without lower-casing it.
pub fn is_lowercased(role: Role, word: &str) -> bool {
    let entry = &WORDS[role as usize];
    // (A char is at most 4 bytes: the first test spares counting long words.)
    if word.len() > 4 * entry.max_chars || word.chars().count() > entry.max_chars {
        return false;
    }
    if word
        .bytes()
        .all(|b| !b.is_ascii_uppercase() && b.is_ascii())
    {
        return entry.words.contains(&word);
    }
    entry.words.contains(&word.to_lowercase().as_str())
}

/// Does `lower` hold one of the words of `role` with a space on each side?
pub fn has_spaced(role: Role, lower: &str) -> bool {
    WORDS[role as usize]
        .spaced_finders()
        .iter()
        .any(|f| f.find(lower.as_bytes()).is_some())
}

/// Byte offset of the first of the words of `role` with a space on each
/// side in `text` (of its leading space).
pub fn first_spaced(role: Role, text: &str) -> Option<usize> {
    WORDS[role as usize]
        .spaced_finders()
        .iter()
        .filter_map(|f| f.find(text.as_bytes()))
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_words() {
        for (name, role) in ROLES {
            assert!(!words(role).is_empty(), "no words for {name}");
            assert_eq!(ROLES[role as usize].1, role, "ROLES out of order at {name}");
        }
    }

    #[test]
    fn lowercased_words() {
        for word in ["f.eks", "F.eks", "CA", "Ca", "ca", "jf", "ift", "D"] {
            assert!(is_lowercased(Role::Abbreviation, word), "{word}");
        }
        for word in [
            "",
            "cah",
            "fx.",
            "Kommune",
            "ÆØÅ",
            "İ",
            "f.ekss",
            "langtidsledige",
        ] {
            assert_eq!(
                is_lowercased(Role::Abbreviation, word),
                is(Role::Abbreviation, &word.to_lowercase()),
                "{word}"
            );
        }
    }

    /// Seeded random texts of every role's words, in and out of other
    /// words, between spaces, marks and letters, and the corpus lines.
    fn texts_of_words() -> Vec<String> {
        let mut pieces: Vec<String> = [
            " ", " ", " ", "  ", "(", ",", ".", "i", "x", "e", "s", "2", "æ", "Ø", "\u{a0}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for (_, role) in ROLES {
            for w in words(role) {
                pieces.push(w.to_string());
                pieces.push(format!(" {w} "));
                pieces.push(w.to_uppercase());
            }
        }
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        let mut random = planex_testkit::RandomText::new(67);
        let mut texts = planex_testkit::corpus_lines_and_runs(2);
        texts.extend((0..20_000).map(|_| random.pieces(&pieces, 12)));
        texts
    }

    /// The searches by prebuilt searchers find what the `str` searches
    /// for the same words find, for every role, on random texts of the
    /// words and on the corpus lines (lower-cased too).
    #[test]
    fn searchers_find_as_str_searches() {
        let forms: Vec<(&str, Role, Vec<String>, Vec<String>)> = ROLES
            .iter()
            .map(|&(name, role)| {
                let spaced = words(role).iter().map(|w| format!(" {w} ")).collect();
                let followed = words(role).iter().map(|w| format!("{w} ")).collect();
                (name, role, spaced, followed)
            })
            .collect();
        let mut found = [0usize; 5];
        for text in texts_of_words() {
            for text in [text.clone(), text.to_lowercase()] {
                for (name, role, spaced, followed) in &forms {
                    let (name, role) = (*name, *role);
                    let want_has = spaced.iter().any(|w| text.contains(w.as_str()));
                    let want_first = spaced.iter().filter_map(|w| text.find(w.as_str())).min();
                    let want_any = words(role).iter().any(|w| text.contains(w));
                    let want_followed = followed.iter().find_map(|w| text.find(w.as_str()));
                    let want_at_word = followed
                        .iter()
                        .filter_map(|w| {
                            text.match_indices(w.as_str())
                                .map(|(p, _)| p)
                                .find(|&p| p == 0 || !text[..p].ends_with(char::is_alphabetic))
                        })
                        .min();
                    assert_eq!(has_spaced(role, &text), want_has, "{name}: {text:?}");
                    assert_eq!(first_spaced(role, &text), want_first, "{name}: {text:?}");
                    assert_eq!(contains_any(role, &text), want_any, "{name}: {text:?}");
                    assert_eq!(
                        first_followed(role, &text),
                        want_followed,
                        "{name}: {text:?}"
                    );
                    assert_eq!(
                        first_followed_at_word_start(role, &text),
                        want_at_word,
                        "{name}: {text:?}"
                    );
                    for (n, hit) in [
                        want_has,
                        want_first.is_some(),
                        want_any,
                        want_followed.is_some(),
                        want_at_word.is_some(),
                    ]
                    .into_iter()
                    .enumerate()
                    {
                        found[n] += usize::from(hit);
                    }
                }
            }
        }
        assert!(found.iter().all(|&n| n > 5_000), "weak test: {found:?}");
    }

    #[test]
    fn spaced_words() {
        assert_eq!(
            first_spaced(Role::TargetModal, "antallet skal falde"),
            Some(8)
        );
        assert_eq!(first_spaced(Role::TargetModal, "skal falde"), None);
        assert_eq!(first_spaced(Role::TargetModal, "de skaller"), None);
        assert_eq!(
            first_spaced(Role::TargetModal, "x skaller og skal y"),
            Some(12)
        );
        assert_eq!(first_spaced(Role::SubjectEnd, "x er y skal z"), Some(1));
        assert!(has_spaced(Role::CommitmentWord, "ledigheden er høj"));
        assert!(!has_spaced(Role::CommitmentWord, "erhverv"));
    }
}
