//! Pictures and exports of the signed network: SVG (laid out here, no
//! external renderer), Graphviz DOT and GraphML.

use std::collections::{BTreeMap, BTreeSet};
use std::f64::consts::PI;
use std::fmt::Write as _;

use rasad_doc::{Relation, Triad};

const POSITIVE: &str = "#2e7d32";
const NEGATIVE: &str = "#c62828";
const UNBALANCED_FILL: &str = "#ff9800";
const UNBALANCED_STROKE: &str = "#e65100";
// Family names quoted: some renderers mis-split unquoted names with spaces.
const ARABIC_FONT: &str = "'Noto Naskh Arabic', 'DejaVu Sans', Arial, sans-serif";
const LATIN_FONT: &str = "'DejaVu Sans', Arial, sans-serif";
const AR_SIZE: f64 = 15.0;
const EN_SIZE: f64 = 12.0;
const MARGIN: f64 = 30.0;
const HEADER: f64 = 64.0;

/// Escapes text for XML content and attribute values.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a double-quoted DOT string.
fn dot_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Rough rendered width of `s` in px at `size`: enough to keep labels apart
/// without a font engine. Errs on the wide side.
fn text_width(s: &str, size: f64) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            ' ' => 0.32,
            '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FEFF}' => {
                // Harakat take no width of their own.
                if ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}' {
                    0.0
                } else {
                    0.5
                }
            }
            'A'..='Z' | 'm' | 'w' => 0.72,
            'i' | 'l' | 'j' | 't' | 'f' | 'r' | '.' | ',' | '\'' => 0.36,
            _ => 0.6,
        })
        .sum();
    em * size * 1.05
}

/// Distinct actor codes of the relations, sorted.
fn nodes_of(relations: &[Relation]) -> Vec<String> {
    let set: BTreeSet<&str> = relations
        .iter()
        .filter(|r| r.a != r.b)
        .flat_map(|r| [r.a.as_str(), r.b.as_str()])
        .collect();
    set.into_iter().map(str::to_string).collect()
}

/// How many unbalanced triads each tie `(a < b)` belongs to.
fn unbalanced_ties(triads: &[Triad]) -> BTreeMap<(String, String), usize> {
    let mut m = BTreeMap::new();
    for t in triads.iter().filter(|t| !t.balanced) {
        let [a, b, c] = &t.actors;
        for (x, y) in [(a, b), (b, c), (a, c)] {
            let key = if x < y {
                (x.clone(), y.clone())
            } else {
                (y.clone(), x.clone())
            };
            *m.entry(key).or_insert(0) += 1;
        }
    }
    m
}

fn tie_key(r: &Relation) -> (String, String) {
    if r.a < r.b {
        (r.a.clone(), r.b.clone())
    } else {
        (r.b.clone(), r.a.clone())
    }
}

fn finite_weight(r: &Relation) -> f64 {
    if r.weight.is_finite() {
        r.weight.abs()
    } else {
        0.0
    }
}

/// A node's footprint for collision checks: the circle plus the two label
/// lines under it, as offsets from the node centre.
#[derive(Clone, Copy)]
struct Footprint {
    half_w: f64,
    up: f64,
    down: f64,
}

/// Small deterministic generator (fixed seed) to break the symmetry of the
/// initial circle; no external RNG so the layout is reproducible anywhere.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64) / ((1u64 << 53) as f64)
    }
}

/// Fruchterman–Reingold with a fixed seed, then label-collision removal.
/// Positive ties pull harder than negative ones so allies cluster and
/// enemies drift apart.
fn layout(n: usize, edges: &[(usize, usize, f64, i8)], feet: &[Footprint]) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    let side = (260.0 * (n as f64).sqrt()).max(420.0);
    let k = (side * side / n as f64).sqrt() * 0.75;
    let mut rng = Lcg(0x5eed_2024);
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = 2.0 * PI * i as f64 / n as f64;
            let r = side / 3.0;
            (
                r * a.cos() + (rng.next() - 0.5) * 10.0,
                r * a.sin() + (rng.next() - 0.5) * 10.0,
            )
        })
        .collect();
    let max_w = edges.iter().map(|e| e.2).fold(0.0f64, f64::max).max(1e-9);
    let iterations = 400;
    for it in 0..iterations {
        let temp = side / 8.0 * (1.0 - it as f64 / iterations as f64) + 0.5;
        let mut disp = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d = (dx * dx + dy * dy).sqrt().max(0.01);
                let f = k * k / d;
                disp[i].0 += dx / d * f;
                disp[i].1 += dy / d * f;
                disp[j].0 -= dx / d * f;
                disp[j].1 -= dy / d * f;
            }
        }
        for &(i, j, w, s) in edges {
            let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let pull = if s > 0 { 0.6 + 0.6 * w / max_w } else { 0.25 };
            let f = d * d / k * pull;
            disp[i].0 -= dx / d * f;
            disp[i].1 -= dy / d * f;
            disp[j].0 += dx / d * f;
            disp[j].1 += dy / d * f;
        }
        for i in 0..n {
            // Gravity keeps disconnected pieces on the canvas.
            disp[i].0 -= pos[i].0 * 0.03 * k / side * 10.0;
            disp[i].1 -= pos[i].1 * 0.03 * k / side * 10.0;
            let (dx, dy) = disp[i];
            let d = (dx * dx + dy * dy).sqrt();
            if d > 0.0 && d.is_finite() {
                let step = d.min(temp);
                pos[i].0 += dx / d * step;
                pos[i].1 += dy / d * step;
            }
        }
    }
    separate(&mut pos, feet);
    pos
}

/// Pushes apart nodes whose footprints (circle + labels) overlap, along the
/// axis of least overlap, until none do (or a pass limit is hit).
fn separate(pos: &mut [(f64, f64)], feet: &[Footprint]) {
    const PAD: f64 = 8.0;
    let n = pos.len();
    for _ in 0..500 {
        let mut moved = false;
        for i in 0..n {
            for j in (i + 1)..n {
                let (fi, fj) = (feet[i], feet[j]);
                let (li, ri) = (pos[i].0 - fi.half_w, pos[i].0 + fi.half_w);
                let (ti, bi) = (pos[i].1 - fi.up, pos[i].1 + fi.down);
                let (lj, rj) = (pos[j].0 - fj.half_w, pos[j].0 + fj.half_w);
                let (tj, bj) = (pos[j].1 - fj.up, pos[j].1 + fj.down);
                let ox = ri.min(rj) - li.max(lj) + PAD;
                let oy = bi.min(bj) - ti.max(tj) + PAD;
                if ox <= 0.0 || oy <= 0.0 {
                    continue;
                }
                moved = true;
                if ox < oy {
                    let dir = if pos[i].0 <= pos[j].0 { -1.0 } else { 1.0 };
                    pos[i].0 += dir * ox / 2.0;
                    pos[j].0 -= dir * ox / 2.0;
                } else {
                    let dir = if pos[i].1 <= pos[j].1 { -1.0 } else { 1.0 };
                    pos[i].1 += dir * oy / 2.0;
                    pos[j].1 -= dir * oy / 2.0;
                }
            }
        }
        if !moved {
            break;
        }
    }
}

/// An SVG picture of the network: green cooperation ties, red dashed
/// conflict ties, line width by weight, unbalanced triads as translucent
/// orange triangles behind the ties, nodes labelled in Arabic (above) and
/// English (below), a legend, and `title` (put the date slice in it; when
/// empty, the span of the ties' dates is used).
pub fn render_svg(
    relations: &[Relation],
    triads: &[Triad],
    labels: &dyn Fn(&str) -> (String, String),
    title: &str,
) -> String {
    let nodes = nodes_of(relations);
    let index: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let rels: Vec<&Relation> = relations.iter().filter(|r| r.a != r.b).collect();
    let max_w = rels
        .iter()
        .map(|r| finite_weight(r))
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let mut strength = vec![0.0f64; nodes.len()];
    let mut edges = Vec::new();
    for r in &rels {
        if let (Some(&i), Some(&j)) = (index.get(r.a.as_str()), index.get(r.b.as_str())) {
            let w = finite_weight(r);
            strength[i] += w;
            strength[j] += w;
            edges.push((i, j, w, r.sign));
        }
    }
    let max_s = strength.iter().copied().fold(0.0f64, f64::max).max(1e-9);
    let radius: Vec<f64> = strength
        .iter()
        .map(|s| 7.0 + 7.0 * (s / max_s).sqrt())
        .collect();
    let texts: Vec<(String, String)> = nodes
        .iter()
        .map(|c| {
            let (ar, en) = labels(c);
            let en = if en.trim().is_empty() && ar.trim().is_empty() {
                c.clone()
            } else {
                en
            };
            (ar, en)
        })
        .collect();
    let feet: Vec<Footprint> = texts
        .iter()
        .zip(&radius)
        .map(|((ar, en), r)| {
            let w = text_width(ar, AR_SIZE).max(text_width(en, EN_SIZE));
            Footprint {
                half_w: (w / 2.0).max(*r),
                up: *r,
                down: r + 4.0 + AR_SIZE * 1.3 + EN_SIZE * 1.3,
            }
        })
        .collect();
    let mut pos = layout(nodes.len(), &edges, &feet);

    // Fit: translate the drawing below the header, size the canvas to it.
    let (mut minx, mut miny, mut maxx, mut maxy) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for (i, p) in pos.iter().enumerate() {
        let f = feet[i];
        if i == 0 {
            (minx, miny, maxx, maxy) = (p.0 - f.half_w, p.1 - f.up, p.0 + f.half_w, p.1 + f.down);
        }
        minx = minx.min(p.0 - f.half_w);
        maxx = maxx.max(p.0 + f.half_w);
        miny = miny.min(p.1 - f.up);
        maxy = maxy.max(p.1 + f.down);
    }
    let legend_h = 96.0;
    let graph_w = maxx - minx;
    let width = (graph_w + 2.0 * MARGIN).max(640.0);
    let shift_x = (width - graph_w) / 2.0 - minx;
    let shift_y = HEADER + MARGIN - miny;
    for p in pos.iter_mut() {
        p.0 += shift_x;
        p.1 += shift_y;
    }
    let graph_bottom = if nodes.is_empty() {
        HEADER + 2.0 * MARGIN
    } else {
        maxy + shift_y + MARGIN
    };
    let height = graph_bottom + legend_h;

    let positives = rels.iter().filter(|r| r.sign > 0).count();
    let negatives = rels.len() - positives;
    let unbalanced: Vec<&Triad> = triads.iter().filter(|t| !t.balanced).collect();
    let title = if title.trim().is_empty() {
        let first = rels.iter().filter_map(|r| r.first.as_deref()).min();
        let last = rels.iter().filter_map(|r| r.last.as_deref()).max();
        match (first, last) {
            (Some(f), Some(l)) => format!("Alliance network, events {f} to {l}"),
            _ => "Alliance network".to_string(),
        }
    } else {
        title.to_string()
    };

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="{LATIN_FONT}">"#,
        w = width,
        h = height
    );
    let _ = writeln!(s, "<title>{}</title>", xml(&title));
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        s,
        r##"<text x="{x:.1}" y="30" text-anchor="middle" font-size="18" font-weight="bold" fill="#212121">{t}</text>"##,
        x = width / 2.0,
        t = xml(&title)
    );
    let _ = writeln!(
        s,
        r##"<text x="{x:.1}" y="52" text-anchor="middle" font-size="12" fill="#555">{n} actors · {p} cooperation / {q} conflict ties · {u} of {t} triads unbalanced</text>"##,
        x = width / 2.0,
        n = nodes.len(),
        p = positives,
        q = negatives,
        u = unbalanced.len(),
        t = triads.len()
    );

    // Unbalanced triads first, so they sit behind the ties.
    // Many overlapping triangles would stack into an opaque blot: share an
    // opacity budget so the densest overlap stays at most about 40 % opaque.
    let k = unbalanced.len().max(1) as f64;
    let fill_opacity = (1.0 - 0.6f64.powf(1.0 / k)).min(0.18);
    let stroke_opacity = (3.0 / k).min(0.7);
    let _ = writeln!(s, r#"<g id="unbalanced-triads">"#);
    for t in &unbalanced {
        let pts: Option<Vec<(f64, f64)>> = t
            .actors
            .iter()
            .map(|a| index.get(a.as_str()).map(|&i| pos[i]))
            .collect();
        let Some(pts) = pts else { continue };
        let _ = writeln!(
            s,
            r#"<polygon points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="{UNBALANCED_FILL}" fill-opacity="{fill_opacity:.3}" stroke="{UNBALANCED_STROKE}" stroke-opacity="{stroke_opacity:.3}" stroke-width="1.5" stroke-dasharray="5 4"><title>{}</title></polygon>"#,
            pts[0].0,
            pts[0].1,
            pts[1].0,
            pts[1].1,
            pts[2].0,
            pts[2].1,
            xml(&t.explanation)
        );
    }
    let _ = writeln!(s, "</g>");

    let _ = writeln!(s, r#"<g id="ties" stroke-linecap="round">"#);
    for r in &rels {
        let (Some(&i), Some(&j)) = (index.get(r.a.as_str()), index.get(r.b.as_str())) else {
            continue;
        };
        let w = finite_weight(r);
        let width = 1.5 + 6.0 * (w / max_w).sqrt();
        let (colour, dash, sign) = if r.sign > 0 {
            (POSITIVE, "", "+")
        } else {
            (NEGATIVE, r#" stroke-dasharray="8 5""#, "−")
        };
        let dates = match (&r.first, &r.last) {
            (Some(f), Some(l)) => format!(", {f} to {l}"),
            _ => String::new(),
        };
        let _ = writeln!(
            s,
            r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-opacity="0.85" stroke-width="{width:.2}"{dash}><title>{}</title></line>"#,
            pos[i].0,
            pos[i].1,
            pos[j].0,
            pos[j].1,
            xml(&format!(
                "{} {sign} {}: weight {:.2}, {} events{dates}",
                r.a, r.b, w, r.events
            ))
        );
    }
    let _ = writeln!(s, "</g>");

    let _ = writeln!(s, r#"<g id="actors">"#);
    for (i, code) in nodes.iter().enumerate() {
        let (x, y) = pos[i];
        let r = radius[i];
        let (ar, en) = &texts[i];
        let _ = writeln!(
            s,
            r##"<g class="actor" data-code="{c}"><circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="#37474f" stroke="white" stroke-width="2"><title>{c}</title></circle>"##,
            c = xml(code)
        );
        let mut line_y = y + r + 4.0 + AR_SIZE;
        // Translucent plates under the label lines keep them readable where
        // ties pass behind them.
        for (text, size, baseline) in [(ar, AR_SIZE, line_y), (en, EN_SIZE, line_y + EN_SIZE * 1.3)]
        {
            if text.trim().is_empty() {
                continue;
            }
            let w = text_width(text, size);
            let _ = writeln!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="3" fill="white" fill-opacity="0.82"/>"#,
                x - w / 2.0 - 3.0,
                baseline - size * 1.0,
                w + 6.0,
                size * 1.3
            );
        }
        if !ar.trim().is_empty() {
            let _ = writeln!(
                s,
                r##"<text x="{x:.1}" y="{line_y:.1}" text-anchor="middle" direction="rtl" unicode-bidi="embed" xml:lang="ar" font-family="{ARABIC_FONT}" font-size="{AR_SIZE}" fill="#212121" stroke="white" stroke-width="3" paint-order="stroke">{}</text>"##,
                xml(ar)
            );
        }
        line_y += EN_SIZE * 1.3;
        if !en.trim().is_empty() {
            let _ = writeln!(
                s,
                r##"<text x="{x:.1}" y="{line_y:.1}" text-anchor="middle" xml:lang="en" font-size="{EN_SIZE}" fill="#424242" stroke="white" stroke-width="3" paint-order="stroke">{}</text>"##,
                xml(en)
            );
        }
        let _ = writeln!(s, "</g>");
    }
    let _ = writeln!(s, "</g>");
    if nodes.is_empty() {
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="14" fill="#757575">No signed ties in this slice</text>"##,
            width / 2.0,
            HEADER + MARGIN
        );
    }
    legend(&mut s, MARGIN, graph_bottom);
    s.push_str("</svg>\n");
    s
}

/// The legend: one row per mark, Arabic and English.
fn legend(s: &mut String, x: f64, y: f64) {
    let _ = writeln!(
        s,
        r##"<g id="legend" font-size="12" fill="#212121"><rect x="{:.1}" y="{:.1}" width="580" height="80" rx="6" fill="#fafafa" stroke="#bdbdbd"/>"##,
        x - 10.0,
        y - 6.0
    );
    let rows: [(&str, &str, &str); 2] = [
        ("pos", "تعاون", "cooperation (+)"),
        ("neg", "نزاع", "conflict (−)"),
    ];
    for (k, (kind, ar, en)) in rows.iter().enumerate() {
        let ry = y + 14.0 + 22.0 * k as f64;
        let (colour, dash) = if *kind == "pos" {
            (POSITIVE, "")
        } else {
            (NEGATIVE, r#" stroke-dasharray="8 5""#)
        };
        let _ = writeln!(
            s,
            r#"<line x1="{:.1}" y1="{ry:.1}" x2="{:.1}" y2="{ry:.1}" stroke="{colour}" stroke-width="4"{dash}/>"#,
            x,
            x + 40.0
        );
        legend_text(s, x + 50.0, ry + 4.0, ar, en);
    }
    let tx = x + 280.0;
    let ty = y + 6.0;
    let _ = writeln!(
        s,
        r#"<polygon points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="{UNBALANCED_FILL}" fill-opacity="0.18" stroke="{UNBALANCED_STROKE}" stroke-width="1.5" stroke-dasharray="5 4"/>"#,
        tx,
        ty + 18.0,
        tx + 20.0,
        ty,
        tx + 40.0,
        ty + 18.0
    );
    legend_text(
        s,
        tx + 50.0,
        ty + 16.0,
        "ثلاثية غير متوازنة",
        "unbalanced triad",
    );
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="{:.1}">line width ∝ tie weight (decayed sum of event weights)</text>"#,
        x,
        y + 64.0
    );
    let _ = writeln!(s, "</g>");
}

fn legend_text(s: &mut String, x: f64, y: f64, ar: &str, en: &str) {
    // English first (its width estimate is the reliable one), then the
    // Arabic; `text-anchor="end"` in RTL puts the Arabic's left edge at x.
    let _ = writeln!(s, r#"<text x="{x:.1}" y="{y:.1}">{} /</text>"#, xml(en));
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="{y:.1}" direction="rtl" unicode-bidi="embed" text-anchor="end" xml:lang="ar" font-family="{ARABIC_FONT}" font-size="13">{}</text>"#,
        x + text_width(&format!("{en} /"), 12.0) * 0.95 + 4.0,
        xml(ar)
    );
}

/// Graphviz DOT (undirected `graph`): nodes carry `label` (Arabic and
/// English on two lines), `label_ar`, `label_en`; edges carry `sign`,
/// `weight`, `events`, `first`, `last`, `unbalanced_triads`, and
/// presentation attributes (`color`, `style`, `penwidth`).
pub fn render_dot(
    relations: &[Relation],
    triads: &[Triad],
    labels: &dyn Fn(&str) -> (String, String),
) -> String {
    let nodes = nodes_of(relations);
    let unb = unbalanced_ties(triads);
    let max_w = relations
        .iter()
        .map(finite_weight)
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let mut s = String::from("graph rasad {\n");
    s.push_str("  graph [overlap=false, splines=true];\n");
    let _ = writeln!(
        s,
        "  node [shape=ellipse, fontname={}];",
        dot_str("Noto Naskh Arabic, DejaVu Sans")
    );
    for c in &nodes {
        let (ar, en) = labels(c);
        let label = match (ar.trim().is_empty(), en.trim().is_empty()) {
            (false, false) => format!("{ar}\n{en}"),
            (false, true) => ar.clone(),
            (true, false) => en.clone(),
            (true, true) => c.clone(),
        };
        let _ = writeln!(
            s,
            "  {} [label={}, label_ar={}, label_en={}];",
            dot_str(c),
            dot_str(&label),
            dot_str(&ar),
            dot_str(&en)
        );
    }
    for r in relations.iter().filter(|r| r.a != r.b) {
        let w = finite_weight(r);
        let n_unb = unb.get(&tie_key(r)).copied().unwrap_or(0);
        let (colour, style) = if r.sign > 0 {
            (POSITIVE, "solid")
        } else {
            (NEGATIVE, "dashed")
        };
        let _ = writeln!(
            s,
            "  {} -- {} [sign={}, weight={}, events={}, first={}, last={}, unbalanced_triads={}, color={}, style={}, penwidth={:.2}];",
            dot_str(&r.a),
            dot_str(&r.b),
            r.sign,
            w,
            r.events,
            dot_str(r.first.as_deref().unwrap_or("")),
            dot_str(r.last.as_deref().unwrap_or("")),
            n_unb,
            dot_str(colour),
            style,
            1.0 + 4.0 * (w / max_w).sqrt()
        );
    }
    s.push_str("}\n");
    s
}

/// GraphML (undirected), with typed keys: nodes `label_ar`, `label_en`;
/// edges `sign` (int), `weight` (double), `events` (int), `first`, `last`
/// (string, `YYYY-MM-DD`), `unbalanced_triads` (int).
pub fn render_graphml(
    relations: &[Relation],
    triads: &[Triad],
    labels: &dyn Fn(&str) -> (String, String),
) -> String {
    let nodes = nodes_of(relations);
    let unb = unbalanced_ties(triads);
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="label_ar" for="node" attr.name="label_ar" attr.type="string"/>
  <key id="label_en" for="node" attr.name="label_en" attr.type="string"/>
  <key id="sign" for="edge" attr.name="sign" attr.type="int"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
  <key id="events" for="edge" attr.name="events" attr.type="int"/>
  <key id="first" for="edge" attr.name="first" attr.type="string"/>
  <key id="last" for="edge" attr.name="last" attr.type="string"/>
  <key id="unbalanced_triads" for="edge" attr.name="unbalanced_triads" attr.type="int"/>
  <graph id="rasad" edgedefault="undirected">
"#,
    );
    for c in &nodes {
        let (ar, en) = labels(c);
        let _ = writeln!(
            s,
            r#"    <node id="{}"><data key="label_ar">{}</data><data key="label_en">{}</data></node>"#,
            xml(c),
            xml(&ar),
            xml(&en)
        );
    }
    for (k, r) in relations.iter().filter(|r| r.a != r.b).enumerate() {
        let _ = write!(
            s,
            r#"    <edge id="e{k}" source="{}" target="{}"><data key="sign">{}</data><data key="weight">{}</data><data key="events">{}</data>"#,
            xml(&r.a),
            xml(&r.b),
            r.sign,
            finite_weight(r),
            r.events
        );
        if let Some(f) = &r.first {
            let _ = write!(s, r#"<data key="first">{}</data>"#, xml(f));
        }
        if let Some(l) = &r.last {
            let _ = write!(s, r#"<data key="last">{}</data>"#, xml(l));
        }
        let n_unb = unb.get(&tie_key(r)).copied().unwrap_or(0);
        let _ = writeln!(s, r#"<data key="unbalanced_triads">{n_unb}</data></edge>"#);
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}
