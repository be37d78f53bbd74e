//! HTML → text blocks plus page metadata, in one iterative DOM walk.
//!
//! Page furniture elements (scripts, navigation, header/footer, asides,
//! forms, figures) produce no blocks. Every other block-level element
//! boundary ends a block; each block remembers how much of its text sat in
//! links and what the innermost class/id hint around it said.

use scraper::{Html, Node};

use crate::data::{Hint, Hints};
use crate::norm::squash;

/// One block of page text with the features the HTML gives for free.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlBlock {
    pub text: String,
    /// Non-space chars inside `<a>`.
    pub link_chars: usize,
    /// 1–6 for `<h1>`…`<h6>`.
    pub heading: Option<u8>,
    /// Innermost class/id hint among the block's ancestors.
    pub hint: Option<Hint>,
    /// Inside `<li>`/`<dd>`/`<dt>`.
    pub list_item: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlMeta {
    pub title_tag: Option<String>,
    pub og_title: Option<String>,
    pub h1: Option<String>,
    pub site_name: Option<String>,
    /// Date strings from metadata, best first.
    pub published: Vec<String>,
    pub author: Option<String>,
    /// Text of containers hinted as bylines.
    pub byline_text: Option<String>,
}

const SKIP: &[&str] = &[
    "head",
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "object",
    "embed",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "option",
    "textarea",
    "input",
    "label",
    "figure",
    "figcaption",
    "picture",
    "video",
    "audio",
    "map",
    "dialog",
    "menu",
];

const BLOCK: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "thead",
    "td",
    "th",
    "tr",
    "ul",
    "br",
    "caption",
    "summary",
    "center",
];

/// Roles that mark page furniture whatever the tag.
const SKIP_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alert",
    "menu",
    "menubar",
];

struct Walker<'h> {
    hints: &'h Hints,
    blocks: Vec<HtmlBlock>,
    cur: String,
    cur_links: usize,
    cur_heading: Option<u8>,
    cur_list: bool,
    /// (node depth, hint) of hinted open ancestors.
    hint_stack: Vec<(usize, Hint)>,
    link_depth: usize,
    heading: Option<(usize, u8)>,
    list_depth: usize,
}

impl Walker<'_> {
    fn flush(&mut self) {
        let text = squash(&self.cur);
        if !text.is_empty() {
            self.blocks.push(HtmlBlock {
                text,
                link_chars: self.cur_links,
                heading: self.cur_heading,
                hint: self.hint_stack.last().map(|h| h.1),
                list_item: self.cur_list,
            });
        }
        self.cur.clear();
        self.cur_links = 0;
        self.cur_heading = None;
        self.cur_list = false;
    }

    fn text(&mut self, t: &str) {
        if self.cur.trim().is_empty() {
            // The block's features are those in force where its text starts.
            self.cur_heading = self.heading.map(|h| h.1);
            self.cur_list = self.list_depth > 0;
        }
        if self.link_depth > 0 {
            self.cur_links += t.chars().filter(|c| !c.is_whitespace()).count();
        }
        self.cur.push_str(t);
    }
}

fn first_nonempty(s: &str) -> Option<String> {
    let s = squash(s);
    (!s.is_empty()).then_some(s)
}

/// `"datePublished": "…"` in JSON-LD, found by a plain scan.
fn json_ld_date(script: &str) -> Option<String> {
    let at = script.find("\"datePublished\"")?;
    let rest = &script[at + "\"datePublished\"".len()..];
    let rest = rest
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].to_string())
}

pub fn walk(source: &str, hints: &Hints) -> (Vec<HtmlBlock>, HtmlMeta) {
    let doc = Html::parse_document(source);
    let mut meta = HtmlMeta::default();
    let mut w = Walker {
        hints,
        blocks: Vec::new(),
        cur: String::new(),
        cur_links: 0,
        cur_heading: None,
        cur_list: false,
        hint_stack: Vec::new(),
        link_depth: 0,
        heading: None,
        list_depth: 0,
    };
    // Depth of the skipped element we are inside, if any.
    let mut skip: Option<usize> = None;
    let mut depth = 0usize;
    let mut title_buf: Option<String> = None;
    let mut h1_buf: Option<String> = None;
    let mut byline_buf: Option<(usize, String)> = None;
    let mut byline_seen = false;
    let mut ld_json = false;
    let mut meta_time: Option<String> = None;

    // Iterative pre/post-order walk ((true, n) = open, (false, n) = close):
    // no recursion, so deeply nested markup cannot overflow the stack.
    let root = doc.tree.root();
    let mut next = Some((true, root));
    let events = std::iter::from_fn(move || {
        let cur = next?;
        next = match cur {
            (true, n) => Some(match n.first_child() {
                Some(c) => (true, c),
                None => (false, n),
            }),
            (false, n) if n.id() == root.id() => None,
            (false, n) => match n.next_sibling() {
                Some(s) => Some((true, s)),
                None => n.parent().map(|p| (false, p)),
            },
        };
        Some(cur)
    });
    for (open, node) in events {
        match open {
            true => {
                depth += 1;
                match node.value() {
                    Node::Element(el) => {
                        let name = el.name();
                        match name {
                            "meta" => {
                                let key = el
                                    .attr("property")
                                    .or_else(|| el.attr("name"))
                                    .or_else(|| el.attr("itemprop"))
                                    .unwrap_or("")
                                    .to_ascii_lowercase();
                                if let Some(content) = el.attr("content").and_then(first_nonempty) {
                                    match key.as_str() {
                                        "og:title" | "twitter:title" if meta.og_title.is_none() => {
                                            meta.og_title = Some(content)
                                        }
                                        "og:site_name" | "application-name"
                                            if meta.site_name.is_none() =>
                                        {
                                            meta.site_name = Some(content)
                                        }
                                        "article:published_time" | "datepublished" => {
                                            meta.published.insert(0, content)
                                        }
                                        "pubdate" | "publishdate" | "date" | "dc.date.issued"
                                        | "dc.date" | "sailthru.date" | "og:published_time" => {
                                            meta.published.push(content)
                                        }
                                        "author" | "article:author" | "byl"
                                            if meta.author.is_none()
                                                && !content.starts_with("http") =>
                                        {
                                            meta.author = Some(content)
                                        }
                                        _ => {}
                                    }
                                }
                            }
                            "title" if meta.title_tag.is_none() => title_buf = Some(String::new()),
                            "h1" if meta.h1.is_none() => h1_buf = Some(String::new()),
                            "time" => {
                                if let Some(dt) = el.attr("datetime").and_then(first_nonempty) {
                                    meta_time.get_or_insert(dt);
                                }
                            }
                            "script" => {
                                ld_json = el.attr("type").is_some_and(|t| t.contains("ld+json"))
                            }
                            _ => {}
                        }
                        if el.attr("itemprop") == Some("datePublished") {
                            if let Some(v) = el.attr("datetime").or_else(|| el.attr("content")) {
                                meta.published.insert(0, v.to_string());
                            }
                        }
                        if skip.is_some() {
                            continue;
                        }
                        let hidden = el.attr("hidden").is_some()
                            || el.attr("aria-hidden") == Some("true")
                            || el.attr("style").is_some_and(|s| {
                                let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                                s.contains("display:none") || s.contains("visibility:hidden")
                            });
                        let role_skip = el
                            .attr("role")
                            .is_some_and(|r| SKIP_ROLES.contains(&r.trim()));
                        if SKIP.contains(&name) || hidden || role_skip {
                            // Block boundary: text on both sides must not join.
                            w.flush();
                            skip = Some(depth);
                            continue;
                        }
                        let mut hint = None;
                        for v in [el.attr("class"), el.attr("id")].into_iter().flatten() {
                            match w.hints.classify(v) {
                                Some(Hint::Byline) => hint = Some(Hint::Byline),
                                Some(Hint::Neg) if hint != Some(Hint::Byline) => {
                                    hint = Some(Hint::Neg)
                                }
                                Some(Hint::Pos) if hint.is_none() => hint = Some(Hint::Pos),
                                _ => {}
                            }
                        }
                        if el.attr("itemprop") == Some("articleBody") {
                            hint = Some(Hint::Pos);
                        }
                        if BLOCK.contains(&name) {
                            w.flush();
                        }
                        if let Some(h) = hint {
                            w.hint_stack.push((depth, h));
                            // Only the first byline container counts.
                            if h == Hint::Byline && !byline_seen {
                                byline_seen = true;
                                byline_buf = Some((depth, String::new()));
                            }
                        }
                        match name {
                            "a" => w.link_depth += 1,
                            "li" | "dd" | "dt" => w.list_depth += 1,
                            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                                let level = name.as_bytes()[1] - b'0';
                                w.heading = Some((depth, level));
                            }
                            _ => {}
                        }
                    }
                    Node::Text(t) => {
                        if let Some(buf) = title_buf.as_mut() {
                            buf.push_str(t);
                        }
                        if let Some(buf) = h1_buf.as_mut() {
                            buf.push_str(t);
                        }
                        if ld_json {
                            if let Some(d) = json_ld_date(t) {
                                meta.published.insert(0, d);
                            }
                        }
                        if skip.is_some() {
                            continue;
                        }
                        if let Some((_, buf)) = byline_buf.as_mut() {
                            buf.push_str(t);
                            buf.push(' ');
                        }
                        w.text(t);
                    }
                    _ => {}
                }
            }
            false => {
                let d = depth;
                depth = depth.saturating_sub(1);
                let Node::Element(el) = node.value() else {
                    continue;
                };
                let name = el.name();
                match name {
                    "title" => {
                        if let Some(buf) = title_buf.take() {
                            meta.title_tag = first_nonempty(&buf);
                        }
                    }
                    "h1" => {
                        if let Some(buf) = h1_buf.take() {
                            meta.h1 = first_nonempty(&buf);
                        }
                    }
                    "script" => ld_json = false,
                    _ => {}
                }
                if let Some(sd) = skip {
                    if sd == d {
                        skip = None;
                    }
                    continue;
                }
                match name {
                    "a" => w.link_depth = w.link_depth.saturating_sub(1),
                    "li" | "dd" | "dt" => w.list_depth = w.list_depth.saturating_sub(1),
                    _ => {}
                }
                if BLOCK.contains(&name) {
                    w.flush();
                }
                if w.heading.is_some_and(|h| h.0 == d) {
                    w.heading = None;
                }
                if w.hint_stack.last().is_some_and(|h| h.0 == d) {
                    w.hint_stack.pop();
                }
                if byline_buf.as_ref().is_some_and(|b| b.0 == d) {
                    if let Some((_, buf)) = byline_buf.take() {
                        meta.byline_text = first_nonempty(&buf);
                    }
                }
            }
        }
    }
    w.flush();
    if let Some(t) = meta_time {
        meta.published.push(t);
    }
    (w.blocks, meta)
}
