"""Gradient checking: the course-2 assignment's functions (``gc_utils`` and the
notebook's 1-D and three-layer checks) and :func:`network_gradient_check`,
the same check for any fastdnn network of ``L_model_forward`` style
(exported as ``fastdnn.gradient_check``).

Every check compares a backward pass with central differences
``(J(theta + eps) - J(theta - eps)) / (2 eps)`` by the course's relative
difference ``||grad - approx|| / (||grad|| + ||approx||)``; about 1e-7 or less
means the backward pass is right. At that level the difference is rounding
error, so its digits depend on the last bit of every cost.
"""
import numpy as np

from ._checks import labels_like, lambd_value, numeric_array, positive_value
from .network import L_model_backward, L_model_forward, compute_cost
from ._params import layer_count
from .threelayer import backward_propagation as backward_propagation_n
from .threelayer import forward_propagation as three_layer_forward

__all__ = ["dictionary_to_vector", "vector_to_dictionary", "gradients_to_vector", "forward_propagation",
           "backward_propagation", "gradient_check", "forward_propagation_n", "backward_propagation_n",
           "gradient_check_n", "network_gradient_check", "relative_difference"]

#: The shapes of the assignment's network (4 inputs, 5 and 3 hidden units, 1 output).
COURSE_SHAPES = {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}

_PASS, _FAIL = ("\033[92mYour backward propagation works perfectly fine! difference = ",
                "\033[93mThere is a mistake in the backward propagation! difference = ")


def _ordered_keys(count, prefix=""):
    return [f"{prefix}{p}{l}" for l in range(1, count + 1) for p in "Wb"]


def dictionary_to_vector(parameters):
    """Stack ``W1, b1, ..., WL, bL`` (each flattened row by row) into one column.

    Returns
    -------
    theta : ndarray, shape (n_parameters, 1)
    keys : list of str
        The key of each entry of theta.
    """
    keys = _ordered_keys(layer_count(parameters))
    columns = [np.reshape(numeric_array(parameters[key], f"parameters[{key!r}]"), (-1, 1)) for key in keys]
    return np.concatenate(columns, axis=0), [key for key, c in zip(keys, columns) for _ in range(c.shape[0])]


def vector_to_dictionary(theta, shapes=None):
    """Inverse of :func:`dictionary_to_vector`.

    Parameters
    ----------
    theta : array_like, n_parameters entries
    shapes : dict, optional
        Key -> shape in the order of theta (e.g. ``{k: p.shape for k, p in
        parameters.items()}``); default the assignment's (5, 4), (5, 1), (3, 5),
        (3, 1), (1, 3), (1, 1).

    Returns
    -------
    parameters : dict
        Views into theta.
    """
    shapes = COURSE_SHAPES if shapes is None else shapes
    theta = numeric_array(theta, "theta")
    sizes = [int(np.prod(shape)) for shape in shapes.values()]
    if theta.size != sum(sizes):
        raise ValueError(f"theta has {theta.size} entries but the shapes {dict(shapes)} need {sum(sizes)}")
    flat, parameters, start = theta.reshape(-1), {}, 0
    for (key, shape), size in zip(shapes.items(), sizes):
        parameters[key] = flat[start:start + size].reshape(shape)
        start += size
    return parameters


def gradients_to_vector(gradients):
    """Stack ``dW1, db1, ..., dWL, dbL`` into one column (other keys ignored).

    Returns
    -------
    ndarray, shape (n_parameters, 1)
    """
    if not isinstance(gradients, dict):
        raise TypeError(f"gradients must be a dict with dW1, db1, ..., got {type(gradients).__name__}")
    count = sum(1 for key in gradients if isinstance(key, str) and key.startswith("dW"))
    keys = _ordered_keys(count, "d")
    missing = [key for key in keys if key not in gradients]
    if missing or not keys:
        raise ValueError(f"gradients must hold dW1, db1, ..., dWL, dbL; missing {missing or keys}")
    return np.concatenate([np.reshape(numeric_array(gradients[k], f"gradients[{k!r}]"), (-1, 1)) for k in keys])


def relative_difference(grad, approx):
    """The course's ``||grad - approx|| / (||grad|| + ||approx||)``."""
    grad, approx = np.asarray(grad, dtype=float), np.asarray(approx, dtype=float)
    return np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))


def _report(difference, print_msg):
    if print_msg:
        print((_FAIL if difference > 2e-7 else _PASS) + str(difference) + "\033[0m")
    return difference


def _one_d_inputs(x, theta):
    """``x`` and ``theta`` of the 1-D network, checked numeric: numbers stay numbers
    (the course's return types), lists and tuples become arrays."""
    out = []
    for value, name in ((x, "x"), (theta, "theta")):
        array = numeric_array(value, name)
        out.append(array if isinstance(value, (list, tuple)) else value)
    return out


def forward_propagation(x, theta):
    """The assignment's 1-D "network" ``J(theta) = theta * x`` (numbers or numeric arrays)."""
    x, theta = _one_d_inputs(x, theta)
    return theta * x


def backward_propagation(x, theta):
    """dJ/dtheta of :func:`forward_propagation`: ``x``."""
    x, _ = _one_d_inputs(x, theta)
    return x


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    """Check :func:`backward_propagation` against central differences of
    :func:`forward_propagation` at ``theta``.

    Returns
    -------
    difference : float
        Prints the course's verdict (threshold 2e-7) when ``print_msg``.
    """
    epsilon = positive_value(epsilon, "epsilon")
    x, theta = _one_d_inputs(x, theta)  # before theta + epsilon
    approx = (forward_propagation(x, theta + epsilon) - forward_propagation(x, theta - epsilon)) / (2 * epsilon)
    return _report(relative_difference(backward_propagation(x, theta), approx), print_msg)


def forward_propagation_n(X, Y, parameters):
    """The three-layer network's forward pass and its mean cross-entropy
    ``1/m * sum(log_probs)`` (a sum, not the NaN-ignoring one of reg_utils).

    Returns
    -------
    cost : float
    cache : tuple
        As ``threelayer.forward_propagation``.
    """
    a3, cache = three_layer_forward(X, parameters)
    y = labels_like(Y, a3, al_name="A3")
    log_probs = np.multiply(-np.log(a3), y) + np.multiply(-np.log(1 - a3), 1 - y)
    return 1. / a3.shape[1] * np.sum(log_probs), cache


def _central_differences(cost, theta, epsilon):
    """(cost(theta + eps e_i) - cost(theta - eps e_i)) / (2 eps) for every i."""
    approx = np.zeros(theta.shape)
    for i in range(theta.shape[0]):
        theta_plus, theta_minus = np.copy(theta), np.copy(theta)
        theta_plus[i] += epsilon
        theta_minus[i] -= epsilon
        approx[i] = (cost(theta_plus) - cost(theta_minus)) / (2 * epsilon)
    return approx


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    """Check the three-layer ``gradients`` (from ``backward_propagation_n``)
    against central differences of :func:`forward_propagation_n`.

    Parameters
    ----------
    parameters : dict
        ``W1, b1, W2, b2, W3, b3`` of any sizes.
    gradients : dict
        ``dW1, db1, ..., dW3, db3``.
    X, Y : array_like, shapes (n_x, m), (1, m)
    epsilon : float
    print_msg : bool
        Print the course's verdict.

    Returns
    -------
    difference : float
    """
    epsilon = positive_value(epsilon, "epsilon")
    theta, _ = dictionary_to_vector(parameters)
    shapes = {key: np.shape(parameters[key]) for key in _ordered_keys(layer_count(parameters))}
    grad = gradients_to_vector(gradients)
    if grad.shape != theta.shape:
        raise ValueError(f"gradients hold {grad.shape[0]} entries but parameters {theta.shape[0]}")
    approx = _central_differences(
        lambda t: forward_propagation_n(X, Y, vector_to_dictionary(t, shapes))[0], theta.astype(float), epsilon)
    return _report(relative_difference(grad, approx), print_msg)


def network_gradient_check(parameters, X, Y, grads=None, epsilon=1e-7, lambd=0.0):
    """Check the gradients of an L-layer [LINEAR->RELU]*(L-1) -> LINEAR->SIGMOID
    network (:func:`fastdnn.L_model_forward`) against central differences of
    its cost, in float64.

    Parameters
    ----------
    parameters : dict
        ``W1, b1, ..., WL, bL``.
    X : array_like, shape (n_x, m)
    Y : array_like, shape (1, m)
    grads : dict, optional
        The gradients to check (``dW{l}``, ``db{l}``); default those of
        :func:`fastdnn.L_model_backward`, plus ``lambd / m * W`` for each dW.
    epsilon : float
        > 0, the shift of each parameter.
    lambd : float
        >= 0: the cost checked is ``compute_cost + lambd / (2 m) * sum ||W||^2``.

    Returns
    -------
    difference : float
        Below about 1e-7 for a correct backward pass with ReLU units away from 0.
    """
    epsilon, lambd = positive_value(epsilon, "epsilon"), lambd_value(lambd)
    keys = _ordered_keys(layer_count(parameters))
    float_parameters = {key: numeric_array(parameters[key], f"parameters[{key!r}]").astype(float) for key in keys}
    shapes = {key: float_parameters[key].shape for key in keys}
    m = np.shape(X)[1] if np.ndim(X) == 2 else 1

    def cost(theta):
        weights = vector_to_dictionary(theta, shapes)
        al, _ = L_model_forward(X, weights)
        penalty = sum(np.sum(np.square(weights[key])) for key in keys if key[0] == "W")
        return compute_cost(al, Y) + lambd / (2 * m) * penalty

    if grads is None:
        al, caches = L_model_forward(X, float_parameters)
        grads = L_model_backward(al, Y, caches)
        grads = {key: value + (lambd / m * float_parameters[key[1:]] if key.startswith("dW") else 0)
                 for key, value in grads.items() if key[:2] in ("dW", "db")}
    theta, _ = dictionary_to_vector(float_parameters)
    return relative_difference(gradients_to_vector(grads), _central_differences(cost, theta, epsilon))
