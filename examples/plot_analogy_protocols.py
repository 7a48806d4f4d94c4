"""
How the analogy score depends on the protocol
==============================================

The same embedding gets very different "analogy accuracies" depending on how
the questions are chosen and answered. This script trains one SGNS embedding on
the 2 M-word sample corpus shipped with skw2v and scores it

- against ``restrict_vocab`` (only questions whose four words are among the n
  most frequent words are asked, and only those words may answer): fewer, easier
  questions at small n;
- with 3CosAdd and 3CosMul (Levy & Goldberg, 2014);
- with the standard protocol and the QWEM paper's all-pairs protocol;
- section by section, where semantic and syntactic relations differ widely.

It saves ``analogy_protocols.png`` (two panels). Run
``python examples/plot_analogy_protocols.py [--corpus PATH] [--out DIR]``
(about half a minute on two cores).
"""

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from skw2v.datasets import load_google_analogies, sample_corpus_path  # noqa: E402
from skw2v.estimators import SGNSEmbedding  # noqa: E402
from skw2v.scorers import analogy_accuracy  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description="Analogy accuracy under different protocols.")
    parser.add_argument("--corpus", default=sample_corpus_path())
    parser.add_argument("--out", default=".")
    args = parser.parse_args()

    model = SGNSEmbedding(100, window=5, sample=1e-3, epochs=5, max_vocab_size=10_000,
                          n_jobs=2, random_state=0).fit(args.corpus)
    questions = load_google_analogies()

    sizes = [500, 1000, 2000, 3000, 5000, 10_000]
    curves = {("3cosadd", "standard"): [], ("3cosmul", "standard"): [],
              ("3cosadd", "pairs"): []}
    asked = []
    for n in sizes:
        for (method, protocol), acc in curves.items():
            res = analogy_accuracy(model, questions, method=method, protocol=protocol,
                                   restrict_vocab=n)
            acc.append(res.accuracy)
            if (method, protocol) == ("3cosadd", "standard"):
                asked.append(res.n_questions)
                print(f"restrict_vocab={n:>6}: {res.n_questions:>5} questions asked, "
                      f"{res.n_skipped:>5} skipped, 3CosAdd accuracy {res.accuracy:.3f}")

    fig, (ax, bx) = plt.subplots(1, 2, figsize=(13, 5.2), width_ratios=[1, 1.25])
    styles = {("3cosadd", "standard"): ("3CosAdd, standard", "-o"),
              ("3cosmul", "standard"): ("3CosMul, standard", "--s"),
              ("3cosadd", "pairs"): ("3CosAdd, all pairs (QWEM paper)", ":^")}
    for key, acc in curves.items():
        label, style = styles[key]
        ax.plot(sizes, acc, style, label=label)
    for n, a, q in zip(sizes, curves[("3cosadd", "standard")], asked):
        ax.annotate(f"{q}", (n, a), textcoords="offset points", xytext=(0, 7),
                    ha="center", fontsize=8, color="0.35")
    ax.set_xscale("log")
    ax.set_xlabel("restrict_vocab (most frequent words searched)")
    ax.set_ylabel("accuracy")
    ax.set_title("Same model, different protocols\n(grey: standard questions asked)")
    ax.set_ylim(0, 1)
    ax.legend()

    n_sec = 5000
    add = analogy_accuracy(model, questions, restrict_vocab=n_sec)
    mul = analogy_accuracy(model, questions, restrict_vocab=n_sec, method="3cosmul")
    names = [s for s, r in add.sections.items() if r.n_questions > 0]
    y = np.arange(len(names))
    bx.barh(y - 0.2, [add.sections[s].accuracy for s in names], 0.4, label="3CosAdd")
    bx.barh(y + 0.2, [mul.sections[s].accuracy for s in names], 0.4, label="3CosMul")
    bx.set_yticks(y, [f"{s} ({add.sections[s].n_questions})" for s in names], fontsize=8)
    bx.invert_yaxis()
    bx.set_xlim(0, 1)
    bx.set_xlabel("accuracy")
    bx.set_title(f"By section, restrict_vocab={n_sec} (questions asked)")
    bx.legend(loc="lower right")
    fig.tight_layout()
    out = Path(args.out) / "analogy_protocols.png"
    fig.savefig(out, dpi=120)
    print(f"saved {out}")


if __name__ == "__main__":
    main()
