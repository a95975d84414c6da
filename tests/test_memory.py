"""Issue 21, memory: ``fit`` with mini-batches gathers each batch from the
caller's X (X^T itself when X is F-contiguous in the training dtype, else
windows of a bounded number of examples), never a whole copy of a large X, and
every result keeps the bits of the whole transposed copy it used to make."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import fastdnn
from fastdnn._checks.arrays import finite
from fastdnn._core import softmax
from fastdnn._core.engine import driver, sources

N_X, M = 24, 1003  # M prime: no batch or window size divides it


@pytest.fixture
def source_size(monkeypatch):
    """``source_size(examples, dtype)``: windows of that many examples (at
    least a batch) for training in ``dtype``; None: X^T copied whole (the path
    every mini-batch run took before windows). Returns a list that counts the
    windows filled."""
    filled = []
    fill = sources.examples_into

    def counting(*args):
        filled.append(1)
        return fill(*args)

    monkeypatch.setattr(sources, "examples_into", counting)

    def choose(examples, dtype):
        if examples is None:
            monkeypatch.setattr(sources, "WINDOW_MIN_BYTES", 2**62)
        else:
            monkeypatch.setattr(sources, "WINDOW_FRACTION", 0.0)
            monkeypatch.setattr(sources, "WINDOW_MIN_BYTES", examples * N_X * np.dtype(dtype).itemsize)
        filled.clear()
        return filled
    return choose


def _data(kind):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((N_X, M))
    return {"float32": x.astype(np.float32), "float64": x,
            "uint8": rng.integers(0, 256, (N_X, M)).astype(np.uint8)}[kind]


def _layout(x, layout):
    if layout == "C":
        return np.ascontiguousarray(x)
    if layout == "F":
        return np.asfortranarray(x)
    wide = np.zeros((N_X, 2 * M), x.dtype)  # neither C- nor F-contiguous
    wide[:, ::2] = x
    return wide[:, ::2]


RUNS = {
    "softmax": dict(mini_batch_size=50),
    "dropout": dict(mini_batch_size=64, keep_prob=0.8),
    "sigmoid": dict(mini_batch_size=100, output="sigmoid"),
    "validation_split": dict(mini_batch_size=33, validation_fraction=0.2, early_stopping=5),
}


def _fit(x, dtype, run, **kw):
    kw = dict(RUNS[run], **kw)
    sigmoid = kw.get("output") == "sigmoid"
    y = (np.arange(M) % 2).reshape(1, M) if sigmoid else (np.arange(M) * 7 % 3).reshape(1, M)
    return fastdnn.fit(x, y, [N_X, 7, 1 if sigmoid else 3], learning_rate=0.01, num_epochs=3, optimizer="adam",
                       output=kw.pop("output", "softmax"), dtype=dtype, seed=5, **kw)


def _assert_same(got, want):
    (p, h), (q, g) = got, want
    assert p.keys() == q.keys() and h.keys() == g.keys()
    for key in p:
        np.testing.assert_array_equal(p[key], q[key], err_msg=key)
        assert p[key].dtype == q[key].dtype
    for key in h:
        np.testing.assert_array_equal(h[key], g[key], err_msg=key)


@pytest.mark.parametrize("run", sorted(RUNS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("data", ["float32", "float64", "uint8"])
def test_windows_give_the_bits_of_the_whole_copy(source_size, data, dtype, run):
    x = _data(data)
    filled = source_size(None, dtype)
    want = _fit(x, dtype, run)
    assert not filled
    for layout in ("C", "F", "strided"):
        for examples in (1, 130, 333):  # one batch a window; windows that divide neither M nor each other
            filled = source_size(examples, dtype)
            _assert_same(_fit(_layout(x, layout), dtype, run), want)
            # X^T itself: F-order X in the training dtype, or float32 (converted as gathered) beyond a whole copy
            in_place = layout == "F" and x.dtype in (dtype, np.float32) and run != "validation_split"
            assert bool(filled) != in_place, (layout, examples)


def test_an_f_contiguous_x_in_the_training_dtype_is_gathered_from_in_place(source_size):
    source_size(1, np.float32)  # even where windows are due
    y = np.zeros((1, M))
    for dtype in (np.float32, np.float64):
        x = np.asfortranarray(_data("float64").astype(dtype))
        source = sources.BatchSource(x, None, y, np.dtype(dtype), 50, None)
        assert not source.windowed and np.shares_memory(source.xt, x) and source.xt.flags.c_contiguous
    # float32 X trained in float64 too, as float32 (a whole copy, of small data, is float64)
    x = np.asfortranarray(_data("float32"))
    source = sources.BatchSource(x, None, y, np.dtype(np.float64), 50, None)
    assert not source.windowed and np.shares_memory(source.xt, x) and source.xt.dtype == np.float32
    # a C-order X, a subset of X's columns, or another dtype: windows (float32 ones for float32 X)
    assert sources.BatchSource(np.ascontiguousarray(x), None, y, np.dtype(np.float64), 50, None).xt.dtype == np.float32
    assert sources.BatchSource(np.ascontiguousarray(x), None, y, np.dtype(np.float32), 50, None).windowed
    assert sources.BatchSource(x, np.arange(M - 1), y[:, 1:], np.dtype(np.float32), 50, None).windowed
    x = np.asfortranarray(_data("uint8"))
    source = sources.BatchSource(x, None, y, np.dtype(np.float32), 50, None)
    assert source.windowed and source.xt.dtype == np.float32


def test_small_data_are_copied_whole_and_large_data_windowed():
    x, y = np.zeros((N_X, M), np.float32), np.zeros((1, M))
    small = sources.BatchSource(x, None, y, np.dtype(np.float64), 50, None)
    assert not small.windowed and small.xt.shape == (M, N_X) and small.xt.dtype == np.float64
    assert small.xt.flags.c_contiguous and not np.shares_memory(small.xt, x)
    # X^T beyond both WINDOW_MIN_BYTES and WINDOW_FRACTION of X: windows of whole batches within them
    n_x, m = 1024, 2**16 + 1  # (float32 X: 256 MiB + 4 kiB, never filled: np.zeros maps zero pages)
    large = sources.BatchSource(np.zeros((n_x, m), np.float32), None, np.zeros((1, m)), np.dtype(np.float32), 64,
                                None)
    budget = max(sources.WINDOW_FRACTION * n_x * m * 4, sources.WINDOW_MIN_BYTES)
    assert large.windowed and large.xt.shape[0] == large.window * 64
    assert large.xt.nbytes <= budget < large.xt.nbytes + 64 * n_x * 4


@pytest.mark.parametrize("examples", [1, 130])
def test_windows_with_given_orders_columns_checkpoints_and_full_records(source_size, monkeypatch, examples):
    """The engine's other ways in: ``order=`` instead of a seed, ``columns``, a
    run continued from a checkpoint, and chunks cut short by full records."""
    rng = np.random.default_rng(4)
    x = rng.standard_normal((N_X, M)).astype(np.float32)
    y = rng.integers(0, 3, (1, M))
    columns = np.sort(rng.permutation(M)[:900])
    weights, biases = [rng.standard_normal((7, N_X)), rng.standard_normal((3, 7))], [np.zeros((7, 1)), np.zeros((3, 1))]
    orders = [rng.permutation(900) for _ in range(4)]
    kw = dict(optimizer="adam", learning_rate=0.01, num_epochs=4, batch_size=64, output="softmax", dtype=np.float64,
              record_last=True, snapshot=True)

    def run(start=(weights, biases), **more):
        records = []
        result = driver.train_batches(x, y[:, columns], *start, columns=columns,
                                      on_record=lambda r: records.append((r.epoch, r.logits, r.labels, r.snapshot)),
                                      **dict(kw, **more))
        return result, records

    for given in (dict(order=lambda e: orders[e]), dict(order_seed=11)):
        source_size(None, np.float64)
        (want, want_records) = run(**given)
        filled = source_size(examples, np.float64)
        record_bytes = driver.RECORD_BYTES
        monkeypatch.setattr(driver, "RECORD_BYTES", 1)  # a chunk ends at every recorded epoch
        got, got_records = run(**given)
        monkeypatch.setattr(driver, "RECORD_BYTES", record_bytes)
        first, _ = run(**given, num_epochs=2)
        rest, _ = run((first.weights, first.biases), **given, start_epoch=2, optimizer_state=first.optimizer_state)
        for result in (got, rest):
            for a, b in zip(result.weights + result.biases + [result.optimizer_state],
                            want.weights + want.biases + [want.optimizer_state]):
                np.testing.assert_array_equal(a, b)
        assert len(got_records) == len(want_records) == 4
        for a, b in zip(got_records, want_records):
            assert a[0] == b[0]
            for u, v in zip(a[1:], b[1:]):
                np.testing.assert_array_equal(u, v)
        assert filled


def test_the_finite_check_still_finds_nan_and_inf_anywhere():
    for dtype in (np.float16, np.float32, np.float64):
        for bad in (np.nan, np.inf, -np.inf):
            for order in "CF":
                x = np.ones((3, 5), dtype, order=order)
                x[2, 4] = bad
                with pytest.raises(ValueError, match=r"index \(2, 4\)"):
                    finite(x, "X")
                wide = np.ones((3, 10), dtype, order=order)
                wide[2, 8] = bad
                with pytest.raises(ValueError, match=r"index \(2, 4\)"):
                    finite(wide[:, ::2], "X")
        finite(np.full((3, 5), np.finfo(dtype).max, dtype), "X")
    finite(np.zeros((0, 3)), "X")
    finite(np.array([[True, False]]), "X")
    finite(np.array([[2**62, -5]]), "X")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_a_mini_batch_fit_holds_little_besides_x(dtype):
    """Peak RSS of a fit on a C-order float32 X of 94 MB, in a process of its
    own, against its RSS with X: X^T in the training dtype (what a fit held
    before windows) would add 100 % of X in float32 training, 200 % in float64;
    windows of WINDOW_FRACTION of X add about a tenth."""
    script = textwrap.dedent(f"""
        import numpy as np
        import fastdnn
        from fastdnn._core.engine import sources
        sources.WINDOW_MIN_BYTES = 0  # the fraction's windows at this modest size

        def status(key):
            with open("/proc/self/status") as lines:
                return next(int(line.split()[1]) * 1024 for line in lines if line.startswith(key))

        def rss():
            return status("VmRSS:")

        def run(m):
            x = np.empty((784, m), np.float32)
            rng = np.random.default_rng(0)
            for k in range(0, m, 1000):
                x[:, k:k + 1000] = rng.standard_normal((784, min(1000, m - k)), dtype=np.float32)
            y = np.arange(m).reshape(1, m) % 10
            before = rss()
            fastdnn.fit(x, y, [784, 32, 10], learning_rate=0.001, num_epochs=1, mini_batch_size=256,
                        output="softmax", dtype=np.{dtype})
            return before, x.nbytes

        run(3000)  # compiled or loaded from the cache
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # the peak RSS restarts here: a compile's memory is not the fit's
        before, data = run(30000)
        peak = status("VmHWM:")
        print((peak - before) / data)
    """)
    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc/self/status")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, OPENBLAS_NUM_THREADS="1"))
    assert done.returncode == 0, done.stderr
    extra = float(done.stdout.split()[-1])
    assert extra < 0.4, f"a fit held {extra:.0%} of X besides X"


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_cost_of_wide_logits_block_by_block_keeps_its_bits(monkeypatch, dtype):
    rng = np.random.default_rng(8)
    for n, m in [(1, 50), (3, 1001), (10, 4099), (10, softmax.COST_COLUMNS + 13)]:
        z = (rng.standard_normal((n, m)) * rng.choice([0.1, 3.0, 40.0], (n, m))).astype(dtype)
        labels = rng.integers(0, n, m)
        monkeypatch.setattr(softmax, "COST_COLUMNS", 2**62)
        want = softmax.cross_entropy_labels(z, labels)
        for columns in (1, 7, 64, 1000, 2**14):
            monkeypatch.setattr(softmax, "COST_COLUMNS", columns)
            got = softmax.cross_entropy_labels(z, labels)
            assert got.dtype == want.dtype and got == want, (n, m, columns)
