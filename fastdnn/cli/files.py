"""What a run writes beside its model: the history (with the final cost) as CSV,
text files written atomically, the learning curve."""
import csv
import io

import numpy as np

from .._product.modelfile import atomic_path


def with_final_cost(history, epoch, cost):
    """The history with the cost of the last parameters at the last epoch (the
    engine records each cost before its epoch's updates); its first key is the unit."""
    unit = next(iter(history))
    if history[unit].size and history[unit][-1] == epoch:
        out = {k: v.copy() for k, v in history.items()}
        out["cost"][-1] = cost
        return out
    last = {unit: epoch, "cost": cost}
    return {k: np.append(v, last.get(k, np.nan)) for k, v in history.items()}


def history_csv(history):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    keys = list(history)
    writer.writerow(keys)
    for row in zip(*(history[k] for k in keys)):
        writer.writerow(["" if isinstance(v, float) and np.isnan(v) else (int(v) if k == keys[0] else repr(float(v)))
                         for k, v in zip(keys, row)])
    return out.getvalue()


def write_text(path, text):
    with atomic_path(path) as temporary:
        with open(temporary, "w") as out:
            out.write(text)
    return path


def plot_learning_curve(path, history, best=None):
    """:func:`learning_curve` into a PNG file; needs matplotlib."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure = learning_curve(history, best)
    with atomic_path(path) as temporary:
        figure.savefig(temporary, format="png", dpi=100)
    plt.close(figure)
    return path


def learning_curve(history, best=None):
    """The figure of the training cost and the validation cost against the
    epoch (iteration), and the best validation check (early stopping's
    parameters) marked at ``best``."""
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 4))
    has = ~np.isnan(history["cost"])
    unit = next(iter(history))
    axes.plot(history[unit][has], history["cost"][has], label="training cost")
    has = ~np.isnan(history["validation_cost"])
    if has.any():
        axes.plot(history[unit][has], history["validation_cost"][has], "o-", label="validation cost")
    if best is not None:
        axes.axvline(best, color="gray", linestyle="--", label=f"best validation cost ({unit} {best})")
    axes.set_xlabel(unit)
    axes.set_ylabel("cost")
    axes.legend()
    return figure
