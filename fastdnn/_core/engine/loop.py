"""The one training loop, :func:`run_batches`: epochs x mini-batches of
[LINEAR->g]*(L-1) -> LINEAR->(SIGMOID | SOFTMAX), L >= 1, with gradient
descent, momentum or Adam, L2 and dropout, compiled end to end. Every model
trains here: ``two_layer_model``, ``L_layer_model``, the week-2 logistic
regression (L = 1), the week-3 tanh network (all through :func:`train`,
full-batch gradient descent: one batch per epoch, an epoch per iteration),
the course-2 models and :func:`fastdnn.fit` (through :func:`train_batches`).

Full-batch gradient descent computes, per iteration ``i`` (the course's order)::

    forward  A_l = g(W_l A_{l-1} + b_l), Z_L = W_L A_{L-1} + b_L
    backward dZ_L = sigmoid-or-softmax(Z_L) - Y; dW_l = 1/m dZ_l A_{l-1}^T,
             db_l = 1/m sum(dZ_l), dA_{l-1} = W_l^T dZ_l for l > 1 only
    update   W_l -= lr * dW_l, b_l -= lr * db_l

Work nobody reads is skipped: ``dA0`` is never formed, ``Z`` of hidden layers
is not kept (``g'`` comes from ``A``, :func:`activation_table.grad_from_a`),
and the cost is not computed in the loop: at a recorded iteration the loop
copies the logits ``Z_L`` aside, and Python computes the cost from them with
the one cost function (:mod:`fastdnn._core.cost`, or the softmax cross-entropy).

The loop runs in chunks of about :data:`CHUNK_SECONDS`, handing control back
to Python in between: recorded costs reach callbacks and printouts while
training runs, Ctrl-C is honoured, and memory holds only the recorded costs,
whatever ``num_iterations`` is.

Divergence: every logit is checked every iteration (one comparison each, in a
pass that reads them anyway); the Python side raises :class:`TrainingDiverged`
naming the iteration and the learning rate. After the loop every parameter is
checked once more (a NaN can hide behind a relu).

Gram path, exact for wide data (m < n_x), full-batch gradient descent
without L2 or dropout: every update of W1 is
``-(lr/m) dZ1 X^T``, so ``W1_t = W1_0 - C_t X^T`` with ``C_t`` of shape
(n1, m). With ``G = X^T X`` and ``P0 = W1_0 X`` precomputed,
``Z1_t = P0 - C_t G`` and ``C_{t+1} = C_t + (lr/m) dZ1_t``; ``W1`` is formed
once at the end. The loop then reads ``G`` where the direct path reads ``X``.
``C``, ``P0`` and ``G`` are kept in float64 even when training in float32:
``P0 - C G`` cancels, and in float32 it lost the precision the direct path keeps.

Layout: all parameters live in one flat vector, ``W_l`` (C order) then
``b_l`` for each layer, at the offsets of :class:`Layout` (scikit-learn's
``_pack``/``_unpack``); the buffers of the loop live in one flat work array.
One compiled function serves every depth. A run compiles the code it runs:
each optional feature's buffer (X^T for shuffled batches, the optimiser's
moments, dropout's masks, the softmax's scratch, the Gram path's work, the
validation inputs, the batch buffer read as rows) is None without it, and
numba drops the code under ``if buffer is not None`` before compiling; each
combination of features and dtype is one cache entry.
"""
import collections

import numpy as np

from ...config import jit
from ..steps import (H_BETA, H_BETA1, H_BETA2, H_BIAS1, H_BIAS2, H_EPSILON, H_ONE_MINUS_BETA, H_ONE_MINUS_BETA1,
                     H_ONE_MINUS_BETA2, H_RATE, H_SCALE, HYPER_SIZE)
from .passes import (INPUTS_COLUMNS, INPUTS_GIVEN, INPUTS_ROWS, backward_batch, copy_columns, copy_logits,
                     forward_batch, gather_batch, output_residual, prepare_masks, sum_of_squares)

# Epochs x mini-batches (full-batch gradient descent is one batch per epoch)
# with gradient descent, momentum or Adam, L2 and dropout, on the passes
# of passes.py. Per step: gather the batch's examples (X is kept transposed, one
# contiguous read per example), draw the dropout masks, forward, record the
# logits when the epoch is recorded, the residual, then layer by layer dZ,
# dW, dA and the optimiser step. Optimiser state (the velocity, Adam's two
# moments) is packed at the parameters' Layout offsets. The permutations and
# learning rates of the chunk's epochs come from Python.
#
# No array view lives in the loop's variables or lists: numba counts a
# reference to every view it copies or takes from a list, each count a call
# (even for views of memory nobody owns), about 70 per step of a two-layer
# network, 0.2 us of the planar model's 2 us step. The passes (passes.py)
# are compiled without reference counting (``refcounts=False``) and make
# their views from the flat buffers and the offsets of work_sections and
# batch_sections; the loop hands them whole arrays only.
#
# The loop is serial: BLAS runs the products on its own threads, and the
# element-wise passes between them are a few per cent of a step at the
# sizes where threads could pay.

#: The loop's scalar options (a numba named tuple).
BatchOptions = collections.namedtuple(
    "BatchOptions", "hidden optimizer batch_size scale_residual lambd keep_prob fixed_masks dropout_seed beta "
                    "beta1 beta2 epsilon record_every last_record snapshot order_seed")


@jit()
def run_batches(x, xt, y, orders, rates, first_epoch, theta, first_moments, second_moments, work, sections,
                batch_work, places, rows_work, masks, softmax_work, gram_work, layout, options, x_val, records,
                squares, val_records, snapshots, record_epochs, start, stop):
    """Steps ``start .. stop-1`` of mini-batch training (step = epoch *
    n_batches + batch), in place on ``theta``, the moments and the buffers;
    returns early at the start of a recorded epoch once ``records`` is full.

    Parameters
    ----------
    x : ndarray, shape (n_x, m) without shuffling (one batch of all columns), else (n_x, 0)
    xt : ndarray, shape (m, n_x), or None
        X transposed, with shuffling (each batch gathered from it); None without.
    y : ndarray, shape (n_y, m)
        Targets, or (1, m) class indices for a softmax output.
    orders : int64 ndarray, shape (E, m)
        The column order of epochs ``first_epoch .. first_epoch + E - 1``
        (shuffling without ``options.order_seed`` only).
    rates : ndarray, shape (E,)
        Their learning rates.
    theta : ndarray, shape (Layout.size,)
    first_moments, second_moments : ndarray, shape (Layout.size,), or None
        Momentum's velocity (first only) or Adam's v and s, at theta's
        offsets; None for what the optimiser has not.
    work, sections : ndarray, int64 ndarray
        The work buffer and its :func:`buffers.work_sections` for batch_size columns.
    batch_work, places : ndarray, int64 ndarray
        The batch buffer and its :func:`buffers.batch_sections`.
    rows_work : ndarray or None
        ``batch_work`` where the batches (and validation examples) keep X as
        rows (:func:`products.batch_as_rows`), else None.
    masks : ndarray, shape (sum of hidden units * batch_size,), or None
        Dropout's masks, drawn into it at every step, or with
        ``options.fixed_masks`` the course's reseeded masks (one batch of all
        columns), read in place; None without dropout.
    softmax_work : ndarray, shape (2 batch_size,), or None
        The softmax output's scratch; None for a sigmoid output.
    gram_work : float64 ndarray, 1-D, or None
        The Gram path's C, P0 and a product buffer, (n1, m) each, then G (m, m);
        None on the direct path (x then has no columns on the Gram path).
    layout : int64 ndarray, shape (L, 4)
    options : BatchOptions
    x_val : ndarray, shape (n_x, m_val), or None
        Validation inputs, forwarded at the end of each recorded epoch.
    records : ndarray, shape (R, n_L, m)
        Receives the logits of recorded epochs, batch after batch (before each batch's update).
    squares : ndarray, shape (R, n_batches)
        With L2: sum of W**2 before each batch's update.
    val_records : ndarray, shape (R, n_L, m_val)
    snapshots : ndarray, shape (R, size) or (R, 0)
        theta at the end of recorded epochs.
    record_epochs : int64 ndarray, shape (R,)

    Returns
    -------
    next_step, n_records, diverged : int
        ``diverged`` is the step whose logits were not finite, or -1.
    """
    m = y.shape[1]
    batch_size = options.batch_size
    n_batches = (m + batch_size - 1) // batch_size
    last_width = m - (n_batches - 1) * batch_size
    hyper = np.zeros(HYPER_SIZE, theta.dtype)
    # the L2 factor of the weights' step (lambd / width) and of the biases' (0), in the parameters' dtype
    penalty = np.zeros(2, theta.dtype)
    hyper[H_BETA], hyper[H_ONE_MINUS_BETA] = options.beta, 1 - options.beta
    hyper[H_BETA1], hyper[H_ONE_MINUS_BETA1] = options.beta1, 1 - options.beta1
    hyper[H_BETA2], hyper[H_ONE_MINUS_BETA2] = options.beta2, 1 - options.beta2
    hyper[H_EPSILON] = options.epsilon
    as_rows = rows_work is not None
    # runtime values: literals would compile forward_batch once per value
    batch_inputs_from = INPUTS_ROWS if as_rows else INPUTS_COLUMNS
    inputs_from = INPUTS_GIVEN if xt is None else batch_inputs_from
    n_records = 0
    seeded_order = np.empty(m if options.order_seed >= 0 else 0, np.int64)
    for step in range(start, stop):
        epoch = step if n_batches == 1 else step // n_batches  # a division costs tens of cycles
        k = step - epoch * n_batches
        recorded = epoch % options.record_every == 0 or epoch == options.last_record
        if k == 0 and recorded and n_records == records.shape[0]:
            return step, n_records, -1
        width = batch_size if k < n_batches - 1 else last_width
        low = k * batch_size
        if xt is not None:
            if options.order_seed < 0:
                gather_batch(xt, y, orders[epoch - first_epoch], low, batch_work, places, width, as_rows)
            else:  # numba's generator draws numpy's legacy permutation
                if k == 0 or step == start:
                    np.random.seed(options.order_seed + epoch)
                    drawn = np.random.permutation(m)
                    for q in range(m):  # a slice assignment would compile numba's error-message strings (~3 s)
                        seeded_order[q] = drawn[q]
                gather_batch(xt, y, seeded_order, low, batch_work, places, width, as_rows)
        if masks is not None:
            if not options.fixed_masks:
                prepare_masks(masks, layout, width, options, step)
        if not forward_batch(x, theta, work, batch_work, rows_work, masks, layout, sections, places, width,
                             inputs_from, options.hidden, options.keep_prob, gram_work):
            return step, n_records, step
        if recorded:
            copy_logits(work, sections, width, records, n_records, low)
            if options.lambd > 0:
                squares[n_records, k] = sum_of_squares(theta, layout)
        output_residual(y, work, batch_work, layout, sections, places, width, xt is not None, softmax_work,
                        options.scale_residual)
        # the course's dz3 = 1./m * (a3 - Y) leaves the products unscaled
        hyper[H_SCALE] = 1.0 if options.scale_residual else 1.0 / width
        hyper[H_RATE] = rates[epoch - first_epoch]
        penalty[0] = options.lambd / width
        if second_moments is not None:  # Adam's bias corrections
            hyper[H_BIAS1] = 1 - options.beta1 ** (step + 1)
            hyper[H_BIAS2] = 1 - options.beta2 ** (step + 1)
        backward_batch(x, theta, first_moments, second_moments, work, batch_work, rows_work, masks, layout,
                       sections, places, width, inputs_from, options.hidden, options.keep_prob, options.optimizer,
                       hyper, penalty, gram_work)
        if recorded and k == n_batches - 1:
            if x_val is not None:
                m_val = x_val.shape[1]
                for low in range(0, m_val, batch_size):
                    width = min(batch_size, m_val - low)
                    copy_columns(x_val, low, width, batch_work, places, as_rows)
                    forward_batch(x, theta, work, batch_work, rows_work, None, layout, sections, places, width,
                                  batch_inputs_from, options.hidden, 1.0, None)
                    copy_logits(work, sections, width, val_records, n_records, low)
            if options.snapshot:
                for q in range(theta.size):
                    snapshots[n_records, q] = theta[q]
            record_epochs[n_records] = epoch
            n_records += 1
    return stop, n_records, -1
