"""The LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID network shared by the
course-2 helper files (``init_utils``, ``reg_utils``, ``gc_utils``,
``opt_utils``), with their flat cache ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3,
A3, W3, b3)``, their gradient keys and their order of floating-point
operations, so that a notebook's training prints the course's costs.

The helper files differ in two conventions, kept apart here:
``init_utils``/``opt_utils`` scale the output error first (``dz3 = (a3 - Y) / m``,
lower-case keys ``dz3``, ``da2``), ``reg_utils``/``gc_utils`` scale each product
(``dW3 = 1/m * dZ3 @ A2.T``, keys ``dZ3``, ``dA2``).

Products go to numpy's BLAS (the course's exact values); the bias add and
activation of each layer and the ReLU and dropout masks of the backward pass
are Numba kernels.
"""
import numpy as np
from numba import prange

from ._checks import check_layer, contiguous, float_dtype, labels_like, matrix, numeric_array
from ._core import kernels
from ._core.activation_table import RELU, SIGMOID
from .activations import activation_only
from .config import EXACT, launch, serial_and_parallel
from .layers import forward
from .logistic import sigmoid
from .network import update_parameters
from ._params import check_network

__all__ = ["sigmoid", "relu", "forward_propagation", "backward_propagation", "backward_propagation_scaled",
           "update_parameters", "compute_loss", "compute_cost", "compute_cost_total", "predict", "predict_dec"]


def _relu_grad(da, a, out):
    """out = da * (a > 0), as the course's ``np.multiply(dA, np.int64(A > 0))``
    (so a masked negative gradient is -0.0 as in numpy)."""
    for k in prange(da.size):
        out[k] = da[k] * (1.0 if a[k] > 0 else 0.0)


relu_grad = serial_and_parallel(_relu_grad, flags=EXACT)


def dropped(a, mask, keep_prob):
    """``(a * mask) / keep_prob`` as a new array, the course's dropout step in its
    order: the engine's own kernel (:func:`kernels.apply_dropout`)."""
    out = np.empty_like(a)
    kernels.apply_dropout(a, contiguous(mask, a.dtype), a.dtype.type(keep_prob), out)
    return out


def elementwise(kernel, arrays, *scalars):
    """Run a flat element-wise kernel over same-shape arrays (and scalars) into
    a new array shaped and typed as the first."""
    out = np.empty_like(arrays[0])
    launch(kernel, out.size, *(a.reshape(-1) for a in arrays), *scalars, out.reshape(-1))
    return out


def relu(x):
    """``max(0, x)`` element-wise (the helper files' ``relu``: returns only the activation).

    Parameters
    ----------
    x : array_like or scalar, any shape

    Returns
    -------
    ndarray of x's shape (a numpy scalar for scalar input)
    """
    return activation_only(x, RELU, "x")


def check_three_layers(X, parameters):
    """X and the (W, b) of exactly three layers, validated against each other."""
    x, layers = check_network(X, parameters)
    if len(layers) != 3:
        raise ValueError(f"parameters must hold the three layers W1, b1, W2, b2, W3, b3; got {len(layers)} layers")
    if x.shape[1] == 0:
        raise ValueError(f"X has no examples (shape {x.shape})")
    return x, layers


def forward_propagation(X, parameters):
    """LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    parameters : dict
        ``W1`` (n_1, n_x), ``b1`` (n_1, 1), ``W2`` (n_2, n_1), ``b2``, ``W3`` (1, n_2), ``b3``.

    Returns
    -------
    A3 : ndarray, shape (n_3, m)
    cache : tuple
        ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``, the weights being
        the caller's objects.
    """
    x, layers = check_three_layers(X, parameters)
    cache = []
    a = x
    for l, (w, b) in enumerate(layers, start=1):
        a, z = forward(a, w, b, SIGMOID if l == 3 else RELU)
        cache += [z, a, parameters[f"W{l}"], parameters[f"b{l}"]]
    return a, tuple(cache)


def unpack_cache(X, Y, cache, with_masks=False):
    """Validate a cache from :func:`forward_propagation` (12 entries) or from
    ``forward_propagation_with_dropout`` (14, with the masks D1, D2) against X.

    Returns
    -------
    x, y : ndarray
    layers : list of (Z, A, W, b) for layers 1..3, numeric arrays
    masks : list of D1, D2, or None
    """
    length = 14 if with_masks else 12
    if not isinstance(cache, (tuple, list)) or len(cache) != length:
        got = f"a {type(cache).__name__} of length {len(cache)}" if isinstance(cache, (tuple, list)) \
            else type(cache).__name__
        raise TypeError(f"cache must be the tuple of {length} arrays from the forward propagation, got {got}")
    x = matrix(X, "X")
    if x.shape[1] == 0:
        raise ValueError(f"X has no examples (shape {x.shape}): the gradients are averages over its columns")
    entries = [numeric_array(c, f"cache[{i}]") for i, c in enumerate(cache)]
    layers, masks, position, n_prev = [], [], 0, x.shape[0]
    for l in (1, 2, 3):
        z = entries[position]
        mask = entries[position + 1] if with_masks and l < 3 else None
        position += 1 if mask is None else 2
        a, w, b = entries[position:position + 3]
        position += 3
        _, w, b = check_layer(np.empty((n_prev, 0)), w, b, l, "X" if l == 1 else f"A{l - 1}")
        for name, array in (("Z", z), ("A", a), ("D", mask)):
            if array is not None and array.shape != (w.shape[0], x.shape[1]):
                raise ValueError(f"{name}{l} in the cache has shape {array.shape}, "
                                 f"expected {(w.shape[0], x.shape[1])}")
        layers.append((z, a, w, b))
        if mask is not None:
            masks.append(mask)
        n_prev = w.shape[0]
    return x, labels_like(Y, layers[2][1], al_name="A3"), layers, masks or None


def three_layer_backward(x, y, layers, *, scale_output=False, lambd=0.0, masks=None, keep_prob=1.0):
    """The gradients of the helper files' network, in the course's order of operations.

    Parameters
    ----------
    x, y : ndarray
        Validated data (n_x, m) and labels (1, m).
    layers : list of (Z, A, W, b)
        From :func:`unpack_cache`.
    scale_output : bool
        True: init_utils/opt_utils (``dz3 = 1/m * (a3 - Y)``, products unscaled,
        keys ``dz``/``da``); False: reg_utils/gc_utils (``dZ3 = A3 - Y``, each
        product times ``1/m``, keys ``dZ``/``dA``).
    lambd : float
        L2 term ``lambd / m * W`` added to each dW (0: none).
    masks, keep_prob
        Dropout masks D1, D2 and their keep probability, or None.

    Returns
    -------
    gradients : dict
        dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 (lower-case z
        and a with ``scale_output``).
    """
    m = x.shape[1]
    dtype = float_dtype(x, y, *(array for layer in layers for array in layer))
    x = contiguous(x, dtype)
    dz_key, da_key = ("dz", "da") if scale_output else ("dZ", "dA")
    a3 = contiguous(layers[2][1], dtype)
    dz = 1. / m * (a3 - y) if scale_output else a3 - y
    grads = {}
    for l in (3, 2, 1):
        w = contiguous(layers[l - 1][2], dtype)
        a_prev = x if l == 1 else contiguous(layers[l - 2][1], dtype)
        dw = np.dot(dz, a_prev.T)
        db = np.sum(dz, axis=1, keepdims=True)
        if not scale_output:
            dw = 1. / m * dw
            db = 1. / m * db
        if lambd:
            dw = dw + lambd / m * w
        grads[f"{dz_key}{l}"], grads[f"dW{l}"], grads[f"db{l}"] = dz, dw, db
        if l == 1:
            break
        da = np.dot(w.T, dz)
        if masks is not None:
            da = dropped(da, masks[l - 2], keep_prob)
        grads[f"{da_key}{l - 1}"] = da
        dz = elementwise(relu_grad, (da, a_prev))
    return grads


def backward_propagation(X, Y, cache):
    """Gradients of the cross-entropy cost (``reg_utils``/``gc_utils``).

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    Y : array_like, shape (1, m)
    cache : tuple
        From :func:`forward_propagation`.

    Returns
    -------
    gradients : dict
        ``dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1``, each of the
        shape of what it differentiates.
    """
    x, y, layers, _ = unpack_cache(X, Y, cache)
    return three_layer_backward(x, y, layers)


def backward_propagation_scaled(X, Y, cache):
    """Gradients as ``init_utils``/``opt_utils`` compute them: the output error
    scaled first, ``dz3 = 1/m * (a3 - Y)``, keys ``dz3, dW3, db3, da2, ...``.

    Parameters and returns as :func:`backward_propagation`.
    """
    x, y, layers, _ = unpack_cache(X, Y, cache)
    return three_layer_backward(x, y, layers, scale_output=True)


def _log_probs(a3, Y):
    """The course's ``-log(a3) * Y + -log(1 - a3) * (1 - Y)`` in numpy (its exact
    values; log(0) gives inf silently, where the course's files had switched
    numpy's warnings off globally)."""
    a3 = numeric_array(a3, "a3")
    if a3.ndim != 2 or a3.shape[1] == 0:
        raise ValueError(f"a3 must be 2-D of shape (1, m) with m >= 1, got shape {a3.shape}")
    y = labels_like(Y, a3, al_name="A3")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.multiply(-np.log(a3), y) + np.multiply(-np.log(1 - a3), 1 - y), a3.shape[1]


def compute_loss(a3, Y):
    """Mean cross-entropy ignoring NaN terms (``init_utils.compute_loss`` and
    ``reg_utils.compute_cost``): ``1/m * nansum(log_probs)``; inf when a
    prediction is exactly wrong.

    Parameters
    ----------
    a3 : array_like, shape (1, m)
    Y : array_like, shape (1, m)

    Returns
    -------
    float
    """
    log_probs, m = _log_probs(a3, Y)
    return 1. / m * np.nansum(log_probs)


compute_cost = compute_loss


def compute_cost_total(a3, Y):
    """Summed cross-entropy, not divided by m (``opt_utils_v1a.compute_cost``:
    the mini-batch costs of an epoch are added, then divided by m once)."""
    log_probs, _ = _log_probs(a3, Y)
    return np.sum(log_probs)


def predict(X, y, parameters):
    """0/1 predictions (``A3 > 0.5``); prints ``Accuracy: ...`` against ``y`` as the course does.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
    y : array_like, shape (1, m)
    parameters : dict

    Returns
    -------
    p : ndarray of int64, shape (1, m)
    """
    a3, _ = forward_propagation(X, parameters)
    labels = labels_like(y, a3, al_name="A3")
    p = (a3 > 0.5).astype(np.int64)
    print("Accuracy: " + str(np.mean((p[0, :] == labels[0, :]))))
    return p


def predict_dec(parameters, X):
    """Boolean predictions ``A3 > 0.5`` for plotting decision boundaries.

    Parameters
    ----------
    parameters : dict
    X : array_like, shape (n_x, k)

    Returns
    -------
    ndarray of bool, shape (1, k)
    """
    a3, _ = forward_propagation(X, parameters)
    return a3 > 0.5
