"""fastdnn: the "Building your Deep Neural Network: Step by Step" API on Numba
kernels, with the course's names, signatures and numbers."""
from .activations import relu, relu_backward, sigmoid, sigmoid_backward
from .layers import (linear_activation_backward, linear_activation_forward,
                     linear_backward, linear_forward)
from .network import (L_model_backward, L_model_forward, compute_cost,
                      initialize_parameters, initialize_parameters_deep,
                      initialize_parameters_deep_app, update_parameters)

__version__ = "0.1.0"

__all__ = [
    "sigmoid", "sigmoid_backward", "relu", "relu_backward",
    "initialize_parameters", "initialize_parameters_deep", "initialize_parameters_deep_app",
    "linear_forward", "linear_activation_forward", "L_model_forward", "compute_cost",
    "linear_backward", "linear_activation_backward", "L_model_backward", "update_parameters",
]

# Training (issue 3): the compiled engine behind the course's models.
from .datasets import make_spiral
from .engine import TrainingDiverged
from .models import L_layer_model, load_data, predict, print_mislabeled_images, two_layer_model

__all__ += [
    "two_layer_model", "L_layer_model", "predict", "load_data", "print_mislabeled_images",
    "TrainingDiverged", "make_spiral",
]
