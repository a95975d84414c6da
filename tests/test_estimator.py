"""fastdnn.DNNClassifier: scikit-learn's estimator checks, Pipeline and
GridSearchCV, and the numbers against the plain trainer (the wrapper must not
change them)."""
import subprocess
import sys

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn", reason="scikit-learn is an optional extra (in the test extra)")
from sklearn.datasets import make_blobs  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402

import fastdnn  # noqa: E402
from fastdnn import DNNClassifier  # noqa: E402


@pytest.fixture(scope="module")
def blobs():
    """Standardised 3-class blobs, rows as samples: (X of shape (300, 4), y)."""
    X, y = make_blobs(300, n_features=4, centers=3, random_state=0)
    return StandardScaler().fit_transform(X), y


@pytest.fixture(scope="module")
def cat_rows(shared_data):
    """The course's cat training set as rows (209, 12288) and its 0/1 labels."""
    train_x_orig, train_y, _, _, _ = fastdnn.load_data(shared_data)
    X = train_x_orig.reshape(train_x_orig.shape[0], -1) / 255.
    return X, train_y.ravel()


# ------------------------------------------------------------ scikit-learn's own checks

@parametrize_with_checks([DNNClassifier(max_iter=200),
                          DNNClassifier(hidden_layer_sizes=(16, 8), activation="tanh", dtype=np.float32,
                                        max_iter=200)])
def test_scikit_learn_check(estimator, check):
    if check.func.__name__ == "check_array_api_input":
        # scipy reads SCIPY_ARRAY_API once, at import: in this process the check would only skip
        run_in_array_api_process(estimator, check.keywords)
    else:
        check(estimator)


def run_in_array_api_process(estimator, keywords):
    code = ("import numpy as np\n"
            "from sklearn.utils.estimator_checks import check_array_api_input\n"
            "from fastdnn import DNNClassifier\n"
            f"check_array_api_input('DNNClassifier', DNNClassifier(**{estimator.get_params()!r}), **{keywords!r})\n"
            "print('passed')\n").replace("<class 'numpy.float32'>", "np.float32")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**__import__("os").environ, "SCIPY_ARRAY_API": "1"})
    assert done.returncode == 0 and done.stdout.strip().endswith("passed"), done.stderr[-3000:]


# ------------------------------------------------------------ the same numbers as the plain trainer

def assert_same_parameters(estimator, parameters):
    assert estimator.parameters_.keys() == parameters.keys()
    for key, value in parameters.items():
        np.testing.assert_array_equal(estimator.parameters_[key], value, err_msg=key)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_binary_equals_L_layer_model_on_cat_data(cat_rows, dtype):
    X, y = cat_rows
    estimator = DNNClassifier((20, 7, 5), learning_rate=0.0075, max_iter=200, random_state=1, dtype=dtype)
    estimator.fit(X, y)
    parameters, costs = fastdnn.L_layer_model(np.ascontiguousarray(X.T), y, [12288, 20, 7, 5, 1],
                                              num_iterations=200, dtype=dtype)
    assert_same_parameters(estimator, parameters)
    assert estimator.loss_curve_[::100] == [float(c) for c in costs]
    assert len(estimator.loss_curve_) == estimator.n_iter_ == 200
    expected = fastdnn.predict(np.ascontiguousarray(X.T), y, parameters).ravel()
    np.testing.assert_array_equal(estimator.predict(X), expected)


@pytest.mark.parametrize("hidden, activation", [((), "relu"), ((10,), "tanh"), ((12, 6), "leaky_relu")])
def test_multiclass_equals_softmax_L_layer_model(hidden, activation):
    x, y = fastdnn.make_spiral(60, classes=4)
    estimator = DNNClassifier(hidden, activation=activation, learning_rate=0.5, max_iter=250, random_state=1)
    estimator.fit(x.T, y)
    parameters, costs = fastdnn.L_layer_model(np.ascontiguousarray(x), y, [2, *hidden, 4], learning_rate=0.5,
                                              num_iterations=250, hidden=activation, output="softmax")
    assert_same_parameters(estimator, parameters)
    assert estimator.loss_curve_[::100] == [float(c) for c in costs]
    logits = fastdnn.L_model_forward(x, parameters, hidden=activation)[1][-1][1]
    np.testing.assert_array_equal(estimator.predict(x.T), np.argmax(logits, axis=0))


def test_labels_of_any_type_map_through_classes(blobs):
    X, y = blobs
    names = np.array(["ant", "bee", "cat"])
    by_index = DNNClassifier((8,), max_iter=50, random_state=0).fit(X, y)
    by_name = DNNClassifier((8,), max_iter=50, random_state=0).fit(X, names[y])
    assert by_name.classes_.tolist() == ["ant", "bee", "cat"]
    assert_same_parameters(by_name, by_index.parameters_)
    np.testing.assert_array_equal(by_name.predict(X), names[by_index.predict(X)])
    binary = DNNClassifier((8,), max_iter=50, random_state=0).fit(X, np.where(y == 2, "yes", "no"))
    assert binary.classes_.tolist() == ["no", "yes"] and binary.parameters_["W2"].shape == (1, 8)
    assert set(binary.predict(X)) <= {"no", "yes"}
    assert binary.score(X, np.where(y == 2, "yes", "no")) > 0.95


def test_inputs_are_not_modified(blobs):
    X, y = blobs
    X_copy, y_copy = X.copy(), y.copy()
    estimator = DNNClassifier((8,), max_iter=20, random_state=0).fit(X, y)
    estimator.predict_proba(X)
    estimator.partial_fit(X, y)
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)


# ------------------------------------------------------------ behaviour

@pytest.mark.parametrize("n_classes", [2, 3, 5])
def test_predict_proba_rows_are_distributions(n_classes):
    X, y = make_blobs(200, n_features=3, centers=n_classes, random_state=1)
    estimator = DNNClassifier((16,), learning_rate=0.05, max_iter=100, random_state=0).fit(X, y)
    proba = estimator.predict_proba(X)
    assert proba.shape == (200, n_classes)
    assert (proba >= 0).all() and (proba <= 1).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(estimator.predict(X), estimator.classes_[np.argmax(proba, axis=1)])


@pytest.mark.parametrize("n_classes", [2, 3])
def test_pipeline_learns(n_classes):
    X, y = make_blobs(400, n_features=5, centers=n_classes, cluster_std=2, random_state=2)
    pipeline = make_pipeline(StandardScaler(), DNNClassifier((16,), max_iter=300, random_state=0))
    pipeline.fit(X[:300], y[:300])
    # the blobs overlap: scikit-learn's logistic regression is the yardstick (0.91 and 0.97)
    reference = make_pipeline(StandardScaler(), LogisticRegression()).fit(X[:300], y[:300])
    assert pipeline.score(X[300:], y[300:]) >= reference.score(X[300:], y[300:]) - 0.02 > 0.88
    losses = pipeline[-1].loss_curve_
    assert losses[-1] < 0.5 * losses[0]


def test_grid_search_over_a_pipeline(blobs):
    X, y = blobs
    pipeline = make_pipeline(StandardScaler(), DNNClassifier(max_iter=100, random_state=0))
    search = GridSearchCV(pipeline, {"dnnclassifier__hidden_layer_sizes": [(2,), (16,)],
                                     "dnnclassifier__learning_rate": [1e-4, 0.3]}, cv=3)
    search.fit(X, y)
    # a learning rate of 1e-4 barely moves the initial weights in 100 iterations
    assert search.best_params_["dnnclassifier__learning_rate"] == 0.3
    assert search.best_score_ > 0.95
    assert search.best_estimator_[-1].n_features_in_ == 4


def test_partial_fit_converges_as_fit(blobs):
    X, y = blobs
    incremental = DNNClassifier((8,), learning_rate=0.3, random_state=0)
    incremental.partial_fit(X, y, classes=[0, 1, 2])
    for _ in range(199):
        incremental.partial_fit(X, y)
    assert incremental.n_iter_ == len(incremental.loss_curve_) == 200
    assert incremental.loss_curve_[-1] < 0.1 * incremental.loss_curve_[0]
    assert incremental.score(X, y) > 0.95
    # 200 calls of one iteration are the 200 iterations of one fit, bit for bit
    at_once = DNNClassifier((8,), learning_rate=0.3, max_iter=200, random_state=0).fit(X, y)
    assert_same_parameters(incremental, at_once.parameters_)
    assert incremental.loss_curve_ == at_once.loss_curve_


def test_partial_fit_continues_after_fit_and_checks_classes(blobs):
    X, y = blobs
    estimator = DNNClassifier((8,), max_iter=30, random_state=0).fit(X, y)
    before = {key: value.copy() for key, value in estimator.parameters_.items()}
    estimator.partial_fit(X[:50], y[:50])
    assert estimator.n_iter_ == 31 and not np.array_equal(before["W1"], estimator.parameters_["W1"])
    with pytest.raises(ValueError, match="classes"):
        estimator.partial_fit(X, y, classes=[0, 1, 2, 3])
    with pytest.raises(ValueError, match="not in classes_"):
        estimator.partial_fit(X[:3], [0, 1, 7])
    with pytest.raises(ValueError, match="classes must be given"):
        DNNClassifier().partial_fit(X, y)
    with pytest.raises(ValueError, match="at least 2"):
        DNNClassifier().fit(X, np.zeros(len(X)))


@pytest.mark.parametrize("params, name", [
    ({"learning_rate": -1}, "learning_rate"), ({"learning_rate": 0}, "learning_rate"),
    ({"learning_rate": float("nan")}, "learning_rate"), ({"learning_rate": float("inf")}, "learning_rate"),
    ({"max_iter": 0}, "max_iter"), ({"max_iter": -5}, "max_iter"),
    ({"hidden_layer_sizes": (0,)}, r"hidden_layer_sizes\[0\]"),
    ({"hidden_layer_sizes": (10, -1)}, r"hidden_layer_sizes\[1\]"),
    ({"activation": "softplus"}, "activation"),
])
@pytest.mark.parametrize("method", ["fit", "partial_fit"])
def test_bad_hyperparameters_raise_value_error_naming_them(blobs, params, name, method):
    X, y = blobs
    estimator = DNNClassifier((4,), max_iter=5, random_state=0).fit(X, y)
    fitted = {key: value.copy() for key, value in estimator.parameters_.items()}
    estimator.set_params(**params)
    with pytest.raises(ValueError, match=name):
        getattr(estimator, method)(X, y)
    assert_same_parameters(estimator, fitted)  # checked before anything changes


def test_a_failed_call_leaves_the_estimator_as_it_was(blobs):
    X, y = blobs
    fresh = DNNClassifier((4,), random_state=0)
    with pytest.raises(ValueError, match="not in classes_"):
        fresh.partial_fit(X[:3], [0, 1, 7], classes=[0, 1, 2])
    assert not hasattr(fresh, "classes_") and not hasattr(fresh, "parameters_")
    estimator = DNNClassifier((4,), max_iter=5, random_state=0).fit(X, y)
    fitted = {key: value.copy() for key, value in estimator.parameters_.items()}
    estimator.set_params(learning_rate=1e300, max_iter=50)
    with pytest.raises(fastdnn.TrainingDiverged, match=r"learning_rate=1e\+300"):
        estimator.fit(X * 1e3, y)
    assert_same_parameters(estimator, fitted)
    assert estimator.n_iter_ == len(estimator.loss_curve_) == 5
    estimator.partial_fit(X * 1e3, y)  # one step: huge parameters, still finite
    blown = {key: value.copy() for key, value in estimator.parameters_.items()}
    with pytest.raises(fastdnn.TrainingDiverged, match=r"learning_rate=1e\+300"):
        estimator.partial_fit(X * 1e3, y)
    assert_same_parameters(estimator, blown)
    assert estimator.n_iter_ == len(estimator.loss_curve_) == 6


@pytest.mark.parametrize("params, name", [
    ({"learning_rate": "0.1"}, "learning_rate"), ({"max_iter": 10.0}, "max_iter"),
    ({"hidden_layer_sizes": "16"}, "hidden_layer_sizes"), ({"dtype": np.int32}, "dtype"),
])
def test_hyperparameters_of_the_wrong_type_raise_type_error(blobs, params, name):
    with pytest.raises(TypeError, match=name):
        DNNClassifier(**params).fit(*blobs)


def test_one_int_is_one_hidden_layer(blobs):
    estimator = DNNClassifier(hidden_layer_sizes=6, max_iter=5, random_state=0).fit(*blobs)
    assert [estimator.parameters_[f"W{l}"].shape for l in (1, 2)] == [(6, 4), (3, 6)]


# ------------------------------------------------------------ scikit-learn stays optional

def run_python(code):
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_import_fastdnn_does_not_import_scikit_learn():
    out = run_python("import sys, fastdnn; print('sklearn' in sys.modules, 'fastdnn._product.estimator' in sys.modules)")
    assert out.split() == ["False", "False"]


def test_without_scikit_learn_the_estimator_names_the_extra():
    out = run_python("import sys; sys.modules['sklearn'] = None\n"
                     "import fastdnn\n"
                     "try:\n    fastdnn.DNNClassifier\n"
                     "except ImportError as error:\n    print(error)\n")
    assert 'pip install "fastdnn[sklearn]"' in out
