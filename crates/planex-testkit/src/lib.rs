//! Test support shared by the planex crates, used only as a
//! dev-dependency: the same seeded random text for every equivalence test
//! that compares a fast path with the definition it replaced, and the
//! texts of the bundled corpus, the real inputs those tests run besides
//! random ones.
//!
//! ```
//! use planex_testkit::{corpus_texts, RandomText};
//!
//! let mut random = RandomText::new(7);
//! let text = random.pieces(&["mål", " ", "2021", "%"], 12);
//! assert!(text.chars().count() <= 11 * 4);
//! // The same seed gives the same text on every run.
//! assert_eq!(RandomText::new(7).pieces(&["mål", " ", "2021", "%"], 12), text);
//! assert!(corpus_texts().iter().all(|t| !t.is_empty()));
//! ```

/// A linear congruential generator: every run tests the same strings.
pub struct RandomText(u64);

impl RandomText {
    pub fn new(seed: u64) -> RandomText {
        RandomText(seed)
    }

    /// A number below `n` (which must not be 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % n
    }

    /// Fewer than `max_pieces` pieces drawn from `pieces`, joined.
    pub fn pieces(&mut self, pieces: &[&str], max_pieces: usize) -> String {
        (0..self.below(max_pieces))
            .map(|_| pieces[self.below(pieces.len())])
            .collect()
    }

    /// A string of fewer than `max_len` chars drawn from `alphabet`.
    pub fn chars(&mut self, alphabet: &[char], max_len: usize) -> String {
        (0..self.below(max_len))
            .map(|_| alphabet[self.below(alphabet.len())])
            .collect()
    }

    /// `count` texts of [`RandomText::chars`] drawn from the chars of
    /// `alphabet`.
    pub fn char_texts(&mut self, alphabet: &str, count: usize, max_len: usize) -> Vec<String> {
        let alphabet: Vec<char> = alphabet.chars().collect();
        (0..count).map(|_| self.chars(&alphabet, max_len)).collect()
    }
}

/// The texts of the corpus plans (`corpus/text/*.txt`), in file-name order.
pub fn corpus_texts() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/text");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus/text")
        .map(|e| e.expect("corpus entry").path())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no corpus texts in {dir}");
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("corpus text"))
        .collect()
}

/// Every line of the corpus texts, and each run of `run` lines joined by a
/// space (a paragraph's worth): inputs for fast paths that see lines and
/// paragraphs alike.
pub fn corpus_lines_and_runs(run: usize) -> Vec<String> {
    let mut texts = Vec::new();
    for text in corpus_texts() {
        let lines: Vec<&str> = text.lines().collect();
        texts.extend(lines.iter().map(|l| l.to_string()));
        texts.extend(lines.chunks(run).map(|c| c.join(" ")));
    }
    texts
}
