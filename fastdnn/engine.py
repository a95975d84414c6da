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
the one cost function (:mod:`fastdnn.cost`, or the softmax cross-entropy).

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
One compiled function (one cache entry per dtype) serves every depth.
"""
import collections
import time

import numpy as np
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

from . import cost, elementary, kernels, softmax
from .activation_table import OUTPUT_SOFTMAX, SIGMOID, activate, activation_code, grad_from_a, output_code
from .config import REASSOCIATE, jit, launch
from .kernels import (ADAM, ADAM_EPSILON_INSIDE, GD, H_BETA, H_BETA1, H_BETA2, H_BIAS1, H_BIAS2, H_EPSILON, H_L2,
                      H_ONE_MINUS_BETA, H_ONE_MINUS_BETA1, H_ONE_MINUS_BETA2, H_RATE, H_SCALE, MOMENTUM,
                      apply_dropout, bias_activation_rows, draw_dropout_mask, gather_columns, gather_rows,
                      gather_targets, gradient_rows_from_a, optimizer_range, step_in_place)

#: Inner dimension up to which a product runs as :func:`small_product`, a few
#: fused multiply-adds per output, instead of a BLAS call, whose fixed cost
#: dominates there (measured: W1 X for 100 x 2 x 300 takes 14 us through BLAS).
SMALL_INNER = 8
#: Products of at most this many multiply-adds run as :func:`small_product`
#: whatever their inner dimension: BLAS's fixed cost of about 1.5 us dominates
#: there (measured: 5 x 10 x 300 takes 0.64 us that way, 1.5 us through BLAS;
#: 20 x 16 x 300 is even).
SMALL_PRODUCT = 65536
#: dW_l (n_l x n_{l-1}) with a side of at most SMALL_INNER and at most this
#: many entries is formed by :func:`small_gradient` (measured, m = 400: 50 x 2
#: takes 2.8 us that way, 7.7 us through BLAS; 20 x 20 is even).
SMALL_GRADIENT = 1024

#: Largest Gram matrix ``X^T X`` (float64) the automatic choice accepts, in bytes.
GRAM_MAX_BYTES = 512 * 2**20
#: The Gram path is chosen when its estimated cost is at most this fraction of
#: the direct path's (a margin for the estimate's error).
GRAM_ADVANTAGE = 0.8
#: Flops a product does per byte it reads when bound by neither (measured
#: here: dgemm 118 GFLOP/s; a one-unit layer's W1 X over the cat data's X,
#: 59 GB/s): a first layer of few units is bound by reading X, which is why
#: the week-2 model's 100 iterations took 130 ms direct, 18 ms by Gram.
FLOPS_PER_BYTE = 2.0

#: Bytes to which the starts of the loop's buffers and of their sections, and
#: its copies of X and Y, are aligned: an AVX-512 vector and a cache line (rows
#: inside are aligned too when a row's bytes are a multiple of it, as for m =
#: 320 or 400). Where malloc put them (16 bytes past a line) every vector load
#: and store of a row split two lines: the 16 runs of a sweep of planar data
#: took 1.05 s, and 0.72 s aligned (benchmarks/bench_engine.py, Alignment).
ALIGNMENT = 64

#: Target duration of one compiled chunk of iterations, in seconds.
CHUNK_SECONDS = 0.1
#: Bytes of logits a chunk may record before handing back to Python.
RECORD_BYTES = 8 * 2**20

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


class Layout:
    """Where each layer's ``W`` and ``b`` live in the flat parameter vector.

    ``table`` is int64 (L, 4): ``n_l, n_{l-1}``, the offset of ``W_l`` (C
    order) and the offset of ``b_l``.
    """

    def __init__(self, dims):
        self.dims = [int(n) for n in dims]
        rows, offset = [], 0
        for n_prev, n in zip(self.dims[:-1], self.dims[1:]):
            rows.append((n, n_prev, offset, offset + n * n_prev))
            offset += n * n_prev + n
        self.table = np.array(rows, dtype=np.int64).reshape(-1, 4)
        self.size = offset

    def state_size(self, optimizer):
        """Elements of the optimiser's state: none (gd), the velocity (momentum), v then s (Adam)."""
        return min(OPTIMIZERS[optimizer], ADAM) * self.size

    def pack(self, weights, biases, dtype):
        theta = aligned_empty(self.size, dtype)
        for (n, k, w, b), W, B in zip(self.table, weights, biases):
            theta[w:w + n * k] = np.reshape(W, -1)
            theta[b:b + n] = np.reshape(B, -1)
        return theta

    def unpack(self, theta):
        """Lists of ``W_l`` (n_l, n_{l-1}) and ``b_l`` (n_l, 1), new arrays."""
        weights = [theta[w:w + n * k].reshape(n, k).copy() for n, k, w, _ in self.table]
        biases = [theta[b:b + n].reshape(n, 1).copy() for n, _, _, b in self.table]
        return weights, biases


# ---------------------------------------------------------------- kernels


#: Where the work buffer keeps, after the hidden layers' activations (from 0,
#: layer after layer), two scratch buffers of the widest layer (pre-activations
#: and dA, then dZ of the hidden layers), the logits, dW, db, the softmax's
#: scratch, and where it ends.
SCRATCH, DELTAS, LOGITS, DW, DB, SOFTMAX_WORK, WORK_END = range(7)


@jit()
def work_sections(layout, m, softmax_output):
    """Offsets in the work buffer, at SCRATCH .. WORK_END, for m columns."""
    L = layout.shape[0]
    hidden = 0
    widest = 0
    largest = 0
    for l in range(L):
        n = layout[l, 0]
        if l < L - 1:
            hidden += n * m
        widest = max(widest, n * m)
        largest = max(largest, n * layout[l, 1])
    out = np.empty(7, np.int64)
    out[SCRATCH] = padded(hidden)
    out[DELTAS] = out[SCRATCH] + padded(widest)
    out[LOGITS] = out[DELTAS] + padded(widest)
    out[DW] = out[LOGITS] + padded(layout[L - 1, 0] * m)
    out[DB] = out[DW] + padded(largest)
    out[SOFTMAX_WORK] = out[DB] + padded(np.max(layout[:, 0]))
    out[WORK_END] = out[SOFTMAX_WORK] + (2 * m if softmax_output else 0)
    return out


@jit()
def padded(count):
    """``count`` elements rounded up to a whole number of ALIGNMENT bytes of
    float32 (so of float64 too): the next section starts aligned."""
    return -(-count // (ALIGNMENT // 4)) * (ALIGNMENT // 4)


def aligned_empty(shape, dtype):
    """An uninitialised C-order array whose data start at a multiple of ALIGNMENT bytes."""
    dtype = np.dtype(dtype)
    nbytes = int(np.prod(shape)) * dtype.itemsize
    raw = np.empty(nbytes + ALIGNMENT, np.uint8)
    start = -raw.ctypes.data % ALIGNMENT
    return raw[start:start + nbytes].view(dtype).reshape(shape)


def aligned_zeros(shape, dtype):
    """:func:`aligned_empty`, filled with zeros."""
    out = aligned_empty(shape, dtype)
    out.fill(0)
    return out


def loop_array(a, dtype):
    """``a`` as a C-order array of ``dtype`` at a multiple of ALIGNMENT bytes:
    itself when it is one, else a copy."""
    a = np.asarray(a)
    if a.dtype == dtype and a.flags.c_contiguous and a.ctypes.data % ALIGNMENT == 0:
        return a
    out = aligned_empty(a.shape, dtype)
    out[...] = a
    return out


@jit()
def small_product(w, a, out):
    """out = w @ a for a small inner dimension k, row by row, vectorised over
    the columns, up to four terms per pass (a pass per term would be bound by
    its stores).

    Parameters
    ----------
    w : ndarray, shape (n, k)
        Any layout (the backward pass gives a transposed view).
    a : ndarray, shape (k, m)
    out : ndarray, shape (n, m)
    """
    n, k = w.shape
    m = a.shape[1]
    for i in range(n):
        for p in range(0, k, 4):
            terms = min(4, k - p)
            w0 = w[i, p]
            if terms == 4:
                w1, w2, w3 = w[i, p + 1], w[i, p + 2], w[i, p + 3]
                for j in range(m):
                    t = (w0 * a[p, j] + w1 * a[p + 1, j]) + (w2 * a[p + 2, j] + w3 * a[p + 3, j])
                    out[i, j] = t if p == 0 else out[i, j] + t
            elif terms == 3:
                w1, w2 = w[i, p + 1], w[i, p + 2]
                for j in range(m):
                    t = (w0 * a[p, j] + w1 * a[p + 1, j]) + w2 * a[p + 2, j]
                    out[i, j] = t if p == 0 else out[i, j] + t
            elif terms == 2:
                w1 = w[i, p + 1]
                for j in range(m):
                    t = w0 * a[p, j] + w1 * a[p + 1, j]
                    out[i, j] = t if p == 0 else out[i, j] + t
            else:
                for j in range(m):
                    t = w0 * a[p, j]
                    out[i, j] = t if p == 0 else out[i, j] + t


@jit(flags=REASSOCIATE)  # the dot products vectorise (else one add per 4 cycles)
def small_gradient(dz, a, out):
    """out = dz @ a.T as n * k dot products over the m examples, for a few
    outputs, where a BLAS call costs more than the arithmetic."""
    n, m = dz.shape
    for i in range(n):
        for p in range(a.shape[0]):
            total = 0.0
            for j in range(m):
                total += dz[i, j] * a[p, j]
            out[i, p] = total


@jit()
def product(w, a, out):
    """out = w @ a: :func:`small_product` for an inner dimension up to
    SMALL_INNER or at most SMALL_PRODUCT multiply-adds, else BLAS."""
    if w.shape[1] <= SMALL_INNER or w.shape[0] * w.shape[1] * a.shape[1] <= SMALL_PRODUCT:
        small_product(w, a, out)
    else:
        np.dot(w, a, out)


@jit()
def layer_gradient(dz, a_prev, dw):
    """dw = dz @ a_prev.T: :func:`small_gradient` for a thin dW of up to
    SMALL_GRADIENT entries, else BLAS."""
    if min(dw.shape[0], dw.shape[1]) <= SMALL_INNER and dw.size <= SMALL_GRADIENT:
        small_gradient(dz, a_prev, dw)
    else:
        np.dot(dz, a_prev.T, dw)


@jit()
def small_linear_activation(w, a_in, b, a, code):
    """a = g(w @ a_in + b) for an inner dimension of at
    most 4, in one pass: the sum in :func:`small_product`'s order, then the
    bias, then g; the pre-activation is never stored (the engine keeps no Z).
    For k = 1 the product and the bias are one fused multiply-add, a last bit
    apart from :func:`product` then the bias. The engine takes it at every
    size, so that a model's bits do not change with its number of examples."""
    k = w.shape[1]
    for i in range(w.shape[0]):
        w0, bi = w[i, 0], b[i]
        if k == 1:
            for j in range(a.shape[1]):
                a[i, j] = activate(w0 * a_in[0, j] + bi, code)
        elif k == 2:
            w1 = w[i, 1]
            for j in range(a.shape[1]):
                a[i, j] = activate((w0 * a_in[0, j] + w1 * a_in[1, j]) + bi, code)
        elif k == 3:
            w1, w2 = w[i, 1], w[i, 2]
            for j in range(a.shape[1]):
                t = (w0 * a_in[0, j] + w1 * a_in[1, j]) + w2 * a_in[2, j]
                a[i, j] = activate(t + bi, code)
        else:
            w1, w2, w3 = w[i, 1], w[i, 2], w[i, 3]
            for j in range(a.shape[1]):
                t = (w0 * a_in[0, j] + w1 * a_in[1, j]) + (w2 * a_in[2, j] + w3 * a_in[3, j])
                a[i, j] = activate(t + bi, code)


@jit(flags=REASSOCIATE)  # the dot products and row sums vectorise
def backward_below_one_unit(w_next, dz_next, a, dz, db, dw_next, code):
    """The backward pass below a layer of one unit, in one pass per row k: dA_k = W_next[0, k] dZ_next (W_next before its update),
    dz_k = dA_k g'(a_k), db[k] = sum_j dz_k and dW_next[0, k] = dZ_next . a_k.

    Parameters
    ----------
    w_next : ndarray, shape (1, n)
    dz_next : ndarray, shape (1, m)
    a, dz : ndarray, shape (n, m)
    db : ndarray, shape (n,)
    dw_next : ndarray, shape (1, n)
    """
    for k in range(a.shape[0]):
        wk = w_next[0, k]
        total = 0.0
        weight_total = 0.0
        for j in range(a.shape[1]):
            d = dz_next[0, j]
            weight_total += d * a[k, j]
            g = grad_from_a(wk * d, a[k, j], code)
            dz[k, j] = g
            total += g
        db[k] = total
        dw_next[0, k] = weight_total


@jit()
def add_bias(z, b):
    """z += b per row, in place; False when a result is NaN or inf."""
    bad = False
    for i in range(z.shape[0]):
        bi = b[i]
        for j in range(z.shape[1]):
            v = z[i, j] + bi
            z[i, j] = v
            bad |= (v - v) != 0.0  # NaN exactly when v is NaN or inf
    return not bad


@jit(flags=REASSOCIATE)  # vectorises (else one add per 4 cycles)
def row_sum(z, i):
    """sum_j z[i, j] in vectorised order."""
    total = 0.0
    for j in range(z.shape[1]):
        total += z[i, j]
    return total


@jit()
def sigmoid_residual(z, y, db):
    """In place: z = sigmoid(z) - y; db[i] = sum_j z[i, j]."""
    m = z.shape[1]
    for i in range(z.shape[0]):
        for j in range(m):
            z[i, j] = activate(z[i, j], SIGMOID) - y[i, j]
        db[i] = row_sum(z, i)


@jit()
def softmax_residual(z, labels, db, work):
    """In place on finite logits z (K, m): z = softmax(z) - onehot(labels),
    row by row so that every loop (exp included) vectorises over the
    examples; db[i] = sum_j z[i, j]. ``labels`` (1, m) holds class indices as
    floats; ``work`` (2 m,) is scratch."""
    K, m = z.shape
    high, total = work[:m], work[m:]
    high[:] = -np.inf
    total[:] = 0.0
    for i in range(K):
        for j in range(m):
            high[j] = max(high[j], z[i, j])
    for i in range(K):
        for j in range(m):
            e = elementary.exp(z[i, j] - high[j])
            z[i, j] = e
            total[j] += e
    for j in range(m):
        total[j] = 1.0 / total[j]
    for i in range(K):
        for j in range(m):
            z[i, j] = z[i, j] * total[j] - (1.0 if int(labels[0, j]) == i else 0.0)
        db[i] = row_sum(z, i)


# ---------------------------------------------------------------- the loop
#
# Epochs x mini-batches (full-batch gradient descent is one batch per epoch)
# with gradient descent, momentum or Adam, L2 and dropout, on the kernels
# above. Per step: gather the batch's examples (X is kept transposed, one
# contiguous read per example), draw the dropout masks, forward, record the
# logits when the epoch is recorded, the residual, then layer by layer dZ,
# dW, dA and the optimiser step. Optimiser state (the velocity, Adam's two
# moments) is packed at the parameters' Layout offsets. The permutations and
# learning rates of the chunk's epochs come from Python.
#
# No array view lives in the loop's variables or lists: numba counts a
# reference to every view it copies or takes from a list, each count a call
# (even for views of memory nobody owns), about 70 per step of a two-layer
# network, 0.2 us of the planar model's 2 us step. The passes below the loop
# are compiled without reference counting (``refcounts=False``) and make
# their views from the flat buffers and the offsets of work_sections and
# batch_sections; the loop hands them whole arrays only.
#
# The loop is serial: BLAS runs the products on its own threads, and the
# element-wise passes between them are a few per cent of a step at the
# sizes where threads could pay.

#: Optimiser name -> code of :func:`kernels.optimizer_range` ("adam_epsilon_inside":
#: the v1b notebook's ``/ sqrt(s_corrected + epsilon)``).
OPTIMIZERS = {"gd": GD, "momentum": MOMENTUM, "adam": ADAM, "adam_epsilon_inside": ADAM_EPSILON_INSIDE}

#: The loop's scalar options (a numba named tuple).
BatchOptions = collections.namedtuple(
    "BatchOptions", "hidden output optimizer batch_size shuffle scale_residual lambd keep_prob fixed_masks "
                    "dropout_seed beta beta1 beta2 epsilon record_every last_record snapshot order_seed")

#: Where the batch buffer keeps the batch's examples of X (as columns, or as
#: rows when n_x > SMALL_INNER: see :func:`batch_inputs`) and of Y, then (with
#: dropout) the hidden layers' dropped-out activations and their masks.
X_BATCH, Y_BATCH, DROPPED, MASKS, BATCH_END = range(5)


@jit()
def batch_sections(layout, n_y, batch_size):
    """Offsets in the batch buffer, at X_BATCH .. BATCH_END, for batch_size columns."""
    hidden_total = 0
    for l in range(layout.shape[0] - 1):
        hidden_total += layout[l, 0]
    out = np.empty(5, np.int64)
    out[X_BATCH] = 0
    out[Y_BATCH] = padded(layout[0, 1] * batch_size)
    out[DROPPED] = out[Y_BATCH] + padded(n_y * batch_size)
    out[MASKS] = out[DROPPED] + padded(hidden_total * batch_size)
    out[BATCH_END] = out[MASKS] + hidden_total * batch_size
    return out


@intrinsic
def matrix(typingctx, flat, offset, rows, cols):
    """``flat[offset:offset + rows * cols]`` as a (rows, cols) C-order view
    holding no reference to the memory, made in place: slicing and reshaping
    call numba's reshape helper, a tenth of a small network's step. Unchecked:
    the offsets come from work_sections and batch_sections, and the caller
    keeps ``flat`` alive."""
    view_type = types.Array(flat.dtype, 2, "C")

    def codegen(context, builder, signature, args):
        source = context.make_array(signature.args[0])(context, builder, args[0])
        offset, rows, cols = (context.cast(builder, value, kind, types.intp)
                              for value, kind in zip(args[1:], signature.args[1:]))
        itemsize = context.get_constant(types.intp, context.get_abi_sizeof(context.get_data_type(flat.dtype)))
        view = context.make_array(view_type)(context, builder)
        context.populate_array(view, data=builder.gep(source.data, [offset]),
                               shape=cgutils.pack_array(builder, [rows, cols]),
                               strides=cgutils.pack_array(builder, [builder.mul(cols, itemsize), itemsize]),
                               itemsize=itemsize, meminfo=None)
        return view._getvalue()
    return view_type(flat, offset, rows, cols), codegen


@jit()
def gram_product(c, gmat, cg):
    """cg = C G (np.dot needs numba's reference counts)."""
    if c.shape[0] == 1:  # one unit (logistic regression): BLAS gemv, G symmetric
        np.dot(gmat, c[0], cg[0])
    else:
        np.dot(c, gmat, cg)


@jit(refcounts=False)
def gram_first_layer(gram_work, z):
    """Z_1 = P0 - C G, the Gram path's first layer (module docstring), from
    ``gram_work``: C, P0 and a product buffer CG, (n1, m) each, then G (m, m)."""
    n1, m = z.shape
    c, p0 = matrix(gram_work, 0, n1, m), matrix(gram_work, n1 * m, n1, m)
    cg = matrix(gram_work, 2 * n1 * m, n1, m)
    gram_product(c, matrix(gram_work, 3 * n1 * m, m, m), cg)
    for i in range(n1):
        for j in range(m):
            z[i, j] = p0[i, j] - cg[i, j]


#: Where layer 1's inputs are: ``x`` itself, or the batch buffer's X as
#: columns (n_x, width) or as rows (width, n_x) (:func:`batch_as_rows`).
INPUTS_GIVEN, INPUTS_COLUMNS, INPUTS_ROWS = 0, 1, 2


@jit()
def batch_as_rows(layout, batch_size):
    """Whether batches keep X as rows: where layer 1's products and gradient
    all go to BLAS, which reads the rows transposed with the same bits. The
    gather then copies each example whole from X transposed (12 against 54 ms
    per epoch of (784, 60000) for the transposing gather); the small kernels
    read columns (strided rows made them 3-9x slower, and the reassociated
    sums of :func:`small_gradient` change with the stride)."""
    n1, n_x = layout[0, 0], layout[0, 1]
    small_gradient_path = min(n1, n_x) <= SMALL_INNER and n1 * n_x <= SMALL_GRADIENT
    return n_x > SMALL_INNER and not small_gradient_path and n1 * n_x * batch_size > SMALL_PRODUCT


@jit(inline="always")
def batch_inputs(x, batch_work, places, n_x, width, inputs_from):
    """Layer 1's inputs, ``(columns, rows)`` C-order views, for ``inputs_from``
    (INPUTS_*): ``x`` itself or the batch's columns, and no rows; or the
    batch's rows (width, n_x), which the products read transposed, and
    ``columns`` is then ``x``, unused."""
    no_rows = matrix(batch_work, places[X_BATCH], 0, n_x)
    if inputs_from == INPUTS_GIVEN:
        return x, no_rows
    if inputs_from == INPUTS_ROWS:
        return x, matrix(batch_work, places[X_BATCH], width, n_x)
    return matrix(batch_work, places[X_BATCH], n_x, width), no_rows


@jit(inline="always")
def layer_product(l, weights, inputs, x_rows, gram_work, z):
    """z = W_l A_{l-1}: the Gram path's first layer, the batch's rows read
    transposed (layer 1), or :func:`product`."""
    if l == 0 and gram_work.size > 0:
        gram_first_layer(gram_work, z)
    elif l == 0 and x_rows.shape[0] > 0:
        product(weights, x_rows.T, z)
    else:
        product(weights, inputs, z)


@jit(refcounts=False)
def forward_batch(x, theta, work, batch_work, masks, masks_base, layout, sections, places, width, inputs_from,
                  hidden, keep_prob, gram_work):
    """The forward pass of a batch of ``width`` columns: the hidden layers'
    activations into ``work`` (at the sum of the layers' sizes below, times
    width), with dropout also the course's ``(A * D) / keep_prob`` into
    ``batch_work`` (the masks D from ``masks``, at ``masks_base`` plus the
    same offsets), and the logits at LOGITS.

    The inputs are ``x`` (n_x, width) or the batch's examples in
    ``batch_work``, as ``inputs_from`` says (:func:`batch_inputs`). With a non-empty
    ``gram_work`` the first layer takes the Gram path. Returns False when a
    logit is NaN or inf.
    """
    L = layout.shape[0]
    inputs, x_rows = batch_inputs(x, batch_work, places, layout[0, 1], width, inputs_from)
    offset = 0
    for l in range(L - 1):
        n, k = layout[l, 0], layout[l, 1]
        weights, bias = matrix(theta, layout[l, 2], n, k), theta[layout[l, 3]:layout[l, 3] + n]
        acts = matrix(work, offset, n, width)
        if k <= 4 and not (l == 0 and gram_work.size > 0):
            small_linear_activation(weights, inputs, bias, acts, hidden)
        else:
            z = matrix(work, sections[SCRATCH], n, width)
            layer_product(l, weights, inputs, x_rows, gram_work, z)
            bias_activation_rows(z, bias, acts, hidden, 0, n)
        if keep_prob < 1.0:
            dropped = matrix(batch_work, places[DROPPED] + offset, n, width)
            apply_dropout(acts, matrix(masks, masks_base + offset, n, width), keep_prob, dropped)
            inputs = dropped
        else:
            inputs = acts
        offset += n * width
    n = layout[L - 1, 0]
    z = matrix(work, sections[LOGITS], n, width)
    layer_product(L - 1, matrix(theta, layout[L - 1, 2], n, layout[L - 1, 1]), inputs, x_rows, gram_work, z)
    return add_bias(z, theta[layout[L - 1, 3]:layout[L - 1, 3] + n])


@jit(inline="always")
def parameter_step(theta, g, state, offset, count, code, hyper):
    """The optimiser's step on ``theta[offset:offset + count]`` with the raw
    gradient ``g`` (count,); plain gradient descent without L2 takes
    :func:`kernels.step_in_place`, which needs no moment views."""
    p = theta[offset:offset + count]
    if code == GD and hyper[H_L2] == 0.0:
        step_in_place(p, g, hyper[H_RATE], hyper[H_SCALE])
    else:
        size = theta.size
        optimizer_range(p, g, state[offset:offset + count], state[size + offset:size + offset + count], code,
                        hyper)


@jit(refcounts=False)
def backward_batch(x, theta, state, work, batch_work, masks, masks_base, layout, sections, places, width,
                   inputs_from, hidden, keep_prob, code, hyper, l2, gram_work):
    """Backward pass and optimiser step of the batch :func:`forward_batch`
    left, whose dZ_L is at LOGITS: layer L down to 1, dA_{l-1} formed with W_l
    before its update. On the Gram path (``gram_work`` non-empty, gradient
    descent only) the first layer's step is ``C += (lr/m) dZ_1`` instead of
    one on W_1."""
    L = layout.shape[0]
    here = 0  # offset of layer l's activations
    for l in range(L - 1):
        here += layout[l, 0] * width
    dz = matrix(work, sections[LOGITS], layout[L - 1, 0], width)
    done_below = False  # dZ_l and db_l already formed by the layer above
    for l in range(L - 1, -1, -1):
        n, k, w, b = layout[l, 0], layout[l, 1], layout[l, 2], layout[l, 3]
        below = here - k * width  # offset of layer l-1's activations
        db = work[sections[DB]:sections[DB] + n]
        if l < L - 1:
            dz = matrix(work, sections[DELTAS], n, width)
            if not done_below:
                da = matrix(work, sections[SCRATCH], n, width)
                if keep_prob < 1.0:
                    apply_dropout(da, matrix(masks, masks_base + here, n, width), keep_prob, da)
                gradient_rows_from_a(da, matrix(work, here, n, width), dz, db, hidden, 0, n)
        weights, dw = matrix(theta, w, n, k), matrix(work, sections[DW], n, k)
        fused = l > 0 and l == L - 1 and n == 1 and keep_prob == 1.0
        if fused:  # one output unit: dW_L, dZ_{L-1} and db_{L-1} in one pass
            # b_L steps first: db's buffer receives db_{L-1}
            parameter_step(theta, db, state, b, n, code, hyper)
            backward_below_one_unit(weights, dz, matrix(work, below, k, width),
                                    matrix(work, sections[DELTAS], k, width), work[sections[DB]:sections[DB] + k],
                                    dw, hidden)
        elif l > 0:
            if keep_prob < 1.0:
                layer_gradient(dz, matrix(batch_work, places[DROPPED] + below, k, width), dw)
            else:
                layer_gradient(dz, matrix(work, below, k, width), dw)
            product(weights.T, dz, matrix(work, sections[SCRATCH], k, width))
        elif gram_work.size == 0:
            inputs, x_rows = batch_inputs(x, batch_work, places, k, width, inputs_from)
            if x_rows.shape[0] > 0:
                layer_gradient(dz, x_rows.T, dw)
            else:
                layer_gradient(dz, inputs, dw)
        if l == 0 and gram_work.size > 0:
            step_in_place(gram_work[:n * width], dz.reshape(-1), -hyper[H_RATE], hyper[H_SCALE])
        else:
            hyper[H_L2] = l2
            parameter_step(theta, work[sections[DW]:sections[DW] + n * k], state, w, n * k, code, hyper)
            hyper[H_L2] = 0.0
        if not fused:
            parameter_step(theta, db, state, b, n, code, hyper)
        done_below = fused
        here = below


@jit(refcounts=False)
def output_residual(y, work, batch_work, layout, sections, places, width, from_batch, softmax_output,
                    scale_residual):
    """In place at LOGITS: dZ_L = sigmoid-or-softmax(Z_L) - Y (Y: ``y``, or
    with ``from_batch`` the batch's columns), db_L at DB; with
    ``scale_residual`` dZ_L is scaled by 1/width first (the course's
    ``dz3 = 1./m * (a3 - Y)``)."""
    n = layout[layout.shape[0] - 1, 0]
    z = matrix(work, sections[LOGITS], n, width)
    yb = matrix(batch_work, places[Y_BATCH], y.shape[0], width) if from_batch else y
    db = work[sections[DB]:sections[DB] + n]
    if softmax_output:
        softmax_residual(z, yb, db, work[sections[SOFTMAX_WORK]:sections[SOFTMAX_WORK] + 2 * width])
    else:
        sigmoid_residual(z, yb, db)
    if scale_residual:
        inv_width = 1.0 / width
        for i in range(n):
            for j in range(width):
                z[i, j] = inv_width * z[i, j]
            db[i] = row_sum(z, i)


@jit(refcounts=False)
def gather_batch(xt, y, columns, low, batch_work, places, width, as_rows):
    """The batch's examples ``columns[low:low + width]`` of X (given
    transposed) and Y into the batch buffer, X as rows or columns."""
    n_x = xt.shape[1]
    if as_rows:
        gather_rows(xt, columns, low, matrix(batch_work, places[X_BATCH], width, n_x))
    else:
        gather_columns(xt, columns, low, matrix(batch_work, places[X_BATCH], n_x, width))
    gather_targets(y, columns, low, matrix(batch_work, places[Y_BATCH], y.shape[0], width))


@jit(refcounts=False)
def prepare_masks(batch_work, layout, places, width, options, step):
    """The hidden layers' dropout masks of the step, drawn from the seed, the step and the unit."""
    row, offset = 0, 0
    for l in range(layout.shape[0] - 1):
        n = layout[l, 0]
        draw_dropout_mask(matrix(batch_work, places[MASKS] + offset, n, width), options.dropout_seed, step, row,
                          options.keep_prob)
        row += n
        offset += n * width


@jit(refcounts=False)
def copy_logits(work, sections, width, records, r, low):
    """The logits (n_L, width) into ``records[r, :, low:low + width]``."""
    z = matrix(work, sections[LOGITS], records.shape[1], width)
    for i in range(z.shape[0]):
        for j in range(width):
            records[r, i, low + j] = z[i, j]


@jit(refcounts=False)
def copy_columns(x, low, width, batch_work, places, rows):
    """Columns low..low+width-1 of ``x`` into the batch buffer's X, as rows or columns."""
    n_x = x.shape[0]
    xb = matrix(batch_work, places[X_BATCH], width if rows else n_x, n_x if rows else width)
    for i in range(n_x):
        for j in range(width):
            if rows:
                xb[j, i] = x[i, low + j]
            else:
                xb[i, j] = x[i, low + j]


@jit()
def sum_of_squares(theta, layout):
    """sum over layers of sum(W_l ** 2) (the L2 cost's sum)."""
    total = 0.0
    for l in range(layout.shape[0]):
        for q in range(layout[l, 2], layout[l, 2] + layout[l, 0] * layout[l, 1]):
            total += theta[q] * theta[q]
    return total


@jit()
def run_batches(x, xt, y, orders, rates, first_epoch, theta, state, work, batch_work, gram_work, layout,
                options, fixed_masks, x_val, records, squares, val_records, snapshots, record_epochs, start, stop):
    """Steps ``start .. stop-1`` of mini-batch training (step = epoch *
    n_batches + batch), in place on ``theta``, ``state`` and the buffers;
    returns early at the start of a recorded epoch once ``records`` is full.

    Parameters
    ----------
    x : ndarray, shape (n_x, m) without shuffling (one batch of all columns), else (n_x, 0)
    xt : ndarray, shape (m, n_x) with shuffling (X transposed), else (0, n_x)
    y : ndarray, shape (n_y, m)
        Targets, or (1, m) class indices for a softmax output.
    orders : int64 ndarray, shape (E, m)
        The column order of epochs ``first_epoch .. first_epoch + E - 1`` (shuffling only).
    rates : ndarray, shape (E,)
        Their learning rates.
    theta : ndarray, shape (Layout.size,)
    state : ndarray, shape (0,), (size,) or (2 size,)
        Momentum's velocity, or Adam's first then second moments, at theta's offsets.
    work : ndarray
        :func:`work_sections` for batch_size columns.
    batch_work : ndarray
        :func:`batch_sections` for batch_size columns.
    gram_work : float64 ndarray, 1-D
        The Gram path's C, P0 and a product buffer, (n1, m) each, then G (m, m);
        empty on the direct path (x then has no columns on the Gram path).
    layout : int64 ndarray, shape (L, 4)
    options : BatchOptions
    fixed_masks : ndarray, shape (sum of hidden units, m)
        Dropout masks used at every step (the course's reseeded masks; one
        batch only), read in place; or (0, 0).
    x_val : ndarray, shape (n_x, m_val)
        Validation inputs, forwarded at the end of each recorded epoch (m_val may be 0).
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
    sections = work_sections(layout, batch_size, options.output == OUTPUT_SOFTMAX)
    places = batch_sections(layout, y.shape[0], batch_size)
    softmax_output = options.output == OUTPUT_SOFTMAX
    hyper = np.zeros(12, theta.dtype)
    hyper[H_BETA], hyper[H_ONE_MINUS_BETA] = options.beta, 1 - options.beta
    hyper[H_BETA1], hyper[H_ONE_MINUS_BETA1] = options.beta1, 1 - options.beta1
    hyper[H_BETA2], hyper[H_ONE_MINUS_BETA2] = options.beta2, 1 - options.beta2
    hyper[H_EPSILON] = options.epsilon
    # fixed masks (one batch) are read where they are (copied per step, they
    # took a sixth of the course's dropout model's step)
    if options.fixed_masks:
        masks, masks_base = fixed_masks.reshape(-1), 0
    else:
        masks, masks_base = batch_work, places[MASKS]
    as_rows = batch_as_rows(layout, batch_size)
    # runtime values: literals would compile forward_batch once per value
    batch_inputs_from = INPUTS_ROWS if as_rows else INPUTS_COLUMNS
    inputs_from = batch_inputs_from if options.shuffle else INPUTS_GIVEN
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
        if options.shuffle:
            if options.order_seed < 0:
                gather_batch(xt, y, orders[epoch - first_epoch], low, batch_work, places, width, as_rows)
            else:  # numba's generator draws numpy's legacy permutation
                if k == 0 or step == start:
                    np.random.seed(options.order_seed + epoch)
                    seeded_order[:] = np.random.permutation(m)
                gather_batch(xt, y, seeded_order, low, batch_work, places, width, as_rows)
        if options.keep_prob < 1.0 and not options.fixed_masks:
            prepare_masks(batch_work, layout, places, width, options, step)
        if not forward_batch(x, theta, work, batch_work, masks, masks_base, layout, sections, places, width,
                             inputs_from, options.hidden, options.keep_prob, gram_work):
            return step, n_records, step
        if recorded:
            copy_logits(work, sections, width, records, n_records, low)
            if options.lambd > 0:
                squares[n_records, k] = sum_of_squares(theta, layout)
        output_residual(y, work, batch_work, layout, sections, places, width, options.shuffle, softmax_output,
                        options.scale_residual)
        # the course's dz3 = 1./m * (a3 - Y) leaves the products unscaled
        hyper[H_SCALE] = 1.0 if options.scale_residual else 1.0 / width
        hyper[H_RATE] = rates[epoch - first_epoch]
        if options.optimizer >= ADAM:
            hyper[H_BIAS1] = 1 - options.beta1 ** (step + 1)
            hyper[H_BIAS2] = 1 - options.beta2 ** (step + 1)
        backward_batch(x, theta, state, work, batch_work, masks, masks_base, layout, sections, places, width,
                       inputs_from, options.hidden, options.keep_prob, options.optimizer, hyper,
                       options.lambd / width, gram_work)
        if recorded and k == n_batches - 1:
            m_val = x_val.shape[1]
            for low in range(0, m_val, batch_size):
                width = min(batch_size, m_val - low)
                copy_columns(x_val, low, width, batch_work, places, as_rows)
                forward_batch(x, theta, work, batch_work, masks, masks_base, layout, sections, places, width,
                              batch_inputs_from, options.hidden, 1.0, gram_work[:0])
                copy_logits(work, sections, width, val_records, n_records, low)
            if options.snapshot:
                snapshots[n_records, :] = theta
            record_epochs[n_records] = epoch
            n_records += 1
    return stop, n_records, -1


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
                  optimizer_state=None):
    """Mini-batch training with gradient descent, momentum or Adam, L2 and
    dropout, compiled end to end (Python runs between chunks of about
    CHUNK_SECONDS only). Arguments are trusted: validate them first.

    Parameters
    ----------
    X : ndarray, shape (n_x, m)
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
    n_x, m = x.shape
    layout = Layout([n_x] + [np.shape(w)[0] for w in weights])
    n_out = layout.dims[-1]
    y = loop_array(np.reshape(Y, (1 if out_kind == OUTPUT_SOFTMAX else n_out, m)), dtype)
    shuffle = batch_size is not None
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
        w1_0 = np.asarray(weights[0], dtype=np.float64)
        gram_work = aligned_zeros(3 * n1 * m + m * m, np.float64)
        gram_work[n1 * m:2 * n1 * m] = np.dot(w1_0, x64).reshape(-1)
        gram_work[3 * n1 * m:] = gram_matrix(x64).reshape(-1)
    else:
        gram_work = np.zeros(0)
    if shuffle:  # the batches' examples are copied out of X^T: its alignment is not worth a copy of X
        x_direct, xt = np.empty((n_x, 0), dtype), np.ascontiguousarray(x.T, dtype=dtype)
    elif gram:  # the loop reads G instead of X
        x_direct, xt = np.empty((n_x, 0), dtype), np.empty((0, n_x), dtype)
    else:
        x_direct, xt = loop_array(x, dtype), np.empty((0, n_x), dtype)
    # the validation examples are copied into the batch buffer: their alignment is not worth a copy
    x_val = np.empty((n_x, 0), dtype) if X_val is None else np.ascontiguousarray(X_val, dtype=dtype)
    m_val = x_val.shape[1]
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
                           -1 if order_seed is None else int(order_seed))
    orders = {}  # of the epochs a chunk spans, each drawn once, in epoch order

    def rate_of(epoch):
        return learning_rate if rates is None else float(rates(epoch))

    def epoch_inputs(first, last):
        if rates is None:  # no Python per epoch (a full-batch epoch takes microseconds)
            rate_rows = np.full(last - first + 1, learning_rate, dtype)
        else:
            rate_rows = np.array([rate_of(epoch) for epoch in range(first, last + 1)], dtype=dtype)
        if not shuffle or order_seed is not None:
            return np.empty((1, 0), np.int64), rate_rows
        for epoch in range(first, last + 1):
            if epoch not in orders:
                orders[epoch] = np.asarray(order(epoch), dtype=np.int64)
        for epoch in [e for e in orders if e < first]:
            del orders[epoch]
        return np.stack([orders[e] for e in range(first, last + 1)]), rate_rows

    total = num_epochs * n_batches
    step, chunk, stopped, recorded = start_epoch * n_batches, 1, False, []
    while step < total and not stopped:
        stop = min(total, step + chunk)
        first = step // n_batches
        order_rows, rate_rows = epoch_inputs(first, (stop - 1) // n_batches)
        started = time.perf_counter()
        done, n_records, diverged = run_batches(
            x_direct, xt, y, order_rows, rate_rows, first, theta, state, work, batch_work, gram_work, layout.table,
            options,
            masks, x_val, records, squares, val_records, snapshots, record_epochs, step, stop)
        seconds = time.perf_counter() - started
        for r in range(n_records):
            epoch = int(record_epochs[r])
            recorded.append(epoch)
            if not shuffle:
                labels = y
            elif order_seed is not None:
                # the loop's np.random.seed takes the seed modulo 2**32, as RandomState needs it
                labels = y[:, np.random.RandomState((order_seed + epoch) % 2**32).permutation(m)]
            else:
                labels = y[:, orders[epoch]]
            record = BatchRecord(epoch, rate_of(epoch), records[r].copy(), labels, batch_size,
                                 squares[r].copy() if lambd > 0 else None,
                                 val_records[r].copy() if X_val is not None else None,
                                 snapshots[r].copy() if snapshot else None, layout)
            if on_record is not None and on_record(record):
                stopped = True  # the chunk's later records are not handed over
                break
        if diverged >= 0:
            raise TrainingDiverged(int(diverged) // n_batches, rate_of(int(diverged) // n_batches), unit=unit)
        epoch_done = done // n_batches
        if done % n_batches and (epoch_done % record_every == 0 or (record_last and epoch_done == num_epochs - 1)):
            # the recorded epoch under way goes on in the first slot
            records[0], squares[0] = records[n_records], squares[n_records]
        chunk = max(1, min(16 * chunk, int((done - step) * CHUNK_SECONDS / max(seconds, 1e-7))))
        step = done
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
    if gram:  # W1 = W1_0 - C X^T
        w_off = layout.table[0, 2]
        theta[w_off:w_off + n1 * n_x] = (w1_0 - np.dot(gram_work[:n1 * m].reshape(n1, m), x64.T)).reshape(-1)
    if not np.isfinite(theta).all():
        last = max(step - 1, 0) // n_batches
        raise TrainingDiverged(last, rate_of(last), f"a parameter after the last {unit}", unit=unit)
    weights, biases = layout.unpack(theta)
    return TrainResult(weights, biases, np.array(recorded, dtype=np.int64), None, method, gradients, state)


# ---------------------------------------------------------------- the Python side


def choose_method(n_x, n_1, m, num_iterations):
    """``"gram"`` for wide data (m < n_x) when it needs at most GRAM_ADVANTAGE
    of the direct first layer's cost and ``X^T X`` (float64) fits in
    GRAM_MAX_BYTES, else ``"direct"``.

    Costs are in flops, a product that reads more bytes than it does flops
    over FLOPS_PER_BYTE counted as bound by that reading. Direct first layer,
    per iteration: W1 X and dZ1 X^T, ``2 n1 n_x m`` flops each over X's
    ``8 n_x m`` bytes. Gram: ``2 m^2 n_x`` (X^T X) ``+ 4 n1 n_x m`` (P0 and
    the final W1) once, then ``2 n1 m^2`` per iteration over G's ``8 m^2`` bytes.
    X's bytes are counted as float64's: float32 data are read in half the
    bytes, so there the choice leans a little to Gram (exact either way).
    Data with m >= n_x always take the direct path (Gram reads more per step).
    """
    if m >= n_x or m * m * 8 > GRAM_MAX_BYTES:
        return "direct"

    def cost(flops, bytes_read):
        return max(flops, FLOPS_PER_BYTE * bytes_read)

    direct = 2.0 * cost(2.0 * n_1 * n_x * m, 8.0 * n_x * m) * num_iterations
    gram = 2.0 * m * m * n_x + 4.0 * n_1 * n_x * m + cost(2.0 * n_1 * m * m, 8.0 * m * m) * num_iterations
    return "gram" if gram <= GRAM_ADVANTAGE * direct else "direct"


def gram_matrix(x):
    """``X^T X`` in float64, C-contiguous, by numpy's BLAS: the one the Python
    side's other products use (scipy's ``syrk``, half the flops, took twice
    as long next to numpy's OpenBLAS threads: 24 vs 18 ms for the week-2 model)."""
    x = np.asarray(x, dtype=np.float64)
    return np.ascontiguousarray(np.dot(x.T, x))


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


def logits_cost(logits, y, output):
    """The cost of logits (n_L, m) against targets ``y`` for an output code
    (OUTPUT_SIGMOID or OUTPUT_SOFTMAX): the one cost function of each output."""
    if output == OUTPUT_SOFTMAX:
        return softmax.cross_entropy(logits, y.astype(np.int64))
    probabilities = np.empty_like(logits)
    launch(kernels.activation_forward, logits.size, logits.reshape(-1), probabilities.reshape(-1), SIGMOID)
    return cost.cross_entropy(probabilities, y, logits)


def train(X, Y, weights, biases, *, learning_rate, num_iterations, hidden="relu",
          output="sigmoid", record_every=100, record_last=False, method="auto",
          dtype=None, callback=None, keep_gradients=False):
    """Full-batch gradient descent: :func:`train_batches` with one batch of all m columns.

    Internal entry point of every model. Arguments are trusted: validate them
    before calling (:mod:`fastdnn._checks`).

    Parameters
    ----------
    X : ndarray, shape (n_x, m)
    Y : ndarray
        ``(n_L, m)`` real targets for ``output="sigmoid"``; ``(1, m)`` or
        ``(m,)`` integer class labels in ``0 .. n_L-1`` for ``output="softmax"``.
    weights : sequence of ndarray
        Initial ``W_l``, shapes (n_l, n_{l-1}); not modified.
    biases : sequence of ndarray
        Initial ``b_l``, shapes (n_l, 1) or (n_l,); not modified.
    learning_rate : float
    num_iterations : int
    hidden : {"relu", "tanh", "sigmoid", "leaky_relu"}
        Activation of the hidden layers.
    output : {"sigmoid", "softmax"}
    record_every : int
        The cost is recorded at iterations 0, record_every, 2 record_every, ...
    record_last : bool
        Also record the cost of the last iteration.
    method : {"auto", "direct", "gram"}
        First-layer strategy; ``"auto"`` uses :func:`choose_method`.
    dtype : {None, float64, float32}
        Training precision; None takes X's float precision (float64 unless X is float32).
    callback : callable, optional
        ``callback(iteration, cost)`` for every recorded cost, while training
        runs (after each chunk of about CHUNK_SECONDS).
    keep_gradients : bool
        Return the first layer's last gradients (for the week-2 ``optimize``).

    Returns
    -------
    TrainResult

    Raises
    ------
    TrainingDiverged
        When the logits become NaN or inf (the iteration and learning rate are
        in the message), or when a parameter is not finite after the loop.
    """
    if int(record_every) < 1:
        raise ValueError(f"record_every must be at least 1, got {record_every}")
    if method not in ("auto", "direct", "gram"):
        raise ValueError(f"method must be 'auto', 'direct' or 'gram', got {method!r}")
    out_kind = output_code(output)
    n_x, m = np.shape(X)
    num_iterations = int(num_iterations)
    if method == "auto":
        method = choose_method(n_x, np.shape(weights[0])[0], m, num_iterations)
    costs = []

    def on_record(record):
        costs.append(logits_cost(record.logits, record.labels, out_kind))
        if callback is not None:
            callback(record.epoch, costs[-1])

    result = train_batches(X, Y, weights, biases, optimizer="gd", learning_rate=learning_rate,
                           num_epochs=num_iterations, hidden=hidden, output=output, record_every=record_every,
                           record_last=record_last, dtype=dtype, on_record=on_record, method=method,
                           keep_gradients=keep_gradients, unit="iteration")
    result.costs = costs
    return result
