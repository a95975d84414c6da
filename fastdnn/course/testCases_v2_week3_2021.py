"""``testCases_v2`` of the current (2021 and later) week-3 notebook, served
under that name by ``dropin.install(week=3)``.

Two cases differ from the 2018-2020 file (``dropin.install(edition=2018,
week=3)``): ``compute_cost_test_case`` returns ``(a2, Y_assess)`` only, as the
current ``compute_cost(A2, Y)`` takes no parameters, and ``nn_model_test_case``
draws four examples.
"""
import numpy as np

from fastdnn.course.testCases_v2_week3 import (_A2, backward_propagation_test_case,
                                               forward_propagation_test_case,
                                               initialize_parameters_test_case, layer_sizes_test_case,
                                               predict_test_case, update_parameters_test_case)


def compute_cost_test_case():
    """Seed 1: ``Y_assess = randn(1, 3) > 0`` and the fixed ``a2``. Returns ``(a2, Y_assess)``."""
    np.random.seed(1)
    Y_assess = np.random.randn(1, 3) > 0
    return np.array(_A2), Y_assess


def nn_model_test_case():
    """Seed 1: ``X_assess`` (2, 4), then ``Y_assess = randn(1, 4) > 0``."""
    np.random.seed(1)
    X_assess = np.random.randn(2, 4)
    Y_assess = np.random.randn(1, 4) > 0
    return X_assess, Y_assess
