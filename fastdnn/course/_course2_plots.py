"""Plots the course-2 helper files draw as a side effect (a scatter of the
loaded data, the decision boundary), done only when matplotlib is installed:
fastdnn does not require it, and the numbers do not depend on it."""
import numpy as np


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    return plt


def scatter(X, Y):
    """``plt.scatter`` of the (2, m) points coloured by their labels, as the course's loaders draw."""
    plt = _pyplot()
    if plt is not None:
        plt.scatter(X[0, :], X[1, :], c=np.ravel(Y), s=40, cmap=plt.cm.Spectral)


def plot_decision_boundary(model, X, y):
    """Decision regions of ``model`` over the points ``X`` coloured by ``y``
    (needs matplotlib), then ``plt.show()`` as the course's files do."""
    from fastdnn.shallow import plot_decision_boundary
    plot_decision_boundary(model, X, y)
    _pyplot().show()
