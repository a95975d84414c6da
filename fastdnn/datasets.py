"""Small synthetic data sets for examples, tests and benchmarks, and the
course's data: the cat images of course 1, scikit-learn's ``make_circles``
and ``make_moons`` re-created draw for draw (so the course's data needs no
scikit-learn) and the 2-D football data of the regularisation assignment."""
import os
from pathlib import Path

import numpy as np

from ._checks import positive_int

__all__ = ["make_spiral", "load_cat_data", "make_circles", "make_moons", "load_circles", "load_moons",
           "load_2D_dataset"]


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


def _shuffled_with_noise(X, y, noise, random_state):
    """scikit-learn's ``shuffle`` then Gaussian ``noise``, drawing from
    ``random_state`` as it does: one ``shuffle`` of ``arange(m)``, then one
    ``normal(scale=noise, size=X.shape)``."""
    rng = np.random.mtrand._rand if random_state is None else np.random.RandomState(random_state)
    order = np.arange(X.shape[0])
    rng.shuffle(order)
    X, y = X[order], y[order]
    if noise is not None:
        X += rng.normal(scale=noise, size=X.shape)
    return X, y


def _halves(n_samples):
    n_samples = positive_int(n_samples, "n_samples")
    return n_samples // 2, n_samples - n_samples // 2


def make_circles(n_samples=100, noise=None, factor=0.8, random_state=None):
    """Two concentric circles, the same points as ``sklearn.datasets.make_circles``
    (shuffled) for the same state of the random generator.

    Parameters
    ----------
    n_samples : int
        Points in all; the outer circle gets ``n_samples // 2``.
    noise : float or None
        Standard deviation of the Gaussian noise added to every coordinate.
    factor : float
        Radius of the inner circle (the outer one has radius 1).
    random_state : int or None
        None draws from numpy's global generator, as the course does after
        ``np.random.seed``.

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
    y : ndarray of intp, shape (n_samples,)
        0 for the outer circle, 1 for the inner one.
    """
    n_out, n_in = _halves(n_samples)
    # endpoint=False so that the first point is not also the last
    angles_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    angles_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([np.append(np.cos(angles_out), np.cos(angles_in) * factor),
                   np.append(np.sin(angles_out), np.sin(angles_in) * factor)]).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    return _shuffled_with_noise(X, y, noise, random_state)


def make_moons(n_samples=100, noise=None, random_state=None):
    """Two interleaving half circles, the same points as
    ``sklearn.datasets.make_moons`` (shuffled) for the same generator state.

    Parameters and returns as :func:`make_circles` (without ``factor``);
    ``y`` is 0 for the upper moon, 1 for the lower one.
    """
    n_out, n_in = _halves(n_samples)
    X = np.vstack([np.append(np.cos(np.linspace(0, np.pi, n_out)), 1 - np.cos(np.linspace(0, np.pi, n_in))),
                   np.append(np.sin(np.linspace(0, np.pi, n_out)),
                             1 - np.sin(np.linspace(0, np.pi, n_in)) - 0.5)]).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    return _shuffled_with_noise(X, y, noise, random_state)


def _course_layout(X, y):
    """(m, 2) points and m labels as the course lays them out: (2, m) and (1, m)."""
    return X.T, y.reshape((1, y.shape[0]))


def load_circles():
    """The initialisation assignment's data (``init_utils.load_dataset``):
    ``np.random.seed(1)``, 300 training points of :func:`make_circles` with
    noise 0.05, then ``np.random.seed(2)`` and 100 test points.

    Returns
    -------
    train_X : ndarray, shape (2, 300)
    train_Y : ndarray of intp, shape (1, 300)
    test_X : ndarray, shape (2, 100)
    test_Y : ndarray of intp, shape (1, 100)
    """
    np.random.seed(1)
    train = make_circles(n_samples=300, noise=.05)
    np.random.seed(2)
    test = make_circles(n_samples=100, noise=.05)
    return (*_course_layout(*train), *_course_layout(*test))


def load_moons():
    """The optimisation assignment's data (``opt_utils.load_dataset``):
    ``np.random.seed(3)`` and 300 points of :func:`make_moons` with noise 0.2.

    Returns
    -------
    train_X : ndarray, shape (2, 300)
    train_Y : ndarray of intp, shape (1, 300)
    """
    np.random.seed(3)
    return _course_layout(*make_moons(n_samples=300, noise=.2))


def load_2D_dataset(path="datasets/data.mat"):
    """The regularisation assignment's 2-D data (football positions) from the
    course's ``datasets/data.mat``; needs scipy.

    Parameters
    ----------
    path : str or Path
        Relative paths are taken from the working directory, as the course does.

    Returns
    -------
    train_X : ndarray, shape (2, 211)
    train_Y : ndarray, shape (1, 211)
    test_X : ndarray, shape (2, 200)
    test_Y : ndarray, shape (1, 200)

    Raises
    ------
    FileNotFoundError
        Naming the missing path (the file ships with the course, not with fastdnn).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"the course's 2-D data set is not at {path.resolve()}: put the course's "
            "datasets/data.mat under the working directory")
    import scipy.io
    data = scipy.io.loadmat(str(path))
    return data["X"].T, data["y"].T, data["Xval"].T, data["yval"].T


def load_planar_dataset():
    """The course's 400-point two-class "flower" (``np.random.seed(1)``).

    Returns
    -------
    X : ndarray, shape (2, 400), float64
    Y : ndarray, shape (1, 400), uint8
    """
    np.random.seed(1)
    m = 400
    N = int(m / 2)
    D = 2
    X = np.zeros((m, D))
    Y = np.zeros((m, 1), dtype='uint8')
    a = 4
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T
