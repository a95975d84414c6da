"""``testCases_v2`` of the course's week-4 step-by-step assignment: the cases of
``testCases_v3`` without ``L_model_forward_test_case_2hidden`` and ``print_grads``.

Week 3 shipped another ``testCases_v2``; see :mod:`fastdnn.dropin` for choosing it.
"""
import numpy as np

from fastdnn.course.testCases_v3 import (L_model_backward_test_case, L_model_forward_test_case,
                                         compute_cost_test_case, linear_activation_backward_test_case,
                                         linear_activation_forward_test_case, linear_backward_test_case,
                                         linear_forward_test_case, update_parameters_test_case)
