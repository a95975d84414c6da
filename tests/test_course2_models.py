"""The course-2 notebooks' ``model`` functions served by the drop-in helper
files (fastdnn.course2_models, on the compiled engine) print the notebooks'
stored lines, reach the published accuracies, and train as the course's
numpy loops do (naive_course2.py)."""
import contextlib
import io
from pathlib import Path

import numpy as np
import pytest

import fastdnn
import naive_course2 as naive
from fastdnn import course2_models
from fastdnn.course import init_utils, opt_utils, opt_utils_v1a, reg_utils
from fastdnn.datasets import load_moons
from fastdnn.threelayer import predict

SCRIPTS = Path(__file__).with_name("course2_scripts")


def printed(call):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        call()
    return out.getvalue().splitlines()


def moons_runs(runs, edition="current"):
    """The notebook's calls ``model(...)`` then ``predict(...)``, with the course's model on fastdnn."""
    X, Y = opt_utils_v1a.load_dataset()

    def replay():
        for kwargs in runs:
            model = opt_utils_v1a.model if edition == "current" else course2_models.optimization_model
            predict(X, Y, model(X, Y, [X.shape[0], 5, 2, 1], **kwargs, **(
                {} if edition == "current" else {"edition": edition})))
    return printed(replay)


def test_optimization_model_prints_the_current_notebooks_lines():
    """The eight trainings of Optimization_methods.ipynb (5000 epochs each)."""
    runs = [dict(optimizer="gd"), dict(beta=0.9, optimizer="momentum"), dict(optimizer="adam"),
            dict(optimizer="gd", learning_rate=0.1, num_epochs=5000, decay=fastdnn.update_lr),
            dict(optimizer="gd", learning_rate=0.1, num_epochs=5000, decay=fastdnn.schedule_lr_decay),
            dict(optimizer="momentum", learning_rate=0.1, num_epochs=5000, decay=fastdnn.schedule_lr_decay),
            dict(optimizer="adam", learning_rate=0.01, num_epochs=5000, decay=fastdnn.schedule_lr_decay)]
    expected = [line for line in (SCRIPTS / "optimization.expected").read_text().splitlines()
                if line.startswith(("Cost after epoch", "learning rate after", "Accuracy"))]
    assert moons_runs(runs) == expected


def test_optimization_model_reaches_the_published_accuracies():
    """10000 epochs (the v1b notebook): gd 79.7 %, momentum 79.7 %, Adam 94 %, and its printed costs."""
    lines = moons_runs([dict(optimizer=o, num_epochs=10000) for o in ("gd", "momentum", "adam")], "v1b")
    expected = (SCRIPTS / "optimization_v1b.expected").read_text().splitlines()[-33:]
    costs = [line for line in lines if line.startswith("Cost")]
    assert costs == [line for line in expected if line.startswith("Cost")]
    accuracies = [float(line.split()[-1]) for line in lines if line.startswith("Accuracy")]
    assert [round(a, 3) for a in accuracies] == [0.797, 0.797, 0.94]


def test_the_older_optimization_model_prints_its_last_batch_cost():
    X, Y = opt_utils.load_dataset()
    lines = printed(lambda: opt_utils.model(X, Y, [2, 5, 2, 1], "gd", num_epochs=1001))
    assert lines == ["Cost after epoch 0: 0.690736", "Cost after epoch 1000: 0.685273"]


def test_initialization_model_prints_the_notebooks_he_costs():
    train_X, train_Y, _, _ = init_utils.load_dataset()
    lines = printed(lambda: init_utils.model(train_X, train_Y, initialization="he"))
    stored = (SCRIPTS / "initialization.expected").read_text().splitlines()
    start = stored.index("Cost after iteration 0: 0.8830537463419761")
    assert len(lines) == 15
    for line, want in zip(lines, stored[start:start + 15]):
        label, value = line.rsplit(" ", 1)
        assert label == want.rsplit(" ", 1)[0]
        assert float(value) == pytest.approx(float(want.rsplit(" ", 1)[1]), rel=1e-12)


@pytest.mark.parametrize("lambd, keep_prob", [(0, 1), (0.7, 1), (0, 0.86)])
def test_regularization_model_trains_as_the_courses_loop(lambd, keep_prob):
    """The notebook's loop in numpy (its masks reseeded at every iteration) on
    football-like data; the course's data.mat is not needed."""
    rng = np.random.default_rng(5)
    X = rng.standard_normal((2, 120))
    Y = (X[:1] * X[1:] > 0).astype(float)
    got = reg_utils.model(X, Y, learning_rate=0.3, num_iterations=300, print_cost=False, lambd=lambd,
                          keep_prob=keep_prob)
    parameters = naive.initialize_parameters_scaled([2, 20, 3, 1])
    for _ in range(300):
        if keep_prob < 1:
            a3, cache = naive.forward_propagation_with_dropout(X, parameters, keep_prob)
            grads = naive.backward_propagation_with_dropout(X, Y, cache, keep_prob)
        else:
            a3, cache = naive.forward_propagation(X, parameters)
            grads = naive.backward_propagation_with_regularization(X, Y, cache, lambd)
        parameters = {k: parameters[k] - 0.3 * grads["d" + k] for k in parameters}
    for key in parameters:
        np.testing.assert_allclose(got[key], parameters[key], rtol=1e-9, atol=1e-12)


def test_regularization_model_prints_every_10000_iterations():
    X = np.random.default_rng(0).standard_normal((2, 30))
    lines = printed(lambda: reg_utils.model(X, (X[:1] > 0).astype(float), num_iterations=20001, lambd=0.1))
    assert [line.rsplit(" ", 1)[0] for line in lines] == [f"Cost after iteration {i}:" for i in (0, 10000, 20000)]


def test_digits_reach_095_test_accuracy_with_adam():
    """scikit-learn's digits, a fixed split, [64, 64, 10] softmax, Adam; the
    report prints what MLPClassifier gets with the same layers and epochs."""
    datasets = pytest.importorskip("sklearn.datasets", reason="scikit-learn is an optional extra")
    digits = datasets.load_digits()
    X, y = digits.data.T / 16.0, digits.target
    order = np.random.default_rng(0).permutation(y.size)
    train, test = order[:1300], order[1300:]
    parameters, history = fastdnn.fit(X[:, train], y[train], [64, 64, 10], output="softmax", optimizer="adam",
                                      learning_rate=0.001, num_epochs=60, mini_batch_size=32, seed=0)
    z = X[:, test]
    for l in (1, 2):
        z = parameters[f"W{l}"] @ z + parameters[f"b{l}"]
        z = np.maximum(z, 0) if l == 1 else z
    accuracy = np.mean(np.argmax(z, axis=0) == y[test])
    neural = pytest.importorskip("sklearn.neural_network")
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mlp = neural.MLPClassifier(hidden_layer_sizes=(64,), solver="adam", learning_rate_init=0.001,
                                   batch_size=32, max_iter=60, random_state=0).fit(X[:, train].T, y[train])
    print(f"digits test accuracy: fastdnn.fit {accuracy:.4f}, MLPClassifier {mlp.score(X[:, test].T, y[test]):.4f}")
    assert accuracy >= 0.95


def test_optimization_model_leaves_numpys_generator_as_the_course_does():
    """The epochs' permutations are drawn inside the loop; numpy's global
    generator still ends where the course's loop leaves it (after its last
    epoch's seed(10 + num_epochs) and permutation)."""
    X, Y = load_moons()
    with contextlib.redirect_stdout(io.StringIO()):
        course2_models.optimization_model(X, Y, [2, 5, 2, 1], "adam", num_epochs=7, print_cost=False)
    after = np.random.random(3)
    np.random.seed(10 + 7)
    np.random.permutation(X.shape[1])
    np.testing.assert_array_equal(after, np.random.random(3))
