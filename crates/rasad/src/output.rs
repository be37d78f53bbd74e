//! Printing the contract: JSON, JSON Lines, or a summary for people.

use std::io::{self, BufWriter, Write};

use rasad_doc::{Collection, Document};
use serde::Serialize;

#[derive(Clone, Copy)]
pub enum Format {
    Json,
    Jsonl,
    Summary,
}

/// A JSONL document line: the document tagged with `"type": "document"`.
#[derive(Serialize)]
struct DocumentLine<'a> {
    r#type: &'static str,
    #[serde(flatten)]
    document: &'a Document,
}

/// The last JSONL line: the collection-level arrays without the documents.
#[derive(Serialize)]
struct CollectionLine<'a> {
    r#type: &'static str,
    stories: &'a [rasad_doc::Story],
    events: &'a [rasad_doc::FusedEvent],
    relations: &'a [rasad_doc::Relation],
    triads: &'a [rasad_doc::Triad],
    balance: &'a rasad_doc::Balance,
    disputes: &'a [rasad_doc::Dispute],
    warnings: &'a [rasad_doc::Warning],
}

pub fn write_stdout(collection: &Collection, format: impl Into<Format>) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let r = write(&mut out, collection, format.into()).and_then(|()| out.flush());
    match r {
        // A closed pipe (`rasad analyze … | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

pub fn write(out: &mut impl Write, c: &Collection, format: Format) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, c)?;
            writeln!(out)
        }
        Format::Jsonl => {
            for document in &c.documents {
                serde_json::to_writer(
                    &mut *out,
                    &DocumentLine {
                        r#type: "document",
                        document,
                    },
                )?;
                writeln!(out)?;
            }
            let line = CollectionLine {
                r#type: "collection",
                stories: &c.stories,
                events: &c.events,
                relations: &c.relations,
                balance: &c.balance,
                triads: &c.triads,
                disputes: &c.disputes,
                warnings: &c.warnings,
            };
            serde_json::to_writer(&mut *out, &line)?;
            writeln!(out)
        }
        Format::Summary => summary(out, c),
    }
}

fn summary(out: &mut impl Write, c: &Collection) -> io::Result<()> {
    for d in &c.documents {
        let na = "—";
        writeln!(out, "{}  {}", d.id, d.title.as_deref().unwrap_or(na))?;
        writeln!(
            out,
            "    published {}  author {}  agency {}  source {}  language {}",
            d.published.as_deref().unwrap_or(na),
            d.author.as_deref().unwrap_or(na),
            d.agency.as_deref().unwrap_or(na),
            d.source_name.as_deref().unwrap_or(na),
            d.language.as_deref().unwrap_or(na),
        )?;
        writeln!(
            out,
            "    {} chars, {} sentences, {} warnings",
            d.body.chars().count(),
            d.sentences.len(),
            d.warnings.len()
        )?;
    }
    writeln!(
        out,
        "{} documents, {} input warnings",
        c.documents.len(),
        c.warnings.len()
    )?;
    for w in &c.warnings {
        writeln!(out, "  warning: {w}")?;
    }
    Ok(())
}
