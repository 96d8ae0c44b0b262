//! Fuzzing the PDF path through the real binary: corpus PDFs mutated by
//! proptest (byte flips, truncation, deleted and duplicated chunks) must each
//! end as an `ok` or `error` manifest entry, never as a crash of the batch.
//! The case count is bounded (PROPTEST_CASES, default 24) to keep CI short.

use std::path::Path;
use std::process::Command;

use proptest::prelude::*;

const CORPUS: &[&str] = &[
    "jammerbugt-2021.pdf",
    "holbaek-2020-2021.twocol.pdf",
    "aalborg-2015.pdf",
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: f64, byte: u8 },
    Truncate { at: f64 },
    Delete { at: f64, len: usize },
    Duplicate { at: f64, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64, any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        (0.0..1.0f64).prop_map(|at| Mutation::Truncate { at }),
        (0.0..1.0f64, 1usize..4096).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (0.0..1.0f64, 1usize..4096).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        if bytes.is_empty() {
            break;
        }
        let pos = |at: f64, n: usize| ((at * n as f64) as usize).min(n - 1);
        match *m {
            Mutation::Flip { at, byte } => {
                let i = pos(at, bytes.len());
                bytes[i] ^= byte | 1;
            }
            Mutation::Truncate { at } => {
                let i = pos(at, bytes.len());
                bytes.truncate(i);
            }
            Mutation::Delete { at, len } => {
                let i = pos(at, bytes.len());
                let end = (i + len).min(bytes.len());
                bytes.drain(i..end);
            }
            Mutation::Duplicate { at, len } => {
                let i = pos(at, bytes.len());
                let end = (i + len).min(bytes.len());
                let chunk = bytes[i..end].to_vec();
                bytes.splice(i..i, chunk);
            }
        }
    }
    bytes
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 16, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_pdfs_never_break_the_batch(which in 0..CORPUS.len(), mutations in prop::collection::vec(mutation(), 1..6)) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let original = std::fs::read(root.join("corpus/pdf").join(CORPUS[which])).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("mutated.pdf");
        std::fs::write(&bad, apply(original, &mutations)).unwrap();
        let good = root.join("corpus/text/jammerbugt-2021.txt");
        let out = dir.path().join("out");
        let status = Command::new(env!("CARGO_BIN_EXE_planex"))
            .args(["extract", "--timeout", "20", "-q", "--out"])
            .arg(&out)
            .arg(&bad)
            .arg(&good)
            .status()
            .unwrap();
        prop_assert!(matches!(status.code(), Some(0) | Some(1)), "exit status {status:?}");
        let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
        let docs = manifest["documents"].as_array().unwrap();
        prop_assert_eq!(docs.len(), 2);
        let bad_entry = &docs[0];
        prop_assert!(bad_entry["status"] == "ok" || bad_entry["error"].as_str().is_some_and(|e| !e.is_empty() && !e.contains('\n')), "{bad_entry}");
        prop_assert_eq!(&docs[1]["status"], "ok");
    }
}
