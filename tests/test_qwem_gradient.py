"""Tests of QWEM trained by gradient descent: kernels, fit_qwem_gradient, QWEMGradientEmbedding."""

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from skw2v.dynamics import (
    GradientFlowTheory,
    exact_loss_scale,
    learning_steps,
    planted_cooccurrence,
    principal_cosines,
    projected_squared_norms,
)
from skw2v import QWEMEmbedding, QWEMGradientEmbedding
from skw2v.dynamics import subspace_overlap
from skw2v.estimators import TrainingDivergedError, fit_qwem_gradient, qwem_growth_rate
from skw2v.estimators._qwem_gradient import _check_distributions
from skw2v.estimators._qwem_gradient_job import MODES, ExpectedGradient, pair_weights
from skw2v.statistics import qwem_distributions
from skw2v.kernels.qwem_sgd import pair_probability


def _toy(V=24, seed=0, density=0.4):
    rng = np.random.default_rng(seed)
    C = rng.poisson(2.0, size=(V, V)) * (rng.random((V, V)) < density)
    C = C + C.T
    C[0, 1] = C[1, 0] = 3  # no empty row
    return sp.csr_array(C / C.sum()), C.sum(axis=1) / C.sum()


def _dense_loss(W, P, q, k, reweighting):
    """The weighted quartic loss per positive pair, written out densely."""
    V = P.shape[0]
    Pd, Q = P.toarray(), k * np.outer(q, q)
    S = W @ W.T
    if reweighting == "none":
        r = np.ones((V, V))
    elif reweighting == "frequency":
        r = np.outer(1 / (V * q), 1 / (V * q))
    else:
        r = exact_loss_scale(V, k) / (Pd + Q)
    return np.sum(r * (Pd * (-S + S**2 / 4) + Q * (S + S**2 / 4)))


@pytest.mark.parametrize("reweighting", ["none", "frequency", "exact"])
def test_expected_gradient_is_the_gradient_of_the_loss(reweighting):
    P, q = _toy()
    k = 2
    W = np.random.default_rng(1).standard_normal((P.shape[0], 3)) * 0.4
    Pc, qc, _ = _check_distributions(P, q, k)
    a, scale = pair_weights(MODES[reweighting], Pc, qc, k)
    grad, loss = ExpectedGradient(Pc, qc, k, MODES[reweighting], a, scale)(W)
    assert loss == pytest.approx(_dense_loss(W, P, q, k, reweighting), rel=1e-10)
    eps = 1e-6
    num = np.zeros_like(W)
    for i in range(W.shape[0]):
        for c in range(W.shape[1]):
            Wp, Wm = W.copy(), W.copy()
            Wp[i, c] += eps
            Wm[i, c] -= eps
            num[i, c] = (_dense_loss(Wp, P, q, k, reweighting)
                         - _dense_loss(Wm, P, q, k, reweighting)) / (2 * eps)
    np.testing.assert_allclose(grad, num, atol=1e-6 * np.abs(num).max())


@pytest.mark.parametrize("reweighting,sampling", [
    ("none", "pairs"), ("frequency", "pairs"), ("exact", "pairs"), ("exact", "uniform"),
    ("exact", "sparse"),
])
def test_sampled_update_is_unbiased(reweighting, sampling):
    """One big batch: the summed sampled gradient ~ batch_size x expected gradient."""
    P, q = _toy()
    k = 2
    W0 = np.random.default_rng(2).standard_normal((P.shape[0], 3)) * 0.4
    lr, B = 1e-9, 1_000_000
    common = dict(negative=k, n_components=3, reweighting=reweighting, init=W0,
                  learning_rate=lr, n_steps=1, batch_size=B, snapshot_steps=2, n_jobs=1)
    W1, hist = fit_qwem_gradient(P, q, sampling=sampling, random_state=0, **common)
    W2, hist2 = fit_qwem_gradient(P, q, gradient="expected", **common)
    sampled = (W0.astype(np.float32) - W1) / (lr * B)
    expected = (W0 - W2) / (lr * B)
    assert np.abs(sampled - expected).max() < 0.05 * np.abs(expected).max()
    assert hist["loss"][0] == pytest.approx(hist2["loss"][0], rel=0.05, abs=1e-3)


def test_deterministic_under_random_state_and_thread_count():
    P, q = _toy()
    kw = dict(negative=1, n_components=4, n_steps=30, batch_size=3000, random_state=7,
              init_scale=0.1)
    W1, h1 = fit_qwem_gradient(P, q, n_jobs=1, **kw)
    W2, h2 = fit_qwem_gradient(P, q, n_jobs=1, **kw)
    np.testing.assert_array_equal(W1, W2)
    np.testing.assert_array_equal(h1["loss"], h2["loss"])
    W3, _ = fit_qwem_gradient(P, q, n_jobs=2, **kw)  # same pairs, other summation order
    np.testing.assert_allclose(W1, W3, rtol=1e-3, atol=1e-5)
    W4, _ = fit_qwem_gradient(P, q, n_jobs=1, **{**kw, "random_state": 8})
    assert not np.allclose(W1, W4)


def _planted(seed=1):
    # five well separated directions in 100 words, k = 1
    return planted_cooccurrence([10.0, 6.0, 3.6, 2.2, 1.3], 100, random_state=seed)


def test_stochastic_exact_reproduces_step_order_and_times():
    P, q, lam, U = _planted()
    # d = 10 > 5 planted directions: a random init gives each direction room to
    # grow (with d = 5 the last ones must wait for a free dimension of W)
    n, d, k, init, B = 5, 10, 1, 1e-3, 4000
    Z = exact_loss_scale(P.shape[0], k)
    lr = 0.1 / (B * Z * lam[0])
    W, hist = fit_qwem_gradient(
        P, q, negative=k, n_components=d, reweighting="exact", init_scale=init,
        learning_rate=lr, batch_size=B, n_steps=1200, snapshot_steps=241,
        n_singular_values=n, record_embeddings=True, random_state=0, n_jobs=1,
    )
    # u0 of each direction: the random init's projection on the eigenvectors
    u0 = projected_squared_norms(hist["embeddings"][0], U[:, :n])
    theory = GradientFlowTheory(lam[:n], learning_rate=lr, loss_scale=Z, initial_value=u0)
    predicted = theory.step_times()
    measured = learning_steps(hist["snapshot_step"], hist["singular_values"] ** 2, final=lam[:n])
    assert np.all(np.diff(measured) > 0)  # learned in order of eigenvalue
    np.testing.assert_allclose(measured, predicted, rtol=0.15)
    # ... and the learned subspace is the top eigenvectors
    top = np.linalg.svd(W.astype(np.float64), full_matrices=False)[0][:, :n]
    assert principal_cosines(top, U[:, :n]).min() >= 0.95
    np.testing.assert_allclose(hist["singular_values"][-1] ** 2, lam[:n], rtol=0.05)


def test_paper_pair_sampling_with_exact_weights_learns_the_top_direction():
    P, q, lam, U = _planted()
    W, _ = fit_qwem_gradient(P, q, negative=1, n_components=5, reweighting="exact",
                             sampling="pairs", n_steps=500, batch_size=8000,
                             init_scale=1e-3, random_state=0, n_jobs=1)
    assert principal_cosines(W, U[:, :2]).min() > 0.9


@pytest.mark.parametrize("reweighting", ["none", "frequency"])
def test_other_reweightings_train_and_lower_the_loss(reweighting):
    P, q, lam, U = _planted()
    W, hist = fit_qwem_gradient(P, q, negative=1, n_components=5, reweighting=reweighting,
                                n_steps=400, batch_size=4000, init_scale=1e-3,
                                random_state=0, n_jobs=1)
    assert hist["loss"][-1] < hist["loss"][0] - 1e-4
    assert np.isnan(hist["loss_scale"])
    # the unreweighted factorisation still finds the strongest direction
    assert principal_cosines(W, U[:, :1])[0] > 0.8


def test_fractional_negative_with_sparse_sampling_matches_expected():
    P, q = _toy()
    W0 = np.random.default_rng(3).standard_normal((P.shape[0], 3)) * 0.4
    common = dict(negative=2.5, n_components=3, init=W0, learning_rate=1e-9, n_steps=1,
                  batch_size=1_000_000, snapshot_steps=2)
    W1, _ = fit_qwem_gradient(P, q, sampling="sparse", random_state=0, **common)
    W2, _ = fit_qwem_gradient(P, q, gradient="expected", **common)
    g1, g2 = W0.astype(np.float32) - W1, W0 - W2
    assert np.abs(g1 - g2).max() < 0.05 * np.abs(g2).max()


def test_auto_learning_rate_uses_the_growth_rate():
    P, q, lam, U = _planted()
    mu = qwem_growth_rate(P, q, negative=1, reweighting="exact")
    assert mu == pytest.approx(exact_loss_scale(100, 1) * lam[0], rel=1e-4)
    _, hist = fit_qwem_gradient(P, q, negative=1, n_components=2, n_steps=2, batch_size=100,
                                random_state=0)
    assert hist["learning_rate"] == pytest.approx(0.1 / (100 * mu), rel=1e-4)


def test_history_snapshots_callback_and_schedules():
    P, q = _toy()
    seen = []

    def stop_at_second(est, step, emb):
        seen.append((est, step, emb.shape))
        return len(seen) == 2

    W, hist = fit_qwem_gradient(P, q, negative=1, n_components=3, n_steps=100, batch_size=50,
                                snapshot_steps=[0, 500, 2500], log_every=5,
                                record_embeddings=True, callback=stop_at_second,
                                estimator="me", lr_schedule="linear", random_state=0)
    assert W.dtype == np.float32 and W.flags.c_contiguous
    assert seen == [("me", 0, (24, 3)), ("me", 500, (24, 3))]
    np.testing.assert_array_equal(hist["snapshot_step"], [0, 500])
    assert hist["singular_values"].shape == (2, 3)
    assert len(hist["embeddings"]) == 2
    np.testing.assert_array_equal(hist["step"], [250, 500])
    np.testing.assert_array_equal(hist["embeddings"][-1], W)
    # linear decay: flow time runs slower than steps
    assert hist["snapshot_flow_step"][0] == 0
    assert hist["snapshot_flow_step"][1] == pytest.approx(50 * (10 - 0.45))


def test_divergence_is_reported():
    P, q = _toy()
    with pytest.raises(TrainingDivergedError, match="lower learning_rate"):
        fit_qwem_gradient(P, q, negative=1, n_components=3, learning_rate=50.0, n_steps=200,
                          batch_size=100, init_scale=1.0, random_state=0)


@pytest.mark.parametrize("kwargs,match", [
    (dict(reweighting="bogus"), "reweighting"),
    (dict(sampling="uniform", reweighting="none"), "uniform"),
    (dict(negative=0), "negative"),
    (dict(negative=1.5, reweighting="none"), "whole number"),
    (dict(n_components=100), "n_components"),
    (dict(batch_size=0), "batch_size"),
    (dict(learning_rate=-1.0), "learning_rate"),
    (dict(init=np.zeros((3, 3))), "init must have shape"),
    (dict(lr_schedule="step"), "lr_schedule"),
    (dict(snapshot_steps=1), "snapshot_steps"),
    (dict(log_every=0), "log_every"),
    (dict(ns_exponent=1.0), "P and q directly"),
])
def test_bad_parameters_raise(kwargs, match):
    P, q = _toy()
    with pytest.raises((ValueError, TypeError), match=match):
        fit_qwem_gradient(P, q, **{"negative": 1, "n_components": 3, "n_steps": 2, **kwargs})


def test_bad_inputs_raise():
    P, q = _toy()
    with pytest.raises(TypeError, match="sparse"):
        fit_qwem_gradient(P.toarray(), q, n_components=2)
    with pytest.raises(ValueError, match="square"):
        fit_qwem_gradient(sp.csr_array(np.ones((2, 3))), q, n_components=2)
    with pytest.raises(ValueError, match="q must have shape"):
        fit_qwem_gradient(P, q[:-1], n_components=2)
    with pytest.raises(ValueError, match="no non-zero"):
        fit_qwem_gradient(sp.csr_array((24, 24)), q, n_components=2)
    q0 = q.copy()
    q0[0] = 0
    with pytest.raises(ValueError, match="q must be > 0"):
        fit_qwem_gradient(P, q0, n_components=2, reweighting="frequency")


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 12), st.floats(0.05, 0.9), st.integers(0, 10_000))
def test_pair_probability_matches_scipy(n, density, seed):
    A = sp.random_array((n, n), density=density, format="csr",
                        rng=np.random.default_rng(seed))
    A.sort_indices()
    dense = A.toarray()
    for i in range(n):
        for j in range(n):
            got = pair_probability(A.indptr.astype(np.int64), A.indices.astype(np.int32),
                                   A.data, i, j)
            assert got == dense[i, j]


# ---------------------------------------------------------------------------- estimator

def _counts(V=40, seed=0):
    C = np.random.default_rng(seed).poisson(5.0, size=(V, V))
    return C + C.T, [f"w{i}" for i in range(V)]


def test_estimator_reaches_the_closed_form():
    # full-batch gradient descent on the exact reweighting converges to W W^T = the best
    # rank-d PSD approximation of M*: same eigenvalues and directions as the eigensolve
    X, words = _counts()
    exact = QWEMEmbedding(3, directions="positive", negative=1, weighted_refinement=0).fit(X, vocabulary=words)
    trained = QWEMGradientEmbedding(3, negative=1, n_steps=300, batch_size=2000,
                                    gradient="expected", random_state=0).fit(X, vocabulary=words)
    assert "loss" in trained.history_ and not trained.interrupted_
    assert trained.n_pairs_ == 300 * 2000
    np.testing.assert_allclose(trained.singular_values_**2, exact.eigenvalues_, rtol=1e-3)
    overlap = np.abs(trained.singular_vectors_.T @ exact.eigenvectors_)
    assert np.all(np.diag(overlap) > 0.99)
    # the embedding is W itself: W W^T is the learned rank-3 approximation
    W = trained.embedding_.astype(np.float64)
    np.testing.assert_allclose(np.linalg.svd(W, compute_uv=False), trained.singular_values_,
                               rtol=1e-5)


def test_oversampling_learns_the_top_directions_cleanly():
    # A rank-d model separates direction d from d+1 at a rate set by their gap;
    # with room for more directions, its top d singular directions converge first.
    X, words = _counts()
    exact = QWEMEmbedding(4, directions="positive", negative=1, solver="dense", weighted_refinement=0).fit(
        X, vocabulary=words)
    kw = dict(negative=1, n_steps=300, batch_size=2000, gradient="expected", random_state=0)
    plain = QWEMGradientEmbedding(4, **kw).fit(X, vocabulary=words)
    over = QWEMGradientEmbedding(4, n_oversamples=6, **kw).fit(X, vocabulary=words)
    assert over.embedding_.shape == (40, 4) and over.singular_values_.shape == (4,)
    U, s = over.singular_vectors_, over.singular_values_
    np.testing.assert_allclose(over.embedding_ @ over.embedding_.T, (U * s**2) @ U.T,
                               atol=1e-5)
    # measured: the rank-4 model has its top 3 directions (0.99989) but lags on the 4th
    # (0.983 for all 4); with 6 extra directions all 4 converge (1 - 2e-10)
    plain_overlap = subspace_overlap(plain.singular_vectors_, exact.eigenvectors_)
    over_overlap = subspace_overlap(over.singular_vectors_, exact.eigenvectors_)
    assert subspace_overlap(plain.singular_vectors_[:, :3], exact.eigenvectors_[:, :3]) > 0.9998
    assert plain_overlap > 0.98
    assert over_overlap > 0.999999 and over_overlap > plain_overlap
    np.testing.assert_allclose(over.singular_values_**2, exact.eigenvalues_, rtol=1e-4)
    with pytest.raises(ValueError, match="n_oversamples"):
        QWEMGradientEmbedding(4, n_oversamples=37, **kw).fit(X, vocabulary=words)


def test_estimator_matches_the_function_on_the_same_distributions():
    X, words = _counts()
    kw = dict(negative=1, n_components=3, n_steps=40, batch_size=500, random_state=3,
              n_jobs=1)
    est = QWEMGradientEmbedding(ns_exponent=1.0, unigram="marginals", **kw).fit(
        X, vocabulary=words)
    P, q = qwem_distributions(sp.csr_array(X), ns_exponent=1.0, unigram="marginals")
    W, hist = fit_qwem_gradient(P, q, **kw)
    np.testing.assert_array_equal(est.embedding_, W)
    np.testing.assert_array_equal(est.history_["loss"], hist["loss"])


def test_keyboard_interrupt_keeps_the_model_trained_so_far():
    X, words = _counts()

    def interrupt(est, step, emb):
        if step >= 2000:
            raise KeyboardInterrupt

    est = QWEMGradientEmbedding(3, negative=1, n_steps=20, batch_size=200,
                                snapshot_steps=[0, 2000, 3000], callback=interrupt,
                                random_state=0)
    with pytest.warns(UserWarning, match="interrupted"):
        est.fit(X, vocabulary=words)
    assert est.interrupted_ and est.n_pairs_ == 2000
    np.testing.assert_array_equal(est.history_["snapshot_step"], [0, 2000])
    assert np.all(np.isfinite(est.embedding_))


def test_get_params_and_bad_input():
    params = QWEMGradientEmbedding().get_params()
    assert {"learning_rate", "n_steps", "reweighting", "n_oversamples"} <= set(params)
    assert "solver" not in params and "eigenvalue_power" not in params
    X, words = _counts(6)
    with pytest.raises(ValueError, match="n_components"):
        QWEMGradientEmbedding(6).fit(X, vocabulary=words)
    with pytest.raises(ValueError, match="whole number"):
        QWEMGradientEmbedding(2, negative=1.5, reweighting="none").fit(X, vocabulary=words)
