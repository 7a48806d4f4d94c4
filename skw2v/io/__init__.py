"""Word-vector files: the word2vec text and binary formats (gensim-compatible)."""

from ._word2vec_format import read_word2vec, write_word2vec

__all__ = [
    "load_word2vec_format",
    "read_word2vec",
    "save_word2vec_format",
    "write_word2vec",
]


def save_word2vec_format(vectors, path, *, binary=False):
    """Save word vectors in the word2vec format gensim reads.

    Parameters
    ----------
    vectors : WordVectors or fitted embedding estimator
        Anything with a ``wv`` attribute, or ``words`` and ``vectors``.
    path : str or PathLike
    binary : bool, default=False

    Examples
    --------
    >>> import os, tempfile
    >>> from skw2v import WordVectors
    >>> from skw2v.io import save_word2vec_format, load_word2vec_format
    >>> wv = WordVectors(["king", "queen"], [[1.0, 0.5], [0.5, 1.0]])
    >>> path = os.path.join(tempfile.mkdtemp(), "vectors.txt")
    >>> save_word2vec_format(wv, path)
    >>> load_word2vec_format(path)["queen"]
    array([0.5, 1. ], dtype=float32)
    """
    wv = getattr(vectors, "wv", vectors)
    write_word2vec(path, wv.words, wv.vectors, binary=binary)


def load_word2vec_format(path, *, binary=False, limit=None):
    """Load a word2vec text or binary file (as gensim writes it) as WordVectors.

    Parameters
    ----------
    path : str or PathLike
        A ``.gz`` suffix is decompressed.
    binary : bool, default=False
    limit : int, default=None
        Read only the first ``limit`` words (files are usually most frequent first).

    Returns
    -------
    WordVectors
    """
    from .._vectors import WordVectors

    words, vectors = read_word2vec(path, binary=binary, limit=limit)
    return WordVectors(words, vectors)
