"""QWEM's fidelity to SGNS on text it was not tuned on, and as the corpus grows.

Run from the project root, under the shared lock, in pieces of a few minutes
each (``--parts``, ``--candidates``); ``--cache`` keeps every count matrix and
every score, so a later run reuses them and prints the whole table::

    flock /tmp/skw2v-bench.lock python benchmarks/bench_fidelity.py halves \
        --cache /tmp/fid --parts tune --candidates default old-defaults
    flock /tmp/skw2v-bench.lock python benchmarks/bench_fidelity.py sizes \
        --cache /tmp/fid --parts 2.0M 4.0M
    python benchmarks/bench_fidelity.py halves --cache /tmp/fid --table-only

**Split.** enwiki-17m holds 6,370 articles, one a line. Articles alternate:
lines 0, 2, 4, ... are the *tune* half (3,185 articles, 8.64 M words), lines
1, 3, 5, ... the *report* half (3,185 articles, 8.36 M words). Settings are
chosen on the tune half only; the report half is scored once they are fixed.
**Sizes.** The first articles of the whole corpus, in file order, until 2, 4
and 8 M words, then the whole corpus (17.0 M).

**Protocol** (the reviewer's): V = 10,000 most frequent words of the part,
window 10, d = 200, Google analogies (standard protocol) restricted to those
10,000 words. SGNS reference on the same part: ``SGNSEmbedding(200,
window=10, max_vocab_size=10000, sample=1e-4, negative=5, epochs=5)``.

**Candidates** (``--candidates``; each a vectorizer setting and a target):
``default`` is what a user gets, ``make_pipeline(CooccurrenceVectorizer(
max_vocab_size=10000), QWEMEmbedding(200))`` (window 10, harmonic weights,
subsampling 1e-4, k = 5, ns_exponent 0.5; since session 8 the closed form refined
on QWEM's weighted loss to ``refinement_tol``, labelled ``default@refine100-tolauto``
(``-magnitude`` since session 11: M*'s directions of largest ``|lambda|``)
(``-tol0.0001`` before session 10's tolerance scaled by the corpus);
``closed-form`` is the closed form alone); ``old-defaults`` counts as the
vectorizer did before them (linear window 5, no subsampling); the others vary
one thing from the defaults (see ``CANDIDATES``). Targets the library does not offer are
built here from its pieces (``qwem_distributions`` and the LOBPCG of
``skw2v.linalg``), so every candidate is solved the same way.
Every candidate is scored at eigenvalue powers p = 1/4, 1/2, 3/4 from one
eigensolve. PPMI-SVD (``PMISVDEmbedding(200)`` defaults, i.e. context
smoothing 0.75, and with context smoothing 1) runs on the default counts, and
its defaults on the old default counts when ``old-defaults`` is a candidate.

Every count and eigensolve is seeded, so a QWEM or PPMI-SVD score repeats
exactly on one commit (LOBPCG's few default iterations leave about +-0.005 of
solver noise between commits whose eigensolver differs); SGNS trains with 2 threads
and repeats only to a few tenths of a point.
"""

import argparse
import gzip
import hashlib
import json
import os
import pickle
import subprocess
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from _common import require_corpus
from scipy.sparse.linalg import LinearOperator

from skw2v import (CooccurrenceVectorizer, PMISVDEmbedding, QWEMEmbedding, SGNSEmbedding,
                   WordVectors)
from skw2v.linalg import top_eigenpairs
from skw2v.scorers import analogy_accuracy
from skw2v.statistics import check_cooccurrence, qwem_distributions

VOCAB, WINDOW, DIM = 10_000, 10, 200
SIZES = (2_000_000, 4_000_000, 8_000_000)


def read_articles(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [line for line in f.read().split("\n") if line.strip()]


def parts(articles, mode):
    """The named corpora of the study, as lists of articles."""
    if mode == "halves":
        return {"tune": articles[0::2], "report": articles[1::2]}
    out, total, n = {}, 0, 0
    lengths = [len(a.split()) for a in articles]
    for size in SIZES:
        while n < len(articles) and total < size:
            total += lengths[n]
            n += 1
        out[f"{total / 1e6:.1f}M"] = articles[:n]
    out[f"{sum(lengths) / 1e6:.1f}M"] = articles
    return out


class _Target(LinearOperator):
    """``S - 2 11^T`` in float32, S sparse: a variant of M* with the same constant part."""

    def __init__(self, S):
        super().__init__(dtype=np.float32, shape=S.shape)
        self.S = sp.csr_array(S, dtype=np.float32)

    def _matmat(self, B):
        B = np.asarray(B, dtype=np.float32)
        return self.S @ B - 2.0 * B.sum(axis=0, keepdims=True)

    def _matvec(self, x):
        return self._matmat(np.reshape(x, (-1, 1)))[:, 0]


def prototype(X, *, negative=5, ns_exponent=0.5, shrink=0.0, q_side="counts", seed=0,
              max_iter=None):
    """Eigenpairs of a variant of M* that the library does not offer.

    shrink c: ``M*_ij = 2 (X_ij - E_ij) / (X_ij + E_ij + 2 c)`` on observed pairs
    (E = N Q, the pair's expected count under the negative distribution; c in
    counts): rare pairs pulled toward -2's side of zero, unseen pairs stay -2.
    q_side "word2vec": ``Q_ij = k (p_i n_j + n_i p_j) / 2`` with p the pair
    marginal (what a centre word is, after subsampling) and n ~ counts ** ns
    (what a negative is).
    """
    A, words, counts = check_cooccurrence(X)
    P, q = qwem_distributions(A, counts, ns_exponent=ns_exponent)
    V = P.shape[0]
    rows = np.repeat(np.arange(V), np.diff(P.indptr))
    p = np.asarray(P.sum(axis=1)).ravel()
    if q_side == "word2vec":
        n = q
        Qv = negative * 0.5 * (p[rows] * n[P.indices] + n[rows] * p[P.indices])
    else:
        Qv = negative * q[rows] * q[P.indices]
    if shrink:
        N = float(A.sum())
        M = 2 * (P.data - Qv) * N / ((P.data + Qv) * N + 2 * shrink)
    else:
        M = 2 * (P.data - Qv) / (P.data + Qv)
    S = sp.csr_array((M + 2.0, P.indices, P.indptr), shape=P.shape)
    lam, U, _ = top_eigenpairs(_Target(S), DIM, solver="lobpcg", random_state=seed,
                               max_iter=max_iter)
    return words, lam, U


# name: (vectorizer parameters on top of the defaults, QWEMEmbedding parameters or a
#        prototype's, whether it is a prototype)
CANDIDATES = {
    "default": ({}, {}, False),
    "old-defaults": ({"window": 5, "weighting": "linear", "subsample": None}, {}, False),
    "evidence-0.5": ({}, {"evidence_weighting": 0.5}, False),
    "evidence-1": ({}, {"evidence_weighting": 1.0}, False),
    "closed-form": ({}, {"weighted_refinement": 0}, False),
    "positive-directions": ({}, {"directions": "positive"}, False),
    "weighted-1": ({}, {"weighted_refinement": 1}, False),
    "weighted-2": ({}, {"weighted_refinement": 2}, False),
    "weighted-6": ({}, {"weighted_refinement": 6}, False),
    "weighted-8": ({}, {"weighted_refinement": 8}, False),
    "weighted-12": ({}, {"weighted_refinement": 12}, False),
    **{f"weighted-{n}-floor-{a:g}": ({}, {"weighted_refinement": n, "refinement_floor": a}, False)
       for n in (6, 12) for a in (0.3, 1.0, 3.0, 10.0)},
    **{f"weighted-{n}-anchor-{b:g}": ({}, {"weighted_refinement": n, "refinement_anchor": b},
                                       False)
       for n in (6, 12) for b in (0.3, 1.0, 3.0, 10.0)},
    "linear-window": ({"weighting": "linear"}, {}, False),
    "no-subsampling": ({"subsample": None}, {}, False),
    "ns-0.75": ({}, {"ns_exponent": 0.75}, False),
    "window-5": ({"window": 5}, {}, False),
    "window-15": ({"window": 15}, {}, False),
    "paper-plain": ({"weighting": "linear", "subsample": None},
                    {"ns_exponent": 1.0, "negative": 1}, False),
    "shrink-1": ({}, {"shrink": 1.0}, True),
    "word2vec-q": ({}, {"q_side": "word2vec", "ns_exponent": 0.75}, True),
}


def score(words, W):
    return analogy_accuracy(WordVectors(words, W.astype(np.float32)),
                            restrict_vocab=VOCAB).accuracy


def run_qwem(X, params, is_prototype, seed=0, max_iter=None):
    """Analogy accuracy at p = 1/4, 1/2, 3/4 from one LOBPCG solve (``max_iter``
    None: the library's default iterations) started from ``seed``."""
    if is_prototype:
        words, lam, U = prototype(X, seed=seed, max_iter=max_iter, **params)
    else:
        est = QWEMEmbedding(DIM, random_state=seed, max_iter=max_iter, n_jobs=2,
                            **params).fit(X)
        words, lam, U = est.words_, est.eigenvalues_.copy(), est.eigenvectors_
        if est.baseline_eigenvalue_ is not None:  # zero in embedding_, the last direction
            lam[-1] = 0.0
    lam = np.abs(lam)  # negative directions (directions="magnitude") scale by |lambda|^p
    return [score(words, U * lam[None, :] ** p) for p in (0.25, 0.5, 0.75)]


class Cache:
    """Count matrices and scores of earlier runs, kept in a folder (or nowhere).

    Every score is stored with the commit and the load it was measured at, so a
    table assembled from several locked runs says where each figure came from.
    """

    def __init__(self, folder, mode):
        self.folder = Path(folder) if folder else None
        self.scores, self.path = {}, None
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.path = self.folder / f"{mode}-scores.json"
            if self.path.exists():
                self.scores = json.loads(self.path.read_text())

    def score(self, key, compute):
        """``(value, cached)``: the stored value of ``key``, or ``compute()``'s, stored."""
        if key in self.scores:
            return self.scores[key]["value"], True
        t = time.perf_counter()
        value = compute()
        self.scores[key] = {"value": value, "seconds": round(time.perf_counter() - t, 1),
                            "commit": COMMIT, "load": os.getloadavg()[0]}
        if self.path is not None:
            _write_atomic(self.path, json.dumps(self.scores, indent=1).encode())
        return value, False

    def counts(self, part, params, compute):
        """The co-occurrence matrix of ``part`` counted with ``params``."""
        if self.folder is None:
            return compute()
        tag = hashlib.sha1(repr(sorted(params.items())).encode()).hexdigest()[:10]
        path = self.folder / f"counts-{part}-{tag}.pkl"
        if path.exists():
            return pickle.loads(path.read_bytes())
        X = compute()
        _write_atomic(path, pickle.dumps(X, protocol=pickle.HIGHEST_PROTOCOL))
        return X


def _write_atomic(path, data):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _commit():
    """The commit measured: ``SKW2V_MEASURED_COMMIT`` (set it when running an exported
    snapshot of a commit, away from a working tree others are editing), else HEAD."""
    if os.environ.get("SKW2V_MEASURED_COMMIT"):
        return os.environ["SKW2V_MEASURED_COMMIT"]
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, cwd=Path(__file__).parent, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


COMMIT = _commit()


def vectorizer_params(**overrides):
    """The study's counting: the vectorizer's defaults at V = 10k, window 10, seeded."""
    return {"max_vocab_size": VOCAB, "window": WINDOW, "n_jobs": 2, "random_state": 0,
            **overrides}


def fit_sgns(docs):
    est = SGNSEmbedding(DIM, window=WINDOW, max_vocab_size=VOCAB, sample=1e-4, negative=5,
                        epochs=5, n_jobs=2, random_state=0).fit(docs)
    return analogy_accuracy(est.wv, restrict_vocab=VOCAB).accuracy


PPMI = {"ppmi-defaults": ("default", {}),
        "ppmi-cds1": ("default", {"context_smoothing": 1.0}),
        "ppmi-defaults/old-counts": ("old-defaults", {})}


def fit_ppmi(X, params):
    est = PMISVDEmbedding(DIM, random_state=0, **params).fit(X)
    return analogy_accuracy(est.wv, restrict_vocab=VOCAB).accuracy


def _refinement_tag(params, is_prototype):
    """How a candidate's fit refines, in its cache key and label: ``""`` for a closed form,
    else ``"@refine<max steps>-tol<tol>"``. Since session 8 the estimator's defaults refine
    (``weighted_refinement=100``; ``refinement_tol=1e-4`` until session 10, "auto" since), so
    a score cached under a bare name by an earlier session (a closed form) is never taken for
    today's fit of that name."""
    if is_prototype:
        return ""
    est = QWEMEmbedding(**params)
    # since session 11 the default closed form keeps the directions of largest |lambda|
    directions = "-magnitude" if est.directions == "magnitude" else ""
    if not est.weighted_refinement:
        return directions
    tol = est.refinement_tol
    return (f"@refine{est.weighted_refinement}-tol{tol if tol == 'auto' else format(tol, 'g')}"
            + directions)


def run_part(name, docs, args, cache):
    counted = {}

    def counts(cand):
        params = vectorizer_params(**CANDIDATES[cand][0])
        key = tuple(sorted(params.items()))
        if key not in counted:
            counted[key] = cache.counts(name, params, lambda: CooccurrenceVectorizer(
                **params).fit_transform(docs))
        return counted[key]

    def show(label, value, cached, sgns):
        vals = value if isinstance(value, list) else [value]
        mid = vals[len(vals) // 2]
        ratio = f"  {mid / sgns:.3f}x SGNS" if sgns else ""
        print(f"{name:8s} {label:38s} " + " ".join(f"{v:.4f}" for v in vals) + ratio
              + ("  (cached)" if cached else ""), flush=True)

    sgns = None
    if not args.no_sgns:
        sgns, cached = cache.score(f"{name}|sgns", lambda: fit_sgns(docs))
        show("SGNS 5 epochs", sgns, cached, None)
    for cand in args.candidates:
        _, params, is_prototype = CANDIDATES[cand]
        for seed in args.seeds:
            tag = cand + _refinement_tag(params, is_prototype) + (
                f"@seed{seed}" if seed else "") + (
                f"@iter{args.max_iter}" if args.max_iter else "")
            accs, cached = cache.score(f"{name}|qwem|{tag}", lambda: run_qwem(
                counts(cand), params, is_prototype, seed, args.max_iter))
            show(f"QWEM {tag} p=1/4,1/2,3/4", accs, cached, sgns)
    if not args.no_ppmi:
        for label, (cand, params) in PPMI.items():
            if cand not in args.candidates and cand != "default":
                continue
            acc, cached = cache.score(f"{name}|{label}",
                                      lambda: fit_ppmi(counts(cand), params))
            show(label, acc, cached, sgns)


def print_table(names, cache):
    """The study's table, every stored score of these parts: one row per item."""
    items = []
    for key in cache.scores:
        part, item = key.split("|", 1)
        if part in names and item not in items:
            items.append(item)
    print(f"\n| | {' | '.join(names)} |\n| --- |{' --- |' * len(names)}")
    for item in items:
        cells = []
        for part in names:
            entry = cache.scores.get(f"{part}|{item}")
            sgns = cache.scores.get(f"{part}|sgns")
            if entry is None:
                cells.append("")
                continue
            vals = entry["value"] if isinstance(entry["value"], list) else [entry["value"]]
            cell = " / ".join(f"{v:.4f}" for v in vals)
            if sgns and item != "sgns":
                cell += f" ({vals[len(vals) // 2] / sgns['value']:.3f}x)"
            cells.append(cell)
        print(f"| {item.replace('|', ' ')} | " + " | ".join(cells) + " |")
    commits = sorted({cache.scores[k]["commit"] for k in cache.scores
                      if k.split("|", 1)[0] in names})
    print(f"\nmeasured at commit(s) {', '.join(commits)}; QWEM cells: p = 1/4 / 1/2 / 3/4, "
          "ratio at p = 1/2")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["halves", "sizes"])
    parser.add_argument("--candidates", nargs="+", default=list(CANDIDATES),
                        choices=list(CANDIDATES))
    parser.add_argument("--parts", nargs="+", default=None,
                        help="only these parts (tune, report; or sizes such as 2.0M)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0],
                        help="LOBPCG starting blocks (random_state) of every QWEM solve: "
                             "several measure the solver noise")
    parser.add_argument("--max-iter", type=int, default=None,
                        help="LOBPCG iterations (default: the library's)")
    parser.add_argument("--no-sgns", action="store_true")
    parser.add_argument("--no-ppmi", action="store_true")
    parser.add_argument("--cache", default=None,
                        help="folder keeping count matrices and scores between runs")
    parser.add_argument("--table-only", action="store_true",
                        help="compute nothing: print the table of the cached scores")
    parser.add_argument("--corpus", default=None)
    args = parser.parse_args()
    if args.table_only and not args.cache:
        parser.error("--table-only prints cached scores: give --cache")
    articles = read_articles(require_corpus(args.corpus) if args.corpus else require_corpus())
    corpora = parts(articles, args.mode)
    unknown = set(args.parts or ()) - set(corpora)
    if unknown:
        parser.error(f"--parts {sorted(unknown)} are not parts of {args.mode}: "
                     f"choose from {list(corpora)}")
    print(f"# {args.mode} at commit {COMMIT}, load {os.getloadavg()[0]:.1f}: " + ", ".join(
        f"{k} = {len(v)} articles, {sum(len(a.split()) for a in v):,} words"
        for k, v in corpora.items()), flush=True)
    cache = Cache(args.cache, args.mode)
    if not args.table_only:
        for name, docs in corpora.items():
            if not args.parts or name in args.parts:
                run_part(name, docs, args, cache)
    print_table(list(corpora), cache)


if __name__ == "__main__":
    main()
