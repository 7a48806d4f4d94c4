"""The estimators under hostile input (issue 12): behaviour, not messages.

The messages are rows of ``tests/test_bad_input.py`` (``FITS``); here: the
fitted state after failed and different refits, words with no occurrences,
null directions, divergence hidden by clipped scores, the callback at step 0,
and hypothesis-generated corpora and matrices through every public fit path
(no crash, no NaN, deterministic under ``random_state`` with one thread).
"""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skw2v import (
    CooccurrenceMatrix,
    PMISVDEmbedding,
    QWEMEmbedding,
    QWEMGradientEmbedding,
    SGNSEmbedding,
)
from skw2v.estimators import IsolatedWordWarning, TrainingDivergedError

DOCS = ["the cat sat on the mat", "the dog sat on the rug", "a cat and a dog"] * 20


def _sgns(**kw):
    params = dict(n_components=4, min_count=1, sample=0, epochs=2, random_state=0, n_jobs=1)
    params.update(kw)
    return SGNSEmbedding(**params)


def _matrix(n=12, seed=0):
    rng = np.random.default_rng(seed)
    C = rng.poisson(4.0, size=(n, n))
    return (C + C.T).astype(np.float64), [f"w{i}" for i in range(n)]


def _estimators():
    return [
        QWEMEmbedding(3, solver="dense", random_state=0),
        PMISVDEmbedding(3, random_state=0),
        QWEMGradientEmbedding(3, negative=1, n_steps=40, batch_size=500, random_state=0,
                              n_jobs=1),
        _sgns(n_components=3),
    ]


# ---------------------------------------------------------------- divergence


def test_divergence_with_finite_loss_is_caught():
    """alpha=0.5 on a small corpus: entries of 1e5 with a finite (clipped) loss."""
    with pytest.raises(TrainingDivergedError, match=r"Lower alpha \(it is 0.5\)"):
        _sgns(n_components=10, epochs=5, alpha=0.5).fit(DOCS)


def test_good_runs_do_not_trip_the_divergence_check():
    for kw in (dict(), dict(alpha=0.3, epochs=5), dict(n_components=2, epochs=100)):
        model = _sgns(**kw).fit(DOCS)
        assert np.abs(model.embedding_).max() < 10


def test_qwem_gradient_divergence_names_the_learning_rate():
    X, words = _matrix(40)
    with pytest.raises(TrainingDivergedError, match="lower learning_rate"):
        QWEMGradientEmbedding(3, negative=1, n_steps=100, batch_size=2000, learning_rate=1.0,
                              random_state=0).fit(X, vocabulary=words)


# ---------------------------------------------------------------- fitted state


def test_failed_refit_leaves_the_estimator_as_it_was():
    model = _sgns(n_components=10, epochs=5).fit(DOCS)
    before = dict(vars(model))
    model.set_params(alpha=0.5)
    with pytest.raises(TrainingDivergedError):
        model.fit(DOCS)
    after = vars(model)
    fitted = [k for k in before if k.endswith("_") and not k.startswith("_")]
    assert fitted and all(after[k] is before[k] for k in fitted)


def test_a_refit_drops_the_previous_fits_other_attributes():
    X, words = _matrix()
    for est in _estimators():
        est.fit(X, vocabulary=words)
        names = {k for k in vars(est) if k.endswith("_")}
        est.left_over_from_another_fit_ = 1  # e.g. another solver's history_
        est.fit(X, vocabulary=words)
        assert {k for k in vars(est) if k.endswith("_")} == names, type(est).__name__


def test_failed_closed_form_refit_keeps_the_old_fit():
    X, words = _matrix()
    est = QWEMEmbedding(3, solver="dense").fit(X, vocabulary=words)
    old = est.embedding_
    with pytest.raises(ValueError, match="eigenvalue_power"):
        est.set_params(eigenvalue_power=1e300).fit(X, vocabulary=words)
    assert est.embedding_ is old and est.n_features_in_ == len(words)


# ---------------------------------------------------------------- callback at step 0


@pytest.mark.parametrize("make", [
    lambda cb: _sgns(snapshot_steps=3, callback=cb),
    lambda cb: QWEMGradientEmbedding(3, negative=1, n_steps=20, batch_size=200,
                                     snapshot_steps=3, callback=cb, random_state=0),
])
def test_callback_true_at_step_zero_stops_before_training(make):
    steps = []

    def stop(est, step, emb):
        steps.append(step)
        return True

    X, words = _matrix()
    est = make(stop)
    if isinstance(est, SGNSEmbedding):
        est.fit(DOCS)
    else:
        est.fit(X, vocabulary=words)
    assert steps == [0] and est.n_pairs_ == 0 and est.interrupted_


@pytest.mark.parametrize("returned", [np.array([True, False]), "stop", 1])
def test_callback_returning_a_non_bool_is_a_clear_error(returned):
    X, words = _matrix()
    est = QWEMGradientEmbedding(3, negative=1, n_steps=20, batch_size=200,
                                snapshot_steps=3, callback=lambda e, s, w: returned,
                                random_state=0)
    with pytest.raises(TypeError, match="callback must return True"):
        est.fit(X, vocabulary=words)
    assert not hasattr(est, "embedding_")  # a failed fit sets nothing


# ---------------------------------------------------------------- absent words


def _with_absent_word():
    X, words = _matrix(12)
    Z = np.zeros((13, 13))
    Z[:12, :12] = X
    counts = np.r_[X.sum(axis=1).astype(np.int64), 0]
    return CooccurrenceMatrix(Z, words=words + ["zebra"], word_counts=counts), X, words


def test_words_with_no_occurrences_get_zero_vectors_everywhere():
    Xa, X, words = _with_absent_word()
    for est in _estimators():
        name = type(est).__name__
        with pytest.warns(IsolatedWordWarning, match=r"1 of 13 words never co-occur.*'zebra'"):
            est.fit(Xa)
        assert np.all(np.isfinite(est.embedding_)), name
        assert not np.any(est.get_vector("zebra")), name
        assert all(score == 0 for w, score in est.wv.most_similar(words[0], topn=None)
                   if w == "zebra"), name
        with pytest.raises(ValueError, match=r"zero vector \('zebra'\)"):
            est.wv.most_similar("zebra", topn=3)


@pytest.mark.parametrize("tied", [False, True])
def test_sgns_output_vectors_of_absent_words(tied):
    Xa, _, _ = _with_absent_word()
    with pytest.warns(UserWarning, match="never co-occur"):
        est = _sgns(n_components=3, tied=tied).fit(Xa)
    assert est.output_embedding_.shape == est.embedding_.shape == (13, 3)
    assert (est.output_embedding_ is est.embedding_) == tied
    assert not np.any(est.output_embedding_[12]) and est.word_counts_[12] == 0


def test_an_absent_word_does_not_change_the_others():
    """QWEM's closed form with the absent word = without it (M* is 0/0 there)."""
    Xa, X, words = _with_absent_word()
    counts = X.sum(axis=1).astype(np.int64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with_it = QWEMEmbedding(3, solver="dense").fit(Xa)
    without = QWEMEmbedding(3, solver="dense").fit(
        CooccurrenceMatrix(X, words=words, word_counts=counts))
    np.testing.assert_allclose(with_it.embedding_[:12], without.embedding_, atol=1e-6)
    np.testing.assert_allclose(with_it.eigenvalues_, without.eigenvalues_)


def test_n_components_must_fit_the_words_that_occur():
    Xa, _, _ = _with_absent_word()
    with pytest.warns(UserWarning), pytest.raises(ValueError, match=r"co-occur \(12, of 13"):
        QWEMEmbedding(12).fit(Xa)


# ---------------------------------------------------------------- null directions


def test_all_ones_matrix_zero_directions_warn():
    words = [f"w{i}" for i in range(6)]
    with pytest.warns(UserWarning, match="3 of the top 3 eigenvalues of M. are zero"):
        est = QWEMEmbedding(3, solver="dense").fit(np.ones((6, 6)), vocabulary=words)
    assert not np.any(est.embedding_) and est.n_negative_eigenvalues_ == 3
    with pytest.raises(ValueError, match="no direction to learn"):
        QWEMGradientEmbedding(3).fit(np.ones((6, 6)), vocabulary=words)


def test_rank_deficient_pmi_zeroes_the_null_directions():
    """Two cliques: PMI is constant on each, rank 2, so a third direction is noise."""
    B = np.kron(np.eye(2), np.ones((4, 4)))
    words = [f"w{i}" for i in range(8)]
    with pytest.warns(UserWarning, match="1 of the top 3 singular values"):
        est = PMISVDEmbedding(3, pmi="pmi", random_state=0).fit(B, vocabulary=words)
    assert not np.any(est.embedding_[:, 2]) and np.all(est.embedding_[:, :2].any(axis=0))
    again = PMISVDEmbedding(3, pmi="pmi", random_state=1)
    with pytest.warns(UserWarning):
        again.fit(B, vocabulary=words)
    # The two singular values are equal, so the basis of their plane is arbitrary:
    # compare W W^T (invariant to a rotation within it), not the columns.
    np.testing.assert_allclose(again.embedding_ @ again.embedding_.T,
                               est.embedding_ @ est.embedding_.T, atol=1e-5)


# ---------------------------------------------------------------- sizes


def test_many_snapshots_allocate_at_most_one_per_step():
    model = _sgns(snapshot_steps=10**15, epochs=1).fit(["a b"] * 3)
    assert model.history_["snapshot_step"].size <= model.n_pairs_ + 2


# ---------------------------------------------------------------- generated inputs

PROPERTY = settings(max_examples=15, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
words_st = st.sampled_from(["a", "b", "c", "d", "e", "f"])
corpora = st.lists(st.lists(words_st, min_size=0, max_size=8), min_size=1, max_size=6)


def _fit_or_clear_error(est, *args, **kw):
    """The fitted estimator, or None after a ValueError/TypeError with a message."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return est.fit(*args, **kw)
    except (ValueError, TypeError) as exc:
        assert not isinstance(exc, TrainingDivergedError), repr(exc)
        assert len(str(exc)) > 20, repr(exc)
        return None


@PROPERTY
@given(docs=corpora, window=st.integers(1, 3), sample=st.sampled_from([0, 1e-3, 1e-1]),
       negative=st.integers(1, 3))
def test_sgns_on_generated_corpora(docs, window, sample, negative):
    params = dict(n_components=3, window=window, sample=sample, negative=negative, epochs=2)
    model = _fit_or_clear_error(_sgns(**params), docs)
    if model is None:
        return
    assert model.n_pairs_ > 0 and np.all(np.isfinite(model.embedding_))
    np.testing.assert_array_equal(_sgns(**params).fit(docs).embedding_, model.embedding_)


entries = st.sampled_from([0.0, 0.0, 1.0, 2.0, 7.0, 60.0])  # X.sum() pairs per SGNS epoch


@PROPERTY
@given(n=st.integers(2, 6), data=st.data())
def test_every_fit_path_on_generated_matrices(n, data):
    D = np.array(data.draw(st.lists(entries, min_size=n * n, max_size=n * n))).reshape(n, n)
    D = D + D.T
    words = [f"w{i}" for i in range(n)]
    X = sp.csr_array(D)
    for make in (
        lambda: QWEMEmbedding(1, solver="dense", random_state=0),
        lambda: QWEMEmbedding(1, solver="arpack", random_state=0),
        lambda: PMISVDEmbedding(1, random_state=0),
        lambda: PMISVDEmbedding(1, pmi="pmi", algorithm="arpack", random_state=0),
        lambda: QWEMGradientEmbedding(1, negative=1, n_steps=20, batch_size=50,
                                      random_state=0, n_jobs=1),
        lambda: _sgns(n_components=2, epochs=1),
    ):
        est = _fit_or_clear_error(make(), X, vocabulary=words)
        if est is None:
            continue
        assert np.all(np.isfinite(est.embedding_)), type(est).__name__
        absent = D.sum(axis=1) == 0
        assert not np.any(est.embedding_[absent]), type(est).__name__
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            again = make().fit(X, vocabulary=words)
        np.testing.assert_array_equal(again.embedding_, est.embedding_)


def test_warnings_point_at_the_callers_line_through_sklearns_wrappers():
    """skw2v._warnings.warn skips skw2v's, scikit-learn's and joblib's frames.

    A fixed stacklevel pointed inside sklearn/utils/_set_output.py for
    EmbeddingVectorizer.transform and inside skw2v for fit.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from skw2v import CooccurrenceVectorizer, EmbeddingVectorizer, WordVectors

    wv = WordVectors(["aa", "bb"], np.eye(2, dtype=np.float32))
    ev = EmbeddingVectorizer(wv)
    docs, y = ["aa bb", "zz", "bb", "aa"], [0, 1, 0, 1]
    calls = [
        lambda: ev.fit(docs),
        lambda: ev.fit_transform(docs),
        lambda: ev.transform(docs),
        lambda: make_pipeline(EmbeddingVectorizer(wv), LogisticRegression()).fit(docs, y),
        lambda: CooccurrenceVectorizer(vocabulary=["aa", "Bb"]).fit(docs),
    ]
    for call in calls:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call()
        assert caught, call
        assert {w.filename for w in caught} == {__file__}, [(w.filename, w.lineno) for w in caught]
