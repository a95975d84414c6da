"""Course-2 step functions against their numpy twins (naive_course2) over
random shapes and dtypes, and central-difference checks of the L2 and dropout
backward passes."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fastdnn
import naive_course2 as naive
from fastdnn import initializers, threelayer
from fastdnn.gradcheck import relative_difference
from strategies import arrays, expected_dtype, tolerance

FLOATS = [np.float64, np.float32]
KEYS = ("W1", "b1", "W2", "b2", "W3", "b3")


def close(actual, expected, *inputs):
    rtol = tolerance(*inputs)
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=rtol * max(1.0, np.abs(expected).max(initial=0)))


@st.composite
def network(draw, dtype=None):
    """X (n_x, m), 0/1 labels Y (1, m) and the three layers' parameters."""
    n_x, n_1, n_2, m = (draw(st.integers(1, 6)) for _ in range(4))
    dtype = draw(st.sampled_from(FLOATS)) if dtype is None else dtype
    shapes = [(n_1, n_x), (n_1, 1), (n_2, n_1), (n_2, 1), (1, n_2), (1, 1)]
    parameters = {k: draw(arrays(s, dtype=dtype)) for k, s in zip(KEYS, shapes)}
    X = draw(arrays((n_x, m), dtype=dtype))
    Y = (np.random.default_rng(draw(st.integers(0, 99))).random((1, m)) < 0.5).astype(np.int64)
    return X, Y, parameters


def as64(parameters):
    return {k: np.asarray(v, dtype=np.float64) for k, v in parameters.items()}


def cache64(cache):
    """fastdnn's own forward cache in float64: the backward passes are compared
    on the same inputs (a float32 forward's rounding, carried through three
    layers, is more than one operation's)."""
    return tuple(np.asarray(v, dtype=np.float64) for v in cache)


def close_dicts(got, want, *inputs):
    assert list(got) == list(want)
    for key in want:
        close(got[key], want[key], *inputs)


@settings(max_examples=40, deadline=None)
@given(net=network())
def test_three_layer_forward_and_backward_match_numpy(net):
    X, Y, parameters = net
    a3, cache = threelayer.forward_propagation(X, parameters)
    a3_ref, cache_ref = naive.forward_propagation(X.astype(float), as64(parameters))
    close(a3, a3_ref, X, *parameters.values())
    for got, want in zip(cache, cache_ref):
        close(got, want, X, *parameters.values())
    assert a3.dtype == expected_dtype(X, *parameters.values())
    close_dicts(threelayer.backward_propagation_scaled(X, Y, cache),
                naive.backward_propagation_scaled(X.astype(float), Y, cache64(cache)), X, *parameters.values())
    close_dicts(threelayer.backward_propagation(X, Y, cache),
                naive.backward_propagation_with_regularization(X.astype(float), Y, cache64(cache), 0), X,
                *parameters.values())


@settings(max_examples=40, deadline=None)
@given(net=network(), lambd=st.floats(0, 3))
def test_l2_cost_and_gradients_match_numpy(net, lambd):
    X, Y, parameters = net
    a3, cache = threelayer.forward_propagation(X, parameters)
    _, cache_ref = naive.forward_propagation(X.astype(float), as64(parameters))
    for got, want in zip(cache, cache_ref):
        close(got, want, X, *parameters.values())
    # the cost on the same A3: in float32 a saturated A3 of 1.0 gives inf in numpy too
    with np.errstate(divide="ignore", invalid="ignore"):
        want = naive.compute_cost_with_regularization(a3, Y, parameters, lambd)
    close(fastdnn.compute_cost_with_regularization(a3, Y, parameters, lambd), want, X, *parameters.values())
    close_dicts(fastdnn.backward_propagation_with_regularization(X, Y, cache, lambd),
                naive.backward_propagation_with_regularization(X.astype(float), Y, cache64(cache), lambd), X,
                *parameters.values())


@settings(max_examples=40, deadline=None)
@given(net=network(), keep_prob=st.floats(0.05, 1))
def test_dropout_matches_numpy_and_reseeds_every_call(net, keep_prob):
    X, Y, parameters = net
    copies = {k: v.copy() for k, v in parameters.items()}
    a3, cache = fastdnn.forward_propagation_with_dropout(X, parameters, keep_prob)
    np.random.seed(123)
    again, _ = fastdnn.forward_propagation_with_dropout(X, parameters, keep_prob)
    np.testing.assert_array_equal(a3, again)
    with np.errstate(over="ignore"):  # the course's 1 / (1 + exp(-z)) overflows for very negative z, to 0
        a3_ref, cache_ref = naive.forward_propagation_with_dropout(X.astype(float), as64(parameters), keep_prob)
    close(a3, a3_ref, X, *parameters.values())
    for got, want in zip(cache, cache_ref):
        close(got, want, X, *parameters.values())
    # (divided by keep_prob twice, a float32 forward's rounding is more than one operation's)
    close_dicts(fastdnn.backward_propagation_with_dropout(X, Y, cache, keep_prob),
                naive.backward_propagation_with_dropout(X.astype(float), Y, cache64(cache), keep_prob), X,
                *parameters.values())
    for key in parameters:
        np.testing.assert_array_equal(parameters[key], copies[key])


def central_differences(cost, parameters, epsilon=1e-6):
    grads = {}
    for key, value in parameters.items():
        grad = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            shifted = {k: v.copy() for k, v in parameters.items()}
            shifted[key][index] += epsilon
            plus = cost(shifted)
            shifted[key][index] -= 2 * epsilon
            grad[index] = (plus - cost(shifted)) / (2 * epsilon)
        grads["d" + key] = grad
    return grads


def smooth_network(seed, m=7):
    """Float64 data and parameters with every pre-activation far from the ReLU kink."""
    rng = np.random.default_rng(seed)
    while True:
        X = rng.normal(size=(4, m))
        parameters = {k: rng.normal(size=s) for k, s in zip(KEYS, [(5, 4), (5, 1), (3, 5), (3, 1), (1, 3), (1, 1)])}
        _, cache = threelayer.forward_propagation(X, parameters)
        if min(np.abs(cache[0]).min(), np.abs(cache[4]).min()) > 1e-3:
            return X, (rng.random((1, m)) < 0.5).astype(float), parameters


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("lambd", [0.0, 0.7])
def test_l2_backward_is_the_gradient_of_the_l2_cost(seed, lambd):
    X, Y, parameters = smooth_network(seed)

    def cost(p):
        return fastdnn.compute_cost_with_regularization(threelayer.forward_propagation(X, p)[0], Y, p, lambd)

    _, cache = threelayer.forward_propagation(X, parameters)
    grads = fastdnn.backward_propagation_with_regularization(X, Y, cache, lambd)
    numeric = central_differences(cost, parameters)
    for key in numeric:
        assert relative_difference(grads[key], numeric[key]) < 1e-6, key


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("keep_prob", [0.5, 0.86, 1.0])
def test_dropout_backward_is_the_gradient_of_the_dropout_cost(seed, keep_prob):
    """The forward pass reseeds, so with fixed data its cost is a function of the parameters alone."""
    X, Y, parameters = smooth_network(seed)

    def cost(p):
        return threelayer.compute_cost(fastdnn.forward_propagation_with_dropout(X, p, keep_prob)[0], Y)

    _, cache = fastdnn.forward_propagation_with_dropout(X, parameters, keep_prob)
    grads = fastdnn.backward_propagation_with_dropout(X, Y, cache, keep_prob)
    numeric = central_differences(cost, parameters)
    for key in numeric:
        assert relative_difference(grads[key], numeric[key]) < 1e-6 or np.abs(numeric[key]).max() < 1e-9, key


@st.composite
def moments(draw, dtype):
    """Two-layer parameters, gradients and first/second moments of random shapes."""
    n_x, n_1, n_2 = (draw(st.integers(1, 5)) for _ in range(3))
    shapes = {"W1": (n_1, n_x), "b1": (n_1, 1), "W2": (n_2, n_1), "b2": (n_2, 1)}
    parameters = {k: draw(arrays(s, dtype=dtype)) for k, s in shapes.items()}
    grads, v = ({"d" + k: draw(arrays(s, dtype=dtype)) for k, s in shapes.items()} for _ in range(2))
    s = {"d" + k: np.abs(draw(arrays(sh, dtype=dtype))) for k, sh in shapes.items()}
    return parameters, grads, v, s


def copied(*dicts):
    return [{k: np.array(x, copy=True) for k, x in d.items()} for d in dicts]


@settings(max_examples=40, deadline=None)
@given(data=st.data(), dtype=st.sampled_from(FLOATS), beta=st.floats(0, 0.999), rate=st.floats(0, 1, exclude_min=True))
def test_momentum_is_numpys_to_the_bit(data, dtype, beta, rate):
    parameters, grads, v, _ = data.draw(moments(dtype))
    before = copied(parameters, grads, v)
    got = fastdnn.update_parameters_with_momentum(parameters, grads, v, beta, rate)
    want = naive.update_parameters_with_momentum(*copied(parameters, grads, v), beta, rate)
    for g, w in zip(got, want):
        for key in w:
            np.testing.assert_array_equal(g[key], w[key])
            assert g[key].dtype == w[key].dtype
    for original, dictionary in zip(before, (parameters, grads, v)):
        for key in original:
            np.testing.assert_array_equal(original[key], dictionary[key])


@settings(max_examples=40, deadline=None)
@given(data=st.data(), dtype=st.sampled_from(FLOATS), t=st.integers(1, 50), beta1=st.floats(0, 0.99),
       beta2=st.floats(0, 0.9999), epsilon=st.sampled_from([1e-8, 1e-2, 1.0]))
def test_adam_is_numpys_to_the_bit(data, dtype, t, beta1, beta2, epsilon):
    parameters, grads, v, s = data.draw(moments(dtype))
    before = copied(parameters, grads, v, s)
    got = fastdnn.update_parameters_with_adam(parameters, grads, v, s, t, 0.01, beta1, beta2, epsilon)
    want = naive.update_parameters_with_adam(*copied(parameters, grads, v, s), t, 0.01, beta1, beta2, epsilon)
    for g, w in zip(got, want):
        for key in w:
            if dtype == np.float64:
                np.testing.assert_array_equal(g[key], w[key])
            else:  # numpy rounds the float32 hyperparameters once per expression, as the kernel does
                close(g[key], w[key], g[key])
            assert g[key].dtype == w[key].dtype
    for original, dictionary in zip(before, (parameters, grads, v, s)):
        for key in original:
            np.testing.assert_array_equal(original[key], dictionary[key])


@settings(max_examples=40, deadline=None)
@given(m=st.integers(1, 200), size=st.integers(1, 80), seed=st.integers(0, 2**31), n_x=st.integers(1, 4))
def test_mini_batches_are_the_courses(m, size, seed, n_x):
    X = np.arange(n_x * m, dtype=float).reshape(n_x, m)
    Y = (np.arange(m) % 3 == 0).reshape(1, m)
    got = fastdnn.random_mini_batches(X, Y, size, seed)
    want = naive.random_mini_batches(X, Y, size, seed)
    assert len(got) == len(want) == -(-m // size)
    for (gx, gy), (wx, wy) in zip(got, want):
        np.testing.assert_array_equal(gx, wx)
        np.testing.assert_array_equal(gy, wy)


@settings(max_examples=30, deadline=None)
@given(dims=st.lists(st.integers(1, 8), min_size=2, max_size=5))
def test_initializations_are_the_courses(dims):
    for name in ("initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he",
                 "initialize_parameters_scaled"):
        got, want = getattr(initializers, name)(dims), getattr(naive, name)(dims)
        assert list(got) == list(want)
        for key in want:
            np.testing.assert_array_equal(got[key], want[key])


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 400), noise=st.sampled_from([None, 0.0, 0.05, 0.3]), seed=st.integers(0, 2**31),
       factor=st.floats(0.1, 0.9), global_generator=st.booleans())
def test_circles_and_moons_are_scikit_learns(n, noise, seed, factor, global_generator):
    datasets = pytest.importorskip("sklearn.datasets", reason="scikit-learn is an optional extra")
    for ours, theirs, extra in ((fastdnn.make_circles, datasets.make_circles, {"factor": factor}),
                                (fastdnn.make_moons, datasets.make_moons, {})):
        if global_generator:
            np.random.seed(seed % 2**32)
            got = ours(n, noise=noise, **extra)
            np.random.seed(seed % 2**32)
            want = theirs(n_samples=n, noise=noise, **extra)
        else:
            got = ours(n, noise=noise, random_state=seed, **extra)
            want = theirs(n_samples=n, noise=noise, random_state=seed, **extra)
        np.testing.assert_array_equal(got[0], want[0])
        np.testing.assert_array_equal(got[1], want[1])


@pytest.mark.parametrize("dims", [[4, 1], [4, 5, 1], [3, 6, 4, 1]])
@pytest.mark.parametrize("lambd", [0.0, 0.5])
def test_network_gradient_check_passes_fastdnns_backward_and_fails_a_wrong_one(dims, lambd):
    rng = np.random.default_rng(len(dims))
    parameters = {k: v * 50 for k, v in fastdnn.initialize_parameters_deep(dims).items()}
    X, Y = rng.normal(size=(dims[0], 6)), (rng.random((1, 6)) < 0.5).astype(float)
    assert fastdnn.gradient_check(parameters, X, Y, lambd=lambd) < 1e-6
    al, caches = fastdnn.L_model_forward(X, parameters)
    wrong = fastdnn.L_model_backward(al, Y, caches)
    wrong["dW1"] = wrong["dW1"] * 2
    assert fastdnn.gradient_check(parameters, X, Y, grads=wrong, lambd=lambd) > 1e-3


def test_parallel_builds_above_the_threshold_give_the_same_bits():
    """Arrays from PARALLEL_THRESHOLD elements on run the kernels' prange builds."""
    rng = np.random.default_rng(5)
    n = fastdnn.config.PARALLEL_THRESHOLD // 100 + 1
    parameters = {"W1": rng.normal(size=(n, 100)), "b1": rng.normal(size=(n, 1))}
    grads, v = ({"d" + k: rng.normal(size=p.shape) for k, p in parameters.items()} for _ in range(2))
    s = {k: np.abs(g) for k, g in grads.items()}
    got = fastdnn.update_parameters_with_momentum(parameters, grads, v, 0.9, 0.1)
    want = naive.update_parameters_with_momentum(*copied(parameters, grads, v), 0.9, 0.1)
    got += fastdnn.update_parameters_with_adam(parameters, grads, v, s, 3)
    want += naive.update_parameters_with_adam(*copied(parameters, grads, v, s), 3)
    for g, w in zip(got, want):
        for key in w:
            np.testing.assert_array_equal(g[key], w[key])
    X = rng.normal(size=(100, 400))
    net = {k: 0.1 * rng.normal(size=s) for k, s in zip(KEYS, [(100, 100), (100, 1), (90, 100), (90, 1), (1, 90), (1, 1)])}
    Y = (rng.random((1, 400)) < 0.5).astype(float)
    _, cache = fastdnn.forward_propagation_with_dropout(X, net, 0.7)
    _, cache_ref = naive.forward_propagation_with_dropout(X, net, 0.7)
    for index in range(3):  # Z1, D1 and the dropped A1 (A3's sigmoid may differ from numpy's in the last bit)
        np.testing.assert_array_equal(cache[index], cache_ref[index])
    got = fastdnn.backward_propagation_with_dropout(X, Y, cache, 0.7)
    want = naive.backward_propagation_with_dropout(X, Y, cache, 0.7)
    for key in ("dA2", "dZ2", "dA1", "dZ1"):
        np.testing.assert_array_equal(got[key], want[key])
