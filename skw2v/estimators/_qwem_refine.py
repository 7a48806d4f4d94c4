"""QWEM's weighted factorisation, refined from the closed form.

QWEM's quartic loss is, up to a constant, the weighted least squares

    L(W) = sum_ij G_ij / 4 (w_i.w_j - M*_ij)^2,    G = P + Q,  Q = k q q^T,

with G the pair's weight: how often it is seen as a positive or a negative.
The closed form (:class:`~skw2v.QWEMEmbedding`) drops G and fits M*
unweighted; :func:`refine_weighted` starts from it and descends on L itself.
Everything is sparse or low rank: ``G o M* = 2 (P - Q)``, so the gradient

    dL/dW = [P o (W W^T - 2)] W + k D_q (W C_q + 2 1 m^T),
    C_q = W^T D_q W,  m = W^T q,

is one fused pass over P's non-zeros (:mod:`skw2v.kernels.qwem_weighted`) plus
O(V d^2) BLAS, and L along a direction is a quartic in the step, minimised
exactly: its t^0 and t^1 coefficients are the loss and ``<gradient, D>``, the
other three one more pass over P's upper triangle that reuses the gradient's
``w_i.w_j`` (a step costs 3.3 block products of width 220 against 5.6 before,
identical losses: ``benchmarks/RESULTS.md``, "Issue 14, session 6"); the O(V d^2)
part runs over row blocks in float64, with no V x d float64 copy (session 9: 1.8x
faster steps and 1 GiB less at V = 100k, d = 300, same losses). The method is
preconditioned nonlinear conjugate gradients (Polak-Ribiere+), the preconditioner
each row's Hessian ``H_i = sum_j G_ij w_j w_j^T`` with P's row replaced by its rank-one mean,
``H_i ~ sigma_i C_p + k q_i C_q`` (``C_p = W^T D_p W``, ``sigma_i`` matching
``trace(H_i)``), all rows diagonalised at once by the generalised eigenvectors
of ``(C_p, C_q)``, plus the one coupling between rows that the block diagonal
misses and that dominates it, ``2 k (q^T dW)(q^T dW)^T`` (Q's constant
residual), by Woodbury. Measured on enwiki-17m prefixes (V = 10k, d = 200):
the block preconditioner alone allowed steps of about 0.01 and gained +1.2
analogy points at 8 M words after 12 iterations; with the Woodbury term steps
of about 0.03-0.2 and +1.6 after 8 (``benchmarks/RESULTS.md``, "Issue 14,
session 5").
"""

import numpy as np
from scipy.linalg import eigh

from .._threads import numba_threads
from ..kernels.qwem_weighted import (row_products, upper_starts, weighted_line_curvature,
                                     weighted_loss_constant, weighted_sparse_gradient)
from ..kernels.spmm import csr_tile_pointers
from ..linalg import column_signs
from ..linalg._sparse_product import TILE_BYTES

__all__ = ["WeightedQWEMLoss", "refine_weighted", "signed_eigenpairs"]

# row blocks of the line's pass: equal shares for up to this many threads
_BLOCKS = 64
# rows per block of the float64 temporaries of the rank-one terms (_float64_blocks)
_ROWS = 16384
_MIN_TILE = 256  # columns


class WeightedQWEMLoss:
    """QWEM's loss ``sum_ij (P_ij + Q_ij)/4 (w_i.w_j - M*_ij)^2`` minus its constant.

    Optionally regularised (both off by default), each strength stated
    relative to G's mean ``(1 + k) / V^2`` (``G = P + Q`` sums to 1 + k), so
    that it means the same at every vocabulary size:

    - ``floor`` alpha: the weights become ``G + c 1 1^T``, ``c = alpha (1 + k) / V^2``,
      i.e. the loss gains ``c/4 ||W W^T - M*||_F^2``, the closed form's own
      objective (alpha -> inf: the closed form). Nothing dense: on P's
      non-zeros only the linear factor changes, ``f_ij = 1 + 2c / (P_ij + Q_ij)``
      (:func:`~skw2v.kernels.qwem_weighted.weighted_sparse_gradient`), the rest
      is rank-one algebra like Q's.
    - ``anchor`` beta with ``start`` W0: ``+ rho sum_i ||w_i - w0_i||^2``, a pull
      toward the start (the closed form), with ``2 rho = beta (1 + k) / V^2
      tr(W0^T W0) / d``, the curvature a floor of beta would give a row,
      made isotropic.

    Parameters
    ----------
    P : csr_array of shape (V, V)
        Pair distribution (sums to 1), canonical.
    q : ndarray of shape (V,)
        Negative marginal (sums to 1).
    negative : float
        k in ``Q = k q q^T``.
    floor : float, default=0.0
        alpha, above.
    anchor : float, default=0.0
        beta, above; needs ``start``.
    start : ndarray of shape (V, d), default=None
        W0 of the anchor.
    signs : ndarray of shape (d,) of +-1, default=None
        ``s = W S W^T``, ``S = diag(signs)`` (the pair's product
        ``w_i . S w_j``); None: ``W W^T``. The sparse passes take ``W S`` as
        the j side, the rank-one terms use S's metric.

    Notes
    -----
    ``value(W)`` is ``sum_ij P_ij (s^2/4 - s) + Q_ij (s^2/4 + s)``, ``s = W W^T``
    (both orders of every pair), which differs from the weighted least
    squares by ``sum G M*^2 / 4``, a constant (and likewise for the floor).
    """

    def __init__(self, P, q, negative, *, floor=0.0, anchor=0.0, start=None, signs=None):
        if not P.has_sorted_indices:
            P = P.sorted_indices()
        self.indptr = np.asarray(P.indptr, dtype=np.int64)
        self.indices = np.asarray(P.indices, dtype=np.int32)
        self.data = np.asarray(P.data, dtype=np.float32)  # no copy when P is float32
        self.q = np.asarray(q, dtype=np.float64)
        V = P.shape[0]
        self.p = self._P_times(np.ones(V))
        self.negative = float(negative)
        mean_weight = (1.0 + self.negative) / max(V, 1) ** 2
        self.c = float(floor) * mean_weight
        self.qk = (np.sqrt(self.negative) * self.q).astype(np.float32)  # Q_ij = qk_i qk_j
        # rank-one weights with target -2 everywhere: Q's, and the floor's
        self.dense = [(self.negative, self.q)]
        if self.c:
            self.dense.append((self.c, np.ones(V)))
        self.rho, self.start = 0.0, None
        if anchor:
            if start is None:
                raise ValueError("anchor needs the start W0 it pulls toward: pass start.")
            self.start = np.asarray(start, dtype=np.float64)
            self.rho = 0.5 * float(anchor) * mean_weight * float(
                np.sum(self.start**2)) / max(self.start.shape[1], 1)
        # w_i.w_j is kept once per pair, on the upper triangle, row after row
        self.starts = upper_starts(self.indptr, self.indices)
        work = np.cumsum(self.indptr[1:] - self.starts)
        n_upper = int(work[-1]) if V else 0
        self.offsets = np.concatenate([[0], work[:-1]]).astype(np.int64)
        n_blocks = min(V, _BLOCKS)  # the line pass's row blocks, of equal work
        targets = n_upper * np.arange(1, n_blocks) / n_blocks
        self.bounds = np.concatenate(
            [[0], np.searchsorted(work, targets, side="right"), [V]]).astype(np.int64)
        self._s = np.empty(n_upper, dtype=np.float32)
        self._s_of = None  # the W whose products _s holds
        self._moments = (None, None)  # (W, [(m, C) of each rank-one weight]) of the last W
        self._ptr = (None, None)  # (tile width, column-tile pointers) of the last d
        # s = W S W^T with S = diag(signs): None is S = I, W W^T
        self.signs = None if signs is None else np.asarray(signs, dtype=np.float64)
        self._signed = (None, None)  # (W, W S) of the last W

    def _tiles(self, d):
        """Column-tile pointers of the sparse passes for rows of d float32s.

        The passes read a row of W (and D) per stored entry; when W does not fit
        in the cache those reads miss, so the columns are walked in tiles of
        ``TILE_BYTES`` of W's rows, every row of P visiting each tile in turn,
        as :class:`~skw2v.linalg.SparseBlockProduct` does for the eigensolver.
        Three refinement steps side by side with one tile (``benchmarks/RESULTS.md``,
        "Issue 14, session 9"), V = 100k, d = 300: tiles of 0.4 / 1 / 2 / 5 MiB took
        1.01 / 0.81 / 0.78 / 0.91 of the time (each tile's rows of the gradient
        ``out`` are re-read, so smaller is not better); V = 10k, d = 200, 2 MiB: 0.86.
        One tile when W is smaller than a tile.
        """
        V = self.indptr.shape[0] - 1
        width = max(_MIN_TILE, TILE_BYTES // (4 * max(d, 1)))
        if self._ptr[0] != width:
            if width >= V:
                ptr = np.ascontiguousarray(np.stack([self.indptr[:-1], self.indptr[1:]], axis=1))
            else:
                ptr = csr_tile_pointers(self.indptr, self.indices, width)
            self._ptr = (width, ptr)
        return self._ptr[1]

    def _P_times(self, x):
        """``P @ x`` in float64 from the float32 arrays (:func:`row_products`)."""
        out = np.empty(self.indptr.shape[0] - 1)
        row_products(self.indptr, self.indices, self.data, np.asarray(x, dtype=np.float64), out)
        return out

    def _j_side(self, X):
        """``X S``, the j side of the products (X itself when S = I)."""
        if self.signs is None:
            return X
        return np.ascontiguousarray(X * self.signs[None, :].astype(X.dtype))

    def _sign_vector(self, d):
        """S's diagonal: the signs, or d ones for the unsigned model."""
        return np.ones(d) if self.signs is None else self.signs

    def _signed_product(self, A, B):
        """``sum_ab S_a S_b A_ab B_ab``: ``<A, B>_F`` in S's metric (``tr(S A S B^T)``)."""
        if self.signs is None:
            return float(np.sum(A * B))
        S = self.signs
        return float(np.sum(A * B * np.outer(S, S)))

    def gradient(self, W):
        """``(dL/dW, L)`` at a C-contiguous float32 W (not to be changed in place after)."""
        grad = np.empty_like(W)
        row_loss = np.empty(W.shape[0])
        if self._signed[0] is not W:
            self._signed = (W, self._j_side(W))
        weighted_sparse_gradient(self._tiles(W.shape[1]), self.starts, self.offsets, self.indices,
                                 self.data, W, self._signed[1], grad, self._s, row_loss, self.qk,
                                 2.0 * self.c)
        self._s_of = W
        value = float(row_loss.sum())
        moments = self._moments_at(W)
        S = self._sign_vector(W.shape[1])
        for (a, _), (m, C) in zip(self.dense, moments):
            value += a * (m @ (S * m) + 0.25 * self._signed_product(C, C))
        for rows, Wb in _float64_blocks(W):
            extra = np.zeros(Wb.shape)
            for (a, u), (m, C) in zip(self.dense, moments):
                # row i of a u u^T weight's gradient: a u_i (w_i^T S C + 2 m^T) S
                extra += a * u[rows, None] * (((Wb * S[None, :]) @ C + 2.0 * m[None, :])
                                               * S[None, :])
            if self.rho:
                R = Wb - self.start[rows]
                extra += 2.0 * self.rho * R
                value += self.rho * float(np.sum(R**2))
            grad[rows] += extra.astype(np.float32)
        return grad, value

    def _moments_at(self, W):
        """``[(m, C)]``, ``m = W^T u`` and ``C = W^T D_u W`` of each rank-one weight u, at W.

        The gradient, the line and the preconditioner all need them at the same
        W (Q's ``C`` is the preconditioner's ``C_q``), so they are summed once
        per W, over row blocks in float64, and kept for the other two.
        """
        if self._moments[0] is not W:
            d = W.shape[1]
            moments = [(np.zeros(d), np.zeros((d, d))) for _ in self.dense]
            for rows, Wb in _float64_blocks(W):
                for (_, u), (m, C) in zip(self.dense, moments):
                    ub = u[rows]
                    m += ub @ Wb
                    C += Wb.T @ (Wb * ub[:, None])
            self._moments = (W, moments)
        return self._moments[1]

    def constant(self):
        """``sum_ij (G_ij + c) M*_ij^2 / 4``: :meth:`gradient`'s value plus this is the loss itself.

        The weighted least squares (floored if so; the anchor has no
        constant), which is what a tolerance relative to the loss must divide
        by: the value alone is shifted by this constant and changes sign along
        the path. One pass over P's non-zeros
        (:func:`~skw2v.kernels.qwem_weighted.weighted_loss_constant`).
        """
        V = self.indptr.shape[0] - 1
        rows = np.empty(V)
        weighted_loss_constant(self.indptr, self.indices, self.data, self.qk, self.c, rows)
        nnz = int(self.indptr[-1])
        return (float(rows.sum()) + self.negative * float(self.q.sum()) ** 2
                + self.c * (float(V) * V - nnz))

    def line(self, W, D, g, value):
        """The five coefficients of ``L(W + t D)``, a quartic in t (lowest first).

        ``g, value`` are the gradient and loss at W (:meth:`gradient`): they
        are the quartic's t^0 and t^1 coefficients (``<g, D>``), and the pass
        over P reuses the gradient's products ``w_i.w_j`` (the gradient is
        recomputed if the last one was at another W), so it sums only the
        other three coefficients, on P's upper triangle: P must be symmetric.
        """
        if self._s_of is not W:
            self.gradient(W)
        coef = np.empty((self.bounds.shape[0] - 1, 3))
        weighted_line_curvature(self._tiles(W.shape[1]), self.starts, self.offsets, self.indices,
                                self.data, self.bounds, self._s, W, D, self._signed[1],
                                self._j_side(D), coef, self.qk, 2.0 * self.c)
        c = np.zeros(5)
        c[2:] = coef.sum(axis=0)
        S = self._sign_vector(W.shape[1])
        ip = self._signed_product

        d = W.shape[1]
        for (a, u), (m0, A0) in zip(self.dense, self._moments_at(W)):
            m1 = np.zeros(d)
            B1, A2 = np.zeros((d, d)), np.zeros((d, d))
            for rows, Wb in _float64_blocks(W):
                Db = D[rows].astype(np.float64)
                ub = u[rows]
                m1 += ub @ Db
                uD = Db * ub[:, None]
                B1 += Wb.T @ uD
                A2 += Db.T @ uD
            B1 += B1.T
            # sum_ij u_i u_j s_ij^2 = ||A0 + t B1 + t^2 A2||_F^2, sum u_i u_j s_ij = ||m0 + t m1||^2
            quartic = np.array([ip(A0, A0), 2 * ip(A0, B1), ip(B1, B1) + 2 * ip(A0, A2),
                                2 * ip(B1, A2), ip(A2, A2)])
            quadratic = np.array([m0 @ (S * m0), 2 * m0 @ (S * m1), m1 @ (S * m1), 0.0, 0.0])
            c += a * (0.25 * quartic + quadratic)
        if self.rho:
            c[2] += self.rho * float(np.sum(D.astype(np.float64) ** 2))
        c[0] = value
        c[1] = float(np.sum(g * D, dtype=np.float64))
        return c

    def precondition(self, W, g):
        """``H^-1 g`` for the approximate Hessian of the module docstring.

        With signs, every row's block is ``S H_i S`` (the pair's product is
        ``w_i . S w_j``), so ``S H^-1 S g``; the Woodbury coupling is kept as for
        ``S = I``, positive definite (for the negative columns it stands in for
        a term of the other sign: a preconditioner only needs to be positive
        definite, the exact line search keeps every step a descent).
        """
        if self.signs is None:
            return self._precondition(W, g)
        S = self.signs.astype(np.float32)[None, :]
        return self._precondition(W, np.ascontiguousarray(g * S)) * S

    def _precondition(self, W, g):
        """``H^-1 g`` for the approximate Hessian of the module docstring, ``S = I``.

        The floor's block ``c W^T W`` and the anchor's ``2 rho I`` enter by
        their diagonals in the generalised eigenbasis, the floor's coupling
        ``2c (1^T dW)(1^T dW)^T`` next to Q's by a rank-two Woodbury.
        """
        p, q, k = self.p, self.q, self.negative
        V, d = W.shape
        moments = self._moments_at(W)
        Cq = moments[0][1]  # Q's weight k q q^T: C_q = W^T D_q W
        WtW = moments[1][1] if self.c else None  # the floor's weight 1 1^T
        Cp = np.zeros((d, d))
        norms = np.empty(V)
        for rows, Wb in _float64_blocks(W):
            Cp += Wb.T @ (Wb * p[rows, None])
            norms[rows] = np.einsum("ij,ij->i", Wb, Wb)
        # T^T Cq T = I, T^T Cp T = diag(mu): every row's H_i is diagonal in T
        mu, T = eigh(Cp, Cq + 1e-12 * np.trace(Cq) * np.eye(d))
        sigma = self._P_times(norms) / max(float(np.trace(Cp)), np.finfo(np.float64).tiny)
        tau = np.einsum("ij,ij->j", T, T)  # diag(T^T T): the identity in T's coordinates
        shift = np.zeros(d)  # the floor's and the anchor's share of every row's h
        if self.c:
            shift += self.c * np.einsum("ij,ij->j", T, WtW @ T)
        if self.rho:
            shift += 2.0 * self.rho * tau

        def block(rows):
            """``(h, Y)`` of a row block: the diagonal curvatures, ``(g T) / h``."""
            h = sigma[rows, None] * mu[None, :] + k * q[rows, None] + shift[None, :]
            return h, (g[rows].astype(np.float64) @ T) / h

        # the Woodbury terms need sums over every row: a first pass sums, a
        # second solves, so that no V x d float64 array is kept between them
        out = np.empty(W.shape, dtype=np.float32)
        if not self.c:
            # Woodbury for + 2k (q x I)(q x I)^T, diagonal in the same coordinates
            s, qY = np.zeros(d), np.zeros(d)
            for rows in _row_blocks(V):
                h, Y = block(rows)
                s += (q[rows, None] ** 2 / h).sum(axis=0)
                qY += q[rows] @ Y
            lam = 2 * k * qY / (1.0 + 2 * k * s)
            for rows in _row_blocks(V):
                h, Y = block(rows)
                Y -= q[rows, None] * lam[None, :] / h
                out[rows] = Y @ T.T
            return out
        # rank two per column: 2k q q^T and 2c tau 1 1^T
        a = np.stack([np.full(d, 2 * k), 2 * self.c * tau], axis=1)  # (d, 2)
        Uq, rhs = np.zeros((d, 3)), np.zeros((d, 2))
        for rows in _row_blocks(V):
            h, Y = block(rows)
            inv = 1.0 / h
            qb = q[rows, None]
            Uq += np.stack([(qb**2 * inv).sum(axis=0), (qb * inv).sum(axis=0),
                            inv.sum(axis=0)], axis=1)
            rhs += np.stack([q[rows] @ Y, Y.sum(axis=0)], axis=1)
        M = np.empty((d, 2, 2))
        M[:, 0, 0] = 1.0 / a[:, 0] + Uq[:, 0]
        M[:, 0, 1] = M[:, 1, 0] = Uq[:, 1]
        M[:, 1, 1] = 1.0 / a[:, 1] + Uq[:, 2]
        lam = np.linalg.solve(M, rhs[:, :, None])[:, :, 0]
        for rows in _row_blocks(V):
            h, Y = block(rows)
            Y -= (q[rows, None] * lam[None, :, 0] + lam[None, :, 1]) / h
            out[rows] = Y @ T.T
        return out


def _row_blocks(n):
    """Slices of ``_ROWS`` rows covering ``range(n)``."""
    return [slice(lo, min(lo + _ROWS, n)) for lo in range(0, n, _ROWS)]


def _float64_blocks(W):
    """``(rows, W[rows] in float64)`` block by block.

    The rank-one terms' algebra runs in float64 (their sums over V rows), but
    a V x d float64 copy of W, D or g costs 240 MB at V = 100k, d = 300, and
    the refinement's step held several at once: 4,257 MiB peak for the
    whole default fit there against 4,027 MiB between steps (``benchmarks/RESULTS.md``,
    "Issue 14, session 9"). Blocks of ``_ROWS`` rows keep each copy at ~40 MB.
    """
    for rows in _row_blocks(W.shape[0]):
        yield rows, W[rows].astype(np.float64)


def _quartic_minimum(c):
    """The real minimiser of ``sum_k c[k] t^k`` (c[4] > 0) and its value."""
    roots = np.roots([4 * c[4], 3 * c[3], 2 * c[2], c[1]])
    scale = max(1.0, float(np.abs(roots).max()))
    real = roots[np.abs(roots.imag) <= 1e-9 * scale].real
    if real.size == 0:  # rounding: the cubic always has a real root
        real = roots.real
    values = [float(np.polyval(c[::-1], t)) for t in real]
    best = int(np.argmin(values))
    return float(real[best]), values[best]


def refine_weighted(W, P, q, negative, n_iter, *, tol=0.0, floor=0.0, anchor=0.0, signs=None,
                    n_jobs=None):
    """Descend on QWEM's weighted loss from ``W``, at most ``n_iter`` conjugate-gradient steps.

    Parameters
    ----------
    W : ndarray of shape (V, d)
        The start, e.g. the closed form ``V_d Lambda_d^1/2``.
    P : csr_array of shape (V, V)
        Pair distribution (sums to 1), canonical, from
        :func:`~skw2v.statistics.qwem_distributions`.
    q : ndarray of shape (V,)
        Negative marginal (sums to 1).
    negative : float
        k.
    n_iter : int
        The most steps; each costs a pass over P's non-zeros (the gradient), one over
        its upper triangle (the line's coefficients) and a few O(V d^2) products.
    tol : float, default=0.0
        Stop after the first step that lowers the loss by less than ``tol``
        times the loss at the start, ``L_{t-1} - L_t < tol L_0`` (scikit-learn's
        ``NMF`` rule; L the weighted least squares itself,
        :meth:`WeightedQWEMLoss.constant` included, so the rule is scale-free).
        A step that cannot lower the loss (at a stationary point, or float32
        rounding near the optimum) lowers it by 0 and so stops too when
        ``tol > 0``. 0: always ``n_iter`` steps.
    floor : float, default=0.0
        Weight floor alpha: the weights ``G + alpha mean(G) 1 1^T``
        (:class:`WeightedQWEMLoss`).
    anchor : float, default=0.0
        Pull toward ``W`` (the start), of the curvature of a floor of this
        strength (:class:`WeightedQWEMLoss`).
    signs : ndarray of shape (d,) of +-1, default=None
        The model ``s = W S W^T``, ``S = diag(signs)``: a column of sign -1 is
        a negative direction, of word vectors against context vectors that
        point the other way (``W C^T`` with ``C = W S``,
        ``QWEMEmbedding(directions="magnitude")``). None: ``W W^T``.
    n_jobs : int, default=None
        numba threads of the passes.

    Returns
    -------
    W : ndarray of float32 of shape (V, d)
    losses : ndarray of float64 of shape (n_steps + 1,)
        The loss (minus its constant) at the start and after each of the
        ``n_steps <= n_iter`` steps taken (``n_iter`` when ``tol=0``); each
        step is an exact line minimum, so the sequence never increases.

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sp
    >>> from skw2v.statistics import qwem_distributions
    >>> rng = np.random.default_rng(0)
    >>> C = rng.poisson(3.0, size=(30, 30)); X = sp.csr_array((C + C.T).astype(float))
    >>> P, q = qwem_distributions(X)
    >>> W0 = rng.standard_normal((30, 4)) * 0.3
    >>> W, losses = refine_weighted(W0, P, q, 2.0, 5)
    >>> bool(np.all(np.diff(losses) <= 1e-12)), W.shape
    (True, (30, 4))
    """
    if not (isinstance(n_iter, (int, np.integer)) and n_iter >= 0):
        raise ValueError(f"n_iter must be an integer >= 0, got {n_iter!r}.")
    if not (np.isfinite(tol) and tol >= 0):
        raise ValueError(f"tol must be a finite number >= 0, got {tol!r}.")
    W = np.ascontiguousarray(W, dtype=np.float32)
    loss = WeightedQWEMLoss(P, q, negative, floor=floor, anchor=anchor,
                            start=W if anchor else None, signs=signs)
    with numba_threads(n_jobs):
        g, L = loss.gradient(W)
        losses = [L]
        # the smallest decrease a step must make to be followed by another
        least = tol * (L + loss.constant()) if tol else -np.inf
        D = Z_prev = g_prev = None
        for _ in range(n_iter):
            if len(losses) > 1 and losses[-2] - losses[-1] < least:
                break
            Z = loss.precondition(W, g)
            if D is None:
                D = -Z
            else:
                den = float(np.sum(g_prev * Z_prev, dtype=np.float64))
                beta = max(0.0, float(np.sum(g * (Z - Z_prev), dtype=np.float64)) / den) \
                    if den > 0 else 0.0
                D *= beta  # in place: D is this loop's own array
                D -= Z
            coef = loss.line(W, D, g, L)
            if not coef[4] > 0:  # D = 0: at a stationary point
                losses.append(L)
                continue
            t, _ = _quartic_minimum(coef)
            W_new = D * np.float32(t)  # W + t D with one V x d temporary
            W_new += W
            g_new, L_new = loss.gradient(W_new)
            if L_new > L:  # float32 rounding near the optimum: stay
                losses.append(L)
                D = None
                continue
            g_prev, Z_prev = g, Z
            W, g, L = W_new, g_new, L_new
            losses.append(L)
    return W, np.asarray(losses)


def signed_eigenpairs(W, signs):
    """The eigenpairs of ``W S W^T`` (S = diag(signs)), in decreasing magnitude.

    ``W = Q R`` (thin QR), so ``W S W^T = Q (R S R^T) Q^T`` and the d x d
    ``R S R^T`` has the eigenvalues; with every sign +1 these are W's squared
    singular values and its left singular vectors. Signs fixed by
    :func:`~skw2v.linalg.column_signs`.
    """
    if np.all(signs > 0):  # W W^T: the SVD (as before signs existed, to the bit)
        U, s, _ = np.linalg.svd(W.astype(np.float64), full_matrices=False)
        U *= column_signs(U)[None, :]
        return s**2, U
    Q, R = np.linalg.qr(W.astype(np.float64))
    lam, Y = np.linalg.eigh((R * signs[None, :]) @ R.T)
    order = np.argsort(-np.abs(lam), kind="stable")
    lam, U = lam[order], Q @ Y[:, order]
    U *= column_signs(U)[None, :]
    return lam, U
