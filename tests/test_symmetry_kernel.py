"""csr_is_symmetric (the co-occurrence check without a transposed copy) against scipy."""

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from skw2v.kernels.symmetry import csr_is_symmetric


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 25), density=st.floats(0.0, 1.0), symmetrise=st.booleans(),
       nudge=st.sampled_from([0.0, 1e-9, 1e-3]), seed=st.integers(0, 2**16))
def test_matches_the_transpose_comparison(n, density, symmetrise, nudge, seed):
    rng = np.random.default_rng(seed)
    A = sp.random(n, n, density=density, random_state=seed, format="csr")
    if symmetrise:
        A = (A + A.T).tocsr()
    if A.nnz and nudge:
        A.data[rng.integers(A.nnz)] += nudge
    A.sum_duplicates()
    tol = 1e-6 * max(A.data.max(initial=0.0), 1e-300)
    D = abs(A - A.T)
    expected = not (D.nnz and D.max() > tol)
    assert csr_is_symmetric(A.indptr, A.indices, A.data, tol) == expected


def test_a_missing_mirror_counts_as_zero():
    A = sp.csr_array(np.array([[0.0, 1.0], [0.0, 0.0]]))
    assert not csr_is_symmetric(A.indptr, A.indices, A.data, 0.5)
    assert csr_is_symmetric(A.indptr, A.indices, A.data, 1.0)  # within tol of the absent 0
