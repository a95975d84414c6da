"""Course 2's test cases as its notebooks of 2017-2022 import them as
``testCases``, served by ``dropin.install(edition=2017 | 2018 | 2021)``.

The optimisation cases are the older file's: ``W2`` and ``dW2`` are (3, 3)
(the current file's are (3, 2)), ``initialize_velocity_test_case`` draws the
same shapes as the others, and ``update_parameters_with_adam_test_case``
returns ``(parameters, grads, v, s)`` only. The 2017-2020 notebooks then call
their own ``update_parameters_with_adam(parameters, grads, v, s, t=2)``; the
2021-2022 notebook sets ``t = 2``, ``learning_rate = 0.02``, ``beta1 = 0.8``,
``beta2 = 0.888`` and ``epsilon = 1e-2`` itself. The regularisation, dropout,
gradient-checking and mini-batch cases are the current ones (the same draws).
"""
from fastdnn.course import testCases_c2
from fastdnn.course.testCases_c2 import (_adam_case, _gd_case, _momentum_case, _seeded_arrays, _two_layers,
                                         backward_propagation_with_dropout_test_case,
                                         backward_propagation_with_regularization_test_case,
                                         compute_cost_with_regularization_test_case,
                                         forward_propagation_with_dropout_test_case, gradient_check_n_test_case,
                                         random_mini_batches_test_case)

__all__ = testCases_c2.__all__

#: W1, b1, W2, b2 of the 2017-2022 optimisation cases.
_TWO_LAYERS = [(2, 3), (2, 1), (3, 3), (3, 1)]


def update_parameters_with_gd_test_case():
    """Seed 1 W1 (2, 3), b1 (2, 1), W2 (3, 3), b2 (3, 1), then their gradients; rate 0.01."""
    return _gd_case(_TWO_LAYERS)


def initialize_velocity_test_case():
    """Seed 1 W1 (2, 3), b1 (2, 1), W2 (3, 3), b2 (3, 1)."""
    return _two_layers(*_seeded_arrays(*_TWO_LAYERS))


def update_parameters_with_momentum_test_case():
    """The gd case with zero velocities; returns ``(parameters, grads, v)``."""
    return _momentum_case(_TWO_LAYERS)


def initialize_adam_test_case():
    """The same draws as :func:`initialize_velocity_test_case`."""
    return initialize_velocity_test_case()


def update_parameters_with_adam_test_case():
    """The momentum case with zero second moments; returns ``(parameters, grads, v, s)``."""
    return _adam_case(_TWO_LAYERS)
