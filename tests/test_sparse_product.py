"""SparseBlockProduct (skw2v.linalg) and the CSR x block kernels behind it."""

import numpy as np
import pytest
import scipy.sparse as sp

from skw2v.kernels.spmm import csr_matmat, csr_matmat_tiled, csr_tile_pointers
from skw2v.linalg import SparseBlockProduct


def _csr(m=120, n=90, density=0.08, seed=0):
    A = sp.random(m, n, density=density, format="lil", random_state=seed)
    A[5, :] = 0  # empty rows, one of them the last
    A[m - 1, :] = 0
    A[7, :] = 0
    A[7, ::2] = 1.5  # a long row: 45 entries, not a multiple of 4
    return sp.csr_array(A.tocsr())


@pytest.mark.parametrize("index_dtype", [np.int32, np.int64])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("tile_bytes", [1, 10**9])  # tiles of 256 columns (3); one pass
def test_product_equals_scipy(index_dtype, dtype, tile_bytes):
    A = _csr(120, 700)
    A.indices, A.indptr = A.indices.astype(index_dtype), A.indptr.astype(index_dtype)
    B = np.random.default_rng(1).standard_normal((700, 3))
    P = SparseBlockProduct(A, dtype=dtype, tile_bytes=tile_bytes)
    assert P.matrix.indices.dtype == P.matrix.indptr.dtype == index_dtype
    out = P.matmat(B)
    assert out.dtype == dtype and out.shape == (120, 3)
    assert (P._tiles[1] is None) == (tile_bytes > 1)
    if tile_bytes == 1:
        assert P._tiles[1].shape == (120, 4)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(out, A @ B, rtol=tol, atol=tol)
    np.testing.assert_allclose(P.matmat(B[:, 0]), A @ B[:, 0], rtol=tol, atol=tol)
    np.testing.assert_allclose(P.transpose().matmat(np.ones((120, 2))), A.T @ np.ones((120, 2)),
                               rtol=tol, atol=tol)


def test_unsorted_indices_are_sorted_first():
    A = _csr(40, 600, density=0.2)
    perm = np.arange(A.nnz)
    for i in range(A.shape[0]):  # reverse each row's entries
        perm[A.indptr[i]:A.indptr[i + 1]] = perm[A.indptr[i]:A.indptr[i + 1]][::-1]
    U = sp.csr_array((A.data[perm], A.indices[perm], A.indptr), shape=A.shape)
    U.has_sorted_indices = False
    B = np.random.default_rng(0).standard_normal((600, 2))
    P = SparseBlockProduct(U, dtype=np.float64, tile_bytes=1)
    np.testing.assert_allclose(P.matmat(B), A @ B, rtol=1e-12, atol=1e-12)
    assert np.all(np.diff(U.indices[U.indptr[0]:U.indptr[1]]) <= 0)  # U itself untouched


def test_tiles_sum_in_the_same_order_as_one_pass():
    """Sorted rows visit their entries in the same order tile by tile: equal bit for bit."""
    A = _csr(300, 2000, density=0.05, seed=3)
    A.data = A.data.astype(np.float32)
    B = np.random.default_rng(2).standard_normal((2000, 7)).astype(np.float32)
    plain = np.empty((300, 7), np.float32)
    csr_matmat(A.indptr, A.indices, A.data, B, plain)
    for tile in (1, 3, 256, 1999, 5000):
        ptr = csr_tile_pointers(A.indptr, A.indices, tile)
        tiled = np.full((300, 7), np.nan, np.float32)
        csr_matmat_tiled(ptr, A.indices, A.data, B, tiled)
        np.testing.assert_array_equal(tiled, plain)


def test_tile_pointers_kept_within_a_factor_1_5():
    A = _csr(50, 3000, density=0.05)
    P = SparseBlockProduct(A, dtype=np.float64, tile_bytes=8 * 4 * 1000)  # 1,000-col tiles
    P.matmat(np.ones((3000, 4)))
    kept = P._tiles
    assert kept[0] == 1000 and kept[1].shape == (50, 4)
    P.matmat(np.ones((3000, 3)))  # 1,333 columns: within 1.5x, the same pointers
    assert P._tiles is kept
    P.matmat(np.ones((3000, 1)))  # 4,000 >= 3,000 columns: one pass, pointers untouched
    assert P._tiles is kept
    P.matmat(np.ones((3000, 8)))  # 500 columns: new pointers
    assert P._tiles[0] == 500


def test_no_copy_of_a_ready_matrix_and_out():
    A = _csr().astype(np.float32)
    P = SparseBlockProduct(A)
    assert P.matrix is A and P.shape == A.shape
    B = np.random.default_rng(0).standard_normal((90, 4)).astype(np.float32)
    out = np.empty((120, 4), np.float32)
    assert P.matmat(B, out=out) is out
    np.testing.assert_allclose(out, A @ B, rtol=1e-5, atol=1e-6)


def test_bad_input():
    A = _csr()
    with pytest.raises(ValueError, match="dtype must be float32 or float64"):
        SparseBlockProduct(A, dtype=np.int32)
    with pytest.raises(TypeError, match="scipy sparse"):
        SparseBlockProduct(A.toarray())
    P = SparseBlockProduct(A)
    with pytest.raises(ValueError, match="needs 90 rows"):
        P.matmat(np.ones((91, 2)))
    B = np.ones((90, 2), np.float32)
    with pytest.raises(ValueError, match="out must be"):
        P.matmat(B, out=np.empty((120, 3), np.float32))
    with pytest.raises(ValueError, match="out must be"):
        P.matmat(B, out=np.empty((120, 2), np.float64))
