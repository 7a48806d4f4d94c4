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

# task vectors, their SNR and spectrum; scores against the dimension (issue 6)
from ._dimension_sweep import (  # noqa: E402
    DimensionSweep, DimensionSweepSearchCV, can_slice, dimension_sweep)
from ._task_vectors import (  # noqa: E402
    MarchenkoPasturFit, TaskVectorProjection, TaskVectors, TaskVectorSpectrum,
    fit_marchenko_pastur, make_snr_scorer, marchenko_pastur_cdf, marchenko_pastur_pdf,
    spiked_snr, task_vector_projection, task_vector_snr, task_vector_spectrum, task_vectors)

__all__ += [
    "DimensionSweep", "DimensionSweepSearchCV", "MarchenkoPasturFit", "TaskVectorProjection",
    "TaskVectorSpectrum", "TaskVectors", "can_slice", "dimension_sweep", "fit_marchenko_pastur",
    "make_snr_scorer", "marchenko_pastur_cdf", "marchenko_pastur_pdf", "spiked_snr",
    "task_vector_projection", "task_vector_snr", "task_vector_spectrum", "task_vectors",
]
