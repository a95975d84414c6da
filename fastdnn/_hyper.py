"""Checks of the course-2 hyperparameters (keep_prob, lambd, betas, epsilon):
each a ValueError or TypeError naming the argument, before any kernel runs."""
import math
import numbers

import numpy as np


def real_value(value, name):
    """A finite real number as a Python float (bools refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def lambd_value(lambd):
    """The L2 strength, >= 0."""
    lambd = real_value(lambd, "lambd")
    if lambd < 0:
        raise ValueError(f"lambd must be >= 0 (the L2 strength), got {lambd}")
    return lambd


def keep_prob_value(keep_prob):
    """The dropout keep probability, in (0, 1]."""
    keep_prob = real_value(keep_prob, "keep_prob")
    if not 0 < keep_prob <= 1:
        raise ValueError(f"keep_prob must be in (0, 1] (the probability of keeping a unit), got {keep_prob}")
    return keep_prob


def beta_value(beta, name):
    """A moving-average decay, in [0, 1)."""
    beta = real_value(beta, name)
    if not 0 <= beta < 1:
        raise ValueError(f"{name} must be in [0, 1), got {beta}")
    return beta


def positive_value(value, name):
    """A finite real number > 0 (epsilon)."""
    value = real_value(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return value
