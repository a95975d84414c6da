"""Bad input raises ValueError or TypeError (never a numba error or an
AssertionError) naming the argument, the layer and the shapes."""
import numpy as np
import pytest

import fastdnn


def raises(kind, match, call, *args, **kwargs):
    """The exact exception type (not a subclass such as numba's errors) with the message."""
    with pytest.raises(kind, match=match) as info:
        call(*args, **kwargs)
    assert type(info.value) is kind
    return info.value


def small_net():
    rng = np.random.default_rng(0)
    return rng.normal(size=(4, 3)), {
        "W1": rng.normal(size=(5, 4)), "b1": np.zeros((5, 1)),
        "W2": rng.normal(size=(1, 5)), "b2": np.zeros((1, 1)),
    }


@pytest.mark.parametrize("activation", ["softmax", "Relu", None, 3])
def test_unknown_activation_lists_the_valid_names(activation):
    A, W, b = np.ones((3, 2)), np.ones((1, 3)), np.ones((1, 1))
    raises(ValueError, r"relu.*sigmoid.*tanh", fastdnn.linear_activation_forward, A, W, b, activation)
    raises(ValueError, r"relu.*sigmoid.*tanh", fastdnn.linear_activation_backward, np.ones((1, 2)), ((A, W, b), np.ones((1, 2))), activation)


def test_linear_forward_shape_mismatch_names_the_shapes():
    raises(ValueError, r"W has shape \(1, 4\) but A has shape \(3, 2\)", fastdnn.linear_forward, np.ones((3, 2)), np.ones((1, 4)), np.ones((1, 1)))
    raises(ValueError, r"b must have shape \(1, 1\).*got shape \(2, 1\)", fastdnn.linear_forward, np.ones((3, 2)), np.ones((1, 3)), np.ones((2, 1)))
    raises(ValueError, r"A must be 2-D, got shape \(3,\)", fastdnn.linear_forward, np.ones(3), np.ones((1, 3)), np.ones((1, 1)))


def test_non_numeric_arrays_are_type_errors():
    raises(TypeError, "A", fastdnn.linear_forward, np.array([["a", "b"]]), np.ones((1, 1)), np.ones((1, 1)))
    raises(TypeError, "W", fastdnn.linear_activation_forward, np.ones((1, 2)), np.array([[1j]]), np.ones((1, 1)), "relu")
    X, parameters = small_net()
    raises(TypeError, "X", fastdnn.L_model_forward, np.array([[None] * 3] * 4), parameters)


def test_L_model_forward_names_the_layer():
    X, parameters = small_net()
    bad = dict(parameters, W2=np.ones((1, 4)))
    raises(ValueError, r"W of layer 2 has shape \(1, 4\) but A1 has shape \(5, 3\)", fastdnn.L_model_forward, X, bad)
    bad = dict(parameters, b2=np.ones((2, 1)))
    raises(ValueError, r"b of layer 2 must have shape \(1, 1\)", fastdnn.L_model_forward, X, bad)
    raises(ValueError, r"W of layer 1 has shape \(5, 4\) but X has shape \(3, 3\)", fastdnn.L_model_forward, np.ones((3, 3)), parameters)


@pytest.mark.parametrize("mutate, match", [
    (lambda p: p.pop("b2"), r"missing \['b2'\]"),
    (lambda p: p.update(W3=np.ones((1, 1))), r"missing \['b3'\]"),
    (lambda p: p.update(foo=1), r"not W<l> or b<l>: \['foo'\]"),
    (lambda p: p.update(W0=1), r"not W<l> or b<l>: \['W0'\]"),
    (lambda p: [p.pop(k) for k in list(p)], r"missing \['W1', 'b1'\]"),
    (lambda p: p.pop("W1"), r"missing \['W1'\]"),
])
def test_parameters_with_missing_or_odd_keys(mutate, match):
    X, parameters = small_net()
    mutate(parameters)
    raises(ValueError, match, fastdnn.L_model_forward, X, parameters)
    raises(ValueError, match, fastdnn.update_parameters, parameters, {}, 0.1)


def test_parameters_not_a_dict():
    raises(TypeError, "parameters must be a dict", fastdnn.L_model_forward, np.ones((2, 2)), [np.ones((1, 2))])


def test_compute_cost_label_shape():
    raises(ValueError, r"Y must have AL's shape \(1, 3\).*got shape \(1, 2\)", fastdnn.compute_cost, np.full((1, 3), 0.5), np.ones((1, 2)))
    # never a reshape pairing labels with other predictions: a transposed Y of two units, a (2, 2) for (1, 4)
    al = np.array([[0.2, 0.7, 0.6], [0.4, 0.1, 0.9]])
    raises(ValueError, r"Y must have AL's shape \(2, 3\).*got shape \(3, 2\)", fastdnn.compute_cost, al, al.T > 0.5)
    raises(ValueError, r"got shape \(2, 2\)", fastdnn.compute_cost, np.full((1, 4), 0.5), np.ones((2, 2)))
    # one unit: any vector of its m labels is its row
    al, y = np.array([[0.2, 0.7, 0.6]]), np.array([[0, 1, 1]])
    assert fastdnn.compute_cost(al, y.reshape(3)) == fastdnn.compute_cost(al, y.reshape(3, 1)) == fastdnn.compute_cost(al, y)
    # one example of two units: a vector of its two labels pairs one way only
    al, y = np.array([[0.2], [0.7]]), np.array([[0], [1]])
    assert fastdnn.compute_cost(al, y.reshape(2)) == fastdnn.compute_cost(al, y.reshape(1, 2)) == fastdnn.compute_cost(al, y)
    raises(ValueError, r"AL must be 2-D", fastdnn.compute_cost, np.full(3, 0.5), np.ones(3))
    raises(TypeError, "Y", fastdnn.compute_cost, np.full((1, 2), 0.5), np.array([["a", "b"]]))


def test_L_model_backward_bad_caches_and_labels():
    X, parameters = small_net()
    AL, caches = fastdnn.L_model_forward(X, parameters)
    raises(ValueError, r"Y must have AL's shape \(1, 3\)", fastdnn.L_model_backward, AL, np.ones((1, 2)), caches)
    raises(TypeError, "caches must be a non-empty list or tuple", fastdnn.L_model_backward, AL, np.ones((1, 3)), None)
    raises(TypeError, "caches must be a non-empty list or tuple", fastdnn.L_model_backward, AL, np.ones((1, 3)), [])
    raises(TypeError, r"of layer 2 must be a tuple of 2 items", fastdnn.L_model_backward, AL, np.ones((1, 3)), [caches[0], "x"])
    raises(ValueError, r"AL has shape \(1, 4\) but the last cache's Z has shape \(1, 3\)",
           fastdnn.L_model_backward, np.full((1, 4), 0.5), np.ones((1, 4)), caches)
    swapped = [caches[1], caches[0]]
    raises(ValueError, r"cache of layer 2 holds A_prev of shape \(4, 3\), but layer 1 has W of shape \(1, 5\)", fastdnn.L_model_backward, AL, np.ones((1, 3)), swapped)
    (a, w, b), z = caches[1]
    raises(ValueError, r"Z of layer 2 must have shape \(1, 3\), got \(2, 3\)",
           fastdnn.L_model_backward, AL, np.ones((1, 3)), [caches[0], ((a, w, b), np.ones((2, 3)))])


def test_linear_backward_bad_input():
    A, W, b = np.ones((3, 2)), np.ones((1, 3)), np.ones((1, 1))
    raises(ValueError, r"dZ must have shape \(1, 2\), got \(2, 2\)", fastdnn.linear_backward, np.ones((2, 2)), (A, W, b))
    raises(TypeError, r"must be a tuple of 3 items", fastdnn.linear_backward, np.ones((1, 2)), (A, W))
    raises(ValueError, r"dA must have shape \(1, 2\)", fastdnn.linear_activation_backward, np.ones((1, 3)), ((A, W, b), np.ones((1, 2))), "relu")


def test_update_parameters_bad_grads_and_rate():
    _, parameters = small_net()
    grads = {f"d{k}": np.zeros_like(v) for k, v in parameters.items()}
    raises(ValueError, r"grads is missing 'db2'", fastdnn.update_parameters, parameters, {k: v for k, v in grads.items() if k != "db2"}, 0.1)
    raises(ValueError, r"grads\['dW1'\] has shape \(4, 5\) but parameters\['W1'\] has shape \(5, 4\)",
           fastdnn.update_parameters, parameters, dict(grads, dW1=np.zeros((4, 5))), 0.1)
    raises(TypeError, "learning_rate must be a real number", fastdnn.update_parameters, parameters, grads, "0.1")
    raises(ValueError, "learning_rate must be finite", fastdnn.update_parameters, parameters, grads, float("nan"))
    raises(TypeError, "grads must be a dict", fastdnn.update_parameters, parameters, None, 0.1)


@pytest.mark.parametrize("args, kind", [((0, 2, 1), ValueError), ((2.5, 2, 1), TypeError), ((2, -1, 1), ValueError)])
def test_initialize_bad_sizes(args, kind):
    raises(kind, "n_", fastdnn.initialize_parameters, *args)


def test_initialize_deep_bad_dims():
    raises(ValueError, r"layer_dims\[1\] \(layer 1\) must be at least 1", fastdnn.initialize_parameters_deep, [3, 0, 1])
    raises(ValueError, "at least one layer", fastdnn.initialize_parameters_deep_app, [3])


def test_no_examples_is_a_value_error():
    """m = 0 has no average to take (the course's code divides by zero)."""
    A, W, b = np.ones((3, 0)), np.ones((1, 3)), np.ones((1, 1))
    raises(ValueError, r"A_prev has no examples \(shape \(3, 0\)\)", fastdnn.linear_backward, np.ones((1, 0)), (A, W, b))
    raises(ValueError, r"A_prev has no examples", fastdnn.linear_activation_backward, np.ones((1, 0)), ((A, W, b), np.ones((1, 0))), "relu")
    raises(ValueError, r"A_prev of layer 1 has no examples", fastdnn.L_model_backward, np.ones((1, 0)), np.ones((1, 0)), [((A, W, b), np.ones((1, 0)))])
    raises(ValueError, r"with m >= 1, got shape \(1, 0\)", fastdnn.compute_cost, np.ones((1, 0)), np.ones((1, 0)))
    assert fastdnn.L_model_forward(A, {"W1": W, "b1": b})[0].shape == (1, 0)


@pytest.mark.parametrize("dims", [None, 5])
def test_layer_dims_not_a_sequence(dims):
    for init in (fastdnn.initialize_parameters_deep, fastdnn.initialize_parameters_deep_app):
        raises(TypeError, "layer_dims must be a sequence", init, dims)
