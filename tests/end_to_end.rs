//! End-to-end tests: the `planex` binary over the bundled corpus and over
//! bad inputs.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn planex() -> Command {
    Command::new(env!("CARGO_BIN_EXE_planex"))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

fn run(args: &[&str]) -> (i32, String) {
    let out = planex().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `planex extract INPUT --out OUT -q EXTRA...`.
fn extract_quietly(input: &Path, out: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec![
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend(extra);
    run(&args)
}

/// The whole corpus (text and PDF) in one run, shared by several tests.
fn corpus_output() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let corpus = root().join("corpus");
        let (code, err) = extract_quietly(&corpus, dir.path(), &[]);
        assert_eq!(code, 0, "{err}");
        dir
    })
    .path()
}

fn corpus_documents() -> Vec<PathBuf> {
    let mut docs = Vec::new();
    for sub in ["text", "pdf"] {
        for e in std::fs::read_dir(corpus_output().join(sub)).unwrap() {
            docs.push(e.unwrap().path());
        }
    }
    docs.sort();
    docs
}

#[test]
fn every_corpus_output_validates_against_the_published_schema() {
    let schema = read_json(&root().join("schemas/plan.schema.json"));
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let docs = corpus_documents();
    assert_eq!(docs.len(), 9, "3 text + 6 PDF documents");
    for path in docs {
        let doc = read_json(&path);
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .take(5)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn schema_subcommand_prints_the_committed_schema() {
    let out = planex().arg("schema").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string(root().join("schemas/plan.schema.json")).unwrap()
    );
}

#[test]
fn manifest_lists_every_corpus_document() {
    let m = read_json(&corpus_output().join("manifest.json"));
    assert_eq!(m["ok"], 9);
    assert_eq!(m["failed"], 0);
    let docs = m["documents"].as_array().unwrap();
    let outputs: Vec<&str> = docs.iter().map(|d| d["output"].as_str().unwrap()).collect();
    assert!(
        outputs.contains(&"pdf/aalborg-2015.twocol.json"),
        "{outputs:?}"
    );
    assert!(outputs.contains(&"text/aalborg-2015.json"), "{outputs:?}");
    for d in docs {
        assert_eq!(d["status"], "ok");
        assert_eq!(d["sha256"].as_str().unwrap().len(), 64);
        assert!(d["counts"]["sections"].as_u64().unwrap() > 10, "{d}");
    }
}

#[test]
fn facts_goals_and_target_tables_from_the_text_corpus() {
    let doc = read_json(&corpus_output().join("text/jammerbugt-2021.json"));
    assert_eq!(doc["municipality"]["code"], "849");
    assert_eq!(doc["plan"]["years"], serde_json::json!([2021]));
    assert_eq!(doc["plan"]["draft"], false);
    let minister: Vec<&str> = doc["goals"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["minister_goal"].as_str())
        .collect();
    assert_eq!(minister, ["2021-1", "2021-2", "2021-3", "2021-4", "2021-5"]);
    let table = doc["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target_table"] == true)
        .expect("a target table");
    assert_eq!(table["header_rows"][0][1]["text"], "Måltal 2020");
    assert_eq!(table["rows"][0][3]["value"], 279.0);
    let figure = doc["target_figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["benefit_type"] == "foertidspension"
                && f["year"] == 2021
                && f["figure_kind"] == "target"
        })
        .expect("førtidspension target 2021");
    assert_eq!(figure["value"], 1633.0);

    let aalborg = read_json(&corpus_output().join("text/aalborg-2015.json"));
    assert_eq!(aalborg["municipality"]["code"], "851");
    assert_eq!(aalborg["plan"]["draft"], true);
    let goal = aalborg["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| {
            g["text"]
                .as_str()
                .unwrap()
                .starts_with("Antallet af langtidsledige")
        })
        .unwrap();
    assert_eq!(goal["target"]["value"], 5.0);
    assert_eq!(goal["target"]["direction"], "decrease");
    assert_eq!(goal["target"]["deadline"]["text"], "ultimo 2015");

    let holbaek = read_json(&corpus_output().join("text/holbaek-2020-2021.json"));
    assert_eq!(holbaek["plan"]["years"], serde_json::json!([2020, 2021]));
    assert_eq!(holbaek["municipality"]["code"], "316");
}

#[test]
fn every_item_has_provenance() {
    for path in corpus_documents() {
        let doc = read_json(&path);
        let is_pdf = doc["source"]["format"] == "pdf";
        for key in ["goals", "measures", "tables", "toc"] {
            for item in doc[key].as_array().unwrap() {
                let span = &item["span"];
                assert!(
                    span["start"].as_u64().unwrap() >= 1
                        && span["end"].as_u64() >= span["start"].as_u64(),
                    "{key} {item}"
                );
                if is_pdf && key != "toc" {
                    assert!(
                        item["page"].as_u64().is_some(),
                        "{}: {key} without page: {item}",
                        path.display()
                    );
                }
            }
        }
    }
}

#[test]
fn output_is_identical_with_one_and_two_jobs() {
    let corpus = root().join("corpus");
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    for (dir, jobs) in [(&one, "1"), (&two, "2")] {
        let (code, err) = extract_quietly(&corpus, dir.path(), &["--jobs", jobs]);
        assert_eq!(code, 0, "{err}");
    }
    let mut compared = 0;
    for sub in ["text", "pdf"] {
        for e in std::fs::read_dir(one.path().join(sub)).unwrap() {
            let p = e.unwrap().path();
            let a = std::fs::read(&p).unwrap();
            let b = std::fs::read(two.path().join(sub).join(p.file_name().unwrap())).unwrap();
            assert!(
                a == b,
                "{} differs between --jobs 1 and --jobs 2",
                p.display()
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 9);
    // So is the manifest (no timings unless asked for).
    assert!(
        std::fs::read(one.path().join("manifest.json")).unwrap()
            == std::fs::read(two.path().join("manifest.json")).unwrap(),
        "manifest.json differs between --jobs 1 and --jobs 2"
    );
}

/// Documents and the manifest are written through private temporary files;
/// what lands must have the permissions any newly created file gets (the
/// umask's), not the temporary file's owner-only 0600.
#[cfg(unix)]
#[test]
fn outputs_get_the_permissions_of_a_normally_created_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let normal = dir.path().join("normal");
    std::fs::File::create(&normal).unwrap();
    let expected = std::fs::metadata(&normal).unwrap().permissions().mode() & 0o777;
    let out = dir.path().join("out");
    let (code, err) = extract_quietly(&root().join("corpus/text"), &out, &[]);
    assert_eq!(code, 0, "{err}");
    let mut checked = 0;
    for e in std::fs::read_dir(&out).unwrap() {
        let path = e.unwrap().path();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, expected, "{}: {mode:o}", path.display());
        checked += 1;
    }
    assert_eq!(checked, 4, "3 documents and the manifest");
}

#[test]
fn timings_only_when_asked_for() {
    let plan = root().join("corpus/text/jammerbugt-2021.txt");
    for (flag, expect) in [(None, false), (Some("--timings"), true)] {
        let dir = tempfile::tempdir().unwrap();
        let (code, err) = extract_quietly(&plan, dir.path(), flag.as_slice());
        assert_eq!(code, 0, "{err}");
        let manifest = read_json(&dir.path().join("manifest.json"));
        let seconds = &manifest["documents"][0]["seconds"];
        assert_eq!(seconds.is_f64(), expect, "{flag:?}: {seconds}");
        assert_eq!(seconds.is_null(), !expect, "{flag:?}: {seconds}");
    }
}

#[test]
fn pretty_output_holds_the_same_document_as_compact() {
    let plan = root().join("corpus/text/holbaek-2020-2021.txt");
    let compact = tempfile::tempdir().unwrap();
    let pretty = tempfile::tempdir().unwrap();
    for (dir, extra) in [(&compact, None), (&pretty, Some("--pretty"))] {
        let (code, err) = extract_quietly(&plan, dir.path(), extra.as_slice());
        assert_eq!(code, 0, "{err}");
    }
    let name = "holbaek-2020-2021.json";
    let a = std::fs::read_to_string(compact.path().join(name)).unwrap();
    let b = std::fs::read_to_string(pretty.path().join(name)).unwrap();
    assert_eq!(a.lines().count(), 1, "compact output is one line");
    assert!(b.lines().count() > 100, "pretty output is indented");
    assert_eq!(
        serde_json::from_str::<Value>(&a).unwrap(),
        serde_json::from_str::<Value>(&b).unwrap()
    );
}

/// A batch of one good plan and every kind of bad input: each bad one is a
/// one-line error in the manifest and on stderr, the good one is written.
#[test]
fn bad_inputs_are_recorded_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("noplans")).unwrap();
    std::fs::write(input.join("noplans/readme.docx"), "x").unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    let garbage: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 7) as u8)
        .collect();
    std::fs::write(input.join("garbage.txt"), &garbage).unwrap();
    let pdf = std::fs::read(root().join("corpus/pdf/jammerbugt-2021.pdf")).unwrap();
    std::fs::write(input.join("truncated.pdf"), &pdf[..pdf.len() / 3]).unwrap();
    std::fs::write(input.join("notapdf.pdf"), "This is plain text named .pdf\n").unwrap();
    std::fs::copy(
        root().join("corpus/text/jammerbugt-2021.txt"),
        input.join("good.txt"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let args: Vec<String> = vec![
        "extract".into(),
        input.join("empty.txt").display().to_string(),
        input.join("garbage.txt").display().to_string(),
        input.join("truncated.pdf").display().to_string(),
        input.join("notapdf.pdf").display().to_string(),
        input.join("noplans").display().to_string(),
        input.join("missing.txt").display().to_string(),
        input.join("good.txt").display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    let output = planex().args(&args).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "some inputs failed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let manifest = read_json(&out.join("manifest.json"));
    let docs = manifest["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 7);
    let by_name = |name: &str| {
        docs.iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not in manifest"))
    };
    let expect = [
        ("empty.txt", "empty file"),
        ("garbage.txt", "binary data"),
        ("truncated.pdf", ""),
        ("notapdf.pdf", "not a PDF"),
        ("noplans", "no plans"),
        ("missing.txt", "no such file"),
    ];
    for (name, message) in expect {
        let d = by_name(name);
        assert_eq!(d["status"], "error", "{name}");
        let err = d["error"].as_str().unwrap();
        assert!(
            err.to_lowercase().contains(&message.to_lowercase()),
            "{name}: {err}"
        );
        assert!(
            !err.contains('\n') && !err.is_empty(),
            "{name}: one line: {err}"
        );
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(name) && l.contains("error")),
            "{name} not on stderr: {stderr}"
        );
    }
    assert_eq!(by_name("good.txt")["status"], "ok");
    assert_eq!(
        read_json(&out.join("good.json"))["municipality"]["code"],
        "849"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn unwritable_out_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let plan = root().join("corpus/text/jammerbugt-2021.txt");
    let (code, err) = run(&[
        "extract",
        plan.to_str().unwrap(),
        "--out",
        blocker.join("sub").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot write to --out"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn colliding_outputs_are_a_usage_error_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let a = root().join("corpus/text/jammerbugt-2021.txt");
    let copy_dir = dir.path().join("copy");
    std::fs::create_dir_all(&copy_dir).unwrap();
    let b = copy_dir.join("jammerbugt-2021.txt");
    std::fs::copy(&a, &b).unwrap();
    let (code, err) = run(&[
        "extract",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("would both write jammerbugt-2021.json"),
        "{err}"
    );
    assert!(
        !out.join("manifest.json").exists(),
        "no work before the usage error"
    );
}

#[test]
fn text_encodings_and_line_ends_give_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    let utf8 = std::fs::read_to_string(root().join("corpus/text/jammerbugt-2021.txt")).unwrap();
    let mut utf16 = vec![0xff, 0xfe];
    for u in utf8.replace('\n', "\r\n").encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(dir.path().join("a.txt"), &utf8).unwrap();
    std::fs::write(dir.path().join("b.txt"), utf16).unwrap();
    // Windows-1252 with CR line ends: every character of this plan is in the code page.
    let cp1252: Vec<u8> = utf8
        .replace('\n', "\r")
        .chars()
        .map(|c| match c {
            '–' => 0x96,
            '”' => 0x94,
            '“' => 0x93,
            '’' => 0x92,
            c if (c as u32) < 256 => c as u32 as u8,
            c => panic!("{c:?} not in Windows-1252 test mapping"),
        })
        .collect();
    std::fs::write(dir.path().join("c.txt"), cp1252).unwrap();
    let out = dir.path().join("out");
    let (code, err) = run(&[
        "extract",
        dir.path().join("a.txt").to_str().unwrap(),
        dir.path().join("b.txt").to_str().unwrap(),
        dir.path().join("c.txt").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(code, 0, "{err}");
    let strip = |mut v: Value| {
        v["source"] = Value::Null;
        v["warnings"] = Value::Null;
        v
    };
    let a = strip(read_json(&out.join("a.json")));
    assert_eq!(a, strip(read_json(&out.join("b.json"))), "UTF-16 + CRLF");
    assert_eq!(
        a,
        strip(read_json(&out.join("c.json"))),
        "Windows-1252 + CR"
    );
}

/// Text with its pages marked by form feeds (as `pdftotext` writes it): the
/// pages are kept as provenance, page numbers and running footers do not
/// become headings or text, and a paragraph cut by a page break is joined.
#[test]
fn text_with_form_feeds_has_pages_and_no_furniture() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.txt");
    let footer = "Beskæftigelsesplan 2021 – Jobcenter Aalborg";
    let mut text = String::from("Beskæftigelsesplan 2021\n\nJobcenter Aalborg\n\n");
    for (page, group) in (1..=4).zip(["unge", "seniorer", "flygtninge", "sygemeldte"]) {
        if page > 1 {
            text.push('\u{c}');
        }
        text.push_str(&format!(
            "Kapitel {page}. Indsatser for målgruppe {page}\n\n"
        ));
        text.push_str("Jobcentret vil i de kommende år styrke samarbejdet med de lokale virksomheder og sikre,\n\n");
        text.push_str(&format!("{footer}\n{page}\n"));
        text.push_str(&format!(
            "\u{c}at flere {group} kommer i job gennem en tættere kontakt.\n\n"
        ));
        text.push_str(&format!("{footer}\nSide {page} af 8\n"));
    }
    std::fs::write(&plan, text).unwrap();
    let out = dir.path().join("out");
    let (code, err) = extract_quietly(&plan, &out, &[]);
    assert_eq!(code, 0, "{err}");
    let doc = read_json(&out.join("plan.json"));
    assert_eq!(doc["source"]["pages"], 8);
    let titles: Vec<&str> = doc["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 4, "{titles:?}");
    assert!(
        titles
            .iter()
            .all(|t| t.starts_with("Indsatser for målgruppe")),
        "{titles:?}"
    );
    let body = serde_json::to_string(&doc["sections"]).unwrap();
    assert!(!body.contains(footer), "a running footer survived");
    assert!(!body.contains("Side 2 af 8"), "a page number survived");
    let first = &doc["sections"][0]["content"][0];
    assert!(
        first["text"]
            .as_str()
            .unwrap()
            .ends_with("sikre, at flere unge kommer i job gennem en tættere kontakt."),
        "{first}"
    );
    assert_eq!(first["page"], 1);
    assert_eq!(doc["sections"][1]["content"][0]["page"], 3);
}
