"""Sampling tables and the counter-seeded generator used by the SGNS kernels."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from skw2v.kernels.sampling import (
    alias_draw,
    alias_probabilities,
    build_alias_table,
    noise_distribution,
    rng_below,
    rng_init,
    rng_uniform,
)
from skw2v.kernels.subsample import keep_probabilities


def test_noise_distribution_hand_case():
    counts = np.array([16, 1, 0, 81])
    got = noise_distribution(counts, 0.75)
    raw = np.array([8.0, 1.0, 0.0, 27.0])  # 16**.75, 1, 0, 81**.75
    np.testing.assert_allclose(got, raw / 36.0, rtol=1e-12)


@pytest.mark.parametrize("exponent", [0.0, 0.5, 1.0, -0.5])
def test_noise_distribution_formula(exponent):
    counts = np.array([5, 3, 0, 12, 1], dtype=np.int64)
    got = noise_distribution(counts, exponent)
    want = np.zeros(5)
    want[counts > 0] = counts[counts > 0] ** exponent
    np.testing.assert_allclose(got, want / want.sum(), rtol=1e-12)
    assert got[2] == 0.0  # unseen words never become noise, even at exponent 0


def test_noise_distribution_errors():
    with pytest.raises(ValueError, match="all zero"):
        noise_distribution([0, 0], 0.75)
    with pytest.raises(ValueError, match="non-negative"):
        noise_distribution([1, -1], 0.75)
    with pytest.raises(ValueError, match="non-empty"):
        noise_distribution([], 0.75)


def test_keep_probabilities_formula():
    counts = np.array([1000, 100, 10, 1], dtype=np.int64)
    sample = 1e-2
    t = sample * counts.sum()
    f = counts.astype(float)
    want = np.minimum((np.sqrt(f / t) + 1) * t / f, 1.0)
    np.testing.assert_allclose(keep_probabilities(counts, sample), want, rtol=1e-12)
    assert want[0] < 0.5 and want[-1] == 1.0  # frequent words dropped, rare kept
    np.testing.assert_array_equal(keep_probabilities(counts, 0), 1.0)


def test_alias_table_hand_case():
    prob, alias = build_alias_table(np.array([0.5, 0.25, 0.25]))
    # Slot 1 and 2 hold 3/4 of their own outcome, the rest comes from outcome 0.
    np.testing.assert_allclose(alias_probabilities(prob, alias), [0.5, 0.25, 0.25])
    assert prob.dtype == np.float64 and alias.dtype == np.int32


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0.0, 1e6, allow_nan=False), min_size=1, max_size=60)
       .filter(lambda w: sum(w) > 0))
def test_alias_table_reconstructs_exact_probabilities(weights):
    w = np.asarray(weights, dtype=np.float64)
    prob, alias = build_alias_table(w)
    assert np.all((prob >= 0) & (prob <= 1))
    assert np.all((alias >= 0) & (alias < w.size))
    np.testing.assert_allclose(alias_probabilities(prob, alias), w / w.sum(),
                               atol=1e-12, rtol=1e-9)


@njit(cache=True)
def _draw_many(prob, alias, seed, n):
    state = rng_init(seed, 0)
    out = np.zeros(prob.shape[0], dtype=np.int64)
    for _ in range(n):
        out[alias_draw(prob, alias, state)] += 1
    return out


def test_alias_draw_frequencies():
    p = np.array([0.05, 0.4, 0.0, 0.25, 0.3])
    prob, alias = build_alias_table(p)
    n = 400_000
    freq = _draw_many(prob, alias, 7, n) / n
    assert freq[2] == 0.0
    # 5 standard errors of a binomial proportion.
    np.testing.assert_allclose(freq, p, atol=5 * np.sqrt(0.25 / n))


@njit(cache=True)
def _uniforms(seed, stream, n, k):
    state = rng_init(seed, stream)
    u = np.empty(n)
    b = np.empty(n, dtype=np.int64)
    for i in range(n):
        u[i] = rng_uniform(state)
        b[i] = rng_below(state, k)
    return u, b


def test_generator_streams_are_reproducible_and_distinct():
    u1, b1 = _uniforms(1, 0, 50_000, 7)
    u2, _ = _uniforms(1, 0, 50_000, 7)
    u3, _ = _uniforms(1, 1, 50_000, 7)
    u4, _ = _uniforms(2, 0, 50_000, 7)
    np.testing.assert_array_equal(u1, u2)
    assert not np.array_equal(u1, u3) and not np.array_equal(u1, u4)
    assert np.all((u1 >= 0) & (u1 < 1)) and abs(u1.mean() - 0.5) < 0.01
    assert abs(np.corrcoef(u1, u3)[0, 1]) < 0.02  # neighbouring streams uncorrelated
    counts = np.bincount(b1, minlength=7)
    assert counts.size == 7 and np.all(np.abs(counts / 50_000 - 1 / 7) < 0.01)
