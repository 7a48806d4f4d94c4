"""Task vectors ``W[b] - W[a]`` of a family of word pairs.

For a family of word pairs (a_i, b_i) -- country -> capital, verb -> past
tense -- the task vectors are the rows of ``R = W[b] - W[a]`` (n pairs x d).
If the relation is linearly encoded, ``R`` looks like a *spiked* random matrix:
a rank-one signal (every row shares the mean task vector) plus noise; its
spectrum and SNR are in :mod:`skw2v.analysis` too.

Everything here works on plain arrays and on word vectors, so it applies to any
embedding (SGNS, QWEM, PMI-SVD, loaded word2vec files).
"""

from dataclasses import dataclass

import numpy as np

from .._inputs import as_word_vectors, check_pairs, distinct_pairs
from ..datasets import load_google_analogies
from ._spectrum import task_vector_snr, task_vector_spectrum

__all__ = ["TaskVectors", "family_pairs", "task_vectors"]


@dataclass(frozen=True)
class TaskVectors:
    """Difference vectors ``W[b] - W[a]`` of one family of word pairs.

    Attributes
    ----------
    family : str or None
        Name of the family (analogy section), if any.
    pairs : ndarray of object of shape (n_pairs, 2)
        The pairs ``(a, b)`` whose two words are both in the vocabulary, in the
        order given.
    vectors : ndarray of float64 of shape (n_pairs, d)
        ``R``: one task vector per pair.
    missing : ndarray of object of shape (n_missing, 2)
        Pairs left out because a word is not in the vocabulary.
    """

    family: object
    pairs: np.ndarray
    vectors: np.ndarray
    missing: np.ndarray

    @property
    def n_pairs(self):
        return self.vectors.shape[0]

    @property
    def n_missing(self):
        return self.missing.shape[0]

    @property
    def oov_ratio(self):
        """Fraction of the requested pairs that are out of vocabulary."""
        total = self.n_pairs + self.n_missing
        return self.n_missing / total if total else 0.0

    @property
    def mean(self):
        """The mean task vector (the signal of the spiked model), shape (d,)."""
        return self.vectors.mean(axis=0)

    def snr(self, **kwargs):
        """:func:`task_vector_snr` of these vectors."""
        return task_vector_snr(self.vectors, **kwargs)

    def spectrum(self, **kwargs):
        """:func:`task_vector_spectrum` of these vectors."""
        return task_vector_spectrum(self.vectors, **kwargs)


def _vectors_and_index(vectors, words=None):
    """Embedding matrix and word -> row lookup from word vectors or an estimator."""
    if words is not None or isinstance(vectors, np.ndarray):
        if words is None:
            raise ValueError(
                "An embedding given as an array needs words=, the word of each row."
            )
        W = np.asarray(vectors)
        words = list(words)
        if W.ndim != 2 or W.shape[0] != len(words):
            raise ValueError(
                f"The embedding has shape {W.shape} but {len(words)} words were "
                "given; give a (n_words, d) array and one word per row."
            )
        return W, {w: i for i, w in enumerate(words)}
    wv = as_word_vectors(vectors)
    return wv.vectors, wv.key_to_index


def family_pairs(families=None):
    """Distinct (a, b) pairs of sections of the shipped Google analogy set.

    Parameters
    ----------
    families : str or sequence of str, default=None
        Section names (``"capital-common-countries"``, ``"gram7-past-tense"``...);
        None means all 14.

    Returns
    -------
    dict of str -> list of (str, str)
        In the order asked; each section's pairs in first-seen order.

    Examples
    --------
    >>> from skw2v.analysis import family_pairs
    >>> family_pairs("capital-common-countries")["capital-common-countries"][:2]
    [('athens', 'greece'), ('baghdad', 'iraq')]
    """
    sections = load_google_analogies().sections
    names = list(sections) if families is None else (
        [families] if isinstance(families, str) else list(families))
    unknown = [n for n in names if n not in sections]
    if unknown:
        what = f"family {families!r}" if isinstance(families, str) else f"families {unknown}"
        raise KeyError(f"Unknown analogy {what}; the shipped sections are {list(sections)}.")
    return {n: distinct_pairs(sections[n]) for n in names}


def task_vectors(vectors, pairs, *, words=None, lowercase=False, missing="report",
                 normalize=False):
    """Task vectors ``W[b] - W[a]`` of a family of word pairs.

    Parameters
    ----------
    vectors : WordVectors, fitted estimator or ndarray of shape (n_words, d)
        The embedding. An array needs ``words``.
    pairs : str or sequence of (str, str)
        Word pairs ``(a, b)``, or the name of a section of the shipped Google
        analogy set (``"capital-common-countries"``, ``"gram7-past-tense"``...),
        whose distinct pairs are used.
    words : sequence of str, default=None
        The word of each row, when ``vectors`` is an array.
    lowercase : bool, default=False
        Lowercase the pair words before lookup (the shipped analogy set is
        mixed case; the bundled corpora are lowercase). Section names imply it.
    missing : {"report", "raise"}, default="report"
        Pairs with an out-of-vocabulary word are kept out of ``R`` and listed in
        ``missing`` ("report"), or raise a KeyError naming the words ("raise").
    normalize : bool, default=False
        Unit-normalise word vectors before taking differences, as the analogy
        protocol does. The SNR of the paper uses the raw vectors.

    Returns
    -------
    TaskVectors

    Raises
    ------
    ValueError
        When fewer than two pairs are in the vocabulary (no spectrum to speak of).

    Examples
    --------
    >>> import numpy as np
    >>> from skw2v.analysis import task_vectors
    >>> W = np.array([[0., 0.], [1., 0.], [0., 1.], [1., 1.]])
    >>> tv = task_vectors(W, [("a", "b"), ("c", "d"), ("a", "zz")], words="abcd")
    >>> tv.vectors
    array([[1., 0.],
           [1., 0.]])
    >>> tv.missing.tolist()
    [['a', 'zz']]
    """
    if missing not in ("report", "raise"):
        raise ValueError(f"missing must be 'report' or 'raise', got {missing!r}.")
    W, index = _vectors_and_index(vectors, words)
    return _build_task_vectors(W, index, pairs, lowercase, missing, normalize)


def _build_task_vectors(W, index, pairs, lowercase, missing, normalize):
    """:func:`task_vectors` once the embedding and its word -> row map are known."""
    family = None
    if isinstance(pairs, str):
        family = pairs
        pairs = family_pairs(pairs)[pairs]
        lowercase = True
    pairs = check_pairs(pairs)
    if lowercase:
        pairs = [(a.lower(), b.lower()) for a, b in pairs]
    rows = np.array([(index.get(a, -1), index.get(b, -1)) for a, b in pairs],
                    dtype=np.int64).reshape(-1, 2)
    ok = (rows >= 0).all(axis=1)
    pairs_arr = np.empty((len(pairs), 2), dtype=object)
    pairs_arr[:] = pairs
    if not ok.all() and missing == "raise":
        unknown = sorted({w for p in pairs_arr[~ok] for w in p if w not in index})
        raise KeyError(f"Words not in the vocabulary: {unknown}.")
    rows = rows[ok]
    if rows.shape[0] < 2:
        raise ValueError(
            f"Only {rows.shape[0]} of {len(pairs)} pairs have both words in the "
            "vocabulary; task vectors need at least 2. Missing pairs: "
            f"{pairs_arr[~ok][:10].tolist()}."
        )
    A = np.asarray(W[rows[:, 0]], dtype=np.float64)
    B = np.asarray(W[rows[:, 1]], dtype=np.float64)
    if normalize:
        A = A / _safe_norm(A)
        B = B / _safe_norm(B)
    R = B - A
    if not np.all(np.isfinite(R)):
        raise ValueError("The embedding has NaN or infinite entries.")
    return TaskVectors(family=family, pairs=pairs_arr[ok], vectors=R,
                       missing=pairs_arr[~ok])


def _safe_norm(A):
    n = np.linalg.norm(A, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return n
