#!/usr/bin/env python3
"""List agent-noun candidates from the UniversalPetrarch Arabic agents dictionary.

Input: /work/shared/data/up-arabic-dicts/agents.all.ar_v3.txt (MIT, see SOURCE.md there).
Output (stdout): TSV `code<TAB>phrase<TAB>count`, only phrases of 1-2 words whose
code is one plain CAMEO agent code. The output is a candidate list for hand
review, committed as data/actors/derived/agents_up_candidates.tsv; the entries
kept (after dropping machine-translation noise) were copied into agents.tsv.
"""
import collections
import re
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/up-arabic-dicts/agents.all.ar_v3.txt"
CODES = {"GOV", "MIL", "COP", "REB", "OPP", "CVL", "UAF", "JUD", "LEG", "MED", "SPY",
         "REF", "EDU", "BUS", "LAB", "HLH", "REL", "PTY", "AGR", "ENV", "DEV", "HRI", "IGO", "NGO"}
LINE = re.compile(r"^(\S+)\s+\[~?([A-Z]+)~?\]")

counts = collections.Counter()
for raw in open(SRC, encoding="utf-8"):
    m = LINE.match(raw.strip())
    if not m:
        continue
    phrase, code = m.group(1).strip("_"), m.group(2)
    if code not in CODES:
        continue
    words = phrase.split("_")
    if len(words) > 2:
        continue
    counts[(code, " ".join(words))] += 1

print("# candidates mined by scripts/actors/mine_agents.py from UniversalPetrarch agents.all.ar_v3.txt (MIT)")
print("code\tphrase\tcount")
for (code, phrase), n in sorted(counts.items()):
    print(f"{code}\t{phrase}\t{n}")
