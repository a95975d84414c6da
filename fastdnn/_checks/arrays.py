"""The rules for arrays: numeric, 2-D, a layer's W and b, finite, sizes of layers, memory."""
import os

import numpy as np

from .._core.arrays import contiguous, float_dtype, is_float_c_array  # noqa: F401 (the rules' dtype policy)


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


def training_inputs(X, name="X"):
    """X of a training run: a finite 2-D (n_x, m) array with n_x, m >= 1."""
    x = matrix(X, name)
    if x.shape[0] < 1 or x.shape[1] < 1:
        raise ValueError(f"{name} must hold at least one example (column) and one feature (row), "
                         f"got shape {x.shape}")
    finite(x, name)
    return x


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


def finite(array, name):
    """Refuse NaN or inf (training data and labels must be finite). Floats by
    their min and max (NaN propagates through both, an inf is one of them): as
    fast as ``np.isfinite(array).all()`` without its mask, a byte per element
    (a quarter of float32 data: it was the peak of a mini-batch fit)."""
    if array.size == 0 or array.dtype.kind in "biu":
        return
    if array.dtype.kind == "f" and np.isfinite(np.min(array)) and np.isfinite(np.max(array)):
        return
    if not np.isfinite(array).all():
        bad = np.argwhere(~np.isfinite(array))[0]
        raise ValueError(f"{name} contains NaN or inf (first at index {tuple(int(i) for i in bad)})")


def finite_parameters(layers):
    """Refuse NaN or inf in ``[(W1, b1), ...]`` (as ``network.check_network`` returns them)."""
    for l, pair in enumerate(layers, start=1):
        for letter, array in zip("Wb", pair):
            finite(array, f"parameters['{letter}{l}']")


def check_layer(A_prev, W, b, layer=None, a_name="A_prev"):
    """Validate one layer's inputs; returns them as numeric arrays.

    Raises ValueError with the shapes when ``W @ A_prev + b`` does not fit.
    """
    a = matrix(A_prev, a_name, layer)
    w = matrix(W, "W", layer)
    if w.shape[1] != a.shape[0]:
        raise ValueError(
            f"W{where(layer)} has shape {w.shape} but {a_name} has shape {a.shape}: "
            f"W.shape[1] must equal {a_name}.shape[0]"
        )
    return a, w, bias_vector(b, w.shape[0], "b", layer)


def require_examples(a_prev, name="A_prev", layer=None):
    """The backward step averages over the m columns: refuse m = 0."""
    if a_prev.shape[1] == 0:
        raise ValueError(f"{name}{where(layer)} has no examples (shape {a_prev.shape}): "
                         "the gradients are averages over its columns")
