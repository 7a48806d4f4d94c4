"""Command line: ``skw2v demo`` fits every method on a corpus and compares them."""

import argparse
import sys
import time

NEIGHBOUR_WORDS = ("king", "france", "computer", "music", "war", "three")


def _demo(args):
    from . import CooccurrenceVectorizer, PMISVDEmbedding, QWEMEmbedding, SGNSEmbedding
    from .datasets import load_google_analogies, load_wordsim353, sample_corpus_path
    from .scorers import analogy_accuracy, word_similarity

    corpus = args.corpus or sample_corpus_path()
    print(f"corpus: {corpus}")
    start = time.perf_counter()
    vectorizer = CooccurrenceVectorizer(window=args.window, max_vocab_size=args.vocab,
                                        n_jobs=args.n_jobs)
    X = vectorizer.fit_transform(corpus)
    print(f"co-occurrence: {vectorizer.n_tokens_:,} tokens, V = {X.shape[0]:,}, "
          f"{X.nnz:,} non-zeros, window {args.window} "
          f"({time.perf_counter() - start:.1f} s)\n")

    models = {
        "QWEM (closed form)": QWEMEmbedding(args.dim, random_state=args.seed),
        "PPMI-SVD": PMISVDEmbedding(args.dim, random_state=args.seed),
    }
    if not args.no_sgns:
        # word2vec's default sample=1e-3: 1e-4 discards too much of a 2 M-word corpus
        # (measured on the sample: analogy 0.23 with 5 epochs at 1e-3, 0.10 with 3 at 1e-4).
        models["SGNS (word2vec)"] = SGNSEmbedding(
            args.dim, window=5, epochs=args.epochs, sample=1e-3,
            max_vocab_size=args.vocab, n_jobs=args.n_jobs, random_state=args.seed)
    analogies, pairs = load_google_analogies(), load_wordsim353()
    print(f"{'method':<20} {'analogy':>8} {'answered':>9} {'WS-353':>7} {'time':>7}")
    fitted = {}
    for name, model in models.items():
        start = time.perf_counter()
        model.fit(corpus if isinstance(model, SGNSEmbedding) else X)
        seconds = time.perf_counter() - start
        result = analogy_accuracy(model, analogies)
        similarity = word_similarity(model, pairs)
        print(f"{name:<20} {result.accuracy:8.3f} {result.n_questions:9d} "
              f"{similarity.spearman:7.3f} {seconds:6.1f}s")
        fitted[name] = model

    qwem = fitted["QWEM (closed form)"]
    print("\nTop words of QWEM's first concepts (eigenvectors of M*):")
    for k in range(min(5, args.dim)):
        print(f"  {k}: " + " ".join(w for w, _ in qwem.concepts(k, topn=8)))
    print("\nNearest neighbours (QWEM):")
    for word in NEIGHBOUR_WORDS:
        if word in qwem.vocabulary_:
            near = ", ".join(w for w, _ in qwem.most_similar(word, topn=6))
            print(f"  {word:<9} {near}")
    return 0


def main(argv=None):
    """Entry point of the ``skw2v`` command."""
    parser = argparse.ArgumentParser(prog="skw2v", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="fit QWEM, PPMI-SVD and SGNS on the bundled sample and compare them")
    demo.add_argument("--corpus", help="a text or .gz file, one document per line "
                      "(default: the bundled 2 M-word Wikipedia sample)")
    demo.add_argument("--vocab", type=int, default=5000, help="vocabulary size")
    demo.add_argument("--dim", type=int, default=100, help="embedding dimension")
    demo.add_argument("--window", type=int, default=10,
                      help="co-occurrence window of the closed forms")
    demo.add_argument("--epochs", type=int, default=5, help="SGNS epochs")
    demo.add_argument("--no-sgns", action="store_true", help="skip SGNS")
    demo.add_argument("--n-jobs", type=int, default=-1, help="threads (-1: all)")
    demo.add_argument("--seed", type=int, default=0, help="random_state")
    args = parser.parse_args(argv)
    if args.command == "demo":
        return _demo(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
