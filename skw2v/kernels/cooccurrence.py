"""Windowed co-occurrence counting of a token stream into CSR arrays.

:func:`cooccurrence_rows` works row by row: the positions of each word come
from a counting sort of the stream, and the weights of the context words on
both sides of each occurrence are added into a dense scratch row of length V
that stays in cache. The output grows with the number of non-zeros only and
every row is complete when written, so no sorting or merging of pairs is
needed. With integer weights every sum is exact, so the result is symmetric
bit for bit and shard results can be added in any order: :func:`add_csr`.
"""

import numpy as np
from numba import njit, prange


@njit(nogil=True, cache=True)
def cooccurrence_rows(stream, n_words, weights, row_start, row_stop):
    """Weighted counts of (word, context) pairs within a window, as CSR arrays.

    Only rows ``row_start <= i < row_stop`` are counted, so that blocks of
    rows can be counted at once on several threads and stacked.

    Parameters
    ----------
    stream : int32 array
        Word ids in ``[0, n_words)``; ``-1`` ends a document (windows stop there).
    n_words : int
        Vocabulary size V.
    weights : float64 array of shape (window,)
        ``weights[d - 1]`` is added for a context word at distance ``d`` on
        either side; every weight must be positive.
    row_start, row_stop : int
        The block of rows to count.

    Returns
    -------
    indptr : int64 array of shape (row_stop - row_start + 1,)
    indices : int32 array of shape (nnz,)
        Sorted within each row.
    data : float64 array of shape (nnz,)
    """
    n = stream.shape[0]
    window = weights.shape[0]

    n_rows = row_stop - row_start
    # Positions of each word of the block, grouped by word.
    start = np.zeros(n_rows + 1, dtype=np.int64)
    for t in range(n):
        w = stream[t] - row_start
        if 0 <= w < n_rows:
            start[w + 1] += 1
    for i in range(n_rows):
        start[i + 1] += start[i]
    fill = start[:-1].copy()
    positions = np.empty(start[n_rows], dtype=np.int64)
    for t in range(n):
        w = stream[t] - row_start
        if 0 <= w < n_rows:
            positions[fill[w]] = t
            fill[w] += 1

    # Row i has at most min(V, 2 * window * count_i) non-zeros: one allocation
    # of that size is never outgrown, and pages never written are never touched.
    capacity = 0
    for i in range(n_rows):
        capacity += min(n_words, 2 * window * (start[i + 1] - start[i]))
    indices = np.empty(capacity, dtype=np.int32)
    data = np.empty(capacity, dtype=np.float64)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    row = np.zeros(n_words, dtype=np.float64)
    touched = np.empty(n_words, dtype=np.int32)
    nnz = 0
    for i in range(n_rows):
        bound = min(n_words, 2 * window * (start[i + 1] - start[i]))
        # A row that may touch many columns is read back by a scan in column
        # order; a sparse one keeps a list of touched columns and sorts it.
        dense = bound * 16 > n_words
        n_touched = 0
        for k in range(start[i], start[i + 1]):
            p = positions[k]
            for side in (-1, 1):
                for d in range(1, window + 1):
                    q = p + side * d
                    if q < 0 or q >= n:
                        break
                    c = stream[q]
                    if c < 0:
                        break
                    if not dense and row[c] == 0.0:
                        touched[n_touched] = c
                        n_touched += 1
                    row[c] += weights[d - 1]
        if dense:
            for c in range(n_words):
                if row[c] != 0.0:
                    indices[nnz] = c
                    data[nnz] = row[c]
                    nnz += 1
                    row[c] = 0.0
        else:
            cols = np.sort(touched[:n_touched])
            for m in range(n_touched):
                c = cols[m]
                indices[nnz] = c
                data[nnz] = row[c]
                nnz += 1
                row[c] = 0.0
        indptr[i + 1] = nnz
    return indptr, indices[:nnz], data[:nnz]


@njit(nogil=True, cache=True)
def _merge_row(a_indices, a_data, a, a_end, b_indices, b_data, b, b_end,
               indices, data, m, write):
    """Merge two sorted rows; write them at ``m`` when asked. Returns the end."""
    while a < a_end or b < b_end:
        if b == b_end or (a < a_end and a_indices[a] < b_indices[b]):
            if write:
                indices[m] = a_indices[a]
                data[m] = a_data[a]
            a += 1
        elif a == a_end or b_indices[b] < a_indices[a]:
            if write:
                indices[m] = b_indices[b]
                data[m] = b_data[b]
            b += 1
        else:
            if write:
                indices[m] = a_indices[a]
                data[m] = a_data[a] + b_data[b]
            a += 1
            b += 1
        m += 1
    return m


@njit(parallel=True, cache=True)
def add_csr(a_indptr, a_indices, a_data, b_indptr, b_indices, b_data):
    """CSR arrays of A + B for two matrices of one shape with sorted row indices.

    Rows are merged in parallel (numba threads): a first pass sizes each row,
    a second writes it.
    """
    n = a_indptr.shape[0] - 1
    indptr = np.zeros(n + 1, dtype=np.int64)
    for i in prange(n):
        indptr[i + 1] = _merge_row(
            a_indices, a_data, a_indptr[i], a_indptr[i + 1],
            b_indices, b_data, b_indptr[i], b_indptr[i + 1],
            a_indices, a_data, 0, False,
        )
    for i in range(n):
        indptr[i + 1] += indptr[i]
    indices = np.empty(indptr[n], dtype=np.int32)
    data = np.empty(indptr[n], dtype=np.float64)
    for i in prange(n):
        _merge_row(
            a_indices, a_data, a_indptr[i], a_indptr[i + 1],
            b_indices, b_data, b_indptr[i], b_indptr[i + 1],
            indices, data, indptr[i], True,
        )
    return indptr, indices, data
