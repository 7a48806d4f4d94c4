"""Chebyshev-filtered subspace iteration for the largest eigenpairs.

Each outer step applies a degree-k Chebyshev polynomial of the operator to the
block (k block products, a three-term recurrence: no dense work beyond
``n x m`` axpys), then orthonormalises the block and does one Rayleigh-Ritz
step (one more product). The polynomial is small on the interval ``[a, b]``
of unwanted eigenvalues and grows fast above ``b``, so the block is steered to
the top of the spectrum at the cost of products alone: Rayleigh-Ritz on an
``n x m`` basis costs a fraction of LOBPCG's on ``n x 3m`` (Zhou & Saad 2007,
"A Chebyshev-Davidson algorithm for large symmetric eigenproblems").

The interval comes from a short Lanczos run (single vectors, float64): its
lowest Ritz value minus its residual bounds the spectrum from below. A few
isolated eigenvalues far below the rest (QWEM's M* has one near -2V, from its
``-2 11^T`` part) would stretch the interval and flatten the filter, so they
are deflated: the operator the filter sees is ``A - sum_o lambda_o u_o u_o^T``.
"""

import numpy as np

from ._lobpcg import gram_orthonormalize, small_eigh

__all__ = ["chebyshev_top", "lanczos_extremes"]


def lanczos_extremes(matvec, v0, n_steps):
    """Ritz pairs of a symmetric operator from ``n_steps`` Lanczos steps (full reorthogonalisation).

    Parameters
    ----------
    matvec : callable
        ``matvec(x)`` for a float64 vector.
    v0 : ndarray of shape (n,)
    n_steps : int

    Returns
    -------
    theta : ndarray of shape (s,)
        Ritz values, increasing (s <= n_steps).
    U : ndarray of shape (n, s)
        Ritz vectors.
    res : ndarray of shape (s,)
        Residual norms ``||A u - theta u||`` (from the recurrence).
    """
    n = v0.shape[0]
    Q = np.zeros((n, n_steps))
    alpha, beta = [], []
    q = v0 / np.linalg.norm(v0)
    b = 0.0
    for j in range(n_steps):
        Q[:, j] = q
        w = matvec(q)
        a = float(q @ w)
        w = w - a * q - (b * Q[:, j - 1] if j else 0.0)
        for _ in range(2):
            w -= Q[:, :j + 1] @ (Q[:, :j + 1].T @ w)
        alpha.append(a)
        b = float(np.linalg.norm(w))
        beta.append(b)
        if b <= 1e-12 * max(abs(x) for x in alpha):
            break
        q = w / b
    s = len(alpha)
    T = np.diag(alpha) + np.diag(beta[:s - 1], 1) + np.diag(beta[:s - 1], -1)
    theta, E = np.linalg.eigh(T)
    return theta, Q[:, :s] @ E, np.abs(beta[s - 1] * E[-1])


def _filter(matmat, X, degree, a, b, top):
    """``p(A) X / p(top)`` for ``p = T_degree((x - c) / e)``, the Chebyshev polynomial of ``[a, b]``.

    ``|p| <= 1`` on ``[a, b]`` and p grows like ``exp(degree * acosh(...))``
    above b. Dividing each term of the three-term recurrence by
    ``rho_j = T_j((top - c) / e)`` keeps the block near unit size.
    """
    e = (b - a) / 2
    c = (b + a) / 2
    tau = (top - c) / e
    t = X.dtype.type
    rho_prev, rho = 1.0, tau
    Y_prev, Y = X, (matmat(X) - t(c) * X) * t(1.0 / (e * tau))
    for _ in range(1, degree):
        rho_next = 2.0 * tau * rho - rho_prev
        Z = matmat(Y)
        Z -= t(c) * Y
        Z *= t(2.0 * rho / (e * rho_next))
        Z -= t(rho_prev / rho_next) * Y_prev
        Y_prev, Y = Y, Z
        rho_prev, rho = rho, rho_next
    return Y


def chebyshev_top(matmat, X, *, n_wanted, degrees, lower, upper_start=None, callback=None):
    """Largest eigenpairs by Chebyshev-filtered subspace iteration.

    Parameters
    ----------
    matmat : callable
        ``matmat(B)`` returns ``A @ B`` (deflated already, if needed) in B's dtype.
    X : ndarray of shape (n, m)
        Starting block; its dtype is the precision of the products.
    n_wanted : int
        The top pairs wanted (<= m); the filter's interval ends at the Ritz
        value ``m`` (the first one not needed).
    degrees : sequence of int
        Polynomial degree of each outer step.
    lower : float
        A lower bound of the spectrum (of the deflated operator).
    upper_start : float, default=None
        Upper end of the damped interval for the first step; None: from a
        Rayleigh-Ritz step on ``X`` first (one more product).
    callback : callable, default=None
        ``callback(step, theta, X)`` after every Rayleigh-Ritz step.

    Returns
    -------
    theta : ndarray of shape (m,), decreasing
    X : ndarray of shape (n, m), orthonormal Ritz vectors
    info : dict with ``"n_iter"`` (outer steps), ``"n_products"``, ``"residual_norms"``
    """
    m = X.shape[1]
    n_products = 0
    X = gram_orthonormalize(np.ascontiguousarray(X))
    if upper_start is None:
        AX = matmat(X)
        n_products += 1
        theta, C = small_eigh(X.T @ AX)
        b = theta[-1]
    else:
        b = upper_start
        theta = None
    for step, degree in enumerate(degrees, start=1):
        top = theta[0] if theta is not None else b + (b - lower)
        Y = _filter(matmat, X, degree, lower, b, top)
        n_products += degree
        # Householder QR: the filtered columns differ in size by the filter's
        # gain (1e4-1e6), which a Gram-matrix method would square.
        X = np.linalg.qr(Y)[0]
        del Y
        AX = matmat(X)
        n_products += 1
        theta, C = small_eigh(X.T @ AX)
        C = C.astype(X.dtype)
        X, AX = X @ C, AX @ C
        b = theta[min(m, X.shape[1]) - 1]
        if callback is not None:
            callback(step, theta, X)
    R = AX - X * theta.astype(X.dtype)[None, :]
    res = np.sqrt(np.einsum("ij,ij->j", R, R, dtype=np.float64))
    return theta, X, {"n_iter": len(degrees), "n_products": n_products, "residual_norms": res}
