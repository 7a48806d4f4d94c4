"""``skw2v evaluate VECTORS``: analogy accuracy and word-similarity correlations."""

import json
import os
from functools import partial

from ..datasets import load_analogies, load_google_analogies, load_simlex999, load_wordsim353
from ..datasets import load_word_pairs
from ..scorers import analogy_accuracy, word_similarity
from ._common import (Progress, UserError, add_vector_options, check_input_file, finish_parser,
                      load_vectors, positive_int)

BUILTIN_ANALOGIES = {"google": load_google_analogies}
BUILTIN_PAIRS = {"wordsim353": load_wordsim353, "simlex999": load_simlex999}
# gensim's default for evaluate_word_analogies and evaluate_word_pairs
DEFAULT_RESTRICT_VOCAB = 300_000


def add_parser(commands):
    p = commands.add_parser(
        "evaluate", help="score vectors on analogies and word-similarity sets",
        description="Score VECTORS on the Google analogies (3CosAdd, or 3CosMul with "
                    "--cosmul), WordSim-353 and SimLex-999, or on your own files. Words "
                    "are compared lowercased unless --case-sensitive.")
    add_vector_options(p)
    p.add_argument("--analogies", action="append", metavar="FILE", default=None,
                   help="analogy file in word2vec's questions-words.txt format (': section' "
                        "lines, then 'a b c d'), or 'google' for the bundled set; repeat for "
                        "several. Default: google, unless only --pairs is given")
    p.add_argument("--pairs", action="append", metavar="FILE", default=None,
                   help="word-pair file 'word1<TAB>word2<TAB>score' ('#' comments), or "
                        "'wordsim353' / 'simlex999'; repeat for several. Default: both, "
                        "unless only --analogies is given")
    p.add_argument("--cosmul", action="store_true",
                   help="answer analogies with 3CosMul (Levy & Goldberg 2014) instead of "
                        "3CosAdd")
    p.add_argument("--restrict-vocab", type=positive_int, default=DEFAULT_RESTRICT_VOCAB,
                   metavar="N",
                   help="only the first N words (the most frequent) are used, as questions "
                        f"and as answers (default: {DEFAULT_RESTRICT_VOCAB:,}, as gensim)")
    p.add_argument("--sections", action="store_true",
                   help="one line per section of each analogy file")
    p.add_argument("--case-sensitive", action="store_true",
                   help="do not lowercase the questions and the vocabulary")
    return finish_parser(p, run, json=True)


def _load_tasks(args):
    """Every question file, read (and checked) before the vectors are."""
    analogies, pairs = args.analogies, args.pairs
    if analogies is None and pairs is None:
        analogies, pairs = ["google"], list(BUILTIN_PAIRS)
    tasks = []
    for kind, names, builtin, load, what in (
            ("analogy", analogies, BUILTIN_ANALOGIES, load_analogies, "analogy file"),
            ("pairs", pairs, BUILTIN_PAIRS, load_word_pairs, "word-pair file")):
        for name in names or []:
            if name not in builtin:
                check_input_file(name, what)
            data = (builtin.get(name) or partial(load, name))(lowercase=not args.case_sensitive)
            tasks.append((kind, name, data))
    return tasks


def _score(kind, data, wv, args):
    """The result as a dict, or ``{"error": ...}`` when the set cannot be scored."""
    common = {"case_insensitive": not args.case_sensitive,
              "restrict_vocab": args.restrict_vocab}
    try:
        if kind == "analogy":
            r = analogy_accuracy(wv, data, method="3cosmul" if args.cosmul else "3cosadd",
                                 **common)
            return {"accuracy": r.accuracy, "n_correct": r.n_correct,
                    "n_questions": r.n_questions, "n_skipped": r.n_skipped,
                    "method": r.method, "n_vocab": r.n_vocab,
                    "semantic_accuracy": r.semantic_accuracy,
                    "syntactic_accuracy": r.syntactic_accuracy,
                    "sections": {s.name: {"accuracy": s.accuracy, "n_correct": s.n_correct,
                                          "n_questions": s.n_questions,
                                          "n_skipped": s.n_skipped}
                                 for s in r.sections.values()}}
        r = word_similarity(wv, data, **common)
        return {"spearman": r.spearman, "pearson": r.pearson, "n_pairs": r.n_pairs,
                "n_oov": r.n_oov, "oov_ratio": r.oov_ratio}
    except ValueError as e:  # nothing answerable: say so, score the other sets
        return {"error": str(e)}


def _print(kind, name, result, args):
    label = os.path.basename(name) if kind == "pairs" else name
    if "error" in result:
        print(f"{label}: not scored: {result['error']}")
    elif kind == "analogy":
        method = "3CosMul" if args.cosmul else "3CosAdd"
        print(f"{label} analogies ({method}): accuracy {result['accuracy']:.4f} "
              f"({result['n_correct']} of {result['n_questions']} answered right; "
              f"{result['n_skipped']} skipped, a word outside the first "
              f"{result['n_vocab']:,})")
        if args.sections:
            width = max(len(s) for s in result["sections"])
            for s, r in result["sections"].items():
                acc = f"{r['accuracy']:.4f}" if r["accuracy"] is not None else "     -"
                print(f"  {s:<{width}}  {acc}  {r['n_correct']:5d} / {r['n_questions']:<5d}"
                      f"  skipped {r['n_skipped']}")
    else:
        print(f"{label}: Spearman {result['spearman']:.4f}, Pearson {result['pearson']:.4f} "
              f"({result['n_pairs']} pairs; {result['n_oov']} with an unknown word, skipped)")


def run(args):
    progress = Progress(args.quiet)
    tasks = _load_tasks(args)
    wv = load_vectors(args, progress)
    results = [(kind, name, _score(kind, data, wv, args)) for kind, name, data in tasks]
    if args.json:
        print(json.dumps({
            "vectors": {"path": args.vectors, "n_words": len(wv), "dim": wv.vector_size},
            "restrict_vocab": args.restrict_vocab,
            "analogies": {n: r for k, n, r in results if k == "analogy"},
            "similarity": {n: r for k, n, r in results if k == "pairs"},
        }, indent=2))
    else:
        for kind, name, result in results:
            _print(kind, name, result, args)
    if all("error" in r for _, _, r in results):
        raise UserError("no evaluation set could be scored on these vectors (see above)")
    return 0
