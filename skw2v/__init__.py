"""skw2v: word embeddings from text with a scikit-learn API.

The packages, lowest layer first (``docs/architecture.md`` says what may import what):

- :mod:`skw2v.statistics` -- corpus reading and tokenising, vocabulary,
  co-occurrence counting (``CooccurrenceVectorizer``) and the QWEM target M*;
- :mod:`skw2v.linalg` -- eigensolvers and small linear-algebra conventions;
- :mod:`skw2v.estimators` -- the embeddings (SGNS, closed-form and gradient QWEM,
  PPMI-SVD) and their shared trainer;
- :mod:`skw2v.documents` -- document vectors from word vectors (``EmbeddingVectorizer``);
- :mod:`skw2v.scorers` -- analogy and similarity scores and scikit-learn scorer objects;
- :mod:`skw2v.analysis` -- the linear structure of an embedding: task vectors,
  spectrum, Marchenko-Pastur, projections;
- :mod:`skw2v.model_selection` -- ``dimension_sweep`` and ``DimensionSweepSearchCV``;
- :mod:`skw2v.dynamics` -- training dynamics and their theory;
- :mod:`skw2v.datasets` -- the bundled sample corpus and evaluation sets;
- :mod:`skw2v.io` -- word-vector file formats;
- :mod:`skw2v.cli` -- the ``skw2v`` command line.
"""

from .statistics import CooccurrenceMatrix, CooccurrenceVectorizer
from ._vectors import WordVectors
from .estimators import SGNSEmbedding
from .estimators import PMISVDEmbedding, QWEMEmbedding, QWEMGradientEmbedding
from .documents import EmbeddingVectorizer

__version__ = "0.1.0.dev0"

__all__ = ["CooccurrenceMatrix", "CooccurrenceVectorizer", "EmbeddingVectorizer", "PMISVDEmbedding", "QWEMEmbedding", "QWEMGradientEmbedding", "SGNSEmbedding", "WordVectors", "__version__"]
