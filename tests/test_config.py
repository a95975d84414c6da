"""JIT configuration: the cache fallback and the parallel threshold."""
import os
import subprocess
import sys

import numpy as np
from numba.core import caching

from fastdnn import config


def _double(x):
    return 2 * x


def test_jit_falls_back_to_no_cache_when_no_location_is_writable(monkeypatch, tmp_path):
    (tmp_path / "file").write_text("")
    monkeypatch.setattr(config, "CACHE_DIR", str(tmp_path / "file" / "cache"))  # cannot be created
    monkeypatch.setattr(config, "CACHE", True)  # the fallback path, whatever FASTDNN_CACHE says
    dispatcher = config.jit()(_double)
    assert dispatcher(np.float64(2.0)) == 4.0
    assert isinstance(dispatcher._cache, caching.NullCache)


def test_fastmath_is_off_by_default_and_kernels_follow_config():
    from fastdnn import kernels, shallow
    assert config.FASTMATH is False
    # only the IEEE-safe flags: no nnan/ninf, which would break NaN checks
    assert kernels.activation_forward.targetoptions["fastmath"] == {"contract"}
    assert shallow._train.targetoptions["fastmath"] == {"contract"}
    assert shallow._gradients.targetoptions["fastmath"] == {"contract", "reassoc"}
    assert kernels.subtract_scaled.targetoptions["fastmath"] == set()


def test_the_parallel_training_loop_calls_the_parallel_kernels():
    from fastdnn import engine
    twin = config.parallel_build(engine.run)
    assert twin.targetoptions["parallel"] is False  # the loop itself has no prange
    namespace = twin.py_func.__globals__
    assert namespace["bias_act"] is config.parallel_build(engine.bias_act)
    assert namespace["bias_act"].targetoptions["parallel"] is True
    assert namespace["small_product"] is engine.small_product
    assert twin.py_func.__qualname__ == "run_parallel"


def test_launch_runs_the_parallel_build_from_the_threshold():
    from fastdnn import kernels
    kernel = kernels.subtract_scaled
    twin = config.parallel_build(kernel)
    assert kernel.targetoptions["parallel"] is False and twin.targetoptions["parallel"] is True
    assert twin.targetoptions["fastmath"] == kernel.targetoptions["fastmath"] == set()
    for size in (config.PARALLEL_THRESHOLD - 1, config.PARALLEL_THRESHOLD):
        p, g = np.arange(size, dtype=np.float64), np.ones(size)
        out = np.empty(size)
        before = len(twin.signatures)
        config.launch(kernel, size, p, g, 0.5, out)
        np.testing.assert_array_equal(out, p - 0.5 * g)
        assert len(twin.signatures) == (before if size < config.PARALLEL_THRESHOLD else 1)


def test_small_arrays_never_build_the_parallel_kernels():
    """Every API function and the training engine once on small arrays, in a
    fresh process: no parallel build is made (their prange lowering is half a
    cold start)."""
    script = (
        "import numpy as np, fastdnn\n"
        "from fastdnn import config\n"
        "X = np.ones((4, 3)); p = fastdnn.initialize_parameters_deep([4, 3, 1])\n"
        "A, c = fastdnn.sigmoid(X); fastdnn.sigmoid_backward(X, c); fastdnn.relu_backward(X, fastdnn.relu(X)[1])\n"
        "AL, caches = fastdnn.L_model_forward(X, p); grads = fastdnn.L_model_backward(AL, np.ones((1, 3)), caches)\n"
        "fastdnn.update_parameters(p, grads, 0.1)\n"
        "fastdnn.L_layer_model(X, np.ones((1, 3)), [4, 3, 1], num_iterations=2)\n"
        "print(len(config._SOURCES), len(config._PARALLEL_BUILDS))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["10", "0"]


def test_fastmath_compiles_in_memory():
    """numba's cache index ignores compile flags: fastmath code must never reach
    the on-disk cache that runs without it would load."""
    script = "from fastdnn import config, kernels; print(config.FASTMATH, config.CACHE, type(kernels.activation_forward._cache).__name__)"
    env = dict(os.environ, FASTDNN_FASTMATH="1")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "False", "NullCache"]


def test_threshold_variable_accepts_whole_numbers_only():
    assert config._threshold("32768") == 32768 and config._threshold("1e5") == 100_000
    for bad in ("abc", "1.5", "inf", ""):
        try:
            config._threshold(bad)
            raise AssertionError(f"accepted {bad!r}")
        except ValueError as error:
            assert "FASTDNN_PARALLEL_THRESHOLD" in str(error)
