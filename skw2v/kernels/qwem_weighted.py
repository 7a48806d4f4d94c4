"""Kernels of QWEM's *weighted* factorisation: its gradient and its line.

QWEM's quartic loss is, pair by pair, ``G_ij / 4 (s_ij - M*_ij)^2`` plus a
constant, ``s = W W^T``, ``G = P + Q``, ``Q = k q q^T``. Because
``G o M* = 2 (P - Q)``, its gradient ``[G o (W W^T - M*)] W`` is a sparse part
on P's non-zeros, ``sum_j P_ij (s_ij - 2) w_j``, plus low-rank algebra in Q
that the caller does with BLAS. :func:`weighted_sparse_gradient` fuses the
sampled product ``s_ij = w_i . w_j`` on P's pattern with the sparse product,
one pass over the non-zeros, and keeps ``s_ij`` for the upper triangle (one
float32 per pair). Along a direction D the loss is a quartic in the step;
:func:`weighted_line_curvature` sums its three top coefficients over the upper
triangle only (P and s are symmetric), reusing the kept ``s_ij``. Measured at
V = 10k, d = 200, 30.7 M non-zeros, two threads (``benchmarks/RESULTS.md``,
"Issue 14, session 6"): the line's pass in about 1.4 block products' time
against 3.7-5.3 for the former pass over every entry with all five
coefficients, the gradient's in about 1.6 against 2.1. Both passes walk P's columns
in tiles (a ``ptr`` from :func:`~skw2v.kernels.spmm.csr_tile_pointers`), so that the
rows of W a tile reads stay in cache: a refinement step 1.16x / 1.28x faster at
V = 10k / 100k (session 9).
"""

import numpy as np
from numba import njit, prange

from ._flags import FASTMATH

__all__ = ["row_products", "upper_starts", "weighted_line_curvature", "weighted_loss_constant",
           "weighted_sparse_gradient"]


@njit(cache=True, nogil=True)
def upper_starts(indptr, indices):
    """``start_i``: the first entry of row i with column ``>= i`` (sorted rows).

    Parameters
    ----------
    indptr : ndarray of int32 or int64 of shape (V + 1,)
    indices : ndarray of int32 or int64 of shape (nnz,), sorted within each row

    Returns
    -------
    ndarray of int64 of shape (V,)
    """
    n_rows = indptr.shape[0] - 1
    out = np.empty(n_rows, dtype=np.int64)
    for i in range(n_rows):
        lo = np.int64(indptr[i])
        hi = np.int64(indptr[i + 1])
        while lo < hi:  # binary search for the first column >= i
            mid = (lo + hi) // 2
            if indices[mid] < i:
                lo = mid + 1
            else:
                hi = mid
        out[i] = lo
    return out


@njit(inline="always", fastmath=FASTMATH)
def _floor_factor(p, qi, qj, floor2):
    """``f_ij = 1 + 2c / (P_ij + Q_ij)``: the pair's linear factor under a weight floor c.

    ``qi, qj`` are ``sqrt(k) q`` (so ``Q_ij = qi qj``), ``floor2`` is 2c; 1 when c = 0.
    """
    if floor2 == 0.0:
        return 1.0
    return 1.0 + floor2 / (np.float64(p) + np.float64(qi) * np.float64(qj))


@njit(inline="always", fastmath=FASTMATH)
def _line_terms(c, p, f, diagonal, s0, s1, s2):
    """Add one entry's share to the line's (t^2, t^3, t^4) sums ``c`` (see below)."""
    v = np.float64(p) * (1.0 if diagonal else 2.0)
    a0, a1, a2 = np.float64(s0), np.float64(s1), np.float64(s2)
    c[0] += v * (0.25 * a1 * a1 + 0.5 * a0 * a2 - f * a2)
    c[1] += v * 0.5 * a1 * a2
    c[2] += v * 0.25 * a2 * a2


@njit(cache=True, parallel=True, nogil=True, fastmath=FASTMATH)
def weighted_line_curvature(ptr, starts, offsets, indices, data, bounds, s, W, D, Wj, Dj,
                            coef, qk, floor2):
    """The t^2, t^3, t^4 coefficients of the sparse loss along ``W + t D``, P symmetric.

    With ``s(t) = s0 + t s1 + t^2 s2`` on each non-zero (``s0 = w_i.w_j``,
    ``s1 = w_i.d_j + d_i.w_j``, ``s2 = d_i.d_j``), ``sum_ij P_ij (s^2/4 - s)``
    is a quartic in t. Its t^0 and t^1 coefficients are the loss and
    ``<gradient, D>``, which the gradient pass has already computed, and s0 is
    kept from it too (``s``), so only s1 and s2 are computed here, and because
    P and s are symmetric only over the upper triangle (``j >= i``,
    off-diagonal entries counted twice): half the non-zeros, three products per entry.

    Parameters
    ----------
    ptr : ndarray of int64 of shape (V, n_tiles + 1)
        Row i's stored entries of column tile t are ``ptr[i, t]:ptr[i, t + 1]``
        (:func:`~skw2v.kernels.spmm.csr_tile_pointers`; ``n_tiles = 1`` is
        ``indptr[:-1], indptr[1:]``). The tiles are walked one after the other, every
        row visiting each, so that the rows of W and D a tile reads stay in cache.
    indices, data : CSR arrays of a symmetric P (data float32), rows sorted
    starts : ndarray of int64 of shape (V,), :func:`upper_starts`
    offsets : ndarray of int64 of shape (V,)
        Row i's first upper slot in ``s`` (the upper entries, row after row).
    bounds : ndarray of int64 of shape (n_blocks + 1,)
        Row blocks ``[bounds[b], bounds[b + 1])``, one parallel task each
        (increasing, from 0 to V), with about equal upper-triangle non-zeros
        so that the threads' shares balance.
    s : ndarray of float32 of shape (n_upper,)
        ``w_i . w_j`` at this W on the upper triangle, from :func:`weighted_sparse_gradient`
    W, D : C-contiguous ndarray of float32 of shape (V, d)
    Wj, Dj : C-contiguous ndarray of float32 of shape (V, d)
        The j side of every product: W and D themselves for ``s = W W^T``; for
        a signed ``s = W S W^T`` (S = diag(signs)) W S and D S, so that
        ``s_ij = w_i . (S w_j)``.
    coef : ndarray of float64 of shape (n_blocks, 3); overwritten with each
        block's (t^2, t^3, t^4) sums
    """
    n_blocks = bounds.shape[0] - 1
    n_tiles = ptr.shape[1] - 1
    d = W.shape[1]
    for b in prange(n_blocks):
        for r in range(3):
            coef[b, r] = 0.0
    for t in range(n_tiles):
        for b in prange(n_blocks):
            _line_block(t, bounds[b], bounds[b + 1], ptr, starts, offsets, indices, data, s, W,
                        D, Wj, Dj, coef[b], qk, floor2, d)


@njit(inline="always", fastmath=FASTMATH)
def _line_block(t, first, last, ptr, starts, offsets, indices, data, s, W, D, Wj, Dj, c, qk,
                floor2, d):
    """Add rows ``first:last``'s upper entries in column tile t to the line's sums ``c``."""
    for i in range(first, last):
        qi = qk[i]
        u = offsets[i] - starts[i]  # the slot of entry e is u + e
        e = max(ptr[i, t], starts[i])
        end = ptr[i, t + 1]
        # four entries at a time, sharing the loads of w_i and d_i (0.76 s
        # against 0.89 s one at a time, V = 10k, d = 200, two threads)
        while e + 4 <= end:
            j0, j1, j2, j3 = indices[e], indices[e + 1], indices[e + 2], indices[e + 3]
            a0 = a1 = a2 = a3 = np.float32(0.0)
            b0 = b1 = b2 = b3 = np.float32(0.0)
            for k in range(d):
                w = W[i, k]
                x = D[i, k]
                a0 += w * Dj[j0, k] + x * Wj[j0, k]
                b0 += x * Dj[j0, k]
                a1 += w * Dj[j1, k] + x * Wj[j1, k]
                b1 += x * Dj[j1, k]
                a2 += w * Dj[j2, k] + x * Wj[j2, k]
                b2 += x * Dj[j2, k]
                a3 += w * Dj[j3, k] + x * Wj[j3, k]
                b3 += x * Dj[j3, k]
            _line_terms(c, data[e], _floor_factor(data[e], qi, qk[j0], floor2), i == j0,
                        s[u + e], a0, b0)
            _line_terms(c, data[e + 1], _floor_factor(data[e + 1], qi, qk[j1], floor2), i == j1,
                        s[u + e + 1], a1, b1)
            _line_terms(c, data[e + 2], _floor_factor(data[e + 2], qi, qk[j2], floor2), i == j2,
                        s[u + e + 2], a2, b2)
            _line_terms(c, data[e + 3], _floor_factor(data[e + 3], qi, qk[j3], floor2), i == j3,
                        s[u + e + 3], a3, b3)
            e += 4
        while e < end:
            j = indices[e]
            a = np.float32(0.0)
            b2 = np.float32(0.0)
            for k in range(d):
                a += W[i, k] * Dj[j, k] + D[i, k] * Wj[j, k]
                b2 += D[i, k] * Dj[j, k]
            _line_terms(c, data[e], _floor_factor(data[e], qi, qk[j], floor2), i == j,
                        s[u + e], a, b2)
            e += 1


@njit(cache=True, parallel=True, nogil=True, fastmath=FASTMATH)
def weighted_sparse_gradient(ptr, starts, offsets, indices, data, W, Wj, out, s, row_loss,
                             qk, floor2):
    """``out_i = sum_j P_ij (s_ij - 2) w_j``, ``row_loss_i = sum_j P_ij (s_ij^2/4 - s_ij)``.

    One pass over every stored entry: ``s_ij = w_i . w_j`` is computed and used
    at once, and kept for the upper triangle in ``s`` (for the line's pass).

    Parameters
    ----------
    ptr : ndarray of int64 of shape (V, n_tiles + 1)
        Column-tile pointers, as in :func:`weighted_line_curvature`: the tiles are
        walked one after the other, so that the rows of W a tile reads stay in cache.
    indices, data : CSR arrays of P (data float32), rows sorted
    starts, offsets : ndarray of int64 of shape (V,), as in :func:`weighted_line_curvature`
    W : C-contiguous ndarray of float32 of shape (V, d)
    Wj : C-contiguous ndarray of float32 of shape (V, d)
        The j side: W itself, or W S for a signed ``s = W S W^T`` (then
        ``out_i = sum_j P_ij (s_ij - 2) S w_j``), as in :func:`weighted_line_curvature`.
    out : C-contiguous ndarray of float32 of shape (V, d); overwritten
    s : ndarray of float32 of shape (n_upper,); overwritten
    row_loss : ndarray of float64 of shape (V,); overwritten
    """
    n_rows = ptr.shape[0]
    n_tiles = ptr.shape[1] - 1
    d = W.shape[1]
    for i in prange(n_rows):
        for c in range(d):
            out[i, c] = 0.0
        row_loss[i] = 0.0
    for t in range(n_tiles):
        for i in prange(n_rows):
            row_loss[i] += _gradient_entries(i, ptr[i, t], ptr[i, t + 1], starts[i],
                                             offsets[i] - starts[i], indices, data, W, Wj, out,
                                             s, qk, floor2, d)


@njit(inline="always", fastmath=FASTMATH)
def _gradient_entries(i, e, end, up, base, indices, data, W, Wj, out, s, qk, floor2, d):
    """Add row i's entries ``e:end`` to ``out_i``, keep their upper ``s``; their loss."""
    two = np.float32(2.0)
    qi = qk[i]
    acc = 0.0
    # four entries at a time: four dot products sharing the loads of w_i,
    # then one load and store of out_i per four rows of W
    while e + 4 <= end:
        j0, j1, j2, j3 = indices[e], indices[e + 1], indices[e + 2], indices[e + 3]
        s0 = np.float32(0.0)
        s1 = np.float32(0.0)
        s2 = np.float32(0.0)
        s3 = np.float32(0.0)
        for c in range(d):
            w = W[i, c]
            s0 += w * Wj[j0, c]
            s1 += w * Wj[j1, c]
            s2 += w * Wj[j2, c]
            s3 += w * Wj[j3, c]
        f0 = _floor_factor(data[e], qi, qk[j0], floor2)
        f1 = _floor_factor(data[e + 1], qi, qk[j1], floor2)
        f2 = _floor_factor(data[e + 2], qi, qk[j2], floor2)
        f3 = _floor_factor(data[e + 3], qi, qk[j3], floor2)
        acc += (data[e] * (0.25 * s0 * s0 - f0 * s0) + data[e + 1] * (0.25 * s1 * s1 - f1 * s1)
                + data[e + 2] * (0.25 * s2 * s2 - f2 * s2)
                + data[e + 3] * (0.25 * s3 * s3 - f3 * s3))
        if e >= up:
            s[base + e] = s0
        if e + 1 >= up:
            s[base + e + 1] = s1
        if e + 2 >= up:
            s[base + e + 2] = s2
        if e + 3 >= up:
            s[base + e + 3] = s3
        v0 = data[e] * (s0 - np.float32(two * f0))
        v1 = data[e + 1] * (s1 - np.float32(two * f1))
        v2 = data[e + 2] * (s2 - np.float32(two * f2))
        v3 = data[e + 3] * (s3 - np.float32(two * f3))
        for c in range(d):
            out[i, c] += v0 * Wj[j0, c] + v1 * Wj[j1, c] + v2 * Wj[j2, c] + v3 * Wj[j3, c]
        e += 4
    while e < end:
        j = indices[e]
        v = np.float32(0.0)
        for c in range(d):
            v += W[i, c] * Wj[j, c]
        f = _floor_factor(data[e], qi, qk[j], floor2)
        acc += data[e] * (0.25 * v * v - f * v)
        if e >= up:
            s[base + e] = v
        coef = data[e] * (v - np.float32(two * f))
        for c in range(d):
            out[i, c] += coef * Wj[j, c]
        e += 1
    return acc


@njit(cache=True, parallel=True, nogil=True)
def weighted_loss_constant(indptr, indices, data, qk, c, out):
    """Row sums of the weighted loss's constant on P's non-zeros, for a relative tolerance.

    The loss the refinement evaluates is the weighted least squares minus
    ``sum_ij (G_ij + c) M*_ij^2 / 4``; a stopping rule relative to the loss
    itself (:func:`~skw2v.estimators._qwem_refine.refine_weighted`'s ``tol``)
    needs that constant. With ``M*_ij = 2 (P_ij - Q_ij) / (P_ij + Q_ij)`` on a
    non-zero and -2 off them, it is ``k + c (V^2 - nnz)`` plus, entry by entry,
    ``(P - Q)^2 / (P + Q) - Q + c M*^2 / 4``: this kernel sums those entries
    of each row in float64, so nothing of size nnz is allocated.

    Parameters
    ----------
    indptr, indices, data : CSR arrays of P (every stored entry counted)
    qk : ndarray of float32 of shape (V,)
        ``sqrt(k) q``, so that ``Q_ij = qk_i qk_j``.
    c : float
        The weight floor's constant weight (0 without a floor).
    out : ndarray of float64 of shape (V,); overwritten with the row sums
    """
    n_rows = indptr.shape[0] - 1
    for i in prange(n_rows):
        acc = 0.0
        qi = np.float64(qk[i])
        for e in range(indptr[i], indptr[i + 1]):
            p = np.float64(data[e])
            qv = qi * np.float64(qk[indices[e]])
            g = p + qv
            m = 2.0 * (p - qv) / g
            acc += (p - qv) * (p - qv) / g - qv + 0.25 * c * m * m
        out[i] = acc


@njit(cache=True, parallel=True, nogil=True)
def row_products(indptr, indices, data, x, out):
    """``out = P @ x`` summed in float64, from P's float32 CSR arrays.

    scipy's product of a float32 matrix and a float64 vector first casts the
    matrix's data to float64, a copy of size nnz (515 MB at V = 100k on
    enwiki-17m); the refinement keeps P in float32 and needs only these sums.

    Parameters
    ----------
    indptr, indices, data : CSR arrays of P
    x : ndarray of float64 of shape (V,)
    out : ndarray of float64 of shape (V,); overwritten
    """
    n_rows = indptr.shape[0] - 1
    for i in prange(n_rows):
        acc = 0.0
        for e in range(indptr[i], indptr[i + 1]):
            acc += np.float64(data[e]) * x[indices[e]]
        out[i] = acc
