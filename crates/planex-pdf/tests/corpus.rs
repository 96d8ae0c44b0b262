//! Checks against the real corpus: each PDF's lines are compared with the
//! text rendering of the same document in corpus/text.

use planex_pdf::extract_pdf;
use std::collections::HashMap;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");

/// Is `line` one of the extracted lines, whole?
fn has_line(lines: &[String], line: &str) -> bool {
    lines.iter().any(|l| l == line)
}

fn load(name: &str) -> (Vec<String>, String) {
    let bytes = std::fs::read(format!("{CORPUS}/pdf/{name}.pdf")).unwrap();
    let doc = extract_pdf(&bytes).unwrap();
    assert!(doc.pages.unwrap() > 0);
    for l in &doc.lines {
        if !l.is_blank() {
            let p = l.page.expect("every text line has a page");
            assert!(p >= 1 && p <= doc.pages.unwrap());
        }
    }
    let base = name.trim_end_matches(".twocol");
    let text = std::fs::read_to_string(format!("{CORPUS}/text/{base}.txt")).unwrap();
    (doc.lines.into_iter().map(|l| l.text).collect(), text)
}

fn tokens(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Fraction of the text file's word tokens found in the PDF output (multiset).
fn recovery(pdf: &[String], text: &str) -> f64 {
    let mut have: HashMap<String, i64> = HashMap::new();
    for l in pdf {
        for t in tokens(l) {
            *have.entry(t).or_default() += 1;
        }
    }
    let want = tokens(text);
    let mut hit = 0;
    for t in &want {
        if let Some(c) = have.get_mut(t) {
            if *c > 0 {
                *c -= 1;
                hit += 1;
            }
        }
    }
    hit as f64 / want.len() as f64
}

const NAMES: [&str; 6] = [
    "aalborg-2015",
    "aalborg-2015.twocol",
    "holbaek-2020-2021",
    "holbaek-2020-2021.twocol",
    "jammerbugt-2021",
    "jammerbugt-2021.twocol",
];

fn title_of(name: &str) -> &'static str {
    if name.starts_with("aalborg") {
        "Beskæftigelsesplan 2015 for Jobcenter Aalborg"
    } else if name.starts_with("holbaek") {
        "Beskæftigelsesplan 2020-2021"
    } else {
        "Beskæftigelsesplan 2021"
    }
}

#[test]
fn word_recovery_at_least_97_percent() {
    for name in NAMES {
        let (lines, text) = load(name);
        let r = recovery(&lines, &text);
        println!("{name}: word recovery {:.4}", r);
        assert!(r >= 0.97, "{name}: word recovery {r:.4}");
    }
}

#[test]
fn no_page_furniture() {
    for name in NAMES {
        let (lines, _) = load(name);
        let title = title_of(name);
        let title_lines = lines.iter().filter(|l| l.trim() == title).count();
        // The title may appear once on the cover, never once per page.
        assert!(
            title_lines <= 1,
            "{name}: running header kept {title_lines} times"
        );
        for l in &lines {
            let t = l.trim();
            let is_side = t
                .strip_prefix("Side ")
                .map(|n| n.chars().all(|c| c.is_ascii_digit()))
                .unwrap_or(false);
            assert!(!is_side, "{name}: footer kept: {l:?}");
        }
        assert!(
            lines.iter().any(|l| l.contains(title)),
            "{name}: title missing or split"
        );
        assert!(
            !lines.iter().any(|l| l.contains("B eskæftigelses")),
            "{name}: split title"
        );
    }
}

#[test]
fn headings_are_whole_lines() {
    let cases: [(&str, &[&str]); 3] = [
        (
            "jammerbugt-2021",
            &[
                "Indledning",
                "Kerneopgaven",
                "Overordnede fokusområder i Jammerbugt Kommune",
                "Rammevilkår for indsatserne",
            ],
        ),
        (
            "holbaek-2020-2021",
            &[
                "Forord",
                "Konsekvenser af COVID-19",
                "Genåbning af beskæftigelsesindsatsen",
            ],
        ),
        (
            "aalborg-2015",
            &["Indledning", "1. Beskæftigelsespolitiske mål for 2015"],
        ),
    ];
    for (name, heads) in cases {
        for suffix in ["", ".twocol"] {
            let n = format!("{name}{suffix}");
            let (lines, text) = load(&n);
            for h in heads {
                assert!(
                    text.lines().any(|l| l == *h),
                    "{h} not a line in the text file"
                );
                assert!(
                    lines.iter().any(|l| l == h),
                    "{n}: heading {h:?} not a whole line"
                );
            }
        }
    }
}

#[test]
fn table_rows_are_tab_separated() {
    for name in NAMES {
        let (lines, text) = load(name);
        let rows: Vec<&str> = text
            .lines()
            .filter(|l| {
                l.contains('\t') && l.chars().next().map(|c| c.is_alphabetic()).unwrap_or(false)
            })
            .filter(|l| l.split('\t').count() >= 4)
            .collect();
        assert!(!rows.is_empty() || name.starts_with("aalborg"));
        for r in rows {
            assert!(
                lines.iter().any(|l| l == r),
                "{name}: table row missing: {r:?}"
            );
        }
    }
    let (lines, _) = load("jammerbugt-2021.twocol");
    assert!(has_line(&lines, "Kontanthjælp\t274\t312\t279"));
}

/// Index of the first line containing `needle`.
fn position_of(lines: &[String], needle: &str) -> usize {
    lines
        .iter()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} missing"))
}

#[test]
fn two_column_reading_order() {
    let (lines, _) = load("jammerbugt-2021.twocol");
    let pos = |needle: &str| position_of(&lines, needle);
    // Page 1: left column paragraph, then the right column.
    assert!(
        pos("rammer, som fremgår af det kommunale budget.")
            < pos("At understøtte mennesker i at komme i job")
    );
    assert!(
        pos("At understøtte mennesker i at komme i job")
            < pos("Beskæftigelsespolitiske målsætninger")
    );
    let (lines, _) = load("holbaek-2020-2021.twocol");
    let pos = |needle: &str| position_of(&lines, needle);
    assert!(
        pos("Denne beskæftigelsesplan er den overordnede")
            < pos("landsplan. Der er også fortsat stor usikkerhed")
    );
    // Page 8: a short heading set across both columns; the right column's
    // text above it is read before it, not after the text below it.
    let heading = lines.iter().position(|l| l == "Målsætninger").unwrap();
    assert!(pos("Som følge af COVID-19 vil det skærpede tilsyn") < heading);
    assert!(lines[heading..].iter().any(|l| l == "Hovedmålsætninger"));
}

#[test]
fn lists_across_columns_and_run_in_bold() {
    let (lines, _) = load("jammerbugt-2021.twocol");
    // The item's bold name fills its first line in a narrow column: it is
    // inline emphasis, marked like the text rendering.
    assert!(has_line(
        &lines,
        "- **Opkvalificeringsforløb – Bygge & Anlæg.**"
    ));
    // The list goes on in the right column at the same depth.
    assert!(has_line(
        &lines,
        "- **Udvidet samarbejde med SOSU Nord** skal"
    ));
    assert!(!lines.iter().any(|l| l.starts_with(" - ")));
}

#[test]
fn lists_and_emphasis() {
    let (lines, _) = load("jammerbugt-2021.twocol");
    assert!(has_line(
        &lines,
        "- Alle ledige skal have en værdig sagsbehandling"
    ));
    let (lines, _) = load("jammerbugt-2021");
    assert!(has_line(
        &lines,
        "- Alle ledige skal have en værdig sagsbehandling"
    ));
    assert!(lines.iter().any(|l| l.starts_with("1. Ungeindsatsen")));
}
