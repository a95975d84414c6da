"""``dnn_app_utils`` of the 2017 application notebook: the helpers of
``dnn_app_utils_v2`` (seed-1 ``randn / sqrt(n_prev)`` initialisation, gradients
keyed ``dA{l}`` for layer l's input), its 2018 successor, except for db and
predict.

The 2017 file computes every layer's ``db = 1./m * np.sum(dZ)``: the sum over
all of dZ, one float shared by the layer's biases (from 2018 on, one entry per
unit). Its ``update_parameters`` subtracts that float from every bias. The
2017 notebook's stored costs (two-layer cost 0.6464283150388817 after 100
iterations, where the 2018 files give 0.6464320953428849) need it. Its
``predict`` returns integer predictions and prints ``np.sum(p == y) / float(m)``
(``Accuracy: 1.0`` where the later files' sum of 1/m terms prints 0.9999999999999998).
"""
import numpy as np

from fastdnn import layers, network
from fastdnn.activations import activation_backward
from fastdnn.course.dnn_app_utils_v2 import (L_model_forward, compute_cost, initialize_parameters,
                                             initialize_parameters_deep, linear_activation_forward,
                                             linear_forward, load_data, print_mislabeled_images,
                                             relu, relu_backward, sigmoid, sigmoid_backward)


def linear_backward(dZ, cache):
    """Linear part of a layer's backward propagation, db as the 2017 file's.

    Parameters
    ----------
    dZ : array_like, shape (n, m)
    cache : tuple
        ``(A_prev, W, b)`` from ``linear_forward``.

    Returns
    -------
    dA_prev : ndarray, shape (n_prev, m)
    dW : ndarray, shape (n, n_prev)
    db : numpy float scalar
        ``1/m`` times the sum of all of dZ.
    """
    dA_prev, dW, _ = layers.linear_backward(dZ, cache)
    return dA_prev, dW, 1. / dA_prev.shape[1] * np.sum(np.asarray(dZ, dW.dtype))


def linear_activation_backward(dA, cache, activation):
    """LINEAR -> ACTIVATION backward step, db as the 2017 file's.

    Parameters
    ----------
    dA : array_like, shape (n, m)
    cache : tuple
        ``((A_prev, W, b), Z)`` from ``linear_activation_forward``.
    activation : {"relu", "sigmoid", "tanh", "leaky_relu"}

    Returns
    -------
    dA_prev, dW, db
        As ``linear_backward``.
    """
    linear_cache, z, _ = layers.check_cache(cache)
    return linear_backward(activation_backward(dA, z, activation), linear_cache)


def L_model_backward(AL, Y, caches):
    """Backward propagation for [LINEAR->RELU]*(L-1) -> LINEAR->SIGMOID, keyed
    and with db as the 2017 file's.

    Returns
    -------
    grads : dict
        ``dA{l}`` (the gradient of layer l's input A{l-1}), ``dW{l}``, ``db{l}``
        (a float) for l = L, ..., 1.
    """
    checked, dA, _ = network.backward_start(AL, Y, caches)
    L = len(checked)
    grads = {}
    for l in range(L, 0, -1):
        linear_cache, z, _ = checked[l - 1]
        dZ = activation_backward(dA, z, "sigmoid" if l == L else "relu")
        grads[f"dA{l}"], grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(dZ, linear_cache)
        dA = grads[f"dA{l}"]
    return grads


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step, as ``network.update_parameters``; a ``db{l}``
    given as one float (the 2017 backward's) is subtracted from every bias of
    layer l."""
    if isinstance(grads, dict) and isinstance(parameters, dict):
        grads = {key: np.full(np.shape(parameters[key[1:]]), value)
                 if key[1:] in parameters and key.startswith("db") and np.ndim(value) == 0 else value
                 for key, value in grads.items()}
    return network.update_parameters(parameters, grads, learning_rate)


def predict(X, y, parameters):
    """0/1 predictions of the L-layer network for ``X``; prints ``Accuracy: ...``
    against ``y`` as the 2017 file does.

    Returns
    -------
    p : ndarray of int, shape (1, m)
    """
    from fastdnn.models import predictions  # as dnn_app_utils_v3: models loads when first used
    p, labels = predictions(X, y, parameters)
    p = p.astype(int)
    print("Accuracy: %s" % str(np.sum(p == labels) / float(p.shape[1])))
    return p
