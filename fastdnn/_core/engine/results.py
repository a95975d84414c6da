"""What training gives back: :class:`TrainResult`, each recorded epoch's
:class:`BatchRecord`, and :class:`TrainingDiverged`."""


class TrainingDiverged(FloatingPointError):
    """Gradient descent produced NaN or inf; raised instead of returning NaN parameters.

    Attributes
    ----------
    iteration : int
        First iteration (full batch) or epoch (mini-batches: ``unit="epoch"``)
        whose forward pass was not finite.
    learning_rate : float
    """

    def __init__(self, iteration, learning_rate, where="the output layer's pre-activation", unit="iteration"):
        self.iteration = iteration
        self.learning_rate = learning_rate
        super().__init__(
            f"training diverged at {unit} {iteration} with learning_rate={learning_rate!r}: "
            f"{where} is NaN or inf; try a smaller learning rate"
        )


class BatchRecord:
    """One recorded epoch of :func:`train_batches`.

    Attributes
    ----------
    epoch : int
    rate : float
        Its learning rate.
    logits : ndarray, shape (n_L, m)
        ``Z_L`` of every batch before its update, batch after batch, in the
        epoch's column order.
    labels : ndarray, shape (n_y, m)
        Y in that order.
    batch_size : int
        Batches are consecutive runs of this many columns of ``logits``.
    squares : ndarray, shape (n_batches,) or None
        With L2: sum of W**2 before each batch's update.
    val_logits : ndarray, shape (n_L, m_val) or None
        Logits of the validation set after the epoch.
    snapshot : ndarray or None
        The flat parameters after the epoch (with ``snapshot=True``); :meth:`parameters` unpacks it.
    """

    def __init__(self, epoch, rate, logits, labels, batch_size, squares, val_logits, snapshot, layout):
        self.epoch, self.rate, self.logits, self.labels = epoch, rate, logits, labels
        self.batch_size, self.squares, self.val_logits, self.snapshot = batch_size, squares, val_logits, snapshot
        self._layout = layout

    def batches(self):
        """``(logits, labels)`` of each batch, in order (views)."""
        m = self.logits.shape[1]
        return [(self.logits[:, k:k + self.batch_size], self.labels[:, k:k + self.batch_size])
                for k in range(0, m, self.batch_size)]

    def parameters(self):
        """The snapshot as lists of ``W_l`` and ``b_l``."""
        return self._layout.unpack(self.snapshot)


class TrainResult:
    """What :func:`train` returns.

    Attributes
    ----------
    weights, biases : list of ndarray
        ``W_l`` of shape (n_l, n_{l-1}) and ``b_l`` of shape (n_l, 1).
    iterations : ndarray of int
        Iterations whose cost was recorded.
    costs : list of numpy float scalars
        The cost at those iterations, computed before that iteration's update.
    method : str
        ``"direct"`` or ``"gram"``.
    gradients : tuple or None
        With ``keep_gradients``: ``(dW_1, db_1)`` of the last iteration,
        shapes (n_1, n_x) and (n_1, 1).
    optimizer_state : ndarray or None
        :func:`train_batches`' final optimiser state, to continue the run
        (``optimizer_state=``): empty for gradient descent, the velocity for
        momentum, Adam's v then s; flat in the parameters' :class:`Layout` order.
    """

    def __init__(self, weights, biases, iterations, costs, method, gradients=None, optimizer_state=None):
        self.weights = weights
        self.biases = biases
        self.iterations = iterations
        self.costs = costs
        self.method = method
        self.gradients = gradients
        self.optimizer_state = optimizer_state

    def __repr__(self):
        return (f"TrainResult(layers={len(self.weights)}, method={self.method!r}, "
                f"recorded={len(self.costs)})")
