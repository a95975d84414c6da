"""The optimisation assignment of course 2: mini-batches, gradient descent,
momentum, Adam and learning-rate decay, with the course's names, seeds and
order of floating-point operations.

The momentum and Adam steps are Numba kernels over each parameter array, one
pass computing the new moments and the new parameter (without FMA
contraction, so each value is numpy's to the bit), from the element formulas
the training engine's optimisers use too (:mod:`fastdnn._core.steps`). Unlike the course's
solutions, which update the dicts in place and return them, these return new
dicts of new arrays and leave every input untouched (the course's ``model``
only uses the returned values).
"""
import numpy as np
from numba import prange

from ._checks import (beta_value, contiguous, float_dtype, learning_rate_value, matrix,
                      numeric_array, positive_int, positive_value, seed_value,
                      step_number)
from .config import EXACT, jit, launch, serial_and_parallel
from ._core.steps import (H_BETA1, H_BETA2, H_BIAS1, H_BIAS2, H_EPSILON, H_ONE_MINUS_BETA1, H_ONE_MINUS_BETA2,
                          H_RATE, adam_moments, adam_parameter, momentum_moment, optimizer_hyper)
from .network import update_parameters
from ._params import layer_count
from ._schedules import schedule_lr_decay, update_lr  # noqa: F401 (served here, as the course does)

__all__ = ["update_parameters_with_gd", "random_mini_batches", "initialize_velocity",
           "update_parameters_with_momentum", "initialize_adam", "update_parameters_with_adam",
           "update_lr", "schedule_lr_decay"]


def _momentum_step(p, g, v, beta, one_minus_beta, rate, p_out, v_out):
    """v' = beta v + (1 - beta) g, p' = p - rate v' on flat arrays."""
    for k in prange(p.size):
        velocity = momentum_moment(v[k], g[k], beta, one_minus_beta)
        v_out[k] = velocity
        p_out[k] = p[k] - rate * velocity


momentum_step = serial_and_parallel(_momentum_step, flags=EXACT)


def _adam_step(p, g, v, s, hyper, p_out, v_out, s_out, vc_out, sc_out):
    """One Adam step on flat arrays, as the course writes it:
    v' = b1 v + (1 - b1) g, vc = v' / (1 - b1^t), s' = b2 s + (1 - b2) g^2,
    sc = s' / (1 - b2^t), p' = p - rate * vc / (sqrt(sc) + eps).

    ``hyper`` is :func:`steps.optimizer_hyper`'s, with the bias corrections of ``t``.
    """
    beta1, one_minus_beta1, beta2, one_minus_beta2 = (hyper[H_BETA1], hyper[H_ONE_MINUS_BETA1], hyper[H_BETA2],
                                                      hyper[H_ONE_MINUS_BETA2])
    bias1, bias2, rate, epsilon = hyper[H_BIAS1], hyper[H_BIAS2], hyper[H_RATE], hyper[H_EPSILON]
    for k in prange(p.size):
        _adam_element(k, p, g, v, s, beta1, one_minus_beta1, beta2, one_minus_beta2, bias1, bias2, rate,
                      epsilon, p_out, v_out, s_out, vc_out, sc_out)


adam_step = serial_and_parallel(_adam_step, flags=EXACT)


@jit(inline="always", flags=EXACT)
def _adam_element(k, p, g, v, s, beta1, one_minus_beta1, beta2, one_minus_beta2, bias1, bias2, rate, epsilon,
                  p_out, v_out, s_out, vc_out, sc_out):
    first, second = adam_moments(v[k], s[k], g[k], beta1, one_minus_beta1, beta2, one_minus_beta2)
    first_corrected = first / bias1
    second_corrected = second / bias2
    v_out[k] = first
    s_out[k] = second
    vc_out[k] = first_corrected
    sc_out[k] = second_corrected
    p_out[k] = adam_parameter(p[k], first_corrected, second_corrected, rate, epsilon)


def _dict(value, name, keys_hint):
    if not isinstance(value, dict):
        raise TypeError(f"{name} must be a dict with {keys_hint}, got {type(value).__name__}")
    return value


def _array_for(dictionary, key, name, shape, dtype=None):
    """``dictionary[key]`` as a numeric array of ``shape``, or a ValueError naming it."""
    if key not in dictionary:
        raise ValueError(f"{name} is missing {key!r}; keys given: {sorted(map(str, dictionary))}")
    array = numeric_array(dictionary[key], f"{name}[{key!r}]")
    if array.shape != shape:
        raise ValueError(f"{name}[{key!r}] has shape {array.shape} but the parameter has shape {shape}")
    return array if dtype is None else contiguous(array, dtype)


def _slots(parameters, *states):
    """For each layer's W and b: the parameter key, the gradient/state key and
    the float dtype of the parameter and of the same entry in every state dict."""
    L = layer_count(parameters)
    for l in range(1, L + 1):
        for key in (f"W{l}", f"b{l}"):
            p = numeric_array(parameters[key], f"parameters[{key!r}]")
            arrays = [_array_for(state, "d" + key, name, p.shape) for state, name in states]
            dtype = float_dtype(p, *arrays)
            yield key, "d" + key, contiguous(p, dtype), [contiguous(a, dtype) for a in arrays]


def update_parameters_with_gd(parameters, grads, learning_rate):
    """One gradient-descent step ``p - learning_rate * dp`` for every W and b.

    Parameters
    ----------
    parameters : dict
        ``W1, b1, ..., WL, bL``.
    grads : dict
        ``dW1, db1, ..., dWL, dbL`` of the same shapes (other keys ignored).
    learning_rate : float

    Returns
    -------
    parameters : dict
        New arrays; the inputs are untouched.
    """
    return update_parameters(parameters, grads, learning_rate)


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """The course's mini-batches: ``np.random.seed(seed)``, one
    ``np.random.permutation(m)`` of the columns, then consecutive batches of
    ``mini_batch_size`` columns, the last one holding the remaining ``m % size``.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    Y : array_like, shape (n_y, m) or (m,)
        A 1-D Y becomes one row, as the course's ``reshape((1, m))``.
    mini_batch_size : int
        >= 1; a size above m gives one batch of all m columns.
    seed : int

    Returns
    -------
    list of (mini_batch_X, mini_batch_Y)
        Copies (numpy fancy indexing), shapes (n_x, size) and (n_y, size).
    """
    x = matrix(X, "X")
    size = positive_int(mini_batch_size, "mini_batch_size")
    seed = seed_value(seed)
    m = x.shape[1]
    y = numeric_array(Y, "Y")
    y = y.reshape(1, -1) if y.ndim == 1 else y
    if y.ndim != 2 or y.shape[1] != m:
        raise ValueError(f"Y must have one column per column of X: X has shape {x.shape}, Y has shape {np.shape(Y)}")
    np.random.seed(seed)
    permutation = np.random.permutation(m)
    shuffled_X, shuffled_Y = x[:, permutation], y[:, permutation]
    return [(shuffled_X[:, k:k + size], shuffled_Y[:, k:k + size]) for k in range(0, m, size)]


def _zeros_like_parameters(parameters):
    zeros = {}
    for l in range(1, layer_count(parameters) + 1):
        for key in (f"W{l}", f"b{l}"):
            array = numeric_array(parameters[key], f"parameters[{key!r}]")
            zeros["d" + key] = np.zeros(array.shape, float_dtype(array))
    return zeros


def initialize_velocity(parameters):
    """Zero velocities ``dW{l}``, ``db{l}`` of the parameters' shapes.

    Returns
    -------
    v : dict
    """
    return _zeros_like_parameters(parameters)


def initialize_adam(parameters):
    """Zero first and second moments ``dW{l}``, ``db{l}`` of the parameters' shapes.

    Returns
    -------
    v, s : dict
    """
    return _zeros_like_parameters(parameters), _zeros_like_parameters(parameters)


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """One momentum step: ``v = beta v + (1 - beta) dp``, ``p = p - learning_rate v``.

    Parameters
    ----------
    parameters : dict
        ``W1, b1, ..., WL, bL``.
    grads, v : dict
        ``dW{l}``, ``db{l}`` of the parameters' shapes.
    beta : float
        In [0, 1).
    learning_rate : float

    Returns
    -------
    parameters, v : dict
        New dicts of new arrays.
    """
    beta = beta_value(beta, "beta")
    rate = learning_rate_value(learning_rate)
    _dict(grads, "grads", "dW1, db1, ...")
    _dict(v, "v", "dW1, db1, ...")
    new_parameters, new_v = {}, {}
    for key, dkey, p, (g, velocity) in _slots(parameters, (grads, "grads"), (v, "v")):
        p_out, v_out = np.empty_like(p), np.empty_like(p)
        scalar = p.dtype.type
        launch(momentum_step, p.size, p.reshape(-1), g.reshape(-1), velocity.reshape(-1), scalar(beta),
               scalar(1 - beta), scalar(rate), p_out.reshape(-1), v_out.reshape(-1))
        new_parameters[key], new_v[dkey] = p_out, v_out
    return new_parameters, new_v


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    """One Adam step with bias correction, in the course's order of operations.

    Parameters
    ----------
    parameters : dict
        ``W1, b1, ..., WL, bL``.
    grads, v, s : dict
        Gradients, first and second moments ``dW{l}``, ``db{l}`` of the parameters' shapes.
    t : int
        Step count, >= 1 (the bias corrections divide by ``1 - beta ** t``).
    learning_rate : float
    beta1, beta2 : float
        In [0, 1).
    epsilon : float
        > 0.

    Returns
    -------
    parameters, v, s, v_corrected, s_corrected : dict
        New dicts of new arrays, as the current course returns them (older
        editions returned only ``parameters, v, s``).
    """
    t = step_number(t)
    rate = learning_rate_value(learning_rate)
    beta1, beta2 = beta_value(beta1, "beta1"), beta_value(beta2, "beta2")
    epsilon = positive_value(epsilon, "epsilon")
    for state, name in ((grads, "grads"), (v, "v"), (s, "s")):
        _dict(state, name, "dW1, db1, ...")
    outputs = ({}, {}, {}, {}, {})
    for key, dkey, p, (g, first, second) in _slots(parameters, (grads, "grads"), (v, "v"), (s, "s")):
        results = [np.empty_like(p) for _ in outputs]
        launch(adam_step, p.size, p.reshape(-1), g.reshape(-1), first.reshape(-1), second.reshape(-1),
               optimizer_hyper(p.dtype, rate, beta1=beta1, beta2=beta2, epsilon=epsilon, t=t),
               *(r.reshape(-1) for r in results))
        for out, result, name in zip(outputs, results, (key, dkey, dkey, dkey, dkey)):
            out[name] = result
    return outputs
