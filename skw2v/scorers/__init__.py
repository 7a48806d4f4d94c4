"""How good is an embedding: analogy accuracy, word-similarity correlation, and
scikit-learn scorer objects wrapping them for model selection."""

from ._analogy import AnalogyResult, SectionResult, analogy_accuracy
from ._similarity import SimilarityResult, word_similarity
from ._sklearn import (
    AnalogyScorer,
    SimilarityScorer,
    get_scorer,
    get_scorer_names,
    make_analogy_scorer,
    make_similarity_scorer,
)

__all__ = [
    "AnalogyResult",
    "AnalogyScorer",
    "SectionResult",
    "SimilarityResult",
    "SimilarityScorer",
    "analogy_accuracy",
    "get_scorer",
    "get_scorer_names",
    "make_analogy_scorer",
    "make_similarity_scorer",
    "word_similarity",
]
