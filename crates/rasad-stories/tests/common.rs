//! A small builder for hand-made documents.
#![allow(dead_code)]

use rasad_doc::{Claim, Document, Event, Location, Mention, Modality, Participant, Span};

pub struct Doc(pub Document);

pub fn doc(id: &str) -> Doc {
    Doc(Document {
        id: id.into(),
        path: None,
        url: None,
        title: None,
        author: None,
        agency: None,
        source_name: None,
        published: None,
        language: Some("ar".into()),
        content_hash: String::new(),
        body: String::new(),
        sentences: Vec::new(),
        warnings: Vec::new(),
        mentions: Vec::new(),
        events: Vec::new(),
        claims: Vec::new(),
        quotes: Vec::new(),
    })
}

pub fn actor(code: &str) -> Participant {
    Participant {
        text: code.into(),
        start: 0,
        end: 0,
        actor: Some(code.into()),
        agent: None,
        person: None,
    }
}

impl Doc {
    pub fn body(mut self, b: &str) -> Doc {
        self.0.body = b.into();
        self
    }
    pub fn title(mut self, t: &str) -> Doc {
        self.0.title = Some(t.into());
        self
    }
    pub fn date(mut self, d: &str) -> Doc {
        self.0.published = Some(d.into());
        self
    }
    pub fn outlet(mut self, o: &str) -> Doc {
        self.0.source_name = Some(o.into());
        self
    }
    pub fn mention(mut self, code: &str) -> Doc {
        self.0.mentions.push(Mention {
            text: code.into(),
            start: 0,
            end: 0,
            kind: "LOC".into(),
            actor: Some(code.into()),
            agent: None,
            person: None,
            alternatives: Vec::new(),
        });
        self
    }
    /// An event; `date_text` marks the date as stated in the clause.
    pub fn event(
        mut self,
        ty: &str,
        src: Option<&str>,
        tgt: Option<&str>,
        date: Option<&str>,
        stated: bool,
        country: Option<&str>,
    ) -> Doc {
        let n = self.0.events.len();
        self.0.events.push(Event {
            r#type: ty.into(),
            cameo: None,
            trigger: Participant {
                text: "x".into(),
                start: 0,
                end: 1,
                actor: None,
                agent: None,
                person: None,
            },
            source: src.map(actor),
            target: tgt.map(actor),
            date: date.map(str::to_string),
            date_text: if stated {
                date.map(str::to_string)
            } else {
                None
            },
            location: country.map(|c| Location {
                text: c.into(),
                start: 0,
                end: 0,
                country: Some(c.into()),
                lat: None,
                lon: None,
            }),
            sentence: Span::new(n * 100, n * 100 + 50),
            negated: false,
            modality: Modality::Asserted,
            confidence: 0.9,
        });
        self
    }
    pub fn negated(mut self) -> Doc {
        if let Some(e) = self.0.events.last_mut() {
            e.negated = true;
        }
        self
    }
    /// A claim whose text starts the body at `start` (char offset).
    pub fn claim(
        mut self,
        value: f64,
        unit: &str,
        approx: bool,
        event: Option<usize>,
        text: &str,
        start: usize,
    ) -> Doc {
        let len = text.chars().count();
        self.0.claims.push(Claim {
            value,
            unit: unit.into(),
            text: text.into(),
            start,
            end: start + len,
            approximate: approx,
            event,
            source: None,
            sentence: Span::new(start, start + len),
        });
        self
    }
    pub fn quote(mut self, speaker: &str, code: Option<&str>) -> Doc {
        self.0.quotes.push(rasad_doc::Quote {
            text: "...".into(),
            start: 0,
            end: 3,
            kind: "direct".into(),
            speaker: Some(Participant {
                text: speaker.into(),
                start: 0,
                end: 0,
                actor: code.map(str::to_string),
                agent: None,
                person: None,
            }),
            cue: None,
            sentence: Span::new(0, 3),
        });
        self
    }
    pub fn build(self) -> Document {
        self.0
    }
}

/// Content rows of a fixture under `tests/data/`: (line, columns).
pub fn rows(name: &str) -> Vec<(usize, Vec<String>)> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l.split('\t').map(str::to_string).collect()))
        .collect()
}
