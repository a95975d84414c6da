"""The learner's own loop over the helpers, as in the application notebook's
``L_layer_model``: ``L_model_forward``, ``compute_cost``, ``L_model_backward``
and ``update_parameters`` repeated on the cat data, layers [12288, 20, 7, 5, 1].

This is what a notebook runs after ``dropin.install()`` (fastdnn's helpers from
``dnn_app_utils_v3``) against what it runs on the course's numpy helpers
(``tests/naive.py``, the same code). The loop is bounded to ``ITERATIONS``
steps; the notebook's 2500 scale linearly.
"""
import fastdnn
import naive
from fastdnn.course import dnn_app_utils_v3

from . import ratio
from .bench_step import LAYERS, LEARNING_RATE, cat_data

ITERATIONS = 100


def learner_loop(helpers, X, Y, parameters, iterations=ITERATIONS):
    """The body of the notebook's ``L_layer_model`` loop, over ``helpers``."""
    for _ in range(iterations):
        AL, caches = helpers.L_model_forward(X, parameters)
        cost = helpers.compute_cost(AL, Y)
        grads = helpers.L_model_backward(AL, Y, caches)
        parameters = helpers.update_parameters(parameters, grads, LEARNING_RATE)
    return cost


class LearnerLoop:
    timeout = 600

    def setup(self):
        self.X, self.Y = cat_data()
        self.parameters = fastdnn.initialize_parameters_deep_app(LAYERS)
        learner_loop(dnn_app_utils_v3, self.X, self.Y, self.parameters, iterations=2)  # compiles the kernels

    def time_fastdnn(self):
        learner_loop(dnn_app_utils_v3, self.X, self.Y, self.parameters)

    def time_numpy(self):
        learner_loop(naive, self.X, self.Y, self.parameters)

    def track_ratio_fastdnn_over_numpy(self):
        return ratio(lambda: learner_loop(dnn_app_utils_v3, self.X, self.Y, self.parameters, 5),
                     lambda: learner_loop(naive, self.X, self.Y, self.parameters, 5), repeat=5)

    track_ratio_fastdnn_over_numpy.unit = "ratio"
