"""Input checks shared by every public function, one rule per argument: they run before any
kernel, so a user sees a ValueError or TypeError naming the argument, the layer and the
shapes, never a numba error. By subject: arrays, labels, scalar values, model metadata."""
from .._core.arrays import (contiguous, float_dtype, is_float_c_array)
from .arrays import (available_memory, bias_vector, check_layer, finite, finite_parameters, matrix, memory_budget,
                     numeric_array, require_examples, same_shape, training_inputs, where)
from .labels import (binary_labels, class_labels, labels_like, output_kind, targets, training_labels)
from .values import (beta_value, callable_or_none, choice, decay_rate_value, epoch_count, first_layer_method,
                     fraction_value, hidden_layer_sizes, iteration_count, keep_prob_value, lambd_value,
                     layer_sizes, learning_rate_value, mini_batch_size_value, non_negative_value,
                     optimizer_state_value, patience_value, positive_int, positive_value, real_value, seed_value,
                     step_number, training_dtype, validation_fraction_value, validation_pair)
from .metadata import (class_names_value, dict_or_none, history_value, input_shape_value)

__all__ = ["contiguous", "float_dtype", "is_float_c_array", "available_memory", "bias_vector", "check_layer",
           "finite", "finite_parameters", "matrix", "memory_budget", "numeric_array", "require_examples",
           "same_shape", "training_inputs", "where", "binary_labels", "class_labels", "labels_like", "output_kind",
           "targets", "training_labels", "beta_value", "callable_or_none", "choice", "decay_rate_value",
           "epoch_count", "first_layer_method", "fraction_value", "hidden_layer_sizes", "iteration_count",
           "keep_prob_value", "lambd_value", "layer_sizes", "learning_rate_value", "mini_batch_size_value",
           "non_negative_value", "optimizer_state_value", "patience_value", "positive_int", "positive_value",
           "real_value", "seed_value", "step_number", "training_dtype", "validation_fraction_value",
           "validation_pair", "class_names_value", "dict_or_none", "history_value", "input_shape_value"]
