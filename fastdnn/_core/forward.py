"""The forward pass outside the training loop: one layer, ``A = g(W A_prev +
b)`` (BLAS's product, then the bias and activation in one kernel pass), and a
whole network's logits, which the course's ``L_model_forward``, predictions
and scores all start from."""
import numpy as np

from ..config import launch
from . import kernels
from .activation_table import IDENTITY
from .arrays import contiguous, float_dtype


def forward(a, w, b, code):
    """Z = W @ A + b and A = g(Z) on validated arrays (no checks).

    Returns
    -------
    A, Z : ndarray, shape (n, m)
        ``A`` is ``Z`` itself for ``IDENTITY``.
    """
    dtype = float_dtype(a, w, b)
    z = np.dot(w.astype(dtype, copy=False), a.astype(dtype, copy=False))
    out = z if code == IDENTITY else np.empty_like(z)
    launch(kernels.bias_activation_forward, z.size, z, contiguous(b, dtype).reshape(-1), out, code)
    return out, z


def logits(x, weights, biases, hidden):
    """``Z_L`` (n_L, m) of the network ``weights``, ``biases`` on ``x`` (n_x, m),
    hidden layers activated by the code ``hidden``."""
    a = x
    for w, b in zip(weights[:-1], biases[:-1]):
        a, _ = forward(a, w, b, hidden)
    z, _ = forward(a, weights[-1], biases[-1], IDENTITY)
    return z
