"""Skip-gram with negative sampling (SGNS) training kernels.

Two kernels share one update rule, :func:`sgns_update`:

- :func:`train_stream_chunk` reads a piece of a token stream as word2vec does
  (frequency subsampling, a reduced window drawn per centre word, document ends
  stop the window) and, for each centre word, updates all of its context words
  at once against one set of ``negative`` noise words ("HogBatch": a small
  matrix-matrix step instead of one vector step per pair). The input vectors
  of the contexts are scored against the output vectors of the centre word
  and of the noise words, word2vec's skip-gram orientation.
- :func:`train_pair_chunk` trains on (word, context) pairs of a co-occurrence
  matrix, an epoch being one pass over its pairs in random order
  (:mod:`skw2v.kernels.pair_pass`), the setting the QWEM theory analyses; the
  contexts of one word share its noise words, as in a window.

Both are ``nogil``: the estimator runs chunks on several threads that update
the shared weight matrices without locks (Hogwild). Each chunk seeds its own
generator from ``(seed, chunk index)``, so results do not depend on which
thread ran which chunk; with one thread they are reproducible.
"""

import numpy as np
from numba import njit

from ._flags import FASTMATH
from .pair_pass import row_pass_entry
from .sampling import alias_draw, rng_below, rng_init, rng_uniform

__all__ = ["sgns_update", "train_stream_chunk", "train_pair_chunk"]

# Scores are clipped here before the sigmoid; beyond it the gradient is < 1e-13.
_MAX_SCORE = 30.0


@njit(cache=True, nogil=True, fastmath=FASTMATH)
def sgns_update(syn0, syn1, contexts, n_contexts, targets, n_targets, alpha, work):
    """One SGNS step for the contexts of one centre word.

    Input vectors ``syn0[contexts[:n_contexts]]`` are scored against output
    vectors ``syn1[targets[:n_targets]]``; ``targets[0]`` is the true word
    (label 1), the rest are noise words (label 0). All gradients are taken at
    the current weights, then applied with step ``alpha``, so the step is exact
    even when a word occurs twice or ``syn0 is syn1`` (tied vectors).

    Parameters
    ----------
    syn0, syn1 : ndarray of float32 of shape (V, d)
    contexts, targets : ndarray of int32
    n_contexts, n_targets : int
    alpha : float
    work : ndarray of float32 of shape (n_contexts_max + n_targets_max, d + n_targets_max)
        Scratch space.

    Returns
    -------
    loss : float
        Sum over the context words of ``-log s(x_pos) - sum log s(-x_neg)``
        at the weights before the step.
    """
    # Indexing the 2-D arrays directly (not through row views) lets LLVM
    # vectorise the loops over k; that alone doubles the speed.
    d = syn0.shape[1]
    col = d  # work[:n_contexts, d:] holds the step coefficient of each pair
    loss = 0.0
    for i in range(n_contexts):
        ci = contexts[i]
        # Summing log(1 + e) as the log of a product costs one log per context.
        prod = 1.0
        for j in range(n_targets):
            tj = targets[j]
            score = np.float32(0.0)
            for k in range(d):
                score += syn0[ci, k] * syn1[tj, k]
            x = min(max(np.float64(score), -_MAX_SCORE), _MAX_SCORE)
            e = np.exp(-x)
            # -log s(x) = log(1 + e) and -log s(-x) = log(1 + e) + x
            prod *= 1.0 + e
            if j == 0:
                work[i, col] = alpha * e / (1.0 + e)
            else:
                loss += x
                work[i, col + j] = -alpha / (1.0 + e)
            if prod > 1e200:
                loss += np.log(prod)
                prod = 1.0
        loss += np.log(prod)
    for i in range(n_contexts):
        for k in range(d):
            work[i, k] = 0.0
        for j in range(n_targets):
            c = work[i, col + j]
            tj = targets[j]
            for k in range(d):
                work[i, k] += c * syn1[tj, k]
    for j in range(n_targets):
        r = n_contexts + j
        for k in range(d):
            work[r, k] = 0.0
        for i in range(n_contexts):
            c = work[i, col + j]
            ci = contexts[i]
            for k in range(d):
                work[r, k] += c * syn0[ci, k]
    for i in range(n_contexts):
        ci = contexts[i]
        for k in range(d):
            syn0[ci, k] += work[i, k]
    for j in range(n_targets):
        tj = targets[j]
        r = n_contexts + j
        for k in range(d):
            syn1[tj, k] += work[r, k]
    return loss


@njit(cache=True, nogil=True)
def train_stream_chunk(tokens, syn0, syn1, keep_prob, noise, config, seed, chunk):
    """Train on one piece of a token stream; word2vec's skip-gram semantics.

    Parameters
    ----------
    tokens : ndarray of int32 of shape (n,)
        Vocabulary ids, ``-1`` at document ends (the window never crosses one).
    syn0, syn1 : ndarray of float32 of shape (V, d)
        Input and output vectors, updated in place (may be the same array).
    keep_prob : ndarray of float64 of shape (V,)
        Probability of keeping each occurrence (frequency subsampling).
    noise : tuple (prob ndarray of float64, alias ndarray of int32)
        Alias table of the noise distribution.
    config : ndarray of float64 of shape (4,)
        ``window, negative, alpha at the first token, alpha at the last token``;
        the step decays linearly in between, by token position.
    seed, chunk : int
        The chunk's generator is ``rng_init(seed, chunk)``.

    Returns
    -------
    stats : ndarray of float64 of shape (3,)
        Loss summed over positive pairs (with their noise words), number of
        positive pairs, number of tokens kept after subsampling.
    """
    window = np.int64(config[0])
    negative = np.int64(config[1])
    alpha0 = config[2]
    alpha1 = config[3]
    n = tokens.shape[0]
    d = syn0.shape[1]
    state = rng_init(seed, chunk)
    kept = np.empty(n, dtype=np.int32)
    position = np.empty(n, dtype=np.int32)
    m = 0
    for t in range(n):
        w = tokens[t]
        if w >= 0:
            p = keep_prob[w]
            if p < 1.0 and rng_uniform(state) >= p:
                continue
        kept[m] = w
        position[m] = t
        m += 1
    contexts = np.empty(2 * window, dtype=np.int32)
    targets = np.empty(negative + 1, dtype=np.int32)
    work = np.empty((2 * window + negative + 1, d + negative + 1), dtype=np.float32)
    prob, alias = noise
    slope = (alpha1 - alpha0) / max(n - 1, 1)
    loss = 0.0
    n_pairs = 0
    n_kept = 0
    for c in range(m):
        word = kept[c]
        if word < 0:
            continue
        n_kept += 1
        reach = window - rng_below(state, window)
        n_contexts = 0
        for q in range(c - 1, max(c - reach, 0) - 1, -1):
            if kept[q] < 0:
                break
            contexts[n_contexts] = kept[q]
            n_contexts += 1
        for q in range(c + 1, min(c + reach + 1, m)):
            if kept[q] < 0:
                break
            contexts[n_contexts] = kept[q]
            n_contexts += 1
        if n_contexts == 0:
            continue
        targets[0] = word
        n_targets = 1
        for _ in range(negative):
            noise_word = alias_draw(prob, alias, state)
            if noise_word != word:
                targets[n_targets] = noise_word
                n_targets += 1
        alpha = alpha0 + slope * position[c]
        loss += sgns_update(syn0, syn1, contexts, n_contexts, targets, n_targets,
                            alpha, work)
        n_pairs += n_contexts
    stats = np.empty(3, dtype=np.float64)
    stats[0] = loss
    stats[1] = n_pairs
    stats[2] = n_kept
    return stats


@njit(cache=True, nogil=True)
def train_pair_chunk(centres, ranks, n_pairs, cooc, plan, syn0, syn1, noise, config, seed,
                     chunk):
    """Train on ``n_pairs`` positive pairs of an epoch's pass over a co-occurrence matrix.

    Group ``g`` of the chunk is the ``ranks[g]``-th group of word
    ``centres[g]`` in the epoch; its ``group`` contexts are the next points of
    the row's pass (:mod:`skw2v.kernels.pair_pass`), so that over the epoch
    every stored pair ``(i, j)`` comes up in proportion to ``X_ij``, without
    Poisson noise. A group shares one draw of noise words in one
    :func:`sgns_update`, as the streaming kernel shares them across a window.

    Parameters
    ----------
    centres : ndarray of int32 of shape (n_groups,)
    ranks : ndarray of int64 of shape (n_groups,)
    n_pairs : int
        Pairs to train (the last group may be cut short).
    cooc : tuple (indptr ndarray of int64, indices ndarray of int32, cum ndarray of float64)
        Sparsity structure of the CSR co-occurrence matrix and the row-wise
        cumulative weights (:func:`~skw2v.kernels.pair_pass.row_cumsums`).
    plan : tuple (n_per_row, stride, shift, offset)
        The epoch's pass over each row (:func:`~skw2v.kernels.pair_pass.row_pass_plan`);
        ``n_per_row[i] >= group * (ranks of word i + 1)``.
    syn0, syn1 : ndarray of float32 of shape (V, d)
        The context's input vector is scored against the word's output vector.
    noise : tuple (prob, alias)
        Alias table of the noise distribution.
    config : ndarray of float64 of shape (4,)
        ``negative, group, alpha at the first pair, alpha at the last pair``.
    seed, chunk : int

    Returns
    -------
    stats : ndarray of float64 of shape (3,)
        Summed loss, number of positive pairs, number of groups.
    """
    negative = np.int64(config[0])
    group = np.int64(config[1])
    alpha0 = config[2]
    alpha1 = config[3]
    d = syn0.shape[1]
    indptr, indices, cum = cooc
    n_per_row, stride, shift, offset = plan
    prob, alias = noise
    state = rng_init(seed, chunk)
    contexts = np.empty(group, dtype=np.int32)
    targets = np.empty(negative + 1, dtype=np.int32)
    work = np.empty((group + negative + 1, d + negative + 1), dtype=np.float32)
    slope = (alpha1 - alpha0) / max(n_pairs - 1, 1)
    loss = 0.0
    done = 0
    n_groups = 0
    for g in range(centres.shape[0]):
        if done >= n_pairs:
            break
        word = centres[g]
        a = indptr[word]
        b = indptr[word + 1]
        n = n_per_row[word]
        t0 = ranks[g] * group
        n_contexts = min(group, n_pairs - done, n - t0)
        if b == a or n_contexts <= 0:
            continue
        for m in range(n_contexts):
            e = row_pass_entry(cum, a, b, n, stride[word], shift[word], offset[word], t0 + m)
            contexts[m] = indices[e]
        targets[0] = word
        n_targets = 1
        for _ in range(negative):
            noise_word = alias_draw(prob, alias, state)
            if noise_word != word:
                targets[n_targets] = noise_word
                n_targets += 1
        loss += sgns_update(syn0, syn1, contexts, n_contexts, targets, n_targets,
                            alpha0 + slope * done, work)
        done += n_contexts
        n_groups += 1
    stats = np.empty(3, dtype=np.float64)
    stats[0] = loss
    stats[1] = done
    stats[2] = n_groups
    return stats
