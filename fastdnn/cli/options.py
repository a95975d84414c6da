"""A run's configuration: the trainer's keys (named as ``fastdnn.fit``'s: optimizer,
learning_rate, num_iterations/num_epochs, mini_batch_size, lambd, keep_prob,
hidden, output, seed, dtype) and the command line's (data, splits,
checkpoints), from defaults, a TOML file and flags, flags winning.

Every value is checked by one rule (:data:`RULES`, built on
:mod:`fastdnn._checks`) before any data is read or any kernel runs.
"""
import argparse
import math
import sys

from .. import _checks
from ..activation_table import activation_code

#: What the command line's full-batch trainer does not do (``fastdnn.fit`` does; the command
#: line's exact resume would need the optimiser's state carried across segments): key -> the value it supports.
NOT_YET = {"optimizer": "gd", "num_epochs": None, "mini_batch_size": None, "lambd": 0.0, "keep_prob": 1.0}

DEFAULTS = dict(
    data="planar", test=None, layout="columns", layers=None, hidden="relu", output="auto",
    optimizer="gd", learning_rate=None, num_iterations=None, num_epochs=None, mini_batch_size=None,
    lambd=0.0, keep_prob=1.0, seed=1, dtype="float64", method="auto",
    validation_fraction=0.0, test_fraction=0.0, patience=None, checkpoint_every=1000, record_every=None,
)
#: Per data set: layers, learning rate and iterations when not given.
DATA_DEFAULTS = {
    "planar": dict(layers=[2, 16, 8, 1], learning_rate=0.1, num_iterations=10000),
    "spiral": dict(layers=[2, 100, 3], learning_rate=1.0, num_iterations=5000),
}
#: For files: the course's cat network ``[n_x, 20, 7, 5, n_out]`` and its schedule.
FILE_DEFAULTS = dict(hidden_layers=[20, 7, 5], learning_rate=0.0075, num_iterations=2500)
#: The course records the cost every this many iterations.
RECORD_EVERY = 100


def layer_list(text):
    """``"2,16,8,1"`` -> ``[2, 16, 8, 1]`` (argparse type)."""
    try:
        return [int(n) for n in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"layer sizes are comma-separated integers such as 2,16,8,1, "
                                         f"got {text!r}") from None


#: (key, flag, argparse type, help); a sweep takes several values of each.
FLAGS = [
    ("layers", "--layers", layer_list, "layer sizes, input first (e.g. 2,16,8,1)"),
    ("learning_rate", "--learning-rate", float, "gradient-descent step"),
    ("num_iterations", "--iterations", int, "gradient-descent iterations (full batch)"),
    ("num_epochs", "--epochs", int, "epochs (mini-batch training: fastdnn.fit only)"),
    ("mini_batch_size", "--mini-batch-size", int, "mini-batch size (fastdnn.fit only)"),
    ("optimizer", "--optimizer", str, "'gd' (momentum and adam: fastdnn.fit only)"),
    ("lambd", "--lambd", float, "L2 strength (0 here; fastdnn.fit has it)"),
    ("keep_prob", "--keep-prob", float, "dropout keep probability (1 here; fastdnn.fit has it)"),
    ("hidden", "--hidden", str, "hidden activation: relu, tanh, sigmoid, leaky_relu"),
    ("output", "--output", str, "output layer: auto (sigmoid for 1 unit), sigmoid, softmax"),
    ("seed", "--seed", int, "seed of the initialisation (1: the course's)"),
    ("dtype", "--dtype", str, "float64 or float32"),
    ("method", "--method", str, "first-layer algorithm: auto, direct, gram"),
    ("validation_fraction", "--validation-fraction", float, "share held out for validation"),
    ("test_fraction", "--test-fraction", float, "share held out for testing (without a test file)"),
    ("test", "--test", str, "test data (a file, or the data's own test part by default)"),
    ("patience", "--patience", int, "early stopping: checks without validation improvement"),
    ("checkpoint_every", "--checkpoint-every", int, "iterations between checkpoints and validation checks"),
    ("record_every", "--record-every", int, "iterations between recorded costs (default 100)"),
]


def add_flags(parser, several=False):
    """The configuration flags, given only when used (argparse.SUPPRESS)."""
    for key, flag, kind, text in FLAGS:
        parser.add_argument(flag, dest=key, type=kind, default=argparse.SUPPRESS, help=text,
                            nargs="+" if several else None, metavar=key.upper())
    parser.add_argument("--rows", dest="layout", action="store_const", const="rows", default=argparse.SUPPRESS,
                        help="2-D features hold one example per row (default: per column, as the course)")
    parser.add_argument("--config", metavar="FILE.toml", help="options from a TOML file (flags override)")


def read_toml(path):
    """The TOML file as a dict (tomllib, Python 3.11+; the tomli package before)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - requires-python allows 3.10
        try:
            import tomli as tomllib
        except ImportError:
            raise ImportError("reading --config on Python 3.10 needs tomli: pip install tomli") from None
    try:
        with open(path, "rb") as source:
            return tomllib.load(source)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"--config {path}: not valid TOML: {error}") from None


def from_file(path, sections=()):
    """Top-level keys of a TOML file (its ``[sweep]`` table apart), checked against the known keys."""
    content = read_toml(path)
    known = set(DEFAULTS) | set(sections)
    unknown = sorted(set(content) - known)
    if unknown:
        raise ValueError(f"--config {path}: unknown key(s) {unknown}; known: {sorted(known)}")
    return content


def _not_yet(key, value):
    supported = NOT_YET[key]
    if value != supported:
        raise ValueError(f"{key}={value!r} is not supported yet: the command line trains by full-batch "
                         f"gradient descent; fastdnn.fit in Python has it (leave {key} at {supported!r})")
    return value


def _choice(valid):
    return lambda key, value: _checks.choice(value, valid, key)


def _optional(rule):
    return lambda key, value: None if value is None else rule(key, value)


def _seed(key, value):
    value = _checks.iteration_count(value, key)
    if value >= 2**32:
        raise ValueError(f"{key} must be below 2**32, got {value}")
    return value


def _text(key, value):
    if not isinstance(value, str):
        raise TypeError(f"{key} must be a string, got {value!r}")
    return value


#: One rule per key: (key, value) -> checked value, or ValueError/TypeError naming the key.
RULES = {
    "data": _text,
    "test": _optional(_text),
    "layout": _choice(("columns", "rows")),
    "layers": _optional(lambda key, value: _checks.layer_sizes(value, key)),
    "hidden": lambda key, value: (activation_code(value, key), value)[1],
    "output": _choice(("auto", "sigmoid", "softmax")),
    "optimizer": _not_yet,
    "learning_rate": _optional(lambda key, value: _checks.learning_rate_value(value)),
    "num_iterations": _optional(lambda key, value: _checks.positive_int(_checks.iteration_count(value, key), key)),
    "num_epochs": _not_yet,
    "mini_batch_size": _not_yet,
    "lambd": lambda key, value: _not_yet(key, _checks.lambd_value(value)),
    "keep_prob": lambda key, value: _not_yet(key, _checks.keep_prob_value(value)),
    "seed": _seed,
    "dtype": _choice(("float64", "float32")),
    "method": lambda key, value: _checks.first_layer_method(value),
    "validation_fraction": lambda key, value: _checks.fraction_value(value, key),
    "test_fraction": lambda key, value: _checks.fraction_value(value, key),
    "patience": _optional(lambda key, value: _checks.positive_int(value, key)),
    "checkpoint_every": lambda key, value: _checks.positive_int(value, key),
    "record_every": _optional(lambda key, value: _checks.positive_int(value, key)),
}


def checked(config):
    """The configuration with every key checked, and the rules between keys.

    Raises
    ------
    ValueError, TypeError
        Naming the key (and its flag).
    """
    flags = {key: flag for key, flag, _, _ in FLAGS}
    out = {}
    for key, value in config.items():
        try:
            out[key] = RULES[key](key, value)
        except (ValueError, TypeError) as error:
            flag = f" ({flags[key]})" if key in flags else ""
            raise type(error)(f"{error}{flag}") from None
    if out["validation_fraction"] + out["test_fraction"] >= 1:
        raise ValueError("validation_fraction + test_fraction must leave training examples (sum below 1)")
    if out["test"] is not None and out["test_fraction"]:
        raise ValueError("give a test file (--test) or a test fraction (--test-fraction), not both")
    if out["patience"] is not None and not out["validation_fraction"]:
        raise ValueError("early stopping (--patience) needs a validation split: add --validation-fraction 0.2")
    every = out["checkpoint_every"]
    if out["record_every"] is None:
        out["record_every"] = math.gcd(every, RECORD_EVERY)
    elif every % out["record_every"]:
        raise ValueError(f"checkpoint_every ({every}) must be a multiple of record_every ({out['record_every']})")
    return out


def merged(flags, file_config=None):
    """Defaults, then the file's keys, then the flags given."""
    config = dict(DEFAULTS)
    config.update(file_config or {})
    config.update(flags)
    return config


def data_defaults(config, n_features, n_out):
    """Fill in the layers, learning rate and iterations the data set's defaults give."""
    config = dict(config)
    chosen = DATA_DEFAULTS.get(config["data"])
    if chosen is None:
        chosen = dict(layers=[n_features, *FILE_DEFAULTS["hidden_layers"], n_out],
                      learning_rate=FILE_DEFAULTS["learning_rate"], num_iterations=FILE_DEFAULTS["num_iterations"])
    for key, value in chosen.items():
        if config[key] is None:
            config[key] = value
    return config
