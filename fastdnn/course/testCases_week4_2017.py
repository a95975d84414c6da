"""``testCases`` of the 2017 week-4 step-by-step notebook, served under that
name by ``dropin.install(edition=2017)``, with course 2's cases of 2017-2022
(:mod:`testCases_c2_2017`).

The 2017 cases are fixed arrays, not seeded draws (the later files keep them in
their docstrings): one 3-feature, 2-example input ``_X`` with a 1x3 ``_W``, a
bias of 5 (so ``linear_forward`` prints ``Z = [[ 3.1980455   7.85763489]]``),
a one-layer ``L_model_backward`` case returning ``X_assess, Y_assess, AL,
caches`` and a three-layer ``update_parameters`` case whose bias gradients are
scalars. ``compute_cost_test_case`` is the later files' ``Y = [[1, 1, 1]]``.
"""
import numpy as np

from fastdnn.course.testCases_v3 import compute_cost_test_case
from fastdnn.course.testCases_c2_2017 import *  # noqa: F401,F403 (course 2's 2017-2022 cases)

_X = [[-1.02387576, 1.12397796],
      [-1.62328545, 0.64667545],
      [-1.74314104, -0.59664964]]
_W = [[0.74505627, 1.97611078, -1.24412333]]
_B = 5
# np.dot(_W, _X) + _B: the forward cases' output, fed back as the backward cases' dZ and dA.
_Z = [[3.1980455, 7.85763489]]


def linear_forward_test_case():
    """The fixed ``A`` (3, 2), ``W`` (1, 3) and the scalar bias ``b = 5``."""
    return np.array(_X), np.array(_W), _B


def linear_activation_forward_test_case():
    """The same ``A_prev``, ``W`` and ``b = 5`` as :func:`linear_forward_test_case`."""
    return linear_forward_test_case()


def L_model_forward_test_case():
    """The fixed ``X`` (3, 2) and a 3-2-1 ``parameters`` dict with zero biases."""
    parameters = {"W1": np.array([[1.62434536, -0.61175641, -0.52817175],
                                  [-1.07296862, 0.86540763, -2.3015387]]),
                  "W2": np.array([[1.74481176, -0.7612069]]),
                  "b1": np.array([[0.], [0.]]),
                  "b2": np.array([[0.]])}
    return np.array(_X), parameters


def linear_backward_test_case():
    """``dZ = [[3.1980455, 7.85763489]]`` and the linear cache ``(A, W, 5)``."""
    return np.array(_Z), linear_forward_test_case()


def linear_activation_backward_test_case():
    """``dA = [[3.1980455, 7.85763489]]`` and the cache ``((A, W, 5), Z)`` with Z = dA."""
    return np.array(_Z), (linear_forward_test_case(), np.array(_Z))


def L_model_backward_test_case():
    """A one-layer sigmoid network on two examples.

    Returns
    -------
    X_assess, Y_assess, AL, caches
        ``X_assess`` is the layer's input (3, 2) (the course listed it as an
        unseeded ``np.random.rand(3, 2)``), ``Y_assess = [[1, 1]]``, ``AL``
        (1, 2) and a list of one cache ``((A, W1, b1), Z)``.
    """
    X_assess = np.array([[0.20445225, 0.87811744],
                         [0.02738759, 0.67046751],
                         [0.4173048, 0.55868983]])
    Y_assess = np.array([[1, 1]])
    AL = np.array([[0.60298372, 0.87182628]])
    W1 = np.array([[1.78862847, 0.43650985, 0.09649747]])
    b1 = np.array([[0.]])
    Z1 = np.array([[0.41791293, 1.91720367]])
    return X_assess, Y_assess, AL, [((X_assess, W1, b1), Z1)]


def update_parameters_test_case():
    """A 3-4-3-2 network's parameters and gradients; ``db1``..``db3`` are floats
    and the gradients carry the course's lower-case ``da1``..``da3``.

    Returns
    -------
    parameters, grads
    """
    parameters = {"W1": np.array([[1.78862847, 0.43650985, 0.09649747],
                                  [-1.8634927, -0.2773882, -0.35475898],
                                  [-0.08274148, -0.62700068, -0.04381817],
                                  [-0.47721803, -1.31386475, 0.88462238]]),
                  "W2": np.array([[0.88131804, 1.70957306, 0.05003364, -0.40467741],
                                  [-0.54535995, -1.54647732, 0.98236743, -1.10106763],
                                  [-1.18504653, -0.2056499, 1.48614836, 0.23671627]]),
                  "W3": np.array([[-1.02378514, -0.7129932, 0.62524497],
                                  [-0.16051336, -0.76883635, -0.23003072]]),
                  "b1": np.zeros((4, 1)), "b2": np.zeros((3, 1)), "b3": np.zeros((2, 1))}
    grads = {"dW1": np.array([[0.63070583, 0.66482653, 0.18308507],
                              [0., 0., 0.], [0., 0., 0.], [0., 0., 0.]]),
             "dW2": np.array([[1.62934255, 0., 0., 0.], [0., 0., 0., 0.], [0., 0., 0., 0.]]),
             "dW3": np.array([[-1.40260776, 0., 0.]]),
             "da1": np.array([[0.70760786, 0.65063504],
                              [0.17268975, 0.15878569],
                              [0.03817582, 0.03510211]]),
             "da2": np.array([[0.39561478, 0.36376198],
                              [0.7674101, 0.70562233],
                              [0.0224596, 0.02065127],
                              [-0.18165561, -0.16702967]]),
             "da3": np.array([[0.44888991, 0.41274769],
                              [0.31261975, 0.28744927],
                              [-0.27414557, -0.25207283]]),
             "db1": 0.75937676204411464,
             "db2": 0.86163759922811056,
             "db3": -0.84161956022334572}
    return parameters, grads
