"""Vocabulary keys for the lookups of the analogy and similarity scores."""

import numpy as np

__all__ = ["vocabulary_keys"]


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
