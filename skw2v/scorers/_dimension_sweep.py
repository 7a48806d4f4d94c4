"""Scores against the embedding dimension from one eigendecomposition.

A closed-form embedding (QWEM: ``W_d = V[:, :d] Lambda[:d]^p``; PMI-SVD:
``U[:, :d] Sigma[:d]^p``) at dimension ``d`` is the first ``d`` columns of the
embedding at any larger dimension: the eigenpairs do not depend on how many of
them are kept. So one fit at ``max(dims)`` serves every smaller ``d`` by
slicing, where a plain grid search would solve the eigenproblem once per grid
point. :func:`dimension_sweep` does that for one setting;
:class:`DimensionSweepSearchCV` is a grid search with ``GridSearchCV``'s result
layout that does it for every setting of the other parameters.

An estimator takes part by implementing ``_truncate_components(n_components)``
-> a fitted copy of itself at the smaller dimension (and, when that depends on
its parameters, ``_supports_truncation()`` -> bool). Estimators without it
(SGNS, QWEM trained by gradient descent) are refitted at each dimension, so the
functions here work for every estimator and are fast for those that allow it.
"""

import copy
import numbers
import time
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.model_selection import ParameterGrid, check_cv
from sklearn.utils import _safe_indexing

__all__ = ["DimensionSweep", "DimensionSweepSearchCV", "dimension_sweep", "can_slice"]


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #
def _final_step(estimator):
    steps = getattr(estimator, "steps", None)
    if steps:
        return _final_step(steps[-1][1])
    return estimator


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

    True for the closed-form estimators (and Pipelines ending in one): they
    define ``_truncate_components`` (and QWEM's ``_supports_truncation`` says
    no for ``solver="gradient"``).
    """
    final = _final_step(estimator)
    if not callable(getattr(final, "_truncate_components", None)):
        return False
    supports = getattr(final, "_supports_truncation", None)
    return True if supports is None else bool(supports())


def _truncate(fitted, d):
    """A fitted copy of ``fitted`` (estimator or Pipeline) at dimension ``d``."""
    steps = getattr(fitted, "steps", None)
    if steps:
        out = copy.copy(fitted)
        name, last = steps[-1]
        out.steps = list(steps[:-1]) + [(name, _truncate(last, d))]
        return out
    return fitted._truncate_components(d)


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
        from ._task_vectors import make_snr_scorer

        return make_snr_scorer()
    from ._sklearn import get_scorer

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
        True when one fit at ``max(dims)`` served all (else one fit per ``d``).
    fit_time : float
        Seconds spent fitting (one fit when sliced, the sum of the refits else).
    slice_time : ndarray of float64
        Seconds to derive each dimension from the big fit (0 when refitted).
    score_time : ndarray of float64
        Seconds of scoring at each dimension.
    estimators : list or None
        The fitted estimator at each dimension, when asked for.
    fitted : estimator or None
        The fit at ``max(dims)`` that the others were sliced from (None when
        refitted).
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
        (:func:`can_slice`) are fitted once at ``max(dims)`` and sliced; others
        are refitted at each dimension.
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
    >>> from skw2v.scorers import dimension_sweep
    >>> C = np.random.default_rng(0).poisson(5.0, size=(40, 40))
    >>> X = CooccurrenceMatrix(C + C.T, words=[f"w{i}" for i in range(40)])
    >>> width = lambda est, X, y=None: est.embedding_.shape[1]
    >>> sweep = dimension_sweep(QWEMEmbedding(negative=1), X, [2, 4, 8], scoring=width)
    >>> sweep.sliced, sweep.scores["score"].tolist()
    (True, [2.0, 4.0, 8.0])
    """
    dims = _check_dims(dims)
    scorers, _ = _check_scoring(scoring, _final_step(estimator))
    param = _dimension_param(estimator, param)
    Xs = X if X_score is None else X_score
    ys = y if y_score is None else y_score
    sliced = can_slice(estimator)
    n = dims.size
    slice_time = np.zeros(n)
    score_time = np.zeros(n)
    scores = {name: np.empty(n) for name in scorers}
    kept = [] if return_estimators else None
    if prefit:
        if not sliced:
            raise ValueError(
                f"prefit=True needs an estimator that slices (closed form); "
                f"{type(_final_step(estimator)).__name__} does not."
            )
        fitted = estimator
        fit_time = 0.0
        have = _final_step(fitted).embedding_.shape[1]
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
        fit_time = 0.0
    for i, d in enumerate(dims):
        t0 = time.perf_counter()
        if sliced:
            est = _truncate(fitted, int(d))
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
    return DimensionSweep(dims=dims, scores=scores, sliced=sliced, fit_time=fit_time,
                          slice_time=slice_time, score_time=score_time, estimators=kept,
                          fitted=fitted if sliced else None)


# --------------------------------------------------------------------------- #
# Grid search
# --------------------------------------------------------------------------- #
class DimensionSweepSearchCV(BaseEstimator):
    """Grid search over the embedding dimension (and other parameters), by slicing.

    For each setting of the parameters other than the dimension and each CV
    split, the estimator is fitted once at the largest dimension of the grid
    and scored at every dimension by slicing (:func:`dimension_sweep`); a plain
    ``GridSearchCV`` would solve the eigenproblem once per grid point.
    Estimators that cannot slice are refitted at each dimension, so the search
    is correct for every estimator. Results follow ``GridSearchCV``'s layout
    (``cv_results_``, ``best_params_``, ``best_estimator_``...), multi-metric
    included.

    Parameters
    ----------
    estimator : estimator or Pipeline
    param_grid : dict or list of dict
        Must contain the dimension parameter (``n_components``, or
        ``<step>__n_components`` for a Pipeline).
    scoring : callable, str, list of str, dict of str -> callable or None, default=None
        As for ``GridSearchCV`` (callables ``scorer(estimator, X, y)``), names as
        for :func:`dimension_sweep`.
    refit : bool or str, default=True
        Name of the metric to pick ``best_*`` by when several are given.
    cv : None, int, CV splitter or iterable, default=None
        None fits on all of ``X`` and scores on it (the usual case for an
        embedding, whose test set is the analogy or similarity data inside the
        scorers). Otherwise as ``GridSearchCV``'s ``cv``: training documents
        are split, the scorers see the held-out part.
    param : str, default=None
        The dimension parameter; found automatically (``n_components``).
    verbose : int, default=0

    Attributes
    ----------
    cv_results_ : dict of ndarrays
        ``params``, ``param_<name>``, ``mean_fit_time`` (the shared fit's time
        divided among the dimensions it served, plus the slice), ``mean_score_time``,
        ``split<k>_test_<metric>``, ``mean_test_<metric>``, ``std_test_<metric>``,
        ``rank_test_<metric>`` (``<metric>`` is ``score`` for a single scorer).
    best_index_, best_params_, best_score_ :
        Of the ``refit`` metric.
    best_estimator_ : estimator
        Fitted on all of ``X`` at ``best_params_`` (sliced from the search's own
        fit when ``cv=None``: no extra fit).
    n_splits_ : int
    refit_time_ : float

    Examples
    --------
    >>> import numpy as np
    >>> from skw2v import CooccurrenceMatrix, QWEMEmbedding
    >>> from skw2v.scorers import DimensionSweepSearchCV
    >>> C = np.random.default_rng(0).poisson(5.0, size=(40, 40))
    >>> X = CooccurrenceMatrix(C + C.T, words=[f"w{i}" for i in range(40)])
    >>> search = DimensionSweepSearchCV(
    ...     QWEMEmbedding(), {"n_components": [2, 4, 8], "negative": [1, 5]},
    ...     scoring=lambda est, X, y=None: -abs(est.embedding_.shape[1] - 4)).fit(X)
    >>> search.best_params_["n_components"], len(search.cv_results_["params"])
    (4, 6)
    """

    def __init__(self, estimator, param_grid, *, scoring=None, refit=True, cv=None,
                 param=None, verbose=0):
        self.estimator = estimator
        self.param_grid = param_grid
        self.scoring = scoring
        self.refit = refit
        self.cv = cv
        self.param = param
        self.verbose = verbose

    def _groups(self, param):
        grids = self.param_grid if isinstance(self.param_grid, (list, tuple)) else [
            self.param_grid]
        candidates, groups = [], {}
        for grid in grids:
            if not isinstance(grid, dict) or param not in grid:
                raise ValueError(
                    f"param_grid must contain the dimension parameter {param!r}; got "
                    f"{grid!r}. Set param= if it has another name."
                )
            dims = _check_dims(grid[param])
            others = {k: v for k, v in grid.items() if k != param}
            for setting in ParameterGrid(others):
                key = repr(sorted(setting.items()))
                g = groups.setdefault(key, (setting, []))
                for d in dims.tolist():
                    if d in g[1]:
                        continue
                    g[1].append(d)
                    candidates.append((key, {**setting, param: d}))
        return candidates, groups

    def fit(self, X, y=None):
        """Run the search; returns self."""
        param = _dimension_param(self.estimator, self.param)
        scorers, single = _check_scoring(self.scoring, _final_step(self.estimator))
        if single:
            refit_metric = "score"
        elif self.refit is False:
            refit_metric = None
        elif isinstance(self.refit, str) and self.refit in scorers:
            refit_metric = self.refit
        else:
            raise ValueError(
                f"With several metrics ({list(scorers)}), refit must name one of them "
                f"or be False; got {self.refit!r}."
            )
        candidates, groups = self._groups(param)
        if self.cv is None:
            splits = [(None, None)]
        else:
            cv = check_cv(self.cv)
            splits = list(cv.split(X, y))
        n_cand, n_splits = len(candidates), len(splits)
        index = {(key, p[param]): i for i, (key, p) in enumerate(candidates)}
        test = {name: np.empty((n_splits, n_cand)) for name in scorers}
        fit_t = np.zeros((n_splits, n_cand))
        score_t = np.zeros((n_splits, n_cand))
        self._full_fits = {}
        for s, (train, held) in enumerate(splits):
            if train is None:
                Xtr, ytr, Xte, yte = X, y, X, y
            else:
                Xtr = _safe_indexing(X, train)
                Xte = _safe_indexing(X, held)
                ytr = None if y is None else _safe_indexing(y, train)
                yte = None if y is None else _safe_indexing(y, held)
            for key, (setting, dims) in groups.items():
                est = clone(self.estimator).set_params(**setting)
                sweep = dimension_sweep(est, Xtr, dims, scoring=scorers, y=ytr,
                                        X_score=Xte, y_score=yte, param=param)
                share = sweep.fit_time / len(dims) if sweep.sliced else None
                for j, d in enumerate(dims):
                    i = index[(key, d)]
                    for name in scorers:
                        test[name][s, i] = sweep.scores[name][j]
                    fit_t[s, i] = sweep.slice_time[j] + (share if share is not None else 0.0)
                    score_t[s, i] = sweep.score_time[j]
                if not sweep.sliced:  # refits: per-dimension times unknown apart
                    for d in dims:
                        fit_t[s, index[(key, d)]] = sweep.fit_time / len(dims)
                if train is None and sweep.sliced:  # keep the big fit, slice the best later
                    for d in dims:
                        self._full_fits[index[(key, d)]] = sweep.fitted
                if self.verbose:
                    print(f"[DimensionSweepSearchCV] split {s}: {setting} at {dims}: "
                          f"fit {sweep.fit_time:.2f}s, sliced={sweep.sliced}")
        results = {"params": [p for _, p in candidates]}
        names = sorted({k for _, p in candidates for k in p})
        for k in names:
            col = np.ma.MaskedArray(np.empty(n_cand, dtype=object), mask=True)
            for i, (_, p) in enumerate(candidates):
                if k in p:
                    col[i] = p[k]
            results[f"param_{k}"] = col
        results["mean_fit_time"] = fit_t.mean(axis=0)
        results["std_fit_time"] = fit_t.std(axis=0)
        results["mean_score_time"] = score_t.mean(axis=0)
        results["std_score_time"] = score_t.std(axis=0)
        for name in scorers:
            for s in range(n_splits):
                results[f"split{s}_test_{name}"] = test[name][s]
            mean = test[name].mean(axis=0)
            results[f"mean_test_{name}"] = mean
            results[f"std_test_{name}"] = test[name].std(axis=0)
            # rank 1 = best; ties share the smallest rank, as in GridSearchCV
            order = np.unique(-mean, return_inverse=True)[1]
            counts = np.bincount(order)
            first = np.concatenate(([0], np.cumsum(counts)[:-1])) + 1
            results[f"rank_test_{name}"] = first[order].astype(np.int32)
        self.cv_results_ = results
        self.n_splits_ = n_splits
        self.scorer_ = scorers if not single else scorers["score"]
        self.multimetric_ = not single
        if refit_metric is not None:
            self.best_index_ = int(np.argmax(results[f"mean_test_{refit_metric}"]))
            self.best_params_ = results["params"][self.best_index_]
            self.best_score_ = float(results[f"mean_test_{refit_metric}"][self.best_index_])
            t0 = time.perf_counter()
            if self.best_index_ in self._full_fits:
                self.best_estimator_ = _truncate(self._full_fits[self.best_index_],
                                                 int(self.best_params_[param]))
            else:
                self.best_estimator_ = clone(self.estimator).set_params(
                    **self.best_params_).fit(X, y)
            self.refit_time_ = time.perf_counter() - t0
        del self._full_fits
        return self

    def score(self, X=None, y=None):
        """The ``refit`` metric of ``best_estimator_``."""
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "best_estimator_")
        scorer = self.scorer_ if not self.multimetric_ else self.scorer_[self.refit]
        return scorer(self.best_estimator_, X, y)
