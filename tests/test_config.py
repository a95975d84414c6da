"""JIT configuration: the cache fallback and the parallel threshold."""
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
