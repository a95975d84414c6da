"""``opt_utils``, the older edition of :mod:`opt_utils_v1a`: the same helpers
except ``compute_cost``, the mean cross-entropy ``1/m * sum(log_probs)``
(the older notebooks average it per mini-batch), ``load_2D_dataset``, and
``model``, which prints the older notebook's cost: its last mini-batch's."""
import numpy as np

from fastdnn.course.opt_utils_v1a import (backward_propagation, forward_propagation, initialize_adam,
                                          initialize_parameters, initialize_velocity, load_dataset,
                                          load_params_and_grads, plot_decision_boundary, predict, predict_dec,
                                          random_mini_batches, relu, schedule_lr_decay, sigmoid, update_lr,
                                          update_parameters_with_adam, update_parameters_with_gd,
                                          update_parameters_with_momentum)
from fastdnn.course.reg_utils import load_2D_dataset
from fastdnn.course2_models import optimization_model
from fastdnn.threelayer import compute_cost_total


def compute_cost(a3, Y):
    """Mean cross-entropy ``1/m * sum(-log(a3) Y - log(1 - a3) (1 - Y))``."""
    return 1. / np.shape(a3)[1] * compute_cost_total(a3, Y)


def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9, beta1=0.9,
          beta2=0.999, epsilon=1e-8, num_epochs=10000, print_cost=True, decay=None, decay_rate=1):
    """The older optimisation notebook's ``model`` (10000 epochs; prints the
    epoch's last mini-batch cost): :func:`fastdnn.course2_models.optimization_model`."""
    return optimization_model(X, Y, layers_dims, optimizer, learning_rate, mini_batch_size, beta, beta1, beta2,
                              epsilon, num_epochs, print_cost, decay, decay_rate, edition="old")
