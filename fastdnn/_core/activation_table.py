"""The activation table: every activation fastdnn knows, by name and by code,
with its function and its two derivatives side by side. Kernels, the training
engine, the layers and the public functions all dispatch through it; adding an
activation means adding one row here.

=============  =====  ====================  ===========================  ===========================
name           code   g(z)                  da * g'(z)                   da * g'(a), a = g(z)
=============  =====  ====================  ===========================  ===========================
"relu"         0      z if z > 0 else 0     da if z > 0 else 0           da if a > 0 else 0
"sigmoid"      1      1 / (1 + exp(-z))     da * s * (1 - s)             da * a * (1 - a)
"tanh"         2      tanh(z)               da * (1 - tanh(z)**2)        da * (1 - a**2)
"leaky_relu"   3      z if z > 0 else 0.01z da if z > 0 else 0.01 da     da if a > 0 else 0.01 da
(linear)       4      z                     da                           da
=============  =====  ====================  ===========================  ===========================

The engine keeps only ``A`` of hidden layers, hence the last column. NaN stays
NaN in ``g`` (``z > 0`` is False for NaN and relu writes ``0 if z <= 0``).
Output layers are not activations: they have their own kinds and codes.
"""
from . import elementary
from ..config import jit

RELU, SIGMOID, TANH, LEAKY_RELU, IDENTITY = 0, 1, 2, 3, 4
#: Activation names accepted wherever an activation is chosen.
ACTIVATIONS = {"relu": RELU, "sigmoid": SIGMOID, "tanh": TANH, "leaky_relu": LEAKY_RELU}
#: Slope of leaky_relu for z <= 0 (PyTorch's default).
LEAKY_SLOPE = 0.01

#: Output layers: sigmoid units with the cross-entropy per unit, or a softmax
#: over the units with the categorical cross-entropy.
OUTPUT_SIGMOID, OUTPUT_SOFTMAX = 10, 11
OUTPUTS = {"sigmoid": OUTPUT_SIGMOID, "softmax": OUTPUT_SOFTMAX}


def activation_code(name, argument="activation"):
    """Code of an activation name; ValueError listing the valid names."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(f"{argument} must be one of {sorted(ACTIVATIONS)}, got {name!r}") from None


def output_code(name):
    """Code of an output kind; ValueError listing the valid names."""
    try:
        return OUTPUTS[name]
    except (KeyError, TypeError):
        raise ValueError(f"output must be one of {sorted(OUTPUTS)}, got {name!r}") from None


@jit(inline="always")
def activate(z, code):
    """g(z) for one element."""
    if code == RELU:
        return 0.0 if z < 0 else z  # np.maximum(0, z) to the bit: -0.0 stays -0.0, NaN stays NaN
    if code == SIGMOID:
        return elementary.sigmoid(z)
    if code == TANH:
        return elementary.tanh(z)
    if code == LEAKY_RELU:
        return LEAKY_SLOPE * z if z <= 0 else z
    return z


@jit(inline="always")
def grad_from_z(da, z, code):
    """da * g'(z) for one element, in the course's order of operations."""
    if code == RELU:
        return 0.0 if z <= 0 else da
    if code == SIGMOID:
        return elementary.sigmoid_grad(da, z)
    if code == TANH:
        t = elementary.tanh(z)
        return da * (1.0 - t * t)
    if code == LEAKY_RELU:
        return LEAKY_SLOPE * da if z <= 0 else da
    return da


@jit(inline="always")
def grad_from_a(da, a, code):
    """da * g'(z) for one element from a = g(z) (relu and leaky_relu: a > 0 exactly when z > 0)."""
    if code == RELU:
        return 0.0 if a <= 0 else da
    if code == SIGMOID:
        return da * a * (1.0 - a)
    if code == TANH:
        return da * (1.0 - a * a)
    if code == LEAKY_RELU:
        return LEAKY_SLOPE * da if a <= 0 else da
    return da
