//! Hand-written layouts the reference plans do not contain: one small
//! document per structural case of CODEBOOK §2, parsed through the public API.

use planex_model::{
    Block, Cell, ExtractedText, LineStyle, ListItem, Section, SourceFormat, Table, TextLine,
};
use planex_parse::{parse, ParsedDocument};

fn parse_text(lines: &[&str]) -> ParsedDocument {
    parse(&ExtractedText::from_plain_lines(
        SourceFormat::Text,
        lines.iter().copied(),
    ))
}

/// A PDF line: text with font size and boldness, as the PDF front end hands it over.
fn pdf_line(text: &str, size: f32, bold: bool) -> TextLine {
    TextLine {
        text: text.into(),
        page: Some(1),
        style: LineStyle {
            font_size: Some(size),
            bold,
            indent: 0.0,
            heading_mark: None,
        },
    }
}

fn parse_pdf(lines: Vec<TextLine>) -> ParsedDocument {
    parse(&ExtractedText {
        format: SourceFormat::Pdf,
        pages: Some(1),
        lines,
        warnings: Vec::new(),
    })
}

/// (level, number, title) of every section in reading order.
fn headings(d: &ParsedDocument) -> Vec<(u8, Option<String>, String)> {
    d.walk()
        .into_iter()
        .map(|(s, _)| (s.level, s.number.clone(), s.title.clone()))
        .collect()
}

fn titles_at(d: &ParsedDocument) -> Vec<(u8, &str)> {
    d.walk()
        .into_iter()
        .map(|(s, _)| (s.level, s.title.as_str()))
        .collect()
}

/// The title of every section in reading order.
fn titles(d: &ParsedDocument) -> Vec<&str> {
    titles_at(d).into_iter().map(|(_, t)| t).collect()
}

fn section<'a>(d: &'a ParsedDocument, title: &str) -> &'a Section {
    d.walk()
        .into_iter()
        .map(|(s, _)| s)
        .find(|s| s.title == title)
        .unwrap_or_else(|| panic!("no section {title:?} in {:?}", headings(d)))
}

/// Paragraph texts of the preamble and every section, in reading order.
fn paragraphs(d: &ParsedDocument) -> Vec<String> {
    let mut blocks: Vec<&Block> = d.preamble.iter().collect();
    for (s, _) in d.walk() {
        blocks.extend(s.content.iter());
    }
    blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Paragraph { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn list_items(d: &ParsedDocument) -> Vec<&ListItem> {
    let mut blocks: Vec<&Block> = d.preamble.iter().collect();
    for (s, _) in d.walk() {
        blocks.extend(s.content.iter());
    }
    blocks
        .into_iter()
        .flat_map(|b| match b {
            Block::List { items, .. } => items.iter().collect::<Vec<_>>(),
            _ => Vec::new(),
        })
        .collect()
}

fn texts(row: &[Cell]) -> Vec<&str> {
    row.iter().map(|c| c.text.as_str()).collect()
}

fn values(row: &[Cell]) -> Vec<Option<f64>> {
    row.iter().map(|c| c.value).collect()
}

fn table<'a>(d: &'a ParsedDocument, id: &str) -> &'a Table {
    d.tables
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no table {id}"))
}

const BODY: &str =
    "Jobcentret vil i det kommende år styrke samarbejdet med virksomhederne og a-kasserne.";

// 1. ALL CAPS -----------------------------------------------------------------

#[test]
fn all_caps_lines_are_headings_but_caps_sentences_and_acronyms_are_not() {
    let d = parse_text(&[
        "Beskæftigelsesplan 2021",
        "",
        "INDLEDNING",
        "",
        "Planen beskriver, hvordan jobcentret vil nå de politiske mål i det kommende år.",
        "",
        "BESKÆFTIGELSESINDSATSEN FOR UNGE",
        "",
        "Mange unge står uden uddannelse, og indsatsen skal derfor styrkes,",
        "DA ALLE UNGE SKAL HAVE EN UDDANNELSE",
        "som kan føre dem videre i job.",
        "",
        "AMU",
        "",
        "Kurserne giver ledige et kompetenceløft, som virksomhederne efterspørger.",
        "",
        "ALLE SKAL MED. DERFOR STYRKER VI INDSATSEN.",
        "",
        BODY,
    ]);
    assert_eq!(
        titles_at(&d),
        vec![(1, "INDLEDNING"), (1, "BESKÆFTIGELSESINDSATSEN FOR UNGE")]
    );
    let unge = section(&d, "BESKÆFTIGELSESINDSATSEN FOR UNGE");
    assert_eq!(unge.content.len(), 5, "{:?}", unge.content);
    let paras = paragraphs(&d);
    assert!(paras.contains(
        &"Mange unge står uden uddannelse, og indsatsen skal derfor styrkes, \
          DA ALLE UNGE SKAL HAVE EN UDDANNELSE som kan føre dem videre i job."
            .to_string()
    ));
    assert!(paras.contains(&"AMU".to_string()));
    assert!(paras.contains(&"ALLE SKAL MED. DERFOR STYRKER VI INDSATSEN.".to_string()));
    assert_eq!(d.preamble.len(), 1);
}

// 2. **bold** lines ---------------------------------------------------------

#[test]
fn bold_lines_are_headings_but_bold_leads_are_not() {
    let d = parse_text(&[
        "**Indledning**",
        "",
        BODY,
        "",
        "**Vi skal have flere i job.**",
        "",
        "**Voksenlærlinge.** Ledige kan uddanne sig som voksenlærlinge med løntilskud.",
        "",
        "**Indsatser for ledige**",
        "",
        "- **Jobrotation**: Virksomheder kan ansætte en ledig som vikar.",
        "- **Opkvalificering.** Korte kurser målrettet mangelområder.",
        "",
        "**Konkret drejer det sig om**",
        "",
        "- Mentorforløb",
    ]);
    assert_eq!(
        titles_at(&d),
        vec![(1, "Indledning"), (1, "Indsatser for ledige")]
    );
    let items = list_items(&d);
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].name.as_deref(), Some("Jobrotation"));
    assert_eq!(
        items[0].text,
        "Virksomheder kan ansætte en ledig som vikar."
    );
    assert_eq!(items[1].name.as_deref(), Some("Opkvalificering"));
    let paras = paragraphs(&d);
    assert!(paras.contains(&"Vi skal have flere i job.".to_string()));
    // Bold, but worded as the lead-in of the list under it.
    assert!(paras.contains(&"Konkret drejer det sig om".to_string()));
    assert!(paras
        .iter()
        .any(|p| p.starts_with("Voksenlærlinge. Ledige kan uddanne sig")));
}

// 3. Short title lines and what is not a heading -----------------------------

#[test]
fn short_title_lines_open_body_but_signatures_captions_and_sentences_do_not() {
    let d = parse_text(&[
        "Forord",
        "",
        "Beskæftigelsesplanen er kommunens politiske plan for indsatsen i det kommende år.",
        "",
        "Med venlig hilsen",
        "",
        "Anne Jensen",
        "",
        "Jobcenterchef",
        "",
        "Et stærkt arbejdsmarked",
        "",
        "Ledigheden er faldet, men virksomhederne mangler stadig arbejdskraft.",
        "",
        "Tabel 1: Ledige fordelt på ydelse",
        "",
        "Ydelse\t2020\t2021",
        "A-dagpenge\t758\t671",
        "",
        "Kilde: Jobindsats",
        "",
        "Figur 2. Udviklingen i ledigheden",
        "",
        "Ledigheden steg under nedlukningen og faldt igen i efteråret.",
        "",
        "Boks 1. Et styrket samarbejde",
        "",
        "Jobcentret samarbejder med a-kasserne om de nye ledige.",
        "",
        "Ledigheden er lav, men mange virksomheder oplever rekrutteringsudfordringer",
        "",
        "Derfor sætter vi ind over for de langtidsledige.",
        "",
        "Jobcentret vil i 2021 arbejde med følgende indsatser:",
        "",
        "- Flere i job",
        "- Færre på kanten",
        "",
        "Unge",
        "",
        "Flere unge skal have en uddannelse, og færre skal være på offentlig forsørgelse.",
        "",
        "Venlig hilsen",
        "",
        "Per Hansen",
        "",
        BODY,
    ]);
    assert_eq!(
        titles_at(&d),
        vec![(1, "Forord"), (1, "Et stærkt arbejdsmarked"), (1, "Unge")]
    );
    let forord = section(&d, "Forord");
    assert_eq!(forord.content.len(), 4, "signature stays in Forord");
    let paras = paragraphs(&d);
    for p in [
        "Med venlig hilsen",
        "Anne Jensen",
        "Jobcenterchef",
        "Venlig hilsen",
        "Per Hansen",
        "Figur 2. Udviklingen i ledigheden",
        "Boks 1. Et styrket samarbejde",
        "Ledigheden er lav, men mange virksomheder oplever rekrutteringsudfordringer",
        "Jobcentret vil i 2021 arbejde med følgende indsatser:",
    ] {
        assert!(paras.contains(&p.to_string()), "{p} is a paragraph");
    }
    let t = table(&d, "t1");
    assert_eq!(
        t.caption.as_deref(),
        Some("Tabel 1: Ledige fordelt på ydelse")
    );
    assert_eq!(t.source_note.as_deref(), Some("Jobindsats"));
    assert!(!paras
        .iter()
        .any(|p| p.starts_with("Tabel 1") || p.starts_with("Kilde")));
}

// 4. Caption after a table -----------------------------------------------------

#[test]
fn caption_and_source_after_a_table_belong_to_it() {
    let d = parse_text(&[
        "Ledighed",
        "",
        BODY,
        "",
        "Ydelse\t2020\t2021",
        "A-dagpenge\t758\t671",
        "Kontanthjælp\t1.020\t990",
        "Tabel 1: Helårspersoner fordelt på ydelse",
        "Kilde: Jobindsats.dk",
        "",
        "Ydelse\t2020\t2021",
        "Sygedagpenge\t512\t498",
        "",
        "Tabel 2: Sygedagpenge",
        "",
        "(Kilde: Egne tal)",
        "",
        "Tabel 3. Fleksjob",
        "",
        "Ydelse\t2020\t2021",
        "Fleksjob\t951\t1.021",
        "",
        BODY,
    ]);
    assert_eq!(d.tables.len(), 3);
    let t1 = table(&d, "t1");
    assert_eq!(
        t1.caption.as_deref(),
        Some("Tabel 1: Helårspersoner fordelt på ydelse")
    );
    assert_eq!(t1.source_note.as_deref(), Some("Jobindsats.dk"));
    assert_eq!((t1.span.start, t1.span.end), (5, 9));
    let t2 = table(&d, "t2");
    assert_eq!(t2.caption.as_deref(), Some("Tabel 2: Sygedagpenge"));
    assert_eq!(t2.source_note.as_deref(), Some("Egne tal"));
    // A caption followed by a table is that table's, even right after another table.
    let t3 = table(&d, "t3");
    assert_eq!(t3.caption.as_deref(), Some("Tabel 3. Fleksjob"));
    assert_eq!(texts(&t3.rows[0]), vec!["Fleksjob", "951", "1.021"]);
    assert_eq!(paragraphs(&d), vec![BODY.to_string(), BODY.to_string()]);
}

#[test]
fn captions_after_tables_throughout_stay_with_the_table_above() {
    let d = parse_text(&[
        "Ledighed",
        "",
        BODY,
        "",
        "Ydelse\t2020\t2021",
        "A-dagpenge\t758\t671",
        "",
        "Tabel 1: Dagpenge",
        "",
        "Ydelse\t2020\t2021",
        "Fleksjob\t951\t1.021",
        "",
        "Tabel 2: Fleksjob",
    ]);
    assert_eq!(
        table(&d, "t1").caption.as_deref(),
        Some("Tabel 1: Dagpenge")
    );
    assert_eq!(
        table(&d, "t2").caption.as_deref(),
        Some("Tabel 2: Fleksjob")
    );
}

// 5. Nested lists ---------------------------------------------------------------

#[test]
fn list_nesting_by_marker_change_and_by_indentation() {
    let d = parse_text(&[
        "Indsatser",
        "",
        "- Unge",
        "o Uddannelsesparate",
        "o Aktivitetsparate",
        "- Voksne",
        "",
        BODY,
        "",
        "• Virksomheder",
        "– Rekruttering",
        "– Fastholdelse",
        "• Borgere",
        "",
        BODY,
        "",
        "1. Unge",
        "a) under 25 år",
        "2. Voksne",
        "",
        BODY,
        "",
        "- Sygedagpenge",
        "    - Tidlig indsats",
        "        - Delvis raskmelding",
        "    - Fastholdelse",
        "- Fleksjob",
    ]);
    let items = list_items(&d);
    let got: Vec<(&str, u8)> = items.iter().map(|i| (i.text.as_str(), i.depth)).collect();
    assert_eq!(
        got,
        vec![
            ("Unge", 0),
            ("Uddannelsesparate", 1),
            ("Aktivitetsparate", 1),
            ("Voksne", 0),
            ("Virksomheder", 0),
            ("Rekruttering", 1),
            ("Fastholdelse", 1),
            ("Borgere", 0),
            ("Unge", 0),
            ("under 25 år", 1),
            ("Voksne", 0),
            ("Sygedagpenge", 0),
            ("Tidlig indsats", 1),
            ("Delvis raskmelding", 2),
            ("Fastholdelse", 1),
            ("Fleksjob", 0),
        ]
    );
    assert_eq!(items[1].marker, "o");
    assert_eq!(items[5].marker, "–");
}

// 6. Footnotes ----------------------------------------------------------------

#[test]
fn star_and_superscript_footnotes_link_to_their_markers() {
    let d = parse_text(&[
        "Måltal",
        "",
        "Målgruppe\tMåltal 2020\tEstimeret resultat 2020 *)\tMåltal 2021",
        "Kontanthjælp\t274\t312 *)\t279",
        "Fleksjob\t732\t758 **)\t739",
        "",
        "*) Estimatet bygger på budgetopfølgningen i september.",
        "**) Inklusive skånejob.",
        "",
        "Det estimerede resultat *) ligger over måltallet.",
        "",
        "Ledigheden faldt¹ i 2019, mens antallet af fleksjob steg².",
        "Langtidsledigheden er uændret³ og beskrives i bilaget.",
        "¹ Kilde: Jobindsats.",
        "² Opgjort som helårspersoner,",
        "der er omregnet til fuldtid.",
        "",
        "³ Uden sygedagpenge.",
        "",
        BODY,
    ]);
    let notes: Vec<(&str, &str, &[u32])> = d
        .footnotes
        .iter()
        .map(|f| {
            (
                f.marker.as_str(),
                f.text.as_str(),
                f.referenced_at.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        notes,
        vec![
            (
                "*)",
                "Estimatet bygger på budgetopfølgningen i september.",
                &[3, 4, 10][..]
            ),
            ("**)", "Inklusive skånejob.", &[5][..]),
            ("¹", "Kilde: Jobindsats.", &[12][..]),
            (
                "²",
                "Opgjort som helårspersoner, der er omregnet til fuldtid.",
                &[12][..]
            ),
            ("³", "Uden sygedagpenge.", &[13][..]),
        ]
    );
    let t = table(&d, "t1");
    assert_eq!(t.header_rows[0][2].text, "Estimeret resultat 2020 *)");
    assert_eq!(t.rows[0][2].value, Some(312.0));
    let paras = paragraphs(&d);
    assert_eq!(
        paras,
        vec![
            "Det estimerede resultat *) ligger over måltallet.".to_string(),
            "Ledigheden faldt¹ i 2019, mens antallet af fleksjob steg². \
             Langtidsledigheden er uændret³ og beskrives i bilaget."
                .to_string(),
            BODY.to_string()
        ]
    );
}

// 7. Totals, short rows, numbers ------------------------------------------------

#[test]
fn total_rows_short_rows_and_cell_numbers() {
    let d = parse_text(&[
        "Økonomi",
        "",
        BODY,
        "",
        "Ydelse\tUdgifter (kr.)\tAndel\tÆndring\tLedighed\tPersoner",
        "A-dagpenge\t1.388.248\t26%\t-15,9\t12,2\t4.165",
        "Unge under 30 år\t",
        "Uddannelseshjælp\t212.040\t4%\t-3,0\t19,0\t1.020",
        "Ressourceforløb\t98.112\t2%",
        "I alt\t1.698.400\t32%\t-12,1\t14,8\t5.185",
        "",
        BODY,
        "",
        "Ydelse\t2020\t2021",
        "Fleksjob\t951\t1.021",
        "Ledighedsydelse\t120\t98",
        "\t1.071\t1.119",
        "",
        BODY,
        "",
        "Målgruppe\t2020\t2021",
        "Unge under 30 år\t\t",
        "Uddannelseshjælp\t1.020\t990",
    ]);
    assert_eq!(d.tables.len(), 3);
    let t = table(&d, "t1");
    assert_eq!(t.header_rows.len(), 1);
    assert_eq!(t.rows.len(), 5, "{:?}", t.rows);
    assert_eq!(
        values(&t.rows[0]),
        vec![
            None,
            Some(1_388_248.0),
            Some(26.0),
            Some(-15.9),
            Some(12.2),
            Some(4165.0)
        ]
    );
    assert_eq!(t.rows[0][2].unit.as_deref(), Some("percent"));
    // A group label row: trailing empty cells are not kept.
    assert_eq!(texts(&t.rows[1]), vec!["Unge under 30 år"]);
    assert_eq!(t.rows[2][4].value, Some(19.0));
    assert_eq!(texts(&t.rows[3]), vec!["Ressourceforløb", "98.112", "2%"]);
    assert_eq!(texts(&t.rows[4])[0], "I alt");
    assert_eq!(t.rows[4][1].value, Some(1_698_400.0));
    let t2 = table(&d, "t2");
    assert_eq!(t2.rows.len(), 3);
    assert_eq!(texts(&t2.rows[2]), vec!["", "1.071", "1.119"]);
    assert_eq!(values(&t2.rows[2]), vec![None, Some(1071.0), Some(1119.0)]);
    // A group label right under the header opens the body.
    let t3 = table(&d, "t3");
    assert_eq!(t3.header_rows.len(), 1);
    assert_eq!(texts(&t3.rows[0]), vec!["Unge under 30 år"]);
    assert_eq!(t3.rows[1][1].value, Some(1020.0));
}

// 8. TOC without a title ------------------------------------------------------

#[test]
fn untitled_table_of_contents_and_entry_without_heading() {
    let d = parse_text(&[
        "Beskæftigelsesplan 2021",
        "",
        "Forord ..................... 3",
        "Ledighed ................... 4",
        "Virksomhederne ............. 6",
        "Opfølgning ................. 8",
        "Bilag ...................... 9",
        "",
        "Forord",
        "",
        BODY,
        "",
        "Ledighed",
        "",
        BODY,
        "",
        "Virksomhederne",
        "",
        BODY,
        "",
        "Bilag",
        "",
        BODY,
    ]);
    let toc: Vec<(&str, Option<u32>)> = d.toc.iter().map(|e| (e.title.as_str(), e.page)).collect();
    assert_eq!(
        toc,
        vec![
            ("Forord", Some(3)),
            ("Ledighed", Some(4)),
            ("Virksomhederne", Some(6)),
            ("Opfølgning", Some(8)),
            ("Bilag", Some(9))
        ]
    );
    assert_eq!(
        titles_at(&d),
        vec![
            (1, "Forord"),
            (1, "Ledighed"),
            (1, "Virksomhederne"),
            (1, "Bilag")
        ]
    );
    let w: Vec<_> = d
        .warnings
        .iter()
        .filter(|w| w.code == "toc_entry_without_heading")
        .collect();
    assert_eq!(w.len(), 1);
    assert!(w[0].message.contains("Opfølgning"));
    assert_eq!(w[0].span.map(|s| s.start), Some(6));
}

#[test]
fn a_two_column_table_near_the_start_is_not_a_toc() {
    let d = parse_text(&[
        "Nøgletal",
        "",
        "Ydelse\tPersoner",
        "A-dagpenge\t758",
        "Kontanthjælp\t274",
        "Sygedagpenge\t512",
        "Fleksjob\t95",
        "",
        BODY,
    ]);
    assert!(d.toc.is_empty());
    assert_eq!(d.tables.len(), 1);
    assert_eq!(table(&d, "t1").rows.len(), 4);
}

// 9. Consistent levels --------------------------------------------------------

#[test]
fn unnumbered_sub_heading_sits_below_its_numbered_section() {
    let d = parse_text(&[
        "1. Indledning",
        "",
        BODY,
        "",
        "Baggrund",
        "",
        BODY,
        "",
        "2. Mål og indsatser",
        "",
        "2.1 Unge",
        "",
        BODY,
        "",
        "Lokale initiativer",
        "",
        BODY,
        "",
        "2.2 Voksne",
        "",
        BODY,
    ]);
    assert_eq!(
        headings(&d),
        vec![
            (1, Some("1".into()), "Indledning".into()),
            (2, None, "Baggrund".into()),
            (1, Some("2".into()), "Mål og indsatser".into()),
            (2, Some("2.1".into()), "Unge".into()),
            (3, None, "Lokale initiativer".into()),
            (2, Some("2.2".into()), "Voksne".into()),
        ]
    );
}

#[test]
fn same_style_same_level_without_toc_or_numbering() {
    // ALL CAPS chapters, plain sub-headings: each style at one level
    // wherever it stands, also right after another heading.
    let d = parse_text(&[
        "Forord",
        "",
        BODY,
        "",
        "LEDIGHEDEN I KOMMUNEN",
        "",
        BODY,
        "",
        "Unge",
        "",
        BODY,
        "",
        "Voksne",
        "",
        "Langtidsledige",
        "",
        BODY,
        "",
        "VIRKSOMHEDERNE",
        "",
        "Virksomhedsservice",
        "",
        BODY,
    ]);
    assert_eq!(
        titles_at(&d),
        vec![
            (2, "Forord"),
            (1, "LEDIGHEDEN I KOMMUNEN"),
            (2, "Unge"),
            (2, "Voksne"),
            (2, "Langtidsledige"),
            (1, "VIRKSOMHEDERNE"),
            (2, "Virksomhedsservice"),
        ]
    );
    assert_eq!(d.sections.len(), 3);

    // One style throughout: all top level.
    let d = parse_text(&[
        "Forord",
        "",
        BODY,
        "",
        "Ledighed",
        "",
        BODY,
        "",
        "Virksomhederne",
        "",
        BODY,
    ]);
    assert_eq!(
        titles_at(&d),
        vec![(1, "Forord"), (1, "Ledighed"), (1, "Virksomhederne")]
    );
}

// 10. Typography ----------------------------------------------------------------

#[test]
fn pdf_typography_ranks_heading_styles_into_levels() {
    let body = |t: &str| pdf_line(t, 10.0, false);
    let d = parse_pdf(vec![
        pdf_line("Ledighed og beskæftigelse", 16.0, true),
        body(""),
        body(BODY),
        body(BODY),
        body(""),
        pdf_line("Unge under 30 år", 13.0, true),
        body(""),
        body(BODY),
        body(""),
        pdf_line("Uddannelsesparate", 10.0, true),
        body(""),
        body(BODY),
        body(""),
        pdf_line("Aktivitetsparate", 10.0, true),
        body(""),
        body(BODY),
        body(""),
        pdf_line("Voksne", 12.96, true),
        body(""),
        pdf_line("Langtidsledige", 10.0, true),
        body(""),
        body(BODY),
        body(""),
        pdf_line("Virksomhederne", 16.0, true),
        body(""),
        pdf_line("Virksomhedsservice", 10.0, true),
        body(""),
        body(BODY),
        body(""),
        pdf_line("Plain body-size line without bold", 10.0, false),
        body(""),
        body(BODY),
    ]);
    assert_eq!(
        titles_at(&d),
        vec![
            (1, "Ledighed og beskæftigelse"),
            (2, "Unge under 30 år"),
            (3, "Uddannelsesparate"),
            (3, "Aktivitetsparate"),
            (2, "Voksne"),
            (3, "Langtidsledige"),
            (1, "Virksomhederne"),
            (3, "Virksomhedsservice"),
        ]
    );
    assert_eq!(d.sections.len(), 2);
    assert_eq!(d.sections[0].children.len(), 2);
}

#[test]
fn a_heading_over_a_narrow_column_paragraph_without_full_stop() {
    // Two-column page: body lines are about half as long as on a full page,
    // and the paragraph under "Mål for 2015" ends without a full stop.
    let d = parse_text(&[
        "Indledning",
        "",
        "Jobcentret har i 2014 arbejdet med en række",
        "indsatser for ledige borgere og virksomheder i",
        "hele kommunen, og de fleste er videreført i 2015.",
        "",
        "Mål for 2015",
        "",
        "Antallet af unge under 30 år på offentlig",
        "forsørgelse skal falde med mindst 4 % fra",
        "2014 til 2015",
        "",
        "Med venlig hilsen",
        "",
        "Hanne Hansen",
        "Jobcenterchef",
    ]);
    assert_eq!(titles_at(&d), vec![(1, "Indledning"), (2, "Mål for 2015")]);
    assert!(matches!(
        section(&d, "Mål for 2015").content.first(),
        Some(Block::Paragraph { text, .. }) if text.starts_with("Antallet af unge") && text.ends_with("2014 til 2015")
    ));
}

// Text exports without blank lines between blocks ---------------------------

/// A paragraph a line and no blank lines (as Word's plain-text export
/// writes a plan): titles, paragraphs and a list stay apart, and the text
/// after a list is no part of its last item.
#[test]
fn paragraphs_a_line_without_blank_lines() {
    let long = "Jobcentret vil i det kommende år styrke samarbejdet med virksomhederne og a-kasserne, så flere ledige kommer i job, og så virksomhederne får den arbejdskraft, de har brug for i en tid med mangel på arbejdskraft.";
    let d = parse_text(&[
        "Indledning",
        long,
        "Ledigheden er faldet i de seneste år, og der er mangel på arbejdskraft i flere brancher, især i byggeriet og i plejesektoren, hvor mange går på pension.",
        "Redskaber i indsatsen",
        "Vi vil blandt andet bruge disse redskaber:",
        "- Virksomhedspraktik",
        "- Løntilskud",
        "Redskaberne bruges sammen med en tæt opfølgning på hver enkelt borgers forløb, så indsatsen hele tiden passer til borgerens situation og behov.",
    ]);
    assert_eq!(
        titles_at(&d),
        vec![(1, "Indledning"), (1, "Redskaber i indsatsen")]
    );
    assert_eq!(section(&d, "Indledning").content.len(), 2);
    let items = list_items(&d);
    assert_eq!(items.len(), 2);
    assert_eq!(items[1].text, "Løntilskud");
    assert!(paragraphs(&d)
        .iter()
        .any(|p| p.starts_with("Redskaberne bruges sammen")));
}

/// Hard-wrapped text keeps its paragraphs whole, and a line that starts in
/// lower case carries on the line before it.
#[test]
fn wrapped_paragraphs_stay_whole() {
    let d = parse_text(&[
        "Indledning",
        "",
        "Jobcentret vil i det kommende år styrke samarbejdet med",
        "virksomhederne og a-kasserne, så flere ledige kommer i job, og",
        "så virksomhederne får den arbejdskraft, de har brug for.",
        "",
        "Mål",
        "",
        BODY,
    ]);
    assert_eq!(
        section(&d, "Indledning").content.len(),
        1,
        "{:?}",
        paragraphs(&d)
    );
    assert!(paragraphs(&d)[0].ends_with("de har brug for."));
}

/// A long title wrapped over two lines in hard-wrapped text is a heading
/// when the table of contents lists it; two lines the TOC does not list
/// stay a paragraph.
#[test]
fn wrapped_title_listed_in_the_toc() {
    let d = parse_text(&[
        "Indhold",
        "",
        "1.1 Indledning\t2",
        "1.2 Langvarige modtagere af offentlig forsørgelse skal have en tværfaglig og sammenhængende indsats\t3",
        "",
        "1.1 Indledning",
        "",
        BODY,
        "",
        "1.2 Langvarige modtagere af offentlig forsørgelse skal have en",
        "tværfaglig og sammenhængende indsats",
        "",
        BODY,
        "",
        "Flere ledige skal i job, og flere virksomheder skal",
        "have hjælp til at rekruttere",
        "",
        BODY,
    ]);
    assert_eq!(
        titles_at(&d),
        vec![
            (2, "Indledning"),
            (
                2,
                "Langvarige modtagere af offentlig forsørgelse skal have en tværfaglig og sammenhængende indsats"
            )
        ]
    );
    assert!(paragraphs(&d)
        .iter()
        .any(|p| p.starts_with("Flere ledige skal i job")));
}

// A TOC of two levels over a body numbered to three ------------------------------

#[test]
fn toc_of_two_levels_leaves_deeper_numbered_headings() {
    let d = parse_text(&[
        "Indhold",
        "",
        "1. Indledning\t2",
        "2. Indsatser\t3",
        "2.1 Unge\t3",
        "2.2 Voksne\t4",
        "",
        "1. Indledning",
        "",
        BODY,
        "",
        "1. Flere skal i job",
        "",
        BODY,
        "",
        "2. Indsatser",
        "",
        BODY,
        "",
        "2.1 Unge",
        "",
        BODY,
        "",
        "2.1.1 Unge under 25 år",
        "",
        BODY,
        "",
        "2.2 Voksne",
        "",
        BODY,
        "",
        "2.3 Seniorer",
        "",
        BODY,
        "",
        "2.3.1 Ledige over 60 år",
        "",
        BODY,
    ]);
    // The TOC lists depth 1 and 2: an unlisted "1." (a numbered goal) and
    // "2.3" are no headings, nor "2.3.1", whose "2.3" the TOC does not
    // list; "2.1.1", below the TOC's depth under a listed "2.1", is one.
    assert_eq!(
        headings(&d),
        vec![
            (1, Some("1".into()), "Indledning".into()),
            (1, Some("2".into()), "Indsatser".into()),
            (2, Some("2.1".into()), "Unge".into()),
            (3, Some("2.1.1".into()), "Unge under 25 år".into()),
            (2, Some("2.2".into()), "Voksne".into()),
        ]
    );
}

// A TOC without page numbers ------------------------------------------------------

#[test]
fn toc_without_page_numbers_confirmed_by_the_body() {
    let d = parse_text(&[
        "Indholdsfortegnelse",
        "",
        "Indledning",
        "Mål for 2021",
        "Kvalitative mål",
        "Indsatser",
        "",
        "Indledning",
        "",
        BODY,
        "",
        "Mål for 2021",
        "",
        BODY,
        "",
        "Kvalitative mål",
        "",
        BODY,
        "",
        "Indsatser",
        "",
        BODY,
    ]);
    let toc: Vec<(&str, Option<u32>)> = d.toc.iter().map(|e| (e.title.as_str(), e.page)).collect();
    assert_eq!(
        toc,
        vec![
            ("Indledning", None),
            ("Mål for 2021", None),
            ("Kvalitative mål", None),
            ("Indsatser", None),
        ]
    );
    // Each heading once: the TOC's lines are not headings of their own.
    assert_eq!(
        titles(&d),
        vec!["Indledning", "Mål for 2021", "Kvalitative mål", "Indsatser"]
    );
}

#[test]
fn short_lines_after_a_toc_title_not_printed_again_are_no_toc() {
    let d = parse_text(&[
        "Indhold",
        "",
        "Ledige",
        "Sygemeldte",
        "Virksomheder",
        "",
        "Indledning",
        "",
        BODY,
    ]);
    assert!(d.toc.is_empty(), "{:?}", d.toc);
}

// Headings the source marks (Markdown) -------------------------------------------

/// Text lines, where `(level, text)` with a level is a line the source marks
/// as a heading of that level.
fn parse_marked(lines: &[(Option<u8>, &str)]) -> ParsedDocument {
    parse(&ExtractedText {
        format: SourceFormat::Text,
        pages: None,
        lines: lines
            .iter()
            .map(|&(mark, text)| TextLine {
                text: text.into(),
                page: None,
                style: LineStyle {
                    heading_mark: mark,
                    ..LineStyle::default()
                },
            })
            .collect(),
        warnings: Vec::new(),
    })
}

#[test]
fn marked_headings_take_their_marked_levels() {
    let d = parse_marked(&[
        (Some(1), "Indsatser"),
        (None, BODY),
        (Some(2), "Unge"),
        // Followed by a heading, not by body text: marked, so still one.
        (Some(3), "Unge under 25 år"),
        (Some(3), "Unge over 25 år"),
        (None, BODY),
        (Some(2), "Voksne"),
        (None, "Ledige over 50 år skal have hjælp til at finde job"),
        (None, BODY),
    ]);
    assert_eq!(
        titles_at(&d),
        vec![
            (1, "Indsatser"),
            (2, "Unge"),
            (3, "Unge under 25 år"),
            (3, "Unge over 25 år"),
            (2, "Voksne"),
        ]
    );
}

#[test]
fn marks_all_of_one_level_leave_levels_to_numbering() {
    // Some converters mark every heading "##": the numbering says the level.
    let d = parse_marked(&[
        (Some(2), "1. Indsatser"),
        (None, BODY),
        (Some(2), "1.1 Unge"),
        (None, BODY),
        (Some(2), "Mål for 2021"),
        (None, BODY),
    ]);
    assert_eq!(
        headings(&d),
        vec![
            (1, Some("1".into()), "Indsatser".into()),
            (2, Some("1.1".into()), "Unge".into()),
            (3, None, "Mål for 2021".into()),
        ]
    );
}

// A TOC over two pages, with furniture the front end could not tell -------------

#[test]
fn toc_over_a_page_break_with_a_running_header_between_its_entries() {
    let paged = |page: u32, text: &str| TextLine {
        text: text.into(),
        page: Some(page),
        style: LineStyle::default(),
    };
    let d = parse(&ExtractedText {
        format: SourceFormat::Text,
        pages: Some(2),
        lines: vec![
            paged(1, "Indhold"),
            paged(1, ""),
            paged(1, "Indledning\t3"),
            paged(1, "Unge\t4"),
            paged(1, ""),
            paged(1, "Side 1 af 12"),
            paged(2, "Beskæftigelsesplan 2021 – Jobcenteret"),
            paged(2, ""),
            paged(2, "Voksne\t5"),
            paged(2, "Virksomheder\t6"),
            paged(2, ""),
            paged(2, "Indledning"),
            paged(2, ""),
            paged(2, BODY),
            paged(2, ""),
            paged(2, "Unge"),
            paged(2, ""),
            paged(2, BODY),
            paged(2, ""),
            paged(2, "Voksne"),
            paged(2, ""),
            paged(2, BODY),
            paged(2, ""),
            paged(2, "Virksomheder"),
            paged(2, ""),
            paged(2, BODY),
        ],
        warnings: Vec::new(),
    });
    let toc: Vec<(&str, Option<u32>)> = d.toc.iter().map(|e| (e.title.as_str(), e.page)).collect();
    assert_eq!(
        toc,
        vec![
            ("Indledning", Some(3)),
            ("Unge", Some(4)),
            ("Voksne", Some(5)),
            ("Virksomheder", Some(6)),
        ]
    );
    // The entries after the header are no table, and the header no heading.
    assert!(d.tables.is_empty(), "{:?}", d.tables);
    assert_eq!(
        titles(&d),
        vec!["Indledning", "Unge", "Voksne", "Virksomheder"]
    );
}

// Numbered lines that quote a minister goal -------------------------------------

#[test]
fn chapters_named_after_minister_goals_and_numbered_lists_of_the_goals() {
    // Chapter numbering that goes on through the goals' titles: headings.
    let chapters = parse_text(&[
        "1. Indledning",
        "",
        BODY,
        "",
        "2. Flere ledige skal opkvalificeres",
        "",
        BODY,
        "",
        "3. Flere flygtninge og familiesammenførte skal være selvforsørgende",
        "",
        BODY,
        "",
        "4. Virksomhedsservice",
        "",
        BODY,
    ]);
    assert_eq!(
        titles_at(&chapters),
        vec![
            (1, "Indledning"),
            (1, "Flere ledige skal opkvalificeres"),
            (
                1,
                "Flere flygtninge og familiesammenførte skal være selvforsørgende"
            ),
            (1, "Virksomhedsservice"),
        ]
    );
    // Numbering that starts anew under a chapter: a list of the goals.
    let list = parse_text(&[
        "1. Ministerens mål",
        "",
        BODY,
        "",
        "1. Flere ledige skal opkvalificeres",
        "",
        BODY,
        "",
        "2. Flere flygtninge og familiesammenførte skal være selvforsørgende",
        "",
        BODY,
        "",
        "2. Lokale udfordringer",
        "",
        BODY,
    ]);
    assert_eq!(
        titles_at(&list),
        vec![(1, "Ministerens mål"), (1, "Lokale udfordringer")]
    );
}
