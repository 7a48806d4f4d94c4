"""skw2v's own word-vector layout: a JSON manifest beside a ``.npy`` table.

``WordVectors.save("vectors.wv")`` writes two files in one folder:

- ``vectors.wv``: UTF-8 JSON ``{"format": "skw2v.WordVectors", "version": 1,
  "shape": [V, d], "dtype": "<f4", "vectors": "vectors.wv.<8 hex>.npy",
  "words": [...]}``, words in row order;
- ``vectors.wv.<8 hex>.npy``: the V x d little-endian float32 table, a plain
  NumPy ``.npy`` file (``np.load`` reads it, ``mmap_mode="r"`` maps it).

The hexadecimal part changes on every save. That makes replacing a saved table
atomic although it spans two files: the new table is written under a new name
first, then the manifest is replaced in one ``os.replace``, the commit point;
only then is the previous table removed. A reader, or a save interrupted at
any moment, sees the old pair or the new pair, never a mix.
"""

import contextlib
import json
import os
import re
import secrets

import numpy as np

from .._words import as_word_array
from ._atomic import atomic_write

__all__ = ["is_vectors_npy", "read_vectors_npy", "write_vectors_npy"]

FORMAT = "skw2v.WordVectors"
VERSION = 1
_MMAP_MODES = (None, "r", "c")


def _prefix():
    return json.dumps({"format": FORMAT}, ensure_ascii=True)[:-1].encode("ascii")


def is_vectors_npy(path):
    """True if ``path`` is a manifest written by :func:`write_vectors_npy`.

    Only the first bytes are read: the manifest starts with its ``format`` entry.
    """
    prefix = _prefix()
    with open(os.fspath(path), "rb") as f:
        return f.read(len(prefix)) == prefix


def _followed(path):
    """``path``, or the file it links to: the table lives beside the real manifest."""
    path = os.fspath(path)
    return os.path.realpath(path) if os.path.islink(path) else path


def _table_name(manifest_path):
    return f"{os.path.basename(manifest_path)}.{secrets.token_hex(4)}.npy"


def _is_own_table(manifest_path, name):
    base = re.escape(os.path.basename(manifest_path))
    return isinstance(name, str) and re.fullmatch(base + r"\.[0-9a-f]{8}\.npy", name)


def _read_manifest(path):
    path = os.fspath(path)
    with open(path, "rb") as f:
        head = f.read(1)
        if head != b"{":
            raise ValueError(
                f"{path}: not a file written by WordVectors.save (it does not start "
                "with a JSON manifest). For word2vec or GloVe files use "
                "WordVectors.load_word2vec_format."
            )
        raw = head + f.read()
    try:
        manifest = json.loads(raw.decode("utf8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"{path}: the manifest is not valid JSON ({e}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValueError(f"{path}: not a manifest written by WordVectors.save "
                         f"(format is not {FORMAT!r}).")
    if manifest.get("version") != VERSION:
        raise ValueError(f"{path}: manifest version {manifest.get('version')!r}; this "
                         f"skw2v reads version {VERSION}.")
    return manifest


def _previous_table(path):
    """Name of the table an existing manifest at ``path`` points to, if it is ours."""
    try:
        manifest = _read_manifest(path)
    except (OSError, ValueError):
        return None
    name = manifest.get("vectors")
    return name if _is_own_table(path, name) else None


def write_vectors_npy(path, words, vectors):
    """Write ``words`` and ``vectors`` as a manifest at ``path`` and a ``.npy`` table.

    Parameters
    ----------
    path : str or PathLike
        The manifest; the table is written beside it (see the module notes).
    words : sequence of str of length V
    vectors : array-like of shape (V, d)
        Stored as little-endian float32.
    """
    path = _followed(path)
    vectors = np.asarray(vectors)
    if vectors.ndim != 2:
        raise ValueError(f"vectors must be 2-D (V x d), got shape {vectors.shape}.")
    words = as_word_array(words, vectors.shape[0])
    vectors = np.ascontiguousarray(vectors, dtype="<f4")
    old = _previous_table(path)
    name = _table_name(path)
    table = os.path.join(os.path.dirname(path), name)
    with atomic_write(table, compress=False) as f:
        np.lib.format.write_array(f, vectors, allow_pickle=False)
    manifest = {"format": FORMAT, "version": VERSION, "shape": list(vectors.shape),
                "dtype": "<f4", "vectors": name, "words": words.tolist()}
    try:
        with atomic_write(path, compress=False) as f:
            # ensure_ascii: any str, even a lone surrogate, survives the round trip
            f.write(json.dumps(manifest, ensure_ascii=True).encode("ascii"))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(table)
        raise
    if old is not None and old != name:
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(os.path.dirname(path), old))


def read_vectors_npy(path, *, mmap=None):
    """Read what :func:`write_vectors_npy` wrote.

    Parameters
    ----------
    path : str or PathLike
        The manifest.
    mmap : {None, "r", "c"}, default=None
        None reads the table into memory; ``"r"`` maps it read-only (pages are
        read when touched, and shared between processes mapping the same
        file); ``"c"`` maps it copy-on-write.

    Returns
    -------
    words : ndarray of object of shape (V,)
    vectors : ndarray or memmap of float32 of shape (V, d)
    """
    if mmap not in _MMAP_MODES:
        raise ValueError(f"mmap must be one of {_MMAP_MODES}, got {mmap!r}.")
    path = _followed(path)
    manifest = _read_manifest(path)
    name, shape, words = (manifest.get(k) for k in ("vectors", "shape", "words"))
    if not isinstance(name, str) or os.path.basename(name) != name or name in ("", ".", ".."):
        raise ValueError(f"{path}: the manifest's 'vectors' entry must be a file name in "
                         f"the same folder, got {name!r}.")
    table = os.path.join(os.path.dirname(path), name)
    if not os.path.exists(table):
        raise FileNotFoundError(
            f"{path}: its table {name!r} is missing; copy or move it together with the "
            "manifest (they must stay in one folder)."
        )
    try:
        vectors = np.load(table, mmap_mode=mmap, allow_pickle=False)
    except ValueError as e:
        raise ValueError(f"{table}: not a readable .npy table ({e}).") from None
    if vectors.dtype != np.dtype("<f4") or list(vectors.shape) != shape:
        said = tuple(shape) if isinstance(shape, list) else repr(shape)
        raise ValueError(
            f"{table}: holds {vectors.dtype} of shape {vectors.shape}, but the manifest "
            f"{path} says float32 of shape {said}."
        )
    if not isinstance(words, list) or len(words) != vectors.shape[0]:
        raise ValueError(f"{path}: the manifest must list one word per row of the table.")
    return as_word_array(words, vectors.shape[0]), vectors
