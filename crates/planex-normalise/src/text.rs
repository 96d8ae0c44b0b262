//! Small text utilities shared by the matchers.

/// Normalise a string for matching: casefold, drop soft hyphens (U+00AD) and
/// emphasis asterisks, unify dashes (en/em dash, minus, non-breaking hyphen)
/// to `-`, and collapse all whitespace (incl. no-break spaces) to one space.
///
/// Unicode NFC normalisation is not applied (no dependency for it).
pub fn normalize_for_match(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Runs of chars kept as they are (most of a Danish text) are copied
        // in one go, with the single spaces between words (each followed by
        // a kept char, so kept as they are).
        let mut end = i;
        while end < bytes.len() {
            let kept = kept_as_is(bytes, end);
            if kept > 0 {
                end += kept;
                continue;
            }
            let kept_after_space = if bytes[end] == b' ' && end > i {
                kept_as_is(bytes, end + 1)
            } else {
                0
            };
            if kept_after_space == 0 {
                break;
            }
            end += 1 + kept_after_space;
        }
        if end > i {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push_str(&s[i..end]);
            i = end;
            continue;
        }
        if bytes[i].is_ascii_uppercase() {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(bytes[i].to_ascii_lowercase() as char);
            i += 1;
            continue;
        }
        let c = char_at(s, i).unwrap_or(' ');
        i += c.len_utf8();
        match c {
            '\u{00AD}' | '*' | '\u{200B}' => continue,
            c if c.is_whitespace() => {
                pending_space = !out.is_empty();
                continue;
            }
            _ => {}
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => {
                out.push('-')
            }
            c => push_lowercase(&mut out, c),
        }
    }
    out
}

/// The length of the char at `bytes[at]` when [`normalize_for_match`] keeps
/// it as it is, else 0: an ASCII byte of [`PLAIN_ASCII`], or a small letter
/// of Latin-1 ([`is_latin1_small`]), neither whitespace nor a dash.
#[inline]
fn kept_as_is(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at) {
        Some(&b) if PLAIN_ASCII[b as usize] => 1,
        Some(_) if is_latin1_small(bytes, at) => 2,
        _ => 0,
    }
}

/// Does a small letter of Latin-1 (ß..ÿ, or ÷: C3 9F..C3 BF) start at
/// `bytes[at]`? Lower-casing leaves these alone (æ, ø, å, é ...).
#[inline]
fn is_latin1_small(bytes: &[u8], at: usize) -> bool {
    bytes[at] == 0xc3 && bytes.get(at + 1).is_some_and(|b| (0x9f..=0xbf).contains(b))
}

/// An ASCII byte that [`normalize_for_match`] keeps as it is: not upper
/// case, not whitespace, not `*`.
const fn is_plain_ascii(b: u8) -> bool {
    b.is_ascii() && !b.is_ascii_uppercase() && !b.is_ascii_whitespace() && b != b'*' && b != 0x0b
}

/// [`is_plain_ascii`] by byte: one load in the copying loop.
static PLAIN_ASCII: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_plain_ascii(b as u8);
        b += 1;
    }
    table
};

/// Push `c` lower-cased. ASCII and Latin-1 (æ, ø, å, é, ü ...) are done
/// by arithmetic: `char::to_lowercase` looks every char up in a table, and
/// lower-casing was a tenth of the matchers' time on Danish text.
#[inline]
fn push_lowercase(out: &mut String, c: char) {
    match c {
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        // À..Þ but ×: the capital letters of Latin-1, 0x20 below their small ones.
        '\u{c0}'..='\u{de}' if c != '\u{d7}' => {
            out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c))
        }
        // ß..ÿ: already small (or ÷).
        '\u{df}'..='\u{ff}' => out.push(c),
        c => out.extend(c.to_lowercase()),
    }
}

/// Split into lower-cased word tokens: runs of letters (incl. æøå, é, ü, ...)
/// and digits. Soft hyphens inside a word do not split it.
pub fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(s, |t| {
        out.push(t.to_string());
        true
    });
    out
}

/// Room for a lower-cased token on the stack: nearly every word fits, and
/// a `String` grown per call was a fifth of the tokenizer's time (most
/// texts start with a capital).
const TOKEN_STACK_BYTES: usize = 64;

/// `raw` (a token: letters and digits, maybe soft hyphens) lower-cased
/// without soft hyphens, in `stack` when it fits, else in `heap`.
fn lowercase_token<'b>(
    raw: &str,
    stack: &'b mut [u8; TOKEN_STACK_BYTES],
    heap: &'b mut String,
) -> &'b str {
    if let Some(len) = lowercase_latin1_bytes(raw.as_bytes(), stack) {
        // Whole chars were written, so this cannot fail.
        return std::str::from_utf8(&stack[..len]).expect("whole chars");
    }
    heap.clear();
    for c in raw.chars().filter(|&c| c != '\u{00AD}') {
        push_lowercase(heap, c);
    }
    heap.as_str()
}

/// [`push_lowercase`] of each char of `raw` into `out`, byte by byte, when
/// `raw` is ASCII and Latin-1 letters (Danish words are) and fits: the
/// length written, or `None` for a char of another block (soft hyphens
/// included) or too long a token.
fn lowercase_latin1_bytes(raw: &[u8], out: &mut [u8; TOKEN_STACK_BYTES]) -> Option<usize> {
    if raw.len() > out.len() {
        return None;
    }
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if b.is_ascii() {
            out[i] = b.to_ascii_lowercase();
            i += 1;
        } else if b == 0xc3 && i + 1 < raw.len() {
            // U+00C0..U+00FF is C3 80..C3 BF; the capitals À..Þ (but ×,
            // C3 97) are 0x20 below their small letters in the second byte.
            let second = raw[i + 1];
            out[i] = b;
            out[i + 1] = if (0x80..=0x9e).contains(&second) && second != 0x97 {
                second + 0x20
            } else {
                second
            };
            i += 2;
        } else {
            return None;
        }
    }
    Some(i)
}

/// What an ASCII byte is to the tokenizer; every byte from 0x80 on starts
/// or continues a char that must be decoded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ByteClass {
    /// Not part of a token.
    Separator,
    /// A lower-case letter or a digit: part of a token, kept as it is.
    Plain,
    /// An upper-case letter: part of a token, lower-cased.
    Capital,
    /// Not ASCII.
    Other,
}

static BYTE_CLASS: [ByteClass; 256] = {
    let mut table = [ByteClass::Other; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            ByteClass::Plain
        } else if c.is_ascii_uppercase() {
            ByteClass::Capital
        } else {
            ByteClass::Separator
        };
        b += 1;
    }
    table
};

/// Call `f` with each lower-cased token of `s` (as [`tokens`] splits them)
/// until it returns false. One buffer is reused: most callers only look at
/// a token, and a `String` per token dominated the matchers' time.
pub(crate) fn for_each_token(s: &str, mut f: impl FnMut(&str) -> bool) {
    let bytes = s.as_bytes();
    let n = bytes.len();
    let class = |i: usize| BYTE_CLASS[bytes[i] as usize];
    let mut stack = [0u8; TOKEN_STACK_BYTES];
    let mut heap = String::new();
    let mut i = 0;
    while i < n {
        // Skip to the start of a token.
        while i < n && class(i) == ByteClass::Separator {
            i += 1;
        }
        if i == n {
            break;
        }
        let start = i;
        // A token whose every char is its own lower case and no soft
        // hyphen is passed as a slice of `s`, not copied.
        let mut as_is = match class(i) {
            ByteClass::Other => {
                if let Some(own_lowercase) = latin1_letter(bytes, i) {
                    i += 2;
                    own_lowercase
                } else {
                    let c = char_at(s, i).unwrap_or(' ');
                    i += c.len_utf8();
                    if !c.is_alphanumeric() {
                        continue;
                    }
                    is_own_lowercase(c)
                }
            }
            class => {
                i += 1;
                class == ByteClass::Plain
            }
        };
        while i < n {
            match class(i) {
                ByteClass::Plain => i += 1,
                ByteClass::Capital => {
                    as_is = false;
                    i += 1;
                }
                ByteClass::Separator => break,
                ByteClass::Other => {
                    if let Some(own_lowercase) = latin1_letter(bytes, i) {
                        as_is &= own_lowercase;
                        i += 2;
                        continue;
                    }
                    let c = char_at(s, i).unwrap_or(' ');
                    if !(c.is_alphanumeric() || c == '\u{00AD}') {
                        break;
                    }
                    as_is &= is_own_lowercase(c);
                    i += c.len_utf8();
                }
            }
        }
        let raw = &s[start..i];
        let token = if as_is {
            raw
        } else {
            lowercase_token(raw, &mut stack, &mut heap)
        };
        if !f(token) {
            return;
        }
    }
}

/// For a letter of Latin-1 (U+00C0..U+00FF but × and ÷: æ, ø, å, é ...)
/// at `bytes[at]`, whether it is its own lower case ([`is_own_lowercase`]);
/// `None` for any other char. Read from the bytes: decoding each char was
/// most of the tokenizer's time on Danish words.
#[inline]
fn latin1_letter(bytes: &[u8], at: usize) -> Option<bool> {
    match (bytes[at], bytes.get(at + 1)) {
        (0xc3, Some(&second)) if !matches!(second, 0x97 | 0xb7) => Some(second >= 0x9f),
        _ => None,
    }
}

/// Is `c` unchanged by lower-casing (and not a soft hyphen)? Decided for
/// ASCII and Latin-1, the letters of Danish text; other chars count as
/// changed, which only costs a copy.
#[inline]
fn is_own_lowercase(c: char) -> bool {
    match c {
        c if c.is_ascii() => !c.is_ascii_uppercase(),
        '\u{df}'..='\u{ff}' => true,
        _ => false,
    }
}

/// A token as [`for_each_plain_token`] reads it: its lower-cased first
/// chars are enough to classify most tokens, and no lower-cased copy of the
/// whole token is made.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenHead<'a> {
    /// The token as printed (a slice of the text).
    pub raw: &'a str,
    /// The lower-cased bytes of its first `N` chars, zero-padded, as a
    /// little-endian number.
    pub head: u128,
    pub head_len: usize,
    /// Has the token more than `N` chars?
    pub longer: bool,
    /// Is it all ASCII digits?
    pub digits_only: bool,
}

/// Call `f` with the head of each token of `s` (the tokens of
/// [`for_each_token`], in order) until it returns false, while the text
/// holds only ASCII and Latin-1 (C3 xx: æ, ø, å, é, ×, ÷ ...), as Danish
/// words do. At the first other char it stops and returns the offset of the
/// token holding it (or of the char, between tokens): `for_each_token` on
/// the rest of `s` from there yields the remaining tokens, as it has no
/// look-behind and that offset is the top of its loop. `None` once every
/// token was read or `f` said stop.
///
/// The rules are [`for_each_token`]'s by byte: ASCII letters and digits,
/// and Latin-1 letters ([`latin1_letter`]), make tokens; other ASCII bytes,
/// × and ÷ separate them; capitals are lower-cased as
/// [`lowercase_latin1_bytes`] does.
pub(crate) fn for_each_plain_token<'a, const N: usize>(
    s: &'a str,
    mut f: impl FnMut(&TokenHead<'a>) -> bool,
) -> Option<usize> {
    const {
        assert!(
            2 * N <= 16 && N <= 8,
            "a head fits 16 bytes, an ASCII one 8"
        )
    };
    let bytes = s.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    loop {
        // Between tokens (tight loops over ASCII: most of the bytes).
        loop {
            while i < n && BYTE_CLASS[bytes[i] as usize] == ByteClass::Separator {
                i += 1;
            }
            if i == n {
                return None;
            }
            if bytes[i].is_ascii() {
                break;
            }
            match latin1_letter(bytes, i) {
                Some(_) => break,
                // × or ÷ (C3 97, C3 B7).
                None if bytes[i] == 0xc3 => i += 2,
                None => return Some(i),
            }
        }
        let start = i;
        let mut latin1 = false;
        loop {
            while i < n && IS_ASCII_ALNUM[bytes[i] as usize] {
                i += 1;
            }
            if i < n && !bytes[i].is_ascii() {
                match latin1_letter(bytes, i) {
                    Some(_) => {
                        latin1 = true;
                        i += 2;
                        continue;
                    }
                    None if bytes[i] == 0xc3 => {}
                    None => return Some(start),
                }
            }
            break;
        }
        let raw = &bytes[start..i];
        let (head, head_len, longer) = if latin1 {
            latin1_head::<N>(raw)
        } else {
            let len = raw.len().min(N);
            (
                ascii_lowercase_u64(pack_le(&raw[..len])) as u128,
                len,
                raw.len() > N,
            )
        };
        let token = TokenHead {
            raw: &s[start..i],
            head,
            head_len,
            longer,
            digits_only: raw[0].is_ascii_digit() && raw.iter().all(u8::is_ascii_digit),
        };
        if !f(&token) {
            return None;
        }
    }
}

/// ASCII letters and digits, by byte: the token bytes
/// [`for_each_plain_token`] reads in its tight loop.
static IS_ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Up to 8 bytes as a little-endian number, zero-padded.
#[inline]
fn pack_le(b: &[u8]) -> u64 {
    let n = b.len();
    let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as u64;
    match n {
        0 => 0,
        1..=3 => {
            let mut x = 0u64;
            for (i, &byte) in b.iter().enumerate() {
                x |= (byte as u64) << (8 * i);
            }
            x
        }
        // Two overlapping loads: the second ends at the last byte and is
        // shifted past the bytes the first one holds.
        4..=8 => u32_at(0) | (u32_at(n - 4) << (8 * (n - 4))),
        _ => panic!("more than 8 bytes"),
    }
}

/// A byte of ones in each of the eight bytes of a `u64`.
const ONES: u64 = 0x0101_0101_0101_0101;

/// Bit 7 set in each byte of `x` that is an ASCII capital, clear elsewhere.
#[inline]
fn ascii_capitals_u64(x: u64) -> u64 {
    let low = x & (0x7f * ONES);
    // Bit 7 of a byte is set when it is at least `A`, and when it is past
    // `Z`; no sum carries into the next byte.
    let from_a = low + (0x80 - b'A' as u64) * ONES;
    let past_z = low + (0x80 - b'Z' as u64 - 1) * ONES;
    (from_a ^ past_z) & !x & (0x80 * ONES)
}

/// Each ASCII capital of the bytes of `x` lower-cased (for ASCII bytes).
#[inline]
fn ascii_lowercase_u64(x: u64) -> u64 {
    x | ascii_capitals_u64(x) >> 2
}

/// The lower-cased first `N` chars of a token of ASCII and Latin-1
/// letters, packed little-endian; their byte count; whether more follow.
fn latin1_head<const N: usize>(raw: &[u8]) -> (u128, usize, bool) {
    let mut head = [0u8; 16];
    let (mut at, mut len) = (0, 0);
    for _ in 0..N {
        let Some(&b) = raw.get(at) else {
            break;
        };
        if b.is_ascii() {
            head[len] = b.to_ascii_lowercase();
            len += 1;
            at += 1;
        } else {
            // À..Þ (not ×, no token char) are 0x20 below their small letters.
            let second = raw[at + 1];
            head[len] = b;
            head[len + 1] = if second < 0x9f { second + 0x20 } else { second };
            len += 2;
            at += 2;
        }
    }
    (u128::from_le_bytes(head), len, at < raw.len())
}

/// Token-overlap F1 (multiset) between two strings, in `0.0..=1.0`.
/// Two empty strings score 1.0; one empty string scores 0.0.
pub fn token_f1(a: &str, b: &str) -> f32 {
    TokenBag::new(a).f1(&TokenBag::new(b))
}

/// `s` lower-cased, without soft hyphens (which do not split a word).
fn lowercase_for_tokens(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Runs that need no change (ASCII but capitals, and the small
        // letters of Latin-1: æ, ø, å, é ...) are copied in one go.
        let mut end = i;
        loop {
            end = ascii_not_capital_run_end(bytes, end);
            if end < bytes.len() && is_latin1_small(bytes, end) {
                end += 2;
                continue;
            }
            break;
        }
        out.push_str(&s[i..end]);
        i = end;
        if let Some(c) = char_at(s, i) {
            i += c.len_utf8();
            if c != '\u{00AD}' {
                push_lowercase(&mut out, c);
            }
        }
    }
    out
}

/// The end of the run of ASCII bytes but capitals at `bytes[i..]`: eight
/// bytes a step while eight remain (such runs are whole stretches of
/// lower-case words and spaces), then byte by byte.
#[inline]
fn ascii_not_capital_run_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        // Capitals, and bytes with the high bit set (no ASCII).
        let stop = (ascii_capitals_u64(x) | x) & (0x80 * ONES);
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && ASCII_NOT_CAPITAL[bytes[i] as usize] {
        i += 1;
    }
    i
}

/// ASCII bytes but the capitals, by byte: the bytes
/// [`lowercase_for_tokens`] copies as they are in its tight loop.
static ASCII_NOT_CAPITAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = !(b as u8).is_ascii_uppercase();
        b += 1;
    }
    table
};

/// One token of a [`TokenBag`]: its byte range in the lower-cased text and
/// its first 8 bytes as a big-endian number, zero-padded. Tokens hold no NUL
/// byte, so comparing the numbers orders tokens as their text, and most
/// comparisons of the sort and of [`TokenBag::f1`] end there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BagToken {
    prefix: u64,
    start: u32,
    end: u32,
}

/// The first 8 bytes of `token` as a big-endian number, zero-padded.
fn prefix_key(token: &[u8]) -> u64 {
    match token.first_chunk::<8>() {
        Some(head) => u64::from_be_bytes(*head),
        None => {
            let mut key = 0u64;
            for (i, &b) in token.iter().enumerate() {
                key |= (b as u64) << (8 * (7 - i));
            }
            key
        }
    }
}

/// Call `f` with the byte range of each maximal run of alphanumeric chars
/// of `s` (the non-empty parts of `s.split(|c: char| !c.is_alphanumeric())`),
/// testing ASCII bytes by a table.
fn for_each_alphanumeric_run(s: &str, mut f: impl FnMut(usize, usize)) {
    let bytes = s.as_bytes();
    // Is the char at `i` alphanumeric, and how long is it?
    let char_class = |i: usize| match BYTE_CLASS[bytes[i] as usize] {
        ByteClass::Plain | ByteClass::Capital => (true, 1),
        ByteClass::Separator => (false, 1),
        // U+00C0..U+00FF (C3 80..C3 BF): letters but × and ÷.
        ByteClass::Other if bytes[i] == 0xc3 && i + 1 < bytes.len() => {
            (!matches!(bytes[i + 1], 0x97 | 0xb7), 2)
        }
        ByteClass::Other => {
            let c = char_at(s, i).unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        }
    };
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        // ASCII separators, and ASCII letters and digits, in tight loops.
        while i < n && BYTE_CLASS[bytes[i] as usize] == ByteClass::Separator {
            i += 1;
        }
        if i == n {
            break;
        }
        let start = i;
        if IS_ASCII_ALNUM[bytes[i] as usize] {
            i += 1;
        } else {
            let (is_word, len) = char_class(i);
            i += len;
            if !is_word {
                continue;
            }
        }
        loop {
            while i < n && IS_ASCII_ALNUM[bytes[i] as usize] {
                i += 1;
            }
            if i < n && !bytes[i].is_ascii() {
                if let (true, len) = char_class(i) {
                    i += len;
                    continue;
                }
            }
            break;
        }
        f(start, i);
    }
}

/// The tokens of a text, sorted once, for many [`token_f1`] comparisons
/// (deduplicating goals compares each new one with all kept so far).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenBag {
    /// The text lower-cased; the tokens are byte ranges of it, sorted by
    /// their text (two allocations a bag, not one a token).
    lower: String,
    sorted: Vec<BagToken>,
}

impl TokenBag {
    pub fn new(s: &str) -> TokenBag {
        let lower = lowercase_for_tokens(s);
        let mut sorted = Vec::new();
        for_each_alphanumeric_run(&lower, |a, b| {
            sorted.push(BagToken {
                prefix: prefix_key(&lower.as_bytes()[a..b]),
                start: a as u32,
                end: b as u32,
            })
        });
        let bag = TokenBag {
            lower,
            sorted: Vec::new(),
        };
        sorted.sort_unstable_by(|x, y| bag.compare(x, &bag, y));
        TokenBag { sorted, ..bag }
    }

    fn text(&self, t: &BagToken) -> &str {
        &self.lower[t.start as usize..t.end as usize]
    }

    /// The order of the tokens' texts. (Always inlined into the merge in
    /// [`TokenBag::common`]: a call per token pair costs more than the
    /// comparison, and the compiler's own choice varies from build to
    /// build.)
    #[inline(always)]
    fn compare(&self, a: &BagToken, other: &TokenBag, b: &BagToken) -> std::cmp::Ordering {
        if a.prefix != b.prefix {
            return a.prefix.cmp(&b.prefix);
        }
        // The first 8 bytes are equal, zero-padded, and tokens hold no NUL:
        // a token of at most 8 bytes is then a prefix of the other, the
        // order is by length (most equal prefixes are equal short words).
        let (la, lb) = (a.end - a.start, b.end - b.start);
        if la.min(lb) <= 8 {
            return la.cmp(&lb);
        }
        // (Bytes: the 8th may split a char; str order is byte order.)
        self.text(a).as_bytes()[8..].cmp(&other.text(b).as_bytes()[8..])
    }

    /// Size of the multiset intersection of the two bags.
    fn common(&self, other: &TokenBag) -> usize {
        let (a, b) = (&self.sorted, &other.sorted);
        let (mut i, mut j, mut common) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match self.compare(&a[i], other, &b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        common
    }

    /// `self.f1(other) >= threshold`, rejecting on the token counts alone
    /// when they differ too much: F1 is at most `2 min / (a + b)`.
    pub fn f1_at_least(&self, other: &TokenBag, threshold: f32) -> bool {
        let (na, nb) = (self.sorted.len(), other.sorted.len());
        // (With a margin for rounding: the test itself is done by `f1`.)
        if na + nb > 0 && (2 * na.min(nb)) as f32 / ((na + nb) as f32) < threshold - 1e-4 {
            return false;
        }
        self.f1(other) >= threshold
    }

    /// The same figure as [`token_f1`] of the two texts.
    pub fn f1(&self, other: &TokenBag) -> f32 {
        let (na, nb) = (self.sorted.len(), other.sorted.len());
        if na == 0 && nb == 0 {
            return 1.0;
        }
        f1_from_counts(self.common(other), na, nb)
    }
}

/// F1 of `common` shared tokens between sequences of `na` and `nb` tokens.
pub(crate) fn f1_from_counts(common: usize, na: usize, nb: usize) -> f32 {
    if common == 0 || na == 0 || nb == 0 {
        return 0.0;
    }
    let p = common as f32 / na as f32;
    let r = common as f32 / nb as f32;
    2.0 * p * r / (p + r)
}

/// Number of tokens of `ta` matched one-to-one with tokens of `tb`.
pub(crate) fn common_count(ta: &[String], tb: &[String], eq: impl Fn(&str, &str) -> bool) -> usize {
    // Which tokens of `tb` are taken: a bit each (texts compared here are
    // short), a vector past 64 tokens.
    let mut small = 0u64;
    let mut large = vec![false; tb.len().saturating_sub(64)];
    let mut used = |i: usize, set: bool| -> bool {
        if i < 64 {
            let was = small & (1 << i) != 0;
            if set {
                small |= 1 << i;
            }
            was
        } else {
            let was = large[i - 64];
            if set {
                large[i - 64] = true;
            }
            was
        }
    };
    let mut common = 0;
    for a in ta {
        // Prefer an exact partner, then any partner accepted by `eq`.
        let pos = (0..tb.len())
            .find(|&i| tb[i] == *a && !used(i, false))
            .or_else(|| (0..tb.len()).find(|&i| !used(i, false) && eq(a, &tb[i])));
        if let Some(i) = pos {
            used(i, true);
            common += 1;
        }
    }
    common
}

/// True when `c` can be part of a word (letter or digit).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The char just before byte offset `i` in `s`.
pub(crate) fn char_before(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

/// The char at byte offset `i` in `s`.
pub(crate) fn char_at(s: &str, i: usize) -> Option<char> {
    s[i..].chars().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain char-by-char definitions the fast versions must equal.
    mod reference {
        use super::super::push_lowercase;

        pub fn normalize_for_match(s: &str) -> String {
            let mut out = String::new();
            let mut pending_space = false;
            for c in s.chars() {
                match c {
                    '\u{00AD}' | '*' | '\u{200B}' => continue,
                    c if c.is_whitespace() => {
                        pending_space = !out.is_empty();
                        continue;
                    }
                    _ => {}
                }
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                match c {
                    '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => {
                        out.push('-')
                    }
                    c => out.extend(c.to_lowercase()),
                }
            }
            out
        }

        pub fn tokens(s: &str) -> Vec<String> {
            let mut out = Vec::new();
            let mut current: Option<String> = None;
            for c in s.chars() {
                if c.is_alphanumeric() {
                    let t = current.get_or_insert_with(String::new);
                    push_lowercase(t, c);
                } else if c == '\u{00AD}' {
                } else if let Some(t) = current.take() {
                    out.push(t);
                }
            }
            out.extend(current);
            out
        }

        /// `TokenBag`'s tokens as first computed: split, sorted as strings.
        pub fn sorted_tokens(s: &str) -> Vec<String> {
            let lower = lowercase_for_tokens(s);
            let mut tokens: Vec<String> = lower
                .split(|c: char| !c.is_alphanumeric())
                .filter(|t| !t.is_empty())
                .map(String::from)
                .collect();
            tokens.sort_unstable();
            tokens
        }

        /// Size of the multiset intersection of two sorted token lists.
        pub fn sorted_common(a: &[String], b: &[String]) -> usize {
            let (mut i, mut j, mut common) = (0, 0, 0);
            while i < a.len() && j < b.len() {
                match a[i].cmp(&b[j]) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        common += 1;
                        i += 1;
                        j += 1;
                    }
                }
            }
            common
        }

        pub fn lowercase_for_tokens(s: &str) -> String {
            s.chars()
                .filter(|&c| c != '\u{00AD}')
                .flat_map(char::to_lowercase)
                .collect()
        }
    }

    /// Every corpus line and a set of edge cases.
    fn sample_texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "",
            " ",
            "\u{00AD}",
            "\u{00AD}abc\u{00AD}",
            "ab\u{00AD}\u{00AD}cd ef\u{00AD}",
            "ÆBLE æble ÅR Øst ß ÿ Ÿ İ Σ ς ǅ",
            "a\u{0b}b\u{0c}c\u{85}d\u{a0}e\u{2009}f\u{3000}g",
            "**Fed** *kursiv* \u{200B}x – y — z − w ‐ ‑ ‒",
            "  lead and trail  ",
            "1.234,5 % 12-årige A-kasse",
            "ＡＢＣ １２３ ⅷ",
        ]
        .map(String::from)
        .to_vec();
        // Tokens around the size of the tokenizer's stack buffer, lower-cased
        // to as many bytes (A, Æ), to more (İ, Ⱥ) or with soft hyphens.
        for piece in ["A", "Æ", "İ", "Ⱥ", "a\u{00AD}B"] {
            for count in 10..=70 {
                texts.push(format!("x {} y", piece.repeat(count)));
            }
        }
        for text in planex_testkit::corpus_texts() {
            texts.extend(text.lines().map(String::from));
            texts.push(text);
        }
        let pieces = [
            "a",
            "Z",
            "q",
            "7",
            " ",
            "  ",
            "\n",
            "\t",
            ".",
            ",",
            "-",
            "*",
            "æ",
            "Æ",
            "ø",
            "Ø",
            "å",
            "Å",
            "é",
            "ß",
            "ÿ",
            "÷",
            "×",
            "µ",
            "ª",
            "À",
            "Þ",
            "þ",
            "Ÿ",
            "İ",
            "Σ",
            "ǅ",
            "\u{00AD}",
            "\u{a0}",
            "\u{200B}",
            "–",
            "•",
            "١",
            "Ⅷ",
            "µ",
            "ª",
            "À",
            "Þ",
            "þ",
            "÷",
            "Kommune",
            "ledige",
            "LEDIGE",
            "Beskæftigelse",
            "@",
            "[",
            "_",
            "`",
            "{",
        ];
        let mut random = planex_testkit::RandomText::new(11);
        texts.extend((0..20_000).map(|_| random.pieces(&pieces, 20)));
        texts
    }

    #[test]
    fn fast_paths_agree_with_reference() {
        for t in sample_texts() {
            assert_eq!(
                normalize_for_match(&t),
                reference::normalize_for_match(&t),
                "{t:?}"
            );
            assert_eq!(tokens(&t), reference::tokens(&t), "{t:?}");
            assert_eq!(
                lowercase_for_tokens(&t),
                reference::lowercase_for_tokens(&t),
                "{t:?}"
            );
        }
    }

    /// The head scan, with the tokenizer from where it stops, yields the
    /// tokens of the char-by-char definition, each head their first 6 chars.
    #[test]
    fn plain_token_heads_agree_with_reference_tokens() {
        let mut stopped = 0;
        for t in sample_texts() {
            let mut got: Vec<String> = Vec::new();
            let unread = for_each_plain_token::<6>(&t, |token| {
                let lower = token.raw.to_lowercase();
                let head: String = lower.chars().take(6).collect();
                let mut want = [0u8; 16];
                want[..head.len()].copy_from_slice(head.as_bytes());
                assert_eq!(token.head.to_le_bytes(), want, "{t:?}");
                assert_eq!(token.head_len, head.len(), "{t:?}");
                assert_eq!(token.longer, lower.chars().count() > 6, "{t:?}");
                let digits = lower.bytes().all(|b| b.is_ascii_digit());
                assert_eq!(token.digits_only, digits, "{t:?}");
                got.push(lower);
                true
            });
            if let Some(at) = unread {
                stopped += 1;
                for_each_token(&t[at..], |token| {
                    got.push(token.to_string());
                    true
                });
            }
            assert_eq!(got, reference::tokens(&t), "{t:?}");
        }
        assert!(stopped > 1000, "{stopped}");
    }

    /// The word-at-a-time lower-casing is `to_ascii_lowercase` on each
    /// byte: every ASCII byte at every place, between other bytes.
    #[test]
    fn ascii_lowercase_u64_agrees_with_bytes() {
        for b in 0..128u8 {
            for at in 0..8 {
                for fill in [0u8, b'a', b'Z', b'@', b'[', b'`', b'{', 0x7f] {
                    let mut bytes = [fill; 8];
                    bytes[at] = b;
                    let want = bytes.map(|x| x.to_ascii_lowercase());
                    let got = ascii_lowercase_u64(u64::from_le_bytes(bytes));
                    assert_eq!(got.to_le_bytes(), want, "{bytes:?}");
                }
            }
        }
    }

    /// The run end read eight bytes a step is the one read byte by byte:
    /// every byte value at every place of a run, between other bytes, and
    /// from every offset of the sample texts (corpus and seeded random).
    #[test]
    fn ascii_not_capital_run_end_agrees_with_bytes() {
        let by_bytes = |b: &[u8], mut i: usize| {
            while i < b.len() && b[i].is_ascii() && !b[i].is_ascii_uppercase() {
                i += 1;
            }
            i
        };
        let mut texts: Vec<Vec<u8>> = Vec::new();
        for b in 0..=255u8 {
            for at in 0..20 {
                for fill in [b'a', b'Z', b' ', b'@', b'[', 0x7f, 0xc3] {
                    let mut bytes = vec![fill; 20];
                    bytes[at] = b;
                    texts.push(bytes);
                }
            }
        }
        texts.extend(sample_texts().into_iter().map(String::into_bytes));
        let mut long_runs = 0;
        for t in &texts {
            for i in 0..=t.len() {
                let want = by_bytes(t, i);
                assert_eq!(ascii_not_capital_run_end(t, i), want, "{t:?} {i}");
                long_runs += usize::from(want >= i + 16);
            }
        }
        assert!(long_runs > 100_000, "{long_runs}");
    }

    /// Tokens compare as their texts: words sharing their first 8 bytes,
    /// of 7 to 10 bytes, with Latin-1 letters before and across the 8th byte.
    #[test]
    fn bag_token_order_is_text_order() {
        let words = [
            "abcdefg",
            "abcdefgh",
            "abcdefgha",
            "abcdefghb",
            "abcdefghij",
            "abcdefgi",
            "abcdefæ",
            "abcdefæa",
            "abcdeføa",
            "abcdefgæ",
            "abcdefgø",
            "abcdefgæa",
            "b",
            "a",
            "æ",
        ];
        let text = words.join(" ");
        let bag = TokenBag::new(&text);
        assert_eq!(bag.sorted.len(), words.len());
        for x in &bag.sorted {
            for y in &bag.sorted {
                assert_eq!(
                    bag.compare(x, &bag, y),
                    bag.text(x).cmp(bag.text(y)),
                    "{x:?} {y:?}"
                );
            }
        }
    }

    /// A bag holds the tokens of the split-and-sort definition, in its
    /// order, and counts shared tokens as it does.
    #[test]
    fn token_bag_agrees_with_reference() {
        let texts = sample_texts();
        let bags: Vec<TokenBag> = texts.iter().map(|t| TokenBag::new(t)).collect();
        let sorted: Vec<Vec<String>> = texts.iter().map(|t| reference::sorted_tokens(t)).collect();
        for ((t, bag), want) in texts.iter().zip(&bags).zip(&sorted) {
            let got: Vec<&str> = bag.sorted.iter().map(|x| bag.text(x)).collect();
            assert_eq!(got, *want, "{t:?}");
        }
        // Neighbours share many tokens; every 7th pair spans the sample.
        let n = texts.len();
        for i in 0..n {
            for j in [(i + 1) % n, (i * 7) % n] {
                assert_eq!(
                    bags[i].common(&bags[j]),
                    reference::sorted_common(&sorted[i], &sorted[j]),
                    "{:?} / {:?}",
                    texts[i],
                    texts[j]
                );
            }
        }
    }

    #[test]
    fn normalizes() {
        assert_eq!(
            normalize_for_match("  **Ressource\u{00AD}forløb**   over\u{00A0}30 "),
            "ressourceforløb over 30"
        );
        assert_eq!(
            normalize_for_match("Ressource– og\njob"),
            "ressource- og job"
        );
    }

    /// The byte rules for Latin-1 (C3 xx) are the char properties they
    /// stand for.
    #[test]
    fn latin1_byte_rules_agree_with_char_properties() {
        let mut kept = 0;
        for c in '\u{80}'..='\u{7ff}' {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let unchanged = c.to_lowercase().eq([c]) && !c.is_whitespace() && c != '\u{00AD}';
            if is_latin1_small(bytes, 0) {
                assert!(unchanged, "{c:?}");
                assert_eq!(kept_as_is(bytes, 0), 2, "{c:?}");
                kept += 1;
            }
            let latin1 = latin1_letter(bytes, 0);
            if (0xc0..=0xff).contains(&(c as u32)) {
                let want = c.is_alphanumeric().then(|| is_own_lowercase(c));
                assert_eq!(latin1, want, "{c:?}");
            } else {
                assert_eq!(latin1, None, "{c:?}");
            }
            let mut runs = Vec::new();
            for_each_alphanumeric_run(c.encode_utf8(&mut [0u8; 4]), |a, b| runs.push((a, b)));
            assert_eq!(runs.len() == 1, c.is_alphanumeric(), "{c:?}");
        }
        assert_eq!(kept, 0x21);
    }

    #[test]
    fn fast_lowercase_agrees_with_char_to_lowercase() {
        for c in (0u32..0x2000).filter_map(char::from_u32) {
            let mut fast = String::new();
            push_lowercase(&mut fast, c);
            assert_eq!(fast, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }

    #[test]
    fn tokenizes() {
        assert_eq!(
            tokens("A-dagpenge: 12,2 % – Über café æøå"),
            vec!["a", "dagpenge", "12", "2", "über", "café", "æøå"]
        );
        assert_eq!(tokens("beskæf\u{00AD}tigelse"), vec!["beskæftigelse"]);
    }

    #[test]
    fn token_bag_threshold_test_agrees_with_f1() {
        let texts = [
            "a b c d e",
            "a b c d",
            "a b",
            "",
            "a b c d e f g h i j",
            "x",
        ];
        for x in texts {
            for y in texts {
                let (bx, by) = (TokenBag::new(x), TokenBag::new(y));
                for t in [0.5, 0.8, 0.9] {
                    assert_eq!(bx.f1_at_least(&by, t), bx.f1(&by) >= t, "{x} / {y} / {t}");
                }
            }
        }
    }

    #[test]
    fn token_bag_agrees_with_token_f1() {
        let pairs = [
            ("a b c", "a b c"),
            ("", ""),
            ("a", ""),
            ("a a b", "a b b c"),
            (
                "Flere personer med handicap skal i job",
                "flere personer med handicap skal i beskæftigelse",
            ),
        ];
        for (x, y) in pairs {
            assert_eq!(
                TokenBag::new(x).f1(&TokenBag::new(y)),
                token_f1(x, y),
                "{x} / {y}"
            );
        }
    }

    #[test]
    fn f1() {
        assert_eq!(token_f1("a b c", "a b c"), 1.0);
        assert_eq!(token_f1("", ""), 1.0);
        assert_eq!(token_f1("a", ""), 0.0);
        let f = token_f1(
            "flere personer med handicap skal i job",
            "Flere personer med handicap skal i beskæftigelse",
        );
        assert!((f - 6.0 / 7.0).abs() < 1e-6);
    }
}
