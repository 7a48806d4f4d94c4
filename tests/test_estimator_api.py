"""scikit-learn's generic checks that apply to the co-occurrence estimators.

The generic checks feed random rectangular data; these estimators take a square,
symmetric, non-negative co-occurrence matrix with its words, so only the checks that
do not fit on such data apply, plus check_nonsquare_error, which asserts a clear error
on a rectangular X. Fitting behaviour is tested per estimator on real input.
"""

import pytest
from sklearn.utils import estimator_checks as ec

from skw2v import PMISVDEmbedding, QWEMEmbedding, SGNSEmbedding

APPLICABLE_CHECKS = [
    ec.check_parameters_default_constructible,
    ec.check_no_attributes_set_in_init,
    ec.check_get_params_invariance,
    ec.check_set_params,
    ec.check_estimator_cloneable,
    ec.check_estimator_repr,
    ec.check_estimators_unfitted,
    ec.check_transformers_unfitted,
    ec.check_do_not_raise_errors_in_init_or_set_params,
    ec.check_mixin_order,
    ec.check_valid_tag_types,
    ec.check_param_validation,
    ec.check_nonsquare_error,
]

ESTIMATORS = [
    QWEMEmbedding(n_components=2),
    PMISVDEmbedding(n_components=2),
    SGNSEmbedding(n_components=2),
]


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("check", APPLICABLE_CHECKS, ids=lambda c: c.__name__)
def test_sklearn_checks(estimator, check):
    check(type(estimator).__name__, estimator)
