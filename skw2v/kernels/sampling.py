"""Random sampling for the SGNS kernels: a counter-seeded generator, alias tables.

Everything here is usable from numba code: the generator keeps its state in a
one-element ``uint64`` array so that a kernel can pass it around, and the alias
table is two flat arrays. Kernels seed one generator per chunk of work from
``(seed, chunk index)``, which makes a run reproducible whatever thread picks
the chunk up.
"""

import numpy as np
from numba import njit

__all__ = [
    "noise_distribution",
    "build_alias_table",
    "alias_probabilities",
    "alias_draw",
    "rng_init",
    "rng_next",
    "rng_uniform",
    "rng_below",
]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_MASK32 = np.uint64(0xFFFFFFFF)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S32 = np.uint64(32)
_S40 = np.uint64(40)


def noise_distribution(counts, ns_exponent=0.75):
    """Noise distribution of negative sampling: ``counts ** ns_exponent``, normalised.

    Parameters
    ----------
    counts : array-like of int of shape (V,)
        Corpus count of each word.
    ns_exponent : float, default=0.75
        0 gives the uniform distribution, 1 the unigram distribution; word2vec
        uses 0.75, which gives rare words more noise draws than their frequency.

    Returns
    -------
    ndarray of float64 of shape (V,)
    """
    counts = np.asarray(counts, dtype=np.float64)
    if counts.ndim != 1 or counts.size == 0:
        raise ValueError("counts must be a non-empty 1-D array.")
    if np.any(counts < 0) or not np.all(np.isfinite(counts)):
        raise ValueError("counts must be finite and non-negative.")
    # Words with count 0 get no mass even when ns_exponent == 0 (0 ** 0 == 1).
    weights = np.zeros_like(counts)
    seen = counts > 0
    weights[seen] = counts[seen] ** float(ns_exponent)
    total = weights.sum()
    if total <= 0:
        raise ValueError("counts are all zero: no noise distribution.")
    return weights / total


@njit(cache=True)
def build_alias_table(p):
    """Walker/Vose alias table of a discrete distribution.

    Outcome ``i`` is drawn as: pick a slot ``s`` uniformly, keep ``s`` with
    probability ``prob[s]``, otherwise return ``alias[s]``. Two array reads per
    draw whatever the number of outcomes.

    Parameters
    ----------
    p : ndarray of float64 of shape (n,)
        Non-negative weights (need not sum to 1; they are normalised).

    Returns
    -------
    prob : ndarray of float64 of shape (n,)
    alias : ndarray of int32 of shape (n,)
    """
    n = p.shape[0]
    total = 0.0
    for i in range(n):
        total += p[i]
    scaled = np.empty(n, dtype=np.float64)
    for i in range(n):
        scaled[i] = p[i] * n / total
    prob = np.ones(n, dtype=np.float64)
    alias = np.arange(n).astype(np.int32)
    small = np.empty(n, dtype=np.int64)
    large = np.empty(n, dtype=np.int64)
    n_small = 0
    n_large = 0
    for i in range(n):
        if scaled[i] < 1.0:
            small[n_small] = i
            n_small += 1
        else:
            large[n_large] = i
            n_large += 1
    while n_small > 0 and n_large > 0:
        n_small -= 1
        s = small[n_small]
        g = large[n_large - 1]
        prob[s] = scaled[s]
        alias[s] = g
        # The large outcome gives away what fills the small slot up to 1.
        scaled[g] = (scaled[g] + scaled[s]) - 1.0
        if scaled[g] < 1.0:
            n_large -= 1
            small[n_small] = g
            n_small += 1
    # Leftovers are 1 up to rounding: they keep their own slot entirely.
    for k in range(n_large):
        prob[large[k]] = 1.0
    for k in range(n_small):
        prob[small[k]] = 1.0
    return prob, alias


def alias_probabilities(prob, alias):
    """The distribution an alias table draws from (inverse of :func:`build_alias_table`)."""
    prob = np.asarray(prob, dtype=np.float64)
    n = prob.shape[0]
    out = prob.copy()
    np.add.at(out, np.asarray(alias, dtype=np.int64), 1.0 - prob)
    return out / n


@njit(cache=True, nogil=True, inline="always")
def rng_next(state):
    """Next 64 random bits (SplitMix64 step; ``state`` is a 1-element uint64 array)."""
    z = state[0] + _GOLDEN
    state[0] = z
    z = (z ^ (z >> _S30)) * _MIX1
    z = (z ^ (z >> _S27)) * _MIX2
    return z ^ (z >> _S31)


@njit(cache=True, nogil=True)
def rng_init(seed, stream):
    """Generator state for substream ``stream`` of ``seed`` (decorrelated by mixing)."""
    state = np.empty(1, dtype=np.uint64)
    state[0] = np.uint64(seed) * _MIX1 + np.uint64(stream) * _GOLDEN
    rng_next(state)
    state[0] = rng_next(state)
    return state


@njit(cache=True, nogil=True, inline="always")
def rng_uniform(state):
    """A float64 uniform on [0, 1) with 53 random bits."""
    return np.float64(rng_next(state) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True, nogil=True, inline="always")
def rng_below(state, n):
    """An integer uniform on ``0 .. n-1`` (``n < 2**32``), by multiply-shift."""
    return np.int64(((rng_next(state) >> _S32) * np.uint64(n)) >> _S32)


@njit(cache=True, nogil=True, inline="always")
def alias_draw(prob, alias, state):
    """Draw one outcome from an alias table with one 64-bit random number.

    The high 32 bits pick the slot, the low 32 bits toss the coin; tables up
    to 2**32 outcomes.
    """
    bits = rng_next(state)
    slot = np.int64(((bits >> _S32) * np.uint64(prob.shape[0])) >> _S32)
    coin = np.float64(bits & _MASK32) * (1.0 / 4294967296.0)
    if coin < prob[slot]:
        return slot
    return np.int64(alias[slot])
