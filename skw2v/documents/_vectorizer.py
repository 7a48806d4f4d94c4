"""EmbeddingVectorizer: documents -> dense document vectors pooled from word vectors."""

import os
import time
from numbers import Integral, Real

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._vectors import WordVectors, unit_rows
from .._warnings import warn
from ..statistics import encode_corpus
from ._pooling import (
    POOLINGS,
    document_terms,
    fit_word_weights,
    pool,
    remove_projections,
    top_components,
)
from ._sources import TOKENIZATION_PARAMS, resolve_embedding

__all__ = ["EmbeddingVectorizer", "EmptyDocumentWarning"]


class EmptyDocumentWarning(UserWarning):
    """Some documents had no word of the vocabulary: their vectors are zero."""


class EmbeddingVectorizer(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Turn documents into dense vectors pooled from word vectors.

    Each document becomes a weighted average (or a max) of the vectors of
    its words, so any scikit-learn model can take skw2v embeddings as
    features. With the default ``embedding=None`` the word vectors are
    learned, unsupervised, on the documents given to :meth:`fit` (``y`` is
    ignored); an estimator, ``WordVectors`` or a vectors file can be given
    instead. Tokenisation is :class:`~skw2v.CooccurrenceVectorizer`'s, with the
    same parameters.

    Parameters
    ----------
    embedding : None, estimator, Pipeline, WordVectors, gensim KeyedVectors, str or os.PathLike, default=None
        Where the word vectors come from:

        - ``None``: learned on the fit documents with the default recipe
          (shifted PPMI + SVD in closed form on harmonic-window co-occurrence
          counts;
          see ``docs/documents.md``);
        - an unfitted skw2v embedding estimator (``QWEMEmbedding``,
          ``PMISVDEmbedding``, ``SGNSEmbedding``) or a
          ``Pipeline(CooccurrenceVectorizer, estimator)``: cloned and fitted
          on the fit documents (an estimator that needs a co-occurrence
          matrix gets the default recipe's vectorizer);
        - a fitted estimator or Pipeline, a :class:`~skw2v.WordVectors`, a
          gensim ``KeyedVectors`` or trained gensim model (its ``.wv``), or
          the path of a word2vec (text or binary) or GloVe vectors file:
          used as they are; ``fit`` only learns the pooling statistics.
    n_components : int, default=None
        Dimension of the word vectors learned in ``fit``. ``None`` with
        ``embedding=None``: chosen from the counts for a fixed SVD budget
        (:func:`skw2v.documents.default_n_components`): 600 on 20 Newsgroups
        (alone it measured TF-IDF's accuracy there, 0.690), more on smaller
        corpora (1,300 on an rt-polarity fold) and on larger ones as their
        tokens grow, at most 2,000 and 90 % of the co-occurring words;
        ``n_components_`` is the value chosen.
        ``None`` with an estimator: the estimator's own. Must be ``None`` (or
        equal) for pretrained vectors.
    pooling : {"tfidf", "sif", "mean", "max"}, default="tfidf"
        How word vectors become a document vector: ``"mean"`` averages the
        vectors of the known tokens; ``"tfidf"`` weights them by IDF (from the
        fit documents); ``"sif"`` (Arora, Liang & Ma 2017) weights them by
        ``sif_a / (sif_a + p(w))`` with ``p`` the word frequencies of the fit
        documents and removes the projection on the top ``sif_components``
        principal directions of the *fit* documents' vectors (learned in
        ``fit``, never recomputed at transform); ``"max"`` takes the largest
        value per dimension.
    sif_a : float, default=1e-3
        SIF's smoothing ``a``.
    sif_components : int, default=1
        Directions removed by SIF (0 keeps the weighted average as is).
    sublinear_tf : bool, default=False
        Count a word ``1 + log(tf)`` times instead of ``tf`` times.
    norm : {"l2"} or None, default="l2"
        Scale each document vector to unit length (zero rows stay zero).
    weight : float, default=0.5
        Factor applied to every output vector, after ``norm``: the weight of
        these features beside others in a ``FeatureUnion`` (a TF-IDF block's
        rows have unit norm). Before a ``LogisticRegression`` it acts as
        multiplying ``C`` by ``weight ** 2``. 0.5 measured best with
        ``LogisticRegression(C=10)`` on 20 Newsgroups and rt-polarity, alone
        and beside TF-IDF; with ``C=1`` pass ``weight=1`` for the vectors
        alone (see ``docs/documents.md``, "Output scale").
    max_vocab_size : int, default=30000
        Vocabulary of the default recipe (most frequent words).
    min_count : int, default=2
        Words seen fewer times are left out of the default recipe's vocabulary.
    lowercase, token_pattern, tokenizer, encoding, decode_error
        Tokenisation, as in :class:`~skw2v.CooccurrenceVectorizer` (the same
        code): ``token_pattern`` defaults to scikit-learn's text pattern
        ``r"(?u)\\b\\w\\w+\\b"`` (``None`` splits on whitespace).
    memory : None, str or joblib.Memory, default=None
        Caches the learned word vectors, keyed by the documents and the
        embedding's parameters but not the pooling's: a grid over
        ``pooling`` then learns each embedding once.
    n_jobs : int, default=None
        Workers for counting, the eigensolver and max pooling (sklearn's
        meaning).
    random_state : int, RandomState instance or None, default=None
        Seeds the default recipe (subsampling, eigensolver start).
    verbose : int, default=0
        Print the time of each stage.

    Attributes
    ----------
    word_vectors_ : WordVectors
        The word vectors pooled (learned in fit or given). Learned ones leave
        out the words that co-occur with no other word (their vectors would be
        zero): their tokens count as out of vocabulary, with a warning.
    vocabulary_ : dict
        Word -> row of ``word_vectors_``.
    n_components_ : int
        Dimension of the document vectors (of ``word_vectors_``).
    word_weights_ : ndarray of float64 of shape (V,)
        Per-word pooling weights (ones for ``"mean"``/``"max"``).
    components_ : ndarray of float32 of shape (sif_components, n_components)
        Directions removed by SIF (empty for other poolings).
    n_oov_tokens_ : int
        Tokens of the fit documents not in the vocabulary (skipped).
    n_tokens_ : int
        Tokens of the fit documents.
    n_empty_documents_ : int
        Fit documents without a known word (zero rows).
    n_features_in_ : int
        Always 1: each document is one text.

    See Also
    --------
    skw2v.CooccurrenceVectorizer : The tokenisation and counting this reuses.
    sklearn.feature_extraction.text.TfidfVectorizer : Sparse bag-of-words features.

    Notes
    -----
    Every weighted pooling is one sparse document-term matrix times the
    (V x d) word vectors. Out-of-vocabulary tokens are skipped; a document
    with no known token gets a zero row, and each call that meets such
    documents warns once with their number (:class:`EmptyDocumentWarning`).
    The output is never NaN.

    References
    ----------
    Arora, Liang & Ma, "A simple but tough-to-beat baseline for sentence
    embeddings", ICLR 2017.

    Examples
    --------
    >>> from skw2v import EmbeddingVectorizer, WordVectors
    >>> wv = WordVectors(["good", "bad", "film"], [[1, 0], [-1, 0], [0, 1]])
    >>> vec = EmbeddingVectorizer(wv, pooling="mean", norm=None, weight=1.0)
    >>> print(vec.fit_transform(["good film", "bad bad film"]).round(3))
    [[ 0.5    0.5  ]
     [-0.667  0.333]]
    """

    _parameter_constraints: dict = {
        # gensim (optional) by its API: KeyedVectors, and models that hold them.
        "embedding": [None, str, os.PathLike, WordVectors, HasMethods(["fit"]),
                      HasMethods(["get_vector"]), HasMethods(["build_vocab"])],
        "n_components": [Interval(Integral, 1, None, closed="left"), None],
        "pooling": [StrOptions(set(POOLINGS))],
        "sif_a": [Interval(Real, 0, None, closed="neither")],
        "sif_components": [Interval(Integral, 0, None, closed="left")],
        "sublinear_tf": ["boolean"],
        "norm": [StrOptions({"l2"}), None],
        "weight": [Interval(Real, 0, None, closed="neither")],
        "max_vocab_size": [Interval(Integral, 1, None, closed="left"), None],
        "min_count": [Interval(Integral, 1, None, closed="left")],
        "lowercase": ["boolean"],
        "token_pattern": [str, None],
        "tokenizer": [callable, None],
        "encoding": [str],
        "decode_error": [StrOptions({"strict", "ignore", "replace"})],
        "memory": [None, str, HasMethods(["cache"])],
        "n_jobs": [Integral, None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(self, embedding=None, *, n_components=None, pooling="tfidf", sif_a=1e-3,
                 sif_components=1, sublinear_tf=False, norm="l2", weight=0.5,
                 max_vocab_size=30000, min_count=2, lowercase=True,
                 token_pattern=r"(?u)\b\w\w+\b",
                 tokenizer=None, encoding="utf-8", decode_error="strict", memory=None,
                 n_jobs=None, random_state=None, verbose=0):
        self.embedding = embedding
        self.n_components = n_components
        self.pooling = pooling
        self.sif_a = sif_a
        self.sif_components = sif_components
        self.sublinear_tf = sublinear_tf
        self.norm = norm
        self.weight = weight
        self.max_vocab_size = max_vocab_size
        self.min_count = min_count
        self.lowercase = lowercase
        self.token_pattern = token_pattern
        self.tokenizer = tokenizer
        self.encoding = encoding
        self.decode_error = decode_error
        self.memory = memory
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    # -- fitting ------------------------------------------------------------------
    def _tokenization(self):
        return {name: getattr(self, name) for name in TOKENIZATION_PARAMS}

    def _log(self, message, start):
        if self.verbose:
            print(f"[EmbeddingVectorizer] {message} ({time.perf_counter() - start:.2f} s)")

    def _encode(self, X, *, allow_empty):
        return encode_corpus(X, allow_empty=allow_empty, n_jobs=self.n_jobs,
                             **self._tokenization())

    def _terms(self, X, key_to_index, *, allow_empty):
        """Document-term counts of X (documents or an EncodedCorpus) over ``key_to_index``."""
        start = time.perf_counter()
        corpus = self._encode(X, allow_empty=allow_empty)
        terms = document_terms(corpus, key_to_index)
        self._log(f"counted {terms.n_tokens.sum()} tokens of {terms.counts.shape[0]} "
                  f"documents, {terms.n_oov.sum()} out of vocabulary", start)
        return terms

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None):
        """Learn (or load) the word vectors and the pooling statistics.

        Parameters
        ----------
        X : iterable of str, iterable of list of str, str or os.PathLike
            Documents as strings or token lists, or the path of a text or
            ``.gz`` file with one document per line.
        y : None
            Ignored: the word vectors are learned without labels.

        Returns
        -------
        self : EmbeddingVectorizer
        """
        self._fit(X)
        return self

    @_fit_context(prefer_skip_nested_validation=False)
    def fit_transform(self, X, y=None):
        """Fit, then return the fit documents' vectors (one reading of X for pooling).

        Parameters
        ----------
        X : iterable of str, iterable of list of str, str or os.PathLike
            As in :meth:`fit`.
        y : None
            Ignored.

        Returns
        -------
        ndarray of float32 of shape (n_documents, n_components)
        """
        return self._fit(X, pool_fit_documents=True)[1]

    def _fit(self, X, pool_fit_documents=False):
        """Fit; the fit documents' vectors are pooled when SIF needs them or when asked."""
        X = _materialize(X)
        d = self.n_components
        if self.pooling == "sif" and d is not None and self.sif_components >= d:
            raise ValueError(
                f"sif_components({self.sif_components}) must be < n_components({d})."
            )
        start = time.perf_counter()
        # Read once: the counting of the word vectors and the pooling share it.
        corpus = self._encode(X, allow_empty=False)
        self._log("read the documents", start)
        wv, learned = resolve_embedding(
            self.embedding, X, corpus=corpus, n_components=self.n_components,
            tokenization=self._tokenization(),
            recipe={"max_vocab_size": self.max_vocab_size, "min_count": self.min_count,
                    "random_state": self.random_state, "n_jobs": self.n_jobs},
            memory=self.memory,
        )
        self._log(f"word vectors: {len(wv)} words x {wv.vector_size}", start)
        d = wv.vector_size
        if self.pooling == "sif" and self.sif_components >= d:
            raise ValueError(
                f"sif_components({self.sif_components}) must be < the dimension of the "
                f"word vectors ({d})."
            )
        terms = self._terms(corpus, wv.key_to_index, allow_empty=False)
        weights = fit_word_weights(terms, self.pooling, self.sif_a)
        sif = self.pooling == "sif" and self.sif_components
        # fit alone pools the fit documents only for SIF's components.
        raw = self._pool(terms, wv, weights) if sif or pool_fit_documents else None
        if sif:
            components = top_components(raw, self.sif_components)
        else:
            components = np.zeros((0, d), dtype=np.float32)
        # Fitted state is set only once everything has succeeded.
        self.word_vectors_ = wv
        self.vocabulary_ = wv.key_to_index
        self.n_components_ = d
        self.embedding_learned_ = learned
        self.word_weights_ = weights
        self.components_ = components
        self.n_tokens_ = int(terms.n_tokens.sum())
        self.n_oov_tokens_ = int(terms.n_oov.sum())
        self.n_empty_documents_ = _n_empty(terms)
        self.n_features_in_ = 1
        if raw is None:
            _warn_empty(terms)
            return self, None
        return self, self._finish(raw, terms)

    def _pool(self, terms, wv, weights):
        return pool(terms, wv.vectors, self.pooling, weights,
                    sublinear_tf=self.sublinear_tf, n_jobs=self.n_jobs)

    def _finish(self, raw, terms):
        """Component removal and norms, with the warning for empty documents."""
        # In place from here: out is this call's own array (pooled or projected
        # here), and an n x d copy is 0.8 GB at d = 2,000 and 100,000 documents.
        out = remove_projections(raw, self.components_)
        if self.norm == "l2":
            out = unit_rows(out, copy=False)
        if self.weight != 1.0:
            out *= np.float32(self.weight)
        _warn_empty(terms)
        return np.ascontiguousarray(out, dtype=np.float32)

    # -- transforming -------------------------------------------------------------
    def transform(self, X):
        """Document vectors, with the pooling statistics learned in fit.

        Parameters
        ----------
        X : iterable of str, iterable of list of str, str or os.PathLike
            Documents, as in :meth:`fit`. Documents without a known word
            (including empty ones) get zero rows, with one warning per call.

        Returns
        -------
        ndarray of float32 of shape (n_documents, n_components)
        """
        check_is_fitted(self, "word_vectors_")
        terms = self._terms(_materialize(X), self.vocabulary_, allow_empty=True)
        return self._finish(self._pool(terms, self.word_vectors_, self.word_weights_), terms)

    def count_oov_tokens(self, X):
        """Tokens and out-of-vocabulary tokens per document of X.

        Parameters
        ----------
        X : iterable of str, iterable of list of str, str or os.PathLike

        Returns
        -------
        n_tokens, n_oov_tokens : ndarray of int64 of shape (n_documents,)
        """
        check_is_fitted(self, "word_vectors_")
        terms = self._terms(_materialize(X), self.vocabulary_, allow_empty=True)
        return terms.n_tokens, terms.n_oov

    @property
    def _n_features_out(self):
        return self.word_vectors_.vector_size

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = True
        return tags


def _warn_empty(terms):
    """The one warning of a call that met documents without a known word."""
    n_empty = _n_empty(terms)
    if n_empty:
        warn(
            f"{n_empty} of {terms.counts.shape[0]} documents have no word of the "
            "vocabulary; their vectors are zero.", EmptyDocumentWarning,
        )


def _n_empty(terms):
    """Documents without a known word."""
    indptr = terms.counts.indptr
    return int(np.count_nonzero(indptr[1:] == indptr[:-1]))


def _materialize(X):
    """A corpus that can be read twice: paths stay paths, iterators become lists."""
    if isinstance(X, (str, os.PathLike, bytes, list, tuple)):
        return X
    if getattr(X, "ndim", 1) != 1:
        return X  # a table, not documents: encode_corpus says so
    if hasattr(X, "tolist"):
        return X.tolist()  # numpy array or pandas Series of documents
    try:
        return list(X)
    except TypeError:
        raise TypeError(
            "X must be an iterable of documents (str or list of str) or a file path, "
            f"got {type(X).__name__}."
        ) from None
