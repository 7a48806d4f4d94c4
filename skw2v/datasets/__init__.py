"""Data shipped with skw2v, and loaders for your own files in the same formats.

- :func:`sample_corpus_path`: 2.0 M words of English Wikipedia (756 articles, one
  per line, lowercase a-z), enough to train a small embedding in seconds;
- :func:`load_google_analogies`: the Google analogy test set (19,544 questions);
- :func:`load_wordsim353`, :func:`load_simlex999`: word-similarity benchmarks.

Provenance and licences: ``skw2v/datasets/data/README.md``.
"""

from pathlib import Path

from ._loaders import (
    AnalogyQuestions,
    WordPairs,
    load_analogies,
    load_word_pairs,
    parse_analogies,
    parse_word_pairs,
)

__all__ = [
    "AnalogyQuestions",
    "WordPairs",
    "data_path",
    "load_analogies",
    "load_google_analogies",
    "load_simlex999",
    "load_word_pairs",
    "load_wordsim353",
    "parse_analogies",
    "parse_word_pairs",
    "sample_corpus_path",
]

_DATA = Path(__file__).resolve().parent / "data"


def data_path(name):
    """Path of a file shipped in ``skw2v/datasets/data``."""
    path = _DATA / name
    if not path.is_file():
        raise FileNotFoundError(f"{name!r} is not among the shipped data files in {_DATA}.")
    return str(path)


def sample_corpus_path():
    """Path of the bundled corpus ``enwiki-sample.txt.gz``.

    The first 756 articles (2.0 M words) of the project's Wikipedia corpus,
    one article per line, lowercase a-z words separated by single spaces.
    Wikipedia text, CC BY-SA 3.0.

    Examples
    --------
    >>> import gzip
    >>> from skw2v.datasets import sample_corpus_path
    >>> with gzip.open(sample_corpus_path(), "rt") as f:
    ...     first = f.readline()
    >>> first.islower()
    True
    """
    return data_path("enwiki-sample.txt.gz")


def load_google_analogies(*, lowercase=True):
    """The Google analogy test set (Mikolov et al., 2013): 19,544 questions, 14 sections.

    Parameters
    ----------
    lowercase : bool, default=True
        Lowercase the words (the file has "Athens Greece ..."); pass False to
        keep the original case.

    Returns
    -------
    AnalogyQuestions

    Examples
    --------
    >>> from skw2v.datasets import load_google_analogies
    >>> q = load_google_analogies()
    >>> len(q), len(q.sections)
    (19544, 14)
    >>> q.sections["capital-common-countries"][0]
    ('athens', 'greece', 'baghdad', 'iraq')
    """
    return load_analogies(data_path("questions-words.txt"), lowercase=lowercase)


def load_wordsim353(*, lowercase=True):
    """WordSim-353 (Finkelstein et al., 2002): 353 word pairs with relatedness scores 0-10.

    Examples
    --------
    >>> from skw2v.datasets import load_wordsim353
    >>> pairs = load_wordsim353()
    >>> len(pairs), next(iter(pairs))
    (353, ('love', 'sex', 6.77))
    """
    return load_word_pairs(data_path("wordsim353.tsv"), lowercase=lowercase)


def load_simlex999(*, lowercase=True):
    """SimLex-999 (Hill et al., 2015): 999 word pairs rated for similarity (not relatedness).

    Examples
    --------
    >>> from skw2v.datasets import load_simlex999
    >>> len(load_simlex999())
    999
    """
    return load_word_pairs(data_path("simlex999.txt"), lowercase=lowercase)
