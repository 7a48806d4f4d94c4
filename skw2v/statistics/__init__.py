"""Corpus -> statistics: tokenisation, vocabulary and windowed co-occurrence counts."""

from ._cooccurrence_matrix import CooccurrenceMatrix, check_cooccurrence

__all__ = ["CooccurrenceMatrix", "check_cooccurrence"]
