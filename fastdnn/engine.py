"""The compiled training loop: full-batch gradient descent for
[LINEAR->g]*(L-1) -> LINEAR->(SIGMOID | SOFTMAX), every iteration inside one
``@njit`` call, buffers allocated once, fused element-wise passes.

What it computes, per iteration ``i`` (the course's order)::

    forward  A_l = g(W_l A_{l-1} + b_l), Z_L = W_L A_{L-1} + b_L
    cost     (only at recorded iterations) from the logits Z_L
    backward dZ_L = softmax-or-sigmoid(Z_L) - Y; dW_l = 1/m dZ_l A_{l-1}^T,
             db_l = 1/m sum(dZ_l), dA_{l-1} = W_l^T dZ_l for l > 1 only
    update   W_l -= lr * dW_l, b_l -= lr * db_l

Work nobody reads is skipped: ``dA0`` (the gradient with respect to X) is
never formed, ``Z`` of hidden layers is not kept (``g'`` is computed from
``A``: relu ``A > 0``, tanh ``1 - A**2``, sigmoid ``A (1 - A)``), and the cost
is only summed at the iterations that are recorded.

Divergence check: the output pass looks at every logit every iteration (it
reads them anyway, one comparison each) and stops at the first non-finite one;
the Python side raises :class:`TrainingDiverged` naming the iteration and the
learning rate. After the loop every parameter is checked once more (a NaN can
hide behind a relu).

Gram path (``method="gram"``), exact for wide data (m < n_x): every update of
W1 is ``-(lr/m) dZ1 X^T``, so ``W1_t = W1_0 - C_t X^T`` with ``C_t`` of shape
(n1, m). With ``G = X^T X`` and ``P0 = W1_0 X`` precomputed,
``Z1_t = P0 - C_t G + b1`` and ``C_{t+1} = C_t + (lr/m) dZ1_t``; ``W1`` is
formed once at the end. Same iterates as the direct path up to rounding, at
O(n1 m^2) per iteration for the first layer instead of O(n1 n_x m).

Layout: the weights of all layers live in one flat buffer (``W_l`` is the
C-ordered block at ``w_offsets[l-1]``), the biases in another, so that one
compiled function (one cache entry per dtype) serves every depth.
"""
import numpy as np
from numba import prange

from .config import REASSOCIATE, jit, parallel_build, serial_and_parallel
from .kernels import IDENTITY, RELU, SIGMOID, TANH, _activate, _exp

#: Output kinds understood by :func:`train`.
OUT_SIGMOID, OUT_SOFTMAX = 0, 1

_HIDDEN_CODES = {"relu": RELU, "tanh": TANH, "sigmoid": SIGMOID, "identity": IDENTITY,
                 RELU: RELU, TANH: TANH, SIGMOID: SIGMOID, IDENTITY: IDENTITY}
_OUTPUT_KINDS = {"sigmoid": OUT_SIGMOID, "softmax": OUT_SOFTMAX,
                 OUT_SIGMOID: OUT_SIGMOID, OUT_SOFTMAX: OUT_SOFTMAX}

#: Element count of the largest hidden layer (n_l * m) from which the
#: element-wise passes run under ``prange``. Each pass costs ~1 ms per 2.5M
#: elements serially, next to BLAS products of 100+ ms at that size, so the
#: thread pool (whose wake-up costs more than it saves on a busy machine,
#: measured 1 ms serial vs 12 ms parallel at 128 x 20000 under load) is only
#: worth it for very large layers.
PARALLEL_THRESHOLD = 1 << 24

#: Inner dimension up to which a product runs as :func:`small_product`, a
#: few fused multiply-adds per output, instead of a BLAS call, whose fixed cost
#: dominates there (measured: W1 X for 100 x 2 x 300 takes 14 us through BLAS).
SMALL_INNER = 8

#: Largest Gram matrix ``X^T X`` the automatic choice accepts, in bytes.
GRAM_MAX_BYTES = 512 * 2**20


class TrainingDiverged(FloatingPointError):
    """Gradient descent produced NaN or inf; raised instead of returning NaN parameters.

    Attributes
    ----------
    iteration : int
        First iteration whose forward pass was not finite.
    learning_rate : float
    """

    def __init__(self, iteration, learning_rate, where="the output layer's pre-activation"):
        self.iteration = iteration
        self.learning_rate = learning_rate
        super().__init__(
            f"training diverged at iteration {iteration} with learning_rate={learning_rate!r}: "
            f"{where} is NaN or inf; try a smaller learning rate"
        )


# ---------------------------------------------------------------- kernels


@jit()
def _grad_from_a(da, a, code):
    """da * g'(z) expressed with a = g(z), in the course's order of operations."""
    if code == RELU:
        return 0.0 if a <= 0 else da
    if code == TANH:
        return da * (1.0 - a * a)
    if code == SIGMOID:
        return da * a * (1.0 - a)
    return da


@jit()
def small_product(w, a, out):
    """out = w @ a for a small inner dimension k, row by row, vectorised over
    the columns, four terms per pass (a pass per term would be bound by its
    stores). Missing terms of the last pass are zero weights on a real row.

    Parameters
    ----------
    w : ndarray, shape (n, k)
        Any layout (the backward pass gives a transposed view).
    a : ndarray, shape (k, m)
    out : ndarray, shape (n, m)
    """
    n, k = w.shape
    m = a.shape[1]
    last = k - 1
    for i in range(n):
        for p in range(0, k, 4):
            r0, r1, r2, r3 = p, min(p + 1, last), min(p + 2, last), min(p + 3, last)
            w0 = w[i, p]
            w1 = w[i, r1] if p + 1 <= last else 0.0
            w2 = w[i, r2] if p + 2 <= last else 0.0
            w3 = w[i, r3] if p + 3 <= last else 0.0
            if p == 0:
                for j in range(m):
                    out[i, j] = (w0 * a[r0, j] + w1 * a[r1, j]) + (w2 * a[r2, j] + w3 * a[r3, j])
            else:
                for j in range(m):
                    out[i, j] += (w0 * a[r0, j] + w1 * a[r1, j]) + (w2 * a[r2, j] + w3 * a[r3, j])


@jit()
def _bias_act_rows(z, b, code, start, stop):
    for i in range(start, stop):
        bi = b[i]
        for j in range(z.shape[1]):
            z[i, j] = _activate(z[i, j] + bi, code)


@serial_and_parallel()
def bias_act(z, b, code, parallel):
    """In place: z = g(z + b). (``kernels.bias_activation_forward`` with its
    output aliasing its input would not vectorise: LLVM's overlap check fails.)"""
    n = z.shape[0]
    if parallel and n > 1:
        for i in prange(n):
            _bias_act_rows(z, b, code, i, i + 1)
    else:
        _bias_act_rows(z, b, code, 0, n)


@jit(flags=REASSOCIATE)  # the row sums vectorise (else one add per 4 cycles)
def _hidden_grad_rows(da, a, db, code, start, stop):
    for i in range(start, stop):
        total = 0.0
        for j in range(da.shape[1]):
            g = _grad_from_a(da[i, j], a[i, j], code)
            da[i, j] = g
            total += g
        db[i] = total


@serial_and_parallel()
def hidden_grad(da, a, db, code, parallel):
    """In place: da becomes dZ = da * g'(Z) (from A = g(Z)); db[i] = sum_j dZ[i, j]."""
    n = da.shape[0]
    if parallel and n > 1:
        for i in prange(n):
            _hidden_grad_rows(da, a, db, code, i, i + 1)
    else:
        _hidden_grad_rows(da, a, db, code, 0, n)


@serial_and_parallel()
def scaled_step(p, g, rate, scale, parallel):
    """In place on flat arrays: p = p - rate * (scale * g), the course's update
    ``W - learning_rate * (1/m * dot(...))``."""
    if parallel:
        for k in prange(p.size):
            p[k] = p[k] - rate * (scale * g[k])
    else:
        for k in range(p.size):
            p[k] = p[k] - rate * (scale * g[k])


@serial_and_parallel()
def gram_step(c, dz, rate, scale, parallel):
    """In place on flat arrays: C = C + rate * (scale * dZ1) (so that W1 = W1_0 - C X^T)."""
    if parallel:
        for k in prange(c.size):
            c[k] = c[k] + rate * (scale * dz[k])
    else:
        for k in range(c.size):
            c[k] = c[k] + rate * (scale * dz[k])


@jit()
def _softplus(z):
    """log(1 + exp(z)) without overflow."""
    if z > 0:
        return z + np.log1p(np.exp(-z))
    return np.log1p(np.exp(z))


@jit()
def sigmoid_output(z, b, y, db, record):
    """Output pass for a sigmoid layer, in place on the logits.

    ``z`` (n, m) holds ``W_L A_{L-1}`` on entry and ``dZ_L = sigmoid(z + b) - y``
    on exit; ``db`` receives the row sums of dZ_L.

    Returns
    -------
    loss : float
        ``sum(softplus(z) - y z)`` (the cross-entropy from the logits) when
        ``record``, else 0.
    finite : bool
        False as soon as a logit is NaN or inf.
    """
    loss = 0.0
    finite = True
    for i in range(z.shape[0]):
        bi = b[i]
        total = 0.0
        for j in range(z.shape[1]):
            v = z[i, j] + bi
            if not np.isfinite(v):
                finite = False
            yv = y[i, j]
            if record:
                loss += _softplus(v) - yv * v
            # libm exp: this loop does not vectorise, and scalar libm beats kernels._exp
            d = 1.0 / (1.0 + np.exp(-v)) - yv
            z[i, j] = d
            total += d
        db[i] = total
    return loss, finite


@jit()
def softmax_output(z, b, labels, db, record, work):
    """Output pass for a softmax layer, in place on the logits, row by row so
    that every loop (exp included, :func:`kernels._exp`) vectorises over the
    examples.

    ``z`` (K, m) holds ``W_L A_{L-1}`` on entry and ``softmax(z + b) - onehot``
    on exit; ``labels`` (1, m) holds the class indices as floats; ``work``
    (3, m) is scratch, allocated once by the caller.

    Returns
    -------
    loss : float
        ``sum_j logsumexp(z[:, j]) - z[label_j, j]`` when ``record``, else 0.
    finite : bool
        False when a logit is NaN or inf (then z is left half-way).
    """
    K, m = z.shape
    high, low, total = work[0], work[1], work[2]
    high[:] = -np.inf
    low[:] = np.inf
    total[:] = 0.0
    for i in range(K):
        bi = b[i]
        for j in range(m):
            v = z[i, j] + bi
            z[i, j] = v
            high[j] = v if v > high[j] else high[j]
            low[j] = v if v < low[j] else low[j]
    loss = 0.0
    for j in range(m):
        if not (np.isfinite(high[j]) and np.isfinite(low[j])):
            return loss, False
        if record:
            loss += high[j] - z[int(labels[0, j]), j]
    for i in range(K):
        for j in range(m):
            e = _exp(z[i, j] - high[j])
            z[i, j] = e
            total[j] += e
    for j in range(m):
        if not np.isfinite(total[j]):
            return loss, False
        if record:
            loss += np.log(total[j])
        total[j] = 1.0 / total[j]
    for i in range(K):
        row_sum = 0.0
        for j in range(m):
            z[i, j] = z[i, j] * total[j]
        for j in range(m):
            if int(labels[0, j]) == i:
                z[i, j] -= 1.0
            row_sum += z[i, j]
        db[i] = row_sum
    return loss, True


# ---------------------------------------------------------------- the loop


@serial_and_parallel(prange=False)
def run(x, y, wflat, bflat, dims, w_offsets, hidden, output, lr, start, stop,
        record_every, last_record, gram, c, p0, gmat, abuf, zl, scratch1, scratch2,
        dwbuf, dbbuf, cost_iters, cost_values, parallel):
    """Iterations ``start .. stop-1`` of gradient descent, in place on the buffers.

    All arrays are C-contiguous and share one float dtype; they are allocated
    once by :func:`train` and reused across calls.

    Parameters
    ----------
    x : (n_x, m) training data; y : (n_L, m) labels (class indices (1, m) for softmax)
    wflat, bflat : 1-D, all weights / biases, layer after layer (updated in place)
    dims : int64 (L+1,) layer sizes; w_offsets : int64 (L,) start of W_l in wflat
    hidden : activation code of hidden layers; output : OUT_SIGMOID or OUT_SOFTMAX
    lr : learning rate
    record_every : cost summed when ``i % record_every == 0``
    last_record : also at this iteration (-1: none)
    gram : first layer by the Gram path (then c, p0, gmat are (n1, m), (n1, m),
        (m, m); else they are dummies)
    abuf : flat buffer for A_1 .. A_{L-1}; zl : (n_L, m) logits / dZ_L
    scratch1, scratch2 : flat buffers of at least max(n_l) * m for dA / dZ
    dwbuf, dbbuf : flat buffers of at least max(n_l n_{l-1}) and max(n_l)
    cost_iters, cost_values : receive the recorded iterations and costs
    parallel : bool, element-wise passes under prange

    Returns
    -------
    n_costs : int
        Number of entries written to cost_iters / cost_values.
    diverged : int
        Iteration whose logits were not finite, or -1.
    """
    L = dims.size - 1
    m = x.shape[1]
    inv_m = 1.0 / m
    n_costs = 0
    softmax_work = np.empty((3, m if output == OUT_SOFTMAX else 0))
    for it in range(start, stop):
        # ---- forward
        a_prev = x
        b_off = 0
        a_off = 0
        for l in range(1, L + 1):
            n = dims[l]
            k = dims[l - 1]
            w = wflat[w_offsets[l - 1]:w_offsets[l - 1] + n * k].reshape((n, k))
            b = bflat[b_off:b_off + n]
            b_off += n
            if l < L:
                out = abuf[a_off:a_off + n * m].reshape((n, m))
                a_off += n * m
            else:
                out = zl
            if l == 1 and gram:
                np.dot(c, gmat, out)
                for i in range(n):
                    for j in range(m):
                        out[i, j] = p0[i, j] - out[i, j]
            elif k <= SMALL_INNER and not parallel:
                small_product(w, a_prev, out)
            else:
                np.dot(w, a_prev, out)
            if l < L:
                bias_act(out, b, hidden, parallel)
            a_prev = out
        # ---- output layer: cost (when recorded), dZ_L, db_L, finiteness
        record = (it % record_every == 0) or it == last_record
        b_l = bflat[b_off - dims[L]:b_off]
        if output == OUT_SOFTMAX:
            loss, finite = softmax_output(zl, b_l, y, dbbuf, record, softmax_work)
        else:
            loss, finite = sigmoid_output(zl, b_l, y, dbbuf, record)
        if not finite:
            return n_costs, it
        if record:
            cost_iters[n_costs] = it
            cost_values[n_costs] = inv_m * loss
            n_costs += 1
        # ---- backward and update, layer L down to 1
        dz = zl
        use_first = True
        for l in range(L, 0, -1):
            n = dims[l]
            k = dims[l - 1]
            w_off = w_offsets[l - 1]
            b_off -= n
            w = wflat[w_off:w_off + n * k].reshape((n, k))
            if l < L:
                a_l = abuf[a_off:a_off + n * m].reshape((n, m))
                hidden_grad(dz, a_l, dbbuf, hidden, parallel)
            if l > 1:
                a_off -= k * m
                a_prev = abuf[a_off:a_off + k * m].reshape((k, m))
            else:
                a_prev = x
            if not (l == 1 and gram):
                dw = dwbuf[:n * k].reshape((n, k))
                np.dot(dz, a_prev.T, dw)
            if l > 1:
                # dA_{l-1} with the weights before this iteration's update
                if use_first:
                    da = scratch1[:k * m].reshape((k, m))
                else:
                    da = scratch2[:k * m].reshape((k, m))
                use_first = not use_first
                if n <= SMALL_INNER and not parallel:
                    small_product(w.T, dz, da)
                else:
                    np.dot(w.T, dz, da)
            if l == 1 and gram:
                gram_step(c.reshape(-1), dz.reshape(-1), lr, inv_m, parallel)
            else:
                scaled_step(wflat[w_off:w_off + n * k], dwbuf[:n * k], lr, inv_m,
                            parallel and n * k >= PARALLEL_THRESHOLD)
            scaled_step(bflat[b_off:b_off + n], dbbuf[:n], lr, inv_m, False)
            if l > 1:
                dz = da
    return n_costs, -1


# ---------------------------------------------------------------- Python side


def choose_method(n_x, n_1, m, num_iterations, itemsize=8):
    """``"gram"`` when it needs fewer flops than the direct first layer,
    ``X^T X`` fits in :data:`GRAM_MAX_BYTES` and training is in float64, else
    ``"direct"``.

    Direct first layer: ``4 n1 n_x m`` flops per iteration (W1 X and dZ1 X^T).
    Gram: ``2 m^2 n_x`` (X^T X) ``+ 4 n1 n_x m`` (P0 and the final W1) once,
    then ``2 n1 m^2`` per iteration.
    """
    direct = 4.0 * n_1 * n_x * m * num_iterations
    gram = 2.0 * m * m * n_x + 4.0 * n_1 * n_x * m + 2.0 * n_1 * m * m * num_iterations
    if itemsize < 8:
        # float32: Z1 = P0 - C G loses the precision that the direct W1 X keeps
        # when X^T X is ill-conditioned (cat data, 2500 iterations: cost 0.1027
        # instead of 0.0929); only used when asked for explicitly.
        return "direct"
    if m * m * itemsize > GRAM_MAX_BYTES:
        return "direct"
    return "gram" if gram < 0.8 * direct else "direct"


def gram_matrix(x):
    """``X^T X`` by BLAS ``syrk`` (half the flops of a product; scipy's BLAS,
    the one numba calls), mirrored to a full symmetric C-contiguous matrix."""
    from scipy.linalg import blas
    syrk = blas.dsyrk if x.dtype == np.float64 else blas.ssyrk
    if x.flags.f_contiguous and not x.flags.c_contiguous:
        upper = syrk(1.0, x, trans=1)  # x F-ordered: x.T @ x without a copy, upper half
    else:
        upper = syrk(1.0, np.ascontiguousarray(x).T, trans=0)  # x.T is F-ordered
    full = np.triu(upper)
    full += np.triu(upper, 1).T
    return np.ascontiguousarray(full)


class TrainResult:
    """What :func:`train` returns.

    Attributes
    ----------
    weights, biases : list of ndarray
        ``W_l`` of shape (n_l, n_{l-1}) and ``b_l`` of shape (n_l, 1).
    iterations : ndarray of int
        Iterations whose cost was recorded.
    costs : ndarray
        The cost at those iterations, computed before that iteration's update.
    method : str
        ``"direct"`` or ``"gram"``.
    """

    def __init__(self, weights, biases, iterations, costs, method):
        self.weights = weights
        self.biases = biases
        self.iterations = iterations
        self.costs = costs
        self.method = method

    def __repr__(self):
        return (f"TrainResult(layers={len(self.weights)}, method={self.method!r}, "
                f"recorded={len(self.costs)})")


def train(X, Y, weights, biases, *, learning_rate, num_iterations, hidden="relu",
          output="sigmoid", record_every=100, record_last=False, method="auto",
          dtype=None, callback=None):
    """Full-batch gradient descent, compiled end to end.

    Internal entry point shared by :mod:`fastdnn.models` and other models
    (e.g. the one-hidden-layer tanh network). Arguments are trusted: validate
    them before calling (shapes, finiteness, labels).

    Parameters
    ----------
    X : ndarray, shape (n_x, m)
    Y : ndarray
        ``(n_L, m)`` targets in [0, 1] for ``output="sigmoid"``; ``(1, m)`` or
        ``(m,)`` integer class labels in ``0 .. n_L-1`` for ``output="softmax"``.
    weights : sequence of ndarray
        Initial ``W_l``, shapes (n_l, n_{l-1}); not modified.
    biases : sequence of ndarray
        Initial ``b_l``, shapes (n_l, 1) or (n_l,); not modified.
    learning_rate : float
    num_iterations : int
    hidden : {"relu", "tanh", "sigmoid", "identity"} or kernels code
        Activation of the hidden layers.
    output : {"sigmoid", "softmax"}
    record_every : int
        The cost is recorded at iterations 0, record_every, 2 record_every, ...
    record_last : bool
        Also record the cost of the last iteration.
    method : {"auto", "direct", "gram"}
        First-layer strategy; ``"auto"`` uses :func:`choose_method`.
    dtype : {None, float64, float32}
        Training precision; None takes X's float precision (float64 unless X is float32).
    callback : callable, optional
        ``callback(iteration, cost)`` after every recorded cost, while
        training runs (the loop then returns to Python at each record).

    Returns
    -------
    TrainResult

    Raises
    ------
    TrainingDiverged
        When the logits become NaN or inf (the iteration and learning rate are
        in the message), or when a parameter is not finite after the loop.
    """
    dtype = np.dtype(dtype) if dtype is not None else (
        np.dtype(np.float32) if np.asarray(X).dtype == np.float32 else np.dtype(np.float64))
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"dtype must be float32 or float64, got {dtype}")
    if hidden not in _HIDDEN_CODES:
        raise ValueError(f"hidden must be one of 'relu', 'tanh', 'sigmoid', 'identity', got {hidden!r}")
    if output not in _OUTPUT_KINDS:
        raise ValueError(f"output must be 'sigmoid' or 'softmax', got {output!r}")
    if int(record_every) < 1:
        raise ValueError(f"record_every must be at least 1, got {record_every}")
    if len(weights) != len(biases) or len(weights) == 0:
        raise ValueError(f"need as many biases as weights (at least one layer), got "
                         f"{len(weights)} and {len(biases)}")
    record_every = int(record_every)
    hidden_code = _HIDDEN_CODES[hidden]
    out_kind = _OUTPUT_KINDS[output]
    x = np.asarray(X, dtype=dtype)  # any layout; C-contiguous for the direct path below
    n_x, m = x.shape
    dims = np.array([n_x] + [np.shape(w)[0] for w in weights], dtype=np.int64)
    L = len(weights)
    if out_kind == OUT_SOFTMAX:
        y = np.ascontiguousarray(np.reshape(Y, (1, m)), dtype=dtype)
    else:
        y = np.ascontiguousarray(np.reshape(Y, (dims[-1], m)), dtype=dtype)
    sizes = dims[1:] * dims[:-1]
    w_offsets = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    wflat = np.concatenate([np.asarray(w, dtype=dtype).reshape(-1) for w in weights])
    bflat = np.concatenate([np.asarray(b, dtype=dtype).reshape(-1) for b in biases])
    num_iterations = int(num_iterations)
    rate = float(learning_rate)

    if method == "auto":
        method = choose_method(n_x, int(dims[1]), m, num_iterations, dtype.itemsize)
    if method not in ("direct", "gram"):
        raise ValueError(f"method must be 'auto', 'direct' or 'gram', got {method!r}")
    gram = method == "gram"
    n1 = int(dims[1])
    if gram:
        w1_0 = wflat[:n1 * n_x].reshape(n1, n_x).copy()
        gmat = gram_matrix(x)
        p0 = np.dot(w1_0, x)
        x_gram, x = x, np.zeros((1, m), dtype)  # the loop never reads X on the Gram path
        c = np.zeros((n1, m), dtype)
    else:
        x = np.ascontiguousarray(x)
        gmat = np.zeros((1, 1), dtype)
        p0 = np.zeros((1, 1), dtype)
        c = np.zeros((1, 1), dtype)
    hidden_sizes = dims[1:-1]
    abuf = np.empty(max(int(hidden_sizes.sum()) * m, 1), dtype)
    zl = np.empty((int(dims[-1]), m), dtype)
    scratch_size = max(int(dims[1:].max()) * m, 1)
    scratch1 = np.empty(scratch_size, dtype)
    scratch2 = np.empty(scratch_size, dtype)
    dwbuf = np.empty(int(sizes.max()), dtype)
    dbbuf = np.empty(int(dims[1:].max()), dtype)
    n_records = (num_iterations + record_every - 1) // record_every + 1
    cost_iters = np.empty(n_records, np.int64)
    cost_values = np.empty(n_records, np.float64)
    last_record = num_iterations - 1 if record_last else -1
    parallel = int(dims[1:].max()) * m >= PARALLEL_THRESHOLD
    runner = parallel_build(run) if parallel else run

    # Chunks end after each recorded iteration when a callback wants to see them.
    if callback is None:
        bounds = [(0, num_iterations)]
    else:
        stops = sorted({min(i + 1, num_iterations) for i in range(0, num_iterations, record_every)}
                       | ({num_iterations} if num_iterations else set()))
        bounds = list(zip([0] + stops[:-1], stops))
    total = 0
    for start, stop in bounds:
        n_costs, diverged = runner(
            x, y, wflat, bflat, dims, w_offsets, hidden_code, out_kind, rate, start, stop,
            record_every, last_record, gram, c, p0, gmat, abuf, zl, scratch1, scratch2,
            dwbuf, dbbuf, cost_iters[total:], cost_values[total:], parallel)
        if callback is not None:
            for k in range(total, total + n_costs):
                callback(int(cost_iters[k]), float(cost_values[k]))
        total += n_costs
        if diverged >= 0:
            raise TrainingDiverged(int(diverged), learning_rate)

    if gram:
        wflat[:n1 * n_x] = (w1_0 - np.dot(c, x_gram.T)).reshape(-1)
    if not (np.isfinite(wflat).all() and np.isfinite(bflat).all()):
        raise TrainingDiverged(max(num_iterations - 1, 0), learning_rate,
                               "a parameter after the last iteration")
    ws, bs = [], []
    b_off = 0
    for l in range(L):
        n, k = int(dims[l + 1]), int(dims[l])
        ws.append(wflat[w_offsets[l]:w_offsets[l] + n * k].reshape(n, k).copy())
        bs.append(bflat[b_off:b_off + n].reshape(n, 1).copy())
        b_off += n
    return TrainResult(ws, bs, cost_iters[:total].copy(), cost_values[:total].astype(dtype),
                       method)
