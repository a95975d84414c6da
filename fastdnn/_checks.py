"""Input checks shared by the public functions: they run before any kernel, so
a user sees a ValueError or TypeError naming the argument, never a numba error."""
import math
import numbers

import numpy as np


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


def learning_rate_value(rate):
    """A finite real learning rate as a Python float."""
    if isinstance(rate, (bool, np.bool_)) or not isinstance(rate, numbers.Real):
        raise TypeError(f"learning_rate must be a real number, got {type(rate).__name__}")
    rate = float(rate)
    if not math.isfinite(rate):
        raise ValueError(f"learning_rate must be finite, got {rate}")
    return rate


def positive_int(value, name):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(value)


def finite(array, name):
    """Refuse NaN or inf (training data and labels must be finite)."""
    if not np.isfinite(array).all():
        bad = np.argwhere(~np.isfinite(array))[0]
        raise ValueError(f"{name} contains NaN or inf (first at index {tuple(int(i) for i in bad)})")
