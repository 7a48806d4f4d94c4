"""WordVectors and the EmbeddingMixin every estimator shares."""

import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import BaseEstimator, clone

from skw2v import WordVectors
from skw2v._vectors import unit_rows
from skw2v.estimators import EmbeddingMixin, TrainingDivergedError
from skw2v.statistics import CooccurrenceMatrix, check_cooccurrence

WORDS = ["man", "woman", "king", "queen", "apple"]
VECS = np.array(
    [[1, 0, 0, 0], [1, 1, 0, 0], [1, 0, 1, 0], [1, 1, 1, 0], [0, 0, 0, 1]], dtype=float
)


@pytest.fixture
def wv():
    return WordVectors(WORDS, VECS)


def test_construction_and_lookup(wv):
    assert len(wv) == 5
    assert wv.vectors.dtype == np.float32 and wv.vectors.flags.c_contiguous
    assert wv.key_to_index == {w: i for i, w in enumerate(WORDS)}
    assert wv.vocabulary is wv.key_to_index
    assert wv.index_to_key == WORDS
    assert wv.vector_size == 4
    assert "king" in wv and "prince" not in wv and 3 not in wv
    np.testing.assert_array_equal(wv["queen"], [1, 1, 1, 0])
    np.testing.assert_array_equal(wv[["apple", "man"]], VECS[[4, 0]])
    np.testing.assert_allclose(wv.get_vector("woman", norm=True), [2**-0.5, 2**-0.5, 0, 0],
                               rtol=1e-6)
    # lookups return copies: the cached unit vectors cannot go stale through them
    v = wv["man"]
    v[:] = 7
    assert wv.vectors[0, 0] == 1


def test_unknown_words_are_all_named(wv):
    with pytest.raises(KeyError, match="'prince'"):
        wv["prince"]
    with pytest.raises(KeyError) as info:
        wv[["man", "prince", "pear"]]
    assert "'prince'" in str(info.value) and "'pear'" in str(info.value)
    with pytest.raises(KeyError, match="'duke'"):
        wv.most_similar(positive=["king", "duke"])
    with pytest.raises(KeyError, match="'duke'"):
        wv.similarity("duke", "king")


def test_bad_construction():
    with pytest.raises(ValueError, match="one word per row"):
        WordVectors(["a", "b"], np.ones((3, 2)))
    with pytest.raises(ValueError, match="distinct"):
        WordVectors(["a", "a"], np.ones((2, 2)))
    with pytest.raises(TypeError, match="str"):
        WordVectors(["a", 3], np.ones((2, 2)))
    with pytest.raises(ValueError, match="NaN"):
        WordVectors(["a", "b"], [[1, np.nan], [0, 1]])
    with pytest.raises(TypeError, match="single string"):
        WordVectors("ab", np.ones((2, 2)))


def test_similarity_and_zero_vectors():
    wv = WordVectors(["a", "b", "zero"], [[3, 4], [4, 3], [0, 0]])
    assert wv.similarity("a", "b") == pytest.approx(24 / 25)
    assert wv.similarity("a", "zero") == 0.0
    assert wv.similarity("zero", "zero") == 0.0
    # A zero vector has no direction: no ranking of arbitrary words at 0, no NaN.
    for method in ("3cosadd", "3cosmul"):
        with pytest.raises(ValueError, match=r"every query term has a zero vector \('zero'\)"):
            wv.most_similar("zero", topn=None, method=method)
    with pytest.raises(ValueError, match="every query term has a zero vector, which"):
        wv.most_similar(positive=[np.zeros(2, np.float32)])
    with pytest.raises(ValueError, match=r"cancels out to the zero vector"):
        wv.most_similar(positive=["a"], negative=["a"], topn=None)
    # A zero vector beside a real one is ranked with the others (cosine 0).
    res = wv.most_similar("a", topn=None)
    assert res == [("b", pytest.approx(24 / 25)), ("zero", 0.0)]
    assert [w for w, _ in wv.most_similar(positive=["a", "zero"], topn=None)] == ["b"]


def test_unit_rows_in_place_only_when_asked_and_possible():
    X = np.array([[3, 4], [0, 0], [0, 2]], dtype=np.float32)
    expected = [[0.6, 0.8], [0, 0], [0, 1]]
    Y = unit_rows(X)
    assert Y is not X and X[0, 0] == 3
    np.testing.assert_allclose(Y, expected)
    Z = unit_rows(X, copy=False)
    assert Z is X
    np.testing.assert_allclose(X, expected)
    R = np.array([[3, 4]], dtype=np.float32)
    R.flags.writeable = False
    assert unit_rows(R, copy=False) is not R and R[0, 0] == 3
    F = np.array([[3.0, 4.0]])  # float64: converted, so never the caller's array
    assert unit_rows(F, copy=False) is not F and F[0, 0] == 3


def test_norms_do_not_overflow_or_underflow_in_float32():
    # the squares of 1e20 overflow float32 (and those of 1e-30 underflow): the norms
    # are summed in float64, so cosines stay exact
    for scale in (1e20, 3e38, 1e-30, 1e-44):
        wv = WordVectors(["a", "b", "zero"], np.array([[1, 0], [1, 1], [0, 0]]) * scale)
        assert wv.similarity("a", "b") == pytest.approx(2**-0.5, rel=1e-6), scale
        assert wv.similarity("a", "zero") == 0.0
        np.testing.assert_allclose(np.linalg.norm(wv.unit_vectors[:2], axis=1), 1, rtol=1e-6)
    wv = WordVectors(["a", "b"], [[1e20, 0], [1e20, 1e20]])
    assert round(wv.similarity("a", "b"), 3) == 0.707
    assert wv.most_similar(positive=[np.array([1e30, 0], np.float32)], topn=1)[0] == \
        ("a", pytest.approx(1.0))


def test_most_similar_3cosadd_by_hand(wv):
    res = wv.most_similar(positive=["woman", "king"], negative=["man"], topn=None)
    assert [w for w, _ in res][0] == "queen"
    assert {w for w, _ in res} == {"queen", "apple"}  # inputs excluded
    # the score is the cosine with the normalised query
    U = VECS / np.linalg.norm(VECS, axis=1, keepdims=True)
    q = U[1] + U[2] - U[0]
    expected = U @ q / np.linalg.norm(q)
    assert res[0][1] == pytest.approx(expected[3], rel=1e-6)
    assert res[1][1] == pytest.approx(expected[4], abs=1e-7)
    top1 = wv.most_similar("man", topn=1)
    assert top1[0][0] in ("woman", "king")  # tie at cos = 1/sqrt(2): lower row first
    assert top1[0][0] == "woman"
    # a raw vector is a term too, and is not excluded
    assert wv.most_similar(positive=[np.array([1, 1, 1, 0.0])], topn=1)[0][0] == "queen"


def test_most_similar_3cosmul_by_hand(wv):
    res = dict(wv.most_similar(positive=["woman", "king"], negative=["man"], topn=None,
                               method="3cosmul"))
    U = VECS / np.linalg.norm(VECS, axis=1, keepdims=True)
    c = (1 + U @ U.T) / 2
    score = c[:, 1] * c[:, 2] / (c[:, 0] + 1e-3)
    assert res["queen"] == pytest.approx(score[3], rel=1e-6)
    assert res["apple"] == pytest.approx(score[4], rel=1e-6)


def test_3cosmul_and_3cosadd_can_disagree():
    # 3CosAdd sums cosines; 3CosMul divides by (1 + cos(x, a)) / 2, so a word
    # pointing away from a ("far") wins under 3CosMul although it loses under
    # 3CosAdd to the word that resembles b and c ("near").
    words = ["a", "b", "c", "far", "near"]
    a, b, c = np.eye(3)
    far, near = np.array([-0.9, 0.1, -0.1]), np.array([-0.9, 0.3, 0.7])
    wv = WordVectors(words, np.array([a, b, c, far, near]))
    add = wv.most_similar(positive=["b", "c"], negative=["a"], topn=None)
    mul = wv.most_similar(positive=["b", "c"], negative=["a"], topn=None, method="3cosmul")
    assert [w for w, _ in add] == ["near", "far"]
    assert [w for w, _ in mul] == ["far", "near"]
    u_far, u_near = far / np.linalg.norm(far), near / np.linalg.norm(near)
    assert add[0][1] == pytest.approx((u_near @ (b + c - a)) / np.sqrt(3), rel=1e-6)
    s = (1 + u_far[[1, 2, 0]]) / 2
    assert mul[0][1] == pytest.approx(s[0] * s[1] / (s[2] + 1e-3), rel=1e-5)


def test_restrict_vocab_and_bad_args(wv):
    res = wv.most_similar("man", topn=None, restrict_vocab=3)
    assert [w for w, _ in res] == ["woman", "king"]
    with pytest.raises(ValueError, match="restrict_vocab"):
        wv.most_similar("man", restrict_vocab=0)
    with pytest.raises(ValueError, match="method"):
        wv.most_similar("man", method="cos")
    with pytest.raises(ValueError, match="topn"):
        wv.most_similar("man", topn=0)
    with pytest.raises(ValueError, match="at least one"):
        wv.most_similar()


def test_pickle_and_repr(wv):
    wv.unit_vectors
    wv2 = pickle.loads(pickle.dumps(wv))
    assert wv2._unit is None
    np.testing.assert_array_equal(wv2.vectors, wv.vectors)
    assert wv2.most_similar("king", topn=2) == wv.most_similar("king", topn=2)
    assert repr(wv) == "<WordVectors: 5 words x 4 dimensions>"


def test_from_gensim():
    gensim = pytest.importorskip("gensim")
    kv = gensim.models.KeyedVectors(4)
    kv.add_vectors(WORDS, VECS.astype(np.float32))
    wv = WordVectors.from_gensim(kv)
    assert wv.index_to_key == WORDS
    ours = wv.most_similar(positive=["woman", "king"], negative=["man"], topn=2)
    theirs = kv.most_similar(positive=["woman", "king"], negative=["man"], topn=2)
    assert [w for w, _ in ours] == [w for w, _ in theirs]
    np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], rtol=1e-5)


# --- EmbeddingMixin ------------------------------------------------------------------


class _TinySVD(EmbeddingMixin, BaseEstimator):
    """Smallest possible estimator on the mixin: top singular vectors of X."""

    def __init__(self, n_components=2, *, blow_up=False):
        self.n_components = n_components
        self.blow_up = blow_up

    def fit(self, X, y=None, vocabulary=None):
        A, words, _ = check_cooccurrence(X, vocabulary)
        U, s, _ = np.linalg.svd(A.toarray())
        emb = U[:, : self.n_components] * s[: self.n_components]
        if self.blow_up:
            emb[1, 0] = np.inf
        return self._set_embedding(words, emb)


def _cooc():
    rng = np.random.default_rng(0)
    A = rng.poisson(2.0, size=(5, 5)).astype(float)
    A = A + A.T
    return CooccurrenceMatrix(sp.csr_array(A), words=WORDS, word_counts=[5, 4, 3, 2, 1])


def test_mixin_fitted_attributes():
    X = _cooc()
    est = _TinySVD().fit(X)
    assert est.embedding_.dtype == np.float32 and est.embedding_.flags.c_contiguous
    assert est.embedding_.shape == (5, 2)
    assert list(est.words_) == WORDS and est.words_.dtype == object
    assert est.vocabulary_ == {w: i for i, w in enumerate(WORDS)}
    assert est.n_features_in_ == 5
    assert est.wv.vectors is est.embedding_
    np.testing.assert_array_equal(est.get_vector("king"), est.embedding_[2])
    assert est.similarity("man", "woman") == pytest.approx(est.wv.similarity("man", "woman"))
    assert est.most_similar("king", topn=3) == est.wv.most_similar("king", topn=3)
    assert list(est.get_feature_names_out()) == ["_tinysvd0", "_tinysvd1"]


def test_mixin_transform_contract():
    X = _cooc()
    est = _TinySVD()
    Z = est.fit_transform(X)
    np.testing.assert_array_equal(Z, est.embedding_)
    assert Z is not est.embedding_
    # a matrix carrying (a permutation / subset of) words: rows looked up by word
    sub = CooccurrenceMatrix(sp.csr_array(np.ones((2, 2))), words=["queen", "man"])
    np.testing.assert_array_equal(est.transform(sub), est.embedding_[[3, 0]])
    unknown = CooccurrenceMatrix(sp.csr_array(np.ones((3, 3))), words=["queen", "x", "y"])
    with pytest.raises(KeyError, match="'x', 'y'"):
        est.transform(unknown)
    # no words: exactly V rows (the fitted vocabulary in order) or a clear error
    np.testing.assert_array_equal(est.transform(np.ones((5, 5))), est.embedding_)
    with pytest.raises(ValueError, match="X has 4 features, but _TinySVD is expecting 5"):
        est.transform(np.ones((4, 4)))
    with pytest.raises(ValueError, match="exactly V=5 rows"):
        est.transform(np.ones((4, 5)))
    with pytest.raises(Exception, match="not fitted"):
        _TinySVD().transform(X)


def test_mixin_plain_matrix_with_vocabulary():
    A = _cooc()
    est = _TinySVD().fit(sp.csr_array(A), vocabulary=WORDS[::-1])
    assert list(est.words_) == WORDS[::-1]


def test_mixin_divergence_error():
    # a closed form names its input as the fix; the iterative estimators (which set
    # _nonfinite_advice) name their learning rate
    with pytest.raises(TrainingDivergedError,
                       match="NaN or infinite values in 1 of 5 rows: _TinySVD failed; "
                             "check the input matrix"):
        _TinySVD(blow_up=True).fit(_cooc())
    with pytest.raises(ValueError, match="NaN or infinite"):  # also a ValueError
        _TinySVD(blow_up=True).fit(_cooc())


def test_mixin_clone_and_pickle(tmp_path):
    est = _TinySVD(3).fit(_cooc())
    est.wv.unit_vectors  # fill the cache before pickling
    est2 = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(est2.embedding_, est.embedding_)
    assert est2.most_similar("queen", topn=2) == est.most_similar("queen", topn=2)
    c = clone(est)
    assert c.get_params() == est.get_params() and not hasattr(c, "embedding_")
    path = tmp_path / "emb.bin"
    est.save_word2vec_format(path, binary=True)
    back = WordVectors.load_word2vec_format(path, binary=True)
    np.testing.assert_array_equal(back.vectors, est.embedding_)
    assert list(back.words) == WORDS
