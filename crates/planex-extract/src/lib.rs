//! Bytes to text lines with layout and provenance: text files in any common encoding, and PDFs through planex-pdf
