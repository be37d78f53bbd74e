//! Loading of `data/claims/*.tsv` (and the month names of
//! `data/article/months.tsv`): every word list this crate uses.

use std::collections::HashMap;

use rasad_text::{fold_word, tokens};

use crate::fold::Folder;
use crate::fx::FxMap;

const CUES: &str = include_str!("../../../data/claims/cues.tsv");
const NUMBERS: &str = include_str!("../../../data/claims/numbers.tsv");
const UNITS: &str = include_str!("../../../data/claims/units.tsv");
const HEDGES: &str = include_str!("../../../data/claims/hedges.tsv");
const BLOCKERS: &str = include_str!("../../../data/claims/blockers.tsv");
const CLITICS: &str = include_str!("../../../data/claims/clitics.tsv");
const MONTHS: &str = include_str!("../../../data/article/months.tsv");

/// The folded words of a phrase.
pub(crate) type Key = Vec<String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CueClass {
    Verb,
    Participle,
    Attribution,
    Complementizer,
    NonSubject,
    Lead,
    Breaker,
    Function,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumKind {
    Unit,
    Teen1,
    Tens,
    Hundreds,
    Scale,
    Plural,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Alone {
    Exact,
    Approx,
    No,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NumWord {
    pub value: f64,
    pub kind: NumKind,
    pub alone: Alone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitClass {
    Noun,
    Event,
    Bridge,
}

/// `b` when `flag` holds, else 0.
fn bit(flag: bool, b: u8) -> u8 {
    if flag {
        b
    } else {
        0
    }
}

/// Which attached proclitics a lookup accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Allow {
    pub conj: bool,
    pub prep: bool,
    pub art: bool,
    pub enclitic: bool,
}

impl Allow {
    pub const CONJ_BIT: u8 = 1;
    pub const PREP_BIT: u8 = 2;
    pub const ART_BIT: u8 = 4;
    pub const ENCLITIC_BIT: u8 = 8;

    /// The allowed clitics as bits.
    #[inline]
    pub fn bits(self) -> u8 {
        bit(self.conj, Allow::CONJ_BIT)
            | bit(self.prep, Allow::PREP_BIT)
            | bit(self.art, Allow::ART_BIT)
            | bit(self.enclitic, Allow::ENCLITIC_BIT)
    }

    /// Whether a reading needing `need` is allowed.
    #[inline]
    pub fn admits(self, need: u8) -> bool {
        need & !self.bits() == 0
    }

    pub const NONE: Allow = Allow {
        conj: false,
        prep: false,
        art: false,
        enclitic: false,
    };
    pub const CONJ: Allow = Allow {
        conj: true,
        prep: false,
        art: false,
        enclitic: false,
    };
    pub const CONJ_PREP: Allow = Allow {
        conj: true,
        prep: true,
        art: false,
        enclitic: false,
    };
    pub const ALL: Allow = Allow {
        conj: true,
        prep: true,
        art: true,
        enclitic: false,
    };
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Proclitic {
    pub form: String,
    pub chars: usize,
    pub conj: bool,
    pub prep: bool,
    pub art: bool,
    /// The [`Allow`] bits a reading without this proclitic needs.
    need: u8,
    /// [`Pre`] bits of the form.
    pre: u8,
}

impl Proclitic {
    fn new(form: String, conj: bool, prep: bool, art: bool) -> Proclitic {
        let need =
            bit(conj, Allow::CONJ_BIT) | bit(prep, Allow::PREP_BIT) | bit(art, Allow::ART_BIT);
        let pre = bit(form.ends_with("ال"), Pre::ENDS_AL)
            | bit(form.ends_with("لل"), Pre::ENDS_LL)
            | bit(form.starts_with(['و', 'ف']), Pre::CONJ);
        Proclitic {
            chars: form.chars().count(),
            form,
            conj,
            prep,
            art,
            need,
            pre,
        }
    }
}

/// What the stripped prefix of a reading is made of.
pub(crate) struct Pre;

impl Pre {
    /// Ends with the article ال.
    pub const ENDS_AL: u8 = 1;
    /// Ends with لل (ل + ال).
    pub const ENDS_LL: u8 = 2;
    /// Starts with the conjunction و or ف.
    pub const CONJ: u8 = 4;
}

/// One reading of a word with clitics stripped, as word ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Variant {
    pub stem: u32,
    /// Folded prefix chars stripped (a `u8` keeps a reading 8 bytes: they
    /// are copied per token).
    pub prefix: u8,
    /// [`Allow`] bits a lookup must have to take this reading.
    pub need: u8,
    /// [`Pre`] bits.
    pub pre: u8,
}

/// No word, node or value.
pub(crate) const NONE: u32 = u32::MAX;

/// Phrases keyed by their folded words. Built as a map, then compiled
/// ([`Phrases::compile`]) into a trie over word ids, so that matching a
/// body builds no keys.
#[derive(Debug, Clone)]
pub(crate) struct Phrases<V> {
    building: HashMap<Key, V>,
    values: Vec<V>,
    /// Per word id: the node of the one-word phrase path, or [`NONE`].
    root: Vec<u32>,
    /// `node << 32 | word` → child node.
    edges: FxMap<u64, u32>,
    /// Per node: the value index of the phrase ending there, or [`NONE`].
    terminal: Vec<u32>,
    pub max_len: usize,
}

impl<V> Default for Phrases<V> {
    fn default() -> Self {
        Phrases {
            building: HashMap::new(),
            values: Vec::new(),
            root: Vec::new(),
            edges: FxMap::default(),
            terminal: Vec::new(),
            max_len: 0,
        }
    }
}

impl<V> Phrases<V> {
    fn entry(&mut self, key: Key) -> &mut V
    where
        V: Default,
    {
        self.max_len = self.max_len.max(key.len());
        self.building.entry(key).or_default()
    }

    /// Interns every word of the phrases into `vocab`.
    fn intern(&self, vocab: &mut Vocab) {
        let mut keys: Vec<&Key> = self.building.keys().collect();
        keys.sort();
        for key in keys {
            for w in key {
                vocab.intern(w);
            }
        }
    }

    /// Moves the phrases into the trie; every word must be in `vocab`.
    fn compile(&mut self, vocab: &Vocab) {
        self.root = vec![NONE; vocab.len()];
        let mut building: Vec<(Key, V)> = std::mem::take(&mut self.building).into_iter().collect();
        // Sorted for a deterministic build (value order does not matter).
        building.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, value) in building {
            let mut node = NONE;
            for w in &key {
                let word = vocab.get(w);
                let fresh = self.terminal.len() as u32;
                let slot = if node == NONE {
                    self.root.get_mut(word as usize)
                } else {
                    Some(self.edges.entry(edge(node, word)).or_insert(NONE))
                };
                let Some(slot) = slot else { break };
                if *slot == NONE {
                    *slot = fresh;
                    self.terminal.push(NONE);
                }
                node = *slot;
            }
            if let Some(t) = self.terminal.get_mut(node as usize) {
                *t = self.values.len() as u32;
                self.values.push(value);
            }
        }
    }

    /// The node of the one-word path `word`, or [`NONE`].
    #[inline]
    pub fn start(&self, word: u32) -> u32 {
        self.root.get(word as usize).copied().unwrap_or(NONE)
    }

    /// The node after `node` by `word`, or [`NONE`].
    #[inline]
    pub fn next(&self, node: u32, word: u32) -> u32 {
        if node == NONE || word == NONE {
            return NONE;
        }
        self.edges.get(&edge(node, word)).copied().unwrap_or(NONE)
    }

    /// The value of the phrase ending at `node`.
    #[inline]
    pub fn value(&self, node: u32) -> Option<&V> {
        let v = *self.terminal.get(node as usize)?;
        self.values.get(v as usize)
    }

    /// The value of a phrase given as folded words.
    #[cfg(test)]
    pub fn get(&self, vocab: &Vocab, key: &[String]) -> Option<&V> {
        let (first, rest) = key.split_first()?;
        let mut node = self.start(vocab.get(first));
        for w in rest {
            node = self.next(node, vocab.get(w));
        }
        self.value(node)
    }
}

fn edge(node: u32, word: u32) -> u64 {
    (u64::from(node) << 32) | u64::from(word)
}

/// Every word of every list, numbered.
#[derive(Debug, Clone, Default)]
pub(crate) struct Vocab {
    ids: FxMap<String, u32>,
    /// Bits set by [`signature`] of each word: most body words fail this
    /// test and are never hashed.
    filter: Vec<u64>,
}

const FILTER_BITS: usize = 1 << 14;

/// A cheap hash of a word's length and its first and last two bytes.
#[inline]
fn signature(w: &str) -> usize {
    let b = w.as_bytes();
    let (Some(&f), Some(&l)) = (b.first(), b.last()) else {
        return 0;
    };
    let f2 = b.get(1).copied().unwrap_or(0);
    let l2 = b.get(b.len().saturating_sub(2)).copied().unwrap_or(0);
    let x = u32::from_le_bytes([f, f2, l2, l]) ^ (b.len() as u32).wrapping_mul(0x9E37_79B9);
    (x.wrapping_mul(0x85EB_CA6B) >> 18) as usize % FILTER_BITS
}

impl Vocab {
    fn intern(&mut self, w: &str) -> u32 {
        if self.filter.is_empty() {
            self.filter = vec![0; FILTER_BITS / 64];
        }
        let sig = signature(w);
        self.filter[sig / 64] |= 1 << (sig % 64);
        let next = self.ids.len() as u32;
        *self.ids.entry(w.to_string()).or_insert(next)
    }

    /// The id of a folded word, or [`NONE`].
    #[inline]
    pub fn get(&self, w: &str) -> u32 {
        let sig = signature(w);
        let maybe = self
            .filter
            .get(sig / 64)
            .is_some_and(|bits| bits & (1 << (sig % 64)) != 0);
        if !maybe {
            return NONE;
        }
        self.ids.get(w).copied().unwrap_or(NONE)
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}

/// Every list the extractor uses, folded and indexed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    pub folder: Folder,
    pub vocab: Vocab,
    pub cues: Phrases<Vec<CueClass>>,
    numbers: HashMap<String, NumWord>,
    /// Per word id: the number word it is.
    number_ids: Vec<Option<NumWord>>,
    /// Ids of the two function words the extractor tests tokens against.
    pub id_al: u32,
    pub id_min: u32,
    pub units: Phrases<Vec<(UnitClass, String)>>,
    pub hedges_before: Phrases<()>,
    pub hedges_after: Phrases<()>,
    pub block_before: Phrases<String>,
    pub block_after: Phrases<String>,
    pub proclitics: Vec<Proclitic>,
    /// Enclitics with their length in chars.
    pub enclitics: Vec<(String, usize)>,
    /// Proclitic indices by first char, enclitic indices by last char (in
    /// list order): a word is only tried against the clitics it could have.
    proclitics_by_first: Vec<(char, Vec<usize>)>,
    enclitics_by_last: Vec<(char, Vec<usize>)>,
    /// This lexicon's identity for per-spelling caches (set once compiled;
    /// a lexicon is never changed afterwards, so clones share it).
    pub stamp: u64,
}

fn err(file: &str, line: usize, msg: impl std::fmt::Display) -> String {
    format!("{file}:{line}: {msg}")
}

/// Data rows of a TSV text: (1-based line, fields); comments, blank lines
/// and the header (whose first field must be `header`) skipped.
fn rows<'a>(
    text: &'a str,
    file: &str,
    header: &str,
    columns: usize,
) -> Result<Vec<(usize, Vec<&'a str>)>, String> {
    let mut out = Vec::new();
    let mut seen_header = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if !seen_header {
            if fields.first() != Some(&header) {
                return Err(err(
                    file,
                    n,
                    format!("expected a header starting with `{header}`"),
                ));
            }
            seen_header = true;
            continue;
        }
        if fields.len() < columns {
            return Err(err(
                file,
                n,
                format!("expected {columns} columns, found {}", fields.len()),
            ));
        }
        out.push((n, fields));
    }
    if !seen_header {
        return Err(err(file, 0, "no header line"));
    }
    Ok(out)
}

/// The folded words of a form, split the way the body is tokenised.
pub(crate) fn key_of(form: &str) -> Key {
    let chars: Vec<char> = form.chars().collect();
    tokens(form)
        .iter()
        .map(|t| fold_word(&chars[t.span.start..t.span.end].iter().collect::<String>()))
        .filter(|w| !w.is_empty())
        .collect()
}

fn forms(field: &str, file: &str, line: usize) -> Result<Vec<Key>, String> {
    let mut out = Vec::new();
    for f in field.split('|') {
        let key = key_of(f.trim());
        if key.is_empty() {
            return Err(err(file, line, format!("empty form `{f}`")));
        }
        out.push(key);
    }
    Ok(out)
}

impl Lexicon {
    pub fn load_embedded() -> Result<Lexicon, String> {
        Lexicon::from_texts(&[
            ("data/claims/cues.tsv", CUES),
            ("data/claims/numbers.tsv", NUMBERS),
            ("data/claims/units.tsv", UNITS),
            ("data/claims/hedges.tsv", HEDGES),
            ("data/claims/blockers.tsv", BLOCKERS),
            ("data/claims/clitics.tsv", CLITICS),
            ("data/article/months.tsv", MONTHS),
        ])
    }

    /// Parses the files, given as (name, text) in the order of
    /// [`Lexicon::load_embedded`]; errors name the file and line.
    pub fn from_texts(files: &[(&str, &str); 7]) -> Result<Lexicon, String> {
        let mut lex = Lexicon::default();
        let (file, text) = files[0];
        for (n, f) in rows(text, file, "class", 2)? {
            let class = match f[0] {
                "verb" => CueClass::Verb,
                "participle" => CueClass::Participle,
                "attribution" => CueClass::Attribution,
                "complementizer" => CueClass::Complementizer,
                "nonsubject" => CueClass::NonSubject,
                "lead" => CueClass::Lead,
                "breaker" => CueClass::Breaker,
                "function" => CueClass::Function,
                other => return Err(err(file, n, format!("unknown class `{other}`"))),
            };
            for key in forms(f[1], file, n)? {
                let v = lex.cues.entry(key);
                if !v.contains(&class) {
                    v.push(class);
                }
            }
        }
        let (file, text) = files[1];
        for (n, f) in rows(text, file, "form", 4)? {
            let value: f64 = f[1]
                .parse()
                .map_err(|_| err(file, n, format!("bad value `{}`", f[1])))?;
            let kind = match f[2] {
                "unit" => NumKind::Unit,
                "teen1" => NumKind::Teen1,
                "tens" => NumKind::Tens,
                "hundreds" => NumKind::Hundreds,
                "scale" => NumKind::Scale,
                "plural" => NumKind::Plural,
                other => return Err(err(file, n, format!("unknown kind `{other}`"))),
            };
            let alone = match f[3] {
                "exact" => Alone::Exact,
                "approx" => Alone::Approx,
                "no" => Alone::No,
                other => return Err(err(file, n, format!("unknown alone `{other}`"))),
            };
            for key in forms(f[0], file, n)? {
                if key.len() != 1 {
                    return Err(err(file, n, "number words are single words"));
                }
                let w = NumWord { value, kind, alone };
                if let Some(old) = lex.numbers.insert(key[0].clone(), w) {
                    if old != w {
                        return Err(err(file, n, format!("`{}` listed twice", key[0])));
                    }
                }
            }
        }
        let (file, text) = files[2];
        for (n, f) in rows(text, file, "class", 3)? {
            let class = match f[0] {
                "noun" => UnitClass::Noun,
                "event" => UnitClass::Event,
                "bridge" => UnitClass::Bridge,
                other => return Err(err(file, n, format!("unknown class `{other}`"))),
            };
            let unit = f[1].to_string();
            if unit.is_empty() {
                return Err(err(file, n, "empty unit"));
            }
            for key in forms(f[2], file, n)? {
                lex.units.entry(key).push((class, unit.clone()));
            }
        }
        let (file, text) = files[3];
        for (n, f) in rows(text, file, "position", 2)? {
            let target = match f[0] {
                "before" => &mut lex.hedges_before,
                "after" => &mut lex.hedges_after,
                other => return Err(err(file, n, format!("unknown position `{other}`"))),
            };
            for key in forms(f[1], file, n)? {
                target.entry(key);
            }
        }
        let (file, text) = files[4];
        for (n, f) in rows(text, file, "side", 3)? {
            let target = match f[0] {
                "before" => &mut lex.block_before,
                "after" => &mut lex.block_after,
                other => return Err(err(file, n, format!("unknown side `{other}`"))),
            };
            for key in forms(f[2], file, n)? {
                *target.entry(key) = f[1].to_string();
            }
        }
        let (file, text) = files[5];
        for (n, f) in rows(text, file, "kind", 3)? {
            let form = fold_word(f[1]);
            if form.is_empty() {
                return Err(err(file, n, "empty form"));
            }
            match f[0] {
                "pro" => {
                    if f[2].is_empty() || f[2].chars().any(|c| !matches!(c, 'c' | 'p' | 'a')) {
                        return Err(err(file, n, format!("bad flags `{}`", f[2])));
                    }
                    lex.proclitics.push(Proclitic::new(
                        form,
                        f[2].contains('c'),
                        f[2].contains('p'),
                        f[2].contains('a'),
                    ));
                }
                "enc" => {
                    let chars = form.chars().count();
                    lex.enclitics.push((form, chars));
                }
                other => return Err(err(file, n, format!("unknown kind `{other}`"))),
            }
        }
        // Shorter clitics first, so the least-stripped reading is tried first.
        lex.proclitics.sort_by_key(|p| p.chars);
        lex.enclitics.sort_by_key(|e| e.1);
        for (i, p) in lex.proclitics.iter().enumerate() {
            let Some(c) = p.form.chars().next() else {
                continue;
            };
            match lex.proclitics_by_first.iter_mut().find(|(f, _)| *f == c) {
                Some((_, list)) => list.push(i),
                None => lex.proclitics_by_first.push((c, vec![i])),
            }
        }
        for (i, (e, _)) in lex.enclitics.iter().enumerate() {
            let Some(c) = e.chars().next_back() else {
                continue;
            };
            match lex.enclitics_by_last.iter_mut().find(|(l, _)| *l == c) {
                Some((_, list)) => list.push(i),
                None => lex.enclitics_by_last.push((c, vec![i])),
            }
        }
        let (file, text) = files[6];
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((_, name)) = line.split_once('\t') else {
                return Err(err(file, i + 1, "expected month_number<TAB>name"));
            };
            let key = key_of(name.trim());
            if key.is_empty() {
                return Err(err(file, i + 1, "empty month name"));
            }
            *lex.block_after.entry(key) = "date".to_string();
        }
        lex.compile();
        Ok(lex)
    }

    /// Numbers every word and compiles the phrase tries.
    fn compile(&mut self) {
        let mut vocab = Vocab::default();
        self.cues.intern(&mut vocab);
        self.units.intern(&mut vocab);
        self.hedges_before.intern(&mut vocab);
        self.hedges_after.intern(&mut vocab);
        self.block_before.intern(&mut vocab);
        self.block_after.intern(&mut vocab);
        let mut numbers: Vec<(&String, &NumWord)> = self.numbers.iter().collect();
        numbers.sort_by(|a, b| a.0.cmp(b.0));
        for (w, _) in &numbers {
            vocab.intern(w);
        }
        self.id_al = vocab.intern("ال");
        self.id_min = vocab.intern("من");
        self.number_ids = vec![None; vocab.len()];
        for (w, n) in numbers {
            if let Some(slot) = self.number_ids.get_mut(vocab.get(w) as usize) {
                *slot = Some(*n);
            }
        }
        self.cues.compile(&vocab);
        self.units.compile(&vocab);
        self.hedges_before.compile(&vocab);
        self.hedges_after.compile(&vocab);
        self.block_before.compile(&vocab);
        self.block_after.compile(&vocab);
        self.vocab = vocab;
        self.stamp = rasad_text::fresh_stamp();
    }

    /// The number word with id `word`.
    #[inline]
    pub fn number(&self, word: u32) -> Option<NumWord> {
        self.number_ids.get(word as usize).copied().flatten()
    }

    /// Every reading of a folded word with clitics stripped, in the order
    /// the extractor tries them, with the [`Allow`] bits each needs: the
    /// whole word, each proclitic stripped (shortest first), then each of
    /// those with an enclitic stripped.
    fn each_variant(&self, word: &str, mut emit: impl FnMut(&str, usize, u8, u8)) {
        emit(word, 0, 0, 0);
        fn candidates(by: &[(char, Vec<usize>)], c: Option<char>) -> &[usize] {
            c.and_then(|c| by.iter().find(|(k, _)| *k == c))
                .map_or(&[], |(_, list)| list.as_slice())
        }
        let pro = candidates(&self.proclitics_by_first, word.chars().next());
        let enc = candidates(&self.enclitics_by_last, word.chars().next_back());
        if pro.is_empty() && enc.is_empty() {
            return;
        }
        let n = word.chars().count();
        // A proclitic reading: (byte offset of the stem, chars, need, pre).
        let strip = |&i: &usize| {
            let p = self.proclitics.get(i)?;
            (n >= p.chars + 2 && word.starts_with(&p.form)).then_some((
                p.form.len(),
                p.chars,
                p.need,
                p.pre,
            ))
        };
        for (at, chars, need, pre) in pro.iter().filter_map(strip) {
            emit(&word[at..], chars, need, pre);
        }
        if enc.is_empty() {
            return;
        }
        let bases = std::iter::once((0, 0, 0, 0)).chain(pro.iter().filter_map(strip));
        for (at, chars, need, pre) in bases {
            let stem = &word[at..];
            let m = n - chars;
            for (e, e_chars) in enc.iter().filter_map(|&i| self.enclitics.get(i)) {
                if m >= e_chars + 3 && stem.ends_with(e.as_str()) {
                    let need = need | Allow::ENCLITIC_BIT;
                    emit(&stem[..stem.len() - e.len()], chars, need, pre);
                }
            }
        }
    }

    /// Appends to `out` the readings of a folded word whose stem is a
    /// known word (the others cannot match anything).
    pub fn word_variants(&self, word: &str, out: &mut Vec<Variant>) {
        self.each_variant(word, |stem, prefix, need, pre| {
            let stem = self.vocab.get(stem);
            // A proclitic longer than 255 chars cannot be listed.
            let Ok(prefix) = u8::try_from(prefix) else {
                return;
            };
            if stem != NONE {
                out.push(Variant {
                    stem,
                    prefix,
                    need,
                    pre,
                });
            }
        });
    }

    /// Readings of a folded word with attached clitics stripped, as
    /// (stem, number of folded prefix chars); the whole word first.
    #[cfg(test)]
    pub fn variants(&self, word: &str, allow: Allow) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        self.each_variant(word, |stem, prefix, need, _| {
            if allow.admits(need) {
                out.push((stem.to_string(), prefix));
            }
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse() {
        let lex = Lexicon::load_embedded().unwrap();
        assert!(lex.number(lex.vocab.get(&fold_word("ثلاثة"))).is_some());
        assert!(lex.cues.get(&lex.vocab, &key_of("قال")).is_some());
        assert!(lex.units.get(&lex.vocab, &key_of("في المئة")).is_some());
        assert!(lex
            .block_after
            .get(&lex.vocab, &key_of("تشرين الثاني"))
            .is_some());
    }

    #[test]
    fn errors_name_file_and_line() {
        let files = [
            ("cues.tsv", "# c\nclass\tforms\nnoun\tقال\n"),
            ("numbers.tsv", "form\tvalue\tkind\talone\n"),
            ("units.tsv", "class\tunit\tforms\n"),
            ("hedges.tsv", "position\tforms\n"),
            ("blockers.tsv", "side\treason\tforms\n"),
            ("clitics.tsv", "kind\tform\tflags\n"),
            ("months.tsv", ""),
        ];
        let e = Lexicon::from_texts(&files).unwrap_err();
        assert_eq!(e, "cues.tsv:3: unknown class `noun`");
        let mut files2 = files;
        files2[0] = ("cues.tsv", "class\tforms\n");
        files2[1] = (
            "numbers.tsv",
            "form\tvalue\tkind\talone\nثلاثة\tx\tunit\texact\n",
        );
        let e = Lexicon::from_texts(&files2).unwrap_err();
        assert_eq!(e, "numbers.tsv:2: bad value `x`");
        files2[1] = ("numbers.tsv", "value\n");
        let e = Lexicon::from_texts(&files2).unwrap_err();
        assert!(e.starts_with("numbers.tsv:1: expected a header"), "{e}");
    }

    #[test]
    fn variants_strip_allowed_clitics_only() {
        let lex = Lexicon::load_embedded().unwrap();
        let v = lex.variants(&fold_word("وقال"), Allow::CONJ);
        assert!(v.contains(&("قال".to_string(), 1)));
        let v = lex.variants(&fold_word("والقتلى"), Allow::CONJ);
        assert!(!v.iter().any(|(s, _)| s == "قتلي"));
        let v = lex.variants(&fold_word("والقتلى"), Allow::ALL);
        assert!(v.iter().any(|(s, p)| s == "قتلي" && *p == 3));
    }
}
