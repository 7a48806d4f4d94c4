"""Where an EmbeddingVectorizer's word vectors come from.

``embedding=`` may be ``None`` (learn them on the fit documents with the
default recipe), an unfitted skw2v estimator or ``Pipeline`` (cloned, then
fitted on the documents), a fitted one, a :class:`~skw2v.WordVectors`, or the
path of a word2vec / GloVe vectors file. This module turns each of them into
a :class:`~skw2v.WordVectors`, and learns vectors through an optional
:class:`joblib.Memory`, so that a grid over the pooling or over a downstream
model's parameters does not learn the same vectors twice.
"""

import gzip
import inspect
import os
import warnings

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted, check_memory

from .._inputs import gensim_vectors
from .._sparse import stored_rows
from .._validation import SubsamplingError
from .._vectors import WordVectors
from .._warnings import warn
from .._words import name_some
from ..estimators import IsolatedWordWarning, PMISVDEmbedding
from ..statistics import CooccurrenceVectorizer

__all__ = [
    "TOKENIZATION_PARAMS",
    "default_n_components",
    "default_svd",
    "default_recipe",
    "learn_word_vectors",
    "resolve_embedding",
    "svd_work",
]

# The parameters that decide how text becomes tokens, shared with CooccurrenceVectorizer.
TOKENIZATION_PARAMS = ("lowercase", "token_pattern", "tokenizer", "encoding", "decode_error")

DEFAULT_N_COMPONENTS = 600  # the automatic dimension's floor (and the recipe's own)
N_OVERSAMPLES = 20  # its extra vectors (PMISVDEmbedding's 100 are for analogy-grade vectors)
PRODUCT_COLUMNS = 1280  # the randomized SVD's budget: block width x (n_iter + 1)

# The automatic dimension (n_components=None, see default_svd): the SVD work
# of d = 600 on 20 Newsgroups' counts (2.16 M tokens, V = 30,000 words,
# 9.7 M stored pairs), spent on whatever corpus is given.
REFERENCE_TOKENS, REFERENCE_WORDS, REFERENCE_PAIRS = 2_200_000, 30_000, 10_000_000
DIMENSION_STEP = 50
VOCABULARY_SHARE = 0.9
MAX_N_COMPONENTS = 2000  # n_documents x d float32 features: 8 kB per document
# The cost model of the recipe's randomized_svd in units of one dense
# multiply-add over a V x k x k block: a sparse product costs SPARSE_WORK per
# stored pair and column, the k x k eigendecomposition EIGH_WORK per k^3.
# Least-squares fit to 9 timed SVDs (20 Newsgroups d = 300-1,200, rt-polarity
# d = 600-3,000) within 6 % of each (benchmarks/RESULTS.md, session 15).
SPARSE_WORK = 4.7
EIGH_WORK = 3.3


def recipe_n_iter(n_components):
    """Power iterations of the recipe's randomized SVD at ``n_components``.

    The sparse products cost about their block width k = n_components +
    N_OVERSAMPLES times the 2 (n_iter + 1) products, so the recipe keeps
    ``k (n_iter + 1)`` near ``PRODUCT_COLUMNS``: 3 iterations at d = 300, 1 at
    d = 600, never 0 (the range of one random product measured 3-4 points
    worse alone on both labelled sets) and at most 5 (within 0.3 points of
    5 already at 3). Measured on 20 Newsgroups / rt-polarity (10 folds),
    alone with ``LogisticRegression(C=10)``: d = 300 with 1 / 3 iterations
    0.682 / 0.687 and 0.738 / 0.747; d = 600 with 1 / 2 iterations 0.690 /
    0.692 and 0.752 / 0.758 (5 folds) for about 1 s more on 20 Newsgroups
    (``benchmarks/RESULTS.md``, "Document vectors, session 14").
    """
    k = n_components + N_OVERSAMPLES
    return min(5, max(1, round(PRODUCT_COLUMNS / k) - 1))


def svd_work(n_words, n_pairs, n_components, n_iter):
    """Estimated work of the recipe's randomized SVD (see ``SPARSE_WORK``).

    Parameters
    ----------
    n_words : int
        Words that co-occur (the PPMI matrix is ``n_words`` square).
    n_pairs : int
        Stored pairs of the co-occurrence matrix (the PPMI keeps nearly all).
    n_components, n_iter : int

    Returns
    -------
    float
        ``SPARSE_WORK nnz k (n_iter + 1) + V k^2 (n_iter + 3) + EIGH_WORK k^3``
        with ``k = n_components + N_OVERSAMPLES``: 2 (n_iter + 1) sparse
        products, ``n_iter + 3`` dense passes over the V x k block (the
        orthonormalisations, the Gram matrix, the two output products) and the
        small eigendecomposition.
    """
    k = min(n_components + N_OVERSAMPLES, n_words)
    return (SPARSE_WORK * n_pairs * k * (n_iter + 1) + n_words * k * k * (n_iter + 3)
            + EIGH_WORK * k ** 3)


WORK_BUDGET = svd_work(REFERENCE_WORDS, REFERENCE_PAIRS, DEFAULT_N_COMPONENTS,
                       recipe_n_iter(DEFAULT_N_COMPONENTS))


def default_svd(n_words, n_pairs, n_tokens=0):
    """Dimension and power iterations of ``EmbeddingVectorizer(n_components=None)``.

    Alone, pooled vectors gain accuracy with every dimension up to about the
    vocabulary (with orthonormal vectors and d = V they are TF-IDF rotated),
    and the dimension a task needs is unknown without labels: 20 Newsgroups
    reached TF-IDF at 600, rt-polarity's sentences at about 1,300. So the
    recipe spends a budget of SVD work rather than a fixed dimension. The
    budget is :func:`svd_work` of d = 600 with one power iteration on 20
    Newsgroups' counts (``WORK_BUDGET``), scaled up by the corpus's tokens
    over 20 Newsgroups' when there are more (the time of word2vec, the
    learner it must stay a fifth of, grows with the tokens), never down.

    - 2 power iterations and the largest d the budget then allows, when that
      is at least 600 (on an rt-polarity training fold, V = 9,453 and
      0.77 M pairs: d = 1,300; at the same budget 1,400-1,450 with 1
      iteration and 1,150 with 3 measured 0.4 and 0.25 points lower alone;
      at d = 600 a second iteration gave +0.2 / +0.6 points on 20
      Newsgroups / rt-polarity);
    - otherwise 1 iteration and the largest such d, at least 600 (20
      Newsgroups: 600);
    - never more than ``VOCABULARY_SHARE`` of the co-occurring words (on
      training sets of 300-1,200 sentences 0.75-0.95 of them measured best;
      there :func:`recipe_n_iter` of that d), nor ``MAX_N_COMPONENTS``
      (the document vectors' memory).

    d moves in steps of ``DIMENSION_STEP``.

    Parameters
    ----------
    n_words : int
        Words that co-occur with some word.
    n_pairs : int
        Stored pairs of the co-occurrence matrix.
    n_tokens : int, default=0
        Tokens of the corpus (known or not).

    Returns
    -------
    n_components, n_iter : int
    """
    cap = min(int(VOCABULARY_SHARE * n_words), MAX_N_COMPONENTS)
    if cap < DEFAULT_N_COMPONENTS:
        d = max(1, cap)
        return d, recipe_n_iter(d)
    budget = WORK_BUDGET * max(1.0, n_tokens / REFERENCE_TOKENS)
    d = DEFAULT_N_COMPONENTS
    n_iter = 2 if svd_work(n_words, n_pairs, d, 2) <= budget else 1
    while d + DIMENSION_STEP <= cap and \
            svd_work(n_words, n_pairs, d + DIMENSION_STEP, n_iter) <= budget:
        d += DIMENSION_STEP
    return d, n_iter


def default_n_components(n_words, n_pairs, n_tokens=0):
    """The dimension ``EmbeddingVectorizer(n_components=None)`` learns on these counts.

    The first value of :func:`default_svd` (which says how it is chosen):
    600 on 20 Newsgroups, 1,300 on an rt-polarity training fold, more on
    corpora with more tokens than 20 Newsgroups', 90 % of a vocabulary of
    fewer than 667 words. The parameters are :func:`default_svd`'s.
    """
    return default_svd(n_words, n_pairs, n_tokens)[0]


def default_recipe(n_components, *, max_vocab_size, min_count, tokenization,
                   random_state, n_jobs):
    """The closed-form recipe ``embedding=None`` fits (measured in benchmarks/RESULTS.md).

    Shifted PPMI + SVD (``max(PMI - log 5, 0)``, Levy & Goldberg 2014's
    counterpart of word2vec's 5 negative samples; context smoothing 0.75,
    eigenvalue power 1/2) on harmonic-window counts (window 10, frequency
    subsampling 1e-4), with the vocabulary cut at ``max_vocab_size``. The
    shift keeps 62 % of 20 Newsgroups' PPMI entries, so the SVD's sparse
    products are cheaper (whole fit 5 to 18 % faster), and on the four labelled sets
    measured it is never worse than the unshifted PPMI beyond noise and
    better at ``C = 1`` everywhere (alone, ``LogisticRegression`` C = 1 / 10:
    20 Newsgroups 0.682 / 0.691 against 0.671 / 0.692, with headers 0.812 /
    0.830 against 0.805 / 0.830, rt-polarity 0.764 / 0.771 against 0.756 /
    0.769; beside TF-IDF 0.717 / 0.858 / 0.779 against 0.710 / 0.859 /
    0.779; ``benchmarks/RESULTS.md``, "Document vectors, session 17"); a
    shift of log 10 is worse. Unshifted, on 20 Newsgroups it measured 0.683
    against QWEM's 0.662 on the same counts (tfidf pooling, V = 30k, d = 300),
    and 0.750 against 0.740 on an rt-polarity fold. The randomized SVD does
    :func:`recipe_n_iter` power iterations with ``N_OVERSAMPLES`` extra
    vectors, not ``PMISVDEmbedding``'s 10 and 100 (which make its analogies the
    exact SVD's). ``DEFAULT_N_COMPONENTS`` is 600 with 1 iteration rather than
    300 with 3: the same sparse-product budget, and alone 0.690 against 0.687
    on 20 Newsgroups (TF-IDF + LR 0.690) and 0.754 against 0.747 on
    rt-polarity's 10 folds (TF-IDF 0.770), beside TF-IDF 0.710 / 0.779
    against 0.711 / 0.778. ``EmbeddingVectorizer(n_components=None)`` builds
    it at 600 and then, once the counts are known, sets the dimension and
    the power iterations :func:`default_svd` chooses.
    """
    n_components = n_components or DEFAULT_N_COMPONENTS
    return Pipeline([
        ("cooccurrencevectorizer", CooccurrenceVectorizer(
            window=10, weighting="harmonic", subsample=1e-4, min_count=min_count,
            max_vocab_size=max_vocab_size, n_jobs=n_jobs, random_state=random_state,
            **tokenization)),
        ("pmisvdembedding", PMISVDEmbedding(
            n_components=n_components, pmi="sppmi", negative=5,
            n_iter=recipe_n_iter(n_components),
            n_oversamples=N_OVERSAMPLES, random_state=random_state, n_jobs=n_jobs)),
    ])


def _is_fitted(estimator):
    try:
        check_is_fitted(estimator[-1] if isinstance(estimator, Pipeline) else estimator)
    except NotFittedError:
        return False
    return True


def _fitted_vectors(estimator):
    """WordVectors of a fitted estimator or Pipeline (its last step)."""
    last = estimator[-1] if isinstance(estimator, Pipeline) else estimator
    wv = getattr(last, "wv", None)
    if not isinstance(wv, WordVectors):
        raise TypeError(
            f"embedding={estimator!r} is fitted but has no word vectors (no `wv`); pass a "
            "skw2v embedding estimator, a Pipeline ending in one, WordVectors or a vectors "
            "file path."
        )
    return wv


def _check_tokenization(step, tokenization, name):
    """The step must tokenise as the EmbeddingVectorizer does."""
    params = step.get_params(deep=False)
    for key, ours in tokenization.items():
        if key in params and params[key] != ours:
            raise ValueError(
                f"The embedding's {name} tokenises with {key}={params[key]!r} but the "
                f"EmbeddingVectorizer with {key}={ours!r}: documents would be split "
                f"differently for learning and for pooling. Set {key}={params[key]!r} on "
                "the EmbeddingVectorizer, or the same value on the embedding."
            )


def _trainable(embedding, n_components, tokenization, recipe):
    """A fresh unfitted estimator that learns word vectors from documents.

    Returns
    -------
    estimator : estimator or Pipeline
    built : bool
        Whether the Pipeline was assembled here (the default recipe's
        vectorizer and an estimator), not given by the user.
    """
    if embedding is None:
        return default_recipe(n_components, tokenization=tokenization, **recipe), True
    est = clone(embedding)
    last = est[-1] if isinstance(est, Pipeline) else est
    if not hasattr(last, "n_components"):
        raise TypeError(
            f"embedding={embedding!r} does not learn word vectors (no n_components); pass "
            "a skw2v embedding estimator such as QWEMEmbedding or SGNSEmbedding."
        )
    if n_components is not None:
        last.set_params(n_components=n_components)
    if isinstance(est, Pipeline):
        for name, step in est.steps[:-1]:
            _check_tokenization(step, tokenization, name)
        return est, False
    if "token_pattern" in last.get_params(deep=False):
        # Reads documents itself (SGNSEmbedding's streaming path).
        _check_tokenization(last, tokenization, type(last).__name__)
        return est, False
    # Fits on a co-occurrence matrix: counted with the default recipe's vectorizer.
    pipe = default_recipe(None, tokenization=tokenization, **recipe)
    return Pipeline([pipe.steps[0], (type(last).__name__.lower(), est)]), True


def _fit_vectors(estimator, X, file_stamp, built=False, auto_dimension=False):
    """Fit ``estimator`` on the documents and return its WordVectors.

    ``file_stamp`` only keys the cache (a corpus file's size and mtime).
    ``built``: the estimator is a Pipeline assembled by :func:`_trainable`.
    ``auto_dimension``: it is the default recipe and nobody chose its
    dimension, so :func:`default_svd` sets it and the power iterations from
    the counts.

    Returns
    -------
    wv : WordVectors
    isolated : ndarray of bool of shape (len(wv),) or None
        The words that co-occur with no word in the counts, when the counts
        pass through here (``built``); None when the estimator was the user's.
    """
    del file_stamp
    if not built:
        return _fitted_vectors(estimator.fit(X)), None
    # Pipeline.fit's work, one step at a time so the counts can be looked at.
    vectorizer, embedding = estimator.steps[0][1], estimator.steps[-1][1]
    try:
        counts = vectorizer.fit_transform(X)
    except SubsamplingError:
        # The vectorizer's advice names its own subsample=, which the recipe
        # sets and EmbeddingVectorizer does not expose.
        raise ValueError(
            f"The word vectors are counted with word2vec's frequency subsampling "
            f"(subsample={vectorizer.subsample!r}), which discards nearly every "
            "occurrence of the words of a corpus this small: nothing is left that "
            "co-occurs. Fit on more text, pass pretrained vectors (embedding=<a "
            "vectors file or WordVectors>), or count without subsampling: "
            "embedding=make_pipeline(CooccurrenceVectorizer(subsample=None, "
            f"token_pattern={vectorizer.token_pattern!r}), "
            f"{type(embedding).__name__}(n_components=...))."
        ) from None
    present = stored_rows(counts)
    if auto_dimension:
        d, n_iter = default_svd(int(np.count_nonzero(present)), int(counts.indptr[-1]),
                                vectorizer.n_tokens_)
        embedding.set_params(n_components=d, n_iter=n_iter)
    if _counts_then_pmisvd(estimator):
        # The counts handed over unchecked: they never leave this function
        # (PMISVDEmbedding._fit_built says why that is safe).
        embedding._fit_built(counts)
    else:
        embedding.fit(counts)
    return _fitted_vectors(estimator), ~present


def _counts_then_pmisvd(estimator):
    """Whether ``estimator`` is ``Pipeline([CooccurrenceVectorizer, PMISVDEmbedding])``."""
    return (isinstance(estimator, Pipeline) and len(estimator.steps) == 2
            and type(estimator.steps[0][1]) is CooccurrenceVectorizer
            and type(estimator.steps[-1][1]) is PMISVDEmbedding)


def learn_word_vectors(estimator, X, memory, built=False, auto_dimension=False):
    """Fit ``estimator`` on X through ``memory`` (a joblib.Memory, a path or None).

    ``built``: ``estimator`` was assembled by :func:`_trainable` (a Pipeline
    no user code holds); ``auto_dimension``: see :func:`_fit_vectors`, whose
    ``(wv, isolated)`` it returns.
    """
    stamp = None
    if isinstance(X, (str, os.PathLike)) and os.path.isfile(X):
        st = os.stat(X)
        stamp = (os.path.abspath(X), st.st_size, st.st_mtime_ns)
    return check_memory(memory).cache(_fit_vectors)(estimator, X, stamp, built,
                                                    auto_dimension)


def _read_first_line(path):
    with open(path, "rb") as f:
        magic = f.read(2)
    opener = gzip.open if magic == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        return f.readline()


def _has_header(line):
    fields = line.split()
    return len(fields) == 2 and all(f.isdigit() for f in fields)


def load_vectors_file(path):
    """Read a word2vec (text or binary) or GloVe (text, no header) vectors file."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(
            f"embedding={path!r}: no such vectors file. Pass the path of a word2vec or "
            "GloVe file, WordVectors, or a skw2v estimator."
        )
    if os.path.isdir(path):
        raise IsADirectoryError(f"embedding={path!r} is a directory, not a vectors file.")
    try:
        first = _read_first_line(path)
    except OSError as exc:
        raise ValueError(f"embedding={path!r}: cannot read the vectors file: {exc}") from None
    if not _has_header(first):
        if "no_header" not in inspect.signature(WordVectors.load_word2vec_format).parameters:
            raise ValueError(
                f"embedding={path!r}: the first line {first[:60]!r} is not a word2vec "
                "header '<V> <d>', and this version of skw2v reads no GloVe files."
            )
        try:
            return WordVectors.load_word2vec_format(path, no_header=True)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ValueError(
                f"embedding={path!r} does not parse as a GloVe vectors file: {exc}"
            ) from None
    errors = []
    for binary in (False, True):
        try:
            return WordVectors.load_word2vec_format(path, binary=binary)
        except (ValueError, UnicodeDecodeError, EOFError) as exc:
            errors.append(f"as {'binary' if binary else 'text'}: {exc}")
    raise ValueError(
        f"embedding={path!r} does not parse as a word2vec vectors file ("
        + "; ".join(errors) + ")."
    )


def resolve_embedding(embedding, X, *, n_components, tokenization, recipe, memory,
                      corpus=None):
    """WordVectors for ``embedding=``, learning them on X when it asks for it.

    ``corpus``, X already read by :func:`skw2v.statistics.encode_corpus` with
    ``tokenization``, is what a ``Pipeline`` starting with a
    ``CooccurrenceVectorizer`` is fitted on (the documents are not read twice);
    an estimator that reads documents itself (SGNS) gets X.

    Returns
    -------
    wv : WordVectors
    learned : bool
        Whether the vectors were learned on X.
    """
    if isinstance(embedding, (str, os.PathLike)):
        return _check_dimension(load_vectors_file(embedding), n_components, embedding), False
    if isinstance(embedding, WordVectors):
        return _check_dimension(embedding, n_components, embedding), False
    keyed = None if isinstance(embedding, BaseEstimator) else gensim_vectors(embedding)
    if keyed is not None:
        if not len(keyed):
            raise ValueError(
                f"embedding={embedding!r:.60} has no word vectors: train the gensim "
                "model (or fill the KeyedVectors) before passing it."
            )
        return _check_dimension(keyed, n_components, embedding), False
    if embedding is not None and not isinstance(embedding, BaseEstimator):
        raise TypeError(
            f"embedding must be None, a skw2v estimator or Pipeline, WordVectors, gensim "
            f"KeyedVectors or the path of a vectors file; got {type(embedding).__name__} "
            f"({embedding!r:.60})."
        )
    if embedding is not None and _is_fitted(embedding):
        return _check_dimension(_fitted_vectors(embedding), n_components, embedding), False
    est, built = _trainable(embedding, n_components, tokenization, recipe)
    counts_first = isinstance(est, Pipeline) and isinstance(est.steps[0][1],
                                                            CooccurrenceVectorizer)
    source = corpus if corpus is not None and counts_first else X
    auto = embedding is None and n_components is None
    with warnings.catch_warnings():
        # Words without a vector are handled (and warned about) below.
        warnings.simplefilter("ignore", IsolatedWordWarning)
        wv, isolated = learn_word_vectors(est, source, memory, built, auto)
    return _without_zero_vectors(wv, isolated), True


def _without_zero_vectors(wv, isolated=None):
    """Learned vectors without the words that got none (all-zero rows), warning once.

    A word gets a zero vector from every estimator when it co-occurs with no
    other word in the fit documents (after the vectorizer's frequency
    subsampling, which on a corpus of a few thousand tokens can discard
    every occurrence of a word), and from the default recipe's shifted PPMI
    when none of its pairs is more than 5 times as frequent as chance: the
    most frequent, least specific words (on 30 Wikipedia articles about 50 of
    300, 'the', 'of', ...; on all 17 M words of ``enwiki-17m`` 'the' and 'of';
    none of 20 Newsgroups' 30,000). For pooling such a word is no better than
    an unknown one, and for max pooling worse (its zeros would compete with
    the real values), so it leaves the table and its tokens count as out of
    vocabulary (``n_oov_tokens_``). The warning gives each cause its own
    advice when ``isolated`` (the words with no pair in the counts) says
    which words had which: only the first is helped by more text.
    """
    zero = ~np.any(wv.vectors, axis=1)
    n_zero = int(np.count_nonzero(zero))
    if not n_zero:
        return wv
    if n_zero == len(wv):
        raise ValueError(
            f"No word of the fit documents got a word vector (all {n_zero} are zero): "
            "nothing co-occurs. Fit on more text or pass pretrained vectors (embedding=)."
        )
    alone = ("with no co-occurring word ({}): they stand alone, or the counting's "
             "frequency subsampling discarded their pairs, as it does on a corpus of a "
             "few thousand tokens; fit on more text, or pass pretrained vectors "
             "(embedding=<a vectors file or WordVectors>)")
    clipped = ("with no pair above the shift ({}): no word co-occurs with them more than "
               "`negative` times as often as chance, so the shifted PPMI (pmi='sppmi', the "
               "default recipe's) keeps none of their pairs; words this generic add little "
               "to a document's average")
    if isolated is None or isolated.shape != zero.shape:
        # An estimator that counts by itself: which cause is not known here.
        causes = [f"They ({name_some(wv.words[zero])}) co-occur with no other word (they "
                  "stand alone, or the frequency subsampling discarded their pairs: fit on "
                  "more text or pass pretrained vectors), or, under a shifted PPMI, with "
                  "none whose PMI exceeds the shift (log negative)"]
    else:
        lone, generic = zero & isolated, zero & ~isolated
        causes = [f"{np.count_nonzero(group)} " + why.format(name_some(wv.words[group]))
                  for group, why in ((lone, alone), (generic, clipped)) if group.any()]
    warn(
        f"{n_zero} of {len(wv)} words of the fit documents got no vector. "
        + ". ".join(causes) + ". Their tokens count as out of vocabulary "
        "(n_oov_tokens_).",
        UserWarning)
    keep = ~zero
    return WordVectors(wv.words[keep], wv.vectors[keep])


def _check_dimension(wv, n_components, embedding):
    if n_components is not None and n_components != wv.vector_size:
        raise ValueError(
            f"n_components={n_components} but the pretrained embedding {embedding!r:.60} "
            f"has {wv.vector_size} dimensions; n_components only applies when the "
            "vectors are learned in fit (leave it None)."
        )
    return wv
