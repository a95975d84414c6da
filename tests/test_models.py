"""Public models: the course's acceptance numbers on the cat data, printing,
predict, load_data and input validation."""
import numpy as np
import pytest

import fastdnn
import naive


@pytest.fixture(scope="module")
def cat(shared_data):
    train_x_orig, train_y, test_x_orig, test_y, classes = fastdnn.load_data(shared_data)
    train_x = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.
    test_x = test_x_orig.reshape(test_x_orig.shape[0], -1).T / 255.
    return train_x, train_y, test_x, test_y, classes


def test_load_data_shapes(cat, shared_data):
    train_x_orig, train_y, test_x_orig, test_y, classes = fastdnn.load_data(str(shared_data))
    assert train_x_orig.shape == (209, 64, 64, 3) and train_x_orig.dtype == np.uint8
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50) and test_x_orig.shape == (50, 64, 64, 3)
    assert [c.decode() for c in classes] == ["non-cat", "cat"]


def test_load_data_default_is_datasets_dir(shared_data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="datasets"):
        fastdnn.load_data()
    (tmp_path / "datasets").symlink_to(shared_data, target_is_directory=True)
    assert fastdnn.load_data()[1].shape == (1, 209)


def test_load_data_missing_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match=str(tmp_path / "train_catvnoncat.h5")):
        fastdnn.load_data(tmp_path)


def _check_L_layer_acceptance(cat, capsys, method):
    train_x, train_y, test_x, test_y, _ = cat
    parameters, costs = fastdnn.L_layer_model(train_x, train_y, [12288, 20, 7, 5, 1], num_iterations=2500,
                                              print_cost=True, method=method)
    out = capsys.readouterr().out.splitlines()
    assert len(costs) == 25
    assert f"{costs[0]:.6f}" == "0.771749"
    assert f"{costs[1]:.6f}" == "0.672053"
    assert f"{costs[24]:.6f}" == "0.092878"
    np.testing.assert_allclose(costs[24], 0.09287821526472397, rtol=1e-9)
    assert out[0].startswith("Cost after iteration 0: 0.77174932")
    assert out[24].startswith("Cost after iteration 2400: 0.0928782152647")
    assert out[25].startswith("Cost after iteration 2499: ") and len(out) == 26
    p_train = fastdnn.predict(train_x, train_y, parameters)
    p_test = fastdnn.predict(test_x, test_y, parameters)
    assert capsys.readouterr().out == "Accuracy: 0.9856459330143539\nAccuracy: 0.8\n"
    assert p_train.shape == (1, 209) and set(np.unique(p_test)) <= {0.0, 1.0}


def test_L_layer_model_cat_acceptance_gram(cat, capsys):
    # "auto" picks the Gram path on this wide data (m=209 < n_x=12288)
    _check_L_layer_acceptance(cat, capsys, "auto")


def test_L_layer_model_cat_acceptance_direct(cat, capsys):
    # The direct path does ~0.5 TFLOP here (about 10 s on 2 cores).
    _check_L_layer_acceptance(cat, capsys, "direct")


def test_two_layer_model_cat_acceptance(cat, capsys):
    train_x, train_y, test_x, test_y, _ = cat
    parameters, costs = fastdnn.two_layer_model(train_x, train_y, (12288, 7, 1), num_iterations=2500)
    assert capsys.readouterr().out == ""
    assert len(costs) == 25
    np.testing.assert_allclose(costs[0], 0.6930497356599888, rtol=1e-9)
    np.testing.assert_allclose(costs[1], 0.6464320953428849, rtol=1e-9)
    np.testing.assert_allclose(costs[24], 0.048554785628770226, rtol=1e-9)
    fastdnn.predict(train_x, train_y, parameters)
    fastdnn.predict(test_x, test_y, parameters)
    train_acc, test_acc = (float(line.split(": ")[1]) for line in capsys.readouterr().out.splitlines())
    assert train_acc == pytest.approx(1.0) and test_acc == pytest.approx(0.72)


def test_cat_first_iterations_match_course_loop(cat):
    # The naive loop costs ~15 ms per iteration here: compare on a few.
    train_x, train_y = cat[0], cat[1]
    dims = [12288, 20, 7, 5, 1]
    want_p, want_c = naive.L_layer_model(train_x, train_y, dims, 0.0075, 12)
    for method in ("direct", "gram"):
        got_p, got_c = fastdnn.L_layer_model(train_x, train_y, dims, 0.0075, 12, method=method)
        np.testing.assert_allclose(got_c, want_c, rtol=1e-12)
        for key in want_p:
            np.testing.assert_allclose(got_p[key], want_p[key], rtol=1e-9, atol=1e-12, err_msg=key)


def test_print_cost_format(capsys):
    rng = np.random.RandomState(0)
    X, Y = rng.randn(3, 12), (rng.rand(1, 12) > 0.5).astype(int)
    _, costs = fastdnn.L_layer_model(X, Y, [3, 4, 1], 0.05, 250, print_cost=True)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Cost after iteration 0", "Cost after iteration 100", "Cost after iteration 200",
        "Cost after iteration 249"]
    assert lines[:3] == [f"Cost after iteration {i}: {c}" for i, c in zip((0, 100, 200), costs)]
    float(lines[3].split(": ")[1])
    assert len(costs) == 3
    # the same lines as the course's loop (which also prints the last iteration)
    naive.L_layer_model(X, Y, [3, 4, 1], 0.05, 250, print_cost=True)
    want = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[0] for line in want] == [line.split(": ")[0] for line in lines]
    for got, exp in zip(lines, want):
        assert float(got.split(": ")[1]) == pytest.approx(float(exp.split(": ")[1]), rel=1e-12)


def test_callback_sees_each_recorded_cost():
    rng = np.random.RandomState(1)
    X, Y = rng.randn(3, 12), (rng.rand(1, 12) > 0.5).astype(int)
    seen = []
    _, costs = fastdnn.L_layer_model(X, Y, [3, 4, 1], 0.05, 301, callback=lambda i, c: seen.append((i, c)))
    assert [i for i, _ in seen] == [0, 100, 200, 300]
    assert [c for _, c in seen] == pytest.approx([float(c) for c in costs], rel=0)


def test_predict_matches_course_predict(capsys):
    rng = np.random.RandomState(2)
    X, Y = rng.randn(5, 30), (rng.rand(1, 30) > 0.5).astype(int)
    parameters, _ = fastdnn.L_layer_model(X, Y, [5, 4, 1], 0.1, 50)
    p = fastdnn.predict(X, Y, parameters)
    q = naive.predict(X, Y, parameters)
    np.testing.assert_array_equal(p, q)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == out[1] and out[0].startswith("Accuracy: ")


def test_print_mislabeled_images():
    rng = np.random.RandomState(3)
    X = rng.rand(64 * 64 * 3, 4)
    y = np.array([[1, 0, 1, 0]])
    p = np.array([[1, 1, 0, 0]])
    classes = np.array([b"non-cat", b"cat"])
    try:
        import matplotlib
    except ImportError:
        with pytest.raises(ImportError, match="matplotlib"):
            fastdnn.print_mislabeled_images(classes, X, y, p)
        return
    matplotlib.use("Agg")
    np.testing.assert_array_equal(fastdnn.print_mislabeled_images(classes, X, y, p), [1, 2])
    from fastdnn.course import dnn_app_utils_v3
    assert dnn_app_utils_v3.print_mislabeled_images(classes, X, y, p) is None  # as the course's


# ------------------------------------------------------------- bad input

X_OK = np.random.RandomState(0).randn(4, 6)
Y_OK = np.array([[0, 1, 1, 0, 1, 0]])


@pytest.mark.parametrize("X,Y,dims,match", [
    (X_OK, Y_OK[:, :5], [4, 3, 1], r"Y must have shape \(1, 6\)"),
    (X_OK, Y_OK * np.nan, [4, 3, 1], r"Y contains NaN or inf"),
    (np.where(np.eye(4, 6) > 0, np.nan, X_OK), Y_OK, [4, 3, 1], r"X contains NaN or inf .*\(0, 0\)"),
    (np.where(np.eye(4, 6) > 0, np.inf, X_OK), Y_OK, [4, 3, 1], r"X contains NaN or inf"),
    (X_OK, Y_OK, [4, 0, 1], r"layers_dims\[1\] \(layer 1\) must be at least 1"),
    (X_OK, Y_OK, [5, 3, 1], r"layers_dims\[0\] is 5 but X has 4 rows"),
    (X_OK, Y_OK, [4], r"at least one layer"),
    (X_OK[0], Y_OK, [4, 3, 1], r"X must be 2-D"),
    (X_OK, np.array([[0, 1, 1, 0, 1, 0]] * 2), [4, 3, 1], r"Y must have shape \(1, 6\)"),
])
def test_bad_input_raises_before_training(X, Y, dims, match):
    with pytest.raises(ValueError, match=match):
        fastdnn.L_layer_model(X, Y, dims, 0.1, 5)


@pytest.mark.parametrize("kwargs,error,match", [
    (dict(learning_rate=-1.0), ValueError, "learning_rate must be positive"),
    (dict(learning_rate=float("nan")), ValueError, "learning_rate must be finite"),
    (dict(learning_rate="0.1"), TypeError, "learning_rate"),
    (dict(num_iterations=-3), ValueError, "num_iterations"),
    (dict(num_iterations=2.5), TypeError, "num_iterations"),
    (dict(dtype=np.int32), TypeError, "dtype"),
    (dict(method="fast"), ValueError, "method"),
    (dict(output="tanh"), ValueError, "output"),
])
def test_bad_options(kwargs, error, match):
    with pytest.raises(error, match=match):
        fastdnn.L_layer_model(X_OK, Y_OK, [4, 3, 1], **{"learning_rate": 0.1, **kwargs})


def test_two_layer_model_needs_three_sizes():
    with pytest.raises(ValueError, match=r"\(n_x, n_h, n_y\)"):
        fastdnn.two_layer_model(X_OK, Y_OK, [4, 3, 2, 1], 0.1, 5)
    with pytest.raises(TypeError, match=r"layers_dims\[1\]"):
        fastdnn.two_layer_model(X_OK, Y_OK, [4, 3.0, 1], 0.1, 5)


def test_softmax_label_checks():
    with pytest.raises(ValueError, match=r"class indices 0..2"):
        fastdnn.L_layer_model(X_OK, np.array([0, 1, 3, 0, 1, 2]), [4, 3, 3], 0.1, 5, output="softmax")
    with pytest.raises(ValueError, match="at least 2 output units"):
        fastdnn.L_layer_model(X_OK, Y_OK, [4, 3, 1], 0.1, 5, output="softmax")


def test_labels_as_flat_vector_accepted():
    p1, c1 = fastdnn.L_layer_model(X_OK, Y_OK, [4, 3, 1], 0.1, 5)
    p2, c2 = fastdnn.L_layer_model(X_OK, Y_OK.ravel().astype(bool), [4, 3, 1], 0.1, 5)
    assert c1 == c2


def test_float32_on_cat_stays_close(cat):
    train_x, train_y = cat[0], cat[1]
    dims = [12288, 20, 7, 5, 1]
    p64, c64 = fastdnn.L_layer_model(train_x, train_y, dims, num_iterations=201)
    p32, c32 = fastdnn.L_layer_model(train_x, train_y, dims, num_iterations=201, dtype=np.float32)
    assert p32["W1"].dtype == np.float32 and len(c32) == 3
    np.testing.assert_allclose(np.asarray(c32, float), c64, rtol=1e-5)
    np.testing.assert_allclose(p32["W4"], p64["W4"], rtol=1e-3, atol=1e-5)


def test_predictions_refuse_a_softmax_of_one_unit():
    """The one output rule (_checks.output_kind): before, predictions returned zeros."""
    from fastdnn import models
    with pytest.raises(ValueError, match="output='softmax' needs at least 2 output units"):
        models.predictions(np.ones((2, 3)), np.ones((1, 3)), {"W1": np.ones((1, 2)), "b1": np.zeros((1, 1))},
                           output="softmax")
