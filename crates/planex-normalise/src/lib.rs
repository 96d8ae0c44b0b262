//! Danish numbers, dates, municipalities, benefit types and minister goals, driven by data tables
