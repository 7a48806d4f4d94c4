"""What every command shares: argument types, user errors, progress, reading vectors."""

import argparse
import contextlib
import os
import sys
import time

from .._vectors import WordVectors
from ..io import detect_word2vec_format, is_vectors_npy

__all__ = ["Progress", "UserError", "add_vector_options", "check_input_file",
           "check_output_file", "finish_parser", "load_vectors", "non_negative_int",
           "positive_int", "probability", "threads"]

# --format of evaluate/neighbors -> keyword arguments of the readers
FORMATS = {
    "text": {"binary": False, "no_header": False},
    "binary": {"binary": True, "no_header": False},
    "glove": {"binary": False, "no_header": True},
}
FORMAT_NAMES = {(False, False): "word2vec text", (True, False): "word2vec binary",
                (False, True): "GloVe text (no header)"}


class UserError(Exception):
    """A mistake in what the user asked for: reported on one line, exit status 2."""


def _whole_number(text, least):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number >= {least}, got {text!r}") from None
    if value < least:
        raise argparse.ArgumentTypeError(f"expected a whole number >= {least}, got {text!r}")
    return value


def positive_int(text):
    """argparse type: an int >= 1."""
    return _whole_number(text, 1)


def non_negative_int(text):
    """argparse type: an int >= 0."""
    return _whole_number(text, 0)


def threads(text):
    """argparse type: an int >= 1, or a negative int counting back from all cores (-1: all)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number of threads (>= 1, or -1 for all cores), got {text!r}") from None
    if value == 0:
        raise argparse.ArgumentTypeError("expected a number of threads >= 1, or -1 for all "
                                         "cores; 0 threads cannot run anything")
    return value


def probability(text):
    """argparse type: a float in [0, 1]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got {text!r}")
    return value


def check_input_file(path, what):
    """Refuse a missing, unreadable or directory input before any work is done."""
    if not os.path.exists(path):
        raise UserError(f"{what} {path!r} does not exist")
    if os.path.isdir(path):
        raise UserError(f"{what} {path!r} is a directory, not a file")
    if not os.access(path, os.R_OK):
        raise UserError(f"{what} {path!r} is not readable (permission denied)")


def check_output_file(path):
    """Refuse an output the run could not write, before hours of training."""
    if os.path.isdir(path):
        raise UserError(f"output {path!r} is a directory; give a file name")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UserError(f"the folder of the output {path!r} does not exist")
    if not os.access(folder, os.W_OK):
        raise UserError(f"cannot write to {folder!r} (permission denied), where the output "
                        f"{path!r} and its temporary file go")


class Progress:
    """Stage messages on stderr, with their time; silent when ``quiet``."""

    def __init__(self, quiet):
        self.quiet = quiet

    def say(self, message):
        if not self.quiet:
            print(message, file=sys.stderr, flush=True)

    @contextlib.contextmanager
    def stage(self, message):
        """Announce a stage, run it with the estimators' own progress output (which
        goes to stdout) sent to stderr, and report its duration."""
        self.say(f"{message} ...")
        start = time.perf_counter()
        with contextlib.redirect_stdout(sys.stderr):
            yield self
        self.say(f"  done in {time.perf_counter() - start:.1f} s")


def finish_parser(parser, run, *, json=False):
    """The options every command ends with (--json, --quiet), and the function it runs."""
    if json:
        parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(run=run)
    return parser


def add_vector_options(parser):
    """--format / --limit / --unicode-errors of the commands that read vectors."""
    parser.add_argument(
        "vectors", metavar="VECTORS",
        help="word vectors: word2vec text or binary, GloVe text (no header line), any of "
             "them gzipped, or a manifest written by WordVectors.save")
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument(
        "--format", choices=["auto", *FORMATS, "npy"], default="auto",
        help="format of VECTORS (default: recognised from the content; 'npy' is "
             "WordVectors.save's layout, memory-mapped)")
    fmt.add_argument("--binary", dest="format", action="store_const", const="binary",
                     help="the same as --format binary")
    fmt.add_argument("--no-header", dest="format", action="store_const", const="glove",
                     help="the same as --format glove (text without the '<V> <d>' line)")
    parser.add_argument("--limit", type=positive_int, default=None, metavar="N",
                        help="read only the first N words (the most frequent, in most files)")
    parser.add_argument("--unicode-errors", default="strict",
                        choices=["strict", "replace", "ignore"],
                        help="what to do with words that are not valid UTF-8 (word2vec.c "
                             "cuts long words inside a character; default: strict)")


def _format_hint(path, asked):
    """When the file looks like another format than the one asked for, say which."""
    try:
        found = detect_word2vec_format(path)
    except (ValueError, OSError):
        return ""
    if found == asked:
        return ""
    return (f" ({path!r} looks like {FORMAT_NAMES[found['binary'], found['no_header']]}, "
            "not " + FORMAT_NAMES[asked["binary"], asked["no_header"]] + ": try --format auto)")


def load_vectors(args, progress):
    """Read ``args.vectors`` as :class:`WordVectors` according to --format and --limit."""
    path = args.vectors
    check_input_file(path, "vectors file")
    fmt = args.format
    if fmt == "auto":
        fmt = "npy" if is_vectors_npy(path) else None
    start = time.perf_counter()
    if fmt == "npy":
        name = "WordVectors.save manifest, memory-mapped"
        wv = WordVectors.load(path, mmap="r")
        if args.limit is not None and args.limit < len(wv):
            wv = WordVectors(wv.words[:args.limit], wv.vectors[:args.limit])
    else:
        kwargs = FORMATS[fmt] if fmt else detect_word2vec_format(path)
        name = FORMAT_NAMES[kwargs["binary"], kwargs["no_header"]]
        try:
            wv = WordVectors.load_word2vec_format(path, limit=args.limit,
                                                  unicode_errors=args.unicode_errors, **kwargs)
        except ValueError as e:
            raise UserError(f"{e}{_format_hint(path, kwargs)}") from None
    if len(wv) == 0:
        raise UserError(f"{path!r} holds no words")
    progress.say(f"read {path} ({name}): {len(wv):,} words x {wv.vector_size} "
                 f"dimensions in {time.perf_counter() - start:.1f} s")
    return wv
