"""CooccurrenceVectorizer: documents -> vocabulary and windowed co-occurrence matrix."""

import math
import time
from functools import reduce

import numpy as np
from joblib import Parallel, delayed, effective_n_jobs
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted

from .._threads import numba_threads
from .._warnings import warn
from .._words import name_some
from .._validation import (
    Integers,
    Reals,
    SubsamplingError,
    check_allocation,
    check_pairs,
    document_lengths,
    fits_in_memory,
)
from ..kernels.cooccurrence import add_csr, cooccurrence_rows
from ..kernels.subsample import keep_probabilities, subsample_stream
from ._cooccurrence_matrix import CooccurrenceMatrix
from ._corpus import encode_corpus, restrict_stream, select_vocabulary

__all__ = ["CooccurrenceVectorizer", "window_weights"]

# Integer weights keep every sum exact while it stays below 2**53.
_MAX_INTEGER_SCALE = 2**31


def window_weights(window, weighting):
    """Weight of a context word at each distance 1..window, as integers and a scale.

    The weight at distance ``d`` is ``weights[d - 1] / scale``. Integers make
    the sums exact, so the matrix does not depend on how the corpus was split.

    Parameters
    ----------
    window : int
    weighting : {"linear", "uniform", "harmonic"}
        ``"linear"`` is the expectation of word2vec's dynamic window,
        ``(window + 1 - d) / window``; ``"uniform"`` is 1; ``"harmonic"`` is
        GloVe's ``1 / d``, on the scale ``lcm(1..window)`` while that stays
        below 2**31 (``window <= 22``), as floats beyond.

    Returns
    -------
    weights : ndarray of float64 of shape (window,)
    scale : float

    Raises
    ------
    InputTooLargeError
        The ``window`` weights would not fit in memory.
    """
    if weighting not in ("linear", "uniform", "harmonic"):
        raise ValueError(
            f"Unknown weighting {weighting!r}; use 'linear', 'uniform' or 'harmonic'."
        )
    shown = window if window < 10**15 else f"~10**{len(str(window)) - 1}"
    check_allocation(8 * window, f"The weights of window={shown}",
                     "lower window (or count with CooccurrenceVectorizer, which "
                     "stops at the longest document)")
    d = np.arange(1, window + 1, dtype=np.float64)
    if weighting == "uniform":
        return np.ones(window), 1.0
    if weighting == "linear":
        return window + 1.0 - d, float(window)
    lcm = 1
    for k in range(2, window + 1):  # stops at k = 23 at the latest
        lcm = lcm * k // math.gcd(lcm, k)
        if lcm > _MAX_INTEGER_SCALE:
            return 1.0 / d, 1.0
    return lcm / d, float(lcm)


def _effective_weights(window, weighting, longest):
    """:func:`window_weights` for the distances that occur, up to ``longest - 1``.

    A window longer than the longest document reaches no further, so only
    those weights are computed (a huge ``window`` costs nothing). The weights
    at those distances are the full window's: ``"linear"`` keeps the scale
    ``window``, ``"harmonic"`` the ratios ``1 / d``.
    """
    reach = min(window, max(longest - 1, 1))
    if weighting == "linear" and reach < window:
        d = np.arange(1, reach + 1, dtype=np.float64)
        if window > 2**53:  # integers no longer exact (or beyond float64): 1 - (d - 1) / w
            return 1.0 - (d - 1.0) * (1 / window), 1.0  # int / int: no overflow
        return window + 1.0 - d, float(window)
    return window_weights(reach, weighting)


def _split_at_document_ends(stream, n_shards):
    """Cut the stream into at most ``n_shards`` pieces, only after a document end."""
    if n_shards <= 1 or stream.shape[0] == 0:
        return [stream]
    ends = np.flatnonzero(stream < 0) + 1
    targets = np.linspace(0, stream.shape[0], n_shards + 1)[1:-1]
    cuts = np.unique(ends[np.minimum(np.searchsorted(ends, targets), ends.size - 1)])
    bounds = np.concatenate(([0], cuts[cuts < stream.shape[0]], [stream.shape[0]]))
    return [stream[a:b] for a, b in zip(bounds[:-1], bounds[1:]) if b > a]


def _row_blocks(counts, n_blocks, window):
    """Cut rows 0..V into ``n_blocks`` ranges of about equal work.

    Measured on the shared corpus, a row costs about as much per token as per
    0.6 non-zeros written; a row has at most min(V, 2 * window * count) of them.
    """
    n_words = counts.shape[0]
    work = counts + 0.6 * np.minimum(n_words, 2 * window * counts)
    cumulative = np.cumsum(work, dtype=np.float64)
    targets = cumulative[-1] * np.arange(1, n_blocks) / n_blocks
    cuts = np.searchsorted(cumulative, targets, side="right") + 1
    bounds = np.unique(np.concatenate(([0], np.minimum(cuts, n_words), [n_words])))
    return list(zip(bounds[:-1].tolist(), bounds[1:].tolist()))


# Row blocks per job when a shard's rows are split over jobs (see _count_stream).
_BLOCKS_PER_JOB = 4

# Bytes per stored entry of the counting kernel (int32 column, float64 value).
_ENTRY_BYTES = 12


def _check_shard_memory(shards, n_words, window):
    """Refuse a count whose kernel buffers would not fit in memory, naming the size.

    :func:`~skw2v.kernels.cooccurrence.cooccurrence_rows` sizes its output by
    the bound ``sum_i min(V, 2 * window * count_i)`` over the shard's words;
    the cheap bound ``min(V**2, 2 * window * tokens)`` is tried first.
    """
    for shard in shards:
        if fits_in_memory(_ENTRY_BYTES * min(n_words * n_words, 2 * window * shard.shape[0])):
            continue
        shard_counts = np.bincount(shard[shard >= 0], minlength=n_words)
        entries = np.minimum(n_words, 2 * window * shard_counts).sum(dtype=np.float64)
        check_allocation(
            _ENTRY_BYTES * entries,
            f"Counting a shard of {shard.shape[0]} tokens with window={window} over "
            f"{n_words} words (up to {entries:.3g} non-zeros)",
            "lower window, max_vocab_size or shard_size",
        )


def _matrix(csr, words, counts):
    """The :class:`CooccurrenceMatrix` of CSR arrays over ``words``."""
    indptr, indices, data = csr
    if indptr[-1] < np.iinfo(np.int32).max:
        indptr = indptr.astype(np.int32)  # else scipy widens (copies) the indices
    n_words = counts.shape[0]
    return CooccurrenceMatrix(
        (data, indices, indptr), shape=(n_words, n_words), words=words, word_counts=counts,
    )


def _stack_rows(blocks):
    """CSR arrays of consecutive row blocks, one on top of the other."""
    if len(blocks) == 1:
        return blocks[0]
    offsets = np.cumsum([0] + [b[1].shape[0] for b in blocks[:-1]])
    indptr = np.concatenate([blocks[0][0]] + [b[0][1:] + o for b, o in
                                              zip(blocks[1:], offsets[1:])])
    return (indptr, np.concatenate([b[1] for b in blocks]),
            np.concatenate([b[2] for b in blocks]))


class CooccurrenceVectorizer(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
    """Count windowed word co-occurrences in a corpus.

    Learns a vocabulary, then counts how often each pair of vocabulary words
    appears within ``window`` tokens of each other, weighted by distance, as
    word2vec's skip-gram sees its training pairs. The result is a sparse
    symmetric :class:`CooccurrenceMatrix` that carries its words and word
    counts into the next step of a :class:`~sklearn.pipeline.Pipeline`.

    Parameters
    ----------
    window : int, default=10
        Largest distance between a word and a context word.
    weighting : {"linear", "uniform", "harmonic"}, default="harmonic"
        Weight of a pair at distance ``d``: ``"linear"``
        ``(window + 1 - d) / window`` (the expectation of word2vec's dynamic
        window), ``"uniform"`` 1, ``"harmonic"`` ``1 / d`` (GloVe).
    subsample : float, default=1e-4
        word2vec's frequency subsampling threshold ``t``: each occurrence of a
        word of frequency ``f`` is kept with probability
        ``(sqrt(f / t) + 1) t / f``, before windows are formed (as word2vec
        does, so windows widen over discarded tokens). ``None`` or 0 keeps
        every token; a corpus of a few thousand tokens needs that, since
        every word in it is "frequent". The draw is random: set
        ``random_state`` for a reproducible matrix.

        The defaults (window 10, harmonic weights, ``subsample=1e-4``) are the
        recipe for the closed forms (QWEM, PMI-SVD) measured best on held-out
        text (``benchmarks/bench_fidelity.py``, docs/closed_form.md).
        word2vec's own pairs are ``window=5, weighting="linear",
        subsample=1e-3``: use those to feed :class:`~skw2v.SGNSEmbedding`'s
        statistics path as word2vec would.
    subsample_draws : int, default=1
        With ``subsample``: count the corpus this many times, each with its own
        subsampling draw, and average. word2vec re-draws the subsampling every
        epoch, so over its epochs it sees more occurrences of frequent words
        than one draw holds; the average estimates the expected subsampled
        counts instead, with the draw's noise cut by about ``sqrt(n)``. Each
        draw costs one counting pass (at most 10,000).
    min_count : int, default=5
        Words seen fewer times are left out of the vocabulary.
    max_vocab_size : int, default=None
        Keep only this many of the most frequent words.
    vocabulary : sequence of str or dict, default=None
        A fixed vocabulary (its order is kept); ``min_count`` and
        ``max_vocab_size`` are then ignored.
    lowercase : bool, default=True
        Lowercase every token.
    token_pattern : str, default=None
        Regular expression of a token; ``None`` splits on whitespace, as
        word2vec and gensim do.
    tokenizer : callable, default=None
        ``str -> list of str``; overrides ``token_pattern``.
    encoding : str, default="utf-8"
        Encoding of a corpus file and of documents given as bytes (decoded as
        scikit-learn's text vectorizers decode them).
    decode_error : {"strict", "ignore", "replace"}, default="strict"
        What to do with bytes that are not valid in ``encoding``.
    shard_size : int, default=2**25
        Tokens per shard of the corpus at most. Shards are counted as
        separate joblib tasks and summed; with fewer shards than ``n_jobs``,
        the rows of each shard are split into blocks counted at once.
    n_jobs : int, default=None
        Tasks run at once through joblib (threads, or the workers of the
        active joblib backend, e.g. a Dask cluster). ``None`` means 1
        unless in a :func:`joblib.parallel_config` context; -1 means all
        processors.
    random_state : int, RandomState instance or None, default=None
        Seeds the subsampling.
    verbose : int, default=0
        Print the time each stage takes.

    Attributes
    ----------
    vocabulary_ : dict
        Word -> row of the matrix.
    words_ : ndarray of object of shape (V,)
        The vocabulary in row order: by decreasing count, ties by word.
    word_counts_ : ndarray of int64 of shape (V,)
        Count of each word in the fitted corpus.
    n_tokens_ : int
        Tokens of the fitted corpus, in vocabulary and out of it.

    See Also
    --------
    sklearn.feature_extraction.text.CountVectorizer : Document-term counts.

    Notes
    -----
    Out-of-vocabulary tokens are removed before windows are formed, and
    windows never cross a document end, as in word2vec. Entry ``(i, j)`` sums
    the weights of every (center ``i``, context ``j``) pair, so the matrix is
    symmetric and its total is the (weighted) number of training pairs.
    Shards are cut at document ends; the result does not depend on
    ``n_jobs`` or ``shard_size``.

    Examples
    --------
    >>> from skw2v import CooccurrenceVectorizer
    >>> docs = ["the cat sat on the mat", "the dog sat"]
    >>> vec = CooccurrenceVectorizer(window=2, weighting="uniform", subsample=None,
    ...                              min_count=1)
    >>> X = vec.fit_transform(docs)
    >>> X.words.tolist()
    ['the', 'sat', 'cat', 'dog', 'mat', 'on']
    >>> int(X[vec.vocabulary_["the"], vec.vocabulary_["sat"]])
    3
    """

    _parameter_constraints: dict = {
        "window": [Integers(1, None, closed="left")],
        "weighting": [StrOptions({"linear", "uniform", "harmonic"})],
        "subsample": [Reals(0, 1, closed="both"), None],
        "subsample_draws": [Integers(1, 10_000, closed="both")],
        "min_count": [Integers(1, None, closed="left")],
        "max_vocab_size": [Integers(1, None, closed="left"), None],
        "vocabulary": ["array-like", dict, None],
        "lowercase": ["boolean"],
        "token_pattern": [str, None],
        "tokenizer": [callable, None],
        "encoding": [str],
        "decode_error": [StrOptions({"strict", "ignore", "replace"})],
        "shard_size": [Integers(1, None, closed="left")],
        "n_jobs": [Integers(None, None, closed="neither"), None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(self, *, window=10, weighting="harmonic", subsample=1e-4, subsample_draws=1,
                 min_count=5, max_vocab_size=None, vocabulary=None, lowercase=True,
                 token_pattern=None, tokenizer=None, encoding="utf-8",
                 decode_error="strict", shard_size=2**25, n_jobs=None,
                 random_state=None, verbose=0):
        self.window = window
        self.weighting = weighting
        self.subsample = subsample
        self.subsample_draws = subsample_draws
        self.min_count = min_count
        self.max_vocab_size = max_vocab_size
        self.vocabulary = vocabulary
        self.lowercase = lowercase
        self.token_pattern = token_pattern
        self.tokenizer = tokenizer
        self.encoding = encoding
        self.decode_error = decode_error
        self.shard_size = shard_size
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    def _encode(self, X):
        start = time.perf_counter()
        corpus = encode_corpus(
            X, lowercase=self.lowercase, token_pattern=self.token_pattern,
            tokenizer=self.tokenizer, encoding=self.encoding,
            decode_error=self.decode_error, n_jobs=self.n_jobs,
        )
        self._log(f"read {corpus.counts.sum()} tokens, {corpus.words.size} distinct", start)
        return corpus

    def _log(self, message, start):
        if self.verbose:
            print(f"[CooccurrenceVectorizer] {message} ({time.perf_counter() - start:.2f} s)")

    def _fit_vocabulary(self, corpus):
        """The fitted attributes for ``corpus``, as a dict (set once the fit succeeds)."""
        words, counts = select_vocabulary(
            corpus.words, corpus.counts, min_count=self.min_count,
            max_vocab_size=self.max_vocab_size, vocabulary=self.vocabulary,
        )
        if self.vocabulary is not None and self.lowercase:
            upper = [w for w in words.tolist() if w != w.lower()]
            if upper:
                warn(
                    f"{len(upper)} words of the fixed vocabulary are not lowercase "
                    f"({name_some(upper)}), but lowercase=True lowercases "
                    "every token, so they never occur (count 0). Lowercase them, or pass "
                    "lowercase=False."
                )
        return {"words_": words, "word_counts_": counts,
                "vocabulary_": {w: i for i, w in enumerate(words)},
                "n_tokens_": int(corpus.counts.sum())}

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn the vocabulary of a corpus.

        Parameters
        ----------
        X : iterable of str, iterable of list of str, str or os.PathLike
            Documents as strings (or bytes, decoded with ``encoding``) or token
            lists, or the path of a text or ``.gz`` file with one document per
            line (streamed).
        y : None
            Ignored.

        Returns
        -------
        self : CooccurrenceVectorizer
        """
        self._check_subsample_draws()
        self.__dict__.update(self._fit_vocabulary(self._encode(X)))
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X, y=None):
        """Learn the vocabulary and count co-occurrences, reading the corpus once.

        Parameters
        ----------
        X : iterable of str, iterable of list of str, str or os.PathLike
            As in :meth:`fit`.
        y : None
            Ignored.

        Returns
        -------
        X_cooc : CooccurrenceMatrix of shape (V, V)
        """
        self._check_subsample_draws()
        corpus = self._encode(X)
        fitted = self._fit_vocabulary(corpus)
        X = self._count(corpus, fitted["words_"], fitted["word_counts_"])
        self.__dict__.update(fitted)  # only now: a failed fit leaves the vectorizer as it was
        return X

    def _check_subsample_draws(self):
        if self.subsample_draws > 1 and not self.subsample:
            raise ValueError(
                f"subsample_draws={self.subsample_draws} averages subsampling draws, but "
                f"subsample is {self.subsample!r}: set subsample (e.g. 1e-4) or "
                "subsample_draws=1."
            )

    def transform(self, X):
        """Count co-occurrences of the fitted vocabulary's words in a corpus.

        Words outside the fitted vocabulary are removed before windowing.
        Subsampling uses the fitted word frequencies.

        Parameters
        ----------
        X : iterable of str, iterable of list of str, str or os.PathLike
            As in :meth:`fit`.

        Returns
        -------
        X_cooc : CooccurrenceMatrix of shape (V, V)
            Its ``word_counts`` are the counts in ``X``.
        """
        check_is_fitted(self, "vocabulary_")
        self._check_subsample_draws()  # parameters may have changed since fit
        return self._count(self._encode(X), self.words_, self.word_counts_, strict=False)

    def _count(self, corpus, words, word_counts, strict=True):
        """The co-occurrence matrix of ``corpus`` over the vocabulary ``words``.

        ``word_counts`` (the fitted corpus's) set the subsampling. A corpus in
        which nothing co-occurs raises (``strict``, when fitting) or warns
        (``transform``, where an all-zero matrix may be the answer).
        """
        start = time.perf_counter()
        n_words = words.shape[0]
        stream = restrict_stream(corpus.stream, corpus.words, words)
        counts = np.bincount(stream[stream >= 0], minlength=n_words).astype(np.int64)
        n_draws = self.subsample_draws
        seeds = [None]
        keep = None
        if self.subsample:
            keep = keep_probabilities(word_counts, self.subsample)
            rng = check_random_state(self.random_state)
            seeds = rng.randint(np.iinfo(np.int32).max, size=n_draws)
        lengths = document_lengths(stream)
        try:
            check_pairs(stream, self.window, keep=keep, subsample=self.subsample)
        except ValueError as exc:
            if strict:
                raise
            warn(f"{exc} transform returns an all-zero matrix.")
            return _matrix((np.zeros(n_words + 1, np.int32), np.empty(0, np.int32),
                            np.empty(0)), words, counts)
        weights, scale = _effective_weights(self.window, self.weighting,
                                            int(lengths.max()))
        total = None
        for seed in seeds:
            drawn = stream if seed is None else subsample_stream(stream, keep, seed)
            csr = self._count_stream(drawn, counts, weights)
            with numba_threads(effective_n_jobs(self.n_jobs)):
                total = csr if total is None else add_csr(*total, *csr)
        indptr, indices, data = total
        if indptr[-1] == 0:  # only an unlucky subsampling draw gets here
            message = (
                f"subsample={self.subsample!r} discarded every pair in {n_draws} "
                "draw(s): nothing co-occurs. Raise subsample or set it to None."
            )
            if strict:
                raise SubsamplingError(message)
            warn(f"{message} transform returns an all-zero matrix.")
        if scale * n_draws != 1.0:
            data /= scale * n_draws
        X = _matrix((indptr, indices, data), words, counts)
        self._log(f"counted {X.nnz} non-zeros ({n_draws} draw(s))", start)
        return X

    def _count_stream(self, stream, counts, weights):
        """Weighted co-occurrence counts of one stream, as CSR arrays (unscaled).

        ``counts`` (of the stream before subsampling) balance the row blocks.
        """
        n_words = counts.shape[0]
        n_jobs = effective_n_jobs(self.n_jobs)
        window = weights.shape[0]
        shards = _split_at_document_ends(stream, -(-stream.shape[0] // self.shard_size))
        _check_shard_memory(shards, n_words, window)
        # Fewer shards than jobs: split the rows of each shard into blocks too,
        # _BLOCKS_PER_JOB per job, handed out heaviest first as workers free up:
        # the work model misjudges blocks by up to 3x (20 Newsgroups, two
        # blocks: 0.20 s and 0.58 s); with eight blocks on two threads its
        # count took 0.70-0.78 s against 0.82-0.97 s (medians of 5).
        n_blocks = 1 if n_jobs <= len(shards) else _BLOCKS_PER_JOB * n_jobs // len(shards)
        blocks = _row_blocks(counts, max(1, min(n_blocks, n_words)), window)
        tasks = [(shard, a, b) for shard in shards for a, b in blocks]
        # No more workers than tasks (n_jobs=10**9 must not ask for 10**9 threads).
        workers = self.n_jobs if n_jobs <= len(tasks) else len(tasks)
        done = Parallel(n_jobs=workers, prefer="threads")(
            delayed(cooccurrence_rows)(shard, n_words, weights, a, b)
            for shard, a, b in reversed(tasks)  # rare words' rows cost the most
        )
        parts = done[::-1]
        per_shard = [_stack_rows(parts[k:k + len(blocks)])
                     for k in range(0, len(parts), len(blocks))]
        with numba_threads(n_jobs):
            return reduce(lambda a, b: add_csr(*a, *b), per_shard)

    def get_feature_names_out(self, input_features=None):
        """The vocabulary in row order.

        Parameters
        ----------
        input_features : None
            Ignored.

        Returns
        -------
        ndarray of object of shape (V,)
        """
        check_is_fitted(self, "vocabulary_")
        return self.words_.copy()

    def set_output(self, *, transform=None):
        """Accepted so that ``Pipeline.set_output`` works; the output stays sparse.

        A V x V co-occurrence matrix has no DataFrame form, so the
        :class:`CooccurrenceMatrix` (which carries its words) passes through
        unchanged; the steps after it (embeddings: a DataFrame indexed by word)
        honour the setting.

        Parameters
        ----------
        transform : {"default", "pandas", "polars"} or None
            Checked, otherwise ignored.

        Returns
        -------
        self : CooccurrenceVectorizer
        """
        if transform not in (None, "default", "pandas", "polars"):
            raise ValueError(
                f"transform must be 'default', 'pandas', 'polars' or None, got {transform!r}."
            )
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
