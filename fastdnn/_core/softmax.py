"""Softmax over the columns of logits (num_classes, m) and its cross-entropy,
compiled passes between numpy's own ``exp``/``log``: the one softmax that the
course face's :mod:`fastdnn.softmax` and the training engine's recorded costs
use. Inputs are trusted (C-contiguous floats; labels int64 in range).

The exponentials and logarithms go through numpy's ``np.exp`` / ``np.log``
between the kernels: numpy's SIMD versions are several times faster than a
compiled scalar loop here, and they are what the notes' code calls. The
kernels do the passes numpy would need temporaries for: column maxima and the
shift, column sums and the division, the loss and gradient assembly.
"""
import numpy as np

from ..config import jit
from . import kernels

@jit()
def shift(z, shifted, colmax):
    """colmax[j] = max_i z[i, j] and shifted = z - colmax, row by row.

    Parameters
    ----------
    z, shifted : ndarray, shape (n, m)
    colmax : ndarray, shape (m,)

    Returns
    -------
    bad : int
        Number of NaN entries of ``shifted``: non-zero exactly when z holds NaN
        or +inf, or a column of z is all -inf (the wrapper raises ValueError).
        A -inf logit beside a finite one (a masked class) shifts to -inf.
    """
    n, m = z.shape
    z0 = z[0]
    for j in range(m):
        colmax[j] = z0[j]
    for i in range(1, n):
        zi = z[i]
        for j in range(m):
            v = zi[j]
            c = colmax[j]
            colmax[j] = v if v > c else c
    bad = 0
    for i in range(n):
        zi = z[i]
        si = shifted[i]
        for j in range(m):
            d = zi[j] - colmax[j]
            si[j] = d
            bad += 0 if d == d else 1
    return bad


@jit()
def column_sums(e, colsum):
    """colsum[j] = sum_i e[i, j], accumulated row by row as numpy's axis-0 sum."""
    n, m = e.shape
    e0 = e[0]
    for j in range(m):
        colsum[j] = e0[j]
    for i in range(1, n):
        ei = e[i]
        for j in range(m):
            colsum[j] += ei[j]


@jit()
def normalize(e, colsum):
    """e[:, j] /= sum_i e[i, j] in place, for e of shape (n, m)."""
    column_sums(e, colsum)
    n, m = e.shape
    for i in range(n):
        ei = e[i]
        for j in range(m):
            ei[j] = ei[j] / colsum[j]


@jit()
def loss_labels(shifted, lse, labels, terms, frames, values):
    """sum_j (lse[j] - shifted[labels[j], j]) / m, i.e. mean -log softmax at the labels.

    Parameters
    ----------
    shifted : ndarray, shape (n, m)
        ``z - colmax``.
    lse : ndarray, shape (m,)
        ``log(sum_i exp(shifted[i, j]))``.
    labels : ndarray of int64, shape (m,)
    terms : ndarray, shape (m,)
        Scratch for the pairwise sum.
    """
    m = shifted.shape[1]
    for j in range(m):
        terms[j] = lse[j] - shifted[labels[j], j]
    return kernels.pairwise_sum_ws(terms, 0, m, frames, values) / m


@jit()
def outside_unit(y):
    """Number of entries of y (shape (n, m)) that are not in [0, 1] (NaN included)."""
    n, m = y.shape
    bad = 0
    for i in range(n):
        yi = y[i]
        for j in range(m):
            v = yi[j]
            bad += 0 if (v >= 0.0) & (v <= 1.0) else 1
    return bad


@jit()
def loss_one_hot(shifted, lse, y, terms, frames, values):
    """sum_ij y[i, j] (lse[j] - shifted[i, j]) / m for arrays of shape (n, m);
    ``terms`` (n * m,) is scratch for the pairwise sum."""
    n, m = shifted.shape
    for i in range(n):
        si = shifted[i]
        yi = y[i]
        for j in range(m):
            terms[i * m + j] = (lse[j] - si[j]) * yi[j]
    return kernels.pairwise_sum_ws(terms, 0, n * m, frames, values) / m


@jit()
def delta_labels(a, labels):
    """a = (a - onehot(labels)) / m in place; a of shape (n, m) holds softmax(z)."""
    n, m = a.shape
    for j in range(m):
        a[labels[j], j] -= 1.0
    for i in range(n):
        ai = a[i]
        for j in range(m):
            ai[j] = ai[j] / m


@jit()
def delta_one_hot(a, y):
    """a = (a - y) / m in place for arrays of shape (n, m)."""
    n, m = a.shape
    for i in range(n):
        ai = a[i]
        yi = y[i]
        for j in range(m):
            ai[j] = (ai[j] - yi[j]) / m


def log_sum_exp(shifted):
    """log(sum_i exp(shifted[i, j])) per column, shape (m,)."""
    e = np.exp(shifted)
    colsum = np.empty(shifted.shape[1], shifted.dtype)
    column_sums(e, colsum)
    return np.log(colsum, out=colsum)


#: Columns of logits :func:`cross_entropy_labels` takes at a time beyond this
#: many: its two temporaries of z's size (z - colmax and its exponentials) took
#: 32 MB beside (10, 200000) float64 logits at each recorded epoch of a fit.
COST_COLUMNS = 2**14


def cross_entropy_labels(z, labels):
    """sum_j -log softmax(z)[labels_j, j] / m for finite logits z (n, m) and
    int64 labels (m,): :func:`fastdnn.softmax.cross_entropy` without its checks.
    Wide z a block of COST_COLUMNS at a time: every column's term is the one
    of the whole (the passes are per column, numpy's exp and log per element),
    and their sum the same pairwise sum."""
    m = z.shape[1]
    if m <= COST_COLUMNS:
        shifted, colmax = np.empty_like(z), np.empty(m, z.dtype)
        shift(z, shifted, colmax)
        return loss_from_shifted(shifted, labels)
    terms = np.empty(m, z.dtype)
    for low in range(0, m, COST_COLUMNS):
        block = np.ascontiguousarray(z[:, low:low + COST_COLUMNS])
        shifted, colmax = np.empty_like(block), np.empty(block.shape[1], z.dtype)
        shift(block, shifted, colmax)
        label_terms(shifted, log_sum_exp(shifted), labels[low:low + COST_COLUMNS], terms[low:low + COST_COLUMNS])
    return z.dtype.type(mean_of_terms(terms, *kernels.pairwise_workspace()))


@jit()
def label_terms(shifted, lse, labels, terms):
    """terms[j] = lse[j] - shifted[labels[j], j]: :func:`loss_labels`' terms."""
    for j in range(shifted.shape[1]):
        terms[j] = lse[j] - shifted[labels[j], j]


@jit()
def mean_of_terms(terms, frames, values):
    """:func:`loss_labels`' mean of its terms."""
    return kernels.pairwise_sum_ws(terms, 0, terms.shape[0], frames, values) / terms.shape[0]


def loss_from_shifted(shifted, labels):
    """The mean cross-entropy from ``z - colmax`` (n, m) and int64 labels (m,), of shifted's dtype."""
    lse = log_sum_exp(shifted)
    terms = np.empty(shifted.shape[1], shifted.dtype)
    return shifted.dtype.type(loss_labels(shifted, lse, labels, terms, *kernels.pairwise_workspace()))


def probabilities(z):
    """softmax(z) per column for finite logits z (n, m): :func:`fastdnn.softmax.softmax` without its checks."""
    shifted, colmax = np.empty_like(z), np.empty(z.shape[1], z.dtype)
    shift(z, shifted, colmax)
    return exp_normalized(shifted, colmax)


def exp_normalized(shifted, colmax):
    """softmax from ``z - colmax`` (n, m), in place; colmax's buffer is reused for the column sums."""
    np.exp(shifted, out=shifted)
    normalize(shifted, colmax)
    return shifted
