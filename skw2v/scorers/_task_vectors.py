"""Task vectors of an analogy family: their SNR, spectrum and Marchenko–Pastur fit.

For a family of word pairs (a_i, b_i) -- country -> capital, verb -> past
tense -- the task vectors are the rows of ``R = W[b] - W[a]`` (n pairs x d).
If the relation is linearly encoded, ``R`` looks like a *spiked* random matrix:
a rank-one signal (every row shares the mean task vector) plus noise. The
signal-to-noise ratio

    SNR = lambda_max(R R^T) / (Tr(R R^T) / rank(R R^T))

compares the top eigenvalue to the average non-zero one: it is 1 for a flat
spectrum (no shared direction) and ``rank`` for exactly parallel task vectors.
The bulk of the spectrum of ``(1/d) R R^T`` is compared with the
Marchenko–Pastur law of pure noise, which gives a noise variance and an
effective dimension of the noise.

Everything here works on plain arrays and on word vectors, so it applies to any
embedding (SGNS, QWEM, PMI-SVD, loaded word2vec files).
"""

from dataclasses import dataclass, field
from numbers import Integral

import numpy as np
from scipy import optimize

from .._linalg import column_signs
from ._common import as_word_vectors

__all__ = [
    "TaskVectors",
    "TaskVectorSpectrum",
    "MarchenkoPasturFit",
    "TaskVectorProjection",
    "task_vectors",
    "task_vector_snr",
    "task_vector_spectrum",
    "fit_marchenko_pastur",
    "marchenko_pastur_pdf",
    "marchenko_pastur_cdf",
    "spiked_snr",
    "task_vector_projection",
    "make_snr_scorer",
]


# --------------------------------------------------------------------------- #
# Results
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class TaskVectors:
    """Difference vectors ``W[b] - W[a]`` of one family of word pairs.

    Attributes
    ----------
    family : str or None
        Name of the family (analogy section), if any.
    pairs : ndarray of object of shape (n_pairs, 2)
        The pairs ``(a, b)`` whose two words are both in the vocabulary, in the
        order given.
    vectors : ndarray of float64 of shape (n_pairs, d)
        ``R``: one task vector per pair.
    missing : ndarray of object of shape (n_missing, 2)
        Pairs left out because a word is not in the vocabulary.
    """

    family: object
    pairs: np.ndarray
    vectors: np.ndarray
    missing: np.ndarray

    @property
    def n_pairs(self):
        return self.vectors.shape[0]

    @property
    def n_missing(self):
        return self.missing.shape[0]

    @property
    def oov_ratio(self):
        """Fraction of the requested pairs that are out of vocabulary."""
        total = self.n_pairs + self.n_missing
        return self.n_missing / total if total else 0.0

    @property
    def mean(self):
        """The mean task vector (the signal of the spiked model), shape (d,)."""
        return self.vectors.mean(axis=0)

    def snr(self, **kwargs):
        """:func:`task_vector_snr` of these vectors."""
        return task_vector_snr(self.vectors, **kwargs)

    def spectrum(self, **kwargs):
        """:func:`task_vector_spectrum` of these vectors."""
        return task_vector_spectrum(self.vectors, **kwargs)


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


@dataclass(frozen=True)
class TaskVectorProjection:
    """The mean task vector written in the eigen-features of the target matrix.

    Attributes
    ----------
    coefficients : ndarray of float64 of shape (n_features,)
        Component ``k`` of the mean task vector along eigen-feature ``k``, in
        embedding units (``lambda_k^p`` times the mean of
        ``v_k[b] - v_k[a]``).
    share : ndarray of float64 of shape (n_features,)
        ``coefficients ** 2 / sum(coefficients ** 2)``: the part of the mean
        task vector's squared norm each feature carries.
    order : ndarray of int64
        Feature indices by decreasing share.
    concepts : list of (list of str, list of str)
        ``concepts[j]`` is (words at the positive end, words at the negative
        end) of feature ``order[j]``, from ``estimator.concepts`` when it has
        one (QWEM), else an empty list. A positive coefficient means the
        relation moves words toward the positive end.
    """

    coefficients: np.ndarray
    share: np.ndarray
    order: np.ndarray
    concepts: list = field(default_factory=list)

    def top(self, n=5):
        """``(feature, share)`` of the ``n`` features that carry most."""
        idx = self.order[:n]
        return list(zip(idx.tolist(), self.share[idx].tolist()))


# --------------------------------------------------------------------------- #
# Task vectors
# --------------------------------------------------------------------------- #
def _vectors_and_index(vectors, words=None):
    """Embedding matrix and word -> row lookup from word vectors or an estimator."""
    if words is not None or isinstance(vectors, np.ndarray):
        if words is None:
            raise ValueError(
                "An embedding given as an array needs words=, the word of each row."
            )
        W = np.asarray(vectors)
        words = list(words)
        if W.ndim != 2 or W.shape[0] != len(words):
            raise ValueError(
                f"The embedding has shape {W.shape} but {len(words)} words were "
                "given; give a (n_words, d) array and one word per row."
            )
        return W, {w: i for i, w in enumerate(words)}
    wv = as_word_vectors(vectors)
    return wv.vectors, wv.key_to_index


def _shipped_sections():
    from ..datasets import load_google_analogies

    return load_google_analogies().sections


def _family_pairs(family):
    """Distinct (a, b) pairs of a shipped analogy section, in first-seen order."""
    sections = _shipped_sections()
    if family not in sections:
        raise KeyError(
            f"Unknown analogy family {family!r}; the shipped sections are {list(sections)}."
        )
    return _distinct_pairs(sections[family])


def _distinct_pairs(questions):
    """(a, b) and (c, d) of each question ``a b c d``, distinct, first-seen order."""
    seen = {}
    for q in questions:
        q = tuple(q)
        if len(q) != 4:
            raise ValueError(f"An analogy question has 4 words, got {q!r}.")
        seen.setdefault((q[0], q[1]), None)
        seen.setdefault((q[2], q[3]), None)
    return list(seen)


def _check_pairs(pairs):
    if isinstance(pairs, str):
        raise TypeError("pairs must be a sequence of (a, b) word pairs, not a string.")
    out = []
    for p in pairs:
        if isinstance(p, str) or len(p) != 2:
            raise ValueError(f"Each pair must be two words (a, b), got {p!r}.")
        out.append((p[0], p[1]))
    if not out:
        raise ValueError("No word pairs given.")
    return out


def task_vectors(vectors, pairs, *, words=None, lowercase=False, missing="report",
                 normalize=False):
    """Task vectors ``W[b] - W[a]`` of a family of word pairs.

    Parameters
    ----------
    vectors : WordVectors, fitted estimator or ndarray of shape (n_words, d)
        The embedding. An array needs ``words``.
    pairs : str or sequence of (str, str)
        Word pairs ``(a, b)``, or the name of a section of the shipped Google
        analogy set (``"capital-common-countries"``, ``"gram7-past-tense"``...),
        whose distinct pairs are used.
    words : sequence of str, default=None
        The word of each row, when ``vectors`` is an array.
    lowercase : bool, default=False
        Lowercase the pair words before lookup (the shipped analogy set is
        mixed case; the bundled corpora are lowercase). Section names imply it.
    missing : {"report", "raise"}, default="report"
        Pairs with an out-of-vocabulary word are kept out of ``R`` and listed in
        ``missing`` ("report"), or raise a KeyError naming the words ("raise").
    normalize : bool, default=False
        Unit-normalise word vectors before taking differences, as the analogy
        protocol does. The SNR of the paper uses the raw vectors.

    Returns
    -------
    TaskVectors

    Raises
    ------
    ValueError
        When fewer than two pairs are in the vocabulary (no spectrum to speak of).

    Examples
    --------
    >>> import numpy as np
    >>> from skw2v.scorers import task_vectors
    >>> W = np.array([[0., 0.], [1., 0.], [0., 1.], [1., 1.]])
    >>> tv = task_vectors(W, [("a", "b"), ("c", "d"), ("a", "zz")], words="abcd")
    >>> tv.vectors
    array([[1., 0.],
           [1., 0.]])
    >>> tv.missing.tolist()
    [['a', 'zz']]
    """
    if missing not in ("report", "raise"):
        raise ValueError(f"missing must be 'report' or 'raise', got {missing!r}.")
    W, index = _vectors_and_index(vectors, words)
    return _build_task_vectors(W, index, pairs, lowercase, missing, normalize)


def _build_task_vectors(W, index, pairs, lowercase, missing, normalize):
    """:func:`task_vectors` once the embedding and its word -> row map are known."""
    family = None
    if isinstance(pairs, str):
        family = pairs
        pairs = _family_pairs(pairs)
        lowercase = True
    pairs = _check_pairs(pairs)
    if lowercase:
        pairs = [(a.lower(), b.lower()) for a, b in pairs]
    rows = np.array([(index.get(a, -1), index.get(b, -1)) for a, b in pairs],
                    dtype=np.int64).reshape(-1, 2)
    ok = (rows >= 0).all(axis=1)
    pairs_arr = np.empty((len(pairs), 2), dtype=object)
    pairs_arr[:] = pairs
    if not ok.all() and missing == "raise":
        unknown = sorted({w for p in pairs_arr[~ok] for w in p if w not in index})
        raise KeyError(f"Words not in the vocabulary: {unknown}.")
    rows = rows[ok]
    if rows.shape[0] < 2:
        raise ValueError(
            f"Only {rows.shape[0]} of {len(pairs)} pairs have both words in the "
            "vocabulary; task vectors need at least 2. Missing pairs: "
            f"{pairs_arr[~ok][:10].tolist()}."
        )
    A = np.asarray(W[rows[:, 0]], dtype=np.float64)
    B = np.asarray(W[rows[:, 1]], dtype=np.float64)
    if normalize:
        A = A / _safe_norm(A)
        B = B / _safe_norm(B)
    R = B - A
    if not np.all(np.isfinite(R)):
        raise ValueError("The embedding has NaN or infinite entries.")
    return TaskVectors(family=family, pairs=pairs_arr[ok], vectors=R,
                       missing=pairs_arr[~ok])


def _safe_norm(A):
    n = np.linalg.norm(A, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return n


# --------------------------------------------------------------------------- #
# SNR and spectrum
# --------------------------------------------------------------------------- #
def _as_R(R):
    if isinstance(R, TaskVectors):
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
    >>> from skw2v.scorers import task_vector_spectrum
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
    >>> from skw2v.scorers import task_vector_snr
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
    >>> from skw2v.scorers import spiked_snr
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


# --------------------------------------------------------------------------- #
# Marchenko–Pastur
# --------------------------------------------------------------------------- #
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
    >>> from skw2v.scorers import marchenko_pastur_pdf
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
    >>> from skw2v.scorers import marchenko_pastur_cdf
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
    >>> from skw2v.scorers import task_vector_spectrum, fit_marchenko_pastur
    >>> rng = np.random.default_rng(0)
    >>> R = 0.5 * rng.standard_normal((200, 800))
    >>> fit = fit_marchenko_pastur(task_vector_spectrum(R), n_spikes=0)
    >>> round(fit.noise_variance, 2), round(fit.effective_dim, -2)
    (0.25, 800.0)
    """
    if isinstance(eigenvalues, TaskVectorSpectrum):
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


# --------------------------------------------------------------------------- #
# Projection on the eigen-features of M*
# --------------------------------------------------------------------------- #
def task_vector_projection(estimator, pairs, *, lowercase=False, basis="auto",
                           n_concepts=5):
    """Which eigen-features of the target matrix carry a relation.

    The mean task vector of a family is written along the eigen-features of a
    fitted closed-form estimator (QWEM: eigenvectors of M*; PMI-SVD: singular
    vectors of the PMI matrix).

    Parameters
    ----------
    estimator : fitted estimator, Pipeline ending in one, or WordVectors
    pairs : str or sequence of (str, str)
        As for :func:`task_vectors`.
    lowercase : bool, default=False
    basis : {"auto", "eigenvectors", "embedding"}, default="auto"
        "eigenvectors": coefficient ``k`` is the mean of ``v_k[b] - v_k[a]``
        over the pairs, ``v_k`` the estimator's ``eigenvectors_[:, k]`` with
        the sign that makes its largest loading positive (as
        :func:`skw2v.dynamics.concepts` shows it): how much the relation moves
        along concept ``k`` whatever its weight in the embedding.
        "embedding": the mean task vector's coordinates in the embedding
        (``lambda_k^p`` times the above for QWEM): how much of the vector the
        analogy arithmetic sees lies along each feature. "auto" uses
        eigenvectors when the estimator has ``eigenvectors_``.
    n_concepts : int, default=5
        Describe the top ``n_concepts`` features with ``estimator.concepts()``
        when the estimator has it.

    Returns
    -------
    TaskVectorProjection

    Examples
    --------
    >>> import numpy as np
    >>> from skw2v import WordVectors
    >>> from skw2v.scorers import task_vector_projection
    >>> wv = WordVectors(["a", "b", "c", "d"], [[1, 0], [1, 2], [0, 1], [0, 3]])
    >>> proj = task_vector_projection(wv, [("a", "b"), ("c", "d")])
    >>> proj.coefficients.tolist(), proj.order.tolist()
    ([0.0, 2.0], [1, 0])
    """
    if basis not in ("auto", "eigenvectors", "embedding"):
        raise ValueError(
            f"basis must be 'auto', 'eigenvectors' or 'embedding', got {basis!r}."
        )
    final = estimator
    while getattr(final, "steps", None):
        final = final.steps[-1][1]
    vecs = getattr(final, "eigenvectors_", None)
    if basis == "eigenvectors" and vecs is None:
        raise ValueError(
            f"{type(final).__name__} has no eigenvectors_; use basis='embedding'."
        )
    if basis != "embedding" and vecs is not None:
        vecs = np.asarray(vecs, dtype=np.float64)
        tv = task_vectors(vecs * column_signs(vecs), pairs, words=final.words_, lowercase=lowercase)
    else:
        tv = task_vectors(estimator, pairs, lowercase=lowercase)
    coef = tv.mean
    energy = coef ** 2
    total = energy.sum()
    if total == 0:
        raise ValueError("The mean task vector is zero: the pairs carry no common direction.")
    share = energy / total
    order = np.argsort(-share, kind="stable")
    concepts = []
    describe = getattr(final, "concepts", None)
    if callable(describe) and n_concepts:
        concepts = _describe_features(describe, order[:int(n_concepts)])
    return TaskVectorProjection(coefficients=coef, share=share, order=order,
                                concepts=concepts)


def _describe_features(describe, features, n_words=6):
    """(positive-end words, negative-end words) of each feature, via ``concepts``."""
    out = []
    for k in features:
        pos = [w for w, _ in describe(int(k), topn=n_words, side="positive")]
        neg = [w for w, _ in describe(int(k), topn=n_words, side="negative")]
        out.append((pos, neg))
    return out


# --------------------------------------------------------------------------- #
# Scorer
# --------------------------------------------------------------------------- #
class _SNRScorer:
    """Callable ``scorer(estimator, X, y=None)`` -> aggregated SNR over families."""

    def __init__(self, families, normalize, aggregate, rank_tol, min_pairs):
        self.families = families
        self.normalize = normalize
        self.aggregate = aggregate
        self.rank_tol = rank_tol
        self.min_pairs = min_pairs

    def score_families(self, estimator, *, return_skipped=False):
        """SNR of each family with at least ``min_pairs`` pairs in the vocabulary.

        Returns a dict family -> SNR, and with ``return_skipped`` also a dict
        family -> number of in-vocabulary pairs of the families left out.
        """
        W, index = _vectors_and_index(estimator)
        out, skipped = {}, {}
        for name, pairs in self.families.items():
            n_in = sum(1 for a, b in pairs if a.lower() in index and b.lower() in index)
            if n_in < self.min_pairs:
                skipped[name] = n_in
                continue
            tv = _build_task_vectors(W, index, pairs, True, "report", self.normalize)
            out[name] = task_vector_snr(tv, rank_tol=self.rank_tol)
        return (out, skipped) if return_skipped else out

    def __call__(self, estimator, X=None, y=None):
        scores, skipped = self.score_families(estimator, return_skipped=True)
        if not scores:
            raise ValueError(
                f"No family has {self.min_pairs} or more pairs in the vocabulary "
                f"(in-vocabulary pairs: {skipped}); the SNR is undefined."
            )
        snr = np.array(list(scores.values()))
        if self.aggregate == "mean":
            return float(snr.mean())
        if self.aggregate == "median":
            return float(np.median(snr))
        return float(np.exp(np.log(snr).mean()))

    def __repr__(self):
        return (f"make_snr_scorer(families={list(self.families)}, "
                f"aggregate={self.aggregate!r}, normalize={self.normalize})")


def make_snr_scorer(families=None, *, aggregate="geometric", normalize=False, rank_tol=None,
                    min_pairs=3):
    """Scorer for ``GridSearchCV``: the task-vector SNR of analogy families.

    Parameters
    ----------
    families : str, sequence of str, dict or AnalogyQuestions, default=None
        Shipped Google analogy sections by name (all 14 by default), or a dict
        name -> sequence of (a, b) pairs (or of analogy questions (a, b, c, d),
        whose distinct pairs are used), or analogy questions by section.
    aggregate : {"geometric", "mean", "median"}, default="geometric"
        How the SNRs of several families become one number. The geometric mean
        suits a ratio that spans orders of magnitude across families.
    normalize : bool, default=False
        Unit-normalise word vectors first (see :func:`task_vectors`).
    rank_tol : float, default=None
        See :func:`task_vector_snr`.
    min_pairs : int, default=3
        Families with fewer pairs in the vocabulary are left out of the
        aggregate (a small vocabulary lacks most currencies, say);
        ``scorer.score_families(estimator, return_skipped=True)`` lists them.
        If no family is left the scorer raises.

    Returns
    -------
    callable
        ``scorer(estimator, X, y=None) -> float``; larger is better. X and y
        are ignored: the families are the test set.

    Examples
    --------
    >>> from skw2v.scorers import make_snr_scorer
    >>> scorer = make_snr_scorer({"toy": [("a", "b"), ("c", "d")]})
    >>> scorer
    make_snr_scorer(families=['toy'], aggregate='geometric', normalize=False)
    """
    if aggregate not in ("geometric", "mean", "median"):
        raise ValueError(
            f"aggregate must be 'geometric', 'mean' or 'median', got {aggregate!r}."
        )
    if hasattr(families, "sections"):  # AnalogyQuestions
        families = families.sections
    if isinstance(families, dict):
        fam = {}
        for name, items in families.items():
            items = list(items)
            if items and len(items[0]) == 4:  # analogy questions
                fam[str(name)] = _distinct_pairs(items)
            else:
                fam[str(name)] = _check_pairs(items)
    else:
        sections = _shipped_sections()
        names = list(sections) if families is None else (
            [families] if isinstance(families, str) else list(families))
        unknown = [n for n in names if n not in sections]
        if unknown:
            raise KeyError(
                f"Unknown analogy families {unknown}; the shipped sections are "
                f"{list(sections)}."
            )
        fam = {n: _distinct_pairs(sections[n]) for n in names}
    if not fam:
        raise ValueError("No families given.")
    if not isinstance(min_pairs, Integral) or min_pairs < 2:
        raise ValueError(f"min_pairs must be an integer >= 2, got {min_pairs!r}.")
    return _SNRScorer(fam, normalize, aggregate, rank_tol, int(min_pairs))
