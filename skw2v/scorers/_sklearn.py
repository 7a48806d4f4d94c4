"""Scorer objects for ``GridSearchCV(scoring=...)`` and ``cross_validate``.

An embedding is judged on fixed benchmark data (analogy questions, word pairs),
not on held-out documents, so these scorers ignore the ``X`` and ``y`` they are
called with: the score depends only on the fitted model. See
:func:`make_analogy_scorer` for what that means for cross-validation.
"""

from ._analogy import _resolve_questions, analogy_accuracy
from ._similarity import _resolve_pairs, word_similarity

__all__ = [
    "AnalogyScorer",
    "SimilarityScorer",
    "get_scorer",
    "get_scorer_names",
    "make_analogy_scorer",
    "make_similarity_scorer",
]


class AnalogyScorer:
    """Callable ``scorer(estimator, X, y=None) -> accuracy``; see :func:`make_analogy_scorer`."""

    def __init__(self, questions=None, *, method="3cosadd", protocol="standard",
                 restrict_vocab=None, case_insensitive=True, batch_size=None):
        self.questions = questions
        self.method = method
        self.protocol = protocol
        self.restrict_vocab = restrict_vocab
        self.case_insensitive = case_insensitive
        self.batch_size = batch_size
        self._loaded = None

    def _questions(self):
        if self._loaded is None:  # parse once, not once per grid point
            self._loaded = _resolve_questions(self.questions, self.case_insensitive)
        return self._loaded

    def __call__(self, estimator, X=None, y=None, **kwargs):
        """Analogy accuracy of the fitted ``estimator`` (``X``, ``y`` are ignored)."""
        return analogy_accuracy(
            estimator, self._questions(), method=self.method, protocol=self.protocol,
            restrict_vocab=self.restrict_vocab, case_insensitive=self.case_insensitive,
            batch_size=self.batch_size,
        ).accuracy

    def __repr__(self):
        q = "google" if self.questions is None else (
            self.questions if isinstance(self.questions, str) else "<questions>")
        return (f"make_analogy_scorer({q!r}, method={self.method!r}, "
                f"protocol={self.protocol!r}, restrict_vocab={self.restrict_vocab!r})")


class SimilarityScorer:
    """Callable ``scorer(estimator, X, y=None) -> correlation``; see
    :func:`make_similarity_scorer`."""

    def __init__(self, pairs=None, *, correlation="spearman", restrict_vocab=None,
                 case_insensitive=True, oov="skip"):
        if correlation not in ("spearman", "pearson"):
            raise ValueError(
                f"correlation must be 'spearman' or 'pearson', got {correlation!r}."
            )
        self.pairs = pairs
        self.correlation = correlation
        self.restrict_vocab = restrict_vocab
        self.case_insensitive = case_insensitive
        self.oov = oov
        self._loaded = None

    def _pairs(self):
        if self._loaded is None:
            self._loaded = _resolve_pairs(self.pairs, self.case_insensitive)
        return self._loaded

    def __call__(self, estimator, X=None, y=None, **kwargs):
        """Correlation of the fitted ``estimator``'s cosines with human scores
        (``X``, ``y`` are ignored)."""
        res = word_similarity(estimator, self._pairs(), restrict_vocab=self.restrict_vocab,
                              case_insensitive=self.case_insensitive, oov=self.oov)
        return res.spearman if self.correlation == "spearman" else res.pearson

    def __repr__(self):
        p = "wordsim353" if self.pairs is None else (
            self.pairs if isinstance(self.pairs, str) else "<pairs>")
        return (f"make_similarity_scorer({p!r}, correlation={self.correlation!r}, "
                f"restrict_vocab={self.restrict_vocab!r})")


def make_analogy_scorer(questions=None, *, method="3cosadd", protocol="standard",
                        restrict_vocab=None, case_insensitive=True, batch_size=None):
    """A scorer for ``GridSearchCV`` that returns analogy accuracy (higher is better).

    The scorer is called as ``scorer(fitted_estimator, X_test, y_test)`` and
    ignores ``X_test`` and ``y_test``: the embedding is scored on the analogy
    questions, which depend on nothing but the fitted model. The estimator may
    be an embedding estimator or a Pipeline ending in one.

    **Cross-validation with an unsupervised score.** ``GridSearchCV`` fits each
    candidate once per split on that split's *training* documents and scores it;
    the held-out documents of the split are never used. With the default
    ``cv=5`` each candidate is therefore fitted five times on 80 % of the corpus,
    and the five scores differ only through which documents were left out: five
    times the cost for an estimate of a slightly smaller corpus' model. Usually
    you want one fit on all documents per candidate::

        n = len(docs)
        search = GridSearchCV(pipe, grid, scoring=make_analogy_scorer(),
                              cv=[(np.arange(n), np.arange(n))], refit=False)

    (``refit=False`` avoids fitting the best candidate a second time.) Use
    ``ShuffleSplit(n_splits=k, train_size=...)`` instead to see how stable the
    ranking of candidates is across subsamples of the corpus. The data passed
    to ``fit`` must be indexable (a list of documents, not a path or a
    generator), because the splitter indexes it.

    Parameters
    ----------
    questions, method, protocol, restrict_vocab, case_insensitive, batch_size
        As for :func:`skw2v.scorers.analogy_accuracy`. The questions are parsed
        once, on first use.

    Returns
    -------
    AnalogyScorer

    Notes
    -----
    A candidate whose vocabulary contains none of the questions makes the scorer
    raise; ``GridSearchCV`` then records ``error_score`` (NaN by default, with a
    warning). Pass ``error_score="raise"`` to see the message.

    Examples
    --------
    >>> from skw2v import WordVectors
    >>> from skw2v.scorers import make_analogy_scorer
    >>> wv = WordVectors(["man", "woman", "king", "queen"],
    ...                  [[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1]])
    >>> scorer = make_analogy_scorer({"royals": [("man", "woman", "king", "queen")]})
    >>> scorer(wv, None)
    1.0
    """
    return AnalogyScorer(questions, method=method, protocol=protocol,
                         restrict_vocab=restrict_vocab, case_insensitive=case_insensitive,
                         batch_size=batch_size)


def make_similarity_scorer(pairs=None, *, correlation="spearman", restrict_vocab=None,
                           case_insensitive=True, oov="skip"):
    """A scorer for ``GridSearchCV`` that returns a word-similarity correlation.

    Like :func:`make_analogy_scorer` it ignores the ``X``/``y`` of the split and
    scores the fitted model alone; the same advice on ``cv`` applies.

    Parameters
    ----------
    pairs : WordPairs, iterable of triples, path, "wordsim353" or "simlex999", default=None
        None means WordSim-353.
    correlation : {"spearman", "pearson"}, default="spearman"
    restrict_vocab, case_insensitive, oov
        As for :func:`skw2v.scorers.word_similarity`.

    Returns
    -------
    SimilarityScorer
    """
    return SimilarityScorer(pairs, correlation=correlation, restrict_vocab=restrict_vocab,
                            case_insensitive=case_insensitive, oov=oov)


_READY = {
    "analogy": lambda: make_analogy_scorer(),
    "analogy_3cosmul": lambda: make_analogy_scorer(method="3cosmul"),
    "analogy_pairs": lambda: make_analogy_scorer(protocol="pairs"),
    "wordsim353": lambda: make_similarity_scorer("wordsim353"),
    "simlex999": lambda: make_similarity_scorer("simlex999"),
}


def get_scorer_names():
    """Names accepted by :func:`get_scorer`."""
    return sorted(_READY)


def get_scorer(name):
    """A ready-made scorer by name, for ``scoring=`` (single or in a dict).

    - ``"analogy"``: Google analogy accuracy, 3CosAdd, standard protocol;
    - ``"analogy_3cosmul"``: the same with 3CosMul;
    - ``"analogy_pairs"``: the QWEM paper's all-pairs protocol;
    - ``"wordsim353"``, ``"simlex999"``: Spearman correlation.

    Examples
    --------
    >>> from skw2v.scorers import get_scorer
    >>> scoring = {name: get_scorer(name) for name in ["analogy", "wordsim353"]}
    """
    try:
        return _READY[name]()
    except KeyError:
        raise ValueError(
            f"Unknown scorer {name!r}; choose from {get_scorer_names()}."
        ) from None
