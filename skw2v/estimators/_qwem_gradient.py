"""QWEM trained by gradient descent on its quartic loss (the engine behind
``QWEMEmbedding(solver="gradient")``).

The loss per positive pair is ``-s + s^2/4`` and per negative pair
``s + s^2/4`` with ``s = w_i . w_j`` (tied weights); positive pairs are drawn
from P, negative pairs from ``Q = negative * q q^T``. The reweightings follow the
paper's code: ``"none"``, ``"frequency"`` (``r_ij = 1 / (V q_i * V q_j)``) and
``"exact"`` (``r_ij = Z / (P_ij + Q_ij)``, ``Z = (1 + negative) / V^2``) which
turns the expected loss into ``Z/4 ||W W^T - M*||_F^2`` + const, the setting of
:class:`skw2v.dynamics.GradientFlowTheory`.
"""

import numbers
import time

import numpy as np
import scipy.sparse as sp
from joblib import effective_n_jobs
from scipy.sparse.linalg import LinearOperator, eigsh
from sklearn.utils import check_random_state
from threadpoolctl import threadpool_limits

from ..kernels.qwem_sgd import (
    MODE_EXACT,
    MODE_FREQUENCY,
    MODE_EXACT_SPARSE,
    MODE_EXACT_UNIFORM,
    MODE_NONE,
    expected_gradient_sparse,
    sgd_batches,
    sgd_batches_serial,
)
from ..kernels.sampling import build_alias_table
from ._base import TrainingDivergedError

__all__ = ["fit_qwem_gradient", "qwem_growth_rate"]

_MODES = {"none": MODE_NONE, "frequency": MODE_FREQUENCY, "exact": MODE_EXACT}
_SCHEDULES = ("constant", "linear", "cosine", "constant_then_linear")
# learning_rate="auto" makes the top direction grow by this factor - 1 per batch.
_AUTO_GROWTH = 0.1


def _check_inputs(P, q, negative, n_components):
    if not sp.issparse(P):
        raise TypeError(f"P must be a scipy sparse matrix, got {type(P).__name__}.")
    P = sp.csr_array(P, dtype=np.float64)
    if P.shape[0] != P.shape[1]:
        raise ValueError(f"P must be square, got shape {P.shape}.")
    P.sum_duplicates()
    P.sort_indices()
    P.eliminate_zeros()
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
    if not isinstance(n_components, numbers.Integral) or not 1 <= n_components <= V:
        raise ValueError(f"n_components({n_components}) must be an integer in [1, V={V}].")
    P = P / P.sum()
    q = q / q.sum()
    return P, q


def _pair_weights(mode, P, q, negative):
    """(a, scale) of the reweighting; see :mod:`skw2v.kernels.qwem_sgd`."""
    V = P.shape[0]
    if mode == MODE_FREQUENCY:
        rows_used = np.diff(P.indptr) > 0
        if np.any((q == 0) & rows_used):
            raise ValueError(
                'reweighting="frequency" divides by q: q must be > 0 for every word that '
                "co-occurs (pass unigram frequencies, or use reweighting='exact')."
            )
        with np.errstate(divide="ignore"):
            a = np.where(q > 0, 1.0 / (V * q), 0.0)
        return a, 1.0
    a = np.ones(V)
    scale = (1.0 + negative) / V**2 if mode == MODE_EXACT else 1.0
    return a, scale


def _growth_operator(P, q, negative, mode):
    """``2 r o (P - Q)`` as a LinearOperator (for exact: ``Z M*``)."""
    a, scale = _pair_weights(mode, P, q, negative)
    V = P.shape[0]
    if mode == MODE_EXACT:
        Pq = P.tocoo()
        qq = negative * q[Pq.row] * q[Pq.col]
        S = sp.csr_array((4.0 * Pq.data / (Pq.data + qq), (Pq.row, Pq.col)), shape=P.shape)

        def matvec(x):
            x = np.ravel(x)
            return scale * (S @ x - 2.0 * x.sum())

    else:
        qa = q * a

        def matvec(x):
            x = np.ravel(x)
            return 2.0 * a * (P @ (a * x)) - 2.0 * negative * qa * (qa @ x)

    return LinearOperator((V, V), matvec=matvec, dtype=np.float64)


def _extreme_eigenvalue(op, which):
    V = op.shape[0]
    if V <= 3:
        dense = op @ np.eye(V)
        w = np.linalg.eigvalsh((dense + dense.T) / 2)
        return float(w[-1] if which == "LA" else w[0])
    v0 = np.full(V, 1.0 / np.sqrt(V))
    return float(eigsh(op, k=1, which=which, v0=v0, tol=1e-4, return_eigenvectors=False)[0])


def qwem_growth_rate(P, q, *, negative, reweighting="exact"):
    """Top eigenvalue ``mu`` of ``2 r o (P - Q)``: how fast the first direction grows.

    From a small initialisation the embedding's leading singular value grows
    like ``exp(learning_rate * mu * t)`` (t in positive pairs). For
    ``reweighting="exact"``, ``mu = Z * lambda_1(M*)``.
    """
    P, q = _check_inputs(P, q, negative, 1)
    return _extreme_eigenvalue(_growth_operator(P, q, negative, _MODES[reweighting]), "LA")


def _auto_learning_rate(P, q, negative, mode, batch_size):
    """Top direction grows by 10 % per batch; the most negative one stays stable.

    The most negative eigenvalue (for M*, about -2 V times the fraction of
    pairs never seen, from the constant -2) can be many times the top one;
    gradient descent overshoots along it once ``lr * batch_size * |mu_min| > 2``.
    """
    op = _growth_operator(P, q, negative, mode)
    mu = _extreme_eigenvalue(op, "LA")
    if not mu > 0:
        raise ValueError(
            "The positive-pair statistics have no direction to learn (the growth "
            f"rate is {mu:.3g} <= 0): P is no more concentrated than Q."
        )
    mu_min = _extreme_eigenvalue(op, "SA")
    return min(_AUTO_GROWTH / (batch_size * mu), 1.0 / (batch_size * max(-mu_min, 1e-300)))


def _schedule(kind, learning_rate, n_steps, min_fraction=1e-4):
    frac = np.arange(n_steps) / max(n_steps, 1)
    if kind == "constant":
        mult = np.ones(n_steps)
    elif kind == "linear":
        mult = np.maximum(1.0 - frac, min_fraction)
    elif kind == "constant_then_linear":
        # constant while the directions are learned, then anneal the noise away
        mult = np.clip(3.0 * (1.0 - frac), min_fraction, 1.0)
    else:
        mult = np.maximum(0.5 * (1.0 + np.cos(np.pi * frac)), min_fraction)
    return learning_rate * mult


def _snapshot_batches(snapshot_steps, n_steps, batch_size):
    if isinstance(snapshot_steps, numbers.Integral):
        if snapshot_steps < 2:
            raise ValueError(f"snapshot_steps as a count must be >= 2, got {snapshot_steps}.")
        return np.unique(np.linspace(0, n_steps, snapshot_steps).round().astype(np.int64))
    at = np.asarray(snapshot_steps, dtype=np.float64)
    if at.ndim != 1 or np.any(at < 0) or not np.all(np.isfinite(at)):
        raise ValueError("snapshot_steps must be an int or a 1-d array of steps >= 0.")
    # Steps are positive pairs; snapshots happen between batches.
    return np.unique(np.clip(np.round(at / batch_size), 0, n_steps).astype(np.int64))


class _ExpectedGradient:
    """Full-batch gradient of the expected loss per positive pair."""

    def __init__(self, P, q, negative, mode, a, scale):
        self.exact = mode == MODE_EXACT
        self.scale = scale
        self.negative = negative
        self.qa = q * a
        if self.exact:
            Pq = P.tocoo()
            qq = negative * q[Pq.row] * q[Pq.col]
            data = 4.0 * Pq.data / (Pq.data + qq)
            self.a = a
        else:
            data = P.data
            self.a = a
        self.csr = (P.indptr.astype(np.int64), P.indices.astype(np.int32),
                    np.ascontiguousarray(data, dtype=np.float64))

    def __call__(self, W):
        grad, loss = expected_gradient_sparse(W, self.csr, self.scale, self.a, self.exact)
        if self.exact:
            gram = W.T @ W
            colsum = W.sum(axis=0)
            grad += self.scale * (W @ gram + 2.0 * colsum[None, :])
            loss += 0.25 * self.scale * (np.sum(gram**2) + 4.0 * colsum @ colsum)
        else:
            m = self.qa @ W
            C = (W * self.qa[:, None]).T @ W
            grad += 2.0 * self.negative * self.qa[:, None] * (m[None, :] + 0.5 * W @ C)
            loss += self.negative * (m @ m + 0.25 * np.sum(C**2))
        return grad, loss


def fit_qwem_gradient(
    P,
    q,
    *,
    negative=1,
    n_components=100,
    reweighting="exact",
    init=None,
    init_scale=1e-3,
    learning_rate="auto",
    lr_schedule="constant",
    n_steps=1000,
    batch_size=10_000,
    gradient="sampled",
    sampling="auto",
    log_every=None,
    snapshot_steps=50,
    n_singular_values=10,
    record_embeddings=False,
    callback=None,
    estimator=None,
    random_state=None,
    n_jobs=None,
    verbose=0,
):
    """Minimise QWEM's quartic loss by minibatch SGD on sampled pairs.

    Parameters
    ----------
    P : sparse matrix of shape (V, V)
        Symmetric positive-pair distribution (normalised to sum 1 here).
    q : array-like of shape (V,)
        Word distribution of the negative pairs: ``Q = negative * q q^T``.
    negative : float, default=1
        Negative pairs per positive pair (k); sampled pairs need a whole number.
    n_components : int, default=100
        Embedding dimension d.
    reweighting : {"none", "frequency", "exact"}, default="exact"
        Pair weights: 1; ``1 / (V q_i * V q_j)``; or ``Z / (P_ij + Q_ij)`` with
        ``Z = (1 + k) / V^2`` (an unweighted factorisation of M*, whose
        dynamics :class:`skw2v.dynamics.GradientFlowTheory` predicts).
    init : ndarray of shape (V, n_components), optional
        Starting embedding; default Gaussian entries of standard deviation
        ``init_scale / sqrt(n_components)`` (so each word vector has norm
        about ``init_scale``).
    init_scale : float, default=1e-3
        Small scales give the stepwise, one-direction-at-a-time learning.
    learning_rate : float or "auto", default="auto"
        Step size *per pair* (a batch's summed gradient is applied), so the
        expected update per batch is ``learning_rate * batch_size * grad L``
        with L the loss per positive pair. "auto" picks
        ``0.1 / (batch_size * mu)`` with ``mu`` from :func:`qwem_growth_rate`
        (the top singular value grows by 10 % per batch), lowered if needed so
        that the most negative direction of M* stays stable.
    lr_schedule : {"constant", "linear", "cosine", "constant_then_linear"}, default="constant"
        Decay of the learning rate over the steps (to 1e-4 of it at the end);
        "constant_then_linear" keeps it constant for the first two thirds
        (where the theory's step times apply) and then decays it linearly,
        which removes most of the SGD noise from the final embedding.
    n_steps : int, default=1000
        Number of minibatch updates; ``n_steps * batch_size`` positive pairs.
    batch_size : int, default=10000
        Positive pairs per update (each with ``negative`` negative pairs).
    gradient : {"sampled", "expected"}, default="sampled"
        "expected" replaces each batch's sampled gradient by its expectation,
        ``batch_size`` times the full-batch gradient of L: deterministic
        gradient descent, the noise-free version of the same run.
    sampling : {"auto", "pairs", "uniform"}, default="auto"
        "pairs" draws positive pairs from P and negative pairs from Q, as
        word2vec and the paper's code do. "uniform" (only with
        ``reweighting="exact"``) draws ``1 + negative`` pairs uniformly over all
        word pairs instead: the same expected loss and gradient, with bounded
        per-pair terms where the exact weights ``Z / (P_ij + Q_ij)`` are
        heavy-tailed on real corpora (rare pairs get huge weights), which can
        make "pairs" diverge. "sparse" (exact only) computes the dense
        low-rank part of the exact gradient, ``Z (W W^T W + 2 1 1^T W)``, in
        full each batch (``O(V d^2)``) and samples only its sparse part,
        ``-Z S W`` with ``S = M* + 2``, one co-occurring pair per positive pair
        drawn in proportion to ``S_ij``. On corpus statistics, where most word
        pairs never co-occur, "sparse" is the least noisy of the three; on a
        dense P "uniform" is. "auto" picks "sparse" for the exact reweighting
        when fewer than half the word pairs co-occur, "uniform" for the
        exact reweighting otherwise, and "pairs" for the other reweightings.
    log_every : int, optional
        Record the mean loss every this many updates (default about 200 records).
    snapshot_steps : int or array-like, default=50
        Number of evenly spaced snapshots (including the first and last), or
        the steps (in positive pairs) at which to take them.
    n_singular_values : int, default=10
        Top singular values recorded at each snapshot.
    record_embeddings : bool, default=False
        Keep a float32 copy of the embedding at each snapshot.
    callback : callable, optional
        ``callback(estimator, step, embedding)`` at each snapshot; returning
        True stops training.
    estimator : object, optional
        Passed as the first argument of ``callback``.
    random_state : int, RandomState instance or None, default=None
    n_jobs : int, default=None
        Threads for the kernels (-1: all cores).
    verbose : int, default=0

    Returns
    -------
    W : ndarray of float32 of shape (V, n_components)
    history : dict of arrays
        ``"step"``, ``"loss"``, ``"snapshot_step"``, ``"singular_values"``,
        optionally ``"embeddings"``, plus ``"flow_step"`` and
        ``"snapshot_flow_step"`` (the steps at the initial learning rate that
        cover the same gradient-flow time: evaluate the theory there when the
        rate decays), ``"learning_rate"`` (per pair, at step 0),
        ``"loss_scale"`` (Z for the exact reweighting, else NaN) and
        ``"initial_value"`` (``init_scale**2``, or the init's mean squared row norm).

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sp
    >>> rng = np.random.default_rng(0)
    >>> C = rng.poisson(3.0, size=(30, 30)); C = C + C.T
    >>> P = sp.csr_array(C / C.sum()); q = C.sum(1) / C.sum()
    >>> W, hist = fit_qwem_gradient(P, q, n_components=3, n_steps=50,
    ...                             batch_size=500, random_state=0)
    >>> W.shape, hist["singular_values"].shape
    ((30, 3), (50, 3))
    """
    P, q = _check_inputs(P, q, negative, n_components)
    if reweighting not in _MODES:
        raise ValueError(f"reweighting must be one of {sorted(_MODES)}, got {reweighting!r}.")
    if lr_schedule not in _SCHEDULES:
        raise ValueError(f"lr_schedule must be one of {_SCHEDULES}, got {lr_schedule!r}.")
    if sampling not in ("auto", "pairs", "uniform", "sparse"):
        raise ValueError(
            f"sampling must be 'auto', 'pairs', 'uniform' or 'sparse', got {sampling!r}."
        )
    if sampling == "auto":
        if reweighting != "exact":
            sampling = "pairs"
        else:
            sampling = "sparse" if P.nnz < 0.5 * float(P.shape[0]) ** 2 else "uniform"
    if sampling in ("uniform", "sparse") and reweighting != "exact":
        raise ValueError(
            f"sampling={sampling!r} estimates the exactly reweighted loss only: use it with "
            f"reweighting='exact' (got reweighting={reweighting!r})."
        )
    if gradient not in ("sampled", "expected"):
        raise ValueError(f"gradient must be 'sampled' or 'expected', got {gradient!r}.")
    for value, name in ((n_steps, "n_steps"), (batch_size, "batch_size"),
                        (n_singular_values, "n_singular_values")):
        if not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}.")
    if log_every is not None and (not isinstance(log_every, numbers.Integral) or log_every < 1):
        raise ValueError(f"log_every must be a positive integer, got {log_every!r}.")
    if callback is not None and not callable(callback):
        raise TypeError("callback must be callable: callback(estimator, step, embedding).")
    V = P.shape[0]
    d = n_components
    mode = _MODES[reweighting]
    a, scale = _pair_weights(mode, P, q, negative)
    rng = check_random_state(random_state)
    seed = int(rng.randint(np.iinfo(np.int32).max))

    if init is None:
        if not isinstance(init_scale, numbers.Real) or not init_scale > 0:
            raise ValueError(f"init_scale must be > 0, got {init_scale!r}.")
        W = (rng.standard_normal((V, d)) * (init_scale / np.sqrt(d)))
        u0 = float(init_scale) ** 2
    else:
        W = np.array(init, dtype=np.float64)
        if W.shape != (V, d):
            raise ValueError(f"init must have shape (V, n_components) = {(V, d)}, got {W.shape}.")
        if not np.all(np.isfinite(W)):
            raise ValueError("init contains NaN or infinite values.")
        u0 = float(np.mean(np.sum(W**2, axis=1)))

    if isinstance(learning_rate, str) and learning_rate == "auto":
        learning_rate = _auto_learning_rate(P, q, negative, mode, batch_size)
    elif not isinstance(learning_rate, numbers.Real) or not learning_rate > 0:
        raise ValueError(f"learning_rate must be > 0 or 'auto', got {learning_rate!r}.")
    lrs = _schedule(lr_schedule, float(learning_rate), n_steps)
    # steps at the initial rate that give the same gradient-flow time
    flow = np.concatenate([[0.0], np.cumsum(lrs)]) * (batch_size / lrs[0])

    snaps = _snapshot_batches(snapshot_steps, n_steps, batch_size)
    log_every = max(1, n_steps // 200) if log_every is None else log_every
    logs = np.arange(log_every, n_steps + 1, log_every)
    if logs.size == 0 or logs[-1] != n_steps:
        logs = np.append(logs, n_steps)
    events = np.unique(np.concatenate([snaps, logs]))

    n_threads = max(1, min(effective_n_jobs(n_jobs), _numba_max_threads()))
    if gradient == "sampled":
        W = np.ascontiguousarray(W, dtype=np.float32)
        rows = np.repeat(np.arange(V, dtype=np.int32), np.diff(P.indptr))
        kernel_mode = {"uniform": MODE_EXACT_UNIFORM, "sparse": MODE_EXACT_SPARSE}.get(
            sampling, mode)
        z = float(scale)
        if kernel_mode == MODE_EXACT_SPARSE:
            S = 4.0 * P.data / (P.data + negative * q[rows] * q[P.indices])
            pos_prob, pos_alias = build_alias_table(S)
            scale = z * S.sum()
        else:
            pos_prob, pos_alias = build_alias_table(np.ascontiguousarray(P.data))
        neg_prob, neg_alias = build_alias_table(q)
        positives = (pos_prob, pos_alias, rows)
        noise = (neg_prob, neg_alias)
        csr = (P.indptr.astype(np.int64), P.indices.astype(np.int32), P.data)
        if kernel_mode != MODE_EXACT_SPARSE and not float(negative).is_integer():
            raise ValueError(
                f"sampling={sampling!r} draws a whole number of pairs per positive pair: "
                f"negative must be an integer, got {negative!r} (sampling='sparse' or "
                "gradient='expected' accept any negative > 0 with reweighting='exact')."
            )
        weights = (np.int64(kernel_mode), a, q, float(scale), float(negative))
        n_negative = int(round(negative))
        if n_threads == 1:
            kernel, buffers = sgd_batches_serial, np.zeros((V, d), dtype=np.float32)
        else:
            kernel, buffers = sgd_batches, np.zeros((n_threads, V, d), dtype=np.float32)
    else:
        kernel_mode = None
        expected = _ExpectedGradient(P, q, negative, mode, a, scale)

    hist = {"step": [], "loss": [], "snapshot_step": [], "singular_values": [],
            "flow_step": [], "snapshot_flow_step": []}
    if record_embeddings:
        hist["embeddings"] = []
    n_sv = min(n_singular_values, d, V)
    pending = []  # per-batch losses since the last loss record
    done = 0
    stopped = False
    t0 = time.perf_counter()
    old_threads = _numba_get_threads()
    # BLAS (the dense part, snapshots) gets the same thread budget as numba
    blas_limit = threadpool_limits(limits=n_threads, user_api="blas")
    try:
        _numba_set_threads(n_threads)
        for event in events:
            if event > done:
                if gradient == "sampled" and kernel_mode == MODE_EXACT_SPARSE:
                    # dense part in NumPy (BLAS), from the weights the batch starts at
                    losses = np.empty(event - done)
                    for b in range(done, event):
                        D, dense_loss = _dense_exact_part(W, z * batch_size)
                        losses[b - done] = dense_loss / batch_size + kernel(
                            W, lrs[b:b + 1], seed, b, batch_size, n_negative, positives,
                            noise, csr, weights, buffers)[0]
                        W -= (lrs[b] * D).astype(np.float32)
                    pending.append(losses)
                elif gradient == "sampled":
                    pending.append(
                        kernel(W, lrs[done:event], seed, done, batch_size, n_negative,
                               positives, noise, csr, weights, buffers)
                    )
                else:
                    losses = np.empty(event - done)
                    for b in range(done, event):
                        grad, losses[b - done] = expected(W)
                        W -= lrs[b] * batch_size * grad
                    pending.append(losses)
                done = int(event)
            if event in logs:
                loss = float(np.mean(np.concatenate(pending)))
                pending = []
                if not np.isfinite(loss) or not np.all(np.isfinite(W)):
                    raise TrainingDivergedError(
                        f"QWEM gradient training diverged by step {done * batch_size} "
                        f"(loss {loss}); lower learning_rate (it was {learning_rate:.3g})."
                    )
                hist["step"].append(done * batch_size)
                hist["flow_step"].append(flow[done])
                hist["loss"].append(loss)
            if event in snaps:
                sv = _top_singular_values(W, n_sv)
                hist["snapshot_step"].append(done * batch_size)
                hist["snapshot_flow_step"].append(flow[done])
                hist["singular_values"].append(sv)
                if record_embeddings:
                    hist["embeddings"].append(np.array(W, dtype=np.float32))
                if verbose:
                    print(f"[qwem-gradient] step {done * batch_size:>12d}  "
                          f"sv[0]={sv[0]:.4g}  {time.perf_counter() - t0:.1f}s")
                if callback is not None and callback(estimator, done * batch_size,
                                                     np.asarray(W, dtype=np.float32)):
                    stopped = True
                    break
    finally:
        _numba_set_threads(old_threads)
        blas_limit.restore_original_limits()
    if stopped and pending:
        hist["step"].append(done * batch_size)
        hist["flow_step"].append(flow[done])
        hist["loss"].append(float(np.mean(np.concatenate(pending))))
    history = {
        "step": np.asarray(hist["step"], dtype=np.int64),
        "loss": np.asarray(hist["loss"], dtype=np.float64),
        "snapshot_step": np.asarray(hist["snapshot_step"], dtype=np.int64),
        "singular_values": np.asarray(hist["singular_values"], dtype=np.float64).reshape(-1, n_sv),
        "flow_step": np.asarray(hist["flow_step"], dtype=np.float64),
        "snapshot_flow_step": np.asarray(hist["snapshot_flow_step"], dtype=np.float64),
        "learning_rate": float(learning_rate),
        "loss_scale": _pair_weights(mode, P, q, negative)[1] if mode == MODE_EXACT
        else float("nan"),
        "initial_value": u0,
    }
    if record_embeddings:
        history["embeddings"] = hist["embeddings"]
    return np.ascontiguousarray(W, dtype=np.float32), history


def _dense_exact_part(W, z):
    """``z (W W^T W + 2 1 1^T W)`` and ``z/4 (||W^T W||^2 + 4 ||1^T W||^2)``."""
    W64 = W.astype(np.float64)
    gram = W64.T @ W64
    colsum = W64.sum(axis=0)
    D = z * (W64 @ gram + 2.0 * colsum[None, :])
    return D, 0.25 * z * (np.sum(gram**2) + 4.0 * colsum @ colsum)


def _top_singular_values(W, n):
    """Top singular values from the d x d Gram matrix (one GEMM, not an SVD)."""
    W64 = np.asarray(W, dtype=np.float64)
    ev = np.linalg.eigvalsh(W64.T @ W64)[::-1][:n]
    return np.sqrt(np.maximum(ev, 0.0))


def _numba_max_threads():
    import numba

    return numba.config.NUMBA_NUM_THREADS


def _numba_get_threads():
    import numba

    return numba.get_num_threads()


def _numba_set_threads(n):
    import numba

    numba.set_num_threads(n)
