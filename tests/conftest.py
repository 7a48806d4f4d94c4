"""Session-scoped fixtures shared by the test files.

Counting the bundled 2M-word sample and fitting an embedding on it take seconds each;
the tests that need them share one count and one fit instead of redoing them per file.
The fixtures are read-only by convention: a test that wants to change one copies it.
"""

import pytest
from threadpoolctl import threadpool_limits

from skw2v import CooccurrenceVectorizer, QWEMEmbedding
from skw2v.datasets import load_google_analogies, sample_corpus_path

#: How the shared sample matrix is counted (the quality tests' thresholds assume it).
SAMPLE_COOCCURRENCE = dict(window=10, max_vocab_size=2000, subsample=1e-4, random_state=0)


@pytest.fixture(scope="session")
def sample_cooccurrence():
    """The bundled sample's co-occurrence matrix: 2000 words, window 10, counted once."""
    return CooccurrenceVectorizer(**SAMPLE_COOCCURRENCE).fit_transform(sample_corpus_path())


@pytest.fixture(scope="session")
def sample_qwem(sample_cooccurrence):
    """Closed-form QWEM (50 dimensions, dense eigensolve, one BLAS thread) on the sample."""
    with threadpool_limits(limits=1, user_api="blas"):
        return QWEMEmbedding(n_components=50, random_state=0).fit(sample_cooccurrence)


@pytest.fixture(scope="session")
def google_analogies():
    """The Google analogy questions shipped with skw2v (parsed once)."""
    return load_google_analogies()
