//! Tokenisation: words, numbers, punctuation, Latin runs, symbols.

use crate::chars::{
    digit_value, is_arabic_word_char, is_digit, is_invisible_control, is_other_letter, is_punct,
};
use rasad_doc::Span;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use unicode_normalization::char::is_combining_mark;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    /// A run of Arabic letters, with any diacritics and tatweel inside it.
    Word,
    /// Digits (ASCII, Arabic-Indic or Persian) with inner `.` `,` `٫` `٬`
    /// `:` `/` separators and an optional trailing `%` `٪` `‰`.
    Number,
    /// One punctuation char, or a run of dots (`...`).
    Punct,
    /// A run of letters of another script (mostly Latin) with inner digits
    /// and apostrophes, or a whole URL or e-mail address.
    Latin,
    /// Anything else that is not whitespace: `$ + = © €`, emoji, stray marks.
    Symbol,
}

/// A token: its char span in the text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// Split `body` into tokens (char offsets into `body`). Whitespace and
/// invisible controls separate tokens and are never part of one, except a
/// ZWNJ/ZWJ between two letters of a word. Punctuation is always its own
/// token, so `الروسي-الفرنسي` is three tokens and `«داعش»` is three.
pub fn tokens(body: &str) -> Vec<Token> {
    let chars: Vec<char> = body.chars().collect();
    tokenize_chars(&chars)
}

/// A body's chars and [`tokenize_chars`] tokens (offsets index `chars`).
#[derive(Debug, PartialEq, Eq)]
pub struct Tokenized {
    pub body: String,
    pub chars: Vec<char>,
    pub tokens: Vec<Token>,
    /// Per token: its spelling's id in this thread's spelling table (equal
    /// spellings, equal ids), or [`NO_SPELLING`] for a token too long to
    /// be worth remembering. Stages key per-spelling caches by it
    /// ([`SpellingMemo`]) instead of hashing the text again.
    pub spellings: Vec<u32>,
    /// The generation of the spelling table the ids belong to: ids of two
    /// bodies agree only when their generations do.
    pub generation: u64,
}

/// No spelling id (see [`Tokenized::spellings`]).
pub const NO_SPELLING: u32 = u32::MAX;

/// Longest token (in UTF-8 bytes) given a spelling id: the spelling is
/// the table key itself (no pointer to follow on lookup); longer tokens
/// (15+ Arabic letters, URLs) are rare and analysed every time.
const SPELLING_MAX_BYTES: usize = 31;
/// Spellings a thread remembers before it starts a new generation (about
/// 12 MB of table): a long-running process does not grow without bound.
const SPELLINGS_CAP: usize = 1 << 18;

static GENERATIONS: AtomicU64 = AtomicU64::new(1);

/// A fresh number, unique in the process: the generation of a spelling
/// table, or the identity of a lexicon whose answers a [`SpellingMemo`]
/// holds (answers from another lexicon must not be served).
pub fn fresh_stamp() -> u64 {
    GENERATIONS.fetch_add(1, Ordering::Relaxed)
}

/// A spelling as a table key: its UTF-8 bytes, zero-padded, and the length
/// in the last byte (so padding never makes two spellings equal).
type SpellingKey = [u8; SPELLING_MAX_BYTES + 1];

fn spelling_key(word: &[char]) -> Option<SpellingKey> {
    let mut key = [0u8; SPELLING_MAX_BYTES + 1];
    let mut n = 0;
    for &c in word {
        let len = c.len_utf8();
        if n + len > SPELLING_MAX_BYTES {
            return None;
        }
        c.encode_utf8(&mut key[n..n + len]);
        n += len;
    }
    key[SPELLING_MAX_BYTES] = n as u8;
    Some(key)
}

/// Slots of the front cache of a spelling table: 16384 × 36 bytes (well
/// inside L2), room for the frequent words that most tokens are.
const FRONT_BITS: u32 = 14;
/// An empty front slot: no spelling has this length byte.
const FRONT_EMPTY: (SpellingKey, u32) = ([0xFF; SPELLING_MAX_BYTES + 1], NO_SPELLING);

/// Hasher of spelling keys: Fx rounds over the key's words, then a
/// splitmix finaliser. The keys are zero-padded, and Fx alone leaves the
/// low bits (the hash table's bucket index) nearly constant for them.
#[derive(Default)]
struct SpellingHasher(u64);

impl Hasher for SpellingHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for c in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..c.len()].copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    #[inline]
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

type SpellingBuild = BuildHasherDefault<SpellingHasher>;

/// One thread's spelling table. The table itself is large (hundreds of
/// thousands of spellings, beyond the CPU caches); a small direct-mapped
/// front cache answers the frequent spellings without touching it.
struct Spellings {
    ids: HashMap<SpellingKey, u32, SpellingBuild>,
    front: Vec<(SpellingKey, u32)>,
    generation: u64,
    /// Scratch of [`Spellings::ids_of`]: keys and front slots of one body.
    keys: Vec<(SpellingKey, usize)>,
}

impl Spellings {
    /// Spelling ids of `tokens`, in three passes rather than one loop:
    /// keys first, then the front cache, then the table for the rest. The
    /// lookups are cache misses, and a short loop of independent loads
    /// lets the CPU wait for many of them at once. Ids are those of a
    /// single in-order pass: new spellings are numbered in token order.
    fn ids_of(&mut self, chars: &[char], tokens: &[Token]) -> Vec<u32> {
        if self.generation == 0 || self.ids.len() >= SPELLINGS_CAP {
            self.ids.clear();
            self.front.clear();
            self.front.resize(1 << FRONT_BITS, FRONT_EMPTY);
            self.generation = fresh_stamp();
        }
        self.keys.clear();
        self.keys.extend(tokens.iter().map(|t| {
            match chars.get(t.span.start..t.span.end).and_then(spelling_key) {
                Some(key) => {
                    let at = (SpellingBuild::default().hash_one(key) >> (64 - FRONT_BITS)) as usize;
                    (key, at)
                }
                // No id: the empty slot's key (it never equals a real one).
                None => (FRONT_EMPTY.0, 0),
            }
        }));
        let front = &self.front;
        let mut out: Vec<u32> = self
            .keys
            .iter()
            .map(|(key, at)| match front.get(*at) {
                Some((k, id)) if k == key => *id,
                _ => NO_SPELLING,
            })
            .collect();
        for (slot, (key, at)) in out.iter_mut().zip(&self.keys) {
            if *slot != NO_SPELLING || key[SPELLING_MAX_BYTES] == 0xFF {
                continue;
            }
            let next = self.ids.len() as u32;
            let id = *self.ids.entry(*key).or_insert(next);
            if let Some(f) = self.front.get_mut(*at) {
                *f = (*key, id);
            }
            *slot = id;
        }
        out
    }
}

thread_local! {
    static LAST: RefCell<Option<Arc<Tokenized>>> = const { RefCell::new(None) };
    static SPELLINGS: RefCell<Spellings> = RefCell::new(Spellings {
        ids: HashMap::default(),
        front: Vec::new(),
        generation: 0,
        keys: Vec::new(),
    });
}

/// The chars and tokens of `body`. Several stages read the same body one
/// after another on one thread: the last body's result is kept per thread
/// and handed out again when the next call has the same text (compared in
/// full, so the result is always that of [`tokenize_chars`]).
pub fn tokenized(body: &str) -> Arc<Tokenized> {
    LAST.with_borrow_mut(|last| {
        if let Some(t) = last.as_ref().filter(|t| t.body == body) {
            return Arc::clone(t);
        }
        // Sized up front: collecting grows the vector a few times per body.
        let mut chars: Vec<char> = Vec::with_capacity(body.chars().count());
        chars.extend(body.chars());
        let tokens = tokenize_chars(&chars);
        let (spellings, generation) = SPELLINGS.with_borrow_mut(|s| {
            let ids = s.ids_of(&chars, &tokens);
            (ids, s.generation)
        });
        let t = Arc::new(Tokenized {
            body: body.to_string(),
            chars,
            tokens,
            spellings,
            generation,
        });
        *last = Some(Arc::clone(&t));
        t
    })
}

/// This thread's last [`tokenized`] result, if `chars` and `tokens` are
/// its very slices (same memory, same length): lets a stage that is handed
/// bare slices use their spelling ids.
pub fn tokenized_of(chars: &[char], tokens: &[Token]) -> Option<Arc<Tokenized>> {
    LAST.with_borrow(|last| {
        last.as_ref()
            .filter(|t| {
                std::ptr::eq(t.chars.as_slice(), chars) && std::ptr::eq(t.tokens.as_slice(), tokens)
            })
            .cloned()
    })
}

/// A per-thread cache of one stage's answer per spelling, indexed by
/// [`Tokenized::spellings`] ids. It serves answers only for the spelling
/// generation and the owner (a lexicon's [`fresh_stamp`]) it was filled
/// with, and forgets everything when either changes.
#[derive(Debug)]
pub struct SpellingMemo<T> {
    generation: u64,
    owner: u64,
    slots: Vec<Option<T>>,
}

impl<T> Default for SpellingMemo<T> {
    fn default() -> Self {
        SpellingMemo {
            generation: 0,
            owner: 0,
            slots: Vec::new(),
        }
    }
}

impl<T> SpellingMemo<T> {
    pub fn new() -> SpellingMemo<T> {
        SpellingMemo::default()
    }

    /// Readies the memo for the tokens of `tz` analysed by `owner`.
    /// Returns false when it forgot everything (the caller may drop
    /// storage its answers point into).
    pub fn begin(&mut self, tz: &Tokenized, owner: u64) -> bool {
        if self.generation == tz.generation && self.owner == owner {
            return true;
        }
        self.generation = tz.generation;
        self.owner = owner;
        self.slots.clear();
        false
    }

    /// The answer remembered for spelling `id`.
    #[inline]
    pub fn get(&self, id: u32) -> Option<&T> {
        self.slots.get(id as usize).and_then(Option::as_ref)
    }

    /// Remembers the answer for spelling `id` ([`NO_SPELLING`] is ignored).
    pub fn set(&mut self, id: u32, v: T) {
        if id == NO_SPELLING {
            return;
        }
        let i = id as usize;
        if i >= self.slots.len() {
            self.slots.resize_with(i + 1, || None);
        }
        self.slots[i] = Some(v);
    }
}

/// [`tokens`] over an already collected char slice (offsets index it).
pub fn tokenize_chars(chars: &[char]) -> Vec<Token> {
    let n = chars.len();
    let mut out = Vec::with_capacity(n / 5);
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let start = i;
        // Arabic word chars first (the most frequent start); none of them is
        // whitespace or an invisible control, so the order changes nothing.
        let kind = if is_arabic_word_char(c) {
            i = scan_word(chars, i);
            TokenKind::Word
        } else if c.is_whitespace() || is_invisible_control(c) {
            i += 1;
            continue;
        } else if is_digit(c) {
            i = scan_number(chars, i);
            TokenKind::Number
        } else if is_other_letter(c) {
            if let Some(end) = scan_url_or_email(chars, i) {
                i = end;
            } else {
                i = scan_latin(chars, i);
            }
            TokenKind::Latin
        } else if is_punct(c) {
            i += 1;
            if c == '.' {
                while i < n && chars[i] == '.' {
                    i += 1;
                }
            }
            TokenKind::Punct
        } else {
            i += 1;
            TokenKind::Symbol
        };
        out.push(Token {
            span: Span::new(start, i),
            kind,
        });
    }
    out
}

fn is_joiner(c: char) -> bool {
    c == '\u{200C}' || c == '\u{200D}'
}

fn scan_word(chars: &[char], mut i: usize) -> usize {
    let n = chars.len();
    while i < n {
        let c = chars[i];
        if is_arabic_word_char(c) {
            i += 1;
        } else if is_joiner(c) && i + 1 < n && is_arabic_word_char(chars[i + 1]) {
            i += 2;
        } else {
            break;
        }
    }
    i
}

fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '٫' | '٬' | ':' | '/')
}

fn scan_number(chars: &[char], mut i: usize) -> usize {
    let n = chars.len();
    while i < n {
        let c = chars[i];
        if digit_value(c).is_some() {
            i += 1;
        } else if is_number_separator(c) && i + 1 < n && is_digit(chars[i + 1]) {
            i += 2;
        } else {
            break;
        }
    }
    if i < n && matches!(chars[i], '%' | '٪' | '‰') {
        i += 1;
    }
    i
}

fn scan_latin(chars: &[char], mut i: usize) -> usize {
    let n = chars.len();
    while i < n {
        let c = chars[i];
        if is_other_letter(c)
            || c.is_ascii_digit()
            || (!c.is_ascii() && is_combining_mark(c) && !is_arabic_word_char(c))
        {
            i += 1;
        } else if matches!(c, '\'' | '’') && i + 1 < n && is_other_letter(chars[i + 1]) {
            // O'Brien, Shi'ite: an apostrophe between letters is inside the word.
            i += 2;
        } else {
            break;
        }
    }
    i
}

fn starts_with_ci(chars: &[char], i: usize, prefix: &str) -> bool {
    let mut k = i;
    for p in prefix.chars() {
        match chars.get(k) {
            Some(c) if c.to_ascii_lowercase() == p => k += 1,
            _ => return false,
        }
    }
    true
}

/// A URL (`http://`, `https://`, `www.`) or e-mail address starting at `i`:
/// returns its end, without trailing sentence punctuation.
fn scan_url_or_email(chars: &[char], i: usize) -> Option<usize> {
    let n = chars.len();
    let is_url = starts_with_ci(chars, i, "http://")
        || starts_with_ci(chars, i, "https://")
        || starts_with_ci(chars, i, "www.");
    if is_url {
        let mut e = i;
        while e < n {
            let c = chars[e];
            if c.is_whitespace()
                || is_invisible_control(c)
                || matches!(
                    c,
                    '«' | '»'
                        | '“'
                        | '”'
                        | '"'
                        | '<'
                        | '>'
                        | '('
                        | ')'
                        | '['
                        | ']'
                        | '{'
                        | '}'
                        | '،'
                        | '؛'
                        | '؟'
                )
            {
                break;
            }
            e += 1;
        }
        while e > i && matches!(chars[e - 1], '.' | ',' | ';' | ':' | '!' | '?' | '\'') {
            e -= 1;
        }
        return Some(e);
    }
    // E-mail: local@domain.tld in ASCII.
    let is_local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let mut e = i;
    while e < n && is_local(chars[e]) {
        e += 1;
    }
    if e >= n || chars[e] != '@' {
        return None;
    }
    let d0 = e + 1;
    let mut d = d0;
    while d < n && (chars[d].is_ascii_alphanumeric() || matches!(chars[d], '.' | '-')) {
        d += 1;
    }
    while d > d0 && matches!(chars[d - 1], '.' | '-') {
        d -= 1;
    }
    let domain = &chars[d0..d];
    let dot = domain.iter().rposition(|&c| c == '.')?;
    let tld_ok = dot > 0
        && domain.len() - dot > 2
        && domain[dot + 1..].iter().all(|c| c.is_ascii_alphabetic());
    tld_ok.then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenized_is_tokenize_chars_for_each_body() {
        let a = "قال الوزير: 3.5 مليون.";
        let b = "وزار الرئيس بغداد.";
        for body in [a, a, b, a, ""] {
            let t = tokenized(body);
            let chars: Vec<char> = body.chars().collect();
            assert_eq!(t.body, body);
            assert_eq!(t.chars, chars);
            assert_eq!(t.tokens, tokenize_chars(&chars));
        }
        assert!(Arc::ptr_eq(&tokenized(b), &tokenized(b)));
    }

    #[test]
    fn equal_spellings_share_ids_across_bodies() {
        let a = tokenized("قال الوزير إن الوزير قال");
        let ids = &a.spellings;
        assert_eq!(ids.len(), a.tokens.len());
        assert_eq!(ids[0], ids[4]);
        assert_eq!(ids[1], ids[3]);
        assert_ne!(ids[0], ids[1]);
        assert!(!ids.contains(&NO_SPELLING));
        let long: String = "ب".repeat(SPELLING_MAX_BYTES / 2 + 1);
        let b = tokenized(&format!("الوزير {long}"));
        assert_eq!(b.generation, a.generation);
        assert_eq!(b.spellings, [ids[1], NO_SPELLING]);
        // Only the thread's own slices are recognised.
        assert!(tokenized_of(&b.chars, &b.tokens).is_some_and(|t| Arc::ptr_eq(&t, &b)));
        let copy = b.chars.clone();
        assert!(tokenized_of(&copy, &b.tokens).is_none());
    }

    #[test]
    fn memo_forgets_on_new_owner_or_generation() {
        let t = tokenized("قال الوزير");
        let mut m: SpellingMemo<usize> = SpellingMemo::new();
        let owner = fresh_stamp();
        assert!(!m.begin(&t, owner));
        m.set(t.spellings[1], 7);
        m.set(NO_SPELLING, 9);
        assert!(m.begin(&t, owner));
        assert_eq!(m.get(t.spellings[1]), Some(&7));
        assert_eq!(m.get(t.spellings[0]), None);
        assert!(!m.begin(&t, fresh_stamp()));
        assert_eq!(m.get(t.spellings[1]), None);
    }

    fn render(s: &str) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        tokens(s)
            .iter()
            .map(|t| chars[t.span.start..t.span.end].iter().collect())
            .collect()
    }

    #[test]
    fn hyphen_between_words_splits() {
        assert_eq!(
            render("الاتفاق المصري-السوداني"),
            ["الاتفاق", "المصري", "-", "السوداني"]
        );
    }

    #[test]
    fn urls_and_emails_stay_whole() {
        assert_eq!(
            render("زوروا https://example.org/a?b=1."),
            ["زوروا", "https://example.org/a?b=1", "."]
        );
        assert_eq!(
            render("راسلوا info@example.com."),
            ["راسلوا", "info@example.com", "."]
        );
        assert_eq!(render("me@x"), ["me", "@", "x"]);
    }

    #[test]
    fn zwnj_inside_word_only() {
        assert_eq!(render("می\u{200C}خواهم \u{200C}"), ["می\u{200C}خواهم"]);
    }
}
