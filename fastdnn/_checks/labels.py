"""The rules for targets and labels: their shapes against the predictions, class indices, the output kind."""

import numpy as np

from .._core.activation_table import output_code
from .arrays import finite, numeric_array


def targets(Y, n_out, m, name="Y", x_name="X"):
    """Targets of sigmoid outputs: finite reals of shape (n_out, m) (or (m,)
    for one unit). Not only 0/1: the cross-entropy and its gradient ``A - Y``
    hold for any real Y, and the course's graders train on ``randn`` labels."""
    y = numeric_array(Y, name)
    if y.shape == (m,) and n_out == 1:
        y = y.reshape(1, m)
    if y.shape != (n_out, m):
        raise ValueError(f"{name} must have shape ({n_out}, {m}) to match {x_name}'s {m} columns and "
                         f"{n_out} output unit(s), got shape {y.shape}")
    finite(y, name)
    return y


def labels_like(Y, al, name="Y", al_name="AL"):
    """The one rule pairing labels with predictions: ``Y`` of AL's shape (n_y,
    m); when AL is a vector (one output unit, or one example) also any vector of
    as many labels ((m,), (m, 1)), which can pair with AL one way only. Never a
    reshape that would pair labels with other predictions (a transposed (m,
    n_y), a (2, 2) for (1, 4))."""
    y = numeric_array(Y, name)
    vectors = (y.ndim <= 1 or (y.ndim == 2 and 1 in y.shape)) and 1 in al.shape
    if y.shape != al.shape and not (vectors and y.size == al.size):
        raise ValueError(f"{name} must have {al_name}'s shape {al.shape} (or, for one output unit, be a vector of "
                         f"one label per example), got shape {y.shape}")
    return y.reshape(al.shape)


def class_labels(Y, classes, m, name="Y", columns="examples"):
    """Labels of a softmax output over ``classes`` units, the one rule: integer
    class indices 0 .. classes-1, one per example, shape (1, m) or (m,);
    returned as (1, m). Integral floats are indices too; booleans are not (a
    TypeError, as PyTorch's cross-entropy refuses them); NaN, inf,
    non-integral or out-of-range values are a ValueError."""
    y = numeric_array(Y, name)
    if y.shape not in ((1, m), (m,)):
        raise ValueError(f"{name} must have shape (1, {m}) or ({m},) (one class label per {columns[:-1]} of "
                         f"the {m} {columns}), got shape {y.shape}")
    if y.dtype.kind == "b":
        raise TypeError(f"{name} must hold integer class indices 0..{classes - 1}, got booleans")
    y = y.reshape(1, m)
    if y.dtype.kind == "f":
        finite(y, name)
        if not (y == np.round(y)).all():
            raise ValueError(f"{name} must hold integer class indices 0..{classes - 1}, got non-integral values")
    if m and (y.min() < 0 or y.max() >= classes):
        raise ValueError(f"{name} must hold integer class indices 0..{classes - 1} ({classes} output units), "
                         f"got values from {y.min()} to {y.max()}")
    return y


def binary_labels(Y, m, name="Y"):
    """Labels of one sigmoid output unit used as a classifier: 0 or 1, shape
    (1, m), (m, 1) or (m,), as (1, m). (Training accepts any real targets,
    :func:`targets`; a data file for the command line holds classes.)"""
    y = numeric_array(Y, name)
    if y.size != m or (y.ndim == 2 and 1 not in y.shape) or y.ndim > 2:
        raise ValueError(f"{name} must hold one label per example ({m}), got shape {y.shape}")
    y = y.reshape(1, m)
    finite(y, name)  # a NaN label is named as such, not listed among 0/1 values
    if not np.isin(y, (0, 1)).all():
        values = np.unique(y)[:6]
        raise ValueError(f"{name} must hold 0/1 labels for one sigmoid output unit, got values such as "
                         f"{values.tolist()} (for classes 0..K-1 end the layers with K units)")
    return y


def output_kind(output, n_out):
    """THE output rule: ``"sigmoid"`` or ``"softmax"``; ``"auto"`` is softmax for
    several output units, sigmoid for one; softmax needs at least 2 units."""
    if output == "auto":
        return "softmax" if n_out > 1 else "sigmoid"
    output_code(output)
    if output == "softmax" and n_out < 2:
        raise ValueError(f"output='softmax' needs at least 2 output units, the last layer has {n_out}")
    return output


def training_labels(Y, output, n_out, m, name="Y", binary=False):
    """Labels checked against an output layer of ``n_out`` units (``output`` as
    :func:`output_kind` resolves it), as (n, m): class labels 0..n_out-1 for
    softmax; for sigmoid :func:`targets`, or with ``binary`` 0/1 labels of one unit
    (a data file's classes)."""
    output = output_kind(output, n_out)
    if output == "softmax":
        return class_labels(Y, n_out, m, name)
    if not binary:
        return targets(Y, n_out, m, name)
    if n_out != 1:
        raise ValueError(f"a sigmoid output takes one unit for 0/1 labels, the layers end with {n_out} "
                         "(for K classes use output softmax)")
    return binary_labels(Y, m, name)
