"""Helpers shared by the benchmark scripts: data paths and side-by-side timing."""

import os
import statistics
import time
from pathlib import Path

import skw2v

# A benchmark measures this checkout: a different installed skw2v (a plain
# ``pip install .`` from an older commit) would be measured instead, silently.
_CHECKOUT = Path(__file__).resolve().parents[1]
if Path(skw2v.__file__).resolve().parents[1] != _CHECKOUT:
    raise SystemExit(
        f"skw2v is imported from {Path(skw2v.__file__).parent}, not from this checkout "
        f"({_CHECKOUT}): run `pip install -e {_CHECKOUT}` (or set PYTHONPATH) first."
    )

SHARED = Path(os.environ.get("SKW2V_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
CORPUS = SHARED / "data" / "enwiki-17m.txt.gz"


def require_corpus(path=CORPUS):
    """The benchmark corpus, or a clear exit when it is not beside the project."""
    path = Path(path)
    if not path.exists():
        raise SystemExit(
            f"Benchmark corpus not found at {path}; set SKW2V_SHARED to the folder "
            "holding data/enwiki-17m.txt.gz."
        )
    return path


def side_by_side(runs, repeats):
    """Time each callable ``repeats`` times, interleaved, and return medians.

    Interleaving (ours, peer, ours, peer, ...) exposes both sides to the same
    machine load, so their ratio is meaningful on a noisy machine.
    """
    times = {name: [] for name in runs}
    results = {}
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            results[name] = run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}, times, results
