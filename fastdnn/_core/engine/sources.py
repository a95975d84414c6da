"""Where the mini-batches' examples come from: :class:`BatchSource`.

The loop gathers each batch's examples as contiguous rows of a C-order
``(rows, n_x)`` array (``xt``, in the training dtype or float32), at the rows an index
array names (the loop's ``orders``). What that array is decides the memory a
run holds besides the caller's X:

- X F-contiguous in the training dtype (the examples stored as rows, as
  ``rows.T`` gives, the course's ``reshape(m, -1).T`` too): ``X.T`` itself,
  no copy; the loop draws each epoch's order.
- X^T at most :func:`window_bytes` (small data): one copy of it, in the
  training dtype; the loop draws each epoch's order.
- beyond, float32 X trained in float64 stays float32 (the batches convert
  their examples as they gather them, exactly): an F-order one is read in
  place, a window holds twice the examples. The loop compiles a specialisation
  for it when it is first used.
- otherwise windows: the epoch's positions are taken K at a time (K a whole
  number of batches, as many as :func:`window_bytes` holds); for each window
  Python draws the epoch's order (the loop's own draw: numpy's legacy
  permutation seeded ``(order_seed + epoch) mod 2**32``), sorts the window's
  columns of X, copies them into a (K, n_x) buffer at their positions (C-order
  X strip by strip of 16 rows, each strip read left to right: near-sequential
  reads, where single columns in the epoch's order miss the cache at every
  element), and runs the loop over the window's batches. The batches hold
  the columns of the whole-copy path in the same order: the same bits.

Not copying X costs reading it again: a window's columns of a C-order X lie
in about (1 - (1 - d)^16) m n_x / 16 of its 64-byte lines (float32 data, d =
K/m), so an epoch reads X about (1 - (1 - d)^16) / d times, 16 at most: 7
times for (784, 60000) float32 (d = 0.13). An F-order X is read once (each
example is one run of memory).
"""
import numpy as np

from ...config import WINDOW_FRACTION, WINDOW_MIN_BYTES, jit
from .buffers import aligned_empty

#: Rows of a C-order X read together: 16 neighbouring stores per example in the buffer
#: (a 64-byte line of float32), 16 read streams the prefetchers follow.
STRIP = 16


def window_bytes(x):
    """Bytes of examples a run may hold besides X: WINDOW_FRACTION of X's, at
    least WINDOW_MIN_BYTES."""
    return max(WINDOW_FRACTION * x.nbytes, WINDOW_MIN_BYTES)


@jit()
def copy_examples(x, columns, rows, out):
    """``out[rows[r]] = x[:, columns[r]]`` for each r, converted to out's
    dtype; ``columns`` ascending. Where an example's features lie a row apart
    (C-order X) strip by strip of STRIP rows, each strip read left to right;
    where they are contiguous (F-order X) one example at a time."""
    n_x = x.shape[0]
    if x.strides[0] > x.strides[1]:
        whole = n_x - n_x % STRIP
        for first in range(0, whole, STRIP):
            for r in range(columns.shape[0]):
                column, row = columns[r], rows[r]
                for i in range(STRIP):  # a constant count: unrolled (a fifth faster than min(first + STRIP, n_x))
                    out[row, first + i] = x[first + i, column]
        for r in range(columns.shape[0]):
            column, row = columns[r], rows[r]
            for i in range(whole, n_x):
                out[row, i] = x[i, column]
    else:
        for r in range(columns.shape[0]):
            column, row = columns[r], rows[r]
            for i in range(n_x):
                out[row, i] = x[i, column]


def examples_into(x, columns, rows, out):
    """:func:`copy_examples` (float32 and float64 X), numpy strip by strip for
    other dtypes (numpy's casts: the bits of ``np.asarray(x, out.dtype)``)."""
    if x.dtype in (np.float32, np.float64):
        copy_examples(x, columns, rows, out)
        return
    for first in range(0, x.shape[0], 4 * STRIP):
        out[rows, first:first + 4 * STRIP] = x[first:first + 4 * STRIP, columns].T


def columns_of(x, columns, dtype):
    """``x[:, columns]`` as an aligned C-order array of ``dtype`` (the full
    batch's one copy, the validation split's columns), made strip by strip of
    rows: no temporary of the whole."""
    out = aligned_empty((x.shape[0], len(columns)), dtype)
    for first in range(0, x.shape[0], 4 * STRIP):
        out[first:first + 4 * STRIP] = x[first:first + 4 * STRIP, columns]
    return out


class BatchSource:
    """What the loop gathers the batches of an epoch from (module notes).

    Parameters
    ----------
    x : ndarray, shape (n_x, m_x)
        The caller's X, any layout and real dtype.
    columns : int64 ndarray, shape (m,), or None
        X's columns of the m training examples (None: all of X's, m = m_x).
    y : ndarray, shape (n_y, m)
        The training examples' targets, C order, in the training dtype.
    dtype : numpy dtype
    batch_size : int
    order : callable
        ``order(epoch)`` -> the epoch's int64 permutation of the m examples
        (windows only: the other sources leave the order to the loop).

    Attributes
    ----------
    xt : ndarray, shape (rows, n_x)
        C-order: X^T (itself or a copy) or the window's buffer, in the
        training dtype; float32 for float32 X beyond a whole copy (the
        batches convert it as they gather it: a window then holds twice the
        examples, and an F-order X is read in place).
    windowed : bool
    window : int
        Batches per window (windowed only).
    """

    def __init__(self, x, columns, y, dtype, batch_size, order):
        n_x, m = x.shape[0], x.shape[1] if columns is None else len(columns)
        self.x, self.columns, self.y, self.order = x, columns, y, order
        self.m, self.batch_size = m, batch_size
        in_place = columns is None and x.T.flags.c_contiguous
        if in_place and x.dtype == dtype:
            self.windowed, self.xt = False, x.T
            return
        if window_bytes(x) >= m * n_x * dtype.itemsize:  # small data: the loop's specialisation for the dtype
            taken = x if columns is None else x[:, columns]
            self.windowed, self.xt = False, np.ascontiguousarray(taken.T, dtype=dtype)
            return
        # float32 X trained in float64: a specialisation of the loop of its own, compiled when first used
        kept = x.dtype if x.dtype == np.float32 else dtype
        if in_place and x.dtype == kept:
            self.windowed, self.xt = False, x.T
        else:
            self.windowed = True
            self.window = max(1, min(int(window_bytes(x) // (n_x * kept.itemsize)), m) // batch_size)
            size = min(m, self.window * batch_size)
            self.xt = aligned_empty((size, n_x), kept)
            self.slots = np.zeros((1, m), np.int64)  # a position's row in xt
            self.y_rows = np.zeros_like(y)  # y in xt's rows: the loop gathers Y at the slots too
            self.loaded = None

    def window_end(self, epoch, batch, n_batches):
        """The step after the last of the window holding ``batch`` of ``epoch``."""
        return epoch * n_batches + min(n_batches, (batch // self.window + 1) * self.window)

    def load(self, epoch, batch):
        """Fill the buffer with the window holding ``batch`` of ``epoch``;
        returns the loop's ``(orders, y)``."""
        w = batch // self.window
        if self.loaded != (epoch, w):
            order = self.order(epoch)
            low = w * self.window * self.batch_size
            high = min(self.m, low + self.xt.shape[0])
            examples = order[low:high]
            columns = examples if self.columns is None else self.columns[examples]
            ascending = np.argsort(columns, kind="stable")
            examples_into(self.x, columns[ascending], ascending, self.xt)
            self.y_rows[:, :high - low] = self.y[:, examples]
            self.slots[0, low:high] = np.arange(high - low)
            self.loaded = (epoch, w)
        return self.slots, self.y_rows
