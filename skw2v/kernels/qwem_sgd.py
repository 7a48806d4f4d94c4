"""Kernels of QWEM trained by gradient descent on its quartic loss.

Per positive pair the loss is ``-s + s^2/4``, per negative pair ``s + s^2/4``,
``s = w_i . w_j`` with one (tied) embedding ``W``, each pair multiplied by a
weight ``r_ij``:

- mode 0 (``"none"``): ``r_ij = 1``;
- mode 1 (``"frequency"``): ``r_ij = a_i a_j`` for a per-word array ``a``;
- mode 2 (``"exact"``): ``r_ij = Z / (P_ij + k q_i q_j)``, which makes the
  expected loss ``Z/4 ||W W^T - M*||_F^2`` plus a constant;
- mode 3 (``"exact"`` with uniform sampling): the same expected loss from
  ``1 + k`` pairs drawn uniformly over all V^2 pairs per positive pair, each
  with loss ``s^2/4 - M*_ij s / 2``. Its per-pair terms are bounded (``|M*| <= 2``)
  where the weights ``Z / (P_ij + Q_ij)`` of mode 2 are heavy-tailed;
- mode 4 (``"exact"``, sparse sampling): the exact loss is
  ``Z/4 (||W^T W||^2 + 4 ||1^T W||^2) - Z/2 sum_ij S_ij s_ij`` with
  ``S = M* + 2`` sparse; the caller computes the dense low-rank part exactly
  each batch (``O(V d^2)``, BLAS) and only the sparse part is sampled, one co-occurring pair
  per positive pair drawn in proportion to ``S_ij`` (``positives`` is then an
  alias table over S and ``scale`` is ``Z * sum(S)``).

Minibatch SGD (:func:`sgd_batches`): the gradients of a batch are taken at the
weights the batch starts from and summed (the learning rate is per pair, as in
word2vec). Pairs are drawn in fixed chunks, each from its own counter-seeded
generator, so a run draws the same pairs whatever the thread count; each
thread accumulates into its own gradient buffer, visited in a fixed order.

Expected gradient (:func:`expected_gradient_sparse`): the sparse part of the
full-batch gradient, the rest being dense low-rank algebra done in NumPy.
"""

import numpy as np
from numba import njit, prange

from ._flags import FASTMATH
from .sampling import alias_draw, rng_below, rng_init

__all__ = [
    "CHUNK",
    "expected_gradient_sparse",
    "pair_probability",
    "sgd_batches",
    "sgd_batches_serial",
]

# Positive pairs per independently seeded chunk of a batch.
CHUNK = 1024

MODE_NONE = 0
MODE_FREQUENCY = 1
MODE_EXACT = 2
MODE_EXACT_UNIFORM = 3
MODE_EXACT_SPARSE = 4


@njit(cache=True, nogil=True, inline="always")
def pair_probability(indptr, indices, data, i, j):
    """``P_ij`` from a CSR matrix with sorted column indices (0 if absent)."""
    lo = indptr[i]
    hi = indptr[i + 1]
    while lo < hi:
        mid = (lo + hi) >> 1
        c = indices[mid]
        if c < j:
            lo = mid + 1
        elif c > j:
            hi = mid
        else:
            return data[mid]
    return 0.0


@njit(cache=True, nogil=True, inline="always")
def _weight(mode, i, j, p_ij, a, q, scale, negative):
    if mode == MODE_NONE:
        return 1.0
    if mode == MODE_FREQUENCY:
        return a[i] * a[j]
    return scale / (p_ij + negative * q[i] * q[j])


@njit(cache=True, nogil=True, fastmath=FASTMATH, inline="always")
def _pair(W, G, i, j, r, sign):
    """Add the weighted gradient of one pair to G; return its weighted loss.

    ``sign`` is -1 for a positive pair (loss -s + s^2/4), +1 for a negative one.
    """
    d = W.shape[1]
    s = 0.0
    for c in range(d):
        s += W[i, c] * W[j, c]
    coef = r * (sign + 0.5 * s)
    for c in range(d):
        wi = W[i, c]
        G[i, c] += coef * W[j, c]
        G[j, c] += coef * wi
    return r * (sign * s + 0.25 * s * s)


@njit(cache=True, nogil=True, fastmath=FASTMATH)
def _chunks(W, G, t, n_buf, stream0, batch_size, negative, positives, noise, csr, weights,
            seed):
    """Gradients of the chunks ``t, t + n_buf, ...`` of one batch, added to G."""
    pos_prob, pos_alias, rows = positives
    neg_prob, neg_alias = noise
    indptr, indices, data = csr
    mode, a, q, scale, k = weights
    V = W.shape[0]
    n_chunks = (batch_size + CHUNK - 1) // CHUNK
    loss = 0.0
    for ch in range(t, n_chunks, n_buf):
        state = rng_init(seed, stream0 + ch)
        hi = min(batch_size, (ch + 1) * CHUNK)
        for _ in range(ch * CHUNK, hi):
            if mode == MODE_EXACT_UNIFORM:
                # 1 + k pairs drawn uniformly: each has loss s^2/4 - M_ij s / 2,
                # whose mean is the exact loss Z/4 (s^2 - 2 M s) summed over pairs.
                for _n in range(negative + 1):
                    i = rng_below(state, V)
                    j = rng_below(state, V)
                    p = pair_probability(indptr, indices, data, i, j)
                    m = -2.0
                    if p > 0.0:
                        qq = k * q[i] * q[j]
                        m = 2.0 * (p - qq) / (p + qq)
                    loss += _pair(W, G, i, j, 1.0, -0.5 * m)
                continue
            e = alias_draw(pos_prob, pos_alias, state)
            i = rows[e]
            j = indices[e]
            if mode == MODE_EXACT_SPARSE:
                # G_i -= Z sum(S) w_j: unbiased for -(Z S W)_i; loss -Z sum(S) s / 2
                s_ij = 0.0
                for c in range(W.shape[1]):
                    s_ij += W[i, c] * W[j, c]
                    G[i, c] -= scale * W[j, c]
                loss -= 0.5 * scale * s_ij
                continue
            r = _weight(mode, i, j, data[e], a, q, scale, k)
            loss += _pair(W, G, i, j, r, -1.0)
            for _n in range(negative):
                i2 = alias_draw(neg_prob, neg_alias, state)
                j2 = alias_draw(neg_prob, neg_alias, state)
                p2 = 0.0
                if mode == MODE_EXACT:
                    p2 = pair_probability(indptr, indices, data, i2, j2)
                r2 = _weight(mode, i2, j2, p2, a, q, scale, k)
                loss += _pair(W, G, i2, j2, r2, 1.0)
    return loss


@njit(cache=True, nogil=True)
def _zero(G):
    for v in range(G.shape[0]):
        for c in range(G.shape[1]):
            G[v, c] = 0.0


@njit(cache=True, parallel=True)
def sgd_batches(W, learning_rates, seed, first_batch, batch_size, negative,
                positives, noise, csr, weights, buffers):
    """Run ``len(learning_rates)`` minibatch SGD steps on W in place.

    Parameters
    ----------
    W : ndarray of float32 (V, d), C-contiguous; updated in place.
    learning_rates : ndarray of float64 (n_batches,); step size per pair.
    seed : int; first_batch : int
        Batch ``b`` of this call is global batch ``first_batch + b``; its chunk
        ``c`` is drawn with generator ``(seed, global_batch * n_chunks + c)``.
    batch_size : int; negative : int
        Positive pairs per batch; negative pairs drawn per positive pair
        (modes 0-2; mode 3 draws ``negative + 1`` uniform pairs).
    positives : tuple (prob, alias, rows)
        Alias table over the non-zeros of P (in CSR order) and their rows.
    noise : tuple (prob, alias)
        Alias table of q; a negative pair is two independent draws from it.
    csr : tuple (indptr, indices, data) of P, sorted indices.
    weights : tuple (mode, a, q, scale, k)
        See the module docstring; ``k`` (float) is the weight of Q = k q q^T.
        Mode 4 samples only the sparse part: the
        caller adds the dense part (from the same starting W).
    buffers : ndarray of float32 (n_buffers, V, d)
        One gradient buffer per thread; their number sets the parallelism.

    Returns
    -------
    ndarray of float64 (n_batches,)
        Weighted loss of each batch divided by ``batch_size``.
    """
    n_batches = learning_rates.shape[0]
    n_buf = buffers.shape[0]
    V = W.shape[0]
    d = W.shape[1]
    n_chunks = (batch_size + CHUNK - 1) // CHUNK
    losses = np.zeros(n_batches)
    part = np.zeros(n_buf)
    for b in range(n_batches):
        stream0 = (first_batch + b) * n_chunks
        for t in prange(n_buf):
            _zero(buffers[t])
            part[t] = _chunks(W, buffers[t], t, n_buf, stream0, batch_size, negative,
                              positives, noise, csr, weights, seed)
        lr = learning_rates[b]
        for v in prange(V):
            for t in range(n_buf):
                for c in range(d):
                    W[v, c] -= lr * buffers[t, v, c]
        losses[b] = part.sum() / batch_size
    return losses


@njit(cache=True, nogil=True)
def sgd_batches_serial(W, learning_rates, seed, first_batch, batch_size, negative,
                       positives, noise, csr, weights, buffer):
    """:func:`sgd_batches` on one thread with one (V, d) buffer; same pairs, same result."""
    n_batches = learning_rates.shape[0]
    n_chunks = (batch_size + CHUNK - 1) // CHUNK
    losses = np.zeros(n_batches)
    for b in range(n_batches):
        _zero(buffer)
        loss = _chunks(W, buffer, 0, 1, (first_batch + b) * n_chunks, batch_size, negative,
                       positives, noise, csr, weights, seed)
        W -= learning_rates[b] * buffer
        losses[b] = loss / batch_size
    return losses


@njit(cache=True, parallel=True)
def expected_gradient_sparse(W, csr, coef_scale, a, exact):
    """Sparse part of the full-batch gradient and loss, summed over the non-zeros of P.

    For ``exact`` (``coef_scale = Z`` and ``data`` holding ``S_ij = 4 P_ij /
    (P_ij + Q_ij)``): gradient row ``i`` gets ``-Z sum_j S_ij w_j`` and the loss
    ``-Z/2 sum S_ij s_ij``. Otherwise (``data`` = P, pair weight ``a_i a_j``):
    ``2 sum_j a_i a_j P_ij (-1 + s_ij/2) w_j`` and ``sum a_i a_j P_ij (-s + s^2/4)``.

    Returns
    -------
    grad : ndarray of float64 (V, d)
    loss : float
    """
    indptr, indices, data = csr
    V = W.shape[0]
    d = W.shape[1]
    grad = np.zeros((V, d))
    row_loss = np.zeros(V)
    for i in prange(V):
        acc = 0.0
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            s = 0.0
            for c in range(d):
                s += W[i, c] * W[j, c]
            if exact:
                coef = -coef_scale * data[e]
                acc += 0.5 * coef * s
            else:
                r = a[i] * a[j] * data[e]
                coef = 2.0 * r * (-1.0 + 0.5 * s)
                acc += r * (-s + 0.25 * s * s)
            for c in range(d):
                grad[i, c] += coef * W[j, c]
        row_loss[i] = acc
    return grad, row_loss.sum()
