"""Linear algebra: top eigenpairs of large implicit operators, and the sign convention.

:func:`top_eigenpairs` finds the largest eigenpairs of a symmetric
``LinearOperator`` (LOBPCG, randomized block Krylov, ARPACK or dense),
:func:`top_magnitude_eigenpairs` those of largest magnitude (negative ones
included, the low outliers of QWEM's ``-2 11^T`` part left out, by the rule
of :func:`low_outliers`);
:func:`small_eigh` solves the small dense eigenproblems of these block
methods (decreasing, one BLAS thread); :class:`SparseBlockProduct` holds a
sparse matrix ready for products with dense blocks (theirs and the
randomized SVD's); :func:`column_signs` / :func:`fix_signs` fix the sign of eigen- and singular
vectors so that fits, concepts and projections agree from run to run.
"""

from ._eigensolvers import (EIGENSOLVERS, low_outliers, select_eigensolver, top_eigenpairs,
                            top_magnitude_eigenpairs)
from ._lobpcg import small_eigh
from ._signs import column_signs, fix_signs
from ._sparse_product import SparseBlockProduct

__all__ = ["EIGENSOLVERS", "SparseBlockProduct", "column_signs", "fix_signs", "low_outliers",
           "select_eigensolver", "small_eigh", "top_eigenpairs", "top_magnitude_eigenpairs"]
