//! Deterministic pseudo-random strings for the equivalence tests that
//! compare a fast path with the definition it replaced: a linear
//! congruential generator, so every run tests the same strings.

pub(crate) struct RandomText(u64);

impl RandomText {
    pub(crate) fn new(seed: u64) -> RandomText {
        RandomText(seed)
    }

    /// A number below `n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % n
    }

    /// Fewer than `max_pieces` pieces drawn from `pieces`, joined.
    pub(crate) fn string(&mut self, pieces: &[&str], max_pieces: usize) -> String {
        (0..self.below(max_pieces))
            .map(|_| pieces[self.below(pieces.len())])
            .collect()
    }
}

/// The texts of the corpus plans (`corpus/text/*.txt`), in file-name order:
/// the real inputs the equivalence tests run besides random ones.
pub(crate) fn corpus_texts() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/text");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus/text")
        .map(|e| e.expect("corpus entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("corpus text"))
        .collect()
}
