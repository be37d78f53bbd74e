//! Parsing the embedded data files into places and word sets.
//!
//! Every error names `file:line` so a bad edit of the data is easy to find.

use crate::fx::FxMap;
use crate::{key_of, Context, Place, PlaceKind};
use std::collections::{HashMap, HashSet};

pub(crate) const CITIES: &str = include_str!("../../../data/places/cities.tsv");
pub(crate) const COUNTRIES: &str = include_str!("../../../data/places/countries.tsv");
pub(crate) const REGIONS: &str = include_str!("../../../data/places/regions.tsv");
pub(crate) const STOPLIST: &str = include_str!("../../../data/places/stoplist.txt");
pub(crate) const CONTEXT: &str = include_str!("../../../data/places/context.txt");
/// Arabic country names: the actor catalogue is the one source of truth.
pub(crate) const CITIES_EXTRA: &str = include_str!("../../../data/places/cities_extra.tsv");
pub(crate) const VARIANTS: &str = include_str!("../../../data/places/variants.tsv");
pub(crate) const NOT_PLACES: &str = include_str!("../../../data/places/not_places.txt");
pub(crate) const STATES: &str = include_str!("../../../data/actors/states.tsv");

pub(crate) const CITIES_FILE: &str = "data/places/cities.tsv";
pub(crate) const COUNTRIES_FILE: &str = "data/places/countries.tsv";
pub(crate) const REGIONS_FILE: &str = "data/places/regions.tsv";
pub(crate) const STOPLIST_FILE: &str = "data/places/stoplist.txt";
pub(crate) const CONTEXT_FILE: &str = "data/places/context.txt";
pub(crate) const CITIES_EXTRA_FILE: &str = "data/places/cities_extra.tsv";
pub(crate) const VARIANTS_FILE: &str = "data/places/variants.tsv";
pub(crate) const NOT_PLACES_FILE: &str = "data/places/not_places.txt";
pub(crate) const STATES_FILE: &str = "data/actors/states.tsv";

/// Data lines of a TSV: comments and blank lines skipped, the header
/// (first remaining line) checked and skipped. Yields (line number, fields).
fn rows<'a>(
    file: &'a str,
    text: &'a str,
    header_first: &'a str,
    min_fields: usize,
) -> impl Iterator<Item = Result<(usize, Vec<&'a str>), String>> + 'a {
    let mut seen_header = false;
    text.lines().enumerate().filter_map(move |(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            return None;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if !seen_header {
            seen_header = true;
            if fields.first().map(|f| f.trim()) != Some(header_first) {
                return Some(Err(format!(
                    "{file}:{}: expected a header starting with '{header_first}'",
                    i + 1
                )));
            }
            return None;
        }
        if fields.len() < min_fields {
            return Some(Err(format!(
                "{file}:{}: expected {min_fields} tab-separated fields, found {}",
                i + 1,
                fields.len()
            )));
        }
        Some(Ok((i + 1, fields)))
    })
}

fn coord(file: &str, line: usize, what: &str, s: &str, limit: f64) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Ok(v),
        _ => Err(format!("{file}:{line}: bad {what} '{s}'")),
    }
}

fn names(field: &str) -> Vec<String> {
    field
        .split('|')
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|n| !n.is_empty())
        .collect()
}

fn iso3_ok(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Countries: coordinates and population from countries.tsv, Arabic names
/// from the actor catalogue's states.tsv. Returns the places and the set
/// of all ISO3 codes GeoNames knows (for validating the other files).
pub(crate) fn countries() -> Result<(Vec<Place>, HashSet<String>), String> {
    let mut not_places = HashSet::new();
    for (i, line) in NOT_PLACES.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let key = key_of(line);
        if key.is_empty() {
            return Err(format!(
                "{NOT_PLACES_FILE}:{}: '{line}' has no letters",
                i + 1
            ));
        }
        not_places.insert(key);
    }
    struct Row {
        name_en: String,
        coords: Option<(f64, f64)>,
        population: u64,
    }
    let mut geo: HashMap<String, Row> = HashMap::new();
    for r in rows(COUNTRIES_FILE, COUNTRIES, "iso3", 6) {
        let (line, f) = r?;
        let code = f[0].trim();
        if !iso3_ok(code) {
            return Err(format!("{COUNTRIES_FILE}:{line}: bad ISO3 code '{code}'"));
        }
        let coords = if f[3].trim() == "-" || f[4].trim() == "-" {
            None
        } else {
            Some((
                coord(COUNTRIES_FILE, line, "latitude", f[3], 90.0)?,
                coord(COUNTRIES_FILE, line, "longitude", f[4], 180.0)?,
            ))
        };
        let population = f[5]
            .trim()
            .parse::<u64>()
            .map_err(|_| format!("{COUNTRIES_FILE}:{line}: bad population '{}'", f[5].trim()))?;
        geo.insert(
            code.to_string(),
            Row {
                name_en: f[2].trim().to_string(),
                coords,
                population,
            },
        );
    }
    let codes: HashSet<String> = geo.keys().cloned().collect();
    let mut out = Vec::new();
    for r in rows(STATES_FILE, STATES, "code", 3) {
        let (line, f) = r?;
        let code = f[0].trim();
        let Some(g) = geo.get(code) else {
            return Err(format!(
                "{STATES_FILE}:{line}: state '{code}' is not in {COUNTRIES_FILE}"
            ));
        };
        let Some((lat, lon)) = g.coords else {
            return Err(format!(
                "{COUNTRIES_FILE}: no coordinates for state '{code}' ({STATES_FILE}:{line})"
            ));
        };
        let names_ar: Vec<String> = names(f[2])
            .into_iter()
            // A weak alias (~) of the actor catalogue is still the country's name.
            .map(|n| n.trim_start_matches('~').to_string())
            .filter(|n| !n.is_empty() && !not_places.contains(&key_of(n)))
            .collect();
        if names_ar.is_empty() {
            return Err(format!("{STATES_FILE}:{line}: no Arabic name for '{code}'"));
        }
        out.push(Place {
            name_ar: names_ar[0].clone(),
            names_ar,
            name_en: if f[1].trim().is_empty() {
                g.name_en.clone()
            } else {
                f[1].trim().to_string()
            },
            country: Some(code.to_string()),
            lat,
            lon,
            population: g.population,
            kind: PlaceKind::Country,
            geonameid: None,
            notable: true,
        });
    }
    Ok((out, codes))
}

/// Cities from the GeoNames extract.
pub(crate) fn cities(codes: &HashSet<String>) -> Result<Vec<Place>, String> {
    let mut out = Vec::with_capacity(26_000);
    for r in rows(CITIES_FILE, CITIES, "names_ar", 9) {
        let (line, f) = r?;
        let names_ar = names(f[0]);
        if names_ar.is_empty() {
            return Err(format!("{CITIES_FILE}:{line}: no Arabic name"));
        }
        let country = f[2].trim();
        if !codes.contains(country) {
            return Err(format!("{CITIES_FILE}:{line}: unknown country '{country}'"));
        }
        let kind = match f[6].trim() {
            "capital" => PlaceKind::Capital,
            "city" => PlaceKind::City,
            k => return Err(format!("{CITIES_FILE}:{line}: unknown kind '{k}'")),
        };
        out.push(Place {
            name_ar: names_ar[0].clone(),
            names_ar,
            name_en: f[1].trim().to_string(),
            country: Some(country.to_string()),
            lat: coord(CITIES_FILE, line, "latitude", f[3], 90.0)?,
            lon: coord(CITIES_FILE, line, "longitude", f[4], 180.0)?,
            population: f[5]
                .trim()
                .parse::<u64>()
                .map_err(|_| format!("{CITIES_FILE}:{line}: bad population '{}'", f[5].trim()))?,
            kind,
            geonameid: f[8].trim().parse::<u32>().ok(),
            notable: false,
        });
    }
    Ok(out)
}

/// Hand-written cities GeoNames has no Arabic name for.
pub(crate) fn cities_extra(codes: &HashSet<String>) -> Result<Vec<Place>, String> {
    let mut out = Vec::new();
    for r in rows(CITIES_EXTRA_FILE, CITIES_EXTRA, "names_ar", 6) {
        let (line, f) = r?;
        let names_ar = names(f[0]);
        if names_ar.is_empty() {
            return Err(format!("{CITIES_EXTRA_FILE}:{line}: no Arabic name"));
        }
        let country = f[2].trim();
        if !codes.contains(country) {
            return Err(format!(
                "{CITIES_EXTRA_FILE}:{line}: unknown country '{country}'"
            ));
        }
        out.push(Place {
            name_ar: names_ar[0].clone(),
            names_ar,
            name_en: f[1].trim().to_string(),
            country: Some(country.to_string()),
            lat: coord(CITIES_EXTRA_FILE, line, "latitude", f[3], 90.0)?,
            lon: coord(CITIES_EXTRA_FILE, line, "longitude", f[4], 180.0)?,
            population: f[5].trim().parse::<u64>().map_err(|_| {
                format!(
                    "{CITIES_EXTRA_FILE}:{line}: bad population '{}'",
                    f[5].trim()
                )
            })?,
            kind: PlaceKind::City,
            geonameid: None,
            notable: true,
        });
    }
    Ok(out)
}

/// Apply variants.tsv (extra names, notable flags) to GeoNames cities.
pub(crate) fn apply_variants(places: &mut [Place]) -> Result<(), String> {
    let by_id: HashMap<u32, usize> = places
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.geonameid.map(|g| (g, i)))
        .collect();
    for r in rows(VARIANTS_FILE, VARIANTS, "geonameid", 3) {
        let (line, f) = r?;
        let id = f[0].trim();
        let Some(&i) = id.parse::<u32>().ok().and_then(|g| by_id.get(&g)) else {
            return Err(format!(
                "{VARIANTS_FILE}:{line}: geonameid '{id}' is not in {CITIES_FILE}"
            ));
        };
        let notable = match f[2].trim() {
            "yes" => true,
            "no" => false,
            v => {
                return Err(format!(
                    "{VARIANTS_FILE}:{line}: notable must be yes|no, not '{v}'"
                ))
            }
        };
        let p = &mut places[i];
        p.notable |= notable;
        if f[1].trim() != "-" {
            for n in names(f[1]) {
                if !p.names_ar.contains(&n) {
                    p.names_ar.push(n);
                }
            }
        }
    }
    Ok(())
}

/// Hand-written regions, governorates and seas.
pub(crate) fn regions(codes: &HashSet<String>) -> Result<Vec<Place>, String> {
    let mut out = Vec::new();
    for r in rows(REGIONS_FILE, REGIONS, "names_ar", 6) {
        let (line, f) = r?;
        let names_ar = names(f[0]);
        if names_ar.is_empty() {
            return Err(format!("{REGIONS_FILE}:{line}: no Arabic name"));
        }
        let country = match f[2].trim() {
            "-" => None,
            c if codes.contains(c) => Some(c.to_string()),
            c => return Err(format!("{REGIONS_FILE}:{line}: unknown country '{c}'")),
        };
        let kind = match f[5].trim() {
            "governorate" => PlaceKind::Governorate,
            "province" => PlaceKind::Province,
            "region" => PlaceKind::Region,
            "sea" => PlaceKind::Sea,
            "waterway" => PlaceKind::Waterway,
            k => return Err(format!("{REGIONS_FILE}:{line}: unknown kind '{k}'")),
        };
        out.push(Place {
            name_ar: names_ar[0].clone(),
            names_ar,
            name_en: f[1].trim().to_string(),
            country,
            lat: coord(REGIONS_FILE, line, "latitude", f[3], 90.0)?,
            lon: coord(REGIONS_FILE, line, "longitude", f[4], 180.0)?,
            population: 0,
            kind,
            geonameid: None,
            notable: true,
        });
    }
    Ok(out)
}

/// A `word<TAB>level` list (levels: the `levels` given), each word turned
/// into a key by `key`.
pub(crate) fn level_map(
    file: &str,
    text: &str,
    key: impl Fn(&str) -> String,
    levels: &[(&str, Context)],
) -> Result<FxMap<String, Context>, String> {
    let mut out = FxMap::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut f = line.split('\t');
        let (Some(word), Some(level)) = (f.next(), f.next()) else {
            return Err(format!("{file}:{}: expected word<TAB>level", i + 1));
        };
        let Some(&(_, level)) = levels.iter().find(|(name, _)| *name == level.trim()) else {
            return Err(format!(
                "{file}:{}: unknown level '{}'",
                i + 1,
                level.trim()
            ));
        };
        let k = key(word.trim());
        if k.is_empty() {
            return Err(format!(
                "{file}:{}: '{}' has no letters",
                i + 1,
                word.trim()
            ));
        }
        out.insert(k, level);
    }
    Ok(out)
}
