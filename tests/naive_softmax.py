"""Plain-numpy twin of ``fastdnn.softmax``: the course notes' softmax code
verbatim (``softmax`` normalises over the whole array, so it is only the
per-example softmax for a single column; use it on columns)."""
import numpy as np


def softmax(z):
    exps = np.exp(z)
    return exps / np.sum(exps)


def stable_softmax(z):
    exps = np.exp(z - np.max(z))
    return exps / np.sum(exps)


def column_softmax(Z):
    """The notes' stable_softmax applied to every column (axis 0), vectorised."""
    exps = np.exp(Z - np.max(Z, axis=0))
    return exps / np.sum(exps, axis=0)


def cross_entropy(Z, y):
    m = y.shape[1]
    a = column_softmax(Z)
    log_likelihood = -np.log(a[y, range(m)])
    loss = np.sum(log_likelihood) / m
    return loss


def cross_entropy_one_hot(Z, Y):
    m = Y.shape[1]
    a = column_softmax(Z)
    log_likelihood = - np.log(a) * Y
    loss = np.sum(log_likelihood) / m
    return loss


def delta_cross_entropy(Z, y):
    m = y.shape[1]
    grad = column_softmax(Z)
    grad[y, range(m)] -= 1
    grad = grad / m
    return grad


def delta_cross_entropy_one_hot(Z, Y):
    m = Y.shape[1]
    grad = column_softmax(Z)
    grad -= Y
    grad = grad / m
    return grad
