"""Files that should be text: missing, folders, other compressions, binary, bad encoding."""

import os

__all__ = ["GZIP_MAGIC", "UTF8_BOM", "check_file", "check_text_head", "explain_decode_error"]

# First bytes of compressed formats skw2v does not read (gzip it does).
_OTHER_COMPRESSION = {
    b"BZh": ("bzip2", "bunzip2 -k FILE"),
    b"\xfd7zXZ\x00": ("xz", "unxz -k FILE"),
    b"PK\x03\x04": ("zip", "unzip FILE"),
    b"\x28\xb5\x2f\xfd": ("zstd", "unzstd FILE"),
    b"7z\xbc\xaf\x27\x1c": ("7z", "7z x FILE"),
}
GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"


def check_file(path, what, hint=""):
    """``path`` (str or PathLike) as a str naming an existing file that is not a folder.

    Raises
    ------
    FileNotFoundError, IsADirectoryError
        Naming ``what`` was expected at ``path``; ``hint`` follows the first.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No {what} at {_shown(path)}.{hint and ' ' + hint}")
    if os.path.isdir(path):
        raise IsADirectoryError(f"{_shown(path)} is a directory; pass the path of a {what}.")
    return path


def _shown(path, limit=100):
    """``path``'s repr for a message, its head only when it is long.

    A document passed where a path is expected (a single string is read as a
    corpus file) can be megabytes: the message names its start and length.
    """
    shown = repr(path)
    if len(shown) <= limit:
        return shown
    return f"{shown[:limit]}... (a string of {len(path):,} characters)"


def check_text_head(head, path, what="text file", *, compressed=True):
    """Sniff the first bytes of a file that should be text (plain or gzip-compressed).

    Parameters
    ----------
    head : bytes
        The file's first bytes (a few KiB), as stored (still compressed).
    path : str
        For the message.
    what : str
        What the file should be, for the message.
    compressed : bool, default=True
        Whether ``head`` may be compressed (the bytes as stored); False for
        bytes already decompressed, which are only checked for NUL bytes.

    Returns
    -------
    bool
        Whether the file is gzip-compressed.

    Raises
    ------
    ValueError
        Another compression format (bzip2, xz, zip, zstd, 7z), with the command
        that decompresses it; or NUL bytes, i.e. a binary file or UTF-16 text.
    """
    if compressed and head.startswith(GZIP_MAGIC):
        return True
    for magic, (name, command) in _OTHER_COMPRESSION.items():
        if compressed and head.startswith(magic):
            raise ValueError(
                f"{path!r} is compressed with {name}; skw2v reads a {what} plain or "
                "gzip-compressed: "
                f"decompress it first ({command}) or recompress it with gzip."
            )
    if b"\x00" in head:
        raise ValueError(
            f"{path!r} holds NUL bytes: it is a binary file or UTF-16/32 text, not a "
            f"{what}. Pass a UTF-8 text file (re-encode it, e.g. iconv -f utf-16 -t utf-8)."
        )
    return False

def explain_decode_error(exc, reason):
    """A copy of the ``UnicodeDecodeError`` ``exc`` whose reason says where and what to do.

    ``raise explain_decode_error(exc, f"{exc.reason} in {path!r}; ...") from None``
    keeps the exception's type (callers may catch it) and its positions.
    """
    return UnicodeDecodeError(exc.encoding, exc.object, exc.start, exc.end, reason)
