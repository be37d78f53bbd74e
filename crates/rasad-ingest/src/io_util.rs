//! Bounded reading helpers: nothing here ever buffers more than the caller's
//! limit, and nothing rescans bytes it has already seen.

use std::io::{self, BufRead, Read};

use sha2::{Digest, Sha256};

/// Outcome of reading one line with a size cap.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// A line (without its `\n`, and without a trailing `\r`) is in the buffer.
    Ok,
    /// The line was longer than the limit; it was consumed and discarded.
    TooLong(u64),
    /// End of input before any byte of a new line.
    Eof,
}

/// Reads one line into `buf`, keeping at most `limit` bytes. An over-long
/// line is drained to its end without being stored, so a 50 MB line costs
/// one pass and no memory.
pub(crate) fn read_line_bounded(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Line> {
    buf.clear();
    let mut total: u64 = 0;
    let mut over = false;
    let mut any = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            break;
        }
        any = true;
        let (chunk_len, done) = match memchr::memchr(b'\n', avail) {
            Some(i) => (i, true),
            None => (avail.len(), false),
        };
        total += chunk_len as u64;
        if !over {
            if buf.len() + chunk_len > limit {
                over = true;
                buf.clear();
                buf.shrink_to(64 * 1024);
            } else {
                buf.extend_from_slice(&avail[..chunk_len]);
            }
        }
        r.consume(if done { chunk_len + 1 } else { chunk_len });
        if done {
            break;
        }
    }
    if !any {
        return Ok(Line::Eof);
    }
    if over {
        return Ok(Line::TooLong(total));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Line::Ok)
}

/// Result of reading a whole record with a size cap.
pub(crate) enum Whole {
    Ok(Vec<u8>),
    /// More than the limit; nothing kept. The reader is left mid-stream.
    TooLarge,
    /// A read error; what was read before it is dropped.
    Failed(io::Error),
}

/// Reads the rest of `r`, up to `limit` bytes.
pub(crate) fn read_whole(r: &mut dyn BufRead, limit: usize) -> Whole {
    let mut buf = Vec::new();
    let cap = (limit as u64).saturating_add(1);
    match r.take(cap).read_to_end(&mut buf) {
        Ok(_) if buf.len() > limit => Whole::TooLarge,
        Ok(_) => Whole::Ok(buf),
        Err(e) => Whole::Failed(e),
    }
}

/// A reader that fails once with a stored error, then reports end of input.
/// It lets a prefix that was read before an error be replayed to a format
/// reader that then meets the same error at the same place.
pub(crate) struct FailOnce(pub(crate) Option<io::Error>);

impl Read for FailOnce {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        s.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
    }
    s
}

/// Human-readable size for warnings.
pub(crate) fn mb(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines_skip_long_ones_and_strip_cr() {
        let data = b"abc\r\n0123456789\nxy";
        let mut r = io::BufReader::with_capacity(4, &data[..]);
        let mut buf = Vec::new();
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Line::Ok);
        assert_eq!(buf, b"abc");
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 5).unwrap(),
            Line::TooLong(10)
        );
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Line::Ok);
        assert_eq!(buf, b"xy");
        assert_eq!(read_line_bounded(&mut r, &mut buf, 5).unwrap(), Line::Eof);
    }

    #[test]
    fn sha_is_hex_of_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
