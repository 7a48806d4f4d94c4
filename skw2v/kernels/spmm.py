"""Sparse (CSR) times dense block product, parallel over rows.

scipy's CSR x dense product runs on one thread; the closed-form QWEM solver
spends almost all its time in this product, so it gets a kernel of its own.
"""

from numba import njit, prange

__all__ = ["csr_matmat"]


@njit(cache=True, parallel=True, nogil=True)
def csr_matmat(indptr, indices, data, B, out):
    """``out = A @ B`` for ``A = (data, indices, indptr)`` in CSR form.

    Parameters
    ----------
    indptr : ndarray of int32 or int64 of shape (n_rows + 1,)
    indices : ndarray of int32 or int64 of shape (nnz,), column ids < B.shape[0]
    data : ndarray of float32 or float64 of shape (nnz,)
    B : C-contiguous ndarray of shape (n_cols, b), same dtype as ``data``
    out : C-contiguous ndarray of shape (n_rows, b), same dtype; overwritten
    """
    n_rows = indptr.shape[0] - 1
    b = B.shape[1]
    for i in prange(n_rows):
        for c in range(b):
            out[i, c] = 0.0
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            v = data[e]
            for c in range(b):
                out[i, c] += v * B[j, c]
    return out
