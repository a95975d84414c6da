"""``opt_utils``, the older edition of :mod:`opt_utils_v1a`: the same helpers
except ``compute_cost``, the mean cross-entropy ``1/m * sum(log_probs)``
(the older notebooks average it per mini-batch), and ``load_2D_dataset``."""
import numpy as np

from fastdnn.course.opt_utils_v1a import (backward_propagation, forward_propagation, initialize_adam,
                                          initialize_parameters, initialize_velocity, load_dataset,
                                          load_params_and_grads, plot_decision_boundary, predict, predict_dec,
                                          random_mini_batches, relu, schedule_lr_decay, sigmoid, update_lr,
                                          update_parameters_with_adam, update_parameters_with_gd,
                                          update_parameters_with_momentum)
from fastdnn.course.reg_utils import load_2D_dataset
from fastdnn.threelayer import compute_cost_total


def compute_cost(a3, Y):
    """Mean cross-entropy ``1/m * sum(-log(a3) Y - log(1 - a3) (1 - Y))``."""
    return 1. / np.shape(a3)[1] * compute_cost_total(a3, Y)
