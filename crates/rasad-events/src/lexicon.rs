//! Loader for `data/events/*.tsv` and the inflection rules that expand
//! lemma forms into the folded surface forms matched in text.

use crate::words::{WordMap as HashMap, WordSet as HashSet};

use rasad_text::fold_word;

const TRIGGERS: &str = include_str!("../../../data/events/triggers.tsv");
const CUES: &str = include_str!("../../../data/events/cues.tsv");
const FIGURATIVE: &str = include_str!("../../../data/events/figurative.tsv");
const GENDER: &str = include_str!("../../../data/events/gender.tsv");

/// Part of speech of a trigger entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Verb,
    /// Passive perfect: the noun phrase after it is the target.
    PassiveVerb,
    Noun,
}

/// What a genitive / nisba right after a noun trigger is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gen {
    None,
    Source,
    Target,
    /// The trigger word itself names the actor (المتظاهرون).
    Itself,
    /// The masdar of a transitive verb (قصف): a nisba after it is the
    /// source (القصف الروسي), a genitive name is its object (قصف المدينة)
    /// unless an object with ل / على follows (قصف روسيا لمواقع…).
    Object,
    /// An agent noun used as a predicate or apposition: the actor right
    /// before it is the source («روسيا الداعم الأول للنظام»).
    Agent,
}

/// One row of `triggers.tsv`.
#[derive(Debug, Clone)]
pub struct Entry {
    pub pos: Pos,
    pub kind: String,
    pub cameo: Option<String>,
    /// Folded prepositions introducing the target.
    pub preps: Vec<String>,
    pub dobj: bool,
    pub gen: Gen,
    pub sym: bool,
    pub weak: bool,
    /// A numbered subject reads as passive (قتل ثلاثة جنود، خمسة جنود
    /// قتلوا: the unvocalised passive of a violence verb).
    pub pass: bool,
    /// The direct object is where one goes (زار): a place named right
    /// after the verb is the destination, not who goes.
    pub dest: bool,
    /// Folded alternatives of each later word (multi-word triggers).
    pub rest: Vec<HashSet<String>>,
    /// `file:line`, for diagnostics.
    pub origin: String,
}

impl Entry {
    /// Types whose events usually have a patient worth looking for beyond
    /// the frame (violence, coercion, sanctions, threats, accusations).
    pub fn kind_takes_target(&self) -> bool {
        matches!(
            self.kind.as_str(),
            "ASSAULT" | "COERCE" | "SANCTION" | "THREATEN" | "ACCUSE"
        )
    }
}

/// Cue classes of `cues.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    Neg,
    NegNoun,
    NegVerb,
    Planned,
    PlannedAfter,
    Reported,
    ReportedAny,
    Hypothetical,
    HypoImperfect,
    Boundary,
    Prep,
    Locative,
    Light,
    LightPlanned,
    /// A light verb whose subject undergoes its noun complement (تعرض لهجوم).
    LightPatient,
    /// Opens a relative clause whose subject is the noun before it.
    Relative,
    /// Opens a time clause (عندما، حين): a verb right after it with no
    /// subject of its own shares the subject of the relative clause the
    /// time clause follows.
    When,
    /// Introduces a comparison (على غرار، مثل): what follows is no participant.
    Compare,
    /// A noun for people hurt by violence (أشخاص، مدنيين): civilians.
    Victim,
    /// A thing that carries words (لافتات، بيان): a verb right after it
    /// describes it and has no actor as subject.
    Carrier,
    /// A number word: a violence verb with a numbered subject is passive.
    Numeral,
    /// A head noun whose genitive is its owner (مواقع X): an object, not a subject.
    ObjNoun,
    /// Introduces co-participants (بمشاركة X و Y، منها X و Y): co-sources.
    Coparticipant,
    /// Unaffiliated armed people (مسلحون، انتحاري): CAMEO UAF, no country.
    Unaffiliated,
    /// Says what a protest is against (احتجاجا على X، ضد X، منددين ب X):
    /// the actor after it is the protest's target.
    Against,
    /// Words a crowd carries or chants (لافتات، شعارات، هتفوا): a «…»
    /// quotation right after is a slogan, not an event.
    Slogan,
    /// Military aircraft named without their country (الطيران، الطائرات،
    /// القاذفات): as the subject of an attack, the air force of the state
    /// the sentence is about.
    Aircraft,
    /// Places a protest at or towards a place (أمام، قرب، حتى): a foreign
    /// mission right after names the state the protest is against.
    Site,
    /// What strikes without a named hand (انفجار، سيارة مفخخة، عبوة
    /// ناسفة): an attack by it with no source was by unaffiliated attackers.
    UnnamedAttack,
    /// A unit or share of a body (قوة، وحدة، عناصر): «قوة من الشرطة» is the
    /// police acting, so the من after it governs nothing.
    Partitive,
    /// A unit that acts (قوة، وحدة، كتيبة): right after a verb, «قوة من
    /// الجيش» is its subject (a mere share, مجموعة من, is more often hit).
    Force,
    /// Introduces the means of an act (عبر، من خلال، بواسطة): a noun event
    /// right after it is done by the subject of the clause's verb.
    Means,
    /// Names a day (اليوم، أمس، الأحد): a weak verb trigger right before it
    /// is a time noun (فجر اليوم «at dawn today»), no event.
    Day,
    /// A time of day or span (الليلة، الساعة): right after a verb it is an
    /// adverb, not the verb's object.
    TimeNoun,
    /// A written form that is never a trigger although an inflection rule
    /// makes one (نصيب «share», not «we hit»).
    NotTrigger,
}

impl Cue {
    fn parse(s: &str) -> Option<Cue> {
        Some(match s {
            "neg" => Cue::Neg,
            "negnoun" => Cue::NegNoun,
            "negverb" => Cue::NegVerb,
            "planned" => Cue::Planned,
            "planned_after" => Cue::PlannedAfter,
            "reported" => Cue::Reported,
            "reported_any" => Cue::ReportedAny,
            "hypothetical" => Cue::Hypothetical,
            "hypo_imperfect" => Cue::HypoImperfect,
            "boundary" => Cue::Boundary,
            "prep" => Cue::Prep,
            "locative" => Cue::Locative,
            "light" => Cue::Light,
            "light_planned" => Cue::LightPlanned,
            "light_patient" => Cue::LightPatient,
            "relative" => Cue::Relative,
            "when" => Cue::When,
            "compare" => Cue::Compare,
            "victim" => Cue::Victim,
            "carrier" => Cue::Carrier,
            "numeral" => Cue::Numeral,
            "objnoun" => Cue::ObjNoun,
            "coparticipant" => Cue::Coparticipant,
            "unaffiliated" => Cue::Unaffiliated,
            "against" => Cue::Against,
            "slogan" => Cue::Slogan,
            "aircraft" => Cue::Aircraft,
            "site" => Cue::Site,
            "unnamed_attack" => Cue::UnnamedAttack,
            "partitive" => Cue::Partitive,
            "force" => Cue::Force,
            "means" => Cue::Means,
            "day" => Cue::Day,
            "time_noun" => Cue::TimeNoun,
            "not_trigger" => Cue::NotTrigger,
            _ => return None,
        })
    }
}

/// A cue: a single word (any of its inflected / listed forms) or a
/// sequence of words.
#[derive(Debug, Clone)]
pub struct CueEntry {
    pub class: Cue,
    pub verb: bool,
    /// Folded alternatives per word.
    pub words: Vec<HashSet<String>>,
}

/// A figurative use of a trigger (`figurative.tsv`): the trigger word with
/// one of these objects means another type, or nothing.
#[derive(Debug, Clone)]
pub struct Figurative {
    /// Folded surface forms of the trigger word.
    pub trigger: HashSet<String>,
    /// Folded forms of the object nouns.
    pub objects: HashSet<String>,
    /// The type meant instead (None: no event) and its CAMEO code.
    pub kind: Option<String>,
    pub cameo: Option<String>,
}

/// Grammatical gender of an actor head noun (`gender.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Masc,
    Fem,
}

/// Everything loaded from `data/events/`.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub entries: Vec<Entry>,
    /// Folded first-word surface form → entry indices.
    pub first: HashMap<String, Vec<usize>>,
    pub cues: Vec<CueEntry>,
    /// Folded single-word cue form → (class, is verb).
    pub cue_words: HashMap<String, Vec<(Cue, bool)>>,
    /// Multi-word cues (index into `cues`).
    pub cue_seqs: Vec<usize>,
    /// Every folded form the segmenter should treat as a known stem.
    pub known: HashSet<String>,
    /// Figurative uses of triggers.
    pub figurative: Vec<Figurative>,
    /// Folded head noun → grammatical gender.
    pub gender: HashMap<String, Gender>,
}

const PERFECT_SUFFIXES: [&str; 9] = ["", "ت", "ا", "تا", "وا", "ن", "نا", "تم", "تما"];
const IMPERFECT_PREFIXES: [&str; 4] = ["ي", "ت", "ن", "ا"];

/// Folded surface forms of a verb lemma (perfect 3ms, or imperfect 3ms
/// starting with ي). Person/number/gender affixes by rule; defective
/// verbs (final ى/ا/ي/و) drop the last letter before a suffix.
pub fn verb_forms(lemma: &str, passive: bool) -> Vec<String> {
    let f = fold_word(lemma);
    let chars: Vec<char> = f.chars().collect();
    let mut out = Vec::new();
    if chars.len() < 2 {
        return out;
    }
    let last = chars[chars.len() - 1];
    let defective = matches!(last, 'ي' | 'ا' | 'و' | 'ى');
    if chars[0] == 'ي' && !passive {
        let stem: String = chars[1..].iter().collect();
        for p in IMPERFECT_PREFIXES {
            let x = format!("{p}{stem}");
            out.push(x.clone());
            out.push(format!("{x}ان"));
            out.push(format!("{x}ا"));
            out.push(format!("{x}ن"));
            if defective {
                let b: String = x.chars().take(x.chars().count() - 1).collect();
                // The jussive (لم يجر) drops the final weak letter.
                out.push(b.clone());
                for s in ["ون", "وا", "ين", "ان"] {
                    out.push(format!("{b}{s}"));
                }
            } else {
                for s in ["ون", "وا", "ين"] {
                    out.push(format!("{x}{s}"));
                }
            }
        }
    } else {
        if defective && !passive {
            let b: String = chars[..chars.len() - 1].iter().collect();
            out.push(f.clone());
            for s in ["ت", "تا", "وا", "يا", "ينا", "يت", "يتم", "ا"] {
                out.push(format!("{b}{s}"));
            }
        } else {
            for s in PERFECT_SUFFIXES {
                out.push(format!("{f}{s}"));
            }
        }
    }
    out.into_iter().map(|s| fold_word(&s)).collect()
}

/// Folded surface forms of a noun / adjective: dual, sound plurals,
/// accusative alif, feminine ة and its plural.
pub fn noun_forms(word: &str) -> Vec<String> {
    let f = fold_word(word);
    let mut out = vec![f.clone()];
    // fold_word turns ة into ه; handle both spellings of the ending.
    if let Some(b) = f.strip_suffix('ه').or_else(|| f.strip_suffix('ة')) {
        if b.chars().count() >= 2 {
            for s in ["ات", "تان", "تين", "تا"] {
                out.push(format!("{b}{s}"));
            }
        }
    } else {
        for s in ["ا", "ان", "ين", "ات", "ون"] {
            out.push(format!("{f}{s}"));
        }
        if f.ends_with('ي') {
            out.push(format!("{f}ه"));
        }
    }
    out.into_iter().map(|s| fold_word(&s)).collect()
}

fn err(file: &str, line: usize, msg: impl std::fmt::Display) -> String {
    format!("data/events/{file}:{line}: {msg}")
}

impl Lexicon {
    /// Parses the embedded data files.
    pub fn load_embedded() -> Result<Lexicon, String> {
        let mut lex = Lexicon::parse(TRIGGERS, CUES)?;
        lex.parse_figurative(FIGURATIVE)?;
        lex.parse_gender(GENDER)?;
        Ok(lex)
    }

    /// Parses `figurative.tsv` rows into `self.figurative`.
    pub fn parse_figurative(&mut self, text: &str) -> Result<(), String> {
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if cols.len() < 4 {
                return Err(err(
                    "figurative.tsv",
                    n,
                    format!("expected 5 columns, found {}", cols.len()),
                ));
            }
            let trigger: HashSet<String> = cols[0]
                .split('/')
                .filter(|a| !a.is_empty())
                .flat_map(|a| {
                    let mut v = verb_forms(a, false);
                    v.extend(noun_forms(a));
                    v
                })
                .collect();
            let objects: HashSet<String> = cols[1]
                .split('/')
                .filter(|a| !a.is_empty())
                .flat_map(noun_forms)
                .collect();
            if trigger.is_empty() || objects.is_empty() {
                return Err(err("figurative.tsv", n, "empty trigger or objects"));
            }
            let kind = match cols[2] {
                "-" => None,
                k if PLOVER.contains(&k) => Some(k.to_string()),
                k => {
                    return Err(err(
                        "figurative.tsv",
                        n,
                        format!("unknown PLOVER type {k:?}"),
                    ))
                }
            };
            let cameo = match cols[3] {
                "-" => None,
                c if c.chars().all(|ch| ch.is_ascii_digit()) => Some(c.to_string()),
                c => return Err(err("figurative.tsv", n, format!("bad CAMEO code {c:?}"))),
            };
            self.known.extend(objects.iter().cloned());
            self.figurative.push(Figurative {
                trigger,
                objects,
                kind,
                cameo,
            });
        }
        Ok(())
    }

    /// Parses `gender.tsv` rows into `self.gender`.
    pub fn parse_gender(&mut self, text: &str) -> Result<(), String> {
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if cols.len() < 2 {
                return Err(err("gender.tsv", n, "expected 3 columns"));
            }
            let g = match cols[0] {
                "masc" => Gender::Masc,
                "fem" => Gender::Fem,
                x => return Err(err("gender.tsv", n, format!("unknown gender {x:?}"))),
            };
            for w in cols[1].split('/').filter(|w| !w.is_empty()) {
                self.gender.insert(fold_word(w), g);
            }
        }
        Ok(())
    }

    /// Parses trigger and cue tables (errors name `file:line`).
    pub fn parse(triggers: &str, cues: &str) -> Result<Lexicon, String> {
        let mut lex = Lexicon {
            entries: Vec::new(),
            first: HashMap::default(),
            cues: Vec::new(),
            cue_words: HashMap::default(),
            cue_seqs: Vec::new(),
            known: HashSet::default(),
            figurative: Vec::new(),
            gender: HashMap::default(),
        };
        for (i, line) in triggers.lines().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if cols.len() < 7 {
                return Err(err(
                    "triggers.tsv",
                    n,
                    format!("expected 8 columns, found {}", cols.len()),
                ));
            }
            let pos = match cols[1] {
                "verb" => Pos::Verb,
                "pverb" => Pos::PassiveVerb,
                "noun" => Pos::Noun,
                p => return Err(err("triggers.tsv", n, format!("unknown pos {p:?}"))),
            };
            let kind = cols[2];
            if !PLOVER.contains(&kind) {
                return Err(err(
                    "triggers.tsv",
                    n,
                    format!("unknown PLOVER type {kind:?}"),
                ));
            }
            let cameo = match cols[3] {
                "-" | "" => None,
                c if c.chars().all(|ch| ch.is_ascii_digit()) => Some(c.to_string()),
                c => return Err(err("triggers.tsv", n, format!("bad CAMEO code {c:?}"))),
            };
            let mut preps = Vec::new();
            let mut dobj = false;
            for p in cols[4].split(',').map(str::trim).filter(|p| *p != "-") {
                if p == "dobj" {
                    dobj = true;
                } else if p.is_empty() {
                    return Err(err("triggers.tsv", n, "empty item in frame"));
                } else {
                    preps.push(fold_word(p));
                }
            }
            let gen = match cols[5] {
                "-" => Gen::None,
                "source" => Gen::Source,
                "target" => Gen::Target,
                "self" => Gen::Itself,
                "agent" => Gen::Agent,
                "object" => Gen::Object,
                g => return Err(err("triggers.tsv", n, format!("unknown gen {g:?}"))),
            };
            let mut sym = false;
            let mut weak = false;
            let mut pass = false;
            let mut dest = false;
            for fl in cols[6].split(',').map(str::trim).filter(|f| *f != "-") {
                match fl {
                    "sym" => sym = true,
                    "weak" => weak = true,
                    "pass" => pass = true,
                    "dest" => dest = true,
                    f => return Err(err("triggers.tsv", n, format!("unknown flag {f:?}"))),
                }
            }
            let words: Vec<&str> = cols[0].split(' ').filter(|w| !w.is_empty()).collect();
            let Some((head, tail)) = words.split_first() else {
                return Err(err("triggers.tsv", n, "empty form"));
            };
            let mut firsts = Vec::new();
            for alt in head.split('/').filter(|a| !a.is_empty()) {
                match pos {
                    Pos::Verb => firsts.extend(verb_forms(alt, false)),
                    Pos::PassiveVerb => firsts.extend(verb_forms(alt, true)),
                    Pos::Noun => firsts.extend(noun_forms(alt)),
                }
            }
            if firsts.is_empty() {
                return Err(err("triggers.tsv", n, "form yields no surface forms"));
            }
            let rest: Vec<HashSet<String>> = tail
                .iter()
                .map(|w| {
                    w.split('/')
                        .filter(|a| !a.is_empty())
                        .flat_map(noun_forms)
                        .collect()
                })
                .collect();
            let idx = lex.entries.len();
            for f in firsts {
                lex.known.insert(f.clone());
                let v = lex.first.entry(f).or_default();
                if !v.contains(&idx) {
                    v.push(idx);
                }
            }
            for set in &rest {
                lex.known.extend(set.iter().cloned());
            }
            lex.entries.push(Entry {
                pos,
                kind: kind.to_string(),
                cameo,
                preps,
                dobj,
                gen,
                sym,
                weak,
                pass,
                dest,
                rest,
                origin: format!("data/events/triggers.tsv:{n}"),
            });
        }
        for (i, line) in cues.lines().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if cols.len() < 3 {
                return Err(err(
                    "cues.tsv",
                    n,
                    format!("expected 4 columns, found {}", cols.len()),
                ));
            }
            let class = Cue::parse(cols[0])
                .ok_or_else(|| err("cues.tsv", n, format!("unknown class {:?}", cols[0])))?;
            let verb = match cols[2] {
                "verb" => true,
                "word" => false,
                p => return Err(err("cues.tsv", n, format!("unknown pos {p:?}"))),
            };
            let words: Vec<HashSet<String>> = cols[1]
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| {
                    w.split('/')
                        .filter(|a| !a.is_empty())
                        .flat_map(|a| {
                            if verb {
                                verb_forms(a, false)
                            } else {
                                vec![fold_word(a)]
                            }
                        })
                        .collect()
                })
                .collect();
            if words.is_empty() || words.iter().any(HashSet::is_empty) {
                return Err(err("cues.tsv", n, "empty form"));
            }
            let idx = lex.cues.len();
            if words.len() == 1 {
                for w in &words[0] {
                    let v = lex.cue_words.entry(w.clone()).or_default();
                    if !v.contains(&(class, verb)) {
                        v.push((class, verb));
                    }
                }
            } else {
                lex.cue_seqs.push(idx);
            }
            if verb {
                for set in &words {
                    lex.known.extend(set.iter().cloned());
                }
            }
            lex.cues.push(CueEntry { class, verb, words });
        }
        Ok(lex)
    }
}

/// PLOVER's verbal quadrants (verbal cooperation and verbal conflict):
/// acts of saying, which mean nothing without who says them.
pub fn is_verbal(kind: &str) -> bool {
    matches!(
        kind,
        "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" | "REQUEST" | "ACCUSE" | "REJECT" | "THREATEN"
    )
}

/// Types whose object is a proposition or act not (yet) done: a noun
/// event right after them is their content, not an event (طالب بالإفراج).
pub fn takes_irrealis(kind: &str) -> bool {
    matches!(kind, "REQUEST" | "THREATEN" | "AGREE")
}

/// The 16 PLOVER event types.
pub const PLOVER: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse() {
        let lex = Lexicon::load_embedded().unwrap();
        let kinds: HashSet<&str> = lex.entries.iter().map(|e| e.kind.as_str()).collect();
        for k in PLOVER {
            assert!(kinds.contains(k), "no trigger for {k}");
        }
    }

    #[test]
    fn verbs_inflect_by_rule() {
        let f = verb_forms("هاجم", false);
        for w in ["هاجمت", "هاجموا", "هاجما"] {
            assert!(f.contains(&fold_word(w)), "{w}");
        }
        let f = verb_forms("يلتقي", false);
        for w in ["يلتقيان", "تلتقي", "يلتقون", "نلتقي"] {
            assert!(f.contains(&fold_word(w)), "{w}");
        }
        let f = verb_forms("التقى", false);
        for w in ["التقت", "التقوا", "التقيا"] {
            assert!(f.contains(&fold_word(w)), "{w}");
        }
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = Lexicon::parse("# c\nقصف\tverb\tFIGHT\t190\t-\t-\t-\tx\n", "").unwrap_err();
        assert!(e.contains("triggers.tsv:2"), "{e}");
        let e = Lexicon::parse("", "bogus\tلم\tword\tx\n").unwrap_err();
        assert!(e.contains("cues.tsv:1"), "{e}");
        let mut lex = Lexicon::parse("", "").unwrap();
        let e = lex
            .parse_figurative("# c\n\nفجر\tأزمة\tBANG\t-\tx\n")
            .unwrap_err();
        assert!(e.contains("figurative.tsv:3"), "{e}");
        let e = lex.parse_gender("neuter\tشيء\tx\n").unwrap_err();
        assert!(e.contains("gender.tsv:1"), "{e}");
    }
}
