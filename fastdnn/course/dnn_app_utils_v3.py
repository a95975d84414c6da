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
from fastdnn.network import L_model_backward, L_model_forward, initialize_parameters, update_parameters
from fastdnn.network import cost_inputs as _cost_inputs
from fastdnn.network import initialize_parameters_deep_app as initialize_parameters_deep


def compute_cost(AL, Y):
    """The file's cross-entropy, ``(1./m) * (-np.dot(Y, np.log(AL).T) - np.dot(1-Y,
    np.log(1-AL).T))``, squeezed as the course's: a 0-d array, which the
    application grader's datatype check expects (``costs`` entries compared with
    ``np.array(0.70723944)``), with the course's digits (products, not the
    step-by-step notebook's ``np.sum``).

    Parameters
    ----------
    AL : array_like, shape (1, m)
        Predicted probabilities.
    Y : array_like, shape (1, m) (or m labels)

    Returns
    -------
    cost : ndarray, shape ()
    """
    al, y = _cost_inputs(AL, Y)
    if al.shape[0] != 1:
        raise ValueError(f"AL must have shape (1, m), one output unit, got shape {al.shape}")
    m = y.shape[1]
    return np.squeeze((1. / m) * (-np.dot(y, np.log(al).T) - np.dot(1 - y, np.log(1 - al).T)))


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
