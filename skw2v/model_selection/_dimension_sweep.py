"""Scores against the embedding dimension from one eigendecomposition.

A closed-form embedding (QWEM: ``W_d = V[:, :d] Lambda[:d]^p``; PMI-SVD:
``U[:, :d] Sigma[:d]^p``) at dimension ``d`` is the first ``d`` columns of the
embedding at any larger dimension: the eigenpairs do not depend on how many of
them are kept. So one fit at ``max(dims)`` serves every smaller ``d`` by
slicing, where a plain grid search would solve the eigenproblem once per grid
point. :func:`dimension_sweep` does that for one setting;
:class:`~skw2v.model_selection.DimensionSweepSearchCV` is a grid search with
``GridSearchCV``'s result layout that does it for every setting of the other
parameters.

An estimator takes part by implementing ``_truncate_components(n_components)``
-> a fitted copy of itself at the smaller dimension. Estimators without it
(SGNS, ``QWEMGradientEmbedding``) are refitted at each dimension, so the
functions here work for every estimator and are fast for those that allow it.
"""

import copy
import numbers
import time
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import clone

from .._inputs import final_step
from ..scorers import get_scorer, make_snr_scorer

__all__ = ["DimensionSweep", "can_slice", "dimension_sweep"]


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #
def _dimension_param(estimator, param):
    if param is not None:
        return param
    steps = getattr(estimator, "steps", None)
    if steps:
        inner = _dimension_param(steps[-1][1], None)
        return f"{steps[-1][0]}__{inner}"
    return "n_components"


def can_slice(estimator):
    """Whether a fit at a large dimension yields every smaller one by slicing.

    True for the closed-form estimators (``QWEMEmbedding``, ``PMISVDEmbedding``)
    and Pipelines ending in one: they define ``_truncate_components``.
    """
    return callable(getattr(final_step(estimator), "_truncate_components", None))


def _truncate(fitted, d):
    """A fitted copy of ``fitted`` (estimator or Pipeline) at dimension ``d``."""
    steps = getattr(fitted, "steps", None)
    if steps:
        out = copy.copy(fitted)
        name, last = steps[-1]
        out.steps = list(steps[:-1]) + [(name, _truncate(last, d))]
        return out
    return fitted._truncate_components(d)


def _refined_start(estimator, X, y, d):
    """For a final step that refines (QWEM's ``weighted_refinement``): the fitted
    head of a Pipeline (or None), the final step's name, its ``refined_copy``
    and the closed form solved once at ``d``; None if the final step does not."""
    est = clone(estimator)
    last = final_step(est)
    pair = getattr(last, "_refined_slices", None)
    if pair is None:
        return None
    closed_form, refined_copy = pair
    steps = getattr(est, "steps", None)
    head, name, Xt = None, None, X
    if steps:
        head, name = est, steps[-1][0]
        Xt = est[:-1].fit_transform(X, y)  # fits the clone's earlier steps in place
    return head, name, refined_copy, closed_form(Xt, d)


def _refined_at(start, d):
    """The fitted estimator (or Pipeline) at ``d``, refined from the closed form's slice."""
    head, name, refined_copy, form = start
    final = refined_copy(form, d)
    if head is None:
        return final
    out = copy.copy(head)
    out.steps = list(head.steps[:-1]) + [(name, final)]
    return out


def _check_dims(dims):
    if isinstance(dims, numbers.Integral):
        dims = [dims]
    dims = np.asarray(list(dims))
    if dims.ndim != 1 or dims.size == 0 or not np.issubdtype(dims.dtype, np.integer):
        raise ValueError(f"dims must be a non-empty sequence of ints, got {dims!r}.")
    if np.any(dims < 1):
        raise ValueError(f"dims must be >= 1, got {dims.tolist()}.")
    if np.unique(dims).size != dims.size:
        raise ValueError(f"dims must be distinct, got {dims.tolist()}.")
    return dims.astype(np.int64)


def _check_scoring(scoring, estimator):
    """Dict name -> callable(estimator, X, y), and whether it was a single metric."""
    if scoring is None:
        if not hasattr(estimator, "score"):
            raise TypeError(
                f"{type(estimator).__name__} has no score method; pass scoring= "
                "(e.g. {'snr': make_snr_scorer(), 'analogy': ...})."
            )
        return {"score": lambda est, X, y=None: est.score(X, y)}, True
    if callable(scoring):
        return {"score": scoring}, True
    if isinstance(scoring, dict):
        if not scoring:
            raise ValueError("scoring is an empty dict.")
        out = {}
        for name, s in scoring.items():
            if isinstance(s, str):
                s = _named_scorer(s)
            if not callable(s):
                raise TypeError(f"scoring[{name!r}] is not callable: {s!r}.")
            out[name] = s
        return out, False
    if isinstance(scoring, str):
        return {"score": _named_scorer(scoring)}, True
    if isinstance(scoring, (list, tuple, set)):
        return {name: _named_scorer(name) for name in scoring}, False
    raise TypeError(
        "scoring must be None, a callable scorer(estimator, X, y), a scorer name or a "
        f"dict name -> scorer; got {type(scoring).__name__}."
    )


def _named_scorer(name):
    """skw2v's ready-made scorers ("analogy", "wordsim353", ...) and "snr"."""
    if name == "snr":
        return make_snr_scorer()
    return get_scorer(name)


def _score_all(scorers, est, X, y):
    out = {}
    for name, s in scorers.items():
        v = s(est, X) if y is None else s(est, X, y)
        v = float(v)
        if not np.isfinite(v):
            raise ValueError(f"Scorer {name!r} returned {v} for {est!r}.")
        out[name] = v
    return out


# --------------------------------------------------------------------------- #
# One sweep
# --------------------------------------------------------------------------- #
@dataclass
class DimensionSweep:
    """Scores of one estimator setting at several dimensions.

    Attributes
    ----------
    dims : ndarray of int64
        In the order given.
    scores : dict of str -> ndarray of float64
        One array per scorer, aligned with ``dims``.
    sliced : bool
        True when one fit at ``max(dims)`` served all (else one fit per ``d``):
        by slicing, or, for a refined QWEM fit (``weighted_refinement``), by
        refining each d from the slice of one closed form.
    fit_time : float
        Seconds spent fitting (one fit when sliced, the sum of the refits else).
    slice_time : ndarray of float64
        Seconds to derive each dimension from the big fit (0 when refitted;
        the refinement's steps at d for a refined fit).
    score_time : ndarray of float64
        Seconds of scoring at each dimension.
    estimators : list or None
        The fitted estimator at each dimension, when asked for.
    fitted : estimator or None
        The fit at ``max(dims)`` that the others were sliced from (None when
        refitted or refined).
    """

    dims: np.ndarray
    scores: dict
    sliced: bool
    fit_time: float
    slice_time: np.ndarray
    score_time: np.ndarray
    estimators: list = field(default=None, repr=False)
    fitted: object = field(default=None, repr=False)

    @property
    def total_time(self):
        return self.fit_time + float(self.slice_time.sum() + self.score_time.sum())


def dimension_sweep(estimator, X, dims, *, scoring=None, y=None, X_score=None,
                    y_score=None, param=None, prefit=False, return_estimators=False):
    """Score an embedding estimator at several dimensions, fitting once if it can.

    Parameters
    ----------
    estimator : estimator or Pipeline
        Unfitted (it is cloned) unless ``prefit``. Closed-form estimators
        (:func:`can_slice`) are fitted once at ``max(dims)`` and sliced; a
        QWEM fit with ``weighted_refinement`` solves its closed form once at
        ``max(dims)`` and refines each d from that solution's first d
        directions (the same start as a fit at d); others are refitted at each
        dimension.
    X : CooccurrenceMatrix, documents, ...
        Training data (ignored when ``prefit``).
    dims : sequence of int
        Dimensions to score.
    scoring : callable, str, list of str, dict of str -> callable or None
        ``scorer(estimator, X, y)``, e.g. :func:`make_snr_scorer` and
        :func:`make_analogy_scorer`; names are those of
        :func:`skw2v.scorers.get_scorer` plus ``"snr"`` (all 14 Google
        families); None uses ``estimator.score``.
    y : ignored by the embedding estimators, passed to ``fit``.
    X_score, y_score : default=None
        What the scorers receive; ``X`` and ``y`` by default.
    param : str, default=None
        Name of the dimension parameter (``"n_components"``, or
        ``"<last step>__n_components"`` for a Pipeline).
    prefit : bool, default=False
        ``estimator`` is already fitted at a dimension >= ``max(dims)``; only
        slice and score (estimators that slice only).
    return_estimators : bool, default=False
        Keep the fitted estimator of each dimension (they share the eigenvector
        storage of the big fit only as far as the estimator's slicing does).

    Returns
    -------
    DimensionSweep

    Examples
    --------
    >>> import numpy as np
    >>> from skw2v import CooccurrenceMatrix, QWEMEmbedding
    >>> from skw2v.model_selection import dimension_sweep
    >>> C = np.random.default_rng(0).poisson(5.0, size=(40, 40))
    >>> X = CooccurrenceMatrix(C + C.T, words=[f"w{i}" for i in range(40)])
    >>> width = lambda est, X, y=None: est.embedding_.shape[1]
    >>> sweep = dimension_sweep(QWEMEmbedding(negative=1), X, [2, 4, 8], scoring=width)
    >>> sweep.sliced, sweep.scores["score"].tolist()
    (True, [2.0, 4.0, 8.0])
    """
    dims = _check_dims(dims)
    scorers, _ = _check_scoring(scoring, final_step(estimator))
    param = _dimension_param(estimator, param)
    Xs = X if X_score is None else X_score
    ys = y if y_score is None else y_score
    sliced = can_slice(estimator)
    n = dims.size
    slice_time = np.zeros(n)
    score_time = np.zeros(n)
    scores = {name: np.empty(n) for name in scorers}
    kept = [] if return_estimators else None
    refined = None
    if prefit:
        if not sliced:
            raise ValueError(
                f"prefit=True needs an estimator that slices (closed form); "
                f"{type(final_step(estimator)).__name__} does not."
            )
        fitted = estimator
        fit_time = 0.0
        have = final_step(fitted).embedding_.shape[1]
        if have < dims.max():
            raise ValueError(
                f"The estimator was fitted at {have} components, fewer than "
                f"max(dims) = {dims.max()}."
            )
    elif sliced:
        fitted = clone(estimator).set_params(**{param: int(dims.max())})
        t0 = time.perf_counter()
        fitted.fit(X, y)
        fit_time = time.perf_counter() - t0
    else:
        fitted = None
        t0 = time.perf_counter()
        refined = _refined_start(estimator, X, y, int(dims.max()))
        fit_time = time.perf_counter() - t0 if refined is not None else 0.0
    for i, d in enumerate(dims):
        t0 = time.perf_counter()
        if sliced:
            est = _truncate(fitted, int(d))
            slice_time[i] = time.perf_counter() - t0
        elif refined is not None:
            est = _refined_at(refined, int(d))
            slice_time[i] = time.perf_counter() - t0
        else:
            est = clone(estimator).set_params(**{param: int(d)}).fit(X, y)
            fit_time += time.perf_counter() - t0
        t0 = time.perf_counter()
        for name, v in _score_all(scorers, est, Xs, ys).items():
            scores[name][i] = v
        score_time[i] = time.perf_counter() - t0
        if kept is not None:
            kept.append(est)
    return DimensionSweep(dims=dims, scores=scores, sliced=sliced or refined is not None,
                          fit_time=fit_time, slice_time=slice_time, score_time=score_time,
                          estimators=kept, fitted=fitted)
