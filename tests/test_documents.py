"""EmbeddingVectorizer: documents -> pooled word vectors."""

import gzip
import os
import pickle
import re
import tracemalloc
import warnings

import joblib
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline, make_pipeline, make_union
from threadpoolctl import threadpool_limits
from sklearn.utils.estimator_checks import (
    check_do_not_raise_errors_in_init_or_set_params,
    check_estimators_unfitted,
    check_mixin_order,
    check_param_validation,
    check_transformers_unfitted,
    check_valid_tag_types,
    check_estimator_cloneable,
    check_estimator_repr,
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from skw2v import (
    CooccurrenceVectorizer,
    EmbeddingVectorizer,
    PMISVDEmbedding,
    QWEMEmbedding,
    SGNSEmbedding,
    WordVectors,
)
from skw2v.datasets import sample_corpus_path
from skw2v.documents import EmptyDocumentWarning
from skw2v.documents._sources import _without_zero_vectors

WORDS = ["good", "bad", "film", "plot"]
VECTORS = np.array([[1.0, 0.0, 0.0], [-1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 2.0, 2.0]])
DOCS = ["good film", "bad bad film plot", "film", "plot good good unknown"]


@pytest.fixture(autouse=True)
def one_blas_thread():
    """Small dense eigenproblems: on a busy 2-core machine two BLAS threads made an
    800 x 800 eigh 30x slower (18 s against 0.6 s)."""
    with threadpool_limits(1, user_api="blas"):
        yield


@pytest.fixture
def wv():
    return WordVectors(WORDS, VECTORS)


def counts_of(docs):
    """Document-term counts over WORDS by hand (whitespace tokens)."""
    C = np.zeros((len(docs), len(WORDS)))
    for i, doc in enumerate(docs):
        for tok in doc.split():
            if tok in WORDS:
                C[i, WORDS.index(tok)] += 1
    return C


@pytest.fixture(scope="module")
def sample_docs():
    """The bundled sample cut into 100-word documents, labelled by article (10 articles)."""
    with gzip.open(sample_corpus_path(), "rt") as f:
        articles = [words for words in map(str.split, f) if len(words) >= 3000][:10]
    docs, labels = [], []
    for k, art in enumerate(articles):
        for start in range(0, 2900, 100):
            docs.append(" ".join(art[start:start + 100]))
            labels.append(k)
    return docs, np.array(labels)


# -- pooling, exact on hand-made vectors -------------------------------------------


def test_mean_pooling_exact(wv):
    X = EmbeddingVectorizer(wv, weight=1.0, pooling="mean", norm=None).fit_transform(DOCS)
    C = counts_of(DOCS)
    expected = (C / C.sum(axis=1, keepdims=True)) @ VECTORS
    np.testing.assert_allclose(X, expected, rtol=1e-6)
    assert X.dtype == np.float32 and X.shape == (4, 3)


def test_tfidf_pooling_exact(wv):
    vec = EmbeddingVectorizer(wv, weight=1.0, pooling="tfidf", norm=None).fit(DOCS)
    C = counts_of(DOCS)
    df = (C > 0).sum(axis=0)
    idf = np.log((1 + 4) / (1 + df)) + 1
    np.testing.assert_allclose(vec.word_weights_, idf)
    W = C * idf
    new = ["plot film film", "bad"]
    Cn = counts_of(new) * idf
    np.testing.assert_allclose(vec.transform(new), (Cn / Cn.sum(1, keepdims=True)) @ VECTORS,
                               rtol=1e-6)
    np.testing.assert_allclose(vec.transform(DOCS), (W / W.sum(1, keepdims=True)) @ VECTORS,
                               rtol=1e-6)


def test_sublinear_tf(wv):
    X = EmbeddingVectorizer(wv, weight=1.0, pooling="mean", norm=None, sublinear_tf=True).fit_transform(
        ["good good good good film"])
    tf = np.array([1 + np.log(4), 1.0])
    np.testing.assert_allclose(X[0], (tf @ VECTORS[[0, 2]]) / tf.sum(), rtol=1e-6)


def test_sif_pooling_exact_and_fixed_at_transform(wv):
    a = 0.1
    vec = EmbeddingVectorizer(wv, weight=1.0, pooling="sif", sif_a=a, sif_components=1, norm=None)
    X = vec.fit_transform(DOCS)
    C = counts_of(DOCS)
    n_tokens = np.array([len(d.split()) for d in DOCS])
    p = C.sum(axis=0) / n_tokens.sum()  # the unknown token counts in the total
    weights = a / (a + p)
    np.testing.assert_allclose(vec.word_weights_, weights)
    raw = ((C * weights) / C.sum(1, keepdims=True)) @ VECTORS
    u = np.linalg.svd(raw)[2][0]
    np.testing.assert_allclose(np.abs(vec.components_[0]), np.abs(u), atol=1e-6)
    expected = raw - np.outer(raw @ u, u)
    np.testing.assert_allclose(X, expected, atol=1e-6)
    # Transform uses the fitted direction and weights: a document's vector does
    # not depend on the batch it comes in, and matches the fit-time formula.
    new = ["good plot", "bad film film", "plot"]
    Cn = counts_of(new)
    raw_new = ((Cn * weights) / Cn.sum(1, keepdims=True)) @ VECTORS
    np.testing.assert_allclose(vec.transform(new), raw_new - np.outer(raw_new @ u, u),
                               atol=1e-6)
    np.testing.assert_allclose(vec.transform(new[:1])[0], vec.transform(new)[0], atol=1e-7)


def test_sif_two_components_removed(wv):
    vec = EmbeddingVectorizer(wv, weight=1.0, pooling="sif", sif_components=2, norm=None).fit(DOCS)
    comps = vec.components_
    np.testing.assert_allclose(comps @ comps.T, np.eye(2), atol=1e-6)
    np.testing.assert_allclose(vec.transform(DOCS) @ comps.T, 0, atol=1e-6)


def test_max_pooling_exact(wv):
    X = EmbeddingVectorizer(wv, weight=1.0, pooling="max", norm=None).fit_transform(DOCS)
    expected = np.array([[1, 1, 0], [0, 2, 2], [0, 1, 0], [1, 2, 2]])
    np.testing.assert_array_equal(X, expected)


@pytest.mark.parametrize("pooling", ["mean", "tfidf", "sif", "max"])
def test_l2_norm_rows_and_weight(wv, pooling):
    X = EmbeddingVectorizer(wv, weight=1.0, pooling=pooling).fit_transform(DOCS)
    Xr = EmbeddingVectorizer(wv, weight=1.0, pooling=pooling, norm=None).fit_transform(DOCS)
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 1, rtol=1e-5)
    np.testing.assert_allclose(X, Xr / np.linalg.norm(Xr, axis=1, keepdims=True), atol=1e-6)
    Xw = EmbeddingVectorizer(wv, pooling=pooling, weight=0.25).fit_transform(DOCS)
    np.testing.assert_allclose(Xw, 0.25 * X, rtol=1e-6)
    # the weight is applied in place, to the call's own array: nothing shared is scaled
    table = wv.vectors.copy()
    vec = EmbeddingVectorizer(wv, pooling=pooling, norm=None, weight=0.25).fit(DOCS)
    first = vec.transform(DOCS)
    np.testing.assert_allclose(first, 0.25 * Xr, rtol=1e-6)
    np.testing.assert_array_equal(vec.transform(DOCS), first)
    np.testing.assert_array_equal(wv.vectors, table)


def test_token_lists_and_file_give_the_same_vectors(wv, tmp_path):
    path = tmp_path / "docs.txt.gz"
    with gzip.open(path, "wt") as f:
        f.write("\n".join(DOCS) + "\n")
    vec = EmbeddingVectorizer(wv, weight=1.0, pooling="mean", token_pattern=None).fit(DOCS)
    expected = vec.transform(DOCS)
    np.testing.assert_allclose(vec.transform([d.split() for d in DOCS]), expected)
    np.testing.assert_allclose(vec.transform(str(path)), expected)
    np.testing.assert_allclose(vec.transform(iter(DOCS)), expected)


# -- OOV and empty documents ---------------------------------------------------------


def test_oov_counted_and_empty_documents_are_zero_with_one_warning(wv):
    docs = DOCS + ["", "nothing known here"]
    with pytest.warns(EmptyDocumentWarning, match="2 of 6 documents") as record:
        vec = EmbeddingVectorizer(wv).fit(docs)
    assert len(record) == 1
    assert vec.n_empty_documents_ == 2
    assert vec.n_oov_tokens_ == 1 + 3
    assert vec.n_tokens_ == 2 + 4 + 1 + 4 + 0 + 3
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        X = vec.transform(["", "good", "zzz", "", "qqq bad"])
    assert [str(w.message).split(" docu")[0] for w in record] == ["3 of 5"]
    assert np.isfinite(X).all()
    np.testing.assert_array_equal(X[[0, 2, 3]], 0)
    n_tokens, n_oov = vec.count_oov_tokens(["good zz", "", "qq rr"])
    assert n_tokens.tolist() == [2, 0, 2] and n_oov.tolist() == [1, 0, 2]


def test_all_empty_batch_at_transform(wv):
    vec = EmbeddingVectorizer(wv).fit(DOCS)
    with pytest.warns(EmptyDocumentWarning, match="2 of 2"):
        X = vec.transform(["", "   "])
    assert X.shape == (2, 3) and not X.any()
    assert vec.transform([]).shape == (0, 3)


@pytest.mark.parametrize("pooling", ["mean", "tfidf", "sif", "max"])
def test_never_nan(wv, pooling):
    docs = ["", "good", "unknown words only"]
    with pytest.warns(EmptyDocumentWarning):
        X = EmbeddingVectorizer(wv, weight=1.0, pooling=pooling, sif_components=1).fit_transform(
            DOCS + docs)
    assert np.isfinite(X).all()


# -- tokenisation: the vectorizer's --------------------------------------------------


@pytest.mark.parametrize("params", [
    {},
    {"token_pattern": None},
    {"lowercase": False, "token_pattern": None},
    {"tokenizer": lambda s: s.replace(",", " ").split()},
])
def test_tokenisation_identical_to_vectorizer(params):
    docs = ["The cat, the DOG", "a dog's day-off: 3 cats", "Über élan, the naïve cat", ""]
    vocab = ["the", "cat", "dog", "cats", "dog's", "day", "off", "élan", "über", "The",
             "DOG", "a", "naïve", "day-off:", "cat,"]
    vocab = list(dict.fromkeys(vocab))
    onehot = WordVectors(vocab, np.eye(len(vocab)))
    ev_params = {"token_pattern": r"(?u)\b\w\w+\b", **params}
    vec = EmbeddingVectorizer(onehot, pooling="max", norm=None, weight=1.0, **ev_params).fit(docs[:3])
    X = vec.transform(docs[:3])
    cv = CooccurrenceVectorizer(vocabulary=vocab, **ev_params).fit(docs[:3])
    for i, doc in enumerate(docs[:3]):
        counts = cv.transform([doc]).word_counts
        np.testing.assert_array_equal(X[i], counts > 0)
    # The same through count_oov_tokens: known tokens are the vectorizer's count.
    n_tokens, n_oov = vec.count_oov_tokens(docs[:3])
    for i, doc in enumerate(docs[:3]):
        assert n_tokens[i] - n_oov[i] == cv.transform([doc]).word_counts.sum()


# -- embedding sources ---------------------------------------------------------------


def small_recipe(**params):
    params.setdefault("n_components", 8)
    return EmbeddingVectorizer(max_vocab_size=500, random_state=0, **params)


def test_default_learns_on_fit_documents(sample_docs):
    docs, _ = sample_docs
    vec = small_recipe().fit(docs[:100])
    assert vec.embedding_learned_
    assert vec.word_vectors_.vector_size == 8 and len(vec.word_vectors_) <= 500
    X = vec.transform(docs[100:110])
    assert X.shape == (10, 8) and X.dtype == np.float32
    assert vec.get_feature_names_out().tolist() == [f"embeddingvectorizer{i}"
                                                    for i in range(8)]


@pytest.mark.parametrize("embedding", [
    PMISVDEmbedding(n_components=5),
    Pipeline([("cooc", CooccurrenceVectorizer(token_pattern=r"(?u)\b\w\w+\b", min_count=2)),
              ("emb", QWEMEmbedding(n_components=5, random_state=0))]),
    SGNSEmbedding(n_components=5, epochs=1, token_pattern=r"(?u)\b\w\w+\b", random_state=0),
])
def test_unfitted_estimators_are_cloned_and_fitted(sample_docs, embedding):
    docs, _ = sample_docs
    vec = EmbeddingVectorizer(embedding, random_state=0).fit(docs[:60])
    assert vec.word_vectors_.vector_size == 5
    with pytest.raises(Exception):
        (embedding[-1] if isinstance(embedding, Pipeline) else embedding).embedding_
    # n_components of the EmbeddingVectorizer overrides the estimator's.
    vec = EmbeddingVectorizer(embedding, n_components=3, random_state=0).fit(docs[:60])
    assert vec.transform(docs[:2]).shape == (2, 3)


def test_a_table_of_documents_is_refused_at_fit_and_transform():
    # Iterating a DataFrame gives its column names: never read those as the documents.
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"text": ["the cat sat on the mat", "the dog sat"] * 30})
    with pytest.raises(TypeError, match=r"2-D DataFrame.*df\['text'\]"):
        EmbeddingVectorizer().fit(df)
    vec = EmbeddingVectorizer(WordVectors(["cat", "dog"], np.eye(2, dtype=np.float32))).fit(df["text"])
    with pytest.raises(TypeError, match="2-D DataFrame"):
        vec.transform(df)
    with pytest.raises(TypeError, match="2-D ndarray"):
        vec.transform(df.to_numpy())


@pytest.mark.parametrize("embedding", [None, QWEMEmbedding(n_components=2)])
def test_a_corpus_subsampled_away_names_what_an_embeddingvectorizer_user_can_do(embedding):
    # Three short documents: word2vec's subsampling (the recipe's 1e-4) keeps about 3 %
    # of each word, so no pair is expected to survive. The vectorizer's own advice
    # ("raise subsample") names a parameter EmbeddingVectorizer does not have.
    docs = ["the cat sat on the mat", "the dog sat on the log", "a cat and a dog"]
    vec = EmbeddingVectorizer(embedding, min_count=1)
    with pytest.raises(ValueError, match="subsampling") as info:
        vec.fit(docs)
    message = str(info.value)
    assert "subsample=0.0001" in message and "pretrained vectors" in message
    assert "CooccurrenceVectorizer(subsample=None" in message and "Raise subsample" not in message
    assert not hasattr(vec, "word_vectors_")
    # What it advises works.
    advised = make_pipeline(CooccurrenceVectorizer(subsample=None, min_count=1,
                                                   token_pattern=r"(?u)\b\w\w+\b"),
                            PMISVDEmbedding(n_components=2, random_state=0))
    assert EmbeddingVectorizer(advised, min_count=1).fit_transform(docs).shape == (3, 2)


def test_the_recipes_shift_leaves_generic_words_without_a_vector_and_says_why():
    # Shifted PPMI keeps only pairs more than 5 times as frequent as chance: on 30
    # articles the most frequent words have none, get a zero row, and leave the table.
    with gzip.open(sample_corpus_path(), "rt") as f:
        lines = [next(f) for _ in range(30)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vec = EmbeddingVectorizer(n_components=6, max_vocab_size=300, n_jobs=1,
                                  random_state=0).fit(lines)
    # One warning, the vectorizer's (PMISVDEmbedding's own is silenced), with the
    # cause it has: these words are generic, not short of text.
    (message,) = [str(w.message) for w in caught]
    assert re.search(r"got no vector\. \d+ with no pair above the shift \('the', 'of'",
                     message)
    assert "more text" not in message and "n_oov_tokens_" in message
    assert "the" not in vec.vocabulary_ and 200 < len(vec.word_vectors_) < 300
    assert np.all(np.any(vec.word_vectors_.vectors, axis=1))
    # Plain PPMI keeps them: the shift is what removed them.
    plain = make_pipeline(
        CooccurrenceVectorizer(window=10, min_count=2, max_vocab_size=300,
                               token_pattern=r"(?u)\b\w\w+\b", random_state=0),
        PMISVDEmbedding(n_components=6, n_iter=3, random_state=0))
    assert "the" in EmbeddingVectorizer(plain, max_vocab_size=300).fit(lines).vocabulary_


def test_words_without_a_vector_are_dropped_with_their_own_cause_each():
    wv = WordVectors(["a", "b", "alone", "generic"], [[1, 0], [0, 1], [0, 0], [0, 0]])
    isolated = np.array([False, False, True, False])
    with pytest.warns(UserWarning) as caught:
        kept = _without_zero_vectors(wv, isolated)
    assert kept.words.tolist() == ["a", "b"]
    np.testing.assert_array_equal(kept.vectors, [[1, 0], [0, 1]])
    (message,) = [str(w.message) for w in caught]
    assert message.startswith("2 of 4 words of the fit documents got no vector. ")
    assert "1 with no co-occurring word ('alone'): they stand alone" in message
    assert "1 with no pair above the shift ('generic'): no word co-occurs" in message
    # Without the counts (an estimator that counted by itself) both causes are named.
    with pytest.warns(UserWarning, match=r"They \('alone', 'generic'\) co-occur.*or, under "
                                         r"a shifted PPMI"):
        _without_zero_vectors(wv)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _without_zero_vectors(kept) is kept


@pytest.mark.parametrize("pooling", ["tfidf", "max"])
def test_learned_words_without_a_vector_count_as_out_of_vocabulary(pooling):
    # "zebra" only ever stands alone: it co-occurs with nothing, so the estimator gives
    # it a zero vector; the vectorizer leaves it out and says so once, in its own words.
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(30)]
    docs = [" ".join(rng.choice(words, 12)) for _ in range(40)] + ["zebra", "zebra"]
    emb = Pipeline([("cooc", CooccurrenceVectorizer(window=2, subsample=None, min_count=1)),
                    ("emb", PMISVDEmbedding(n_components=4, random_state=0))])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vec = EmbeddingVectorizer(emb, pooling=pooling, token_pattern=None,
                                  random_state=0).fit(docs)
    messages = [str(w.message) for w in caught]
    mine = [m for m in messages if "got no vector" in m]
    assert len(mine) == 1 and mine[0].startswith("1 of 31 words of the fit documents")
    assert "'zebra'" in mine[0] and "n_oov_tokens_" in mine[0]
    assert not any("never co-occur" in m for m in messages)  # the estimator's is silenced
    assert "zebra" not in vec.vocabulary_ and len(vec.word_vectors_) == 30
    assert vec.n_oov_tokens_ == 2 and vec.n_empty_documents_ == 2
    assert np.all(np.any(vec.word_vectors_.vectors, axis=1))
    with pytest.warns(EmptyDocumentWarning):
        X = vec.transform(["zebra zebra", "w3 zebra"])
    assert not X[0].any() and X[1].any()
    np.testing.assert_array_equal(X[1], vec.transform(["w3"])[0])


def test_transform_holds_little_more_than_its_output():
    # Pooled, normalised and weighted in one array: the peak is the output plus the
    # document-term matrix, not two n x d copies (2.08 x the output before).
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(2000)]
    wv = WordVectors(words, rng.standard_normal((2000, 1000)).astype(np.float32))
    docs = [" ".join(rng.choice(words, 20)) for _ in range(5000)]
    vec = EmbeddingVectorizer(wv, token_pattern=None).fit(docs)
    tracemalloc.start()
    try:
        X = vec.transform(docs)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1.6 * X.nbytes, peak / X.nbytes
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), vec.weight, rtol=1e-5)


def test_gensim_vectors_and_models_are_used_as_is():
    gensim_models = pytest.importorskip("gensim.models")
    kv = gensim_models.KeyedVectors(3)
    kv.add_vectors(WORDS, VECTORS.astype(np.float32))
    expected = EmbeddingVectorizer(WordVectors(WORDS, VECTORS)).fit_transform(DOCS)
    vec = EmbeddingVectorizer(kv)
    np.testing.assert_array_equal(vec.fit_transform(DOCS), expected)
    assert not vec.embedding_learned_ and vec.n_oov_tokens_ == 1
    np.testing.assert_array_equal(clone(vec).fit_transform(DOCS), expected)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(vec)).transform(DOCS), expected)
    # A trained model is read through its KeyedVectors (model.wv).
    model = gensim_models.Word2Vec([d.split() for d in DOCS], vector_size=4, min_count=1,
                                   seed=0, workers=1)
    np.testing.assert_array_equal(EmbeddingVectorizer(model).fit_transform(DOCS),
                                  EmbeddingVectorizer(model.wv).fit_transform(DOCS))
    with pytest.raises(ValueError, match="has no word vectors: train the gensim model"):
        EmbeddingVectorizer(gensim_models.Word2Vec(vector_size=4)).fit(DOCS)
    with pytest.raises(ValueError, match="n_components=5 but the pretrained embedding"):
        EmbeddingVectorizer(kv, n_components=5).fit(DOCS)


def test_fitted_estimator_used_as_is(sample_docs):
    docs, _ = sample_docs
    pipe = Pipeline([("cooc", CooccurrenceVectorizer(min_count=2)),
                     ("emb", PMISVDEmbedding(n_components=4))]).fit(docs[:50])
    vec = EmbeddingVectorizer(pipe, token_pattern=None).fit(docs[50:60])
    assert not vec.embedding_learned_
    np.testing.assert_array_equal(vec.word_vectors_.vectors, pipe[-1].embedding_)
    vec2 = EmbeddingVectorizer(pipe[-1], token_pattern=None).fit(docs[50:60])
    np.testing.assert_array_equal(vec.transform(docs[:3]), vec2.transform(docs[:3]))


@pytest.mark.parametrize("binary", [False, True])
def test_vectors_file(wv, tmp_path, binary):
    path = tmp_path / ("v.bin" if binary else "v.txt")
    wv.save_word2vec_format(path, binary=binary)
    vec = EmbeddingVectorizer(str(path), pooling="mean").fit(DOCS)
    expected = EmbeddingVectorizer(wv, pooling="mean").fit(DOCS).transform(DOCS)
    np.testing.assert_allclose(vec.transform(DOCS), expected)


def test_glove_file(wv, tmp_path):
    path = tmp_path / "glove.txt"
    path.write_text("".join(f"{w} " + " ".join(map(str, v)) + "\n"
                            for w, v in zip(WORDS, VECTORS)))
    vec = EmbeddingVectorizer(str(path)).fit(DOCS)
    np.testing.assert_allclose(vec.transform(DOCS),
                               EmbeddingVectorizer(wv).fit(DOCS).transform(DOCS))
    bad = tmp_path / "bad_glove.txt"
    bad.write_text("good 1 0 0\nbad 1 zero 0\n")
    with pytest.raises(ValueError, match="bad_glove.txt.*does not parse as a GloVe"):
        EmbeddingVectorizer(str(bad)).fit(DOCS)


def test_memory_caches_word_vectors_across_poolings(sample_docs, tmp_path):
    docs, _ = sample_docs
    memory = joblib.Memory(tmp_path, verbose=0)
    a = small_recipe(memory=memory, pooling="mean").fit(docs[:80])
    calls = []
    with joblib.parallel_config(backend="threading"):
        b = small_recipe(memory=memory, pooling="sif").fit(docs[:80])
    np.testing.assert_array_equal(a.word_vectors_.vectors, b.word_vectors_.vectors)
    cached = [p for p in tmp_path.rglob("output.pkl")]
    assert len(cached) == 1, calls
    small_recipe(memory=memory, n_components=6).fit(docs[:80])
    assert len(list(tmp_path.rglob("output.pkl"))) == 2


# -- sklearn contract ----------------------------------------------------------------


@pytest.mark.parametrize("check", [
    check_parameters_default_constructible,
    check_no_attributes_set_in_init,
    check_get_params_invariance,
    check_set_params,
    check_estimator_cloneable,
    check_estimator_repr,
    check_do_not_raise_errors_in_init_or_set_params,
    check_transformers_unfitted,
    check_estimators_unfitted,
    check_mixin_order,
    check_valid_tag_types,
    check_param_validation,
])
def test_sklearn_checks(check):
    check("EmbeddingVectorizer", EmbeddingVectorizer())


def test_clone_and_pickle(wv):
    vec = EmbeddingVectorizer(wv, weight=1.0, pooling="sif", sif_components=1).fit(DOCS)
    cloned = clone(vec)
    assert not hasattr(cloned, "word_vectors_")
    assert cloned.get_params()["pooling"] == "sif"
    restored = pickle.loads(pickle.dumps(vec))
    np.testing.assert_array_equal(restored.transform(DOCS), vec.transform(DOCS))


def test_pandas_output_indexed_by_document(wv):
    pd = pytest.importorskip("pandas")
    docs = pd.Series(DOCS, index=["a", "b", "c", "d"])
    vec = EmbeddingVectorizer(wv).set_output(transform="pandas").fit(docs)
    df = vec.transform(docs)
    assert isinstance(df, pd.DataFrame)
    assert df.index.tolist() == ["a", "b", "c", "d"]
    assert df.columns.tolist() == vec.get_feature_names_out().tolist()
    assert vec.fit_transform(DOCS).index.tolist() == [0, 1, 2, 3]


def test_make_union_with_tfidf(wv):
    union = make_union(TfidfVectorizer(), EmbeddingVectorizer(wv))
    X = union.fit_transform(DOCS)
    n_tfidf = len(TfidfVectorizer().fit(DOCS).vocabulary_)
    assert X.shape == (4, n_tfidf + 3)
    names = union.get_feature_names_out()
    assert names[-1] == "embeddingvectorizer__embeddingvectorizer2"


def test_grid_search_over_dimension_and_pooling(sample_docs):
    docs, y = sample_docs
    pipe = make_pipeline(EmbeddingVectorizer(max_vocab_size=800, random_state=0),
                         LogisticRegression(C=10, max_iter=500))
    search = GridSearchCV(pipe, {"embeddingvectorizer__n_components": [2, 24],
                                 "embeddingvectorizer__pooling": ["mean", "sif"]}, cv=3)
    search.fit(docs, y)
    scores = dict(zip(map(lambda p: (p["embeddingvectorizer__n_components"],
                                     p["embeddingvectorizer__pooling"]),
                          search.cv_results_["params"]),
                      search.cv_results_["mean_test_score"]))
    assert scores[(24, "mean")] > scores[(2, "mean")] + 0.1
    assert scores[(24, "sif")] > scores[(2, "sif")] + 0.1
    assert search.best_params_["embeddingvectorizer__n_components"] == 24
    assert search.best_score_ > 0.8


def test_cross_val_score_and_cached_pipeline(sample_docs, tmp_path):
    docs, y = sample_docs
    pipe = Pipeline([("ev", EmbeddingVectorizer(max_vocab_size=500, n_components=16,
                                                random_state=0)),
                     ("lr", LogisticRegression(max_iter=500))], memory=str(tmp_path))
    scores = cross_val_score(pipe, docs, y, cv=3)
    assert scores.min() > 0.5
    search = GridSearchCV(pipe, {"lr__C": [0.1, 10.0]}, cv=2).fit(docs, y)
    # Two folds and the refit: the EmbeddingVectorizer was fitted three times, not six.
    fits = [p for p in tmp_path.rglob("output.pkl")]
    assert len(fits) == 3 + 3, fits  # three from cross_val_score, three from the search
    assert search.best_score_ > 0.5


# -- bad input ---------------------------------------------------------------------


def test_empty_corpus_at_fit(wv):
    with pytest.raises(ValueError, match="empty"):
        EmbeddingVectorizer(wv).fit(["", " "])
    with pytest.raises(ValueError, match="empty"):
        EmbeddingVectorizer(wv).fit([])


def test_document_not_text(wv):
    with pytest.raises(TypeError, match="document 1 is a int"):
        EmbeddingVectorizer(wv).fit(["good", 3])
    vec = EmbeddingVectorizer(wv).fit(DOCS)
    with pytest.raises(TypeError, match="document 0 is a NoneType"):
        vec.transform([None])
    with pytest.raises(TypeError, match="bytes"):
        vec.transform(b"good film")
    with pytest.raises(FileNotFoundError, match="good film"):
        vec.transform("good film")  # a single string is a path


@pytest.mark.parametrize("embedding, error, match", [
    (42, ValueError, "42"),
    (np.ones((3, 2)), ValueError, "embedding"),
    (LogisticRegression(), TypeError, "LogisticRegression"),
    (TfidfVectorizer().fit(DOCS), TypeError, "no word vectors"),
])
def test_wrong_embedding_kind(embedding, error, match):
    with pytest.raises(error, match=match):
        EmbeddingVectorizer(embedding).fit(DOCS)


def test_missing_and_unparseable_vectors_file(tmp_path):
    missing = str(tmp_path / "nope.vec")
    with pytest.raises(FileNotFoundError, match="nope.vec"):
        EmbeddingVectorizer(missing).fit(DOCS)
    bad = tmp_path / "bad.txt"
    bad.write_text("2 3\ngood 1 2 x\nbad 1 2 3\n")
    with pytest.raises(ValueError, match="bad.txt.*does not parse"):
        EmbeddingVectorizer(str(bad)).fit(DOCS)


def test_mismatched_tokenisation_and_dimension(wv, sample_docs):
    docs, _ = sample_docs
    pipe = Pipeline([("cooc", CooccurrenceVectorizer(token_pattern=None)),
                     ("emb", QWEMEmbedding(n_components=4))])
    with pytest.raises(ValueError, match="token_pattern=None.*split differently"):
        EmbeddingVectorizer(pipe).fit(docs[:20])
    with pytest.raises(ValueError, match="n_components=5 but the pretrained"):
        EmbeddingVectorizer(wv, n_components=5).fit(DOCS)
    with pytest.raises(ValueError, match="sif_components"):
        EmbeddingVectorizer(wv, weight=1.0, pooling="sif", sif_components=3).fit(DOCS)


def test_failed_fit_leaves_estimator_as_it_was(wv):
    vec = EmbeddingVectorizer(wv, weight=1.0, pooling="sif").fit(DOCS)
    before = vec.transform(DOCS)
    vec.set_params(sif_components=5)
    with pytest.raises(ValueError):
        vec.fit(DOCS)
    np.testing.assert_array_equal(vec.transform(DOCS), before)


# -- the word-level estimators: words in, word vectors out (docs/documents.md) -------


@pytest.mark.parametrize("documents", [
    DOCS, iter(DOCS), [d.split() for d in DOCS], "corpus.txt", np.array(DOCS, dtype=object),
])
def test_embeddings_refuse_documents_before_training(documents):
    est = SGNSEmbedding(n_components=2, min_count=1, epochs=50)
    with pytest.raises(TypeError, match="EmbeddingVectorizer"):
        est.fit_transform(documents)
    assert not hasattr(est, "embedding_")  # refused before any training
    fitted = SGNSEmbedding(n_components=2, min_count=1, epochs=1, sample=0, window=2,
                           random_state=0).fit(DOCS * 5)
    with pytest.raises(TypeError, match="got documents.*EmbeddingVectorizer"):
        fitted.transform(documents if not isinstance(documents, type(iter([]))) else iter(DOCS))


def test_embeddings_pandas_output_indexed_by_word():
    pd = pytest.importorskip("pandas")
    pipe = Pipeline([("cooc", CooccurrenceVectorizer(min_count=1, window=2, subsample=None)),
                     ("emb", QWEMEmbedding(n_components=2, random_state=0))])
    pipe.set_output(transform="pandas")
    df = pipe.fit_transform(DOCS * 5)
    emb = pipe[-1]
    assert isinstance(df, pd.DataFrame)
    assert df.index.tolist() == emb.words_.tolist()
    assert df.columns.tolist() == ["qwemembedding0", "qwemembedding1"]
    np.testing.assert_array_equal(df.to_numpy(), emb.embedding_)
    # A CooccurrenceVectorizer's sparse matrix passes through unchanged.
    assert hasattr(pipe[0].transform(DOCS), "words")


def test_fit_reads_the_documents_once(monkeypatch, sample_docs):
    # The default recipe counts co-occurrences on the reading the pooling uses.
    import skw2v.statistics._corpus as corpus_module
    from skw2v.statistics import encode_corpus

    reads = []
    real = corpus_module._encode_documents
    monkeypatch.setattr(corpus_module, "_encode_documents",
                        lambda *args: reads.append(1) or real(*args))
    docs = sample_docs[0][:40]
    EmbeddingVectorizer(n_components=5, random_state=0).fit(docs)
    assert len(reads) == 1
    encoded = encode_corpus(docs)
    assert encode_corpus(encoded, token_pattern="xyz") is encoded  # passed through


def test_learned_counts_skip_the_checks_and_give_the_checked_vectors(monkeypatch, sample_docs):
    # The recipe's own matrix goes to PMISVDEmbedding._fit_built, unchecked; the
    # vectors are those of Pipeline.fit, which checks it, bit for bit.
    import skw2v.estimators._pmi_svd as pmi_module
    from skw2v.documents._sources import default_recipe

    docs = sample_docs[0][:80]
    tokenization = EmbeddingVectorizer()._tokenization()
    expected = default_recipe(6, max_vocab_size=400, min_count=2, tokenization=tokenization,
                              random_state=0, n_jobs=2).fit(docs)[-1].embedding_
    checks = []
    real = pmi_module.PMISVDEmbedding._check_cooccurrence
    monkeypatch.setattr(pmi_module.PMISVDEmbedding, "_check_cooccurrence",
                        lambda self, *a: checks.append(1) or real(self, *a))
    vec = EmbeddingVectorizer(n_components=6, max_vocab_size=400, random_state=0,
                              n_jobs=2).fit(docs)
    assert checks == []
    # (less the words that co-occur with none after subsampling: zero rows, left out)
    np.testing.assert_array_equal(vec.word_vectors_.vectors, expected[np.any(expected, axis=1)])
    # A Pipeline the user gives is fitted by Pipeline.fit, its matrix checked.
    user = Pipeline([("cooc", CooccurrenceVectorizer(token_pattern=r"(?u)\b\w\w+\b",
                                                     min_count=2, max_vocab_size=400)),
                     ("emb", PMISVDEmbedding(n_components=6, random_state=0))])
    EmbeddingVectorizer(user).fit(docs)
    assert checks == [1]


def test_default_dimension_spends_the_reference_budget():
    # 600 with one power iteration at the reference counts and on more pairs;
    # on smaller counts two iterations and more dimensions, in steps of 50,
    # never past 90 % of the words; the work of the choice within the budget
    # and that of the next step over it.
    from skw2v.documents import default_n_components
    from skw2v.documents._sources import (
        DIMENSION_STEP,
        REFERENCE_PAIRS,
        REFERENCE_WORDS,
        WORK_BUDGET,
        default_svd,
        recipe_n_iter,
        svd_work,
    )

    assert svd_work(REFERENCE_WORDS, REFERENCE_PAIRS, 600, 1) == WORK_BUDGET
    assert default_svd(REFERENCE_WORDS, REFERENCE_PAIRS) == (600, 1)
    assert default_svd(30000, 9_712_906) == (600, 1)  # 20 Newsgroups' training posts
    assert default_svd(30000, 40_000_000) == (600, 1)  # larger: the floor
    assert default_svd(9453, 765_616) == (1300, 2)  # an rt-polarity training fold
    assert default_n_components(9453, 765_616) == 1300
    assert default_svd(500, 8000) == (450, recipe_n_iter(450))  # 90 % of the words
    assert default_n_components(1, 0) == 1
    previous = None
    for n_pairs in (10**5, 10**6, 3 * 10**6, 6 * 10**6, 10**7):
        d, n_iter = default_svd(20000, n_pairs)
        assert d % DIMENSION_STEP == 0 and 600 <= d <= 18000 and n_iter in (1, 2)
        assert svd_work(20000, n_pairs, d, n_iter) <= WORK_BUDGET or (d, n_iter) == (600, 1)
        assert svd_work(20000, n_pairs, d + DIMENSION_STEP, n_iter) > WORK_BUDGET
        if n_iter == 1:
            assert svd_work(20000, n_pairs, 600, 2) > WORK_BUDGET
        assert previous is None or d <= previous or n_iter == 1  # more pairs, less work
        previous = d
    # More tokens than 20 Newsgroups' scale the budget up (never down), to the cap.
    from skw2v.documents._sources import MAX_N_COMPONENTS, REFERENCE_TOKENS

    assert default_svd(30000, 9_712_906, REFERENCE_TOKENS // 10) == (600, 1)
    assert default_svd(30000, 9_712_906, 2 * REFERENCE_TOKENS) == (750, 2)
    d, n_iter = default_svd(30000, 9_712_906, 2 * REFERENCE_TOKENS)
    assert svd_work(30000, 9_712_906, d, n_iter) <= 2 * WORK_BUDGET
    assert svd_work(30000, 9_712_906, d + DIMENSION_STEP, n_iter) > 2 * WORK_BUDGET
    assert default_svd(30000, 9_712_906, 10**4 * REFERENCE_TOKENS) == (MAX_N_COMPONENTS, 2)
    assert default_n_components(3000, 10**5, 10**9) == 2000 < int(0.9 * 3000)


def test_default_dimension_follows_the_counts(sample_docs):
    # n_components=None: the dimension comes from the counted vocabulary (a
    # small corpus no longer fails on the 600 floor); an explicit one is kept
    # and checked.
    from skw2v.documents import default_n_components
    from skw2v.documents._sources import default_recipe

    docs = sample_docs[0][:40]
    vec = EmbeddingVectorizer(random_state=0).fit(docs)
    counter = default_recipe(None, max_vocab_size=vec.max_vocab_size, min_count=vec.min_count,
                             tokenization=vec._tokenization(), random_state=0, n_jobs=None)[0]
    C = counter.fit_transform(docs)
    n_words = int(np.count_nonzero(np.diff(C.indptr)))
    assert n_words < 600
    assert vec.n_components_ == default_n_components(n_words, C.nnz) == int(0.9 * n_words)
    assert vec.transform(docs[:3]).shape == (3, vec.n_components_)
    assert vec.get_feature_names_out().shape == (vec.n_components_,)
    with pytest.raises(ValueError, match="n_components"):
        EmbeddingVectorizer(n_components=600, random_state=0).fit(docs)
    assert EmbeddingVectorizer(n_components=7, random_state=0).fit(docs).n_components_ == 7


@settings(max_examples=60, deadline=None)
@given(n_rows=st.integers(1, 12), n_cols=st.integers(1, 9), data=st.data())
def test_count_matrix_is_scipys_coo_of_ones(n_rows, n_cols, data):
    from skw2v.documents._pooling import _count_matrix

    n = data.draw(st.integers(0, 60))
    rows = np.sort(np.array(data.draw(st.lists(st.integers(0, n_rows - 1), min_size=n,
                                               max_size=n)), dtype=np.int64))
    cols = np.array(data.draw(st.lists(st.integers(0, n_cols - 1), min_size=n, max_size=n)),
                    dtype=np.int64)
    got = _count_matrix(rows, cols, n_rows, n_cols)
    expected = sp.coo_array((np.ones(n), (rows, cols)), shape=(n_rows, n_cols)).tocsr()
    expected.sum_duplicates()
    for name in ("data", "indices", "indptr"):
        np.testing.assert_array_equal(getattr(got, name), getattr(expected, name))
    assert got.has_canonical_format and got.shape == (n_rows, n_cols)


def test_recipe_power_iterations_keep_the_product_budget():
    # (d + 20)(n_iter + 1) near 1,280: 3 at d = 300, 1 at the default 600, within [1, 5].
    from skw2v.documents._sources import DEFAULT_N_COMPONENTS, default_recipe, recipe_n_iter

    assert recipe_n_iter(300) == 3 and recipe_n_iter(600) == 1 and recipe_n_iter(400) == 2
    assert recipe_n_iter(10) == 5 and recipe_n_iter(5000) == 1
    for d in range(1, 3000, 7):
        it = recipe_n_iter(d)
        assert 1 <= it <= 5
        if 1 < it < 5:  # not clipped: the nearest count to the budget
            assert abs((d + 20) * (it + 1) - 1280) <= (d + 20) / 2 + 1e-9
    tokenization = EmbeddingVectorizer()._tokenization()
    for d, expected_d in ((None, DEFAULT_N_COMPONENTS), (300, 300)):
        svd = default_recipe(d, max_vocab_size=400, min_count=2, tokenization=tokenization,
                             random_state=0, n_jobs=1)[-1]
        assert svd.n_components == expected_d and svd.n_iter == recipe_n_iter(expected_d)
