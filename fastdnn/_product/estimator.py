"""``DNNClassifier``: fastdnn's trainer behind scikit-learn's estimator API.

scikit-learn's convention is rows as samples, ``X`` of shape (n_samples,
n_features); fastdnn's core is features x examples, so the wrapper transposes
(to a C-contiguous array) on the way in and back on the way out. Labels of any
type map to class indices through ``classes_``: two classes train one sigmoid
unit (the course's network), more train a softmax layer.

Needs scikit-learn (``pip install "fastdnn[sklearn]"``); ``import fastdnn``
does not import this module until ``fastdnn.DNNClassifier`` is first used.
"""
import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets, unique_labels
from sklearn.utils.validation import check_is_fitted, validate_data

from .._checks import hidden_layer_sizes, learning_rate_value, output_kind, positive_int, training_dtype
from .._core import outputs
from .._core.activation_table import activation_code, output_code
from .._params import by_fan_in, drawn_layers, fit_network, network_logits

__all__ = ["DNNClassifier"]

#: Full-batch iterations of one ``partial_fit`` call: one pass over the data
#: given, as one epoch of scikit-learn's MLPClassifier.partial_fit.
PARTIAL_FIT_ITERATIONS = 1
#: What ``fit`` and ``partial_fit`` set, all at once after training succeeded
#: (a bad label or a diverging run leaves the estimator as it was).
FITTED_STATE = ("classes_", "parameters_", "loss_curve_", "n_iter_", "_hidden", "_output", "_dtype")


class DNNClassifier(ClassifierMixin, BaseEstimator):
    """A [LINEAR->activation]*(L-1) -> LINEAR->SIGMOID|SOFTMAX network trained
    by fastdnn's compiled full-batch gradient descent.

    Parameters
    ----------
    hidden_layer_sizes : int or sequence of int, default=(100,)
        Units of each hidden layer; ``()`` trains a logistic (softmax) regression.
    activation : {"relu", "tanh", "leaky_relu", "sigmoid"}, default="relu"
        Activation of the hidden layers.
    learning_rate : float, default=0.1
        Step size of gradient descent, finite and > 0.
    max_iter : int, default=1000
        Iterations (full-batch steps, so also epochs) of ``fit``.
    random_state : None, int or numpy.random.RandomState, default=None
        Draws the initial weights, ``randn(n_l, n_{l-1}) / sqrt(n_{l-1})``
        layer by layer (the course's application initialiser): with
        ``random_state=1`` and 0/1 labels, ``fit`` gives exactly
        ``fastdnn.L_layer_model``'s parameters.
    dtype : {None, numpy.float64, numpy.float32}, default=None
        Training precision (None: float64); predictions are computed in float64.

    Attributes
    ----------
    classes_ : ndarray, shape (n_classes,)
        The labels seen by ``fit`` (or given to the first ``partial_fit``), sorted.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` had string column names (a pandas DataFrame).
    parameters_ : dict
        ``W1, b1, ..., WL, bL`` in fastdnn's layout: ``W_l`` of shape
        (n_l, n_{l-1}), ``b_l`` of shape (n_l, 1); usable with
        ``fastdnn.L_model_forward(X.T, parameters_, hidden=activation)``.
    loss_curve_ : list of float
        The cost at every iteration, computed before that iteration's update.
    n_iter_ : int
        Iterations trained since the parameters were initialised.
    """

    def __init__(self, hidden_layer_sizes=(100,), activation="relu", learning_rate=0.1, max_iter=1000,
                 random_state=None, dtype=None):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.random_state = random_state
        self.dtype = dtype

    def fit(self, X, y):
        """Initialise the network from ``random_state`` and train it for ``max_iter`` iterations.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
        y : array_like, shape (n_samples,)
            Labels of any type; at least two classes.

        Returns
        -------
        self
        """
        hidden, max_iter, rate, dtype = self._hyperparameters()
        X, y = validate_data(self, X, y, dtype=(np.float64, np.float32))
        check_classification_targets(y)
        classes = unique_labels(y)
        if len(classes) < 2:
            raise ValueError(f"y has only one class ({classes[0]!r}); a classifier needs at least 2")
        state = self._initial_state(classes, X.shape[1], hidden, dtype)
        vars(self).update(self._train(state, X, _class_indices(classes, y), max_iter, rate))
        return self

    def partial_fit(self, X, y, classes=None):
        """Train ``PARTIAL_FIT_ITERATIONS`` (one) more iteration on ``(X, y)``,
        from the current parameters (initialised on the first call, which needs ``classes``).

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
        y : array_like, shape (n_samples,)
            Labels, all among ``classes``.
        classes : array_like, shape (n_classes,)
            Every label the estimator will see; required on the first call,
            and if given later, equal to ``classes_``.

        Returns
        -------
        self
        """
        hidden, _, rate, dtype = self._hyperparameters()
        first_call = not hasattr(self, "classes_")
        if first_call and classes is None:
            raise ValueError("classes must be given on the first call to partial_fit")
        if classes is not None:
            classes = unique_labels(classes)
            if not first_call and not np.array_equal(classes, self.classes_):
                raise ValueError(f"classes={classes!r} is not the classes_={self.classes_!r} of the first call")
            if len(classes) < 2:
                raise ValueError(f"classes has only one class ({classes[0]!r}); a classifier needs at least 2")
        X, y = validate_data(self, X, y, dtype=(np.float64, np.float32), reset=first_call)
        check_classification_targets(y)
        if first_call:
            state = self._initial_state(classes, X.shape[1], hidden, dtype)
        else:
            state = {key: getattr(self, key) for key in FITTED_STATE}
        labels = _class_indices(state["classes_"], y)
        vars(self).update(self._train(state, X, labels, PARTIAL_FIT_ITERATIONS, rate))
        return self

    def predict_proba(self, X):
        """Class probabilities.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray, shape (n_samples, n_classes)
            Columns in the order of ``classes_``; each row sums to 1.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        # in float64 whatever the training dtype: float32 products depend on a
        # sample's position within BLAS blocks, and a sample's probabilities must not
        x = np.ascontiguousarray(X.T, dtype=np.float64)
        probabilities = outputs.probabilities(network_logits(x, self.parameters_, self._hidden),
                                              output_code(self._output))
        if len(self.classes_) == 2:
            return np.hstack([1 - probabilities.T, probabilities.T])
        return probabilities.T

    def predict(self, X):
        """Most probable class of each sample (for two classes: probability > 0.5, as the course).

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)

        Returns
        -------
        labels : ndarray, shape (n_samples,)
            Taken from ``classes_``.
        """
        check_is_fitted(self)
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def _hyperparameters(self):
        """``(hidden sizes, max_iter, learning rate, dtype)`` by the rules of
        :mod:`fastdnn._checks`, before anything changes; the activation is checked too."""
        activation_code(self.activation, "activation")
        return (hidden_layer_sizes(self.hidden_layer_sizes), positive_int(self.max_iter, "max_iter"),
                learning_rate_value(self.learning_rate), training_dtype(self.dtype))

    def _initial_state(self, classes, n_features, hidden, dtype):
        """The fitted attributes (:data:`FITTED_STATE`) of an untrained network
        for ``classes``, parameters drawn from ``random_state``; they fix the
        architecture (layer sizes, activation, output, precision) until the next ``fit``."""
        n_out = 1 if len(classes) == 2 else len(classes)
        dims = [n_features] + hidden + [n_out]
        parameters = drawn_layers(dims, check_random_state(self.random_state), by_fan_in)
        return {"classes_": classes, "parameters_": parameters, "loss_curve_": [], "n_iter_": 0,
                "_hidden": self.activation, "_output": output_kind("auto", n_out), "_dtype": dtype}

    @staticmethod
    def _train(state, X, labels, num_iterations, rate):
        """``state`` after ``num_iterations`` steps of the trainer at learning rate
        ``rate`` on ``X`` (n_samples, n_features) and class indices ``labels``
        (1, n_samples): a new dict, which the caller assigns only once training
        succeeded. The one place the estimator calls fastdnn's trainer."""
        x = np.ascontiguousarray(X.T)
        parameters, costs = fit_network(
            x, labels, state["parameters_"], rate, num_iterations, False, output=state["_output"],
            dtype=state["_dtype"], method="auto", callback=None, hidden=state["_hidden"], record_every=1,
            print_last=False)
        return {**state, "parameters_": parameters, "n_iter_": state["n_iter_"] + num_iterations,
                "loss_curve_": state["loss_curve_"] + [float(c) for c in costs]}


def _class_indices(classes, y):
    """``y`` as the class indices the trainer takes, shape (1, m); ValueError for a label not in ``classes``."""
    indices = np.searchsorted(classes, y)
    known = (indices < len(classes)) & (classes[np.minimum(indices, len(classes) - 1)] == y)
    if not known.all():
        raise ValueError(f"y holds labels not in classes_={classes!r}: {np.unique(y[~known])!r}")
    return indices.reshape(1, -1)
