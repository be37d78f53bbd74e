//! Legacy Arabic charsets, encoded at test time with encoding_rs.

mod common;

use common::*;
use encoding_rs::{Encoding, ISO_8859_6, WINDOWS_1256};

fn encode(enc: &'static Encoding, s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = enc.encode(s);
    assert!(
        !unmappable,
        "fixture text must be encodable in {}",
        enc.name()
    );
    bytes.into_owned()
}

#[test]
fn html_meta_charset_windows_1256() {
    let html = format!("<html><head><meta charset=\"windows-1256\"><title>خبر</title></head><body><p>{S1}</p></body></html>");
    let bytes = encode(WINDOWS_1256, &html);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    let items = collect_bytes("page.html", &bytes);
    assert!(warnings(&items).is_empty(), "{items:?}");
    let a = articles(&items);
    assert_eq!(a[0].content, html);
    assert_eq!(
        a[0].content_hash,
        sha(&bytes),
        "hash of the undecoded bytes"
    );
}

#[test]
fn html_http_equiv_iso_8859_6() {
    // ISO-8859-6 has no letters beyond the basic Arabic set, which S3 keeps to.
    let html = format!(
        "<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-6\"></head><body><p>{S3}</p></body></html>"
    );
    let bytes = encode(ISO_8859_6, &html);
    let items = collect_bytes("old.htm", &bytes);
    assert!(warnings(&items).is_empty(), "{items:?}");
    assert_eq!(articles(&items)[0].content, html);
}

#[test]
fn undeclared_legacy_html_falls_back_to_windows_1256_with_warning() {
    let html = format!("<p>{S2}</p>");
    let bytes = encode(WINDOWS_1256, &html);
    let items = collect_bytes("bare.html", &bytes);
    let w = warnings(&items);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].source, "bare.html");
    assert!(w[0].message.contains("windows-1256"), "{}", w[0].message);
    assert_eq!(articles(&items)[0].content, html);
}

#[test]
fn warc_http_header_charset_is_used_when_the_page_has_none() {
    let page = format!("<html><body><p>{S3}</p></body></html>");
    let body = encode(ISO_8859_6, &page);
    let warc = warc_record(
        "response",
        "https://example.org/x",
        "urn:uuid:x",
        "application/http; msgtype=response",
        &http("200 OK", "text/html; charset=iso-8859-6", &body),
    );
    let items = collect_bytes("legacy.warc", &warc);
    assert!(warnings(&items).is_empty(), "{items:?}");
    assert_eq!(articles(&items)[0].content, page);
}

#[test]
fn meta_charset_wins_over_http_header() {
    let page = format!("<html><head><meta charset=windows-1256></head><body>{S4}</body></html>");
    let body = encode(WINDOWS_1256, &page);
    let warc = warc_record(
        "response",
        "https://example.org/y",
        "urn:uuid:y",
        "application/http",
        &http("200 OK", "text/html; charset=iso-8859-1", &body),
    );
    let items = collect_bytes("mixed.warc.gz", &gzip(&warc));
    assert!(warnings(&items).is_empty(), "{items:?}");
    assert_eq!(articles(&items)[0].content, page);
}

#[test]
fn stale_legacy_meta_on_a_utf8_page_reads_as_utf8_with_warning() {
    let html = format!("<meta charset=\"windows-1256\"><p>{S1}</p>");
    let items = collect_bytes("moved.html", html.as_bytes());
    let w = warnings(&items);
    assert_eq!(w.len(), 1);
    assert!(w[0].message.contains("valid UTF-8"), "{}", w[0].message);
    assert_eq!(articles(&items)[0].content, html);
}

#[test]
fn txt_in_windows_1256_is_decoded_with_warning() {
    let bytes = encode(WINDOWS_1256, &format!("{S1}\n{S2}"));
    let items = collect_bytes("legacy.txt", &bytes);
    let w = warnings(&items);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].source, "legacy.txt");
    assert!(w[0].message.contains("not valid UTF-8"), "{}", w[0].message);
    assert_eq!(articles(&items)[0].content, format!("{S1}\n{S2}"));
}

#[test]
fn utf16_text_with_bom() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in S4.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let items = collect_bytes("wide.txt", &bytes);
    assert!(
        warnings(&items).is_empty(),
        "UTF-16 is not binary: {items:?}"
    );
    assert_eq!(articles(&items)[0].content, S4);
}

#[test]
fn windows_1256_rss_declared_in_xml_prolog() {
    let rss = format!(
        "<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss version=\"2.0\"><channel><title>قناة</title><item><guid>i1</guid><title>عنوان</title><description>{S2}</description></item></channel></rss>"
    );
    let bytes = encode(WINDOWS_1256, &rss);
    let items = collect_bytes("legacy.rss", &bytes);
    assert!(warnings(&items).is_empty(), "{items:?}");
    let a = articles(&items);
    assert_eq!(a[0].content, S2);
    assert_eq!(a[0].title.as_deref(), Some("عنوان"));
}
