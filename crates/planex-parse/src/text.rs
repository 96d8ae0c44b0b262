//! Line-level text helpers: emphasis, hyphenation, list markers, numbering.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::cues::{self, CueKind};

/// Remove `**bold**` and `*italic*` markers (and soft hyphens), keep the text.
pub fn strip_emphasis(text: &str) -> String {
    strip_emphasis_cow(text).into_owned()
}

/// [`strip_emphasis`], borrowing the trimmed text when there is nothing to
/// remove (most lines): for the checks that only look at the result.
pub fn strip_emphasis_cow(text: &str) -> Cow<'_, str> {
    // Most lines have neither: no copy then.
    let mut marks = emphasis_marks(text).peekable();
    if marks.peek().is_none() {
        return Cow::Borrowed(trim(text));
    }
    // Copy the runs between the dropped characters.
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, c) in marks {
        out.push_str(&text[copied..at]);
        copied = at + c.len_utf8();
    }
    out.push_str(&text[copied..]);
    let end = out.trim_end().len();
    out.truncate(end);
    let start = out.len() - out.trim_start().len();
    out.drain(..start);
    Cow::Owned(out)
}

/// [`strip_emphasis`] of a string that may be given up: no copy when there
/// is nothing to remove or trim.
pub fn strip_emphasis_owned(text: String) -> String {
    match strip_emphasis_cow(&text) {
        Cow::Borrowed(t) if t.len() == text.len() => text,
        t => t.into_owned(),
    }
}

/// The characters [`strip_emphasis`] drops, with their byte offsets: soft
/// hyphens, and asterisks but a lone one used as a footnote marker ("*)"
/// or "2020 *"). Found by a byte scan: 0xAD is the soft hyphen's last byte
/// (after 0xC2) or another char's.
fn emphasis_marks(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'*', 0xad, bytes).filter_map(move |pos| {
        if bytes[pos] == b'*' {
            (!is_footnote_star(text, pos)).then_some((pos, '*'))
        } else {
            (pos > 0 && bytes[pos - 1] == 0xc2).then_some((pos - 1, '\u{ad}'))
        }
    })
}

/// The asterisk at byte `at` is a footnote marker: "*)", or standing alone
/// between spaces (or at the end).
fn is_footnote_star(text: &str, at: usize) -> bool {
    let prev = text[..at].chars().next_back();
    let next = text[at + 1..].chars().next();
    next == Some(')')
        || (prev.is_some_and(char::is_whitespace) && next.is_none_or(char::is_whitespace))
}

/// Conjunctions after which a line-final hyphen is a real one ("Social-" + "og
/// sundhedsområdet"), not a word broken at the line end.
const HYPHEN_KEEPERS: &[&str] = &["og", "eller", "samt", "til", "som", "&"];

/// Join the lines of one paragraph: undo words hyphenated at a line end
/// ("imple-" + "mentering") but keep real hyphens ("Social- og").
pub fn join_lines<'a, I>(lines: I) -> String
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: Clone,
{
    let lines = lines.into_iter();
    // Room for every line and a space between: one allocation.
    let room = lines.clone().map(|l| l.len() + 1).sum();
    let mut out = String::with_capacity(room);
    for line in lines {
        let line = trim(line);
        if line.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(line);
            continue;
        }
        append_continuation(&mut out, line);
    }
    out
}

/// Append `next` to `text` as a continuation of the same sentence.
pub fn append_continuation(text: &mut String, next: &str) {
    let next = trim(next);
    if let Some(stem) = text.strip_suffix('-') {
        let before = stem.chars().last();
        let next_word = next.split_whitespace().next().unwrap_or("");
        let first = next.chars().next();
        if before.is_some_and(char::is_alphabetic) {
            if first.is_some_and(char::is_lowercase)
                && !HYPHEN_KEEPERS.contains(&next_word.trim_end_matches(','))
            {
                text.pop();
                text.push_str(next);
                return;
            }
            if HYPHEN_KEEPERS.contains(&next_word) {
                text.push(' ');
                text.push_str(next);
                return;
            }
            // "COVID-" + "19", "Job-" + "Center": a hyphen inside a word.
            if first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
                text.push_str(next);
                return;
            }
        }
    }
    text.push(' ');
    text.push_str(next);
}

/// A title as headings and TOC entries are compared: normalised for
/// matching, without punctuation or spaces at either end.
pub fn title_key(title: &str) -> String {
    let mut k = planex_normalise::text::normalize_for_match(title);
    // Trimmed in place: one allocation a key.
    let edge = |c: char| c.is_ascii_punctuation() || c == ' ';
    let end = k.trim_end_matches(edge).len();
    k.truncate(end);
    let start = k.len() - k.trim_start_matches(edge).len();
    k.drain(..start);
    k
}

/// Does the text end a sentence (so a following block is not its continuation)?
pub fn ends_sentence(text: &str) -> bool {
    // `strip_emphasis(text)`, trimmed of closing quotes and brackets, ends
    // in a stop: read from the end, without copying the text.
    let mut trailing_space = true;
    for (at, c) in text.char_indices().rev() {
        let dropped = c == '\u{ad}' || (c == '*' && !is_footnote_star(text, at));
        if dropped {
            continue;
        }
        if trailing_space && c.is_whitespace() {
            continue;
        }
        trailing_space = false;
        if matches!(c, '"' | '”' | '’' | '\'' | ')' | ' ') {
            continue;
        }
        return matches!(c, '.' | '!' | '?' | ':' | ';' | '…');
    }
    false
}

/// `s.trim()`, deciding most texts on two bytes: a text whose first and
/// last bytes are printable ASCII (no whitespace) is its own trim. (The
/// passes over a document trim the same lines again and again.)
#[inline]
pub fn trim(s: &str) -> &str {
    let bytes = s.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// Does `s` hold more than `limit` chars (`s.chars().count() > limit`)?
/// Decided by the byte length where it can be (a char takes one to four
/// bytes); else the bytes that start a char are counted 64 at a time (a
/// loop the compiler vectorises), stopping once past the limit: a long
/// paragraph is read only as far as the limit.
pub fn more_chars_than(s: &str, limit: usize) -> bool {
    let bytes = s.as_bytes();
    if bytes.len() <= limit {
        return false;
    }
    if bytes.len() / 4 > limit {
        return true;
    }
    let mut count = 0;
    for chunk in bytes.chunks(64) {
        count += char_starts(chunk);
        if count > limit {
            return true;
        }
    }
    false
}

/// Is the line blank (`TextLine::is_blank`: nothing but whitespace)? Read
/// from the start only, up to its first other char (most lines: the first).
pub fn is_blank(line: &str) -> bool {
    // (Most lines open with printable ASCII: no trimming then.)
    !line.as_bytes().first().is_some_and(u8::is_ascii_graphic) && line.trim_start().is_empty()
}

/// `s.chars().count()`, as the bytes that start a char (no continuation
/// byte, 10xxxxxx), counted 64 at a time in a loop the compiler vectorises:
/// cheaper than the standard count on the short strings of a document's
/// lines, every one of which is counted for its full line width.
pub fn char_count(s: &str) -> usize {
    s.as_bytes().chunks(64).map(char_starts).sum()
}

/// How many bytes of `chunk` (at most 64, so the count fits a `u8` lane)
/// start a char: those that are no continuation byte (10xxxxxx).
#[inline]
fn char_starts(chunk: &[u8]) -> usize {
    chunk
        .iter()
        .fold(0u8, |n, &b| n + u8::from((b as i8) >= -0x40)) as usize
}

/// First alphabetic character is lowercase (a continuation after a break).
pub fn starts_lowercase(text: &str) -> bool {
    text.trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// A parsed list marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMarker {
    pub marker: String,
    /// Leading whitespace width (tabs count 4).
    pub indent: usize,
    /// Byte offset of the item text in the line.
    pub text_start: usize,
    pub ordered: bool,
}

static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<ws>[ \t]*)(?P<m>[-•▪◦·●○■□►➢✓–—]|o|\*|\d{1,2}[.)]|[a-z][.)]|\([a-z0-9]{1,2}\))[ \t\u{a0}]+(?P<rest>\S)").unwrap()
});

/// A cheap necessary condition for [`LIST_MARKER`]: most lines start with
/// a capital or a word, which no marker does (this runs on every line).
/// Read on bytes: only a first char beyond ASCII is decoded.
#[inline]
fn may_start_list_item(line: &str) -> bool {
    let indent = line
        .bytes()
        .position(|b| b != b' ' && b != b'\t')
        .unwrap_or(line.len());
    let t = &line[indent..];
    let bytes = t.as_bytes();
    match bytes.first() {
        None => false,
        Some(&c) if c.is_ascii_digit() || matches!(c, b'(' | b'*' | b'-') => true,
        Some(b'o') => {
            matches!(bytes.get(1), Some(b' ' | b'\t' | b'.' | b')')) || t[1..].starts_with('\u{a0}')
        }
        Some(&c) if c.is_ascii_lowercase() => matches!(bytes.get(1), Some(b'.' | b')')),
        // (The only ASCII bullet is "-": a capital rejects at once.)
        Some(&c) if c.is_ascii() => false,
        // The bullets beyond ASCII start with 0xC2 or 0xE2 ("·", "•", "–"):
        // a line opening with "Æ", "Ø" or "Å" rejects at once.
        Some(0xc2 | 0xe2) => t
            .chars()
            .next()
            .is_some_and(|c| "-•▪◦·●○■□►➢✓–—".contains(c)),
        Some(_) => false,
    }
}

/// Recognise a list item line: `- x`, `• x`, `o x`, `* x`, `– x`, `1. x`, `1) x`, `a) x`.
/// (The first test inline: most lines fail it.)
#[inline]
pub fn list_marker(line: &str) -> Option<ListMarker> {
    if !may_start_list_item(line) {
        return None;
    }
    read_list_marker(line)
}

/// [`list_marker`] of a line that [`may_start_list_item`].
fn read_list_marker(line: &str) -> Option<ListMarker> {
    let indent_end = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[indent_end..];
    let (marker_len, text_start) = match marker_end(rest) {
        MarkerEnd::Found(m) => m,
        MarkerEnd::Absent => return None,
        // A second digit beyond ASCII: the regex's `\d` decides.
        MarkerEnd::Unsure => {
            let caps = LIST_MARKER.captures(line)?;
            let m = caps.name("m").unwrap();
            (
                m.end() - indent_end,
                caps.name("rest").unwrap().start() - indent_end,
            )
        }
    };
    let indent = line[..indent_end]
        .chars()
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum();
    let marker = rest[..marker_len].to_string();
    let ordered = marker
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '(')
        && marker != "o";
    Some(ListMarker {
        marker,
        indent,
        text_start: indent_end + text_start,
        ordered,
    })
}

enum MarkerEnd {
    /// (marker length, offset of the item text), both from the marker's start.
    Found((usize, usize)),
    Absent,
    Unsure,
}

/// [`LIST_MARKER`] after the indent, by hand (its captures ran the slow
/// backtracker on every line that may start an item): the marker
/// alternatives in the regex's order of preference, each followed by
/// spaces, tabs or no-break spaces and a non-space.
fn marker_end(s: &str) -> MarkerEnd {
    let mut chars = s.chars();
    let Some(c0) = chars.next() else {
        return MarkerEnd::Absent;
    };
    let c1 = chars.next();
    let c2 = chars.next();
    let closes = |c: Option<char>| c == Some('.') || c == Some(')');
    let item_text = |marker_len: usize| -> Option<usize> {
        let after = &s[marker_len..];
        let text = after.trim_start_matches([' ', '\t', '\u{a0}']);
        let gap = after.len() - text.len();
        (gap > 0 && text.chars().next().is_some_and(|c| !c.is_whitespace()))
            .then_some(marker_len + gap)
    };
    let mut lengths: [Option<usize>; 2] = [None, None];
    match c0 {
        '-' | '•' | '▪' | '◦' | '·' | '●' | '○' | '■' | '□' | '►' | '➢' | '✓' | '–' | '—' | '*' => {
            lengths[0] = Some(c0.len_utf8())
        }
        'o' => {
            lengths[0] = Some(1);
            if closes(c1) {
                lengths[1] = Some(2);
            }
        }
        '0'..='9' => match c1 {
            // (Two ASCII digits without "." or ")" after them: no marker.)
            Some(d) if d.is_ascii_digit() && closes(c2) => lengths[0] = Some(3),
            Some(d) if d.is_ascii_digit() => {}
            Some(d) if !d.is_ascii() && d.is_numeric() => return MarkerEnd::Unsure,
            _ if closes(c1) => lengths[0] = Some(2),
            _ => {}
        },
        'a'..='z' if closes(c1) => lengths[0] = Some(2),
        '(' => {
            let class =
                |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
            if class(c1) {
                if c2 == Some(')') {
                    lengths[0] = Some(3);
                } else if class(c2) && chars.next() == Some(')') {
                    lengths[0] = Some(4);
                }
            }
        }
        _ => {}
    }
    lengths
        .into_iter()
        .flatten()
        .find_map(|len| item_text(len).map(|text| (len, text)))
        .map_or(MarkerEnd::Absent, MarkerEnd::Found)
}

/// A heading number as printed at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbering {
    /// Without trailing punctuation: "2.1.1", "Kapitel 3", "Bilag 1", "Bilag".
    pub number: String,
    /// 1 for "3", "Kapitel 3", "Bilag 1"; 3 for "2.1.1".
    pub depth: u8,
    /// Byte offset of the title.
    pub title_start: usize,
    pub is_division: bool,
}

static DECIMAL_NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<n>\d{1,2}(?:\.\d{1,2}){0,5})\.?[ \t\u{a0}]+(?P<rest>\S)").unwrap()
});
static DIVISION_NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<w>\p{L}+)(?:[ \u{a0}]+(?P<n>\d{1,3}[a-zA-Z]?|[IVXLC]{1,6}))?[ \u{a0}]*(?:[.:–—-][ \u{a0}]*|[ \u{a0}]+)(?P<rest>\S)").unwrap()
});

/// [`DECIMAL_NUMBERING`] by hand (its captures ran on every heading
/// candidate): groups of one or two digits joined by single dots (at most
/// six), an optional final dot, spaces, tabs or no-break spaces, and a
/// non-space. A shorter reading never matches where the longest fails (a
/// digit or a dot would follow it), so only the longest is tried. Found:
/// (end of the number, start of the title).
fn decimal_numbering(line: &str) -> MarkerEnd {
    let bytes = line.as_bytes();
    let unsure = |at: usize| {
        line[at..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_ascii() && c.is_numeric())
    };
    let mut at = 0;
    let mut groups = 0;
    loop {
        let digits = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if unsure(at + digits) {
            return MarkerEnd::Unsure;
        }
        if digits == 0 || digits > 2 {
            return MarkerEnd::Absent;
        }
        at += digits;
        groups += 1;
        let dot_then_digit = bytes.get(at) == Some(&b'.')
            && (bytes.get(at + 1).is_some_and(u8::is_ascii_digit) || unsure(at + 1));
        if !dot_then_digit {
            break;
        }
        if groups == 6 {
            // A seventh group: the dot can only be the final one, and a digit follows it.
            return if unsure(at + 1) {
                MarkerEnd::Unsure
            } else {
                MarkerEnd::Absent
            };
        }
        at += 1;
    }
    let number_end = at;
    if bytes.get(at) == Some(&b'.') {
        at += 1;
    }
    let rest = &line[at..];
    let title = rest.trim_start_matches([' ', '\t', '\u{a0}']);
    let gap = rest.len() - title.len();
    if gap > 0 && title.chars().next().is_some_and(|c| !c.is_whitespace()) {
        MarkerEnd::Found((number_end, at + gap))
    } else {
        MarkerEnd::Absent
    }
}

/// How many levels a decimal number has ("2.1.1": 3).
pub(crate) fn decimal_depth(number: &str) -> u8 {
    number.split('.').count().min(usize::from(u8::MAX)) as u8
}

/// Recognise heading numbering: `2.1.1 Titel`, `3. Titel`, `Kapitel 3. Titel`,
/// `Bilag 1: Titel`, `Bilag 1 – Titel`, `Bilag: Titel`.
pub fn numbering(line: &str) -> Option<Numbering> {
    let line = line.trim_start();
    let decimal = match decimal_numbering(line) {
        MarkerEnd::Found(found) => Some(found),
        MarkerEnd::Absent => None,
        // A digit beyond ASCII: the regex's `\d` decides.
        MarkerEnd::Unsure => DECIMAL_NUMBERING
            .captures(line)
            .map(|c| (c.name("n").unwrap().end(), c.name("rest").unwrap().start())),
    };
    if let Some((number_end, title_start)) = decimal {
        let number = &line[..number_end];
        let depth = decimal_depth(number);
        return Some(Numbering {
            number: number.to_string(),
            depth,
            title_start,
            is_division: false,
        });
    }
    // A division word may start with the line's first byte? Most lines
    // start with another letter.
    if !line
        .as_bytes()
        .first()
        .is_some_and(|&b| cues::may_start_with(CueKind::DivisionWord, b))
    {
        return None;
    }
    division_numbering(line)
}

/// The division numbering of [`numbering`] ("Kapitel 3.", "Bilag 1:",
/// "Bilag –") of a line with its leading whitespace trimmed, without the
/// first-byte test.
fn division_numbering(line: &str) -> Option<Numbering> {
    // The first word must be a division word ("Kapitel", "Bilag"): checked
    // before the capturing regex, which would otherwise run on every line.
    let first_word_end = line
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(line.len());
    if first_word_end == 0 || !cues::matches_word(CueKind::DivisionWord, &line[..first_word_end]) {
        return None;
    }
    if let Some(c) = DIVISION_NUMBERING.captures(line) {
        let word = c.name("w").unwrap().as_str();
        if cues::matches_word(CueKind::DivisionWord, word) {
            let number = match c.name("n") {
                Some(n) => format!("{word} {}", n.as_str()),
                None => {
                    // "Bilag Titel" without a number or separator is a plain title.
                    let sep = &line[word.len()..c.name("rest").unwrap().start()];
                    if !sep.contains([':', '–', '—', '-', '.']) {
                        return None;
                    }
                    word.to_string()
                }
            };
            return Some(Numbering {
                number,
                depth: 1,
                title_start: c.name("rest").unwrap().start(),
                is_division: true,
            });
        }
    }
    None
}

/// Leading footnote marker of a note line: "¹ Tekst", "*) Tekst", "1) Tekst" is a list.
pub fn footnote_marker(line: &str) -> Option<(&str, &str)> {
    // (A line opening with printable ASCII but '*' is no note, trimmed or not.)
    if line
        .as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii_graphic() && b != b'*')
    {
        return None;
    }
    let t = line.trim_start();
    // Both kinds of marker start with an asterisk or a char beyond ASCII
    // (the superscript digits): most lines start with neither.
    if t.as_bytes()
        .first()
        .is_none_or(|&b| b.is_ascii() && b != b'*')
    {
        return None;
    }
    read_footnote_marker(t)
}

/// [`footnote_marker`] of a line with its leading whitespace trimmed,
/// without the first-byte test.
fn read_footnote_marker(t: &str) -> Option<(&str, &str)> {
    let sup_end = t
        .char_indices()
        .find(|(_, c)| !is_superscript_digit(*c))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    if sup_end > 0 {
        return Some((&t[..sup_end], t[sup_end..].trim_start()));
    }
    for m in ["*)", "**)", "***)"] {
        if let Some(rest) = t.strip_prefix(m) {
            if rest.starts_with(char::is_whitespace) {
                return Some((m, rest.trim_start()));
            }
        }
    }
    None
}

pub fn is_superscript_digit(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '⁰' | '⁴'..='⁹')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`more_chars_than`] as `chars().count()` answers it, over corpus
    /// lines and paragraphs and seeded random texts of one- to four-byte
    /// chars, at limits around their lengths.
    #[test]
    fn more_chars_than_counts_as_chars_do() {
        let mut texts = planex_testkit::corpus_lines_and_runs(3);
        texts.extend(planex_testkit::RandomText::new(29).char_texts(
            "ab æøå–”€\u{1f600}\u{ad}\u{a0}",
            20_000,
            400,
        ));
        let mut beyond = 0;
        for t in &texts {
            let chars = t.chars().count();
            for limit in [
                0,
                1,
                59,
                60,
                63,
                64,
                65,
                160,
                chars.saturating_sub(1),
                chars,
                chars + 1,
            ] {
                let expected = chars > limit;
                assert_eq!(more_chars_than(t, limit), expected, "{t:?} {limit}");
                beyond += usize::from(expected && t.len() / 4 <= limit);
            }
        }
        // (The counting path, not only the length tests, decided many.)
        assert!(beyond > 10_000, "{beyond}");
    }

    /// [`trim`] as `str::trim` trims, over corpus lines and paragraphs and
    /// seeded random texts with whitespace, control chars and chars beyond
    /// ASCII at their edges.
    #[test]
    fn trim_as_str_trims() {
        let mut texts = planex_testkit::corpus_lines_and_runs(3);
        texts.extend(planex_testkit::RandomText::new(53).char_texts(
            "a.  \t\r\n\u{b}\u{c}\u{1c}\u{1f}\u{7f}\u{85}\u{a0}\u{3000}æ–~",
            50_000,
            6,
        ));
        let mut kept = 0;
        for t in &texts {
            assert_eq!(trim(t), t.trim(), "{t:?}");
            kept += usize::from(trim(t).len() == t.len());
        }
        assert!(kept > 10_000 && kept < texts.len() - 10_000, "{kept}");
    }

    /// [`char_count`] as `chars().count()` counts, over corpus lines and
    /// paragraphs and seeded random texts of one- to four-byte chars.
    #[test]
    fn char_count_counts_as_chars_do() {
        let mut texts = planex_testkit::corpus_lines_and_runs(5);
        let alphabet: Vec<char> =
            "ab æøå–”€\u{1f600}\u{ad}\u{a0}\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}"
                .chars()
                .collect();
        let mut random = planex_testkit::RandomText::new(37);
        for _ in 0..20_000 {
            texts.push(random.chars(&alphabet, 300));
        }
        // (Up to 64 four-byte chars in one chunk, the most a u8 holds.)
        texts.push("\u{1f600}".repeat(200));
        texts.push("a".repeat(1000));
        let mut non_ascii = 0;
        for t in &texts {
            assert_eq!(char_count(t), t.chars().count(), "{t:?}");
            non_ascii += usize::from(!t.is_ascii());
        }
        assert!(non_ascii > 10_000, "{non_ascii}");
    }

    /// [`is_blank`] as `trim().is_empty()` (the model's definition) over
    /// corpus lines and seeded random lines of whitespace and a rare word.
    #[test]
    fn blank_lines_as_trimmed() {
        let mut lines: Vec<String> = Vec::new();
        for text in planex_testkit::corpus_texts() {
            lines.extend(text.lines().map(str::to_string));
        }
        lines.extend(planex_testkit::RandomText::new(41).char_texts(
            "    \t\r\u{b}\u{c}\u{85}\u{a0}\u{2009}\u{3000}\u{200b}\u{ad}x",
            20_000,
            12,
        ));
        let mut blank = 0;
        for line in &lines {
            let model = planex_model::TextLine::plain(line.clone());
            assert_eq!(is_blank(line), model.is_blank(), "{line:?}");
            assert_eq!(is_blank(line), line.trim().is_empty(), "{line:?}");
            blank += usize::from(is_blank(line));
        }
        assert!(blank > 1_000 && blank < lines.len() - 1_000, "{blank}");
    }

    #[test]
    fn hyphenation_across_lines() {
        assert_eq!(
            join_lines(["Strategien er under imple-", "mentering, og lægger op"]),
            "Strategien er under implementering, og lægger op"
        );
        assert_eq!(
            join_lines(["indsats i Social-", "og sundhedsområdet"]),
            "indsats i Social- og sundhedsområdet"
        );
        assert_eq!(
            join_lines(["ramt af COVID-", "19 krisen"]),
            "ramt af COVID-19 krisen"
        );
        assert_eq!(
            join_lines(["sygedagpenge-, uddannelseshjælps- og", "kontanthjælpssager"]),
            "sygedagpenge-, uddannelseshjælps- og kontanthjælpssager"
        );
    }

    #[test]
    fn emphasis_is_stripped_but_footnote_stars_kept() {
        assert_eq!(
            strip_emphasis("**Voksenlærlinge.** I 2021"),
            "Voksenlærlinge. I 2021"
        );
        assert_eq!(
            strip_emphasis("*Jobbutikken*: Indsatsen"),
            "Jobbutikken: Indsatsen"
        );
        assert_eq!(
            strip_emphasis("Estimeret resultat 2020 *)"),
            "Estimeret resultat 2020 *)"
        );
    }

    #[test]
    fn emphasis_by_runs_and_sentence_ends_from_the_back() {
        // The char-by-char reading that the run copy replaces.
        fn reference(text: &str) -> String {
            let mut out = String::new();
            let mut prev: Option<char> = None;
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                let next = chars.peek().copied();
                let star_marker = next == Some(')')
                    || (prev.is_some_and(char::is_whitespace)
                        && next.is_none_or(char::is_whitespace));
                if c != '\u{ad}' && (c != '*' || star_marker) {
                    out.push(c);
                }
                prev = Some(c);
            }
            out.trim().to_string()
        }
        let alphabet: Vec<char> = "a í*) .\u{ad}\u{a0}\"’!:".chars().collect();
        let mut random = planex_testkit::RandomText::new(3);
        for _ in 0..50_000 {
            let text: String = random.chars(&alphabet, 8);
            let plain = reference(&text);
            assert_eq!(strip_emphasis(&text), plain, "{text:?}");
            assert_eq!(strip_emphasis_owned(text.clone()), plain, "{text:?}");
            let stop = plain
                .trim_end_matches(['"', '”', '’', '\'', ')', ' '])
                .ends_with(['.', '!', '?', ':', ';', '…']);
            assert_eq!(ends_sentence(&text), stop, "{text:?}");
        }
    }

    #[test]
    fn list_markers() {
        assert_eq!(list_marker("- Fleksjob").unwrap().marker, "-");
        assert_eq!(list_marker(" - Tidlig inddragelse").unwrap().indent, 1);
        assert_eq!(list_marker("• Punkt").unwrap().marker, "•");
        assert_eq!(list_marker("o underpunkt").unwrap().marker, "o");
        assert!(list_marker("1. Unge").unwrap().ordered);
        assert_eq!(list_marker("a) første").unwrap().marker, "a)");
        assert!(list_marker("*Jobbutikken*: tekst").is_none());
        assert!(list_marker("2.1 Lokale udfordringer").is_none());
        assert!(list_marker("-15,9").is_none());
    }

    #[test]
    fn list_markers_as_the_regex_reads_them() {
        // The earlier implementation: prefilter, then the capturing regex.
        let by_regex = |line: &str| -> Option<(String, usize)> {
            if !may_start_list_item(line) {
                return None;
            }
            let caps = LIST_MARKER.captures(line)?;
            Some((caps["m"].to_string(), caps.name("rest").unwrap().start()))
        };
        let by_hand = |line: &str| list_marker(line).map(|m| (m.marker, m.text_start));
        let alphabet: Vec<char> = "-•▪◦·●○■□►➢✓–—o*19a().x \t\u{a0}\u{2009}١"
            .chars()
            .collect();
        let mut random = planex_testkit::RandomText::new(7);
        for _ in 0..50_000 {
            let line: String = random.chars(&alphabet, 7);
            assert_eq!(by_hand(&line), by_regex(&line), "{line:?}");
        }
    }

    /// [`may_start_list_item`] on bytes answers as the reading on chars it
    /// replaced, over corpus lines and seeded random lines of markers,
    /// letters, spaces and chars beyond ASCII (bullets and others).
    #[test]
    fn list_item_start_on_bytes_as_on_chars() {
        fn by_chars(line: &str) -> bool {
            let t = line.trim_start_matches([' ', '\t']);
            let mut chars = t.chars();
            match (chars.next(), chars.next()) {
                (Some(c), _) if c.is_ascii_digit() || c == '(' || c == '*' => true,
                (Some('o'), Some(n)) => matches!(n, ' ' | '\t' | '\u{a0}' | '.' | ')'),
                (Some(c), Some(n)) if c.is_ascii_lowercase() => n == '.' || n == ')',
                (Some(c), _) if c.is_ascii() => c == '-',
                (Some(c), _) => "-•▪◦·●○■□►➢✓–—".contains(c),
                _ => false,
            }
        }
        let mut lines: Vec<String> = Vec::new();
        for text in planex_testkit::corpus_texts() {
            lines.extend(text.lines().map(str::to_string));
        }
        lines.extend(planex_testkit::RandomText::new(59).char_texts(
            "-•▪◦·●○■□►➢✓–—o*1a().xAÆØÅ \t\u{a0}\u{2009}\u{b7}\u{2022}é",
            100_000,
            4,
        ));
        let mut starts = 0;
        for line in &lines {
            assert_eq!(may_start_list_item(line), by_chars(line), "{line:?}");
            starts += usize::from(by_chars(line));
        }
        assert!(starts > 10_000 && starts < lines.len() - 10_000, "{starts}");
    }

    #[test]
    fn decimal_numbering_as_the_regex_reads_it() {
        let by_regex = |line: &str| {
            DECIMAL_NUMBERING
                .captures(line)
                .map(|c| (c.name("n").unwrap().end(), c.name("rest").unwrap().start()))
        };
        let by_hand = |line: &str| match decimal_numbering(line) {
            MarkerEnd::Found(f) => Some(f),
            MarkerEnd::Absent => None,
            MarkerEnd::Unsure => by_regex(line),
        };
        let alphabet: Vec<char> = "1234..  \t\u{a0}\u{2009}x١".chars().collect();
        let mut random = planex_testkit::RandomText::new(11);
        for _ in 0..50_000 {
            let line: String = random.chars(&alphabet, 18);
            assert_eq!(by_hand(&line), by_regex(&line), "{line:?}");
        }
        for line in [
            "1.2.3.4.5.6 x",
            "1.2.3.4.5.6. x",
            "1.2.3.4.5.6.7 x",
            "12.34 x",
            "123 x",
        ] {
            assert_eq!(by_hand(line), by_regex(line), "{line:?}");
        }
    }

    /// The first-byte test of [`numbering`] rejects no line that
    /// [`division_numbering`] reads: corpus lines and seeded random lines
    /// of the division words in every case (and the Kelvin sign for "k"),
    /// with and without numbers and separators.
    #[test]
    fn first_byte_test_keeps_every_division_numbering() {
        let mut lines: Vec<String> = Vec::new();
        for text in planex_testkit::corpus_texts() {
            lines.extend(text.lines().map(|l| l.trim_start().to_string()));
        }
        let words = [
            "kapitel",
            "bilag",
            "afsnit",
            "appendiks",
            "indledning",
            "mål",
        ];
        let tails = [
            " 3. Titel",
            " 1: Titel",
            ": Titel",
            " – Titel",
            " IV Titel",
            " Titel",
            "",
        ];
        let mut random = planex_testkit::RandomText::new(31);
        for _ in 0..20_000 {
            let word = words[random.below(words.len())];
            let mut line = String::new();
            for c in word.chars() {
                match random.below(3) {
                    0 if c == 'k' => line.push('\u{212a}'),
                    0 => line.extend(c.to_uppercase()),
                    _ => line.push(c),
                }
            }
            line.push_str(tails[random.below(tails.len())]);
            lines.push(line);
        }
        let mut divisions = 0;
        for line in &lines {
            let read = division_numbering(line);
            if matches!(decimal_numbering(line), MarkerEnd::Absent) {
                assert_eq!(numbering(line), read, "{line:?}");
            }
            divisions += usize::from(read.is_some());
        }
        assert!(divisions > 1_000, "{divisions}");
    }

    #[test]
    fn numbering_styles() {
        let n = numbering("2.1.1 Flere unge skal have en uddannelse").unwrap();
        assert_eq!((n.number.as_str(), n.depth), ("2.1.1", 3));
        assert_eq!(numbering("3. Strategi og mål").unwrap().number, "3");
        let k = numbering("Kapitel 3. Indsatser").unwrap();
        assert_eq!((k.number.as_str(), k.depth), ("Kapitel 3", 1));
        assert_eq!(
            numbering("Bilag 1: Samlet oversigt").unwrap().number,
            "Bilag 1"
        );
        assert_eq!(
            numbering("Bilag 1 – Jammerbugt Kommunes mål i 2021")
                .unwrap()
                .number,
            "Bilag 1"
        );
        let b = numbering("Bilag: Nøgletal for aktiviteter").unwrap();
        assert_eq!(
            &"Bilag: Nøgletal for aktiviteter"[b.title_start..],
            "Nøgletal for aktiviteter"
        );
        assert!(numbering("Bilagene viser").is_none());
        assert!(numbering("Indledning").is_none());
    }

    #[test]
    fn footnote_markers() {
        assert_eq!(
            footnote_marker("¹ Samarbejde omfatter"),
            Some(("¹", "Samarbejde omfatter"))
        );
        assert_eq!(
            footnote_marker("*) Udgangspunkt i budgetopfølgning"),
            Some(("*)", "Udgangspunkt i budgetopfølgning"))
        );
        assert_eq!(footnote_marker("Tekst"), None);
    }

    #[test]
    fn footnote_markers_as_before() {
        let alphabet: Vec<char> = "  \u{a0}\t*)a1¹²³⁰⁴⁹⁵\u{2070}æ".chars().collect();
        let mut random = planex_testkit::RandomText::new(3);
        let mut texts: Vec<String> = (0..100_000).map(|_| random.chars(&alphabet, 8)).collect();
        for text in planex_testkit::corpus_texts() {
            texts.extend(text.lines().map(str::to_string));
        }
        for t in &texts {
            assert_eq!(
                footnote_marker(t),
                read_footnote_marker(t.trim_start()),
                "{t:?}"
            );
        }
    }
}
