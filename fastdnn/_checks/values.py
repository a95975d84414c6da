"""The rules for scalar arguments: rates, counts, seeds, hyperparameters, choices."""
import math
import numbers

import numpy as np

from .arrays import finite, numeric_array, training_inputs


def learning_rate_value(rate):
    """A learning rate: a finite real number > 0, as a Python float."""
    rate = real_value(rate, "learning_rate")
    if rate <= 0:
        raise ValueError(f"learning_rate must be positive, got {rate}")
    return rate


#: Iteration counts run in int64 loops; this bound keeps every count exact.
MAX_ITERATIONS = 2**62


def iteration_count(value, name="num_iterations"):
    """A count of iterations: an integer 0 <= n <= MAX_ITERATIONS (0 trains nothing)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if not 0 <= value <= MAX_ITERATIONS:
        raise ValueError(f"{name} must be between 0 and 2**62, got {value}")
    return int(value)


def positive_int(value, name):
    """An integer 1 <= n <= MAX_ITERATIONS (2**62: the compiled code counts in int64)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    if value > MAX_ITERATIONS:
        raise ValueError(f"{name} must be at most 2**62, got {value}")
    return int(value)


def step_number(value, name="t"):
    """Adam's step count: an integer >= 1, or a real of whole value (2.0) or a 0-d
    array of one, which the course's ``beta1**t`` takes as well."""
    value = _unwrapped(value)
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_, numbers.Integral)) \
            and math.isfinite(value) and float(value).is_integer():
        value = int(value)
    return positive_int(value, name)


def seed_value(value, name="seed"):
    """None (fresh entropy), or a whole number in [0, 2**32): numpy's legacy seeds' range."""
    if value is None:
        return None
    value = iteration_count(value, name)
    if value >= 2**32:
        raise ValueError(f"{name} must be below 2**32, got {value}")
    return value


def non_negative_value(value, name):
    """A finite real >= 0."""
    value = real_value(value, name)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return value


def decay_rate_value(value, name="decay_rate"):
    """A real >= 0: the course's decays then keep every rate positive."""
    return non_negative_value(value, name)


def training_dtype(dtype):
    """None (float64), numpy.float64 or numpy.float32, as a numpy dtype."""
    if dtype is None:
        return np.dtype(np.float64)
    try:
        chosen = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be numpy.float64 or numpy.float32, got {dtype!r}") from None
    if chosen not in (np.float32, np.float64):
        raise TypeError(f"dtype must be numpy.float64 or numpy.float32, got {chosen}")
    return chosen


def first_layer_method(method):
    """The first-layer algorithm: "auto", "direct" or "gram"."""
    if method not in ("auto", "direct", "gram"):
        raise ValueError(f"method must be 'auto', 'direct' or 'gram', got {method!r}")
    return method


def _unwrapped(value):
    """A 0-d array's number (the course's arithmetic takes one where a number goes); anything else as it is."""
    return value[()] if isinstance(value, np.ndarray) and value.ndim == 0 else value


def real_value(value, name):
    """A finite real number as a Python float (bools refused; a 0-d array is its number)."""
    value = _unwrapped(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def lambd_value(lambd):
    """The L2 strength, >= 0."""
    lambd = real_value(lambd, "lambd")
    if lambd < 0:
        raise ValueError(f"lambd must be >= 0 (the L2 strength), got {lambd}")
    return lambd


def keep_prob_value(keep_prob):
    """The dropout keep probability, in (0, 1]."""
    keep_prob = real_value(keep_prob, "keep_prob")
    if not 0 < keep_prob <= 1:
        raise ValueError(f"keep_prob must be in (0, 1] (the probability of keeping a unit), got {keep_prob}")
    return keep_prob


def beta_value(beta, name):
    """A moving-average decay, in [0, 1)."""
    beta = real_value(beta, name)
    if not 0 <= beta < 1:
        raise ValueError(f"{name} must be in [0, 1), got {beta}")
    return beta


def positive_value(value, name):
    """A finite real number > 0 (epsilon)."""
    value = real_value(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return value


def choice(value, valid, name):
    """One of the names in ``valid``; ValueError listing them."""
    if not isinstance(value, str) or value not in valid:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, valid))}; got {value!r}")
    return value


def mini_batch_size_value(size, m):
    """None (one batch of all m examples) or an integer 1 <= size <= m."""
    if size is None:
        return None
    size = positive_int(size, "mini_batch_size")
    if size > m:
        raise ValueError(f"mini_batch_size must be at most the number of examples m = {m}, got {size}")
    return size


def epoch_count(value):
    """A number of epochs, as :func:`iteration_count`."""
    return iteration_count(value, "num_epochs")


def optimizer_state_value(state, size, name="optimizer_state"):
    """None, or the flat state of an optimiser: finite numbers, 1-D, ``size`` of them
    (0 for gradient descent, the parameters' count for momentum, twice it for Adam)."""
    if state is None:
        return None
    array = numeric_array(state, name)
    if array.shape != (size,):
        raise ValueError(f"{name} must have shape ({size},) for this optimizer and these layers, "
                         f"got shape {array.shape}")
    finite(array, name)
    return array


def validation_fraction_value(fraction, m):
    """None (also for 0: nothing held out, as Keras' ``validation_split=0``) or a
    fraction in (0, 1) that leaves at least one example on each side of the split."""
    if fraction is None:
        return None
    fraction = real_value(fraction, "validation_fraction")
    if fraction == 0:
        return None
    if not 0 < fraction < 1:
        raise ValueError(f"validation_fraction must be in [0, 1), got {fraction}")
    held_out = int(round(fraction * m))
    if not 1 <= held_out < m:
        raise ValueError(f"validation_fraction={fraction} of m = {m} examples leaves {held_out} for validation "
                         f"and {m - held_out} for training; both need at least one")
    return fraction


def validation_pair(validation, n_x):
    """``validation=(X_val, Y_val)``: X_val finite (n_x, m_val); Y_val is checked by the output's rule."""
    if not isinstance(validation, (tuple, list)) or len(validation) != 2:
        raise TypeError(f"validation must be a pair (X_val, Y_val), got {type(validation).__name__}")
    x_val = training_inputs(validation[0], "validation[0] (X_val)")
    if x_val.shape[0] != n_x:
        raise ValueError(f"validation[0] (X_val) has {x_val.shape[0]} rows but X has {n_x} "
                         f"(shape (n_x, m_val) expected), got shape {x_val.shape}")
    return x_val, validation[1]


def patience_value(patience):
    """``early_stopping``: None, or the patience, an integer >= 1 of recorded epochs."""
    if patience is None or patience is False:
        return None
    return positive_int(patience, "early_stopping")


def callable_or_none(value, name):
    if value is not None and not callable(value):
        raise TypeError(f"{name} must be callable or None, got {type(value).__name__}")
    return value


def fraction_value(value, name):
    """A share of the examples held out by the command line, in [0, 1) (0: none)."""
    value = real_value(value, name)
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1) (a share of the examples), got {value}")
    return value


def layer_sizes(layer_dims, name="layer_dims", n_x=None):
    """``[n_x, n_1, ..., n_L]``: at least two positive integers; the first
    equal to X's rows when ``n_x`` is given."""
    if isinstance(layer_dims, (str, bytes)) or not hasattr(layer_dims, "__len__"):
        raise TypeError(f"{name} must be a sequence of layer sizes such as [12288, 20, 1], "
                        f"got {type(layer_dims).__name__}")
    dims = list(layer_dims)
    if len(dims) < 2:
        raise ValueError(f"{name} needs the input size and at least one layer, got {dims}")
    dims = [positive_int(n, f"{name}[{i}] (layer {i})") for i, n in enumerate(dims)]
    if n_x is not None and dims[0] != n_x:
        raise ValueError(f"{name}[0] is {dims[0]} but X has {n_x} rows (shape (n_x, m) expected)")
    return dims


def hidden_layer_sizes(value, name="hidden_layer_sizes"):
    """Sizes of the hidden layers, as a list: a positive integer (one layer) or
    a sequence of them; empty means no hidden layer (logistic regression)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        value = [value]
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise TypeError(f"{name} must be a sequence of layer sizes such as (100,) or (20, 7, 5), "
                        f"got {type(value).__name__}")
    return [positive_int(n, f"{name}[{i}]") for i, n in enumerate(value)]
