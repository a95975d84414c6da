"""fastdnn's course-2 functions on the course's test cases give the numbers the
course's notebooks print, and the optimisation notebook's first 1000 epochs
(gd, momentum, Adam) print its costs."""
import numpy as np
import pytest

import fastdnn
from fastdnn import gradcheck, initializers, threelayer
from fastdnn.course import opt_utils_v1a
from fastdnn.course import testCases_c2 as cases


def assert_printed(value, printed):
    """``value`` shows as the course's printed (8-decimal) array."""
    np.testing.assert_allclose(value, np.array(printed), rtol=0, atol=5e-9)


def test_initializations_print_the_courses_values():
    p = initializers.initialize_parameters_random([3, 2, 1])
    assert_printed(p["W1"], [[17.88628473, 4.36509851, 0.96497468], [-18.63492703, -2.77388203, -3.54758979]])
    assert_printed(p["W2"], [[-0.82741481, -6.27000677]])
    p = initializers.initialize_parameters_he([2, 4, 1])
    assert_printed(p["W1"], [[1.78862847, 0.43650985], [0.09649747, -1.8634927], [-0.2773882, -0.35475898],
                             [-0.08274148, -0.62700068]])
    assert_printed(p["W2"], [[-0.03098412, -0.33744411, -0.92904268, 0.62552248]])
    p = initializers.initialize_parameters_he([3, 1, 2])
    assert_printed(p["W1"], [[1.46040903, 0.3564088, 0.07878985]])
    assert all(not v.any() for v in initializers.initialize_parameters_zeros([3, 2, 1]).values())


def test_regularization_prints_the_courses_values():
    assert fastdnn.compute_cost_with_regularization(*cases.compute_cost_with_regularization_test_case(),
                                                    lambd=0.1) == 1.7864859451590758
    grads = fastdnn.backward_propagation_with_regularization(
        *cases.backward_propagation_with_regularization_test_case(), lambd=0.7)
    assert_printed(grads["dW1"], [[-0.25604646, 0.12298827, -0.28297129], [-0.17706303, 0.34536094, -0.4410571]])
    assert_printed(grads["dW2"], [[0.79276486, 0.85133918], [-0.0957219, -0.01720463], [-0.13100772, -0.03750433]])
    assert_printed(grads["dW3"], [[-1.77691347, -0.11832879, -0.09397446]])
    A3, _ = fastdnn.forward_propagation_with_dropout(*cases.forward_propagation_with_dropout_test_case(),
                                                     keep_prob=0.7)
    assert_printed(A3, [[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]])
    grads = fastdnn.backward_propagation_with_dropout(*cases.backward_propagation_with_dropout_test_case(),
                                                      keep_prob=0.8)
    assert_printed(grads["dA1"], [[0.36544439, 0., -0.00188233, 0., -0.17408748],
                                  [0.65515713, 0., -0.00337459, 0., -0.]])
    assert_printed(grads["dA2"], [[0.58180856, 0., -0.00299679, 0., -0.27715731],
                                  [0., 0.53159854, -0., 0.53159854, -0.34089673],
                                  [0., 0., -0.00292733, 0., -0.]])


def test_gradient_checks_print_the_courses_differences():
    assert gradcheck.gradient_check(3, 4) == 7.814075313343006e-11
    X, Y, parameters = cases.gradient_check_n_test_case()
    _, cache = gradcheck.forward_propagation_n(X, Y, parameters)
    gradients = gradcheck.backward_propagation_n(X, Y, cache)
    # a difference at rounding level: these digits need every cost bit for bit as numpy's
    assert gradcheck.gradient_check_n(parameters, gradients, X, Y) == pytest.approx(1.1890913024229996e-07, rel=1e-6)
    theta, keys = gradcheck.dictionary_to_vector(parameters)
    assert theta.shape == (47, 1) and keys[:21] == ["W1"] * 20 + ["b1"]
    back = gradcheck.vector_to_dictionary(theta)
    assert all(np.array_equal(back[k], parameters[k]) for k in parameters)


def test_optimizers_print_the_courses_values():
    p = fastdnn.update_parameters_with_gd(*cases.update_parameters_with_gd_test_case())
    assert_printed(p["W1"], [[1.63312395, -0.61217855, -0.5339999], [-1.06196243, 0.85396039, -2.3105546]])
    assert_printed(p["b2"], [[1.13773698], [-1.09301954], [-0.16397615]])
    X, Y, size = cases.random_mini_batches_test_case()
    batches = fastdnn.random_mini_batches(X, Y, size)
    assert [b[0].shape for b in batches] == [(12288, 64), (12288, 64), (12288, 20)]
    assert_printed(batches[0][0][0][0:3], [0.90085595, -0.7612069, 0.2344157])
    p, v = fastdnn.update_parameters_with_momentum(*cases.update_parameters_with_momentum_test_case(), beta=0.9,
                                                   learning_rate=0.01)
    assert_printed(p["W1"], [[1.62522322, -0.61179863, -0.52875457], [-1.071868, 0.86426291, -2.30244029]])
    assert_printed(v["db2"], [[-0.03967535], [-0.06871727], [-0.08452056]])
    p, *_ = fastdnn.update_parameters_with_adam(*cases.update_parameters_with_adam_test_case())
    assert_printed(p["W1"], [[1.63937725, -0.62327448, -0.54308727], [-1.0578897, 0.85032154, -2.31657668]])
    assert_printed(p["b2"], [[1.14852557], [-1.08492339], [-0.15740527]])
    assert fastdnn.update_lr(0.5, 2, 1) == 0.16666666666666666
    assert fastdnn.schedule_lr_decay(0.5, 10, 0.3, 100) == 0.5
    assert fastdnn.schedule_lr_decay(0.5, 100, 0.3, 100) == 0.3846153846153846


def test_older_optimisation_cases_print_the_older_notebooks_values():
    """The optimisation notebooks' testCases of 2017-2022 (W2 (3, 3)): the
    printed Expected Output of Optimization_methods_v1b (2018-2020, its
    ``update_parameters_with_adam(parameters, grads, v, s, t=2)``) and the
    2021-2022 grader's values (the notebook sets t=2, 0.02, 0.8, 0.888, 1e-2)."""
    from fastdnn.course import testCases_c2_2017 as older
    p = fastdnn.update_parameters_with_gd(*older.update_parameters_with_gd_test_case())
    assert_printed(p["W1"], [[1.63535156, -0.62320365, -0.53718766], [-1.07799357, 0.85639907, -2.29470142]])
    assert_printed(p["W2"], [[0.32171798, -0.25467393, 1.46902454], [-2.05617317, -0.31554548, -0.3756023],
                             [1.1404819, -1.09976462, -0.1612551]])
    assert_printed(p["b2"], [[-0.88020257], [0.02561572], [0.57539477]])
    v = fastdnn.initialize_velocity(older.initialize_velocity_test_case())
    assert [v[k].shape for k in ("dW1", "db1", "dW2", "db2")] == [(2, 3), (2, 1), (3, 3), (3, 1)]
    p, v = fastdnn.update_parameters_with_momentum(*older.update_parameters_with_momentum_test_case(), beta=0.9,
                                                   learning_rate=0.01)
    assert_printed(p["W1"], [[1.62544598, -0.61290114, -0.52907334], [-1.07347112, 0.86450677, -2.30085497]])
    assert_printed(v["dW2"], [[-0.02678881, 0.05303555, -0.06916608], [-0.03967535, -0.06871727, -0.08452056],
                              [-0.06712461, -0.00126646, -0.11173103]])
    assert_printed(v["db2"], [[0.02344157], [0.16598022], [0.07420442]])
    v, s = fastdnn.initialize_adam(older.initialize_adam_test_case())
    assert s["dW2"].shape == (3, 3)
    parameters, grads, v, s = older.update_parameters_with_adam_test_case()
    p, v, s, *_ = fastdnn.update_parameters_with_adam(parameters, grads, v, s, t=2)
    assert_printed(p["W1"], [[1.63178673, -0.61919778, -0.53561312], [-1.08040999, 0.85796626, -2.29409733]])
    assert_printed(p["b1"], [[1.75225313], [-0.75376553]])
    assert_printed(v["dW1"], [[-0.11006192, 0.11447237, 0.09015907], [0.05024943, 0.09008559, -0.06837279]])
    assert_printed(s["dW1"], [[0.00121136, 0.00131039, 0.00081287], [0.0002525, 0.00081154, 0.00046748]])
    assert_printed(s["db2"], [[5.49507194e-05], [2.75494327e-03], [5.50629536e-04]])
    p, v, s, v_corrected, s_corrected = fastdnn.update_parameters_with_adam(
        *older.update_parameters_with_adam_test_case(), 2, 0.02, 0.8, 0.888, 1e-2)
    assert_printed(v["dW1"][0], [-0.22012384, 0.22894474, 0.18031814])
    assert_printed(s["dW2"][0], [8.03757060e-03, 3.15030152e-02, 5.35801947e-02])
    assert_printed(p["W1"][0], [1.63942428, -0.6268425, -0.54320974])
    assert_printed(p["W2"][0], [0.33356139, -0.26425199, 1.47707772])
    assert_printed(p["b2"][0], [-0.89228024])


def moons_model(optimizer, num_epochs):
    """The optimisation notebook's ``model`` on fastdnn's optimisers (new dicts
    each step); returns the mean cost of each epoch."""
    X, Y = fastdnn.datasets.load_moons()
    parameters = opt_utils_v1a.initialize_parameters([X.shape[0], 5, 2, 1])
    v, s = fastdnn.initialize_adam(parameters)
    seed, t, costs = 10, 0, []
    for _ in range(num_epochs):
        seed = seed + 1
        cost_total = 0
        for batch_X, batch_Y in fastdnn.random_mini_batches(X, Y, 64, seed):
            a3, caches = opt_utils_v1a.forward_propagation(batch_X, parameters)
            cost_total += opt_utils_v1a.compute_cost(a3, batch_Y)
            grads = opt_utils_v1a.backward_propagation(batch_X, batch_Y, caches)
            if optimizer == "gd":
                parameters = fastdnn.update_parameters_with_gd(parameters, grads, 0.0007)
            elif optimizer == "momentum":
                parameters, v = fastdnn.update_parameters_with_momentum(parameters, grads, v, 0.9, 0.0007)
            else:
                t = t + 1
                parameters, v, s, _, _ = fastdnn.update_parameters_with_adam(parameters, grads, v, s, t, 0.0007)
        costs.append(cost_total / X.shape[1])
    return costs


@pytest.mark.parametrize("optimizer, printed", [("gd", ["0.702405", "0.668101"]),
                                                ("momentum", ["0.702413", "0.668167"]),
                                                ("adam", ["0.702166", "0.167845"])])
def test_moons_training_prints_the_courses_first_costs(optimizer, printed):
    """The notebook's 5000-epoch runs are the slow script test; its costs at
    epochs 0 and 1000 come from the first 1001 epochs."""
    costs = moons_model(optimizer, 1001)
    assert ["%f" % costs[0], "%f" % costs[1000]] == printed


def test_course_loaders_shape_the_data_as_the_course():
    train_X, train_Y, test_X, test_Y = fastdnn.datasets.load_circles()
    assert (train_X.shape, train_Y.shape, test_X.shape, test_Y.shape) == ((2, 300), (1, 300), (2, 100), (1, 100))
    X, Y = fastdnn.datasets.load_moons()
    assert X.shape == (2, 300) and Y.shape == (1, 300) and set(np.unique(Y)) == {0, 1}
    p = threelayer.predict_dec(opt_utils_v1a.initialize_parameters([2, 5, 2, 1]), X)
    assert p.dtype == bool and p.shape == (1, 300)
