"""Numba kernels on arrays: element-wise activations, the fused
bias+activation step and its backward twin, the gradient step, the course's
dAL, numpy's pairwise sum, the gathers of mini-batches and dropout.

Kernels take C-contiguous float32/float64 arrays prepared by the Python layer
and write into outputs it allocated; none validates or allocates. Each
element-wise kernel is a ``(serial, parallel)`` pair from
:func:`fastdnn.config.serial_and_parallel`, run by :func:`fastdnn.config.launch`.
Their row helpers (``*_rows``), numpy's pairwise sum, the gathers of
mini-batches and the dropout masks are called by compiled code only: they
are compiled ``callee=True``, linked into their callers.
Activations are chosen by their code in :mod:`fastdnn._core.activation_table`,
so one compiled kernel serves every activation. The optimisers' steps are in
:mod:`fastdnn._core.steps`.
"""
import numpy as np
from numba import prange

from .activation_table import activate, grad_from_a, grad_from_z
from ..config import EXACT, REASSOCIATE, jit, parallel_build, serial_and_parallel


def _activation_forward(z, out, code):
    """out = g(z), element-wise, on flat arrays of shape (size,)."""
    for k in prange(z.size):
        out[k] = activate(z[k], code)


activation_forward = serial_and_parallel(_activation_forward)


def _activation_backward(da, z, out, code):
    """out = da * g'(z), element-wise, on flat arrays of shape (size,)."""
    for k in prange(z.size):
        out[k] = grad_from_z(da[k], z[k], code)


activation_backward = serial_and_parallel(_activation_backward)


@jit(callee=True)
def bias_activation_rows(z, b, a, code, start, stop):
    """Rows start..stop-1: z += b[i], a = g(z) (a may not alias z: LLVM's
    overlap check would then keep the loop scalar)."""
    for i in range(start, stop):
        bi = b[i]
        for j in range(z.shape[1]):
            v = z[i, j] + bi
            z[i, j] = v
            a[i, j] = activate(v, code)


@jit()
def _bias_activation_columns(z, b, a, code, start, stop):
    for i in range(z.shape[0]):
        bi = b[i]
        for j in range(start, stop):
            v = z[i, j] + bi
            z[i, j] = v
            a[i, j] = activate(v, code)


#: Blocks of rows (or columns) the parallel builds split their work into.
BLOCKS = 8


def _bias_activation_forward(z, b, a, code):
    """z += b (broadcast over columns), then a = g(z), in one pass.

    Parameters
    ----------
    z : ndarray, shape (n, m)
        ``W @ A_prev`` on entry, ``W @ A_prev + b`` on exit.
    b : ndarray, shape (n,)
    a : ndarray, shape (n, m)
        Receives the activation; may be ``z`` itself for the identity.
    code : int

    Work is split in blocks of rows, or of columns when there are fewer rows
    than blocks (as in an output layer of one unit).
    """
    n, m = z.shape
    if n >= BLOCKS:
        for t in prange(BLOCKS):
            bias_activation_rows(z, b, a, code, t * n // BLOCKS, (t + 1) * n // BLOCKS)
    else:
        for t in prange(BLOCKS):
            _bias_activation_columns(z, b, a, code, t * m // BLOCKS, (t + 1) * m // BLOCKS)


@jit()
def _bias_activation_all_rows(z, b, a, code):
    """The serial build of :func:`_bias_activation_forward`: every row in one
    call of :func:`bias_activation_rows`, the training engine's own pass (one
    compile for both; element-wise, so the split into blocks changes no bit)."""
    bias_activation_rows(z, b, a, code, 0, z.shape[0])


bias_activation_forward = (_bias_activation_all_rows, parallel_build(_bias_activation_forward))


@jit(callee=True)
def gradient_rows(da, z, dz, db, code, start, stop):
    """Rows start..stop-1 of the step functions' backward pass: dz = da * g'(z)
    and db[i] = sum_j dz[i, j].

    The gradient loop has no loop-carried sum, so it vectorises; the row is
    then summed while it is still in cache with numpy's pairwise summation,
    so db is ``np.sum(dz, axis=1)`` bit for bit (the course's value) whatever
    the thread count.
    """
    m = z.shape[1]
    flat = dz.reshape(-1)
    frames, values = pairwise_workspace()
    for i in range(start, stop):
        for j in range(m):
            dz[i, j] = grad_from_z(da[i, j], z[i, j], code)
        db[i] = pairwise_sum_ws(flat, i * m, m, frames, values)


@jit(flags=REASSOCIATE, callee=True)  # the row sums vectorise (else one add per 4 cycles)
def gradient_rows_from_a(da, a, dz, db, code, start, stop):
    """Rows start..stop-1 of the training engine's backward pass: dz = da *
    g'(z) from a = g(z) (the engine keeps no Z), and db[i] = sum_j dz[i, j] in
    vectorised order: 3-4x faster than the pairwise sum, not numpy's last bits.
    (``grad_from_a`` has no exp, so reordering cannot fold its rounding away.)"""
    for i in range(start, stop):
        total = 0.0
        for j in range(a.shape[1]):
            g = grad_from_a(da[i, j], a[i, j], code)
            dz[i, j] = g
            total += g
        db[i] = total


def _activation_backward_bias_sum(da, z, dz, db, code):
    """dz = da * g'(z) and db[i] = sum_j dz[i, j], one row per task.

    Parameters
    ----------
    da, z, dz : ndarray, shape (n, m)
    db : ndarray, shape (n,)
        Row sums of ``dz`` (not yet divided by m).
    code : int
    """
    for i in prange(z.shape[0]):
        gradient_rows(da, z, dz, db, code, i, i + 1)


activation_backward_bias_sum = serial_and_parallel(_activation_backward_bias_sum)


def _subtract_scaled(p, g, rate, out):
    """out = p - rate * g on flat arrays of shape (size,), bit for bit numpy's
    (``rate`` in the arrays' dtype: float32 arrays update in float32, as
    numpy does with a Python float rate)."""
    for k in prange(p.size):
        out[k] = p[k] - rate * g[k]


subtract_scaled = serial_and_parallel(_subtract_scaled, flags=EXACT)


@jit()
def cross_entropy_grad(al, y, out):
    """out = -(y / al - (1 - y) / (1 - al)), the course's dAL, on flat arrays."""
    for k in range(al.size):
        out[k] = -(y[k] / al[k] - (1.0 - y[k]) / (1.0 - al[k]))


@jit(callee=True)
def _block_sum(x, start, count):
    """numpy's leaf of the pairwise sum (count <= 128): eight partial sums."""
    if count < 8:
        total = 0.0
        for k in range(start, start + count):
            total += x[k]
        return total
    r0, r1, r2, r3 = x[start], x[start + 1], x[start + 2], x[start + 3]
    r4, r5, r6, r7 = x[start + 4], x[start + 5], x[start + 6], x[start + 7]
    k = 8
    stop = count - count % 8
    while k < stop:
        j = start + k
        r0 += x[j]
        r1 += x[j + 1]
        r2 += x[j + 2]
        r3 += x[j + 3]
        r4 += x[j + 4]
        r5 += x[j + 5]
        r6 += x[j + 6]
        r7 += x[j + 7]
        k += 8
    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while k < count:
        total += x[start + k]
        k += 1
    return total


@jit()
def pairwise_workspace():
    """Stack for :func:`pairwise_sum_ws`: int64 (3, 64) frames and float64 (2, 64) partial sums."""
    return np.empty((3, 64), np.int64), np.empty((2, 64))


@jit(callee=True)
def pairwise_sum_ws(x, start, count, frames, values):
    """sum(x[start:start + count]) for x of shape (size,) with numpy's pairwise
    summation (blocks of up to 128 items, halves rounded to multiples of 8
    above), so that a float64 total matches ``np.sum`` of a contiguous array
    bit for bit. ``frames, values`` come from :func:`pairwise_workspace`,
    allocated once by the caller.

    Iterative post-order walk of numpy's summation tree with an explicit stack
    (numba's on-disk cache mishandles recursive functions)."""
    if count <= 128:
        return _block_sum(x, start, count)
    starts, counts, phase = frames[0], frames[1], frames[2]
    left, right = values[0], values[1]
    starts[0], counts[0], phase[0] = start, count, 0
    top = 1
    while True:
        f = top - 1
        n = counts[f]
        if n <= 128 or phase[f] == 2:
            value = _block_sum(x, starts[f], n) if n <= 128 else left[f] + right[f]
            top -= 1
            if top == 0:
                return value
            p = top - 1
            if phase[p] == 0:
                left[p] = value
                phase[p] = 1
            else:
                right[p] = value
                phase[p] = 2
        else:
            half = n // 2
            half -= half % 8
            if phase[f] == 0:
                starts[top], counts[top] = starts[f], half
            else:
                starts[top], counts[top] = starts[f] + half, n - half
            phase[top] = 0
            top += 1



# ------------------------------------------------ the mini-batch trainer's gathers and dropout


@jit(callee=True)
def gather_columns(xt, order, start, xb):
    """Examples ``order[start:start + w]`` of X as columns into ``xb`` (n_x,
    w); X comes transposed, ``xt`` (m, n_x). A blocked transpose: 16 examples
    at a time, each row of ``xb`` gets 16 neighbouring stores, and the 16
    examples' rows stay in cache (one column at a time took 205 ms per epoch
    of (784, 60000) at batch 512, this 55 ms)."""
    n_x, w = xb.shape
    for first in range(0, w, 16):
        last = min(first + 16, w)
        for i in range(n_x):
            for j in range(first, last):
                xb[i, j] = xt[order[start + j], i]


@jit(callee=True)
def gather_rows(xt, order, start, xr):
    """Examples ``order[start:start + w]`` of X as rows into ``xr`` (w, n_x),
    one contiguous copy each; X comes transposed, ``xt`` (m, n_x)."""
    for j in range(xr.shape[0]):
        row = order[start + j]
        for i in range(xr.shape[1]):
            xr[j, i] = xt[row, i]


@jit(callee=True)
def gather_targets(y, order, start, yb):
    """Columns ``order[start:start + w]`` of Y into ``yb`` (n_y, w)."""
    for j in range(yb.shape[1]):
        for i in range(yb.shape[0]):
            yb[i, j] = y[i, order[start + j]]


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


@jit(inline="always")
def uniform_hash(seed, step, row, column):
    """A uniform number in [0, 1) from four integers (splitmix64's finaliser):
    dropout masks that depend on nothing but the seed, the step and the unit,
    so they are the same on every run and every thread count."""
    z = np.uint64(seed) * _GOLDEN + np.uint64(step) * _MIX1 + np.uint64(row) * _MIX2 + np.uint64(column)
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    z = z ^ (z >> np.uint64(31))
    return np.float64(z >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@jit(callee=True)
def draw_dropout_mask(mask, seed, step, first_row, keep_prob):
    """mask[i, j] = 1 where unit ``first_row + i`` is kept for column j at ``step``, else 0."""
    for i in range(mask.shape[0]):
        for j in range(mask.shape[1]):
            mask[i, j] = 1.0 if uniform_hash(seed, step, first_row + i, j) < keep_prob else 0.0


@jit(flags=EXACT)
def apply_dropout(a, mask, keep_prob, out):
    """out = (a * mask) / keep_prob, the course's order (its dropout forward
    and backward step); ``out`` is ``a`` or does not overlap it."""
    if out.ctypes.data == a.ctypes.data:
        # on ``a`` alone: LLVM's overlap check fails for out == a and keeps
        # the two-array loop scalar (1.22 against 0.35 ns per element, 20 x 211)
        for i in range(a.shape[0]):
            for j in range(a.shape[1]):
                a[i, j] = (a[i, j] * mask[i, j]) / keep_prob
    else:
        for i in range(a.shape[0]):
            for j in range(a.shape[1]):
                out[i, j] = (a[i, j] * mask[i, j]) / keep_prob
