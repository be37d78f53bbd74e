#!/usr/bin/env python3
"""Derives data/ner/names.txt from the UniversalPetrarch Arabic actor dictionary (MIT).

Usage: extract_names.py shared/data/up-arabic-dicts/actor_dict_ar_v4.txt > data/ner/names.txt

An entry whose codes carry date ranges (tab-indented `[CODE from-to]` lines) is an individual:
its words are PERS_NAME tokens, unless the entry starts with an organisation word or has one word.
An entry whose only code is a bare three-letter country code is a place: its words are PLACE tokens.
"""
import re
import sys

ORG_WORDS = set("""حركة منظمة حزب جبهة مجلس وزارة جيش اتحاد قوة قوات شرطة جمعية شركة بنك هيئة لجنة
جامعة مؤسسة رابطة تنظيم كتيبة كتائب سلطة حكومة محكمة وكالة مركز""".split())


def entries(lines):
    cur = None
    for line in lines:
        line = line.split("#", 1)[0].rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("\t") or (line.startswith(" ") and line.strip().startswith("[")):
            if cur:
                cur[1].extend(re.findall(r"\[([^\]]+)\]", line))
            continue
        if cur:
            yield cur
        head = line.strip().split()[0]
        cur = (head, re.findall(r"\[([^\]]+)\]", line))
    if cur:
        yield cur


def main():
    pers, place = set(), set()
    with open(sys.argv[1], encoding="utf-8") as f:
        for phrase, codes in entries(f):
            words = [w for w in phrase.strip("_").split("_")
                     if len(w) >= 2 and re.fullmatch(r"[\u0621-\u064A]+", w)]
            if not words or not codes:
                continue
            dated = any(" " in c.strip() for c in codes)
            if dated and len(words) >= 2 and words[0] not in ORG_WORDS:
                pers.update(words)
            elif not dated and all(re.fullmatch(r"[A-Z]{3}", c.strip()) for c in codes):
                place.update(words)
    print("# Name tokens for rasad-ner, derived by crates/rasad-ner/tools/extract_names.py from")
    print("# UniversalPetrarch actor_dict_ar_v4.txt (MIT, Copyright (c) 2016 Open Event Data Alliance; see")
    print("# shared/data/up-arabic-dicts/SOURCE.md). Format: `CLASS word`; classes PERS_NAME, PLACE.")
    print("# A word may be listed under both classes.")
    for w in sorted(pers):
        print("PERS_NAME", w)
    for w in sorted(place):
        print("PLACE", w)


main()
