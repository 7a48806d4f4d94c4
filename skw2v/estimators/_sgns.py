"""word2vec's skip-gram with negative sampling, as a scikit-learn estimator.

The numba kernels in :mod:`skw2v.kernels.sgns` do the arithmetic; this module
owns validation, the vocabulary and the learning-rate schedule; the shared
:class:`~skw2v.estimators._trainer.Trainer` runs the chunks (threads, history,
snapshots, interrupts, divergence).
"""


import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, _fit_context
from joblib import effective_n_jobs
from sklearn.utils import check_random_state

from ..kernels.pair_pass import epoch_centres, occurrence_ranks, row_cumsums, row_pass_plan
from ..kernels.sampling import build_alias_table, noise_distribution
from ..kernels.sgns import train_pair_chunk, train_stream_chunk
from ..kernels.subsample import keep_probabilities
from .._validation import (
    Integers,
    Reals,
    check_allocation,
    check_encoded_corpus,
    check_pairs,
    check_power,
)
from ..statistics import (
    EncodedCorpus,
    check_cooccurrence,
    encode_corpus,
    restrict_stream,
    select_vocabulary,
)
from ._base import EmbeddingMixin
from ._tags import cooccurrence_input_tags
from ._trainer import Trainer

__all__ = ["SGNSEmbedding"]

# Tokens per chunk of the stream, positive pairs per chunk of the statistics
# path. A chunk is the unit of work of one thread and of the random streams,
# so results depend on these: they are constants, not parameters.
_STREAM_CHUNK = 1 << 16
_PAIR_CHUNK = 1 << 16
# Finer chunks when snapshots are asked for, so that they land near their step.
_SNAPSHOT_CHUNK = 1 << 12
# Contexts drawn per word in the statistics path, sharing its noise words: the
# mean number of contexts of a word in word2vec's default window (5 + 1).
_PAIR_GROUP = 6
# Weights of converging runs stay O(1) (entries below 4 on the test corpora,
# even at alpha=0.3 or 300 epochs); one beyond this means training diverged,
# although the loss, whose scores are clipped, may still look finite.
_WEIGHT_BOUND = 100.0


def _is_matrix(X):
    """Statistics path for sparse matrices and 2-D numeric arrays."""
    if sp.issparse(X):
        return True
    return isinstance(X, np.ndarray) and X.ndim == 2 and X.dtype.kind in "biuf"


class SGNSEmbedding(EmbeddingMixin, BaseEstimator):
    """Word embeddings by skip-gram with negative sampling (word2vec, SGNS).

    Two ways to fit, told apart by the type of ``X``:

    - **documents** (strings, token lists, a path to a text or ``.gz`` file
      with one document per line, or an :class:`~skw2v.statistics.EncodedCorpus`):
      word2vec's streaming training. Each epoch re-draws the frequency
      subsampling, each centre word a reduced window of ``1..window`` words
      on each side (never across a document end), and ``negative`` noise words
      from the unigram distribution raised to ``ns_exponent``.
    - **a co-occurrence matrix** (any scipy sparse matrix or 2-D numeric
      ndarray, typically from :class:`~skw2v.CooccurrenceVectorizer`): an
      epoch is a pass over ``round(X.sum())`` pairs in random order, in which
      each stored pair ``(i, j)`` comes up about ``X_ij`` times (as each
      occurrence does in a pass over a corpus), so ``X`` must hold counts, not
      probabilities.
      ``window``, ``min_count``, ``max_vocab_size`` and ``sample`` do not apply
      (the vectorizer's own parameters did that work).

    Threads update the shared weights without locks (Hogwild), as word2vec
    does. For each centre word the kernel updates all its context words
    against one shared draw of noise words in a small matrix-matrix step
    (HogBatch, Ji et al. 2016), which is what makes it faster than gensim at
    the same accuracy (``benchmarks/bench_sgns.py``).

    Parameters
    ----------
    n_components : int, default=100
        Embedding dimension (gensim's ``vector_size``).
    window : int, default=5
        Maximum distance between a word and its contexts.
    min_count : int, default=5
        Words rarer than this are dropped from the corpus before training.
    max_vocab_size : int, default=None
        Keep only the most frequent words (gensim's ``max_final_vocab``).
    sample : float, default=1e-3
        Frequency subsampling threshold (word2vec's formula); 0 disables it.
    negative : int, default=5
        Noise words per positive pair.
    ns_exponent : float, default=0.75
        Exponent of the word counts in the noise distribution.
    alpha : float, default=0.025
        Initial learning rate.
    min_alpha : float, default=1e-4
        Final learning rate; the rate decays linearly over all epochs, by
        position in the corpus (in pairs for the statistics path).
    epochs : int, default=5
    tied : bool, default=False
        Use one matrix for input and output vectors (the symmetric
        factorisation the QWEM theory analyses).
    init_scale : float, default=None
        None initialises as gensim (input vectors uniform on
        ``[-1, 1) / n_components``, output vectors zero; word2vec.c uses half
        that range, which learns measurably slower early on). A number draws
        every input and output entry from a Gaussian of standard deviation
        ``init_scale / sqrt(n_components)`` (word vectors of norm about
        ``init_scale``): small values give the stepwise learning regime.
    log_every : int, default=None
        Record the mean loss every this many positive pairs (rounded up to a
        chunk of work); None records every chunk.
    snapshot_steps : int or array-like, default=None
        When to record the top singular values of the input vectors and call
        ``callback``: a number of evenly spaced snapshots (first at step 0,
        last at the end), or the steps in positive pairs. Snapshots happen at
        the first chunk boundary at or after each step. The streaming path does
        not know its pair count beforehand; evenly spaced snapshots there use
        the expected count. None: no snapshots (SVDs are not free). Asking
        for snapshots cuts the work into finer chunks (4,096 tokens or pairs
        instead of 65,536), which changes the random draws.
    n_singular_values : int, default=10
    record_embeddings : bool, default=False
        Also keep a copy of the input vectors at each snapshot.
    callback : callable, default=None
        ``callback(estimator, step, embedding)`` at each snapshot, with the
        live input vectors (read them, do not write). Returning True stops
        training and keeps the model.
    lowercase, token_pattern, tokenizer
        How documents become tokens, as in
        :class:`~skw2v.CooccurrenceVectorizer` (whitespace split by default).
    n_jobs : int, default=None
        Training threads, each running the ``nogil`` kernel on its own chunks
        (see :mod:`skw2v.estimators`, "n_jobs"); also the workers reading
        documents. With 1 thread the result is reproducible for a given
        ``random_state``.
    random_state : int, RandomState instance or None, default=None
    verbose : int, default=0
        Show a progress bar (tqdm if installed, else one line per epoch).

    Attributes
    ----------
    embedding_ : ndarray of float32 of shape (V, n_components)
        Input vectors (gensim's ``wv.vectors``), most frequent word first.
    output_embedding_ : ndarray of float32 of shape (V, n_components)
        Output vectors (gensim's ``syn1neg``); the same array when ``tied``.
    words_ : ndarray of object of shape (V,)
    vocabulary_ : dict
        Word -> row.
    word_counts_ : ndarray of int64 of shape (V,)
        The counts the noise distribution was built from.
    n_features_in_ : int
        V.
    n_pairs_ : int
        Positive pairs trained on.
    corpus_words_ : int
        Tokens read from the corpus (before vocabulary and subsampling), per
        epoch; 0 for the statistics path.
    training_time_ : float
        Seconds spent in the training loop (excluding reading the corpus).
    interrupted_ : bool
        True when training ended early on ``KeyboardInterrupt`` or a callback
        returning True; the model then holds what was trained so far.
    history_ : dict of ndarray
        ``"step"`` (positive pairs done), ``"loss"`` (mean loss per positive
        pair since the previous record, negatives included), ``"alpha"``
        (learning rate then), ``"snapshot_step"``, ``"singular_values"``
        (n_snapshots x n_singular_values) and, with ``record_embeddings``,
        ``"embeddings"`` (list of float32 arrays).

    Notes
    -----
    A ``KeyboardInterrupt`` during ``fit`` (or raised by the callback) stops
    training at the next chunk boundary; ``fit`` then returns normally with
    the model trained so far, ``interrupted_ = True`` and a warning. A loss or
    weight that stops being finite, or a weight entry beyond 100 (converging
    runs stay below about 4; scores are clipped at 30, so the loss of a
    diverging run can stay finite), raises
    :class:`~skw2v.estimators.TrainingDivergedError` naming the learning rate;
    the estimator then keeps its previous fit. Documents in which no two
    vocabulary words share a document (a flat list of tokens, one-word
    documents) or a ``sample`` that keeps nothing raise before training. On
    the statistics path a word whose row of X is all zero is left out of
    training and gets zero vectors, with a warning.

    References
    ----------
    Mikolov et al., "Distributed Representations of Words and Phrases and
    their Compositionality", NeurIPS 2013. Ji et al., "Parallelizing Word2Vec
    in Shared and Distributed Memory", 2016 (arXiv:1604.04661).

    Examples
    --------
    >>> from skw2v.estimators import SGNSEmbedding
    >>> docs = ["the cat sat on the mat", "the dog sat on the rug"] * 50
    >>> model = SGNSEmbedding(n_components=10, min_count=1, sample=0, epochs=2,
    ...                       random_state=0).fit(docs)
    >>> model.embedding_.shape
    (7, 10)
    >>> model.get_vector("cat").dtype
    dtype('float32')
    """

    _parameter_constraints = {
        "n_components": [Integers(1, None, closed="left")],
        "window": [Integers(1, None, closed="left")],
        "min_count": [Integers(1, None, closed="left")],
        "max_vocab_size": [Integers(1, None, closed="left"), None],
        "sample": [Reals(0, None, closed="left")],
        "negative": [Integers(1, None, closed="left")],
        "ns_exponent": [Reals(None, None, closed="neither")],
        "alpha": [Reals(0, None, closed="neither")],
        "min_alpha": [Reals(0, None, closed="left")],
        "epochs": [Integers(1, None, closed="left")],
        "tied": ["boolean"],
        "init_scale": [Reals(0, None, closed="neither"), None],
        "log_every": [Integers(1, None, closed="left"), None],
        "snapshot_steps": [Integers(2, None, closed="left"),
                           "array-like", None],
        "n_singular_values": [Integers(1, None, closed="left")],
        "record_embeddings": ["boolean"],
        "callback": [callable, None],
        "lowercase": ["boolean"],
        "token_pattern": [str, None],
        "tokenizer": [callable, None],
        "n_jobs": [Integers(None, None, closed="neither"), None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(self, n_components=100, *, window=5, min_count=5, max_vocab_size=None,
                 sample=1e-3, negative=5, ns_exponent=0.75, alpha=0.025, min_alpha=1e-4,
                 epochs=5, tied=False, init_scale=None, log_every=None,
                 snapshot_steps=None, n_singular_values=10, record_embeddings=False,
                 callback=None, lowercase=True, token_pattern=None, tokenizer=None,
                 n_jobs=None, random_state=None, verbose=0):
        self.n_components = n_components
        self.window = window
        self.min_count = min_count
        self.max_vocab_size = max_vocab_size
        self.sample = sample
        self.negative = negative
        self.ns_exponent = ns_exponent
        self.alpha = alpha
        self.min_alpha = min_alpha
        self.epochs = epochs
        self.tied = tied
        self.init_scale = init_scale
        self.log_every = log_every
        self.snapshot_steps = snapshot_steps
        self.n_singular_values = n_singular_values
        self.record_embeddings = record_embeddings
        self.callback = callback
        self.lowercase = lowercase
        self.token_pattern = token_pattern
        self.tokenizer = tokenizer
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    _nonfinite_advice = "lower alpha"

    def __sklearn_tags__(self):
        return cooccurrence_input_tags(super().__sklearn_tags__(), documents=True)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, vocabulary=None):
        """Train the embedding.

        Parameters
        ----------
        X : documents, EncodedCorpus, or co-occurrence matrix of shape (V, V)
            See the class docstring: a sparse matrix or 2-D numeric array
            selects the statistics path, anything else is read as documents.
        y : None
            Ignored.
        vocabulary : sequence of str, default=None
            Statistics path only: the word of each row, when ``X`` does not
            carry ``words`` (a plain sparse matrix).

        Returns
        -------
        self
        """
        if self.min_alpha > self.alpha:
            raise ValueError(
                f"min_alpha ({self.min_alpha}) must not exceed alpha ({self.alpha}): the "
                "learning rate decays from alpha to min_alpha."
            )
        rng = check_random_state(self.random_state)
        seed = int(rng.randint(np.iinfo(np.int32).max))
        if _is_matrix(X):
            job = _PairJob(self, X, vocabulary)
        else:
            if vocabulary is not None:
                raise ValueError(
                    "vocabulary= applies to a co-occurrence matrix only; for documents "
                    "use min_count / max_vocab_size."
                )
            job = _StreamJob(self, X)
        V, d = job.counts.shape[0], self.n_components
        self._check_sizes(V, d)
        check_power(job.counts, self.ns_exponent, "ns_exponent")
        syn0, syn1 = self._init_weights(rng, V, d)
        noise = build_alias_table(noise_distribution(job.counts, self.ns_exponent))
        job.prepare(syn0, syn1, noise, seed)
        trainer = Trainer(
            job, name=type(self).__name__, snapshot_steps=self.snapshot_steps,
            n_singular_values=self.n_singular_values,
            record_embeddings=self.record_embeddings, callback=self.callback,
            callback_owner=self, log_every=self.log_every, n_jobs=self.n_jobs,
            verbose=self.verbose)
        history, interrupted, n_pairs, seconds = trainer.run()
        present = getattr(job, "present", None)  # statistics path: words that co-occur
        embedding = self._scatter_rows(syn0, present)
        return self._set_fitted(
            job.words, embedding,
            output_embedding_=embedding if self.tied else self._scatter_rows(syn1, present),
            word_counts_=job.word_counts, corpus_words_=job.corpus_words,
            history_=history, interrupted_=interrupted, n_pairs_=n_pairs,
            training_time_=seconds)

    def _check_sizes(self, V, d):
        """Refuse weights or kernel buffers that would not fit in memory."""
        copies = 1 if self.tied else 2
        check_allocation(
            V * d * (4 * copies + 8), f"The weights of V={V} words x n_components={d}",
            "lower n_components or max_vocab_size (raise min_count)")
        k = self.negative
        threads = effective_n_jobs(self.n_jobs)
        check_allocation(
            4 * threads * (2 * self.window + k + 1) * (d + k + 1),
            f"The kernels' work buffers (window={self.window}, negative={k})",
            "lower negative and window (word2vec uses 5 to 20 and 2 to 10)")

    def _init_weights(self, rng, V, d):
        if self.init_scale is None:
            syn0 = ((2.0 * rng.random_sample((V, d)) - 1.0) / d).astype(np.float32)
            syn1 = syn0 if self.tied else np.zeros((V, d), dtype=np.float32)
        else:
            std = self.init_scale / np.sqrt(d)
            syn0 = (rng.standard_normal((V, d)) * std).astype(np.float32)
            syn1 = syn0 if self.tied else (rng.standard_normal((V, d)) * std).astype(
                np.float32)
        return syn0, syn1


class _Job:
    """What the two SGNS paths share as a :class:`~skw2v.estimators._trainer.Trainer` job.

    A chunk is a tuple starting ``(epoch, index, start, stop)``, with start
    and stop in the path's units (stream positions or pairs).
    """

    threaded = True
    rate_key = "alpha"

    def prepare(self, syn0, syn1, noise, seed):
        self.syn0, self.syn1, self.noise, self.seed = syn0, syn1, noise, seed
        self.embedding = syn0
        self.weights = [("input", syn0)] if syn1 is syn0 else [("input", syn0),
                                                                ("output", syn1)]
        self.total_units = self.units * self.est.epochs
        self.n_epochs = self.est.epochs
        init = max(float(syn0.max()), -float(syn0.min()), float(syn1.max()),
                   -float(syn1.min())) if syn0.size else 0.0
        self.weight_bound = max(_WEIGHT_BOUND, 10.0 * init)

    def alpha_at(self, epoch, position):
        est = self.est
        frac = (epoch * self.units + position) / (est.epochs * self.units)
        return est.alpha - (est.alpha - est.min_alpha) * frac

    @staticmethod
    def epoch_of(chunk):
        return chunk[0]

    def rate_at(self, chunk):
        return self.alpha_at(chunk[0], chunk[3] - 1)

    @staticmethod
    def size(chunk):
        return chunk[3] - chunk[2]

    def advice(self, chunk):
        est = self.est
        where = "" if chunk is None else (
            f"The learning rate was {self.alpha_at(chunk[0], chunk[2]):.4g} in epoch "
            f"{chunk[0] + 1}. ")
        return where + f"Lower alpha (it is {est.alpha})" + (
            " or init_scale." if est.init_scale is not None else ".")


class _StreamJob(_Job):
    """Documents -> vocabulary-coded stream, cut into chunks per epoch."""

    def __init__(self, est, X):
        if isinstance(X, EncodedCorpus):
            corpus = check_encoded_corpus(X)  # ids within the words, counts that count them
        else:
            corpus = encode_corpus(X, lowercase=est.lowercase,
                                   token_pattern=est.token_pattern,
                                   tokenizer=est.tokenizer, n_jobs=est.n_jobs)
        self.est = est
        self.words, self.counts = select_vocabulary(
            corpus.words, corpus.counts, min_count=est.min_count,
            max_vocab_size=est.max_vocab_size)
        self.stream = np.ascontiguousarray(
            restrict_stream(corpus.stream, corpus.words, self.words), dtype=np.int32)
        self.word_counts = self.counts
        self.corpus_words = int(np.asarray(corpus.counts).sum())
        self.keep = keep_probabilities(self.counts, est.sample)
        # One-word documents, a flat token list, a sample that keeps nothing:
        # refused here rather than returning the random initialisation.
        check_pairs(self.stream, est.window, keep=self.keep if est.sample > 0 else None,
                    subsample=est.sample, param="sample", off="0")
        n = self.stream.shape[0]
        self.chunk_size = _STREAM_CHUNK if est.snapshot_steps is None else _SNAPSHOT_CHUNK
        self.starts = np.arange(0, n, self.chunk_size)
        self.units = n  # progress and learning-rate position: stream positions

    def prepare(self, syn0, syn1, noise, seed):
        super().prepare(syn0, syn1, noise, seed)
        est = self.est
        # Expected pairs: kept tokens times the mean window (window + 1).
        kept = float(np.dot(self.counts, self.keep))
        self.expected_pairs = est.epochs * kept * (est.window + 1)

    def chunks(self, snapshot_at=None):
        n, n_chunks = self.stream.shape[0], self.starts.shape[0]
        for epoch in range(self.est.epochs):
            for i, start in enumerate(self.starts):
                stop = min(start + self.chunk_size, n)
                yield (epoch, epoch * n_chunks + i, int(start), int(stop))

    def run(self, chunk):
        epoch, index, start, stop = chunk[:4]
        config = np.array([self.est.window, self.est.negative,
                           self.alpha_at(epoch, start), self.alpha_at(epoch, stop - 1)])
        return train_stream_chunk(self.stream[start:stop], self.syn0, self.syn1,
                                  self.keep, self.noise, config, self.seed, index)


class _PairJob(_Job):
    """Co-occurrence matrix -> epochs of (word, contexts) groups, a pass over the pairs."""

    def __init__(self, est, X, vocabulary):
        A, words, counts = check_cooccurrence(X, vocabulary)
        self.est = est
        self.words = words
        if counts is not None and np.all(counts == 0):
            raise ValueError("The matrix's word_counts are all zero.")
        self.word_counts = counts
        # Words that co-occur with nothing are never a centre or a context:
        # trained without them, they get zero vectors (as in every estimator).
        A, counts, self.present = est._drop_absent(A, words, counts, check_rank=False)
        self.row_sums = np.asarray(A.sum(axis=1)).ravel()
        if counts is None:
            # Row sums are proportional to word frequency (times the window).
            counts = np.maximum(np.round(self.row_sums), 1).astype(np.int64)
            self.word_counts = est._scatter_rows(counts, self.present)
        self.counts = counts
        total = float(A.data.sum())
        self.pairs_per_epoch = int(round(total))
        if self.pairs_per_epoch < 1:
            raise ValueError(
                f"The co-occurrence matrix sums to {total:.3g}, less than one pair per "
                "epoch: an epoch is round(X.sum()) pairs, so pass counts, not "
                "probabilities (or scale X up)."
            )
        # An epoch holds a centre (int32) and its rank (int64) per group.
        n_groups = -(-self.pairs_per_epoch // _PAIR_GROUP)
        check_allocation(
            12 * n_groups, f"An epoch over the matrix's {self.pairs_per_epoch} pairs "
            "(round(X.sum()))", "scale X down: the statistics path makes an epoch of "
            "round(X.sum()) pairs, so X / c trains on 1/c of them per epoch (raise "
            "epochs to compensate)")
        indptr = A.indptr.astype(np.int64)
        self.cooc = (indptr, A.indices.astype(np.int32), row_cumsums(indptr, A.data))
        self.corpus_words = 0
        self.units = self.pairs_per_epoch

    def prepare(self, syn0, syn1, noise, seed):
        super().prepare(syn0, syn1, noise, seed)
        self.expected_pairs = self.est.epochs * self.pairs_per_epoch

    def _epoch(self, epoch):
        """The epoch's groups (centre word and its rank) and the pass over each row.

        Each word centres its share of the groups and each of its
        co-occurrences comes up its share of its contexts, in random order:
        a pass over the pairs, as a pass over a corpus is
        (:mod:`skw2v.kernels.pair_pass`).
        """
        rng = np.random.default_rng([self.seed, epoch])
        n_groups = -(-self.pairs_per_epoch // _PAIR_GROUP)
        centres, per_word = epoch_centres(self.row_sums, n_groups, rng)
        ranks = occurrence_ranks(centres, per_word.shape[0])
        n_per_row = per_word * _PAIR_GROUP
        plan = (n_per_row,) + row_pass_plan(n_per_row, rng)
        return centres, ranks, plan

    def chunks(self, snapshot_at=None):
        n = self.pairs_per_epoch
        size = _PAIR_CHUNK if self.est.snapshot_steps is None else _SNAPSHOT_CHUNK
        groups = max(size // _PAIR_GROUP, 1)
        n_groups = -(-n // _PAIR_GROUP)
        n_chunks = -(-n_groups // groups)
        for epoch in range(self.est.epochs):
            centres, ranks, plan = self._epoch(epoch)
            for i in range(n_chunks):
                g0, g1 = i * groups, min((i + 1) * groups, n_groups)
                yield (epoch, epoch * n_chunks + i, g0 * _PAIR_GROUP,
                       min(g1 * _PAIR_GROUP, n), centres[g0:g1], ranks[g0:g1], plan)

    def run(self, chunk):
        epoch, index, start, stop, centres, ranks, plan = chunk
        config = np.array([self.est.negative, _PAIR_GROUP, self.alpha_at(epoch, start),
                           self.alpha_at(epoch, stop - 1)])
        return train_pair_chunk(centres, ranks, stop - start, self.cooc, plan, self.syn0,
                                self.syn1, self.noise, config, self.seed, index)
