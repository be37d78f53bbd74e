//! Documents for the store tests: sentences written for these tests, never
//! taken from shared corpora.

use rasad_doc::{Claim, Document, Event, Mention, Modality, Participant, Reading, Span, Warning};

/// A plain document whose content hash follows its body, as a real hash of
/// the raw bytes would.
pub fn doc(id: &str, path: Option<&str>, body: &str) -> Document {
    Document {
        id: id.to_string(),
        path: path.map(str::to_string),
        url: None,
        title: None,
        author: None,
        agency: None,
        source_name: None,
        published: None,
        language: None,
        content_hash: format!("hash-of:{body}"),
        body: body.to_string(),
        sentences: Vec::new(),
        warnings: Vec::new(),
        mentions: Vec::new(),
        events: Vec::new(),
        claims: Vec::new(),
        quotes: Vec::new(),
    }
}

/// A document with every field and list filled, offsets in chars.
pub fn rich(n: usize) -> Document {
    let body = format!(
        "قال وزير الخارجية الفرنسي إن باريس تدعم الحوار رقم {n}.\nوأكدت الأمم المتحدة أن المحادثات ستستأنف الأسبوع المقبل."
    );
    let chars: Vec<char> = body.chars().collect();
    let first_end = chars.iter().position(|&c| c == '\n').unwrap_or(chars.len());
    let find = |needle: &str| -> Span {
        let hay: String = chars.iter().collect();
        let byte = hay.find(needle).expect("test needle is in the body");
        let start = hay[..byte].chars().count();
        Span::new(start, start + needle.chars().count())
    };
    let paris = find("باريس");
    let un = find("الأمم المتحدة");
    let minister = find("وزير الخارجية الفرنسي");
    let mut d = doc(&format!("art-{n}"), Some(&format!("in/{n}.html")), &body);
    d.url = Some(format!("https://example.test/ar/{n}"));
    d.title = Some(format!("عنوان الخبر {n}"));
    d.author = Some("مراسل".to_string());
    d.agency = Some("وكالة".to_string());
    d.source_name = Some("example.test".to_string());
    d.published = Some("2024-03-0".to_string() + &(n % 9 + 1).to_string());
    d.language = Some("ar".to_string());
    d.sentences = vec![
        Span::new(0, first_end),
        Span::new(first_end + 1, chars.len()),
    ];
    d.warnings = vec![
        Warning::new(format!("in/{n}.html"), "no publication date in the page"),
        Warning::new(format!("in/{n}.html:3"), "unclosed <p>"),
    ];
    d.mentions = vec![
        Mention {
            text: "وزير الخارجية الفرنسي".to_string(),
            start: minister.start,
            end: minister.end,
            kind: "ROLE".to_string(),
            actor: Some("FRA".to_string()),
            agent: Some("GOV".to_string()),
            person: None,
            alternatives: Vec::new(),
        },
        Mention {
            text: "باريس".to_string(),
            start: paris.start,
            end: paris.end,
            kind: "LOC".to_string(),
            actor: Some("FRA".to_string()),
            agent: Some("GOV".to_string()),
            person: None,
            alternatives: vec![
                Reading {
                    kind: "LOC".to_string(),
                    actor: None,
                    agent: None,
                },
                Reading {
                    kind: "ORG".to_string(),
                    actor: Some("FRA".to_string()),
                    agent: None,
                },
            ],
        },
        Mention {
            text: "الأمم المتحدة".to_string(),
            start: un.start,
            end: un.end,
            kind: "ORG".to_string(),
            actor: Some("UN".to_string()),
            agent: None,
            person: Some("p-unused".to_string()),
            alternatives: Vec::new(),
        },
    ];
    let part = |text: &str, start: usize, actor: Option<&str>| Participant {
        text: text.to_string(),
        start,
        end: start + text.chars().count(),
        actor: actor.map(str::to_string),
        agent: None,
        person: None,
    };
    let event = |kind: &str, negated: bool| Event {
        r#type: kind.to_string(),
        cameo: None,
        trigger: part("الأمم المتحدة", un.start, None),
        source: Some(part("الأمم المتحدة", un.start, Some("UN"))),
        target: None,
        date: Some("2016-01-02".to_string()),
        date_text: None,
        location: None,
        sentence: Span::new(0, un.end),
        negated,
        modality: Modality::Reported,
        confidence: 0.5,
    };
    d.events = vec![event("CONSULT", false), event("AGREE", true)];
    d.claims = vec![Claim {
        value: 3.0,
        unit: "day".to_string(),
        text: "الأمم المتحدة".to_string(),
        start: un.start,
        end: un.end,
        approximate: true,
        event: Some(1),
        source: None,
        sentence: Span::new(0, un.end),
    }];
    d.quotes = Vec::new();
    d
}
