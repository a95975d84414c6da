"""fastdnn.save_model / load_model: HDF5 model files, atomic writes, clear errors."""
import os
import subprocess
import sys

import h5py
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import fastdnn as dnn
from fastdnn._product.modelfile import ModelFileError, atomic_path

from strategies import LAYOUTS, in_layout


def network(dims, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    return {key: rng.standard_normal(shape).astype(dtype)
            for l in range(1, len(dims))
            for key, shape in ((f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1)))}


@settings(max_examples=25, deadline=None)
@given(dims=st.lists(st.integers(1, 6), min_size=2, max_size=5), dtype=st.sampled_from([np.float64, np.float32]),
       layout=st.sampled_from(LAYOUTS), flat_bias=st.booleans())
def test_round_trip_is_exact_and_keeps_the_dtype(tmp_path_factory, dims, dtype, layout, flat_bias):
    parameters = network(dims, dtype)
    given_parameters = {k: in_layout(v.reshape(-1) if flat_bias and k[0] == "b" else v, layout)
                        for k, v in parameters.items()}
    before = {k: v.copy() for k, v in given_parameters.items()}
    path = tmp_path_factory.mktemp("m") / "model.h5"
    dnn.save_model(path, given_parameters)
    loaded, meta = dnn.load_model(path)
    assert loaded.keys() == parameters.keys()
    for key, value in parameters.items():
        assert loaded[key].dtype == dtype and loaded[key].shape == value.shape
        np.testing.assert_array_equal(loaded[key], value)
        np.testing.assert_array_equal(given_parameters[key], before[key])  # inputs untouched
    assert meta["layers"] == list(dims) and meta["dtype"] == dtype
    assert meta["output"] == ("softmax" if dims[-1] > 1 else "sigmoid")


def test_metadata_round_trip(tmp_path):
    history = dict(iteration=np.arange(0, 300, 100), cost=np.array([0.7, 0.5, np.nan]))
    config = dict(learning_rate=0.1, layers=[2, 3, 1], seed=1)
    dnn.save_model(tmp_path / "m.h5", network([64 * 64 * 3, 3, 1]), hidden="tanh", input_divisor=255.0,
                   input_shape=(64, 64, 3), class_names=["non-cat", "cat"], config=config,
                   history=history, metrics={"train": {"accuracy": 0.9}}, state={"epoch": 200},
                   optimizer_state=np.arange(26, dtype=np.float32) / 7)
    _, meta = dnn.load_model(tmp_path / "m.h5")
    assert meta["optimizer_state"].dtype == np.float32  # exact, in its dtype, for a resumed run
    np.testing.assert_array_equal(meta["optimizer_state"], np.arange(26, dtype=np.float32) / 7)
    assert meta["hidden"] == "tanh" and meta["input_divisor"] == 255.0 and meta["input_shape"] == (64, 64, 3)
    assert meta["class_names"] == ["non-cat", "cat"] and meta["config"] == config
    assert meta["metrics"] == {"train": {"accuracy": 0.9}} and meta["state"] == {"epoch": 200}
    np.testing.assert_array_equal(meta["history"]["iteration"], history["iteration"])
    np.testing.assert_array_equal(meta["history"]["cost"], history["cost"])
    assert meta["fastdnn_version"] == dnn.__version__
    dnn.save_model(tmp_path / "plain.h5", network([2, 3, 1]))
    assert dnn.load_model(tmp_path / "plain.h5")[1]["optimizer_state"] is None


def test_other_keywords_are_free_form_user_metadata(tmp_path):
    """save_model(path, parameters, **meta), the documented form for a while: a
    note, a data set's name, numbers (numpy's too), lists and dicts come back
    from load_model as meta["user"]."""
    path = tmp_path / "m.h5"
    dnn.save_model(path, network([2, 3, 1]), hidden="tanh", note="first run", dataset={"name": "cats", "m": 209},
                   epochs=np.int64(3), scores=np.array([0.5, 0.75]), tags=["a", "b"], seed=None)
    _, meta = dnn.load_model(path)
    assert meta["user"] == {"note": "first run", "dataset": {"name": "cats", "m": 209}, "epochs": 3,
                            "scores": [0.5, 0.75], "tags": ["a", "b"], "seed": None}
    assert meta["hidden"] == "tanh" and meta["config"] is None
    dnn.save_model(path, network([2, 3, 1]))
    assert dnn.load_model(path)[1]["user"] == {}
    circular = []
    circular.append(circular)
    with pytest.raises(ValueError, match="metadata keyword loop= must be JSON-serialisable"):
        dnn.save_model(tmp_path / "other.h5", network([2, 3, 1]), loop=circular)


def test_numbers_as_class_names_are_written_out(tmp_path):
    dnn.save_model(tmp_path / "m.h5", network([2, 3, 3]), class_names=np.arange(3))
    assert dnn.load_model(tmp_path / "m.h5")[1]["class_names"] == ["0", "1", "2"]


def test_byte_class_names_are_decoded(tmp_path):
    """The course's ``load_data()`` returns ``classes = array([b'non-cat', b'cat'])``."""
    dnn.save_model(tmp_path / "m.h5", network([2, 3, 1]), class_names=np.array([b"non-cat", b"cat"]))
    assert dnn.load_model(tmp_path / "m.h5")[1]["class_names"] == ["non-cat", "cat"]
    dnn.save_model(tmp_path / "k.h5", network([2, 3, 3]), class_names=np.array(["a", "b", "\u00e9t\u00e9"]))
    assert dnn.load_model(tmp_path / "k.h5")[1]["class_names"] == ["a", "b", "\u00e9t\u00e9"]


def test_fit_history_is_saved_as_it_is_and_round_trips(tmp_path):
    """fit's own history (series, 0-d best_epoch, optimizer_state): the series and values under
    ``history``, its optimizer_state as the file's; loading and saving again gives the same."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 40))
    parameters, history = dnn.fit(X, (X[:1] > 0).astype(float), [2, 3, 1], learning_rate=0.1, optimizer="adam",
                                  num_epochs=5, validation_fraction=0.2, early_stopping=3, dtype=np.float32)
    assert history["best_epoch"].ndim == 0 and history["optimizer_state"].shape == (26,)
    dnn.save_model(tmp_path / "m.h5", parameters, history=history)
    _, meta = dnn.load_model(tmp_path / "m.h5")
    np.testing.assert_array_equal(meta["optimizer_state"], history["optimizer_state"])
    assert meta["history"].keys() == history.keys() - {"optimizer_state"}
    for key, values in meta["history"].items():
        assert values.shape == history[key].shape
        np.testing.assert_array_equal(values, history[key])
    dnn.save_model(tmp_path / "again.h5", parameters, history=meta["history"], optimizer_state=meta["optimizer_state"])
    dnn.save_model(tmp_path / "both.h5", parameters, history=history, optimizer_state=history["optimizer_state"])
    # the same values in another form (a list of float64) are the same state: the history's is saved
    dnn.save_model(tmp_path / "list.h5", parameters, history=history, optimizer_state=history["optimizer_state"].tolist())
    for name in ("again.h5", "both.h5", "list.h5"):
        _, again = dnn.load_model(tmp_path / name)
        np.testing.assert_array_equal(again["optimizer_state"], meta["optimizer_state"])
        assert again["optimizer_state"].dtype == history["optimizer_state"].dtype
        assert {k: v.tolist() for k, v in again["history"].items()} == {k: v.tolist() for k, v in meta["history"].items()}


def test_a_missing_or_unwritable_folder_names_the_path_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError) as info:
        dnn.save_model("nodir/m.h5", network([2, 3, 1]))
    assert str(info.value) == "cannot write 'nodir/m.h5': its folder 'nodir' does not exist"
    (tmp_path / "afile").write_text("")
    with pytest.raises(NotADirectoryError, match="cannot write 'afile/m.h5': its folder 'afile' is not a directory"):
        dnn.save_model("afile/m.h5", network([2, 3, 1]))
    assert sorted(os.listdir(tmp_path)) == ["afile"]


def test_an_unwritable_folder_names_the_path_given(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into every folder")
    (tmp_path / "locked").mkdir(mode=0o500)
    with pytest.raises(PermissionError, match="cannot write .*locked/m.h5.*: Permission denied"):
        dnn.save_model(tmp_path / "locked" / "m.h5", network([2, 3, 1]))


def test_no_pickle_anywhere(tmp_path):
    """Every stored object is a numeric dataset or a plain attribute (HDF5, no pickled bytes)."""
    dnn.save_model(tmp_path / "m.h5", network([2, 3, 1]), config={"a": 1})
    datasets = []
    with h5py.File(tmp_path / "m.h5") as f:
        f.visititems(lambda name, obj: datasets.append(obj.dtype.kind) if isinstance(obj, h5py.Dataset) else None)
        assert datasets and set(datasets) <= set("iuf")
        assert all(isinstance(v, (str, np.ndarray, np.floating, np.integer, int, float)) for v in f.attrs.values())


@pytest.mark.parametrize("bad, error, words", [
    (dict(parameters={"W1": np.ones((3, 2))}), ValueError, "missing ['b1']"),
    (dict(parameters={"W1": np.ones((3, 2)), "b1": np.ones((3, 1)), "W2": np.ones((1, 4)), "b2": np.ones((1, 1))}),
     ValueError, "W of layer 2 has shape (1, 4)"),
    (dict(hidden="swish"), ValueError, "hidden"),
    (dict(output="softmax"), ValueError, "softmax"),
    (dict(input_divisor=0), ValueError, "input_divisor"),
    (dict(config={"f": object()}), TypeError, "config must be JSON"),
    (dict(history={"a": np.ones(2), "b": np.ones(3)}), ValueError, "history"),
    (dict(optimizer_state=np.ones((2, 3))), ValueError, "optimizer_state must be 1-D"),
    (dict(history=[1, 2]), TypeError, "history must be a dict"),
    (dict(history={"a": ["x", "y"]}), TypeError, "history['a'] must hold real numbers"),
    (dict(history={"a": np.ones((2, 2))}), ValueError, "history['a'] must be 1-D"),
    (dict(history={"optimizer_state": np.ones(3)}, optimizer_state=np.zeros(3)), ValueError,
     "optimizer_state and history['optimizer_state'] differ"),
    (dict(class_names="ab"), TypeError, "class_names must be a sequence of str"),
    (dict(class_names=["a", None]), TypeError, "class_names[1] must be str, bytes or a number"),
    (dict(class_names=["a", "b", "c"]), ValueError, "class_names holds 3 names; a sigmoid output unit has 2 classes"),
    (dict(parameters=network([2, 3, 4]), class_names=["a", "b"]), ValueError,
     "class_names holds 2 names; a softmax output of 4 units has 4 classes"),
    (dict(input_shape=(64, 64, 3)), ValueError, "input_shape (64, 64, 3) holds 12288 values; the first layer reads 2"),
    (dict(input_shape="12"), TypeError, "input_shape must be a sequence of int"),
    (dict(input_shape=(2, 0)), ValueError, "input_shape[1] must be at least 1"),
    (dict(config=[1, 2]), TypeError, "config must be a dict, got list"),
    (dict(metrics="0.9"), TypeError, "metrics must be a dict, got str"),
    (dict(state=3), TypeError, "state must be a dict, got int"),
    (dict(note=object()), TypeError, "metadata keyword note= must be JSON-serialisable"),
    (dict(source=b"cats"), TypeError, "metadata keyword source= must be JSON-serialisable"),
    (dict(hiden="tanh"), TypeError, "unexpected keyword argument 'hiden': did you mean hidden=?"),
    (dict(class_name=["a", "b"]), TypeError, "did you mean class_names=?"),
    (dict(parameters=dict(network([2, 3, 1]), W1=np.array([[1.0, np.nan]] * 3))), ValueError,
     "parameters['W1'] contains NaN"),
    (dict(parameters=dict(network([2, 3, 1]), b2=np.array([[np.inf]], np.float32))), ValueError,
     "parameters['b2'] contains NaN or inf"),
])
def test_bad_arguments_name_themselves_and_write_nothing(tmp_path, bad, error, words):
    arguments = dict(parameters=network([2, 3, 1]))
    arguments.update(bad)
    with pytest.raises(error, match=None) as info:
        dnn.save_model(tmp_path / "m.h5", arguments.pop("parameters"), **arguments)
    assert words in str(info.value)
    assert os.listdir(tmp_path) == []  # no temporary file left either


def test_truncated_foreign_and_missing_files_are_clear_errors(tmp_path):
    good = tmp_path / "good.h5"
    dnn.save_model(good, network([4, 3, 1]))
    data = good.read_bytes()
    (tmp_path / "cut.h5").write_bytes(data[: len(data) // 2])
    (tmp_path / "text.h5").write_text("not hdf5\n")
    with h5py.File(tmp_path / "foreign.h5", "w") as f:
        f["train_set_x"] = np.zeros(3)
    with h5py.File(tmp_path / "newer.h5", "w") as f:
        f.attrs.update(format="fastdnn-model", format_version=99)
    for name, words in (("cut.h5", "truncated or not HDF5"), ("text.h5", "truncated or not HDF5"),
                        ("foreign.h5", "not a fastdnn model"), ("newer.h5", "upgrade fastdnn")):
        with pytest.raises(ModelFileError, match=words):
            dnn.load_model(tmp_path / name)
    with pytest.raises(FileNotFoundError, match="nowhere.h5"):
        dnn.load_model(tmp_path / "nowhere.h5")
    with pytest.raises(IsADirectoryError):
        dnn.save_model(tmp_path, network([4, 3, 1]))


def test_atomic_path_leaves_the_old_file_when_the_write_fails(tmp_path):
    target = tmp_path / "model.h5"
    dnn.save_model(target, network([2, 3, 1], seed=1))
    with pytest.raises(RuntimeError):
        with atomic_path(target) as temporary:
            with open(temporary, "wb") as out:
                out.write(b"half a file")
            raise RuntimeError("killed")
    np.testing.assert_array_equal(dnn.load_model(target)[0]["W1"], network([2, 3, 1], seed=1)["W1"])
    assert os.listdir(tmp_path) == ["model.h5"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


WRITER = """
import sys, numpy as np, fastdnn as dnn
n = int(sys.argv[2])
for i in range(40):
    dnn.save_model(sys.argv[1], {"W1": np.full((n, 50), float(n)), "b1": np.zeros((n, 1))}, config={"writer": n})
"""


def test_concurrent_writers_never_leave_a_corrupt_file(tmp_path):
    """Six processes writing the same path 40 times each: the file is always one writer's whole model."""
    target = tmp_path / "shared.h5"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(target), str(n)]) for n in range(1, 7)]
    while any(w.poll() is None for w in writers):
        if target.exists():
            parameters, meta = dnn.load_model(target)
            n = meta["config"]["writer"]
            assert parameters["W1"].shape == (n, 50) and (parameters["W1"] == n).all()
    assert all(w.wait() == 0 for w in writers)
    parameters, meta = dnn.load_model(target)
    assert (parameters["W1"] == meta["config"]["writer"]).all()
    assert [p.name for p in tmp_path.iterdir()] == ["shared.h5"]
