"""Model files: a trained network and what is needed to use it, in HDF5 (never pickle).

A file holds the parameters ``W1, b1, ..., WL, bL`` under ``/parameters``, the
history (1-D arrays of one length, such as epochs and costs, and 0-d values such
as the best epoch) under ``/history``, and as attributes of the root: the format name and version, the
fastdnn version that wrote it, the layer sizes, the hidden activation, the
output kind, the dtype, the input scaling (the network reads ``x / input_divisor``),
the input shape of image models, the class names, and the
training configuration, metrics and resumable state as JSON text, and the
caller's own metadata (``save_model``'s other keywords) as JSON text under
``user``; a checkpoint also holds the optimiser's state under ``/optimizer_state``.

Files are written atomically (:func:`atomic_path`): a reader, a concurrent
writer or a process killed mid-write never leaves a partial file under the name.
"""
import contextlib
import difflib
import json
import os

import numpy as np

from .._version import __version__
from .._checks import (class_names_value, dict_or_none, finite_parameters, history_value, input_shape_value,
                      numeric_array, output_kind, positive_value)
from .._core.activation_table import activation_code
from .._params import check_network, layer_count

__all__ = ["save_model", "load_model", "ModelFileError", "atomic_path"]

FORMAT = "fastdnn-model"
FORMAT_VERSION = 1
_JSON_KEYS = ("config", "metrics", "state")


class ModelFileError(ValueError):
    """A file that cannot be read as a fastdnn model: missing, truncated, not
    HDF5, another program's HDF5, or a newer format version."""


@contextlib.contextmanager
def atomic_path(path):
    """A temporary name in ``path``'s folder to write to; renamed onto ``path``
    (after an fsync) when the block ends without an exception, removed otherwise.

    Parameters
    ----------
    path : str or os.PathLike
        Where the file ends up. An existing directory there is refused.

    Yields
    ------
    str
        The temporary file's path (the file exists, empty).
    """
    path = os.fspath(path)
    if os.path.isdir(path):
        raise IsADirectoryError(f"{path!r} is a directory; give a file name")
    folder = os.path.dirname(os.path.abspath(path))
    given_folder = os.path.dirname(path) or "."
    if not os.path.exists(folder):
        raise FileNotFoundError(f"cannot write {path!r}: its folder {given_folder!r} does not exist")
    if not os.path.isdir(folder):
        raise NotADirectoryError(f"cannot write {path!r}: its folder {given_folder!r} is not a directory")
    temporary = os.path.join(folder, f".{os.path.basename(path)}.{os.urandom(8).hex()}.tmp")
    try:
        # created as open() creates files (0666 less the umask; mkstemp's are a
        # private 0600), so that the renamed file has an ordinary file's permissions
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except OSError as error:  # its message would name the temporary file, not the user's
        raise type(error)(f"cannot write {path!r}: {error.strerror}") from None
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise


def save_model(path, parameters, *, hidden="relu", output="auto", input_divisor=1.0, input_shape=None,
               class_names=None, config=None, history=None, metrics=None, state=None, optimizer_state=None,
               **user):
    """Write a network and its metadata to an HDF5 file, atomically.

    Every argument is checked before anything is written.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write (replaced if it exists); its folder must exist.
    parameters : dict
        ``W1, b1, ..., WL, bL``; ``W_l`` of shape (n_l, n_{l-1}), ``b_l`` (n_l, 1) or (n_l,),
        finite. Written in their own dtype (float32 or float64).
    hidden : {"relu", "tanh", "sigmoid", "leaky_relu"}
    output : {"auto", "sigmoid", "softmax"}
        ``"auto"``: sigmoid for one output unit, softmax for several.
    input_divisor : float
        The network reads ``x / input_divisor`` (255 for 8-bit images, as the course divides).
    input_shape : tuple of int, optional
        The image shape (height, width, channels) the first layer was trained on;
        its product is the first layer's number of inputs.
    class_names : sequence of str or bytes, optional
        One name per class: 2 for one sigmoid unit (per value of its 0/1 label), K for
        a softmax of K units (K for K sigmoid units: one per label). Bytes (as in the
        course's ``classes`` array) are decoded as UTF-8.
    config, metrics, state : dict, optional
        JSON-serialisable: the training configuration, final metrics, and the
        state a resumed run needs.
    history : dict of array_like, optional
        As ``fastdnn.fit`` returns it: numeric 1-D series of one length (one value
        per record, such as ``epoch`` and ``cost``) and 0-d values (``best_epoch``),
        kept as they are; its ``"optimizer_state"`` is saved as ``optimizer_state``
        (refused if that is also given and differs).
    optimizer_state : 1-D array_like, optional
        The optimiser's state a resumed run continues from (as
        ``fastdnn.fit``'s ``history["optimizer_state"]``), kept in its dtype.
    **user
        Any other keyword is the caller's own metadata (``note="..."``,
        ``dataset="cats-v2"``, ...), kept as JSON and returned by ``load_model``
        as ``meta["user"]``: str, numbers, bools, None, lists and dicts of them
        (numpy scalars and arrays are written as numbers and lists). A name
        within a letter or two of one of the keywords above is refused as a typo.

    Returns
    -------
    str
        ``path``.

    Raises
    ------
    ValueError, TypeError
        For a bad argument, naming it.
    FileNotFoundError, NotADirectoryError, PermissionError
        When ``path``'s folder is missing, not a folder, or not writable (naming ``path``).
    """
    user_json = _user_metadata(user)
    layer_count(parameters)
    first = numeric_array(parameters["W1"], "parameters['W1']")
    if first.ndim != 2:
        raise ValueError(f"parameters['W1'] must be 2-D, got shape {first.shape}")
    _, layers = check_network(np.empty((first.shape[1], 1)), parameters)
    finite_parameters(layers)
    dims = [first.shape[1]] + [w.shape[0] for w, _ in layers]
    activation_code(hidden, "hidden")
    output = output_kind(output, dims[-1])
    divisor = positive_value(input_divisor, "input_divisor")
    dtype = np.result_type(*(np.asarray(w).dtype for pair in layers for w in pair), np.float32)
    attrs = dict(format=FORMAT, format_version=FORMAT_VERSION, fastdnn_version=__version__,
                 layers=np.array(dims, np.int64), hidden=hidden, output=output, dtype=str(dtype),
                 input_divisor=divisor)
    input_shape = input_shape_value(input_shape, dims[0])
    if input_shape is not None:
        attrs["input_shape"] = np.array(input_shape, np.int64)
    class_names = class_names_value(class_names, output, dims[-1])
    if class_names is not None:
        attrs["class_names"] = json.dumps(class_names)
    for key, value in zip(_JSON_KEYS, (config, metrics, state)):
        if dict_or_none(value, key) is not None:
            try:
                attrs[key] = json.dumps(value, allow_nan=True)
            except TypeError as error:
                raise TypeError(f"{key} must be JSON-serialisable: {error}") from None
    if user:
        attrs["user"] = user_json
    series, state_in_history = history_value(history)
    optimizer_state = _one_optimizer_state(optimizer_state, state_in_history)
    import h5py

    with atomic_path(path) as temporary:
        with h5py.File(temporary, "w") as out:
            out.attrs.update(attrs)
            group = out.create_group("parameters")
            for l, (w, b) in enumerate(layers, start=1):
                group[f"W{l}"] = np.asarray(w, dtype)
                group[f"b{l}"] = np.asarray(b, dtype).reshape(-1, 1)
            group = out.create_group("history")
            for name, values in series.items():
                group[name] = values
            if optimizer_state is not None:
                out["optimizer_state"] = optimizer_state
    return os.fspath(path)


def _user_metadata(user):
    """``save_model``'s extra keywords as JSON text; a TypeError (ValueError for a
    circular value) naming the keyword that cannot be, or that looks like a
    misspelt keyword of ``save_model``'s own."""
    own = sorted(save_model.__kwdefaults__)
    for name, value in user.items():
        close = difflib.get_close_matches(name, own, n=1, cutoff=0.85)
        if close:
            raise TypeError(f"save_model() got an unexpected keyword argument {name!r}: did you mean "
                            f"{close[0]}=? (other keywords are kept as user metadata, meta['user'])")
        try:
            json.dumps(value, allow_nan=True, default=_numpy_as_json)
        except (TypeError, ValueError) as error:
            raise type(error)(f"save_model's metadata keyword {name}= must be JSON-serialisable (str, numbers, "
                              f"bools, None, lists and dicts of them): {error}") from None
    return json.dumps(user, allow_nan=True, default=_numpy_as_json)


def _numpy_as_json(value):
    """numpy scalars and arrays as the Python numbers and lists JSON can hold."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _one_optimizer_state(given, in_history):
    """The optimiser state to save: the argument's or the history's (1-D), not two different ones."""
    name = "optimizer_state"
    if given is None:
        given, name = in_history, "history['optimizer_state']"
    elif in_history is not None:
        if not np.array_equal(numeric_array(given, name), in_history):  # the history's, in its dtype, is saved
            raise ValueError("optimizer_state and history['optimizer_state'] differ; give one of them")
        given, name = in_history, "history['optimizer_state']"
    if given is None:
        return None
    given = numeric_array(given, name)
    if given.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {given.shape}")
    return given


def load_model(path):
    """Read a file written by :func:`save_model`.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    parameters : dict
        ``W1, b1, ..., WL, bL``, ``b_l`` of shape (n_l, 1), in the saved dtype.
    meta : dict
        ``layers`` (list of int), ``hidden``, ``output``, ``dtype`` (numpy
        dtype), ``input_divisor``, ``input_shape`` (tuple or None),
        ``class_names`` (list or None), ``config``, ``metrics``, ``state``
        (dicts or None), ``history`` (dict of 1-D series and 0-d arrays, as
        saved; its optimiser state is ``optimizer_state``), ``fastdnn_version``,
        ``optimizer_state`` (1-D array or None), ``user`` (dict: the other
        keywords given to ``save_model``, empty if none).

    Raises
    ------
    FileNotFoundError
        When there is no such file.
    ModelFileError
        When the file is truncated, not HDF5, not a fastdnn model, or inconsistent.
    """
    import h5py

    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"model file not found: {path!r}")
    try:
        with h5py.File(path, "r") as source:
            return _read(source, path)
    except OSError as error:  # h5py's words for truncated or non-HDF5 files
        if os.path.isdir(path):
            raise ModelFileError(f"{path!r} is a directory, not a model file") from None
        raise ModelFileError(f"{path!r} is not a readable model file (truncated or not HDF5: {error})") from None
    except ModelFileError:
        raise
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFileError(f"{path!r} is not a valid fastdnn model file: {error}") from None


def _read(source, path):
    attrs = source.attrs
    if attrs.get("format") != FORMAT:
        raise ModelFileError(f"{path!r} is an HDF5 file but not a fastdnn model (no format={FORMAT!r} attribute)")
    version = int(attrs["format_version"])
    if version > FORMAT_VERSION:
        raise ModelFileError(f"{path!r} has model format {version}; this fastdnn "
                             f"({__version__}) reads up to {FORMAT_VERSION}: upgrade fastdnn")
    dims = [int(n) for n in attrs["layers"]]
    group = source["parameters"]
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = np.array(group[f"W{l}"])
        parameters[f"b{l}"] = np.array(group[f"b{l}"])
    _, layers = check_network(np.empty((dims[0], 1)), parameters)
    if [w.shape[0] for w, _ in layers] != dims[1:]:
        raise ModelFileError(f"{path!r}: its parameters' shapes do not match its layer sizes {dims}")
    meta = dict(layers=dims, hidden=str(attrs["hidden"]), output=str(attrs["output"]),
                dtype=np.dtype(str(attrs["dtype"])), input_divisor=float(attrs["input_divisor"]),
                input_shape=tuple(int(n) for n in attrs["input_shape"]) if "input_shape" in attrs else None,
                class_names=json.loads(attrs["class_names"]) if "class_names" in attrs else None,
                fastdnn_version=str(attrs["fastdnn_version"]),
                history={name: np.array(values) for name, values in source["history"].items()},
                optimizer_state=np.array(source["optimizer_state"]) if "optimizer_state" in source else None)
    for key in _JSON_KEYS:
        meta[key] = json.loads(attrs[key]) if key in attrs else None
    meta["user"] = json.loads(attrs["user"]) if "user" in attrs else {}
    return parameters, meta
