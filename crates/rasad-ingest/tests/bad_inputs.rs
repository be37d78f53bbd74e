//! A corpus of broken inputs generated at test time: each problem becomes
//! exactly the expected warning, and the good files around them still read.

mod common;

use common::*;
use encoding_rs::WINDOWS_1256;

fn page(s: &str) -> Vec<u8> {
    format!("<html><body><p>{s}</p></body></html>").into_bytes()
}

fn response(n: usize, s: &str) -> Vec<u8> {
    warc_record(
        "response",
        &format!("https://example.org/{n}"),
        &format!("urn:uuid:r{n}"),
        "application/http; msgtype=response",
        &http("200 OK", "text/html; charset=utf-8", &page(s)),
    )
}

fn jl(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "text": text}).to_string()
}

#[test]
fn bad_corpus_gives_exact_warnings_and_keeps_good_records() {
    let tmp = tempfile::tempdir().unwrap();
    let d = &tmp.path().join("batch");

    write(d, "a_good.txt", S1.as_bytes());
    write(
        d,
        "b_binary.txt",
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
    );
    write(
        d,
        "c_controls.html",
        &[
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06, b'<', b'p', b'>', 0x10, 0x11,
        ],
    );
    write(d, "d_empty.txt", b"");
    write(d, "e_blank.txt", b" \n\t\r\n ");
    write(d, "f_legacy.txt", &WINDOWS_1256.encode(S2).0);

    // A 50 MB single line between two good ones.
    let mut big = jl("g1", S1).into_bytes();
    big.push(b'\n');
    big.extend_from_slice(b"{\"id\": \"huge\", \"text\": \"");
    big.resize(big.len() + 50 * 1024 * 1024, b'x');
    big.extend_from_slice(b"\"}\n");
    big.extend_from_slice(jl("g3", S3).as_bytes());
    write(d, "g_big.jsonl", &big);

    let mut huge_txt = Vec::new();
    while huge_txt.len() <= 21 * 1024 * 1024 {
        huge_txt.extend_from_slice(S4.as_bytes());
        huge_txt.push(b'\n');
    }
    write(d, "h_big.txt", &huge_txt);

    let malformed = format!("<html><body><p>{S1}<div><b>غير مغلق</i></table>");
    write(d, "i_malformed.html", malformed.as_bytes());

    let bad_jsonl = [
        "{\"id\": \"x\", \"text\": ".to_owned(),
        "{\"id\": \"y\"}".to_owned(),
        "[1, 2]".to_owned(),
        "{\"id\": \"w\", \"text\": \"  \"}".to_owned(),
        jl("j5", S4),
    ]
    .join("\n");
    write(d, "j_bad.jsonl", bad_jsonl.as_bytes());

    write(
        d,
        "k_bad.rss",
        format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>{S1}</ti")
            .as_bytes(),
    );
    write(
        d,
        "l_notfeed.xml",
        b"<?xml version=\"1.0\"?><config><key>v</key></config>",
    );

    // Member-per-record WARC, cut in the middle of the third member.
    let mut warc_gz: Vec<u8> = [response(1, S1), response(2, S2)]
        .iter()
        .flat_map(|r| gzip(r))
        .collect();
    let third = gzip(&response(3, S3));
    warc_gz.extend_from_slice(&third[..third.len() / 2]);
    write(d, "m_trunc.warc.gz", &warc_gz);

    // Member-per-line JSONL, cut in the third line's member.
    let mut jsonl_gz: Vec<u8> = Vec::new();
    for (i, s) in [S1, S2].iter().enumerate() {
        jsonl_gz.extend(gzip(
            format!("{}\n", jl(&format!("n{}", i + 1), s)).as_bytes(),
        ));
    }
    let third = gzip(format!("{}\n", jl("n3", S3)).as_bytes());
    jsonl_gz.extend_from_slice(&third[..third.len() - 12]);
    write(d, "n_trunc.jsonl.gz", &jsonl_gz);

    write(d, "o_notwarc.warc", "مجرد نص وليس أرشيفاً".as_bytes());
    std::os::unix::fs::symlink(d.join("gone.txt"), d.join("p_dangling.txt")).unwrap();

    // Plain WARC whose second record claims more bytes than the file has.
    let mut q = response(1, S1);
    let second = response(2, S2);
    q.extend_from_slice(&second[..second.len() - 40]);
    write(d, "q_trunc.warc", &q);

    let mut corrupt = vec![0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0xff];
    corrupt.extend_from_slice(b"this is not deflate data at all, not at all");
    write(d, "r_corrupt.txt.gz", &corrupt);
    let cut = gzip(S2.repeat(50).as_bytes());
    write(d, "s_cut.txt.gz", &cut[..cut.len() / 2]);

    write(d, "zz_good.jsonl", jl("last", S4).as_bytes());

    let missing = tmp.path().join("nope/missing.txt");
    let unknown = write(tmp.path(), "photo.png", b"\x89PNG\r\n\x1a\n");

    let items = collect_paths(&[missing, d.clone(), unknown]);

    let got: Vec<(String, String)> = warnings(&items)
        .iter()
        .map(|w| (rel(tmp.path(), &w.source), w.message.clone()))
        .collect();
    let expected: &[(&str, &str)] = &[
        ("nope/missing.txt", "no such file"),
        ("batch/b_binary.txt", "binary"),
        ("batch/c_controls.html", "binary"),
        ("batch/d_empty.txt", "empty file"),
        ("batch/e_blank.txt", "only whitespace"),
        ("batch/f_legacy.txt", "windows-1256"),
        (
            "batch/g_big.jsonl:2",
            "line is 50.0 MiB long, over the 20.0 MiB record limit",
        ),
        ("batch/h_big.txt", "record limit"),
        ("batch/j_bad.jsonl:1", "malformed JSON"),
        ("batch/j_bad.jsonl:2", "no \"text\" or \"html\""),
        ("batch/j_bad.jsonl:3", "not a JSON object"),
        ("batch/j_bad.jsonl:4", "empty"),
        ("batch/k_bad.rss", "malformed feed"),
        ("batch/l_notfeed.xml", "not an RSS or Atom feed"),
        (
            "batch/m_trunc.warc.gz#3",
            "gzip data is truncated or corrupt",
        ),
        (
            "batch/n_trunc.jsonl.gz:3",
            "gzip data is truncated or corrupt",
        ),
        ("batch/o_notwarc.warc", "not a WARC file"),
        ("batch/p_dangling.txt", "no such file"),
        ("batch/q_trunc.warc#2", "truncated"),
        (
            "batch/r_corrupt.txt.gz",
            "gzip data is truncated or corrupt",
        ),
        ("batch/s_cut.txt.gz", "gzip data is truncated or corrupt"),
        ("photo.png", "unknown file type"),
    ];
    let sources: Vec<&str> = got.iter().map(|(s, _)| s.as_str()).collect();
    let want: Vec<&str> = expected.iter().map(|(s, _)| *s).collect();
    assert_eq!(sources, want, "warnings: {got:#?}");
    for ((src, msg), (_, needle)) in got.iter().zip(expected) {
        assert!(
            msg.contains(needle),
            "{src}: {msg:?} should mention {needle:?}"
        );
    }

    let origins: Vec<String> = articles(&items)
        .iter()
        .map(|a| rel(tmp.path(), &a.origin))
        .collect();
    assert_eq!(
        origins,
        [
            "batch/a_good.txt",
            "batch/f_legacy.txt",
            "batch/g_big.jsonl#1",
            "batch/g_big.jsonl#3",
            "batch/i_malformed.html",
            "batch/j_bad.jsonl#5",
            "batch/m_trunc.warc.gz#1",
            "batch/m_trunc.warc.gz#2",
            "batch/n_trunc.jsonl.gz#1",
            "batch/n_trunc.jsonl.gz#2",
            "batch/q_trunc.warc#1",
            "batch/zz_good.jsonl#1",
        ]
    );
    let a = articles(&items);
    assert_eq!(a[1].content, S2, "legacy text decoded");
    assert_eq!(
        a[4].content, malformed,
        "malformed HTML is still an article"
    );
    assert_eq!(a[7].url.as_deref(), Some("https://example.org/2"));
}

#[test]
fn read_bytes_never_panics_on_arbitrary_prefixes() {
    // Every prefix of every format, including cuts inside multi-byte chars
    // and gzip members: each yields items or warnings, never a panic.
    let warc = [response(1, S1), response(2, S2)].concat();
    let rss = format!("<rss version=\"2.0\"><channel><item><guid>1</guid><description>{S3}</description></item></channel></rss>");
    let jsonl = format!("{}\n{}\n", jl("a", S1), jl("b", S2));
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        ("x.warc", warc.clone()),
        ("x.warc.gz", gzip(&warc)),
        ("x.rss", rss.into_bytes()),
        ("x.jsonl", jsonl.clone().into_bytes()),
        ("x.jsonl.gz", gzip(jsonl.as_bytes())),
        ("x.html", page(S4)),
        ("-", jsonl.into_bytes()),
    ];
    for (origin, bytes) in inputs {
        let mut full_articles = 0;
        for cut in (0..=bytes.len()).step_by(7).chain([bytes.len()]) {
            let items = collect_bytes(origin, &bytes[..cut]);
            assert!(!items.is_empty(), "{origin} cut at {cut}: silence");
            if cut == bytes.len() {
                full_articles = articles(&items).len();
                assert!(warnings(&items).is_empty(), "{origin}: {items:?}");
            }
        }
        assert!(full_articles >= 1, "{origin}");
    }
}
