"""The word2vec text and binary formats, and GloVe's text format (no header).

word2vec files start with an ASCII header line ``"<V> <d>\\n"``. Then, per word:

- text: ``word v1 v2 ... vd\\n``, values written as the shortest decimal that
  reads back to the same float32 (what gensim writes);
- binary: ``word`` + a space + ``d`` little-endian float32 values (4 d bytes).
  gensim writes nothing after the values; word2vec.c writes a newline. The
  reader accepts both.

GloVe's files are the text format without the header line.

Files are written through :func:`~skw2v.io.atomic_write` (a ``.gz`` suffix
compresses). Reading recognises gzip by its magic bytes, whatever the name.
This module is the only implementation of these formats in skw2v: the methods
of :class:`~skw2v.WordVectors` and of the estimators call it. It is written here
rather than borrowed from gensim because gensim is an optional dependency; it
also refuses what gensim lets through (a header announcing 10^12 words goes
straight to an allocation, NaN values are kept, a repeated word is dropped with
a log line) and reads text 3.3x and binary 2.1x as fast as gensim 4.4
(``benchmarks/bench_io.py``, 20k x 300, medians side by side, RESULTS.md).
"""

import codecs
import gzip
import os
import zlib

import numpy as np

from .._validation import check_allocation, explain_decode_error, format_bytes
from .._words import as_word_array
from ._atomic import atomic_write

__all__ = ["detect_word2vec_format", "read_word2vec", "write_word2vec"]

_LE_FLOAT32 = np.dtype("<f4")
_SEPARATORS = (" ", "\t", "\n", "\r", "\v", "\f")
# Rows formatted (text) or copied (binary) at a time: bounds the memory of a write.
_WRITE_ROWS = 8192
_READ_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"


def _is_gzip(path):
    with open(path, "rb") as f:
        return f.read(2) == _GZIP_MAGIC


def _open_read(path):
    return gzip.open(path, "rb") if _is_gzip(path) else open(path, "rb")


class _Reading:
    """Open a vector file for reading; turn decompression failures into errors naming it."""

    def __init__(self, path):
        self.path = os.fspath(path)
        self.file = None

    def __enter__(self):
        self.file = _open_read(self.path)
        return self.file

    def __exit__(self, kind, exc, tb):
        self.file.close()
        if isinstance(exc, (EOFError, gzip.BadGzipFile, zlib.error)):
            raise ValueError(
                f"{self.path}: the gzip stream is damaged or truncated ({exc}); "
                "download or write the file again."
            ) from None
        return False


def _check_unicode_errors(unicode_errors):
    try:
        codecs.lookup_error(unicode_errors)
    except (LookupError, TypeError):
        raise ValueError(
            f"unicode_errors must name a codec error handler ('strict', 'replace', "
            f"'ignore', ...), got {unicode_errors!r}."
        ) from None


def _check_limit(limit):
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, (int, np.integer)) or limit < 0:
        raise ValueError(f"limit must be a non-negative int or None, got {limit!r}.")
    return int(limit)


# --- writing ---------------------------------------------------------------------------

def _encoded_words(words, n_rows):
    words = as_word_array(words, n_rows)
    out = []
    for w in words:
        if not w or any(s in w for s in _SEPARATORS):
            raise ValueError(
                f"Cannot write the word {w!r} in word2vec format: words must be "
                "non-empty and contain no whitespace (space, tab, newline)."
            )
        try:
            out.append(w.encode("utf8"))
        except UnicodeEncodeError as e:
            raise ValueError(
                f"Cannot write the word {w!r}: it is not encodable as UTF-8 ({e.reason})."
            ) from None
    return out


def _text_block(words, rows):
    # str of each float32 scalar: numpy's shortest round-trip decimal, what gensim
    # writes. (rows.astype(str) then joining was 1.2x slower than gensim, measured.)
    return b"".join(w + b" " + " ".join(map(str, r)).encode("ascii") + b"\n"
                    for w, r in zip(words, rows))


def _binary_block(words, rows):
    return b"".join(w + b" " + r.tobytes() for w, r in zip(words, rows))


def write_word2vec(path, words, vectors, *, binary=False, write_header=True):
    """Write ``vectors`` (V x d) with their ``words`` in word2vec or GloVe format.

    The output is byte-for-byte what gensim's
    ``KeyedVectors.save_word2vec_format(path, binary=binary,
    write_header=write_header)`` writes for the same words in the same order.
    It is written atomically: a temporary file in the same folder, renamed at
    the end, so a failure (or Ctrl-C) leaves any previous file untouched.

    Parameters
    ----------
    path : str or PathLike
        Destination; a ``.gz`` suffix compresses it.
    words : sequence of str of length V
        No word may be empty or contain whitespace.
    vectors : array-like of shape (V, d)
        Stored as float32.
    binary : bool, default=False
        Binary (float32 little-endian) instead of text.
    write_header : bool, default=True
        False writes GloVe's format: the text format without its first line.
        A binary file always needs its header.

    Raises
    ------
    ValueError
        A word the format cannot hold (empty, with whitespace, not encodable as
        UTF-8), vectors that are not 2-D or one word per row, non-finite values,
        or ``binary=True`` with ``write_header=False``.
    """
    vectors = np.asarray(vectors)
    if vectors.ndim != 2:
        raise ValueError(f"vectors must be 2-D (V x d), got shape {vectors.shape}.")
    if not np.issubdtype(vectors.dtype, np.number) or np.iscomplexobj(vectors):
        raise TypeError(f"vectors must be real numbers, got dtype {vectors.dtype}.")
    if vectors.shape[1] == 0:
        raise ValueError("vectors have no columns (d = 0); the word2vec and GloVe formats "
                         "need d >= 1.")
    if binary and not write_header:
        raise ValueError("write_header=False writes GloVe's text format; a binary word2vec "
                         "file needs its header. Pass binary=False.")
    encoded = _encoded_words(words, vectors.shape[0])
    vectors = vectors.astype(_LE_FLOAT32, copy=False)
    if not np.isfinite(vectors).all():
        row = int(np.flatnonzero(~np.isfinite(vectors).all(axis=1))[0])
        raise ValueError(f"vectors must be finite; the row of {words[row]!r} is not.")
    n, d = vectors.shape
    block = _binary_block if binary else _text_block
    with atomic_write(path) as f:
        if write_header:
            f.write(f"{n} {d}\n".encode("utf8"))
        for start in range(0, n, _WRITE_ROWS):
            stop = start + _WRITE_ROWS
            f.write(block(encoded[start:stop], vectors[start:stop]))


# --- reading ---------------------------------------------------------------------------

def _parse_header(line, path):
    try:
        fields = line.decode("ascii").split()
        n, d = (int(x) for x in fields)
    except (UnicodeDecodeError, ValueError):
        raise ValueError(
            f"{path}: the first line must be the header '<number of words> "
            f"<dimension>', got {line[:80]!r}. Is this a word2vec file (and is "
            "`binary` right)? A GloVe file has no header: pass no_header=True."
        ) from None
    if n < 0 or d < 1:
        raise ValueError(f"{path}: bad header {line.strip()[:80]!r}: need V >= 0 and d >= 1.")
    return n, d


def _check_size(path, n, d, binary, header_bytes):
    """Refuse, before allocating anything, a header the file or the machine cannot hold."""
    need = n * d * 4
    if not _is_gzip(path):
        size = os.path.getsize(path)
        # smallest possible row: a 1-byte word, a space, then d 4-byte floats (binary)
        # or d one-character values each after a separator, and a newline (text)
        least = header_bytes + n * (2 + 4 * d if binary else 2 * d + 2)
        if least > size:
            raise ValueError(
                f"{path}: the header announces {n:,} words of dimension {d}, which "
                f"need at least {format_bytes(least)} of file ({format_bytes(need)} of "
                f"float32 in memory), but the file has {format_bytes(size)}: the header "
                "is wrong or the file is truncated."
            )
    check_allocation(need, f"{path}: {n:,} words x {d} dimensions as float32",
                     "read only the first (most frequent) words with limit=..., or check "
                     "the header")


def _decode_word(raw, path, where, unicode_errors):
    try:
        return raw.decode("utf8", errors=unicode_errors)
    except UnicodeDecodeError as exc:
        raise explain_decode_error(
            exc, f"{exc.reason}: {path}: {where}: the word {raw[:40]!r} is not valid "
            "UTF-8; pass unicode_errors='replace' (or 'ignore') to read it anyway"
        ) from None


class _Words:
    """Collects the words read, refusing a repeated one with both places named."""

    def __init__(self, path):
        self.path = path
        self.seen = {}
        self.words = []

    def add(self, word, where):
        if word in self.seen:
            raise ValueError(
                f"{self.path}: {where} repeats the word {word!r} (first at "
                f"{self.seen[word]}); each word may appear once."
            )
        self.seen[word] = where
        self.words.append(word)


def read_word2vec(path, *, binary=False, limit=None, no_header=False,
                  unicode_errors="strict"):
    """Read a word2vec text or binary file, or a GloVe text file.

    Parameters
    ----------
    path : str or PathLike
        A gzip-compressed file is recognised by its first bytes and
        decompressed.
    binary : bool, default=False
        The file is in the binary format.
    limit : int, default=None
        Read only the first ``limit`` words.
    no_header : bool, default=False
        The file has no header line (GloVe's text format): the dimension is
        the number of values on the first line.
    unicode_errors : str, default="strict"
        How to decode words that are not valid UTF-8 (``"replace"``,
        ``"ignore"``, any codec error handler), as in gensim; word2vec.c
        truncates long words in the middle of a character.

    Returns
    -------
    words : ndarray of object of shape (V,)
    vectors : ndarray of float32 of shape (V, d)

    Raises
    ------
    ValueError
        On a malformed header, a row with the wrong number of values, a value
        that is not a finite number, a repeated word, a damaged gzip stream, or
        a file that ends early, naming the file and the place. A header
        announcing more words than the file can hold is refused before reading.
    UnicodeDecodeError
        A word that is not UTF-8 under ``unicode_errors="strict"`` (a
        ``ValueError`` too), naming the file and the line or word.
    MemoryError
        A header announcing a table larger than the machine's memory (the
        error is also a ``ValueError``).
    """
    path = os.fspath(path)
    _check_unicode_errors(unicode_errors)
    limit = _check_limit(limit)
    if no_header and binary:
        raise ValueError("no_header=True is GloVe's text format; a binary word2vec file "
                         "always has a header. Pass binary=False.")
    with _Reading(path) as f:
        if no_header:
            words, vectors = _read_glove(f, path, limit, unicode_errors)
        else:
            header = f.readline(1024)
            n, d = _parse_header(header, path)
            check_end = limit is None or limit >= n
            if limit is not None:
                n = min(n, limit)
            _check_size(path, n, d, binary, len(header))
            read = _read_binary if binary else _read_text
            words, vectors = read(f, n, d, path, check_end, unicode_errors)
    _check_finite(vectors, words, path)
    return np.asarray(words, dtype=object).reshape(-1), vectors


def _check_finite(vectors, words, path):
    bad = ~np.isfinite(vectors).all(axis=1)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{path}: the vector of {words[i]!r} (word {i + 1}) holds NaN or infinite "
            f"values ({int(bad.sum())} such words); the file is unusable as it is."
        )


def _parse_line(line, path, lineno, d, unicode_errors, d_from="the header says"):
    parts = line.rstrip().split(b" ")
    if not parts[0]:
        raise ValueError(f"{path}: line {lineno} is blank or starts with a space; each "
                         "line must be 'word v1 ... vd'.")
    word = _decode_word(parts[0], path, f"line {lineno}", unicode_errors)
    if d is not None and len(parts) - 1 != d:
        raise ValueError(
            f"{path}: line {lineno} (word {word!r}) has {len(parts) - 1} values, "
            f"but {d_from} the dimension is {d}."
        )
    try:
        values = np.asarray(parts[1:]).astype(np.float32)
    except ValueError:
        raise ValueError(
            f"{path}: line {lineno} (word {word!r}) holds a value that is not a number."
        ) from None
    return word, values


def _read_text(f, n, d, path, check_end, unicode_errors):
    words = _Words(path)
    vectors = np.empty((n, d), dtype=np.float32)
    for i in range(n):
        line = f.readline()
        lineno = i + 2
        if not line:
            raise ValueError(
                f"{path}: the file ends after {i} of the {n} words announced in "
                "its header (truncated file or wrong header)."
            )
        word, vectors[i] = _parse_line(line, path, lineno, d, unicode_errors)
        words.add(word, f"line {lineno}")
    if check_end:
        extra = f.readline()
        while extra and not extra.strip():
            extra = f.readline()
        if extra:
            raise ValueError(
                f"{path}: more lines follow the {n} words announced in the header; "
                "the header's word count is wrong."
            )
    return words.words, vectors


def _read_glove(f, path, limit, unicode_errors):
    words = _Words(path)
    rows = []
    d = None
    for lineno, line in enumerate(f, start=1):
        if limit is not None and len(rows) >= limit:
            break
        if not line.strip():
            continue
        word, values = _parse_line(line, path, lineno, d, unicode_errors,
                                   d_from="the first line says")
        if d is None:
            d = values.shape[0]
            if d == 0:
                raise ValueError(
                    f"{path}: line 1 holds the word {word!r} and no values; a GloVe "
                    "line is 'word v1 ... vd'."
                )
        words.add(word, f"line {lineno}")
        rows.append(values)
    if not rows:
        return [], np.empty((0, 0 if d is None else d), dtype=np.float32)
    return words.words, np.vstack(rows)


def _read_binary(f, n, d, path, check_end, unicode_errors):
    nbytes = 4 * d
    words = _Words(path)
    vectors = np.empty((n, d), dtype=np.float32)
    buf, pos, eof = b"", 0, False
    chunk = max(_READ_CHUNK, 16 * (nbytes + 64))
    for i in range(n):
        while True:
            # word2vec.c puts a newline after each vector; gensim does not.
            while pos < len(buf) and buf[pos] == 0x0A:
                pos += 1
            space = buf.find(b" ", pos)
            if space >= 0 and len(buf) - (space + 1) >= nbytes:
                break
            if eof:
                raise ValueError(
                    f"{path}: the file ends inside word {i + 1} of the {n} announced in "
                    "its header (truncated file, wrong header, or a text file read with "
                    "binary=True)."
                )
            more = f.read(chunk)
            eof = not more
            buf, pos = buf[pos:] + more, 0
        word = _decode_word(buf[pos:space], path, f"word {i + 1}", unicode_errors)
        words.add(word, f"word {i + 1}")
        vectors[i] = np.frombuffer(buf, dtype=_LE_FLOAT32, count=d, offset=space + 1)
        pos = space + 1 + nbytes
    if check_end:
        remaining = len((buf[pos:] + f.read()).strip(b"\n"))
        if remaining:
            raise ValueError(
                f"{path}: {remaining} bytes remain after the {n} words announced "
                "in the header; the header's word count or dimension is wrong."
            )
    return words.words, vectors


# --- recognising a file ----------------------------------------------------------------

def _float_fields(fields):
    try:
        np.asarray(fields).astype(np.float32)
    except ValueError:
        return False
    return True


def detect_word2vec_format(path):
    """Which of the word2vec text, word2vec binary and GloVe formats ``path`` is in.

    A header ``"<V> <d>"`` followed by a line of a word and ``d`` numbers is
    the text format; a header followed by anything else is binary (a line of
    exactly ``d`` decimal numbers would need the binary floats to spell ASCII
    digits and spaces, which real vectors do not); no header and lines of a
    word and numbers is GloVe. An empty file announced by its header reads the
    same either way and counts as text.

    Parameters
    ----------
    path : str or PathLike
        Plain or gzip-compressed.

    Returns
    -------
    dict
        Keyword arguments of :func:`read_word2vec`: ``binary`` and ``no_header``.

    Raises
    ------
    ValueError
        If the file is in none of the three formats.
    """
    path = os.fspath(path)
    with _Reading(path) as f:
        first = f.readline(1 << 20)
        second = f.readline(1 << 20)
    fields = first.split()
    if not fields:
        raise ValueError(f"{path}: the file is empty or starts with a blank line; "
                         "it is not a word2vec or GloVe file.")
    header = len(fields) == 2 and all(x.isdigit() for x in fields) and int(fields[1]) > 0
    if header:
        d = int(fields[1])
        rest = second.rstrip().split(b" ")
        if not second or (len(rest) == d + 1 and _float_fields(rest[1:])):
            return {"binary": False, "no_header": False}
        # GloVe with d = 1 and a numeric word: two lines alike
        glove_rest = second.split()
        if len(glove_rest) == 2 and second.endswith(b"\n") and _float_fields(glove_rest[1:]):
            return {"binary": False, "no_header": True}
        return {"binary": True, "no_header": False}
    if len(fields) >= 2 and _float_fields(fields[1:]):
        return {"binary": False, "no_header": True}
    raise ValueError(
        f"{path}: not a word2vec or GloVe file: the first line is neither a header "
        f"'<V> <d>' nor 'word v1 ... vd' (got {first[:60]!r})."
    )
