"""Id streams and encoded corpora: ids within the words, and something that co-occurs."""

import numpy as np

from ._vocabulary import check_word_counts, check_words

__all__ = ["SubsamplingError", "check_encoded_corpus", "check_pairs", "check_stream",
           "document_lengths", "window_pair_count"]


class SubsamplingError(ValueError):
    """Frequency subsampling leaves no pair that co-occurs.

    A ``ValueError`` whose advice (raise the threshold, or turn it off) names
    the parameter of the estimator that raised it; a caller that chose the
    threshold itself (``EmbeddingVectorizer``'s recipe) catches it and says
    what its own user can do.
    """


def check_stream(stream, n_words, *, what="stream"):
    """An id stream as contiguous int32 with every id in ``[0, n_words)`` or ``-1``.

    ``-1`` ends a document. Raises ``ValueError`` naming the first id out of
    range, ``TypeError`` for a stream that is not integers.
    """
    raw = np.asarray(stream)
    if raw.ndim != 1:
        raise ValueError(f"{what} must be 1-D, got shape {raw.shape}.")
    if raw.size and raw.dtype.kind not in "iu":
        raise TypeError(f"{what} must hold integer ids, got dtype {raw.dtype}.")
    if raw.size:
        lo, hi = int(raw.min()), int(raw.max())
        if lo < -1 or hi >= n_words:
            bad = int(np.flatnonzero((raw < -1) | (raw >= n_words))[0])
            raise ValueError(
                f"{what}[{bad}] is {int(raw[bad])}, outside the {n_words} words: ids "
                f"must be in 0..{n_words - 1}, or -1 to end a document."
            )
    return np.ascontiguousarray(raw, dtype=np.int32)

def check_encoded_corpus(corpus):
    """Validate an :class:`~skw2v.statistics.EncodedCorpus` built by hand.

    ``words`` must be distinct str, ``counts`` one int per word, the stream's
    ids inside the words, and ``counts`` the number of times each id occurs in
    the stream (what :func:`~skw2v.statistics.encode_corpus` returns).

    Returns
    -------
    EncodedCorpus
        Of the same type, with arrays in canonical dtypes.
    """
    for field in ("words", "counts", "stream"):
        if not hasattr(corpus, field):
            raise TypeError(
                f"Expected an EncodedCorpus (words, counts, stream), got "
                f"{type(corpus).__name__} without {field!r}."
            )
    words = check_words(corpus.words, what="EncodedCorpus.words")
    counts = check_word_counts(corpus.counts, words.shape[0], what="EncodedCorpus.counts")
    stream = check_stream(corpus.stream, words.shape[0], what="EncodedCorpus.stream")
    seen = np.bincount(stream[stream >= 0], minlength=words.shape[0])
    bad = np.flatnonzero(seen != counts)
    if bad.size:
        i = bad[0]
        raise ValueError(
            f"EncodedCorpus.counts[{i}] ({words[i]!r}) is {counts[i]}, but the stream "
            f"holds that id {seen[i]} times; counts must count the stream "
            "(build the corpus with encode_corpus)."
        )
    return type(corpus)(words, counts, stream)

def document_lengths(stream):
    """Tokens (ids >= 0) of each non-empty document of a stream cut by ``-1``."""
    ends = np.flatnonzero(stream < 0)
    bounds = np.concatenate(([-1], ends, [stream.shape[0]]))
    lengths = np.diff(bounds) - 1
    return lengths[lengths > 0]

def window_pair_count(lengths, window):
    """(centre, context) pairs of documents of these lengths, within ``window``.

    A document of ``L`` tokens has ``2 * sum_{d=1}^{m} (L - d)`` ordered pairs,
    ``m = min(window, L - 1)``.
    """
    L = np.asarray(lengths, dtype=np.float64)
    m = np.minimum(float(min(window, 2**62)), np.maximum(L - 1.0, 0.0))
    return float(np.sum(2.0 * (m * L - m * (m + 1.0) / 2.0)))

def check_pairs(stream, window, *, keep=None, subsample=None, param="subsample",
                off="None"):
    """Refuse a stream in which no word has a context word.

    Windows stop at document ends, so a corpus whose documents each hold at
    most one vocabulary word gives no training pair at all: an all-zero
    co-occurrence matrix, or an embedding that is its random initialisation.

    Parameters
    ----------
    stream : ndarray of int32
        Vocabulary ids, ``-1`` after each document (after out-of-vocabulary
        tokens are removed).
    window : int
    keep : ndarray of float64 of shape (V,), default=None
        Probability that subsampling keeps each word's occurrences. When
        given, also refuse a stream in which fewer than one pair is expected
        to survive subsampling (bounded above by ``E[K (K - 1)]`` summed
        over documents, ``K`` a document's kept tokens).
    subsample : float, default=None
        The subsampling threshold, for the message.
    param : str, default="subsample"
        The parameter's name, for the message (``"sample"`` for SGNS).
    off : str, default="None"
        The value that turns subsampling off, for the message (``"0"`` for SGNS).

    Returns
    -------
    n_pairs : float
        Pairs in the stream (before subsampling).

    Raises
    ------
    ValueError
        Naming what happened: no vocabulary word in the corpus, only
        one-token documents (a flat list of tokens passed as documents), or a
        subsampling threshold that discards nearly everything.
    """
    lengths = document_lengths(stream)
    n_tokens = int(lengths.sum())
    if n_tokens == 0:
        raise ValueError(
            "No vocabulary word occurs in the corpus, so nothing co-occurs: check a "
            "fixed vocabulary against the corpus's tokens (and lowercase=), or lower "
            "min_count."
        )
    n_pairs = window_pair_count(lengths, window)
    if n_pairs == 0:
        raise ValueError(
            f"No two vocabulary words share a document: all {lengths.size} documents "
            "with a vocabulary word hold just one (windows stop at document ends), so "
            "nothing co-occurs. A flat list of tokens such as ['the', 'cat', 'sat'] is "
            "read as one-word documents: pass [tokens] for one document, or a list of "
            "documents (strings or token lists)."
        )
    if keep is not None:
        p = np.asarray(keep, dtype=np.float64)[stream[stream >= 0]]
        doc = np.repeat(np.arange(lengths.size), lengths)
        s1 = np.bincount(doc, weights=p, minlength=lengths.size)
        s2 = np.bincount(doc, weights=p * p, minlength=lengths.size)
        expected = float(np.sum(s1 * s1 - s2))  # >= E[pairs]
        if expected < 1.0:
            raise SubsamplingError(
                f"{param}={subsample!r} keeps about {p.sum():.3g} of {n_tokens} tokens, "
                f"and fewer than one pair ({expected:.3g}) is expected to survive in a "
                f"document: nothing would co-occur. Raise {param} (word2vec uses 1e-3 to "
                f"1e-5) or set it to {off}."
            )
    return n_pairs
