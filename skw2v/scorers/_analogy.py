"""Analogy accuracy (a : b :: c : ?), batched through matrix products."""

import numbers
import os
from dataclasses import dataclass, field

import numpy as np

from .._inputs import as_word_vectors, distinct_pairs
from .._vectors import COSMUL_EPS, check_restrict_vocab
from ..datasets import AnalogyQuestions, load_analogies, load_google_analogies
from ._common import vocabulary_keys

__all__ = ["AnalogyResult", "SectionResult", "analogy_accuracy"]

_METHODS = ("3cosadd", "3cosmul")
_PROTOCOLS = ("standard", "pairs")
# Scores of one batch are a (batch x V) float32 matrix: keep each under ~32 MB.
_BATCH_ELEMENTS = 1 << 23


@dataclass(frozen=True)
class SectionResult:
    """Counts for one section of the question file."""

    name: str
    n_correct: int
    n_questions: int
    n_skipped: int

    @property
    def accuracy(self):
        """n_correct / n_questions, or None when no question of the section was asked."""
        return self.n_correct / self.n_questions if self.n_questions else None


@dataclass(frozen=True)
class AnalogyResult:
    """Outcome of :func:`analogy_accuracy`.

    Attributes
    ----------
    accuracy : float
        n_correct / n_questions over all sections.
    n_correct, n_questions : int
        Questions answered right / asked (all four words in the vocabulary).
    n_skipped : int
        Questions not asked because a word is out of the (restricted)
        vocabulary. Under ``protocol="pairs"``: the ordered pairs of word pairs
        lost because a pair has a word out of the vocabulary.
    sections : dict of str -> SectionResult
        In file order.
    method, protocol : str
    n_vocab : int
        Rows searched (after ``restrict_vocab``).
    """

    accuracy: float
    n_correct: int
    n_questions: int
    n_skipped: int
    sections: dict = field(repr=False)
    method: str = "3cosadd"
    protocol: str = "standard"
    n_vocab: int = 0

    def __float__(self):
        return float(self.accuracy)

    def accuracy_over(self, names):
        """Pooled accuracy over the named sections (None if none of them asked anything)."""
        secs = [self.sections[n] for n in names]
        asked = sum(s.n_questions for s in secs)
        return sum(s.n_correct for s in secs) / asked if asked else None

    @property
    def syntactic_accuracy(self):
        """Google set: pooled accuracy of the ``gram*`` sections."""
        return self.accuracy_over([n for n in self.sections if n.startswith("gram")])

    @property
    def semantic_accuracy(self):
        """Google set: pooled accuracy of the other (semantic) sections."""
        return self.accuracy_over([n for n in self.sections if not n.startswith("gram")])

    def summary(self):
        """A plain-text table, one line per section plus the total."""
        width = max([len(s) for s in self.sections] + [5])
        lines = [f"{'section':<{width}}  correct / asked  accuracy  skipped"]
        for s in self.sections.values():
            acc = f"{s.accuracy:8.4f}" if s.accuracy is not None else "       -"
            lines.append(f"{s.name:<{width}}  {s.n_correct:7d} / {s.n_questions:<5d}  {acc}"
                         f"  {s.n_skipped:7d}")
        lines.append(f"{'total':<{width}}  {self.n_correct:7d} / {self.n_questions:<5d}  "
                     f"{self.accuracy:8.4f}  {self.n_skipped:7d}")
        return "\n".join(lines)


def _resolve_questions(questions, case_insensitive):
    if questions is None or (isinstance(questions, str) and questions == "google"):
        return load_google_analogies(lowercase=case_insensitive)
    if isinstance(questions, (str, os.PathLike)):
        return load_analogies(questions, lowercase=case_insensitive)
    qs = AnalogyQuestions.from_sections(questions)
    if case_insensitive:
        qs = AnalogyQuestions(
            {k: [tuple(w.lower() for w in q) for q in v] for k, v in qs.sections.items()},
            qs.source,
        )
    return qs


def _exclusion(key_cols, key_indptr, key_order):
    """(question, row) index pairs of every row whose key is one of a, b, c."""
    q_idx, rows = [], []
    n_q = key_cols.shape[0]
    for col in key_cols.T:
        starts = key_indptr[col]
        counts = key_indptr[col + 1] - starts
        total = int(counts.sum())
        first = np.cumsum(counts) - counts
        offs = np.arange(total) - np.repeat(first, counts)
        q_idx.append(np.repeat(np.arange(n_q), counts))
        rows.append(key_order[np.repeat(starts, counts) + offs])
    return np.concatenate(q_idx), np.concatenate(rows)


def _answer(U, key_row, key_indptr, key_order, keys, method, batch_size):
    """Best row for each question (keys: n_q x 3 key ids of a, b, c)."""
    out = np.empty(keys.shape[0], dtype=np.intp)
    for start in range(0, keys.shape[0], batch_size):
        k = keys[start:start + batch_size]
        ua, ub, uc = (U[key_row[k[:, j]]] for j in range(3))
        if method == "3cosadd":
            # argmax of cos(x, b - a + c) = argmax of x . (b - a + c) for unit x
            S = (ub - ua + uc) @ U.T
        else:
            S = (1.0 + ub @ U.T) * (1.0 + uc @ U.T)
            S *= 0.25
            S /= (1.0 + ua @ U.T) * 0.5 + COSMUL_EPS
        qi, rows = _exclusion(k, key_indptr, key_order)
        S[qi, rows] = -np.inf
        out[start:start + k.shape[0]] = np.argmax(S, axis=1)
        del S
    return out


def _standard_questions(sections, key_to_id):
    per_section = []
    for name, qs in sections.items():
        ids = np.array([[key_to_id.get(w, -1) for w in q] for q in qs],
                       dtype=np.intp).reshape(-1, 4)
        ok = (ids >= 0).all(axis=1)
        per_section.append((name, ids[ok], int((~ok).sum())))
    return per_section


def _pairs_questions(sections, key_to_id):
    per_section = []
    for name, qs in sections.items():
        pairs = distinct_pairs(qs)
        ids = np.array([[key_to_id.get(w, -1) for w in p] for p in pairs],
                       dtype=np.intp).reshape(-1, 2)
        ids = ids[(ids >= 0).all(axis=1)]
        m_all, m = len(pairs), ids.shape[0]
        i, j = np.nonzero(~np.eye(m, dtype=bool))
        quads = np.concatenate([ids[i], ids[j]], axis=1).reshape(-1, 4)
        per_section.append((name, quads, m_all * (m_all - 1) - m * (m - 1)))
    return per_section


def analogy_accuracy(vectors, questions=None, *, method="3cosadd", protocol="standard",
                     restrict_vocab=None, case_insensitive=True, batch_size=None):
    """Accuracy on analogy questions a : b :: c : d (is d the best answer?).

    The answer is the word x maximising, over unit-normalised vectors,
    cos(x, b - a + c) (3CosAdd) or cos'(x, b) cos'(x, c) / (cos'(x, a) + 1e-3)
    with cos' = (1 + cos) / 2 (3CosMul, Levy & Goldberg 2014), among the
    (restricted) vocabulary minus a, b and c. Questions are answered a batch at
    a time with one matrix product per batch.

    Parameters
    ----------
    vectors : WordVectors, fitted embedding estimator, Pipeline ending in one, or
        gensim KeyedVectors
    questions : AnalogyQuestions, dict, list of 4-tuples, path or "google", default=None
        None means the Google analogy set shipped in :mod:`skw2v.datasets`. A
        dict maps section names to lists of (a, b, c, d).
    method : {"3cosadd", "3cosmul"}, default="3cosadd"
    protocol : {"standard", "pairs"}, default="standard"
        "standard" (word2vec's compute-accuracy, gensim's
        ``evaluate_word_analogies``): the questions whose four words are in the
        vocabulary. "pairs" (the QWEM paper's code): per section, the distinct
        (a, b) word pairs found in the vocabulary; every ordered pair of two
        distinct pairs is a question.
    restrict_vocab : int, default=None
        Use only the first ``restrict_vocab`` rows (the most frequent words when
        rows are sorted by frequency, as ours are) both for the questions and for
        the candidate answers.
    case_insensitive : bool, default=True
        Lowercase the questions and the vocabulary; words differing only in case
        count as one (the most frequent row represents it), as in gensim.
    batch_size : int, default=None
        Questions per matrix product; None keeps each score block near 32 MB.

    Returns
    -------
    AnalogyResult
        ``accuracy``, ``n_correct``, ``n_questions``, ``n_skipped`` and per-section
        ``sections``.

    Raises
    ------
    ValueError
        If the question set is empty, or no question has all its words in the
        vocabulary (the accuracy would be undefined).

    Examples
    --------
    >>> from skw2v import WordVectors
    >>> from skw2v.scorers import analogy_accuracy
    >>> wv = WordVectors(["man", "woman", "king", "queen", "apple"],
    ...                  [[1, 0, 0, 0], [1, 1, 0, 0], [1, 0, 1, 0], [1, 1, 1, 0], [0, 0, 0, 1]])
    >>> res = analogy_accuracy(wv, {"royals": [("man", "woman", "king", "queen"),
    ...                                        ("man", "king", "woman", "prince")]})
    >>> res.accuracy, res.n_questions, res.n_skipped
    (1.0, 1, 1)
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}.")
    if protocol not in _PROTOCOLS:
        raise ValueError(f"protocol must be one of {_PROTOCOLS}, got {protocol!r}.")
    if batch_size is not None and (not isinstance(batch_size, numbers.Integral)
                                   or batch_size < 1):
        raise ValueError(f"batch_size must be a positive int or None, got {batch_size!r}.")
    wv = as_word_vectors(vectors)
    qs = _resolve_questions(questions, case_insensitive)
    if len(qs) == 0:
        raise ValueError("The analogy question set is empty.")
    n = check_restrict_vocab(restrict_vocab, len(wv))
    key_to_id, row_key, key_row = vocabulary_keys(wv.words[:n].tolist(), case_insensitive)
    key_order = np.argsort(row_key, kind="stable")
    key_indptr = np.concatenate([[0], np.cumsum(np.bincount(row_key, minlength=len(key_row)))])

    build = _standard_questions if protocol == "standard" else _pairs_questions
    per_section = build(qs.sections, key_to_id)
    n_asked = sum(ids.shape[0] for _, ids, _ in per_section)
    n_skipped = sum(sk for _, _, sk in per_section)
    if n_asked == 0:
        raise ValueError(
            f"None of the analogy questions ({len(qs)} in {len(qs.sections)} sections) can be "
            f"asked: every one has a word outside the vocabulary of {n} words"
            + (f" (restrict_vocab={restrict_vocab})" if restrict_vocab is not None else "")
            + ". Check the case of the words (case_insensitive) and the vocabulary size."
        )
    ids = np.concatenate([ids for _, ids, _ in per_section])
    section_of = np.repeat(np.arange(len(per_section)),
                           [ids.shape[0] for _, ids, _ in per_section])
    if batch_size is None:
        batch_size = max(1, _BATCH_ELEMENTS // n)
    U = wv.unit_vectors[:n]
    best = _answer(U, key_row, key_indptr, key_order, ids[:, :3], method, batch_size)
    correct = row_key[best] == ids[:, 3]
    n_correct_sec = np.bincount(section_of, weights=correct, minlength=len(per_section))
    sections = {}
    for s, (name, sec_ids, skipped) in enumerate(per_section):
        sections[name] = SectionResult(name, int(n_correct_sec[s]), int(sec_ids.shape[0]),
                                       int(skipped))
    n_correct = int(correct.sum())
    return AnalogyResult(n_correct / n_asked, n_correct, int(n_asked), int(n_skipped),
                         sections, method, protocol, n)
