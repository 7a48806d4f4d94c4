"""The mean task vector of a relation along the eigen-features of the target matrix."""

from dataclasses import dataclass, field

import numpy as np

from .._inputs import final_step
from ..linalg import column_signs
from ._task_vectors import task_vectors

__all__ = ["TaskVectorProjection", "task_vector_projection"]


@dataclass(frozen=True)
class TaskVectorProjection:
    """The mean task vector written in the eigen-features of the target matrix.

    Attributes
    ----------
    coefficients : ndarray of float64 of shape (n_features,)
        Component ``k`` of the mean task vector along eigen-feature ``k``, in
        embedding units (``lambda_k^p`` times the mean of
        ``v_k[b] - v_k[a]``).
    share : ndarray of float64 of shape (n_features,)
        ``coefficients ** 2 / sum(coefficients ** 2)``: the part of the mean
        task vector's squared norm each feature carries.
    order : ndarray of int64
        Feature indices by decreasing share.
    concepts : list of (list of str, list of str)
        ``concepts[j]`` is (words at the positive end, words at the negative
        end) of feature ``order[j]``, from ``estimator.concepts`` when it has
        one (QWEM), else an empty list. A positive coefficient means the
        relation moves words toward the positive end.
    """

    coefficients: np.ndarray
    share: np.ndarray
    order: np.ndarray
    concepts: list = field(default_factory=list)

    def top(self, n=5):
        """``(feature, share)`` of the ``n`` features that carry most."""
        idx = self.order[:n]
        return list(zip(idx.tolist(), self.share[idx].tolist()))


def task_vector_projection(estimator, pairs, *, lowercase=False, basis="auto",
                           n_concepts=5):
    """Which eigen-features of the target matrix carry a relation.

    The mean task vector of a family is written along the eigen-features of a
    fitted closed-form estimator (QWEM: eigenvectors of M*; PMI-SVD: singular
    vectors of the PMI matrix).

    Parameters
    ----------
    estimator : fitted estimator, Pipeline ending in one, or WordVectors
    pairs : str or sequence of (str, str)
        As for :func:`task_vectors`.
    lowercase : bool, default=False
    basis : {"auto", "eigenvectors", "embedding"}, default="auto"
        "eigenvectors": coefficient ``k`` is the mean of ``v_k[b] - v_k[a]``
        over the pairs, ``v_k`` the estimator's ``eigenvectors_[:, k]`` with
        the sign that makes its largest loading positive (as
        :func:`skw2v.dynamics.concepts` shows it): how much the relation moves
        along concept ``k`` whatever its weight in the embedding.
        "embedding": the mean task vector's coordinates in the embedding
        (``lambda_k^p`` times the above for QWEM): how much of the vector the
        analogy arithmetic sees lies along each feature. "auto" uses
        eigenvectors when the estimator has ``eigenvectors_``.
    n_concepts : int, default=5
        Describe the top ``n_concepts`` features with ``estimator.concepts()``
        when the estimator has it.

    Returns
    -------
    TaskVectorProjection

    Examples
    --------
    >>> import numpy as np
    >>> from skw2v import WordVectors
    >>> from skw2v.analysis import task_vector_projection
    >>> wv = WordVectors(["a", "b", "c", "d"], [[1, 0], [1, 2], [0, 1], [0, 3]])
    >>> proj = task_vector_projection(wv, [("a", "b"), ("c", "d")])
    >>> proj.coefficients.tolist(), proj.order.tolist()
    ([0.0, 2.0], [1, 0])
    """
    if basis not in ("auto", "eigenvectors", "embedding"):
        raise ValueError(
            f"basis must be 'auto', 'eigenvectors' or 'embedding', got {basis!r}."
        )
    final = final_step(estimator)
    vecs = getattr(final, "eigenvectors_", None)
    if basis == "eigenvectors" and vecs is None:
        raise ValueError(
            f"{type(final).__name__} has no eigenvectors_; use basis='embedding'."
        )
    if basis != "embedding" and vecs is not None:
        vecs = np.asarray(vecs, dtype=np.float64)
        tv = task_vectors(vecs * column_signs(vecs), pairs, words=final.words_, lowercase=lowercase)
    else:
        tv = task_vectors(estimator, pairs, lowercase=lowercase)
    coef = tv.mean
    energy = coef ** 2
    total = energy.sum()
    if total == 0:
        raise ValueError("The mean task vector is zero: the pairs carry no common direction.")
    share = energy / total
    order = np.argsort(-share, kind="stable")
    concepts = []
    describe = getattr(final, "concepts", None)
    if callable(describe) and n_concepts:
        concepts = _describe_features(describe, order[:int(n_concepts)])
    return TaskVectorProjection(coefficients=coef, share=share, order=order,
                                concepts=concepts)


def _describe_features(describe, features, n_words=6):
    """(positive-end words, negative-end words) of each feature, via ``concepts``."""
    out = []
    for k in features:
        pos = [w for w, _ in describe(int(k), topn=n_words, side="positive")]
        neg = [w for w, _ in describe(int(k), topn=n_words, side="negative")]
        out.append((pos, neg))
    return out
