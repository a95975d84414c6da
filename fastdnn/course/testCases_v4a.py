"""``testCases_v4a`` of the course's current step-by-step assignment (week 4).

As ``testCases_v4`` except two cases: ``compute_cost_test_case`` has
``Y = [[1, 1, 0]]`` and ``linear_backward_test_case`` draws ``dZ`` (3, 4),
``A`` (5, 4), ``W`` (3, 5), ``b`` (3, 1) after seed 1.
"""
import numpy as np

from fastdnn.course.testCases_v4 import (L_model_backward_test_case, L_model_forward_test_case,
                                         L_model_forward_test_case_2hidden,
                                         linear_activation_backward_test_case,
                                         linear_activation_forward_test_case, linear_forward_test_case,
                                         print_grads, update_parameters_test_case)


def compute_cost_test_case():
    """``Y = [[1, 1, 0]]`` and ``aL = [[.8, .9, .4]]``, returned as ``(Y, aL)``."""
    Y = np.asarray([[1, 1, 0]])
    aL = np.array([[.8, .9, 0.4]])
    return Y, aL


def linear_backward_test_case():
    """Seed 1: ``dZ`` (3, 4) and the linear cache ``(A (5, 4), W (3, 5), b (3, 1))``."""
    np.random.seed(1)
    dZ = np.random.randn(3, 4)
    A = np.random.randn(5, 4)
    W = np.random.randn(3, 5)
    b = np.random.randn(3, 1)
    return dZ, (A, W, b)
