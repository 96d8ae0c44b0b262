//! serde_json's string escaping, which planex patches (vendor/serde_json,
//! PATCHES.md: runs of bytes that need no escaping are skipped 8 or 16 at a
//! time), checked against an independent escaper for every kind of
//! character at every position relative to the 8- and 16-byte chunks.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// JSON string escaping as serde_json does it (RFC 8259): `\"`, `\\`, the
/// five short escapes, other control characters as `\u00xx` in lower-case
/// hex, everything else (DEL, U+2028, any non-ASCII) verbatim.
fn reference(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => write!(out, "\\u{:04x}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every character class the escaper has to tell apart: all ASCII control
/// characters, the two escaped printable ones, their neighbours, DEL, and
/// multi-byte characters, including ones whose continuation bytes are an
/// escaped byte with the high bit set (U+0080..U+009F: 0xC2 0x80..0x9F,
/// U+00A2: 0xC2 0xA2, U+00DC: 0xC3 0x9C, U+071C: 0xDC 0x9C, U+1F4A2: ...0xA2).
fn specials() -> Vec<char> {
    let mut v: Vec<char> = (0u8..0x20).map(char::from).collect();
    v.extend([
        '"',
        '\\',
        '\u{7f}',
        ' ',
        '!',
        '#',
        '[',
        ']',
        '/',
        'a',
        '~',
        'æ',
        'ø',
        'å',
        'Æ',
        'Ø',
        'Å',
        '€',
        '😀',
        '\u{2028}',
        '\u{2029}',
        '\u{80}',
        '\u{82}',
        '\u{9c}',
        '\u{9f}',
        '\u{a0}',
        '\u{a2}',
        '\u{dc}',
        '\u{ff}',
        '\u{71c}',
        '\u{fffd}',
        '\u{1f4a2}',
        '\u{10ffff}',
    ]);
    v
}

fn check(s: &str) {
    let want = reference(s);
    let got = serde_json::to_string(s).unwrap();
    assert_eq!(got, want, "to_string of {s:?}");
    assert_eq!(
        serde_json::from_str::<String>(&got).unwrap(),
        s,
        "round trip of {s:?}"
    );

    let mut writer = Vec::new();
    serde_json::to_writer(&mut writer, s).unwrap();
    assert_eq!(writer, want.as_bytes(), "to_writer of {s:?}");

    // Object keys go through the same escaping, as do pretty-printed values.
    let map = BTreeMap::from([(s.to_owned(), 1u8)]);
    let key = serde_json::to_string(&map).unwrap();
    assert_eq!(key, format!("{{{want}:1}}"), "key {s:?}");
    let pretty = serde_json::to_string_pretty(&[s]).unwrap();
    assert_eq!(pretty, format!("[\n  {want}\n]"), "pretty {s:?}");
    assert_eq!(serde_json::Value::from(s).to_string(), want, "Value {s:?}");
}

#[test]
fn reference_escaper_matches_the_spec() {
    assert_eq!(reference(""), r#""""#);
    assert_eq!(
        reference("a\"b\\c\u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f}æ\u{2028}"),
        "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0000\\u001f\u{7f}æ\u{2028}\""
    );
}

/// One special character at every position of strings of 0 to 40
/// characters of a one-, two-, three- or four-byte filler (so the special
/// lands at every byte offset modulo 8 and 16, in the 16-byte loop, the
/// 8-byte loop and the 1-7 byte tail), plus strings of the special alone.
#[test]
fn every_character_at_every_position() {
    for filler in ['a', 'ø', '€', '😀'] {
        for special in specials() {
            for len in 0..=40 {
                check(&special.to_string().repeat(len));
                for at in 0..len {
                    let s: String = (0..len)
                        .map(|k| if k == at { special } else { filler })
                        .collect();
                    check(&s);
                }
            }
        }
    }
}

/// Two escaped characters at every pair of positions (the run after an
/// escape starts at every alignment and has every length).
#[test]
fn two_escapes_at_every_pair_of_positions() {
    for (x, y) in [('"', '\n'), ('\\', '\u{1}'), ('\u{1f}', '"'), ('\t', '\t')] {
        for len in 0..=40 {
            for a in 0..len {
                for b in a..len {
                    let s: String = (0..len)
                        .map(|k| {
                            if k == a {
                                x
                            } else if k == b {
                                y
                            } else {
                                'e'
                            }
                        })
                        .collect();
                    check(&s);
                }
            }
        }
    }
}

/// Pseudo-random mixtures of all the classes, lengths 0 to 40 and a few
/// longer ones, mostly text with an occasional escape like real plans.
#[test]
fn random_mixtures() {
    let specials = specials();
    let text: Vec<char> = "Beskæftigelsesplan for året, målgrupper: unge og ledige "
        .chars()
        .collect();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..20_000 {
        let len = if round % 10 == 0 {
            40 + next() % 200
        } else {
            next() % 41
        } as usize;
        let rare = 1 + next() % 30;
        let s: String = (0..len)
            .map(|_| {
                let r = next();
                if r % rare == 0 {
                    specials[(r / 64) as usize % specials.len()]
                } else {
                    text[(r / 64) as usize % text.len()]
                }
            })
            .collect();
        check(&s);
    }
}
