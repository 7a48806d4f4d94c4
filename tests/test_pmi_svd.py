"""PMISVDEmbedding and the (shifted, positive) PMI matrix."""

import math
import pickle
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from threadpoolctl import threadpool_limits

from skw2v import CooccurrenceMatrix, PMISVDEmbedding
from skw2v.estimators import IsolatedWordWarning
from skw2v.estimators._pmi_svd import pmi_matrix, randomized_svd
from skw2v.scorers import analogy_accuracy


@pytest.fixture(autouse=True, scope="module")
def _one_blas_thread():
    # multi-threaded OpenBLAS slows down 10-20x on the shared, oversubscribed 2 cores
    with threadpool_limits(1, user_api="blas"):
        yield


X3 = np.array([[0.0, 2.0, 1.0], [2.0, 0.0, 1.0], [1.0, 1.0, 0.0]])


def _pmi_by_hand(X, alpha):
    total = X.sum()
    row = X.sum(axis=1)
    col = X.sum(axis=0) ** alpha
    out = {}
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            if X[i, j] > 0:
                out[i, j] = math.log((X[i, j] / total) / ((row[i] / total) * (col[j] / col.sum())))
    return out


@pytest.mark.parametrize("alpha", [1.0, 0.75])
def test_pmi_by_hand(alpha):
    hand = _pmi_by_hand(X3, alpha)
    if alpha == 1.0:  # P_01 = 2/8, P_0 = P_1 = 3/8: log(16/9)
        assert hand[0, 1] == pytest.approx(math.log(16 / 9))
    M = pmi_matrix(sp.csr_array(X3), pmi="pmi", context_smoothing=alpha).toarray()
    for (i, j), v in hand.items():
        assert M[i, j] == pytest.approx(v, rel=1e-12)
    assert M[0, 0] == 0  # unseen pairs are left out (0), not -inf
    P = pmi_matrix(sp.csr_array(X3), pmi="ppmi", context_smoothing=alpha).toarray()
    np.testing.assert_allclose(P, np.maximum(M, 0), rtol=1e-12)
    S = pmi_matrix(sp.csr_array(X3), pmi="sppmi", negative=1.5,
                   context_smoothing=alpha).toarray()
    expected = np.where(M != 0, np.maximum(M - math.log(1.5), 0), 0)
    np.testing.assert_allclose(S, expected, rtol=1e-12, atol=1e-15)


def _cooc(V=80, seed=0):
    rng = np.random.default_rng(seed)
    A = rng.poisson(0.8, (V, V)).astype(float)
    A = A + A.T + np.roll(np.eye(V), 1, axis=1) + np.roll(np.eye(V), -1, axis=1)
    return CooccurrenceMatrix(sp.csr_array(A), words=[f"w{i}" for i in range(V)])


@pytest.mark.parametrize("algorithm", ["randomized", "arpack"])
def test_svd_matches_dense(algorithm):
    X = _cooc()
    d = 5
    est = PMISVDEmbedding(n_components=d, algorithm=algorithm, n_iter=30,
                          random_state=0).fit(X)
    M = pmi_matrix(X).toarray()
    U, s, Vt = np.linalg.svd(M)
    np.testing.assert_allclose(est.singular_values_, s[:d], rtol=1e-6)
    # W = U Sigma^p with the sign of each column fixed (largest |entry| positive)
    Ud = U[:, :d] * np.sign(U[np.argmax(np.abs(U[:, :d]), axis=0), np.arange(d)])
    np.testing.assert_allclose(est.embedding_, Ud * np.sqrt(s[:d]), atol=1e-4)
    with_c = PMISVDEmbedding(n_components=d, algorithm=algorithm, n_iter=30,
                             eigenvalue_power=0.0, add_context=True, random_state=0).fit(X)
    np.testing.assert_allclose(with_c.embedding_, Ud + with_c.components_.T, atol=1e-5)


def test_determinism_clone_pickle():
    X = _cooc()
    a = PMISVDEmbedding(n_components=4, random_state=3).fit(X)
    b = PMISVDEmbedding(n_components=4, random_state=3).fit(X)
    np.testing.assert_array_equal(a.embedding_, b.embedding_)
    assert clone(a).get_params() == a.get_params()
    c = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(c.embedding_, a.embedding_)
    assert a.embedding_.dtype == np.float32


def test_bad_input():
    X = _cooc(V=6)
    words = list(X.words)
    with pytest.raises(ValueError, match=r"n_components\(6\) must be < the vocabulary size"):
        PMISVDEmbedding(n_components=6).fit(X)
    with pytest.raises(ValueError, match="square"):
        PMISVDEmbedding(n_components=2).fit(X.toarray()[:, :4], vocabulary=words)
    with pytest.raises(ValueError, match="negative"):
        PMISVDEmbedding(n_components=2).fit(-X.toarray(), vocabulary=words)
    with pytest.raises(ValueError, match="NaN"):
        PMISVDEmbedding(n_components=2).fit(X.toarray() * np.nan, vocabulary=words)
    with pytest.raises(ValueError, match="vocabulary has 5 words"):
        PMISVDEmbedding(n_components=2).fit(X.toarray(), vocabulary=words[:5])
    # a shift above every PMI leaves nothing to factorise
    with pytest.raises(ValueError, match="all zeros"):
        PMISVDEmbedding(n_components=2, pmi="sppmi", negative=1e6).fit(X)


@pytest.mark.slow
@pytest.mark.parametrize("algorithm", ["randomized", "arpack"])
def test_a_word_whose_pairs_the_shift_clips_all_gets_a_zero_vector_with_a_warning(algorithm):
    # Total 8, row sums 3, 3, 2 (context_smoothing=1): P_ab / (P_a P_b) = (2/8) / (3/8)^2
    # = 16/9, P_ac / (P_a P_c) = (1/8) / (3/8 * 2/8) = 4/3, and the same for bc. A shift
    # of log 1.5 keeps ab (log 16/9 = 0.575 > 0.405) and clips both of c's pairs.
    X = np.array([[0, 2, 1], [2, 0, 1], [1, 1, 0]], float)
    est = PMISVDEmbedding(1, pmi="sppmi", negative=1.5, context_smoothing=1.0,
                          algorithm=algorithm, random_state=0)
    with pytest.warns(IsolatedWordWarning, match=r"^1 of 3 words have no pair whose PMI is "
                      r"above log negative = 0\.405 \('c'\): pmi='sppmi' clips"):
        est.fit(X, vocabulary=["a", "b", "c"])
    assert not est.wv["c"].any() and est.wv["a"].any() and est.wv["b"].any()
    # Unshifted, every pair of c has positive PMI: no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        PMISVDEmbedding(1, context_smoothing=1.0, algorithm=algorithm,
                        random_state=0).fit(X, vocabulary=["a", "b", "c"])


def test_quality_on_sample(sample_cooccurrence):  # conftest: the sample counted once
    est = PMISVDEmbedding(n_components=50, random_state=0).fit(sample_cooccurrence)
    res = analogy_accuracy(est.wv, restrict_vocab=2000)
    # measured 0.469 (221 of 471 questions); a random embedding scores ~0
    assert res.n_questions > 400
    assert res.accuracy > 0.45


def _sparse_low_rank(m=60, n=50, rank=8, seed=0):
    rng = np.random.default_rng(seed)
    A = (rng.standard_normal((m, rank)) * np.geomspace(10, 1, rank)) @ rng.standard_normal((rank, n))
    A[rng.random((m, n)) < 0.3] = 0.0  # sparse, and no longer exactly low rank
    return sp.csr_array(A)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_randomized_svd_matches_dense(n_jobs):
    A = _sparse_low_rank()
    U, s, Vt = randomized_svd(A, 6, n_oversamples=20, n_iter=8, random_state=0,
                               n_jobs=n_jobs)
    assert U.dtype == Vt.dtype == np.float32 and s.dtype == np.float64
    U, Vt = U.astype(np.float64), Vt.astype(np.float64)
    s_ref = np.linalg.svd(A.toarray(), compute_uv=False)[:6]
    np.testing.assert_allclose(s, s_ref, rtol=1e-5)  # float32 products
    np.testing.assert_allclose(U.T @ U, np.eye(6), atol=1e-6)
    np.testing.assert_allclose(Vt @ Vt.T, np.eye(6), atol=1e-5)
    np.testing.assert_allclose(U * s @ Vt, A.toarray() @ Vt.T @ Vt, atol=1e-4 * s[0])
    again = randomized_svd(A, 6, n_oversamples=20, n_iter=8, random_state=0,
                           n_jobs=n_jobs)
    np.testing.assert_array_equal(again[1], s)  # deterministic for a seed


def test_randomized_svd_lower_rank_than_block():
    # rank 3 < n_components + n_oversamples: Cholesky QR fails, Householder takes over
    rng = np.random.default_rng(1)
    A = sp.csr_array(rng.random((40, 3)) @ rng.random((3, 30)))
    U, s, Vt = randomized_svd(A, 5, n_oversamples=20, n_iter=2, random_state=0)
    U, Vt = U.astype(np.float64), Vt.astype(np.float64)
    s_ref = np.linalg.svd(A.toarray(), compute_uv=False)
    np.testing.assert_allclose(s[:3], s_ref[:3], rtol=1e-5)
    assert np.all(s[3:] < 1e-4 * s[0]) and np.all(np.isfinite(U)) and np.all(np.isfinite(Vt))
    np.testing.assert_allclose(U.T @ U, np.eye(5), atol=1e-6)


@pytest.mark.parametrize("n_jobs, threads", [(None, 1), (1, 1), (2, 2)])
def test_randomized_svd_dense_work_uses_n_jobs_blas_threads(monkeypatch, n_jobs, threads):
    # n_jobs means the fit's threads: the numba products' and the BLAS work's.
    from skw2v.estimators import _pmi_svd as pmi_module
    asked, real = [], pmi_module.threadpool_limits

    def spy(limits, user_api=None):
        asked.append(limits)
        return real(limits, user_api=user_api)

    monkeypatch.setattr(pmi_module, "threadpool_limits", spy)
    monkeypatch.setattr(pmi_module, "n_threads", lambda n: {None: 1, 1: 1, 2: 2}[n])
    randomized_svd(_sparse_low_rank(), 4, n_oversamples=4, n_iter=1, random_state=0,
                   n_jobs=n_jobs)
    assert asked == [threads]


def test_n_jobs_does_not_change_the_embedding():
    X = _cooc()
    a = PMISVDEmbedding(n_components=4, random_state=0, n_jobs=1).fit(X)
    b = PMISVDEmbedding(n_components=4, random_state=0, n_jobs=2).fit(X)
    np.testing.assert_allclose(a.embedding_, b.embedding_, atol=1e-6)
    with pytest.raises(ValueError, match="n_jobs"):
        PMISVDEmbedding(n_jobs=1.5).fit(X)


def _pmi_numpy(X, pmi, negative, alpha):
    """pmi_matrix's former numpy path: nnz-long gathers, then eliminate_zeros."""
    A = sp.csr_array(X, dtype=np.float64, copy=True)
    A.sum_duplicates()
    A.eliminate_zeros()
    total = A.sum()
    row = np.asarray(A.sum(axis=1)).ravel() / total
    col = np.asarray(A.sum(axis=0)).ravel()
    col = col / col.max()
    col = np.where(col > 0, col, 0.0) ** alpha
    col /= col.sum()
    rows = np.repeat(np.arange(A.shape[0]), np.diff(A.indptr))
    with np.errstate(divide="ignore"):
        log_row, log_col = np.log(row), np.log(col)
    values = np.log(A.data)
    values -= np.log(total)
    values -= log_row[rows]
    values -= log_col[A.indices]
    if pmi == "sppmi":
        values -= np.log(negative)
    if pmi != "pmi":
        values = np.maximum(values, 0.0)
    M = sp.csr_array((values, A.indices, A.indptr), shape=A.shape)
    M.eliminate_zeros()
    return M


@pytest.mark.parametrize("pmi", ["ppmi", "pmi", "sppmi"])
@pytest.mark.parametrize("alpha", [1.0, 0.75])
def test_pmi_kernel_equals_numpy_exactly(pmi, alpha):
    rng = np.random.default_rng(4)
    C = rng.poisson(0.7, (60, 60)).astype(float)
    C[3] = 0  # an empty row and column
    C[:, 3] = 0
    X = sp.coo_array(C + C.T)
    # a duplicate entry and an explicit zero, summed / dropped by the canonical form
    X = sp.coo_array((np.r_[X.data, 2.0, 0.0], (np.r_[X.row, 0, 1], np.r_[X.col, 1, 2])),
                     shape=X.shape).tocsr()
    before = X.copy()
    M = pmi_matrix(X, pmi=pmi, negative=3, context_smoothing=alpha)
    ref = _pmi_numpy(X, pmi, 3, alpha)
    for name in ("indptr", "indices", "data"):
        np.testing.assert_array_equal(getattr(M, name), getattr(ref, name))
    assert M.has_sorted_indices and np.all(M.data != 0) and np.all(np.isfinite(M.data))
    for name in ("indptr", "indices", "data"):  # the input is left as it was
        np.testing.assert_array_equal(getattr(X, name), getattr(before, name))


@pytest.mark.parametrize("passes", [1, 2])
def test_orthonormal_spans_the_block(passes):
    from skw2v.estimators._pmi_svd import _orthonormal

    rng = np.random.default_rng(0)
    Y = (rng.standard_normal((500, 30)) * np.geomspace(100, 1, 30)).astype(np.float32)
    Q = _orthonormal(Y, passes=passes)
    assert Q.dtype == np.float32 and Q.shape == Y.shape
    err = np.abs(Q.T.astype(np.float64) @ Q - np.eye(30)).max()
    assert err < (1e-5 if passes == 2 else 1e-2)
    # Y lies in the span of Q
    Y64 = Y.astype(np.float64)
    Q64 = np.linalg.qr(Q.astype(np.float64))[0]
    assert np.abs(Y64 - Q64 @ (Q64.T @ Y64)).max() < 1e-5 * np.abs(Y64).max()
    # rank-deficient: Householder keeps the width, orthonormal
    R = _orthonormal(np.repeat(Y[:, :3], 10, axis=1), passes=passes)
    assert R.shape == (500, 30) and np.abs(R.T @ R - np.eye(30)).max() < 1e-5


def test_fit_built_equals_fit_bit_for_bit():
    # The matrix CooccurrenceVectorizer builds is what check_cooccurrence would
    # return (canonical, symmetric, positive), so _fit_built, which skips
    # the checks, gives fit's embedding bit for bit and leaves the matrix as it was.
    from skw2v import CooccurrenceVectorizer
    from skw2v.statistics import check_cooccurrence

    rng = np.random.default_rng(0)
    words = np.array([f"w{i}" for i in range(60)])
    docs = [" ".join(words[np.minimum(rng.zipf(1.3, size=40), 60) - 1]) for _ in range(80)]
    for params in ({"window": 10, "subsample": 1e-2, "random_state": 0},
                   {"window": 30, "weighting": "harmonic", "subsample": None},
                   {"window": 3, "weighting": "linear", "subsample": None}):
        X = CooccurrenceVectorizer(min_count=1, **params).fit_transform(docs)
        A, _, _ = check_cooccurrence(X)
        assert X.has_canonical_format and X.dtype == np.float64 and np.all(X.data > 0)
        np.testing.assert_array_equal(A.toarray(), X.toarray())
        # symmetric: exactly with integer window weights, to rounding with float ones
        assert abs(X - X.T).max() <= 1e-12 * X.max()
        before = X.copy()
        a = PMISVDEmbedding(n_components=6, random_state=0).fit(X)
        b = PMISVDEmbedding(n_components=6, random_state=0)._fit_built(X)
        for name in ("embedding_", "singular_values_", "components_"):
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
        assert b.words_.tolist() == a.words_.tolist()
        np.testing.assert_array_equal(X.toarray(), before.toarray())
    with pytest.raises(ValueError, match="n_components"):
        PMISVDEmbedding(n_components=60)._fit_built(X)


def test_randomized_svd_takes_its_accuracy_from_the_caller(monkeypatch):
    # No defaults of its own that could contradict PMISVDEmbedding's (10 / 100).
    import skw2v.estimators._pmi_svd as pmi_module

    A = sp.random(40, 40, density=0.3, random_state=0, format="csr")
    with pytest.raises(TypeError, match="n_oversamples"):
        randomized_svd(A, 3, n_iter=2)
    with pytest.raises(TypeError, match="n_iter"):
        randomized_svd(A, 3, n_oversamples=5)
    seen = []
    real = pmi_module.randomized_svd
    monkeypatch.setattr(pmi_module, "randomized_svd",
                        lambda *a, **kw: seen.append((kw["n_iter"], kw["n_oversamples"]))
                        or real(*a, **kw))
    rng = np.random.default_rng(0)
    C = rng.poisson(2.0, size=(150, 150))
    est = PMISVDEmbedding(n_components=4, random_state=0)
    est.fit(C + C.T, vocabulary=[f"w{i}" for i in range(150)])
    assert seen == [(est.n_iter, est.n_oversamples)] == [(10, 100)]


def test_gram64_is_the_float64_gram_over_row_blocks():
    from skw2v.estimators._pmi_svd import _gram64

    B = np.random.default_rng(3).standard_normal((1000, 7)).astype(np.float32)
    B64 = B.astype(np.float64)
    for rows in (1, 64, 999, 1000, 4096):
        G = _gram64(B, rows=rows)
        assert G.dtype == np.float64
        np.testing.assert_allclose(G, B64.T @ B64, rtol=1e-12, atol=1e-10)
