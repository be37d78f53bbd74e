//! Every supported container, written to a tempdir and read back.

mod common;

use common::*;
use rasad_ingest::{Item, Markup};

#[test]
fn txt_is_one_article_with_stem_id_and_raw_hash() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!("\u{FEFF}{S1}\n{S2}\n");
    let p = write(dir.path(), "wire-01.txt", body.as_bytes());
    let items = collect_paths(&[&p]);
    assert!(warnings(&items).is_empty(), "{items:?}");
    let a = articles(&items);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].id, "wire-01");
    assert_eq!(a[0].origin, p.display().to_string());
    assert_eq!(a[0].markup, Markup::Text);
    assert_eq!(a[0].content, format!("{S1}\n{S2}\n"), "BOM stripped");
    assert_eq!(a[0].content_hash, sha(body.as_bytes()));
    assert_eq!(a[0].url, None);
}

#[test]
fn html_is_one_article_marked_html() {
    let dir = tempfile::tempdir().unwrap();
    let html = format!("<!DOCTYPE html><html><head><title>خبر</title></head><body><p>{S1}</p><p>{S2}</p></body></html>");
    let p = write(dir.path(), "page.HTM", html.as_bytes());
    let items = collect_paths(&[p]);
    let a = articles(&items);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].markup, Markup::Html);
    assert_eq!(a[0].content, html);
    assert_eq!(a[0].id, "page");
}

#[test]
fn jsonl_fields_ids_and_origins() {
    let dir = tempfile::tempdir().unwrap();
    let l1 = serde_json::json!({
        "id": "a-1", "text": S1, "url": "https://example.org/a1",
        "published": "2024-02-01", "source": "وكالة الأنباء", "title": "خطة زراعية", "author": "سلمى"
    })
    .to_string();
    let l3 = serde_json::json!({"html": format!("<p>{S3}</p>")}).to_string();
    let l4 = serde_json::json!({"id": 77, "text": S4}).to_string();
    let data = format!("{l1}\r\n\n{l3}\n{l4}");
    let p = write(dir.path(), "batch.jsonl", data.as_bytes());
    let items = collect_paths(&[&p]);
    assert!(warnings(&items).is_empty(), "{items:?}");
    let a = articles(&items);
    assert_eq!(a.len(), 3);
    let origin = p.display().to_string();

    assert_eq!(a[0].id, "a-1");
    assert_eq!(a[0].origin, format!("{origin}#1"));
    assert_eq!(a[0].content, S1);
    assert_eq!(a[0].markup, Markup::Text);
    assert_eq!(a[0].url.as_deref(), Some("https://example.org/a1"));
    assert_eq!(a[0].published.as_deref(), Some("2024-02-01"));
    assert_eq!(a[0].source.as_deref(), Some("وكالة الأنباء"));
    assert_eq!(a[0].title.as_deref(), Some("خطة زراعية"));
    assert_eq!(a[0].author.as_deref(), Some("سلمى"));
    assert_eq!(
        a[0].content_hash,
        sha(l1.as_bytes()),
        "hash of the line without CRLF"
    );

    assert_eq!(a[1].id, "batch#3", "no id: stem#line");
    assert_eq!(a[1].origin, format!("{origin}#3"));
    assert_eq!(a[1].markup, Markup::Html);
    assert_eq!(a[1].content, format!("<p>{S3}</p>"));

    assert_eq!(a[2].id, "77");
    assert_eq!(a[2].content, S4);
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>أخبار الريف</title>
  <link>https://example.org/</link>
  <item>
    <title>خطة لدعم المزارعين</title>
    <link>https://example.org/news/1</link>
    <guid isPermaLink="false">rif-0001</guid>
    <pubDate>Tue, 05 Mar 2024 08:30:00 +0000</pubDate>
    <dc:creator>سلمى الراشد</dc:creator>
    <description>ملخص قصير</description>
    <content:encoded><![CDATA[<p>S1</p><p>S2</p>]]></content:encoded>
  </item>
  <item>
    <title>جسر جديد</title>
    <link>https://example.org/news/2</link>
    <description>S3</description>
  </item>
  <item>
    <title>بلا نص</title>
  </item>
</channel>
</rss>"#;

#[test]
fn rss_items_become_articles() {
    let dir = tempfile::tempdir().unwrap();
    let rss = RSS.replace("S1", S1).replace("S2", S2).replace("S3", S3);
    let p = write(dir.path(), "feed.rss", rss.as_bytes());
    let items = collect_paths(&[&p]);
    let origin = p.display().to_string();
    let a = articles(&items);
    assert_eq!(a.len(), 2, "{items:?}");
    assert_eq!(a[0].id, "rif-0001");
    assert_eq!(a[0].origin, format!("{origin}#1"));
    assert_eq!(a[0].title.as_deref(), Some("خطة لدعم المزارعين"));
    assert_eq!(a[0].url.as_deref(), Some("https://example.org/news/1"));
    assert_eq!(a[0].published.as_deref(), Some("2024-03-05T08:30:00+00:00"));
    assert_eq!(a[0].author.as_deref(), Some("سلمى الراشد"));
    assert_eq!(a[0].source.as_deref(), Some("أخبار الريف"));
    assert_eq!(a[0].markup, Markup::Html);
    assert_eq!(
        a[0].content,
        format!("<p>{S1}</p><p>{S2}</p>"),
        "content:encoded over description"
    );
    assert_eq!(a[0].content_hash, sha(a[0].content.as_bytes()));
    // No guid: the link is the id; description is the content.
    assert_eq!(a[1].id, "https://example.org/news/2");
    assert_eq!(a[1].content, S3);
    // RSS descriptions may carry escaped HTML, so they take the HTML path.
    assert_eq!(a[1].markup, Markup::Html);
    let w = warnings(&items);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].source, format!("{origin}#3"));
    assert!(w[0].message.contains("no content"), "{}", w[0].message);
}

#[test]
fn atom_feed_in_xml_file() {
    let dir = tempfile::tempdir().unwrap();
    let atom = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>نشرة المدينة</title>
  <id>urn:example:feed</id>
  <updated>2024-03-06T12:00:00Z</updated>
  <entry>
    <title>أمطار غزيرة</title>
    <id>urn:example:entry:9</id>
    <link href="https://example.org/rain"/>
    <published>2024-03-06T09:15:00Z</published>
    <updated>2024-03-06T11:00:00Z</updated>
    <author><name>كريم</name></author>
    <content type="html">&lt;p&gt;{S4}&lt;/p&gt;</content>
  </entry>
</feed>"#
    );
    let p = write(dir.path(), "city.xml", atom.as_bytes());
    let items = collect_paths(&[p]);
    assert!(warnings(&items).is_empty(), "{items:?}");
    let a = articles(&items);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].id, "urn:example:entry:9");
    assert_eq!(a[0].url.as_deref(), Some("https://example.org/rain"));
    assert_eq!(a[0].published.as_deref(), Some("2024-03-06T09:15:00+00:00"));
    assert_eq!(a[0].author.as_deref(), Some("كريم"));
    assert_eq!(a[0].markup, Markup::Html);
    assert_eq!(a[0].content, format!("<p>{S4}</p>"));
}

/// A small crawl: metadata, a request, an HTML page, an image, a redirect,
/// a second page. Only the two pages are articles.
fn crawl() -> (Vec<Vec<u8>>, Vec<u8>, Vec<u8>) {
    let page1 = format!("<html><body><p>{S1}</p></body></html>").into_bytes();
    let page2 = format!("<html><body><p>{S3}</p></body></html>").into_bytes();
    let records = vec![
        warc_record(
            "warcinfo",
            "",
            "urn:uuid:info",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        warc_record(
            "request",
            "https://example.org/p1",
            "urn:uuid:req1",
            "application/http; msgtype=request",
            b"GET /p1 HTTP/1.1\r\nHost: example.org\r\n\r\n",
        ),
        warc_record(
            "response",
            "https://example.org/p1",
            "urn:uuid:resp1",
            "application/http; msgtype=response",
            &http("200 OK", "text/html; charset=utf-8", &page1),
        ),
        warc_record(
            "response",
            "https://example.org/logo.png",
            "urn:uuid:img",
            "application/http; msgtype=response",
            &http("200 OK", "image/png", b"\x89PNG\r\n\x1a\n\0\0\0"),
        ),
        warc_record(
            "response",
            "https://example.org/old",
            "urn:uuid:moved",
            "application/http; msgtype=response",
            &http(
                "301 Moved Permanently",
                "text/html",
                b"<a href=/p1>moved</a>",
            ),
        ),
        warc_record(
            "response",
            "https://example.org/p2",
            "urn:uuid:resp2",
            "application/http; msgtype=response",
            &http("200 OK", "text/html", &page2),
        ),
    ];
    (records, page1, page2)
}

fn check_crawl(items: &[Item], origin: &str, page1: &[u8]) {
    assert!(warnings(items).is_empty(), "{items:?}");
    let a = articles(items);
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].id, "urn:uuid:resp1");
    assert_eq!(a[0].origin, format!("{origin}#3"));
    assert_eq!(a[0].url.as_deref(), Some("https://example.org/p1"));
    assert_eq!(a[0].published.as_deref(), Some("2024-03-05T10:20:30Z"));
    assert_eq!(a[0].markup, Markup::Html);
    assert_eq!(a[0].content.as_bytes(), page1, "HTTP headers stripped");
    assert_eq!(a[0].content_hash, sha(page1));
    assert_eq!(a[1].id, "urn:uuid:resp2");
    assert_eq!(a[1].origin, format!("{origin}#6"));
    assert!(a[1].content.contains(S3));
}

#[test]
fn warc_and_member_per_record_warc_gz() {
    let dir = tempfile::tempdir().unwrap();
    let (records, page1, _) = crawl();
    let plain = write(dir.path(), "crawl.warc", &records.concat());
    let gz: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let gzp = write(dir.path(), "crawl2.warc.gz", &gz);
    check_crawl(
        &collect_paths(&[&plain]),
        &plain.display().to_string(),
        &page1,
    );
    check_crawl(&collect_paths(&[&gzp]), &gzp.display().to_string(), &page1);
    // One gzip member for the whole file reads the same.
    let whole = write(dir.path(), "crawl3.warc.gz", &gzip(&records.concat()));
    check_crawl(
        &collect_paths(&[&whole]),
        &whole.display().to_string(),
        &page1,
    );
}

#[test]
fn warc_chunked_and_gzip_encoded_bodies() {
    let page = format!("<html><body><p>{S2}</p></body></html>");
    let (a, b) = page.as_bytes().split_at(10);
    let mut chunked = format!("{:x}\r\n", a.len()).into_bytes();
    chunked.extend_from_slice(a);
    chunked.extend_from_slice(format!("\r\n{:x}\r\n", b.len()).as_bytes());
    chunked.extend_from_slice(b);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let mut resp1 =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
            .to_vec();
    resp1.extend_from_slice(&chunked);
    let mut resp2 =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
    resp2.extend_from_slice(&gzip(page.as_bytes()));
    let warc = [
        warc_record(
            "response",
            "https://example.org/c",
            "urn:uuid:c",
            "application/http",
            &resp1,
        ),
        warc_record(
            "response",
            "https://example.org/g",
            "urn:uuid:g",
            "application/http",
            &resp2,
        ),
    ]
    .concat();
    let items = collect_bytes("enc.warc", &warc);
    assert!(warnings(&items).is_empty(), "{items:?}");
    let a = articles(&items);
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].content, page);
    assert_eq!(a[1].content, page);
    assert_eq!(
        a[0].content_hash, a[1].content_hash,
        "hash of the decoded entity"
    );
}

#[test]
fn gzipped_jsonl_and_txt() {
    let dir = tempfile::tempdir().unwrap();
    let jl = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "g1", "text": S1}),
        serde_json::json!({"id": "g2", "text": S2})
    );
    let p1 = write(dir.path(), "day.jsonl.gz", &gzip(jl.as_bytes()));
    let p2 = write(dir.path(), "note.txt.gz", &gzip(S3.as_bytes()));
    let items = collect_paths(&[p1, p2.clone()]);
    assert!(warnings(&items).is_empty(), "{items:?}");
    let a = articles(&items);
    let ids: Vec<&str> = a.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["g1", "g2", "note"]);
    assert_eq!(a[2].content, S3);
    assert_eq!(
        a[2].content_hash,
        sha(S3.as_bytes()),
        "hash of the decompressed bytes"
    );
    assert_eq!(a[2].origin, p2.display().to_string());
}

#[test]
fn folders_walk_sorted_skip_hidden_and_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "b.txt", S2.as_bytes());
    write(d, "a.txt", S1.as_bytes());
    write(d, "sub/c.html", format!("<p>{S3}</p>").as_bytes());
    write(
        d,
        "sub/deeper/d.jsonl",
        serde_json::json!({"id": "d", "text": S4})
            .to_string()
            .as_bytes(),
    );
    write(d, ".hidden.txt", b"should not be read");
    write(d, ".git/e.txt", b"should not be read");
    write(d, "notes.md", b"not an input");
    write(d, "photo.png", b"\x89PNG\0\0");
    write(d, "blob.gz", &gzip(S4.as_bytes()));
    let items = collect_paths(&[d.to_path_buf()]);
    assert!(
        warnings(&items).is_empty(),
        "unknown files in folders are silent: {items:?}"
    );
    let origins: Vec<String> = articles(&items).iter().map(|a| rel(d, &a.origin)).collect();
    assert_eq!(
        origins,
        ["a.txt", "b.txt", "sub/c.html", "sub/deeper/d.jsonl#1"]
    );
}

#[test]
fn stdin_origin_sniffs_every_format() {
    let jl = serde_json::json!({"id": "s1", "text": S1}).to_string();
    let items = collect_bytes("-", jl.as_bytes());
    let a = articles(&items);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].id, "s1");
    assert_eq!(a[0].origin, "<stdin>#1");

    let items = collect_bytes("-", S2.as_bytes());
    let a = articles(&items);
    assert_eq!((a[0].id.as_str(), a[0].markup), ("stdin", Markup::Text));
    assert_eq!(a[0].origin, "<stdin>");

    let html = format!("  <!doctype html><html><p>{S3}</p></html>");
    let a = collect_bytes("-", html.as_bytes());
    assert_eq!(articles(&a)[0].markup, Markup::Html);

    let rss = RSS.replace("S1", S1).replace("S2", S2).replace("S3", S3);
    assert_eq!(articles(&collect_bytes("-", rss.as_bytes())).len(), 2);

    let (records, page1, _) = crawl();
    check_crawl(&collect_bytes("-", &records.concat()), "<stdin>", &page1);
    // gzip is recognised by its magic bytes, then sniffed again.
    let items = collect_bytes("-", &gzip(jl.as_bytes()));
    assert_eq!(articles(&items)[0].content, S1);
}

#[test]
fn read_bytes_uses_the_origin_extension() {
    // A .txt that starts with "{" stays text: the name wins over sniffing.
    let items = collect_bytes("memo.txt", b"{ not json }");
    let a = articles(&items);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].markup, Markup::Text);
    assert_eq!(a[0].id, "memo");
}

/// Hands out one byte per read: every buffer boundary falls everywhere.
struct Trickle<'a>(&'a [u8]);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match (self.0.split_first(), buf.is_empty()) {
            (Some((b, rest)), false) => {
                buf[0] = *b;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

#[test]
fn read_reader_with_one_byte_reads() {
    let (records, page1, _) = crawl();
    let gz: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let mut items = Vec::new();
    rasad_ingest::read_reader("pipe", Trickle(&gz), |i| items.push(i));
    check_crawl(&items, "pipe", &page1);

    let jl = format!(
        "{}\r\n{}\n",
        serde_json::json!({"id": "t1", "text": S1}),
        serde_json::json!({"id": "t2", "text": S2})
    );
    let mut items = Vec::new();
    rasad_ingest::read_reader("pipe", Trickle(jl.as_bytes()), |i| items.push(i));
    let a = articles(&items);
    assert_eq!(a.len(), 2, "{items:?}");
    assert_eq!((a[0].id.as_str(), a[0].content.as_str()), ("t1", S1));
    assert_eq!((a[1].id.as_str(), a[1].content.as_str()), ("t2", S2));
}

#[test]
fn shared_seed_folder_reads_as_plain_text_articles() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    };
    let txt = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".txt"))
        .count();
    let items = collect_paths(&[&dir]);
    assert!(warnings(&items).is_empty(), "{:?}", warnings(&items));
    let a = articles(&items);
    assert_eq!(a.len(), txt);
    let mut origins: Vec<&str> = a.iter().map(|a| a.origin.as_str()).collect();
    let in_order = origins.clone();
    origins.sort();
    assert_eq!(in_order, origins, "folder order is sorted");
    for art in a {
        assert_eq!(art.markup, Markup::Text);
        assert!(art
            .content
            .chars()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)));
        assert_eq!(art.content_hash.len(), 64);
    }
}
