"""``testCases_v3`` of the course's step-by-step assignment (week 4).

Every case seeds numpy's global generator and draws with ``np.random.randn`` in
the course's order, so the arrays are the course's to the last bit. This is the
older set: ``compute_cost_test_case`` has ``Y = [[1, 1, 1]]`` and
``linear_backward_test_case`` a single output unit. ``print_grads`` prints
``grads["dA2"]`` under the label ``dA1``, as the course's did: its
``L_model_backward`` keyed the gradient of layer l's input ``dA{l}``.
"""
import numpy as np


def linear_forward_test_case():
    """Seed 1: ``A`` (3, 2), ``W`` (1, 3), ``b`` (1, 1)."""
    np.random.seed(1)
    A = np.random.randn(3, 2)
    W = np.random.randn(1, 3)
    b = np.random.randn(1, 1)
    return A, W, b


def linear_activation_forward_test_case():
    """Seed 2: ``A_prev`` (3, 2), ``W`` (1, 3), ``b`` (1, 1)."""
    np.random.seed(2)
    A_prev = np.random.randn(3, 2)
    W = np.random.randn(1, 3)
    b = np.random.randn(1, 1)
    return A_prev, W, b


def L_model_forward_test_case():
    """Seed 1: ``X`` (4, 2) and a two-layer ``parameters`` dict (3 units, then 1)."""
    np.random.seed(1)
    X = np.random.randn(4, 2)
    W1 = np.random.randn(3, 4)
    b1 = np.random.randn(3, 1)
    W2 = np.random.randn(1, 3)
    b2 = np.random.randn(1, 1)
    return X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def L_model_forward_test_case_2hidden():
    """Seed 6: ``X`` (5, 4) and a three-layer ``parameters`` dict (4, 3, 1 units)."""
    np.random.seed(6)
    X = np.random.randn(5, 4)
    W1 = np.random.randn(4, 5)
    b1 = np.random.randn(4, 1)
    W2 = np.random.randn(3, 4)
    b2 = np.random.randn(3, 1)
    W3 = np.random.randn(1, 3)
    b3 = np.random.randn(1, 1)
    return X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}


def compute_cost_test_case():
    """``Y = [[1, 1, 1]]`` and ``aL = [[.8, .9, .4]]``, returned as ``(Y, aL)``."""
    Y = np.asarray([[1, 1, 1]])
    aL = np.array([[.8, .9, 0.4]])
    return Y, aL


def linear_backward_test_case():
    """Seed 1: ``dZ`` (1, 2) and the linear cache ``(A (3, 2), W (1, 3), b (1, 1))``."""
    np.random.seed(1)
    dZ = np.random.randn(1, 2)
    A = np.random.randn(3, 2)
    W = np.random.randn(1, 3)
    b = np.random.randn(1, 1)
    return dZ, (A, W, b)


def linear_activation_backward_test_case():
    """Seed 2: ``dA`` (1, 2) and the cache ``((A (3, 2), W (1, 3), b (1, 1)), Z (1, 2))``."""
    np.random.seed(2)
    dA = np.random.randn(1, 2)
    A = np.random.randn(3, 2)
    W = np.random.randn(1, 3)
    b = np.random.randn(1, 1)
    Z = np.random.randn(1, 2)
    return dA, ((A, W, b), Z)


def L_model_backward_test_case():
    """Seed 3: ``AL`` (1, 2), ``Y = [[1, 0]]`` and a tuple of two layer caches
    ``((A, W, b), Z)`` with A1 (4, 2), W1 (3, 4) then A2 (3, 2), W2 (1, 3)."""
    np.random.seed(3)
    AL = np.random.randn(1, 2)
    Y = np.array([[1, 0]])
    A1 = np.random.randn(4, 2)
    W1 = np.random.randn(3, 4)
    b1 = np.random.randn(3, 1)
    Z1 = np.random.randn(3, 2)
    A2 = np.random.randn(3, 2)
    W2 = np.random.randn(1, 3)
    b2 = np.random.randn(1, 1)
    Z2 = np.random.randn(1, 2)
    caches = (((A1, W1, b1), Z1), ((A2, W2, b2), Z2))
    return AL, Y, caches


def update_parameters_test_case():
    """Seed 2 for ``W1`` (3, 4), ``b1`` (3, 1), ``W2`` (1, 3), ``b2`` (1, 1); then
    seed 3 for their gradients ``dW1, db1, dW2, db2``."""
    np.random.seed(2)
    W1 = np.random.randn(3, 4)
    b1 = np.random.randn(3, 1)
    W2 = np.random.randn(1, 3)
    b2 = np.random.randn(1, 1)
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    np.random.seed(3)
    dW1 = np.random.randn(3, 4)
    db1 = np.random.randn(3, 1)
    dW2 = np.random.randn(1, 3)
    db2 = np.random.randn(1, 1)
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return parameters, grads


def print_grads(grads):
    """Print ``dW1``, ``db1`` and, labelled ``dA1``, ``grads["dA2"]``."""
    print("dW1 = " + str(grads["dW1"]))
    print("db1 = " + str(grads["db1"]))
    # The course's own offset: this set's L_model_backward stored the gradient
    # of A1 (the input of layer 2) under "dA2".
    print("dA1 = " + str(grads["dA2"]))
