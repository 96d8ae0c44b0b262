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

/// One special character at every position of strings of 0 to 72
/// characters of a one-, two-, three- or four-byte filler (so the special
/// lands at every byte offset modulo 8, 16 and 32: in either half of the
/// 32-byte SSE2 loop, in its first and second round, in the 16-byte step,
/// in the last 16 bytes read again, and, for short strings, in the 8-byte
/// loop and the 1-7 byte tail), plus strings of the special alone.
#[test]
fn every_character_at_every_position() {
    for filler in ['a', 'ø', '€', '😀'] {
        for special in specials() {
            for len in 0..=72 {
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
    let mut random = planex_testkit::RandomText::new(0x2545_f491_4f6c_dd1d);
    for round in 0..20_000 {
        let len = if round % 10 == 0 {
            40 + random.below(200)
        } else {
            random.below(41)
        };
        let rare = 1 + random.below(30);
        let s: String = (0..len)
            .map(|_| {
                if random.below(rare) == 0 {
                    specials[random.below(specials.len())]
                } else {
                    text[random.below(text.len())]
                }
            })
            .collect();
        check(&s);
    }
}

/// Struct field keys take a patched path of their own (PATCHES.md, patch
/// 2: the compact formatter writes `,"key":` in one go when the key is at
/// most 28 bytes and needs no escaping, else by parts as upstream; the
/// escape check is `needs_escape`, not the `ESCAPE` table). Keys on each
/// side of both limits, compact and pretty, first field and later.
#[derive(serde::Serialize)]
struct Keys {
    plain: u8,
    #[serde(rename = "")]
    empty: u8,
    #[serde(rename = "abcdefghijklmnopqrstuvwxyz01")]
    longest_in_one_go: u8,
    #[serde(rename = "abcdefghijklmnopqrstuvwxyz012")]
    one_too_long: u8,
    #[serde(rename = "quote\"d")]
    quoted: u8,
    #[serde(rename = "back\\slash")]
    backslash: u8,
    #[serde(rename = "tab\tand\u{1}")]
    control: u8,
    #[serde(rename = "æøå\u{7f}")]
    non_ascii: u8,
    #[serde(rename = "abcdefghijklmnopqrstuvwxy\"z")]
    escape_at_the_limit: u8,
    nested: Inner,
}

#[derive(serde::Serialize)]
struct Inner {
    #[serde(rename = "x\ny")]
    first_escaped: Option<u8>,
    after: Vec<u8>,
}

#[test]
fn struct_keys_compact_and_pretty() {
    let keys = Keys {
        plain: 1,
        empty: 2,
        longest_in_one_go: 3,
        one_too_long: 4,
        quoted: 5,
        backslash: 6,
        control: 7,
        non_ascii: 8,
        escape_at_the_limit: 9,
        nested: Inner {
            first_escaped: None,
            after: vec![10],
        },
    };
    let compact = concat!(
        r#"{"plain":1,"":2,"abcdefghijklmnopqrstuvwxyz01":3,"abcdefghijklmnopqrstuvwxyz012":4,"#,
        r#""quote\"d":5,"back\\slash":6,"tab\tand\u0001":7,"æøå"#,
        "\u{7f}",
        r#"":8,"abcdefghijklmnopqrstuvwxy\"z":9,"nested":{"x\ny":null,"after":[10]}}"#
    );
    assert_eq!(serde_json::to_string(&keys).unwrap(), compact);
    let mut writer = Vec::new();
    serde_json::to_writer(&mut writer, &keys).unwrap();
    assert_eq!(writer, compact.as_bytes());

    // The pretty formatter keeps upstream's path; same keys, laid out.
    let pretty = serde_json::to_string_pretty(&keys).unwrap();
    let value: serde_json::Value = serde_json::from_str(compact).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&pretty).unwrap(),
        value
    );
    assert!(pretty.starts_with("{\n  \"plain\": 1,\n  \"\": 2,\n"));
    assert!(pretty.contains(
        "\n  \"nested\": {\n    \"x\\ny\": null,\n    \"after\": [\n      10\n    ]\n  }\n}"
    ));
}

/// Struct variants (externally tagged) and internally tagged enums, as
/// `Block` is, write their fields through the same patched key path
/// (`SerializeStructVariant::serialize_field`, inlined); every key byte
/// that needs escaping, one per kind, next to plain keys.
#[derive(serde::Serialize)]
enum Variants {
    Plain {
        a: u8,
        #[serde(rename = "bb")]
        b: Option<u8>,
    },
    Escaped {
        #[serde(rename = "\u{0}")]
        nul: u8,
        #[serde(rename = "\u{1f}")]
        unit_separator: u8,
        #[serde(rename = " ")]
        space: u8,
        #[serde(rename = "\u{7f}")]
        del: u8,
    },
}

#[derive(serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Tagged {
    First { text: String, span: (u32, u32) },
}

#[test]
fn struct_variant_keys() {
    let plain = Variants::Plain { a: 1, b: None };
    assert_eq!(
        serde_json::to_string(&plain).unwrap(),
        r#"{"Plain":{"a":1,"bb":null}}"#
    );
    let escaped = Variants::Escaped {
        nul: 1,
        unit_separator: 2,
        space: 3,
        del: 4,
    };
    assert_eq!(
        serde_json::to_string(&escaped).unwrap(),
        "{\"Escaped\":{\"\\u0000\":1,\"\\u001f\":2,\" \":3,\"\u{7f}\":4}}"
    );
    let tagged = Tagged::First {
        text: "a\"b".into(),
        span: (3, 40),
    };
    assert_eq!(
        serde_json::to_string(&tagged).unwrap(),
        r#"{"type":"first","text":"a\"b","span":[3,40]}"#
    );
}

/// A struct of two fields whose keys are chosen at run time (leaked to be
/// `&'static str`, as `serialize_field` wants).
struct RuntimeKeys {
    first: &'static str,
    second: &'static str,
}

impl serde::Serialize for RuntimeKeys {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("RuntimeKeys", 2)?;
        state.serialize_field(self.first, &1u8)?;
        state.serialize_field(self.second, &None::<u8>)?;
        state.end()
    }
}

/// The patched key path (`needs_escape` instead of `ESCAPE`, keys of up to
/// 28 bytes in one go) against the reference escaper: every special
/// character at every position of keys of 0 to 32 bytes, as first and as
/// later field.
#[test]
fn struct_keys_match_the_reference_escaper() {
    for special in specials() {
        for len in 0..=32 {
            for at in 0..len.max(1) {
                let key: String = (0..len)
                    .map(|k| if k == at { special } else { 'k' })
                    .collect();
                let key: &'static str = Box::leak(key.into_boxed_str());
                let keys = RuntimeKeys {
                    first: key,
                    second: key,
                };
                let want = format!("{{{0}:1,{0}:null}}", reference(key));
                assert_eq!(serde_json::to_string(&keys).unwrap(), want, "{key:?}");
            }
        }
    }
}
