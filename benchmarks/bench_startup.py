"""Start-up: time to first result in a fresh Python process, i.e. ``import
fastdnn`` plus one call of every public function, measured as the wall time
of ``python -c <that>`` (interpreter start included).

warm
    numba's on-disk cache already holds every kernel (a first run populated
    it): the time a user sees on every run after the first. Target <= 0.5 s.
cold
    ``NUMBA_CACHE_DIR`` is a new empty directory: every kernel is compiled,
    as on the very first run after installing.

Both use their own ``NUMBA_CACHE_DIR`` so that neither depends on, nor
touches, the user's cache: fastdnn caches under it when ``FASTDNN_CACHE_DIR``
is unset (removed here), and older commits, which cached beside the installed
package without it, use it too. ``track_numpy_reference``
is the same script on ``tests/naive.py``, for scale.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

from . import TESTS

#: One call of each public function, float64, small shapes.
FIRST_RESULT = """
import numpy as np
import {module} as dnn
rng = np.random.default_rng(0)
X = rng.standard_normal((5, 4))
Y = (rng.random((1, 4)) > 0.5).astype(float)
p2 = dnn.initialize_parameters(5, 3, 1)
p_app = dnn.initialize_parameters_deep_app([5, 4, 3, 1])
p = dnn.initialize_parameters_deep([5, 4, 3, 1])
A, cache = dnn.sigmoid(X)
dnn.sigmoid_backward(X, cache)
A, cache = dnn.relu(X)
dnn.relu_backward(X, cache)
Z, linear_cache = dnn.linear_forward(X, p["W1"], p["b1"])
dnn.linear_backward(Z, linear_cache)
A, cache = dnn.linear_activation_forward(X, p["W1"], p["b1"], "relu")
dnn.linear_activation_backward(A, cache, "relu")
A, cache = dnn.linear_activation_forward(X, p["W1"], p["b1"], "sigmoid")
dnn.linear_activation_backward(A, cache, "sigmoid")
AL, caches = dnn.L_model_forward(X, p)
cost = dnn.compute_cost(AL, Y)
grads = dnn.L_model_backward(AL, Y, caches)
p = dnn.update_parameters(p, grads, 0.0075)
assert np.isfinite(float(cost))
"""


def first_result_seconds(cache_dir, module="fastdnn"):
    """Wall time of one fresh interpreter running ``FIRST_RESULT``."""
    env = dict(os.environ, NUMBA_CACHE_DIR=str(cache_dir), FASTDNN_CACHE="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")])))
    env.pop("FASTDNN_CACHE_DIR", None)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", FIRST_RESULT.format(module=module)],
                   env=env, check=True, cwd=tempfile.gettempdir(),
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


class TimeToFirstResult:
    """Seconds from process start to the first result of every function."""
    unit = "seconds"
    timeout = 600
    # track_* run once per process; asv's two processes give two samples.
    repeat = 1
    number = 1

    def setup(self):
        self.tmp = tempfile.mkdtemp(prefix="fastdnn-asv-startup-")
        self.warm_dir = os.path.join(self.tmp, "warm")
        first_result_seconds(self.warm_dir)  # populate the warm cache

    def teardown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def track_warm_cache(self):
        """import + first call of everything, kernels loaded from the cache (min of 3)."""
        return min(first_result_seconds(self.warm_dir) for _ in range(3))

    def track_cold_cache(self):
        """import + first call of everything, every kernel compiled."""
        cold = tempfile.mkdtemp(dir=self.tmp, prefix="cold-")
        return first_result_seconds(cold)

    def track_numpy_reference(self):
        """The same script on the plain-numpy ``tests/naive.py`` (min of 3)."""
        return min(first_result_seconds(self.warm_dir, module="naive") for _ in range(3))


def train_seconds(cache_dir, out_dir):
    """Wall time of ``fastdnn train`` (the default run: planar data, 10,000
    iterations) in a fresh interpreter caching under ``cache_dir``."""
    env = dict(os.environ, FASTDNN_CACHE_DIR=str(cache_dir), FASTDNN_CACHE="1")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "fastdnn.cli", "train", "--quiet", "--out", str(out_dir)],
                   env=env, check=True, cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


class TrainFirstRun:
    """Seconds of the default ``fastdnn train``, its first run on an empty
    kernel cache against a run on a warm one (issue 21's target: cold at most
    5 s more than warm on a 2-core machine)."""
    unit = "seconds"
    timeout = 900
    repeat = 1
    number = 1

    def setup(self):
        self.tmp = tempfile.mkdtemp(prefix="fastdnn-asv-train-")
        self.warm_dir = os.path.join(self.tmp, "warm")
        train_seconds(self.warm_dir, os.path.join(self.tmp, "run-0"))  # populate the warm cache

    def teardown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def track_warm_cache(self):
        """The run on a warm cache (min of 3)."""
        return min(train_seconds(self.warm_dir, os.path.join(self.tmp, f"warm-{k}")) for k in range(3))

    def track_cold_minus_warm(self):
        """What a first run adds: one run on an empty cache minus the warm run (min of 3)."""
        cold = train_seconds(tempfile.mkdtemp(dir=self.tmp, prefix="cold-"), os.path.join(self.tmp, "cold"))
        return cold - self.track_warm_cache()
