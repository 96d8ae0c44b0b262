//! Hand-written plan pieces the reference plans do not contain, each a
//! layout or wording other plans use, through the public API (parse, then
//! analyse).

use planex_model::{
    Direction, ExtractedText, GoalKind, PlanDocument, Source, SourceFormat, TargetUnit,
};

fn analyse(lines: &[&str]) -> PlanDocument {
    let extracted = ExtractedText::from_plain_lines(SourceFormat::Text, lines.iter().copied());
    let parsed = planex_parse::parse(&extracted);
    let source = Source {
        path: String::new(),
        sha256: String::new(),
        format: SourceFormat::Text,
        pages: None,
    };
    planex_semantics::analyse(&extracted, parsed, source)
}

/// A target's value, unit and direction.
type Reading = (f64, TargetUnit, Direction);

/// A target figure's row label, benefit type, column label, year and value.
type FigureCells<'a> = (&'a str, Option<&'a str>, &'a str, Option<i32>, f64);

/// Each goal's text, and what its target reads, if it has one.
fn readings(d: &PlanDocument) -> Vec<(&str, Option<Reading>)> {
    d.goals
        .iter()
        .map(|g| {
            (
                g.text.as_str(),
                g.target.as_ref().map(|t| (t.value, t.unit, t.direction)),
            )
        })
        .collect()
}

const BODY: &str =
    "Jobcentret vil i det kommende år styrke samarbejdet med virksomhederne og a-kasserne.";

#[test]
fn a_goal_led_by_a_goal_label_in_any_section() {
    let d = analyse(&[
        "Beskæftigelsesplan 2022 – Jobcenter Aarhus",
        "",
        "1. Indledning",
        "",
        BODY,
        "",
        "2. Opkvalificering",
        "",
        "Mål: Mindst 1.200 ledige skal påbegynde et opkvalificeringsforløb i 2022.",
        "",
        "Formålet: at give ledige de kompetencer, virksomhederne efterspørger.",
        "",
        "**Succeskriterium:** 300 ledige skal have gennemført et forløb i 2022.",
        "",
        BODY,
    ]);
    let goals: Vec<(&str, GoalKind)> = d.goals.iter().map(|g| (g.text.as_str(), g.kind)).collect();
    assert_eq!(
        goals,
        vec![
            (
                "Mål: Mindst 1.200 ledige skal påbegynde et opkvalificeringsforløb i 2022.",
                GoalKind::Local
            ),
            (
                "Succeskriterium: 300 ledige skal have gennemført et forløb i 2022.",
                GoalKind::Local
            ),
        ]
    );
    let target = d.goals[0].target.as_ref().unwrap();
    assert_eq!(
        (target.value, target.unit, target.direction),
        (1200.0, TargetUnit::Count, Direction::AtLeast)
    );
}

#[test]
fn measures_named_by_their_headings_and_actions_a_jobcenter_will_take() {
    let d = analyse(&[
        "Beskæftigelsesplan 2022 – Jobcenter Aarhus",
        "",
        "1. Virksomhedsservice",
        "",
        "For at nå målet vil Jobcenter Aarhus:",
        "- etablere et fælles virksomhedsteam med nabokommunerne",
        "- tilbyde rekrutteringsmøder hver måned",
        "",
        "Indsats 1: Virksomhedsmentorer",
        "",
        "Jobcentret ansætter fire virksomhedsmentorer, der støtter nyansatte. De starter i marts.",
        "",
        "Initiativ – Jobmesser",
        "",
        "To jobmesser om året samler ledige og virksomheder.",
        "",
        "2. Sygedagpenge",
        "",
        "Det mener vi:",
        "- sygemeldte skal mødes med respekt",
    ]);
    let measures: Vec<(Option<&str>, &str)> = d
        .measures
        .iter()
        .map(|m| (m.name.as_deref(), m.text.as_str()))
        .collect();
    assert_eq!(
        measures,
        vec![
            (
                None,
                "etablere et fælles virksomhedsteam med nabokommunerne"
            ),
            (None, "tilbyde rekrutteringsmøder hver måned"),
            (
                Some("Virksomhedsmentorer"),
                "Jobcentret ansætter fire virksomhedsmentorer, der støtter nyansatte."
            ),
            (
                Some("Jobmesser"),
                "To jobmesser om året samler ledige og virksomheder."
            ),
        ]
    );
}

#[test]
fn a_level_moved_from_a_baseline_to_a_target() {
    let d = analyse(&[
        "Beskæftigelsesplan 2022 – Jobcenter Odense",
        "",
        "Mål for 2022",
        "",
        "Antallet af borgere på kontanthjælp skal falde fra 2.400 i 2021 til 2.200 i 2022.",
    ]);
    let target = d.goals[0].target.as_ref().unwrap();
    assert_eq!(
        (target.value, target.unit, target.direction),
        (2200.0, TargetUnit::Count, Direction::AtMost)
    );
    assert_eq!(target.baseline.as_ref().unwrap().value, Some(2400.0));
    assert_eq!(target.deadline.as_ref().unwrap().year, Some(2022));
}

#[test]
fn minister_goals_after_a_label_and_local_goals_labelled_in_the_singular() {
    let d = analyse(&[
        "Beskæftigelsesplan 2021",
        "Kolding Kommune",
        "",
        "Ministermål 1: Alle ledige skal have en værdig sagsbehandling",
        "",
        "Borgerne skal mødes med respekt og tillid i jobcentret.",
        "",
        "Lokalt mål: Mindst 85 pct. af borgerne skal være tilfredse med jobcentrets service ultimo 2021.",
        "",
        "Mål 2: 400 ledige skal have påbegyndt et uddannelsesforløb med udgangen af 2021.",
    ]);
    let goals: Vec<(&str, GoalKind, Option<&str>)> = d
        .goals
        .iter()
        .map(|g| (g.text.as_str(), g.kind, g.minister_goal.as_deref()))
        .collect();
    assert_eq!(
        goals,
        vec![
            (
                "Alle ledige skal have en værdig sagsbehandling",
                GoalKind::Minister,
                Some("2021-1")
            ),
            (
                "Lokalt mål: Mindst 85 pct. af borgerne skal være tilfredse med jobcentrets service ultimo 2021.",
                GoalKind::Local,
                None
            ),
            (
                "Mål 2: 400 ledige skal have påbegyndt et uddannelsesforløb med udgangen af 2021.",
                GoalKind::Local,
                None
            ),
        ]
    );
}

#[test]
fn goals_in_the_rows_of_a_table() {
    let d = analyse(&[
        "Beskæftigelsesplan 2022 – Jobcenter Vejle",
        "",
        "Mål og resultater",
        "",
        "Målsætning\tResultat 2021\tMål 2022",
        "Andelen af unge i uddannelse skal stige\t45 %\t50 %",
        "Færre borgere skal være på sygedagpenge\t2.140\t2.000",
        "",
        "Indsatsområde\tBeskrivelse",
        "Målsætning\tAlle nyledige skal have en samtale inden for to uger",
        "Indsats\tTidlige samtaler i jobcentret",
    ]);
    let goals = readings(&d);
    assert_eq!(
        goals,
        vec![
            (
                "Andelen af unge i uddannelse skal stige",
                Some((50.0, TargetUnit::Percent, Direction::AtLeast))
            ),
            (
                "Færre borgere skal være på sygedagpenge",
                Some((2000.0, TargetUnit::Count, Direction::AtMost))
            ),
            ("Alle nyledige skal have en samtale inden for to uger", None),
        ]
    );
    let first = d.goals[0].target.as_ref().unwrap();
    assert_eq!(first.baseline.as_ref().unwrap().value, Some(45.0));
    assert_eq!(first.deadline.as_ref().unwrap().year, Some(2022));
}

#[test]
fn a_target_table_set_the_other_way_round() {
    let d = analyse(&[
        "Beskæftigelsesplan 2022 – Jobcenter Vejle",
        "",
        "Måltal for 2022",
        "",
        "År\tKontanthjælp\tSygedagpenge",
        "Resultat 2020\t1.250\t980",
        "Mål 2022\t1.150\t900",
    ]);
    assert!(d.tables[0].target_table);
    let figures: Vec<FigureCells> = d
        .target_figures
        .iter()
        .map(|f| {
            (
                f.row_label.as_str(),
                f.benefit_type.as_deref(),
                f.column_label.as_str(),
                f.year,
                f.value,
            )
        })
        .collect();
    assert_eq!(
        figures,
        vec![
            (
                "Kontanthjælp",
                Some("kontanthjaelp"),
                "Resultat 2020",
                Some(2020),
                1250.0
            ),
            (
                "Sygedagpenge",
                Some("sygedagpenge"),
                "Resultat 2020",
                Some(2020),
                980.0
            ),
            (
                "Kontanthjælp",
                Some("kontanthjaelp"),
                "Mål 2022",
                Some(2022),
                1150.0
            ),
            (
                "Sygedagpenge",
                Some("sygedagpenge"),
                "Mål 2022",
                Some(2022),
                900.0
            ),
        ]
    );
}

#[test]
fn aims_stated_in_running_text_are_goals_when_they_name_a_figure() {
    let d = analyse(&[
        "Beskæftigelsesplan 2022 – Esbjerg Kommune",
        "",
        "Unge",
        "",
        "Jobcentret har styrket ungeindsatsen. Målet er, at 80 pct. af de unge under 25 år skal være i uddannelse eller job i 2022.",
        "",
        "Vores mål er at nedbringe antallet af unge på uddannelseshjælp med 10 pct. i løbet af 2022.",
        "",
        "Esbjerg Kommune har som mål, at 250 flygtninge skal i job i 2022.",
        "",
        "Målet er at bidrage til, at erhvervslivet får den arbejdskraft, det har brug for.",
        "",
        "Vi forventer, at antallet af sygemeldte stiger med 5 pct. i 2022.",
    ]);
    let goals = readings(&d);
    assert_eq!(
        goals,
        vec![
            (
                "Målet er, at 80 pct. af de unge under 25 år skal være i uddannelse eller job i 2022.",
                Some((80.0, TargetUnit::Percent, Direction::AtLeast))
            ),
            (
                "Vores mål er at nedbringe antallet af unge på uddannelseshjælp med 10 pct. i løbet af 2022.",
                Some((10.0, TargetUnit::Percent, Direction::Decrease))
            ),
            (
                "Esbjerg Kommune har som mål, at 250 flygtninge skal i job i 2022.",
                Some((250.0, TargetUnit::Count, Direction::AtLeast))
            ),
        ]
    );
}

#[test]
fn measures_listed_in_a_table() {
    let d = analyse(&[
        "Beskæftigelsesplan 2023 – Viborg Kommune",
        "",
        "Indsatser",
        "",
        "Indsats\tMålgruppe\tTidsplan",
        "Jobrotation\tForsikrede ledige\tHele året",
        "Brobygning til uddannelse\tUnge under 30 år\t1. halvår",
        "Mentorordning\tSygemeldte\tLøbende",
    ]);
    let table = &d.tables[0];
    // Words alone: the first row is the header, the rest the body.
    assert_eq!((table.header_rows.len(), table.rows.len()), (1, 3));
    let measures: Vec<(Option<&str>, &str)> = d
        .measures
        .iter()
        .map(|m| (m.name.as_deref(), m.text.as_str()))
        .collect();
    assert_eq!(
        measures,
        vec![
            (Some("Jobrotation"), "Forsikrede ledige; Hele året"),
            (
                Some("Brobygning til uddannelse"),
                "Unge under 30 år; 1. halvår"
            ),
            (Some("Mentorordning"), "Sygemeldte; Løbende"),
        ]
    );
}

#[test]
fn a_chapter_named_after_a_minister_goal_states_it() {
    let d = analyse(&[
        "Beskæftigelsesplan 2022 – Jobcenter Aarhus",
        "",
        "1. Indledning",
        "",
        BODY,
        "",
        "2. Flere ledige skal opkvalificeres",
        "",
        "Mål: Mindst 1.200 ledige skal påbegynde et opkvalificeringsforløb i 2022.",
        "",
        "3. Virksomhedsservice",
        "",
        BODY,
    ]);
    let goals: Vec<(GoalKind, Option<&str>, &str)> = d
        .goals
        .iter()
        .map(|g| {
            (
                g.kind,
                g.minister_goal.as_deref(),
                g.section.as_deref().unwrap_or(""),
            )
        })
        .collect();
    let chapter = &d.sections[1];
    assert_eq!(chapter.title, "Flere ledige skal opkvalificeres");
    assert_eq!(
        goals,
        vec![
            (GoalKind::Minister, Some("2022-2"), chapter.id.as_str()),
            (GoalKind::Local, None, chapter.id.as_str()),
        ]
    );
}
