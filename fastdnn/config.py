"""Every JIT flag fastdnn uses, in one place.

Environment variables (read once, at import):

``FASTDNN_FASTMATH``
    ``1`` compiles kernels with ``fastmath=True``. Off by default: fastmath lets
    LLVM assume there is no NaN, which breaks NaN propagation and NaN checks.
    Without it kernels still get the two IEEE-safe LLVM flags below.
``FASTDNN_CACHE``
    ``0`` disables the on-disk JIT cache (default on; always off with
    ``FASTDNN_FASTMATH=1``).
``FASTDNN_CACHE_DIR``
    Root of the on-disk JIT cache (default ``$XDG_CACHE_HOME/fastdnn``, else
    ``~/.cache/fastdnn``; ``$NUMBA_CACHE_DIR/fastdnn`` when only that is set).
    Each fastdnn and numba version pair gets its own subdirectory of it:
    :data:`CACHE_DIR`.
``FASTDNN_PARALLEL_THRESHOLD``
    Element count from which the element-wise kernels use their parallel
    build; below it they run serially because waking the thread pool costs
    more than it saves. (The training loop is serial; BLAS threads its products.)
"""
import collections
import ctypes
import os
import sys
from importlib import metadata

# Threading layer. numba picks the first of tbb, omp, workqueue that loads
# (NUMBA_THREADING_LAYER, NUMBA_THREADING_LAYER_PRIORITY or numba.config say
# otherwise, and then they win) when the first parallel kernel runs. Only TBB
# is both fork-safe and thread-safe: after a parallel kernel under GNU OpenMP
# a fork()ed child is killed and a fork Pool hangs; workqueue aborts the
# process when two Python threads run parallel kernels at once, and is slower
# (sigmoid on 1e5 elements: 0.31-0.41 ms, TBB and OpenMP 0.22-0.25 ms). The
# ``tbb`` wheel (a dependency where it exists) puts libtbb in the
# environment's lib/, which the dynamic loader does not search, so numba finds
# TBB only once that file is loaded by path. Without tbb numba falls back to
# OpenMP: thread-safe and as fast, but not fork-safe.
_LIBTBB = {"linux": "libtbb.so.12", "darwin": "libtbb.12.dylib", "win32": "tbb12.dll"}


def _load_tbb():
    """Load the ``tbb`` package's libtbb, if it is installed, so that numba's
    TBB threading layer can link against it."""
    try:
        files = metadata.distribution("tbb").files or []
    except metadata.PackageNotFoundError:
        return
    for file in files:
        if file.name == _LIBTBB.get(sys.platform):
            try:
                ctypes.CDLL(str(file.locate()), mode=ctypes.RTLD_GLOBAL)
            except OSError:
                pass  # unloadable (e.g. a missing dependency): numba falls back as without tbb
            return


_load_tbb()

# When numba falls back to OpenMP: its threads spin ~300k iterations after each
# parallel loop; with 2 cores that steals a core from the BLAS product that
# follows (measured: the course's step loop on the cat data, L_model_forward,
# L_model_backward and update_parameters, went from 5.6 to 13 ms). A short spin
# keeps the wake-up cheap and hands the core back. libgomp reads this when
# numba first loads it, so it must be set before the first parallel kernel; a
# user's own setting wins. OMP_WAIT_POLICY=passive was worse: ~90 us per
# parallel launch. TBB's workers do not slow that product (5.6 ms).
os.environ.setdefault("GOMP_SPINCOUNT", "1000")

import types  # noqa: E402

import numba  # noqa: E402
from numba.core import caching, codegen, compiler, dispatcher, registry  # noqa: E402
from numba.core import types as nbtypes  # noqa: E402

from ._version import __version__  # noqa: E402

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


def _cache_root():
    if os.environ.get("FASTDNN_CACHE_DIR"):
        return os.environ["FASTDNN_CACHE_DIR"]
    if numba.config.CACHE_DIR:  # the user's NUMBA_CACHE_DIR
        return os.path.join(numba.config.CACHE_DIR, "fastdnn")
    user_cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(user_cache, "fastdnn")


#: Where kernels are cached: per user, never beside the installed sources
#: (numba's default), where a leftover ``__pycache__`` outlives ``pip
#: uninstall`` and, as a namespace package, shadows a later editable install.
#: numba checks each entry against the hash of the file its function is defined
#: in, not of the files it calls; one directory per fastdnn and numba version
#: keeps a release from loading code compiled from another release's callees.
CACHE_DIR = os.path.join(_cache_root(), f"fastdnn-{__version__}-numba-{numba.__version__}")


class _CacheLocator(caching._SourceFileBackedLocatorMixin, caching._CacheLocator):
    """:data:`CACHE_DIR`, then one subdirectory per source directory (named
    after it and its path's hash, as numba names them), so that an installed
    copy and a source tree never share entries. Entries stay keyed on the
    source file's content, so editing a file invalidates its kernels."""

    def __init__(self, py_func, py_file):
        self._py_file = py_file
        self._lineno = py_func.__code__.co_firstlineno
        self._cache_path = os.path.join(CACHE_DIR, self.get_suitable_cache_subpath(py_file))

    def get_cache_path(self):
        return self._cache_path


class _CacheImpl(caching.CompileResultCacheImpl):
    # only fastdnn's kernels use this list: numba's own, which the user's
    # functions go through, stays as it is (NUMBA_CACHE_LOCATOR_CLASSES still
    # overrides both)
    _locator_classes = [_CacheLocator]


class _FunctionCache(caching.FunctionCache):
    _impl_class = _CacheImpl


def cached(dispatcher, args):
    """Whether calling ``dispatcher`` with ``args`` runs without compiling: a
    build for their types is loaded, or numba's on-disk cache holds one
    compiled from the function's current source, on this CPU, by this numba
    (without a cache, only a loaded build counts). Reads the cache's index
    alone (no code is loaded)."""
    signature = tuple(numba.typeof(arg) for arg in args)
    if signature in dispatcher.overloads:
        return True
    cache = dispatcher._cache
    if not isinstance(cache, caching.FunctionCache):  # NullCache: off, unwritable, or fastmath
        return False
    try:  # numba's private cache API: should it change, the answer is "compiles"
        index = cache._cache_file._load_index()  # empty when the source or numba changed
        _, machine, source = cache._index_key((), dispatcher.targetctx.codegen())
    except Exception:
        return False
    return any(key == (signature, machine, source) for key in index)


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


class _Dispatcher(registry.CPUDispatcher):
    """numba's dispatcher, compiling for the plain types of what a compiled
    caller passes: a constant argument (``f(x, 0)``) is typed
    ``Literal[int](0)``, and numba compiled a separate specialisation for each
    such constant beside the int64 one, the same code (the callers' constants
    still fold in once LLVM inlines the callee). One compile instead of two
    for bias_activation_rows, draw_dropout_mask, copy_logits."""

    def get_call_template(self, args, kws):
        return super().get_call_template([nbtypes.unliteral(a) for a in args],
                                         {k: nbtypes.unliteral(v) for k, v in kws.items()})


class _LinkOnlyLibrary(codegen.JITCodeLibrary):
    """A callee's code, only ever linked into its callers' code, which LLVM
    then optimises and turns into machine code as a whole. numba finalises
    every library on its own first: it optimises the callee's module (its own
    callees linked in) at -O3 and emits its machine code, and does so again for
    every caller it is linked into, level by level; the training loop's
    callees spent ~6 s of a cold ``fastdnn train`` in that work nobody runs."""

    def finalize(self):
        self._raise_if_finalized()
        seen = set()
        for library in self._linking_libraries:
            if library not in seen:
                seen.add(library)
                self._reload_init.update(library._reload_init)
                self._final_module.link_in(library._get_module_for_linking(), preserve=True)
        self._finalized = True


class _CalleeCompiler(dispatcher._FunctionCompiler):
    """Compiles without a Python entry point, into a :class:`_LinkOnlyLibrary`."""

    def _customize_flags(self, flags):
        flags.no_compile = flags.no_cpython_wrapper = flags.no_cfunc_wrapper = True
        return flags

    def _compile_core(self, args, return_type):
        flags = compiler.Flags()
        self.targetdescr.options.parse_as_flags(flags, self.targetoptions)
        flags = self._customize_flags(flags)
        context = self.targetdescr.target_context
        library = _LinkOnlyLibrary(context.codegen(), self.py_func.__qualname__)
        return compiler.compile_extra(self.targetdescr.typing_context, context, self.py_func, args=args,
                                      return_type=return_type, flags=flags, locals=self.locals,
                                      library=library, pipeline_class=self.pipeline_class)


class _CalleeDispatcher(_Dispatcher):
    """A kernel compiled code calls (``jit(callee=True)``): compiled for its
    callers as :class:`_CalleeCompiler` does and registered for them under a
    key of its own, never cached on its own (its callers' cache entries hold
    its code). A call from Python (tests, against the naive twin) runs an
    ordinary build of the same function, compiled and cached on first use."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._compiler = _CalleeCompiler(self.py_func, self.targetdescr, self.targetoptions, self.locals,
                                         self._compiler.pipeline_class)
        self._from_python = None

    def add_overload(self, cres):
        key = _CalleeKey(self, cres.signature)
        self.targetctx.insert_user_function(key, cres.fndesc, [cres.library])
        self.overloads[tuple(cres.signature.args)] = cres._replace(entry_point=key)

    def _compile_for_args(self, *args, **kwargs):
        # numba's C dispatcher calls what this returns with the call's arguments
        if self._from_python is None:
            self._from_python = _cached(_Dispatcher(py_func=self.py_func, locals={},
                                                    targetoptions=self.targetoptions))
        return self._from_python


class _CalleeKey(collections.namedtuple("_CalleeKey", "dispatcher signature")):
    """What a compiled caller looks a callee's implementation up by."""


def _cached(dispatcher):
    """``dispatcher`` with fastdnn's on-disk cache, as ``njit(cache=True)`` would
    have it (Dispatcher.enable_caching) in :data:`CACHE_DIR`; numba has no option
    for a cache location of one library's functions only. Without a writable
    directory the kernel compiles in memory, so that importing fastdnn never
    fails on a read-only home."""
    if CACHE:
        try:
            dispatcher._cache = _FunctionCache(dispatcher.py_func)
        except RuntimeError as error:
            if "no locator available" not in str(error):
                raise
    return dispatcher


def jit(parallel=False, inline="never", flags=CONTRACT, refcounts=True, callee=False):
    """``numba.njit`` with the project's flags.

    ``inline="always"`` inlines a scalar helper at numba IR level, which lets
    LLVM vectorise the loops that call it. ``flags`` is :data:`EXACT`,
    :data:`CONTRACT` or :data:`REASSOCIATE`; a helper keeps its flags when LLVM
    (not numba) inlines it into a caller compiled with others.

    ``error_model="numpy"`` makes ``x / 0`` give inf/NaN as numpy does instead of
    raising ``ZeroDivisionError`` inside a kernel. The on-disk cache is in
    :data:`CACHE_DIR` (:func:`_cached`).

    ``callee=True`` is for a function compiled code calls: it is compiled
    only as part of its callers' code (:class:`_CalleeDispatcher`), which
    took a third off a first ``fastdnn train``.

    ``refcounts=False`` compiles without numba's reference counting (its
    ``_nrt`` option): the function cannot allocate, and the views it makes
    cost nothing. numba counts a reference to every view it copies, each
    count a call (NRT_incref and NRT_decref are never inlined), null
    reference included: the training loop's passes make their views so.
    """
    fastmath = True if FASTMATH else set(flags)  # numba takes a set, not a frozenset
    options = dict(fastmath=fastmath, parallel=parallel, error_model="numpy", nogil=True, inline=inline,
                   _nrt=refcounts)

    def decorate(function):
        if inline == "always":  # inlined into each caller's code by numba, never compiled on its own
            return _cached(numba.njit(cache=False, **options)(function))
        if callee:
            return _CalleeDispatcher(py_func=function, locals={}, targetoptions=dict(options, nopython=True))
        return _cached(_Dispatcher(py_func=function, locals={}, targetoptions=dict(options, nopython=True)))

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
    return jit(flags=flags)(function), parallel_build(function, flags)


def parallel_build(function, flags=CONTRACT):
    """The parallel build of :func:`serial_and_parallel` alone (for a kernel
    whose serial build is another function)."""
    twin = types.FunctionType(function.__code__, function.__globals__, function.__name__ + "_parallel",
                              function.__defaults__, function.__closure__)
    twin.__qualname__ = function.__qualname__ + "_parallel"
    twin.__doc__ = function.__doc__
    return jit(parallel=True, flags=flags)(twin)


def launch(builds, size, *args):
    """Run ``(serial, parallel)`` builds on arrays of ``size`` elements: the
    serial build below :data:`PARALLEL_THRESHOLD`, the parallel one from it."""
    serial, parallel = builds
    return parallel(*args) if size >= PARALLEL_THRESHOLD else serial(*args)


# ------------------------------------------------------------ the training engine's tunables

#: Inner dimension up to which a product runs as :func:`small_product`, a few
#: fused multiply-adds per output, instead of a BLAS call, whose fixed cost
#: dominates there (measured: W1 X for 100 x 2 x 300 takes 14 us through BLAS).
SMALL_INNER = 8
#: Products of at most this many multiply-adds run as :func:`small_product`
#: whatever their inner dimension: BLAS's fixed cost of about 1.5 us dominates
#: there (measured: 5 x 10 x 300 takes 0.64 us that way, 1.5 us through BLAS;
#: 20 x 16 x 300 is even).
SMALL_PRODUCT = 65536
#: dW_l (n_l x n_{l-1}) with a side of at most SMALL_INNER and at most this
#: many entries is formed by :func:`small_gradient` (measured, m = 400: 50 x 2
#: takes 2.8 us that way, 7.7 us through BLAS; 20 x 20 is even).
SMALL_GRADIENT = 1024

#: Largest Gram matrix ``X^T X`` (float64) the automatic choice accepts, in bytes.
GRAM_MAX_BYTES = 512 * 2**20
#: The Gram path is chosen when its estimated cost is at most this fraction of
#: the direct path's (a margin for the estimate's error).
GRAM_ADVANTAGE = 0.8
#: Flops a product does per byte it reads when bound by neither (measured
#: here: dgemm 118 GFLOP/s; a one-unit layer's W1 X over the cat data's X,
#: 59 GB/s): a first layer of few units is bound by reading X, which is why
#: the week-2 model's 100 iterations took 130 ms direct, 18 ms by Gram.
FLOPS_PER_BYTE = 2.0

#: Bytes to which the starts of the loop's buffers and of their sections, and
#: its copies of X and Y, are aligned: an AVX-512 vector and a cache line (rows
#: inside are aligned too when a row's bytes are a multiple of it, as for m =
#: 320 or 400). Where malloc put them (16 bytes past a line) every vector load
#: and store of a row split two lines: the 16 runs of a sweep of planar data
#: took 1.05 s, and 0.72 s aligned (benchmarks/bench_engine.py, Alignment).
ALIGNMENT = 64

#: Target duration of one compiled chunk of iterations, in seconds.
CHUNK_SECONDS = 0.1
#: Bytes of logits a chunk may record before handing back to Python.
RECORD_BYTES = 8 * 2**20
#: Mini-batches hold at most this fraction of X's bytes of examples besides X
#: itself, and at least WINDOW_MIN_BYTES (:mod:`fastdnn._core.engine.sources`).
#: A fit on X (784, 200000) float32 held X^T besides X (0.63 GB, 1.25 GB
#: training in float64); now a window of 25 MB. Smaller windows read a C-order
#: X more often per epoch (the module's notes).
WINDOW_FRACTION = 0.03
#: Examples of at most this many bytes are copied whole (X^T, once): small data
#: pay no window per epoch, and the loop draws the epochs' orders itself.
WINDOW_MIN_BYTES = 24 * 2**20
