"""Parsers for analogy question files and word-pair similarity files."""

import gzip
import os
import zlib
from dataclasses import dataclass

import numpy as np

from .._validation import check_file, check_text_head, explain_decode_error

__all__ = ["AnalogyQuestions", "WordPairs", "load_analogies", "load_word_pairs",
           "parse_analogies", "parse_word_pairs"]

DEFAULT_SECTION = "questions"


@dataclass(frozen=True)
class AnalogyQuestions:
    """Analogy questions a : b :: c : d, grouped in sections (file order kept).

    Attributes
    ----------
    sections : dict of str -> list of (str, str, str, str)
    source : str
        Where they came from (a path or a description).
    """

    sections: dict
    source: str = ""

    def __len__(self):
        return sum(len(q) for q in self.sections.values())

    def __iter__(self):
        for qs in self.sections.values():
            yield from qs

    def __repr__(self):
        return (f"<AnalogyQuestions: {len(self)} questions in {len(self.sections)} sections "
                f"from {self.source or 'memory'}>")

    @classmethod
    def from_sections(cls, sections, source=""):
        """Validate a dict section -> questions (or a flat list of questions)."""
        if isinstance(sections, AnalogyQuestions):
            return sections
        if not isinstance(sections, dict):
            sections = {DEFAULT_SECTION: list(sections)}
        out = {}
        for name, qs in sections.items():
            rows = []
            for k, q in enumerate(qs):
                if (isinstance(q, str) or not hasattr(q, "__len__") or len(q) != 4
                        or not all(isinstance(w, str) for w in q)):
                    raise ValueError(
                        f"section {name!r}, question {k}: expected four words (a, b, c, d), "
                        f"got {q!r}."
                    )
                rows.append(tuple(q))
            out[str(name)] = rows
        if sum(len(q) for q in out.values()) == 0:
            raise ValueError("The analogy question set is empty.")
        return cls(out, source)


@dataclass(frozen=True)
class WordPairs:
    """Word pairs with a human similarity score.

    Attributes
    ----------
    word1, word2 : ndarray of object of shape (n,)
    score : ndarray of float64 of shape (n,)
    source : str
    """

    word1: np.ndarray
    word2: np.ndarray
    score: np.ndarray
    source: str = ""

    def __len__(self):
        return self.score.shape[0]

    def __iter__(self):
        return zip(self.word1.tolist(), self.word2.tolist(), self.score.tolist())

    def __repr__(self):
        return f"<WordPairs: {len(self)} pairs from {self.source or 'memory'}>"

    @classmethod
    def from_triples(cls, triples, source=""):
        """Validate an iterable of (word1, word2, score)."""
        if isinstance(triples, WordPairs):
            return triples
        w1, w2, s = [], [], []
        for k, t in enumerate(triples):
            if (isinstance(t, str) or not hasattr(t, "__len__") or len(t) != 3
                    or not (isinstance(t[0], str) and isinstance(t[1], str))):
                raise ValueError(f"pair {k}: expected (word1, word2, score), got {t!r}.")
            try:
                score = float(t[2])
            except (TypeError, ValueError):
                raise ValueError(
                    f"pair {k}: the score {t[2]!r} is not a number."
                ) from None
            if not np.isfinite(score):
                raise ValueError(f"pair {k}: the score {t[2]!r} is not finite.")
            w1.append(t[0])
            w2.append(t[1])
            s.append(score)
        if not s:
            raise ValueError("The word-pair set is empty.")
        return cls(np.asarray(w1, dtype=object), np.asarray(w2, dtype=object),
                   np.asarray(s, dtype=np.float64), source)


def _read_lines(path):
    """The lines of a UTF-8 text file, gzip-compressed or not (a byte-order mark dropped)."""
    path = check_file(path, "file")
    with open(path, "rb") as f:
        data = f.read()
    if check_text_head(data[:4096], path):
        try:
            data = gzip.decompress(data)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise ValueError(
                f"{path!r} is a gzip file that cannot be decompressed ({exc or 'truncated'}): "
                "fetch it again."
            ) from None
        check_text_head(data[:4096], path, compressed=False)
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise explain_decode_error(
            exc, f"{exc.reason} on line {line} of {path!r}, which is not UTF-8; re-encode "
            "it (e.g. iconv -f latin1 -t utf-8), or decode it yourself and pass the lines "
            "to parse_analogies / parse_word_pairs",
        ) from None


def _check_lines(lines, source):
    """``lines`` as a list of str; a single string is refused (it would be read as letters)."""
    if isinstance(lines, (str, bytes)):
        raise TypeError(
            f"{source}: lines must be a list of lines, got a single "
            f"{type(lines).__name__}; pass text.splitlines(), or a path to load_*."
        )
    lines = list(lines)
    for lineno, line in enumerate(lines, start=1):
        if not isinstance(line, str):
            raise TypeError(
                f"{source}: line {lineno} is a {type(line).__name__} ({line!r:.40}); "
                "lines must be str (decode bytes first)."
            )
    return lines


def parse_analogies(lines, *, lowercase=True, source="<lines>"):
    """Parse analogy lines (word2vec's ``questions-words.txt`` format).

    ``: name`` starts a section; every other non-blank line holds four words
    ``a b c d`` (a is to b as c is to d). Questions before the first header go
    to a section called ``"questions"``. Sections without questions are dropped.
    """
    sections = {}
    current = None
    for lineno, raw in enumerate(_check_lines(lines, source), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith(":"):
            name = line[1:].strip()
            if not name:
                raise ValueError(f"{source}: line {lineno}: a section header needs a name "
                                 "after ':'.")
            current = name
            sections.setdefault(current, [])
            continue
        words = line.split()
        if len(words) != 4:
            raise ValueError(
                f"{source}: line {lineno}: expected four words 'a b c d' or a ': section' "
                f"header, got {len(words)} field(s): {raw.strip()[:80]!r}."
            )
        if lowercase:
            words = [w.lower() for w in words]
        if current is None:
            current = DEFAULT_SECTION
            sections.setdefault(current, [])
        sections[current].append(tuple(words))
    sections = {k: v for k, v in sections.items() if v}
    if not sections:
        raise ValueError(f"{source}: no analogy questions found (empty file?).")
    return AnalogyQuestions(sections, source)


def load_analogies(path, *, lowercase=True):
    """Load an analogy file in the format of word2vec's ``questions-words.txt``.

    Parameters
    ----------
    path : str or PathLike
    lowercase : bool, default=True
        Lowercase every word (our vocabularies are lowercase).

    Returns
    -------
    AnalogyQuestions
        ``.sections`` maps each section name to its list of (a, b, c, d).

    Raises
    ------
    ValueError
        Naming the line, for a line that is neither a header nor four words, and
        for a file with no questions.
    """
    return parse_analogies(_read_lines(path), lowercase=lowercase, source=os.fspath(path))


def parse_word_pairs(lines, *, lowercase=True, source="<lines>"):
    """Parse ``word1 word2 score`` lines (tab- or space-separated, ``#`` comments)."""
    triples = []
    for lineno, raw in enumerate(_check_lines(lines, source), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t") if "\t" in line else line.split()
        fields = [f.strip() for f in fields]
        if len(fields) != 3 or not fields[0] or not fields[1]:
            raise ValueError(
                f"{source}: line {lineno}: expected 'word1<TAB>word2<TAB>score', got "
                f"{len(fields)} field(s): {line[:80]!r}."
            )
        try:
            score = float(fields[2])
        except ValueError:
            raise ValueError(
                f"{source}: line {lineno}: the score {fields[2]!r} is not a number."
            ) from None
        if not np.isfinite(score):
            raise ValueError(f"{source}: line {lineno}: the score {fields[2]!r} is not finite.")
        w1, w2 = fields[0], fields[1]
        if lowercase:
            w1, w2 = w1.lower(), w2.lower()
        triples.append((w1, w2, score))
    if not triples:
        raise ValueError(f"{source}: no word pairs found (empty file, or only comments?).")
    return WordPairs.from_triples(triples, source)


def load_word_pairs(path, *, lowercase=True):
    """Load a word-similarity file: ``#`` comment lines, then ``word1<TAB>word2<TAB>score``.

    This is the format of WordSim-353 and SimLex-999 as gensim's test data ships
    them. Whitespace instead of tabs is accepted.

    Parameters
    ----------
    path : str or PathLike
    lowercase : bool, default=True

    Returns
    -------
    WordPairs

    Raises
    ------
    ValueError
        Naming the line, for a line without exactly three fields or with a score
        that is not a number, and for a file with no pairs.
    """
    return parse_word_pairs(_read_lines(path), lowercase=lowercase, source=os.fspath(path))
