"""The compiled training engine against the course's numpy loops (tests/naive.py):
direct and Gram paths, float32, hidden activations, softmax, divergence."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fastdnn
import naive
from fastdnn._core import activation_table as table
from fastdnn import config
from fastdnn._core import engine, kernels
from fastdnn._core.engine import products

COST_RTOL = 1e-9
PARAM_TOL = 1e-8


def _data(n_x, m, seed, n_y=1):
    rng = np.random.RandomState(seed)
    X = rng.randn(n_x, m)
    Y = (rng.rand(n_y, m) > 0.5).astype(float)
    return X, Y


def _assert_params_close(got, want, tol=PARAM_TOL):
    assert sorted(got) == sorted(want)
    for key in want:
        assert got[key].shape == want[key].shape, key
        np.testing.assert_allclose(got[key], want[key], rtol=tol, atol=tol, err_msg=key)


def test_course_small_check():
    # The current course's L_layer_model_test.
    np.random.seed(1)
    X = np.random.randn(10, 10)
    Y = np.array([[1, 1, 1, 1, 0, 0, 0, 1, 1, 0]])
    for method in ("direct", "gram"):
        parameters, costs = fastdnn.L_layer_model(X, Y, (10, 5, 6, 1), 0.0075, 2, method=method)
        assert len(costs) == 1
        np.testing.assert_allclose(costs, [0.70723944], rtol=1e-7)
        np.testing.assert_allclose(parameters["b3"], [[0.0013201]], atol=5e-8)
        assert parameters["W1"].shape == (5, 10) and parameters["b3"].shape == (1, 1)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_x=st.integers(1, 24), m=st.integers(1, 24),
    hidden=st.lists(st.integers(1, 7), min_size=0, max_size=3),
    iterations=st.integers(1, 25), lr=st.floats(0.01, 0.5), seed=st.integers(0, 2**16),
)
def test_direct_gram_naive_agree(n_x, m, hidden, iterations, lr, seed):
    X, Y = _data(n_x, m, seed)
    dims = [n_x] + hidden + [1]
    want_p, want_c = naive.L_layer_model(X, Y, dims, lr, iterations)
    for method in ("direct", "gram"):
        got_p, got_c = fastdnn.L_layer_model(X, Y, dims, lr, iterations, method=method)
        assert len(got_c) == len(want_c)
        np.testing.assert_allclose(got_c, want_c, rtol=COST_RTOL)
        _assert_params_close(got_p, want_p)


@pytest.mark.parametrize("n_x,m", [(40, 15), (15, 40), (30, 30)])
def test_two_layer_model_matches_course_loop(n_x, m):
    X, Y = _data(n_x, m, 7)
    want_p, want_c = naive.two_layer_model(X, Y, (n_x, 5, 1), 0.1, 201)
    for method in ("direct", "gram"):
        got_p, got_c = fastdnn.two_layer_model(X, Y, (n_x, 5, 1), 0.1, 201, method=method)
        assert len(got_c) == len(want_c) == 3
        np.testing.assert_allclose(got_c, want_c, rtol=COST_RTOL)
        _assert_params_close(got_p, want_p)


def test_costs_recorded_every_100_only():
    X, Y = _data(4, 9, 3)
    for n, expected in ((1, 1), (2, 1), (100, 1), (101, 2), (250, 3)):
        _, costs = fastdnn.L_layer_model(X, Y, [4, 3, 1], 0.01, n)
        assert len(costs) == expected, n
    _, costs = fastdnn.L_layer_model(X, Y, [4, 3, 1], 0.01, 0)
    assert costs == []


def test_gram_is_chosen_for_wide_data_and_direct_for_tall():
    assert engine.choose_method(12288, 20, 209, 2500) == "gram"
    assert engine.choose_method(784, 128, 20000, 100) == "direct"
    assert engine.choose_method(2, 4, 400, 10000) == "direct"
    assert engine.choose_method(12288, 20, 209, 0) == "direct"
    # memory cap: a Gram matrix above GRAM_MAX_BYTES is never chosen
    m = int(np.sqrt(config.GRAM_MAX_BYTES / 8)) + 1
    assert engine.choose_method(10 * m, 50, m, 10**6) == "direct"


def test_auto_reports_its_choice():
    X, Y = _data(50, 10, 1)
    res = engine.train(X, Y, [np.full((3, 50), 0.01), np.full((1, 3), 0.1)], [np.zeros((3, 1)), np.zeros((1, 1))],
                       learning_rate=0.1, num_iterations=300)
    assert res.method == "gram"
    res = engine.train(X.T[:, :50], Y[:, :10].repeat(5, axis=1), [np.full((3, 10), 0.01), np.full((1, 3), 0.1)],
                       [np.zeros((3, 1)), np.zeros((1, 1))], learning_rate=0.1, num_iterations=300)
    assert res.method == "direct"


def test_float32_within_float32_tolerance():
    X, Y = _data(30, 20, 11)
    dims = [30, 6, 4, 1]
    p64, c64 = fastdnn.L_layer_model(X, Y, dims, 0.05, 300)
    for method in ("direct", "gram"):
        p32, c32 = fastdnn.L_layer_model(X, Y, dims, 0.05, 300, dtype=np.float32, method=method)
        assert all(p.dtype == np.float32 for p in p32.values())
        np.testing.assert_allclose(np.asarray(c32, float), c64, rtol=1e-4)
        for key in p64:
            np.testing.assert_allclose(p32[key], p64[key], rtol=2e-3, atol=2e-4, err_msg=key)


def test_input_arrays_are_not_modified():
    X, Y = _data(6, 8, 2)
    W = [np.random.RandomState(0).randn(3, 6), np.random.RandomState(1).randn(1, 3)]
    b = [np.zeros((3, 1)), np.zeros((1, 1))]
    copies = [a.copy() for a in (X, Y, *W, *b)]
    res = engine.train(X, Y, W, b, learning_rate=0.1, num_iterations=20, method="gram")
    for a, c in zip((X, Y, *W, *b), copies):
        np.testing.assert_array_equal(a, c)
    assert not np.array_equal(res.weights[0], W[0])


def _tanh_loop(X, Y, W1, b1, W2, b2, lr, n):
    # The course's one-hidden-layer planar network (tanh, sigmoid, dZ2 = A2 - Y).
    m = X.shape[1]
    costs = []
    for i in range(n):
        Z1 = np.dot(W1, X) + b1
        A1 = np.tanh(Z1)
        Z2 = np.dot(W2, A1) + b2
        A2 = 1 / (1 + np.exp(-Z2))
        if i % 1000 == 0:
            costs.append(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m)
        dZ2 = A2 - Y
        dW2 = 1. / m * np.dot(dZ2, A1.T)
        db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
        dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
        dW1 = 1. / m * np.dot(dZ1, X.T)
        db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
        W1, b1, W2, b2 = W1 - lr * dW1, b1 - lr * db1, W2 - lr * dW2, b2 - lr * db2
    return [W1, b1, W2, b2], costs


@pytest.mark.parametrize("method", ["direct", "gram"])
def test_tanh_hidden_layer_matches_planar_loop(method):
    X, Y = _data(2, 60, 5)
    np.random.seed(2)
    W1 = np.random.randn(4, 2) * 0.01
    W2 = np.random.randn(1, 4) * 0.01
    b1, b2 = np.zeros((4, 1)), np.zeros((1, 1))
    want, want_c = _tanh_loop(X, Y, W1, b1, W2, b2, 1.2, 1500)
    res = engine.train(X, Y, [W1, W2], [b1, b2], learning_rate=1.2, num_iterations=1500, hidden="tanh",
                       record_every=1000, method=method)
    np.testing.assert_allclose(res.costs, want_c, rtol=COST_RTOL)
    np.testing.assert_array_equal(res.iterations, [0, 1000])
    for got, exp in zip(res.weights + res.biases, [want[0], want[2], want[1], want[3]]):
        np.testing.assert_allclose(got, exp, rtol=1e-7, atol=1e-9)


def test_course_cost_nan_but_engine_finite():
    # Separable data: the sigmoid saturates to exactly 1.0, the course's cost
    # becomes 0 * log(0) = NaN; the cost from the logits stays finite.
    X = np.array([[-30.0, -20.0, 20.0, 30.0]])
    Y = np.array([[0, 0, 1, 1]])
    with np.errstate(all="ignore"):
        want_p, want_c = naive.L_layer_model(X, Y, [1, 1], 50.0, 301)
    assert not np.isfinite(want_c[-1]) and not np.isfinite(want_p["W1"]).all()
    p, costs = fastdnn.L_layer_model(X, Y, [1, 1], 50.0, 301)
    assert np.all(np.isfinite(costs)) and all(np.isfinite(v).all() for v in p.values())
    assert 0 < costs[-1] < 1e-10


def test_divergence_raises_naming_iteration_and_rate():
    X, Y = _data(5, 40, 4)
    for method in ("direct", "gram"):
        with pytest.raises(fastdnn.TrainingDiverged, match=r"iteration \d+ .*learning_rate=1e\+200") as info:
            fastdnn.L_layer_model(X * 1e100, Y, [5, 8, 1], 1e200, 50, method=method)
        assert info.value.iteration >= 1 and info.value.learning_rate == 1e200
        assert isinstance(info.value, FloatingPointError)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_softmax_output_pass_flags_a_non_finite_logit(bad):
    z = np.random.default_rng(0).standard_normal((3, 9))
    z[1, 4] = bad
    assert not products.add_bias(z, np.zeros(3))


def test_softmax_divergence_raises():
    X, y = fastdnn.make_spiral(30, 3, seed=0)
    with pytest.raises(fastdnn.TrainingDiverged, match="learning_rate=1e\\+300"):
        fastdnn.L_layer_model(X * 1e150, y, [2, 16, 3], 1e300, 50, output="softmax")


def test_softmax_matches_numpy_reference():
    X, y = fastdnn.make_spiral(30, 3, seed=0)
    want_p, want_c = naive.L_layer_model_softmax(X, y, [2, 16, 3], 1.0, 301)
    for method in ("direct", "gram"):
        got_p, got_c = fastdnn.L_layer_model(X, y, [2, 16, 3], 1.0, 301, output="softmax", method=method)
        np.testing.assert_allclose(got_c, want_c, rtol=COST_RTOL)
        _assert_params_close(got_p, want_p)


def test_softmax_reaches_reference_accuracy_on_spiral(capsys):
    X, y = fastdnn.make_spiral(100, 3, seed=0)
    want_p, want_c = naive.L_layer_model_softmax(X, y, [2, 100, 3], 1.0, 1500)
    want_acc = np.mean(naive.predict_softmax(X, want_p) == y)
    p, costs = fastdnn.L_layer_model(X, y, [2, 100, 3], 1.0, 1500, output="softmax")
    pred = fastdnn.predict(X, y, p)
    assert pred.shape == (1, 300)
    acc = np.mean(pred == y)
    # same accuracy; one point of slack for BLAS rounding on another machine
    assert abs(acc - want_acc) <= 1 / 300 + 1e-12 and acc > 0.9
    assert capsys.readouterr().out == f"Accuracy: {np.sum((pred == y.reshape(1, -1)) / 300)}\n"
    np.testing.assert_allclose(costs, want_c, rtol=1e-6)
    assert costs[-1] < 0.3 * costs[0]


def test_make_spiral_matches_cs231n():
    X, y = fastdnn.make_spiral(50, 4, seed=3)
    Xn, yn = naive.make_spiral(50, 4, seed=3)
    np.testing.assert_array_equal(X, Xn)
    np.testing.assert_array_equal(y, yn)
    assert X.shape == (2, 200) and set(y.tolist()) == {0, 1, 2, 3}


@pytest.mark.parametrize("kwargs,match", [
    (dict(hidden="softplus"), "hidden"), (dict(output="linear"), "output"),
    (dict(record_every=0), "record_every"), (dict(method="both"), "method"),
])
def test_train_rejects_bad_options(kwargs, match):
    X, Y = _data(3, 5, 0)
    with pytest.raises(ValueError, match=match):
        engine.train(X, Y, [np.ones((2, 3)), np.ones((1, 2))], [np.zeros((2, 1)), np.zeros((1, 1))],
                     learning_rate=0.1, num_iterations=3, **kwargs)


@pytest.mark.parametrize("n_x,m,hidden", [(60, 12, [9, 5]), (12, 60, [9, 5]), (25, 25, [4]), (1, 3, [2, 2, 2])])
def test_direct_gram_naive_agree_both_sides_of_m_eq_nx(n_x, m, hidden):
    X, Y = _data(n_x, m, n_x * 1000 + m)
    dims = [n_x] + hidden + [1]
    want_p, want_c = naive.L_layer_model(X, Y, dims, 0.1, 301)
    for method in ("direct", "gram"):
        got_p, got_c = fastdnn.L_layer_model(X, Y, dims, 0.1, 301, method=method)
        assert len(got_c) == 4
        np.testing.assert_allclose(got_c, want_c, rtol=COST_RTOL)
        _assert_params_close(got_p, want_p)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**16), n=st.integers(1, 12), k=st.integers(1, config.SMALL_INNER),
       m=st.integers(1, 70), transposed=st.booleans())
def test_small_product_matches_numpy(seed, n, k, m, transposed):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((k, n)).T if transposed else rng.standard_normal((n, k))
    a = rng.standard_normal((k, m))
    out = np.full((n, m), np.nan)
    products.small_product(w, a, out)
    np.testing.assert_allclose(out, w @ a, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("code, g", [(table.RELU, lambda z: np.maximum(z, 0)), (table.TANH, np.tanh),
                                     (table.SIGMOID, lambda z: 1 / (1 + np.exp(-z))),
                                     (table.LEAKY_RELU, lambda z: np.where(z > 0, z, 0.01 * z))])
def test_bias_activation_rows(code, g):
    rng = np.random.default_rng(code)
    z, b = rng.standard_normal((7, 33)) * 3, rng.standard_normal(7)
    want = g(z + b[:, None])
    a = np.empty_like(z)
    kernels.bias_activation_rows(z, b, a, code, 0, 7)
    np.testing.assert_allclose(a, want, rtol=1e-13, atol=1e-15)


def test_fixed_masks_without_dropout_are_ignored():
    """The loop drops out where it is given masks: with keep_prob 1, fixed
    masks (the course passes none then) change nothing, and no buffer holds
    dropped-out activations to write them into."""
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal((4, 30)), (rng.random((1, 30)) > 0.5) * 1.0
    weights, biases = [rng.standard_normal((5, 4)), rng.standard_normal((1, 5))], [np.zeros((5, 1)), np.zeros((1, 1))]
    common = dict(optimizer="gd", learning_rate=0.1, num_epochs=20)
    plain = engine.train_batches(x, y, weights, biases, **common)
    masked = engine.train_batches(x, y, weights, biases, fixed_masks=np.zeros((5, 30)), keep_prob=1.0, **common)
    for a, b in zip(plain.weights + plain.biases, masked.weights + masked.biases):
        np.testing.assert_array_equal(a, b)
