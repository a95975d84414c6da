"""The helper files' functions that learners' own loops call are the course's
numpy expressions to the bit: a loop feeds their results back thousands of
times, and a last-bit difference grows into printed digits (issue 22, item 6).

The course's expressions, from its files: ``sigmoid``: ``1/(1+np.exp(-x))``
(``planar_utils``, ``init_utils``, ``reg_utils``, ``gc_utils``, ``opt_utils``;
with the cache ``Z`` in ``dnn_utils``/``dnn_app_utils``), ``relu``:
``np.maximum(0,x)``, ``sigmoid_backward``: ``dA * s * (1-s)``,
``relu_backward``: ``dA`` copied and zeroed where ``Z <= 0``; the layers and
networks built on them (``naive.py``, ``naive_course2.py``, ``naive_shallow.py``).
"""
import importlib
from types import SimpleNamespace

import numpy as np
import pytest

import naive
import naive_2017
import naive_course2
import naive_shallow

#: The issue's input: a 1-ulp difference somewhere in it for the compiled exp.
X_WIDE = np.random.RandomState(0).randn(100000) * 10
SPECIAL = np.array([0.0, -0.0, np.nan, np.inf, -np.inf, -710.0, 710.0, 36.5, -36.5])

ACTIVATION_ONLY = ["planar_utils", "init_utils", "reg_utils", "gc_utils", "opt_utils", "opt_utils_v1a"]
WITH_CACHE = ["dnn_utils", "dnn_utils_v2", "dnn_app_utils", "dnn_app_utils_v2", "dnn_app_utils_v3"]


def course(name):
    return importlib.import_module(f"fastdnn.course.{name}")


def assert_bits(got, want):
    """Equal values, NaN where NaN, and the same sign of every zero."""
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape
    assert np.array_equal(got, want, equal_nan=True), f"{np.count_nonzero(got != want)} elements differ"
    assert np.array_equal(np.signbit(got), np.signbit(want))


def course_sigmoid(x):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


@pytest.mark.parametrize("x", [X_WIDE, X_WIDE[:1000].reshape(40, 25), X_WIDE[:7], SPECIAL])
@pytest.mark.parametrize("module", ACTIVATION_ONLY)
def test_sigmoid_and_relu_of_the_helper_files_are_the_courses(module, x):
    helpers = course(module)
    assert_bits(helpers.sigmoid(x), course_sigmoid(x))
    if hasattr(helpers, "relu"):
        assert_bits(helpers.relu(x), np.maximum(0, x))


@pytest.mark.parametrize("x", [X_WIDE, X_WIDE[:1000].reshape(40, 25), SPECIAL])
@pytest.mark.parametrize("module", WITH_CACHE)
def test_the_activation_helpers_and_their_backward_are_the_courses(module, x):
    helpers = course(module)
    dA = np.random.RandomState(1).randn(*x.shape)
    A, cache = helpers.sigmoid(x)
    assert_bits(A, course_sigmoid(x))
    assert cache is x
    assert_bits(helpers.relu(x)[0], np.maximum(0, x))
    with np.errstate(over="ignore", invalid="ignore"):
        s = 1 / (1 + np.exp(-x))
        assert_bits(helpers.sigmoid_backward(dA, x), dA * s * (1 - s))
    dZ = np.array(dA, copy=True)
    dZ[x <= 0] = 0
    assert_bits(helpers.relu_backward(dA, x), dZ)


def test_scalars_are_the_courses_too():
    for z in (0.3, -745.0, np.float64(2.5)):
        assert_bits(course("planar_utils").sigmoid(z), course_sigmoid(np.float64(z)))
        assert type(course("planar_utils").sigmoid(z)) is np.float64


def _deep_case(nx=20, m=300, dims=(20, 7, 5, 1)):
    rng = np.random.RandomState(4)
    X = rng.randn(nx, m)
    Y = (rng.rand(1, m) > 0.5).astype(float)
    parameters = naive.initialize_parameters_deep_app([nx, *dims])
    parameters.update({k: rng.randn(*v.shape) for k, v in parameters.items() if k[0] == "b"})
    return X, Y, parameters


@pytest.mark.parametrize("module, reference", [("dnn_app_utils", naive_2017), ("dnn_app_utils_v3", naive)])
def test_the_application_files_layers_and_networks_are_the_courses(module, reference):
    """What a learner's two_layer_model and L_layer_model call, step by step
    (the 2017 file keys its gradients and sums its db its own way)."""
    app = course(module)
    X, Y, parameters = _deep_case()
    AL, caches = app.L_model_forward(X, parameters)
    AL_ref, caches_ref = naive.L_model_forward(X, parameters)
    assert_bits(AL, AL_ref)
    for (linear, z), (linear_ref, z_ref) in zip(caches, caches_ref):
        assert_bits(z, z_ref)
    grads, grads_ref = app.L_model_backward(AL_ref, Y, caches_ref), reference.L_model_backward(AL_ref, Y, caches_ref)
    assert sorted(grads) == sorted(grads_ref)
    for key in grads_ref:
        assert_bits(grads[key], grads_ref[key])
    W, b = parameters["W1"], parameters["b1"]
    A, cache = app.linear_activation_forward(X, W, b, "sigmoid")
    assert_bits(A, naive.linear_activation_forward(X, W, b, "sigmoid")[0])
    dA = np.random.RandomState(5).randn(*A.shape)
    for got, want in zip(app.linear_activation_backward(dA, cache, "sigmoid"),
                         reference.linear_activation_backward(dA, cache, "sigmoid")):
        assert_bits(got, want)


@pytest.mark.parametrize("module", ["init_utils", "reg_utils", "opt_utils", "opt_utils_v1a"])
def test_the_course2_files_forward_propagation_is_the_courses(module):
    X, Y, _ = _deep_case(nx=5)
    parameters = naive_course2.initialize_parameters_he([5, 10, 5, 1])
    a3, cache = course(module).forward_propagation(X, parameters)
    a3_ref, cache_ref = naive_course2.forward_propagation(X, parameters)
    assert_bits(a3, a3_ref)
    for got, want in zip(cache, cache_ref):
        assert_bits(got, want)


def _planar_loop(sigmoid, X, Y, num_iterations):
    """The 2017 planar notebook's nn_model as a learner writes it: its own
    forward_propagation calls planar_utils' sigmoid (np.tanh for the hidden layer)."""
    np.random.seed(3)
    parameters = naive_shallow.initialize_parameters(X.shape[0], 4, Y.shape[0])
    for _ in range(num_iterations):
        W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
        Z1 = np.dot(W1, X) + b1
        A1 = np.tanh(Z1)
        Z2 = np.dot(W2, A1) + b2
        A2 = sigmoid(Z2)
        grads = naive_shallow.backward_propagation(parameters, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}, X, Y)
        parameters = naive_shallow.update_parameters(parameters, grads)
    return parameters


def test_the_2017_planar_notebooks_saturated_run_is_the_courses():
    """Issue 22: on planar_utils' compiled sigmoid this run printed W1[0,0] = -4.18501964
    where the course's files print -4.18496421 (real-valued labels drive A2 to 0 and 1)."""
    from fastdnn.course import testCases_week3_2017
    X, Y = testCases_week3_2017.nn_model_test_case()
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        got = _planar_loop(course("planar_utils").sigmoid, X, Y, 10000)
        want = _planar_loop(naive_shallow.sigmoid, X, Y, 10000)
    for key in want:
        assert_bits(got[key], want[key])


def test_course_2s_random_initialisation_model_is_the_courses():
    """The initialisation notebook's own model loop on init_utils (x10 random weights,
    a saturated sigmoid) against the same loop on the course's functions."""
    init_utils = course("init_utils")
    theirs = SimpleNamespace(forward_propagation=naive_course2.forward_propagation,
                             compute_loss=naive_course2.compute_cost,
                             backward_propagation=naive_course2.backward_propagation_scaled,
                             update_parameters=lambda p, g, rate: {k: p[k] - rate * g["d" + k] for k in p})
    X, Y, _, _ = init_utils.load_dataset()
    runs = []
    for helpers in (init_utils, theirs):
        parameters, costs = naive_course2.initialize_parameters_random([X.shape[0], 10, 5, 1]), []
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            for _ in range(200):
                a3, cache = helpers.forward_propagation(X, parameters)
                costs.append(helpers.compute_loss(a3, Y))
                grads = helpers.backward_propagation(X, Y, cache)
                parameters = helpers.update_parameters(parameters, grads, 0.01)
        runs.append((parameters, costs))
    (got, got_costs), (want, want_costs) = runs
    assert got_costs == want_costs
    for key in want:
        assert_bits(got[key], want[key])

