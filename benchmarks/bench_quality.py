"""Analogy accuracy of the closed forms (QWEM, PPMI-SVD) and a search over settings.

Run from the project root (one benchmark at a time on the shared machine)::

    flock /tmp/skw2v-bench.lock python benchmarks/bench_quality.py baseline
    flock /tmp/skw2v-bench.lock python benchmarks/bench_quality.py search \\
        --windows 10 --weightings linear --subsamples 0 1e-4 --negatives 1 5 \\
        --ns-exponents 1 0.875 --powers 0.25 0.5 0.75

``baseline``: V = 10,000, linear window 10, d = 200, no subsampling; QWEM
(``QWEMEmbedding()`` defaults, k = 5) and PPMI-SVD (``PMISVDEmbedding()``
defaults). ``search``: one count per (window, weighting, subsample), one
eigensolve per (k, ns_exponent, unigram), every eigenvalue power p from the same
eigenpairs (W = V Lambda^p needs no refit). ``ppmi-search``: the same for
PPMI-SVD over (window, weighting, subsample, context smoothing, p). Accuracy: Google analogies,
standard protocol, restricted to the 10k vocabulary (the protocol of the SGNS
figures in NOTES: gensim 0.577-0.603).
"""

import argparse
import itertools
import time

import numpy as np
from _common import require_corpus

from skw2v import CooccurrenceVectorizer, PMISVDEmbedding, QWEMEmbedding, WordVectors
from skw2v.scorers import analogy_accuracy


def count(path, vocab, window, weighting, subsample):
    t = time.perf_counter()
    X = CooccurrenceVectorizer(window=window, weighting=weighting,
                               subsample=subsample or None, max_vocab_size=vocab,
                               n_jobs=2, random_state=0).fit_transform(path)
    print(f"# counted window={window} weighting={weighting} subsample={subsample}: "
          f"{time.perf_counter() - t:.0f} s, nnz={X.nnz}", flush=True)
    return X


def score(words, W, vocab):
    return analogy_accuracy(WordVectors(words, W), restrict_vocab=vocab).accuracy


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["baseline", "search", "ppmi-search"])
    parser.add_argument("--cds", type=float, nargs="+", default=[0.75])
    parser.add_argument("--vocab", type=int, default=10_000)
    parser.add_argument("--dim", type=int, default=200)
    parser.add_argument("--windows", type=int, nargs="+", default=[10])
    parser.add_argument("--weightings", nargs="+", default=["linear"])
    parser.add_argument("--subsamples", type=float, nargs="+", default=[0.0])
    parser.add_argument("--negatives", type=float, nargs="+", default=[5])
    parser.add_argument("--ns-exponents", type=float, nargs="+", default=[1.0])
    parser.add_argument("--unigrams", nargs="+", default=["counts"])
    parser.add_argument("--powers", type=float, nargs="+", default=[0.5])
    parser.add_argument("--max-iter", type=int, default=None)
    parser.add_argument("--corpus", default=None)
    args = parser.parse_args()
    path = str(require_corpus(args.corpus) if args.corpus else require_corpus())

    if args.mode == "baseline":
        X = count(path, args.vocab, 10, "linear", 0)
        for name, est in [("QWEM", QWEMEmbedding(args.dim, n_jobs=2, random_state=0)),
                          ("PPMI-SVD", PMISVDEmbedding(args.dim, random_state=0))]:
            t = time.perf_counter()
            est.fit(X)
            acc = analogy_accuracy(est.wv, restrict_vocab=args.vocab)
            print(f"{name:9s} {time.perf_counter() - t:6.1f} s  analogy {acc.accuracy:.4f} "
                  f"({acc.n_questions} questions)", flush=True)
        return

    if args.mode == "ppmi-search":
        print("PPMI-SVD: window weighting subsample cds p accuracy")
        for window, weighting, subsample in itertools.product(
                args.windows, args.weightings, args.subsamples):
            X = count(path, args.vocab, window, weighting, subsample)
            for cds in args.cds:
                est = PMISVDEmbedding(args.dim, context_smoothing=cds, random_state=0).fit(X)
                s = est.singular_values_
                U = est.embedding_ / np.sqrt(s)[None, :]  # eigenvalue_power 0.5 undone
                for p in args.powers:
                    acc = score(est.words_, U * s[None, :] ** p, args.vocab)
                    print(f"{window} {weighting} {subsample:g} {cds:g} {p:g} {acc:.4f}",
                          flush=True)
        return

    print("window weighting subsample k ns_exponent unigram p accuracy")
    for window, weighting, subsample in itertools.product(args.windows, args.weightings,
                                                          args.subsamples):
        X = count(path, args.vocab, window, weighting, subsample)
        for k, ns, unigram in itertools.product(args.negatives, args.ns_exponents,
                                                args.unigrams):
            est = QWEMEmbedding(args.dim, negative=k, ns_exponent=ns, unigram=unigram,
                                max_iter=args.max_iter, n_jobs=2, random_state=0).fit(X)
            lam = np.abs(est.eigenvalues_)  # directions="magnitude": |lambda|^p
            for p in args.powers:
                acc = score(est.words_, est.eigenvectors_ * lam[None, :] ** p, args.vocab)
                print(f"{window} {weighting} {subsample:g} {k:g} {ns:g} {unigram} {p:g} "
                      f"{acc:.4f}", flush=True)


if __name__ == "__main__":
    main()
