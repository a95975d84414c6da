"""Issue 21, memory: what a training run holds besides the caller's X."""
import numpy as np
import pytest

from fastdnn._checks.arrays import finite


def test_the_finite_check_still_finds_nan_and_inf_anywhere():
    for dtype in (np.float16, np.float32, np.float64):
        for bad in (np.nan, np.inf, -np.inf):
            for order in "CF":
                x = np.ones((3, 5), dtype, order=order)
                x[2, 4] = bad
                with pytest.raises(ValueError, match=r"index \(2, 4\)"):
                    finite(x, "X")
                wide = np.ones((3, 10), dtype, order=order)
                wide[2, 8] = bad
                with pytest.raises(ValueError, match=r"index \(2, 4\)"):
                    finite(wide[:, ::2], "X")
        finite(np.full((3, 5), np.finfo(dtype).max, dtype), "X")
    finite(np.zeros((0, 3)), "X")
    finite(np.array([[True, False]]), "X")
    finite(np.array([[2**62, -5]]), "X")
