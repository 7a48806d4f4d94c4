"""scikit-learn's estimator checks on every skw2v estimator, through parametrize_with_checks.

Every check runs; those expected to fail are listed below with the reason, and
``xfail_strict=True`` turns a listed check that starts passing into a failure, so
the list cannot go stale. Almost all the failures have one of two causes:

- the embeddings fitted on a co-occurrence matrix (``pairwise`` tag: sklearn
  then feeds square non-negative matrices) need the word of each row, from a
  :class:`~skw2v.statistics.CooccurrenceMatrix` or ``vocabulary=``; the checks
  pass bare arrays, which ``fit`` refuses with a message saying so;
- ``SGNSEmbedding`` reads a numeric 2-D array as a co-occurrence matrix, which
  must be square, and anything else as documents; the checks pass rectangular
  numeric data.

Fitting behaviour itself is tested per estimator on real input (tests/test_qwem.py,
test_qwem_gradient.py, test_pmi_svd.py, test_sgns.py, test_cooccurrence.py).
"""

from sklearn.utils.estimator_checks import parametrize_with_checks

from skw2v import (
    CooccurrenceVectorizer,
    PMISVDEmbedding,
    QWEMEmbedding,
    QWEMGradientEmbedding,
    SGNSEmbedding,
)

_WORDS = "fit needs the words of the rows (CooccurrenceMatrix or vocabulary=); the check passes a bare array"
_SQUARE = "a numeric 2-D X is a co-occurrence matrix and must be square; the check passes rectangular data"

# The checks that fit on generated data: they fail for the reason above.
_FITTING_CHECKS = [
    "check_dict_unchanged",
    "check_dont_overwrite_parameters",
    "check_estimator_sparse_array",
    "check_estimator_sparse_matrix",
    "check_estimator_sparse_tag",
    "check_estimators_dtypes",
    "check_estimators_fit_returns_self",
    "check_estimators_overwrite_params",
    "check_estimators_pickle",
    "check_f_contiguous_array_estimator",
    "check_fit2d_1feature",
    "check_fit2d_predict1d",
    "check_fit_check_is_fitted",
    "check_fit_idempotent",
    "check_fit_score_takes_y",
    "check_methods_sample_order_invariance",
    "check_methods_subset_invariance",
    "check_n_features_in",
    "check_n_features_in_after_fitting",
    "check_pipeline_consistency",
    "check_readonly_memmap_input",
    "check_transformer_general",
]

_COOCCURRENCE_FAILURES = {
    **{name: _WORDS for name in _FITTING_CHECKS},
    "check_complex_data": "complex X is refused with a TypeError (counts must be real), "
                          "not the ValueError the check expects",
    "check_dtype_object": "an object array is refused with a TypeError pointing to "
                          "CooccurrenceVectorizer (documents are not a matrix)",
    "check_estimators_empty_data_messages": "an empty X is refused as not square, not in "
                                            "sklearn's 0-feature wording",
    "check_estimators_nan_inf": "NaN/inf are refused in skw2v's wording, which the check "
                                "does not recognise",
    "check_fit2d_1sample": "a 1 x 1 matrix is refused as fewer than 2 words, not in "
                           "sklearn's 1-sample wording",
    "check_positive_only_tag_during_fit": "negative counts are refused in skw2v's wording, "
                                          "not sklearn's 'Negative values in data'",
    "check_transformer_data_not_an_array": "only ndarrays and sparse matrices are read as "
                                           "co-occurrence matrices (TypeError otherwise)",
}

_SGNS_FAILURES = {
    **{name: _SQUARE for name in _FITTING_CHECKS},
    **{name: _SQUARE for name in ("check_estimators_empty_data_messages",
                                  "check_estimators_nan_inf", "check_fit2d_1sample",
                                  "check_positive_only_tag_during_fit")},
    **{name: "non-numeric or 1-D X is read as documents and refused with a TypeError "
             "naming the bad document" for name in ("check_complex_data",
                                                    "check_dtype_object", "check_fit1d",
                                                    "check_transformer_data_not_an_array")},
}


def _expected_failed_checks(estimator):
    if isinstance(estimator, SGNSEmbedding):
        return _SGNS_FAILURES
    if isinstance(estimator, QWEMEmbedding):  # the only one with max_iter
        return {**_COOCCURRENCE_FAILURES, "check_transformer_n_iter": _WORDS}
    if isinstance(estimator, (QWEMEmbedding, QWEMGradientEmbedding, PMISVDEmbedding)):
        return _COOCCURRENCE_FAILURES
    return {}


ESTIMATORS = [
    QWEMEmbedding(n_components=2),
    QWEMGradientEmbedding(n_components=2, n_steps=5, batch_size=100, snapshot_steps=2),
    PMISVDEmbedding(n_components=2),
    SGNSEmbedding(n_components=2, min_count=1, epochs=1),
    CooccurrenceVectorizer(),
]


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=_expected_failed_checks,
                         xfail_strict=True)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
