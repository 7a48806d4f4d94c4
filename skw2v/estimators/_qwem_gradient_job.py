"""The arithmetic of QWEM trained by gradient descent: weights, rates, batches.

The loss per positive pair is ``-s + s^2/4`` and per negative pair
``s + s^2/4`` with ``s = w_i . w_j`` (tied weights); positive pairs are drawn
from P, negative pairs from ``Q = negative * q q^T``. The reweightings follow the
paper's code: ``"none"``, ``"frequency"`` (``r_ij = 1 / (V q_i * V q_j)``) and
``"exact"`` (``r_ij = Z / (P_ij + Q_ij)``, ``Z = (1 + negative) / V^2``) which
turns the expected loss into ``Z/4 ||W W^T - M*||_F^2`` + const, the setting of
:class:`skw2v.dynamics.GradientFlowTheory`. M*'s sparse part ``S = 4 P / (P + Q)``
comes from :mod:`skw2v.statistics` (:func:`~skw2v.statistics.qwem_sparse_part`),
as for the closed form.

:class:`QWEMGradientJob` is the job :class:`~skw2v.estimators._trainer.Trainer`
runs for :class:`~skw2v.QWEMGradientEmbedding`: a chunk is a range of
minibatches between two loss records or snapshots.
"""

import numpy as np
from scipy.sparse.linalg import LinearOperator, eigsh

from .._validation import check_work
from ..kernels.qwem_sgd import (
    MODE_EXACT,
    MODE_EXACT_SPARSE,
    MODE_EXACT_UNIFORM,
    MODE_FREQUENCY,
    MODE_NONE,
    expected_gradient_sparse,
    sgd_batches,
    sgd_batches_serial,
)
from ..kernels.sampling import build_alias_table
from .._sparse import stored_rows
from ..statistics import QWEMTargetOperator, qwem_sparse_part

__all__ = ["MODES", "ExpectedGradient", "QWEMGradientJob", "auto_learning_rate",
           "extreme_eigenvalue", "growth_operator", "pair_weights", "resolve_sampling"]

MODES = {"none": MODE_NONE, "frequency": MODE_FREQUENCY, "exact": MODE_EXACT}
# learning_rate="auto" makes the top direction grow by this factor - 1 per batch.
_AUTO_GROWTH = 0.1


def pair_weights(mode, P, q, negative):
    """``(a, scale)`` of the reweighting: ``r_ij = scale a_i a_j`` (see the kernels)."""
    V = P.shape[0]
    if mode == MODE_FREQUENCY:
        rows_used = stored_rows(P)
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


def growth_operator(P, q, negative, mode):
    """``2 r o (P - Q)`` as a LinearOperator (for "exact": ``Z M*``)."""
    a, scale = pair_weights(mode, P, q, negative)
    if mode == MODE_EXACT:
        return scale * QWEMTargetOperator(P, q, negative)
    qa = q * a

    def matvec(x):
        x = np.ravel(x)
        return 2.0 * a * (P @ (a * x)) - 2.0 * negative * qa * (qa @ x)

    return LinearOperator(P.shape, matvec=matvec, dtype=np.float64)


def extreme_eigenvalue(op, which):
    """The largest ("LA") or smallest ("SA") eigenvalue of a symmetric operator."""
    V = op.shape[0]
    if V <= 3:
        dense = op @ np.eye(V)
        w = np.linalg.eigvalsh((dense + dense.T) / 2)
        return float(w[-1] if which == "LA" else w[0])
    v0 = np.full(V, 1.0 / np.sqrt(V))
    return float(eigsh(op, k=1, which=which, v0=v0, tol=1e-4, return_eigenvectors=False)[0])


def auto_learning_rate(P, q, negative, mode, batch_size):
    """Top direction grows by 10 % per batch; the most negative one stays stable.

    The most negative eigenvalue (for M*, about -2 V times the fraction of
    pairs never seen, from the constant -2) can be many times the top one;
    gradient descent overshoots along it once ``lr * batch_size * |mu_min| > 2``.
    """
    op = growth_operator(P, q, negative, mode)
    mu = extreme_eigenvalue(op, "LA")
    mu_min = extreme_eigenvalue(op, "SA")
    # zero to rounding error of the operator's scale (an all-ones matrix): no direction
    if not mu > 1e-10 * max(abs(mu), abs(mu_min), np.finfo(np.float64).tiny):
        raise ValueError(
            "The positive-pair statistics have no direction to learn (the growth "
            f"rate is {mu:.3g}, zero or negative up to rounding): P is no more "
            "concentrated than Q anywhere."
        )
    return min(_AUTO_GROWTH / (batch_size * mu), 1.0 / (batch_size * max(-mu_min, 1e-300)))


def resolve_sampling(sampling, reweighting, P, negative, gradient):
    """The sampling "auto" stands for, checked against the other parameters."""
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
    if gradient == "sampled" and sampling != "sparse" and not float(negative).is_integer():
        raise ValueError(
            f"sampling={sampling!r} draws a whole number of pairs per positive pair: "
            f"negative must be an integer, got {negative!r} (sampling='sparse' or "
            "gradient='expected' accept any negative > 0 with reweighting='exact')."
        )
    return sampling


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


class ExpectedGradient:
    """Full-batch gradient of the expected loss per positive pair."""

    def __init__(self, P, q, negative, mode, a, scale):
        self.exact = mode == MODE_EXACT
        self.scale, self.negative, self.a = scale, negative, a
        self.qa = q * a
        data = qwem_sparse_part(P, q, negative).data if self.exact else P.data
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


def _dense_exact_part(W, z):
    """``z (W W^T W + 2 1 1^T W)`` and ``z/4 (||W^T W||^2 + 4 ||1^T W||^2)``."""
    W64 = W.astype(np.float64)
    gram = W64.T @ W64
    colsum = W64.sum(axis=0)
    D = z * (W64 @ gram + 2.0 * colsum[None, :])
    return D, 0.25 * z * (np.sum(gram**2) + 4.0 * colsum @ colsum)


class QWEMGradientJob:
    """Minibatch gradient descent on QWEM's loss, as a Trainer job.

    Parameters
    ----------
    P : csr_array of shape (V, V)
        Canonical, summing to 1.
    q : ndarray of shape (V,)
        Summing to 1.
    est : QWEMGradientEmbedding
        Its (validated) parameters.
    W : ndarray of shape (V, n)
        The starting embedding; trained in place (float32 copy when sampled).
    learning_rate : float
        Per pair, at step 0 ("auto" already resolved).
    log_every : int
        Minibatches per loss record.
    seed : int
        Seed of the kernels' random streams.
    n_threads : int
        numba threads the kernels run on (already set by the caller).
    """

    threaded = False  # the kernels are parallel themselves
    rate_key = None

    def __init__(self, P, q, est, W, *, learning_rate, log_every, seed, n_threads):
        negative, bs = float(est.negative), est.batch_size
        self.est, self.batch_size, self.log_every = est, bs, log_every
        self.n_steps = est.n_steps
        self.learning_rate = learning_rate
        self.lrs = _schedule(est.lr_schedule, learning_rate, est.n_steps)
        self.expected_pairs = est.n_steps * bs
        self.total_units = est.n_steps
        mode = MODES[est.reweighting]
        a, scale = pair_weights(mode, P, q, negative)
        self.loss_scale = scale if mode == MODE_EXACT else float("nan")
        sampling = resolve_sampling(est.sampling, est.reweighting, P, negative, est.gradient)
        if est.gradient == "expected":
            self.W = np.ascontiguousarray(W, dtype=np.float64)
            self._expected = ExpectedGradient(P, q, negative, mode, a, scale)
            self.run = self._run_expected
        else:
            self._setup_sampled(P, q, negative, mode, sampling, a, scale, W, seed, n_threads)
        self.embedding = self.W
        self.weights = [("embedding", self.W)]
        # |M*_ij| <= 2, so a converging W has entries below sqrt(lambda_1) <=
        # sqrt(2 V); far beyond that (or the start's scale) it diverged.
        start = float(np.abs(W).max()) if W.size else 0.0
        self.weight_bound = 10.0 * max(np.sqrt(2.0 * W.shape[0]), start)

    def _setup_sampled(self, P, q, negative, mode, sampling, a, scale, W, seed, n_threads):
        V, d = W.shape
        self.W = np.ascontiguousarray(W, dtype=np.float32)
        rows = np.repeat(np.arange(V, dtype=np.int32), np.diff(P.indptr))
        kernel_mode = {"uniform": MODE_EXACT_UNIFORM, "sparse": MODE_EXACT_SPARSE}.get(
            sampling, mode)
        self._z = float(scale)
        n_neg = int(round(negative))
        per_positive = {MODE_EXACT_SPARSE: 1, MODE_EXACT_UNIFORM: n_neg + 1}.get(
            kernel_mode, 1 + n_neg)  # the pairs the kernel draws per positive
        check_work(int(self.n_steps) * int(self.batch_size) * per_positive,
                   f"n_steps={self.n_steps} x batch_size={self.batch_size} x {per_positive} "
                   f"pairs per positive (negative={negative:g})",
                   "lower n_steps, batch_size or negative")
        if kernel_mode == MODE_EXACT_SPARSE:
            S = qwem_sparse_part(P, q, negative).data  # positives drawn in proportion to S
            pos_prob, pos_alias = build_alias_table(S)
            scale = self._z * S.sum()
        else:
            pos_prob, pos_alias = build_alias_table(np.ascontiguousarray(P.data))
        self._args = (seed, self.batch_size, n_neg,
                      (pos_prob, pos_alias, rows), build_alias_table(q),
                      (P.indptr.astype(np.int64), P.indices.astype(np.int32), P.data),
                      (np.int64(kernel_mode), a, q, float(scale), negative))
        if n_threads == 1:
            self._kernel, self._buffers = sgd_batches_serial, np.zeros((V, d), np.float32)
        else:
            self._kernel = sgd_batches
            self._buffers = np.zeros((n_threads, V, d), dtype=np.float32)
        self.run = self._run_sparse if kernel_mode == MODE_EXACT_SPARSE else self._run_sampled

    def chunks(self, snapshot_at):
        """Batch ranges ``(index, b0, b1)`` cut at every loss record and snapshot."""
        n, bs = self.n_steps, self.batch_size
        logs = np.arange(self.log_every, n + 1, self.log_every)
        snaps = np.clip(-(-np.asarray(snapshot_at, dtype=np.int64) // bs), 0, n)
        cuts = np.unique(np.concatenate([[0, n], logs, snaps]))
        for i, (b0, b1) in enumerate(zip(cuts[:-1], cuts[1:])):
            yield (i, int(b0), int(b1))

    def _sampled_losses(self, b0, b1):
        seed, bs, n_neg, positives, noise, csr, weights = self._args
        return self._kernel(self.W, self.lrs[b0:b1], seed, b0, bs, n_neg, positives, noise,
                            csr, weights, self._buffers)

    def _run_sampled(self, chunk):
        _, b0, b1 = chunk
        return self._result(b0, b1, self._sampled_losses(b0, b1))

    def _run_sparse(self, chunk):
        # the dense low-rank part in NumPy (BLAS), from the weights the batch starts at
        _, b0, b1 = chunk
        losses = np.empty(b1 - b0)
        for b in range(b0, b1):
            D, dense_loss = _dense_exact_part(self.W, self._z * self.batch_size)
            losses[b - b0] = dense_loss / self.batch_size + self._sampled_losses(b, b + 1)[0]
            self.W -= (self.lrs[b] * D).astype(np.float32)
        return self._result(b0, b1, losses)

    def _run_expected(self, chunk):
        _, b0, b1 = chunk
        losses = np.empty(b1 - b0)
        for b in range(b0, b1):
            grad, losses[b - b0] = self._expected(self.W)
            self.W -= self.lrs[b] * self.batch_size * grad
        return self._result(b0, b1, losses)

    def _result(self, b0, b1, losses):
        """(summed loss, positive pairs) of batches b0..b1 (losses are per pair)."""
        return float(np.sum(losses)) * self.batch_size, (b1 - b0) * self.batch_size

    @staticmethod
    def epoch_of(chunk):
        return chunk[0]  # the weights are checked after every chunk

    def rate_at(self, chunk):
        return self.lrs[chunk[2] - 1]

    @staticmethod
    def size(chunk):
        return chunk[2] - chunk[1]

    def advice(self, chunk):
        return (f"Try a lower learning_rate (it was {self.learning_rate:.3g} per pair) "
                "or init_scale.")

    def flow_steps(self, steps):
        """Steps at the initial learning rate covering the same gradient-flow time."""
        flow = np.concatenate([[0.0], np.cumsum(self.lrs)]) * (self.batch_size / self.lrs[0])
        return flow[np.asarray(steps, dtype=np.int64) // self.batch_size]
