"""Bad input to the course-2 functions raises ValueError or TypeError naming
the argument (and the shapes) before any kernel runs."""
import numpy as np
import pytest

import fastdnn
from fastdnn import gradcheck, threelayer
from fastdnn.course import testCases_c2 as cases


def raises(kind, match, call, *args, **kwargs):
    with pytest.raises(kind, match=match) as info:
        call(*args, **kwargs)
    assert type(info.value) is kind
    return info.value


@pytest.mark.parametrize("keep_prob", [0, -0.5, 1.5, float("nan"), float("inf")])
def test_keep_prob_outside_zero_one(keep_prob):
    X, parameters = cases.forward_propagation_with_dropout_test_case()
    raises(ValueError, "keep_prob", fastdnn.forward_propagation_with_dropout, X, parameters, keep_prob)
    raises(ValueError, "keep_prob", fastdnn.backward_propagation_with_dropout,
           *cases.backward_propagation_with_dropout_test_case(), keep_prob)


def test_negative_or_non_numeric_lambd():
    A3, Y, parameters = cases.compute_cost_with_regularization_test_case()
    raises(ValueError, "lambd must be >= 0", fastdnn.compute_cost_with_regularization, A3, Y, parameters, -0.1)
    raises(ValueError, "lambd", fastdnn.backward_propagation_with_regularization,
           *cases.backward_propagation_with_regularization_test_case(), -1)
    raises(TypeError, "lambd", fastdnn.compute_cost_with_regularization, A3, Y, parameters, "0.1")
    raises(TypeError, "keep_prob", fastdnn.forward_propagation_with_dropout, np.ones((3, 5)), parameters, True)


@pytest.mark.parametrize("size, kind", [(0, ValueError), (-3, ValueError), (2.5, TypeError), (True, TypeError)])
def test_mini_batch_size_below_one(size, kind):
    raises(kind, "mini_batch_size", fastdnn.random_mini_batches, np.ones((2, 5)), np.ones((1, 5)), size)


def test_mini_batch_labels_must_match_the_examples():
    raises(ValueError, r"X has shape \(2, 5\), Y has shape \(1, 4\)", fastdnn.random_mini_batches,
           np.ones((2, 5)), np.ones((1, 4)))


@pytest.mark.parametrize("name, value", [("beta1", 1.0), ("beta1", -0.1), ("beta2", 1.5), ("epsilon", 0.0),
                                         ("epsilon", -1e-8), ("learning_rate", float("nan"))])
def test_adam_hyperparameters(name, value):
    parameters, grads, v, s, t, *_ = cases.update_parameters_with_adam_test_case()
    raises(ValueError, name, fastdnn.update_parameters_with_adam, parameters, grads, v, s, t, **{name: value})


def test_adam_step_count_and_moment_shapes():
    parameters, grads, v, s, *_ = cases.update_parameters_with_adam_test_case()
    raises(ValueError, "t must be at least 1", fastdnn.update_parameters_with_adam, parameters, grads, v, s, 0)
    s = dict(s, dW2=np.zeros((2, 3)))
    raises(ValueError, r"s\['dW2'\] has shape \(2, 3\) but the parameter has shape \(3, 2\)",
           fastdnn.update_parameters_with_adam, parameters, grads, v, s, 1)
    raises(ValueError, "grads is missing 'db1'", fastdnn.update_parameters_with_adam, parameters,
           {k: g for k, g in grads.items() if k != "db1"}, v, s, 1)


@pytest.mark.parametrize("beta", [1, -0.01, 2])
def test_momentum_beta(beta):
    raises(ValueError, "beta must be in", fastdnn.update_parameters_with_momentum,
           *cases.update_parameters_with_momentum_test_case(), beta, 0.01)


def test_three_layer_functions_name_the_shapes():
    X, parameters = cases.forward_propagation_with_dropout_test_case()
    raises(ValueError, r"W of layer 1 has shape \(2, 3\) but X has shape \(4, 5\)", threelayer.forward_propagation,
           np.ones((4, 5)), parameters)
    two = {k: parameters[k] for k in ("W1", "b1", "W2", "b2")}
    raises(ValueError, "three layers", threelayer.forward_propagation, X, two)
    X, Y, cache = cases.backward_propagation_with_regularization_test_case()
    raises(TypeError, "tuple of 12 arrays", threelayer.backward_propagation, X, Y, cache[:-1])
    raises(TypeError, "tuple of 14 arrays", fastdnn.backward_propagation_with_dropout, X, Y, cache, 0.8)
    raises(ValueError, r"A2 in the cache has shape \(3, 4\)", threelayer.backward_propagation, X, Y,
           cache[:5] + (np.ones((3, 4)),) + cache[6:])
    raises(ValueError, "one label per example", threelayer.backward_propagation, X, np.ones((1, 4)), cache)
    raises(ValueError, "no examples", threelayer.backward_propagation, np.ones((3, 0)), Y, cache)


def test_gradient_check_arguments():
    raises(ValueError, "epsilon", gradcheck.gradient_check, 3, 4, epsilon=0)
    X, Y, parameters = cases.gradient_check_n_test_case()
    raises(ValueError, "epsilon", fastdnn.gradient_check, parameters, X, Y, epsilon=-1)
    raises(ValueError, "lambd", fastdnn.gradient_check, parameters, X, Y, lambd=-1)
    raises(ValueError, r"theta has 3 entries", gradcheck.vector_to_dictionary, np.ones(3))
    raises(ValueError, "missing", gradcheck.gradients_to_vector, {"dW1": np.ones(2)})


def test_2d_dataset_absent_names_the_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    raises(FileNotFoundError, r"datasets/data\.mat", fastdnn.datasets.load_2D_dataset)


@pytest.mark.parametrize("call, match", [
    (lambda: fastdnn.update_lr(0.1, -1, 1), "epoch_num must be >= 0"),
    (lambda: fastdnn.update_lr(0.1, 5, -2), "decay_rate must be >= 0"),
    (lambda: fastdnn.schedule_lr_decay(0.1, 5, 1, 0), "time_interval must be > 0"),
    (lambda: fastdnn.schedule_lr_decay(0.1, -1000, 1), "epoch_num must be >= 0"),
])
def test_learning_rate_decays_refuse_what_divides_by_zero(call, match):
    raises(ValueError, match, call)


def test_adam_takes_a_whole_float_step_count_as_the_course_does():
    parameters, grads, v, s, *_ = cases.update_parameters_with_adam_test_case()
    as_int = fastdnn.update_parameters_with_adam(parameters, grads, v, s, 2)
    as_float = fastdnn.update_parameters_with_adam(parameters, grads, v, s, 2.0)
    for a, b in zip(as_int, as_float):
        assert all(np.array_equal(a[k], b[k]) for k in a)
    raises(TypeError, "t must be an integer, got 1.5", fastdnn.update_parameters_with_adam, parameters, grads, v, s, 1.5)


def test_mini_batch_seed_and_gradient_check_inputs_are_named():
    raises(TypeError, "seed must be an integer", fastdnn.random_mini_batches, np.ones((2, 5)), np.ones((1, 5)), 2, 1.5)
    raises(ValueError, "seed must be between 0", fastdnn.random_mini_batches, np.ones((2, 5)), np.ones((1, 5)), 2, -1)
    raises(TypeError, "x must hold real numbers", gradcheck.gradient_check, "2", 4)
    raises(TypeError, "theta must hold real numbers", gradcheck.gradient_check, 2, [1, "a"])


def test_0d_arrays_are_their_numbers_as_in_the_course():
    parameters, grads, v, s, *_ = cases.update_parameters_with_adam_test_case()
    plain = fastdnn.update_parameters_with_adam(parameters, grads, v, s, 2, learning_rate=0.01)
    arrays = fastdnn.update_parameters_with_adam(parameters, grads, v, s, np.array(2), learning_rate=np.array(0.01))
    for a, b in zip(plain, arrays):
        assert all(np.array_equal(a[k], b[k]) for k in a)
