"""Test stand-in for matplotlib.pyplot: every function accepts anything and draws nothing."""
rcParams = {}


def _draw_nothing(*args, **kwargs):
    return None


def __getattr__(name):
    return _draw_nothing
