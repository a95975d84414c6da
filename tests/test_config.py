"""JIT configuration: the cache fallback and the parallel threshold."""
import os
import subprocess
import sys

import numba
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
    from fastdnn._core import kernels
    from fastdnn._core.engine import loop, passes
    assert config.FASTMATH is False
    # only the IEEE-safe flags: no nnan/ninf, which would break NaN checks
    for build in kernels.activation_forward + (loop.run_batches, passes.forward_batch):
        assert build.targetoptions["fastmath"] == {"contract"}
    assert kernels.gradient_rows_from_a.targetoptions["fastmath"] == {"contract", "reassoc"}
    for build in kernels.subtract_scaled:
        assert build.targetoptions["fastmath"] == set()


def test_serial_and_parallel_builds_one_function_twice():
    from fastdnn._core import kernels
    serial, parallel = kernels.subtract_scaled
    assert serial.targetoptions["parallel"] is False
    assert parallel.targetoptions["parallel"] is True
    assert serial.py_func.__code__ is parallel.py_func.__code__
    # its own name, hence its own cache entry (numba's cache ignores compile flags)
    assert parallel.py_func.__qualname__ == "_subtract_scaled_parallel"


def test_the_loops_passes_compile_without_reference_counts():
    from fastdnn._core.engine import loop, passes
    for kernel in (passes.forward_batch, passes.backward_batch, passes.output_residual):
        assert kernel.targetoptions["_nrt"] is False
    assert loop.run_batches.targetoptions["_nrt"] is True  # it allocates


def test_launch_runs_the_parallel_build_from_the_threshold():
    from fastdnn._core import kernels
    serial, parallel = kernels.subtract_scaled
    assert serial.targetoptions["parallel"] is False and parallel.targetoptions["parallel"] is True
    for size in (config.PARALLEL_THRESHOLD - 1, config.PARALLEL_THRESHOLD):
        p, g = np.arange(size, dtype=np.float64), np.ones(size)
        out = np.empty(size)
        before = set(parallel.signatures)
        config.launch(kernels.subtract_scaled, size, p, g, 0.5, out)
        np.testing.assert_array_equal(out, p - 0.5 * g)
        signature = tuple(numba.typeof(a) for a in (p, g, 0.5, out))
        # below the threshold nothing compiles in parallel (another test may have compiled it before)
        assert (signature in parallel.signatures) == (size >= config.PARALLEL_THRESHOLD or signature in before)


def test_small_arrays_never_build_the_parallel_kernels():
    """Every API function and the training engine once on small arrays, in a
    fresh process: no parallel build is compiled (their prange lowering is
    half a cold start)."""
    script = (
        "import numpy as np, fastdnn\n"
        "from fastdnn._core import engine, kernels\n"
        "X = np.ones((4, 3)); p = fastdnn.initialize_parameters_deep([4, 3, 1])\n"
        "A, c = fastdnn.sigmoid(X); fastdnn.sigmoid_backward(X, c); fastdnn.relu_backward(X, fastdnn.relu(X)[1])\n"
        "AL, caches = fastdnn.L_model_forward(X, p); grads = fastdnn.L_model_backward(AL, np.ones((1, 3)), caches)\n"
        "fastdnn.update_parameters(p, grads, 0.1)\n"
        "fastdnn.L_layer_model(X, np.ones((1, 3)), [4, 3, 1], num_iterations=2)\n"
        "fastdnn.fit(X, np.ones((1, 3)), [4, 3, 1], learning_rate=0.1, num_epochs=2, mini_batch_size=2, seed=0)\n"
        "v, s = fastdnn.initialize_adam(p); fastdnn.update_parameters_with_momentum(p, grads, v, 0.9, 0.1)\n"
        "fastdnn.update_parameters_with_adam(p, grads, v, s, 1)\n"
        "q = fastdnn.initialize_parameters_he([4, 3, 2, 1]); A3, cache = fastdnn.forward_propagation_with_dropout(X, q)\n"
        "fastdnn.backward_propagation_with_dropout(X, np.ones((1, 3)), cache, 0.5)\n"
        "from fastdnn import optimizers, threelayer\n"
        "pairs = [getattr(kernels, n) for n in ('activation_forward', 'activation_backward',\n"
        "         'bias_activation_forward', 'activation_backward_bias_sum', 'subtract_scaled')]\n"
        "pairs += [optimizers.momentum_step, optimizers.adam_step, threelayer.relu_grad]\n"
        "print(sum(len(s.signatures) > 0 for s, _ in pairs), sum(len(p.signatures) for _, p in pairs))\n"
        "import sys, numba\n"  # and no parallel dispatcher anywhere (a serial kernel calling one compiles it)
        "built = [f'{m.__name__}.{n}' for m in list(sys.modules.values()) if m and m.__name__.startswith('fastdnn')\n"
        "         for n, d in vars(m).items() if isinstance(d, numba.core.registry.CPUDispatcher)\n"
        "         and d.targetoptions.get('parallel') and d.signatures]\n"
        "print(built or 'none')\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["8", "0", "none"]  # threelayer.mask_and_scale is kernels.apply_dropout now (serial only)


def test_fastmath_compiles_in_memory():
    """numba's cache index ignores compile flags: fastmath code must never reach
    the on-disk cache that runs without it would load."""
    script = "from fastdnn import config; from fastdnn._core import kernels; print(config.FASTMATH, config.CACHE, type(kernels.activation_forward[0]._cache).__name__)"
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
