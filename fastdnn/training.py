"""``fastdnn.fit``: the general trainer for [LINEAR->g]*(L-1) -> LINEAR->(SIGMOID |
SOFTMAX) networks, with mini-batches, momentum, Adam, L2, dropout, learning-rate
decay, a validation set and early stopping, all inside the compiled engine
(:mod:`fastdnn.engine`; Python runs between chunks of about 0.1 s only).

Everything runs :func:`engine.train_batches`; full-batch gradient descent
without L2, dropout, decay or validation takes the Gram path where it pays
(:func:`engine.choose_method`), as the course's models do.

Randomness comes from ``seed`` alone, through one ``numpy.random.default_rng``
drawn in this order: the initial weights, the validation split, the seed of
the dropout masks (each hashed from it, the step and the unit), then one
permutation per epoch. The same seed gives the same parameters on every run and every
thread count.
"""
import numpy as np

from . import engine
from ._checks import (beta_value, callable_or_none, choice, class_labels, epoch_count, keep_prob_value,
                      lambd_value, layer_sizes, learning_rate_value, mini_batch_size_value, patience_value,
                      positive_int, positive_value, real_value, targets, training_dtype, training_inputs,
                      validation_fraction_value, validation_pair)
from .activation_table import OUTPUT_SIGMOID, OUTPUT_SOFTMAX, activation_code, output_code
from .initializers import initialize_parameters_he

__all__ = ["fit", "OPTIMIZERS", "INITIALIZATIONS"]

OPTIMIZERS = ("gd", "momentum", "adam")
#: ``"he"`` randn * sqrt(2 / n_prev), ``"xavier"`` randn * sqrt(1 / n_prev),
#: ``"random"`` randn * 10 (the course's example of too large), ``"zeros"``,
#: all from ``seed``; ``"course"``: the course's He initialisation with its own
#: ``np.random.seed(3)`` (``initialize_parameters_he``), whatever ``seed`` is.
INITIALIZATIONS = ("he", "xavier", "random", "zeros", "course")
_SCALES = {"he": lambda n_prev: np.sqrt(2 / n_prev), "xavier": lambda n_prev: np.sqrt(1 / n_prev),
           "random": lambda n_prev: 10.0, "zeros": lambda n_prev: 0.0}


def initial_parameters(dims, initialization, rng):
    """Lists of ``W_l`` (n_l, n_{l-1}) and zero ``b_l`` (n_l, 1), float64."""
    if initialization == "course":
        p = initialize_parameters_he(dims)
        L = len(dims) - 1
        return [p[f"W{l}"] for l in range(1, L + 1)], [p[f"b{l}"] for l in range(1, L + 1)]
    weights = [rng.standard_normal((n, n_prev)) * _SCALES[initialization](n_prev)
               for n_prev, n in zip(dims[:-1], dims[1:])]
    return weights, [np.zeros((n, 1)) for n in dims[1:]]


def _labels(Y, dims, m, softmax_output, name):
    if softmax_output:
        return class_labels(Y, dims[-1], m, name)
    return targets(Y, dims[-1], m, name)


def data_cost(logits, labels, softmax_output):
    """Mean cross-entropy of logits (n_L, m) against their labels (the one cost of each output)."""
    return float(engine.logits_cost(logits, labels, OUTPUT_SOFTMAX if softmax_output else OUTPUT_SIGMOID))


def decayed_rates(rate, decay, decay_rate):
    """``rates(epoch)`` for :func:`engine.train_batches`: ``rate`` at epoch 0, then
    the course's ``decay(rate, epoch - 1, decay_rate)``; None without ``decay``
    (a constant rate needs no Python per epoch)."""
    if decay is None:
        return None
    return lambda epoch: rate if epoch == 0 else learning_rate_value(decay(rate, epoch - 1, decay_rate))


def accuracy(logits, labels, softmax_output):
    """Fraction of correct predictions: argmax against class labels, or z > 0 (A > 0.5) against Y > 0.5."""
    if softmax_output:
        return float(np.mean(np.argmax(logits, axis=0) == labels[0]))
    return float(np.mean((logits > 0) == (labels > 0.5)))


def fit(X, Y, layers_dims, *, learning_rate, num_epochs, optimizer="adam", mini_batch_size=None, beta=0.9,
        beta1=0.9, beta2=0.999, epsilon=1e-8, lambd=0.0, keep_prob=1.0, initialization="he", hidden="relu",
        output="sigmoid", decay=None, decay_rate=1.0, validation=None, validation_fraction=None,
        early_stopping=None, record_every=1, seed=0, dtype=None, callback=None):
    """Train a network with mini-batches and the course's optimisers, compiled end to end.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    Y : array_like
        ``output="sigmoid"``: targets of shape (n_L, m) (or (m,) for one
        unit); ``"softmax"``: integer class labels 0..n_L-1, (1, m) or (m,).
    layers_dims : sequence of int
        ``[n_x, n_1, ..., n_L]``.
    learning_rate : float
        > 0; the rate of epoch 0 (and of every epoch without ``decay``).
    num_epochs : int
        >= 0.
    optimizer : {"gd", "momentum", "adam"}
    mini_batch_size : int or None
        1 <= size <= m; each epoch then takes a fresh permutation of the
        examples and consecutive batches of it, the last holding the rest.
        None (or m): one batch of all examples, in order (full batch).
    beta : float
        Momentum's decay, in [0, 1).
    beta1, beta2, epsilon : float
        Adam's, in [0, 1), [0, 1) and > 0; the step count ``t`` (bias
        corrections ``1 - beta ** t``) counts batches from 1 over all epochs.
    lambd : float
        L2 strength >= 0: a batch of w examples minimises
        ``cross-entropy + lambd / (2 w) * sum ||W_l||^2`` (the course's, per batch).
    keep_prob : float
        Dropout of the hidden units, in (0, 1]: ``A = (A * D) / keep_prob`` with
        a fresh mask D per batch (the output layer is never dropped).
    initialization : {"he", "xavier", "random", "zeros", "course"}
        See :data:`INITIALIZATIONS`.
    hidden : {"relu", "tanh", "sigmoid", "leaky_relu"}
    output : {"sigmoid", "softmax"}
    decay : callable, optional
        The course's ``decay(learning_rate0, epoch, decay_rate)``
        (``update_lr``, ``schedule_lr_decay``): after epoch ``i`` the rate becomes
        ``decay(learning_rate, i, decay_rate)``.
    decay_rate : float
    validation : (X_val, Y_val), optional
        Evaluated after each recorded epoch.
    validation_fraction : float, optional
        Instead of ``validation``: hold out this fraction of the examples,
        chosen at random from ``seed``.
    early_stopping : int, optional
        Patience: stop once the validation cost has not improved for this
        many recorded epochs, and return the parameters of the best one.
        Needs a validation set.
    record_every : int
        History entries at epochs 0, record_every, ... (and the last epoch).
    seed : int or None
        Of every random draw (see the module's notes); None: fresh entropy.
    dtype : {None, numpy.float64, numpy.float32}
        Training precision (None: float64).
    callback : callable, optional
        ``callback(epoch, entry)`` at every recorded epoch, while training
        runs, ``entry`` being that epoch's dict of history values; a true
        result stops training.

    Returns
    -------
    parameters : dict
        ``W1, b1, ..., WL, bL``, ``W_l`` (n_l, n_{l-1}) and ``b_l`` (n_l, 1), of ``dtype``.
    history : dict of ndarray
        ``epoch``, ``cost`` (the mean over the epoch's batches of each batch's
        cost before its update, L2 term included) and ``accuracy`` (of those
        same predictions); with validation also ``val_cost`` (cross-entropy
        after the epoch, no L2 term) and ``val_accuracy``; with early stopping
        ``best_epoch`` (0-d).

    Raises
    ------
    ValueError, TypeError
        For a bad argument, naming it, before any training.
    TrainingDiverged
        Naming the epoch whose outputs stopped being finite.
    """
    x = training_inputs(X)
    dims = layer_sizes(layers_dims, "layers_dims", n_x=x.shape[0])
    softmax_output = output_code(output) == OUTPUT_SOFTMAX
    if softmax_output and dims[-1] < 2:
        raise ValueError(f"output='softmax' needs at least 2 output units, layers_dims[-1] is {dims[-1]}")
    y = _labels(Y, dims, x.shape[1], softmax_output, "Y")
    rate = learning_rate_value(learning_rate)
    num_epochs = epoch_count(num_epochs)
    optimizer = choice(optimizer, OPTIMIZERS, "optimizer")
    initialization = choice(initialization, INITIALIZATIONS, "initialization")
    activation_code(hidden, "hidden")
    beta, beta1, beta2 = beta_value(beta, "beta"), beta_value(beta1, "beta1"), beta_value(beta2, "beta2")
    epsilon = positive_value(epsilon, "epsilon")
    lambd, keep_prob = lambd_value(lambd), keep_prob_value(keep_prob)
    decay = callable_or_none(decay, "decay")
    decay_rate = real_value(decay_rate, "decay_rate")
    callback = callable_or_none(callback, "callback")
    record_every = positive_int(record_every, "record_every")
    patience = patience_value(early_stopping)
    dtype = training_dtype(dtype)
    if validation is not None and validation_fraction is not None:
        raise ValueError("give validation=(X_val, Y_val) or validation_fraction, not both")
    fraction = validation_fraction_value(validation_fraction, x.shape[1])
    if validation is not None:
        x_val, y_val = validation_pair(validation, x.shape[0])
        y_val = _labels(y_val, dims, x_val.shape[1], softmax_output, "validation[1] (Y_val)")
    if patience is not None and validation is None and fraction is None:
        raise ValueError("early_stopping needs a validation set: give validation=(X_val, Y_val) or "
                         "validation_fraction")
    rng = np.random.default_rng(seed)
    weights, biases = initial_parameters(dims, initialization, rng)
    if fraction is not None:
        shuffled = rng.permutation(x.shape[1])
        held_out = int(round(fraction * x.shape[1]))
        val_columns, train_columns = np.sort(shuffled[:held_out]), np.sort(shuffled[held_out:])
        x_val, y_val = x[:, val_columns], y[:, val_columns]
        x, y = x[:, train_columns], y[:, train_columns]
    dropout_seed = int(rng.integers(0, 2**62))
    m = x.shape[1]
    batch_size = mini_batch_size_value(mini_batch_size, m)
    if batch_size == m:
        batch_size = None
    has_validation = validation is not None or fraction is not None

    history = {"epoch": [], "cost": [], "accuracy": []}
    if has_validation:
        history.update(val_cost=[], val_accuracy=[])
    best = {"cost": np.inf, "epoch": -1, "parameters": None, "waited": 0}

    def add_entry(epoch, logits, labels, l2_cost):
        entry = {"epoch": epoch, "cost": data_cost(logits, labels, softmax_output) + l2_cost,
                 "accuracy": accuracy(logits, labels, softmax_output)}
        for key, value in entry.items():
            history[key].append(value)
        return entry

    def stop_requested(epoch, entry):
        return callback is not None and bool(callback(epoch, entry))

    # plain full-batch gradient descent takes the Gram path where it pays, as the course's models do
    method = "direct"
    if optimizer == "gd" and batch_size is None and lambd == 0 and keep_prob == 1 and decay is None \
            and not has_validation:
        method = engine.choose_method(x.shape[0], dims[1], m, num_epochs)

    def order(epoch):
        return rng.permutation(m)

    def on_record(record):
        l2_cost = lambd / (2 * m) * float(np.sum(record.squares)) if lambd > 0 else 0.0
        entry = add_entry(record.epoch, record.logits, record.labels, l2_cost)
        if has_validation:
            entry["val_cost"] = data_cost(record.val_logits, y_val, softmax_output)
            entry["val_accuracy"] = accuracy(record.val_logits, y_val, softmax_output)
            history["val_cost"].append(entry["val_cost"])
            history["val_accuracy"].append(entry["val_accuracy"])
        stop = stop_requested(record.epoch, entry)
        if patience is not None:
            if entry["val_cost"] < best["cost"]:
                best.update(cost=entry["val_cost"], epoch=record.epoch, parameters=record.parameters(),
                            waited=0)
            else:
                best["waited"] += 1
                stop = stop or best["waited"] >= patience
        return stop

    trained = engine.train_batches(
        x, y, weights, biases, optimizer=optimizer, learning_rate=rate, num_epochs=num_epochs,
        batch_size=batch_size, order=order, rates=decayed_rates(rate, decay, decay_rate), beta=beta, beta1=beta1,
        beta2=beta2, epsilon=epsilon, lambd=lambd, keep_prob=keep_prob, dropout_seed=dropout_seed, hidden=hidden, output=output,
        record_every=record_every, record_last=True, X_val=x_val if has_validation else None,
        snapshot=patience is not None, dtype=dtype, on_record=on_record, method=method)
    trained = (trained.weights, trained.biases)
    if patience is not None and best["parameters"] is not None:
        trained = best["parameters"]
    parameters = {}
    for l, (w, b) in enumerate(zip(*trained), start=1):
        parameters[f"W{l}"], parameters[f"b{l}"] = w, b
    history = {key: np.array(values) for key, values in history.items()}
    if patience is not None:
        history["best_epoch"] = np.array(best["epoch"])
    return parameters, history
