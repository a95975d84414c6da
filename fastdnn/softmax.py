"""Softmax and its cross-entropy loss and gradient, with the names of the
course notes (``softmax``, ``stable_softmax``, ``cross_entropy``,
``cross_entropy_one_hot``, ``delta_cross_entropy``,
``delta_cross_entropy_one_hot``).

``Z`` has shape (num_classes, m): one column per example. The notes normalise
``exp(z)`` over the whole array, which is only right for a single column; here
a matrix is normalised per column (axis 0) and a 1-D vector as a whole, which
is the notes' result on vectors. Both ``softmax`` and ``stable_softmax``
subtract the column maximum first, so large logits do not overflow, and the
losses use ``log-sum-exp`` instead of ``log(softmax)``, so a tiny probability
gives a large finite loss instead of ``inf``.

Labels ``y`` are integer class indices of shape (1, m) or (m,); one-hot ``Y``
has Z's shape.
"""
import numpy as np

from . import kernels
from ._checks import contiguous, finite, float_dtype, matrix, numeric_array
from .config import jit

__all__ = ["softmax", "stable_softmax", "cross_entropy", "cross_entropy_one_hot",
           "delta_cross_entropy", "delta_cross_entropy_one_hot"]


# --------------------------------------------------------------------------- kernels

@jit()
def _column_max(z, colmax):
    """colmax[j] = max_i z[i, j] for z of shape (n, m), row by row (vectorised)."""
    n, m = z.shape
    for j in range(m):
        colmax[j] = z[0, j]
    for i in range(1, n):
        for j in range(m):
            v = z[i, j]
            colmax[j] = v if v > colmax[j] else colmax[j]


@jit()
def _softmax_kernel(z, out, colmax, colsum):
    """out[:, j] = exp(z[:, j] - max) / sum(exp(z[:, j] - max)).

    Parameters
    ----------
    z, out : ndarray, shape (n, m)
    colmax, colsum : ndarray, shape (m,)
        Scratch; on exit the column maxima and the sums of exp(z - max).
    """
    n, m = z.shape
    _column_max(z, colmax)
    for j in range(m):
        colsum[j] = 0.0
    for i in range(n):
        for j in range(m):
            e = kernels._exp(z[i, j] - colmax[j])
            out[i, j] = e
            colsum[j] += e
    for i in range(n):
        for j in range(m):
            out[i, j] = out[i, j] / colsum[j]


@jit()
def _log_sum_exp(z, colmax, lse):
    """lse[j] = log(sum_i exp(z[i, j] - colmax[j])) after colmax = column maxima."""
    n, m = z.shape
    _column_max(z, colmax)
    for j in range(m):
        lse[j] = 0.0
    for i in range(n):
        for j in range(m):
            lse[j] += kernels._exp(z[i, j] - colmax[j])
    for j in range(m):
        lse[j] = np.log(lse[j])


@jit()
def _loss_labels(z, labels, colmax, lse):
    """mean_j -log softmax(z)[labels[j], j] for z (n, m) and int labels (m,)."""
    _log_sum_exp(z, colmax, lse)
    m = z.shape[1]
    total = 0.0
    for j in range(m):
        total += lse[j] - (z[labels[j], j] - colmax[j])
    return total / m


@jit()
def _loss_one_hot(z, y, colmax, lse):
    """sum_ij -y[i, j] log softmax(z)[i, j] / m for z, y of shape (n, m)."""
    _log_sum_exp(z, colmax, lse)
    n, m = z.shape
    total = 0.0
    for i in range(n):
        for j in range(m):
            total += y[i, j] * (lse[j] - (z[i, j] - colmax[j]))
    return total / m


@jit()
def _delta_labels(z, labels, out, colmax, colsum):
    """out = (softmax(z) - onehot(labels)) / m, shapes (n, m) and (m,)."""
    _softmax_kernel(z, out, colmax, colsum)
    n, m = z.shape
    for j in range(m):
        out[labels[j], j] -= 1.0
    for i in range(n):
        for j in range(m):
            out[i, j] = out[i, j] / m


@jit()
def _delta_one_hot(z, y, out, colmax, colsum):
    """out = (softmax(z) - y) / m for arrays of shape (n, m)."""
    _softmax_kernel(z, out, colmax, colsum)
    n, m = z.shape
    for i in range(n):
        for j in range(m):
            out[i, j] = (out[i, j] - y[i, j]) / m


# --------------------------------------------------------------------------- checks

def _logits(Z, name="Z", two_d=True):
    z = matrix(Z, name) if two_d else numeric_array(Z, name)
    if z.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {z.shape}")
    finite(z, name)
    dtype = float_dtype(z)
    return z, dtype


def _class_labels(y, z):
    n, m = z.shape
    labels = numeric_array(y, "y")
    if labels.shape not in ((1, m), (m,)):
        raise ValueError(f"y must have shape (1, {m}) or ({m},) to match Z's {m} columns, got shape {labels.shape}")
    if labels.dtype.kind == "f":
        finite(labels, "y")
        if not (labels == np.round(labels)).all():
            raise TypeError("y must hold integer class indices, got non-integral values")
    elif labels.dtype.kind == "b":
        raise TypeError("y must hold integer class indices, got booleans")
    if m and (labels.min() < 0 or labels.max() >= n):
        raise ValueError(f"y must hold class indices in [0, {n - 1}] for Z's {n} classes (rows), "
                         f"got values from {labels.min()} to {labels.max()}")
    return np.ascontiguousarray(labels.reshape(-1), dtype=np.int64)


def _one_hot(Y, z):
    y = numeric_array(Y, "Y")
    if y.shape != z.shape:
        raise ValueError(f"Y must have Z's shape {z.shape} (num_classes, m), got {y.shape}")
    finite(y, "Y")
    if ((y < 0) | (y > 1)).any():
        raise ValueError(f"Y must hold one-hot (or probability) targets in [0, 1], "
                         f"got values from {y.min()} to {y.max()}")
    return y


def _scratch(z, dtype):
    m = z.shape[1]
    return np.empty(m, dtype), np.empty(m, dtype)


# --------------------------------------------------------------------------- public API

def softmax(z):
    """Softmax probabilities: over the whole vector for 1-D input, per column
    (axis 0) for a (num_classes, m) matrix (and for n-D input).

    Stable for large logits (the column maximum is subtracted first); equal to
    the notes' ``exp(z) / sum(exp(z))`` on a vector, up to rounding.

    Parameters
    ----------
    z : array_like, shape (num_classes,) or (num_classes, m, ...)

    Returns
    -------
    a : ndarray of z's shape (float32 stays float32, integers give float64)
    """
    array, dtype = _logits(z, "z", two_d=False)
    if array.ndim == 0:
        return dtype.type(1.0)
    shape = array.shape
    z2 = contiguous(array, dtype).reshape(shape[0], -1)
    out = np.empty(z2.shape, dtype)
    _softmax_kernel(z2, out, *_scratch(z2, dtype))
    return out.reshape(shape)


def stable_softmax(z):
    """``exp(z - max(z)) / sum(exp(z - max(z)))``, per column on matrices.

    The same function as :func:`softmax` (which is stable too); kept for the
    notes' name. Shapes as in :func:`softmax`.
    """
    return softmax(z)


def cross_entropy(Z, y):
    """Mean cross-entropy of softmax(Z) against integer labels.

    Parameters
    ----------
    Z : array_like, shape (num_classes, m)
        Logits, one column per example.
    y : array_like of int, shape (1, m) or (m,)
        Class indices in ``0 .. num_classes - 1``.

    Returns
    -------
    loss : numpy float scalar
        ``sum_j -log softmax(Z)[y_j, j] / m``.
    """
    z, dtype = _logits(Z)
    labels = _class_labels(y, z)
    zc = contiguous(z, dtype)
    return dtype.type(_loss_labels(zc, labels, *_scratch(zc, dtype)))


def cross_entropy_one_hot(Z, Y):
    """Mean cross-entropy of softmax(Z) against one-hot targets.

    Parameters
    ----------
    Z : array_like, shape (num_classes, m)
    Y : array_like, shape (num_classes, m)

    Returns
    -------
    loss : numpy float scalar
        ``sum(-log(softmax(Z)) * Y) / m``.
    """
    z, _ = _logits(Z)
    y = _one_hot(Y, z)
    dtype = float_dtype(z, y)
    zc = contiguous(z, dtype)
    return dtype.type(_loss_one_hot(zc, contiguous(y, dtype), *_scratch(zc, dtype)))


def delta_cross_entropy(Z, y):
    """Gradient of :func:`cross_entropy` with respect to Z.

    Parameters
    ----------
    Z : array_like, shape (num_classes, m)
    y : array_like of int, shape (1, m) or (m,)

    Returns
    -------
    grad : ndarray, shape (num_classes, m)
        ``(softmax(Z) - onehot(y)) / m``.
    """
    z, dtype = _logits(Z)
    labels = _class_labels(y, z)
    zc = contiguous(z, dtype)
    out = np.empty(z.shape, dtype)
    _delta_labels(zc, labels, out, *_scratch(zc, dtype))
    return out


def delta_cross_entropy_one_hot(Z, Y):
    """Gradient of :func:`cross_entropy_one_hot` with respect to Z.

    Parameters
    ----------
    Z : array_like, shape (num_classes, m)
    Y : array_like, shape (num_classes, m)

    Returns
    -------
    grad : ndarray, shape (num_classes, m)
        ``(softmax(Z) - Y) / m``.
    """
    z, _ = _logits(Z)
    y = _one_hot(Y, z)
    dtype = float_dtype(z, y)
    zc = contiguous(z, dtype)
    out = np.empty(z.shape, dtype)
    _delta_one_hot(zc, contiguous(y, dtype), out, *_scratch(zc, dtype))
    return out
