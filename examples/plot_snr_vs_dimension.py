"""
Task-vector SNR and analogy accuracy against the embedding dimension
=====================================================================

For a family of word pairs (country -> capital, verb -> past tense) the task
vectors ``R = W[b] - W[a]`` behave like a rank-one signal in noise. Their
signal-to-noise ratio ``SNR = lambda_max(R R^T) / (Tr(R R^T) / rank)`` tells
how clearly the embedding encodes the relation as one direction; analogy
accuracy needs that direction to stand out of the noise.

One QWEM fit at the largest dimension gives the embedding at every smaller
dimension by slicing its eigenpairs (:func:`skw2v.model_selection.dimension_sweep`),
so the whole curve costs one eigendecomposition. The script saves two figures:

- ``snr_vs_dimension.png``: SNR (left) and analogy accuracy (right) of several
  families against ``d``, on log axes;
- ``spectrum_vs_dimension.png``: the eigenvalues of ``(1/d) R R^T`` of one
  family at a few ``d``, with the Marchenko–Pastur law fitted to the bulk.

Run ``python examples/plot_snr_vs_dimension.py [--corpus PATH] [--out DIR]``;
by default it uses the 2 M-word sample corpus shipped with skw2v (a minute or
so on two cores).
"""

import argparse
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from skw2v import CooccurrenceVectorizer  # noqa: E402
from skw2v.datasets import sample_corpus_path  # noqa: E402
from skw2v.estimators import QWEMEmbedding  # noqa: E402
from skw2v.analysis import task_vectors  # noqa: E402
from skw2v.model_selection import dimension_sweep  # noqa: E402
from skw2v.scorers import analogy_accuracy  # noqa: E402

FAMILIES = ["capital-common-countries", "family", "gram3-comparative",
            "gram6-nationality-adjective", "gram7-past-tense", "gram8-plural"]
SPECTRUM_FAMILY = "gram6-nationality-adjective"  # the most pairs in a 10k vocabulary
SPECTRUM_DIMS = (32, 128, 512)


def main(corpus, out, vocab, max_dim):
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    # the vectorizer's defaults: window 10, harmonic weights, subsample=1e-4 (seeded)
    X = CooccurrenceVectorizer(max_vocab_size=vocab, random_state=0).fit_transform(corpus)
    print(f"co-occurrence {X.shape} in {time.perf_counter() - t0:.1f}s")
    dims = np.array([d for k in range(2, 20) for d in (2 ** k, 3 * 2 ** (k - 1))
                     if d <= max_dim])

    t0 = time.perf_counter()
    # solver="dense": at d = 512 one dense eigendecomposition beats a 560-wide LOBPCG block
    # the closed form's spectrum (weighted_refinement=0): one fit, sliced
    sweep = dimension_sweep(QWEMEmbedding(solver="dense", weighted_refinement=0), X, dims,
                            scoring=_no_score,
                            return_estimators=True)
    print(f"one fit at d={dims.max()} + {dims.size} slices in "
          f"{time.perf_counter() - t0:.1f}s (sliced={sweep.sliced})")

    plot(dims, sweep.estimators, out)


def plot(dims, estimators, out):
    """Both figures from the fitted embedding at each dimension."""
    out.mkdir(parents=True, exist_ok=True)
    snr = {f: np.empty(dims.size) for f in FAMILIES}
    acc = {f: np.empty(dims.size) for f in FAMILIES}
    spectra = {}
    for i, (d, est) in enumerate(zip(dims, estimators)):
        res = analogy_accuracy(est)
        for f in FAMILIES:
            tv = task_vectors(est, f)
            spec = tv.spectrum()
            snr[f][i] = spec.snr
            acc[f][i] = res.sections[f].accuracy if f in res.sections else np.nan
            if f == SPECTRUM_FAMILY:
                spectra[int(d)] = spec
        print(f"d={d:4d}  all {res.accuracy:.3f}  "
              + "  ".join(f"{f[:12]}: snr {snr[f][i]:5.2f} acc {acc[f][i]:.2f}"
                          for f in FAMILIES[:3]))

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for f in FAMILIES:
        line, = axes[0].plot(dims, snr[f], "o-", ms=3, label=f)
        axes[1].plot(dims, np.maximum(acc[f], 1e-3), "o-", ms=3, color=line.get_color())
    axes[0].set(xscale="log", yscale="log", xlabel="embedding dimension d",
                ylabel="task-vector SNR", title="SNR of the task vectors")
    axes[1].set(xscale="log", yscale="log", xlabel="embedding dimension d",
                ylabel="analogy accuracy (standard protocol)", title="Analogy accuracy")
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out / "snr_vs_dimension.png", dpi=90)

    shown = sorted({int(dims[np.argmin(np.abs(np.log(dims / s)))]) for s in SPECTRUM_DIMS})
    fig, axes = plt.subplots(1, len(shown), figsize=(3.6 * len(shown), 3.4))
    for ax, d in zip(np.atleast_1d(axes), shown):
        spec = spectra[int(d)]
        fit = spec.fit_marchenko_pastur()
        ev = spec.eigenvalues
        print(f"d={d}: SNR {spec.snr:.2f}, MP noise variance {fit.noise_variance:.3g}, "
              f"effective dim {fit.effective_dim:.0f} ({fit.effective_dim / d:.2f} d), "
              f"top eigenvalue {ev[0] / fit.upper_edge:.1f}x the fitted edge")
        bulk = ev[fit.n_spikes:]
        bulk = bulk[bulk > 0]
        right = max(fit.upper_edge * 1.5, bulk.max() * 1.1)
        ax.hist(bulk, bins=np.linspace(0, right, 16), density=True, color="0.75",
                label=f"bulk ({bulk.size} non-zero)")
        x = np.linspace(fit.lower_edge, fit.upper_edge, 400)[1:-1]
        # the histogram shows the non-zero bulk only: scale the density to mass 1
        ax.plot(x, fit.pdf(x) / min(1.0, 1.0 / fit.ratio), "C3",
                label=f"MP fit: $\\sigma^2$={fit.noise_variance:.2g}, "
                      f"$p$={fit.effective_dim:.0f}")
        top = ev[0]
        if top <= right:
            ax.axvline(top, color="C0", lw=2, label="top eigenvalue")
        else:
            ax.annotate(f"top eigenvalue\n{top / fit.upper_edge:.1f}x the edge",
                        xy=(right, 0), xytext=(0.62, 0.55), textcoords="axes fraction",
                        color="C0", fontsize=8,
                        arrowprops=dict(arrowstyle="->", color="C0"))
        ax.set(xlim=(0, right), xlabel="eigenvalue of (1/d) R R$^T$",
               title=f"d = {d}, SNR = {spec.snr:.1f}")
        ax.legend(fontsize=7, loc="upper right")
    fig.suptitle(f"Task-vector spectrum of {SPECTRUM_FAMILY} ({spec.n_pairs} pairs) and "
                 "the Marchenko-Pastur law fitted to its bulk", fontsize=10)
    fig.tight_layout()
    fig.savefig(out / "spectrum_vs_dimension.png", dpi=90)
    print(f"saved {out / 'snr_vs_dimension.png'} and {out / 'spectrum_vs_dimension.png'}")


def _no_score(est, X, y=None):
    return 0.0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=sample_corpus_path())
    parser.add_argument("--out", type=Path, default=Path("."))
    parser.add_argument("--vocab", type=int, default=5000)
    parser.add_argument("--max-dim", type=int, default=512)
    args = parser.parse_args()
    main(args.corpus, args.out, args.vocab, args.max_dim)
