"""The loop's memory: the flat parameter vector's :class:`Layout`, the sections of
the work and batch buffers, 64-byte aligned allocation, and :func:`matrix`, the
view intrinsic the passes make their array views with."""
import numpy as np
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

from ...config import ALIGNMENT
from ..steps import ADAM, OPTIMIZERS


class Layout:
    """Where each layer's ``W`` and ``b`` live in the flat parameter vector.

    ``table`` is int64 (L, 4): ``n_l, n_{l-1}``, the offset of ``W_l`` (C
    order) and the offset of ``b_l``.
    """

    def __init__(self, dims):
        self.dims = [int(n) for n in dims]
        rows, offset = [], 0
        for n_prev, n in zip(self.dims[:-1], self.dims[1:]):
            rows.append((n, n_prev, offset, offset + n * n_prev))
            offset += n * n_prev + n
        self.table = np.array(rows, dtype=np.int64).reshape(-1, 4)
        self.size = offset

    def state_size(self, optimizer):
        """Elements of the optimiser's state: none (gd), the velocity (momentum), v then s (Adam)."""
        return min(OPTIMIZERS[optimizer], ADAM) * self.size

    def pack(self, weights, biases, dtype):
        theta = aligned_empty(self.size, dtype)
        for (n, k, w, b), W, B in zip(self.table, weights, biases):
            theta[w:w + n * k] = np.reshape(W, -1)
            theta[b:b + n] = np.reshape(B, -1)
        return theta

    def unpack(self, theta):
        """Lists of ``W_l`` (n_l, n_{l-1}) and ``b_l`` (n_l, 1), new arrays."""
        weights = [theta[w:w + n * k].reshape(n, k).copy() for n, k, w, _ in self.table]
        biases = [theta[b:b + n].reshape(n, 1).copy() for n, _, _, b in self.table]
        return weights, biases


#: Where the work buffer keeps, after the hidden layers' activations (from 0,
#: layer after layer), two scratch buffers of the widest layer (pre-activations
#: and dA, then dZ of the hidden layers), the logits, dW, db, and where it ends.
SCRATCH, DELTAS, LOGITS, DW, DB, WORK_END = range(6)


def work_sections(layout, m):
    """Offsets in the work buffer, at SCRATCH .. WORK_END, for m columns
    (int64; computed here, in Python, and handed to the loop)."""
    n, k = layout[:, 0], layout[:, 1]
    out = np.empty(WORK_END + 1, np.int64)
    out[SCRATCH] = padded(int(n[:-1].sum()) * m)
    out[DELTAS] = out[SCRATCH] + padded(int(n.max()) * m)
    out[LOGITS] = out[DELTAS] + padded(int(n.max()) * m)
    out[DW] = out[LOGITS] + padded(int(n[-1]) * m)
    out[DB] = out[DW] + padded(int((n * k).max()))
    out[WORK_END] = out[DB] + padded(int(n.max()))
    return out


def padded(count):
    """``count`` elements rounded up to a whole number of ALIGNMENT bytes of
    float32 (so of float64 too): the next section starts aligned."""
    return -(-count // (ALIGNMENT // 4)) * (ALIGNMENT // 4)


def aligned_empty(shape, dtype):
    """An uninitialised C-order array whose data start at a multiple of ALIGNMENT bytes."""
    dtype = np.dtype(dtype)
    nbytes = int(np.prod(shape)) * dtype.itemsize
    raw = np.empty(nbytes + ALIGNMENT, np.uint8)
    start = -raw.ctypes.data % ALIGNMENT
    return raw[start:start + nbytes].view(dtype).reshape(shape)


def aligned_zeros(shape, dtype):
    """:func:`aligned_empty`, filled with zeros."""
    out = aligned_empty(shape, dtype)
    out.fill(0)
    return out


def loop_array(a, dtype):
    """``a`` as a C-order array of ``dtype`` at a multiple of ALIGNMENT bytes:
    itself when it is one, else a copy."""
    a = np.asarray(a)
    if a.dtype == dtype and a.flags.c_contiguous and a.ctypes.data % ALIGNMENT == 0:
        return a
    out = aligned_empty(a.shape, dtype)
    out[...] = a
    return out


#: Where the batch buffer keeps the batch's examples of X (as columns, or as
#: rows when n_x > SMALL_INNER: see :func:`passes.batch_rows`) and of Y, then (with
#: dropout) the hidden layers' dropped-out activations, and where it ends.
X_BATCH, Y_BATCH, DROPPED, BATCH_END = range(4)


def batch_sections(layout, n_y, batch_size, dropout):
    """Offsets in the batch buffer, at X_BATCH .. BATCH_END, for batch_size
    columns (int64, for the loop); no room for dropped-out activations without ``dropout``."""
    out = np.empty(BATCH_END + 1, np.int64)
    out[X_BATCH] = 0
    out[Y_BATCH] = padded(int(layout[0, 1]) * batch_size)
    out[DROPPED] = out[Y_BATCH] + padded(n_y * batch_size)
    out[BATCH_END] = out[DROPPED] + (int(layout[:-1, 0].sum()) * batch_size if dropout else 0)
    return out


@intrinsic
def matrix(typingctx, flat, offset, rows, cols):
    """``flat[offset:offset + rows * cols]`` as a (rows, cols) C-order view
    holding no reference to the memory, made in place: slicing and reshaping
    call numba's reshape helper, a tenth of a small network's step. Unchecked:
    the offsets come from work_sections and batch_sections, and the caller
    keeps ``flat`` alive."""
    view_type = types.Array(flat.dtype, 2, "C")

    def codegen(context, builder, signature, args):
        source = context.make_array(signature.args[0])(context, builder, args[0])
        offset, rows, cols = (context.cast(builder, value, kind, types.intp)
                              for value, kind in zip(args[1:], signature.args[1:]))
        itemsize = context.get_constant(types.intp, context.get_abi_sizeof(context.get_data_type(flat.dtype)))
        view = context.make_array(view_type)(context, builder)
        context.populate_array(view, data=builder.gep(source.data, [offset]),
                               shape=cgutils.pack_array(builder, [rows, cols]),
                               strides=cgutils.pack_array(builder, [builder.mul(cols, itemsize), itemsize]),
                               itemsize=itemsize, meminfo=None)
        return view._getvalue()
    return view_type(flat, offset, rows, cols), codegen


