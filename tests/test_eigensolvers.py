"""The block eigensolvers of skw2v.linalg against scipy.linalg.eigh on small matrices.

LOBPCG (``lobpcg_top``, with its low outliers deflated inside
``top_eigenpairs``), Chebyshev-filtered subspace iteration and the Lanczos
helper: accuracy, the stopping rule, the float32 path, determinism.
"""

import numpy as np
import pytest
import scipy.linalg as sla
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.linalg import aslinearoperator

from skw2v.linalg import low_outliers, top_eigenpairs, top_magnitude_eigenpairs
from skw2v.linalg._chebyshev import chebyshev_top, lanczos_extremes
from skw2v.linalg._eigensolvers import deflated_matmat
from skw2v.linalg._lobpcg import gram_orthonormalize, lobpcg_top


def _matrix(n=400, n_top=30, outlier=None, seed=0):
    """Symmetric matrix shaped like QWEM's M*: a decaying top, a bulk, one far outlier."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    lam = np.concatenate([np.geomspace(500.0, 20.0, n_top), rng.uniform(-30, 15, n - n_top)])
    if outlier is not None:
        lam[-1] = outlier
    return (Q * lam) @ Q.T


def _signed_matrix(n=300, seed=0, n_neg=12, top_neg=200.0, outlier=-5000.0):
    """M*-like spectrum with negative eigenvalues as large as the top's tail, and one far
    outlier (M*'s -2 11^T part): returns the matrix and its eigenvalues."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    lam = np.concatenate([np.geomspace(500.0, 20.0, 30), -np.geomspace(top_neg, 25.0, n_neg),
                          rng.uniform(-10, 10, n - 31 - n_neg), [outlier]])
    return (Q * lam) @ Q.T, lam


@pytest.mark.parametrize("solver", ["dense", "lobpcg", "arpack", "randomized"])
def test_top_magnitude_eigenpairs_are_the_largest_in_magnitude_without_the_outlier(solver):
    A, lam = _signed_matrix()
    d = 30
    kept = lam[lam > lam.min()]
    expected = kept[np.argsort(-np.abs(kept))][:d]
    assert np.sum(expected < 0) == 8
    max_iter = {"lobpcg": 200, "randomized": 150}.get(solver)
    values, U, info = top_magnitude_eigenpairs(aslinearoperator(A), d, solver=solver,
                                               tol=1e-10, max_iter=max_iter, random_state=0)
    np.testing.assert_allclose(values, expected, rtol=1e-6)
    np.testing.assert_allclose(info["outliers"], [-5000.0], rtol=1e-8)
    np.testing.assert_allclose(U.T @ U, np.eye(d), atol=1e-6)
    # (randomized: its restarts stall at residuals near 6e-4 here)
    np.testing.assert_allclose(A @ U, U * values[None, :],
                               atol=1e-3 if solver == "randomized" else 1e-4)
    # decreasing magnitude; signs: each column's largest-magnitude entry positive
    assert np.all(np.diff(np.abs(values)) <= 1e-9)
    assert np.all(U[np.argmax(np.abs(U), axis=0), np.arange(d)] > 0)
    if solver == "lobpcg":  # deflated first, so one block of top_eigenpairs' width
        assert info["n_products"] == info["n_iter"] + 1


@pytest.mark.parametrize("solver", ["dense", "lobpcg"])
def test_top_magnitude_eigenpairs_with_mostly_negative_ones(solver):
    # 40 large negative eigenvalues, 18 of them among the top 30: found in one solve
    A, lam = _signed_matrix(n=200, n_neg=40, top_neg=490.0, seed=1)
    d = 30
    kept = lam[lam > lam.min()]
    expected = kept[np.argsort(-np.abs(kept))][:d]
    assert np.sum(expected < 0) > 16
    values, _, _ = top_magnitude_eigenpairs(aslinearoperator(A), d, solver=solver, tol=1e-9,
                                            max_iter=60, random_state=0)
    np.testing.assert_allclose(values, expected, rtol=1e-7)


@pytest.mark.parametrize("solver", ["dense", "lobpcg"])
def test_top_magnitude_eigenpairs_outlier_rule(solver):
    A, lam = _signed_matrix()
    op = aslinearoperator(A)
    # n_outliers=0: the outlier is the largest in magnitude and is kept
    values, _, info = top_magnitude_eigenpairs(op, 3, n_outliers=0, solver=solver, tol=1e-9,
                                               max_iter=60, random_state=0)
    np.testing.assert_allclose(values, [-5000.0, 500.0, lam[1]], rtol=1e-7)
    assert info["outliers"].size == 0
    # without an outlier (no eigenvalue below -lambda_max) nothing is left out
    B = A + 5000.0 * np.outer(*(2 * [sla.eigh(A, subset_by_index=(0, 0))[1][:, 0]]))
    values, _, info = top_magnitude_eigenpairs(aslinearoperator(B), 5, solver=solver,
                                               tol=1e-9, max_iter=60, random_state=0)
    assert info["outliers"].size == 0 and values[0] == pytest.approx(500.0)
    shifted = np.where(lam == lam.min(), 0.0, lam)  # B's spectrum
    np.testing.assert_allclose(values, shifted[np.argsort(-np.abs(shifted))][:5], rtol=1e-7)
    # no room for d + n_outliers pairs (d = n - 1): the outlier stays, d pairs come back
    C = np.diag(np.r_[np.linspace(10.0, 1.0, 39), -400.0])
    values, _, info = top_magnitude_eigenpairs(aslinearoperator(C), 39, solver=solver,
                                               tol=1e-9, max_iter=60, random_state=0)
    assert values.shape == (39,) and values[0] == pytest.approx(-400.0)
    assert info["outliers"].size == 0
    with pytest.raises(ValueError, match="n_outliers must be a non-negative integer"):
        top_magnitude_eigenpairs(op, 3, n_outliers=-1)


def test_low_outliers_rule():
    # more negative than the largest is positive; with no positive value, any negative one
    np.testing.assert_array_equal(low_outliers([5.0, -3.0, -5.0, -40.0]),
                                  [False, False, False, True])
    np.testing.assert_array_equal(low_outliers([-1.0, -2.0]), [True, True])
    np.testing.assert_array_equal(low_outliers([0.0, 2.0]), [False, False])
    assert low_outliers([]).shape == (0,)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_lobpcg_top_by_magnitude_matches_eigh(dtype):
    A, lam = _signed_matrix(outlier=-30.0)  # no outlier: the negative end is genuine
    exact = lam[np.argsort(-np.abs(lam), kind="stable")]
    matmat, _ = _counting(A, dtype)
    X0 = np.random.default_rng(1).standard_normal((300, 44)).astype(dtype)
    theta, X, info = lobpcg_top(matmat, X0, n_wanted=40, which="magnitude",
                                tol=1e-8 if dtype == np.float64 else 1e-4, max_iter=200)
    rtol = 1e-9 if dtype == np.float64 else 1e-4
    np.testing.assert_allclose(theta[:40], exact[:40], rtol=rtol)
    assert np.sum(theta[:40] < 0) == np.sum(exact[:40] < 0) == 13
    with pytest.raises(ValueError, match="which must be 'largest' or 'magnitude'"):
        lobpcg_top(matmat, X0, n_wanted=40, which="smallest", tol=1e-3, max_iter=2)


def _counting(A, dtype):
    calls = {"columns": 0, "blocks": 0}
    A = A.astype(dtype)

    def matmat(B):
        calls["blocks"] += 1
        calls["columns"] += B.shape[1]
        return A @ B

    return matmat, calls


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_lobpcg_top_matches_eigh(dtype):
    A = _matrix()
    exact = sla.eigh(A, eigvals_only=True)[::-1]
    matmat, _ = _counting(A, dtype)
    X0 = np.random.default_rng(1).standard_normal((400, 24)).astype(dtype)
    theta, X, info = lobpcg_top(matmat, X0, n_wanted=20, tol=1e-6 if dtype == np.float64
                                else 1e-4, max_iter=300)
    assert X.dtype == dtype and theta.dtype == np.float64
    rtol = 1e-9 if dtype == np.float64 else 1e-4
    np.testing.assert_allclose(theta[:20], exact[:20], rtol=rtol)
    np.testing.assert_allclose(X.T.astype(float) @ X, np.eye(24),
                               atol=1e-12 if dtype == np.float64 else 1e-5)
    # the reported residuals are the true ones
    R = A @ X[:, :20].astype(float) - X[:, :20] * theta[:20]
    np.testing.assert_allclose(info["residual_norms"][:20], np.linalg.norm(R, axis=0),
                               rtol=1e-3, atol=1e-3 * exact[0])


@pytest.mark.parametrize("dtype, tol, rtol, orth", [(np.float64, 1e-16, 1e-9, 1e-10),
                                                     (np.float32, 1e-9, 1e-5, 1e-5)])
def test_lobpcg_long_run_at_unreachable_tol_stays_accurate(dtype, tol, rtol, orth):
    # near convergence the residual block is mostly rounding along the basis; with one
    # Gram-Schmidt pass throughout the basis lost orthonormality and Ritz values rose
    # above the spectrum's top (45 % off in float64, 20-60x in float32 by 50-100
    # iterations); two passes once a residual is below sqrt(eps) keep them accurate
    A = _matrix()
    expected = np.sort(np.linalg.eigvalsh(A))[::-1][:30]
    values, U, info = top_eigenpairs(aslinearoperator(A.astype(dtype)), 30, solver="lobpcg",
                                     tol=tol, max_iter=150, random_state=0)
    assert info["n_iter"] == 150  # the tolerance is never met
    assert values[0] <= expected[0] * (1 + rtol)
    np.testing.assert_allclose(values, expected, rtol=rtol)
    np.testing.assert_allclose(U.T @ U, np.eye(30), atol=orth)


def test_lobpcg_stopping_rule():
    """It stops at the first iteration where every wanted pair meets tol, not later."""
    A = _matrix()
    matmat, calls = _counting(A, np.float64)
    X0 = np.random.default_rng(2).standard_normal((400, 24))
    history = []
    theta, X, info = lobpcg_top(matmat, X0, n_wanted=20, tol=1e-3, max_iter=500,
                                callback=lambda it, th, X, res: history.append(
                                    np.max(res[:20] / np.abs(th[:20]))))
    assert history[-1] <= 1e-3 and all(h > 1e-3 for h in history[:-1])
    assert info["n_iter"] == len(history) - 1
    assert info["n_products"] == calls["blocks"] == info["n_iter"] + 1
    # fewer columns than m * (n_iter + 1): converged columns leave the residual block
    assert calls["columns"] < 24 * (info["n_iter"] + 1)
    # max_iter caps it
    _, _, capped = lobpcg_top(matmat, X0, n_wanted=20, tol=0.0, max_iter=3)
    assert capped["n_iter"] == 3 and capped["n_products"] == 4


def test_deflating_the_outlier_speeds_lobpcg_up():
    """An eigenvalue far below the spectrum (M*'s -2 11^T part) slows block methods down."""
    A = _matrix(outlier=-2e5)
    exact = sla.eigh(A, eigvals_only=True)[::-1]
    op = aslinearoperator(A)
    rng = np.random.RandomState(0)
    matmat, outliers = deflated_matmat(op, rng)
    np.testing.assert_allclose(outliers, [-2e5], rtol=1e-10)
    B = np.random.default_rng(0).standard_normal((400, 3))
    theta = sla.eigh(A)
    lam, U = theta
    expected = (A - lam[0] * np.outer(U[:, 0], U[:, 0])) @ B
    np.testing.assert_allclose(matmat(B), expected, atol=1e-6 * np.abs(expected).max())
    iters = {}
    for name, mm in (("plain", lambda B: A @ B), ("deflated", matmat)):
        X0 = np.random.default_rng(3).standard_normal((400, 24))
        th, _, info = lobpcg_top(mm, X0, n_wanted=20, tol=1e-6, max_iter=2000)
        np.testing.assert_allclose(th[:20], exact[:20], rtol=1e-8)
        iters[name] = info["n_iter"]
    assert iters["deflated"] < 0.75 * iters["plain"]  # 11 against 19 here
    # a matrix without outliers is left alone
    _, none = deflated_matmat(aslinearoperator(_matrix()), rng)
    assert none.size == 0


def test_top_eigenpairs_lobpcg_float32_and_deflation_reported():
    A = _matrix(outlier=-5e4)
    exact_w, exact_U = sla.eigh(A)
    op32 = aslinearoperator(A.astype(np.float32))
    w, U, info = top_eigenpairs(op32, 10, solver="lobpcg", tol=1e-4, max_iter=300,
                                random_state=0)
    np.testing.assert_allclose(w, exact_w[::-1][:10], rtol=1e-4)
    np.testing.assert_allclose(np.abs(U.T @ exact_U[:, ::-1][:, :10]), np.eye(10), atol=2e-3)
    np.testing.assert_allclose(info["deflated"], [-5e4], rtol=1e-5)


def test_top_eigenpairs_lobpcg_deterministic():
    op = aslinearoperator(_matrix().astype(np.float32))
    a = top_eigenpairs(op, 8, solver="lobpcg", max_iter=5, random_state=3)
    b = top_eigenpairs(op, 8, solver="lobpcg", max_iter=5, random_state=3)
    c = top_eigenpairs(op, 8, solver="lobpcg", max_iter=5, random_state=4)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[1], c[1])  # the seed sets the start block


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_chebyshev_top_matches_eigh(dtype):
    A = _matrix()
    exact = sla.eigh(A, eigvals_only=True)[::-1]
    lower = exact[-1] - 1.0
    matmat, calls = _counting(A, dtype)
    X0 = np.random.default_rng(4).standard_normal((400, 24)).astype(dtype)
    theta, X, info = chebyshev_top(matmat, X0, n_wanted=20, degrees=[6] * 8, lower=lower)
    assert info["n_products"] == calls["blocks"] == 1 + 8 * 7
    rtol = 1e-9 if dtype == np.float64 else 1e-4
    np.testing.assert_allclose(theta[:20], exact[:20], rtol=rtol)


def test_lanczos_extremes_finds_both_ends():
    A = _matrix(outlier=-1e4)
    exact = sla.eigh(A, eigvals_only=True)
    theta, U, res = lanczos_extremes(lambda x: A @ x, np.ones(400), 40)
    assert theta[0] == pytest.approx(exact[0], rel=1e-12)
    assert theta[-1] == pytest.approx(exact[-1], rel=1e-8)
    np.testing.assert_allclose(np.linalg.norm(A @ U[:, :1] - U[:, :1] * theta[0]), res[0],
                               atol=1e-8 * 1e4)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(5, 40), b=st.integers(1, 6), rank=st.integers(0, 6),
       seed=st.integers(0, 2**16))
def test_gram_orthonormalize_property(n, b, rank, seed):
    """Orthonormal, spans B's part outside Q, drops exactly the dependent directions."""
    rng = np.random.default_rng(seed)
    Q = np.linalg.qr(rng.standard_normal((n, 2)))[0] if n > 8 else None
    rank = min(rank, b, n - (2 if Q is not None else 0))
    B = rng.standard_normal((n, rank)) @ rng.standard_normal((rank, b))
    if Q is not None:
        B = B + Q @ rng.standard_normal((2, b))
    Z = gram_orthonormalize(B, Q)
    assert Z.shape[1] == rank
    np.testing.assert_allclose(Z.T @ Z, np.eye(rank), atol=1e-10)
    if Q is not None:
        np.testing.assert_allclose(Q.T @ Z, 0, atol=1e-10)
        B = B - Q @ (Q.T @ B)
    np.testing.assert_allclose(Z @ (Z.T @ B), B, atol=1e-8 * max(1.0, np.abs(B).max()))


@pytest.mark.parametrize("tile", [1, 3, 64, 10**6])
def test_tiled_block_product_matches_scipy(tile):
    """csr_matmat_tiled gives A @ B for any tile width, rows empty or not, int32 or int64."""
    import scipy.sparse as sp

    from skw2v.kernels.spmm import csr_matmat_tiled, csr_tile_pointers

    A = sp.random(300, 200, density=0.05, format="csr", random_state=0, dtype=np.float64)
    A = A.tolil()
    A[7, :] = 0  # an empty row
    A = sp.csr_array(A.tocsr())
    A.sort_indices()
    B = np.random.default_rng(0).standard_normal((200, 5))
    for index_dtype in (np.int32, np.int64):
        indptr, indices = A.indptr.astype(index_dtype), A.indices.astype(index_dtype)
        ptr = csr_tile_pointers(indptr, indices, tile)
        assert ptr.dtype == index_dtype
        assert ptr.shape == (300, max(1, -(-(A.indices.max() + 1) // tile)) + 1)
        assert np.all(np.diff(ptr, axis=1) >= 0)
        np.testing.assert_array_equal(ptr[:, 0], indptr[:-1])
        np.testing.assert_array_equal(ptr[:, -1], indptr[1:])
        out = np.full((300, 5), np.nan)
        csr_matmat_tiled(ptr, indices, A.data, B, out)
        np.testing.assert_allclose(out, A @ B, rtol=1e-12, atol=1e-12)


def test_qwem_operator_tiled_product_equals_untiled():
    """The operator's tiled path (wide blocks) and its one-tile path agree with dense M*."""
    import scipy.sparse as sp

    from skw2v.statistics import QWEMTargetOperator, qwem_distributions
    from skw2v.statistics._qwem_target import dense_target

    rng = np.random.default_rng(1)
    C = sp.random(600, 600, density=0.03, random_state=2) * 10
    X = sp.csr_array(np.ceil((C + C.T).toarray()))
    P, q = qwem_distributions(X)
    op = QWEMTargetOperator(P, q, 5.0)
    M = dense_target(P, q, 5.0)
    B = rng.standard_normal((600, 40))
    op._product.tile_bytes = 8 * 40 * 300  # tiles of 300 columns: two tiles
    np.testing.assert_allclose(op.matmat(B), M @ B, rtol=1e-10, atol=1e-10)
    assert op._product._tiles[0] == 300
    op._product.tile_bytes = 10**9  # one tile: the plain kernel
    np.testing.assert_allclose(op.matmat(B), M @ B, rtol=1e-10, atol=1e-10)
