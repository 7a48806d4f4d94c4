"""QWEM trained by gradient descent on its quartic loss, as a scikit-learn estimator.

:class:`QWEMGradientEmbedding` learns the same target as
:class:`~skw2v.QWEMEmbedding` (whose closed form needs no training) but by
minibatch gradient descent from a small initialisation, keeping a training
history: the learning dynamics the paper solves in closed form
(:mod:`skw2v.dynamics`). The arithmetic is in :mod:`._qwem_gradient_job`, the
loop in :mod:`._trainer` (shared with :class:`~skw2v.SGNSEmbedding`).
"""

import numbers

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, _fit_context
from joblib import effective_n_jobs
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import StrOptions

from .._sparse import canonical_csr
from .._threads import numba_threads
from .._validation import Integers, Reals, check_allocation, check_power
from ..linalg import fix_signs
from ..statistics import qwem_distributions
from ._base import EmbeddingMixin
from ._tags import cooccurrence_input_tags
from ._qwem_gradient_job import MODES, QWEMGradientJob, extreme_eigenvalue, growth_operator
from ._qwem_gradient_job import auto_learning_rate as _auto_learning_rate
from ._trainer import Trainer

__all__ = ["QWEMGradientEmbedding", "fit_qwem_gradient", "qwem_auto_learning_rate",
           "qwem_growth_rate"]


class QWEMGradientEmbedding(EmbeddingMixin, BaseEstimator):
    """QWEM word embeddings trained by gradient descent, with a training history.

    Minimises QWEM's quartic loss, per positive pair ``-s + s^2/4`` and per
    negative pair ``s + s^2/4`` with ``s = w_i . w_j`` (one tied embedding W),
    by minibatch SGD on pairs drawn from the co-occurrence distribution P and
    the negative distribution ``Q = negative * q q^T``. With
    ``reweighting="exact"`` the expected loss is ``Z/4 ||W W^T - M*||_F^2`` +
    const, so training converges to :class:`~skw2v.QWEMEmbedding`'s closed
    form, learning M*'s eigendirections one at a time from a small
    initialisation, as :class:`skw2v.dynamics.GradientFlowTheory` predicts.
    Use it to study those dynamics; for the embedding alone the closed form is
    faster and exact.

    Parameters
    ----------
    n_components : int, default=100
        Embedding dimension d; ``n_components + n_oversamples`` must not
        exceed the vocabulary size.
    negative : float, default=5
        k, negative pairs per positive pair. Sampled pairs need a whole number
        (``sampling="sparse"`` and ``gradient="expected"`` accept any k > 0).
    ns_exponent : float, default=0.5
        q is proportional to ``count ** ns_exponent`` (as for QWEMEmbedding).
    unigram : {"auto", "counts", "marginals"}, default="auto"
        Counts q is built from (as for QWEMEmbedding).
    reweighting : {"none", "frequency", "exact"}, default="exact"
        Pair weights: 1; ``1 / (V q_i * V q_j)``; or ``Z / (P_ij + Q_ij)`` with
        ``Z = (1 + k) / V^2`` (an unweighted factorisation of M*, whose
        dynamics the theory predicts).
    init_scale : float, default=1e-3
        Initial word vectors have entries of standard deviation
        ``init_scale / sqrt(d)`` (norm about ``init_scale``); small scales give
        the stepwise, one-direction-at-a-time learning.
    learning_rate : float or "auto", default="auto"
        Step size *per pair* (a batch's summed gradient is applied), so the
        expected update per batch is ``learning_rate * batch_size * grad L``.
        "auto": ``0.1 / (batch_size * mu)`` with ``mu`` from
        :func:`qwem_growth_rate` (the top singular value grows by 10 % per
        batch), lowered if needed so that the most negative direction of M*
        stays stable.
    lr_schedule : {"constant", "linear", "cosine", "constant_then_linear"}, default="constant"
        Decay of the learning rate over the steps (to 1e-4 of it at the end);
        "constant_then_linear" keeps it constant for the first two thirds
        (where the theory's step times apply), then decays it linearly, which
        removes most of the SGD noise from the final embedding.
    n_steps : int, default=1000
        Minibatch updates; ``n_steps * batch_size`` positive pairs in all.
    batch_size : int, default=10000
        Positive pairs per update (each with ``negative`` negative pairs).
    gradient : {"sampled", "expected"}, default="sampled"
        "expected" replaces each batch's sampled gradient by its expectation:
        deterministic gradient descent, the noise-free version of the run.
    sampling : {"auto", "pairs", "uniform", "sparse"}, default="auto"
        "pairs" draws positive pairs from P and negative pairs from Q, as
        word2vec and the paper's code do. "uniform" (exact reweighting only)
        draws ``1 + k`` pairs uniformly over all word pairs: the same expected
        gradient with bounded per-pair terms (the exact weights are
        heavy-tailed on real corpora and can make "pairs" diverge). "sparse"
        (exact only) computes the dense low-rank part of the gradient,
        ``Z (W W^T W + 2 1 1^T W)``, in full each batch and samples only its
        sparse part ``-Z S W`` (``S = M* + 2``), one co-occurring pair per
        positive pair drawn in proportion to ``S_ij``: the least noisy on
        corpus statistics. "auto": "sparse" for the exact reweighting when
        fewer than half the word pairs co-occur, else "uniform"; "pairs" for
        the other reweightings.
    snapshot_steps : int or array-like, default=50
        Evenly spaced snapshots (including step 0 and the end), or the steps
        (in positive pairs) to take them at (plus one at the end); a snapshot
        lands on the first minibatch boundary at or after its step.
    n_singular_values : int, default=10
        Top singular values of W recorded at each snapshot.
    record_embeddings : bool, default=False
        Keep a float32 copy of W at each snapshot.
    callback : callable, default=None
        ``callback(estimator, step, embedding)`` at each snapshot with the live
        W (read it, do not write); returning True stops training and keeps the
        model.
    n_oversamples : int, default=0
        Train ``n_components + n_oversamples`` directions and keep the top
        ``n_components`` singular directions. Gradient descent separates two
        eigendirections at a rate set by their gap, and past the first few
        dozen the spectrum of M* is flat (on the bundled sample lambda_100 and
        lambda_200 differ by 12 %), so a rank-d model ends with directions
        just beyond d mixed into its own. With room beyond d the top d are
        learned cleanly: on the sample (d = 100) the energy outside the top-100
        eigenvectors was 8.8 % without, 5.2 % with 50 extra directions, and
        1.9 % with 50 extra and a 5 times larger ``batch_size``. The history
        describes the larger model.
    random_state : int, RandomState instance or None, default=None
        Initialisation and the pairs drawn.
    n_jobs : int, default=None
        numba threads of the training kernels (see :mod:`skw2v.estimators`,
        "n_jobs"). The pairs drawn do not depend on it; the summation order
        of a batch's gradient does.
    verbose : int, default=0
        Progress bar (tqdm, if installed).

    Attributes
    ----------
    embedding_ : ndarray of float32 of shape (V, n_components)
        The trained W (with ``n_oversamples``, its top singular directions).
    words_ : ndarray of object of shape (V,)
    vocabulary_ : dict of str -> int
    singular_values_ : ndarray of float64 of shape (n_components,)
        Top singular values of the trained W, decreasing; their squares
        estimate the top eigenvalues of M* (``QWEMEmbedding.eigenvalues_``).
    singular_vectors_ : ndarray of float64 of shape (V, n_components)
        The left singular vectors (orthonormal, each column's largest entry
        positive): estimates of ``QWEMEmbedding.eigenvectors_``.
    history_ : dict
        ``"step"``, ``"loss"`` (mean per positive pair since the previous
        record), ``"snapshot_step"``, ``"singular_values"``, optionally
        ``"embeddings"``, plus ``"flow_step"`` and ``"snapshot_flow_step"``
        (the steps at the initial learning rate covering the same
        gradient-flow time: evaluate the theory there when the rate decays),
        ``"learning_rate"`` (per pair, at step 0), ``"loss_scale"`` (Z for the
        exact reweighting, else NaN) and ``"initial_value"`` (``init_scale**2``).
    n_pairs_ : int
        Positive pairs trained on.
    interrupted_ : bool
        Training stopped early (``KeyboardInterrupt`` or the callback).
    training_time_ : float
        Seconds in the training loop.
    n_features_in_ : int

    See Also
    --------
    QWEMEmbedding : the same target in closed form (no training).
    SGNSEmbedding : word2vec, trained by the same loop.

    Examples
    --------
    >>> import numpy as np
    >>> from skw2v import QWEMGradientEmbedding
    >>> rng = np.random.default_rng(0)
    >>> C = rng.poisson(5.0, size=(40, 40)); X = C + C.T
    >>> words = [f"w{i}" for i in range(40)]
    >>> emb = QWEMGradientEmbedding(3, negative=1, n_steps=100, batch_size=2000,
    ...                             random_state=0).fit(X, vocabulary=words)
    >>> emb.embedding_.shape, emb.history_["singular_values"].shape
    ((40, 3), (50, 3))
    """

    _parameter_constraints = {
        "n_components": [Integers(1, None, closed="left")],
        "negative": [Reals(0, None, closed="neither")],
        "ns_exponent": [Reals(None, None, closed="neither")],
        "unigram": [StrOptions({"auto", "counts", "marginals"})],
        "reweighting": [StrOptions(set(MODES))],
        "init_scale": [Reals(0, None, closed="neither")],
        "learning_rate": [Reals(0, None, closed="neither"),
                          StrOptions({"auto"})],
        "lr_schedule": [StrOptions({"constant", "linear", "cosine",
                                    "constant_then_linear"})],
        "n_steps": [Integers(1, None, closed="left")],
        "batch_size": [Integers(1, None, closed="left")],
        "gradient": [StrOptions({"sampled", "expected"})],
        "sampling": [StrOptions({"auto", "pairs", "uniform", "sparse"})],
        "snapshot_steps": [Integers(2, None, closed="left"),
                           "array-like"],
        "n_singular_values": [Integers(1, None, closed="left")],
        "record_embeddings": ["boolean"],
        "callback": [callable, None],
        "n_oversamples": [Integers(0, None, closed="left")],
        "random_state": ["random_state"],
        "n_jobs": [Integers(None, None, closed="neither"), None],
        "verbose": ["verbose"],
    }

    def __init__(self, n_components=100, *, negative=5, ns_exponent=0.5, unigram="auto",
                 reweighting="exact", init_scale=1e-3, learning_rate="auto",
                 lr_schedule="constant", n_steps=1000, batch_size=10_000,
                 gradient="sampled", sampling="auto", snapshot_steps=50,
                 n_singular_values=10, record_embeddings=False, callback=None,
                 n_oversamples=0, random_state=None, n_jobs=None, verbose=0):
        self.n_components = n_components
        self.negative = negative
        self.ns_exponent = ns_exponent
        self.unigram = unigram
        self.reweighting = reweighting
        self.init_scale = init_scale
        self.learning_rate = learning_rate
        self.lr_schedule = lr_schedule
        self.n_steps = n_steps
        self.batch_size = batch_size
        self.gradient = gradient
        self.sampling = sampling
        self.snapshot_steps = snapshot_steps
        self.n_singular_values = n_singular_values
        self.record_embeddings = record_embeddings
        self.callback = callback
        self.n_oversamples = n_oversamples
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.verbose = verbose

    _nonfinite_advice = "lower learning_rate or init_scale"

    def __sklearn_tags__(self):
        return cooccurrence_input_tags(super().__sklearn_tags__())

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, vocabulary=None):
        """Train the embedding on a co-occurrence matrix.

        Parameters
        ----------
        X : CooccurrenceMatrix or sparse matrix / ndarray of shape (V, V)
            Symmetric non-negative co-occurrence counts.
        y : None
            Ignored.
        vocabulary : sequence of str or dict, default=None
            The word of each row, required when X carries no words.

        Returns
        -------
        self
        """
        A, words, counts = self._check_cooccurrence(X, vocabulary)
        # A word that co-occurs with nothing has M* 0/0: trained without it, zero vector.
        A, counts, present = self._drop_absent(A, words, counts, check_rank=False)
        check_power(counts if counts is not None and self.unigram != "marginals"
                    else A.sum(axis=1), self.ns_exponent, "ns_exponent")
        P, q = qwem_distributions(A, counts, ns_exponent=self.ns_exponent,
                                  unigram=self.unigram, copy=False)  # A is our own copy
        d, V = self.n_components, P.shape[0]
        if d + self.n_oversamples > V:
            raise ValueError(
                f"n_components + n_oversamples ({d} + {self.n_oversamples}) must not exceed "
                f"the number of words that co-occur, V={V}: lower n_oversamples."
            )
        W, history, (interrupted, n_pairs, seconds) = _train(
            self, P, q, d + self.n_oversamples, check_random_state(self.random_state))
        U, s, _ = np.linalg.svd(np.asarray(W, dtype=np.float64), full_matrices=False)
        U, s = fix_signs(U[:, :d]), s[:d]
        if self.n_oversamples:
            W = (U * s).astype(np.float32)  # the top d singular directions
        return self._set_fitted(
            words, self._scatter_rows(W, present), singular_values_=s,
            singular_vectors_=self._scatter_rows(U, present), history_=history,
            interrupted_=interrupted, n_pairs_=n_pairs, training_time_=seconds)


def _train(est, P, q, n_components, rng, *, init=None, log_every=None, owner=None):
    """Train W (V x n_components) on canonical P, q summing to 1; see fit_qwem_gradient."""
    V = P.shape[0]
    check_allocation(8 * est.n_steps, f"The learning-rate schedule of n_steps={est.n_steps}",
                     "lower n_steps (or raise batch_size)")
    check_allocation(8 * V * n_components * (2 + effective_n_jobs(est.n_jobs)),
                     f"The weights and gradient buffers of V={V} x {n_components}",
                     "lower n_components (or n_jobs)")
    seed = int(rng.randint(np.iinfo(np.int32).max))
    if init is None:
        W = rng.standard_normal((V, n_components)) * (est.init_scale / np.sqrt(n_components))
        u0 = float(est.init_scale) ** 2
    else:
        W = np.array(init, dtype=np.float64)
        if W.shape != (V, n_components):
            raise ValueError(
                f"init must have shape (V, n_components) = {(V, n_components)}, got {W.shape}."
            )
        if not np.all(np.isfinite(W)):
            raise ValueError("init contains NaN or infinite values.")
        u0 = float(np.mean(np.sum(W**2, axis=1)))
    lr = est.learning_rate
    if isinstance(lr, str):  # "auto"
        lr = _auto_learning_rate(P, q, est.negative, MODES[est.reweighting], est.batch_size)
    log_every = max(1, est.n_steps // 200) if log_every is None else log_every
    with numba_threads(est.n_jobs) as n_threads:
        job = QWEMGradientJob(P, q, est, W, learning_rate=float(lr), log_every=log_every,
                              seed=seed, n_threads=n_threads)
        trainer = Trainer(
            job, name=type(est).__name__, snapshot_steps=est.snapshot_steps,
            n_singular_values=est.n_singular_values,
            record_embeddings=est.record_embeddings, callback=est.callback,
            callback_owner=est if owner is None else owner,
            log_every=log_every * est.batch_size, verbose=est.verbose)
        history, interrupted, n_pairs, seconds = trainer.run()
    history["flow_step"] = job.flow_steps(history["step"])
    history["snapshot_flow_step"] = job.flow_steps(history["snapshot_step"])
    history.update(learning_rate=float(lr), loss_scale=job.loss_scale, initial_value=u0)
    return (np.ascontiguousarray(job.W, dtype=np.float32), history,
            (interrupted, n_pairs, seconds))


def _check_distributions(P, q, negative, reweighting="exact"):
    """P (canonical CSR summing to 1), q (summing to 1) and the reweighting's mode."""
    if reweighting not in MODES:
        raise ValueError(f"reweighting must be one of {sorted(MODES)}, got {reweighting!r}.")
    if not sp.issparse(P):
        raise TypeError(f"P must be a scipy sparse matrix, got {type(P).__name__}.")
    P = canonical_csr(P)
    if P.shape[0] != P.shape[1]:
        raise ValueError(f"P must be square, got shape {P.shape}.")
    if P.nnz == 0:
        raise ValueError("P has no non-zero entries: there are no positive pairs to train on.")
    if not np.all(np.isfinite(P.data)) or np.any(P.data < 0):
        raise ValueError("P must be finite and non-negative.")
    V = P.shape[0]
    q = np.asarray(q, dtype=np.float64)
    if q.shape != (V,):
        raise ValueError(f"q must have shape ({V},) to match P, got {q.shape}.")
    if not np.all(np.isfinite(q)) or np.any(q < 0) or q.sum() <= 0:
        raise ValueError("q must be finite, non-negative and not all zero.")
    if not isinstance(negative, numbers.Real) or not np.isfinite(negative) or negative <= 0:
        raise ValueError(f"negative must be a number > 0, got {negative!r}.")
    return P / P.sum(), q / q.sum(), MODES[reweighting]


def fit_qwem_gradient(P, q, *, init=None, log_every=None, estimator=None, **params):
    """Train QWEM by gradient descent on given distributions P and q (no estimator).

    What :class:`QWEMGradientEmbedding` does after building P and q from a
    co-occurrence matrix, for studies that set P and q themselves (e.g.
    :func:`skw2v.dynamics.planted_cooccurrence`).

    Parameters
    ----------
    P : sparse matrix of shape (V, V)
        Symmetric positive-pair distribution (normalised to sum 1 here).
    q : array-like of shape (V,)
        Word distribution of the negative pairs: ``Q = negative * q q^T``.
    init : ndarray of shape (V, n_components), default=None
        Starting embedding instead of the random one of ``init_scale``.
    log_every : int, default=None
        Minibatches per loss record (default about 200 records).
    estimator : object, default=None
        First argument of ``callback``.
    **params
        Any parameter of :class:`QWEMGradientEmbedding` but ``ns_exponent``,
        ``unigram`` and ``n_oversamples`` (P and q are given; here
        ``n_components`` is the trained dimension, at most V).

    Returns
    -------
    W : ndarray of float32 of shape (V, n_components)
    history : dict
        As ``QWEMGradientEmbedding.history_``.

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sp
    >>> rng = np.random.default_rng(0)
    >>> C = rng.poisson(3.0, size=(30, 30)); C = C + C.T
    >>> P = sp.csr_array(C / C.sum()); q = C.sum(1) / C.sum()
    >>> W, hist = fit_qwem_gradient(P, q, negative=1, n_components=3, n_steps=50,
    ...                             batch_size=500, random_state=0)
    >>> W.shape, hist["singular_values"].shape
    ((30, 3), (50, 3))
    """
    unknown = {"ns_exponent", "unigram", "n_oversamples"} & set(params)
    if unknown:
        raise TypeError(f"fit_qwem_gradient takes P and q directly: {sorted(unknown)} "
                        "do not apply (use QWEMGradientEmbedding on counts).")
    est = QWEMGradientEmbedding(**params)
    est._validate_params()
    if log_every is not None and (not isinstance(log_every, numbers.Integral) or log_every < 1):
        raise ValueError(f"log_every must be a positive integer, got {log_every!r}.")
    P, q, _ = _check_distributions(P, q, est.negative, est.reweighting)
    if est.n_components > P.shape[0]:
        raise ValueError(
            f"n_components({est.n_components}) must be at most the vocabulary size "
            f"V={P.shape[0]}."
        )
    W, history, _ = _train(est, P, q, est.n_components, check_random_state(est.random_state),
                           init=init, log_every=log_every, owner=estimator)
    return W, history


def qwem_growth_rate(P, q, *, negative, reweighting="exact"):
    """Top eigenvalue ``mu`` of ``2 r o (P - Q)``: how fast the first direction grows.

    From a small initialisation the embedding's leading singular value grows
    like ``exp(learning_rate * mu * t)`` (t in positive pairs). For
    ``reweighting="exact"``, ``mu = Z * lambda_1(M*)``.

    Parameters
    ----------
    P : sparse matrix of shape (V, V)
        Positive-pair distribution (normalised here).
    q : array-like of shape (V,)
        Negative marginal (normalised here).
    negative : float
    reweighting : {"none", "frequency", "exact"}, default="exact"

    Returns
    -------
    float
    """
    P, q, mode = _check_distributions(P, q, negative, reweighting)
    return extreme_eigenvalue(growth_operator(P, q, negative, mode), "LA")


def qwem_auto_learning_rate(P, q, *, negative, batch_size, reweighting="exact"):
    """The per-pair learning rate ``learning_rate="auto"`` picks.

    ``0.1 / (batch_size * mu)`` with ``mu`` from :func:`qwem_growth_rate` (the
    top singular value grows by 10 % per batch), lowered if needed to
    ``1 / (batch_size * |mu_min|)`` so that the most negative direction stays
    stable. For planning a run with :class:`skw2v.dynamics.GradientFlowTheory`.

    Parameters are those of :func:`qwem_growth_rate`, plus ``batch_size``
    (int, positive pairs per update).

    Returns
    -------
    float
    """
    if not isinstance(batch_size, numbers.Integral) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}.")
    P, q, mode = _check_distributions(P, q, negative, reweighting)
    return _auto_learning_rate(P, q, negative, mode, batch_size)
