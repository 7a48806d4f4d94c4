"""Embedding estimators (SGNS, QWEM, PMI-SVD) and their shared fitted-state mixin."""

from ._base import EmbeddingMixin, TrainingDivergedError
from ._sgns import SGNSEmbedding
from ._qwem import QWEMEmbedding
from ._pmi_svd import PMISVDEmbedding

__all__ = ["EmbeddingMixin", "PMISVDEmbedding", "QWEMEmbedding", "SGNSEmbedding", "TrainingDivergedError"]
