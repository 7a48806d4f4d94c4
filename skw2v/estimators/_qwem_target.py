"""Moved to :mod:`skw2v.statistics` (``skw2v/statistics/_qwem_target.py``); kept for old imports."""

from ..statistics._qwem_target import (
    QWEMTargetOperator,
    dense_target,
    qwem_distributions,
    qwem_sparse_part,
)

__all__ = ["QWEMTargetOperator", "dense_target", "qwem_distributions", "qwem_sparse_part"]
