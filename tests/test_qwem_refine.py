"""QWEM's weighted factorisation refined from the closed form (weighted_refinement)."""

import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import minimize
from sklearn.base import clone
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from skw2v import CooccurrenceMatrix, QWEMEmbedding
from skw2v.estimators._qwem_refine import WeightedQWEMLoss, _quartic_minimum, refine_weighted
from skw2v.kernels.qwem_weighted import upper_starts
from skw2v.model_selection import DimensionSweepSearchCV, can_slice, dimension_sweep
from skw2v.statistics import dense_qwem_target, qwem_distributions
from test_qwem_evidence import _counts  # one small count matrix maker for the QWEM tests


def _dense_parts(X, k):
    P, q = qwem_distributions(X)
    G = P.toarray() + k * np.outer(q, q)
    return P, q, G, dense_qwem_target(P, q, k)


def _dense_loss(W, G, M):
    """The weighted least squares itself, built dense."""
    return float(np.sum(G / 4 * (W @ W.T - M) ** 2))


def _closed_form_start(k, d=3, V=25):
    """A small problem and its exact closed form ``W0``: ``(P, q, G, M*, W0)``."""
    X = _counts(4, V)
    P, q, G, M = _dense_parts(X, k)
    emb = QWEMEmbedding(d, directions="positive", negative=k, ns_exponent=1.0, solver="dense",
                        weighted_refinement=0).fit(
        X, vocabulary=[f"w{i}" for i in range(V)])
    return P, q, G, M, emb.eigenvectors_ * np.sqrt(emb.eigenvalues_)[None, :]


def _dense_optimum(G, M, W0):
    """L-BFGS on the dense weighted least squares from W0: ``(value, W)``."""
    V, d = W0.shape

    def f(x):
        W = x.reshape(V, d)
        R = G * (W @ W.T - M)
        return float(np.sum(R * (W @ W.T - M)) / 4), (R @ W).ravel()

    best = minimize(f, W0.ravel(), jac=True, method="L-BFGS-B",
                    options={"maxiter": 20000, "gtol": 1e-14, "ftol": 1e-16})
    return best.fun, best.x.reshape(V, d)


def test_loss_and_gradient_are_the_dense_weighted_least_squares():
    k = 3.0
    P, q, G, M = _dense_parts(_counts(0, 25), k)
    loss = WeightedQWEMLoss(P, q, k)
    rng = np.random.default_rng(1)
    W = np.ascontiguousarray(rng.standard_normal((25, 4)) * 0.4, dtype=np.float32)
    g, L = loss.gradient(W)
    W64 = W.astype(np.float64)
    constant = float(np.sum(G * M**2) / 4)
    assert L + constant == pytest.approx(_dense_loss(W64, G, M), rel=1e-5)
    # dL/dW = [G o (W W^T - M)] W, summing both orders of every pair
    np.testing.assert_allclose(g, (G * (W64 @ W64.T - M)) @ W64, rtol=1e-4, atol=1e-7)


def test_line_coefficients_are_the_loss_along_the_direction():
    k = 5.0
    P, q, _, _ = _dense_parts(_counts(2, 25), k)
    loss = WeightedQWEMLoss(P, q, k)
    rng = np.random.default_rng(3)
    W = np.ascontiguousarray(rng.standard_normal((25, 3)) * 0.3, dtype=np.float32)
    D = np.ascontiguousarray(rng.standard_normal((25, 3)) * 0.2, dtype=np.float32)
    g, L0 = loss.gradient(W)
    c = loss.line(W, D, g, L0)
    for t in (-1.0, 0.0, 0.5, 2.0):
        _, L = loss.gradient(np.ascontiguousarray(W + np.float32(t) * D))
        assert np.polyval(c[::-1], t) == pytest.approx(L, rel=1e-4, abs=1e-7)


@pytest.mark.parametrize("floor", [0.0, 2.0])
def test_signed_loss_gradient_line_and_preconditioner_are_the_dense_ones(floor):
    """signs: s = W S W^T (word against context vectors, C = W S), exact against a dense
    construction; with all signs +1 it is the unsigned loss to the last bit."""
    k = 3.0
    P, q, G, M = _dense_parts(_counts(1, 25), k)
    c = floor * (1 + k) / 25**2
    Gf = G + c
    signs = np.array([1.0, -1.0, 1.0, -1.0])
    S = np.diag(signs)
    loss = WeightedQWEMLoss(P, q, k, floor=floor, signs=signs)
    rng = np.random.default_rng(2)
    W = np.ascontiguousarray(rng.standard_normal((25, 4)) * 0.4, dtype=np.float32)
    D = np.ascontiguousarray(rng.standard_normal((25, 4)) * 0.2, dtype=np.float32)
    g, L = loss.gradient(W)
    W64 = W.astype(np.float64)
    X = W64 @ S @ W64.T
    assert L + loss.constant() == pytest.approx(float(np.sum(Gf / 4 * (X - M) ** 2)), rel=1e-5)
    np.testing.assert_allclose(g, (Gf * (X - M)) @ W64 @ S, rtol=1e-4, atol=1e-7)
    coef = loss.line(W, D, g, L)
    for t in (-1.0, 0.5, 2.0):
        _, Lt = loss.gradient(np.ascontiguousarray(W + np.float32(t) * D))
        assert np.polyval(coef[::-1], t) == pytest.approx(Lt, rel=1e-4, abs=1e-7)
    # the preconditioner: S H^-1 S of the unsigned one, positive definite
    plain = WeightedQWEMLoss(P, q, k, floor=floor)
    Z = loss.precondition(W, g)
    np.testing.assert_allclose(Z, plain.precondition(W, g * signs.astype(np.float32)) * signs,
                               rtol=1e-5, atol=1e-9)
    assert float(np.sum(g * Z)) > 0
    # refinement with signs lowers the signed loss, never raising it
    W1, losses = refine_weighted(W, P, q, k, 6, floor=floor, signs=signs)
    assert np.all(np.diff(losses) <= 1e-12) and losses[-1] < losses[0]
    ones = WeightedQWEMLoss(P, q, k, floor=floor, signs=np.ones(4))
    for a, b in zip(ones.gradient(W), plain.gradient(W)):
        np.testing.assert_array_equal(a, b)


def test_line_after_a_gradient_elsewhere_and_unsorted_rows():
    """The line's pass reuses the last gradient's products only at that W."""
    k = 5.0
    P, q, _, _ = _dense_parts(_counts(6, 30), k)
    rng = np.random.default_rng(4)
    W = np.ascontiguousarray(rng.standard_normal((30, 5)) * 0.3, dtype=np.float32)
    D = np.ascontiguousarray(rng.standard_normal((30, 5)) * 0.2, dtype=np.float32)
    loss = WeightedQWEMLoss(P, q, k)
    g, L0 = loss.gradient(W)
    expected = loss.line(W, D, g, L0)
    loss.gradient(np.ascontiguousarray(W + D))  # the kept products are now of W + D
    np.testing.assert_allclose(loss.line(W, D, g, L0), expected, rtol=1e-12)
    # rows stored out of order give the same loss, gradient and line
    shuffled = P.copy()
    for i in range(30):
        a, b = shuffled.indptr[i], shuffled.indptr[i + 1]
        order = rng.permutation(b - a)
        shuffled.indices[a:b] = shuffled.indices[a:b][order]
        shuffled.data[a:b] = shuffled.data[a:b][order]
    shuffled.has_sorted_indices = False
    other = WeightedQWEMLoss(shuffled, q, k)
    g2, L2 = other.gradient(W)
    np.testing.assert_allclose(g2, g, rtol=1e-5, atol=1e-8)
    assert L2 == pytest.approx(L0, rel=1e-6)
    np.testing.assert_allclose(other.line(W, D, g2, L2), expected, rtol=1e-5, atol=1e-12)


def _regularised_dense(G, M, floor, anchor, W0):
    """The floor's weights ``G + c 1 1^T`` and the anchor's rho, by their definitions."""
    V, d = W0.shape
    c = floor * G.sum() / V**2
    rho = 0.5 * anchor * G.sum() / V**2 * float(np.sum(W0.astype(np.float64) ** 2)) / d
    return G + c, rho


@pytest.mark.parametrize("floor, anchor", [(2.0, 0.0), (0.0, 3.0), (1.5, 0.7)])
def test_regularised_loss_gradient_and_line_are_the_dense_objective(floor, anchor):
    k, V = 3.0, 25
    P, q, G, M = _dense_parts(_counts(0, V), k)
    rng = np.random.default_rng(1)
    W, W0, D = (np.ascontiguousarray(rng.standard_normal((V, 4)) * s, dtype=np.float32)
                for s in (0.4, 0.4, 0.2))
    Gc, rho = _regularised_dense(G, M, floor, anchor, W0)
    loss = WeightedQWEMLoss(P, q, k, floor=floor, anchor=anchor, start=W0)
    constant = float(np.sum(Gc * M**2) / 4)

    def dense(X):
        X = X.astype(np.float64)
        return _dense_loss(X, Gc, M) + rho * float(np.sum((X - W0) ** 2))

    g, L = loss.gradient(W)
    assert L + constant == pytest.approx(dense(W), rel=1e-6)
    W64 = W.astype(np.float64)
    np.testing.assert_allclose(g, (Gc * (W64 @ W64.T - M)) @ W64 + 2 * rho * (W64 - W0),
                               rtol=1e-4, atol=1e-7)
    c = loss.line(W, D, g, L)
    for t in (-1.0, 0.5, 2.0):
        assert np.polyval(c[::-1], t) + constant == pytest.approx(dense(W + t * D), rel=1e-5)
    assert float(np.sum(g * loss.precondition(W, g))) > 0  # a descent direction


@pytest.mark.parametrize("floor, anchor", [(0.0, 0.0), (1.5, 0.0), (0.0, 3.0), (1.5, 0.7)])
def test_row_blocks_change_nothing_but_rounding(floor, anchor, monkeypatch):
    """The rank-one algebra runs over row blocks (no V x d float64 copies) and the sparse
    passes over column tiles: any block size and tile width give the same loss, gradient,
    line and preconditioned direction, for P in float32 (as the estimator passes it) or
    float64."""
    from skw2v.estimators import _qwem_refine

    k, V = 3.0, 25
    P, q, _, _ = _dense_parts(_counts(0, V), k)
    rng = np.random.default_rng(2)
    W, W0, D = (np.ascontiguousarray(rng.standard_normal((V, 4)) * s, dtype=np.float32)
                for s in (0.4, 0.4, 0.2))

    def everything(P):
        loss = WeightedQWEMLoss(P, q, k, floor=floor, anchor=anchor, start=W0)
        g, L = loss.gradient(W)
        return g, L, loss.line(W, D, g, L), loss.precondition(W, g)

    whole = everything(P)
    P32 = P.astype(np.float32)
    for rows in (1, 7, 24):
        monkeypatch.setattr(_qwem_refine, "_ROWS", rows)
        for blocked in (everything(P), everything(P32)):
            for a, b in zip(blocked, whole):
                np.testing.assert_allclose(a, b, rtol=2e-5, atol=1e-9)
    # the sparse passes in column tiles of 1, 3 and 8 columns (4 floats per row)
    monkeypatch.setattr(_qwem_refine, "_MIN_TILE", 1)
    for width in (1, 3, 8):
        monkeypatch.setattr(_qwem_refine, "TILE_BYTES", 4 * 4 * width)
        for a, b in zip(everything(P32), whole):  # float32 sums in another order
            np.testing.assert_allclose(a, b, rtol=2e-5, atol=1e-6 * np.abs(b).max())


def test_row_products_by_hand():
    from skw2v.kernels.qwem_weighted import row_products

    P = sp.csr_array(np.array([[0.0, 2.0, 1.0], [2.0, 0.0, 0.0], [1.0, 0.0, 4.0]],
                              dtype=np.float32))
    out = np.empty(3)
    row_products(P.indptr, P.indices, P.data, np.array([1.0, 10.0, 100.0]), out)
    np.testing.assert_array_equal(out, [120.0, 2.0, 401.0])  # (0+20+100, 2, 1+400)


def test_floor_refinement_reaches_the_dense_optimum_and_the_closed_form_in_the_limit():
    k = 2.0
    P, q, G, M, W0 = _closed_form_start(k)
    Gc, _ = _regularised_dense(G, M, 1.0, 0.0, W0)

    best_fun, W_opt = _dense_optimum(Gc, M, W0)
    W, losses = refine_weighted(W0, P, q, k, 200, floor=1.0)
    assert losses[-1] + float(np.sum(Gc * M**2) / 4) == pytest.approx(best_fun, rel=1e-4)
    W = W.astype(np.float64)
    np.testing.assert_allclose(W @ W.T, W_opt @ W_opt.T, atol=2e-3 * np.abs(M).max())
    # the unregularised optimum is elsewhere; a huge floor keeps the closed form's W W^T,
    # the best rank-d fit of M* with equal weights, and a huge anchor keeps W itself
    W_free, _ = refine_weighted(W0, P, q, k, 200)
    far = np.abs(W_free @ W_free.T - W0 @ W0.T).max()
    W_f, _ = refine_weighted(W0, P, q, k, 30, floor=1e6)
    W_f = W_f.astype(np.float64)
    assert np.abs(W_f @ W_f.T - W0 @ W0.T).max() < 1e-2 * far
    W_a, _ = refine_weighted(W0, P, q, k, 30, anchor=1e6)
    assert np.abs(W_a - W0).max() < 1e-3 * np.abs(W0).max()


def test_anchor_needs_its_start():
    P, q = qwem_distributions(_counts(0, 10))
    with pytest.raises(ValueError, match="start"):
        WeightedQWEMLoss(P, q, 5.0, anchor=1.0)


def test_upper_starts_by_hand():
    # rows: [0, 2], [1], [], [0, 1, 3]: first column >= row at 0, 2, 3, 6 (row end)
    indptr = np.array([0, 2, 3, 3, 6])
    indices = np.array([0, 2, 1, 0, 1, 3])
    np.testing.assert_array_equal(upper_starts(indptr, indices), [0, 2, 3, 5])


def test_quartic_minimum_by_hand():
    # (t - 1)^2 (t + 2)^2 + 1 = t^4 + 2 t^3 - 3 t^2 - 4 t + 5: minima at 1 and -2, value 1
    t, value = _quartic_minimum(np.array([5.0, -4.0, -3.0, 2.0, 1.0]))
    assert t in (pytest.approx(1.0), pytest.approx(-2.0))
    assert value == pytest.approx(1.0)
    # t^4 - t: the only minimum at (1/4)^(1/3)
    t, _ = _quartic_minimum(np.array([0.0, -1.0, 0.0, 0.0, 1.0]))
    assert t == pytest.approx(0.25 ** (1 / 3))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_weighted_loss_never_increases(seed):
    P, q = qwem_distributions(_counts(seed, 25))
    W0 = np.random.default_rng(seed).standard_normal((25, 4)) * 0.3
    _, losses = refine_weighted(W0, P, q, 5.0, 15)
    assert losses.shape == (16,)
    assert np.all(np.diff(losses) <= 1e-9 * np.abs(losses[0]))
    assert losses[-1] < losses[0]


def test_refinement_reaches_the_dense_weighted_optimum():
    """From the closed form, the refinement reaches the weighted least squares'
    minimum that L-BFGS finds on the dense objective (same W W^T)."""
    k = 2.0
    P, q, G, M, W0 = _closed_form_start(k)

    best_fun, W_opt = _dense_optimum(G, M, W0)
    W, losses = refine_weighted(W0, P, q, k, 200)
    W = W.astype(np.float64)
    constant = float(np.sum(G * M**2) / 4)
    assert losses[-1] + constant == pytest.approx(best_fun, rel=1e-4)
    assert _dense_loss(W, G, M) < _dense_loss(W0, G, M)
    np.testing.assert_allclose(W @ W.T, W_opt @ W_opt.T, atol=2e-3 * np.abs(M).max())


@pytest.mark.parametrize("floor", [0.0, 1.5])
def test_constant_makes_the_value_the_dense_weighted_least_squares(floor):
    k, V = 3.0, 25
    P, q, G, M = _dense_parts(_counts(1, V), k)
    W = np.ascontiguousarray(np.random.default_rng(4).standard_normal((V, 4)) * 0.4,
                             dtype=np.float32)
    Gc, _ = _regularised_dense(G, M, floor, 0.0, W)
    loss = WeightedQWEMLoss(P, q, k, floor=floor)
    _, L = loss.gradient(W)
    assert loss.constant() == pytest.approx(float(np.sum(Gc * M**2) / 4), rel=1e-5)
    assert L + loss.constant() == pytest.approx(_dense_loss(W.astype(np.float64), Gc, M),
                                                rel=1e-5)


def _tol_problem():
    """A small problem, its closed form W0 and the weighted loss at W0 (dense, by definition)."""
    k = 2.0
    P, q, G, M, W0 = _closed_form_start(k)
    return k, P, q, W0, _dense_loss(W0.astype(np.float64), G, M)


def test_tol_stops_at_the_first_step_that_gains_less_than_tol_times_the_start_loss():
    k, P, q, W0, L0 = _tol_problem()
    _, full = refine_weighted(W0, P, q, k, 40)  # tol=0: every step
    gains = -np.diff(full)
    assert full.shape == (41,)
    # the steps whose gain is below every earlier one's: a tol between that gain and the
    # smallest before it stops right after that step, and only there
    records = [m for m in range(1, 41) if gains[m - 1] < gains[:m - 1].min(initial=np.inf)]
    assert len(records) >= 5
    for m in records[1:5] + records[-1:]:
        tol = 0.5 * (gains[m - 1] + gains[:m - 1].min()) / L0  # m >= 2 here
        W, losses = refine_weighted(W0, P, q, k, 40, tol=tol)
        assert losses.shape == (m + 1,)  # the start and the m steps taken
        np.testing.assert_array_equal(losses, full[:m + 1])  # the same path, cut
        assert gains[m - 1] < tol * L0 <= gains[:m - 1].min()
    # a tol no step's gain falls below runs every step, never more
    _, losses = refine_weighted(W0, P, q, k, 12, tol=1e-300)
    assert losses.shape == (13,)
    np.testing.assert_array_equal(losses, full[:13])
    W, losses = refine_weighted(W0, P, q, k, 0, tol=0.1)
    assert losses.shape == (1,)
    np.testing.assert_array_equal(W, W0.astype(np.float32))


def test_tol_stops_at_the_optimum_which_tol_zero_does_not():
    k, P, q, W0, _ = _tol_problem()
    W_opt, _ = refine_weighted(W0, P, q, k, 200)
    _, losses = refine_weighted(W_opt, P, q, k, 50, tol=1e-6)
    assert losses.shape[0] <= 3  # the first or second step gains (almost) nothing: stop
    _, losses = refine_weighted(W_opt, P, q, k, 50)
    assert losses.shape == (51,)


@pytest.mark.parametrize("bad", [-1e-3, np.nan, np.inf])
def test_bad_tol_or_n_iter_is_rejected(bad):
    P, q = qwem_distributions(_counts(0, 10))
    W0 = np.random.default_rng(0).standard_normal((10, 2))
    with pytest.raises(ValueError, match="tol"):
        refine_weighted(W0, P, q, 5.0, 3, tol=bad)
    with pytest.raises(ValueError, match="n_iter"):
        refine_weighted(W0, P, q, 5.0, -1)


def test_estimator_refinement():
    X = _counts(5, 40)
    words = [f"w{i}" for i in range(40)]
    base = QWEMEmbedding(5, directions="positive", negative=2, random_state=0, weighted_refinement=0).fit(
        X, vocabulary=words)
    assert base.refinement_losses_ is None
    est = QWEMEmbedding(5, directions="positive", negative=2, random_state=0, weighted_refinement=10,
                        refinement_tol=0)
    est.fit(X, vocabulary=words)
    assert est.refinement_losses_.shape == (11,) and est.n_refinement_steps_ == 10
    assert np.all(np.diff(est.refinement_losses_) <= 1e-9 * abs(est.refinement_losses_[0]))
    # the reported eigenpairs are those of the refined W W^T
    U, lam = est.eigenvectors_, est.eigenvalues_
    assert np.all(np.diff(lam) <= 0)
    np.testing.assert_allclose(U.T @ U, np.eye(5), atol=1e-8)
    np.testing.assert_allclose(est.embedding_, U * np.sqrt(lam)[None, :], rtol=1e-5, atol=1e-6)
    # starting from the evidence-weighted closed form lowers the same loss
    ev = QWEMEmbedding(5, directions="positive", negative=2, random_state=0, evidence_weighting=0.5,
                       weighted_refinement=10).fit(X, vocabulary=words)
    assert ev.refinement_losses_[-1] < ev.refinement_losses_[0]
    assert clone(est).get_params()["weighted_refinement"] == 10
    again = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(again.embedding_, est.embedding_)


def test_estimator_regularised_refinement():
    """refinement_floor / refinement_anchor reach refine_weighted and keep the fit near
    the closed form as they grow; negative strengths are rejected."""
    X = _counts(5, 40)
    words = [f"w{i}" for i in range(40)]

    def gram(**kw):
        est = QWEMEmbedding(5, directions="positive", negative=2, solver="dense", **kw).fit(X, vocabulary=words)
        return est, est.embedding_.astype(np.float64) @ est.embedding_.T

    _, base = gram(weighted_refinement=0)
    free, free_gram = gram(weighted_refinement=10, refinement_tol=0)
    moved = np.abs(free_gram - base).max()
    for kw in ({"refinement_floor": 1e6}, {"refinement_anchor": 1e6}):
        est, g = gram(weighted_refinement=10, refinement_tol=0, **kw)
        assert np.abs(g - base).max() < 1e-2 * moved
        assert est.refinement_losses_.shape == (11,)
        assert clone(est).get_params() == est.get_params()
    _, mild = gram(weighted_refinement=10, refinement_tol=0, refinement_floor=1.0)
    assert 0 < np.abs(mild - base).max() and np.abs(mild - free_gram).max() > 0
    for name in ("refinement_floor", "refinement_anchor"):
        with pytest.raises(ValueError, match=name):
            QWEMEmbedding(2, weighted_refinement=2, **{name: -1.0}).fit(X, vocabulary=words)


def test_refined_fits_are_not_sliced():
    """The top d' directions of a refined rank-d fit are not the refined rank-d' fit."""
    assert can_slice(QWEMEmbedding(5, weighted_refinement=0))
    assert not can_slice(QWEMEmbedding(5))  # refined by default
    assert not can_slice(QWEMEmbedding(5, weighted_refinement=3))
    assert not can_slice(make_pipeline(QWEMEmbedding(5, weighted_refinement=3)))


def test_negative_refinement_is_rejected():
    with pytest.raises(ValueError, match="weighted_refinement"):
        QWEMEmbedding(2, weighted_refinement=-1).fit(_counts(0, 10),
                                                     vocabulary=[f"w{i}" for i in range(10)])


def test_sweep_refines_each_dimension_from_one_closed_form():
    """A refined sweep is, at every d, the fit at d (one eigensolve for all)."""
    V = 40
    X = CooccurrenceMatrix(_counts(7, V).toarray(), words=[f"w{i}" for i in range(V)])
    est = QWEMEmbedding(directions="positive", negative=2, solver="dense", weighted_refinement=8)
    sweep = dimension_sweep(est, X, [2, 5, 9], scoring=lambda e, X, y=None: 0.0,
                            return_estimators=True)
    assert sweep.sliced and sweep.fitted is None and np.all(sweep.slice_time > 0)
    for d, got in zip([2, 5, 9], sweep.estimators):
        want = clone(est).set_params(n_components=d).fit(X)
        assert got.n_components == d and got.embedding_.shape == (V, d)
        np.testing.assert_allclose(got.refinement_losses_, want.refinement_losses_, rtol=1e-5)
        np.testing.assert_allclose(got.eigenvalues_, want.eigenvalues_, rtol=1e-4)
        np.testing.assert_allclose(got.embedding_ @ got.embedding_.T,
                                   want.embedding_ @ want.embedding_.T, atol=1e-5)
    # in a Pipeline the earlier steps are fitted once, the final step refined per d
    pipe = make_pipeline(FunctionTransformer(lambda M: M), clone(est))
    sweep = dimension_sweep(pipe, X, [3, 6], scoring=lambda e, X, y=None: 0.0,
                            return_estimators=True)
    assert [p[-1].embedding_.shape[1] for p in sweep.estimators] == [3, 6]
    np.testing.assert_allclose(sweep.estimators[0][-1].eigenvalues_,
                               clone(est).set_params(n_components=3).fit(X).eigenvalues_,
                               rtol=1e-4)
    # the grid search keeps no big fit to slice and refits its best
    search = DimensionSweepSearchCV(est, {"n_components": [2, 4]},
                                    scoring=lambda e, X, y=None: float(e.n_components)).fit(X)
    assert search.best_estimator_.n_components == 4
    assert search.best_estimator_.refinement_losses_.shape == (9,)
