//! Mention resolution in context: turns the catalogue's alias matches
//! (rasad-actors), role-noun phrases, counterpart and "two sides" words, and
//! the NER model's entities (rasad-ner) into the document's [`Mention`]s.
//!
//! What a mention is (the decisions later stages rely on):
//! - **Span**: char offsets into the body; `text` is exactly that slice. A
//!   span starts after the conjunction and preposition proclitics of its
//!   first word (وبوتين → بوتين, لفرنسا → فرنسا, وبالفرنسيين → الفرنسيين):
//!   the article stays, except in لل where the preposition fuses with it
//!   (للرئيس الفرنسي → رئيس الفرنسي). Possessive enclitics stay.
//! - **kind**: `LOC` for a state name and for a capital used as a place;
//!   `ORG` for IGOs, groups, and a capital or seat metonym acting
//!   (باريس ترفض); `PERS` for a person (a catalogue name, an NER name, or a
//!   role phrase resolved to its office holder); `ROLE` for a role-noun
//!   phrase with no person (الجيش العراقي, المتظاهرون); `MISC` for a nisba
//!   standing alone (الطائرات الروسية → the nisba, actor RUS); `GROUP` for a
//!   "two sides" word (البلدين), see below.
//! - **Role + nisba / construct**: a role phrase followed by a nisba (with
//!   up to two adjectives of `words.tsv` class `gap` between), or, in
//!   construct state, directly by a state/organisation name, is one mention
//!   with the actor of the nisba or name and the role's agent. A person name
//!   right after is absorbed too (الرئيس الروسي فلاديمير بوتين: one PERS).
//!   A bare role noun in construct before a name (جيش الأسد) is the
//!   person's side: `ROLE` with the person's country, no `person`; when
//!   the catalogue already knows the office holder, a name proposed by the
//!   NER alone is not absorbed (it is more often noise than a rival).
//! - **Office holders**: a role phrase listed in `data/mentions/offices.tsv`
//!   with an actor gets `person` = the holder at the article date; `agent`
//!   is the holder's office role in offices.tsv (defence ministers and army
//!   chiefs are `MIL`, as the catalogue codes them), else the phrase's.
//!   Without a date no holder is looked up.
//! - **People**: actor = the country of the office active at the article
//!   date, else of the most recent office; agent = that office's role.
//! - **Counterparts** (نظيره الروسي): the actor comes from the nisba, the
//!   office from the last office-holder mention before it in the document.
//! - **Two sides** (الجانبين, البلدين, العاصمتين…): one mention of kind
//!   `GROUP`: `actor` = the earlier-named of the two actors most recently
//!   mentioned before it, and `alternatives` holds one `GROUP` reading for
//!   the other. For `GROUP` mentions the alternatives are co-members, not
//!   competing readings: an event coder should expand "the two sides agreed"
//!   into both actors. A dual construct head right before the pair word
//!   (`pair_head`: جيشي البلدين, قوات البلدين) joins the mention and gives
//!   its agent; a dual with a pronoun (جيشيهما) is itself a pair word.
//! - **Capitals**: after a locative word (في، إلى، من، قرب… or attached ب),
//!   possibly across العاصمة/مدينة and a nisba, a capital is `LOC` with the
//!   actor and an alternative `ORG`/GOV reading; otherwise it is `ORG` with
//!   agent GOV and an alternative `LOC` reading. Seat metonyms (الكرملين)
//!   work the same with their own agent.
//! - **Ambiguous aliases** without a default (القدس): actor null, each code
//!   in `alternatives`; with a default: the default, others as alternatives.
//!   Organs carry their parent as an alternative (مجلس الأمن: UNSC, alt UN).
//! - **Places** (rasad-places gazetteer): cities, governorates and regions
//!   (above the gazetteer's population floors, context-gated like it) are
//!   `LOC` with their country as actor; an NER place the table lacks gets
//!   its country by lookup. Readings of an ambiguous name (and of ambiguous
//!   catalogue aliases such as طرابلس) are ranked by the states the whole
//!   document names. A city not in place position (after a locative, a
//!   place noun of `place_head` such as جامعة/مطار, or in a dateline
//!   «بغداد - …») carries an `ORG`/GOV alternative (كابل تتهم); capitals
//!   follow the same place-position rule. A role noun in construct with a
//!   capital or city (شرطة كراتشي) is one mention with that country.
//! - **Anaphora**: bare definite التنظيم/الحركة/الجماعة (الحزب) take the
//!   most recent group (party) named in the previous three sentences;
//!   البلاد takes the document's dominant state (≥ 2 mentions, more than
//!   twice the next); التحالف takes the last actor named before in the
//!   document whose name begins with it (التحالف الدولي). Such mentions
//!   carry an `ANAPHOR` alternative with the
//!   same actor; unresolved, الحزب stays a PTY role and the others are
//!   dropped.
//! - **Guards**: weak role nouns (إمام, عميد, إعلامية…) need a nisba or a
//!   name; role forms that are adjectives (`adjective`) are dropped after a
//!   definite noun (الجناح العسكري) or an `adjective_head` (هجوم انتحاري);
//!   institution nouns (`collective`) never absorb a following name; an
//!   NER name is cut before a preposition or a ب/ل/ك + common word.
//! - **Role nouns alone** get an agent and no actor: choosing the article's
//!   dominant state is a later stage's job.
//!
//! - **NER names** outside the catalogue keep the model's type and no
//!   actor; a PERS name within three words after a state nisba
//!   (المحلل الروسي العسكري فلان) takes that state as actor (span = the
//!   name; the nisba and role adjectives between are consumed as evidence).
//!   Catalogue-backed units win over overlapping NER entities, except weak
//!   aliases (also common words), which yield to NER and are otherwise
//!   dropped unless part of a larger phrase; an NER entity over exactly a
//!   weak alias's words, of the matching type, confirms it (تنظيم «القاعدة»).
//! - **Place guards**: a gazetteer place is never read through a possessive
//!   pronoun (صوره is not Tyre + ه) nor through ك "like" (كتبت is not
//!   ك + Tibet, for NER places too); a one-word NER place that is a
//!   lexicon noun under a dual/nisba ending (جيشي) needs a settlement noun.
//! - **Common names**: a catalogue person alias of exactly two common given
//!   names (data/ner/given_names.txt: محمد الناصر) names that person only
//!   once they have held an office by the article date.
//!
//! Data: `data/mentions/offices.tsv` (role phrase → office, agent, implied
//! actor) and `data/mentions/words.tsv` (counterpart, pair, locative, city,
//! gap, place_head, collective, anaphor, tail, preposition, adjective and
//! adjective_head word classes), embedded at build time; errors name file
//! and line. Place names come from rasad-places' embedded gazetteer.
//!
//! Invariants: output is sorted by start, mentions never overlap, every
//! span is in bounds and on char boundaries, every mention has a kind. The
//! catalogue and NER model are loaded once in [`Resolver::new`]; work per
//! document is linear in its tokens: each token's clitic readings are
//! computed once per document (remembered per thread across documents, a
//! few MB) and shared by the catalogue matcher, office phrases and word
//! classes through interned token ids (places use the same id trie); the
//! word-class, article and preposition tests on a token are remembered per
//! spelling id (rasad-text's `SpellingMemo`, per thread). No panics on any
//! input. It does no coreference beyond counterparts,
//! two-sides words and the bare anaphors above, and does not decide between
//! readings it records.

mod data;

use rasad_actors::vocab::{Analysis, FxHashMap, Vocab};
use rasad_actors::{fold, Catalogue, Entry, Form, Kind, PartialDate};
use rasad_doc::{Mention, Reading, Span};
use rasad_ner::{EntityType, Model};
use rasad_places::{Context as PlaceContext, Gazetteer, PlaceKind};
use rasad_text::{SpellingMemo, Token, TokenKind, NO_SPELLING};

pub use data::{Anaphor, AnaphorScope, Lexicon, OfficeRow, PairWord};

/// Resolves mentions in article bodies. Build once, use for every article.
pub struct Resolver {
    cat: Catalogue,
    /// `None` only for [`Resolver::without_ner`].
    ner: Option<Model>,
    lex: Lexicon,
    idx: Index,
    gaz: &'static Gazetteer,
    /// Catalogue people by the key of the last word of their multi-word
    /// names (بوش → جورج بوش): a surname alone resolves when exactly one
    /// of them holds an office at the article date.
    surnames: FxHashMap<String, Vec<String>>,
    /// This resolver's identity for the per-spelling memo ([`Facts`]).
    stamp: u64,
}

/// Word classes of `words.tsv` that token tests look up, as bit flags.
const LOCATIVE: u16 = 1;
const CITY: u16 = 1 << 1;
const PLACE_HEAD: u16 = 1 << 2;
const GAP: u16 = 1 << 3;
const COLLECTIVE: u16 = 1 << 4;
const TAIL: u16 = 1 << 5;
const ADJECTIVE: u16 = 1 << 6;
const ADJECTIVE_HEAD: u16 = 1 << 7;

/// What the resolver asks of a token's spelling, remembered per spelling
/// id ([`Tokenized::spellings`](rasad_text::Tokenized)) once asked: the
/// same words are tested again and again, and each test folded the word.
#[derive(Debug, Clone, Copy, Default)]
struct Facts {
    /// The word classes of its key (`Resolver::classes`).
    classes: Option<u16>,
    /// [`has_article`].
    article: Option<bool>,
    /// `Resolver::is_preposition_boundary` for a word token.
    boundary: Option<bool>,
}

thread_local! {
    /// Per thread, for the spelling generation and resolver it was filled
    /// with (`SpellingMemo::begin` in [`Resolver::mentions`]).
    static FACTS: std::cell::RefCell<SpellingMemo<Facts>> =
        std::cell::RefCell::new(SpellingMemo::new());
}

/// The lexicon's phrase and word lookups keyed by interned tokens, so a
/// document's token readings are computed once ([`Analysis`]) and shared by
/// the catalogue matcher, office phrases and word classes.
struct Index {
    /// The catalogue's vocabulary extended with the lexicon's tokens.
    vocab: Vocab,
    /// Office phrase trie: (node << 32 | token id) → child node, below
    /// the root; root children by token id (every token is tried there).
    office_edges: FxHashMap<u64, u32>,
    office_root: Vec<Option<u32>>,
    /// Per node: the office row of the phrase ending here.
    office_row: Vec<Option<usize>>,
    /// Per node: whether a longer phrase continues from here.
    office_more: Vec<bool>,
    /// Counterpart and pair words by token id.
    words: FxHashMap<u32, WordClass>,
    /// Word-class flags (`LOCATIVE`…) by canonical token key.
    classes: FxHashMap<String, u16>,
    /// Dual construct heads of a pair word by token id, with their agent.
    pair_heads: FxHashMap<u32, Option<String>>,
    /// Gazetteer place names (cities, governorates, regions) as a trie
    /// over token ids, like the office phrases.
    places: IdTrie,
    /// Per place key: its countries, best first, and the context it needs.
    place_info: Vec<PlaceInfo>,
}

/// A trie of phrases over interned token ids; node 0 is the root.
#[derive(Default)]
struct IdTrie {
    edges: FxHashMap<u64, u32>,
    root: Vec<Option<u32>>,
    value: Vec<Option<usize>>,
    more: Vec<bool>,
}

impl IdTrie {
    fn new() -> IdTrie {
        IdTrie {
            value: vec![None],
            more: vec![false],
            ..IdTrie::default()
        }
    }

    fn insert(&mut self, ids: &[u32], value: usize) -> Option<usize> {
        let mut at = 0;
        for &id in ids {
            let next = self.value.len();
            self.more[at] = true;
            at = if at == 0 {
                if self.root.len() <= id as usize {
                    self.root.resize(id as usize + 1, None);
                }
                *self.root[id as usize].get_or_insert(next as u32) as usize
            } else {
                *self.edges.entry(edge(at, id)).or_insert(next as u32) as usize
            };
            if at == next {
                self.value.push(None);
                self.more.push(false);
            }
        }
        let old = self.value[at];
        if old.is_none() {
            self.value[at] = Some(value);
        }
        old
    }

    #[inline]
    fn child(&self, node: usize, tok: u32) -> Option<usize> {
        if node == 0 {
            return self
                .root
                .get(tok as usize)
                .copied()
                .flatten()
                .map(|n| n as usize);
        }
        self.edges.get(&edge(node, tok)).map(|&n| n as usize)
    }
}

/// The countries a place name may be in, best first, and the locative
/// context the gazetteer says it needs.
struct PlaceInfo {
    countries: Vec<String>,
    need: PlaceContext,
    /// Some name under the key is written with the article (الحسينية),
    /// some without (كركوك): the text must agree (حسينية is a hall, السورية
    /// an adjective).
    with_article: bool,
    bare: bool,
    /// A notable or large city, or a governorate/region: found without
    /// place context. Other cities need it («في», «مدينة», attached ب).
    strong: bool,
}

/// Cities at least this large are taken without place context.
const STRONG_CITY: u64 = 500_000;

enum WordClass {
    Counterpart,
    Pair(PairWord),
    Anaphor(Anaphor),
}

fn edge(node: usize, tok: u32) -> u64 {
    ((node as u64) << 32) | tok as u64
}

impl Index {
    fn new(cat: &Catalogue, lex: &Lexicon, gaz: &Gazetteer) -> Index {
        let mut idx = Index {
            vocab: cat.vocab().clone(),
            office_edges: FxHashMap::default(),
            office_root: Vec::new(),
            office_row: vec![None],
            office_more: vec![false],
            words: FxHashMap::default(),
            classes: FxHashMap::default(),
            pair_heads: FxHashMap::default(),
            places: IdTrie::new(),
            place_info: Vec::new(),
        };
        for (key, &row) in &lex.offices {
            let mut at = 0;
            for tok in key.split(' ') {
                let id = idx.vocab.intern(tok);
                let next = idx.office_row.len();
                idx.office_more[at] = true;
                at = if at == 0 {
                    if idx.office_root.len() <= id as usize {
                        idx.office_root.resize(id as usize + 1, None);
                    }
                    *idx.office_root[id as usize].get_or_insert(next as u32) as usize
                } else {
                    *idx.office_edges.entry(edge(at, id)).or_insert(next as u32) as usize
                };
                if at == next {
                    idx.office_row.push(None);
                    idx.office_more.push(false);
                }
            }
            idx.office_row[at] = Some(row);
        }
        for (key, p) in &lex.pairs {
            let id = idx.vocab.intern(key);
            idx.words.insert(id, WordClass::Pair(p.clone()));
        }
        for (key, agent) in &lex.pair_heads {
            let id = idx.vocab.intern(key);
            idx.pair_heads.insert(id, agent.clone());
        }
        for (key, a) in &lex.anaphors {
            let id = idx.vocab.intern(key);
            idx.words.insert(id, WordClass::Anaphor(a.clone()));
        }
        // A word in both classes is a counterpart (checked first before).
        for key in &lex.counterparts {
            let id = idx.vocab.intern(key);
            idx.words.insert(id, WordClass::Counterpart);
        }
        for (set, flag) in [
            (&lex.locatives, LOCATIVE),
            (&lex.cities, CITY),
            (&lex.place_heads, PLACE_HEAD),
            (&lex.gaps, GAP),
            (&lex.collectives, COLLECTIVE),
            (&lex.tails, TAIL),
            (&lex.adjectives, ADJECTIVE),
            (&lex.adjective_heads, ADJECTIVE_HEAD),
        ] {
            for key in set {
                *idx.classes.entry(key.clone()).or_default() |= flag;
            }
        }
        idx.add_places(gaz);
        idx
    }

    /// Cities, governorates, provinces and regions of the gazetteer with a
    /// country. Countries and capitals are the catalogue's; small cities
    /// (below the gazetteer's population thresholds, not notable) are left
    /// to the NER, whose LOC entities are looked up one by one.
    fn add_places(&mut self, gaz: &Gazetteer) {
        let eligible = |p: &rasad_places::Place, key: &str| {
            let letters = key.chars().filter(|c| !c.is_whitespace()).count();
            let floor = if !key.contains(' ') && letters <= 3 {
                rasad_places::STRONG_POPULATION_SHORT
            } else {
                rasad_places::STRONG_POPULATION
            };
            p.country.is_some()
                && letters >= 3
                && match p.kind {
                    PlaceKind::City => p.notable || p.population >= floor,
                    PlaceKind::Governorate | PlaceKind::Province | PlaceKind::Region => true,
                    _ => false,
                }
        };
        for p in gaz.places() {
            let Some(country) = p.country.as_deref() else {
                continue;
            };
            for name in &p.names_ar {
                let key = fold::canonical_phrase(name);
                if !eligible(p, &key) {
                    continue;
                }
                let ids: Vec<u32> = key.split(' ').map(|t| self.vocab.intern(t)).collect();
                let next = self.place_info.len();
                let article = has_article(name);
                let strong = p.notable || p.population >= STRONG_CITY || p.kind != PlaceKind::City;
                if let Some(at) = self.places.insert(&ids, next) {
                    let info = &mut self.place_info[at];
                    info.with_article |= article;
                    info.bare |= !article;
                    info.strong |= strong;
                } else {
                    // The gazetteer ranks the readings of a name (population,
                    // kind); ours keep that order.
                    let mut countries: Vec<String> = Vec::new();
                    for q in gaz.lookup(name) {
                        if !eligible(q, &key) {
                            continue;
                        }
                        if let Some(c) = &q.country {
                            if !countries.contains(c) {
                                countries.push(c.clone());
                            }
                        }
                    }
                    if countries.is_empty() {
                        countries.push(country.to_string());
                    }
                    self.place_info.push(PlaceInfo {
                        countries,
                        need: gaz.needs_context(&rasad_places::key_of(name)),
                        with_article: article,
                        bare: !article,
                        strong,
                    });
                }
            }
        }
    }

    #[inline]
    fn office_child(&self, node: usize, tok: u32) -> Option<usize> {
        if node == 0 {
            return self
                .office_root
                .get(tok as usize)
                .copied()
                .flatten()
                .map(|n| n as usize);
        }
        self.office_edges.get(&edge(node, tok)).map(|&n| n as usize)
    }

    fn word(&self, id: u32) -> &str {
        self.vocab.word(id).unwrap_or("")
    }
}

/// A sentence token with its text.
struct Tok<'b> {
    span: Span,
    text: &'b str,
    kind: TokenKind,
    /// Index of the token in the document's [`Analysis`].
    at: usize,
    /// Its spelling id ([`NO_SPELLING`]: none, nothing is remembered).
    spelling: u32,
}

#[derive(Debug, Clone)]
enum What {
    /// A state, capital, metonym, IGO, NGO or group.
    Actor {
        code: Option<String>,
        kind: Kind,
        form: Form,
        agent: Option<String>,
        /// Other codes of an ambiguous alias.
        others: Vec<String>,
    },
    Person {
        id: String,
    },
    Role {
        /// Agent from the catalogue's role noun, if it matched.
        agent: Option<String>,
        /// Index into the lexicon's office rows.
        office: Option<usize>,
        /// The role's last word carries the article (no construct state).
        article: bool,
    },
    Counterpart,
    Pair(PairWord),
    /// A gazetteer place name (index into the place table).
    Place(usize),
    /// An NER place the table lacks, with the gazetteer's countries for
    /// its name, best first.
    Town(Vec<String>),
    /// A bare definite noun referring back (التنظيم، الحزب، البلاد).
    Anaphor(Anaphor),
    Ner(EntityType),
}

#[derive(Debug, Clone)]
struct Unit {
    /// Token range in the sentence.
    t0: usize,
    t1: usize,
    /// Absolute char span (start after proclitics).
    start: usize,
    end: usize,
    what: What,
    weak: bool,
    /// Attached ب stripped from the first word (بباريس).
    bi: bool,
}

/// Document-level context carried from sentence to sentence.
#[derive(Default)]
struct Ctx {
    /// Office (row index) and agent of the last office-holder mention.
    last_office: Option<(usize, Option<String>)>,
    /// The agent of the last role phrase that names no office («البحرية
    /// الروسية»): its counterpart («نظيرتها الفرنسية») is the same body.
    last_role_agent: Option<String>,
    /// Actors in order of last mention (most recent last), with "is a state".
    recent: Vec<(String, bool)>,
    /// States (and capitals' states) the whole document names, most named
    /// first: hints for ambiguous place names.
    hints: Vec<String>,
    /// The document's dominant state, when one clearly dominates.
    dominant: Option<String>,
    /// Index of the sentence being combined.
    sentence: usize,
    /// Group and party mentions, most recent last: (code, agent, sentence).
    groups: Vec<(String, Option<String>, usize)>,
    /// Every coded mention by the key of its first word, most recent last:
    /// (key, code, agent). Antecedents of `head` anaphors.
    heads: Vec<(String, String, Option<String>)>,
}

impl Ctx {
    /// Of `codes` (best first), the most named in the document, else the first.
    fn pick<'a>(&self, codes: &'a [String]) -> Option<&'a String> {
        self.hints
            .iter()
            .find_map(|h| codes.iter().find(|c| *c == h))
            .or_else(|| codes.first())
    }

    /// The most recent group (or party) named in this or the previous
    /// three sentences.
    fn antecedent(&self, party: bool) -> Option<&(String, Option<String>, usize)> {
        self.groups
            .iter()
            .rev()
            .take_while(|g| g.2 + 3 >= self.sentence)
            .find(|g| !party || g.1.as_deref() == Some("PTY"))
    }

    fn note(&mut self, code: &str, is_state: bool) {
        self.recent.retain(|(c, _)| c != code);
        self.recent.push((code.to_string(), is_state));
    }

    /// The two most recent distinct actors, earlier-named first.
    fn two(&self, states_only: bool) -> Vec<String> {
        let mut v: Vec<String> = self
            .recent
            .iter()
            .rev()
            .filter(|(_, s)| *s || !states_only)
            .take(2)
            .map(|(c, _)| c.clone())
            .collect();
        v.reverse();
        v
    }
}

const CONJ: [char; 2] = ['و', 'ف'];
const PREP: [char; 3] = ['ب', 'ل', 'ك'];

/// Chars of `word` (original spelling) after skipping `n` letters and the
/// marks that follow them; returns the char count skipped.
fn skip_letters(word: &str, n: usize) -> usize {
    let mut letters = 0;
    let mut skipped = 0;
    for c in word.chars() {
        let is_mark = fold::folds_away(c);
        if letters == n && !is_mark {
            break;
        }
        if !is_mark {
            letters += 1;
        }
        skipped += 1;
    }
    skipped
}

/// How many chars of proclitics to drop from `word` so that its rest reads
/// as `key0` (the first canonical token of the alias that matched), and
/// whether an attached ب was among them. Least stripping wins.
fn proclitics(word: &str, key0: &str) -> (usize, bool) {
    proclitics_folded(word, &fold::fold(word), key0)
}

/// [`proclitics`] when the caller already has `fold::fold(word)`.
fn proclitics_folded(word: &str, folded: &str, key0: &str) -> (usize, bool) {
    let key0_chars = key0.chars().count();
    // Enclitic readings (حكومتها → حكومه): the key is a prefix modulo ة/ت.
    let k = key0.strip_suffix('ه').unwrap_or(key0);
    let k_ok = k.chars().count() >= 2;
    // `rest` is already folded, so its canonical form is the article strip.
    let fits =
        |c: &str| c == key0 || (k_ok && c.starts_with(k) && c.chars().count() <= key0_chars + 3);
    // Proclitic letters are two-byte chars: `n` of them are `2n` bytes.
    let first = |at: usize| folded.get(at..).and_then(|r| r.chars().next());
    for conj in [None, Some(0usize), Some(1)] {
        let mut i = 0;
        if let Some(ci) = conj {
            if first(0) != Some(CONJ[ci]) {
                continue;
            }
            i = 1;
        }
        for prep in [None, Some(0usize), Some(1), Some(2)] {
            let mut j = i;
            if let Some(pi) = prep {
                if first(2 * j) != Some(PREP[pi]) {
                    continue;
                }
                j += 1;
            }
            let Some(rest) = folded.get(2 * j..) else {
                continue;
            };
            if rest.chars().count() < 2 {
                continue;
            }
            if fits(fold::strip_article(rest)) {
                return (skip_letters(word, j), prep == Some(0));
            }
            // لل: the preposition fused with the article; drop both.
            if let (Some(1), Some(after)) = (prep, rest.strip_prefix('ل')) {
                // Read as ا + rest: the article strip leaves `after` when it
                // keeps two letters, else the whole ال + `after`.
                let fused = if after.chars().count() >= 2 {
                    fits(after)
                } else {
                    fits(&format!("ا{rest}"))
                };
                if fused {
                    return (skip_letters(word, j + 1), false);
                }
            }
        }
    }
    (0, false)
}

/// Whether a word (after و/ف and ب/ك) carries the article, or is لل-fused.
fn has_article(word: &str) -> bool {
    // Only the first four letters are ever looked at (و + ب + ال): fold
    // just those, on the stack.
    let mut buf = [0u8; 16];
    let mut len = 0;
    for c in word.chars().filter_map(fold::fold_char).take(4) {
        len += c.encode_utf8(&mut buf[len..]).len();
    }
    let Ok(mut s) = std::str::from_utf8(&buf[..len]) else {
        return false;
    };
    for c in CONJ {
        if let Some(r) = s.strip_prefix(c) {
            if r.starts_with("ال")
                || r.starts_with("لل")
                || r.starts_with('ب')
                || r.starts_with('ك')
            {
                s = r;
            }
            break;
        }
    }
    if s.starts_with("لل") {
        return true;
    }
    for c in ['ب', 'ك'] {
        if let Some(r) = s.strip_prefix(c) {
            if r.starts_with("ال") {
                return true;
            }
        }
    }
    s.starts_with("ال")
}

impl Resolver {
    /// Loads the actor catalogue, the NER model and the mention lexicon.
    pub fn new() -> Result<Resolver, String> {
        let cat = Catalogue::load_embedded().map_err(|e| format!("actor catalogue: {e}"))?;
        let ner = Model::load_embedded().map_err(|e| format!("NER model: {e}"))?;
        let lex = Lexicon::load_embedded()?;
        let gaz = Gazetteer::embedded().map_err(|e| format!("gazetteer: {e}"))?;
        let idx = Index::new(&cat, &lex, gaz);
        let surnames = surnames(&cat);
        Ok(Resolver {
            cat,
            ner: Some(ner),
            lex,
            idx,
            gaz,
            surnames,
            stamp: rasad_text::fresh_stamp(),
        })
    }

    /// A resolver from catalogue and lexicon only: no NER entities (names
    /// outside the catalogue are not found). For degraded runs and tests
    /// when the model file is unavailable.
    pub fn without_ner() -> Result<Resolver, String> {
        let cat = Catalogue::load_embedded().map_err(|e| format!("actor catalogue: {e}"))?;
        let lex = Lexicon::load_embedded()?;
        let gaz = Gazetteer::embedded().map_err(|e| format!("gazetteer: {e}"))?;
        let idx = Index::new(&cat, &lex, gaz);
        let surnames = surnames(&cat);
        Ok(Resolver {
            cat,
            ner: None,
            lex,
            idx,
            gaz,
            surnames,
            stamp: rasad_text::fresh_stamp(),
        })
    }

    /// Whether NER entities are used.
    pub fn has_ner(&self) -> bool {
        self.ner.is_some()
    }

    /// The loaded catalogue (for callers that need actor names).
    pub fn catalogue(&self) -> &Catalogue {
        &self.cat
    }

    /// Mentions in `body`, sentence by sentence (`sentences` are char spans
    /// into `body`, in order, as rasad-text produces them). `published` is
    /// the article date `YYYY-MM-DD`; office holders are looked up at it.
    pub fn mentions(
        &self,
        body: &str,
        sentences: &[Span],
        published: Option<&str>,
    ) -> Vec<Mention> {
        // Accept a full timestamp too: only its date part matters.
        let date = published
            .map(str::trim)
            .map(|d| {
                d.get(..10)
                    .filter(|p| PartialDate::parse(p).is_some())
                    .unwrap_or(d)
            })
            .filter(|d| PartialDate::parse(d).is_some());
        // Chars and the byte offset of every char (for slicing token texts
        // out of `body`), in one pass.
        // Chars and tokens are shared with the later stages on this body.
        let tz = rasad_text::tokenized(body);
        let all = &tz.tokens;
        let bt = BodyText::new(body, &tz.chars);
        let text_of = |s: Span| bt.slice(s);
        // Clitic readings of every token, once for all lookups. The analysis
        // is per thread and reused: it remembers each spelling's readings.
        thread_local! {
            static ANALYSIS: std::cell::RefCell<Analysis> = std::cell::RefCell::new(Analysis::new());
        }
        FACTS.with_borrow_mut(|m| m.begin(&tz, self.stamp));
        ANALYSIS.with_borrow_mut(|analysis| {
            analysis.clear();
            analysis.push_all_spelled(
                all.len(),
                &tz.spellings,
                tz.generation,
                &self.idx.vocab,
                |k| all.get(k).map_or("", |t| text_of(t.span)),
            );
            self.resolve(sentences, date, &tz, analysis, &bt)
        })
    }

    /// [`Resolver::mentions`] once the body is tokenised and analysed.
    fn resolve(
        &self,
        sentences: &[Span],
        date: Option<&str>,
        tz: &rasad_text::Tokenized,
        analysis: &Analysis,
        bt: &BodyText,
    ) -> Vec<Mention> {
        let (chars, all, spellings) = (&tz.chars, &tz.tokens, &tz.spellings);
        let text_of = |s: Span| bt.slice(s);
        // Tokens of each sentence (sentences are ordered; one linear pass),
        // as ranges of one token list.
        let mut toks_all: Vec<Tok> = Vec::with_capacity(all.len());
        let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(sentences.len());
        let mut k = 0;
        let mut last_end = 0;
        for s in sentences {
            let from = toks_all.len();
            if s.start < last_end || s.end > chars.len() || s.start > s.end {
                // Out of order or out of bounds: skip rather than panic.
                ranges.push((from, from));
                continue;
            }
            last_end = s.end;
            while k < all.len() && all[k].span.start < s.start {
                k += 1;
            }
            while k < all.len() && all[k].span.end <= s.end {
                let t: &Token = &all[k];
                toks_all.push(Tok {
                    span: t.span,
                    text: text_of(t.span),
                    kind: t.kind,
                    at: k,
                    spelling: spellings.get(k).copied().unwrap_or(NO_SPELLING),
                });
                k += 1;
            }
            ranges.push((from, toks_all.len()));
        }
        let per_sentence = ranges.iter().map(|&(a, b)| &toks_all[a..b]);

        // NER over the whole document at once (it uses neighbouring sentences).
        let ner_input: Vec<Vec<&str>> = per_sentence
            .clone()
            .map(|v| v.iter().map(|t| t.text).collect())
            .collect();
        let tags = match &self.ner {
            Some(model) => model.tag_document(&ner_input),
            None => Vec::new(),
        };

        // Units of every sentence first: the states the whole document
        // names are hints for ambiguous places and anaphoric «البلاد».
        let all_units: Vec<Vec<Unit>> = per_sentence
            .clone()
            .enumerate()
            .map(|(si, toks)| {
                if toks.is_empty() {
                    return Vec::new();
                }
                let ents = tags
                    .get(si)
                    .map(|t| rasad_ner::spans(t.as_slice()))
                    .unwrap_or_default();
                self.units(toks, analysis, &ents)
            })
            .collect();
        let mut ctx = Ctx::default();
        self.document_hints(&all_units, &mut ctx);
        let mut out = Vec::new();
        for (si, (toks, units)) in per_sentence.zip(all_units).enumerate() {
            if toks.is_empty() {
                continue;
            }
            ctx.sentence = si;
            self.combine(toks, units, date, &mut ctx, bt, &mut out);
        }
        out.sort_by_key(|m| (m.start, m.end));
        // Belt and braces: never emit overlaps, whatever the combiner did.
        let mut clean: Vec<Mention> = Vec::with_capacity(out.len());
        for m in out {
            if clean.last().is_none_or(|p| p.end <= m.start) && m.start < m.end {
                clean.push(m);
            }
        }
        clean
    }

    /// Counts the states the document's units name (names, nisbas,
    /// capitals, seats) into `ctx.hints`, most named first, and sets
    /// `ctx.dominant` when one state has at least two mentions and more
    /// than twice the next.
    fn document_hints(&self, all_units: &[Vec<Unit>], ctx: &mut Ctx) {
        let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
        for u in all_units.iter().flatten() {
            if let What::Actor {
                code: Some(c),
                kind: Kind::State | Kind::Capital | Kind::Metonym,
                ..
            } = &u.what
            {
                *counts.entry(c.as_str()).or_default() += 1;
            }
        }
        let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        ctx.dominant = match v.as_slice() {
            [(c, n), rest @ ..] if *n >= 2 && rest.first().is_none_or(|r| *n > 2 * r.1) => {
                Some(c.to_string())
            }
            _ => None,
        };
        ctx.hints = v.into_iter().map(|(c, _)| c.to_string()).collect();
    }

    /// The countries of a place unit, best first (empty for other units).
    fn place_countries<'a>(&'a self, w: &'a What) -> &'a [String] {
        match w {
            What::Place(pl) => self
                .idx
                .place_info
                .get(*pl)
                .map_or(&[][..], |p| p.countries.as_slice()),
            What::Town(c) => c,
            _ => &[],
        }
    }

    /// Candidate units of one sentence: catalogue matches, office phrases,
    /// lexicon words and NER entities, non-overlapping, sorted by position.
    fn units(&self, toks: &[Tok], a: &Analysis, ents: &[(usize, usize, EntityType)]) -> Vec<Unit> {
        let texts: Vec<&str> = toks.iter().map(|t| t.text).collect();
        let readings = |i: usize| toks.get(i).map_or(&[][..], |t| a.readings(t.at));
        let mut cands: Vec<(u8, Unit)> = Vec::new(); // (priority, unit)

        // Office phrases: longest at each position, over clitic readings of
        // the first word and article-stripped later words.
        let mut i = 0;
        while i < toks.len() {
            let mut best: Option<(usize, usize, &str)> = None; // (end tok, row, key0)
            for r in readings(i) {
                let Some(mut node) = self.idx.office_child(0, r.id) else {
                    continue;
                };
                let mut j = i + 1;
                loop {
                    if let Some(row) = self.idx.office_row[node] {
                        if best.as_ref().is_none_or(|b| j > b.0) {
                            best = Some((j, row, self.idx.word(r.id)));
                        }
                    }
                    if j >= toks.len()
                        || j - i >= self.lex.office_max_tokens
                        || !self.idx.office_more[node]
                    {
                        break;
                    }
                    // Later words: the plain reading or clitic-stripped (للأمم).
                    let Some(next) = readings(j)
                        .iter()
                        .find_map(|n| self.idx.office_child(node, n.id))
                    else {
                        break;
                    };
                    node = next;
                    j += 1;
                }
            }
            if let Some((end, row, key0)) = best {
                let (skip, bi) = proclitics(texts[i], key0);
                cands.push((
                    3,
                    Unit {
                        t0: i,
                        t1: end,
                        start: toks[i].span.start + skip,
                        end: toks[end - 1].span.end,
                        what: What::Role {
                            agent: None,
                            office: Some(row),
                            article: toks.get(end - 1).is_some_and(|t| self.article(t)),
                        },
                        weak: false,
                        bi,
                    },
                ));
                i = end;
            } else {
                i += 1;
            }
        }

        // Catalogue matches.
        let range = toks.first().map_or(0, |t| t.at)..toks.last().map_or(0, |t| t.at + 1);
        for m in self.cat.matcher().find_analyzed(a, range) {
            let (t0, t1) = (m.tokens.start, m.tokens.end);
            if t1 > toks.len() || t0 >= t1 {
                continue;
            }
            // "السورية" is both the nisba and the spelling سورية with an
            // article; state names rarely take one, so prefer the nisba.
            let nisba = m.entries.iter().copied().find(|e| e.form == Form::Nisba);
            let Some(p) = nisba
                .filter(|_| t1 - t0 == 1 && self.article(&toks[t0]))
                .or_else(|| m.primary())
            else {
                continue;
            };
            let name_is_nisba = p.kind == Kind::State
                && p.form == Form::Name
                && t1 - t0 == 1
                && self.article(&toks[t0])
                && self.is_nisba_key(p.code.as_deref(), &m.key);
            let key0 = m.key.split(' ').next().unwrap_or("");
            let (skip, bi) = proclitics(texts[t0], key0);
            let what = match p.kind {
                Kind::Agent => What::Role {
                    agent: p.agent.clone(),
                    office: None,
                    article: self.article(&toks[t1 - 1]),
                },
                Kind::Person => match &p.person {
                    Some(id) => What::Person { id: id.clone() },
                    None => continue,
                },
                _ => {
                    let mut w = self.actor_what(
                        p,
                        &m.codes(),
                        m.ambiguity.map(|a| a.default.is_none()).unwrap_or(false),
                    );
                    if let (true, What::Actor { form, .. }) = (name_is_nisba, &mut w) {
                        *form = Form::Nisba;
                    }
                    w
                }
            };
            cands.push((
                2,
                Unit {
                    t0,
                    t1,
                    start: toks[t0].span.start + skip,
                    end: toks[t1 - 1].span.end,
                    what,
                    weak: m.weak,
                    bi,
                },
            ));
        }

        // Gazetteer places: longest at each position, after the catalogue
        // so that a state, capital or nisba of the same length wins.
        let mut i = 0;
        let mut last_placed: Option<usize> = None;
        while i < toks.len() {
            let mut best: Option<(usize, usize, &str)> = None; // (end tok, place, key0)
            for r in readings(i) {
                let Some(mut node) = self.idx.places.child(0, r.id) else {
                    continue;
                };
                let mut j = i + 1;
                loop {
                    if let Some(pl) = self.idx.places.value[node] {
                        if best.as_ref().is_none_or(|b| j > b.0) {
                            best = Some((j, pl, self.idx.word(r.id)));
                        }
                    }
                    if j >= toks.len() || !self.idx.places.more[node] {
                        break;
                    }
                    let Some(next) = readings(j)
                        .iter()
                        .find_map(|n| self.idx.places.child(node, n.id))
                    else {
                        break;
                    };
                    node = next;
                    j += 1;
                }
            }
            let Some((end, pl, key0)) = best else {
                i += 1;
                continue;
            };
            let info = &self.idx.place_info[pl];
            let article_agrees = if self.article(&toks[i]) {
                info.with_article
            } else {
                info.bare
            };
            // Every test below is needed only when the article agrees (and
            // none has effects): most candidates stop here, unfolded.
            if !article_agrees {
                i += 1;
                continue;
            }
            // The word folded once for all the tests below.
            let f = fold::fold(texts[i]);
            let (skip, bi) = proclitics_folded(texts[i], &f, key0);
            let clitic = skip > 0
                && (f.starts_with('ب')
                    || f.starts_with('ل')
                    || f.starts_with("وب")
                    || f.starts_with("ول"));
            let prev = i
                .checked_sub(1)
                .and_then(|p| toks.get(p))
                .filter(|p| p.kind == TokenKind::Word)
                .map_or(0, |p| self.classes(p));
            let prev_in = |class: u16| prev & class != 0;
            // «في الموصل وتكريت والفلوجة»: one preposition places a list.
            let listed = last_placed.is_some_and(|end| {
                end == i
                    || (end + 1 == i
                        && toks
                            .get(end)
                            .is_some_and(|t| matches!(t.text, "،" | "," | "و")))
            });
            let placed =
                bi || listed || clitic || prev_in(LOCATIVE) || prev_in(PLACE_HEAD) || prev_in(CITY);
            // ك is "like", never a place's preposition («كبيرا» is not ك +
            // a town); a lesser city needs place position, since many are
            // also words or names («جيشي», a surname).
            let like =
                skip > 0 && (f.starts_with('ك') || f.starts_with("وك") || f.starts_with("فك"));
            // A place name takes no possessive pronoun: «جيشيهما» is "their
            // two armies", not a town «جيشي» + هما.
            let pronoun = !f.ends_with(key0);
            let ok = !like
                && !pronoun
                && (info.strong || placed)
                && match info.need {
                    PlaceContext::None => true,
                    PlaceContext::Locative => {
                        bi || clitic || prev_in(LOCATIVE) || prev_in(PLACE_HEAD) || prev_in(CITY)
                    }
                    PlaceContext::Settlement => prev_in(CITY) || prev_in(PLACE_HEAD),
                };
            if ok {
                if placed {
                    last_placed = Some(end);
                }
                cands.push((
                    2,
                    Unit {
                        t0: i,
                        t1: end,
                        start: toks[i].span.start + skip,
                        end: toks[end - 1].span.end,
                        what: What::Place(pl),
                        weak: false,
                        bi,
                    },
                ));
            }
            i += 1;
        }

        // Counterpart, two-sides and anaphoric words (single tokens).
        for (i, t) in toks.iter().enumerate() {
            if t.kind != TokenKind::Word {
                continue;
            }
            for r in a.readings(t.at) {
                let (prio, what) = match self.idx.words.get(&r.id) {
                    Some(WordClass::Counterpart) => (1, What::Counterpart),
                    Some(WordClass::Pair(p)) => (1, What::Pair(p.clone())),
                    // Only the definite noun itself refers back: تنظيم is a
                    // construct head, بلاده is "his country".
                    Some(WordClass::Anaphor(an)) => {
                        if !self.article(t) || !fold::fold(t.text).ends_with(self.idx.word(r.id)) {
                            continue;
                        }
                        (4, What::Anaphor(an.clone()))
                    }
                    None => continue,
                };
                // «جيشي البلدين»: the armies of the two sides, one mention
                // with the head noun's agent.
                let head = match &what {
                    What::Pair(_) => i.checked_sub(1).and_then(|h| {
                        let ht = toks.get(h).filter(|ht| ht.kind == TokenKind::Word)?;
                        a.readings(ht.at).iter().find_map(|hr| {
                            let agent = self.idx.pair_heads.get(&hr.id)?;
                            Some((h, hr.id, agent.clone()))
                        })
                    }),
                    _ => None,
                };
                if let (Some((h, hid, agent)), What::Pair(p)) = (head, &what) {
                    let (skip, _) = proclitics(toks[h].text, self.idx.word(hid));
                    let p = PairWord {
                        agent: agent.or_else(|| p.agent.clone()),
                        states_only: p.states_only,
                    };
                    cands.push((
                        prio,
                        Unit {
                            t0: h,
                            t1: i + 1,
                            start: toks[h].span.start + skip,
                            end: t.span.end,
                            what: What::Pair(p),
                            weak: false,
                            bi: false,
                        },
                    ));
                    break;
                }
                let (skip, _) = proclitics(t.text, self.idx.word(r.id));
                cands.push((
                    prio,
                    Unit {
                        t0: i,
                        t1: i + 1,
                        start: t.span.start + skip,
                        end: t.span.end,
                        what,
                        weak: false,
                        bi: false,
                    },
                ));
                break;
            }
        }

        // Longest first, then priority; greedy non-overlapping selection.
        cands.sort_by(|(pa, a), (pb, b)| {
            (b.t1 - b.t0)
                .cmp(&(a.t1 - a.t0))
                .then(pb.cmp(pa))
                .then(a.t0.cmp(&b.t0))
        });
        let mut taken = vec![false; toks.len()];
        let mut units: Vec<Unit> = Vec::new();
        for (_, u) in cands {
            if taken[u.t0..u.t1].iter().any(|&x| x) {
                continue;
            }
            // An office phrase and the catalogue role noun over the same
            // words: keep the office, but remember the catalogue's agent.
            taken[u.t0..u.t1].iter_mut().for_each(|x| *x = true);
            units.push(u);
        }

        // NER entities: weak catalogue units yield to them; others win.
        for &(s, e, ty) in ents {
            if e > toks.len() || s >= e {
                continue;
            }
            // A name never runs across a preposition (… أبو سالم بقذائف):
            // cut it before the first one.
            let e = (s + 1..e)
                .find(|&k| {
                    self.is_preposition_boundary(&toks[k])
                        || (k + 1 == e && self.clitic_before_definite(toks, k))
                })
                .unwrap_or(e);
            // One- or two-letter single tokens are tagging noise (اف).
            if e - s == 1 && toks[s].text.chars().count() < 3 {
                continue;
            }
            // A name the NER reads as a person or organisation around a
            // place name (ألوية الناصر صلاح الدين) is that name.
            let named = matches!(ty, EntityType::Pers | EntityType::Org);
            let clash_strong = units.iter().any(|u| {
                u.t0 < e
                    && s < u.t1
                    && !u.weak
                    && !(named && matches!(u.what, What::Place(_)) && s <= u.t0 && u.t1 <= e)
            });
            if clash_strong {
                continue;
            }
            // The NER reading the same words as the same sort of name
            // confirms a weak catalogue alias (تنظيم «القاعدة»): the
            // catalogue's actor stays.
            let confirms = |w: &What| match (ty, w) {
                (EntityType::Org | EntityType::Loc, What::Actor { code, .. }) => code.is_some(),
                (EntityType::Pers, What::Person { .. }) => true,
                _ => false,
            };
            if let Some(u) = units
                .iter_mut()
                .find(|u| u.weak && u.t0 == s && u.t1 == e && confirms(&u.what))
            {
                u.weak = false;
                continue;
            }
            units.retain(|u| !(u.t0 < e && s < u.t1));
            // ك is "like", never a place's or name's preposition: a word
            // read as ك + name («كتبت» → Tibet) keeps its ك (كراتشي stays
            // whole).
            let skip = ner_proclitics(toks[s].text);
            let skip = toks[s]
                .text
                .chars()
                .take(skip)
                .position(|c| c == 'ك')
                .unwrap_or(skip);
            let mut what = What::Ner(ty);
            if ty == EntityType::Loc {
                // A place the NER found but the table lacks (a small town):
                // its countries from the gazetteer.
                let mut name: String = toks[s].text.chars().skip(skip).collect();
                for t in &toks[s + 1..e] {
                    name.push(' ');
                    name.push_str(t.text);
                }
                // A small town is only believed in place position: NER
                // often tags an adjective or a clitic-stripped word
                // («كبيرا» → «بيرا») that happens to name a village.
                let placed = ner_proclitic_is(toks[s].text, skip, 'ب')
                    || (s > 0
                        && (self.word_in(&toks[s - 1], LOCATIVE)
                            || self.word_in(&toks[s - 1], CITY)
                            || self.word_in(&toks[s - 1], PLACE_HEAD)));
                // A one-word name that is a lexicon noun under a dual or
                // nisba ending («جيشي») needs a settlement noun before it,
                // as in the gazetteer (the NER tags such words LOC by shape).
                let settled = s > 0
                    && (self.word_in(&toks[s - 1], CITY) || self.word_in(&toks[s - 1], PLACE_HEAD));
                let context_ok = e - s > 1
                    || settled
                    || !rasad_places::inflected_word(&rasad_places::key_of(&name));
                let mut countries: Vec<String> = Vec::new();
                for p in self.gaz.lookup(&name) {
                    if !context_ok {
                        break;
                    }
                    let known =
                        p.notable || p.population >= STRONG_CITY || p.kind != PlaceKind::City;
                    if !(known || placed) {
                        continue;
                    }
                    if let Some(c) = &p.country {
                        if !countries.contains(c) {
                            countries.push(c.clone());
                        }
                    }
                }
                if !countries.is_empty() {
                    what = What::Town(countries);
                }
            }
            units.push(Unit {
                t0: s,
                t1: e,
                start: toks[s].span.start + skip,
                end: toks[e - 1].span.end,
                what,
                weak: false,
                bi: false,
            });
        }
        units.sort_by_key(|u| u.t0);
        units
    }

    /// Whether a token inside an NER entity starts a prepositional phrase:
    /// a preposition word, or ب/ل/ك attached to a common word of the
    /// rasad-text lexicon (بقذائف), never to a known name.
    fn is_preposition_boundary(&self, t: &Tok) -> bool {
        if t.kind != TokenKind::Word {
            return true;
        }
        remembered(t, |f| &mut f.boundary, || self.word_is_boundary(t))
    }

    /// [`Resolver::is_preposition_boundary`] of a word token, computed.
    fn word_is_boundary(&self, t: &Tok) -> bool {
        // The word's key, made once for both lookups (as `word_in` would).
        let key = fold::canonical_token(t.text);
        if self.lex.prepositions.contains(&key) {
            return true;
        }
        let f = rasad_text::fold_word(t.text);
        if rasad_text::is_known_stem(&f) || self.cat.vocab().get(&key).is_some() {
            return false;
        }
        let rest = f
            .strip_prefix('و')
            .unwrap_or(&f)
            .strip_prefix(['ب', 'ل', 'ك']);
        rest.is_some_and(|r| r.chars().count() >= 3 && rasad_text::is_known_stem(r))
    }

    /// The last word of an NER name is ب/ل/ك + an unknown word and the
    /// word after the name is definite (… سالم بقذاف الهاون): a
    /// prepositional phrase in construct the tagger cut in two, not a name.
    fn clitic_before_definite(&self, toks: &[Tok], k: usize) -> bool {
        let (Some(t), Some(next)) = (toks.get(k), toks.get(k + 1)) else {
            return false;
        };
        if next.kind != TokenKind::Word || !self.article(next) {
            return false;
        }
        let f = rasad_text::fold_word(t.text);
        if rasad_text::is_known_stem(&f)
            || self
                .cat
                .vocab()
                .get(&fold::canonical_token(t.text))
                .is_some()
        {
            return false;
        }
        f.strip_prefix(['ب', 'ل', 'ك'])
            .is_some_and(|r| r.chars().count() >= 3)
    }

    fn actor_what(&self, e: &Entry, codes: &[&str], no_default: bool) -> What {
        let code = if no_default { None } else { e.code.clone() };
        let others: Vec<String> = codes
            .iter()
            .filter(|c| Some(**c) != code.as_deref())
            .map(|c| c.to_string())
            .collect();
        let agent = e.agent.clone().or_else(|| {
            e.code
                .as_deref()
                .and_then(|c| self.cat.actor(c))
                .and_then(|a| a.agent.clone())
        });
        What::Actor {
            code,
            kind: e.kind,
            form: e.form,
            agent,
            others,
        }
    }

    /// The single holder (person id, office role) of the row's office for
    /// `actor` on `date`. Concurrent holders (UN envoys to different
    /// conflicts) give `None`: the phrase alone cannot tell which.
    fn holder(&self, row: &OfficeRow, actor: &str, date: &str) -> Option<(String, String)> {
        let office = self.office_for(row, Some(actor))?;
        let pd = PartialDate::parse(date)?;
        let active: Vec<&rasad_actors::Office> = self
            .cat
            .terms(actor, &office)
            .filter(|o| o.covers(&pd))
            .collect();
        let mut people: Vec<&str> = active.iter().map(|o| o.person_id.as_str()).collect();
        people.sort_unstable();
        people.dedup();
        // Terms touching on a handover day are not concurrent holders.
        let handover = active
            .iter()
            .any(|o| o.end.is_some_and(|e| e.latest() <= pd.latest()));
        if people.len() > 1 && !(people.len() == 2 && handover) {
            return None;
        }
        let p = self.cat.office_holder(actor, &office, date)?;
        let role = active
            .iter()
            .find(|o| o.person_id == p.id)
            .map(|o| o.role.clone())
            .or_else(|| row.agent.clone())?;
        Some((p.id.clone(), role))
    }

    /// Whether `key` is an inflection of one of the state's nisba stems
    /// (سوري → سوريه), i.e. a name spelling that doubles as a nisba.
    fn is_nisba_key(&self, code: Option<&str>, key: &str) -> bool {
        let Some(actor) = code.and_then(|c| self.cat.actor(c)) else {
            return false;
        };
        actor.nisbas.iter().any(|stem| {
            let base = fold::canonical_token(stem);
            key.strip_prefix(base.as_str()).is_some_and(|rest| {
                matches!(rest, "" | "ه" | "ون" | "ين" | "ان" | "تان" | "تين" | "ات")
            })
        })
    }

    fn is_state(&self, code: &str) -> bool {
        self.cat.actor(code).is_some_and(|a| a.kind == Kind::State)
    }

    /// The actor kind of a code (None for unknown codes).
    fn kind_of(&self, code: &str) -> Option<Kind> {
        self.cat.actor(code).map(|a| a.kind)
    }

    /// A person's (country, role, office) at `date`: the office active then
    /// (latest start), else the most recent one before it, else the latest.
    fn person_at(&self, id: &str, date: Option<&str>) -> Option<(String, String, String)> {
        let offices = self.cat.offices_of(id);
        let pick =
            |o: &&rasad_actors::Office| (o.country.clone(), o.role.clone(), o.office.clone());
        if let Some(d) = date.and_then(PartialDate::parse) {
            if let Some(o) = offices
                .iter()
                .filter(|o| o.covers(&d))
                .max_by_key(|o| o.start.earliest())
            {
                return Some(pick(o));
            }
            if let Some(o) = offices
                .iter()
                .filter(|o| o.start.earliest() <= d.earliest())
                .max_by_key(|o| o.start.earliest())
            {
                return Some(pick(o));
            }
        }
        offices.iter().max_by_key(|o| o.start.earliest()).map(pick)
    }

    /// Whether a catalogue name may stand for person `id` here. A name of
    /// exactly two common given names («محمد الناصر») is borne by many
    /// people: it names the catalogue's only once they have held office by
    /// the article date (a former leader is still news; a namesake years
    /// before the office is not). Any name may when the date is unknown.
    fn common_name_holds(&self, u: &Unit, id: &str, date: Option<&str>, text: &BodyText) -> bool {
        let name = text.slice(Span::new(u.start, u.end));
        let words: Vec<&str> = name.split_whitespace().collect();
        let common = words.len() == 2
            && words
                .iter()
                .all(|w| self.lex.given_names.contains(&fold::canonical_token(w)));
        let Some(d) = date.and_then(PartialDate::parse).filter(|_| common) else {
            return true;
        };
        self.cat
            .offices_of(id)
            .iter()
            .any(|o| o.start.earliest() <= d.earliest())
    }

    /// The catalogue person a lone surname (an NER name of one word) names
    /// at `date`: the only person with that surname in office then.
    fn surname_holder(&self, text: &str, date: Option<&str>) -> Option<String> {
        if text.split_whitespace().nth(1).is_some() {
            return None;
        }
        let d = PartialDate::parse(date?)?;
        let ids = self.surnames.get(&fold::canonical_phrase(text))?;
        let mut held = ids
            .iter()
            .filter(|id| self.cat.offices_of(id).iter().any(|o| o.covers(&d)));
        let one = held.next()?;
        held.next().is_none().then(|| one.clone())
    }

    /// The office a row means for an actor (state office, or group office
    /// for armed groups).
    fn office_for(&self, row: &OfficeRow, actor: Option<&str>) -> Option<String> {
        match actor.and_then(|a| self.kind_of(a)) {
            Some(Kind::Group) => row.group_office.clone(),
            _ => row.office.clone(),
        }
    }

    /// Whether a word token's key is in a word class of `class` (flags).
    fn word_in(&self, tok: &Tok, class: u16) -> bool {
        tok.kind == TokenKind::Word && self.classes(tok) & class != 0
    }

    /// The word-class flags of a token's key, remembered per spelling.
    fn classes(&self, tok: &Tok) -> u16 {
        remembered(
            tok,
            |f| &mut f.classes,
            || {
                let key = fold::canonical_token(tok.text);
                self.idx.classes.get(&key).copied().unwrap_or(0)
            },
        )
    }

    /// [`has_article`] of a token, remembered per spelling.
    fn article(&self, tok: &Tok) -> bool {
        remembered(tok, |f| &mut f.article, || has_article(tok.text))
    }

    /// Groups units into mentions and resolves them in context.
    fn combine(
        &self,
        toks: &[Tok],
        units: Vec<Unit>,
        date: Option<&str>,
        ctx: &mut Ctx,
        text_of: &BodyText,
        out: &mut Vec<Mention>,
    ) {
        // Unit starting at each token (units never overlap): O(1) lookups.
        let mut starts: Vec<Option<usize>> = vec![None; toks.len() + 1];
        for (k, u) in units.iter().enumerate() {
            if let Some(slot) = starts.get_mut(u.t0) {
                *slot = Some(k);
            }
        }
        let at = |t: usize| starts.get(t).copied().flatten();
        let mut used = vec![false; units.len()];
        let mut i = 0;
        while i < units.len() {
            if used[i] {
                i += 1;
                continue;
            }
            used[i] = true;
            let u = &units[i];
            let m = match &u.what {
                What::Role { .. } | What::Counterpart => {
                    let mut actor_u: Option<usize> = None;
                    let mut person_u: Option<usize> = None;
                    let article = match &u.what {
                        What::Role { article, .. } => *article,
                        _ => true,
                    };
                    // Skip up to two gap adjectives, then a nisba or (construct) a name.
                    let mut j = u.t1;
                    let mut gaps = 0;
                    while gaps < 2
                        && j < toks.len()
                        && at(j).is_none()
                        && self.word_in(&toks[j], GAP)
                    {
                        j += 1;
                        gaps += 1;
                    }
                    if let Some(v) = at(j).filter(|&v| !used[v]) {
                        match &units[v].what {
                            What::Actor {
                                code: Some(_),
                                kind,
                                form,
                                ..
                            } => {
                                let actorish = matches!(
                                    kind,
                                    Kind::State | Kind::Igo | Kind::Ngo | Kind::Group
                                );
                                let nisba = matches!(form, Form::Nisba | Form::Demonym);
                                // A capital in construct (شرطة كابل، حكومة
                                // بغداد) is the institution's country.
                                let city = *kind == Kind::Capital && !article && gaps == 0;
                                if (actorish && (nisba || (!article && gaps == 0))) || city {
                                    actor_u = Some(v);
                                }
                            }
                            // So is a city (شرطة كراتشي → PAK COP).
                            What::Place(_) | What::Town(_) if !article && gaps == 0 => {
                                actor_u = Some(v)
                            }
                            _ => {}
                        }
                    }
                    let after = actor_u.map(|v| units[v].t1).unwrap_or(u.t1);
                    // When the catalogue knows the office holder, a name the
                    // NER alone proposes is more likely noise than a rival.
                    let holder_known = self.role_holder_known(&units, i, actor_u, date);
                    // An institution noun (الحزب، الحكومة) is never in
                    // apposition to a person name that follows it.
                    let collective = article
                        && actor_u.is_none()
                        && toks
                            .get(u.t1.wrapping_sub(1))
                            .is_some_and(|t| self.word_in(t, COLLECTIVE));
                    if let Some(w) =
                        at(after).filter(|&w| !used[w] && Some(w) != actor_u && !collective)
                    {
                        let take = match units[w].what {
                            What::Person { .. } => true,
                            What::Ner(EntityType::Pers) => !holder_known,
                            _ => false,
                        };
                        if take {
                            person_u = Some(w);
                        }
                    }
                    for x in [actor_u, person_u].into_iter().flatten() {
                        used[x] = true;
                    }
                    if actor_u.is_none()
                        && person_u.is_none()
                        && (u.weak || self.is_adjective(toks, u))
                    {
                        i += 1;
                        continue;
                    }
                    self.role_mention(&units, i, actor_u, person_u, date, ctx)
                }
                What::Actor {
                    code,
                    kind,
                    form,
                    agent,
                    others,
                } => {
                    // A nisba shortly before an unknown name: the name's nationality.
                    if matches!(form, Form::Nisba) && *kind == Kind::State && code.is_some() {
                        if let Some((w, adjectives)) = self.name_after(toks, &units, &used, i) {
                            used[w] = true;
                            for a in adjectives {
                                used[a] = true;
                            }
                            let p = &units[w];
                            let mut mm = self.mention_of(p.start, p.end, "PERS");
                            mm.actor = code.clone();
                            out_push(out, mm, ctx, self, text_of);
                            i += 1;
                            continue;
                        }
                    }
                    // طائرات أمريكية بدون طيار: noun + nisba + a post-modifying
                    // role phrase is one mention, the nisba's country.
                    if matches!(form, Form::Nisba | Form::Demonym) && code.is_some() {
                        if let Some(v) = at(u.t1).filter(|&v| !used[v]) {
                            let tail = match &units[v].what {
                                What::Role { agent, .. } => toks
                                    .get(units[v].t0)
                                    .is_some_and(|t| self.word_in(t, TAIL))
                                    .then(|| agent.clone()),
                                _ => None,
                            };
                            if let Some(role_agent) = tail {
                                used[v] = true;
                                let head = u
                                    .t0
                                    .checked_sub(1)
                                    .filter(|&h| at(h).is_none() && toks[h].kind == TokenKind::Word)
                                    .filter(|_| !units.iter().any(|w| w.t1 == u.t0));
                                let start = head
                                    .map(|h| toks[h].span.start + ner_proclitics(toks[h].text))
                                    .unwrap_or(u.start);
                                let mut mm = self.mention_of(start, units[v].end, "ROLE");
                                mm.actor = code.clone();
                                mm.agent = role_agent;
                                out_push(out, mm, ctx, self, text_of);
                                i += 1;
                                continue;
                            }
                        }
                    }
                    if u.weak {
                        i += 1;
                        continue;
                    }
                    let (code, others) = self.by_hints(code, others, ctx);
                    self.actor_mention(toks, &units, i, &code, *kind, *form, agent, &others)
                }
                What::Place(_) | What::Town(_) => {
                    let countries = self.place_countries(&u.what);
                    let country = ctx.pick(countries).cloned();
                    let mut mm = self.mention_of(u.start, u.end, "LOC");
                    mm.actor = country.clone();
                    // A city acting (كابل تتهم، قندهار تعلن) stands for its
                    // government: kept as an alternative reading only.
                    if country.is_some() && !self.place_position(toks, &units, i) {
                        mm.alternatives.push(Reading {
                            kind: "ORG".into(),
                            actor: country.clone(),
                            agent: Some("GOV".into()),
                        });
                    }
                    for c in countries.iter().filter(|c| Some(*c) != country.as_ref()) {
                        mm.alternatives.push(Reading {
                            kind: "LOC".into(),
                            actor: Some(c.clone()),
                            agent: None,
                        });
                    }
                    mm
                }
                What::Anaphor(an) => match self.anaphor_mention(u, an, ctx) {
                    Some(mm) => mm,
                    None => {
                        i += 1;
                        continue;
                    }
                },
                What::Person { id } if !self.common_name_holds(u, id, date, text_of) => {
                    self.mention_of(u.start, u.end, "PERS")
                }
                What::Person { id } => {
                    let mut mm = self.mention_of(u.start, u.end, "PERS");
                    mm.person = Some(id.clone());
                    if let Some((c, role, office)) = self.person_at(id, date) {
                        mm.actor = Some(c);
                        mm.agent = Some(role.clone());
                        // "X met his counterpart": X's office is the one meant.
                        if let Some(row) = self.lex.row_for_office(&office) {
                            ctx.last_office = Some((row, Some(role)));
                            ctx.last_role_agent = None;
                        }
                    }
                    mm
                }
                What::Pair(p) => {
                    // "the two presidents, the Russian and the French": the
                    // nisbas right after name the sides; else the context.
                    let named = self.sides_after(toks, &units, i);
                    let two = if named.len() == 2 {
                        named
                    } else {
                        ctx.two(p.states_only)
                    };
                    let mut mm = self.mention_of(u.start, u.end, "GROUP");
                    mm.agent = p.agent.clone();
                    mm.actor = two.first().cloned();
                    if let Some(second) = two.get(1) {
                        mm.alternatives.push(Reading {
                            kind: "GROUP".into(),
                            actor: Some(second.clone()),
                            agent: p.agent.clone(),
                        });
                    }
                    mm
                }
                What::Ner(ty) => {
                    let mut mm = self.mention_of(u.start, u.end, ty.as_str());
                    if *ty == EntityType::Pers {
                        let text = text_of.slice(Span::new(u.start, u.end));
                        if let Some(id) = self.surname_holder(text, date) {
                            if let Some((c, role, _)) = self.person_at(&id, date) {
                                mm.actor = Some(c);
                                mm.agent = Some(role);
                            }
                            mm.person = Some(id);
                        }
                    }
                    mm
                }
            };
            out_push(out, m, ctx, self, text_of);
            i += 1;
        }
    }

    /// Two actor nisbas naming the sides right after a pair word
    /// (الرئيسين الروسي ... والفرنسي): the first must follow at once, the
    /// second within six tokens of it.
    fn sides_after(&self, toks: &[Tok], units: &[Unit], i: usize) -> Vec<String> {
        let Some(u) = units.get(i) else {
            return Vec::new();
        };
        let nisba_code = |v: &Unit| match &v.what {
            What::Actor {
                code: Some(c),
                form: Form::Nisba,
                ..
            } => Some(c.clone()),
            _ => None,
        };
        let Some(first) = units
            .get(i + 1)
            .filter(|v| v.t0 == u.t1)
            .and_then(nisba_code)
        else {
            return Vec::new();
        };
        let first_end = units.get(i + 1).map_or(u.t1, |v| v.t1);
        let second = units[i + 2..]
            .iter()
            .take_while(|v| v.t0 <= first_end + 6)
            .filter(|v| {
                toks.get(first_end..v.t0)
                    .is_some_and(|b| b.iter().all(|t| t.kind == TokenKind::Word))
            })
            .find_map(|v| nisba_code(v).filter(|c| *c != first));
        match second {
            Some(s) => vec![first, s],
            None => Vec::new(),
        }
    }

    /// An unknown person name (NER PERS) starting within three plain words
    /// after the nisba unit `i` (المحلل الروسي العسكري فلان). Role nouns in
    /// between are adjectives of the person and are returned to be consumed.
    fn name_after(
        &self,
        toks: &[Tok],
        units: &[Unit],
        used: &[bool],
        i: usize,
    ) -> Option<(usize, Vec<usize>)> {
        let u = units.get(i)?;
        let mut w = i + 1;
        let mut between_units = Vec::new();
        while let Some(v) = units.get(w) {
            if !matches!(v.what, What::Role { .. }) || v.t0 > u.t1 + 3 {
                break;
            }
            between_units.push(w);
            w += 1;
        }
        let next = units.get(w)?;
        if used.get(w).copied().unwrap_or(true) || !matches!(next.what, What::Ner(EntityType::Pers))
        {
            return None;
        }
        if next.t0 < u.t1 || next.t0 - u.t1 > 3 {
            return None;
        }
        let between = toks.get(u.t1..next.t0)?;
        between
            .iter()
            .all(|t| t.kind == TokenKind::Word)
            .then_some((w, between_units))
    }

    /// Whether place unit `i` stands where a place is read: after a
    /// locative or a place noun, or in a dateline.
    fn place_position(&self, toks: &[Tok], units: &[Unit], i: usize) -> bool {
        self.locative_before(toks, units, i)
    }

    /// Whether a one-word role unit is an adjective of the noun before it
    /// (الجناح العسكري، هجوم انتحاري): both definite, or an indefinite
    /// adjective after a noun of `adjective_head`.
    fn is_adjective(&self, toks: &[Tok], u: &Unit) -> bool {
        if u.t1 != u.t0 + 1 || u.t0 == 0 {
            return false;
        }
        let (Some(cur), Some(prev)) = (toks.get(u.t0), toks.get(u.t0 - 1)) else {
            return false;
        };
        if prev.kind != TokenKind::Word || !self.word_in(cur, ADJECTIVE) {
            return false;
        }
        let def = self.article(cur);
        (def && self.article(prev)) || (!def && self.word_in(prev, ADJECTIVE_HEAD))
    }

    /// An ambiguous actor's code chosen by the document's states (طرابلس
    /// in an article about Lebanon → LBN): among the codes, the most
    /// named in the document. Without a default, only when exactly one
    /// code is named (القدس in an article naming both stays open).
    fn by_hints(
        &self,
        code: &Option<String>,
        others: &[String],
        ctx: &Ctx,
    ) -> (Option<String>, Vec<String>) {
        if others.is_empty() {
            return (code.clone(), others.to_vec());
        }
        let all: Vec<String> = code.iter().chain(others.iter()).cloned().collect();
        let named: Vec<&String> = all.iter().filter(|c| ctx.hints.contains(c)).collect();
        let pick = match (code, named.as_slice()) {
            (Some(_), [_, ..]) => ctx.pick(&all).cloned(),
            (None, [one]) => Some((*one).clone()),
            _ => return (code.clone(), others.to_vec()),
        };
        let rest = all
            .into_iter()
            .filter(|c| Some(c) != pick.as_ref())
            .collect();
        (pick, rest)
    }

    /// The mention of an anaphoric noun: the antecedent group or party of
    /// the last three sentences, or the document's dominant state, with an
    /// `ANAPHOR` reading flagging it; else the noun's fallback role, else
    /// nothing.
    fn anaphor_mention(&self, u: &Unit, an: &Anaphor, ctx: &Ctx) -> Option<Mention> {
        let found = match an.scope {
            AnaphorScope::Group => ctx.antecedent(false).map(|g| (g.0.clone(), g.1.clone())),
            AnaphorScope::Party => ctx.antecedent(true).map(|g| (g.0.clone(), g.1.clone())),
            AnaphorScope::State => ctx.dominant.clone().map(|c| (c, None)),
            AnaphorScope::Head => ctx
                .heads
                .iter()
                .rev()
                .find(|h| h.0 == an.head)
                .map(|h| (h.1.clone(), h.2.clone())),
        };
        match found {
            Some((code, agent)) => {
                let kind = if an.scope == AnaphorScope::State {
                    "LOC"
                } else {
                    "ORG"
                };
                let mut m = self.mention_of(u.start, u.end, kind);
                m.actor = Some(code.clone());
                m.agent = agent.clone();
                m.alternatives.push(Reading {
                    kind: "ANAPHOR".into(),
                    actor: Some(code),
                    agent,
                });
                Some(m)
            }
            None => an.agent.as_ref().map(|a| {
                let mut m = self.mention_of(u.start, u.end, "ROLE");
                m.agent = Some(a.clone());
                m
            }),
        }
    }

    /// Whether role unit `i` with actor unit `actor_u` resolves to a known
    /// office holder at `date`.
    fn role_holder_known(
        &self,
        units: &[Unit],
        i: usize,
        actor_u: Option<usize>,
        date: Option<&str>,
    ) -> bool {
        let (Some(d), Some(v)) = (date, actor_u) else {
            return false;
        };
        let row = match units.get(i).map(|u| &u.what) {
            Some(What::Role {
                office: Some(r), ..
            }) => self.lex.office_rows.get(*r),
            _ => None,
        };
        let code = match units.get(v).map(|u| &u.what) {
            Some(What::Actor { code: Some(c), .. }) => c.as_str(),
            _ => return false,
        };
        row.is_some_and(|r| self.holder(r, code, d).is_some())
    }

    fn mention_of(&self, start: usize, end: usize, kind: &str) -> Mention {
        Mention {
            text: String::new(),
            start,
            end,
            kind: kind.to_string(),
            actor: None,
            agent: None,
            person: None,
            alternatives: Vec::new(),
        }
    }

    fn role_mention(
        &self,
        units: &[Unit],
        i: usize,
        actor_u: Option<usize>,
        person_u: Option<usize>,
        date: Option<&str>,
        ctx: &mut Ctx,
    ) -> Mention {
        let u = &units[i];
        let end = person_u.or(actor_u).map(|x| units[x].end).unwrap_or(u.end);
        let mut m = self.mention_of(u.start, end, "ROLE");
        // A role noun in construct state before a name (جيش الأسد, نظام
        // فلان) is the person's side, not the person: apposition needs the
        // article (الرئيس الأسد, الجنرال فلان).
        let construct = actor_u.is_none()
            && person_u.is_some()
            && matches!(
                u.what,
                What::Role {
                    article: false,
                    office: None,
                    ..
                }
            );
        let (row_idx, cat_agent) = match &u.what {
            What::Role { agent, office, .. } => (*office, agent.clone()),
            _ => match &ctx.last_office {
                Some((row, agent)) => (Some(*row), agent.clone()),
                None => (None, ctx.last_role_agent.clone()),
            },
        };
        let row = row_idx.and_then(|r| self.lex.office_rows.get(r));
        let actor_code: Option<String> = actor_u
            .and_then(|v| match &units[v].what {
                What::Actor { code, .. } => code.clone(),
                w @ (What::Place(_) | What::Town(_)) => ctx.pick(self.place_countries(w)).cloned(),
                _ => None,
            })
            .or_else(|| row.and_then(|r| r.actor.clone()));

        let mut agent = cat_agent;
        if let Some(r) = row {
            let applies =
                self.office_for(r, actor_code.as_deref()).is_some() || actor_code.is_none();
            if applies && r.agent.is_some() && (actor_code.is_some() || r.office.is_some()) {
                agent = r.agent.clone();
            }
        }
        // A named person: their identity and country win.
        match person_u.map(|p| &units[p].what) {
            Some(What::Person { id }) if construct => {
                m.actor = self.person_at(id, date).map(|a| a.0);
            }
            Some(What::Ner(_)) if construct => {}
            Some(What::Person { id }) => {
                m.kind = "PERS".into();
                m.person = Some(id.clone());
                let at = self.person_at(id, date);
                m.actor = actor_code
                    .clone()
                    .or_else(|| at.as_ref().map(|a| a.0.clone()));
                if agent.is_none() {
                    agent = at.map(|a| a.1);
                }
            }
            Some(What::Ner(_)) => {
                m.kind = "PERS".into();
                m.actor = actor_code.clone();
            }
            _ => {
                m.actor = actor_code.clone();
                if let (Some(r), Some(a), Some(d)) = (row, actor_code.as_deref(), date) {
                    if let Some((id, role)) = self.holder(r, a, d) {
                        m.kind = "PERS".into();
                        m.person = Some(id);
                        agent = Some(role);
                    }
                }
            }
        }
        if actor_code.is_none() && agent.is_none() {
            // A group actor with no row agent (قائد + group): the group's own agent.
            agent = None;
        }
        m.agent = agent.clone();
        let office = row_idx.filter(|&r| {
            self.lex
                .office_rows
                .get(r)
                .is_some_and(|r| r.office.is_some() || r.group_office.is_some())
        });
        match office {
            Some(r) => {
                ctx.last_office = Some((r, agent));
                ctx.last_role_agent = None;
            }
            // A body with no office (a navy, a ministry) is what a following
            // counterpart word refers to, not an earlier office holder.
            None if matches!(u.what, What::Role { .. })
                && m.person.is_none()
                && m.actor.is_some()
                && agent.is_some() =>
            {
                ctx.last_office = None;
                ctx.last_role_agent = agent;
            }
            None => {}
        }
        m
    }

    #[allow(clippy::too_many_arguments)]
    fn actor_mention(
        &self,
        toks: &[Tok],
        units: &[Unit],
        i: usize,
        code: &Option<String>,
        kind: Kind,
        form: Form,
        agent: &Option<String>,
        others: &[String],
    ) -> Mention {
        let u = &units[i];
        let alt = |kind: &str, actor: Option<String>, agent: Option<String>| Reading {
            kind: kind.to_string(),
            actor,
            agent,
        };
        let mut m = self.mention_of(u.start, u.end, "LOC");
        m.actor = code.clone();
        match kind {
            Kind::Capital | Kind::Metonym if code.is_some() => {
                let seat_agent = agent.clone().or_else(|| Some("GOV".to_string()));
                if self.locative_before(toks, units, i) {
                    m.kind = "LOC".into();
                    m.alternatives.push(alt("ORG", code.clone(), seat_agent));
                } else {
                    m.kind = "ORG".into();
                    m.agent = seat_agent;
                    m.alternatives.push(alt("LOC", code.clone(), None));
                }
            }
            Kind::Capital | Kind::Metonym | Kind::State => m.kind = "LOC".into(),
            Kind::Igo | Kind::Ngo | Kind::Group => {
                m.kind = "ORG".into();
                m.agent = agent.clone();
                if let Some(parent) = code
                    .as_deref()
                    .and_then(|c| self.cat.actor(c))
                    .and_then(|a| a.parent.clone())
                {
                    m.alternatives.push(alt("ORG", Some(parent), agent.clone()));
                }
            }
            Kind::Person | Kind::Agent => {}
        }
        if matches!(form, Form::Nisba | Form::Demonym) && kind == Kind::State {
            m.kind = "MISC".into();
        }
        for o in others {
            m.alternatives
                .push(alt(&m.kind.clone(), Some(o.clone()), None));
        }
        m
    }

    /// A locative word before unit `i`, possibly across city words
    /// (العاصمة، مدينة) and a nisba (في العاصمة الروسية موسكو), or an
    /// attached ب on the capital itself.
    fn locative_before(&self, toks: &[Tok], units: &[Unit], i: usize) -> bool {
        let u = &units[i];
        if u.bi || is_dateline(toks, u) {
            return true;
        }
        let mut t = u.t0;
        for _ in 0..4 {
            if t == 0 {
                return false;
            }
            let prev = &toks[t - 1];
            // … or the genitive of a place noun (جامعة بغداد، مطار كابل).
            if self.word_in(prev, LOCATIVE) || self.word_in(prev, PLACE_HEAD) {
                return true;
            }
            // Attached ب on a city word (بالعاصمة) is locative too.
            if self.word_in(prev, CITY) {
                if fold::fold(prev.text).starts_with("بال") {
                    return true;
                }
                t -= 1;
                continue;
            }
            let nisba = units.iter().any(|v| {
                v.t1 == t
                    && matches!(
                        v.what,
                        What::Actor {
                            form: Form::Nisba,
                            ..
                        }
                    )
            });
            if nisba {
                t = units
                    .iter()
                    .find(|v| v.t1 == t)
                    .map(|v| v.t0)
                    .unwrap_or(t - 1);
                continue;
            }
            return false;
        }
        false
    }
}

/// A fact about a token's spelling from the per-thread memo ([`Facts`]),
/// `compute`d and remembered the first time it is asked.
fn remembered<T: Copy>(
    tok: &Tok,
    field: impl Fn(&mut Facts) -> &mut Option<T>,
    compute: impl FnOnce() -> T,
) -> T {
    if tok.spelling == NO_SPELLING {
        return compute();
    }
    let known = FACTS.with_borrow_mut(|m| {
        let mut f = m.get(tok.spelling).copied().unwrap_or_default();
        *field(&mut f)
    });
    if let Some(v) = known {
        return v;
    }
    // Computed outside the borrow: `compute` may ask other facts.
    let v = compute();
    FACTS.with_borrow_mut(|m| {
        let mut f = m.get(tok.spelling).copied().unwrap_or_default();
        *field(&mut f) = Some(v);
        m.set(tok.spelling, f);
    });
    v
}

/// Typographic separators after a dateline city (بغداد - , كابل (رويترز)).
const DATELINE_SEPARATORS: [&str; 7] = ["-", "–", "—", "ـ", "(", ":", "/"];

/// A unit opening its sentence (only punctuation before it) and followed
/// by a dateline separator: the city the report is filed from.
fn is_dateline(toks: &[Tok], u: &Unit) -> bool {
    let opens = toks
        .get(..u.t0)
        .is_some_and(|b| b.iter().all(|t| t.kind != TokenKind::Word));
    opens
        && toks
            .get(u.t1)
            .is_some_and(|t| DATELINE_SEPARATORS.contains(&t.text.trim()))
}

/// Proclitics to drop from an NER entity's first word: conjunction and
/// preposition as rasad-text segments them (the article stays).
fn ner_proclitics(word: &str) -> usize {
    // Segmenting is costly and entity words recur: remember them per
    // thread (the answer depends on the word and embedded data only).
    thread_local! {
        static SEEN: std::cell::RefCell<FxHashMap<Box<str>, usize>> =
            std::cell::RefCell::new(FxHashMap::default());
    }
    if let Some(skip) = SEEN.with_borrow(|m| m.get(word).copied()) {
        return skip;
    }
    let skip = ner_proclitics_uncached(word);
    SEEN.with_borrow_mut(|m| {
        if m.len() >= 1 << 16 {
            m.clear();
        }
        m.insert(word.into(), skip);
    });
    skip
}

fn ner_proclitics_uncached(word: &str) -> usize {
    // Segmentation's proclitics start the word; only a first و ف ب ك ل
    // (or ؤ, in case a fold reads it as و) can begin one that is dropped
    // below. Any other Arabic letter first: nothing to drop, no segmenting.
    if word.chars().next().is_some_and(|c| {
        matches!(c, '\u{0621}'..='\u{064A}') && !matches!(c, 'و' | 'ف' | 'ب' | 'ك' | 'ل' | 'ؤ')
    }) {
        return 0;
    }
    let seg = rasad_text::segment(word);
    let mut skip = 0;
    for c in &seg.proclitics {
        let f = fold::fold(&c.form);
        let first = f.chars().next().unwrap_or(' ');
        if f.chars().count() == 1 && (CONJ.contains(&first) || PREP.contains(&first)) {
            skip = skip.max(c.span.end);
        } else if f == "ال" && c.span.len() == 1 && skip > 0 {
            // The article fused into لل: dropped with the preposition.
            skip = skip.max(c.span.end);
        } else {
            break;
        }
    }
    // Keep at least two chars of the word.
    if word.chars().count().saturating_sub(skip) < 2 {
        0
    } else {
        skip
    }
}

/// A body with a char → byte index, for slicing char spans.
struct BodyText<'b> {
    body: &'b str,
    byte_at: Vec<usize>,
}

impl<'b> BodyText<'b> {
    /// The body with its char → byte index; `chars` are the body's chars
    /// (already decoded by the tokenizer: summing their widths is cheaper
    /// than decoding the body again).
    fn new(body: &'b str, chars: &[char]) -> BodyText<'b> {
        let mut byte_at = Vec::with_capacity(chars.len() + 1);
        let mut b = 0;
        byte_at.extend(chars.iter().map(|c| {
            let at = b;
            b += c.len_utf8();
            at
        }));
        byte_at.push(b);
        BodyText { body, byte_at }
    }

    /// The text of a char span ("" when out of bounds).
    fn slice(&self, s: Span) -> &'b str {
        match (self.byte_at.get(s.start), self.byte_at.get(s.end)) {
            (Some(&a), Some(&b)) if a <= b => self.body.get(a..b).unwrap_or(""),
            _ => "",
        }
    }
}

/// Catalogue people by the key of the last word of each multi-word
/// Arabic name (deduplicated per person).
fn surnames(cat: &Catalogue) -> FxHashMap<String, Vec<String>> {
    let mut out: FxHashMap<String, Vec<String>> = FxHashMap::default();
    for p in cat.people() {
        for name in &p.names_ar {
            let mut words = name.split_whitespace();
            let Some(last) = words.next_back() else {
                continue;
            };
            if words.next().is_none() {
                continue;
            }
            let ids = out.entry(fold::canonical_phrase(last)).or_default();
            if !ids.contains(&p.id) {
                ids.push(p.id.clone());
            }
        }
    }
    out
}

/// Fills `text`, records the actors in the context, appends.
fn out_push(
    out: &mut Vec<Mention>,
    mut m: Mention,
    ctx: &mut Ctx,
    r: &Resolver,
    text_of: &BodyText,
) {
    if m.start >= m.end {
        return;
    }
    m.text = text_of.slice(Span::new(m.start, m.end)).to_string();
    let anaphoric = m.alternatives.iter().any(|a| a.kind == "ANAPHOR");
    if m.kind != "GROUP" && !anaphoric {
        if let Some(a) = m.actor.as_deref() {
            ctx.note(a, r.is_state(a));
            // A name of several words may be referred back to by its head
            // noun alone (التحالف الدولي … التحالف).
            if let Some(first) = m.text.split_whitespace().next() {
                if m.text.split_whitespace().nth(1).is_some() {
                    ctx.heads.push((
                        fold::canonical_phrase(first),
                        a.to_string(),
                        m.agent.clone(),
                    ));
                }
            }
            // Groups and parties are antecedents of التنظيم/الحزب.
            if r.kind_of(a) == Some(Kind::Group) || m.agent.as_deref() == Some("PTY") {
                ctx.groups
                    .push((a.to_string(), m.agent.clone(), ctx.sentence));
            }
        }
    }
    out.push(m);
}

/// Whether the last proclitic stripped from a word (`skip` chars) is `c`:
/// an attached ب puts a place name in place position («بالموصل»).
fn ner_proclitic_is(word: &str, skip: usize, c: char) -> bool {
    skip > 0 && word.chars().nth(skip - 1) == Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proclitics_follow_the_matched_key() {
        // و + stem; a word that merely starts with و keeps it.
        assert_eq!(proclitics("وبوتين", "بوتين"), (1, false));
        assert_eq!(proclitics("واشنطن", "واشنطن"), (0, false));
        // ب is reported (it makes a capital a place); the article stays.
        assert_eq!(proclitics("بباريس", "باريس"), (1, true));
        assert_eq!(proclitics("وبالفرنسيين", "فرنسيين"), (2, true));
        // لل: preposition and fused article go together.
        assert_eq!(proclitics("للرئيس", "رئيس"), (2, false));
        // Diacritics after a proclitic are skipped with it.
        assert_eq!(proclitics("وَبوتين", "بوتين"), (2, false));
        // An enclitic does not block the match (حكومتها keyed حكومه).
        assert_eq!(proclitics("وحكومتها", "حكومه"), (1, false));
        // No analysis: nothing stripped.
        assert_eq!(proclitics("كلمة", "بوتين"), (0, false));
    }

    /// The shortcut of `ner_proclitics_uncached` agrees with segmenting.
    #[test]
    fn ner_proclitics_need_a_clitic_letter_first() {
        for w in [
            "الرئيس",
            "أوباما",
            "إيران",
            "سيقول",
            "تونس",
            "موسكو",
            "ؤلاء",
            "ئيس",
            "ءال",
        ] {
            assert_eq!(ner_proclitics_uncached(w), 0, "{w}");
            let seg = rasad_text::segment(w);
            let first = seg.proclitics.first().map(|c| fold::fold(&c.form));
            assert!(
                first.is_none_or(|f| !matches!(f.as_str(), "و" | "ف" | "ب" | "ك" | "ل")),
                "{w}"
            );
        }
        assert!(ner_proclitics_uncached("وبالرئيس") > 0);
        assert!(ner_proclitics_uncached("لفرنسا") > 0);
    }

    #[test]
    fn article_detection() {
        assert!(has_article("الرئيس"));
        assert!(has_article("للرئيس"));
        assert!(has_article("وبالرئيس"));
        assert!(!has_article("رئيس"));
        assert!(!has_article("وزير"));
    }

    /// Runs one sentence with NER entities given by hand (token ranges), so
    /// the NER paths are tested whatever the shipped model predicts.
    fn with_entities(
        body: &str,
        ents: &[(usize, usize, EntityType)],
        date: Option<&str>,
    ) -> Vec<Mention> {
        let r = Resolver::without_ner().expect("loads");
        let chars: Vec<char> = body.chars().collect();
        let bt = BodyText::new(body, &chars);
        let mut a = Analysis::new();
        let toks: Vec<Tok> = rasad_text::tokens(body)
            .into_iter()
            .enumerate()
            .map(|(at, t)| {
                a.push(bt.slice(t.span), &r.idx.vocab);
                Tok {
                    span: t.span,
                    text: bt.slice(t.span),
                    kind: t.kind,
                    at,
                    spelling: NO_SPELLING,
                }
            })
            .collect();
        let units = r.units(&toks, &a, ents);
        let mut ctx = Ctx::default();
        let mut out = Vec::new();
        r.combine(&toks, units, date, &mut ctx, &bt, &mut out);
        out
    }

    #[test]
    fn ner_name_after_nisba_takes_the_state() {
        // tokens: وقال(0) المحلل(1) الروسي(2) العسكري(3) ميخائيل(4) سيمونوف(5) إن(6) ...
        let body = "وقال المحلل الروسي العسكري ميخائيل سيمونوف إن العملية ستطول";
        let ms = with_entities(body, &[(4, 6, EntityType::Pers)], Some("2015-12-10"));
        let p = ms.iter().find(|m| m.kind == "PERS").expect("a person");
        assert_eq!(p.text, "ميخائيل سيمونوف");
        assert_eq!(p.actor.as_deref(), Some("RUS"));
        assert_eq!(p.person, None);
        // The nisba and the role adjective are consumed, not separate mentions.
        assert!(
            ms.iter().all(|m| m.text != "الروسي" && m.text != "العسكري"),
            "{ms:?}"
        );
    }

    #[test]
    fn ner_name_after_role_and_nisba_is_one_mention() {
        // وقال(0) الجنرال(1) الروسي(2) إيغور(3) كوناشينكوف(4) إن(5)
        let body = "وقال الجنرال الروسي إيغور كوناشينكوف إن الطائرات أصابت أهدافها";
        let ms = with_entities(body, &[(3, 5, EntityType::Pers)], None);
        let p = ms.iter().find(|m| m.kind == "PERS").expect("a person");
        assert_eq!(p.text, "الجنرال الروسي إيغور كوناشينكوف");
        assert_eq!(p.actor.as_deref(), Some("RUS"));
        assert_eq!(p.agent.as_deref(), Some("MIL"));
    }

    #[test]
    fn ner_entities_yield_to_catalogue_but_fill_gaps() {
        // قصفت(0) الطائرات(1) الروسية(2) مدينة(3) حلب(4)
        let body = "قصفت الطائرات الروسية مدينة حلب";
        let ms = with_entities(
            body,
            &[(2, 3, EntityType::Loc), (4, 5, EntityType::Loc)],
            None,
        );
        let rus = ms.iter().find(|m| m.text == "الروسية").expect("nisba kept");
        assert_eq!(rus.actor.as_deref(), Some("RUS"));
        // A city is a place of its country (the gazetteer's reading wins
        // over the NER span, which has no country).
        let aleppo = ms.iter().find(|m| m.text == "حلب").expect("place");
        assert_eq!(
            (aleppo.kind.as_str(), aleppo.actor.as_deref()),
            ("LOC", Some("SYR"))
        );
    }

    #[test]
    fn ner_name_never_spans_a_preposition() {
        // وقصفت(0) الكتائب(1) معبر(2) كرم(3) أبو(4) سالم(5) بقذائف(6) الهاون(7) في(8) الصباح(9)
        let body = "وقصفت الكتائب معبر كرم أبو سالم بقذائف الهاون في الصباح";
        let ms = with_entities(body, &[(3, 7, EntityType::Pers)], None);
        let p = ms.iter().find(|m| m.kind == "PERS").expect("a name");
        assert_eq!(p.text, "كرم أبو سالم");
        // A preposition word cuts the span too.
        let ms = with_entities(body, &[(7, 10, EntityType::Pers)], None);
        assert!(ms.iter().all(|m| !m.text.contains("في")), "{ms:?}");
        // A name with a ب word inside, the rest of it within the span, stays whole.
        let body = "وقال الشيخ أبو بكر الحسني إن الوضع هادئ";
        let ms = with_entities(body, &[(2, 5, EntityType::Pers)], None);
        assert!(ms.iter().any(|m| m.text.ends_with("بكر الحسني")), "{ms:?}");
    }

    #[test]
    fn ner_span_drops_conjunction() {
        // وقال(0) وسيمونوف(1)
        let body = "وقال وسيمونوف";
        let ms = with_entities(body, &[(1, 2, EntityType::Pers)], None);
        assert_eq!(ms.len(), 1, "{ms:?}");
        assert_eq!(ms[0].text, "سيمونوف");
    }

    #[test]
    fn pair_context_orders_earlier_first() {
        let mut ctx = Ctx::default();
        ctx.note("FRA", true);
        ctx.note("ISIL", false);
        ctx.note("RUS", true);
        assert_eq!(ctx.two(true), vec!["FRA".to_string(), "RUS".to_string()]);
        assert_eq!(ctx.two(false), vec!["ISIL".to_string(), "RUS".to_string()]);
        // A re-mention moves an actor to the end.
        ctx.note("FRA", true);
        assert_eq!(ctx.two(true), vec!["RUS".to_string(), "FRA".to_string()]);
    }
}
