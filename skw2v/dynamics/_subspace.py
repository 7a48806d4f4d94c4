"""What an embedding has learned: subspaces, overlaps, step times and concepts.

These take plain arrays (an embedding ``W`` of shape (V, d), eigenvectors of
shape (V, m)) or a training ``history_`` dict, so they apply to SGNS and to
gradient-trained QWEM alike.
"""

import numbers

import numpy as np
from scipy.linalg import subspace_angles

from ..linalg import column_signs

__all__ = [
    "chance_overlap",
    "concepts",
    "embedding_subspace",
    "learned_directions",
    "learning_steps",
    "overlap_curve",
    "principal_cosines",
    "projected_squared_norms",
    "subspace_overlap",
]


def _matrix(a, name):
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2 or a.shape[1] == 0:
        raise ValueError(f"{name} must be a 2-d array (n, p) with p >= 1, got shape {a.shape}.")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or infinite values.")
    return a


def _check_pair(A, B):
    A, B = _matrix(A, "A"), _matrix(B, "B")
    if A.shape[0] != B.shape[0]:
        raise ValueError(
            f"A and B must have the same number of rows (words), got {A.shape[0]} and {B.shape[0]}."
        )
    return A, B


def principal_cosines(A, B):
    """Cosines of the principal angles between the column spaces of A and B.

    Parameters
    ----------
    A : array-like of shape (n, p)
    B : array-like of shape (n, q)

    Returns
    -------
    ndarray of shape (min(p, q),)
        In decreasing order; 1 means a shared direction, 0 an orthogonal one.

    Examples
    --------
    >>> import numpy as np
    >>> principal_cosines(np.eye(3)[:, :2], np.eye(3)[:, 1:]).round(6)
    array([1., 0.])
    """
    A, B = _check_pair(A, B)
    cos = np.cos(subspace_angles(A, B))
    return np.sort(np.clip(cos, 0.0, 1.0))[::-1]


def subspace_overlap(A, B):
    """Mean squared principal cosine between the column spaces of A and B.

    ``||Q_A^T Q_B||_F^2 / min(p, q)`` for orthonormal bases ``Q_A``, ``Q_B``:
    1 when the smaller subspace lies inside the other, about
    :func:`chance_overlap` for unrelated random subspaces.

    Parameters
    ----------
    A : array-like of shape (n, p)
    B : array-like of shape (n, q)

    Returns
    -------
    float in [0, 1]

    Examples
    --------
    >>> import numpy as np
    >>> subspace_overlap(np.eye(4)[:, :2], np.eye(4)[:, [0, 2]])
    0.5
    """
    cos = principal_cosines(A, B)
    return float(np.mean(cos**2))


def chance_overlap(n_components, n_features):
    """Expected :func:`subspace_overlap` of two random subspaces of that dimension.

    Both ``n_components``-dimensional, in R^n_features.

    Examples
    --------
    >>> chance_overlap(10, 1000)
    0.01
    """
    for value, name in ((n_components, "n_components"), (n_features, "n_features")):
        if not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}.")
    if n_components > n_features:
        raise ValueError(f"n_components({n_components}) must be <= n_features({n_features}).")
    return n_components / n_features


def embedding_subspace(embedding, n_components):
    """Top ``n_components`` left singular vectors of an embedding (V, d).

    The directions of word space the embedding has learned most strongly, in
    decreasing order of singular value.
    """
    W = _matrix(embedding, "embedding")
    if not isinstance(n_components, numbers.Integral) or n_components < 1:
        raise ValueError(f"n_components must be a positive integer, got {n_components!r}.")
    if n_components > min(W.shape):
        raise ValueError(
            f"n_components({n_components}) must be <= min(V, d) = {min(W.shape)} for an "
            f"embedding of shape {W.shape}."
        )
    U, _, _ = np.linalg.svd(W, full_matrices=False)
    return U[:, :n_components]


def projected_squared_norms(embedding, eigenvectors):
    """``||v_k^T W||^2`` for each column ``v_k`` of ``eigenvectors``.

    For an embedding aligned with the eigenvectors these are its squared
    singular values; for any embedding, the quantity whose trajectory
    :class:`GradientFlowTheory` predicts (and, at step 0, its ``initial_value``).
    """
    W, V = _check_pair(embedding, eigenvectors)
    return ((V.T @ W) ** 2).sum(axis=1)


def _embeddings(history_or_embeddings):
    if isinstance(history_or_embeddings, dict):
        if "embeddings" not in history_or_embeddings:
            raise ValueError(
                "history has no 'embeddings': train with record_embeddings=True to keep them."
            )
        return list(history_or_embeddings["embeddings"])
    return list(history_or_embeddings)


def overlap_curve(history_or_embeddings, eigenvectors, n_components=None):
    """Subspace overlap of each snapshot's top directions with the top eigenvectors.

    Parameters
    ----------
    history_or_embeddings : dict or sequence of arrays (V, d)
        A ``history_`` recorded with ``record_embeddings=True``, or embeddings.
    eigenvectors : array-like of shape (V, m)
        Top eigenvectors of M*, most positive first.
    n_components : int, optional
        Number of directions compared (default ``min(m, d)``).

    Returns
    -------
    ndarray of shape (n_snapshots,)
    """
    embs = _embeddings(history_or_embeddings)
    if not embs:
        raise ValueError("no embeddings to compare.")
    V = _matrix(eigenvectors, "eigenvectors")
    m = min(V.shape[1], np.asarray(embs[0]).shape[1]) if n_components is None else n_components
    if m > V.shape[1]:
        raise ValueError(f"n_components({m}) must be <= the number of eigenvectors ({V.shape[1]}).")
    return np.array([subspace_overlap(embedding_subspace(E, m), V[:, :m]) for E in embs])


def learning_steps(steps, values, *, fraction=0.5, final=None):
    """Step at which each column of ``values`` first reaches ``fraction`` of its final value.

    Linear interpolation between records; ``inf`` where it never does.

    Parameters
    ----------
    steps : array-like of shape (n_records,)
        Increasing training steps (e.g. ``history_["snapshot_step"]``).
    values : array-like of shape (n_records, n)
        Quantities that rise during training, e.g. squared singular values.
    fraction : float, default=0.5
    final : array-like of shape (n,), optional
        Value to compare with; default the last record.

    Returns
    -------
    ndarray of shape (n,)

    Examples
    --------
    >>> learning_steps([0, 10, 20], [[0.0, 0.0], [1.0, 0.0], [2.0, 2.0]])
    array([10., 15.])
    """
    t = np.asarray(steps, dtype=np.float64)
    y = np.asarray(values, dtype=np.float64)
    if y.ndim == 1:
        y = y[:, None]
    if t.ndim != 1 or y.ndim != 2 or y.shape[0] != t.shape[0] or t.size == 0:
        raise ValueError(
            f"values must have one row per step: got {t.shape[0] if t.ndim == 1 else t.shape} "
            f"steps and values of shape {y.shape}."
        )
    if np.any(np.diff(t) < 0):
        raise ValueError("steps must be non-decreasing.")
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction!r}.")
    target = fraction * (y[-1] if final is None else np.asarray(final, dtype=np.float64))
    out = np.full(y.shape[1], np.inf)
    for k in range(y.shape[1]):
        above = np.flatnonzero(y[:, k] >= target[k])
        if above.size == 0:
            continue
        i = above[0]
        if i == 0:
            out[k] = t[0]
            continue
        y0, y1 = y[i - 1, k], y[i, k]
        w = (target[k] - y0) / (y1 - y0) if y1 != y0 else 1.0
        out[k] = t[i - 1] + w * (t[i] - t[i - 1])
    return out


def concepts(vectors, words, *, n_words=8):
    """Words loading most on each direction, at both ends.

    Each direction's sign is fixed so that its largest-magnitude loading is
    positive (singular and eigenvectors have arbitrary signs).

    Parameters
    ----------
    vectors : array-like of shape (V, m)
        Directions in word space (eigenvectors, or :func:`embedding_subspace`).
    words : sequence of str of length V
    n_words : int, default=8

    Returns
    -------
    list of m tuples ``(positive_words, negative_words)``

    Examples
    --------
    >>> import numpy as np
    >>> concepts(np.array([[0.9], [-0.1], [0.3]]), ["a", "b", "c"], n_words=1)
    [(['a'], ['b'])]
    """
    X = _matrix(vectors, "vectors")
    words = np.asarray(words, dtype=object)
    if words.shape != (X.shape[0],):
        raise ValueError(f"words must have one entry per row: {words.shape} vs {X.shape[0]} rows.")
    out = []
    signs = column_signs(X)
    for k in range(X.shape[1]):
        v = X[:, k] * signs[k]
        order = np.argsort(-v, kind="stable")
        out.append(
            (
                [str(w) for w in words[order[:n_words]]],
                [str(w) for w in words[order[::-1][:n_words]]],
            )
        )
    return out


def learned_directions(history, words, *, n_directions=10, eigenvectors=None, fraction=0.5,
                       n_words=8):
    """What was learned when: one row per direction of the final embedding.

    A direction counts as learned at the step where its squared singular value
    first reaches ``fraction`` of its final value (from ``history["singular_values"]``).
    Its concepts are the words loading most on the final embedding's
    corresponding left singular vector (``history["embeddings"][-1]``).

    Parameters
    ----------
    history : dict
        A ``history_`` recorded with ``record_embeddings=True``.
    words : sequence of str of length V
    n_directions : int, default=10
    eigenvectors : array-like of shape (V, m), optional
        When given, each row also reports ``|cos|`` between the direction and
        the eigenvector of the same rank.
    fraction : float, default=0.5
    n_words : int, default=8

    Returns
    -------
    list of dict
        Keys ``"direction"``, ``"step"``, ``"positive"``, ``"negative"`` and,
        with eigenvectors, ``"eigenvector_cosine"``; in order of learning step.
    """
    sv = np.asarray(history["singular_values"], dtype=np.float64)
    n = min(n_directions, sv.shape[1])
    steps = learning_steps(history["snapshot_step"], sv[:, :n] ** 2, fraction=fraction)
    final = _embeddings(history)[-1]
    U = embedding_subspace(final, n)
    rows = []
    for k, (pos, neg) in enumerate(concepts(U, words, n_words=n_words)):
        row = {"direction": k, "step": float(steps[k]), "positive": pos, "negative": neg}
        if eigenvectors is not None:
            V = _matrix(eigenvectors, "eigenvectors")
            if k < V.shape[1]:
                row["eigenvector_cosine"] = float(abs(U[:, k] @ V[:, k]) / np.linalg.norm(V[:, k]))
        rows.append(row)
    rows.sort(key=lambda r: (r["step"], r["direction"]))
    return rows
