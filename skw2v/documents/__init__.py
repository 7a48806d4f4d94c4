"""Documents -> vectors: pooling word embeddings into features for any scikit-learn model."""

from ._vectorizer import EmbeddingVectorizer, EmptyDocumentWarning

__all__ = ["EmbeddingVectorizer", "EmptyDocumentWarning"]
