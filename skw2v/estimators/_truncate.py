"""Fitted copies at fewer dimensions, for estimators whose top-d solution nests.

An embedding whose top ``d`` directions do not depend on how many were
computed (QWEM's eigenpairs, PMI-SVD's singular triplets) can serve every
smaller ``d`` from one fit; :func:`skw2v.model_selection.dimension_sweep` asks
for those copies through ``_truncate_components``.
"""

import copy
import numbers

from sklearn.utils.validation import check_is_fitted

__all__ = ["truncated_copy"]


def truncated_copy(estimator, n_components, *, rows=(), columns=()):
    """A shallow copy of a fitted embedding estimator cut to ``n_components``.

    Parameters
    ----------
    estimator : fitted EmbeddingMixin estimator
    n_components : int
        In ``[1, d]``, d the fitted dimension.
    rows : tuple of str
        Fitted attributes indexed by direction along their first axis
        (eigenvalues, singular values, ``components_``); None values stay None.
    columns : tuple of str
        Fitted attributes indexed by direction along their second axis
        (eigenvectors).

    Returns
    -------
    estimator
        The copy, with ``n_components`` set, those attributes sliced and
        ``embedding_`` cut to its first ``n_components`` columns.
    """
    check_is_fitted(estimator, "embedding_")
    n = estimator.embedding_.shape[1]
    if (not isinstance(n_components, numbers.Integral) or isinstance(n_components, bool)
            or not 1 <= n_components <= n):
        raise ValueError(f"n_components must be an integer in [1, {n}], got {n_components!r}.")
    d = int(n_components)
    out = copy.copy(estimator)
    out.n_components = d
    for name in rows:
        value = getattr(estimator, name)
        setattr(out, name, None if value is None else value[:d])
    for name in columns:
        value = getattr(estimator, name)
        setattr(out, name, None if value is None else value[:, :d])
    return out._set_embedding(estimator.words_, estimator.embedding_[:, :d])
