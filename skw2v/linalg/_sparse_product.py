"""A sparse matrix held ready for products with dense blocks of vectors.

The block eigensolvers (QWEM's target operator) and the randomized SVD of
PPMI-SVD spend most of their time in ``A @ B`` with ``A`` a large CSR matrix
and ``B`` a block of a few hundred vectors. :class:`SparseBlockProduct` keeps
``A`` in the form the kernels of :mod:`skw2v.kernels.spmm` read (one index
type, sorted indices), with the column-tile pointers of its last tile width,
and picks the kernel: column tiles of ``tile_bytes`` of the block's rows
(:func:`~skw2v.kernels.spmm.csr_matmat_tiled`) when the block is wider than
a few columns, one pass over the rows (:func:`~skw2v.kernels.spmm.csr_matmat`)
otherwise.

Measured on one 320-column float32 product (2 threads, 2026-12-01,
``benchmarks/RESULTS.md``, "Document vectors, session 5"): at V = 30,000
(20 Newsgroups' PPMI, 9.7 M stored entries, a 38 MB block against a 32 MB L3
cache) 1.5-1.7 s in one pass over the rows, 0.4-0.5 s in tiles of 4,096
rows of the block; at V = 100,000 (QWEM) 8.4 s against 2.9 s.
"""

import numpy as np
import scipy.sparse as sp

from .._threads import numba_threads
from ..kernels.spmm import csr_matmat, csr_matmat_tiled, csr_tile_pointers

__all__ = ["SparseBlockProduct"]

# Bytes of the block's rows one column tile reads: about one core's L2 cache.
# One float32 product, 2 threads, side by side (``benchmarks/RESULTS.md``,
# "Document vectors, session 13"): on the 2-core Xeon (2 MiB of L2 per core,
# 480 MiB L3), tiles of 1 / 2 / 5 / 10 / 20 MiB took 0.28 / 0.26 / 0.38 / 0.45
# / 0.49 s at V = 30,000 (9.7 M entries, b = 320) and 1.78 / 1.74 / 2.23 s at
# V = 68,017 (61.6 M, b = 310); on the EPYC of the earlier sessions (512 KiB of
# L2, 32 MiB L3) 1.3-5.4 MB were within 7 % (``skw2v/kernels/spmm.py``). The
# tile changes no result: a row's entries are summed in column order either way.
TILE_BYTES = 2 * 2**20


class SparseBlockProduct:
    """``A @ B`` for a fixed CSR matrix ``A`` and dense blocks ``B``, on numba threads.

    Parameters
    ----------
    A : sparse matrix of shape (m, n)
        Converted to CSR of ``dtype`` with sorted indices and one index type
        for ``indptr`` and ``indices``. A CSR array that already has that form
        is used as is: its arrays are shared, not copied.
    dtype : {np.float32, np.float64}, default=np.float32
        Precision of the stored values and of every product.
    n_jobs : int, default=None
        Threads of the products (sklearn's meaning: None is 1 unless in a
        joblib ``parallel_config``, -1 all cores).
    tile_bytes : int, default=TILE_BYTES (2 MiB)
        Bytes of the block's rows one column tile reads: a block of b
        columns of itemsize s is multiplied in tiles of ``max(256,
        tile_bytes // (b s))`` columns of ``A`` (about 1,600 at b = 330 in
        float32), or in one pass when that covers every column. Measured
        best: about one core's L2 cache (see ``TILE_BYTES``). May be changed
        between products.

    Attributes
    ----------
    matrix : scipy.sparse.csr_array of shape (m, n)
        ``A`` as the kernels read it.
    shape : tuple of int
    dtype : numpy.dtype

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sp
    >>> A = sp.csr_array(np.array([[0., 2.], [1., 0.]]))
    >>> SparseBlockProduct(A).matmat(np.eye(2))
    array([[0., 2.],
           [1., 0.]], dtype=float32)
    """

    def __init__(self, A, *, dtype=np.float32, n_jobs=None, tile_bytes=TILE_BYTES):
        dtype = np.dtype(dtype)
        if dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {dtype}.")
        if not sp.issparse(A) or A.ndim != 2:
            raise TypeError(f"A must be a 2-D scipy sparse matrix, got {type(A).__name__}.")
        self.matrix = _kernel_csr(A, dtype)
        self.shape = self.matrix.shape
        self.dtype = dtype
        self.n_jobs = n_jobs
        self.tile_bytes = tile_bytes
        self._tiles = (0, None)  # (tile width, pointers) of the last tiled product

    def transpose(self):
        """The same product for ``A.T`` (a new CSR copy of the transpose)."""
        return SparseBlockProduct(self.matrix.T, dtype=self.dtype, n_jobs=self.n_jobs,
                                  tile_bytes=self.tile_bytes)

    def tile_pointers(self, width):
        """Tile pointers for tiles of about ``width`` columns, or None for one tile.

        The kept pointers serve any width within a factor 1.5 of theirs (the
        product's time is flat between tiles of 2,048 and 8,192 rows at b =
        330), so a solver's shrinking residual block does not recompute them.
        """
        if width >= self.shape[1]:
            return None
        kept = self._tiles[0]
        if not kept / 1.5 <= width <= kept * 1.5:
            A = self.matrix
            with numba_threads(self.n_jobs):
                self._tiles = (width, csr_tile_pointers(A.indptr, A.indices, width))
        return self._tiles[1]

    def matmat(self, B, out=None):
        """``A @ B`` in ``dtype``.

        Parameters
        ----------
        B : array-like of shape (n, b) or (n,)
            Converted to a C-contiguous array of ``dtype`` when it is not one.
        out : ndarray of shape (m, b) of ``dtype``, C-contiguous, default=None
            Written in place and returned when given (must not overlap ``B``).

        Returns
        -------
        ndarray of shape (m, b), or (m,) for a vector ``B``
        """
        B = np.ascontiguousarray(B, dtype=self.dtype)
        vector = B.ndim == 1
        if vector:
            B = B[:, None]
        if B.ndim != 2 or B.shape[0] != self.shape[1]:
            raise ValueError(
                f"B has shape {B.shape}; the product needs {self.shape[1]} rows."
            )
        shape = (self.shape[0], B.shape[1])
        if out is None:
            out = np.empty(shape, dtype=self.dtype)
        elif (out.shape != shape or out.dtype != self.dtype
              or not out.flags.c_contiguous or np.shares_memory(out, B)):
            raise ValueError(
                f"out must be a C-contiguous {self.dtype} array of shape {shape} that "
                "does not overlap B."
            )
        A = self.matrix
        width = max(256, self.tile_bytes // max(1, B.shape[1] * B.itemsize))
        ptr = self.tile_pointers(width)
        with numba_threads(self.n_jobs):
            if ptr is None:
                csr_matmat(A.indptr, A.indices, A.data, B, out)
            else:
                csr_matmat_tiled(ptr, A.indices, A.data, B, out)
        return out[:, 0] if vector else out


def _kernel_csr(A, dtype):
    """A as a CSR array of ``dtype`` with sorted indices and one index type.

    Index arrays that already share a type are kept (not copied: at V = 100,000
    they are 246 MB); otherwise both become the wider of the two.
    """
    if not isinstance(A, sp.csr_array):
        A = sp.csr_array(A)
    if A.dtype != dtype:
        A = A.astype(dtype)
    if not A.has_sorted_indices:
        A = A.sorted_indices()
    if A.indices.dtype == A.indptr.dtype:
        return A
    index = np.promote_types(A.indices.dtype, A.indptr.dtype)
    out = sp.csr_array((A.data, A.indices.astype(index), A.indptr.astype(index)),
                       shape=A.shape, copy=False)
    out.has_sorted_indices = True
    return out
