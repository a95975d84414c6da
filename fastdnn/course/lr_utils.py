"""``lr_utils`` of the course's week-2 logistic-regression assignment."""
import numpy as np


def load_dataset():
    """The cat/non-cat data from ``datasets/*.h5`` under the working directory.

    Returns
    -------
    train_set_x_orig, train_set_y, test_set_x_orig, test_set_y, classes
        As the course's: labels of shape (1, m).

    Raises
    ------
    FileNotFoundError
        Naming the missing path.
    """
    from fastdnn.logistic import load_dataset
    return load_dataset()
