"""The one-hidden-layer tanh network of the course's week 3 ("Planar data
classification with one hidden layer") and its ``planar_utils``, with the
course's names, signatures, dict keys, seeds and printed lines.

``nn_model`` runs all its iterations in one compiled call (:func:`_train`):
per iteration one forward pass row by row (vectorised over the examples), the
gradients (every product and sum a vectorised loop: with a few hidden units a
BLAS call costs more than the arithmetic), and the update, with every buffer
allocated once. The cost, which the course computes every iteration but only
prints every 1000, is computed only at those iterations. Every tanh here is
:func:`fastdnn.kernels._tanh`, a branch-free tanh that LLVM vectorises
(numba's ``np.tanh`` is a scalar libm call).

Its names collide with the deep API's (``initialize_parameters``,
``compute_cost``, ``update_parameters``, ``predict`` mean other things in
:mod:`fastdnn`), hence this separate module.
"""
import numpy as np

from . import kernels
from ._checks import contiguous, finite, float_dtype, learning_rate_value, matrix, numeric_array, positive_int
from .config import REASSOCIATE, jit
from .layers import forward
from .network import two_layer_parameters
from .logistic import sigmoid

__all__ = ["sigmoid", "load_planar_dataset", "load_extra_datasets", "plot_decision_boundary",
           "layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
           "backward_propagation", "update_parameters", "nn_model", "predict"]

_PARAMETER_KEYS = ("W1", "b1", "W2", "b2")


# --------------------------------------------------------------------------- planar_utils

def load_planar_dataset():
    """The course's 400-point two-class "flower" (``np.random.seed(1)``).

    Returns
    -------
    X : ndarray, shape (2, 400), float64
    Y : ndarray, shape (1, 400), uint8
    """
    np.random.seed(1)
    m = 400
    N = int(m / 2)
    D = 2
    X = np.zeros((m, D))
    Y = np.zeros((m, 1), dtype='uint8')
    a = 4
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def load_extra_datasets():
    """The course's other planar data sets (needs scikit-learn).

    Returns
    -------
    noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure
        Each a pair ``(X, y)`` with X of shape (200, 2).
    """
    try:
        import sklearn.datasets
    except ImportError:
        raise ImportError("load_extra_datasets needs scikit-learn: pip install scikit-learn") from None
    N = 200
    noisy_circles = sklearn.datasets.make_circles(n_samples=N, factor=.5, noise=.3)
    noisy_moons = sklearn.datasets.make_moons(n_samples=N, noise=.2)
    blobs = sklearn.datasets.make_blobs(n_samples=N, random_state=5, n_features=2, centers=6)
    gaussian_quantiles = sklearn.datasets.make_gaussian_quantiles(mean=None, cov=0.5, n_samples=N, n_features=2,
                                                                  n_classes=2, shuffle=True, random_state=None)
    no_structure = np.random.rand(N, 2), np.random.rand(N, 2)
    return noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure


def plot_decision_boundary(model, X, y):
    """Filled contour of ``model`` over a 0.01 grid around X, with the points
    coloured by y (needs matplotlib).

    Parameters
    ----------
    model : callable
        Maps an (k, 2) array of grid points to k labels, e.g.
        ``lambda x: predict(parameters, x.T)``.
    X : array_like, shape (2, m)
    y : array_like, m labels
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("plot_decision_boundary needs matplotlib: pip install matplotlib") from None
    X = matrix(X, "X")
    if X.shape[0] != 2:
        raise ValueError(f"X must have shape (2, m), got {X.shape}")
    x_min, x_max = X[0, :].min() - 1, X[0, :].max() + 1
    y_min, y_max = X[1, :].min() - 1, X[1, :].max() + 1
    h = 0.01
    xx, yy = np.meshgrid(np.arange(x_min, x_max, h), np.arange(y_min, y_max, h))
    Z = np.asarray(model(np.c_[xx.ravel(), yy.ravel()]))
    Z = Z.reshape(xx.shape)
    plt.contourf(xx, yy, Z, cmap=plt.cm.Spectral)
    plt.ylabel('x2')
    plt.xlabel('x1')
    plt.scatter(X[0, :], X[1, :], c=np.ravel(y), cmap=plt.cm.Spectral)


# --------------------------------------------------------------------------- kernels

@jit()
def _linear_rows(w, b, a_prev, out, code):
    """out = g(w @ a_prev + b), row by row, vectorised over the examples; the
    first product term is added with the bias, the last in the activation's pass.

    Parameters
    ----------
    w : ndarray, shape (n, n_prev)
    b : ndarray, shape (n,)
    a_prev : ndarray, shape (n_prev, m)
    out : ndarray, shape (n, m)
    code : int
        ``kernels.TANH`` or ``kernels.SIGMOID``.
    """
    n_prev, m = a_prev.shape
    last = n_prev - 1
    for k in range(w.shape[0]):
        bk = b[k]
        if last > 0:
            wk = w[k, 0]
            for j in range(m):
                out[k, j] = bk + wk * a_prev[0, j]
        else:
            out[k, :] = bk
        for i in range(1, last):
            wk = w[k, i]
            for j in range(m):
                out[k, j] += wk * a_prev[i, j]
        wk = w[k, last]
        if code == kernels.TANH:
            for j in range(m):
                out[k, j] = kernels._tanh(out[k, j] + wk * a_prev[last, j])
        else:
            for j in range(m):
                out[k, j] = kernels._sigmoid(out[k, j] + wk * a_prev[last, j])


@jit()
def _cost(a2, y, prod, frames, values):
    """The course's ``-np.sum(log(A2) * Y + log(1 - A2) * (1 - Y)) / m``.

    Parameters
    ----------
    a2, y : ndarray, shape (n_y, m)
    prod : ndarray, shape (n_y * m,)
        Scratch.
    """
    n_y, m = a2.shape
    for r in range(n_y):
        for j in range(m):
            prod[r * m + j] = np.log(a2[r, j]) * y[r, j] + np.log(1.0 - a2[r, j]) * (1.0 - y[r, j])
    return -kernels.pairwise_sum_ws(prod, 0, n_y * m, frames, values) / m


@jit(flags=REASSOCIATE)
def _gradients(x, y, w2, a1, a2, dz2, dz1, dw1, db1, dw2, db2):
    """The course's backward_propagation on C-contiguous arrays, each sum fused
    into the pass that makes its terms. Sums run in vectorised order, not
    numpy's; with a few hidden units a BLAS call costs more than the product.

    Parameters
    ----------
    x : ndarray, shape (n_x, m)
    y, a2 : ndarray, shape (n_y, m)
    w2 : ndarray, shape (n_y, n_h)
    a1 : ndarray, shape (n_h, m)
    dz2 : ndarray, shape (n_y, m)
        Receives ``A2 - Y``.
    dz1 : ndarray, shape (n_h, m)
        Receives ``(W2^T dZ2) * (1 - A1**2)``.
    dw1 (n_h, n_x), db1 (n_h,), dw2 (n_y, n_h), db2 (n_y,) : ndarray
        Receive the gradients.
    """
    n_x, m = x.shape
    n_y, n_h = w2.shape
    scale = 1.0 / m
    last = n_y - 1
    for r in range(n_y):
        total = 0.0
        for j in range(m):
            d = a2[r, j] - y[r, j]
            dz2[r, j] = d
            total += d
        db2[r] = scale * total
    for k in range(n_h):
        dz1[k, :] = 0.0
        for r in range(last):
            wk = w2[r, k]
            total = 0.0
            for j in range(m):
                dz1[k, j] += wk * dz2[r, j]
                total += dz2[r, j] * a1[k, j]
            dw2[r, k] = scale * total
        wk = w2[last, k]
        total = 0.0
        bias_total = 0.0
        for j in range(m):
            d = dz2[last, j]
            total += d * a1[k, j]
            v = (dz1[k, j] + wk * d) * (1.0 - a1[k, j] * a1[k, j])
            dz1[k, j] = v
            bias_total += v
        dw2[last, k] = scale * total
        db1[k] = scale * bias_total
        for i in range(n_x):
            total = 0.0
            for j in range(m):
                total += dz1[k, j] * x[i, j]
            dw1[k, i] = scale * total


@jit()
def _train(x, y, w1, b1, w2, b2, rate, num_iterations, record_every, costs):
    """Full-batch gradient descent of the tanh -> sigmoid network, in place.

    Parameters
    ----------
    x : ndarray, shape (n_x, m)
    y : ndarray, shape (n_y, m)
    w1 (n_h, n_x), b1 (n_h,), w2 (n_y, n_h), b2 (n_y,) : ndarray
        Initial parameters on entry, trained ones on exit.
    rate : float
    num_iterations, record_every : int
    costs : ndarray, shape (ceil(num_iterations / record_every),)
        Receives the cost of iterations 0, record_every, ...
    """
    n_x, m = x.shape
    n_h = w1.shape[0]
    n_y = w2.shape[0]
    a1 = np.empty((n_h, m), x.dtype)
    dz1 = np.empty((n_h, m), x.dtype)
    a2 = np.empty((n_y, m), x.dtype)
    dz2 = np.empty((n_y, m), x.dtype)
    prod = np.empty(n_y * m, x.dtype)
    dw1 = np.empty_like(w1)
    db1 = np.empty_like(b1)
    dw2 = np.empty_like(w2)
    db2 = np.empty_like(b2)
    w1_flat, dw1_flat, w2_flat, dw2_flat = w1.reshape(-1), dw1.reshape(-1), w2.reshape(-1), dw2.reshape(-1)
    frames, values = kernels.pairwise_workspace()
    for it in range(num_iterations):
        _linear_rows(w1, b1, x, a1, kernels.TANH)
        _linear_rows(w2, b2, a1, a2, kernels.SIGMOID)
        if it % record_every == 0:
            costs[it // record_every] = _cost(a2, y, prod, frames, values)
        _gradients(x, y, w2, a1, a2, dz2, dz1, dw1, db1, dw2, db2)
        kernels.subtract_scaled(w1_flat, dw1_flat, rate, w1_flat, False)
        kernels.subtract_scaled(b1, db1, rate, b1, False)
        kernels.subtract_scaled(w2_flat, dw2_flat, rate, w2_flat, False)
        kernels.subtract_scaled(b2, db2, rate, b2, False)


# --------------------------------------------------------------------------- checks

def _parameters(parameters, n_x=None):
    """W1, b1, W2, b2 as numeric arrays with consistent shapes."""
    if not isinstance(parameters, dict):
        raise TypeError(f"parameters must be a dict with W1, b1, W2, b2, got {type(parameters).__name__}")
    missing = [key for key in _PARAMETER_KEYS if key not in parameters]
    if missing:
        raise ValueError(f"parameters is missing {missing}; keys given: {sorted(map(str, parameters))}")
    w1 = matrix(parameters["W1"], "parameters['W1']")
    w2 = matrix(parameters["W2"], "parameters['W2']")
    n_h = w1.shape[0]
    if w2.shape[1] != n_h:
        raise ValueError(f"parameters['W2'] has shape {w2.shape} but W1 has shape {w1.shape}: "
                         f"W2.shape[1] must equal W1.shape[0]")
    if n_x is not None and w1.shape[1] != n_x:
        raise ValueError(f"parameters['W1'] has shape {w1.shape} but X has {n_x} rows: "
                         f"W1.shape[1] must equal X.shape[0]")
    b1 = numeric_array(parameters["b1"], "parameters['b1']")
    b2 = numeric_array(parameters["b2"], "parameters['b2']")
    for b, rows, name in ((b1, n_h, "b1"), (b2, w2.shape[0], "b2")):
        if b.shape not in ((rows, 1), (rows,)):
            raise ValueError(f"parameters['{name}'] must have shape ({rows}, 1), got {b.shape}")
    return w1, b1, w2, b2


def _data(X):
    x = matrix(X, "X")
    if x.shape[1] == 0:
        raise ValueError(f"X must hold at least one example (column), got shape {x.shape}")
    finite(x, "X")
    return x


def _labels(Y, shape, name="Y"):
    y = numeric_array(Y, name)
    if y.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {y.shape}")
    finite(y, name)
    if ((y < 0) | (y > 1)).any():
        raise ValueError(f"{name} must hold labels in [0, 1], got values from {y.min()} to {y.max()}")
    return y


def _data_labels(X, Y):
    x = _data(X)
    y = numeric_array(Y, "Y")
    if y.ndim != 2 or y.shape[1] != x.shape[1]:
        raise ValueError(f"Y must have shape (n_y, {x.shape[1]}) to match X's {x.shape[1]} columns, "
                         f"got shape {y.shape}")
    return x, _labels(y, y.shape)


# --------------------------------------------------------------------------- the course's functions

def layer_sizes(X, Y):
    """``(n_x, 4, n_y)``: input size, the course's fixed hidden size 4, output size.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    Y : array_like, shape (n_y, m)
    """
    x = matrix(X, "X")
    y = matrix(Y, "Y")
    return (x.shape[0], 4, y.shape[0])


def initialize_parameters(n_x, n_h, n_y):
    """The course's initialisation: ``np.random.seed(2)``, ``randn * 0.01``, zero biases.

    Returns
    -------
    parameters : dict
        ``W1`` (n_h, n_x), ``b1`` (n_h, 1), ``W2`` (n_y, n_h), ``b2`` (n_y, 1).
    """
    return two_layer_parameters(n_x, n_h, n_y, seed=2)


def forward_propagation(X, parameters):
    """``A1 = tanh(W1 X + b1)``, ``A2 = sigmoid(W2 A1 + b2)``.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    parameters : dict
        ``W1, b1, W2, b2``.

    Returns
    -------
    A2 : ndarray, shape (n_y, m)
    cache : dict
        ``Z1``, ``A1`` (n_h, m), ``Z2``, ``A2`` (n_y, m).
    """
    x = matrix(X, "X")
    w1, b1, w2, b2 = _parameters(parameters, x.shape[0])
    A1, Z1 = forward(x, w1, b1, kernels.TANH)
    A2, Z2 = forward(A1, w2, b2, kernels.SIGMOID)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(A2, Y, parameters=None):
    """Cross-entropy ``-sum(Y log A2 + (1 - Y) log(1 - A2)) / m``.

    Parameters
    ----------
    A2 : array_like, shape (n_y, m)
    Y : array_like, shape (n_y, m)
    parameters : dict, optional
        Unused (the older course signature passes it).

    Returns
    -------
    cost : float
    """
    a2 = matrix(A2, "A2")
    if a2.shape[1] == 0:
        raise ValueError(f"A2 must hold at least one example (column), got shape {a2.shape}")
    y = numeric_array(Y, "Y")
    if y.shape != a2.shape:
        raise ValueError(f"Y must have the shape of A2 {a2.shape}, got {y.shape}")
    dtype = float_dtype(a2, y)
    prod = np.empty(a2.size, dtype)
    frames, values = kernels.pairwise_workspace()
    return float(_cost(contiguous(a2, dtype), contiguous(y, dtype), prod, frames, values))


def backward_propagation(parameters, cache, X, Y):
    """Gradients of the cost for the tanh -> sigmoid network.

    Parameters
    ----------
    parameters : dict
        ``W1, b1, W2, b2``.
    cache : dict
        ``A1`` (n_h, m) and ``A2`` (n_y, m) from ``forward_propagation``.
    X : array_like, shape (n_x, m)
    Y : array_like, shape (n_y, m)

    Returns
    -------
    grads : dict
        ``dW1`` (n_h, n_x), ``db1`` (n_h, 1), ``dW2`` (n_y, n_h), ``db2`` (n_y, 1).
    """
    x = matrix(X, "X")
    w1, b1, w2, b2 = _parameters(parameters, x.shape[0])
    if not isinstance(cache, dict) or "A1" not in cache or "A2" not in cache:
        raise TypeError("cache must be the dict of forward_propagation, with A1 and A2")
    m = x.shape[1]
    if m == 0:
        raise ValueError(f"X must hold at least one example (column), got shape {x.shape}")
    a1 = numeric_array(cache["A1"], "cache['A1']")
    a2 = numeric_array(cache["A2"], "cache['A2']")
    if a1.shape != (w1.shape[0], m):
        raise ValueError(f"cache['A1'] must have shape {(w1.shape[0], m)}, got {a1.shape}")
    if a2.shape != (w2.shape[0], m):
        raise ValueError(f"cache['A2'] must have shape {(w2.shape[0], m)}, got {a2.shape}")
    y = numeric_array(Y, "Y")
    if y.shape != a2.shape:
        raise ValueError(f"Y must have shape {a2.shape} like A2, got {y.shape}")
    dtype = float_dtype(x, y, w1, w2, a1, a2)
    n_y, n_h = w2.shape
    dz2, dz1 = np.empty((n_y, m), dtype), np.empty((n_h, m), dtype)
    dw1, db1 = np.empty((n_h, x.shape[0]), dtype), np.empty((n_h, 1), dtype)
    dw2, db2 = np.empty((n_y, n_h), dtype), np.empty((n_y, 1), dtype)
    _gradients(contiguous(x, dtype), contiguous(y, dtype), contiguous(w2, dtype), contiguous(a1, dtype),
               contiguous(a2, dtype), dz2, dz1, dw1, db1.reshape(-1), dw2, db2.reshape(-1))
    return {"dW1": dw1, "db1": db1, "dW2": dw2, "db2": db2}


def update_parameters(parameters, grads, learning_rate=1.2):
    """One gradient-descent step ``p - learning_rate * dp``; returns a new dict.

    Parameters
    ----------
    parameters : dict
        ``W1, b1, W2, b2``.
    grads : dict
        ``dW1, db1, dW2, db2`` of the same shapes.
    learning_rate : float
    """
    checked = dict(zip(_PARAMETER_KEYS, _parameters(parameters)))
    rate = learning_rate_value(learning_rate)
    if not isinstance(grads, dict):
        raise TypeError(f"grads must be a dict with dW1, db1, dW2, db2, got {type(grads).__name__}")
    updated = {}
    for key in _PARAMETER_KEYS:
        if "d" + key not in grads:
            raise ValueError(f"grads is missing 'd{key}'; keys given: {sorted(map(str, grads))}")
        p = checked[key]
        d = numeric_array(grads["d" + key], f"grads['d{key}']")
        if d.shape != p.shape:
            raise ValueError(f"grads['d{key}'] has shape {d.shape} but parameters['{key}'] has shape {p.shape}")
        dtype = float_dtype(p, d)
        out = np.array(p, dtype=dtype, order="C")
        kernels.subtract_scaled(out.reshape(-1), contiguous(d, dtype).reshape(-1), dtype.type(rate), out.reshape(-1), False)
        updated[key] = out
    return updated


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False, *, learning_rate=1.2):
    """Train the tanh -> sigmoid network from the course's initialisation.

    Seeds numpy's global generator as the course does (``seed(3)``, then
    ``seed(2)`` in ``initialize_parameters``). Prints "Cost after iteration %i:
    %f" every 1000 iterations when ``print_cost``.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    Y : array_like, shape (n_y, m)
        Labels in [0, 1].
    n_h : int
        Hidden units.
    num_iterations : int
    print_cost : bool
    learning_rate : float, keyword-only
        The course fixes it at ``update_parameters``' default, 1.2.

    Returns
    -------
    parameters : dict
        Trained ``W1, b1, W2, b2``.
    """
    x, y = _data_labels(X, Y)
    n_h = positive_int(n_h, "n_h")
    rate = learning_rate_value(learning_rate)
    iterations = positive_int(num_iterations, "num_iterations")
    np.random.seed(3)
    n_x, _, n_y = layer_sizes(x, y)
    parameters = initialize_parameters(n_x, n_h, n_y)
    dtype = float_dtype(x, parameters["W1"])
    w1, w2 = (np.array(parameters[k], dtype=dtype, order="C") for k in ("W1", "W2"))
    b1, b2 = (np.array(parameters[k], dtype=dtype).reshape(-1) for k in ("b1", "b2"))
    costs = np.empty((iterations + 999) // 1000)
    _train(contiguous(x, dtype), contiguous(y, dtype), w1, b1, w2, b2, rate, iterations, 1000, costs)
    if print_cost:
        for k, cost in enumerate(costs):
            print("Cost after iteration %i: %f" % (1000 * k, cost))
    return {"W1": w1, "b1": b1.reshape(n_h, 1), "W2": w2, "b2": b2.reshape(n_y, 1)}


def predict(parameters, X):
    """``A2 > 0.5`` from ``forward_propagation``.

    Returns
    -------
    predictions : ndarray of bool, shape (n_y, m)
    """
    A2, _ = forward_propagation(X, parameters)
    return A2 > 0.5
