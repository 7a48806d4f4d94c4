"""Embedding estimators (SGNS, QWEM, PMI-SVD) and their shared fitted-state mixin."""

from ._base import EmbeddingMixin, TrainingDivergedError

__all__ = ["EmbeddingMixin", "TrainingDivergedError"]
