"""Layer and network functions against the numpy twins over random shapes,
dtypes and layouts; central-difference gradient checks for every backward."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fastdnn
import naive
from strategies import arrays, expected_dtype, matrix_dims, tolerance

ACTIVATIONS = ["relu", "sigmoid", "tanh"]


def as64(*xs):
    return [np.asarray(x, dtype=np.float64) for x in xs]


def close(actual, expected, *inputs, rtol=None):
    rtol = tolerance(*inputs) if rtol is None else rtol
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=rtol * max(1.0, np.abs(expected).max(initial=0)))


@st.composite
def layer(draw):
    n_prev, n, m = draw(matrix_dims), draw(matrix_dims), draw(matrix_dims)
    b_shape = draw(st.sampled_from([(n, 1), (n,)]))
    return draw(arrays((n_prev, m))), draw(arrays((n, n_prev))), draw(arrays(b_shape))


@settings(max_examples=60, deadline=None)
@given(inputs=layer(), activation=st.sampled_from(ACTIVATIONS))
def test_forward_layer_matches_numpy(inputs, activation):
    A, W, b = inputs
    copies = [x.copy() for x in inputs]
    Z, cache = fastdnn.linear_forward(A, W, b)
    Z_ref, _ = naive.linear_forward(*as64(A, W, np.reshape(b, (-1, 1))))
    close(Z, Z_ref, A, W, b)
    assert Z.dtype == expected_dtype(A, W, b)
    assert all(c is x for c, x in zip(cache, inputs))
    A_out, ((a, w, bb), Z2) = fastdnn.linear_activation_forward(A, W, b, activation)
    A_ref, _ = naive.linear_activation_forward(*as64(A, W, np.reshape(b, (-1, 1))), activation)
    close(A_out, A_ref, A, W, b)
    close(Z2, Z_ref, A, W, b)
    for x, c in zip(inputs, copies):
        np.testing.assert_array_equal(x, c)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), inputs=layer(), activation=st.sampled_from(ACTIVATIONS))
def test_backward_layer_matches_numpy(data, inputs, activation):
    A, W, b = inputs
    n, m = W.shape[0], A.shape[1]
    dZ, Z = data.draw(arrays((n, m))), data.draw(arrays((n, m)))
    copies = [x.copy() for x in (A, W, b, dZ, Z)]
    got = fastdnn.linear_backward(dZ, (A, W, b))
    want = naive.linear_backward(*as64(dZ), tuple(as64(A, W, b)))
    for g, w in zip(got, want):
        close(g, w, A, W, b, dZ)
    assert got[2].shape == b.shape
    got = fastdnn.linear_activation_backward(dZ, ((A, W, b), Z), activation)
    want = naive.linear_activation_backward(*as64(dZ), (tuple(as64(A, W, b)), *as64(Z)), activation)
    for g, w in zip(got, want):
        close(g, w, A, W, b, dZ, Z)
    for x, c in zip((A, W, b, dZ, Z), copies):
        np.testing.assert_array_equal(x, c)


@st.composite
def network(draw, dtype=None):
    dims = draw(st.lists(matrix_dims, min_size=2, max_size=5))
    dims[-1] = draw(st.integers(1, 2))
    m = draw(matrix_dims)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = draw(arrays((dims[l], dims[l - 1]), dtype=dtype, scale=1.0))
        parameters[f"b{l}"] = draw(arrays((dims[l], 1), dtype=dtype, scale=0.5))
    X = draw(arrays((dims[0], m), dtype=dtype))
    Y = draw(arrays((dims[-1], m), dtype=np.int64)) % 2
    return X, Y, parameters


@settings(max_examples=60, deadline=None)
@given(net=network())
def test_network_matches_numpy(net):
    X, Y, parameters = net
    snapshot = {k: v.copy() for k, v in parameters.items()}
    AL, caches = fastdnn.L_model_forward(X, parameters)
    p64 = {k: as64(v)[0] for k, v in parameters.items()}
    AL_ref, caches_ref = naive.L_model_forward(as64(X)[0], p64)
    inputs = [X, *parameters.values()]
    # float32 layers round every intermediate; their error compounds through the chain
    rtol = 1e-4 if any(x.dtype == np.float32 for x in inputs) else 1e-11
    close(AL, AL_ref, rtol=rtol)
    assert len(caches) == len(caches_ref) and caches[0][0][0] is X
    AL_safe = np.clip(AL_ref, 0.05, 0.95)  # keep log/divide well conditioned
    with np.errstate(all="ignore"):
        close(fastdnn.compute_cost(AL_safe, Y), naive.compute_cost(AL_safe, Y), rtol=1e-12)
    grads = fastdnn.L_model_backward(AL_safe, Y, caches)
    grads_ref = naive.L_model_backward(AL_safe, Y, caches_ref)
    assert set(grads) == set(grads_ref)
    for key in grads_ref:
        close(grads[key], grads_ref[key], rtol=rtol)
    updated = fastdnn.update_parameters(parameters, grads, 0.3)
    for key, value in naive.update_parameters(p64, grads_ref, 0.3).items():
        close(updated[key], value, rtol=rtol)
    for key, value in snapshot.items():
        np.testing.assert_array_equal(parameters[key], value)


def central_difference(f, x, eps=1e-6):
    """Gradient of the scalar f at x, by central differences (x is modified and restored)."""
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + eps
        up = f()
        x[index] = saved - eps
        down = f()
        x[index] = saved
        grad[index] = (up - down) / (2 * eps)
    return grad


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_layer_gradients(activation):
    rng = np.random.default_rng(7)
    A, W, b = rng.normal(size=(4, 6)), rng.normal(size=(3, 4)), rng.normal(size=(3, 1))
    dA = rng.normal(size=(3, 6))
    m = A.shape[1]

    def objective():  # per-example loss L = sum(dA * g(W A + b)); the course averages dW, db over m
        return np.sum(dA * fastdnn.linear_activation_forward(A, W, b, activation)[0])

    _, cache = fastdnn.linear_activation_forward(A, W, b, activation)
    dA_prev, dW, db = fastdnn.linear_activation_backward(dA, cache, activation)
    np.testing.assert_allclose(dW, central_difference(objective, W) / m, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(db, central_difference(objective, b) / m, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dA_prev, central_difference(objective, A), rtol=1e-6, atol=1e-8)

    dA_prev, dW, db = fastdnn.linear_backward(dA, (A, W, b))
    linear = lambda: np.sum(dA * fastdnn.linear_forward(A, W, b)[0])  # noqa: E731
    np.testing.assert_allclose(dW, central_difference(linear, W) / m, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(db, central_difference(linear, b) / m, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dA_prev, central_difference(linear, A), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("dims", [[3, 1], [4, 5, 1], [5, 4, 3, 1], [3, 6, 2, 4, 1]])
def test_L_model_backward_gradients(dims):
    rng = np.random.default_rng(len(dims))
    m = 7
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.normal(size=(dims[l], dims[l - 1]))
        parameters[f"b{l}"] = rng.normal(size=(dims[l], 1)) * 0.1
    X = rng.normal(size=(dims[0], m))
    Y = (rng.random((1, m)) > 0.5).astype(float)

    def cost():
        return fastdnn.compute_cost(fastdnn.L_model_forward(X, parameters)[0], Y)

    AL, caches = fastdnn.L_model_forward(X, parameters)
    grads = fastdnn.L_model_backward(AL, Y, caches)
    for key, value in parameters.items():
        np.testing.assert_allclose(grads["d" + key], central_difference(cost, value), rtol=1e-5, atol=1e-8)
    # dA0 is the per-example gradient: m times the gradient of the averaged cost
    np.testing.assert_allclose(grads["dA0"], m * central_difference(cost, X), rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("size", [(128, 300), (1, 50_000)])
def test_parallel_layer_paths_match_numpy(size):
    """Shapes above the parallel threshold, many rows and a single row."""
    n, m = size
    rng = np.random.default_rng(n)
    A, W, b = rng.normal(size=(16, m)), rng.normal(size=(n, 16)), rng.normal(size=(n, 1))
    for activation in ACTIVATIONS:
        A_out, cache = fastdnn.linear_activation_forward(A, W, b, activation)
        A_ref, cache_ref = naive.linear_activation_forward(A, W, b, activation)
        np.testing.assert_allclose(A_out, A_ref, rtol=1e-12, atol=1e-12)
        dA = rng.normal(size=(n, m))
        for g, w in zip(fastdnn.linear_activation_backward(dA, cache, activation),
                        naive.linear_activation_backward(dA, cache_ref, activation)):
            np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-10)
    parameters = {"W1": W, "b1": b}
    grads = {"dW1": rng.normal(size=W.shape), "db1": rng.normal(size=b.shape)}
    big = {"W1": rng.normal(size=(300, 200)), "b1": b}
    big_grads = {"dW1": rng.normal(size=(300, 200)), "db1": grads["db1"]}
    as32 = {k: v.astype(np.float32) for k, v in big.items()}, {k: v.astype(np.float32) for k, v in big_grads.items()}
    for p, g in ((parameters, grads), (big, big_grads), as32):
        for key, value in fastdnn.update_parameters(p, g, 0.01).items():
            assert value.dtype == p[key].dtype
            np.testing.assert_array_equal(value, p[key] - 0.01 * g["d" + key])


def test_nan_propagates_through_the_network():
    rng = np.random.default_rng(0)
    parameters = {"W1": rng.normal(size=(3, 2)), "b1": np.zeros((3, 1)), "W2": rng.normal(size=(1, 3)), "b2": np.zeros((1, 1))}
    X = rng.normal(size=(2, 4))
    X[0, 1] = np.nan
    AL, caches = fastdnn.L_model_forward(X, parameters)
    AL_ref, _ = naive.L_model_forward(X, parameters)
    np.testing.assert_array_equal(np.isnan(AL), np.isnan(AL_ref))
    assert np.isnan(AL[0, 1]) and np.isfinite(np.delete(AL, 1)).all()


@pytest.mark.parametrize("shape", [(3, 7), (5, 300), (2, 4099)])
def test_db_is_numpys_pairwise_sum_bit_for_bit(shape):
    """db uses numpy's own summation order, so it equals the course's value exactly."""
    rng = np.random.default_rng(shape[1])
    n, m = shape
    A, W, b = rng.normal(size=(4, m)), rng.normal(size=(n, 4)), rng.normal(size=(n, 1))
    dZ = rng.normal(size=(n, m))
    np.testing.assert_array_equal(fastdnn.linear_backward(dZ, (A, W, b))[2], naive.linear_backward(dZ, (A, W, b))[2])
    _, cache = fastdnn.linear_activation_forward(A, W, b, "relu")
    expected = naive.linear_backward(naive.relu_backward(dZ, cache[1]), (A, W, b))[2]
    np.testing.assert_array_equal(fastdnn.linear_activation_backward(dZ, cache, "relu")[2], expected)
