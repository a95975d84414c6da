"""Full-batch gradient descent, the course's models' case: the Gram path's
choice and :func:`train`, which records the course's costs."""
import numpy as np

from ...config import FLOPS_PER_BYTE, GRAM_ADVANTAGE, GRAM_MAX_BYTES
from .. import outputs
from ..activation_table import output_code
from .driver import train_batches


def choose_method(n_x, n_1, m, num_iterations):
    """``"gram"`` for wide data (m < n_x) when it needs at most GRAM_ADVANTAGE
    of the direct first layer's cost and ``X^T X`` (float64) fits in
    GRAM_MAX_BYTES, else ``"direct"``.

    Costs are in flops, a product that reads more bytes than it does flops
    over FLOPS_PER_BYTE counted as bound by that reading. Direct first layer,
    per iteration: W1 X and dZ1 X^T, ``2 n1 n_x m`` flops each over X's
    ``8 n_x m`` bytes. Gram: ``2 m^2 n_x`` (X^T X) ``+ 4 n1 n_x m`` (P0 and
    the final W1) once, then ``2 n1 m^2`` per iteration over G's ``8 m^2`` bytes.
    X's bytes are counted as float64's: float32 data are read in half the
    bytes, so there the choice leans a little to Gram (exact either way).
    Data with m >= n_x always take the direct path (Gram reads more per step).
    """
    if m >= n_x or m * m * 8 > GRAM_MAX_BYTES:
        return "direct"

    def cost(flops, bytes_read):
        return max(flops, FLOPS_PER_BYTE * bytes_read)

    direct = 2.0 * cost(2.0 * n_1 * n_x * m, 8.0 * n_x * m) * num_iterations
    gram = 2.0 * m * m * n_x + 4.0 * n_1 * n_x * m + cost(2.0 * n_1 * m * m, 8.0 * m * m) * num_iterations
    return "gram" if gram <= GRAM_ADVANTAGE * direct else "direct"



def train(X, Y, weights, biases, *, learning_rate, num_iterations, hidden="relu",
          output="sigmoid", record_every=100, record_last=False, method="auto",
          dtype=None, callback=None, keep_gradients=False):
    """Full-batch gradient descent: :func:`train_batches` with one batch of all m columns.

    Internal entry point of every model. Arguments are trusted: validate them
    before calling (:mod:`fastdnn._checks`).

    Parameters
    ----------
    X : ndarray, shape (n_x, m)
    Y : ndarray
        ``(n_L, m)`` real targets for ``output="sigmoid"``; ``(1, m)`` or
        ``(m,)`` integer class labels in ``0 .. n_L-1`` for ``output="softmax"``.
    weights : sequence of ndarray
        Initial ``W_l``, shapes (n_l, n_{l-1}); not modified.
    biases : sequence of ndarray
        Initial ``b_l``, shapes (n_l, 1) or (n_l,); not modified.
    learning_rate : float
    num_iterations : int
    hidden : {"relu", "tanh", "sigmoid", "leaky_relu"}
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
        ``callback(iteration, cost)`` for every recorded cost, while training
        runs (after each chunk of about CHUNK_SECONDS).
    keep_gradients : bool
        Return the first layer's last gradients (for the week-2 ``optimize``).

    Returns
    -------
    TrainResult

    Raises
    ------
    TrainingDiverged
        When the logits become NaN or inf (the iteration and learning rate are
        in the message), or when a parameter is not finite after the loop.
    """
    if int(record_every) < 1:
        raise ValueError(f"record_every must be at least 1, got {record_every}")
    if method not in ("auto", "direct", "gram"):
        raise ValueError(f"method must be 'auto', 'direct' or 'gram', got {method!r}")
    out_kind = output_code(output)
    n_x, m = np.shape(X)
    num_iterations = int(num_iterations)
    if method == "auto":
        method = choose_method(n_x, np.shape(weights[0])[0], m, num_iterations)
    costs = []

    def on_record(record):
        costs.append(outputs.cost(record.logits, record.labels, out_kind))
        if callback is not None:
            callback(record.epoch, costs[-1])

    result = train_batches(X, Y, weights, biases, optimizer="gd", learning_rate=learning_rate,
                           num_epochs=num_iterations, hidden=hidden, output=output, record_every=record_every,
                           record_last=record_last, dtype=dtype, on_record=on_record, method=method,
                           keep_gradients=keep_gradients, unit="iteration")
    result.costs = costs
    return result
