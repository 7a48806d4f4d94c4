"""SGNSEmbedding against gensim 4.4 Word2Vec, side by side on the same corpus.

Both train skip-gram with the same settings on the same file in this process;
the script prints, per side, corpus words per second of training (the corpus's
token count times epochs, over the training time, vocabulary building
excluded on both sides), Google analogy accuracy (standard protocol,
restrict_vocab 10,000 and 30,000), WordSim-353 and SimLex-999 Spearman, and
the ratios. ``--stats`` adds the statistics path (SGNSEmbedding fitted on the
CooccurrenceVectorizer matrix of the same corpus and vocabulary).

Run under the shared lock (2 cores shared by several engineers)::

    flock /tmp/skw2v-bench.lock python benchmarks/bench_sgns.py
    flock /tmp/skw2v-bench.lock python benchmarks/bench_sgns.py --max-words 4e6 --epochs 1
"""

import argparse
import gzip
import itertools
import time

from _common import CORPUS  # also checks that this checkout's skw2v is measured

from skw2v import CooccurrenceVectorizer, SGNSEmbedding
from skw2v.scorers import analogy_accuracy, word_similarity
from skw2v.statistics import encode_corpus

_QUALITY = ("analogy@10k", "analogy@30k", "wordsim353", "simlex999")
GENSIM_MAX_SENTENCE = 10_000  # gensim truncates longer sentences: split as LineSentence does


def read_documents(path, max_words):
    docs, n = [], 0
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt") as f:
        for line in f:
            tokens = line.split()
            if not tokens:
                continue
            docs.append(tokens)
            n += len(tokens)
            if max_words and n >= max_words:
                break
    return docs, n


def evaluate(vectors):
    out = {}
    for r in (10_000, 30_000):
        out[f"analogy@{r // 1000}k"] = analogy_accuracy(vectors, restrict_vocab=r).accuracy
    out["wordsim353"] = word_similarity(vectors, "wordsim353").spearman
    out["simlex999"] = word_similarity(vectors, "simlex999").spearman
    return out


def run_gensim(docs, n_words, args):
    from gensim.models import Word2Vec

    pieces = [d[i:i + GENSIM_MAX_SENTENCE] for d in docs
              for i in range(0, len(d), GENSIM_MAX_SENTENCE)]
    model = Word2Vec(sg=1, vector_size=args.dim, window=args.window, negative=args.negative,
                     sample=args.sample, min_count=args.min_count, epochs=args.epochs,
                     workers=args.threads, seed=args.seed)
    model.build_vocab(pieces)
    t, c = time.perf_counter(), time.process_time()
    model.train(pieces, total_examples=len(pieces), epochs=args.epochs)
    return time.perf_counter() - t, time.process_time() - c, model.wv


def run_ours(docs, n_words, args):
    corpus = encode_corpus(docs)
    model = SGNSEmbedding(n_components=args.dim, window=args.window, negative=args.negative,
                          sample=args.sample, min_count=args.min_count, epochs=args.epochs,
                          n_jobs=args.threads, random_state=args.seed)
    c = time.process_time()
    model.fit(corpus)
    return model.training_time_, _train_cpu(model, c), model


def _train_cpu(model, cpu_start):
    """CPU seconds of fit (the vocabulary step is single-threaded and small)."""
    return time.process_time() - cpu_start


def run_stats(docs, n_words, args):
    vec = CooccurrenceVectorizer(window=args.window, weighting="linear",
                                 subsample=args.sample, subsample_draws=args.subsample_draws,
                                 min_count=args.min_count,
                                 n_jobs=args.threads, random_state=args.seed)
    X = vec.fit_transform(docs)
    model = SGNSEmbedding(n_components=args.dim, negative=args.negative,
                          epochs=args.epochs, n_jobs=args.threads, random_state=args.seed)
    c = time.process_time()
    model.fit(X)
    return model.training_time_, _train_cpu(model, c), model


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", default=str(CORPUS))
    p.add_argument("--max-words", type=float, default=0, help="read only this many words")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--dim", type=int, default=200)
    p.add_argument("--window", type=int, default=5)
    p.add_argument("--negative", type=int, default=5)
    p.add_argument("--sample", type=float, default=1e-4)
    p.add_argument("--min-count", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--subsample-draws", type=int, default=1,
                   help="statistics side: average the matrix over this many subsampling draws")
    p.add_argument("--sides", default="gensim,ours",
                   help="comma-separated among gensim, ours, stats")
    p.add_argument("--stats", action="store_true", help="add the statistics path")
    args = p.parse_args()
    sides = args.sides.split(",") + (["stats"] if args.stats else [])

    # Warm the numba cache on a toy corpus so compilation is not timed.
    SGNSEmbedding(n_components=8, min_count=1, epochs=1, n_jobs=args.threads).fit(
        ["a b c d e f"] * 20)

    docs, n_words = read_documents(args.corpus, int(args.max_words))
    print(f"corpus {args.corpus}: {n_words:,} words, {len(docs):,} documents; "
          f"d={args.dim} window={args.window} negative={args.negative} "
          f"sample={args.sample} min_count={args.min_count} epochs={args.epochs} "
          f"threads={args.threads}", flush=True)
    runners = {"gensim": run_gensim, "ours": run_ours, "stats": run_stats}
    results = {}
    for side in sides:
        seconds, cpu, vectors = runners[side](docs, n_words, args)
        row = {"seconds": seconds, "cpu_seconds": cpu,
               "words/s": n_words * args.epochs / seconds,
               "words/cpu_s": n_words * args.epochs / cpu}
        row.update(evaluate(vectors))
        results[side] = row
        print(f"{side:>7}: " + "  ".join(
            f"{k} {v:,.0f}" if k in ("words/s", "words/cpu_s") else f"{k} {v:.4f}" for k, v in row.items()),
            flush=True)
    for a, b in itertools.permutations(results, 2):
        if a == "gensim" or b != "gensim":
            continue
        ra, rb = results[a], results[b]
        print(f"{a} / {b}: speed x{ra['words/s'] / rb['words/s']:.2f} (wall), "
              f"x{ra['words/cpu_s'] / rb['words/cpu_s']:.2f} (per CPU second)  " + "  ".join(
                  f"{k} {ra[k] - rb[k]:+.4f}" for k in ra if k in _QUALITY))
    if "stats" in results and "ours" in results:
        ra, rb = results["stats"], results["ours"]
        print("stats - ours: " + "  ".join(
            f"{k} {ra[k] - rb[k]:+.4f}" for k in ra if k in _QUALITY))


if __name__ == "__main__":
    main()
