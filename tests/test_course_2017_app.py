"""The 2017 ``dnn_app_utils`` (fastdnn.course.dnn_app_utils) against its numpy
twins (naive_2017.py) over random shapes, dtypes and layouts; the float db
checked by central differences; the stored two-layer cost it exists for."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import naive
import naive_2017
from fastdnn.course import dnn_app_utils as app2017
from fastdnn.course import dnn_app_utils_v2
from fastdnn.datasets import load_cat_data
from strategies import arrays
from test_layers_network import ACTIVATIONS, as64, central_difference, close, layer, network


@settings(max_examples=60, deadline=None)
@given(data=st.data(), inputs=layer(), activation=st.sampled_from(ACTIVATIONS))
def test_backward_layer_matches_numpy(data, inputs, activation):
    A, W, b = inputs
    dZ, Z = data.draw(arrays((W.shape[0], A.shape[1]))), data.draw(arrays((W.shape[0], A.shape[1])))
    copies = [x.copy() for x in (A, W, b, dZ, Z)]
    for got, want in [
        (app2017.linear_backward(dZ, (A, W, b)), naive_2017.linear_backward(*as64(dZ), tuple(as64(A, W, b)))),
        (app2017.linear_activation_backward(dZ, ((A, W, b), Z), activation),
         naive_2017.linear_activation_backward(*as64(dZ), (tuple(as64(A, W, b)), *as64(Z)), activation)),
    ]:
        for g, w in zip(got, want):
            close(g, w, A, W, b, dZ, Z)
        assert np.ndim(got[2]) == 0 and isinstance(got[2], np.floating)
    for x, c in zip((A, W, b, dZ, Z), copies):
        np.testing.assert_array_equal(x, c)


@settings(max_examples=60, deadline=None)
@given(net=network())
def test_network_backward_and_update_match_numpy(net):
    X, Y, parameters = net
    snapshot = {k: v.copy() for k, v in parameters.items()}
    AL, caches = app2017.L_model_forward(X, parameters)
    p64 = {k: as64(v)[0] for k, v in parameters.items()}
    _, caches_ref = naive.L_model_forward(as64(X)[0], p64)
    AL_safe = np.clip(as64(AL)[0], 0.05, 0.95)  # keep the divisions well conditioned
    rtol = 1e-4 if any(x.dtype == np.float32 for x in [X, *parameters.values()]) else 1e-11
    grads = app2017.L_model_backward(AL_safe, Y, caches)
    grads_ref = naive_2017.L_model_backward(AL_safe, Y, caches_ref)
    assert list(grads) == list(grads_ref)
    for key in grads_ref:
        close(grads[key], grads_ref[key], rtol=rtol)
    updated = app2017.update_parameters(parameters, grads, 0.3)
    for key, value in naive.update_parameters(p64, grads_ref, 0.3).items():
        assert updated[key].shape == value.shape
        close(updated[key], value, rtol=rtol)
    for key, value in snapshot.items():
        np.testing.assert_array_equal(parameters[key], value)


@pytest.mark.parametrize("activation", ["relu", "sigmoid"])
def test_db_is_the_gradient_of_one_shift_of_all_biases(activation):
    """The 2017 db is dJ/dβ for b + β: the gradient of the layer's biases moved together."""
    rng = np.random.default_rng(3)
    A, W, b = rng.normal(size=(4, 6)), rng.normal(size=(3, 4)), rng.normal(size=(3, 1))
    dA = rng.normal(size=(3, 6))
    shift = np.zeros(1)

    def objective():
        out, _ = app2017.linear_activation_forward(A, W, b + shift[0], activation)
        return np.sum(out * dA)

    _, cache = app2017.linear_activation_forward(A, W, b, activation)
    _, _, db = app2017.linear_activation_backward(dA, cache, activation)
    # db carries the 1/m of the cost's mean
    np.testing.assert_allclose(db * A.shape[1], central_difference(objective, shift)[0], rtol=1e-6)


def test_update_parameters_still_takes_one_db_per_unit_and_refuses_other_shapes():
    parameters = {"W1": np.ones((3, 2)), "b1": np.zeros((3, 1))}
    grads = {"dW1": np.ones((3, 2)), "db1": np.array([[1.], [2.], [3.]])}
    assert app2017.update_parameters(parameters, grads, 0.5)["b1"].tolist() == [[-0.5], [-1.0], [-1.5]]
    with pytest.raises(ValueError, match=r"grads\['db1'\] has shape \(2,\)"):
        app2017.update_parameters(parameters, {**grads, "db1": np.ones(2)}, 0.5)


def test_predict_prints_and_returns_as_the_2017_file(capsys):
    X = np.linspace(-1, 1, 209).reshape(1, 209) + 1e-3
    y = (X > 0).astype(int)
    parameters = {"W1": np.array([[5.0]]), "b1": np.zeros((1, 1))}
    p = app2017.predict(X, y, parameters)
    printed = capsys.readouterr().out
    want = naive_2017.predict(X, y, parameters)
    assert printed == capsys.readouterr().out
    assert printed == "Accuracy: 1.0\n"
    assert p.dtype == want.dtype and np.array_equal(p, want)
    dnn_app_utils_v2.predict(X, y, parameters)  # control: the later files' sum of 1/209 terms
    assert capsys.readouterr().out == "Accuracy: 0.9999999999999998\n"


def test_the_2017_two_layer_run_gives_the_2017_stored_cost(shared_data):
    """The notebook's loop for 101 iterations on the cat data: the 2017 file's
    float db gives its stored cost at iteration 100, the 2018 file's does not."""
    train_x_orig, train_y, *_ = load_cat_data(shared_data)
    X = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.
    costs = {}
    for module in (app2017, dnn_app_utils_v2):
        parameters = module.initialize_parameters(12288, 7, 1)
        for _ in range(101):
            A1, cache1 = module.linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
            A2, cache2 = module.linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
            cost = module.compute_cost(A2, train_y)
            dA2 = - (np.divide(train_y, A2) - np.divide(1 - train_y, 1 - A2))
            dA1, dW2, db2 = module.linear_activation_backward(dA2, cache2, "sigmoid")
            _, dW1, db1 = module.linear_activation_backward(dA1, cache1, "relu")
            parameters = module.update_parameters(parameters, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2},
                                                  0.0075)
        costs[module.__name__] = float(cost)
    assert costs == pytest.approx({app2017.__name__: 0.6464283150388817,
                                   dnn_app_utils_v2.__name__: 0.6464320953428849}, rel=1e-12)
