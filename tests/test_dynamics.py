"""Tests of skw2v.dynamics: the gradient-flow theory and the subspace tools."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skw2v.dynamics import (
    GradientFlowTheory,
    chance_overlap,
    concepts,
    dense_qwem_target,
    embedding_subspace,
    exact_loss_scale,
    learned_directions,
    learning_steps,
    overlap_curve,
    planted_cooccurrence,
    principal_cosines,
    projected_squared_norms,
    subspace_overlap,
)
from skw2v.estimators import fit_qwem_gradient

# ----------------------------------------------------------------------------- theory


def test_exact_loss_scale_by_hand():
    assert exact_loss_scale(10, 1) == pytest.approx(0.02)
    with pytest.raises(ValueError, match="n_words"):
        exact_loss_scale(0, 1)
    with pytest.raises(ValueError, match="negative"):
        exact_loss_scale(10, -1)


@settings(max_examples=30, deadline=None)
@given(
    lam=st.floats(-5.0, 20.0).filter(lambda x: abs(x) > 1e-3),
    u0=st.floats(1e-6, 1.0),
    rate=st.floats(1e-3, 1.0),
)
def test_trajectory_solves_the_logistic_equation(lam, u0, rate):
    theory = GradientFlowTheory([lam], learning_rate=rate / 2, loss_scale=1.0, initial_value=u0)
    assert theory.rate == pytest.approx(rate)
    t = np.linspace(0.0, 5.0 / (rate * abs(lam)), 50)
    h = 1e-6 / (rate * abs(lam))
    u = theory.squared_singular_values(t)[:, 0]
    du = (theory.squared_singular_values(t + h)[:, 0] - u) / h
    assert u[0] == pytest.approx(u0)
    np.testing.assert_allclose(du, rate * u * (lam - u), rtol=1e-3, atol=1e-9 * lam**2)


def test_step_times_are_where_the_curve_crosses():
    lam = np.array([8.0, 4.0, 1.0, -1.0])
    theory = GradientFlowTheory(lam, learning_rate=0.1, loss_scale=0.5, initial_value=1e-4)
    for fraction in (0.1, 0.5, 0.9):
        t = theory.step_times(fraction)
        assert np.isinf(t[3])
        u = np.diag(theory.squared_singular_values(t[:3]))
        np.testing.assert_allclose(u, fraction * lam[:3], rtol=1e-9)
    # large eigenvalues first; time ~ log(lam/u0) / (rate lam)
    t = theory.step_times()
    assert t[0] < t[1] < t[2]
    np.testing.assert_allclose(t[:3], np.log(lam[:3] / 1e-4) / (theory.rate * lam[:3]), rtol=1e-3)
    # negative and zero eigenvalues decay
    late = GradientFlowTheory([-1.0, 0.0], learning_rate=1.0, loss_scale=1.0, initial_value=0.5)
    u = late.squared_singular_values([0.0, 100.0])
    assert np.all(u[1] < 0.05 * u[0])


def test_loss_drops_by_z_lambda_squared_over_four():
    lam = np.array([6.0, 1.0])
    theory = GradientFlowTheory(lam, learning_rate=1.0, loss_scale=0.3, initial_value=1e-6)
    t = theory.step_times()
    L = theory.loss([0.0, 2 * t[0], 10 * t[1]])
    assert abs(L[0]) < 1e-5
    assert L[1] == pytest.approx(-0.3 * 36 / 4, rel=1e-3)
    assert L[2] == pytest.approx(theory.final_loss, rel=1e-6)
    assert theory.final_loss == pytest.approx(-0.3 * 37 / 4)


def test_theory_rejects_bad_input():
    with pytest.raises(ValueError, match="eigenvalues"):
        GradientFlowTheory([], learning_rate=1.0, loss_scale=1.0, initial_value=1.0)
    with pytest.raises(ValueError, match="initial_value"):
        GradientFlowTheory([1.0], learning_rate=1.0, loss_scale=1.0, initial_value=0.0)
    with pytest.raises(ValueError, match="learning_rate"):
        GradientFlowTheory([1.0], learning_rate=-1.0, loss_scale=1.0, initial_value=1.0)
    theory = GradientFlowTheory([1.0], learning_rate=1.0, loss_scale=1.0, initial_value=1.0)
    with pytest.raises(ValueError, match="fraction"):
        theory.step_times(1.5)
    with pytest.raises(ValueError, match="steps"):
        theory.loss([-1.0])


def test_full_batch_gradient_descent_matches_theory_within_one_percent():
    """The derivation's constants: GD on the exact loss from an aligned small init."""
    k = 2
    P, q, lam, U = planted_cooccurrence([9.0, 5.0, 2.5], 80, negative=k, random_state=0)
    d = 3
    u0 = 1e-4
    V = P.shape[0]
    Z = exact_loss_scale(V, k)
    lr = 0.005 / (Z * lam[0])  # per pair; batch_size=1 so 0.5 % growth per step
    theory = GradientFlowTheory(lam[:d], learning_rate=lr, loss_scale=Z, initial_value=u0)
    T = theory.step_times()
    n_steps = int(1.6 * T[-1])
    W, hist = fit_qwem_gradient(
        P, q, negative=k, n_components=d, reweighting="exact", gradient="expected",
        init=U[:, :d] * np.sqrt(u0), learning_rate=lr, batch_size=1, n_steps=n_steps,
        snapshot_steps=300, n_singular_values=d, log_every=1,
    )
    t = hist["snapshot_step"]
    err = np.abs(hist["singular_values"] - theory.singular_values(t)) / np.sqrt(lam[:d])
    assert err.max() < 0.01
    measured = learning_steps(t, hist["singular_values"] ** 2, final=lam[:d])
    np.testing.assert_allclose(measured, T, rtol=0.01)
    # loss: the record at step s is the loss before update s - 1 (log_every=1)
    predicted = theory.loss(hist["step"] - 1)
    assert np.abs(hist["loss"] - predicted).max() < 0.01 * abs(theory.final_loss)
    assert hist["loss_scale"] == pytest.approx(Z)


# ---------------------------------------------------------------------------- subspace


def test_principal_cosines_by_hand():
    A = np.eye(4)[:, :2]
    B = np.column_stack([np.eye(4)[:, 0], (np.eye(4)[:, 1] + np.eye(4)[:, 2]) / np.sqrt(2)])
    np.testing.assert_allclose(principal_cosines(A, B), [1.0, 1 / np.sqrt(2)])
    assert subspace_overlap(A, B) == pytest.approx(0.75)
    # invariant to the basis chosen for each subspace
    R = np.array([[2.0, 1.0], [-1.0, 3.0]])
    assert subspace_overlap(A @ R, 5 * B) == pytest.approx(0.75)
    with pytest.raises(ValueError, match="same number of rows"):
        principal_cosines(A, np.eye(3))


def test_random_subspaces_overlap_at_chance():
    rng = np.random.default_rng(0)
    n, p = 400, 8
    vals = [subspace_overlap(rng.standard_normal((n, p)), rng.standard_normal((n, p)))
            for _ in range(20)]
    assert np.mean(vals) == pytest.approx(chance_overlap(p, n), rel=0.25)
    with pytest.raises(ValueError, match="n_components"):
        chance_overlap(5, 3)


def test_embedding_subspace_and_projections():
    rng = np.random.default_rng(1)
    U, _ = np.linalg.qr(rng.standard_normal((30, 3)))
    W = U * np.array([3.0, 2.0, 1.0]) @ np.linalg.qr(rng.standard_normal((3, 3)))[0]
    S = embedding_subspace(W, 2)
    np.testing.assert_allclose(np.abs(S.T @ U[:, :2]), np.eye(2), atol=1e-10)
    np.testing.assert_allclose(projected_squared_norms(W, U), [9.0, 4.0, 1.0])
    with pytest.raises(ValueError, match="n_components"):
        embedding_subspace(W, 4)
    curve = overlap_curve([W, U[:, [2, 1, 0]]], U[:, :2], n_components=2)
    np.testing.assert_allclose(curve, [1.0, 0.5], atol=1e-10)


def test_learning_steps_interpolates_and_reports_never():
    steps = [0, 10, 20, 30]
    values = np.array([[0.0, 0.0, 0.0], [4.0, 0.0, 0.0], [8.0, 3.0, 0.0], [8.0, 6.0, 0.5]])
    out = learning_steps(steps, values, final=[8.0, 6.0, 10.0])
    np.testing.assert_allclose(out, [10.0, 20.0, np.inf])
    np.testing.assert_allclose(learning_steps(steps, values[:, :2]), [10.0, 20.0])
    with pytest.raises(ValueError, match="one row per step"):
        learning_steps([0, 1], values)


def test_concepts_orients_and_ranks():
    words = ["a", "b", "c", "d"]
    X = np.array([[0.1, -0.7], [-0.5, 0.1], [0.8, 0.2], [0.0, 0.3]])
    (pos0, neg0), (pos1, neg1) = concepts(X, words, n_words=2)
    assert pos0 == ["c", "a"] and neg0 == ["b", "d"]
    # second column: largest magnitude is -0.7 -> flipped so "a" is positive
    assert pos1 == ["a", "b"] and neg1 == ["d", "c"]
    with pytest.raises(ValueError, match="one entry per row"):
        concepts(X, words[:3])


def test_stepwise_learning_and_learned_directions():
    """From a small random init, directions switch on one at a time, in order."""
    lam_planted = [10.0, 6.0, 3.6, 2.2]
    P, q, lam, U = planted_cooccurrence(lam_planted, 90, random_state=3)
    d = 4
    W, hist = fit_qwem_gradient(
        P, q, negative=1, n_components=d, gradient="expected", init_scale=1e-3,
        n_steps=700, batch_size=1000, snapshot_steps=141, record_embeddings=True,
        random_state=0,
    )
    sv2 = hist["singular_values"] ** 2
    # the run ends on the closed form: squared singular values = top eigenvalues of M*
    np.testing.assert_allclose(sv2[-1], lam[:d], rtol=1e-2)
    above = (sv2 > 0.5 * lam[:d]).sum(axis=1)
    assert above[0] == 0 and above[-1] == d
    # never skips a count and never goes back
    assert set(np.diff(above)) <= {0, 1}
    # and the directions switch on in order: the k-th largest first
    first = [np.argmax(sv2[:, k] > 0.5 * lam[k]) for k in range(d)]
    assert first == sorted(first) and len(set(first)) == d
    words = [f"w{i}" for i in range(P.shape[0])]
    rows = learned_directions(hist, words, n_directions=d, eigenvectors=U, n_words=3)
    assert [r["direction"] for r in rows] == list(range(d))
    assert all(r["eigenvector_cosine"] > 0.99 for r in rows)
    assert all(len(r["positive"]) == 3 for r in rows)
    assert overlap_curve(hist, U[:, :d])[-1] > 0.99


def test_dense_qwem_target_by_hand():
    P = np.array([[0.0, 0.5], [0.5, 0.0]])
    q = np.array([0.5, 0.5])
    M = dense_qwem_target(P, q, 1)
    # off-diagonal: 2 (0.5 - 0.25) / 0.75 = 2/3; diagonal: P = 0 -> -2
    np.testing.assert_allclose(M, [[-2.0, 2 / 3], [2 / 3, -2.0]])
    with pytest.raises(ValueError, match="below 2"):
        planted_cooccurrence([50.0], 10, random_state=0)
