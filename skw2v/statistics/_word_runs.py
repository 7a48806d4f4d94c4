"""scikit-learn's default token pattern on ASCII text, at numpy speed.

``r"(?u)\\b\\w\\w+\\b"`` (``TfidfVectorizer``'s default, and
``EmbeddingVectorizer``'s) matches, in ASCII text, exactly the maximal runs of
two or more of the bytes ``[0-9A-Za-z_]``: ``\\b`` forbids a match that starts
or ends inside a run, and ``\\w+`` is greedy. So an ASCII document need not go
through ``re.findall`` (which builds one Python string per token): its bytes
are classified by a lookup table, one-byte runs are blanked, and the byte
interner (:mod:`skw2v.kernels.tokenize`) splits the rest on the separator.
On 20 Newsgroups' 11,314 training posts (2.2 M tokens, 16 posts not ASCII)
``re.findall`` took 0.76-1.0 s of reading them; this path takes about 0.1 s
(``benchmarks/RESULTS.md``, "Document vectors, session 6").
"""

import numpy as np

__all__ = ["WORD_RUN_PATTERNS", "word_runs"]

# Patterns whose matches on ASCII text are the runs of >= 2 word bytes
# (str patterns are Unicode-aware with or without the (?u) flag).
WORD_RUN_PATTERNS = frozenset({r"(?u)\b\w\w+\b", r"\b\w\w+\b"})

# Bytes that are part of a run: ASCII \w, and every byte of a multi-byte UTF-8
# character (those come only from tokens already cut by the regular expression).
_RUN_BYTE = np.zeros(256, dtype=bool)
for _lo, _hi in ((48, 58), (65, 91), (97, 123), (95, 96), (128, 256)):
    _RUN_BYTE[_lo:_hi] = True


def word_runs(data, separator, document_end):
    """``data`` with every byte outside a run of >= 2 word bytes set to ``separator``.

    Parameters
    ----------
    data : bytes
        UTF-8 text: documents (ASCII, or tokens already joined by
        ``separator``) followed each by the byte ``document_end``.
    separator, document_end : int
        Byte values, neither a word byte.

    Returns
    -------
    bytes
        Of the length of ``data``: the bytes of the runs of two or more
        word bytes and the document ends kept, every other byte ``separator``.

    Examples
    --------
    >>> word_runs(b"a cat, 2 dogs_x!\\x1e", 0x1F, 0x1E)
    b'\\x1f\\x1fcat\\x1f\\x1f\\x1f\\x1fdogs_x\\x1f\\x1e'
    """
    buf = np.frombuffer(data, dtype=np.uint8)
    run = _RUN_BYTE[buf]
    # A word byte with no word byte on either side is a run of one.
    alone = run.copy()
    alone[1:] &= ~run[:-1]
    alone[:-1] &= ~run[1:]
    run &= ~alone
    out = np.where(run, buf, np.uint8(separator))
    out[buf == document_end] = document_end
    return out.tobytes()
