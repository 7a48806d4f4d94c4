"""word2vec's frequency subsampling of a token stream."""

import numpy as np
from numba import njit


def keep_probabilities(counts, sample):
    """Probability of keeping each occurrence of a word, as word2vec.c computes it.

    With ``f = count / total`` and threshold ``t = sample``, the keep probability
    is ``(sqrt(f / t) + 1) * t / f``, clipped to 1. ``sample <= 0`` keeps all.

    Parameters
    ----------
    counts : ndarray of int64 of shape (V,)
    sample : float

    Returns
    -------
    ndarray of float64 of shape (V,)
    """
    counts = np.asarray(counts, dtype=np.float64)
    if sample <= 0:
        return np.ones_like(counts)
    threshold = sample * counts.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        p = (np.sqrt(counts / threshold) + 1.0) * threshold / counts
    p[counts == 0] = 1.0
    return np.minimum(p, 1.0)


@njit(nogil=True, cache=True)
def subsample_stream(stream, keep_prob, seed):
    """Drop tokens of ``stream`` at random with the given keep probabilities.

    ``stream`` holds word ids and ``-1`` document ends; the ends are always
    kept. Deterministic for a given ``seed``. Returns a new compacted stream.
    """
    np.random.seed(seed)
    out = np.empty_like(stream)
    n = 0
    for t in range(stream.shape[0]):
        w = stream[t]
        if w < 0 or keep_prob[w] >= 1.0 or np.random.random() < keep_prob[w]:
            out[n] = w
            n += 1
    return out[:n].copy()
