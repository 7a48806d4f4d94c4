"""Windowed co-occurrence counting of a token stream into CSR arrays.

Counting is split in two kernels. :func:`directed_cooccurrence` counts, for
every word ``i``, the context words to the *right* of its occurrences: the
directed matrix D. It works row by row: the positions of each word come from
a counting sort of the stream, and the weights of a row are added into a dense
scratch row of length V that stays in cache, so the output grows with the
number of non-zeros only and every row is complete when written.
:func:`transpose_csr` and :func:`add_csr` then form X = D + Dᵀ, which holds every ordered
(center, context) pair and is symmetric exactly, not only to rounding.
"""

import numpy as np
from numba import njit


@njit(nogil=True, cache=True)
def directed_cooccurrence(stream, n_words, weights):
    """Weighted counts of (word, context to its right) pairs within a window.

    Parameters
    ----------
    stream : int32 array
        Word ids in ``[0, n_words)``; ``-1`` ends a document (windows stop there).
    n_words : int
        Vocabulary size V.
    weights : float64 array of shape (window,)
        ``weights[d - 1]`` is added for a context word at distance ``d``;
        every weight must be positive.

    Returns
    -------
    indptr : int64 array of shape (V + 1,)
    indices : int32 array of shape (nnz,)
        Sorted within each row.
    data : float64 array of shape (nnz,)
    """
    n = stream.shape[0]
    window = weights.shape[0]

    # Positions of each word, grouped by word.
    start = np.zeros(n_words + 1, dtype=np.int64)
    for t in range(n):
        w = stream[t]
        if w >= 0:
            start[w + 1] += 1
    for i in range(n_words):
        start[i + 1] += start[i]
    fill = start[:-1].copy()
    positions = np.empty(start[n_words], dtype=np.int64)
    for t in range(n):
        w = stream[t]
        if w >= 0:
            positions[fill[w]] = t
            fill[w] += 1

    capacity = max(1024, 4 * n_words)
    indices = np.empty(capacity, dtype=np.int32)
    data = np.empty(capacity, dtype=np.float64)
    indptr = np.zeros(n_words + 1, dtype=np.int64)
    row = np.zeros(n_words, dtype=np.float64)
    touched = np.empty(n_words, dtype=np.int32)
    nnz = 0
    for i in range(n_words):
        bound = min(n_words, window * (start[i + 1] - start[i]))
        # A row that may touch many columns is read back by a scan in column
        # order; a sparse one keeps a list of touched columns and sorts it.
        dense = bound * 16 > n_words
        n_touched = 0
        for k in range(start[i], start[i + 1]):
            p = positions[k]
            for d in range(1, window + 1):
                q = p + d
                if q >= n:
                    break
                c = stream[q]
                if c < 0:
                    break
                if not dense and row[c] == 0.0:
                    touched[n_touched] = c
                    n_touched += 1
                row[c] += weights[d - 1]
        if nnz + bound > capacity:
            capacity = max(2 * capacity, nnz + bound)
            new_indices = np.empty(capacity, dtype=np.int32)
            new_indices[:nnz] = indices[:nnz]
            indices = new_indices
            new_data = np.empty(capacity, dtype=np.float64)
            new_data[:nnz] = data[:nnz]
            data = new_data
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
    return indptr, indices[:nnz].copy(), data[:nnz].copy()


@njit(nogil=True, cache=True)
def transpose_csr(indptr, indices, data, n_cols):
    """CSR arrays of the transpose, by a counting sort on columns (rows come out sorted)."""
    n_rows = indptr.shape[0] - 1
    nnz = indices.shape[0]
    t_indptr = np.zeros(n_cols + 1, dtype=np.int64)
    for k in range(nnz):
        t_indptr[indices[k] + 1] += 1
    for j in range(n_cols):
        t_indptr[j + 1] += t_indptr[j]
    fill = t_indptr[:-1].copy()
    t_indices = np.empty(nnz, dtype=np.int32)
    t_data = np.empty(nnz, dtype=np.float64)
    for i in range(n_rows):
        for k in range(indptr[i], indptr[i + 1]):
            j = indices[k]
            t_indices[fill[j]] = i
            t_data[fill[j]] = data[k]
            fill[j] += 1
    return t_indptr, t_indices, t_data


@njit(nogil=True, cache=True)
def add_csr(a_indptr, a_indices, a_data, b_indptr, b_indices, b_data):
    """CSR arrays of A + B for matrices of one shape with sorted row indices."""
    n = a_indptr.shape[0] - 1
    size = a_indices.shape[0] + b_indices.shape[0]
    indptr = np.zeros(n + 1, dtype=np.int64)
    indices = np.empty(size, dtype=np.int32)
    data = np.empty(size, dtype=np.float64)
    m = 0
    for i in range(n):
        a, a_end = a_indptr[i], a_indptr[i + 1]
        b, b_end = b_indptr[i], b_indptr[i + 1]
        while a < a_end and b < b_end:
            if a_indices[a] < b_indices[b]:
                indices[m] = a_indices[a]
                data[m] = a_data[a]
                a += 1
            elif b_indices[b] < a_indices[a]:
                indices[m] = b_indices[b]
                data[m] = b_data[b]
                b += 1
            else:
                indices[m] = a_indices[a]
                data[m] = a_data[a] + b_data[b]
                a += 1
                b += 1
            m += 1
        while a < a_end:
            indices[m] = a_indices[a]
            data[m] = a_data[a]
            a += 1
            m += 1
        while b < b_end:
            indices[m] = b_indices[b]
            data[m] = b_data[b]
            b += 1
            m += 1
        indptr[i + 1] = m
    return indptr, indices[:m].copy(), data[:m].copy()
