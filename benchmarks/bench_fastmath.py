"""What numba's fastmath flags buy the training kernels, measured side by side.

The same kernel source (``skw2v.kernels.sgns.sgns_update`` and the QWEM SGD
chunk ``skw2v.kernels.qwem_sgd._chunks``) is compiled three times in one
process: ``fastmath=True`` (all flags, which include ``nnan``/``ninf``: the
compiler may assume no NaN or Inf, so the divergence check's NaN test is
undefined), ``{"reassoc", "contract"}`` (what the kernels use: reductions may be
reordered and vectorised, multiply-adds fused; NaN and Inf keep their meaning)
and ``False`` (strict IEEE). Each is timed on the same random workload on one
thread, interleaved; medians and ratios are printed.

Run under the shared lock::

    flock /tmp/skw2v-bench.lock python benchmarks/bench_fastmath.py
"""

import argparse

from _common import side_by_side  # also checks that this checkout's skw2v is measured
import numpy as np
from numba import njit

from skw2v.kernels import qwem_sgd, sgns
from skw2v.kernels.qwem_sgd import MODE_EXACT_UNIFORM, MODE_NONE
from skw2v.kernels.sampling import build_alias_table

VARIANTS = {"all flags": True, "reassoc+contract": {"reassoc", "contract"}, "none": False}


def sgns_driver(fastmath):
    update = njit(nogil=True, fastmath=fastmath)(sgns.sgns_update.py_func)

    @njit(nogil=True)
    def drive(syn0, syn1, contexts, targets, alpha, work):
        loss = 0.0
        for t in range(contexts.shape[0]):
            loss += update(syn0, syn1, contexts[t], contexts.shape[1], targets[t],
                           targets.shape[1], alpha, work)
        return loss

    return drive


def qwem_driver(fastmath):
    return njit(nogil=True, fastmath=fastmath)(qwem_sgd._chunks.py_func)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab", type=int, default=10_000)
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--centres", type=int, default=100_000,
                        help="SGNS updates (6 contexts, 1 + 5 targets each) per run")
    parser.add_argument("--pairs", type=int, default=200_000, help="QWEM pairs per run")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    V, d = args.vocab, args.dim
    syn0 = ((rng.random((V, d)) - 0.5) / d).astype(np.float32)
    syn1 = (rng.standard_normal((V, d)) * 0.1).astype(np.float32)
    contexts = rng.integers(0, V, (args.centres, 6)).astype(np.int32)
    targets = rng.integers(0, V, (args.centres, 6)).astype(np.int32)
    work = np.zeros((12, d + 6), dtype=np.float32)

    # QWEM: a sparse random P, uniform-exact and plain sampling modes
    nnz_row = 50
    indptr = np.arange(0, V * nnz_row + 1, nnz_row, dtype=np.int64)
    indices = np.sort(rng.integers(0, V, (V, nnz_row)), axis=1).astype(np.int32).ravel()
    data = rng.random(V * nnz_row)
    data /= data.sum()
    q = np.full(V, 1.0 / V)
    rows = np.repeat(np.arange(V, dtype=np.int32), nnz_row)
    positives = build_alias_table(data) + (rows,)
    noise = build_alias_table(q)
    W = (rng.standard_normal((V, d)) * 0.01).astype(np.float32)
    G = np.zeros_like(W)
    csr = (indptr, indices, data)

    runs, results = {}, {}
    for name, fm in VARIANTS.items():
        sg, qw = sgns_driver(fm), qwem_driver(fm)
        for mode, label in ((MODE_NONE, "pairs"), (MODE_EXACT_UNIFORM, "uniform")):
            weights = (np.int64(mode), np.ones(V), q, 1.0, 5.0)
            args_q = (W, G, 0, 1, 0, args.pairs, 5, positives, noise, csr, weights, 7)
            qw(*args_q)  # compile
            runs[f"qwem {label} / {name}"] = (lambda f=qw, a=args_q: f(*a))
        s0, s1 = syn0.copy(), syn1.copy()
        results[name] = sg(s0, s1, contexts[:1000], targets[:1000], 0.025, work)  # compile
        runs[f"sgns / {name}"] = (lambda f=sg, a=s0, b=s1: f(a, b, contexts, targets, 1e-6,
                                                              work))
    medians = side_by_side(runs, args.repeats)[0]
    print(f"V={V}, d={d}, {args.centres:,} SGNS centre updates, {args.pairs:,} QWEM pairs; "
          f"medians of {args.repeats}, interleaved, one thread")
    for kernel in ("sgns", "qwem pairs", "qwem uniform"):
        base = medians[f"{kernel} / all flags"]
        for name in VARIANTS:
            t = medians[f"{kernel} / {name}"]
            print(f"  {kernel:13s} {name:17s} {t:7.3f} s   x{t / base:.2f} of all flags")
    print("first-1000-update SGNS loss per variant (same arithmetic up to rounding):",
          {k: round(v, 4) for k, v in results.items()})


if __name__ == "__main__":
    main()
