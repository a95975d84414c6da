"""One rule per argument (README, "Input rules"): each rule that had drifted
into several copies now has one home, and every function that takes the
argument answers the same way."""
import numpy as np
import pytest

import fastdnn
from fastdnn import gradcheck, shallow, softmax, threelayer
from fastdnn._product.training import EarlyStopping


def three_layer_case():
    rng = np.random.RandomState(1)
    X = rng.randn(3, 5)
    parameters = {"W1": rng.randn(4, 3), "b1": np.zeros((4, 1)), "W2": rng.randn(3, 4), "b2": np.zeros((3, 1)),
                  "W3": rng.randn(2, 3), "b3": np.zeros((2, 1))}
    Y = (rng.rand(2, 5) > 0.5) * 1.0
    return X, Y, parameters


def test_a_transposed_Y_is_refused_by_every_three_layer_function():
    """threelayer reshaped any Y of the right size onto A3: a transposed Y for
    two units gave a wrong cost silently (as network's compute_cost once did)."""
    X, Y, parameters = three_layer_case()
    a3, cache = threelayer.forward_propagation(X, parameters)
    right = threelayer.compute_loss(a3, Y)
    assert np.isfinite(right)
    for call in (lambda: threelayer.compute_loss(a3, Y.T),
                 lambda: threelayer.backward_propagation(X, Y.T, cache),
                 lambda: gradcheck.gradient_check_n(parameters, threelayer.backward_propagation(X, Y, cache),
                                                    X, Y.T),
                 lambda: fastdnn.compute_cost(a3, Y.T)):
        with pytest.raises(ValueError, match=r"shape \(2, 5\).*got shape \(5, 2\)"):
            call()


@pytest.mark.parametrize("labels, error, match", [(np.array([0, 1, 2, 1.5]), ValueError, "class indices 0..2"),
                                                  (np.array([True, False, True, False]), TypeError, "booleans"),
                                                  (np.array([0, 1, 3, 1]), ValueError, "class indices 0..2"),
                                                  (np.array([0, 1, np.nan, 1]), ValueError, "NaN")])
def test_class_labels_one_rule_for_softmax_and_fit(labels, error, match):
    """softmax.cross_entropy raised TypeError for non-integral labels and refused
    bools, fit raised ValueError and took bools: now both follow _checks.class_labels."""
    Z = np.random.default_rng(0).standard_normal((3, 4))
    with pytest.raises(error, match=match):
        softmax.cross_entropy(Z, labels)
    with pytest.raises(error, match=match):
        fastdnn.fit(Z, labels, [3, 3], output="softmax", learning_rate=0.1, num_epochs=1)


def test_the_week_3_parameters_follow_the_network_rule():
    X = np.ones((2, 3))
    parameters = shallow.initialize_parameters(2, 4, 1)
    bad_bias = dict(parameters, b2=np.zeros((2, 1)))
    for call in (lambda p: shallow.forward_propagation(X, p), lambda p: fastdnn.L_model_forward(X, p)):
        with pytest.raises(ValueError, match=r"b of layer 2"):
            call(bad_bias)
    with pytest.raises(ValueError, match="two layers"):
        shallow.forward_propagation(X, {**parameters, "W3": np.ones((1, 1)), "b3": np.zeros((1, 1))})
    with pytest.raises(TypeError, match="parameters must be a dict"):
        shallow.update_parameters([1], {}, 0.1)


def test_the_three_layer_cache_checks_its_biases():
    X, Y, parameters = three_layer_case()
    _, cache = threelayer.forward_propagation(X, parameters)
    cache = list(cache)
    cache[7] = np.zeros((4, 1))  # b2 of 3 units
    with pytest.raises(ValueError, match="b of layer 2"):
        threelayer.backward_propagation(X, Y, tuple(cache))


def test_early_stopping_counts_checks_since_the_best():
    stopping = EarlyStopping(2)
    assert stopping.improved({"cost": 1.0}, 0) and not stopping.stop
    assert not stopping.improved({"cost": 1.0}, 1) and not stopping.stop  # equal is no improvement
    assert stopping.improved({"cost": 0.5, "accuracy": 0.9}, 2)
    assert not stopping.improved({"cost": 0.7}, 3) and not stopping.improved({"cost": 0.6}, 4)
    assert stopping.stop and stopping.best == {"cost": 0.5, "accuracy": 0.9, "epoch": 2}
