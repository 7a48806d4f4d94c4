"""Numba kernels: plain functions over typed, contiguous arrays.

Nothing here imports scikit-learn or validates user input; the estimators do
that and call these with checked arrays.
"""
