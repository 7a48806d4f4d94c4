"""
Document classification accuracy against the dimension, for each pooling
=========================================================================

``EmbeddingVectorizer`` learns word vectors on the documents it is fitted on
and pools them into one vector per document, so the dimension of the word
vectors and the pooling are hyperparameters of a supervised pipeline like any
other: ``GridSearchCV`` chooses them by cross-validation on the labels. The
word vectors are learned inside each training fold (no test text is seen),
and ``memory=`` caches them, so the four poolings of one dimension and fold
share one embedding.

The task is built from the 2 M-word sample corpus shipped with skw2v: which of
20 Wikipedia articles a 60-word passage comes from. Pass ``--tsv`` for your
own ``label<TAB>text`` file (gzip or plain), e.g. rt-polarity.

Run ``python examples/plot_document_dimension.py [--tsv PATH] [--out DIR]``
(a few minutes on two cores). It prints the grid's scores and saves
``document_dimension.png``: mean cross-validated accuracy against the
dimension, one line per pooling, with the standard deviation over folds.
"""

import argparse
import gzip
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GridSearchCV, StratifiedKFold  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from skw2v import EmbeddingVectorizer  # noqa: E402
from skw2v.datasets import sample_corpus_path  # noqa: E402

DIMENSIONS = [5, 10, 25, 50, 100, 200]
POOLINGS = ["mean", "tfidf", "sif", "max"]


def passages(n_articles=20, words=60, per_article=40):
    """Passages of the sample corpus labelled by the article they come from."""
    with gzip.open(sample_corpus_path(), "rt") as f:
        articles = [a for a in map(str.split, f) if len(a) >= words * per_article]
    docs, labels = [], []
    for k, art in enumerate(articles[:n_articles]):
        for i in range(per_article):
            docs.append(" ".join(art[i * words:(i + 1) * words]))
            labels.append(k)
    return docs, np.array(labels)


def read_tsv(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    docs, labels = [], []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            label, _, text = line.rstrip("\n").partition("\t")
            docs.append(text)
            labels.append(label)
    return docs, np.array(labels)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().split("\n")[0])
    parser.add_argument("--tsv", default=None, help="label<TAB>text file instead of the sample")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "docs" / "_static"))
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()
    docs, y = read_tsv(args.tsv) if args.tsv else passages()
    print(f"{len(docs)} documents, {len(set(y))} classes")
    with tempfile.TemporaryDirectory() as cache:
        pipe = make_pipeline(
            EmbeddingVectorizer(memory=cache, random_state=0),
            LogisticRegression(C=10, max_iter=2000),
        )
        grid = {"embeddingvectorizer__n_components": DIMENSIONS,
                "embeddingvectorizer__pooling": POOLINGS}
        cv = StratifiedKFold(args.folds, shuffle=True, random_state=0)
        start = time.perf_counter()
        search = GridSearchCV(pipe, grid, cv=cv, refit=False).fit(docs, y)
        print(f"grid of {len(DIMENSIONS) * len(POOLINGS)} x {args.folds} folds in "
              f"{time.perf_counter() - start:.0f} s")
    res = search.cv_results_
    fig, ax = plt.subplots(figsize=(6, 4))
    for pooling in POOLINGS:
        rows = [i for i, p in enumerate(res["params"])
                if p["embeddingvectorizer__pooling"] == pooling]
        dims = [res["params"][i]["embeddingvectorizer__n_components"] for i in rows]
        mean = res["mean_test_score"][rows]
        std = res["std_test_score"][rows]
        ax.errorbar(dims, mean, yerr=std, marker="o", capsize=3, label=pooling)
        print(pooling.ljust(6), " ".join(f"d={d}: {m:.3f}" for d, m in zip(dims, mean)))
    ax.set_xscale("log")
    ax.set_xlabel("n_components (dimension of the word vectors)")
    ax.set_ylabel(f"accuracy, {args.folds}-fold cross-validation")
    ax.set_title("EmbeddingVectorizer + LogisticRegression")
    ax.legend(title="pooling")
    fig.tight_layout()
    out = Path(args.out) / "document_dimension.png"
    fig.savefig(out, dpi=120)
    print(f"best: {search.best_params_} ({search.best_score_:.3f}); figure {out}")


if __name__ == "__main__":
    main()
