"""scikit-learn tags of the embedding estimators (what their ``fit`` accepts)."""

__all__ = ["cooccurrence_input_tags"]


def cooccurrence_input_tags(tags, *, documents=False):
    """Set the input tags of an estimator fitted on a co-occurrence matrix, in place.

    The matrix is square (V x V, rows and columns the same words), may be
    sparse and holds non-negative counts. ``pairwise`` tells scikit-learn to
    split both axes in cross-validation; an estimator that also fits on
    documents (``documents=True``: SGNS) takes strings instead and is not
    ``pairwise``, since its documents have no second axis to split.

    Returns
    -------
    sklearn.utils.Tags
        ``tags`` itself.
    """
    tags.input_tags.sparse = True
    tags.input_tags.positive_only = True
    tags.input_tags.pairwise = not documents
    tags.input_tags.string = documents
    tags.transformer_tags.preserves_dtype = []  # embedding_ is float32 whatever X is
    return tags
