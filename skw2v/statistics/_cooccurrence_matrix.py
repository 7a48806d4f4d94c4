"""The co-occurrence matrix that carries its vocabulary through a Pipeline.

A :class:`CooccurrenceMatrix` is a ``scipy.sparse.csr_array`` with two extra
attributes, ``words`` and ``word_counts``. Estimators downstream of
:class:`~skw2v.CooccurrenceVectorizer` read them to work in words; a plain
sparse matrix is accepted too, with the vocabulary passed separately.
"""

import numpy as np
import scipy.sparse as sp

from .._sparse import canonical_csr
from .._validation import check_word_counts, check_words
from ..kernels.symmetry import csr_is_symmetric

__all__ = ["CooccurrenceMatrix", "check_cooccurrence"]


class CooccurrenceMatrix(sp.csr_array):
    """Sparse symmetric V x V co-occurrence matrix that knows its words.

    Parameters
    ----------
    arg1 : sparse matrix, ndarray or tuple
        Anything ``scipy.sparse.csr_array`` accepts.
    shape, dtype, copy
        As for ``scipy.sparse.csr_array``.
    words : array-like of str of shape (V,), default=None
        The word of each row (and column), in row order.
    word_counts : array-like of int of shape (V,), default=None
        Corpus count of each word (the unigram distribution, unnormalised).

    Notes
    -----
    Operations that build a new sparse matrix (slicing, arithmetic) return a
    matrix without ``words``: the rows may no longer mean the same words.
    """

    def __init__(self, arg1, shape=None, dtype=None, copy=False, *, words=None,
                 word_counts=None, **kwargs):
        super().__init__(arg1, shape=shape, dtype=dtype, copy=copy, **kwargs)
        n = self.shape[0]
        if words is not None:
            words = check_words(words, what="words")
            if words.shape != (n,):
                raise ValueError(
                    f"words has shape {words.shape}, but the matrix has {n} rows; "
                    "give one word per row."
                )
        if word_counts is not None:
            word_counts = check_word_counts(word_counts, n, what="word_counts")
        self.words = words
        self.word_counts = word_counts

    def __repr__(self):
        known = "with words" if self.words is not None else "without words"
        return (
            f"<CooccurrenceMatrix {self.shape[0]} x {self.shape[1]} ({known}) "
            f"with {self.nnz} stored elements of dtype {self.dtype}>"
        )


def check_cooccurrence(X, vocabulary=None, *, require_symmetric=True):
    """Validate a co-occurrence matrix and return it with its words.

    Parameters
    ----------
    X : CooccurrenceMatrix, sparse matrix or ndarray of shape (V, V)
        Non-negative, finite, square (and symmetric unless told otherwise).
    vocabulary : sequence of str or dict, default=None
        Words of the rows, in row order (or a dict word -> row). Required when
        ``X`` does not carry ``words``; when it does, they must agree.
    require_symmetric : bool, default=True
        Check that ``X`` equals its transpose (to a relative 1e-6).

    Returns
    -------
    X : scipy.sparse.csr_array of float64
        Canonical (sorted indices, no duplicates, no explicit zeros).
    words : ndarray of object of shape (V,)
    word_counts : ndarray of int64 of shape (V,) or None
        From ``X.word_counts`` when present.

    Raises
    ------
    TypeError
        Not a sparse matrix or numeric ndarray (documents, a list, complex or
        string entries).
    ValueError
        Not square, fewer than 2 words, NaN/infinite/negative entries, all
        zeros, entries whose sum overflows, not symmetric; words missing,
        repeated or not one per row; ``word_counts`` not one whole, finite,
        non-negative count per word with a sum that fits int64.
    """
    words = getattr(X, "words", None)
    word_counts = getattr(X, "word_counts", None)
    if isinstance(X, (list, tuple)) or (isinstance(X, np.ndarray) and X.dtype == object):
        raise TypeError(
            "Expected a co-occurrence matrix (sparse or 2-D numeric array), got "
            f"{type(X).__name__}. Turn documents into one with CooccurrenceVectorizer."
        )
    if not (sp.issparse(X) or isinstance(X, np.ndarray)):
        raise TypeError(
            f"Expected a sparse matrix or ndarray, got {type(X).__name__}."
        )
    if X.dtype.kind not in "biuf":
        raise TypeError(
            f"The co-occurrence matrix has dtype {X.dtype}; it must hold real numbers "
            "(counts)."
        )
    if X.ndim != 2 or X.shape[0] != X.shape[1]:
        raise ValueError(
            f"A co-occurrence matrix must be square, got shape {X.shape}."
        )
    A = canonical_csr(X, copy=True)
    if A.shape[0] < 2:
        raise ValueError(f"A co-occurrence matrix needs at least 2 words, got {A.shape[0]}.")
    if not np.all(np.isfinite(A.data)):
        raise ValueError("The co-occurrence matrix contains NaN or infinite entries.")
    if np.any(A.data < 0):
        raise ValueError(
            "The co-occurrence matrix has negative entries; counts must be >= 0."
        )
    if A.nnz == 0:
        raise ValueError("The co-occurrence matrix is all zeros: nothing co-occurs.")
    total = A.data.sum()
    if not np.isfinite(total):
        raise ValueError(
            f"The co-occurrence matrix's entries (up to {A.data.max():.3g}) sum past "
            "float64's largest value: scale the matrix down (e.g. X / X.max())."
        )
    if require_symmetric and not _is_symmetric(A, rtol=1e-6):
        raise ValueError(
            "The co-occurrence matrix is not symmetric; symmetrise it, e.g. "
            "(X + X.T) / 2."
        )
    n = A.shape[0]
    if vocabulary is not None:
        given = check_words(vocabulary, what="vocabulary")
        if given.shape[0] != n:
            raise ValueError(
                f"vocabulary has {given.shape[0]} words but the matrix has {n} rows."
            )
        if words is not None and not np.array_equal(given, np.asarray(words, dtype=object)):
            raise ValueError(
                "vocabulary does not match the words carried by the matrix; "
                "pass vocabulary=None to use the matrix's own words."
            )
        words = given
    if words is None:
        raise ValueError(
            "The matrix carries no words: pass vocabulary= (the word of each row) "
            "or fit on the output of CooccurrenceVectorizer."
        )
    words = check_words(words, what="the matrix's words")
    if words.shape[0] != n:
        raise ValueError(
            f"The matrix's words hold {words.shape[0]} words but it has {n} rows; give "
            "one word per row."
        )
    if word_counts is not None:
        word_counts = check_word_counts(word_counts, n, what="the matrix's word_counts")
    return A, words, word_counts


def _is_symmetric(A, rtol):
    """Whether canonical CSR ``A`` equals its transpose to ``rtol`` of its largest entry.

    Each entry's mirror is found in place, one cursor per row
    (:func:`~skw2v.kernels.symmetry.csr_is_symmetric`): no transposed copy,
    which at V = 100,000 was the peak of a QWEM fit.
    """
    return bool(csr_is_symmetric(A.indptr, A.indices, A.data, rtol * A.data.max()))
