//! Minister goals and local goals (CODEBOOK §3).

use std::borrow::Cow;

use planex_model::{
    Baseline, Block, Direction, FigureKind, Goal, GoalKind, ListItem, Section, Span, Table, Target,
    TargetUnit, TimeRef,
};
use planex_normalise::{lowercase, normalize_for_match, GoalMatcher, TokenBag};
use planex_parse::cues::{self, CueKind};
use planex_parse::{text, ParsedDocument};

use crate::cues::DIRECTIONS;
use crate::table_cells::{after_label, table_by_id};
use crate::target_tables;
use crate::targets::{extract_target, first_sentence, sentences};
use crate::vocabulary::{self, Role};

/// What the nearest labelled heading (the section's own or an ancestor's) announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Goals,
    Measures,
    Narrative,
}

/// What a section title announces by itself, if anything. The title is
/// prepared once for its three cues (preparing was half their cost).
fn label(title: &str) -> Option<Context> {
    let line = cues::Line::new(title);
    if line.matches(CueKind::GoalLabel) {
        Some(Context::Goals)
    } else if line.matches(CueKind::MeasureLabel) || line.matches(CueKind::MeasureHeadingWord) {
        Some(Context::Measures)
    } else {
        None
    }
}

/// Every section in document order with its context: its own label, else
/// the nearest labelled ancestor's. A labelled ancestor lends its context
/// only when it is a pure container ("Øvrige mål" → "Sygedagpenge"); a
/// label with a body of its own ("Mål", then a paragraph) covers that body,
/// not the sections after it. Each title is read once, for goals and
/// measures alike.
pub fn sections_in_context(parsed: &ParsedDocument) -> Vec<(&Section, Context)> {
    fn go<'a>(
        nodes: &'a [Section],
        lent: &mut Vec<Option<Context>>,
        out: &mut Vec<(&'a Section, Context)>,
    ) {
        for s in nodes {
            let own = label(&s.title);
            let ctx = own
                .or_else(|| lent.iter().rev().find_map(|l| *l))
                .unwrap_or(Context::Narrative);
            out.push((s, ctx));
            lent.push(if s.content.is_empty() { own } else { None });
            go(&s.children, lent, out);
            lent.pop();
        }
    }
    let mut out = Vec::new();
    go(&parsed.sections, &mut Vec::new(), &mut out);
    out
}

struct Collector {
    /// The minister's goals of the plan's years.
    matcher: GoalMatcher,
    goals: Vec<Goal>,
    /// Per kept goal: its matching key and tokens, computed once.
    seen: Vec<(String, TokenBag)>,
}

impl Collector {
    /// Keep a goal (a local goal with the target its text states), unless
    /// it repeats one kept before; the goal kept, for what its text does
    /// not say.
    fn push(
        &mut self,
        text: &str,
        kind: GoalKind,
        minister_goal: Option<String>,
        section: &Section,
        span: Span,
        page: Option<u32>,
    ) -> Option<&mut Goal> {
        let text = text.trim();
        if text.is_empty() || self.is_duplicate(text, minister_goal.as_deref()) {
            return None;
        }
        let target = if kind == GoalKind::Local {
            extract_target(text)
        } else {
            None
        };
        self.goals.push(Goal {
            id: planex_model::item_id('g', self.goals.len() + 1),
            text: text.to_string(),
            kind,
            minister_goal,
            section: Some(section.id.clone()),
            target,
            span,
            page,
        });
        self.goals.last_mut()
    }

    /// Does a kept goal say the same as `text` (of the minister goal
    /// `minister_goal`, if one)? Two minister goals are the same when their
    /// ids are; any other pair when their matching keys are equal or their
    /// tokens overlap by an F1 of 0.9. When it is new, its key and tokens
    /// are kept. A minister goal taken before is known by its id alone,
    /// before its text is keyed and tokenised (plans often quote the
    /// minister's goals twice).
    fn is_duplicate(&mut self, text: &str, minister_goal: Option<&str>) -> bool {
        if let Some(id) = minister_goal {
            if self
                .goals
                .iter()
                .any(|g| g.minister_goal.as_deref() == Some(id))
            {
                return true;
            }
        }
        let key = normalize_for_match(text);
        let bag = TokenBag::new(text);
        // (Two minister goals left are of different ids.)
        let duplicate = self
            .goals
            .iter()
            .zip(&self.seen)
            .filter(|(g, _)| g.minister_goal.is_none() || minister_goal.is_none())
            .any(|(_, (g_key, g_bag))| *g_key == key || g_bag.f1_at_least(&bag, 0.9));
        if !duplicate {
            self.seen.push((key, bag));
        }
        duplicate
    }

    /// A minister goal, quoted alone (possibly numbered): returns true when taken.
    fn minister(&mut self, raw: &str, section: &Section, span: Span, page: Option<u32>) -> bool {
        let stripped = strip_number(raw);
        // No goal is longer than 300 characters (counted no further than
        // that: most paragraphs are longer).
        if text::more_chars_than(stripped, 300) {
            return false;
        }
        match self.matcher.find(stripped) {
            Some(m) => {
                // "Ministermål 1: Flere ledige skal opkvalificeres": the goal
                // is what follows a label that quotes it alone.
                let quoted = match stripped.split_once(':') {
                    Some((label, rest))
                        if label.split_whitespace().nth(4).is_none()
                            && self.matcher.find(rest).is_some_and(|r| r.id == m.id) =>
                    {
                        rest.trim()
                    }
                    _ => stripped,
                };
                self.push(
                    quoted.trim_end_matches('.'),
                    GoalKind::Minister,
                    Some(m.id),
                    section,
                    span,
                    page,
                );
                true
            }
            None => false,
        }
    }
}

fn strip_number(raw: &str) -> &str {
    match text::list_marker(raw) {
        Some(m) if m.ordered => raw[m.text_start..].trim(),
        _ => raw.trim(),
    }
}

/// A statement of commitment: a modal verb in the main clause of the first
/// sentence ("Antallet af ... skal falde", "AKBI vil afhjælpe"), not in a
/// subordinate clause ("Det forventes, at ... vil").
fn is_goal_statement(paragraph: &str, cue_text: &cues::Sentence) -> bool {
    if cue_text.matches(CueKind::GoalDeferred) {
        return true;
    }
    let first = first_sentence(paragraph);
    if first.ends_with(':') {
        return false;
    }
    let lower = lowercase(first);
    // The main clause: up to the first subordinator (", at" or " at").
    let mut head = lower.as_str();
    if let Some(end) = vocabulary::first_spaced(Role::Subordinator, head) {
        head = &head[..end];
    }
    head.split_whitespace()
        .take(14)
        .any(|w| vocabulary::is(Role::ModalVerb, w.trim_matches(',')))
}

/// A paragraph led by a goal label and a colon, stating a commitment
/// ("Mål: Mindst 1.200 ledige skal påbegynde ...", "**Succeskriterium:**
/// ..."): a goal in any section, as under a goal heading.
fn run_in_goal(paragraph: &str) -> bool {
    // (A label is a few words: the colon comes early, and most paragraphs
    // have none there.)
    let Some(colon) = memchr::memchr(b':', &paragraph.as_bytes()[..paragraph.len().min(48)]) else {
        return false;
    };
    let (label, rest) = (&paragraph[..colon], &paragraph[colon + 1..]);
    label.split_whitespace().nth(4).is_none()
        && !rest.trim().is_empty()
        && label
            .bytes()
            .find(|b| !b.is_ascii_whitespace() && *b != b'*')
            .is_some_and(|b| cues::may_start_with(CueKind::GoalLabel, b))
        && cues::matches(CueKind::GoalLabel, label)
        && is_goal_statement(rest, &cues::Sentence::new(rest))
}

/// Does `text` hold an ASCII digit? Read 64 bytes at a time, each block
/// without a branch a byte (a loop the compiler vectorises).
fn has_digit(text: &str) -> bool {
    text.as_bytes().chunks(64).any(|block| {
        block
            .iter()
            .fold(false, |seen, b| seen | b.is_ascii_digit())
    })
}

/// An item's text with its run-in name, if the text lacks it (borrowed
/// when it needs nothing added, as most do).
fn item_text(item: &ListItem) -> Cow<'_, str> {
    match &item.name {
        Some(name) if !item.text.starts_with(name.as_str()) => {
            Cow::Owned([name, ": ", &item.text].concat())
        }
        _ => Cow::Borrowed(&item.text),
    }
}

/// The goals a table states (CODEBOOK §3, "Målsætning rows of tables"),
/// with the row each is in (of `rows`; none for a header row): the first cell of every row when the first
/// column is headed by a goal label ("Målsætning", "Mål"), else the other
/// cells of each row led by a goal label ("Målsætning | Antallet af ...
/// skal falde").
fn table_goals(table: &Table) -> Vec<(String, Option<usize>)> {
    let first_header = table
        .header_rows
        .iter()
        .filter_map(|r| r.first())
        .map(|c| c.text.as_str())
        .find(|t| !t.is_empty());
    let is_label = |t: &str| cues::matches(CueKind::GoalLabel, t);
    let rows = table.rows.iter().enumerate();
    if first_header.is_some_and(is_label) {
        rows.filter_map(|(i, row)| {
            let text = row.first()?.text.trim();
            // A goal is worded: a figure or a word or two is a row label.
            (text.split_whitespace().nth(2).is_some()).then(|| (text.to_string(), Some(i)))
        })
        .collect()
    } else {
        // (A table without figures may take a led row for a header row.)
        let header_rows = table.header_rows.iter().map(|row| (None, row));
        header_rows
            .chain(rows.map(|(i, row)| (Some(i), row)))
            .filter(|(_, row)| row.first().is_some_and(|c| is_label(&c.text)))
            .map(|(i, row)| (after_label(row).join(" "), i))
            .filter(|(text, _)| !text.is_empty())
            .collect()
    }
}

/// The target of a goal in row `row` of a table, read from the row's cells
/// when its text states none: the value under a target column ("Mål
/// 2022"), the deadline that column's year, the baseline the row's last
/// actual figure ("Resultat 2021"), and the direction the two figures
/// (else the goal's words) give.
fn row_target(table: &Table, row: usize, text: &str) -> Option<Target> {
    let columns = target_tables::columns(table);
    let cells = table.rows.get(row)?;
    let figure = |kind: FigureKind| {
        columns
            .iter()
            .zip(cells)
            .skip(1)
            .filter(move |(c, cell)| c.kind == Some(kind) && cell.value.is_some())
    };
    let (target_column, target_cell) = figure(FigureKind::Target).next()?;
    let value = target_cell.value?;
    let time = |column: &target_tables::Column| {
        column.year.map(|year| TimeRef {
            text: column.label.clone(),
            year: Some(year),
            month: None,
            normalized: Some(year.to_string()),
        })
    };
    let baseline = figure(FigureKind::Actual)
        .next_back()
        .map(|(c, cell)| Baseline {
            text: format!("{}: {}", c.label, cell.text),
            value: cell.value,
            time: time(c),
        });
    let direction = match baseline.as_ref().and_then(|b| b.value) {
        Some(before) if value < before => Direction::AtMost,
        Some(before) if value > before => Direction::AtLeast,
        _ => match DIRECTIONS.first_match(text) {
            Some("decrease" | "level_down" | "at_most") => Direction::AtMost,
            Some("equal") => Direction::Equal,
            _ => Direction::AtLeast,
        },
    };
    Some(Target {
        value,
        values: vec![value],
        unit: if target_cell.unit.as_deref() == Some("percent") {
            TargetUnit::Percent
        } else {
            TargetUnit::Count
        },
        direction,
        baseline,
        deadline: time(target_column),
        subject: None,
    })
}

pub fn find_goals(sections: &[(&Section, Context)], tables: &[Table], years: &[i32]) -> Vec<Goal> {
    let mut c = Collector {
        matcher: GoalMatcher::new(years),
        goals: Vec::new(),
        seen: Vec::new(),
    };
    for &(section, ctx) in sections {
        // A heading may be one of the minister's goals (a chapter named
        // after it).
        c.minister(&section.title, section, section.span, section.page);
        let blocks = &section.content;
        let mut skip_next_list = false;
        // Whether the paragraph just before introduces goals, when it was
        // asked (a paragraph followed by a list is, unless it is a minister
        // goal): the list then need not ask again.
        let mut intro_asked: Option<bool> = None;
        for (k, block) in blocks.iter().enumerate() {
            let intro_before = intro_asked.take();
            match block {
                Block::Paragraph {
                    text: para,
                    span,
                    page,
                } => {
                    skip_next_list = false;
                    if c.minister(para, section, *span, *page) {
                        continue;
                    }
                    let cue_text = cues::Sentence::new(para);
                    let next_list = match blocks.get(k + 1) {
                        Some(Block::List { items, .. }) => Some(items),
                        _ => None,
                    };
                    if next_list.is_some() {
                        let intro = cue_text.matches(CueKind::GoalIntro);
                        intro_asked = Some(intro);
                        if intro {
                            continue; // the items below are the goals
                        }
                    }
                    if ctx == Context::Goals {
                        if para.trim_end().ends_with(':') {
                            if let Some(items) = next_list {
                                // "I 2015 vil jobcentret opsøge følgende virksomheder:" + items: one goal.
                                let mut joined = para.trim().to_string();
                                for it in items.iter().filter(|it| it.depth == 0) {
                                    joined.push('\n');
                                    joined.push_str(&item_text(it));
                                }
                                let end_line = match &blocks[k + 1] {
                                    Block::List {
                                        span: list_span, ..
                                    } => list_span.end,
                                    _ => span.end,
                                };
                                c.push(
                                    &joined,
                                    GoalKind::Local,
                                    None,
                                    section,
                                    Span::new(span.start, end_line),
                                    *page,
                                );
                                skip_next_list = true;
                            }
                        } else if is_goal_statement(para, &cue_text) {
                            c.push(para, GoalKind::Local, None, section, *span, *page);
                            // A list right after a goal statement elaborates it.
                            skip_next_list = next_list.is_some();
                        }
                    } else if run_in_goal(para) {
                        c.push(para, GoalKind::Local, None, section, *span, *page);
                    } else if cue_text.matches(CueKind::GoalSentence) {
                        let sentence = sentences(para)
                            .into_iter()
                            .find(|s| cues::matches(CueKind::GoalSentence, s))
                            .unwrap_or(para);
                        c.push(sentence, GoalKind::Local, None, section, *span, *page);
                    } else if has_digit(para) && cue_text.matches(CueKind::GoalAim) {
                        // An aim stated in passing is a goal when it names
                        // the figure to reach (so it has a digit: tested
                        // first, as most paragraphs that name an aim have
                        // none).
                        let aim = sentences(para).into_iter().find(|s| {
                            cues::matches(CueKind::GoalAim, s) && extract_target(s).is_some()
                        });
                        if let Some(sentence) = aim {
                            c.push(sentence, GoalKind::Local, None, section, *span, *page);
                        }
                    }
                }
                Block::List { items, .. } => {
                    let intro_goals = || {
                        k > 0
                            && matches!(&blocks[k - 1], Block::Paragraph { text, .. }
                                if intro_before.unwrap_or_else(|| cues::matches(CueKind::GoalIntro, text)))
                    };
                    let take_items = !skip_next_list && (ctx == Context::Goals || intro_goals());
                    skip_next_list = false;
                    for it in items {
                        let t = item_text(it);
                        if c.minister(&t, section, it.span, it.page) {
                            continue;
                        }
                        if take_items && it.depth == 0 {
                            c.push(&t, GoalKind::Local, None, section, it.span, it.page);
                        }
                    }
                }
                Block::Table {
                    table: id,
                    span,
                    page,
                } => {
                    skip_next_list = false;
                    let Some(table) = table_by_id(tables, id) else {
                        continue;
                    };
                    for (text, row) in table_goals(table) {
                        if c.minister(&text, section, *span, *page) {
                            continue;
                        }
                        let goal = c.push(&text, GoalKind::Local, None, section, *span, *page);
                        // Without a figure in its text, the row's cells say the target.
                        if let Some(goal) = goal.filter(|g| g.target.is_none()) {
                            goal.target = row.and_then(|row| row_target(table, row, &goal.text));
                        }
                    }
                }
            }
        }
    }
    c.goals
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_goal(paragraph: &str) -> bool {
        is_goal_statement(paragraph, &cues::Sentence::new(paragraph))
    }

    fn section(id: &str, title: &str, body: bool, children: Vec<Section>) -> Section {
        let content = if body {
            vec![Block::Paragraph {
                text: "Tekst.".into(),
                span: Span::new(0, 0),
                page: None,
            }]
        } else {
            Vec::new()
        };
        Section {
            id: id.into(),
            number: None,
            title: title.into(),
            level: 1,
            page: None,
            span: Span::new(0, 0),
            content,
            children,
        }
    }

    #[test]
    fn labels_lent_by_containers_only() {
        let sections = vec![
            // A pure container lends its label to all below it.
            section(
                "s1",
                "Øvrige mål",
                false,
                vec![section(
                    "s2",
                    "Sygedagpenge",
                    true,
                    vec![section("s3", "Ledige", true, vec![])],
                )],
            ),
            // A label with a body of its own covers only that body.
            section("s4", "Mål", true, vec![section("s5", "Unge", true, vec![])]),
            // A section's own label wins over what an ancestor lends.
            section(
                "s6",
                "Indsatser",
                false,
                vec![
                    section("s7", "Mål", true, vec![]),
                    section("s8", "Virksomheder", true, vec![]),
                ],
            ),
        ];
        let parsed = ParsedDocument {
            preamble: Vec::new(),
            sections,
            toc: Vec::new(),
            tables: Vec::new(),
            footnotes: Vec::new(),
            warnings: Vec::new(),
        };
        let got: Vec<(&str, Context)> = sections_in_context(&parsed)
            .into_iter()
            .map(|(s, c)| (s.id.as_str(), c))
            .collect();
        use Context::*;
        assert_eq!(
            got,
            [
                ("s1", Goals),
                ("s2", Goals),
                ("s3", Goals),
                ("s4", Goals),
                ("s5", Narrative),
                ("s6", Measures),
                ("s7", Goals),
                ("s8", Measures),
            ]
        );
    }

    /// [`label`] with the title prepared once answers as the three
    /// separate cue tests did, on every corpus line (headings and body
    /// alike) and on seeded random titles of label words.
    #[test]
    fn label_agrees_with_separate_cue_tests() {
        fn reference(title: &str) -> Option<Context> {
            if cues::matches(CueKind::GoalLabel, title) {
                Some(Context::Goals)
            } else if cues::matches(CueKind::MeasureLabel, title)
                || cues::matches(CueKind::MeasureHeadingWord, title)
            {
                Some(Context::Measures)
            } else {
                None
            }
        }
        let mut titles: Vec<String> = planex_testkit::corpus_texts()
            .iter()
            .flat_map(|t| {
                t.lines()
                    .map(|l| l.trim_start_matches('#').trim().to_string())
            })
            .collect();
        let pieces = [
            " ",
            "  ",
            ":",
            " :",
            "*",
            "**",
            "\u{00AD}",
            "Mål",
            "mål",
            "MÅL",
            "Målsætninger",
            "Indsatser",
            "indsats",
            "Tiltag",
            "Øvrige",
            "og",
            "for",
            "2021",
            "1.",
            "Sygedagpenge",
        ];
        let mut random = planex_testkit::RandomText::new(43);
        titles.extend((0..20_000).map(|_| random.pieces(&pieces, 6)));
        let mut counts = [0usize; 3];
        for title in &titles {
            let want = reference(title);
            assert_eq!(label(title), want, "{title:?}");
            counts[match want {
                Some(Context::Goals) => 0,
                Some(Context::Measures) => 1,
                _ => 2,
            }] += 1;
        }
        assert!(counts.iter().all(|&n| n > 100), "{counts:?}");
    }

    /// The goals kept from `candidates` (text, minister goal id) by the
    /// duplicate rule as written first: every pair compared, each text keyed
    /// and tokenised; minister goals the same by id, any other pair by key
    /// or a token F1 of 0.9.
    fn kept_by_rule(candidates: &[(String, Option<String>)]) -> Vec<(String, Option<String>)> {
        let mut kept: Vec<(String, Option<String>)> = Vec::new();
        for (text, id) in candidates {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let duplicate = kept.iter().any(|(k, k_id)| match (k_id, id) {
                (Some(a), Some(b)) => a == b,
                _ => {
                    normalize_for_match(k) == normalize_for_match(text)
                        || planex_normalise::token_f1(k, text) >= 0.9
                }
            });
            if !duplicate {
                kept.push((text.to_string(), id.clone()));
            }
        }
        kept
    }

    /// [`Collector::push`], which knows a minister goal taken before by
    /// its id before keying its text, keeps the goals the rule keeps, on
    /// seeded random sequences of corpus paragraphs, the minister's goals
    /// (by their own ids and others) and near copies of both.
    #[test]
    fn push_keeps_as_the_duplicate_rule() {
        let mut pool: Vec<(String, Option<String>)> = planex_testkit::corpus_texts()
            .iter()
            .flat_map(|t| {
                t.split("\n\n")
                    .filter(|p| p.len() < 400)
                    .map(|p| (p.to_string(), None))
                    .collect::<Vec<_>>()
            })
            .step_by(7)
            .collect();
        let ids: Vec<String> = (1..=6).map(|n| format!("2021-{n}")).collect();
        for (n, g) in planex_normalise::minister_goals_for_year(2021)
            .iter()
            .chain(planex_normalise::minister_goals_for_year(2015))
            .enumerate()
        {
            pool.push((g.canonical.to_string(), Some(g.id.clone())));
            pool.push((g.canonical.to_string(), Some(ids[n % ids.len()].clone())));
            pool.push((format!("  {}.", g.canonical), None));
            pool.push((g.canonical.to_uppercase(), Some(g.id.clone())));
        }
        let originals = pool.len();
        for k in 0..originals {
            let (text, id) = pool[k].clone();
            // One word more, and the words run together by an asterisk
            // (the same key, other tokens).
            pool.push((format!("{text} i 2021"), id.clone()));
            pool.push((text.replacen(' ', "*", 1), id));
        }
        let section = section("s1", "Mål", false, vec![]);
        let mut random = planex_testkit::RandomText::new(47);
        let (mut kept_total, mut dropped) = (0, 0);
        for _ in 0..1_500 {
            let candidates: Vec<(String, Option<String>)> = (0..random.below(14))
                .map(|_| pool[random.below(pool.len())].clone())
                .collect();
            let mut c = Collector {
                matcher: GoalMatcher::new(&[2021]),
                goals: Vec::new(),
                seen: Vec::new(),
            };
            for (text, id) in &candidates {
                let kind = if id.is_some() {
                    GoalKind::Minister
                } else {
                    GoalKind::Local
                };
                c.push(text, kind, id.clone(), &section, Span::new(0, 0), None);
            }
            let got: Vec<(String, Option<String>)> = c
                .goals
                .into_iter()
                .map(|g| (g.text, g.minister_goal))
                .collect();
            let want = kept_by_rule(&candidates);
            assert_eq!(got, want, "{candidates:?}");
            kept_total += want.len();
            dropped += candidates.len() - want.len();
        }
        assert!(
            kept_total > 3_000 && dropped > 500,
            "weak test: {kept_total} kept, {dropped} dropped"
        );
    }

    #[test]
    fn goal_statements() {
        assert!(is_goal("AKBI vil afhjælpe mangel på arbejdskraft"));
        assert!(is_goal(
            "Antallet af unge på offentlig forsørgelse under 30 år skal falde med mindst 4 %"
        ));
        assert!(is_goal(
            "Opstilling af mål afventer ny målemetode i jobindsats.dk."
        ));
        assert!(!is_goal(
            "Det forventes, at virksomhederne vil indgå positivt i et samarbejde."
        ));
        assert!(!is_goal(
            "Det er ikke et krav fra ministerens side, at der skal opstilles kvantitative mål."
        ));
        assert!(!is_goal(
            "Måltal for 2021 følger Budget 2021 og er opgjort i helårspersoner."
        ));
    }
}
