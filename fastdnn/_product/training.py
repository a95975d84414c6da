"""``fastdnn.fit``: the general trainer for [LINEAR->g]*(L-1) -> LINEAR->(SIGMOID |
SOFTMAX) networks, with mini-batches, momentum, Adam, L2, dropout, learning-rate
decay, a validation set and early stopping, all inside the compiled engine
(:mod:`fastdnn._core.engine`; Python runs between chunks of about 0.1 s only).

Everything runs :func:`engine.train_batches`; full-batch gradient descent
without L2, dropout, decay or validation takes the Gram path where it pays
(:func:`engine.choose_method`), as the course's models do.

Randomness comes from ``seed`` alone, through ``numpy.random.SeedSequence(seed)``:
the initial weights from ``numpy.random.default_rng(seed)``, and two streams
spawned from it, one for the validation split and one for the seeds of the
training: the dropout masks (each hashed from it, the step and the unit) and the
epochs' orders (epoch e's is numpy's legacy permutation seeded ``(order_seed + e)
mod 2**32``, drawn inside the loop). Every epoch's randomness is thus a function
of the seed and the epoch alone: a run continued from epoch k (``parameters``,
``start_epoch``, ``optimizer_state``) gives the bits of the uninterrupted one.
The same seed gives the same parameters on every run and every thread count.
"""
import numpy as np

from .._core import engine
from .._checks import (beta_value, callable_or_none, choice, decay_rate_value, epoch_count, finite_parameters,
                      first_layer_method, iteration_count, keep_prob_value, lambd_value, layer_sizes,
                      learning_rate_value, mini_batch_size_value, optimizer_state_value, output_kind, patience_value,
                      positive_int, positive_value, seed_value, training_dtype, training_inputs, training_labels,
                      validation_fraction_value, validation_pair)
from .._core import outputs
from .._core.activation_table import activation_code, output_code
from .._params import by_fan_in, by_he, check_network, parameter_dict, parameter_lists, seeded_layers
from .._schedules import DECAYS, decayed_rates

__all__ = ["fit", "OPTIMIZERS", "INITIALIZATIONS", "DECAYS"]

#: In the order of their state's size: none, a velocity, Adam's v and s (each of the parameters' size).
OPTIMIZERS = ("gd", "momentum", "adam")
#: ``"he"`` randn * sqrt(2 / n_prev), ``"xavier"`` randn * sqrt(1 / n_prev),
#: ``"random"`` randn * 10 (the course's example of too large), ``"zeros"``,
#: all from ``seed``; ``"course"``: the course's He initialisation with its own
#: ``np.random.seed(3)`` (course 2's ``initialize_parameters_he``), whatever ``seed`` is;
#: ``"application"``: the course application's ``randn / sqrt(n_prev)`` after
#: ``np.random.seed(seed)`` (seed 1 gives ``initialize_parameters_deep_app``'s).
INITIALIZATIONS = ("he", "xavier", "random", "zeros", "course", "application")
_SCALES = {"he": lambda n_prev: np.sqrt(2 / n_prev), "xavier": lambda n_prev: np.sqrt(1 / n_prev),
           "random": lambda n_prev: 10.0, "zeros": lambda n_prev: 0.0}


def initial_parameters(dims, initialization, rng, seed=None):
    """Lists of ``W_l`` (n_l, n_{l-1}) and zero ``b_l`` (n_l, 1), float64, drawn
    from ``rng`` (``seed`` for the course's own seeded draws of ``"application"``)."""
    if initialization == "course":
        return parameter_lists(seeded_layers(dims, 3, by_he))
    if initialization == "application":
        return parameter_lists(seeded_layers(dims, seed, by_fan_in))
    weights = [rng.standard_normal((n, n_prev)) * _SCALES[initialization](n_prev)
               for n_prev, n in zip(dims[:-1], dims[1:])]
    return weights, [np.zeros((n, 1)) for n in dims[1:]]


def random_streams(seed):
    """``(init_rng, split_rng, dropout_seed, order_seed)`` of a run (see the module's notes)."""
    seeds = np.random.SeedSequence(seed)
    split, training = seeds.spawn(2)
    draws = np.random.default_rng(training)
    dropout_seed, order_seed = int(draws.integers(0, 2**62)), int(draws.integers(0, 2**32))
    return np.random.default_rng(seeds), np.random.default_rng(split), dropout_seed, order_seed


def held_out_columns(m, counts, rng):
    """``(kept, held_1, held_2, ...)``: sorted column indices of a random split
    of m examples, ``held_i`` the next ``counts[i]`` of ``rng.permutation(m)``,
    ``kept`` the rest (every part keeps the examples' order)."""
    order = rng.permutation(m)
    held, start = [], 0
    for count in counts:
        held.append(np.sort(order[start:start + count]))
        start += count
    return (np.sort(order[start:]), *held)


def plain_gradient_descent(optimizer, mini_batch_size, m, lambd, keep_prob, decay):
    """Full-batch gradient descent with a constant rate, no L2 and no dropout: the Gram path's case."""
    return optimizer == "gd" and mini_batch_size in (None, m) and lambd == 0 and keep_prob == 1 and decay is None


def resolved_method(method, plain, n_x, n_1, m, num_epochs):
    """The first layer's path, ``"direct"`` or ``"gram"``, for ``method`` ("auto",
    "direct" or "gram"): the Gram path only where ``plain``
    (:func:`plain_gradient_descent`, no validation set), ``"auto"`` choosing by cost."""
    method = first_layer_method(method)
    if not plain:
        if method == "gram":
            raise ValueError("method='gram' is for plain full-batch gradient descent (optimizer 'gd' without "
                             "mini-batches, L2, dropout, decay or a validation set)")
        return "direct"
    return engine.choose_method(n_x, n_1, m, num_epochs) if method == "auto" else method


def decay_function(decay):
    """None, a name of :data:`DECAYS`, or a callable -> None or the callable."""
    if isinstance(decay, str):
        return DECAYS[choice(decay, tuple(DECAYS), "decay")]
    return callable_or_none(decay, "decay")


def fit(X, Y, layers_dims, *, learning_rate, num_epochs, optimizer="adam", mini_batch_size=None, beta=0.9,
        beta1=0.9, beta2=0.999, epsilon=1e-8, lambd=0.0, keep_prob=1.0, initialization="he", hidden="relu",
        output="sigmoid", decay=None, decay_rate=1.0, validation=None, validation_fraction=None,
        early_stopping=None, record_every=1, seed=0, dtype=None, callback=None, method="auto", parameters=None,
        start_epoch=0, optimizer_state=None, checkpoint_every=None, on_checkpoint=None, on_compile=None):
    """Train a network with mini-batches and the course's optimisers, compiled end to end.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
        Read where it is: mini-batches are gathered from X itself when it is
        F-contiguous (the examples stored as rows, ``rows.T``) in the training
        dtype, or float32 beyond small data; else through a window of at most
        WINDOW_FRACTION of its bytes. The full batch takes one aligned copy
        (README, "Memory").
    Y : array_like
        ``output="sigmoid"``: targets of shape (n_L, m) (or (m,) for one
        unit); ``"softmax"``: integer class labels 0..n_L-1, (1, m) or (m,).
    layers_dims : sequence of int
        ``[n_x, n_1, ..., n_L]``.
    learning_rate : float
        > 0; the rate of epoch 0 (and of every epoch without ``decay``).
    num_epochs : int
        >= 0; the total, counting the epochs before ``start_epoch``.
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
    initialization : {"he", "xavier", "random", "zeros", "course", "application"}
        See :data:`INITIALIZATIONS`.
    hidden : {"relu", "tanh", "sigmoid", "leaky_relu"}
    output : {"sigmoid", "softmax", "auto"}
        ``"auto"``: softmax for several output units, sigmoid for one.
    decay : callable or str, optional
        The course's ``decay(learning_rate0, epoch, decay_rate)`` (``update_lr``,
        ``schedule_lr_decay``, or their names): after epoch ``i`` the rate becomes
        ``decay(learning_rate, i, decay_rate)``.
    decay_rate : float
        >= 0.
    validation : (X_val, Y_val), optional
        Evaluated after each recorded epoch.
    validation_fraction : float, optional
        Instead of ``validation``: hold out this fraction of the examples,
        chosen at random from ``seed`` (0, as None: none).
    early_stopping : int, optional
        Patience: stop once the validation cost has not improved for this
        many recorded epochs (of this call), and return the parameters of the
        best one. Needs a validation set.
    record_every : int
        History entries at epochs 0, record_every, ... (and the last epoch).
    seed : int or None
        In [0, 2**32), of every random draw (see the module's notes); None: fresh entropy.
    dtype : {None, numpy.float64, numpy.float32}
        Training precision (None: float64).
    callback : callable, optional
        ``callback(epoch, entry)`` at every recorded epoch, while training
        runs, ``entry`` being that epoch's dict of history values; a true
        result stops training.
    method : {"auto", "direct", "gram"}
        The first layer's path of plain full-batch gradient descent (every
        other run takes "direct"); "auto" chooses by the cost of this call's epochs.
    parameters : dict, optional
        Continue a run: its ``W1, b1, ..., WL, bL`` after ``start_epoch``
        epochs, instead of the initialisation.
    start_epoch : int
        0 <= start_epoch <= num_epochs: train epochs ``start_epoch ..
        num_epochs-1``, numbered (rates, orders, dropout masks, Adam's ``t``)
        as in the whole run.
    optimizer_state : ndarray, optional
        The ``history["optimizer_state"]`` of the run that ended at
        ``start_epoch`` (zeros by default). With the same other arguments and
        the direct path, training epochs 0..k-1 then k..n-1 gives the bits of
        one run of n epochs.
    checkpoint_every : int, optional
        Hand ``on_checkpoint`` the parameters after every epoch that ends a
        multiple of this many epochs (before the last): a checkpoint. A run
        continued from one (``parameters``, ``start_epoch``,
        ``optimizer_state``) gives the bits of the uninterrupted run on every
        first-layer path.
    on_checkpoint : callable, optional
        ``on_checkpoint(epoch, parameters, optimizer_state)`` at each
        checkpoint, while training runs: the parameters dict and the
        optimiser's state after ``epoch`` epochs (new arrays); a true result
        stops training there.
    on_compile : callable, optional
        ``on_compile()`` once, before training, when the training loop has
        to compile first for this run's features (the first run of them: a
        few seconds; numba caches the build). The command line announces it.

    Returns
    -------
    parameters : dict
        ``W1, b1, ..., WL, bL``, ``W_l`` (n_l, n_{l-1}) and ``b_l`` (n_l, 1), of ``dtype``.
    history : dict of ndarray
        ``epoch``, ``cost`` (the mean over the epoch's batches of each batch's
        cost before its update, L2 term included) and ``accuracy`` (of those
        same predictions); with validation also ``val_cost`` (cross-entropy
        after the epoch, no L2 term) and ``val_accuracy``; with early stopping
        ``best_epoch`` (0-d); ``optimizer_state``: the optimiser's state after
        the last epoch trained (1-D, empty for "gd"), to continue from.

    Raises
    ------
    ValueError, TypeError
        For a bad argument, naming it, before any training.
    TrainingDiverged
        Naming the epoch whose outputs stopped being finite.
    """
    # every argument checked (one rule each, fastdnn._checks), before any work
    x = training_inputs(X)
    dims = layer_sizes(layers_dims, "layers_dims", n_x=x.shape[0])
    output = output_kind(output, dims[-1])
    out_code = output_code(output)
    y = training_labels(Y, output, dims[-1], x.shape[1])
    rate = learning_rate_value(learning_rate)
    num_epochs = epoch_count(num_epochs)
    optimizer = choice(optimizer, OPTIMIZERS, "optimizer")
    initialization = choice(initialization, INITIALIZATIONS, "initialization")
    activation_code(hidden, "hidden")
    beta, beta1, beta2 = beta_value(beta, "beta"), beta_value(beta1, "beta1"), beta_value(beta2, "beta2")
    epsilon = positive_value(epsilon, "epsilon")
    lambd, keep_prob = lambd_value(lambd), keep_prob_value(keep_prob)
    decay = decay_function(decay)
    decay_rate = decay_rate_value(decay_rate)
    seed = seed_value(seed)
    callback = callable_or_none(callback, "callback")
    record_every = positive_int(record_every, "record_every")
    patience = patience_value(early_stopping)
    checkpoint_every = None if checkpoint_every is None else positive_int(checkpoint_every, "checkpoint_every")
    on_checkpoint = callable_or_none(on_checkpoint, "on_checkpoint")
    on_compile = callable_or_none(on_compile, "on_compile")
    dtype = training_dtype(dtype)
    method = first_layer_method(method)
    start_epoch = iteration_count(start_epoch, "start_epoch")
    if start_epoch > num_epochs:
        raise ValueError(f"start_epoch must be at most num_epochs ({num_epochs}), got {start_epoch}")
    layers = _given_layers(x, dims, parameters)
    optimizer_state = optimizer_state_value(optimizer_state, engine.Layout(dims).state_size(optimizer))
    x_val, y_val, fraction = _validation_set(validation, validation_fraction, patience, x, output, dims)
    has_validation = validation is not None or fraction is not None

    # the starting parameters, the random streams, the validation split
    init_rng, split_rng, dropout_seed, order_seed = random_streams(seed)
    if layers is None:
        weights, biases = initial_parameters(dims, initialization, init_rng, seed)
    else:
        weights, biases = [w for w, _ in layers], [b for _, b in layers]
    train_columns = None
    if fraction is not None:  # the engine trains on X's train_columns where they are; X_val is a copy
        train_columns, val_columns = held_out_columns(x.shape[1], [int(round(fraction * x.shape[1]))], split_rng)
        x_val, y_val = engine.columns_of(x, val_columns, dtype), y[:, val_columns]
        y = y[:, train_columns]
    m = y.shape[1]
    batch_size = mini_batch_size_value(mini_batch_size, m)
    batch_size = None if batch_size == m else batch_size
    plain = plain_gradient_descent(optimizer, batch_size, m, lambd, keep_prob, decay) and not has_validation
    method = resolved_method(method, plain, x.shape[0], dims[1], m, num_epochs - start_epoch)

    # training, in the engine's chunks; History turns its records into costs and scores
    history = History(out_code, lambd, m, y_val if has_validation else None,
                      EarlyStopping(patience) if patience is not None else None, callback)
    result = engine.train_batches(
        x, y, weights, biases, optimizer=optimizer, learning_rate=rate, num_epochs=num_epochs,
        batch_size=batch_size, order_seed=order_seed, rates=decayed_rates(rate, decay, decay_rate), beta=beta,
        beta1=beta1, beta2=beta2, epsilon=epsilon, lambd=lambd, keep_prob=keep_prob, dropout_seed=dropout_seed,
        hidden=hidden, output=output, record_every=record_every, record_last=True,
        X_val=x_val if has_validation else None, snapshot=patience is not None, dtype=dtype,
        on_record=history.on_record,
        method=method, start_epoch=start_epoch, optimizer_state=optimizer_state, segment_every=checkpoint_every,
        on_segment=None if on_checkpoint is None else (
            lambda epoch, weights, biases, state: on_checkpoint(epoch, parameter_dict(weights, biases), state)),
        columns=train_columns, on_compile=on_compile)
    return history.result(result)


def _given_layers(x, dims, parameters):
    """The ``(W, b)`` layers of ``parameters`` to continue from, checked
    against X and ``layers_dims`` and finite (else the first step
    "diverges"); None without them."""
    if parameters is None:
        return None
    _, layers = check_network(x, parameters)
    if [w.shape[0] for w, _ in layers] != dims[1:]:
        raise ValueError(f"parameters have layers {[x.shape[0]] + [w.shape[0] for w, _ in layers]}, "
                         f"layers_dims is {dims}")
    finite_parameters(layers)
    return layers


def _validation_set(validation, validation_fraction, patience, x, output, dims):
    """``(X_val, Y_val, fraction)``: a given validation pair, checked (the
    fraction None), or the fraction to hold out (the pair None then); early
    stopping needs one of them."""
    fraction = validation_fraction_value(validation_fraction, x.shape[1])
    if validation is not None and fraction is not None:
        raise ValueError("give validation=(X_val, Y_val) or validation_fraction, not both")
    x_val = y_val = None
    if validation is not None:
        x_val, y_val = validation_pair(validation, x.shape[0])
        y_val = training_labels(y_val, output, dims[-1], x_val.shape[1], "validation[1] (Y_val)")
    if patience is not None and validation is None and fraction is None:
        raise ValueError("early_stopping needs a validation set: give validation=(X_val, Y_val) or "
                         "validation_fraction")
    return x_val, y_val, fraction


class EarlyStopping:
    """Patience on a validation cost, the one early-stopping rule of ``fit``
    (checked at every recorded epoch) and of the command line (at every
    checkpoint): a check improves when its cost is below the best so far;
    training stops once ``patience`` checks in a row have not improved
    (scikit-learn's ``n_iter_no_change``, Keras' ``EarlyStopping``).

    ``best`` (the best check's scores and epoch) and ``waited`` (checks since
    it) are plain values, so that a checkpoint can keep them.
    """

    def __init__(self, patience, best=None, waited=0):
        self.patience, self.best, self.waited = patience, best, waited

    def improved(self, scores, epoch):
        """Count one check of ``scores`` (a dict with ``"cost"``) at ``epoch``; True when it is the new best."""
        if self.best is None or scores["cost"] < self.best["cost"]:
            self.best, self.waited = dict(scores, epoch=epoch), 0
            return True
        self.waited += 1
        return False

    @property
    def stop(self):
        return self.waited >= self.patience



class History:
    """``fit``'s history, built from the engine's recorded epochs (as Keras'
    ``History`` callback): each entry's cost (the mean over the epoch's batches
    of each batch's cost before its update, L2 term included) and accuracy,
    the validation scores, early stopping's best parameters, and the caller's
    ``callback``, whose true result stops training."""

    def __init__(self, output, lambd, m, y_val, stopping, callback):
        self.output, self.lambd, self.m, self.y_val = output, lambd, m, y_val
        self.stopping, self.callback, self.best_parameters = stopping, callback, None
        self.series = {"epoch": [], "cost": [], "accuracy": []}
        if y_val is not None:
            self.series.update(val_cost=[], val_accuracy=[])

    def on_record(self, record):
        l2_cost = self.lambd / (2 * self.m) * float(np.sum(record.squares)) if self.lambd > 0 else 0.0
        entry = {"epoch": record.epoch,
                 "cost": float(outputs.cost(record.logits, record.labels, self.output)) + l2_cost,
                 "accuracy": outputs.accuracy(record.logits, record.labels, self.output)}
        if self.y_val is not None:
            entry["val_cost"] = float(outputs.cost(record.val_logits, self.y_val, self.output))
            entry["val_accuracy"] = outputs.accuracy(record.val_logits, self.y_val, self.output)
        for key, value in entry.items():
            self.series[key].append(value)
        stop = self.callback is not None and bool(self.callback(record.epoch, entry))
        if self.stopping is not None:
            if self.stopping.improved({"cost": entry["val_cost"]}, record.epoch):
                self.best_parameters = record.parameters()
            stop = stop or self.stopping.stop
        return stop

    def result(self, trained):
        """``(parameters, history)`` of ``fit`` from the engine's TrainResult: the
        best parameters when early stopping kept some, else the last."""
        weights_biases = self.best_parameters or (trained.weights, trained.biases)
        history = {key: np.array(values) for key, values in self.series.items()}
        if self.stopping is not None:
            history["best_epoch"] = np.array(self.stopping.best["epoch"] if self.stopping.best is not None else -1)
        history["optimizer_state"] = trained.optimizer_state
        return parameter_dict(*weights_biases), history
