//! JSON Lines: one article per line, read one line at a time.

use std::io::BufRead;

use serde_json::{Map, Value};

use crate::io_util::{self, Line};
use crate::{Ctx, Markup, RawArticle, MAX_RECORD_BYTES};

pub(crate) fn read(ctx: &mut Ctx<'_>, r: &mut dyn BufRead) {
    let mut buf = Vec::new();
    let mut line_no: u64 = 0;
    loop {
        let outcome = io_util::read_line_bounded(r, &mut buf, MAX_RECORD_BYTES);
        match outcome {
            Err(e) => {
                let at = format!("{}:{}", ctx.origin, line_no + 1);
                let msg = format!("{}; the lines before it were kept", ctx.read_error(&e));
                ctx.warn_at(at, msg);
                return;
            }
            Ok(Line::Eof) => return,
            Ok(Line::TooLong(n)) => {
                line_no += 1;
                let at = format!("{}:{line_no}", ctx.origin);
                ctx.warn_at(
                    at,
                    format!(
                        "line is {} long, over the {} record limit; skipped",
                        io_util::mb(n),
                        io_util::mb(MAX_RECORD_BYTES as u64)
                    ),
                );
            }
            Ok(Line::Ok) => {
                line_no += 1;
                let raw: &[u8] = if line_no == 1 {
                    buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf)
                } else {
                    &buf
                };
                read_line(ctx, raw, line_no);
            }
        }
    }
}

fn read_line(ctx: &mut Ctx<'_>, raw: &[u8], line_no: u64) {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return;
    }
    let at = format!("{}:{line_no}", ctx.origin);
    let decoded = crate::decode::decode_text(raw);
    if let Some(note) = decoded.note {
        ctx.warn_at(at.clone(), note);
    }
    let obj = match serde_json::from_str::<Value>(&decoded.text) {
        Ok(Value::Object(o)) => o,
        Ok(_) => {
            ctx.warn_at(at, "not a JSON object; skipped");
            return;
        }
        Err(e) => {
            ctx.warn_at(at, format!("malformed JSON ({e}); skipped"));
            return;
        }
    };
    let (markup, content) = match (obj.get("text"), obj.get("html")) {
        (Some(Value::String(t)), _) => (Markup::Text, t),
        (_, Some(Value::String(h))) => (Markup::Html, h),
        (Some(_), _) | (_, Some(_)) => {
            ctx.warn_at(at, "\"text\"/\"html\" is not a string; skipped");
            return;
        }
        (None, None) => {
            ctx.warn_at(at, "no \"text\" or \"html\" field; skipped");
            return;
        }
    };
    if content.trim().is_empty() {
        ctx.warn_at(at, "empty \"text\"/\"html\"; skipped");
        return;
    }
    let id = scalar(&obj, "id").unwrap_or_else(|| format!("{}#{line_no}", ctx.stem));
    let mut article = RawArticle::new(
        id,
        format!("{}#{line_no}", ctx.origin),
        markup,
        content.clone(),
        io_util::sha256_hex(raw),
    );
    article.url = scalar(&obj, "url");
    article.title = scalar(&obj, "title");
    article.published = scalar(&obj, "published");
    article.source = scalar(&obj, "source");
    article.author = scalar(&obj, "author");
    ctx.emit(article);
}

/// A string or number field as a non-blank string.
fn scalar(obj: &Map<String, Value>, key: &str) -> Option<String> {
    let s = match obj.get(key)? {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}
