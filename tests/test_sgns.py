"""SGNSEmbedding and its kernels: hand-checked steps, determinism, quality, faults."""

import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.pipeline import Pipeline

from skw2v import CooccurrenceVectorizer, SGNSEmbedding
from skw2v.datasets import sample_corpus_path
from skw2v.estimators import TrainingDivergedError
from skw2v.kernels.sampling import build_alias_table
from skw2v.kernels.sgns import sgns_update, train_stream_chunk
from skw2v.scorers import analogy_accuracy
from skw2v.statistics import encode_corpus

# ---------------------------------------------------------------- references


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def reference_update(syn0, syn1, contexts, targets, alpha):
    """One SGNS step in float64 NumPy: gradients at the old weights, then applied."""
    W_in, W_out = syn0.astype(np.float64), syn1.astype(np.float64)
    scores = W_in[contexts] @ W_out[targets].T  # (n_contexts, n_targets)
    labels = np.zeros(len(targets))
    labels[0] = 1.0
    loss = -(np.log(_sigmoid(scores[:, 0])).sum() + np.log(_sigmoid(-scores[:, 1:])).sum())
    coef = alpha * (labels[None, :] - _sigmoid(scores))
    d_in = coef @ W_out[targets]
    d_out = coef.T @ W_in[contexts]
    new_in, new_out = W_in.copy(), W_out.copy()
    np.add.at(new_in, contexts, d_in)
    if syn0 is syn1:  # tied: both gradients land on the one matrix
        np.add.at(new_in, targets, d_out)
        return new_in, new_in, loss
    np.add.at(new_out, targets, d_out)
    return new_in, new_out, loss


def _work(n_contexts, n_targets, d):
    return np.empty((n_contexts + n_targets, d + n_targets), dtype=np.float32)


# ---------------------------------------------------------------- kernel steps


@pytest.mark.parametrize("tied", [False, True])
def test_sgns_update_matches_numpy_reference(tied):
    rng = np.random.default_rng(0)
    V, d = 12, 7
    syn0 = rng.normal(scale=0.5, size=(V, d)).astype(np.float32)
    syn1 = syn0 if tied else rng.normal(scale=0.5, size=(V, d)).astype(np.float32)
    contexts = np.array([3, 5, 3, 9], dtype=np.int32)  # a repeated context word
    targets = np.array([1, 5, 7, 7], dtype=np.int32)   # noise word 5 is also a context
    want_in, want_out, want_loss = reference_update(syn0, syn1, contexts, targets, 0.1)
    loss = sgns_update(syn0, syn1, contexts, 4, targets, 4, 0.1, _work(4, 4, d))
    assert loss == pytest.approx(want_loss, rel=1e-5)
    np.testing.assert_allclose(syn0, want_in, atol=2e-6)
    np.testing.assert_allclose(syn1, want_out, atol=2e-6)


def test_sgns_update_hand_case():
    # d = 1: input 1.0 against output 0 (positive) and output 2.0 (noise).
    syn0 = np.array([[1.0], [0.0], [0.0]], dtype=np.float32)
    syn1 = np.array([[0.0], [0.0], [2.0]], dtype=np.float32)
    loss = sgns_update(syn0, syn1, np.array([0], np.int32), 1, np.array([1, 2], np.int32),
                       2, 0.5, _work(1, 2, 1))
    s2 = _sigmoid(2.0)
    # positive: score 0, coef 0.5 * (1 - 1/2) = 0.25; noise: score 2, coef -0.5 * s(2)
    assert loss == pytest.approx(np.log(2.0) - np.log(1 - s2), rel=1e-6)
    assert syn0[0, 0] == pytest.approx(1.0 + 0.25 * 0.0 - 0.5 * s2 * 2.0, rel=1e-6)
    assert syn1[1, 0] == pytest.approx(0.25, rel=1e-6)
    assert syn1[2, 0] == pytest.approx(2.0 - 0.5 * s2, rel=1e-6)


def test_stream_chunk_matches_sequential_reference():
    """With no subsampling, window 1 and all noise on one word, every draw is known."""
    rng = np.random.default_rng(1)
    V, d, K = 6, 5, 2
    noise_word = V - 1  # never in the stream, so never equal to a centre word
    tokens = np.array([0, 1, 2, 1, -1, 3, 4, 0, -1, 2], dtype=np.int32)
    syn0 = rng.normal(scale=0.3, size=(V, d)).astype(np.float32)
    syn1 = rng.normal(scale=0.3, size=(V, d)).astype(np.float32)
    noise_p = np.zeros(V)
    noise_p[noise_word] = 1.0
    noise = build_alias_table(noise_p)
    keep = np.ones(V)
    a0, a1 = 0.2, 0.1
    W_in, W_out = syn0.copy(), syn1.copy()
    want_loss, want_pairs = 0.0, 0
    for t, w in enumerate(tokens):
        if w < 0:
            continue
        ctx = [tokens[q] for q in (t - 1, t + 1) if 0 <= q < len(tokens) and tokens[q] >= 0]
        if not ctx:
            continue
        alpha = a0 + (a1 - a0) * t / (len(tokens) - 1)
        W_in, W_out, loss = reference_update(W_in, W_out, np.array(ctx),
                                             np.array([w] + [noise_word] * K), alpha)
        want_loss += loss
        want_pairs += len(ctx)
    stats = train_stream_chunk(tokens, syn0, syn1, keep, noise, np.array([1, K, a0, a1]),
                               0, 0)
    assert stats[1] == want_pairs == 10 and stats[2] == 8
    assert stats[0] == pytest.approx(want_loss, rel=1e-5)
    np.testing.assert_allclose(syn0, W_in, atol=1e-5)
    np.testing.assert_allclose(syn1, W_out, atol=1e-5)


# ---------------------------------------------------------------- estimator

DOCS = ["the cat sat on the mat", "the dog sat on the rug", "a cat and a dog"] * 40


def _small(**kw):
    params = dict(n_components=8, min_count=1, sample=0, epochs=3, random_state=0)
    params.update(kw)
    return SGNSEmbedding(**params)


def test_fit_documents_basic_attributes():
    m = _small().fit(DOCS)
    assert m.embedding_.shape == (9, 8) and m.embedding_.dtype == np.float32
    assert m.words_[0] == "the"  # most frequent first
    assert m.output_embedding_.shape == (9, 8)
    assert m.n_pairs_ > 0 and m.corpus_words_ == 680 and not m.interrupted_
    assert m.word_counts_[0] == 160
    h = m.history_
    assert h["step"][-1] == m.n_pairs_ and np.all(np.diff(h["step"]) > 0)
    assert h["loss"].shape == h["step"].shape == h["alpha"].shape
    assert h["singular_values"].shape == (0, 8)


def test_determinism_with_one_thread():
    a = _small(sample=1e-2).fit(DOCS).embedding_
    b = _small(sample=1e-2).fit(DOCS).embedding_
    c = _small(sample=1e-2, random_state=1).fit(DOCS).embedding_
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_encoded_corpus_and_documents_agree(tmp_path):
    path = tmp_path / "docs.txt"
    path.write_text("\n".join(DOCS) + "\n")
    a = _small().fit(DOCS).embedding_
    b = _small().fit(encode_corpus(DOCS)).embedding_
    c = _small().fit(path).embedding_
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a, c)


def test_vocabulary_limits():
    m = _small(min_count=41).fit(DOCS)
    assert set(m.words_) == {"the", "cat", "sat", "on", "dog", "a"}
    m = _small(max_vocab_size=3).fit(DOCS)
    assert list(m.words_) == ["the", "a", "cat"]


def test_tied_and_init_scale():
    m = _small(tied=True).fit(DOCS)
    assert m.output_embedding_ is m.embedding_
    m = _small(init_scale=1e-3, snapshot_steps=[0], n_singular_values=3).fit(DOCS)
    first = m.history_["singular_values"][0]
    # Gaussian entries of std 1e-3 / sqrt(8): singular values ~ 1e-3 * sqrt(V / d).
    assert first.shape == (3,) and 1e-4 < first[0] < 1e-2
    assert m.history_["singular_values"][-1][0] > 10 * first[0]  # it grew


def test_history_snapshots_and_callback():
    seen = []

    def callback(est, step, embedding):
        seen.append((step, embedding.shape))

    m = _small(snapshot_steps=4, record_embeddings=True, callback=callback,
               n_singular_values=2).fit(DOCS)
    h = m.history_
    assert h["snapshot_step"][0] == 0 and h["snapshot_step"][-1] == m.n_pairs_
    assert len(h["snapshot_step"]) == len(seen) == len(h["embeddings"])
    assert h["singular_values"].shape == (len(seen), 2)
    np.testing.assert_array_equal(h["embeddings"][-1], m.embedding_)
    assert [s for s, _ in seen] == list(h["snapshot_step"])


def test_callback_returning_true_stops():
    m = _small(epochs=20, snapshot_steps=[0, 1], callback=lambda e, s, w: s > 0).fit(DOCS)
    full = _small(epochs=20).fit(DOCS)
    assert m.interrupted_ and 0 < m.n_pairs_ < full.n_pairs_ / 2
    assert np.all(np.isfinite(m.embedding_))


def test_keyboard_interrupt_keeps_model():
    calls = []

    def callback(est, step, embedding):
        calls.append(step)
        if len(calls) == 2:
            raise KeyboardInterrupt

    for n_jobs in (1, 2):
        calls.clear()
        with pytest.warns(UserWarning, match="interrupted"):
            m = _small(epochs=30, snapshot_steps=[0, 1], callback=callback,
                       n_jobs=n_jobs).fit(DOCS)
        assert m.interrupted_ and m.n_pairs_ > 0
        assert m.most_similar("cat", topn=1)  # a usable model
        assert np.all(np.isfinite(m.embedding_))


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_ctrl_c_during_fit_keeps_model(n_jobs, monkeypatch):
    """A real SIGINT to the main thread (what Ctrl-C does) while chunks are training.

    Sent after the third chunk (so never during compilation and never after the
    end): with n_jobs=2 it reaches the main thread while it waits on the workers.
    """
    import signal
    import threading

    from skw2v.estimators import _sgns

    main, calls, kernel = threading.main_thread().ident, [], _sgns.train_stream_chunk

    def kernel_then_ctrl_c(*args):
        out = kernel(*args)
        calls.append(1)
        if len(calls) == 3:
            signal.pthread_kill(main, signal.SIGINT)
        return out

    monkeypatch.setattr(_sgns, "train_stream_chunk", kernel_then_ctrl_c)
    # a job started in the background by a non-interactive shell inherits SIGINT
    # ignored, and Python then installs no KeyboardInterrupt handler: install it
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    docs = [" ".join(f"w{(i * 7 + j) % 50}" for j in range(200)) for i in range(200)]
    est = _small(n_components=16, epochs=50, n_jobs=n_jobs)
    try:
        with pytest.warns(UserWarning, match="interrupted"):
            est.fit(docs)
    finally:
        signal.signal(signal.SIGINT, previous)
    # stopped at once: only the chunks already in flight finish (of 50, one per epoch)
    assert est.interrupted_ and 3 <= len(calls) <= 3 + 2 * n_jobs and est.n_pairs_ > 0
    assert est.embedding_.shape == (50, 16) and np.all(np.isfinite(est.embedding_))


@pytest.mark.parametrize("param, value", [
    ("n_components", 0), ("window", 0), ("negative", 0), ("epochs", 0),
    ("alpha", 0.0), ("alpha", -1.0), ("sample", -1e-3), ("min_count", 0),
])
def test_invalid_parameters(param, value):
    with pytest.raises(ValueError, match=param):
        _small(**{param: value}).fit(DOCS)


def test_errors():
    with pytest.raises(ValueError, match="min_alpha"):
        _small(alpha=0.01, min_alpha=0.1).fit(DOCS)
    with pytest.raises(ValueError, match="co-occurrence matrix only"):
        _small().fit(DOCS, vocabulary=["a"])
    with pytest.raises(TypeError):
        _small().fit(12)
    X = sp.csr_array(np.array([[0.0, 0.2], [0.2, 0.1]]))
    with pytest.raises(ValueError, match="not probabilities"):
        _small().fit(X, vocabulary=["a", "b"])
    with pytest.raises(ValueError, match="carries no words"):
        _small().fit(X * 100)


def test_divergence_names_learning_rate():
    with pytest.raises(TrainingDivergedError, match=r"alpha|learning rate"):
        _small(alpha=1e12, min_alpha=1e12, epochs=2).fit(DOCS)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_kernel_propagates_non_finite_weights(bad):
    # the kernels are compiled without fastmath's no-NaN/no-Inf assumptions, so a
    # non-finite weight gives a non-finite loss or step: what the divergence check reads
    rng = np.random.default_rng(0)
    syn0 = rng.standard_normal((5, 4)).astype(np.float32)
    syn1 = rng.standard_normal((5, 4)).astype(np.float32)
    syn0[1, 2] = bad
    work = np.zeros((4, 4 + 3), dtype=np.float32)
    contexts, targets = np.array([1], np.int32), np.array([0, 3, 4], np.int32)
    loss = sgns_update(syn0, syn1, contexts, 1, targets, 3, 0.1, work)
    assert not (np.isfinite(loss) and np.all(np.isfinite(syn1)))


def test_clone_and_pickle():
    m = _small().fit(DOCS)
    m2 = pickle.loads(pickle.dumps(m))
    np.testing.assert_array_equal(m2.embedding_, m.embedding_)
    assert clone(m).get_params() == m.get_params()


def test_statistics_path_small_matrix():
    X = CooccurrenceVectorizer(window=2, min_count=1, subsample=None).fit_transform(DOCS)
    m = _small(epochs=2).fit(X)
    assert list(m.words_) == list(X.words)
    assert m.n_pairs_ == 2 * round(X.sum())
    np.testing.assert_array_equal(m.word_counts_, X.word_counts)
    # Deterministic with one thread, too.
    np.testing.assert_array_equal(_small(epochs=2).fit(X).embedding_, m.embedding_)
    # A plain array with its vocabulary passed separately.
    m2 = _small(epochs=1).fit(X.toarray(), vocabulary=list(X.words))
    assert m2.embedding_.shape == m.embedding_.shape


# ---------------------------------------------------------------- quality

# one thread: deterministic, so the bars below can sit just under what it measures
QUALITY = dict(n_components=50, sample=1e-4, epochs=2, n_jobs=1, random_state=0)


@pytest.fixture(scope="module")
def sample_corpus():
    return encode_corpus(sample_corpus_path())


def _capital_questions(qs):
    return {k: v for k, v in qs.sections.items() if k in ("capital-common-countries", "family",
                                                 "gram3-comparative", "gram8-plural")}


def _check_quality(model, questions):
    # Frequent words find sensible neighbours ...
    near = {w for w, _ in model.most_similar("french", topn=10)}
    assert near & {"german", "italian", "spanish", "english", "france", "dutch", "russian"}
    near = {w for w, _ in model.most_similar("two", topn=5)}
    assert near & {"three", "four", "five", "six", "one", "seven", "eight"}
    # ... and answer some analogies; random vectors score ~0 on these.
    acc = analogy_accuracy(model, _capital_questions(questions), restrict_vocab=10_000).accuracy
    return acc


@pytest.mark.slow
def test_quality_streaming(sample_corpus, google_analogies):
    acc = _check_quality(SGNSEmbedding(**QUALITY).fit(sample_corpus), google_analogies)
    assert acc > 0.028, acc  # measured 0.0315 (45 of 1430); random vectors score ~0.0001


@pytest.mark.slow
def test_quality_statistics_path_in_a_pipeline(google_analogies):
    pipe = Pipeline([
        ("cooc", CooccurrenceVectorizer(window=5, subsample=1e-4, random_state=0)),
        ("emb", SGNSEmbedding(**QUALITY)),
    ])
    pipe.fit(sample_corpus_path())
    acc = _check_quality(pipe[-1], google_analogies)
    assert acc > 0.023, acc  # measured 0.0259 (37 of 1430); random vectors score ~0.0001


def test_random_vectors_fail_the_quality_bar(google_analogies):
    m = SGNSEmbedding(**QUALITY)
    m._set_embedding(np.array(["the", "french", "two"] + [f"w{i}" for i in range(50)],
                              dtype=object),
                     np.random.default_rng(0).normal(size=(53, 50)))
    with pytest.raises(AssertionError):
        _check_quality(m, google_analogies)
