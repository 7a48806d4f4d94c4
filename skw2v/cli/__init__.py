"""The ``skw2v`` command: train, evaluate and query word vectors from a shell.

- ``skw2v train CORPUS -o OUTPUT``: learn vectors (QWEM closed form, SGNS or PPMI-SVD)
  and write them in word2vec (text or binary) or GloVe format;
- ``skw2v evaluate VECTORS``: Google analogies, WordSim-353, SimLex-999 or your files;
- ``skw2v neighbors VECTORS WORD...``: nearest words, and analogies;
- ``skw2v documents DOCS -o FEATURES.npy``: one vector per document (EmbeddingVectorizer);
- ``skw2v demo``: every method on the bundled sample, side by side.

A mistake in what was asked (a missing file, a bad value, unreadable vectors, a word
not in the vocabulary) prints one line ``skw2v: error: ...`` and exits with status 2;
Ctrl-C exits with status 130 and leaves no partial output file.
"""

import argparse
import sys

from . import _demo, _documents, _evaluate, _neighbors, _train
from ._common import UserError

__all__ = ["main"]

# EOFError: a truncated gzip corpus (statistics names the file and the fix)
USER_ERRORS = (UserError, ValueError, KeyError, OSError, MemoryError, EOFError)


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line as every other error of the command."""

    def error(self, message):
        self.exit(2, f"skw2v: error: {message} (see '{self.prog} --help')\n")


def build_parser():
    """The argument parser of the ``skw2v`` command (for documentation and tests)."""
    parser = _Parser(prog="skw2v", description="Train, evaluate and query word vectors, and "
                     "turn documents into vectors. "
                     "'skw2v COMMAND --help' describes each command.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     parser_class=_Parser)
    for module in (_train, _evaluate, _neighbors, _documents, _demo):
        module.add_parser(commands)
    return parser


def _message(exc):
    if isinstance(exc, KeyError) and exc.args:
        text = str(exc.args[0])
    elif isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror + (f": {exc.filename!r}" if exc.filename is not None else "")
    elif isinstance(exc, MemoryError) and not str(exc):
        text = "out of memory; lower --vocab, --dim or --limit"
    else:
        text = str(exc) or type(exc).__name__
    return " ".join(text.split())


def main(argv=None):
    """Run the ``skw2v`` command with ``argv`` (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 2 on a user error (reported on stderr in one line), 130
        when interrupted.
    """
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except USER_ERRORS as exc:
        print(f"skw2v: error: {_message(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("skw2v: interrupted; nothing was written", file=sys.stderr)
        return 130
