"""Embedding estimators and their shared fitted-state mixin.

- :class:`SGNSEmbedding`: word2vec's skip-gram with negative sampling;
- :class:`QWEMEmbedding`: QWEM in closed form (top eigenpairs of M*), refined by
  default on its weighted loss;
- :class:`QWEMGradientEmbedding`: QWEM trained by gradient descent, with a history
  (:func:`fit_qwem_gradient` does the same on given distributions P and q);
- :class:`PMISVDEmbedding`: truncated SVD of the (shifted, positive) PMI matrix.

n_jobs
------
``n_jobs`` means one thing in every skw2v estimator, as in scikit-learn: the
number of parallel workers skw2v itself runs — numba threads for the kernels
(QWEM's sparse products and gradient kernels), Python threads each running a
``nogil`` kernel (SGNS's chunks) or joblib tasks (sharded counting in
:class:`~skw2v.CooccurrenceVectorizer`). ``None`` means 1 unless inside a
``joblib.parallel_config(n_jobs=...)`` context, ``-1`` all cores, ``-2`` all but
one. Dense linear algebra (NumPy's and SciPy's BLAS) keeps BLAS's own thread
count, with two measured exceptions: PMI-SVD's randomized SVD runs its dense
work on ``n_jobs`` BLAS threads, like its sparse products, and the small k x k
eigendecompositions run on one (LAPACK synchronises its threads per column).
Elsewhere limit BLAS yourself with ``threadpoolctl.threadpool_limits`` if its
threads compete with ``n_jobs`` workers on a busy machine.
"""

from ._base import EmbeddingMixin, IsolatedWordWarning, TrainingDivergedError
from ._pmi_svd import PMISVDEmbedding
from ._qwem import QWEMEmbedding
from ._qwem_gradient import (
    QWEMGradientEmbedding,
    fit_qwem_gradient,
    qwem_auto_learning_rate,
    qwem_growth_rate,
)
from ._sgns import SGNSEmbedding

__all__ = [
    "EmbeddingMixin",
    "IsolatedWordWarning",
    "PMISVDEmbedding",
    "QWEMEmbedding",
    "QWEMGradientEmbedding",
    "SGNSEmbedding",
    "TrainingDivergedError",
    "fit_qwem_gradient",
    "qwem_auto_learning_rate",
    "qwem_growth_rate",
]
