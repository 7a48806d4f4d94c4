"""Analogy and similarity scorers: hand cases, a per-question reference, gensim parity,
and the scikit-learn scorer objects in a GridSearchCV over raw documents."""

import gzip
import itertools
import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.linalg import eigsh
from sklearn.base import BaseEstimator
from sklearn.model_selection import GridSearchCV, ShuffleSplit
from sklearn.pipeline import Pipeline

from skw2v import WordVectors
from skw2v.datasets import data_path, sample_corpus_path
from skw2v.estimators import EmbeddingMixin
from skw2v.scorers import (
    analogy_accuracy,
    get_scorer,
    get_scorer_names,
    make_analogy_scorer,
    make_similarity_scorer,
    word_similarity,
)
from skw2v.statistics import CooccurrenceVectorizer, check_cooccurrence

# man : woman :: king : queen holds exactly in this embedding (a gender axis).
ROYAL = ["man", "woman", "king", "queen", "boy", "girl", "apple"]
ROYAL_VECS = np.array([
    [1, 0, 0, 0], [1, 1, 0, 0], [1, 0, 1, 0], [1, 1, 1, 0],
    [1, 0, 0, 1], [1, 1, 0, 1], [0, 0, 0, 0],  # apple: a zero vector
], dtype=float)


@pytest.fixture
def royal():
    return WordVectors(ROYAL, ROYAL_VECS)


def test_hand_made_analogies_exact_counts(royal):
    qs = {
        "gender": [
            ("man", "woman", "king", "queen"),   # right
            ("man", "woman", "boy", "girl"),     # right
            ("woman", "man", "queen", "king"),   # right
            ("man", "woman", "king", "girl"),    # wrong: queen is nearer
            ("man", "woman", "prince", "princess"),  # skipped
        ],
        "fruit": [("apple", "pear", "man", "woman"),  # skipped
                  ("Man", "KING", "woman", "Queen")],  # right (case-insensitive)
    }
    res = analogy_accuracy(royal, qs)
    assert (res.n_correct, res.n_questions, res.n_skipped) == (4, 5, 2)
    assert res.accuracy == pytest.approx(0.8)
    g, f = res.sections["gender"], res.sections["fruit"]
    assert (g.n_correct, g.n_questions, g.n_skipped) == (3, 4, 1)
    assert (f.n_correct, f.n_questions, f.n_skipped, f.accuracy) == (1, 1, 1, 1.0)
    assert "total" in res.summary() and float(res) == res.accuracy
    assert res.accuracy_over(["gender"]) == 0.75 and res.accuracy_over([]) is None
    assert res.semantic_accuracy == res.accuracy and res.syntactic_accuracy is None
    # case-sensitive: the mixed-case question is skipped too
    cs = analogy_accuracy(royal, qs, case_insensitive=False)
    assert (cs.n_correct, cs.n_questions, cs.n_skipped) == (3, 4, 3)


def test_inputs_are_excluded_from_the_answers():
    # b - a + c points at c itself; excluding a, b, c makes "d" the answer.
    wv = WordVectors(["a", "b", "c", "d", "e"],
                     [[1, 0, 0], [1, 0.01, 0], [0, 0, 1], [0.3, 0, 1], [0, 1, 0]])
    res = analogy_accuracy(wv, [("a", "b", "c", "d")])
    assert res.n_correct == 1


def test_restrict_vocab_skips_and_limits_candidates(royal):
    qs = [("man", "woman", "king", "queen"), ("man", "woman", "boy", "girl")]
    res = analogy_accuracy(royal, qs, restrict_vocab=4)  # boy, girl out
    assert (res.n_correct, res.n_questions, res.n_skipped, res.n_vocab) == (1, 1, 1, 4)
    # with only man, woman, king: queen is not a candidate, so nothing can be asked
    with pytest.raises(ValueError, match="None of the analogy questions.*restrict_vocab=3"):
        analogy_accuracy(royal, qs, restrict_vocab=3)


def test_3cosmul_differs_from_3cosadd_on_a_hand_case():
    a, b, c = np.eye(3)
    wv = WordVectors(["a", "b", "c", "far", "near"],
                     [a, b, c, [-0.9, 0.1, -0.1], [-0.9, 0.3, 0.7]])
    add = analogy_accuracy(wv, [("a", "b", "c", "near")])
    mul = analogy_accuracy(wv, [("a", "b", "c", "near")], method="3cosmul")
    assert (add.n_correct, mul.n_correct) == (1, 0)
    mul = analogy_accuracy(wv, [("a", "b", "c", "far")], method="3cosmul")
    assert mul.n_correct == 1


def test_pairs_protocol_counts():
    # family: 3 distinct pairs in the questions, one with an unknown word
    qs = {"family": [("man", "woman", "king", "queen"), ("man", "woman", "prince", "princess"),
                     ("king", "queen", "man", "woman"), ("boy", "girl", "king", "queen")]}
    wv = WordVectors(ROYAL, ROYAL_VECS)
    res = analogy_accuracy(wv, qs, protocol="pairs")
    # distinct pairs: (man,woman) (king,queen) (prince,princess) (boy,girl): 4, one OOV
    # -> 3 * 2 = 6 questions asked, 4 * 3 - 6 = 6 lost; all right on this embedding
    assert (res.n_questions, res.n_skipped, res.n_correct) == (6, 6, 6)
    std = analogy_accuracy(wv, qs)
    assert (std.n_questions, std.n_skipped) == (3, 1)


def _reference_accuracy(wv, questions, method, restrict_vocab):
    """One most_similar call per question: slow, independent of the batched scorer."""
    n = restrict_vocab or len(wv)
    vocab = set(wv.words[:n])
    correct = asked = 0
    for a, b, c, d in questions:
        if not {a, b, c, d} <= vocab:
            continue
        asked += 1
        top = wv.most_similar(positive=[b, c], negative=[a], topn=1,
                              restrict_vocab=n, method=method)
        correct += top[0][0] == d
    return correct, asked


@pytest.mark.parametrize("method", ["3cosadd", "3cosmul"])
@pytest.mark.parametrize("restrict_vocab", [None, 65])
def test_batched_scorer_matches_per_question_reference(method, restrict_vocab):
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(80)]
    wv = WordVectors(words, rng.standard_normal((80, 6)))
    quads = []
    for _ in range(300):
        a, b, c, d = rng.choice(80, 4, replace=False)
        if rng.random() < 0.5:  # plant a right answer
            d = words.index(wv.most_similar(positive=[words[b], words[c]], negative=[words[a]],
                                            topn=1, method=method,
                                            restrict_vocab=restrict_vocab)[0][0])
        quads.append(tuple(words[i] for i in (a, b, c, d)))
    expected = _reference_accuracy(wv, quads, method, restrict_vocab)
    assert expected[0] > 20 and expected[1] - expected[0] > 10
    for batch_size in (None, 1, 7, 1000):
        res = analogy_accuracy(wv, {"s": quads}, method=method, restrict_vocab=restrict_vocab,
                               batch_size=batch_size)
        assert (res.n_correct, res.n_questions) == expected
        assert res.n_skipped == 300 - expected[1]


def test_case_variants_share_one_key():
    # "Paris" (row 0, most frequent) and "paris" (row 3) are one word when case-insensitive:
    # neither may be returned for a question that contains it.
    wv = WordVectors(["Paris", "france", "rome", "paris", "italy"],
                     [[1, 0, 0], [1, 1, 0], [0, 0, 1], [0, 1, 1], [0, 1, 0.8]])
    res = analogy_accuracy(wv, [("paris", "france", "rome", "italy")])
    assert res.n_correct == 1
    res = analogy_accuracy(wv, [("Paris", "france", "rome", "italy")], case_insensitive=False)
    assert res.n_correct == 0  # "paris" is a different word and wins


def test_accepts_estimators_and_pipelines(royal):
    est = _PPMISVD(2).fit(_tiny_cooc())
    pipe = Pipeline([("id", "passthrough"), ("emb", est)])
    qs = [("man", "woman", "king", "queen")]
    r1 = analogy_accuracy(est, qs)
    assert analogy_accuracy(pipe, qs) == r1
    assert analogy_accuracy(est.wv, qs) == r1
    with pytest.raises(Exception, match="not fitted"):
        analogy_accuracy(_PPMISVD(), qs)
    with pytest.raises(TypeError, match="Expected WordVectors"):
        analogy_accuracy(np.ones((3, 3)), qs)


def test_empty_section_in_memory(royal):
    qs = {"none": [], "gender": [("man", "woman", "king", "queen")]}
    for protocol in ("standard", "pairs"):
        res = analogy_accuracy(royal, qs, protocol=protocol)
        assert res.sections["none"].n_questions == 0
        assert res.sections["none"].accuracy is None


def test_analogy_errors(royal):
    with pytest.raises(ValueError, match="empty"):
        analogy_accuracy(royal, {"s": []})
    with pytest.raises(ValueError, match="None of the analogy questions"):
        analogy_accuracy(royal, [("x", "y", "z", "w")])
    with pytest.raises(ValueError, match="method"):
        analogy_accuracy(royal, [("man", "woman", "king", "queen")], method="add")
    with pytest.raises(ValueError, match="protocol"):
        analogy_accuracy(royal, [("man", "woman", "king", "queen")], protocol="all")


def test_word_similarity_by_hand():
    wv = WordVectors(["cat", "dog", "car", "zero"],
                     [[1, 0.2], [1, 0.4], [0.1, 1], [0, 0]])
    pairs = [("cat", "dog", 9.0), ("cat", "car", 2.0), ("dog", "car", 3.0),
             ("cat", "truck", 1.0), ("Dog", "CAT", 9.5)]
    res = word_similarity(wv, pairs)
    assert (res.n_pairs, res.n_oov) == (4, 1)
    assert res.oov_ratio == pytest.approx(0.2)
    cos = lambda u, v: u @ v / np.linalg.norm(u) / np.linalg.norm(v)  # noqa: E731
    V = wv.vectors.astype(float)
    model = [cos(V[0], V[1]), cos(V[0], V[2]), cos(V[1], V[2]), cos(V[1], V[0])]
    from scipy import stats
    assert res.spearman == pytest.approx(stats.spearmanr([9, 2, 3, 9.5], model).statistic)
    assert res.pearson == pytest.approx(stats.pearsonr([9, 2, 3, 9.5], model).statistic)
    zero = word_similarity(wv, pairs, oov="zero")
    assert (zero.n_pairs, zero.n_oov, zero.oov_ratio) == (5, 1, 0.2)
    # a zero vector has cosine 0, never NaN
    res = word_similarity(wv, [("zero", "cat", 1.0), ("cat", "dog", 5.0), ("dog", "car", 2.0)])
    assert np.isfinite(res.spearman)


def test_word_similarity_errors():
    wv = WordVectors(["a", "b", "c"], [[1, 0], [0, 1], [1, 1]])
    with pytest.raises(ValueError, match="Only 1 of the 2 word pairs"):
        word_similarity(wv, [("a", "b", 1.0), ("a", "x", 2.0)])
    with pytest.raises(ValueError, match="all equal"):
        word_similarity(wv, [("a", "b", 1.0), ("b", "a", 2.0)])
    with pytest.raises(ValueError, match="empty"):
        word_similarity(wv, [])
    with pytest.raises(ValueError, match="oov"):
        word_similarity(wv, [("a", "b", 1.0)], oov="drop")


# --- gensim parity on a real embedding ------------------------------------------------


@pytest.fixture(scope="module")
def gensim_model():
    gensim = pytest.importorskip("gensim")
    with gzip.open(sample_corpus_path(), "rt") as f:
        docs = [line.split() for line in f]
    return gensim.models.Word2Vec(docs, vector_size=50, window=5, min_count=5, sg=0,
                                  negative=5, epochs=4, max_final_vocab=3000, workers=2,
                                  seed=1)


@pytest.mark.slow
@pytest.mark.parametrize("restrict_vocab", [1000, None])
def test_analogy_matches_gensim(gensim_model, restrict_vocab):
    kv = gensim_model.wv
    score, sections = kv.evaluate_word_analogies(data_path("questions-words.txt"),
                                                 restrict_vocab=restrict_vocab or 300000)
    res = analogy_accuracy(kv, restrict_vocab=restrict_vocab)
    assert res.n_correct > 20  # a real, if weak, embedding: the comparison means something
    assert res.accuracy == score
    for s in sections[:-1]:
        ours = res.sections.get(s["section"])
        n = len(s["correct"]) + len(s["incorrect"])
        assert (ours.n_correct, ours.n_questions) == (len(s["correct"]), n)
    assert res.n_questions + res.n_skipped == 19544


@pytest.mark.slow
@pytest.mark.parametrize("name", ["wordsim353.tsv", "simlex999.txt"])
def test_similarity_matches_gensim(gensim_model, name):
    kv = gensim_model.wv
    pearson, spearman, oov_percent = kv.evaluate_word_pairs(data_path(name))
    res = word_similarity(kv, data_path(name))
    assert res.spearman == pytest.approx(spearman.statistic, abs=1e-12)
    assert res.pearson == pytest.approx(pearson.statistic, abs=1e-6)  # float32 vs float64
    assert 100 * res.oov_ratio == pytest.approx(oov_percent)
    assert res.n_oov > 0


# --- scikit-learn scorer objects ------------------------------------------------------


class _PPMISVD(EmbeddingMixin, BaseEstimator):
    """A small PPMI + SVD embedding, enough to exercise the scorers end to end."""

    def __init__(self, n_components=2):
        self.n_components = n_components

    def fit(self, X, y=None):
        A, words, _ = check_cooccurrence(X)
        total = A.sum()
        row = np.asarray(A.sum(axis=1)).ravel()
        C = A.tocoo()
        pmi = np.log(C.data * total / (row[C.row] * row[C.col]))
        M = sp.csr_array((np.maximum(pmi, 0), (C.row, C.col)), shape=A.shape)
        if self.n_components >= M.shape[0] - 1:
            lam, vec = np.linalg.eigh(M.toarray())
            lam, vec = lam[-self.n_components:], vec[:, -self.n_components:]
        else:
            lam, vec = eigsh(M, self.n_components, which="LA", v0=np.ones(M.shape[0]))
        return self._set_embedding(words, vec * np.sqrt(np.maximum(lam, 0)))


def _tiny_cooc():
    from skw2v.statistics import CooccurrenceMatrix
    rng = np.random.default_rng(1)
    A = rng.poisson(3.0, (len(ROYAL), len(ROYAL))).astype(float) + 1
    return CooccurrenceMatrix(sp.csr_array(A + A.T), words=ROYAL)


def _sample_docs(n=250):
    with gzip.open(sample_corpus_path(), "rt") as f:
        return list(itertools.islice(f, n))


@pytest.mark.slow
def test_scorers_in_grid_search_over_raw_documents(tmp_path):
    docs = _sample_docs()
    # seeded: the counts are subsampled (without random_state the scores move by 0.05)
    pipe = Pipeline([("cooc", CooccurrenceVectorizer(window=5, max_vocab_size=1000,
                                                     random_state=0)),
                     ("emb", _PPMISVD())], memory=str(tmp_path))
    n = len(docs)
    search = GridSearchCV(
        pipe, {"emb__n_components": [2, 60]},
        scoring={"analogy": make_analogy_scorer(), "ws": get_scorer("wordsim353")},
        refit=False, cv=[(np.arange(n), np.arange(n))], error_score="raise",
    )
    search.fit(docs)
    acc = search.cv_results_["mean_test_analogy"]
    ws = search.cv_results_["mean_test_ws"]
    # 60 PPMI dimensions answer analogies and track similarity; 2 dimensions cannot.
    # measured: analogy 0.330 (31 of 94) against 0.0, WordSim-353 0.459 against 0.063
    assert acc[1] > 0.30 and acc[0] < 0.05
    assert ws[1] > 0.43 and ws[0] < 0.2
    # the scorers ignore the split's X: same model, any X, same score
    fitted = pipe.set_params(emb__n_components=60).fit(docs)
    scorer = make_analogy_scorer()
    assert scorer(fitted, docs) == scorer(fitted, None) == acc[1]
    # one split of a ShuffleSplit also works (fits on a subsample of documents)
    search = GridSearchCV(pipe, {"emb__n_components": [60]}, scoring=make_analogy_scorer(),
                          cv=ShuffleSplit(n_splits=1, train_size=0.8, random_state=0),
                          refit=False, error_score="raise").fit(docs)
    assert search.cv_results_["mean_test_score"][0] > 0.37  # measured 0.403 (31 of 77)


def test_ready_made_scorers_and_pickle():
    assert get_scorer_names() == ["analogy", "analogy_3cosmul", "analogy_pairs",
                                  "simlex999", "wordsim353"]
    with pytest.raises(ValueError, match="Unknown scorer"):
        get_scorer("accuracy")
    scorer = make_similarity_scorer("simlex999", correlation="pearson")
    assert "simlex999" in repr(scorer)
    assert pickle.loads(pickle.dumps(scorer)).correlation == "pearson"
    with pytest.raises(ValueError, match="correlation"):
        make_similarity_scorer(correlation="kendall")
    est = _PPMISVD(3).fit(_tiny_cooc())
    s = make_analogy_scorer([("man", "woman", "king", "queen")])
    assert s(est, None) == analogy_accuracy(est, [("man", "woman", "king", "queen")]).accuracy


def test_moved_names_still_import_from_scorers():
    # the analysis and model selection moved out of skw2v.scorers (CHANGELOG.md)
    import skw2v.analysis
    import skw2v.model_selection
    import skw2v.scorers

    moved = {"skw2v.analysis": skw2v.analysis, "skw2v.model_selection": skw2v.model_selection}
    assert set(skw2v.scorers._MOVED.values()) == set(moved)
    for name, module in skw2v.scorers._MOVED.items():
        assert getattr(skw2v.scorers, name) is getattr(moved[module], name), name
        assert name in dir(skw2v.scorers)
        assert name in moved[module].__all__
    from skw2v.scorers import DimensionSweepSearchCV, task_vectors  # noqa: F401
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        skw2v.scorers.nope


def test_pipeline_and_pairs_helpers():
    from skw2v._inputs import as_word_vectors, check_pairs, distinct_pairs, final_step

    est = _PPMISVD(3).fit(_tiny_cooc())
    inner = Pipeline([("emb", est)])
    outer = Pipeline([("id", "passthrough"), ("inner", inner)])
    assert final_step(outer) is est and final_step(est) is est
    assert as_word_vectors(outer) is as_word_vectors(est)
    empty = Pipeline([("emb", est)])
    empty.steps = []
    with pytest.raises(TypeError, match="no steps"):
        final_step(empty)
    qs = [("a", "b", "c", "d"), ("c", "d", "a", "b"), ("a", "b", "e", "f")]
    assert distinct_pairs(qs) == [("a", "b"), ("c", "d"), ("e", "f")]
    with pytest.raises(ValueError, match="4 words"):
        distinct_pairs([("a", "b", "c")])
    assert check_pairs([["a", "b"]]) == [("a", "b")]
    with pytest.raises(ValueError, match="two words"):
        check_pairs([("a", "b", "c")])
    with pytest.raises(TypeError, match="not a string"):
        check_pairs("ab")
