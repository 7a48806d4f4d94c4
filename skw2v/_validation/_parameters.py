"""``_parameter_constraints`` intervals that refuse ``bool``."""

import math
from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval

__all__ = ["Integers", "Reals"]


def _is_bool(value):
    return isinstance(value, (bool, np.bool_))

class Integers(Interval):
    """``Interval(Integral, left, right, closed=...)`` that refuses ``bool``.

    scikit-learn's interval accepts ``True`` wherever an int is allowed
    (``bool`` is an ``Integral``), so ``n_components=True`` would fit one
    component. Use this in ``_parameter_constraints`` instead.

    Examples
    --------
    >>> from skw2v._validation import Integers
    >>> c = Integers(1, None, closed="left")
    >>> c.is_satisfied_by(3), c.is_satisfied_by(True), c.is_satisfied_by(0)
    (True, False, False)
    """

    def __init__(self, left, right, *, closed):
        super().__init__(Integral, left, right, closed=closed)

    def is_satisfied_by(self, val):
        return not _is_bool(val) and super().is_satisfied_by(val)

    def __str__(self):
        return super().__str__() + " (not a bool)"

class Reals(Interval):
    """``Interval(Real, left, right, closed=...)`` that refuses ``bool`` (and NaN)."""

    def __init__(self, left, right, *, closed):
        super().__init__(Real, left, right, closed=closed)

    def is_satisfied_by(self, val):
        if _is_bool(val) or (isinstance(val, (float, np.floating)) and math.isnan(val)):
            return False
        return super().is_satisfied_by(val)

    def __str__(self):
        return super().__str__() + " (not a bool)"
