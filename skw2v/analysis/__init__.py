"""Linear structure of an embedding: task vectors and their random-matrix analysis.

For a family of word pairs (a_i, b_i) -- country -> capital, verb -> past
tense -- the task vectors are the rows of ``R = W[b] - W[a]``
(:func:`task_vectors`). If the relation is linearly encoded, ``R`` looks like
a spiked random matrix: a rank-one signal plus noise. Its spectrum and
signal-to-noise ratio (:func:`task_vector_spectrum`, :func:`task_vector_snr`,
:func:`spiked_snr`), the Marchenko–Pastur fit of its bulk
(:func:`fit_marchenko_pastur`) and the eigen-features of the target matrix
that carry the relation (:func:`task_vector_projection`) are here; the
scorer built on the SNR is :func:`skw2v.scorers.make_snr_scorer`.
"""

from ._marchenko_pastur import (
    MarchenkoPasturFit,
    fit_marchenko_pastur,
    marchenko_pastur_cdf,
    marchenko_pastur_pdf,
)
from ._projection import TaskVectorProjection, task_vector_projection
from ._spectrum import TaskVectorSpectrum, spiked_snr, task_vector_snr, task_vector_spectrum
from ._task_vectors import TaskVectors, family_pairs, task_vectors

__all__ = [
    "MarchenkoPasturFit",
    "TaskVectorProjection",
    "TaskVectorSpectrum",
    "TaskVectors",
    "family_pairs",
    "fit_marchenko_pastur",
    "marchenko_pastur_cdf",
    "marchenko_pastur_pdf",
    "spiked_snr",
    "task_vector_projection",
    "task_vector_snr",
    "task_vector_spectrum",
    "task_vectors",
]
