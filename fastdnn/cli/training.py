"""One training run of the command line: the problem (data, splits, network), the
segments of training between checkpoints, early stopping on the validation
split, and the run directory.

Training advances in segments of ``checkpoint_every`` epochs (full-batch
iterations), each one call of :func:`_train_run` (``fastdnn.fit`` continued from
the parameters and the optimiser's state); after each the validation split is
scored and a checkpoint written, with the optimiser's state and the epoch. The
segments fall at the same epochs whether or not a run is interrupted, and every
epoch's randomness (batch order, dropout masks, Adam's step count) is a function
of the seed and the epoch, so ``--resume`` gives the parameters of an
uninterrupted run bit for bit, on the engine's Gram path as well (which forms
``W1`` at the end of each call, from the state it carries inside it).
"""
import contextlib
import csv
import io
import json
import os
import signal
import threading
import time

import numpy as np

from .. import engine, training
from .._checks import class_names_value, memory_budget, mini_batch_size_value, output_kind, training_labels
from ..config import cached as kernels_cached
from ..engine import TrainingDiverged
from ..modelfile import atomic_path, load_model, save_model
from ..network import L_model_forward, parameter_dict
from ..softmax import stable_softmax
from ..training import accuracy, data_cost, fit
from . import data as datamod, options

CHECKPOINT, BEST, MODEL = "checkpoint.h5", "best.h5", "model.h5"
#: The held-out splits are drawn with this seed whatever the run's ``seed``
#: (which seeds the initialisation): every run of a sweep is scored on the same examples.
SPLIT_SEED = 0


class Interrupted(Exception):
    """Ctrl-C while training; the checkpoint it left is in the message."""


class Problem:
    """A checked configuration and its data, split and divided, ready to train.

    Attributes
    ----------
    config : dict
        Every key filled (the data set's defaults included), ``output`` resolved.
    train, validation, test : data.Examples or None
        Features already divided by ``divisor``.
    source : data.Source
    dims : list of int
    method : str
        The first layer's path, "direct" or "gram" (resolved from the config's).
    class_names : list of str or None
        The data's class names when they fit the output layer.
    note : str or None
        Why the data's class names were dropped.
    """

    def __init__(self, config, sources=None):
        def read(name):
            """A data argument, from ``sources`` (already read) when it is there."""
            if sources is not None and name in sources:
                return sources[name]
            return datamod.read(name, config["layout"])

        source = read(config["data"])
        examples = source.part("train")
        if examples.y is None:
            raise datamod.DataError(f"{source.name}: no labels to train on")
        config = options.data_defaults(config, examples.x.shape[0], _classes_in(examples.y))
        train, validation, test = datamod.split(examples, (config["validation_fraction"], config["test_fraction"]),
                                                SPLIT_SEED)
        if config["test"] is not None:
            other = read(config["test"])
            test = other.parts.get("test") or other.part("train")
        elif not config["test_fraction"]:
            test = source.parts.get("test")
        dims = config["layers"]
        if dims[0] != train.x.shape[0]:
            raise ValueError(f"layers {','.join(map(str, dims))} take {dims[0]} features, but the data has "
                             f"{train.x.shape[0]} per example")
        config["output"] = output_kind(config["output"], dims[-1])
        try:  # the model file keeps them when they fit the output layer; a mismatch is a note, not a failure
            self.class_names, self.note = class_names_value(source.class_names, config["output"], dims[-1]), None
        except (TypeError, ValueError) as error:
            self.class_names, self.note = None, f"{source.name}: its {error}; the model file keeps no class names"
        mini_batch_size_value(config["mini_batch_size"], train.m)
        plain = training.plain_gradient_descent(config["optimizer"], config["mini_batch_size"], train.m,
                                                config["lambd"], config["keep_prob"], config["decay"])
        self.method = training.resolved_method(config["method"], plain, dims[0], dims[1], train.m,
                                               min(config["checkpoint_every"], options.epochs(config)))
        dtype = np.dtype(config["dtype"])
        memory_budget(memory_needed(dims, train.m, dtype.itemsize), f"layers {','.join(map(str, dims))} "
                      f"on {train.m} examples")
        parts = []
        for name, part in (("training", train), ("validation", validation), ("test", test)):
            if part is not None:
                parts.append(labelled(part, name, source.input_divisor, dims, config["output"]))
            else:
                parts.append(None)
        self.config, self.source, self.dims = config, source, dims
        self.train, self.validation, self.test = parts

    def initial_parameters(self):
        """The config's initialisation, drawn as ``fastdnn.fit`` draws it from the seed (by default the
        application's ``randn / sqrt(n_prev)``: seed 1 gives :func:`fastdnn.initialize_parameters_deep_app`'s)."""
        seed = self.config["seed"]
        return parameter_dict(*training.initial_parameters(self.dims, self.config["initialization"],
                                                           training.random_streams(seed)[0], seed))


def labelled(part, name, divisor, dims, output):
    """``part`` with its features divided by ``divisor`` and its labels checked against the network."""
    if part.x.shape[0] != dims[0]:
        raise ValueError(f"the {name} data has {part.x.shape[0]} features per example, the layers take {dims[0]}")
    if part.y is None:
        raise datamod.DataError(f"the {name} data has no labels")
    y = training_labels(part.y, output, dims[-1], part.m, f"labels of the {name} data", binary=True)
    return datamod.Examples(part.x / divisor, y.astype(np.float64))


def _classes_in(y):
    """Output units the labels call for: 1 for 0/1 labels, K for classes 0..K-1."""
    values = np.unique(y)
    if np.isin(values, (0, 1)).all():
        return 1
    return int(values.max()) + 1 if (values >= 0).all() and (values == np.round(values)).all() else 1


def memory_needed(dims, m, itemsize):
    """Bytes a run needs, about: parameters (initial draw, packed, gradients, copies),
    every layer's activations and two scratch buffers of the widest, and X twice
    (the training loop's aligned copy of it, or of its transpose)."""
    parameters = sum(n * k + n for k, n in zip(dims[:-1], dims[1:]))
    activations = m * (sum(dims[1:]) + 2 * max(dims[1:]))
    return itemsize * (4 * parameters + activations + 2 * dims[0] * m) + 8 * parameters


def _train_run(config, data, parameters, optimizer_state, start, stop, callback):
    """THE one place the command line trains: epochs ``start .. stop-1`` on ``data`` by
    :func:`fastdnn.fit`, continued from ``parameters`` and ``optimizer_state``.

    Parameters
    ----------
    config : dict
        Checked configuration; ``method`` resolved to "direct" or "gram".
    data : data.Examples
        Divided features (n_x, m) and labels (1, m).
    parameters : dict
        ``W1, b1, ..., WL, bL`` after ``start`` epochs; not modified.
    optimizer_state : ndarray or None
        The optimiser's state after ``start`` epochs (None: zeros, at the start).
    start, stop : int
    callback : callable
        ``callback(epoch, cost)`` at every epoch that is a multiple of ``record_every``.

    Returns
    -------
    parameters : dict
        In the training dtype.
    optimizer_state : ndarray
    """
    every = config["record_every"]

    def record(epoch, entry):
        if epoch % every == 0:  # fit also records the segment's last epoch
            callback(epoch, entry["cost"])

    trained, history = fit(data.x, data.y, config["layers"], num_epochs=stop, record_every=every,
                           dtype=np.dtype(config["dtype"]), callback=record, parameters=parameters,
                           start_epoch=start, optimizer_state=optimizer_state,
                           **{key: config[key] for key in options.FIT_KEYS})
    return trained, history["optimizer_state"]


def scores(examples, parameters, hidden, output):
    """``{"cost", "accuracy"}`` of a network on labelled, divided examples (from its logits)."""
    _, caches = L_model_forward(examples.x, parameters, hidden=hidden)
    logits, softmax_output = caches[-1][1], output == "softmax"
    return dict(cost=data_cost(logits, examples.y, softmax_output), accuracy=accuracy(logits, examples.y, softmax_output))


def forward(x, parameters, hidden, output):
    """``(probabilities, logits)``, each (n_L, m): sigmoid or softmax of the logits."""
    probabilities, caches = L_model_forward(x, parameters, hidden=hidden)
    logits = caches[-1][1]
    return (stable_softmax(logits) if output == "softmax" else probabilities), logits


class Run:
    """A run's state between segments and its directory.

    ``state`` (JSON, saved in every checkpoint): the epoch reached, the
    resolved first-layer method, the data's fingerprint, training seconds, the
    recorded costs, the validation scores at each checkpoint, the best of them
    and the checks since it (early stopping); the optimiser's state (an array)
    goes beside it in the checkpoint. ``unit`` names an epoch ("iteration" in
    full-batch runs) in messages, metrics and the history's first column.
    """

    def __init__(self, problem, folder=None, parameters=None, state=None, best_parameters=None,
                 optimizer_state=None):
        self.problem, self.folder = problem, folder
        self.unit = options.unit(problem.config)
        if state is None:
            # the data's hash is for --resume to compare: runs without a folder (a sweep's) skip it
            fingerprint = datamod.fingerprint(problem.train) if folder is not None else None
            state = dict(epoch=0, method=problem.method, data=fingerprint, seconds=0.0,
                         history=dict(epoch=[], cost=[]), validation=dict(epoch=[], cost=[], accuracy=[]),
                         best=None, since_best=0, stopped_early=False)
        elif state["data"] != datamod.fingerprint(problem.train):
            raise ValueError(f"the data of {folder!r} changed since its checkpoint; resume needs the same data")
        self.state = state
        self.parameters = parameters if parameters is not None else problem.initial_parameters()
        self.best_parameters = best_parameters
        self.optimizer_state = optimizer_state
        self.trained_here = 0  # epochs run by this process (its speed)
        self.compile_seconds = 0.0  # of the compiled code this process loaded or compiled for it

    @classmethod
    def resume(cls, folder):
        path = os.path.join(folder, CHECKPOINT)
        if not os.path.isfile(path):
            done = os.path.isfile(os.path.join(folder, MODEL))
            raise FileNotFoundError(f"no checkpoint in {folder!r}" + (
                f" (the run finished: its model is {os.path.join(folder, MODEL)})" if done else ""))
        parameters, meta = load_model(path)
        if meta["state"] is None or meta["config"] is None:
            raise ValueError(f"{path!r} is a model file, not a checkpoint")
        problem = Problem(options.checked(meta["config"]))
        best = load_model(os.path.join(folder, BEST))[0] if meta["state"]["best"] is not None and \
            problem.config["patience"] is not None else None
        return cls(problem, folder, parameters, meta["state"], best, meta["optimizer_state"])

    @property
    def config(self):
        return dict(self.problem.config, method=self.state["method"])

    def train(self, on_record=None):
        """Run the remaining segments; ``on_record(epoch, cost)`` as costs arrive.

        Raises
        ------
        Interrupted
            On Ctrl-C, after writing the checkpoint of the last finished segment.
        TrainingDiverged
        """
        config, state = self.config, self.state
        total, every = options.epochs(config), config["checkpoint_every"]
        if state["epoch"] == 0 and not state["validation"]["epoch"]:
            self._validate()
        with _DeferredInterrupts() as interrupts:
            if state["epoch"] < total and not state["stopped_early"] and self.folder is not None:
                try:  # a sweep's runs report no speed: they skip it
                    with interrupts.immediate():
                        self.compile_seconds = self._compile(state["epoch"])
                except KeyboardInterrupt:
                    self._interrupted(state["epoch"])
            while state["epoch"] < total and not state["stopped_early"]:
                start = state["epoch"]
                stop = min(total, (start // every + 1) * every)
                records = []

                def record(epoch, cost):
                    records.append((epoch, cost))
                    if on_record is not None:
                        on_record(epoch, cost)

                began = time.perf_counter()
                try:
                    with interrupts.immediate():
                        parameters, optimizer_state = _train_run(config, self.problem.train, self.parameters,
                                                                 self.optimizer_state, start, stop, record)
                except KeyboardInterrupt:
                    state["seconds"] += time.perf_counter() - began
                    self._interrupted(records[-1][0] if records else start)
                state["seconds"] += time.perf_counter() - began
                self.trained_here += stop - start
                self.parameters, self.optimizer_state = parameters, optimizer_state
                for epoch, cost in records:
                    state["history"]["epoch"].append(epoch)
                    state["history"]["cost"].append(cost)
                state["epoch"] = stop
                self._validate()
                if stop < total and not state["stopped_early"]:
                    self.checkpoint()
                if interrupts.requested:  # Ctrl-C while the segment's results were being kept
                    self._interrupted(stop)

    def will_compile(self):
        """Whether :meth:`train` starts by compiling the training loop: epochs
        remain and numba's cache holds no current build of it for the run's
        dtype (a first run, a new fastdnn or numba, or no cache)."""
        state = self.state
        return (state["epoch"] < options.epochs(self.config) and not state["stopped_early"]
                and not kernels_cached(engine.run_batches, np.dtype(self.config["dtype"])))

    def _compile(self, start):
        """Seconds to compile the training code of this configuration, or load it
        from numba's cache: one epoch on two mini-batches' examples (two examples
        in full batch), thrown away, so that the segments' time (and the speed
        reported) is training alone (a first run compiles for about 15 s)."""
        train, batch = self.problem.train, self.config["mini_batch_size"]
        few = min(train.m, 2 * batch if batch else 2)
        began = time.perf_counter()
        try:
            _train_run(dict(self.config, mini_batch_size=batch and min(batch, few)),
                       datamod.Examples(train.x[:, :few], train.y[:, :few]), self.parameters, self.optimizer_state,
                       start, start + 1, lambda epoch, cost: None)
        except TrainingDiverged:
            pass  # a few examples at a high rate: compiled all the same
        return time.perf_counter() - began

    def _interrupted(self, epoch):
        path = self.checkpoint()
        raise Interrupted(f"interrupted at {self.unit} {epoch}; checkpoint of {self.unit} "
                          f"{self.state['epoch']} in {path}; continue with: "
                          f"fastdnn train --resume {self.folder}")

    def _validate(self):
        """Score the validation split at a segment boundary; early stopping on its cost."""
        state, problem = self.state, self.problem
        if problem.validation is None:
            return
        result = scores(problem.validation, self.parameters, self.config["hidden"], self.config["output"])
        for key in ("cost", "accuracy"):
            state["validation"][key].append(result[key])
        state["validation"]["epoch"].append(state["epoch"])
        if problem.config["patience"] is None:
            return
        if state["best"] is None or result["cost"] < state["best"]["cost"]:
            state["best"] = dict(result, epoch=state["epoch"])
            state["since_best"] = 0
            self.best_parameters = self.parameters
            if self.folder is not None:
                self._save(os.path.join(self.folder, BEST), self.parameters)
        else:
            state["since_best"] += 1
            state["stopped_early"] = state["since_best"] >= problem.config["patience"]

    def checkpoint(self):
        """Write the checkpoint (nothing without a run directory, as in a sweep's runs)."""
        if self.folder is not None:
            return self._save(os.path.join(self.folder, CHECKPOINT), self.parameters,
                              optimizer_state=self.optimizer_state)
        return None

    def _save(self, path, parameters, metrics=None, history=None, optimizer_state=None):
        return save_model(path, parameters, optimizer_state=optimizer_state, **self.model_meta(metrics, history))

    def model_meta(self, metrics=None, history=None):
        """The keywords of :func:`fastdnn.save_model` for this run."""
        source = self.problem.source
        return dict(hidden=self.config["hidden"], output=self.config["output"], input_divisor=source.input_divisor,
                    input_shape=source.input_shape, class_names=self.problem.class_names, config=self.problem.config,
                    history=self.history() if history is None else history, metrics=metrics, state=self.state)

    def final_parameters(self):
        """The best parameters on the validation split when stopping early, else the last ones."""
        if self.problem.config["patience"] is not None and self.best_parameters is not None:
            return self.best_parameters
        return self.parameters

    def metrics(self):
        """Scores of the final parameters on every split, time and speed."""
        parameters, config = self.final_parameters(), self.config
        out = {}
        for name in ("train", "validation", "test"):
            part = getattr(self.problem, name)
            if part is not None:
                out[name] = dict(scores(part, parameters, config["hidden"], config["output"]), examples=part.m)
        state = self.state
        unit = self.unit
        out.update({f"{unit}s": state["epoch"], "seconds": state["seconds"], "method": state["method"],
                    "stopped_early": state["stopped_early"],
                    f"best_{unit}": state["best"]["epoch"] if state["best"] else None})
        return out

    def history(self):
        """Recorded costs and validation scores merged by epoch (NaN where not measured); the
        first key is the unit ("iteration" or "epoch")."""
        costs = dict(zip(self.state["history"]["epoch"], self.state["history"]["cost"]))
        validation = self.state["validation"]
        checks = {i: (c, a) for i, c, a in zip(validation["epoch"], validation["cost"], validation["accuracy"])}
        rows = sorted(set(costs) | set(checks))
        nan = float("nan")
        return {self.unit: np.array(rows, np.int64), "cost": np.array([costs.get(i, nan) for i in rows]),
                "validation_cost": np.array([checks.get(i, (nan, nan))[0] for i in rows]),
                "validation_accuracy": np.array([checks.get(i, (nan, nan))[1] for i in rows])}

    def results(self):
        """``(metrics, history)``: the final scores, and the history ending with the
        cost of the last parameters."""
        metrics = self.metrics()
        last = self.parameters
        final_cost = metrics["train"]["cost"] if last is self.final_parameters() else \
            scores(self.problem.train, last, self.config["hidden"], self.config["output"])["cost"]
        return metrics, with_final_cost(self.history(), self.state["epoch"], final_cost)

    def finish(self, save=None):
        """Write model.h5 (and ``save``), history.csv, metrics.json, learning_curve.png;
        remove the checkpoints. Returns ``(metrics, written paths, notes (lines) or None)``."""
        metrics, history = self.results()
        written = [self._save(os.path.join(self.folder, MODEL), self.final_parameters(), metrics, history)]
        if save is not None:
            written.append(self._save(save, self.final_parameters(), metrics, history))
        written.append(write_text(os.path.join(self.folder, "history.csv"), history_csv(history)))
        written.append(write_text(os.path.join(self.folder, "metrics.json"), json.dumps(metrics, indent=2) + "\n"))
        notes = [self.problem.note]
        try:
            written.append(plot_learning_curve(os.path.join(self.folder, "learning_curve.png"), history))
        except ImportError:
            notes.append("matplotlib is not installed: learning_curve.png skipped (pip install 'fastdnn[plot]')")
        for name in (CHECKPOINT, BEST):
            if os.path.exists(os.path.join(self.folder, name)):
                os.remove(os.path.join(self.folder, name))
        return metrics, written, "\n".join(note for note in notes if note) or None


class _DeferredInterrupts:
    """Ctrl-C between segments waits until the segment's results are kept and its
    checkpoint written; inside :meth:`immediate` (a segment of training) it stops
    at once (the engine hands back to Python about every 0.1 s). Signals are
    Python's main thread's business: elsewhere (a Dask worker) nothing changes."""

    def __init__(self):
        self.requested, self._immediate, self._previous = False, False, None

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc):
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _handle(self, signum, frame):
        self.requested = True
        if self._immediate:
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def immediate(self):
        self._immediate = True
        try:
            if self.requested:
                raise KeyboardInterrupt
            yield
        finally:
            self._immediate = False


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


def plot_learning_curve(path, history):
    """The training cost (and validation cost) against the epoch (iteration); needs matplotlib."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 4))
    has = ~np.isnan(history["cost"])
    unit = next(iter(history))
    axes.plot(history[unit][has], history["cost"][has], label="training cost")
    has = ~np.isnan(history["validation_cost"])
    if has.any():
        axes.plot(history[unit][has], history["validation_cost"][has], "o-", label="validation cost")
    axes.set_xlabel(unit)
    axes.set_ylabel("cost")
    axes.legend()
    with atomic_path(path) as temporary:
        figure.savefig(temporary, format="png", dpi=100)
    plt.close(figure)
    return path
