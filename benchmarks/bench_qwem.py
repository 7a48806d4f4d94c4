"""QWEM closed form: our implicit block solver against the plain dense route.

Run from the project root (one benchmark at a time on the shared machine)::

    flock /tmp/skw2v-bench.lock python benchmarks/bench_qwem.py [--vocab 10000] [--dim 200]
    flock /tmp/skw2v-bench.lock python benchmarks/bench_qwem.py --vocab 50000 --no-dense

Both sides start from the same co-occurrence matrix (``CooccurrenceVectorizer``,
linear window 10, on enwiki-17m) and the same P and q (``negative=5``, unigram
counts). Ours: ``QWEMEmbedding(solver="lobpcg")`` on the implicit operator
M* = S - 2 11^T (float32 sparse products, block LOBPCG). Plain: build M* as a
dense float64 array and call ``scipy.sparse.linalg.eigsh(M, k=d, which="LA")``.
Both get the same thread budget (``--n-jobs``: our ``n_jobs``, the plain route's
BLAS threads); on the shared 2-core machine one thread each is the fair and
the faster setting (oversubscribed BLAS threads slow both down).
Both embeddings are W = V Lambda^(1/2), scored by the Google analogies
(standard protocol, restricted to the V-word vocabulary). Peak memory: the
tracemalloc peak (numpy buffers) during each fit. At V = 50,000 the dense M*
alone needs 20 GB, so only ours runs.
"""

import argparse
import time
import tracemalloc

import numpy as np
from _common import require_corpus
from scipy.sparse.linalg import eigsh
from threadpoolctl import threadpool_limits

from skw2v import CooccurrenceVectorizer, QWEMEmbedding
from skw2v.scorers import analogy_accuracy
from skw2v.statistics import check_cooccurrence, qwem_distributions


def plain_route(X, d, negative, ns_exponent):
    """M* dense, then ARPACK: what one writes without the implicit operator."""
    A, words, counts = check_cooccurrence(X)
    P, q = qwem_distributions(A, counts, ns_exponent=ns_exponent)
    Pd = P.toarray()
    Q = negative * np.outer(q, q)
    M = 2.0 * (Pd - Q) / (Pd + Q)
    del Pd, Q
    lam, U = eigsh(M, k=d, which="LA")
    order = np.argsort(lam)[::-1]
    return U[:, order] * np.sqrt(np.maximum(lam[order], 0))[None, :]


def measure(fn):
    tracemalloc.start()
    start = time.perf_counter()
    out = fn()
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return out, elapsed, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab", type=int, default=10_000)
    parser.add_argument("--dim", type=int, default=200)
    parser.add_argument("--window", type=int, default=10)
    parser.add_argument("--negative", type=int, default=5)
    parser.add_argument("--max-iter", type=int, default=None)
    parser.add_argument("--n-jobs", type=int, default=1,
                        help="threads for both sides (ours: n_jobs; plain: BLAS threads)")
    parser.add_argument("--no-dense", action="store_true", help="skip the plain route")
    parser.add_argument("--corpus", default=None)
    args = parser.parse_args()
    path = str(require_corpus(args.corpus) if args.corpus else require_corpus())

    t = time.perf_counter()
    X = CooccurrenceVectorizer(window=args.window, max_vocab_size=args.vocab,
                               n_jobs=2).fit_transform(path)
    V = X.shape[0]
    print(f"counting: {time.perf_counter() - t:.1f} s, V={V}, nnz={X.nnz} "
          f"({X.nnz / V**2:.1%} of V^2)", flush=True)
    # compile the numba kernel outside the timing
    QWEMEmbedding(2, solver="lobpcg", max_iter=1, n_jobs=args.n_jobs).fit(
        X[:600][:, :600], vocabulary=X.words[:600])

    est = QWEMEmbedding(args.dim, negative=args.negative, solver="lobpcg",
                        max_iter=args.max_iter, n_jobs=args.n_jobs, random_state=0)
    # skw2v no longer limits BLAS threads itself (issue 13): give ours the same
    # budget as the plain route below, so the two sides compare at equal threads
    with threadpool_limits(args.n_jobs, user_api="blas"):
        _, t_ours, peak_ours = measure(lambda: est.fit(X))
    acc_ours = analogy_accuracy(est.wv, restrict_vocab=V)
    print(f"ours  (implicit M*, lobpcg {est.n_iter_} it): {t_ours:7.1f} s  "
          f"peak {peak_ours / 2**20:7.0f} MiB  analogy {acc_ours.accuracy:.4f} "
          f"({acc_ours.n_questions} q)", flush=True)
    if args.no_dense:
        print(f"plain (dense M* + eigsh): not run; M* alone would need "
              f"{V * V * 8 / 2**30:.1f} GiB")
        return
    with threadpool_limits(args.n_jobs, user_api="blas"):  # same thread budget as ours
        W, t_plain, peak_plain = measure(lambda: plain_route(X, args.dim, args.negative, est.ns_exponent))
    from skw2v import WordVectors

    acc_plain = analogy_accuracy(WordVectors(X.words, W), restrict_vocab=V)
    print(f"plain (dense M* + eigsh):       {t_plain:7.1f} s  "
          f"peak {peak_plain / 2**20:7.0f} MiB  analogy {acc_plain.accuracy:.4f} "
          f"({acc_plain.n_questions} q)")
    print(f"speed-up plain / ours: {t_plain / t_ours:.1f}x; "
          f"memory plain / ours: {peak_plain / peak_ours:.1f}x")


if __name__ == "__main__":
    main()
