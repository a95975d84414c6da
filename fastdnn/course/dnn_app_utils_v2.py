"""``dnn_app_utils_v2``: the older application helpers. They match
``dnn_app_utils_v3`` (same seed-1 ``randn / sqrt(n_prev)`` initialisation)
except ``L_model_backward``, which keys the gradient of layer l's input
``dA{l}`` (``dA1`` ... ``dAL``) where v3 keys it ``dA{l-1}`` (``dA0`` ... ``dA{L-1}``).
"""
import numpy as np

from fastdnn.course.dnn_app_utils_v3 import (L_model_forward, compute_cost, initialize_parameters,
                                             initialize_parameters_deep, linear_activation_backward,
                                             linear_activation_forward, linear_backward, linear_forward,
                                             load_data, predict, print_mislabeled_images, relu,
                                             relu_backward, sigmoid, sigmoid_backward,
                                             update_parameters)
from fastdnn.network import L_model_backward as _current_L_model_backward


def L_model_backward(AL, Y, caches):
    """Backward propagation for [LINEAR->RELU]*(L-1) -> LINEAR->SIGMOID, keyed
    as ``dnn_app_utils_v2``.

    Returns
    -------
    grads : dict
        ``dA{l}`` (the gradient of layer l's input A{l-1}), ``dW{l}``, ``db{l}``
        for l = L, ..., 1.
    """
    grads = _current_L_model_backward(AL, Y, caches)
    return {("dA" + str(int(key[2:]) + 1) if key.startswith("dA") else key): value
            for key, value in grads.items()}
