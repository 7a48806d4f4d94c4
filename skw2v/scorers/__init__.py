"""How good is an embedding: analogy accuracy, word-similarity correlation, the
task-vector SNR, and scikit-learn scorer objects wrapping them for model selection.

The analysis behind the SNR (task vectors, spectrum, Marchenko–Pastur,
projections) moved to :mod:`skw2v.analysis`, the dimension sweep and its grid
search to :mod:`skw2v.model_selection`; their names are still importable from
here (see ``CHANGELOG.md``).
"""

from importlib import import_module

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
from ._snr import make_snr_scorer

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
    "make_snr_scorer",
    "word_similarity",
]

# Names that lived here before the analysis and model selection got packages of
# their own. skw2v.model_selection imports this package (for its scorers), so the
# old names are resolved on first use (PEP 562) instead of imported here: an
# import at the top would be a cycle.
_MOVED = {
    **dict.fromkeys(
        ["MarchenkoPasturFit", "TaskVectorProjection", "TaskVectorSpectrum", "TaskVectors",
         "fit_marchenko_pastur", "marchenko_pastur_cdf", "marchenko_pastur_pdf",
         "spiked_snr", "task_vector_projection", "task_vector_snr", "task_vector_spectrum",
         "task_vectors"],
        "skw2v.analysis"),
    **dict.fromkeys(
        ["DimensionSweep", "DimensionSweepSearchCV", "can_slice", "dimension_sweep"],
        "skw2v.model_selection"),
}


def __getattr__(name):
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__():
    return sorted(set(globals()) | set(_MOVED))
