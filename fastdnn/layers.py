"""One layer of the network: the linear step and linear->activation, each
forward beside its backward, with the course's signatures and cache layout
``((A_prev, W, b), Z)``.

The products go to BLAS; the bias add and the activation (forward), the
activation derivative and the bias sum (backward) are one fused kernel pass,
except for a float64 sigmoid, which is the course's numpy expression to the bit
(:func:`fastdnn.activations.course_sigmoid`).
"""
import numpy as np

from ._core import kernels
from ._core import forward as core
from ._checks import check_layer, contiguous, float_dtype, matrix, numeric_array, require_examples, where  # noqa: F401
from ._core.activation_table import IDENTITY, SIGMOID, activation_code
from .activations import course_sigmoid, course_sigmoid_backward
from .config import launch


def forward(a, w, b, code):
    """Z = W @ A + b and A = g(Z) on validated arrays (no checks): the core's
    layer (:func:`fastdnn._core.forward.forward`), except a float64 sigmoid,
    computed as the course writes it (numpy's own exp).

    Returns
    -------
    A, Z : ndarray, shape (n, m)
        ``A`` is ``Z`` itself for ``IDENTITY``.
    """
    dtype = float_dtype(a, w, b)
    if code == SIGMOID and dtype == np.float64:
        z = np.dot(w.astype(dtype, copy=False), a.astype(dtype, copy=False))
        z += contiguous(b, dtype).reshape(-1, 1)
        return course_sigmoid(z), z
    return core.forward(a, w, b, code)


def backward(dz, a_prev, w, b, db_sum):
    """dW, db, dA_prev from dZ and the row sums of dZ (no checks; ``db_sum``,
    a fresh array of shape (n,), is scaled in place and becomes db).

    Returns
    -------
    dA_prev : ndarray, shape of A_prev
    dW : ndarray, shape of W
    db : ndarray, shape of b
    """
    scale = 1.0 / a_prev.shape[1]
    dtype = dz.dtype
    dw = np.dot(dz, a_prev.astype(dtype, copy=False).T)
    dw *= scale
    db_sum *= scale
    db = db_sum.reshape(b.shape)
    da_prev = np.dot(w.astype(dtype, copy=False).T, dz)
    return da_prev, dw, db


def linear_forward(A, W, b):
    """Linear part of a layer's forward propagation, ``Z = W @ A + b``.

    Parameters
    ----------
    A : array_like, shape (n_prev, m)
    W : array_like, shape (n, n_prev)
    b : array_like, shape (n, 1) or (n,)
        One bias per unit either way.

    Returns
    -------
    Z : ndarray, shape (n, m)
    cache : tuple
        ``(A, W, b)``, the caller's objects.
    """
    a, w, bb = check_layer(A, W, b, a_name="A")
    z, _ = forward(a, w, bb, IDENTITY)
    return z, (A, W, b)


def linear_backward(dZ, cache):
    """Linear part of a layer's backward propagation.

    Parameters
    ----------
    dZ : array_like, shape (n, m)
    cache : tuple
        ``(A_prev, W, b)`` from ``linear_forward``.

    Returns
    -------
    dA_prev : ndarray, shape (n_prev, m)
    dW : ndarray, shape (n, n_prev)
    db : ndarray, shape of b
    """
    a_prev, w, b = check_layer(*unpack(cache, 3, "cache (A_prev, W, b)"))
    require_examples(a_prev)
    dz = gradient_matrix(dZ, "dZ", (w.shape[0], a_prev.shape[1]))
    dtype = float_dtype(dz, a_prev, w, b)
    dz = contiguous(dz, dtype)
    # numpy's own pairwise sum: the course's exact value, and as fast as a kernel at every size
    return backward(dz, a_prev, w, b, np.add.reduce(dz, axis=1))


def linear_activation_forward(A_prev, W, b, activation):
    """LINEAR -> ACTIVATION forward step.

    Parameters
    ----------
    A_prev : array_like, shape (n_prev, m)
    W : array_like, shape (n, n_prev)
    b : array_like, shape (n, 1) or (n,)
        One bias per unit either way.
    activation : {"relu", "sigmoid", "tanh", "leaky_relu"}

    Returns
    -------
    A : ndarray, shape (n, m)
    cache : tuple
        ``((A_prev, W, b), Z)``.
    """
    code = activation_code(activation)
    a, w, bb = check_layer(A_prev, W, b)
    out, z = forward(a, w, bb, code)
    return out, ((A_prev, W, b), z)


def activation_linear_backward(da, linear_cache, z, code):
    """dZ = dA * g'(Z) fused with the bias sum, then the linear backward step
    (no checks; ``da`` and ``z`` are C-contiguous of the same float dtype)."""
    a_prev, w, b = linear_cache
    if code == SIGMOID and z.dtype == np.float64:
        dz = course_sigmoid_backward(da, z)
        return backward(dz, a_prev, w, b, np.add.reduce(dz, axis=1))
    dz = np.empty_like(z)
    db_sum = np.empty(z.shape[0], z.dtype)
    launch(kernels.activation_backward_bias_sum, z.size, da, z, dz, db_sum, code)
    return backward(dz, a_prev, w, b, db_sum)


def linear_activation_backward(dA, cache, activation):
    """LINEAR -> ACTIVATION backward step.

    Parameters
    ----------
    dA : array_like, shape (n, m)
        Post-activation gradient of this layer.
    cache : tuple
        ``((A_prev, W, b), Z)`` from ``linear_activation_forward``.
    activation : {"relu", "sigmoid", "tanh", "leaky_relu"}

    Returns
    -------
    dA_prev : ndarray, shape (n_prev, m)
    dW : ndarray, shape (n, n_prev)
    db : ndarray, shape of b
    """
    code = activation_code(activation)
    linear_cache, z, dtype = check_cache(cache)
    da = gradient_matrix(dA, "dA", z.shape)
    dtype = float_dtype(da, dtype)
    return activation_linear_backward(contiguous(da, dtype), linear_cache, contiguous(z, dtype), code)


def unpack(cache, length, name, layer=None):
    """``cache`` as a tuple of ``length`` items, or a TypeError saying what it should be."""
    if not isinstance(cache, (tuple, list)) or len(cache) != length:
        raise TypeError(f"{name}{where(layer)} must be a tuple of {length} items, got {type(cache).__name__}"
                        + (f" of length {len(cache)}" if isinstance(cache, (tuple, list)) else ""))
    return tuple(cache)


def check_cache(cache, layer=None):
    """Validate a ``((A_prev, W, b), Z)`` cache.

    Returns
    -------
    linear_cache : tuple of ndarray
    z : ndarray
    dtype : numpy.dtype
        The float dtype of the layer's computation.
    """
    linear_cache, Z = unpack(cache, 2, "cache ((A_prev, W, b), Z)", layer)
    a_prev, w, b = check_layer(*unpack(linear_cache, 3, "linear cache (A_prev, W, b)", layer), layer)
    require_examples(a_prev, layer=layer)
    z = gradient_matrix(Z, "Z", (w.shape[0], a_prev.shape[1]), layer)
    return (a_prev, w, b), z, float_dtype(a_prev, w, b, z)


def gradient_matrix(x, name, shape, layer=None):
    """A numeric array of exactly ``shape``, or a ValueError with both shapes."""
    array = numeric_array(x, name)
    if array.shape != shape:
        raise ValueError(f"{name}{where(layer)} must have shape {shape}, got {array.shape}")
    return array
