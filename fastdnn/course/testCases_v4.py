"""``testCases_v4`` of the course's step-by-step assignment (week 4).

The cases are those of ``testCases_v3`` (``compute_cost_test_case`` with
``Y = [[1, 1, 1]]``, the one-unit ``linear_backward_test_case``); ``print_grads``
prints ``grads["dA1"]``, matching the current ``L_model_backward`` that keys the
gradient of layer l's input ``dA{l-1}``.
"""
import numpy as np

from fastdnn.course.testCases_v3 import (L_model_backward_test_case, L_model_forward_test_case,
                                         L_model_forward_test_case_2hidden, compute_cost_test_case,
                                         linear_activation_backward_test_case,
                                         linear_activation_forward_test_case, linear_backward_test_case,
                                         linear_forward_test_case, update_parameters_test_case)


def print_grads(grads):
    """Print ``dW1``, ``db1`` and ``dA1`` of a gradients dict."""
    print("dW1 = " + str(grads["dW1"]))
    print("db1 = " + str(grads["db1"]))
    print("dA1 = " + str(grads["dA1"]))
