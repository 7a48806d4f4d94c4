"""Grid search over the embedding dimension (and other parameters), by slicing."""

import time

import numpy as np
from sklearn.base import BaseEstimator, _fit_context, clone
from sklearn.model_selection import ParameterGrid, check_cv
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import HasMethods, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._inputs import final_step
from ..scorers import get_scorer_names
from ._dimension_sweep import (_check_dims, _check_scoring, _dimension_param, _truncate,
                               dimension_sweep)

__all__ = ["DimensionSweepSearchCV"]


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
        Name of the metric to pick ``best_*`` by when several are given; True
        with a single metric. False leaves out ``best_*`` and
        ``best_estimator_`` (only ``cv_results_`` is set), with one metric or
        several.
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
        Of the ``refit`` metric (not set when ``refit=False``).
    best_estimator_ : estimator
        Fitted on all of ``X`` at ``best_params_`` (sliced from the search's own
        fit when ``cv=None``: no extra fit). Not set when ``refit=False``.
    n_splits_ : int
    refit_time_ : float
        Not set when ``refit=False``.

    Examples
    --------
    >>> import numpy as np
    >>> from skw2v import CooccurrenceMatrix, QWEMEmbedding
    >>> from skw2v.model_selection import DimensionSweepSearchCV
    >>> C = np.random.default_rng(0).poisson(5.0, size=(40, 40))
    >>> X = CooccurrenceMatrix(C + C.T, words=[f"w{i}" for i in range(40)])
    >>> search = DimensionSweepSearchCV(
    ...     QWEMEmbedding(), {"n_components": [2, 4, 8], "negative": [1, 5]},
    ...     scoring=lambda est, X, y=None: -abs(est.embedding_.shape[1] - 4)).fit(X)
    >>> search.best_params_["n_components"], len(search.cv_results_["params"])
    (4, 6)
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["fit"])],
        "param_grid": [dict, list],
        "scoring": [None, callable, StrOptions(set(get_scorer_names()) | {"snr"}), list,
                    tuple, set, dict],
        "refit": ["boolean", str],
        "cv": ["cv_object"],
        "param": [None, str],
        "verbose": ["verbose"],
    }

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

    @_fit_context(prefer_skip_nested_validation=False)  # the estimator is validated by its fit
    def fit(self, X, y=None):
        """Run the search; returns self."""
        param = _dimension_param(self.estimator, self.param)
        scorers, single = _check_scoring(self.scoring, final_step(self.estimator))
        if self.refit is False:
            refit_metric = None
        elif single:
            refit_metric = "score"
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
                if train is None and sweep.fitted is not None:  # keep the big fit, slice the best later
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
        check_is_fitted(self, "best_estimator_")
        scorer = self.scorer_ if not self.multimetric_ else self.scorer_[self.refit]
        return scorer(self.best_estimator_, X, y)
