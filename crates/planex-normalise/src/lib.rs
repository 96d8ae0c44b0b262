//! Danish numbers, dates, municipalities, benefit types and minister goals,
//! driven by data tables.
//!
//! `planex-normalise` turns the small recurring pieces of Danish municipal
//! employment plans (*beskæftigelsesplaner*) into canonical values:
//!
//! * [`number`]: Danish numbers (`1.388.248`, `12,2`), quantities with units
//!   (`262 mio. kr.`, `35 pct.`) and numbers in running text;
//! * [`date`]: time references (`ultimo 2014`, `1. kv. 2020`, `med udgangen af 2021`);
//! * [`municipality`]: the 98 municipalities with their kommunekode, lookup
//!   and detection of a plan's own municipality;
//! * [`benefit`]: benefit types (*ydelsestyper*) with canonical ids;
//! * [`minister`]: the minister's annual goals and fuzzy matching to them;
//! * [`text`]: normalisation and token utilities.
//!
//! All vocabulary lives in TSV files under `data/`, embedded at compile time
//! and parsed once; adding a line to a table adds an entry. The crate does not
//! depend on any other planex crate.
//!
//! ```
//! use planex_normalise::{benefit_type, parse_danish_number};
//!
//! assert_eq!(parse_danish_number("1.388.248"), Some(1_388_248.0));
//! assert_eq!(parse_danish_number("12,2"), Some(12.2));
//!
//! let b = benefit_type("Ressourceforløb over 30").unwrap();
//! assert_eq!(b.id, "ressourceforloeb");
//! assert_eq!(b.note.as_deref(), Some("over 30"));
//! assert_eq!(benefit_type("Ressource- og jobafklaringsforløb").unwrap().id,
//!            "ressource_og_jobafklaringsforloeb");
//! ```

pub mod benefit;
pub mod date;
mod lowercase;
pub mod minister;
pub mod municipality;
pub mod number;
mod re;
pub mod text;
pub mod tsv;

pub use benefit::{benefit_type, find_benefit_type, BenefitMatch};
pub use date::{
    find_time_refs, parse_time_ref, PeriodPosition, TimeMatch, TimeRelation, TimeValue,
};
pub use lowercase::{lowercase, lowercase_keeping_offsets};
pub use minister::{
    match_minister_goal, minister_goals_for_year, GoalMatcher, MinisterGoal, MinisterMatch,
};
pub use municipality::{
    detect_municipality, lookup_municipality, municipalities, MunicipalityEntry,
};
pub use number::{
    find_numbers, parse_danish_number, parse_quantity, parse_unit, NumberMatch, Quantity,
    QuantityUnit,
};
/// Regex building blocks shared with the parser and semantics crates.
pub use re::{class_contains, compile_nfa, fold_negated};
pub use text::{normalize_for_match, token_f1, tokens, TokenBag};
