"""What every embedding estimator shares once it is fitted.

An estimator fits however it likes and ends ``fit`` with
``self._set_embedding(words, embedding)``; :class:`EmbeddingMixin` then supplies
``transform``, word lookup, nearest neighbours and word2vec-format export, so
SGNS, QWEM and PMI-SVD embeddings behave the same once fitted.
"""

import os
from collections.abc import Iterator

import numpy as np
from sklearn.base import ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils._set_output import _get_output_config
from sklearn.utils.validation import check_is_fitted

from .._sparse import stored_rows
from .._vectors import WordVectors, missing_words_error
from .._warnings import warn
from .._words import name_some
from ..statistics import check_cooccurrence

__all__ = ["EmbeddingMixin", "IsolatedWordWarning", "TrainingDivergedError"]


def _is_documents(X):
    """Whether X is text (documents, token lists or a corpus path), not a matrix."""
    if isinstance(X, (str, bytes, os.PathLike)) or isinstance(X, Iterator):
        return True
    if isinstance(X, (list, tuple)):
        first = X[0] if len(X) else None
        if isinstance(first, (list, tuple)) and len(first):
            first = first[0]
        return isinstance(first, str)
    dtype = getattr(X, "dtype", None)
    return getattr(X, "ndim", 0) == 1 and dtype is not None and dtype.kind in "OUS"


class TrainingDivergedError(FloatingPointError, ValueError):
    """The fitted embedding is not finite (caught as ValueError or FloatingPointError)."""


class IsolatedWordWarning(UserWarning):
    """Words of the vocabulary get a zero vector: they co-occur with no word
    (every estimator), or a clipped PMI keeps none of their pairs (PMI-SVD).

    Its own category so that a caller that handles such words itself
    (``EmbeddingVectorizer`` treats them as out of vocabulary) can silence it.
    """


class EmbeddingMixin(ClassNamePrefixFeaturesOutMixin, TransformerMixin):
    """Mixin for estimators whose fitted state is one vector per word.

    Fitted attributes (set by ``_set_embedding``):

    - ``embedding_`` : ndarray of float32 of shape (V, n_components), C-contiguous;
    - ``words_`` : ndarray of object of shape (V,), the word of each row;
    - ``vocabulary_`` : dict word -> row (as in ``CountVectorizer``);
    - ``n_features_in_`` : V, the size of the co-occurrence matrix fitted on.

    ``transform(X)`` maps the *words* X's rows stand for to their vectors, so
    ``fit_transform(X)`` on a co-occurrence matrix returns ``embedding_``
    (with ``set_output(transform="pandas")``, a DataFrame indexed by word).
    Documents are refused by ``transform`` and by ``fit_transform`` (before
    any training) with a ``TypeError`` pointing to
    :class:`skw2v.EmbeddingVectorizer`, which turns documents into vectors;
    the rule is stated once, in ``docs/documents.md``.
    Put the mixin before ``BaseEstimator`` in the bases.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.base import BaseEstimator
    >>> from skw2v.estimators import EmbeddingMixin
    >>> from skw2v.statistics import check_cooccurrence
    >>> class RowProfileEmbedding(EmbeddingMixin, BaseEstimator):
    ...     # each word's vector: its row of conditional probabilities
    ...     def fit(self, X, y=None, vocabulary=None):
    ...         A, words, _ = check_cooccurrence(X, vocabulary)
    ...         P = A.toarray() / A.sum(axis=1)[:, None]
    ...         return self._set_embedding(words, P)
    >>> X = np.array([[0, 2, 1], [2, 0, 1], [1, 1, 0]])
    >>> est = RowProfileEmbedding().fit(X, vocabulary=["cat", "dog", "pet"])
    >>> est.embedding_.dtype, est.vocabulary_["dog"]
    (dtype('float32'), 1)
    >>> [word for word, score in est.most_similar("cat", topn=1)]
    ['pet']
    >>> est.transform(X).shape
    (3, 3)
    """

    def _check_cooccurrence(self, X, vocabulary):
        """Validate a co-occurrence matrix for a rank-``n_components`` factorisation.

        Returns what :func:`~skw2v.statistics.check_cooccurrence` returns, after
        checking that ``n_components`` is below the vocabulary size.
        """
        A, words, counts = check_cooccurrence(X, vocabulary)
        d, V = self.n_components, A.shape[0]
        if d >= V:
            raise ValueError(
                f"n_components({d}) must be < the vocabulary size V({V}): a V x V "
                "matrix has only V eigen- or singular vectors. Lower n_components or "
                "use a larger vocabulary."
            )
        return A, words, counts

    def _drop_absent(self, A, words, counts, *, check_rank=True):
        """Restrict a checked matrix to the words that co-occur with some word.

        A word whose row of X is all zero (a fixed vocabulary listing a word
        the corpus lacks, or a word seen only alone) carries no information:
        M* and PMI are 0/0 there. Every estimator fits on the other words and
        gives those a zero vector (cosines with it are 0), warning how many
        they are, so no such word gets a confident vector.

        Returns
        -------
        A : sparse matrix over the present words
        counts : ndarray or None, restricted the same way
        present : ndarray of bool of shape (V,), or None when every word is present

        With ``check_rank``, also refuse ``n_components`` >= the present words.
        """
        present = stored_rows(A)
        n_absent = int(np.count_nonzero(~present))
        if n_absent:
            warn(
                f"{n_absent} of {words.shape[0]} words never co-occur with another word "
                f"({name_some(words[~present])}): their vectors are zero (cosines with them "
                "are 0). "
                "Drop them from the vocabulary, or count them on a corpus that has them.",
                IsolatedWordWarning)
            A = A[present][:, present]
            counts = None if counts is None else counts[present]
        d, V = self.n_components, int(np.count_nonzero(present))
        if check_rank and d >= V:
            raise ValueError(
                f"n_components({d}) must be < the number of words that co-occur ({V}"
                + (f", of {words.shape[0]} words" if n_absent else "") + "): a V x V "
                "matrix has only V eigen- or singular vectors. Lower n_components or "
                "use a larger vocabulary."
            )
        return A, counts, (present if n_absent else None)

    @staticmethod
    def _scatter_rows(W, present):
        """W's rows back at the present words' rows, zero rows for the absent ones."""
        if present is None:
            return W
        W = np.asarray(W)
        out = np.zeros((present.shape[0],) + W.shape[1:], dtype=W.dtype)
        out[present] = W
        return out

    @staticmethod
    def _zero_threshold(scale, dtype):
        """Top eigen- or singular values at or below this count as zero (``_null_directions``)."""
        return 64 * np.finfo(dtype).eps * scale

    @staticmethod
    def _null_directions(values, scale, dtype, what, fix):
        """Which of the top ``values`` are not meaningfully positive; warn if any.

        A value counts as zero below ``64 * eps(dtype) * scale`` (``scale``
        bounds the operator's norm): an all-ones matrix has eigenvalues of
        1e-16 whose eigenvectors are noise. Their directions are set to zero
        by the caller.
        """
        values = np.asarray(values, dtype=np.float64)
        threshold = EmbeddingMixin._zero_threshold(scale, dtype)
        null = ~(values > threshold)
        n_null = int(np.count_nonzero(null))
        if n_null:
            warn(
                f"{n_null} of the top {values.shape[0]} {what} are zero or negative "
                f"(<= {threshold:.3g}; smallest {values.min():.3g}): "
                f"their directions are set to zero in embedding_. {fix}",
                UserWarning)
        return null

    # What to do when a fit produced non-finite vectors; trained estimators
    # name their learning rate instead.
    _nonfinite_advice = "check the input matrix for extreme values"

    def _embedding_attributes(self, words, embedding):
        """The fitted attributes of ``embedding`` (validated), not yet set."""
        embedding = np.asarray(embedding)
        if embedding.ndim != 2:
            raise ValueError(f"embedding must be 2-D (V x d), got shape {embedding.shape}.")
        if not np.all(np.isfinite(embedding)):
            n_bad = int(np.count_nonzero(~np.isfinite(embedding).all(axis=1)))
            raise TrainingDivergedError(
                f"The fitted embedding has NaN or infinite values in {n_bad} of "
                f"{embedding.shape[0]} rows: {type(self).__name__} failed; "
                f"{self._nonfinite_advice}."
            )
        wv = WordVectors(words, embedding)  # checks words: distinct str, one per row
        attrs = {"embedding_": wv.vectors, "words_": wv.words,
                 "vocabulary_": wv.key_to_index, "n_features_in_": wv.vectors.shape[0]}
        return attrs, wv

    def _set_embedding(self, words, embedding):
        """Validate and store the fitted embedding (other fitted attributes untouched)."""
        attrs, wv = self._embedding_attributes(words, embedding)
        self.__dict__.update(attrs)
        self.__dict__["_wv_cache"] = wv
        return self

    def _set_fitted(self, words, embedding, **fitted):
        """End ``fit``: store the embedding and ``fitted`` attributes, all or nothing.

        A fit computes everything into locals and calls this once, so a fit
        that raises leaves the estimator as it was, and a successful one
        removes the fitted attributes (public names ending in ``_``) of a
        previous fit that this one does not produce (another solver's
        ``n_iter_``, a ``history_``...): the estimator never mixes two fits.
        """
        attrs, wv = self._embedding_attributes(words, embedding)
        attrs.update(fitted)
        for name in [k for k in vars(self) if k.endswith("_") and not k.startswith("_")]:
            if name not in attrs:
                del self.__dict__[name]
        self.__dict__.update(attrs)
        self.__dict__["_wv_cache"] = wv
        return self

    @property
    def _n_features_out(self):
        return self.embedding_.shape[1]

    def transform(self, X):
        """Embedding rows of the words that X's rows stand for.

        An embedding is a lookup table, not a function of new co-occurrence
        counts: ``transform`` never re-projects new statistics.

        - If ``X`` carries words (a :class:`~skw2v.statistics.CooccurrenceMatrix`
          from ``CooccurrenceVectorizer``), row ``i`` of the result is the vector
          of ``X.words[i]``; a word that was not fitted raises a ``KeyError``
          naming it.
        - Otherwise ``X`` must have exactly ``V = n_features_in_`` rows, taken to
          be the fitted vocabulary in order, and the result is a copy of
          ``embedding_``.

        Parameters
        ----------
        X : CooccurrenceMatrix, sparse matrix or ndarray of shape (n_words, V)

        Returns
        -------
        ndarray of float32 of shape (n_words, n_components)
        """
        check_is_fitted(self, "embedding_")
        self._refuse_documents(X, "transform")
        words = getattr(X, "words", None)
        if words is not None:
            k2i = self.vocabulary_
            rows = [k2i.get(w, -1) for w in words]
            missing = [w for w, r in zip(words, rows) if r < 0]
            if missing:
                raise missing_words_error(missing)
            return self._word_table(self.embedding_[np.asarray(rows, dtype=np.intp)], words)
        shape = getattr(X, "shape", None)
        if shape is None:
            shape = np.shape(X)
        V = self.n_features_in_
        if len(shape) == 2 and shape[1] != V:
            raise ValueError(
                f"X has {shape[1]} features, but {type(self).__name__} is expecting {V} "
                "features as input (a V x V co-occurrence matrix over the fitted "
                "vocabulary). Pass the CooccurrenceMatrix from CooccurrenceVectorizer to "
                "look words up, or use get_vector / wv[...]."
            )
        if len(shape) != 2 or shape[0] != V:
            raise ValueError(
                f"transform got an input of shape {tuple(shape)} without words. Without "
                f"words, X must have exactly V={V} rows (the fitted vocabulary in order); "
                "pass the CooccurrenceMatrix from CooccurrenceVectorizer to look words "
                "up, or use get_vector / wv[...]."
            )
        return self._word_table(self.embedding_.copy(), self.words_)

    def fit_transform(self, X, y=None, **fit_params):
        """Fit, then return the vectors of the words X's rows stand for.

        On a co-occurrence matrix this is ``embedding_``. Documents are refused
        before any training (see :meth:`transform`).

        Parameters
        ----------
        X : CooccurrenceMatrix, sparse matrix or ndarray of shape (V, V)
        y : None
            Ignored.
        **fit_params
            Passed to ``fit`` (e.g. ``vocabulary``).

        Returns
        -------
        ndarray of float32 of shape (V, n_components)
        """
        self._refuse_documents(X, "fit_transform")
        return self.fit(X, y, **fit_params).transform(X)

    def _refuse_documents(self, X, method):
        """A TypeError pointing to EmbeddingVectorizer when X is documents."""
        if not _is_documents(X):
            return
        name = type(self).__name__
        raise TypeError(
            f"{name}.{method} got documents ({type(X).__name__}), but an embedding maps "
            "words to vectors, not documents to vectors. For one vector per document "
            f"use skw2v.EmbeddingVectorizer(embedding={name}(...)) (it learns the word "
            "vectors on the documents and pools them); for the word vectors, call "
            "fit(documents) and read .wv or .embedding_."
        )

    def _word_table(self, vectors, words):
        """The rows as they are, or a DataFrame indexed by word under pandas output."""
        if _get_output_config("transform", self)["dense"] != "pandas":
            return vectors
        import pandas as pd  # optional dependency, only for set_output("pandas")

        return pd.DataFrame(vectors, index=pd.Index(list(words), name="word"),
                            columns=self.get_feature_names_out())

    @property
    def wv(self):
        """The fitted vectors as a :class:`skw2v.WordVectors` (shares ``embedding_``)."""
        check_is_fitted(self, "embedding_")
        wv = self.__dict__.get("_wv_cache")
        if wv is None or wv.vectors is not self.embedding_ or wv.words is not self.words_:
            wv = WordVectors(self.words_, self.embedding_)
            self.__dict__["_wv_cache"] = wv
        return wv

    def get_vector(self, word, norm=False):
        """Vector of ``word`` (unit-normalised if ``norm``); KeyError if unknown."""
        return self.wv.get_vector(word, norm=norm)

    def most_similar(self, positive=None, negative=None, topn=10, restrict_vocab=None,
                     method="3cosadd"):
        """Nearest words to ``positive`` minus ``negative``; see :meth:`WordVectors.most_similar`."""
        return self.wv.most_similar(positive=positive, negative=negative, topn=topn,
                                    restrict_vocab=restrict_vocab, method=method)

    def similarity(self, w1, w2):
        """Cosine similarity of two fitted words."""
        return self.wv.similarity(w1, w2)

    def save_word2vec_format(self, path, binary=False, write_header=True):
        """Write the embedding in the word2vec text or binary format (gensim reads it).

        The same as ``self.wv.save_word2vec_format`` (:mod:`skw2v.io` implements
        it): written atomically; ``write_header=False`` writes GloVe's format.
        """
        self.wv.save_word2vec_format(path, binary=binary, write_header=write_header)
