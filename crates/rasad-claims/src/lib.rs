//! Quotes with their speakers, and numeric claims with what they count, read
//! from an Arabic news body ("Event coding" items 5 and 6).
//!
//! - [`Extractor::quotes`]: direct quotes (a «…» / “…” / "…" pair next to a
//!   reporting cue: قال، أكد، مضيفا، وفقا لـ…) and indirect ones (a cue, then
//!   إن/أن and the clause to the end of the sentence). The speaker is the
//!   cue's subject: the mention right after the verb (VSO), right before it
//!   (SVO), or after an attribution (وفق، حسب، نقلا عن); a cue with no subject
//!   (وتابع:، مضيفا) inherits the previous quote's speaker or the most recent
//!   person named outside quotes, whichever is more recent.
//! - [`Extractor::claims`]: numbers in digits (ASCII, Arabic-Indic, with
//!   separators, `%`) or words (ثلاثة آلاف، عشرات، خمسة وعشرون), hedges that
//!   make them approximate (نحو، أكثر من، ما لا يقل عن), and the unit: the
//!   counted noun after the number, an event noun before it (مقتل → killed),
//!   or a counted noun before it across bridge words (قتلى بلغ عددهم).
//! - [`attach`]: links claims to the nearest event trigger in their sentence.
//!
//! Invariants:
//! - Every `text` (quote, speaker, cue, claim) is exactly the body's char
//!   slice `[start, end)`; offsets are `char` offsets into the body.
//! - Word lists (cues, number words, units, hedges, blockers, clitics) live
//!   in `data/claims/` (months in `data/article/months.tsv`), embedded and
//!   parsed once by [`Extractor::new`]; errors name file and line.
//! - A body is tokenised and folded once: every list is compiled at load
//!   into tries over word ids, each token carries its clitic readings as
//!   ids, and [`Extractor::claims`] reuses the tokens of the
//!   [`Extractor::quotes`] call on the same body ([`Extractor::quotes_and_claims`]
//!   does both in one pass).
//! - Nothing panics on any input, including mentions or sentences whose
//!   offsets do not fit the body (they are ignored).
//! - It deliberately does not: resolve pronouns or anonymous sources
//!   (مصدر أمني gives no speaker, and nothing is inherited for it), pair
//!   quotes across paragraphs, convert units, read ranges (10-15) or
//!   ordinals, or fill `Claim.event` (that is [`attach`]'s job, after the
//!   event coder) or apply the agency as default source.
//! - A number whose counted noun is unknown but present gets unit `other`
//!   (digits only); word numbers need a known unit. Scare quotes (≤ 3 words
//!   with no adjacent cue) and quotes with no cue at all are not quotes.

mod claims;
mod data;
use rasad_text::fold_table as fold;
use rasad_text::fx;
mod quotes;
mod view;

use std::sync::{Arc, Mutex};

use rasad_doc::{Claim, Event, Mention, Quote, Span};

use data::Lexicon;
use view::{Tokens, View};

/// Reads quotes and claims; holds the parsed word lists.
#[derive(Debug)]
pub struct Extractor {
    lex: Lexicon,
    /// The tokens of the last body read: the pipeline calls
    /// [`Extractor::quotes`] then [`Extractor::claims`] on the same body,
    /// and tokenising is most of the cost. A pure function of the body
    /// text, compared in full before reuse, so it never changes a result.
    last: Mutex<Option<Arc<Tokens>>>,
}

impl Clone for Extractor {
    fn clone(&self) -> Extractor {
        Extractor {
            lex: self.lex.clone(),
            last: Mutex::new(None),
        }
    }
}

impl Extractor {
    /// Parses the embedded data files; the error names the file and line.
    pub fn new() -> Result<Extractor, String> {
        Ok(Extractor {
            lex: Lexicon::load_embedded()?,
            last: Mutex::new(None),
        })
    }

    /// The tokens of `body`, from the one-body cache when it holds them.
    /// Never waits: another thread holding the cache means a fresh build.
    fn tokens(&self, body: &str) -> Arc<Tokens> {
        if let Ok(mut last) = self.last.try_lock() {
            if let Some(t) = last.as_ref().filter(|t| t.body() == body) {
                return Arc::clone(t);
            }
            let t = Arc::new(Tokens::new(body, &self.lex));
            *last = Some(Arc::clone(&t));
            return t;
        }
        Arc::new(Tokens::new(body, &self.lex))
    }

    /// Direct and indirect quotes in `body`, ordered by start.
    pub fn quotes(&self, body: &str, sentences: &[Span], mentions: &[Mention]) -> Vec<Quote> {
        let t = self.tokens(body);
        let v = View::new(&t, sentences, mentions, &self.lex);
        let cues = quotes::find_cues(&v);
        quotes::extract(&v, &cues)
    }

    /// Numeric claims in `body`, ordered by start. `quotes` (from
    /// [`Extractor::quotes`]) give the source of numbers said by someone.
    pub fn claims(
        &self,
        body: &str,
        sentences: &[Span],
        mentions: &[Mention],
        quotes: &[Quote],
    ) -> Vec<Claim> {
        let t = self.tokens(body);
        let v = View::new(&t, sentences, mentions, &self.lex);
        let cues = quotes::find_cues(&v);
        claims::extract(&v, &cues, quotes)
    }

    /// [`Extractor::quotes`] and [`Extractor::claims`] in one pass: the
    /// body is read and its cues found once.
    pub fn quotes_and_claims(
        &self,
        body: &str,
        sentences: &[Span],
        mentions: &[Mention],
    ) -> (Vec<Quote>, Vec<Claim>) {
        let t = Tokens::new(body, &self.lex);
        let v = View::new(&t, sentences, mentions, &self.lex);
        let cues = quotes::find_cues(&v);
        let quotes = quotes::extract(&v, &cues);
        let claims = claims::extract(&v, &cues, &quotes);
        (quotes, claims)
    }
}

/// Sets each claim's `event` to the index of the event in the same sentence
/// whose trigger is nearest to the claim (ties: the earlier event); claims
/// with no event in their sentence get `None`.
pub fn attach(claims: &mut [Claim], events: &[Event]) {
    for c in claims.iter_mut() {
        c.event = events
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.sentence.start <= c.start && c.start < e.sentence.end.max(e.sentence.start + 1)
            })
            .min_by_key(|(i, e)| {
                let t = &e.trigger;
                let d = if t.end <= c.start {
                    c.start - t.end
                } else {
                    t.start.saturating_sub(c.end)
                };
                (d, *i)
            })
            .map(|(i, _)| i);
    }
}
