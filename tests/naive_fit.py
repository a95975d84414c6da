"""Plain-numpy twin of the engine's mini-batch trainer
(:func:`fastdnn.engine.train_batches`), step by step as the course writes its
``model``: the same column orders, batches, residual scaling, L2 term,
dropout masks and optimiser formulas, with numpy doing the arithmetic."""
import numpy as np


def _g(z, hidden):
    if hidden == "relu":
        return np.maximum(z, 0)
    if hidden == "leaky_relu":
        return np.where(z > 0, z, 0.01 * z)
    if hidden == "tanh":
        return np.tanh(z)
    return 1 / (1 + np.exp(-z))


def _g_prime_from_a(a, hidden):
    if hidden == "relu":
        return (a > 0).astype(a.dtype)
    if hidden == "leaky_relu":
        return np.where(a > 0, 1.0, 0.01).astype(a.dtype)
    if hidden == "tanh":
        return 1 - a * a
    return a * (1 - a)


def _residual(z, y, output):
    if output == "softmax":
        e = np.exp(z - z.max(axis=0))
        probabilities = e / e.sum(axis=0)
        onehot = (np.arange(z.shape[0])[:, None] == y.astype(np.int64)).astype(z.dtype)
        return probabilities - onehot
    return 1 / (1 + np.exp(-z)) - y


def train_batches(X, Y, weights, biases, *, optimizer, num_epochs, orders, rates, batch_size, beta=0.9,
                  beta1=0.9, beta2=0.999, epsilon=1e-8, lambd=0.0, keep_prob=1.0, masks=None,
                  hidden="relu", output="sigmoid", scale_residual=False):
    """Returns the final weights and biases, and the logits of every batch of every epoch.

    ``orders[e]`` is epoch e's column order, ``rates[e]`` its learning rate;
    ``masks`` the fixed dropout masks (sum of hidden units, m), or a function
    ``masks(step, layer, shape)`` giving 0/1 masks."""
    W = [np.array(w, dtype=float) for w in weights]
    b = [np.array(bb, dtype=float).reshape(-1, 1) for bb in biases]
    L = len(W)
    v = [np.zeros_like(p) for p in W + b]
    s = [np.zeros_like(p) for p in W + b]
    m = X.shape[1]
    t = 0
    logits = []
    for epoch in range(num_epochs):
        order = orders[epoch]
        for low in range(0, m, batch_size):
            columns = order[low:low + batch_size]
            x, y = X[:, columns], Y[:, columns]
            w_b = x.shape[1]
            a, inputs, acts, drops = x, [], [], []
            row = 0
            for l in range(L):
                inputs.append(a)
                z = np.dot(W[l], a) + b[l]
                if l == L - 1:
                    break
                a = _g(z, hidden)
                acts.append(a)
                if keep_prob < 1:
                    d = (masks[row:row + z.shape[0], columns] if not callable(masks)
                         else masks(t, row, z.shape))
                    drops.append(d)
                    a = (a * d) / keep_prob
                row += z.shape[0]
            logits.append(z)
            dz = _residual(z, y, output)
            if scale_residual:
                dz = 1. / w_b * dz
            grads_W, grads_b = [None] * L, [None] * L
            for l in range(L - 1, -1, -1):
                dw = np.dot(dz, inputs[l].T)
                db = np.sum(dz, axis=1, keepdims=True)
                if not scale_residual:
                    dw, db = 1. / w_b * dw, 1. / w_b * db
                grads_W[l], grads_b[l] = dw + lambd / w_b * W[l], db
                if l > 0:
                    da = np.dot(W[l].T, dz)
                    if keep_prob < 1:
                        da = (da * drops[l - 1]) / keep_prob
                    dz = da * _g_prime_from_a(acts[l - 1], hidden)
            t += 1
            rate = rates[epoch]
            params, grads = W + b, grads_W + grads_b
            for i, (p, g) in enumerate(zip(params, grads)):
                if optimizer == "gd":
                    params[i] = p - rate * g
                elif optimizer == "momentum":
                    v[i] = beta * v[i] + (1 - beta) * g
                    params[i] = p - rate * v[i]
                else:
                    v[i] = beta1 * v[i] + (1 - beta1) * g
                    s[i] = beta2 * s[i] + (1 - beta2) * (g ** 2)
                    params[i] = p - rate * (v[i] / (1 - beta1 ** t)) / (np.sqrt(s[i] / (1 - beta2 ** t)) + epsilon)
            W, b = params[:L], params[L:]
    return W, b, logits


def uniform_hash(seed, step, row, column):
    """numpy version of :func:`fastdnn._core.kernels.uniform_hash` (uint64 arithmetic wraps)."""
    u = np.uint64
    with np.errstate(over="ignore"):
        z = (u(seed) * u(0x9E3779B97F4A7C15) + u(step) * u(0xBF58476D1CE4E5B9)
             + np.asarray(row, dtype=u) * u(0x94D049BB133111EB) + np.asarray(column, dtype=u))
        z = (z ^ (z >> u(30))) * u(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> u(27))) * u(0x94D049BB133111EB)
        z = z ^ (z >> u(31))
    return (z >> u(11)).astype(np.float64) * (1.0 / 9007199254740992.0)


def hashed_masks(seed, keep_prob):
    """The engine's dropout masks, as a ``masks(step, first_row, shape)`` function for :func:`train_batches`."""
    def masks(step, first_row, shape):
        rows, columns = np.meshgrid(np.arange(shape[0]) + first_row, np.arange(shape[1]), indexing="ij")
        return (uniform_hash(seed, step, rows, columns) < keep_prob).astype(float)
    return masks
