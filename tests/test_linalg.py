"""skw2v.linalg: the sign convention for eigen- and singular vectors, and the eigensolvers."""

import numpy as np
import pytest
from scipy.sparse.linalg import aslinearoperator

from skw2v.linalg import (
    EIGENSOLVERS,
    column_signs,
    fix_signs,
    select_eigensolver,
    top_eigenpairs,
)


def test_column_signs_make_the_largest_entry_positive():
    V = np.array([[0.1, -0.9, 0.0], [-0.5, 0.2, 0.0], [0.3, 0.1, 0.0]])
    signs = column_signs(V)
    np.testing.assert_array_equal(signs, [-1.0, -1.0, 1.0])
    fixed = V * signs
    assert fixed[1, 0] == 0.5 and fixed[0, 1] == 0.9
    np.testing.assert_array_equal(column_signs(-V) * -V, fixed)  # sign-invariant result


# ---------------------------------------------------------------------------- eigensolvers


def _spiked(n=120, k=4, seed=0):
    """Symmetric matrix with k separated top eigenvalues over a bulk in [-1, 1]."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    lam = np.concatenate([[50.0, 30.0, 20.0, 12.0][:k], rng.uniform(-1, 1, n - k)])
    return (Q * lam) @ Q.T, np.sort(lam)[::-1], Q[:, :k]


@pytest.mark.parametrize("solver", EIGENSOLVERS)
def test_every_solver_finds_the_top_eigenpairs(solver):
    A, lam, U = _spiked()
    w, V, info = top_eigenpairs(aslinearoperator(A), 4, solver=solver, tol=1e-10,
                                max_iter=200 if solver != "randomized" else 30,
                                random_state=0)
    assert info["solver"] == solver  # used as given, even at this small size
    np.testing.assert_allclose(w, lam[:4], rtol=1e-8)
    np.testing.assert_allclose(np.abs(V.T @ U), np.eye(4), atol=1e-6)
    np.testing.assert_allclose(V.T @ V, np.eye(4), atol=1e-10)
    np.testing.assert_array_equal(fix_signs(V.copy()), V)  # signs already fixed
    if info["residual_norms"] is not None:
        assert info["residual_norms"].shape == (4,)
        assert np.all(info["residual_norms"] <= 1e-6 * lam[0])


def test_float32_operator_and_auto():
    A, lam, _ = _spiked(n=300)
    op32 = aslinearoperator(A.astype(np.float32))
    w, V, info = top_eigenpairs(op32, 3, solver="lobpcg", tol=1e-5, max_iter=100,
                                random_state=0)
    assert w.dtype == np.float64 and V.dtype == np.float64
    np.testing.assert_allclose(w, lam[:3], rtol=1e-5)
    assert top_eigenpairs(op32, 3, random_state=0)[2]["solver"] == select_eigensolver(300, 3)


def test_select_eigensolver_rule():
    assert select_eigensolver(2000, 10) == "dense"  # small: exact and cheap
    assert select_eigensolver(10_000, 200) == "lobpcg"
    assert select_eigensolver(10_000, 1024) == "dense"  # block over a tenth of n


def test_top_eigenpairs_bad_arguments():
    op = aslinearoperator(np.eye(5))
    with pytest.raises(ValueError, match="n_components"):
        top_eigenpairs(op, 5)
    with pytest.raises(ValueError, match="n_components"):
        top_eigenpairs(op, 0)
    with pytest.raises(ValueError, match="solver"):
        top_eigenpairs(op, 2, solver="gradient")
    with pytest.raises(ValueError, match="square"):
        top_eigenpairs(aslinearoperator(np.ones((3, 4))), 1)
