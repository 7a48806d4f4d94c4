"""Word-vector files: word2vec text and binary, GloVe text, and skw2v's ``.npy`` layout.

This package works on plain arrays (words and a V x d table) and is the only
implementation of each format in skw2v. :class:`skw2v.WordVectors` (its
``load_word2vec_format``, ``save_word2vec_format``, ``load`` and ``save``) and
the estimators' ``save_word2vec_format`` are built on it; it imports nothing
from them. Every file is written through :func:`atomic_write`.
"""

from ._atomic import atomic_write
from ._npy_format import is_vectors_npy, read_vectors_npy, write_vectors_npy
from ._word2vec_format import detect_word2vec_format, read_word2vec, write_word2vec

__all__ = [
    "atomic_write",
    "detect_word2vec_format",
    "is_vectors_npy",
    "read_vectors_npy",
    "read_word2vec",
    "write_vectors_npy",
    "write_word2vec",
]
