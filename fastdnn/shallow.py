"""The one-hidden-layer tanh network of the course's week 3 ("Planar data
classification with one hidden layer") and its ``planar_utils``, with the
course's names, signatures, dict keys, seeds and printed lines.

``nn_model`` is the training engine's loop with a tanh hidden layer
(:func:`fastdnn._core.engine.train`); the step functions are the layer functions
of :mod:`fastdnn.layers` and the one cost of :mod:`fastdnn._core.cost`.

Its names collide with the deep API's (``initialize_parameters``,
``compute_cost``, ``update_parameters``, ``predict`` mean other things in
:mod:`fastdnn`), hence this separate module.
"""
import numbers

import numpy as np

from . import network
from ._core import engine
from ._checks import (contiguous, float_dtype, iteration_count, learning_rate_value, matrix, numeric_array,
                      positive_int, targets, training_inputs)
from ._core.activation_table import SIGMOID, TANH
from ._core.cost import cross_entropy
from .layers import backward, forward
from .logistic import sigmoid
from .datasets import load_planar_dataset  # noqa: F401 (planar_utils serves it from here)
from .network import two_layer_parameters
from ._params import check_network, layer_count

__all__ = ["sigmoid", "load_planar_dataset", "load_extra_datasets", "plot_decision_boundary",
           "layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
           "backward_propagation", "update_parameters", "nn_model", "predict"]



# --------------------------------------------------------------------------- planar_utils

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


#: The week-3 notebook records (and prints) the cost every this many iterations (the others every
#: :data:`fastdnn._params.RECORD_EVERY`).
PRINT_EVERY = 1000


# --------------------------------------------------------------------------- checks

def _parameters(parameters, n_x=None):
    """W1, b1, W2, b2 as numeric arrays, by the one network rule
    (:func:`fastdnn._params.check_network`), against X's ``n_x`` rows when given."""
    layers = layer_count(parameters)
    if layers != 2:
        raise ValueError(f"parameters must hold the two layers W1, b1, W2, b2 of the week-3 network, "
                         f"got {layers} layers (keys {sorted(parameters)})")
    if n_x is None:  # update_parameters has no X: W1's own columns
        n_x = matrix(parameters["W1"], "parameters['W1']").shape[1]
    _, ((w1, b1), (w2, b2)) = check_network(np.empty((n_x, 0)), parameters)
    return w1, b1, w2, b2


def _data_labels(X, Y):
    x = training_inputs(X)
    y = numeric_array(Y, "Y")
    if y.ndim != 2 or y.shape[1] != x.shape[1]:
        raise ValueError(f"Y must have shape (n_y, {x.shape[1]}) to match X's {x.shape[1]} columns, "
                         f"got shape {y.shape}")
    return x, targets(y, y.shape[0], x.shape[1])


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
    A1, Z1 = forward(x, w1, b1, TANH)
    A2, Z2 = forward(A1, w2, b2, SIGMOID)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(A2, Y, parameters=None):
    """Cross-entropy ``-sum(Y log A2 + (1 - Y) log(1 - A2)) / m``.

    Parameters
    ----------
    A2 : array_like, shape (n_y, m), or (m,) with Y of shape (1, m)
    Y : array_like, shape (n_y, m)
    parameters : dict, optional
        Unused (the older course signature passes it).

    Returns
    -------
    cost : float
    """
    y = numeric_array(Y, "Y")
    a2 = numeric_array(A2, "A2")
    if a2.ndim == 1 and y.shape == (1, a2.size):
        # the course's code broadcasts such an A2 against Y (the 2021 grader passes one)
        a2 = a2.reshape(y.shape)
    a2 = matrix(a2, "A2")
    if a2.shape[1] == 0:
        raise ValueError(f"A2 must hold at least one example (column), got shape {a2.shape}")
    if y.shape != a2.shape:
        raise ValueError(f"Y must have the shape of A2 {a2.shape}, got {y.shape}")
    dtype = float_dtype(a2, y)
    return float(cross_entropy(contiguous(a2, dtype), contiguous(y, dtype)))


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
    a1 = contiguous(a1, dtype)
    dz2 = contiguous(a2, dtype) - contiguous(y, dtype)
    da1, dw2, db2 = backward(dz2, a1, w2, b2, np.add.reduce(dz2, axis=1))
    dz1 = da1 * (1 - a1 * a1)  # tanh'(Z1) from A1, as the course writes it
    _, dw1, db1 = backward(dz1, x, w1, b1, np.add.reduce(dz1, axis=1))
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
        The course's default is 1.2.
    """
    _parameters(parameters)
    return network.update_parameters(parameters, grads, learning_rate)


def _nn_model_options(args, num_iterations, print_cost, learning_rate):
    """The 4th positional argument of ``nn_model`` across editions: the
    current course's ``nn_model(X, Y, n_h, learning_rate, num_iterations=...)``
    passes a float rate there, older ones ``nn_model(X, Y, n_h,
    num_iterations, print_cost)`` an integer count. An integer is taken as
    ``num_iterations``, any other real as ``learning_rate``."""
    if len(args) > 2:
        raise TypeError(f"nn_model takes at most 6 positional arguments, got {3 + len(args)}")
    if args and not isinstance(args[0], (bool, np.bool_)) and isinstance(args[0], numbers.Integral):
        positional = dict(zip(("num_iterations", "print_cost"), args))
    else:
        positional = dict(zip(("learning_rate", "num_iterations"), args))
    given = dict(num_iterations=num_iterations, print_cost=print_cost, learning_rate=learning_rate)
    for name, value in positional.items():
        if given[name] is not None:
            raise TypeError(f"nn_model got multiple values for argument {name!r}")
        given[name] = value
    return (given["num_iterations"] if given["num_iterations"] is not None else 10000,
            bool(given["print_cost"]) if given["print_cost"] is not None else False,
            given["learning_rate"] if given["learning_rate"] is not None else 1.2)


#: The seed ``nn_model``'s initial draws follow, by edition (``dropin.install(edition=...)``):
#: the current notebook's ``nn_model`` calls ``np.random.seed(3)`` and its
#: ``initialize_parameters`` draws on; the 2017-2020 ones reseed with 2 there.
_NN_MODEL_SEED = {None: 3, 2017: 2, 2018: 2}


def nn_model(X, Y, n_h, *args, num_iterations=None, print_cost=None, learning_rate=None, seed=None):
    """Train the tanh -> sigmoid network from the course's initialisation.

    Called as in every edition: ``nn_model(X, Y, n_h, num_iterations=10000,
    print_cost=False)`` (older; a positional integer is ``num_iterations``)
    and ``nn_model(X, Y, n_h, learning_rate, num_iterations=10000,
    print_cost=False)`` (current; a positional float is ``learning_rate``).

    Seeds as the edition's notebook does (:func:`fastdnn.dropin.install`
    chooses the edition; the current one when fastdnn is not installed): the
    current ``nn_model`` calls ``np.random.seed(3)`` and draws, the 2017-2020
    ones ``np.random.seed(3)`` then ``seed(2)`` in ``initialize_parameters``.
    So every call starts from the same weights, whatever the caller's
    generator, and leaves numpy's global generator as the course's does.
    Prints "Cost after iteration %i: %f" every 1000 iterations when
    ``print_cost``.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    Y : array_like, shape (n_y, m)
        Targets (any finite reals; the course's are 0/1).
    n_h : int
        Hidden units.
    num_iterations : int, default 10000
    print_cost : bool, default False
    learning_rate : float, default 1.2 (``update_parameters``' default in the course)
    seed : int, optional, keyword-only
        Seed of the initial draws in place of the edition's (3 in the current
        course, 2 in the 2017-2020 ones): ``np.random.seed(seed)``, then the draws.

    Returns
    -------
    parameters : dict
        Trained ``W1, b1, W2, b2``.
    """
    num_iterations, print_cost, learning_rate = _nn_model_options(args, num_iterations, print_cost,
                                                                   learning_rate)
    x, y = _data_labels(X, Y)
    n_h = positive_int(n_h, "n_h")
    rate = learning_rate_value(learning_rate)
    iterations = iteration_count(num_iterations)
    n_x, _, n_y = layer_sizes(x, y)
    if seed is None:
        from .dropin import installed_edition
        seed = _NN_MODEL_SEED[installed_edition()]
    parameters = two_layer_parameters(n_x, n_h, n_y, seed=positive_int(seed, "seed"))
    result = engine.train(x, y, [parameters["W1"], parameters["W2"]], [parameters["b1"], parameters["b2"]],
                          learning_rate=rate, num_iterations=iterations, hidden="tanh",
                          record_every=PRINT_EVERY, dtype=float_dtype(x, parameters["W1"]),
                          callback=(lambda i, cost: print("Cost after iteration %i: %f" % (i, cost)))
                          if print_cost else None)
    (w1, w2), (b1, b2) = result.weights, result.biases
    return {"W1": w1, "b1": b1, "W2": w2, "b2": b2}


def predict(parameters, X):
    """``A2 > 0.5`` from ``forward_propagation``.

    Returns
    -------
    predictions : ndarray of bool, shape (n_y, m)
    """
    A2, _ = forward_propagation(X, parameters)
    return A2 > 0.5
