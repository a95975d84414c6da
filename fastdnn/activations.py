"""The course's activation helpers (``dnn_utils_v2``): ``sigmoid``, ``relu`` and
their backward functions, each forward beside its backward.

They accept any shape (0-d to n-d) and layout and follow numpy's dtype rules
with a float floor: float32 stays float32, integers and bools become float64.
The returned cache is the caller's ``Z`` itself, as in the course.

In float64 the sigmoid and its derivative are the course's numpy expressions
to the bit (:func:`course_sigmoid`): learners' loops feed them back thousands
of times, and a compiled exp within 1 ulp of numpy's still drifts there. The
other activations, float32, and the training engine run the kernels.
"""
import numpy as np

from ._core import kernels
from ._checks import contiguous, float_dtype, is_float_c_array, numeric_array, same_shape
from ._core.activation_table import RELU, SIGMOID, activation_code
from .config import launch


def course_sigmoid(z):
    """The course's ``1 / (1 + np.exp(-z))`` of a float64 array, bit for bit:
    numpy's own exp, then the same add and divide, in one new array (0-d for a
    0-d ``z``). exp's overflow (z < -709, where the result is 0) is not warned
    about."""
    s = np.empty_like(z)
    np.negative(z, out=s)
    with np.errstate(over="ignore"):
        np.exp(s, out=s)
    s += 1
    return np.divide(1, s, out=s)


def course_sigmoid_backward(da, z):
    """The course's ``dA * s * (1 - s)`` with ``s = 1 / (1 + np.exp(-Z))``, float64, bit for bit."""
    s = course_sigmoid(z)
    rest = np.subtract(1, s)
    np.multiply(da, s, out=s)
    return np.multiply(s, rest, out=s)


def activation_only(Z, code, name="Z"):
    """g(Z) alone, as the helper files' ``sigmoid(z)``/``relu(x)`` return it: an
    array of Z's shape, a numpy scalar for a scalar Z."""
    z = numeric_array(Z, name)
    return _forward(contiguous(z, float_dtype(z)), code)[0]


def _forward(Z, code):
    """``(A, cache)``; for a scalar Z (0-d), A a numpy scalar and the cache Z itself,
    as the course's ``1 / (1 + np.exp(-Z))`` gives."""
    if is_float_c_array(Z):
        z = Z
    else:
        z = numeric_array(Z, "Z")
        z = contiguous(z, float_dtype(z))
    if code == SIGMOID and z.dtype == np.float64:
        out = course_sigmoid(z)
    else:
        out = np.empty_like(z)
        launch(kernels.activation_forward, z.size, z.ravel(), out.ravel(), code)
    if out.ndim == 0:
        return out[()], Z
    return out, (Z if isinstance(Z, np.ndarray) else z)


def _backward(dA, cache, code):
    if is_float_c_array(dA) and is_float_c_array(cache) and dA.dtype is cache.dtype and dA.shape == cache.shape:
        da, z = dA, cache
    else:
        da = numeric_array(dA, "dA")
        z = numeric_array(cache, "cache (Z)")
        same_shape(da, z, "dA", "cache (Z)")
        dtype = float_dtype(da, z)
        da, z = contiguous(da, dtype), contiguous(z, dtype)
    if code == SIGMOID and z.dtype == np.float64:
        return course_sigmoid_backward(da, z)
    out = np.empty_like(z)
    launch(kernels.activation_backward, z.size, da.ravel(), z.ravel(), out.ravel(), code)
    return out


def sigmoid(Z):
    """Sigmoid activation, ``1 / (1 + exp(-Z))``.

    Parameters
    ----------
    Z : array_like, any shape

    Returns
    -------
    A : ndarray, same shape as Z (a numpy scalar for a scalar Z)
    cache : ndarray
        ``Z``, kept for ``sigmoid_backward``.
    """
    return _forward(Z, SIGMOID)


def sigmoid_backward(dA, cache):
    """Backward pass of a sigmoid unit: ``dA * s * (1 - s)`` with ``s = sigmoid(Z)``.

    Parameters
    ----------
    dA : array_like
        Post-activation gradient, same shape as Z.
    cache : array_like
        ``Z`` as returned by ``sigmoid``.

    Returns
    -------
    dZ : ndarray, same shape as Z
    """
    dz = _backward(dA, cache, SIGMOID)
    return dz[()] if dz.ndim == 0 else dz  # the course's dA * s * (1 - s) of scalars is a scalar


def relu(Z):
    """ReLU activation, ``max(0, Z)``; NaN stays NaN as with ``np.maximum``.

    Returns
    -------
    A : ndarray, same shape as Z
    cache : ndarray
        ``Z``, kept for ``relu_backward``.
    """
    return _forward(Z, RELU)


def relu_backward(dA, cache):
    """Backward pass of a ReLU unit: ``dA`` where ``Z > 0``, 0 where ``Z <= 0``.

    Returns
    -------
    dZ : ndarray, same shape as Z
        0-d for scalars, as the course's ``np.array(dA, copy=True)``.
    """
    return _backward(dA, cache, RELU)


def activation_backward(dA, Z, activation):
    """Backward pass of any activation of the table: ``dA * g'(Z)``.

    Parameters
    ----------
    dA : array_like
        Post-activation gradient, same shape as Z.
    Z : array_like
    activation : {"relu", "sigmoid", "tanh", "leaky_relu"}

    Returns
    -------
    dZ : ndarray, same shape as Z
    """
    return _backward(dA, Z, activation_code(activation))
