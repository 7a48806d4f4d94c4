"""Moved to :mod:`skw2v.linalg`; this path is kept for old imports."""

from .linalg import column_signs, fix_signs

__all__ = ["column_signs", "fix_signs"]
