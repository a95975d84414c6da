"""``fastdnn.DNNClassifier.fit`` against scikit-learn's MLPClassifier running
the same algorithm (full-batch gradient descent: ``solver="sgd"``, one batch of
all samples, no momentum, no L2, no early stop, no shuffling), and against
fastdnn's plain trainer (the wrapper's cost: validation, transposition and a
cost recorded at every iteration for ``loss_curve_``). ``track_*`` are time
ratios measured in the same process, lower is better.

Needs scikit-learn (the ``sklearn`` extra); without it the suite is skipped.
"""
import warnings

import numpy as np

from fastdnn.models import fit_network
from fastdnn._params import by_fan_in, drawn_layers

from . import SHARED_DATA, best_time, ratio

#: (name, hidden layers, iterations): blobs are 3 classes of 300 2-D points,
#: cat the course's 209 images of 12288 values (the Gram path).
PROBLEMS = {"blobs": ((100,), 500), "cat": ((20, 7, 5), 100)}


def _data(problem):
    if problem == "cat" and (SHARED_DATA / "train_catvnoncat.h5").exists():
        from fastdnn import load_data
        train_x, train_y, _, _, _ = load_data(SHARED_DATA)
        return train_x.reshape(train_x.shape[0], -1) / 255., train_y.ravel()
    rng = np.random.default_rng(0)
    if problem == "cat":
        return rng.random((209, 12288)), (rng.random(209) > 0.65).astype(np.int64)
    centers = np.array([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]])
    y = rng.integers(0, 3, 300)
    return centers[y] + rng.standard_normal((300, 2)), y


class EstimatorSuite:
    params = list(PROBLEMS)
    param_names = ["problem"]
    timeout = 600

    def setup(self, problem):
        try:
            from sklearn.neural_network import MLPClassifier
        except ImportError:
            raise NotImplementedError("scikit-learn is not installed") from None
        from fastdnn import DNNClassifier
        self.X, self.y = _data(problem)
        hidden, self.iterations = PROBLEMS[problem]
        self.rate = 0.0075 if problem == "cat" else 0.1
        self.estimator = DNNClassifier(hidden, learning_rate=self.rate, max_iter=self.iterations, random_state=1)
        self.mlp = MLPClassifier(hidden, solver="sgd", batch_size=len(self.X), learning_rate_init=self.rate,
                                 momentum=0.0, alpha=0.0, shuffle=False, max_iter=self.iterations, tol=0.0,
                                 n_iter_no_change=self.iterations + 1, random_state=1)
        n_out = 1 if len(np.unique(self.y)) == 2 else len(np.unique(self.y))
        self.output = "sigmoid" if n_out == 1 else "softmax"
        self.dims = [self.X.shape[1], *hidden, n_out]
        self.x = np.ascontiguousarray(self.X.T)
        self.labels = self.y.reshape(1, -1)
        self.estimator.fit(self.X, self.y)  # warm the JIT
        self._trainer()

    def _trainer(self):
        parameters = drawn_layers(self.dims, np.random.RandomState(1), by_fan_in)
        fit_network(self.x, self.labels, parameters, self.rate, self.iterations, False, output=self.output,
                    dtype=np.dtype(np.float64), method="auto", callback=None)

    def _mlp_fit(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ConvergenceWarning: max_iter reached, as asked
            self.mlp.fit(self.X, self.y)

    def time_fit(self, problem):
        self.estimator.fit(self.X, self.y)

    def track_fit_over_mlp(self, problem):
        return ratio(lambda: self.estimator.fit(self.X, self.y), self._mlp_fit, repeat=3, sample_time=0.0)
    track_fit_over_mlp.unit = "DNNClassifier/MLPClassifier"

    def track_fit_over_trainer(self, problem):
        return ratio(lambda: self.estimator.fit(self.X, self.y), self._trainer, repeat=5, sample_time=0.0)
    track_fit_over_trainer.unit = "DNNClassifier/fit_network"


if __name__ == "__main__":
    for name in PROBLEMS:
        suite = EstimatorSuite()
        suite.setup(name)
        seconds = best_time(lambda: suite.time_fit(name), repeat=3, sample_time=0.0)
        print(f"{name}: fit {seconds * 1e3:.1f} ms; DNNClassifier/MLPClassifier "
              f"{suite.track_fit_over_mlp(name):.3f}; DNNClassifier/fit_network {suite.track_fit_over_trainer(name):.3f}")
