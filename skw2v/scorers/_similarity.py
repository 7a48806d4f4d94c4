"""Word-similarity benchmarks: correlation of cosines with human judgements."""

import os
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._inputs import as_word_vectors
from .._vectors import check_restrict_vocab
from ..datasets import WordPairs, load_simlex999, load_word_pairs, load_wordsim353
from ._common import vocabulary_keys

__all__ = ["SimilarityResult", "word_similarity"]

_NAMED = {"wordsim353": load_wordsim353, "simlex999": load_simlex999}


@dataclass(frozen=True)
class SimilarityResult:
    """Outcome of :func:`word_similarity`.

    Attributes
    ----------
    spearman, pearson : float
        Correlations between the model's cosines and the human scores.
    spearman_pvalue, pearson_pvalue : float
    n_pairs : int
        Pairs that entered the correlation.
    n_oov : int
        Pairs with a word outside the (restricted) vocabulary: skipped, or scored
        as similarity 0 when ``oov="zero"`` (then they are also in ``n_pairs``).
    oov : {"skip", "zero"}
        The policy used.
    """

    spearman: float
    pearson: float
    spearman_pvalue: float
    pearson_pvalue: float
    n_pairs: int
    n_oov: int
    oov: str = "skip"

    @property
    def oov_ratio(self):
        """Share of the data set's pairs with an out-of-vocabulary word (0-1)."""
        total = self.n_pairs + (self.n_oov if self.oov == "skip" else 0)
        return self.n_oov / total if total else 0.0

    def __float__(self):
        return float(self.spearman)


def _resolve_pairs(pairs, case_insensitive):
    if pairs is None:
        pairs = "wordsim353"
    if isinstance(pairs, str) and pairs in _NAMED:
        return _NAMED[pairs](lowercase=case_insensitive)
    if isinstance(pairs, (str, os.PathLike)):
        return load_word_pairs(pairs, lowercase=case_insensitive)
    wp = WordPairs.from_triples(pairs)
    if case_insensitive:
        lower = np.vectorize(str.lower, otypes=[object])
        wp = WordPairs(lower(wp.word1), lower(wp.word2), wp.score, wp.source)
    return wp


def word_similarity(vectors, pairs=None, *, restrict_vocab=None, case_insensitive=True,
                    oov="skip"):
    """Spearman (and Pearson) correlation of cosine similarities with human scores.

    Parameters
    ----------
    vectors : WordVectors, fitted embedding estimator, Pipeline ending in one, or
        gensim KeyedVectors
    pairs : WordPairs, iterable of (word1, word2, score), path, "wordsim353" or
        "simlex999", default=None
        None means WordSim-353 as shipped in :mod:`skw2v.datasets`.
    restrict_vocab : int, default=None
        Only the first ``restrict_vocab`` rows count as in the vocabulary.
    case_insensitive : bool, default=True
        Lowercase pairs and vocabulary (the most frequent case variant stands
        for a word), as gensim's ``evaluate_word_pairs`` does.
    oov : {"skip", "zero"}, default="skip"
        What to do with a pair that has an unknown word: leave it out, or score
        it as similarity 0 (gensim's ``dummy4unknown``). Either way
        ``n_oov`` reports how many there were.

    Returns
    -------
    SimilarityResult

    Raises
    ------
    ValueError
        If fewer than two pairs can be scored, or the model's similarities are
        all equal (the correlation would be undefined).

    Examples
    --------
    >>> from skw2v import WordVectors
    >>> from skw2v.scorers import word_similarity
    >>> wv = WordVectors(["cat", "dog", "car"], [[1, 0.2], [1, 0.4], [0.1, 1]])
    >>> res = word_similarity(wv, [("cat", "dog", 9.0), ("cat", "car", 2.0),
    ...                            ("dog", "car", 3.0), ("cat", "truck", 1.0)])
    >>> res.spearman, res.n_pairs, res.n_oov
    (1.0, 3, 1)
    """
    if oov not in ("skip", "zero"):
        raise ValueError(f"oov must be 'skip' or 'zero', got {oov!r}.")
    wv = as_word_vectors(vectors)
    wp = _resolve_pairs(pairs, case_insensitive)
    n = check_restrict_vocab(restrict_vocab, len(wv))
    key_to_id, _, key_row = vocabulary_keys(wv.words[:n].tolist(), case_insensitive)
    i1 = np.array([key_to_id.get(w, -1) for w in wp.word1], dtype=np.intp)
    i2 = np.array([key_to_id.get(w, -1) for w in wp.word2], dtype=np.intp)
    known = (i1 >= 0) & (i2 >= 0)
    n_oov = int((~known).sum())
    U = wv.unit_vectors
    r1, r2 = key_row[i1[known]], key_row[i2[known]]
    cos = np.einsum("ij,ij->i", U[r1].astype(np.float64), U[r2].astype(np.float64))
    gold = wp.score[known]
    if oov == "zero":
        model = np.zeros(len(wp))
        model[known] = cos
        gold = wp.score
    else:
        model = cos
    if model.shape[0] < 2:
        raise ValueError(
            f"Only {model.shape[0]} of the {len(wp)} word pairs have both words in the "
            f"vocabulary of {n} words; a correlation needs at least 2. Check the case of "
            "the words and the vocabulary size."
        )
    if np.ptp(model) == 0 or np.ptp(gold) == 0:
        raise ValueError(
            "The similarities (model or human) are all equal on the scored pairs; the "
            "correlation is undefined."
        )
    sp = stats.spearmanr(gold, model)
    pe = stats.pearsonr(gold, model)
    return SimilarityResult(float(sp.statistic), float(pe.statistic), float(sp.pvalue),
                            float(pe.pvalue), int(model.shape[0]), n_oov, oov)
