"""Model files: a trained network and what is needed to use it, in HDF5 (never pickle).

A file holds the parameters ``W1, b1, ..., WL, bL`` under ``/parameters``, the
history (1-D arrays of one length, such as iterations and costs) under
``/history``, and as attributes of the root: the format name and version, the
fastdnn version that wrote it, the layer sizes, the hidden activation, the
output kind, the dtype, the input scaling (the network reads ``x / input_divisor``),
the input shape of image models, the class names, and the
training configuration, metrics and resumable state as JSON text; a checkpoint
also holds the optimiser's state under ``/optimizer_state``.

Files are written atomically (:func:`atomic_path`): a reader, a concurrent
writer or a process killed mid-write never leaves a partial file under the name.
"""
import contextlib
import json
import os

import numpy as np

from . import __version__
from ._checks import numeric_array, output_kind, positive_value
from .activation_table import activation_code
from .network import check_network, layer_count

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
               class_names=None, config=None, history=None, metrics=None, state=None, optimizer_state=None):
    """Write a network and its metadata to an HDF5 file, atomically.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write (replaced if it exists).
    parameters : dict
        ``W1, b1, ..., WL, bL``; ``W_l`` of shape (n_l, n_{l-1}), ``b_l`` (n_l, 1) or (n_l,).
        Written in their own dtype (float32 or float64).
    hidden : {"relu", "tanh", "sigmoid", "leaky_relu"}
    output : {"auto", "sigmoid", "softmax"}
        ``"auto"``: sigmoid for one output unit, softmax for several.
    input_divisor : float
        The network reads ``x / input_divisor`` (255 for 8-bit images, as the course divides).
    input_shape : tuple of int, optional
        The image shape (height, width, channels) the first layer was trained on.
    class_names : sequence of str, optional
        One name per class (per value of a 0/1 label for a sigmoid output).
    config, metrics, state : dict, optional
        JSON-serialisable: the training configuration, final metrics, and the
        state a resumed run needs.
    history : dict of 1-D array_like, optional
        Equal-length series such as ``iteration`` and ``cost``.
    optimizer_state : 1-D array_like, optional
        The optimiser's state a resumed run continues from (as
        ``fastdnn.fit``'s ``history["optimizer_state"]``), kept in its dtype.
    """
    layer_count(parameters)
    first = numeric_array(parameters["W1"], "parameters['W1']")
    if first.ndim != 2:
        raise ValueError(f"parameters['W1'] must be 2-D, got shape {first.shape}")
    _, layers = check_network(np.empty((first.shape[1], 1)), parameters)
    dims = [first.shape[1]] + [w.shape[0] for w, _ in layers]
    activation_code(hidden, "hidden")
    output = output_kind(output, dims[-1])
    divisor = positive_value(input_divisor, "input_divisor")
    dtype = np.result_type(*(np.asarray(w).dtype for pair in layers for w in pair), np.float32)
    attrs = dict(format=FORMAT, format_version=FORMAT_VERSION, fastdnn_version=__version__,
                 layers=np.array(dims, np.int64), hidden=hidden, output=output, dtype=str(dtype),
                 input_divisor=divisor)
    if input_shape is not None:
        attrs["input_shape"] = np.array([int(n) for n in input_shape], np.int64)
    if class_names is not None:
        attrs["class_names"] = json.dumps([str(name) for name in class_names])
    for key, value in zip(_JSON_KEYS, (config, metrics, state)):
        if value is not None:
            try:
                attrs[key] = json.dumps(value, allow_nan=True)
            except TypeError as error:
                raise TypeError(f"{key} must be JSON-serialisable: {error}") from None
    if optimizer_state is not None:
        optimizer_state = numeric_array(optimizer_state, "optimizer_state")
        if optimizer_state.ndim != 1:
            raise ValueError(f"optimizer_state must be 1-D, got shape {optimizer_state.shape}")
    series = {name: np.asarray(values) for name, values in (history or {}).items()}
    if len({v.shape for v in series.values()}) > 1 or any(v.ndim != 1 for v in series.values()):
        raise ValueError(f"history must hold 1-D series of one length, got shapes "
                         f"{ {k: v.shape for k, v in series.items()} }")
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
        (dicts or None), ``history`` (dict of 1-D arrays), ``fastdnn_version``,
        ``optimizer_state`` (1-D array or None).

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
    return parameters, meta
