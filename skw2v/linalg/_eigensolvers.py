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
from threadpoolctl import threadpool_limits

from ._signs import fix_signs

__all__ = ["EIGENSOLVERS", "select_eigensolver", "top_eigenpairs"]

#: The solvers :func:`top_eigenpairs` accepts (besides ``"auto"``).
EIGENSOLVERS = ("lobpcg", "randomized", "arpack", "dense")

# Below this size a dense eigendecomposition is cheap and exact.
_DENSE_MAX_N = 2000
# Default iterations: LOBPCG 8 (on enwiki-17m, V=10k, d=200, analogy 0.517 at 8
# iterations vs 0.512 exact), 3 restarts of 2 Krylov blocks, ARPACK its own.
_DEFAULT_MAX_ITER = {"lobpcg": 8, "randomized": 3, "arpack": None, "dense": None}


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
        None: 8, 3 and ARPACK's default.
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
        order of ``eigenvalues``; None for arpack and dense).

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.sparse.linalg import aslinearoperator
    >>> A = np.diag([5.0, 4.0, 3.0, 2.0, 1.0])
    >>> lam, U, info = top_eigenpairs(aslinearoperator(A), 2, solver="dense")
    >>> lam, info["solver"]
    (array([5., 4.]), 'dense')
    """
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
    if max_iter is None:
        max_iter = _DEFAULT_MAX_ITER[solver]
    rng = random_state if isinstance(random_state, np.random.RandomState) \
        else np.random.RandomState(random_state)
    d = int(n_components)
    if solver == "dense":
        lam, U, info = _eig_dense(op, d)
    elif solver == "lobpcg":
        lam, U, info = _eig_lobpcg(op, d, tol, max_iter, rng, verbose)
    elif solver == "randomized":
        lam, U, info = _eig_block_krylov(_as_float64_operator(op), d, 2, max_iter, rng,
                                         verbose)
    else:
        lam, U, info = _eig_arpack(_as_float64_operator(op), d, tol, max_iter, rng)
    order = np.argsort(lam)[::-1]
    lam = np.asarray(lam, dtype=np.float64)[order]
    U = fix_signs(np.array(U[:, order], dtype=np.float64))
    res = info.get("residual_norms")
    return lam, U, {"solver": solver, "n_iter": info.get("n_iter"),
                    "residual_norms": None if res is None else np.asarray(res)[order]}


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


def _eig_dense(op, d):
    V = op.shape[0]
    M = op.matmat(np.eye(V, dtype=op.dtype)).astype(np.float64)
    M = (M + M.T) / 2
    lam, U = sla.eigh(M, subset_by_index=(V - d, V - 1))
    return lam, U, {"n_iter": 0}


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
    m = _block_size(d, V)
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


def _eig_block_krylov(op, d, n_blocks, max_iter, rng, verbose):
    """Restarted block Krylov: extend the current Ritz block by ``n_blocks``
    Krylov blocks, Rayleigh-Ritz, keep the top block; ``max_iter`` restarts."""
    V = op.shape[0]
    m = _block_size(d, V)
    X, _ = _orthonormalize(rng.standard_normal((V, m)))
    MX = op.matmat(X)
    for _ in range(max_iter):
        basis, images = [X], [MX]
        for _ in range(n_blocks):
            B, _ = _orthonormalize(images[-1], np.hstack(basis))
            basis.append(B)
            images.append(op.matmat(B))
        K = np.hstack(basis)
        MK = np.hstack(images)
        lam, G = _small_eigh(K.T @ MK)
        lam, G = lam[:m], G[:, :m]
        X, MX = K @ G, MK @ G
    R = MX[:, :d] - X[:, :d] * lam[None, :d]
    return lam[:d], X[:, :d], {"n_iter": max_iter,
                              "residual_norms": np.linalg.norm(R, axis=0)}


def _eig_arpack(op, d, tol, max_iter, rng):
    V = op.shape[0]
    v0 = rng.uniform(-1, 1, V)
    lam, U = eigsh(op, k=d, which="LA", tol=tol, maxiter=max_iter, v0=v0)
    return lam, U, {"n_iter": None}
