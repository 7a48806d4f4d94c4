"""Sign convention for eigen- and singular vectors, shared by estimators, scorers and dynamics."""

import numpy as np

__all__ = ["column_signs", "fix_signs"]


def column_signs(vectors):
    """+1 or -1 per column, making each column's largest-magnitude entry positive.

    Eigen- and singular vectors are defined up to sign; one rule everywhere
    makes embeddings, concepts and projections agree from fit to fit.

    Parameters
    ----------
    vectors : ndarray of shape (n, k)

    Returns
    -------
    ndarray of float64 of shape (k,)
    """
    vectors = np.asarray(vectors)
    rows = np.argmax(np.abs(vectors), axis=0)
    signs = np.sign(vectors[rows, np.arange(vectors.shape[1])]).astype(np.float64)
    signs[signs == 0] = 1.0
    return signs


def fix_signs(vectors):
    """Flip each column so that its largest-magnitude entry is positive, in place.

    Parameters
    ----------
    vectors : ndarray of float of shape (n, k)
        Modified in place.

    Returns
    -------
    ndarray of shape (n, k)
        ``vectors`` itself.
    """
    vectors *= column_signs(vectors)[None, :]
    return vectors
