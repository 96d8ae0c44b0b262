//! Document facts: municipality, title, years, draft.

use planex_model::{Block, ExtractedText, Municipality, PlanInfo};
use planex_normalise::{detect_municipality, find_numbers};
use planex_parse::cues::{self, CueKind};
use planex_parse::ParsedDocument;

use crate::vocabulary::{self, Role};

pub struct Facts {
    pub municipality: Option<Municipality>,
    pub plan: PlanInfo,
}

/// Cover lines: the preamble, or the first lines when there is none.
fn cover_lines(extracted: &ExtractedText, parsed: &ParsedDocument) -> Vec<String> {
    let mut lines: Vec<String> = parsed
        .preamble
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    if lines.is_empty() {
        lines = extracted
            .lines
            .iter()
            .filter(|l| !l.is_blank())
            .take(8)
            .map(|l| planex_parse::text::strip_emphasis(&l.text))
            .collect();
    }
    lines
}

fn years_in(text: &str) -> Vec<i32> {
    let nums = find_numbers(text);
    // "2020-21", "2020/21": an end year written with two digits.
    let short_end = |y: i32, j: usize| -> Option<i32> {
        let n = nums.get(j)?;
        let v = n.value as i32;
        let two_digits = n.value.fract() == 0.0 && (0..100).contains(&v) && v > y % 100;
        two_digits.then_some(y - y % 100 + v)
    };
    let mut years = Vec::new();
    for (i, n) in nums.iter().enumerate() {
        if !n.is_year {
            continue;
        }
        let y = n.value as i32;
        let to = match n.range_with {
            Some(j) if j > i => Some(if nums[j].is_year {
                nums[j].value as i32
            } else {
                short_end(y, j).unwrap_or(y - 1)
            }),
            Some(_) => continue,
            None if text.get(n.end..n.end + 1) == Some("/")
                && nums.get(i + 1).is_some_and(|m| m.start == n.end + 1) =>
            {
                short_end(y, i + 1)
            }
            None => None,
        };
        match to {
            Some(to) if (y..=to).count() <= 6 => years.extend(y..=to),
            Some(_) => {}
            None => years.push(y),
        }
    }
    years.sort_unstable();
    years.dedup();
    years
}

pub fn document_facts(extracted: &ExtractedText, parsed: &ParsedDocument) -> Facts {
    let cover = cover_lines(extracted, parsed);
    let title = cover
        .iter()
        .find(|l| {
            let lower = l.to_lowercase();
            vocabulary::words(Role::TitleWord)
                .iter()
                .any(|w| lower.contains(w))
                && l.chars().count() <= 140
        })
        .or_else(|| cover.iter().find(|l| !years_in(l).is_empty()))
        .cloned();
    let mut years = title.as_deref().map(years_in).unwrap_or_default();
    if years.is_empty() {
        years = cover.iter().flat_map(|l| years_in(l)).collect();
        years.sort_unstable();
        years.dedup();
        years.truncate(2);
    }
    let draft = cover.iter().any(|l| cues::matches(CueKind::DraftMarker, l));
    let texts: Vec<&str> = extracted.lines.iter().map(|l| l.text.as_str()).collect();
    let municipality = detect_municipality(&texts).map(|(m, _)| Municipality {
        name: m.name.to_string(),
        code: m.code.to_string(),
    });
    Facts {
        municipality,
        plan: PlanInfo {
            title,
            years,
            draft,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::years_in;

    #[test]
    fn plan_years() {
        assert_eq!(years_in("Beskæftigelsesplan 2021"), [2021]);
        assert_eq!(years_in("Beskæftigelsesplan 2020-2021"), [2020, 2021]);
        assert_eq!(years_in("Beskæftigelsesplan 2020–2021"), [2020, 2021]);
        assert_eq!(years_in("Beskæftigelsesplan 2020-21"), [2020, 2021]);
        assert_eq!(years_in("Beskæftigelsesplan 2019-21"), [2019, 2020, 2021]);
        assert_eq!(years_in("Beskæftigelsesplan 2020/21"), [2020, 2021]);
        assert_eq!(years_in("Beskæftigelsesplan 2021-2020"), Vec::<i32>::new());
    }
}
