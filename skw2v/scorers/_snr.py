"""Scorer for model selection: the task-vector SNR of analogy families.

The SNR itself (and the rest of the random-matrix analysis of task vectors) is
in :mod:`skw2v.analysis`; this module only turns it into a
``scorer(estimator, X, y)`` over several families.
"""

from numbers import Integral

import numpy as np

from .._inputs import as_word_vectors, check_pairs, distinct_pairs
from ..analysis import family_pairs, task_vector_snr, task_vectors

__all__ = ["make_snr_scorer"]


class _SNRScorer:
    """Callable ``scorer(estimator, X, y=None)`` -> aggregated SNR over families."""

    def __init__(self, families, normalize, aggregate, rank_tol, min_pairs):
        self.families = families
        self.normalize = normalize
        self.aggregate = aggregate
        self.rank_tol = rank_tol
        self.min_pairs = min_pairs

    def score_families(self, estimator, *, return_skipped=False):
        """SNR of each family with at least ``min_pairs`` pairs in the vocabulary.

        Returns a dict family -> SNR, and with ``return_skipped`` also a dict
        family -> number of in-vocabulary pairs of the families left out.
        """
        wv = as_word_vectors(estimator)
        index = wv.key_to_index
        out, skipped = {}, {}
        for name, pairs in self.families.items():
            n_in = sum(1 for a, b in pairs if a.lower() in index and b.lower() in index)
            if n_in < self.min_pairs:
                skipped[name] = n_in
                continue
            tv = task_vectors(wv, pairs, lowercase=True, normalize=self.normalize)
            out[name] = task_vector_snr(tv, rank_tol=self.rank_tol)
        return (out, skipped) if return_skipped else out

    def __call__(self, estimator, X=None, y=None):
        scores, skipped = self.score_families(estimator, return_skipped=True)
        if not scores:
            raise ValueError(
                f"No family has {self.min_pairs} or more pairs in the vocabulary "
                f"(in-vocabulary pairs: {skipped}); the SNR is undefined."
            )
        snr = np.array(list(scores.values()))
        if self.aggregate == "mean":
            return float(snr.mean())
        if self.aggregate == "median":
            return float(np.median(snr))
        return float(np.exp(np.log(snr).mean()))

    def __repr__(self):
        return (f"make_snr_scorer(families={list(self.families)}, "
                f"aggregate={self.aggregate!r}, normalize={self.normalize})")


def make_snr_scorer(families=None, *, aggregate="geometric", normalize=False, rank_tol=None,
                    min_pairs=3):
    """Scorer for ``GridSearchCV``: the task-vector SNR of analogy families.

    Parameters
    ----------
    families : str, sequence of str, dict or AnalogyQuestions, default=None
        Shipped Google analogy sections by name (all 14 by default), or a dict
        name -> sequence of (a, b) pairs (or of analogy questions (a, b, c, d),
        whose distinct pairs are used), or analogy questions by section.
    aggregate : {"geometric", "mean", "median"}, default="geometric"
        How the SNRs of several families become one number. The geometric mean
        suits a ratio that spans orders of magnitude across families.
    normalize : bool, default=False
        Unit-normalise word vectors first (see :func:`skw2v.analysis.task_vectors`).
    rank_tol : float, default=None
        See :func:`skw2v.analysis.task_vector_snr`.
    min_pairs : int, default=3
        Families with fewer pairs in the vocabulary are left out of the
        aggregate (a small vocabulary lacks most currencies, say);
        ``scorer.score_families(estimator, return_skipped=True)`` lists them.
        If no family is left the scorer raises.

    Returns
    -------
    callable
        ``scorer(estimator, X, y=None) -> float``; larger is better. X and y
        are ignored: the families are the test set.

    Examples
    --------
    >>> from skw2v.scorers import make_snr_scorer
    >>> scorer = make_snr_scorer({"toy": [("a", "b"), ("c", "d")]})
    >>> scorer
    make_snr_scorer(families=['toy'], aggregate='geometric', normalize=False)
    """
    if aggregate not in ("geometric", "mean", "median"):
        raise ValueError(
            f"aggregate must be 'geometric', 'mean' or 'median', got {aggregate!r}."
        )
    if hasattr(families, "sections"):  # AnalogyQuestions
        families = families.sections
    if isinstance(families, dict):
        fam = {}
        for name, items in families.items():
            items = list(items)
            if items and len(items[0]) == 4:  # analogy questions
                fam[str(name)] = distinct_pairs(items)
            else:
                fam[str(name)] = check_pairs(items)
    else:
        fam = family_pairs(families)
    if not fam:
        raise ValueError("No families given.")
    if not isinstance(min_pairs, Integral) or min_pairs < 2:
        raise ValueError(f"min_pairs must be an integer >= 2, got {min_pairs!r}.")
    return _SNRScorer(fam, normalize, aggregate, rank_tol, int(min_pairs))
