//! Quantified targets in goal statements (CODEBOOK §3).

use std::borrow::Cow;
use std::sync::LazyLock;

use planex_model::{Baseline, Direction, Subject, Target, TargetUnit, TimeRef};
use planex_normalise::{
    find_benefit_type, find_numbers, find_time_refs, lowercase, lowercase_keeping_offsets,
    NumberMatch, QuantityUnit, TimeMatch, TimeRelation,
};

use crate::cues::DIRECTIONS;
use crate::vocabulary::{self, Role};

/// Split running text into sentences (byte ranges).
pub fn sentences(text: &str) -> Vec<&str> {
    Sentences::new(text).collect()
}

/// The first sentence of `text` (all of it when it has one), found without
/// splitting the rest.
pub fn first_sentence(text: &str) -> &str {
    Sentences::new(text).next().unwrap_or("")
}

/// The sentences of a text, one at a time: most callers want only the
/// first, and a paragraph may hold many.
struct Sentences<'a> {
    text: &'a str,
    /// Start of the next sentence.
    start: usize,
    /// Where to look for the next sentence end.
    pos: usize,
    done: bool,
}

impl<'a> Sentences<'a> {
    fn new(text: &'a str) -> Sentences<'a> {
        Sentences {
            text,
            start: 0,
            pos: 0,
            done: false,
        }
    }
}

impl<'a> Iterator for Sentences<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let text = self.text;
        // (The marks are ASCII: a byte search finds them on char boundaries.)
        while let Some(k) = memchr::memchr3(b'.', b'!', b'?', &text.as_bytes()[self.pos..]) {
            let i = self.pos + k;
            self.pos = i + 1;
            let c = text.as_bytes()[i];
            let after = &text[i + 1..];
            if !after.starts_with(' ') {
                continue;
            }
            let next = after.trim_start().chars().next();
            if !next.is_some_and(|n| n.is_uppercase() || n == '"' || n == '”') {
                continue;
            }
            // (Split, not cut one byte after the space: a space may be a
            // multi-byte char, U+00A0 or U+2028.)
            let word = text[..i].rsplit(char::is_whitespace).next().unwrap_or("");
            if c == b'.'
                && ((!word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()))
                    || vocabulary::is_lowercased(Role::Abbreviation, word))
            {
                continue;
            }
            let sentence = text[self.start..=i].trim();
            self.start = i + 1;
            return Some(sentence);
        }
        if self.done {
            return None;
        }
        self.done = true;
        let rest = text[self.start..].trim();
        (!rest.is_empty()).then_some(rest)
    }
}

/// The word after byte `end`, as written (compare it lower-cased).
fn word_after(text: &str, end: usize) -> &str {
    text[end..]
        .trim_start()
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .next()
        .unwrap_or("")
}

fn in_parentheses(text: &str, pos: usize) -> bool {
    let before = &text[..pos];
    before
        .rfind('(')
        .is_some_and(|open| before.rfind(')').is_none_or(|close| close < open))
}

/// The last `chars` chars of `s`, lower-cased (all of `s` when shorter):
/// the end of a long prefix, without lower-casing all of it.
fn lower_tail(s: &str, chars: usize) -> String {
    let start = s.char_indices().nth_back(chars - 1).map_or(0, |(i, _)| i);
    s[start..].to_lowercase()
}

fn overlaps(m: &NumberMatch, times: &[TimeMatch]) -> bool {
    times.iter().any(|t| m.start < t.end && t.start < m.end)
}

/// Target numbers of one sentence, in order, its time references and all
/// its numbers; `None` when it has no target number. The time references are read only
/// once a number passes every other test: most sentences' numbers are
/// years, qualifiers or none, and reading dates costs more than numbers.
fn target_numbers(sentence: &str) -> Option<TargetNumbers> {
    let nums = find_numbers(sentence);
    let mut times: Option<Vec<TimeMatch>> = None;
    let mut out = Vec::new();
    for (i, m) in nums.iter().enumerate() {
        if !may_be_target(sentence, &nums, i)
            || overlaps(m, times.get_or_insert_with(|| find_time_refs(sentence)))
        {
            continue;
        }
        out.push(m.clone());
    }
    // A number was kept only after its overlap test: the times are read.
    (!out.is_empty()).then(|| TargetNumbers {
        targets: out,
        times: times.unwrap_or_default(),
        all: nums,
    })
}

/// What [`target_numbers`] finds in a sentence.
#[derive(Debug, PartialEq)]
struct TargetNumbers {
    /// The target numbers, in order.
    targets: Vec<NumberMatch>,
    /// The time references.
    times: Vec<TimeMatch>,
    /// Every number of the sentence.
    all: Vec<NumberMatch>,
}

/// Does number `i` of the sentence's `nums` pass every test of a target
/// number but that it is no part of a time reference?
fn may_be_target(sentence: &str, nums: &[NumberMatch], i: usize) -> bool {
    let m = &nums[i];
    if m.is_year || in_parentheses(sentence, m.start) {
        return false;
    }
    if m.range_with.is_some()
        && vocabulary::is_lowercased(
            Role::QualifierNoun,
            word_after(sentence, nums[m.range_with.unwrap().max(i)].end),
        )
    {
        return false;
    }
    if vocabulary::is_lowercased(Role::QualifierNoun, word_after(sentence, m.end))
        && !is_level_of_duration(sentence, m)
    {
        return false;
    }
    // The tests below look at the last few words only.
    let before = lower_tail(sentence[..m.start].trim_end(), 12);
    if m.is_ordinal && !ends_with_any(&before, Role::OrdinalQuantifier) {
        return false;
    }
    if vocabulary::words(Role::BaselinePreposition)
        .iter()
        .any(|w| {
            before == *w
                || before
                    .strip_suffix(w)
                    .is_some_and(|b| b.ends_with([' ', '(']))
        })
    {
        return false;
    }
    !(ends_with_any(&before, Role::Comparative) && m.unit.is_none())
}

/// Is the figure `m`, which a qualifier noun follows ("20 uger"), the
/// level a duration must reach rather than a qualifier of who is counted
/// ("unge under 30 år skal ...")? It stands in the predicate, after the
/// clause's modal verb, right after a level word ("skal højst vare 20
/// uger", "til 20 uger").
fn is_level_of_duration(sentence: &str, m: &NumberMatch) -> bool {
    let head = sentence[..m.start].trim_end();
    // The word right before the figure starts here; a level word may stand
    // there or right before it.
    let last_word = head
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(at, _)| at);
    let after_level_word = word_before(sentence, m.start, Role::DurationLevel).is_some()
        || word_before(sentence, last_word, Role::DurationLevel).is_some();
    after_level_word && vocabulary::has_spaced(Role::ModalVerb, &format!(" {}", lowercase(head)))
}

/// Does `lower` end with one of the words of `role`?
fn ends_with_any(lower: &str, role: Role) -> bool {
    vocabulary::words(role).iter().any(|w| lower.ends_with(w))
}

/// Does the sentence, lower-cased as `lower`, commit to something?
fn has_commitment(lower: &str) -> bool {
    vocabulary::has_spaced(Role::CommitmentWord, lower)
        || vocabulary::contains_any(Role::CommitmentStem, lower)
        || vocabulary::words(Role::CommitmentOpening).iter().any(|w| {
            lower
                .strip_prefix(w)
                .is_some_and(|rest| rest.starts_with(' '))
        })
}

/// The clause up to the number and a few words after it, where the
/// direction words are looked for.
fn direction_window(sentence: &str, number: &NumberMatch) -> String {
    let clause_start = sentence[..number.start]
        .rfind([';', '('])
        .map_or(0, |p| p + 1);
    // (Built in one string: the clause, a space, the next three words one
    // space apart.)
    let head = &sentence[clause_start..number.end];
    let mut window = String::with_capacity(head.len() + 64);
    window.push_str(head);
    window.push(' ');
    for (k, word) in sentence[number.end..]
        .split_whitespace()
        .take(3)
        .enumerate()
    {
        if k > 0 {
            window.push(' ');
        }
        window.push_str(word);
    }
    window
}

/// `sentence` with each qualifier phrase blanked (its bytes made spaces:
/// offsets hold): a number of `numbers` (the sentence's) with a qualifier
/// noun after it, and the word before it ("under 30 år", "end 52 uger").
/// A direction word there says who is counted ("unge under 30 år"), not
/// where the figure goes.
fn without_qualifier_phrases<'s>(sentence: &'s str, numbers: &[NumberMatch]) -> Cow<'s, str> {
    let mut out = Cow::Borrowed(sentence);
    for n in numbers {
        let noun = word_after(sentence, n.end);
        if noun.is_empty() || !vocabulary::is_lowercased(Role::QualifierNoun, noun) {
            continue;
        }
        let head = sentence[..n.start].trim_end();
        let start = head
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(at, c)| at + c.len_utf8());
        let after = &sentence[n.end..];
        let noun_end = n.end + (after.len() - after.trim_start().len()) + noun.len();
        out.to_mut()
            .replace_range(start..noun_end, &" ".repeat(noun_end - start));
    }
    out
}

fn direction(sentence: &str, number: &NumberMatch) -> Direction {
    let window = direction_window(sentence, number);
    match DIRECTIONS.first_match(&window) {
        Some("level_down") => Direction::AtMost,
        Some("level_up") => Direction::AtLeast,
        Some("decrease") => Direction::Decrease,
        Some("increase") => Direction::Increase,
        Some("at_most") => Direction::AtMost,
        Some("at_least") => Direction::AtLeast,
        Some(_) => Direction::Equal,
        // "skal 1600 borgere have været i ...", "skal være 35 %": a level to reach.
        None => Direction::AtLeast,
    }
}

/// `word` with its first letter in upper case.
fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The time connectives as [`time_ref`] strips them, in its order: each
/// as written, then each capitalised. Made once, not per reference.
static CONNECTIVES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let words = vocabulary::words(Role::TimeConnective);
    words
        .iter()
        .map(|w| w.to_string())
        .chain(words.iter().map(|w| capitalise(w)))
        .collect()
});

fn time_ref(m: &TimeMatch) -> TimeRef {
    // "fra ultimo 2014 til ultimo 2015": the connectives say which end is
    // which; the reference itself is "ultimo 2015".
    let mut text = m.text.as_str();
    for connective in CONNECTIVES.iter() {
        if let Some(rest) = text
            .strip_prefix(connective.as_str())
            .and_then(|r| r.strip_prefix(' '))
        {
            text = rest;
        }
    }
    TimeRef {
        text: text.to_string(),
        year: Some(m.value.year),
        month: m.value.month,
        normalized: Some(m.value.normalized()),
    }
}

fn is_baseline_time(
    sentence: &str,
    m: &TimeMatch,
    baseline_phrase: Option<(usize, usize)>,
) -> bool {
    let before = lower_tail(sentence[..m.start].trim_end(), 20);
    m.value.relation == Some(TimeRelation::From)
        || ends_with_any(&before, Role::BaselineTimeMarker)
        || in_parentheses(sentence, m.start)
        || baseline_phrase.is_some_and(|(a, b)| m.start >= a && m.start < b)
}

/// "mod 1.200 med udgangen af 2019", "(mod 2 borgere i 2019)": byte range
/// of a baseline phrase. `lower` is the sentence lower-cased by
/// [`lowercase_keeping_offsets`].
fn mod_phrase(sentence: &str, lower: &str) -> Option<(usize, usize)> {
    let p = vocabulary::first_followed_at_word_start(Role::BaselinePreposition, lower)?;
    let rest = &sentence[p..];
    let end = rest.find([')', ';']).unwrap_or(rest.len());
    let phrase = rest[..end].trim_end_matches(['.', ',']);
    find_numbers(phrase)
        .iter()
        .any(|n| !n.is_year)
        .then_some((p, p + phrase.len()))
}

/// `lower` is the sentence lower-cased by [`lowercase_keeping_offsets`].
fn subject(sentence: &str, lower: &str, number: &NumberMatch) -> Option<Subject> {
    let text = if let Some(at) = vocabulary::first_followed(Role::SubjectPrefix, lower) {
        // Up to the subject's end, or to the figure when that comes first
        // ("nedbringe antallet af unge med 10 pct.").
        let rest = &sentence[at..];
        let end = vocabulary::first_spaced(Role::SubjectEnd, rest).unwrap_or(rest.len());
        let end = if (at..at + end).contains(&number.start) {
            number.start - at
        } else {
            end
        };
        without_trailing(rest[..end].trim(), Role::SubjectStop).to_string()
    } else {
        clause_subject(sentence, lower, number)
            .or_else(|| counted_after(sentence, number))
            .unwrap_or_else(|| {
                let after: Vec<&str> = sentence[number.end..]
                    .split_whitespace()
                    .take_while(|w| !w.ends_with([',', '.', ')']))
                    .take(4)
                    .collect();
                after.join(" ")
            })
    };
    let benefit = find_benefit_type(sentence).map(|b| b.id.to_string());
    (!text.is_empty() || benefit.is_some()).then_some(Subject {
        text,
        benefit_type: benefit,
    })
}

/// The most words of a subject read off the words around the figure.
const MAX_SUBJECT_WORDS: usize = 10;

/// The most words a figure counts without "af" ("1600 borgere").
const MAX_COUNTED_WORDS: usize = 4;

/// What the figure counts, read after it: past subject_skip words ("pct.",
/// "færre"), the noun phrase after subject_of ("75 pct. af adspurgte
/// borgere, som ..." → "adspurgte borgere"), else the words up to the
/// first subject_stop word ("1600 borgere have været ..." → "borgere").
/// None after an ordinal ("hver 4. uge": a frequency).
fn counted_after(sentence: &str, number: &NumberMatch) -> Option<String> {
    if number.is_ordinal {
        return None;
    }
    let mut words = sentence[number.end..].split_whitespace().peekable();
    while words
        .peek()
        .is_some_and(|w| vocabulary::is_lowercased(Role::SubjectSkip, w))
    {
        words.next();
    }
    let of = words
        .peek()
        .is_some_and(|w| vocabulary::is_lowercased(Role::SubjectOf, w));
    if of {
        words.next();
    }
    // A noun phrase after "af" may be longer than the few words a figure
    // counts without it; one that runs on past the limit is no phrase.
    let limit = if of {
        MAX_SUBJECT_WORDS
    } else {
        MAX_COUNTED_WORDS
    };
    let mut phrase = Vec::new();
    let mut ended = false;
    for word in words.take(limit + 1) {
        let bare = word.trim_end_matches([',', '.', ';', ':', ')']);
        if word.starts_with('(')
            || bare.is_empty()
            || (!phrase.is_empty() || !of) && vocabulary::is_lowercased(Role::SubjectStop, bare)
        {
            ended = true;
            break;
        }
        phrase.push(bare);
        if bare.len() < word.len() {
            ended = true;
            break;
        }
    }
    let phrase = phrase.join(" ");
    // A time after the figure ("ultimo 2022") is no subject.
    (!phrase.is_empty()
        && (ended || phrase.split(' ').count() <= limit)
        && find_time_refs(&phrase).is_empty())
    .then_some(phrase)
}

/// `phrase` without the words of `role` at its end.
fn without_trailing(phrase: &str, role: Role) -> &str {
    let mut phrase = phrase.trim_end();
    while let Some((head, last)) = phrase.rsplit_once(' ') {
        if !vocabulary::is_lowercased(role, last) {
            break;
        }
        phrase = head.trim_end();
    }
    phrase
}

/// The subject of the clause that holds the figure after its modal verb
/// ("Ledigheden skal ned på 4,5 pct." → "Ledigheden"): the words before
/// the modal, after a subordinator ("..., at jobcentrets samarbejdsgrad
/// skal være 35 %"), when they are few and hold no time.
fn clause_subject(sentence: &str, lower: &str, number: &NumberMatch) -> Option<String> {
    let modal = vocabulary::first_spaced(Role::ModalVerb, lower)?;
    if modal > number.start {
        return None;
    }
    let head = &sentence[..modal];
    let start = vocabulary::words(Role::Subordinator)
        .iter()
        .filter_map(|w| {
            lower[..modal]
                .rfind(&format!(" {w} "))
                .map(|at| at + w.len() + 2)
        })
        .max()
        .unwrap_or(0);
    let start = start.max(head.find(':').map_or(0, |at| at + 1));
    let clause = head[start..].trim().trim_start_matches('*').trim();
    // "ledigheden blandt forsikrede ledige højst må udgøre": not "højst".
    let clause = without_trailing(clause, Role::CommitmentStem);
    let words = clause.split_whitespace().count();
    ((1..=MAX_SUBJECT_WORDS).contains(&words) && find_time_refs(clause).is_empty())
        .then(|| clause.to_string())
}

/// A level moved from and one to reach: "fra 2.400 i 2021 til 2.200 i
/// 2022", "fra 45 pct. til 50 pct.".
struct LevelChange {
    from: NumberMatch,
    to: NumberMatch,
    /// Byte range of the baseline phrase: from the range_from word to the
    /// range_to word.
    from_phrase: (usize, usize),
}

/// Byte offset of the word of `role` that `sentence[..at]` ends with (after
/// trimming), if it does end with one (at a word start).
fn word_before(sentence: &str, at: usize, role: Role) -> Option<usize> {
    let head = sentence[..at].trim_end();
    vocabulary::words(role).iter().find_map(|w| {
        let start = head.len().checked_sub(w.len())?;
        let word_start = head.is_char_boundary(start)
            && lowercase(&head[start..]) == *w
            && !head[..start].ends_with(char::is_alphanumeric);
        word_start.then_some(start)
    })
}

/// The first [`LevelChange`] of the sentence, whose numbers are `nums`: a
/// number (no year) right after a range_from word, and a later one of the
/// same kind (percent or not) right after a range_to word.
fn level_change(sentence: &str, nums: &[NumberMatch]) -> Option<LevelChange> {
    let is_percent = |n: &NumberMatch| matches!(n.unit, Some(QuantityUnit::Percent));
    nums.iter().enumerate().find_map(|(i, from)| {
        if from.is_year {
            return None;
        }
        let from_word = word_before(sentence, from.start, Role::RangeFrom)?;
        nums[i + 1..].iter().find_map(|to| {
            let to_word = (!to.is_year && is_percent(to) == is_percent(from))
                .then(|| word_before(sentence, to.start, Role::RangeTo))
                .flatten()?;
            Some(LevelChange {
                from: from.clone(),
                to: to.clone(),
                from_phrase: (from_word, to_word),
            })
        })
    })
}

/// Read the quantified target of a goal statement, if it has one.
///
/// ```
/// use planex_model::{Direction, TargetUnit};
/// let t = planex_semantics::extract_target("Med udgangen af 2021 skal der være højst 1.181 borgere, mod 1.200 med udgangen af 2019.").unwrap();
/// assert_eq!((t.value, t.unit, t.direction), (1181.0, TargetUnit::Count, Direction::AtMost));
/// assert_eq!(t.deadline.unwrap().year, Some(2021));
/// ```
pub fn extract_target(text: &str) -> Option<Target> {
    let sents = sentences(text);
    // Each sentence with target numbers is lower-cased once, for the
    // commitment test and, for the one chosen, the phrase readers below.
    let (idx, sentence, found, lower) = sents
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            target_numbers(s).map(|found| (i, *s, found, lowercase_keeping_offsets(s)))
        })
        .max_by_key(|(i, _, _, lower)| (has_commitment(lower), std::cmp::Reverse(*i)))?;
    let TargetNumbers {
        targets: numbers,
        times,
        all,
    } = found;
    // A level moved from and to: the first is the baseline, not a target.
    let change =
        level_change(sentence, &all).filter(|c| numbers.iter().any(|n| n.start == c.to.start));
    let numbers: Vec<NumberMatch> = match &change {
        Some(c) => numbers
            .into_iter()
            .filter(|n| n.start != c.from.start)
            .collect(),
        None => numbers,
    };
    let first = &numbers[0];
    let unit = if matches!(first.unit, Some(QuantityUnit::Percent)) {
        TargetUnit::Percent
    } else {
        TargetUnit::Count
    };
    let values: Vec<f64> = numbers
        .iter()
        .filter(|n| matches!(n.unit, Some(QuantityUnit::Percent)) == (unit == TargetUnit::Percent))
        .map(|n| n.value)
        .collect();
    let phrase = match &change {
        Some(c) => Some(c.from_phrase),
        None => mod_phrase(sentence, &lower),
    };
    let deadline = times
        .iter()
        .find(|t| !is_baseline_time(sentence, t, phrase))
        .map(time_ref);
    let mut baseline = match phrase {
        Some((a, b)) => {
            let text = sentence[a..b].trim().to_string();
            let value = match &change {
                Some(c) => Some(c.from.value),
                None => find_numbers(&text)
                    .into_iter()
                    .find(|n| !n.is_year)
                    .map(|n| n.value),
            };
            let time = find_time_refs(&text).first().map(time_ref);
            Some(Baseline { text, value, time })
        }
        None => times
            .iter()
            .find(|t| is_baseline_time(sentence, t, None))
            .map(|t| {
                let time = time_ref(t);
                Baseline {
                    text: time.text.clone(),
                    value: None,
                    time: Some(time),
                }
            }),
    };
    // A preceding sentence stating the level reached ("I 2019 var andelen ... 15 pct.").
    if baseline.is_none() && idx > 0 {
        let prev = sents[idx - 1];
        if vocabulary::has_spaced(Role::LevelVerb, &lowercase(prev)) {
            let value = find_numbers(prev)
                .into_iter()
                .find(|n| !n.is_year)
                .map(|n| n.value);
            if value.is_some() {
                baseline = Some(Baseline {
                    text: prev.to_string(),
                    value,
                    time: find_time_refs(prev).first().map(time_ref),
                });
            }
        }
    }
    // A following sentence stating the level reached ("Niveauet i 2013 var 32 %.").
    if baseline.is_none() {
        if let Some(next) = sents.get(idx + 1) {
            let next_lower = lowercase(next);
            if vocabulary::has_spaced(Role::LevelVerb, &next_lower)
                && !vocabulary::has_spaced(Role::TargetModal, &next_lower)
            {
                let value = find_numbers(next)
                    .into_iter()
                    .find(|n| !n.is_year)
                    .map(|n| n.value);
                baseline = Some(Baseline {
                    text: next.to_string(),
                    value,
                    time: find_time_refs(next).first().map(time_ref),
                });
            }
        }
    }
    // Moving a level to the target says the direction by itself: down to
    // at most the target, or up to at least it. (After a change by a
    // figure, "med 200 fra 1.200 til 1.000", the figure is the target.)
    let direction = match &change {
        Some(c) if c.to.start == first.start && c.to.value < c.from.value => Direction::AtMost,
        Some(c) if c.to.start == first.start && c.to.value > c.from.value => Direction::AtLeast,
        _ => {
            // (A target figure is no qualifier, whatever noun follows it:
            // "skal højst vare 20 uger".)
            let qualifiers: Vec<NumberMatch> = all
                .iter()
                .filter(|n| numbers.iter().all(|t| t.start != n.start))
                .cloned()
                .collect();
            direction(&without_qualifier_phrases(sentence, &qualifiers), first)
        }
    };
    Some(Target {
        value: first.value,
        values,
        unit,
        direction,
        baseline,
        deadline,
        subject: subject(sentence, &lower, first),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A capital whose small letter is shorter ("ẞ", 3 bytes, "ß" 2) before
    /// the subject's prefix once made the subject reader cut the sentence
    /// inside the next char, a panic that ended the whole batch.
    #[test]
    fn subject_after_a_capital_that_shrinks_when_lower_cased() {
        let x = t("Vi vil, at ẞæantallet af unge skal stige med 10 pct. i 2021.");
        assert_eq!(x.subject.unwrap().text, "antallet af unge");
        let x = t("Vi vil, at ȺȺ antallet af unge skal stige med 10 pct. mod 5 pct. i 2019.");
        assert_eq!(x.subject.unwrap().text, "antallet af unge");
        assert_eq!(x.baseline.unwrap().value, Some(5.0));
    }

    fn t(s: &str) -> Target {
        extract_target(s).unwrap_or_else(|| panic!("no target in {s}"))
    }

    #[test]
    fn decrease_with_baseline_and_deadline() {
        let x = t("Antallet af langtidsledige (personer i ledighed og aktivering) skal falde med mindst 5 % fra ultimo 2014 til ultimo 2015.");
        assert_eq!(
            (x.value, x.unit, x.direction),
            (5.0, TargetUnit::Percent, Direction::Decrease)
        );
        assert_eq!(x.deadline.unwrap().text, "ultimo 2015");
        assert_eq!(x.baseline.unwrap().text, "ultimo 2014");
    }

    #[test]
    fn a_level_moved_from_one_figure_to_another() {
        let down =
            t("Antallet af borgere på kontanthjælp skal falde fra 2.400 i 2021 til 2.200 i 2022.");
        assert_eq!(
            (down.value, down.values.clone(), down.unit, down.direction),
            (2200.0, vec![2200.0], TargetUnit::Count, Direction::AtMost)
        );
        let baseline = down.baseline.unwrap();
        assert_eq!(
            (baseline.text.as_str(), baseline.value),
            ("fra 2.400 i 2021", Some(2400.0))
        );
        assert_eq!(baseline.time.unwrap().year, Some(2021));
        assert_eq!(down.deadline.unwrap().text, "i 2022");
        let up = t("Andelen af unge i uddannelse skal stige fra 45 pct. til 50 pct. inden udgangen af 2022.");
        assert_eq!(
            (up.value, up.unit, up.direction),
            (50.0, TargetUnit::Percent, Direction::AtLeast)
        );
        assert_eq!(up.baseline.unwrap().value, Some(45.0));
        assert_eq!(up.deadline.unwrap().normalized.as_deref(), Some("2022-12"));
        // A change by a figure keeps its reading; a time range is no level.
        let by = t("Antallet skal reduceres med 200 fra 1.200 til 1.000 i 2022.");
        assert_eq!(
            (by.value, by.values.clone(), by.direction),
            (200.0, vec![200.0, 1000.0], Direction::Decrease)
        );
        assert_eq!(by.baseline.unwrap().value, Some(1200.0));
        let span = t(
            "Antallet af langtidsledige skal falde med mindst 5 % fra ultimo 2014 til ultimo 2015.",
        );
        assert_eq!((span.value, span.direction), (5.0, Direction::Decrease));
    }

    #[test]
    fn levels_reached_and_qualifiers_in_the_clause() {
        let cases = [
            // "under 30 år" says who is counted, not where the figure goes.
            ("Andelen af unge under 30 år i uddannelse skal være på mindst 60 % ved udgangen af 2023.", 60.0, TargetUnit::Percent, Direction::AtLeast),
            ("Ledigheden skal ned på 4,5 pct. senest december 2023.", 4.5, TargetUnit::Percent, Direction::AtMost),
            ("Antallet af personer på sygedagpenge i mere end 52 uger skal reduceres til 800 personer i løbet af 2023.", 800.0, TargetUnit::Count, Direction::AtMost),
            ("Antallet af kontanthjælpsmodtagere skal falde til 1.100 i 2023.", 1100.0, TargetUnit::Count, Direction::AtMost),
            ("Andelen af borgere i job skal stige til 55 pct.", 55.0, TargetUnit::Percent, Direction::AtLeast),
            ("Antallet af ledige skal falde med 5 % til ultimo 2023.", 5.0, TargetUnit::Percent, Direction::Decrease),
            ("Langtidsledigheden skal halveres frem mod 2025.", 50.0, TargetUnit::Percent, Direction::Decrease),
            ("Antallet af virksomhedspraktikker skal fordobles i 2023.", 100.0, TargetUnit::Percent, Direction::Increase),
        ];
        for (sentence, value, unit, direction) in cases {
            let x = t(sentence);
            assert_eq!(
                (x.value, x.unit, x.direction),
                (value, unit, direction),
                "{sentence}"
            );
        }
        assert_eq!(
            t("Langtidsledigheden skal halveres frem mod 2025.")
                .deadline
                .unwrap()
                .text,
            "frem mod 2025"
        );
        // A qualifier phrase after a space wider than a byte (no-break).
        let x = t("Andelen af unge\u{a0}under 30 år skal være mindst 60 %.");
        assert_eq!((x.value, x.direction), (60.0, Direction::AtLeast));
    }

    #[test]
    fn durations_to_reach_and_durations_that_qualify() {
        let x = t("Den gennemsnitlige varighed af sygedagpengeforløb skal falde fra 22 uger i 2021 til 20 uger ultimo 2022.");
        assert_eq!((x.value, x.direction), (20.0, Direction::AtMost));
        assert_eq!(x.baseline.unwrap().value, Some(22.0));
        let y = t("Sygedagpengeforløb skal højst vare 20 uger i gennemsnit.");
        let under = t("Forløbene skal vare under 20 uger.");
        assert_eq!((under.value, under.direction), (20.0, Direction::AtMost));
        assert_eq!(
            (y.value, y.unit, y.direction),
            (20.0, TargetUnit::Count, Direction::AtMost)
        );
        // Before the modal verb, or after one without a level word, a
        // duration says who is counted or when.
        let z = t("Sygemeldte i mere end 52 uger skal reduceres til 800 personer.");
        assert_eq!((z.value, z.values.clone()), (800.0, vec![800.0]));
        assert_eq!(z.subject.unwrap().text, "Sygemeldte i mere end 52 uger");
        assert!(
            extract_target("Unge under 30 år skal i uddannelse inden for 3 måneder.").is_none()
        );
    }

    #[test]
    fn subjects_are_what_the_figure_counts() {
        let cases = [
            ("Med udgangen af 2021 skal 1600 borgere have været i virksomhedsforlagte tilbud.", "borgere"),
            ("Ved udgangen af 2021 vil 75 pct. af adspurgte borgere, som modtager en ydelse, være tilfredse.", "adspurgte borgere"),
            ("Med udgangen af 2021 skal jobcentret have været i kontakt med halvdelen af Holbæk Kommunes virksomheder, som har mere end 3 ansatte.", "Holbæk Kommunes virksomheder"),
            ("Ledigheden skal ned på 4,5 pct. senest december 2023.", "Ledigheden"),
            ("Borgere på integrationsydelse skal modtage en samtale hver 4. uge.", "Borgere på integrationsydelse"),
            ("Målsætningen er, at ledigheden blandt forsikrede ledige højst må udgøre 3,5 pct. ultimo 2022.", "ledigheden blandt forsikrede ledige"),
            ("Vores mål er at nedbringe antallet af unge på uddannelseshjælp med 10 pct. i løbet af 2022.", "antallet af unge på uddannelseshjælp"),
            ("Antallet af ledige skal falde med 5 % til ultimo 2023.", "Antallet af ledige"),
        ];
        for (sentence, subject) in cases {
            assert_eq!(t(sentence).subject.unwrap().text, subject, "{sentence}");
        }
    }

    #[test]
    fn qualifiers_are_not_targets() {
        let x = t("Antallet af unge på offentlig forsørgelse under 30 år skal falde med mindst 4 % fra ultimo 2014 til ultimo 2015");
        assert_eq!(
            (x.value, x.values.clone(), x.direction),
            (4.0, vec![4.0], Direction::Decrease)
        );
        let y = t("Med udgangen af 2021 skal jobcentret have været i kontakt med halvdelen af Holbæk Kommunes virksomheder, som har mere end 3 ansatte.");
        assert_eq!(
            (y.value, y.unit, y.direction),
            (50.0, TargetUnit::Percent, Direction::AtLeast)
        );
        let z = t("Vangkvarteret: Med udgangen af 2021 er 10 pct. færre af beboerne i alderen 16-66 år på en ydelse.");
        assert_eq!(
            (z.value, z.unit, z.direction),
            (10.0, TargetUnit::Percent, Direction::Decrease)
        );
    }

    #[test]
    fn levels_counts_and_frequencies() {
        let a =
            t("Med udgangen af 2021 skal 1600 borgere have været i virksomhedsforlagte tilbud.");
        assert_eq!(
            (a.value, a.unit, a.direction),
            (1600.0, TargetUnit::Count, Direction::AtLeast)
        );
        let b = t("Med udgangen af 2021 har 4 borgere (mod 2 borgere i 2019) besluttet at repatriere på baggrund af jobcentrets vejledning.");
        assert_eq!((b.value, b.direction), (4.0, Direction::AtLeast));
        assert_eq!(b.baseline.unwrap().value, Some(2.0));
        let c = t("Borgere på integrationsydelse skal modtage en samtale hver 4. uge");
        assert_eq!((c.value, c.direction), (4.0, Direction::Equal));
        let d = t("I 2019 var andelen af delvist raskmeldte sygedagpengemodtagere 15 pct. Med udgangen af 2021 skal dette tal være 20 pct.");
        assert_eq!(
            (d.value, d.unit, d.direction),
            (20.0, TargetUnit::Percent, Direction::AtLeast)
        );
        assert_eq!(d.baseline.unwrap().value, Some(15.0));
        let e = t("Antallet af virksomhedsplaceringer for alle målgrupper skal i 2015 øges med mindst 10 % i forhold til ultimo 2014.");
        assert_eq!(e.direction, Direction::Increase);
    }

    #[test]
    fn no_target_without_numbers() {
        assert!(extract_target("Flest mulige borgere, der er ramt af ledighed før og under COVID-19 krisen, skal hjælpes tilbage.").is_none());
        assert!(extract_target("At alle 15-24 årige er i gang med uddannelse, job eller en uddannelsesforberedende aktivitet.").is_none());
    }

    /// `target_numbers` as it was: every sentence's time references read
    /// up front.
    fn target_numbers_eager(sentence: &str) -> (Vec<NumberMatch>, Vec<TimeMatch>) {
        let nums = find_numbers(sentence);
        let times = find_time_refs(sentence);
        let out = (0..nums.len())
            .filter(|&i| may_be_target(sentence, &nums, i) && !overlaps(&nums[i], &times))
            .map(|i| nums[i].clone())
            .collect();
        (out, times)
    }

    /// Reading time references only when a number needs them keeps every
    /// target number, and the times of each sentence that has one, on the
    /// corpus sentences and seeded random ones built from the words the
    /// tests look for.
    #[test]
    fn lazy_time_references_as_eager() {
        let mut texts: Vec<String> = corpus_sentences();
        let corpus = texts.len();
        let mut pieces: Vec<String> = [
            " ",
            " ",
            " ",
            "  ",
            "(",
            ")",
            ",",
            ".",
            "-",
            "4",
            "4.",
            "15",
            "2019",
            "2021",
            "1.200",
            "16-66",
            "10-15",
            "%",
            " %",
            " pct.",
            " kr.",
            "halvdelen",
            "ultimo",
            "primo",
            "udgangen af",
            "december",
            "31.",
            "år",
            "Mod",
            "ÅR",
            "\u{212a}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for role in [
            Role::QualifierNoun,
            Role::OrdinalQuantifier,
            Role::BaselinePreposition,
            Role::Comparative,
            Role::BaselineTimeMarker,
            Role::TimeConnective,
        ] {
            for w in vocabulary::words(role) {
                pieces.push(w.to_string());
                pieces.push(w.to_uppercase());
            }
        }
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        let mut random = planex_testkit::RandomText::new(41);
        texts.extend((0..30_000).map(|_| random.pieces(&pieces, 14)));
        let (mut kept, mut dropped) = (0, 0);
        for text in &texts {
            let (numbers, times) = target_numbers_eager(text);
            let expected = (!numbers.is_empty()).then_some((numbers, times));
            match &expected {
                Some(_) => kept += 1,
                None => dropped += 1,
            }
            let found = target_numbers(text).map(|f| {
                assert_eq!(f.all, find_numbers(text), "{text:?}");
                (f.targets, f.times)
            });
            assert_eq!(found, expected, "{text:?}");
        }
        assert!(corpus > 100, "too few corpus sentences: {corpus}");
        assert!(
            kept > 1000 && dropped > 1000,
            "weak test: {kept} kept, {dropped} dropped"
        );
    }

    /// The sentences of the corpus paragraphs.
    fn corpus_sentences() -> Vec<String> {
        planex_testkit::corpus_texts()
            .iter()
            .flat_map(|t| {
                t.split("\n\n")
                    .flat_map(sentences)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Corpus sentences and seeded random ones of numbers, time words and
    /// connectives in several cases, with the spaces and marks the
    /// readers below split on.
    fn number_and_time_texts(seed: u64) -> Vec<String> {
        let mut texts: Vec<String> = corpus_sentences();
        let pieces = [
            " ",
            " ",
            "  ",
            "\t",
            "\u{a0}",
            ";",
            "(",
            ")",
            ",",
            ".",
            "4",
            "15",
            "2019",
            "2021",
            "1.200",
            "16-66",
            "%",
            " pct.",
            "ultimo",
            "primo",
            "udgangen af",
            "december",
            "fra",
            "til",
            "Fra",
            "Til",
            "FRA",
            "fra fra",
            "skal",
            "falde",
            "med",
            "mindst",
            "højst",
            "øges",
            "borgere",
            "ſ",
            "\u{212a}",
            "fra ultimo 2014 ",
            "til ultimo 2015",
            "Fra december 2019",
            " til udgangen af 2021",
            "FRA primo 2020",
        ];
        let mut random = planex_testkit::RandomText::new(seed);
        texts.extend((0..40_000).map(|_| random.pieces(&pieces, 16)));
        texts
    }

    /// [`direction_window`], built in one string, is the window as first
    /// written (the clause, a space and the next three words joined), at
    /// every number of the texts.
    #[test]
    fn direction_window_as_joined() {
        fn joined(sentence: &str, number: &NumberMatch) -> String {
            let clause_start = sentence[..number.start]
                .rfind([';', '('])
                .map_or(0, |p| p + 1);
            let tail: String = sentence[number.end..]
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            format!("{} {}", &sentence[clause_start..number.end], tail)
        }
        let mut numbers = 0;
        for text in number_and_time_texts(59) {
            for n in find_numbers(&text) {
                assert_eq!(direction_window(&text, &n), joined(&text, &n), "{text:?}");
                numbers += 1;
            }
        }
        assert!(numbers > 10_000, "weak test: {numbers} numbers");
    }

    /// [`time_ref`] strips the connectives made once as it did when it
    /// capitalised them for each reference, on every time reference of
    /// the texts.
    #[test]
    fn time_ref_strips_as_capitalising_each_time() {
        fn stripped(m: &TimeMatch) -> String {
            let mut text = m.text.as_str();
            for capitalised in [false, true] {
                for connective in vocabulary::words(Role::TimeConnective) {
                    let word = if capitalised {
                        let mut chars = connective.chars();
                        chars
                            .next()
                            .map(|c| c.to_uppercase().chain(chars).collect())
                            .unwrap_or_default()
                    } else {
                        connective.to_string()
                    };
                    if let Some(rest) = text.strip_prefix(&word).and_then(|r| r.strip_prefix(' ')) {
                        text = rest;
                    }
                }
            }
            text.to_string()
        }
        let (mut refs, mut changed) = (0, 0);
        for text in number_and_time_texts(61) {
            for m in find_time_refs(&text) {
                let want = stripped(&m);
                changed += usize::from(want != m.text);
                assert_eq!(time_ref(&m).text, want, "{text:?}");
                refs += 1;
            }
        }
        assert!(
            refs > 2_000 && changed > 200,
            "weak test: {refs} references, {changed} stripped"
        );
    }

    #[test]
    fn first_sentence_is_the_first_of_all() {
        for text in [
            "",
            "  ",
            "Ingen punktum",
            "Der er ca. 5.500 virksomheder. Mange er små.",
            "Kort. Og så. Videre",
            "Slut med punktum.",
        ] {
            assert_eq!(
                first_sentence(text),
                sentences(text).first().copied().unwrap_or(""),
                "{text:?}"
            );
        }
    }

    #[test]
    fn sentence_split_respects_abbreviations() {
        assert_eq!(
            sentences("Der er ca. 5.500 virksomheder. Mange er små.").len(),
            2
        );
        assert_eq!(
            sentences("Andelen var 15 pct. Med udgangen af 2021 skal den være 20 pct.").len(),
            2
        );
    }
}
