//! The Arabic text layer of rasad: normalisation for matching, sentence
//! splitting, tokenisation, clitic segmentation and stemming.
//!
//! - [`normalize`] / [`fold_word`]: a folded matching form (diacritics,
//!   tatweel and invisible controls dropped; hamza/alef, ى, ة spellings and
//!   digits unified; lowercased) with a map back to the original.
//! - [`sentences`]: sentence spans that respect quotes, decimals,
//!   abbreviations, URLs and line breaks.
//! - [`tokens`]: words, numbers, punctuation, Latin runs, symbols.
//!   [`tokenized`] shares one body's chars and tokens between stages and
//!   numbers each token's spelling per thread, so stages can remember
//!   per-spelling work across documents ([`SpellingMemo`]).
//! - [`segment`] / [`segment_with`] / [`analyses`]: proclitics + stem +
//!   pronoun suffix, conservative, lexicon-aware.
//! - [`stem`] (Snowball) and [`light_stem`] (clitics and inflectional
//!   endings only): keys for matching.
//!
//! Invariants:
//! - Every offset this crate returns is a `char` (Unicode scalar) offset
//!   into the string it was given, never a byte offset. The input is never
//!   modified: folded text only exists alongside a map back to it.
//! - Spelling ids are per thread and per generation: equal ids mean equal
//!   spellings only within one generation, and a memo forgets everything
//!   when the generation (or the lexicon it is filled for) changes.
//! - No function panics on any input string; out-of-range offsets passed
//!   to [`Normalized::orig_span`] are clamped.
//! - Sentence spans are ordered, non-overlapping, non-empty and never start
//!   or end on whitespace; tokens never contain whitespace.
//! - Linguistic lists (clitics, abbreviations, lexicon, suffixes) live in
//!   `data/text/`, embedded at build time; the code holds only the rules.
//! - It deliberately does not do: morphological analysis beyond clitics,
//!   part-of-speech tagging, diacritisation, or spelling correction; it
//!   does not guess sentence ends inside an ellipsis or a matched quote.

mod chars;
mod data;
mod filter;
pub mod fold_table;
pub mod fx;
mod normalize;
mod segment;
mod sentences;
mod stem;
mod tokens;

pub use chars::is_alphanumeric;
pub use data::{is_known_stem, DataError};
pub use filter::WordFilter;
pub use normalize::{fold_word, normalize, Normalized};
pub use rasad_doc::Span;
pub use segment::{analyses, segment, segment_with, Clitic, Known, Segmentation};
pub use sentences::{sentences, split_chars};
pub use stem::{light_stem, stem};
pub use tokens::{
    fresh_stamp, tokenize_chars, tokenized, tokenized_of, tokens, SpellingMemo, Token, TokenKind,
    Tokenized, NO_SPELLING,
};
