"""The Python loop around the training kernels, shared by the trained estimators.

:class:`SGNSEmbedding` and :class:`QWEMGradientEmbedding` both train by
running a kernel over chunks of work; :class:`Trainer` owns what they share:
the loss history, snapshots of the embedding's singular values, the callback,
``KeyboardInterrupt`` (keeps the model trained so far), the divergence check
and the progress bar. An estimator supplies a *job* with this interface:

- ``chunks(snapshot_at)`` yields chunks of work (``snapshot_at``, the planned
  snapshot steps in positive pairs, lets a job cut its chunks there);
- ``run(chunk)`` trains on one chunk and returns ``(loss_sum, n_pairs)``:
  the summed loss and the number of positive pairs done;
- ``epoch_of(chunk)``: the weights are checked when it changes and at the
  end (a job whose epochs are real passes ``n_epochs``, for the progress lines); ``rate_at(chunk)``: the learning rate at the chunk's end, recorded
  under ``rate_key`` (None: not recorded); ``size(chunk)``: progress units;
- ``advice(chunk)``: what to do when training diverged there (naming the
  learning rate; ``chunk`` is None when the weights were found non-finite);
- attributes ``expected_pairs`` (to space int snapshots), ``total_units``
  (progress), ``weights`` (list of ``(name, array)`` checked for finiteness),
  ``embedding`` (the array snapshots describe) and ``threaded`` (chunks may
  run in parallel Python threads, each a ``nogil`` kernel); optionally
  ``weight_bound``: an entry of a weight beyond it means training diverged.

A run that ends (not stopped by the callback or an interrupt) after no
positive pair raises ``ValueError``: a random initialisation is no fit.
"""

import numbers
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from joblib import effective_n_jobs

from .._validation import check_allocation
from .._warnings import warn
from ._base import TrainingDivergedError

__all__ = ["Trainer", "snapshot_plan", "top_singular_values"]


def snapshot_plan(snapshot_steps, expected_pairs):
    """Steps (positive pairs) at which snapshots are due, before the final one.

    An int asks for that many evenly spaced snapshots from step 0 to the end
    (the last is taken when training ends); an array gives the steps. None:
    no snapshots.
    """
    if snapshot_steps is None:
        return np.empty(0, dtype=np.int64)
    if isinstance(snapshot_steps, numbers.Integral):
        # More snapshots than steps land on every step: never allocate more.
        n = min(int(snapshot_steps), int(np.ceil(expected_pairs)) + 1)
        return np.unique(np.linspace(0, expected_pairs, max(n, 2)).round()
                         .astype(np.int64))[:-1]
    at = np.asarray(snapshot_steps, dtype=np.float64).ravel()
    if at.size == 0 or not np.all(np.isfinite(at)) or np.any(at < 0):
        raise ValueError(
            f"snapshot_steps must be an int >= 2 or a non-empty list of steps >= 0 "
            f"(in positive pairs), got {snapshot_steps!r}."
        )
    return np.unique(at.round().astype(np.int64))


def top_singular_values(W, n):
    """The top ``n`` singular values of ``W`` from its d x d Gram matrix (no SVD).

    Accurate to about ``1e-8 * s_max`` (the Gram matrix squares the condition
    number), plenty for learning curves.
    """
    W64 = np.asarray(W, dtype=np.float64)
    ev = np.linalg.eigvalsh(W64.T @ W64)[::-1][:n]
    return np.sqrt(np.maximum(ev, 0.0))


class Trainer:
    """Run a job's chunks and keep the history; see the module docstring.

    Parameters
    ----------
    job : object
        The estimator's job (interface above).
    name : str
        Shown in messages and the progress bar.
    snapshot_steps, n_singular_values, record_embeddings, callback, log_every
        As the estimators' parameters of the same names.
    callback_owner : object
        First argument of ``callback`` (the estimator).
    n_jobs : int or None
        Parallel chunks for a ``threaded`` job (sklearn's meaning of n_jobs).
    verbose : int
        Progress bar (tqdm, if installed; else a line per epoch).
    """

    def __init__(self, job, *, name, snapshot_steps=None, n_singular_values=10,
                 record_embeddings=False, callback=None, callback_owner=None,
                 log_every=None, n_jobs=None, verbose=0):
        self.job, self.name = job, name
        self.snapshot_steps = snapshot_steps
        self.record_embeddings = record_embeddings
        self.callback, self.callback_owner = callback, callback_owner
        self.log_every, self.n_jobs, self.verbose = log_every, n_jobs, verbose
        self.n_sv = min(n_singular_values, job.embedding.shape[1], job.embedding.shape[0])
        self.snap_at = snapshot_plan(snapshot_steps, job.expected_pairs)
        if record_embeddings and snapshot_steps is not None:
            check_allocation(
                (self.snap_at.size + 1) * job.embedding[:1].nbytes * job.embedding.shape[0],
                f"record_embeddings at {self.snap_at.size + 1} snapshots",
                "ask for fewer snapshot_steps or set record_embeddings=False")
        self.hist = {"step": [], "loss": [], "snapshot_step": [], "singular_values": []}
        if job.rate_key is not None:
            self.hist[job.rate_key] = []
        if record_embeddings:
            self.hist["embeddings"] = []
        self.steps = 0
        self.next_snap = 0
        self.loss_acc = 0.0
        self.pairs_acc = 0
        self.last_rate = None
        self.stopped = False
        self.epoch = None

    def run(self):
        """Train; return ``history, interrupted, n_pairs, seconds``.

        Raises :class:`TrainingDivergedError` when the loss or the weights stop
        being finite. On ``KeyboardInterrupt`` the model trained so far is kept
        (with a warning) and ``interrupted`` is True, as it is when the
        callback stops training.
        """
        n_jobs = effective_n_jobs(self.n_jobs) if self.job.threaded else 1
        bar = _progress(self.verbose, self.job.total_units, self.name)
        interrupted = False
        t0 = time.perf_counter()
        try:
            self._snapshots_due()
            if not self.stopped:
                if n_jobs == 1:
                    for chunk in self.job.chunks(self.snap_at):
                        self._account(chunk, self.job.run(chunk), bar)
                        if self._snapshots_due():
                            break
                else:
                    self._run_threads(n_jobs, bar)
            if not self.stopped:
                if self.steps == 0:
                    raise ValueError(
                        f"{self.name} trained on no positive pairs: the fit would be its "
                        "random initialisation. Check that the input has words that "
                        "co-occur (and any subsampling keeps some)."
                    )
                self._check_weights()
                if self.snapshot_steps is not None:
                    self._snapshot()
        except KeyboardInterrupt:
            interrupted = True
            warn(
                f"Training interrupted after {self.steps} positive pairs; keeping the "
                "model trained so far (interrupted_ = True).", UserWarning)
        finally:
            if bar is not None:
                bar.close()
        self._flush_loss()
        return (self._history(), interrupted or self.stopped, int(self.steps),
                time.perf_counter() - t0)

    def _history(self):
        h = self.hist
        out = {
            "step": np.asarray(h["step"], dtype=np.int64),
            "loss": np.asarray(h["loss"], dtype=np.float64),
            "snapshot_step": np.asarray(h["snapshot_step"], dtype=np.int64),
            "singular_values": np.asarray(h["singular_values"], dtype=np.float64)
                               .reshape(-1, self.n_sv),
        }
        if self.job.rate_key is not None:
            out[self.job.rate_key] = np.asarray(h[self.job.rate_key], dtype=np.float64)
        if "embeddings" in h:
            out["embeddings"] = h["embeddings"]
        return out

    def _snapshot_due(self):
        return self.next_snap < self.snap_at.size and self.steps >= self.snap_at[self.next_snap]

    def _run_threads(self, n_jobs, bar):
        # At most 2 * n_jobs chunks in flight: threads never wait for the main
        # loop, and an interrupt or error waits for little work to finish.
        job = self.job
        with ThreadPoolExecutor(max_workers=n_jobs) as pool:
            pending = deque()
            try:
                for chunk in job.chunks(self.snap_at):
                    pending.append((chunk, pool.submit(job.run, chunk)))
                    if len(pending) < 2 * n_jobs:
                        continue
                    self._account_oldest(pending, bar)
                    if self._snapshot_due():
                        while pending:  # weights must hold still for a snapshot
                            self._account_oldest(pending, bar)
                        if self._snapshots_due():
                            return
                while pending:
                    self._account_oldest(pending, bar)
            finally:
                for _, f in pending:
                    f.cancel()
                for _, f in pending:
                    if not f.cancelled():
                        try:
                            stats = f.result()
                        except BaseException:
                            continue
                        # its updates are in the weights: count its pairs (an
                        # interrupt must not make n_pairs_ lag the model)
                        self.steps += int(stats[1])

    def _account_oldest(self, pending, bar):
        # The chunk leaves the queue only once its result is in hand, so an
        # interrupt while waiting for it still finds it in the finally above.
        chunk, future = pending[0]
        stats = future.result()
        pending.popleft()
        self._account(chunk, stats, bar)

    def _account(self, chunk, stats, bar):
        job = self.job
        if not np.isfinite(stats[0]):
            raise TrainingDivergedError(
                f"Training diverged: the loss became non-finite after about "
                f"{self.steps} positive pairs. {job.advice(chunk)}"
            )
        epoch = job.epoch_of(chunk)
        if epoch != self.epoch:
            if self.epoch is not None:
                self._check_weights()
                n_epochs = getattr(job, "n_epochs", None)  # None: chunks are not epochs
                if bar is None and self.verbose and n_epochs is not None:
                    print(f"[{self.name}] epoch {self.epoch + 1}/{n_epochs} done, "
                          f"{self.steps} pairs", flush=True)
            self.epoch = epoch
        n = int(stats[1])
        self.steps += n
        self.loss_acc += float(stats[0])
        self.pairs_acc += n
        self.last_rate = job.rate_at(chunk)
        if self.log_every is None or self.pairs_acc >= self.log_every:
            self._flush_loss()
        if bar is not None:
            bar.update(job.size(chunk))

    def _flush_loss(self):
        if self.pairs_acc == 0:
            return
        self.hist["step"].append(self.steps)
        self.hist["loss"].append(self.loss_acc / self.pairs_acc)
        if self.job.rate_key is not None:
            self.hist[self.job.rate_key].append(self.last_rate)
        self.loss_acc = 0.0
        self.pairs_acc = 0

    def _check_weights(self):
        # Scores are clipped in the kernels, so a diverging run can keep a
        # finite loss while its weights grow without bound: check the largest
        # entry (NaN propagates through max/min), against the job's bound.
        bound = getattr(self.job, "weight_bound", None)
        for name, w in self.job.weights:
            big = max(float(w.max()), -float(w.min())) if w.size else 0.0
            if not np.isfinite(big):
                problem = "are no longer finite"
            elif bound is not None and big > bound:
                problem = (f"have an entry of {big:.3g}, beyond the {bound:.3g} no "
                           "converging run reaches")
            else:
                continue
            raise TrainingDivergedError(
                f"Training diverged: after {self.steps} positive pairs the {name} vectors "
                f"{problem}. {self.job.advice(None)}"
            )

    def _snapshots_due(self):
        """Take the snapshots whose step has passed; True if the callback says stop."""
        while self._snapshot_due():
            self.next_snap += 1
            if self._snapshot():
                self.stopped = True
                return True
        return False

    def _snapshot(self):
        h = self.hist
        if h["snapshot_step"] and h["snapshot_step"][-1] == self.steps:
            return False
        emb = self.job.embedding
        h["snapshot_step"].append(self.steps)
        h["singular_values"].append(top_singular_values(emb, self.n_sv))
        if self.record_embeddings:
            h["embeddings"].append(np.array(emb, dtype=np.float32))
        if self.callback is None:
            return False
        stop = self.callback(self.callback_owner, self.steps, emb)
        if stop is not None and not isinstance(stop, (bool, np.bool_)):
            raise TypeError(
                f"callback must return True (stop), False or None (go on), got "
                f"{type(stop).__name__} {stop!r:.60} at step {self.steps}: return a bool.")
        return bool(stop)


def _progress(verbose, total, name):
    if not verbose:
        return None
    try:
        from tqdm.auto import tqdm  # optional dependency
    except ImportError:
        return None
    return tqdm(total=total, unit_scale=True, desc=name)
