//! Fuzzing the text path through the real binary: corpus texts with odd
//! but printable Unicode put in at seeded random places (spaces that are
//! several bytes long, capitals whose small letter is shorter or longer
//! in UTF-8, emoji, combining marks, sentence marks before them) must each
//! come out as an `ok` document. Each such char once cut a string inside
//! a char, a panic; any new one shows here as a failed document.

use std::path::Path;
use std::process::Command;

use planex_testkit::RandomText;

/// Printable, so that the binary-data check lets every text through.
const ODD: &[&str] = &[
    "\u{00A0}",
    "\u{2028}",
    "\u{2029}",
    "\u{3000}",
    "\u{1680}",
    "\u{0085}",
    "\u{2003}",
    "\u{200F}",
    "\u{00AD}",
    "\u{FEFF}",
    "\u{0301}",
    "😀",
    "ẞ",
    "ẞæ",
    "Ⱥ",
    "Ⱥø",
    "İ",
    "Σ",
    "ǅ",
    "ŉ",
    "ﬁ",
    "K",
    ". ",
    ". İ",
    ". Ⱥ",
    "? ẞ",
    "%",
    "pct.",
    ":",
    "(",
    ")",
    "•",
    "–",
    "1.",
    "“",
    "”",
    "…",
    "mio.\u{00A0}kr.",
    "2021\u{2028}",
];

#[test]
fn texts_with_odd_unicode_all_come_out() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let texts = planex_testkit::corpus_texts();
    let mut random = RandomText::new(2028);
    let documents = 36;
    for n in 0..documents {
        let mut text = texts[n % texts.len()].clone();
        for _ in 0..200 + random.below(1_500) {
            let mut at = random.below(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, ODD[random.below(ODD.len())]);
        }
        std::fs::write(input.join(format!("odd-{n}.txt")), text).unwrap();
    }
    let out = dir.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_planex"))
        .args(["extract", input.to_str().unwrap(), "--out"])
        .arg(&out)
        .args(["-q", "--jobs", "2"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["ok"], documents, "{stderr}");
    assert_eq!(manifest["failed"], 0, "{stderr}");
    // The documents are still read as plans, not as noise.
    let goals: u64 = manifest["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["counts"]["goals"].as_u64().unwrap())
        .sum();
    assert!(goals > documents as u64 * 5, "{goals} goals");
    assert!(Path::new(&out.join("odd-0.json")).exists());
}
