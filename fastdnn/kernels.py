"""Numba kernels: element-wise activations, the fused bias+activation step and
its backward twin, bias sums, the parameter update and the cross-entropy pieces.

Kernels take C-contiguous float32/float64 arrays prepared by the Python layer
and write into outputs it allocated; none validates or allocates. Each has a
``parallel`` argument: the same loop runs under ``prange`` or ``range``, so one
dispatcher (one cache entry, one compilation per dtype) serves both sizes.

Activations are chosen by an integer code (``RELU``, ``SIGMOID``, ``TANH``,
``IDENTITY``) so that one compiled kernel serves every activation.
"""
import numpy as np
from numba import prange

from .config import jit

RELU, SIGMOID, TANH, IDENTITY = 0, 1, 2, 3


@jit()
def _activate(z, code):
    """g(z) for one element; NaN stays NaN (``z <= 0`` is False for NaN)."""
    if code == RELU:
        return 0.0 if z <= 0 else z
    if code == SIGMOID:
        return 1.0 / (1.0 + np.exp(-z))
    if code == TANH:
        return np.tanh(z)
    return z


@jit()
def _activation_grad(da, z, code):
    """da * g'(z) for one element, in the course's order of operations."""
    if code == RELU:
        return 0.0 if z <= 0 else da
    if code == SIGMOID:
        s = 1.0 / (1.0 + np.exp(-z))
        return da * s * (1.0 - s)
    if code == TANH:
        t = np.tanh(z)
        return da * (1.0 - t * t)
    return da


@jit(parallel=True)
def activation_forward(z, out, code, parallel):
    """out = g(z), element-wise.

    Parameters
    ----------
    z, out : ndarray, shape (size,)
        Flat views of the pre-activation and of the result.
    code : int
        Activation code.
    parallel : bool
        Run the ``prange`` loop.
    """
    if parallel:
        for k in prange(z.size):
            out[k] = _activate(z[k], code)
    else:
        for k in range(z.size):
            out[k] = _activate(z[k], code)


@jit(parallel=True)
def activation_backward(da, z, out, code, parallel):
    """out = da * g'(z), element-wise, on flat arrays of shape (size,)."""
    if parallel:
        for k in prange(z.size):
            out[k] = _activation_grad(da[k], z[k], code)
    else:
        for k in range(z.size):
            out[k] = _activation_grad(da[k], z[k], code)


@jit()
def _bias_activation_rows(z, b, a, code, start, stop):
    for i in range(start, stop):
        bi = b[i]
        for j in range(z.shape[1]):
            v = z[i, j] + bi
            z[i, j] = v
            a[i, j] = _activate(v, code)


@jit()
def _bias_activation_columns(z, b, a, code, start, stop):
    for i in range(z.shape[0]):
        bi = b[i]
        for j in range(start, stop):
            v = z[i, j] + bi
            z[i, j] = v
            a[i, j] = _activate(v, code)


@jit(parallel=True)
def bias_activation_forward(z, b, a, code, parallel):
    """z += b (broadcast over columns), then a = g(z), in one pass.

    Parameters
    ----------
    z : ndarray, shape (n, m)
        ``W @ A_prev`` on entry, ``W @ A_prev + b`` on exit.
    b : ndarray, shape (n,)
    a : ndarray, shape (n, m)
        Receives the activation; may be ``z`` itself for ``IDENTITY``.
    code : int
    parallel : bool
        Split the work in blocks of rows (or of columns when there are fewer
        rows than threads, as in an output layer of one unit).
    """
    n, m = z.shape
    if not parallel:
        _bias_activation_rows(z, b, a, code, 0, n)
        return
    blocks = 8
    if n >= blocks:
        for t in prange(blocks):
            _bias_activation_rows(z, b, a, code, t * n // blocks, (t + 1) * n // blocks)
    else:
        for t in prange(blocks):
            _bias_activation_columns(z, b, a, code, t * m // blocks, (t + 1) * m // blocks)


@jit()
def _grad_rowsum_rows(da, z, dz, db, code, start, stop):
    for i in range(start, stop):
        total = 0.0
        for j in range(z.shape[1]):
            g = _activation_grad(da[i, j], z[i, j], code)
            dz[i, j] = g
            total += g
        db[i] = total


@jit(parallel=True)
def activation_backward_bias_sum(da, z, dz, db, code, parallel):
    """dz = da * g'(z) and db[i] = sum_j dz[i, j], in one pass.

    Parameters
    ----------
    da, z, dz : ndarray, shape (n, m)
    db : ndarray, shape (n,)
        Row sums of ``dz`` (not yet divided by m).
    code : int
    parallel : bool
        Rows go to threads; each row is summed in order by one thread, so the
        result does not depend on the thread count.
    """
    n = z.shape[0]
    if parallel and n > 1:
        for i in prange(n):
            _grad_rowsum_rows(da, z, dz, db, code, i, i + 1)
    else:
        _grad_rowsum_rows(da, z, dz, db, code, 0, n)


@jit()
def _row_sums_range(x, out, start, stop):
    for i in range(start, stop):
        total = 0.0
        for j in range(x.shape[1]):
            total += x[i, j]
        out[i] = total


@jit(parallel=True)
def row_sums(x, out, parallel):
    """out[i] = sum_j x[i, j] for x of shape (n, m), out of shape (n,)."""
    n = x.shape[0]
    if parallel and n > 1:
        for i in prange(n):
            _row_sums_range(x, out, i, i + 1)
    else:
        _row_sums_range(x, out, 0, n)


@jit(parallel=True)
def subtract_scaled(p, g, rate, out, parallel):
    """out = p - rate * g on flat arrays of shape (size,)."""
    if parallel:
        for k in prange(p.size):
            out[k] = p[k] - rate * g[k]
    else:
        for k in range(p.size):
            out[k] = p[k] - rate * g[k]


@jit()
def cross_entropy_sum(al, y):
    """sum_k y log(al) + (1 - y) log(1 - al) over flat arrays of shape (m,)."""
    total = 0.0
    for k in range(al.size):
        total += y[k] * np.log(al[k]) + (1.0 - y[k]) * np.log(1.0 - al[k])
    return total


@jit()
def cross_entropy_grad(al, y, out):
    """out = -(y / al - (1 - y) / (1 - al)), the course's dAL, on flat arrays."""
    for k in range(al.size):
        out[k] = -(y[k] / al[k] - (1.0 - y[k]) / (1.0 - al[k]))
