"""The output table: what each output layer makes of its logits ``Z_L``
(n_L, m), in one place for the engine's recorded costs, ``fit``'s history, the
command line and the estimator.

=============  ==============================  ===================================  ========================
output         probabilities                   cost (the course's)                  correct prediction
=============  ==============================  ===================================  ========================
sigmoid        1 / (1 + exp(-z)), per unit     mean over units of -[y log a +       (z > 0) == (y > 0.5)
                                               (1-y) log(1-a)]  (:mod:`.cost`)
softmax        exp(z) / sum exp(z), per column -mean log softmax(z)[y_j, j]          argmax z == y
=============  ==============================  ===================================  ========================

Targets are trusted: (n_L, m) reals for sigmoid units, (1, m) class indices
(any real dtype holding integers) for a softmax.
"""
import numpy as np

from ..config import launch
from . import cost as _cost
from . import kernels, softmax
from .activation_table import OUTPUT_SOFTMAX, SIGMOID


def probabilities(logits, output):
    """The output layer's activations (n_L, m) from its logits (the table's first column)."""
    if output == OUTPUT_SOFTMAX:
        return softmax.probabilities(np.ascontiguousarray(logits))
    out = np.empty_like(logits)
    launch(kernels.activation_forward, logits.size, logits.reshape(-1), out.reshape(-1), SIGMOID)
    return out


def cost(logits, y, output):
    """The cost of ``logits`` against ``y`` for an output code, a numpy float of the logits' dtype."""
    if output == OUTPUT_SOFTMAX:
        return softmax.cross_entropy_labels(np.ascontiguousarray(logits),
                                            np.ascontiguousarray(np.reshape(y, -1), dtype=np.int64))
    return _cost.cross_entropy(probabilities(logits, output), y, logits)


def accuracy(logits, y, output):
    """Fraction of correct predictions (the table's last column)."""
    # count / size is np.mean's value for booleans, in a third of its time (a
    # recorded epoch of a small network takes four of these and costs)
    if output == OUTPUT_SOFTMAX:
        return float(np.count_nonzero(np.argmax(logits, axis=0) == np.reshape(y, -1)) / logits.shape[1])
    return float(np.count_nonzero((logits > 0) == (y > 0.5)) / logits.size)
