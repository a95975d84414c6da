"""fastdnn.logistic against the course's week-2 code (tests/naive_logistic.py)."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import naive_logistic as naive
from fastdnn._core import engine
from fastdnn import logistic as fl

SETTINGS = settings(max_examples=25, deadline=None)


def _problem(seed, n, m, dtype=np.float64, fortran=False):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, m)).astype(dtype)
    if fortran:
        X = np.asfortranarray(X)
    Y = (rng.random((1, m)) > 0.5).astype(np.int64)
    w = (rng.standard_normal((n, 1)) * 0.1).astype(dtype)
    b = float(rng.standard_normal())
    return w, b, X, Y


@pytest.fixture(scope="module")
def cat(shared_data):
    train_x, train_y, test_x, test_y, classes = fl.load_dataset(shared_data)
    X_train = train_x.reshape(train_x.shape[0], -1).T / 255.
    X_test = test_x.reshape(test_x.shape[0], -1).T / 255.
    return X_train, train_y, X_test, test_y


# ------------------------------------------------------------------ course numbers

def test_propagate_course_example():
    w, b = np.array([[1.], [2.]]), 2.
    X, Y = np.array([[1., 2., -1.], [3., 4., -3.2]]), np.array([[1, 0, 1]])
    grads, cost = fl.propagate(w, b, X, Y)
    np.testing.assert_allclose(grads["dw"], [[0.99845601], [2.39507239]], rtol=1e-8)
    assert grads["dw"].shape == (2, 1)
    assert grads["db"] == pytest.approx(0.001455578136784208, rel=1e-14)
    assert cost == pytest.approx(5.801545319394553, rel=1e-14)
    assert isinstance(cost, np.float64) and np.shape(cost) == ()
    assert isinstance(grads["db"], np.float64)


def test_model_course_numbers(cat, capsys):
    X_train, Y_train, X_test, Y_test = cat
    d = fl.model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.005)
    out = capsys.readouterr().out
    assert "train accuracy: 99.04306220095694 %" in out
    assert "test accuracy: 70.0 %" in out
    costs = d["costs"]
    assert len(costs) == 20
    assert costs[0] == 0.6931471805599453  # pairwise sum as numpy's: exact
    assert costs[1] == pytest.approx(0.5845083636993087, rel=1e-12)
    assert costs[19] == pytest.approx(0.14087207570310156, rel=1e-12)
    assert set(d) == {"costs", "Y_prediction_test", "Y_prediction_train", "w", "b",
                      "learning_rate", "num_iterations"}
    assert d["w"].shape == (12288, 1) and d["Y_prediction_train"].shape == (1, 209)
    assert d["Y_prediction_test"].dtype == np.float64 and isinstance(d["b"], np.float64)
    assert d["learning_rate"] == 0.005 and d["num_iterations"] == 2000


def test_model_matches_numpy_loop(cat, capsys):
    X_train, Y_train, X_test, Y_test = cat
    ours = fl.model(X_train, Y_train, X_test, Y_test, num_iterations=300, learning_rate=0.005)
    ours_out = capsys.readouterr().out
    theirs = naive.model(X_train, Y_train, X_test, Y_test, num_iterations=300, learning_rate=0.005)
    np.testing.assert_allclose(ours["costs"], theirs["costs"], rtol=1e-12)
    np.testing.assert_allclose(ours["w"], theirs["w"], rtol=1e-9, atol=1e-14)
    assert ours["b"] == pytest.approx(theirs["b"], rel=1e-10)
    np.testing.assert_array_equal(ours["Y_prediction_test"], theirs["Y_prediction_test"])
    np.testing.assert_array_equal(ours["Y_prediction_train"], theirs["Y_prediction_train"])
    assert ours_out == capsys.readouterr().out and ours_out.count("accuracy") == 2


def test_print_cost(capsys):
    w, b, X, Y = _problem(0, 3, 10)
    fl.optimize(w, b, X, Y, 250, 0.1, print_cost=True)
    ours = capsys.readouterr().out
    naive.optimize(w, b, X, Y, 250, 0.1, print_cost=True)
    assert ours == capsys.readouterr().out
    assert ours.splitlines()[0].startswith("Cost after iteration 0: ")


def test_load_dataset(shared_data, tmp_path, monkeypatch):
    ours = fl.load_dataset(shared_data)
    theirs = naive.load_dataset(shared_data)
    for a, b in zip(ours, theirs):
        np.testing.assert_array_equal(a, b)
        assert a.dtype == b.dtype and a.shape == b.shape
    assert ours[1].shape == (1, 209) and ours[3].shape == (1, 50)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="datasets"):
        fl.load_dataset()
    (tmp_path / "datasets").symlink_to(shared_data)
    np.testing.assert_array_equal(fl.load_dataset()[0], ours[0])


# ------------------------------------------------------------------ against the twin

@SETTINGS
@given(seed=st.integers(0, 2**16), n=st.integers(1, 40), m=st.integers(1, 300),
       dtype=st.sampled_from([np.float64, np.float32]), fortran=st.booleans())
def test_propagate_matches_twin(seed, n, m, dtype, fortran):
    w, b, X, Y = _problem(seed, n, m, dtype, fortran)
    grads, cost = fl.propagate(w, b, X, Y)
    ref_grads, ref_cost = naive.propagate(w, b, X, Y)
    rtol = 1e-4 if dtype == np.float32 else 1e-10
    assert grads["dw"].dtype == ref_grads["dw"].dtype
    np.testing.assert_allclose(grads["dw"], ref_grads["dw"], rtol=rtol, atol=rtol * 1e-3)
    assert float(grads["db"]) == pytest.approx(float(ref_grads["db"]), rel=rtol, abs=rtol * 1e-3)
    assert float(cost) == pytest.approx(float(ref_cost), rel=rtol)


@pytest.mark.parametrize("gram", [True, False])
@pytest.mark.parametrize("n, m", [(50, 20), (5, 120), (1, 1), (300, 33)])
def test_optimize_both_paths_match_twin(gram, n, m):
    w, b, X, Y = _problem(n * m, n, m)
    ours = fl._train(w, b, X, Y, np.dtype(np.float64), 250, 0.05, method="gram" if gram else "direct")
    params, grads, costs = naive.optimize(w, b, X, Y, 250, 0.05)
    w_out, b_out, dw, db, our_costs = ours
    np.testing.assert_allclose(w_out, params["w"], rtol=1e-10, atol=1e-13)
    assert b_out == pytest.approx(params["b"], rel=1e-10, abs=1e-13)
    np.testing.assert_allclose(dw, grads["dw"], rtol=1e-8, atol=1e-13)
    assert db == pytest.approx(grads["db"], rel=1e-8, abs=1e-13)
    np.testing.assert_allclose(our_costs, costs, rtol=1e-11)


def test_optimize_public_and_path_choice():
    # the engine's one Gram policy, with one output unit
    assert engine.choose_method(12288, 1, 209, 2000) == "gram"
    assert engine.choose_method(2, 1, 400, 2000) == "direct"
    assert engine.choose_method(12288, 1, 209, 1) == "direct"
    # a one-unit first layer is bound by reading X: Gram from a few iterations on
    assert engine.choose_method(12288, 1, 209, 100) == "gram"
    w, b, X, Y = _problem(1, 400, 30)
    w_copy, X_copy = w.copy(), X.copy()
    params, grads, costs = fl.optimize(w, b, X, Y, num_iterations=101, learning_rate=0.009)
    ref = naive.optimize(w, b, X, Y, 101, 0.009)
    np.testing.assert_allclose(params["w"], ref[0]["w"], rtol=1e-10)
    assert len(costs) == 2 and params["w"] is not w
    np.testing.assert_array_equal(w, w_copy)
    np.testing.assert_array_equal(X, X_copy)
    # the newer course's defaults (100 iterations at 0.009)
    assert len(fl.optimize(w, b, X, Y)[2]) == 1


@SETTINGS
@given(seed=st.integers(0, 2**16), n=st.integers(1, 20), m=st.integers(1, 50),
       dtype=st.sampled_from([np.float64, np.float32, np.int64]))
def test_predict_and_sigmoid_match_twin(seed, n, m, dtype):
    w, b, X, _ = _problem(seed, n, m)
    X = (X * 3).astype(dtype)
    np.testing.assert_array_equal(fl.predict(w, b, X), naive.predict(w, b, X))
    s = fl.sigmoid(X)
    assert s.dtype == naive.sigmoid(X).dtype
    np.testing.assert_allclose(s, naive.sigmoid(X), rtol=1e-6 if dtype == np.float32 else 1e-15)


def test_sigmoid_scalars_and_initialize():
    assert fl.sigmoid(0) == 0.5 and isinstance(fl.sigmoid(0.0), np.float64)
    np.testing.assert_allclose(fl.sigmoid(np.array([0, 2])), [0.5, 0.88079708])
    w, b = fl.initialize_with_zeros(2)
    assert w.shape == (2, 1) and not w.any() and b == 0.0 and isinstance(b, float)


# ------------------------------------------------------------------ gradients

def test_propagate_gradient_central_differences():
    w, b, X, Y = _problem(7, 6, 25)
    grads, _ = fl.propagate(w, b, X, Y)
    eps = 1e-6
    numeric = np.zeros_like(w)
    for i in range(w.shape[0]):
        up, down = w.copy(), w.copy()
        up[i] += eps
        down[i] -= eps
        numeric[i] = (fl.propagate(up, b, X, Y)[1] - fl.propagate(down, b, X, Y)[1]) / (2 * eps)
    np.testing.assert_allclose(grads["dw"], numeric, rtol=1e-6, atol=1e-9)
    db = (fl.propagate(w, b + eps, X, Y)[1] - fl.propagate(w, b - eps, X, Y)[1]) / (2 * eps)
    assert grads["db"] == pytest.approx(db, rel=1e-6, abs=1e-9)


# ------------------------------------------------------------------ bad input

@pytest.mark.parametrize("call, error, match", [
    (lambda w, b, X, Y: fl.propagate(w[:-1], b, X, Y), ValueError, r"w must have shape \(4, 1\)"),
    (lambda w, b, X, Y: fl.propagate(w, b, X[0], Y), ValueError, "X must be 2-D"),
    (lambda w, b, X, Y: fl.propagate(w, b, X, Y[:, :-1]), ValueError, r"Y must have shape \(1, 9\)"),
    (lambda w, b, X, Y: fl.propagate(w, np.ones(2), X, Y), ValueError, "b must be a real scalar"),
    (lambda w, b, X, Y: fl.propagate(w, b, np.where(X > 0, np.nan, X), Y), ValueError, "X contains NaN"),
    (lambda w, b, X, Y: fl.propagate(w, b, X, np.full(Y.shape, np.nan)), ValueError, "Y contains NaN"),
    (lambda w, b, X, Y: fl.propagate(w, float("inf"), X, Y), ValueError, "b must be finite"),
    (lambda w, b, X, Y: fl.propagate(w, b, X.astype(str), Y), TypeError, "X must hold real numbers"),
    (lambda w, b, X, Y: fl.propagate(w, b, X[:, :0], Y[:, :0]), ValueError, "at least one example"),
    (lambda w, b, X, Y: fl.optimize(w, b, X, Y, -1, 0.1), ValueError, "num_iterations"),
    (lambda w, b, X, Y: fl.optimize(w, b, X, Y, 10.5, 0.1), TypeError, "num_iterations"),
    (lambda w, b, X, Y: fl.optimize(w, b, X, Y, 10, float("nan")), ValueError, "learning_rate"),
    (lambda w, b, X, Y: fl.optimize(w, b, X, Y, 10, "fast"), TypeError, "learning_rate"),
    (lambda w, b, X, Y: fl.predict(w[:-1], b, X), ValueError, "w must have 4 entries"),
    (lambda w, b, X, Y: fl.model(X, Y, X[:-1], Y), ValueError, "X_test must have 4 rows"),
    (lambda w, b, X, Y: fl.model(X, Y, X, Y[:, :3]), ValueError, r"Y_test must have shape \(1, 9\)"),
    (lambda w, b, X, Y: fl.initialize_with_zeros(0), ValueError, "dim"),
])
def test_bad_input(call, error, match):
    w, b, X, Y = _problem(3, 4, 9)
    with pytest.raises(error, match=match):
        call(w, b, X, Y)
