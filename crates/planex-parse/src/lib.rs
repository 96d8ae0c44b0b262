//! Danish section/table parser: text lines to headings, table of contents, paragraphs, lists, tables and footnotes
