"""Trained word vectors, kept apart from the estimator that made them.

:class:`WordVectors` is what the scorers take and what
:meth:`EmbeddingMixin.wv <skw2v.estimators.EmbeddingMixin.wv>` returns. Its
surface follows gensim's ``KeyedVectors`` where that is convenient
(``key_to_index``, ``most_similar``, ``similarity``, the word2vec formats), so
code written for one reads naturally for the other.
"""

import numbers

import numpy as np

from ._words import as_word_array, name_some
from .io import read_vectors_npy, read_word2vec, write_vectors_npy, write_word2vec

__all__ = ["WordVectors", "missing_words_error", "unit_rows"]

_METHODS = ("3cosadd", "3cosmul")
# Levy & Goldberg (2014) add this to the denominator of 3CosMul.
COSMUL_EPS = 1e-3


def unit_rows(vectors, *, copy=True):
    """Rows scaled to unit length, as float32; zero rows stay zero (cosines with them are 0).

    The squares are summed in float64: in float32 they overflow to inf above
    about 1.8e19 and underflow below about 1e-19. ``einsum`` casts as it goes,
    without a float64 copy of the table, and was no slower than float32
    ``np.linalg.norm`` (median of 5 on 200k x 300: 0.21 s against 0.26 s).
    ``copy=False`` scales a writable float32 array in place (a zero row has
    nothing to scale) and returns it: the caller owns it, and at 100,000
    documents x 2,000 dimensions a copy is 0.8 GB.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.sqrt(np.einsum("...i,...i->...", vectors, vectors, dtype=np.float64))
    norms = norms[..., None]
    if copy or not vectors.flags.writeable:
        out = np.zeros_like(vectors)
    else:
        out = vectors
    np.divide(vectors, norms, out=out, where=norms > 0, casting="unsafe")
    return out


def check_restrict_vocab(restrict_vocab, n_words):
    """Number of leading rows to use: ``min(restrict_vocab, n_words)``, all if None."""
    if restrict_vocab is None:
        return n_words
    if not isinstance(restrict_vocab, numbers.Integral) or isinstance(restrict_vocab, bool):
        raise TypeError(f"restrict_vocab must be an int or None, got {restrict_vocab!r}.")
    if restrict_vocab < 1:
        raise ValueError(f"restrict_vocab must be >= 1, got {restrict_vocab}.")
    return min(int(restrict_vocab), n_words)


def missing_words_error(missing):
    """A KeyError that names every unknown word (the first 20 of them)."""
    missing = list(dict.fromkeys(missing))
    shown = ", ".join(repr(w) for w in missing[:20])
    more = f" and {len(missing) - 20} more" if len(missing) > 20 else ""
    noun = "word" if len(missing) == 1 else "words"
    return KeyError(f"{noun} not in vocabulary: {shown}{more}")


class WordVectors:
    """Word vectors with lookup, nearest neighbours and word2vec-format I/O.

    Parameters
    ----------
    words : sequence of str of length V
        Distinct words, in row order (usually most frequent first, which is what
        ``restrict_vocab`` relies on).
    vectors : array-like of shape (V, d)
        Finite values; stored as float32 C-contiguous (without a copy when the
        input already is).

    Attributes
    ----------
    words : ndarray of object of shape (V,)
    vectors : ndarray of float32 of shape (V, d)
        Treat as read-only: unit-normalised rows are cached on first use.
    key_to_index : dict of str -> int
        Row of each word (``vocabulary`` is the same dict, as in scikit-learn).

    See Also
    --------
    skw2v.scorers.analogy_accuracy, skw2v.scorers.word_similarity

    Examples
    --------
    >>> from skw2v import WordVectors
    >>> wv = WordVectors(["man", "woman", "king", "queen"],
    ...                  [[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1]])
    >>> [w for w, score in wv.most_similar(positive=["woman", "king"], negative=["man"])]
    ['queen']
    >>> round(wv.similarity("man", "woman"), 4)
    0.7071
    """

    def __init__(self, words, vectors):
        self._set(words, np.ascontiguousarray(vectors, dtype=np.float32), check_finite=True)

    def _set(self, words, vectors, check_finite):
        if vectors.ndim != 2:
            raise ValueError(f"vectors must be 2-D (V x d), got shape {vectors.shape}.")
        words = as_word_array(words, vectors.shape[0])
        key_to_index = {w: i for i, w in enumerate(words.tolist())}
        if len(key_to_index) != words.shape[0]:
            seen, dup = set(), []
            for w in words:
                if w in seen:
                    dup.append(w)
                seen.add(w)
            raise ValueError(f"words must be distinct; repeated: {sorted(set(dup))[:20]}")
        bad = ~np.isfinite(vectors).all(axis=1) if check_finite else np.zeros(1, bool)
        if bad.any():
            rows = np.flatnonzero(bad)
            raise ValueError(
                f"vectors contain NaN or infinite values (words "
                f"{[words[i] for i in rows[:10]]}); the embedding is unusable."
            )
        self.words = words
        self.vectors = vectors
        self.key_to_index = key_to_index
        self._unit = None

    # -- container protocol ---------------------------------------------------
    @property
    def vocabulary(self):
        """Alias of ``key_to_index`` (the scikit-learn spelling)."""
        return self.key_to_index

    @property
    def index_to_key(self):
        """Words in row order, as a list (gensim's spelling)."""
        return self.words.tolist()

    @property
    def vector_size(self):
        """Dimension d of the vectors."""
        return self.vectors.shape[1]

    def __len__(self):
        return self.words.shape[0]

    def __contains__(self, word):
        return word in self.key_to_index

    def __iter__(self):
        return iter(self.words.tolist())

    def __repr__(self):
        return f"<WordVectors: {len(self)} words x {self.vector_size} dimensions>"

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_unit"] = None
        return state

    def get_index(self, word):
        """Row of ``word``; KeyError if unknown."""
        try:
            return self.key_to_index[word]
        except (KeyError, TypeError):
            raise missing_words_error([word]) from None

    def indices(self, words):
        """Rows of several words; one KeyError naming every unknown word."""
        if isinstance(words, str):
            words = [words]
        k2i = self.key_to_index
        rows, missing = [], []
        for w in words:
            i = k2i.get(w) if isinstance(w, str) else None
            if i is None:
                missing.append(w)
            else:
                rows.append(i)
        if missing:
            raise missing_words_error(missing)
        return np.asarray(rows, dtype=np.intp)

    def __getitem__(self, key):
        """Vector of a word (1-D) or of a list of words (2-D), as copies."""
        if isinstance(key, str):
            return self.vectors[self.get_index(key)].copy()
        return self.vectors[self.indices(key)]

    def get_vector(self, word, norm=False):
        """Vector of ``word``, unit-normalised if ``norm`` (zero stays zero)."""
        i = self.get_index(word)
        if norm:
            return self.unit_vectors[i].copy()
        return self.vectors[i].copy()

    @property
    def unit_vectors(self):
        """Rows scaled to unit length (cached; zero rows stay zero)."""
        if self._unit is None or self._unit.shape != self.vectors.shape:
            unit = unit_rows(self.vectors)
            unit.setflags(write=False)
            self._unit = unit
        return self._unit

    def get_normed_vectors(self):
        """gensim's name for :attr:`unit_vectors`."""
        return self.unit_vectors

    # -- similarity -------------------------------------------------------------
    def similarity(self, w1, w2):
        """Cosine similarity of two words (0 when either vector is zero)."""
        i, j = self.indices([w1, w2])
        u = self.unit_vectors
        return float(np.dot(u[i], u[j]))

    def most_similar(self, positive=None, negative=None, topn=10, restrict_vocab=None,
                     method="3cosadd"):
        """Words closest to ``positive`` minus ``negative``.

        ``most_similar(positive=["woman", "king"], negative=["man"])`` answers
        the analogy man : king :: woman : ?. The query words themselves are
        never returned.

        Parameters
        ----------
        positive, negative : str, array-like or list of them, default=None
            Words (or raw vectors) to add / subtract.
        topn : int or None, default=10
            How many to return; None returns every candidate, ranked.
        restrict_vocab : int, default=None
            Only consider the first ``restrict_vocab`` rows (the most frequent
            words when rows are sorted by frequency).
        method : {"3cosadd", "3cosmul"}, default="3cosadd"
            3CosAdd ranks by cos(x, sum positive - sum negative) of unit vectors;
            3CosMul (Levy & Goldberg, 2014) by
            prod (1 + cos(x, p)) / 2 over positive divided by
            (prod (1 + cos(x, n)) / 2 over negative + 1e-3).

        Returns
        -------
        list of (str, float)
            Best first; the score is a cosine for 3CosAdd.

        Raises
        ------
        ValueError
            When the query has no direction: every term is a zero vector, or
            (3CosAdd) ``sum positive - sum negative`` is zero. Every word would
            score the same, so no ranking is returned.
        """
        if method not in _METHODS:
            raise ValueError(f"method must be one of {_METHODS}, got {method!r}.")
        pos = _as_terms(positive)
        neg = _as_terms(negative)
        if not pos and not neg:
            raise ValueError("most_similar needs at least one positive or negative word.")
        if topn is not None and (not isinstance(topn, numbers.Integral) or topn < 1):
            raise ValueError(f"topn must be a positive int or None, got {topn!r}.")
        n = check_restrict_vocab(restrict_vocab, len(self))
        words = [t for t in pos + neg if isinstance(t, str)]
        exclude = self.indices(words) if words else np.empty(0, dtype=np.intp)

        def unit_of(terms):
            out = []
            for t in terms:
                if isinstance(t, str):
                    out.append(self.unit_vectors[self.key_to_index[t]])
                else:
                    v = np.asarray(t, dtype=np.float32)
                    if v.shape != (self.vector_size,):
                        raise ValueError(
                            f"a vector term must have shape ({self.vector_size},), "
                            f"got {v.shape}."
                        )
                    out.append(unit_rows(v))
            return np.asarray(out, dtype=np.float32).reshape(len(out), self.vector_size)

        U = self.unit_vectors[:n]
        P, N = unit_of(pos), unit_of(neg)
        if not (P.any() or N.any()):
            zero = [t for t in pos + neg if isinstance(t, str)]
            raise ValueError(
                "most_similar: every query term has a zero vector"
                + (f" ({name_some(zero)})" if zero else "") + ", which has no "
                "direction: no word is nearer to it than another. (An estimator gives a "
                "zero vector to a word that co-occurs with nothing, or whose every pair a "
                "clipped PMI drops; it warned at fit.)"
            )
        if method == "3cosadd":
            q = P.sum(axis=0) - N.sum(axis=0)
            qn = np.linalg.norm(q)
            if qn == 0:
                raise ValueError(
                    f"most_similar: the query (positive={positive!r}, negative="
                    f"{negative!r}) cancels out to the zero vector, which has no direction."
                )
            scores = U @ (q / qn)
        else:
            num = np.prod((1.0 + U @ P.T) / 2.0, axis=1)
            den = np.prod((1.0 + U @ N.T) / 2.0, axis=1) + COSMUL_EPS
            scores = num / den
        scores = scores.astype(np.float64)
        exclude = exclude[exclude < n]
        scores[exclude] = -np.inf
        n_candidates = n - np.unique(exclude).size
        k = n_candidates if topn is None else min(int(topn), n_candidates)
        if k <= 0:
            return []
        if k < n:
            part = np.argpartition(-scores, k - 1)[:k]
        else:
            part = np.arange(n)
        order = part[np.lexsort((part, -scores[part]))][:k]
        return [(self.words[i], float(scores[i])) for i in order]

    # -- I/O ----------------------------------------------------------------------
    def save_word2vec_format(self, path, binary=False, write_header=True):
        """Write the word2vec text or binary format (or GloVe's), as gensim writes it.

        Parameters
        ----------
        path : str or PathLike
            A ``.gz`` suffix compresses. Written atomically: a temporary file
            in the same folder renamed at the end, so a failed write leaves any
            previous file intact.
        binary : bool, default=False
            Binary float32 rows instead of text.
        write_header : bool, default=True
            False writes GloVe's format: text without the ``"<V> <d>"`` line
            (gensim's parameter of the same name).

        See Also
        --------
        skw2v.io.write_word2vec : the implementation, on plain arrays.
        """
        write_word2vec(path, self.words, self.vectors, binary=binary,
                       write_header=write_header)

    @classmethod
    def load_word2vec_format(cls, path, binary=False, limit=None, *, no_header=False,
                             unicode_errors="strict"):
        """Read a word2vec text or binary file (gensim, word2vec.c) or a GloVe file.

        Parameters
        ----------
        path : str or PathLike
            gzip-compressed files are recognised and decompressed.
        binary : bool, default=False
        limit : int, default=None
            Read only the first ``limit`` words (files are usually sorted most
            frequent first).
        no_header : bool, default=False
            The file has no ``"<V> <d>"`` first line: GloVe's text format
            (gensim's parameter of the same name).
        unicode_errors : str, default="strict"
            Codec error handler for words that are not valid UTF-8, e.g.
            ``"replace"`` for word2vec.c files whose long words were cut inside
            a character (as in gensim).

        Returns
        -------
        WordVectors

        See Also
        --------
        skw2v.io.read_word2vec : the implementation, returning plain arrays.
        skw2v.io.detect_word2vec_format : which of the three formats a file is in.
        """
        words, vectors = read_word2vec(path, binary=binary, limit=limit,
                                       no_header=no_header, unicode_errors=unicode_errors)
        return cls(words, vectors)

    def save(self, path):
        """Save in skw2v's layout: a JSON manifest at ``path`` and a ``.npy`` table beside it.

        :meth:`load` with ``mmap="r"`` then maps the table instead of reading it,
        so a large table opens at once and is shared between processes. The
        layout is described in ``docs/word_vectors.md``; replacing an earlier
        save is atomic.

        Parameters
        ----------
        path : str or PathLike
            The manifest. The table is ``<path>.<8 hex digits>.npy`` in the same
            folder; keep the two together.

        Examples
        --------
        >>> import os, tempfile
        >>> from skw2v import WordVectors
        >>> path = os.path.join(tempfile.mkdtemp(), "vectors.wv")
        >>> WordVectors(["king", "queen"], [[1.0, 0.5], [0.5, 1.0]]).save(path)
        >>> wv = WordVectors.load(path, mmap="r")
        >>> type(wv.vectors).__name__, wv["queen"].tolist()
        ('memmap', [0.5, 1.0])
        """
        write_vectors_npy(path, self.words, self.vectors)

    @classmethod
    def load(cls, path, mmap=None):
        """Load what :meth:`save` wrote.

        Parameters
        ----------
        path : str or PathLike
            The manifest.
        mmap : {None, "r", "c"}, default=None
            None reads the table into memory; ``"r"`` memory-maps it read-only
            (gensim's spelling), ``"c"`` copy-on-write. A mapped table is not
            scanned for NaN on load (that would read all of it); :meth:`save`
            only ever writes finite tables.

        Returns
        -------
        WordVectors
        """
        words, vectors = read_vectors_npy(path, mmap=mmap)
        wv = cls.__new__(cls)
        # a C-ordered float32 table (what save writes) stays mapped, not copied
        mapped = mmap is not None and vectors.flags.c_contiguous
        if not vectors.flags.c_contiguous:
            vectors = np.ascontiguousarray(vectors)
        wv._set(words, vectors, check_finite=not mapped)
        return wv

    @classmethod
    def from_gensim(cls, keyed_vectors):
        """Copy a gensim ``KeyedVectors`` (or a model's ``.wv``)."""
        kv = getattr(keyed_vectors, "wv", keyed_vectors)
        return cls(list(kv.index_to_key), kv.vectors)


def _as_terms(terms):
    if terms is None:
        return []
    if isinstance(terms, str):
        return [terms]
    if isinstance(terms, np.ndarray) and terms.ndim == 1 and terms.dtype != object:
        return [terms]
    return list(terms)
