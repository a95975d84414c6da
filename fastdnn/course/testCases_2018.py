"""``testCases`` for the 2018-2020 notebooks (``dropin.install(edition=2018)``):
the week-4 cases of ``testCases_v2`` and course 2's cases of those years
(:mod:`testCases_c2_2017`)."""
import numpy as np

from fastdnn.course.testCases_v2 import (L_model_backward_test_case, L_model_forward_test_case,
                                         compute_cost_test_case, linear_activation_backward_test_case,
                                         linear_activation_forward_test_case, linear_backward_test_case,
                                         linear_forward_test_case, update_parameters_test_case)
from fastdnn.course.testCases_c2_2017 import *  # noqa: F401,F403 (course 2's 2017-2022 cases)
