"""``fastdnn sweep``: a grid or random search over training configurations, on Dask distributed.

The space comes from flags given several values (``--learning-rate 0.03 0.1
0.3``) and from a TOML file's ``[sweep]`` table (``learning_rate = [0.03,
0.1]``; ``search = "random"``, ``runs = 8``; a random search also takes ranges,
``learning_rate = {min = 0.01, max = 1, log = true}``); single values are
shared by every run. Every configuration is checked against the data before
any run starts. The data are read once and sent to every worker.

By default the runs go to an in-process ``LocalCluster`` of one worker thread
per core (each run sets its thread's numba thread count to one, so that they do
not oversubscribe the cores): the compiled loop releases the GIL and numba's TBB
layer is thread-safe, so runs proceed side by side with no worker process to
start (a 16-run sweep of 0.07 s runs spent most of its time starting them);
``--scheduler tcp://host:8786`` or
``DASK_SCHEDULER_ADDRESS`` use a running cluster (``dask scheduler``,
``dask worker``). Runs are selected by their validation scores (never the
test set): a sweep holds out 20 % for validation unless told otherwise.
"""
import contextlib
import gc
import importlib.util
import itertools
import logging
import math
import os
import threading
import time

import numpy as np

from . import UsageError, data as datamod, options, say
from .._checks import positive_int
from .commands import configuration, run_folder
from .problem import Problem
from .training import Run

#: Validation share of a sweep when none is given.
VALIDATION_FRACTION = 0.2
#: Seconds to wait for a given scheduler.
CONNECT_TIMEOUT = 5
#: Dask settings of the in-process cluster. Its workers are threads of this
#: process: each one's memory monitor would read the whole process's memory
#: against its share (and can neither spill a running run nor restart a
#: thread), and its statistical profiler takes the GIL every 10 ms to read every
#: thread's stack. Both only take time from the runs (16 runs of 65 ms: their
#: training time on worker threads, against one after another, was 1.10x with
#: them and 0.94x without in one A/B of 7 sweeps each; 1.05-1.11x without in later runs).
#: Nor do they need a GIL monitor (it polls the GIL every 1 ms, and without
#: gilknocker each server tries to import it), host-wide disk counters, or
#: pages of their own (the scheduler's dashboard shows them): a cluster started
#: in 8 ms instead of 11.
LOCAL_CLUSTER_CONFIG = {"distributed.worker.profile.enabled": False,
                        **{f"distributed.worker.memory.{key}": False
                           for key in ("target", "spill", "pause", "terminate")},
                        "distributed.admin.system-monitor.gil.enabled": False,
                        "distributed.admin.system-monitor.disk": False,
                        "distributed.worker.http.routes": []}
#: Set by Ctrl-C during a sweep: the runs on this process's worker threads stop
#: at their next recorded cost (compiled training hands back about every 0.1 s).
_CANCELLED = threading.Event()


class Cancelled(Exception):
    """A run stopped by Ctrl-C on its sweep."""


def _stop_if_cancelled(epoch, cost):
    if _CANCELLED.is_set():
        raise Cancelled(f"cancelled at {epoch}")


def space(args):
    """``(base, candidates, search, runs)``: the values every run shares, and
    key -> candidate values (a list, or a range for a random search)."""
    candidates = {}
    for key in options.DEFAULTS:  # a flag of several values is a dimension of the space
        given = getattr(args, key, None)
        if isinstance(given, list):
            if len(given) == 1:
                setattr(args, key, given[0])
            else:
                candidates[key] = given
                delattr(args, key)
    base, file_config = configuration(args, sections=("sweep",))
    table = dict(file_config.get("sweep", {}))
    search = args.search or table.pop("search", "grid")
    runs = args.runs if args.runs is not None else table.pop("runs", None)
    table.pop("search", None), table.pop("runs", None)
    unknown = sorted(set(table) - set(options.DEFAULTS))
    if unknown:
        raise UsageError(f"[sweep] in {args.config}: unknown key(s) {unknown}")
    for key, values in table.items():
        if key not in candidates and not hasattr(args, key):  # flags replace the file's candidates
            candidates[key] = values if isinstance(values, (list, dict)) else [values]
    for key, values in candidates.items():
        if isinstance(values, list) and not values:
            raise UsageError(f"[sweep] {key}: needs at least one value, got []")
    if not hasattr(args, "validation_fraction") and "validation_fraction" not in file_config \
            and "validation_fraction" not in candidates:
        base["validation_fraction"] = VALIDATION_FRACTION
    if search not in ("grid", "random"):
        raise UsageError(f"search must be 'grid' or 'random', got {search!r}")
    if search == "grid" and runs is not None:
        raise UsageError("--runs is for a random search (--search random); a grid runs every combination")
    if search == "random":
        runs = positive_int(10 if runs is None else runs, "runs")
    elif any(isinstance(v, dict) for v in candidates.values()):
        raise UsageError("ranges ({min = .., max = ..}) need a random search (search = \"random\")")
    return base, candidates, search, runs


def configurations(base, candidates, search, runs, seed):
    """The configurations of the sweep, in a fixed order."""
    keys = sorted(candidates)
    if search == "grid":
        combos = itertools.product(*(candidates[k] for k in keys)) if keys else [()]
        return [dict(base, **dict(zip(keys, combo))) for combo in combos]
    rng = np.random.default_rng(seed)
    return [dict(base, **{k: _draw(rng, k, candidates[k]) for k in keys}) for _ in range(runs)]


def _draw(rng, key, candidate):
    if isinstance(candidate, list):
        return candidate[int(rng.integers(len(candidate)))]
    low, high, log = candidate.get("min"), candidate.get("max"), candidate.get("log", False)
    bounds_are_numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (low, high))
    if not bounds_are_numbers or not isinstance(log, bool) or set(candidate) - {"min", "max", "log"}:
        raise UsageError(f"[sweep] {key}: a range is {{min = <number>, max = <number>, log = true or false}}, "
                         f"got {candidate!r}")
    if not (math.isfinite(low) and math.isfinite(high) and low < high and (low > 0 or not log)):
        raise UsageError(f"[sweep] {key}: need finite min < max (and min > 0 with log), got {candidate!r}")
    value = math.exp(rng.uniform(math.log(low), math.log(high))) if log else rng.uniform(low, high)
    if key in options.INTEGER_KEYS:
        return int(round(value))
    return value


def run_one(config, sources):
    """One run of a sweep, on a worker: the metrics, the final parameters and
    their model-file metadata. Raises what training raises (the sweep reports it)."""
    import numba
    numba.set_num_threads(1)  # one core per worker
    run = Run(Problem(config, sources))
    began = time.perf_counter()
    run.train(on_record=_stop_if_cancelled)
    metrics, history = run.results()
    return dict(metrics=metrics, parameters=run.final_parameters(), meta=run.model_meta(metrics, history),
                seconds=time.perf_counter() - began)


@contextlib.contextmanager
def _connected(address):
    """A Dask client, of the given scheduler, else of a new in-process cluster
    of worker threads; closed, with its cluster, when the block ends."""
    from distributed import Client

    address = address or os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as error:
            raise UsageError(f"cannot reach the Dask scheduler at {address}: {error}") from None
        with contextlib.closing(client):
            yield client
        return
    with dask_logs_silenced(), contextlib.closing(local_cluster(os.cpu_count() or 1)) as cluster, \
            contextlib.closing(Client(cluster)) as client:
        try:
            yield client
        except BaseException:
            # closing the cluster waits for the runs on its threads: Ctrl-C
            # (wherever it came) stops them at their next recorded cost
            _CANCELLED.set()
            raise


def local_cluster(n_workers):
    """An in-process LocalCluster of ``n_workers`` worker threads with the
    sweep's settings (:data:`LOCAL_CLUSTER_CONFIG`); its logs are left to
    :func:`dask_logs_silenced`."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        # without bokeh there is no dashboard: the scheduler need not try to import it
        return LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=False, dashboard_address=":0",
                            silence_logs=False, scheduler_kwargs={"dashboard": _has_bokeh()})


@contextlib.contextmanager
def dask_logs_silenced():
    """Dask's (and its dashboard's bokeh's) log lines kept off the terminal
    until the block ends: a failed run is its row of the table (the worker's
    error log of it, a traceback, would only repeat it), and closing a cluster
    sometimes logs a harmless "Batched Comm Closed" traceback (in 9 of 120
    sweeps; LocalCluster's own ``silence_logs`` ends before its close does)."""
    handlers = [h for name in ("distributed", "bokeh") for h in logging.getLogger(name).handlers
                if isinstance(h, logging.StreamHandler)]
    levels = [h.level for h in handlers]
    for handler in handlers:
        handler.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for handler, level in zip(handlers, levels):
            handler.setLevel(level)


def sweep(args):
    base, candidates, search, runs = space(args)
    configs = [options.checked(c) for c in configurations(base, candidates, search, runs, base.get("seed", 1))]
    names = {c[k] for c in configs for k in ("data", "test") if c[k] is not None}
    sources = {name: datamod.read(name, configs[0]["layout"]) for name in names}
    for config in configs:
        if not config["validation_fraction"]:
            raise UsageError("a sweep selects runs by their validation scores: validation_fraction must be > 0")
        Problem(config, sources)  # every configuration checked against the data before any run
    varied = sorted(candidates)
    report = (lambda text: None) if args.quiet else say
    with _frozen_heap(), _connected(args.scheduler) as client:
        folder = run_folder(args.out, "sweep")
        futures = _submit(client, configs, sources, report)
        began = time.perf_counter()
        results = _gather(client, futures, configs, varied, report)
        seconds = time.perf_counter() - began
    return _report(configs, varied, results, seconds, folder, report)


@contextlib.contextmanager
def _frozen_heap():
    """The objects alive now (numba's, Dask's, the data) kept out of the
    collector's full passes until the block ends: one took 50 ms of the GIL in
    every 16-run sweep of the default data (runs of 65 ms), stalling both
    worker threads."""
    outermost = gc.get_freeze_count() == 0  # a caller's own freeze is its to undo
    if outermost:
        gc.freeze()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()


def _submit(client, configs, sources, report):
    """One future per configuration (run_one's), in the configurations' order."""
    workers = len(client.scheduler_info().get("workers", {}))
    report(f"fastdnn sweep: {len(configs)} runs on {client.scheduler.address} ({workers} workers); "
           f"dashboard {_dashboard(client)}")
    shared = client.scatter(sources, broadcast=True)
    _CANCELLED.clear()
    return client.map(run_one, configs, sources=shared, pure=False)


def _gather(client, futures, configs, varied, report):
    """Each run's result (or its error), reported as a row as it finishes.
    Ctrl-C drops the runs not started; those on this process's threads stop
    at their next recorded cost, a remote cluster's running tasks end on their own."""
    from distributed import as_completed

    results = [None] * len(configs)
    index = {future: i for i, future in enumerate(futures)}
    try:
        for done, future in enumerate(as_completed(futures), start=1):
            i = index[future]
            if future.status == "error":
                error = future.exception()
                results[i] = dict(error=f"{type(error).__name__}: "
                                        f"{str(error).splitlines()[0] if str(error) else ''}")
            else:
                results[i] = future.result()
            # its result freed on the worker; the last is released by closing the
            # client, without a message (the client batches its messages for 10 ms,
            # so a message just before the close delays the close that long)
            if done < len(futures):
                future.release()
            report(f"[{done}/{len(configs)}] {row(configs[i], varied, results[i])}")
    except KeyboardInterrupt:
        client.cancel(futures)
        raise
    return results


def _report(configs, varied, results, seconds, folder, report):
    """The table sorted by validation score, results.csv and the best model; the exit status."""
    order = sorted(range(len(configs)), key=lambda i: rank(results[i]))
    table = [f"{'rank':<5}{describe_varied(None, varied):<40} {'val acc':>9} {'val cost':>10} {'train acc':>10}"
             f" {'seconds':>9}"]
    for place, i in enumerate(order, start=1):
        table.append(f"{place:<5}{row(configs[i], varied, results[i])}")
    say("\n".join(table))
    finished = [i for i in order if "error" not in results[i]]
    from .._product.modelfile import save_model
    from .files import write_text
    write_text(os.path.join(folder, "results.csv"), results_csv(configs, varied, results, order))
    if finished:
        best = results[finished[0]]
        path = save_model(os.path.join(folder, "best_model.h5"), best["parameters"], **best["meta"])
        report(f"best: {describe_varied(configs[finished[0]], varied)}; saved {path}")
    report(f"{len(finished)} of {len(configs)} runs finished in {seconds:.2f} s; "
           f"wrote {os.path.join(folder, 'results.csv')}")
    return 0 if finished else 1


def rank(result):
    """Sort key: validation accuracy (high first), then validation cost; failures last."""
    if "error" in result:
        return (1, 0.0, 0.0)
    validation = result["metrics"]["validation"]
    return (0, -validation["accuracy"], validation["cost"])


def describe_varied(config, varied):
    if config is None:
        return " ".join(varied) or "configuration"
    return " ".join(_value(config[k]) for k in varied) or "default"


def _value(value):
    return ",".join(map(str, value)) if isinstance(value, list) else f"{value:g}" if isinstance(value, float) else str(value)


def row(config, varied, result):
    name = f"{describe_varied(config, varied):<40}"
    if "error" in result:
        return f"{name} failed: {result['error']}"
    m = result["metrics"]
    # one space between columns: a cost of hundreds fills its width
    return (f"{name} {m['validation']['accuracy']:>9.4f} {m['validation']['cost']:>10.6f}"
            f" {m['train']['accuracy']:>10.4f} {result['seconds']:>9.2f}")


def results_csv(configs, varied, results, order):
    lines = [",".join(["rank", *varied, "validation_accuracy", "validation_cost", "train_accuracy",
                       "train_cost", "seconds", "error"])]
    for place, i in enumerate(order, start=1):
        values = [f'"{_value(configs[i][k])}"' for k in varied]
        result = results[i]
        if "error" in result:
            lines.append(",".join([str(place), *values, "", "", "", "", "", '"' + result["error"].replace('"', "'") + '"']))
        else:
            m = result["metrics"]
            lines.append(",".join([str(place), *values, repr(m["validation"]["accuracy"]), repr(m["validation"]["cost"]),
                                   repr(m["train"]["accuracy"]), repr(m["train"]["cost"]),
                                   f"{result['seconds']:.3f}", ""]))
    return "\n".join(lines) + "\n"


def _has_bokeh():
    """Whether Dask can serve its dashboard (it needs bokeh)."""
    return importlib.util.find_spec("bokeh") is not None


def _dashboard(client):
    return client.dashboard_link if _has_bokeh() else "unavailable (pip install bokeh)"
