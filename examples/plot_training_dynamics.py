"""
Training dynamics: learned one direction at a time, when the theory says
=========================================================================

From a small initialisation, QWEM trained by gradient descent and SGNS
(word2vec) both learn word space one direction at a time: the embedding's
singular values switch on one after another and the loss drops in stairs.
For QWEM the directions are the top eigenvectors of its target M*, and the
curves follow in closed form from M*'s eigenvalues
(:class:`skw2v.dynamics.GradientFlowTheory`).

The script counts co-occurrences on a corpus, trains both models on them
from a small initialisation while recording snapshots, and draws against
training steps (positive pairs, shared axes):

- the top singular values of QWEM's embedding with the theory's curves
  (dashed) and of SGNS's embedding;
- the losses, with the predicted step times of QWEM (dotted);
- a table of the first directions learned: when, and the words that load
  most on them (M*'s eigenvectors).

Run ``python examples/plot_training_dynamics.py [--corpus PATH] [--out PNG]``;
by default it uses the 2 M-word sample corpus shipped with skw2v (about a
minute on two cores) and writes ``training_dynamics.png``.
"""

import argparse
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402  (matplotlib depends on Pillow)

from skw2v import CooccurrenceVectorizer  # noqa: E402
from skw2v.datasets import sample_corpus_path  # noqa: E402
from skw2v.dynamics import (  # noqa: E402
    GradientFlowTheory,
    concepts,
    exact_loss_scale,
    learning_steps,
    overlap_curve,
    projected_squared_norms,
)
from skw2v.estimators import QWEMEmbedding, QWEMGradientEmbedding, SGNSEmbedding  # noqa: E402

N_SHOWN = 8      # singular values drawn
N_TABLE = 6      # directions in the table
NEGATIVE = 5


def main(corpus, out, vocab, dim, seed):
    t0 = time.perf_counter()
    X = CooccurrenceVectorizer(window=5, weighting="linear", subsample=None,
                               max_vocab_size=vocab).fit_transform(corpus)
    words = X.words
    n_pairs = int(round(X.sum()))
    print(f"co-occurrence {X.shape}, {n_pairs:,} pairs, {time.perf_counter() - t0:.1f}s")
    # closed-form QWEM: M*'s top eigenpairs
    t0 = time.perf_counter()
    # the top (positive) eigenpairs: the symmetric W W^T that gradient descent learns
    closed = QWEMEmbedding(n_components=dim, negative=NEGATIVE, weighted_refinement=0,
                           directions="positive", random_state=seed).fit(X)
    lam, U = closed.eigenvalues_, closed.eigenvectors_
    print(f"M* eigenpairs: {time.perf_counter() - t0:.1f}s")

    # QWEM by SGD on the exactly reweighted quartic loss (the theory's setting),
    # as many positive pairs as one SGNS epoch; constant rate for 2/3 of the run.
    n_steps = 900
    t0 = time.perf_counter()
    qwem = QWEMGradientEmbedding(
        n_components=dim, negative=NEGATIVE, reweighting="exact",
        init_scale=1e-3, n_steps=n_steps, batch_size=max(1, n_pairs // n_steps),
        lr_schedule="constant_then_linear", snapshot_steps=91, n_singular_values=N_SHOWN,
        record_embeddings=True, random_state=seed,
    ).fit(X)
    qh = qwem.history_
    print(f"QWEM gradient: {time.perf_counter() - t0:.1f}s")
    # u0 of each direction: the random init's squared projection on it
    u0 = projected_squared_norms(qh["embeddings"][0], U)
    theory = GradientFlowTheory(lam, learning_rate=qh["learning_rate"],
                                loss_scale=exact_loss_scale(X.shape[0], NEGATIVE),
                                initial_value=u0)
    # the theory runs on flow time, which slows down with the learning rate
    flow_of = lambda steps: np.interp(steps, qh["step"], qh["flow_step"])  # noqa: E731

    # SGNS from a small initialisation, constant learning rate, one epoch.
    # (Its singular values keep creeping up after they switch on: no theory here.)
    t0 = time.perf_counter()
    sgns = SGNSEmbedding(n_components=dim, negative=NEGATIVE, init_scale=1e-3, alpha=0.005,
                         min_alpha=0.005, epochs=1, snapshot_steps=91,
                         n_singular_values=N_SHOWN, record_embeddings=True,
                         random_state=seed).fit(X)
    sh = sgns.history_
    print(f"SGNS: {time.perf_counter() - t0:.1f}s")

    # ------------------------------------------------------------------ figure
    fig = plt.figure(figsize=(12, 8.2), dpi=80, layout="constrained")
    grid = fig.add_gridspec(2, 2, height_ratios=[1.15, 1])
    ax_q = fig.add_subplot(grid[0, 0])
    ax_s = fig.add_subplot(grid[0, 1], sharex=ax_q)
    ax_l = fig.add_subplot(grid[1, 0], sharex=ax_q)
    ax_t = fig.add_subplot(grid[1, 1])
    colors = plt.cm.viridis(np.linspace(0.0, 0.9, N_SHOWN))
    M = 1e-6  # steps in millions of positive pairs

    t_fine = np.linspace(0, qh["step"][-1], 400)
    sv_theory = theory.singular_values(flow_of(t_fine))
    for k in range(N_SHOWN):
        ax_q.plot(qh["snapshot_step"] * M, qh["singular_values"][:, k], color=colors[k], lw=1.8)
        ax_q.plot(t_fine * M, sv_theory[:, k], "--", color=colors[k], lw=1.1)
        ax_s.plot(sh["snapshot_step"] * M, sh["singular_values"][:, k], color=colors[k], lw=1.8,
                  label=f"{k + 1}")
    ax_q.plot([], [], "k-", label="measured")
    ax_q.plot([], [], "k--", label="theory, from M*'s eigenvalues")
    ax_q.set_title(f"QWEM by SGD (exact reweighting): top {N_SHOWN} singular values")
    ax_s.set_title(f"SGNS (word2vec) from a small init: top {N_SHOWN} singular values")
    for ax in (ax_q, ax_s):
        ax.set_yscale("log")
        ax.set_ylim(5e-4, 3 * max(qh["singular_values"].max(), sh["singular_values"].max()))
        ax.set_ylabel("singular value")
        ax.grid(alpha=0.3)
    ax_q.legend(loc="lower right", fontsize=9)
    ax_s.legend(loc="lower right", fontsize=8, ncol=4, title="k", title_fontsize=8)

    predicted = theory.step_times()
    ax_l.plot(qh["step"] * M, qh["loss"], color="C0", lw=1.8, label="QWEM loss")
    top = GradientFlowTheory(lam[:N_SHOWN], learning_rate=theory.learning_rate,
                             loss_scale=theory.loss_scale, initial_value=u0[:N_SHOWN])
    ax_l.plot(t_fine * M, top.loss(flow_of(t_fine)), "--", color="C0", lw=1.1,
              label=f"QWEM theory, top {N_SHOWN} directions")
    for t in np.interp(predicted[:N_SHOWN], qh["flow_step"], qh["step"]):
        ax_l.axvline(t * M, color="C0", ls=":", lw=0.8)
    ax_l.set_xlabel("training steps (millions of positive pairs)")
    ax_l.set_ylabel("QWEM loss per positive pair", color="C0")
    ax_l.grid(alpha=0.3)
    ax_r = ax_l.twinx()
    ax_r.plot(sh["step"] * M, sh["loss"], color="C3", lw=1.4, label="SGNS loss")
    ax_r.set_ylabel("SGNS loss per positive pair", color="C3")
    lines = ax_l.get_lines()[:2] + ax_r.get_lines()
    ax_l.legend(lines, [ln.get_label() for ln in lines], loc="upper right", fontsize=9)
    ax_l.set_title("Loss: a drop per direction "
                   f"(dotted: predicted step times of the top {N_SHOWN})",
                   fontsize=10)

    # table: the first directions, when each model learned them, and their words
    q_steps = learning_steps(qh["snapshot_step"], qh["singular_values"] ** 2)
    s_steps = learning_steps(sh["snapshot_step"], sh["singular_values"] ** 2)
    overlap = overlap_curve(sh["embeddings"][-1:], U[:, :10], n_components=10)[0]
    q_overlap = overlap_curve(qh["embeddings"][-1:], U[:, :10], n_components=10)[0]
    rows = []
    predicted_at = np.interp(predicted, qh["flow_step"], qh["step"])
    for k, (pos, neg) in enumerate(concepts(U[:, :N_TABLE], words, n_words=3)):
        rows.append([str(k + 1), f"{predicted_at[k] * M:.2f}", f"{q_steps[k] * M:.2f}",
                     f"{s_steps[k] * M:.2f}", ", ".join(pos), ", ".join(neg)])
    ax_t.axis("off")
    table = ax_t.table(cellText=rows, loc="upper center",
                       colLabels=["k", "theory", "QWEM", "SGNS", "words (+)", "words (-)"],
                       colWidths=[0.04, 0.085, 0.085, 0.085, 0.355, 0.355], cellLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(7.5)
    table.scale(1.0, 1.5)
    ax_t.set_title("Direction k: step learned (M pairs, half its final value)\n"
                   "and the words loading most on M*'s eigenvector k", pad=4, fontsize=10)
    ax_t.text(0.0, 0.08,
              f"Overlap of the top-10 learned subspace with M*'s top-10 eigenvectors:\n"
              f"QWEM {q_overlap:.2f}, SGNS {overlap:.2f} (chance {10 / X.shape[0]:.3f}); "
              f"{X.shape[0]:,} words, d = {dim}.",
              transform=ax_t.transAxes, fontsize=9)
    fig.suptitle("What is learned when: word embeddings from a small initialisation",
                 fontsize=13)
    fig.canvas.draw()
    # a 256-colour palette keeps the PNG small enough to commit beside the docs
    rgba = np.asarray(fig.canvas.buffer_rgba())
    Image.fromarray(rgba[..., :3]).quantize(colors=256).save(out, optimize=True)
    print(f"saved {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--corpus", default=None,
                        help="text or .gz file, one document per line (default: bundled sample)")
    parser.add_argument("--out", type=Path, default=Path("training_dynamics.png"))
    parser.add_argument("--vocab", type=int, default=2000)
    parser.add_argument("--dim", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    main(args.corpus or sample_corpus_path(), args.out, args.vocab, args.dim, args.seed)
