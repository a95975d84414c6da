"""The rules for a model file's metadata (``fastdnn.save_model``)."""
import math
import numbers

import numpy as np

from .arrays import numeric_array
from .values import positive_int


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
