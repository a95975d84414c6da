"""Numba kernels: element-wise activations, the fused bias+activation step and
its backward twin, bias sums, the parameter update and the cross-entropy pieces.

Kernels take C-contiguous float32/float64 arrays prepared by the Python layer
and write into outputs it allocated; none validates or allocates. The
element-wise kernels end in a ``parallel`` argument that selects their
``prange`` loop; they are built by :func:`fastdnn.config.serial_and_parallel` and
run by :func:`fastdnn.config.launch`, so their parallel builds compile only
when an array first reaches the parallel threshold.

Activations are chosen by an integer code (``RELU``, ``SIGMOID``, ``TANH``,
``IDENTITY``) so that one compiled kernel serves every activation.
"""
import math

import numpy as np
from llvmlite import ir
from numba import prange, types
from numba.extending import intrinsic, overload

from .config import EXACT, jit, serial_and_parallel

RELU, SIGMOID, TANH, IDENTITY = 0, 1, 2, 3

_LOG2E = 1.4426950408889634
_LN2_HI = 6.93147180369123816490e-01  # ln 2 split so that k * _LN2_HI is exact
_LN2_LO = 1.90821492927058770002e-10
_ROUNDER = 6755399441055744.0  # 1.5 * 2**52: (x + _ROUNDER) - _ROUNDER rounds x to an integer
# bits(x + _ROUNDER) - bits(_ROUNDER) is that integer k; plus 1023 it is 2**k's exponent field
_ROUNDER_BITS = 0x4338000000000000
_EXPONENT_FROM_ROUNDER = 1023 - _ROUNDER_BITS


@intrinsic
def _float64_from_bits(typingctx, bits):
    """Reinterpret an int64 bit pattern as a float64."""
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.DoubleType())
    return types.float64(types.int64), codegen


@intrinsic
def _bits_from_float64(typingctx, x):
    """Reinterpret a float64 as its int64 bit pattern."""
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.IntType(64))
    return types.int64(types.float64), codegen


@jit(inline="always")
def _exp(x):
    """exp(x) within about 1 ulp, in a branch-free form LLVM vectorises.

    numba's ``np.exp`` calls scalar libm, several times slower than numpy's
    SIMD exp; this is the classic x = k ln2 + r reduction (|r| <= ln2/2), a
    degree-11 polynomial interpolating exp at the Chebyshev nodes (relative
    error 4e-18) by Horner's scheme (its last step rounds once, which keeps
    the result within 1 ulp), and 2**k built from its bits, in two
    halves so that subnormal results come out right. NaN, inf, overflow and
    underflow behave as ``np.exp``.
    """
    xc = x if x > -745.2 else -745.2
    xc = xc if xc < 709.8 else 709.8
    shifted = xc * _LOG2E + _ROUNDER  # k in its low bits
    kf = shifted - _ROUNDER
    r = (xc - kf * _LN2_HI) - kf * _LN2_LO
    p = 2.5110037605963777e-08
    p = p * r + 2.763263963904103e-07
    p = p * r + 2.755724091857897e-06
    p = p * r + 2.4801485482328494e-05
    p = p * r + 0.00019841269890047113
    p = p * r + 0.0013888888952314775
    p = p * r + 0.008333333333319601
    p = p * r + 0.0416666666664881
    p = p * r + 0.1666666666666668
    p = p * r + 0.5000000000000019
    p = p * r + 1.0
    p = p * r + 1.0
    k = _bits_from_float64(shifted) - _ROUNDER_BITS
    half = k >> 1
    e = p * _float64_from_bits((half + 1023) << 52) * _float64_from_bits((k - half + 1023) << 52)
    e = e if x < 709.782712893384 else np.inf
    e = e if x > -745.2 else 0.0
    return e if x == x else x


@jit(inline="always")
def _tanh(x):
    """tanh(x) within a few ulps, branch-free so that LLVM vectorises it
    (numba's ``np.tanh`` is a scalar libm call).

    ``tanh|x| = -t / (2 + t)`` with ``t = expm1(-2|x|)`` in (-1, 0], and
    ``expm1(y) = 2**k q(r) + (2**k - 1)`` with ``y = k ln2 + r``, ``|r| <= ln2/2``.
    ``q(r) = r P(r)`` with P of degree 10 interpolating expm1(r)/r at the
    Chebyshev nodes (relative error 2e-17; no cancellation near 0), evaluated
    by Estrin's scheme, a short dependency chain. ``2**k`` comes from the bits
    of the rounding sum itself. The sign comes back by ``copysign``, which also
    keeps signed zeros. ``|x| > 30`` gives +-1 exactly, as libm does; the clamp
    lets NaN through, so NaN stays NaN.
    """
    y = -2.0 * abs(x)
    y = -60.0 if y < -60.0 else y
    shifted = y * _LOG2E + _ROUNDER  # k in its low bits
    kf = shifted - _ROUNDER
    r = (y - kf * _LN2_HI) - kf * _LN2_LO
    r2 = r * r
    r4 = r2 * r2
    p0 = (1.0 + r * 0.5000000000000006) + r2 * (0.1666666666666667 + r * 0.04166666666657314)
    p1 = (0.008333333333326141 + r * 0.0013888888932488599) + r2 * (0.00019841269874800493
                                                                     + r * 2.4801504346997686e-05)
    p2 = (2.7557255425746435e-06 + r * 2.7626357241447223e-07) + r2 * 2.510520637395701e-08
    q = r * ((p0 + r4 * p1) + (r4 * r4) * p2)
    scale = _float64_from_bits((_bits_from_float64(shifted) + _EXPONENT_FROM_ROUNDER) << 52)
    t = scale * q + (scale - 1.0)
    return math.copysign(t / (-2.0 - t), x)


@intrinsic
def _float32_from_bits(typingctx, bits):
    """Reinterpret the low 32 bits of an int64 as a float32."""
    def codegen(context, builder, signature, args):
        return builder.bitcast(builder.trunc(args[0], ir.IntType(32)), ir.FloatType())
    return types.float32(types.int64), codegen


@jit(inline="always")
def _exp32(x):
    """exp(x) for float32 in float32 arithmetic (Cephes ``expf``: 2 ulp), twice
    the SIMD width of :func:`_exp`; same treatment of NaN, inf and the range ends."""
    lo, hi = np.float32(-103.97208), np.float32(88.72284)
    xc = x if x > lo else lo
    xc = xc if xc < hi else hi
    kf = (xc * np.float32(_LOG2E) + np.float32(12582912.0)) - np.float32(12582912.0)
    r = (xc - kf * np.float32(0.693359375)) - kf * np.float32(-2.12194440e-4)
    p = np.float32(1.9875691500e-4)
    p = p * r + np.float32(1.3981999507e-3)
    p = p * r + np.float32(8.3334519073e-3)
    p = p * r + np.float32(4.1665795894e-2)
    p = p * r + np.float32(1.6666665459e-1)
    p = p * r + np.float32(5.0000001201e-1)
    p = p * r * r + r + np.float32(1.0)
    k = np.int64(np.int32(kf))
    half = k >> 1
    e = p * _float32_from_bits((half + 127) << 23) * _float32_from_bits((k - half + 127) << 23)
    e = e if x < np.float32(88.72283) else np.float32(np.inf)
    e = e if x > np.float32(-103.97208) else np.float32(0.0)
    return e if x == x else x


def _sigmoid(z):
    """1 / (1 + exp(-z)): float64 with :func:`_exp`; float32 in float32 with
    :func:`_exp32` (within 3 ulp of the exact value, at numpy's float32 speed)."""


@overload(_sigmoid)
def _sigmoid_by_type(z):
    if z == types.float32:
        def sigmoid32(z):
            one = np.float32(1.0)
            return one / (one + _exp32(-z))
        return sigmoid32

    def sigmoid64(z):
        return 1.0 / (1.0 + _exp(-z))
    return sigmoid64


def _sigmoid_grad(da, z):
    """da * s * (1 - s) with s = sigmoid(z): float64 in the course's order of
    operations (numpy's values); float32 as ``da * e / (1 + e)**2`` with
    e = exp(-|z|), which is the same quantity without the cancellation of
    ``1 - s`` in single precision (within 4 ulp of the exact value)."""


@overload(_sigmoid_grad)
def _sigmoid_grad_by_type(da, z):
    if z == types.float32:
        def sigmoid_grad32(da, z):
            e = _exp32(-abs(z))
            d = np.float32(1.0) + e
            return da * (e / (d * d))
        return sigmoid_grad32

    def sigmoid_grad64(da, z):
        s = 1.0 / (1.0 + _exp(-z))
        return da * s * (1.0 - s)
    return sigmoid_grad64


@jit(inline="always")
def _activate(z, code):
    """g(z) for one element; NaN stays NaN (``z <= 0`` is False for NaN)."""
    if code == RELU:
        return 0.0 if z <= 0 else z
    if code == SIGMOID:
        return _sigmoid(z)
    if code == TANH:
        return _tanh(z)
    return z


@jit(inline="always")
def _activation_grad(da, z, code):
    """da * g'(z) for one element, in the course's order of operations."""
    if code == RELU:
        return 0.0 if z <= 0 else da
    if code == SIGMOID:
        return _sigmoid_grad(da, z)
    if code == TANH:
        t = _tanh(z)
        return da * (1.0 - t * t)
    return da


@serial_and_parallel()
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


@serial_and_parallel()
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


@serial_and_parallel()
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
    # The gradient loop has no loop-carried sum, so it vectorises; the row is
    # then summed while it is still in cache, with numpy's pairwise summation.
    frames, values = pairwise_workspace()
    flat = dz.reshape(-1)
    m = z.shape[1]
    for i in range(start, stop):
        for j in range(m):
            dz[i, j] = _activation_grad(da[i, j], z[i, j], code)
        db[i] = pairwise_sum_ws(flat, i * m, m, frames, values)


@serial_and_parallel()
def activation_backward_bias_sum(da, z, dz, db, code, parallel):
    """dz = da * g'(z) and db[i] = sum_j dz[i, j], row by row (each row is summed while in cache).

    Parameters
    ----------
    da, z, dz : ndarray, shape (n, m)
    db : ndarray, shape (n,)
        Row sums of ``dz`` (not yet divided by m).
    code : int
    parallel : bool
        Rows go to threads; each row is summed by one thread with numpy's
        pairwise summation, so the result matches ``np.sum(dz, axis=1)`` and does
        not depend on the thread count.
    """
    n = z.shape[0]
    if parallel and n > 1:
        for t in prange(n):
            _grad_rowsum_rows(da, z, dz, db, code, t, t + 1)
    else:
        _grad_rowsum_rows(da, z, dz, db, code, 0, n)


@serial_and_parallel(flags=EXACT)
def subtract_scaled(p, g, rate, out, parallel):
    """out = p - rate * g on flat arrays of shape (size,), bit for bit numpy's
    (no FMA: an update is memory-bound, so exactness costs nothing)."""
    if parallel:
        for k in prange(p.size):
            out[k] = p[k] - rate * g[k]
    else:
        for k in range(p.size):
            out[k] = p[k] - rate * g[k]


@jit()
def cross_entropy_grad(al, y, out):
    """out = -(y / al - (1 - y) / (1 - al)), the course's dAL, on flat arrays."""
    for k in range(al.size):
        out[k] = -(y[k] / al[k] - (1.0 - y[k]) / (1.0 - al[k]))



@jit()
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


@jit()
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

