"""An epoch over a co-occurrence matrix as a pass over its pairs, in random order.

Drawing the pairs of an epoch i.i.d. from ``P_ij`` (with replacement) gives
each pair a Poisson number of visits; a pass over a corpus visits every
occurrence once. The second trains better embeddings (2.4 / 3.4 analogy
points at 10k / 30k words on enwiki-17m, ``benchmarks/RESULTS.md``), so the
statistics path mimics it without writing the epoch's pair list out (that
list is as long as the corpus times the window):

- every word centres its share of the epoch's groups of contexts
  (:func:`epoch_centres`, systematic sampling of the row sums, shuffled), and
  :func:`occurrence_ranks` numbers the groups of each word;
- the contexts of row ``i`` over the epoch are the ``n_i`` points
  ``(k + offset_i) / n_i`` of a systematic grid over the row's cumulative
  weights, so entry ``j`` comes up ``floor`` or ``ceil`` of
  ``n_i * X_ij / X_i.`` times; the ``t``-th context takes grid point
  ``k = (t * stride_i + shift_i) mod n_i`` with ``stride_i`` coprime to
  ``n_i`` near ``n_i / golden ratio``, a permutation of the grid whose
  consecutive points are spread over the whole row (:func:`row_pass_entry`).
"""

import numpy as np
from numba import njit

__all__ = ["epoch_centres", "occurrence_ranks", "row_cumsums", "row_pass_plan",
           "row_pass_entry"]

_INV_GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0


def epoch_centres(row_sums, n_groups, rng):
    """Centre word of each group of an epoch, in random order.

    Word ``i`` centres the floor or ceil of ``n_groups * row_sums[i] /
    row_sums.sum()`` groups (systematic sampling: exact in expectation, and
    a pass over a corpus has no Poisson noise in how often a word occurs).

    Parameters
    ----------
    row_sums : ndarray of float64 of shape (V,)
    n_groups : int
    rng : numpy.random.Generator

    Returns
    -------
    centres : ndarray of int32 of shape (n_groups,)
    per_word : ndarray of int64 of shape (V,)
        Groups of each word.
    """
    cum = np.minimum(np.cumsum(row_sums) * (n_groups / row_sums.sum()), n_groups)
    cum[-1] = n_groups  # so that the groups add up to n_groups exactly
    edges = np.floor(np.concatenate([[0.0], cum]) + rng.random())
    per_word = np.diff(edges).astype(np.int64)
    centres = np.repeat(np.arange(row_sums.shape[0], dtype=np.int32), per_word)
    rng.shuffle(centres)
    return centres, per_word


@njit(cache=True)
def occurrence_ranks(centres, n_words):
    """``ranks[t]`` = how many times ``centres[t]`` occurs before position t."""
    seen = np.zeros(n_words, dtype=np.int64)
    ranks = np.empty(centres.shape[0], dtype=np.int64)
    for t in range(centres.shape[0]):
        c = centres[t]
        ranks[t] = seen[c]
        seen[c] += 1
    return ranks


@njit(cache=True)
def row_cumsums(indptr, data):
    """Cumulative sums of ``data`` restarted at each row of a CSR matrix."""
    cum = np.empty(data.shape[0], dtype=np.float64)
    for i in range(indptr.shape[0] - 1):
        s = 0.0
        for e in range(indptr[i], indptr[i + 1]):
            s += data[e]
            cum[e] = s
    return cum


def row_pass_plan(n_per_row, rng):
    """Random permutation parameters of each row's grid for one epoch.

    Parameters
    ----------
    n_per_row : ndarray of int64 of shape (V,)
        Contexts drawn from each row in the epoch.
    rng : numpy.random.Generator

    Returns
    -------
    stride, shift : ndarray of int64 of shape (V,)
        ``k = (t * stride + shift) mod n`` permutes ``0 .. n-1``.
    offset : ndarray of float64 of shape (V,)
        Position of the grid within its cells, uniform on [0, 1).
    """
    n = np.asarray(n_per_row, dtype=np.int64)
    if np.any(n < 0):
        raise ValueError("n_per_row must be non-negative.")
    # A random stride near n / golden ratio: coprime to n so that t -> k is a
    # permutation; near the golden ratio so that consecutive t are spread out.
    jitter = rng.integers(0, np.maximum(n // 64, 1))
    stride = np.maximum(np.rint(n * _INV_GOLDEN).astype(np.int64) + jitter, 1)
    while True:
        bad = (n > 1) & (np.gcd(stride, n) != 1)
        if not bad.any():
            break
        stride[bad] += 1
    stride = np.where(n > 0, stride % np.maximum(n, 1), 0)
    stride[n == 1] = 1
    shift = (rng.random(n.shape[0]) * n).astype(np.int64)
    offset = rng.random(n.shape[0])
    return stride, shift, offset


@njit(cache=True, nogil=True, inline="always")
def row_pass_entry(cum, a, b, n, stride, shift, offset, t):
    """Stored entry (in ``a .. b-1``) of the ``t``-th context of a row's pass.

    ``cum[a:b]`` are the row's cumulative weights (:func:`row_cumsums`);
    ``0 <= t < n``. Over ``t = 0 .. n-1`` the entries come up in proportion
    to their weights, each ``floor`` or ``ceil`` of ``n * weight / total``.
    """
    k = (t * stride + shift) % n
    u = (k + offset) / n * cum[b - 1]
    lo = a
    hi = b - 1
    while lo < hi:  # first e with cum[e] > u; cum[b-1] > u always
        mid = (lo + hi) >> 1
        if cum[mid] > u:
            hi = mid
        else:
            lo = mid + 1
    return lo
