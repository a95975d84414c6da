"""``init_utils`` of course 2's initialisation assignment, on fastdnn.

The three-layer network's helpers (:mod:`fastdnn.threelayer`; its backward
pass scales the output error first, ``dz3 = 1/m * (a3 - Y)``, and keys
``dz3, da2, ...`` as this file does), the circles data (no scikit-learn
needed: :func:`fastdnn.datasets.load_circles`) and, for convenience, the
assignment's three initialisations and the notebook's ``model`` on the
compiled engine (:func:`fastdnn.course2_models.initialization_model`). Unlike the course's file it does not
switch numpy's warnings off globally; ``compute_loss`` is silent on log(0) by itself.
"""
import numpy as np

from fastdnn.course._course2_plots import plot_decision_boundary, scatter
from fastdnn.initializers import (initialize_parameters_he, initialize_parameters_random,
                                  initialize_parameters_zeros)
from fastdnn.course2_models import initialization_model as model
from fastdnn.threelayer import backward_propagation_scaled as backward_propagation
from fastdnn.threelayer import (compute_loss, forward_propagation, predict, predict_dec, relu, sigmoid,
                                update_parameters)


def load_dataset():
    """The circles: ``train_X`` (2, 300), ``train_Y`` (1, 300), ``test_X``
    (2, 100), ``test_Y`` (1, 100), seeds 1 and 2 as the course's; scatters the
    training points when matplotlib is installed."""
    from fastdnn.datasets import load_circles
    train_X, train_Y, test_X, test_Y = load_circles()
    scatter(train_X, train_Y)
    return train_X, train_Y, test_X, test_Y
