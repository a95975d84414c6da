"""Small synthetic data sets for examples, tests and benchmarks."""
import numpy as np

__all__ = ["make_spiral"]


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
