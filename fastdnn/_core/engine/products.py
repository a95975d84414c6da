"""Small-matrix products and the output layer's residuals: the few fused
multiply-adds that beat a BLAS call on small layers, BLAS above them, and the
Gram path's first layer."""
import numpy as np

from ...config import REASSOCIATE, SMALL_GRADIENT, SMALL_INNER, SMALL_PRODUCT, jit
from .. import elementary
from ..activation_table import SIGMOID, activate, grad_from_a
from .buffers import matrix


@jit(callee=True)
def small_product(w, a, out):
    """out = w @ a for a small inner dimension k, row by row, vectorised over
    the columns, up to four terms per pass (a pass per term would be bound by
    its stores).

    Parameters
    ----------
    w : ndarray, shape (n, k)
        Any layout (the backward pass gives a transposed view).
    a : ndarray, shape (k, m)
    out : ndarray, shape (n, m)
    """
    n, k = w.shape
    m = a.shape[1]
    for i in range(n):
        for p in range(0, k, 4):
            terms = min(4, k - p)
            w0 = w[i, p]
            if terms == 4:
                w1, w2, w3 = w[i, p + 1], w[i, p + 2], w[i, p + 3]
                for j in range(m):
                    t = (w0 * a[p, j] + w1 * a[p + 1, j]) + (w2 * a[p + 2, j] + w3 * a[p + 3, j])
                    out[i, j] = t if p == 0 else out[i, j] + t
            elif terms == 3:
                w1, w2 = w[i, p + 1], w[i, p + 2]
                for j in range(m):
                    t = (w0 * a[p, j] + w1 * a[p + 1, j]) + w2 * a[p + 2, j]
                    out[i, j] = t if p == 0 else out[i, j] + t
            elif terms == 2:
                w1 = w[i, p + 1]
                for j in range(m):
                    t = w0 * a[p, j] + w1 * a[p + 1, j]
                    out[i, j] = t if p == 0 else out[i, j] + t
            else:
                for j in range(m):
                    t = w0 * a[p, j]
                    out[i, j] = t if p == 0 else out[i, j] + t


@jit(flags=REASSOCIATE, callee=True)  # the dot products vectorise (else one add per 4 cycles)
def small_gradient(dz, a, out):
    """out = dz @ a.T as n * k dot products over the m examples, for a few
    outputs, where a BLAS call costs more than the arithmetic."""
    n, m = dz.shape
    for i in range(n):
        for p in range(a.shape[0]):
            total = 0.0
            for j in range(m):
                total += dz[i, j] * a[p, j]
            out[i, p] = total


@jit(callee=True)
def product(w, a, out):
    """out = w @ a: :func:`small_product` for an inner dimension up to
    SMALL_INNER or at most SMALL_PRODUCT multiply-adds, else BLAS."""
    if w.shape[1] <= SMALL_INNER or w.shape[0] * w.shape[1] * a.shape[1] <= SMALL_PRODUCT:
        small_product(w, a, out)
    else:
        np.dot(w, a, out)


@jit(callee=True)
def layer_gradient(dz, a_prev, dw):
    """dw = dz @ a_prev.T: :func:`small_gradient` for a thin dW of up to
    SMALL_GRADIENT entries, else BLAS."""
    if min(dw.shape[0], dw.shape[1]) <= SMALL_INNER and dw.size <= SMALL_GRADIENT:
        small_gradient(dz, a_prev, dw)
    else:
        np.dot(dz, a_prev.T, dw)


@jit(callee=True)
def small_linear_activation(w, a_in, b, a, code):
    """a = g(w @ a_in + b) for an inner dimension of at
    most 4, in one pass: the sum in :func:`small_product`'s order, then the
    bias, then g; the pre-activation is never stored (the engine keeps no Z).
    For k = 1 the product and the bias are one fused multiply-add, a last bit
    apart from :func:`product` then the bias. The engine takes it at every
    size, so that a model's bits do not change with its number of examples.
    (g in a pass of its own would compile its code once instead of once per
    k, 0.4 s of a first run, but ran the week-3 tanh model 2.3x slower.)"""
    k = w.shape[1]
    for i in range(w.shape[0]):
        w0, bi = w[i, 0], b[i]
        if k == 1:
            for j in range(a.shape[1]):
                a[i, j] = activate(w0 * a_in[0, j] + bi, code)
        elif k == 2:
            w1 = w[i, 1]
            for j in range(a.shape[1]):
                a[i, j] = activate((w0 * a_in[0, j] + w1 * a_in[1, j]) + bi, code)
        elif k == 3:
            w1, w2 = w[i, 1], w[i, 2]
            for j in range(a.shape[1]):
                t = (w0 * a_in[0, j] + w1 * a_in[1, j]) + w2 * a_in[2, j]
                a[i, j] = activate(t + bi, code)
        else:
            w1, w2, w3 = w[i, 1], w[i, 2], w[i, 3]
            for j in range(a.shape[1]):
                t = (w0 * a_in[0, j] + w1 * a_in[1, j]) + (w2 * a_in[2, j] + w3 * a_in[3, j])
                a[i, j] = activate(t + bi, code)


@jit(flags=REASSOCIATE, callee=True)  # the dot products and row sums vectorise
def backward_below_one_unit(w_next, dz_next, a, dz, db, dw_next, code):
    """The backward pass below a layer of one unit, in one pass per row k:
    dA_k = W_next[0, k] dZ_next (W_next before its update), dz_k = dA_k g'(a_k),
    db[k] = sum_j dz_k and dW_next[0, k] = dZ_next . a_k.

    Parameters
    ----------
    w_next : ndarray, shape (1, n)
    dz_next : ndarray, shape (1, m)
    a, dz : ndarray, shape (n, m)
    db : ndarray, shape (n,)
    dw_next : ndarray, shape (1, n)
    """
    for k in range(a.shape[0]):
        wk = w_next[0, k]
        total = 0.0
        weight_total = 0.0
        for j in range(a.shape[1]):
            d = dz_next[0, j]
            weight_total += d * a[k, j]
            g = grad_from_a(wk * d, a[k, j], code)
            dz[k, j] = g
            total += g
        db[k] = total
        dw_next[0, k] = weight_total


@jit(callee=True)
def add_bias(z, b):
    """z += b per row, in place; False when a result is NaN or inf."""
    bad = False
    for i in range(z.shape[0]):
        bi = b[i]
        for j in range(z.shape[1]):
            v = z[i, j] + bi
            z[i, j] = v
            bad |= (v - v) != 0.0  # NaN exactly when v is NaN or inf
    return not bad


@jit(flags=REASSOCIATE, callee=True)  # vectorises (else one add per 4 cycles)
def row_sum(z, i):
    """sum_j z[i, j] in vectorised order."""
    total = 0.0
    for j in range(z.shape[1]):
        total += z[i, j]
    return total


@jit(callee=True)
def sigmoid_residual(z, y, db):
    """In place: z = sigmoid(z) - y; db[i] = sum_j z[i, j]."""
    m = z.shape[1]
    for i in range(z.shape[0]):
        for j in range(m):
            z[i, j] = activate(z[i, j], SIGMOID) - y[i, j]
        db[i] = row_sum(z, i)


@jit(callee=True)
def softmax_residual(z, labels, db, work):
    """In place on finite logits z (K, m): z = softmax(z) - onehot(labels),
    row by row so that every loop (exp included) vectorises over the
    examples; db[i] = sum_j z[i, j]. ``labels`` (1, m) holds class indices as
    floats; ``work`` (2 m,) is scratch."""
    K, m = z.shape
    high, total = work[:m], work[m:]
    high[:] = -np.inf
    total[:] = 0.0
    for i in range(K):
        for j in range(m):
            high[j] = max(high[j], z[i, j])
    for i in range(K):
        for j in range(m):
            e = elementary.exp(z[i, j] - high[j])
            z[i, j] = e
            total[j] += e
    for j in range(m):
        total[j] = 1.0 / total[j]
    for i in range(K):
        for j in range(m):
            z[i, j] = z[i, j] * total[j] - (1.0 if int(labels[0, j]) == i else 0.0)
        db[i] = row_sum(z, i)


@jit(callee=True)
def gram_product(c, gmat, cg):
    """cg = C G (np.dot needs numba's reference counts)."""
    if c.shape[0] == 1:  # one unit (logistic regression): BLAS gemv, G symmetric
        np.dot(gmat, c[0], cg[0])
    else:
        np.dot(c, gmat, cg)


@jit(refcounts=False, callee=True)
def gram_first_layer(gram_work, z):
    """Z_1 = P0 - C G, the Gram path's first layer (module docstring), from
    ``gram_work``: C, P0 and a product buffer CG, (n1, m) each, then G (m, m)."""
    n1, m = z.shape
    c, p0 = matrix(gram_work, 0, n1, m), matrix(gram_work, n1 * m, n1, m)
    cg = matrix(gram_work, 2 * n1 * m, n1, m)
    gram_product(c, matrix(gram_work, 3 * n1 * m, m, m), cg)
    for i in range(n1):
        for j in range(m):
            z[i, j] = p0[i, j] - cg[i, j]


def batch_as_rows(layout, batch_size):
    """Whether batches keep X as rows: where layer 1's products and gradient
    all go to BLAS, which reads the rows transposed with the same bits. The
    gather then copies each example whole from X transposed (12 against 54 ms
    per epoch of (784, 60000) for the transposing gather); the small kernels
    read columns (strided rows made them 3-9x slower, and the reassociated
    sums of :func:`small_gradient` change with the stride)."""
    n1, n_x = int(layout[0, 0]), int(layout[0, 1])
    small_gradient_path = min(n1, n_x) <= SMALL_INNER and n1 * n_x <= SMALL_GRADIENT
    return n_x > SMALL_INNER and not small_gradient_path and n1 * n_x * batch_size > SMALL_PRODUCT


def gram_matrix(x):
    """``X^T X`` in float64, C-contiguous, by numpy's BLAS: the one the Python
    side's other products use (scipy's ``syrk``, half the flops, took twice
    as long next to numpy's OpenBLAS threads: 24 vs 18 ms for the week-2 model)."""
    x = np.asarray(x, dtype=np.float64)
    return np.ascontiguousarray(np.dot(x.T, x))
