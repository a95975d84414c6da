"""A command-line run's problem: the data and its splits, the checked
configuration, the network's initial parameters, and the scores of a network
on a split."""
import numpy as np

from .._checks import class_names_value, memory_budget, mini_batch_size_value, output_kind, training_labels
from .._core import outputs
from .._core.activation_table import output_code
from .._params import network_logits, parameter_dict
from .._product import training
from . import data as datamod, options

#: The held-out splits are drawn with this seed whatever the run's ``seed``
#: (which seeds the initialisation): every run of a sweep is scored on the same examples.
SPLIT_SEED = 0


class Problem:
    """A checked configuration and its data, split and divided, ready to train.

    Attributes
    ----------
    config : dict
        Every key filled (the data set's defaults included), ``output`` resolved.
    train, validation, test : data.Examples or None
        Features already divided by ``divisor``.
    source : data.Source
    dims : list of int
    method : str
        The first layer's path, "direct" or "gram" (resolved from the config's).
    class_names : list of str or None
        The data's class names when they fit the output layer.
    note : str or None
        Why the data's class names were dropped.
    """

    def __init__(self, config, sources=None):
        def read(name):
            """A data argument, from ``sources`` (already read) when it is there."""
            if sources is not None and name in sources:
                return sources[name]
            return datamod.read(name, config["layout"])

        source = read(config["data"])
        examples = source.part("train")
        if examples.y is None:
            raise datamod.DataError(f"{source.name}: no labels to train on")
        config = options.data_defaults(config, examples.x.shape[0], _classes_in(examples.y))
        train, validation, test = datamod.split(examples, (config["validation_fraction"], config["test_fraction"]),
                                                SPLIT_SEED)
        if config["test"] is not None:
            other = read(config["test"])
            test = other.parts.get("test") or other.part("train")
        elif not config["test_fraction"]:
            test = source.parts.get("test")
        dims = config["layers"]
        if dims[0] != train.x.shape[0]:
            raise ValueError(f"layers {','.join(map(str, dims))} take {dims[0]} features, but the data has "
                             f"{train.x.shape[0]} per example")
        config["output"] = output_kind(config["output"], dims[-1])
        try:  # the model file keeps them when they fit the output layer; a mismatch is a note, not a failure
            self.class_names, self.note = class_names_value(source.class_names, config["output"], dims[-1]), None
        except (TypeError, ValueError) as error:
            self.class_names, self.note = None, f"{source.name}: its {error}; the model file keeps no class names"
        mini_batch_size_value(config["mini_batch_size"], train.m)
        plain = training.plain_gradient_descent(config["optimizer"], config["mini_batch_size"], train.m,
                                                config["lambd"], config["keep_prob"], config["decay"])
        self.method = training.resolved_method(config["method"], plain, dims[0], dims[1], train.m,
                                               min(config["checkpoint_every"], options.epochs(config)))
        dtype = np.dtype(config["dtype"])
        memory_budget(memory_needed(dims, train.m, dtype.itemsize), f"layers {','.join(map(str, dims))} "
                      f"on {train.m} examples")
        parts = []
        for name, part in (("training", train), ("validation", validation), ("test", test)):
            if part is not None:
                parts.append(labelled(part, name, source.input_divisor, dims, config["output"]))
            else:
                parts.append(None)
        self.config, self.source, self.dims = config, source, dims
        self.train, self.validation, self.test = parts

    def initial_parameters(self):
        """The config's initialisation, drawn as ``fastdnn.fit`` draws it from the seed (by default the
        application's ``randn / sqrt(n_prev)``: seed 1 gives :func:`fastdnn.initialize_parameters_deep_app`'s)."""
        seed = self.config["seed"]
        return parameter_dict(*training.initial_parameters(self.dims, self.config["initialization"],
                                                           training.random_streams(seed)[0], seed))


def labelled(part, name, divisor, dims, output):
    """``part`` with its features divided by ``divisor`` and its labels checked against the network."""
    if part.x.shape[0] != dims[0]:
        raise ValueError(f"the {name} data has {part.x.shape[0]} features per example, the layers take {dims[0]}")
    if part.y is None:
        raise datamod.DataError(f"the {name} data has no labels")
    y = training_labels(part.y, output, dims[-1], part.m, f"labels of the {name} data", binary=True)
    return datamod.Examples(part.x / divisor, y.astype(np.float64))


def _classes_in(y):
    """Output units the labels call for: 1 for 0/1 labels, K for classes 0..K-1."""
    values = np.unique(y)
    if np.isin(values, (0, 1)).all():
        return 1
    return int(values.max()) + 1 if (values >= 0).all() and (values == np.round(values)).all() else 1


def memory_needed(dims, m, itemsize):
    """Bytes a run needs, about: parameters (initial draw, packed, gradients, copies),
    every layer's activations and two scratch buffers of the widest, and X twice
    (the training loop's aligned copy of it, or of its transpose)."""
    parameters = sum(n * k + n for k, n in zip(dims[:-1], dims[1:]))
    activations = m * (sum(dims[1:]) + 2 * max(dims[1:]))
    return itemsize * (4 * parameters + activations + 2 * dims[0] * m) + 8 * parameters


def scores(examples, parameters, hidden, output):
    """``{"cost", "accuracy"}`` of a network on labelled, divided examples (from its logits)."""
    logits, code = network_logits(examples.x, parameters, hidden), output_code(output)
    return dict(cost=float(outputs.cost(logits, examples.y, code)), accuracy=outputs.accuracy(logits, examples.y, code))


def forward(x, parameters, hidden, output):
    """``(probabilities, logits)``, each (n_L, m): sigmoid or softmax of the logits."""
    logits = network_logits(x, parameters, hidden)
    return outputs.probabilities(logits, output_code(output)), logits
