"""Sparse (CSR) times dense block products, parallel over rows.

scipy's CSR x dense product runs on one thread; the closed-form QWEM solver
spends most of its time in this product, so it gets kernels of its own.

:func:`csr_matmat` walks each row once. At QWEM's V = 100,000 (61.6 M stored
entries, a 330-column float32 block B of 132 MB) it is bound by cache misses
on the rows of B, which do not fit in the 32 MB L3 cache: 8.4 s per product.
:func:`csr_matmat_tiled` processes the columns of the sparse matrix in tiles
of a few thousand (:func:`csr_tile_pointers` splits each sorted row at the
tile boundaries, no copy of the matrix), so the rows of B that a tile reads
stay in cache while every row of the matrix visits it: 2.9 s per product
(tiles of 1,024 / 2,048 / 4,096 / 8,192 / 16,384 / 32,768 rows of B: 3.1 /
2.9 / 3.0 / 3.2 / 5.3 / 6.3 s; one thread, quiet machine, 2026-12-01,
``benchmarks/RESULTS.md``). It also takes eight stored entries per pass over
a row of ``out`` (the same additions in the same order, so the same result
bit for bit): on the 2-core Xeon at V = 68,017 (61.6 M entries, b = 330,
2 MiB tiles) 2.00 / 1.69 s on one / two threads against 2.24 / 1.94 s with
four ("Issue 14, session 13"). :class:`skw2v.linalg.SparseBlockProduct` chooses between the
two kernels.
"""

import numpy as np
from numba import njit, prange

__all__ = ["csr_matmat", "csr_matmat_tiled", "csr_tile_pointers"]


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


@njit(cache=True, parallel=True, nogil=True)
def csr_tile_pointers(indptr, indices, tile):
    """Where each row of a CSR matrix with sorted indices crosses the column tiles.

    Parameters
    ----------
    indptr : ndarray of int32 or int64 of shape (n_rows + 1,)
    indices : ndarray of shape (nnz,), sorted within each row, entries >= 0
    tile : int
        Columns per tile (>= 1).

    Returns
    -------
    ptr : ndarray of shape (n_rows, n_tiles + 1), dtype of indptr
        ``ptr[i, t]`` is the first stored entry of row i with column
        ``>= t * tile`` (``ptr[i, 0] = indptr[i]``, ``ptr[i, -1] =
        indptr[i + 1]``); ``n_tiles = max(1, ceil((max index + 1) / tile))``.
    """
    n_rows = indptr.shape[0] - 1
    top = 0
    for e in range(indices.shape[0]):
        if indices[e] + 1 > top:
            top = indices[e] + 1
    n_tiles = max(1, (top + tile - 1) // tile)
    ptr = np.empty((n_rows, n_tiles + 1), dtype=indptr.dtype)
    for i in prange(n_rows):
        e = indptr[i]
        end = indptr[i + 1]
        ptr[i, 0] = e
        for t in range(1, n_tiles):
            bound = t * tile
            while e < end and indices[e] < bound:
                e += 1
            ptr[i, t] = e
        ptr[i, n_tiles] = end
    return ptr


@njit(cache=True, parallel=True, nogil=True)
def csr_matmat_tiled(ptr, indices, data, B, out):
    """``out = A @ B``, one column tile of ``A`` at a time (see the module docstring).

    Parameters
    ----------
    ptr : ndarray of shape (n_rows, n_tiles + 1)
        From :func:`csr_tile_pointers` on A; non-decreasing along each row.
    indices : ndarray of int32 or int64 of shape (nnz,), column ids < B.shape[0]
    data : ndarray of float32 or float64 of shape (nnz,)
    B : C-contiguous ndarray of shape (n_cols, b), same dtype as ``data``
    out : C-contiguous ndarray of shape (n_rows, b), same dtype; overwritten
    """
    n_rows = ptr.shape[0]
    n_tiles = ptr.shape[1] - 1
    b = B.shape[1]
    for i in prange(n_rows):
        for c in range(b):
            out[i, c] = 0.0
    for t in range(n_tiles):
        for i in prange(n_rows):
            e = ptr[i, t]
            end = ptr[i, t + 1]
            # Eight (then four) stored entries per pass over the row of out: one
            # load and one store of it per eight rows of B, summed in the same
            # order as one entry at a time (the same rounding, bit for bit).
            while e + 8 <= end:
                j0, j1, j2, j3 = indices[e], indices[e + 1], indices[e + 2], indices[e + 3]
                j4, j5, j6, j7 = indices[e + 4], indices[e + 5], indices[e + 6], indices[e + 7]
                v0, v1, v2, v3 = data[e], data[e + 1], data[e + 2], data[e + 3]
                v4, v5, v6, v7 = data[e + 4], data[e + 5], data[e + 6], data[e + 7]
                for c in range(b):
                    s = out[i, c]
                    s += v0 * B[j0, c]
                    s += v1 * B[j1, c]
                    s += v2 * B[j2, c]
                    s += v3 * B[j3, c]
                    s += v4 * B[j4, c]
                    s += v5 * B[j5, c]
                    s += v6 * B[j6, c]
                    s += v7 * B[j7, c]
                    out[i, c] = s
                e += 8
            while e + 4 <= end:
                j0, j1, j2, j3 = indices[e], indices[e + 1], indices[e + 2], indices[e + 3]
                v0, v1, v2, v3 = data[e], data[e + 1], data[e + 2], data[e + 3]
                for c in range(b):
                    s = out[i, c]
                    s += v0 * B[j0, c]
                    s += v1 * B[j1, c]
                    s += v2 * B[j2, c]
                    s += v3 * B[j3, c]
                    out[i, c] = s
                e += 4
            while e < end:
                j = indices[e]
                v = data[e]
                for c in range(b):
                    out[i, c] += v * B[j, c]
                e += 1
    return out
