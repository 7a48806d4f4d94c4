"""Compiler flags shared by the training kernels."""

__all__ = ["FASTMATH"]

# Reordered (vectorised) reductions and fused multiply-adds only: no "nnan" /
# "ninf", so a NaN or Inf score keeps its meaning and the trainers' divergence
# check is well defined (``fastmath=True`` let the compiler assume neither
# occurs, making that check undefined and results CPU-dependent). Cost
# measured by benchmarks/bench_fastmath.py (benchmarks/RESULTS.md).
FASTMATH = {"reassoc", "contract"}  # numba takes a set, not a frozenset
