#!/usr/bin/env python3
"""Builds word clusters for rasad-ner from unlabeled Arabic text.

Every token is folded and clitic-stripped exactly as the NER features do
(`fold` + `strip_clitics` in crates/rasad-ner/src/features.rs), so the keys
of the output file are the stems the tagger looks up. A skip-gram word2vec
model (gensim) is trained over the stem sequences and its vectors are
clustered by k-means at several granularities; each stem seen at least
--min-count times gets one cluster id per granularity.

Output: `#` header lines (sources, licenses, recipe), then one line per stem:
`stem<TAB>id_1<TAB>id_2...` (ids for the granularities in --ks order).

Corpora (repeatable `--source KIND:PATH`):
  conll:PATH   token-per-line files (first column), blank line = sentence end
  gsr:PATH     UniversalPetrarch GSR XML: the <Text> sentences
  dict:PATH    UniversalPetrarch dictionaries: Arabic phrases (words joined by _)
  jsonl:PATH   JSON lines with "title" and "text" (for measurement only)

Needs: pip install numpy scikit-learn gensim (data/ner/clusters.txt was made with
gensim 4.4.0, numpy 2.4.6, scikit-learn 1.9.1; one worker thread and fixed seeds
make the output the same run to run). The command that made it:

  D=../shared/data   # /work/shared/data
  python3 crates/rasad-ner/tools/build_clusters.py \\
    --source conll:$D/anercorp/ANERCorp_CamelStyle_train_RECONSTRUCTED.txt \\
    --source gsr:$D/up-arabic-gsr/arabic_assault_gsr_validation_dev.xml \\
    --source gsr:$D/up-arabic-gsr/arabic_protest_gsr_validation_dev.xml \\
    --source conll:$D/wojood-sample/train.txt --source conll:$D/wojood-sample/val.txt \\
    --source conll:$D/wojood-sample/test.txt \\
    --source dict:$D/up-arabic-dicts/actor_dict_ar_v4.txt \\
    --source dict:$D/up-arabic-dicts/agents.all.ar_v3.txt \\
    --source dict:$D/up-arabic-dicts/CAMEO.ar.0.5.txt \\
    --min-count 2 --epochs 30 --ks 32,128,512 --out data/ner/clusters.txt \\
    --header "License: CC BY-SA 4.0 (...)" ...   (the three header lines of the file)

Known flaw, kept so the file stays the one measured: raw text (the GSR
sentences) is tokenized with the Arabic comma, semicolon and question mark
(U+060C, U+061B, U+061F) left attached to the word before them.
"""

import argparse
import json
import re
import sys

DIACRITICS = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640"}
ALEFS = set("أإآٱ")


def fold(word):
    out = []
    for c in word:
        if c in DIACRITICS:
            continue
        if c in ALEFS:
            out.append("ا")
        elif c == "ى":
            out.append("ي")
        elif c == "ة":
            out.append("ه")
        elif "٠" <= c <= "٩":
            out.append(chr(ord("0") + ord(c) - ord("٠")))
        elif c.isascii():
            out.append(c.lower())
        else:
            out.append(c)
    return "".join(out)


def strip_clitics(f):
    rest = f
    left = len(f)
    if left > 3 and (rest.startswith("و") or rest.startswith("ف")):
        rest = rest[1:]
        left -= 1
    if left > 4 and rest.startswith("لل"):
        rest = rest[2:]
    elif left > 4 and (rest.startswith("بال") or rest.startswith("كال") or rest.startswith("لال")):
        rest = rest[3:]
    elif left > 3 and rest.startswith("ال"):
        rest = rest[2:]
    return rest


def stem(word):
    return strip_clitics(fold(word))


# Raw text: letters/digits runs and single punctuation marks, as ANERcorp
# separates them.
TOKEN = re.compile(r"[\w\u0600-\u06FF]+|[^\w\s]", re.UNICODE)


def tokenize(text):
    return TOKEN.findall(text)


def read_conll(path):
    sent = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                if sent:
                    yield sent
                sent = []
            elif parts[0] != "-DOCSTART-":
                sent.append(parts[0])
    if sent:
        yield sent


def read_gsr(path):
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r"<Text>\s*(.*?)\s*</Text>", text, re.S):
        yield tokenize(m.group(1))


def read_dict(path):
    for line in open(path, encoding="utf-8"):
        line = line.split("#")[0]
        line = re.sub(r"\[[^\]]*\]", " ", line)
        words = [w for w in re.split(r"[_\s]+", line) if re.search("[\u0621-\u064A]", w)]
        words = [w.lstrip("+&") for w in words]
        if words:
            yield words


def read_jsonl(path):
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        for field in ("title", "text"):
            for para in (d.get(field) or "").split("\n"):
                toks = tokenize(para)
                if toks:
                    yield toks


READERS = {"conll": read_conll, "gsr": read_gsr, "dict": read_dict, "jsonl": read_jsonl}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", action="append", required=True, help="KIND:PATH")
    ap.add_argument("--out", required=True)
    ap.add_argument("--ks", default="64,256,1024")
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--header", action="append", default=[], help="extra header line")
    args = ap.parse_args()

    import numpy as np
    from gensim.models import Word2Vec
    from sklearn.cluster import KMeans

    sents = []
    ntok = 0
    for src in args.source:
        kind, path = src.split(":", 1)
        for toks in READERS[kind](path):
            s = [stem(t) for t in toks]
            s = [t for t in s if t]
            if s:
                sents.append(s)
                ntok += len(s)
    print(f"{len(sents)} sentences, {ntok} tokens", file=sys.stderr)
    w2v = Word2Vec(
        sents,
        vector_size=args.dim,
        window=args.window,
        min_count=args.min_count,
        sg=1,
        negative=10,
        sample=1e-4,
        epochs=args.epochs,
        workers=1,
        seed=args.seed,
    )
    words = list(w2v.wv.index_to_key)
    vecs = np.array([w2v.wv[w] for w in words], dtype=np.float64)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-12
    ks = [int(k) for k in args.ks.split(",")]
    ids = []
    for k in ks:
        k = min(k, len(words))
        km = KMeans(n_clusters=k, n_init=1, random_state=args.seed, max_iter=100)
        ids.append(km.fit_predict(vecs))
        print(f"k={k} done", file=sys.stderr)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# rasad-ner word clusters: folded, clitic-stripped stem, then one k-means\n")
        f.write(f"# cluster id per granularity ({args.ks}) over skip-gram word2vec vectors\n")
        f.write(f"# (dim {args.dim}, window {args.window}, {args.epochs} epochs, min count "
                f"{args.min_count}, seed {args.seed}); {len(words)} stems from {ntok} tokens.\n")
        f.write("# Generated by crates/rasad-ner/tools/build_clusters.py from:\n")
        for src in args.source:
            kind, path = src.split(":", 1)
            f.write(f"#   {kind}: {'/'.join(path.split('/')[-2:])}\n")
        for h in args.header:
            f.write(f"# {h}\n")
        for i in sorted(range(len(words)), key=lambda i: words[i]):
            if words[i].startswith("#"):
                continue  # would read as a comment
            f.write(words[i] + "\t" + "\t".join(str(int(c[i])) for c in ids) + "\n")


if __name__ == "__main__":
    main()
