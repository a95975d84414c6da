"""The course's learning-rate decays (course 2, week 2), shared by the course
face (:mod:`fastdnn.optimizers` serves them) and ``fit``, and the per-epoch
rates the engine takes from a decay."""
import numpy as np

from ._checks import decay_rate_value, learning_rate_value, non_negative_value, positive_value


def update_lr(learning_rate0, epoch_num, decay_rate):
    """Learning rate decayed every epoch: ``1 / (1 + decay_rate * epoch_num) * learning_rate0``
    (epoch_num and decay_rate >= 0, so that the rate stays positive and finite)."""
    non_negative_value(epoch_num, "epoch_num"), decay_rate_value(decay_rate)
    return 1 / (1 + decay_rate * epoch_num) * learning_rate0


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    """Learning rate decayed in steps of ``time_interval`` epochs:
    ``1 / (1 + decay_rate * floor(epoch_num / time_interval)) * learning_rate0``
    (epoch_num and decay_rate >= 0, time_interval > 0)."""
    non_negative_value(epoch_num, "epoch_num"), decay_rate_value(decay_rate)
    positive_value(time_interval, "time_interval")
    return 1 / (1 + decay_rate * np.floor(epoch_num / time_interval)) * learning_rate0


#: The course's decays by name (``decay=`` takes these names or any such function).
DECAYS = {"update_lr": update_lr, "schedule_lr_decay": schedule_lr_decay}


def decayed_rates(rate, decay, decay_rate):
    """``rates(epoch)`` for :func:`engine.train_batches`: ``rate`` at epoch 0, then
    the course's ``decay(rate, epoch - 1, decay_rate)``; None without ``decay``
    (a constant rate needs no Python per epoch)."""
    if decay is None:
        return None
    return lambda epoch: rate if epoch == 0 else learning_rate_value(decay(rate, epoch - 1, decay_rate))
