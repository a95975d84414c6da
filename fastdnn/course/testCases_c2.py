"""The test cases of course 2's current notebooks (regularisation, gradient
checking, optimisation), which each import them as ``testCases``. Their names
differ from each other's and from course 1's, so every ``testCases`` that
:mod:`fastdnn.dropin` serves holds them too: these with ``install()``, the
2017-2022 optimisation cases (:mod:`testCases_c2_2017`) with the older
editions.

The regularisation caches are the course's printed, 8-digit values (a forward
pass of the seeded parameters, rounded), kept as data so that the gradients
come out as the course printed them.
"""
import numpy as np

__all__ = ["compute_cost_with_regularization_test_case", "backward_propagation_with_regularization_test_case",
           "forward_propagation_with_dropout_test_case", "backward_propagation_with_dropout_test_case",
           "gradient_check_n_test_case", "update_parameters_with_gd_test_case", "random_mini_batches_test_case",
           "initialize_velocity_test_case", "update_parameters_with_momentum_test_case", "initialize_adam_test_case",
           "update_parameters_with_adam_test_case"]


def _seeded_arrays(*shapes):
    """``np.random.seed(1)``, then one ``randn`` per shape, in order."""
    np.random.seed(1)
    return [np.random.randn(*shape) for shape in shapes]


def _three_layer(W1, b1, W2, b2, W3, b3):
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}


_LAYERS = [(2, 3), (2, 1), (3, 2), (3, 1), (1, 3), (1, 1)]
_LABELS = np.array([[1, 1, 0, 1, 0]])

_REGULARIZATION_CACHE = (
    np.array([[-1.52855314,  3.32524635,  2.13994541,  2.60700654, -0.75942115],
              [-1.98043538,  4.1600994 ,  0.79051021,  1.46493512, -0.45506242]]),  # Z1
    np.array([[0.        , 3.32524635, 2.13994541, 2.60700654, 0.        ],
              [0.        , 4.1600994 , 0.79051021, 1.46493512, 0.        ]]),  # A1
    np.array([[-1.09989127, -0.17242821, -0.87785842],
              [ 0.04221375,  0.58281521, -1.10061918]]),  # W1
    np.array([[1.14472371],
              [0.90159072]]),  # b1
    np.array([[ 0.53035547,  5.94892323,  2.31780174,  3.16005701,  0.53035547],
              [-0.69166075, -3.47645987, -2.25194702, -2.65416996, -0.69166075],
              [-0.39675353, -4.62285846, -2.61101729, -3.22874921, -0.39675353]]),  # Z2
    np.array([[0.53035547, 5.94892323, 2.31780174, 3.16005701, 0.53035547],
              [0.        , 0.        , 0.        , 0.        , 0.        ],
              [0.        , 0.        , 0.        , 0.        , 0.        ]]),  # A2
    np.array([[ 0.50249434,  0.90085595],
              [-0.68372786, -0.12289023],
              [-0.93576943, -0.26788808]]),  # W2
    np.array([[ 0.53035547],
              [-0.69166075],
              [-0.39675353]]),  # b2
    np.array([[-0.3771104 , -4.10060224, -1.60539468, -2.18416951, -0.3771104 ]]),  # Z3
    np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]]),  # A3
    np.array([[-0.6871727 , -0.84520564, -0.67124613]]),  # W3
    np.array([[-0.0126646]]),  # b3
)
_DROPOUT_CACHE = (
    np.array([[-1.52855314,  3.32524635,  2.13994541,  2.60700654, -0.75942115],
              [-1.98043538,  4.1600994 ,  0.79051021,  1.46493512, -0.45506242]]),  # Z1
    np.array([[ True, False,  True,  True,  True],
              [ True,  True,  True,  True, False]]),  # D1
    np.array([[0.        , 0.        , 4.27989081, 5.21401307, 0.        ],
              [0.        , 8.32019881, 1.58102041, 2.92987024, 0.        ]]),  # A1
    np.array([[-1.09989127, -0.17242821, -0.87785842],
              [ 0.04221375,  0.58281521, -1.10061918]]),  # W1
    np.array([[1.14472371],
              [0.90159072]]),  # b1
    np.array([[ 0.53035547,  8.02565606,  4.10524802,  5.78975856,  0.53035547],
              [-0.69166075, -1.71413186, -3.81223329, -4.61667916, -0.69166075],
              [-0.39675353, -2.62563561, -4.82528105, -6.0607449 , -0.39675353]]),  # Z2
    np.array([[ True, False,  True, False,  True],
              [False,  True, False,  True,  True],
              [False, False,  True, False, False]]),  # D2
    np.array([[1.06071093, 0.        , 8.21049603, 0.        , 1.06071093],
              [0.        , 0.        , 0.        , 0.        , 0.        ],
              [0.        , 0.        , 0.        , 0.        , 0.        ]]),  # A2
    np.array([[ 0.50249434,  0.90085595],
              [-0.68372786, -0.12289023],
              [-0.93576943, -0.26788808]]),  # W2
    np.array([[ 0.53035547],
              [-0.69166075],
              [-0.39675353]]),  # b2
    np.array([[-0.7415562 , -0.0126646 , -5.65469333, -0.0126646 , -0.7415562 ]]),  # Z3
    np.array([[0.32266394, 0.49683389, 0.00348883, 0.49683389, 0.32266394]]),  # A3
    np.array([[-0.6871727 , -0.84520564, -0.67124613]]),  # W3
    np.array([[-0.0126646]]),  # b3
)


def compute_cost_with_regularization_test_case():
    """Seed 1 parameters W1 (2, 3) ... b3 (1, 1); returns ``(a3, Y, parameters)``."""
    parameters = _three_layer(*_seeded_arrays(*_LAYERS))
    a3 = np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]])
    return a3, _LABELS.copy(), parameters


def backward_propagation_with_regularization_test_case():
    """Seed 1 X (3, 5), Y and the course's cache; returns ``(X, Y, cache)``."""
    X, = _seeded_arrays((3, 5))
    return X, _LABELS.copy(), tuple(a.copy() for a in _REGULARIZATION_CACHE)


def forward_propagation_with_dropout_test_case():
    """Seed 1 X (3, 5), then the parameters; returns ``(X, parameters)``."""
    X, *weights = _seeded_arrays((3, 5), *_LAYERS)
    return X, _three_layer(*weights)


def backward_propagation_with_dropout_test_case():
    """Seed 1 X (3, 5), Y and the course's dropout cache (masks for keep_prob 0.8)."""
    X, = _seeded_arrays((3, 5))
    return X, _LABELS.copy(), tuple(a.copy() for a in _DROPOUT_CACHE)


def gradient_check_n_test_case():
    """Seed 1 x (4, 3), y = [1, 1, 0] (1-D, as the course's) and W1 (5, 4) ... b3 (1, 1)."""
    x, *weights = _seeded_arrays((4, 3), (5, 4), (5, 1), (3, 5), (3, 1), (1, 3), (1, 1))
    return x, np.array([1, 1, 0]), _three_layer(*weights)


def _two_layers(W1, b1, W2, b2):
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _gradients(dW1, db1, dW2, db2):
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def _zeros(parameters):
    return {"d" + key: np.zeros_like(value) for key, value in parameters.items()}


#: W1, b1, W2, b2 of the optimisation cases (W2 was (3, 3) in the 2017-2022 file).
_TWO_LAYERS = [(2, 3), (2, 1), (3, 2), (3, 1)]


def _gd_case(layers):
    """Seed 1, then the parameters and their gradients of the shapes ``layers``; rate 0.01."""
    arrays = _seeded_arrays(*layers * 2)
    return _two_layers(*arrays[:len(layers)]), _gradients(*arrays[len(layers):]), 0.01


def _momentum_case(layers):
    parameters, grads, _ = _gd_case(layers)
    return parameters, grads, _zeros(parameters)


def _adam_case(layers):
    """The momentum case with zero second moments: ``(parameters, grads, v, s)``."""
    parameters, grads, v = _momentum_case(layers)
    return parameters, grads, v, _zeros(parameters)


def update_parameters_with_gd_test_case():
    """Seed 1 W1 (2, 3), b1, W2 (3, 2), b2, then their gradients; rate 0.01."""
    return _gd_case(_TWO_LAYERS)


def random_mini_batches_test_case():
    """Seed 1 X (12288, 148) and Y = randn(1, 148) < 0.5; batches of 64."""
    X, Y = _seeded_arrays((12288, 148), (1, 148))
    return X, Y < 0.5, 64


def initialize_velocity_test_case():
    """Seed 1 W1 (3, 2), b1 (3, 1), W2 (3, 3), b2 (3, 1)."""
    return _two_layers(*_seeded_arrays((3, 2), (3, 1), (3, 3), (3, 1)))


def update_parameters_with_momentum_test_case():
    """As :func:`update_parameters_with_gd_test_case` with zero velocities;
    returns ``(parameters, grads, v)``."""
    return _momentum_case(_TWO_LAYERS)


def initialize_adam_test_case():
    """Seed 1 W1 (2, 3), b1 (2, 1), W2 (3, 2), b2 (3, 1)."""
    return _two_layers(*_seeded_arrays(*_TWO_LAYERS))


def update_parameters_with_adam_test_case():
    """As the momentum case with zero moments; returns ``(parameters, grads, v,
    s, t, learning_rate, beta1, beta2, epsilon)`` = (..., 2, 0.02, 0.8, 0.888, 1e-2)."""
    return (*_adam_case(_TWO_LAYERS), 2, 0.02, 0.8, 0.888, 1e-2)
