"""Kernels: each kernel-backed function of fastdnn against the numpy code it
replaces, at about 4e3, 1e5 and 4e6 elements, in float64 and float32.

``PublicFunctions``, ``PublicFunctionsMemory``
    The public functions (what a user calls) against their plain-numpy twins
    in ``tests/naive.py``: ``time_*`` and ``track_ratio`` at every size,
    ``peakmem_*`` at 4e6 elements.
``Kernels``
    The bare kernels of ``fastdnn._core.kernels`` (output allocation included, as
    the Python layer does it) against the bare numpy expression each replaces.
    This is where the core targets apply: ratio <= 0.5 (>= 2x faster) from
    1e5 elements, <= 1.11 (>= 0.9x) at 4e3.
``ThresholdSuite``
    Each kernel with ``parallel=True`` against ``parallel=False`` over sizes
    from 1e3 to 4e6 elements: the smallest size where the ratio drops below 1
    is where ``PARALLEL_THRESHOLD`` (``fastdnn/config.py``) belongs.

Every ``setup`` calls what it times once, so JIT compilation (or loading
from numba's cache) never lands in a timing. ``track_*`` values are
fastdnn-time / numpy-time measured in the same process with interleaved
samples (``benchmarks.ratio``): lower is better, as asv assumes.
"""
import numpy as np

import fastdnn
import naive
from fastdnn._core import kernels
from fastdnn._core.activation_table import RELU, SIGMOID
from fastdnn.config import launch

from . import ratio

#: ~4e3, 1e5 and 4e6 elements.
SHAPES = [(20, 200), (100, 1000), (1000, 4000)]
DTYPES = ["float64", "float32"]
#: Fan-in of the linear steps: small, so that the element-wise work fastdnn
#: fuses, not the BLAS product both sides share, decides the ratio.
FAN_IN = 16
LEARNING_RATE = 0.0075


def _data(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)

    def array(*dims, scale=1.0):
        return (rng.standard_normal(dims) * scale).astype(dtype)

    return array


# --- public functions ---------------------------------------------------------

def _public_calls(name, shape, dtype):
    """(fastdnn call, numpy-reference call) of public function ``name``."""
    n, m = shape
    array = _data(shape, dtype)
    if name in ("sigmoid", "relu"):
        Z = array(n, m)
        fast, ref = getattr(fastdnn, name), getattr(naive, name)
        return (lambda: fast(Z)), (lambda: ref(Z))
    if name in ("sigmoid_backward", "relu_backward"):
        dA, Z = array(n, m), array(n, m)
        fast, ref = getattr(fastdnn, name), getattr(naive, name)
        return (lambda: fast(dA, Z)), (lambda: ref(dA, Z))
    A_prev, W, b = array(FAN_IN, m), array(n, FAN_IN, scale=0.25), array(n, 1, scale=0.1)
    if name.startswith("linear_activation_forward/"):
        act = name.split("/")[1]
        return (lambda: fastdnn.linear_activation_forward(A_prev, W, b, act),
                lambda: naive.linear_activation_forward(A_prev, W, b, act))
    if name.startswith("linear_activation_backward/"):
        act = name.split("/")[1]
        dA = array(n, m)
        cache = ((A_prev, W, b), array(n, m))
        return (lambda: fastdnn.linear_activation_backward(dA, cache, act),
                lambda: naive.linear_activation_backward(dA, cache, act))
    if name == "linear_backward":
        dZ = array(n, m)
        cache = (A_prev, W, b)
        return (lambda: fastdnn.linear_backward(dZ, cache),
                lambda: naive.linear_backward(dZ, cache))
    if name == "update_parameters":
        parameters = {"W1": array(n, m), "b1": array(n, 1)}
        grads = {"dW1": array(n, m), "db1": array(n, 1)}
        return (lambda: fastdnn.update_parameters(parameters, grads, LEARNING_RATE),
                lambda: naive.update_parameters(parameters, grads, LEARNING_RATE))
    raise ValueError(name)


PUBLIC = [
    "sigmoid", "relu", "sigmoid_backward", "relu_backward",
    "linear_activation_forward/relu", "linear_activation_forward/sigmoid",
    "linear_activation_backward/relu", "linear_activation_backward/sigmoid",
    "linear_backward", "update_parameters",
]


class PublicFunctions:
    """fastdnn's public kernel-backed functions vs ``tests/naive.py``.

    ``shape`` is the shape of Z (the activation's input and output); the
    linear steps take ``A_prev`` of shape (16, m).
    """
    params = [PUBLIC, SHAPES, DTYPES]
    param_names = ["function", "shape", "dtype"]
    timeout = 120

    def setup(self, name, shape, dtype):
        self.fast, self.ref = _public_calls(name, shape, dtype)
        self.fast()  # JIT compile / cache load, outside any timing
        self.ref()

    def time_fastdnn(self, name, shape, dtype):
        self.fast()

    def time_numpy(self, name, shape, dtype):
        self.ref()

    def track_ratio(self, name, shape, dtype):
        """fastdnn time / numpy time (lower is better; 0.5 = twice as fast)."""
        return ratio(self.fast, self.ref)

    track_ratio.unit = "fastdnn/numpy"


class PublicFunctionsMemory:
    """Peak resident memory of one call at 4e6 elements (setup's arrays
    included), where numpy's temporaries show."""
    params = [PUBLIC, SHAPES[-1:], DTYPES]
    param_names = ["function", "shape", "dtype"]
    timeout = 120

    def setup(self, name, shape, dtype):
        self.fast, self.ref = _public_calls(name, shape, dtype)
        self.fast()
        self.ref()

    def peakmem_fastdnn(self, name, shape, dtype):
        self.fast()

    def peakmem_numpy(self, name, shape, dtype):
        self.ref()


# --- bare kernels ---------------------------------------------------------------

def _np_relu_backward(da, z):
    dz = np.array(da, copy=True)
    dz[z <= 0] = 0
    return dz


def _np_sigmoid_backward(da, z):
    s = 1 / (1 + np.exp(-z))
    return da * s * (1 - s)


_NP_FORWARD = {"relu": lambda z: np.maximum(0, z), "sigmoid": lambda z: 1 / (1 + np.exp(-z))}
_NP_BACKWARD = {"relu": _np_relu_backward, "sigmoid": _np_sigmoid_backward}
_CODE = {"relu": RELU, "sigmoid": SIGMOID}


def _kernel_calls(name, shape, dtype, parallel=None):
    """(kernel call, numpy-expression call) for kernel ``name``.

    The kernel call allocates its output with ``np.empty`` as fastdnn's
    Python layer does; ``parallel`` defaults to the layer's choice
    (``config.launch``), True forces the parallel build, False the serial one.
    """
    n, m = shape
    size = n * m

    def run(builds, *args):
        if parallel is None:
            launch(builds, size, *args)
        else:
            builds[1 if parallel else 0](*args)
    array = _data(shape, dtype)
    kernel, _, act = name.partition("/")
    code = _CODE.get(act)
    if kernel == "activation_forward":
        z = array(n, m)
        flat = z.reshape(-1)
        np_forward = _NP_FORWARD[act]

        def fast():
            out = np.empty_like(z)
            run(kernels.activation_forward, flat, out.reshape(-1), code)
            return out
        return fast, lambda: np_forward(z)
    if kernel == "activation_backward":
        da, z = array(n, m), array(n, m)
        da_flat, z_flat = da.reshape(-1), z.reshape(-1)
        np_backward = _NP_BACKWARD[act]

        def fast():
            out = np.empty_like(z)
            run(kernels.activation_backward, da_flat, z_flat, out.reshape(-1), code)
            return out
        return fast, lambda: np_backward(da, z)
    if kernel == "bias_activation_forward":
        # The kernel adds b into z in place (z is W @ A_prev, fresh from BLAS, in
        # fastdnn); b is tiny so that z barely drifts over many timed calls.
        z = array(n, m)
        b = array(n, 1, scale=1e-12)
        b_flat = b.reshape(-1)
        np_forward = _NP_FORWARD[act]

        def fast():
            a = np.empty_like(z)
            run(kernels.bias_activation_forward, z, b_flat, a, code)
            return a
        return fast, lambda: np_forward(z + b)
    if kernel == "activation_backward_bias_sum":
        da, z = array(n, m), array(n, m)
        np_backward = _NP_BACKWARD[act]

        def fast():
            dz = np.empty_like(z)
            db = np.empty(n, z.dtype)
            run(kernels.activation_backward_bias_sum, da, z, dz, db, code)
            return dz, db

        def ref():
            dz = np_backward(da, z)
            return dz, np.sum(dz, axis=1, keepdims=True)
        return fast, ref
    if kernel == "subtract_scaled":
        p, g = array(n, m), array(n, m)
        p_flat, g_flat = p.reshape(-1), g.reshape(-1)

        def fast():
            out = np.empty_like(p)
            run(kernels.subtract_scaled, p_flat, g_flat, LEARNING_RATE, out.reshape(-1))
            return out
        return fast, lambda: p - LEARNING_RATE * g
    raise ValueError(name)


KERNELS = [
    "activation_forward/relu", "activation_forward/sigmoid",
    "activation_backward/relu", "activation_backward/sigmoid",
    "bias_activation_forward/relu", "bias_activation_forward/sigmoid",
    "activation_backward_bias_sum/relu", "activation_backward_bias_sum/sigmoid",
    "subtract_scaled",
]


class Kernels:
    """Bare ``fastdnn._core.kernels`` vs the numpy expression each one replaces.

    Serial or parallel build as the Python layer would choose (``config.launch``).
    """
    params = [KERNELS, SHAPES, DTYPES]
    param_names = ["kernel", "shape", "dtype"]
    timeout = 120

    def setup(self, name, shape, dtype):
        self.fast, self.ref = _kernel_calls(name, shape, dtype)
        self.fast()
        self.ref()

    def time_kernel(self, name, shape, dtype):
        self.fast()

    def track_ratio(self, name, shape, dtype):
        """kernel time / numpy-expression time (lower is better)."""
        return ratio(self.fast, self.ref)

    track_ratio.unit = "kernel/numpy"


# --- serial vs parallel -----------------------------------------------------------

#: 1e3 ... 4e6 elements, about doubling.
THRESHOLD_SHAPES = [(10, 100), (20, 200), (40, 400), (64, 512), (100, 640),
                    (100, 1280), (200, 1280), (200, 2500), (1000, 4000)]
THRESHOLD_KERNELS = [
    "activation_forward/relu", "activation_forward/sigmoid",
    "activation_backward/sigmoid", "bias_activation_forward/relu",
    "bias_activation_forward/sigmoid", "activation_backward_bias_sum/relu",
    "subtract_scaled",
]


class ThresholdSuite:
    """``parallel=True`` vs ``parallel=False`` of each kernel, float64.

    ``track_parallel_over_serial`` < 1 means the thread pool pays off at that
    size; the crossover sets ``FASTDNN_PARALLEL_THRESHOLD``.
    """
    params = [THRESHOLD_KERNELS, THRESHOLD_SHAPES]
    param_names = ["kernel", "shape"]
    timeout = 120

    def setup(self, name, shape):
        self.serial, _ = _kernel_calls(name, shape, "float64", parallel=False)
        self.parallel, _ = _kernel_calls(name, shape, "float64", parallel=True)
        self.serial()
        self.parallel()

    def track_parallel_over_serial(self, name, shape):
        """parallel time / serial time (lower is better; < 1: use the threads)."""
        return ratio(self.parallel, self.serial)

    track_parallel_over_serial.unit = "parallel/serial"
