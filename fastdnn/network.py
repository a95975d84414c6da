"""The whole [LINEAR->RELU]*(L-1) -> LINEAR->SIGMOID network, step by step:
initialisation, forward, cost, backward and the gradient-descent update, with
the course's names, dict keys, seeds and numbers."""
import numpy as np

from ._core import kernels
from ._checks import (contiguous, float_dtype, is_float_c_array, labels_like, learning_rate_value, numeric_array,
                      positive_int)
from .config import launch
from ._core.activation_table import SIGMOID, activation_code
from ._core.cost import cross_entropy
from ._params import by_fan_in, check_network, layer_count, leave_global_state, seeded_generator, seeded_layers
from .layers import activation_linear_backward, check_cache, forward

def initialize_parameters(n_x, n_h, n_y):
    """Two-layer parameters as in the course: seed 1, ``randn * 0.01``, zero biases.

    Returns
    -------
    parameters : dict
        ``W1`` (n_h, n_x), ``b1`` (n_h, 1), ``W2`` (n_y, n_h), ``b2`` (n_y, 1).
    """
    return two_layer_parameters(n_x, n_h, n_y, seed=1)


def two_layer_parameters(n_x, n_h, n_y, seed):
    """``np.random.seed(seed)``, then W1, W2 drawn ``randn * 0.01`` and zero biases
    (week 4 seeds 1, week 3's planar network 2 or 3 by edition); ``seed=None``
    draws from numpy's global generator as it stands."""
    n_x, n_h, n_y = (positive_int(n, name) for n, name in ((n_x, "n_x"), (n_h, "n_h"), (n_y, "n_y")))
    rng = np.random.mtrand._rand if seed is None else seeded_generator(seed)
    W1 = rng.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = rng.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    if seed is not None:
        leave_global_state(rng)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def initialize_parameters_deep(layer_dims):
    """L-layer parameters of the step-by-step assignment: seed 3, ``randn * 0.01``.

    Parameters
    ----------
    layer_dims : sequence of int
        ``[n_x, n_1, ..., n_L]``.

    Returns
    -------
    parameters : dict
        ``W{l}`` of shape (n_l, n_{l-1}) and ``b{l}`` of shape (n_l, 1).
    """
    return seeded_layers(layer_dims, 3, lambda w, n_prev: w * 0.01)


def initialize_parameters_deep_app(layer_dims):
    """L-layer parameters of the application (``dnn_app_utils_v3``): seed 1,
    ``randn / sqrt(n_{l-1})``, zero biases."""
    return seeded_layers(layer_dims, 1, by_fan_in)


def L_model_forward(X, parameters, *, hidden="relu"):
    """Forward propagation for [LINEAR->RELU]*(L-1) -> LINEAR->SIGMOID.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    parameters : dict
        ``W1, b1, ..., WL, bL``.
    hidden : {"relu", "tanh", "sigmoid", "leaky_relu"}, keyword-only
        Activation of the hidden layers.

    Returns
    -------
    AL : ndarray, shape (n_L, m)
    caches : list
        ``L`` caches ``((A_prev, W, b), Z)``; the first holds the caller's X.
    """
    hidden_code = activation_code(hidden, "hidden")
    x, layers = check_network(X, parameters)
    caches = []
    a = x
    for l, (w, b) in enumerate(layers, start=1):
        code = SIGMOID if l == len(layers) else hidden_code
        a_next, z = forward(a, w, b, code)
        caches.append(((X if l == 1 else a, parameters[f"W{l}"], parameters[f"b{l}"]), z))
        a = a_next
    return a, caches


def compute_cost(AL, Y):
    """Cross-entropy cost ``-1/m * sum(Y log AL + (1 - Y) log(1 - AL))``.

    Parameters
    ----------
    AL : array_like, shape (1, m)
        Predicted probabilities.
    Y : array_like, shape (1, m)
        Labels.

    Returns
    -------
    cost : numpy float scalar (0-d)
    """
    al, y = cost_inputs(AL, Y)
    return al.dtype.type(cross_entropy(al, y))


def cost_inputs(AL, Y):
    """AL, 2-D with m >= 1 columns, and Y of its shape (``_labels_like``), both
    C-contiguous in their float dtype: the checked inputs of a cost."""
    al = numeric_array(AL, "AL")
    if al.ndim != 2 or al.shape[1] == 0:
        raise ValueError(f"AL must be 2-D of shape (1, m) with m >= 1, got shape {al.shape}")
    y = labels_like(Y, al)
    dtype = float_dtype(al, y)
    return contiguous(al, dtype), contiguous(y, dtype)


def backward_start(AL, Y, caches):
    """Validate ``L_model_backward``'s inputs and start it: dAL, the gradient
    of the cross-entropy with respect to AL.

    Returns
    -------
    checked : list of (linear_cache, Z, dtype)
        Each layer's validated cache (see ``layers.check_cache``), layer 1 first.
    dAL : ndarray, shape (1, m)
        ``-(Y / AL - (1 - Y) / (1 - AL))``, in the float dtype of the computation.
    dtype : numpy.dtype
    """
    if not isinstance(caches, (list, tuple)) or len(caches) == 0:
        raise TypeError(f"caches must be a non-empty list or tuple of layer caches, got {caches!r:.80}")
    checked = [check_cache(cache, l) for l, cache in enumerate(caches, start=1)]
    for l in range(2, len(checked) + 1):
        prev_w, this_a = checked[l - 2][0][1], checked[l - 1][0][0]
        if this_a.shape != (prev_w.shape[0], this_a.shape[1]):
            raise ValueError(
                f"cache of layer {l} holds A_prev of shape {this_a.shape}, but layer {l - 1} "
                f"has W of shape {prev_w.shape}"
            )
    al = numeric_array(AL, "AL")
    z_out = checked[-1][1]
    if al.shape != z_out.shape:
        raise ValueError(f"AL has shape {al.shape} but the last cache's Z has shape {z_out.shape}")
    y = labels_like(Y, al)
    dtype = float_dtype(al, y, *(c[2] for c in checked))
    da = np.empty(al.shape, dtype)
    kernels.cross_entropy_grad(contiguous(al, dtype).reshape(-1), contiguous(y, dtype).reshape(-1), da.reshape(-1))
    return checked, da, dtype


def L_model_backward(AL, Y, caches, *, hidden="relu"):
    """Backward propagation for [LINEAR->RELU]*(L-1) -> LINEAR->SIGMOID.

    Parameters
    ----------
    AL : array_like, shape (1, m)
        Output of ``L_model_forward``.
    Y : array_like, shape (1, m)
    caches : list or tuple
        The caches of ``L_model_forward``.
    hidden : {"relu", "tanh", "sigmoid", "leaky_relu"}, keyword-only
        Activation of the hidden layers, as given to ``L_model_forward``.

    Returns
    -------
    grads : dict
        ``dA{l-1}``, ``dW{l}``, ``db{l}`` for l = L, ..., 1 (``dA0`` included).
    """
    hidden_code = activation_code(hidden, "hidden")
    checked, da, dtype = backward_start(AL, Y, caches)
    L = len(checked)
    grads = {}
    for l in range(L, 0, -1):
        linear_cache, z, _ = checked[l - 1]
        code = SIGMOID if l == L else hidden_code
        da, dw, db = activation_linear_backward(da, linear_cache, contiguous(z, dtype), code)
        grads["dA" + str(l - 1)] = da
        grads["dW" + str(l)] = dw
        grads["db" + str(l)] = db
    return grads


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step, ``p - learning_rate * dp`` for every W and b.

    Returns a new dict of new arrays; ``parameters`` and its arrays are untouched.

    Parameters
    ----------
    parameters : dict
        ``W1, b1, ..., WL, bL``.
    grads : dict
        ``dW{l}`` and ``db{l}`` for every layer (other keys are ignored).
    learning_rate : float
    """
    L = layer_count(parameters)
    rate = learning_rate_value(learning_rate)
    if not isinstance(grads, dict):
        raise TypeError(f"grads must be a dict with dW1, db1, ..., got {type(grads).__name__}")
    updated = {}
    for l in range(1, L + 1):
        for key in (f"W{l}", f"b{l}"):
            if "d" + key not in grads:
                raise ValueError(f"grads is missing 'd{key}' (layer {l}); keys given: {sorted(grads)}")
            p, g = parameters[key], grads["d" + key]
            if not (is_float_c_array(p) and is_float_c_array(g) and p.dtype is g.dtype):
                p = numeric_array(p, f"parameters[{key!r}]")
                g = numeric_array(g, f"grads['d{key}']")
                dtype = float_dtype(p, g)
                p, g = contiguous(p, dtype), contiguous(g, dtype)
            if g.shape != p.shape:
                raise ValueError(f"grads['d{key}'] has shape {g.shape} but parameters[{key!r}] has shape {p.shape}")
            out = np.empty_like(p)
            # the rate in the arrays' dtype: numpy's float32 arithmetic for a Python float
            launch(kernels.subtract_scaled, p.size, p.ravel(), g.ravel(), p.dtype.type(rate), out.ravel())
            updated[key] = out
    return updated
