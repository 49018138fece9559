//! Packs: the index's blobs (a shard's lists or positions, a text chunk:
//! what were files until format 8) written a few dozen to a file, so that
//! a site an office uploads has few index files (format 9). A browser reads
//! one blob with an HTTP range request; where does it start is known from
//! `meta.bin`, which holds each blob's size class ([`class_size`]): a
//! blob is padded to the size of its class, so one byte says where the
//! next one starts.
//!
//! What decides the packs ([`Layout`]) is the number of pages, shards and
//! text chunks, never the bytes: an edit that keeps them keeps every blob
//! in its pack, and rewrites only the packs of the blobs it changed.
//!
//! Left to others: the blobs' bytes ([`super::postings`], [`super::docs`]),
//! reading a blob back ([`super::format::Meta::locate`], the query engines).

use std::sync::Mutex;

/// The kinds of blob, in the order of the directory in `meta.bin`: lists,
/// positions, the grams' lists and positions, text chunks.
pub(crate) const DIRS: [&str; 5] = ["s", "p", "g", "q", "c"];
/// Index of the text chunks in [`DIRS`].
pub(crate) const TEXT: usize = 4;

/// Pages per pack of text chunks, and per pack of each kind of shard blob:
/// a site of `n` pages has at most `1 + ⌈n / 24⌉ + 4 ⌈n / 96⌉` index files
/// (838 at 10,000 pages). Text gets the smaller packs because a query reads
/// ten rows from ten places, and a server that ignores `Range` sends their
/// whole packs (about 75 KB each at 10,000 generated pages).
pub(crate) const PAGES_PER_TEXT_PACK: usize = 24;
pub(crate) const PAGES_PER_SHARD_PACK: usize = 96;

/// The size of blob class `c`: 0, then multiples of 16 growing by a
/// sixteenth (at least 16), so padding costs about 3% and one byte covers
/// blobs up to 792 MB. Integer steps, so that `search-core.js` computes
/// the same table.
pub(crate) fn class_size(c: u8) -> u64 {
    static TABLE: std::sync::OnceLock<[u64; 256]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0u64; 256];
        t[1] = 16;
        for c in 2..256 {
            let step = (t[c - 1] / 16).div_ceil(16) * 16;
            t[c] = t[c - 1] + step.max(16);
        }
        t
    })[c as usize]
}

/// The smallest class that holds `len` bytes (the largest for a blob past
/// 792 MB, which no site's shard reaches: it would then read cut short).
pub(crate) fn class_of(len: usize) -> u8 {
    let len = len as u64;
    let (mut lo, mut hi) = (0u8, 255u8);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if class_size(mid) >= len {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// `blob` padded to the size of its class, and the class. Each kind is
/// padded where its reader ignores it: gzip lists in the gzip header's
/// comment (FCOMMENT: spaces and a zero, which every inflater skips; bytes
/// after the gzip end are refused by some), positions with zero bytes (a
/// token of no bytes ends the reading), text chunks with UTF-16 spaces
/// (JSON allows whitespace after the value).
pub(crate) fn pad(dir: usize, mut blob: Vec<u8>) -> (u8, Vec<u8>) {
    let class = class_of(blob.len());
    let pad = (class_size(class) as usize).saturating_sub(blob.len());
    if pad == 0 {
        return (class, blob);
    }
    let gzip = blob.len() >= 10 && blob.starts_with(&[0x1f, 0x8b]) && blob[3] == 0;
    match DIRS[dir] {
        "s" | "g" if gzip => {
            blob[3] |= 0x10;
            let mut comment = vec![b' '; pad - 1];
            comment.push(0);
            blob.splice(10..10, comment);
        }
        "c" => blob.extend(std::iter::repeat_n([0x20, 0x00], pad / 2).flatten()),
        _ => blob.resize(blob.len() + pad, 0),
    }
    (class, blob)
}

/// Which blobs go to which pack: per kind of blob, how many there are and
/// how many consecutive ones share a pack.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Layout {
    pub(crate) counts: [u32; 5],
    pub(crate) per_pack: [u32; 5],
}

impl Layout {
    /// The packs of a site of `docs` pages, `shards` shards and `chunks`
    /// text chunks.
    pub(crate) fn new(docs: usize, shards: u32, chunks: usize) -> Layout {
        let s = shards;
        let counts = [s, s, s, s, chunks as u32];
        let mut per_pack = [0; 5];
        for (d, per) in per_pack.iter_mut().enumerate() {
            let pages = match d {
                TEXT => PAGES_PER_TEXT_PACK,
                _ => PAGES_PER_SHARD_PACK,
            };
            let packs = docs.div_ceil(pages).max(1) as u32;
            *per = counts[d].div_ceil(packs).max(1);
        }
        Layout { counts, per_pack }
    }

    /// The number of packs of kind `dir`.
    pub(crate) fn packs(&self, dir: usize) -> u32 {
        self.counts[dir].div_ceil(self.per_pack[dir].max(1))
    }

    /// The file of pack `k` of kind `dir`, relative to `search/`.
    pub(crate) fn pack_name(dir: usize, k: u32) -> String {
        format!("pack/{}{k}.bin", DIRS[dir])
    }

    /// Every pack's file name, kind by kind.
    pub(crate) fn names(&self) -> Vec<String> {
        (0..DIRS.len())
            .flat_map(|d| (0..self.packs(d)).map(move |k| Self::pack_name(d, k)))
            .collect()
    }

    /// Where blob `n` of kind `dir` is in the directory of classes.
    pub(crate) fn slot(&self, dir: usize, n: u32) -> usize {
        self.counts[..dir]
            .iter()
            .map(|&c| c as usize)
            .sum::<usize>()
            + n as usize
    }

    /// The blobs `first..end` of pack `k` of kind `dir`.
    pub(crate) fn blobs(&self, dir: usize, k: u32) -> std::ops::Range<u32> {
        let per = self.per_pack[dir].max(1);
        (k * per).min(self.counts[dir])..((k + 1) * per).min(self.counts[dir])
    }

    /// Blobs in the directory.
    pub(crate) fn total(&self) -> usize {
        self.counts.iter().map(|&c| c as usize).sum()
    }

    /// A blob's pack file, start and padded length, from the directory's
    /// classes (`None` when out of range).
    pub(crate) fn locate(&self, classes: &[u8], dir: usize, n: u32) -> Option<(String, u64, u64)> {
        if n >= self.counts[dir] || classes.len() != self.total() {
            return None;
        }
        let k = n / self.per_pack[dir].max(1);
        let first = self.blobs(dir, k).start;
        let size = |b: u32| class_size(classes[self.slot(dir, b)]);
        let start = (first..n).map(size).sum();
        Some((Self::pack_name(dir, k), start, size(n)))
    }
}

/// A blob's name as the engines and format 8 call it (`s/3.bin`): its kind
/// and number.
pub(crate) fn parse_blob(rel: &str) -> Option<(usize, u32)> {
    let (dir, file) = rel.split_once('/')?;
    let d = DIRS.iter().position(|&x| x == dir)?;
    Some((d, file.strip_suffix(".bin")?.parse().ok()?))
}

/// Gathers blobs as they are made (in any order, from any thread) and
/// gives each pack to `sink` once its last blob has come, so that a build
/// holds only the packs not yet complete.
pub(crate) struct Packer<'a, E> {
    layout: Layout,
    state: Mutex<PackerState>,
    sink: &'a (dyn Fn(String, Vec<u8>) -> Result<(), E> + Sync),
}

#[derive(Default)]
struct PackerState {
    classes: Vec<u8>,
    blobs: Vec<Option<Vec<u8>>>,
    /// Per kind and pack, the blobs still to come.
    missing: Vec<Vec<u32>>,
}

impl<'a, E> Packer<'a, E> {
    pub(crate) fn new(
        layout: Layout,
        sink: &'a (dyn Fn(String, Vec<u8>) -> Result<(), E> + Sync),
    ) -> Self {
        let missing = (0..DIRS.len())
            .map(|d| {
                (0..layout.packs(d))
                    .map(|k| layout.blobs(d, k).len() as u32)
                    .collect()
            })
            .collect();
        let state = PackerState {
            classes: vec![0; layout.total()],
            blobs: vec![None; layout.total()],
            missing,
        };
        Packer {
            layout,
            state: Mutex::new(state),
            sink,
        }
    }

    /// Takes blob `rel` (`s/3.bin`); a name that is no blob goes to the
    /// sink as it is.
    pub(crate) fn put(&self, rel: String, blob: Vec<u8>) -> Result<(), E> {
        let Some((dir, n)) = parse_blob(&rel).filter(|&(d, n)| n < self.layout.counts[d]) else {
            return (self.sink)(rel, blob);
        };
        let (class, blob) = pad(dir, blob);
        let slot = self.layout.slot(dir, n);
        let k = n / self.layout.per_pack[dir].max(1);
        let ready = {
            let Ok(mut state) = self.state.lock() else {
                return Ok(());
            };
            state.classes[slot] = class;
            if state.blobs[slot].replace(blob).is_none() {
                state.missing[dir][k as usize] -= 1;
            }
            match state.missing[dir][k as usize] {
                0 => Some(self.take(&mut state, dir, k)),
                _ => None,
            }
        };
        match ready {
            Some(bytes) => (self.sink)(Layout::pack_name(dir, k), bytes),
            None => Ok(()),
        }
    }

    fn take(&self, state: &mut PackerState, dir: usize, k: u32) -> Vec<u8> {
        let mut out = Vec::new();
        for n in self.layout.blobs(dir, k) {
            let slot = self.layout.slot(dir, n);
            out.extend(state.blobs[slot].take().unwrap_or_default());
        }
        out
    }

    /// The directory: every blob's class, in the order of [`Layout::slot`].
    pub(crate) fn classes(&self) -> Vec<u8> {
        self.state
            .lock()
            .map(|s| s.classes.clone())
            .unwrap_or_default()
    }
}

/// The packs holding the blobs `changed` (`(kind, number)`), made again
/// from `blob`, which gives any blob's unpadded bytes; `classes` is updated.
pub(crate) fn repack(
    layout: &Layout,
    classes: &mut [u8],
    changed: impl IntoIterator<Item = (usize, u32)>,
    blob: &(dyn Fn(usize, u32) -> Vec<u8> + Sync),
) -> Vec<(String, Vec<u8>)> {
    use rayon::prelude::*;
    let packs: std::collections::BTreeSet<(usize, u32)> = changed
        .into_iter()
        .map(|(d, n)| (d, n / layout.per_pack[d].max(1)))
        .collect();
    // Per pack: its kind, number, and blobs padded with their classes.
    type Made = (usize, u32, Vec<(u8, Vec<u8>)>);
    let made: Vec<Made> = packs
        .into_par_iter()
        .map(|(d, k)| {
            let blobs = layout.blobs(d, k).map(|n| pad(d, blob(d, n))).collect();
            (d, k, blobs)
        })
        .collect();
    made.into_iter()
        .map(|(d, k, blobs)| {
            let mut bytes = Vec::new();
            for (n, (class, b)) in layout.blobs(d, k).zip(blobs) {
                classes[layout.slot(d, n)] = class;
                bytes.extend(b);
            }
            (Layout::pack_name(d, k), bytes)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::codec::{gunzip, gzip};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn classes_grow_by_a_sixteenth_and_cover_any_shard() {
        assert_eq!((class_size(0), class_size(1), class_size(2)), (0, 16, 32));
        for c in 1..255u8 {
            let (a, b) = (class_size(c), class_size(c + 1));
            assert_eq!(b % 16, 0);
            assert!(b > a && (b - a) <= a / 16 + 16, "{c}: {a} → {b}");
        }
        assert!(class_size(255) > 700_000_000);
        for len in [0usize, 1, 16, 17, 1000, 65_536, 1 << 20] {
            let c = class_of(len);
            assert!(class_size(c) >= len as u64);
            assert!(c == 0 || class_size(c - 1) < len as u64, "{len}");
        }
    }

    #[test]
    fn a_site_of_n_pages_has_at_most_its_budget_of_packs() {
        for (docs, shards, chunks) in [
            (1, 1, 1),
            (400, 64, 400),
            (10_000, 1024, 9668),
            (50_000, 1024, 50_000),
        ] {
            let l = Layout::new(docs, shards, chunks);
            let packs = l.names().len();
            let budget =
                docs.div_ceil(PAGES_PER_TEXT_PACK) + 4 * docs.div_ceil(PAGES_PER_SHARD_PACK);
            assert!(packs <= budget, "{docs}: {packs} > {budget}");
            // Every blob in exactly one pack.
            for d in 0..DIRS.len() {
                let covered: u32 = (0..l.packs(d)).map(|k| l.blobs(d, k).len() as u32).sum();
                assert_eq!(covered, l.counts[d]);
            }
        }
        assert!(Layout::new(10_000, 1024, 9668).names().len() < 1000);
    }

    proptest! {
        /// Blobs of every kind, padded and packed, read back as they were
        /// from the ranges the directory gives, whatever their sizes.
        #[test]
        fn packed_ranges_round_trip(
            sizes in prop::collection::vec(0usize..3000, 1..60),
            docs in 1usize..500,
        ) {
            let shards = (sizes.len() / 5).max(1) as u32;
            let chunks = sizes.len();
            let layout = Layout::new(docs, shards, chunks);
            let text = |i: usize, len: usize| -> Vec<u8> {
                (0..len).map(|k| (k * 7 + i) as u8).collect()
            };
            let made = |d: usize, n: u32| -> Vec<u8> {
                let len = sizes[n as usize % sizes.len()];
                match DIRS[d] {
                    "s" | "g" => gzip(&text(n as usize, len), 2),
                    "c" => "[\"卫\"]".encode_utf16().flat_map(u16::to_le_bytes).chain(
                        std::iter::repeat_n([0x20u8, 0], len / 2).flatten()).collect(),
                    // Positions: tokens (length, bytes, body) never of length 0.
                    _ => [2u8, b'a', b'b', 1, 7].repeat(len % 5),
                }
            };
            let files = Mutex::new(std::collections::HashMap::new());
            let sink = |name: String, bytes: Vec<u8>| -> Result<(), ()> {
                files.lock().map_err(|_| ())?.insert(name, bytes);
                Ok(())
            };
            let packer = Packer::new(layout.clone(), &sink);
            // Out of order, as threads give them.
            for d in (0..DIRS.len()).rev() {
                for n in (0..layout.counts[d]).rev() {
                    packer.put(format!("{}/{n}.bin", DIRS[d]), made(d, n)).expect("put");
                }
            }
            let classes = packer.classes();
            let files = files.into_inner().expect("files");
            prop_assert_eq!(files.len(), layout.names().len());
            for (d, dir) in DIRS.iter().enumerate() {
                for n in 0..layout.counts[d] {
                    let (pack, start, len) = layout.locate(&classes, d, n).expect("locate");
                    let bytes = &files[&pack][start as usize..(start + len) as usize];
                    let want = made(d, n);
                    match *dir {
                        "s" | "g" => prop_assert_eq!(
                            gunzip(bytes).expect("gzip").into_owned(),
                            gunzip(&want).expect("gzip").into_owned()
                        ),
                        "c" => {
                            let json = super::super::docs::chunk_json(bytes).expect("utf-16");
                            prop_assert_eq!(json.trim_end(), "[\"卫\"]");
                        }
                        _ => {
                            prop_assert_eq!(&bytes[..want.len()], &want[..]);
                            prop_assert!(bytes[want.len()..].iter().all(|&b| b == 0));
                        }
                    }
                }
            }
            // Repacking everything gives the same packs and classes.
            let mut again = vec![0; layout.total()];
            let all = (0..DIRS.len()).flat_map(|d| (0..layout.counts[d]).map(move |n| (d, n)));
            for (name, bytes) in repack(&layout, &mut again, all, &made) {
                prop_assert_eq!(&files[&name], &bytes);
            }
            prop_assert_eq!(again, classes);
        }
    }

    #[test]
    fn a_padded_gzip_is_still_one_gzip_member() {
        for len in [0usize, 5, 100, 5000] {
            let plain: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let z = gzip(&plain, 2);
            let (class, padded) = pad(0, z.clone());
            assert_eq!(padded.len() as u64, class_size(class));
            assert_eq!(gunzip(&padded).expect("gunzip").as_ref(), plain.as_slice());
            let mut standard = Vec::new();
            std::io::Read::read_to_end(
                &mut flate2::read::GzDecoder::new(padded.as_slice()),
                &mut standard,
            )
            .expect("a standard reader");
            assert_eq!(standard, plain);
        }
    }
}
