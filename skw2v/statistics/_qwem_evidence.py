"""Evidence weights for QWEM's target: the weighted factorisation in closed form.

QWEM's quartic loss is, pair by pair, ``(P_ij + Q_ij) / 4 (w_i.w_j - M*_ij)^2``
plus a constant: a *weighted* least-squares fit of M*, each pair weighted by
how often it is seen as a positive or a negative. The paper's closed form
drops the weights (its "omniscient" reweighting), so a pair of rare words
counts as much as a pair of frequent ones. A weighted low-rank fit has no
closed form in general, but with rank-one weights ``a_i a_j`` it has one:

    sum_ij a_i a_j (w_i.w_j - M*_ij)^2 = || D^1/2 (W W^T - M*) D^1/2 ||_F^2,

D = diag(a), minimised by the top eigenvectors of ``D^1/2 M* D^1/2``.
:func:`evidence_weights` gives ``a_i ~ (p_i + k q_i) ** power``, with p the
pair marginal (row sums of P) and ``k q`` the negative one: at ``power = 1``
``a_i a_j`` is a rank-one stand-in for ``P_ij + Q_ij`` (up to the cross terms),
at 0 the paper's unweighted closed form. The weights depend on the
distributions only, not on the corpus size. :class:`EvidenceWeightedTarget`
applies ``D^1/2 M D^1/2`` without touching M's sparse part: two row scalings
of the block, O(V b) per product.
"""

import numpy as np
from scipy.sparse.linalg import LinearOperator

__all__ = ["EvidenceWeightedTarget", "evidence_weights"]


def evidence_weights(P, q, negative, power):
    """Per-word weights ``a_i ~ (p_i + negative q_i) ** power``, mean 1.

    Parameters
    ----------
    P : sparse matrix of shape (V, V)
        Pair distribution (sums to 1), e.g. from
        :func:`~skw2v.statistics.qwem_distributions`.
    q : ndarray of shape (V,)
        Negative marginal (sums to 1).
    negative : float
        k in ``Q = k q q^T``.
    power : float
        0 gives equal weights (the unweighted closed form).

    Returns
    -------
    ndarray of float64 of shape (V,)
        Positive where ``p_i + k q_i > 0``; mean 1 over those words.

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sp
    >>> P = sp.csr_array(np.array([[0., .3], [.3, .4]]))
    >>> evidence_weights(P, np.array([.5, .5]), 1.0, 1.0).round(3).tolist()
    [0.8, 1.2]
    """
    p = np.asarray(P.sum(axis=1), dtype=np.float64).ravel()
    base = p + negative * np.asarray(q, dtype=np.float64)
    if power == 0:
        return np.ones_like(base)
    seen = base > 0
    a = np.zeros_like(base)
    a[seen] = base[seen] ** power
    return a / a[seen].mean()


class EvidenceWeightedTarget(LinearOperator):
    """``D^1/2 M D^1/2`` with ``D = diag(weights)``, for a symmetric operator M.

    Parameters
    ----------
    target : LinearOperator of shape (V, V)
        Symmetric, e.g. :class:`~skw2v.statistics.QWEMTargetOperator`.
    weights : ndarray of shape (V,)
        Non-negative, e.g. from :func:`evidence_weights`.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.sparse.linalg import aslinearoperator
    >>> M = np.array([[1., 2], [2, 3]])
    >>> op = EvidenceWeightedTarget(aslinearoperator(M), np.array([4., 1]))
    >>> (op @ np.eye(2)).tolist()
    [[4.0, 4.0], [4.0, 3.0]]
    """

    def __init__(self, target, weights):
        super().__init__(dtype=target.dtype, shape=target.shape)
        self.target = target
        self.scale = np.sqrt(np.asarray(weights, dtype=np.float64)).astype(target.dtype)

    def _matmat(self, B):
        r = self.scale[:, None]
        return r * self.target.matmat(r * np.asarray(B, dtype=self.dtype))

    def _matvec(self, x):
        return self._matmat(np.reshape(x, (-1, 1)))[:, 0]

    def _rmatvec(self, x):
        return self._matvec(x)  # symmetric

    def _adjoint(self):
        return self
