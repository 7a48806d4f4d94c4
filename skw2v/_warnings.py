"""The package's one way to warn: at the line of the user's code that called into skw2v."""

import os
import sys
import warnings

import joblib
import sklearn

__all__ = ["warn"]

# Frames in these folders are skipped: skw2v's own; scikit-learn's, whose
# decorators (``_fit_context``) and output wrappers (``set_output``) sit
# between a user's ``fit`` / ``transform`` call and the code that warns, and
# whose Pipeline, cross-validation and search call our methods on the user's
# behalf; and joblib's, through which Pipeline calls each step (``memory=``).
_INTERNAL = tuple(os.path.dirname(os.path.abspath(m.__file__)) + os.sep
                  for m in (sys.modules[__package__], sklearn, joblib))


def warn(message, category=UserWarning):
    """:func:`warnings.warn` attributed to the first frame outside skw2v, scikit-learn and joblib.

    A fixed ``stacklevel`` counts frames by hand, and scikit-learn's wrappers
    change the count: ``EmbeddingVectorizer.transform``'s warning pointed
    inside ``sklearn/utils/_set_output.py``, ``fit``'s inside skw2v. Python
    3.12's ``skip_file_prefixes`` does this walk; skw2v supports 3.10.
    """
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_code.co_filename.startswith(_INTERNAL):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)
