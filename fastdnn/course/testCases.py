"""``testCases``, the unversioned name of the current course's (2021 and later)
week-4 step-by-step test cases: the cases of ``testCases_v4a``, with
``L_model_forward_test_case_2hidden`` and ``print_grads``; and the cases of
course 2's current notebooks (:mod:`testCases_c2`, whose names differ from
these), which import them under this name too.

``dropin.install(edition=2021)`` maps the name to the same course-1 cases
with the 2017-2022 optimisation cases (:mod:`fastdnn.course.testCases_2021`),
``install(edition=2017)`` to the 2017 cases
(:mod:`fastdnn.course.testCases_week4_2017`), ``install(week=3)`` to the 2017
week-3 cases; see :mod:`fastdnn.dropin`.
"""
import numpy as np

from fastdnn.course.testCases_v4a import (L_model_backward_test_case, L_model_forward_test_case,
                                          L_model_forward_test_case_2hidden, compute_cost_test_case,
                                          linear_activation_backward_test_case,
                                          linear_activation_forward_test_case, linear_backward_test_case,
                                          linear_forward_test_case, print_grads, update_parameters_test_case)
from fastdnn.course.testCases_c2 import *  # noqa: F401,F403 (course 2's cases)
