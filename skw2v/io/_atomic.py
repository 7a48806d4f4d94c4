"""Atomic file writes: a temporary file in the target's folder, renamed at the end.

Every file skw2v writes goes through :func:`atomic_write`. Readers of the
target see either the old file or the complete new one, never a half-written
one: an exception (a word that cannot be encoded, a full disk, Ctrl-C) leaves
the old content in place and removes the temporary file.
"""

import contextlib
import gzip
import os
import secrets

__all__ = ["atomic_write"]


def _temporary_name(path):
    folder, name = os.path.split(path)
    return os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")


def _create(path):
    """Open a new temporary file beside ``path``; mode 0666 minus the umask, as open()."""
    while True:
        tmp = _temporary_name(path)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         0o666)
        except FileExistsError:
            continue
        except (FileNotFoundError, PermissionError, NotADirectoryError) as e:
            # name the target and its folder, not the temporary file nobody asked for
            folder = os.path.dirname(os.path.abspath(path))
            reason = ("does not exist" if isinstance(e, (FileNotFoundError, NotADirectoryError))
                      else "is not writable")
            raise type(e)(e.errno, f"cannot write {path!r}: its folder {folder!r} "
                          f"{reason}") from None
        return tmp, os.fdopen(fd, "wb")


@contextlib.contextmanager
def atomic_write(path, *, compress=None):
    """Open ``path`` for writing bytes so that it is replaced only on success.

    Parameters
    ----------
    path : str or PathLike
        The target. Its folder must exist; the temporary file
        ``.<name>.<random>.tmp`` is created there (a rename is atomic only
        within one file system). A symbolic link is followed: the file it
        points to is replaced, the link kept.
    compress : bool, default=None
        gzip the content; None compresses when ``path`` ends with ``.gz``.

    Yields
    ------
    file object
        Binary, write-only. On a normal exit it is flushed, synced to disk and
        renamed to ``path`` with :func:`os.replace`; on an exception it is
        closed and deleted and the exception propagates.

    Examples
    --------
    >>> import os, tempfile
    >>> from skw2v.io import atomic_write
    >>> path = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> with atomic_write(path) as f:
    ...     _ = f.write(b"complete\\n")
    >>> open(path, "rb").read()
    b'complete\\n'
    """
    path = os.fspath(path)
    if compress is None:
        compress = path.endswith(".gz")
    if os.path.islink(path):  # replace the file the link points to, and keep the link
        path = os.path.realpath(path)
    tmp, raw = _create(path)
    try:
        with raw:
            if compress:
                # mtime=0: the same content gives the same bytes
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
                    yield f
            else:
                yield raw
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
