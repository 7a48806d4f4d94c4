"""An epoch of the statistics path is a pass over the pairs: exact shares, random order."""

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from skw2v.kernels.pair_pass import (
    epoch_centres,
    occurrence_ranks,
    row_cumsums,
    row_pass_entry,
    row_pass_plan,
)

GROUP = 6


@njit(cache=True)
def _pass_counts(cum, a, b, n, stride, shift, offset):
    counts = np.zeros(b - a, dtype=np.int64)
    for t in range(n):
        counts[row_pass_entry(cum, a, b, n, stride, shift, offset, t) - a] += 1
    return counts


def test_occurrence_ranks_hand_case():
    centres = np.array([2, 0, 2, 2, 1, 0], dtype=np.int32)
    np.testing.assert_array_equal(occurrence_ranks(centres, 3), [0, 0, 1, 2, 0, 1])


def test_row_cumsums_restart_at_each_row():
    A = sp.csr_array(np.array([[1.0, 0, 2.0], [0, 0, 0], [3.0, 4.0, 0.5]]))
    np.testing.assert_array_equal(row_cumsums(A.indptr.astype(np.int64), A.data),
                                  [1.0, 3.0, 3.0, 7.0, 7.5])


@settings(max_examples=200, deadline=None)
@given(weights=st.lists(st.floats(0.01, 1000.0), min_size=1, max_size=40),
       n=st.integers(1, 3000), seed=st.integers(0, 2**32 - 1))
def test_a_row_pass_gives_each_entry_its_share(weights, n, seed):
    w = np.asarray(weights)
    cum = np.cumsum(w)
    stride, shift, offset = row_pass_plan(np.array([n]), np.random.default_rng(seed))
    assert 0 <= shift[0] < n and 0 <= offset[0] < 1
    # t -> k is a permutation of the grid ...
    ks = (np.arange(n) * stride[0] + shift[0]) % n
    assert np.unique(ks).size == n
    # ... so each entry comes up floor or ceil of its share, all n in total.
    counts = _pass_counts(cum, 0, w.size, n, stride[0], shift[0], offset[0])
    share = n * w / w.sum()
    assert counts.sum() == n
    assert np.all(counts >= np.floor(share) - 1e-9) and np.all(counts <= np.ceil(share) + 1e-9)


@njit(cache=True)
def _pass_entries(cum, a, b, n, stride, shift, offset):
    out = np.empty(n, dtype=np.int64)
    for t in range(n):
        out[t] = row_pass_entry(cum, a, b, n, stride, shift, offset, t)
    return out


@settings(max_examples=200, deadline=None)
@given(weights=st.lists(st.sampled_from([0.0, 0.001, 1.0, 3.0, 1e6]), min_size=1,
                        max_size=30).filter(lambda w: sum(w) > 0),
       n=st.integers(1, 500), seed=st.integers(0, 2**32 - 1))
def test_row_pass_entry_is_the_inverse_cdf_of_its_grid_point(weights, n, seed):
    cum = np.cumsum(np.asarray(weights))
    stride, shift, offset = row_pass_plan(np.array([n]), np.random.default_rng(seed))
    got = _pass_entries(cum, 0, cum.size, n, stride[0], shift[0], offset[0])
    k = (np.arange(n) * stride[0] + shift[0]) % n
    u = (k + offset[0]) / n * cum[-1]
    np.testing.assert_array_equal(got, np.searchsorted(cum, u, side="right"))
    assert np.all(np.asarray(weights)[got] > 0)  # zero-weight entries never come up


def test_a_group_of_consecutive_contexts_is_spread_over_the_row():
    # 60 equal entries, a pass of 600: six consecutive points of the pass land
    # in six different entries (an i.i.d. draw repeats one with probability 0.23).
    cum = np.arange(1.0, 61.0)
    n = 600
    stride, shift, offset = row_pass_plan(np.array([n]), np.random.default_rng(0))
    entries = [row_pass_entry(cum, 0, 60, n, stride[0], shift[0], offset[0], t)
               for t in range(n)]
    for g in range(n // GROUP):
        assert len(set(entries[GROUP * g:GROUP * (g + 1)])) == GROUP


@pytest.mark.parametrize("n_groups", [1, 7, 1000])
def test_epoch_centres_are_the_systematic_shares(n_groups):
    row_sums = np.array([5.0, 0.0, 1.0, 100.0, 33.3])
    centres, per_word = epoch_centres(row_sums, n_groups, np.random.default_rng(1))
    assert centres.shape == (n_groups,) and per_word.sum() == n_groups
    np.testing.assert_array_equal(np.bincount(centres, minlength=5), per_word)
    share = n_groups * row_sums / row_sums.sum()
    assert np.all(per_word >= np.floor(share)) and np.all(per_word <= np.ceil(share))
    assert per_word[1] == 0


def test_an_epoch_visits_every_pair_its_share():
    """The composition the kernel runs: centres, their ranks, each row's pass."""
    rng = np.random.default_rng(0)
    dense = rng.poisson(2.0, size=(12, 12)).astype(np.float64)
    dense = dense + dense.T
    dense[3] = dense[:, 3] = 0  # a word that never co-occurs
    A = sp.csr_array(dense)
    indptr = A.indptr.astype(np.int64)
    cum = row_cumsums(indptr, A.data)
    row_sums = A.sum(axis=1)
    n_groups = int(round(A.sum())) // GROUP * 10  # ten times the pairs: tight shares
    centres, per_word = epoch_centres(row_sums, n_groups, rng)
    ranks = occurrence_ranks(centres, 12)
    n_per_row = per_word * GROUP
    stride, shift, offset = row_pass_plan(n_per_row, rng)
    seen = np.zeros_like(dense)
    for word, rank in zip(centres, ranks):
        a, b = indptr[word], indptr[word + 1]
        for t in range(GROUP * rank, GROUP * (rank + 1)):
            e = row_pass_entry(cum, a, b, n_per_row[word], stride[word], shift[word],
                               offset[word], t)
            seen[word, A.indices[e]] += 1
    assert seen.sum() == GROUP * n_groups
    assert np.all(seen[dense == 0] == 0)
    # Each pair: its share of its row's contexts, up to one (rounding of the
    # row's grid) plus the row's own rounding to whole groups.
    expected = dense / row_sums[:, None].clip(1) * n_per_row[:, None]
    assert np.all(np.abs(seen - expected) <= 1.0 + 1e-9)
    np.testing.assert_allclose(seen.sum(axis=1), n_per_row)


def test_row_pass_plan_rejects_negative_sizes():
    with pytest.raises(ValueError, match="non-negative"):
        row_pass_plan(np.array([3, -1]), np.random.default_rng(0))
