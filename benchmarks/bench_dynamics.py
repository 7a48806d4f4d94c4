"""Gradient-trained QWEM against closed-form QWEM, and what SGNS learns, on one corpus.

On the same co-occurrence matrix the script fits

- QWEM in closed form (``QWEMEmbedding()``: top eigenpairs of M*),
- QWEM by SGD on the quartic loss with the exact reweighting
  (``QWEMGradientEmbedding``), trained for as many steps as the
  gradient-flow theory says all ``--dim`` directions need (``--plan``),
- SGNS (``SGNSEmbedding`` on the documents, and gensim 4.4 ``Word2Vec`` beside
  it with ``--gensim``), with the statistics M* is built from: same window,
  no subsampling, unigram noise,

and prints: the subspace overlap (mean squared principal cosine) of the
gradient embedding's top ``--top`` directions with the closed form's, and of
each SGNS embedding's top 10 with M*'s top-10 eigenvectors against chance
(10 / V); Google analogy accuracy of each (standard protocol, all V words);
and timings.

Run under the shared lock (2 cores shared by several engineers)::

    flock /tmp/skw2v-bench.lock python benchmarks/bench_dynamics.py --corpus sample
    flock /tmp/skw2v-bench.lock python benchmarks/bench_dynamics.py --corpus enwiki

``--counts linear`` (the default here) counts with word2vec's expected window
(``weighting="linear"``) and no subsampling: the statistics SGNS without
subsampling sees, which the SGNS-against-M* comparison needs, and what the
recorded figures were made with. ``--counts defaults`` counts with
``CooccurrenceVectorizer``'s defaults (harmonic window, ``subsample=1e-4``,
seeded), what a user's ``QWEMEmbedding`` pipeline factorises; it compares the
gradient solver with the closed form only (``--no-sgns``), since SGNS does not
see those statistics. Pass ``--ns-exponent 0.5`` to match ``QWEMEmbedding``'s
default q as well.
"""

import argparse
import time

from _common import CORPUS  # also checks that this checkout's skw2v is measured
import numpy as np

from skw2v import CooccurrenceVectorizer, SGNSEmbedding, WordVectors
from skw2v.datasets import sample_corpus_path
from skw2v.dynamics import (
    GradientFlowTheory,
    chance_overlap,
    embedding_subspace,
    exact_loss_scale,
    principal_cosines,
    subspace_overlap,
)
from skw2v.estimators import QWEMEmbedding, QWEMGradientEmbedding, qwem_auto_learning_rate
from skw2v.scorers import analogy_accuracy
from skw2v.statistics import check_cooccurrence, qwem_distributions


def timed(label, fn):
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    print(f"  {label}: {dt:.1f}s", flush=True)
    return out, dt


def plan_steps(X, lam, negative, ns_exponent, top, batch_size, init_scale):
    """Steps for the top ``top`` directions to be learned, from the theory.

    The learning rate is the solver's "auto" one; the schedule keeps it constant
    for the first two thirds of the run, which must cover the predicted time at
    which direction ``top`` reaches 99 % of its eigenvalue (times 1.5).
    """
    A, _, counts = check_cooccurrence(X)
    P, q = qwem_distributions(A, counts, ns_exponent=ns_exponent)
    lr = qwem_auto_learning_rate(P, q, negative=negative, batch_size=batch_size)
    theory = GradientFlowTheory(lam[:top], learning_rate=lr, loss_scale=exact_loss_scale(
        X.shape[0], negative), initial_value=init_scale**2)
    t99 = theory.step_times(0.99)[-1]
    return int(np.ceil(1.5 * 1.5 * t99 / batch_size)), lr, t99


def analogy(model_or_wv):
    res = analogy_accuracy(model_or_wv)
    return res.accuracy, res.n_questions


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default="sample", help="'sample', 'enwiki' or a path")
    parser.add_argument("--vocab", type=int, default=None,
                        help="vocabulary size (default 10000 for enwiki, 5000 otherwise)")
    parser.add_argument("--window", type=int, default=10)
    parser.add_argument("--negative", type=int, default=5)
    parser.add_argument("--ns-exponent", type=float, default=1.0,
                        help="q ~ count ** ns_exponent, for QWEM's Q and SGNS's noise alike")
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--batch-size", type=int, default=50_000)
    parser.add_argument("--plan", type=int, default=None,
                        help="train until this direction is learned (default: all d)")
    parser.add_argument("--extra", type=int, default=0,
                        help="n_oversamples: train dim + extra directions and keep the top dim "
                             "singular directions (the plan then covers dim + extra)")
    parser.add_argument("--closed-solver", default="dense",
                        help="solver of the closed form compared against (default: exact)")
    parser.add_argument("--counts", choices=["linear", "defaults"], default="linear",
                        help="linear window without subsampling (SGNS's statistics), or "
                             "the vectorizer's defaults (harmonic, subsample 1e-4)")
    parser.add_argument("--seed", type=int, default=0, help="random_state of the gradient solver")
    parser.add_argument("--sgns-epochs", type=int, default=1)
    parser.add_argument("--no-sgns", action="store_true")
    parser.add_argument("--gensim", action="store_true", help="also train gensim Word2Vec")
    args = parser.parse_args()
    if args.counts == "defaults" and not args.no_sgns:
        parser.error("--counts defaults: SGNS does not see these statistics (harmonic window, "
                     "subsampled pairs), so the SGNS comparison needs --counts linear; add "
                     "--no-sgns to compare the gradient solver with the closed form alone")
    corpus = {"sample": str(sample_corpus_path()), "enwiki": str(CORPUS)}.get(
        args.corpus, args.corpus)
    V = args.vocab or (10_000 if args.corpus == "enwiki" else 5_000)
    k, d, top = args.negative, args.dim, args.top
    print(f"corpus {corpus}, V={V}, window {args.window}, k={k}, d={d}, "
          f"ns_exponent {args.ns_exponent}, counts {args.counts}")

    counting = ({"weighting": "linear", "subsample": None} if args.counts == "linear"
                else {"random_state": 0})  # the defaults: harmonic, subsample=1e-4
    X, t_vec = timed("co-occurrence", lambda: CooccurrenceVectorizer(
        window=args.window, max_vocab_size=V, n_jobs=2, **counting).fit_transform(corpus))
    V = X.shape[0]
    print(f"  nnz {X.nnz:,} ({X.nnz / V**2:.1%} of pairs), {X.sum():,.0f} pairs")

    ns = args.ns_exponent
    plan = args.plan or d + args.extra
    closed, t_cf = timed("QWEM closed form", lambda: QWEMEmbedding(
        n_components=max(d, plan), negative=k, ns_exponent=ns, solver=args.closed_solver,
        weighted_refinement=0, directions="positive", random_state=0).fit(X))  # M*'s top
    # eigenpairs themselves: W W^T's, which gradient descent on QWEM's loss learns
    lam = closed.eigenvalues_
    closed = closed._truncate_components(d)
    print(f"  eigenvalues: 1: {lam[0]:.1f}, 10: {lam[9]:.1f}, {top}: {lam[top - 1]:.1f}, "
          f"{top + 1}: {lam[top]:.1f}, {d}: {lam[d - 1]:.1f}, {plan}: {lam[plan - 1]:.1f}")

    (n_steps, lr, t99), t_plan = timed("theory: plan the run", lambda: plan_steps(
        X, lam, k, args.ns_exponent, plan, args.batch_size, 1e-3))
    print(f"  lr {lr:.3g} per pair; direction {plan} at 99 % after {t99:,.0f} pairs "
          f"-> {n_steps} steps of {args.batch_size:,}")
    grad, t_gr = timed("QWEM gradient (SGD, exact reweighting)", lambda: QWEMGradientEmbedding(
        n_components=d, n_oversamples=args.extra, negative=k, ns_exponent=ns,
        reweighting="exact",
        init_scale=1e-3, n_steps=n_steps, batch_size=args.batch_size,
        lr_schedule="constant_then_linear", snapshot_steps=2, random_state=args.seed).fit(X))

    U = closed.eigenvectors_
    Wg = grad.wv
    ov_top = subspace_overlap(embedding_subspace(Wg.vectors, top), U[:, :top])
    ov_10 = subspace_overlap(embedding_subspace(Wg.vectors, 10), U[:, :10])
    cos10 = principal_cosines(embedding_subspace(Wg.vectors, 10), U[:, :10]).min()
    Wg64 = Wg.vectors.astype(np.float64)
    outside = 1.0 - np.sum((U.T @ Wg64) ** 2) / np.sum(Wg64**2)
    acc_cf, nq = analogy(closed)
    acc_gr, _ = analogy(Wg)
    rel = grad.singular_values_[:top] ** 2 / lam[:top]
    print(f"\nQWEM gradient (d={d + args.extra}, top {d} kept) vs closed form (d={d})")
    print(f"  subspace overlap top-{top}: {ov_top:.3f}   top-10: {ov_10:.3f} "
          f"(min cosine {cos10:.3f}); energy outside the top {d}: {outside:.1%}")
    print(f"  learned sigma^2 / lambda over the top {top}: median {np.median(rel):.3f}, "
          f"range {rel.min():.3f}-{rel.max():.3f}")
    print(f"  analogy ({nq} questions): closed form {acc_cf:.4f}, gradient {acc_gr:.4f}, "
          f"difference {100 * (acc_gr - acc_cf):+.2f} points")

    if args.no_sgns:
        print(f"\ntimes: vectorizer {t_vec:.1f}s, closed form {t_cf:.1f}s, "
              f"plan {t_plan:.1f}s, gradient {t_gr:.1f}s")
        return
    chance = chance_overlap(10, V)
    sgns, t_sg = timed("SGNS (ours, documents)", lambda: SGNSEmbedding(
        n_components=d, window=args.window, min_count=1, max_vocab_size=V, sample=0,
        negative=k, ns_exponent=ns, epochs=args.sgns_epochs, n_jobs=2,
        random_state=0).fit(corpus))
    rows = [closed.vocabulary_[w] for w in sgns.words_]
    Usg = U[rows, :10]
    ov_sg = subspace_overlap(embedding_subspace(sgns.embedding_, 10), Usg)
    acc_sg, _ = analogy(sgns)
    print("\nSGNS top-10 subspace vs M*'s top-10 eigenvectors")
    print(f"  ours:   overlap {ov_sg:.3f} = {ov_sg / chance:.0f}x chance ({chance:.4f}); "
          f"analogy {acc_sg:.4f}")
    if args.gensim:
        gensim_report(corpus, args, V, closed, U, chance)
    print(f"\ntimes: vectorizer {t_vec:.1f}s, closed form {t_cf:.1f}s, plan {t_plan:.1f}s, "
          f"gradient {t_gr:.1f}s, SGNS {t_sg:.1f}s")


def gensim_report(corpus, args, V, closed, U, chance):
    import gzip

    from gensim.models import Word2Vec

    with gzip.open(corpus, "rt") if corpus.endswith(".gz") else open(corpus) as f:
        docs = [line.split() for line in f if line.strip()]
    docs = [doc[i:i + 10_000] for doc in docs for i in range(0, len(doc), 10_000)]
    model, _ = timed("gensim Word2Vec", lambda: Word2Vec(
        docs, sg=1, vector_size=args.dim, window=args.window, min_count=1, max_final_vocab=V,
        sample=0, negative=args.negative, ns_exponent=args.ns_exponent,
        epochs=args.sgns_epochs, workers=2, seed=0))
    words = [w for w in model.wv.index_to_key if w in closed.vocabulary_]
    rows = [closed.vocabulary_[w] for w in words]
    E = model.wv[words]
    ov = subspace_overlap(embedding_subspace(E, 10), U[rows, :10])
    acc, _ = analogy(WordVectors(words, E))
    print(f"  gensim: overlap {ov:.3f} = {ov / chance:.0f}x chance on {len(words)} shared "
          f"words; analogy {acc:.4f}")


if __name__ == "__main__":
    main()
