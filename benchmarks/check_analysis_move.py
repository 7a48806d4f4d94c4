"""The scorers/analysis/model-selection move changed no figure: old code against new, bit for bit.

Issue 13 moved the task-vector analysis out of ``skw2v/scorers/_task_vectors.py``
into ``skw2v.analysis`` and the dimension sweep into ``skw2v.model_selection``.
This script loads the old modules from the commit before the move (``git show``,
into a temporary package whose absolute imports point at today's skw2v for the
parts that did not move) and checks that every function the benchmarks and docs
use returns identical arrays on one embedding: task vectors of the 14 Google
families, spectra, SNRs, both Marchenko–Pastur fits, both projections, the SNR
scorer (3 aggregates x normalize), analogy accuracy (2 protocols x 2 methods,
per section), and ``dimension_sweep`` / ``DimensionSweepSearchCV`` results for
QWEM and PMI-SVD.

    python benchmarks/check_analysis_move.py [--vocab 3000]
"""

import argparse
import importlib
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from skw2v import CooccurrenceVectorizer, PMISVDEmbedding, QWEMEmbedding
from skw2v import analysis as new
from skw2v import model_selection as ms
from skw2v.datasets import sample_corpus_path
from skw2v.scorers import analogy_accuracy, make_snr_scorer

BEFORE = "0319e1a"  # the last commit before the move
REPO = Path(__file__).resolve().parents[1]


def _old_package(tmp):
    """skw2v/scorers of BEFORE as the package ``oldsc`` (absolute imports for the rest)."""
    pkg = Path(tmp) / "oldsc"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    for name in ("_task_vectors", "_dimension_sweep", "_common", "_analogy", "_similarity",
                 "_sklearn"):
        src = subprocess.run(["git", "-C", str(REPO), "show", f"{BEFORE}:skw2v/scorers/{name}.py"],
                             check=True, capture_output=True, text=True).stdout
        src = (src.replace("from .._linalg import", "from skw2v.linalg import")
                  .replace("from ..datasets import", "from skw2v.datasets import")
                  .replace("from .._vectors import", "from skw2v._vectors import"))
        (pkg / f"{name}.py").write_text(src)
    sys.path.insert(0, tmp)
    return (importlib.import_module("oldsc._task_vectors"),
            importlib.import_module("oldsc._dimension_sweep"),
            importlib.import_module("oldsc._analogy"))


class Checker:
    """Counts comparisons; every one must be exactly equal."""

    def __init__(self):
        self.n = 0

    def same(self, a, b, what):
        a, b = np.asarray(a), np.asarray(b)
        assert a.shape == b.shape and np.array_equal(a, b), what
        self.n += 1

    def same_or_same_error(self, old_call, new_call, what):
        """Equal results, or the same ValueError message from both."""
        try:
            expected = old_call()
        except ValueError as e:
            try:
                new_call()
            except ValueError as e2:
                assert str(e) == str(e2), what
                self.n += 1
                return None, None
            raise AssertionError(f"{what}: the new code did not raise {e}")
        return expected, new_call()


def check_analysis(old, est, check):
    for family in new.family_pairs():
        to, tn = check.same_or_same_error(lambda: old.task_vectors(est, family),
                                          lambda: new.task_vectors(est, family), family)
        if to is None:
            print(f"  {family}: fewer than 2 pairs in the vocabulary (same error both)")
            continue
        for field in ("vectors", "pairs", "missing"):
            check.same(getattr(to, field), getattr(tn, field), family)
        so, sn = to.spectrum(), tn.spectrum()
        check.same([so.snr, so.rank], [sn.snr, sn.rank], family)
        check.same(so.eigenvalues, sn.eigenvalues, family)
        check.same(to.snr(), new.task_vector_snr(tn), family)
        for method in ("moments", "cdf"):
            mo, mn = check.same_or_same_error(
                lambda: so.fit_marchenko_pastur(method=method),
                lambda: sn.fit_marchenko_pastur(method=method), family)
            if mo is not None:
                fields = ("scale", "ratio", "noise_variance", "effective_dim", "n_above_edge")
                check.same([getattr(mo, f) for f in fields], [getattr(mn, f) for f in fields],
                           family)
        for basis in ("auto", "embedding"):
            po = old.task_vector_projection(est, family, basis=basis)
            pn = new.task_vector_projection(est, family, basis=basis)
            check.same(po.coefficients, pn.coefficients, family)
            check.same(po.order, pn.order, family)
            assert po.concepts == pn.concepts, family
    x = np.linspace(0.01, 5, 50)
    check.same(old.marchenko_pastur_pdf(x, 1.3, 0.4), new.marchenko_pastur_pdf(x, 1.3, 0.4), "pdf")
    check.same(old.marchenko_pastur_cdf(x, 1.3, 2.4), new.marchenko_pastur_cdf(x, 1.3, 2.4), "cdf")
    check.same(old.spiked_snr(50, 100, [0.5, 2.0], 1.0), new.spiked_snr(50, 100, [0.5, 2.0], 1.0),
               "spiked_snr")


def check_scorers(old, old_an, est, check):
    for aggregate in ("geometric", "mean", "median"):
        for normalize in (False, True):
            check.same(old.make_snr_scorer(aggregate=aggregate, normalize=normalize)(est),
                       make_snr_scorer(aggregate=aggregate, normalize=normalize)(est), "snr")
    for protocol in ("standard", "pairs"):
        for method in ("3cosadd", "3cosmul"):
            ro = old_an.analogy_accuracy(est, protocol=protocol, method=method)
            rn = analogy_accuracy(est, protocol=protocol, method=method)
            check.same([ro.n_correct, ro.n_questions, ro.n_skipped],
                       [rn.n_correct, rn.n_questions, rn.n_skipped], protocol)
            check.same([s.n_correct for s in ro.sections.values()],
                       [s.n_correct for s in rn.sections.values()], protocol)


def check_model_selection(old_ds, X, check):
    dims = [4, 10, 25, 50]
    scoring = {"a": "analogy", "s": "snr"}
    for base in (QWEMEmbedding(solver="dense", random_state=0), PMISVDEmbedding(random_state=0)):
        so = old_ds.dimension_sweep(base, X, dims, scoring=scoring)
        sn = ms.dimension_sweep(base, X, dims, scoring=scoring)
        for k in scoring:
            check.same(so.scores[k], sn.scores[k], k)
        go = old_ds.DimensionSweepSearchCV(base, {"n_components": dims}, scoring=scoring,
                                           refit="a").fit(X)
        gn = ms.DimensionSweepSearchCV(base, {"n_components": dims}, scoring=scoring,
                                       refit="a").fit(X)
        for k in ("mean_test_a", "mean_test_s", "rank_test_a", "rank_test_s"):
            check.same(go.cv_results_[k], gn.cv_results_[k], k)
        assert go.best_params_ == gn.best_params_
        check.same(go.best_estimator_.embedding_, gn.best_estimator_.embedding_, "best")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab", type=int, default=3000)
    args = parser.parse_args()
    old, old_ds, old_an = _old_package(tempfile.mkdtemp())
    X = CooccurrenceVectorizer(window=5, weighting="linear", subsample=None,
                               max_vocab_size=args.vocab).fit_transform(
        sample_corpus_path())
    est = QWEMEmbedding(100, solver="dense", random_state=0).fit(X)
    check = Checker()
    check_analysis(old, est, check)
    check_scorers(old, old_an, est, check)
    check_model_selection(old_ds, X, check)
    print(f"V = {X.shape[0]}, d = 100: {check.n} comparisons, all bit-for-bit equal")


if __name__ == "__main__":
    main()
