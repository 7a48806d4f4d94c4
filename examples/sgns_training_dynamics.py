"""SGNS training curves: loss and singular values from a small vs word2vec's init.

Trains SGNSEmbedding twice on the bundled 2 M-word sample, once from the default
(gensim's) initialisation and once from a small random one (``init_scale``),
recording the loss and the top singular values of the embedding as training
goes. From the small initialisation the singular values rise one after the
other (stepwise learning); from the standard one they grow together.

Run: ``python examples/sgns_training_dynamics.py`` (about a minute on 2 cores);
writes ``sgns_training_dynamics.png``.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from skw2v import SGNSEmbedding  # noqa: E402
from skw2v.datasets import sample_corpus_path  # noqa: E402
from skw2v.statistics import encode_corpus  # noqa: E402


def main(out="sgns_training_dynamics.png"):
    corpus = encode_corpus(sample_corpus_path())
    runs = {
        "default init (uniform / d)": dict(init_scale=None),
        "small init (init_scale=1e-4)": dict(init_scale=1e-4),
    }
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex="col")
    for col, (name, extra) in enumerate(runs.items()):
        model = SGNSEmbedding(n_components=50, sample=1e-4, epochs=1, alpha=0.025,
                              snapshot_steps=60, n_singular_values=8, n_jobs=2,
                              random_state=0, **extra).fit(corpus)
        h = model.history_
        axes[0, col].plot(h["step"] / 1e6, h["loss"])
        axes[0, col].set_title(name)
        axes[0, col].set_ylabel("loss per positive pair")
        axes[1, col].plot(h["snapshot_step"] / 1e6, h["singular_values"])
        axes[1, col].set_yscale("log")
        axes[1, col].set_ylabel("top singular values of the embedding")
        axes[1, col].set_xlabel("positive pairs (millions)")
    fig.suptitle("SGNSEmbedding on the 2 M-word sample (d = 50, one epoch)")
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
