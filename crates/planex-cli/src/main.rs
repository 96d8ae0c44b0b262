fn main() { print!("{}", planex_model::plan_schema_text()); }
