"""Byte-level tokenising and interning of a corpus into integer word ids.

A corpus arrives as UTF-8 byte chunks. Each byte has a class: part of a
token, a token separator, or a document end. Tokens are interned into an
open-addressing hash table keyed by FNV-1a hashes, with an exact byte
comparison on every hash match, so two distinct words never share an id.
"""

import numpy as np
from numba import njit

TOKEN = 0
SEPARATOR = 1
DOCUMENT_END = 2

_FNV_OFFSET = np.uint64(14695981039346656037)
_FNV_PRIME = np.uint64(1099511628211)


def byte_classes(separators, document_ends):
    """Class of each of the 256 byte values (TOKEN, SEPARATOR, DOCUMENT_END)."""
    classes = np.full(256, TOKEN, dtype=np.uint8)
    classes[list(separators)] = SEPARATOR
    classes[list(document_ends)] = DOCUMENT_END
    return classes


def byte_map(lowercase):
    """Translation of each byte value: ASCII lowercasing or the identity."""
    table = np.arange(256, dtype=np.uint8)
    if lowercase:
        table[65:91] += 32
    return table


@njit(nogil=True, cache=True)
def _hash(buf, start, end, mapping):
    h = _FNV_OFFSET
    for i in range(start, end):
        h ^= np.uint64(mapping[buf[i]])
        h *= _FNV_PRIME
    return h


@njit(nogil=True, cache=True)
def intern_tokens(buf, classes, mapping, table, hashes, starts, lengths,
                  store, counts, n_words, n_store, out):
    """Intern the tokens of ``buf`` and write their ids to ``out``.

    Parameters
    ----------
    buf : uint8 array
        Bytes to read; a document end is written to ``out`` as ``-1``.
    classes, mapping : uint8 arrays of length 256
        Byte classes and byte translation (see :func:`byte_classes`).
    table : int32 array, power-of-two length
        Hash table of word ids, ``-1`` where empty.
    hashes, starts, lengths, counts : per-word arrays (capacity >= n_words)
    store : uint8 array
        The bytes of every interned word, back to back.
    n_words, n_store : int
        How much of the per-word arrays and of ``store`` is in use.
    out : int32 array of length >= len(buf) + 1

    Returns
    -------
    stop : int
        Position in ``buf`` where reading stopped: ``len(buf)`` when done,
        earlier when a capacity ran out (grow it and call again from there).
    n_out, n_words, n_store : int
        Updated fill levels.
    """
    mask = table.shape[0] - 1
    n = buf.shape[0]
    n_out = 0
    i = 0
    while i < n:
        c = classes[buf[i]]
        if c == SEPARATOR:
            i += 1
            continue
        if c == DOCUMENT_END:
            out[n_out] = -1
            n_out += 1
            i += 1
            continue
        j = i
        while j < n and classes[buf[j]] == TOKEN:
            j += 1
        length = j - i
        h = _hash(buf, i, j, mapping)
        slot = np.int64(h & np.uint64(mask))
        found = -1
        while table[slot] != -1:
            w = table[slot]
            if hashes[w] == h and lengths[w] == length:
                s = starts[w]
                same = True
                for k in range(length):
                    if store[s + k] != mapping[buf[i + k]]:
                        same = False
                        break
                if same:
                    found = w
                    break
            slot = (slot + 1) & mask
        if found == -1:
            if (n_words + 1 > hashes.shape[0] or n_store + length > store.shape[0]
                    or 2 * (n_words + 1) > table.shape[0]):
                return i, n_out, n_words, n_store
            found = n_words
            table[slot] = found
            hashes[found] = h
            starts[found] = n_store
            lengths[found] = length
            counts[found] = 0
            for k in range(length):
                store[n_store + k] = mapping[buf[i + k]]
            n_store += length
            n_words += 1
        counts[found] += 1
        out[n_out] = found
        n_out += 1
        i = j
    return n, n_out, n_words, n_store


@njit(nogil=True, cache=True)
def rehash(hashes, n_words, size):
    """A fresh hash table of ``size`` slots (a power of two) for the first ``n_words`` ids."""
    table = np.full(size, -1, dtype=np.int32)
    mask = size - 1
    for w in range(n_words):
        slot = np.int64(hashes[w] & np.uint64(mask))
        while table[slot] != -1:
            slot = (slot + 1) & mask
        table[slot] = w
    return table


@njit(nogil=True, cache=True)
def recode_stream(stream, mapping):
    """Map ids through ``mapping``; tokens mapped to ``-1`` are removed, document ends kept.

    Consecutive document ends (empty documents) collapse to one.
    """
    out = np.empty_like(stream)
    n = 0
    for t in range(stream.shape[0]):
        w = stream[t]
        if w < 0:
            if n > 0 and out[n - 1] != -1:
                out[n] = -1
                n += 1
        else:
            v = mapping[w]
            if v >= 0:
                out[n] = v
                n += 1
    return out[:n].copy()
