"""``dnn_utils`` of the 2017 and of the current (2021 and later) step-by-step
notebooks: the activation helpers of ``dnn_utils_v2``, unchanged between editions."""
import numpy as np

from fastdnn.activations import relu, relu_backward, sigmoid, sigmoid_backward
