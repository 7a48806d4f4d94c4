"""Document classification with skw2v document vectors, side by side with its peers.

On the labelled sets in ``../shared/data/textcls`` (20 Newsgroups with headers,
footers and quotes removed, bydate split; rt-polarity, its 10 folds), in one
run: TF-IDF + LogisticRegression; gensim 4.4 Word2Vec trained on the training
text, mean-pooled, + StandardScaler + LogisticRegression (what users do
today); ``EmbeddingVectorizer`` with each pooling on word vectors learned on the
training text by PPMI-SVD (the default recipe), QWEM and SGNS; on vectors pretrained
on ``enwiki-17m.txt.gz``; and TF-IDF (+) ours through ``make_union``. Prints test
accuracy, the time to learn the word vectors (ours against gensim's training,
measured in the same process on the same split) and the whole fit time.

Run under the shared lock (2 cores shared by several engineers)::

    flock /tmp/skw2v-bench.lock python benchmarks/bench_documents.py
    python benchmarks/bench_documents.py --datasets rt --rt-folds 2 --methods qwem
    flock /tmp/skw2v-bench.lock python benchmarks/bench_documents.py --datasets 20ng \
        --learn-only 3 --pretrained ''
"""

import argparse
import gzip
import json
import statistics
import time
import warnings

import numpy as np

from _common import CORPUS, SHARED  # also checks that this checkout's skw2v is measured

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union
from sklearn.preprocessing import StandardScaler

from skw2v import (
    EmbeddingVectorizer,
    QWEMEmbedding,
    SGNSEmbedding,
    WordVectors,
)
from skw2v.documents import EmptyDocumentWarning

TEXTCLS = SHARED / "data" / "textcls"
TOKEN_PATTERN = r"(?u)\b\w\w+\b"
POOLINGS = ("sif", "tfidf", "mean", "max")


def read_tsv(path):
    labels, docs = [], []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            label, _, text = line.rstrip("\n").partition("\t")
            labels.append(label)
            docs.append(text)
    return docs, np.array(labels)


def splits(dataset, rt_folds, subsample, seed=0, rt_start=0):
    """(name, train docs, train labels, test docs, test labels) per split."""
    if dataset == "20ng":
        base = TEXTCLS / "20newsgroups"
        Xtr, ytr = read_tsv(base / "train.noheaders_nofooters_noquotes.tsv.gz")
        Xte, yte = read_tsv(base / "test.noheaders_nofooters_noquotes.tsv.gz")
        if subsample:
            rng = np.random.default_rng(seed)
            tr = rng.permutation(len(Xtr))[:subsample]
            te = rng.permutation(len(Xte))[:subsample]
            Xtr, ytr = [Xtr[i] for i in tr], ytr[tr]
            Xte, yte = [Xte[i] for i in te], yte[te]
        yield "20ng", Xtr, ytr, Xte, yte
        return
    X, y = read_tsv(TEXTCLS / "rt-polarity" / "all.tsv.gz")
    folds = np.loadtxt(TEXTCLS / "rt-polarity" / "folds10.txt", dtype=int)
    for k in range(rt_start, rt_start + rt_folds):
        tr, te = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        yield f"rt fold {k}", [X[i] for i in tr], y[tr], [X[i] for i in te], y[te]


def classifier():
    return LogisticRegression(C=10, max_iter=2000)


def tfidf():
    return TfidfVectorizer(sublinear_tf=True, min_df=2)


def score(features, Xtr, ytr, Xte, yte, scale=False):
    """Fit features + (StandardScaler) + LogisticRegression; accuracy and fit time."""
    steps = [features] + ([StandardScaler()] if scale else []) + [classifier()]
    model = make_pipeline(*steps)
    start = time.perf_counter()
    model.fit(Xtr, ytr)
    fit_time = time.perf_counter() - start
    return float(model.score(Xte, yte)), fit_time


def learners(n_jobs, seed):
    """Word-vector learners on the training text (EmbeddingVectorizer embeddings)."""
    return {
        "ppmi": None,  # the default recipe: shifted-PPMI SVD on harmonic-window counts
        "qwem": QWEMEmbedding(n_components=300, random_state=seed, n_jobs=n_jobs),
        "sgns": SGNSEmbedding(n_components=300, window=5, min_count=2,
                              max_vocab_size=30000, epochs=5, token_pattern=TOKEN_PATTERN,
                              n_jobs=n_jobs, random_state=seed),
    }


def gensim_vectors(docs, n_jobs, seed):
    """gensim 4.4 Word2Vec as the README's anchor, tokens lowercase \\b\\w\\w+\\b."""
    from gensim.models import Word2Vec
    import re

    pattern = re.compile(TOKEN_PATTERN)
    sentences = [pattern.findall(d.lower()) for d in docs]
    start = time.perf_counter()
    model = Word2Vec(sentences, sg=1, vector_size=200, window=5, negative=5, min_count=5,
                     epochs=5, workers=n_jobs, seed=seed)
    return WordVectors.from_gensim(model), time.perf_counter() - start


def pretrained_vectors(path, n_jobs, seed):
    """The default recipe's counts and SVD on enwiki-17m (V = 30k, d = 300), cached as a file.

    With plain PPMI, not the recipe's shift: vectors learned on a general corpus
    for use elsewhere lose with the shift (rt-polarity 0.668 against 0.694,
    20 Newsgroups level; benchmarks/RESULTS.md, "Document vectors, session 18:
    pretrained vectors").
    """
    if path.exists():
        return WordVectors.load_word2vec_format(path, binary=True), None
    start = time.perf_counter()
    pipe = EmbeddingVectorizer(random_state=seed, n_jobs=n_jobs)
    from skw2v.documents._sources import default_recipe  # the same recipe, on a file

    est = default_recipe(300, max_vocab_size=30000, min_count=5,
                         tokenization=pipe._tokenization(), random_state=seed, n_jobs=n_jobs)
    est.set_params(pmisvdembedding__pmi="ppmi").fit(str(CORPUS))
    wv = est[-1].wv
    wv.save_word2vec_format(path, binary=True)
    return wv, time.perf_counter() - start


def learn_only(name, Xtr, args):
    """Word-vector learning only, gensim and ours interleaved ``--learn-only`` times."""
    times = {"gensim": [], "ours": []}
    for _ in range(args.learn_only):
        times["gensim"].append(gensim_vectors(Xtr, args.n_jobs, args.seed)[1])
        start = time.perf_counter()
        EmbeddingVectorizer(random_state=args.seed, n_jobs=args.n_jobs).fit(Xtr)
        times["ours"].append(time.perf_counter() - start)
    g, o = statistics.median(times["gensim"]), statistics.median(times["ours"])
    print(f"{name}: learning, medians of {args.learn_only}: gensim {g:.1f} s, ours (default) "
          f"{o:.1f} s, ratio {o / g:.3f}; all: {times}", flush=True)


def run_split(name, Xtr, ytr, Xte, yte, args, pretrained):
    rows = []

    def add(system, pooling, acc, fit_time, learn_time=None):
        rows.append({"split": name, "system": system, "pooling": pooling, "accuracy": acc,
                     "fit_s": fit_time, "learn_s": learn_time})
        learn = "" if learn_time is None else f"  learn {learn_time:7.1f} s"
        print(f"{name:10s} {system:22s} {pooling or '':6s} {acc:.4f}  fit {fit_time:7.1f} s"
              f"{learn}", flush=True)

    if not args.skip_tfidf:
        acc, t = score(tfidf(), Xtr, ytr, Xte, yte)
        add("tfidf+lr", None, acc, t)
    if not args.skip_gensim:
        wv, learn = gensim_vectors(Xtr, args.n_jobs, args.seed)
        acc, t = score(EmbeddingVectorizer(wv, pooling="mean", norm=None), Xtr, ytr, Xte,
                       yte, scale=True)
        add("gensim w2v mean+std", "mean", acc, t + learn, learn)
    for method in args.methods:
        vec = EmbeddingVectorizer(learners(args.n_jobs, args.seed)[method],
                                  random_state=args.seed, n_jobs=args.n_jobs)
        start = time.perf_counter()
        vec.fit(Xtr)
        learn = time.perf_counter() - start
        wv = vec.word_vectors_
        for pooling in args.poolings:
            acc, t = score(EmbeddingVectorizer(wv, pooling=pooling), Xtr, ytr, Xte, yte)
            add(f"ours {method}", pooling, acc, t + learn, learn)
        union = make_union(tfidf(), EmbeddingVectorizer(wv))
        acc, t = score(union, Xtr, ytr, Xte, yte)
        add(f"tfidf (+) ours {method}", "tfidf", acc, t + learn, learn)
    if pretrained is not None:
        for pooling in args.poolings:
            acc, t = score(EmbeddingVectorizer(pretrained, pooling=pooling), Xtr, ytr, Xte,
                           yte)
            add("ours enwiki ppmi", pooling, acc, t)
        acc, t = score(make_union(tfidf(), EmbeddingVectorizer(pretrained)), Xtr, ytr, Xte,
                       yte)
        add("tfidf (+) ours enwiki", "tfidf", acc, t)
    return rows


def summarise(rows):
    """Mean accuracy and median times per (dataset, system, pooling)."""
    groups = {}
    for r in rows:
        key = (r["split"].split()[0], r["system"], r["pooling"])
        groups.setdefault(key, []).append(r)
    print("\n| data | system | pooling | accuracy | fit s (median) | learn s (median) | splits |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for (data, system, pooling), rs in groups.items():
        acc = statistics.mean(r["accuracy"] for r in rs)
        fit = statistics.median(r["fit_s"] for r in rs)
        learns = [r["learn_s"] for r in rs if r["learn_s"] is not None]
        learn = f"{statistics.median(learns):.1f}" if learns else ""
        print(f"| {data} | {system} | {pooling or ''} | {acc:.4f} | {fit:.1f} | {learn} | "
              f"{len(rs)} |")
    ratios = {}
    for r in rows:
        if r["system"] == "ours ppmi" and r["learn_s"]:
            peer = [g for g in rows if g["split"] == r["split"] and g["system"].startswith("gensim")]
            if peer:
                ratios[r["split"]] = r["learn_s"] / peer[0]["learn_s"]
    if ratios:
        print("\nlearning time ours (default, PPMI-SVD) / gensim training, per split: "
              + ", ".join(f"{k} {v:.3f}" for k, v in ratios.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", nargs="+", default=["20ng", "rt"], choices=["20ng", "rt"])
    parser.add_argument("--rt-folds", type=int, default=10, help="how many rt folds")
    parser.add_argument("--rt-start", type=int, default=0,
                        help="first rt fold (to split the 10 folds over several locked runs)")
    parser.add_argument("--subsample", type=int, default=None,
                        help="20ng: this many training and test documents (exploration)")
    parser.add_argument("--methods", nargs="*", default=["ppmi", "qwem", "sgns"],
                        choices=["ppmi", "qwem", "sgns"])
    parser.add_argument("--poolings", nargs="+", default=list(POOLINGS), choices=POOLINGS)
    parser.add_argument("--skip-gensim", action="store_true")
    parser.add_argument("--skip-tfidf", action="store_true")
    parser.add_argument("--pretrained", default="/tmp/skw2v-bench-enwiki-pretrained-ppmi300.bin",
                        help="cache file of the enwiki vectors ('' to skip them)")
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", default=None, help="write every row to this file")
    parser.add_argument("--learn-only", type=int, default=0, metavar="N",
                        help="only time the word-vector learning, gensim and ours, N times")
    args = parser.parse_args()
    warnings.simplefilter("ignore", EmptyDocumentWarning)  # 20ng keeps its empty posts
    pretrained = None
    if args.pretrained:
        from pathlib import Path

        pretrained, t = pretrained_vectors(Path(args.pretrained), args.n_jobs, args.seed)
        if t is not None:
            print(f"enwiki vectors learned in {t:.1f} s ({len(pretrained)} words)")
    rows = []
    for dataset in args.datasets:
        for split in splits(dataset, args.rt_folds, args.subsample, args.seed,
                            args.rt_start):
            if args.learn_only:
                learn_only(split[0], split[1], args)
                continue
            rows.extend(run_split(*split, args, pretrained))
    summarise(rows)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
