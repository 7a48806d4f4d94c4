"""What the scorers, analyses and model selection accept from a user.

An embedding comes as ``WordVectors``, a fitted estimator, a ``Pipeline``
ending in one, or a gensim ``KeyedVectors`` / model; word pairs come as
``(a, b)`` tuples or as analogy questions ``a b c d``. These helpers turn them
into one form, so that :mod:`skw2v.scorers`, :mod:`skw2v.analysis` and
:mod:`skw2v.model_selection` unwrap them the same way (and none has to import
another for it).
"""

from sklearn.utils.validation import check_is_fitted

from ._vectors import WordVectors

__all__ = ["as_word_vectors", "check_pairs", "distinct_pairs", "final_step",
           "gensim_vectors"]


def final_step(estimator):
    """The estimator a Pipeline (possibly nested) ends in; anything else unchanged.

    Raises
    ------
    TypeError
        When a Pipeline has no steps.
    """
    while True:
        steps = getattr(estimator, "steps", None)
        if steps is None:
            return estimator
        if not steps:
            raise TypeError("The Pipeline has no steps.")
        estimator = steps[-1][1]


def as_word_vectors(vectors):
    """WordVectors from a WordVectors, a fitted embedding estimator, a Pipeline ending
    in one, or a gensim ``KeyedVectors`` / model (anything with ``index_to_key``)."""
    vectors = final_step(vectors)
    if isinstance(vectors, WordVectors):
        return vectors
    if hasattr(vectors, "fit") and hasattr(vectors, "get_params"):
        check_is_fitted(vectors, "embedding_")
        wv = getattr(vectors, "wv", None)
        if isinstance(wv, WordVectors):
            return wv
        return WordVectors(vectors.words_, vectors.embedding_)
    kv = getattr(vectors, "wv", vectors)
    if isinstance(kv, WordVectors):
        return kv
    wv = gensim_vectors(vectors)
    if wv is not None:
        return wv
    raise TypeError(
        f"Expected WordVectors, a fitted embedding estimator (with words_ and embedding_), "
        f"a Pipeline ending in one, or gensim KeyedVectors; got {type(vectors).__name__}."
    )


def gensim_vectors(obj):
    """WordVectors of gensim ``KeyedVectors`` or of a model holding them (``.wv``); else None.

    Told by the API (``index_to_key`` and ``vectors``), not by type: gensim
    is an optional dependency and is not imported.
    """
    kv = getattr(obj, "wv", obj)
    if isinstance(kv, WordVectors) or not (hasattr(kv, "index_to_key")
                                           and hasattr(kv, "vectors")):
        return None
    return WordVectors.from_gensim(kv)


def distinct_pairs(questions):
    """(a, b) and (c, d) of each analogy question ``a b c d``, distinct, first-seen order.

    Examples
    --------
    >>> distinct_pairs([("a", "b", "c", "d"), ("c", "d", "a", "b"), ("a", "b", "e", "f")])
    [('a', 'b'), ('c', 'd'), ('e', 'f')]
    """
    seen = {}
    for q in questions:
        q = tuple(q)
        if len(q) != 4:
            raise ValueError(f"An analogy question has 4 words, got {q!r}.")
        seen.setdefault((q[0], q[1]), None)
        seen.setdefault((q[2], q[3]), None)
    return list(seen)


def check_pairs(pairs):
    """A non-empty list of ``(a, b)`` word pairs, or a clear error."""
    if isinstance(pairs, str):
        raise TypeError("pairs must be a sequence of (a, b) word pairs, not a string.")
    out = []
    for p in pairs:
        if isinstance(p, str) or len(p) != 2:
            raise ValueError(f"Each pair must be two words (a, b), got {p!r}.")
        out.append((p[0], p[1]))
    if not out:
        raise ValueError("No word pairs given.")
    return out
