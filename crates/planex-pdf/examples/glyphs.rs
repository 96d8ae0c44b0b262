fn main() {
    let a: Vec<String> = std::env::args().collect();
    let b = std::fs::read(&a[1]).unwrap();
    for g in planex_pdf::debug_glyphs(&b, a[2].parse().unwrap()) {
        println!(
            "{:7.2} {:7.2} w{:6.2} s{:5.2} {:?} st{} r{}",
            g.0, g.1, g.2, g.3, g.4, g.5, g.6
        );
    }
}
