"""The shared sign convention for eigen- and singular vectors."""

import numpy as np

from skw2v.linalg import column_signs


def test_column_signs_make_the_largest_entry_positive():
    V = np.array([[0.1, -0.9, 0.0], [-0.5, 0.2, 0.0], [0.3, 0.1, 0.0]])
    signs = column_signs(V)
    np.testing.assert_array_equal(signs, [-1.0, -1.0, 1.0])
    fixed = V * signs
    assert fixed[1, 0] == 0.5 and fixed[0, 1] == 0.9
    np.testing.assert_array_equal(column_signs(-V) * -V, fixed)  # sign-invariant result
