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
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => {
                out.push('-')
            }
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Split into lower-cased word tokens: runs of letters (incl. æøå, é, ü, ...)
/// and digits. Soft hyphens inside a word do not split it.
pub fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c == '\u{00AD}' {
            continue;
        }
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Token-overlap F1 (multiset) between two strings, in `0.0..=1.0`.
/// Two empty strings score 1.0; one empty string scores 0.0.
pub fn token_f1(a: &str, b: &str) -> f32 {
    let ta = tokens(a);
    let tb = tokens(b);
    f1_of(&ta, &tb, |x, y| x == y)
}

/// Multiset F1 with a custom token equality (each token of `b` is used once).
pub(crate) fn f1_of(ta: &[String], tb: &[String], eq: impl Fn(&str, &str) -> bool) -> f32 {
    if ta.is_empty() && tb.is_empty() {
        return 1.0;
    }
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    f1_from_counts(common_count(ta, tb, eq), ta.len(), tb.len())
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
    fn tokenizes() {
        assert_eq!(
            tokens("A-dagpenge: 12,2 % – Über café æøå"),
            vec!["a", "dagpenge", "12", "2", "über", "café", "æøå"]
        );
        assert_eq!(tokens("beskæf\u{00AD}tigelse"), vec!["beskæftigelse"]);
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
