//! Time plain pdf_extract::extract_text_from_mem (baseline for speed comparison).
fn main() {
    let p = std::env::args().nth(1).expect("usage: baseline FILE.pdf");
    let b = std::fs::read(p).unwrap();
    let t = std::time::Instant::now();
    let s = pdf_extract::extract_text_from_mem(&b).unwrap();
    eprintln!("{} chars in {:?}", s.len(), t.elapsed());
}
