"""Max pooling of word vectors over the words of each document (CSR rows)."""

from numba import njit, prange

__all__ = ["csr_max_pool"]


@njit(cache=True, parallel=True, nogil=True)
def csr_max_pool(indptr, indices, vectors, out):
    """``out[i] = max over the columns j of row i of vectors[j]``, per dimension.

    A max is not a matrix product, so it cannot be one sparse product like
    the other poolings; this is the same pass over the rows, parallel over
    documents. Rows without entries are left at zero.

    Parameters
    ----------
    indptr : ndarray of int32 or int64 of shape (n_rows + 1,)
    indices : ndarray of int32 or int64 of shape (nnz,), column ids < vectors.shape[0]
    vectors : C-contiguous ndarray of float32 of shape (n_cols, d)
    out : C-contiguous ndarray of float32 of shape (n_rows, d); overwritten
    """
    n_rows = indptr.shape[0] - 1
    d = vectors.shape[1]
    for i in prange(n_rows):
        start, stop = indptr[i], indptr[i + 1]
        if start == stop:
            for c in range(d):
                out[i, c] = 0.0
            continue
        j = indices[start]
        for c in range(d):
            out[i, c] = vectors[j, c]
        for e in range(start + 1, stop):
            j = indices[e]
            for c in range(d):
                if vectors[j, c] > out[i, c]:
                    out[i, c] = vectors[j, c]
    return out
