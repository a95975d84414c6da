"""The mini-batch trainer (engine.train_batches) against its numpy twin
(naive_fit.py), and fastdnn.fit: determinism across runs and thread counts,
float32 against float64, early stopping, the full-batch path, divergence."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fastdnn
import naive_fit
from fastdnn import config
from fastdnn._core import engine
from fastdnn._core.engine import products

OPTIMIZERS = ["gd", "momentum", "adam"]


@st.composite
def problems(draw):
    """A small network, data, batch size, optimiser and options."""
    # inputs up to SMALL_INNER features are gathered as columns, wider ones as rows
    n_x = draw(st.one_of(st.integers(1, 6), st.integers(config.SMALL_INNER + 1, config.SMALL_INNER + 6)))
    dims = [n_x] + draw(st.lists(st.integers(1, 6), min_size=1, max_size=3))
    output = draw(st.sampled_from(["sigmoid", "softmax"])) if dims[-1] >= 2 else "sigmoid"
    m = draw(st.integers(1, 30))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    X = rng.standard_normal((dims[0], m))
    Y = (rng.integers(0, dims[-1], (1, m)) if output == "softmax" else
         (rng.random((dims[-1], m)) < 0.5).astype(float))
    weights = [rng.standard_normal((n, k)) for k, n in zip(dims[:-1], dims[1:])]
    biases = [rng.standard_normal((n, 1)) * 0.1 for n in dims[1:]]
    epochs = draw(st.integers(1, 3))
    return dict(
        X=X, Y=Y, weights=weights, biases=biases, num_epochs=epochs,
        batch_size=draw(st.integers(1, m)), optimizer=draw(st.sampled_from(OPTIMIZERS)),
        hidden=draw(st.sampled_from(["relu", "tanh", "leaky_relu", "sigmoid"])), output=output,
        lambd=draw(st.sampled_from([0.0, 0.3])), scale_residual=draw(st.booleans()),
        orders=[rng.permutation(m) for _ in range(epochs)], rates=list(rng.uniform(0.01, 0.1, epochs)))


# Adam's step lr * v / (sqrt(s) + eps) turns a gradient at rounding level
# (1e-17, another order of summation) into a step of lr * 1e-9: hence atol.


def run_engine(problem, dtype, **extra):
    p = dict(problem)
    orders, rates = p.pop("orders"), p.pop("rates")
    logits = []
    trained = engine.train_batches(
        p.pop("X").astype(dtype), p.pop("Y"), p.pop("weights"), p.pop("biases"), learning_rate=rates[0],
        order=lambda e: orders[e], rates=lambda e: rates[e], dtype=dtype,
        on_record=lambda record: logits.extend(z for z, _ in record.batches()), **p, **extra)
    return trained.weights, trained.biases, logits


@settings(max_examples=40, deadline=None)
@given(problems(), st.sampled_from([np.float64, np.float32]))
def test_train_batches_matches_the_numpy_twin(problem, dtype):
    weights, biases, logits = run_engine(problem, dtype)
    twin_w, twin_b, twin_logits = naive_fit.train_batches(**problem)
    rtol, atol = (1e-9, 1e-9) if dtype == np.float64 else (2e-3, 2e-4)
    for got, want in zip(weights + biases + logits, twin_w + twin_b + twin_logits):
        assert got.dtype == dtype
        np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


@settings(max_examples=15, deadline=None)
@given(problems(), st.sampled_from([0.5, 0.8]))
def test_dropout_matches_the_twin_with_fixed_and_hashed_masks(problem, keep_prob):
    if len(problem["weights"]) < 2:  # dropout needs a hidden layer
        n_x, n_out = problem["X"].shape[0], problem["weights"][0].shape[0]
        problem["weights"] = [np.full((3, n_x), 0.5), np.full((n_out, 3), 0.3)]
        problem["biases"] = [np.zeros((3, 1)), np.zeros((n_out, 1))]
    hidden_units = sum(w.shape[0] for w in problem["weights"][:-1])
    m = problem["X"].shape[1]
    # the course's masks: the same at every step, one batch of all columns in order
    fixed = (np.random.default_rng(1).random((hidden_units, m)) < keep_prob).astype(float)
    full = dict(problem, batch_size=m, orders=[np.arange(m)] * problem["num_epochs"])
    got = run_engine({k: v for k, v in full.items() if k != "batch_size"}, np.float64, batch_size=None,
                     keep_prob=keep_prob, fixed_masks=fixed)
    want = naive_fit.train_batches(**full, keep_prob=keep_prob, masks=fixed)
    for a, b in zip(got[0] + got[1], want[0] + want[1]):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9)
    got = run_engine(problem, np.float64, keep_prob=keep_prob, dropout_seed=7)
    want = naive_fit.train_batches(**problem, keep_prob=keep_prob, masks=naive_fit.hashed_masks(7, keep_prob))
    # Adam on batches of 2 for 3 epochs: rounding-level gradients become steps of
    # lr * 1e-9 (see above); 1e-9 was met to within 1.7e-9 by one drawn case
    for a, b in zip(got[0] + got[1], want[0] + want[1]):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-8)


def test_hashed_masks_keep_the_asked_fraction():
    kept = naive_fit.uniform_hash(3, 5, np.arange(1000)[:, None], np.arange(100)) < 0.3
    assert abs(kept.mean() - 0.3) < 0.005


def moons():
    X, Y = fastdnn.datasets.load_moons()
    return X, Y


def test_fit_is_the_same_for_the_same_seed_and_differs_for_another():
    X, Y = moons()
    kw = dict(learning_rate=0.01, num_epochs=20, optimizer="adam", mini_batch_size=32, keep_prob=0.8)
    a, ha = fastdnn.fit(X, Y, [2, 8, 1], seed=4, **kw)
    b, hb = fastdnn.fit(X, Y, [2, 8, 1], seed=4, **kw)
    c, _ = fastdnn.fit(X, Y, [2, 8, 1], seed=5, **kw)
    assert all(np.array_equal(a[k], b[k]) for k in a) and np.array_equal(ha["cost"], hb["cost"])
    assert not np.array_equal(a["W1"], c["W1"])


THREADS_SCRIPT = """
import json, sys, numpy as np, fastdnn
rng = np.random.default_rng(0)
X = rng.standard_normal((20, 600)); Y = (X[:1] * X[1:2] > 0).astype(float)
p, h = fastdnn.fit(X, Y, [20, 300, 1], learning_rate=0.01, num_epochs=3, optimizer="adam", mini_batch_size=128,
                   keep_prob=0.9, lambd=0.1, hidden="tanh", seed=1, dtype=np.dtype(sys.argv[1]))
print(json.dumps({k: v.tolist() for k, v in p.items()}))
"""


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_fit_gives_the_same_bits_on_one_and_two_threads(dtype):
    """Layers of 300 units x 128 columns take the parallel kernels (>= 32768
    elements). BLAS's own thread count stays fixed: OpenBLAS sends a product
    with one output row to its threaded gemv, whose bits depend on it."""
    results = []
    for threads in ("1", "2"):
        env = dict(os.environ, NUMBA_NUM_THREADS=threads, OPENBLAS_NUM_THREADS="1")
        done = subprocess.run([sys.executable, "-c", THREADS_SCRIPT, dtype], env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        results.append(json.loads(done.stdout))
    assert results[0] == results[1]


@pytest.mark.parametrize("options", [dict(optimizer="adam", mini_batch_size=64),
                                     dict(optimizer="momentum", mini_batch_size=50, lambd=0.5),
                                     dict(optimizer="gd"),
                                     dict(optimizer="adam", keep_prob=0.9, hidden="tanh")])
def test_fit_in_float32_follows_float64(options):
    X, Y = moons()
    p64, h64 = fastdnn.fit(X, Y, [2, 10, 5, 1], learning_rate=0.01, num_epochs=30, seed=2, **options)
    p32, h32 = fastdnn.fit(X, Y, [2, 10, 5, 1], learning_rate=0.01, num_epochs=30, seed=2, dtype=np.float32, **options)
    assert p32["W1"].dtype == np.float32
    for key in p64:
        np.testing.assert_allclose(p32[key], p64[key], rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(h32["cost"], h64["cost"], rtol=1e-4)


def test_full_batch_gd_takes_the_full_batch_path_and_the_batch_loop_agrees():
    """fit's plain gradient descent is engine.train (the course's models'
    path); with a validation set it runs the mini-batch loop, one batch of
    all columns: the same operations, so the same bits."""
    X, Y = moons()
    kw = dict(learning_rate=0.1, num_epochs=50, optimizer="gd", seed=3)
    plain, history = fastdnn.fit(X, Y, [2, 6, 1], **kw)
    validated, _ = fastdnn.fit(X, Y, [2, 6, 1], validation=(X[:, :50], Y[:, :50]), **kw)
    weights, biases = fastdnn._product.training.initial_parameters([2, 6, 1], "he", np.random.default_rng(3))
    result = engine.train(X, Y, weights, biases, learning_rate=0.1, num_iterations=50, record_every=1)
    assert np.array_equal(plain["W1"], result.weights[0]) and np.array_equal(plain["b2"], result.biases[1])
    np.testing.assert_allclose(history["cost"], [float(c) for c in result.costs], rtol=1e-15)
    for key in plain:
        np.testing.assert_array_equal(validated[key], plain[key])


def test_history_holds_costs_and_accuracies_of_recorded_epochs():
    X, Y = moons()
    seen = []
    _, history = fastdnn.fit(X, Y, [2, 5, 1], learning_rate=0.01, num_epochs=25, mini_batch_size=64,
                             validation_fraction=0.2, record_every=10, callback=lambda e, entry: seen.append(e))
    assert list(history["epoch"]) == [0, 10, 20, 24] == seen
    for key in ("cost", "accuracy", "val_cost", "val_accuracy"):
        assert history[key].shape == (4,)
    assert ((0 <= history["accuracy"]) & (history["accuracy"] <= 1)).all()


def test_callback_can_stop_training():
    X, Y = moons()
    _, history = fastdnn.fit(X, Y, [2, 5, 1], learning_rate=0.01, num_epochs=1000, mini_batch_size=64,
                             callback=lambda epoch, entry: epoch == 3)
    assert list(history["epoch"]) == [0, 1, 2, 3]


def test_early_stopping_restores_the_best_parameters():
    """Noisy labels and a wide network: the validation cost turns up; the
    returned parameters are those of the best epoch, which a run of exactly
    that many epochs reproduces."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((5, 120))
    Y = (rng.random((1, 120)) < 0.5).astype(float)
    kw = dict(learning_rate=0.01, optimizer="adam", mini_batch_size=16, seed=1, validation_fraction=0.25)
    stopped, history = fastdnn.fit(X, Y, [5, 64, 64, 1], num_epochs=500, early_stopping=5, **kw)
    best = int(history["best_epoch"])
    assert history["epoch"][-1] == best + 5 < 499
    assert history["val_cost"][best] == history["val_cost"].min()
    again, _ = fastdnn.fit(X, Y, [5, 64, 64, 1], num_epochs=best + 1, **kw)
    for key in stopped:
        np.testing.assert_array_equal(stopped[key], again[key])


@pytest.mark.parametrize("options", [dict(optimizer="adam", mini_batch_size=30), dict(optimizer="gd")])
def test_divergence_names_the_epoch(options):
    X, Y = moons()
    with pytest.raises(fastdnn.TrainingDiverged, match=r"diverged at epoch \d+"):
        fastdnn.fit(X, Y, [2, 50, 50, 1], learning_rate=1e20, num_epochs=50, hidden="leaky_relu",
                    dtype=np.float32, **options)


def test_softmax_output_learns_the_spiral():
    X, Y = fastdnn.make_spiral()
    p, history = fastdnn.fit(X, Y, [2, 50, 3], learning_rate=0.01, num_epochs=300, mini_batch_size=32,
                             output="softmax", seed=0)
    assert history["accuracy"][-1] > 0.9 and history["cost"][-1] < history["cost"][0]
    assert p["W2"].shape == (3, 50)


CONTINUED = [dict(optimizer="adam", mini_batch_size=32, keep_prob=0.8, lambd=0.3),
             dict(optimizer="momentum", mini_batch_size=50, decay="update_lr", decay_rate=0.5),
             dict(optimizer="gd", mini_batch_size=64, keep_prob=0.9, hidden="tanh"),
             dict(optimizer="adam", decay=fastdnn.schedule_lr_decay, lambd=0.1, output="softmax"),
             dict(optimizer="gd", method="direct"),
             dict(optimizer="adam", mini_batch_size=40, dtype=np.float32)]


@pytest.mark.parametrize("options", CONTINUED)
def test_fit_continued_from_an_epoch_gives_the_uninterrupted_bits(options):
    """Epochs 0..6 then 7..19 (parameters, start_epoch, optimizer_state) = epochs 0..19."""
    X, Y = moons()
    dims = [2, 8, 5, 2] if options.get("output") == "softmax" else [2, 8, 5, 1]
    kw = dict(learning_rate=0.01, seed=7, **options)
    whole, whole_history = fastdnn.fit(X, Y, dims, num_epochs=20, **kw)
    first, first_history = fastdnn.fit(X, Y, dims, num_epochs=7, **kw)
    state = first_history["optimizer_state"]
    size = sum(n * k + n for k, n in zip(dims[:-1], dims[1:]))
    assert state.shape == ({"gd": 0, "momentum": 1, "adam": 2}[options["optimizer"]] * size,)
    rest, rest_history = fastdnn.fit(X, Y, dims, num_epochs=20, parameters=first, start_epoch=7,
                                     optimizer_state=state, **kw)
    for key in whole:
        np.testing.assert_array_equal(rest[key], whole[key])
    assert list(rest_history["epoch"]) == list(range(7, 20))
    np.testing.assert_array_equal(rest_history["cost"], whole_history["cost"][7:])
    np.testing.assert_array_equal(rest_history["optimizer_state"], whole_history["optimizer_state"])
    # without the state (Adam's moments, the velocity) the continuation differs
    if options["optimizer"] != "gd":
        restarted, _ = fastdnn.fit(X, Y, dims, num_epochs=20, parameters=first, start_epoch=7, **kw)
        assert not np.array_equal(restarted["W1"], whole["W1"])


def test_seeded_epoch_orders_wrap_at_2_to_the_32():
    """The loop's np.random.seed takes (order_seed + epoch) modulo 2**32: the
    records' labels (drawn on the Python side) follow it past 2**32."""
    X, Y = moons()
    weights, biases = fastdnn._product.training.initial_parameters([2, 4, 1], "he", np.random.default_rng(0))
    seed = 2**32 - 2
    kw = dict(optimizer="adam", learning_rate=0.01, num_epochs=5, batch_size=64)
    labels = []
    seeded = engine.train_batches(X, Y, weights, biases, order_seed=seed, on_record=lambda r: labels.append(r.labels),
                                  **kw)
    orders = [np.random.RandomState((seed + e) % 2**32).permutation(X.shape[1]) for e in range(5)]
    given_order = engine.train_batches(X, Y, weights, biases, order=lambda e: orders[e], **kw)
    assert all(np.array_equal(a, b) for a, b in zip(seeded.weights, given_order.weights))
    assert all(np.array_equal(labels[e], Y[:, orders[e]]) for e in range(5))


#: Batches of these (n_x, n1, batch size) keep X as columns, and as rows.
LAYOUTS = [(3, 5, 6), (40, 40, 48)]


def test_the_layouts_below_are_columns_then_rows():
    assert [bool(products.batch_as_rows(engine.Layout([n_x, n1, 1]).table, b)) for n_x, n1, b in LAYOUTS] == [
        False, True]


@pytest.mark.parametrize("n_x, n1, batch", LAYOUTS)
def test_validation_logits_are_the_forward_pass_of_the_epochs_parameters(n_x, n1, batch):
    rng = np.random.default_rng(n_x)
    X, X_val = rng.standard_normal((n_x, 100)), rng.standard_normal((n_x, 13))
    Y = (rng.random((1, 100)) < 0.5).astype(float)
    weights = [rng.standard_normal((n1, n_x)) * 0.2, rng.standard_normal((1, n1)) * 0.2]
    biases = [rng.standard_normal((n1, 1)), rng.standard_normal((1, 1))]
    records = []
    engine.train_batches(X, Y, weights, biases, optimizer="adam", learning_rate=0.01, num_epochs=3,
                         batch_size=batch, order=lambda e: np.random.default_rng(e).permutation(100), X_val=X_val,
                         snapshot=True, on_record=records.append)
    assert len(records) == 3
    for record in records:
        (w1, w2), (b1, b2) = record.parameters()
        want = w2 @ np.maximum(w1 @ X_val + b1, 0) + b2
        np.testing.assert_allclose(record.val_logits, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("n_x, n1, batch", LAYOUTS)
@pytest.mark.parametrize("keep_prob, lambd", [(1.0, 0.0), (0.8, 0.3)])
def test_both_batch_layouts_match_the_numpy_twin(n_x, n1, batch, keep_prob, lambd):
    rng = np.random.default_rng(n1)
    m, epochs = 100, 3
    problem = dict(
        X=rng.standard_normal((n_x, m)), Y=(rng.random((1, m)) < 0.5).astype(float),
        weights=[rng.standard_normal((n1, n_x)) * 0.2, rng.standard_normal((1, n1)) * 0.2],
        biases=[np.zeros((n1, 1)), np.zeros((1, 1))], num_epochs=epochs, batch_size=batch, optimizer="adam",
        hidden="relu", output="sigmoid", lambd=lambd, scale_residual=False,
        orders=[rng.permutation(m) for _ in range(epochs)], rates=[0.01] * epochs)
    dropout = dict(keep_prob=keep_prob, dropout_seed=7) if keep_prob < 1 else {}
    twin_dropout = dict(keep_prob=keep_prob, masks=naive_fit.hashed_masks(7, keep_prob)) if keep_prob < 1 else {}
    weights, biases, logits = run_engine(problem, np.float64, **dropout)
    twin_w, twin_b, twin_logits = naive_fit.train_batches(**problem, **twin_dropout)
    for got, want in zip(weights + biases + logits, twin_w + twin_b + twin_logits):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)


def test_batches_keep_rows_only_where_layer_one_goes_to_blas():
    """Rows are read transposed only by BLAS, which gives the same bits; the
    small kernels' strided reads were slower and summed in another order."""
    def rows(n1, n_x, batch):
        return products.batch_as_rows(engine.Layout([n_x, n1, 1]).table, batch)
    assert rows(256, 784, 32) and rows(64, 100, 64)
    assert not rows(256, 6, 512)  # few features: the fused kernels read columns
    assert not rows(5, 100, 64)  # a thin dW1: small_gradient
    assert not rows(16, 20, 8)  # a small product: small_product


@pytest.mark.parametrize("dims, hidden", [([1, 8, 1], "tanh"), ([6, 40, 1], "leaky_relu")])
def test_layers_above_the_parallel_threshold_match_the_numpy_twin(dims, hidden):
    """n_l * m above FASTDNN_PARALLEL_THRESHOLD: the loop's fused kernels
    (one input, one output unit) run at every size."""
    rng = np.random.default_rng(len(dims))
    m = 5000
    assert dims[1] * m >= 32768
    problem = dict(
        X=rng.standard_normal((dims[0], m)), Y=(rng.random((1, m)) < 0.5).astype(float),
        weights=[rng.standard_normal((n, k)) * 0.3 for k, n in zip(dims[:-1], dims[1:])],
        biases=[np.zeros((n, 1)) for n in dims[1:]], num_epochs=3, batch_size=m, optimizer="gd", hidden=hidden,
        output="sigmoid", lambd=0.0, scale_residual=False, orders=[np.arange(m)] * 3, rates=[0.1] * 3)
    weights, biases, logits = run_engine({k: v for k, v in problem.items() if k != "batch_size"}, np.float64,
                                         batch_size=None)
    twin_w, twin_b, twin_logits = naive_fit.train_batches(**problem)
    for got, want in zip(weights + biases + logits, twin_w + twin_b + twin_logits):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("options", [*CONTINUED, dict(optimizer="gd", method="gram")])
def test_a_run_continued_from_its_checkpoint_gives_the_uninterrupted_bits(options):
    """fit's checkpoint hook (the command line's one fit per run): the
    parameters and state handed over after epoch 8, continued, end with the
    bits of the run that went on through its checkpoints, on the Gram path too
    (which restarts its bookkeeping from W1 at each checkpoint)."""
    X, Y = moons()
    if options.get("method") == "gram":  # wide data: more features than examples
        X = np.random.default_rng(1).standard_normal((60, 40))
        Y = (X[:1] > 0) * 1.0
    dims = [X.shape[0], 8, 5, 2] if options.get("output") == "softmax" else [X.shape[0], 8, 5, 1]
    kw = dict(learning_rate=0.01, seed=7, **options)
    checkpoints = {}

    def keep(epoch, parameters, optimizer_state):
        checkpoints[epoch] = (parameters, optimizer_state)

    whole, whole_history = fastdnn.fit(X, Y, dims, num_epochs=20, checkpoint_every=4, on_checkpoint=keep, **kw)
    assert sorted(checkpoints) == [4, 8, 12, 16]
    parameters, state = checkpoints[8]
    rest, rest_history = fastdnn.fit(X, Y, dims, num_epochs=20, parameters=parameters, start_epoch=8,
                                     optimizer_state=state, checkpoint_every=4, **kw)
    for key in whole:
        np.testing.assert_array_equal(rest[key], whole[key])
    np.testing.assert_array_equal(rest_history["cost"], whole_history["cost"][8:])


def test_a_checkpoint_hook_that_returns_true_stops_there():
    X, Y = moons()
    seen = []
    parameters, history = fastdnn.fit(X, Y, [2, 4, 1], learning_rate=0.01, num_epochs=50, seed=0,
                                      checkpoint_every=5,
                                      on_checkpoint=lambda epoch, p, s: seen.append(epoch) or epoch == 10)
    assert seen == [5, 10] and history["epoch"][-1] == 9
    with pytest.raises(TypeError, match="on_checkpoint"):
        fastdnn.fit(X, Y, [2, 4, 1], learning_rate=0.01, num_epochs=5, on_checkpoint=3)
