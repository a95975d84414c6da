"""Stand-in for the ``public_tests.py`` that sits beside course 2's current
notebooks (initialisation, regularisation, gradient checking, optimisation):
the course's graders are the course's files, not fastdnn's, so the drop-in
does not serve the name (course 1's notebooks have a ``public_tests`` of their
own). The four notebooks' test names differ, so one module serves them all.

Each test runs the learner's function on the course's test case and compares
the result (types, shapes, values to ``np.allclose``) with fastdnn's own
function on the same input, which the project's tests hold to the course's
published values; it prints the course's line on success and raises
AssertionError naming the function otherwise.
"""
from copy import deepcopy

import numpy as np

from fastdnn import gradcheck, initializers, optimizers, regularization
from fastdnn.course import testCases_c2 as cases

_PASSED = "\033[92m All tests passed."
_PASSED_SHORT = "\033[92mAll tests passed"


def _mismatch(result, expected, where="output"):
    """A description of the first difference, or None."""
    if isinstance(expected, dict):
        if not isinstance(result, dict):
            return f"{where} should be a dict, got {type(result).__name__}"
        for key in expected:
            if key not in result:
                return f"{where} is missing the key {key!r}"
            problem = _mismatch(result[key], expected[key], f"{where}[{key!r}]")
            if problem:
                return problem
        return None
    if isinstance(expected, (tuple, list)):
        if not isinstance(result, (tuple, list)) or len(result) != len(expected):
            return f"{where} should be a sequence of {len(expected)} items"
        for i, (r, e) in enumerate(zip(result, expected)):
            problem = _mismatch(r, e, f"{where}[{i}]")
            if problem:
                return problem
        return None
    if np.shape(result) != np.shape(expected):
        return f"Wrong shape for {where}: {np.shape(result)} != {np.shape(expected)}"
    if not np.allclose(result, expected):
        return f"Wrong values for {where}. Expected:\n{expected}"
    return None


def _check(target, reference, inputs, passed=_PASSED):
    problem = _mismatch(target(*deepcopy(inputs)), reference(*deepcopy(inputs)))
    if problem:
        print("Error: " + problem)
        raise AssertionError(f"Not all tests were passed for {target.__name__}. "
                             "Check your equations and avoid using global variables inside the function.")
    print(passed)


def initialize_parameters_zeros_test(target):
    _check(target, initializers.initialize_parameters_zeros, [[3, 2, 1]])


def initialize_parameters_random_test(target):
    _check(target, initializers.initialize_parameters_random, [[3, 2, 1]])


def initialize_parameters_he_test(target):
    _check(target, initializers.initialize_parameters_he, [[3, 1, 2]])


def compute_cost_with_regularization_test(target):
    _check(target, regularization.compute_cost_with_regularization,
           [*cases.compute_cost_with_regularization_test_case(), 0.1])


def backward_propagation_with_regularization_test(target):
    _check(target, regularization.backward_propagation_with_regularization,
           [*cases.backward_propagation_with_regularization_test_case(), 0.7])


def forward_propagation_with_dropout_test(target):
    _check(target, regularization.forward_propagation_with_dropout,
           [*cases.forward_propagation_with_dropout_test_case(), 0.7])


def backward_propagation_with_dropout_test(target):
    _check(target, regularization.backward_propagation_with_dropout,
           [*cases.backward_propagation_with_dropout_test_case(), 0.8])


def forward_propagation_test(target):
    _check(target, gradcheck.forward_propagation, [2, 4])


def backward_propagation_test(target):
    _check(target, gradcheck.backward_propagation, [3, 4])


def gradient_check_test(target):
    _check(target, gradcheck.gradient_check, [3, 4])


def predict_test(target):
    """The course's copy of week 3's ``predict`` test (a two-layer tanh network)."""
    from fastdnn.shallow import predict
    np.random.seed(1)
    X = np.random.randn(2, 3)
    parameters = {"W1": np.array([[-0.00615039, 0.0169021], [-0.02311792, 0.03137121],
                                  [-0.0169217, -0.01752545], [0.00935436, -0.05018221]]),
                  "W2": np.array([[-0.0104319, -0.04019007, 0.01607211, 0.04440255]]),
                  "b1": np.array([[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.54560700e-06]]),
                  "b2": np.array([[9.14954378e-05]])}
    _check(target, predict, [parameters, X])


def update_parameters_with_gd_test(target):
    _check(target, optimizers.update_parameters_with_gd, cases.update_parameters_with_gd_test_case(),
           _PASSED_SHORT)


def random_mini_batches_test(target):
    _check(target, optimizers.random_mini_batches, cases.random_mini_batches_test_case())


def initialize_velocity_test(target):
    _check(target, optimizers.initialize_velocity, [cases.initialize_velocity_test_case()])


def update_parameters_with_momentum_test(target):
    _check(target, optimizers.update_parameters_with_momentum,
           [*cases.update_parameters_with_momentum_test_case(), 0.9, 0.01])


def initialize_adam_test(target):
    _check(target, optimizers.initialize_adam, [cases.initialize_adam_test_case()])


def update_parameters_with_adam_test(target):
    _check(target, optimizers.update_parameters_with_adam, cases.update_parameters_with_adam_test_case(),
           _PASSED_SHORT)


def update_lr_test(target):
    _check(target, optimizers.update_lr, [0.5, 2, 1], _PASSED_SHORT)


def schedule_lr_decay_test(target):
    for inputs in ([0.5, 10, 0.3, 100], [0.5, 100, 0.3, 100], [0.3, 1000, 0.25, 100], [0.3, 100019, 0.25, 100]):
        problem = _mismatch(target(*inputs), optimizers.schedule_lr_decay(*inputs))
        if problem:
            raise AssertionError(f"schedule_lr_decay{tuple(inputs)}: {problem}")
    print(_PASSED_SHORT)
