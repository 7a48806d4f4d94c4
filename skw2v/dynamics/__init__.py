"""Training dynamics: closed-form learning curves and what an embedding has learned.

:class:`GradientFlowTheory` predicts, from M*'s eigenvalues, how QWEM trained
by gradient descent from a small initialisation learns one eigendirection at a
time; the subspace functions measure what an embedding (SGNS or QWEM) has
learned at any step and which words each learned direction is about.
"""

from ._subspace import (
    chance_overlap,
    concepts,
    embedding_subspace,
    learned_directions,
    learning_steps,
    overlap_curve,
    principal_cosines,
    projected_squared_norms,
    subspace_overlap,
)
from ..statistics import dense_qwem_target
from ._synthetic import planted_cooccurrence
from ._theory import GradientFlowTheory, exact_loss_scale

__all__ = [
    "GradientFlowTheory",
    "chance_overlap",
    "concepts",
    "dense_qwem_target",
    "embedding_subspace",
    "exact_loss_scale",
    "learned_directions",
    "learning_steps",
    "overlap_curve",
    "planted_cooccurrence",
    "principal_cosines",
    "projected_squared_norms",
    "subspace_overlap",
]
