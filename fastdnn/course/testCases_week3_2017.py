"""``testCases`` of the 2017 week-3 notebook ("Planar data classification with
one hidden layer"), served under that name by ``dropin.install(week=3,
edition=2017 | 2018 | 2021)``, with course 2's cases of 2017-2022
(:mod:`testCases_c2_2017`); ``install(week=3)`` serves it with the current
ones (:mod:`testCases_week3`).

Unlike the 2018 ``testCases_v2`` its labels are real-valued draws,
``Y_assess = randn(1, 3)`` (2018 thresholded them, ``> 0``): the 2017 notebook
printed ``cost = 0.692919893776`` and an ``nn_model`` whose ``W2`` ran to about
-6000. Its forward case has zero biases; the other cases are the 2018 ones.
"""
import numpy as np

from fastdnn.course.testCases_v2_week3 import (_A2, _forward_cache, _initial_parameters,
                                               initialize_parameters_test_case, layer_sizes_test_case,
                                               predict_test_case, update_parameters_test_case)
from fastdnn.course.testCases_c2_2017 import *  # noqa: F401,F403 (course 2's 2017-2022 cases)


def forward_propagation_test_case():
    """Seed 1: ``X_assess`` (2, 3); the fixed initial ``W1``, ``W2`` and zero biases."""
    np.random.seed(1)
    X_assess = np.random.randn(2, 3)
    return X_assess, _initial_parameters()


def compute_cost_test_case():
    """Seed 1: real-valued ``Y_assess = randn(1, 3)``; fixed ``a2`` and initial parameters.

    Returns
    -------
    a2, Y_assess, parameters
    """
    np.random.seed(1)
    Y_assess = np.random.randn(1, 3)
    return np.array(_A2), Y_assess, _initial_parameters()


def backward_propagation_test_case():
    """Seed 1: ``X_assess`` (2, 3), then real-valued ``Y_assess = randn(1, 3)``;
    fixed parameters and cache. Returns ``(parameters, cache, X_assess, Y_assess)``."""
    np.random.seed(1)
    X_assess = np.random.randn(2, 3)
    Y_assess = np.random.randn(1, 3)
    return _initial_parameters(), _forward_cache(), X_assess, Y_assess


def nn_model_test_case():
    """Seed 1: ``X_assess`` (2, 3), then real-valued ``Y_assess = randn(1, 3)``."""
    np.random.seed(1)
    X_assess = np.random.randn(2, 3)
    Y_assess = np.random.randn(1, 3)
    return X_assess, Y_assess
