"""Data for the command line, read into the course's layout: features ``(n_x, m)``
(one example per column) and labels ``(1, m)``.

Sources: the embedded sets (``planar``, the default, and ``spiral``; generated,
no download), a directory with the course's cat files, an HDF5 file (the
course's keys ``train_set_x``/``train_set_y``, ``test_set_x``/``test_set_y``,
``list_classes``, or ``X``/``Y``...), an ``.npz`` (``X``/``Y``,
``x_train``/``y_train``, ``x_test``/``y_test``, ``classes``), an ``.npy`` (the
features alone), a CSV of numbers, and (for prediction, with Pillow) image files.

Two-dimensional features are in columns (``n_x x m``, the course's layout)
unless ``layout="rows"``; arrays of three or more dimensions are images with
the examples first, ``(m, height, width, channels)``, flattened as the course
does and read as ``x / 255`` when they are 8-bit. In a CSV the labels are the
last row (columns layout) or the last column (rows layout); a header line of
names is skipped.
"""
import os
import zipfile
from dataclasses import dataclass

import numpy as np

from .._product.training import held_out_columns

EMBEDDED = ("planar", "spiral")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp")
_X_Y_KEYS = {
    "train": [("train_set_x", "train_set_y"), ("x_train", "y_train"), ("X_train", "y_train"),
              ("X_train", "Y_train"), ("train_x", "train_y"), ("X", "Y"), ("x", "y"), ("X", "y")],
    "test": [("test_set_x", "test_set_y"), ("x_test", "y_test"), ("X_test", "y_test"),
             ("X_test", "Y_test"), ("test_x", "test_y")],
}
_CLASS_KEYS = ("list_classes", "classes", "class_names")


class DataError(ValueError):
    """Data that cannot be used: a missing part, wrong keys, mismatched sizes."""


@dataclass
class Examples:
    """Features ``x`` (n_x, m), as stored (before ``input_divisor``), and labels ``y`` (1, m) or None."""
    x: np.ndarray
    y: np.ndarray = None

    @property
    def m(self):
        return self.x.shape[1]


@dataclass
class Source:
    """What a data argument holds: its parts (``"train"``, ``"test"``) and how to read them."""
    name: str
    parts: dict
    class_names: list = None
    input_divisor: float = 1.0
    input_shape: tuple = None

    def part(self, which):
        if which not in self.parts:
            raise DataError(f"{self.name}: no {which} examples in it (it holds: {', '.join(self.parts)})")
        return self.parts[which]


def read(source, layout="columns", n_features=None, input_shape=None):
    """Read a data argument.

    Parameters
    ----------
    source : str
        ``"planar"``, ``"spiral"``, a directory, a ``.h5``/``.hdf5``/``.npz``/``.npy``/``.csv``
        file, or image files (a list of paths).
    layout : {"columns", "rows"}
        Where the examples of 2-D features are.
    n_features : int, optional
        Features per example the model takes: lets a CSV without labels be told
        from one with them.
    input_shape : tuple of int, optional
        (height, width, channels) to resize images to.

    Returns
    -------
    Source
    """
    if isinstance(source, (list, tuple)):
        if len(source) == 1 and not source[0].lower().endswith(IMAGE_SUFFIXES):
            return read(source[0], layout, n_features, input_shape)
        if not all(path.lower().endswith(IMAGE_SUFFIXES) for path in source):
            raise DataError(f"give one data file, or image files ({', '.join(IMAGE_SUFFIXES)}); got {list(source)}")
        return _images(source, input_shape)
    if source in EMBEDDED:
        return _embedded(source)
    if source.lower().endswith(IMAGE_SUFFIXES):
        return _images([source], input_shape)
    if not os.path.exists(source):
        raise FileNotFoundError(f"data not found: {source!r}")
    if os.path.isdir(source):
        return _cat_directory(source)
    suffix = os.path.splitext(source)[1].lower()
    readers = {".h5": _hdf5, ".hdf5": _hdf5, ".npz": _npz, ".npy": _npy, ".csv": _csv}
    if suffix not in readers:
        raise DataError(f"{source!r}: unknown data format {suffix or '(no suffix)'!r}; "
                        "expected .h5, .hdf5, .npz, .npy, .csv, an image file, a directory, 'planar' or 'spiral'")
    if suffix == ".csv":
        return _csv(source, layout, n_features)
    return readers[suffix](source, layout)


def _embedded(name):
    if name == "planar":
        from ..datasets import load_planar_dataset
        x, y = load_planar_dataset()
    else:
        from ..datasets import make_spiral
        x, y = make_spiral()
    return Source(name, {"train": Examples(x.astype(np.float64), y.reshape(1, -1).astype(np.float64))})


def _cat_directory(folder):
    from ..datasets import load_cat_data
    try:
        train_x, train_y, test_x, test_y, classes = load_cat_data(folder)
    except FileNotFoundError as error:
        raise DataError(f"{folder!r} is a directory without the course's cat files ({error})") from None
    except (OSError, KeyError) as error:
        raise DataError(f"{folder!r}: cannot read the course's cat files: {_first_line(error)}") from None
    parts = {"train": _examples(train_x, train_y, "columns", folder),
             "test": _examples(test_x, test_y, "columns", folder)}
    return Source(folder, parts, _names(classes), 255.0, tuple(train_x.shape[1:]))


def _hdf5(path, layout):
    import h5py
    try:
        with h5py.File(path, "r") as source:
            arrays = {key: np.array(source[key]) for key in source.keys() if isinstance(source[key], h5py.Dataset)}
    except OSError as error:
        raise DataError(f"{path!r} is not a readable HDF5 file (truncated or another format): "
                        f"{_first_line(error)}") from None
    return _from_arrays(path, arrays, layout)


def _npz(path, layout):
    if not zipfile.is_zipfile(path):  # np.load would try it as a pickle, and say so
        raise DataError(f"{path!r} is not a readable .npz file (not a zip archive)")
    try:
        with np.load(path, allow_pickle=False) as source:
            arrays = {key: source[key] for key in source.files}
    except (OSError, ValueError, EOFError) as error:
        raise DataError(f"{path!r} is not a readable .npz file: {_first_line(error)}") from None
    return _from_arrays(path, arrays, layout)


def _npy(path, layout):
    """One array, the features (no labels: for predict, or evaluate's error)."""
    with open(path, "rb") as source:
        if source.read(6) != b"\x93NUMPY":  # np.load would try it as a pickle, and say so
            raise DataError(f"{path!r} is not a readable .npy file (no .npy header)")
    try:
        features = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as error:
        raise DataError(f"{path!r} is not a readable .npy file: {_first_line(error)}") from None
    return _from_arrays(path, {"X": features}, layout)


def _from_arrays(path, arrays, layout):
    parts, image_shape = {}, None
    for part, pairs in _X_Y_KEYS.items():
        x_key = next((x for x, _ in pairs if x in arrays), None)
        if x_key is not None:  # its labels: the first key paired with it that is there ("X" with "Y" or "y")
            y_key = next((y for x, y in pairs if x == x_key and y in arrays), None)
            x = arrays[x_key]
            parts[part] = _examples(x, arrays.get(y_key), layout, f"{path}:{x_key}", f"{path}:{y_key}")
            image_shape = tuple(x.shape[1:]) if x.ndim > 2 else image_shape
    if not parts:
        features = sorted({x for pairs in _X_Y_KEYS.values() for x, _ in pairs})
        labels = sorted({y for pairs in _X_Y_KEYS.values() for _, y in pairs})
        raise DataError(f"{path!r} holds none of the expected keys: it has {sorted(arrays)}; "
                        f"expected features under one of {features} (labels beside them under {labels})")
    classes = next((arrays[k] for k in _CLASS_KEYS if k in arrays), None)
    eight_bit = any(p.x.dtype == np.uint8 for p in parts.values())
    parts = {name: Examples(p.x.astype(np.float64), p.y) for name, p in parts.items()}
    return Source(path, parts, _names(classes), 255.0 if eight_bit else 1.0, image_shape)


def _examples(x, y, layout, where, labels=None):
    """Examples from a features array and an optional labels array (sizes checked);
    ``where`` names the features, ``labels`` the labels (default: ``where``)."""
    x = np.asarray(x)
    if x.dtype.kind not in "biuf":
        raise DataError(f"{where}: features must be numbers, got dtype {x.dtype}")
    dimensions = x.ndim
    if x.ndim > 2:  # images, examples first
        x = x.reshape(x.shape[0], -1).T
    elif x.ndim == 2 and layout == "rows":
        x = x.T
    elif x.ndim != 2:
        raise DataError(f"{where}: features must be 2-D (or images), got shape {x.shape}")
    if y is None:
        return Examples(x)
    y = np.asarray(y)
    labels = labels or where
    if y.dtype.kind not in "biuf":
        raise DataError(f"{labels}: labels must be numbers, got dtype {y.dtype}")
    if y.size != x.shape[1] or (y.ndim == 2 and 1 not in y.shape) or y.ndim > 2:
        if dimensions > 2:  # --rows changes nothing there
            hint = f" (features of {dimensions} dimensions hold one example per entry of their first axis)"
        else:
            hint = "" if layout == "rows" else " (are the examples rows? pass --rows)"
        raise DataError(f"{labels}: {y.size} labels of shape {y.shape} for the {x.shape[1]} examples of "
                        f"{where}{hint}")
    return Examples(x, y.reshape(1, -1).astype(np.float64))


def _csv(path, layout, n_features):
    try:
        with open(path) as source:
            lines = [(n, line) for n, line in enumerate(source.read().splitlines(), start=1) if line.strip()]
    except UnicodeDecodeError:
        raise DataError(f"{path!r} is not a text CSV file") from None
    if lines and not _numeric_line(lines[0][1]):
        lines = lines[1:]  # a header of names
    if not lines:
        raise DataError(f"{path!r} holds no numbers")
    rows, first, fields_per_line = [], lines[0][0], len(lines[0][1].split(","))
    for n, line in lines:
        fields = line.split(",")
        if len(fields) != fields_per_line:
            raise DataError(f"{path!r} line {n}: {len(fields)} comma-separated fields, line {first} has "
                            f"{fields_per_line}")
        try:
            rows.append([float(v) for v in fields])
        except ValueError:
            bad = next(v for v in fields if not _is_number(v))
            raise DataError(f"{path!r} line {n}: {bad.strip()!r} is not a number (every field must be one)") from None
    table = np.array(rows)
    table = table if layout == "columns" else table.T
    if n_features is not None and table.shape[0] == n_features:
        return Source(path, {"train": Examples(table)})
    if table.shape[0] < 2:
        raise DataError(f"{path!r}: needs at least one feature and the labels "
                        f"({'rows' if layout == 'columns' else 'columns'}: features..., label)")
    return Source(path, {"train": _examples(table[:-1], table[-1], "columns", path)})


def _numeric_line(line):
    return all(_is_number(v) for v in line.split(","))


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def _images(paths, input_shape):
    """Image files resized to the model's input, as the course does for "my own image":
    ``np.array(Image.open(f).resize((num_px, num_px)))``, one example per file."""
    if input_shape is None or len(input_shape) != 3:
        raise DataError("image files need a model trained on images (its file records their shape)")
    try:
        from PIL import Image
    except ImportError:
        raise DataError("reading image files needs Pillow: pip install pillow") from None
    height, width, channels = input_shape
    mode = {1: "L", 3: "RGB", 4: "RGBA"}.get(channels)
    columns = []
    for path in paths:
        if not os.path.isfile(path):
            raise FileNotFoundError(f"image not found: {path!r}")
        try:
            with Image.open(path) as image:
                pixels = np.array(image.convert(mode).resize((width, height)))
        except (OSError, ValueError) as error:
            raise DataError(f"{path!r} is not a readable image: {_first_line(error)}") from None
        columns.append(pixels.reshape(-1).astype(np.float64))
    return Source(", ".join(paths), {"train": Examples(np.stack(columns, axis=1))}, None, 255.0,
                  tuple(input_shape))


def _names(classes):
    """The file's class names as stored (bytes, text or numbers); ``_checks.class_names_value``
    decodes them and checks them against the output layer."""
    return None if classes is None else np.asarray(classes).reshape(-1).tolist()


def _first_line(error):
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def split(examples, fractions, seed):
    """``(kept, held_1, held_2, ...)``: seeded random shares of the examples held
    out, one per fraction (of all the examples), None for a fraction of 0; every
    part keeps the examples' original order."""
    m = examples.m
    counts = [int(round(f * m)) for f in fractions]
    if any(f and c < 1 for f, c in zip(fractions, counts)) or sum(counts) >= m:
        raise DataError(f"held-out fractions {list(fractions)} of {m} examples leave an empty part")
    kept, *held = held_out_columns(m, counts, np.random.default_rng(seed))
    take = lambda idx: Examples(examples.x[:, idx], None if examples.y is None else examples.y[:, idx])  # noqa: E731
    return (take(kept) if sum(counts) else examples, *(take(idx) if idx.size else None for idx in held))


def fingerprint(examples):
    """A short hash of the examples, to tell a resumed run that its data changed."""
    import hashlib
    digest = hashlib.sha256(np.ascontiguousarray(examples.x).tobytes())
    if examples.y is not None:
        digest.update(np.ascontiguousarray(examples.y).tobytes())
    return digest.hexdigest()[:16]
