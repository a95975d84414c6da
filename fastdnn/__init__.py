"""fastdnn: the "Building your Deep Neural Network: Step by Step" API and the
course's models on Numba kernels, with the course's names, signatures and numbers.

The week-2 logistic regression, the week-3 tanh network and the softmax
functions, whose names clash with these, live in :mod:`fastdnn.logistic`,
:mod:`fastdnn.shallow` and :mod:`fastdnn.softmax`; :mod:`fastdnn.dropin` runs the
course's notebooks unchanged.
"""
from ._version import __version__  # noqa: F401 (fastdnn.__version__)
from .activations import relu, relu_backward, sigmoid, sigmoid_backward
from .datasets import make_spiral
from ._core.engine import TrainingDiverged
from .layers import (linear_activation_backward, linear_activation_forward,
                     linear_backward, linear_forward)
from .models import L_layer_model, load_data, predict, print_mislabeled_images, two_layer_model
from ._product.modelfile import ModelFileError, load_model, save_model
from .network import (L_model_backward, L_model_forward, compute_cost,
                      initialize_parameters, initialize_parameters_deep,
                      initialize_parameters_deep_app, update_parameters)
from .datasets import make_circles, make_moons
from .gradcheck import network_gradient_check as gradient_check
from .initializers import (initialize_parameters_he, initialize_parameters_random,
                           initialize_parameters_zeros)
from .optimizers import (initialize_adam, initialize_velocity, random_mini_batches, schedule_lr_decay,
                         update_lr, update_parameters_with_adam, update_parameters_with_gd,
                         update_parameters_with_momentum)
from ._product.training import fit
from .regularization import (backward_propagation_with_dropout, backward_propagation_with_regularization,
                             compute_cost_with_regularization, forward_propagation_with_dropout)

__all__ = [
    "sigmoid", "sigmoid_backward", "relu", "relu_backward",
    "initialize_parameters", "initialize_parameters_deep", "initialize_parameters_deep_app",
    "linear_forward", "linear_activation_forward", "L_model_forward", "compute_cost",
    "linear_backward", "linear_activation_backward", "L_model_backward", "update_parameters",
    "two_layer_model", "L_layer_model", "predict", "load_data", "print_mislabeled_images",
    "TrainingDiverged", "make_spiral", "save_model", "load_model", "ModelFileError",
    "make_circles", "make_moons", "gradient_check",
    "initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he",
    "update_parameters_with_gd", "random_mini_batches", "initialize_velocity",
    "update_parameters_with_momentum", "initialize_adam", "update_parameters_with_adam",
    "update_lr", "schedule_lr_decay",
    "compute_cost_with_regularization", "backward_propagation_with_regularization",
    "forward_propagation_with_dropout", "backward_propagation_with_dropout",
    "fit",
]


def __getattr__(name):
    """``fastdnn.DNNClassifier``, imported on first use: scikit-learn is an optional
    extra, and ``import fastdnn`` neither needs it nor pays for importing it."""
    if name == "DNNClassifier":
        try:
            from ._product.estimator import DNNClassifier
        except ModuleNotFoundError as error:
            if error.name is None or error.name.split(".")[0] != "sklearn":
                raise
            raise ImportError('fastdnn.DNNClassifier needs scikit-learn: pip install "fastdnn[sklearn]"') from None
        return DNNClassifier
    raise AttributeError(f"module 'fastdnn' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), "DNNClassifier"])
