"""The passes of one step of the loop, compiled without reference counting:
gather a batch, draw its dropout masks, forward, the residual, backward with
the optimiser's step, and the recording helpers.

An optional feature's buffer is None when the run does without it (the
masks without dropout, ``gram_work`` on the direct path, the moments with
gradient descent, the softmax's scratch with a sigmoid output): numba then
drops the code under ``if buffer is not None`` before compiling, so that a
run compiles the code it runs (a first ``fastdnn train`` compiled every
feature's code)."""
from ...config import jit
from ..kernels import (apply_dropout, bias_activation_rows, draw_dropout_mask, gather_columns, gather_rows,
                       gather_targets, gradient_rows_from_a)
from ..steps import H_RATE, H_SCALE, adam_range, gd_range, momentum_range, step_in_place
from .buffers import DB, DELTAS, DROPPED, DW, LOGITS, SCRATCH, X_BATCH, Y_BATCH, matrix
from .products import (add_bias, backward_below_one_unit, gram_first_layer, layer_gradient, product, row_sum,
                       sigmoid_residual, small_linear_activation, softmax_residual)

#: Where layer 1's inputs are: ``x`` itself, or the batch buffer's X as
#: columns (n_x, width) or as rows (width, n_x) (:func:`batch_as_rows`).
INPUTS_GIVEN, INPUTS_COLUMNS, INPUTS_ROWS = 0, 1, 2


@jit(inline="always")
def batch_columns(x, batch_work, places, n_x, width, inputs_from):
    """Layer 1's inputs as columns (n_x, width), a C-order view: ``x`` itself
    or the batch buffer's (INPUTS_ROWS never reads them)."""
    if inputs_from == INPUTS_GIVEN:
        return x
    return matrix(batch_work, places[X_BATCH], n_x, width)


@jit(inline="always")
def batch_rows(rows_work, places, n_x, width):
    """The batch buffer's examples as rows (width, n_x), which the products read transposed."""
    return matrix(rows_work, places[X_BATCH], width, n_x)


@jit(refcounts=False, callee=True)
def forward_batch(x, theta, work, batch_work, rows_work, masks, layout, sections, places, width, inputs_from,
                  hidden, keep_prob, gram_work):
    """The forward pass of a batch of ``width`` columns: the hidden layers'
    activations into ``work`` (at the sum of the layers' sizes below, times
    width), with dropout (``masks`` not None) also the course's
    ``(A * D) / keep_prob`` into ``batch_work`` (the masks D from ``masks``,
    at the same offsets), and the logits at LOGITS.

    The inputs are ``x`` (n_x, width) or the batch's examples in
    ``batch_work``, as ``inputs_from`` says; as rows only where ``rows_work``
    (the batch buffer, or None) is given. With ``gram_work`` (not None) the
    first layer takes the Gram path. Returns False when a logit is NaN or inf.
    """
    L = layout.shape[0]
    inputs = batch_columns(x, batch_work, places, layout[0, 1], width, inputs_from)
    offset = 0
    for l in range(L - 1):
        n, k = layout[l, 0], layout[l, 1]
        weights, bias = matrix(theta, layout[l, 2], n, k), theta[layout[l, 3]:layout[l, 3] + n]
        acts = matrix(work, offset, n, width)
        z = matrix(work, sections[SCRATCH], n, width)
        if l == 0 and gram_work is not None:
            gram_first_layer(gram_work, z)
            bias_activation_rows(z, bias, acts, hidden, 0, n)
        elif l == 0 and rows_work is not None and inputs_from == INPUTS_ROWS:
            product(weights, batch_rows(rows_work, places, k, width).T, z)
            bias_activation_rows(z, bias, acts, hidden, 0, n)
        elif k <= 4:
            small_linear_activation(weights, inputs, bias, acts, hidden)
        else:
            product(weights, inputs, z)
            bias_activation_rows(z, bias, acts, hidden, 0, n)
        inputs = acts
        if masks is not None:
            dropped = matrix(batch_work, places[DROPPED] + offset, n, width)
            apply_dropout(acts, matrix(masks, offset, n, width), keep_prob, dropped)
            inputs = dropped
        offset += n * width
    n, k = layout[L - 1, 0], layout[L - 1, 1]
    weights, z = matrix(theta, layout[L - 1, 2], n, k), matrix(work, sections[LOGITS], n, width)
    if L == 1 and gram_work is not None:
        gram_first_layer(gram_work, z)
    elif L == 1 and rows_work is not None and inputs_from == INPUTS_ROWS:
        product(weights, batch_rows(rows_work, places, k, width).T, z)
    else:
        product(weights, inputs, z)
    return add_bias(z, theta[layout[L - 1, 3]:layout[L - 1, 3] + n])


@jit(refcounts=False, callee=True)
def parameter_step(theta, g, first_moments, second_moments, offset, count, code, hyper, l2):
    """The optimiser's step on ``theta[offset:offset + count]`` with the raw
    gradient ``g`` (count,): gradient descent without moments (plain, without
    L2, by :func:`steps.step_in_place`), momentum with the first, Adam with both."""
    p = theta[offset:offset + count]
    if first_moments is None:
        if l2 == 0.0:
            step_in_place(p, g, hyper[H_RATE], hyper[H_SCALE])
        else:
            gd_range(p, g, hyper[H_RATE], hyper[H_SCALE], l2)
    elif second_moments is None:
        momentum_range(p, g, first_moments[offset:offset + count], hyper, l2)
    else:
        adam_range(p, g, first_moments[offset:offset + count], second_moments[offset:offset + count], code,
                   hyper, l2)


@jit(refcounts=False, callee=True)
def backward_batch(x, theta, first_moments, second_moments, work, batch_work, rows_work, masks, layout, sections,
                   places, width, inputs_from, hidden, keep_prob, code, hyper, l2, gram_work):
    """Backward pass and optimiser step of the batch :func:`forward_batch`
    left, whose dZ_L is at LOGITS: layer L down to 1, dA_{l-1} formed with W_l
    before its update. On the Gram path (``gram_work`` not None, gradient
    descent only) the first layer's step is ``C += (lr/m) dZ_1`` instead of
    one on W_1. ``hyper`` holds the optimiser's constants (steps' H_* slots),
    ``l2`` the L2 factor of the weights' steps and of the biases' (0), in the
    parameters' dtype; the moments are :func:`parameter_step`'s, the inputs
    :func:`forward_batch`'s."""
    L = layout.shape[0]
    here = 0  # offset of layer l's activations
    for l in range(L - 1):
        here += layout[l, 0] * width
    dz = matrix(work, sections[LOGITS], layout[L - 1, 0], width)
    done_below = False  # dZ_l and db_l already formed by the layer above
    for l in range(L - 1, -1, -1):
        n, k, w, b = layout[l, 0], layout[l, 1], layout[l, 2], layout[l, 3]
        below = here - k * width  # offset of layer l-1's activations
        db = work[sections[DB]:sections[DB] + n]
        if l < L - 1:
            dz = matrix(work, sections[DELTAS], n, width)
            if not done_below:
                da = matrix(work, sections[SCRATCH], n, width)
                if masks is not None:
                    apply_dropout(da, matrix(masks, here, n, width), keep_prob, da)
                gradient_rows_from_a(da, matrix(work, here, n, width), dz, db, hidden, 0, n)
        weights, dw = matrix(theta, w, n, k), matrix(work, sections[DW], n, k)
        fused = l > 0 and l == L - 1 and n == 1 and keep_prob == 1.0
        if fused:  # one output unit: dW_L, dZ_{L-1} and db_{L-1} in one pass
            # b_L steps first: db's buffer receives db_{L-1}
            parameter_step(theta, db, first_moments, second_moments, b, n, code, hyper, l2[1])
            backward_below_one_unit(weights, dz, matrix(work, below, k, width),
                                    matrix(work, sections[DELTAS], k, width), work[sections[DB]:sections[DB] + k],
                                    dw, hidden)
        elif l > 0:
            inputs = matrix(work, below, k, width)
            if masks is not None:
                inputs = matrix(batch_work, places[DROPPED] + below, k, width)
            layer_gradient(dz, inputs, dw)
            product(weights.T, dz, matrix(work, sections[SCRATCH], k, width))
        elif gram_work is not None:
            pass  # the Gram path's first layer steps C below
        elif rows_work is not None and inputs_from == INPUTS_ROWS:
            layer_gradient(dz, batch_rows(rows_work, places, k, width).T, dw)
        else:
            layer_gradient(dz, batch_columns(x, batch_work, places, k, width, inputs_from), dw)
        if l == 0 and gram_work is not None:
            step_in_place(gram_work[:n * width], dz.reshape(-1), -hyper[H_RATE], hyper[H_SCALE])
        else:
            parameter_step(theta, work[sections[DW]:sections[DW] + n * k], first_moments, second_moments, w, n * k,
                           code, hyper, l2[0])
        if not fused:
            parameter_step(theta, db, first_moments, second_moments, b, n, code, hyper, l2[1])
        done_below = fused
        here = below


@jit(refcounts=False, callee=True)
def output_residual(y, work, batch_work, layout, sections, places, width, from_batch, softmax_work,
                    scale_residual):
    """In place at LOGITS: dZ_L = sigmoid-or-softmax(Z_L) - Y (Y: ``y``, or
    with ``from_batch`` the batch's columns), db_L at DB; softmax when its
    scratch ``softmax_work`` (2 width) is given. With ``scale_residual`` dZ_L
    is scaled by 1/width first (the course's ``dz3 = 1./m * (a3 - Y)``)."""
    n = layout[layout.shape[0] - 1, 0]
    z = matrix(work, sections[LOGITS], n, width)
    yb = matrix(batch_work, places[Y_BATCH], y.shape[0], width) if from_batch else y
    db = work[sections[DB]:sections[DB] + n]
    if softmax_work is not None:
        softmax_residual(z, yb, db, softmax_work[:2 * width])
    else:
        sigmoid_residual(z, yb, db)
    if scale_residual:
        inv_width = 1.0 / width
        for i in range(n):
            for j in range(width):
                z[i, j] = inv_width * z[i, j]
            db[i] = row_sum(z, i)


@jit(refcounts=False, callee=True)
def gather_batch(xt, y, columns, low, batch_work, places, width, as_rows):
    """The batch's examples ``columns[low:low + width]`` of X (given
    transposed) and Y into the batch buffer, X as rows or columns."""
    n_x = xt.shape[1]
    if as_rows:
        gather_rows(xt, columns, low, matrix(batch_work, places[X_BATCH], width, n_x))
    else:
        gather_columns(xt, columns, low, matrix(batch_work, places[X_BATCH], n_x, width))
    gather_targets(y, columns, low, matrix(batch_work, places[Y_BATCH], y.shape[0], width))


@jit(refcounts=False, callee=True)
def prepare_masks(masks, layout, width, options, step):
    """The hidden layers' dropout masks of the step, drawn from the seed, the step and the unit."""
    row, offset = 0, 0
    for l in range(layout.shape[0] - 1):
        n = layout[l, 0]
        draw_dropout_mask(matrix(masks, offset, n, width), options.dropout_seed, step, row, options.keep_prob)
        row += n
        offset += n * width


@jit(refcounts=False, callee=True)
def copy_logits(work, sections, width, records, r, low):
    """The logits (n_L, width) into ``records[r, :, low:low + width]``."""
    z = matrix(work, sections[LOGITS], records.shape[1], width)
    for i in range(z.shape[0]):
        for j in range(width):
            records[r, i, low + j] = z[i, j]


@jit(refcounts=False, callee=True)
def copy_columns(x, low, width, batch_work, places, rows):
    """Columns low..low+width-1 of ``x`` into the batch buffer's X, as rows or columns."""
    n_x = x.shape[0]
    xb = matrix(batch_work, places[X_BATCH], width if rows else n_x, n_x if rows else width)
    for i in range(n_x):
        for j in range(width):
            if rows:
                xb[j, i] = x[i, low + j]
            else:
                xb[i, j] = x[i, low + j]


@jit(callee=True)
def sum_of_squares(theta, layout):
    """sum over layers of sum(W_l ** 2) (the L2 cost's sum)."""
    total = 0.0
    for l in range(layout.shape[0]):
        for q in range(layout[l, 2], layout[l, 2] + layout[l, 0] * layout[l, 1]):
            total += theta[q] * theta[q]
    return total


