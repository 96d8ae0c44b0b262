//! Print the extracted lines of a PDF (for eyeballing and timing).
//! Usage: pdf2lines FILE.pdf [--meta]
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: pdf2lines FILE.pdf [--meta]");
    let meta = args.next().as_deref() == Some("--meta");
    let bytes = std::fs::read(&path).expect("read");
    let t = std::time::Instant::now();
    match planex_pdf::extract_pdf(&bytes) {
        Ok(doc) => {
            let el = t.elapsed();
            for l in &doc.lines {
                if meta {
                    println!(
                        "{:>3} {:>5.1} {} {:>5.1} | {}",
                        l.page.unwrap_or(0),
                        l.style.font_size.unwrap_or(0.0),
                        if l.style.bold { 'B' } else { ' ' },
                        l.style.indent,
                        l.text
                    );
                } else {
                    println!("{}", l.text);
                }
            }
            for w in &doc.warnings {
                eprintln!("warning {}: {}", w.code, w.message);
            }
            eprintln!(
                "{} pages, {} lines, {:?}",
                doc.pages.unwrap_or(0),
                doc.lines.len(),
                el
            );
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
