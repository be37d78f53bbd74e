//! Bytes to UTF-8. Arabic sources in the wild are UTF-8, windows-1256 or
//! ISO-8859-6, and their declarations are not always true, so each decision
//! that is a guess comes with a note the caller turns into a warning.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1256};

/// How far into an HTML document a `<meta>` charset is looked for. The HTML
/// standard's prescan uses 1024 bytes; pages with long `<head>`s put it later.
const META_SCAN: usize = 4096;

/// Decoded text plus, when the decoding was a guess or lossy, why.
pub(crate) struct Decoded {
    pub text: String,
    pub note: Option<String>,
}

fn bom(bytes: &[u8]) -> Option<(&'static Encoding, &[u8])> {
    Encoding::for_bom(bytes).map(|(enc, len)| (enc, &bytes[len..]))
}

fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> (String, bool) {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    (text.into_owned(), had_errors)
}

/// Plain text: BOM, else UTF-8, else windows-1256.
pub(crate) fn decode_text(bytes: &[u8]) -> Decoded {
    if let Some((enc, rest)) = bom(bytes) {
        let (text, errors) = decode_with(enc, rest);
        let note = errors.then(|| format!("invalid {} bytes replaced", enc.name()));
        return Decoded { text, note };
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded {
            text: s.to_owned(),
            note: None,
        },
        Err(_) => fallback_1256(bytes, "not valid UTF-8"),
    }
}

fn fallback_1256(bytes: &[u8], why: &str) -> Decoded {
    let (text, _) = decode_with(WINDOWS_1256, bytes);
    Decoded {
        text,
        note: Some(format!("{why}; decoded as windows-1256")),
    }
}

/// An encoding from a label found in a document or header. UTF-16 labels in
/// an ASCII-compatible document are wrong by construction (the HTML standard
/// maps them to UTF-8); the `replacement` encoding would discard everything.
fn for_label(label: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    if enc == UTF_16LE || enc == UTF_16BE {
        return Some(UTF_8);
    }
    if enc == encoding_rs::REPLACEMENT {
        return None;
    }
    Some(enc)
}

/// The value after `charset=` in `s` (a Content-Type value or a tag), if any.
pub(crate) fn charset_param(s: &[u8]) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let at = memchr::memmem::find(&lower, b"charset")?;
    let mut i = at + b"charset".len();
    while i < s.len() && s[i].is_ascii_whitespace() {
        i += 1;
    }
    if s.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while i < s.len() && (s[i].is_ascii_whitespace() || s[i] == b'"' || s[i] == b'\'') {
        i += 1;
    }
    let start = i;
    while i < s.len() && !matches!(s[i], b'"' | b'\'' | b';' | b'>' | b'/' | b',') {
        if s[i].is_ascii_whitespace() {
            break;
        }
        i += 1;
    }
    (i > start).then(|| String::from_utf8_lossy(&s[start..i]).into_owned())
}

/// The charset named by the first `<meta>` tag that names one, in the first
/// [`META_SCAN`] bytes. Covers both `<meta charset=…>` and
/// `<meta http-equiv="Content-Type" content="…; charset=…">`.
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(META_SCAN)];
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        if let Some(cs) = charset_param(&head[start..end]) {
            return Some(cs);
        }
        from = end.max(start + 1);
    }
    None
}

/// HTML: BOM, then `<meta>` charset, then the transport's (HTTP header)
/// charset, else UTF-8 when valid, else windows-1256.
pub(crate) fn decode_html(bytes: &[u8], transport: Option<&str>) -> Decoded {
    if let Some((enc, rest)) = bom(bytes) {
        let (text, errors) = decode_with(enc, rest);
        let note = errors.then(|| format!("invalid {} bytes replaced", enc.name()));
        return Decoded { text, note };
    }
    let declared = meta_charset(bytes)
        .and_then(|l| for_label(&l).map(|e| (e, "<meta>")))
        .or_else(|| transport.and_then(for_label).map(|e| (e, "HTTP header")));
    let utf8 = std::str::from_utf8(bytes).ok();
    match declared {
        Some((enc, _)) if enc == UTF_8 => match utf8 {
            Some(s) => Decoded {
                text: s.to_owned(),
                note: None,
            },
            None => declared_utf8_but_invalid(bytes),
        },
        Some((enc, place)) => {
            // Sites that moved to UTF-8 often kept their old meta tag. Arabic
            // text in a legacy single-byte charset is practically never valid
            // UTF-8, so valid non-ASCII UTF-8 means the declaration is stale.
            if let Some(s) = utf8.filter(|s| !s.is_ascii()) {
                return Decoded {
                    text: s.to_owned(),
                    note: Some(format!(
                        "{place} declares {} but the bytes are valid UTF-8; decoded as UTF-8",
                        enc.name()
                    )),
                };
            }
            let (text, errors) = decode_with(enc, bytes);
            let note = errors.then(|| format!("invalid {} bytes replaced", enc.name()));
            Decoded { text, note }
        }
        None => match utf8 {
            Some(s) => Decoded {
                text: s.to_owned(),
                note: None,
            },
            None => fallback_1256(bytes, "no charset declared and not valid UTF-8"),
        },
    }
}

/// A page that says UTF-8 but is not: a few bad sequences (a cut multi-byte
/// char) are replaced; many mean the page is really in a legacy charset.
fn declared_utf8_but_invalid(bytes: &[u8]) -> Decoded {
    let (text, _) = decode_with(UTF_8, bytes);
    let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
    if bad <= 3 {
        Decoded {
            text,
            note: Some(format!("{bad} invalid UTF-8 sequence(s) replaced")),
        }
    } else {
        fallback_1256(bytes, "declared UTF-8 but not valid UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_param_forms() {
        assert_eq!(
            charset_param(b"text/html; charset=Windows-1256").as_deref(),
            Some("Windows-1256")
        );
        assert_eq!(
            charset_param(b"<meta charset=\"iso-8859-6\" />").as_deref(),
            Some("iso-8859-6")
        );
        assert_eq!(charset_param(b"text/html"), None);
    }

    #[test]
    fn meta_then_transport() {
        let (bytes, _, _) = WINDOWS_1256.encode("<p>مرحبا</p>");
        let d = decode_html(&bytes, Some("windows-1256"));
        assert_eq!(d.text, "<p>مرحبا</p>");
        assert!(d.note.is_none());
        let d = decode_html(&bytes, None);
        assert_eq!(d.text, "<p>مرحبا</p>");
        assert!(d.note.is_some());
    }

    #[test]
    fn stale_legacy_declaration_on_utf8_page() {
        let html = "<meta charset=windows-1256><p>مرحبا</p>";
        let d = decode_html(html.as_bytes(), None);
        assert_eq!(d.text, html);
        assert!(d.note.unwrap().contains("valid UTF-8"));
    }
}
