"""Fork and thread safety of the parallel kernels (numba's threading layer).

Each test runs in a fresh interpreter: the threading layer is chosen once per
process, when its first parallel kernel runs, and a killed or hung child must
not take the test run with it. Arrays have 2e5 elements, above the parallel
threshold, which the environment pins to its default.
"""
import os
import platform
import subprocess
import sys

import pytest

SETUP = """
import numpy as np, numba, fastdnn
rng = np.random.default_rng(0)
Z, dA = rng.standard_normal((200, 1000)), rng.standard_normal((200, 1000))
def kernels():
    return fastdnn.sigmoid(Z)[0], fastdnn.relu_backward(dA, Z)
reference = kernels()
def correct():
    return all(np.array_equal(a, b) for a, b in zip(kernels(), reference))
assert numba.threading_layer()  # raises unless a parallel kernel ran
"""


def run(script, **env):
    """stdout of ``script`` after SETUP in a fresh interpreter, numba left to
    fastdnn's choice of threading layer unless ``env`` says otherwise."""
    environ = {k: v for k, v in os.environ.items()
               if k not in ("NUMBA_THREADING_LAYER", "NUMBA_THREADING_LAYER_PRIORITY")}
    environ.update(FASTDNN_PARALLEL_THRESHOLD="32768", **env)
    done = subprocess.run([sys.executable, "-c", SETUP + script], env=environ,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="no tbb wheel for this machine")
def test_parallel_kernels_run_on_tbb():
    assert run("print(numba.threading_layer())") == "tbb"


def test_a_user_threading_layer_wins():
    assert run("print(numba.threading_layer())", NUMBA_THREADING_LAYER="workqueue") == "workqueue"


def test_a_forked_child_runs_parallel_kernels():
    script = """
import os
pid = os.fork()
if pid == 0:
    os._exit(0 if correct() else 3)
print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
"""
    assert run(script) == "0"  # GNU OpenMP: -15, the child terminated


def test_a_fork_pool_maps_parallel_kernels():
    script = """
import multiprocessing
def task(_):
    return correct()
with multiprocessing.get_context("fork").Pool(2) as pool:
    print(pool.map_async(task, range(4)).get(timeout=30))
"""
    assert run(script) == "[True, True, True, True]"  # GNU OpenMP: TimeoutError, the workers die


def test_threads_run_parallel_kernels_concurrently():
    script = """
import threading
results = []
def work():
    results.extend(correct() for _ in range(20))
threads = [threading.Thread(target=work) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(len(results), all(results))
"""
    assert run(script) == "80 True"  # workqueue: the process aborts
