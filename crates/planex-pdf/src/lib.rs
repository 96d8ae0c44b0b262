//! Layout-aware PDF front end: glyph positions from pdf-extract to lines, columns, tables and page furniture
