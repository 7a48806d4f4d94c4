"""Spectrum and signal-to-noise ratio of task vectors.

For task vectors ``R`` (n_pairs x d) the signal-to-noise ratio

    SNR = lambda_max(R R^T) / (Tr(R R^T) / rank(R R^T))

compares the top eigenvalue to the average non-zero one: it is 1 for a flat
spectrum (no shared direction) and ``rank`` for exactly parallel task vectors.
:func:`spiked_snr` gives what a rank-one signal in Gaussian noise yields.
"""

from dataclasses import dataclass

import numpy as np

from ._marchenko_pastur import fit_marchenko_pastur

__all__ = ["TaskVectorSpectrum", "spiked_snr", "task_vector_snr", "task_vector_spectrum"]


@dataclass(frozen=True)
class TaskVectorSpectrum:
    """Eigenvalues of ``(1/d) R R^T`` and the SNR they give.

    Attributes
    ----------
    eigenvalues : ndarray of float64 of shape (n_pairs,)
        Descending; the ``n_pairs - rank`` smallest are exactly 0.
    n_pairs : int
    dim : int
        ``d``, the number of columns of ``R`` (the embedding dimension).
    rank : int
        Numerical rank of ``R R^T`` (see :func:`task_vector_snr`).
    snr : float
        ``eigenvalues[0] / (eigenvalues.sum() / rank)``.
    """

    eigenvalues: np.ndarray
    n_pairs: int
    dim: int
    rank: int
    snr: float

    def fit_marchenko_pastur(self, **kwargs):
        """:func:`fit_marchenko_pastur` of these eigenvalues."""
        return fit_marchenko_pastur(self.eigenvalues, dim=self.dim, **kwargs)


def _as_R(R):
    # a TaskVectors (which imports this module, so it is recognised by its fields)
    if hasattr(R, "vectors") and hasattr(R, "pairs"):
        R = R.vectors
    R = np.asarray(R, dtype=np.float64)
    if R.ndim != 2 or R.shape[0] < 2 or R.shape[1] < 1:
        raise ValueError(
            f"Task vectors must be a 2-D array with at least 2 rows, got shape {R.shape}."
        )
    if not np.all(np.isfinite(R)):
        raise ValueError("Task vectors contain NaN or infinite entries.")
    return R


def _singular_values(R):
    # R R^T shares its non-zero eigenvalues with R^T R; the smaller Gram is the
    # cheap and accurate route for n_pairs << d or d << n_pairs alike.
    n, d = R.shape
    G = R @ R.T if n <= d else R.T @ R
    ev = np.linalg.eigvalsh(G)[::-1]
    return np.sqrt(np.clip(ev, 0.0, None))


def _numerical_rank(s, shape, rank_tol):
    if s[0] == 0:
        return 0
    if rank_tol is None:
        # Gram-route singular values are accurate to ~sqrt(eps) * s_max, so a
        # matrix_rank-style threshold max(n, d) * eps * s_max would count noise.
        rank_tol = max(shape) * np.sqrt(np.finfo(np.float64).eps)
    return int(np.count_nonzero(s > rank_tol * s[0]))


def task_vector_spectrum(R, *, rank_tol=None):
    """Eigenvalues of ``(1/d) R R^T`` for task vectors ``R`` (n_pairs x d).

    Parameters
    ----------
    R : ndarray of shape (n_pairs, d) or TaskVectors
    rank_tol : float, default=None
        Relative threshold of the numerical rank (see :func:`task_vector_snr`).

    Returns
    -------
    TaskVectorSpectrum

    Examples
    --------
    >>> import numpy as np
    >>> from skw2v.analysis import task_vector_spectrum
    >>> spec = task_vector_spectrum(np.array([[2., 0.], [0., 1.], [0., 1.]]))
    >>> spec.eigenvalues.round(6).tolist(), spec.rank, round(spec.snr, 6)
    ([2.0, 1.0, 0.0], 2, 1.333333)
    """
    R = _as_R(R)
    n, d = R.shape
    s = _singular_values(R)
    rank = _numerical_rank(s, R.shape, rank_tol)
    if rank == 0:
        raise ValueError("All task vectors are zero: the SNR is undefined.")
    ev = np.zeros(n)
    ev[:rank] = s[:rank] ** 2 / d
    snr = ev[0] * rank / ev.sum()
    return TaskVectorSpectrum(eigenvalues=ev, n_pairs=n, dim=d, rank=rank, snr=float(snr))


def task_vector_snr(R, *, rank_tol=None):
    """Signal-to-noise ratio of task vectors, ``lambda_max / (Tr / rank)`` of ``R R^T``.

    Parameters
    ----------
    R : ndarray of shape (n_pairs, d) or TaskVectors
        One task vector ``W[b] - W[a]`` per row.
    rank_tol : float, default=None
        An eigenvalue counts toward ``rank(R R^T)`` when its square root (a
        singular value of ``R``) exceeds ``rank_tol * s_max``. The default is
        ``max(n_pairs, d) * sqrt(eps64)`` (about ``1.5e-8 * max(n_pairs, d)``):
        the eigenvalues come from the smaller Gram matrix, whose round-off
        leaves singular values that should be zero at about
        ``sqrt(eps) * s_max``, so numpy's ``max(n, d) * eps`` would count them.
        The rank is then ``min(n_pairs, d)`` for generic vectors and smaller
        only for an exactly degenerate embedding (e.g. clipped eigenvalues).

    Returns
    -------
    float
        Between 1 (flat spectrum: no shared direction) and ``rank`` (all task
        vectors parallel). Invariant to rotations of the embedding, to its
        overall scale and to the order of the pairs.

    See Also
    --------
    task_vector_spectrum : the eigenvalues behind it.
    spiked_snr : what a rank-one signal in Gaussian noise gives.

    Examples
    --------
    >>> import numpy as np
    >>> from skw2v.analysis import task_vector_snr
    >>> task_vector_snr(np.array([[1., 0.], [1., 0.], [1., 0.]]))
    1.0
    >>> round(task_vector_snr(np.array([[1., 0.1], [1., -0.1]])), 4)
    1.9802
    """
    return task_vector_spectrum(R, rank_tol=rank_tol).snr


def spiked_snr(n_pairs, dim, signal_norm2, noise_variance):
    """SNR a rank-one signal in Gaussian noise gives, in the large-matrix limit.

    Task vectors ``R = 1 mu^T + N`` (``n_pairs x dim``, ``N`` i.i.d.
    ``N(0, noise_variance)``, ``signal_norm2 = |mu|^2``). With
    ``theta^2 = n_pairs |mu|^2 / (dim * noise_variance)`` and
    ``c = n_pairs / dim``, the top eigenvalue of ``R R^T / (dim * noise_variance)``
    tends to ``(1 + theta^2)(c + theta^2) / theta^2`` above the detection
    threshold ``theta^2 > sqrt(c)`` and to the noise edge ``(1 + sqrt(c))^2``
    below it (Benaych-Georges & Nadakuditi, 2012); the trace is
    ``theta^2 + n_pairs`` and the rank ``min(n_pairs, dim)``.

    This is how the SNR moves with ``d``: both the signal and the noise energy
    of a task vector grow with the dimension, at rates set by the spectrum of
    the embedding.

    Parameters
    ----------
    n_pairs, dim : int
    signal_norm2 : float or ndarray
        ``|mu|^2``, squared norm of the mean task vector.
    noise_variance : float or ndarray
        Per-coordinate noise variance.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> from skw2v.analysis import spiked_snr
    >>> round(float(spiked_snr(100, 100, 0.0, 1.0)), 3)  # pure noise: edge / mean
    4.0
    """
    c = n_pairs / dim
    theta2 = n_pairs * np.asarray(signal_norm2, dtype=np.float64) / (
        dim * np.asarray(noise_variance, dtype=np.float64))
    with np.errstate(divide="ignore", invalid="ignore"):
        spike = (1 + theta2) * (c + theta2) / theta2
    top = np.where(theta2 > np.sqrt(c), spike, (1 + np.sqrt(c)) ** 2)
    out = top * min(n_pairs, dim) / (theta2 + n_pairs)
    return out[()] if out.ndim == 0 else out
