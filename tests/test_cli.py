"""The batch-training command line."""
import os

import numpy as np
import pytest

from fastdnn import cli


def rows(output):
    return [line for line in output.splitlines()[2:] if line.strip() and not line.startswith("saved")]


def test_default_trains_on_the_built_in_planar_data(capsys):
    assert cli.main(["train", "--iterations", "300"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("data: planar   iterations: 300   output: sigmoid")
    (row,) = rows(out)
    name, rate, cost, train, test, seconds = row.split()
    assert name == "2-16-8-1" and rate == "0.1" and test == "-"
    assert 0 < float(cost) < 0.7 and 0.5 < float(train) <= 1


def test_grid_with_workers_and_save(tmp_path, capsys):
    target = tmp_path / "best.npz"
    code = cli.main(["train", "--layers", "2,4,1", "2,3,1", "--learning-rate", "0.1", "0.5",
                     "--iterations", "200", "--jobs", "2", "--save", str(target)])
    assert code == 0
    out = capsys.readouterr().out
    assert sorted(r.split()[0] + " " + r.split()[1] for r in rows(out)) == [
        "2-3-1 0.1", "2-3-1 0.5", "2-4-1 0.1", "2-4-1 0.5"]
    saved = np.load(target)
    assert sorted(saved.files) == ["W1", "W2", "b1", "b2"]
    assert "NUMBA_NUM_THREADS" not in os.environ  # only the workers run single-threaded


def test_spiral_uses_softmax(capsys):
    assert cli.main(["train", "--data", "spiral", "--layers", "2,20,3", "--iterations", "300"]) == 0
    out = capsys.readouterr().out
    assert "output: softmax" in out
    assert float(rows(out)[0].split()[3]) > 0.5


def test_cat_directory(shared_data, capsys):
    assert cli.main(["train", "--data", str(shared_data), "--iterations", "3"]) == 0
    (row,) = rows(capsys.readouterr().out)
    assert row.split()[0] == "12288-20-7-5-1" and row.split()[4] != "-"


def test_diverging_or_bad_runs_are_reported(capsys):
    assert cli.main(["train", "--layers", "3,4,1"]) == 1
    assert "failed: layers_dims[0] is 3 but X has 2 rows" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["train", "--data", "nowhere"], ["train", "--jobs", "0"], ["train", "--iterations", "0"]])
def test_bad_arguments_exit_2(argv, capsys):
    assert cli.main(argv) == 2
    assert "fastdnn:" in capsys.readouterr().err


def test_bad_layers_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["train", "--layers", "2,x,1"])
    assert info.value.code == 2
    assert "comma-separated integers" in capsys.readouterr().err


def test_unreadable_data_or_save_path_exit_2_before_training(tmp_path, capsys):
    assert cli.main(["train", "--data", str(tmp_path), "--iterations", "5"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fastdnn: cannot read the data in") and "train_catvnoncat.h5" in err
    assert cli.main(["train", "--iterations", "5", "--save", str(tmp_path / "missing" / "best")]) == 2
    captured = capsys.readouterr()
    assert "is not a writable directory" in captured.err and captured.out == ""


def test_save_names_the_file_it_writes(tmp_path, capsys):
    assert cli.main(["train", "--iterations", "20", "--save", str(tmp_path / "best")]) == 0
    assert capsys.readouterr().out.rstrip().endswith(str(tmp_path / "best.npz"))
    assert set(np.load(tmp_path / "best.npz")) == {"W1", "b1", "W2", "b2", "W3", "b3"}
