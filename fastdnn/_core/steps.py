"""The optimisers' steps on a range of the flat parameters, as the course
writes them: gradient descent, momentum, Adam (and the v1b notebook's Adam
with epsilon inside the square root). Every operation rounds as numpy's (no
FMA), in the parameters' dtype: the training loop's steps give the course's
bits. The gradient of each is ``scale * g[k] + l2 * p[k]``, the course's
``1/m * dW + lambd/m * W`` (``l2`` is 0 for biases)."""
import numpy as np

from ..config import EXACT, jit


@jit(inline="always", flags=EXACT)
def momentum_moment(v, g, beta, one_minus_beta):
    """The course's velocity ``beta * v + (1 - beta) * g``, for one element."""
    return beta * v + one_minus_beta * g


@jit(inline="always", flags=EXACT)
def adam_moments(v, s, g, beta1, one_minus_beta1, beta2, one_minus_beta2):
    """The course's Adam moments ``b1 v + (1 - b1) g`` and ``b2 s + (1 - b2) g**2``, for one element."""
    return beta1 * v + one_minus_beta1 * g, beta2 * s + one_minus_beta2 * (g * g)


@jit(inline="always", flags=EXACT)
def adam_parameter(p, first_corrected, second_corrected, rate, epsilon):
    """The course's Adam step ``p - lr * v_corrected / (sqrt(s_corrected) + eps)``, for one element."""
    return p - rate * first_corrected / (np.sqrt(second_corrected) + epsilon)


@jit(inline="always", flags=EXACT)
def adam_parameter_epsilon_inside(p, first_corrected, second_corrected, rate, epsilon):
    """The v1b notebook's Adam step ``p - lr * v_corrected / sqrt(s_corrected + eps)``, for one element."""
    return p - rate * first_corrected / np.sqrt(second_corrected + epsilon)


#: Optimisers of the mini-batch trainer, by code (the last: Adam with epsilon
#: inside the square root, as the v1b notebook's).
GD, MOMENTUM, ADAM, ADAM_EPSILON_INSIDE = 0, 1, 2, 3
#: Optimiser name -> code ("adam_epsilon_inside": the v1b notebook's
#: ``/ sqrt(s_corrected + epsilon)``), in the order of their state's size.
OPTIMIZERS = {"gd": GD, "momentum": MOMENTUM, "adam": ADAM, "adam_epsilon_inside": ADAM_EPSILON_INSIDE}
#: Slots of the optimisers' ``hyper`` vector (:func:`optimizer_hyper`), in the parameters' dtype:
#: the one layout of the training loop's steps and of the course's step functions.
H_RATE, H_SCALE, H_BETA, H_ONE_MINUS_BETA, H_BETA1, H_ONE_MINUS_BETA1, H_BETA2, H_ONE_MINUS_BETA2, \
    H_BIAS1, H_BIAS2, H_EPSILON, HYPER_SIZE = range(12)


def optimizer_hyper(dtype, rate=0.0, beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8, t=None):
    """The ``hyper`` vector: each entry rounded once in double precision, as the
    course's Python computes it, then stored in ``dtype``; Adam's bias
    corrections ``1 - beta ** t`` with ``t`` (the loop sets them per step)."""
    hyper = np.zeros(HYPER_SIZE)
    hyper[H_RATE], hyper[H_SCALE] = rate, 1.0
    hyper[H_BETA], hyper[H_ONE_MINUS_BETA] = beta, 1 - beta
    hyper[H_BETA1], hyper[H_ONE_MINUS_BETA1] = beta1, 1 - beta1
    hyper[H_BETA2], hyper[H_ONE_MINUS_BETA2] = beta2, 1 - beta2
    hyper[H_EPSILON] = epsilon
    if t is not None:
        hyper[H_BIAS1], hyper[H_BIAS2] = 1 - beta1 ** t, 1 - beta2 ** t
    return hyper.astype(dtype)


@jit(flags=EXACT, callee=True)
def step_in_place(p, g, rate, scale):
    """p[k] = p[k] - rate * (scale * g[k]), rounded as numpy rounds each
    operation (no FMA: a step is memory-bound, so exactness costs nothing).
    The engine passes 1/m, as the course's ``W - lr * (1/m * dot(...))``, and
    a negative rate to add. In place on ``p`` alone: written with a separate
    output that is ``p``, LLVM's overlap check keeps the loop scalar."""
    for k in range(p.size):
        p[k] = p[k] - rate * (scale * g[k])


@jit(flags=EXACT, callee=True)
def gd_range(p, g, rate, scale, l2):
    """p[k] = p[k] - rate * (scale * g[k] + l2 * p[k])."""
    for k in range(p.size):
        p[k] = p[k] - rate * (scale * g[k] + l2 * p[k])


@jit(flags=EXACT, callee=True)
def momentum_range(p, g, v, hyper, l2):
    """v = beta v + (1 - beta) (scale g + l2 p); p = p - rate v, in place."""
    rate, scale = hyper[H_RATE], hyper[H_SCALE]
    beta, one_minus_beta = hyper[H_BETA], hyper[H_ONE_MINUS_BETA]
    for k in range(p.size):
        velocity = momentum_moment(v[k], scale * g[k] + l2 * p[k], beta, one_minus_beta)
        v[k] = velocity
        p[k] = p[k] - rate * velocity


@jit(flags=EXACT, callee=True)
def adam_range(p, g, v, s, code, hyper, l2):
    """Adam's moments v, s of ``scale g + l2 p`` and its step on p, in place,
    bias corrections ``1 - b**t`` from ``hyper``; ``code`` ADAM or ADAM_EPSILON_INSIDE."""
    rate, scale = hyper[H_RATE], hyper[H_SCALE]
    beta1, one_minus_beta1 = hyper[H_BETA1], hyper[H_ONE_MINUS_BETA1]
    beta2, one_minus_beta2 = hyper[H_BETA2], hyper[H_ONE_MINUS_BETA2]
    bias1, bias2, epsilon = hyper[H_BIAS1], hyper[H_BIAS2], hyper[H_EPSILON]
    inside = code == ADAM_EPSILON_INSIDE
    for k in range(p.size):
        first, second = adam_moments(v[k], s[k], scale * g[k] + l2 * p[k], beta1, one_minus_beta1,
                                     beta2, one_minus_beta2)
        v[k] = first
        s[k] = second
        if inside:
            p[k] = adam_parameter_epsilon_inside(p[k], first / bias1, second / bias2, rate, epsilon)
        else:
            p[k] = adam_parameter(p[k], first / bias1, second / bias2, rate, epsilon)
