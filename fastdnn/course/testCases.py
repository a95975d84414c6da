"""``testCases``, the unversioned name of the week-4 step-by-step test cases:
the same cases as ``testCases_v2``. (``dropin.install(week=3)`` maps the name to
week 3's cases instead.)"""
import numpy as np

from fastdnn.course.testCases_v2 import (L_model_backward_test_case, L_model_forward_test_case,
                                         compute_cost_test_case, linear_activation_backward_test_case,
                                         linear_activation_forward_test_case, linear_backward_test_case,
                                         linear_forward_test_case, update_parameters_test_case)
