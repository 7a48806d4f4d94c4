"""skw2v: word embeddings from text with a scikit-learn API.

Statistics (:mod:`skw2v.statistics`), estimators (:mod:`skw2v.estimators`),
scorers (:mod:`skw2v.scorers`), training dynamics (:mod:`skw2v.dynamics`),
document vectors (:mod:`skw2v.documents`), datasets (:mod:`skw2v.datasets`) and
word-vector I/O (:mod:`skw2v.io`).
"""

from .statistics import CooccurrenceMatrix, CooccurrenceVectorizer
from ._vectors import WordVectors
from .estimators import SGNSEmbedding
from .estimators import PMISVDEmbedding, QWEMEmbedding, QWEMGradientEmbedding
from .documents import EmbeddingVectorizer

__version__ = "0.1.0.dev0"

__all__ = ["CooccurrenceMatrix", "CooccurrenceVectorizer", "EmbeddingVectorizer", "PMISVDEmbedding", "QWEMEmbedding", "QWEMGradientEmbedding", "SGNSEmbedding", "WordVectors", "__version__"]
