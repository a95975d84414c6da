"""The Python side of the loop: :func:`train_batches` sizes the buffers, runs
:func:`loop.run_batches` in chunks of about CHUNK_SECONDS and hands each
recorded epoch to the caller. Its steps: the training data in the loop's
dtype and layout (:class:`_Data`), the optimiser's state, the Gram path's
bookkeeping (:class:`GramPath`), the epochs' orders and rates
(:class:`_Epochs`), the loop's buffers (:func:`_loop_buffers`), the records
(:class:`_Records`), then the chunks (:func:`_run_chunks`) and the result."""
import collections
import time

import numpy as np

from ...config import CHUNK_SECONDS, RECORD_BYTES, cached
from ..activation_table import OUTPUT_SOFTMAX, activation_code, output_code
from ..steps import ADAM, MOMENTUM, OPTIMIZERS
from .buffers import (BATCH_END, DB, DW, LOGITS, WORK_END, Layout, aligned_empty, aligned_zeros, batch_sections,
                      loop_array, work_sections)
from .loop import BatchOptions, run_batches
from .gram import GramPath
from .products import batch_as_rows
from .results import BatchRecord, TrainingDiverged, TrainResult
from .sources import BatchSource, columns_of

__all__ = ["train_batches", "BatchRecord", "TrainingDiverged", "TrainResult"]


def train_batches(X, Y, weights, biases, *, optimizer, learning_rate, num_epochs, batch_size=None,
                  order=None, order_seed=None, rates=None, beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8, lambd=0.0,
                  keep_prob=1.0, fixed_masks=None, dropout_seed=0, hidden="relu", output="sigmoid",
                  scale_residual=False, record_every=1, record_last=False, X_val=None, snapshot=False,
                  dtype=None, on_record=None, method="direct", keep_gradients=False, unit="epoch", start_epoch=0,
                  optimizer_state=None, segment_every=None, on_segment=None, columns=None, on_compile=None):
    """Mini-batch training with gradient descent, momentum or Adam, L2 and
    dropout, compiled end to end (Python runs between chunks of about
    CHUNK_SECONDS only). Arguments are trusted: validate them first.

    Parameters
    ----------
    X : ndarray, shape (n_x, m), or (n_x, m_x) with ``columns``
        Any layout and real dtype: mini-batches copy each batch's examples from
        it (:class:`sources.BatchSource`: X^T itself when X is F-contiguous in
        the training dtype or float32, else a window of them), the full batch
        reads one aligned copy in the training dtype (X itself when it is one).
    Y : ndarray
        (n_L, m) targets, or (1, m) class indices for ``output="softmax"``.
    weights, biases : sequence of ndarray
        Initial parameters (not modified).
    optimizer : {"gd", "momentum", "adam", "adam_epsilon_inside"}
    learning_rate : float
        The rate of every epoch unless ``rates`` is given.
    num_epochs : int
    batch_size : int or None
        None: one batch of all m columns in their order (``order`` unused).
    order : callable
        ``order(epoch)`` -> int64 permutation of the m columns, called once per
        epoch in increasing order (draw it from a seeded generator).
    order_seed : int, optional
        Instead of ``order``: epoch e takes numpy's legacy
        ``np.random.seed(order_seed + e); np.random.permutation(m)``, drawn
        inside the loop (no Python per epoch); numpy's own generator is untouched.
    rates : callable, optional
        ``rates(epoch)`` -> the learning rate of that epoch.
    beta, beta1, beta2, epsilon : float
        Momentum's and Adam's hyperparameters.
    lambd : float
        L2 strength: each batch of w columns adds ``lambd / w * W`` to dW.
    keep_prob : float
        Dropout of the hidden layers' units, in (0, 1].
    fixed_masks : ndarray, shape (sum of hidden units, m), optional
        Dropout masks (0/1) used at every step, as the course's reseeded ones
        (one batch only); otherwise masks are drawn from ``dropout_seed``.
    hidden, output : str
    scale_residual : bool
        Scale dZ_L by 1/w first (the course's ``init_utils``/``opt_utils``)
        instead of each product (``reg_utils``).
    record_every : int
        Epochs 0, record_every, ... are recorded (and the last, with ``record_last``).
    X_val : ndarray, shape (n_x, m_val), optional
        Forwarded after each recorded epoch.
    snapshot : bool
        Keep the parameters after each recorded epoch.
    dtype : {None, float64, float32}
    on_record : callable, optional
        ``on_record(BatchRecord)`` for each recorded epoch, in order, while
        training runs; a true result stops training after the current chunk.
    method : {"direct", "gram"}
        The first layer's path; ``"gram"`` only for full-batch gradient
        descent without L2, dropout, X_val or snapshots.
    keep_gradients : bool
        Also return the first layer's gradients of the last step (full batch, L = 1 on the Gram path).
    unit : str
        What an epoch is called in :class:`TrainingDiverged` ("iteration" for the course's models).
    start_epoch : int
        Continue a run: train epochs ``start_epoch .. num_epochs-1`` (``num_epochs``
        stays the total), numbered as in the whole run, so that Adam's step
        count, the seeded orders, the dropout masks, ``rates`` and the records
        are those of an uninterrupted run.
    optimizer_state : ndarray, optional
        The ``optimizer_state`` of the :class:`TrainResult` that ended at
        ``start_epoch`` (zeros, the start of a run, by default).
    segment_every : int, optional
        Hand control to ``on_segment`` after every epoch that ends a multiple of
        this many epochs (counted from 0), before the last: the loop's chunks end
        there. The Gram path then forms W1 and restarts its bookkeeping from it,
        as a new call from that epoch would, so that a run continued from a
        segment's end gives the bits of the uninterrupted one on every path.
    on_segment : callable, optional
        ``on_segment(epoch, weights, biases, optimizer_state)`` with the
        parameters (new lists of arrays) and the optimiser's state (a copy) after
        ``epoch`` epochs; a true result stops training there.
    columns : int64 ndarray, shape (m,), optional
        Train on these columns of X only (a validation split's training
        part), in this order, as on ``X[:, columns]`` without its copy.
    on_compile : callable, optional
        ``on_compile()`` before the first chunk when the loop has to compile
        for this run's features first (no build of them loaded or cached).

    Returns
    -------
    TrainResult
        With ``iterations`` the recorded epochs and ``costs`` None: the
        costs are the caller's, from the records' logits. Training epochs
        ``0 .. k-1``, then ``k .. n-1`` from its weights, biases and
        ``optimizer_state``, gives the bits of one run of ``n`` epochs on the direct path.

    Raises
    ------
    TrainingDiverged
        Naming the epoch whose logits were not finite.
    """
    data = _Data(X, Y, columns, weights, batch_size, output, dtype)
    layout, dtype, m, n_batches = data.layout, data.dtype, data.m, data.n_batches
    if fixed_masks is not None and n_batches > 1:
        raise ValueError("fixed_masks are the masks of one batch of all columns: leave batch_size None")
    theta = layout.pack(weights, biases, dtype)
    state, first_moments, second_moments = _optimizer_state(layout, optimizer, optimizer_state, dtype)
    gram = GramPath(data.x, weights[0]) if method == "gram" else None
    epochs = _Epochs(order, order_seed, rates, learning_rate, m, dtype)
    x_direct, xt, source = data.loop_inputs(gram is not None, epochs.order)
    windowed = source is not None and source.windowed  # Python draws the orders, a window at a time
    x_val = None if X_val is None else np.ascontiguousarray(X_val, dtype=dtype)  # copied in batches: unaligned
    buffers = _loop_buffers(layout, data, keep_prob, fixed_masks, X_val is not None)
    records = _Records(layout, data, 0 if x_val is None else x_val.shape[1], num_epochs, record_every,
                       record_last, snapshot, lambd > 0)
    options = BatchOptions(activation_code(hidden, "hidden"), OPTIMIZERS[optimizer], data.batch_size,
                           bool(scale_residual), float(lambd), float(keep_prob), fixed_masks is not None,
                           int(dropout_seed), float(beta), float(beta1), float(beta2), float(epsilon),
                           int(record_every), num_epochs - 1 if record_last else -1, bool(snapshot),
                           -1 if order_seed is None or windowed else int(order_seed))

    def chunk_arguments(step, stop):
        """run_batches' arguments for steps step..stop-1."""
        first = step // n_batches
        epochs.forget_before(first)
        if windowed:  # one window: its positions' rows of the buffer, Y in those rows
            orders, y_rows = source.load(first, step - first * n_batches)
        else:
            orders, y_rows = epochs.orders(first, (stop - 1) // n_batches, data.shuffle and order_seed is None), data.y
        return (x_direct, xt, y_rows, orders, epochs.rates(first, (stop - 1) // n_batches), first, theta,
                first_moments, second_moments, buffers.work, buffers.sections, buffers.batch_work, buffers.places,
                buffers.rows_work, buffers.masks, buffers.softmax_work, None if gram is None else gram.work,
                layout.table, options, x_val, records.logits, records.squares, records.val_logits,
                records.snapshots, records.epochs, step, stop)

    def segment_end(epoch):
        """At a segment's end: the Gram path restarts from W1 (as a call from there would), then the hook."""
        if gram is not None:
            gram.restart(theta, layout)
        _check_finite(theta, epoch - 1, epochs, f"a parameter after {unit} {epoch - 1}", unit)
        return on_segment is not None and on_segment(epoch, *layout.unpack(theta), state.copy())

    def hand_over(record):
        return on_record is not None and on_record(record)

    step, recorded = _run_chunks(chunk_arguments, records, epochs, data, start_epoch * n_batches,
                                 num_epochs * n_batches, segment_every, source if windowed else None, segment_end,
                                 hand_over, on_compile, unit)
    trained = num_epochs > start_epoch
    gradients = _last_gradients(data, buffers, gram) if keep_gradients and trained else None
    if gram is not None:
        gram.form(theta, layout)
    _check_finite(theta, max(step - 1, 0) // n_batches, epochs, f"a parameter after the last {unit}", unit)
    weights, biases = layout.unpack(theta)
    return TrainResult(weights, biases, np.array(recorded, dtype=np.int64), None, method, gradients, state)


class _Data:
    """The training data as the loop reads them: X (where it is, or one
    aligned copy of the columns trained on), Y in the loop's dtype, the
    layers' :class:`Layout`, the batch size and count."""

    def __init__(self, X, Y, columns, weights, batch_size, output, dtype):
        x = np.asarray(X)
        self.dtype = np.dtype(dtype) if dtype is not None else (
            np.dtype(np.float32) if x.dtype == np.float32 else np.dtype(np.float64))
        self.shuffle = batch_size is not None
        if columns is not None and not self.shuffle:  # the full batch's one copy
            x, columns = columns_of(x, columns, self.dtype), None
        self.x, self.columns = x, columns
        self.m = m = x.shape[1] if columns is None else len(columns)
        self.layout = Layout([x.shape[0]] + [np.shape(w)[0] for w in weights])
        self.softmax = output_code(output) == OUTPUT_SOFTMAX
        self.y = loop_array(np.reshape(Y, (1 if self.softmax else self.layout.dims[-1], m)), self.dtype)
        self.batch_size = int(batch_size) if self.shuffle else m
        self.n_batches = -(-m // self.batch_size)

    def loop_inputs(self, gram, epoch_order):
        """``(x, xt, source)`` for the loop: mini-batches are copied out of
        X^T (:class:`BatchSource`; its alignment is not worth a copy of X),
        the full batch reads an aligned X, the Gram path G instead of X."""
        empty = np.empty((self.x.shape[0], 0), self.dtype)
        if self.shuffle:
            source = BatchSource(self.x, self.columns, self.y, self.dtype, self.batch_size, epoch_order)
            return empty, source.xt, source
        return (empty if gram else loop_array(self.x, self.dtype)), None, None

    def labels(self, epoch_order, epoch):
        """Y in the column order of ``epoch``."""
        return self.y[:, epoch_order(epoch)] if self.shuffle else self.y


def _optimizer_state(layout, optimizer, optimizer_state, dtype):
    """``(state, first_moments, second_moments)``: the optimiser's flat state
    (zeros, or ``optimizer_state`` continued) and its views the loop steps
    (None for what the optimiser has not: the loop compiles without them)."""
    state = aligned_zeros(layout.state_size(optimizer), dtype)
    if optimizer_state is not None:
        state[:] = optimizer_state
    code, size = OPTIMIZERS[optimizer], layout.size
    return state, state[:size] if code >= MOMENTUM else None, state[size:] if code >= ADAM else None


class _Epochs:
    """Each epoch's column order (``order(epoch)``, or numpy's legacy
    permutation seeded ``order_seed + epoch``, as the loop draws it) and
    learning rate (``rates(epoch)``, or ``learning_rate``)."""

    def __init__(self, order, order_seed, rates, learning_rate, m, dtype):
        self._order, self._order_seed, self._rates = order, order_seed, rates
        self._learning_rate, self._m, self._dtype = learning_rate, m, dtype
        self._drawn = {}  # the orders of the epochs a chunk spans, each drawn once

    def order(self, epoch):
        if epoch not in self._drawn:
            self._drawn[epoch] = (
                np.asarray(self._order(epoch), dtype=np.int64) if self._order_seed is None
                # the loop's np.random.seed takes the seed modulo 2**32, as RandomState needs it
                else np.random.RandomState((self._order_seed + epoch) % 2**32).permutation(self._m))
        return self._drawn[epoch]

    def forget_before(self, first):
        for epoch in [e for e in self._drawn if e < first]:
            del self._drawn[epoch]

    def orders(self, first, last, drawn_here):
        """The orders of epochs first..last (E, m) for the loop: drawn here
        when ``drawn_here``, else none (the loop draws them, or keeps X's order)."""
        if not drawn_here:
            return np.empty((1, 0), np.int64)
        return np.stack([self.order(e) for e in range(first, last + 1)])

    def rate(self, epoch):
        return self._learning_rate if self._rates is None else float(self._rates(epoch))

    def rates(self, first, last):
        """The rates of epochs first..last, in the training dtype."""
        if self._rates is None:  # no Python per epoch (a full-batch epoch takes microseconds)
            return np.full(last - first + 1, self._learning_rate, self._dtype)
        return np.array([self.rate(epoch) for epoch in range(first, last + 1)], dtype=self._dtype)


#: The loop's buffers: the work buffer and its sections, the batch buffer and
#: its places (and itself as ``rows_work`` where layer 1 reads rows), dropout's
#: masks and the softmax's scratch (None without them).
LoopBuffers = collections.namedtuple("LoopBuffers", "work sections batch_work places rows_work masks softmax_work")


def _loop_buffers(layout, data, keep_prob, fixed_masks, validation):
    """The buffers of a batch of ``data.batch_size`` columns, 64-byte aligned."""
    dtype, batch_size = data.dtype, data.batch_size
    dropout = keep_prob < 1
    sections = work_sections(layout.table, batch_size)
    places = batch_sections(layout.table, data.y.shape[0], batch_size, dropout)
    batch_work = aligned_empty(places[BATCH_END], dtype)
    # layer 1 reads X as rows only from the batch buffer: batches, validation examples
    as_rows = batch_as_rows(layout.table, batch_size) and (data.shuffle or validation)
    if not dropout:  # the loop drops out where it has masks: none, whatever fixed_masks says
        masks = None
    elif fixed_masks is not None:  # read in place (copied per step, they took a sixth of the course's dropout step)
        masks = loop_array(np.reshape(fixed_masks, -1), dtype)
    else:
        masks = aligned_empty(sum(layout.dims[1:-1]) * batch_size, dtype)
    return LoopBuffers(aligned_empty(sections[WORK_END], dtype), sections, batch_work, places,
                       batch_work if as_rows else None, masks,
                       aligned_empty(2 * batch_size, dtype) if data.softmax else None)


class _Records:
    """Where the loop records epochs (the logits of every batch, L2's sums of
    squares, the validation logits, snapshots), for as many epochs as fit in
    RECORD_BYTES, and the :class:`BatchRecord` each becomes."""

    def __init__(self, layout, data, m_val, num_epochs, record_every, record_last, snapshot, l2):
        n_out, m, dtype = layout.dims[-1], data.m, data.dtype
        per_record = (n_out * (m + m_val) + (layout.size if snapshot else 0) + data.n_batches) * dtype.itemsize
        capacity = max(1, min(num_epochs // record_every + 2, RECORD_BYTES // per_record))
        self.logits = np.empty((capacity, n_out, m), dtype)
        self.squares = np.zeros((capacity, data.n_batches))
        self.val_logits = np.empty((capacity, n_out, m_val), dtype)
        self.snapshots = np.empty((capacity, layout.size if snapshot else 0), dtype)
        self.epochs = np.empty(capacity, np.int64)
        self._has = (l2, m_val > 0, snapshot)
        self._every, self._last = record_every, num_epochs - 1 if record_last else -1
        self._layout, self._data = layout, data

    def record(self, r, epochs):
        """The r-th record of the chunk."""
        epoch = int(self.epochs[r])
        l2, validation, snapshot = self._has
        return BatchRecord(epoch, epochs.rate(epoch), self.logits[r], self._data.labels(epochs.order, epoch),
                           self._data.batch_size, self.squares[r].copy() if l2 else None,
                           self.val_logits[r].copy() if validation else None,
                           self.snapshots[r].copy() if snapshot else None, self._layout)

    def renew(self, n_records, done):
        """The records handed over keep their logits (views: a copy of (10,
        200000) float64 logits took 16 MB more at each record); the next chunk
        records into a new array, the epoch under way (recorded, cut by the
        chunk's end at step ``done``) going on in its first slot."""
        fresh = np.empty_like(self.logits)
        epoch, within = divmod(done, self._data.n_batches)
        if within and (epoch % self._every == 0 or epoch == self._last):
            fresh[0], self.squares[0] = self.logits[n_records], self.squares[n_records]
        self.logits = fresh


def _run_chunks(chunk_arguments, records, epochs, data, step, total, segment_every, window_source, segment_end,
                hand_over, on_compile, unit):
    """Steps ``step .. total-1`` in chunks of about CHUNK_SECONDS, each ending
    where a segment or a window does; between chunks the records go to
    ``hand_over`` and segments end (``segment_end``); either stops training
    with a true result. Returns the step reached and the recorded epochs."""
    n_batches, chunk, stopped, recorded = data.n_batches, 1, False, []
    while step < total and not stopped:
        stop = min(total, step + chunk)
        if segment_every is not None:
            stop = min(stop, (step // n_batches // segment_every + 1) * segment_every * n_batches)
        if window_source is not None:
            first = step // n_batches
            stop = min(stop, window_source.window_end(first, step - first * n_batches, n_batches))
        arguments = chunk_arguments(step, stop)
        if on_compile is not None and not cached(run_batches, arguments):
            on_compile()
        on_compile = None
        started = time.perf_counter()
        done, n_records, diverged = run_batches(*arguments)
        seconds = time.perf_counter() - started
        for r in range(n_records):
            recorded.append(int(records.epochs[r]))
            if hand_over(records.record(r, epochs)):
                stopped = True  # the chunk's later records are not handed over
                break
        if diverged >= 0:
            epoch = int(diverged) // n_batches
            raise TrainingDiverged(epoch, epochs.rate(epoch), unit=unit)
        if n_records:
            records.renew(n_records, done)
        chunk = max(1, min(16 * chunk, int((done - step) * CHUNK_SECONDS / max(seconds, 1e-7))))
        step = done
        if (segment_every is not None and not stopped and step < total and step % n_batches == 0
                and step // n_batches % segment_every == 0):
            stopped = segment_end(step // n_batches)
    return step, recorded


def _check_finite(theta, epoch, epochs, where, unit):
    """TrainingDiverged naming ``epoch`` unless every parameter is finite (a NaN can hide behind a relu)."""
    if not np.isfinite(theta).all():
        raise TrainingDiverged(epoch, epochs.rate(epoch), where, unit=unit)


def _last_gradients(data, buffers, gram):
    """``(dW_1, db_1)`` of the last step (full batch), from the work buffer."""
    m, n_x, n1 = data.m, data.layout.dims[0], data.layout.dims[1]
    work, sections, inv_m = buffers.work, buffers.sections, 1.0 / m
    db = inv_m * work[sections[DB]:sections[DB] + n1].reshape(n1, 1)
    if gram is not None:  # dW_1 = 1/m dZ_1 X^T; dZ_1 is still in the logits buffer (L = 1)
        dz = work[sections[LOGITS]:sections[LOGITS] + n1 * m].reshape(n1, m)
        return inv_m * np.dot(dz, data.x.astype(data.dtype, copy=False).T), db
    return inv_m * work[sections[DW]:sections[DW] + n1 * n_x].reshape(n1, n_x), db
