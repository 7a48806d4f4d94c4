"""Kernel of QWEM's *weighted* factorisation: the sparse part of its gradient.

QWEM's quartic loss is, pair by pair, ``G_ij / 4 (s_ij - M*_ij)^2`` plus a
constant, ``s = W W^T``, ``G = P + Q``, ``Q = k q q^T``. Because
``G o M* = 2 (P - Q)``, its gradient ``[G o (W W^T - M*)] W`` is a sparse part
on P's non-zeros, ``sum_j P_ij (s_ij - 2) w_j``, plus low-rank algebra in Q
that the caller does with BLAS. :func:`weighted_sparse_gradient` fuses the
sampled product ``s_ij = w_i . w_j`` on P's pattern with the sparse product,
one pass over the non-zeros, no nnz-long temporaries.
"""

import numpy as np
from numba import njit, prange

from ._flags import FASTMATH

__all__ = ["weighted_line_coefficients", "weighted_sparse_gradient"]


@njit(cache=True, parallel=True, nogil=True, fastmath=FASTMATH)
def weighted_sparse_gradient(indptr, indices, data, W, out, row_loss):
    """``out_i = sum_j P_ij (s_ij - 2) w_j`` and ``row_loss_i = sum_j P_ij (s_ij^2/4 - s_ij)``.

    Parameters
    ----------
    indptr : ndarray of int32 or int64 of shape (V + 1,)
    indices : ndarray of int32 or int64 of shape (nnz,), column ids < V
    data : ndarray of float32 of shape (nnz,)
        P's values on its pattern.
    W : C-contiguous ndarray of float32 of shape (V, d)
    out : C-contiguous ndarray of float32 of shape (V, d); overwritten
    row_loss : ndarray of float64 of shape (V,); overwritten
    """
    n_rows = indptr.shape[0] - 1
    d = W.shape[1]
    for i in prange(n_rows):
        for c in range(d):
            out[i, c] = 0.0
        acc = 0.0
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            s = np.float32(0.0)
            for c in range(d):
                s += W[i, c] * W[j, c]
            v = data[e]
            acc += v * (0.25 * s * s - s)
            coef = v * (s - np.float32(2.0))
            for c in range(d):
                out[i, c] += coef * W[j, c]
        row_loss[i] = acc


@njit(cache=True, parallel=True, nogil=True, fastmath=FASTMATH)
def weighted_line_coefficients(indptr, indices, data, W, D, coef):
    """Coefficients of the sparse part of the loss along ``W + t D``, a quartic in t.

    With ``s(t) = s0 + t s1 + t^2 s2`` on each non-zero (``s0 = w_i.w_j``,
    ``s1 = w_i.d_j + d_i.w_j``, ``s2 = d_i.d_j``), ``sum_ij P_ij (s^2/4 - s)``
    is ``sum_k coef[:, k].sum() t^k``.

    Parameters
    ----------
    indptr, indices, data : CSR arrays of P (data float32)
    W, D : C-contiguous ndarray of float32 of shape (V, d)
    coef : ndarray of float64 of shape (V, 5); overwritten with per-row sums
    """
    n_rows = indptr.shape[0] - 1
    d = W.shape[1]
    for i in prange(n_rows):
        c0 = 0.0
        c1 = 0.0
        c2 = 0.0
        c3 = 0.0
        c4 = 0.0
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            s0 = np.float32(0.0)
            s1 = np.float32(0.0)
            s2 = np.float32(0.0)
            for c in range(d):
                s0 += W[i, c] * W[j, c]
                s1 += W[i, c] * D[j, c] + D[i, c] * W[j, c]
                s2 += D[i, c] * D[j, c]
            v = np.float64(data[e])
            a0, a1, a2 = np.float64(s0), np.float64(s1), np.float64(s2)
            c0 += v * (0.25 * a0 * a0 - a0)
            c1 += v * (0.5 * a0 * a1 - a1)
            c2 += v * (0.25 * (a1 * a1 + 2.0 * a0 * a2) - a2)
            c3 += v * 0.5 * a1 * a2
            c4 += v * 0.25 * a2 * a2
        coef[i, 0] = c0
        coef[i, 1] = c1
        coef[i, 2] = c2
        coef[i, 3] = c3
        coef[i, 4] = c4
