"""Block LOBPCG for the largest eigenpairs, lean in memory and in dense work.

One block product per iteration and a Rayleigh-Ritz step on the orthonormal
basis ``S = [X, R, P]`` (Ritz vectors, residuals, search directions). Compared
with a textbook version it saves dense work three ways:

- ``S`` and ``A S`` live in two preallocated ``n x 3m`` buffers and are
  updated in place (no ``hstack`` copies; the temporaries are the residual
  block while it is orthonormalised and one ``n x 2m`` work array);
- the Gram matrix ``S^T A S`` reuses ``X^T A X = diag(theta)``, so only its
  ``[R, P]`` columns are computed;
- the next search directions P are orthogonalised against the next X in the
  coefficient space (``S`` is orthonormal, so ``(S a)^T (S b) = a^T b``):
  ``[X, P]`` and ``A [X, P]`` then come from one product with a ``3m x 2m``
  matrix each, with no further orthonormalisation of ``n``-long vectors.

The module depends on numpy only (plus threadpoolctl for the small eigensolve).
"""

import numpy as np
from threadpoolctl import threadpool_limits

__all__ = ["lobpcg_top"]


def small_eigh(T):
    """Eigenpairs of a small symmetric matrix, decreasing, on one BLAS thread.

    LAPACK's tridiagonalisation synchronises its threads O(n) times; on a busy
    machine a 600 x 600 problem measured 1 s with two threads, 0.05 s with one.
    """
    T = np.asarray(T, dtype=np.float64)
    with threadpool_limits(1, user_api="blas"):
        w, E = np.linalg.eigh((T + T.T) / 2)
    return w[::-1], E[:, ::-1]


def gram_orthonormalize(B, Q=None, *, passes=2):
    """Orthonormal columns spanning ``B``'s part orthogonal to the orthonormal ``Q``.

    ``passes`` passes of (block Gram-Schmidt against ``Q``, then an
    eigen-based orthonormalisation of the Gram matrix); directions of ``B``
    that vanish (eigenvalue of ``B^T B`` below 1e-12 in float64, 1e-8 in
    float32, of the largest squared column norm of the ``B`` given) are
    dropped, so the result may have fewer columns. Two passes by default
    because one loses orthogonality when ``B`` is nearly dependent, or when
    its part along ``Q`` is mostly rounding. LOBPCG's residuals are
    orthogonal to its basis in exact arithmetic, and one pass serves while
    they are large (V = 100,000: the same Ritz values to 7 digits after 8
    iterations, ``benchmarks/RESULTS.md``); once a relative residual is
    below the square root of the precision, what is left of them is largely
    the rounding of ``A X - X theta``, and one pass left the basis far from
    orthonormal (after 50-100 iterations at a tolerance it could not meet,
    Ritz values above the top of the spectrum, off by 45 % in float64 and
    20-60 times in float32 on a 400 x 400 test matrix; ``benchmarks/RESULTS.md``,
    "Issue 14, session 13"), so :func:`lobpcg_top` makes two from there.
    The randomized SVD of PPMI-SVD has its own Cholesky QR
    (``skw2v/estimators/_pmi_svd.py: _orthonormal``), which keeps the block's
    width instead of dropping directions; its docstring says why the two are
    not one.

    Parameters
    ----------
    B : ndarray of shape (n, b)
        Not modified.
    Q : ndarray of shape (n, q) with orthonormal columns, or list of such, default=None
    passes : int, default=2

    Returns
    -------
    ndarray of shape (n, b') with b' <= b, dtype of B
    """
    Qs = [] if Q is None else (Q if isinstance(Q, list) else [Q])
    cut = 1e-12 if B.dtype == np.float64 else 1e-8
    # what "vanishes" is measured against B as given (first pass), then
    # against the unit columns of the first pass's result
    size = float(np.max(np.einsum("ij,ij->j", B, B, dtype=np.float64), initial=0.0))
    for _ in range(passes):
        for k, Qi in enumerate(Qs):
            C = Qi.T @ B
            B = B - Qi @ C if k == 0 else _sub_inplace(B, Qi @ C)
        w, E = small_eigh(B.T @ B)
        keep = w > max(size, 1e-300) * cut
        T = (E[:, keep] / np.sqrt(w[keep])[None, :]).astype(B.dtype)
        B = B @ T
        size = 1.0
    return B


def _sub_inplace(B, D):
    B -= D
    return B


def _complement(C, n_skip):
    """Orthonormal columns spanning the part of ``C[n_skip:]`` (rows) outside ``C``.

    ``C`` (k x m) has orthonormal columns; the result (k x p, p <= m) is
    orthonormal and orthogonal to ``C``: the coefficients, in an orthonormal
    basis, of the next LOBPCG search directions.
    """
    D = C.copy()
    D[:n_skip] = 0.0
    for _ in range(2):
        D -= C @ (C.T @ D)
        w, E = np.linalg.eigh(D.T @ D)
        keep = w > max(w.max(initial=0.0), 1e-300) * 1e-12
        D = D @ (E[:, keep] / np.sqrt(w[keep])[None, :])
    return D


def lobpcg_top(matmat, X, *, n_wanted, tol, max_iter, which="largest", callback=None):
    """Largest (or largest-magnitude) eigenpairs of a symmetric operator by block LOBPCG.

    Parameters
    ----------
    matmat : callable
        ``matmat(B)`` returns ``A @ B`` for a C-contiguous ``(n, b)`` block, in
        B's dtype.
    X : ndarray of shape (n, m)
        Starting block (m >= n_wanted); its dtype (float32 or float64) is the
        precision of every product and of the basis.
    n_wanted : int
        The pairs whose residuals decide convergence (the top ``n_wanted``).
    tol : float
        Stop when ``||A x_i - theta_i x_i|| <= tol |theta_i|`` for each of the
        top ``n_wanted`` pairs. Columns that meet it are dropped from the
        residual block (soft locking: they stay in the basis, their residuals
        cost no product).
    max_iter : int
        Iterations at most (one block product each, after the first).
    which : {"largest", "magnitude"}, default="largest"
        Which m Ritz pairs of each Rayleigh-Ritz step are kept: the largest
        algebraic ones, or those of largest ``|theta|`` (both ends of the
        spectrum in one block: the subspace ``[X, R, P]`` holds good
        approximations at either end, as a Krylov space does).
    callback : callable, default=None
        ``callback(n_iter, theta, X, residual_norms)`` after every Rayleigh-Ritz
        step (the arrays are views, valid only during the call).

    Returns
    -------
    theta : ndarray of float64 of shape (m,)
        Ritz values, decreasing (in value, or in magnitude with
        ``which="magnitude"``).
    X : ndarray of shape (n, m)
        Ritz vectors (orthonormal), in the order of ``theta``.
    info : dict
        ``"n_iter"``, ``"n_products"`` (block products, columns counted per
        block), ``"residual_norms"`` of shape (m,).
    """
    if which not in ("largest", "magnitude"):
        raise ValueError(f"which must be 'largest' or 'magnitude', got {which!r}.")
    n, m = X.shape
    dtype = X.dtype
    X = gram_orthonormalize(np.ascontiguousarray(X))
    if X.shape[1] < m:
        raise ValueError("The starting block is rank deficient.")
    # S = [X, P, R] and AS = A S, updated in place: the basis [X, P] and the
    # Rayleigh-Ritz space [X, P, R] are leading columns of S, so nothing moves.
    S = np.empty((n, 3 * m), dtype=dtype)
    AS = np.empty((n, 3 * m), dtype=dtype)
    S[:, :m] = X
    AS[:, :m] = matmat(X)
    del X
    n_products = 1
    theta, C = _select(*small_eigh(S[:, :m].T @ AS[:, :m]), m, which)
    _rotate(S, AS, C.astype(dtype), None, m)
    n_p = 0  # columns of P held in S[:, m: m + n_p]
    res = _residual_norms(S, AS, theta, m)
    n_iter = 0
    if callback is not None:
        callback(0, theta, S[:, :m], res)
    scale = np.maximum(np.abs(theta), np.finfo(np.float64).tiny)
    rounding = np.sqrt(np.finfo(dtype).eps)
    while n_iter < max_iter and not np.all(res[:n_wanted] <= tol * scale[:n_wanted]):
        n_iter += 1
        active = np.flatnonzero(res > tol * scale)
        X, AX = S[:, :m], AS[:, :m]
        if active.size < m:
            X, AX = X[:, active], AX[:, active]
        R = np.multiply(X, -theta[active].astype(dtype)[None, :])
        R += AX
        del X, AX
        basis = S[:, :m + n_p]
        # R is orthogonal to the basis in exact arithmetic (Galerkin): one pass,
        # two once a residual nears the rounding of A X - X theta (then R is
        # mostly rounding along the basis; gram_orthonormalize says what one
        # pass did there). At tol >= sqrt(eps), as by default, never.
        rel = res[active] / scale[active]
        R = gram_orthonormalize(R, basis, passes=1 if rel.min() >= rounding else 2)
        n_r = R.shape[1]
        if n_r == 0:
            break
        AR = matmat(R)
        n_products += 1
        k = m + n_p + n_r
        S[:, m + n_p:k] = R
        AS[:, m + n_p:k] = AR
        del R, AR
        H = np.zeros((k, k))
        H[:m, :m] = np.diag(theta)
        H[:, m:] = S[:, :k].T @ AS[:, m:k]
        H[m:, :m] = H[:m, m:].T
        theta, C = _select(*small_eigh(H), m, which)
        Cp = _complement(C, m)
        n_p = Cp.shape[1]
        _rotate(S, AS, C.astype(dtype), Cp.astype(dtype), m)
        res = _residual_norms(S, AS, theta, m)
        scale = np.maximum(np.abs(theta), np.finfo(np.float64).tiny)
        if callback is not None:
            callback(n_iter, theta, S[:, :m], res)
    return theta, S[:, :m].copy(), {"n_iter": n_iter, "n_products": n_products,
                                    "residual_norms": res}


def _select(theta, E, m, which):
    """The m Ritz pairs kept, from ``small_eigh``'s decreasing ones."""
    if which == "largest":
        return theta[:m], E[:, :m]
    keep = np.argsort(-np.abs(theta), kind="stable")[:m]
    return theta[keep], E[:, keep]


def _rotate(S, AS, C, Cp, m):
    """``[X, P] <- S[:, :k] @ [C, Cp]`` and alike for ``AS``, in place (k = len(C)).

    X goes to columns ``[0, m)``, P to ``[m, m + p)``; one ``n x (m + p)``
    work array at a time.
    """
    k = C.shape[0]
    G = C if Cp is None else np.hstack([C, Cp])
    for B in (S, AS):
        W = B[:, :k] @ G
        B[:, :G.shape[1]] = W
        del W


def _residual_norms(S, AS, theta, m, rows=8192):
    """``||A x_i - theta_i x_i||`` of the Ritz pairs in S[:, :m], in float64.

    Row blocks keep the temporary small.
    """
    t = theta.astype(S.dtype)[None, :]
    out = np.zeros(m)
    for a in range(0, S.shape[0], rows):
        R = AS[a:a + rows, :m] - S[a:a + rows, :m] * t
        out += np.einsum("ij,ij->j", R, R, dtype=np.float64)
    return np.sqrt(out)
