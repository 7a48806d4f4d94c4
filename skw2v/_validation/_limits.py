"""Sizes and float ranges: refuse what would not fit in memory or in float64."""

import math
import os

import numpy as np

__all__ = ["InputTooLargeError", "check_allocation", "check_work", "check_power", "fits_in_memory",
           "format_bytes"]

# exp(709) is the largest power of e below float64's maximum.
_LOG_FLOAT_MAX = 709.0
_LOG_FLOAT_TINY = -708.0


class InputTooLargeError(MemoryError, ValueError):
    """An input asks for more memory than the machine has (caught as either base)."""

def format_bytes(n_bytes):
    """``n_bytes`` in the largest binary unit that keeps it >= 1 (``"7.28 TiB"``).

    Sizes beyond float64 (a window of 10**400) are given as a power of ten.
    """
    if n_bytes >= 2**1000:
        return f"about 10**{len(str(int(n_bytes))) - 1} B"
    value = float(n_bytes)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024:
            return f"{value:.3g} {unit}" if unit != "B" else f"{int(value)} B"
        value /= 1024
    return f"{value:.3g} PiB"


def _physical_memory():
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # not POSIX: no limit known
        return None

def fits_in_memory(n_bytes):
    """Whether ``n_bytes`` is at most the physical memory (True where it is unknown)."""
    limit = _physical_memory()
    return limit is None or n_bytes <= limit

def check_allocation(n_bytes, what, fix):
    """Refuse to allocate more than the machine's physical memory.

    Parameters
    ----------
    n_bytes : int or float
        Size that would be allocated.
    what : str
        What needs it, e.g. ``"the weights of window=10**12"``.
    fix : str
        What to change, e.g. ``"lower window"``.

    Raises
    ------
    InputTooLargeError
        ``n_bytes`` is more than the physical memory, naming both sizes.
    """
    if not fits_in_memory(n_bytes):
        limit = _physical_memory()
        raise InputTooLargeError(
            f"{what} would need {format_bytes(n_bytes)}, more than this machine's "
            f"{format_bytes(limit)} of memory; {fix}."
        )

#: Most sampled pair updates a training run may ask for: 10**12 is 3-4 days at the
#: 2.5-3.9 M updates per second QWEMGradientEmbedding measured (d = 100, two
#: threads, 2026-12-01), so a larger request is a typo (``negative=10**9``), not a plan.
MAX_PAIR_UPDATES = 10**12


def check_work(n_updates, what, fix, limit=MAX_PAIR_UPDATES):
    """Refuse a training run of more than ``limit`` sampled pair updates.

    Parameters
    ----------
    n_updates : int
        Pair updates the run would make (Python int: no overflow).
    what : str
        Where they come from, e.g. ``"n_steps=1000 x batch_size=10000 x 6"``.
    fix : str
        What to change.
    limit : int, default=MAX_PAIR_UPDATES

    Raises
    ------
    ValueError
        ``n_updates > limit``, naming both.
    """
    if n_updates > limit:
        raise ValueError(
            f"{what} asks for {n_updates:.3g} pair updates; more than {limit:.0e} (days at "
            f"the ~3 M updates per second measured on a workstation) is refused as a "
            f"mistake; {fix}."
        )


def check_power(values, exponent, name, *, what="the counts"):
    """Refuse an exponent that makes ``values ** exponent`` (or its sum) overflow or vanish.

    Only positive entries of ``values`` are considered (zeros stay zero); none
    of them may become 0 or infinite, nor may the sum of the powers.

    Parameters
    ----------
    values : array-like of float
    exponent : float
    name : str
        The parameter's name, e.g. ``"ns_exponent"``.
    what : str
        What ``values`` are, for the message.

    Raises
    ------
    ValueError
        Naming the exponent and the range of exponents that stay finite.
    """
    v = np.asarray(values, dtype=np.float64)
    v = v[v > 0]
    if v.size == 0 or exponent == 0:
        return
    lo, hi = float(np.log(v.min())), float(np.log(v.max()))
    top = max(exponent * lo, exponent * hi) + math.log(v.size)
    bottom = min(exponent * lo, exponent * hi)  # no positive value may vanish to 0
    if top > _LOG_FLOAT_MAX or bottom < _LOG_FLOAT_TINY:
        spread = max(abs(lo), abs(hi), 1e-300)
        bound = (_LOG_FLOAT_MAX - math.log(v.size)) / spread
        raise ValueError(
            f"{name}={exponent!r} overflows or underflows float64 on {what} (from "
            f"{v.min():.3g} to {v.max():.3g}): {what} ** {name} would not be finite and "
            f"positive. Use |{name}| below about {bound:.3g} (typical values are 0 to 1)."
        )
