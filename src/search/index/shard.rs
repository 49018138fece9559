//! Which shard a token goes to: FNV-1a of its UTF-8 bytes modulo the shard
//! count, a power of two from the site's size. The browser computes the
//! same (`search-core.js`), so this must not change without [`super::VERSION`].
//!
//! Left to others: what a token is ([`super::analyze`]) and what a shard
//! holds ([`super::postings`]).

/// Target characters of the site per shard: a query reads a shard file per
/// list, about 8 KB for real text at this size (a real vocabulary gives
/// about two bytes of lists per character; 20,000 gave 32 KB files, a third
/// of a two-character query's bytes). At most [`MAX_SHARDS`]: four files
/// each (lists, positions, and the grams' two), which is where file count
/// wins over bytes until the index is packed into fewer files.
pub(super) const CHARS_PER_SHARD: usize = 5_000;
pub(super) const MAX_SHARDS: usize = 1024;

/// FNV-1a (32 bits) of the token's UTF-8 bytes, modulo the shard count.
pub fn shard_of(token_text: &str, shards: u32) -> u32 {
    shard_of_bytes(token_text.as_bytes(), shards)
}

pub(super) const FNV_START: u32 = 0x811c_9dc5;

/// FNV-1a (32 bits) of `bytes`, continuing from `hash`.
pub(super) fn fnv1a(hash: u32, bytes: &[u8]) -> u32 {
    bytes.iter().fold(hash, |h, &byte| {
        (h ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// FNV-1a of the UTF-8 bytes of `chars`, without writing them out.
pub(super) fn fnv_chars(chars: impl Iterator<Item = char>) -> u32 {
    chars.fold(FNV_START, fnv_char)
}

/// FNV-1a of the UTF-8 bytes of `c`, continuing from `hash`.
pub(super) fn fnv_char(hash: u32, c: char) -> u32 {
    fnv1a(hash, c.encode_utf8(&mut [0; 4]).as_bytes())
}

pub(super) fn shard_of_bytes(bytes: &[u8], shards: u32) -> u32 {
    bucket(fnv1a(FNV_START, bytes), shards)
}

/// `hash % shards`: a mask instead of a division per token when the count
/// is a power of two, as [`shard_count`] makes it.
pub(super) fn bucket(hash: u32, shards: u32) -> u32 {
    if shards.is_power_of_two() {
        hash & (shards - 1)
    } else {
        hash % shards.max(1)
    }
}

/// A power of two from the number of characters, so that growing the site
/// doubles it (each shard splits in two) and it is known before tokenizing.
pub fn shard_count(total_chars: usize) -> u32 {
    let wanted = total_chars.div_ceil(CHARS_PER_SHARD).clamp(1, MAX_SHARDS);
    wanted.next_power_of_two() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_of_chars_is_fnv_of_their_utf8() {
        for text in ["a", "é", "卫生院", "𠀀", "aé卫𠀀", ""] {
            assert_eq!(
                fnv_chars(text.chars()),
                fnv1a(FNV_START, text.as_bytes()),
                "{text}"
            );
        }
    }

    #[test]
    fn shard_of_is_fnv1a_and_stable() {
        // FNV-1a of "a" is 0xe40c292c (the browser computes the same).
        assert_eq!(shard_of("a", 1000), 0xe40c292c % 1000);
        assert_eq!(
            shard_of("a", 1024),
            0xe40c292c % 1024,
            "the mask is the modulo"
        );
        assert_eq!(shard_of("a", 0), 0);
        assert_eq!(shard_of("卫生", 64), shard_of("卫生", 64));
        assert!(shard_of("卫生", 64) < 64);
        // Doubling the shard count splits a shard in two: n stays n or becomes n + old.
        let (small, big) = (shard_of("医保", 32), shard_of("医保", 64));
        assert!(big == small || big == small + 32);
    }

    #[test]
    fn shard_count_grows_with_the_corpus() {
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(CHARS_PER_SHARD), 1);
        assert_eq!(shard_count(CHARS_PER_SHARD * 3), 4);
        assert_eq!(shard_count(usize::MAX / 2), MAX_SHARDS as u32);
    }
}
