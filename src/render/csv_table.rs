//! A table as the CSV file the site offers beside it (the 督办台账's, the
//! 信息公开目录's): UTF-8 with a byte order mark, so that Excel and WPS read
//! the Chinese as Chinese, a header row, CRLF line ends and RFC 4180
//! quoting by the `csv` crate. What the columns are is the caller's.

/// `header` then each of `rows` as CSV bytes.
pub(crate) fn bytes<I, R>(header: &[&str], rows: I) -> Vec<u8>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        // Writing to a Vec cannot fail; a row that did would only be left out.
        let _ = w.write_record(header);
        for r in rows {
            let _ = w.write_record(r);
        }
        let _ = w.flush();
    }
    out
}
