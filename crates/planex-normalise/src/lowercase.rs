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
            out.extend(c.to_lowercase());
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
}
