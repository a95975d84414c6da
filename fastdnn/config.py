"""Every JIT flag fastdnn uses, in one place.

Environment variables (read once, at import):

``FASTDNN_FASTMATH``
    ``1`` compiles kernels with ``fastmath=True``. Off by default: fastmath lets
    LLVM assume there is no NaN, which breaks NaN propagation and NaN checks.
    Without it kernels still get the two IEEE-safe LLVM flags below.
``FASTDNN_CACHE``
    ``0`` disables numba's on-disk cache (default on; always off with
    ``FASTDNN_FASTMATH=1``).
``FASTDNN_PARALLEL_THRESHOLD``
    Element count from which kernels, and the training loop (by its largest
    layer, n_l * m), use their parallel build; below it they run serially
    because waking the thread pool costs more than it saves.
"""
import os

# Numba's OpenMP threads spin ~300k iterations after each parallel loop; with
# 2 cores that steals a core from the BLAS product that follows (measured: the
# course's learner loop went from 10 to 21 ms per iteration). A short spin keeps
# the wake-up cheap and hands the core back. libgomp reads this when numba first
# loads it, so it must be set before the first parallel kernel; a user's own
# setting wins. OMP_WAIT_POLICY=passive was worse: ~90 us per parallel launch.
os.environ.setdefault("GOMP_SPINCOUNT", "1000")

import types  # noqa: E402

import numba  # noqa: E402

FASTMATH = os.environ.get("FASTDNN_FASTMATH", "0") == "1"
# Each kernel compiles with one of these LLVM fast-math flag sets; all keep
# IEEE NaN and inf semantics. EXACT: each operation rounds as numpy's does, so
# the same expression gives the same bits. CONTRACT (the default) lets LLVM fuse
# a * b + c into one FMA, one rounding instead of two: the polynomials of exp
# and tanh run ~15% faster.
EXACT = frozenset()
CONTRACT = frozenset({"contract"})
# "reassoc" lets LLVM reorder a sum, which is what vectorises a loop-carried
# ``s += ...`` (otherwise one add per 4 cycles). Only for sums that need not
# match numpy's order bit for bit, and never on functions holding the
# round-to-integer trick of exp and tanh, which reordering may fold away.
REASSOCIATE = frozenset({"contract", "reassoc"})
# numba's cache keys on the signature and bytecode, not on the compile flags:
# fastmath code cached once would be loaded by later runs without it.
CACHE = os.environ.get("FASTDNN_CACHE", "1") != "0" and not FASTMATH


def _threshold(text):
    """The element count in FASTDNN_PARALLEL_THRESHOLD ("32768" or "1e5")."""
    try:
        value = float(text)
        if value.is_integer():
            return int(value)
    except ValueError:
        pass
    raise ValueError(f"FASTDNN_PARALLEL_THRESHOLD must be a whole number of elements, got {text!r}")


# Measured on 2 cores (benchmarks/bench_kernels.py, ThresholdSuite): below ~3e4
# elements the thread-pool wake-up costs more than the second core gives back.
PARALLEL_THRESHOLD = _threshold(os.environ.get("FASTDNN_PARALLEL_THRESHOLD", "32768"))


def jit(parallel=False, inline="never", flags=CONTRACT):
    """``numba.njit`` with the project's flags.

    ``inline="always"`` inlines a scalar helper at numba IR level, which lets
    LLVM vectorise the loops that call it. ``flags`` is :data:`EXACT`,
    :data:`CONTRACT` or :data:`REASSOCIATE`; a helper keeps its flags when LLVM
    (not numba) inlines it into a caller compiled with others.

    ``error_model="numpy"`` makes ``x / 0`` give inf/NaN as numpy does instead of
    raising ``ZeroDivisionError`` inside a kernel. Falls back to ``cache=False``
    when numba finds no writable cache location, so that importing fastdnn never
    fails on a read-only install.
    """
    fastmath = True if FASTMATH else set(flags)  # numba takes a set, not a frozenset
    options = dict(fastmath=fastmath, parallel=parallel, error_model="numpy", nogil=True, inline=inline)

    def decorate(function):
        if CACHE:
            try:
                return numba.njit(cache=True, **options)(function)
            except RuntimeError as error:
                if "no locator available" not in str(error):
                    raise
        return numba.njit(cache=False, **options)(function)

    return decorate


def serial_and_parallel(function, flags=CONTRACT):
    """The two builds of a kernel, ``(serial, parallel)``: in the second its
    ``prange`` loops run on numba's threads, in the first they are plain loops.

    numba compiles each build on its first call, so the parallel one (lowering
    a ``prange`` loop costs ~1 s) is only compiled once an array reaches
    :data:`PARALLEL_THRESHOLD`. The parallel build compiles a copy of the
    function under its own name: numba's cache keys on name, signature and
    bytecode, not on compile flags, so the builds need separate cache entries.
    Parallelism lives in the function's own ``prange`` loops only; what it
    calls is compiled once, serially.
    """
    twin = types.FunctionType(function.__code__, function.__globals__, function.__name__ + "_parallel",
                              function.__defaults__, function.__closure__)
    twin.__qualname__ = function.__qualname__ + "_parallel"
    twin.__doc__ = function.__doc__
    return jit(flags=flags)(function), jit(parallel=True, flags=flags)(twin)


def launch(builds, size, *args):
    """Run ``(serial, parallel)`` builds on arrays of ``size`` elements: the
    serial build below :data:`PARALLEL_THRESHOLD`, the parallel one from it."""
    serial, parallel = builds
    return parallel(*args) if size >= PARALLEL_THRESHOLD else serial(*args)
