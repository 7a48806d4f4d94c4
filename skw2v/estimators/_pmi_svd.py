"""Word embeddings from a truncated SVD of the (shifted, positive) PMI matrix.

The count-based baseline of Levy, Goldberg & Dagan (2015): pointwise mutual
information between a word and its contexts, optionally clipped at zero
(PPMI) and shifted by log k (the SGNS optimum's shift), with the context
distribution smoothed by an exponent, then a rank-d SVD, W = U Sigma^p.
"""


import numpy as np
import scipy.linalg
import scipy.sparse as sp
from scipy.sparse.linalg import svds
from sklearn.base import BaseEstimator, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import StrOptions
from threadpoolctl import threadpool_limits

from .._sparse import canonical_csr, stored_rows
from .._threads import n_threads, numba_threads
from .._validation import Integers, Reals, check_allocation, check_power
from .._warnings import warn
from .._words import name_some
from ..kernels.pmi import pmi_csr
from ..linalg import SparseBlockProduct, column_signs, small_eigh
from ._base import EmbeddingMixin, IsolatedWordWarning
from ._tags import cooccurrence_input_tags
from ._truncate import truncated_copy

__all__ = ["PMISVDEmbedding", "pmi_matrix", "randomized_svd"]


def pmi_matrix(X, *, pmi="ppmi", negative=1, context_smoothing=0.75):
    """(Shifted, positive) PMI of the observed pairs, as a sparse matrix.

    ``PMI_ij = log( P_ij / (P_i * Pa_j) )`` with ``P = X / X.sum()``, ``P_i``
    the row marginal and ``Pa_j ~ (column sum of X)_j ** context_smoothing``
    the smoothed context marginal.

    Parameters
    ----------
    X : sparse matrix of shape (V, V)
        Non-negative co-occurrence counts (rows: words, columns: contexts).
    pmi : {"ppmi", "pmi", "sppmi"}, default="ppmi"
        "ppmi": ``max(PMI, 0)``; "sppmi": ``max(PMI - log negative, 0)``;
        "pmi": PMI itself on the observed pairs. The PMI of a pair never seen
        is ``-inf``; like hyperwords we keep only observed pairs, so unseen
        pairs are 0 in every variant (for "pmi" that reads as "independent",
        which is the usual, if inconsistent, convention).
    negative : float, default=1
        k of the shift ``log k`` ("sppmi" only).
    context_smoothing : float, default=0.75
        Exponent alpha of the context distribution (1: no smoothing). Raising
        rare contexts' probability lowers their PMI, PMI's bias towards them.

    Returns
    -------
    scipy.sparse.csr_array of float64 of shape (V, V)
        Explicit zeros removed.

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sp
    >>> X = sp.csr_array(np.array([[0., 2.], [2., 0.]]))
    >>> np.round(pmi_matrix(X, context_smoothing=1.0).toarray(), 4)
    array([[0.    , 0.6931],
           [0.6931, 0.    ]])
    """
    if pmi not in ("ppmi", "pmi", "sppmi"):
        raise ValueError(f"pmi must be 'pmi', 'ppmi' or 'sppmi', got {pmi!r}.")
    return _pmi_of_canonical(canonical_csr(X, copy=True), pmi, negative, context_smoothing)


def _pmi_of_canonical(A, pmi, negative, context_smoothing):
    """:func:`pmi_matrix` of a canonical float64 CSR array ``A`` (not modified, not copied)."""
    total = A.sum()
    row = np.asarray(A.sum(axis=1)).ravel() / total
    col = np.asarray(A.sum(axis=0)).ravel()
    col = col / col.max()  # scale-free: the power of the largest sum is 1, never inf
    check_power(col, context_smoothing, "context_smoothing",
                what="the column sums (over the largest)")
    col = np.where(col > 0, col, 0.0) ** context_smoothing
    col /= col.sum()
    # Logarithms of the V marginals, gathered by the kernel.
    with np.errstate(divide="ignore"):  # a zero marginal has no stored pair
        log_row, log_col = np.log(row), np.log(col)
    shifts = np.array([np.log(total), np.log(negative) if pmi == "sppmi" else 0.0])
    indptr, indices, data = pmi_csr(A.indptr, A.indices, np.log(A.data), log_row, log_col,
                                    shifts, pmi in ("ppmi", "sppmi"))
    M = sp.csr_array((data, indices, indptr), shape=A.shape)
    M.has_sorted_indices = True
    return M


def _orthonormal(Y, *, passes=2):
    """An orthonormal basis of the columns of Y, in Y's precision.

    Cholesky QR ``passes`` times: the k x k Gram matrix (in Y's dtype, one
    BLAS ``syrk``), its Cholesky factor L in float64, then ``Y L^-T`` as one
    matrix product (a product with the inverted k x k factor runs at GEMM
    speed; LAPACK's triangular solve on the V x k block took 0.21 s against
    ~0.1 s, 20 Newsgroups' V = 30,000, k = 320, one BLAS thread). One pass
    leaves an orthogonality error of about eps * cond(Y)^2, enough between
    power iterations (the span is what counts there; cond(Y) is at most
    (s_1 / s_k)^2 of the previous basis' product, about 130 on 20 Newsgroups'
    PPMI); two passes make it orthonormal to rounding. When the Gram matrix
    is not positive definite (Y of lower rank than its width, or too
    ill-conditioned for the precision) or the second pass is still far from
    orthonormal, LAPACK's Householder QR (float64) is used instead.

    Why not :func:`skw2v.linalg.gram_orthonormalize` (the eigensolvers'): it
    orthonormalises through the eigendecomposition of the Gram matrix and
    drops directions that vanish, so its result may have fewer columns and is
    another basis of the span (rotated by the Gram matrix's eigenvectors);
    here the block keeps its width (the SVD needs ``n_components +
    n_oversamples`` columns, a rank-deficient block falls back to
    Householder) and a Cholesky factor costs 1 ms against about 30 ms for a
    320 x 320 ``eigh``. Serving both with one function would change the
    numbers of one of them.
    """
    Q = Y
    for step in range(passes):
        G = np.asarray(Q.T @ Q, dtype=np.float64)
        if step and np.abs(G - np.eye(G.shape[0])).max() > 0.1:
            break
        try:
            L = np.linalg.cholesky(G)
        except np.linalg.LinAlgError:
            break
        inverse = scipy.linalg.solve_triangular(L, np.eye(L.shape[0]), lower=True,
                                                check_finite=False)
        Q = Q @ inverse.T.astype(Y.dtype)
    else:
        if np.all(np.isfinite(Q)):
            return Q
    # One thread: Householder QR synchronises its BLAS threads once per panel
    # (24 s on two threads against 1.1 s on one, V = 30,000, k = 320, right
    # after a numba kernel).
    with threadpool_limits(1, user_api="blas"):
        Q = np.linalg.qr(np.asarray(Y, dtype=np.float64))[0]
    return Q.astype(Y.dtype, copy=False)


def randomized_svd(M, n_components, *, n_oversamples, n_iter, random_state=None,
                   n_jobs=None):
    """Top singular triplets of a sparse matrix by randomized subspace iteration.

    Halko, Martinsson & Tropp (2011), Algorithm 4.4 with ``q = n_iter``: a
    Gaussian block of ``k = n_components + n_oversamples`` columns, ``n_iter``
    products with ``M M^T``, then the exact SVD of ``Q^T M``. The sparse
    products run in float32 through :class:`skw2v.linalg.SparseBlockProduct`
    (``M`` and ``M^T`` each stored once as CSR, column-tiled parallel kernel);
    between products the basis is orthonormalised by one float32 Cholesky QR
    pass, the last one by two (:func:`_orthonormal`); the small SVD is the
    eigendecomposition of the k x k Gram matrix of ``Q^T M``. The dense work
    (Gram matrices, Cholesky QR, the output products) runs on as many BLAS
    threads as the sparse products have numba threads (``n_jobs``), the
    k x k eigendecomposition on one (:func:`skw2v.linalg.small_eigh`).

    Why not ``sklearn.utils.extmath.randomized_svd``: on the 20 Newsgroups
    PPMI matrix (V = 30,000, 9.7 M non-zeros, k = 320, ``n_iter=5``) it took
    44-51 s on the quiet 2-core machine: 13 single-threaded float64 scipy
    products (2.5 s each against 0.37-0.42 s for the tiled float32 kernel on
    two threads), and its LU / QR normalisations after every product on
    OpenBLAS threads, which contend with numba's spinning threads (a 30,000 x
    320 float32 QR took 24 s on two BLAS threads right after a kernel call,
    1.1 s on one). This one took 8.1 s at ``n_iter=5`` and 4.5-5.3 s at
    ``n_iter=3`` in a profiled fit on the same matrix (its first version,
    untiled products and float64 normalisations, 21-26 s at ``n_iter=5``).
    Two BLAS threads for its dense work measured no faster on the 2-core EPYC
    of sessions 1-12 (4.3-6.4 s against 4.4-5.7 s at ``n_iter=3``) and 17 %
    faster on the 2-core Xeon since (medians of 5: 3.72 s against 4.48 s,
    ``n_iter=1``, d = 600). Figures in ``benchmarks/RESULTS.md``
    ("Document vectors, session 5", "session 6" and "session 16").

    Parameters
    ----------
    M : sparse matrix of shape (m, n)
    n_components : int
        Number of triplets, ``< min(m, n)``.
    n_oversamples : int
        Extra random vectors (the block has ``n_components + n_oversamples``
        columns). Required, with ``n_iter``: how exact the result must be is the
        caller's choice (``PMISVDEmbedding`` 100 and 10 for analogy-grade
        vectors, ``EmbeddingVectorizer``'s recipe 20 and 3), and a default here
        would contradict one of them.
    n_iter : int
        Products with ``M M^T`` after the first; 0 keeps the range of ``M Omega``.
    random_state : None, int or RandomState
    n_jobs : int, default=None
        Threads of the sparse products and the dense BLAS work (sklearn's
        meaning).

    Returns
    -------
    U : ndarray of float32 of shape (m, n_components)
        Orthonormal to about 1e-6. Returned in the precision it is computed
        in: a float64 copy of U and Vt cost 0.3-0.7 s of fresh pages in a
        20 Newsgroups fit at d = 600 for no digit more.
    s : ndarray of float64 of shape (n_components,), decreasing, >= 0
    Vt : ndarray of float32 of shape (n_components, n)
    """
    A = SparseBlockProduct(M, dtype=np.float32, n_jobs=n_jobs)
    At = A.transpose()
    m, n = A.shape
    k = min(n_components + n_oversamples, m, n)
    seed = check_random_state(random_state).randint(np.iinfo(np.int32).max)
    omega = np.random.default_rng(seed).standard_normal((n, k), dtype=np.float32)
    with threadpool_limits(n_threads(n_jobs), user_api="blas"):
        # Products write into blocks no longer needed (Y once its basis is
        # taken, omega once multiplied): fresh V x k pages cost about as much
        # as a dense pass over them.
        Y = A.matmat(omega)
        for _ in range(n_iter):
            Y = A.matmat(At.matmat(_orthonormal(Y, passes=1)), out=Y)
        Q = _orthonormal(Y, passes=2)
        Bt = At.matmat(Q, out=omega)  # (Q^T M)^T, n x k
        # The Gram matrix in float64: in float32 its rounding (eps32 s_1^2)
        # would put a floor of sqrt(eps32) s_1 under the singular values.
        lam, W = small_eigh(_gram64(Bt))  # decreasing
        lam, W = np.maximum(lam[:n_components], 0.0), W[:, :n_components]
        s = np.sqrt(lam)
        inv = np.divide(1.0, s, out=np.zeros_like(s), where=s > 0)
        # The n x d products in float32 (the vectors' precision): 0.1 s each
        # against 0.25-0.47 s in float64, one BLAS thread. 1/s is folded into
        # the k x d factor and Vt comes out of BLAS in row order, so no n x d
        # temporary is transposed or scaled.
        W32 = W.astype(np.float32)
        U = Q @ W32
        Vt = (W32 * inv.astype(np.float32)[None, :]).T @ Bt.T
    return U, s, Vt


def _gram64(B, rows=2048):
    """``B^T B`` accumulated in float64 over blocks of ``rows`` rows of float32 ``B``.

    The same sum as converting all of B to float64 first, without the n x k
    float64 copy: on 20 Newsgroups (n = 30,000, k = 620) that copy is 149 MB
    of fresh pages, and inside a fit such temporaries cost 0.1-0.3 s each in
    page faults, more than the products that fill them.
    """
    k = B.shape[1]
    G = np.zeros((k, k))
    for start in range(0, B.shape[0], rows):
        block = B[start:start + rows].astype(np.float64)
        G += block.T @ block
    return G


class PMISVDEmbedding(EmbeddingMixin, BaseEstimator):
    """Word embeddings by truncated SVD of a (shifted, positive) PMI matrix.

    Parameters
    ----------
    n_components : int, default=100
        Embedding dimension d; must be smaller than the vocabulary size V.
    pmi : {"ppmi", "pmi", "sppmi"}, default="ppmi"
        Which association matrix (see :func:`pmi_matrix`): positive PMI,
        PMI of the observed pairs (unseen pairs 0), or positive PMI shifted by
        ``log negative``.
    negative : float, default=5
        k of the shift ``log k``; used only by ``pmi="sppmi"``.
    context_smoothing : float, default=0.75
        Context-distribution smoothing exponent (hyperwords' ``cds``). On the
        :class:`~skw2v.CooccurrenceVectorizer` defaults (harmonic window 10,
        ``subsample=1e-4``), V = 10k, d = 200, analogy 0.478 / 0.475 on the
        tune / report halves of enwiki-17m (0.422 / 0.411 on the old linear
        window 5 without subsampling); 1 (no smoothing) measured 0.465 on the
        tune half (``benchmarks/bench_fidelity.py``, scikit-learn's randomized
        SVD; today's defaults give 0.483 / 0.477 there).
    eigenvalue_power : float, default=0.5
        p in W = U Sigma^p (hyperwords' ``eig``; 0 and 0.5 beat 1 on analogies).
    add_context : bool, default=False
        Return W + C with C = V Sigma^p, the context vectors (hyperwords' ``w+c``).
    algorithm : {"randomized", "arpack"}, default="randomized"
        :func:`randomized_svd` (randomized subspace iteration with float32
        sparse products; see its docstring for why it is not scikit-learn's)
        or ``scipy.sparse.linalg.svds``.
    n_iter : int, default=10
        Power iterations (products with ``M M^T``) of the randomized SVD.
    n_oversamples : int, default=100
        Extra random vectors of the randomized SVD. With 10 iterations and 100
        extra vectors the randomized SVD scores what the exact SVD (arpack)
        scores on analogies; the former 5 and 20 lost 0.4-0.9 points. Held-out
        half of enwiki-17m (V = 10k, d = 200, harmonic window 10, seeds 0-2):
        5 / 20 0.469, 10 / 20 0.474, 5 / 100 0.473, **10 / 100 0.477**, arpack
        0.478; tune half 0.474 / 0.483 (10 / 100) / 0.483 (arpack); the 17 M
        prefix 0.530 / 0.535 / 0.534 (arpack), at about twice the time of
        5 / 20 (10-14 s against 6-7 s there; ``benchmarks/RESULTS.md``,
        "PMI-SVD: how exact its randomized SVD must be"). For document
        features accuracy is less sensitive: :class:`~skw2v.EmbeddingVectorizer`'s
        recipe uses 3 and 20.
    tol : float, default=0.0
        Tolerance of arpack (0: machine precision).
    random_state : int, RandomState instance or None, default=None
    n_jobs : int, default=None
        Threads of the randomized SVD's sparse products and dense BLAS work
        (sklearn's meaning: None is 1 unless in a joblib ``parallel_config``,
        -1 all cores).

    Notes
    -----
    A word that co-occurs with no word (an all-zero row of X) is left out of
    the PMI matrix (0/0 there) and gets a zero vector, with a warning;
    directions whose singular value is zero to rounding error are set to zero,
    with a warning.

    Attributes
    ----------
    embedding_ : ndarray of float32 of shape (V, n_components)
    words_ : ndarray of object of shape (V,)
    vocabulary_ : dict of str -> int
    singular_values_ : ndarray of shape (n_components,), decreasing
    components_ : ndarray of shape (n_components, V)
        Right singular vectors (context directions); each left singular vector's
        largest-magnitude entry is positive. float32 from
        ``algorithm="randomized"`` (the precision it computes them in),
        float64 from ``"arpack"``.
    n_features_in_ : int

    See Also
    --------
    QWEMEmbedding : closed-form embedding from the QWEM target M*.

    References
    ----------
    Levy, Goldberg & Dagan (2015), "Improving distributional similarity with
    lessons learned from word embeddings", TACL 3.

    Examples
    --------
    >>> import numpy as np
    >>> from skw2v import PMISVDEmbedding
    >>> rng = np.random.default_rng(0)
    >>> C = rng.poisson(2.0, size=(30, 30)); X = C + C.T
    >>> emb = PMISVDEmbedding(n_components=4, random_state=0).fit(
    ...     X, vocabulary=[f"w{i}" for i in range(30)])
    >>> emb.embedding_.shape
    (30, 4)
    """

    _parameter_constraints = {
        "n_components": [Integers(1, None, closed="left")],
        "pmi": [StrOptions({"ppmi", "pmi", "sppmi"})],
        "negative": [Reals(0, None, closed="neither")],
        "context_smoothing": [Reals(0, None, closed="left")],
        "eigenvalue_power": [Reals(None, None, closed="neither")],
        "add_context": ["boolean"],
        "algorithm": [StrOptions({"randomized", "arpack"})],
        "n_iter": [Integers(0, None, closed="left")],
        "n_oversamples": [Integers(0, None, closed="left")],
        "tol": [Reals(0, None, closed="left")],
        "random_state": ["random_state"],
        "n_jobs": [Integers(None, None, closed="neither"), None],
    }

    def __init__(self, n_components=100, *, pmi="ppmi", negative=5, context_smoothing=0.75,
                 eigenvalue_power=0.5, add_context=False, algorithm="randomized", n_iter=10,
                 n_oversamples=100, tol=0.0, random_state=None, n_jobs=None):
        self.n_components = n_components
        self.pmi = pmi
        self.negative = negative
        self.context_smoothing = context_smoothing
        self.eigenvalue_power = eigenvalue_power
        self.add_context = add_context
        self.algorithm = algorithm
        self.n_iter = n_iter
        self.n_oversamples = n_oversamples
        self.tol = tol
        self.random_state = random_state
        self.n_jobs = n_jobs

    def __sklearn_tags__(self):
        return cooccurrence_input_tags(super().__sklearn_tags__())

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, vocabulary=None):
        """Compute the embedding from a co-occurrence matrix.

        Parameters
        ----------
        X : CooccurrenceMatrix or sparse matrix / ndarray of shape (V, V)
            Non-negative co-occurrence counts, e.g. from
            :class:`~skw2v.CooccurrenceVectorizer`.
        y : None
            Ignored.
        vocabulary : sequence of str or dict, default=None
            The word of each row, required when X carries no words.

        Returns
        -------
        self
        """
        A, words, _ = self._check_cooccurrence(X, vocabulary)
        return self._fit_canonical(A, words)

    @_fit_context(prefer_skip_nested_validation=True)
    def _fit_built(self, X):
        """:meth:`fit` on a matrix :class:`~skw2v.CooccurrenceVectorizer` has just built.

        Such a matrix is canonical (float64, indices sorted within rows, no
        duplicate or zero entry), positive, finite, symmetric (exactly with
        integer window weights, to rounding beyond) and carries checked words,
        by construction (``kernels/cooccurrence.py``), so the
        checks of :func:`~skw2v.statistics.check_cooccurrence` (0.6 s on 20
        Newsgroups' 9.7 M entries, mostly the symmetry check) and its copy are
        skipped. Private: only for a matrix no user code has held, i.e. one
        counted and passed on inside skw2v (``EmbeddingVectorizer``'s
        learning step); a matrix a user passes goes through :meth:`fit`. The
        embedding is the one :meth:`fit` gives, bit for bit
        (``tests/test_pmi_svd.py``).
        """
        A = sp.csr_array((X.data, X.indices, X.indptr), shape=X.shape, copy=False)
        A.has_canonical_format = True
        return self._fit_canonical(A, X.words)

    def _fit_canonical(self, A, words):
        """The fit on a canonical float64 CSR array over ``words`` (not modified)."""
        A, _, present = self._drop_absent(A, words, None)  # PMI is 0/0 there
        V = A.shape[0]
        d = self.n_components
        k = d + self.n_oversamples if self.algorithm == "randomized" else d
        check_allocation(8 * 4 * V * k, f"The SVD's blocks of V={V} x {k} vectors",
                         "lower n_components or n_oversamples")
        with numba_threads(self.n_jobs):
            M = _pmi_of_canonical(A, self.pmi, self.negative, self.context_smoothing)
        if M.nnz == 0:
            raise ValueError(
                f"The {self.pmi.upper()} matrix is all zeros (no pair has PMI above the "
                "shift): lower `negative` or use pmi='pmi'."
            )
        self._warn_empty_rows(M, words if present is None else words[present])
        rng = check_random_state(self.random_state)
        if self.algorithm == "randomized":
            U, s, Vt = randomized_svd(M, d, n_oversamples=self.n_oversamples,
                                      n_iter=self.n_iter, random_state=rng,
                                      n_jobs=self.n_jobs)
        else:
            v0 = rng.uniform(-1, 1, V)
            U, s, Vt = svds(M, k=d, tol=self.tol, v0=v0, solver="arpack")
            order = np.argsort(s)[::-1]
            U, s, Vt = U[:, order], s[order], Vt[order]
        # In place: U and Vt are this fit's own arrays, and each V x d
        # temporary costs more in fresh pages than the arithmetic.
        signs = column_signs(U)
        U *= signs[None, :]
        Vt *= signs[:, None]
        # ||M||_2 = s[0]: a singular value below rounding error of it is zero.
        # The randomized SVD's float32 products leave a noise floor of about
        # eps32 * s[0] (a rank-2 matrix's third value: 1e-12 to 4e-8 of s[0]).
        top = max(float(s[0]), np.finfo(np.float64).tiny)
        scale, dtype = (top, np.float32) if self.algorithm == "randomized" \
            else (top * V, np.float64)
        null = self._null_directions(
            s, scale, dtype,
            "singular values of the PMI matrix",
            "The PMI matrix has lower rank than n_components: lower n_components.")
        check_power(s[~null], self.eigenvalue_power, "eigenvalue_power",
                    what="the singular values")
        scale = np.zeros_like(s)
        scale[~null] = s[~null] ** self.eigenvalue_power
        W = U
        W *= scale[None, :]
        if self.add_context:
            W = W + Vt.T * scale[None, :]
        components = np.zeros((Vt.shape[0], present.shape[0]), dtype=Vt.dtype) \
            if present is not None else Vt
        if present is not None:
            components[:, present] = Vt
        return self._set_fitted(words, self._scatter_rows(W, present),
                                singular_values_=s, components_=components)

    def _warn_empty_rows(self, M, words):
        """Warn about the words whose (shifted) PPMI row is empty: their vectors are zero.

        Clipping keeps a pair only when its PMI is above 0 (``"ppmi"``) or
        ``log negative`` (``"sppmi"``). A word none of whose pairs passes gets
        an all-zero row, so U, and its vector, are zero there. Under the shift
        these are the most frequent words, whose every pair is near chance:
        on 30 Wikipedia articles (V = 300, ``negative=5``) about 50 words
        ('the', 'of', 'and', ...), on all 17 M words of ``enwiki-17m``
        (``EmbeddingVectorizer``'s counts, V = 30,000) 'the' and 'of'.
        """
        if self.pmi == "pmi":  # nothing clipped
            return
        empty = ~stored_rows(M)
        n_empty = int(np.count_nonzero(empty))
        if not n_empty:
            return
        bar = "0" if self.pmi == "ppmi" else f"log negative = {np.log(self.negative):.3g}"
        warn(
            f"{n_empty} of {words.shape[0]} words have no pair whose PMI is above {bar} "
            f"({name_some(words[empty])}): pmi={self.pmi!r} clips all their pairs, so "
            "their vectors are zero (cosines with them are 0). Under a shift these are "
            "mostly the most frequent words, whose pairs are all near chance; to give "
            "them vectors use "
            + ("a smaller negative or pmi='ppmi'." if self.pmi == "sppmi" else "pmi='pmi'."),
            IsolatedWordWarning)

    def _truncate_components(self, n_components):
        """A fitted copy at fewer dimensions, sliced from this fit: no new SVD.

        The top-d singular triplets do not depend on how many are computed, so
        :func:`skw2v.model_selection.dimension_sweep` serves every smaller d
        from one fit.
        """
        return truncated_copy(self, n_components, rows=("singular_values_", "components_"))
