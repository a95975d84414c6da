"""Bad input to fastdnn.fit and the course-2 models: ValueError or TypeError
naming the argument, before any training (a callback that would see an
epoch is never called)."""
import numpy as np
import pytest

import fastdnn
from fastdnn.course import init_utils, opt_utils_v1a, reg_utils

X = np.random.default_rng(0).standard_normal((2, 40))
Y = (X[:1] > 0).astype(float)


def never(epoch, entry):
    raise AssertionError("training started")


def fit(**changes):
    kw = dict(learning_rate=0.01, num_epochs=3, mini_batch_size=8, callback=never)
    kw.update(changes)
    return fastdnn.fit(kw.pop("X", X), kw.pop("Y", Y), kw.pop("layers_dims", [2, 3, 1]), **kw)


@pytest.mark.parametrize("changes, kind, match", [
    (dict(optimizer="sgd"), ValueError, "optimizer must be one of 'gd', 'momentum', 'adam'"),
    (dict(initialization="glorot"), ValueError, "initialization must be one of 'he', 'xavier', 'random', 'zeros'"),
    (dict(keep_prob=0), ValueError, r"keep_prob must be in \(0, 1\]"),
    (dict(keep_prob=1.2), ValueError, "keep_prob"),
    (dict(lambd=-0.1), ValueError, "lambd must be >= 0"),
    (dict(mini_batch_size=0), ValueError, "mini_batch_size must be at least 1"),
    (dict(mini_batch_size=41), ValueError, "mini_batch_size must be at most the number of examples m = 40"),
    (dict(mini_batch_size=2.5), TypeError, "mini_batch_size must be an integer"),
    (dict(beta=1.0), ValueError, r"beta must be in \[0, 1\)"),
    (dict(beta1=-0.1), ValueError, "beta1"),
    (dict(beta2=1), ValueError, "beta2"),
    (dict(epsilon=0), ValueError, "epsilon must be > 0"),
    (dict(learning_rate=-1), ValueError, "learning_rate"),
    (dict(num_epochs=-1), ValueError, "num_epochs"),
    (dict(hidden="softplus"), ValueError, "hidden must be one of"),
    (dict(output="linear"), ValueError, "output must be one of"),
    (dict(validation=(np.ones((3, 5)), np.ones((1, 5)))), ValueError, r"validation\[0\] \(X_val\) has 3 rows"),
    (dict(validation=(np.ones((2, 5)), np.ones((1, 4)))), ValueError, r"validation\[1\] \(Y_val\) must have shape"),
    (dict(validation=np.ones((2, 5))), TypeError, r"validation must be a pair"),
    (dict(validation_fraction=1.5), ValueError, r"validation_fraction must be in \[0, 1\)"),
    (dict(record_every=2**63), ValueError, r"record_every must be at most 2\*\*62"),
    (dict(parameters=dict(W1=np.full((3, 2), np.nan), b1=np.zeros((3, 1)), W2=np.ones((1, 3)), b2=np.zeros((1, 1)))),
     ValueError, r"parameters\['W1'\] contains NaN or inf"),
    (dict(parameters=dict(W1=np.ones((3, 2)), b1=np.zeros((3, 1)), W2=np.ones((1, 3)), b2=np.full((1, 1), np.inf))),
     ValueError, r"parameters\['b2'\] contains NaN or inf"),
    (dict(validation_fraction=0.2, validation=(X, Y)), ValueError, "not both"),
    (dict(early_stopping=3), ValueError, "early_stopping needs a validation set"),
    (dict(early_stopping=0, validation_fraction=0.2), ValueError, "early_stopping must be at least 1"),
    (dict(decay=0.5), TypeError, "decay must be callable"),
    (dict(decay="cosine"), ValueError, "decay must be one of 'update_lr', 'schedule_lr_decay'"),
    (dict(method="fast"), ValueError, "method must be 'auto', 'direct' or 'gram'"),
    (dict(method="gram"), ValueError, "method='gram' is for plain full-batch gradient descent"),
    (dict(start_epoch=4), ValueError, r"start_epoch must be at most num_epochs \(3\)"),
    (dict(start_epoch=-1), ValueError, "start_epoch must be between 0"),
    (dict(start_epoch=1.5), TypeError, "start_epoch must be an integer"),
    (dict(parameters={"W1": np.ones((4, 2)), "b1": np.zeros((4, 1)), "W2": np.ones((1, 4)), "b2": np.zeros((1, 1))}),
     ValueError, r"parameters have layers \[2, 4, 1\], layers_dims is \[2, 3, 1\]"),
    (dict(parameters={"W1": np.ones((3, 5))}), ValueError, "W1"),
    (dict(optimizer_state=np.zeros(7)), ValueError, r"optimizer_state must have shape \(26,\)"),
    (dict(optimizer="gd", optimizer_state=np.zeros(13)), ValueError, r"optimizer_state must have shape \(0,\)"),
    (dict(optimizer_state=np.full(26, np.nan)), ValueError, "optimizer_state"),
    (dict(dtype=np.int32), TypeError, "dtype"),
    (dict(seed=-1), ValueError, "seed must be"),
    (dict(seed=2**32), ValueError, r"seed must be below 2\*\*32"),
    (dict(seed=1.5), TypeError, "seed must be an integer"),
    (dict(decay_rate=-1), ValueError, "decay_rate must be >= 0"),
    (dict(layers_dims=[3, 1]), ValueError, r"layers_dims\[0\] is 3 but X has 2 rows"),
    (dict(Y=np.ones((1, 39))), ValueError, "Y must have shape"),
    (dict(output="softmax", layers_dims=[2, 3], Y=np.full((1, 40), 3)), ValueError, "class indices 0..2"),
])
def test_fit_names_the_bad_argument(changes, kind, match):
    with pytest.raises(kind, match=match):
        fit(**changes)


def test_a_decay_giving_a_bad_rate_is_refused_when_met():
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        fastdnn.fit(X, Y, [2, 3, 1], learning_rate=0.01, num_epochs=3, mini_batch_size=8,
                    decay=lambda rate, epoch, decay_rate: -rate)


@pytest.mark.parametrize("call, kind, match", [
    (lambda: opt_utils_v1a.model(X, Y, [2, 3, 1], "rmsprop"), ValueError, "optimizer must be one of"),
    (lambda: opt_utils_v1a.model(X, Y, [2, 3, 1], "adam", mini_batch_size=0), ValueError, "mini_batch_size"),
    (lambda: opt_utils_v1a.model(X, Y, [2, 3, 1], "adam", beta2=1.5), ValueError, "beta2"),
    (lambda: opt_utils_v1a.model(X, Y, [2, 3, 1], "adam", epsilon=-1), ValueError, "epsilon"),
    (lambda: reg_utils.model(X, Y, keep_prob=0), ValueError, "keep_prob"),
    (lambda: reg_utils.model(X, Y, lambd=-1), ValueError, "lambd"),
    (lambda: init_utils.model(X, Y, initialization="xavier"), ValueError, "initialization must be one of"),
])
def test_course_models_name_the_bad_argument(call, kind, match):
    with pytest.raises(kind, match=match):
        call()


def test_a_validation_fraction_of_0_holds_nothing_out():
    """As Keras' validation_split=0: the same run as without one."""
    X, Y = np.random.default_rng(0).standard_normal((2, 40)), (np.arange(40) % 2).reshape(1, 40)
    kw = dict(learning_rate=0.1, num_epochs=5, seed=3)
    with_zero, history = fastdnn.fit(X, Y, [2, 3, 1], validation_fraction=0, **kw)
    without, _ = fastdnn.fit(X, Y, [2, 3, 1], **kw)
    assert "val_cost" not in history
    assert all(np.array_equal(with_zero[k], without[k]) for k in without)
