"""``skw2v neighbors VECTORS WORD...``: nearest words, and analogies."""

import json

from ._common import (Progress, UserError, add_vector_options, finish_parser, load_vectors,
                      positive_int)


def add_parser(commands):
    p = commands.add_parser(
        "neighbors", help="nearest words of words, or the answer to an analogy",
        description="Print the words closest (by cosine) to each WORD, or, with --positive "
                    "and --negative, to the sum of the positive words minus the negative "
                    "ones: --positive king woman --negative man answers man : king :: "
                    "woman : ?. Query words are never listed as answers.")
    add_vector_options(p)
    p.add_argument("words", nargs="*", metavar="WORD", help="words to find neighbours of")
    p.add_argument("--positive", nargs="+", default=[], metavar="WORD",
                   help="words to add (an analogy query)")
    p.add_argument("--negative", nargs="+", default=[], metavar="WORD",
                   help="words to subtract (an analogy query)")
    p.add_argument("--topn", "-n", type=positive_int, default=10,
                   help="how many neighbours (default: 10)")
    p.add_argument("--cosmul", action="store_true",
                   help="rank with 3CosMul (Levy & Goldberg 2014) instead of 3CosAdd")
    p.add_argument("--restrict-vocab", type=positive_int, default=None, metavar="N",
                   help="search only the first N (most frequent) words")
    return finish_parser(p, run, json=True)


def run(args):
    if not args.words and not args.positive and not args.negative:
        raise UserError("give words to find neighbours of, or --positive / --negative words")
    progress = Progress(args.quiet)
    wv = load_vectors(args, progress)
    queries = [([w], [], w) for w in args.words]
    if args.positive or args.negative:
        label = " + ".join(args.positive) + "".join(f" - {w}" for w in args.negative)
        queries.append((args.positive, args.negative, label.strip(" +")))
    # every word checked before anything is printed: one error naming all unknown words
    wv.indices([w for pos, neg, _ in queries for w in pos + neg])
    method = "3cosmul" if args.cosmul else "3cosadd"
    answers = {label: wv.most_similar(positive=pos, negative=neg, topn=args.topn,
                                      restrict_vocab=args.restrict_vocab, method=method)
               for pos, neg, label in queries}
    if args.json:
        print(json.dumps({label: [{"word": w, "score": s} for w, s in found]
                          for label, found in answers.items()}, indent=2, ensure_ascii=False))
        return 0
    for label, found in answers.items():
        print(f"{label}:")
        width = max([len(w) for w, _ in found] + [1])
        for rank, (w, s) in enumerate(found, start=1):
            print(f"  {rank:3d}  {w:<{width}}  {s:.4f}")
    return 0
