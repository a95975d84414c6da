"""Input checks shared by the public functions: they run before any kernel, so
a user sees a ValueError or TypeError naming the argument, never a numba error."""
import math
import numbers
import os

import numpy as np

from ._core.activation_table import output_code


def numeric_array(x, name):
    """``np.asarray(x)``, refusing anything that is not real numbers.

    Raises
    ------
    TypeError
        For object, string, complex or otherwise non-numeric input.
    """
    try:
        array = np.asarray(x)
    except (ValueError, TypeError) as error:  # ragged nested lists
        raise TypeError(f"{name} must be a numeric array; np.asarray failed: {error}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got an array of dtype {array.dtype}")
    return array


_FLOAT32, _FLOAT64 = np.dtype(np.float32), np.dtype(np.float64)


def float_dtype(*arrays):
    """The float dtype to compute in: float64 when no input is a float
    (integers and bools of any width), else numpy's result dtype with a floor
    at float32 (float32 stays float32, also with small ints; float16 becomes
    float32) and a ceiling at float64.

    Accepts arrays and dtypes; the all-float case skips ``np.result_type``,
    which costs more than a small kernel call.
    """
    dtypes = [a if isinstance(a, np.dtype) else a.dtype for a in arrays]
    # identity, not ==: dtype equality costs ~0.2 us; other spellings fall through to result_type
    first = dtypes[0]
    if first is _FLOAT64 or first is _FLOAT32:
        for d in dtypes:
            if d is not first:
                break
        else:
            return first
    if all(d is _FLOAT64 or d is _FLOAT32 for d in dtypes):
        return _FLOAT64
    if not any(d.kind == "f" for d in dtypes):
        return _FLOAT64
    return _FLOAT32 if np.result_type(*dtypes, np.float32) == _FLOAT32 else _FLOAT64


def is_float_c_array(x):
    """True for a C-contiguous float32/float64 ndarray: the kernels take it as it is.

    Lets the wrappers skip the conversions, which cost more than a kernel call
    on a few thousand elements.
    """
    return type(x) is np.ndarray and x.flags.c_contiguous and (x.dtype is _FLOAT64 or x.dtype is _FLOAT32)


def contiguous(array, dtype):
    """C-contiguous array of ``dtype``; no copy when ``array`` already is one."""
    return np.asarray(array, dtype=dtype, order="C")


def matrix(x, name, layer=None):
    """A numeric 2-D array, or a ValueError naming the argument and layer."""
    array = numeric_array(x, name)
    if array.ndim == 0:
        raise TypeError(f"{name}{where(layer)} must be a 2-D array, got {type(x).__name__} {x!r:.40}")
    if array.ndim != 2:
        raise ValueError(f"{name}{where(layer)} must be 2-D, got shape {array.shape}")
    return array


def bias_vector(b, rows, name, layer=None):
    """b as a numeric array of shape (rows, 1) or (rows,); either way one bias
    per unit (row), not numpy's broadcast of a 1-D b along the columns."""
    array = numeric_array(b, name)
    if array.shape not in ((rows, 1), (rows,)):
        raise ValueError(
            f"{name}{where(layer)} must have shape ({rows}, 1) to match the weights' "
            f"{rows} rows, got shape {array.shape}"
        )
    return array


def where(layer):
    """' of layer N' for messages, or '' outside a network."""
    return "" if layer is None else f" of layer {layer}"


def same_shape(a, b, name_a, name_b):
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}")


# ------------------------------------------------------------ one rule per argument
# Every public function checks these arguments with these functions; README's
# table "Input rules" lists them.

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


def training_inputs(X, name="X"):
    """X of a training run: a finite 2-D (n_x, m) array with n_x, m >= 1."""
    x = matrix(X, name)
    if x.shape[0] < 1 or x.shape[1] < 1:
        raise ValueError(f"{name} must hold at least one example (column) and one feature (row), "
                         f"got shape {x.shape}")
    finite(x, name)
    return x


def targets(Y, n_out, m, name="Y", x_name="X"):
    """Targets of sigmoid outputs: finite reals of shape (n_out, m) (or (m,)
    for one unit). Not only 0/1: the cross-entropy and its gradient ``A - Y``
    hold for any real Y, and the course's graders train on ``randn`` labels."""
    y = numeric_array(Y, name)
    if y.shape == (m,) and n_out == 1:
        y = y.reshape(1, m)
    if y.shape != (n_out, m):
        raise ValueError(f"{name} must have shape ({n_out}, {m}) to match {x_name}'s {m} columns and "
                         f"{n_out} output unit(s), got shape {y.shape}")
    finite(y, name)
    return y


def class_labels(Y, classes, m, name="Y"):
    """Labels of a softmax output: integers 0 .. classes-1 of shape (1, m) or (m,), as (1, m)."""
    y = numeric_array(Y, name)
    if y.shape not in ((1, m), (m,)):
        raise ValueError(f"{name} must have shape (1, {m}) or ({m},) (one class label per example), "
                         f"got shape {y.shape}")
    y = y.reshape(1, m)
    if not (np.isfinite(y).all() and (y == np.round(y)).all() and (y >= 0).all() and (y < classes).all()):
        raise ValueError(f"{name} must hold integer class labels 0..{classes - 1} ({classes} output units)")
    return y


def binary_labels(Y, m, name="Y"):
    """Labels of one sigmoid output unit used as a classifier: 0 or 1, shape
    (1, m), (m, 1) or (m,), as (1, m). (Training accepts any real targets,
    :func:`targets`; a data file for the command line holds classes.)"""
    y = numeric_array(Y, name)
    if y.size != m or (y.ndim == 2 and 1 not in y.shape) or y.ndim > 2:
        raise ValueError(f"{name} must hold one label per example ({m}), got shape {y.shape}")
    y = y.reshape(1, m)
    if not np.isin(y, (0, 1)).all():
        values = np.unique(y[np.isfinite(y)])[:6]
        raise ValueError(f"{name} must hold 0/1 labels for one sigmoid output unit, got values such as "
                         f"{values.tolist()} (for classes 0..K-1 end the layers with K units)")
    return y


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


def output_kind(output, n_out):
    """THE output rule: ``"sigmoid"`` or ``"softmax"``; ``"auto"`` is softmax for
    several output units, sigmoid for one; softmax needs at least 2 units."""
    if output == "auto":
        return "softmax" if n_out > 1 else "sigmoid"
    output_code(output)
    if output == "softmax" and n_out < 2:
        raise ValueError(f"output='softmax' needs at least 2 output units, the last layer has {n_out}")
    return output


def training_labels(Y, output, n_out, m, name="Y", binary=False):
    """Labels checked against an output layer of ``n_out`` units (``output`` as
    :func:`output_kind` resolves it), as (n, m): class labels 0..n_out-1 for
    softmax; for sigmoid :func:`targets`, or with ``binary`` 0/1 labels of one unit
    (a data file's classes)."""
    output = output_kind(output, n_out)
    if output == "softmax":
        return class_labels(Y, n_out, m, name)
    if not binary:
        return targets(Y, n_out, m, name)
    if n_out != 1:
        raise ValueError(f"a sigmoid output takes one unit for 0/1 labels, the layers end with {n_out} "
                         "(for K classes use output softmax)")
    return binary_labels(Y, m, name)


def memory_budget(nbytes, what, available=None):
    """Refuse a run that needs more memory than is available (before allocating it).

    Parameters
    ----------
    nbytes : int
        Bytes the run needs.
    what : str
        Names what needs it, for the message.
    available : int, optional
        Bytes available; by default the system's available memory (Linux's
        ``MemAvailable``, else total physical memory).
    """
    if available is None:
        available = available_memory()
    if available is not None and nbytes > available:
        raise ValueError(f"{what} need {nbytes / 2**30:.3g} GiB of memory, more than the "
                         f"{available / 2**30:.3g} GiB available")


def available_memory():
    """Bytes of memory available to a new allocation, or None where unknown."""
    try:
        with open("/proc/meminfo") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


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


def finite(array, name):
    """Refuse NaN or inf (training data and labels must be finite)."""
    if not np.isfinite(array).all():
        bad = np.argwhere(~np.isfinite(array))[0]
        raise ValueError(f"{name} contains NaN or inf (first at index {tuple(int(i) for i in bad)})")


def finite_parameters(layers):
    """Refuse NaN or inf in ``[(W1, b1), ...]`` (as ``network.check_network`` returns them)."""
    for l, pair in enumerate(layers, start=1):
        for letter, array in zip("Wb", pair):
            finite(array, f"parameters['{letter}{l}']")


# ------------------------------------------------------------ course-2 hyperparameters

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


# ------------------------------------------------------------ the mini-batch trainer (fastdnn.fit)

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


# ------------------------------------------------------------ the command line

def fraction_value(value, name):
    """A share of the examples held out by the command line, in [0, 1) (0: none)."""
    value = real_value(value, name)
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1) (a share of the examples), got {value}")
    return value


# ------------------------------------------------------------ model files (fastdnn.save_model)

def _is_sequence(value):
    """Iterable and not one str, bytes or 0-d array (each of which is one value)."""
    return (hasattr(value, "__iter__") and not isinstance(value, (str, bytes))
            and not (isinstance(value, np.ndarray) and value.ndim == 0))


def class_names_value(names, output, n_out):
    """None, or one name per class as a list of str (bytes decoded as UTF-8, as in
    the course's ``classes``; numbers written out): 2 for one sigmoid unit (the values of its 0/1 label),
    one per unit for a softmax (its classes) or several sigmoid units (their labels)."""
    if names is None:
        return None
    if not _is_sequence(names):
        raise TypeError(f"class_names must be a sequence of str (one per class), got {type(names).__name__} {names!r}")
    decoded = []
    for index, name in enumerate(names):
        if isinstance(name, bytes):
            try:
                name = name.decode("utf-8")
            except UnicodeDecodeError as error:
                raise ValueError(f"class_names[{index}] is not UTF-8 text: {error}") from None
        elif isinstance(name, numbers.Number) and not isinstance(name, (bool, np.bool_)):
            name = str(name)  # classes named by their numbers (digits 0..9)
        elif not isinstance(name, str):
            raise TypeError(f"class_names[{index}] must be str, bytes or a number, got {type(name).__name__} "
                            f"{name!r}")
        decoded.append(str(name))
    n_classes = 2 if n_out == 1 else n_out
    if len(decoded) != n_classes:
        has = ("a sigmoid output unit has 2 classes" if n_out == 1 else
               f"a {output} output of {n_out} units has {n_out} {'classes' if output == 'softmax' else 'labels'}")
        raise ValueError(f"class_names holds {len(decoded)} names; {has}")
    return decoded


def input_shape_value(shape, n_inputs):
    """None, or the shape of one example before flattening (an image's (height,
    width, channels)) as a tuple of int >= 1 whose product is the first layer's inputs."""
    if shape is None:
        return None
    if not _is_sequence(shape):
        raise TypeError(f"input_shape must be a sequence of int, got {type(shape).__name__} {shape!r}")
    shape = tuple(positive_int(n, f"input_shape[{i}]") for i, n in enumerate(shape))
    if math.prod(shape) != n_inputs:
        raise ValueError(f"input_shape {shape} holds {math.prod(shape)} values; the first layer reads {n_inputs}")
    return shape


def dict_or_none(value, name):
    if value is not None and not isinstance(value, dict):
        raise TypeError(f"{name} must be a dict, got {type(value).__name__}")
    return value


def history_value(history):
    """``fastdnn.fit``'s history as it returns it: ``(series, optimizer_state)``,
    ``series`` the numeric entries other than ``"optimizer_state"`` (1-D series of
    one length, one per record, and 0-d values such as ``best_epoch``),
    ``optimizer_state`` that entry's array or None. None: ``({}, None)``."""
    if history is None:
        return {}, None
    if not isinstance(history, dict):
        raise TypeError(f"history must be a dict of arrays (as fastdnn.fit returns), got {type(history).__name__}")
    series = {}
    for key, values in history.items():
        if not isinstance(key, str):
            raise TypeError(f"history's keys must be str, got {type(key).__name__} {key!r}")
        if not key or "/" in key:
            raise ValueError(f"history's keys must be non-empty names without '/', got {key!r}")
        series[key] = numeric_array(values, f"history[{key!r}]")
    state = series.pop("optimizer_state", None)
    for key, values in series.items():
        if values.ndim > 1:
            raise ValueError(f"history[{key!r}] must be 1-D (a series) or 0-d (a value), got shape {values.shape}")
    lengths = {key: len(values) for key, values in series.items() if values.ndim == 1}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"history's 1-D series must have one length, got lengths {lengths}")
    return series, state
