//! Token folding and hashed feature extraction.
//!
//! Features are never materialised as strings: each one is an FNV-1a hash
//! of a template id and its parts, so extraction allocates only the folded
//! copy of each token.

use crate::{NerError, N_LABELS};
use std::collections::BTreeMap;

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
    out
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
        } else if ('\u{0600}'..='\u{06FF}').contains(&c) && c.is_alphabetic() {
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lexicon {
    pub triggers: BTreeMap<String, u8>,
    pub gazetteer: BTreeMap<String, u8>,
    pub names: BTreeMap<String, u8>,
    /// Phrase key → bitmask of [`PHRASE_CLASSES`] (0 = only a prefix).
    pub phrases: BTreeMap<String, u32>,
}

/// Per-token values computed once and shared by all templates.
pub(crate) struct TokenInfo {
    lower: String,
    fold: String,
    /// Byte offsets of char boundaries in `fold` (including the end).
    bounds: Vec<usize>,
    stem_at: usize,
    /// Where the stem starts if a bare ب/ل/ك (and then ال) is also
    /// stripped: «بايهود» → «ايهود». Equal to `stem_at` when not applicable.
    alt_at: usize,
    alt_name: u8,
    shape: [u8; 4],
    trig: u8,
    gaz: u8,
    name: u8,
    /// Phrase matches covering this token: bit `2c` = starts a phrase of
    /// class `c`, bit `2c + 1` = inside one.
    phrase: u32,
}

impl TokenInfo {
    pub(crate) fn new(word: &str, lex: &Lexicon) -> TokenInfo {
        let fold = fold(word);
        let mut bounds: Vec<usize> = fold.char_indices().map(|(i, _)| i).collect();
        bounds.push(fold.len());
        let (stem_at, stem) = strip_clitics(&fold);
        let trig = lex.triggers.get(stem).copied().unwrap_or(0);
        let gaz = lex.gazetteer.get(&fold).copied().unwrap_or(0);
        let name = lex.names.get(stem).copied().unwrap_or(0);
        let mut alt_at = stem_at;
        if stem.chars().count() > 4
            && (stem.starts_with('ب') || stem.starts_with('ل') || stem.starts_with('ك'))
        {
            let rest = &stem['ب'.len_utf8()..];
            let rest = rest
                .strip_prefix("ال")
                .filter(|r| r.chars().count() > 2)
                .unwrap_or(rest);
            alt_at = fold.len() - rest.len();
        }
        let alt_name = if alt_at == stem_at {
            0xfd
        } else {
            lex.names.get(&fold[alt_at..]).copied().unwrap_or(0)
        };
        TokenInfo {
            alt_at,
            alt_name,
            lower: word.to_lowercase(),
            shape: shape(word),
            fold,
            bounds,
            stem_at,
            trig,
            gaz,
            name,
            phrase: 0,
        }
    }

    fn nchars(&self) -> usize {
        self.bounds.len() - 1
    }

    pub(crate) fn stem(&self) -> &str {
        &self.fold[self.stem_at..]
    }

    fn alt_stem(&self) -> &str {
        &self.fold[self.alt_at..]
    }

    /// The key under which other mentions of this word are looked up in
    /// the document pass: the clitic-stripped stem, for words of at least
    /// two letters (digits and punctuation repeat without meaning much).
    pub(crate) fn doc_key(&self) -> Option<&str> {
        let s = self.stem();
        let letters = s.chars().filter(|c| c.is_alphabetic()).count();
        (letters >= 2).then_some(s)
    }

    fn prefix(&self, k: usize) -> &str {
        &self.fold[..self.bounds[k]]
    }

    fn suffix(&self, k: usize) -> &str {
        &self.fold[self.bounds[self.nchars() - k]..]
    }

    fn stem_suffix(&self, k: usize) -> &str {
        let s = self.stem();
        let n = s.chars().count();
        if n <= k {
            return s;
        }
        match s.char_indices().nth(n - k) {
            Some((i, _)) => &s[i..],
            None => s,
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

/// Calls `emit` with the hash of every feature of token `i`.
pub(crate) fn token_features(toks: &[TokenInfo], i: usize, mut emit: impl FnMut(u64)) {
    let t = &toks[i];
    let n = t.nchars();
    let get = |j: isize| -> Option<&TokenInfo> {
        if j < 0 {
            None
        } else {
            toks.get(j as usize)
        }
    };
    let ii = i as isize;
    let word_or = |j: isize| get(j).map_or(if j < 0 { BOS } else { EOS }, |x| x.fold.as_str());
    let stem_or = |j: isize| get(j).map_or(if j < 0 { BOS } else { EOS }, |x| x.stem());
    let suf_or =
        |j: isize, k: usize| get(j).map_or(if j < 0 { BOS } else { EOS }, |x| x.stem_suffix(k));
    let trig_or = |j: isize| get(j).map_or(0xfe, |x| x.trig);
    let gaz_or = |j: isize| get(j).map_or(0xfe, |x| x.gaz);
    let name_or = |j: isize| get(j).map_or(0xfe, |x| x.name);
    let shape_or = |j: isize| get(j).map_or(*b"S\0\0\0", |x| x.shape);

    emit(H::new(0).done());
    emit(H::new(1).s(&t.lower).done());
    emit(H::new(2).s(&t.fold).done());
    emit(H::new(3).s(t.stem()).done());
    emit(H::new(4).s(&t.fold[..t.stem_at]).done());
    for k in 1..=4usize {
        if n > k {
            emit(H::new(10 + k as u8).s(t.prefix(k)).done());
            emit(H::new(20 + k as u8).s(t.suffix(k)).done());
        }
    }
    if t.alt_at != t.stem_at {
        emit(H::new(5).s(t.alt_stem()).done());
        emit(H::new(6).b(&[t.alt_name]).done());
    }
    let sn = t.stem().chars().count();
    for k in 1..=3usize {
        if sn > k + 1 {
            emit(
                H::new(35 + k as u8)
                    .s(&t.stem()[..t.stem().char_indices().nth(k).map_or(0, |x| x.0)])
                    .done(),
            );
        }
    }
    for k in 2..=3usize {
        if sn > k {
            emit(H::new(30 + k as u8).s(t.stem_suffix(k)).done());
        }
    }
    emit(H::new(40).b(&t.shape).done());
    emit(H::new(41).b(&[n.min(10) as u8]).done());
    emit(
        H::new(42)
            .b(&shape_or(ii - 1))
            .b(&t.shape)
            .b(&shape_or(ii + 1))
            .done(),
    );
    // Context words.
    emit(H::new(50).s(word_or(ii - 1)).done());
    emit(H::new(51).s(word_or(ii + 1)).done());
    emit(H::new(52).s(word_or(ii - 2)).done());
    emit(H::new(53).s(word_or(ii + 2)).done());
    emit(H::new(54).s(stem_or(ii - 1)).done());
    emit(H::new(55).s(stem_or(ii + 1)).done());
    emit(H::new(56).s(word_or(ii - 1)).s(&t.fold).done());
    emit(H::new(57).s(&t.fold).s(word_or(ii + 1)).done());
    emit(H::new(58).s(suf_or(ii - 1, 2)).done());
    emit(H::new(59).s(suf_or(ii + 1, 2)).done());
    emit(H::new(60).s(stem_or(ii - 1)).s(t.stem()).done());
    emit(H::new(61).s(t.stem()).s(stem_or(ii + 1)).done());
    // Trigger classes in a window.
    emit(H::new(70).b(&[t.trig]).done());
    emit(H::new(71).b(&[trig_or(ii - 1)]).done());
    emit(H::new(72).b(&[trig_or(ii - 2)]).done());
    emit(H::new(73).b(&[trig_or(ii + 1)]).done());
    emit(H::new(74).b(&[trig_or(ii - 1), t.trig]).done());
    // Gazetteer codes in a window.
    emit(H::new(80).b(&[t.gaz]).done());
    emit(H::new(81).b(&[gaz_or(ii - 1)]).done());
    emit(H::new(82).b(&[gaz_or(ii + 1)]).done());
    emit(
        H::new(83)
            .b(&[gaz_or(ii - 1), t.gaz, gaz_or(ii + 1)])
            .done(),
    );
    // External name lists.
    emit(H::new(90).b(&[t.name]).done());
    emit(H::new(91).b(&[name_or(ii - 1), t.name]).done());
    emit(H::new(92).b(&[t.name, name_or(ii + 1)]).done());
    emit(H::new(93).b(&[trig_or(ii - 1), t.name]).done());
    // Phrase gazetteers.
    if t.phrase != 0 {
        emit(H::new(120).b(&t.phrase.to_le_bytes()).done());
        for b in 0..2 * PHRASE_CLASSES.len() {
            if t.phrase & (1 << b) != 0 {
                emit(H::new(121).b(&[b as u8]).done());
                emit(H::new(122).b(&[b as u8, trig_or(ii - 1)]).done());
                emit(H::new(123).b(&[b as u8, t.gaz]).done());
            }
        }
    }
    let phrase_or = |j: isize| get(j).map_or(0xffff_ffff, |x| x.phrase);
    emit(
        H::new(124)
            .b(&phrase_or(ii - 1).to_le_bytes())
            .b(&phrase_or(ii + 1).to_le_bytes())
            .done(),
    );
}

pub(crate) fn token_infos(tokens: &[&str], lex: &Lexicon) -> Vec<TokenInfo> {
    let mut infos: Vec<TokenInfo> = tokens.iter().map(|w| TokenInfo::new(w, lex)).collect();
    if lex.phrases.is_empty() {
        return infos;
    }
    let mut key = String::new();
    for i in 0..infos.len() {
        key.clear();
        for j in i..infos.len().min(i + MAX_PHRASE) {
            if j > i {
                key.push(' ');
            }
            key.push_str(infos[j].stem());
            let mut found = lex.phrases.get(&key);
            if found.is_none() && j == i && infos[i].alt_at != infos[i].stem_at {
                key.clear();
                key.push_str(infos[i].alt_stem());
                found = lex.phrases.get(&key);
            }
            let Some(&mask) = found else {
                break;
            };
            for c in 0..PHRASE_CLASSES.len() {
                if mask & (1 << c) != 0 {
                    infos[i].phrase |= 1 << (2 * c);
                    for t in &mut infos[i + 1..=j] {
                        t.phrase |= 1 << (2 * c + 1);
                    }
                }
            }
        }
    }
    infos
}

/// What the first pass said about a token and about the other mentions of
/// its stem in the surrounding sentences.
#[derive(Debug, Clone, Copy, Default)]
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

/// Document contexts for sentences of token infos with first-pass labels:
/// each token sees the other mentions of its stem in the sentences within
/// `window` before and after its own (a sliding count, so linear time).
pub(crate) fn doc_contexts<'a>(
    infos: &'a [Vec<TokenInfo>],
    labels: &[Vec<usize>],
    window: usize,
) -> Vec<Vec<DocCtx>> {
    use std::collections::HashMap;
    // Only looked up, never iterated: hash order cannot leak into output.
    let mut counts: HashMap<&'a str, [u16; N_LABELS]> = HashMap::new();
    let change = |s: usize, add: bool, counts: &mut HashMap<&'a str, [u16; N_LABELS]>| {
        for (t, &l) in infos[s].iter().zip(&labels[s]) {
            if let Some(k) = t.doc_key() {
                let e = counts.entry(k).or_insert([0; N_LABELS]);
                e[l] = if add {
                    e[l].saturating_add(1)
                } else {
                    e[l].saturating_sub(1)
                };
            }
        }
    };
    let n = infos.len();
    let mut out = Vec::with_capacity(n);
    for s in 0..n.min(window + 1) {
        change(s, true, &mut counts);
    }
    for s in 0..n {
        // Window is [s - window, s + window].
        if s > 0 {
            if let Some(add) = (s + window < n).then_some(s + window) {
                change(add, true, &mut counts);
            }
            if s > window {
                change(s - window - 1, false, &mut counts);
            }
        }
        let ctx = infos[s]
            .iter()
            .zip(&labels[s])
            .map(|(t, &l)| {
                let mut hist = t
                    .doc_key()
                    .and_then(|k| counts.get(k).copied())
                    .unwrap_or([0; N_LABELS]);
                if t.doc_key().is_some() {
                    hist[l] = hist[l].saturating_sub(1);
                }
                // «بايهود» also counts the mentions of «ايهود».
                if t.alt_at != t.stem_at {
                    if let Some(alt) = counts.get(t.alt_stem()) {
                        for (h, a) in hist.iter_mut().zip(alt) {
                            *h = h.saturating_add(*a);
                        }
                    }
                }
                DocCtx { own: l as u8, hist }
            })
            .collect();
        out.push(ctx);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex_with(phrases: &str) -> Lexicon {
        let mut map = BTreeMap::new();
        parse_phrases(phrases, "test", &mut map).expect("parses");
        Lexicon {
            phrases: map,
            ..Lexicon::default()
        }
    }

    #[test]
    fn phrases_mark_begin_and_inside_with_clitics_stripped() {
        let lex = lex_with("PERS\tجاك شيراك\nLOC\tباريس\nGIVEN\tمحمد\n");
        let infos = token_infos(&["قال", "وجاك", "شيراك", "في", "باريس", "لمحمد"], &lex);
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
        let infos = token_infos(&["جاك", "لانغ"], &lex);
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
    fn doc_contexts_count_other_mentions_inside_the_window() {
        let lex = Lexicon::default();
        let sents = [
            vec!["شالوم", "قال"],
            vec!["وشالوم", "غادر"],
            vec!["كتب", "شالوم"],
        ];
        let infos: Vec<Vec<TokenInfo>> = sents.iter().map(|s| token_infos(s, &lex)).collect();
        // First pass: B-PERS (1) in sentence 0, O elsewhere.
        let labels = vec![vec![1, 0], vec![0, 0], vec![0, 0]];
        let ctx = doc_contexts(&infos, &labels, 1);
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
