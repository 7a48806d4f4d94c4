"""Lists of words: the one check they go through (one str per row), and how messages name them."""

import numpy as np

__all__ = ["as_word_array", "name_some"]


def as_word_array(words, n_rows):
    """``words`` as a 1-D object array of str, one per row of the vectors.

    Raises
    ------
    TypeError
        A single string instead of a sequence, or a word that is not a str.
    ValueError
        Not one word per row.
    """
    if isinstance(words, str):
        raise TypeError("words must be a sequence of words, not a single string.")
    words = np.asarray(list(words), dtype=object)
    if words.ndim != 1 or words.shape[0] != n_rows:
        raise ValueError(
            f"{words.shape[0]} words but {n_rows} vectors; give one word per row."
        )
    for w in words:
        if not isinstance(w, str):
            raise TypeError(f"words must be str, got {type(w).__name__} ({w!r}).")
    return words


def name_some(words, n=5):
    """The first ``n`` of ``words`` quoted for a message, ``", ..."`` after them if more.

    >>> name_some(["a", "b", "c"], n=2)
    "'a', 'b', ..."
    """
    words = list(words)
    return ", ".join(repr(str(w)) for w in words[:n]) + (", ..." if len(words) > n else "")
