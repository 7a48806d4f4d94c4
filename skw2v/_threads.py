"""Thread counts: numba's, set for a block of work and always restored."""

from contextlib import contextmanager

import numba
from joblib import effective_n_jobs


def n_threads(n_jobs):
    """The threads ``n_jobs`` asks for (sklearn's meaning), clipped to numba's pool."""
    return max(1, min(effective_n_jobs(n_jobs), numba.config.NUMBA_NUM_THREADS))


@contextmanager
def numba_threads(n_jobs):
    """Run the block with ``n_jobs`` numba threads (sklearn's meaning of n_jobs).

    The count is clipped to numba's pool size and restored on exit, also when
    the block raises.
    """
    previous = numba.get_num_threads()
    wanted = n_threads(n_jobs)
    numba.set_num_threads(wanted)
    try:
        yield wanted
    finally:
        numba.set_num_threads(previous)
