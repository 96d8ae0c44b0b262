//! Goals, targets, measures and target tables from a parsed plan, normalised for comparison
