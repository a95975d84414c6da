"""``testCases_v2`` of the course's week-3 assignment ("Planar data classification
with one hidden layer"), importable under that name with
``dropin.install(week=3)``.

Its ``compute_cost_test_case`` and ``update_parameters_test_case`` share their
names with week 4's cases but return other things (``(A2, Y, parameters)``, and
fixed arrays of a 2-4-1 network).
"""
import numpy as np


def _parameters(W1, b1, W2, b2):
    # Key order as in the course's literal dicts.
    return {"W1": np.array(W1), "W2": np.array(W2), "b1": np.array(b1), "b2": np.array(b2)}


# The 2-4-1 network of the course's cases, before and after a training step.
_INITIAL_W1 = [[-0.00416758, -0.00056267],
               [-0.02136196, 0.01640271],
               [-0.01793436, -0.00841747],
               [0.00502881, -0.01245288]]
_INITIAL_W2 = [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]]
_TRAINED_W1 = [[-0.00615039, 0.0169021],
               [-0.02311792, 0.03137121],
               [-0.0169217, -0.01752545],
               [0.00935436, -0.05018221]]
_TRAINED_B1 = [[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.54560700e-06]]
_TRAINED_W2 = [[-0.0104319, -0.04019007, 0.01607211, 0.04440255]]
_TRAINED_B2 = [[9.14954378e-05]]
# The output layer's activations the cost and backward cases start from.
_A2 = [[0.5002307, 0.49985831, 0.50023963]]


def layer_sizes_test_case():
    """Seed 1: ``X_assess`` (5, 3), ``Y_assess`` (2, 3)."""
    np.random.seed(1)
    X_assess = np.random.randn(5, 3)
    Y_assess = np.random.randn(2, 3)
    return X_assess, Y_assess


def initialize_parameters_test_case():
    """``n_x, n_h, n_y = 2, 4, 1``."""
    n_x, n_h, n_y = 2, 4, 1
    return n_x, n_h, n_y


def forward_propagation_test_case():
    """Seed 1: ``X_assess`` (2, 3), then ``b1`` (4, 1); fixed ``W1``, ``W2`` and ``b2 = [[-1.3]]``."""
    np.random.seed(1)
    X_assess = np.random.randn(2, 3)
    b1 = np.random.randn(4, 1)
    b2 = np.array([[-1.3]])
    parameters = {"W1": np.array(_INITIAL_W1), "W2": np.array(_INITIAL_W2), "b1": b1, "b2": b2}
    return X_assess, parameters


def compute_cost_test_case():
    """Seed 1: ``Y_assess = randn(1, 3) > 0``; fixed ``a2`` and initial parameters.

    Returns
    -------
    a2, Y_assess, parameters
    """
    np.random.seed(1)
    Y_assess = np.random.randn(1, 3) > 0
    return np.array(_A2), Y_assess, _initial_parameters()


def backward_propagation_test_case():
    """Seed 1: ``X_assess`` (2, 3), ``Y_assess = randn(1, 3) > 0``; fixed parameters and cache.

    Returns
    -------
    parameters, cache, X_assess, Y_assess
    """
    np.random.seed(1)
    X_assess = np.random.randn(2, 3)
    Y_assess = np.random.randn(1, 3) > 0
    return _initial_parameters(), _forward_cache(), X_assess, Y_assess


def _initial_parameters():
    return _parameters(_INITIAL_W1, np.zeros((4, 1)), _INITIAL_W2, np.zeros((1, 1)))


def _forward_cache():
    """The fixed forward cache of the course's backward-propagation case."""
    return {"A1": np.array([[-0.00616578, 0.0020626, 0.00349619],
                            [-0.05225116, 0.02725659, -0.02646251],
                            [-0.02009721, 0.0036869, 0.02883756],
                            [0.02152675, -0.01385234, 0.02599885]]),
            "A2": np.array(_A2),
            "Z1": np.array([[-0.00616586, 0.0020626, 0.0034962],
                            [-0.05229879, 0.02726335, -0.02646869],
                            [-0.02009991, 0.00368692, 0.02884556],
                            [0.02153007, -0.01385322, 0.02600471]]),
            "Z2": np.array([[0.00092281, -0.00056678, 0.00095853]])}


def update_parameters_test_case():
    """Fixed parameters of a 2-4-1 network and fixed gradients.

    Returns
    -------
    parameters, grads
    """
    parameters = _parameters(_TRAINED_W1, _TRAINED_B1, _TRAINED_W2, _TRAINED_B2)
    grads = {"dW1": np.array([[0.00023322, -0.00205423],
                              [0.00082222, -0.00700776],
                              [-0.00031831, 0.0028636],
                              [-0.00092857, 0.00809933]]),
             "dW2": np.array([[-1.75740039e-05, 3.70231337e-03, -1.25683095e-03, -2.55715317e-03]]),
             "db1": np.array([[1.05570087e-07], [-3.81814487e-06], [-1.90155145e-07], [5.46467802e-07]]),
             "db2": np.array([[-1.08923140e-05]])}
    return parameters, grads


def nn_model_test_case():
    """Seed 1: ``X_assess`` (2, 3), ``Y_assess = randn(1, 3) > 0``."""
    np.random.seed(1)
    X_assess = np.random.randn(2, 3)
    Y_assess = np.random.randn(1, 3) > 0
    return X_assess, Y_assess


def predict_test_case():
    """Seed 1: ``X_assess`` (2, 3); fixed trained parameters. Returns ``(parameters, X_assess)``."""
    np.random.seed(1)
    X_assess = np.random.randn(2, 3)
    parameters = _parameters(_TRAINED_W1, _TRAINED_B1, _TRAINED_W2, _TRAINED_B2)
    return parameters, X_assess
