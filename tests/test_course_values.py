"""Every number the course documents (seeds 000/001/003 and the issue) for the
step-by-step functions, on the course's test-case inputs built here."""
import numpy as np
import pytest

import fastdnn
import naive


def randn_sequence(seed, *shapes):
    np.random.seed(seed)
    return [np.random.randn(*shape) for shape in shapes]


def assert_printed(actual, expected):
    """Equal to the 8 digits the course prints."""
    np.testing.assert_allclose(actual, expected, rtol=0, atol=5e-9)


def test_initialize_parameters():
    p = fastdnn.initialize_parameters(3, 2, 1)
    assert_printed(p["W1"], [[0.01624345, -0.00611756, -0.00528172], [-0.01072969, 0.00865408, -0.02301539]])
    assert_printed(p["W2"], [[0.01744812, -0.00761207]])
    np.testing.assert_array_equal(p["b1"], np.zeros((2, 1)))
    np.testing.assert_array_equal(p["b2"], np.zeros((1, 1)))
    assert_printed(fastdnn.initialize_parameters(2, 2, 1)["W2"], [[0.00865408, -0.02301539]])


def test_initialize_parameters_deep():
    p = fastdnn.initialize_parameters_deep([5, 4, 3])
    assert list(p) == ["W1", "b1", "W2", "b2"]
    assert_printed(p["W1"], [[0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388],
                             [-0.00354759, -0.00082741, -0.00627001, -0.00043818, -0.00477218],
                             [-0.01313865, 0.00884622, 0.00881318, 0.01709573, 0.00050034],
                             [-0.00404677, -0.0054536, -0.01546477, 0.00982367, -0.01101068]])
    assert_printed(p["W2"], [[-0.01185047, -0.0020565, 0.01486148, 0.00236716],
                             [-0.01023785, -0.00712993, 0.00625245, -0.00160513],
                             [-0.00768836, -0.00230031, 0.00745056, 0.01976111]])
    np.testing.assert_array_equal(p["b2"], np.zeros((3, 1)))


def test_initialize_parameters_deep_app_is_seed_1_over_sqrt():
    p = fastdnn.initialize_parameters_deep_app([4, 3, 1])
    np.random.seed(1)
    np.testing.assert_array_equal(p["W1"], np.random.randn(3, 4) / np.sqrt(4))
    np.testing.assert_array_equal(p["W2"], np.random.randn(1, 3) / np.sqrt(3))


def test_linear_forward():
    A, W, b = randn_sequence(1, (3, 2), (1, 3), (1, 1))
    Z, cache = fastdnn.linear_forward(A, W, b)
    assert_printed(Z, [[3.26295337, -1.23429987]])
    assert cache[0] is A and cache[1] is W and cache[2] is b


def test_linear_activation_forward():
    A_prev, W, b = randn_sequence(2, (3, 2), (1, 3), (1, 1))
    A, cache = fastdnn.linear_activation_forward(A_prev, W, b, activation="sigmoid")
    assert_printed(A, [[0.96890023, 0.11013289]])
    A, ((a, w, bb), Z) = fastdnn.linear_activation_forward(A_prev, W, b, activation="relu")
    assert_printed(A, [[3.43896131, 0.0]])
    assert a is A_prev and w is W and bb is b
    assert_printed(Z, [[3.43896131, -2.08938436]])


def test_L_model_forward_2hidden():
    X, W1, b1, W2, b2, W3, b3 = randn_sequence(6, (5, 4), (4, 5), (4, 1), (3, 4), (3, 1), (1, 3), (1, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    AL, caches = fastdnn.L_model_forward(X, parameters)
    assert_printed(AL, [[0.03921668, 0.70498921, 0.19734387, 0.04728177]])
    assert len(caches) == 3
    assert caches[0][0][0] is X


def test_L_model_forward_v2_case():
    X, W1, b1, W2, b2 = randn_sequence(1, (4, 2), (3, 4), (3, 1), (1, 3), (1, 1))
    AL, caches = fastdnn.L_model_forward(X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2})
    assert_printed(AL, [[0.17007265, 0.2524272]])
    assert len(caches) == 2


@pytest.mark.parametrize("Y, expected", [([[1, 1, 0]], 0.2797765635793422), ([[1, 1, 1]], 0.414931599615397)])
def test_compute_cost(Y, expected):
    cost = fastdnn.compute_cost(np.array([[.8, .9, 0.4]]), np.asarray(Y))
    assert cost.shape == () and isinstance(cost, np.floating)
    assert cost == pytest.approx(expected, rel=1e-14)


def test_compute_cost_prints_the_course_digits():
    cost = fastdnn.compute_cost(np.array([[.8, .9, 0.4]]), np.asarray([[1, 1, 0]]))
    assert "cost = " + str(cost) == "cost = 0.2797765635793422"


def test_linear_backward_v2_case():
    dZ, A, W, b = randn_sequence(1, (1, 2), (3, 2), (1, 3), (1, 1))
    dA_prev, dW, db = fastdnn.linear_backward(dZ, (A, W, b))
    assert_printed(dA_prev, [[0.51822968, -0.19517421], [-0.40506361, 0.15255393], [2.37496825, -0.89445391]])
    assert_printed(dW, [[-0.10076895, 1.40685096, 1.64992505]])
    assert_printed(db, [[0.50629448]])


def test_linear_backward_v4a_case():
    dZ, A, W, b = randn_sequence(1, (3, 4), (5, 4), (3, 5), (3, 1))
    dA_prev, dW, db = fastdnn.linear_backward(dZ, (A, W, b))
    assert_printed(dA_prev, [[-1.15171336, 0.06718465, -0.3204696, 2.09812712],
                             [0.60345879, -3.72508701, 5.81700741, -3.84326836],
                             [-0.4319552, -1.30987417, 1.72354705, 0.05070578],
                             [-0.38981415, 0.60811244, -1.25938424, 1.47191593],
                             [-2.52214926, 2.67882552, -0.67947465, 1.48119548]])
    assert_printed(dW, [[0.07313866, -0.0976715, -0.87585828, 0.73763362, 0.00785716],
                        [0.85508818, 0.37530413, -0.59912655, 0.71278189, -0.58931808],
                        [0.97913304, -0.24376494, -0.08839671, 0.55151192, -0.10290907]])
    assert_printed(db, [[-0.14713786], [-0.11313155], [-0.13209101]])


def test_linear_activation_backward():
    dA, A, W, b, Z = randn_sequence(2, (1, 2), (3, 2), (1, 3), (1, 1), (1, 2))
    dA_prev, dW, db = fastdnn.linear_activation_backward(dA, ((A, W, b), Z), activation="sigmoid")
    assert_printed(dA_prev, [[0.11017994, 0.01105339], [0.09466817, 0.00949723], [-0.05743092, -0.00576154]])
    assert_printed(dW, [[0.10266786, 0.09778551, -0.01968084]])
    assert_printed(db, [[-0.05729622]])
    dA_prev, dW, db = fastdnn.linear_activation_backward(dA, ((A, W, b), Z), activation="relu")
    assert_printed(dA_prev, [[0.44090989, 0.0], [0.37883606, 0.0], [-0.2298228, 0.0]])
    assert_printed(dW, [[0.44513824, 0.37371418, -0.10478989]])
    assert_printed(db, [[-0.20837892]])


def L_model_backward_case():
    AL, A1, W1, b1, Z1, A2, W2, b2, Z2 = randn_sequence(
        3, (1, 2), (4, 2), (3, 4), (3, 1), (3, 2), (3, 2), (1, 3), (1, 1), (1, 2))
    return AL, np.array([[1, 0]]), (((A1, W1, b1), Z1), ((A2, W2, b2), Z2))


@pytest.mark.parametrize("container", [tuple, list])
def test_L_model_backward(container):
    AL, Y, caches = L_model_backward_case()
    grads = fastdnn.L_model_backward(AL, Y, container(caches))
    assert set(grads) == {"dA0", "dA1", "dW1", "dW2", "db1", "db2"}
    assert_printed(grads["dW1"], [[0.41010002, 0.07807203, 0.13798444, 0.10502167],
                                  [0.0, 0.0, 0.0, 0.0],
                                  [0.05283652, 0.01005865, 0.01777766, 0.0135308]])
    assert_printed(grads["db1"], [[-0.22007063], [0.0], [-0.02835349]])
    assert_printed(grads["dA1"], [[0.12913162, -0.44014127], [-0.14175655, 0.48317296], [0.01663708, -0.05670698]])
    assert grads["dA0"].shape == (4, 2)


def update_parameters_case():
    W1, b1, W2, b2 = randn_sequence(2, (3, 4), (3, 1), (1, 3), (1, 1))
    dW1, db1, dW2, db2 = randn_sequence(3, (3, 4), (3, 1), (1, 3), (1, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def test_update_parameters():
    parameters, grads = update_parameters_case()
    snapshot = {k: v.copy() for k, v in parameters.items()}
    for _ in range(3):  # the course's grader calls it three times on the same dict
        updated = fastdnn.update_parameters(parameters, grads, 0.1)
        assert_printed(updated["W1"], [[-0.59562069, -0.09991781, -2.14584584, 1.82662008],
                                       [-1.76569676, -0.80627147, 0.51115557, -1.18258802],
                                       [-1.0535704, -0.86128581, 0.68284052, 2.20374577]])
        assert_printed(updated["b1"], [[-0.04659241], [-1.28888275], [0.53405496]])
        assert_printed(updated["W2"], [[-0.55569196, 0.0354055, 1.32964895]])
        assert_printed(updated["b2"], [[-0.84610769]])
    assert updated is not parameters
    for key, value in snapshot.items():
        np.testing.assert_array_equal(parameters[key], value)


@pytest.mark.parametrize("m", [9, 50, 209, 2999])
def test_compute_cost_is_the_course_expression_bit_for_bit(m):
    """The course prints ``str(cost)``: every digit, at every m (pairwise sums included)."""
    rng = np.random.default_rng(m)
    AL = rng.uniform(0.01, 0.99, size=(1, m))
    Y = (rng.random((1, m)) > 0.5).astype(int)
    assert str(fastdnn.compute_cost(AL, Y)) == str(naive.compute_cost(AL, Y))
    assert fastdnn.compute_cost(AL.astype(np.float32), Y.astype(np.float32)).dtype == np.float32
