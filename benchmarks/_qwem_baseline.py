"""QWEM's closed-form solve as it was before the Scale work, kept to measure against.

A frozen copy of our own code at commit 129401b (``skw2v/linalg/_eigensolvers.py``
``_small_eigh``, ``_orthonormalize``, ``_eig_lobpcg``,
``skw2v/statistics/_qwem_target.py`` ``qwem_sparse_part`` and
``QWEMTargetOperator._matmat``, and ``skw2v/kernels/spmm.py`` ``csr_matmat``),
so that
``bench_qwem.py`` runs "today's settings" and the new ones side by side in one
process: the operator's values by numpy (nnz-long temporaries, index copies),
LOBPCG with ``hstack``-ed bases, block d + max(10, d/10), ``max_iter=8``,
``tol=1e-3``, float32 products through the same numba kernel.
"""

import numpy as np
import scipy.sparse as sp
from numba import njit, prange
from scipy.sparse.linalg import LinearOperator
from threadpoolctl import threadpool_limits

from skw2v._threads import numba_threads
from skw2v.statistics import QWEMTargetOperator

__all__ = ["BaselineOperator", "baseline_csr_matmat", "baseline_lobpcg", "baseline_sparse_part"]


def baseline_sparse_part(P, q, negative, *, dtype=np.float64):
    V = P.shape[0]
    rows = np.repeat(np.arange(V, dtype=np.intp), np.diff(P.indptr))
    Qv = negative * q[rows] * q[P.indices]
    data = 4.0 * P.data / (P.data + Qv)
    return sp.csr_array(
        (data.astype(dtype), P.indices.copy(), P.indptr.copy()), shape=P.shape
    )


@njit(cache=True, parallel=True, nogil=True)
def baseline_csr_matmat(indptr, indices, data, B, out):
    """``out = A @ B`` for CSR ``A``, parallel over rows (the kernel of commit 129401b)."""
    n_rows = indptr.shape[0] - 1
    b = B.shape[1]
    for i in prange(n_rows):
        for c in range(b):
            out[i, c] = 0.0
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            v = data[e]
            for c in range(b):
                out[i, c] += v * B[j, c]
    return out


def _small_eigh(T):
    """Eigenpairs of a small symmetric matrix, decreasing, on one BLAS thread.

    LAPACK's tridiagonalisation synchronises its threads O(n) times; on a busy
    machine a 600 x 600 problem measured 1 s with two threads, 0.05 s with one.
    """
    T = np.asarray(T, dtype=np.float64)
    with threadpool_limits(1, user_api="blas"):
        w, E = np.linalg.eigh((T + T.T) / 2)
    return w[::-1], E[:, ::-1]


def _orthonormalize(B, Q=None, AB=None):
    """B made orthonormal (and orthogonal to the orthonormal Q, if given).

    Two passes of block Gram-Schmidt against Q and of Gram-matrix (eigen) QR;
    directions of B that vanish are dropped. ``AB = op(B)``, when given (only
    without Q), is transformed alike so it stays ``op(B)``.
    """
    for _ in range(2):
        if Q is not None:
            B = B - Q @ (Q.T @ B)
        w, E = _small_eigh(B.T @ B)
        keep = w > max(w.max(initial=0.0), 1e-300) * 1e-12
        T = E[:, keep] / np.sqrt(w[keep])[None, :]
        T = T.astype(B.dtype)
        B = B @ T
        if AB is not None:
            AB = AB @ T
    return B, AB


def _eig_lobpcg(op, d, tol, max_iter, rng, verbose):
    """Block LOBPCG for the largest eigenvalues, Rayleigh-Ritz on [X, R, P].

    Our own lean version: the basis is kept orthonormal (so Rayleigh-Ritz is a
    standard symmetric eigenproblem of size <= 3m) and every block is applied to
    the operator exactly once per iteration (one sparse block product).
    """
    V = op.shape[0]
    m = int(min(V, d + max(10, d // 10)))
    dtype = op.dtype
    X, _ = _orthonormalize(rng.standard_normal((V, m)).astype(dtype))
    AX = op.matmat(X)
    lam, C = _small_eigh(X.T @ AX)
    C = C.astype(dtype)
    X, AX = X @ C, AX @ C
    P = AP = None
    n_iter = 0
    res = np.full(m, np.inf)
    for n_iter in range(1, max_iter + 1):
        R = AX - X * lam[None, :].astype(dtype)
        res = np.linalg.norm(R, axis=0).astype(np.float64)
        scale = np.maximum(np.abs(lam), np.finfo(float).eps)
        if np.all(res[:d] <= tol * scale[:d]):
            n_iter -= 1
            break
        R = R[:, res > tol * scale]
        # R orthonormal and orthogonal to X (and to P); then one block product
        Q = X if P is None else np.hstack([X, P])
        R, _ = _orthonormalize(R, Q)
        AR = op.matmat(R)
        if P is None:
            S, AS = np.hstack([X, R]), np.hstack([AX, AR])
        else:
            S, AS = np.hstack([X, R, P]), np.hstack([AX, AR, AP])
        theta, C = _small_eigh(S.T @ AS)
        theta, C = theta[:m], C[:, :m].astype(dtype)
        # the new search directions: the parts of the new X outside the old X
        Pn, APn = S[:, m:] @ C[m:], AS[:, m:] @ C[m:]
        X, AX = S @ C, AS @ C
        lam = theta
        # P orthonormal and orthogonal to the new X, with AP updated alike
        Cp = X.T @ Pn
        Pn, APn = Pn - X @ Cp, APn - AX @ Cp
        P, AP = _orthonormalize(Pn, AB=APn)
        if verbose:
            print(f"lobpcg iteration {n_iter}: max relative residual "
                  f"{np.max(res[:d] / scale[:d]):.2e}")
    R = AX[:, :d] - X[:, :d] * lam[None, :d].astype(dtype)
    return lam[:d], X[:, :d], {"n_iter": n_iter,
                              "residual_norms": np.linalg.norm(R, axis=0)}


class BaselineOperator(QWEMTargetOperator):
    """Today's M* operator: S built by :func:`baseline_sparse_part`, products by
    :func:`baseline_csr_matmat` (frozen, so that a faster kernel counts on the new side only)."""

    def __init__(self, P, q, negative, *, dtype=np.float64, n_jobs=None):
        LinearOperator.__init__(self, dtype=np.dtype(dtype), shape=P.shape)
        self.S = baseline_sparse_part(P, q, negative, dtype=dtype)
        self.negative = negative
        self.n_jobs = n_jobs

    def _matmat(self, B):
        B = np.ascontiguousarray(B, dtype=self.dtype)
        if B.ndim == 1:
            B = B[:, None]
        out = np.empty((self.shape[0], B.shape[1]), dtype=self.dtype)
        S = self.S
        with numba_threads(self.n_jobs):
            baseline_csr_matmat(S.indptr, S.indices, S.data, B, out)
        out -= 2.0 * B.sum(axis=0, dtype=np.float64).astype(self.dtype)[None, :]
        return out


def baseline_lobpcg(op, d, *, tol=1e-3, max_iter=8, random_state=0):
    """Today's ``top_eigenpairs(op, d, solver="lobpcg")``: top-d Ritz pairs, decreasing."""
    rng = np.random.RandomState(random_state)
    lam, U, info = _eig_lobpcg(op, d, tol, max_iter, rng, 0)
    order = np.argsort(lam)[::-1]
    return lam[order], U[:, order], info
