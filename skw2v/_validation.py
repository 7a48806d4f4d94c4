"""One validation of every public input surface, shared by every estimator.

Kernels assume valid inputs (ids inside the vocabulary, counts that fit,
finite weights); whatever a user hands skw2v passes through one of these
checks first. Each raises early, with a message that names the value and
the fix:

- parameters: :class:`Integers` and :class:`Reals` are the
  ``_parameter_constraints`` intervals of scikit-learn that also refuse
  ``bool`` (``Interval(Integral, ...)`` accepts ``True`` as 1);
- words and fixed vocabularies: :func:`check_words`;
- word counts (a corpus's, a matrix's ``word_counts``): :func:`check_word_counts`;
- id streams and encoded corpora: :func:`check_stream`, :func:`check_encoded_corpus`;
- training pairs: :func:`check_pairs` (a corpus in which nothing co-occurs);
- powers of data (``counts ** ns_exponent`` and the like): :func:`check_power`;
- sizes: :func:`check_allocation` (an array that would not fit in memory);
- files: :func:`check_file` (missing, a folder), :func:`check_text_head`
  (another compression than gzip, a binary file), :func:`explain_decode_error`
  (a ``UnicodeDecodeError`` that names the file).

This module imports nothing from the rest of skw2v but the word check, so
every layer can use it.
"""

import math
import os
from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval

from ._words import as_word_array

__all__ = [
    "InputTooLargeError",
    "Integers",
    "Reals",
    "check_allocation",
    "check_encoded_corpus",
    "check_file",
    "check_pairs",
    "check_power",
    "check_stream",
    "check_text_head",
    "check_word_counts",
    "check_words",
    "explain_decode_error",
    "document_lengths",
    "fits_in_memory",
    "format_bytes",
    "window_pair_count",
]

_INT64_MAX = np.iinfo(np.int64).max
# exp(709) is the largest power of e below float64's maximum.
_LOG_FLOAT_MAX = 709.0
_LOG_FLOAT_TINY = -708.0


def _is_bool(value):
    return isinstance(value, (bool, np.bool_))


class Integers(Interval):
    """``Interval(Integral, left, right, closed=...)`` that refuses ``bool``.

    scikit-learn's interval accepts ``True`` wherever an int is allowed
    (``bool`` is an ``Integral``), so ``n_components=True`` would fit one
    component. Use this in ``_parameter_constraints`` instead.

    Examples
    --------
    >>> from skw2v._validation import Integers
    >>> c = Integers(1, None, closed="left")
    >>> c.is_satisfied_by(3), c.is_satisfied_by(True), c.is_satisfied_by(0)
    (True, False, False)
    """

    def __init__(self, left, right, *, closed):
        super().__init__(Integral, left, right, closed=closed)

    def is_satisfied_by(self, val):
        return not _is_bool(val) and super().is_satisfied_by(val)

    def __str__(self):
        return super().__str__() + " (not a bool)"


class Reals(Interval):
    """``Interval(Real, left, right, closed=...)`` that refuses ``bool`` (and NaN)."""

    def __init__(self, left, right, *, closed):
        super().__init__(Real, left, right, closed=closed)

    def is_satisfied_by(self, val):
        if _is_bool(val) or (isinstance(val, Real) and math.isnan(val)):
            return False
        return super().is_satisfied_by(val)

    def __str__(self):
        return super().__str__() + " (not a bool)"


class InputTooLargeError(MemoryError, ValueError):
    """An input asks for more memory than the machine has (caught as either base)."""


def format_bytes(n_bytes):
    """``n_bytes`` in the largest binary unit that keeps it >= 1 (``"7.3 TiB"``)."""
    value = float(n_bytes)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if value < 1024 or unit == "PiB":
            return f"{value:.3g} {unit}" if unit != "B" else f"{int(value)} B"
        value /= 1024
    return f"{value:.3g} EiB"  # pragma: no cover


def _physical_memory():
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # not POSIX: no limit known
        return None


def check_file(path, what, hint=""):
    """``path`` (str or PathLike) as a str naming an existing file that is not a folder.

    Raises
    ------
    FileNotFoundError, IsADirectoryError
        Naming ``what`` was expected at ``path``; ``hint`` follows the first.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No {what} at {path!r}.{hint and ' ' + hint}")
    if os.path.isdir(path):
        raise IsADirectoryError(f"{path!r} is a directory; pass the path of a {what}.")
    return path


# First bytes of compressed formats skw2v does not read (gzip it does).
_OTHER_COMPRESSION = {
    b"BZh": ("bzip2", "bunzip2 -k FILE"),
    b"\xfd7zXZ\x00": ("xz", "unxz -k FILE"),
    b"PK\x03\x04": ("zip", "unzip FILE"),
    b"\x28\xb5\x2f\xfd": ("zstd", "unzstd FILE"),
    b"7z\xbc\xaf\x27\x1c": ("7z", "7z x FILE"),
}
GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"


def check_text_head(head, path, what="text file", *, compressed=True):
    """Sniff the first bytes of a file that should be text (plain or gzip-compressed).

    Parameters
    ----------
    head : bytes
        The file's first bytes (a few KiB), as stored (still compressed).
    path : str
        For the message.
    what : str
        What the file should be, for the message.
    compressed : bool, default=True
        Whether ``head`` may be compressed (the bytes as stored); False for
        bytes already decompressed, which are only checked for NUL bytes.

    Returns
    -------
    bool
        Whether the file is gzip-compressed.

    Raises
    ------
    ValueError
        Another compression format (bzip2, xz, zip, zstd, 7z), with the command
        that decompresses it; or NUL bytes, i.e. a binary file or UTF-16 text.
    """
    if compressed and head.startswith(GZIP_MAGIC):
        return True
    for magic, (name, command) in _OTHER_COMPRESSION.items():
        if compressed and head.startswith(magic):
            raise ValueError(
                f"{path!r} is compressed with {name}; skw2v reads a {what} plain or "
                "gzip-compressed: "
                f"decompress it first ({command}) or recompress it with gzip."
            )
    if b"\x00" in head:
        raise ValueError(
            f"{path!r} holds NUL bytes: it is a binary file or UTF-16/32 text, not a "
            f"{what}. Pass a UTF-8 text file (re-encode it, e.g. iconv -f utf-16 -t utf-8)."
        )
    return False


def explain_decode_error(exc, reason):
    """A copy of the ``UnicodeDecodeError`` ``exc`` whose reason says where and what to do.

    ``raise explain_decode_error(exc, f"{exc.reason} in {path!r}; ...") from None``
    keeps the exception's type (callers may catch it) and its positions.
    """
    return UnicodeDecodeError(exc.encoding, exc.object, exc.start, exc.end, reason)


def fits_in_memory(n_bytes):
    """Whether ``n_bytes`` is at most the physical memory (True where it is unknown)."""
    limit = _physical_memory()
    return limit is None or n_bytes <= limit


def check_allocation(n_bytes, what, fix):
    """Refuse to allocate more than the machine's physical memory.

    Parameters
    ----------
    n_bytes : int or float
        Size that would be allocated.
    what : str
        What needs it, e.g. ``"the weights of window=10**12"``.
    fix : str
        What to change, e.g. ``"lower window"``.

    Raises
    ------
    InputTooLargeError
        ``n_bytes`` is more than the physical memory, naming both sizes.
    """
    if not fits_in_memory(n_bytes):
        limit = _physical_memory()
        raise InputTooLargeError(
            f"{what} would need {format_bytes(n_bytes)}, more than this machine's "
            f"{format_bytes(limit)} of memory; {fix}."
        )


def check_words(words, *, what="vocabulary"):
    """Words as a 1-D object array of distinct, non-empty ``str``.

    Parameters
    ----------
    words : sequence of str, or dict word -> row
        A dict must map its words to the rows ``0..V-1``, each once.
    what : str
        The name used in messages (``"vocabulary"``, ``"X.words"``...).

    Returns
    -------
    ndarray of object of shape (V,), in row order

    Raises
    ------
    TypeError
        A single string, a word that is not a ``str``, a dict row that is not an int.
    ValueError
        No words, an empty word, repeated words (named), rows that are not ``0..V-1``.
    """
    if isinstance(words, dict):
        words = _dict_to_words(words, what)
    if isinstance(words, (str, bytes)):
        raise TypeError(
            f"{what} must be a sequence of words, not a single {type(words).__name__} "
            f"({words[:40]!r}); wrap it in a list."
        )
    try:
        words = list(words)
    except TypeError:
        raise TypeError(
            f"{what} must be a sequence of str, got {type(words).__name__}."
        ) from None
    try:
        words = as_word_array(words, len(words))
    except TypeError as exc:
        raise TypeError(f"{what}: {exc}") from None
    if words.shape[0] == 0:
        raise ValueError(f"{what} is empty; give at least one word.")
    words = np.array([str(w) for w in words], dtype=object)  # np.str_ -> str
    if any(not w for w in words):
        raise ValueError(f"{what} contains an empty string; words must be non-empty.")
    if len(set(words.tolist())) != words.shape[0]:
        seen, repeated = set(), []
        for w in words.tolist():
            if w in seen and w not in repeated:
                repeated.append(w)
            seen.add(w)
        shown = ", ".join(repr(w) for w in repeated[:10])
        raise ValueError(
            f"{what} contains repeated words ({shown}); each word must appear once."
        )
    return words


def _dict_to_words(vocabulary, what):
    n = len(vocabulary)
    if n == 0:
        raise ValueError(f"{what} is empty; give at least one word.")
    rows = list(vocabulary.values())
    for row in rows:
        if _is_bool(row) or not isinstance(row, Integral):
            raise TypeError(
                f"{what} dict must map words to int rows, got {row!r} "
                f"({type(row).__name__})."
            )
    rows = np.asarray(rows, dtype=np.int64)
    if rows.min() != 0 or rows.max() != n - 1 or np.unique(rows).size != n:
        raise ValueError(
            f"{what} dict must map its {n} words to the rows 0..{n - 1}, each once; "
            f"got rows from {rows.min()} to {rows.max()}."
        )
    words = [None] * n
    for w, i in vocabulary.items():
        words[i] = w
    return words


def check_word_counts(counts, n_words, *, what="word_counts"):
    """Counts as int64: one per word, integral, finite, >= 0, with a sum that fits int64.

    Parameters
    ----------
    counts : array-like of shape (n_words,)
    n_words : int
        Number of words (V) the counts belong to.
    what : str
        The name used in messages.

    Returns
    -------
    ndarray of int64 of shape (n_words,)

    Raises
    ------
    TypeError
        Counts that are not numbers.
    ValueError
        Wrong length, NaN or infinite, negative, fractional, or a sum above
        2**63 - 1 (each naming the first offending entry or the sum).
    """
    raw = np.asarray(counts)
    if raw.dtype == object or raw.dtype.kind not in "biuf":
        raise TypeError(
            f"{what} must be numbers (one count per word), got dtype {raw.dtype}."
        )
    if raw.shape != (n_words,):
        raise ValueError(
            f"{what} has shape {raw.shape}, but there are {n_words} words; give one "
            "count per word."
        )
    if raw.dtype.kind == "f":
        bad = np.flatnonzero(~np.isfinite(raw))
        if bad.size:
            raise ValueError(
                f"{what}[{bad[0]}] is {raw[bad[0]]}; counts must be finite."
            )
        bad = np.flatnonzero((raw != np.floor(raw)) | (raw >= 2.0**63))
        if bad.size:
            raise ValueError(
                f"{what}[{bad[0]}] is {raw[bad[0]]}; counts must be whole numbers "
                "below 2**63 (occurrences, not frequencies)."
            )
    if raw.dtype.kind == "u" and raw.size and raw.max() > _INT64_MAX:
        raise ValueError(f"{what} has an entry above 2**63 - 1: {raw.max()}.")
    out = raw.astype(np.int64)
    bad = np.flatnonzero(out < 0)
    if bad.size:
        raise ValueError(f"{what}[{bad[0]}] is {out[bad[0]]}; counts must be >= 0.")
    if out.size and int(out.max()) > _INT64_MAX // out.size:
        total = sum(out.tolist())  # exact
        if total > _INT64_MAX:
            raise ValueError(
                f"{what} sums to {total}, more than 2**63 - 1: the counts would "
                "overflow; scale them down."
            )
    return out


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
    m = np.minimum(float(window), np.maximum(L - 1.0, 0.0))
    return float(np.sum(2.0 * (m * L - m * (m + 1.0) / 2.0)))


def check_pairs(stream, window, *, keep=None, subsample=None, param="subsample"):
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
            raise ValueError(
                f"{param}={subsample!r} keeps about {p.sum():.3g} of {n_tokens} tokens, "
                f"and fewer than one pair ({expected:.3g}) is expected to survive in a "
                f"document: nothing would co-occur. Raise {param} (word2vec uses 1e-3 to "
                f"1e-5) or set it to None."
            )
    return n_pairs


def check_power(values, exponent, name, *, what="the counts"):
    """Refuse an exponent that makes ``values ** exponent`` (or its sum) overflow or vanish.

    Only positive entries of ``values`` are considered (zeros stay zero); none
    of them may become 0 or infinite, nor may the sum of the powers.

    Parameters
    ----------
    values : array-like of float
    exponent : float
    name : str
        The parameter's name, e.g. ``"ns_exponent"``.
    what : str
        What ``values`` are, for the message.

    Raises
    ------
    ValueError
        Naming the exponent and the range of exponents that stay finite.
    """
    v = np.asarray(values, dtype=np.float64)
    v = v[v > 0]
    if v.size == 0 or exponent == 0:
        return
    lo, hi = float(np.log(v.min())), float(np.log(v.max()))
    top = max(exponent * lo, exponent * hi) + math.log(v.size)
    bottom = min(exponent * lo, exponent * hi)  # no positive value may vanish to 0
    if top > _LOG_FLOAT_MAX or bottom < _LOG_FLOAT_TINY:
        spread = max(abs(lo), abs(hi), 1e-300)
        bound = (_LOG_FLOAT_MAX - math.log(v.size)) / spread
        raise ValueError(
            f"{name}={exponent!r} overflows or underflows float64 on {what} (from "
            f"{v.min():.3g} to {v.max():.3g}): {what} ** {name} would not be finite and "
            f"positive. Use |{name}| below about {bound:.3g} (typical values are 0 to 1)."
        )
