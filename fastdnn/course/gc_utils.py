"""``gc_utils`` of course 2's gradient-checking assignment, on fastdnn: the
activations and the vector/dictionary conversions of the assignment's
network (W1 (5, 4), b1, W2 (3, 5), b2, W3 (1, 3), b3), and, for convenience,
the assignment's 1-D and three-layer checks (:mod:`fastdnn.gradcheck`)."""
import numpy as np

from fastdnn.gradcheck import (backward_propagation, backward_propagation_n, dictionary_to_vector,
                               forward_propagation, forward_propagation_n, gradient_check, gradient_check_n,
                               gradients_to_vector, vector_to_dictionary)
from fastdnn.threelayer import relu, sigmoid
