"""The first ten QWEM concepts of the bundled sample corpus.

Fits the closed-form QWEM embedding on the 2 M-word sample shipped with skw2v,
prints the words loading most on each of the top ten eigendirections of M*
(both ends of each direction), and saves a plot of the top of M*'s spectrum.

Run::

    python examples/print_concepts.py [--out concepts_spectrum.png]
"""

import argparse

import numpy as np
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from skw2v import CooccurrenceVectorizer, QWEMEmbedding  # noqa: E402
from skw2v.datasets import sample_corpus_path  # noqa: E402
from skw2v.scorers import analogy_accuracy  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab", type=int, default=3000)
    parser.add_argument("--dim", type=int, default=50)
    parser.add_argument("--out", default="concepts_spectrum.png")
    args = parser.parse_args()

    X = CooccurrenceVectorizer(window=10, max_vocab_size=args.vocab, subsample=1e-4,
                               random_state=0).fit_transform(sample_corpus_path())
    emb = QWEMEmbedding(args.dim, random_state=0).fit(X)
    acc = analogy_accuracy(emb.wv, restrict_vocab=args.vocab)
    print(f"V={X.shape[0]}, d={args.dim}: analogy accuracy {acc.accuracy:.3f} "
          f"on {acc.n_questions} questions\n")
    for k in range(10):
        head = " ".join(w for w, _ in emb.concepts(k, topn=8))
        tail = " ".join(w for w, _ in emb.concepts(k, topn=5, side="negative"))
        print(f"concept {k} (eigenvalue {emb.eigenvalues_[k]:7.1f}): {head}")
        print(f"{'':31}versus: {tail}")

    # the directions of embedding_ (the refined model's baseline, if any, is not one of
    # them); negative eigenvalues (directions="magnitude") in another colour
    used = emb.embedding_.any(axis=0)
    lam, k = emb.eigenvalues_[used], np.arange(1, args.dim + 1)[used]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(k, np.abs(lam), "-", color="0.7", lw=1)
    ax.plot(k[lam > 0], lam[lam > 0], "o", ms=3, label="positive")
    ax.plot(k[lam < 0], -lam[lam < 0], "s", ms=4, label="negative (|eigenvalue|)")
    ax.legend()
    ax.set_xlabel("eigendirection k")
    ax.set_ylabel("|eigenvalue| of the refined W S W^T")
    ax.set_yscale("log")
    ax.set_title("Top of the QWEM target's spectrum (sample corpus)")
    fig.tight_layout()
    fig.savefig(args.out, dpi=120)
    print(f"\nspectrum plot saved to {args.out}")


if __name__ == "__main__":
    main()
