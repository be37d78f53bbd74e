//! Ingest: turn paths (files, folders, `-` for stdin) into [`RawArticle`]s.
//!
//! Ingest knows containers and encodings, not articles: it finds the records
//! in a file (one per `.txt`/`.html`, one per JSON line, feed item or WARC
//! response), decodes bytes to UTF-8, and passes on whatever metadata the
//! container states. Deciding what in the text is the article is the job of
//! `rasad-article`.
//!
//! Formats: `.txt`, `.html`/`.htm`, `.jsonl`, RSS/Atom (`.rss`, `.atom`, and
//! `.xml` when it holds a feed), WARC (`.warc`), and any of them gzipped
//! (`.gz`; gzip is also recognised by its magic bytes). Input without a known
//! extension (stdin, `-`) is sniffed from its first bytes.
//!
//! Invariants:
//! - Bad input never stops a batch and never panics: every problem becomes an
//!   [`Item::Warning`] whose `source` names the file (`file:line` for a JSON
//!   line, `file#N` for a feed item or WARC record), and reading goes on.
//! - Streaming: at most one record (capped at [`MAX_RECORD_BYTES`]; a feed
//!   document at [`MAX_FEED_BYTES`]) is held in memory, and items reach the
//!   sink in input order. Over-long records are skipped in one linear pass.
//! - Folders are walked recursively in byte order of names, skipping hidden
//!   entries and files of unknown type; symbolic links to folders are not
//!   followed (no cycles).
//! - Ingest does not parse HTML, strip boilerplate, normalise dates or detect
//!   language: `published` is passed on as the container states it.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

pub use rasad_doc::Warning;

mod decode;
mod feed;
mod io_util;
mod jsonl;
mod warc;

/// Largest single record (a text/HTML file, a JSON line, a WARC response)
/// ingest will hold; larger ones are skipped with a warning.
pub const MAX_RECORD_BYTES: usize = 20 * 1024 * 1024;

/// Largest feed document: a feed is parsed as a whole, so it gets its own cap.
pub const MAX_FEED_BYTES: usize = 100 * 1024 * 1024;

/// How many leading bytes are examined to sniff a format and spot binaries.
const SNIFF_BYTES: usize = 8192;

const BUF_BYTES: usize = 64 * 1024;

/// What kind of text a record holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// Plain text, possibly already extracted from a page (boilerplate may remain).
    Text,
    /// An HTML document or fragment.
    Html,
}

/// One article-sized record, decoded to UTF-8, as the container gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawArticle {
    /// The record's own id (JSONL `id`, feed guid, WARC record id) else the
    /// file stem (`stem#N` for the Nth record of a multi-record file).
    pub id: String,
    /// Where it came from: the file path, with `#N` locating the record in a
    /// multi-record file (JSONL line number, feed item number, WARC record
    /// number, all from 1). Stdin is `<stdin>`.
    pub origin: String,
    pub url: Option<String>,
    /// Metadata the container states (JSONL fields, feed item fields).
    pub title: Option<String>,
    /// As stated: JSONL `published`, feed date (RFC 3339), WARC-Date (the
    /// capture time, only a hint of publication).
    pub published: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub markup: Markup,
    pub content: String,
    /// Hex SHA-256 of the record's raw bytes before decoding: the file (after
    /// gunzip), the JSON line, the WARC HTTP payload; for a feed item, whose
    /// raw bytes the feed parser does not expose, its content as UTF-8.
    pub content_hash: String,
}

impl RawArticle {
    fn new(id: String, origin: String, markup: Markup, content: String, hash: String) -> Self {
        RawArticle {
            id,
            origin,
            url: None,
            title: None,
            published: None,
            source: None,
            author: None,
            markup,
            content,
            content_hash: hash,
        }
    }
}

/// What ingest reports, in input order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Article(RawArticle),
    Warning(Warning),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Html,
    Jsonl,
    Feed,
    Warc,
}

/// What a file name says about its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    Known(Format),
    /// `.xml`: read only if it turns out to be a feed.
    XmlFeed,
    /// No usable extension (stdin, `name.gz`): decide from the bytes.
    Sniff,
}

const KNOWN_TYPES: &str =
    ".txt, .html, .htm, .jsonl, .rss, .atom, .xml, .warc, each optionally .gz";

/// The hint for a file name, `None` when its extension is unknown.
fn classify(name: &str) -> Option<Hint> {
    let lower = name.to_ascii_lowercase();
    let (inner, gz) = match lower.strip_suffix(".gz") {
        Some(s) => (s, true),
        None => (lower.as_str(), false),
    };
    let ext = inner.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let hint = match ext {
        "txt" | "text" => Hint::Known(Format::Text),
        "html" | "htm" | "xhtml" => Hint::Known(Format::Html),
        "jsonl" | "ndjson" => Hint::Known(Format::Jsonl),
        "rss" | "atom" => Hint::Known(Format::Feed),
        "xml" => Hint::XmlFeed,
        "warc" => Hint::Known(Format::Warc),
        _ if gz => Hint::Sniff,
        _ => return None,
    };
    Some(hint)
}

/// The file name without the extensions [`classify`] looks at: the default id.
fn stem_of(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let mut s = base;
    for _ in 0..2 {
        if let Some((head, ext)) = s.rsplit_once('.') {
            let ext = ext.to_ascii_lowercase();
            let known = matches!(
                ext.as_str(),
                "gz" | "txt"
                    | "text"
                    | "html"
                    | "htm"
                    | "xhtml"
                    | "jsonl"
                    | "ndjson"
                    | "rss"
                    | "atom"
                    | "xml"
                    | "warc"
            );
            if known && !head.is_empty() {
                s = head;
                continue;
            }
        }
        break;
    }
    s.to_owned()
}

/// Reading state for one input: where it came from and where items go.
pub(crate) struct Ctx<'s> {
    pub origin: String,
    pub stem: String,
    /// The bytes come through a gzip decoder, so read errors mean a damaged
    /// or truncated gzip stream.
    pub gz: bool,
    pub warnings: usize,
    pub articles: usize,
    sink: &'s mut dyn FnMut(Item),
}

impl<'s> Ctx<'s> {
    fn new(origin: &str, sink: &'s mut dyn FnMut(Item)) -> Self {
        let (origin, stem) = if origin == "-" {
            ("<stdin>".to_owned(), "stdin".to_owned())
        } else {
            (origin.to_owned(), stem_of(origin))
        };
        Ctx {
            origin,
            stem,
            gz: false,
            warnings: 0,
            articles: 0,
            sink,
        }
    }

    pub fn warn_at(&mut self, source: impl Into<String>, message: impl Into<String>) {
        self.warnings += 1;
        (self.sink)(Item::Warning(Warning::new(source, message)));
    }

    pub fn warn(&mut self, message: impl Into<String>) {
        let source = self.origin.clone();
        self.warn_at(source, message);
    }

    pub fn emit(&mut self, article: RawArticle) {
        self.articles += 1;
        (self.sink)(Item::Article(article));
    }

    /// Words for a read error in the middle of this input.
    pub fn read_error(&self, e: &io::Error) -> String {
        if self.gz {
            format!("gzip data is truncated or corrupt ({e})")
        } else {
            format!("read error ({e})")
        }
    }
}

/// Reads files, folders (recursively) and `-` (stdin), calling `sink` for
/// every article and warning as soon as it is read.
pub fn read_paths<F: FnMut(Item)>(paths: &[PathBuf], mut sink: F) {
    for path in paths {
        if path.as_os_str() == "-" {
            let stdin = io::stdin();
            let lock = stdin.lock();
            let mut ctx = Ctx::new("-", &mut sink);
            read_stream(&mut ctx, Box::new(lock), Hint::Sniff);
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => {
                let source = path.display().to_string();
                sink(Item::Warning(Warning::new(source, describe_io(&e))));
            }
            Ok(m) if m.is_dir() => walk_dir(path, &mut sink),
            Ok(_) => read_file(path, true, &mut sink),
        }
    }
}

/// Reads one in-memory input. `origin` names it in origins and warnings
/// (`-` for stdin); its extension picks the format, else the bytes do.
pub fn read_bytes<F: FnMut(Item)>(origin: &str, bytes: &[u8], mut sink: F) {
    let hint = if origin == "-" {
        Hint::Sniff
    } else {
        classify(origin).unwrap_or(Hint::Sniff)
    };
    let mut ctx = Ctx::new(origin, &mut sink);
    read_stream(&mut ctx, Box::new(bytes), hint);
}

/// Reads one stream (a pipe, a socket), sniffing its format like stdin.
pub fn read_reader<R: Read, F: FnMut(Item)>(origin: &str, reader: R, mut sink: F) {
    let mut ctx = Ctx::new(origin, &mut sink);
    let reader = BufReader::with_capacity(BUF_BYTES, reader);
    read_stream(&mut ctx, Box::new(reader), Hint::Sniff);
}

fn describe_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => format!("cannot read ({e})"),
    }
}

fn walk_dir(dir: &Path, sink: &mut dyn FnMut(Item)) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            sink(Item::Warning(Warning::new(
                dir.display().to_string(),
                describe_io(&e),
            )));
            return;
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => names.push(e.file_name()),
            Err(e) => sink(Item::Warning(Warning::new(
                dir.display().to_string(),
                format!("cannot list folder ({e})"),
            ))),
        }
    }
    // Byte order of names: the same on every machine, whatever the locale.
    names.sort();
    for name in names {
        if name.as_encoded_bytes().first() == Some(&b'.') {
            continue;
        }
        let path = dir.join(&name);
        let link = std::fs::symlink_metadata(&path)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false);
        match std::fs::metadata(&path) {
            Err(e) => sink(Item::Warning(Warning::new(
                path.display().to_string(),
                describe_io(&e),
            ))),
            Ok(m) if m.is_dir() => {
                if !link {
                    walk_dir(&path, sink);
                }
            }
            Ok(_) => read_file(&path, false, sink),
        }
    }
}

fn read_file(path: &Path, explicit: bool, sink: &mut dyn FnMut(Item)) {
    let origin = path.display().to_string();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let hint = match classify(&name) {
        // Inside folders only names that say what they are: a folder of
        // articles often holds notes, images and indexes too.
        Some(Hint::Sniff) if !explicit => return,
        Some(h) => h,
        None => {
            if explicit {
                sink(Item::Warning(Warning::new(
                    origin,
                    format!("unknown file type (known: {KNOWN_TYPES}); skipped"),
                )));
            }
            return;
        }
    };
    let mut ctx = Ctx::new(&origin, sink);
    match File::open(path) {
        Ok(f) => read_stream(
            &mut ctx,
            Box::new(BufReader::with_capacity(BUF_BYTES, f)),
            hint,
        ),
        Err(e) => {
            let msg = describe_io(&e);
            ctx.warn(msg);
        }
    }
}

fn starts_with_tag(lower: &[u8], tag: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = memchr::memmem::find(&lower[from..], tag) {
        let at = from + p;
        match lower.get(at + tag.len()) {
            None => return Some(at),
            Some(c) if c.is_ascii_whitespace() || *c == b'>' || *c == b'/' => return Some(at),
            _ => from = at + 1,
        }
    }
    None
}

/// The format of a stream from its first bytes.
fn sniff(prefix: &[u8]) -> Format {
    let p = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    let start = p
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(p.len());
    let p = &p[start..];
    if p.starts_with(b"WARC/") {
        return Format::Warc;
    }
    if p.starts_with(b"{") {
        return Format::Jsonl;
    }
    if !p.starts_with(b"<") {
        return Format::Text;
    }
    let lower = p.to_ascii_lowercase();
    let feed = [&b"<rss"[..], b"<feed", b"<rdf:rdf"]
        .iter()
        .filter_map(|t| starts_with_tag(&lower, t))
        .min();
    let html = [&b"<html"[..], b"<!doctype html", b"<body"]
        .iter()
        .filter_map(|t| starts_with_tag(&lower, t))
        .min();
    match (feed, html) {
        (Some(f), Some(h)) if f < h => Format::Feed,
        (Some(_), None) => Format::Feed,
        _ => Format::Html,
    }
}

/// NUL bytes or many control bytes: not text in any charset we read.
/// UTF-16 (which has NULs) is recognised by its BOM first.
fn looks_binary(prefix: &[u8]) -> bool {
    if prefix.starts_with(b"\xFF\xFE") || prefix.starts_with(b"\xFE\xFF") {
        return false;
    }
    if memchr::memchr(0, prefix).is_some() {
        return true;
    }
    let control = prefix
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
        .count();
    control * 10 > prefix.len()
}

/// Sniffs, unwraps gzip, checks for binaries, and hands the stream to the
/// reader for its format.
fn read_stream<'r>(ctx: &mut Ctx<'_>, mut reader: Box<dyn BufRead + 'r>, hint: Hint) {
    let mut prefix = Vec::with_capacity(SNIFF_BYTES);
    let err = (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut prefix)
        .err();
    if prefix.is_empty() {
        match err {
            Some(e) => {
                let msg = ctx.read_error(&e);
                ctx.warn(msg);
            }
            None if ctx.gz => ctx.warn("empty after gunzip"),
            None => ctx.warn("empty file"),
        }
        return;
    }
    // Replay the prefix ahead of the rest; after an error, replay the error
    // instead of touching the failed reader again.
    let rest: Box<dyn BufRead + 'r> = match err {
        Some(e) => Box::new(BufReader::new(io_util::FailOnce(Some(e)))),
        None => reader,
    };
    let gzip = prefix.starts_with(b"\x1f\x8b");
    let replay = Cursor::new(prefix).chain(rest);
    if gzip && !ctx.gz {
        ctx.gz = true;
        let dec = flate2::bufread::MultiGzDecoder::new(replay);
        read_stream(
            ctx,
            Box::new(BufReader::with_capacity(BUF_BYTES, dec)),
            hint,
        );
        return;
    }
    let prefix = replay.get_ref().0.get_ref();
    let sniffed = sniff(prefix);
    let format = match hint {
        Hint::Known(f) => f,
        Hint::Sniff => sniffed,
        Hint::XmlFeed if sniffed == Format::Feed => Format::Feed,
        Hint::XmlFeed => {
            ctx.warn("XML file is not an RSS or Atom feed; skipped");
            return;
        }
    };
    // WARC blocks legitimately hold images and other binaries.
    if format != Format::Warc && looks_binary(prefix) {
        ctx.warn("binary data (NUL or control bytes), not text; skipped");
        return;
    }
    let mut replay: Box<dyn BufRead + 'r> = Box::new(replay);
    match format {
        Format::Text => read_single(ctx, &mut replay, Markup::Text),
        Format::Html => read_single(ctx, &mut replay, Markup::Html),
        Format::Jsonl => jsonl::read(ctx, &mut replay),
        Format::Feed => feed::read(ctx, &mut replay),
        Format::Warc => warc::read(ctx, &mut replay),
    }
}

/// A file that is one article.
fn read_single(ctx: &mut Ctx<'_>, r: &mut dyn BufRead, markup: Markup) {
    let bytes = match io_util::read_whole(r, MAX_RECORD_BYTES) {
        io_util::Whole::Ok(b) => b,
        io_util::Whole::TooLarge => {
            ctx.warn(format!(
                "larger than the {} record limit; skipped",
                io_util::mb(MAX_RECORD_BYTES as u64)
            ));
            return;
        }
        io_util::Whole::Failed(e) => {
            let msg = format!("{}; the article is dropped", ctx.read_error(&e));
            ctx.warn(msg);
            return;
        }
    };
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        ctx.warn("holds only whitespace; skipped");
        return;
    }
    let decoded = match markup {
        Markup::Text => decode::decode_text(&bytes),
        Markup::Html => decode::decode_html(&bytes, None),
    };
    if let Some(note) = decoded.note {
        ctx.warn(note);
    }
    let hash = io_util::sha256_hex(&bytes);
    let article = RawArticle::new(
        ctx.stem.clone(),
        ctx.origin.clone(),
        markup,
        decoded.text,
        hash,
    );
    ctx.emit(article);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_and_stem() {
        assert_eq!(classify("a/b.TXT"), Some(Hint::Known(Format::Text)));
        assert_eq!(classify("x.jsonl.gz"), Some(Hint::Known(Format::Jsonl)));
        assert_eq!(classify("x.warc.gz"), Some(Hint::Known(Format::Warc)));
        assert_eq!(classify("x.gz"), Some(Hint::Sniff));
        assert_eq!(classify("x.pdf"), None);
        assert_eq!(classify("README"), None);
        assert_eq!(stem_of("dir/news.jsonl.gz"), "news");
        assert_eq!(stem_of("dir/a.b.txt"), "a.b");
        assert_eq!(stem_of(".txt"), ".txt");
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"\xEF\xBB\xBF  WARC/1.0\r\n"), Format::Warc);
        assert_eq!(sniff(b"{\"id\":1}"), Format::Jsonl);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><rss version=\"2.0\">"),
            Format::Feed
        );
        assert_eq!(sniff(b"<feedback>"), Format::Html);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff("قال".as_bytes()), Format::Text);
    }

    #[test]
    fn binaries() {
        assert!(looks_binary(b"ab\0cd"));
        assert!(looks_binary(b"\x01\x02\x03\x04abc"));
        assert!(!looks_binary("نص عربي\n\tمع سطور".as_bytes()));
        assert!(!looks_binary(b"\xFF\xFEa\0b\0"));
    }
}
