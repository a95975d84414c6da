"""The dtype policy every function computes in (float32 stays float32, float16
computes in float32, integers and bools in float64) and the C-contiguous form
the kernels take."""
import numpy as np

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
