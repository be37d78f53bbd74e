//! Reading `token TAG` files and tagging CoNLL-style input.

use crate::{to_bio, EntityType, Model, NerError, Tag};
use std::io::{BufRead, Write};
use std::path::Path;

/// The layout of a gold file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoldFormat {
    /// `token TAG` per line, blank line between sentences, IOB1 or BIO tags
    /// over PERS/LOC/ORG/MISC.
    Anercorp,
    /// Wojood: `token TAG [TAG ...]`, nested IOB2 with 21 types, the first
    /// tag being the outermost entity; `$#$` lines and blank lines end
    /// segments. Only the outermost tag is read, mapped as
    /// PERS→PERS, GPE/LOC/FAC→LOC, ORG→ORG; all other types become `O`.
    Wojood,
}

/// One gold sentence: tokens and their BIO tags (same length).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub tags: Vec<Tag>,
}

fn parse_err(source: &str, line: usize, message: impl Into<String>) -> NerError {
    NerError::Parse {
        file: source.to_string(),
        line,
        message: message.into(),
    }
}

fn wojood_tag(s: &str) -> Option<Tag> {
    if s == "O" {
        return Some(Tag::O);
    }
    let (prefix, ty) = s.split_once('-')?;
    let ty = match ty {
        "PERS" => Some(EntityType::Pers),
        "GPE" | "LOC" | "FAC" => Some(EntityType::Loc),
        "ORG" => Some(EntityType::Org),
        _ => None,
    };
    match (prefix, ty) {
        (_, None) => Some(Tag::O),
        ("B", Some(t)) => Some(Tag::B(t)),
        ("I", Some(t)) => Some(Tag::I(t)),
        _ => None,
    }
}

/// Reads a gold file into sentences with strict BIO tags.
pub fn read_sentences(path: &Path, format: GoldFormat) -> Result<Vec<Sentence>, NerError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| NerError::Io {
        path: name.clone(),
        source,
    })?;
    parse_sentences(&text, &name, format)
}

pub(crate) fn parse_sentences(
    text: &str,
    name: &str,
    format: GoldFormat,
) -> Result<Vec<Sentence>, NerError> {
    let mut out = Vec::new();
    let mut cur = Sentence {
        tokens: Vec::new(),
        tags: Vec::new(),
    };
    let flush = |cur: &mut Sentence, out: &mut Vec<Sentence>| {
        if !cur.tokens.is_empty() {
            to_bio(&mut cur.tags);
            out.push(std::mem::replace(
                cur,
                Sentence {
                    tokens: Vec::new(),
                    tags: Vec::new(),
                },
            ));
        }
    };
    for (i, line) in text.lines().enumerate() {
        let lineno = i + 1;
        let fields: Vec<&str> = line.split_whitespace().collect();
        let Some(&token) = fields.first() else {
            flush(&mut cur, &mut out);
            continue;
        };
        let tag = match format {
            GoldFormat::Anercorp => {
                if fields.len() != 2 {
                    return Err(parse_err(
                        name,
                        lineno,
                        format!("expected `token TAG`, found {} fields", fields.len()),
                    ));
                }
                Tag::parse(fields[1]).ok_or_else(|| {
                    parse_err(name, lineno, format!("unknown tag {:?}", fields[1]))
                })?
            }
            GoldFormat::Wojood => {
                if token == "$#$" {
                    flush(&mut cur, &mut out);
                    continue;
                }
                let Some(first) = fields.get(1) else {
                    return Err(parse_err(name, lineno, "expected `token TAG [TAG ...]`"));
                };
                wojood_tag(first)
                    .ok_or_else(|| parse_err(name, lineno, format!("unknown tag {first:?}")))?
            }
        };
        cur.tokens.push(token.to_string());
        cur.tags.push(tag);
    }
    flush(&mut cur, &mut out);
    Ok(out)
}

/// Tags CoNLL-style input: each non-blank line is `token` or `token TAG`
/// (an input tag is ignored and replaced), blank lines separate sentences.
/// Writes `token TAG` (BIO) lines, one per input line, in the same order,
/// with blank lines kept where they were. The whole input is tagged as one
/// text ([`Model::tag_document`]), so it is read before anything is written.
/// A line with more than two fields, or whose second field is not a tag, is
/// an error naming the line number; the sentences before it are still
/// tagged and written.
pub fn tag_conll(
    model: &Model,
    input: impl BufRead,
    mut output: impl Write,
) -> Result<(), NerError> {
    let io_err = |source| NerError::Io {
        path: "<output>".to_string(),
        source,
    };
    // Sentences, and the number of blank lines after each (index 0 of
    // `leading` counts blank lines before the first sentence).
    let mut sents: Vec<Vec<String>> = Vec::new();
    let mut blanks_after: Vec<usize> = Vec::new();
    let mut leading = 0usize;
    let mut cur: Vec<String> = Vec::new();
    let mut failure = None;
    let close = |cur: &mut Vec<String>, sents: &mut Vec<Vec<String>>, blanks: &mut Vec<usize>| {
        if !cur.is_empty() {
            sents.push(std::mem::take(cur));
            blanks.push(0);
        }
    };
    for (i, line) in input.lines().enumerate() {
        let line = line.map_err(|source| NerError::Io {
            path: "<input>".to_string(),
            source,
        })?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            [] => {
                close(&mut cur, &mut sents, &mut blanks_after);
                match blanks_after.last_mut() {
                    Some(b) => *b += 1,
                    None => leading += 1,
                }
            }
            [tok] => cur.push((*tok).to_string()),
            [tok, tag] => {
                // Accept any IOB-style tag (input may use other inventories).
                let ok = *tag == "O"
                    || tag.len() > 2 && (tag.starts_with("B-") || tag.starts_with("I-"));
                if !ok {
                    failure = Some(parse_err(
                        "<input>",
                        i + 1,
                        format!("second field {tag:?} is not a tag (O, B-X or I-X)"),
                    ));
                    break;
                }
                cur.push((*tok).to_string());
            }
            _ => {
                failure = Some(parse_err(
                    "<input>",
                    i + 1,
                    format!("expected `token [TAG]`, found {} fields", fields.len()),
                ));
                break;
            }
        }
    }
    if failure.is_none() {
        close(&mut cur, &mut sents, &mut blanks_after);
    }
    let doc: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let tags = model.tag_document(&doc);
    for _ in 0..leading {
        writeln!(output).map_err(io_err)?;
    }
    for ((toks, tags), blanks) in sents.iter().zip(&tags).zip(&blanks_after) {
        for (tok, tag) in toks.iter().zip(tags) {
            writeln!(output, "{tok} {tag}").map_err(io_err)?;
        }
        for _ in 0..*blanks {
            writeln!(output).map_err(io_err)?;
        }
    }
    output.flush().map_err(io_err)?;
    match failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
