#!/usr/bin/env python3
"""List gazetteer names that are often NOT places in tagged news text.

Usage: python3 scripts/places/collision_candidates.py CORPUS [CORPUS...]
CORPUS: a `token TAG` per line file (ANERcorp style, e.g.
/work/shared/data/anercorp/ANERCorp_CamelStyle_train_RECONSTRUCTED.txt).

Prints one name key per line with counts (not-a-place vs place), most
frequent first. The output is a review aid: a human picks real collisions
into data/places/stoplist.txt. Only names are ever written to the repo,
never corpus text. Keep the corpus used for evaluation (the test split)
out of this, so the stoplist is not tuned on the test.
"""
import collections
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
HARAKAT = re.compile(r"[\u064B-\u0652\u0670\u0640]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})


def fold(s):
    return HARAKAT.sub("", s).translate(FOLD)


def strip_al(w):
    return w[2:] if w.startswith("ال") and len(w) >= 4 else w


def readings(w):
    out = [strip_al(w)]
    if w[:1] in ("و", "ف") and len(w) > 3:
        out.append(strip_al(w[1:]))
        w = w[1:]
    if w.startswith("لل") and len(w) >= 5:
        out.append(w[2:])
    elif w[:1] in ("ب", "ل", "ك") and len(w) > 3:
        out.append(strip_al(w[1:]))
    return [r for r in out if len(r) >= 3]


def main():
    keys = {}
    with open(os.path.join(ROOT, "data", "places", "cities.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("names_ar"):
                continue
            cols = line.rstrip("\n").split("\t")
            for n in cols[0].split("|"):
                k = " ".join(strip_al(w) for w in fold(n).split())
                if " " not in k and len(k) >= 3:
                    keys.setdefault(k, 0)
                    keys[k] = max(keys[k], int(cols[5]))
    other = collections.Counter()
    loc = collections.Counter()
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.replace("\u200f", "").split()
                if len(parts) != 2:
                    continue
                tok, tag = parts
                for r in readings(fold(tok)):
                    if r in keys:
                        (loc if tag.endswith("LOC") else other)[r] += 1
                        break
    for k, n in other.most_common():
        if n >= 2 and n > loc[k]:
            print("%s\t%d\t%d\t%d" % (k, n, loc[k], keys[k]))


if __name__ == "__main__":
    main()
