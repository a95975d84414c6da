"""The mini-batch trainer against references measured in the same run.

``Course2Suite``: the course-2 notebooks' models (fastdnn.course2_models, on
the engine) against the course's numpy loops (naive_course2.py, the
notebook's ``model`` bodies): moons/Adam, circles/He, the 2-D model with L2
and with dropout. The numpy loops run a tenth of the epochs/iterations and
are scaled by 10 (their cost is linear in them). ``track_*``: numpy-time /
fastdnn-time (the speed-up; higher is better, asv's plots say "lower").

``MnistSuite``: one epoch of [784, 256, 128, 10] softmax with Adam on X
(784, 60000) float32 (the examples stored as rows, for both libraries)
labelled by a fixed random teacher network, against
PyTorch CPU (same network, optimiser, batch, float32, its default threads, in
a process of its own);
skipped with a message when torch is not installed. Also GFLOP/s of both and
this machine's sgemm rate (numpy float32 matmul).
"""
import contextlib
import io
import math
import os
import subprocess
import sys
import time

import numpy as np

import naive_course2 as naive
from fastdnn import course2_models, fit
from fastdnn.datasets import load_circles, load_moons

from . import REPO, best_time


def _quiet(fn, *args, **kwargs):
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*args, **kwargs)


def numpy_moons_adam(X, Y, num_epochs, learning_rate=0.0007, mini_batch_size=64):
    """The optimisation notebook's ``model`` loop (Adam) in numpy."""
    parameters = naive.initialize_parameters_he([X.shape[0], 5, 2, 1])
    v = {"d" + k: np.zeros_like(p) for k, p in parameters.items()}
    s = {"d" + k: np.zeros_like(p) for k, p in parameters.items()}
    seed, t, m = 10, 0, X.shape[1]
    for _ in range(num_epochs):
        seed = seed + 1
        cost_total = 0
        for batch_X, batch_Y in naive.random_mini_batches(X, Y, mini_batch_size, seed):
            a3, caches = naive.forward_propagation(batch_X, parameters)
            cost_total += np.sum(np.multiply(-np.log(a3), batch_Y) + np.multiply(-np.log(1 - a3), 1 - batch_Y))
            grads = naive.backward_propagation_scaled(batch_X, batch_Y, caches)
            t = t + 1
            parameters, v, s, _, _ = naive.update_parameters_with_adam(parameters, grads, v, s, t, learning_rate)
        cost_total / m
    return parameters


def numpy_full_batch(X, Y, parameters, num_iterations, learning_rate, step):
    """The initialisation/regularisation notebooks' gradient-descent loop; ``step`` gives (cost, grads)."""
    for _ in range(num_iterations):
        _, grads = step(X, Y, parameters)
        parameters = {k: parameters[k] - learning_rate * grads["d" + k] for k in parameters}
    return parameters


def _init_step(X, Y, parameters):
    a3, cache = naive.forward_propagation(X, parameters)
    return naive.compute_cost(a3, Y), naive.backward_propagation_scaled(X, Y, cache)


def _l2_step(X, Y, parameters, lambd=0.7):
    a3, cache = naive.forward_propagation(X, parameters)
    return (naive.compute_cost_with_regularization(a3, Y, parameters, lambd),
            naive.backward_propagation_with_regularization(X, Y, cache, lambd))


def _dropout_step(X, Y, parameters, keep_prob=0.86):
    a3, cache = naive.forward_propagation_with_dropout(X, parameters, keep_prob)
    return naive.compute_cost(a3, Y), naive.backward_propagation_with_dropout(X, Y, cache, keep_prob)


def _football():
    """The regularisation notebook's shape of data (211 points in 2-D) without its data.mat."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-0.8, 0.8, (2, 211))
    return X, (X[1:] > 0.3 * np.sin(4 * X[:1])).astype(float)


class Course2Suite:
    """Speed-ups of the course-2 models over the course's numpy loops (same run)."""
    timeout = 600

    def setup(self):
        self.moons = load_moons()
        self.circles = load_circles()[:2]
        self.football = _football()
        _quiet(course2_models.optimization_model, *self.moons, [2, 5, 2, 1], "adam", num_epochs=2)
        _quiet(course2_models.initialization_model, *self.circles, num_iterations=2)
        _quiet(course2_models.regularization_model, *self.football, num_iterations=2, lambd=0.7)
        _quiet(course2_models.regularization_model, *self.football, num_iterations=2, keep_prob=0.86)

    def _speedup(self, fast, reference, scale=10):
        return scale * best_time(reference, repeat=3, sample_time=0.0) / best_time(fast, repeat=3, sample_time=0.0)

    def track_moons_adam_speedup(self):
        """5000 epochs (numpy: 500, x10)."""
        return self._speedup(
            lambda: _quiet(course2_models.optimization_model, *self.moons, [2, 5, 2, 1], "adam", num_epochs=5000),
            lambda: numpy_moons_adam(*self.moons, 500))
    track_moons_adam_speedup.unit = "numpy/fastdnn"

    def track_circles_he_speedup(self):
        """15000 iterations (numpy: 1500, x10)."""
        return self._speedup(
            lambda: _quiet(course2_models.initialization_model, *self.circles),
            lambda: numpy_full_batch(*self.circles, naive.initialize_parameters_he([2, 10, 5, 1]), 1500, 0.01,
                                     _init_step))
    track_circles_he_speedup.unit = "numpy/fastdnn"

    def track_football_l2_speedup(self):
        """30000 iterations, lambd 0.7 (numpy: 3000, x10)."""
        return self._speedup(
            lambda: _quiet(course2_models.regularization_model, *self.football, lambd=0.7),
            lambda: numpy_full_batch(*self.football, naive.initialize_parameters_scaled([2, 20, 3, 1]), 3000, 0.3,
                                     _l2_step))
    track_football_l2_speedup.unit = "numpy/fastdnn"

    def track_football_dropout_speedup(self):
        """30000 iterations, keep_prob 0.86 (numpy: 3000, x10)."""
        return self._speedup(
            lambda: _quiet(course2_models.regularization_model, *self.football, keep_prob=0.86),
            lambda: numpy_full_batch(*self.football, naive.initialize_parameters_scaled([2, 20, 3, 1]), 3000, 0.3,
                                     _dropout_step))
    track_football_dropout_speedup.unit = "numpy/fastdnn"


DIMS = [784, 256, 128, 10]


def teacher_data(m=60000, seed=0):
    """X (784, m) float32 and labels (1, m) of a fixed random teacher [784, 256, 10] relu network.

    X is the transpose view of a C-contiguous (m, 784) array: both libraries
    get the examples as rows, made before timing. PyTorch indexes its batches
    from them; ``fastdnn.fit`` gathers its batches from ``X.T`` without a copy
    (given X C-contiguous, it copies windows of its columns into rows each
    epoch instead, which PyTorch's side would not pay: README, "Memory")."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((DIMS[0], m)).astype(np.float32)
    w1, w2 = rng.standard_normal((256, 784)) / 28, rng.standard_normal((10, 256)) / 16
    y = np.argmax(w2 @ np.maximum(w1 @ X, 0), axis=0).reshape(1, m)
    return np.ascontiguousarray(X.T).T, y


def flops_per_epoch(m, batch_size):
    """Forward 2 n_l n_{l-1} per example and layer; backward twice that except dA_0 (never formed)."""
    pairs = list(zip(DIMS[:-1], DIMS[1:]))
    forward = sum(2 * k * n for k, n in pairs)
    backward = 2 * forward - 2 * DIMS[0] * DIMS[1]
    return (forward + backward) * m


def sgemm_gflops(n=1024):
    a = np.ones((n, n), np.float32)
    return 2 * n ** 3 / best_time(lambda: a @ a, repeat=5, sample_time=0.1) / 1e9


def torch_epoch(X, y, batch_size):
    """One epoch of the same network and optimiser in PyTorch; returns seconds."""
    import torch
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                              torch.nn.ReLU(), torch.nn.Linear(128, 10))
    optimizer = torch.optim.Adam(net.parameters(), lr=0.001)
    loss = torch.nn.CrossEntropyLoss()
    inputs, labels = torch.from_numpy(np.ascontiguousarray(X.T)), torch.from_numpy(y[0].astype(np.int64))
    m = inputs.shape[0]

    def run(steps):
        order = torch.randperm(m)
        for k in range(0, min(m, steps * batch_size), batch_size):
            batch = order[k:k + batch_size]
            optimizer.zero_grad()
            loss(net(inputs[batch]), labels[batch]).backward()
            optimizer.step()

    run(20)
    start = time.perf_counter()
    run(math.ceil(m / batch_size))
    return time.perf_counter() - start


def torch_epoch_alone(batch_size):
    """:func:`torch_epoch` in a process of its own: PyTorch's and fastdnn's thread
    pools slow whichever runs second in one process (measured here at batch
    512: PyTorch 0.39 s alone, 0.48 s after fastdnn; fastdnn 0.41 s alone,
    1.06 s after PyTorch)."""
    script = (f"import importlib; bench = importlib.import_module({__name__!r}); "
              f"print(bench.torch_epoch(*bench.teacher_data(), {int(batch_size)}))")
    # asv imports ``benchmarks`` without putting the repository on sys.path
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO)] + [p for p in sys.path if p]))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def fastdnn_epoch(X, y, batch_size):
    fit(X[:, :batch_size * 3], y[:, :batch_size * 3], DIMS, learning_rate=0.001, num_epochs=1,
        mini_batch_size=batch_size, output="softmax", dtype=np.float32)
    start = time.perf_counter()
    fit(X, y, DIMS, learning_rate=0.001, num_epochs=1, mini_batch_size=batch_size, output="softmax",
        dtype=np.float32, record_every=10)
    return time.perf_counter() - start


class MnistSuite:
    """One epoch at MNIST scale, fastdnn against PyTorch CPU in the same run."""
    params = [32, 512]
    param_names = ["batch_size"]
    timeout = 900

    def setup(self, batch_size):
        self.X, self.y = teacher_data()

    def track_torch_over_fastdnn(self, batch_size):
        """PyTorch's epoch time / fastdnn's (targets: >= 3 at batch 32, >= 1.2 at 512)."""
        try:
            import torch  # noqa: F401
        except ImportError:
            raise NotImplementedError("PyTorch is not installed: pip install torch to compare") from None
        return torch_epoch_alone(batch_size) / fastdnn_epoch(self.X, self.y, batch_size)
    track_torch_over_fastdnn.unit = "torch/fastdnn"

    def track_fastdnn_gflops(self, batch_size):
        return flops_per_epoch(self.X.shape[1], batch_size) / fastdnn_epoch(self.X, self.y, batch_size) / 1e9
    track_fastdnn_gflops.unit = "GFLOP/s"

    def track_sgemm_gflops(self, batch_size):
        """This machine's numpy float32 matmul rate (1024^3), the ceiling of the above."""
        return sgemm_gflops()
    track_sgemm_gflops.unit = "GFLOP/s"
