"""Top eigenpairs of a large symmetric operator given only by its block products.

Four solvers behind one entry point, :func:`top_eigenpairs`:

- ``"lobpcg"``: our own lean block LOBPCG (orthonormal basis, one block
  product per iteration, float32 products, small eigenproblems on one
  thread). scipy's ``lobpcg`` converged alike per iteration on QWEM's M* but
  spent 60-80 % of its time in generalized eigenproblems and
  B-orthonormalisation; inside the estimator it took 18.7 s where ours took
  13.4 s (V = 10k, d = 200; ``benchmarks/RESULTS.md``).
- ``"randomized"``: restarted randomized block Krylov.
- ``"arpack"``: Lanczos, ``scipy.sparse.linalg.eigsh`` (one vector at a time).
- ``"dense"``: the operator built dense and ``scipy.linalg.eigh`` (small
  problems only).

The module depends on numpy and scipy only (plus threadpoolctl for one measured
single-threaded small eigensolve), so it can be tuned on its own.
"""

import numbers

import numpy as np
import scipy.linalg as sla
from scipy.sparse.linalg import LinearOperator, eigsh

from .._validation import check_allocation
from ._chebyshev import lanczos_extremes
from ._lobpcg import gram_orthonormalize, lobpcg_top, small_eigh
from ._signs import fix_signs

__all__ = ["EIGENSOLVERS", "select_eigensolver", "top_eigenpairs", "top_magnitude_eigenpairs"]

#: The solvers :func:`top_eigenpairs` accepts (besides ``"auto"``).
EIGENSOLVERS = ("lobpcg", "randomized", "arpack", "dense")

# Below this size a dense eigendecomposition is cheap and exact.
_DENSE_MAX_N = 2000
# Default iterations: LOBPCG 6 (enwiki-17m with the default counts: V=68,017
# (max_vocab_size=100k), d=300: analogy 0.5537 / 0.4539 @10k/@30k at 6 against
# 0.5512 / 0.4538 for ARPACK's exact eigenvectors, 0.5402 / 0.4463 at 5; V=10k,
# d=200: 0.5679 / 0.5804 at 6 against 0.5706 / 0.5749 at 8, seeds 0 / 1;
# benchmarks/RESULTS.md), 3 restarts of 2 Krylov blocks, ARPACK its own.
_DEFAULT_MAX_ITER = {"lobpcg": 6, "randomized": 3, "arpack": None, "dense": None}


def select_eigensolver(n, n_components):
    """The solver ``solver="auto"`` uses for an ``n x n`` operator.

    "dense" for n <= 2000 or when the block (about 1.1 ``n_components``)
    exceeds a tenth of n, else "lobpcg". Measured at n = 10,000: d = 200
    takes 11 s by LOBPCG and 62 s dense, but d = 1024 (a block a tenth of n)
    227 s dense and over 570 s by LOBPCG.

    Parameters
    ----------
    n : int
        Size of the operator.
    n_components : int
        Number of eigenpairs wanted.

    Returns
    -------
    str
        "dense" or "lobpcg".
    """
    wide = n < 10 * _block_size(n_components, n)
    return "dense" if n <= _DENSE_MAX_N or wide else "lobpcg"


def top_eigenpairs(op, n_components, *, solver="auto", tol=1e-3, max_iter=None,
                   random_state=None, verbose=0):
    """The ``n_components`` largest (algebraic) eigenpairs of a symmetric operator.

    Parameters
    ----------
    op : scipy.sparse.linalg.LinearOperator of shape (n, n)
        Symmetric, float32 or float64; only ``op.matmat`` is called. The
        block products of "lobpcg" and "dense" run in ``op.dtype``;
        "randomized" and "arpack" see it in float64.
    n_components : int
        How many eigenpairs, ``1 <= n_components < n``.
    solver : {"auto", "lobpcg", "randomized", "arpack", "dense"}, default="auto"
        Used as given; "auto" picks by :func:`select_eigensolver`.
    tol : float, default=1e-3
        Relative residual tolerance (lobpcg: ``||A v - lambda v|| <= tol
        |lambda|`` for every wanted pair; arpack: its own ``tol``).
    max_iter : int, default=None
        Iterations (lobpcg), restarts (randomized) or ARPACK's ``maxiter``;
        None: 6, 3 and ARPACK's default.
    random_state : None, int or numpy.random.RandomState
        Starting block of the iterative solvers.
    verbose : int, default=0
        Print the residual of each LOBPCG iteration.

    Returns
    -------
    eigenvalues : ndarray of float64 of shape (n_components,)
        In decreasing order.
    eigenvectors : ndarray of float64 of shape (n, n_components)
        Orthonormal columns; each column's largest-magnitude entry is positive.
    info : dict
        ``"solver"`` (the one used), ``"n_iter"`` (None for arpack, 0 for
        dense) and ``"residual_norms"`` (``||A v - lambda v||`` per pair, in the
        order of ``eigenvalues``; None for arpack and dense); for lobpcg also
        ``"n_products"`` (block products) and ``"deflated"`` (the low outlier
        eigenvalues removed before the solve, see :func:`deflated_matmat`).

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.sparse.linalg import aslinearoperator
    >>> A = np.diag([5.0, 4.0, 3.0, 2.0, 1.0])
    >>> lam, U, info = top_eigenpairs(aslinearoperator(A), 2, solver="dense")
    >>> lam, info["solver"]
    (array([5., 4.]), 'dense')
    """
    n, d, solver = _check_request(op, n_components, solver)
    rng = _as_rng(random_state)
    lam, U, info = _solve(op, d, solver, "largest", tol, max_iter, rng, verbose)
    order = np.argsort(lam)[::-1]
    return _finish(lam, U, info, order, solver)


def top_magnitude_eigenpairs(op, n_components, *, n_outliers=1, solver="auto", tol=1e-3,
                             max_iter=None, random_state=None, verbose=0):
    """The ``n_components`` eigenpairs of largest magnitude, a low outlier left out.

    The best rank-d approximation of a symmetric matrix by a product ``W C^T``
    of two factors (word2vec's word and context vectors) keeps its d eigenpairs
    of largest ``|lambda|``, negative ones included; a symmetric ``W W^T`` can
    only keep positive ones (:func:`top_eigenpairs`). The ``n_outliers``
    most negative eigenvalues are left out when they are outliers, more
    negative than the largest is positive (``lambda < -lambda_max``):
    QWEM's M* has one near ``-2 V`` from its rank-one ``-2 11^T`` part, the value
    of every pair never seen, whose eigenvector is within a few degrees of the
    uniform one (cosine 0.997 at enwiki-17m, V = 10k): a direction every word
    shares, which would dominate every vector and carries nothing about any
    one word.

    One solve: every solver keeps the pairs of largest ``|lambda|`` at each
    step (LOBPCG and block Krylov select their Ritz pairs by magnitude, ARPACK
    runs ``which="LM"``, "dense" decomposes the whole matrix), with
    ``n_components`` plus the outliers not yet deflated wanted. LOBPCG deflates
    up to ``n_outliers`` of them first (:func:`deflated_matmat`), so its block
    is the one :func:`top_eigenpairs` uses. Until session 12 this ran two
    LOBPCG solves, the top of ``op`` and then the top of ``-op`` with twice
    the iterations (7 + 13 block products); on QWEM's M* at V = 68,017,
    d = 300 the one solve takes 7 products, 50 s against 75 s, at analogy
    0.568 / 0.457 against the exact eigenvectors' 0.564 / 0.454 (ARPACK
    ``which="LM"``, tol 1e-6), and at V = 10k, d = 200 6.8 s against 10.3 s
    with the same negative directions (``benchmarks/RESULTS.md``, "Issue 14,
    session 12").

    Parameters
    ----------
    op, n_components, solver, tol, max_iter, random_state, verbose
        As :func:`top_eigenpairs`.
    n_outliers : int, default=1
        How many of the most negative eigenpairs may be left out as outliers
        (the rank of the part they come from; 0: none). Only the outliers
        among them are: a genuine direction just below ``-lambda_max`` is
        kept once ``n_outliers`` are out.

    Returns
    -------
    eigenvalues : ndarray of float64 of shape (n_components,)
        In decreasing magnitude; some may be negative.
    eigenvectors : ndarray of float64 of shape (n, n_components)
        Orthonormal to the solver's accuracy; each column's largest-magnitude
        entry is positive.
    info : dict
        As :func:`top_eigenpairs` (``residual_norms`` in the order of
        ``eigenvalues``), plus ``"outliers"``, the low outlier eigenvalues
        found and left out (deflated or solved for).

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.sparse.linalg import aslinearoperator
    >>> A = np.diag([5.0, 1.0, 0.5, -3.0, -40.0])
    >>> lam, U, info = top_magnitude_eigenpairs(aslinearoperator(A), 2, solver="dense")
    >>> lam, info["outliers"]
    (array([ 5., -3.]), array([-40.]))
    """
    if (not isinstance(n_outliers, numbers.Integral) or isinstance(n_outliers, bool)
            or n_outliers < 0):
        raise ValueError(f"n_outliers must be a non-negative integer, got {n_outliers!r}.")
    n, d, solver = _check_request(op, n_components, solver)
    rng = _as_rng(random_state)
    # every outlier might be among the largest in magnitude: solve for them too
    # (LOBPCG deflates them first and asks only for those it could not); an
    # operator too small to hold d + n_outliers pairs leaves fewer out
    n_extra = min(int(n_outliers), n - 1 - d)
    lam, U, info = _solve(op, d + n_extra, solver, "magnitude", tol, max_iter, rng, verbose,
                          n_outliers=n_extra)
    deflated = info.pop("deflated", np.empty(0))
    lam = np.asarray(lam, dtype=np.float64)
    outlier = np.zeros(lam.shape[0], dtype=bool)
    low = np.argsort(lam, kind="stable")[:lam.shape[0] - d]  # the extras not deflated
    outlier[low] = low_outliers(lam)[low]
    order = np.argsort(-np.abs(np.where(outlier, 0.0, lam)), kind="stable")[:d]
    out = _finish(lam, U, info, order, solver)
    out[2]["outliers"] = np.concatenate([deflated, lam[outlier]])
    return out


def low_outliers(eigenvalues):
    """Which eigenvalues are low outliers: more negative than the largest is positive.

    ``lambda < -max(lambda_max, 0)``: the rule by which :func:`top_magnitude_eigenpairs`,
    its deflation (:func:`deflated_matmat`) and ``QWEMEmbedding``'s refined
    signed model tell the direction of M*'s ``-2 11^T`` part (near ``-2 V``)
    from the genuine negative directions (a few times smaller than the top).

    Parameters
    ----------
    eigenvalues : array-like of float of shape (k,)
        Eigenvalues (or Ritz values), in any order.

    Returns
    -------
    mask : ndarray of bool of shape (k,)

    Examples
    --------
    >>> low_outliers([5.0, -3.0, -40.0])
    array([False, False,  True])
    """
    lam = np.asarray(eigenvalues, dtype=np.float64)
    if lam.size == 0:
        return np.zeros(0, dtype=bool)
    return lam < -max(float(lam.max()), 0.0)


def _check_request(op, n_components, solver):
    """Validate the arguments both entry points share; ``(n, d, solver)``."""
    n = op.shape[0]
    if op.shape != (n, n):
        raise ValueError(f"op must be square, got shape {op.shape}.")
    if (not isinstance(n_components, numbers.Integral) or isinstance(n_components, bool)
            or not 1 <= n_components < n):
        raise ValueError(
            f"n_components must be an integer in [1, {n}) for an operator of size {n}, "
            f"got {n_components!r}."
        )
    if solver == "auto":
        solver = select_eigensolver(n, n_components)
    if solver not in EIGENSOLVERS:
        raise ValueError(
            f"solver must be 'auto' or one of {EIGENSOLVERS}, got {solver!r}."
        )
    return n, int(n_components), solver


def _as_rng(random_state):
    return random_state if isinstance(random_state, np.random.RandomState) \
        else np.random.RandomState(random_state)


def _solve(op, d, solver, which, tol, max_iter, rng, verbose, n_outliers=None):
    """The d eigenpairs ``which`` asks for, unordered, by one solver."""
    if max_iter is None:
        max_iter = _DEFAULT_MAX_ITER[solver]
    if solver == "dense":
        return _eig_dense(op, d, which)
    if solver == "lobpcg":
        return _eig_lobpcg(op, d, tol, max_iter, rng, verbose, which, n_outliers)
    if solver == "randomized":
        return _eig_block_krylov(_as_float64_operator(op), d, 2, max_iter, rng, which)
    return _eig_arpack(_as_float64_operator(op), d, tol, max_iter, rng, which)


def _finish(lam, U, info, order, solver):
    """Reorder the pairs, fix the signs, and say what the solver did."""
    lam = np.asarray(lam, dtype=np.float64)[order]
    U = fix_signs(np.array(U[:, order], dtype=np.float64))
    res = info.get("residual_norms")
    out = {"solver": solver, "n_iter": info.get("n_iter"),
           "residual_norms": None if res is None else np.asarray(res)[order]}
    for key in ("n_products", "deflated"):
        if key in info:
            out[key] = info[key]
    return lam, U, out


def _as_float64_operator(op):
    """Wrap a float32 operator so solvers see float64 in and out."""
    if op.dtype == np.float64:
        return op

    def matmat(B):
        return op.matmat(np.asarray(B, dtype=op.dtype)).astype(np.float64)

    return LinearOperator(op.shape, matvec=lambda x: matmat(np.reshape(x, (-1, 1)))[:, 0],
                          matmat=matmat, rmatvec=lambda x: matmat(np.reshape(x, (-1, 1)))[:, 0],
                          dtype=np.float64)


def _block_size(d, V):
    return int(min(V, d + max(10, d // 10)))


def _eig_dense(op, d, which):
    V = op.shape[0]
    # eye, the product, its float64 copy and the symmetrised matrix: ~4 V x V
    check_allocation(4 * 8 * V * V, f"solver='dense' at V={V} (dense V x V matrices)",
                     "use solver='lobpcg' (or 'auto', which picks it above V=2000)")
    M = op.matmat(np.eye(V, dtype=op.dtype)).astype(np.float64)
    M = (M + M.T) / 2
    if which == "largest":
        lam, U = sla.eigh(M, subset_by_index=(V - d, V - 1))
    else:
        lam, U = sla.eigh(M)
        keep = np.argsort(-np.abs(lam), kind="stable")[:d]
        lam, U = lam[keep], U[:, keep]
    return lam, U, {"n_iter": 0}


def _eig_lobpcg(op, d, tol, max_iter, rng, verbose, which, n_outliers):
    """Block LOBPCG (:func:`._lobpcg.lobpcg_top`) on ``op`` with its low outliers deflated.

    ``n_outliers`` caps how many are deflated (None: all found); they are
    counted against ``d``, the pairs wanted with them, in ``info["deflated"]``.
    """
    V = op.shape[0]
    matmat, outliers = deflated_matmat(op, rng, max_outliers=n_outliers)
    if n_outliers is not None:
        d -= outliers.shape[0]
    m = _block_size(d, V)
    X = rng.standard_normal((V, m)).astype(op.dtype)

    def report(n_iter, theta, X, res):
        rel = res[:d] / np.maximum(np.abs(theta[:d]), np.finfo(float).tiny)
        print(f"lobpcg iteration {n_iter}: relative residual median {np.median(rel):.2e}, "
              f"max {rel.max():.2e}")

    theta, X, info = lobpcg_top(matmat, X, n_wanted=d, tol=tol, max_iter=max_iter,
                                which=which, callback=report if verbose else None)
    info["residual_norms"] = info["residual_norms"][:d]
    info["deflated"] = outliers
    return theta[:d], X[:, :d], info


def deflated_matmat(op, rng, n_steps=12, max_outliers=None):
    """``op``'s block product with its isolated low outliers deflated, and those outliers.

    A few Lanczos steps (single vectors, float64) find the lowest eigenpairs;
    the converged ones below ``-theta_max`` (more negative than the top of the
    spectrum is positive) are removed, ``A - sum lambda_o u_o u_o^T``. They
    cannot be among the largest eigenvalues, and they set the spread of the
    spectrum that block methods must bridge: QWEM's M* has one near ``-1.3 V``
    from its ``-2 11^T`` part (V = 100,000: -134,400 against a top eigenvalue
    of 4,666 and a next-lowest of -737), so deflating it shrinks the spread
    26-fold.

    Parameters
    ----------
    op : LinearOperator of shape (n, n), symmetric
    rng : numpy.random.RandomState
    n_steps : int, default=12
        Lanczos steps (outliers 30 times the top converge to 1e-12 in fewer).
    max_outliers : int, default=None
        Deflate at most this many, the lowest (None: every one found).

    Returns
    -------
    matmat : callable
        ``B -> A B - U_o diag(lambda_o) U_o^T B``, in op's dtype.
    outliers : ndarray of float64
        The deflated eigenvalues (possibly empty).
    """
    n = op.shape[0]
    dtype = np.dtype(op.dtype)
    n_steps = min(n_steps, n - 1)
    if n_steps < 4:
        return _as_block_product(op), np.empty(0)

    def matvec(x):
        return np.asarray(op.matmat(x.astype(dtype)[:, None]), dtype=np.float64)[:, 0]

    theta, U, res = lanczos_extremes(matvec, rng.standard_normal(n), n_steps)
    low = low_outliers(theta) & (res <= 1e-6 * np.abs(theta))
    if max_outliers is not None:
        low &= np.arange(theta.shape[0]) < max_outliers  # theta increases
    if not np.any(low):
        return _as_block_product(op), np.empty(0)
    lam_o = theta[low]
    U_o = np.ascontiguousarray(U[:, low], dtype=dtype)
    scaled = (U_o * lam_o[None, :].astype(dtype))
    product = _as_block_product(op)

    def matmat(B):
        out = product(B)
        out -= scaled @ (U_o.T @ B)
        return out

    return matmat, lam_o


def _as_block_product(op):
    dtype = np.dtype(op.dtype)

    def matmat(B):
        return np.asarray(op.matmat(np.ascontiguousarray(B, dtype=dtype)), dtype=dtype)

    return matmat


def _eig_block_krylov(op, d, n_blocks, max_iter, rng, which):
    """Restarted block Krylov: extend the current Ritz block by ``n_blocks``
    Krylov blocks, Rayleigh-Ritz, keep the top block (by value or by
    magnitude, ``which``); ``max_iter`` restarts."""
    V = op.shape[0]
    m = _block_size(d, V)
    X = gram_orthonormalize(rng.standard_normal((V, m)))
    MX = op.matmat(X)
    for _ in range(max_iter):
        basis, images = [X], [MX]
        for _ in range(n_blocks):
            B = gram_orthonormalize(images[-1], basis)
            basis.append(B)
            images.append(op.matmat(B))
        K = np.hstack(basis)
        MK = np.hstack(images)
        lam, G = small_eigh(K.T @ MK)
        keep = np.arange(m) if which == "largest" else \
            np.argsort(-np.abs(lam), kind="stable")[:m]
        lam, G = lam[keep], G[:, keep]
        X, MX = K @ G, MK @ G
    R = MX[:, :d] - X[:, :d] * lam[None, :d]
    return lam[:d], X[:, :d], {"n_iter": max_iter,
                              "residual_norms": np.linalg.norm(R, axis=0)}


def _eig_arpack(op, d, tol, max_iter, rng, which):
    V = op.shape[0]
    v0 = rng.uniform(-1, 1, V)
    lam, U = eigsh(op, k=d, which="LA" if which == "largest" else "LM", tol=tol,
                   maxiter=max_iter, v0=v0)
    return lam, U, {"n_iter": None}
