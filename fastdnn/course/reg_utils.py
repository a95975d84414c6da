"""``reg_utils`` of course 2's regularisation assignment, on fastdnn.

The three-layer network's helpers (:mod:`fastdnn.threelayer`, keys ``dZ3,
dA2, ...``), the ``randn / sqrt(n_prev)`` initialisation (seed 3),
``load_2D_dataset`` (``datasets/data.mat``, scipy) and, for convenience, the
assignment's L2 and dropout functions (:mod:`fastdnn.regularization`) and
the notebook's ``model`` on the compiled engine
(:func:`fastdnn.course2_models.regularization_model`).
"""
import numpy as np

from fastdnn.course._course2_plots import plot_decision_boundary, scatter
from fastdnn.initializers import initialize_parameters_scaled as initialize_parameters
from fastdnn.regularization import (backward_propagation_with_dropout, backward_propagation_with_regularization,
                                    compute_cost_with_regularization, forward_propagation_with_dropout)
from fastdnn.course2_models import regularization_model as model
from fastdnn.threelayer import (backward_propagation, compute_cost, forward_propagation, predict, predict_dec,
                                relu, sigmoid, update_parameters)


def load_2D_dataset():
    """The football data from ``datasets/data.mat`` under the working directory:
    ``train_X`` (2, 211), ``train_Y`` (1, 211), ``test_X`` (2, 200), ``test_Y``
    (1, 200); scatters the training points when matplotlib is installed.

    Raises
    ------
    FileNotFoundError
        Naming the path when the course's file is not there.
    """
    from fastdnn.datasets import load_2D_dataset
    train_X, train_Y, test_X, test_Y = load_2D_dataset()
    scatter(train_X, train_Y)
    return train_X, train_Y, test_X, test_Y
