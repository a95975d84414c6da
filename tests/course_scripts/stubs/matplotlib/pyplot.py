"""Test stand-in for matplotlib.pyplot: every function accepts anything and draws
nothing; what it returns (a figure, an axis, a legend, ``plt.cm.Spectral``, ...)
is a stand-in too, so calls chained on it
(``plt.legend(...).get_frame().set_facecolor(...)``) also draw nothing."""
rcParams = {}


class _Nothing:
    """Any attribute, call or subscript gives back a _Nothing."""

    def __getattr__(self, name):
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __getitem__(self, key):
        return self


_NOTHING = _Nothing()
cm = _NOTHING


def __getattr__(name):
    return _NOTHING
