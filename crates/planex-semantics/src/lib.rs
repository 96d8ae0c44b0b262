//! Goals, targets, measures and target tables from a parsed plan.
//!
//! The last stage of the pipeline: it reads the document tree made by
//! `planex-parse` and finds what researchers compare across plans: the
//! municipality and plan years, the minister's goals and the local goals with
//! their quantified targets, the measures, and which tables hold target
//! figures (with every cell of those also in long format). All vocabulary
//! comes from data tables (`data/` here, in `planex-parse` and in
//! `planex-normalise`).
//!
//! ```
//! use planex_model::{ExtractedText, SourceFormat, Source};
//! let lines = ["Beskæftigelsesplan 2021 for Jobcenter Aalborg", "", "Mål for 2021", "",
//!     "Antallet af langtidsledige skal falde med mindst 5 % fra ultimo 2020 til ultimo 2021."];
//! let text = ExtractedText::from_plain_lines(SourceFormat::Text, lines);
//! let parsed = planex_parse::parse(&text);
//! let source = Source { path: "x.txt".into(), sha256: String::new(), format: SourceFormat::Text, pages: None };
//! let doc = planex_semantics::analyse(&text, parsed, source);
//! assert_eq!(doc.municipality.unwrap().code, "851");
//! assert_eq!(doc.plan.years, vec![2021]);
//! let target = doc.goals[0].target.as_ref().unwrap();
//! assert_eq!((target.value, target.direction), (5.0, planex_model::Direction::Decrease));
//! ```

mod cues;
mod facts;
mod goals;
mod measures;
mod table_cells;
mod target_tables;
mod targets;
mod vocabulary;

use planex_model::{ExtractedText, PlanDocument, Source, SCHEMA_VERSION};
use planex_parse::ParsedDocument;

pub use targets::extract_target;

/// Turn a parsed plan into the final document.
pub fn analyse(
    extracted: &ExtractedText,
    mut parsed: ParsedDocument,
    source: Source,
) -> PlanDocument {
    let facts = facts::document_facts(extracted, &parsed);
    let sections = goals::sections_in_context(&parsed);
    let goals = goals::find_goals(&sections, &parsed.tables, &facts.plan.years);
    let measures = measures::find_measures(&sections, &parsed.tables);
    let target_figures = target_tables::mark_and_flatten(&mut parsed.tables);
    PlanDocument {
        schema_version: SCHEMA_VERSION.to_string(),
        source,
        municipality: facts.municipality,
        plan: facts.plan,
        preamble: parsed.preamble,
        sections: parsed.sections,
        toc: parsed.toc,
        footnotes: parsed.footnotes,
        goals,
        measures,
        tables: parsed.tables,
        target_figures,
        warnings: parsed.warnings,
    }
}
