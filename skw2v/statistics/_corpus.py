"""Documents -> integer token stream and vocabulary.

A corpus is read once, as bytes, and interned into integer ids by a numba
kernel: the corpus is never held in memory as Python strings, only as one
int32 id per token. Documents may be strings, lists of tokens, or a path to a
text or ``.gz`` file with one document per line.
"""

import codecs
import gzip
import os
import re
import zlib
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import numpy as np
from joblib import effective_n_jobs

from .._validation import (
    UTF8_BOM,
    check_file,
    check_stream,
    check_text_head,
    check_word_counts,
    check_words,
    explain_decode_error,
)
from ._word_runs import WORD_RUN_PATTERNS, word_runs
from ..kernels.tokenize import (
    byte_classes,
    byte_map,
    intern_tokens,
    recode_stream,
    rehash,
)

__all__ = ["EncodedCorpus", "encode_corpus", "select_vocabulary", "restrict_stream"]

# Python's str.split() splits ASCII text on exactly these bytes.
_WHITESPACE = (9, 11, 12, 13, 28, 29, 30, 31, 32)
_NEWLINE = 10
# Pre-tokenised text is joined with the ASCII unit and record separators.
_UNIT_SEP, _RECORD_SEP = "\x1f", "\x1e"
_CHUNK_BYTES = 1 << 24
_BATCH_BYTES = 1 << 22
_PARALLEL_BYTES = 1 << 20
_HEAD_BYTES = 4096
_CORPUS_FILE = "corpus file (one document per line)"


class EncodedCorpus(NamedTuple):
    """A corpus as integer ids.

    Attributes
    ----------
    words : ndarray of object of shape (n_distinct,)
        Every distinct token, in a deterministic order (of first appearance
        when read on one thread).
    counts : ndarray of int64 of shape (n_distinct,)
        How often each token occurs.
    stream : ndarray of int32 of shape (n_tokens + n_documents,)
        The ids of the tokens in corpus order; ``-1`` ends each document.
    """

    words: np.ndarray
    counts: np.ndarray
    stream: np.ndarray


class _InternTable:
    """Growable state of the interning kernel: one hash table and its words."""

    def __init__(self, mapping):
        self.mapping = mapping
        self.table = np.full(1 << 16, -1, dtype=np.int32)
        self.hashes = np.empty(1 << 14, dtype=np.uint64)
        self.starts = np.empty(1 << 14, dtype=np.int64)
        self.lengths = np.empty(1 << 14, dtype=np.int32)
        self.counts = np.empty(1 << 14, dtype=np.int64)
        self.store = np.empty(1 << 18, dtype=np.uint8)
        self.n_words = 0
        self.n_store = 0

    def intern(self, buf, classes):
        """Ids of the tokens of ``buf`` (a uint8 array), ``-1`` at document ends."""
        out = np.empty(buf.shape[0] + 1, dtype=np.int32)
        pos = n_out = 0
        while True:
            stop, n, self.n_words, self.n_store = intern_tokens(
                buf[pos:], classes, self.mapping, self.table, self.hashes,
                self.starts, self.lengths, self.store, self.counts,
                self.n_words, self.n_store, out[n_out:],
            )
            pos += stop
            n_out += n
            if pos >= buf.shape[0]:
                return out[:n_out].copy()
            self._grow()

    def _grow(self):
        if self.n_words + 1 > self.hashes.shape[0]:
            size = 2 * self.hashes.shape[0]
            for name in ("hashes", "starts", "lengths", "counts"):
                old = getattr(self, name)
                new = np.empty(size, dtype=old.dtype)
                new[: self.n_words] = old[: self.n_words]
                setattr(self, name, new)
        if 2 * (self.n_words + 1) > self.table.shape[0]:
            self.table = rehash(self.hashes, self.n_words, 2 * self.table.shape[0])
        # A token may be longer than the room left: doubling until it fits.
        new = np.empty(2 * self.store.shape[0], dtype=np.uint8)
        new[: self.n_store] = self.store[: self.n_store]
        self.store = new

    def word_bytes(self):
        store = self.store[: self.n_store].tobytes()
        return [store[s : s + n] for s, n in zip(self.starts[: self.n_words].tolist(),
                                                  self.lengths[: self.n_words].tolist())]


class _Interner:
    """Interns byte chunks on ``n_threads`` threads, one table each, merged at the end.

    A chunk is cut at document ends into one part per thread. The ids of
    every table but the first are mapped into the first when the result is
    asked for, so the words come out in a deterministic order that depends
    on the number of threads but not on timing.
    """

    def __init__(self, lowercase, n_threads=1):
        mapping = byte_map(lowercase)
        self.classes = {
            False: byte_classes(_WHITESPACE, (_NEWLINE,)),
            True: byte_classes((ord(_UNIT_SEP),), (ord(_RECORD_SEP),)),
        }
        self.tables = [_InternTable(mapping) for _ in range(n_threads)]
        self.pieces = []  # (table index, ids)

    def feed(self, data, pretokenized=False):
        classes = self.classes[pretokenized]
        buf = np.frombuffer(data, dtype=np.uint8)
        end = ord(_RECORD_SEP) if pretokenized else _NEWLINE
        n = len(self.tables)
        cuts = [0]
        if n > 1 and len(data) >= _PARALLEL_BYTES:
            for k in range(1, n):
                cut = data.find(bytes([end]), max(cuts[-1], k * len(data) // n)) + 1
                if cut > 0:
                    cuts.append(cut)
        cuts.append(len(data))
        parts = [(k, buf[a:b]) for k, (a, b) in enumerate(zip(cuts[:-1], cuts[1:]))]
        if len(parts) == 1:
            self.pieces.append((0, self.tables[0].intern(buf, classes)))
            return
        with ThreadPoolExecutor(max_workers=len(parts)) as pool:
            ids = list(pool.map(lambda kp: self.tables[kp[0]].intern(kp[1], classes), parts))
        self.pieces.extend((k, i) for (k, _), i in zip(parts, ids))

    def result(self):
        first = self.tables[0]
        remaps = [None]
        for table in self.tables[1:]:
            if table.n_words == 0:
                remaps.append(np.empty(0, dtype=np.int32))
                continue
            # Re-intern this table's words into the first one.
            words = _UNIT_SEP.encode().join(table.word_bytes()) + _UNIT_SEP.encode()
            remap = first.intern(np.frombuffer(words, dtype=np.uint8), self.classes[True])
            first.counts[remap] += table.counts[: table.n_words] - 1
            remaps.append(remap)
        pieces = []
        for k, ids in self.pieces:
            if k > 0:
                ids = ids.copy()
                known = ids >= 0
                ids[known] = remaps[k][ids[known]]
            pieces.append(ids)
        words = np.array([b.decode("utf-8") for b in first.word_bytes()], dtype=object)
        stream = np.concatenate(pieces) if pieces else np.empty(0, np.int32)
        if stream.shape[0] and stream[-1] != -1:
            stream = np.append(stream, np.int32(-1))
        return EncodedCorpus(words, first.counts[: first.n_words].copy(), stream)


def _check_tokens(tokens, where):
    for tok in tokens:
        if not isinstance(tok, str):
            raise TypeError(
                f"{where}: tokens must be str, got {type(tok).__name__} ({tok!r})."
            )
        if not tok:
            hint = (" (the pattern must match at least one character, e.g. \\w+ not \\w*)"
                    if where.startswith("token_pattern") else "")
            raise ValueError(
                f"{where}: an empty token; tokens must be non-empty strings{hint}."
            )
        if _UNIT_SEP in tok or _RECORD_SEP in tok:
            raise ValueError(
                f"{where}: token {tok!r} contains the control character \\x1e or "
                "\\x1f, which skw2v reserves as separators."
            )


def _tokenizer_output(tokenizer, doc):
    """The tokens ``tokenizer(doc)`` returns, as a list; refuses a str or a non-iterable."""
    tokens = tokenizer(doc)
    if isinstance(tokens, (str, bytes)) or not hasattr(tokens, "__iter__"):
        name = getattr(tokenizer, "__name__", type(tokenizer).__name__)
        raise TypeError(
            f"tokenizer {name} returned {type(tokens).__name__} ({tokens!r:.60}) for the "
            f"document {doc[:40]!r}; a tokenizer must return a list of str tokens "
            "(e.g. return text.split(), not None or a single string)."
        )
    return list(tokens)


class _Analyzer:
    """Turns one string document into tokens, as configured."""

    def __init__(self, lowercase, token_pattern, tokenizer):
        self.lowercase = lowercase
        self.tokenizer = tokenizer
        self.pattern = None
        if tokenizer is None and token_pattern is not None:
            try:
                self.pattern = re.compile(token_pattern)
            except re.error as exc:
                raise ValueError(
                    f"token_pattern={token_pattern!r} is not a valid regular expression "
                    f"({exc}); fix it, or pass token_pattern=None to split on whitespace."
                ) from None
            if self.pattern.groups > 1:
                raise ValueError(
                    "token_pattern has more than one capturing group; use at most one."
                )

    @property
    def source(self):
        """What makes the tokens, for messages."""
        if self.tokenizer is not None:
            return "the tokenizer"
        return f"token_pattern={self.pattern.pattern!r}"

    @property
    def word_runs(self):
        """Whether ASCII documents may skip the regex (see :mod:`._word_runs`)."""
        return (self.tokenizer is None and self.pattern is not None
                and self.pattern.pattern in WORD_RUN_PATTERNS
                and self.pattern.flags == re.UNICODE)

    @property
    def whitespace(self):
        """Whether tokens are whitespace-separated (the fast byte path)."""
        return self.tokenizer is None and self.pattern is None

    def __call__(self, doc):
        if self.lowercase:
            doc = doc.lower()
        if self.tokenizer is not None:
            return _tokenizer_output(self.tokenizer, doc)
        if self.pattern is not None:
            return self.pattern.findall(doc)
        return doc.split()


def encode_corpus(X, *, lowercase=True, token_pattern=None, tokenizer=None,
                  encoding="utf-8", decode_error="strict", n_jobs=None, allow_empty=False):
    """Read a corpus once and return its distinct tokens, counts and id stream.

    Parameters
    ----------
    X : iterable of str, iterable of list of str, str, os.PathLike or EncodedCorpus
        Documents as strings (bytes documents are decoded with ``encoding``),
        documents as token lists, or the path of a text
        file (``.gz`` compressed or not) holding one document per line. A single
        string is taken as a path; wrap one document in a list. An
        ``EncodedCorpus`` is returned as it is (it was read with its own
        tokenisation parameters).
    lowercase : bool, default=True
        Lowercase every token, whatever the input form.
    token_pattern : str, default=None
        Regular expression a token matches (``re.findall``); ``None`` splits on
        whitespace, as word2vec and gensim do.
    tokenizer : callable, default=None
        ``str -> list of str``; overrides ``token_pattern``.
    encoding, decode_error : str
        How the bytes of a file or of a bytes document are decoded
        (``decode_error`` as in :meth:`bytes.decode`).
    n_jobs : int, default=None
        Threads that intern tokens (joblib's meaning: ``None`` is 1, -1 all
        processors). The result does not depend on it, except for the order
        of ``words``.
    allow_empty : bool, default=False
        Return a corpus without tokens (every document empty, or none)
        instead of raising ``ValueError``.

    Returns
    -------
    EncodedCorpus
    """
    if isinstance(X, EncodedCorpus):
        # Already read (EmbeddingVectorizer counts and pools one reading); the
        # tokenisation parameters were applied then.
        return X
    analyzer = _Analyzer(lowercase, token_pattern, tokenizer)
    interner = _Interner(lowercase, max(1, min(effective_n_jobs(n_jobs), 8)))
    if isinstance(X, (str, os.PathLike)):
        _encode_file(os.fspath(X), analyzer, interner, encoding, decode_error)
    elif isinstance(X, bytes):
        raise TypeError("X is bytes; decode it, or pass a file path or documents.")
    elif getattr(X, "ndim", 1) != 1:
        # Iterating a DataFrame yields its column names, a 2-D array its rows:
        # neither is a sequence of documents.
        raise TypeError(
            f"X is a {X.ndim}-D {type(X).__name__} (shape {getattr(X, 'shape', '?')}); "
            "documents are a 1-D sequence. Pass one column of text, e.g. df['text'] (in a "
            "ColumnTransformer, name the column as a string, 'text', not as a list)."
        )
    else:
        try:
            documents = iter(X)
        except TypeError:
            raise TypeError(
                "X must be an iterable of documents (str or list of str) or a file "
                f"path, got {type(X).__name__}."
            ) from None
        _encode_documents(documents, analyzer, interner, encoding, decode_error)
    corpus = interner.result()
    if corpus.words.shape[0] == 0 and not allow_empty:
        where = f" (the file {os.fspath(X)!r})" if isinstance(X, (str, os.PathLike)) else ""
        raise ValueError(
            f"The corpus is empty{where}: no tokens were found. Check the input and the "
            "token_pattern / tokenizer."
        )
    return corpus


def _open_binary(path):
    check_file(path, "corpus file (text or .gz)", "A single string is read as a file path; "
               "to pass one document, wrap it in a list.")
    with open(path, "rb") as f:
        head = f.read(_HEAD_BYTES)
    if check_text_head(head, path, _CORPUS_FILE):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _read_chunks(f):
    """Chunks of whole lines, the next one read ahead while the caller works."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(f.read, _CHUNK_BYTES)
        tail = b""
        while True:
            data = pending.result()
            if not data:
                break
            pending = pool.submit(f.read, _CHUNK_BYTES)
            data = tail + data
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                tail = data
                continue
            tail = data[cut:]
            yield data[:cut]
        if tail:
            yield tail + b"\n"


def _check_encoding(encoding):
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(
            f"Unknown encoding={encoding!r}; use a codec name Python knows, such as "
            "'utf-8' or 'latin-1'."
        ) from None
    if name.startswith(("utf-16", "utf-32")):
        raise ValueError(
            f"encoding={encoding!r} is not supported for files: lines are cut at the "
            "byte b'\\n'; re-encode the file as UTF-8."
        )


def _file_chunks(path, f):
    """:func:`_read_chunks`, with a truncated or corrupt gzip file named in the error."""
    try:
        yield from _read_chunks(f)
    except EOFError:
        raise EOFError(
            f"{path!r} ends in the middle of its gzip stream: the file is truncated "
            "(an interrupted download or copy?). Fetch it again, or recover what is "
            "there with 'gzip -dc FILE > FILE.txt' and pass that."
        ) from None
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise ValueError(
            f"{path!r} starts like a gzip file but cannot be decompressed ({exc}); "
            "the file is corrupt: fetch it again."
        ) from None


def _decode(data, encoding, decode_error, where, whose):
    """``data.decode``, a failure saying where (``where``) and whose encoding to pass."""
    try:
        return data.decode(encoding, errors=decode_error)
    except UnicodeDecodeError as exc:
        raise explain_decode_error(
            exc, f"{exc.reason} in {where}, which is not {encoding}: pass {whose} "
            "encoding (e.g. encoding='latin-1') or decode_error='replace'",
        ) from None


def _encode_file(path, analyzer, interner, encoding, decode_error):
    _check_encoding(encoding)
    utf8 = codecs.lookup(encoding).name == "utf-8"
    with _open_binary(path) as f:
        for index, chunk in enumerate(_file_chunks(path, f)):
            if index == 0:
                check_text_head(chunk[:_HEAD_BYTES], path, _CORPUS_FILE, compressed=False)
                if utf8 and chunk.startswith(UTF8_BOM):
                    chunk = chunk[len(UTF8_BOM):]  # a byte-order mark is not a token
            if analyzer.whitespace and chunk.isascii():
                interner.feed(chunk)
                continue
            text = _decode(chunk, encoding, decode_error, repr(path), "the file's")
            lines = text.split("\n")[:-1]
            _feed_documents(interner, analyzer, lines)


def _feed_documents(interner, analyzer, docs):
    if analyzer.whitespace:
        text = "\n".join(" ".join(analyzer(d)) for d in docs) + "\n"
        interner.feed(text.encode("utf-8"))
    else:
        runs = analyzer.word_runs
        parts = []
        for d in docs:
            if runs and d.isascii() and _RECORD_SEP not in d:
                parts.append(d)  # cut into tokens by word_runs below, as the regex would
                continue
            tokens = analyzer(d)
            # The checks of _check_tokens at C speed (a Python loop per token
            # was 1.2 s of 3.0 s on 20 Newsgroups' 2.2 M tokens); it names the
            # offending token when one fails.
            try:
                joined = _UNIT_SEP.join(tokens)
            except TypeError:
                joined = None
            if (joined is None or "" in tokens or _RECORD_SEP in joined
                    or joined.count(_UNIT_SEP) != max(len(tokens) - 1, 0)):
                _check_tokens(tokens, analyzer.source)
            parts.append(joined)
        data = (_RECORD_SEP.join(parts) + _RECORD_SEP).encode("utf-8")
        if runs:
            data = word_runs(data, ord(_UNIT_SEP), ord(_RECORD_SEP))
        interner.feed(data, True)


def _encode_documents(documents, analyzer, interner, encoding, decode_error):
    strings, token_lists, size = [], [], 0

    def flush():
        nonlocal size
        if strings:
            _feed_documents(interner, analyzer, strings)
            strings.clear()
        if token_lists:
            data = _RECORD_SEP.join(token_lists) + _RECORD_SEP
            interner.feed(data.encode("utf-8"), True)
            token_lists.clear()
        size = 0

    for index, doc in enumerate(documents):
        if isinstance(doc, (bytes, bytearray)):
            # As scikit-learn's text vectorizers: a bytes document is decoded.
            doc = _decode(bytes(doc), encoding, decode_error, f"document {index}",
                          "the documents'")
        if isinstance(doc, str):
            if token_lists:
                flush()
            strings.append(doc)
            size += len(doc)
        elif isinstance(doc, (list, tuple)):
            if strings:
                flush()
            _check_tokens(doc, f"document {index}")
            joined = _UNIT_SEP.join(doc)
            token_lists.append(joined.lower() if analyzer.lowercase else joined)
            size += len(joined)
        else:
            missing = doc is None or (isinstance(doc, float) and doc != doc)
            raise TypeError(
                f"document {index} is a {type(doc).__name__} ({doc!r:.50}); each "
                "document must be a str, bytes or a list of str tokens"
                + (": a missing text? Fill it (pandas: df['text'].fillna('')) or drop "
                   "its row." if missing else ".")
            )
        if size >= _BATCH_BYTES:
            flush()
    flush()


def select_vocabulary(words, counts, *, min_count=1, max_vocab_size=None,
                      vocabulary=None):
    """Choose the vocabulary: frequent words, most frequent first.

    Parameters
    ----------
    words : ndarray of object of shape (n_distinct,)
    counts : ndarray of int64 of shape (n_distinct,)
    min_count : int, default=1
        Drop words that occur fewer times.
    max_vocab_size : int, default=None
        Keep at most this many of the most frequent words.
    vocabulary : sequence of str or dict word -> index, default=None
        A fixed vocabulary, kept in its own order (a dict gives each word its
        row); ``min_count`` and ``max_vocab_size`` are then ignored.

    Returns
    -------
    vocab_words : ndarray of object of shape (V,)
        Ordered by decreasing count, ties by word, unless fixed.
    vocab_counts : ndarray of int64 of shape (V,)
        Corpus counts (0 for words of a fixed vocabulary that never occur).
    """
    words = check_words(words, what="words")
    counts = check_word_counts(counts, words.shape[0], what="counts")
    if vocabulary is not None:
        vocab_words = check_words(vocabulary, what="vocabulary")
        index = {w: i for i, w in enumerate(words)}
        vocab_counts = np.array(
            [counts[index[w]] if w in index else 0 for w in vocab_words], dtype=np.int64
        )
        return vocab_words, vocab_counts
    keep = np.flatnonzero(counts >= min_count)
    if keep.size == 0:
        raise ValueError(
            f"No word occurs at least min_count={min_count} times (the most frequent "
            f"occurs {counts.max() if counts.size else 0} times); lower min_count."
        )
    # By count, ties by word: a lexsort on the words' ranks (2.6x faster than
    # sorted() with a key: medians of 5, side by side, on the sample corpus's 70k words).
    rank = np.empty(keep.size, dtype=np.int64)
    rank[np.argsort(words[keep], kind="stable")] = np.arange(keep.size)
    order = keep[np.lexsort((rank, -counts[keep]))]
    if max_vocab_size is not None:
        order = order[:max_vocab_size]
    return words[order], counts[order]


def restrict_stream(stream, words, vocab_words):
    """Re-code a stream in vocabulary ids, dropping out-of-vocabulary tokens.

    Document ends are kept (one per non-empty document), so windows still stop
    at document boundaries; dropped tokens close the gap, as in word2vec.

    Parameters
    ----------
    stream : ndarray of int32
        Ids into ``words``, ``-1`` after each document.
    words : ndarray of object
        The distinct tokens the stream's ids index.
    vocab_words : ndarray of object
        The vocabulary.

    Returns
    -------
    ndarray of int32
        Ids into ``vocab_words``, ``-1`` after each document.

    Raises
    ------
    ValueError
        An id of ``stream`` outside ``words`` (other than ``-1``).
    """
    stream = check_stream(stream, len(words))
    index = {w: i for i, w in enumerate(vocab_words)}
    mapping = np.fromiter((index.get(w, -1) for w in words), dtype=np.int32,
                          count=len(words))
    return recode_stream(stream, mapping)
