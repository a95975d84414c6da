"""sigmoid, relu and their backward functions against the course's numpy code.

float32 results are compared with numpy in float64: fastdnn's float32 sigmoid
backward avoids the cancellation of ``1 - s``, so it is closer to the true value
than numpy's float32 arithmetic."""
import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fastdnn
import naive
from fastdnn import config
from fastdnn._core import elementary
from strategies import arrays, expected_dtype, shapes, tolerance

FORWARD = ["sigmoid", "relu"]
BACKWARD = ["sigmoid_backward", "relu_backward"]


@pytest.mark.parametrize("name", FORWARD)
@settings(max_examples=60, deadline=None)
@given(data=st.data(), shape=shapes)
def test_forward_matches_numpy(name, data, shape):
    Z = data.draw(arrays(shape))
    before = Z.copy()
    A, cache = getattr(fastdnn, name)(Z)
    A_ref, _ = getattr(naive, name)(Z.astype(np.float64))
    assert cache is Z
    assert A.shape == Z.shape and A.dtype == expected_dtype(Z)
    np.testing.assert_allclose(A, A_ref, rtol=tolerance(Z), atol=0)
    np.testing.assert_array_equal(Z, before)


@pytest.mark.parametrize("name", BACKWARD)
@settings(max_examples=60, deadline=None)
@given(data=st.data(), shape=shapes)
def test_backward_matches_numpy(name, data, shape):
    dA = data.draw(arrays(shape))
    Z = data.draw(arrays(shape))
    copies = dA.copy(), Z.copy()
    dZ = getattr(fastdnn, name)(dA, Z)
    dtype = expected_dtype(dA, Z)
    dZ_ref = getattr(naive, name)(dA.astype(np.float64), Z.astype(np.float64))
    assert dZ.shape == Z.shape and dZ.dtype == dtype
    np.testing.assert_allclose(dZ, dZ_ref, rtol=tolerance(dA, Z), atol=1e-300)
    np.testing.assert_array_equal(dA, copies[0])
    np.testing.assert_array_equal(Z, copies[1])


@pytest.mark.parametrize("size", [40_000, 100_003])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_parallel_path_matches_numpy(size, dtype):
    """Sizes above the parallel threshold take the prange loop."""
    rng = np.random.default_rng(size)
    Z = rng.normal(size=(size,)).astype(dtype)
    dA = rng.normal(size=(size,)).astype(dtype)
    rtol = 2e-6 if dtype == np.float32 else 1e-12
    Z64, dA64 = Z.astype(np.float64), dA.astype(np.float64)
    for forward, backward in zip(FORWARD, BACKWARD):
        np.testing.assert_allclose(getattr(fastdnn, forward)(Z)[0], getattr(naive, forward)(Z64)[0], rtol=rtol)
        np.testing.assert_allclose(getattr(fastdnn, backward)(dA, Z), getattr(naive, backward)(dA64, Z64), rtol=rtol)


def test_course_values():
    A, cache = fastdnn.sigmoid(np.array([[0.0, 2.0, -1.0]]))
    np.testing.assert_allclose(A, [[0.5, 0.8807970779778823, 0.2689414213699951]], rtol=1e-15)
    A, _ = fastdnn.relu(np.array([[-1.5, 0.0, 2.5]]))
    np.testing.assert_array_equal(A, [[0.0, 0.0, 2.5]])


def test_zero_d_and_scalar_input():
    A, cache = fastdnn.sigmoid(np.float64(0.0))
    assert A.shape == () and A == 0.5
    A, cache = fastdnn.relu(-2)
    assert A.shape == () and A == 0.0 and A.dtype == np.float64
    assert fastdnn.relu_backward(np.array(3.0), np.array(1.0)) == 3.0


@pytest.mark.parametrize("dtype", [np.bool_, np.uint8, np.int16, np.int64])
def test_integers_and_bools_become_float64(dtype):
    Z = np.array([[0, 1], [1, 0]], dtype)
    for name in FORWARD:
        assert getattr(fastdnn, name)(Z)[0].dtype == np.float64
    assert fastdnn.relu_backward(Z, Z).dtype == np.float64
    # with a float32 input, numpy's rule: float32 with small ints, float64 with int64
    assert fastdnn.sigmoid_backward(Z, np.ones((2, 2), np.float32)).dtype == np.result_type(dtype, np.float32)
    assert fastdnn.sigmoid(Z.astype(np.float16))[0].dtype == np.float32


def test_relu_backward_zeroes_at_zero_as_the_course_does():
    dZ = fastdnn.relu_backward(np.array([1.0, 2.0, 3.0]), np.array([-1.0, 0.0, 1.0]))
    np.testing.assert_array_equal(dZ, [0.0, 0.0, 3.0])


def test_nan_in_nan_out():
    Z = np.array([np.nan, np.inf, -np.inf, 1.0])
    dA = np.array([1.0, 1.0, 1.0, np.nan])
    for name in FORWARD:
        np.testing.assert_array_equal(getattr(fastdnn, name)(Z)[0], getattr(naive, name)(Z)[0])
    for name in BACKWARD:
        with np.errstate(invalid="ignore"):
            expected = getattr(naive, name)(dA, Z)
        np.testing.assert_array_equal(getattr(fastdnn, name)(dA, Z), expected)


def test_extreme_logits_stay_finite_and_in_range():
    A, _ = fastdnn.sigmoid(np.array([-800.0, 800.0]))
    np.testing.assert_array_equal(A, [0.0, 1.0])


@pytest.mark.parametrize("name", FORWARD)
@pytest.mark.parametrize("bad", [np.array(["a", "b"]), np.array([1 + 2j]), np.array([object()]), [[1, 2], [3]]])
def test_non_numeric_input_is_a_type_error(name, bad):
    with pytest.raises(TypeError, match="Z"):
        getattr(fastdnn, name)(bad)


@pytest.mark.parametrize("name", BACKWARD)
def test_backward_shape_mismatch_names_both_shapes(name):
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(3, 2\)"):
        getattr(fastdnn, name)(np.ones((2, 3)), np.ones((3, 2)))


def test_sigmoid_backward_is_the_derivative():
    rng = np.random.default_rng(0)
    Z, dA, eps = rng.normal(size=(4, 5)), rng.normal(size=(4, 5)), 1e-6
    numeric = dA * (fastdnn.sigmoid(Z + eps)[0] - fastdnn.sigmoid(Z - eps)[0]) / (2 * eps)
    np.testing.assert_allclose(fastdnn.sigmoid_backward(dA, Z), numeric, rtol=1e-7, atol=1e-9)


def test_relu_backward_is_the_derivative():
    rng = np.random.default_rng(1)
    Z = rng.normal(size=(4, 5))
    Z[np.abs(Z) < 1e-3] = 0.5  # keep away from the kink
    dA, eps = rng.normal(size=(4, 5)), 1e-6
    numeric = dA * (fastdnn.relu(Z + eps)[0] - fastdnn.relu(Z - eps)[0]) / (2 * eps)
    np.testing.assert_allclose(fastdnn.relu_backward(dA, Z), numeric, rtol=1e-7, atol=1e-9)


def test_float32_sigmoid_over_the_whole_range():
    """float32 runs in float32 arithmetic: within 3 ulp of the exact value from the
    smallest to the largest logits, with numpy's NaN, inf, overflow and underflow
    (below z = -88.7 exp(-z) overflows float32 and the result is 0, as in numpy's
    float32, where the exact value would be subnormal)."""
    z = np.concatenate([np.linspace(-110, 110, 200_001), [np.nan, np.inf, -np.inf, 88.72, 88.73, -103.9, -104.0]]).astype(np.float32)
    A, _ = fastdnn.sigmoid(z)
    assert A.dtype == np.float32
    with np.errstate(over="ignore"):
        exact = 1 / (1 + np.exp(-z.astype(np.float64)))
    np.testing.assert_allclose(A, exact, rtol=3 * np.finfo(np.float32).eps, atol=np.finfo(np.float32).tiny)
    assert (A[z < -88.8] == 0).all()
    assert np.isnan(A[-7]) and A[-6] == 1 and A[-5] == 0


def test_float32_sigmoid_backward_over_the_whole_range():
    """float32 sigmoid backward runs in float32 without cancelling: within 4 ulp
    of the exact value wherever that is a normal float32 (numpy's float32
    ``1 - s`` is 0 from z = 17 on), 0 beyond |z| = 104, NaN and inf as numpy."""
    z = np.concatenate([np.linspace(-110, 110, 200_001), [np.nan, np.inf, -np.inf, 0.0]]).astype(np.float32)
    dA = np.random.default_rng(0).uniform(-3, 3, z.size).astype(np.float32)
    dZ = fastdnn.sigmoid_backward(dA, z)
    assert dZ.dtype == np.float32
    e = np.exp(-np.abs(z.astype(np.float64)))
    exact = dA * e / (1 + e) ** 2
    tiny = np.finfo(np.float32).tiny
    normal = np.abs(exact) >= tiny
    np.testing.assert_allclose(dZ[normal], exact[normal], rtol=4 * np.finfo(np.float32).eps, atol=0)
    np.testing.assert_allclose(dZ[~normal], exact[~normal], rtol=0, atol=tiny)
    assert (dZ[np.abs(z) > 104] == 0).all()
    assert np.isnan(dZ[-4]) and dZ[-3] == 0 and dZ[-2] == 0 and dZ[-1] == dA[-1] / 4
    with np.errstate(invalid="ignore"):
        assert np.isnan(fastdnn.sigmoid_backward(np.float32([np.inf]), np.float32([np.inf]))).all()


def test_float64_exp_over_the_whole_range():
    """The vectorised exp behind float64 sigmoid: within 1 ulp of numpy's from
    underflow to overflow (subnormal results included), numpy's NaN and inf."""
    # not config.jit (a disk-cached test helper would keep running a stale
    # kernel), but the kernels' own flags
    @numba.njit(error_model="numpy", fastmath=set(config.CONTRACT))
    def run(x, out):
        for j in range(x.size):
            out[j] = elementary.exp(x[j])

    rng = np.random.default_rng(2)
    x = np.concatenate([np.linspace(-746.0, 710.0, 400_001), rng.uniform(-1, 1, 100_000),
                        rng.uniform(-1e-8, 1e-8, 1000), [0.0, -0.0, np.nan, np.inf, -np.inf, 709.78, 709.79, -745.13]])
    out = np.empty_like(x)
    run(x, out)
    with np.errstate(over="ignore"):
        ref = np.exp(x)
    finite = np.isfinite(ref)
    assert np.all(np.abs(out[finite] - ref[finite]) <= np.spacing(ref[finite]))
    np.testing.assert_array_equal(out[~finite], ref[~finite])


@pytest.mark.parametrize("z", [0.5, -2.0, np.float64(0.3), np.array(0.7), np.array([0.5])])
def test_scalars_come_back_as_the_course_returns_them(z):
    """The course's sigmoid and sigmoid_backward give numpy scalars for a scalar Z,
    relu a numpy scalar and relu_backward a 0-d array (np.array(dA, copy=True));
    (integers become floats, as the module says)."""
    for forward, backward in (("sigmoid", "sigmoid_backward"), ("relu", "relu_backward")):
        ours, theirs = getattr(fastdnn, forward)(z), getattr(naive, forward)(z)
        assert type(ours[0]) is type(theirs[0]) and np.shape(ours[0]) == np.shape(theirs[0])
        assert type(ours[1]) is type(theirs[1])
        da = np.ones(np.shape(z)) if np.ndim(z) else 1.0
        dz, dz_ref = getattr(fastdnn, backward)(da, z), getattr(naive, backward)(da, z)
        assert type(dz) is type(dz_ref) and np.shape(dz) == np.shape(dz_ref)
        np.testing.assert_allclose(ours[0], theirs[0]), np.testing.assert_allclose(dz, dz_ref)
