"""Fit closed-form and gradient QWEM on the bundled sample and save every output (.npz).

Run once per tree to compare two versions of skw2v figure by figure, e.g. before and
after a refactoring (issue 13)::

    git archive <old-commit> skw2v | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old python benchmarks/compare_qwem_outputs.py /tmp/old.npz
    python benchmarks/compare_qwem_outputs.py /tmp/new.npz
    python benchmarks/compare_qwem_outputs.py --compare /tmp/old.npz /tmp/new.npz

Prints no times; figures only (no lock needed).
"""
import argparse
import warnings

import numpy as np

import skw2v
from skw2v import CooccurrenceVectorizer, QWEMEmbedding
from skw2v.datasets import sample_corpus_path
from skw2v.scorers import analogy_accuracy

HISTORY = ["step", "loss", "snapshot_step", "singular_values", "flow_step",
           "snapshot_flow_step"]


def fit_all(path):
    warnings.simplefilter("ignore")
    X = CooccurrenceVectorizer(window=10, weighting="linear", subsample=None,
                               max_vocab_size=2000, n_jobs=1).fit_transform(
        str(sample_corpus_path()))
    out = {}
    for solver in ["dense", "lobpcg"]:
        e = QWEMEmbedding(50, solver=solver, random_state=0, n_jobs=1).fit(X)
        out[f"{solver}_emb"], out[f"{solver}_lam"] = e.embedding_, e.eigenvalues_
        out[f"{solver}_acc"] = analogy_accuracy(e.wv).accuracy
    kw = dict(n_oversamples=5, n_steps=60, batch_size=20000, snapshot_steps=7,
              random_state=0, n_jobs=1)
    try:
        from skw2v import QWEMGradientEmbedding
        g = QWEMGradientEmbedding(20, **kw).fit(X)
        sv = g.singular_values_
    except ImportError:  # before issue 13: QWEMEmbedding(solver="gradient")
        g = QWEMEmbedding(20, solver="gradient", **kw).fit(X)
        sv = np.sqrt(g.eigenvalues_)
    out["grad_emb"], out["grad_sv"] = g.embedding_, sv
    for k in HISTORY:
        out["grad_h_" + k] = g.history_[k]
    out["grad_lr"] = g.history_["learning_rate"]
    np.savez(path, **out)
    print(skw2v.__file__, {k: float(v) for k, v in out.items() if k.endswith("acc")})


def compare(a_path, b_path):
    a, b = np.load(a_path), np.load(b_path)
    for k in a.files:
        x, y = a[k].astype(np.float64), b[k].astype(np.float64)
        if x.shape != y.shape:
            print(f"{k:28s} shapes differ: {x.shape} vs {y.shape}")
            continue
        d = float(np.max(np.abs(x - y))) if x.size else 0.0
        scale = float(np.max(np.abs(x))) if x.size else 1.0
        print(f"{k:28s} bit-identical={np.array_equal(x, y)}  max |diff| {d:.3g} "
              f"(relative {d / max(scale, 1e-300):.3g})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    if args.compare:
        compare(*args.paths)
    else:
        fit_all(args.paths[0])


if __name__ == "__main__":
    main()
