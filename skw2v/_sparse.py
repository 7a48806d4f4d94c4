"""One canonical form for the sparse matrices skw2v computes on.

The kernels walk CSR rows with sorted column indices and treat every stored
entry as a non-zero, so each matrix that reaches them -- a co-occurrence
matrix, the pair distribution of M*, a PMI matrix -- is first put in the same
form. This module imports nothing of skw2v, so the statistics and the
estimators both use it without depending on each other.
"""

import numpy as np
import scipy.sparse as sp

__all__ = ["canonical_csr", "stored_rows"]


def canonical_csr(X, *, copy=False):
    """``X`` as a float64 ``csr_array`` with duplicates summed, sorted indices, no stored zeros.

    Parameters
    ----------
    X : sparse matrix or array-like of shape (n, m)
    copy : bool, default=False
        As for ``scipy.sparse.csr_array``: without it a float64 CSR input
        shares its arrays with the result, and is canonicalised in place (its
        values are unchanged).

    Returns
    -------
    scipy.sparse.csr_array of float64

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> X = sp.coo_array(([1.0, 2.0, 0.0], ([0, 0, 1], [1, 1, 0])), shape=(2, 2))
    >>> A = canonical_csr(X)
    >>> A.data.tolist(), A.indices.tolist(), A.has_canonical_format
    ([3.0], [1], True)
    """
    A = sp.csr_array(X, dtype=np.float64, copy=copy)
    A.sum_duplicates()  # sorts the indices too
    A.eliminate_zeros()
    return A


def stored_rows(A):
    """Which rows of a CSR matrix store an entry: of a canonical co-occurrence
    matrix (no stored zeros), the words that co-occur with some word.

    The one definition of "a word that is present" for the estimators (which
    give the others zero vectors), the automatic dimension of the document
    vectors and the checks on M*'s pair distribution.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> stored_rows(sp.csr_array([[0.0, 1.0], [0.0, 0.0]])).tolist()
    [True, False]
    """
    return np.diff(A.indptr) > 0
