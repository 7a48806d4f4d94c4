"""Model selection for embeddings: scores against the dimension from one fit.

A closed-form embedding (QWEM, PMI-SVD) at dimension ``d`` is the first ``d``
columns of the embedding at any larger dimension, so one fit at the largest
dimension serves every smaller one by slicing. :func:`dimension_sweep` does
that for one setting, :class:`DimensionSweepSearchCV` for a grid of the other
parameters (``GridSearchCV``'s result layout); :func:`can_slice` says whether
an estimator allows it (others are refitted at each dimension).
"""

from ._dimension_sweep import DimensionSweep, can_slice, dimension_sweep
from ._search import DimensionSweepSearchCV

__all__ = ["DimensionSweep", "DimensionSweepSearchCV", "can_slice", "dimension_sweep"]
