//! Event coding: who did what to whom, when and where, in the PLOVER
//! ontology (with a CAMEO code where one fits), each event with its
//! evidence (trigger span and sentence span in the body).
//!
//! How an event is found (see `data/events/` for all the words):
//! - **Triggers**: verbs (every person/number/gender form generated from
//!   the perfect and imperfect lemma by rule), passive verbs, nouns and
//!   multi-word triggers, matched on folded, clitic-stripped tokens
//!   (rasad-text `analyses` with the trigger forms as lexicon). A word that
//!   can be both verb and noun (قصف، قتل) is a noun after a preposition,
//!   the article or a light verb, else a verb. A weak verb form right before a
//!   day word (فجر اليوم: dawn) is no event.
//! - **Arguments** come from a shallow chunker over tokens + mentions, inside
//!   the trigger's clause (clauses end at punctuation and at boundary words:
//!   relatives, complementisers, linking words). Verb: the subject is the
//!   first actor mention after the verb before any preposition (VSO), else
//!   the nearest actor mention before it not governed by a preposition
//!   (SVO) — never the speaker right after a reporting verb (أعلن الجيش
//!   مقتل… في هجوم استهدف…); a number right after the verb reads as passive (قتل 30 مدنيا:
//!   the phrase is the target), and so does a violence verb whose clause
//!   goes on to the cause of the harm (`attribution.tsv` `cause`: قتل
//!   عراقيان في تفجير، خمسة مدنيين قتلوا جراء انفجار) with no object
//!   number, victim noun or other actor in between. A verb with the plural
//!   subject suffix (اختطفوا) has no subject after it: the noun after is
//!   its object; nor has a feminine verb (قتلت) a masculine singular noun
//!   right after it (a head listed masculine, or a person named with a
//!   definite role noun: فقتلت المدرس فلان → object, dropped subject);
//!   likewise a masculine verb opening its clause (أسقط، استهدف) has no
//!   feminine singular noun with ة right after it as subject when a
//!   preposition other than لـ/مع or the clause end follows the phrase
//!   (أسقط الطائرة الروسية في…: object; ودعم الحكومة للتحالف stays a verbal
//!   noun with its agent). A complementiser carrying ـها / ـهم (`attribution.tsv` `subject_pronoun`:
//!   أنها، بأنهم) right before a verb agreeing with it is the subject
//!   (the last actor agreeing), and the verb is then active (أنها قتلت
//!   خمسة جنود: the number is the object). A form listed as a passive verb
//!   (أصيب) beats the same form of an active verb. A VSO subject is never
//!   looked for past another verb trigger. What an earlier attack of the sentence hit is never the
//!   subject found before a later trigger, and merging never makes one
//!   mention both source and target (except a two-sided group word, الجيشان
//!   الفرنسي والروسي، البلدين: a symmetric act with it as its one source is
//!   between its two sides). The target is the first actor mention after
//!   one of the frame's prepositions, or the direct object. Noun: a
//!   genitive / nisba right after fills the slot the entry says (غارة روسية
//!   → source, اغتيال فلان → target), and a symmetric noun's second nisba
//!   is its other side (التعاون الروسي الفرنسي، لقاء سعودي – روسي); a
//!   light verb governing the noun (شنّ،
//!   أجرى، قدّم، فرض…) lends its subject as source (تعرّض ل… lends it as
//!   target). A noun event right after a means cue (`means`: عبر، من
//!   خلال) is done by the clause's subject (ردت X عبر اغتيال… → X).
//!   بين X و Y gives both. A city genitive of an event noun
//!   (هجمات باريس) is the place and, except for protests, the target — never
//!   the source. An agent noun (الداعم) takes the actor right before it,
//!   also in apposition after a comma (مع روسيا، الداعم الأساسي للأسد).
//!   The masdar of a transitive verb (قصف، ضرب: gen `object`) takes a
//!   nisba as source but a genitive name as target, unless an object with
//!   ل / على follows (قصف روسيا لمواقع…). A partitive (مقتل اثنين من
//!   جنوده) reaches past «NUM من» to the whole. A unit noun (`partitive`: قوة،
//!   عناصر) makes its «من» govern nothing: «قوة من الشرطة قامت…» has the
//!   police as subject; right after a verb only an acting unit (`force`:
//!   قوة، وحدة، كتيبة) reads so, a share (مجموعة من) stays the object. Verbs of using, joining
//!   or keeping on (استخدم، شارك، واصل) are light verbs: their subject is
//!   the agent of the noun event after them. A bare aircraft word
//!   (الطيران) as subject is the air force (MIL) of the state the sentence,
//!   else the previous one, names — never the location's by default. A
//!   verb's later trigger words may sit up to nine words on (أطلقت طائرة…
//!   عدة صواريخ) but never past another trigger; a noun's may follow a
//!   count (إطلاق ثلاثة صواريخ).
//! - **Clause structure**: a verb opening a relative clause takes the noun
//!   before the pronoun as subject (unless an object pronoun on the verb
//!   points back to it); a noun followed by «التي تشنها X» takes X. A
//!   time clause right after a relative one (… X الذي فاجأ الجميع عندما
//!   أعلن) shares its subject, X, when it names none of its own. Actors
//!   inside a prepositional phrase (في مواجهة X، على مواقع X) or after a
//!   comparison cue (على غرار X، مثل X) are never participants. A verb right
//!   after a carrier of words (لافتات تندد) has no actor subject and a verbal
//!   act so carried is no event. An object pronoun «ـه» on a verb with no
//!   object resolves to the last person/state named before it (this
//!   sentence, else the previous one). A noun event that is the complement
//!   of a demand, threat or agreement (طالب بالإفراج) is not an event.
//! - **Dropped subjects**: a verb without a subject phrase takes the source
//!   of the previous event in the sentence, else the sentence's topic (its
//!   first ungoverned actor in an earlier clause, unless a reporting verb
//!   comes first or the topic is the verb's target), else the last subject
//!   coded in the document (previous sentences).
//! - **Protests**: one PROTEST per sentence (the march, the marchers and the
//!   chants are one happening) unless the protesters are from different
//!   countries; its target is the actor after an `against` cue (احتجاجا على
//!   X، هتافات معادية ل X; a state stands for its government), else the GOV
//!   of the place's country; without an `against` actor, a foreign mission
//!   it stands at or marches to (أمام السفارة اليونانية, cue `site`) names
//!   the state. A noun event right after an `against` cue
//!   (احتجاجا على مقتل…) is what is protested, not a new event; triggers
//!   inside a «…» slogan after a banner or chant word are no events; a
//!   demand or denunciation by the protesters themselves is the protest's
//!   content, not a verbal event of its own.
//! - **Coordination**: «روسيا وفرنسا تقصفان» gives one event per actor. For
//!   symmetric types (AGREE, CONSULT, COOPERATE… flagged `sym`) with two
//!   coordinated actors and no target, one event: source = first, target =
//!   second. "Two sides" mentions (البلدين) expand the same way.
//! - **Negation and modality** from cue words (`cues.tsv`): a negator right
//!   before the trigger or its light verb, عدم/دون/غير before a noun, a
//!   denial verb earlier in the sentence → `negated`. Modality by priority
//!   hypothetical > planned (س prefix, planning words, «المقبل» after) >
//!   reported (reporting verb earlier in the sentence, «وفقا ل») > asserted.
//! - **Merging**: events of the same type and polarity in one sentence whose
//!   participants do not conflict are one event (a killing and the raid that
//!   caused it); asserted and reported count as the same modality, and an
//!   event with no participant merges into any other of its type. A verbal
//!   act (PLOVER verbal quadrants) with neither source nor target is dropped:
//!   nobody says it to anybody.
//! - **Fallbacks** (documented guesses, lower confidence): an ASSAULT /
//!   COERCE / SANCTION / THREATEN / ACCUSE event without a frame target
//!   takes the first actor after the trigger in the clause not governed by
//!   من/عن, not past another trigger, a place never (a place is where it
//!   happened); a participant with an agent but no country (الشرطة،
//!   المدنيين), or a person the catalogue does not know, takes the country
//!   of the event's location, else the sentence's main country (the one
//!   most of its mentions are coded with; a news agency a report is
//!   credited to does not count) — domestic by default; gunmen
//!   (مسلحون) stay UAF of no country and never borrow one. Two inferences
//!   come first: a participant called foreign (`attribution.tsv`
//!   `foreign`: القوات الأجنبية، جنود أجانب) is `INT` (foreign, of no one
//!   state: a CAMEO code, not a catalogue actor), and one followed by «من»
//!   and a named body (مهاجم من حركة طالبان، جنود من الجيش الأميركي)
//!   takes that body's actor — also for an unnamed attacker; quotation
//!   marks and one head word may sit between (مسلحين من تنظيم «القاعدة»),
//!   and a place counts after a word for its people (`people_of`: من أبناء
//!   دارفور، من سكان غزة).
//!   So does one followed by an affiliation word (`affiliation`: بقيادة،
//!   موالين ل، التابعة ل، «التي تقودها»; one word of its own phrase may sit
//!   between: قوات التحالف بقيادة أميركية → USA), a state included. A
//!   first-person owner (جنودنا، قواتنا) in a sentence reporting speech is
//!   the speaker's: the first non-place actor with a state before it. These
//!   inferred countries are not marked on the participant: the event's
//!   confidence (inherited / fallback parts) is the signal. An ASSAULT or
//!   COERCE with no source takes the actor after an agent phrase after its
//!   trigger in the clause (`agent`: على يد، من قبل، من جانب، برصاص،
//!   بنيران; one plain word may sit between) — taken as the target by
//!   position, it is moved to the source. Torture (CAMEO 1822) with no
//!   source was done by the state of its location (no agent). An ASSAULT with
//!   no source in a sentence naming a blast, a bomb or a suicide attack
//!   (`unnamed_attack`: انفجار، مفخخة، ناسفة، انتحاري) was by unaffiliated
//!   attackers: UAF of no country. An ASSAULT with no source whose
//!   trigger is followed by «من» and a place (إطلاق صواريخ من جنوب لبنان)
//!   was by that place's state (no agent). An ASSAULT with no source takes
//!   the actor right after a light verb with an object pronoun near it
//!   (الهجوم نفذه انتحاري، عمليات نفذها قراصنة صوماليون; a civilian so named
//!   is an attacker, UAF). A state's feminine nisba as an attack's source
//!   (ضربة جوية أميركية، دبابة إسرائيلية) is its military (MIL). A
//!   participant that would borrow the place's country takes the ethnic
//!   CAMEO code a word of the sentence names instead (`attribution.tsv`
//!   `ethnic:KUR`: المتمردين الأكراد في شمال العراق → KUR) — rebels, gunmen,
//!   civilians, parties and opposition only, never a state body. After merging, an ASSAULT still without a target
//!   takes the owner of a hit object (دورية للجيش الأميركي، موكب الوزير:
//!   `objnoun` + genitive / ل / من), else a victim noun of the sentence (أشخاص، مدنيين → CVL of the place's
//!   country) or else the place itself (its country, no agent); an ASSAULT
//!   whose target is casualties (CVL) takes instead the owner, named with
//!   a country, of an object aimed at (right after a trigger or على / ضد:
//!   استهدف دورية للجيش الأميركي → USA MIL). Before any of these, a
//!   security force counted among the victims (a COP / MIL mention with a
//!   number up to three words before it: ثلاثة من رجال الشرطة) is the
//!   target, replacing counted casualties only when it comes right after
//!   them in their clause (عشرة بينهم ثلاثة من الشرطة). A PROTEST without a target
//!   takes whom the protesters demand or denounce something of (مطالبين
//!   الأمم المتحدة، يطالبون الحكومة: a demand with no one named making it is
//!   theirs and no event of its own), else a foreign state their slogans
//!   name («الموت لأميركا»), else a foreign army the sentence names (not the
//!   protesters' state nor the place's: اشتبك متظاهرون فلسطينيون مع الجيش
//!   الإسرائيلي → ISR MIL), else the government (GOV) of the place's country.
//!   Protesters named by the protest noun itself (المتظاهرون) are CVL, the
//!   CAMEO convention, whatever agent the mention carries. A protest with
//!   no protesters named was held by civilians (CVL) of the place's, else
//!   the sentence's, country (spanning the trigger, −0.05 confidence).
//!   Civilians are never what a protest is against (the target is guessed
//!   again); a GOV target with no state (ضد الحكومة) is that of the
//!   foreign mission the protest stands at, else of the place; a place in
//!   a locative phrase after an `against` cue is no target.
//! - **Date**: the rasad-time expression naming a day in the event's clause
//!   (nearest to the trigger), else in its sentence, with `date_text`; else
//!   the article's published date (`date_text` = None). A date in
//!   parentheses dates what precedes it, so it is not taken by a trigger
//!   after it unless it restates a time expression or a day word right
//!   before it («أمس السبت (18 يوليو)»، «في يوم (12 آذار)»). Nor does a
//!   trigger take, from elsewhere in its sentence, the date of a relative
//!   clause with a verb event of its own that is not about the trigger
//!   («اتفقا، اللذان سيلتقيان في 26 آذار، على…»). **Location**: a
//!   rasad-places gazetteer place in the clause in locative context (ب
//!   clitic, or a locative word up to two words before), after the trigger
//!   first; else a city genitive of the trigger; else a LOC mention in the
//!   same position; else a locative place in the sentence, else a city named
//!   anywhere in it. A country name right after «العاصمة» (`capital`) that
//!   is also another state's capital (عمان) is that capital city.
//! - **Confidence**: 0.35 base; +0.25 explicit source; +0.15 target; +0.1
//!   verb trigger; −0.15 inherited source; −0.15 weak trigger; −0.15 no
//!   participant at all; +0.05 for a fallback target; clamp 0.05–0.95.
//!
//! Invariants: bodies only (the caller never passes titles); sentences with
//! fewer than four words or without a trigger yield nothing; every span is a
//! char span into the body; no panics on any input. It does not do
//! coreference beyond dropped subjects, does not decide between mention
//! readings beyond taking the first, and never codes negated events as
//! positive ones.

mod attribution;
mod eval;
use rasad_text::fx;
mod lexicon;
mod words;
use words::{cue_bit, strip_conj, Tok};

use fx::{FxHashMap, FxHashSet as HashSet};
use std::rc::Rc;

use rasad_doc::{Event, Location, Mention, Modality, Participant, Span};
use rasad_text::TokenKind;

pub use eval::{
    cameo_country, evaluate, evaluate_sentences, parse_gsr, EvalReport, GoldSentence, Miss, Ratio,
};
pub use lexicon::{
    noun_forms, verb_forms, Cue, Entry, Figurative, Gen, Gender, Lexicon, Pos, PLOVER,
};

/// The event coder. Build once (parses the data files), use for every article.
pub struct Coder {
    lex: Lexicon,
    time: rasad_time::Resolver,
    /// The process-wide gazetteer rasad-mentions also uses: loaded once.
    places: &'static rasad_places::Gazetteer,
    /// First words of multi-word cues → the classes they can open.
    seq_first: FxHashMap<String, u64>,
    /// Cause and "foreign" words (`data/events/attribution.tsv`).
    attr: attribution::Attribution,
    /// Folded names of capital cities that are also another country's
    /// name (عمان) → the capital's place index.
    capital_homographs: FxHashMap<String, usize>,
    /// `fold_word` by table, for the words analysed.
    folder: rasad_text::fold_table::Folder,
}

/// The evidence a sentence's events are placed with.
struct DocCtx<'d> {
    /// Place names: at least every one starting in the sentence.
    places: &'d [rasad_places::PlaceMatch],
    /// The document's mentions.
    mentions: &'d [Mention],
}

/// A stretch of the body scanned for time expressions, and what it holds.
struct TimeWindow {
    chars: std::ops::Range<usize>,
    found: Rc<Vec<rasad_time::TimeExpr>>,
}

/// What a document's sentences share, each part built on first use: a
/// document none of whose sentences has a trigger never needs it.
struct LazyDoc<'a> {
    /// Countries the article names: hints for small places.
    hints: std::cell::OnceCell<Vec<&'a str>>,
    /// The time expressions of the last stretch of text scanned for them
    /// (`rasad_time::Resolver::window`): only sentences with a trigger are
    /// dated, and consecutive ones often share a stretch.
    times: std::cell::RefCell<Option<TimeWindow>>,
    /// The places of the whole document, for a sentence the place scan
    /// could enter from the one before (see `places_of`).
    all_places: std::cell::OnceCell<Vec<rasad_places::PlaceMatch>>,
    /// The body's shared tokenisation (`chars`, `all` are its own).
    tz: &'a rasad_text::Tokenized,
    chars: &'a [char],
    all: &'a [rasad_text::Token],
    mentions: &'a [Mention],
    anchor: Option<chrono::NaiveDate>,
}

impl<'a> LazyDoc<'a> {
    fn hints(&self) -> &[&'a str] {
        self.hints.get_or_init(|| {
            let mut hints: Vec<&'a str> = self
                .mentions
                .iter()
                .filter_map(|m| m.actor.as_deref())
                .filter(|c| is_iso3(c))
                .collect();
            hints.sort_unstable();
            hints.dedup();
            hints
        })
    }

    /// Time expressions including every one of the body that lies in
    /// `sent` (as scanning the whole body finds them), in text order.
    fn times_of(&self, coder: &Coder, sent: Span) -> Rc<Vec<rasad_time::TimeExpr>> {
        let mut last = self.times.borrow_mut();
        // A window holds what the whole scan finds anywhere inside it, so
        // one around the sentence serves (and a long stretch without a
        // break is searched for its ends once).
        if let Some(w) = last
            .as_ref()
            .filter(|w| w.chars.start <= sent.start && sent.end <= w.chars.end)
        {
            return w.found.clone();
        }
        let window = rasad_time::Resolver::window(self.chars, sent.start..sent.end);
        let found = Rc::new(coder.time.find_in(self.chars, window.clone(), self.anchor));
        *last = Some(TimeWindow {
            chars: window,
            found: found.clone(),
        });
        found
    }

    /// Place names of the sentence `sent` (tokens `k..j` of the document):
    /// the document scan's names that start in it, found by scanning the
    /// sentence alone when that scan is the same (no name runs into the
    /// sentence and no token straddles its ends), else the whole
    /// document's (only names starting in the sentence or overlapping its
    /// mentions are ever read).
    fn places_of(
        &self,
        coder: &Coder,
        sent: Span,
        k: usize,
        j: usize,
    ) -> std::borrow::Cow<'_, [rasad_places::PlaceMatch]> {
        let hints = self.hints();
        let clean_start = k == 0
            || (self.all.get(k - 1).is_none_or(|t| t.span.end <= sent.start)
                && coder.places.scan_reaches(self.chars, self.all, k));
        let clean_end = self.all.get(j).is_none_or(|t| t.span.start >= sent.end);
        if clean_start && clean_end {
            std::borrow::Cow::Owned(coder.places.find_starting_in(
                self.chars,
                self.all,
                k..j,
                hints,
            ))
        } else {
            std::borrow::Cow::Borrowed(
                self.all_places
                    .get_or_init(|| coder.places.find_in_tokens(self.chars, self.all, hints)),
            )
        }
    }
}

/// A matched trigger.
#[derive(Debug, Clone)]
struct Hit {
    entry: usize,
    /// Token range.
    t0: usize,
    t1: usize,
    /// Read as a noun (masdar) rather than a verb.
    noun: bool,
    /// Carries the future prefix س.
    future: bool,
    /// Object pronoun suffix on the trigger word (تدعمه → ه).
    obj: Option<String>,
    /// Pronoun suffix on the last word of a multi-word trigger (برحيله).
    last_obj: Option<String>,
}

/// A light verb governing a noun trigger (شنّ غارات، تعرض لهجوم).
#[derive(Debug, Clone, Copy)]
struct Light {
    at: usize,
    /// أمر، اقترح: the event is planned.
    planned: bool,
    /// تعرض: its subject undergoes the event (the target).
    patient: bool,
}

/// What the chunker found for one trigger.
struct Args {
    sources: Vec<Src>,
    targets: Vec<Arg>,
    /// The clause says who the subject is (a relative clause, a patient
    /// light verb): do not carry a subject over from elsewhere.
    no_inherit: bool,
    /// The verb describes a thing that carries words (لافتات تندد).
    carried: bool,
    /// The subject is a pronoun on the word before the verb (ه / ها).
    pron_subject: Option<String>,
}

/// Per-sentence facts shared by every trigger.
struct SentCtx {
    /// Mentions that are cities or other sub-national places.
    cities: HashSet<usize>,
    /// Token indices where a trigger starts.
    starts: HashSet<usize>,
    /// Token indices where a verb trigger starts.
    verbs: HashSet<usize>,
    /// Token indices where an ASSAULT noun trigger starts (a cause of harm).
    attacks: HashSet<usize>,
    /// Per token: the word is written with a final ة (feminine singular).
    taa: Vec<bool>,
}

/// What carries over from one sentence to the next.
#[derive(Default)]
struct Carry {
    /// The last subject coded (dropped subjects).
    subject: Option<Participant>,
    /// Actors of the last sentence that named any, with their grammatical
    /// gender (attached pronouns).
    actors: Vec<(Participant, Option<Gender>)>,
}

/// An argument found by the chunker: mention index (a GROUP reading index
/// for expanded two-sides words is `alt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Arg {
    m: usize,
    alt: Option<usize>,
    /// A city read as a place (هجمات باريس): its country, no agent.
    place: bool,
    /// A later mention of the same noun phrase whose country this actor
    /// takes when it has none («رئيس الأركان في الجيش الروسي»).
    borrow: Option<usize>,
}

impl Arg {
    /// Mention `m` as itself: no group member, not a place, nothing borrowed.
    fn of(m: usize) -> Arg {
        Arg {
            m,
            alt: None,
            place: false,
            borrow: None,
        }
    }
}

/// CAMEO code of torture (1822): an act of whoever holds the victim.
const TORTURE: &str = "1822";

pub(crate) const BOUNDARY_PUNCT: [char; 14] = [
    '،', ',', ';', '؛', ':', '(', ')', '[', ']', '!', '?', '؟', '.', '…',
];

impl Coder {
    /// Loads the embedded trigger and cue tables.
    pub fn new() -> Result<Coder, String> {
        let lex = Lexicon::load_embedded()?;
        let mut seq_first: FxHashMap<String, u64> = FxHashMap::default();
        for &ci in &lex.cue_seqs {
            let c = &lex.cues[ci];
            for w in c.words.first().into_iter().flatten() {
                *seq_first.entry(w.clone()).or_default() |= cue_bit(c.class);
            }
        }
        let places =
            rasad_places::Gazetteer::embedded().map_err(|e| format!("rasad-places: {e}"))?;
        // Capitals named like a country (عمان: Amman and Oman): the name
        // finds only the country, so the city is kept aside for «العاصمة».
        let mut capital_homographs: FxHashMap<String, usize> = FxHashMap::default();
        for (i, pl) in places.places().iter().enumerate() {
            if pl.kind != rasad_places::PlaceKind::Capital {
                continue;
            }
            for name in &pl.names_ar {
                let other_state = places
                    .lookup(name)
                    .iter()
                    .any(|x| x.kind == rasad_places::PlaceKind::Country && x.country != pl.country);
                if other_state {
                    capital_homographs.insert(rasad_text::fold_word(name), i);
                }
            }
        }
        Ok(Coder {
            lex,
            seq_first,
            attr: attribution::Attribution::embedded()?,
            time: rasad_time::Resolver::new().map_err(|e| format!("rasad-time: {e}"))?,
            places,
            capital_homographs,
            folder: rasad_text::fold_table::Folder::new(),
        })
    }

    /// The loaded lexicon.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// Events in `body`. `sentences` are char spans into `body` (ordered),
    /// `mentions` the document's mentions (char offsets, sorted by start),
    /// `published` the article date `YYYY-MM-DD`.
    pub fn events(
        &self,
        body: &str,
        sentences: &[Span],
        mentions: &[Mention],
        published: Option<&str>,
    ) -> Vec<Event> {
        // Shared with the other stages that read this body on this thread.
        let tz = rasad_text::tokenized(body);
        let (chars, all) = (&tz.chars[..], &tz.tokens[..]);
        let published = published
            .and_then(|p| p.get(..10))
            .filter(|d| valid_date(d))
            .map(str::to_string);
        let anchor = published
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let doc = LazyDoc {
            hints: std::cell::OnceCell::new(),
            times: std::cell::RefCell::new(None),
            all_places: std::cell::OnceCell::new(),
            tz: &tz,
            chars,
            all,
            mentions,
            anchor,
        };
        let sorted = mentions.windows(2).all(|w| w[0].start <= w[1].start);
        let mut out = Vec::new();
        let mut carry = Carry::default();
        let mut k = 0;
        for s in sentences {
            if s.start > s.end || s.end > chars.len() {
                continue;
            }
            while k < all.len() && all[k].span.start < s.start {
                k += 1;
            }
            let mut j = k;
            while j < all.len() && all[j].span.end <= s.end {
                j += 1;
            }
            let toks = &all[k..j];
            // Sorted mentions: only those starting in the sentence can be
            // in it.
            let from = if sorted {
                mentions.partition_point(|m| m.start < s.start)
            } else {
                0
            };
            let ms: Vec<usize> = mentions
                .iter()
                .enumerate()
                .skip(from)
                .take_while(|(_, m)| !sorted || m.start < s.end)
                .filter(|(_, m)| m.start >= s.start && m.end <= s.end && m.start < m.end)
                .map(|(i, _)| i)
                .collect();
            let evs = self.sentence(
                chars,
                &doc,
                *s,
                (k, j),
                toks,
                mentions,
                &ms,
                published.as_deref(),
                &mut carry,
            );
            out.extend(evs);
        }
        out
    }

    /// Codes one sentence.
    #[allow(clippy::too_many_arguments)]
    fn sentence(
        &self,
        chars: &[char],
        doc: &LazyDoc,
        sent: Span,
        (k, j): (usize, usize),
        raw: &[rasad_text::Token],
        mentions: &[Mention],
        ms: &[usize],
        published: Option<&str>,
        carry: &mut Carry,
    ) -> Vec<Event> {
        // Non-sentences (headlines, list items): too short, or short and
        // without closing punctuation.
        let words = raw.iter().filter(|t| t.kind == TokenKind::Word).count();
        let closed = raw.last().is_some_and(|t| {
            t.kind == TokenKind::Punct
                && slice(chars, t.span.start, t.span.end)
                    .chars()
                    .any(|c| matches!(c, '.' | '!' | '?' | '؟' | '…' | '»' | '"' | ')'))
        });
        if words < 4 || (!closed && words < 7) {
            return Vec::new();
        }
        let toks = self.tokens(chars, raw, mentions, ms, Some((doc.tz, k)));
        let mut hits = self.triggers(&toks);
        // A trigger word inside a name (تدمر the city, a person's name) is
        // no trigger.
        hits.retain(|h| {
            toks[h.t0]
                .inside
                .is_none_or(|mi| !matches!(mentions[mi].kind.as_str(), "LOC" | "PERS"))
        });
        let prev_actors = std::mem::take(&mut carry.actors);
        let here = self.actors_before(&toks, mentions, toks.len());
        // Without hits `prev_actors` is moved back below, not cloned.
        carry.actors = if here.is_empty() && !hits.is_empty() {
            prev_actors.clone()
        } else {
            here
        };
        if hits.is_empty() {
            if carry.actors.is_empty() {
                carry.actors = prev_actors;
            }
            if let Some(p) = self.first_subject(&toks, mentions) {
                carry.subject = Some(p);
            }
            return Vec::new();
        }
        let places = doc.places_of(self, sent, k, j);
        // Scanned for dates only once an event gets that far
        // (`LazyDoc::times_of` remembers the window scanned).
        let lazy = doc;
        let doc = DocCtx {
            places: &places,
            mentions,
        };
        let doc = &doc;
        let sc = SentCtx {
            cities: ms
                .iter()
                .copied()
                .filter(|&mi| {
                    let m = &mentions[mi];
                    doc.places.iter().any(|p| {
                        p.start < m.end
                            && m.start < p.end
                            && self.places.place(p.place).is_some_and(|pl| {
                                matches!(
                                    pl.kind,
                                    rasad_places::PlaceKind::City
                                        | rasad_places::PlaceKind::Capital
                                        | rasad_places::PlaceKind::Governorate
                                        | rasad_places::PlaceKind::Province
                                )
                            })
                    })
                })
                .collect(),
            starts: hits.iter().map(|h| h.t0).collect(),
            verbs: hits.iter().filter(|h| !h.noun).map(|h| h.t0).collect(),
            attacks: hits
                .iter()
                .filter(|h| h.noun && self.lex.entries[h.entry].kind == "ASSAULT")
                .map(|h| h.t0)
                .collect(),
            taa: toks
                .iter()
                .map(|t| t.is_word() && t.span.end > 0 && chars.get(t.span.end - 1) == Some(&'ة'))
                .collect(),
        };
        let reported_any = self.any_cue(&toks, 0, toks.len(), Cue::ReportedAny);
        // The country the sentence is about: where an agent-only
        // participant belongs when the event has no located place.
        let sent_country = self.sentence_country(&toks, mentions);
        // Kurds named in the sentence: the CAMEO ethnic code beats a
        // borrowed state.
        let ethnic = self.ethnic(&toks, mentions);
        // Any place named in the sentence: where the event happened when the
        // clause itself names none.
        let sent_place = self
            .place(chars, doc, &toks, 0, toks.len(), 0, true, true)
            .or_else(|| self.place(chars, doc, &toks, 0, toks.len(), 0, false, true));
        // Any place at all, countries included: only for guessing a target.
        let any_place = self.place(chars, doc, &toks, 0, toks.len(), 0, false, false);
        let slogan = self.slogans(chars, &toks);
        let slogan_state = self.slogan_state(&toks, mentions, &slogan);
        let mut events: Vec<Event> = Vec::new();
        let mut prev_source: Option<Participant> = None;
        for (hi, h) in hits.iter().enumerate() {
            let e = &self.lex.entries[h.entry];
            // «فجّر مفاجأة»، «ضرب موعدا»: a figurative object changes
            // what the trigger means (another type, or no event).
            let recoded;
            let e = match self.figurative(&toks, h) {
                None => e,
                Some(f) => match &f.kind {
                    None => continue,
                    Some(k) => {
                        recoded = Entry {
                            kind: k.clone(),
                            cameo: f.cameo.clone(),
                            ..e.clone()
                        };
                        &recoded
                    }
                },
            };
            // The content of a demand, threat or agreement (طالب بالإفراج
            // عن…، هدد بقصف…) has not happened: no event of its own.
            if h.noun {
                // Its complement: right after it, or after its subject,
                // introduced by a preposition (ب، على، إلى).
                let prep = (h.t0 > 0 && self.prep_word(&toks, h.t0 - 1).is_some())
                    || toks[h.t0]
                        .stems
                        .first()
                        .is_some_and(|(_, pro)| pro.iter().any(|c| c == "ب" || c == "ل"));
                let content = hits[..hi].iter().any(|p| {
                    let pk = &self.lex.entries[p.entry].kind;
                    let near = toks[p.t0].clause == toks[h.t0].clause && h.t0 <= p.t1 + 4;
                    (p.t1 == h.t0 || (near && prep)) && lexicon::takes_irrealis(pk) && *pk != e.kind
                });
                if content {
                    continue;
                }
            }
            // A slogan on a banner or in a chant («نقتل بالسلاح…») is
            // what the crowd says, not an event.
            if slogan.get(h.t0).copied().unwrap_or(false) {
                continue;
            }
            // What a protest is against (احتجاجا على مقتل…، ضد الغارات)
            // is an event told elsewhere, not a new one.
            if h.noun && e.kind != "PROTEST" && self.protested(&toks, h.t0) {
                continue;
            }
            let mut negated = false;
            let mut planned = h.future;
            // The light verb governing a noun trigger, if any.
            let light = if h.noun {
                self.light_verb(&toks, h.t0)
            } else {
                None
            };
            // Sources / targets.
            let Args {
                mut sources,
                mut targets,
                no_inherit,
                carried,
                pron_subject,
            } = self.arguments(&toks, mentions, &sc, h, e, light);
            // «بمشاركة فرنسا وتركيا»، «… منها فرنسا وتركيا»: co-sources,
            // one event each, never targets of one another.
            let co = self.coparticipants(&toks, mentions, &sc, h);
            if !co.is_empty() {
                targets.retain(|a| !co.iter().any(|c| c.m == a.m));
                sources.retain(|s| !matches!(s, Src::A(a) if co.iter().any(|c| c.m == a.m)));
                sources.extend(co.iter().copied().map(Src::A));
            }
            // What an earlier event of the sentence hit does not act next
            // («جرح الوزير في تفجير سيارة استهدفت موكبه»): a subject found
            // before the trigger is dropped; one after it is explicit.
            sources.retain(|s| {
                let p = s.participant(mentions);
                p.start >= toks[h.t0].span.end
                    || !events.iter().any(|ev| {
                        ev.r#type == "ASSAULT"
                            && ev
                                .target
                                .as_ref()
                                .is_some_and(|t| t.start == p.start && t.end == p.end)
                    })
            });
            // «إطلاق صواريخ من جنوب لبنان على…»: fire from a state's soil
            // comes from that state (no agent).
            if sources.is_empty() && e.kind == "ASSAULT" {
                if let Some(p) = self.launched_from(&toks, mentions, h) {
                    sources.push(Src::P(p));
                }
            }
            // «قصف الطيران…» with no nisba: the air force of the state the
            // sentence (else the previous one) names.
            if sources.is_empty() && e.kind == "ASSAULT" {
                if let Some(p) = self.aircraft_subject(chars, &toks, mentions, h, &prev_actors) {
                    sources.push(Src::P(p));
                }
            }
            if sources.is_empty() {
                if let Some(pr) = pron_subject.as_deref() {
                    if let Some(p) =
                        self.resolve_pronoun(&toks, mentions, h.t0, pr, &prev_actors, |_| true)
                    {
                        sources.push(Src::P(p));
                    }
                }
            }
            // What a banner or slogan says is the content of the protest
            // carrying it, not an act of its own.
            if carried && lexicon::is_verbal(&e.kind) {
                continue;
            }
            if let Some(l) = light {
                planned |= l.planned
                    || toks[l.at]
                        .stems
                        .iter()
                        .any(|(_, p)| p.iter().any(|c| c == "س"));
                negated |= self.negated_at(&toks, l.at, false);
            }
            negated |= self.negated_at(&toks, h.t0, h.noun);
            negated |= self.any_cue(&toks, 0, h.t0, Cue::NegVerb);
            // «ردت إسرائيل عبر اغتيال…»: the means of an act is done by
            // whoever did the act.
            if h.noun && sources.is_empty() && light.is_none() {
                if let Some(a) = self.means_subject(&toks, mentions, h.t0) {
                    if !targets.iter().any(|t| t.m == a.m) {
                        sources.push(Src::A(a));
                    }
                }
            }
            let mut inherited = false;
            if sources.is_empty()
                && !no_inherit
                && ((!h.noun && e.pos == Pos::Verb) || light.is_some())
            {
                // Else the sentence's topic: its first actor not governed
                // by a preposition, before the verb («كتائب …، الجناح
                // العسكري لحماس، قد أطلقت»).
                // Not when a reporting verb comes first (its subject is the
                // speaker) nor when the topic is what the verb hit
                // («ثلاثة جنود قتلوا»).
                let topic = || {
                    if reported_any || self.any_cue(&toks, 0, h.t0, Cue::Reported) {
                        return None;
                    }
                    let c = toks[h.t0].clause;
                    let first = toks.iter().position(|t| t.clause == c).unwrap_or(0);
                    self.first_subject(&toks[..first], mentions)
                        .filter(|p| !targets.iter().any(|a| mentions[a.m].start == p.start))
                };
                // What an earlier event of the sentence hit is not who acts
                // next («جرح الوزير في تفجير استهدف موكبه»).
                let hit = |p: &Participant| {
                    events.iter().any(|ev| {
                        ev.r#type == "ASSAULT"
                            && ev
                                .target
                                .as_ref()
                                .is_some_and(|t| t.start == p.start && t.end == p.end)
                    })
                };
                if let Some(p) = prev_source
                    .clone()
                    .filter(|p| !hit(p))
                    .or_else(|| topic().filter(|p| !hit(p)))
                    .or_else(|| carry.subject.clone().filter(|p| !hit(p)))
                {
                    inherited = true;
                    sources.push(Src::P(p));
                }
            }
            // An attached pronoun refers to the last actor named before it
            // that agrees in gender (ـه masculine: not a state; ـها
            // feminine), in this sentence or the one before: on the verb
            // (تدعمه، تطالب برحيله) or on the owner noun after the trigger
            // (بقصف مواقعه).
            let mut pronoun_target: Option<Participant> = None;
            let owner_pron = if e.kind_takes_target() || e.dobj {
                self.owner_pronoun(&toks, h.t1)
            } else {
                None
            };
            let pron = if !h.noun && e.dobj {
                h.obj.clone().or(h.last_obj.clone())
            } else {
                None
            }
            .or(owner_pron);
            if targets.is_empty() {
                if let Some(pr) = pron.as_deref().filter(|p| *p == "ه" || *p == "ها") {
                    let src: Vec<Participant> =
                        sources.iter().map(|s| s.participant(mentions)).collect();
                    pronoun_target =
                        self.resolve_pronoun(&toks, mentions, h.t0, pr, &prev_actors, |p| {
                            !src.iter().any(|s| same_actor(Some(s), Some(p)))
                        });
                }
            }
            // «فجر اليوم»: a weak verb form before a day word is the time
            // noun it can also be (dawn), not the act.
            if e.weak && !h.noun && self.cue_at(&toks, h.t1, Cue::Day) {
                continue;
            }
            if e.weak && sources.is_empty() && targets.is_empty() && pronoun_target.is_none() {
                continue;
            }
            let c = toks[h.t0].clause;
            let clause_start = toks.iter().position(|t| t.clause == c).unwrap_or(0);
            let clause_end = toks
                .iter()
                .rposition(|t| t.clause == c)
                .map_or(0, |x| x + 1);
            planned |= self.any_cue(&toks, clause_start, h.t0, Cue::Planned);
            planned |= self.any_cue(&toks, h.t1, clause_end, Cue::PlannedAfter);
            let hypothetical = self.any_cue(&toks, clause_start, h.t0, Cue::Hypothetical)
                || (h.t0 > 0
                    && self.cue_at(&toks, h.t0 - 1, Cue::HypoImperfect)
                    && !h.noun
                    && toks[h.t0].bare.starts_with(['ي', 'ت', 'ن']));
            let reported = reported_any || self.any_cue(&toks, 0, h.t0, Cue::Reported);
            let modality = if hypothetical {
                Modality::Hypothetical
            } else if planned {
                Modality::Planned
            } else if reported {
                Modality::Reported
            } else {
                Modality::Asserted
            };
            // A city genitive (هجمات باريس) is also where it happened.
            let place_arg = targets
                .iter()
                .chain(sources.iter().filter_map(|s| match s {
                    Src::A(a) => Some(a),
                    Src::P(_) => None,
                }))
                .find(|a| a.place)
                .copied();
            let location = self
                .place(
                    chars,
                    doc,
                    &toks,
                    clause_start,
                    clause_end,
                    h.t1,
                    true,
                    true,
                )
                .or_else(|| {
                    place_arg.map(|a| {
                        let m = &mentions[a.m];
                        let p = part(mentions, a);
                        Location {
                            text: m.text.clone(),
                            start: m.start,
                            end: m.end,
                            country: p.actor,
                            lat: None,
                            lon: None,
                        }
                    })
                })
                .or_else(|| self.location(&toks, mentions, clause_start, clause_end, h.t1))
                .or_else(|| sent_place.clone());
            let times = lazy.times_of(self, sent);
            let day_word = |i: usize| self.cue_at(&toks, i, Cue::Day);
            let relative = |i: usize| self.cue_at(&toks, i, Cue::Relative);
            let (date, date_text) = match when(
                &times,
                sent,
                &toks,
                (clause_start, clause_end),
                (h.t0, &sc.verbs),
                (day_word, relative),
            ) {
                Some(t) => (
                    t.date.map(|d| d.format("%Y-%m-%d").to_string()),
                    Some(t.text.clone()),
                ),
                None => (published.map(str::to_string), None),
            };
            let trigger = Participant {
                text: slice(chars, toks[h.t0].span.start, toks[h.t1 - 1].span.end),
                start: toks[h.t0].span.start,
                end: toks[h.t1 - 1].span.end,
                actor: None,
                agent: None,
                person: None,
            };
            // An agent without a country (الشرطة) is taken to be domestic
            // to the place of the event; one with an owner pronoun (جنوده،
            // قواتها) belongs to its antecedent; unaffiliated gunmen
            // (مسلحون، انتحاري) are UAF of no country (CAMEO).
            let fill = |mut p: Participant| {
                if p.actor.is_some() {
                    return p;
                }
                // «القوات الأجنبية»، «عمال أجانب»: foreign, of no one state
                // (CAMEO INT), never the host country.
                if self.foreign(&toks, &p) {
                    p.actor = Some("INT".to_string());
                    return p;
                }
                // «مهاجم انتحاري من حركة طالبان»، «جنود من الجيش
                // الأميركي»: a member belongs to the body it is from.
                if let Some(a) = self.member_of(&toks, mentions, &p) {
                    p.actor = Some(a);
                    return p;
                }
                let tok = toks
                    .iter()
                    .position(|t| t.span.start <= p.start && p.start < t.span.end);
                if tok.is_some_and(|k| self.cue_at(&toks, k, Cue::Unaffiliated)) {
                    p.agent = Some("UAF".to_string());
                    return p;
                }
                // «فقدنا اثنين من جنودنا»: a first-person owner in reported
                // speech is the speaker's body, the first actor with a state
                // the sentence names before it (المتحدث باسم الجيش…).
                if let Some(a) = self.speaker_of(&toks, mentions, &p) {
                    p.actor = Some(a);
                    return p;
                }
                if let Some(pr) = self.possessive(&toks, &p) {
                    if let Some(k) = tok {
                        p.actor = self
                            .resolve_pronoun(&toks, mentions, k, &pr, &prev_actors, |a| {
                                a.actor.as_deref().is_some_and(is_iso3) && a.start != p.start
                            })
                            .and_then(|a| a.actor);
                        if p.actor.is_some() {
                            return p;
                        }
                    }
                }
                // A person the catalogue does not know is taken to be a
                // local too (CAMEO codes victims by where they were hit).
                let unknown_person = p.agent.is_none()
                    && p.person.is_none()
                    && mentions
                        .iter()
                        .any(|m| m.start == p.start && m.end == p.end && m.kind == "PERS");
                if p.agent.is_some() || unknown_person {
                    p.actor = ethnic
                        .clone()
                        .filter(|_| communal(p.agent.as_deref()))
                        .or_else(|| location.as_ref().and_then(|l| l.country.clone()))
                        .or_else(|| sent_country.as_ref().and_then(|c| c.actor.clone()));
                }
                p
            };
            // Protesters named by the trigger itself (المتظاهرون) are
            // civilians (CAMEO CVL); OPP is kept for organised opposition
            // named as such. The mention catalogue codes the protest nouns
            // OPP, so the event reading is decided here.
            let civil = |mut p: Participant| {
                if e.kind == "PROTEST" && p.agent.as_deref() == Some("OPP") && p.person.is_none() {
                    let own = hits.iter().any(|o| {
                        let oe = &self.lex.entries[o.entry];
                        oe.kind == "PROTEST"
                            && oe.gen == Gen::Itself
                            && toks[o.t0].span.start < p.end
                            && p.start < toks[o.t1 - 1].span.end
                    });
                    if own {
                        p.agent = Some("CVL".to_string());
                    }
                }
                p
            };
            // «استأنف الجيشان الفرنسي والروسي المحادثات»: a symmetric act
            // whose one source is a two-sided group word is between its
            // two sides.
            if e.sym && targets.is_empty() {
                let only = match sources.as_slice() {
                    [Src::A(a)] => a.alt.is_none().then_some(a.m),
                    // (A lent subject: the mention it was read from.)
                    [Src::P(p)] => mentions
                        .iter()
                        .position(|m| m.start == p.start && m.end == p.end),
                    _ => None,
                };
                if let Some(mi) = only.filter(|&mi| mentions[mi].kind == "GROUP") {
                    let m = &mentions[mi];
                    if let Some(k) = m.alternatives.iter().position(|r| r.kind == "GROUP") {
                        sources.push(Src::A(Arg {
                            m: mi,
                            alt: Some(k),
                            place: false,
                            borrow: None,
                        }));
                    }
                }
            }
            let srcs: Vec<Option<Participant>> = if sources.is_empty() {
                vec![None]
            } else {
                sources
                    .iter()
                    .map(|s| Some(civil(fill(s.participant(mentions)))))
                    .collect()
            };
            if let Some(p) = pronoun_target.take() {
                targets.clear();
                let tg = vec![Some(fill(p))];
                push_pairs(
                    &mut events,
                    e,
                    &srcs,
                    &tg,
                    PairCtx {
                        trigger: &trigger,
                        date: &date,
                        date_text: &date_text,
                        location: &location,
                        sent,
                        negated,
                        modality,
                        inherited,
                        noun: h.noun,
                        co: !co.is_empty(),
                    },
                );
                if !inherited && !h.noun {
                    if let Some(Some(s)) = srcs.first() {
                        prev_source = Some(s.clone());
                    }
                }
                continue;
            }
            let tgts: Vec<Option<Participant>> = if targets.is_empty() {
                vec![None]
            } else {
                targets
                    .iter()
                    .map(|a| Some(fill(part(mentions, *a))))
                    .collect()
            };
            // A source whose country was only guessed (the place's, the
            // sentence's) must not turn into the very actor its target
            // names («اتهم الوزير الحكومة المصرية»): the named target
            // stands and the guess is dropped. A target that is the
            // source's own body right after it («الأمين العام لمجلس
            // التعاون», «مدفعية الجيش») does not count.
            let owns = |s: &Participant, t: &Participant| {
                let Some(k) = toks.iter().position(|x| x.span.start == t.start) else {
                    return false;
                };
                let adjacent = k > 0 && toks[k - 1].span.end == s.end;
                let name = mentions
                    .iter()
                    .any(|m| m.start == s.start && m.end == s.end && m.kind == "PERS");
                adjacent && self.owner_after(&toks, mentions, k, name)
            };
            let named: Vec<&Participant> = tgts
                .iter()
                .zip(&targets)
                .filter(|(_, a)| {
                    // A place standing in for the target is where a local
                    // actor acts, not a second party.
                    let p = part(mentions, **a);
                    p.actor.is_some() && !a.place && mentions[a.m].kind != "LOC"
                })
                .filter_map(|(t, _)| t.as_ref())
                .collect();
            // The guesses `fill` makes for an agent of no country: the
            // place's country, else the sentence's.
            let home = [
                location.as_ref().and_then(|l| l.country.as_deref()),
                sent_country.as_ref().and_then(|c| c.actor.as_deref()),
            ];
            let mut srcs = srcs;
            for (s, raw) in srcs.iter_mut().zip(&sources) {
                let Some(s) = s.as_mut() else { continue };
                let guessed = raw.participant(mentions).actor.is_none()
                    && s.actor.is_some()
                    && home.contains(&s.actor.as_deref());
                if guessed
                    && named
                        .iter()
                        .any(|t| same_actor(Some(s), Some(t)) && !owns(s, t))
                {
                    s.actor = None;
                }
            }
            if !inherited && !h.noun {
                if let Some(Some(s)) = srcs.first() {
                    prev_source = Some(s.clone());
                }
            }
            push_pairs(
                &mut events,
                e,
                &srcs,
                &tgts,
                PairCtx {
                    trigger: &trigger,
                    date: &date,
                    date_text: &date_text,
                    location: &location,
                    sent,
                    negated,
                    modality,
                    inherited,
                    noun: h.noun,
                    co: !co.is_empty(),
                },
            );
        }
        if let Some(p) = prev_source {
            carry.subject = Some(p);
        }
        // One mention is never both sides of an event (a frame source
        // found again by the target fallback): the target is dropped, and
        // guessed again below. A two-sided group word (الجيشان الفرنسي
        // والروسي) read as each of its sides is the exception.
        for ev in &mut events {
            if let (Some(s), Some(t)) = (&ev.source, &ev.target) {
                let two_sided = s.actor != t.actor
                    && mentions
                        .iter()
                        .any(|m| m.start == s.start && m.end == s.end && m.kind == "GROUP");
                if s.start == t.start && s.end == t.end && !two_sided {
                    ev.target = None;
                }
            }
        }
        let mut events = merge(events);

        // A verbal act with nobody saying it and nobody addressed is a
        // mention of the idea (الحديث عن التعاون), not an event.
        // Likewise an arrest or a deployment with nobody named (kept bare:
        // violence and protest, whose place says who was hit, and a
        // ceasefire, which binds all sides).
        events.retain(|e| {
            !(!matches!(e.r#type.as_str(), "ASSAULT" | "PROTEST" | "RETREAT")
                && e.source.is_none()
                && e.target.is_none())
        });
        // «قتل مدنيين على يد الشرطة»، «أصيب برصاص الجيش»: who did it,
        // named by an agent phrase.
        for ev in events
            .iter_mut()
            .filter(|e| matches!(e.r#type.as_str(), "ASSAULT" | "COERCE") && e.source.is_none())
        {
            if let Some(p) = self.agent_phrase(&toks, mentions, ev) {
                // Taken as the target by position, it is the doer: the
                // target is guessed again later.
                if ev.target.as_ref().is_some_and(|t| t.start == p.start) {
                    ev.target = None;
                }
                ev.source = Some(p);
            }
        }
        // Torture is done by the state that holds the victim: with no one
        // named, by the state of the place it happened in (no agent); the
        // place is then no longer a stand-in target.
        for ev in events.iter_mut().filter(|e| {
            e.r#type == "ASSAULT" && e.source.is_none() && e.cameo.as_deref() == Some(TORTURE)
        }) {
            let Some(l) = ev.location.as_ref().filter(|l| l.country.is_some()) else {
                continue;
            };
            if ev
                .target
                .as_ref()
                .is_some_and(|t| t.start == l.start && t.end == l.end)
            {
                ev.target = None;
            }
            ev.source = Some(state_of_place(l));
        }
        // A place that is some event's source (co-participants) is no
        // guessed target.
        let source_spans: Vec<(usize, usize)> = events
            .iter()
            .filter_map(|e| e.source.as_ref().map(|p| (p.start, p.end)))
            .collect();
        let any_place =
            any_place.filter(|l| !source_spans.iter().any(|&(a, b)| a < l.end && l.start < b));
        // A bomb, a blast or a suicide attack with nobody named behind it
        // was the work of unaffiliated attackers (CAMEO UAF, no country):
        // better than no source, and never a borrowed country.
        // A state's feminine nisba as an attack's source qualifies a thing
        // or a unit (ضربة جوية أميركية، دبابة إسرائيلية، وحدة إسرائيلية
        // خاصة): its armed forces (MIL), as CAMEO codes them.
        for ev in events.iter_mut().filter(|e| e.r#type == "ASSAULT") {
            if let Some(p) = ev.source.as_mut() {
                // An adjective agreeing with the feminine noun before it
                // (ضربة جوية أميركية), not a state's own name after a verb
                // (هاجمت السعودية).
                let fem = |w: &str| {
                    let f = rasad_text::fold_word(w);
                    f.ends_with('ه') || f.ends_with('ة')
                };
                let before = toks
                    .iter()
                    .rev()
                    .find(|t| t.span.end <= p.start)
                    .filter(|t| t.is_word())
                    .map(|t| slice(chars, t.span.start, t.span.end));
                let nisba = {
                    let f = rasad_text::fold_word(&p.text);
                    f.ends_with("يه") || f.ends_with("ية")
                };
                let fem_nisba =
                    !p.text.contains(' ') && nisba && before.as_deref().is_some_and(fem);
                if p.agent.is_none()
                    && p.person.is_none()
                    && p.actor.as_deref().is_some_and(is_iso3)
                    && fem_nisba
                {
                    p.agent = Some("MIL".to_string());
                }
            }
        }
        // «الهجوم نفذه انتحاري»، «في عمليات نفذها قراصنة صوماليون»: who
        // carried it out, named after the attack.
        for ev in events
            .iter_mut()
            .filter(|e| e.r#type == "ASSAULT" && e.source.is_none())
        {
            ev.source = self.performer(&toks, mentions, ev);
        }
        for ev in events
            .iter_mut()
            .filter(|e| e.r#type == "ASSAULT" && e.source.is_none())
        {
            ev.source = self.unnamed_attacker(chars, &toks, ev).map(|mut p| {
                p.actor = self.member_of(&toks, mentions, &p);
                p
            });
        }
        // Whom protesters demand or denounce something of (مطالبين رئيس
        // الوزراء بفتح تحقيق، يطالبون بتدخل الأمم المتحدة) is what their
        // protest is aimed at, when the text gives it no target.
        // A demand with no one named making it (مطالبين الحكومة…) is the
        // protesters' too, and no event of its own.
        let addressed: Vec<(Option<Participant>, Participant)> = events
            .iter()
            .filter(|e| lexicon::is_verbal(&e.r#type) && !e.negated)
            .filter_map(|e| Some((e.source.clone(), e.target.clone()?)))
            .filter(|(_, t)| t.agent.as_deref() != Some("CVL"))
            .collect();
        let mut aimed: Vec<usize> = Vec::new();
        for ev in events
            .iter_mut()
            .filter(|e| e.r#type == "PROTEST" && e.target.is_none())
        {
            let Some(s) = ev.source.as_ref() else {
                continue;
            };
            let found = addressed.iter().find(|(ds, dt)| {
                ds.as_ref().is_none_or(|ds| {
                    (ds.start == s.start && ds.end == s.end) || same_actor(Some(ds), Some(s))
                }) && !(dt.start == s.start && dt.end == s.end)
            });
            if let Some((ds, t)) = found {
                if ds.is_none() {
                    aimed.push(t.start);
                }
                let mut t = t.clone();
                // A state or a place stands for its government.
                if t.agent.is_none()
                    && t.person.is_none()
                    && t.actor.as_deref().is_some_and(is_iso3)
                {
                    t.agent = Some("GOV".to_string());
                }
                ev.target = Some(t);
            }
        }
        events.retain(|e| {
            !(lexicon::is_verbal(&e.r#type)
                && e.source.is_none()
                && e.target.as_ref().is_some_and(|t| aimed.contains(&t.start)))
        });
        let fallback = |ev: &mut Event| {
            self.fallback_target(
                chars,
                &toks,
                mentions,
                ev,
                any_place.as_ref(),
                sent_country.as_ref(),
                ethnic.as_deref(),
                slogan_state.as_ref(),
            )
        };
        for ev in &mut events {
            fallback(ev);
        }
        // What the protest is against (احتجاجا على X، هتافات معادية ل X)
        // names its target better than where it stood or a guess.
        // Else a foreign mission the protest stands at or marches to
        // (أمام السفارة اليونانية): its state.
        let site = self.protest_site(&toks, mentions);
        let against = self
            .protest_against(&toks, mentions)
            .map(|t| (t, false))
            .or_else(|| site.clone().map(|t| (t, true)));
        if let Some((t, site)) = against {
            for ev in events.iter_mut().filter(|e| e.r#type == "PROTEST") {
                let own = site && ev.source.as_ref().is_some_and(|s| s.actor == t.actor);
                if !same_actor(ev.source.as_ref(), Some(&t)) && !own {
                    ev.target = Some(t.clone());
                }
            }
        }
        // Civilians (the crowd itself, the dead it mourns) are not what a
        // protest is against: the target is guessed again. A government
        // named without its state (ضد الحكومة) is that of the foreign
        // mission the protest stands at, else of the place.
        let site_state = site.and_then(|p| p.actor);
        for ev in events.iter_mut().filter(|e| e.r#type == "PROTEST") {
            if ev
                .target
                .as_ref()
                .is_some_and(|t| t.agent.as_deref() == Some("CVL") && t.person.is_none())
            {
                ev.target = None;
                fallback(ev);
            }
            let place_state = ev.location.as_ref().and_then(|l| l.country.clone());
            if let Some(t) = ev.target.as_mut() {
                if t.actor.is_none() && t.agent.as_deref() == Some("GOV") {
                    t.actor = site_state.clone().or(place_state);
                }
            }
        }
        let mut events = collapse_protests(events);
        // A protest nobody is named for (أضرب العمال… is named; «احتجاجا
        // على…» alone is not) was held by civilians of the place it
        // happened in, else of the country the sentence is about (CAMEO
        // CVL): spanning the trigger, lower confidence.
        for ev in events
            .iter_mut()
            .filter(|e| e.r#type == "PROTEST" && e.source.is_none())
        {
            let country = ev
                .location
                .as_ref()
                .and_then(|l| l.country.clone())
                .or_else(|| sent_country.as_ref().and_then(|c| c.actor.clone()));
            if let Some(c) = country {
                ev.source = Some(Participant {
                    actor: Some(c),
                    agent: Some("CVL".to_string()),
                    ..ev.trigger.clone()
                });
                ev.confidence = (ev.confidence - 0.05).max(0.05);
            }
        }
        // What protesters demand or denounce (وطالبوا…، ينددون…) is what
        // their protest says, not an act of its own.
        let crowds: Vec<Participant> = events
            .iter()
            .filter(|e| e.r#type == "PROTEST" && !e.negated)
            .filter_map(|e| e.source.clone())
            .collect();
        events.retain(|e| {
            !(lexicon::is_verbal(&e.r#type)
                && e.source.as_ref().is_some_and(|s| {
                    crowds.iter().any(|c| {
                        (c.start == s.start && c.end == s.end) || same_actor(Some(c), Some(s))
                    })
                }))
        });
        events
    }

    /// Tokens inside a «…» quotation opened within five words after a
    /// slogan cue (لافتات كتب عليها «…»، رددوا «…»); a statement (بيان «…»)
    /// is no slogan.
    fn slogans(&self, chars: &[char], toks: &[Tok]) -> Vec<bool> {
        let mut out = vec![false; toks.len()];
        let mut open: Option<bool> = None;
        // The last slogan closed, and where: «…» و«…» chants on.
        let mut closed: Option<usize> = None;
        for (k, t) in toks.iter().enumerate() {
            let first = chars.get(t.span.start).copied();
            if t.kind == TokenKind::Punct && first == Some('«') {
                let carried = (k.saturating_sub(5)..k).any(|j| self.cue_at(toks, j, Cue::Slogan))
                    || closed.is_some_and(|c| k - c <= 2);
                open = Some(carried);
                continue;
            }
            if t.kind == TokenKind::Punct && first == Some('»') {
                if open == Some(true) {
                    closed = Some(k);
                }
                open = None;
                continue;
            }
            out[k] = open == Some(true);
        }
        out
    }

    /// An aircraft word with no country as the subject of a verb trigger
    /// (right after it, or right before it in its clause) or genitive of a
    /// noun trigger (غارات الطيران): a MIL participant of the state the
    /// sentence names before the trigger (not as a place after a locative),
    /// else of the last state-affiliated official or force of the previous
    /// sentence. None when no state is found: aircraft are never guessed
    /// to be the location's.
    fn aircraft_subject(
        &self,
        chars: &[char],
        toks: &[Tok],
        mentions: &[Mention],
        h: &Hit,
        prev: &[(Participant, Option<Gender>)],
    ) -> Option<Participant> {
        let c = toks[h.t0].clause;
        let free = |k: usize| {
            toks.get(k).is_some_and(|t| {
                t.clause == c && t.inside.is_none() && self.cue_at(toks, k, Cue::Aircraft)
            })
        };
        let at = if free(h.t1) {
            h.t1
        } else if !h.noun && h.t0 > 0 && free(h.t0 - 1) {
            h.t0 - 1
        } else {
            return None;
        };
        let here = (0..h.t0.min(at)).rev().find_map(|k| {
            let mi = self.actor_at(toks, mentions, k)?;
            let m = &mentions[mi];
            let code = m.actor.as_deref().filter(|a| is_iso3(a))?;
            let place = m.kind == "LOC"
                && (self.in_pp(toks, mentions, k)
                    || (k > 0 && self.cue_at(toks, k - 1, Cue::Locative)));
            (!place).then(|| code.to_string())
        });
        let actor = here.or_else(|| {
            prev.iter().rev().find_map(|(p, _)| {
                let code = p.actor.as_deref().filter(|a| is_iso3(a))?;
                (p.person.is_some() || matches!(p.agent.as_deref(), Some("MIL" | "GOV")))
                    .then(|| code.to_string())
            })
        })?;
        let t = &toks[at];
        Some(Participant {
            text: slice(chars, t.span.start, t.span.end),
            start: t.span.start,
            end: t.span.end,
            actor: Some(actor),
            agent: Some("MIL".to_string()),
            person: None,
        })
    }

    /// Is the noun at token `k` the complement of an `against` cue
    /// (احتجاجا على مقتل، ضد الغارات، تنديدا بالهجوم)?
    fn protested(&self, toks: &[Tok], k: usize) -> bool {
        let clitic = toks[k]
            .stems
            .iter()
            .any(|(_, pro)| pro.iter().any(|c| c == "ب" || c == "ل"));
        (k >= 1 && self.cue_at(toks, k - 1, Cue::Against))
            || (k >= 2
                && self.prep_word(toks, k - 1).is_some()
                && self.cue_at(toks, k - 2, Cue::Against))
            || (clitic && k >= 1 && self.cue_at(toks, k - 1, Cue::Against))
    }

    /// The sentence's main country: the one most mentions are coded with
    /// (states, cities, nisbas, national bodies), the first named on a tie;
    /// as a participant spanning its first mention, without an agent.
    fn sentence_country(&self, toks: &[Tok], mentions: &[Mention]) -> Option<Participant> {
        let mut counts: Vec<(String, usize, usize)> = Vec::new();
        let mut excluded: Option<usize> = None;
        let credited = self.any_cue(toks, 0, toks.len(), Cue::ReportedAny)
            || self.any_cue(toks, 0, toks.len(), Cue::Reported);
        for (i, t) in toks.iter().enumerate() {
            let Some(mi) = t.mention else { continue };
            // An actor set apart by a comparison or exception (على غرار X،
            // باستثناء X) is not what the sentence is about.
            let first = i == 0 || toks[i - 1].mention != Some(mi);
            if first && self.compared(toks, i) {
                excluded = Some(mi);
            }
            if excluded == Some(mi) {
                continue;
            }
            // A news agency a report is credited to (حسب وكالة الصحافة
            // الفرنسية) says nothing about where things happened.
            if credited && mentions[mi].agent.as_deref() == Some("MED") {
                continue;
            }
            let Some(c) = mentions[mi].actor.as_deref().filter(|c| is_iso3(c)) else {
                continue;
            };
            match counts.iter_mut().find(|(k, _, _)| k == c) {
                Some(e) => e.1 += 1,
                None => counts.push((c.to_string(), 1, mi)),
            }
        }
        // Earliest wins a tie: max_by_key keeps the last maximum, so the
        // order is reversed first.
        let (c, _, mi) = counts.into_iter().rev().max_by_key(|e| e.1)?;
        let m = &mentions[mi];
        Some(Participant {
            text: m.text.clone(),
            start: m.start,
            end: m.end,
            actor: Some(c),
            agent: None,
            person: None,
        })
    }

    /// The actor a protest is said to be against: the first actor within
    /// eight words after an `against` cue, before punctuation. A state
    /// named as such stands for its government (CAMEO).
    fn protest_against(&self, toks: &[Tok], mentions: &[Mention]) -> Option<Participant> {
        for k in 0..toks.len() {
            if !self.cue_at(toks, k, Cue::Against) {
                continue;
            }
            for j in k + 1..(k + 9).min(toks.len()) {
                if toks[j].kind == TokenKind::Punct {
                    break;
                }
                let Some(mi) = self.actor_at(toks, mentions, j) else {
                    continue;
                };
                let m = &mentions[mi];
                // Civilians are never what a protest is against: those
                // killed or hurt (احتجاجا على مقتل مدنيين على يد الشرطة)
                // are what it is about; whoever hurt them may follow.
                if (m.actor.is_none() && m.agent.is_none()) || m.agent.as_deref() == Some("CVL") {
                    continue;
                }
                // «… المشاركة في اللقاء في أنابوليس»: a place in a
                // locative phrase is where, not whom.
                if m.kind == "LOC"
                    && matches!(
                        self.governing_prep(toks, mentions, j).as_deref(),
                        Some("في") | Some("ب")
                    )
                {
                    continue;
                }
                let mut p = part(mentions, Arg::of(mi));
                if m.kind == "LOC" && p.agent.is_none() && p.actor.as_deref().is_some_and(is_iso3) {
                    p.agent = Some("GOV".to_string());
                }
                if p.actor.is_none() {
                    p.actor = self.member_of(toks, mentions, &p);
                }
                return Some(p);
            }
        }
        None
    }

    /// A state a protest's slogans name (لافتات «…بالسلاح الأميركي»، هتافات
    /// «لنسحق أميركا»): the first mention with a state code inside a slogan,
    /// as that state's government when named as a place, else as itself.
    /// The protesters' own state is checked by the caller.
    fn slogan_state(
        &self,
        toks: &[Tok],
        mentions: &[Mention],
        slogan: &[bool],
    ) -> Option<Participant> {
        (0..toks.len()).find_map(|k| {
            if !slogan.get(k).copied().unwrap_or(false) {
                return None;
            }
            let mi = toks[k].mention?;
            let m = &mentions[mi];
            if !m.actor.as_deref().is_some_and(is_iso3) {
                return None;
            }
            let mut p = part(mentions, Arg::of(mi));
            if p.agent.is_none() {
                p.agent = Some("GOV".to_string());
            }
            Some(p)
        })
    }

    /// The state of a foreign diplomatic mission (a DIP mention of a state)
    /// named within three words after a `site` cue (أمام، قرب، حتى…): the
    /// last one in the sentence, as the state's government.
    fn protest_site(&self, toks: &[Tok], mentions: &[Mention]) -> Option<Participant> {
        let mut found = None;
        for k in 0..toks.len() {
            if !self.cue_at(toks, k, Cue::Site) {
                continue;
            }
            for t in toks.iter().skip(k + 1).take(3) {
                if t.kind == TokenKind::Punct {
                    break;
                }
                let Some(mi) = t.mention else { continue };
                let m = &mentions[mi];
                if m.agent.as_deref() == Some("DIP") && m.actor.as_deref().is_some_and(is_iso3) {
                    let mut p = part(mentions, Arg::of(mi));
                    p.agent = Some("GOV".to_string());
                    found = Some(p);
                }
                break;
            }
        }
        found
    }

    /// The subject of the clause a means cue (`means`: عبر، من خلال) right
    /// before token `t0` belongs to: the nearest actor before the cue in the
    /// clause not inside a prepositional phrase.
    fn means_subject(&self, toks: &[Tok], mentions: &[Mention], t0: usize) -> Option<Arg> {
        let cue = if t0 >= 1 && self.cue_at(toks, t0 - 1, Cue::Means) {
            t0 - 1
        } else if t0 >= 2 && self.any_cue(toks, t0 - 2, t0 - 1, Cue::Means) {
            t0 - 2
        } else {
            return None;
        };
        let clause = toks[t0].clause;
        let mut k = cue;
        while k > 0 {
            k -= 1;
            if toks[k].clause != clause {
                return None;
            }
            let Some(mi) = toks[k].inside else { continue };
            let st = toks.iter().position(|t| t.mention == Some(mi)).unwrap_or(k);
            if self.actor_at(toks, mentions, st).is_some() && !self.in_pp(toks, mentions, st) {
                return Some(Arg::of(mi));
            }
        }
        None
    }

    /// The state a place named right after the trigger with «من» is in
    /// (إطلاق صواريخ كاتيوشا من جنوب لبنان): at most one plain word (the
    /// projectile) before «من», at most one (a direction) after it; never
    /// after a number (قتل خمسة من سكان…: a partitive).
    fn launched_from(&self, toks: &[Tok], mentions: &[Mention], h: &Hit) -> Option<Participant> {
        let c = toks.get(h.t0)?.clause;
        let plain = |k: usize| {
            toks.get(k).is_some_and(|t| {
                t.clause == c
                    && t.is_word()
                    && t.inside.is_none()
                    && !self.cue_at(toks, k, Cue::Numeral)
                    && self.prep_word(toks, k).is_none()
            })
        };
        let min = (h.t1..h.t1 + 2)
            .take_while(|&k| k == h.t1 || plain(k - 1))
            .find(|&k| self.prep_word(toks, k).as_deref() == Some("من"))?;
        let at = (min + 1..min + 3)
            .take_while(|&k| k == min + 1 || plain(k - 1))
            .find(|&k| toks.get(k).is_some_and(|t| t.mention.is_some()))?;
        let mi = toks[at].mention?;
        let m = &mentions[mi];
        let country = m.actor.clone().filter(|a| is_iso3(a))?;
        if m.kind != "LOC" || toks[at].clause != c {
            return None;
        }
        Some(Participant {
            text: m.text.clone(),
            start: m.start,
            end: m.end,
            actor: Some(country),
            agent: None,
            person: None,
        })
    }

    /// The actor of the named body (not a place: «من غزة» is often a
    /// movement's origin) right after «من» following a participant; else
    /// the body (a state too) named right after an affiliation word up to
    /// two words on (`affiliation`: قوات التحالف بقيادة أميركية، مسلحين
    /// موالين لتنظيم القاعدة).
    fn member_of(&self, toks: &[Tok], mentions: &[Mention], p: &Participant) -> Option<String> {
        let k = toks.iter().position(|t| t.span.start >= p.end)?;
        if self.prep_word(toks, k).as_deref() == Some("من") {
            // The body may be quoted after its head word (من تنظيم
            // «القاعدة»): quotation marks and one plain word are skipped.
            let mut plain = 0;
            for q in k + 1..(k + 5).min(toks.len()) {
                if let Some(mi) = self.actor_at(toks, mentions, q) {
                    let m = &mentions[mi];
                    // A place is where one came from, unless one is called
                    // its people (من أبناء دارفور، من سكان غزة).
                    let people =
                        q == k + 2 && self.attr.people_of.contains(toks[k + 1].bare.as_str());
                    return (m.kind != "LOC" || people)
                        .then(|| m.actor.clone().filter(|c| m.kind != "LOC" || is_iso3(c)))
                        .flatten();
                }
                let t = &toks[q];
                if t.kind == TokenKind::Punct && t.fold.chars().all(|c| "«»\"“”".contains(c))
                {
                    continue;
                }
                // «من قبل / من جانب X» names who acted on the participant,
                // not what it belongs to.
                let agent_phrase = self
                    .attr
                    .agent
                    .iter()
                    .any(|seq| seq.len() == 2 && seq[0] == toks[k].bare && seq[1] == t.bare);
                if t.is_word()
                    && t.mention.is_none()
                    && t.inside.is_none()
                    && plain == 0
                    && !agent_phrase
                {
                    plain += 1;
                    continue;
                }
                return None;
            }
            return None;
        }
        let n = toks.len();
        // At most one word of the phrase in between (قوات التحالف بقيادة),
        // not another actor or a count (قوات الأمن عشرة مسلحين موالين);
        // words only (a relative pronoun opens a clause of its own).
        let word = |j: usize| j < n && toks[j].is_word() && toks[j].inside.is_none();
        let affil = |j: usize| word(j) && self.attr.affiliation.contains(toks[j].bare.as_str());
        // … or a relative pronoun before it (قوات التحالف التي تقودها…).
        let affil_rel = |j: usize| {
            if affil(j) {
                Some(j)
            } else {
                (word(j) && self.cue_at(toks, j, Cue::Relative) && affil(j + 1)).then_some(j + 1)
            }
        };
        let j = match affil_rel(k) {
            Some(j) => j,
            // The one word may itself name a body (قوات التحالف بقيادة
            // أميركية: the coalition, led by the US).
            None if k < n
                && toks[k].is_word()
                && toks[k].bare.starts_with("ال")
                && !self.cue_at(toks, k, Cue::Numeral) =>
            {
                affil_rel(k + 1)?
            }
            None => return None,
        };
        let c = toks[j].clause;
        (j + 1..(j + 3).min(n))
            .take_while(|&q| toks[q].clause == c)
            .find_map(|q| self.actor_at(toks, mentions, q))
            .and_then(|mi| mentions[mi].actor.clone())
    }

    /// The state of whoever speaks of a participant in the first person
    /// (جنودنا، قواتنا): the first non-place actor with a state code before
    /// it in the sentence. `None` unless the phrase ends in ـنا and the
    /// sentence reports speech.
    fn speaker_of(&self, toks: &[Tok], mentions: &[Mention], p: &Participant) -> Option<String> {
        let last = p.text.split_whitespace().last()?;
        if !(last.ends_with("نا") && last.chars().count() >= 5) {
            return None;
        }
        let reported = self.any_cue(toks, 0, toks.len(), Cue::ReportedAny)
            || self.any_cue(toks, 0, toks.len(), Cue::Reported);
        if !reported {
            return None;
        }
        let end = toks.iter().position(|t| t.span.start >= p.start)?;
        (0..end).find_map(|k| {
            let mi = self.actor_at(toks, mentions, k)?;
            let m = &mentions[mi];
            (m.kind != "LOC")
                .then(|| m.actor.clone().filter(|c| is_iso3(c)))
                .flatten()
        })
    }

    /// A country-less participant with the body it belongs to, when the
    /// text names one (`member_of`: جنود من الجيش…، قوات التحالف بقيادة…).
    fn with_body(&self, toks: &[Tok], mentions: &[Mention], mut p: Participant) -> Participant {
        if p.actor.is_none() {
            p.actor = self.member_of(toks, mentions, &p);
        }
        p
    }

    /// Whether a country-less participant is called foreign (`foreign`:
    /// أجنبي، أجانب) by a word of its own or the word right after it
    /// (القوات الأجنبية، جنود أجانب).
    fn foreign(&self, toks: &[Tok], p: &Participant) -> bool {
        let Some(first) = toks.iter().position(|t| t.span.end > p.start) else {
            return false;
        };
        let last = toks[first..]
            .iter()
            .position(|t| t.span.start >= p.end)
            .map_or(toks.len(), |x| first + x);
        toks[first..(last + 1).min(toks.len())]
            .iter()
            .any(|t| t.is_word() && self.attr.foreign.contains(t.bare.as_str()))
    }

    /// The CAMEO ethnic code (`ethnic:KUR`: الأكراد، كردية، البيشمركة) a
    /// word of the sentence names: a participant with no country of its own
    /// takes it instead of the place's state. A word inside a named body
    /// coded with another country (حزب العمال الكردستاني → TUR) does not
    /// count: that body is not the participant.
    fn ethnic(&self, toks: &[Tok], mentions: &[Mention]) -> Option<String> {
        toks.iter().filter(|t| t.is_word()).find_map(|t| {
            // `t.ethnic` first: most words need no hashing.
            let code = t.ethnic.then(|| self.attr.ethnic.get(t.bare.as_str()))??;
            if let Some(m) = t.inside.and_then(|mi| mentions.get(mi)) {
                let other = m.kind != "LOC"
                    && m.actor
                        .as_ref()
                        .is_some_and(|a| a != code && eval::cameo_overrides().get(a) != Some(code));
                if other {
                    return None;
                }
            }
            Some(code.clone())
        })
    }

    /// Whether the clause of token `from` goes on, with no actor other
    /// than `subj` in between, to a cause of harm: an attack noun or a
    /// blast word right after (or two words after) a `cause` word (في،
    /// جراء، إثر) or with the proclitic ب. A number or victim noun before
    /// any other trigger is an object (قتل مهاجم 47 شخصا في هجوم): active.
    fn harm_cause(
        &self,
        toks: &[Tok],
        mentions: &[Mention],
        sc: &SentCtx,
        from: usize,
        subj: &[Arg],
    ) -> bool {
        let Some(clause) = toks.get(from).map(|t| t.clause) else {
            return false;
        };
        let cause_word = |k: usize| {
            toks.get(k)
                .is_some_and(|t| t.inside.is_none() && self.attr.cause.contains(t.bare.as_str()))
        };
        let mut other_trigger = false;
        // The whole a partitive subject is taken from (جنديان من قوات
        // الحلف) belongs to the subject, not another actor.
        let mut whole: Option<usize> = None;
        for k in from..toks.len() {
            if toks[k].clause != clause {
                break;
            }
            let of_subj = |j: usize| {
                toks.get(j)
                    .and_then(|t| t.inside)
                    .is_some_and(|mi| subj.iter().any(|a| a.m == mi))
            };
            // «أربعة جنود»: the number counts the subject itself.
            let in_subj = of_subj(k) || of_subj(k + 1);
            let object = toks[k].kind == TokenKind::Number
                || self.cue_at(toks, k, Cue::Numeral)
                || self.cue_at(toks, k, Cue::Victim);
            if object && !in_subj && !other_trigger {
                return false;
            }
            let harm = sc.attacks.contains(&k) || self.cue_at(toks, k, Cue::UnnamedAttack);
            other_trigger |= sc.starts.contains(&k) && !harm;
            if harm {
                let bi = toks[k]
                    .stems
                    .iter()
                    .any(|(_, pro)| pro.iter().any(|c| c == "ب"));
                let near = (k >= 1 && cause_word(k - 1))
                    || (k >= 2 && toks[k - 1].inside.is_none() && cause_word(k - 2));
                if bi || near {
                    return true;
                }
            }
            if let Some(mi) = self.actor_at(toks, mentions, k) {
                if whole.is_none()
                    && k >= 2
                    && toks[k - 1].bare == "من"
                    && toks[k - 1].inside.is_none()
                    && of_subj(k - 2)
                {
                    whole = Some(mi);
                }
                if !subj.iter().any(|a| a.m == mi) && whole != Some(mi) {
                    return false;
                }
            }
        }
        false
    }

    /// Who did a harm, named by an agent phrase after the trigger in its
    /// clause (`agent`: على يد، من قبل، برصاص): the actor right after the
    /// phrase, one plain word allowed between (من جانب القوات الأمريكية);
    /// not a place.
    fn agent_phrase(&self, toks: &[Tok], mentions: &[Mention], ev: &Event) -> Option<Participant> {
        let from = toks.iter().position(|t| t.span.start >= ev.trigger.end)?;
        let c = toks.get(from)?.clause;
        let n = toks.len();
        for k in from..(from + 10).min(n) {
            if toks[k].clause != c {
                break;
            }
            // The phrase's last word; the proclitic ب is part of the form.
            let Some(len) = self.attr.agent.iter().find_map(|seq| {
                (k + seq.len() <= n
                    && seq
                        .iter()
                        .zip(&toks[k..])
                        .all(|(w, t)| t.is_word() && (t.bare == *w || t.fold == *w)))
                .then_some(seq.len())
            }) else {
                continue;
            };
            let mut plain = 0;
            for j in k + len..(k + len + 3).min(n) {
                if let Some(mi) = self.actor_at(toks, mentions, j) {
                    let m = &mentions[mi];
                    if m.kind == "LOC" {
                        return None;
                    }
                    return Some(part(mentions, Arg::of(mi)));
                }
                if toks[j].is_word() && toks[j].inside.is_none() && plain == 0 {
                    plain += 1;
                    continue;
                }
                return None;
            }
            return None;
        }
        None
    }

    /// The performer of an attack named after it: the actor right after a
    /// light verb with an object pronoun (نفذه، نفذها، شنها، تبناه) later in
    /// the sentence, not the event's target.
    fn performer(&self, toks: &[Tok], mentions: &[Mention], ev: &Event) -> Option<Participant> {
        let from = toks.iter().position(|t| t.span.start >= ev.trigger.end)?;
        // Near the attack: a light verb far off does another act.
        for k in from..(from + 12).min(toks.len()) {
            let pron = toks[k]
                .encs
                .iter()
                .flatten()
                .any(|e| matches!(e.as_str(), "ه" | "ها" | "هم" | "هما"));
            if !pron || !self.cue_at(toks, k, Cue::Light) {
                continue;
            }
            for j in k + 1..(k + 4).min(toks.len()) {
                if toks[j].kind == TokenKind::Punct || self.prep_word(toks, j).is_some() {
                    break;
                }
                let Some(mi) = self.actor_at(toks, mentions, j) else {
                    continue;
                };
                let m = &mentions[mi];
                if m.kind == "LOC" || (m.actor.is_none() && m.agent.is_none() && m.person.is_none())
                {
                    break;
                }
                let p = part(mentions, Arg::of(mi));
                if ev.target.as_ref().is_some_and(|t| t.start == p.start) {
                    break;
                }
                // Whoever carried out an attack is an attacker, not a
                // civilian (هجوم نفذته امرأة).
                let mut p = p;
                if p.agent.as_deref() == Some("CVL") {
                    p.agent = Some("UAF".to_string());
                }
                return Some(p);
            }
        }
        None
    }

    /// The word (`unnamed_attack`: انفجار، مفخخة، ناسفة، انتحاري) that says
    /// an attack had no named hand: the one nearest the trigger, not part of
    /// the event's target; as an unaffiliated attacker of no country.
    fn unnamed_attacker(&self, chars: &[char], toks: &[Tok], ev: &Event) -> Option<Participant> {
        let in_target = |s: Span| {
            ev.target
                .as_ref()
                .is_some_and(|t| t.start < s.end && s.start < t.end)
        };
        let span = toks
            .iter()
            .enumerate()
            .filter(|(i, t)| self.cue_at(toks, *i, Cue::UnnamedAttack) && !in_target(t.span))
            .min_by_key(|(_, t)| t.span.start.abs_diff(ev.trigger.start))
            .map(|(_, t)| t.span)?;
        Some(Participant {
            text: slice(chars, span.start, span.end),
            start: span.start,
            end: span.end,
            actor: None,
            agent: Some("UAF".to_string()),
            person: None,
        })
    }

    /// An ASSAULT or PROTEST with no target from the text gets a documented
    /// guess (lower confidence): for an attack, people hurt by it (a victim
    /// noun, as civilians) or else the place it happened in; for a protest,
    /// the government of the country it happens in.
    #[allow(clippy::too_many_arguments)]
    fn fallback_target(
        &self,
        chars: &[char],
        toks: &[Tok],
        mentions: &[Mention],
        ev: &mut Event,
        any: Option<&Location>,
        sent_country: Option<&Participant>,
        ethnic: Option<&str>,
        slogan_state: Option<&Participant>,
    ) {
        // People killed by an attack on something someone owns (مقتل شخص
        // في هجوم استهدف دورية للجيش الأميركي): the gold codes the owner,
        // the one aimed at, not the casualties — when the owner is named
        // with a country of its own.
        if ev.r#type == "ASSAULT"
            && ev
                .target
                .as_ref()
                .is_some_and(|t| t.person.is_none() && t.agent.as_deref() == Some("CVL"))
        {
            if let Some(p) = self
                .owned_object(toks, mentions, ev, true)
                .map(|p| self.with_body(toks, mentions, p))
                .filter(|p| p.actor.is_some() && p.agent.as_deref() != Some("CVL"))
            {
                ev.target = Some(p);
                return;
            }
        }
        // Casualties counted with the security forces among them (عشرة
        // بينهم ثلاثة من رجال الشرطة): the gold codes the force.
        let casualties = ev.r#type == "ASSAULT"
            && ev
                .target
                .as_ref()
                .is_some_and(|t| t.person.is_none() && t.agent.as_deref() == Some("CVL"));
        if ev.target.is_some() && !casualties {
            return;
        }
        // Without a located place, any place the sentence names that is
        // not the source itself.
        let not_source = |l: &&Location| {
            ev.source
                .as_ref()
                .is_none_or(|s| !(s.start < l.end && l.start < s.end) && s.actor != l.country)
        };
        let place = ev
            .location
            .clone()
            .or_else(|| any.filter(not_source).cloned());
        let country = place
            .as_ref()
            .and_then(|l| l.country.clone())
            .or_else(|| sent_country.and_then(|c| c.actor.clone()));
        // The ethnic code only for who can belong to a people, not a
        // state body (GOV, MIL, COP… stay the place's).
        let borrowed_for = |agent: Option<&str>| {
            ethnic
                .filter(|_| communal(agent))
                .map(str::to_string)
                .or_else(|| country.clone())
        };
        match ev.r#type.as_str() {
            "ASSAULT" => {
                if let Some(mut p) = self.counted_force(toks, mentions, ev) {
                    if p.actor.is_none() {
                        p.actor = self
                            .speaker_of(toks, mentions, &p)
                            .or_else(|| borrowed_for(p.agent.as_deref()));
                    }
                    ev.target = Some(p);
                    return;
                }
                if casualties {
                    return;
                }
                // What was hit belongs to someone (دورية للجيش الأميركي،
                // موكب الوزير، مقر حزب…): the owner was the target.
                if let Some(mut p) = self
                    .owned_object(toks, mentions, ev, false)
                    .map(|p| self.with_body(toks, mentions, p))
                {
                    if p.actor.is_none() {
                        p.actor = borrowed_for(p.agent.as_deref());
                    }
                    ev.target = Some(p);
                    ev.confidence = (ev.confidence + 0.05).min(0.95);
                    return;
                }
                let victim = toks
                    .iter()
                    .enumerate()
                    .filter(|(i, t)| t.inside.is_none() && self.cue_at(toks, *i, Cue::Victim))
                    .min_by_key(|(_, t)| {
                        (
                            t.span.start < ev.trigger.start,
                            t.span.start.abs_diff(ev.trigger.start),
                        )
                    })
                    .map(|(_, t)| t.span);
                let target = match (victim, &place) {
                    (Some(v), _) => Participant {
                        text: slice(chars, v.start, v.end),
                        start: v.start,
                        end: v.end,
                        actor: borrowed_for(Some("CVL")),
                        agent: Some("CVL".to_string()),
                        person: None,
                    },
                    // (Not a place that is the event's own source: torture
                    // in a country by that country.)
                    (None, Some(l))
                        if l.country.is_some()
                            && !ev
                                .source
                                .as_ref()
                                .is_some_and(|s| s.start == l.start && s.end == l.end) =>
                    {
                        state_of_place(l)
                    }
                    _ => return,
                };
                ev.target = Some(target);
                ev.confidence = (ev.confidence + 0.05).min(0.95);
            }
            "PROTEST" => {
                // A foreign state the slogans name is what they are
                // shouted at.
                if let Some(p) = slogan_state.filter(|p| {
                    p.actor.is_some()
                        && ev.source.as_ref().is_none_or(|s| s.actor != p.actor)
                        && country.as_ref() != p.actor.as_ref()
                }) {
                    ev.target = Some(p.clone());
                    ev.confidence = (ev.confidence + 0.05).min(0.95);
                    return;
                }
                // A foreign army the protesters face (اشتبك متظاهرون
                // فلسطينيون مع الجيش الإسرائيلي) is whom they protest.
                let src_actor = ev.source.as_ref().and_then(|s| s.actor.clone());
                let army = mentions.iter().find(|m| {
                    m.agent.as_deref() == Some("MIL")
                        && m.actor.as_deref().is_some_and(is_iso3)
                        && m.actor != src_actor
                        && m.actor != country
                });
                if let Some(m) = army {
                    ev.target = Some(Participant {
                        text: m.text.clone(),
                        start: m.start,
                        end: m.end,
                        actor: m.actor.clone(),
                        agent: m.agent.clone(),
                        person: m.person.clone(),
                    });
                    ev.confidence = (ev.confidence + 0.05).min(0.95);
                    return;
                }
                // The government of the place's country, else of the
                // country the sentence is about.
                let (text, start, end) = match (&place, sent_country) {
                    (Some(l), _) if l.country.is_some() => (l.text.clone(), l.start, l.end),
                    (_, Some(c)) => (c.text.clone(), c.start, c.end),
                    _ => return,
                };
                ev.target = Some(Participant {
                    text,
                    start,
                    end,
                    actor: country,
                    agent: Some("GOV".to_string()),
                    person: None,
                });
                ev.confidence = (ev.confidence + 0.05).min(0.95);
            }
            _ => {}
        }
    }

    /// A security force (COP, MIL) counted among the victims: a mention
    /// with a number up to three words before it and no punctuation in
    /// between (ثلاثة من رجال الشرطة، ستة جنود عراقيين), not the source.
    fn counted_force(&self, toks: &[Tok], mentions: &[Mention], ev: &Event) -> Option<Participant> {
        for k in 0..toks.len() {
            let Some(mi) = toks[k].mention else { continue };
            let m = &mentions[mi];
            if !matches!(m.agent.as_deref(), Some("COP" | "MIL")) {
                continue;
            }
            let counted = (k.saturating_sub(3)..k)
                .rev()
                .take_while(|&j| toks[j].kind != TokenKind::Punct)
                .any(|j| toks[j].kind == TokenKind::Number || self.cue_at(toks, j, Cue::Numeral));
            if !counted {
                continue;
            }
            let p = part(mentions, Arg::of(mi));
            if ev.source.as_ref().is_some_and(|s| s.start == p.start) {
                continue;
            }
            // Replacing counted casualties: only a force counted right
            // after them, in their clause (عشرة بينهم ثلاثة من الشرطة).
            if let Some(t) = ev.target.as_ref() {
                let Some(tk) = toks.iter().position(|x| x.span.start >= t.end) else {
                    continue;
                };
                if k < tk || k - tk > 8 || toks[k].clause != toks[tk].clause {
                    continue;
                }
            }
            return Some(p);
        }
        None
    }

    /// The owner of an object hit by an attack: an actor (not a place, not
    /// the source) right after an object head noun (`objnoun`: دورية،
    /// موكب، مقر…) as its genitive or with ل / من (دورية للجيش، عناصر من
    /// الحرس); the one nearest the trigger, after it first. `aimed`: only
    /// an object right after a trigger or على / ضد (استهدف دورية، هجوم على
    /// مقر), not one that only says where (في سوق… معقل طالبان).
    fn owned_object(
        &self,
        toks: &[Tok],
        mentions: &[Mention],
        ev: &Event,
        aimed: bool,
    ) -> Option<Participant> {
        let mut best: Option<(bool, usize, Participant)> = None;
        for k in 0..toks.len() {
            if toks[k].inside.is_some() || !self.cue_at(toks, k, Cue::ObjNoun) {
                continue;
            }
            if aimed
                && !(k > 0
                    && (toks[k - 1].trig
                        || matches!(self.prep_word(toks, k - 1).as_deref(), Some("على" | "ضد"))))
            {
                continue;
            }
            let mut j = k + 1;
            if self.prep_word(toks, j).as_deref() == Some("من") {
                j += 1;
            }
            let Some(mi) = self.actor_at(toks, mentions, j) else {
                continue;
            };
            let m = &mentions[mi];
            if m.kind == "LOC" || (m.actor.is_none() && m.agent.is_none()) {
                continue;
            }
            let p = part(mentions, Arg::of(mi));
            if same_actor(ev.source.as_ref(), Some(&p))
                || ev.source.as_ref().is_some_and(|s| s.start == p.start)
            {
                continue;
            }
            let key = (
                toks[k].span.start < ev.trigger.start,
                toks[k].span.start.abs_diff(ev.trigger.start),
            );
            if best.as_ref().is_none_or(|b| (b.0, b.1) > key) {
                best = Some((key.0, key.1, p));
            }
        }
        best.map(|b| b.2)
    }

    /// Actor mentions (a person or a coded actor, not inside a comparison)
    /// before token `end`, in text order, with their grammatical gender.
    fn actors_before(
        &self,
        toks: &[Tok],
        mentions: &[Mention],
        end: usize,
    ) -> Vec<(Participant, Option<Gender>)> {
        (0..end.min(toks.len()))
            .filter_map(|k| {
                let mi = self.actor_at(toks, mentions, k)?;
                let m = &mentions[mi];
                if m.actor.is_none() && m.person.is_none() {
                    return None;
                }
                let p = part(mentions, Arg::of(mi));
                Some((p, self.gender_of(m)))
            })
            .collect()
    }

    /// Grammatical gender of a mention: a state or place name is feminine;
    /// else the head noun's listed gender, else ة / ـات feminine, else a
    /// person is masculine; unknown otherwise.
    fn gender_of(&self, m: &Mention) -> Option<Gender> {
        if m.kind == "LOC" && m.actor.as_deref().is_some_and(is_iso3) {
            return Some(Gender::Fem);
        }
        let head = m.text.split_whitespace().next()?;
        let f = strip_conj(&rasad_text::fold_word(head));
        let f = f
            .strip_prefix("ال")
            .or_else(|| f.strip_prefix("لل"))
            .filter(|x| x.chars().count() >= 2)
            .map_or(f.clone(), str::to_string);
        if let Some(g) = self.lex.gender.get(&f) {
            return Some(*g);
        }
        if f.ends_with('ه') || f.ends_with("ات") {
            return Some(Gender::Fem);
        }
        (m.kind == "PERS").then_some(Gender::Masc)
    }

    /// A masculine singular actor phrase, certain enough to rule it out as
    /// the subject of a feminine verb: a head listed masculine (الجيش،
    /// الرئيس), or a person named with a definite role noun not ending in
    /// ة (المدرس فلان). Bare names (which may be women's) and plurals
    /// (الفصائل: non-human plurals take feminine verbs) are not.
    fn masc_singular(&self, m: &Mention) -> bool {
        if m.kind == "LOC" {
            return false;
        }
        let Some(head) = m.text.split_whitespace().next() else {
            return false;
        };
        let f = strip_conj(&rasad_text::fold_word(head));
        let Some(noun) = f.strip_prefix("ال").filter(|x| x.chars().count() >= 2) else {
            return self.lex.gender.get(&f) == Some(&Gender::Masc);
        };
        match self.lex.gender.get(noun) {
            Some(g) => *g == Gender::Masc,
            None => m.kind == "PERS" && !noun.ends_with('ه') && !noun.ends_with("ات"),
        }
    }

    /// The antecedent of an attached pronoun (ـه / ـها / ـهم) before token
    /// `end`: the last actor agreeing in gender, in this sentence, else in
    /// the previous one (`prev`).
    fn resolve_pronoun(
        &self,
        toks: &[Tok],
        mentions: &[Mention],
        end: usize,
        pron: &str,
        prev: &[(Participant, Option<Gender>)],
        ok: impl Fn(&Participant) -> bool,
    ) -> Option<Participant> {
        let agrees = |g: &Option<Gender>| match pron {
            "ه" => *g != Some(Gender::Fem),
            "ها" => *g != Some(Gender::Masc),
            // Plural: a body or a group of either gender.
            "هم" => true,
            _ => false,
        };
        let here = self.actors_before(toks, mentions, end);
        here.iter()
            .rev()
            .chain(prev.iter().rev())
            .find(|(p, g)| agrees(g) && ok(p))
            .map(|(p, _)| p.clone())
    }

    /// The pronoun ending an actor phrase (جنوده، قواتها), if any: the
    /// last word of the participant carries it as an enclitic.
    fn possessive(&self, toks: &[Tok], p: &Participant) -> Option<String> {
        if !(p.text.ends_with('ه') || p.text.ends_with("ها")) {
            return None;
        }
        let t = toks
            .iter()
            .rfind(|t| t.span.start < p.end && p.end <= t.span.end)?;
        t.encs
            .iter()
            .flatten()
            .find(|e| *e == "ه" || *e == "ها")
            .cloned()
    }

    /// Co-participants of a trigger: states or organisations listed after a
    /// participation cue (بمشاركة، منها، من بينها) after it in the
    /// sentence, before the next trigger; cities (منها حلب) are places.
    fn coparticipants(
        &self,
        toks: &[Tok],
        mentions: &[Mention],
        sc: &SentCtx,
        h: &Hit,
    ) -> Vec<Arg> {
        let end = (h.t1 + 16).min(toks.len());
        for k in h.t1..end {
            if sc.starts.contains(&k) {
                break;
            }
            let width = if self.cue_at(toks, k, Cue::Coparticipant) {
                1
            } else if self.any_cue(toks, k, k + 1, Cue::Coparticipant) {
                2
            } else {
                continue;
            };
            let first = k + width;
            if first >= toks.len() || self.actor_at(toks, mentions, first).is_none() {
                return Vec::new();
            }
            let mut out = self.coordinated(toks, mentions, first);
            out.retain(|a| {
                mentions[a.m].actor.as_deref().is_some_and(is_iso3) && !sc.cities.contains(&a.m)
            });
            return out;
        }
        Vec::new()
    }

    /// The figurative use (`figurative.tsv`) a trigger is in: its word is
    /// listed and one of the listed objects follows within four words in
    /// its clause, before any preposition.
    fn figurative(&self, toks: &[Tok], h: &Hit) -> Option<&lexicon::Figurative> {
        let t = &toks[h.t0];
        let keys: Vec<&str> = std::iter::once(&*t.fold)
            .chain(std::iter::once(&*t.bare))
            .chain(t.stems.iter().map(|(s, _)| s.as_str()))
            .collect();
        let words: Vec<usize> = (h.t0 + 1..(h.t0 + 6).min(toks.len()))
            .take_while(|&k| toks[k].clause == t.clause && self.prep_word(toks, k).is_none())
            .collect();
        self.lex.figurative.iter().find(|f| {
            keys.iter().any(|k| f.trigger.contains(*k))
                && words.iter().any(|&k| {
                    let w = &toks[k];
                    f.objects.contains(&*w.fold)
                        || f.objects.contains(&*w.bare)
                        || w.stems.iter().any(|(s, _)| f.objects.contains(s))
                })
        })
    }

    /// A pronoun on an owner noun at token `k` (مواقعه، مقرها): the
    /// object of the event belongs to the pronoun's antecedent.
    fn owner_pronoun(&self, toks: &[Tok], k: usize) -> Option<String> {
        let t = toks.get(k)?;
        if t.mention.is_some() || !t.is_word() {
            return None;
        }
        t.stems
            .iter()
            .zip(t.encs.iter())
            .find_map(|((stem, _), enc)| {
                let enc = enc.as_deref()?;
                self.lex
                    .cue_words
                    .get(stem)
                    .is_some_and(|v| v.iter().any(|(c, _)| *c == Cue::ObjNoun))
                    .then(|| enc.to_string())
            })
    }

    /// The sentence's first actor not governed by a preposition: the
    /// subject a following sentence with a dropped subject refers to.
    fn first_subject(&self, toks: &[Tok], mentions: &[Mention]) -> Option<Participant> {
        (0..toks.len()).find_map(|k| {
            let mi = self.actor_at(toks, mentions, k)?;
            let m = &mentions[mi];
            (m.actor.is_some() && self.governing_prep(toks, mentions, k).is_none())
                .then(|| part(mentions, Arg::of(mi)))
        })
    }

    /// Is token `i` a separate preposition word? Returns its fold.
    fn prep_word(&self, toks: &[Tok], i: usize) -> Option<String> {
        if self.cue_at(toks, i, Cue::Prep) {
            toks.get(i).map(|t| t.bare.to_string())
        } else {
            None
        }
    }

    /// The preposition governing the mention starting at token `i`: a
    /// proclitic (ب/ل) of the token itself before the mention, else the
    /// previous word if it is a preposition.
    fn governing_prep(&self, toks: &[Tok], mentions: &[Mention], i: usize) -> Option<String> {
        let t = toks.get(i)?;
        if let Some(mi) = t.mention {
            let m = &mentions[mi];
            if m.start > t.span.start {
                // The chars before the mention inside the token are proclitics.
                let pre: String = t.fold.chars().take(m.start - t.span.start).collect();
                for c in pre.chars() {
                    if c == 'ب' || c == 'ل' {
                        return Some(c.to_string());
                    }
                }
            }
        } else if let Some((_, pro)) = t.stems.first() {
            for c in pro {
                if c == "ب" || c == "ل" {
                    return Some(c.clone());
                }
            }
        }
        if i == 0 {
            return None;
        }
        // «قوة من الشرطة»: the من of a unit noun governs nothing; the
        // phrase is as governed as the unit noun is.
        if self.partitive_min(toks, i - 1) {
            return self.governing_prep(toks, mentions, i - 2);
        }
        // «بالصياديين الفلسطينيين»: a nisba right after a plain word with
        // a proclitic ب/ل is that noun's adjective, inside its phrase. Not
        // after a trigger noun, whose nisba is its own participant
        // (بالتعاون السوري، بمساعدة أميركية).
        let prev = &toks[i - 1];
        let nisba = t
            .mention
            .is_some_and(|mi| mentions[mi].kind == "MISC" && mentions[mi].start == t.span.start);
        if nisba && prev.is_word() && !prev.trig && prev.mention.is_none() && prev.inside.is_none()
        {
            if let Some((_, pro)) = prev.stems.first() {
                if let Some(c) = pro.iter().find(|c| *c == "ب" || *c == "ل") {
                    return Some(c.clone());
                }
            }
        }
        self.prep_word(toks, i - 1)
    }

    /// Token `i` is the «من» of a partitive unit noun right before it
    /// (قوة من، عناصر من).
    fn partitive_min(&self, toks: &[Tok], i: usize) -> bool {
        i >= 1
            && self.prep_word(toks, i).as_deref() == Some("من")
            && toks[i - 1].mention.is_none()
            && self.cue_at(toks, i - 1, Cue::Partitive)
    }

    /// Triggers in the sentence, longest match first, non-overlapping.
    fn triggers(&self, toks: &[Tok]) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let mut best: Option<Hit> = None;
            // `trig`: some analysis's stem opens a trigger entry.
            if toks[i].kind == TokenKind::Word
                && toks[i].trig
                && !self.cue_at(toks, i, Cue::NotTrigger)
            {
                for (ai, (stem, pro)) in toks[i].stems.iter().enumerate() {
                    let Some(ids) = self.lex.first.get(stem) else {
                        continue;
                    };
                    for &id in ids {
                        let e = &self.lex.entries[id];
                        let verb_ok = pro.iter().all(|c| c == "و" || c == "ف" || c == "س");
                        let noun_ok = pro.iter().all(|c| c != "س");
                        let is_verb = matches!(e.pos, Pos::Verb | Pos::PassiveVerb);
                        if (is_verb && !verb_ok) || (!is_verb && !noun_ok) {
                            continue;
                        }
                        // Later words of a multi-word trigger.
                        let mut end = i + 1;
                        let mut ok = true;
                        let mut last_enc: Option<String> = None;
                        for set in &e.rest {
                            // A verb's subject may sit between (أطلقت طائرة
                            // بدون طيار تابعة لـ… صواريخ): up to nine words.
                            let gap = if is_verb { 10 } else { 1 };
                            let mut found = None;
                            for j in end..(end + gap).min(toks.len()) {
                                if toks[j].clause != toks[i].clause {
                                    break;
                                }
                                if set.contains(&*toks[j].fold)
                                    || set.contains(&*toks[j].bare)
                                    || toks[j].stems.iter().any(|(s, _)| set.contains(s))
                                {
                                    found = Some(j);
                                    break;
                                }
                                // A split trigger (أطلقت طائرة… صواريخ)
                                // A noun's later word may follow a count
                                // (إطلاق ثلاثة صواريخ، إطلاق 5 قذائف).
                                if !is_verb
                                    && j + 1 < toks.len()
                                    && j + 1 == end + gap
                                    && (toks[j].kind == TokenKind::Number
                                        || self.cue_at(toks, j, Cue::Numeral))
                                {
                                    let k = j + 1;
                                    if toks[k].clause == toks[i].clause
                                        && (set.contains(&*toks[k].fold)
                                            || set.contains(&*toks[k].bare))
                                    {
                                        found = Some(k);
                                        break;
                                    }
                                }
                                // never swallows another trigger (فجر
                                // before a day word is dawn, not one).
                                if toks[j].trig && !self.cue_at(toks, j + 1, Cue::Day) {
                                    break;
                                }
                            }
                            match found {
                                Some(j) => {
                                    end = j + 1;
                                    // «برحيله»: the pronoun on a later word.
                                    last_enc = if set.contains(&*toks[j].fold)
                                        || set.contains(&*toks[j].bare)
                                    {
                                        None
                                    } else {
                                        toks[j]
                                            .stems
                                            .iter()
                                            .zip(toks[j].encs.iter())
                                            .find(|((s, _), _)| set.contains(s))
                                            .and_then(|(_, e)| e.clone())
                                    };
                                }
                                None => {
                                    ok = false;
                                    break;
                                }
                            }
                        }
                        if !ok {
                            continue;
                        }
                        let nominal_ctx = pro.iter().any(|c| c == "ال" || c == "ب" || c == "ل")
                            || (i > 0
                                && (self.prep_word(toks, i - 1).is_some()
                                    || self.cue_at(toks, i - 1, Cue::Light)
                                    || self.cue_at(toks, i - 1, Cue::LightPlanned)
                                    || self.cue_at(toks, i - 1, Cue::NegNoun)));
                        // Prefer the reading that fits the context.
                        let fits = if is_verb { !nominal_ctx } else { nominal_ctx };
                        // A form listed as a passive (أصيب) is read so rather
                        // than as the same form of an active verb (أصيب: "I
                        // hit", which news hardly uses).
                        let pverb = |id: usize| self.lex.entries[id].pos == Pos::PassiveVerb;
                        let score = (end - i) * 10 + usize::from(fits) * 2 + usize::from(pverb(id));
                        let cand = Hit {
                            entry: id,
                            t0: i,
                            t1: end,
                            noun: !is_verb,
                            future: pro.iter().any(|c| c == "س"),
                            obj: toks[i].encs.get(ai).cloned().flatten(),
                            last_obj: last_enc,
                        };
                        let better = match &best {
                            None => true,
                            Some(b) => {
                                let bs = (b.t1 - b.t0) * 10
                                    + usize::from(if b.noun { nominal_ctx } else { !nominal_ctx })
                                        * 2
                                    + usize::from(pverb(b.entry));
                                score > bs
                            }
                        };
                        if better {
                            best = Some(cand);
                        }
                    }
                }
            }
            match best {
                Some(h) => {
                    i = h.t1;
                    hits.push(h);
                }
                None => i += 1,
            }
        }
        hits
    }

    /// A light verb governing the noun trigger at `i`: in the same clause,
    /// at most eight words before it (a long subject may sit between). Returns its index and whether it
    /// makes the event planned (أمر، اقترح).
    fn light_verb(&self, toks: &[Tok], i: usize) -> Option<Light> {
        let c = toks[i].clause;
        // Eight words; punctuation inside names (جان-مارك) does not count.
        let lo = i.saturating_sub(10);
        for j in (lo..i).rev() {
            if toks[j].clause != c {
                break;
            }
            for (class, planned, patient) in [
                (Cue::Light, false, false),
                (Cue::LightPlanned, true, false),
                (Cue::LightPatient, false, true),
            ] {
                if self.cue_at(toks, j, class) {
                    return Some(Light {
                        at: j,
                        planned,
                        patient,
                    });
                }
            }
        }
        None
    }

    /// Negated by a negator right before token `i` (or عدم/دون/غير before a noun).
    fn negated_at(&self, toks: &[Tok], i: usize, noun: bool) -> bool {
        if i == 0 {
            return false;
        }
        let p = i - 1;
        if toks[p].clause != toks[i].clause && !self.cue_at(toks, p, Cue::Neg) {
            return false;
        }
        self.cue_at(toks, p, Cue::Neg) || (noun && self.cue_at(toks, p, Cue::NegNoun))
    }

    /// Is the mention at token `i` an actor (has a code, an agent, or is a person)?
    /// An actor after a comparison cue (على غرار فرنسا) is not one.
    fn actor_at(&self, toks: &[Tok], mentions: &[Mention], i: usize) -> Option<usize> {
        let mi = toks.get(i)?.mention?;
        let m = &mentions[mi];
        ((m.actor.is_some() || m.agent.is_some() || m.kind == "PERS" || m.kind == "GROUP")
            && !self.compared(toks, i))
        .then_some(mi)
    }

    /// Source(s) and target(s) of a trigger.
    fn arguments(
        &self,
        toks: &[Tok],
        mentions: &[Mention],
        sc: &SentCtx,
        h: &Hit,
        e: &Entry,
        light: Option<Light>,
    ) -> Args {
        let mut no_inherit = false;
        let mut carried_any = false;
        let mut pron_subject: Option<String> = None;
        let c = toks[h.t0].clause;
        let n = toks.len();
        let in_clause = |j: usize| j < n && toks[j].clause == c;
        let mut sources: Vec<Arg> = Vec::new();
        let mut targets: Vec<Arg> = Vec::new();
        let mut used: HashSet<usize> = HashSet::default();
        // The mention covering the trigger itself (المتظاهرون، الغارات الروسية).
        if h.noun && e.gen == Gen::Itself {
            if let Some(mi) = toks[h.t0].inside {
                sources.push(Arg::of(mi));
                used.insert(mi);
            }
        }
        // بين X و Y.
        let mut j = h.t1;
        while in_clause(j) && j < h.t1 + 4 {
            if toks[j].bare == "بين" {
                let args = self.coordinated(toks, mentions, j + 1);
                if args.len() >= 2 {
                    for a in &args {
                        used.insert(a.m);
                    }
                    sources.push(args[0]);
                    targets.extend(args[1..].iter().copied());
                }
                break;
            }
            j += 1;
        }
        // Frame prepositions.
        if targets.is_empty() && !e.preps.is_empty() {
            let mut j = h.t1;
            while in_clause(j) {
                let gp = if toks[j].mention.is_some() {
                    self.governing_prep(toks, mentions, j)
                } else {
                    None
                };
                if let Some(p) = gp {
                    if e.preps.contains(&p) && self.actor_at(toks, mentions, j).is_some() {
                        for a in self.coordinated(toks, mentions, j) {
                            if used.insert(a.m) {
                                targets.push(a);
                            }
                        }
                        break;
                    }
                }
                // A frame preposition may govern a head noun before the actor
                // (على مواقع لتنظيم …): look a few words on.
                if let Some(p) = self.prep_word(toks, j) {
                    if e.preps.contains(&p) {
                        let mut k = j + 1;
                        while in_clause(k) && k <= j + 3 {
                            if self.actor_at(toks, mentions, k).is_some() {
                                for a in self.coordinated(toks, mentions, k) {
                                    if used.insert(a.m) {
                                        targets.push(a);
                                    }
                                }
                                break;
                            }
                            if k > j + 1 && self.prep_word(toks, k).is_some() {
                                break;
                            }
                            k += 1;
                        }
                        if !targets.is_empty() {
                            break;
                        }
                    }
                }
                j += 1;
            }
        }
        let head = match (h.noun, light) {
            (true, Some(l)) => Some(l.at),
            (true, None) => None,
            (false, _) => Some(h.t0),
        };
        // An agent noun as predicate or apposition: the actor right before
        // it («روسيا الداعم …»).
        // (Also in apposition after a comma, for a definite noun, whatever
        // governs the name: «تقارب مع روسيا، الداعم الأساسي للأسد».)
        let comma = |t: &Tok| t.kind == TokenKind::Punct && matches!(&*t.fold, "،" | ",");
        let agent_at = match h.t0.checked_sub(1) {
            Some(p) if in_clause(p) && !comma(&toks[p]) => Some((p, false)),
            Some(p) if p > 0 && comma(&toks[p]) && toks[h.t0].bare.starts_with("ال") => {
                Some((p - 1, true))
            }
            _ => None,
        };
        if let (true, Gen::Agent, Some((p, apposed))) = (h.noun, e.gen, agent_at) {
            if let Some(mi) = toks[p].inside {
                let st = toks.iter().position(|t| t.mention == Some(mi)).unwrap_or(0);
                if self.actor_at(toks, mentions, st).is_some()
                    && (apposed || !self.in_pp(toks, mentions, st))
                    && used.insert(mi)
                {
                    sources.push(Arg::of(mi));
                }
            }
        }
        // A noun followed by a relative clause with a light verb (الغارات
        // التي تشنها روسيا): the light verb's subject is the source.
        if h.noun && light.is_none() && sources.is_empty() {
            let mut r = h.t1;
            while r < n
                && r < h.t1 + 2
                && toks[r].inside.is_none()
                && !self.cue_at(toks, r, Cue::Relative)
            {
                r += 1;
            }
            if r + 1 < n
                && self.cue_at(toks, r, Cue::Relative)
                && (self.cue_at(toks, r + 1, Cue::Light)
                    || self.cue_at(toks, r + 1, Cue::LightPlanned))
            {
                for k in r + 2..(r + 5).min(n) {
                    if toks[k].clause != toks[r + 1].clause || self.prep_word(toks, k).is_some() {
                        break;
                    }
                    if let Some(mi) = self.actor_at(toks, mentions, k) {
                        if !self.in_pp(toks, mentions, k) && !used.contains(&mi) {
                            for a in self.coordinated(toks, mentions, k) {
                                used.insert(a.m);
                                sources.push(a);
                            }
                        }
                        break;
                    }
                }
            }
        }
        if h.noun {
            // Genitive / nisba right after the noun (up to two words of gap,
            // no preposition in between).
            if matches!(e.gen, Gen::Source | Gen::Target | Gen::Object) {
                let mut k = h.t1;
                let mut limit = h.t1 + 3;
                let mut partitive = false;
                while in_clause(k) && k < limit {
                    // A partitive (مقتل اثنين من جنوده، اغتيال ثلاثة من
                    // قادة الحركة): the genitive is the whole the number
                    // is taken from.
                    let numbered =
                        toks[k].kind == TokenKind::Number || self.cue_at(toks, k, Cue::Numeral);
                    if numbered
                        && toks[k].inside.is_none()
                        && in_clause(k + 1)
                        && self.prep_word(toks, k + 1).as_deref() == Some("من")
                    {
                        k += 2;
                        limit = k + 2;
                        partitive = true;
                        continue;
                    }
                    let after_min = partitive && k >= 1 && toks[k - 1].bare == "من";
                    if toks[k].mention.is_some()
                        && !after_min
                        && self.governing_prep(toks, mentions, k).is_some()
                    {
                        break;
                    }
                    if self.prep_word(toks, k).is_some() {
                        break;
                    }
                    if let Some(mi) = self.actor_at(toks, mentions, k) {
                        let m = &mentions[mi];
                        if m.actor.is_none() && m.kind != "PERS" && !partitive {
                            // An agent adjective (عسكري، أمني) is not the actor.
                            k += 1;
                            continue;
                        }
                        if !used.contains(&mi)
                            && sc.cities.contains(&mi)
                            && matches!(e.gen, Gen::Source | Gen::Object)
                        {
                            // A city after an event noun names where it
                            // happened (هجمات باريس): for a protest the
                            // protesters are from there, for anything else
                            // the place is what the event was aimed at.
                            used.insert(mi);
                            let a = Arg {
                                m: mi,
                                alt: None,
                                place: true,
                                borrow: None,
                            };
                            if e.kind == "PROTEST" {
                                sources.push(a);
                            } else if targets.is_empty() {
                                targets.push(a);
                            }
                        } else if !used.contains(&mi) {
                            let args = self.coordinated(toks, mentions, k);
                            for a in &args {
                                used.insert(a.m);
                            }
                            // A masdar's genitive name is its object unless
                            // the object follows with ل / على (or was found
                            // by the frame); a nisba is its agent.
                            let gen = match e.gen {
                                Gen::Object => {
                                    let last = args.last().map_or(mi, |a| a.m);
                                    let after = toks
                                        .iter()
                                        .rposition(|t| t.inside == Some(last))
                                        .map_or(k + 1, |x| x + 1);
                                    let object_after = in_clause(after)
                                        && (self
                                            .prep_word(toks, after)
                                            .is_some_and(|p| e.preps.contains(&p) || p == "ل")
                                            || toks[after]
                                                .stems
                                                .iter()
                                                .any(|(_, pro)| pro.iter().any(|c| c == "ل"))
                                            || (toks[after].is_word()
                                                && toks[after].bare.starts_with('ل')
                                                && toks[after].bare.chars().count() >= 4));
                                    if m.kind == "MISC" || !targets.is_empty() || object_after {
                                        Gen::Source
                                    } else {
                                        Gen::Target
                                    }
                                }
                                g => g,
                            };
                            // «التعاون الروسي الفرنسي»، «تنسيق عسكري روسي –
                            // أمريكي»: a symmetric act's second nisba is its
                            // other side.
                            let other = (e.sym
                                && m.kind == "MISC"
                                && args.len() == 1
                                && targets.is_empty())
                            .then(|| self.second_nisba(toks, mentions, mi))
                            .flatten()
                            .filter(|o| !used.contains(o));
                            if let Some(o) = other {
                                used.insert(o);
                                targets.push(Arg::of(o));
                            }
                            if gen == Gen::Source && sources.is_empty() {
                                sources.extend(args);
                            } else if gen == Gen::Target && targets.is_empty() {
                                targets.extend(args);
                            }
                        }
                        break;
                    }
                    k += 1;
                }
            }
        }
        if let Some(v) = head {
            let numbered = |k: usize| {
                toks.get(k).is_some_and(|t| {
                    t.kind == TokenKind::Number || self.cue_at(toks, k, Cue::Numeral)
                })
            };
            // «قتل أمس سبعة جنود»: a number before any actor after a
            // violence verb reads as the unvocalised passive.
            // «قوات الأمن قتلت ثلاثة»: an actor right before the verb is
            // its subject, and the number its object.
            let subject_before = !h.noun
                && v > 0
                && in_clause(v - 1)
                && toks[v - 1].inside.is_some_and(|mi| {
                    let st = toks
                        .iter()
                        .position(|t| t.mention == Some(mi))
                        .unwrap_or(v - 1);
                    self.actor_at(toks, mentions, st).is_some() && !self.in_pp(toks, mentions, st)
                });
            // «أعلنت الحركة أنها قتلت خمسة جنود»: a feminine / plural
            // pronoun on the word before a verb that agrees with it is the
            // subject; the verb is active and the number its object.
            let pron_agree: Option<&'static str> = if !h.noun && e.pos == Pos::Verb && v > 0 {
                let w = toks[v - 1].bare.as_str();
                let vb = toks[v].bare.as_str();
                let fem = vb.ends_with('ت') || vb.starts_with('ت');
                let plural = vb.ends_with("وا") || vb.ends_with("ون");
                if !self.attr.subject_pronoun.contains(w) {
                    None
                } else if w.ends_with("ها") && fem {
                    Some("ها")
                } else if w.ends_with("هم") && plural {
                    Some("هم")
                } else {
                    None
                }
            } else {
                None
            };
            if let Some(pr) = pron_agree {
                pron_subject = Some(pr.to_string());
            }
            let passive = pron_agree.is_none()
                && (e.pos == Pos::PassiveVerb
                    || (!h.noun
                        && !subject_before
                        && toks.get(h.t1).is_some_and(|t| t.kind == TokenKind::Number))
                    || (!h.noun
                    && !subject_before
                    && e.pass
                    // (a time phrase may come first: قتل صباح أمس أربعة…)
                    && (h.t1..(h.t1 + 3).min(n))
                        .take_while(|&k| in_clause(k) && toks[k].mention.is_none())
                        .any(numbered)));
            let mut svo_passive = false;
            let vend = v + 1;
            let mut subj: Vec<Arg> = Vec::new();
            // A verb opening a relative clause (… الذي سيلتقي نظيره) has the
            // noun before the pronoun as subject, unless an object pronoun
            // on the verb refers back to it (الغارات التي تشنها موسكو).
            let cs = toks
                .iter()
                .position(|t| t.clause == toks[v].clause)
                .unwrap_or(v);
            let relative = cs < v
                && v - cs <= 2
                && self.cue_at(toks, cs, Cue::Relative)
                && (v != h.t0 || h.obj.is_none());
            if relative {
                no_inherit = true;
                subj = self.antecedent(toks, mentions, cs);
                subj.retain(|a| !used.contains(&a.m));
            }
            // A verb right after a thing that carries words (لافتات تندد،
            // شعارات تطالب) describes that thing: its subject is no actor.
            let carried = !h.noun
                && v > 0
                && (self.cue_at(toks, v - 1, Cue::Carrier)
                    || (v > 1
                        && toks[v - 1].inside.is_none()
                        && self.cue_at(toks, v - 2, Cue::Carrier)));
            let relative = relative || carried || pron_agree.is_some();
            no_inherit |= carried;
            carried_any |= carried;
            // SVO with the subject right before the verb (at most two
            // non-actor words between: «القوات الأميركية أمس قتلت»).
            if !passive && !relative {
                let mut k = v;
                let mut gap = 0;
                while k > 0 && gap <= 2 {
                    k -= 1;
                    if !in_clause(k) || self.prep_word(toks, k).is_some() {
                        break;
                    }
                    if let Some(mi) = toks[k].inside {
                        let st = toks.iter().position(|t| t.mention == Some(mi)).unwrap_or(k);
                        if self.actor_at(toks, mentions, st).is_some()
                            && !self.in_pp(toks, mentions, st)
                            && !used.contains(&mi)
                        {
                            subj = self.coordinated_back(toks, mentions, st);
                            // «ثلاثة جنود أميركيين قتلوا»: a numbered
                            // subject of a violence verb underwent it.
                            svo_passive =
                                !h.noun && e.pass && (numbered(st) || (st > 0 && numbered(st - 1)));
                        }
                        break;
                    }
                    gap += 1;
                }
            }
            let svo_adjacent = !subj.is_empty();
            // VSO: first actor after the verb before any preposition. A
            // verb with the plural subject suffix (اختطفوا) carries its
            // subject: a verb before its subject is singular, so the noun
            // after it is the object.
            let plural_subject = !h.noun
                && e.pos == Pos::Verb
                && toks[v].bare.ends_with("وا")
                && toks[v].bare.chars().count() >= 4;
            // A verb marked feminine (قتلت) does not take a masculine
            // singular noun after it as subject (فقتلت المدرس): that noun
            // is the object and the subject was dropped.
            let fem_verb = !h.noun
                && !passive
                && e.pos == Pos::Verb
                && v == h.t0
                && toks[v].bare.ends_with('ت')
                && toks[v].bare.chars().count() >= 3;
            // A verb marked masculine singular (أسقط، يستهدف) does not take
            // a feminine singular noun right after it as subject (أسقط
            // الطائرة الروسية، استهدف العاصمة): that noun is the object and
            // the subject was dropped.
            // Only a verb opening its clause (or right after the word that
            // opens it: عندما، قد) reads so: elsewhere the form is mostly a
            // verbal noun whose genitive is its agent (بسبب رفض الحكومة).
            // An object pronoun on the verb hides the feminine ت (خطفته =
            // خطفت + ه), so such a verb is left alone.
            let clause_first = (0..v).rev().find(|&j| toks[j].clause != toks[v].clause);
            let opens_clause = match clause_first.map_or(0, |j| j + 1) {
                s if s == v => true,
                s if s + 1 == v => {
                    toks[s].kind == TokenKind::Punct
                        || self.cue_at(toks, s, Cue::Boundary)
                        || self.cue_at(toks, s, Cue::HypoImperfect)
                }
                _ => false,
            };
            let masc_verb =
                !h.noun && !passive && e.pos == Pos::Verb && v == h.t0 && opens_clause && {
                    let b = toks[v].bare.as_str();
                    // (The future prefix سـ goes first: ستدعو is feminine.)
                    let b = b
                        .strip_prefix('س')
                        .filter(|r| r.chars().count() >= 3)
                        .unwrap_or(b);
                    b.chars().count() >= 3
                        && !b.starts_with(['ت', 'ن'])
                        && !b.ends_with(['ت', 'ا', 'ن', 'ه'])
                        && !b.ends_with("هم")
                        && !b.ends_with("كم")
                };
            // … and only when the noun phrase is followed by the end of the
            // clause or a preposition other than لـ and مع: a second noun
            // phrase would be the object (طرد المقاومة الميليشيا), and «X لـ
            // Y» is a verbal noun's agent and object (دعم الحكومة للتحالف).
            let object_alone = |k: usize| {
                let mut end = toks[k].inside.map_or(k, |mi| {
                    toks.iter().rposition(|t| t.inside == Some(mi)).unwrap_or(k)
                }) + 1;
                // (A plain noun's nisba: الطائرة الروسية.)
                if toks[k].inside.is_none() && toks.get(end).and_then(|t| t.inside).is_some() {
                    let mi = toks[end].inside;
                    end = toks.iter().rposition(|t| t.inside == mi).unwrap_or(end) + 1;
                }
                match toks.get(end) {
                    None => true,
                    Some(t) if !in_clause(end) || t.kind == TokenKind::Punct => true,
                    Some(t) => {
                        // (Nor مع: التقى X مع Y has X as subject.)
                        self.prep_word(toks, end).is_some_and(|p| p != "ل" && p != "مع")
                            // (The word analysis splits only what it needs
                            // to: بسلسلة may come unsplit.)
                            || (strip_conj(&t.fold).starts_with('ب') && t.fold.chars().count() >= 4)
                    }
                }
            };
            let fem_object = |k: usize| {
                let t = &toks[k];
                let named = t.mention.is_some_and(|mi| mentions[mi].kind != "PERS");
                let head = strip_conj(&t.fold);
                let head = head.strip_prefix("ال").unwrap_or(&head);
                sc.taa.get(k) == Some(&true)
                    && (named || (t.inside.is_none() && t.bare.starts_with("ال")))
                    && self.lex.gender.get(head) != Some(&Gender::Masc)
                    && !self.cue_at(toks, k, Cue::Numeral)
                    && !self.cue_at(toks, k, Cue::TimeNoun)
                    && !self.cue_at(toks, k + 1, Cue::Day)
            };
            // Where a verb of going goes, when named before its subject.
            let mut dest_obj: Option<usize> = None;
            let mut k = vend;
            while subj.is_empty() && !relative && !plural_subject && in_clause(k) && k < vend + 6 {
                if self.prep_word(toks, k).is_some()
                    && !(k > vend
                        && self.partitive_min(toks, k)
                        && self.cue_at(toks, k - 1, Cue::Force))
                {
                    break;
                }
                if toks[k].mention.is_some() && self.governing_prep(toks, mentions, k).is_some() {
                    break;
                }
                if k > h.t0 && k < h.t1 && v == h.t0 && self.actor_at(toks, mentions, k).is_none() {
                    // Later words of a multi-word verb trigger.
                    k += 1;
                    continue;
                }
                if k >= h.t0 && k < h.t1 && v != h.t0 {
                    // Skip over the noun trigger itself.
                    k = h.t1;
                    continue;
                }
                if masc_verb && k == vend && fem_object(k) && object_alone(k) {
                    break;
                }
                // Never past another verb (أصيب آخرون عندما فجر انتحاري):
                // what follows it is that verb's.
                if k >= h.t1 && sc.verbs.contains(&k) {
                    break;
                }
                // «قصفت مواقع المتمردين»: a head noun whose genitive is its
                // owner is the object; the actor after it is no subject.
                if toks[k].mention.is_none() && self.cue_at(toks, k, Cue::ObjNoun) {
                    break;
                }
                if let Some(mi) = self.actor_at(toks, mentions, k) {
                    // «زار طهران»: a place right after a verb of going is
                    // where one goes (as are the places coordinated with
                    // it); a named subject comes after them (زار القاهرة
                    // وزير…).
                    if e.dest && !h.noun && is_place(&mentions[mi]) {
                        dest_obj.get_or_insert(k);
                        k = toks
                            .iter()
                            .rposition(|t| t.inside == Some(mi))
                            .map_or(k, |x| x.max(k))
                            + 1;
                        continue;
                    }
                    // (Only right after the verb: «اقتحمت قوة من الجيش»
                    // has the unit as subject.)
                    if fem_verb && k == vend && self.masc_singular(&mentions[mi]) {
                        break;
                    }
                    if !used.contains(&mi) {
                        subj = self.coordinated(toks, mentions, k);
                        if let [only] = subj.as_mut_slice() {
                            if let Some(l) = self.lender(toks, mentions, sc, e, k, only.m) {
                                used.insert(l);
                                only.borrow = Some(l);
                            }
                        }
                    }
                    break;
                }
                k += 1;
            }
            // «… أوباما الذي فاجأ الجميع عندما أشاد بـ…»: a time clause
            // with no subject of its own hangs on the relative clause
            // before it and shares its subject, the antecedent.
            if subj.is_empty() && !passive && !relative && !h.noun {
                subj = self.time_clause_host(toks, mentions, v);
                subj.retain(|a| !used.contains(&a.m));
            }
            let after = !subj.is_empty() && !svo_adjacent;
            if subj.is_empty() && !passive && !relative {
                // SVO: the nearest actor before the verb in the clause, not
                // governed by a preposition.
                let mut k = v;
                while k > 0 {
                    k -= 1;
                    if !in_clause(k) {
                        break;
                    }
                    if let Some(mi) = toks[k].inside {
                        let start_tok =
                            toks.iter().position(|t| t.mention == Some(mi)).unwrap_or(k);
                        if self.actor_at(toks, mentions, start_tok).is_some()
                            && !self.in_pp(toks, mentions, start_tok)
                            && !used.contains(&mi)
                        {
                            // The speaker of a reporting verb (أعلن الجيش
                            // مقتل… في هجوم استهدف…) announces, not acts.
                            let speaker =
                                start_tok > 0 && self.cue_at(toks, start_tok - 1, Cue::Reported);
                            if !speaker {
                                subj = self.coordinated_back(toks, mentions, start_tok);
                            }
                            break;
                        }
                    }
                }
            }
            // «إنه قصف»، «طائراته قصفت»: a pronoun on the word right
            // before the verb names the subject.
            if subj.is_empty() && !passive && !relative && v > 0 {
                let w = &toks[v - 1];
                if w.mention.is_none() && w.inside.is_none() && w.is_word() {
                    pron_subject = w
                        .encs
                        .iter()
                        .flatten()
                        .find(|e| *e == "ه" || *e == "ها")
                        .cloned();
                }
            }
            let patient = h.noun && light.is_some_and(|l| l.patient);
            // «قتل عراقيان في تفجير»، «خمسة مدنيين قتلوا جراء انفجار»: a
            // violence verb whose clause goes on to the cause of the harm,
            // with no other actor in between, is the unvocalised passive.
            let caused = !h.noun
                && e.pass
                && !passive
                && !relative
                && !subj.is_empty()
                && self.harm_cause(toks, mentions, sc, vend, &subj);
            no_inherit |= caused;
            if passive || patient || svo_passive || caused {
                if targets.is_empty() {
                    targets.extend(subj.iter().copied());
                }
                for a in &subj {
                    used.insert(a.m);
                }
                subj.clear();
                no_inherit |= patient;
            }
            if sources.is_empty() {
                for a in &subj {
                    used.insert(a.m);
                }
                sources = subj.clone();
            }
            // Direct object: the next actor after the subject (VSO) or after
            // the verb (SVO), not governed by a preposition.
            if e.dobj && targets.is_empty() && !passive {
                let from = if let Some(d) = dest_obj {
                    d
                } else if after {
                    subj.iter()
                        .filter_map(|a| toks.iter().rposition(|t| t.inside == Some(a.m)))
                        .max()
                        .map_or(vend, |x| x + 1)
                } else {
                    vend
                };
                let mut k = from;
                while in_clause(k) && k < from + 4 {
                    if self.prep_word(toks, k).is_some() {
                        break;
                    }
                    if let Some(mi) = self.actor_at(toks, mentions, k) {
                        if self.governing_prep(toks, mentions, k).is_none() && !used.contains(&mi) {
                            targets.extend(self.coordinated(toks, mentions, k));
                        }
                        break;
                    }
                    k += 1;
                }
            }
        }
        // No target yet: the first actor after the trigger in the clause
        // that is not governed by «من» / «عن» (sources of reports) and is
        // not a source («قتل 150 مدنيا أفغانيا» → the nisba).
        if targets.is_empty() && e.kind_takes_target() {
            let mut k = h.t1;
            // Not past another event's trigger: «هجمات باريس واستهداف
            // الطائرة الروسية» has two targets, one per noun.
            while in_clause(k) && !sc.starts.contains(&k) {
                if let Some(mi) = self.actor_at(toks, mentions, k) {
                    let gp = self.governing_prep(toks, mentions, k);
                    // «في بغداد»، «شمال بغداد»: where it happened, not
                    // what it was aimed at.
                    let locative = mentions[mi].kind == "LOC"
                        && (gp.as_deref() == Some("ب")
                            || (k > 0 && self.cue_at(toks, k - 1, Cue::Locative)));
                    if locative {
                        break;
                    }
                    // A place named without a locative word is still where
                    // it happened; the place becomes a target only as the
                    // last guess (`fallback_target`).
                    if mentions[mi].kind == "LOC" {
                        k += 1;
                        continue;
                    }
                    if !used.contains(&mi) && !matches!(gp.as_deref(), Some("من") | Some("عن"))
                    {
                        targets.push(Arg::of(mi));
                        break;
                    }
                }
                k += 1;
            }
        }
        Args {
            sources: sources.into_iter().map(Src::A).collect(),
            targets,
            no_inherit,
            carried: carried_any,
            pron_subject,
        }
    }

    /// A VSO subject without a country is often the head of a long noun
    /// phrase whose country comes later («رئيس هيئة الأركان في الجيش
    /// الروسي الجنرال «فلان» مع نظيره»): the first mention with a country
    /// after it, before the frame preposition, another trigger or the
    /// clause end (titles, quotes and names are skipped over).
    fn lender(
        &self,
        toks: &[Tok],
        mentions: &[Mention],
        sc: &SentCtx,
        e: &Entry,
        at: usize,
        mi: usize,
    ) -> Option<usize> {
        // Gunmen (مسلحون) belong to nobody: the army after them is what
        // they hit («هاجم مسلحون دورية للجيش العراقي»).
        if mentions[mi].actor.as_deref().is_some_and(is_iso3)
            || self.cue_at(toks, at, Cue::Unaffiliated)
        {
            return None;
        }
        let c = toks[at].clause;
        let start = toks.iter().rposition(|t| t.inside == Some(mi))? + 1;
        for k in start..(start + 12).min(toks.len()) {
            // A quote or dash inside the phrase may open a new clause.
            if toks[k].clause != c && toks[k].is_word() {
                let quoted = (start..k).any(|j| toks[j].kind == TokenKind::Punct);
                if !quoted || k > start + 8 {
                    return None;
                }
            }
            if sc.starts.contains(&k) {
                return None;
            }
            if let Some(p) = self.prep_word(toks, k) {
                if e.preps.contains(&p) {
                    return None;
                }
            }
            let Some(m2) = toks[k].mention else { continue };
            let gp = self.governing_prep(toks, mentions, k);
            if gp.as_ref().is_some_and(|p| e.preps.contains(p)) {
                return None;
            }
            // A place after the subject (المتظاهرون في نيروبي «…») is
            // where it acted: the noun phrase ends there.
            if mentions[m2].kind == "LOC" && matches!(gp.as_deref(), Some("في") | Some("ب")) {
                return None;
            }
            let m = &mentions[m2];
            // Right after the subject, a transitive verb's next noun
            // phrase is its object («اتهم الوزير الحكومة المصرية»), not
            // the rest of the subject.
            if m.actor.as_deref().is_some_and(is_iso3) && m.kind != "LOC" {
                let subject_is_name = mentions[mi].kind == "PERS";
                if k == start
                    && e.dobj
                    && m.kind != "PERS"
                    && !self.owner_after(toks, mentions, k, subject_is_name)
                {
                    return None;
                }
                return Some(m2);
            }
        }
        None
    }

    /// Whether the mention starting at token `k`, right after a noun
    /// phrase ending at token `k - 1`, is that phrase's owner rather than
    /// a new phrase (an object): a genitive with ل (الأمين العام لمجلس
    /// التعاون) or an idafa whose head is not definite (مدفعية القوات). A
    /// definite head or a name cannot take a bare genitive, so «اتهم
    /// الوزير الحكومة» and «دعا فلان إسرائيل» name a second party.
    fn owner_after(&self, toks: &[Tok], mentions: &[Mention], k: usize, name: bool) -> bool {
        let Some(head) = k.checked_sub(1).and_then(|p| toks.get(p)) else {
            return false;
        };
        self.governing_prep(toks, mentions, k).as_deref() == Some("ل")
            || (!name && head.is_word() && !head.bare.starts_with("ال"))
    }

    /// The subject a time clause opening right before verb `v` (عندما
    /// أشاد) shares with the clause it hangs on, when that clause is a
    /// relative one: the relative clause's antecedent. Empty otherwise.
    /// On the way back it passes short clauses naming nobody and time
    /// clauses in parallel with this one («X الذي … ؛ الأولى عندما …،
    /// والثانية عندما …»: both occasions are X's).
    fn time_clause_host(&self, toks: &[Tok], mentions: &[Mention], v: usize) -> Vec<Arg> {
        let clause_start = |i: usize| {
            toks.iter()
                .position(|t| t.clause == toks[i].clause)
                .unwrap_or(i)
        };
        let cs = clause_start(v);
        if v - cs > 1 || !self.cue_at(toks, cs, Cue::When) {
            return Vec::new();
        }
        let mut at = cs;
        for _ in 0..6 {
            let Some(prev) = (0..at).rev().find(|&k| toks[k].kind != TokenKind::Punct) else {
                break;
            };
            let start = clause_start(prev);
            let first = (start..=prev).find(|&k| toks[k].kind != TokenKind::Punct);
            let opens = |cue: Cue| first.is_some_and(|f| self.cue_at(toks, f, cue));
            if opens(Cue::Relative) {
                return first.map_or_else(Vec::new, |f| self.antecedent(toks, mentions, f));
            }
            let words = (start..=prev).filter(|&k| toks[k].is_word()).count();
            let named = (start..=prev).any(|k| toks[k].inside.is_some());
            if !(opens(Cue::When) || (words <= 2 && !named)) {
                break;
            }
            at = start;
        }
        Vec::new()
    }

    /// The nisba right after nisba mention `mi` (a dash may sit between)
    /// naming another actor: «الروسي الفرنسي»، «فرنسي – روسي».
    fn second_nisba(&self, toks: &[Tok], mentions: &[Mention], mi: usize) -> Option<usize> {
        let last = toks.iter().rposition(|t| t.inside == Some(mi))?;
        let mut k = last + 1;
        let dash = |t: &Tok| {
            t.kind == TokenKind::Punct && t.fold.chars().all(|c| matches!(c, '-' | '–' | '—'))
        };
        if toks.get(k).is_some_and(dash) {
            k += 1;
        }
        let mj = toks.get(k)?.mention?;
        let (a, b) = (&mentions[mi], &mentions[mj]);
        (b.kind == "MISC" && b.actor.is_some() && b.actor != a.actor).then_some(mj)
    }

    /// The actor a relative clause starting at token `rel` is about: the
    /// mention ending right before the pronoun (a comma may sit between).
    fn antecedent(&self, toks: &[Tok], mentions: &[Mention], rel: usize) -> Vec<Arg> {
        let mut k = rel;
        if k > 0 && toks[k - 1].kind == TokenKind::Punct {
            k -= 1;
        }
        let Some(mi) = k.checked_sub(1).and_then(|p| toks[p].inside) else {
            return Vec::new();
        };
        let Some(st) = toks.iter().position(|t| t.mention == Some(mi)) else {
            return Vec::new();
        };
        if self.actor_at(toks, mentions, st).is_none() {
            return Vec::new();
        }
        self.coordinated_back(toks, mentions, st)
    }

    /// Is the mention starting at token `i` inside a prepositional phrase:
    /// governed by a preposition, or the genitive of a noun that is (في
    /// مواجهة المتمردين، على مواقع التنظيم)?
    fn in_pp(&self, toks: &[Tok], mentions: &[Mention], i: usize) -> bool {
        if self.governing_prep(toks, mentions, i).is_some() {
            return true;
        }
        if i < 2 {
            return false;
        }
        let n = &toks[i - 1];
        n.is_word()
            && n.inside.is_none()
            && n.clause == toks[i].clause
            && self.prep_word(toks, i - 2).is_some()
    }

    /// A comparison cue ends right before token `i` (على غرار X، مثل X).
    fn compared(&self, toks: &[Tok], i: usize) -> bool {
        if i >= 1 && self.cue_at(toks, i - 1, Cue::Compare) {
            return true;
        }
        i >= 2 && self.any_cue(toks, i - 2, i - 1, Cue::Compare)
    }

    /// The actor at token `i` and actors coordinated after it with و
    /// (a GROUP mention expands into its members).
    fn coordinated(&self, toks: &[Tok], mentions: &[Mention], i: usize) -> Vec<Arg> {
        let mut out = Vec::new();
        let Some(mi) = self.actor_at(toks, mentions, i) else {
            return out;
        };
        push_expanded(&mut out, mentions, mi);
        let mut end = toks.iter().rposition(|t| t.inside == Some(mi)).unwrap_or(i) + 1;
        while let Some(t) = toks.get(end) {
            if t.clause != toks[i].clause || !t.fold.starts_with('و') {
                break;
            }
            // «فرنسا و تركيا»: a conjunction written apart from its word.
            if t.fold == "و" {
                end += 1;
                if toks.get(end).is_none_or(|n| n.clause != toks[i].clause) {
                    break;
                }
            }
            let Some(m2) = self.actor_at(toks, mentions, end) else {
                break;
            };
            push_expanded(&mut out, mentions, m2);
            end = toks
                .iter()
                .rposition(|t| t.inside == Some(m2))
                .unwrap_or(end)
                + 1;
        }
        out
    }

    /// Like [`Coder::coordinated`] for a subject found right-to-left: if the
    /// mention at `i` is the second conjunct (starts with و), take the first too.
    fn coordinated_back(&self, toks: &[Tok], mentions: &[Mention], i: usize) -> Vec<Arg> {
        let mut first = i;
        if toks[i].fold.starts_with('و') && i > 0 {
            if let Some(mi) = toks[i - 1].inside {
                if let Some(st) = toks.iter().position(|t| t.mention == Some(mi)) {
                    if self.actor_at(toks, mentions, st).is_some()
                        && toks[st].clause == toks[i].clause
                    {
                        first = st;
                    }
                }
            }
        }
        self.coordinated(toks, mentions, first)
    }

    /// The place of the event from the gazetteer: a place in the clause
    /// (after the trigger first) in locative context: a ب clitic or a
    /// locative word before it (one word of gap: «في مدينة حلب»).
    #[allow(clippy::too_many_arguments)]
    fn place(
        &self,
        chars: &[char],
        doc: &DocCtx,
        toks: &[Tok],
        a: usize,
        b: usize,
        from: usize,
        need_locative: bool,
        cities_only: bool,
    ) -> Option<Location> {
        let span_of = |i: usize| toks.get(i).map(|t| t.span);
        let (ca, cb, cf) = (
            span_of(a)?.start,
            span_of(b.checked_sub(1)?)?.end,
            span_of(from.min(b.saturating_sub(1)))?.start,
        );
        let tok_of = |pos: usize| {
            toks.iter()
                .position(|t| t.span.start <= pos && pos < t.span.end)
        };
        let mut cands: Vec<&rasad_places::PlaceMatch> = doc
            .places
            .iter()
            .filter(|p| p.start >= ca && p.end <= cb)
            .collect();
        cands.sort_by_key(|p| (p.start < cf, p.start));
        for p in cands {
            let Some(k) = tok_of(p.start) else { continue };
            // A place set apart (باستثناء كندا، على غرار فرنسا) is not
            // where the event is.
            if self.compared(toks, k) {
                continue;
            }
            let clitic = toks[k].span.start < p.start && {
                let pre: String = toks[k]
                    .fold
                    .chars()
                    .take(p.start - toks[k].span.start)
                    .collect();
                pre.contains('ب')
            };
            let locative = clitic
                || (k > 0 && self.cue_at(toks, k - 1, Cue::Locative))
                || (k > 1 && self.cue_at(toks, k - 2, Cue::Locative));
            let mut pl = self.places.place(p.place);
            // «العاصمة عمان»: a name that is both a country and a capital
            // city is the city right after «the capital».
            if k > 0
                && self.attr.capital.contains(toks[k - 1].bare.as_str())
                && pl.is_some_and(|x| x.kind == rasad_places::PlaceKind::Country)
            {
                if let Some(city) = self
                    .capital_homographs
                    .get(&rasad_text::fold_word(&slice(chars, p.start, p.end)))
                    .and_then(|&i| self.places.place(i))
                {
                    pl = Some(city);
                }
            }
            // Without locative context only a city-like place is taken: a
            // country named anywhere is more often an actor than a place.
            let city = pl.is_some_and(|x| {
                !matches!(
                    x.kind,
                    rasad_places::PlaceKind::Country | rasad_places::PlaceKind::Region
                )
            });
            // A name the mention layer read as a person (هولاند), or the
            // head noun of a longer non-place mention (سفيرة استونيا: the
            // ambassador, not the Syrian town), is no place without
            // locative context.
            let named_other = toks[k]
                .inside
                .and_then(|mi| doc.mentions.get(mi))
                .is_some_and(|m| {
                    m.kind == "PERS" || (m.kind != "LOC" && m.start == p.start && m.end > p.end)
                });
            if locative || (!need_locative && !named_other && (city || !cities_only)) {
                return Some(Location {
                    text: slice(chars, p.start, p.end),
                    start: p.start,
                    end: p.end,
                    country: pl.and_then(|x| x.country.clone()),
                    lat: pl.map(|x| x.lat),
                    lon: pl.map(|x| x.lon),
                });
            }
        }
        None
    }

    /// The place of the event: a place mention right after a locative word
    /// in the clause (after the trigger first, then before it).
    fn location(
        &self,
        toks: &[Tok],
        mentions: &[Mention],
        a: usize,
        b: usize,
        from: usize,
    ) -> Option<Location> {
        let order = (from..b).chain(a..from.min(b));
        for k in order {
            let Some(mi) = toks[k].mention else { continue };
            let m = &mentions[mi];
            if !is_place(m) {
                continue;
            }
            let loc_prep = self
                .governing_prep(toks, mentions, k)
                .is_some_and(|p| p == "ب")
                || (k > 0 && self.cue_at(toks, k - 1, Cue::Locative))
                || (k > 1
                    && self.cue_at(toks, k - 2, Cue::Locative)
                    && toks[k - 1].mention.is_none());
            if loc_prep {
                let country = m
                    .actor
                    .clone()
                    .or_else(|| m.alternatives.iter().find_map(|r| r.actor.clone()))
                    .filter(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()));
                return Some(Location {
                    text: m.text.clone(),
                    start: m.start,
                    end: m.end,
                    country,
                    lat: None,
                    lon: None,
                });
            }
        }
        None
    }
}

/// The time expression of an event: in its clause (nearest to the
/// trigger), else in its sentence; only expressions that name a day.
fn when<'d>(
    times: &'d [rasad_time::TimeExpr],
    sent: Span,
    toks: &[Tok],
    (a, b): (usize, usize),
    (trig, verbs): (usize, &HashSet<usize>),
    (day_word, relative): (impl Fn(usize) -> bool, impl Fn(usize) -> bool),
) -> Option<&'d rasad_time::TimeExpr> {
    let (Some(ca), Some(cb), Some(tp)) = (
        toks.get(a).map(|t| t.span.start),
        toks.get(b.saturating_sub(1)).map(|t| t.span.end),
        toks.get(trig).map(|t| t.span.start),
    ) else {
        return None;
    };
    let dist = |t: &rasad_time::TimeExpr| t.start.abs_diff(tp);
    // A date in parentheses dates what comes before it («زيارته إلى موسكو
    // (يوم 26 نوفمبر)»، «تعرض لانتقادات (4 أيار/مايو)»), not what follows:
    // it counts only for a trigger inside them or before the opening one,
    // unless it restates a time expression right before it («أمس السبت
    // (18 يوليو)»، «… الموافق (26/ 7/ 2015م)») or fills in a day word
    // («في يوم (12-4-1397هـ)»).
    let paren = parentheticals(toks);
    let ends_time = |i: usize| {
        toks.get(i).is_some_and(|k| {
            times
                .iter()
                .any(|t| t.end > k.span.start && t.end <= k.span.end)
        })
    };
    let restates = |open: usize| {
        let Some(j) = open.checked_sub(1) else {
            return false;
        };
        let linking = toks[j].is_word() && toks[j].inside.is_none() && !ends_time(j);
        day_word(j)
            || ends_time(j)
            || (linking
                && j > 0
                && (ends_time(j - 1)
                    || (toks[j - 1].kind == TokenKind::Punct && j > 1 && ends_time(j - 2))))
    };
    let own = |t: &rasad_time::TimeExpr| {
        let at = toks.iter().position(|k| k.span.end > t.start);
        match at.and_then(|i| paren.get(i).copied().flatten()) {
            None => true,
            Some(open) => {
                trig < open || paren.get(trig).copied().flatten() == Some(open) || restates(open)
            }
        }
    };
    let day = |t: &&rasad_time::TimeExpr| t.date.is_some() && own(t);
    // Outside its own clause, an event does not take the date of a
    // relative clause about something else that has a verb event of its
    // own («اتفق بوتين وهولاند، اللذين سيلتقيان في 26 تشرين الثاني، على…»:
    // the 26th is the meeting's); a relative clause right after the
    // trigger is about it («الغارات التي نفذتها فجر الجمعة»), and so is one
    // beside the trigger's own relative clause («الهجمات التي ضربت باريس
    // في 13 تشرين الثاني والتي أوقعت 130 قتيلا»).
    let opens_relative = |i: usize| {
        let clause = toks[i].clause;
        toks.iter()
            .position(|k| k.clause == clause)
            .and_then(|s| (s..=i).find(|&j| toks[j].kind != TokenKind::Punct))
            .is_some_and(&relative)
    };
    let busy = |t: &rasad_time::TimeExpr| {
        if toks.get(trig).is_none() || opens_relative(trig) {
            return false;
        }
        let Some(at) = toks.iter().position(|k| k.span.end > t.start) else {
            return false;
        };
        let clause = toks[at].clause;
        // (Clause numbers grow along the sentence.)
        let Some(start) = toks
            .iter()
            .position(|k| k.clause == clause)
            .and_then(|s| (s..=at).find(|&j| toks[j].kind != TokenKind::Punct))
        else {
            return false;
        };
        relative(start)
            && !(trig < start && start - trig <= 4)
            && verbs
                .iter()
                .any(|&v| v != trig && toks.get(v).is_some_and(|k| k.clause == clause))
    };
    times
        .iter()
        .filter(day)
        .filter(|t| t.start >= ca && t.end <= cb)
        .min_by_key(|t| dist(t))
        .or_else(|| {
            times
                .iter()
                .filter(day)
                .filter(|t| t.start >= sent.start && t.end <= sent.end && !busy(t))
                .min_by_key(|t| dist(t))
        })
}

/// Per token: the index of the opening parenthesis it stands inside (the
/// innermost), if any. Unbalanced parentheses close at the sentence end.
fn parentheticals(toks: &[Tok]) -> Vec<Option<usize>> {
    let mut open: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(toks.len());
    for (i, t) in toks.iter().enumerate() {
        let punct = t.kind == TokenKind::Punct;
        if punct && t.fold.contains(')') {
            open.pop();
        }
        out.push(open.last().copied());
        if punct && t.fold.contains('(') {
            open.push(i);
        }
    }
    out
}

/// A place name, or a name that may be read as one (a capital as metonym).
fn is_place(m: &Mention) -> bool {
    m.kind == "LOC" || m.alternatives.iter().any(|r| r.kind == "LOC")
}

/// Agents a people's member can have (rebels, gunmen, civilians, parties,
/// opposition): those an ethnic CAMEO code (KUR) applies to.
fn communal(agent: Option<&str>) -> bool {
    matches!(agent, Some("REB" | "UAF" | "CVL" | "PTY" | "OPP"))
}

fn is_iso3(c: &str) -> bool {
    c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase())
}

/// A source: a mention argument or a participant carried over from an
/// earlier event (dropped subject).
#[derive(Debug, Clone)]
enum Src {
    A(Arg),
    P(Participant),
}

impl Src {
    fn participant(&self, mentions: &[Mention]) -> Participant {
        match self {
            Src::A(a) => part(mentions, *a),
            Src::P(p) => p.clone(),
        }
    }
}

/// The state of a place as a participant standing for it (no agent),
/// spanning the place name.
fn state_of_place(l: &Location) -> Participant {
    Participant {
        text: l.text.clone(),
        start: l.start,
        end: l.end,
        actor: l.country.clone(),
        agent: None,
        person: None,
    }
}

fn push_expanded(out: &mut Vec<Arg>, mentions: &[Mention], mi: usize) {
    let m = &mentions[mi];
    out.push(Arg::of(mi));
    if m.kind == "GROUP" {
        for (k, r) in m.alternatives.iter().enumerate() {
            if r.kind == "GROUP" {
                out.push(Arg {
                    m: mi,
                    alt: Some(k),
                    place: false,
                    borrow: None,
                });
            }
        }
    }
}

fn part(mentions: &[Mention], a: Arg) -> Participant {
    let m = &mentions[a.m];
    if a.place {
        let country = m
            .alternatives
            .iter()
            .filter(|r| r.kind == "LOC")
            .find_map(|r| r.actor.clone())
            .or_else(|| m.actor.clone())
            .filter(|c| is_iso3(c));
        return Participant {
            text: m.text.clone(),
            start: m.start,
            end: m.end,
            actor: country,
            agent: None,
            person: None,
        };
    }
    match a.alt.and_then(|k| m.alternatives.get(k)) {
        Some(r) => Participant {
            text: m.text.clone(),
            start: m.start,
            end: m.end,
            actor: r.actor.clone(),
            agent: r.agent.clone(),
            person: None,
        },
        None => {
            let lender = a.borrow.and_then(|b| mentions.get(b));
            Participant {
                text: m.text.clone(),
                start: m.start,
                end: m.end,
                actor: m
                    .actor
                    .clone()
                    .or_else(|| lender.and_then(|l| l.actor.clone())),
                agent: m
                    .agent
                    .clone()
                    .or_else(|| lender.and_then(|l| l.agent.clone())),
                person: m.person.clone(),
            }
        }
    }
}

fn same_actor(a: Option<&Participant>, b: Option<&Participant>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            (a.start == b.start && a.end == b.end && a.actor == b.actor)
                || (a.actor.is_some()
                    && a.actor == b.actor
                    && a.agent == b.agent
                    && a.person == b.person)
        }
        _ => false,
    }
}

/// Two optional participants that do not contradict each other.
/// Whether merging would make one mention both sides: `a`'s source is
/// `b`'s target (a killed minister is not the subject of the blast that
/// hit him).
fn crossed(a: &Event, b: &Event) -> bool {
    match (&a.source, &b.target) {
        (Some(s), Some(t)) => s.start == t.start && s.end == t.end,
        _ => false,
    }
}

fn compatible(a: &Option<Participant>, b: &Option<Participant>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            // A participant without a country code is underspecified: it
            // does not contradict a coded one (المحتجون … الطلاب المصريون).
            let code = |p: &Participant| (p.actor.clone(), p.agent.clone());
            code(a) == code(b)
                || (a.start == b.start && a.end == b.end)
                || a.actor.is_none()
                || b.actor.is_none()
        }
        _ => true,
    }
}

/// What every event of one trigger shares.
struct PairCtx<'a> {
    trigger: &'a Participant,
    date: &'a Option<String>,
    date_text: &'a Option<String>,
    location: &'a Option<Location>,
    sent: Span,
    negated: bool,
    modality: Modality,
    inherited: bool,
    noun: bool,
    /// The sources are co-participants: no A→B pairing between them.
    co: bool,
}

/// One event per source × target (symmetric types with two sources and
/// no target: one A→B event), with its confidence.
fn push_pairs(
    events: &mut Vec<Event>,
    e: &Entry,
    srcs: &[Option<Participant>],
    tgts: &[Option<Participant>],
    cx: PairCtx,
) {
    let mut pairs: Vec<(Option<Participant>, Option<Participant>)> = Vec::new();
    let first_src = srcs.first().cloned().flatten();
    if e.sym && !cx.co && srcs.len() >= 2 && tgts.first().is_none_or(|t| t.is_none()) {
        pairs.push((first_src, srcs[1].clone()));
    } else {
        for s in srcs {
            for t in tgts {
                if s.is_some() && t.is_some() && same_actor(s.as_ref(), t.as_ref()) {
                    continue;
                }
                pairs.push((s.clone(), t.clone()));
            }
        }
        if pairs.is_empty() {
            pairs.push((first_src, None));
        }
    }
    for (source, target) in pairs {
        let mut conf: f32 = 0.35;
        if source.is_some() && !cx.inherited {
            conf += 0.25;
        }
        if cx.inherited {
            conf -= 0.15;
        }
        if target.is_some() {
            conf += 0.15;
        }
        if !cx.noun {
            conf += 0.1;
        }
        if e.weak {
            conf -= 0.15;
        }
        // Nobody named: a mention of the kind of event, not a coded event.
        if source.is_none() && target.is_none() {
            conf -= 0.15;
        }
        events.push(Event {
            r#type: e.kind.clone(),
            cameo: e.cameo.clone(),
            trigger: cx.trigger.clone(),
            source,
            target,
            date: cx.date.clone(),
            date_text: cx.date_text.clone(),
            location: cx.location.clone(),
            sentence: cx.sent,
            negated: cx.negated,
            modality: cx.modality,
            confidence: conf.clamp(0.05, 0.95),
        });
    }
}

/// Asserted or only attributed: the same claim about what happened.
fn factual(m: Modality) -> bool {
    matches!(m, Modality::Asserted | Modality::Reported)
}

/// Merges events of one sentence that describe the same happening: same
/// type and polarity, participants not contradicting. The earlier trigger
/// is kept; empty slots are filled from the other.
fn merge(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    let bare = |e: &Event| e.source.is_none() && e.target.is_none();
    'next: for e in events {
        for o in out.iter_mut() {
            if o.r#type == e.r#type
                && o.negated == e.negated
                && (o.modality == e.modality
                    || bare(o)
                    || bare(&e)
                    || (factual(o.modality) && factual(e.modality)))
                && compatible(&o.source, &e.source)
                && compatible(&o.target, &e.target)
                && !crossed(o, &e)
                && !crossed(&e, o)
            {
                if bare(o) && !bare(&e) {
                    o.modality = e.modality;
                }
                let weaker = |a: &Option<Participant>, b: &Option<Participant>| {
                    a.is_none()
                        || (a.as_ref().is_some_and(|p| p.actor.is_none())
                            && b.as_ref().is_some_and(|p| p.actor.is_some()))
                };
                if weaker(&o.source, &e.source) {
                    o.source = e.source.clone();
                }
                if weaker(&o.target, &e.target) {
                    o.target = e.target.clone();
                }
                if o.location.is_none() {
                    o.location = e.location.clone();
                }
                o.confidence = o.confidence.max(e.confidence);
                continue 'next;
            }
        }
        out.push(e);
    }
    out
}

/// One protest per sentence: PROTEST events of one polarity are one
/// happening told several ways (the march, the marchers, the chants)
/// unless their sources are from different countries. The most confident
/// is kept, its empty slots filled from the others.
fn collapse_protests(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    'next: for e in events {
        if e.r#type == "PROTEST" {
            for o in out.iter_mut() {
                // Protesters named by the protest noun itself (المتظاهرون)
                // are the crowd of any other protest in the sentence; their
                // country may only be the place's guess.
                let country = |x: &Event| {
                    x.source
                        .as_ref()
                        .filter(|p| !(p.start < x.trigger.end && x.trigger.start < p.end))
                        .and_then(|p| p.actor.clone())
                };
                let clash = matches!((country(o), country(&e)), (Some(a), Some(b)) if a != b);
                if o.r#type == "PROTEST" && o.negated == e.negated && !clash {
                    let (mut keep, other) = if e.confidence > o.confidence {
                        (e.clone(), o.clone())
                    } else {
                        (o.clone(), e.clone())
                    };
                    if keep.source.is_none() {
                        keep.source = other.source;
                    }
                    if keep.target.is_none() {
                        keep.target = other.target;
                    }
                    if keep.location.is_none() {
                        keep.location = other.location;
                    }
                    *o = keep;
                    continue 'next;
                }
            }
        }
        out.push(e);
    }
    out
}

fn slice(chars: &[char], a: usize, b: usize) -> String {
    let b = b.min(chars.len());
    let a = a.min(b);
    chars[a..b].iter().collect()
}

fn valid_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}
