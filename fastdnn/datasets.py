"""Small synthetic data sets for examples, tests and benchmarks."""
import os

import numpy as np

__all__ = ["make_spiral", "load_cat_data"]


def load_cat_data(path=None):
    """The course's cat / non-cat data: ``load_data`` of ``dnn_app_utils`` and
    ``load_dataset`` of ``lr_utils``.

    Parameters
    ----------
    path : str or os.PathLike, optional
        Directory holding ``train_catvnoncat.h5`` and ``test_catvnoncat.h5``;
        ``datasets`` under the current directory by default, as in the course.

    Returns
    -------
    train_x_orig : ndarray (209, 64, 64, 3) uint8
    train_y : ndarray (1, 209)
    test_x_orig : ndarray (50, 64, 64, 3) uint8
    test_y : ndarray (1, 50)
    classes : ndarray of bytes

    Raises
    ------
    FileNotFoundError
        Naming the missing file.
    """
    import h5py

    folder = "datasets" if path is None else os.fspath(path)
    files = [os.path.join(folder, f"{part}_catvnoncat.h5") for part in ("train", "test")]
    for file in files:
        if not os.path.isfile(file):
            raise FileNotFoundError(f"cat data file not found: {os.path.abspath(file)!r} "
                                    "(pass the directory that holds it)")
    with h5py.File(files[0], "r") as train:
        train_x = np.array(train["train_set_x"][:])
        train_y = np.array(train["train_set_y"][:])
    with h5py.File(files[1], "r") as test:
        test_x = np.array(test["test_set_x"][:])
        test_y = np.array(test["test_set_y"][:])
        classes = np.array(test["list_classes"][:])
    return train_x, train_y.reshape((1, train_y.shape[0])), test_x, test_y.reshape((1, test_y.shape[0])), classes


def make_spiral(n_per_class=100, classes=3, seed=0):
    """The cs231n spiral: ``classes`` interleaved arms of ``n_per_class`` points in 2-D.

    Arm ``j`` has radii ``linspace(0, 1, N)`` and angles
    ``linspace(4 j, 4 (j + 1), N) + 0.2 * randn(N)`` (``np.random.RandomState(seed)``).

    Parameters
    ----------
    n_per_class : int
    classes : int
    seed : int

    Returns
    -------
    X : ndarray, shape (2, n_per_class * classes)
        One example per column, as the course lays data out.
    y : ndarray of int64, shape (n_per_class * classes,)
        Class labels ``0 .. classes-1``.
    """
    n = int(n_per_class)
    k = int(classes)
    if n < 1 or k < 1:
        raise ValueError(f"n_per_class and classes must be at least 1, got {n_per_class}, {classes}")
    rng = np.random.RandomState(seed)
    X = np.zeros((n * k, 2))
    y = np.zeros(n * k, dtype=np.int64)
    for j in range(k):
        rows = slice(n * j, n * (j + 1))
        r = np.linspace(0.0, 1, n)
        t = np.linspace(j * 4, (j + 1) * 4, n) + rng.randn(n) * 0.2
        X[rows] = np.c_[r * np.sin(t), r * np.cos(t)]
        y[rows] = j
    return X.T.copy(), y
