//! The planex document model.
//!
//! Two families of types live here, shared by every stage of the pipeline:
//!
//! * [`ExtractedText`] / [`TextLine`]: what an extractor front end (text or
//!   PDF) hands to the parser: lines of text with layout cues and provenance.
//! * [`PlanDocument`] and everything below it: the JSON contract written by
//!   `planex extract`. `schemas/plan.schema.json` is generated from these types
//!   (see [`plan_schema`]) and a test checks that the committed file agrees.
//!
//! ```
//! use planex_model::{ExtractedText, SourceFormat, TextLine};
//! let doc = ExtractedText::from_plain_lines(SourceFormat::Text, ["Indledning", "", "Tekst."]);
//! assert_eq!(doc.lines.len(), 3);
//! assert_eq!(doc.lines[0].text, "Indledning");
//! assert!(doc.lines[1].is_blank());
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the JSON contract. Bump the minor for additive changes and the
/// major for anything a consumer could trip over.
pub const SCHEMA_VERSION: &str = "1.0.0";

// ---------------------------------------------------------------------------
// Extraction output (input to the parser)
// ---------------------------------------------------------------------------

/// Kind of file a plan came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    Text,
    Pdf,
}

/// Layout cues a front end could observe for one line. The PDF front end
/// fills the typography from glyph positions; text input has none, but may
/// mark headings (Markdown).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LineStyle {
    /// Font size in points (PDF only).
    pub font_size: Option<f32>,
    /// Every glyph of the line is set in a bold face (PDF only).
    pub bold: bool,
    /// Left edge relative to the text column, in points (PDF only).
    pub indent: f32,
    /// The source marks the line as a heading of this level (1 = top): a
    /// Markdown `## Title` (text only; the marks are not in the line's text).
    pub heading_mark: Option<u8>,
}

/// One line of extracted text. Its 1-based position in
/// [`ExtractedText::lines`] is the line number every [`Span`] refers to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TextLine {
    /// The text; table cells found by a front end are separated by `\t`.
    pub text: String,
    /// 1-based page the line was printed on (PDF, or text whose pages are
    /// marked with form feeds).
    pub page: Option<u32>,
    pub style: LineStyle,
}

impl TextLine {
    pub fn plain(text: impl Into<String>) -> Self {
        TextLine {
            text: text.into(),
            ..Default::default()
        }
    }
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// The output of an extractor front end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractedText {
    pub format: SourceFormat,
    /// Number of pages (PDF, or text whose pages are marked with form feeds).
    pub pages: Option<u32>,
    pub lines: Vec<TextLine>,
    /// Problems the front end noticed but recovered from.
    pub warnings: Vec<Warning>,
}

impl ExtractedText {
    pub fn from_plain_lines<I, S>(format: SourceFormat, lines: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ExtractedText {
            format,
            pages: None,
            lines: lines.into_iter().map(TextLine::plain).collect(),
            warnings: Vec::new(),
        }
    }
}

// ---------------------------------------------------------------------------
// The JSON contract
// ---------------------------------------------------------------------------

/// The id of the `n`th item of a kind: its letter and its number ("s12"
/// a section, "t3" a table, "g1" a goal, "m4" a measure). Written by
/// `itoa`: `format!` cost several times more, once an item.
pub fn item_id(letter: char, n: usize) -> String {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n);
    let mut id = String::with_capacity(letter.len_utf8() + digits.len());
    id.push(letter);
    id.push_str(digits);
    id
}

/// 1-based, inclusive range of lines of the extracted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn line(n: u32) -> Self {
        Span { start: n, end: n }
    }
    pub fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }
}

/// Something that went wrong but did not stop extraction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Warning {
    /// Stable machine-readable code, e.g. `toc_entry_without_heading`.
    pub code: String,
    pub message: String,
    pub span: Option<Span>,
}

/// The document written for one input plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "planex plan document")]
pub struct PlanDocument {
    pub schema_version: String,
    pub source: Source,
    pub municipality: Option<Municipality>,
    pub plan: PlanInfo,
    /// Content before the first heading (cover, title page).
    pub preamble: Vec<Block>,
    /// The section tree; every paragraph, list and table hangs under one section.
    pub sections: Vec<Section>,
    pub toc: Vec<TocEntry>,
    pub footnotes: Vec<Footnote>,
    pub goals: Vec<Goal>,
    pub measures: Vec<Measure>,
    pub tables: Vec<Table>,
    /// Every cell of every target table, in long format.
    pub target_figures: Vec<TargetFigure>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// The input path as given on the command line (or found below a directory).
    pub path: String,
    /// Hex SHA-256 of the input bytes.
    pub sha256: String,
    pub format: SourceFormat,
    /// Number of pages: of a PDF, or of a text file whose pages are marked
    /// with form feeds (`\f`, as pdftotext writes them); null for other text.
    pub pages: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Municipality {
    pub name: String,
    /// Official 3-digit kommunekode, e.g. "851".
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlanInfo {
    pub title: Option<String>,
    /// Every year the plan covers.
    pub years: Vec<i32>,
    /// The document calls itself a draft (UDKAST, Forslag til).
    pub draft: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Section {
    /// Stable id within the document, e.g. `s12`.
    pub id: String,
    /// Number as printed without trailing punctuation ("2.1", "Bilag 1"), or null.
    pub number: Option<String>,
    pub title: String,
    /// 1 for top-level sections.
    pub level: u8,
    pub page: Option<u32>,
    /// The heading line(s).
    pub span: Span,
    /// Paragraphs, lists and tables directly under this heading.
    pub content: Vec<Block>,
    pub children: Vec<Section>,
}

/// A unit of body text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        text: String,
        span: Span,
        page: Option<u32>,
    },
    List {
        items: Vec<ListItem>,
        span: Span,
        page: Option<u32>,
    },
    /// A table; its cells are in `tables[]` under this id.
    Table {
        table: String,
        span: Span,
        page: Option<u32>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ListItem {
    /// The marker as printed: "-", "•", "1.", "a)".
    pub marker: String,
    /// 0 for top-level items, 1 for items nested one level, ...
    pub depth: u8,
    /// Bold or italic lead name of the item, without emphasis markers.
    pub name: Option<String>,
    /// Item text without marker (and without the lead name's emphasis markers).
    pub text: String,
    pub span: Span,
    pub page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TocEntry {
    pub number: Option<String>,
    pub title: String,
    pub page: Option<u32>,
    pub level: u8,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Footnote {
    /// "¹", "2", "*)"
    pub marker: String,
    pub text: String,
    /// Lines in the body that carry this marker.
    pub referenced_at: Vec<u32>,
    pub span: Span,
    pub page: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GoalKind {
    Minister,
    Local,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Goal {
    pub id: String,
    /// The goal as printed, without list markers.
    pub text: String,
    pub kind: GoalKind,
    /// "YEAR-N" for minister goals, else null.
    pub minister_goal: Option<String>,
    /// Id of the enclosing section.
    pub section: Option<String>,
    pub target: Option<Target>,
    pub span: Span,
    pub page: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetUnit {
    Percent,
    Count,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Decrease,
    Increase,
    AtMost,
    AtLeast,
    Equal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Target {
    /// The first target number.
    pub value: f64,
    /// Every target number of the goal, in order.
    pub values: Vec<f64>,
    pub unit: TargetUnit,
    pub direction: Direction,
    pub baseline: Option<Baseline>,
    pub deadline: Option<TimeRef>,
    pub subject: Option<Subject>,
}

/// A point in time as printed, normalised where possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TimeRef {
    /// As printed: "ultimo 2014", "inden maj 2022".
    pub text: String,
    pub year: Option<i32>,
    pub month: Option<u8>,
    /// `year`, or `year-month` ("2022-05") when the month is known.
    pub normalized: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Baseline {
    /// As printed: "mod 2 borgere i 2019", "Niveauet i 2013 var 32 %".
    pub text: String,
    pub value: Option<f64>,
    pub time: Option<TimeRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Subject {
    /// Who or what is counted, as printed.
    pub text: String,
    /// Canonical benefit type id (CODEBOOK §6) where one applies.
    pub benefit_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Measure {
    pub id: String,
    /// The measure's name where the plan gives one (bold/italic lead, label).
    pub name: Option<String>,
    /// The item's first sentence, or the whole item when short.
    pub text: String,
    pub section: Option<String>,
    pub span: Span,
    pub page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Cell {
    /// As printed, trimmed, without emphasis markers; "" for an empty cell.
    pub text: String,
    /// The number in the cell, Danish separators resolved, scale applied.
    pub value: Option<f64>,
    /// `percent`, `count`, `dkk`, `dkk_thousand`, `dkk_million`, when a number is present.
    pub unit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    pub id: String,
    pub caption: Option<String>,
    pub section: Option<String>,
    pub header_rows: Vec<Vec<Cell>>,
    pub rows: Vec<Vec<Cell>>,
    /// Figures are targets, budgets or expected/actual levels (CODEBOOK §5).
    pub target_table: bool,
    /// The `Kilde:` line, without the label.
    pub source_note: Option<String>,
    pub span: Span,
    pub page: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    Target,
    Budget,
    Expected,
    Actual,
}

/// One cell of a target table in long format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TargetFigure {
    pub table: String,
    pub row_label: String,
    pub benefit_type: Option<String>,
    pub column_label: String,
    pub year: Option<i32>,
    pub figure_kind: FigureKind,
    pub value: f64,
    pub unit: Option<String>,
    pub span: Span,
    pub page: Option<u32>,
}

/// The JSON Schema (2020-12) of [`PlanDocument`], as published in `schemas/`.
pub fn plan_schema() -> serde_json::Value {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(PlanDocument)).expect("schema serialises");
    require_every_property(&mut schema);
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "$id".into(),
            serde_json::Value::String(format!(
                "https://planex.invalid/schemas/plan-{SCHEMA_VERSION}.schema.json"
            )),
        );
        obj.insert(
            "schema_version".into(),
            serde_json::Value::String(SCHEMA_VERSION.into()),
        );
    }
    schema
}

/// Every field is always written (absent values as `null`), so the schema lists
/// every property as required and allows no others: a consumer can rely on the
/// shape, and a type change cannot drift from the schema unnoticed.
fn require_every_property(node: &mut serde_json::Value) {
    match node {
        serde_json::Value::Object(obj) => {
            if let Some(serde_json::Value::Object(props)) = obj.get("properties") {
                let names: Vec<serde_json::Value> = props
                    .keys()
                    .map(|k| serde_json::Value::String(k.clone()))
                    .collect();
                obj.insert("required".into(), serde_json::Value::Array(names));
                obj.insert(
                    "additionalProperties".into(),
                    serde_json::Value::Bool(false),
                );
            }
            for v in obj.values_mut() {
                require_every_property(v);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(require_every_property),
        _ => {}
    }
}

/// [`plan_schema`] as pretty JSON text with a final newline: the exact bytes of
/// `schemas/plan.schema.json`.
pub fn plan_schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&plan_schema()).expect("schema serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`item_id`] writes what `format!` does, for small and large numbers
    /// and seeded random ones.
    #[test]
    fn item_id_as_format() {
        let mut random = planex_testkit::RandomText::new(71);
        let numbers = (0..2_000)
            .chain([9, 10, 99, 100, 999, 1000, 9_999, 10_000, 123_456_789])
            .chain([usize::MAX / 7, usize::MAX])
            .chain((0..2_000).map(|_| random.below(1 << 30) * random.below(1 << 20)));
        for n in numbers {
            for letter in ['s', 't', 'g', 'm', 'ø'] {
                assert_eq!(item_id(letter, n), format!("{letter}{n}"));
            }
        }
    }

    #[test]
    fn schema_is_2020_12_and_versioned() {
        let s = plan_schema();
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(s["schema_version"], SCHEMA_VERSION);
        let required = s["required"].as_array().unwrap();
        for name in [
            "source",
            "municipality",
            "plan",
            "sections",
            "toc",
            "goals",
            "measures",
            "tables",
            "warnings",
        ] {
            assert!(required.iter().any(|r| r == name), "{name} not required");
        }
    }

    #[test]
    fn committed_schema_matches_types() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../schemas/plan.schema.json"
        );
        let committed = std::fs::read_to_string(path).expect("schemas/plan.schema.json exists");
        assert_eq!(
            committed,
            plan_schema_text(),
            "schemas/plan.schema.json is out of date: run `cargo run -p planex-cli -- schema > schemas/plan.schema.json`"
        );
    }
}
