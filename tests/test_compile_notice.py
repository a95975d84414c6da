"""A first `fastdnn train` says that it compiles before its progress bar, and a
second one (the kernels cached) says nothing of it."""
import os

import pytest
from clirun import fastdnn


@pytest.mark.slow  # a cold compile of the training loop, about 7 s
def test_the_first_run_announces_the_compile_and_the_second_does_not(tmp_path):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("FASTDNN_CACHE_DIR", None)
    env.pop("NUMBA_CACHE_DIR", None)
    first = fastdnn("train", "--iterations", "10", "--out", "first", cwd=tmp_path, env=env, timeout=600)
    assert first.returncode == 0, first.stderr
    assert "compiling fastdnn's kernels (first run only" in first.stderr
    second = fastdnn("train", "--iterations", "10", "--out", "second", cwd=tmp_path, env=env)
    assert second.returncode == 0, second.stderr
    assert "compiling fastdnn's kernels" not in second.stderr
