import copy

import numpy as np
import pytest
from sklearn.base import BaseEstimator, clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils._param_validation import InvalidParameterError
from threadpoolctl import threadpool_limits

from skw2v import PMISVDEmbedding, QWEMEmbedding, QWEMGradientEmbedding
from skw2v.estimators import EmbeddingMixin
from skw2v.model_selection import DimensionSweepSearchCV, can_slice, dimension_sweep
from skw2v.scorers import make_analogy_scorer, make_snr_scorer


class Spectral(BaseEstimator):
    """Top eigenpairs of a dense symmetric matrix (exact, so slicing is exact)."""

    def __init__(self, n_components=2, power=0.5):
        self.n_components = n_components
        self.power = power

    def fit(self, X, y=None):
        X = np.asarray(X, dtype=np.float64)
        w, V = np.linalg.eigh(X)
        idx = np.argsort(-w)[: self.n_components]
        self.eigenvalues_ = w[idx]
        self.eigenvectors_ = V[:, idx]
        self.embedding_ = V[:, idx] * np.abs(w[idx]) ** self.power
        self.n_fits_ = getattr(self, "n_fits_", 0) + 1
        return self

    def _truncate_components(self, n_components):
        out = copy.copy(self)
        out.n_components = n_components
        out.eigenvalues_ = self.eigenvalues_[:n_components]
        out.eigenvectors_ = self.eigenvectors_[:, :n_components]
        out.embedding_ = self.embedding_[:, :n_components]
        return out


class SpectralNoSlice(Spectral):
    _truncate_components = None


FITS = []


class Counting(Spectral):
    def fit(self, X, y=None):
        FITS.append(self.n_components)
        return super().fit(X, y)


def frob(est, X, y=None):
    """How well W W^T reconstructs X: larger is better."""
    W = est.embedding_ if not hasattr(est, "steps") else est.steps[-1][1].embedding_
    return -np.linalg.norm(W @ W.T - np.asarray(X)) / np.linalg.norm(X)


def width(est, X, y=None):
    return float(est.embedding_.shape[1])


@pytest.fixture
def X():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((40, 40))
    return A @ A.T / 40 + np.diag(np.linspace(3, 0, 40))


def test_sweep_slices_once_and_matches_refits(X):
    FITS.clear()
    dims = [1, 3, 8, 20]
    sweep = dimension_sweep(Counting(), X, dims, scoring={"frob": frob, "width": width},
                            return_estimators=True)
    assert FITS == [20]
    assert sweep.sliced
    np.testing.assert_array_equal(sweep.dims, dims)
    np.testing.assert_array_equal(sweep.scores["width"], dims)
    refit = dimension_sweep(SpectralNoSlice(), X, dims, scoring={"frob": frob})
    assert not refit.sliced
    np.testing.assert_allclose(sweep.scores["frob"], refit.scores["frob"], rtol=1e-10)
    for d, est in zip(dims, sweep.estimators):
        np.testing.assert_array_equal(est.embedding_, Spectral(d).fit(X).embedding_)
    # reconstruction improves with d
    assert np.all(np.diff(sweep.scores["frob"]) > 0)


def test_can_slice():
    assert can_slice(Spectral())
    assert not can_slice(SpectralNoSlice())
    assert can_slice(Pipeline([("id", FunctionTransformer()), ("emb", Spectral())]))


def test_prefit_sweep(X):
    est = Spectral(10).fit(X)
    sweep = dimension_sweep(est, None, [2, 5, 10], scoring=width, prefit=True)
    assert sweep.fit_time == 0.0
    np.testing.assert_array_equal(sweep.scores["score"], [2, 5, 10])
    with pytest.raises(ValueError, match="fewer than"):
        dimension_sweep(est, None, [2, 20], scoring=width, prefit=True)
    with pytest.raises(ValueError, match="slices"):
        dimension_sweep(SpectralNoSlice(3).fit(X), None, [2], scoring=width, prefit=True)


def test_bad_dims_and_scoring(X):
    with pytest.raises(ValueError, match="distinct"):
        dimension_sweep(Spectral(), X, [2, 2], scoring=width)
    with pytest.raises(ValueError, match=">= 1"):
        dimension_sweep(Spectral(), X, [0, 2], scoring=width)
    with pytest.raises(ValueError, match="sequence of ints"):
        dimension_sweep(Spectral(), X, [1.5], scoring=width)
    with pytest.raises(TypeError, match="no score method"):
        dimension_sweep(Spectral(), X, [2])
    with pytest.raises(TypeError, match="scoring must be"):
        dimension_sweep(Spectral(), X, [2], scoring=3)


def test_search_matches_grid_search(X):
    grid = {"n_components": [2, 6, 12], "power": [0.5, 1.0]}
    scoring = {"frob": frob, "width": width}
    ours = DimensionSweepSearchCV(Spectral(), grid, scoring=scoring, refit="frob").fit(X)
    n = X.shape[0]
    ref = GridSearchCV(Spectral(), grid, scoring=scoring, refit="frob",
                       cv=[(np.arange(n), np.arange(n))]).fit(X)
    key = [(p["n_components"], p["power"]) for p in ref.cv_results_["params"]]
    ours_key = [(p["n_components"], p["power"]) for p in ours.cv_results_["params"]]
    order = [ours_key.index(k) for k in key]
    for name in ("frob", "width"):
        np.testing.assert_allclose(ours.cv_results_[f"mean_test_{name}"][order],
                                   ref.cv_results_[f"mean_test_{name}"], rtol=1e-10)
        np.testing.assert_array_equal(ours.cv_results_[f"rank_test_{name}"][order],
                                      ref.cv_results_[f"rank_test_{name}"])
    assert ours.best_params_ == ref.best_params_
    assert ours.best_score_ == pytest.approx(ref.best_score_)
    np.testing.assert_allclose(ours.best_estimator_.embedding_, ref.best_estimator_.embedding_)
    assert ours.cv_results_["param_power"][order].tolist() == [k[1] for k in key]
    assert ours.score(X) == pytest.approx(ref.best_score_)


def test_search_fits_once_per_setting(X):
    FITS.clear()
    DimensionSweepSearchCV(Counting(), {"n_components": [2, 6, 12], "power": [0.5, 1.0]},
                           scoring=frob).fit(X)
    assert FITS == [12, 12]  # one fit per power, none for the refit


def test_search_with_cv_splits_and_pipeline():
    # documents as rows: the splitter indexes them
    rng = np.random.default_rng(1)
    docs = rng.standard_normal((60, 15))
    gram = FunctionTransformer(lambda D: D.T @ D / D.shape[0])
    pipe = Pipeline([("gram", gram), ("emb", Spectral())])

    def score(est, Xtest, y=None):  # reconstruction of the held-out Gram matrix
        G = Xtest.T @ Xtest / Xtest.shape[0]
        W = est.steps[-1][1].embedding_
        return -np.linalg.norm(W @ W.T - G)

    search = DimensionSweepSearchCV(pipe, {"emb__n_components": [1, 4, 10]}, scoring=score,
                                    cv=3).fit(docs)
    assert search.n_splits_ == 3
    assert "split2_test_score" in search.cv_results_
    assert search.best_params_ == {"emb__n_components": 10}
    assert search.best_estimator_.steps[-1][1].embedding_.shape == (15, 10)
    ref = GridSearchCV(pipe, {"emb__n_components": [1, 4, 10]}, scoring=score, cv=3).fit(docs)
    np.testing.assert_allclose(search.cv_results_["mean_test_score"],
                               ref.cv_results_["mean_test_score"], rtol=1e-10)


def test_search_fallback_refits_without_slicing(X):
    search = DimensionSweepSearchCV(SpectralNoSlice(), {"n_components": [2, 5]},
                                    scoring=width).fit(X)
    np.testing.assert_array_equal(search.cv_results_["mean_test_score"], [2, 5])
    assert search.best_params_ == {"n_components": 5}


def test_search_validation(X):
    with pytest.raises(ValueError, match="dimension parameter"):
        DimensionSweepSearchCV(Spectral(), {"power": [1.0]}, scoring=width).fit(X)
    with pytest.raises(ValueError, match="refit must name"):
        DimensionSweepSearchCV(Spectral(), {"n_components": [2]},
                               scoring={"a": width, "b": frob}).fit(X)
    s = DimensionSweepSearchCV(Spectral(), {"n_components": [2]},
                               scoring={"a": width, "b": frob}, refit=False).fit(X)
    assert not hasattr(s, "best_estimator_")


def test_refit_false_with_one_metric_keeps_only_results(X):
    # refit=False used to be ignored when a single scorer was given
    FITS.clear()
    s = DimensionSweepSearchCV(Counting(), {"n_components": [2, 5]}, scoring=width,
                               refit=False).fit(X)
    np.testing.assert_array_equal(s.cv_results_["mean_test_score"], [2, 5])
    assert FITS == [5]  # the search's one fit; nothing fitted for best_estimator_
    for name in ("best_estimator_", "best_index_", "best_params_", "best_score_",
                 "refit_time_"):
        assert not hasattr(s, name), name
    with pytest.raises(NotFittedError):
        s.score(X)
    on = DimensionSweepSearchCV(Spectral(), {"n_components": [2, 5]}, scoring=width).fit(X)
    assert on.best_params_ == {"n_components": 5} and on.score(X) == 5.0


@pytest.mark.parametrize("param, value", [
    ("estimator", "not an estimator"),
    ("param_grid", 3),
    ("scoring", "no-such-scorer"),
    ("scoring", 1.5),
    ("refit", 2),
    ("cv", "five"),
    ("param", 7),
    ("verbose", -1),
])
def test_search_parameter_constraints(X, param, value):
    params = {"estimator": Spectral(), "param_grid": {"n_components": [2]},
              "scoring": width, param: value}
    search = DimensionSweepSearchCV(**params)
    with pytest.raises(InvalidParameterError, match=param):
        search.fit(X)
    assert not hasattr(search, "cv_results_")


def test_search_get_params_and_clone():
    search = DimensionSweepSearchCV(Spectral(power=1.0), {"n_components": [2, 3]},
                                    scoring="snr", refit=False, cv=3, verbose=1)
    twin = clone(search)
    assert twin.get_params(deep=False) == {**search.get_params(deep=False),
                                           "estimator": twin.estimator}
    assert twin.estimator.get_params() == {"n_components": 2, "power": 1.0}


class WordSpectral(EmbeddingMixin, Spectral):
    """Spectral embedding of words (rows of a symmetric matrix) with the mixin."""

    def __init__(self, n_components=2, power=0.5, words=None):
        super().__init__(n_components=n_components, power=power)
        self.words = words

    def fit(self, X, y=None):
        super().fit(X, y)
        self._set_embedding(self.words, self.embedding_)
        return self

    def _truncate_components(self, n_components):
        out = super()._truncate_components(n_components)
        out._set_embedding(self.words_, self.embedding_[:, :n_components])
        return out


def test_snr_and_analogy_scorers_in_grid_searches():
    # words a_i -> b_i related by a shared shift along a strong direction
    rng = np.random.default_rng(3)
    n, m = 12, 30
    words = [f"a{i}" for i in range(n)] + [f"b{i}" for i in range(n)] + [
        f"x{i}" for i in range(m - 2 * n)]
    F = rng.standard_normal((m, 8))
    F[n:2 * n] = F[:n] + 0.05 * rng.standard_normal((n, 8))
    F[n:2 * n, 0] += 3.0
    X = F @ F.T
    pairs = [(f"a{i}", f"b{i}") for i in range(n)]
    questions = {"rel": [(f"a{i}", f"b{i}", f"a{j}", f"b{j}")
                         for i in range(n) for j in range(n) if i != j]}
    scoring = {"snr": make_snr_scorer({"rel": pairs}),
               "analogy": make_analogy_scorer(questions)}
    grid = {"n_components": [1, 2, 4, 8]}
    ours = DimensionSweepSearchCV(WordSpectral(words=words), grid, scoring=scoring,
                                  refit="analogy").fit(X)
    ref = GridSearchCV(WordSpectral(words=words), grid, scoring=scoring, refit="analogy",
                       cv=[(np.arange(m), np.arange(m))]).fit(X)
    for name in scoring:
        np.testing.assert_allclose(ours.cv_results_[f"mean_test_{name}"],
                                   ref.cv_results_[f"mean_test_{name}"], rtol=1e-6)
    assert ours.best_params_ == ref.best_params_
    assert ours.cv_results_["mean_test_analogy"].max() > 0.9
    # named scorers resolve too
    named = DimensionSweepSearchCV(WordSpectral(words=words), grid,
                                   scoring={"wrap": scoring["snr"], "snr_all": "snr"},
                                   refit=False)
    with pytest.raises(ValueError, match="No family has 3 or more pairs"):
        named.fit(X)  # the shipped families are not in this toy vocabulary


# --- the closed-form estimators ---------------------------------------------------


@pytest.fixture(scope="module")
def sample_cooccurrence(sample_cooccurrence):  # conftest's, counted once per session
    QWEMEmbedding(n_components=2).fit(_restrict(sample_cooccurrence, 50))  # warm up
    return sample_cooccurrence


def _restrict(X, V):
    from skw2v.statistics import CooccurrenceMatrix

    return CooccurrenceMatrix(X[:V][:, :V], words=X.words[:V], word_counts=X.word_counts[:V])


def _aligned_error(A, B):
    """Largest entry of A - B after matching each column's sign, relative to max |B|."""
    A = np.asarray(A, dtype=np.float64)
    B = np.asarray(B, dtype=np.float64)
    signs = np.sign(np.sum(A * B, axis=0))
    return np.abs(A - B * signs).max() / np.abs(B).max()


@pytest.mark.slow
@pytest.mark.parametrize("make", [
    lambda d: QWEMEmbedding(n_components=d, negative=1, weighted_refinement=0),
    lambda d: PMISVDEmbedding(n_components=d, algorithm="arpack", random_state=0),
], ids=["qwem-dense", "pmi-svd-arpack"])
def test_closed_form_sweep_equals_refits_and_fits_once(sample_cooccurrence, make, monkeypatch):
    X = _restrict(sample_cooccurrence, 500)
    dims = [4, 8, 16, 24, 32]
    scoring = {"analogy": make_analogy_scorer(), "wordvec": lambda e, X, y=None:
               float(np.abs(e.embedding_).sum())}
    cls = type(make(2))
    fitted_at, fit = [], cls.fit

    def counting_fit(self, X, y=None):
        fitted_at.append(self.n_components)
        return fit(self, X, y)

    # the saving is in the number of solves (one at max(dims) instead of one per d),
    # counted here rather than timed on a shared machine
    monkeypatch.setattr(cls, "fit", counting_fit)
    sweep = dimension_sweep(make(2), X, dims, scoring=scoring, return_estimators=True)
    assert fitted_at == [32]
    monkeypatch.setattr(cls, "fit", fit)
    refits = [make(d).fit(X) for d in dims]
    assert sweep.sliced
    for d, sliced, refit in zip(dims, sweep.estimators, refits):
        assert sliced.n_components == d and sliced.embedding_.shape == (500, d)
        assert _aligned_error(sliced.embedding_, refit.embedding_) < 1e-4
    np.testing.assert_allclose(sweep.scores["wordvec"],
                               [float(np.abs(r.embedding_).sum()) for r in refits], rtol=1e-4)


@pytest.mark.slow
def test_qwem_iterative_solver_sweep_matches_refit(sample_cooccurrence):
    # QWEM's LOBPCG path (asked for: V = 2000 would go dense under "auto");
    # slices agree with refits to solver tolerance
    X = sample_cooccurrence
    sweep = dimension_sweep(QWEMEmbedding(solver="lobpcg", random_state=0), X, [3, 8],
                            scoring=lambda e, X, y=None: 0.0, return_estimators=True)
    for d, sliced in zip([3, 8], sweep.estimators):
        refit = QWEMEmbedding(n_components=d, solver="lobpcg", random_state=0).fit(X)
        assert sliced.solver_ == refit.solver_ == "lobpcg"
        np.testing.assert_allclose(sliced.eigenvalues_, refit.eigenvalues_, rtol=1e-3)
        G1 = sliced.embedding_.astype(np.float64) @ sliced.embedding_.T
        G2 = refit.embedding_.astype(np.float64) @ refit.embedding_.T
        assert np.linalg.norm(G1 - G2) < 1e-2 * np.linalg.norm(G2)


def test_gradient_qwem_is_refitted_not_sliced():
    assert not can_slice(QWEMGradientEmbedding())
    assert can_slice(QWEMEmbedding(weighted_refinement=0))  # the closed form nests
    assert not can_slice(QWEMEmbedding())  # refined by default: each d refined instead
    assert not can_slice(QWEMEmbedding(weighted_refinement=6))
    assert can_slice(PMISVDEmbedding())


@pytest.mark.slow
def test_search_over_qwem_dimension_and_negative(sample_cooccurrence):
    X = _restrict(sample_cooccurrence, 800)
    search = DimensionSweepSearchCV(
        QWEMEmbedding(), {"n_components": [5, 10, 20], "negative": [1, 5]},
        scoring={"snr": make_snr_scorer(), "analogy": make_analogy_scorer()},
        refit="analogy")
    with threadpool_limits(limits=1, user_api="blas"):
        search.fit(X)
    res = search.cv_results_
    assert len(res["params"]) == 6
    # each candidate's scores are those of the estimator fitted at its parameters
    snr, analogy = make_snr_scorer(), make_analogy_scorer()
    for i, params in enumerate(res["params"]):
        with threadpool_limits(limits=1, user_api="blas"):
            alone = QWEMEmbedding(**params).fit(X)
        np.testing.assert_allclose(res["mean_test_snr"][i], snr(alone, X), rtol=1e-6)
        np.testing.assert_allclose(res["mean_test_analogy"][i], analogy(alone, X), atol=1e-3)
    best = search.best_estimator_
    assert best.n_components == search.best_params_["n_components"]
    assert best.negative == search.best_params_["negative"]
    refit = QWEMEmbedding(**search.best_params_).fit(X)
    assert _aligned_error(best.embedding_, refit.embedding_) < 1e-4
