"""QWEM closed form at scale: today's solve against the new one, side by side.

Run from the project root (one benchmark at a time on the shared machine)::

    flock /tmp/skw2v-bench.lock python benchmarks/bench_qwem.py --vocab 100000 --dim 300

Both sides start from the same co-occurrence matrix (``CooccurrenceVectorizer``,
harmonic window 10, ``subsample=1e-4``, on enwiki-17m) and the same P and q
(``negative=5``, ``ns_exponent=0.5``, unigram counts).

- "today": the solve as it was before the Scale work (``_qwem_baseline.py``, a
  frozen copy of commit 129401b): M*'s values by numpy, LOBPCG with block
  d + max(10, d/10), ``max_iter=8``, ``tol=1e-3``.
- "new": :class:`~skw2v.statistics.QWEMTargetOperator` and
  :func:`skw2v.linalg.top_magnitude_eigenpairs` (``--directions magnitude``,
  ``QWEMEmbedding``'s default since session 11: the d of largest
  ``|lambda|``, one solve since session 12) or :func:`skw2v.linalg.top_eigenpairs` (``--directions
  positive``, the paper's) with the settings given on the command line
  (default: what ``QWEMEmbedding`` uses). "today" is the paper's top d.

Printed per side: the operator build and the eigensolve time (same process,
same load, so their ratio means something), the eigensolve in units of one
block product of that side's operator (a block of the solver's width, median
of 3; today's kernel is frozen in ``_qwem_baseline.py``, so a faster kernel
shows on the new side only),
analogy @10k and @30k (Google, standard protocol) and peak RSS. Today's RSS is
this process's peak after its fit (counting included); the new side's RSS is
measured in a fresh subprocess that counts and fits ``QWEMEmbedding`` (so the
sides do not pollute each other). The exact reference (ARPACK,
``eigsh(which="LA", tol=1e-6)`` on the float64 operator; with
``--directions magnitude`` ``top_magnitude_eigenpairs(solver="arpack")``, i.e.
``which="LM"`` without the outlier) is computed once and cached (``--exact``). ``--refine N [N ...]`` measures instead what
``weighted_refinement=N`` (at most N steps, stopped by ``--refinement-tol``, default
``QWEMEmbedding``'s) adds to a closed-form fit (the closed form and each N in one
fresh process; ``--floor`` / ``--anchor`` set the refinement's regularisers).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from _common import require_corpus
from _qwem_baseline import BaselineOperator, baseline_lobpcg
from scipy.sparse.linalg import eigsh
from threadpoolctl import threadpool_limits

from skw2v import CooccurrenceVectorizer, QWEMEmbedding, WordVectors
from skw2v.linalg import top_eigenpairs, top_magnitude_eigenpairs
from skw2v.scorers import analogy_accuracy
from skw2v.statistics import QWEMTargetOperator, check_cooccurrence, qwem_distributions

NEGATIVE, NS_EXPONENT = 5, 0.5


def count(path, vocab, window):
    return CooccurrenceVectorizer(window=window, weighting="harmonic", subsample=1e-4,
                                  max_vocab_size=vocab, random_state=0,
                                  n_jobs=2).fit_transform(path)


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def analogy(words, lam, U):
    W = (U * np.sqrt(np.abs(lam))[None, :]).astype(np.float32)  # |lambda|^1/2, as the fit
    wv = WordVectors(words, W)
    return [analogy_accuracy(wv, restrict_vocab=r).accuracy for r in (10_000, 30_000)]


def block_product_time(op, width, repeats=3):
    B = np.random.default_rng(0).standard_normal((op.shape[0], width)).astype(op.dtype)
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        op.matmat(B)
        times.append(time.perf_counter() - t)
    return float(np.median(times))


def exact_reference(P, q, d, path, n_jobs, directions):
    """ARPACK to tol 1e-6 on the float64 operator, cached in ``path``.

    ``directions="positive"``: ``eigsh(which="LA")``; "magnitude":
    :func:`~skw2v.linalg.top_magnitude_eigenpairs` with ``solver="arpack"``
    (``which="LM"``, the outlier left out), cached beside with a suffix.
    """
    if directions == "magnitude":
        path = path.with_name(path.stem + "-magnitude.npz")
    if path.exists():
        z = np.load(path)
        if z["lam"].shape[0] >= d:
            return z["lam"][:d], z["U"][:, :d], float(z["seconds"])
    op = QWEMTargetOperator(P, q, NEGATIVE, dtype=np.float64, n_jobs=n_jobs)
    t = time.perf_counter()
    if directions == "magnitude":
        lam, U, _ = top_magnitude_eigenpairs(op, d, solver="arpack", tol=1e-6, random_state=0)
    else:
        lam, U = eigsh(op, k=d, which="LA", tol=1e-6,
                       v0=np.random.RandomState(0).uniform(-1, 1, op.shape[0]))
        order = np.argsort(lam)[::-1]
        lam, U = lam[order], U[:, order]
    seconds = time.perf_counter() - t
    U = U.astype(np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)  # a missing folder lost an 8-minute solve
    tmp = path.with_name(path.stem + ".tmp.npz")
    np.savez(tmp, lam=lam, U=U, seconds=seconds)
    os.replace(tmp, path)
    return lam, U, seconds


def _child(args, path, body, **extra):
    """Run ``body`` (a Python source template) in a fresh process; its last line of output, parsed.

    The template gets the benchmark's folder, the corpus path and the command
    line's settings (``{vocab}``, ``{dim}``, ``{solver!r}``, ...) and ``extra``.
    """
    code = body.format(bench=str(Path(__file__).parent), path=path, vocab=args.vocab,
                       window=args.window, dim=args.dim, neg=NEGATIVE, ns=NS_EXPONENT,
                       solver=args.solver, max_iter=args.max_iter, tol=args.tol,
                       n_jobs=args.n_jobs, directions=args.directions, **extra)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def new_side_rss(args, path):
    """Peak RSS of counting + ``QWEMEmbedding.fit`` with the new settings, in a fresh process.

    The child's own high-water mark (``VmHWM``): its ``ru_maxrss`` is no use
    here, Linux carries the parent's peak over fork and exec into it (the
    first run reported the parent's 4,204 MiB for both sides). The fit is
    ``QWEMEmbedding``'s default, the whole fit a user gets: the closed form with
    the new side's solver settings, then the weighted refinement to its
    tolerance (the default since session 8; before, the closed form alone).
    """
    return _child(args, path, (
        "import json, sys; sys.path.insert(0, {bench!r});"
        "from bench_qwem import count; from skw2v import QWEMEmbedding;"
        "X = count({path!r}, {vocab}, {window});"
        "QWEMEmbedding({dim}, negative={neg}, ns_exponent={ns}, solver={solver!r}, "
        "max_iter={max_iter!r}, tol={tol!r}, n_jobs={n_jobs}, random_state=0, "
        "directions={directions!r}).fit(X);"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0];"
        "print(json.dumps(int(hwm.split()[1]) / 1024))"))


def refined_side(args, path):
    """``QWEMEmbedding`` closed form, then with each ``weighted_refinement``, in a fresh process.

    All fits in one process, one after the other (same counts, same load):
    seconds, analogy @10k / @30k, and the process's peak RSS (``VmHWM``, the
    largest of the fits' peaks, counting included).
    """
    return _child(args, path, (
        "import json, sys, time; sys.path.insert(0, {bench!r});"
        "from threadpoolctl import threadpool_limits;"
        "from bench_qwem import count, analogy; from skw2v import QWEMEmbedding;"
        "X = count({path!r}, {vocab}, {window}); out = {{}};\n"
        "for n in (0, *{refine!r}):\n"
        "    with threadpool_limits({n_jobs}, user_api='blas'):\n"
        "        t = time.perf_counter()\n"
        "        e = QWEMEmbedding({dim}, negative={neg}, ns_exponent={ns}, solver={solver!r}, "
        "max_iter={max_iter!r}, tol={tol!r}, n_jobs={n_jobs}, random_state=0, "
        "directions={directions!r}, weighted_refinement=n, refinement_tol={rtol!r}, refinement_floor={floor!r}, "
        "refinement_anchor={anchor!r}).fit(X)\n"
        "        out[n] = dict(seconds=time.perf_counter() - t, steps=e.n_refinement_steps_, "
        "acc=analogy(e.words_, e.eigenvalues_ * e.embedding_.any(axis=0), e.eigenvectors_), "
        "tol=e.refinement_tol_)\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "out['rss'] = int(hwm.split()[1]) / 1024\n"
        "print(json.dumps(out))"), refine=args.refine, floor=args.floor, anchor=args.anchor,
        rtol=args.refinement_tol)


def _tolerance(text):
    """``--refinement-tol``: "auto" (QWEMEmbedding's default) or a number."""
    return text if text == "auto" else float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=300)
    parser.add_argument("--window", type=int, default=10)
    parser.add_argument("--solver", default="auto", help="new side: top_eigenpairs solver")
    parser.add_argument("--directions", choices=("magnitude", "positive"),
                        default=QWEMEmbedding().directions,
                        help="new side and exact reference: M*'s d eigenpairs of largest "
                             "magnitude or the top d (QWEMEmbedding's directions)")
    parser.add_argument("--max-iter", type=int, default=None, help="new side")
    parser.add_argument("--tol", type=float, default=QWEMEmbedding().tol, help="new side")
    parser.add_argument("--n-jobs", type=int, default=1,
                        help="threads for both sides (numba; BLAS limited alike)")
    parser.add_argument("--exact", default="/tmp/skw2v-qwem-exact-{vocab}-{dim}.npz",
                        help="cache file of the exact (ARPACK) reference")
    parser.add_argument("--no-exact", action="store_true")
    parser.add_argument("--no-rss", action="store_true", help="skip the RSS subprocess")
    parser.add_argument("--corpus", default=None)
    parser.add_argument("--refine", type=int, nargs="+", default=None,
                        help="only this: QWEMEmbedding's closed form and weighted_refinement="
                             "REFINE (each given) side by side in a fresh process (seconds, "
                             "analogy, RSS)")
    parser.add_argument("--refinement-tol", type=_tolerance,
                        default=QWEMEmbedding().refinement_tol,
                        help="with --refine: refinement_tol of the refined fits, 'auto' or a "
                             "number (0: exactly REFINE steps)")
    parser.add_argument("--floor", type=float, default=QWEMEmbedding().refinement_floor,
                        help="with --refine: refinement_floor of the refined fits")
    parser.add_argument("--anchor", type=float, default=QWEMEmbedding().refinement_anchor,
                        help="with --refine: refinement_anchor of the refined fits")
    args = parser.parse_args()
    path = str(require_corpus(args.corpus) if args.corpus else require_corpus())
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores)", flush=True)
    if args.refine:
        r = refined_side(args, path)
        cf = r["0"]
        print(f"closed form: {cf['seconds']:.1f} s, analogy {cf['acc'][0]:.4f} / "
              f"{cf['acc'][1]:.4f}")
        for n in args.refine:
            ref = r[str(n)]
            print(f"weighted_refinement={n} (tol {args.refinement_tol} = {ref['tol']:.3g}, floor "
                  f"{args.floor:g}, anchor {args.anchor:g}): {ref['steps']} steps, "
                  f"{ref['seconds']:.1f} s "
                  f"({ref['seconds'] / cf['seconds']:.2f}x), analogy {ref['acc'][0]:.4f} / "
                  f"{ref['acc'][1]:.4f} ({100 * (ref['acc'][0] - cf['acc'][0]):+.1f} / "
                  f"{100 * (ref['acc'][1] - cf['acc'][1]):+.1f} points)")
        print(f"peak RSS {r['rss']:.0f} MiB (counting and all fits); "
              f"load average now {os.getloadavg()[0]:.1f}")
        return

    t = time.perf_counter()
    X = count(path, args.vocab, args.window)
    V, d = X.shape[0], args.dim
    print(f"counting: {time.perf_counter() - t:.1f} s, V={V}, nnz={X.nnz} "
          f"({X.nnz / V**2:.2%} of V^2), data {X.dtype}, indices {X.indices.dtype}",
          flush=True)
    A, words, counts = check_cooccurrence(X)
    P, q = qwem_distributions(A, counts, ns_exponent=NS_EXPONENT, copy=False)
    m = d + max(10, d // 10)
    rows = {}
    with threadpool_limits(args.n_jobs, user_api="blas"):
        # today
        t = time.perf_counter()
        op_old = BaselineOperator(P, q, NEGATIVE, dtype=np.float32, n_jobs=args.n_jobs)
        t_op = time.perf_counter() - t
        t_block = block_product_time(op_old, m)
        t = time.perf_counter()
        lam, U, info = baseline_lobpcg(op_old, d)
        t_eig = time.perf_counter() - t
        rows["today"] = dict(op=t_op, eig=t_eig, block=t_block, n_iter=info["n_iter"],
                             acc=analogy(words, lam, U), rss=peak_rss_mib())
        del op_old, lam, U
        print(f"today: {rows['today']}", flush=True)
        # new
        t = time.perf_counter()
        op = QWEMTargetOperator(P, q, NEGATIVE, dtype=np.float32, n_jobs=args.n_jobs)
        t_op = time.perf_counter() - t
        t_block_new = block_product_time(op, m)
        t = time.perf_counter()
        solve = top_magnitude_eigenpairs if args.directions == "magnitude" else top_eigenpairs
        lam, U, info = solve(op, d, solver=args.solver, tol=args.tol, max_iter=args.max_iter,
                             random_state=0)
        t_eig = time.perf_counter() - t
        rows["new"] = dict(op=t_op, eig=t_eig, block=t_block_new, n_iter=info["n_iter"],
                           n_products=info.get("n_products"), solver=info["solver"],
                           acc=analogy(words, lam, U), n_negative=int(np.sum(lam < 0)))
        del lam, U
        print(f"new: {rows['new']}", flush=True)
    if not args.no_exact:
        exact = Path(args.exact.format(vocab=V, dim=d))
        lam, U, seconds = exact_reference(P, q, d, exact, args.n_jobs, args.directions)
        rows["exact"] = dict(eig=seconds, acc=analogy(words, lam, U))
    del A, P, X
    if not args.no_rss:
        rows["new"]["rss"] = new_side_rss(args, path)
    print()
    print("| side | operator s | eigensolve s | eigensolve / one block product "
          "| analogy @10k | @30k | peak RSS MiB |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, r in rows.items():
        ratio = f"{r['eig'] / r['block']:.1f}" if "block" in r else ""
        print(f"| {name} | {r.get('op', float('nan')):.1f} | {r['eig']:.1f} | {ratio} "
              f"| {r['acc'][0]:.4f} | {r['acc'][1]:.4f} | {r.get('rss', float('nan')):.0f} |")
    print(f"eigensolve speed-up today / new: {rows['today']['eig'] / rows['new']['eig']:.2f}x; "
          f"one block product ({m} columns): today {rows['today']['block']:.2f} s, "
          f"new {rows['new']['block']:.2f} s; load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
