"""``fastdnn train / predict / evaluate`` run as subprocesses: run directories,
the course's numbers, data formats, checkpoints, resume and Ctrl-C."""
import csv
import importlib.util
import json
import os
import signal
import time

import h5py
import numpy as np
import pytest

import fastdnn as dnn
from fastdnn.shallow import load_planar_dataset

from clirun import fastdnn, one_error_line, start, wait_for


def read_history(folder):
    with open(folder / "history.csv") as source:
        return list(csv.DictReader(source))


def same_parameters(a, b):
    pa, pb = dnn.load_model(a)[0], dnn.load_model(b)[0]
    return pa.keys() == pb.keys() and all(np.array_equal(pa[k], pb[k]) and pa[k].dtype == pb[k].dtype for k in pa)


def test_default_run_trains_on_the_embedded_data(tmp_path):
    result = fastdnn("train", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (folder,) = (tmp_path / "runs").iterdir()
    plotted = importlib.util.find_spec("matplotlib") is not None  # an optional extra: without it, a note
    assert sorted(p.name for p in folder.iterdir()) == ["history.csv"] + ["learning_curve.png"] * plotted + [
        "metrics.json", "model.h5"]
    assert plotted or "matplotlib is not installed: learning_curve.png skipped" in result.stdout + result.stderr
    metrics = json.loads((folder / "metrics.json").read_text())
    # the course's planar network [2, 16, 8, 1], seed 1, lr 0.1, 10000 iterations (the former CLI's row)
    assert metrics["iterations"] == 10000 and metrics["train"]["accuracy"] == 0.905
    # the final cost, after the 10000th update (the former CLI printed 0.207250, iteration 9900's)
    assert round(metrics["train"]["cost"], 6) == 0.207023
    header, train_row = result.stdout.splitlines()[1:3]
    assert header.split() == ["cost", "accuracy", "examples"]
    assert train_row.split() == ["train", f"{metrics['train']['cost']:.6f}", "0.9050", "400"]
    *_, before_last, last = read_history(folder)  # the cost shown is the final cost, also in the history
    assert int(last["iteration"]) == 10000 and float(last["cost"]) == metrics["train"]["cost"]
    assert int(before_last["iteration"]) == 9900 and round(float(before_last["cost"]), 6) == 0.207250
    assert "iterations/s" in result.stdout and str(folder.relative_to(tmp_path) / "model.h5") in result.stdout
    parameters, meta = dnn.load_model(folder / "model.h5")
    assert meta["layers"] == [2, 16, 8, 1] and meta["config"]["learning_rate"] == 0.1
    assert len(meta["history"]["cost"]) == 101  # iterations 0, 100, ..., 9900, and 10000
    X, Y = load_planar_dataset()
    probabilities, _ = dnn.L_model_forward(X, parameters)
    assert np.mean((probabilities > 0.5) == Y) == 0.905


@pytest.mark.slow  # a minute on a busy 2-core machine
def test_cat_data_reaches_the_course_accuracy(shared_data, tmp_path):
    result = fastdnn("train", shared_data, "--layers", "12288,20,7,5,1", "--iterations", 2500, "--out", "cat",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    metrics = json.loads((tmp_path / "cat" / "metrics.json").read_text())
    assert metrics["test"]["accuracy"] >= 0.8 and metrics["test"]["examples"] == 50
    assert metrics["train"]["accuracy"] == pytest.approx(0.9856459330143541)
    _, meta = dnn.load_model(tmp_path / "cat" / "model.h5")
    assert meta["class_names"] == ["non-cat", "cat"] and meta["input_divisor"] == 255.0
    assert meta["input_shape"] == (64, 64, 3)
    evaluated = fastdnn("evaluate", "--model", tmp_path / "cat" / "model.h5", shared_data / "test_catvnoncat.h5",
                        cwd=tmp_path)
    assert "50 examples, accuracy 0.8000" in evaluated.stdout


def planar_files(folder):
    """The planar data as .npz (columns; and X with y), .npz (rows), .csv (columns) and .csv (rows with a header)."""
    X, Y = load_planar_dataset()
    np.savez(folder / "cols.npz", X=X, Y=Y)
    np.savez(folder / "rows.npz", x_train=X.T, y_train=Y.reshape(-1))
    np.savez(folder / "mixed.npz", X=X, y=Y.reshape(-1))  # upper-case features, lower-case labels
    np.savetxt(folder / "cols.csv", np.vstack([X, Y]), delimiter=",")
    np.savetxt(folder / "rows.csv", np.hstack([X.T, Y.T]), delimiter=",", header="x1,x2,label", comments="")
    with h5py.File(folder / "planar.h5", "w") as f:
        f["X"], f["Y"] = X, Y
    return X, Y


@pytest.mark.parametrize("name, flags", [("cols.npz", []), ("mixed.npz", []), ("rows.npz", ["--rows"]),
                                         ("cols.csv", []), ("rows.csv", ["--rows"]), ("planar.h5", [])])
def test_file_formats_train_the_same_network(tmp_path, name, flags):
    planar_files(tmp_path)
    result = fastdnn("train", name, *flags, "--layers", "2,4,1", "--iterations", 300, "--learning-rate", 0.5,
                     "--out", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    reference = fastdnn("train", "planar", "--layers", "2,4,1", "--iterations", 300, "--learning-rate", 0.5,
                        "--out", "reference", cwd=tmp_path)
    assert same_parameters(tmp_path / "run" / "model.h5", tmp_path / "reference" / "model.h5")


def test_config_file_with_flags_overriding_it(tmp_path):
    (tmp_path / "run.toml").write_text('layers = [2, 5, 1]\nlearning_rate = 0.3\nnum_iterations = 200\n'
                                       'validation_fraction = 0.25\ntest_fraction = 0.25\nseed = 4\n')
    result = fastdnn("train", "--config", "run.toml", "--iterations", 300, "--out", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    _, meta = dnn.load_model(tmp_path / "run" / "model.h5")
    assert meta["config"]["num_iterations"] == 300 and meta["config"]["learning_rate"] == 0.3
    assert meta["layers"] == [2, 5, 1] and meta["config"]["seed"] == 4
    assert {k: meta["metrics"][k]["examples"] for k in ("train", "validation", "test")} == \
        {"train": 200, "validation": 100, "test": 100}
    history = read_history(tmp_path / "run")
    assert history[0]["validation_cost"] and history[-1]["validation_accuracy"]


def test_fit_options_from_a_toml_file_and_flags_train_what_fastdnn_fit_trains(tmp_path):
    """The trainer's options by TOML and flags (flags win); the run is fastdnn.fit's, in
    segments of checkpoint_every epochs, bit for bit; the model file records the configuration."""
    (tmp_path / "run.toml").write_text(
        'layers = [2, 6, 4, 1]\noptimizer = "momentum"\nlearning_rate = 0.05\nnum_epochs = 150\n'
        'mini_batch_size = 50\nbeta = 0.8\nbeta1 = 0.85\nbeta2 = 0.99\nepsilon = 1e-7\nlambd = 0.2\n'
        'keep_prob = 0.9\ninitialization = "he"\nhidden = "tanh"\ndecay = "schedule_lr_decay"\n'
        'decay_rate = 0.5\nseed = 5\ncheckpoint_every = 40\nrecord_every = 20\n')
    result = fastdnn("train", "--config", "run.toml", "--optimizer", "adam", "--keep-prob", 0.8, "--out", "run",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "adam, learning rate 0.05, 150 epochs, mini-batches of 50" in result.stdout
    assert "150 epochs in" in result.stdout and "epochs/s" in result.stdout
    parameters, meta = dnn.load_model(tmp_path / "run" / "model.h5")
    expected = dict(optimizer="adam", learning_rate=0.05, num_epochs=150, mini_batch_size=50, beta=0.8, beta1=0.85,
                    beta2=0.99, epsilon=1e-7, lambd=0.2, keep_prob=0.8, initialization="he", hidden="tanh",
                    decay="schedule_lr_decay", decay_rate=0.5, seed=5, checkpoint_every=40, record_every=20)
    assert {k: meta["config"][k] for k in expected} == expected and meta["hidden"] == "tanh"
    X, Y = load_planar_dataset()
    options = {k: v for k, v in expected.items() if k not in ("checkpoint_every", "record_every")}
    fitted, history = dnn.fit(X, Y, [2, 6, 4, 1], record_every=20, **options)
    assert parameters.keys() == fitted.keys() and all(np.array_equal(parameters[k], fitted[k]) for k in fitted)
    rows = read_history(tmp_path / "run")
    assert [int(r["epoch"]) for r in rows] == list(range(0, 150, 20)) + [150]
    np.testing.assert_array_equal([float(r["cost"]) for r in rows[:-1]], history["cost"][:-1])


def test_predict_writes_csv_and_npy_and_evaluate_prints_metrics(tmp_path):
    X, Y = planar_files(tmp_path)
    assert fastdnn("train", "--iterations", 500, "--out", "run", cwd=tmp_path).returncode == 0
    model = tmp_path / "run" / "model.h5"
    printed = fastdnn("predict", "--model", model, "cols.csv", cwd=tmp_path)
    rows = list(csv.DictReader(printed.stdout.splitlines()))
    assert printed.returncode == 0 and len(rows) == 400 and set(rows[0]) == {"prediction", "probability"}
    assert fastdnn("predict", "--model", model, "rows.npz", "--rows", "--out", "p.npy", cwd=tmp_path).returncode == 0
    predicted = np.load(tmp_path / "p.npy")
    assert predicted.shape == (400,) and [int(r["prediction"]) for r in rows] == predicted.tolist()
    accuracy = json.loads((tmp_path / "run" / "metrics.json").read_text())["train"]["accuracy"]
    assert np.mean(predicted == Y[0]) == accuracy
    evaluated = fastdnn("evaluate", "--model", model, "cols.npz", cwd=tmp_path)
    assert evaluated.returncode == 0 and f"accuracy {accuracy:.4f}" in evaluated.stdout
    # an .npy holds the features alone: the same predictions; nothing to evaluate against
    np.save(tmp_path / "rows.npy", X.T)
    from_npy = fastdnn("predict", "--model", model, "rows.npy", "--rows", cwd=tmp_path)
    assert from_npy.returncode == 0 and from_npy.stdout == printed.stdout
    one_error_line(fastdnn("evaluate", "--model", model, "rows.npy", "--rows", cwd=tmp_path), "no labels")


def test_predict_on_an_image_file_as_the_course_does(tmp_path):
    Image = pytest.importorskip("PIL.Image")
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (30, 8, 8, 3), dtype=np.uint8)
    labels = (images.mean(axis=(1, 2, 3)) > 127).astype(np.int64)
    with h5py.File(tmp_path / "train_images.h5", "w") as f:
        f["train_set_x"], f["train_set_y"], f["list_classes"] = images, labels, [b"dark", b"bright"]
    assert fastdnn("train", "train_images.h5", "--layers", "192,4,1", "--iterations", 50, "--out", "run",
                   cwd=tmp_path).returncode == 0
    Image.fromarray(np.full((32, 24, 3), 250, np.uint8)).save(tmp_path / "mine.png")
    result = fastdnn("predict", "--model", "run/model.h5", "mine.png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (row,) = list(csv.DictReader(result.stdout.splitlines()))
    parameters, _ = dnn.load_model(tmp_path / "run" / "model.h5")
    pixels = np.array(Image.open(tmp_path / "mine.png").resize((8, 8))) / 255.  # the course's "my own image"
    probability, _ = dnn.L_model_forward(pixels.reshape(1, -1).T, parameters)
    assert float(row["probability"]) == pytest.approx(probability[0, 0], rel=1e-5)
    assert row["class"] == ["dark", "bright"][int(row["prediction"])]


def interrupt_after_checkpoint(args, folder, cwd):
    """Start ``fastdnn train ARGS --out FOLDER``, send SIGINT once a checkpoint exists;
    returns (the process's result, seconds from the signal to its exit)."""
    process = start("train", *args, "--out", folder, "--quiet", cwd=cwd)
    wait_for(cwd / folder / "checkpoint.h5", process)
    time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    sent = time.monotonic()
    out, err = process.communicate(timeout=30)
    return process.returncode, time.monotonic() - sent, err


def test_class_names_that_do_not_fit_the_output_are_a_note_not_a_failure(tmp_path):
    X, Y = load_planar_dataset()
    np.savez(tmp_path / "names.npz", X=X, Y=Y, classes=np.array(["a", "b", "c"]))
    result = fastdnn("train", "names.npz", "--iterations", 20, "--out", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "its class_names holds 3 names; a sigmoid output unit has 2 classes; the model file keeps no class " \
           "names" in result.stdout
    assert dnn.load_model(tmp_path / "run" / "model.h5")[1]["class_names"] is None


def test_ctrl_c_while_the_kernels_compile_leaves_a_run_to_resume(tmp_path):
    """With the kernel cache off the loop compiles for seconds after the epoch-0
    validation (which writes best.h5): SIGINT then writes the checkpoint of epoch 0
    and says how to resume, as in training (the folder was left unusable before)."""
    process = start("train", "--patience", 2, "--validation-fraction", 0.2, "--iterations", 3000, "--out", "run",
                    "--quiet", cwd=tmp_path, env=dict(os.environ, FASTDNN_CACHE="0"))
    wait_for(tmp_path / "run" / "best.h5", process)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "checkpoint of iteration 0" in one_line(err) and "--resume run" in one_line(err)
    _, meta = dnn.load_model(tmp_path / "run" / "checkpoint.h5")
    assert meta["state"]["epoch"] == 0


WIDE = ["--layers", "300,6,3,1", "--learning-rate", 0.05, "--checkpoint-every", 200]


def wide_data(folder):
    """Wide data (300 features, 40 examples): the engine takes its Gram path."""
    rng = np.random.default_rng(3)
    X = rng.standard_normal((300, 40))
    np.savez(folder / "wide.npz", X=X, Y=(X[0] + X[1] > 0).astype(np.int64))
    return "wide.npz"


#: Adam on mini-batches with dropout and L2: the checkpoint carries Adam's moments and the
#: epoch, and every epoch's batch order and dropout masks follow from the seed and the epoch.
ADAM = ["--layers", "2,16,8,1", "--optimizer", "adam", "--learning-rate", 0.01, "--mini-batch-size", 64,
        "--keep-prob", 0.8, "--lambd", 0.1, "--decay", "update_lr", "--decay-rate", 0.001, "--seed", 3,
        "--checkpoint-every", 100, "--validation-fraction", 0.2]


@pytest.mark.parametrize("data, args, unit", [
    ("planar", ["--layers", "2,16,8,1", "--checkpoint-every", 500, "--iterations", 20000], "iteration"),
    ("wide", [*WIDE, "--iterations", 20000], "iteration"),
    ("planar", [*ADAM, "--epochs", 6000], "epoch")], ids=["planar", "wide", "adam"])
def test_ctrl_c_then_resume_gives_the_uninterrupted_parameters(tmp_path, data, args, unit):
    data = wide_data(tmp_path) if data == "wide" else data
    args = [data, *args]
    status, seconds, err = interrupt_after_checkpoint(args, "cut", tmp_path)
    assert status == 130 and seconds < 2, (status, seconds, err)
    line = one_line(err)
    assert line.startswith(f"fastdnn: interrupted at {unit}") and "fastdnn train --resume cut" in line
    parameters, meta = dnn.load_model(tmp_path / "cut" / "checkpoint.h5")
    total = int(args[args.index("--epochs" if unit == "epoch" else "--iterations") + 1])
    assert 0 < meta["state"]["epoch"] < total
    size = sum(p.size for p in parameters.values())
    assert meta["optimizer_state"].shape == ((2 * size,) if "adam" in args else (0,))
    resumed = fastdnn("train", "--resume", "cut", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resumed at {unit} {meta['state']['epoch']}" in resumed.stdout
    whole = fastdnn("train", *args, "--out", "whole", cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr
    assert same_parameters(tmp_path / "cut" / "model.h5", tmp_path / "whole" / "model.h5")
    assert json.loads((tmp_path / "whole" / "metrics.json").read_text())["method"] == \
        ("gram" if data == "wide.npz" else "direct")
    assert read_history(tmp_path / "cut") == read_history(tmp_path / "whole")
    assert not (tmp_path / "cut" / "checkpoint.h5").exists()


def one_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_sigkill_while_checkpointing_leaves_a_loadable_checkpoint(tmp_path):
    """Checkpoints every 20 iterations: the process spends most of its time writing them."""
    args = ["--layers", "2,8,1", "--iterations", 10**6, "--checkpoint-every", 20, "--quiet"]
    for trial in range(3):
        process = start("train", *args, "--out", f"k{trial}", cwd=tmp_path)
        wait_for(tmp_path / f"k{trial}" / "checkpoint.h5", process)
        time.sleep(0.2 + 0.37 * trial)
        process.kill()
        process.wait()
        _, meta = dnn.load_model(tmp_path / f"k{trial}" / "checkpoint.h5")
        assert meta["state"]["epoch"] % 20 == 0 and meta["state"]["epoch"] > 0
    # and the killed run resumes to the uninterrupted parameters
    short = ["--layers", "2,8,1", "--checkpoint-every", 20]
    process = start("train", *short, "--iterations", 3000, "--out", "cut", "--quiet", cwd=tmp_path)
    wait_for(tmp_path / "cut" / "checkpoint.h5", process)
    process.kill()
    process.wait()
    if (tmp_path / "cut" / "checkpoint.h5").exists() and not (tmp_path / "cut" / "model.h5").exists():
        assert fastdnn("train", "--resume", "cut", cwd=tmp_path).returncode == 0
        assert fastdnn("train", *short, "--iterations", 3000, "--out", "whole", cwd=tmp_path).returncode == 0
        assert same_parameters(tmp_path / "cut" / "model.h5", tmp_path / "whole" / "model.h5")


def test_early_stopping_on_the_validation_split_keeps_the_best_parameters(tmp_path):
    result = fastdnn("train", "--layers", "2,30,30,1", "--learning-rate", 1.2, "--iterations", 20000,
                     "--validation-fraction", 0.5, "--patience", 2, "--checkpoint-every", 500, "--out", "run",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    history = [r for r in read_history(tmp_path / "run") if r["validation_cost"]]
    costs = {int(r["iteration"]): float(r["validation_cost"]) for r in history}
    best = min(costs, key=costs.get)
    assert metrics["best_iteration"] == best and metrics["validation"]["cost"] == pytest.approx(costs[best])
    if metrics["stopped_early"]:
        assert metrics["iterations"] == best + 2 * 500 and "stopped early" in result.stdout
    else:
        assert metrics["iterations"] == 20000
    # the learning curve marks the best check (the parameters kept) beside the two costs
    from fastdnn.cli.files import learning_curve
    rows = read_history(tmp_path / "run")
    series = {"iteration": np.array([int(r["iteration"]) for r in rows]),
              "cost": np.array([float(r["cost"] or "nan") for r in rows]),
              "validation_cost": np.array([float(r["validation_cost"] or "nan") for r in rows])}
    labels = [line.get_label() for line in learning_curve(series, metrics["best_iteration"]).axes[0].lines]
    assert labels == ["training cost", "validation cost", f"best validation cost (iteration {best})"]
    assert (tmp_path / "run" / "learning_curve.png").stat().st_size > 0


def test_debug_shows_the_traceback(tmp_path):
    plain = fastdnn("train", "--learning-rate", "nan", cwd=tmp_path)
    one_error_line(plain, "learning_rate must be finite")
    debug = fastdnn("--debug", "train", "--learning-rate", "nan", cwd=tmp_path)
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_diverging_run_is_one_line_and_exit_1(tmp_path):
    result = fastdnn("train", "--learning-rate", 1e300, "--iterations", 50, "--quiet", cwd=tmp_path)
    assert result.returncode == 1 and one_line(result.stderr).startswith("fastdnn: training diverged")


def test_version_and_help_list_choices_and_defaults(tmp_path):
    version = fastdnn("--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.strip() == f"fastdnn {dnn.__version__}"
    train_help = " ".join(fastdnn("train", "--help", cwd=tmp_path).stdout.split())
    for text in ("--optimizer {gd,momentum,adam}", "the optimiser (default: gd)", "momentum's decay (default: 0.9)",
                 "--hidden {relu,sigmoid,tanh,leaky_relu}", "--dtype {float64,float32}", "(default: by data set)",
                 "Adam's epsilon (default: 1e-08)"):
        assert text in train_help, text
    predict_help = " ".join(fastdnn("predict", "--help", cwd=tmp_path).stdout.split())
    assert "--model FILE.h5 a model file" in predict_help


def test_a_resumed_runs_speed_is_its_own(tmp_path):
    """The summary's speed is this process's iterations over this process's
    training time; the run's total seconds include the sessions before (here
    a day, written into the checkpoint: it gave "0 iterations/s")."""
    status, _, err = interrupt_after_checkpoint(["--checkpoint-every", 500, "--iterations", 20000], "cut", tmp_path)
    assert status == 130, err
    with h5py.File(tmp_path / "cut" / "checkpoint.h5", "r+") as f:
        state = json.loads(f.attrs["state"])
        state["seconds"] = 86400.0
        f.attrs["state"] = json.dumps(state)
    resumed = fastdnn("train", "--resume", "cut", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    line = next(line for line in resumed.stdout.splitlines() if "iterations/s" in line)
    seconds = float(line.split(" s, ")[0].split(" in ")[1])
    speed = float(line.split(" s, ")[1].split(" iterations/s")[0].replace(",", ""))
    assert seconds > 86400 and speed > 1000, line


def test_a_resumed_run_removes_what_killed_writes_left(tmp_path):
    """Temporary files of atomic writes that a kill left behind (8 runs of 20
    kept one) are removed by the resumed run; other files stay."""
    status, _, err = interrupt_after_checkpoint(["--checkpoint-every", 500, "--iterations", 5000], "cut", tmp_path)
    assert status == 130, err
    stale = [".checkpoint.h5.0123456789abcdef.tmp", ".metrics.json.fedcba9876543210.tmp"]
    for name in stale + ["notes.tmp", ".hidden.tmp"]:
        (tmp_path / "cut" / name).write_text("left behind")
    resumed = fastdnn("train", "--resume", "cut", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    left = set(os.listdir(tmp_path / "cut"))
    assert not left & set(stale) and {"notes.tmp", ".hidden.tmp", "model.h5"} <= left


def test_two_runs_started_at_once_on_one_directory_do_not_mix(tmp_path):
    """Of two ``fastdnn train --out DIR`` started together, one trains and the
    other stops with one line (both succeeded, their files mixed)."""
    for trial in range(3):
        pair = [start("train", "--iterations", 50, "--out", f"run{trial}", "--quiet", cwd=tmp_path) for _ in range(2)]
        results = [(p.wait(timeout=120), p.communicate()[1]) for p in pair]
        assert sorted(status for status, _ in results) == [0, 2], results
        assert any("not empty" in err for _, err in results)


def test_the_progress_bar_shows_significant_digits_and_the_validation_scores(tmp_path):
    from fastdnn.cli.commands import progress_text

    assert progress_text(1.2345678e-7, dict(epoch=[], cost=[], accuracy=[])) == "cost 1.23457e-07"  # was 0.000000
    result = fastdnn("train", "--iterations", 30000, "--checkpoint-every", 5000, "--validation-fraction", 0.2,
                     "--out", "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "val cost" in result.stderr and "val accuracy" in result.stderr


def test_the_readme_table_of_defaults_is_the_codes():
    """README's "Defaults that differ from fastdnn.fit's": each row's two
    values are the command line's and fit's defaults, and they differ."""
    import inspect
    import re
    from pathlib import Path

    from fastdnn.cli import options

    readme = (Path(__file__).parent.parent / "README.md").read_text()
    table = readme.split("**Defaults that differ from `fastdnn.fit`'s**")[1].split("\n\n")[1]
    fit_defaults = {k: p.default for k, p in inspect.signature(dnn.fit).parameters.items()}
    train_defaults = options.checked(dict(options.DEFAULTS))  # as a run resolves them
    rows = [re.findall(r"\| `?([^|`]+?)`? ", line) for line in table.splitlines()[2:]]
    checked = 0
    for key, train, fit in (row[:3] for row in rows):
        if key in train_defaults and key in fit_defaults:
            assert str(train_defaults[key]) == train and str(fit_defaults[key]) == fit, (key, train, fit)
            assert train != fit
            checked += 1
    assert checked == 4
