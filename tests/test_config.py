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


def test_jit_falls_back_to_no_cache_when_no_location_is_writable(monkeypatch):
    monkeypatch.setattr(caching.CacheImpl, "_locator_classes", [])
    with_cache = numba.njit(cache=True)
    try:
        with_cache(_double)
        raise AssertionError("numba accepted cache=True without a cache location")
    except RuntimeError:
        pass
    if config.CACHE:
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


def test_use_parallel_threshold():
    assert not config.use_parallel(config.PARALLEL_THRESHOLD - 1)
    assert config.use_parallel(config.PARALLEL_THRESHOLD)


def test_fastmath_compiles_in_memory():
    """numba's cache index ignores compile flags: fastmath code must never reach
    the on-disk cache that runs without it would load."""
    script = "from fastdnn import config, kernels; print(config.FASTMATH, config.CACHE, type(kernels.activation_forward._cache).__name__)"
    env = dict(os.environ, FASTDNN_FASTMATH="1")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "False", "NullCache"]
