"""``skw2v train CORPUS -o OUTPUT``: fit an embedding on a text file and write its vectors."""

import time

from .. import CooccurrenceVectorizer, PMISVDEmbedding, QWEMEmbedding, SGNSEmbedding
from ._common import (Progress, UserError, check_input_file, check_output_file, finish_parser,
                      non_negative_int, positive_int, probability, threads)

# Per-model defaults, each the best measured setting (benchmarks/RESULTS.md): the closed
# forms on windows of 10 with subsampling 1e-4 before counting (QWEM: harmonic weights,
# +0.016 to +0.025 analogy), QWEM refined on its weighted loss as QWEMEmbedding does by
# default; SGNS with word2vec's own window 5 and sample 1e-3.
DEFAULTS = {
    "qwem": {"window": 10, "weighting": "harmonic", "sample": 1e-4, "vocab": 50_000,
             "refine": QWEMEmbedding().weighted_refinement},
    "ppmi": {"window": 10, "weighting": "linear", "sample": 1e-4, "vocab": 50_000},
    "sgns": {"window": 5, "sample": 1e-3, "vocab": None, "epochs": 5},
}

MODEL_HELP = """\
qwem (default): QWEM (Karkada et al. 2025) from co-occurrence counts: the closed form (the
eigenvectors of the target M* of largest |eigenvalue|), then down QWEM's own pair-weighted
loss until it stops falling (--refine). The best measured: on 17 M words of Wikipedia
(V=10k, d=200) it answers 0.619-0.623 of the Google analogies against SGNS's 0.58, with no
epochs to run: one counting pass, an eigensolve (15 s at V=10k) and about 44 refinement
steps (about 75 s) instead of 100-190 s of SGNS training; --refine 0 keeps the closed form
alone (0.58).
sgns: word2vec's skip-gram with negative sampling (streams the corpus --epochs times).
ppmi: truncated SVD of the positive PMI matrix (0.50 on the same test)."""


def add_parser(commands):
    p = commands.add_parser(
        "train", help="learn word vectors from a text file and write them",
        description="Learn word vectors from CORPUS (plain text or .gz, one document per "
                    "line, tokens separated by whitespace, as word2vec reads) and write "
                    "them to OUTPUT in word2vec format. Defaults that depend on --model "
                    "are shown as qwem/ppmi/sgns.")
    p.add_argument("corpus", metavar="CORPUS", help="text file, or gzip-compressed")
    p.add_argument("-o", "--output", required=True, metavar="OUTPUT",
                   help="where to write the vectors (word2vec text; --binary for binary; "
                        "a .gz name compresses). Written atomically: an interrupted run "
                        "leaves no partial file")
    p.add_argument("--model", choices=["qwem", "sgns", "ppmi"], default="qwem",
                   help=MODEL_HELP)
    p.add_argument("--dim", type=positive_int, default=100,
                   help="dimension of the vectors (default: 100, as word2vec)")
    p.add_argument("--window", type=positive_int, default=None,
                   help="largest distance between a word and its context (default: 10/10/5)")
    p.add_argument("--min-count", type=positive_int, default=5,
                   help="ignore words seen fewer times (default: 5)")
    p.add_argument("--vocab", type=positive_int, default=None,
                   help="keep at most this many of the most frequent words (default: "
                        "50000/50000/no limit: the closed forms' cost grows with V)")
    p.add_argument("--negative", type=positive_int, default=5,
                   help="negative samples per positive pair; for the closed forms the "
                        "shift k of the target (default: 5)")
    p.add_argument("--epochs", type=positive_int, default=None,
                   help="passes over the corpus, sgns only (default: 5)")
    p.add_argument("--refine", type=non_negative_int, default=None, metavar="STEPS",
                   help="qwem only: at most this many conjugate-gradient steps on QWEM's "
                        "weighted loss after the closed form, stopped earlier when the loss "
                        "stops falling; 0 for the closed form alone, several times faster "
                        f"(default: {DEFAULTS['qwem']['refine']})")
    p.add_argument("--sample", type=probability, default=None,
                   help="frequency subsampling threshold t, word2vec's -sample; 0 keeps "
                        "every token (default: 1e-4/1e-4/1e-3)")
    p.add_argument("--weighting", choices=["linear", "uniform", "harmonic"], default=None,
                   help="weight of a context at distance d within the window, qwem and "
                        "ppmi only: linear (window + 1 - d) / window as word2vec's dynamic "
                        "window, uniform, or harmonic 1/d as GloVe (default: harmonic/linear)")
    p.add_argument("--threads", type=threads, default=-1,
                   help="worker threads, -1 for all cores (default: -1)")
    p.add_argument("--seed", type=int, default=0,
                   help="random seed (default: 0; runs repeat exactly with --threads 1)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--binary", action="store_true",
                     help="write word2vec's binary format instead of text")
    fmt.add_argument("--no-header", action="store_true",
                     help="write GloVe's format: text without the '<V> <d>' first line")
    return finish_parser(p, run)


def _settings(args):
    """Fill the per-model defaults; refuse options that do not apply to the model."""
    defaults = DEFAULTS[args.model]
    for option in ("epochs", "weighting", "refine"):
        if getattr(args, option) is not None and option not in defaults:
            raise UserError(f"--{option} applies to --model "
                            f"{' and '.join(m for m in DEFAULTS if option in DEFAULTS[m])}, "
                            f"not {args.model}")
    for option, value in defaults.items():
        if getattr(args, option) is None:
            setattr(args, option, value)
    return args


def _check_dimension(args, n_words):
    if args.dim < n_words:
        return
    if args.vocab is not None and n_words >= args.vocab:
        raise UserError(f"--dim {args.dim} needs more than {args.dim} words, but --vocab "
                        f"{args.vocab} keeps only {n_words}: raise --vocab or lower --dim")
    raise UserError(
        f"--dim {args.dim} needs more than {args.dim} words, but {args.corpus!r} has only "
        f"{n_words} seen at least --min-count {args.min_count} times: lower --dim (below "
        f"{n_words}) or --min-count, or use a larger corpus")


def _closed_form(args, progress):
    vectorizer = CooccurrenceVectorizer(
        window=args.window, weighting=args.weighting, subsample=args.sample or None,
        min_count=args.min_count, max_vocab_size=args.vocab, n_jobs=args.threads,
        random_state=args.seed, verbose=int(not args.quiet))
    with progress.stage(f"reading and counting {args.corpus} (window {args.window}, "
                        f"{args.weighting} weights, sample {args.sample:g})"):
        X = vectorizer.fit_transform(args.corpus)
    progress.say(f"  {vectorizer.n_tokens_:,} tokens, V = {X.shape[0]:,} words, "
                 f"{X.nnz:,} non-zero counts")
    _check_dimension(args, X.shape[0])
    if args.model == "qwem":
        model = QWEMEmbedding(args.dim, negative=args.negative, weighted_refinement=args.refine,
                              random_state=args.seed, n_jobs=args.threads,
                              verbose=int(not args.quiet))
        what = "eigensolve of QWEM's M*" + (
            f", then at most {args.refine} steps on its weighted loss" if args.refine else "")
    else:
        model = PMISVDEmbedding(args.dim, negative=args.negative, random_state=args.seed)
        what = "truncated SVD of the positive PMI"
    with progress.stage(f"{what} (d = {args.dim})"):
        model.fit(X)
    if args.model == "qwem" and args.refine:
        progress.say(f"  {model.n_refinement_steps_} refinement steps")
    return model


def _sgns(args, progress):
    model = SGNSEmbedding(
        args.dim, window=args.window, min_count=args.min_count, max_vocab_size=args.vocab,
        sample=args.sample, negative=args.negative, epochs=args.epochs,
        n_jobs=args.threads, random_state=args.seed, verbose=int(not args.quiet))
    start = time.perf_counter()
    with progress.stage(f"reading {args.corpus} and training SGNS ({args.epochs} epochs, "
                        f"window {args.window}, sample {args.sample:g})"):
        model.fit(args.corpus)
    if model.interrupted_:
        # SGNS keeps what it trained so far on Ctrl-C; a command writes nothing then
        raise KeyboardInterrupt
    seconds = time.perf_counter() - start
    words = int(model.word_counts_.sum()) * args.epochs
    progress.say(f"  V = {len(model.words_):,} words; {words / seconds:,.0f} words/s "
                 "over all epochs, reading included")
    return model


def run(args):
    args = _settings(args)
    check_input_file(args.corpus, "corpus")
    check_output_file(args.output)
    progress = Progress(args.quiet)
    model = (_sgns if args.model == "sgns" else _closed_form)(args, progress)
    with progress.stage(f"writing {args.output}"):
        model.wv.save_word2vec_format(args.output, binary=args.binary,
                                      write_header=not args.no_header)
    return 0
