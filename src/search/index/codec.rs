//! The bytes of the index files: LEB128 varints, the reader of lists and
//! positions, and gzip (made with a reused deflate state, read back with
//! `flate2`).

use super::format::{OTHER, TITLE, UNIT};
use flate2::{read::GzDecoder, Compress, Compression, Crc, FlushCompress, Status};
use std::borrow::Cow;
use std::cell::RefCell;
use std::io::Read;

/// A malformed index file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt(pub String);

pub(crate) fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// The bytes [`put_varint`] writes for `n`.
pub(super) fn varint_len(n: u64) -> usize {
    (64 - n.leading_zeros() as usize).div_ceil(7).max(1)
}

/// Reads the varints and byte strings of the index files.
pub(crate) struct Reader<'a> {
    pub(crate) bytes: &'a [u8],
    pub at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    pub fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    pub(crate) fn varint(&mut self) -> Result<u64, Corrupt> {
        let mut n: u64 = 0;
        let mut shift = 0;
        loop {
            let byte = *self
                .bytes
                .get(self.at)
                .ok_or_else(|| Corrupt("truncated varint".into()))?;
            self.at += 1;
            n |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(n);
            }
            shift += 7;
            if shift > 63 {
                return Err(Corrupt("varint too long".into()));
            }
        }
    }

    pub(crate) fn u32(&mut self) -> Result<u32, Corrupt> {
        u32::try_from(self.varint()?).map_err(|_| Corrupt("number too large".into()))
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Corrupt> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| Corrupt("truncated".into()))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    /// A varint byte length, then that many bytes.
    pub(crate) fn block(&mut self) -> Result<&'a [u8], Corrupt> {
        let n = self.varint()?;
        self.take(usize::try_from(n).map_err(|_| Corrupt("length".into()))?)
    }

    /// One document of a list: (id delta, [title, unit, other] counts).
    pub(crate) fn list_entry(&mut self) -> Result<(u32, [u32; 3]), Corrupt> {
        let delta = self.u32()?;
        let head = self.varint()?;
        let mut counts = [0; 3];
        counts[OTHER] = u32::try_from(head >> 2).map_err(|_| Corrupt("count".into()))?;
        if head & 2 != 0 {
            counts[TITLE] = self.u32()?;
        }
        if head & 1 != 0 {
            counts[UNIT] = self.u32()?;
        }
        Ok((delta, counts))
    }
}

/// gzip, with no name and no time in the header: the same bytes give the
/// same file, which the incremental update relies on.
///
/// One deflate state per thread and level, reset for each file: a new one
/// zeroes its tables, which was 40% of the cost of gzipping thousands of
/// small files (callgrind).
pub fn gzip(bytes: &[u8], level: u32) -> Vec<u8> {
    thread_local! {
        static DEFLATE: RefCell<Vec<(u32, Compress)>> = const { RefCell::new(Vec::new()) };
    }
    // Magic, deflate, no flags, no time, no extra flags, unknown system.
    const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    out.extend_from_slice(&HEADER);
    DEFLATE.with(|states| {
        let mut states = states.borrow_mut();
        let i = match states.iter().position(|(l, _)| *l == level) {
            Some(i) => i,
            None => {
                states.push((level, Compress::new(Compression::new(level), false)));
                states.len() - 1
            }
        };
        let deflate = &mut states[i].1;
        deflate.reset();
        loop {
            let read = usize::try_from(deflate.total_in()).unwrap_or(bytes.len());
            let rest = bytes.get(read..).unwrap_or_default();
            out.reserve(rest.len() / 2 + 64);
            // Into a Vec with room: only a full buffer (more room) can stop it.
            match deflate.compress_vec(rest, &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) | Err(_) => break,
                Ok(_) => {}
            }
        }
    });
    let mut crc = Crc::new();
    crc.update(bytes);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    // ISIZE is the length modulo 2^32, as the format says.
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out
}

/// The content of an index file: gunzipped when it is gzip (a server may
/// have undone the gzip already, as the browser's fetch then does).
pub fn gunzip(bytes: &[u8]) -> Result<Cow<'_, [u8]>, Corrupt> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(Cow::Borrowed(bytes));
    }
    let mut out = Vec::with_capacity(bytes.len() * 3);
    GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| Corrupt(format!("gzip: {e}")))?;
    Ok(Cow::Owned(out))
}

/// `dst.extend_from_slice(src)` for the few bytes of one posting, without
/// a call to `memcpy` each (one per posting was 5% of the index's time).
pub(super) fn extend_small(dst: &mut Vec<u8>, src: &[u8]) {
    if src.len() <= 16 {
        dst.reserve(src.len());
        for &byte in src {
            dst.push(byte);
        }
    } else {
        dst.extend_from_slice(src);
    }
}

#[cfg(test)]
mod tests {
    use super::super::postings::LISTS_LEVEL;
    use super::*;

    #[test]
    fn gzip_round_trips_and_plain_bytes_pass_through() {
        let text = "卫生院".repeat(100).into_bytes();
        let zipped = gzip(&text, LISTS_LEVEL);
        assert!(zipped.len() < text.len() / 4);
        assert_eq!(
            gzip(&text, LISTS_LEVEL),
            zipped,
            "the same bytes give the same file"
        );
        assert_eq!(gunzip(&zipped).expect("gunzip"), text);
        assert_eq!(gunzip(b"{}").expect("plain"), &b"{}"[..]);
        assert!(gunzip(&zipped[..zipped.len() / 2]).is_err());
    }

    #[test]
    fn varint_len_is_what_put_varint_writes() {
        for n in [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut out = Vec::new();
            put_varint(&mut out, n);
            assert_eq!(varint_len(n), out.len(), "{n}");
        }
    }

    #[test]
    fn a_reused_deflate_state_gives_whole_independent_files() {
        // Incompressible bytes larger than any first guess of the output size.
        let mut noise = Vec::new();
        let mut x: u32 = 1;
        for _ in 0..300_000 {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            noise.push((x >> 24) as u8);
        }
        let text = "衛生院".repeat(5000);
        let inputs: [&[u8]; 4] = [b"", text.as_bytes(), &noise, b"x"];
        for round in 0..2 {
            for (k, input) in inputs.iter().enumerate() {
                let level = if k % 2 == 0 { LISTS_LEVEL } else { 1 };
                let zipped = gzip(input, level);
                assert_eq!(
                    gunzip(&zipped).expect("gunzip").as_ref(),
                    *input,
                    "{round} {k}"
                );
                // A standard reader agrees (header, CRC and length).
                let mut plain = Vec::new();
                GzDecoder::new(zipped.as_slice())
                    .read_to_end(&mut plain)
                    .expect("standard gzip");
                assert_eq!(plain, *input);
            }
        }
    }
}
