"""fastdnn.dropin and the course modules it serves: install/uninstall, the
week-3/week-4 choice, and each module's names against the course's outputs."""
import importlib
import sys

import numpy as np
import pytest

from fastdnn import dropin

COURSE_NAMES = sorted(dropin._ALL_NAMES)


@pytest.fixture
def clean_modules():
    """Start and end with no course module imported and no drop-in installed."""
    def clear():
        dropin.uninstall()
        for name in COURSE_NAMES:
            sys.modules.pop(name, None)
    clear()
    yield
    clear()


def test_install_serves_every_course_name(clean_modules):
    dropin.install()
    for name, target in dropin.course_modules().items():
        module = importlib.import_module(name)
        assert module.__name__ == name
        assert module.__file__ == importlib.import_module(target).__file__


def test_install_is_idempotent_and_uninstall_removes_everything(clean_modules):
    dropin.install()
    first = importlib.import_module("dnn_utils_v2")
    dropin.install()
    assert importlib.import_module("dnn_utils_v2") is first
    assert sum(type(f).__name__ == "_CourseFinder" for f in sys.meta_path) == 1
    dropin.uninstall()
    dropin.uninstall()
    assert "dnn_utils_v2" not in sys.modules
    assert not any(type(f).__name__ == "_CourseFinder" for f in sys.meta_path)
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("dnn_utils_v2")


def test_module_imported_before_install_is_replaced_then_restored(clean_modules, tmp_path, monkeypatch):
    (tmp_path / "dnn_utils_v2.py").write_text("COURSE_FILE = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    course = importlib.import_module("dnn_utils_v2")
    dropin.install()
    ours = importlib.import_module("dnn_utils_v2")
    assert ours is not course and not hasattr(ours, "COURSE_FILE") and hasattr(ours, "relu_backward")
    dropin.uninstall()
    assert importlib.import_module("dnn_utils_v2") is course


def test_week_selects_testCases_v2(clean_modules):
    dropin.install()
    from testCases_v2 import compute_cost_test_case
    Y, aL = compute_cost_test_case()
    assert Y.tolist() == [[1, 1, 1]] and aL.tolist() == [[.8, .9, .4]]
    dropin.install(week=3)
    from testCases_v2 import compute_cost_test_case, layer_sizes_test_case
    a2, Y_assess = compute_cost_test_case()
    assert a2.shape == (1, 3) and Y_assess.dtype == bool
    X_assess, _ = layer_sizes_test_case()
    assert X_assess.shape == (5, 3)
    import testCases
    assert hasattr(testCases, "nn_model_test_case")
    dropin.install(week=4)
    import testCases_v2
    assert not hasattr(testCases_v2, "layer_sizes_test_case")


@pytest.mark.parametrize("edition, week, name, stem", [
    (None, 4, "testCases", "testCases"),
    (None, 3, "testCases", "testCases_week3"),
    (None, 3, "testCases_v2", "testCases_v2_week3_2021"),
    (2021, 4, "testCases", "testCases_2021"),
    (2021, 4, "testCases_v2", "testCases_v2"),
    (2021, 3, "testCases", "testCases_week3_2017"),
    (2021, 3, "testCases_v2", "testCases_v2_week3_2021"),
    (2018, 4, "testCases", "testCases_2018"),
    (2018, 3, "testCases_v2", "testCases_v2_week3"),
    (2017, 4, "testCases", "testCases_week4_2017"),
    (2017, 3, "testCases", "testCases_week3_2017"),
    (2017, 4, "dnn_app_utils", "dnn_app_utils"),
    (None, 4, "dnn_app_utils", "dnn_app_utils"),
    (2017, 3, "dnn_utils", "dnn_utils"),
])
def test_edition_and_week_select_the_file(edition, week, name, stem, clean_modules):
    dropin.install(edition=edition, week=week)
    assert dropin.course_modules(edition, week)[name] == f"fastdnn.course.{stem}"
    assert importlib.import_module(name).__file__ == importlib.import_module(f"fastdnn.course.{stem}").__file__


def test_switching_edition_replaces_the_imported_module(clean_modules):
    dropin.install(edition=2017)
    from testCases import L_model_backward_test_case
    assert len(L_model_backward_test_case()) == 4
    dropin.install()
    from testCases import L_model_backward_test_case
    assert len(L_model_backward_test_case()) == 3
    import testCases
    assert hasattr(testCases, "L_model_forward_test_case_2hidden")


def test_graders_are_left_to_the_course():
    for edition in dropin.EDITIONS:
        for week in (3, 4):
            assert not {"public_tests", "test_utils"} & set(dropin.course_modules(edition, week))


@pytest.mark.parametrize("edition", [2016, 2019, 2022, "2017", 2017.0, True])
def test_unknown_edition_is_a_value_error(edition, clean_modules):
    with pytest.raises(ValueError, match="edition must be 2017, 2018, 2021 or None"):
        dropin.install(edition=edition)
    assert not any(type(f).__name__ == "_CourseFinder" for f in sys.meta_path)


#: The test cases of course 2's notebooks, imported there as ``testCases``.
COURSE2_CASES = ("compute_cost_with_regularization_test_case", "backward_propagation_with_regularization_test_case",
                 "forward_propagation_with_dropout_test_case", "backward_propagation_with_dropout_test_case",
                 "gradient_check_n_test_case", "update_parameters_with_gd_test_case", "random_mini_batches_test_case",
                 "initialize_velocity_test_case", "update_parameters_with_momentum_test_case",
                 "initialize_adam_test_case", "update_parameters_with_adam_test_case")


@pytest.mark.parametrize("week", [3, 4])
@pytest.mark.parametrize("edition", dropin.EDITIONS)
def test_course2_cases_are_served_in_every_edition(edition, week, clean_modules):
    """A learner keeps course 1's install line for course 2 (issue 22)."""
    dropin.install(edition=edition, week=week)
    import testCases
    assert [name for name in COURSE2_CASES if not hasattr(testCases, name)] == []


@pytest.mark.parametrize("edition", [2017, 2018, 2021])
def test_older_editions_serve_the_2017_2022_optimisation_cases(edition, clean_modules):
    """W2 (3, 3) and a four-value Adam case, as the optimisation notebooks of
    2017-2022 unpack it; the graded functions are the notebook's own."""
    dropin.install(edition=edition)
    from testCases import update_parameters_with_adam_test_case, update_parameters_with_gd_test_case
    parameters, grads, learning_rate = update_parameters_with_gd_test_case()
    assert parameters["W2"].shape == grads["dW2"].shape == (3, 3) and learning_rate == 0.01
    parameters, grads, v, s = update_parameters_with_adam_test_case()
    assert parameters["W2"].shape == v["dW2"].shape == s["dW2"].shape == (3, 3)


def test_the_current_edition_serves_the_newest_optimisation_cases(clean_modules):
    dropin.install()
    from testCases import update_parameters_with_adam_test_case, update_parameters_with_gd_test_case
    assert update_parameters_with_gd_test_case()[0]["W2"].shape == (3, 2)
    assert update_parameters_with_adam_test_case()[4:] == (2, 0.02, 0.8, 0.888, 1e-2)


def test_switching_edition_switches_the_optimisation_cases(clean_modules):
    dropin.install(edition=2021)
    from testCases import update_parameters_with_adam_test_case
    assert len(update_parameters_with_adam_test_case()) == 4
    dropin.install()
    from testCases import update_parameters_with_adam_test_case
    assert len(update_parameters_with_adam_test_case()) == 9


def test_week3_nn_model_case_gives_the_notebooks_first_cost(clean_modules, capsys):
    """The 2021-2022 grader trains the notebook's nn_model (which seeds 3) on
    testCases_v2.nn_model_test_case: X (2, 3), Y (1, 3), first cost 0.693198."""
    from fastdnn import shallow
    dropin.install(week=3)
    from testCases_v2 import nn_model_test_case
    X, Y = nn_model_test_case()
    assert X.shape == (2, 3) and Y.shape == (1, 3) and Y.dtype == bool
    np.random.seed(3)
    shallow.nn_model(X, Y, 4, num_iterations=1, print_cost=True)
    assert capsys.readouterr().out == "Cost after iteration 0: 0.693198\n"


def test_testcases_draw_the_course_arrays():
    """First values of each seeded draw, as printed in the course's notebooks."""
    from fastdnn.course import testCases_v2, testCases_v3, testCases_v4, testCases_v4a
    A, W, b = testCases_v4a.linear_forward_test_case()
    np.testing.assert_allclose(A[0], [1.62434536, -0.61175641])
    np.testing.assert_allclose(W, [[1.74481176, -0.7612069, 0.3190391]])
    np.testing.assert_allclose(b, [[-0.24937038]])
    dZ, (A, W, b) = testCases_v4a.linear_backward_test_case()
    assert (dZ.shape, A.shape, W.shape, b.shape) == ((3, 4), (5, 4), (3, 5), (3, 1))
    np.testing.assert_allclose(A[0], [-0.3224172, -0.38405435, 1.13376944, -1.09989127])
    dZ, (A, W, b) = testCases_v2.linear_backward_test_case()
    assert (dZ.shape, A.shape, W.shape, b.shape) == ((1, 2), (3, 2), (1, 3), (1, 1))
    assert testCases_v4a.compute_cost_test_case()[0].tolist() == [[1, 1, 0]]
    for module in (testCases_v2, testCases_v3, testCases_v4):
        assert module.compute_cost_test_case()[0].tolist() == [[1, 1, 1]]
    X, parameters = testCases_v2.L_model_forward_test_case()
    assert X.shape == (4, 2) and list(parameters) == ["W1", "b1", "W2", "b2"]
    assert not hasattr(testCases_v2, "print_grads")


@pytest.mark.parametrize("module_name, gradient_key", [("testCases_v3", "dA2"), ("testCases_v4", "dA1"),
                                                        ("testCases_v4a", "dA1")])
def test_print_grads_prints_the_course_lines(module_name, gradient_key, capsys):
    module = importlib.import_module(f"fastdnn.course.{module_name}")
    grads = {"dW1": np.array([[1.5]]), "db1": np.array([[2.5]]), gradient_key: np.array([[3.5]])}
    module.print_grads(grads)
    assert capsys.readouterr().out == "dW1 = [[1.5]]\ndb1 = [[2.5]]\ndA1 = [[3.5]]\n"


def test_dnn_app_utils_initialisation_is_the_application_variant():
    from fastdnn.course import dnn_app_utils_v2, dnn_app_utils_v3
    for module in (dnn_app_utils_v2, dnn_app_utils_v3):
        parameters = module.initialize_parameters_deep([4, 3, 1])
        np.random.seed(1)
        np.testing.assert_array_equal(parameters["W1"], np.random.randn(3, 4) / 2)


def test_dnn_app_utils_v2_keys_gradients_as_the_old_course():
    from fastdnn.course import dnn_app_utils_v2, dnn_app_utils_v3, testCases_v3
    AL, Y, caches = testCases_v3.L_model_backward_test_case()
    new = dnn_app_utils_v3.L_model_backward(AL, Y, caches)
    old = dnn_app_utils_v2.L_model_backward(AL, Y, caches)
    assert list(new) == ["dA1", "dW2", "db2", "dA0", "dW1", "db1"]
    assert list(old) == ["dA2", "dW2", "db2", "dA1", "dW1", "db1"]
    np.testing.assert_array_equal(old["dA2"], new["dA1"])
    # The course's testCases_v3 expected dA1 for its old-keyed grads.
    np.testing.assert_allclose(old["dA2"], [[0.12913162, -0.44014127], [-0.14175655, 0.48317296],
                                            [0.01663708, -0.05670698]], atol=1e-8)


def test_dnn_utils_match_the_course_helpers():
    from fastdnn.course import dnn_utils, dnn_utils_v2
    Z = np.array([[-1.0, 0.0, 2.0]])
    for module in (dnn_utils, dnn_utils_v2):
        A, cache = module.relu(Z)
        assert A.tolist() == [[0.0, 0.0, 2.0]] and cache is Z
        assert module.relu_backward(np.ones_like(Z), Z).tolist() == [[0.0, 0.0, 1.0]]
        np.testing.assert_allclose(module.sigmoid(Z)[0], 1 / (1 + np.exp(-Z)))


def test_load_data_names_the_missing_path(tmp_path, monkeypatch):
    from fastdnn.course import dnn_app_utils_v3
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="datasets"):
        dnn_app_utils_v3.load_data()


def test_lr_utils_load_dataset(tmp_path, monkeypatch, shared_data):
    from fastdnn.course import lr_utils
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="datasets"):
        lr_utils.load_dataset()
    (tmp_path / "datasets").symlink_to(shared_data, target_is_directory=True)
    train_x, train_y, test_x, test_y, classes = lr_utils.load_dataset()
    assert train_x.shape == (209, 64, 64, 3) and train_y.shape == (1, 209) and test_y.shape == (1, 50)
    assert classes.tolist() == [b"non-cat", b"cat"]


def test_planar_utils_without_scikit_learn():
    from fastdnn.course import planar_utils
    X, Y = planar_utils.load_planar_dataset()
    assert X.shape == (2, 400) and Y.shape == (1, 400)
    np.testing.assert_allclose(planar_utils.sigmoid(np.array([0.0, 2.0])), [0.5, 1 / (1 + np.exp(-2.0))])
