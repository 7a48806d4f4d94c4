"""QWEM embeddings: the closed form (top eigenvectors of M*), then QWEM's own loss from it.

QWEM's quartic loss is minimised, over rank-d symmetric factorisations
W W^T, by the best rank-d positive semi-definite approximation of M*, so the
paper's embedding is W = V_d Lambda_d^p with (Lambda_d, V_d) the top-d eigenpairs
of M* (p = 1/2 is the minimiser; other p re-weight the directions as in PMI-SVD).
Word2vec factorises with two matrices, W C^T, whose best rank-d fit keeps the
d eigenpairs of largest magnitude instead, negative ones included; that is the
default here (``directions="magnitude"``, without the outlier of M*'s -2 11^T
part, refined as ``W S W^T``), +0.8 to +3.2 analogy points on enwiki-17m.
No training is needed: one iterative eigensolve on the implicit operator
M* = S - 2 * 1 1^T (:class:`skw2v.statistics.QWEMTargetOperator`), by
:func:`skw2v.linalg.top_eigenpairs`. The closed form drops the loss's pair
weights P + Q; by default the fit then minimises the weighted loss itself,
from the closed form, by preconditioned conjugate gradients until it stops
falling (``weighted_refinement`` steps at most, ``refinement_tol``, by default a
tolerance that shrinks as 1/n with the corpus's tokens;
:mod:`skw2v.estimators._qwem_refine`). Measured on enwiki-17m, that stop gains
on the closed form at every setting of the held-out study (V = 10k from 2 M
words up, 30k, 68k; ``benchmarks/RESULTS.md``, "Issue 14, sessions 8 and 10"),
but not everywhere on small corpora (the 2 M-word sample at V = 5,000: -0.3 /
-0.9 points at d = 100 / 200). Training by gradient descent on the same loss, with
its history, is :class:`~skw2v.QWEMGradientEmbedding`.
"""

import copy
import numbers

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted

from .._validation import Integers, Reals, check_power
from .._warnings import warn
from ..linalg import (EIGENSOLVERS, column_signs, low_outliers, select_eigensolver,
                      top_eigenpairs, top_magnitude_eigenpairs)
from ..statistics import (
    EvidenceWeightedTarget,
    QWEMTargetOperator,
    evidence_weights,
    qwem_distributions,
)
from ._base import EmbeddingMixin
from ._qwem_refine import refine_weighted, signed_eigenpairs
from ._tags import cooccurrence_input_tags
from ._truncate import truncated_copy

# refinement_tol="auto" stops at a relative loss decrease of this over the counted tokens:
# 1e-4 at the 3.63 M tokens of enwiki-17m's first 4 M words, where a fixed 1e-4 measured
# best; the noise of the counts, and with it the decrease worth another step, scales as 1/n
# (benchmarks/RESULTS.md, "Issue 14, session 10")
_AUTO_TOL_TOKENS = 363.0

__all__ = ["QWEMEmbedding"]


class QWEMEmbedding(EmbeddingMixin, BaseEstimator):
    """Quartic word embeddings (QWEM) from co-occurrence counts: closed form, then refined.

    The closed form is W = V_d Lambda_d^p, from the top-d eigenpairs of the target
    ``M*_ij = 2 (P_ij - Q_ij) / (P_ij + Q_ij)``, where P is the co-occurrence
    distribution and ``Q = k q q^T`` the negative-pair distribution. M* is only
    ever applied as a sparse matrix minus a constant, so it costs a few dozen
    sparse block products, no dense V x V matrix. It fits M* unweighted; QWEM's
    own loss weights each pair by how often it is seen (``P_ij + Q_ij``). By
    default the fit goes on from the closed form down that loss until it
    stops falling (``weighted_refinement``, ``refinement_tol``), which
    measured better at every setting of the held-out study (small corpora
    excepted in part: below); ``weighted_refinement=0`` keeps the closed form
    alone, the paper's solution, several times faster.

    Parameters
    ----------
    n_components : int, default=100
        Embedding dimension d; must be smaller than the vocabulary size V.
    negative : float, default=5
        k, negative pairs per positive pair (word2vec's ``negative``).
    ns_exponent : float, default=0.5
        Smoothing exponent of the negative distribution, ``q ~ count **
        ns_exponent`` on both sides of Q (gensim's name; word2vec smooths one
        side with 0.75). Flattening q is the strongest single knob measured on
        enwiki-17m (V=10k, d=200, harmonic window 10, subsample 1e-4): analogy
        0.544 / 0.571 / 0.579 / 0.581 at 0.875 / 0.625 / 0.5 / 0.25.
    unigram : {"auto", "counts", "marginals"}, default="auto"
        Counts that q is built from: the corpus word counts the matrix carries
        ("counts", used by "auto" when present) or the row sums of X.
    directions : {"magnitude", "positive"}, default="magnitude"
        Which eigenpairs of M* make the closed form, and the model the
        refinement fits. "positive": the top d (algebraic), the paper's: a
        symmetric ``W W^T`` can only hold positive ones. "magnitude": the d
        of largest ``|lambda|``, negative ones included, which is the best
        rank-d fit by word and context vectors ``W C^T`` (word2vec's
        factorisation, with ``C = W S``, ``S = sign(Lambda_d)``), with the one
        outlier of M*'s ``-2 11^T`` part (the value of every pair never seen,
        eigenvalue near ``-2 V``, eigenvector nearly uniform: shared by every
        word) left out (:func:`skw2v.linalg.top_magnitude_eigenpairs`). The
        word vectors are ``V_d |Lambda_d|^p``; ``weighted_refinement`` then
        fits ``s = W S W^T`` to QWEM's weighted loss, every direction with
        its sign (:func:`~skw2v.estimators._qwem_refine.refine_weighted`'s
        ``signs``), and reports that product's eigenpairs. Measured on
        enwiki-17m (d = 200, V = 10k unless said, the refined default from
        the same start, ``benchmarks/RESULTS.md``, "Issue 14, session 11"):
        2-10 of the 200 directions are negative (34 of 300 at V = 68k);
        analogy +0.8 points on 2 M words, +2.2 on 4 M, +3.0 on 8 M, +3.2 /
        +2.2 on 17 M (two starts), +3.1 / +2.9 on the held-out report half
        (0.541, 1.18x SGNS), and +1.9 / +2.8 @10k / @30k at V = 68k, d = 300
        (0.631 / 0.535). The eigensolve is one LOBPCG of the paper's width
        (since session 12; 50 s at V = 68k, d = 300, 3.1x the frozen
        pre-Scale solve of the positive ones) and the refinement takes more
        steps under "auto"
        (17 M words 44 instead of 20, 1.7x the fit; V = 68k 59 instead of
        34, 1.4x). The refined model's baseline direction is not a word
        direction (``baseline_eigenvalue_``).
        ``eigenvalues_`` are then in decreasing magnitude, some negative
        (``n_negative_directions_``). "positive" is also the target of
        :class:`~skw2v.QWEMGradientEmbedding` and of the dynamics theory.
    eigenvalue_power : float, default=0.5
        p in W = V_d |Lambda_d|^p. 0.5 minimises QWEM's loss. Directions with
        eigenvalue <= 0 (with ``directions="magnitude"``: with ``|lambda|``
        zero to rounding error) are set to zero (with a warning saying how
        many). A word that co-occurs with no word (an
        all-zero row of X) is left out of M* (0/0 there) and gets a zero
        vector, with a warning.
    evidence_weighting : float, default=0.0
        beta: fit M* with per-pair weights ``a_i a_j``, ``a_i ~ (p_i + k q_i)
        ** beta`` (p the pair marginal, k q the negative one), i.e. take the
        eigenvectors of ``D^1/2 M* D^1/2``, D = diag(a)
        (:func:`skw2v.statistics.evidence_weights`). QWEM's loss weights each
        pair by ``P_ij + Q_ij``, how often it is seen; the paper's closed form
        (beta = 0) drops that, so pairs of rare words weigh as much as pairs
        of frequent ones; beta = 1 is a rank-one stand-in for the loss's own
        weights. Measured (V = 10k, d = 200, enwiki-17m,
        ``benchmarks/bench_fidelity.py``): beta = 0.5 +0.4 points on the tune
        half and +0.4 on the held-out report half, +0.8 / +1.1 on the first
        8 M / all 17 M words (means of three LOBPCG starts, which alone move
        a score by up to a point), but -1.4 on 4 M and on 2 M words; beta = 1
        -1.0 on the tune half. A gain that grows with the corpus (worth trying
        from about 10 M words), but too small and too costly on small corpora
        to be the default. The factor
        ``D^-1/2`` of the exact minimiser only rescales each word's vector,
        leaves every cosine unchanged, and is left out of ``embedding_``.
    weighted_refinement : int, default=100
        Most steps of preconditioned conjugate gradients on QWEM's loss itself,
        the *weighted* least squares ``sum_ij (P_ij + Q_ij)/4 (w_i.w_j - M*_ij)^2``,
        started from the closed form (:func:`~skw2v.estimators._qwem_refine.refine_weighted`;
        each step one pass over the non-zeros of X and one over half of them,
        about a fifth of a closed-form fit at V = 10k). The steps stop earlier
        when the loss stops falling (``refinement_tol``). 0: the closed form
        alone, the top eigenpairs of M* (the paper's solution), 3.5-7x
        faster. Otherwise the eigenpairs reported are those of the refined
        ``W W^T`` (``eigenvalues_`` its squared singular values), so
        ``eigenvalue_power`` re-weights them as before. Why a tolerance and
        not a step count: along the path the analogy accuracy is not
        monotone (at V = 68k, d = 300, 6 steps lose 12 points while the loss
        falls; sessions 6-7 of ``benchmarks/RESULTS.md``), but it settles,
        and where it settles it beats the closed form from 8 M words up at
        every vocabulary size (enwiki-17m, "Issue 14, session 8"). With a
        fixed ``refinement_tol=1e-4`` (the default until session 10; "auto"
        adds about 0.3 more, below): V = 10k, d = 200, +0.1 to +0.3 points on 2 M
        words (three starts), +1.6 / +1.9 on 4 M, +2.5 on 8 M, +1.9 / +1.4
        on 17 M, +1.8 / +2.6 on the held-out report half (two starts), at
        3.5-4.6x the closed form's time; V = 30k +5.7 @10k (5.0x); V = 68k,
        d = 300 +5.6 @10k / +5.5 @30k (6.6x; 4.1x since session 9's faster
        steps, whose fit peaks at 3.1 GiB). On the bundled 2 M-word
        sample at V = 5,000 (one start): +1.4 / +1.0 at d = 25 / 50 but
        -0.5 / -1.2 at d = 100 / 200: on small corpora the weighted optimum
        fits the rare pairs' noise.
    refinement_tol : "auto" or float, default="auto"
        Stop the refinement after the first step that lowers the weighted
        loss by less than ``refinement_tol`` times its value at the closed
        form (scikit-learn's ``NMF`` rule; scale-free: the weights sum to
        1 + k). "auto": ``363 / n``, n the tokens counted for the rows (the
        unigram counts X carries; 1e-4 when it carries none), i.e. 1e-4 for
        the 3.63 M tokens of enwiki-17m's first 4 M words and proportionally
        less for more text. Why it scales as 1/n, the scale of the count
        noise: with little data the weighted optimum fits the rare pairs'
        noise and the analogies peak early (2 M words: the path's best within
        its first dozen steps, 1 point under the closed form after 60), with
        more they go on rising long after the loss has nearly stopped falling
        (17 M words: +0.3 to +0.9 more from step 13 to 40), and the
        loss's relative decrease per step is the same at every size, so no
        fixed tolerance suits both. Against a fixed 1e-4 (V = 10k, d = 200,
        three starts each; ``benchmarks/RESULTS.md``, "Issue 14, session
        10"): 2 M words 10 steps instead of 12-13, +0.4 points; 8 M 15
        instead of 12, +0.3 (two starts); tune / held-out report half 15
        instead of 12, +0.3 / +0.3; 17 M words 21 instead of 13, +0.2, at
        1.4x the fit's time (12 of the 14 fits gain); V = 68k, d = 300 34
        steps instead of 22, +0.2 / -0.2 @10k / @30k, 6.0x the closed form.
        0: always ``weighted_refinement`` steps.
    refinement_floor : float, default=0.0
        alpha: the refinement fits the weights ``P + Q + c 1 1^T`` instead of
        ``P + Q``, ``c = alpha (1 + k) / V^2`` (alpha times the weights'
        mean), i.e. QWEM's loss plus c times the closed form's own unweighted
        loss: 0 is QWEM's loss, large alpha keeps the closed form. Stated
        relative to the mean weight, it means the same at every V; a
        per-pair factor in the same passes. Measured (enwiki-17m,
        ``benchmarks/RESULTS.md``, "Issue 14, session 7: the refinement's
        collapse"): alpha = 10 with 6 steps +0.3 / +0.4 / +1.0 / +0.8
        points at V = 10k on 2 / 4 / 8 / 17 M
        words, +1.1 on the report half (half the unregularised gain), +1.6
        at V = 30k, and at V = 68k (d = 300) -4.5 from the LOBPCG closed form
        (+0.6 from the exact eigenvectors; unregularised -13.5); 12 steps
        +2.1 there. It shrinks the collapse, it does not make the
        refinement safe at 6 steps. With ``weighted_refinement=0`` it has
        nothing to act on: a non-zero value then warns (``UserWarning``).
    refinement_anchor : float, default=0.0
        beta: the refinement's loss gains ``rho sum_i ||w_i - w_i^cf||^2``,
        a pull toward the closed form, with the curvature ``2 rho`` that a
        floor of beta gives an average row (``beta (1 + k) / V^2
        trace(W_cf^T W_cf) / d``). beta = 10 with 6 steps: -0.2 / -0.2 /
        +0.4 / +0.7 at V = 10k, +2.1 at V = 30k, -0.4 at V = 68k (exact
        start): weaker than the floor at V = 10k. Like the floor, it warns
        when set without ``weighted_refinement``.
    solver : {"auto", "lobpcg", "randomized", "arpack", "dense"}, default="auto"
        How the top eigenpairs are found (:func:`skw2v.linalg.top_eigenpairs`),
        used as given. "lobpcg": block LOBPCG on the implicit operator (BLAS-3,
        the fastest accurate choice measured); "randomized": restarted
        randomized block Krylov; "arpack": Lanczos
        (``scipy.sparse.linalg.eigsh``, one vector at a time); "dense": full
        eigendecomposition of M* built dense (small V only). "auto" is the only
        one that chooses: "dense" for V <= 2000 or when the block (about 1.1
        n_components) exceeds V / 10, else "lobpcg"
        (:func:`skw2v.linalg.select_eigensolver`). To train by gradient
        descent instead, use :class:`~skw2v.QWEMGradientEmbedding`.
    tol : float, default=1e-3
        Residual tolerance (lobpcg, arpack).
    max_iter : int, default=None
        Iterations: lobpcg 6 (the analogy accuracy of the exact eigenvectors
        on enwiki-17m: 0.554 / 0.454 @10k / @30k at V = 68k, d = 300, against
        0.551 / 0.454 for ARPACK's, 0.540 / 0.446 at 5 iterations; at
        V = 10k, d = 200 the same as 8 iterations to within the seed's
        +-0.5 points), randomized 3 restarts (of 2 Krylov blocks each),
        arpack its own default.
    dtype : {"float32", "float64"}, default="float32"
        Precision of the sparse products inside the solvers; float32 halves the
        memory traffic (the eigenvectors are then accurate to ~1e-6). "dense"
        always works in float64.
    random_state : int, RandomState instance or None, default=None
        Starting block of the iterative solvers.
    n_jobs : int, default=None
        numba threads of the sparse products with M* (see
        :mod:`skw2v.estimators`, "n_jobs"). BLAS threads are not limited.
    verbose : int, default=0
        Print the residual of each LOBPCG iteration.

    Attributes
    ----------
    embedding_ : ndarray of float32 of shape (V, n_components)
    words_ : ndarray of object of shape (V,)
    vocabulary_ : dict of str -> int
    eigenvalues_ : ndarray of float64 of shape (n_components,)
        Top eigenvalues of M*, in decreasing order, or in decreasing
        magnitude with ``directions="magnitude"`` (with
        ``weighted_refinement``, the positive ones those of the refined
        ``W W^T``).
    eigenvectors_ : ndarray of float64 of shape (V, n_components)
        Orthonormal; each column's largest-magnitude entry is positive.
    n_negative_eigenvalues_ : int
        Directions that are zero in ``embedding_`` (with a warning):
        eigenvalues among the top d that are <= 0, or positive only by
        rounding error (below ``64 eps * 2 V``; an all-ones matrix's); with
        ``directions="magnitude"`` those whose ``|lambda|`` is below that.
    n_negative_directions_ : int
        Directions of negative eigenvalues in ``embedding_``
        (``directions="magnitude"``; 0 with "positive").
    baseline_eigenvalue_ : float or None
        With ``directions="magnitude"`` and ``weighted_refinement``: the
        refined ``W S W^T`` uses one negative direction to fit the -2 of the
        pairs never seen (M*'s ``-2 11^T`` part, whose outlier the closed form
        leaves out, learned back: eigenvalue below ``-lambda_max``,
        eigenvector at cosine 0.996 with the uniform one on enwiki-17m). Its
        eigenvalue; the direction is the last of ``eigenvectors_`` and zero in
        ``embedding_`` (17 M words, V = 10k: +0.7 analogy points against
        keeping it; the bundled sample: its first "concept" was wiki markup).
        None otherwise.
    n_iter_ : int or None
        Iterations of the solver.
    residual_norms_ : ndarray of shape (n_components,) or None
        ``||M* v - lambda v||`` per eigenpair as reported by the solver.
    solver_ : str
        The solver used ("auto" resolved).
    refinement_losses_ : ndarray of float64 of shape (n_refinement_steps_ + 1,) or None
        QWEM's weighted loss (minus its constant) at the closed form and after
        each refinement step, non-increasing; None without refinement (or
        when M* has no positive direction among the top d, nothing to refine).
    refinement_tol_ : float or None
        The tolerance the refinement stopped by (``refinement_tol`` with
        "auto" resolved); None without refinement.
    n_refinement_steps_ : int
        Refinement steps taken (at most ``weighted_refinement``; 0 for the
        closed form alone).
    n_features_in_ : int

    See Also
    --------
    QWEMGradientEmbedding : the same target learned by gradient descent.
    PMISVDEmbedding : truncated SVD of the (shifted, positive) PMI matrix.
    SGNSEmbedding : word2vec's skip-gram with negative sampling.

    References
    ----------
    Karkada, Simon, Bahri & DeWeese (2025), "Closed-form training dynamics
    reveal learned features and linear structure in word2vec-like models".

    Examples
    --------
    >>> import numpy as np
    >>> from skw2v import QWEMEmbedding
    >>> rng = np.random.default_rng(0)
    >>> C = rng.poisson(5.0, size=(40, 40)); X = C + C.T
    >>> words = [f"w{i}" for i in range(40)]
    >>> emb = QWEMEmbedding(n_components=3, negative=1).fit(X, vocabulary=words)
    >>> emb.embedding_.shape, bool(np.all(np.diff(emb.eigenvalues_) <= 0))
    ((40, 3), True)
    """

    _parameter_constraints = {
        "n_components": [Integers(1, None, closed="left")],
        "negative": [Reals(0, None, closed="neither")],
        "ns_exponent": [Reals(None, None, closed="neither")],
        "unigram": [StrOptions({"auto", "counts", "marginals"})],
        "directions": [StrOptions({"magnitude", "positive"})],
        "eigenvalue_power": [Reals(None, None, closed="neither")],
        "evidence_weighting": [Reals(0, None, closed="left")],
        "weighted_refinement": [Integers(0, None, closed="left")],
        "refinement_tol": [StrOptions({"auto"}), Reals(0, None, closed="left")],
        "refinement_floor": [Reals(0, None, closed="left")],
        "refinement_anchor": [Reals(0, None, closed="left")],
        "solver": [StrOptions({"auto", *EIGENSOLVERS})],
        "tol": [Reals(0, None, closed="left")],
        "max_iter": [Integers(1, None, closed="left"), None],
        "dtype": [StrOptions({"float32", "float64"})],
        "random_state": ["random_state"],
        "n_jobs": [Integers(None, None, closed="neither"), None],
        "verbose": ["verbose"],
    }

    def __init__(self, n_components=100, *, negative=5, ns_exponent=0.5, unigram="auto",
                 directions="magnitude", eigenvalue_power=0.5, evidence_weighting=0.0,
                 weighted_refinement=100,
                 refinement_tol="auto", refinement_floor=0.0, refinement_anchor=0.0,
                 solver="auto", tol=1e-3, max_iter=None, dtype="float32", random_state=None,
                 n_jobs=None, verbose=0):
        self.n_components = n_components
        self.negative = negative
        self.ns_exponent = ns_exponent
        self.unigram = unigram
        self.directions = directions
        self.eigenvalue_power = eigenvalue_power
        self.evidence_weighting = evidence_weighting
        self.weighted_refinement = weighted_refinement
        self.refinement_tol = refinement_tol
        self.refinement_floor = refinement_floor
        self.refinement_anchor = refinement_anchor
        self.solver = solver
        self.tol = tol
        self.max_iter = max_iter
        self.dtype = dtype
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.verbose = verbose

    def __sklearn_tags__(self):
        return cooccurrence_input_tags(super().__sklearn_tags__())

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, vocabulary=None):
        """Compute the embedding from a co-occurrence matrix.

        Parameters
        ----------
        X : CooccurrenceMatrix or sparse matrix / ndarray of shape (V, V)
            Symmetric non-negative co-occurrence counts, e.g. from
            :class:`~skw2v.CooccurrenceVectorizer`.
        y : None
            Ignored.
        vocabulary : sequence of str or dict, default=None
            The word of each row, required when X carries no words.

        Returns
        -------
        self
        """
        return self._fit_slice(self._closed_form(X, vocabulary), self.n_components)

    def _closed_form(self, X, vocabulary):
        """Everything a fit computes before refinement.

        Returns the words, the present rows, P, q, the evidence weights (or
        None), the dtype and the top eigenpairs with the solver's info.
        """
        self._warn_unused_refinement_settings()
        A, words, counts = self._check_cooccurrence(X, vocabulary)
        A, counts, present = self._drop_absent(A, words, counts)  # M* is 0/0 there
        V = A.shape[0]
        d = self.n_components
        check_power(counts if counts is not None and self.unigram != "marginals"
                    else A.sum(axis=1), self.ns_exponent, "ns_exponent")
        P, q = qwem_distributions(A, counts, ns_exponent=self.ns_exponent,
                                  unigram=self.unigram, copy=False)  # A is our own copy
        del A  # P may be A itself: only P's name may keep its float64 data alive (below)
        solver = select_eigensolver(V, d) if self.solver == "auto" else self.solver
        dtype = np.float64 if solver == "dense" else np.dtype(self.dtype).type
        op = QWEMTargetOperator(P, q, self.negative, dtype=dtype, n_jobs=self.n_jobs)
        a = None
        if self.evidence_weighting:
            a = evidence_weights(P, q, self.negative, self.evidence_weighting)
            op = EvidenceWeightedTarget(op, a)
        # the refinement reads P in float32 only: dropping the float64 data now
        # frees 515 MB at V = 100k before the eigensolve (benchmarks/RESULTS.md,
        # "Issue 14, session 9"); the operator and the weights are built
        P = sp.csr_array((P.data.astype(np.float32), P.indices, P.indptr), shape=P.shape)
        eigenpairs = top_magnitude_eigenpairs if self.directions == "magnitude" \
            else top_eigenpairs
        lam, U, info = eigenpairs(op, d, solver=solver, tol=self.tol, max_iter=self.max_iter,
                                  random_state=check_random_state(self.random_state),
                                  verbose=self.verbose)
        tokens = None if counts is None else float(np.sum(counts, dtype=np.float64))
        return dict(words=words, present=present, P=P, q=q, a=a, dtype=dtype, lam=lam, U=U,
                    tokens=tokens, info=info)

    def _warn_unused_refinement_settings(self):
        """Warn when a refinement regulariser is set but no refinement runs.

        ``refinement_floor`` and ``refinement_anchor`` act only on the
        refinement's steps; with ``weighted_refinement=0`` they would change
        nothing, silently, so the user is told (as scikit-learn's
        ``LogisticRegression`` warns about an ``l1_ratio`` its penalty ignores).
        """
        if self.weighted_refinement:
            return
        unused = [f"{name}={getattr(self, name)!r}"
                  for name in ("refinement_floor", "refinement_anchor") if getattr(self, name)]
        if unused:
            warn(
                f"{' and '.join(unused)} only act(s) on the weighted refinement, which is off "
                "(weighted_refinement=0): the fit is the closed form, unchanged. Set "
                "weighted_refinement to a number of steps, or leave these at 0.",
                UserWarning)

    def _fit_slice(self, form, d):
        """Finish the fit at the first ``d <= len(form["lam"])`` closed-form directions.

        With ``weighted_refinement`` the refinement starts from those d
        directions, which are the closed form at d (the top eigenpairs nest),
        negative ones as ``W S W^T`` with S their signs; a closed form without
        a positive direction is kept as it is.
        """
        lam, U, info = form["lam"][:d], form["U"][:, :d], dict(form["info"])
        if info["residual_norms"] is not None:
            info["residual_norms"] = info["residual_norms"][:d]
        losses = tol = None
        baseline = False
        # directions the closed form leaves at zero (_finish's rule) start at zero
        zero = self._zero_threshold(2.0 * U.shape[0], form["dtype"])
        signed = self.directions == "magnitude"
        live = (np.abs(lam) if signed else lam) > zero
        if self.weighted_refinement and (lam[live] > 0).any():
            # the model s = W S W^T: word vectors W against context vectors W S,
            # S = sign(lambda) on the live directions (all +1 for "positive")
            signs = np.where(signed & live & (lam < 0), -1.0, 1.0)
            W = U * np.sqrt(np.where(live, np.abs(lam), 0.0))[None, :]
            a = form["a"]
            if a is not None:  # the minimiser's D^-1/2, dropped by the closed form
                W /= np.sqrt(np.where(a > 0, a, 1.0))[:, None]
            tol = self._refinement_tolerance(form["tokens"])
            W, losses = refine_weighted(W, form["P"], form["q"], self.negative,
                                        self.weighted_refinement, tol=tol,
                                        floor=self.refinement_floor,
                                        anchor=self.refinement_anchor,
                                        signs=signs if (signs < 0).any() else None,
                                        n_jobs=self.n_jobs)
            lam, U = signed_eigenpairs(W, signs)
            if signed:
                # one negative direction learns the never-seen pairs' -2 (the closed
                # form's outlier) back: last in the model, zero in embedding_
                low = np.argmin(lam)
                baseline = bool(low_outliers(lam)[low])
                if baseline:
                    order = np.r_[np.delete(np.arange(lam.shape[0]), low), low]
                    lam, U = lam[order], U[:, order]
        return self._finish(form["words"], lam, U, info, form["present"], form["dtype"],
                            losses, tol, baseline)

    @property
    def _refined_slices(self):
        """``(closed_form, refined_copy)`` for a refined sweep, or None without refinement.

        A refined fit cannot be sliced (:attr:`_truncate_components`), but its
        start can: :func:`~skw2v.model_selection.dimension_sweep` solves the
        closed form once at the largest d (``form = closed_form(X, d)``) and
        refines each smaller d from its first d directions
        (``refined_copy(form, d)``, a fitted copy with ``n_components = d``):
        the same fit as at d, one eigensolve for all.
        """
        return (self._sweep_closed_form, self._refined_copy) if self.weighted_refinement \
            else None

    def _sweep_closed_form(self, X, n_components):
        est = copy.copy(self)
        est.n_components = int(n_components)
        est._validate_params()
        return est._closed_form(X, None)

    def _refined_copy(self, form, n_components):
        out = copy.copy(self)
        out.n_components = int(n_components)
        return out._fit_slice(form, out.n_components)

    def _refinement_tolerance(self, tokens):
        """``refinement_tol`` resolved: "auto" is ``363 / tokens`` (1e-4 without counts)."""
        if self.refinement_tol != "auto":
            return float(self.refinement_tol)
        return _AUTO_TOL_TOKENS / tokens if tokens else 1e-4

    def _finish(self, words, lam, U, info, present=None, dtype=np.float64, losses=None,
                tol=None, baseline=False):
        # |M*_ij| <= 2, so ||M*|| <= 2 V bounds what a zero eigenvalue's error can be.
        # "magnitude": a negative eigenvalue is a direction; only |lambda| ~ 0 is null
        signed = self.directions == "magnitude"
        size = np.abs(lam) if signed else lam
        null = self._null_directions(
            size, 2.0 * U.shape[0], dtype, "eigenvalues of M*",
            "M* has fewer non-zero directions than n_components: lower n_components." if signed
            else "M* has fewer positive directions than n_components: lower n_components.")
        check_power(size[~null], self.eigenvalue_power, "eigenvalue_power",
                    what="the eigenvalues")
        scale = np.zeros_like(lam)
        scale[~null] = size[~null] ** self.eigenvalue_power
        used = ~null
        if baseline:  # the last direction is the refined model's baseline (_fit_slice)
            scale[-1], used[-1] = 0.0, False
        return self._set_fitted(
            words, self._scatter_rows(U * scale[None, :], present),
            eigenvalues_=lam, eigenvectors_=self._scatter_rows(U, present),
            n_iter_=info["n_iter"], residual_norms_=info["residual_norms"],
            solver_=info["solver"], n_negative_eigenvalues_=int(np.count_nonzero(null)),
            n_negative_directions_=int(np.count_nonzero(used & (lam < 0))),
            baseline_eigenvalue_=float(lam[-1]) if baseline else None,
            refinement_losses_=losses, refinement_tol_=tol,
            n_refinement_steps_=0 if losses is None else len(losses) - 1)

    @property
    def _truncate_components(self):
        """Slicing to fewer dimensions, or None with ``weighted_refinement``.

        The top-d eigenpairs of M* do not depend on how many are computed, so
        :func:`skw2v.model_selection.dimension_sweep` serves every smaller d
        from one fit (:meth:`_slice_components`). A refined fit's top d'
        directions are not the refined rank-d' fit, so then there is no
        slicing; the sweep refines each d from one closed form instead
        (:attr:`_refined_slices`).
        """
        return None if self.weighted_refinement else self._slice_components

    def _slice_components(self, n_components):
        """A fitted copy at fewer dimensions, sliced from this fit: no new solve."""
        out = truncated_copy(self, n_components, rows=("eigenvalues_", "residual_norms_"),
                             columns=("eigenvectors_",))
        # the null directions are the zero columns (_finish zeroes them)
        used = out.embedding_.any(axis=0)
        out.n_negative_eigenvalues_ = int(np.count_nonzero(~used))
        out.n_negative_directions_ = int(np.count_nonzero(used & (out.eigenvalues_ < 0)))
        return out

    def concepts(self, k, topn=10, *, side="positive"):
        """Words loading most on direction ``k`` (the paper's topics).

        The directions are ``eigenvectors_``: M*'s top eigenvectors for the
        closed form, the refined ``W W^T``'s with ``weighted_refinement``.

        Each eigenvector's sign is fixed so that its largest-magnitude loading
        is positive, so the positive end is the concept's head; the negative
        end is often a contrasting concept.

        Parameters
        ----------
        k : int
            Direction index, 0 for the top eigenvalue.
        topn : int, default=10
        side : {"positive", "negative"}, default="positive"
            Which end of the direction.

        Returns
        -------
        list of (str, float)
            Words and their loadings, strongest first.
        """
        check_is_fitted(self, "eigenvectors_")
        n = self.eigenvectors_.shape[1]
        if not isinstance(k, numbers.Integral) or not 0 <= k < n:
            raise ValueError(f"k must be an integer in [0, {n}), got {k!r}.")
        if side not in ("positive", "negative"):
            raise ValueError(f"side must be 'positive' or 'negative', got {side!r}.")
        v = self.eigenvectors_[:, k]
        order = np.argsort(-v if side == "positive" else v, kind="stable")[:topn]
        return [(str(self.words_[i]), float(v[i])) for i in order]
