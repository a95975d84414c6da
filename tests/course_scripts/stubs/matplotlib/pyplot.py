"""Test stand-in for matplotlib.pyplot: every function accepts anything and draws nothing."""
rcParams = {}


class _Anything:
    """What the stand-in's functions return (an axes from ``plt.gca()``, a
    colormap from ``plt.cm.Spectral``): any attribute or call gives it back."""

    def __getattr__(self, name):
        return self

    def __call__(self, *args, **kwargs):
        return self


cm = _Anything()


def _draw_nothing(*args, **kwargs):
    return _Anything()


def __getattr__(name):
    return _draw_nothing
