//! RSS 0.9x/1.0/2.0 and Atom, through feed-rs: each item is one article.

use std::io::BufRead;

use feed_rs::model::Entry;

use crate::io_util::{self, Whole};
use crate::{Ctx, Markup, RawArticle, MAX_FEED_BYTES};

pub(crate) fn read(ctx: &mut Ctx<'_>, r: &mut dyn BufRead) {
    let bytes = match io_util::read_whole(r, MAX_FEED_BYTES) {
        Whole::Ok(b) => b,
        Whole::TooLarge => {
            ctx.warn(format!(
                "feed larger than the {} limit; skipped",
                io_util::mb(MAX_FEED_BYTES as u64)
            ));
            return;
        }
        Whole::Failed(e) => {
            let msg = format!("{}; the feed is dropped", ctx.read_error(&e));
            ctx.warn(msg);
            return;
        }
    };
    // Ids are ours to choose: feed-rs would invent a random UUID for an
    // item without guid or link, which breaks re-runs.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    // A third-party parser on hostile input: a panic in it must cost one
    // file, not the batch.
    let parsed =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.parse(&bytes[..])));
    let feed = match parsed {
        Ok(Ok(f)) => f,
        Ok(Err(e)) => {
            ctx.warn(format!("malformed feed ({e}); skipped"));
            return;
        }
        Err(_) => {
            ctx.warn("the feed parser failed on this file; skipped");
            return;
        }
    };
    if feed.entries.is_empty() {
        ctx.warn("feed has no items");
        return;
    }
    let source = feed
        .title
        .as_ref()
        .map(|t| t.content.trim().to_owned())
        .filter(|s| !s.is_empty());
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let n = i + 1;
        match item(ctx, entry, n) {
            Some(mut a) => {
                a.source = source.clone();
                ctx.emit(a);
            }
            None => {
                let at = format!("{}#{n}", ctx.origin);
                ctx.warn_at(at, "feed item has no content or summary; skipped");
            }
        }
    }
}

/// Whether a feed text should go through the HTML path: declared HTML, or
/// "plain" text that carries tags anyway (RSS descriptions often do).
fn is_html(content_type: &str, body: &str) -> bool {
    content_type.contains("html")
        || ["</", "<br", "<p>", "<p ", "<img"]
            .iter()
            .any(|t| body.contains(t))
}

fn item(ctx: &Ctx<'_>, e: Entry, n: usize) -> Option<RawArticle> {
    let from_content = e.content.as_ref().and_then(|c| {
        let body = c.body.as_ref()?;
        (!body.trim().is_empty()).then(|| (c.content_type.to_string(), body.clone()))
    });
    let (ctype, body) = from_content.or_else(|| {
        let s = e.summary.as_ref()?;
        (!s.content.trim().is_empty()).then(|| (s.content_type.to_string(), s.content.clone()))
    })?;
    let markup = if is_html(&ctype, &body) {
        Markup::Html
    } else {
        Markup::Text
    };
    let url = e.links.first().map(|l| l.href.clone());
    let id = Some(e.id.trim().to_owned())
        .filter(|s| !s.is_empty())
        .or_else(|| url.clone())
        .unwrap_or_else(|| format!("{}#{n}", ctx.stem));
    let hash = io_util::sha256_hex(body.as_bytes());
    let mut a = RawArticle::new(id, format!("{}#{n}", ctx.origin), markup, body, hash);
    a.url = url;
    a.title = e
        .title
        .map(|t| t.content.trim().to_owned())
        .filter(|s| !s.is_empty());
    a.published = e.published.or(e.updated).map(|d| d.to_rfc3339());
    let authors: Vec<String> = e
        .authors
        .into_iter()
        .filter_map(|p| p.name)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    a.author = (!authors.is_empty()).then(|| authors.join(", "));
    Some(a)
}
