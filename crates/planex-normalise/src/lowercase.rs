//! `str::to_lowercase`, faster on Danish text.
//!
//! The standard version goes char by char once it meets the first non-ASCII
//! char, and Danish text has an æ, ø or å within the first words. Here runs
//! of ASCII are lower-cased a slice at a time and only the other chars one
//! by one; the result is the same (tested against the standard version).

/// `s.to_lowercase()`.
pub fn lowercase(s: &str) -> String {
    // The standard version lower-cases a capital sigma by its context
    // (final or not): leave such text to it.
    if s.contains('Σ') {
        return s.to_lowercase();
    }
    lowercase_by_runs(s, |out, c| out.extend(c.to_lowercase()))
}

/// `s` lower-cased char by char where the small letter is one char as long
/// in UTF-8 as the capital (every Danish letter is), other chars as
/// written: a byte offset found in it is the same place in `s`, so a
/// reader may cut `s` there. ("ẞ" is 3 bytes and "ß" 2: a plain
/// lower-casing shifts every offset after it, and a cut there can fall
/// inside a char.)
pub fn lowercase_keeping_offsets(s: &str) -> String {
    lowercase_by_runs(s, |out, c| {
        let mut small = c.to_lowercase();
        match (small.next(), small.next()) {
            (Some(s), None) if s.len_utf8() == c.len_utf8() => out.push(s),
            _ => out.push(c),
        }
    })
}

/// `s` with its ASCII runs lower-cased a slice at a time, and each other
/// char pushed by `push_lower`.
fn lowercase_by_runs(s: &str, mut push_lower: impl FnMut(&mut String, char)) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(ascii);
        out.push_str(run);
        let start = out.len() - run.len();
        out[start..].make_ascii_lowercase();
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            push_lower(&mut out, c);
        }
        rest = chars.as_str();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_the_standard_version() {
        let samples = [
            "",
            "ABC",
            "Ældre ØKONOMI Århus",
            "ΣΑΣ ΟΔΟΣ Σ",
            "İstanbul KELVIN \u{212A} ǅ ẞ",
            "Antallet af LANGTIDSLEDIGE skal falde med 5 % – fra ultimo 2020.",
        ];
        for s in samples {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s:?}");
        }
        for s in include_str!("../../../corpus/text/aalborg-2015.txt").lines() {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s:?}");
        }
        // Every char of the first planes, alone and between ASCII.
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            let s = format!("Ab{c}Cd{c}");
            assert_eq!(lowercase(&s), s.to_lowercase(), "{c:?}");
        }
    }

    /// Offsets in the lower-cased sentence are offsets in the sentence,
    /// whatever its chars; and where every char keeps its length when
    /// lower-cased (Danish text), it is the normaliser's lower-casing.
    #[test]
    fn lowercase_keeping_offsets_keeps_every_char_boundary() {
        let mut texts = planex_testkit::corpus_lines_and_runs(2);
        let odd = [
            "ẞ",
            "ß",
            "Ⱥ",
            "ⱥ",
            "İ",
            "K",
            "Σ",
            "ǅ",
            "ŉ",
            "ﬁ",
            "\u{301}",
            "Æ",
            "Ø",
            "Å",
            "a",
            "B",
            " ",
            "antallet af ",
            "1.200",
            "mod ",
        ];
        let mut random = planex_testkit::RandomText::new(83);
        texts.extend((0..5_000).map(|_| random.pieces(&odd, 16)));
        let mut same_as_normaliser = 0;
        for text in &texts {
            let lower = lowercase_keeping_offsets(text);
            assert_eq!(lower.len(), text.len(), "{text:?}");
            for i in 0..=text.len() {
                assert_eq!(
                    lower.is_char_boundary(i),
                    text.is_char_boundary(i),
                    "{text:?} at {i}"
                );
            }
            let keeps_lengths = text.chars().all(|c| {
                let small: Vec<char> = c.to_lowercase().collect();
                small.len() == 1 && small[0].len_utf8() == c.len_utf8()
            });
            if keeps_lengths && !text.contains('Σ') {
                assert_eq!(lower, lowercase(text), "{text:?}");
                same_as_normaliser += 1;
            }
        }
        assert!(same_as_normaliser > 1_000, "{same_as_normaliser}");
    }

    /// The definition [`lowercase_keeping_offsets`] implements by ASCII
    /// runs: every char on its own, lower-cased when its small letter is
    /// one char of the same UTF-8 length.
    fn lowercase_char_by_char(text: &str) -> String {
        text.chars()
            .map(|c| {
                let small: Vec<char> = c.to_lowercase().collect();
                match small[..] {
                    [s] if s.len_utf8() == c.len_utf8() => s,
                    _ => c,
                }
            })
            .collect()
    }

    #[test]
    fn lowercase_keeping_offsets_as_char_by_char() {
        let mut texts = planex_testkit::corpus_lines_and_runs(2);
        texts.extend(planex_testkit::corpus_texts());
        let pieces = [
            "ẞ",
            "ß",
            "İ",
            "K",
            "Σ",
            "ǅ",
            "ﬁ",
            "Æ",
            "Ø",
            "Å",
            "æ",
            "ø",
            "å",
            "×",
            "µ",
            "É",
            "\u{a0}",
            "A",
            "z",
            "Q",
            " ",
            ".",
            "9",
            "Antallet ",
            "SKAL ",
            "mod ",
        ];
        let mut random = planex_testkit::RandomText::new(1711);
        texts.extend((0..5_000).map(|_| random.pieces(&pieces, 24)));
        let mut beyond_ascii = 0;
        for text in &texts {
            assert_eq!(
                lowercase_keeping_offsets(text),
                lowercase_char_by_char(text),
                "{text:?}"
            );
            beyond_ascii += usize::from(!text.is_ascii());
        }
        assert!(beyond_ascii > 1_000, "{beyond_ascii}");
    }
}
