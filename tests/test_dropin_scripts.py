"""The course's code, run unchanged on fastdnn after the one drop-in line, prints
the course's numbers.

Each script under course_scripts/ runs in a subprocess whose working directory
holds only a ``datasets`` link to the cat data: no course helper file is
importable. Its output is compared with ``<script>.expected``, the course's
printed output, number by number (the course printed with an older numpy, so
spacing and ``0.`` versus `` 0.`` differ) and label by label.

Scripts are made from each edition's notebooks: 2017 (``*_2017``), 2018 (``_v2``,
``_v3``), 2020 (``_v4a``, ``application_*``) and the current course (``*_current``).
A few printed lines cannot be reproduced even with the course's own helpers and
are left out of the comparison, each with its reason in ``UNREPRODUCIBLE``.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

SCRIPTS = Path(__file__).with_name("course_scripts")
# matplotlib and PIL stand-ins: the notebooks call them for pictures only.
STUBS = SCRIPTS / "stubs"
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def numbers(text):
    return np.array([float(n) for n in NUMBER.findall(text)])


def labels(text):
    """The text without its numbers, brackets, commas and blanks."""
    return re.sub(r"[\[\],\s]", "", NUMBER.sub("", text))


def run_script(name, cwd, extra_path=()):
    # The stand-ins first; then the caller's path, so the script imports the fastdnn under test.
    inherited = [entry for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(STUBS), *map(str, extra_path), *inherited]))
    return subprocess.run([sys.executable, str(SCRIPTS / name)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def workdir(tmp_path, shared_data):
    (tmp_path / "datasets").symlink_to(shared_data, target_is_directory=True)
    return tmp_path


#: script -> (1-based line numbers of its .expected output left out, why).
UNREPRODUCIBLE = {
    "planar_2017.py": (
        [*range(39, 49), 58, 59, 66, 67],
        "runs at learning rate 1.2 that numpy on another machine need not repeat: the "
        "nn_model case on real-valued labels diverges (W2 near -6000, log(0) warnings), "
        "the flower run's cost turns chaotic after iteration 7000 (it rises at 8000) and "
        "so do the 20- and 50-unit accuracies; every earlier line is compared",
    ),
    "planar_current.py": (
        [47, 48, 49],
        "the flower run (learning rate 1.2) turns chaotic after iteration 6000 (its cost rises at "
        "7000): the course's own files, run on this machine, print 0.220635, 0.219402 and 0.218483 "
        "where the notebook stored 0.220616, 0.219397 and 0.218481, and so does fastdnn; the "
        "accuracies after it agree again and are compared",
    ),
}


def without_lines(text, line_numbers):
    return "".join(line for number, line in enumerate(text.splitlines(True), 1)
                   if number not in line_numbers)


def assert_prints_expected(result, script):
    assert result.returncode == 0, f"{script} failed:\n{result.stderr[-3000:]}"
    expected = (SCRIPTS / script).with_suffix(".expected").read_text()
    skipped = UNREPRODUCIBLE.get(script, ((), ""))[0]
    if skipped:
        assert len(result.stdout.splitlines()) == len(expected.splitlines())
        result = subprocess.CompletedProcess(result.args, 0, without_lines(result.stdout, skipped))
        expected = without_lines(expected, skipped)
    assert labels(result.stdout) == labels(expected)
    got, want = numbers(result.stdout), numbers(expected)
    assert got.shape == want.shape
    # The course printed 8 decimals for arrays and up to 17 digits for costs.
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-8)


@pytest.mark.parametrize("script", ["step_by_step_2017.py", "step_by_step_v2.py", "step_by_step_v3.py",
                                    "step_by_step_v4a.py", "step_by_step_current.py", "planar_2017.py",
                                    "planar_current.py"])
def test_step_by_step_and_planar_print_the_course_outputs(script, tmp_path):
    assert_prints_expected(run_script(script, tmp_path), script)


@pytest.mark.parametrize("script", ["logistic_2017.py", "logistic_current.py"])
def test_logistic_regression_prints_the_course_outputs(script, workdir):
    assert_prints_expected(run_script(script, workdir), script)


# The L-layer run takes about 25 s on two shared cores: -m "not slow" leaves it out. It also leaves
# out the 2017 runs (as fast as the later ones), to keep the default run short:
# test_course_2017_app.py checks the 2017 two-layer cost at iteration 100 by default.
@pytest.mark.parametrize("script", ["application_two_layer.py",
                                    pytest.param("application_L_layer.py", marks=pytest.mark.slow),
                                    pytest.param("application_two_layer_2017.py", marks=pytest.mark.slow),
                                    pytest.param("application_L_layer_2017.py", marks=pytest.mark.slow)])
def test_application_prints_the_course_costs_and_accuracies(script, workdir):
    assert_prints_expected(run_script(script, workdir), script)


def test_course_file_next_to_the_script_does_not_win(tmp_path):
    script = tmp_path / "notebook.py"
    script.write_text(
        "from fastdnn import dropin; dropin.install()\n"
        "from dnn_utils_v2 import sigmoid, sigmoid_backward, relu, relu_backward\n"
        "from testCases_v4a import *\n"
        "import dnn_utils_v2\n"
        "print(dnn_utils_v2.__file__)\n"
        "print(compute_cost_test_case()[0])\n"
    )
    for name in ("dnn_utils_v2", "testCases_v4a"):
        (tmp_path / f"{name}.py").write_text(f"raise ImportError('the course file {name}.py was imported')\n")
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    origin, labels_line = result.stdout.splitlines()
    assert Path(origin).parent.name == "course" and Path(origin).parent.parent.name == "fastdnn"
    assert labels_line == "[[1 1 0]]"


def test_without_install_the_course_file_next_to_the_script_wins(tmp_path):
    """Control for the test above: the fake course file is really on the path."""
    (tmp_path / "dnn_utils_v2.py").write_text("raise ImportError('the course file was imported')\n")
    (tmp_path / "notebook.py").write_text("import dnn_utils_v2\n")
    result = subprocess.run([sys.executable, "notebook.py"], cwd=tmp_path, capture_output=True, text=True)
    assert "the course file was imported" in result.stderr


def test_the_course_graders_beside_the_notebook_are_imported(tmp_path):
    """fastdnn serves no public_tests/test_utils: the course's files beside the
    notebook are the graders, and their own `from testCases_v2 import ...` gets
    fastdnn's (current) week-3 cases."""
    (tmp_path / "test_utils.py").write_text("GRADER_HELPERS = 'the course file'\n")
    (tmp_path / "public_tests.py").write_text(
        "from test_utils import GRADER_HELPERS\n"
        "from testCases_v2 import nn_model_test_case\n"
        "def nn_model_test(target):\n"
        "    print(GRADER_HELPERS, nn_model_test_case()[0].shape)\n")
    (tmp_path / "notebook.py").write_text(
        "from fastdnn import dropin; dropin.install(week=3)\n"
        "from public_tests import *\n"
        "nn_model_test(None)\n")
    result = subprocess.run([sys.executable, "notebook.py"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "the course file (2, 3)\n"
