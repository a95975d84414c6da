"""The cross-entropy cost, one implementation for every model: the step
functions' ``compute_cost``, the week-2 and week-3 models and the training
engine's recorded costs all call :func:`cross_entropy`.
"""
import numpy as np


def cross_entropy(AL, Y, logits=None):
    """The course's ``-1/m * sum(Y log(AL) + (1 - Y) log(1 - AL))``.

    numpy's own expression, as the course writes it, so that the value is the
    course's to the last bit for the same ``AL`` (numba's ``log`` differs from
    numpy's in the last bit for ~0.3% of inputs). Any real ``Y`` is accepted:
    the formula, and its gradient ``AL - Y``, hold for soft labels too.

    Parameters
    ----------
    AL : ndarray, shape (n_L, m)
        Probabilities, float32 or float64.
    Y : ndarray, shape (n_L, m)
        Targets, of AL's dtype.
    logits : ndarray, shape (n_L, m), optional
        ``Z_L`` with ``AL = sigmoid(Z_L)``. Where ``AL`` rounded to exactly 0
        or 1 the course's formula gives ``inf`` or ``nan``; with the logits
        those terms are computed as ``y z - softplus(z)`` instead (the same
        quantity, finite). The training engine passes them.

    Returns
    -------
    cost : numpy float scalar of AL's dtype
    """
    m = AL.shape[1]
    if logits is None:
        return -1 / m * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = Y * np.log(AL) + (1 - Y) * np.log(1 - AL)
    saturated = ~np.isfinite(terms)
    if saturated.any():
        z, y = logits[saturated], Y[saturated]
        terms[saturated] = y * z - np.logaddexp(0, z)
    return -1 / m * np.sum(terms)
