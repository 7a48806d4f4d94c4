import numpy as np
import pytest
from scipy import integrate, stats

from sklearn.base import BaseEstimator

from skw2v import WordVectors
from skw2v.estimators import EmbeddingMixin
from skw2v.analysis import (
    fit_marchenko_pastur,
    marchenko_pastur_cdf,
    marchenko_pastur_pdf,
    spiked_snr,
    task_vector_projection,
    task_vector_snr,
    task_vector_spectrum,
    task_vectors,
)
from skw2v.scorers import make_snr_scorer


def planted(n, d, mu2, s2, seed=0, p=None):
    """Rank-one signal plus Gaussian noise (in a p-dimensional subspace if p)."""
    rng = np.random.default_rng(seed)
    mu = rng.standard_normal(d)
    mu *= np.sqrt(mu2) / np.linalg.norm(mu)
    if p is None:
        noise = np.sqrt(s2) * rng.standard_normal((n, d))
    else:  # variance s2 * d / p in p orthonormal directions: s2 per coordinate on average
        Q, _ = np.linalg.qr(rng.standard_normal((d, p)))
        noise = np.sqrt(s2 * d / p) * rng.standard_normal((n, p)) @ Q.T
    return mu[None, :] + noise


def random_rotation(d, seed):
    Q, R = np.linalg.qr(np.random.default_rng(seed).standard_normal((d, d)))
    return Q * np.sign(np.diag(R))


# --- exact small cases ----------------------------------------------------------


def test_snr_hand_computed():
    # R R^T = diag-ish: singular values^2 of [[2,0],[0,1],[0,1]] are 4 and 2
    R = np.array([[2.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    spec = task_vector_spectrum(R)
    np.testing.assert_allclose(spec.eigenvalues, [2.0, 1.0, 0.0], atol=1e-12)
    assert spec.rank == 2
    assert spec.snr == pytest.approx(4.0 / (6.0 / 2))
    assert task_vector_snr(R) == pytest.approx(4.0 / 3.0)


def test_snr_bounds():
    parallel = np.outer(np.arange(1.0, 6.0), [1.0, 2.0, -1.0])
    assert task_vector_snr(parallel) == pytest.approx(1.0)  # rank one: lambda = Tr
    orthonormal = np.eye(4)
    assert task_vector_snr(orthonormal) == pytest.approx(1.0)  # flat spectrum
    rng = np.random.default_rng(1)
    R = rng.standard_normal((30, 10))
    snr = task_vector_snr(R)
    assert 1.0 < snr < 10.0


def test_rank_degenerate_embedding():
    # clipped eigenvalues leave exactly-zero columns: rank is what remains
    rng = np.random.default_rng(2)
    R = rng.standard_normal((20, 8))
    R[:, 5:] = 0.0
    assert task_vector_spectrum(R).rank == 5
    assert task_vector_spectrum(R.astype(np.float32)).rank == 5


def test_zero_task_vectors_raise():
    with pytest.raises(ValueError, match="zero"):
        task_vector_snr(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="at least 2 rows"):
        task_vector_snr(np.ones((1, 4)))
    with pytest.raises(ValueError, match="NaN"):
        task_vector_snr(np.array([[1.0, np.nan], [1.0, 0.0]]))


# --- invariants -------------------------------------------------------------------


def test_snr_invariant_to_rotation_scale_and_pair_order():
    R = planted(60, 40, 3.0, 1.0, seed=3)
    snr = task_vector_snr(R)
    Q = random_rotation(40, 4)
    assert task_vector_snr(R @ Q) == pytest.approx(snr, rel=1e-10)
    assert task_vector_snr(7.5 * R) == pytest.approx(snr, rel=1e-10)
    perm = np.random.default_rng(5).permutation(60)
    assert task_vector_snr(R[perm]) == pytest.approx(snr, rel=1e-10)


def test_snr_invariant_to_rotating_the_embedding():
    rng = np.random.default_rng(6)
    words = [f"w{i}" for i in range(50)]
    W = rng.standard_normal((50, 12))
    pairs = [(f"w{i}", f"w{i + 25}") for i in range(25)]
    base = task_vectors(WordVectors(words, W), pairs)
    rotated = task_vectors(WordVectors(words, W @ random_rotation(12, 7)), pairs)
    shuffled = task_vectors(WordVectors(words, W), pairs[::-1])
    assert rotated.snr() == pytest.approx(base.snr(), rel=1e-5)  # float32 storage
    assert shuffled.snr() == pytest.approx(base.snr(), rel=1e-10)


# --- planted spiked model -------------------------------------------------------


@pytest.mark.parametrize("n, d, mu2, s2", [(200, 100, 2.0, 0.5), (100, 400, 4.0, 1.0),
                                           (300, 50, 1.0, 1.0)])
def test_planted_spiked_model_snr(n, d, mu2, s2):
    R = planted(n, d, mu2, s2, seed=n + d)
    expected = spiked_snr(n, d, mu2, s2)
    assert task_vector_snr(R) == pytest.approx(expected, rel=0.08)


@pytest.mark.parametrize("method", ["moments", "cdf"])
@pytest.mark.parametrize("n, d, s2", [(200, 100, 0.5), (100, 400, 1.0), (300, 50, 2.0)])
def test_planted_spiked_model_marchenko_pastur(method, n, d, s2):
    R = planted(n, d, 2.0, s2, seed=10 + n)
    fit = task_vector_spectrum(R).fit_marchenko_pastur(method=method)
    # the CDF fit is less efficient than the moments (with n > d it sees only the
    # d - 1 non-zero bulk eigenvalues), hence the wider band
    tol = 0.05 if method == "moments" else 0.1
    assert fit.noise_variance == pytest.approx(s2, rel=tol)
    assert fit.effective_dim == pytest.approx(d, rel=tol + 0.01)
    assert fit.n_bulk == n - 1
    assert fit.method == method


def test_planted_noise_subspace_gives_effective_dimension():
    # noise spread over p = 60 of d = 300 dimensions
    R = planted(150, 300, 2.0, 0.4, seed=11, p=60)
    fit = task_vector_spectrum(R).fit_marchenko_pastur()
    assert fit.effective_dim == pytest.approx(60, rel=0.06)
    assert fit.noise_variance == pytest.approx(0.4, rel=0.05)


def test_strong_spike_stands_above_the_edge_weak_one_does_not():
    spec = task_vector_spectrum(planted(100, 200, 10.0, 1.0, seed=12))
    strong = spec.fit_marchenko_pastur()
    assert strong.n_above_edge == 1
    assert spec.eigenvalues[0] > 1.5 * strong.upper_edge
    assert spec.eigenvalues[1] < 1.1 * strong.upper_edge
    # theta^2 = n mu2 / (d s2) = 0.05 < sqrt(c) = 0.7: undetectable, the top
    # eigenvalue sits at the noise edge (up to Tracy-Widom fluctuations)
    spec = task_vector_spectrum(planted(100, 200, 0.1, 1.0, seed=13))
    weak = spec.fit_marchenko_pastur(n_spikes=0)
    assert spec.eigenvalues[0] < 1.1 * weak.upper_edge
    assert weak.n_above_edge <= 2


def test_spiked_snr_limits():
    assert spiked_snr(100, 100, 0.0, 1.0) == pytest.approx(4.0)  # noise edge / mean
    # strong signal: SNR -> rank
    assert spiked_snr(50, 200, 1e6, 1.0) == pytest.approx(50, rel=1e-3)
    # grows with signal
    vals = spiked_snr(50, 200, np.array([1.0, 10.0, 100.0]), 1.0)
    assert np.all(np.diff(vals) > 0)


# --- Marchenko–Pastur law -------------------------------------------------------


@pytest.mark.parametrize("ratio", [0.1, 0.5, 1.0, 2.5])
def test_mp_pdf_and_cdf_agree(ratio):
    scale = 1.7
    b = scale * (1 + np.sqrt(ratio)) ** 2
    a = scale * (1 - np.sqrt(ratio)) ** 2
    mass = integrate.quad(lambda x: marchenko_pastur_pdf(x, scale, ratio), a, b, limit=200)[0]
    assert mass == pytest.approx(min(1.0, 1.0 / ratio), abs=1e-6)
    mean = integrate.quad(lambda x: x * marchenko_pastur_pdf(x, scale, ratio), a, b,
                          limit=200)[0]
    assert mean == pytest.approx(scale, rel=1e-6)  # the atom at 0 adds nothing
    xs = np.linspace(a, b, 9)[1:-1]
    ref = [1 - mass + integrate.quad(lambda x: marchenko_pastur_pdf(x, scale, ratio), a, x,
                                     limit=200)[0] for x in xs]
    np.testing.assert_allclose(marchenko_pastur_cdf(xs, scale, ratio), ref, atol=1e-5)
    assert marchenko_pastur_cdf(b * 2, scale, ratio) == pytest.approx(1.0)
    assert marchenko_pastur_cdf(-1.0, scale, ratio) == 0.0


def test_mp_cdf_matches_wishart_sample():
    rng = np.random.default_rng(14)
    n, p = 200, 500
    Z = rng.standard_normal((n, p))
    ev = np.linalg.eigvalsh(2.0 * Z @ Z.T / p)
    ks = stats.kstest(ev, lambda x: marchenko_pastur_cdf(x, 2.0, n / p))
    assert ks.statistic < 0.04


def test_fit_rejects_bad_input():
    with pytest.raises(ValueError, match="method"):
        fit_marchenko_pastur(np.ones(10), method="bogus")
    with pytest.raises(ValueError, match="non-zero eigenvalues"):
        fit_marchenko_pastur(np.array([5.0, 1.0, 0.0, 0.0]))
    with pytest.raises(ValueError, match="n_spikes"):
        fit_marchenko_pastur(np.ones(10), n_spikes=-1)


# --- task vectors from words ----------------------------------------------------


def toy_vectors():
    words = ["paris", "france", "rome", "italy", "tokyo", "japan", "cat"]
    rng = np.random.default_rng(15)
    W = rng.standard_normal((7, 5))
    return words, W


def test_task_vectors_from_pairs_and_oov_reported():
    words, W = toy_vectors()
    wv = WordVectors(words, W)
    tv = task_vectors(wv, [("France", "Paris"), ("italy", "rome"), ("japan", "tokyo"),
                           ("spain", "madrid")], lowercase=True)
    assert tv.n_pairs == 3 and tv.n_missing == 1
    assert tv.missing.tolist() == [["spain", "madrid"]]
    assert tv.oov_ratio == pytest.approx(0.25)
    np.testing.assert_allclose(tv.vectors[0], W[0].astype(np.float32) - W[1].astype(np.float32))
    # the mean task vector, by hand: (W[paris] - W[france] + ...) / 3 in float32 rows
    rows = [(0, 1), (2, 3), (4, 5)]
    by_hand = sum(W[b].astype(np.float32) - W[a].astype(np.float32) for b, a in rows) / 3
    np.testing.assert_allclose(tv.mean, by_hand, rtol=1e-6)
    with pytest.raises(KeyError, match="madrid"):
        task_vectors(wv, [("france", "paris"), ("spain", "madrid")], missing="raise")
    with pytest.raises(ValueError, match="at least 2"):
        task_vectors(wv, [("france", "paris"), ("spain", "madrid")])


def test_task_vectors_array_input_and_normalize():
    words, W = toy_vectors()
    tv = task_vectors(W, [("france", "paris"), ("italy", "rome")], words=words,
                      normalize=True)
    U = W / np.linalg.norm(W, axis=1, keepdims=True)
    np.testing.assert_allclose(tv.vectors[1], U[2] - U[3])
    with pytest.raises(ValueError, match="words="):
        task_vectors(W, [("france", "paris"), ("italy", "rome")])
    with pytest.raises(ValueError, match="two words"):
        task_vectors(W, [("france",), ("italy", "rome")], words=words)
    with pytest.raises(ValueError, match="No word pairs"):
        task_vectors(W, [], words=words)


def test_projection_finds_the_carrying_feature():
    # feature 2 separates the two sides of every pair; the others are noise
    rng = np.random.default_rng(16)
    n = 30
    A = rng.standard_normal((n, 6)) * 0.1
    B = A + rng.standard_normal((n, 6)) * 0.1
    B[:, 2] += 1.0
    words = [f"a{i}" for i in range(n)] + [f"b{i}" for i in range(n)]
    wv = WordVectors(words, np.vstack([A, B]))
    proj = task_vector_projection(wv, [(f"a{i}", f"b{i}") for i in range(n)])
    assert proj.order[0] == 2
    mean = (B - A).mean(axis=0)  # the coefficients are the mean task vector's coordinates
    np.testing.assert_allclose(proj.coefficients, mean, rtol=1e-6)
    np.testing.assert_allclose(proj.share, mean ** 2 / (mean ** 2).sum(), rtol=1e-6)
    assert proj.share[2] > 0.9
    assert proj.top(1)[0][0] == 2


def test_snr_scorer_on_custom_families():
    rng = np.random.default_rng(17)
    n = 40
    A = rng.standard_normal((n, 20))
    words = [f"a{i}" for i in range(n)] + [f"b{i}" for i in range(n)]
    shift = np.zeros(20)
    shift[0] = 3.0
    B_rel = A + shift + 0.3 * rng.standard_normal((n, 20))  # strong relation
    wv = WordVectors(words, np.vstack([A, B_rel]))
    pairs = [(f"a{i}", f"b{i}") for i in range(n)]
    noise_pairs = [(f"a{i}", f"a{(i + 1) % n}") for i in range(n)]  # no relation
    scorer = make_snr_scorer({"rel": pairs, "noise": noise_pairs}, aggregate="mean")

    class Est(EmbeddingMixin, BaseEstimator):  # a fitted embedding estimator
        def fit(self, X=None, y=None):
            self._set_embedding(wv.words, wv.vectors)
            return self

    per = scorer.score_families(Est().fit())
    assert per["rel"] > 5 * per["noise"]
    assert scorer(Est().fit(), None) == pytest.approx((per["rel"] + per["noise"]) / 2)
    with pytest.raises(ValueError, match="aggregate"):
        make_snr_scorer({"rel": pairs}, aggregate="max")
    # a family with fewer than min_pairs pairs in the vocabulary is left out, and said so
    sparse = make_snr_scorer({"rel": pairs, "rare": [("a1", "zz"), ("a2", "b2"), ("a3", "b3")]},
                             aggregate="mean")
    scores, skipped = sparse.score_families(Est().fit(), return_skipped=True)
    assert list(scores) == ["rel"] and skipped == {"rare": 2}
    assert sparse(Est().fit()) == pytest.approx(per["rel"])
    with pytest.raises(ValueError, match="min_pairs"):
        make_snr_scorer({"rel": pairs}, min_pairs=1)


def test_shipped_family_by_name_reports_oov():
    words = ["boy", "girl", "brother", "sister", "father", "mother", "king", "queen"]
    W = np.random.default_rng(18).standard_normal((len(words), 6))
    tv = task_vectors(WordVectors(words, W), "family")
    assert tv.family == "family"
    assert tv.n_pairs == 4
    assert tv.n_missing == 19  # the section has 23 distinct pairs
    assert ("boy", "girl") in [tuple(p) for p in tv.pairs]
    with pytest.raises(KeyError, match="Unknown analogy family"):
        task_vectors(WordVectors(words, W), "no-such-family")
    scorer = make_snr_scorer("family")
    assert list(scorer.families) == ["family"]
    with pytest.raises(KeyError, match="Unknown analogy families"):
        make_snr_scorer(["family", "nope"])


@pytest.mark.slow
def test_real_relations_stand_out_on_the_sample_corpus(sample_qwem):
    # QWEM on the bundled corpus (conftest's, fitted once): a true relation's task
    # vectors share a direction, the same words re-paired at random do not, nor do
    # random vectors
    model = sample_qwem
    rng = np.random.default_rng(0)
    noise = WordVectors(model.words_, rng.standard_normal(model.embedding_.shape))
    # the bars sit just below the measured ratios (SNR over re-paired / over random):
    # nationality 2.07 / 3.30, family 1.46 / 2.31 (13 and 7 pairs)
    for family, over_shuffled, over_noise in [("gram6-nationality-adjective", 1.8, 2.8),
                                              ("family", 1.3, 2.0)]:
        tv = task_vectors(model, family)
        assert tv.n_pairs >= 6
        a, b = tv.pairs[:, 0], tv.pairs[:, 1]
        shuffled = np.mean([task_vectors(model, list(zip(a, rng.permutation(b)))).snr()
                            for _ in range(10)])
        assert tv.snr() > over_shuffled * shuffled
        assert tv.snr() > over_noise * task_vectors(noise, family).snr()
    # eigen-feature projection: embedding coordinates are eigenvector ones times |lambda|^p
    # (zero on a refined model's baseline direction, which embedding_ leaves out)
    eig = task_vector_projection(model, "gram6-nationality-adjective")
    emb = task_vector_projection(model, "gram6-nationality-adjective", basis="embedding")
    np.testing.assert_allclose(emb.coefficients,
                               eig.coefficients * np.sqrt(np.abs(model.eigenvalues_))
                               * model.embedding_.any(axis=0), atol=1e-5)
    assert len(eig.concepts) == 5 and all(len(pos) == 6 for pos, _ in eig.concepts)
    assert eig.order[0] == np.argmax(np.abs(eig.coefficients))
    with pytest.raises(ValueError, match="no eigenvectors_"):
        task_vector_projection(noise, "family", basis="eigenvectors")
