"""
QWEM's refinement path: weighted loss and analogy accuracy step by step
=======================================================================

``QWEMEmbedding()`` starts from the closed form (the top eigenvectors of M*)
and then minimises QWEM's own pair-weighted loss by preconditioned conjugate
gradients, stopping after the first step that lowers the loss by less than
``refinement_tol`` times its starting value. By default that tolerance is
"auto", ``363 / n`` for n counted tokens: on little text the analogies peak
within a dozen steps and the weighted optimum then fits the rare pairs' noise;
on more text they keep rising long after the loss has nearly stopped falling
(``docs/closed_form.md``, "Session 10").

The script fits the same closed form refined for 0, 1, 2, ... steps (with
``refinement_tol=0``, so each fit takes exactly that many) and draws, against
the step:

- left: the weighted loss (``refinement_losses_``, without its constant), which
  falls fast for a few steps and then barely moves;
- right: the Google-analogy accuracy, with the closed form as a dashed line and
  the steps where the default ("auto") and the fixed 1e-4 stop marked.

It saves ``refinement_path.png``. Run ``python examples/plot_refinement_path.py
[--corpus PATH] [--vocab V] [--dim D] [--steps N] [--out DIR]``; by default it
uses the 2 M-word sample corpus shipped with skw2v, V = 5,000, d = 100, 30 steps
(about a minute on two cores). On ``enwiki-17m.txt.gz`` with ``--vocab 10000
--dim 200 --steps 60`` the late rise shows (about 23 minutes).
"""

import argparse
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from skw2v import CooccurrenceVectorizer, QWEMEmbedding  # noqa: E402
from skw2v.datasets import sample_corpus_path  # noqa: E402
from skw2v.scorers import analogy_accuracy  # noqa: E402


def path_steps(n_steps):
    """The step counts fitted: every step to 12, then every fourth (the path is smooth there)."""
    return sorted({*range(min(n_steps, 12) + 1), *range(12, n_steps + 1, 4), n_steps})


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--corpus", default=None, help="text or .gz corpus (default: the sample)")
    parser.add_argument("--vocab", type=int, default=5000)
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--out", default=".")
    args = parser.parse_args()
    corpus = args.corpus or sample_corpus_path()

    t0 = time.perf_counter()
    X = CooccurrenceVectorizer(max_vocab_size=args.vocab, random_state=0,
                               n_jobs=args.n_jobs).fit_transform(corpus)

    def fit(**params):
        return QWEMEmbedding(args.dim, random_state=0, n_jobs=args.n_jobs, **params).fit(X)

    def accuracy(est):
        return analogy_accuracy(est.wv, restrict_vocab=args.vocab).accuracy

    default, fixed = fit(), fit(refinement_tol=1e-4)
    steps = path_steps(args.steps)
    scores = []
    for n in steps:
        est = fit(weighted_refinement=n, refinement_tol=0)
        scores.append(accuracy(est))
        print(f"{n:3d} steps: analogy {scores[-1]:.4f}", flush=True)
    losses = est.refinement_losses_  # the longest fit's: every step's loss

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    left.plot(np.arange(len(losses)), losses, "o-", ms=3, color="tab:blue")
    for est, colour in ((default, "tab:red"), (fixed, "tab:gray")):
        left.axvline(est.n_refinement_steps_, color=colour, ls="--")
    left.set(xlabel="refinement step", ylabel="weighted loss minus its constant",
             title="QWEM's weighted loss (refinement_losses_)")
    right.plot(steps, scores, "o-", ms=3, color="tab:blue", label="refined for n steps")
    right.axhline(scores[0], color="tab:gray", ls=":", label="closed form")
    for est, colour, name in ((default, "tab:red", '"auto" (default)'),
                              (fixed, "tab:gray", "fixed 1e-4")):
        right.axvline(est.n_refinement_steps_, color=colour, ls="--",
                      label=f"{name} stops: {est.n_refinement_steps_} steps, {accuracy(est):.3f}")
    right.set(xlabel="refinement step", ylabel="Google analogies (3CosAdd)",
              title=f"analogy accuracy, V = {X.shape[0]:,}, d = {args.dim}")
    right.legend(fontsize=8)
    fig.tight_layout()
    out = Path(args.out) / "refinement_path.png"
    fig.savefig(out, dpi=110)
    print(f"saved {out} ({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
