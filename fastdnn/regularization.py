"""L2 regularisation and (inverted) dropout for the course-2 three-layer
network (the regularisation assignment), in the course's order of operations.

Dropout reseeds numpy's global generator with ``np.random.seed(1)`` on every
forward call and draws one ``np.random.rand(n_l, m)`` per hidden layer, layer
1 first, as the course's solution does: the same units are dropped at every
iteration, and the printed costs are the course's.
"""
import numpy as np

from ._checks import keep_prob_value, lambd_value, numeric_array
from ._core.activation_table import RELU, SIGMOID
from .layers import forward
from ._params import layer_count
from .threelayer import (dropped, check_three_layers, compute_cost, three_layer_backward,
                         unpack_cache)

__all__ = ["compute_cost_with_regularization", "backward_propagation_with_regularization",
           "forward_propagation_with_dropout", "backward_propagation_with_dropout"]


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """Cross-entropy plus the L2 term ``lambd / (2 m) * sum_l sum(W_l ** 2)``.

    Parameters
    ----------
    A3 : array_like, shape (1, m)
    Y : array_like, shape (1, m)
    parameters : dict
        ``W1, b1, ..., WL, bL`` (every layer's weights count, not only three).
    lambd : float
        >= 0.

    Returns
    -------
    float
    """
    lambd = lambd_value(lambd)
    cross_entropy_cost = compute_cost(A3, Y)
    m = np.shape(A3)[1]
    L = layer_count(parameters)
    squares = sum(np.sum(np.square(numeric_array(parameters[f"W{l}"], f"parameters['W{l}']")))
                  for l in range(1, L + 1))
    return cross_entropy_cost + lambd / (2 * m) * squares


def backward_propagation_with_regularization(X, Y, cache, lambd):
    """Gradients of the L2-regularised cost: each ``dW`` gains ``lambd / m * W``.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    Y : array_like, shape (1, m)
    cache : tuple
        From ``forward_propagation``: ``(Z1, A1, W1, b1, ..., Z3, A3, W3, b3)``.
    lambd : float
        >= 0.

    Returns
    -------
    gradients : dict
        ``dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1``.
    """
    lambd = lambd_value(lambd)
    x, y, layers, _ = unpack_cache(X, Y, cache)
    return three_layer_backward(x, y, layers, lambd=lambd)


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    """LINEAR -> RELU + DROPOUT -> LINEAR -> RELU + DROPOUT -> LINEAR -> SIGMOID.

    Calls ``np.random.seed(1)`` first, as the course does (on every call).

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    parameters : dict
        ``W1, b1, W2, b2, W3, b3``.
    keep_prob : float
        In (0, 1]: each hidden unit is kept with this probability and the kept
        ones are divided by it.

    Returns
    -------
    A3 : ndarray, shape (1, m)
    cache : tuple
        ``(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)``; ``D1``,
        ``D2`` are boolean masks and ``A1``, ``A2`` the activations after dropout.
    """
    keep_prob = keep_prob_value(keep_prob)
    x, layers = check_three_layers(X, parameters)
    np.random.seed(1)
    cache = []
    a = x
    for l, (w, b) in enumerate(layers, start=1):
        a, z = forward(a, w, b, SIGMOID if l == 3 else RELU)
        if l < 3:
            mask = np.random.rand(a.shape[0], a.shape[1]) < keep_prob
            a = dropped(a, mask, keep_prob)
            cache += [z, mask]
        else:
            cache.append(z)
        cache += [a, parameters[f"W{l}"], parameters[f"b{l}"]]
    return a, tuple(cache)


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """Gradients through the dropout masks of the forward pass: ``dA_l`` is
    masked with ``D_l`` and divided by ``keep_prob`` before the ReLU step.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    Y : array_like, shape (1, m)
    cache : tuple
        From :func:`forward_propagation_with_dropout` (14 entries).
    keep_prob : float
        In (0, 1], the one used in the forward pass.

    Returns
    -------
    gradients : dict
        ``dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1``.
    """
    keep_prob = keep_prob_value(keep_prob)
    x, y, layers, masks = unpack_cache(X, Y, cache, with_masks=True)
    return three_layer_backward(x, y, layers, masks=masks, keep_prob=keep_prob)
