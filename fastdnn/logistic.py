"""Logistic regression as a one-neuron network: the course's week-2 assignment
("Logistic Regression with a Neural Network mindset") and its ``lr_utils``,
with the course's names, signatures, dict keys and printed lines.

``optimize`` runs the whole gradient-descent loop in one compiled kernel. When
it is cheaper it trains in the span of X's columns (the Gram path): every
update ``w -= rate/m * X (A - Y)^T`` adds a combination of the columns of X, so
``w = w0 + X alpha`` and ``w^T X = w0^T X + alpha^T (X^T X)``. One product
``X^T X`` (m x m) up front replaces two (n x m) products per iteration; on the
cat data (n = 12288, m = 209) that is ~60 times less arithmetic per iteration.
Results agree with the course's to rounding (about 1e-13 relative).
"""
import os

import numpy as np

from . import kernels
from ._checks import contiguous, finite, float_dtype, learning_rate_value, matrix, numeric_array, positive_int
from .config import jit, launch

__all__ = ["load_dataset", "sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict", "model"]

#: Largest Gram matrix (bytes) the Gram path may allocate.
GRAM_MAX_BYTES = 256 * 2**20


def load_dataset(path=None):
    """The cat / non-cat data of ``lr_utils``.

    Parameters
    ----------
    path : str or os.PathLike, optional
        Directory holding ``train_catvnoncat.h5`` and ``test_catvnoncat.h5``;
        ``datasets`` under the current directory by default, as in the course.

    Returns
    -------
    train_set_x_orig : ndarray, shape (209, 64, 64, 3), uint8
    train_set_y_orig : ndarray, shape (1, 209)
    test_set_x_orig : ndarray, shape (50, 64, 64, 3), uint8
    test_set_y_orig : ndarray, shape (1, 50)
    classes : ndarray, shape (2,), bytes
    """
    import h5py

    folder = "datasets" if path is None else os.fspath(path)
    files = [os.path.join(folder, name) for name in ("train_catvnoncat.h5", "test_catvnoncat.h5")]
    for file in files:
        if not os.path.isfile(file):
            raise FileNotFoundError(f"cat data file not found: {os.path.abspath(file)!r}")
    with h5py.File(files[0], "r") as train_dataset:
        train_set_x_orig = np.array(train_dataset["train_set_x"][:])
        train_set_y_orig = np.array(train_dataset["train_set_y"][:])
    with h5py.File(files[1], "r") as test_dataset:
        test_set_x_orig = np.array(test_dataset["test_set_x"][:])
        test_set_y_orig = np.array(test_dataset["test_set_y"][:])
        classes = np.array(test_dataset["list_classes"][:])
    train_set_y_orig = train_set_y_orig.reshape((1, train_set_y_orig.shape[0]))
    test_set_y_orig = test_set_y_orig.reshape((1, test_set_y_orig.shape[0]))
    return train_set_x_orig, train_set_y_orig, test_set_x_orig, test_set_y_orig, classes


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
    array = numeric_array(z, "z")
    dtype = float_dtype(array)
    out = np.empty(array.shape, dtype)
    launch(kernels.activation_forward, array.size, contiguous(array, dtype).reshape(-1), out.reshape(-1),
           kernels.SIGMOID)
    return out[()] if out.ndim == 0 else out


def initialize_with_zeros(dim):
    """``w = zeros((dim, 1))`` and ``b = 0.0``.

    Returns
    -------
    w : ndarray, shape (dim, 1), float64
    b : float
    """
    dim = positive_int(dim, "dim")
    return np.zeros((dim, 1)), 0.0


# --------------------------------------------------------------------------- kernels

@jit()
def _residual(z, b, y, a, dz):
    """a = sigmoid(z + b) and dz = a - y, on arrays of shape (m,); b is a float."""
    for j in range(z.size):
        aj = kernels._activate(z[j] + b, kernels.SIGMOID)
        a[j] = aj
        dz[j] = aj - y[j]


@jit()
def _cost(a, y, scale, frames, values):
    """The course's ``-1/m * np.sum(Y*log(A) + (1-Y)*log(1-A))`` with numpy's
    pairwise summation; overwrites ``a`` (shape (m,)) with the summands."""
    for j in range(a.size):
        a[j] = y[j] * np.log(a[j]) + (1.0 - y[j]) * np.log(1.0 - a[j])
    return -scale * kernels.pairwise_sum_ws(a, 0, a.size, frames, values)


@jit()
def _optimize_direct(xt, y, w, b, num_iterations, rate, costs, dw, dz):
    """Gradient descent on (w, b) with two BLAS products per iteration.

    Parameters
    ----------
    xt : ndarray, shape (m, n)
        X transposed, C-contiguous.
    y : ndarray, shape (m,)
    w : ndarray, shape (n,)
        Updated in place.
    b : float
    num_iterations : int
    rate : float
    costs : ndarray, shape (ceil(num_iterations / 100),)
        Receives the cost of iterations 0, 100, 200, ...
    dw : ndarray, shape (n,)
        Receives the last iteration's dw.
    dz : ndarray, shape (m,)
        Receives the last iteration's A - Y.

    Returns
    -------
    b : float
    db : float
        The last iteration's db.
    """
    m = y.size
    scale = 1.0 / m
    z = np.empty_like(dz)
    a = np.empty_like(dz)
    db = 0.0
    frames, values = kernels.pairwise_workspace()
    for i in range(num_iterations):
        np.dot(xt, w, z)
        _residual(z, b, y, a, dz)
        if i % 100 == 0:
            costs[i // 100] = _cost(a, y, scale, frames, values)
        np.dot(dz, xt, dw)
        for k in range(dw.size):
            dw[k] = scale * dw[k]
            w[k] = w[k] - rate * dw[k]
        db = scale * kernels.pairwise_sum_ws(dz, 0, m, frames, values)
        b = b - rate * db
    return b, db


@jit()
def _optimize_gram(gram, c0, y, alpha, b, num_iterations, rate, costs, dz):
    """Gradient descent in the span of X's columns: w = w0 + X alpha.

    Parameters
    ----------
    gram : ndarray, shape (m, m)
        ``X^T X``.
    c0 : ndarray, shape (m,)
        ``w0^T X``.
    y : ndarray, shape (m,)
    alpha : ndarray, shape (m,)
        Zeros on entry, the coefficients of the final w on exit.
    b : float
    num_iterations : int
    rate : float
    costs : ndarray, shape (ceil(num_iterations / 100),)
    dz : ndarray, shape (m,)
        Receives the last iteration's A - Y (dw = X dz / m).

    Returns
    -------
    b, db : float
    """
    m = y.size
    scale = 1.0 / m
    z = np.empty_like(dz)
    a = np.empty_like(dz)
    db = 0.0
    frames, values = kernels.pairwise_workspace()
    for i in range(num_iterations):
        np.dot(gram, alpha, z)
        for j in range(m):
            z[j] = c0[j] + z[j]
        _residual(z, b, y, a, dz)
        if i % 100 == 0:
            costs[i // 100] = _cost(a, y, scale, frames, values)
        for j in range(m):
            alpha[j] = alpha[j] - rate * (scale * dz[j])
        db = scale * kernels.pairwise_sum_ws(dz, 0, m, frames, values)
        b = b - rate * db
    return b, db


@jit()
def _predict_kernel(z, b, out):
    """out[j] = 1.0 if sigmoid(z[j] + b) > 0.5 else 0.0, on arrays of shape (m,)."""
    for j in range(z.size):
        out[j] = 1.0 if kernels._activate(z[j] + b, kernels.SIGMOID) > 0.5 else 0.0


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
    finite(array, "w")
    return array


def _data(X, name="X"):
    x = matrix(X, name)
    if x.shape[1] == 0:
        raise ValueError(f"{name} must hold at least one example (column), got shape {x.shape}")
    finite(x, name)
    return x


def _labels(Y, m, name="Y", x_name="X"):
    y = numeric_array(Y, name)
    if y.shape not in ((1, m), (m,)):
        raise ValueError(f"{name} must have shape (1, {m}) to match {x_name}'s {m} columns, got shape {y.shape}")
    finite(y, name)
    if ((y < 0) | (y > 1)).any():
        raise ValueError(f"{name} must hold labels in [0, 1], got values from {y.min()} to {y.max()}")
    return y


def _problem(w, b, X, Y):
    """Validated (w, b, x, y, dtype) for propagate / optimize."""
    x = _data(X)
    n, m = x.shape
    w_arr = _weights(w, n)
    b_val = _bias(b)
    y = _labels(Y, m)
    return w_arr, b_val, x, y, float_dtype(w_arr, x, y)  # numpy: int64 labels promote float32 to float64


def use_gram(n, m, num_iterations):
    """True when training in the span of X's columns needs less arithmetic:
    ``n m^2 / 2`` once plus ``m^2`` per iteration, against ``2 n m`` per iteration."""
    return m * m * 8 <= GRAM_MAX_BYTES and m * (n / 2 + num_iterations) < 2 * num_iterations * n


def _run(w_arr, b, x, y, dtype, num_iterations, rate, gram=None):
    """Train; returns (w, b, dw, db, costs) with w and dw shaped like w_arr."""
    n, m = x.shape
    xt = contiguous(x.T, dtype)  # free for the course's X (a transposed C array)
    yv = contiguous(y, dtype).reshape(-1)
    w0 = np.array(w_arr, dtype=dtype).reshape(-1)  # a copy: the caller's w is never touched
    costs = np.empty((num_iterations + 99) // 100, dtype)
    dz = np.empty(m, dtype)
    if gram is None:
        gram = use_gram(n, m, num_iterations)
    if gram:
        alpha = np.zeros(m, dtype)
        b_out, db = _optimize_gram(xt @ xt.T, xt @ w0, yv, alpha, b, num_iterations, rate, costs, dz)
        w_out = w0 + alpha @ xt
        dw = (1.0 / m) * (dz @ xt)
    else:
        dw = np.empty(n, dtype)
        b_out, db = _optimize_direct(xt, yv, w0, b, num_iterations, rate, costs, dw, dz)
        w_out = w0
    shape = np.shape(w_arr)
    return w_out.reshape(shape), dtype.type(b_out), dw.reshape(shape), dtype.type(db), [dtype.type(c) for c in costs]


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
    _, _, dw, db, costs = _run(w_arr, b_val, x, y, dtype, 1, 0.0, gram=False)
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
    iterations = positive_int(num_iterations, "num_iterations")
    rate = learning_rate_value(learning_rate)
    w_out, b_out, dw, db, costs = _run(w_arr, b_val, x, y, dtype, iterations, rate)
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
    z = contiguous(np.dot(contiguous(w_arr, dtype).reshape(-1), x.astype(dtype, copy=False)), dtype)
    out = np.empty((1, m))
    _predict_kernel(z, b_val, out.reshape(-1))
    return out


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
    x_train = _data(X_train, "X_train")
    y_train = _labels(Y_train, x_train.shape[1], "Y_train", "X_train")
    x_test = _data(X_test, "X_test")
    if x_test.shape[0] != x_train.shape[0]:
        raise ValueError(f"X_test must have {x_train.shape[0]} rows like X_train, got shape {x_test.shape}")
    y_test = _labels(Y_test, x_test.shape[1], "Y_test", "X_test")
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
