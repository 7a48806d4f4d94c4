"""QWEM's target matrix M* as an implicit operator.

M*_ij = 2 (P_ij - Q_ij) / (P_ij + Q_ij) with P the co-occurrence distribution
and Q = k q q^T the distribution of negative pairs. Where a pair never
co-occurs, P_ij = 0 and M*_ij = -2 exactly, so

    M* = S - 2 * 1 1^T,    S_ij = 4 P_ij / (P_ij + Q_ij) on the co-occurring pairs,

a sparse matrix plus a constant. A product ``M* B`` costs one sparse product and
a rank-one correction, O(nnz d + V d), and M* is never built dense (except by
:func:`dense_target`, for tests on small vocabularies).

:class:`~skw2v.QWEMEmbedding` (closed form) and
:class:`~skw2v.QWEMGradientEmbedding` (gradient descent) both start from
:func:`qwem_distributions`, so they see the same P and q. The module sits
below the estimators so that :mod:`skw2v.dynamics` and the benchmarks use the
same target.
"""

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import LinearOperator

from .._sparse import canonical_csr, stored_rows
from .._threads import numba_threads
from ..kernels.sampling import noise_distribution
from ..kernels.qwem_target import qwem_sparse_values
from ..linalg import SparseBlockProduct

__all__ = [
    "QWEMTargetOperator",
    "dense_qwem_target",
    "dense_target",
    "qwem_distributions",
    "qwem_sparse_part",
]


def qwem_distributions(X, word_counts=None, *, ns_exponent=1.0, unigram="auto", copy=True):
    """The pair distribution P and the negative marginal q of a co-occurrence matrix.

    Parameters
    ----------
    X : sparse matrix of shape (V, V)
        Symmetric non-negative co-occurrence counts (already validated, e.g. by
        :func:`skw2v.statistics.check_cooccurrence`).
    word_counts : array-like of int of shape (V,), default=None
        Raw corpus count of each word (``CooccurrenceMatrix.word_counts``).
    ns_exponent : float, default=1.0
        q is proportional to ``count ** ns_exponent`` on both sides of
        ``Q = k q q^T`` (1: the unigram distribution; word2vec smooths its
        one-sided noise distribution with 0.75; the geometric mean of a
        one-sided 0.75 and the data side 1 is 0.875 on both sides).
    unigram : {"auto", "counts", "marginals"}, default="auto"
        Where the counts come from. "counts": the raw corpus counts (what
        word2vec's noise distribution is built from; unaffected by frequency
        subsampling of the pairs). "marginals": the row sums of X (the word
        distribution the pairs themselves have, used when no counts are
        known). "auto": counts when given, else marginals.
    copy : bool, default=True
        False lets a float64 CSR ``X`` be normalised in place.

    Returns
    -------
    P : scipy.sparse.csr_array of float64 of shape (V, V)
        ``X / X.sum()``, canonical (sorted indices).
    q : ndarray of float64 of shape (V,)
        Sums to 1.
    """
    P = canonical_csr(X, copy=copy)
    total = P.sum()
    if not total > 0:
        raise ValueError("The co-occurrence matrix is all zeros: nothing co-occurs.")
    P.data /= total
    if unigram not in ("auto", "counts", "marginals"):
        raise ValueError(f"unigram must be 'auto', 'counts' or 'marginals', got {unigram!r}.")
    if unigram == "counts" and word_counts is None:
        raise ValueError(
            "unigram='counts' needs word counts: fit on a CooccurrenceMatrix (which "
            "carries word_counts) or use unigram='marginals'."
        )
    if word_counts is not None and unigram != "marginals":
        counts = np.asarray(word_counts, dtype=np.float64)
        if counts.shape != (P.shape[0],):
            raise ValueError(
                f"word_counts has shape {counts.shape}, expected ({P.shape[0]},)."
            )
        source = "word_counts"
    else:
        counts = np.asarray(P.sum(axis=1)).ravel()
        source = "the row sums of X"
    if np.any((counts <= 0) & stored_rows(P)):
        raise ValueError(
            f"Some words co-occur but have a zero count in {source}; the negative "
            "distribution must give them mass (pass consistent word_counts)."
        )
    q = noise_distribution(counts, ns_exponent)
    return P, q


def qwem_sparse_part(P, q, negative, *, dtype=np.float64):
    """S with ``S_ij = 4 P_ij / (P_ij + negative q_i q_j)`` on P's non-zeros.

    Parameters
    ----------
    P : csr_array of shape (V, V), canonical, summing to 1
    q : ndarray of shape (V,)
    negative : float
        k, the number of negative pairs per positive pair.
    dtype : {np.float64, np.float32}, default=np.float64

    Returns
    -------
    scipy.sparse.csr_array of shape (V, V)
        Same sparsity pattern as P, and the same ``indices`` and ``indptr``
        arrays (shared, not copied: at V = 100,000 they are 246 MB); entries
        in (0, 4). The values are computed by one kernel pass, without
        nnz-long temporaries.
    """
    P = sp.csr_array(P)
    if P.indptr.dtype != P.indices.dtype:
        P.indptr = P.indptr.astype(P.indices.dtype)  # one index type for the kernels
    data = np.empty(P.nnz, dtype=dtype)
    qwem_sparse_values(P.indptr, P.indices, np.asarray(P.data, dtype=np.float64),
                       np.asarray(q, dtype=np.float64), float(negative), data)
    S = sp.csr_array((data, P.indices, P.indptr), shape=P.shape, copy=False)
    S.has_sorted_indices = True
    return S


def dense_target(P, q, negative):
    """M* as a dense ndarray: for tests and small vocabularies only.

    Parameters
    ----------
    P : sparse matrix or ndarray of shape (V, V), summing to 1
    q : ndarray of shape (V,), summing to 1
    negative : float

    Returns
    -------
    ndarray of float64 of shape (V, V)
    """
    P = canonical_csr(P)
    return qwem_sparse_part(P, q, negative).toarray() - 2.0


def dense_qwem_target(P, q, negative):
    """M*_ij = 2 (P_ij - Q_ij) / (P_ij + Q_ij), Q = negative q q^T, built dense.

    For small vocabularies only (tests, toy problems): at scale M* is a sparse
    matrix plus the constant -2 and is never built dense. P and q are
    normalised to sum 1 first; entries with ``P_ij = 0`` are -2.

    Parameters
    ----------
    P : sparse matrix or ndarray of shape (V, V)
        Non-negative pair counts or probabilities.
    q : array-like of shape (V,)
        Non-negative negative marginal (any scale).
    negative : float

    Returns
    -------
    ndarray of float64 of shape (V, V)

    Examples
    --------
    >>> import numpy as np
    >>> dense_qwem_target(np.array([[0., 1], [1, 0]]), [1, 1], 1)
    array([[-2.        ,  0.66666667],
           [ 0.66666667, -2.        ]])
    """
    P = sp.csr_array(P, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    return dense_target(P / P.sum(), q / q.sum(), negative)


class QWEMTargetOperator(LinearOperator):
    """M* = S - 2 * 1 1^T as a ``scipy.sparse.linalg.LinearOperator``.

    Products with a block of b vectors cost O(nnz b + V b); the sparse part
    runs on ``n_jobs`` numba threads through
    :class:`skw2v.linalg.SparseBlockProduct` (the column-tiled kernel for
    wide blocks: 2.67 s per 330-column float32 product at V = 68,017,
    ``benchmarks/RESULTS.md``, against 8.4 s in one pass over the rows).

    Parameters
    ----------
    P : csr_array of shape (V, V)
        Pair distribution (sums to 1), e.g. from :func:`qwem_distributions`.
    q : ndarray of shape (V,)
        Negative marginal (sums to 1).
    negative : float
        k in ``Q = k q q^T``.
    dtype : {np.float64, np.float32}, default=np.float64
        Precision of S and of the products (float32 halves the memory traffic).
    n_jobs : int, default=None
        Threads for the sparse product (-1: all cores).

    Attributes
    ----------
    S : csr_array of shape (V, V)
        The sparse part; shares P's ``indices`` and ``indptr`` (not copied).

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sp
    >>> X = sp.csr_array(np.array([[0., 2, 1], [2, 0, 0], [1, 0, 0]]))
    >>> P, q = qwem_distributions(X)
    >>> M = QWEMTargetOperator(P, q, negative=1)
    >>> np.allclose(M @ np.eye(3), dense_target(P, q, 1))
    True
    """

    def __init__(self, P, q, negative, *, dtype=np.float64, n_jobs=None):
        dtype = np.dtype(dtype)
        if dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {dtype}.")
        super().__init__(dtype=dtype, shape=P.shape)
        with numba_threads(n_jobs):
            self.S = qwem_sparse_part(P, q, negative, dtype=dtype)
        self.negative = negative
        self.n_jobs = n_jobs
        self._product = SparseBlockProduct(self.S, dtype=dtype, n_jobs=n_jobs)

    def _matmat(self, B):
        B = np.ascontiguousarray(B, dtype=self.dtype)
        if B.ndim == 1:
            B = B[:, None]
        out = self._product.matmat(B)
        out -= 2.0 * B.sum(axis=0, dtype=np.float64).astype(self.dtype)[None, :]
        return out

    def _matvec(self, x):
        return self._matmat(np.reshape(x, (-1, 1)))[:, 0]

    def _rmatvec(self, x):
        return self._matvec(x)  # symmetric

    def _rmatmat(self, B):
        return self._matmat(B)

    def _adjoint(self):
        return self
