"""The ``model`` functions of course 2's notebooks, on the compiled engine
(:func:`fastdnn._core.engine.train_batches`), with the course's initialisations,
seeds, permutations, printed lines and returned parameters. The drop-in
helper files (``init_utils``, ``reg_utils``, ``opt_utils``, ``opt_utils_v1a``)
serve them as ``model``, so a notebook that calls ``model`` without defining
it trains in milliseconds.

The costs printed are the course's expressions on the recorded logits
(:mod:`fastdnn.threelayer`: ``compute_loss`` ignores NaN terms and is
``inf`` where a prediction is exactly wrong, as the course's). They are not
the course's numbers to the last bit: the products and sums of the engine
round in another order, a difference that stays at rounding level (the
published 79.7 %, 79.7 % and 94 % and the printed 6-decimal costs come out).
The course's plots of the costs are not drawn.
"""
import numpy as np

from . import initializers
from ._core import engine
from ._checks import (beta_value, callable_or_none, choice, iteration_count, keep_prob_value, lambd_value,
                      layer_sizes, learning_rate_value, positive_int, positive_value, real_value, targets,
                      training_inputs)
from ._params import parameter_dict, parameter_lists
from .threelayer import compute_cost_total, compute_loss, sigmoid
from ._schedules import decayed_rates

__all__ = ["optimization_model", "regularization_model", "initialization_model"]


def optimization_model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9,
                       beta1=0.9, beta2=0.999, epsilon=1e-8, num_epochs=5000, print_cost=True, decay=None,
                       decay_rate=1, *, edition="current"):
    """The optimisation notebook's ``model``: [LINEAR->RELU]*(L-1) -> LINEAR->SIGMOID
    trained on mini-batches by gd, momentum or Adam.

    As the course: He initialisation (seed 3); epoch ``i`` shuffles with
    ``np.random.seed(11 + i)``, ``np.random.permutation(m)``, then consecutive
    batches of ``mini_batch_size`` (the last holds the rest); ``dz_L = 1/w
    (a_L - Y)`` for a batch of w; Adam's ``t`` counts batches from 1; after
    epoch ``i`` the rate becomes ``decay(learning_rate, i, decay_rate)`` when
    ``decay`` is given. Every 1000 epochs it prints ``Cost after epoch i: c``
    (and ``learning rate after epoch i: r`` with decay).

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    Y : array_like, shape (n_L, m)
    layers_dims : sequence of int
    optimizer : {"gd", "momentum", "adam"}
    learning_rate, mini_batch_size, beta, beta1, beta2, epsilon, num_epochs, print_cost, decay, decay_rate
        As the course's.
    edition : {"current", "v1b", "old"}
        ``"current"`` (``opt_utils_v1a``, the current notebook): the printed
        cost is the epoch's summed cross-entropy over m; ``"v1b"`` (the
        Optimization_methods_v1b notebook, also on ``opt_utils_v1a``): the
        same, and its Adam divides by ``sqrt(s_corrected + epsilon)``;
        ``"old"`` (``opt_utils``): the mean cost of the epoch's last batch.

    Returns
    -------
    parameters : dict
    """
    x = training_inputs(X)
    dims = layer_sizes(layers_dims, "layers_dims", n_x=x.shape[0])
    y = targets(Y, dims[-1], x.shape[1])
    optimizer = choice(optimizer, ("gd", "momentum", "adam"), "optimizer")
    rate = learning_rate_value(learning_rate)
    size = positive_int(mini_batch_size, "mini_batch_size")
    beta, beta1, beta2 = beta_value(beta, "beta"), beta_value(beta1, "beta1"), beta_value(beta2, "beta2")
    epsilon = positive_value(epsilon, "epsilon")
    num_epochs = iteration_count(num_epochs, "num_epochs")
    decay = callable_or_none(decay, "decay")
    decay_rate = real_value(decay_rate, "decay_rate")
    edition = choice(edition, ("current", "v1b", "old"), "edition")
    m = x.shape[1]


    rates = decayed_rates(rate, decay, decay_rate)

    def report(record):
        batches = record.batches()
        if edition != "old":
            cost = sum(compute_cost_total(sigmoid(z), labels) for z, labels in batches) / m
        else:
            z, labels = batches[-1]
            cost = 1. / z.shape[1] * compute_cost_total(sigmoid(z), labels)
        print("Cost after epoch %i: %f" % (record.epoch, cost))
        if decay:
            print("learning rate after epoch %i: %f" % (record.epoch, rates(record.epoch + 1)))

    trained = engine.train_batches(
        x, y, *parameter_lists(initializers.initialize_parameters_he(dims)),
        optimizer="adam_epsilon_inside" if edition == "v1b" and optimizer == "adam" else optimizer,
        learning_rate=rate, num_epochs=num_epochs, batch_size=min(size, m), order_seed=10 + 1, rates=rates,
        beta=beta, beta1=beta1, beta2=beta2, epsilon=epsilon, scale_residual=True, record_every=1000,
        on_record=report if print_cost else None)
    if num_epochs:  # numpy's generator as the course's loop leaves it: its last epoch's seed and draw
        np.random.seed(10 + num_epochs)
        np.random.permutation(m)
    return parameter_dict(trained.weights, trained.biases)


def _full_batch_gd(x, y, parameters, rate, num_iterations, print_every, *, scale_residual,
                   lambd=0.0, keep_prob=1.0, fixed_masks=None, print_cost=True):
    """Full-batch gradient descent of a course-2 notebook, printing
    ``Cost after iteration i: c`` every ``print_every`` iterations."""
    m = x.shape[1]

    def report(record):
        cost = compute_loss(sigmoid(record.logits), y)
        if lambd:
            cost = cost + lambd / (2 * m) * record.squares[0]
        print("Cost after iteration {}: {}".format(record.epoch, cost))

    trained = engine.train_batches(
        x, y, *parameter_lists(parameters), optimizer="gd", learning_rate=rate,
        num_epochs=num_iterations, lambd=lambd, keep_prob=keep_prob, fixed_masks=fixed_masks,
        scale_residual=scale_residual, record_every=print_every, on_record=report if print_cost else None)
    return parameter_dict(trained.weights, trained.biases)


def regularization_model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0, keep_prob=1):
    """The regularisation notebook's ``model``: [n_x, 20, 3, 1] with
    ``reg_utils.initialize_parameters`` (seed 3, ``randn / sqrt(n_prev)``),
    full-batch gradient descent, L2 (``lambd``) and dropout (``keep_prob``)
    with the course's masks: ``forward_propagation_with_dropout`` calls
    ``np.random.seed(1)`` every time, so its masks are the same at every
    iteration; they are drawn once, as it draws them. Prints ``Cost after
    iteration i: c`` every 10000 iterations. (The course asserts that L2 and
    dropout are not combined; here they may be.)

    Returns
    -------
    parameters : dict
    """
    x = training_inputs(X)
    dims = [x.shape[0], 20, 3, 1]
    y = targets(Y, 1, x.shape[1])
    rate = learning_rate_value(learning_rate)
    num_iterations = iteration_count(num_iterations)
    lambd, keep_prob = lambd_value(lambd), keep_prob_value(keep_prob)
    fixed_masks = None
    if keep_prob < 1:
        np.random.seed(1)
        fixed_masks = np.vstack([np.random.rand(n, x.shape[1]) < keep_prob for n in dims[1:-1]])
    return _full_batch_gd(x, y, initializers.initialize_parameters_scaled(dims), rate, num_iterations, 10000,
                          scale_residual=False, lambd=lambd, keep_prob=keep_prob,
                          fixed_masks=fixed_masks, print_cost=print_cost)


_INITIALIZATIONS = {"zeros": initializers.initialize_parameters_zeros,
                    "random": initializers.initialize_parameters_random,
                    "he": initializers.initialize_parameters_he}


def initialization_model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he"):
    """The initialisation notebook's ``model``: [n_x, 10, 5, 1] initialised
    with zeros, ``randn * 10`` or He (seed 3), full-batch gradient descent with
    ``dz3 = 1/m (a3 - Y)``; prints ``Cost after iteration i: c`` every 1000
    iterations (``inf`` where the course's cost is).

    Returns
    -------
    parameters : dict
    """
    x = training_inputs(X)
    y = targets(Y, 1, x.shape[1])
    rate = learning_rate_value(learning_rate)
    num_iterations = iteration_count(num_iterations)
    initialize = _INITIALIZATIONS[choice(initialization, tuple(_INITIALIZATIONS), "initialization")]
    return _full_batch_gd(x, y, initialize([x.shape[0], 10, 5, 1]), rate, num_iterations, 1000,
                          scale_residual=True, print_cost=print_cost)
