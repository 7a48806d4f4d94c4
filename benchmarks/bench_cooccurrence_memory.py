"""Peak memory of the full path at a large vocabulary (default V = 100,000).

Run from the project root::

    python benchmarks/bench_cooccurrence_memory.py [--vocab 100000] [--window 10]

Prints the matrix size, the time, and the process's peak resident memory, beside what a
dense V x V float64 matrix alone would take.
"""

import argparse
import resource
import time

from _common import require_corpus

from skw2v import CooccurrenceVectorizer


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab", type=int, default=100_000)
    parser.add_argument("--window", type=int, default=10)
    parser.add_argument("--n-jobs", type=int, default=2)
    args = parser.parse_args()
    path = str(require_corpus())
    start = time.perf_counter()
    vec = CooccurrenceVectorizer(window=args.window, weighting="linear", subsample=None,
                                 min_count=1, max_vocab_size=args.vocab, n_jobs=args.n_jobs)
    X = vec.fit_transform(path)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB -> GiB
    V = X.shape[0]
    print(f"V = {V:,}, window {args.window}: nnz = {X.nnz:,} "
          f"({X.nnz / V**2:.2%} of V^2), matrix {X.data.nbytes + X.indices.nbytes:,} bytes")
    print(f"time {seconds:.1f} s (includes kernel loading), peak RSS {peak:.2f} GiB; "
          f"a dense V x V float64 would be {V * V * 8 / 2**30:.1f} GiB on its own")


if __name__ == "__main__":
    main()
