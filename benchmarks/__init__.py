"""fastdnn's asv benchmark suite (see ``asv.conf.json``).

asv imports this directory as the package ``benchmarks`` (its runner adds the
directory's parent to the import machinery), both under ``asv run`` in a
built virtualenv and under ``asv run --python=same``. The benchmarks always
come from the working tree, so ``<repo>/tests`` is put on ``sys.path`` here:
``from naive import ...`` gets the plain-numpy reference (the course's code)
that every ratio is measured against.

Helpers shared by the suite:

``best_time(fn)``
    timeit-style: the minimum over repeats of the mean time of ``number``
    calls, ``number`` chosen so one sample lasts about ``sample_time``.
``ratio(fast, reference)``
    ``best_time(fast) / best_time(reference)`` with the samples of the two
    interleaved, so machine load hits both alike. Lower is better, as asv
    assumes for every ``track_*``: 0.5 means fastdnn takes half numpy's time.
"""
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
#: The course's cat data, ``../shared/data`` beside the repository.
SHARED_DATA = REPO.parent / "shared" / "data"

if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))


def _calibrate(fn, sample_time):
    """Number of calls that makes one sample last about ``sample_time`` s."""
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= sample_time or number >= 1 << 20:
            return number
        number = max(number * 2, int(number * sample_time / max(elapsed, 1e-9)) + 1)


def _sample(fn, number):
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def best_time(fn, repeat=7, sample_time=0.01):
    """Seconds per call of ``fn()``: min over ``repeat`` samples (timeit style)."""
    number = _calibrate(fn, sample_time)
    return min(_sample(fn, number) for _ in range(repeat))


def ratio(fast, reference, repeat=7, sample_time=0.01):
    """``time(fast) / time(reference)``, each the min over interleaved samples."""
    n_fast = _calibrate(fast, sample_time)
    n_ref = _calibrate(reference, sample_time)
    t_fast = t_ref = float("inf")
    for _ in range(repeat):
        t_fast = min(t_fast, _sample(fast, n_fast))
        t_ref = min(t_ref, _sample(reference, n_ref))
    return t_fast / t_ref
