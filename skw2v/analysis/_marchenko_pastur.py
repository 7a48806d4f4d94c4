"""The Marchenko–Pastur law and its fit to the bulk of a task-vector spectrum.

The bulk of the spectrum of ``(1/d) R R^T`` (task vectors ``R``, n_pairs x d)
is compared with the Marchenko–Pastur law of pure noise, which gives a noise
variance and an effective dimension of the noise. The functions work on plain
eigenvalues, so they apply to any spectrum.
"""

from dataclasses import dataclass
from numbers import Integral

import numpy as np
from scipy import optimize

__all__ = ["MarchenkoPasturFit", "fit_marchenko_pastur", "marchenko_pastur_cdf",
           "marchenko_pastur_pdf"]


@dataclass(frozen=True)
class MarchenkoPasturFit:
    """Marchenko–Pastur law fitted to the bulk of a spectrum of ``(1/d) R R^T``.

    The bulk (all eigenvalues but the ``n_spikes`` largest) is modelled as the
    spectrum of ``scale * (1/p) Z Z^T`` with ``Z`` an ``n_bulk x p`` standard
    Gaussian matrix and ``ratio = n_bulk / p``.

    Attributes
    ----------
    scale : float
        MP scale of the bulk (its mean eigenvalue).
    ratio : float
        MP aspect ratio ``gamma`` of the bulk. The bulk is supported on
        ``[scale (1 - sqrt(gamma))^2, scale (1 + sqrt(gamma))^2]``, with an atom
        of mass ``1 - 1/gamma`` at 0 when ``gamma > 1``.
    noise_variance : float
        Noise variance per embedding coordinate: the noise energy of one task
        vector divided by ``d``. For ``R = signal + N`` with ``N`` i.i.d.
        ``N(0, s^2)`` in ``d`` dimensions this estimates ``s^2``.
    effective_dim : float
        Number of dimensions the noise spreads over, ``p``: ``d`` for isotropic
        noise, fewer when the noise lives in a subspace or is anisotropic.
    n_spikes : int
        Eigenvalues excluded from the bulk as signal.
    n_bulk : int
    n_above_edge : int
        Eigenvalues of the whole spectrum above the fitted upper edge: the
        spikes that stand out of the noise (BBP detectable).
    method : str
    """

    scale: float
    ratio: float
    noise_variance: float
    effective_dim: float
    n_spikes: int
    n_bulk: int
    n_above_edge: int
    method: str

    @property
    def lower_edge(self):
        return self.scale * (1.0 - np.sqrt(self.ratio)) ** 2

    @property
    def upper_edge(self):
        return self.scale * (1.0 + np.sqrt(self.ratio)) ** 2

    def pdf(self, x):
        """Continuous part of the fitted density at ``x``."""
        return marchenko_pastur_pdf(x, self.scale, self.ratio)

    def cdf(self, x):
        """Fitted distribution function at ``x`` (atom at 0 included)."""
        return marchenko_pastur_cdf(x, self.scale, self.ratio)


def _check_mp(scale, ratio):
    if not (scale > 0 and ratio > 0):
        raise ValueError(f"MP needs scale > 0 and ratio > 0, got {scale}, {ratio}.")


def marchenko_pastur_pdf(x, scale, ratio):
    """Density of the Marchenko–Pastur law (continuous part).

    The law of the eigenvalues of ``scale * (1/p) Z Z^T`` for an ``n x p``
    standard Gaussian ``Z`` with ``n / p -> ratio``; for ``ratio > 1`` it also
    has an atom of mass ``1 - 1/ratio`` at 0, not included here.

    Examples
    --------
    >>> from scipy.integrate import quad
    >>> from skw2v.analysis import marchenko_pastur_pdf
    >>> round(quad(lambda x: marchenko_pastur_pdf(x, 2.0, 0.25), 0.5, 4.5)[0], 6)
    1.0
    """
    _check_mp(scale, ratio)
    x = np.asarray(x, dtype=np.float64)
    a = scale * (1 - np.sqrt(ratio)) ** 2
    b = scale * (1 + np.sqrt(ratio)) ** 2
    inside = (x > a) & (x < b)
    xs = np.where(inside, x, (a + b) / 2)
    dens = np.sqrt(np.clip((b - xs) * (xs - a), 0, None)) / (2 * np.pi * scale * ratio * xs)
    out = np.where(inside, dens, 0.0)
    return out[()] if out.ndim == 0 else out


_MP_GRID = 1025


def _mp_cumulative(scale, ratio):
    """Edges, angle grid and normalised CDF of the continuous part of MP.

    With ``x = a + (b - a)(1 - cos t) / 2`` the square-root edges of the
    density cancel against ``dx`` and the integrand ``sin(t)^2 / x`` is smooth;
    a midpoint rule on a fixed grid (never evaluating ``t = 0``, where ``x`` is
    0 for ``ratio = 1``) is accurate to ~1e-6.
    """
    a = scale * (1 - np.sqrt(ratio)) ** 2
    b = scale * (1 + np.sqrt(ratio)) ** 2
    t = np.linspace(0.0, np.pi, _MP_GRID)
    tm = (t[1:] + t[:-1]) / 2
    integrand = np.sin(tm) ** 2 / (a + (b - a) * (1 - np.cos(tm)) / 2)
    cum = np.concatenate(([0.0], np.cumsum(integrand * np.diff(t))))
    return a, b, t, cum / cum[-1]


def _mp_continuous_cdf(x, scale, ratio):
    """Normalised CDF of the continuous part of MP(scale, ratio) at ``x``."""
    a, b, t, cum = _mp_cumulative(scale, ratio)
    tx = np.arccos(np.clip(1 - 2 * (np.asarray(x, dtype=np.float64) - a) / (b - a), -1.0, 1.0))
    return np.interp(tx, t, cum)


def marchenko_pastur_cdf(x, scale, ratio):
    """Distribution function of the Marchenko–Pastur law (atom at 0 included).

    Examples
    --------
    >>> from skw2v.analysis import marchenko_pastur_cdf
    >>> [round(float(v), 4) for v in marchenko_pastur_cdf([0.0, 1e3], 1.0, 4.0)]
    [0.75, 1.0]
    """
    _check_mp(scale, ratio)
    x = np.asarray(x, dtype=np.float64)
    mass = min(1.0, 1.0 / ratio)  # of the continuous part
    out = np.where(x >= 0, 1.0 - mass, 0.0) + mass * _mp_continuous_cdf(x, scale, ratio)
    out = np.where(x >= 0, out, 0.0)
    return out[()] if out.ndim == 0 else out


def _mp_map(scale, ratio, n_bulk, n_spikes, dim):
    """(noise_variance, effective_dim) from a bulk fit.

    Removing ``k`` spikes removes one direction of each side of the noise, so
    the bulk is an ``(n - k) x (p - k)`` Wishart: ``p = n_bulk / ratio + k``,
    and its mean eigenvalue ``scale = s^2 (p - k) / d`` becomes the
    per-coordinate variance ``s^2 p / d``.
    """
    p_bulk = n_bulk / ratio
    p = p_bulk + n_spikes
    return scale * p / p_bulk, p


def fit_marchenko_pastur(eigenvalues, *, n_spikes=1, method="moments", dim=None):
    """Fit a Marchenko–Pastur law to the bulk of a task-vector spectrum.

    Parameters
    ----------
    eigenvalues : ndarray of shape (n_pairs,) or TaskVectorSpectrum
        Eigenvalues of ``(1/d) R R^T``, zeros included (they are the atom of
        the law when ``n_pairs > d``).
    n_spikes : int, default=1
        Largest eigenvalues treated as signal and left out of the fit (1 for the
        rank-one model of a relation).
    method : {"moments", "cdf"}, default="moments"
        "moments" matches the first two moments of the bulk, in closed form:
        an MP law has mean ``scale`` and second moment ``scale^2 (1 + ratio)``,
        so ``scale = m1`` and ``ratio = m2 / m1^2 - 1``, less the finite-size
        excess ``1 / p`` of a Wishart matrix's second moment. It is unbiased
        for Gaussian noise and needs no tuning, but a second spike left in the
        bulk inflates ``m2``. "cdf" starts there and minimises the squared
        distance between the empirical distribution function of the bulk and the
        MP one (least squares on the CDF, like a Cramér–von Mises fit): it lets
        a few outliers move the fit by at most their rank share, at the cost of
        an iterative solve.
    dim : int, default=None
        ``d``; only used to express the noise variance per coordinate (taken
        from the spectrum when it is a TaskVectorSpectrum).

    Returns
    -------
    MarchenkoPasturFit

    Examples
    --------
    >>> import numpy as np
    >>> from skw2v.analysis import task_vector_spectrum, fit_marchenko_pastur
    >>> rng = np.random.default_rng(0)
    >>> R = 0.5 * rng.standard_normal((200, 800))
    >>> fit = fit_marchenko_pastur(task_vector_spectrum(R), n_spikes=0)
    >>> round(fit.noise_variance, 2), round(fit.effective_dim, -2)
    (0.25, 800.0)
    """
    if hasattr(eigenvalues, "eigenvalues"):  # a TaskVectorSpectrum (which imports this module)
        dim = eigenvalues.dim if dim is None else dim
        eigenvalues = eigenvalues.eigenvalues
    if method not in ("moments", "cdf"):
        raise ValueError(f"method must be 'moments' or 'cdf', got {method!r}.")
    if not isinstance(n_spikes, Integral) or n_spikes < 0:
        raise ValueError(f"n_spikes must be a non-negative integer, got {n_spikes!r}.")
    ev = np.sort(np.asarray(eigenvalues, dtype=np.float64).ravel())[::-1]
    if not np.all(np.isfinite(ev)) or np.any(ev < -1e-12 * max(abs(ev[0]), 1.0)):
        raise ValueError("eigenvalues must be finite and non-negative.")
    ev = np.clip(ev, 0.0, None)
    bulk = ev[n_spikes:]
    n_bulk = bulk.shape[0]
    if n_bulk < 3 or np.count_nonzero(bulk) < 2:
        raise ValueError(
            f"Only {np.count_nonzero(bulk)} non-zero eigenvalues remain after "
            f"removing {n_spikes} spikes; an MP fit needs at least 2 (and 3 in all)."
        )
    m1 = bulk.mean()
    m2 = np.mean(bulk ** 2)
    # Wishart: E m2 = m1^2 (1 + gamma + 1/p) = m1^2 (1 + gamma (1 + 1/n))
    ratio = max((m2 / m1 ** 2 - 1.0) * n_bulk / (n_bulk + 1.0), 1e-6)
    scale = m1
    if method == "cdf":
        scale, ratio = _fit_mp_cdf(bulk, scale, ratio)
    noise_variance, effective_dim = _mp_map(scale, ratio, n_bulk, n_spikes, dim)
    upper = scale * (1 + np.sqrt(ratio)) ** 2
    return MarchenkoPasturFit(
        scale=float(scale), ratio=float(ratio), noise_variance=float(noise_variance),
        effective_dim=float(effective_dim), n_spikes=int(n_spikes), n_bulk=int(n_bulk),
        n_above_edge=int(np.count_nonzero(ev > upper)), method=method,
    )


def _fit_mp_cdf(bulk, scale0, ratio0):
    """Least squares between empirical and MP distribution functions.

    Exact zeros (``n_pairs > rank``) are the atom of the law; a least-squares
    fit through a block of ties would place the atom mid-block, so the fit uses
    the non-zero eigenvalues against the continuous part alone. For
    ``ratio > 1`` that part is the law MP(scale * ratio, 1 / ratio), so the fit
    runs with a ratio <= 1 and maps back when the bulk has zeros.
    """
    nz = np.sort(bulk[bulk > bulk.max() * 1e-12])
    n = nz.shape[0]
    has_atom = n < bulk.shape[0]
    if has_atom and ratio0 > 1:
        s0, r0 = scale0 * ratio0, 1.0 / ratio0
    else:
        s0, r0 = scale0, min(ratio0, 0.999)
    target = (np.arange(n) + 0.5) / n

    def resid(theta):
        s = np.exp(theta[0])
        r = 1.0 / (1.0 + np.exp(-theta[1]))
        return _mp_continuous_cdf(nz, s, r) - target

    r0 = min(max(r0, 1e-4), 0.999)
    res = optimize.least_squares(resid, [np.log(s0), np.log(r0 / (1 - r0))],
                                 method="trf", max_nfev=400)
    s = float(np.exp(res.x[0]))
    r = float(1.0 / (1.0 + np.exp(-res.x[1])))
    if has_atom:
        return s * r, 1.0 / r
    return s, r
