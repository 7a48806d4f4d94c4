"""The values of QWEM's sparse part S, computed in one pass over P's non-zeros.

``S_ij = 4 P_ij / (P_ij + k q_i q_j)``. Written with numpy, the row index of
every non-zero, ``q[rows]``, ``q[indices]`` and the quotient are four
float64/intp arrays of nnz entries each: at V = 100,000 (window 10, 61.6 M
non-zeros) 2.0 GB of temporaries for a 246 MB float32 result. The kernel
writes the result directly.
"""

from numba import njit, prange

__all__ = ["qwem_sparse_values"]


@njit(cache=True, parallel=True, nogil=True)
def qwem_sparse_values(indptr, indices, data, q, negative, out):
    """``out[e] = 4 p / (p + negative q[i] q[j])`` for each stored ``p = data[e]`` at (i, j).

    Parameters
    ----------
    indptr : ndarray of int32 or int64 of shape (V + 1,)
    indices : ndarray of int32 or int64 of shape (nnz,), entries < V
    data : ndarray of float64 of shape (nnz,), entries > 0
    q : ndarray of float64 of shape (V,), entries > 0 where a row or column has data
    negative : float
    out : ndarray of float32 or float64 of shape (nnz,); overwritten
    """
    n_rows = indptr.shape[0] - 1
    for i in prange(n_rows):
        qi = negative * q[i]
        for e in range(indptr[i], indptr[i + 1]):
            p = data[e]
            out[e] = 4.0 * p / (p + qi * q[indices[e]])
    return out
