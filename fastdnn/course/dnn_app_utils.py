"""``dnn_app_utils`` of the 2017 application notebook: the helpers of
``dnn_app_utils_v2`` (seed-1 ``randn / sqrt(n_prev)`` initialisation, gradients
keyed ``dA{l}`` for layer l's input), which that file was renamed to in 2018.
"""
import numpy as np

from fastdnn.course.dnn_app_utils_v2 import (L_model_backward, L_model_forward, compute_cost,
                                             initialize_parameters, initialize_parameters_deep,
                                             linear_activation_backward, linear_activation_forward,
                                             linear_backward, linear_forward, load_data, predict,
                                             print_mislabeled_images, relu, relu_backward, sigmoid,
                                             sigmoid_backward, update_parameters)
