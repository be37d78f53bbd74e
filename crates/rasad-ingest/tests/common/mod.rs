//! Helpers shared by the integration tests: every fixture is generated at
//! test time from sentences written for these tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use rasad_ingest::{Item, RawArticle, Warning};
use sha2::{Digest, Sha256};

pub const S1: &str = "أعلنت وزارة الزراعة اليوم عن خطة جديدة لدعم المزارعين في المناطق الجنوبية.";
pub const S2: &str =
    "وقال المتحدث باسم الوزارة إن الخطة تشمل توزيع البذور مجاناً خلال الموسم المقبل.";
pub const S3: &str = "افتتح رئيس البلدية الجسر الجديد بحضور عدد كبير من السكان.";
pub const S4: &str = "شهدت العاصمة أمطاراً غزيرة أدت إلى إغلاق عدة طرق رئيسية.";

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("gzip in memory");
    enc.finish().expect("gzip in memory")
}

pub fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One WARC record with the given block.
pub fn warc_record(wtype: &str, uri: &str, id: &str, ctype: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {wtype}\r\nWARC-Record-ID: <{id}>\r\nWARC-Date: 2024-03-05T10:20:30Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// An HTTP response block.
pub fn http(status: &str, ctype: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

pub fn collect_paths<P: AsRef<Path>>(paths: &[P]) -> Vec<Item> {
    let paths: Vec<PathBuf> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
    let mut items = Vec::new();
    rasad_ingest::read_paths(&paths, |i| items.push(i));
    items
}

pub fn collect_bytes(origin: &str, bytes: &[u8]) -> Vec<Item> {
    let mut items = Vec::new();
    rasad_ingest::read_bytes(origin, bytes, |i| items.push(i));
    items
}

pub fn articles(items: &[Item]) -> Vec<&RawArticle> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Article(a) => Some(a),
            Item::Warning(_) => None,
        })
        .collect()
}

pub fn warnings(items: &[Item]) -> Vec<&Warning> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Warning(w) => Some(w),
            Item::Article(_) => None,
        })
        .collect()
}

/// Paths in origins/sources relative to `dir`, for readable assertions.
pub fn rel(dir: &Path, s: &str) -> String {
    let prefix = format!("{}/", dir.display());
    s.strip_prefix(&prefix).unwrap_or(s).to_owned()
}
