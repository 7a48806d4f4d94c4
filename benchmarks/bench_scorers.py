"""Analogy and similarity scoring: skw2v's batched scorers beside gensim's evaluators.

Both score the same vectors (a gensim Word2Vec trained on the bundled 2 M-word
sample), so accuracies must agree exactly; the script checks that and prints
median times and their ratio.

    flock /tmp/skw2v-bench.lock python benchmarks/bench_scorers.py [--repeats 3]
"""

import argparse
import gzip
import time

from _common import side_by_side
from gensim.models import Word2Vec

from skw2v.datasets import data_path, sample_corpus_path
from skw2v.scorers import analogy_accuracy, word_similarity


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dim", type=int, default=100)
    args = parser.parse_args()

    with gzip.open(sample_corpus_path(), "rt") as f:
        docs = [line.split() for line in f]
    start = time.perf_counter()
    model = Word2Vec(docs, vector_size=args.dim, window=5, min_count=5, sg=1, negative=5,
                     sample=1e-4, epochs=3, workers=2, seed=1)
    kv = model.wv
    print(f"gensim Word2Vec on the sample: V={len(kv)}, d={args.dim}, "
          f"{time.perf_counter() - start:.1f} s")
    questions = data_path("questions-words.txt")

    for restrict in (10_000, len(kv)):
        runs = {
            "gensim evaluate_word_analogies": lambda r=restrict: kv.evaluate_word_analogies(
                questions, restrict_vocab=r)[0],
            "skw2v analogy_accuracy": lambda r=restrict: analogy_accuracy(
                kv, questions, restrict_vocab=r).accuracy,
        }
        med, _, res = side_by_side(runs, args.repeats)
        g, o = med["gensim evaluate_word_analogies"], med["skw2v analogy_accuracy"]
        same = res["gensim evaluate_word_analogies"] == res["skw2v analogy_accuracy"]
        print(f"restrict_vocab={restrict}: accuracy gensim {res['gensim evaluate_word_analogies']:.4f}"
              f" ours {res['skw2v analogy_accuracy']:.4f} (identical: {same}); median "
              f"gensim {g:.2f} s, ours {o:.3f} s, ratio {g / o:.1f}x")
        for method, protocol in (("3cosmul", "standard"), ("3cosadd", "pairs")):
            t = time.perf_counter()
            r = analogy_accuracy(kv, questions, restrict_vocab=restrict, method=method,
                                 protocol=protocol)
            print(f"    ours {method}/{protocol}: accuracy {r.accuracy:.4f} on "
                  f"{r.n_questions} questions, {time.perf_counter() - t:.2f} s")

    pairs = data_path("wordsim353.tsv")
    runs = {
        "gensim evaluate_word_pairs": lambda: kv.evaluate_word_pairs(pairs)[1].statistic,
        "skw2v word_similarity": lambda: word_similarity(kv, pairs).spearman,
    }
    med, _, res = side_by_side(runs, args.repeats)
    print(f"WordSim-353 Spearman gensim {res['gensim evaluate_word_pairs']:.4f} ours "
          f"{res['skw2v word_similarity']:.4f}; median gensim "
          f"{med['gensim evaluate_word_pairs'] * 1e3:.1f} ms, ours "
          f"{med['skw2v word_similarity'] * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
