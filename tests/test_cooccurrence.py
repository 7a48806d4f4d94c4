"""Co-occurrence kernels and CooccurrenceVectorizer."""

import gzip
import pickle
from fractions import Fraction

import joblib
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.utils.estimator_checks import (
    check_do_not_raise_errors_in_init_or_set_params,
    check_estimator,
    check_estimator_cloneable,
    check_estimator_repr,
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from skw2v.kernels.cooccurrence import add_csr, cooccurrence_rows
from skw2v.statistics import CooccurrenceMatrix, CooccurrenceVectorizer, window_weights

WEIGHT = {
    "uniform": lambda w, d: Fraction(1),
    "linear": lambda w, d: Fraction(w + 1 - d, w),
    "harmonic": lambda w, d: Fraction(1, d),
}


def reference(docs, vocabulary, window, weighting):
    """Dense co-occurrence counts by the definition, in exact fractions."""
    index = {w: i for i, w in enumerate(vocabulary)}
    n = len(vocabulary)
    X = [[Fraction(0)] * n for _ in range(n)]
    for doc in docs:
        ids = [index[t] for t in doc if t in index]
        for p, i in enumerate(ids):
            for q, j in enumerate(ids):
                if p != q and abs(p - q) <= window:
                    X[i][j] += WEIGHT[weighting](window, abs(p - q))
    return np.array([[float(x) for x in row] for row in X])


def fit(docs, **params):
    # The mechanics are tested on word2vec's pairs (window 5, linear weights, no
    # subsampling unless asked), whatever the class defaults are.
    for name, value in (("min_count", 1), ("window", 5), ("weighting", "linear"),
                        ("subsample", None)):
        params.setdefault(name, value)
    vec = CooccurrenceVectorizer(**params)
    return vec, vec.fit_transform(docs)


# "a b c a" has pairs (a,b,1) (a,c,2) (b,c,1) (b,a,2) (c,a,1) (a,a,3).
@pytest.mark.parametrize(
    "weighting, expected",
    [
        ("uniform", {("a", "a"): 2, ("a", "b"): 2, ("a", "c"): 2, ("b", "c"): 1}),
        ("linear", {("a", "a"): Fraction(2, 3), ("a", "b"): Fraction(5, 3),
                    ("a", "c"): Fraction(5, 3), ("b", "c"): 1}),
        ("harmonic", {("a", "a"): Fraction(2, 3), ("a", "b"): Fraction(3, 2),
                      ("a", "c"): Fraction(3, 2), ("b", "c"): 1}),
    ],
)
def test_hand_computed_counts(weighting, expected):
    vec, X = fit(["a b c a"], window=3, weighting=weighting)
    assert vec.words_.tolist() == ["a", "b", "c"]
    assert vec.word_counts_.tolist() == [2, 1, 1]
    D = X.toarray()
    for (u, v), value in expected.items():
        i, j = vec.vocabulary_[u], vec.vocabulary_[v]
        assert D[i, j] == pytest.approx(float(value), rel=1e-15)
        assert D[j, i] == D[i, j]
    assert D[1, 1] == D[2, 2] == 0


def test_window_limits_distance():
    _, X = fit(["a b c a"], window=2, weighting="uniform")
    assert X.toarray()[0, 0] == 0  # the two a's are 3 apart


def test_windows_never_cross_documents():
    vec, X = fit(["a b", "c a"], window=3, weighting="uniform")
    v = vec.vocabulary_
    D = X.toarray()
    assert D[v["a"], v["b"]] == 1 and D[v["a"], v["c"]] == 1
    assert D[v["b"], v["c"]] == 0 and D[v["a"], v["a"]] == 0


def test_out_of_vocabulary_tokens_are_removed_before_windowing():
    vec, X = fit(["a x b", "x"], window=1, weighting="uniform", vocabulary=["a", "b"])
    assert X.toarray().tolist() == [[0, 1], [1, 0]]
    vec, X = fit(["a x b x a"], window=1, weighting="uniform", min_count=2)
    assert vec.words_.tolist() == ["a", "x"]
    # "b" is dropped, so the two x's become neighbours: a x x a.
    assert X.toarray().tolist() == [[0, 2], [2, 2]]


def test_min_count_and_max_vocab_size():
    docs = ["a a a b b c", "a b d"]
    vec, X = fit(docs, min_count=2)
    assert vec.words_.tolist() == ["a", "b"]
    vec, X = fit(docs, max_vocab_size=3)
    assert vec.words_.tolist() == ["a", "b", "c"]
    assert X.shape == (3, 3)


def test_matrix_carries_words_and_counts():
    vec, X = fit(["x y z y", "y"])
    assert isinstance(X, CooccurrenceMatrix) and sp.issparse(X)
    assert X.words.tolist() == vec.get_feature_names_out().tolist() == ["y", "x", "z"]
    assert X.word_counts.tolist() == [3, 1, 1]
    assert X.has_canonical_format and X.dtype == np.float64


@settings(max_examples=40, deadline=None)
@given(
    docs=st.lists(st.lists(st.sampled_from("abcdef"), max_size=12), min_size=1, max_size=5),
    window=st.integers(1, 5),
    weighting=st.sampled_from(["uniform", "linear", "harmonic"]),
    n_jobs=st.sampled_from([1, 2]),
    shard_size=st.sampled_from([3, 2**25]),
)
def test_matches_reference_on_random_corpora(docs, window, weighting, n_jobs, shard_size):
    if not any(docs):
        return
    if all(len(d) < 2 for d in docs):  # nothing co-occurs: refused, not all zeros
        with pytest.raises(ValueError, match="No two vocabulary words share a document"):
            fit(docs, window=window, weighting=weighting)
        return
    vec, X = fit(docs, window=window, weighting=weighting, n_jobs=n_jobs,
                 shard_size=shard_size)
    expected = reference(docs, vec.words_.tolist(), window, weighting)
    np.testing.assert_allclose(X.toarray(), expected, rtol=1e-14, atol=0)
    assert (X != X.T).nnz == 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-1, 6), max_size=60), st.integers(1, 4))
def test_row_kernel_matches_a_direct_count(stream, window):
    """Every (word, context) pair on either side within the window, stopping at -1."""
    stream = np.array(stream, dtype=np.int32)
    weights = np.arange(window, 0, -1).astype(np.float64)
    indptr, indices, data = cooccurrence_rows(stream, 7, weights, 0, 7)
    X = sp.csr_array((data, indices, indptr), shape=(7, 7))
    for a, b in [(0, 3), (3, 4), (4, 7), (2, 2)]:
        block = cooccurrence_rows(stream, 7, weights, a, b)
        np.testing.assert_array_equal(
            sp.csr_array(block[::-1], shape=(b - a, 7)).toarray(), X.toarray()[a:b])
    expected = np.zeros((7, 7))
    for p in range(len(stream)):
        for d in range(1, window + 1):
            if p + d >= len(stream) or min(stream[p:p + d + 1]) < 0:
                break
            expected[stream[p], stream[p + d]] += weights[d - 1]
            expected[stream[p + d], stream[p]] += weights[d - 1]
    np.testing.assert_array_equal(X.toarray(), expected)
    assert X.has_sorted_indices and not np.any(data == 0)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 8), st.floats(0.0, 1.0))
def test_add_csr_matches_scipy(seed, n, density):
    rng = np.random.default_rng(seed)
    A = sp.random_array((n, n), density=density, format="csr", rng=rng)
    B = sp.random_array((n, n), density=density, format="csr", rng=rng)
    A.sort_indices()
    B.sort_indices()
    indptr, indices, data = add_csr(A.indptr.astype(np.int64), A.indices.astype(np.int32),
                                    A.data, B.indptr.astype(np.int64),
                                    B.indices.astype(np.int32), B.data)
    C = sp.csr_array((data, indices, indptr), shape=(n, n))
    assert C.has_sorted_indices and C.nnz == (A + B).nnz
    np.testing.assert_array_equal(C.toarray(), (A + B).toarray())


def test_window_weights_are_exact_integers():
    w, scale = window_weights(10, "harmonic")
    assert scale == 2520 and np.all(w == np.round(w))
    np.testing.assert_allclose(w / scale, 1 / np.arange(1, 11))
    w, scale = window_weights(4, "linear")
    np.testing.assert_array_equal(w / scale, [1, 0.75, 0.5, 0.25])


@pytest.fixture(scope="module")
def sample_docs():
    from skw2v.datasets import sample_corpus_path

    with gzip.open(sample_corpus_path(), "rt") as f:
        return [next(f) for _ in range(40)]


def test_file_gz_and_list_inputs_give_identical_matrices(sample_docs, tmp_path):
    plain = tmp_path / "c.txt"
    plain.write_text("".join(sample_docs))
    packed = tmp_path / "c.txt.gz"
    with gzip.open(packed, "wt") as f:
        f.write("".join(sample_docs))
    params = dict(window=5, min_count=3, subsample=1e-3, random_state=0)
    _, A = fit(sample_docs, **params)
    _, B = fit(str(plain), **params)
    _, C = fit(packed, **params)
    _, D = fit([d.split() for d in sample_docs], **params)
    for other in (B, C, D):
        assert other.words.tolist() == A.words.tolist()
        assert (other != A).nnz == 0


def test_n_jobs_and_shards_do_not_change_the_matrix(sample_docs):
    params = dict(window=8, weighting="harmonic", min_count=2, subsample=1e-3,
                  random_state=3)
    _, A = fit(sample_docs, n_jobs=1, **params)
    _, B = fit(sample_docs, n_jobs=2, **params)
    _, C = fit(sample_docs, n_jobs=2, shard_size=5000, **params)
    assert (A != B).nnz == 0 and (A != C).nnz == 0


def test_subsampling_is_deterministic_under_random_state(sample_docs):
    _, full = fit(sample_docs, min_count=2)
    _, a = fit(sample_docs, min_count=2, subsample=1e-3, random_state=7)
    _, b = fit(sample_docs, min_count=2, subsample=1e-3, random_state=7)
    _, c = fit(sample_docs, min_count=2, subsample=1e-3, random_state=8)
    assert (a != b).nnz == 0
    assert (a != c).nnz > 0
    # Frequent words lose most of their pairs, so the total shrinks a lot.
    the = a.words.tolist().index("the")
    assert a[[the]].sum() < 0.5 * full[[the]].sum()
    assert a.sum() < full.sum()


def test_subsample_draws_average_the_draws(sample_docs):
    params = dict(min_count=2, weighting="harmonic")
    _, full = fit(sample_docs, **params)
    # Keep probabilities all 1 (threshold 1): every draw is the full matrix, and
    # the average of three of them is that matrix again.
    _, same = fit(sample_docs, subsample=1.0, subsample_draws=3, random_state=0, **params)
    assert (same != full).nnz == 0
    # One draw is the default; several average out the draw's noise: the
    # distance to the expected counts (estimated from 32 draws) shrinks.
    _, one_a = fit(sample_docs, subsample=1e-3, random_state=5, **params)
    _, one_b = fit(sample_docs, subsample=1e-3, subsample_draws=1, random_state=5, **params)
    assert (one_a != one_b).nnz == 0
    _, ref = fit(sample_docs, subsample=1e-3, subsample_draws=32, random_state=99, **params)
    err = {n: np.mean([abs(fit(sample_docs, subsample=1e-3, subsample_draws=n,
                                   random_state=seed, **params)[1] - ref).sum()
                       for seed in range(3)])
           for n in (1, 4)}
    assert err[4] < 0.7 * err[1], err  # ~1/sqrt(4) of the sampling noise
    _, four = fit(sample_docs, subsample=1e-3, subsample_draws=4, random_state=0, **params)
    assert (four != four.T).nnz == 0


def test_subsample_draws_need_subsample(sample_docs):
    with pytest.raises(ValueError, match="subsample_draws=2.*set subsample"):
        fit(sample_docs, subsample_draws=2)


def test_transform_uses_the_fitted_vocabulary():
    vec = CooccurrenceVectorizer(window=1, weighting="uniform", min_count=1, subsample=None)
    vec.fit(["a b c"])
    X = vec.transform(["c a z b"])
    assert X.words.tolist() == ["a", "b", "c"]
    assert X.word_counts.tolist() == [1, 1, 1]
    v = vec.vocabulary_
    assert X[v["c"], v["a"]] == 1 and X[v["a"], v["b"]] == 1 and X[v["b"], v["c"]] == 0


def test_fit_then_transform_equals_fit_transform(sample_docs):
    params = dict(window=5, weighting="linear", min_count=2, subsample=1e-3, random_state=1)
    vec, A = fit(sample_docs, **params)
    B = CooccurrenceVectorizer(**params).fit(sample_docs).transform(sample_docs)
    assert (A != B).nnz == 0


@pytest.mark.parametrize(
    "params, X, error, match",
    [
        ({"window": 0}, ["a b"], ValueError, "window"),
        ({"weighting": "gaussian"}, ["a b"], ValueError, "weighting"),
        ({"subsample": -1.0}, ["a b"], ValueError, "subsample"),
        ({"min_count": 3}, ["a b a"], ValueError, "min_count=3"),
        ({}, [], ValueError, "empty"),
        ({}, ["a", 1], TypeError, "document 1"),
        ({}, "missing-file.txt.gz", FileNotFoundError, "No corpus file"),
    ],
)
def test_bad_input_is_rejected(params, X, error, match):
    params.setdefault("min_count", 1)
    params.setdefault("subsample", None)
    with pytest.raises(error, match=match):
        CooccurrenceVectorizer(**params).fit_transform(X)


def test_transform_before_fit():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        CooccurrenceVectorizer().transform(["a"])


@pytest.mark.slow
def test_dask_backend_gives_the_same_matrix(sample_docs):
    distributed = pytest.importorskip("distributed")
    params = dict(window=5, weighting="linear", subsample=None, min_count=2)
    _, expected = fit(sample_docs, **params)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        with joblib.parallel_config(backend="dask"), \
                distributed.get_task_stream() as tasks:
            vec = CooccurrenceVectorizer(n_jobs=2, shard_size=2000, **params)
            X = vec.fit_transform(sample_docs)
    assert len(tasks.data) > 0  # the shards were counted on the cluster's workers
    assert (X != expected).nnz == 0


def test_sklearn_api_checks():
    est = CooccurrenceVectorizer()
    name = type(est).__name__
    check_estimator(est)  # runs the checks that apply to string input
    check_estimator_cloneable(name, est)
    check_estimator_repr(name, est)
    check_no_attributes_set_in_init(name, est)
    check_get_params_invariance(name, est)
    check_set_params(name, est)
    check_do_not_raise_errors_in_init_or_set_params(name, est)
    check_parameters_default_constructible(name, est)


def test_clone_pickle_and_refit(sample_docs):
    vec, X = fit(sample_docs[:5], window=3)
    again = pickle.loads(pickle.dumps(vec))
    assert (again.transform(sample_docs[:5]) != X).nnz == 0
    assert (pickle.loads(pickle.dumps(X)) != X).nnz == 0
    assert pickle.loads(pickle.dumps(X)).words.tolist() == X.words.tolist()
    fresh = clone(vec)
    assert not hasattr(fresh, "vocabulary_")
    assert fresh.get_params() == vec.get_params()
    vec.fit(["p q"])
    assert vec.words_.tolist() == ["p", "q"]  # refitting replaces the vocabulary
