"""One validation of every public input surface, shared by every estimator.

Kernels assume valid inputs (ids inside the vocabulary, counts that fit,
finite weights); whatever a user hands skw2v passes through one of these
checks first. Each raises early, with a message that names the value and
the fix:

- parameters: :class:`Integers` and :class:`Reals` are the
  ``_parameter_constraints`` intervals of scikit-learn that also refuse
  ``bool`` (``Interval(Integral, ...)`` accepts ``True`` as 1);
- words and fixed vocabularies: :func:`check_words`;
- word counts (a corpus's, a matrix's ``word_counts``): :func:`check_word_counts`;
- id streams and encoded corpora: :func:`check_stream`, :func:`check_encoded_corpus`;
- training pairs: :func:`check_pairs` (a corpus in which nothing co-occurs);
- powers of data (``counts ** ns_exponent`` and the like): :func:`check_power`;
- sizes: :func:`check_allocation` (an array that would not fit in memory);
- files: :func:`check_file` (missing, a folder), :func:`check_text_head`
  (another compression than gzip, a binary file), :func:`explain_decode_error`
  (a ``UnicodeDecodeError`` that names the file).

The package imports nothing from the rest of skw2v but the word check, so
every layer can use it.
"""

from ._corpus import (
    SubsamplingError,
    check_encoded_corpus,
    check_pairs,
    check_stream,
    document_lengths,
    window_pair_count,
)
from ._files import GZIP_MAGIC, UTF8_BOM, check_file, check_text_head, explain_decode_error
from ._limits import (
    InputTooLargeError,
    check_allocation,
    check_power,
    check_work,
    fits_in_memory,
    format_bytes,
)
from ._parameters import Integers, Reals
from ._vocabulary import check_word_counts, check_words

__all__ = [
    "GZIP_MAGIC",
    "InputTooLargeError",
    "Integers",
    "Reals",
    "SubsamplingError",
    "UTF8_BOM",
    "check_allocation",
    "check_encoded_corpus",
    "check_file",
    "check_pairs",
    "check_power",
    "check_stream",
    "check_text_head",
    "check_work",
    "check_word_counts",
    "check_words",
    "document_lengths",
    "explain_decode_error",
    "fits_in_memory",
    "format_bytes",
    "window_pair_count",
]
