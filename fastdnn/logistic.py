"""Logistic regression as a one-neuron network: the course's week-2 assignment
("Logistic Regression with a Neural Network mindset") and its ``lr_utils``,
with the course's names, signatures, dict keys and printed lines.

``optimize`` is the training engine's loop with no hidden layer (L = 1): one
compiled call, and the Gram path when the data are wide (on the cat data,
n = 12288 > m = 209, about 60 times less arithmetic per iteration). Results
agree with the course's to rounding (about 1e-13 relative).
"""
import numpy as np

from ._core import engine
from ._core import kernels
from ._checks import (contiguous, float_dtype, iteration_count, learning_rate_value, matrix, numeric_array,
                      positive_int, targets, training_inputs)
from ._core.activation_table import SIGMOID
from .activations import activation_only
from .config import launch
from ._params import RECORD_EVERY
from .datasets import load_cat_data

__all__ = ["load_dataset", "sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict", "model"]

#: The course records (and prints) the cost every this many iterations.


def load_dataset(path=None):
    """The cat / non-cat data of ``lr_utils``; see :func:`fastdnn.datasets.load_cat_data`."""
    return load_cat_data(path)


def sigmoid(z):
    """``1 / (1 + exp(-z))`` element-wise (the week-2 helper: returns only s).

    Parameters
    ----------
    z : array_like or scalar, any shape

    Returns
    -------
    s : ndarray of z's shape (a numpy scalar for scalar input); float32 stays
        float32, integers become float64.
    """
    return activation_only(z, SIGMOID, "z")


def initialize_with_zeros(dim):
    """``w = zeros((dim, 1))`` and ``b = 0.0``.

    Returns
    -------
    w : ndarray, shape (dim, 1), float64
    b : float
    """
    dim = positive_int(dim, "dim")
    return np.zeros((dim, 1)), 0.0


# --------------------------------------------------------------------------- checks

def _bias(b):
    array = numeric_array(b, "b")
    if array.size != 1:
        raise ValueError(f"b must be a real scalar, got an array of shape {array.shape}")
    value = float(array.reshape(-1)[0])
    if not np.isfinite(value):
        raise ValueError(f"b must be finite, got {value}")
    return value


def _weights(w, n):
    array = numeric_array(w, "w")
    if array.shape not in ((n, 1), (n,)):
        raise ValueError(f"w must have shape ({n}, 1) to match X's {n} rows, got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError("w contains NaN or inf")
    return array


def _problem(w, b, X, Y):
    """Validated (w, b, x, y, dtype) for propagate / optimize."""
    x = training_inputs(X)
    n, m = x.shape
    w_arr = _weights(w, n)
    b_val = _bias(b)
    y = targets(Y, 1, m)
    return w_arr, b_val, x, y, float_dtype(w_arr, x, y)  # numpy: int64 labels promote float32 to float64


def _train(w_arr, b, x, y, dtype, num_iterations, rate, method="auto"):
    """The engine with no hidden layer; returns (w, b, dw, db, costs), w and
    dw shaped like w_arr, scalars and costs numpy floats of ``dtype``."""
    result = engine.train(x, y, [np.reshape(w_arr, (1, -1))], [np.full((1, 1), b)], learning_rate=rate,
                          num_iterations=num_iterations, record_every=RECORD_EVERY, method=method,
                          dtype=dtype, keep_gradients=True)
    shape = np.shape(w_arr)
    dw, db = result.gradients
    return (result.weights[0].reshape(shape), dtype.type(result.biases[0][0, 0]), dw.reshape(shape),
            dtype.type(db[0, 0]), [dtype.type(c) for c in result.costs])


# --------------------------------------------------------------------------- public API

def propagate(w, b, X, Y):
    """Cost and gradient of the logistic-regression cross-entropy.

    Parameters
    ----------
    w : array_like, shape (n, 1)
    b : float
    X : array_like, shape (n, m)
    Y : array_like, shape (1, m)
        Labels in [0, 1].

    Returns
    -------
    grads : dict
        ``dw`` of w's shape and ``db`` (numpy float scalar).
    cost : numpy float scalar
    """
    w_arr, b_val, x, y, dtype = _problem(w, b, X, Y)
    # one iteration at rate 0: the cost and the gradients at (w, b)
    _, _, dw, db, costs = _train(w_arr, b_val, x, y, dtype, 1, 0.0, method="direct")
    return {"dw": dw, "db": db}, costs[0]


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent on (w, b), recording the cost every 100 iterations.

    Parameters
    ----------
    w : array_like, shape (n, 1)
    b : float
    X : array_like, shape (n, m)
    Y : array_like, shape (1, m)
    num_iterations : int
    learning_rate : float
    print_cost : bool
        Print "Cost after iteration %i: %f" every 100 iterations.

    Returns
    -------
    params : dict
        ``w`` (n, 1) and ``b``; new objects, the inputs are not modified.
    grads : dict
        ``dw`` and ``db`` of the last iteration.
    costs : list
        Costs of iterations 0, 100, 200, ...
    """
    w_arr, b_val, x, y, dtype = _problem(w, b, X, Y)
    iterations = iteration_count(num_iterations)
    rate = learning_rate_value(learning_rate)
    if iterations == 0:  # nothing trained: the parameters given, the gradients there
        grads, _ = propagate(w_arr, b_val, x, y)
        return {"w": np.array(w_arr, dtype=dtype), "b": dtype.type(b_val)}, grads, []
    w_out, b_out, dw, db, costs = _train(w_arr, b_val, x, y, dtype, iterations, rate)
    if print_cost:
        for k, cost in enumerate(costs):
            print("Cost after iteration %i: %f" % (100 * k, cost))
    return {"w": w_out, "b": b_out}, {"dw": dw, "db": db}, costs


def predict(w, b, X):
    """Labels 0/1 from ``sigmoid(w^T X + b) > 0.5``.

    Parameters
    ----------
    w : array_like, n entries (shape (n, 1) in the course)
    b : float
    X : array_like, shape (n, m)

    Returns
    -------
    Y_prediction : ndarray, shape (1, m), float64 zeros and ones
    """
    x = matrix(X, "X")
    n, m = x.shape
    w_arr = numeric_array(w, "w")
    if w_arr.size != n:
        raise ValueError(f"w must have {n} entries to match X's {n} rows, got shape {w_arr.shape}")
    b_val = _bias(b)
    dtype = float_dtype(w_arr, x)
    z = contiguous(np.dot(contiguous(w_arr, dtype).reshape(-1), x.astype(dtype, copy=False)) + b_val, dtype)
    a = np.empty_like(z)
    launch(kernels.activation_forward, z.size, z, a, SIGMOID)
    return (a > 0.5).astype(np.float64).reshape(1, m)


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train logistic regression from zeros and predict both sets.

    Prints "train accuracy: ... %" and "test accuracy: ... %" as the course does.

    Parameters
    ----------
    X_train : array_like, shape (n, m_train)
    Y_train : array_like, shape (1, m_train)
    X_test : array_like, shape (n, m_test)
    Y_test : array_like, shape (1, m_test)
    num_iterations : int
    learning_rate : float
    print_cost : bool

    Returns
    -------
    d : dict
        ``costs``, ``Y_prediction_test``, ``Y_prediction_train``, ``w``, ``b``,
        ``learning_rate``, ``num_iterations``.
    """
    x_train = training_inputs(X_train, "X_train")
    y_train = targets(Y_train, 1, x_train.shape[1], "Y_train", "X_train")
    x_test = training_inputs(X_test, "X_test")
    if x_test.shape[0] != x_train.shape[0]:
        raise ValueError(f"X_test must have {x_train.shape[0]} rows like X_train, got shape {x_test.shape}")
    y_test = targets(Y_test, 1, x_test.shape[1], "Y_test", "X_test")
    w, b = initialize_with_zeros(x_train.shape[0])
    parameters, grads, costs = optimize(w, b, x_train, y_train, num_iterations, learning_rate, print_cost)
    w = parameters["w"]
    b = parameters["b"]
    Y_prediction_test = predict(w, b, x_test)
    Y_prediction_train = predict(w, b, x_train)
    print("train accuracy: {} %".format(100 - np.mean(np.abs(Y_prediction_train - y_train)) * 100))
    print("test accuracy: {} %".format(100 - np.mean(np.abs(Y_prediction_test - y_test)) * 100))
    return {"costs": costs,
            "Y_prediction_test": Y_prediction_test,
            "Y_prediction_train": Y_prediction_train,
            "w": w,
            "b": b,
            "learning_rate": learning_rate,
            "num_iterations": num_iterations}
