"""Task-vector SNR against analogy accuracy, and the cost of a dimension sweep.

On enwiki-17m (V = 10,000, window 10), QWEM closed form:

1. **SNR predicts difficulty.** For each of the 14 Google analogy families,
   the task-vector SNR and the family's analogy accuracy (standard protocol),
   at every dimension of the sweep; the Spearman rank correlation between the
   two orderings is reported per dimension.
2. **One eigendecomposition serves every dimension.** ``dimension_sweep`` over
   16 dimensions from 4 to 1024 (one fit at 1024, sliced, both scorers at each
   d) against one plain fit at d = 1024 (the sweep's own fit, timed apart), and
   against what ``GridSearchCV`` does (a refit per dimension; measured at two
   dimensions only, to stay within the time budget: with the dense solver a
   refit costs about one fit whatever d). The sliced embeddings are compared
   with the refitted ones.

Run (one benchmark at a time on the shared machine)::

    flock /tmp/skw2v-bench.lock python benchmarks/bench_snr.py
"""

import argparse
import time

import numpy as np
from scipy.stats import spearmanr
from sklearn.base import clone

from _common import require_corpus
from skw2v import CooccurrenceVectorizer
from skw2v.estimators import QWEMEmbedding
from skw2v.analysis import task_vectors
from skw2v.model_selection import dimension_sweep
from skw2v.scorers import analogy_accuracy, make_analogy_scorer, make_snr_scorer


def main(vocab, window, max_dim, n_dims, refit_dims, solver, counts="linear"):
    corpus = require_corpus()
    t0 = time.perf_counter()
    # "linear": the counts the recorded session figures were made with (linear
    # window, no subsampling); "defaults": the vectorizer's (harmonic, subsample 1e-4)
    counting = ({"weighting": "linear", "subsample": None} if counts == "linear"
                else {"random_state": 0})
    X = CooccurrenceVectorizer(window=window, max_vocab_size=vocab,
                               **counting).fit_transform(str(corpus))
    print(f"co-occurrence: {X.shape[0]} words, nnz {X.nnz}, {time.perf_counter() - t0:.1f}s")
    dims = np.unique(np.round(np.geomspace(4, max_dim, n_dims)).astype(int))
    assert dims.size == n_dims, dims
    print(f"dims: {dims.tolist()}; QWEM solver={solver!r}")
    # the closed form (the recorded figures'; weighted_refinement's default would refine each d)
    est = QWEMEmbedding(solver=solver, weighted_refinement=0, random_state=0)
    analogy = make_analogy_scorer()
    snr = make_snr_scorer()

    # -- the sweep: one plain fit at max_dim, then slices + both scorers at every d
    # (its fit_time is exactly QWEMEmbedding(n_components=max_dim).fit(X): the
    # reference "one fit" of the ratio)
    t0 = time.perf_counter()
    sweep = dimension_sweep(est, X, dims, scoring={"analogy": analogy, "snr": snr},
                            return_estimators=True)
    t_sweep = time.perf_counter() - t0
    t_fit = sweep.fit_time
    big = sweep.fitted
    print(f"one fit at d={max_dim}: {t_fit:.1f}s (solver_={big.solver_}, "
          f"n_iter_={big.n_iter_})")
    print(f"sweep over {dims.size} dims: {t_sweep:.1f}s total = fit {t_fit:.1f}s + slicing "
          f"{sweep.slice_time.sum():.2f}s + scoring (analogy + SNR, 16 dims) "
          f"{sweep.score_time.sum():.1f}s; sliced={sweep.sliced}")
    print(f"  ratio sweep (with scoring) / one fit at {max_dim}: {t_sweep / t_fit:.3f}")
    print(f"  ratio sweep (fit + slices) / one fit at {max_dim}: "
          f"{(t_fit + sweep.slice_time.sum()) / t_fit:.3f}")

    # -- what a grid search without slicing pays: a refit per dimension -------
    refit_dims = [int(d) for d in refit_dims if d in dims]
    refits, times = {}, {}
    for d in refit_dims:
        t0 = time.perf_counter()
        refits[d] = clone(est).set_params(n_components=d).fit(X)
        times[d] = time.perf_counter() - t0
    t_refit = sum(times.values()) + t_fit
    print(f"refit per dimension (GridSearchCV's way), measured at d = {refit_dims}: "
          f"{', '.join(f'{d}: {t:.1f}s' for d, t in times.items())} "
          f"(= {np.mean([t / t_fit for t in times.values()]):.2f}x the fit at {max_dim} "
          f"on average). These {len(refit_dims)} refits plus the fit at {max_dim} already "
          f"cost {t_refit:.1f}s = {t_refit / t_sweep:.2f}x the whole sweep; all "
          f"{dims.size} dims would cost about {dims.size} fits")
    worst = 0.0
    for d, e in refits.items():
        s = sweep.estimators[list(dims).index(d)]
        A = np.asarray(s.embedding_, dtype=np.float64)
        B = np.asarray(e.embedding_, dtype=np.float64)
        signs = np.sign(np.sum(A * B, axis=0))
        worst = max(worst, np.abs(A - B * signs).max() / np.abs(B).max())
    print(f"  max relative difference, sliced vs refitted embedding (sign-aligned): "
          f"{worst:.2e}")

    # -- SNR ordering vs accuracy ordering -------------------------------------
    print("\nSpearman rank correlation of per-family SNR with per-family accuracy:")
    rows = []
    for d, e in zip(dims, sweep.estimators):
        res = analogy_accuracy(e)
        fams = [f for f in res.sections if res.sections[f].n_questions > 0]
        acc = np.array([res.sections[f].accuracy for f in fams])
        s = np.array([task_vectors(e, f).snr() for f in fams])
        rho = spearmanr(s, acc)[0]
        rows.append((int(d), res.accuracy, rho, fams, s, acc))
        print(f"  d={d:5d}  accuracy {res.accuracy:.3f}  spearman {rho:+.3f}  "
              f"(mean SNR {sweep.scores['snr'][list(dims).index(d)]:.2f})")
    best = max(rows, key=lambda r: r[1])
    d, accuracy, rho, fams, s, acc = best
    print(f"\nper family at the best dimension d={d} (accuracy {accuracy:.3f}, "
          f"spearman {rho:+.3f}):")
    for i in np.argsort(-s):
        print(f"  {fams[i]:30s} SNR {s[i]:6.2f}  accuracy {acc[i]:.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vocab", type=int, default=10000)
    parser.add_argument("--window", type=int, default=10)
    parser.add_argument("--max-dim", type=int, default=1024)
    parser.add_argument("--n-dims", type=int, default=16)
    parser.add_argument("--refit-dims", type=int, nargs="*", default=[4, 111])
    parser.add_argument("--solver", default="dense",
                        help="QWEM solver; 'dense' is the fastest at d=1024, V=10k (LOBPCG "
                             "with a 1126-wide block took over 9 min)")
    parser.add_argument("--counts", choices=["linear", "defaults"], default="linear",
                        help="linear window without subsampling (the recorded figures), or "
                             "the vectorizer's defaults (harmonic window, subsample 1e-4)")
    args = parser.parse_args()
    main(args.vocab, args.window, args.max_dim, args.n_dims, args.refit_dims, args.solver,
         args.counts)
