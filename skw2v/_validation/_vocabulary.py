"""Words (fixed vocabularies, a matrix's words) and their counts."""

from numbers import Integral

import numpy as np

from .._words import as_word_array
from ._parameters import _is_bool

__all__ = ["check_word_counts", "check_words"]

_INT64_MAX = np.iinfo(np.int64).max


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
