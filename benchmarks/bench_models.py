"""The seeds' other models against the course's numpy code (tests/naive_*.py):
logistic regression on the cat data, the one-hidden-layer tanh network on the
flower, and the softmax functions. ``track_*`` are fastdnn-time / numpy-time
ratios measured in the same process with interleaved samples (lower is better).

The numpy references are kept to seconds: the 2000-iteration numpy logistic
loop is timed on 200 iterations and scaled by 10 (its cost is linear in the
iterations; fastdnn runs the full 2000), the numpy tanh-network loop on 200
iterations per sample.
"""
import contextlib
import io

import numpy as np

import naive_logistic
import naive_shallow
import naive_softmax
from fastdnn import logistic, shallow, softmax

from . import SHARED_DATA, best_time, ratio


def _cat():
    path = SHARED_DATA / "train_catvnoncat.h5"
    if path.exists():
        train_x, train_y, test_x, test_y, _ = logistic.load_dataset(SHARED_DATA)
        return (train_x.reshape(train_x.shape[0], -1).T / 255., train_y,
                test_x.reshape(test_x.shape[0], -1).T / 255., test_y)
    rng = np.random.default_rng(1)
    return (rng.random((12288, 209)), (rng.random((1, 209)) > 0.65).astype(np.int64),
            rng.random((12288, 50)), (rng.random((1, 50)) > 0.65).astype(np.int64))


def _quiet(fn, *args, **kwargs):
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*args, **kwargs)


class LogisticSuite:
    """Week-2 ``model``: 2000 iterations at 0.005 on the cat data."""
    timeout = 300

    def setup(self):
        self.data = _cat()
        _quiet(logistic.model, *self.data, num_iterations=100, learning_rate=0.005)  # warm the JIT

    def time_model(self):
        _quiet(logistic.model, *self.data, num_iterations=2000, learning_rate=0.005)

    def track_model_ratio(self):
        fast = best_time(lambda: _quiet(logistic.model, *self.data, num_iterations=2000, learning_rate=0.005),
                         repeat=3, sample_time=0.0)
        x, y = self.data[0], self.data[1]
        w, b = naive_logistic.initialize_with_zeros(x.shape[0])
        numpy_200 = best_time(lambda: naive_logistic.optimize(w, b, x, y, 200, 0.005), repeat=3, sample_time=0.0)
        return fast / (10 * numpy_200)
    track_model_ratio.unit = "fastdnn/numpy"


class ShallowSuite:
    """Week-3 ``nn_model`` on the flower, n_h = 4, per iteration."""
    timeout = 300

    def setup(self):
        self.X, self.Y = shallow.load_planar_dataset()
        shallow.nn_model(self.X, self.Y, 4, num_iterations=10)  # warm the JIT

    def _numpy_loop(self, iterations=200):
        X, Y = self.X, self.Y
        p = naive_shallow.initialize_parameters(2, 4, 1)
        for _ in range(iterations):
            A2, cache = naive_shallow.forward_propagation(X, p)
            naive_shallow.compute_cost(A2, Y, p)
            grads = naive_shallow.backward_propagation(p, cache, X, Y)
            p = naive_shallow.update_parameters(p, grads, 1.2)

    def time_nn_model_10000(self):
        shallow.nn_model(self.X, self.Y, 4, num_iterations=10000)

    def track_per_iteration_ratio(self):
        fast = best_time(lambda: shallow.nn_model(self.X, self.Y, 4, num_iterations=2000),
                         repeat=5, sample_time=0.0) / 2000
        slow = best_time(self._numpy_loop, repeat=5, sample_time=0.0) / 200
        return fast / slow
    track_per_iteration_ratio.unit = "fastdnn/numpy"


class SoftmaxSuite:
    """Softmax, loss and gradient of (10, 1000) logits against numpy's per-column code."""
    params = [["softmax", "cross_entropy", "cross_entropy_one_hot", "delta_cross_entropy",
               "delta_cross_entropy_one_hot"]]
    param_names = ["function"]

    def setup(self, function):
        rng = np.random.default_rng(0)
        self.Z = rng.standard_normal((10, 1000)) * 3
        self.y = rng.integers(0, 10, (1, 1000))
        self.Y = np.eye(10)[self.y[0]].T
        second = {"softmax": None, "cross_entropy": self.y, "delta_cross_entropy": self.y}.get(function, self.Y)
        if function == "softmax":
            self.fast = lambda: softmax.softmax(self.Z)
            self.slow = lambda: naive_softmax.column_softmax(self.Z)
        else:
            fast_fn, slow_fn = getattr(softmax, function), getattr(naive_softmax, function)
            self.fast = lambda: fast_fn(self.Z, second)
            self.slow = lambda: slow_fn(self.Z, second)
        self.fast()

    def time_fastdnn(self, function):
        self.fast()

    def track_ratio(self, function):
        return ratio(self.fast, self.slow)
    track_ratio.unit = "fastdnn/numpy"
