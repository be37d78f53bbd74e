//! A small, tolerant WARC reader: records are read one at a time, each HTML
//! `response` (or `resource`) record becomes an article, and a truncated
//! file keeps every record completed before the cut.

use std::io::{self, BufRead, Read};

use crate::io_util::{self, Line};
use crate::{decode, Ctx, Markup, RawArticle, MAX_RECORD_BYTES};

/// WARC and HTTP header lines are short; a longer one means we are not
/// looking at a header.
const HEADER_LINE_MAX: usize = 64 * 1024;

struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn parse_line(&mut self, line: &[u8]) {
        let line = String::from_utf8_lossy(line);
        if let Some((k, v)) = line.split_once(':') {
            self.0.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
}

fn strip_angles(s: &str) -> String {
    s.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_owned()
}

pub(crate) fn read(ctx: &mut Ctx<'_>, r: &mut dyn BufRead) {
    let mut line = Vec::new();
    let mut rec: u64 = 0;
    let mut desync_warned = false;
    'records: loop {
        // Find the next version line, tolerating blank lines and, after the
        // first record, junk (a record whose Content-Length lied).
        loop {
            let at = format!("{}#{}", ctx.origin, rec + 1);
            match io_util::read_line_bounded(r, &mut line, HEADER_LINE_MAX) {
                Err(e) => {
                    let msg = format!("{}; the records before it were kept", ctx.read_error(&e));
                    ctx.warn_at(at, msg);
                    break 'records;
                }
                Ok(Line::Eof) => break 'records,
                Ok(Line::Ok) if line.starts_with(b"WARC/") => break,
                Ok(Line::Ok) if line.iter().all(u8::is_ascii_whitespace) => {}
                Ok(_) if rec == 0 => {
                    ctx.warn("not a WARC file (no WARC/1.x version line); skipped");
                    return;
                }
                Ok(_) => {
                    if !desync_warned {
                        desync_warned = true;
                        let msg =
                            "unexpected bytes between records; skipped to the next WARC header";
                        ctx.warn_at(format!("{}#{rec}", ctx.origin), msg);
                    }
                }
            }
        }
        rec += 1;
        let at = format!("{}#{rec}", ctx.origin);
        let mut headers = Headers(Vec::new());
        loop {
            match io_util::read_line_bounded(r, &mut line, HEADER_LINE_MAX) {
                Ok(Line::Ok) if line.is_empty() => break,
                Ok(Line::Ok) => headers.parse_line(&line),
                Ok(Line::TooLong(_)) => {
                    ctx.warn_at(at, "WARC header line too long; stopped reading this file");
                    break 'records;
                }
                Ok(Line::Eof) => {
                    ctx.warn_at(
                        at,
                        "file ends inside a WARC header; the records before it were kept",
                    );
                    break 'records;
                }
                Err(e) => {
                    let msg = format!("{}; the records before it were kept", ctx.read_error(&e));
                    ctx.warn_at(at, msg);
                    break 'records;
                }
            }
        }
        let Some(len) = headers
            .get("Content-Length")
            .and_then(|v| v.parse::<u64>().ok())
        else {
            ctx.warn_at(
                at,
                "WARC record without a valid Content-Length; stopped reading this file",
            );
            break;
        };
        let wtype = headers.get("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let ctype = headers
            .get("Content-Type")
            .unwrap_or("")
            .to_ascii_lowercase();
        let wanted = match wtype.as_str() {
            "response" => ctype.is_empty() || ctype.contains("application/http"),
            "resource" => is_html_type(&ctype),
            _ => false,
        };
        if !wanted || len > MAX_RECORD_BYTES as u64 {
            match io::copy(&mut r.take(len), &mut io::sink()) {
                Ok(n) if n == len => {}
                Ok(n) => {
                    ctx.warn_at(at, format!("record truncated: {n} of {len} bytes present"));
                    break;
                }
                Err(e) => {
                    let msg = format!("{}; the records before it were kept", ctx.read_error(&e));
                    ctx.warn_at(at, msg);
                    break;
                }
            }
            if wanted {
                ctx.warn_at(
                    at,
                    format!(
                        "record is {}, over the {} record limit; skipped",
                        io_util::mb(len),
                        io_util::mb(MAX_RECORD_BYTES as u64)
                    ),
                );
            }
            continue;
        }
        let mut block = Vec::new();
        match r.take(len).read_to_end(&mut block) {
            Ok(n) if n as u64 == len => {}
            Ok(n) => {
                let msg = format!(
                    "record truncated: {n} of {len} bytes present; the records before it were kept"
                );
                ctx.warn_at(at, msg);
                break;
            }
            Err(e) => {
                let msg = format!("{}; the records before it were kept", ctx.read_error(&e));
                ctx.warn_at(at, msg);
                break;
            }
        }
        let payload = if wtype == "response" {
            match http_payload(&block) {
                Ok(Some(p)) => p,
                Ok(None) => continue,
                Err(msg) => {
                    ctx.warn_at(at, msg);
                    continue;
                }
            }
        } else {
            Payload {
                body: block,
                charset: decode::charset_param(ctype.as_bytes()),
            }
        };
        if payload.body.iter().all(u8::is_ascii_whitespace) {
            ctx.warn_at(at, "HTML response with an empty body; skipped");
            continue;
        }
        let decoded = decode::decode_html(&payload.body, payload.charset.as_deref());
        if let Some(note) = decoded.note {
            ctx.warn_at(at.clone(), note);
        }
        let id = headers
            .get("WARC-Record-ID")
            .map(strip_angles)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("{}#{rec}", ctx.stem));
        let mut a = RawArticle::new(
            id,
            at,
            Markup::Html,
            decoded.text,
            io_util::sha256_hex(&payload.body),
        );
        a.url = headers
            .get("WARC-Target-URI")
            .map(strip_angles)
            .filter(|s| !s.is_empty());
        a.published = headers
            .get("WARC-Date")
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());
        ctx.emit(a);
    }
    if ctx.articles == 0 && ctx.warnings == 0 {
        ctx.warn("no HTML response records found");
    }
}

fn is_html_type(ctype: &str) -> bool {
    ctype.contains("text/html") || ctype.contains("application/xhtml")
}

struct Payload {
    body: Vec<u8>,
    charset: Option<String>,
}

/// The HTML entity of an HTTP response block. `Ok(None)` for responses
/// that are not successful HTML pages: a crawl is mostly such records, so
/// they are passed over without a warning.
fn http_payload(block: &[u8]) -> Result<Option<Payload>, String> {
    let (head_end, body_start) = match memchr::memmem::find(block, b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => match memchr::memmem::find(block, b"\n\n") {
            Some(i) => (i, i + 2),
            None => return Err("HTTP response without a complete header; skipped".into()),
        },
    };
    let head = &block[..head_end];
    let mut lines = head.split(|&b| b == b'\n');
    let status_line = String::from_utf8_lossy(lines.next().unwrap_or(b""));
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if !(200..300).contains(&status) {
        return Ok(None);
    }
    let mut headers = Headers(Vec::new());
    for l in lines {
        headers.parse_line(l.strip_suffix(b"\r").unwrap_or(l));
    }
    let body = &block[body_start..];
    let ctype = headers
        .get("Content-Type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let html = if ctype.is_empty() {
        let lower = body[..body.len().min(1024)].to_ascii_lowercase();
        memchr::memmem::find(&lower, b"<html").is_some()
    } else {
        is_html_type(&ctype)
    };
    if !html {
        return Ok(None);
    }
    let chunked = headers
        .get("Transfer-Encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        // Archivers differ on whether they store the chunked framing; when
        // it does not parse, the body is taken as stored.
        dechunk(body).unwrap_or_else(|| body.to_vec())
    } else {
        body.to_vec()
    };
    let encoding = headers
        .get("Content-Encoding")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let body = match encoding.as_str() {
        "" | "identity" => body,
        "gzip" | "x-gzip" | "deflate" => inflate(&body, &encoding)?,
        other => {
            return Err(format!(
                "HTTP Content-Encoding \"{other}\" is not supported; skipped"
            ))
        }
    };
    Ok(Some(Payload {
        body,
        charset: decode::charset_param(ctype.as_bytes()),
    }))
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let nl = memchr::memchr(b'\n', b)?;
        let size_line = std::str::from_utf8(&b[..nl]).ok()?;
        let size_hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        b = &b[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        if size > b.len() {
            return None;
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size..];
        b = b.strip_prefix(b"\r\n").or_else(|| b.strip_prefix(b"\n"))?;
    }
}

/// Undoes gzip/deflate HTTP compression, within the record limit. Servers
/// send "deflate" both zlib-wrapped and raw, so both are tried.
fn inflate(body: &[u8], encoding: &str) -> Result<Vec<u8>, String> {
    let cap = MAX_RECORD_BYTES as u64 + 1;
    let attempt = |r: &mut dyn Read| -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        r.take(cap).read_to_end(&mut out)?;
        Ok(out)
    };
    let result = if encoding == "deflate" {
        attempt(&mut flate2::read::ZlibDecoder::new(body))
            .or_else(|_| attempt(&mut flate2::read::DeflateDecoder::new(body)))
    } else {
        attempt(&mut flate2::read::MultiGzDecoder::new(body))
    };
    match result {
        Ok(out) if out.len() as u64 >= cap => Err(format!(
            "decompressed HTML over the {} record limit; skipped",
            io_util::mb(MAX_RECORD_BYTES as u64)
        )),
        Ok(out) => Ok(out),
        Err(e) => Err(format!(
            "HTTP body {encoding} data is corrupt ({e}); skipped"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunks_and_rejects_bad_framing() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2;x=1\r\nde\r\n0\r\n\r\n").as_deref(),
            Some(&b"abcde"[..])
        );
        assert_eq!(dechunk(b"zz\r\nabc"), None);
        assert_eq!(dechunk(b"10\r\nabc"), None);
    }

    #[test]
    fn non_html_and_non_2xx_are_passed_over() {
        let img = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        assert!(http_payload(img).unwrap().is_none());
        let redirect = b"HTTP/1.1 301 Moved\r\nContent-Type: text/html\r\n\r\n<a>";
        assert!(http_payload(redirect).unwrap().is_none());
        let ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-6\r\n\r\n<p>x</p>";
        let p = http_payload(ok).unwrap().unwrap();
        assert_eq!(p.body, b"<p>x</p>");
        assert_eq!(p.charset.as_deref(), Some("iso-8859-6"));
    }
}
