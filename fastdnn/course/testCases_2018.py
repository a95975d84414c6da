"""``testCases`` as fastdnn served it for the 2018-2020 week-4 notebooks
(``dropin.install(edition=2018)``): the cases of ``testCases_v2``."""
import numpy as np

from fastdnn.course.testCases_v2 import (L_model_backward_test_case, L_model_forward_test_case,
                                         compute_cost_test_case, linear_activation_backward_test_case,
                                         linear_activation_forward_test_case, linear_backward_test_case,
                                         linear_forward_test_case, update_parameters_test_case)
