"""One training run of the command line: one ``fastdnn.fit`` from the epoch
reached to the end, whose checkpoint hook, every ``checkpoint_every`` epochs
(full-batch iterations), keeps the interval's results, scores the validation
split (early stopping: fit's own :class:`EarlyStopping` rule) and writes a
checkpoint with the optimiser's state and the epoch; Ctrl-C, and the run directory.

The checkpoints fall at the same epochs whether or not a run is interrupted,
and every epoch's randomness (batch order, dropout masks, Adam's step count) is
a function of the seed and the epoch, so ``--resume`` gives the parameters of
an uninterrupted run bit for bit, on the engine's Gram path as well (which
forms ``W1`` and restarts its bookkeeping from it at each checkpoint, as a
continued run starts).
"""
import contextlib
import json
import os
import re
import signal
import threading
import time

import numpy as np

from .._core.engine import TrainingDiverged
from .._product.modelfile import load_model, save_model
from .._product.training import fit
from . import data as datamod, options
from .files import history_csv, plot_learning_curve, with_final_cost, write_text
from .problem import Problem, scores

CHECKPOINT, BEST, MODEL = "checkpoint.h5", "best.h5", "model.h5"
#: The temporary files of atomic writes (modelfile.atomic_path) in a run directory: ``.NAME.<16 hex>.tmp``.
_TEMPORARY = re.compile(r"\..+\.[0-9a-f]{16}\.tmp")
class Interrupted(Exception):
    """Ctrl-C while training; the checkpoint it left is in the message."""


def _train_run(config, data, parameters, optimizer_state, start, stop, callback, on_checkpoint=None,
               on_compile=None):
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
    on_checkpoint : callable, optional
        ``on_checkpoint(epoch, parameters, optimizer_state)`` after every
        ``checkpoint_every`` epochs (fit's hook); a true result stops there.
    on_compile : callable, optional
        fit's hook: called before the training loop compiles.

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
                           checkpoint_every=config["checkpoint_every"], on_checkpoint=on_checkpoint,
                           on_compile=on_compile,
                           **{key: config[key] for key in options.FIT_KEYS})
    return trained, history["optimizer_state"]


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
        self.trained_here = 0  # epochs run by this process, and its training seconds (its speed)
        self.seconds_here = 0.0
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
        _remove_temporaries(folder)  # left by a run killed while it wrote
        return cls(problem, folder, parameters, meta["state"], best, meta["optimizer_state"])

    @property
    def config(self):
        return dict(self.problem.config, method=self.state["method"])

    def train(self, on_record=None, on_compile=None):
        """Run the remaining segments; ``on_record(epoch, cost)`` as costs
        arrive, ``on_compile()`` before the training loop compiles (fit's hook).

        Raises
        ------
        Interrupted
            On Ctrl-C, after writing the checkpoint of the last finished segment.
        TrainingDiverged
        """
        config, state = self.config, self.state
        total = options.epochs(config)
        if state["epoch"] == 0 and not state["validation"]["epoch"]:
            self._validate()
        with _DeferredInterrupts() as interrupts:
            if state["epoch"] < total and not state["stopped_early"] and self.folder is not None:
                try:  # a sweep's runs report no speed: they skip it
                    with interrupts.immediate():
                        self.compile_seconds = self._compile(state["epoch"], on_compile)
                except KeyboardInterrupt:
                    self._interrupted(state["epoch"])
            if state["epoch"] < total and not state["stopped_early"]:
                self._train_remaining(interrupts, total, on_record, on_compile)

    def _train_remaining(self, interrupts, total, on_record, on_compile):
        """Epochs state["epoch"] .. total-1 in one ``fit``, whose checkpoint hook
        keeps each checkpoint interval's results, scores the validation split
        (early stopping) and writes the checkpoint."""
        state, records = self.state, []
        began = [time.perf_counter()]

        def record(epoch, cost):
            records.append((epoch, cost))
            if on_record is not None:
                on_record(epoch, cost)

        def keep(epoch, parameters, optimizer_state):
            with interrupts.deferred():  # a Ctrl-C now waits until the checkpoint is written
                return keep_interval(epoch, parameters, optimizer_state) or interrupts.requested

        def keep_interval(epoch, parameters, optimizer_state):
            now = time.perf_counter()
            state["seconds"] += now - began[0]
            self.seconds_here += now - began[0]
            self.trained_here += epoch - state["epoch"]
            self.parameters, self.optimizer_state = parameters, optimizer_state
            for done, cost in records:
                state["history"]["epoch"].append(done)
                state["history"]["cost"].append(cost)
            records.clear()
            state["epoch"] = epoch
            self._validate()
            if epoch < total and not state["stopped_early"]:
                self.checkpoint()
            began[0] = time.perf_counter()  # the checks and the checkpoint are not training time
            return state["stopped_early"]

        try:
            with interrupts.immediate():
                parameters, optimizer_state = _train_run(self.config, self.problem.train, self.parameters,
                                                         self.optimizer_state, state["epoch"], total, record,
                                                         on_checkpoint=keep, on_compile=on_compile)
        except KeyboardInterrupt:
            state["seconds"] += time.perf_counter() - began[0]
            self._interrupted(records[-1][0] if records else state["epoch"])
        if interrupts.requested:  # Ctrl-C while a checkpoint's results were being kept
            self._interrupted(state["epoch"])
        if not state["stopped_early"]:  # the last interval, which ends no checkpoint
            keep_interval(total, parameters, optimizer_state)

    def _compile(self, start, on_compile):
        """Seconds to compile the training code of this configuration, or load it
        from numba's cache: one epoch on two mini-batches' examples (two examples
        in full batch), thrown away, so that the training time (and the speed
        reported) is training alone; ``on_compile`` is fit's hook."""
        train, batch = self.problem.train, self.config["mini_batch_size"]
        few = min(train.m, 2 * batch if batch else 2)
        began = time.perf_counter()
        try:
            _train_run(dict(self.config, mini_batch_size=batch and min(batch, few)),
                       datamod.Examples(train.x[:, :few], train.y[:, :few]), self.parameters, self.optimizer_state,
                       start, start + 1, lambda epoch, cost: None, on_compile=on_compile)
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
            written.append(plot_learning_curve(os.path.join(self.folder, "learning_curve.png"), history,
                                               metrics[f"best_{self.unit}"]))
        except ImportError:
            notes.append("matplotlib is not installed: learning_curve.png skipped (pip install 'fastdnn[plot]')")
        for name in (CHECKPOINT, BEST):
            if os.path.exists(os.path.join(self.folder, name)):
                os.remove(os.path.join(self.folder, name))
        _remove_temporaries(self.folder)
        return metrics, written, "\n".join(note for note in notes if note) or None


def _remove_temporaries(folder):
    """Remove what killed writes left in a run directory (its own temporary files only)."""
    for name in os.listdir(folder):
        if _TEMPORARY.fullmatch(name):
            try:
                os.remove(os.path.join(folder, name))
            except FileNotFoundError:
                pass


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
    def deferred(self):
        """Inside :meth:`immediate`, a stretch where Ctrl-C only sets :attr:`requested`."""
        immediate, self._immediate = self._immediate, False
        try:
            yield
        finally:
            self._immediate = immediate

    @contextlib.contextmanager
    def immediate(self):
        self._immediate = True
        try:
            if self.requested:
                raise KeyboardInterrupt
            yield
        finally:
            self._immediate = False


