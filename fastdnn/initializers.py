"""The initialisations of course 2 ("Improving Deep Neural Networks"), with the
course's seeds and scales: zeros, large random (``randn * 10``), He
(``randn * sqrt(2 / n_prev)``) and the regularisation helper's
``randn / sqrt(n_prev)``.

Each seeded one draws as ``np.random.seed(3)`` followed by ``np.random.randn``
layer by layer, as the course does (:func:`fastdnn.network.seeded_layers`),
so the same numbers come out and the global generator is left where the
course leaves it.
"""
import numpy as np

from ._checks import layer_sizes
from ._params import by_fan_in, by_he, seeded_layers

__all__ = ["initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he",
           "initialize_parameters_scaled"]


def initialize_parameters_zeros(layers_dims):
    """All weights and biases zero (the course's example of a symmetric start).

    Parameters
    ----------
    layers_dims : sequence of int
        ``[n_x, n_1, ..., n_L]``.

    Returns
    -------
    parameters : dict
        ``W{l}`` of shape (n_l, n_{l-1}) and ``b{l}`` of shape (n_l, 1), float64.
    """
    dims = layer_sizes(layers_dims, "layers_dims")
    parameters = {}
    for l in range(1, len(dims)):
        parameters["W" + str(l)] = np.zeros((dims[l], dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((dims[l], 1))
    return parameters


def initialize_parameters_random(layers_dims):
    """Large random weights: seed 3, ``randn * 10``; zero biases.

    Parameters and returns as :func:`initialize_parameters_zeros`.
    """
    return seeded_layers(layers_dims, 3, lambda w, n_prev: w * 10)


def initialize_parameters_he(layers_dims):
    """He initialisation: seed 3, ``randn * sqrt(2 / n_prev)``; zero biases
    (also ``opt_utils.initialize_parameters``).

    Parameters and returns as :func:`initialize_parameters_zeros`.
    """
    return seeded_layers(layers_dims, 3, by_he)


def initialize_parameters_scaled(layers_dims):
    """``reg_utils.initialize_parameters``: seed 3, ``randn / sqrt(n_prev)``; zero biases.

    Parameters and returns as :func:`initialize_parameters_zeros`.
    """
    return seeded_layers(layers_dims, 3, by_fan_in)
