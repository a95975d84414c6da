"""A run compiles the code it runs: each of the loop's optional features (its
buffer None without it) compiles only in the runs that use it, the callees
only inside their caller, and fit's ``on_compile`` hook says when a run has
to compile first. Each test starts on an empty kernel cache, in a fresh
interpreter (a warm cache would load the loop and compile nothing)."""
import os
import subprocess
import sys

import pytest

SCRIPT = """
import numpy as np, fastdnn
from fastdnn._core import kernels, steps
from fastdnn._core.engine import loop, passes, products
compiled = lambda f: len(f.overloads)
rng = np.random.default_rng(0)
X = rng.standard_normal((3, 40)); Y = (X[:1] > 0) * 1.0
calls = []
def fit(**kw):
    before = len(calls)
    fastdnn.fit(X, Y, [3, 4, 1], learning_rate=0.1, num_epochs=3, seed=0, method="direct",
                on_compile=lambda: calls.append(1), **kw)
    return len(calls) > before
print("gd compiles", fit(optimizer="gd"))
print("gd again compiles", fit(optimizer="gd"))
print("adam", compiled(steps.adam_range), "momentum", compiled(steps.momentum_range),
      "softmax", compiled(products.softmax_residual), "masks", compiled(kernels.draw_dropout_mask),
      "gather", compiled(passes.gather_batch), "gram", compiled(products.gram_first_layer))
from fastdnn import config
callees = [c for f in (products.small_product, passes.forward_batch) for c in f.overloads.values()]
print("loop builds", compiled(loop.run_batches), "callee builds", len(callees) >= 2,
      "with machine code", sum(not isinstance(c.entry_point, config._CalleeKey) for c in callees))
print("adam compiles", fit(optimizer="adam", mini_batch_size=8, keep_prob=0.8))
print("adam", compiled(steps.adam_range), "masks", compiled(kernels.draw_dropout_mask),
      "gather", compiled(passes.gather_batch), "softmax", compiled(products.softmax_residual))
"""


@pytest.mark.slow  # two cold compiles of the loop, about 15 s
def test_a_run_compiles_only_its_features_and_says_so_first(tmp_path):
    env = dict(os.environ, FASTDNN_CACHE_DIR=str(tmp_path))
    env.pop("FASTDNN_CACHE", None)
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "gd compiles True"
    assert lines[1] == "gd again compiles False"
    # plain full-batch gradient descent: no optimiser moments, softmax, dropout, gathers or Gram path
    assert lines[2] == "adam 0 momentum 0 softmax 0 masks 0 gather 0 gram 0"
    # one build of the loop; its callees compiled into it, without machine code of their own
    assert lines[3] == "loop builds 1 callee builds True with machine code 0"
    assert lines[4] == "adam compiles True"
    assert lines[5] == "adam 1 masks 1 gather 1 softmax 0"


def test_a_callee_called_from_python_runs_an_ordinary_build():
    import numpy as np

    from fastdnn._core.engine import products

    w, a = np.arange(6.0).reshape(2, 3), np.arange(12.0).reshape(3, 4)
    out = np.empty((2, 4))
    products.small_product(w, a, out)
    np.testing.assert_array_equal(out, w @ a)
    assert products.small_product._from_python is not None  # compiled with an entry point, beside the callee
