"""Bad inputs, one table row each: the input, the exact exception type, the words of its message.

The rows are grouped in one list per public input surface (``CORPUS``,
``PARAMETERS``, ``VOCABULARY``, ``ENCODED``, ``MATRIX``, ``POWERS``,
``DATASETS``, ``ESTIMATORS``). To cover a new surface, add a list of :class:`Bad` rows and
append it to ``BAD_INPUTS``; then run ``python docs/_gen_reliability_table.py``
so that ``docs/reliability.md`` lists it (``test_reliability_table_is_current``
checks). A row's ``call`` gets a fresh temporary folder (a ``pathlib.Path``)
for any file it needs; ``{tmp}`` in a row's words stands for that folder.

The property tests at the end (hypothesis) feed generated corpora, matrices
and file contents to the parsers and to ``CooccurrenceVectorizer``: either a
clear ``ValueError``/``TypeError``, or a finite result that does not depend
on the run.
"""

import bz2
import gzip
import lzma
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.utils._param_validation import InvalidParameterError

from skw2v import (
    PMISVDEmbedding,
    QWEMEmbedding,
    QWEMGradientEmbedding,
    SGNSEmbedding,
    _validation,
)
from skw2v.estimators import TrainingDivergedError
from skw2v._validation import (
    InputTooLargeError,
    check_encoded_corpus,
    check_pairs,
    check_power,
    check_words,
)
from skw2v.datasets import (
    AnalogyQuestions,
    WordPairs,
    data_path,
    load_analogies,
    load_word_pairs,
    parse_analogies,
    parse_word_pairs,
)
from skw2v.statistics import (
    CooccurrenceMatrix,
    CooccurrenceVectorizer,
    EncodedCorpus,
    SubsamplingError,
    check_cooccurrence,
    encode_corpus,
    restrict_stream,
    select_vocabulary,
    window_weights,
)

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Bad:
    """One bad input: where it goes, what it is, and what must come out.

    Attributes
    ----------
    surface : str
        The public entry point, as a user would call it.
    input : str
        The input, in a few words (shown in ``docs/reliability.md``).
    call : callable
        ``call(tmp)`` passes the input; ``tmp`` is an empty folder.
    error : type
        The exact type of the exception raised (not a subclass).
    words : tuple of str
        Substrings the message must contain (``{tmp}`` is the folder).
    """

    surface: str
    input: str
    call: Callable
    error: type
    words: tuple = ()

    @property
    def id(self):
        return re.sub(r"[^a-z0-9]+", "-", f"{self.surface} {self.input}".lower()).strip("-")


def vec(**params):
    # Small corpora: word2vec's pairs, no subsampling unless asked (the class
    # defaults subsample, which a corpus of a few words cannot take).
    for name, value in (("min_count", 1), ("window", 5), ("weighting", "linear"),
                        ("subsample", None)):
        params.setdefault(name, value)
    return CooccurrenceVectorizer(**params)


def write(tmp, name, data):
    path = tmp / name
    path.write_bytes(data)
    return str(path)


def truncated_gz(tmp):
    data = gzip.compress(b"the cat sat on the mat\n" * 5000)
    return write(tmp, "corpus.txt.gz", data[: len(data) // 2])


def npy_file(tmp):
    path = tmp / "vectors.npy"
    np.save(path, np.arange(12.0).reshape(3, 4))
    return str(path)


def latin1(tmp, name="corpus.txt", text="caf\xe9 au lait\nthe cat sat\n"):
    return write(tmp, name, text.encode("latin-1"))


def M(entries=((0, 2), (2, 0)), **kw):
    return CooccurrenceMatrix(np.array(entries, dtype=np.float64), **kw)


def with_counts(counts):
    X = M(words=["a", "b"])
    X.word_counts = counts  # set after construction: only check_cooccurrence sees it
    return check_cooccurrence(X)


WORDS2 = np.array(["a", "b"], dtype=object)
NOTHING = "nothing co-occurs"

CORPUS = [
    Bad("CooccurrenceVectorizer.fit_transform", "a flat list of tokens",
        lambda t: vec().fit_transform("the cat sat on the mat".split()), ValueError,
        ("No two vocabulary words share a document", "flat list of tokens", "[tokens]")),
    Bad("CooccurrenceVectorizer.fit_transform", "one-word documents",
        lambda t: vec().fit_transform([["cat"], ["dog"], ["cat"]]), ValueError,
        ("all 3 documents", "just one", NOTHING)),
    Bad("CooccurrenceVectorizer.fit_transform", "subsample=1e-9 (keeps nothing)",
        lambda t: vec(subsample=1e-9, random_state=0).fit_transform(["a b c d e f"] * 5),
        SubsamplingError, ("subsample=1e-09", "fewer than one pair", "Raise subsample")),
    Bad("CooccurrenceVectorizer.fit_transform", "a fixed vocabulary none of whose words occurs",
        lambda t: vec(vocabulary=["x", "y"]).fit_transform(["a b c"]), ValueError,
        ("No vocabulary word occurs", "fixed vocabulary")),
    Bad("CooccurrenceVectorizer.fit_transform", "min_count above every count",
        lambda t: vec(min_count=9).fit_transform(["a b a"]), ValueError,
        ("min_count=9", "occurs 2 times", "lower min_count")),
    Bad("CooccurrenceVectorizer.fit_transform", "no documents",
        lambda t: vec().fit_transform([]), ValueError, ("corpus is empty",)),
    Bad("CooccurrenceVectorizer.fit_transform", "only blank documents",
        lambda t: vec().fit_transform(["", "  \t"]), ValueError, ("corpus is empty",)),
    Bad("CooccurrenceVectorizer.fit_transform", "a file of blank lines",
        lambda t: vec().fit_transform(write(t, "blank.txt", b"\n \n\t\n")), ValueError,
        ("corpus is empty (the file '{tmp}/blank.txt')",)),
    Bad("CooccurrenceVectorizer.fit_transform", "a tokenizer returning None",
        lambda t: vec(tokenizer=lambda s: None).fit_transform(["a b"]), TypeError,
        ("tokenizer <lambda> returned NoneType", "list of str")),
    Bad("CooccurrenceVectorizer.fit_transform", "a tokenizer returning the string",
        lambda t: vec(tokenizer=lambda s: s).fit_transform(["a b"]), TypeError,
        ("returned str", "not None or a single string")),
    Bad("CooccurrenceVectorizer.fit_transform", "a tokenizer returning ints",
        lambda t: vec(tokenizer=lambda s: [1, 2]).fit_transform(["a b"]), TypeError,
        ("tokens must be str", "int")),
    Bad("CooccurrenceVectorizer.fit_transform", "a tokenizer returning an empty token",
        lambda t: vec(tokenizer=lambda s: ["a", ""]).fit_transform(["a b"]), ValueError,
        ("empty token",)),
    Bad("CooccurrenceVectorizer.fit_transform", "a document that is an int",
        lambda t: vec().fit_transform(["a b", 7]), TypeError,
        ("document 1 is a int", "str, bytes or a list of str")),
    Bad("CooccurrenceVectorizer.fit_transform", "a bytes document not in the encoding",
        lambda t: vec().fit_transform(["a b", b"caf\xe9 b"]), UnicodeDecodeError,
        ("document 1", "not utf-8", "encoding='latin-1'")),
    Bad("CooccurrenceVectorizer.fit_transform", "a 2-D array (a table, not documents)",
        lambda t: vec().fit_transform(np.array([["a b", "c"], ["d", "e f"]])), TypeError,
        ("2-D ndarray", "one column of text")),
    Bad("CooccurrenceVectorizer.fit_transform", "the corpus as one bytes object",
        lambda t: vec().fit_transform(b"a b"), TypeError, ("X is bytes", "decode it")),
    Bad("CooccurrenceVectorizer.fit_transform", "None",
        lambda t: vec().fit_transform(None), TypeError,
        ("iterable of documents", "NoneType")),
    Bad("CooccurrenceVectorizer.fit_transform", "token lists nested one level too deep",
        lambda t: vec().fit_transform([[["a", "b"]]]), TypeError,
        ("document 0", "tokens must be str", "list")),
    Bad("CooccurrenceVectorizer.fit_transform", "a token holding the separator \\x1e",
        lambda t: vec().fit_transform([["a\x1eb", "c"]]), ValueError,
        ("control character",)),
    Bad("CooccurrenceVectorizer.fit_transform", "a string that is not a file",
        lambda t: vec().fit_transform("the cat sat"), FileNotFoundError,
        ("No corpus file", "wrap it in a list")),
    Bad("CooccurrenceVectorizer.fit_transform", "a directory",
        lambda t: vec().fit_transform(str(t)), IsADirectoryError,
        ("{tmp}", "is a directory")),
    Bad("CooccurrenceVectorizer.fit_transform", "a truncated .gz file",
        lambda t: vec().fit_transform(truncated_gz(t)), EOFError,
        ("{tmp}", "truncated", "gzip -dc")),
    Bad("CooccurrenceVectorizer.fit_transform", "a corrupt .gz file",
        lambda t: vec().fit_transform(write(t, "bad.gz", b"\x1f\x8b" + b"\x00" * 40)),
        ValueError, ("{tmp}", "cannot be decompressed", "corrupt")),
    Bad("CooccurrenceVectorizer.fit_transform", "a Latin-1 file read as UTF-8",
        lambda t: vec().fit_transform(latin1(t)), UnicodeDecodeError,
        ("{tmp}", "which is not utf-8", "encoding='latin-1'", "decode_error='replace'")),
    Bad("CooccurrenceVectorizer.fit_transform", "an unknown encoding",
        lambda t: vec(encoding="klingon").fit_transform(latin1(t)), ValueError,
        ("Unknown encoding='klingon'",)),
    Bad("CooccurrenceVectorizer.fit_transform", "encoding='utf-16' for a file",
        lambda t: vec(encoding="utf-16").fit_transform(latin1(t)), ValueError,
        ("not supported for files", "re-encode the file as UTF-8")),
    Bad("CooccurrenceVectorizer.fit_transform", "an invalid token_pattern",
        lambda t: vec(token_pattern="(").fit_transform(["a b"]), ValueError,
        ("token_pattern='('", "not a valid regular expression")),
    Bad("CooccurrenceVectorizer.fit_transform", "a token_pattern with two groups",
        lambda t: vec(token_pattern="(a)(b)").fit_transform(["ab"]), ValueError,
        ("more than one capturing group",)),
    Bad("CooccurrenceVectorizer.fit_transform", "a bzip2 file",
        lambda t: vec().fit_transform(write(t, "c.bz2", bz2.compress(b"a b\n"))), ValueError,
        ("{tmp}", "compressed with bzip2", "bunzip2")),
    Bad("CooccurrenceVectorizer.fit_transform", "an xz file",
        lambda t: vec().fit_transform(write(t, "c.xz", lzma.compress(b"a b\n"))), ValueError,
        ("{tmp}", "compressed with xz", "unxz")),
    Bad("CooccurrenceVectorizer.fit_transform", "a zip file",
        lambda t: vec().fit_transform(write(t, "c.zip", b"PK\x03\x04" + b"\x00" * 30)),
        ValueError, ("{tmp}", "compressed with zip", "unzip")),
    Bad("CooccurrenceVectorizer.fit_transform", "a UTF-16 file",
        lambda t: vec().fit_transform(write(t, "c.txt", "a b\n".encode("utf-16"))),
        ValueError, ("{tmp}", "NUL bytes", "UTF-16", "UTF-8")),
    Bad("CooccurrenceVectorizer.fit_transform", "a binary file (.npy)",
        lambda t: vec().fit_transform(npy_file(t)), ValueError, ("{tmp}", "binary file")),
    Bad("CooccurrenceVectorizer.fit_transform", "a gzip-compressed binary file",
        lambda t: vec().fit_transform(write(t, "c.gz", gzip.compress(b"\x00\x01" * 9))),
        ValueError, ("{tmp}", "NUL bytes")),
    Bad("CooccurrenceVectorizer.fit_transform", "a token_pattern matching empty strings",
        lambda t: vec(token_pattern=r"\w*").fit_transform(["a b"]), ValueError,
        ("token_pattern='\\\\w*'", "empty token", "at least one character")),
    Bad("encode_corpus", "a Latin-1 file read as UTF-8",
        lambda t: encode_corpus(latin1(t)), UnicodeDecodeError, ("{tmp}",)),
]

PARAMETERS = [
    Bad("CooccurrenceVectorizer", "window=True",
        lambda t: vec(window=True).fit_transform(["a b"]), InvalidParameterError,
        ("'window'", "not a bool", "Got True")),
    Bad("CooccurrenceVectorizer", "window=0",
        lambda t: vec(window=0).fit_transform(["a b"]), InvalidParameterError,
        ("'window'", "range [1, inf)")),
    Bad("CooccurrenceVectorizer", "min_count=True",
        lambda t: vec(min_count=True).fit_transform(["a b"]), InvalidParameterError,
        ("'min_count'", "not a bool")),
    Bad("CooccurrenceVectorizer", "n_jobs=True",
        lambda t: vec(n_jobs=True).fit_transform(["a b"]), InvalidParameterError,
        ("'n_jobs'", "not a bool")),
    Bad("CooccurrenceVectorizer", "max_vocab_size=2.5",
        lambda t: vec(max_vocab_size=2.5).fit_transform(["a b"]), InvalidParameterError,
        ("'max_vocab_size'", "an int")),
    Bad("CooccurrenceVectorizer", "subsample=True",
        lambda t: vec(subsample=True).fit_transform(["a b"]), InvalidParameterError,
        ("'subsample'", "not a bool")),
    Bad("CooccurrenceVectorizer", "subsample=nan",
        lambda t: vec(subsample=float("nan")).fit_transform(["a b"]), InvalidParameterError,
        ("'subsample'", "Got nan")),
    Bad("CooccurrenceVectorizer", "subsample=2",
        lambda t: vec(subsample=2.0).fit_transform(["a b"]), InvalidParameterError,
        ("'subsample'", "[0.0, 1.0]")),
    Bad("CooccurrenceVectorizer", "weighting='cubic'",
        lambda t: vec(weighting="cubic").fit_transform(["a b"]), InvalidParameterError,
        ("'weighting'", "harmonic")),
    Bad("CooccurrenceVectorizer", "subsample_draws=3 without subsample",
        lambda t: vec(subsample_draws=3).fit_transform(["a b"]), ValueError,
        ("subsample_draws=3", "set subsample")),
    Bad("CooccurrenceVectorizer", "subsample_draws=10**400",
        lambda t: vec(subsample=1e-3, subsample_draws=10**400).fit_transform(["a b"]),
        InvalidParameterError, ("'subsample_draws'", "[1, 10000]")),
    Bad("window_weights", "window=10**12 (7 TiB of weights)",
        lambda t: window_weights(10**12, "linear"), InputTooLargeError,
        ("window=1000000000000", "7.28 TiB", "lower window")),
    Bad("window_weights", "window=10**400 (beyond float64)",
        lambda t: window_weights(10**400, "uniform"), InputTooLargeError,
        ("window=~10**400", "about 10**400 B")),
    Bad("window_weights", "weighting='cubic'",
        lambda t: window_weights(3, "cubic"), ValueError, ("Unknown weighting 'cubic'",)),
]

VOCABULARY = [
    Bad("CooccurrenceVectorizer(vocabulary=)", "repeated words",
        lambda t: vec(vocabulary=["a", "b", "a"]).fit_transform(["a b"]), ValueError,
        ("repeated words ('a')",)),
    Bad("CooccurrenceVectorizer(vocabulary=)", "a word that is not a str",
        lambda t: vec(vocabulary=["a", 1]).fit_transform(["a b"]), TypeError,
        ("vocabulary", "must be str", "int")),
    Bad("CooccurrenceVectorizer(vocabulary=)", "an empty list",
        lambda t: vec(vocabulary=[]).fit_transform(["a b"]), ValueError,
        ("vocabulary is empty",)),
    Bad("CooccurrenceVectorizer(vocabulary=)", "an empty word",
        lambda t: vec(vocabulary=["a", ""]).fit_transform(["a b"]), ValueError,
        ("empty string",)),
    Bad("CooccurrenceVectorizer(vocabulary=)", "a single string",
        lambda t: vec(vocabulary="ab").fit_transform(["a b"]), InvalidParameterError,
        ("'vocabulary'",)),
    Bad("CooccurrenceVectorizer(vocabulary=)", "a dict with rows 0 and 2",
        lambda t: vec(vocabulary={"a": 0, "b": 2}).fit_transform(["a b"]), ValueError,
        ("rows 0..1", "from 0 to 2")),
    Bad("CooccurrenceVectorizer(vocabulary=)", "a dict with bool rows",
        lambda t: vec(vocabulary={"a": False, "b": True}).fit_transform(["a b"]), TypeError,
        ("int rows", "bool")),
    Bad("check_words", "a single string", lambda t: check_words("abc"), TypeError,
        ("single str", "wrap it in a list")),
]

ENCODED = [
    Bad("restrict_stream", "an id beyond the words (was a segfault in SGNS)",
        lambda t: restrict_stream(np.array([0, 5, -1], np.int32), WORDS2, WORDS2[:1]),
        ValueError, ("stream[1] is 5", "0..1")),
    Bad("restrict_stream", "an id below -1",
        lambda t: restrict_stream(np.array([0, -7], np.int32), WORDS2, WORDS2), ValueError,
        ("stream[1] is -7", "-1 to end a document")),
    Bad("restrict_stream", "a stream of floats",
        lambda t: restrict_stream(np.array([0.5]), WORDS2, WORDS2), TypeError,
        ("integer ids", "float64")),
    Bad("check_encoded_corpus", "counts that do not count the stream",
        lambda t: check_encoded_corpus(EncodedCorpus(WORDS2, np.array([5, 1]),
                                                     np.array([0, 1, -1], np.int32))),
        ValueError, ("EncodedCorpus.counts[0] ('a') is 5", "holds that id 1 times")),
    Bad("check_encoded_corpus", "one count for two words",
        lambda t: check_encoded_corpus(EncodedCorpus(WORDS2, np.array([1]),
                                                     np.array([0, 1, -1], np.int32))),
        ValueError, ("EncodedCorpus.counts has shape (1,)", "2 words")),
    Bad("check_encoded_corpus", "a tuple that is not a corpus",
        lambda t: check_encoded_corpus((1, 2)), TypeError, ("Expected an EncodedCorpus",)),
    Bad("select_vocabulary", "counts of another length than the words",
        lambda t: select_vocabulary(WORDS2, np.array([1, 2, 3])), ValueError,
        ("counts has shape (3,)", "2 words")),
]

MATRIX = [
    Bad("check_cooccurrence", "word_counts one short (set after construction)",
        lambda t: with_counts(np.array([3])), ValueError,
        ("word_counts has shape (1,)", "2 words", "one count per word")),
    Bad("CooccurrenceMatrix", "word_counts one long",
        lambda t: M(words=["a", "b"], word_counts=[1, 2, 3]), ValueError,
        ("word_counts has shape (3,)",)),
    Bad("CooccurrenceMatrix", "a NaN word count",
        lambda t: M(words=["a", "b"], word_counts=[np.nan, 1]), ValueError,
        ("word_counts[0] is nan", "finite")),
    Bad("CooccurrenceMatrix", "a negative word count",
        lambda t: M(words=["a", "b"], word_counts=[3, -1]), ValueError,
        ("word_counts[1] is -1", ">= 0")),
    Bad("CooccurrenceMatrix", "fractional word counts (frequencies)",
        lambda t: M(words=["a", "b"], word_counts=[0.25, 0.75]), ValueError,
        ("word_counts[0] is 0.25", "whole numbers")),
    Bad("CooccurrenceMatrix", "word counts whose sum overflows int64",
        lambda t: M(words=["a", "b"], word_counts=[2**62, 2**62]), ValueError,
        ("sums to 9223372036854775808", "overflow")),
    Bad("CooccurrenceMatrix", "word counts as strings",
        lambda t: M(words=["a", "b"], word_counts=["1", "2"]), TypeError,
        ("must be numbers",)),
    Bad("CooccurrenceMatrix", "repeated words",
        lambda t: M(words=["a", "a"]), ValueError, ("repeated words ('a')",)),
    Bad("check_cooccurrence", "entries whose sum overflows float64",
        lambda t: check_cooccurrence(np.full((2, 2), 1e308), ["a", "b"]), ValueError,
        ("sum past float64", "scale the matrix down")),
    Bad("check_cooccurrence", "a NaN entry",
        lambda t: check_cooccurrence(np.array([[0, np.nan], [np.nan, 0]]), ["a", "b"]),
        ValueError, ("NaN or infinite",)),
    Bad("check_cooccurrence", "a negative entry",
        lambda t: check_cooccurrence(np.array([[0, -1], [-1, 0]]), ["a", "b"]),
        ValueError, ("negative entries",)),
    Bad("check_cooccurrence", "all zeros",
        lambda t: check_cooccurrence(np.zeros((2, 2)), ["a", "b"]), ValueError,
        ("all zeros",)),
    Bad("check_cooccurrence", "not symmetric",
        lambda t: check_cooccurrence(np.array([[0, 1], [5, 0]]), ["a", "b"]), ValueError,
        ("not symmetric", "(X + X.T) / 2")),
    Bad("check_cooccurrence", "a 2 x 3 matrix",
        lambda t: check_cooccurrence(np.ones((2, 3)), ["a", "b"]), ValueError,
        ("must be square", "(2, 3)")),
    Bad("check_cooccurrence", "a 3-D array",
        lambda t: check_cooccurrence(np.ones((2, 2, 2)), ["a", "b"]), ValueError,
        ("must be square", "(2, 2, 2)")),
    Bad("check_cooccurrence", "one word",
        lambda t: check_cooccurrence(np.ones((1, 1)), ["a"]), ValueError,
        ("at least 2 words",)),
    Bad("check_cooccurrence", "complex entries",
        lambda t: check_cooccurrence(np.ones((2, 2), complex), ["a", "b"]), TypeError,
        ("complex128", "real numbers")),
    Bad("check_cooccurrence", "string entries",
        lambda t: check_cooccurrence(np.array([["0", "1"], ["1", "0"]]), ["a", "b"]),
        TypeError, ("real numbers",)),
    Bad("check_cooccurrence", "documents instead of a matrix",
        lambda t: check_cooccurrence(["the cat", "a dog"]), TypeError,
        ("CooccurrenceVectorizer",)),
    Bad("check_cooccurrence", "a matrix without words",
        lambda t: check_cooccurrence(sp.csr_array(np.ones((2, 2)))), ValueError,
        ("carries no words", "vocabulary=")),
    Bad("check_cooccurrence", "three words for two rows",
        lambda t: check_cooccurrence(np.ones((2, 2)), ["a", "b", "c"]), ValueError,
        ("vocabulary has 3 words", "2 rows")),
    Bad("check_cooccurrence", "a vocabulary that contradicts the matrix's words",
        lambda t: check_cooccurrence(M(words=["a", "b"]), ["b", "a"]), ValueError,
        ("does not match",)),
]

POWERS = [
    Bad("check_power", "exponent 1e300 on counts",
        lambda t: check_power([1, 10, 1000], 1e300, "ns_exponent"), ValueError,
        ("ns_exponent=1e+300", "would not be finite", "below about")),
    Bad("check_power", "exponent -1e300 on eigenvalues",
        lambda t: check_power([1, 10, 1000], -1e300, "eigenvalue_power",
                              what="the eigenvalues"), ValueError,
        ("eigenvalue_power=-1e+300", "the eigenvalues")),
]

DATASETS = [
    Bad("load_analogies", "a Latin-1 file", lambda t: load_analogies(
        latin1(t, "q.txt", ": section\ncaf\xe9 b c d\n")), UnicodeDecodeError,
        ("{tmp}", "line 2", "not UTF-8", "iconv")),
    Bad("load_word_pairs", "a Latin-1 file", lambda t: load_word_pairs(
        latin1(t, "p.txt", "caf\xe9\tb\t1.0\n")), UnicodeDecodeError,
        ("{tmp}", "line 1", "not UTF-8")),
    Bad("load_analogies", "a truncated .gz file", lambda t: load_analogies(
        write(t, "q.txt.gz", gzip.compress(b": s\na b c d\n" * 50)[:20])), ValueError,
        ("{tmp}", "cannot be decompressed")),
    Bad("load_word_pairs", "a bzip2 file", lambda t: load_word_pairs(
        write(t, "p.bz2", bz2.compress(b"a\tb\t1\n"))), ValueError,
        ("{tmp}", "compressed with bzip2")),
    Bad("load_word_pairs", "a UTF-16 file", lambda t: load_word_pairs(
        write(t, "p.txt", "a\tb\t1\n".encode("utf-16"))), ValueError,
        ("{tmp}", "NUL bytes")),
    Bad("load_analogies", "a missing file",
        lambda t: load_analogies(t / "missing.txt"), FileNotFoundError, ("missing.txt",)),
    Bad("load_analogies", "an empty file",
        lambda t: load_analogies(write(t, "e.txt", b"")), ValueError,
        ("{tmp}", "no analogy questions")),
    Bad("parse_analogies", "one string instead of lines",
        lambda t: parse_analogies("a b c d"), TypeError,
        ("single str", "splitlines()")),
    Bad("parse_analogies", "lines as bytes",
        lambda t: parse_analogies([b"a b c d"]), TypeError,
        ("line 1 is a bytes", "decode bytes first")),
    Bad("parse_analogies", "a line of three words",
        lambda t: parse_analogies([": s", "a b c"]), ValueError,
        ("line 2", "expected four words", "3 field(s)")),
    Bad("parse_analogies", "a header without a name",
        lambda t: parse_analogies([":", "a b c d"]), ValueError,
        ("line 1", "needs a name")),
    Bad("parse_word_pairs", "a score that is not a number",
        lambda t: parse_word_pairs(["a\tb\thigh"]), ValueError,
        ("line 1", "'high' is not a number")),
    Bad("parse_word_pairs", "a score of nan",
        lambda t: parse_word_pairs(["a b nan"]), ValueError, ("not finite",)),
    Bad("parse_word_pairs", "only comments",
        lambda t: parse_word_pairs(["# nothing"]), ValueError, ("no word pairs",)),
    Bad("WordPairs.from_triples", "a score that is a word",
        lambda t: WordPairs.from_triples([("a", "b", "x")]), ValueError,
        ("pair 0", "'x' is not a number")),
    Bad("WordPairs.from_triples", "None as a pair",
        lambda t: WordPairs.from_triples([None]), ValueError, ("pair 0", "got None")),
    Bad("AnalogyQuestions.from_sections", "None as a question",
        lambda t: AnalogyQuestions.from_sections({"s": [None]}), ValueError,
        ("question 0", "four words")),
    Bad("data_path", "a file skw2v does not ship",
        lambda t: data_path("nope.txt"), FileNotFoundError, ("'nope.txt'",)),
]

def sgns():
    return SGNSEmbedding(n_components=2, epochs=1, min_count=1, random_state=0)


def matrix_with_counts(counts):
    X = M(((0, 2, 1), (2, 0, 1), (1, 1, 0)), words=["a", "b", "c"])
    X.word_counts = np.asarray(counts)
    return X


WORDS3 = np.array(["a", "b", "c"], dtype=object)

# The estimators' own surfaces (parameters, fitted state, divergence...) get
# lists of their own beside this one; these rows are the statistics layer's
# checks as an estimator meets them.
ESTIMATORS = [
    Bad("SGNSEmbedding.fit", "an EncodedCorpus with an id outside its words (was a segfault)",
        lambda t: sgns().fit(EncodedCorpus(WORDS3, np.array([2, 2, 2]),
                                           np.array([0, 1, 2, 7, 0, 1, -1], np.int32))),
        ValueError, ("EncodedCorpus.stream[3] is 7", "0..2")),
    Bad("SGNSEmbedding.fit", "an EncodedCorpus whose counts do not count its stream",
        lambda t: sgns().fit(EncodedCorpus(WORDS3, np.array([100, 1, 1]),
                                           np.array([0, 1, 2, -1], np.int32))),
        ValueError, ("counts[0] ('a') is 100", "holds that id 1 times")),
    Bad("SGNSEmbedding.fit", "a matrix whose word_counts are one short (was a segfault)",
        lambda t: sgns().fit(matrix_with_counts([5, 5])), ValueError,
        ("word_counts has shape (2,)", "3 words")),
    Bad("SGNSEmbedding.fit", "a matrix with NaN word_counts",
        lambda t: sgns().fit(matrix_with_counts([5.0, np.nan, 1.0])), ValueError,
        ("word_counts[1] is nan",)),
    Bad("PMISVDEmbedding.fit", "context_smoothing=1e6 (was 'Input contains NaN')",
        lambda t: PMISVDEmbedding(n_components=1, context_smoothing=1e6).fit(
            np.array([[0, 5, 1], [5, 0, 2], [1, 2, 0.0]]), vocabulary=["a", "b", "c"]),
        ValueError, ("context_smoothing=1000000.0", "would not be finite", "below about")),
    Bad("SGNSEmbedding.fit", "a flat list of tokens",
        lambda t: sgns().fit_transform(CooccurrenceVectorizer(min_count=1).fit_transform(
            "the cat sat on the mat".split())), ValueError,
        ("No two vocabulary words share a document",)),
]

X3 = np.array([[0, 5, 1], [5, 0, 2], [1, 2, 0.0]])
SMALL_DOCS = ["the cat sat on the mat", "the dog sat on the rug", "a cat and a dog"] * 20


def fit3(est):
    """``est`` fitted on a 3-word matrix."""
    return est.fit(X3, vocabulary=["a", "b", "c"])


def poisson_counts(V):
    """A symmetric V x V matrix of Poisson(2) counts (both sums), seeded."""
    C = np.random.default_rng(0).poisson(2.0, size=(V, V))
    return CooccurrenceMatrix(sp.csr_array((C + C.T).astype(float)),
                              words=[f"w{k}" for k in range(V)])


def with_absent_word():
    Z = np.zeros((4, 4))
    Z[:3, :3] = X3
    return CooccurrenceMatrix(Z, words=["a", "b", "c", "zebra"], word_counts=[6, 7, 3, 0])


# The estimators' own checks: parameters, training on nothing, divergence,
# sizes, powers, absent words.
FITS = [
    *[Bad(f"{cls.__name__}", "n_components=True",
          lambda t, cls=cls: fit3(cls(n_components=True)), InvalidParameterError,
          ("'n_components'", "not a bool", "Got True"))
      for cls in (SGNSEmbedding, QWEMEmbedding, QWEMGradientEmbedding, PMISVDEmbedding)],
    Bad("QWEMEmbedding", "negative=True", lambda t: fit3(QWEMEmbedding(1, negative=True)),
        InvalidParameterError, ("'negative'", "not a bool")),
    Bad("SGNSEmbedding", "n_jobs=True", lambda t: sgns().set_params(n_jobs=True).fit(["a b"]),
        InvalidParameterError, ("'n_jobs'", "not a bool")),
    Bad("SGNSEmbedding.fit", "a flat list of tokens (was a random init as the fit)",
        lambda t: sgns().fit("the cat sat on the mat".split()), ValueError,
        ("No two vocabulary words share a document", "[tokens]")),
    Bad("SGNSEmbedding.fit", "one-word documents (was n_pairs_ = 0)",
        lambda t: sgns().fit([["cat"], ["dog"], ["cat"]]), ValueError,
        ("all 3 documents", "just one")),
    Bad("SGNSEmbedding.fit", "sample=1e-9 keeps nothing (was n_pairs_ = 0)",
        lambda t: sgns().set_params(sample=1e-9).fit(SMALL_DOCS), SubsamplingError,
        ("sample=1e-09", "fewer than one pair", "Raise sample", "set it to 0")),
    Bad("SGNSEmbedding.fit", "alpha=0.5 on a small corpus (weights 1e5, loss finite)",
        lambda t: SGNSEmbedding(10, alpha=0.5, min_count=1, sample=0, epochs=5,
                                random_state=0, n_jobs=1).fit(SMALL_DOCS),
        TrainingDivergedError, ("Training diverged", "entry of", "Lower alpha (it is 0.5)")),
    Bad("QWEMGradientEmbedding.fit", "learning_rate=1 per pair (diverges)",
        lambda t: QWEMGradientEmbedding(3, negative=1, n_steps=100, batch_size=2000,
                                        learning_rate=1.0, random_state=0).fit(
            planted_counts()), TrainingDivergedError,
        ("Training diverged", "lower learning_rate (it was 1 per pair)")),
    Bad("SGNSEmbedding.fit", "a matrix summing to 2e11 pairs (was a 124 GiB allocation)",
        lambda t: sgns().fit(M(((0, 1e11), (1e11, 0)), words=["a", "b"])),
        InputTooLargeError, ("200000000000 pairs", "would need", "GiB", "scale X down")),
    Bad("SGNSEmbedding.fit", "negative=10**7 (kernel buffers of TiB)",
        lambda t: sgns().set_params(negative=10**7).fit(SMALL_DOCS), InputTooLargeError,
        ("negative=10000000", "would need", "lower negative")),
    Bad("SGNSEmbedding.fit", "n_components=10**10",
        lambda t: sgns().set_params(n_components=10**10).fit(SMALL_DOCS), InputTooLargeError,
        ("n_components=10000000000", "would need", "lower n_components")),
    Bad("QWEMGradientEmbedding.fit", "n_steps=10**13",
        lambda t: fit3(QWEMGradientEmbedding(1, negative=1, n_steps=10**13)),
        InputTooLargeError, ("n_steps=10000000000000", "would need", "lower n_steps")),
    Bad("QWEMGradientEmbedding.fit", "negative=10**9 (was minutes of sampling, no error)",
        lambda t: QWEMGradientEmbedding(3, negative=10**9, n_steps=10, reweighting="none",
                                        random_state=0).fit(poisson_counts(30)),
        ValueError, ("negative=1e+09", "1e+14 pair updates", "lower n_steps, batch_size or "
                     "negative")),
    Bad("QWEMGradientEmbedding.fit", "batch_size=10**12 (was minutes of sampling, no error)",
        lambda t: QWEMGradientEmbedding(3, n_steps=10, batch_size=10**12,
                                        random_state=0).fit(poisson_counts(30)),
        ValueError, ("batch_size=1000000000000", "pair updates", "refused")),
    Bad("QWEMEmbedding.fit", "solver='dense' on 100,000 words (320 GB of dense matrices)",
        lambda t: QWEMEmbedding(2, solver="dense").fit(ring(100_000)), InputTooLargeError,
        ("solver='dense' at V=100000", "would need", "use solver='lobpcg'")),
    Bad("PMISVDEmbedding.fit", "n_oversamples=10**12",
        lambda t: fit3(PMISVDEmbedding(1, n_oversamples=10**12)), InputTooLargeError,
        ("would need", "lower n_components or n_oversamples")),
    *[Bad(f"{cls.__name__}.fit", "ns_exponent=1e300 (was NaN / ARPACK errors)",
          lambda t, cls=cls: fit3(cls(1, ns_exponent=1e300)), ValueError,
          ("ns_exponent=1e+300", "would not be finite", "below about"))
      for cls in (QWEMEmbedding, QWEMGradientEmbedding)],
    Bad("SGNSEmbedding.fit", "ns_exponent=1e300 (was overflow warnings)",
        lambda t: sgns().set_params(ns_exponent=1e300).fit(SMALL_DOCS), ValueError,
        ("ns_exponent=1e+300", "below about")),
    Bad("QWEMEmbedding.fit", "eigenvalue_power=1e300 (was 'lower the learning rate')",
        lambda t: QWEMEmbedding(1, negative=1, eigenvalue_power=1e300).fit(
            planted_counts()), ValueError,
        ("eigenvalue_power=1e+300", "the eigenvalues", "below about")),
    Bad("PMISVDEmbedding.fit",
        "eigenvalue_power=-1e300 (was 'training diverged' on a closed form)",
        lambda t: fit3(PMISVDEmbedding(1, eigenvalue_power=-1e300)), ValueError,
        ("eigenvalue_power=-1e+300", "the singular values")),
    Bad("QWEMGradientEmbedding.fit", "an all-ones matrix (nothing to learn)",
        lambda t: QWEMGradientEmbedding(2).fit(np.ones((5, 5)), vocabulary=list("abcde")),
        ValueError, ("no direction to learn", "zero or negative up to rounding")),
    Bad("QWEMEmbedding.fit", "n_components = the words that co-occur (one word absent)",
        lambda t: QWEMEmbedding(3).fit(with_absent_word()), ValueError,
        ("n_components(3)", "co-occur (3, of 4 words)")),
]


def ring(V):
    """Each word co-occurs with the next, around a ring of V words."""
    i = np.arange(V)
    A = sp.csr_array((np.ones(2 * V), (np.r_[i, (i + 1) % V], np.r_[(i + 1) % V, i])),
                     shape=(V, V))
    return CooccurrenceMatrix(A, words=[f"w{k}" for k in range(V)])


def planted_counts():
    rng = np.random.default_rng(0)
    C = rng.poisson(5.0, size=(40, 40))
    return CooccurrenceMatrix(C + C.T, words=[f"w{i}" for i in range(40)])


BAD_INPUTS = (CORPUS + PARAMETERS + VOCABULARY + ENCODED + MATRIX + POWERS + DATASETS
              + ESTIMATORS + FITS)


def run_row(case, tmp):
    """Run a row; return the exception it raised (``None`` if it raised nothing)."""
    try:
        case.call(Path(tmp))
    except Exception as exc:  # noqa: BLE001 - the table checks the type
        return exc
    return None


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.id for c in BAD_INPUTS])
def test_bad_input(case, tmp_path):
    exc = run_row(case, tmp_path)
    assert exc is not None, f"{case.input}: no error raised"
    assert type(exc) is case.error, f"{case.input}: {type(exc).__name__}: {exc}"
    message = str(exc)
    for words in case.words:
        assert words.format(tmp=tmp_path) in message, (words, message)


def test_row_ids_are_unique():
    ids = [c.id for c in BAD_INPUTS]
    assert len(ids) == len(set(ids))


def test_reliability_table_is_current():
    """docs/reliability.md lists every row (regenerate: python docs/_gen_reliability_table.py)."""
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"<!-- row: ([a-z0-9-]+) -->", text))
    missing = [c.id for c in BAD_INPUTS if c.id not in listed]
    stale = sorted(listed - {c.id for c in BAD_INPUTS})
    assert not missing and not stale, (
        f"docs/reliability.md is out of date (missing {missing[:5]}, stale {stale[:5]}); "
        "run python docs/_gen_reliability_table.py"
    )


# ---------------------------------------------------------------- correct behaviour


def test_window_huge_costs_only_the_longest_document():
    """window=10**30 counts as a window spanning every document (no allocation of it)."""
    docs = ["a b c a", "b c"]
    huge = vec(window=10**30, weighting="uniform").fit_transform(docs).toarray()
    span = vec(window=3, weighting="uniform").fit_transform(docs).toarray()
    np.testing.assert_array_equal(huge, span)
    # linear weights keep the full window's scale: (window + 1 - d) / window.
    X = vec(window=10**6, weighting="linear").fit_transform(["a b c"])
    assert X[0, 1] == 1.0 and X[0, 2] == pytest.approx(1 - 1e-6, rel=1e-15)
    for window in (2**60, 10**400):  # beyond exact integers, beyond float64
        for weighting in ("linear", "uniform", "harmonic"):
            X = vec(window=window, weighting=weighting).fit_transform(["a b c"]).toarray()
            assert np.all(np.isfinite(X)) and X[0, 1] == 1.0, (window, weighting)


def test_huge_counts_of_jobs_and_sizes_run_as_the_largest_useful_ones():
    docs = ["a b c a b", "c a"]
    expected = vec().fit_transform(docs)
    for params in (dict(n_jobs=10**9), dict(n_jobs=10**400), dict(shard_size=10**400),
                   dict(max_vocab_size=10**400)):
        X = vec(**params).fit_transform(docs)
        assert (X != expected).nnz == 0, params


def test_harmonic_weights_do_not_compute_big_lcms():
    """lcm(1..window) only up to 2**31; a 10**6 window is instant and exact up to 1/d."""
    weights, scale = window_weights(10**6, "harmonic")
    assert scale == 1.0 and weights[3] == 0.25
    weights, scale = window_weights(22, "harmonic")
    assert scale == 232792560.0 and np.all(weights == np.round(weights))
    assert window_weights(23, "harmonic")[1] == 1.0
    X = vec(window=3 * 10**5, weighting="harmonic").fit_transform(["a b c"])
    assert X[0, 2] == pytest.approx(0.5)


def test_fixed_vocabulary_exposes_absent_words_with_zero_counts():
    v = vec(vocabulary=["a", "b", "zzz"])
    X = v.fit_transform(["a b a"])
    assert X.word_counts.tolist() == [2, 1, 0] and v.word_counts_.tolist() == [2, 1, 0]
    assert X.toarray()[2].sum() == 0


def test_byte_order_marks_and_gzip_are_read(tmp_path):
    """A UTF-8 byte-order mark is not part of the first word; gzip-compressed data files load."""
    corpus = tmp_path / "c.txt"
    corpus.write_bytes(b"\xef\xbb\xbfthe cat\nthe\n")
    assert encode_corpus(str(corpus)).words.tolist() == ["the", "cat"]
    pairs = tmp_path / "p.tsv.gz"
    pairs.write_bytes(gzip.compress("\ufeff# c\nA\tb\t2.5\n".encode("utf-8")))
    assert list(load_word_pairs(pairs)) == [("a", "b", 2.5)]
    questions = tmp_path / "q.txt"
    questions.write_bytes(b"\xef\xbb\xbf: s\na b c d\n")
    assert load_analogies(questions).sections == {"s": [("a", "b", "c", "d")]}


def test_failed_fit_leaves_the_vectorizer_as_it_was():
    v = vec().fit(["a b c"])
    before = {k: v.__dict__[k] for k in ("words_", "word_counts_", "vocabulary_", "n_tokens_")}
    for bad in (["x", "y"], [["x"]], "no/such/file"):
        with pytest.raises((ValueError, FileNotFoundError)):
            v.fit_transform(bad)
        for name, value in before.items():
            assert v.__dict__[name] is value, name
    unfitted = vec()
    with pytest.raises(ValueError):
        unfitted.fit_transform(["x", "y"])
    assert not hasattr(unfitted, "words_")


def test_uppercase_words_of_a_fixed_vocabulary_warn_under_lowercase():
    with pytest.warns(UserWarning, match=r"1 words of the fixed vocabulary.*'Cat'.*never occur"):
        X = vec(vocabulary=["the", "Cat"]).fit_transform(["The cat the"])
    assert X.word_counts.tolist() == [2, 0]
    X = vec(vocabulary=["The", "Cat"], lowercase=False).fit_transform(["The Cat sat"])
    assert X.word_counts.tolist() == [1, 1]


def test_transform_with_nothing_cooccurring_warns():
    v = vec().fit(["a b"])
    with pytest.warns(UserWarning, match="No vocabulary word occurs"):
        X = v.transform(["c d"])
    assert X.shape == (2, 2) and X.nnz == 0 and X.word_counts.tolist() == [0, 0]
    with pytest.warns(UserWarning, match="No two vocabulary words share a document"):
        v.transform(["a", "b"])


def test_counting_that_would_not_fit_in_memory_is_refused(monkeypatch):
    """The kernel's buffers are sized before counting; more than the machine has is refused."""
    monkeypatch.setattr(_validation._limits, "_physical_memory", lambda: 2**20)
    rng = np.random.default_rng(0)
    doc = " ".join(f"w{i}" for i in rng.integers(0, 3000, size=60_000))
    with pytest.raises(InputTooLargeError, match=r"window=50 over 3000 words.*1 MiB"):
        vec(window=50).fit_transform([doc])


def test_check_pairs_counts_window_pairs():
    stream = np.array([0, 1, 2, -1, 0, -1, 1, 2, -1], np.int32)
    # a 3-token document: 2 * (2 + 1) ordered pairs at window 2, 2 * 2 at window 1.
    assert check_pairs(stream, 2) == 6 + 2
    assert check_pairs(stream, 1) == 4 + 2


def test_encoded_corpus_round_trip_is_valid():
    corpus = encode_corpus(["a b a", "c"])
    checked = check_encoded_corpus(corpus)
    assert isinstance(checked, EncodedCorpus)
    np.testing.assert_array_equal(checked.stream, corpus.stream)


# ---------------------------------------------------------------- properties

PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
token = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=4)
documents = st.lists(
    st.one_of(
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
        st.lists(token, max_size=6),
    ),
    max_size=6,
)
# Errors a generated corpus may get; anything else (or a crash) fails.
CORPUS_ERRORS = ("corpus is empty", "No two vocabulary words", "No vocabulary word",
                 "control character", "empty token", "fewer than one pair",
                 "discarded every pair", "min_count")


def _clear(exc):
    return isinstance(exc, (ValueError, TypeError)) and any(
        words in str(exc) for words in CORPUS_ERRORS)


@PROPERTY
@given(docs=documents, window=st.integers(1, 4),
       subsample=st.sampled_from([None, 1e-1, 1e-3]),
       weighting=st.sampled_from(["linear", "uniform", "harmonic"]))
def test_vectorizer_on_generated_corpora(docs, window, subsample, weighting):
    """A clear error, or a finite, symmetric, non-negative matrix, the same twice."""
    params = dict(window=window, subsample=subsample, weighting=weighting, random_state=3)
    try:
        X = vec(**params).fit_transform(docs)
    except (ValueError, TypeError) as exc:
        assert _clear(exc), repr(exc)
        return
    assert np.all(np.isfinite(X.data)) and np.all(X.data > 0) and X.nnz > 0
    assert (abs(X - X.T) > 1e-12 * X.data.max()).nnz == 0
    Y = vec(**params).fit_transform(docs)
    assert (X != Y).nnz == 0 and X.words.tolist() == Y.words.tolist()


@PROPERTY
@given(data=st.binary(max_size=200), gz=st.booleans())
def test_corpus_files_of_random_bytes(data, gz, tmp_path):
    """Any bytes as a corpus file: a corpus, or an error naming the file."""
    path = tmp_path / ("c.gz" if gz else "c.txt")
    path.write_bytes(gzip.compress(data)[: max(1, len(data) // 3)] if gz else data)
    try:
        corpus = encode_corpus(str(path))
    except (ValueError, EOFError, UnicodeDecodeError) as exc:
        assert str(path) in str(exc) or "corpus is empty" in str(exc), repr(exc)
        return
    assert corpus.counts.sum() == np.count_nonzero(corpus.stream >= 0)


@PROPERTY
@given(lines=st.lists(st.text(max_size=30), max_size=6))
def test_parsers_on_generated_lines(lines):
    """Parsers raise ValueError naming a line (or an empty set), or return valid data."""
    for parse in (parse_analogies, parse_word_pairs):
        try:
            result = parse(lines)
        except ValueError as exc:
            assert "<lines>" in str(exc), repr(exc)
            continue
        assert len(result) > 0
        if isinstance(result, WordPairs):
            assert np.all(np.isfinite(result.score))


entries = st.sampled_from([0.0, 1.0, 2.5, 1e300, -1.0, np.nan, np.inf])


@PROPERTY
@given(n=st.integers(1, 4), data=st.data())
def test_check_cooccurrence_on_generated_matrices(n, data):
    """A clear error, or a canonical finite non-negative symmetric matrix."""
    values = data.draw(st.lists(entries, min_size=n * n, max_size=n * n))
    D = np.array(values, dtype=np.float64).reshape(n, n)
    if data.draw(st.booleans()):
        D = (D + D.T) / 2
    counts = data.draw(st.one_of(st.none(), st.lists(
        st.sampled_from([0, 3, -1, 2**62, 1.5]), min_size=n, max_size=n + 1)))
    words = [f"w{i}" for i in range(n)]
    try:
        A, got_words, got_counts = check_cooccurrence(D, words)
        if counts is not None:
            X = CooccurrenceMatrix(D, words=words, word_counts=counts)
            got_counts = check_cooccurrence(X)[2]
    except (ValueError, TypeError) as exc:
        assert str(exc).strip(), repr(exc)
        return
    assert A.has_canonical_format and np.all(np.isfinite(A.data)) and np.all(A.data > 0)
    assert np.isfinite(A.data.sum()) and got_words.tolist() == words
    if got_counts is not None:
        assert got_counts.dtype == np.int64 and np.all(got_counts >= 0)
