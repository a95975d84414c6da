"""Parameter dicts, shared by the course face and the product: ``W1, b1, ...,
WL, bL`` checked (one rule, :func:`check_network`) and converted to and from
the engine's lists, the course's seeded draws, and full-batch training of a
dict on the engine (:func:`fit_network`)."""
import functools
import re

import numpy as np

from ._checks import check_layer, layer_sizes, matrix, numeric_array
from ._core import engine, forward
from ._core.activation_table import activation_code

#: The course's models record their cost every 100 iterations.
RECORD_EVERY = 100
_PARAMETER_KEY = re.compile(r"([Wb])([1-9][0-9]*)")


def seeded_generator(seed):
    """A private generator in the state ``np.random.seed(seed)`` gives.

    The initialisers draw from it, so that threads training at once do not
    draw from each other's sequence, then hand its state to numpy's global
    generator (:func:`leave_global_state`), which ends where the course's
    ``np.random.seed(seed)`` followed by the same draws leaves it."""
    return np.random.RandomState(seed)


def leave_global_state(generator):
    np.random.set_state(generator.get_state())


def drawn_layers(dims, rng, scale):
    """``W_l = scale(rng.randn(n_l, n_{l-1}), n_{l-1})`` layer by layer and zero
    biases, in the course's order of draws; ``dims`` already validated."""
    parameters = {}
    for l in range(1, len(dims)):
        parameters["W" + str(l)] = scale(rng.randn(dims[l], dims[l - 1]), dims[l - 1])
        parameters["b" + str(l)] = np.zeros((dims[l], 1))
    return parameters


def seeded_layers(layer_dims, seed, scale):
    """``np.random.seed(seed)``, then :func:`drawn_layers`, as the course's initialisers draw them."""
    rng = seeded_generator(seed)
    parameters = drawn_layers(layer_sizes(layer_dims), rng, scale)
    leave_global_state(rng)
    return parameters


def by_he(w, n_prev):
    """He's scale (course 2's ``initialize_parameters_he``): ``randn * sqrt(2 / n_{l-1})``."""
    return w * np.sqrt(2 / n_prev)


def by_fan_in(w, n_prev):
    """The application's scale (``dnn_app_utils_v3``): ``randn / sqrt(n_{l-1})``."""
    return w / np.sqrt(n_prev)


@functools.lru_cache(maxsize=64)
def _parameter_keys(L):
    return frozenset(f"{p}{l}" for l in range(1, L + 1) for p in "Wb")


def layer_count(parameters, name="parameters"):
    """Number of layers L of a parameters dict holding exactly W1, b1, ..., WL, bL."""
    if not isinstance(parameters, dict):
        raise TypeError(f"{name} must be a dict of W1, b1, ..., WL, bL, got {type(parameters).__name__}")
    L = len(parameters) // 2
    if L and parameters.keys() == _parameter_keys(L):
        return L  # the usual case, without a regex per key (3 us -> 0.3 us)
    odd = sorted(str(k) for k in parameters if not (isinstance(k, str) and _PARAMETER_KEY.fullmatch(k)))
    if odd:
        raise ValueError(f"{name} has keys that are not W<l> or b<l>: {odd}")
    L = max((int(_PARAMETER_KEY.fullmatch(k).group(2)) for k in parameters), default=1)
    expected = {f"{p}{l}" for l in range(1, L + 1) for p in "Wb"}
    missing = sorted(expected - set(parameters), key=lambda k: (int(k[1:]), k[0] != "W"))
    if missing:
        raise ValueError(
            f"{name} must hold W1, b1, ..., WL, bL; missing {missing} "
            f"(keys given: {sorted(parameters)})"
        )
    return L


def parameter_lists(parameters):
    """``W1, b1, ..., WL, bL`` -> ``([W1, ..., WL], [b1, ..., bL])`` (the engine's form; the same arrays)."""
    L = len(parameters) // 2
    return [parameters[f"W{l}"] for l in range(1, L + 1)], [parameters[f"b{l}"] for l in range(1, L + 1)]


def parameter_dict(weights, biases):
    """The inverse of :func:`parameter_lists`: ``{"W1": weights[0], "b1": biases[0], ...}``."""
    parameters = {}
    for l, (w, b) in enumerate(zip(weights, biases), start=1):
        parameters[f"W{l}"], parameters[f"b{l}"] = w, b
    return parameters


def _parameter_array(parameters, key):
    """parameters[key] as a numeric array of at least one dimension, or a TypeError naming it."""
    value = parameters[key]
    array = numeric_array(value, f"parameters[{key!r}]")
    if array.ndim == 0:
        raise TypeError(f"parameters[{key!r}] must be an array, got {type(value).__name__} {value!r:.40}")
    return array


def check_network(X, parameters):
    """Validate X against the parameters, layer by layer.

    Returns
    -------
    x : ndarray
    layers : list of (W, b) numeric arrays
    """
    L = layer_count(parameters)
    x = matrix(X, "X")
    layers = []
    a_shape, a_name = x.shape, "X"
    for l in range(1, L + 1):
        w, b = (_parameter_array(parameters, key) for key in (f"W{l}", f"b{l}"))
        _, w, b = check_layer(np.empty(a_shape), w, b, l, a_name)
        layers.append((w, b))
        a_shape, a_name = (w.shape[0], x.shape[1]), f"A{l}"
    return x, layers


def fit_network(x, y, parameters, learning_rate, num_iterations, print_cost, *, output, dtype,
                method, callback, hidden="relu", record_every=RECORD_EVERY, print_last=True):
    """Train ``parameters`` (W1, b1, ..., WL, bL) on validated data by the
    engine; prints the course's lines when ``print_cost``.

    Returns
    -------
    parameters : dict
    costs : list of 0-d ndarrays
        The costs at iterations 0, record_every, ..., as the course's
        ``np.squeeze(cost)`` gives them.
    """
    def report(iteration, cost):
        if print_cost:
            print(f"Cost after iteration {iteration}: {cost}")
        if callback is not None:
            callback(iteration, cost)

    live = print_cost or callback is not None
    result = engine.train(
        x, y, *parameter_lists(parameters),
        learning_rate=learning_rate, num_iterations=num_iterations, hidden=hidden, output=output,
        record_every=record_every, record_last=print_cost and print_last, method=method, dtype=dtype,
        callback=report if live else None)
    trained = parameter_dict(result.weights, result.biases)
    costs = [np.squeeze(np.asarray(c)) for i, c in zip(result.iterations, result.costs) if i % record_every == 0]
    return trained, costs


def network_logits(x, parameters, hidden):
    """``Z_L`` of a checked parameters dict on ``x`` (n_x, m), hidden layers ``hidden`` (a name)."""
    return forward.logits(x, *parameter_lists(parameters), activation_code(hidden, "hidden"))
