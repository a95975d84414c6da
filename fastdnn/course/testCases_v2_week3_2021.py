"""``testCases_v2`` of the current (2021 and later) week-3 notebook, served
under that name by ``dropin.install(week=3)``.

One case differs from the 2018-2020 file (``dropin.install(edition=2018,
week=3)``): ``compute_cost_test_case`` returns ``(a2, Y_assess)`` only, as the
current ``compute_cost(A2, Y)`` takes no parameters.

``nn_model_test_case`` draws ``X_assess`` (2, 3) and ``Y_assess`` (1, 3), as
the 2021-2022 file does: that edition's grader trains the notebook's
``nn_model`` on it and prints ``Cost after iteration 0: 0.693198``, its
Expected output. The later file (by 2024) draws (2, 4) and (1, 4), but its
grader no longer calls it (it draws its own (2, 4) data, and prints 0.693086
under the same Expected output).
"""
import numpy as np

from fastdnn.course.testCases_v2_week3 import (_A2, backward_propagation_test_case,
                                               forward_propagation_test_case,
                                               initialize_parameters_test_case, layer_sizes_test_case,
                                               nn_model_test_case, predict_test_case,
                                               update_parameters_test_case)


def compute_cost_test_case():
    """Seed 1: ``Y_assess = randn(1, 3) > 0`` and the fixed ``a2``. Returns ``(a2, Y_assess)``."""
    np.random.seed(1)
    Y_assess = np.random.randn(1, 3) > 0
    return np.array(_A2), Y_assess
