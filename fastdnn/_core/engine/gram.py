"""The Gram path's bookkeeping on the Python side (the loop's side is
:func:`products.gram_first_layer`; the maths in :mod:`.loop`'s notes)."""
import numpy as np

from .buffers import aligned_zeros
from .products import gram_matrix


class GramPath:
    """The Gram path's bookkeeping, float64 whatever the dtype (``P0 - C G``
    cancels): ``work`` holds C, P0 and a product buffer, (n1, m) each, then
    G = X^T X; W1 = W1_0 - C X^T is formed when asked (:meth:`form`)."""

    def __init__(self, x, w1):
        self.x64 = np.asarray(x, dtype=np.float64)
        n1, m = np.shape(w1)[0], self.x64.shape[1]
        self.work = aligned_zeros(3 * n1 * m + m * m, np.float64)
        self.work[3 * n1 * m:] = gram_matrix(self.x64).reshape(-1)
        self._start(np.asarray(w1, dtype=np.float64))

    def _start(self, w1_0):
        """C = 0, P0 = W1_0 X."""
        n1, m = w1_0.shape[0], self.x64.shape[1]
        self.work[:n1 * m] = 0.0
        self.work[n1 * m:2 * n1 * m] = np.dot(w1_0, self.x64).reshape(-1)
        self.w1_0 = w1_0

    def form(self, theta, layout):
        """W1 = W1_0 - C X^T into the flat parameters."""
        n1, m = self.w1_0.shape[0], self.x64.shape[1]
        first_layer(theta, layout)[...] = self.w1_0 - np.dot(self.work[:n1 * m].reshape(n1, m), self.x64.T)

    def restart(self, theta, layout):
        """W1 formed, and the bookkeeping started again from it."""
        self.form(theta, layout)
        self._start(first_layer(theta, layout).astype(np.float64))


def first_layer(theta, layout):
    """W1 as a view of the flat parameters."""
    n1, n_x, w_off, _ = layout.table[0]
    return theta[w_off:w_off + n1 * n_x].reshape(n1, n_x)
