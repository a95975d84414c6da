"""``dnn_app_utils_v3`` of the course's application notebook ("Deep Neural
Network for Image Classification: Application"), on fastdnn.

Unlike the step-by-step assignment, this file's ``initialize_parameters_deep``
is the application's: seed 1 and ``randn / sqrt(n_prev)``. ``load_data``,
``predict`` and ``print_mislabeled_images`` come from :mod:`fastdnn.models`,
imported when first called.
"""
import numpy as np

from fastdnn.activations import relu, relu_backward, sigmoid, sigmoid_backward
from fastdnn.layers import (linear_activation_backward, linear_activation_forward,
                            linear_backward, linear_forward)
from fastdnn.network import (L_model_backward, L_model_forward, compute_cost,
                             initialize_parameters, update_parameters)
from fastdnn.network import initialize_parameters_deep_app as initialize_parameters_deep


def load_data():
    """The cat/non-cat data from ``datasets/train_catvnoncat.h5`` and
    ``datasets/test_catvnoncat.h5`` under the working directory.

    Returns
    -------
    train_x_orig, train_y, test_x_orig, test_y, classes
        As the course's: labels of shape (1, m).

    Raises
    ------
    FileNotFoundError
        Naming the missing path.
    """
    from fastdnn.models import load_data
    return load_data()


def predict(X, y, parameters):
    """0/1 predictions of the L-layer network for ``X``; prints ``Accuracy: ...``
    against ``y`` as the course's.

    Returns
    -------
    p : ndarray, shape (1, m)
    """
    from fastdnn.models import predict
    return predict(X, y, parameters)


def print_mislabeled_images(classes, X, y, p):
    """Plot the images whose prediction ``p`` differs from the label ``y``
    (needs matplotlib). Returns None as the course's does, so a notebook cell
    ending in this call shows no ``Out[]``."""
    from fastdnn.models import print_mislabeled_images
    print_mislabeled_images(classes, X, y, p)
