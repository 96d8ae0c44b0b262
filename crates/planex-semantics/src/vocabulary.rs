//! Plain words by role, from `data/target_words.tsv`: the grammar words the
//! target reader and the goal tests look for, kept as data like the cue
//! patterns (`cues.rs`).

use std::sync::LazyLock;

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
}

const ROLES: [(&str, Role); 17] = [
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

/// The words of `role` with a space after each ("mod "), in file order.
pub fn followed_by_space(role: Role) -> &'static [String] {
    &WORDS[role as usize].followed
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
        .spaced
        .iter()
        .any(|w| lower.contains(w.as_str()))
}

/// Byte offset of the first of the words of `role` with a space on each
/// side in `text` (of its leading space).
pub fn first_spaced(role: Role, text: &str) -> Option<usize> {
    WORDS[role as usize]
        .spaced
        .iter()
        .filter_map(|w| text.find(w.as_str()))
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
