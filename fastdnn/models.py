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
- The output layer uses ``dZ_L = AL - Y`` and the cost from the logits,
  which equal the course's values where those are finite (to ~1e-15) and stay
  finite where ``log(1 - AL)`` overflows; a run whose parameters stop being
  finite raises :class:`TrainingDiverged` instead of returning NaN.
- ``costs`` holds numpy float scalars, not the 0-d arrays of ``np.squeeze``.
"""
import numbers
import os
from pathlib import Path

import numpy as np

from . import engine
from ._checks import finite, learning_rate_value, matrix, numeric_array
from .engine import TrainingDiverged
from .network import initialize_parameters, initialize_parameters_deep_app, layer_count

__all__ = ["two_layer_model", "L_layer_model", "predict", "load_data",
           "print_mislabeled_images", "TrainingDiverged"]

_RECORD_EVERY = 100


def _dims(layers_dims, n_x, name="layers_dims"):
    if isinstance(layers_dims, (str, bytes)) or not hasattr(layers_dims, "__len__"):
        raise TypeError(f"{name} must be a list or tuple of layer sizes, got {layers_dims!r:.80}")
    dims = list(layers_dims)
    if len(dims) < 2:
        raise ValueError(f"{name} needs the input size and at least one layer, got {dims}")
    for i, n in enumerate(dims):
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
            raise TypeError(f"{name}[{i}] (layer {i}) must be an integer, got {n!r}")
        if n < 1:
            raise ValueError(f"{name}[{i}] (layer {i}) must be at least 1, got {n}")
    dims = [int(n) for n in dims]
    if dims[0] != n_x:
        raise ValueError(f"{name}[0] is {dims[0]} but X has {n_x} rows (shape (n_x, m) expected)")
    return dims


def _training_data(X, Y, dims, output):
    """X as a finite (n_x, m) array and Y as labels of shape (n_y, m) or (1, m)."""
    x = matrix(X, "X")
    if x.shape[1] < 1 or x.shape[0] < 1:
        raise ValueError(f"X must have at least one row and one example, got shape {x.shape}")
    finite(x, "X")
    m = x.shape[1]
    y = numeric_array(Y, "Y")
    if output == "softmax":
        if y.shape not in ((1, m), (m,)):
            raise ValueError(
                f"Y must have shape (1, {m}) or ({m},) (one class label per column of X), "
                f"got shape {y.shape} for X of shape {x.shape}")
        y = y.reshape(1, m)
        K = dims[-1]
        if not (np.isfinite(y).all() and (y == np.round(y)).all() and (y >= 0).all() and (y < K).all()):
            raise ValueError(f"Y must hold integer class labels 0..{K - 1} (layers_dims[-1] = {K})")
        return x, y
    n_y = dims[-1]
    if y.shape == (m,) and n_y == 1:
        y = y.reshape(1, m)
    if y.shape != (n_y, m):
        raise ValueError(
            f"Y must have shape ({n_y}, {m}) to match X of shape {x.shape} and an output "
            f"layer of {n_y} unit(s), got shape {y.shape}")
    if not np.isin(y, (0, 1)).all():
        bad = np.unique(y[~np.isin(y, (0, 1))])[:5]
        raise ValueError(f"Y must hold labels 0 or 1, found {bad.tolist()}")
    return x, y


def _iterations(num_iterations):
    if isinstance(num_iterations, (bool, np.bool_)) or not isinstance(num_iterations, numbers.Integral):
        raise TypeError(f"num_iterations must be an integer, got {num_iterations!r}")
    if num_iterations < 0:
        raise ValueError(f"num_iterations must be >= 0, got {num_iterations}")
    return int(num_iterations)


def _options(learning_rate, num_iterations, print_cost, dtype, method):
    rate = learning_rate_value(learning_rate)
    if rate <= 0:
        raise ValueError(f"learning_rate must be positive, got {rate}")
    n_iter = _iterations(num_iterations)
    if dtype is not None and np.dtype(dtype) not in (np.float32, np.float64):
        raise TypeError(f"dtype must be numpy.float64 or numpy.float32, got {np.dtype(dtype)}")
    if method not in ("auto", "direct", "gram"):
        raise ValueError(f"method must be 'auto', 'direct' or 'gram', got {method!r}")
    return rate, n_iter


def _fit(x, y, parameters, learning_rate, num_iterations, print_cost, *, output, dtype,
         method, callback, hidden="relu"):
    L = len(parameters) // 2
    weights = [parameters[f"W{l}"] for l in range(1, L + 1)]
    biases = [parameters[f"b{l}"] for l in range(1, L + 1)]

    def report(iteration, cost):
        if print_cost and (iteration % _RECORD_EVERY == 0 or iteration == num_iterations - 1):
            print(f"Cost after iteration {iteration}: {cost}")
        if callback is not None:
            callback(iteration, cost)

    live = print_cost or callback is not None
    result = engine.train(
        x, y, weights, biases, learning_rate=learning_rate, num_iterations=num_iterations,
        hidden=hidden, output=output, record_every=_RECORD_EVERY, record_last=print_cost,
        method=method, dtype=np.float64 if dtype is None else dtype,
        callback=report if live else None)
    params = {}
    for l in range(1, L + 1):
        params[f"W{l}"] = result.weights[l - 1]
        params[f"b{l}"] = result.biases[l - 1]
    costs = [c for i, c in zip(result.iterations, result.costs) if i % _RECORD_EVERY == 0]
    return params, costs


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
    x = matrix(X, "X")
    dims = _dims(layers_dims, x.shape[0])
    if len(dims) != 3:
        raise ValueError(f"layers_dims must be (n_x, n_h, n_y) for two_layer_model, got {dims}")
    x, y = _training_data(x, Y, dims, "sigmoid")
    rate, n_iter = _options(learning_rate, num_iterations, print_cost, dtype, method)
    parameters = initialize_parameters(*dims)
    return _fit(x, y, parameters, rate, n_iter, print_cost, output="sigmoid", dtype=dtype,
                method=method, callback=callback)


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False,
                  *, output="sigmoid", dtype=None, method="auto", callback=None):
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
    if output not in ("sigmoid", "softmax"):
        raise ValueError(f"output must be 'sigmoid' or 'softmax', got {output!r}")
    x = matrix(X, "X")
    dims = _dims(layers_dims, x.shape[0])
    if output == "softmax" and dims[-1] < 2:
        raise ValueError(f"output='softmax' needs at least 2 output units, layers_dims[-1] is {dims[-1]}")
    x, y = _training_data(x, Y, dims, output)
    rate, n_iter = _options(learning_rate, num_iterations, print_cost, dtype, method)
    parameters = initialize_parameters_deep_app(dims)
    return _fit(x, y, parameters, rate, n_iter, print_cost, output=output, dtype=dtype,
                method=method, callback=callback)


def predict(X, y, parameters, *, output="auto"):
    """Predictions of a trained network, and its accuracy printed as the course does.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    y : array_like, shape (1, m) or (m,)
        True labels (0/1, or class indices for softmax).
    parameters : dict
        ``W1, b1, ..., WL, bL`` of a [LINEAR->RELU]*(L-1)->LINEAR->output network.
    output : {"auto", "sigmoid", "softmax"}, keyword-only
        ``"auto"``: sigmoid for one output unit, softmax for several.

    Returns
    -------
    p : ndarray, shape (1, m)
        0/1 (``probas > 0.5``) for sigmoid, the argmax class for softmax.
    """
    from .network import L_model_forward  # model level: uses the step-by-step API

    L = layer_count(parameters)
    x = matrix(X, "X")
    m = x.shape[1]
    n_out = np.shape(parameters[f"W{L}"])[0]
    if output == "auto":
        output = "softmax" if n_out > 1 else "sigmoid"
    if output not in ("sigmoid", "softmax"):
        raise ValueError(f"output must be 'auto', 'sigmoid' or 'softmax', got {output!r}")
    yv = numeric_array(y, "y")
    if yv.size != m:
        raise ValueError(f"y must have one label per column of X ({m}), got shape {yv.shape}")
    yv = yv.reshape(1, m)
    probas, caches = L_model_forward(x, parameters)
    if output == "softmax":
        logits = caches[-1][1]
        p = np.argmax(logits, axis=0).reshape(1, m)
    else:
        if n_out != 1:
            raise ValueError(f"output='sigmoid' predicts one unit, the last layer has {n_out}")
        p = np.zeros((1, m))
        p[probas > 0.5] = 1
    print("Accuracy: " + str(np.sum((p == yv) / m)))
    return p


def load_data(path=None):
    """The cat / non-cat data set of the course.

    Parameters
    ----------
    path : str or Path, optional
        Directory holding ``train_catvnoncat.h5`` and ``test_catvnoncat.h5``;
        ``datasets/`` of the current directory by default, as in the course.

    Returns
    -------
    train_x_orig : ndarray (209, 64, 64, 3) uint8
    train_y : ndarray (1, 209)
    test_x_orig : ndarray (50, 64, 64, 3) uint8
    test_y : ndarray (1, 50)
    classes : ndarray of bytes
    """
    directory = Path("datasets") if path is None else Path(os.fspath(path))
    files = {name: directory / f"{name}_catvnoncat.h5" for name in ("train", "test")}
    for file in files.values():
        if not file.is_file():
            raise FileNotFoundError(f"cat data file not found: {file} (pass load_data(path=<directory>))")
    import h5py

    with h5py.File(files["train"], "r") as train:
        train_x = np.array(train["train_set_x"][:])
        train_y = np.array(train["train_set_y"][:])
    with h5py.File(files["test"], "r") as test:
        test_x = np.array(test["test_set_x"][:])
        test_y = np.array(test["test_set_y"][:])
        classes = np.array(test["list_classes"][:])
    return (train_x, train_y.reshape((1, train_y.shape[0])), test_x,
            test_y.reshape((1, test_y.shape[0])), classes)


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
