"""Embedding estimators (SGNS, QWEM, PMI-SVD) and their shared fitted-state mixin."""

from ._base import EmbeddingMixin, TrainingDivergedError
from ._sgns import SGNSEmbedding

__all__ = ["EmbeddingMixin", "SGNSEmbedding", "TrainingDivergedError"]
