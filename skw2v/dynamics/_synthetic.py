"""Synthetic co-occurrence statistics whose QWEM target has a chosen spectrum."""

import numbers

import numpy as np
import scipy.sparse as sp
from sklearn.utils import check_random_state

from ..statistics import dense_qwem_target

__all__ = ["planted_cooccurrence"]


def planted_cooccurrence(eigenvalues, n_words, *, negative=1, concentration=5.0,
                         random_state=None):
    """A dense pair distribution P whose M* has (nearly) the given top spectrum.

    Draws a word distribution ``q`` (Dirichlet), random orthonormal directions
    ``v_k`` and sets ``P = Q (2 + M) / (2 - M)`` with ``M = sum_k lambda_k v_k v_k^T``
    (so that ``2 (P - Q) / (P + Q) = M``), then normalises P to sum 1, which
    moves the spectrum slightly; the exact eigenpairs of the resulting M* are
    returned.

    Parameters
    ----------
    eigenvalues : array-like of shape (m,)
        Planted eigenvalues; ``|M|`` must stay below 2 entrywise, which bounds
        them at about ``n_words / 4`` in total.
    n_words : int
    negative : int, default=1
    concentration : float, default=5.0
        Dirichlet concentration of q; larger is closer to uniform.
    random_state : int, RandomState instance or None

    Returns
    -------
    P : csr_array of shape (n_words, n_words)
    q : ndarray of shape (n_words,)
    eigenvalues : ndarray of shape (n_words,)
        Of the actual M*, decreasing.
    eigenvectors : ndarray of shape (n_words, n_words)

    Examples
    --------
    >>> P, q, lam, U = planted_cooccurrence([8.0, 4.0], 60, random_state=0)
    >>> lam[:3].round(1)
    array([8., 4., 0.])
    """
    lam = np.asarray(eigenvalues, dtype=np.float64)
    if lam.ndim != 1 or lam.size == 0 or not np.all(np.isfinite(lam)):
        raise ValueError("eigenvalues must be a non-empty 1-d array of finite values.")
    if not isinstance(n_words, numbers.Integral) or n_words <= lam.size:
        raise ValueError(
            f"n_words({n_words}) must be an integer larger than the number of eigenvalues "
            f"({lam.size})."
        )
    rng = check_random_state(random_state)
    q = rng.dirichlet(np.full(n_words, float(concentration)))
    V, _ = np.linalg.qr(rng.standard_normal((n_words, lam.size)))
    M = (V * lam) @ V.T
    if np.abs(M).max() >= 1.9:
        raise ValueError(
            f"The planted M has entries up to {np.abs(M).max():.2f} in magnitude; they must "
            "stay below 2 (M* = 2 (P - Q) / (P + Q)). Use smaller eigenvalues or more words."
        )
    Q = negative * np.outer(q, q)
    P = Q * (2.0 + M) / (2.0 - M)
    P = (P + P.T) / (2.0 * P.sum())
    Mstar = dense_qwem_target(P, q, negative)
    w, U = np.linalg.eigh(Mstar)
    return sp.csr_array(P), q, w[::-1].copy(), np.ascontiguousarray(U[:, ::-1])
