//! Checks against the sample plans in `corpus/text/` (skipped when absent).

use std::path::PathBuf;

use planex_normalise::*;

fn corpus(name: &str) -> Option<String> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/text")
        .join(name);
    std::fs::read_to_string(p).ok()
}

const FILES: [(&str, &str, &[i32]); 3] = [
    ("aalborg-2015.txt", "851", &[2015]),
    ("holbaek-2020-2021.txt", "316", &[2020, 2021]),
    ("jammerbugt-2021.txt", "849", &[2021]),
];

#[test]
fn detects_own_municipality() {
    for (file, code, _) in FILES {
        let Some(text) = corpus(file) else { continue };
        let lines: Vec<&str> = text.lines().collect();
        let (m, conf) = detect_municipality(&lines).expect(file);
        assert_eq!(m.code, code, "{file}: got {} ({conf})", m.name);
        assert!(conf > 0.5, "{file}: confidence {conf}");
    }
}

#[test]
fn scanners_do_not_panic_and_find_things() {
    for (file, _, _) in FILES {
        let Some(text) = corpus(file) else { continue };
        let (mut nums, mut times) = (0, 0);
        for line in text.lines() {
            for n in find_numbers(line) {
                assert!(n.start < n.end && n.end <= line.len());
                nums += 1;
            }
            for t in find_time_refs(line) {
                assert_eq!(&line[t.start..t.end], t.text);
                times += 1;
            }
            let _ = find_benefit_type(line);
        }
        assert!(
            nums > 20 && times > 10,
            "{file}: {nums} numbers, {times} times"
        );
    }
}

#[test]
fn aalborg_minister_goal_headings() {
    let Some(text) = corpus("aalborg-2015.txt") else {
        return;
    };
    let ids: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with("2.1."))
        .filter_map(|l| {
            match_minister_goal(
                l.split('.')
                    .take_while(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(".")
                    .as_str(),
                &[2015],
            )
        })
        .map(|m| m.id)
        .collect();
    for want in ["2015-1", "2015-2", "2015-3", "2015-4"] {
        assert!(ids.iter().any(|i| i == want), "{want} not in {ids:?}");
    }
}

#[test]
fn holbaek_targets() {
    let Some(text) = corpus("holbaek-2020-2021.txt") else {
        return;
    };
    let line = text
        .lines()
        .find(|l| l.contains("højst 1.181 borgere"))
        .expect("target line");
    let n = find_numbers(line);
    assert!(n.iter().any(|n| n.value == 1181.0));
    let t = find_time_refs(line);
    assert_eq!(t[0].value.normalized(), "2021-12");
    assert_eq!(t[0].value.relation, Some(TimeRelation::By));
    assert!(t.iter().any(|t| t.value.normalized() == "2020-10"));
}
