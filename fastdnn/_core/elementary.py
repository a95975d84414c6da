"""Elementary functions for the kernels: ``exp``, ``tanh`` and the sigmoid and
its derivative, scalar and branch-free so that LLVM vectorises the loops that
call them (numba's ``np.exp``/``np.tanh`` are scalar libm calls).

float32 inputs are computed in float32 (twice the SIMD width); float64 within
about 1 ulp of numpy's.
"""
import math

import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic, overload

from ..config import jit

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
def exp(x):
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


@jit()  # compiled once per dtype and inlined by LLVM, not numba: the same machine code, typed once
def tanh(x):
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

    Not ``inline="always"``: LLVM inlines this call into every loop and
    vectorises it as before (each kernel's machine code has the same
    instructions), while numba no longer types the body again in each
    :func:`activation_table.activate` it was inlined into (four copies in the
    engine's small_linear_activation: its compile 1.5 -> 1.0 s).
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
def exp32(x):
    """exp(x) for float32 in float32 arithmetic (Cephes ``expf``: 2 ulp), twice
    the SIMD width of :func:`exp`; same treatment of NaN, inf and the range ends."""
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


def sigmoid(z):
    """1 / (1 + exp(-z)): float64 with :func:`exp`; float32 in float32 with
    :func:`exp32` (within 3 ulp of the exact value, at numpy's float32 speed)."""


@overload(sigmoid)
def _sigmoid_by_type(z):
    if z == types.float32:
        def sigmoid32(z):
            one = np.float32(1.0)
            return one / (one + exp32(-z))
        return sigmoid32

    def sigmoid64(z):
        return 1.0 / (1.0 + exp(-z))
    return sigmoid64


def sigmoid_grad(da, z):
    """da * s * (1 - s) with s = sigmoid(z): float64 in the course's order of
    operations (numpy's values); float32 as ``da * e / (1 + e)**2`` with
    e = exp(-|z|), which is the same quantity without the cancellation of
    ``1 - s`` in single precision (within 4 ulp of the exact value)."""


@overload(sigmoid_grad)
def _sigmoid_grad_by_type(da, z):
    if z == types.float32:
        def sigmoid_grad32(da, z):
            e = exp32(-abs(z))
            d = np.float32(1.0) + e
            return da * (e / (d * d))
        return sigmoid_grad32

    def sigmoid_grad64(da, z):
        s = 1.0 / (1.0 + exp(-z))
        return da * s * (1.0 - s)
    return sigmoid_grad64
