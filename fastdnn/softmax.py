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
gives a large finite loss instead of ``inf``. A ``-inf`` logit masks its class
(probability 0); NaN, ``+inf`` and columns without a finite logit are refused.

Labels ``y`` are integer class indices of shape (1, m) or (m,); one-hot ``Y``
has Z's shape.
"""
import numpy as np

from ._core import kernels
from ._core import softmax as core
from ._checks import class_labels, contiguous, finite, float_dtype, matrix, numeric_array

__all__ = ["softmax", "stable_softmax", "cross_entropy", "cross_entropy_one_hot",
           "delta_cross_entropy", "delta_cross_entropy_one_hot"]


# --------------------------------------------------------------------------- checks

def _logits(Z, name="Z", two_d=True):
    z = matrix(Z, name) if two_d else numeric_array(Z, name)
    if z.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {z.shape}")
    return z, float_dtype(z)


def _shifted(z2, dtype, name):
    """(z - colmax, colmax) for a C-contiguous (n, m) array; ValueError on NaN,
    +inf or a column without a finite logit (-inf alone masks a class)."""
    shifted = np.empty(z2.shape, dtype)
    colmax = np.empty(z2.shape[1], dtype)
    if core.shift(z2, shifted, colmax):
        bad = np.argwhere(np.isnan(z2) | (z2 == np.inf))
        if len(bad):
            raise ValueError(f"{name} contains NaN or +inf (first at index {tuple(int(i) for i in bad[0])}); "
                             "-inf is allowed, as a masked class")
        column = int(np.argwhere(np.isnan(shifted).any(axis=0))[0, 0])
        raise ValueError(f"{name} has no finite logit in column {column} (all -inf)")
    return shifted, colmax


def _softmax2(z2, dtype, name):
    """Column softmax of a C-contiguous (n, m) array."""
    return core.exp_normalized(*_shifted(z2, dtype, name))


def _class_labels(y, z):
    """``y`` by the one class-label rule (:func:`fastdnn._checks.class_labels`), as int64 (m,)."""
    n, m = z.shape
    return np.ascontiguousarray(class_labels(y, n, m, "y", "columns of Z").reshape(-1), dtype=np.int64)


def _one_hot(Y, z, dtype_of_z):
    """Y as a C-contiguous float array of Z's shape with entries in [0, 1], and the dtype."""
    y = numeric_array(Y, "Y")
    if y.shape != z.shape:
        raise ValueError(f"Y must have Z's shape {z.shape} (num_classes, m), got {y.shape}")
    dtype = float_dtype(z, y)
    yc = contiguous(y, dtype)
    if core.outside_unit(yc):  # one compiled pass; the messages come from the slow checks
        finite(y, "Y")
        raise ValueError(f"Y must hold one-hot (or probability) targets in [0, 1], "
                         f"got values from {y.min()} to {y.max()}")
    return yc, dtype


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
    return _softmax2(contiguous(array, dtype).reshape(shape[0], -1), dtype, "z").reshape(shape)


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
    shifted, _ = _shifted(contiguous(z, dtype), dtype, "Z")
    return core.loss_from_shifted(shifted, labels)


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
    z, dtype = _logits(Z)
    y, dtype = _one_hot(Y, z, dtype)
    shifted, _ = _shifted(contiguous(z, dtype), dtype, "Z")
    lse = core.log_sum_exp(shifted)
    return dtype.type(core.loss_one_hot(shifted, lse, y, np.empty(z.size, dtype),
                                    *kernels.pairwise_workspace()))


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
    grad = _softmax2(contiguous(z, dtype), dtype, "Z")
    core.delta_labels(grad, labels)
    return grad


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
    z, dtype = _logits(Z)
    y, dtype = _one_hot(Y, z, dtype)
    grad = _softmax2(contiguous(z, dtype), dtype, "Z")
    core.delta_one_hot(grad, y)
    return grad
