"""Training engine: whole training runs of ``fastdnn.L_layer_model`` against
the course's numpy loop (``tests/naive.py``), measured in the same process.

Cases (issue 3):

``Cat``    X 12288 x 209 (the course's cat data), [12288, 20, 7, 5, 1], 2500
           iterations; target <= 0.25 s in total, >= 140x the numpy loop.
``Wide``   X 784 x 20000 uniform, [784, 128, 64, 1]; target <= 1.15x the GEMM
           floor (the time of ``np.dot`` on the products of one iteration).
``Small``  X 2 x 400, [2, 4, 1]; target <= 10 us per iteration.
``Spiral`` softmax output, cs231n spiral (300 points, 3 classes), [2, 100, 3].
``Alignment`` X 2 x 320, [2, 16, 8, 1] (the sweep benchmark's larger network):
           the loop's 64-byte aligned buffers against the same buffers placed
           16 bytes past a cache line, where malloc puts them.

``track_*`` values are ratios, lower is better: fastdnn time / numpy time, or
fastdnn time / GEMM floor. The numpy reference runs a bounded number of
iterations and is scaled (its cost per iteration is constant), so that no
benchmark runs the 36 s course loop. JIT compilation happens in ``setup``.

``python -m benchmarks.bench_engine`` (from the repository root) prints every
measurement once.
"""
import contextlib
import io
import time

import numpy as np

import fastdnn
import naive
from fastdnn._core import engine
from fastdnn._core.engine import buffers, driver

from . import SHARED_DATA


def _best(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _quiet(fn):
    """fn with stdout swallowed (the course's loop prints its last cost)."""
    def run():
        with contextlib.redirect_stdout(io.StringIO()):
            return fn()
    return run


def cat_data():
    path = SHARED_DATA / "train_catvnoncat.h5"
    if path.exists():
        train_x_orig, train_y, _, _, _ = fastdnn.load_data(SHARED_DATA)
        return train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.0, train_y
    rng = np.random.default_rng(1)
    return rng.random((12288, 209)), (rng.random((1, 209)) > 0.65).astype(np.int64)


def gemm_floor(X, layers, repeat=3):
    """Seconds per iteration spent in the dgemm calls a training iteration
    needs (forward W_l A_{l-1}; backward dZ_l A_{l-1}^T and W_l^T dZ_l for
    l > 1), each timed as ``np.dot`` into a preallocated output, best of
    ``repeat``."""
    m = X.shape[1]
    rng = np.random.default_rng(0)
    A = [np.ascontiguousarray(X)] + [rng.random((n, m)) for n in layers[1:]]
    total = 0.0
    for l in range(1, len(layers)):
        n, k = layers[l], layers[l - 1]
        W = rng.random((n, k))
        dZ = rng.random((n, m))
        products = [(W, A[l - 1], np.empty((n, m))), (dZ, A[l - 1].T, np.empty((n, k)))]
        if l > 1:
            products.append((W.T, dZ, np.empty((k, m))))
        for a, b, out in products:
            total += _best(lambda: np.dot(a, b, out=out), repeat)
    return total


class Cat:
    """The course's application: 2500 iterations on the cat data, in float64
    and float32 (whose Gram path keeps its bookkeeping in float64)."""
    timeout = 600
    layers = [12288, 20, 7, 5, 1]
    iterations = 2500
    numpy_iterations = 20
    params = [["float64", "float32"]]
    param_names = ["dtype"]

    def setup(self, dtype="float64"):
        self.X, self.Y = cat_data()
        self.dtype = np.dtype(dtype)
        fastdnn.L_layer_model(self.X, self.Y, self.layers, num_iterations=2, dtype=self.dtype)  # compile

    def _fast(self):
        return fastdnn.L_layer_model(self.X, self.Y, self.layers, num_iterations=self.iterations,
                                     dtype=self.dtype)

    def _numpy_total(self):
        """Seconds for the numpy loop's 2500 iterations, from a 20-iteration run."""
        t = _best(_quiet(lambda: naive.L_layer_model(self.X, self.Y, self.layers,
                                                      num_iterations=self.numpy_iterations)), 1)
        return t * self.iterations / self.numpy_iterations

    def time_L_layer_model_2500(self, dtype):
        self._fast()

    def track_seconds_2500(self, dtype):
        return _best(self._fast)
    track_seconds_2500.unit = "seconds"

    def track_ratio_vs_numpy(self, dtype):
        return _best(self._fast) / self._numpy_total()
    track_ratio_vs_numpy.unit = "fastdnn/numpy"


class Wide:
    """X 784 x 20000 uniform, [784, 128, 64, 1]: BLAS-bound; per iteration."""
    timeout = 600
    layers = [784, 128, 64, 1]
    iterations = 4

    def setup(self):
        rng = np.random.default_rng(0)
        self.X = rng.random((784, 20000))
        self.Y = (rng.random((1, 20000)) > 0.5).astype(np.float64)
        fastdnn.L_layer_model(self.X, self.Y, self.layers, num_iterations=1)

    def _per_iteration(self):
        """Seconds per iteration: (run of 1 + iterations) - (run of 1), so that the
        one-time validation and initialisation are not counted."""
        run = lambda n: _best(lambda: fastdnn.L_layer_model(self.X, self.Y, self.layers,  # noqa: E731
                                                             num_iterations=n))
        return (run(1 + self.iterations) - run(1)) / self.iterations

    def time_iteration(self):
        fastdnn.L_layer_model(self.X, self.Y, self.layers, num_iterations=1)

    def track_ratio_to_gemm_floor(self):
        fast = self._per_iteration()
        floor = gemm_floor(self.X, self.layers)
        return fast / floor
    track_ratio_to_gemm_floor.unit = "fastdnn/GEMM floor"

    def track_ratio_vs_numpy(self):
        fast = self._per_iteration()
        ref = _best(_quiet(lambda: naive.L_layer_model(self.X, self.Y, self.layers, num_iterations=2)), 1) / 2
        return fast / ref
    track_ratio_vs_numpy.unit = "fastdnn/numpy"


class Small:
    """X 2 x 400, [2, 4, 1]: per-iteration overhead."""
    layers = [2, 4, 1]
    iterations = 10000

    def setup(self):
        rng = np.random.RandomState(0)
        self.X = rng.randn(2, 400)
        self.Y = (self.X[0:1] * self.X[1:2] > 0).astype(np.float64)
        fastdnn.L_layer_model(self.X, self.Y, self.layers, 0.5, 2)

    def _per_iteration(self):
        return _best(lambda: fastdnn.L_layer_model(self.X, self.Y, self.layers, 0.5,
                                                   self.iterations), 5) / self.iterations

    def time_10000_iterations(self):
        fastdnn.L_layer_model(self.X, self.Y, self.layers, 0.5, self.iterations)

    def track_us_per_iteration(self):
        return self._per_iteration() * 1e6
    track_us_per_iteration.unit = "microseconds"

    def track_ratio_vs_numpy(self):
        ref = _best(_quiet(lambda: naive.L_layer_model(self.X, self.Y, self.layers, 0.5, 300)), 3) / 300
        return self._per_iteration() / ref
    track_ratio_vs_numpy.unit = "fastdnn/numpy"


class Spiral:
    """Softmax output on the cs231n spiral, [2, 100, 3], 2000 iterations."""
    layers = [2, 100, 3]
    iterations = 2000

    def setup(self):
        self.X, self.y = fastdnn.make_spiral(100, 3, seed=0)
        fastdnn.L_layer_model(self.X, self.y, self.layers, 1.0, 2, output="softmax")

    def _fast(self):
        return fastdnn.L_layer_model(self.X, self.y, self.layers, 1.0, self.iterations, output="softmax")

    def time_softmax_2000(self):
        self._fast()

    def track_ratio_vs_numpy(self):
        ref = _best(lambda: naive.L_layer_model_softmax(self.X, self.y, self.layers, 1.0, 200), 3) / 200
        return _best(self._fast) / (ref * self.iterations)
    track_ratio_vs_numpy.unit = "fastdnn/numpy"


_ALIGNED_EMPTY = engine.aligned_empty  # kept: _buffers_past_a_line replaces the module's


def _past_a_line(shape, dtype, offset=16):
    """An uninitialised array ``offset`` bytes past a cache line, where malloc puts arrays."""
    dtype = np.dtype(dtype)
    nbytes = int(np.prod(shape)) * dtype.itemsize
    return _ALIGNED_EMPTY(nbytes + offset, np.uint8)[offset:].view(dtype).reshape(shape)


@contextlib.contextmanager
def _buffers_past_a_line():
    # the modules that allocate the loop's buffers, each holding its own name for it
    allocators = (buffers, driver)
    for module in allocators:
        module.aligned_empty = _past_a_line
    try:
        yield
    finally:
        for module in allocators:
            module.aligned_empty = _ALIGNED_EMPTY


class Alignment:
    """[2, 16, 8, 1] on 320 examples, 2000 iterations: aligned buffers against misaligned ones."""
    layers = [2, 16, 8, 1]
    iterations = 2000

    def setup(self):
        rng = np.random.RandomState(0)
        x = rng.randn(2, 320)
        self.X = _past_a_line(x.shape, x.dtype)  # so that the loop copies X in both cases
        self.X[...] = x
        self.Y = (x[0:1] * x[1:2] > 0).astype(np.float64)
        fastdnn.L_layer_model(self.X, self.Y, self.layers, 0.5, 2)

    def _run(self):
        return _best(lambda: fastdnn.L_layer_model(self.X, self.Y, self.layers, 0.5, self.iterations), 5)

    def time_aligned(self):
        fastdnn.L_layer_model(self.X, self.Y, self.layers, 0.5, self.iterations)

    def track_aligned_over_misaligned(self):
        with _buffers_past_a_line():
            misaligned = self._run()
        return self._run() / misaligned
    track_aligned_over_misaligned.unit = "aligned/misaligned"


def main():
    """Print every measurement of this file once."""
    cat = Cat()
    for dtype in Cat.params[0]:
        cat.setup(dtype)
        fast = _best(cat._fast)
        numpy_total = cat._numpy_total()
        print(f"cat 2500 it {dtype}: fastdnn {fast:.3f} s, numpy (scaled from {cat.numpy_iterations} it) "
              f"{numpy_total:.1f} s, ratio {fast / numpy_total:.5f} ({numpy_total / fast:.0f}x)")
    wide = Wide()
    wide.setup()
    per_it = wide._per_iteration()
    floor = gemm_floor(wide.X, wide.layers)
    ref = _best(_quiet(lambda: naive.L_layer_model(wide.X, wide.Y, wide.layers, num_iterations=2)), 1) / 2
    print(f"wide: fastdnn {per_it * 1e3:.1f} ms/it, GEMM floor {floor * 1e3:.1f} ms/it, "
          f"ratio to floor {per_it / floor:.3f}; numpy {ref * 1e3:.0f} ms/it ({ref / per_it:.1f}x)")
    small = Small()
    small.setup()
    print(f"small: fastdnn {small.track_us_per_iteration():.2f} us/it, "
          f"ratio vs numpy {small.track_ratio_vs_numpy():.4f}")
    spiral = Spiral()
    spiral.setup()
    print(f"spiral softmax: fastdnn {_best(spiral._fast):.3f} s for {spiral.iterations} it, "
          f"ratio vs numpy {spiral.track_ratio_vs_numpy():.4f}")
    alignment = Alignment()
    alignment.setup()
    print(f"[2, 16, 8, 1] on 320 examples: aligned buffers / buffers 16 bytes past a line "
          f"{alignment.track_aligned_over_misaligned():.3f}")


if __name__ == "__main__":
    main()
