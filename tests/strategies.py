"""Hypothesis strategies shared by the property tests: arrays of random shape,
dtype (float64, float32, int) and memory layout (C, Fortran, strided view)."""
import numpy as np
from hypothesis import strategies as st

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.int16, np.uint8, np.bool_]
LAYOUTS = ["C", "F", "strided"]


def in_layout(array, layout):
    """The same values as ``array`` in the requested memory layout."""
    array = np.asarray(array)
    if layout == "F":
        return np.asfortranarray(array)
    if layout == "strided" and array.ndim:
        padded = np.zeros(tuple(2 * n for n in array.shape), array.dtype)
        view = padded[tuple(slice(None, None, 2) for _ in array.shape)]
        view[...] = array
        return view
    return np.ascontiguousarray(array)


@st.composite
def arrays(draw, shape, dtype=None, layout=None, scale=3.0):
    """Array of ``shape`` with values in [-scale, scale] (ints in [-3, 3])."""
    dtype = np.dtype(draw(st.sampled_from(DTYPES)) if dtype is None else dtype)
    layout = draw(st.sampled_from(LAYOUTS)) if layout is None else layout
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    if dtype.kind == "f":
        values = np.asarray(rng.uniform(-scale, scale, size=shape)).astype(dtype)
    else:
        low = 0 if dtype.kind in "bu" else -3
        values = np.asarray(rng.integers(low, 4, size=shape)).astype(dtype)
    return in_layout(values, layout)


shapes = st.lists(st.integers(1, 6), min_size=0, max_size=4).map(tuple)
matrix_dims = st.integers(1, 7)


def tolerance(*arrays_):
    """Relative tolerance of one operation: float32 level if any input is float32."""
    return 2e-6 if any(np.asarray(a).dtype == np.float32 for a in arrays_) else 1e-12


def expected_dtype(*arrays_):
    """What fastdnn promises: float64 without a float input, else numpy's
    result dtype with a floor at float32."""
    if not any(np.asarray(a).dtype.kind == "f" for a in arrays_):
        return np.float64
    dtype = np.result_type(*arrays_, np.float32)
    return np.float32 if dtype == np.float32 else np.float64
