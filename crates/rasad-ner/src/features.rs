//! Token folding and hashed feature extraction.
//!
//! Features are never materialised as strings: each one is an FNV-1a hash
//! of a template id and its parts. Tokens are folded into one arena string
//! per [`Doc`], so extraction does not allocate per token.

use crate::{NerError, N_LABELS};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// The trigger lexicon shipped with the crate (classes listed in the file).
pub(crate) const TRIGGERS_TXT: &str = include_str!("../../../data/ner/triggers.txt");
pub(crate) const TRIGGERS_NAME: &str = "data/ner/triggers.txt";

pub(crate) const TRIGGER_CLASSES: [&str; 6] = [
    "TITLE",
    "PERS_PART",
    "SPEECH",
    "LOC_CUE",
    "ORG_CUE",
    "MISC_CUE",
];

/// Name tokens derived from an external actor dictionary (see the file header).
pub(crate) const NAMES_TXT: &str = include_str!("../../../data/ner/names.txt");
pub(crate) const NAMES_NAME: &str = "data/ner/names.txt";
pub(crate) const NAME_CLASSES: [&str; 2] = ["PERS_NAME", "PLACE"];

/// Entity phrases from external resources (generated; see the file header).
pub(crate) const GAZETTEER_TXT: &str = include_str!("../../../data/ner/gazetteer.txt");
pub(crate) const GAZETTEER_NAME: &str = "data/ner/gazetteer.txt";
/// Word clusters from unlabeled text (generated; see the file header).
pub(crate) const CLUSTERS_TXT: &str = include_str!("../../../data/ner/clusters.txt");
pub(crate) const CLUSTERS_NAME: &str = "data/ner/clusters.txt";
/// Cluster granularities per word (columns of the cluster file).
pub(crate) const CLUSTER_LEVELS: usize = 3;
/// Cluster ids of a stem, each `id + 1` (0: no cluster).
pub(crate) type Clusters = [u16; CLUSTER_LEVELS];

/// Parses a `stem<TAB>id...` cluster file (`#` comments); keys must be
/// folded, clitic-stripped stems (as the generating tool writes them).
pub(crate) fn parse_clusters(
    text: &str,
    source: &str,
) -> Result<BTreeMap<String, Clusters>, NerError> {
    let mut map = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        if raw.starts_with('#') || raw.trim().is_empty() {
            continue;
        }
        let malformed = || NerError::Parse {
            file: source.to_string(),
            line: i + 1,
            message: format!("expected stem and {CLUSTER_LEVELS} cluster ids"),
        };
        let mut it = raw.split('\t');
        let key = it.next().unwrap_or("");
        let mut ids = [0u16; CLUSTER_LEVELS];
        for id in ids.iter_mut() {
            let v: u16 = it
                .next()
                .and_then(|x| x.trim().parse().ok())
                .filter(|&v: &u16| v < u16::MAX)
                .ok_or_else(malformed)?;
            *id = v + 1;
        }
        if key.is_empty() || it.next().is_some() {
            return Err(malformed());
        }
        map.insert(key.to_string(), ids);
    }
    Ok(map)
}

/// Hand-written given names.
pub(crate) const GIVEN_TXT: &str = include_str!("../../../data/ner/given_names.txt");
pub(crate) const GIVEN_NAME: &str = "data/ner/given_names.txt";
/// Phrase classes: the first five come from the files above, the `T`
/// classes from entity phrases of the training data.
pub(crate) const PHRASE_CLASSES: [&str; 9] = [
    "PERS", "LOC", "ORG", "CITY", "GIVEN", "TPERS", "TLOC", "TORG", "TMISC",
];
/// Index of the first training-data phrase class.
pub(crate) const TRAIN_PHRASE_CLASS: usize = 5;
/// Longest phrase, in tokens.
pub(crate) const MAX_PHRASE: usize = 6;

/// The lookup key of a token sequence: folded, clitic-stripped stems
/// joined by spaces.
pub(crate) fn phrase_key<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut key = String::new();
    for w in words {
        let f = fold(w);
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(strip_clitics(&f).1);
    }
    key
}

/// Adds a phrase of class `class` to a phrase map; every proper prefix is
/// entered with an empty mask so matching can stop early.
pub(crate) fn add_phrase(map: &mut BTreeMap<String, u32>, key: &str, class: usize) {
    for (i, c) in key.char_indices() {
        if c == ' ' {
            map.entry(key[..i].to_string()).or_insert(0);
        }
    }
    *map.entry(key.to_string()).or_insert(0) |= 1 << class;
}

/// Parses a `CLASS<TAB>phrase` file (`#` comments) into a phrase map.
pub(crate) fn parse_phrases(
    text: &str,
    source: &str,
    map: &mut BTreeMap<String, u32>,
) -> Result<(), NerError> {
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let err = |message: String| NerError::Parse {
            file: source.to_string(),
            line: i + 1,
            message,
        };
        let Some((class, phrase)) = line.split_once('\t') else {
            return Err(err("expected `CLASS<TAB>phrase`".to_string()));
        };
        let Some(code) = PHRASE_CLASSES[..TRAIN_PHRASE_CLASS]
            .iter()
            .position(|c| *c == class.trim())
        else {
            return Err(err(format!("unknown class {class:?}")));
        };
        let words: Vec<&str> = phrase.split_whitespace().collect();
        if words.is_empty() || words.len() > MAX_PHRASE {
            return Err(err(format!("phrase must have 1 to {MAX_PHRASE} words")));
        }
        add_phrase(map, &phrase_key(words.into_iter()), code);
    }
    Ok(())
}

/// Folds a token for matching: drops diacritics and tatweel, unifies alef
/// forms, ى→ي, ة→ه, Arabic-Indic digits → ASCII, ASCII lowercase.
pub(crate) fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`], appending to `out`.
pub(crate) fn fold_into(word: &str, out: &mut String) {
    for c in word.chars() {
        match c {
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ى' => out.push('ي'),
            'ة' => out.push('ه'),
            '٠'..='٩' => {
                let d = c as u32 - '٠' as u32;
                out.push(char::from_digit(d, 10).unwrap_or('0'));
            }
            _ => out.push(c.to_ascii_lowercase()),
        }
    }
}

/// Splits proclitics off a folded word: optional و/ف, then ال, لل, or
/// ب/ك/ل + ال. Returns (byte length of the stripped prefix, stem).
/// Bare ب/ك/ل are not stripped: too many names start with them (لبنان).
pub(crate) fn strip_clitics(folded: &str) -> (usize, &str) {
    let nchars = folded.chars().count();
    let mut rest = folded;
    let mut left = nchars;
    if left > 3 && (rest.starts_with('و') || rest.starts_with('ف')) {
        rest = &rest['و'.len_utf8()..];
        left -= 1;
    }
    if left > 4 && rest.starts_with("لل") {
        rest = &rest["لل".len()..];
    } else if left > 4
        && (rest.starts_with("بال") || rest.starts_with("كال") || rest.starts_with("لال"))
    {
        rest = &rest["بال".len()..];
    } else if left > 3 && rest.starts_with("ال") {
        rest = &rest["ال".len()..];
    }
    (folded.len() - rest.len(), rest)
}

/// Coarse character-class shape: runs of Arabic letters `a`, digits `d`,
/// Latin `L`, punctuation `p`, other `o`, at most 4 runs.
fn shape(word: &str) -> [u8; 4] {
    let mut out = [0u8; 4];
    let mut n = 0;
    for c in word.chars() {
        let k = if c.is_ascii_digit() || ('٠'..='٩').contains(&c) {
            b'd'
        } else if c.is_ascii_alphabetic() {
            b'L'
        } else if ('\u{0600}'..='\u{06FF}').contains(&c) && is_alpha(c) {
            b'a'
        } else if c.is_ascii_punctuation() || matches!(c, '،' | '؛' | '؟' | '«' | '»') {
            b'p'
        } else {
            b'o'
        };
        if n > 0 && out[n - 1] == k {
            continue;
        }
        if n == out.len() {
            break;
        }
        out[n] = k;
        n += 1;
    }
    out
}

/// Parses a `CLASS word` lexicon (`#` comments). Keys are stored folded and
/// clitic-stripped. With `bitmask`, a word listed under several classes gets
/// the OR of `1 << class`; otherwise its first class (`index + 1`) wins.
pub(crate) fn parse_lexicon(
    text: &str,
    source: &str,
    classes: &[&str],
    bitmask: bool,
) -> Result<BTreeMap<String, u8>, NerError> {
    let mut map = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let mut it = line.split_whitespace();
        let (Some(class), Some(word), None) = (it.next(), it.next(), it.next()) else {
            return Err(NerError::Parse {
                file: source.to_string(),
                line: i + 1,
                message: "expected `CLASS word`".to_string(),
            });
        };
        let Some(code) = classes.iter().position(|c| *c == class) else {
            return Err(NerError::Parse {
                file: source.to_string(),
                line: i + 1,
                message: format!("unknown class {class:?} (expected one of {classes:?})"),
            });
        };
        let folded = fold(word);
        let (_, stem) = strip_clitics(&folded);
        if bitmask {
            *map.entry(stem.to_string()).or_insert(0) |= 1u8 << code;
        } else {
            // First listing wins, so the file order states precedence.
            map.entry(stem.to_string()).or_insert(code as u8 + 1);
        }
    }
    Ok(map)
}

/// The lexical resources a model carries: trigger classes and a gazetteer
/// (folded word → dominant entity label code, from training data only).
/// The ordered maps are what the model file stores; `fast` mirrors them
/// in hash maps because tagging does several lookups per token.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    pub triggers: BTreeMap<String, u8>,
    pub gazetteer: BTreeMap<String, u8>,
    pub names: BTreeMap<String, u8>,
    /// Phrase key → bitmask of [`PHRASE_CLASSES`] (0 = only a prefix).
    pub phrases: BTreeMap<String, u32>,
    /// Stem → cluster ids (see [`CLUSTERS_TXT`]).
    pub clusters: BTreeMap<String, Clusters>,
    fast: FastLex,
}

/// Everything keyed by a stem in one map, so a token costs one lookup.
#[derive(Debug, Clone, Default)]
struct FastLex {
    stems: FxMap<Box<str>, StemEntry>,
    gazetteer: FxMap<Box<str>, u8>,
}

#[derive(Debug, Clone, Copy, Default)]
struct StemEntry {
    trig: u8,
    name: u8,
    phrase: Option<u32>,
    clus: Clusters,
}

impl PartialEq for Lexicon {
    fn eq(&self, o: &Lexicon) -> bool {
        // `fast` is derived from the ordered maps.
        (
            &self.triggers,
            &self.gazetteer,
            &self.names,
            &self.phrases,
            &self.clusters,
        ) == (&o.triggers, &o.gazetteer, &o.names, &o.phrases, &o.clusters)
    }
}

impl Eq for Lexicon {}

impl Lexicon {
    pub(crate) fn new(
        triggers: BTreeMap<String, u8>,
        gazetteer: BTreeMap<String, u8>,
        names: BTreeMap<String, u8>,
        phrases: BTreeMap<String, u32>,
    ) -> Lexicon {
        let mut stems: FxMap<Box<str>, StemEntry> = FxMap::default();
        for (k, v) in &triggers {
            stems.entry(k.as_str().into()).or_default().trig = *v;
        }
        for (k, v) in &names {
            stems.entry(k.as_str().into()).or_default().name = *v;
        }
        for (k, v) in &phrases {
            stems.entry(k.as_str().into()).or_default().phrase = Some(*v);
        }
        let fast = FastLex {
            stems,
            gazetteer: gazetteer
                .iter()
                .map(|(k, v)| (k.as_str().into(), *v))
                .collect(),
        };
        Lexicon {
            triggers,
            gazetteer,
            names,
            phrases,
            clusters: BTreeMap::new(),
            fast,
        }
    }

    /// This lexicon with word clusters.
    pub(crate) fn with_clusters(mut self, clusters: BTreeMap<String, Clusters>) -> Lexicon {
        for (k, v) in &clusters {
            self.fast.stems.entry(k.as_str().into()).or_default().clus = *v;
        }
        self.clusters = clusters;
        self
    }
}

/// Fx-style multiplicative hasher for in-memory maps keyed by short
/// strings (SipHash's DoS resistance buys nothing here and costs a lot).
/// Never used for feature hashes, which are part of the model format.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rem = chunks.remainder();
        if !rem.is_empty() {
            let mut b = [0u8; 8];
            b[..rem.len()].copy_from_slice(rem);
            self.add(u64::from_le_bytes(b) ^ ((rem.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // hashbrown takes its control bits from the top: fold the well-mixed
        // high half down as well so both ends are usable.
        self.0 ^ (self.0 >> 29)
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// `char::is_alphabetic` with the common cases (ASCII, Arabic letters)
/// answered without the Unicode table walk.
#[inline]
fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if ('\u{0621}'..='\u{064A}').contains(&c) {
        true
    } else {
        c.is_alphabetic()
    }
}

/// Per-token values computed once per document and shared by all
/// templates and both passes. The folded text lives in the [`Doc`] arena,
/// so building a token allocates nothing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenInfo {
    /// Byte range of the folded token in [`Doc::text`].
    at: u32,
    len: u32,
    /// Chars in the folded token.
    nchars: u32,
    /// Byte offset (into the folded token) where the stem starts.
    stem_at: u32,
    /// Where the stem starts if a bare ب/ل/ك (and then ال) is also
    /// stripped: «بايهود» → «ايهود». Equal to `stem_at` when not applicable.
    alt_at: u32,
    alt_name: u8,
    shape: [u8; 4],
    /// Cluster ids of the stem (0: none).
    clus: Clusters,
    trig: u8,
    gaz: u8,
    name: u8,
    /// Phrase matches covering this token: bit `2c` = starts a phrase of
    /// class `c`, bit `2c + 1` = inside one.
    phrase: u32,
    /// Hash of the lower-cased original token (template 1).
    lower_feature: u64,
    /// Phrase-map entries for the stem and the alternative stem alone.
    own_phrase: Option<u32>,
    alt_phrase: Option<u32>,
    /// Whether the stem is a document-pass key (see [`TokenInfo::doc_key`]),
    /// and its [`stem_hash`]: computed once per word, not per token.
    has_key: bool,
    key_hash: u64,
}

/// Tokens of consecutive sentences: their folded forms in one string and
/// their per-token values, sentence by sentence.
#[derive(Debug, Clone)]
pub(crate) struct Doc {
    text: String,
    pub(crate) toks: Vec<TokenInfo>,
    /// Index in `toks` of each sentence's first token, then `toks.len()`.
    starts: Vec<usize>,
    key: String,
}

impl Default for Doc {
    fn default() -> Doc {
        Doc {
            text: String::new(),
            toks: Vec::new(),
            starts: vec![0],
            key: String::new(),
        }
    }
}

/// One sentence of a [`Doc`].
#[derive(Clone, Copy)]
pub(crate) struct Sent<'a> {
    pub(crate) text: &'a str,
    pub(crate) toks: &'a [TokenInfo],
}

impl<'a> Sent<'a> {
    /// Tokens built by [`TokenInfo::new`] into `text`.
    pub(crate) fn new(text: &'a str, toks: &'a [TokenInfo]) -> Sent<'a> {
        Sent { text, toks }
    }
}

impl Doc {
    #[cfg(test)]
    pub(crate) fn with_capacity(tokens: usize, sentences: usize) -> Doc {
        let mut starts = Vec::with_capacity(sentences + 1);
        starts.push(0);
        Doc {
            text: String::with_capacity(tokens * 8),
            toks: Vec::with_capacity(tokens),
            starts,
            key: String::new(),
        }
    }

    /// Number of sentences.
    pub(crate) fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Token index range of sentence `s`.
    pub(crate) fn range(&self, s: usize) -> std::ops::Range<usize> {
        self.starts[s]..self.starts[s + 1]
    }

    pub(crate) fn sentence(&self, s: usize) -> Sent<'_> {
        Sent {
            text: &self.text,
            toks: &self.toks[self.range(s)],
        }
    }

    /// Appends a sentence, with lexicon and phrase lookups done in `lex`.
    pub(crate) fn push_sentence(&mut self, tokens: &[&str], lex: &Lexicon) {
        for w in tokens {
            let t = TokenInfo::new(w, lex, &mut self.text);
            self.toks.push(t);
        }
        self.end_sentence(lex);
    }

    /// An empty document over `text`, an arena that tokens were built
    /// into by [`TokenInfo::new`]: [`Doc::push_built`] then adds them
    /// without copying their folded forms; [`Doc::into_text`] gives the
    /// arena back.
    pub(crate) fn over_text(text: String, tokens: usize, sentences: usize) -> Doc {
        let mut starts = Vec::with_capacity(sentences + 1);
        starts.push(0);
        Doc {
            text,
            toks: Vec::with_capacity(tokens),
            starts,
            key: String::new(),
        }
    }

    /// Appends a token built into this document's arena (see
    /// [`Doc::over_text`]) to the sentence that [`Doc::end_sentence`]
    /// closes.
    pub(crate) fn push_built(&mut self, t: &TokenInfo) {
        self.toks.push(TokenInfo { phrase: 0, ..*t });
    }

    /// The arena of folded forms.
    pub(crate) fn into_text(self) -> String {
        self.text
    }

    /// Closes the sentence of the tokens pushed since the last one: marks
    /// its phrase matches.
    pub(crate) fn end_sentence(&mut self, lex: &Lexicon) {
        let first = self.starts.last().copied().unwrap_or(0);
        self.starts.push(self.toks.len());
        if !lex.phrases.is_empty() {
            if let Some(toks) = self.toks.get_mut(first..) {
                mark_phrases(&self.text, toks, lex, &mut self.key);
            }
        }
    }
}

#[inline]
fn fold_of<'a>(text: &'a str, t: &TokenInfo) -> &'a str {
    text.get(t.at as usize..(t.at + t.len) as usize)
        .unwrap_or("")
}

impl TokenInfo {
    /// Byte offset of the folded token in its arena.
    #[inline]
    pub(crate) fn at(&self) -> usize {
        self.at as usize
    }

    /// Folds `word` onto the end of `text` and computes its values. They
    /// depend on `word` and `lex` alone, except the phrase marks, which
    /// [`Doc::end_sentence`] sets.
    pub(crate) fn new(word: &str, lex: &Lexicon, text: &mut String) -> TokenInfo {
        let at = text.len();
        fold_into(word, text);
        let fold = &text[at..];
        let (stem_at, stem) = strip_clitics(fold);
        let entry = lex.fast.stems.get(stem).copied().unwrap_or_default();
        let gaz = lex.fast.gazetteer.get(fold).copied().unwrap_or(0);
        let mut alt_at = stem_at;
        if (stem.starts_with('ب') || stem.starts_with('ل') || stem.starts_with('ك'))
            && stem.chars().count() > 4
        {
            let rest = &stem['ب'.len_utf8()..];
            let rest = rest
                .strip_prefix("ال")
                .filter(|r| r.chars().count() > 2)
                .unwrap_or(rest);
            alt_at = fold.len() - rest.len();
        }
        let (alt_name, alt_phrase) = if alt_at == stem_at {
            (0xfd, None)
        } else {
            let e = lex.fast.stems.get(&fold[alt_at..]);
            (e.map_or(0, |e| e.name), e.and_then(|e| e.phrase))
        };
        let has_key = is_doc_key(stem);
        TokenInfo {
            at: at as u32,
            len: fold.len() as u32,
            nchars: fold.chars().count() as u32,
            stem_at: stem_at as u32,
            alt_at: alt_at as u32,
            alt_name,
            shape: shape(word),
            clus: entry.clus,
            trig: entry.trig,
            gaz,
            name: entry.name,
            phrase: 0,
            own_phrase: entry.phrase,
            alt_phrase,
            lower_feature: lower_feature(word),
            has_key,
            key_hash: if has_key { stem_hash(stem) } else { 0 },
        }
    }

    /// A copy of this token (built into `from`) with its folded form
    /// appended to `to`, phrase marks cleared.
    pub(crate) fn copy_into(&self, from: &str, to: &mut String) -> TokenInfo {
        let at = to.len() as u32;
        to.push_str(fold_of(from, self));
        TokenInfo {
            at,
            phrase: 0,
            ..*self
        }
    }

    fn stem<'a>(&self, text: &'a str) -> &'a str {
        fold_of(text, self)
            .get(self.stem_at as usize..)
            .unwrap_or("")
    }

    fn alt_stem<'a>(&self, text: &'a str) -> &'a str {
        fold_of(text, self)
            .get(self.alt_at as usize..)
            .unwrap_or("")
    }

    /// The key under which other mentions of this word are looked up in
    /// the document pass: the clitic-stripped stem, for words of at least
    /// two letters (digits and punctuation repeat without meaning much).
    fn doc_key<'a>(&self, text: &'a str) -> Option<StemKey<'a>> {
        self.has_key.then(|| StemKey {
            hash: self.key_hash,
            stem: self.stem(text),
        })
    }
}

/// Whether a stem is a document-pass key: at least two letters.
fn is_doc_key(stem: &str) -> bool {
    stem.chars().filter(|&c| is_alpha(c)).nth(1).is_some()
}

/// Hash of a stem for [`StemKey`]; not a feature hash.
fn stem_hash(stem: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(stem.as_bytes());
    h.finish()
}

/// A stem with its precomputed [`stem_hash`], so that the document pass
/// interns stems without hashing their text per token.
#[derive(Clone, Copy)]
struct StemKey<'a> {
    hash: u64,
    stem: &'a str,
}

impl PartialEq for StemKey<'_> {
    fn eq(&self, o: &Self) -> bool {
        self.hash == o.hash && self.stem == o.stem
    }
}

impl Eq for StemKey<'_> {}

impl Hash for StemKey<'_> {
    fn hash<S: Hasher>(&self, state: &mut S) {
        state.write_u64(self.hash);
    }
}

/// Template 1 (the lower-cased original token) hashed without building the
/// lower-cased string when no character of the token has case.
fn lower_feature(word: &str) -> u64 {
    let caseless = word
        .chars()
        .all(|c| c.is_ascii() || ('\u{0600}'..='\u{06FF}').contains(&c));
    if caseless {
        let mut h = H::new(1);
        for &b in word.as_bytes() {
            h.byte(b.to_ascii_lowercase());
        }
        h.byte(0xff);
        h.done()
    } else {
        H::new(1).s(&word.to_lowercase()).done()
    }
}

/// Byte offset of the `k`-th char of `s` (`s.len()` if it has fewer).
#[inline]
fn char_pos(s: &str, k: usize) -> usize {
    s.char_indices().nth(k).map_or(s.len(), |x| x.0)
}

/// The last `k` chars of `s` (all of `s` if it has no more than `k`).
#[inline]
fn last_chars(s: &str, k: usize) -> &str {
    match s.char_indices().rev().nth(k.saturating_sub(1)) {
        Some((i, _)) if k > 0 => &s[i..],
        Some(_) => "",
        None => s,
    }
}

/// Marks phrase-gazetteer matches (see [`TokenInfo::phrase`]).
fn mark_phrases(text: &str, infos: &mut [TokenInfo], lex: &Lexicon, key: &mut String) {
    for i in 0..infos.len() {
        // A phrase starts with a one-word entry (every prefix is one): the
        // stem, else the alternative stem, looked up when the token was built.
        let (first, mut mask) = match (infos[i].own_phrase, infos[i].alt_phrase) {
            (Some(m), _) => (infos[i].stem(text), m),
            (None, Some(m)) => (infos[i].alt_stem(text), m),
            (None, None) => continue,
        };
        key.clear();
        key.push_str(first);
        let mut j = i;
        loop {
            for c in 0..PHRASE_CLASSES.len() {
                if mask & (1 << c) != 0 {
                    infos[i].phrase |= 1 << (2 * c);
                    for t in &mut infos[i + 1..=j] {
                        t.phrase |= 1 << (2 * c + 1);
                    }
                }
            }
            j += 1;
            if j >= infos.len().min(i + MAX_PHRASE) {
                break;
            }
            key.push(' ');
            key.push_str(infos[j].stem(text));
            match lex.fast.stems.get(key.as_str()).and_then(|e| e.phrase) {
                Some(m) => mask = m,
                None => break,
            }
        }
    }
}

/// FNV-1a over a template id and its parts; parts are separated so that
/// ("ab","c") and ("a","bc") differ.
#[derive(Clone, Copy)]
struct H(u64);

impl H {
    fn new(template: u8) -> H {
        let mut h = H(0xcbf2_9ce4_8422_2325);
        h.byte(template);
        h
    }
    #[inline]
    fn byte(&mut self, b: u8) {
        self.0 ^= b as u64;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }
    #[inline]
    fn byte_chunk(&mut self, x: u32) {
        for b in x.to_le_bytes() {
            self.byte(b);
        }
    }
    fn s(mut self, s: &str) -> H {
        for &b in s.as_bytes() {
            self.byte(b);
        }
        self.byte(0xff);
        self
    }
    fn b(mut self, b: &[u8]) -> H {
        for &x in b {
            self.byte(x);
        }
        self.byte(0xff);
        self
    }
    fn done(self) -> u64 {
        // splitmix64 finaliser: spreads FNV's weak high bits.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

const BOS: &str = "<S>";
const EOS: &str = "</S>";

/// Calls `emit` with the hash of every feature of token `i` of `sent`.
pub(crate) fn token_features(sent: Sent<'_>, i: usize, emit: impl FnMut(u64)) {
    token_features_by(sent, i, &mut All(emit));
}

/// FNV states of the [`Dep::Pair`] templates of [`token_features_by`]
/// after their first part, when that part is `t` (templates 56, 57, 60,
/// 61 in order): a pair's hash then only runs over its second word.
pub(crate) fn pair_prefixes(text: &str, t: &TokenInfo) -> [u64; 4] {
    let (fold, stem) = (fold_of(text, t), t.stem(text));
    [
        H::new(56).s(fold).0,
        H::new(57).s(fold).0,
        H::new(60).s(stem).0,
        H::new(61).s(stem).0,
    ]
}

/// The [`pair_prefixes`] of the sentence start (the first parts of
/// templates 56 and 60 for a sentence's first token).
pub(crate) fn bos_prefixes() -> [u64; 4] {
    [
        H::new(56).s(BOS).0,
        H::new(57).s(BOS).0,
        H::new(60).s(BOS).0,
        H::new(61).s(BOS).0,
    ]
}

/// The hashes of the [`Dep::Pair`] features of token `i` of `sent`, as
/// [`token_features_by`] makes them, from the [`pair_prefixes`] of the
/// token (`own`) and of the one before (`prev`, [`bos_prefixes`] at the
/// sentence start).
#[inline]
pub(crate) fn pair_features(
    sent: Sent<'_>,
    i: usize,
    prev: &[u64; 4],
    own: &[u64; 4],
    mut emit: impl FnMut(u64),
) {
    let text = sent.text;
    let Some(t) = sent.toks.get(i) else {
        return;
    };
    let next = sent.toks.get(i + 1);
    let w1 = next.map_or(EOS, |x| fold_of(text, x));
    let s1 = next.map_or(EOS, |x| x.stem(text));
    emit(H(prev[0]).s(fold_of(text, t)).done());
    emit(H(own[1]).s(w1).done());
    emit(H(prev[2]).s(t.stem(text)).done());
    emit(H(own[3]).s(s1).done());
}

/// Which tokens a template of [`token_features`] reads, relative to the
/// scored token. An `At(o)` template reads only the token at offset `o`
/// (or the fact that there is none: the sentence edge), so its weights are
/// summed once per word and offset and cached (see `cache.rs`); `Joint`
/// templates read several tokens, or phrase marks (which depend on the
/// neighbours), and are hashed per token. Filing a template under `At`
/// when it reads anything else would make cached scores wrong: the tests
/// compare the cached scores with a plain sum over all features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dep {
    At(i8),
    /// Reads only what [`joint_keys`] packs for its group (0 shapes,
    /// 1 trigger and name codes, 2 gazetteer codes, 3 phrase marks) of
    /// the token and its neighbours: their sums are memoised on those
    /// keys (small groups, so that few keys recur often).
    Joint(u8),
    /// Reads the words (or stems) of two adjacent tokens.
    Pair,
}

/// Groups of [`Dep::Joint`] templates.
pub(crate) const JOINT_GROUPS: usize = 4;

/// Everything the [`Dep::Joint`] templates of one group read for one
/// token, packed with the group number; tokens with equal keys have
/// equal features in that group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct JointKey(pub(crate) [u64; 2]);

/// The [`JointKey`] of each `Joint` group of token `i` of `sent`, with
/// the sentence-edge stand-ins the templates use.
pub(crate) fn joint_keys(sent: Sent<'_>, i: usize) -> [JointKey; JOINT_GROUPS] {
    let toks = sent.toks;
    let Some(t) = toks.get(i) else {
        return [JointKey([u64::MAX; 2]); JOINT_GROUPS];
    };
    let prev = i.checked_sub(1).and_then(|j| toks.get(j));
    let next = toks.get(i + 1);
    let shape_or = |x: Option<&TokenInfo>| x.map_or(*b"S\0\0\0", |x| x.shape);
    let code = |x: Option<&TokenInfo>, f: fn(&TokenInfo) -> u8| x.map_or(0xfe, f);
    let phrase_or = |x: Option<&TokenInfo>| x.map_or(0xffff_ffff, |x| x.phrase);
    let mut b = [[0u8; 16]; JOINT_GROUPS];
    // Templates 42.
    b[0][0..4].copy_from_slice(&shape_or(prev));
    b[0][4..8].copy_from_slice(&t.shape);
    b[0][8..12].copy_from_slice(&shape_or(next));
    // Templates 74, 91-93.
    b[1][0] = code(prev, |x| x.trig);
    b[1][1] = t.trig;
    b[1][2] = code(prev, |x| x.name);
    b[1][3] = t.name;
    b[1][4] = code(next, |x| x.name);
    // Template 83.
    b[2][0] = code(prev, |x| x.gaz);
    b[2][1] = t.gaz;
    b[2][2] = code(next, |x| x.gaz);
    // Templates 120-124.
    b[3][0..4].copy_from_slice(&t.phrase.to_le_bytes());
    b[3][4] = code(prev, |x| x.trig);
    b[3][5] = t.gaz;
    b[3][6..10].copy_from_slice(&phrase_or(prev).to_le_bytes());
    b[3][10..14].copy_from_slice(&phrase_or(next).to_le_bytes());
    let mut out = [JointKey([0; 2]); JOINT_GROUPS];
    for (g, (k, b)) in out.iter_mut().zip(b.iter_mut()).enumerate() {
        b[15] = g as u8;
        let mut lo = [0u8; 8];
        let mut hi = [0u8; 8];
        lo.copy_from_slice(&b[..8]);
        hi.copy_from_slice(&b[8..]);
        *k = JointKey([u64::from_le_bytes(lo), u64::from_le_bytes(hi)]);
    }
    out
}

const OWN: Dep = Dep::At(0);
const PREV: Dep = Dep::At(-1);
const PREV2: Dep = Dep::At(-2);
const NEXT: Dep = Dep::At(1);
const NEXT2: Dep = Dep::At(2);
const JOINT_SHAPE: Dep = Dep::Joint(0);
const JOINT_CODE: Dep = Dep::Joint(1);
const JOINT_GAZ: Dep = Dep::Joint(2);
const JOINT_PHRASE: Dep = Dep::Joint(3);
const PAIR: Dep = Dep::Pair;
/// Offsets an `At` template may use: `-REACH..=REACH`.
pub(crate) const REACH: usize = 2;

/// Receives the features of [`token_features_by`] with their [`Dep`].
pub(crate) trait FeatureSink {
    /// Whether templates of class `dep` are wanted; unwanted ones are not
    /// even hashed (for a sink whose answer is a constant expression, the
    /// compiler drops their code).
    fn wants(&self, dep: Dep) -> bool;
    fn emit(&mut self, dep: Dep, h: u64);
}

/// Every feature, in template order (what training and the reference use).
struct All<F>(F);

impl<F: FnMut(u64)> FeatureSink for All<F> {
    #[inline]
    fn wants(&self, _: Dep) -> bool {
        true
    }
    #[inline]
    fn emit(&mut self, _: Dep, h: u64) {
        (self.0)(h)
    }
}

/// [`token_features`], each feature filed under its [`Dep`].
pub(crate) fn token_features_by<S: FeatureSink>(sent: Sent<'_>, i: usize, sink: &mut S) {
    macro_rules! emit {
        ($dep:expr, $h:expr $(,)?) => {
            if sink.wants($dep) {
                sink.emit($dep, $h)
            }
        };
    }
    let text = sent.text;
    let toks = sent.toks;
    let t = &toks[i];
    let n = t.nchars as usize;
    let fold = fold_of(text, t);
    let stem = t.stem(text);
    let get = |j: isize| -> Option<&TokenInfo> {
        if j < 0 {
            None
        } else {
            toks.get(j as usize)
        }
    };
    let ii = i as isize;
    let word_or = |j: isize| get(j).map_or(if j < 0 { BOS } else { EOS }, |x| fold_of(text, x));
    let stem_or = |j: isize| get(j).map_or(if j < 0 { BOS } else { EOS }, |x| x.stem(text));
    let suf_or = |j: isize, k: usize| {
        get(j).map_or(if j < 0 { BOS } else { EOS }, |x| {
            last_chars(x.stem(text), k)
        })
    };
    let trig_or = |j: isize| get(j).map_or(0xfe, |x| x.trig);
    let gaz_or = |j: isize| get(j).map_or(0xfe, |x| x.gaz);
    let name_or = |j: isize| get(j).map_or(0xfe, |x| x.name);
    let shape_or = |j: isize| get(j).map_or(*b"S\0\0\0", |x| x.shape);

    emit!(OWN, H::new(0).done());
    emit!(OWN, t.lower_feature);
    emit!(OWN, H::new(2).s(fold).done());
    emit!(OWN, H::new(3).s(stem).done());
    emit!(OWN, H::new(4).s(&fold[..t.stem_at as usize]).done());
    for k in 1..=4usize {
        if n > k {
            emit!(
                OWN,
                H::new(10 + k as u8).s(&fold[..char_pos(fold, k)]).done()
            );
            emit!(OWN, H::new(20 + k as u8).s(last_chars(fold, k)).done());
        }
    }
    if t.alt_at != t.stem_at {
        emit!(OWN, H::new(5).s(t.alt_stem(text)).done());
        emit!(OWN, H::new(6).b(&[t.alt_name]).done());
    }
    let sn = if t.stem_at == 0 {
        n
    } else {
        stem.chars().count()
    };
    for k in 1..=3usize {
        if sn > k + 1 {
            emit!(
                OWN,
                H::new(35 + k as u8).s(&stem[..char_pos(stem, k)]).done()
            );
        }
    }
    for k in 2..=3usize {
        if sn > k {
            emit!(OWN, H::new(30 + k as u8).s(last_chars(stem, k)).done());
        }
    }
    emit!(OWN, H::new(40).b(&t.shape).done());
    emit!(OWN, H::new(41).b(&[n.min(10) as u8]).done());
    emit!(
        JOINT_SHAPE,
        H::new(42)
            .b(&shape_or(ii - 1))
            .b(&t.shape)
            .b(&shape_or(ii + 1))
            .done(),
    );
    // Context words.
    let (w_1, w1) = (word_or(ii - 1), word_or(ii + 1));
    let (s_1, s1) = (stem_or(ii - 1), stem_or(ii + 1));
    emit!(PREV, H::new(50).s(w_1).done());
    emit!(NEXT, H::new(51).s(w1).done());
    emit!(PREV2, H::new(52).s(word_or(ii - 2)).done());
    emit!(NEXT2, H::new(53).s(word_or(ii + 2)).done());
    emit!(PREV, H::new(54).s(s_1).done());
    emit!(NEXT, H::new(55).s(s1).done());
    emit!(PAIR, H::new(56).s(w_1).s(fold).done());
    emit!(PAIR, H::new(57).s(fold).s(w1).done());
    emit!(PREV, H::new(58).s(suf_or(ii - 1, 2)).done());
    emit!(NEXT, H::new(59).s(suf_or(ii + 1, 2)).done());
    emit!(PAIR, H::new(60).s(s_1).s(stem).done());
    emit!(PAIR, H::new(61).s(stem).s(s1).done());
    // Trigger classes in a window.
    emit!(OWN, H::new(70).b(&[t.trig]).done());
    emit!(PREV, H::new(71).b(&[trig_or(ii - 1)]).done());
    emit!(PREV2, H::new(72).b(&[trig_or(ii - 2)]).done());
    emit!(NEXT, H::new(73).b(&[trig_or(ii + 1)]).done());
    emit!(JOINT_CODE, H::new(74).b(&[trig_or(ii - 1), t.trig]).done());
    // Gazetteer codes in a window.
    emit!(OWN, H::new(80).b(&[t.gaz]).done());
    emit!(PREV, H::new(81).b(&[gaz_or(ii - 1)]).done());
    emit!(NEXT, H::new(82).b(&[gaz_or(ii + 1)]).done());
    emit!(
        JOINT_GAZ,
        H::new(83)
            .b(&[gaz_or(ii - 1), t.gaz, gaz_or(ii + 1)])
            .done(),
    );
    // External name lists.
    emit!(OWN, H::new(90).b(&[t.name]).done());
    emit!(JOINT_CODE, H::new(91).b(&[name_or(ii - 1), t.name]).done());
    emit!(JOINT_CODE, H::new(92).b(&[t.name, name_or(ii + 1)]).done());
    emit!(JOINT_CODE, H::new(93).b(&[trig_or(ii - 1), t.name]).done());
    // Phrase gazetteers.
    if t.phrase != 0 {
        emit!(JOINT_PHRASE, H::new(120).b(&t.phrase.to_le_bytes()).done());
        for b in 0..2 * PHRASE_CLASSES.len() {
            if t.phrase & (1 << b) != 0 {
                emit!(JOINT_PHRASE, H::new(121).b(&[b as u8]).done());
                emit!(
                    JOINT_PHRASE,
                    H::new(122).b(&[b as u8, trig_or(ii - 1)]).done()
                );
                emit!(JOINT_PHRASE, H::new(123).b(&[b as u8, t.gaz]).done());
            }
        }
    }
    if sn <= 14 {
        // Character trigrams of the stem, with word-boundary marks: unseen
        // (often foreign) names share letter sequences more than affixes.
        let mut cs = ['^'; 16];
        let mut m = 1;
        for c in stem.chars() {
            cs[m] = c;
            m += 1;
        }
        cs[m] = '$';
        for w in cs[..=m].windows(3) {
            let mut h = H::new(130);
            for c in w {
                h.byte_chunk(*c as u32);
            }
            emit!(OWN, h.done());
        }
    }
    // Word clusters of the token and its neighbours (none: no feature).
    for (g, &c) in t.clus.iter().enumerate() {
        if c != 0 {
            let c = c.to_le_bytes();
            emit!(OWN, H::new(140 + g as u8).b(&c).done());
            emit!(OWN, H::new(150 + g as u8).b(&c).b(&[t.gaz]).done());
        }
    }
    for (dep, j, base) in [(PREV, ii - 1, 143u8), (NEXT, ii + 1, 146)] {
        if let Some(x) = get(j) {
            for (g, &c) in x.clus.iter().enumerate() {
                if c != 0 {
                    emit!(dep, H::new(base + g as u8).b(&c.to_le_bytes()).done());
                }
            }
        }
    }
    let phrase_or = |j: isize| get(j).map_or(0xffff_ffff, |x| x.phrase);
    emit!(
        JOINT_PHRASE,
        H::new(124)
            .b(&phrase_or(ii - 1).to_le_bytes())
            .b(&phrase_or(ii + 1).to_le_bytes())
            .done(),
    );
}

/// What the first pass said about a token and about the other mentions of
/// its stem in the surrounding sentences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct DocCtx {
    /// First-pass label of this token.
    pub own: u8,
    /// First-pass label counts of the *other* mentions of the same stem in
    /// the window (this token excluded).
    pub hist: [u16; N_LABELS],
}

impl DocCtx {
    /// Majority entity type among other mentions (1 + type index), 0 if
    /// none was tagged as an entity.
    fn major(&self) -> u8 {
        let mut best = 0usize;
        let mut best_n = 0u32;
        for t in 0..(N_LABELS - 1) / 2 {
            let n = self.hist[1 + 2 * t] as u32 + self.hist[2 + 2 * t] as u32;
            if n > best_n {
                best_n = n;
                best = t + 1;
            }
        }
        best as u8
    }

    /// Share of other mentions tagged as entities, bucketed: 0 no other
    /// mention, 1 none, 2 under half, 3 half or more, 4 all.
    fn share(&self) -> u8 {
        let tot: u32 = self.hist.iter().map(|&x| x as u32).sum();
        let ent = tot - self.hist[0] as u32;
        match (tot, ent) {
            (0, _) => 0,
            (_, 0) => 1,
            (t, e) if e == t => 4,
            (t, e) if 2 * e >= t => 3,
            _ => 2,
        }
    }
}

/// Calls `emit` with the hash of every document-pass feature of token `i`.
/// They read only what [`doc_key`] packs (tagging memoises their sums
/// on it).
pub(crate) fn doc_features(ctx: &[DocCtx], i: usize, mut emit: impl FnMut(u64)) {
    let c = &ctx[i];
    let prev = if i == 0 { None } else { ctx.get(i - 1) };
    let next = ctx.get(i + 1);
    let own_or = |x: Option<&DocCtx>| x.map_or(0xfe, |x| x.own);
    let major_or = |x: Option<&DocCtx>| x.map_or(0xfe, |x| x.major());
    emit(H::new(100).b(&[c.own]).done());
    emit(H::new(101).b(&[own_or(prev), c.own, own_or(next)]).done());
    emit(H::new(102).b(&[own_or(prev), c.own]).done());
    emit(H::new(103).b(&[c.own, own_or(next)]).done());
    for (l, &n) in c.hist.iter().enumerate().skip(1) {
        if n > 0 {
            emit(H::new(104).b(&[l as u8]).done());
            emit(H::new(105).b(&[l as u8, n.min(3) as u8]).done());
        }
    }
    let (major, share) = (c.major(), c.share());
    emit(H::new(106).b(&[major, share]).done());
    emit(H::new(107).b(&[major, share, c.own]).done());
    emit(
        H::new(108)
            .b(&[major_or(prev), major, major_or(next)])
            .done(),
    );
    emit(H::new(109).b(&[own_or(prev), major]).done());
}

/// Everything [`doc_features`] of token `i` reads, packed: the own label
/// and majority type of its neighbours (edge stand-ins past the
/// sentence), its own label and its mention counts. Tokens with equal
/// keys have equal document features.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct DocKey(pub(crate) [u64; 3]);

pub(crate) fn doc_key(ctx: &[DocCtx], i: usize) -> DocKey {
    let Some(c) = ctx.get(i) else {
        return DocKey([u64::MAX; 3]);
    };
    let prev = i.checked_sub(1).and_then(|j| ctx.get(j));
    let next = ctx.get(i + 1);
    let mut b = [0u8; 24];
    b[0] = prev.map_or(0xfe, |x| x.own);
    b[1] = prev.map_or(0xfe, |x| x.major());
    b[2] = next.map_or(0xfe, |x| x.own);
    b[3] = next.map_or(0xfe, |x| x.major());
    b[4] = c.own;
    for (d, h) in b[5..].chunks_exact_mut(2).zip(c.hist) {
        d.copy_from_slice(&h.to_le_bytes());
    }
    let mut k = [0u64; 3];
    for (w, c) in k.iter_mut().zip(b.chunks_exact(8)) {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        *w = u64::from_le_bytes(a);
    }
    DocKey(k)
}

/// Document contexts for the tokens of `doc` with first-pass `labels`
/// (one per token): each token sees the other mentions of its stem in the
/// sentences within `window` before and after its own (a sliding count, so
/// linear time). Stems are interned once, so the window slides over arrays.
pub(crate) fn doc_contexts(doc: &Doc, labels: &[usize], window: usize) -> Vec<DocCtx> {
    const NONE: u32 = u32::MAX;
    // Sized up front: growing it was a visible share of the document pass.
    let mut ids: FxMap<StemKey<'_>, u32> =
        FxMap::with_capacity_and_hasher(doc.toks.len() / 2 + 1, Default::default());
    let key: Vec<u32> = doc
        .toks
        .iter()
        .map(|t| match t.doc_key(&doc.text) {
            Some(k) => {
                let next = ids.len() as u32;
                *ids.entry(k).or_insert(next)
            }
            None => NONE,
        })
        .collect();
    // «بايهود» also counts the mentions of «ايهود»; a stem that is no
    // token's key has no mentions to count.
    let alt: Vec<u32> = doc
        .toks
        .iter()
        .map(|t| {
            if t.alt_at == t.stem_at {
                NONE
            } else {
                let stem = t.alt_stem(&doc.text);
                let hash = stem_hash(stem);
                ids.get(&StemKey { hash, stem }).copied().unwrap_or(NONE)
            }
        })
        .collect();
    let mut counts = vec![[0u16; N_LABELS]; ids.len()];
    let change = |s: usize, add: bool, counts: &mut Vec<[u16; N_LABELS]>| {
        for t in doc.range(s) {
            let (k, l) = (key[t], labels.get(t).copied().unwrap_or(0) % N_LABELS);
            if let Some(e) = counts.get_mut(k as usize) {
                e[l] = if add {
                    e[l].saturating_add(1)
                } else {
                    e[l].saturating_sub(1)
                };
            }
        }
    };
    let n = doc.len();
    let mut out = Vec::with_capacity(doc.toks.len());
    for s in 0..n.min(window + 1) {
        change(s, true, &mut counts);
    }
    for s in 0..n {
        // Window is [s - window, s + window].
        if s > 0 {
            if s + window < n {
                change(s + window, true, &mut counts);
            }
            if s > window {
                change(s - window - 1, false, &mut counts);
            }
        }
        for t in doc.range(s) {
            let l = labels.get(t).copied().unwrap_or(0) % N_LABELS;
            let mut hist = [0u16; N_LABELS];
            if let Some(c) = counts.get(key[t] as usize) {
                hist = *c;
                hist[l] = hist[l].saturating_sub(1);
            }
            if let Some(a) = counts.get(alt[t] as usize) {
                for (h, a) in hist.iter_mut().zip(a) {
                    *h = h.saturating_add(*a);
                }
            }
            out.push(DocCtx { own: l as u8, hist });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex_with(phrases: &str) -> Lexicon {
        let mut map = BTreeMap::new();
        parse_phrases(phrases, "test", &mut map).expect("parses");
        Lexicon::new(BTreeMap::new(), BTreeMap::new(), BTreeMap::new(), map)
    }

    #[test]
    fn phrases_mark_begin_and_inside_with_clitics_stripped() {
        let lex = lex_with("PERS\tجاك شيراك\nLOC\tباريس\nGIVEN\tمحمد\n");
        let mut doc = Doc::default();
        doc.push_sentence(&["قال", "وجاك", "شيراك", "في", "باريس", "لمحمد"], &lex);
        let infos = &doc.toks;
        let pers = PHRASE_CLASSES
            .iter()
            .position(|c| *c == "PERS")
            .unwrap_or(0);
        let loc = PHRASE_CLASSES.iter().position(|c| *c == "LOC").unwrap_or(0);
        let given = PHRASE_CLASSES
            .iter()
            .position(|c| *c == "GIVEN")
            .unwrap_or(0);
        assert_eq!(infos[0].phrase, 0);
        assert_eq!(infos[1].phrase, 1 << (2 * pers), "و + B-PERS");
        assert_eq!(infos[2].phrase, 1 << (2 * pers + 1), "I-PERS");
        assert_eq!(infos[3].phrase, 0);
        assert_eq!(infos[4].phrase, 1 << (2 * loc));
        // A bare ل is only stripped as the fallback reading.
        assert_eq!(infos[5].phrase, 1 << (2 * given));
        // A prefix alone («جاك» without «شيراك») is not a match.
        let mut doc = Doc::default();
        doc.push_sentence(&["جاك", "لانغ"], &lex);
        let infos = &doc.toks;
        assert_eq!(infos[0].phrase | infos[1].phrase, 0);
    }

    #[test]
    fn phrase_file_errors_name_the_line() {
        let mut map = BTreeMap::new();
        let err = parse_phrases("PERS\tعلي\nNOPE\tعلي\n", "g.txt", &mut map).expect_err("class");
        assert!(err.to_string().contains("g.txt:2:"), "{err}");
        let err = parse_phrases("# c\nPERS علي\n", "g.txt", &mut map).expect_err("no tab");
        assert!(err.to_string().contains("g.txt:2:"), "{err}");
    }

    #[test]
    fn shipped_phrase_files_parse() {
        let mut map = BTreeMap::new();
        parse_phrases(GAZETTEER_TXT, GAZETTEER_NAME, &mut map).expect("gazetteer parses");
        parse_phrases(GIVEN_TXT, GIVEN_NAME, &mut map).expect("given names parse");
        let mut seen = 0u32;
        for v in map.values() {
            seen |= v;
        }
        // Every file class is represented.
        assert_eq!(seen, (1 << TRAIN_PHRASE_CLASS) - 1);
    }

    #[test]
    fn clusters_parse_and_are_looked_up_by_stem() {
        let map = parse_clusters("# c\nفرنسا\t0\t5\t7\n", "c.txt").expect("parses");
        assert_eq!(map.get("فرنسا"), Some(&[1, 6, 8]));
        let err = parse_clusters("فرنسا\t1\t2\n", "c.txt").expect_err("two ids");
        assert!(err.to_string().contains("c.txt:1:"), "{err}");
        let err = parse_clusters("فرنسا\t1\t2\t3\t4\n", "c.txt").expect_err("four ids");
        assert!(err.to_string().contains("c.txt:1:"), "{err}");
        parse_clusters(CLUSTERS_TXT, CLUSTERS_NAME).expect("shipped clusters parse");
        let lex = Lexicon::default().with_clusters(map);
        let mut doc = Doc::default();
        // Folded and clitic-stripped like every stem lookup.
        doc.push_sentence(&["وفرنسا", "في"], &lex);
        assert_eq!(doc.toks[0].clus, [1, 6, 8]);
        assert_eq!(doc.toks[1].clus, [0; CLUSTER_LEVELS]);
        // The clustered word adds its own and its neighbour's features.
        let count = |i: usize| {
            let mut n = 0;
            token_features(doc.sentence(0), i, |_| n += 1);
            n
        };
        let plain = Lexicon::default();
        let mut doc2 = Doc::default();
        doc2.push_sentence(&["وفرنسا", "في"], &plain);
        let count2 = |i: usize| {
            let mut n = 0;
            token_features(doc2.sentence(0), i, |_| n += 1);
            n
        };
        assert_eq!(count(0), count2(0) + 2 * CLUSTER_LEVELS);
        assert_eq!(count(1), count2(1) + CLUSTER_LEVELS);
    }

    #[test]
    fn doc_contexts_count_other_mentions_inside_the_window() {
        let lex = Lexicon::default();
        let sents = [
            vec!["شالوم", "قال"],
            vec!["وشالوم", "غادر"],
            vec!["كتب", "شالوم"],
        ];
        let mut doc = Doc::default();
        for s in &sents {
            doc.push_sentence(s, &lex);
        }
        // First pass: B-PERS (1) in sentence 0, O elsewhere.
        let labels = [1, 0, 0, 0, 0, 0];
        let flat = doc_contexts(&doc, &labels, 1);
        let ctx: Vec<&[DocCtx]> = (0..doc.len()).map(|s| &flat[doc.range(s)]).collect();
        // Sentence 1 sees sentences 0..=2: the B-PERS mention and the O one.
        assert_eq!(ctx[1][0].own, 0);
        assert_eq!(ctx[1][0].hist[1], 1);
        assert_eq!(ctx[1][0].hist[0], 1, "own mention excluded");
        // Sentence 2 (window 1) does not see sentence 0.
        assert_eq!(ctx[2][1].hist[1], 0);
        assert_eq!(ctx[2][1].hist[0], 1);
        // Sentence 0 sees its own label only as `own`.
        assert_eq!(ctx[0][0].own, 1);
        assert_eq!(ctx[0][0].hist[1], 0);
        assert_eq!(ctx[0][0].major(), 0);
        assert_eq!(ctx[1][0].major(), 1, "PERS is type 0, coded 1");
        assert_eq!(ctx[1][0].share(), 3, "half the other mentions are entities");
    }
}
