"""Documents -> vectors: pooling word embeddings into features for any scikit-learn model."""

from ._sources import default_n_components
from ._vectorizer import EmbeddingVectorizer, EmptyDocumentWarning

__all__ = ["EmbeddingVectorizer", "EmptyDocumentWarning", "default_n_components"]
