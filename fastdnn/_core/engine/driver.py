"""The Python side of the loop: :func:`train_batches` sizes the buffers, runs
:func:`loop.run_batches` in chunks of about CHUNK_SECONDS and hands each
recorded epoch to the caller."""
import time

import numpy as np

from ...config import CHUNK_SECONDS, RECORD_BYTES
from ..activation_table import OUTPUT_SOFTMAX, activation_code, output_code
from ..kernels import OPTIMIZERS
from .buffers import (BATCH_END, DB, DROPPED, DW, LOGITS, WORK_END, Layout, aligned_empty, aligned_zeros,
                      batch_sections, loop_array, work_sections)
from .loop import BatchOptions, run_batches
from .products import gram_matrix
from .sources import BatchSource, columns_of


class TrainingDiverged(FloatingPointError):
    """Gradient descent produced NaN or inf; raised instead of returning NaN parameters.

    Attributes
    ----------
    iteration : int
        First iteration (full batch) or epoch (mini-batches: ``unit="epoch"``)
        whose forward pass was not finite.
    learning_rate : float
    """

    def __init__(self, iteration, learning_rate, where="the output layer's pre-activation", unit="iteration"):
        self.iteration = iteration
        self.learning_rate = learning_rate
        super().__init__(
            f"training diverged at {unit} {iteration} with learning_rate={learning_rate!r}: "
            f"{where} is NaN or inf; try a smaller learning rate"
        )


class BatchRecord:
    """One recorded epoch of :func:`train_batches`.

    Attributes
    ----------
    epoch : int
    rate : float
        Its learning rate.
    logits : ndarray, shape (n_L, m)
        ``Z_L`` of every batch before its update, batch after batch, in the
        epoch's column order.
    labels : ndarray, shape (n_y, m)
        Y in that order.
    batch_size : int
        Batches are consecutive runs of this many columns of ``logits``.
    squares : ndarray, shape (n_batches,) or None
        With L2: sum of W**2 before each batch's update.
    val_logits : ndarray, shape (n_L, m_val) or None
        Logits of the validation set after the epoch.
    snapshot : ndarray or None
        The flat parameters after the epoch (with ``snapshot=True``); :meth:`parameters` unpacks it.
    """

    def __init__(self, epoch, rate, logits, labels, batch_size, squares, val_logits, snapshot, layout):
        self.epoch, self.rate, self.logits, self.labels = epoch, rate, logits, labels
        self.batch_size, self.squares, self.val_logits, self.snapshot = batch_size, squares, val_logits, snapshot
        self._layout = layout

    def batches(self):
        """``(logits, labels)`` of each batch, in order (views)."""
        m = self.logits.shape[1]
        return [(self.logits[:, k:k + self.batch_size], self.labels[:, k:k + self.batch_size])
                for k in range(0, m, self.batch_size)]

    def parameters(self):
        """The snapshot as lists of ``W_l`` and ``b_l``."""
        return self._layout.unpack(self.snapshot)


def train_batches(X, Y, weights, biases, *, optimizer, learning_rate, num_epochs, batch_size=None,
                  order=None, order_seed=None, rates=None, beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8, lambd=0.0,
                  keep_prob=1.0, fixed_masks=None, dropout_seed=0, hidden="relu", output="sigmoid",
                  scale_residual=False, record_every=1, record_last=False, X_val=None, snapshot=False,
                  dtype=None, on_record=None, method="direct", keep_gradients=False, unit="epoch", start_epoch=0,
                  optimizer_state=None, segment_every=None, on_segment=None, columns=None):
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
    dtype = np.dtype(dtype) if dtype is not None else (
        np.dtype(np.float32) if np.asarray(X).dtype == np.float32 else np.dtype(np.float64))
    out_kind = output_code(output)
    x = np.asarray(X)
    n_x = x.shape[0]
    shuffle = batch_size is not None
    if columns is not None and not shuffle:  # the full batch's one copy
        x, columns = columns_of(x, columns, dtype), None
    m = x.shape[1] if columns is None else len(columns)
    layout = Layout([n_x] + [np.shape(w)[0] for w in weights])
    n_out = layout.dims[-1]
    y = loop_array(np.reshape(Y, (1 if out_kind == OUTPUT_SOFTMAX else n_out, m)), dtype)
    batch_size = int(batch_size) if shuffle else m
    n_batches = -(-m // batch_size)
    theta = layout.pack(weights, biases, dtype)
    state = aligned_zeros(layout.state_size(optimizer), dtype)
    if optimizer_state is not None:
        state[:] = optimizer_state
    gram = method == "gram"
    n1 = layout.dims[1]
    if gram:
        x64 = np.asarray(x, dtype=np.float64)  # the Gram bookkeeping is float64 whatever the dtype
        gram_work = aligned_zeros(3 * n1 * m + m * m, np.float64)
        gram_work[3 * n1 * m:] = gram_matrix(x64).reshape(-1)
        w1_0 = gram_restart(gram_work, np.asarray(weights[0], dtype=np.float64), x64)
    else:
        gram_work = np.zeros(0)
    orders = {}  # of the epochs a chunk spans, each drawn once, in epoch order

    def epoch_order(epoch):
        if epoch not in orders:
            orders[epoch] = (np.asarray(order(epoch), dtype=np.int64) if order_seed is None
                             # the loop's np.random.seed takes the seed modulo 2**32, as RandomState needs it
                             else np.random.RandomState((order_seed + epoch) % 2**32).permutation(m))
        return orders[epoch]

    source = None
    if shuffle:  # the batches' examples are copied out of X^T: its alignment is not worth a copy of X
        source = BatchSource(x, columns, y, dtype, batch_size, epoch_order)
        x_direct, xt = np.empty((n_x, 0), dtype), source.xt
    elif gram:  # the loop reads G instead of X
        x_direct, xt = np.empty((n_x, 0), dtype), np.empty((0, n_x), dtype)
    else:
        x_direct, xt = loop_array(x, dtype), np.empty((0, n_x), dtype)
    # the validation examples are copied into the batch buffer: their alignment is not worth a copy
    x_val = np.empty((n_x, 0), dtype) if X_val is None else np.ascontiguousarray(X_val, dtype=dtype)
    m_val = x_val.shape[1]
    windowed = source is not None and source.windowed  # Python draws the orders, a window at a time
    dropout = keep_prob < 1
    hidden_total = sum(layout.dims[1:-1])
    work = aligned_empty(work_sections(layout.table, batch_size, out_kind == OUTPUT_SOFTMAX)[WORK_END], dtype)
    places = batch_sections(layout.table, y.shape[0], batch_size)
    batch_work = aligned_empty(places[BATCH_END if dropout else DROPPED], dtype)  # no dropout: no masks
    if fixed_masks is not None and n_batches > 1:
        raise ValueError("fixed_masks are the masks of one batch of all columns: leave batch_size None")
    masks = (np.empty((0, 0), dtype) if fixed_masks is None
             else loop_array(np.reshape(fixed_masks, (hidden_total, m)), dtype))
    itemsize = dtype.itemsize
    per_record = (n_out * (m + m_val) + (layout.size if snapshot else 0) + n_batches) * itemsize
    capacity = max(1, min(num_epochs // record_every + 2, RECORD_BYTES // per_record))
    records = np.empty((capacity, n_out, m), dtype)
    squares = np.zeros((capacity, n_batches))
    val_records = np.empty((capacity, n_out, m_val), dtype)
    snapshots = np.empty((capacity, layout.size if snapshot else 0), dtype)
    record_epochs = np.empty(capacity, np.int64)
    options = BatchOptions(activation_code(hidden, "hidden"), out_kind, OPTIMIZERS[optimizer], batch_size,
                           shuffle, bool(scale_residual), float(lambd), float(keep_prob), fixed_masks is not None,
                           int(dropout_seed), float(beta), float(beta1), float(beta2), float(epsilon),
                           int(record_every), num_epochs - 1 if record_last else -1, bool(snapshot),
                           -1 if order_seed is None or windowed else int(order_seed))

    def rate_of(epoch):
        return learning_rate if rates is None else float(rates(epoch))

    def epoch_inputs(first, last, batch):
        """The loop's orders, rates and targets for epochs first..last, from ``batch`` of the first."""
        if rates is None:  # no Python per epoch (a full-batch epoch takes microseconds)
            rate_rows = np.full(last - first + 1, learning_rate, dtype)
        else:
            rate_rows = np.array([rate_of(epoch) for epoch in range(first, last + 1)], dtype=dtype)
        for epoch in [e for e in orders if e < first]:
            del orders[epoch]
        if windowed:  # one window: its positions' rows of the buffer, Y in those rows
            return (*source.load(first, batch), rate_rows)
        if not shuffle or order_seed is not None:
            return np.empty((1, 0), np.int64), y, rate_rows
        return np.stack([epoch_order(e) for e in range(first, last + 1)]), y, rate_rows

    total = num_epochs * n_batches
    step, chunk, stopped, recorded = start_epoch * n_batches, 1, False, []
    while step < total and not stopped:
        stop = min(total, step + chunk)
        if segment_every is not None:  # a chunk ends where a segment does
            stop = min(stop, (step // n_batches // segment_every + 1) * segment_every * n_batches)
        first = step // n_batches
        if windowed:  # a chunk ends where its window does
            stop = min(stop, source.window_end(first, step - first * n_batches, n_batches))
        order_rows, y_rows, rate_rows = epoch_inputs(first, (stop - 1) // n_batches, step - first * n_batches)
        started = time.perf_counter()
        done, n_records, diverged = run_batches(
            x_direct, xt, y_rows, order_rows, rate_rows, first, theta, state, work, batch_work, gram_work, layout.table,
            options,
            masks, x_val, records, squares, val_records, snapshots, record_epochs, step, stop)
        seconds = time.perf_counter() - started
        for r in range(n_records):
            epoch = int(record_epochs[r])
            recorded.append(epoch)
            labels = y[:, epoch_order(epoch)] if shuffle else y
            record = BatchRecord(epoch, rate_of(epoch), records[r], labels, batch_size,
                                 squares[r].copy() if lambd > 0 else None,
                                 val_records[r].copy() if X_val is not None else None,
                                 snapshots[r].copy() if snapshot else None, layout)
            if on_record is not None and on_record(record):
                stopped = True  # the chunk's later records are not handed over
                break
        if diverged >= 0:
            raise TrainingDiverged(int(diverged) // n_batches, rate_of(int(diverged) // n_batches), unit=unit)
        epoch_done = done // n_batches
        if n_records:
            # the records handed over keep their logits (views: a copy of (10, 200000) float64 logits took
            # 16 MB more at each record); the next chunk records into a new array, the epoch under way
            # (recorded, cut by the chunk's end) going on in its first slot
            fresh = np.empty_like(records)
            if done % n_batches and (epoch_done % record_every == 0 or (record_last and epoch_done == num_epochs - 1)):
                fresh[0], squares[0] = records[n_records], squares[n_records]
            records = fresh
        chunk = max(1, min(16 * chunk, int((done - step) * CHUNK_SECONDS / max(seconds, 1e-7))))
        step = done
        if (segment_every is not None and not stopped and step < total and step % n_batches == 0
                and epoch_done % segment_every == 0):
            if gram:
                form_first_layer(theta, layout, gram_work, w1_0, x64)
                w1_0 = gram_restart(gram_work, first_layer(theta, layout).astype(np.float64), x64)
            if not np.isfinite(theta).all():
                raise TrainingDiverged(epoch_done - 1, rate_of(epoch_done - 1),
                                       f"a parameter after {unit} {epoch_done - 1}", unit=unit)
            if on_segment is not None and on_segment(epoch_done, *layout.unpack(theta), state.copy()):
                stopped = True
    gradients = None
    if keep_gradients and total > start_epoch * n_batches:
        inv_m = 1.0 / m
        sections = work_sections(layout.table, m, out_kind == OUTPUT_SOFTMAX)
        db = inv_m * work[sections[DB]:sections[DB] + n1].reshape(n1, 1)
        if gram:  # dW_1 = 1/m dZ_1 X^T; dZ_1 is still in the logits buffer (L = 1)
            dz = work[sections[LOGITS]:sections[LOGITS] + n1 * m].reshape(n1, m)
            dw = inv_m * np.dot(dz, x.astype(dtype, copy=False).T)
        else:
            dw = inv_m * work[sections[DW]:sections[DW] + n1 * n_x].reshape(n1, n_x)
        gradients = (dw, db)
    if gram:
        form_first_layer(theta, layout, gram_work, w1_0, x64)
    if not np.isfinite(theta).all():
        last = max(step - 1, 0) // n_batches
        raise TrainingDiverged(last, rate_of(last), f"a parameter after the last {unit}", unit=unit)
    weights, biases = layout.unpack(theta)
    return TrainResult(weights, biases, np.array(recorded, dtype=np.int64), None, method, gradients, state)


def gram_restart(gram_work, w1_0, x64):
    """Start the Gram path's bookkeeping from W1_0 (float64): C = 0, P0 = W1_0 X; returns W1_0."""
    n1, m = w1_0.shape[0], x64.shape[1]
    gram_work[:n1 * m] = 0.0
    gram_work[n1 * m:2 * n1 * m] = np.dot(w1_0, x64).reshape(-1)
    return w1_0


def first_layer(theta, layout):
    """W1 as a view of the flat parameters."""
    n1, n_x, w_off, _ = layout.table[0]
    return theta[w_off:w_off + n1 * n_x].reshape(n1, n_x)


def form_first_layer(theta, layout, gram_work, w1_0, x64):
    """W1 = W1_0 - C X^T into the flat parameters (the Gram path keeps W1 as C until then)."""
    n1, m = w1_0.shape[0], x64.shape[1]
    first_layer(theta, layout)[...] = w1_0 - np.dot(gram_work[:n1 * m].reshape(n1, m), x64.T)


class TrainResult:
    """What :func:`train` returns.

    Attributes
    ----------
    weights, biases : list of ndarray
        ``W_l`` of shape (n_l, n_{l-1}) and ``b_l`` of shape (n_l, 1).
    iterations : ndarray of int
        Iterations whose cost was recorded.
    costs : list of numpy float scalars
        The cost at those iterations, computed before that iteration's update.
    method : str
        ``"direct"`` or ``"gram"``.
    gradients : tuple or None
        With ``keep_gradients``: ``(dW_1, db_1)`` of the last iteration,
        shapes (n_1, n_x) and (n_1, 1).
    optimizer_state : ndarray or None
        :func:`train_batches`' final optimiser state, to continue the run
        (``optimizer_state=``): empty for gradient descent, the velocity for
        momentum, Adam's v then s; flat in the parameters' :class:`Layout` order.
    """

    def __init__(self, weights, biases, iterations, costs, method, gradients=None, optimizer_state=None):
        self.weights = weights
        self.biases = biases
        self.iterations = iterations
        self.costs = costs
        self.method = method
        self.gradients = gradients
        self.optimizer_state = optimizer_state

    def __repr__(self):
        return (f"TrainResult(layers={len(self.weights)}, method={self.method!r}, "
                f"recorded={len(self.costs)})")


