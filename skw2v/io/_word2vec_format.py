"""Reading and writing the word2vec text and binary formats.

Both formats start with an ASCII header line ``"<V> <d>\\n"``. Then, per word:

- text: ``word v1 v2 ... vd\\n``, values written as the shortest decimal that
  reads back to the same float32 (what gensim writes);
- binary: ``word`` + a space + ``d`` little-endian float32 values (4 d bytes).
  gensim writes nothing after the values; word2vec.c writes a newline. The
  reader accepts both.

Files ending in ``.gz`` are (de)compressed on the fly.
"""

import gzip
import os

import numpy as np

from .._words import as_word_array

__all__ = ["read_word2vec", "write_word2vec"]

_LE_FLOAT32 = np.dtype("<f4")
_SEPARATORS = (" ", "\t", "\n", "\r", "\v", "\f")


def _open(path, mode):
    path = os.fspath(path)
    if path.endswith(".gz"):
        return gzip.open(path, mode)
    return open(path, mode)


def _check_words(words, n_rows):
    words = as_word_array(words, n_rows)
    for w in words:
        if not w or any(s in w for s in _SEPARATORS):
            raise ValueError(
                f"Cannot write the word {w!r} in word2vec format: words must be "
                "non-empty and contain no whitespace (space, tab, newline)."
            )
    return words


def write_word2vec(path, words, vectors, *, binary=False):
    """Write ``vectors`` (V x d) with their ``words`` in word2vec format.

    The output is byte-for-byte what gensim's
    ``KeyedVectors.save_word2vec_format(path, binary=binary)`` writes for the
    same words in the same order.

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
    """
    vectors = np.asarray(vectors)
    if vectors.ndim != 2:
        raise ValueError(f"vectors must be 2-D (V x d), got shape {vectors.shape}.")
    if not np.issubdtype(vectors.dtype, np.number):
        raise TypeError(f"vectors must be numeric, got dtype {vectors.dtype}.")
    words = _check_words(words, vectors.shape[0])
    vectors = vectors.astype(_LE_FLOAT32, copy=False)
    n, d = vectors.shape
    with _open(path, "wb") as f:
        f.write(f"{n} {d}\n".encode("utf8"))
        if binary:
            for w, row in zip(words, vectors):
                f.write(w.encode("utf8") + b" " + row.tobytes())
        else:
            text = vectors.astype(str)
            for w, row in zip(words, text):
                f.write((w + " " + " ".join(row.tolist()) + "\n").encode("utf8"))


def _parse_header(line, path):
    try:
        fields = line.decode("utf8").split()
        n, d = (int(x) for x in fields)
    except (UnicodeDecodeError, ValueError):
        raise ValueError(
            f"{path}: the first line must be the header '<number of words> "
            f"<dimension>', got {line[:80]!r}. Is this a word2vec file (and is "
            "`binary` right)?"
        ) from None
    if n < 0 or d < 1:
        raise ValueError(f"{path}: bad header {line.strip()[:80]!r}: need V >= 0 and d >= 1.")
    return n, d


def _decode_word(raw, path, where):
    try:
        return raw.decode("utf8")
    except UnicodeDecodeError:
        raise ValueError(f"{path}: {where}: the word {raw[:40]!r} is not valid UTF-8.") from None


def read_word2vec(path, *, binary=False, limit=None):
    """Read a word2vec text or binary file.

    Parameters
    ----------
    path : str or PathLike
        A ``.gz`` suffix is decompressed.
    binary : bool, default=False
        The file is in the binary format.
    limit : int, default=None
        Read only the first ``limit`` words.

    Returns
    -------
    words : ndarray of object of shape (V,)
    vectors : ndarray of float32 of shape (V, d)

    Raises
    ------
    ValueError
        On a malformed header, a row with the wrong number of values, a value
        that is not a number, a repeated word, or a file that ends early.
    """
    with _open(path, "rb") as f:
        header = f.readline()
        n, d = _parse_header(header, path)
        check_end = limit is None or int(limit) >= n
        if limit is not None:
            n = min(n, int(limit))
        if binary:
            return _read_binary(f, n, d, path, check_end)
        return _read_text(f, n, d, path, check_end)


def _read_text(f, n, d, path, check_end):
    words = np.empty(n, dtype=object)
    vectors = np.empty((n, d), dtype=np.float32)
    seen = {}
    for i in range(n):
        line = f.readline()
        lineno = i + 2
        if not line:
            raise ValueError(
                f"{path}: the file ends after {i} of the {n} words announced in "
                "its header (truncated file or wrong header)."
            )
        parts = line.rstrip().split(b" ")
        word = _decode_word(parts[0], path, f"line {lineno}")
        if len(parts) - 1 != d:
            raise ValueError(
                f"{path}: line {lineno} (word {word!r}) has {len(parts) - 1} values, "
                f"but the header says the dimension is {d}."
            )
        try:
            vectors[i] = np.asarray(parts[1:]).astype(np.float32)
        except ValueError:
            raise ValueError(
                f"{path}: line {lineno} (word {word!r}) holds a value that is not a number."
            ) from None
        if word in seen:
            raise ValueError(
                f"{path}: line {lineno} repeats the word {word!r} (first on line "
                f"{seen[word]}); each word may appear once."
            )
        seen[word] = lineno
        words[i] = word
    if check_end:
        extra = f.readline()
        while extra and not extra.strip():
            extra = f.readline()
        if extra:
            raise ValueError(
                f"{path}: more lines follow the {n} words announced in the header; "
                "the header's word count is wrong."
            )
    return words, vectors


def _read_binary(f, n, d, path, check_end):
    data = f.read()
    nbytes = 4 * d
    words = np.empty(n, dtype=object)
    vectors = np.empty((n, d), dtype=np.float32)
    seen = {}
    pos = 0
    for i in range(n):
        # word2vec.c puts a newline after each vector; gensim does not.
        while pos < len(data) and data[pos] == 0x0A:
            pos += 1
        space = data.find(b" ", pos)
        if space < 0 or len(data) - (space + 1) < nbytes:
            raise ValueError(
                f"{path}: the file ends inside word {i + 1} of the {n} announced in "
                "its header (truncated file, wrong header, or a text file read with "
                "binary=True)."
            )
        word = _decode_word(data[pos:space], path, f"word {i + 1}")
        if word in seen:
            raise ValueError(
                f"{path}: word {i + 1} repeats {word!r} (first as word {seen[word]}); "
                "each word may appear once."
            )
        seen[word] = i + 1
        words[i] = word
        vectors[i] = np.frombuffer(data, dtype=_LE_FLOAT32, count=d, offset=space + 1)
        pos = space + 1 + nbytes
    if check_end and data[pos:].strip(b"\n"):
        raise ValueError(
            f"{path}: {len(data) - pos} bytes remain after the {n} words announced "
            "in the header; the header's word count or dimension is wrong."
        )
    return words, vectors
