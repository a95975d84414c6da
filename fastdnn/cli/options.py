"""A run's configuration: the trainer's keys (named as ``fastdnn.fit``'s: optimizer,
learning_rate, num_iterations/num_epochs, mini_batch_size, beta, beta1, beta2,
epsilon, lambd, keep_prob, initialization, hidden, output, decay, decay_rate,
seed, dtype, method) and the command line's (data, splits, checkpoints), from
defaults, a TOML file and flags, flags winning.

Every value is checked by one rule (:data:`RULES`, built on
:mod:`fastdnn._checks` and :mod:`fastdnn._product.training`'s names) before any data is
read or any kernel runs; what depends on the data (a mini-batch larger than the
training split, the Gram path) when the data are read, before training.
"""
import argparse
import math
import sys

from .. import _checks
from .._product import training
from .._core.activation_table import ACTIVATIONS, activation_code
from .._params import RECORD_EVERY

DEFAULTS = dict(
    data="planar", test=None, layout="columns", layers=None, hidden="relu", output="auto",
    optimizer="gd", learning_rate=None, num_iterations=None, num_epochs=None, mini_batch_size=None,
    beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8, lambd=0.0, keep_prob=1.0, initialization="application",
    decay=None, decay_rate=1.0, seed=1, dtype="float64", method="auto",
    validation_fraction=0.0, test_fraction=0.0, patience=None, checkpoint_every=1000, record_every=None,
)
#: The keys :func:`fastdnn.fit` takes as they are.
FIT_KEYS = ("learning_rate", "optimizer", "mini_batch_size", "beta", "beta1", "beta2", "epsilon", "lambd",
            "keep_prob", "initialization", "hidden", "output", "decay", "decay_rate", "seed", "method")
#: Per data set: layers, learning rate and iterations when not given.
DATA_DEFAULTS = {
    "planar": dict(layers=[2, 16, 8, 1], learning_rate=0.1, num_iterations=10000),
    "spiral": dict(layers=[2, 100, 3], learning_rate=1.0, num_iterations=5000),
}
#: For files: the course's cat network ``[n_x, 20, 7, 5, n_out]`` and its schedule.
FILE_DEFAULTS = dict(hidden_layers=[20, 7, 5], learning_rate=0.0075, num_iterations=2500)


def layer_list(text):
    """``"2,16,8,1"`` -> ``[2, 16, 8, 1]`` (argparse type)."""
    try:
        return [int(n) for n in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"layer sizes are comma-separated integers such as 2,16,8,1, "
                                         f"got {text!r}") from None


#: (key, flag, argparse type, help); a sweep takes several values of each.
#: --help adds each key's choices (:data:`CHOICES`) and default (:data:`DEFAULTS`).
FLAGS = [
    ("layers", "--layers", layer_list, "layer sizes, input first (e.g. 2,16,8,1)"),
    ("learning_rate", "--learning-rate", float, "gradient-descent step"),
    ("num_iterations", "--iterations", int, "full-batch iterations (= epochs; not with --mini-batch-size)"),
    ("num_epochs", "--epochs", int, "epochs: passes over the training examples (default: the iterations)"),
    ("mini_batch_size", "--mini-batch-size", int, "examples per mini-batch (default: full batch)"),
    ("optimizer", "--optimizer", str, "the optimiser"),
    ("beta", "--beta", float, "momentum's decay"),
    ("beta1", "--beta1", float, "Adam's first-moment decay"),
    ("beta2", "--beta2", float, "Adam's second-moment decay"),
    ("epsilon", "--epsilon", float, "Adam's epsilon"),
    ("lambd", "--lambd", float, "L2 strength"),
    ("keep_prob", "--keep-prob", float, "dropout keep probability of hidden units (1: none)"),
    ("initialization", "--initialization", str, "initial weights (application: randn/sqrt(n_prev), the course "
     "application's)"),
    ("decay", "--decay", str, "learning-rate decay after each epoch (default: none)"),
    ("decay_rate", "--decay-rate", float, "the decay's rate"),
    ("hidden", "--hidden", str, "hidden activation"),
    ("output", "--output", str, "output layer (auto: sigmoid for 1 unit, else softmax)"),
    ("seed", "--seed", int, "seed of the initialisation, dropout and batch orders (1: the course's)"),
    ("dtype", "--dtype", str, "training precision"),
    ("method", "--method", str, "first-layer algorithm"),
    ("validation_fraction", "--validation-fraction", float, "share held out for validation"),
    ("test_fraction", "--test-fraction", float, "share held out for testing (without a test file)"),
    ("test", "--test", str, "test data (default: a file's own test part, if it has one)"),
    ("patience", "--patience", int, "early stopping: checks without validation improvement (default: none)"),
    ("checkpoint_every", "--checkpoint-every", int, "epochs between checkpoints and validation checks"),
    ("record_every", "--record-every", int, f"epochs between recorded costs (default: {RECORD_EVERY})"),
]
#: The keys of a closed set of values: their rule (:data:`RULES`) and --help's {a,b,c}.
CHOICES = {"layout": ("columns", "rows"), "hidden": tuple(ACTIVATIONS), "output": ("auto", "sigmoid", "softmax"),
           "optimizer": training.OPTIMIZERS, "initialization": training.INITIALIZATIONS,
           "decay": tuple(training.DECAYS), "dtype": ("float64", "float32"), "method": ("auto", "direct", "gram")}
#: Keys whose default depends on the data set (:data:`DATA_DEFAULTS`, :data:`FILE_DEFAULTS`).
BY_DATA = ("layers", "learning_rate", "num_iterations")
#: Keys whose values are integers (a random search rounds its draws of them).
INTEGER_KEYS = frozenset(key for key, _, kind, _ in FLAGS if kind is int)


def add_flags(parser, several=False):
    """The configuration flags, given only when used (argparse.SUPPRESS)."""
    for key, flag, kind, text in FLAGS:
        parser.add_argument(flag, dest=key, type=kind, default=argparse.SUPPRESS, help=_help(key, text),
                            nargs="+" if several else None,
                            metavar="{" + ",".join(CHOICES[key]) + "}" if key in CHOICES else key.upper())
    parser.add_argument("--rows", dest="layout", action="store_const", const="rows", default=argparse.SUPPRESS,
                        help="2-D features hold one example per row (default: per column, as the course)")
    parser.add_argument("--config", metavar="FILE.toml", help="options from a TOML file (flags override)")


def _help(key, text):
    """A flag's help with its default."""
    if key in BY_DATA:
        return f"{text} (default: by data set)"
    default = DEFAULTS[key]
    if default is None or "default" in text:
        return text
    return f"{text} (default: {default:g})" if isinstance(default, float) else f"{text} (default: {default})"


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


def _choice(valid):
    return lambda key, value: _checks.choice(value, valid, key)


def _optional(rule):
    return lambda key, value: None if value is None else rule(key, value)


def _text(key, value):
    if not isinstance(value, str):
        raise TypeError(f"{key} must be a string, got {value!r}")
    return value


#: One rule per key: (key, value) -> checked value, or ValueError/TypeError naming the key.
RULES = {
    "data": _text,
    "test": _optional(_text),
    "layout": _choice(CHOICES["layout"]),
    "layers": _optional(lambda key, value: _checks.layer_sizes(value, key)),
    "hidden": lambda key, value: (activation_code(value, key), value)[1],
    "output": _choice(CHOICES["output"]),
    "optimizer": _choice(CHOICES["optimizer"]),
    "learning_rate": _optional(lambda key, value: _checks.learning_rate_value(value)),
    "num_iterations": _optional(lambda key, value: _checks.positive_int(value, key)),
    "num_epochs": _optional(lambda key, value: _checks.positive_int(value, key)),
    "mini_batch_size": _optional(lambda key, value: _checks.positive_int(value, key)),
    "beta": lambda key, value: _checks.beta_value(value, key),
    "beta1": lambda key, value: _checks.beta_value(value, key),
    "beta2": lambda key, value: _checks.beta_value(value, key),
    "epsilon": lambda key, value: _checks.positive_value(value, key),
    "lambd": lambda key, value: _checks.lambd_value(value),
    "keep_prob": lambda key, value: _checks.keep_prob_value(value),
    "initialization": _choice(CHOICES["initialization"]),
    "decay": _optional(_choice(CHOICES["decay"])),
    "decay_rate": lambda key, value: _checks.decay_rate_value(value, key),
    "seed": lambda key, value: _checks.seed_value(value, key),
    "dtype": _choice(CHOICES["dtype"]),
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
    if out["num_iterations"] is not None and out["num_epochs"] is not None:
        raise ValueError("give the epochs (--epochs) or the iterations (--iterations), not both")
    if out["mini_batch_size"] is not None and out["num_iterations"] is not None:
        raise ValueError("mini-batch training counts epochs: give --epochs instead of --iterations")
    plain = training.plain_gradient_descent(out["optimizer"], out["mini_batch_size"], None, out["lambd"],
                                            out["keep_prob"], out["decay"])
    if out["method"] == "gram":
        training.resolved_method("gram", plain, 0, 0, 0, 0)  # refuses it unless plain
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
    """Fill in the layers, learning rate and length the data set's defaults give (its
    iterations, or as many epochs for mini-batch training)."""
    config = dict(config)
    chosen = DATA_DEFAULTS.get(config["data"])
    if chosen is None:
        chosen = dict(layers=[n_features, *FILE_DEFAULTS["hidden_layers"], n_out],
                      learning_rate=FILE_DEFAULTS["learning_rate"], num_iterations=FILE_DEFAULTS["num_iterations"])
    chosen = dict(chosen)
    if config["num_epochs"] is not None or config["mini_batch_size"] is not None:
        chosen["num_epochs"] = chosen.pop("num_iterations")
    for key, value in chosen.items():
        if config[key] is None:
            config[key] = value
    return config


def epochs(config):
    """The run's length in epochs (a full-batch iteration is an epoch)."""
    return config["num_iterations"] if config["num_epochs"] is None else config["num_epochs"]


def unit(config):
    """What the run counts: ``"iteration"`` (full batch) or ``"epoch"`` (mini-batches)."""
    return "iteration" if config["mini_batch_size"] is None and config["num_epochs"] is None else "epoch"
