//! Small text utilities shared by the matchers.

/// Normalise a string for matching: casefold, drop soft hyphens (U+00AD) and
/// emphasis asterisks, unify dashes (en/em dash, minus, non-breaking hyphen)
/// to `-`, and collapse all whitespace (incl. no-break spaces) to one space.
///
/// Unicode NFC normalisation is not applied (no dependency for it).
pub fn normalize_for_match(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => {
                out.push('-')
            }
            c => push_lowercase(&mut out, c),
        }
    }
    out
}

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

/// Call `f` with each lower-cased token of `s` (as [`tokens`] splits them)
/// until it returns false. One buffer is reused: most callers only look at
/// a token, and a `String` per token dominated the matchers' time.
pub(crate) fn for_each_token(s: &str, mut f: impl FnMut(&str) -> bool) {
    let mut buf = String::new();
    let mut start: Option<usize> = None;
    let mut soft_hyphen = false;
    let mut emit = |a: usize, b: usize, soft_hyphen: bool, buf: &mut String| -> bool {
        let raw = &s[a..b];
        buf.clear();
        if raw.is_ascii() {
            buf.push_str(raw);
            buf.make_ascii_lowercase();
        } else {
            for c in raw.chars().filter(|&c| !(soft_hyphen && c == '\u{00AD}')) {
                push_lowercase(buf, c);
            }
        }
        f(buf)
    };
    for (i, c) in s.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if c == '\u{00AD}' {
            soft_hyphen = true;
        } else if let Some(a) = start.take() {
            if !emit(a, i, soft_hyphen, &mut buf) {
                return;
            }
            soft_hyphen = false;
        }
    }
    if let Some(a) = start {
        emit(a, s.len(), soft_hyphen, &mut buf);
    }
}

/// Token-overlap F1 (multiset) between two strings, in `0.0..=1.0`.
/// Two empty strings score 1.0; one empty string scores 0.0.
pub fn token_f1(a: &str, b: &str) -> f32 {
    TokenBag::new(a).f1(&TokenBag::new(b))
}

/// `s` lower-cased, without soft hyphens (which do not split a word).
fn lowercase_for_tokens(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| c != '\u{00AD}') {
        push_lowercase(&mut out, c);
    }
    out
}

/// Size of the multiset intersection of two sorted token lists.
fn sorted_common<T: Ord>(a: impl IntoIterator<Item = T>, b: impl IntoIterator<Item = T>) -> usize {
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    let mut common = 0;
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => {
                a.next();
            }
            std::cmp::Ordering::Greater => {
                b.next();
            }
            std::cmp::Ordering::Equal => {
                common += 1;
                a.next();
                b.next();
            }
        }
    }
    common
}

/// The tokens of a text, sorted once, for many [`token_f1`] comparisons
/// (deduplicating goals compares each new one with all kept so far).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenBag {
    /// The text lower-cased; the tokens are byte ranges of it, sorted by
    /// their text (two allocations a bag, not one a token).
    lower: String,
    sorted: Vec<(u32, u32)>,
}

impl TokenBag {
    pub fn new(s: &str) -> TokenBag {
        let lower = lowercase_for_tokens(s);
        let base = lower.as_ptr() as usize;
        let mut sorted: Vec<(u32, u32)> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(|t| {
                let a = t.as_ptr() as usize - base;
                (a as u32, (a + t.len()) as u32)
            })
            .collect();
        sorted.sort_unstable_by(|&(a, b), &(c, d)| {
            lower[a as usize..b as usize].cmp(&lower[c as usize..d as usize])
        });
        TokenBag { lower, sorted }
    }

    fn tokens(&self) -> impl Iterator<Item = &str> + '_ {
        self.sorted
            .iter()
            .map(|&(a, b)| &self.lower[a as usize..b as usize])
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
        f1_from_counts(sorted_common(self.tokens(), other.tokens()), na, nb)
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
    let mut used = vec![false; tb.len()];
    let mut common = 0;
    for a in ta {
        // Prefer an exact partner, then any partner accepted by `eq`.
        let pos = tb
            .iter()
            .enumerate()
            .position(|(i, b)| !used[i] && b == a)
            .or_else(|| {
                tb.iter()
                    .enumerate()
                    .position(|(i, b)| !used[i] && eq(a, b))
            });
        if let Some(i) = pos {
            used[i] = true;
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
