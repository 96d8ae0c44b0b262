//! Which blocks are headings, and at what level.
//!
//! Detection combines the heading's own form (numbering, length, final
//! punctuation, capitalisation, PDF typography), its context (what follows
//! it) and the table of contents. Levels come from numbering depth, the
//! TOC, overview lists that enumerate the sections to come, and the rule
//! that an unnumbered sub-heading sits one level below its section; where
//! neither TOC nor numbering speaks, from the rank of the heading's style
//! (font size, bold, capitals) among the heading styles of the document.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use planex_model::{ExtractedText, Section, SourceFormat, TocEntry, Warning};
use planex_normalise::{minister, text as ntext};

use crate::blocks::{FullLine, Piece, PieceKind};
use crate::cues::{self, CueKind};
use crate::text::{self, title_key as key};
use crate::toc::Toc;

/// A map with a fast hash (foldhash): the TOC's titles and numbers are
/// looked up for heading candidates; no untrusted keys, so no need for
/// SipHash's resistance to collisions made on purpose.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A detected heading.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadingInfo {
    pub number: Option<String>,
    pub title: String,
    pub level: u8,
}

#[derive(Debug, Clone)]
struct Candidate {
    /// [`key`] of the title.
    key: String,
    number: Option<String>,
    depth: Option<u8>,
    title: String,
    in_toc: bool,
    is_label: bool,
    /// The level the source marks the heading with (Markdown `##`).
    mark: Option<u8>,
    /// A top-level numbered line that quotes a minister goal: a heading
    /// or an item of a numbered list of the goals, which the numbering
    /// around it decides ([`settle_goal_quotes`]).
    quotes_goal: bool,
}

/// The minister's goals of every year: a heading that quotes one is a goal.
static ANY_YEAR_GOALS: LazyLock<minister::GoalMatcher> =
    LazyLock::new(|| minister::GoalMatcher::new(&[]));

/// No heading is longer than this (characters).
const MAX_HEADING_CHARS: usize = 160;

/// Whitespace-separated words (as `split_whitespace` counts them), counting
/// no further than `limit`. Eight bytes at a time where they hold no byte
/// that may start whitespace beyond ASCII; byte by byte elsewhere, where a
/// char beyond ASCII is decoded only to test whether it is a space.
fn words_upto(s: &str, limit: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let ones = |b: u8| u64::from_ne_bytes([b; 8]);
    // Is there a zero byte in `v`? (Exact as a yes or no.)
    let has_zero = |v: u64| v.wrapping_sub(ones(1)) & !v & HIGH != 0;
    let bytes = s.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            // The lead bytes of whitespace beyond ASCII: C2 (U+0085,
            // U+00A0) and E1..E3 (E0 too, to test fewer values). A chunk
            // opening with a continuation byte after a space continues a
            // space char; both go byte by byte.
            let doubtful = has_zero(w ^ ones(0xc2))
                || has_zero((w & ones(0xfc)) ^ ones(0xe0))
                || (!in_word && chunk[0] & 0xc0 == 0x80);
            if !doubtful {
                // Per byte, in its top bit: whitespace is a space or TAB..CR
                // (its low seven bits, and no top bit); every other byte,
                // also one of a char beyond ASCII, is part of a word.
                let low = w & LOW;
                let not_space_char = ((low ^ ones(b' ')) + LOW) & HIGH;
                let from_tab = (low + ones(0x80 - b'\t')) & HIGH;
                let from_after_cr = (low + ones(0x80 - 0x0e)) & HIGH;
                let space = (!not_space_char | (from_tab & !from_after_cr)) & !(w & HIGH) & HIGH;
                let solid = !space & HIGH;
                let solid_before = solid << 8 | u64::from(in_word) << 7;
                // Word starts, one top bit a byte: summed by a multiply
                // (`count_ones` is a long sequence without the POPCNT
                // instruction, which the baseline x86-64 target lacks).
                let starts = (solid & !solid_before) >> 7;
                count += (starts.wrapping_mul(ones(1)) >> 56) as usize;
                if count >= limit {
                    return limit;
                }
                in_word = solid >> 63 == 1;
                i += 8;
                continue;
            }
        }
        // Byte by byte to the end of this chunk (or of the text).
        let end = (i + 8).min(bytes.len());
        while i < end {
            let b = bytes[i];
            let space = match b {
                b' ' | b'\t'..=b'\r' => true,
                0..=0x7f => false,
                // A continuation byte: part of the char before.
                0x80..=0xbf => {
                    i += 1;
                    continue;
                }
                _ => s[i..].chars().next().is_some_and(char::is_whitespace),
            };
            if !space && !in_word {
                if count == limit {
                    return count;
                }
                count += 1;
            }
            in_word = !space;
            i += 1;
        }
    }
    count
}

/// `'t`: the table of contents and its entries' keys, which the maps
/// borrow (no copy of each).
struct Context<'a, 't> {
    doc: &'a ExtractedText,
    pieces: &'a [Piece<'a>],
    toc_titles: FastMap<&'t str, usize>,
    toc_numbers: FastMap<&'t str, usize>,
    /// The deepest decimal numbering the TOC lists ("2.1.1": 3); 0 when it
    /// lists none.
    toc_decimal_depth: u8,
    toc_entry_titles: &'t [String],
    toc_entry_numbers: Vec<Option<String>>,
    /// [`ascii_signature`]s of the TOC entries' and run-in labels' keys.
    toc_signatures: Option<Vec<u64>>,
    body_font_size: Option<f32>,
    /// Does the source mark headings ([`planex_model::LineStyle::heading_mark`])?
    marks_headings: bool,
    /// 90th percentile of the document's line lengths (chars): the width of
    /// a full line, whatever the column or page width.
    /// Worked out when first needed (a piece of several lines follows a
    /// candidate): most text pieces are single lines.
    full_line: &'a FullLine<'a>,
    run_in_labels: Vec<RunInLabel>,
    signature: Vec<bool>,
}

/// How a heading line is set: what ranks heading styles into levels when
/// neither numbering nor a table of contents gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Style {
    /// Font size in half points (PDF); 0 when unknown.
    size: u32,
    /// Bold face (PDF) or a whole line in `**bold**` (text).
    bold: bool,
    /// Every letter upper case.
    caps: bool,
}

impl Style {
    /// Sort key: larger type first, then bold, then capitals.
    fn prominence(self) -> (std::cmp::Reverse<u32>, bool, bool) {
        (std::cmp::Reverse(self.size), !self.bold, !self.caps)
    }
}

/// Every letter is upper case (at least two letters).
fn is_all_caps(t: &str) -> bool {
    let mut letters = 0;
    for c in t.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// A lone acronym ("AMU", "STAR"): one short word in capitals. It names
/// something (often a label left over from a figure) rather than opening a section.
fn is_acronym(t: &str) -> bool {
    // (At most four chars take at most 16 bytes: longer titles end here.)
    t.len() <= 16 && !t.contains(' ') && t.chars().count() <= 4 && is_all_caps(t)
}

impl<'a> Context<'a, '_> {
    fn toc_has_decimal_numbers(&self) -> bool {
        self.toc_decimal_depth > 0
    }

    /// May a decimal-numbered line that the TOC does not list still be a
    /// heading? Where the TOC lists decimal numbers to this depth, it lists
    /// the headings ("1. Flere unge ..." unlisted is a numbered goal). Many
    /// TOCs stop a level or two above the body's numbering ("3.3" listed,
    /// "3.3.1" not): a deeper number may be a heading when the TOC lists its
    /// ancestor at the TOC's deepest level.
    fn toc_is_silent_on(&self, number: &str, depth: u8) -> bool {
        let listed = self.toc_decimal_depth;
        if listed == 0 {
            return true;
        }
        if depth <= listed {
            return false;
        }
        let ancestor_end = number
            .match_indices('.')
            .nth(usize::from(listed) - 1)
            .map_or(number.len(), |(at, _)| at);
        self.toc_numbers.contains_key(&number[..ancestor_end])
    }

    /// The heading level the source marks piece `i` with (a marked line is
    /// a piece of its own).
    fn heading_mark(&self, i: usize) -> Option<u8> {
        self.doc
            .lines
            .get(self.pieces[i].first_line)?
            .style
            .heading_mark
    }

    fn single_line(&self, i: usize) -> Option<Cow<'a, str>> {
        match &self.pieces.get(i)?.kind {
            PieceKind::Text { lines } if lines.len() == 1 => {
                Some(text::strip_emphasis_cow(&lines[0]))
            }
            _ => None,
        }
    }

    fn full_line_chars(&self) -> usize {
        self.full_line.chars()
    }

    fn style(&self, i: usize) -> Style {
        let Some(line) = self.doc.lines.get(self.pieces[i].first_line) else {
            return Style {
                size: 0,
                bold: false,
                caps: false,
            };
        };
        let t = text::trim(&line.text);
        let marked_bold = t.len() > 4
            && t.starts_with("**")
            && t.ends_with("**")
            && !t[2..t.len() - 2].contains("**");
        Style {
            size: line.style.font_size.map_or(0, |s| (s * 2.0).round() as u32),
            bold: line.style.bold || marked_bold,
            caps: is_all_caps(t),
        }
    }

    /// PDF typography: larger than body text, or bold throughout. Where
    /// the source marks headings (Markdown), a line it leaves unmarked is a
    /// heading only when set apart in `**bold**` or capitals (some
    /// converters mark the headings that had a heading style, not the ones
    /// set in bold by hand).
    fn looks_like_heading_type(&self, i: usize) -> Option<bool> {
        if self.marks_headings {
            let style = self.style(i);
            return Some(self.heading_mark(i).is_some() || style.bold || style.caps);
        }
        let body = self.body_font_size?;
        let line = self.doc.lines.get(self.pieces[i].first_line)?;
        let size = line.style.font_size?;
        Some(line.style.bold || size >= body * 1.08)
    }

    /// Does the piece after `i` look like body text that a heading opens?
    fn next_is_body(&self, i: usize, allow_list: bool) -> bool {
        let Some(next) = self.pieces.get(i + 1) else {
            return false;
        };
        match &next.kind {
            PieceKind::Table { .. } | PieceKind::Footnote { .. } => true,
            PieceKind::List { .. } => allow_list,
            PieceKind::Text { lines } => {
                // (A single line is its own joined text: no copy.)
                let joined: Cow<str> = match lines.as_slice() {
                    [line] => Cow::Borrowed(text::trim(line)),
                    _ => Cow::Owned(text::join_lines(lines.iter().map(|l| &**l))),
                };
                // A single line of 60 chars or more is body text (the first
                // test below), known without counting all its chars.
                if lines.len() == 1 && text::more_chars_than(&joined, 59) {
                    return true;
                }
                let joined_chars = joined.chars().count();
                // Several short lines (a signature, an address) are not body text.
                let average_line = joined_chars / lines.len();
                // A paragraph in a narrow column has short lines, but all of
                // them full but the last; a signature's lines are not full.
                // (Tested last: the document's line width is worked out then.)
                let full_lines = || {
                    lines.len() > 1
                        && lines[..lines.len() - 1].iter().all(|l| {
                            text::trim(l).chars().count() * 10 >= self.full_line_chars() * 6
                        })
                };
                (joined_chars >= 60 && (lines.len() == 1 || average_line >= 40 || full_lines()))
                    || text::ends_sentence(&joined)
                    || (lines.len() == 1
                        && words_upto(&joined, 15) <= 14
                        && !joined.ends_with(['.', ',']))
            }
        }
    }

    fn candidate(&self, i: usize) -> Option<Candidate> {
        if let Some(raw) = self.single_line(i) {
            return self.candidate_from(i, &raw);
        }
        // A long title wrapped over two or three lines (hard-wrapped text):
        // a heading only when the table of contents lists it.
        let raw = self.wrapped_title(i)?;
        self.candidate_from(i, &raw).filter(|c| c.in_toc)
    }

    /// The text of a piece of two or three lines, joined, when it is short
    /// enough to be a title.
    fn wrapped_title(&self, i: usize) -> Option<String> {
        match &self.pieces.get(i)?.kind {
            PieceKind::Text { lines } if (2..=3).contains(&lines.len()) => {
                let joined = text::join_lines(lines.iter().map(|l| &**l));
                (joined.len() <= 4 * MAX_HEADING_CHARS)
                    .then(|| text::strip_emphasis(&joined))
                    .filter(|t| !text::more_chars_than(t, MAX_HEADING_CHARS))
            }
            _ => None,
        }
    }

    fn candidate_from(&self, i: usize, raw: &str) -> Option<Candidate> {
        let t = text::trim(raw);
        // (Most paragraphs are rejected on their byte length, or on their
        // first few hundred bytes.)
        let too_long = text::more_chars_than(t, MAX_HEADING_CHARS);
        if t.is_empty() || too_long || memchr::memchr(b'\t', t.as_bytes()).is_some() {
            return None;
        }
        // Every test that rejects a line is free of side effects, so they
        // run cheapest first; the cue regexes only for a line that passes
        // the others.
        let line_cues = OnceCell::new();
        let cues_of_line = || line_cues.get_or_init(|| cues::Line::new(t));
        let is_note = || {
            cues_of_line().matches(CueKind::CaptionPrefix)
                || cues_of_line().matches(CueKind::SourcePrefix)
                || text::footnote_marker(t).is_some()
        };
        let typography = self.looks_like_heading_type(i);
        // Marked a heading by the source (Markdown): taken as one, as a TOC
        // listing it would be, unless it is a note.
        let mark = self.heading_mark(i);
        if let Some(n) = text::numbering(t) {
            // (Copied only into a candidate: most lines are rejected.)
            let title = text::trim(text::trim(&t[n.title_start..]).trim_end_matches(':'));
            if !title.chars().next().is_some_and(|c| c.is_uppercase()) {
                return None;
            }
            // The TOC confirms a numbered heading only with the same number
            // ("1. Flere unge ..." is a numbered goal when the TOC's "1." is
            // another title), or with the same title listed unnumbered.
            let title_key = LazyKey::new(title);
            let maybe_listed = title_key.may_equal_one_of(&self.toc_signatures);
            let in_toc = match (
                self.toc_numbers.get(n.number.as_str()),
                maybe_listed
                    .then(|| self.toc_titles.get(title_key.get().as_str()))
                    .flatten(),
            ) {
                (Some(a), Some(b)) => self.toc_entry_titles[*a] == *title_key.get() || a == b,
                (Some(a), None) => maybe_listed && self.toc_entry_titles[*a] == *title_key.get(),
                (None, Some(b)) => self.toc_entry_numbers[*b].is_none(),
                (None, None) => false,
            };
            if is_note() {
                return None;
            }
            let mut quotes_goal = false;
            let ok = in_toc || mark.is_some() || {
                // (No test looks beyond 20 words.)
                let n_words = words_upto(title, 21);
                let sentence = title.ends_with('.') && n_words > 3;
                !sentence
                    && typography != Some(false)
                    && if n.is_division {
                        n_words <= 15
                    } else if n.depth >= 2 {
                        n_words <= 20 && self.toc_is_silent_on(&n.number, n.depth)
                    } else {
                        let form = n_words <= 12
                            && self.toc_is_silent_on(&n.number, n.depth)
                            && self.next_is_body(i, false);
                        // (The goal search, the dearest test, last.)
                        quotes_goal = form && ANY_YEAR_GOALS.is_match(title);
                        form
                    }
            };
            if !ok {
                return None;
            }
            return Some(Candidate {
                key: title_key.into_key(),
                number: Some(n.number.clone()),
                depth: Some(n.depth),
                is_label: false,
                title: title.to_string(),
                in_toc,
                mark,
                quotes_goal,
            });
        }
        let colon = t.ends_with(':');
        let title = text::trim(t.trim_end_matches(':'));
        let title_cues = OnceCell::new();
        let cues_of_title = || title_cues.get_or_init(|| cues_of_line().for_title(title));
        let label = OnceCell::new();
        let is_label = || {
            *label.get_or_init(|| {
                cues_of_title().matches(CueKind::GoalLabel)
                    || cues_of_title().matches(CueKind::MeasureLabel)
            })
        };
        let title_key = LazyKey::new(title);
        // A numbered TOC entry does not confirm the same words printed unnumbered
        // (a goal quoted again in an annex).
        let in_toc = title_key.may_equal_one_of(&self.toc_signatures)
            && self
                .toc_titles
                .get(title_key.get().as_str())
                .is_some_and(|&k| self.toc_entry_numbers[k].is_none());
        let next_is_table = matches!(
            self.pieces.get(i + 1).map(|p| &p.kind),
            Some(PieceKind::Table { .. })
        );
        let next_is_list = matches!(
            self.pieces.get(i + 1).map(|p| &p.kind),
            Some(PieceKind::List { .. })
        );
        if in_toc || mark.is_some() {
            if is_note() {
                return None;
            }
            let is_label = is_label();
            return Some(Candidate {
                key: title_key.into_key(),
                number: None,
                depth: None,
                title: title.to_string(),
                in_toc,
                is_label,
                mark,
                quotes_goal: false,
            });
        }
        if self.signature[i] {
            return None;
        }
        let first_upper = title
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        let form_ok = first_upper && !title.ends_with(['.', ',', ';', '!', '?', '-', '–']) && {
            // (No test looks beyond 14 words.)
            let n_words = words_upto(title, 15);
            n_words <= 14
                && !(title.contains(',')
                    && (n_words > 8 || cues_of_title().matches(CueKind::ClauseJoin)))
                && (!colon || n_words <= 5)
        };
        if !form_ok {
            return None;
        }
        if colon
            && (next_is_table
                || self
                    .run_in_labels
                    .iter()
                    .any(|l| title_key.may_equal(l.signature) && key(&l.label) == *title_key.get()))
        {
            return None;
        }
        if (typography == Some(false) || is_acronym(title)) && !is_label() {
            return None;
        }
        // A line set apart by type (bold, capitals, larger size) may open a
        // list; a plain line before a list is more often its lead-in, and so
        // is any line worded as one ("Konkret drejer det sig om").
        let style = self.style(i);
        let set_apart = style.bold || style.caps || typography == Some(true);
        let lead_in = || {
            cues::matches(CueKind::MeasureIntro, title) || cues::matches(CueKind::GoalIntro, title)
        };
        let list_ok = is_label() || (set_apart && !(next_is_list && lead_in()));
        if !self.next_is_body(i, list_ok) || is_note() {
            return None;
        }
        if ANY_YEAR_GOALS.is_match(title) {
            return None;
        }
        let is_label = is_label();
        Some(Candidate {
            key: title_key.into_key(),
            number: None,
            depth: None,
            title: title.to_string(),
            in_toc,
            is_label,
            mark,
            quotes_goal: false,
        })
    }
}

/// Decide the top-level numbered lines that quote a minister goal
/// ("2. Flere ledige skal opkvalificeres"). A run of them (no other
/// top-level numbered heading between) whose numbers go on one by one
/// from the last top-level heading's is a run of headings: chapters named
/// after the goals. A run that starts the numbering anew ("1. Flere unge
/// ..." under heading 1) is a numbered list of the goals, no headings.
fn settle_goal_quotes(candidates: &mut [Option<Candidate>]) {
    let top_number = |c: &Candidate| -> Option<u32> {
        (c.depth == Some(1)
            && !c
                .number
                .as_deref()?
                .starts_with(|ch: char| !ch.is_ascii_digit()))
        .then(|| c.number.as_deref()?.parse().ok())
        .flatten()
    };
    let mut last_heading: Option<u32> = None;
    let mut i = 0;
    while i < candidates.len() {
        let Some(c) = &candidates[i] else {
            i += 1;
            continue;
        };
        if !c.quotes_goal {
            last_heading = top_number(c).or(last_heading);
            i += 1;
            continue;
        }
        let mut run = vec![i];
        let mut k = i + 1;
        while k < candidates.len() {
            match &candidates[k] {
                Some(c) if c.quotes_goal => run.push(k),
                Some(c) if top_number(c).is_some() => break,
                _ => {}
            }
            k += 1;
        }
        let numbers: Vec<Option<u32>> = run
            .iter()
            .map(|&r| candidates[r].as_ref().and_then(top_number))
            .collect();
        let goes_on = last_heading.is_some_and(|last| {
            numbers
                .iter()
                .enumerate()
                .all(|(j, n)| *n == Some(last + 1 + j as u32))
        });
        for &r in &run {
            if !goes_on {
                candidates[r] = None;
            }
        }
        if goes_on {
            last_heading = numbers.last().copied().flatten();
        }
        i = run.last().map_or(k, |&last| last + 1);
    }
}

/// The [`key`] of a title, worked out only when a lookup may find it: most
/// candidates are in no TOC and are no run-in label, and a signature of
/// the title (no copy) shows that.
struct LazyKey<'a> {
    title: &'a str,
    signature: Option<u64>,
    key: OnceCell<String>,
}

impl<'a> LazyKey<'a> {
    fn new(title: &'a str) -> LazyKey<'a> {
        LazyKey {
            title,
            signature: ascii_signature(title),
            key: OnceCell::new(),
        }
    }

    fn get(&self) -> &String {
        self.key.get_or_init(|| key(self.title))
    }

    fn into_key(self) -> String {
        self.key.into_inner().unwrap_or_else(|| key(self.title))
    }

    /// Can the key equal a key with this signature?
    fn may_equal(&self, signature: Option<u64>) -> bool {
        match (self.signature, signature) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
    }

    /// Can the key equal one of the keys with these [`signatures`]?
    fn may_equal_one_of(&self, signatures: &Option<Vec<u64>>) -> bool {
        match (self.signature, signatures) {
            (Some(s), Some(list)) => list.contains(&s),
            _ => true,
        }
    }
}

/// The [`ascii_signature`]s of `keys`; None if one has none.
fn signatures<'k>(keys: impl IntoIterator<Item = &'k String>) -> Option<Vec<u64>> {
    keys.into_iter().map(|k| ascii_signature(k)).collect()
}

/// The first eight lower-cased ASCII letters and digits of `s`, packed.
/// [`key`] keeps exactly these characters, in order (it lower-cases, and
/// drops or unifies only other characters, and no other character
/// lower-cases to an ASCII one but 'İ' and the Kelvin sign 'K'): texts
/// whose keys are equal have equal signatures. None when one of those two
/// comes before the eighth.
fn ascii_signature(s: &str) -> Option<u64> {
    let bytes = s.as_bytes();
    let mut packed: u64 = 0;
    let mut taken = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() {
            packed = packed << 8 | u64::from(b.to_ascii_lowercase());
            taken += 1;
            if taken == 8 {
                break;
            }
        } else if (b == 0xc4 && bytes.get(i + 1) == Some(&0xb0))
            || (b == 0xe2 && bytes.get(i + 1) == Some(&0x84) && bytes.get(i + 2) == Some(&0xaa))
        {
            return None;
        }
    }
    Some(packed)
}

/// Typical font size of body text: the size carrying the most characters.
fn body_font_size(doc: &ExtractedText) -> Option<f32> {
    if doc.format != SourceFormat::Pdf {
        return None;
    }
    let mut counts: HashMap<u32, usize> = HashMap::new();
    for l in &doc.lines {
        if let Some(s) = l.style.font_size {
            *counts.entry((s * 10.0).round() as u32).or_default() += l.text.len();
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(size, n)| (n, size))
        .map(|(s, _)| s as f32 / 10.0)
}

/// "Jobcenter Holbæk: Vi understøtter ..." makes "Jobcenter Holbæk:" a run-in
/// label wherever it stands alone, not a heading.
fn run_in_labels(pieces: &[Piece]) -> Vec<RunInLabel> {
    pieces
        .iter()
        .filter_map(|p| match &p.kind {
            PieceKind::Text { lines } => {
                // (Dropping emphasis keeps the colons: no colon, no label.)
                memchr::memchr(b':', lines[0].as_bytes())?;
                let t = text::strip_emphasis_cow(&lines[0]);
                let colon = memchr::memchr(b':', t.as_bytes())?;
                let (label, rest) = (&t[..colon], &t[colon + 1..]);
                (words_upto(label, 6) <= 5 && words_upto(rest, 3) >= 3).then(|| RunInLabel {
                    signature: ascii_signature(label),
                    label: label.to_string(),
                })
            }
            _ => None,
        })
        .collect()
}

/// A run-in label; its [`key`] is worked out only for a title with the
/// same [`ascii_signature`].
struct RunInLabel {
    label: String,
    signature: Option<u64>,
}

/// Pieces that close a letter or foreword: the closing line ("Med venlig
/// hilsen") and the short lines under it (name, title, date). A closing
/// always has a signer, so the first short line is one; after it, the last
/// short line before body text is left out: it is the next section's heading.
fn signature_lines(pieces: &[Piece]) -> Vec<bool> {
    fn one_line<'p>(p: &'p Piece) -> Option<&'p str> {
        match &p.kind {
            PieceKind::Text { lines } if lines.len() == 1 => Some(&*lines[0]),
            _ => None,
        }
    }
    let short =
        |p: &Piece| one_line(p).is_some_and(|t| words_upto(t, 9) <= 8 && !text::ends_sentence(t));
    let mut out = vec![false; pieces.len()];
    for i in 0..pieces.len() {
        let closing = one_line(&pieces[i])
            .is_some_and(|t| t.len() < 60 && cues::matches(CueKind::Closing, t));
        if !closing {
            continue;
        }
        out[i] = true;
        let mut k = i + 1;
        while k <= i + 4
            && k < pieces.len()
            && short(&pieces[k])
            && (k == i + 1 || pieces.get(k + 1).is_some_and(short))
        {
            out[k] = true;
            k += 1;
        }
    }
    out
}

/// The headings found, by piece index, with the [`key`]s of their titles
/// and of the TOC entries' titles (to match the two without redoing them).
pub struct Headings {
    pub by_piece: Vec<Option<(HeadingInfo, String)>>,
    pub toc_keys: Vec<String>,
}

/// Detect headings among `pieces` (indices at or after `body_start` line) and assign levels.
pub fn detect<'a>(
    doc: &'a ExtractedText,
    pieces: &'a [Piece<'a>],
    toc: &Toc,
    body_start: usize,
    full_line: &'a FullLine<'a>,
) -> Headings {
    let toc_entry_titles: Vec<String> = toc.entries.iter().map(|e| key(&e.title)).collect();
    // (Sized up front: no rehashing as they fill.)
    let room = || FastMap::with_capacity_and_hasher(toc.entries.len(), Default::default());
    let (mut toc_titles, mut toc_numbers) = (room(), room());
    for (k, e) in toc.entries.iter().enumerate() {
        toc_titles.entry(toc_entry_titles[k].as_str()).or_insert(k);
        if let Some(n) = &e.number {
            toc_numbers.entry(n.as_str()).or_insert(k);
        }
    }
    let run_in_labels = run_in_labels(pieces);
    let ctx = Context {
        toc_signatures: signatures(&toc_entry_titles),
        doc,
        pieces,
        toc_titles,
        toc_numbers,
        toc_entry_titles: &toc_entry_titles,
        toc_entry_numbers: toc.entries.iter().map(|e| e.number.clone()).collect(),
        toc_decimal_depth: toc
            .entries
            .iter()
            .filter_map(|e| e.number.as_deref())
            .filter(|n| n.starts_with(|c: char| c.is_ascii_digit()))
            .map(text::decimal_depth)
            .max()
            .unwrap_or(0),
        body_font_size: body_font_size(doc),
        marks_headings: doc.lines.iter().any(|l| l.style.heading_mark.is_some()),
        full_line,
        run_in_labels,
        signature: signature_lines(pieces),
    };

    // Without a TOC the cover is the run of short pieces before the first body text.
    let first_body = if toc.lines.is_some() {
        pieces
            .iter()
            .position(|p| p.first_line >= body_start)
            .unwrap_or(pieces.len())
    } else {
        let first_para = pieces
            .iter()
            .position(|p| {
                !p.is_text()
                    || p.text()
                        .is_some_and(|t| text::more_chars_than(&t, 59) || text::ends_sentence(&t))
            })
            .unwrap_or(0);
        first_para.saturating_sub(1)
    };

    let mut candidates: Vec<Option<Candidate>> = (0..pieces.len())
        .map(|i| {
            if i < first_body {
                None
            } else {
                ctx.candidate(i)
            }
        })
        .collect();
    settle_goal_quotes(&mut candidates);

    // Without a TOC, unnumbered headings before the first numbered one take
    // their level from their style: the distinct styles in use, most
    // prominent first, are levels 1, 2, 3, ... (numbering decides after).
    let mut styles: Vec<Style> = Vec::new();
    if toc.entries.is_empty() {
        for (i, c) in candidates.iter().enumerate() {
            match c {
                Some(c) if c.number.is_some() => break,
                Some(c) if !c.is_label => {
                    let st = ctx.style(i);
                    if !styles.contains(&st) {
                        styles.push(st);
                    }
                }
                _ => {}
            }
        }
        styles.sort_by_key(|st| st.prominence());
    }
    let mut seen_numbered = false;
    let first_mark = candidates.iter().flatten().find_map(|c| c.mark);
    let marks_vary = candidates
        .iter()
        .flatten()
        .any(|c| c.mark.is_some() && c.mark != first_mark);

    let mut out: Vec<Option<(HeadingInfo, String)>> = vec![None; pieces.len()];
    let mut last_anchor: u8 = 0; // level of the last numbered or TOC-confirmed heading
    let mut last_structural: u8 = 0; // same, but labels excluded (the base for labels)
    let mut last_decimal: Option<u8> = None;
    let mut prev_heading: Option<(u8, bool)> = None; // (level, is_label), reset by content
    let mut current_level: u8 = 0;
    // Lists (piece index, level) that may enumerate the sections to come;
    // their items are tokenised only if a TOC heading is looked up in them.
    let mut overview: Vec<(usize, u8, OnceCell<ItemBags>)> = Vec::new();

    for i in 0..candidates.len() {
        let Some(c) = &candidates[i] else {
            if i >= first_body {
                if let PieceKind::List { items } = &pieces[i].kind {
                    if items.len() >= 2 {
                        overview.push((i, current_level, OnceCell::new()));
                    }
                }
                prev_heading = None;
            }
            continue;
        };
        let has_direct_body = candidates.get(i + 1).is_none_or(|n| n.is_none());
        let listed_in = || -> Option<u8> {
            if overview.is_empty() {
                return None;
            }
            // A title with nothing for `overview_key` to drop (emphasis, soft
            // hyphens, a bracket) has its own key as overview key.
            let plain = memchr::memchr2(b'*', 0xad, c.title.as_bytes()).is_none()
                && memchr::memmem::find(c.title.as_bytes(), b" (").is_none();
            let title_key: Cow<str> = if plain {
                Cow::Borrowed(&c.key)
            } else {
                Cow::Owned(overview_key(&c.title))
            };
            let k = ntext::TokenBag::new(&title_key);
            let max_item_tokens = max_tokens_for_f1(token_count(&title_key));
            overview
                .iter()
                .rev()
                .find(|(piece, _, items)| {
                    let raw_items = pieces_items(&pieces[*piece]);
                    let bags = items
                        .get_or_init(|| raw_items.iter().map(|_| ItemBag::default()).collect());
                    bags.iter().zip(raw_items).any(|(item, raw)| {
                        !item.exceeds(&raw.text, max_item_tokens)
                            && item
                                .bag
                                .get_or_init(|| overview_bag(&raw.text))
                                .f1_at_least(&k, 0.8)
                    })
                })
                .map(|(_, l, _)| *l)
        };
        let (level, anchor) = match (&c.number, c.depth) {
            (Some(n), Some(d)) => {
                seen_numbered = true;
                let is_division = !n.starts_with(|ch: char| ch.is_ascii_digit());
                if !is_division {
                    last_decimal = Some(d);
                } else {
                    last_decimal = Some(1);
                }
                (d.max(1), true)
            }
            // Marks of more than one level say the level; some converters
            // mark every heading alike, which says nothing of it.
            _ if marks_vary && c.mark.is_some() => {
                (c.mark.unwrap_or(1), !(c.is_label && has_direct_body))
            }
            _ if c.is_label && has_direct_body => (last_structural + 1, false),
            _ if !styles.is_empty() && !seen_numbered && !c.is_label => {
                let st = ctx.style(i);
                let rank = styles.iter().position(|s| *s == st).unwrap_or(0);
                (rank as u8 + 1, true)
            }
            _ => {
                if let Some(l) = c.in_toc.then(listed_in).flatten() {
                    (l + 1, true)
                } else if let Some((pl, false)) = prev_heading {
                    (pl + 1, c.in_toc)
                } else if c.in_toc {
                    (
                        if ctx.toc_has_decimal_numbers() {
                            last_decimal.map_or(1, |d| d + 1)
                        } else {
                            1
                        },
                        true,
                    )
                } else {
                    (last_anchor + 1, false)
                }
            }
        };
        let level = level.clamp(1, 9);
        // A plain top-level heading is the base for labels below it, even
        // when neither numbering nor a TOC confirms it.
        let anchor = anchor || (level == 1 && !c.is_label);
        if anchor {
            last_anchor = level;
            last_structural = level;
        }
        if !anchor && !c.is_label && c.in_toc {
            last_anchor = level;
        }
        prev_heading = Some((level, c.is_label && has_direct_body));
        current_level = level;
        // Moved out: later pieces look only at the candidates after them.
        let Some(c) = candidates[i].take() else {
            unreachable!()
        };
        out[i] = Some((
            HeadingInfo {
                number: c.number,
                title: c.title,
                level,
            },
            c.key,
        ));
    }
    Headings {
        by_piece: out,
        toc_keys: toc_entry_titles,
    }
}

/// The token bags of a list's items, each made when first compared.
type ItemBags = Vec<ItemBag>;

/// A list item as compared with headings (every heading in the TOC is
/// looked up in the lists before it): the words [`key_tokens_exceed`]
/// counts, up to [`COUNTED_KEY_WORDS`], counted once, and the token bag;
/// each worked out when first needed.
#[derive(Default)]
struct ItemBag {
    words: OnceCell<usize>,
    bag: OnceCell<ntext::TokenBag>,
}

/// Words of a list item counted once for all headings: above the limit of
/// a title of up to seven tokens (most); for a longer title the item is
/// counted again. (Counting further costs more than it saves: measured.)
const COUNTED_KEY_WORDS: usize = 12;

impl ItemBag {
    /// [`key_tokens_exceed`]`(raw, limit)` for the item's text `raw`.
    fn exceeds(&self, raw: &str, limit: usize) -> bool {
        if limit < COUNTED_KEY_WORDS {
            *self
                .words
                .get_or_init(|| key_words_upto(raw, COUNTED_KEY_WORDS))
                > limit
        } else {
            key_tokens_exceed(raw, limit)
        }
    }
}

fn pieces_items<'p>(p: &'p Piece) -> &'p [crate::blocks::RawItem] {
    match &p.kind {
        PieceKind::List { items } => items,
        _ => &[],
    }
}

/// The most tokens a text may have and still reach a token F1 of 0.8 with
/// a text of `n` tokens: F1 is at most `2n / (n + m)`, below 0.8 (with a
/// margin far above float rounding) once `2m >= 3n + 2`.
fn max_tokens_for_f1(n: usize) -> usize {
    (3 * n).div_ceil(2)
}

/// The number of tokens [`ntext::TokenBag`] finds in `s`: runs of
/// alphanumeric characters once lower-cased, soft hyphens dropped. An
/// ASCII byte is tested as it is (lower-casing keeps it ASCII and keeps
/// whether it is a letter or digit); only other chars are lower-cased.
fn token_count(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut count = 0;
    let mut in_token = false;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii() {
            let alnum = bytes[i].is_ascii_alphanumeric();
            count += usize::from(alnum && !in_token);
            in_token = alnum;
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().expect("a char starts here");
        i += c.len_utf8();
        if c == '\u{ad}' {
            continue;
        }
        for l in c.to_lowercase() {
            let alnum = l.is_alphanumeric();
            count += usize::from(alnum && !in_token);
            in_token = alnum;
        }
    }
    count
}

/// Does [`overview_key`]`(raw)` surely have more than `limit` tokens? A
/// byte scan, stopping there, of a lower bound: the space-separated words
/// before the first "(" that hold an ASCII letter or digit. Normalising
/// drops or unifies only other characters and keeps the spaces, and the
/// key is cut at a " (" no earlier than the first "(". (A list item may be
/// a long paragraph: the lists are searched for every heading in the TOC.)
fn key_tokens_exceed(raw: &str, limit: usize) -> bool {
    key_words(raw).nth(limit).is_some()
}

/// The words [`key_tokens_exceed`] counts in `raw`, counting no further
/// than `cap`: `key_tokens_exceed(raw, limit)` is `count > limit` for a
/// limit below `cap`.
fn key_words_upto(raw: &str, cap: usize) -> usize {
    key_words(raw).take(cap).count()
}

/// The words [`key_tokens_exceed`] counts: space-separated, before the
/// first "(", holding an ASCII letter or digit.
fn key_words(raw: &str) -> impl Iterator<Item = &[u8]> {
    let bytes = raw.as_bytes();
    let end = memchr::memchr(b'(', bytes).unwrap_or(bytes.len());
    bytes[..end]
        .split(|&b| b == b' ')
        .filter(|w| w.iter().any(u8::is_ascii_alphanumeric))
}

/// List item text reduced for comparison with a heading ("1. Ungeindsatsen (i 2021 ...)").
fn overview_key(s: &str) -> String {
    key(before_bracket(&text::strip_emphasis_cow(s)))
}

/// The text before the first " (" (all of it when there is none).
fn before_bracket(s: &str) -> &str {
    // (A bracket is rare and a space before it is one byte back: no
    // substring searcher set up for each item.)
    let bytes = s.as_bytes();
    let at = memchr::memchr_iter(b'(', bytes).find(|&at| at > 0 && bytes[at - 1] == b' ');
    at.map_or(s, |at| &s[..at - 1])
}

/// `TokenBag::new(&overview_key(raw))`, mostly without the key: the bag
/// lower-cases and splits at every char that is not alphanumeric, and
/// what the key does besides (lower-case, drop emphasis and soft hyphens,
/// unify dashes and whitespace, trim punctuation) changes no token of
/// the emphasis-free text. But it drops a zero-width space (U+200B), which
/// joins the words on either side: a text with one goes by the key.
fn overview_bag(raw: &str) -> ntext::TokenBag {
    let s = text::strip_emphasis_cow(raw);
    let s = before_bracket(&s);
    let bytes = s.as_bytes();
    let zero_width_space =
        memchr::memchr_iter(0xe2, bytes).any(|at| bytes[at..].starts_with("\u{200b}".as_bytes()));
    if zero_width_space {
        ntext::TokenBag::new(&key(s))
    } else {
        ntext::TokenBag::new(s)
    }
}

/// TOC entries with levels: a matched body heading lends its level.
/// `flat_keys` and `toc_keys` are the [`key`]s of the sections' and the
/// entries' titles.
pub fn toc_entries(
    toc: &Toc,
    flat: &[Section],
    flat_keys: &[String],
    toc_keys: &[String],
    warnings: &mut Vec<Warning>,
) -> Vec<TocEntry> {
    let mut used = vec![false; flat.len()];
    let mut cursor = 0usize;
    toc.entries
        .iter()
        .zip(toc_keys)
        .map(|(e, k)| {
            let found = (cursor..flat.len())
                .chain(0..cursor)
                .find(|&j| !used[j] && flat_keys[j] == *k);
            let level = match found {
                Some(j) => {
                    used[j] = true;
                    cursor = j + 1;
                    flat[j].level
                }
                None => {
                    warnings.push(Warning {
                        code: "toc_entry_without_heading".into(),
                        message: format!(
                            "TOC entry \"{}\" (page {}) has no matching heading in the body",
                            e.title,
                            e.page.map_or("?".into(), |p| p.to_string())
                        ),
                        span: Some(e.span()),
                    });
                    e.depth.unwrap_or(1)
                }
            };
            TocEntry {
                number: e.number.clone(),
                title: e.title.clone(),
                page: e.page,
                level,
                span: e.span(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_have_equal_signatures() {
        for (a, b) in [
            ("Mål for 2021", "**MÅL  FOR\u{a0}2021:**"),
            (
                "Social- og sundhedsområdet",
                "social– og sundheds\u{ad}området.",
            ),
            ("A-kasser", "a‑kasser"),
        ] {
            assert_eq!(key(a), key(b));
            assert_eq!(ascii_signature(a), ascii_signature(b));
        }
        for t in ["Øvrige mål", " *1.2 Ledige* ", "Æ-ø å", "Økonomi (kr.)"] {
            assert_eq!(ascii_signature(t), ascii_signature(&key(t)), "{t:?}");
        }
        assert_eq!(ascii_signature("İstanbul"), None);
        assert_eq!(ascii_signature("\u{212a}"), None);
        assert_ne!(ascii_signature("mål"), ascii_signature("mal"));
    }

    /// [`is_acronym`], which rejects a text of more than 16 bytes unread,
    /// as its definition (one word of at most four chars, all capitals),
    /// over corpus lines and seeded random short texts of capitals, small
    /// letters, spaces and chars of two to four bytes.
    #[test]
    fn acronyms_as_defined() {
        let by_definition = |t: &str| !t.contains(' ') && t.chars().count() <= 4 && is_all_caps(t);
        let mut texts: Vec<String> = Vec::new();
        for text in planex_testkit::corpus_texts() {
            texts.extend(text.lines().map(|l| l.trim().to_string()));
        }
        texts.extend(planex_testkit::RandomText::new(71).char_texts(
            "AMUSTÆØÅa \u{1f600}\u{2160}",
            50_000,
            6,
        ));
        let mut acronyms = 0;
        for t in &texts {
            assert_eq!(is_acronym(t), by_definition(t), "{t:?}");
            acronyms += usize::from(by_definition(t));
        }
        assert!(acronyms > 1_000, "{acronyms}");
    }

    #[test]
    fn words_as_split_whitespace_counts_them() {
        for s in [
            "",
            " a  b\tc\n",
            "æ\u{a0}ø\u{2009}å",
            "\u{1c}x y\u{85}z",
            "one",
        ] {
            assert_eq!(
                words_upto(s, usize::MAX),
                s.split_whitespace().count(),
                "{s:?}"
            );
        }
        assert_eq!(words_upto("a b c d", 3), 3);
        assert_eq!(words_upto(" a b ", 3), 2);
    }

    /// `split_whitespace`, counting no further than `limit`.
    fn words_upto_oracle(s: &str, limit: usize) -> usize {
        s.split_whitespace().count().min(limit)
    }

    #[test]
    fn words_upto_on_corpus_and_random_texts() {
        let mut texts: Vec<String> = Vec::new();
        for text in planex_testkit::corpus_texts() {
            texts.extend(text.lines().map(str::to_string));
        }
        // Every char that is whitespace, and its neighbours in UTF-8.
        let alphabet: Vec<char> = "ab  æø\t\n\r\u{b}\u{c}\u{8}\u{e}\u{1c}\u{1f}\u{7f}\u{80}\u{85}\u{a0}\u{a1}\u{ad}\u{c2}\u{1680}\u{1681}\u{2000}\u{200a}\u{200b}\u{2013}\u{2028}\u{2029}\u{202f}\u{205f}\u{2060}\u{3000}\u{3001}\u{800}\u{fffd}\u{1f600}"
            .chars()
            .collect();
        let plain: Vec<char> = "abcdefg æøå,.".chars().collect();
        let mut random = planex_testkit::RandomText::new(23);
        for _ in 0..100_000 {
            texts.push(random.chars(&alphabet, 40));
            // Mostly words with a rare char somewhere.
            let mut chars: Vec<char> = random.chars(&plain, 40).chars().collect();
            let at = random.below(chars.len() + 1);
            chars.insert(at, alphabet[random.below(alphabet.len())]);
            texts.push(chars.into_iter().collect());
        }
        for t in &texts {
            for limit in [0, 1, 2, 3, 5, 8, 9, 14, 15, 21, usize::MAX] {
                assert_eq!(
                    words_upto(t, limit),
                    words_upto_oracle(t, limit),
                    "{t:?} {limit}"
                );
            }
        }
    }

    /// The words of a list item counted once ([`key_words_upto`], and
    /// [`ItemBag::exceeds`] with it) answer as [`key_tokens_exceed`] at
    /// every limit, over corpus lines and paragraphs and seeded random
    /// texts of words, spaces, brackets and chars beyond ASCII.
    #[test]
    fn item_words_counted_once_as_key_tokens_exceed() {
        let mut texts = planex_testkit::corpus_lines_and_runs(4);
        texts.extend(planex_testkit::RandomText::new(43).char_texts(
            "ab1  æ-–*()\u{a0}\t.",
            20_000,
            120,
        ));
        let mut exceeded = 0;
        for t in &texts {
            let item = ItemBag::default();
            for limit in [0, 1, 2, 5, 9, 15, 30, 31, 32, 33, 48] {
                let expected = key_tokens_exceed(t, limit);
                assert_eq!(item.exceeds(t, limit), expected, "{t:?} {limit}");
                if limit < COUNTED_KEY_WORDS {
                    assert_eq!(key_words_upto(t, COUNTED_KEY_WORDS) > limit, expected);
                }
                exceeded += usize::from(expected);
            }
        }
        assert!(exceeded > 10_000, "{exceeded}");
    }

    /// [`overview_bag`], which tokenises the item's text itself, holds the
    /// tokens of the bag of its key by definition (emphasis dropped, cut
    /// before the first " (", normalised and trimmed), and
    /// [`before_bracket`] cuts there: over corpus lines and paragraphs,
    /// seeded random texts of capitals, emphasis, soft hyphens, zero-width
    /// spaces, dashes and brackets, and every char between two letters.
    #[test]
    fn overview_bags_hold_the_tokens_of_the_key() {
        let by_definition = |raw: &str| {
            let stripped = text::strip_emphasis(raw);
            let cut = stripped.find(" (").map_or(&*stripped, |at| &stripped[..at]);
            ntext::TokenBag::new(&key(cut))
        };
        let mut texts = planex_testkit::corpus_lines_and_runs(3);
        texts.extend(planex_testkit::RandomText::new(97).char_texts(
            "aB1 Æø*-–()\u{a0}\u{ad}\u{200b}\u{2011}İΣẞǅ\u{212a}.:\t",
            30_000,
            40,
        ));
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            texts.push(format!("a{c}b {c}"));
        }
        let others: Vec<ntext::TokenBag> = ["ab", "a b", "ungeindsatsen i 2021", "æ ø å"]
            .iter()
            .map(|t| ntext::TokenBag::new(t))
            .collect();
        let mut with_tokens = 0;
        for t in &texts {
            let stripped = text::strip_emphasis(t);
            let expected_cut = stripped.find(" (").map_or(&*stripped, |at| &stripped[..at]);
            assert_eq!(before_bracket(&stripped), expected_cut, "{t:?}");
            let (fast, slow) = (overview_bag(t), by_definition(t));
            // F1 1 both ways: the same tokens, as many of each.
            assert_eq!(fast.f1(&slow), 1.0, "{t:?}");
            assert_eq!(slow.f1(&fast), 1.0, "{t:?}");
            for other in &others {
                assert_eq!(fast.f1(other), slow.f1(other), "{t:?}");
            }
            with_tokens += usize::from(others.iter().any(|o| slow.f1(o) > 0.0));
        }
        assert!(with_tokens > 10_000, "{with_tokens}");
    }

    /// [`token_count`], which reads ASCII bytes as they are, as its
    /// definition (every char lower-cased, soft hyphens dropped, runs of
    /// alphanumeric chars counted), over corpus lines and seeded random
    /// texts of ASCII, capitals beyond ASCII and soft hyphens.
    #[test]
    fn token_count_as_defined() {
        let by_definition = |s: &str| {
            let lower: String = s
                .chars()
                .filter(|&c| c != '\u{ad}')
                .flat_map(char::to_lowercase)
                .collect();
            lower
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .count()
        };
        let mut texts = planex_testkit::corpus_lines_and_runs(2);
        texts.extend(planex_testkit::RandomText::new(5).char_texts(
            "aZ9 -.(Æøİ\u{ad}\u{212a}Σǅ\u{a0}\u{2163}\u{1f600}",
            30_000,
            30,
        ));
        let mut tokens = 0;
        for t in &texts {
            assert_eq!(token_count(t), by_definition(t), "{t:?}");
            tokens += token_count(t);
        }
        assert!(tokens > 100_000, "{tokens}");
    }

    #[test]
    fn token_counts_bound_the_overview_key() {
        assert_eq!(token_count("ungeindsatsen i 2021"), 3);
        assert_eq!(token_count("a-kasser, jobcentre"), 3);
        assert_eq!(token_count("æble\u{ad}grød"), 1);
        assert_eq!(token_count("-- !"), 0);
        for raw in [
            "1. Ungeindsatsen (i 2021 og 2022)",
            "**Voksenlærlinge.** I 2021 vil der",
            "*Indsats i samarbejde med a-kasser,* der har",
            "Sam\u{ad}arbejde  med\tvirksomheder *(se bilag)",
            "ÆØÅ – én, to",
            "a*b c",
            "( kun parentes )",
        ] {
            let key = overview_key(raw);
            assert!(!key_tokens_exceed(raw, token_count(&key)), "{raw:?}");
        }
        for title in ["Ungeindsatsen i 2021", "Mål: Flere i job", " Øvrige  mål "] {
            assert_eq!(overview_key(title), key(title), "{title:?}");
        }
        assert!(key_tokens_exceed("1. Ungeindsatsen (i 2021 og 2022)", 1));
        assert!(!key_tokens_exceed("1. Ungeindsatsen (i 2021 og 2022)", 2));
        assert_eq!(max_tokens_for_f1(4), 6);
    }
}
