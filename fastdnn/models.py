"""The course's models, trained by the compiled engine: ``two_layer_model``,
``L_layer_model``, ``predict``, ``load_data`` and ``print_mislabeled_images``
(the helpers of ``dnn_app_utils_v3``), with the current course's signatures,
initialisations, recorded costs and printed lines.

Inputs are validated here, before any kernel: a bad shape, label, size or
value raises ValueError/TypeError naming the argument (and the layer).

Differences from the course's code, on purpose:

- The course's ``if print_cost and i % 100 == 0 or i == num_iterations - 1``
  prints the last cost even with ``print_cost=False`` (operator precedence);
  here nothing is printed unless ``print_cost`` is true.
- The output layer uses ``dZ_L = AL - Y``, the course's value where its
  ``dAL`` is finite; the recorded cost is the course's expression
  (:func:`fastdnn._core.cost.cross_entropy`), with the terms where ``AL`` rounded
  to 0 or 1 taken from the logits, so it stays finite where the course's
  gives ``nan``; a run whose parameters stop being finite raises
  :class:`TrainingDiverged` instead of returning NaN.
"""
import numpy as np

from ._params import fit_network
from ._checks import (first_layer_method, iteration_count, layer_sizes, learning_rate_value, matrix, numeric_array,
                      output_kind, training_dtype, training_inputs, training_labels)
from ._core.activation_table import activation_code
from .datasets import load_cat_data
from ._core.engine import TrainingDiverged
from .network import L_model_forward, initialize_parameters, initialize_parameters_deep_app
from ._params import check_network

__all__ = ["two_layer_model", "L_layer_model", "predict", "load_data",
           "print_mislabeled_images", "TrainingDiverged"]

#: The course records (and prints) the cost every this many iterations.


def _training_problem(X, Y, layers_dims, output, learning_rate, num_iterations, dtype, method):
    """Validated (x, y, dims, rate, iterations, dtype), by the rules of :mod:`fastdnn._checks`."""
    x = training_inputs(X)
    dims = layer_sizes(layers_dims, "layers_dims", n_x=x.shape[0])
    y = training_labels(Y, output, dims[-1], x.shape[1])
    return (x, y, dims, learning_rate_value(learning_rate), iteration_count(num_iterations),
            training_dtype(dtype), first_layer_method(method))


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False,
                    *, dtype=None, method="auto", callback=None):
    """Two-layer network LINEAR->RELU->LINEAR->SIGMOID, as in the course.

    Parameters are initialised by :func:`fastdnn.initialize_parameters`
    (seed 1, ``randn * 0.01``) and trained by full-batch gradient descent.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
        Input data (finite).
    Y : array_like, shape (1, m) or (m,)
        Labels 0/1.
    layers_dims : tuple of 3 int
        ``(n_x, n_h, n_y)``.
    learning_rate : float
    num_iterations : int
    print_cost : bool
        Print ``Cost after iteration i: c`` every 100 iterations and at the last one.
    dtype : {None, numpy.float64, numpy.float32}, keyword-only
        Training precision (float64 by default, which reproduces the course).
    method : {"auto", "direct", "gram"}, keyword-only
        First-layer strategy; ``"gram"`` gives the same iterates and is faster
        when m < n_x. ``"auto"`` picks it from a flop/memory estimate, in
        float64 only (in float32 it drifts on ill-conditioned data).
    callback : callable, keyword-only
        ``callback(iteration, cost)`` at every recorded iteration.

    Returns
    -------
    parameters : dict
        ``W1, b1, W2, b2``.
    costs : list
        Cost at iterations 0, 100, 200, ... (computed before that iteration's update).

    Raises
    ------
    ValueError, TypeError
        On bad input, before training.
    TrainingDiverged
        When the parameters stop being finite (names the iteration and the learning rate).
    """
    x, y, dims, rate, n_iter, dtype, method = _training_problem(
        X, Y, layers_dims, "sigmoid", learning_rate, num_iterations, dtype, method)
    if len(dims) != 3:
        raise ValueError(f"layers_dims must be (n_x, n_h, n_y) for two_layer_model, got {dims}")
    parameters = initialize_parameters(*dims)
    return fit_network(x, y, parameters, rate, n_iter, print_cost, output="sigmoid", dtype=dtype,
                       method=method, callback=callback)


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False,
                  *, hidden="relu", output="sigmoid", dtype=None, method="auto", callback=None):
    """L-layer network [LINEAR->RELU]*(L-1)->LINEAR->SIGMOID, as in the course.

    Parameters are initialised as in the application (seed 1,
    ``randn / sqrt(n_{l-1})``, :func:`fastdnn.initialize_parameters_deep_app`)
    and trained by full-batch gradient descent.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    Y : array_like
        ``(n_L, m)`` (or ``(m,)``) labels 0/1; with ``output="softmax"``,
        ``(1, m)`` or ``(m,)`` class labels ``0 .. layers_dims[-1]-1``.
    layers_dims : sequence of int
        ``[n_x, n_1, ..., n_L]``.
    learning_rate : float
    num_iterations : int
    print_cost : bool
        Print ``Cost after iteration i: c`` every 100 iterations and at the last one.
    hidden : {"relu", "tanh", "sigmoid", "leaky_relu"}, keyword-only
        Activation of the hidden layers (the course's is relu).
    output : {"sigmoid", "softmax"}, keyword-only
        Output layer. ``"softmax"``: softmax over the rows of each column, mean
        cross-entropy cost from the logits, ``dZ_L = softmax - onehot``.
    dtype : {None, numpy.float64, numpy.float32}, keyword-only
        Training precision (float64 by default, which reproduces the course).
    method : {"auto", "direct", "gram"}, keyword-only
        First-layer strategy, as in :func:`two_layer_model`.
    callback : callable, keyword-only
        ``callback(iteration, cost)`` at every recorded iteration.

    Returns
    -------
    parameters : dict
        ``W1, b1, ..., WL, bL``.
    costs : list
        Cost at iterations 0, 100, 200, ...

    Raises
    ------
    ValueError, TypeError
        On bad input, before training.
    TrainingDiverged
        When the parameters stop being finite.
    """
    activation_code(hidden, "hidden")
    x, y, dims, rate, n_iter, dtype, method = _training_problem(
        X, Y, layers_dims, output, learning_rate, num_iterations, dtype, method)
    parameters = initialize_parameters_deep_app(dims)
    return fit_network(x, y, parameters, rate, n_iter, print_cost, output=output, dtype=dtype,
                       method=method, callback=callback, hidden=hidden)


def predict(X, y, parameters, *, hidden="relu", output="auto"):
    """Predictions of a trained network, and its accuracy printed as the course does.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    y : array_like, shape (1, m) or (m,)
        True labels (0/1, or class indices for softmax).
    parameters : dict
        ``W1, b1, ..., WL, bL`` of a [LINEAR->RELU]*(L-1)->LINEAR->output network.
    hidden : {"relu", "tanh", "sigmoid", "leaky_relu"}, keyword-only
        Activation of the hidden layers.
    output : {"auto", "sigmoid", "softmax"}, keyword-only
        ``"auto"``: sigmoid for one output unit, softmax for several.

    Returns
    -------
    p : ndarray, shape (1, m)
        0/1 (``probas > 0.5``) for sigmoid, the argmax class for softmax.
    """
    p, labels = predictions(X, y, parameters, hidden=hidden, output=output)
    print("Accuracy: " + str(np.sum((p == labels) / p.shape[1])))
    return p


def predictions(X, y, parameters, *, hidden="relu", output="auto"):
    """``predict`` without the printed accuracy: the predictions and the labels
    ``y`` checked and reshaped to (1, m), for the helper files that print it
    their own way."""
    x, layers = check_network(X, parameters)
    m = x.shape[1]
    n_out = layers[-1][0].shape[0]
    output = output_kind(output, n_out)
    yv = numeric_array(y, "y")
    if yv.size != m:
        raise ValueError(f"y must have one label per column of X ({m}), got shape {yv.shape}")
    yv = yv.reshape(1, m)
    probas, caches = L_model_forward(x, parameters, hidden=hidden)
    if output == "softmax":
        logits = caches[-1][1]
        p = np.argmax(logits, axis=0).reshape(1, m)
    else:
        if n_out != 1:
            raise ValueError(f"output='sigmoid' predicts one unit, the last layer has {n_out}")
        p = np.zeros((1, m))
        p[probas > 0.5] = 1
    return p, yv


def load_data(path=None):
    """The cat / non-cat data set of the course (``dnn_app_utils``' ``load_data``);
    see :func:`fastdnn.datasets.load_cat_data`."""
    return load_cat_data(path)


def print_mislabeled_images(classes, X, y, p):
    """Plot the images where prediction and truth differ (needs matplotlib).

    Parameters
    ----------
    classes : array of bytes
    X : array_like, shape (64*64*3, m)
    y, p : array_like, shape (1, m)
        Labels and predictions.

    Returns
    -------
    indices : ndarray of int
        Columns of the mislabeled images.
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("print_mislabeled_images needs matplotlib: pip install matplotlib") from None
    x = matrix(X, "X")
    yv = numeric_array(y, "y").reshape(1, -1)
    pv = numeric_array(p, "p").reshape(1, -1)
    if yv.shape[1] != x.shape[1] or pv.shape[1] != x.shape[1]:
        raise ValueError(f"y and p need one entry per column of X ({x.shape[1]}), "
                         f"got shapes {np.shape(y)} and {np.shape(p)}")
    a = pv + yv
    mislabeled = np.asarray(np.where(a == 1))
    plt.rcParams["figure.figsize"] = (40.0, 40.0)
    num_images = len(mislabeled[0])
    for i in range(num_images):
        index = mislabeled[1][i]
        plt.subplot(2, num_images, i + 1)
        plt.imshow(x[:, index].reshape(64, 64, 3), interpolation="nearest")
        plt.axis("off")
        plt.title("Prediction: " + classes[int(pv[0, index])].decode("utf-8") + " \n Class: "
                  + classes[int(yv[0, index])].decode("utf-8"))
    return mislabeled[1]
