"""Turning whatever the user holds into WordVectors, and vocabulary keys for lookups."""

import numpy as np

from .._vectors import WordVectors, check_restrict_vocab

__all__ = ["as_word_vectors", "check_restrict_vocab", "vocabulary_keys"]


def as_word_vectors(vectors):
    """WordVectors from a WordVectors, a fitted embedding estimator, a Pipeline ending
    in one, or a gensim ``KeyedVectors`` / model (anything with ``index_to_key``)."""
    if isinstance(vectors, WordVectors):
        return vectors
    steps = getattr(vectors, "steps", None)
    if steps is not None:  # a Pipeline: its last step holds the embedding
        if not steps:
            raise TypeError("The Pipeline has no steps.")
        return as_word_vectors(steps[-1][1])
    if hasattr(vectors, "fit") and hasattr(vectors, "get_params"):
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(vectors, "embedding_")
        wv = getattr(vectors, "wv", None)
        if isinstance(wv, WordVectors):
            return wv
        return WordVectors(vectors.words_, vectors.embedding_)
    kv = getattr(vectors, "wv", vectors)
    if isinstance(kv, WordVectors):
        return kv
    if hasattr(kv, "index_to_key") and hasattr(kv, "vectors"):
        return WordVectors(list(kv.index_to_key), kv.vectors)
    raise TypeError(
        f"Expected WordVectors, a fitted embedding estimator (with words_ and embedding_), "
        f"a Pipeline ending in one, or gensim KeyedVectors; got {type(vectors).__name__}."
    )


def vocabulary_keys(words, case_insensitive):
    """Lookup keys of the first len(words) rows.

    Returns ``(key_to_id, row_key, key_row)``: a dict key -> key id, the key id
    of each row, and the row standing for each key (its first, i.e. most
    frequent, row). With ``case_insensitive`` words that differ only in case
    share one key, as in gensim's evaluation.
    """
    key_to_id = {}
    key_row = []
    row_key = np.empty(len(words), dtype=np.intp)
    for i, w in enumerate(words):
        k = w.lower() if case_insensitive else w
        kid = key_to_id.get(k)
        if kid is None:
            kid = key_to_id[k] = len(key_row)
            key_row.append(i)
        row_key[i] = kid
    return key_to_id, row_key, np.asarray(key_row, dtype=np.intp)
