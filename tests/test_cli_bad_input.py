"""Every bad input of the command line: one line naming the problem, exit status 2,
no traceback, and nothing trained or written (run as subprocesses)."""
import os
import subprocess

import h5py
import numpy as np
import pytest

import fastdnn as dnn
from fastdnn.shallow import load_planar_dataset

from clirun import COMMAND, fastdnn, one_error_line


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    X, Y = load_planar_dataset()
    with h5py.File(folder / "good.h5", "w") as f:
        f["X"], f["Y"] = X, Y
    data = (folder / "good.h5").read_bytes()
    (folder / "truncated.h5").write_bytes(data[: len(data) // 3])
    with h5py.File(folder / "keys.h5", "w") as f:
        f["features"], f["labels"] = X, Y
    np.savez(folder / "three.npz", X=X, Y=np.arange(400) % 3)
    np.savez(folder / "short.npz", X=X, Y=Y[:, :399])
    np.savez(folder / "text_labels.npz", X=X, Y=np.array(["cat"] * 400))
    (folder / "not_a_number.csv").write_text("1,2,0\nNA,1,1\n3,4,0\n")
    (folder / "ragged.csv").write_text("x1,x2,label\n1,2,0\n\n1,2\n")
    (folder / "garbage.npz").write_bytes(b"not an archive at all\n" * 8)
    (folder / "garbage.npy").write_bytes(b"not an array at all\n" * 8)
    (folder / "bad.toml").write_text('learning_rate = "fast"\n')
    (folder / "typo.toml").write_text('learnin_rate = 0.1\n')
    (folder / "broken.toml").write_text('learning_rate = \n')
    (folder / "empty_sweep.toml").write_text('[sweep]\nlearning_rate = []\n')
    (folder / "data_number.toml").write_text('data = 5\n')
    (folder / "test_list.toml").write_text('test = ["a"]\n')
    (folder / "log_text.toml").write_text('[sweep]\nlearning_rate = {min = 0.001, max = 1, log = "false"}\n')
    (folder / "min_text.toml").write_text('[sweep]\nlearning_rate = {min = "0.01", max = 1}\n')
    (folder / "notes.txt").write_text("hello\n")
    (folder / "outdir").mkdir()
    dnn.save_model(folder / "planar_model.h5", {"W1": np.ones((3, 2)), "b1": np.zeros((3, 1)),
                                                "W2": np.ones((1, 3)), "b2": np.zeros((1, 1))})
    (folder / "cut_model.h5").write_bytes((folder / "planar_model.h5").read_bytes()[:500])
    np.savez(folder / "twelve.npz", X=np.zeros((12, 5)), Y=np.zeros(5))
    with_nan, with_inf = X.copy(), X.copy()
    with_nan[1, 7], with_inf[0, 3] = np.nan, np.inf
    np.savez(folder / "nan.npz", X=with_nan, Y=Y)
    np.savez(folder / "inf.npz", X=with_inf, Y=Y)
    nan_label = Y.astype(float)
    nan_label[0, 5] = np.nan
    np.savez(folder / "nan_label.npz", X=X, Y=nan_label)
    np.savez(folder / "three_d.npz", X=np.zeros((4, 5, 6)), Y=np.zeros(6))
    return folder


BAD = [
    (["train", "nowhere.h5"], ["data not found", "nowhere.h5"]),
    (["train", "truncated.h5"], ["truncated.h5", "not a readable HDF5 file"]),
    (["train", "keys.h5"], ["none of the expected keys", "features"]),
    (["train", "notes.txt"], ["unknown data format", ".txt"]),
    (["train", "outdir"], ["without the course's cat files"]),
    (["train", "three.npz", "--layers", "2,4,1"], ["0/1 labels", "end the layers with K units"]),
    (["train", "three.npz", "--layers", "2,4,2"], ["class indices 0..1"]),
    (["train", "short.npz"], ["short.npz:Y: 399 labels", "400 examples of", "short.npz:X"]),
    (["train", "text_labels.npz"], ["text_labels.npz:Y: labels must be numbers"]),
    # a NaN label was "must hold 0/1 labels ..., got values such as [0.0, 1.0]"
    (["train", "nan_label.npz"], ["labels of the training data", "NaN or inf", "index (0, 5)"]),
    # 3-D features were told to "pass --rows", which changes nothing for them
    (["train", "three_d.npz"], ["6 labels", "4 examples", "one example per entry of their first axis"]),
    (["train", "not_a_number.csv", "--rows"], ["not_a_number.csv' line 2: 'NA' is not a number"]),
    (["train", "ragged.csv", "--rows"], ["ragged.csv' line 4: 2 comma-separated fields, line 2 has 3"]),
    (["train", "--config", "bad.toml"], ["learning_rate must be a real number", "--learning-rate"]),
    (["train", "--config", "typo.toml"], ["unknown key", "learnin_rate"]),
    (["train", "--config", "broken.toml"], ["not valid TOML"]),
    (["train", "--config", "missing.toml"], ["missing.toml"]),
    (["train", "--learning-rate", "nan"], ["learning_rate must be finite, got nan"]),
    (["train", "--learning-rate", "inf"], ["learning_rate must be finite, got inf"]),
    (["train", "--learning-rate", "-1"], ["learning_rate must be positive, got -1.0"]),
    (["train", "--learning-rate", "0"], ["learning_rate must be positive, got 0.0"]),
    (["train", "--learning-rate", "fast"], ["--learning-rate", "invalid float value"]),
    (["train", "--iterations", "0"], ["num_iterations must be at least 1", "--iterations"]),
    (["train", "--iterations", "-1"], ["num_iterations must be at least 1", "--iterations"]),
    (["train", "--config", "data_number.toml"], ["data must be a string, got 5"]),
    (["train", "--config", "test_list.toml"], ["test must be a string, got ['a']"]),
    (["train", "--iterations", "5", "--out", "/proc/forbidden"], ["--out /proc/forbidden: cannot make the directory"]),
    (["train", "--iterations", "2.5"], ["--iterations", "invalid int value"]),
    (["train", "--layers", "3,4,1"], ["layers 3,4,1 take 3 features", "has 2 per example"]),
    (["train", "--layers", "2,x,1"], ["comma-separated integers"]),
    (["train", "--layers", "2,0,1"], ["layers[1] (layer 1) must be at least 1"]),
    (["train", "--layers", "2,100000000,1"], ["layers 2,100000000,1 on 400 examples need", "GiB"]),
    (["train", "--save", "outdir"], ["--save outdir: is a directory"]),
    (["train", "--save", "nodir/m.h5"], ["is not a writable directory"]),
    (["train", "--out", "good.h5"], ["--out good.h5: is a file"]),
    (["train", "--dtype", "float16"], ["dtype must be one of 'float64', 'float32'"]),
    (["train", "--hidden", "swish"], ["swish"]),
    (["train", "--optimizer", "sgd"], ["optimizer must be one of 'gd', 'momentum', 'adam'", "--optimizer"]),
    (["train", "--mini-batch-size", "0"], ["mini_batch_size must be at least 1", "--mini-batch-size"]),
    (["train", "--mini-batch-size", "401"], ["mini_batch_size must be at most the number of examples m = 400"]),
    (["train", "--mini-batch-size", "64", "--iterations", "5"], ["counts epochs: give --epochs"]),
    (["train", "--epochs", "5", "--iterations", "5"], ["not both"]),
    (["train", "--epochs", "0"], ["num_epochs must be at least 1", "--epochs"]),
    (["train", "--beta", "1"], ["beta must be in [0, 1)", "--beta"]),
    (["train", "--beta1", "-0.5"], ["beta1 must be in [0, 1)", "--beta1"]),
    (["train", "--beta2", "nan"], ["beta2", "--beta2"]),
    (["train", "--epsilon", "0"], ["epsilon must be > 0", "--epsilon"]),
    (["train", "--lambd", "-1"], ["lambd must be >= 0", "--lambd"]),
    (["train", "--keep-prob", "0"], ["keep_prob must be in (0, 1]", "--keep-prob"]),
    (["train", "--initialization", "glorot"], ["initialization must be one of 'he'", "--initialization"]),
    (["train", "--decay", "cosine"], ["decay must be one of 'update_lr', 'schedule_lr_decay'", "--decay"]),
    (["train", "--decay-rate", "-1"], ["decay_rate must be >= 0", "--decay-rate"]),
    (["train", "--optimizer", "adam", "--method", "gram"], ["method='gram' is for plain full-batch gradient descent"]),
    (["train", "--keep-prob", "2"], ["keep_prob must be in (0, 1]"]),
    (["train", "--patience", "3"], ["needs a validation split"]),
    (["train", "--validation-fraction", "1.5"], ["validation_fraction must be in [0, 1)"]),
    (["train", "--validation-fraction", "0.6", "--test-fraction", "0.5"], ["sum below 1"]),
    (["train", "--checkpoint-every", "150", "--record-every", "100"], ["multiple of record_every"]),
    (["train", "--resume", "outdir"], ["no checkpoint in"]),
    (["train", "--resume", "outdir", "--iterations", "5"], ["--resume continues a run", "num_iterations"]),
    (["train", "--frobnicate"], ["unrecognized arguments: --frobnicate"]),
    (["predict", "--model", "nowhere.h5", "good.h5"], ["model file not found"]),
    (["predict", "--model", "cut_model.h5", "good.h5"], ["cut_model.h5", "truncated or not HDF5"]),
    (["predict", "--model", "good.h5", "good.h5"], ["not a fastdnn model"]),
    (["predict", "--model", "planar_model.h5", "twelve.npz"], ["12 features per example", "takes 2"]),
    (["predict", "--model", "planar_model.h5", "good.h5", "--out", "p.txt"], [".csv or .npy"]),
    (["predict", "--model", "planar_model.h5", "cat.png"], ["need a model trained on images"]),
    (["predict", "--model", "planar_model.h5", "good.h5", "twelve.npz"], ["give one data file, or image files"]),
    (["predict", "--model", "planar_model.h5", "good.h5", "--out", "."], ["is a directory", "predictions.csv"]),
    (["train", "garbage.npz"], ["garbage.npz' is not a readable .npz file (not a zip archive)"]),
    (["predict", "--model", "planar_model.h5", "garbage.npy"], ["garbage.npy' is not a readable .npy file"]),
    (["train", "good.h5", "--test", "garbage.npy"], ["garbage.npy' is not a readable .npy file"]),
    (["evaluate", "--model", "planar_model.h5", "twelve.npz", "--part", "test"], ["no test examples"]),
    # a NaN feature made a NaN logit: predicted class 0, "cost nan", exit 0
    (["predict", "--model", "planar_model.h5", "nan.npz"], ["features of", "NaN or inf", "index (1, 7)"]),
    (["evaluate", "--model", "planar_model.h5", "inf.npz"], ["features of", "NaN or inf", "index (0, 3)"]),
    (["sweep", "--learning-rate", "0.1", "nan"], ["learning_rate must be finite"]),
    (["sweep", "--layers", "2,4,1", "3,4,1"], ["layers 3,4,1 take 3 features"]),
    (["sweep", "--runs", "3"], ["--runs is for a random search"]),
    (["sweep", "--validation-fraction", "0"], ["validation_fraction must be > 0"]),
    (["sweep", "--scheduler", "tcp://127.0.0.1:9", "--iterations", "10"], ["cannot reach the Dask scheduler"]),
    (["sweep", "--config", "empty_sweep.toml"], ["[sweep] learning_rate", "at least one value"]),
    (["sweep", "--config", "log_text.toml", "--search", "random"], ["[sweep] learning_rate", "log = true or false"]),
    (["sweep", "--config", "min_text.toml", "--search", "random"], ["[sweep] learning_rate", "min = <number>"]),
]


@pytest.mark.parametrize("argv, words", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_line_and_exit_2(files, argv, words):
    before = set(os.listdir(files))
    result = fastdnn(*argv, cwd=files, timeout=120)
    one_error_line(result, *words)
    assert set(os.listdir(files)) == before  # no run directory, no partial file
    assert result.stdout == ""


def test_a_closed_pipe_is_one_line_and_exit_2(tmp_path):
    """``fastdnn train | head -1``: the run finishes and is saved; the summary cannot be written."""
    process = subprocess.Popen([*COMMAND, "train", "--iterations", "300", "--out", "run"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = process.stdout.readline()
    process.stdout.close()  # what head does after its line
    err = process.stderr.read()
    assert process.wait(timeout=120) == 2
    assert first.startswith("fastdnn train: planar")
    assert err.strip().splitlines()[-1] == "fastdnn: cannot write the output: Broken pipe"
    assert "Traceback" not in err and "Exception ignored" not in err
    assert (tmp_path / "run" / "model.h5").exists()


def test_a_full_disk_is_one_line_and_exit_2(tmp_path):
    """``fastdnn train > /dev/full``: stopped at the first line, before training;
    with ``--quiet`` (one line at the end) the run is saved, then the line fails."""
    for flags, trained in (([], False), (["--quiet"], True)):
        with open("/dev/full", "w") as full:
            result = subprocess.run([*COMMAND, "train", *flags, "--iterations", "50", "--out", "run"],
                                    cwd=tmp_path, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip() == "fastdnn: cannot write the output: No space left on device"
        assert (tmp_path / "run" / "model.h5").exists() == trained
        if trained:
            dnn.load_model(tmp_path / "run" / "model.h5")
        for path in sorted((tmp_path / "run").iterdir()):
            path.unlink()
        (tmp_path / "run").rmdir()


def test_unreadable_data_file(files, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    locked = tmp_path / "locked.h5"
    locked.write_bytes((files / "good.h5").read_bytes())
    locked.chmod(0)
    one_error_line(fastdnn("train", locked, cwd=tmp_path), "locked.h5")
