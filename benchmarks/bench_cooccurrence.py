"""File -> vocabulary -> co-occurrence matrix, against gensim's vocabulary scan alone.

Run from the project root::

    python benchmarks/bench_cooccurrence.py [--repeats 5] [--vocab 10000] [--window 10]

Ours: ``CooccurrenceVectorizer(window, max_vocab_size=V, n_jobs=2).fit_transform(path)``,
which reads the file, builds the vocabulary and counts the windowed co-occurrence
matrix. Peer: gensim 4.4 ``Word2Vec.build_vocab(LineSentence(path))`` with the same
vocabulary size, a single scan that only counts words. Both run interleaved in one
process on the same file; the script prints medians and their ratio (ours / gensim).
"""

import argparse
import logging

from _common import require_corpus, side_by_side

from skw2v import CooccurrenceVectorizer


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--vocab", type=int, default=10_000)
    parser.add_argument("--window", type=int, default=10)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--corpus", default=None)
    args = parser.parse_args()
    path = str(require_corpus(args.corpus) if args.corpus else require_corpus())

    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence

    logging.getLogger("gensim").setLevel(logging.WARNING)

    def ours():
        vec = CooccurrenceVectorizer(window=args.window, weighting="linear", subsample=None,
                                     max_vocab_size=args.vocab, n_jobs=args.n_jobs)
        return vec.fit_transform(path)

    def gensim_scan():
        model = Word2Vec(sg=1, window=args.window, max_final_vocab=args.vocab,
                         workers=args.n_jobs)
        model.build_vocab(LineSentence(path))
        return model

    ours()  # compile the kernels (cached on disk afterwards) outside the timing
    medians, times, results = side_by_side(
        {"skw2v full path": ours, "gensim build_vocab": gensim_scan}, args.repeats)
    X, model = results["skw2v full path"], results["gensim build_vocab"]
    print(f"corpus: {path}")
    print(f"skw2v: V={X.shape[0]}, nnz={X.nnz}, window={args.window}, n_jobs={args.n_jobs}")
    print(f"gensim: V={len(model.wv)}")
    for name, median in medians.items():
        runs = ", ".join(f"{t:.2f}" for t in times[name])
        print(f"{name:>20}: median {median:.2f} s   (runs: {runs})")
    ratio = medians["skw2v full path"] / medians["gensim build_vocab"]
    print(f"ratio skw2v / gensim = {ratio:.2f}  (target <= 1.0)")


if __name__ == "__main__":
    main()
