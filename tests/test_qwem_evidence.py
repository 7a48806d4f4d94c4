"""Evidence-weighted QWEM: the closed form of the weighted factorisation."""

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from skw2v import QWEMEmbedding
from skw2v.statistics import (
    EvidenceWeightedTarget,
    QWEMTargetOperator,
    dense_qwem_target,
    evidence_weights,
    qwem_distributions,
)


def _counts(seed, V=30):
    rng = np.random.default_rng(seed)
    C = rng.poisson(rng.gamma(0.5, 4.0, size=(V, V)))
    C = C + C.T
    C[0, 1] = C[1, 0] = C[0, 1] + 1  # nothing all-zero
    return sp.csr_array(C.astype(float))


def test_weights_by_hand():
    P = sp.csr_array(np.array([[0.0, 0.3], [0.3, 0.4]]))
    # p = (0.3, 0.7), k q = (0.5, 0.5): base (0.8, 1.2), mean 1
    np.testing.assert_allclose(evidence_weights(P, np.array([0.5, 0.5]), 1.0, 1.0), [0.8, 1.2])
    np.testing.assert_allclose(evidence_weights(P, np.array([0.5, 0.5]), 1.0, 0.5),
                               np.sqrt([0.8, 1.2]) / np.sqrt([0.8, 1.2]).mean())
    assert np.all(evidence_weights(P, np.array([0.5, 0.5]), 1.0, 0.0) == 1.0)


def test_operator_is_the_scaled_dense_target():
    X = _counts(0)
    P, q = qwem_distributions(X)
    a = evidence_weights(P, q, 5, 0.5)
    op = EvidenceWeightedTarget(QWEMTargetOperator(P, q, 5), a)
    M = dense_qwem_target(X, q, 5)
    expected = np.sqrt(a)[:, None] * M * np.sqrt(a)[None, :]
    np.testing.assert_allclose(op @ np.eye(X.shape[0]), expected, atol=1e-12)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), beta=st.sampled_from([0.25, 0.5, 1.0]))
def test_fit_minimises_the_weighted_loss(seed, beta):
    """The weighted closed form beats the unweighted one on the weighted loss
    sum_ij a_i a_j (w_i.w_j - M*_ij)^2 (and loses on the unweighted loss)."""
    X = _counts(seed)
    V, d = X.shape[0], 4
    words = [f"w{i}" for i in range(V)]
    P, q = qwem_distributions(X, ns_exponent=0.5)  # the estimator's default
    a = evidence_weights(P, q, 5, beta)
    M = dense_qwem_target(X, q, 5)
    weighted = QWEMEmbedding(d, directions="positive", evidence_weighting=beta, solver="dense",
                             weighted_refinement=0).fit(X, vocabulary=words)
    plain = QWEMEmbedding(d, directions="positive", evidence_weighting=0.0, solver="dense",
                          weighted_refinement=0).fit(X, vocabulary=words)
    def W(est):  # V Lambda^1/2 in float64 (embedding_ is float32)
        return est.eigenvectors_ * np.sqrt(np.maximum(est.eigenvalues_, 0))[None, :]

    # the exact minimiser of the weighted loss is D^-1/2 times the embedding
    W_weighted = W(weighted) / np.sqrt(a)[:, None]
    W_plain = W(plain)

    def loss(W, weights):
        return float(np.sum(np.outer(weights, weights) * (W @ W.T - M) ** 2))

    assert loss(W_weighted, a) <= loss(W_plain, a) * (1 + 1e-9)
    assert loss(W_plain, np.ones(V)) <= loss(W_weighted, np.ones(V)) * (1 + 1e-9)


def test_zero_weighting_is_the_paper_closed_form():
    X = _counts(1)
    words = [f"w{i}" for i in range(X.shape[0])]
    P, q = qwem_distributions(X, ns_exponent=0.5)
    lam = np.linalg.eigvalsh(dense_qwem_target(X, q, 5))[::-1][:3]
    emb = QWEMEmbedding(3, directions="positive", evidence_weighting=0, solver="dense", weighted_refinement=0).fit(
        X, vocabulary=words)
    np.testing.assert_allclose(emb.eigenvalues_, lam, rtol=1e-9)


def test_negative_weighting_is_refused():
    X = _counts(2)
    with pytest.raises(ValueError, match="evidence_weighting"):
        QWEMEmbedding(3, evidence_weighting=-1).fit(X, vocabulary=[f"w{i}" for i in range(30)])
