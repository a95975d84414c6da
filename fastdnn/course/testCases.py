"""``testCases``, the unversioned name of the current course's (2021 and later)
week-4 step-by-step test cases: the cases of ``testCases_v4a``, with
``L_model_forward_test_case_2hidden`` and ``print_grads``.

``dropin.install(edition=2017)`` maps the name to the 2017 cases
(:mod:`fastdnn.course.testCases_week4_2017`), ``install(week=3)`` to the 2017
week-3 cases; see :mod:`fastdnn.dropin`.
"""
import numpy as np

from fastdnn.course.testCases_v4a import (L_model_backward_test_case, L_model_forward_test_case,
                                          L_model_forward_test_case_2hidden, compute_cost_test_case,
                                          linear_activation_backward_test_case,
                                          linear_activation_forward_test_case, linear_backward_test_case,
                                          linear_forward_test_case, print_grads, update_parameters_test_case)
