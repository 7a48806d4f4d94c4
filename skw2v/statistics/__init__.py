"""Corpus -> statistics: tokenisation, vocabulary and windowed co-occurrence counts."""

from ._cooccurrence_matrix import CooccurrenceMatrix, check_cooccurrence
from ._corpus import EncodedCorpus, encode_corpus, restrict_stream, select_vocabulary
from ._vectorizer import CooccurrenceVectorizer, window_weights

__all__ = [
    "CooccurrenceMatrix",
    "CooccurrenceVectorizer",
    "EncodedCorpus",
    "check_cooccurrence",
    "encode_corpus",
    "restrict_stream",
    "select_vocabulary",
    "window_weights",
]
