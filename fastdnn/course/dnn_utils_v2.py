"""``dnn_utils_v2`` of the course: ``sigmoid``, ``relu`` and their backward
functions, on fastdnn's kernels (each returns ``(A, Z)`` or ``dZ`` as the course's)."""
import numpy as np

from fastdnn.activations import relu, relu_backward, sigmoid, sigmoid_backward
