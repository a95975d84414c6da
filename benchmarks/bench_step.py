"""Step API: ``L_model_forward`` and ``L_model_backward`` (and one
``update_parameters``) on the cat shapes of the course's application,
X 12288 x 209 and layers [12288, 20, 7, 5, 1], against ``tests/naive.py``.

The real ``train_catvnoncat.h5`` is read from ``../shared/data`` beside the
repository when it is there; otherwise random data of the same shapes is used
(the timings only depend on the shapes).
"""
import numpy as np

import fastdnn
import naive

from . import SHARED_DATA, ratio

LAYERS = [12288, 20, 7, 5, 1]
LEARNING_RATE = 0.0075
PARTS = ["forward", "backward", "forward+backward", "step"]
DTYPES = ["float64", "float32"]


def cat_data():
    """X (12288, 209) in [0, 1] and Y (1, 209), float64."""
    path = SHARED_DATA / "train_catvnoncat.h5"
    if path.exists():
        import h5py
        with h5py.File(path, "r") as f:
            x = np.array(f["train_set_x"])
            y = np.array(f["train_set_y"])
        return x.reshape(x.shape[0], -1).T / 255.0, y.reshape(1, -1).astype(np.float64)
    rng = np.random.default_rng(1)
    return rng.random((12288, 209)), (rng.random((1, 209)) > 0.65).astype(np.float64)


def _calls(lib, part, X, Y, parameters):
    if part == "forward":
        return lambda: lib.L_model_forward(X, parameters)
    AL, caches = lib.L_model_forward(X, parameters)
    if part == "backward":
        return lambda: lib.L_model_backward(AL, Y, caches)
    if part == "forward+backward":
        def forward_backward():
            AL, caches = lib.L_model_forward(X, parameters)
            return lib.L_model_backward(AL, Y, caches)
        return forward_backward

    def step():
        AL, caches = lib.L_model_forward(X, parameters)
        grads = lib.L_model_backward(AL, Y, caches)
        return lib.update_parameters(parameters, grads, LEARNING_RATE)
    return step


class CatStep:
    """One training step's pieces on the cat shapes, fastdnn vs numpy.

    ``float32`` casts X, Y and the parameters, so that both sides compute in
    float32.
    """
    params = [PARTS, DTYPES]
    param_names = ["part", "dtype"]
    timeout = 300

    def setup(self, part, dtype):
        X, Y = cat_data()
        parameters = naive.initialize_parameters_deep_app(LAYERS)
        X, Y = X.astype(dtype), Y.astype(dtype)
        parameters = {k: v.astype(dtype) for k, v in parameters.items()}
        self.fast = _calls(fastdnn, part, X, Y, parameters)
        self.ref = _calls(naive, part, X, Y, parameters)
        self.fast()  # JIT compile / cache load, outside any timing
        self.ref()

    def time_fastdnn(self, part, dtype):
        self.fast()

    def time_numpy(self, part, dtype):
        self.ref()

    def peakmem_fastdnn(self, part, dtype):
        self.fast()

    def peakmem_numpy(self, part, dtype):
        self.ref()

    def track_ratio(self, part, dtype):
        """fastdnn time / numpy time (lower is better)."""
        return ratio(self.fast, self.ref, repeat=5, sample_time=0.05)

    track_ratio.unit = "fastdnn/numpy"
