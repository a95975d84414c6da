"""``planar_utils`` of the course's week-3 planar-data assignment, from
:mod:`fastdnn.shallow` (imported when first called). Unlike the course's file it
does not import scikit-learn or matplotlib up front: only
``plot_decision_boundary`` needs matplotlib, and only the extra data sets need
scikit-learn."""
import numpy as np


def sigmoid(x):
    """``1 / (1 + exp(-x))``, returning only the activation (unlike dnn_utils'
    ``sigmoid``, which also returns its cache)."""
    from fastdnn.shallow import sigmoid
    return sigmoid(x)


def load_planar_dataset():
    """The course's two-petal "flower" data set: ``X`` (2, 400), ``Y`` (1, 400)."""
    from fastdnn.shallow import load_planar_dataset
    return load_planar_dataset()


def load_extra_datasets():
    """The course's other planar data sets: ``noisy_circles, noisy_moons,
    blobs, gaussian_quantiles, no_structure``."""
    from fastdnn.shallow import load_extra_datasets
    return load_extra_datasets()


def plot_decision_boundary(model, X, y):
    """Plot the decision regions of ``model`` over the points ``X`` coloured by ``y``."""
    from fastdnn.shallow import plot_decision_boundary
    return plot_decision_boundary(model, X, y)
