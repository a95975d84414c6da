"""``opt_utils_v1a`` of course 2's optimisation assignment (current edition),
on fastdnn: the three-layer network's helpers (:mod:`fastdnn.threelayer`;
backward keys ``dz3, da2, ...``), He initialisation (seed 3), the moons
(no scikit-learn needed), and ``compute_cost`` returning the summed, not the
mean, cross-entropy: the course adds the mini-batch costs of an epoch and
divides by m once. Also, for convenience, the assignment's optimisers
(:mod:`fastdnn.optimizers`) and the notebook's ``model`` on the compiled
engine (:func:`fastdnn.course2_models.optimization_model`).
"""
import numpy as np

from fastdnn.course._course2_plots import plot_decision_boundary, scatter
from fastdnn.initializers import initialize_parameters_he as initialize_parameters
from fastdnn.optimizers import (initialize_adam, initialize_velocity, random_mini_batches, schedule_lr_decay,
                                update_lr, update_parameters_with_adam, update_parameters_with_gd,
                                update_parameters_with_momentum)
from fastdnn.threelayer import backward_propagation_scaled as backward_propagation
from fastdnn.threelayer import compute_cost_total as compute_cost
from fastdnn.threelayer import forward_propagation, predict, predict_dec, relu, sigmoid
from fastdnn.course2_models import optimization_model as model


def load_params_and_grads(seed=1):
    """``np.random.seed(seed)`` then W1 (2, 3), b1 (2, 1), W2 (3, 3), b2 (3, 1)
    and their gradients of the same shapes, drawn in that order.

    Returns
    -------
    W1, b1, W2, b2, dW1, db1, dW2, db2 : ndarray
    """
    np.random.seed(seed)
    shapes = [(2, 3), (2, 1), (3, 3), (3, 1)] * 2
    return tuple(np.random.randn(*shape) for shape in shapes)


def load_dataset():
    """The moons: ``train_X`` (2, 300), ``train_Y`` (1, 300), seed 3 as the
    course's; scatters them when matplotlib is installed."""
    from fastdnn.datasets import load_moons
    train_X, train_Y = load_moons()
    scatter(train_X, train_Y)
    return train_X, train_Y
