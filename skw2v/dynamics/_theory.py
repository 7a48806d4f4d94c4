"""Closed-form learning curves of QWEM trained by gradient flow.

With the exact reweighting, QWEM's expected loss per positive pair is

    L(W) = (Z / 4) * (||W W^T - M*||_F^2 - ||M*||_F^2),    Z = (1 + k) / V^2

(``k`` negatives per positive pair, ``V`` words; ``Z`` makes the mean pair
weight 1). A learning rate ``eta`` per positive pair gives, with ``t`` counted
in positive pairs, the flow ``dW/dt = -eta * Z * (W W^T - M*) W``. Started
aligned with M*'s eigenvectors it decouples: each squared singular value
``u_k`` obeys the logistic equation ``du/dt = 2 eta Z u (lambda_k - u)``. The
derivation is in ``docs/dynamics.md``.
"""

import numbers

import numpy as np

__all__ = ["GradientFlowTheory", "exact_loss_scale"]


def exact_loss_scale(n_words, negative):
    """Scale ``Z = (1 + negative) / n_words**2`` of QWEM's exactly reweighted loss.

    With pair weights ``Z / (P_ij + k q_i q_j)`` (mean weight 1 over the pairs
    the solver samples) the expected loss per positive pair is
    ``Z / 4 * ||W W^T - M*||_F^2`` up to a constant.

    Parameters
    ----------
    n_words : int
        Vocabulary size V.
    negative : int or float
        Negative pairs per positive pair, k.

    Returns
    -------
    float

    Examples
    --------
    >>> exact_loss_scale(100, 4)
    0.0005
    """
    if not isinstance(n_words, numbers.Integral) or n_words < 1:
        raise ValueError(f"n_words must be a positive integer, got {n_words!r}.")
    if not np.isfinite(negative) or negative < 0:
        raise ValueError(f"negative must be a finite number >= 0, got {negative!r}.")
    return (1.0 + float(negative)) / float(n_words) ** 2


def _positive_float(value, name):
    if not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}.")
    return float(value)


class GradientFlowTheory:
    """Predicted singular values, step times and loss of gradient-flow QWEM.

    Under gradient flow of ``Z/4 ||W W^T - M*||_F^2`` from a small
    initialisation aligned with M*'s eigenvectors, the squared singular value
    along eigenvalue ``lambda`` is the logistic curve

        u(t) = lambda u0 / (u0 + (lambda - u0) exp(-r lambda t)),   r = 2 eta Z,

    a sigmoidal step to ``lambda`` (to 0 if ``lambda <= 0``) at time about
    ``log(lambda / u0) / (r lambda)``: large eigenvalues are learned first and
    fastest, which is why training looks stepwise from a small initialisation.
    A small *random* initialisation behaves the same with ``u0`` the squared
    norm of its projection on each eigenvector (``init_scale**2`` for entries
    drawn with variance ``init_scale**2 / d``), provided
    ``init_scale**2 * V / d`` is well below the eigenvalues of interest.

    Parameters
    ----------
    eigenvalues : array-like of shape (n,)
        The top eigenvalues of M* (any order; results keep the given order).
    learning_rate : float
        Step size per positive pair, as passed to the gradient solver.
    loss_scale : float
        ``Z`` in the loss above; :func:`exact_loss_scale` gives it for the
        solver's exact reweighting.
    initial_value : float or array-like of shape (n,)
        Squared singular value ``u0`` of each direction at step 0.

    Attributes
    ----------
    eigenvalues : ndarray of shape (n,)
    rate : float
        ``r = 2 * learning_rate * loss_scale``: ``du/dt = r u (lambda - u)``.
    initial_value : ndarray of shape (n,)

    See Also
    --------
    skw2v.dynamics.learning_steps : measured step times from a training history.

    Examples
    --------
    >>> theory = GradientFlowTheory([4.0, 1.0], learning_rate=0.5,
    ...                             loss_scale=1.0, initial_value=1e-4)
    >>> theory.step_times().round(3)
    array([2.649, 9.21 ])
    >>> theory.squared_singular_values([1e3]).round(6)
    array([[4., 1.]])
    """

    def __init__(self, eigenvalues, *, learning_rate, loss_scale, initial_value):
        lam = np.asarray(eigenvalues, dtype=np.float64)
        if lam.ndim != 1 or lam.size == 0:
            raise ValueError(
                f"eigenvalues must be a non-empty 1-d array, got shape {lam.shape}."
            )
        if not np.all(np.isfinite(lam)):
            raise ValueError("eigenvalues must be finite.")
        u0 = np.broadcast_to(np.asarray(initial_value, dtype=np.float64), lam.shape)
        if not np.all(np.isfinite(u0)) or np.any(u0 <= 0):
            raise ValueError("initial_value must be finite and > 0.")
        self.eigenvalues = lam
        self.initial_value = np.array(u0)
        self.learning_rate = _positive_float(learning_rate, "learning_rate")
        self.loss_scale = _positive_float(loss_scale, "loss_scale")
        self.rate = 2.0 * self.learning_rate * self.loss_scale

    def _steps(self, steps):
        t = np.asarray(steps, dtype=np.float64)
        if t.ndim > 1 or np.any(t < 0) or not np.all(np.isfinite(t)):
            raise ValueError("steps must be a 1-d array of finite values >= 0.")
        return np.atleast_1d(t)[:, None]

    def squared_singular_values(self, steps):
        """``u_k(t)`` for each step (rows) and direction (columns)."""
        t = self._steps(steps)
        lam, u0, r = self.eigenvalues, self.initial_value, self.rate
        out = np.empty((t.shape[0], lam.size))
        nz = lam != 0
        # u0 / (u0/lam + (1 - u0/lam) e^{-r lam t}), written to stay finite for
        # either sign of lam: the exponent is clipped where it would overflow,
        # which only happens once the curve has reached its limit.
        x = np.clip(-r * lam[nz] * t, -700.0, 700.0)
        a = u0[nz] / lam[nz]
        out[:, nz] = u0[nz] / (a + (1.0 - a) * np.exp(x))
        # lam == 0: du/dt = -r u^2.
        out[:, ~nz] = u0[~nz] / (1.0 + r * u0[~nz] * t)
        return out

    def singular_values(self, steps):
        """``sqrt(u_k(t))``: the predicted singular values of the embedding."""
        return np.sqrt(self.squared_singular_values(steps))

    def step_times(self, fraction=0.5):
        """Steps at which each ``u_k`` reaches ``fraction * lambda_k``.

        ``inf`` for a direction that never gets there (``lambda_k <= 0``), 0 for
        one that starts above it.
        """
        if not 0 < fraction < 1:
            raise ValueError(f"fraction must be in (0, 1), got {fraction!r}.")
        lam, u0 = self.eigenvalues, self.initial_value
        out = np.full(lam.shape, np.inf)
        pos = lam > 0
        target = fraction * lam[pos]
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.log(
                (lam[pos] - u0[pos]) * fraction / (u0[pos] * (1.0 - fraction))
            ) / (self.rate * lam[pos])
        out[pos] = np.where(u0[pos] >= target, 0.0, t)
        return out

    def loss(self, steps):
        """Expected loss per positive pair, ``Z/4 * sum_k (u_k^2 - 2 lambda_k u_k)``.

        This is the solver's loss (exact reweighting) restricted to the given
        directions; it starts near 0 and drops by ``Z lambda_k^2 / 4`` as
        direction k is learned.
        """
        u = self.squared_singular_values(steps)
        return 0.25 * self.loss_scale * (u * (u - 2.0 * self.eigenvalues)).sum(axis=1)

    @property
    def final_loss(self):
        """Loss once every direction has converged: ``-Z/4 * sum(max(lambda, 0)^2)``."""
        return -0.25 * self.loss_scale * float(np.sum(np.maximum(self.eigenvalues, 0) ** 2))
