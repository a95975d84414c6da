"""fastdnn.softmax against the course notes' code (tests/naive_softmax.py)."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import naive_softmax as naive
from fastdnn import softmax as fsm

SETTINGS = settings(max_examples=30, deadline=None)


def _problem(seed, n, m, dtype=np.float64, scale=3.0):
    rng = np.random.default_rng(seed)
    Z = (rng.standard_normal((n, m)) * scale).astype(dtype)
    y = rng.integers(0, n, (1, m))
    Y = np.eye(n)[y[0]].T
    return Z, y, Y


@SETTINGS
@given(seed=st.integers(0, 2**16), n=st.integers(1, 12), m=st.integers(1, 80),
       dtype=st.sampled_from([np.float64, np.float32]), fortran=st.booleans())
def test_matches_twin(seed, n, m, dtype, fortran):
    Z, y, Y = _problem(seed, n, m, dtype)
    if fortran:
        Z = np.asfortranarray(Z)
    rtol = 2e-5 if dtype == np.float32 else 1e-12
    a = fsm.softmax(Z)
    assert a.dtype == dtype and a.shape == Z.shape
    np.testing.assert_allclose(a, naive.column_softmax(Z), rtol=rtol, atol=1e-300)
    np.testing.assert_allclose(fsm.stable_softmax(Z), naive.column_softmax(Z), rtol=rtol, atol=1e-300)
    for labels in (y, y[0]):
        assert fsm.cross_entropy(Z, labels) == pytest.approx(naive.cross_entropy(Z, y), rel=rtol * 10, abs=rtol)
        np.testing.assert_allclose(fsm.delta_cross_entropy(Z, labels), naive.delta_cross_entropy(Z, y),
                                   rtol=rtol, atol=rtol * 1e-3)
    assert fsm.cross_entropy_one_hot(Z, Y) == pytest.approx(naive.cross_entropy_one_hot(Z, Y), rel=rtol * 10,
                                                            abs=rtol)
    np.testing.assert_allclose(fsm.delta_cross_entropy_one_hot(Z, Y), naive.delta_cross_entropy_one_hot(Z, Y),
                               rtol=rtol, atol=rtol * 1e-3)


def test_vector_is_the_notes_softmax():
    z = np.array([1.0, 2.0, 3.0, -1.5])
    np.testing.assert_allclose(fsm.softmax(z), naive.softmax(z), rtol=1e-15)
    np.testing.assert_allclose(fsm.stable_softmax(z), naive.stable_softmax(z), rtol=1e-15)
    np.testing.assert_allclose(fsm.softmax([1, 2]), naive.softmax(np.array([1, 2])), rtol=1e-15)
    assert fsm.softmax(3.0) == 1.0
    # n-D: axis 0
    Z = np.random.default_rng(1).standard_normal((3, 4, 5))
    np.testing.assert_allclose(fsm.softmax(Z).sum(axis=0), 1.0, rtol=1e-15)


def test_large_logits_are_stable():
    Z = np.array([[1000.0, -1000.0], [999.0, 0.0], [0.0, 710.0]])
    a = fsm.softmax(Z)
    assert np.isfinite(a).all()
    np.testing.assert_allclose(a, naive.column_softmax(Z), rtol=1e-14)
    y = np.array([[2, 0]])
    loss = fsm.cross_entropy(Z, y)
    # finite, where log(softmax) is -inf: column 0 has log(1 + e^-1) + 1000, column 1 has 1710
    assert loss == pytest.approx((1000.0 + np.log1p(np.exp(-1.0)) + 1710.0) / 2, rel=1e-12)
    assert np.isfinite(fsm.delta_cross_entropy(Z, y)).all()
    Y = np.eye(3)[y[0]].T
    assert fsm.cross_entropy_one_hot(Z, Y) == pytest.approx(loss, rel=1e-12)


@pytest.mark.parametrize("one_hot", [False, True])
def test_gradients_central_differences(one_hot):
    Z, y, Y = _problem(3, 4, 6)
    loss = (lambda z: fsm.cross_entropy_one_hot(z, Y)) if one_hot else (lambda z: fsm.cross_entropy(z, y))
    grad = fsm.delta_cross_entropy_one_hot(Z, Y) if one_hot else fsm.delta_cross_entropy(Z, y)
    eps = 1e-6
    numeric = np.zeros_like(Z)
    for index in np.ndindex(Z.shape):
        up, down = Z.copy(), Z.copy()
        up[index] += eps
        down[index] -= eps
        numeric[index] = (loss(up) - loss(down)) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)


def test_inputs_not_modified():
    Z, y, Y = _problem(4, 3, 5)
    Z_copy = Z.copy()
    fsm.delta_cross_entropy(Z, y)
    fsm.delta_cross_entropy_one_hot(Z, Y)
    fsm.softmax(Z)
    np.testing.assert_array_equal(Z, Z_copy)


@pytest.mark.parametrize("call, error, match", [
    (lambda Z, y, Y: fsm.cross_entropy(Z[0], y), ValueError, "Z must be 2-D"),
    (lambda Z, y, Y: fsm.cross_entropy(Z, y[:, :-1]), ValueError, r"y must have shape \(1, 5\)"),
    (lambda Z, y, Y: fsm.cross_entropy(Z, y + 3), ValueError, r"class indices 0\.\.2"),
    (lambda Z, y, Y: fsm.delta_cross_entropy(Z, -y - 1), ValueError, "class indices"),
    (lambda Z, y, Y: fsm.cross_entropy(Z, y + 0.5), ValueError, "integer class indices"),
    (lambda Z, y, Y: fsm.cross_entropy(Z, y.astype(bool)), TypeError, "integer class indices"),
    (lambda Z, y, Y: fsm.cross_entropy_one_hot(Z, Y[:-1]), ValueError, "Y must have Z's shape"),
    (lambda Z, y, Y: fsm.delta_cross_entropy_one_hot(Z, Y * 2), ValueError, r"\[0, 1\]"),
    (lambda Z, y, Y: fsm.softmax(np.full(3, np.nan)), ValueError, "z contains NaN"),
    (lambda Z, y, Y: fsm.cross_entropy(np.where(Z > 0, np.inf, Z), y), ValueError, r"Z contains NaN or \+inf"),
    (lambda Z, y, Y: fsm.softmax(["a", "b"]), TypeError, "real numbers"),
    (lambda Z, y, Y: fsm.softmax(np.zeros((0, 3))), ValueError, "empty"),
])
def test_bad_input(call, error, match):
    Z, y, Y = _problem(0, 3, 5)
    with pytest.raises(error, match=match):
        call(Z, y, Y)


def test_minus_inf_logits_mask_a_class():
    """-inf beside a finite logit is a masked class (probability 0), as in numpy;
    a column with no finite logit has no softmax."""
    Z = np.array([[0.0, 1.0], [-np.inf, 2.0], [3.0, -np.inf]])
    finite_part = np.where(np.isinf(Z), -1e300, Z)
    np.testing.assert_allclose(fsm.softmax(Z), fsm.softmax(finite_part), rtol=1e-15, atol=0)
    assert fsm.softmax(Z)[1, 0] == 0 and fsm.softmax(np.array([0.0, -np.inf]))[1] == 0
    assert fsm.cross_entropy(Z, [0, 1]) == pytest.approx(fsm.cross_entropy(finite_part, [0, 1]), rel=1e-15)
    np.testing.assert_allclose(fsm.delta_cross_entropy(Z, [0, 1]), fsm.delta_cross_entropy(finite_part, [0, 1]), rtol=1e-15)
    with pytest.raises(ValueError, match=r"no finite logit in column 1"):
        fsm.softmax(np.array([[0.0, -np.inf], [1.0, -np.inf]]))
