"""``skw2v documents DOCS -o FEATURES.npy``: one vector per document, for any classifier.

The command runs :class:`skw2v.EmbeddingVectorizer` with its defaults (word
vectors learned on the documents by the measured recipe, IDF-weighted pooling,
the dimension chosen from the counts) and writes the ``(n_documents, d)``
float32 matrix as a NumPy ``.npy`` file, row i for line i of DOCS.
"""

import sys
import warnings

import numpy as np

from .. import EmbeddingVectorizer
from ..io import atomic_write
from ._common import (Progress, UserError, check_input_file, check_output_file, finish_parser,
                      load_vectors, positive_int, threads)

POOLINGS = ["tfidf", "sif", "mean", "max"]


def add_parser(commands):
    p = commands.add_parser(
        "documents", help="turn documents into vectors for a classifier (a .npy matrix)",
        description="Write one vector per line of DOCS (plain text or .gz, one document per "
                    "line) to OUTPUT, a NumPy .npy file of float32 with one row per "
                    "document, in order: np.load(OUTPUT) is the feature matrix of "
                    "EmbeddingVectorizer().fit_transform. Word vectors are learned on the "
                    "fit documents (--fit, default DOCS) unless --vectors gives them; the "
                    "pooling's statistics (IDF) always come from the fit documents, so "
                    "train and test features of one model are: 'skw2v documents train.txt "
                    "-o train.npy --save-vectors wv.wv', then 'skw2v documents test.txt "
                    "--fit train.txt --vectors wv.wv -o test.npy' (the features "
                    "EmbeddingVectorizer().fit(train).transform(test) gives).")
    p.add_argument("docs", metavar="DOCS", help="documents, one per line (text or .gz)")
    p.add_argument("-o", "--output", required=True, metavar="OUTPUT",
                   help="where to write the matrix (.npy; written atomically)")
    p.add_argument("--fit", metavar="FIT_DOCS", default=None,
                   help="documents to learn the word vectors and the pooling statistics on "
                        "(default: DOCS itself)")
    p.add_argument("--vectors", metavar="VECTORS", default=None,
                   help="pretrained word vectors (word2vec text or binary, GloVe, gzipped, "
                        "or a WordVectors.save manifest) instead of learning them")
    p.add_argument("--save-vectors", metavar="PATH", default=None,
                   help="also write the word vectors used: a name ending in .wv writes "
                        "WordVectors.save's exact layout (a manifest and a .npy table, "
                        "memory-mapped by --vectors), any other word2vec text (.gz "
                        "compresses; 6 significant digits)")
    p.add_argument("--pooling", choices=POOLINGS, default="tfidf",
                   help="tfidf: IDF-weighted mean (default, measured best); sif: Arora et "
                        "al.'s weights and first principal component removed; mean; max")
    p.add_argument("--dim", type=positive_int, default=None,
                   help="dimension of the learned vectors (default: chosen from the counts, "
                        "600 on 20 Newsgroups' 11k posts)")
    p.add_argument("--vocab", type=positive_int, default=30_000,
                   help="words the learned vectors keep, most frequent first (default: 30000)")
    p.add_argument("--min-count", type=positive_int, default=2,
                   help="ignore words seen fewer times when learning (default: 2)")
    p.add_argument("--whitespace", action="store_true",
                   help="split tokens on whitespace as word2vec does (default: scikit-learn's "
                        "words of two or more letters or digits, lowercased)")
    p.add_argument("--threads", type=threads, default=-1,
                   help="worker threads, -1 for all cores (default: -1)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    p.set_defaults(format="auto", limit=None, unicode_errors="strict")
    return finish_parser(p, run)


def _check_paths(args):
    check_input_file(args.docs, "documents file")
    if args.fit is not None:
        check_input_file(args.fit, "fit documents file")
    if not args.output.endswith(".npy"):
        raise UserError(f"output {args.output!r} must end with .npy: it is written as a "
                        "NumPy array (np.load reads it)")
    check_output_file(args.output)
    if args.save_vectors is not None:
        check_output_file(args.save_vectors)
    if args.vectors is not None and args.dim is not None:
        raise UserError("--dim sets the dimension of learned vectors; with --vectors the "
                        "file's dimension is used: drop one of them")


def run(args):
    _check_paths(args)
    progress = Progress(args.quiet)
    embedding = None if args.vectors is None else load_vectors(args, progress)
    tokens = {"token_pattern": None} if args.whitespace else {}
    vectorizer = EmbeddingVectorizer(
        embedding, n_components=args.dim, pooling=args.pooling, max_vocab_size=args.vocab,
        min_count=args.min_count, n_jobs=args.threads, random_state=args.seed, **tokens)
    fit_docs = args.fit or args.docs
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        what = "learning word vectors and " if embedding is None else ""
        with progress.stage(f"reading {fit_docs}, {what}the pooling statistics"):
            if args.fit is None:
                X = vectorizer.fit_transform(args.docs)
            else:
                vectorizer.fit(args.fit)
        progress.say(f"  {len(vectorizer.word_vectors_):,} words x "
                     f"{vectorizer.n_components_} dimensions; {vectorizer.n_oov_tokens_:,} of "
                     f"{vectorizer.n_tokens_:,} tokens out of vocabulary")
        if args.fit is not None:
            with progress.stage(f"pooling {args.docs}"):
                X = vectorizer.transform(args.docs)
    for w in caught:  # the library's warnings, as the command's own lines
        print(f"skw2v: warning: {' '.join(str(w.message).split())}", file=sys.stderr)
    with progress.stage(f"writing {args.output} ({X.shape[0]:,} x {X.shape[1]} float32)"):
        with atomic_write(args.output, compress=False) as f:
            np.save(f, X)
        wv = vectorizer.word_vectors_
        if args.save_vectors is not None and args.save_vectors.endswith(".wv"):
            wv.save(args.save_vectors)
        elif args.save_vectors is not None:
            wv.save_word2vec_format(args.save_vectors)
    return 0
