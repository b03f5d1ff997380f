//! Random texts and edits for the property tests (test builds only).

use super::edit::ByteEdit;

/// A small deterministic generator (SplitMix64): no dependency, reproducible failures.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Few distinct pieces, so that texts repeat themselves (the hard case for a diff).
    pub(crate) fn text(&mut self, max_pieces: usize) -> String {
        const PIECES: &[&str] = &[
            "a", "b", "ab", " ", "\n", "\r\n", "\r", "é", "😀", "中", "e\u{301}",
        ];
        (0..self.below(max_pieces + 1))
            .map(|_| PIECES[self.below(PIECES.len())])
            .collect()
    }

    /// Up to three sorted, non-overlapping edits of `text`, each over at most two
    /// characters, on character boundaries.
    pub(crate) fn edits(&mut self, text: &str) -> Vec<ByteEdit> {
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&b| text.is_char_boundary(b))
            .collect();
        let mut starts: Vec<usize> = (0..self.below(4))
            .map(|_| self.below(boundaries.len()))
            .collect();
        starts.sort_unstable();
        let mut free = 0;
        let mut edits = Vec::new();
        for start in starts {
            let start = start.max(free);
            free = (start + self.below(3)).min(boundaries.len() - 1);
            edits.push(ByteEdit::new(
                boundaries[start]..boundaries[free],
                self.text(3),
            ));
        }
        edits
    }
}
