"""fastdnn.shallow against the course's week-3 code (tests/naive_shallow.py)."""
import subprocess
import sys

import numba
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import naive_shallow as naive
from fastdnn import config
from fastdnn._core import elementary
from fastdnn import shallow as fs

SETTINGS = settings(max_examples=20, deadline=None)


@pytest.fixture(scope="module")
def flower():
    return fs.load_planar_dataset()


def _accuracy(parameters, X, Y):
    predictions = fs.predict(parameters, X)
    return ((np.dot(Y, predictions.T) + np.dot(1 - Y, 1 - predictions.T)) / float(Y.size) * 100).item()


def _network(seed, n_x, n_h, n_y, m, dtype=np.float64):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m)).astype(dtype)
    Y = (rng.random((n_y, m)) > 0.5).astype(np.uint8)
    parameters = {"W1": rng.standard_normal((n_h, n_x)).astype(dtype), "b1": rng.standard_normal((n_h, 1)),
                  "W2": rng.standard_normal((n_y, n_h)).astype(dtype), "b2": rng.standard_normal((n_y, 1))}
    return X, Y, parameters


def test_planar_dataset_is_the_courses(flower):
    X, Y = flower
    X_ref, Y_ref = naive.load_planar_dataset()
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(Y, Y_ref)
    assert X.shape == (2, 400) and Y.shape == (1, 400) and Y.dtype == np.uint8


def test_nn_model_course_numbers(flower, capsys):
    X, Y = flower
    parameters = fs.nn_model(X, Y, 4, num_iterations=10000, print_cost=True, seed=2)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Cost after iteration 0: 0.693048"
    assert lines[1] == "Cost after iteration 1000: 0.288083"
    assert len(lines) == 10
    assert _accuracy(parameters, X, Y) >= 90
    assert set(parameters) == {"W1", "b1", "W2", "b2"}
    assert parameters["b1"].shape == (4, 1) and parameters["W2"].shape == (1, 4)


@pytest.mark.parametrize("n_h, accuracy", [(1, 67.5), (2, 67.25), (3, 90.75), (5, 91.25)])
def test_hidden_layer_sizes(flower, n_h, accuracy):
    X, Y = flower
    parameters = fs.nn_model(X, Y, n_h, num_iterations=5000, seed=2)
    assert _accuracy(parameters, X, Y) == accuracy


def test_nn_model_takes_the_course_positional_arguments(flower, capsys):
    """The course's ``nn_model(X, Y, n_h, num_iterations=10000, print_cost=False)``:
    a 4th positional argument is the iteration count, never a learning rate."""
    X, Y = flower
    positional = fs.nn_model(X, Y, 4, 50, True, seed=2)
    assert "Cost after iteration 0:" in capsys.readouterr().out
    keywords = fs.nn_model(X, Y, 4, num_iterations=50, learning_rate=1.2, seed=2)
    for key in keywords:
        np.testing.assert_array_equal(positional[key], keywords[key])
    with pytest.raises(TypeError):
        fs.nn_model(X, Y, 4, 50, False, 1.2, seed=2)


def test_nn_model_matches_numpy_loop(flower):
    X, Y = flower
    ours = fs.nn_model(X, Y, 4, num_iterations=300, seed=2)
    theirs = naive.nn_model(X, Y, 4, num_iterations=300)
    for key in theirs:
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-9, atol=1e-12)
    # the older keyword form, and the global seed left as the course leaves it
    ours = fs.nn_model(X, Y, n_h=3, num_iterations=200, print_cost=False, seed=2)
    state = np.random.get_state()[1].copy()
    theirs = naive.nn_model(X, Y, n_h=3, num_iterations=200)
    np.testing.assert_array_equal(state, np.random.get_state()[1])
    for key in theirs:
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-9, atol=1e-12)


def test_fast_tanh_against_numpy():
    # not config.jit (a disk-cached test helper would keep running a stale
    # kernel), but the kernels' own flags
    @numba.njit(error_model="numpy", fastmath=set(config.CONTRACT))
    def run(a, out):
        for j in range(a.size):
            out[j] = elementary.tanh(a[j])

    rng = np.random.default_rng(0)
    a = np.concatenate([rng.standard_normal(20000) * s for s in (1e-9, 1e-3, 0.1, 0.3, 1, 5, 40)]
                       + [np.array([0.0, -0.0, np.inf, -np.inf, 1e-310])])
    out = np.empty_like(a)
    run(a, out)
    ref = np.tanh(a)
    assert np.max(np.abs(out - ref) / np.spacing(np.abs(ref) + 1e-300)) <= 6
    np.testing.assert_array_equal(np.signbit(out), np.signbit(ref))
    run(np.array([np.nan]), out[:1])
    assert np.isnan(out[0])


@SETTINGS
@given(seed=st.integers(0, 2**16), n_x=st.integers(1, 5), n_h=st.integers(1, 6), n_y=st.integers(1, 3),
       m=st.integers(1, 300), dtype=st.sampled_from([np.float64, np.float32]), fortran=st.booleans())
def test_steps_match_twin(seed, n_x, n_h, n_y, m, dtype, fortran):
    X, Y, parameters = _network(seed, n_x, n_h, n_y, m, dtype)
    if fortran:
        X = np.asfortranarray(X)
    rtol = 1e-4 if dtype == np.float32 else 1e-10
    A2, cache = fs.forward_propagation(X, parameters)
    A2_ref, cache_ref = naive.forward_propagation(X, parameters)
    assert set(cache) == set(cache_ref)
    for key in cache_ref:
        # atol: a pre-activation near 0 is a cancelling sum of O(1) terms, off by ~n_x float32 ulps of 1
        np.testing.assert_allclose(cache[key], cache_ref[key], rtol=rtol, atol=rtol * 0.1)
    assert fs.compute_cost(A2_ref, Y, parameters) == pytest.approx(naive.compute_cost(A2_ref, Y), rel=rtol)
    grads = fs.backward_propagation(parameters, cache_ref, X, Y)
    grads_ref = naive.backward_propagation(parameters, cache_ref, X, Y)
    for key in grads_ref:
        assert grads[key].shape == grads_ref[key].shape
        np.testing.assert_allclose(grads[key], grads_ref[key], rtol=rtol * 10, atol=rtol * 1e-3)
    updated = fs.update_parameters(parameters, grads_ref, 0.7)
    for key, value in naive.update_parameters(parameters, grads_ref, 0.7).items():
        np.testing.assert_allclose(updated[key], value, rtol=rtol)
    np.testing.assert_array_equal(fs.predict(parameters, X), naive.predict(parameters, X))


def test_backward_propagation_central_differences():
    X, Y, parameters = _network(5, 3, 4, 2, 30)
    grads = fs.backward_propagation(parameters, fs.forward_propagation(X, parameters)[1], X, Y)
    eps = 1e-6

    def cost(p):
        return naive.compute_cost(fs.forward_propagation(X, p)[0], Y)

    for key in ("W1", "b1", "W2", "b2"):
        numeric = np.zeros_like(parameters[key])
        for index in np.ndindex(parameters[key].shape):
            up = {k: v.copy() for k, v in parameters.items()}
            down = {k: v.copy() for k, v in parameters.items()}
            up[key][index] += eps
            down[key][index] -= eps
            numeric[index] = (cost(up) - cost(down)) / (2 * eps)
        np.testing.assert_allclose(grads["d" + key], numeric, rtol=1e-5, atol=1e-8)


def test_misc_course_helpers(flower):
    X, Y = flower
    assert fs.layer_sizes(X, Y) == (2, 4, 1)
    p = fs.initialize_parameters(2, 4, 1)
    ref = naive.initialize_parameters(2, 4, 1)
    for key in ref:
        np.testing.assert_array_equal(p[key], ref[key])
    assert isinstance(fs.compute_cost(np.full((1, 4), 0.5), np.array([[0, 1, 0, 1]])), float)
    np.testing.assert_allclose(fs.sigmoid(np.array([0.0, 2.0])), [0.5, 0.88079708])
    X_copy, p_copy = X.copy(), {k: v.copy() for k, v in p.items()}
    fs.nn_model(X, Y, 2, num_iterations=3, seed=2)
    fs.backward_propagation(p, fs.forward_propagation(X, p)[1], X, Y)
    np.testing.assert_array_equal(X, X_copy)
    for key in p:
        np.testing.assert_array_equal(p[key], p_copy[key])


def test_load_extra_datasets_without_scikit_learn():
    # the test extra installs scikit-learn: block it in a fresh interpreter
    code = ("import sys; sys.modules['sklearn'] = None\n"
            "from fastdnn import shallow\n"
            "try:\n    shallow.load_extra_datasets()\n"
            "except ImportError as error:\n    print(error)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "needs scikit-learn" in done.stdout, done.stderr[-2000:]


def test_optional_dependencies(flower):
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="matplotlib"):
            fs.plot_decision_boundary(lambda x: x[:, 0] > 0, *flower)


@pytest.mark.parametrize("call, error, match", [
    (lambda X, Y, p: fs.nn_model(X[0], Y, 4, seed=2), ValueError, "X must be 2-D"),
    (lambda X, Y, p: fs.compute_cost(np.zeros((1, 0)), np.zeros((1, 0))), ValueError, "A2 must hold at least one example"),
    (lambda X, Y, p: fs.backward_propagation(p, {"A1": np.zeros((4, 0)), "A2": np.zeros((1, 0))}, X[:, :0], Y[:, :0]),
     ValueError, "X must hold at least one example"),
    (lambda X, Y, p: fs.nn_model(X, Y[:, :-1], 4, seed=2), ValueError, r"Y must have shape \(n_y, 400\)"),
    (lambda X, Y, p: fs.nn_model(X, Y * np.nan, 4, seed=2), ValueError, "Y contains NaN"),
    (lambda X, Y, p: fs.nn_model(np.where(X > 3, np.nan, X), Y, 4, seed=2), ValueError, "X contains NaN"),
    (lambda X, Y, p: fs.nn_model(X, Y, 0, seed=2), ValueError, "n_h"),
    (lambda X, Y, p: fs.nn_model(X, Y, 4, num_iterations=2.5, seed=2), TypeError, "num_iterations"),
    (lambda X, Y, p: fs.nn_model(X, Y, 4, learning_rate=float("inf"), seed=2), ValueError, "learning_rate"),
    (lambda X, Y, p: fs.nn_model(X.astype(str), Y, 4, seed=2), TypeError, "X must hold real numbers"),
    (lambda X, Y, p: fs.forward_propagation(X[:1], p), ValueError, r"W of layer 1.*X has shape \(1, "),
    (lambda X, Y, p: fs.forward_propagation(X, {"W1": p["W1"]}), ValueError, "missing"),
    (lambda X, Y, p: fs.forward_propagation(X, [1, 2]), TypeError, "dict"),
    (lambda X, Y, p: fs.forward_propagation(X, dict(p, b1=np.zeros((3, 1)))), ValueError, "b of layer 1"),
    (lambda X, Y, p: fs.backward_propagation(p, {"A1": 1}, X, Y), TypeError, "cache"),
    (lambda X, Y, p: fs.backward_propagation(p, {"A1": np.zeros((4, 400)), "A2": np.zeros((1, 3))}, X, Y),
     ValueError, "A2"),
    (lambda X, Y, p: fs.compute_cost(np.full((1, 3), 0.5), Y), ValueError, "shape of A2"),
    (lambda X, Y, p: fs.update_parameters(p, {"dW1": p["W1"]}), ValueError, "missing 'db1'"),
    (lambda X, Y, p: fs.update_parameters(p, dict(dW1=p["W1"].T, db1=p["b1"], dW2=p["W2"], db2=p["b2"])),
     ValueError, "dW1"),
])
def test_bad_input(flower, call, error, match):
    X, Y = flower
    with pytest.raises(error, match=match):
        call(X, Y, fs.initialize_parameters(2, 4, 1))
