"""``fastdnn sweep`` on Dask against the same runs one after another (issue 14).

The sweep: 16 runs over the embedded default data (planar, [2, 16, 8, 1] and
[2, 8, 1], 4 learning rates, 2 seeds; 10000 iterations each, 20 % validation),
target <= 0.6x the sequential time on a 2-core machine. Two sequential
references, measured in the same run:

``in-process``  the 16 runs in this one process, one after another, through the
                sweep's own worker function (compiled code already loaded);
``commands``    16 ``fastdnn train`` commands one after another, as a shell loop.

The sweep's time includes starting its LocalCluster (one worker thread per
core, in the sweep's process: the default) and ending it; both are timed warm,
the sequence after loading the compiled code, the sweep after importing
``distributed`` (once per process, about 0.3 s, printed apart). Three more
measurements for comparison: the same sweep on one worker thread (the runs one
after another through Dask), the same 16 runs on two plain threads of this
process, without Dask (what two cores give these runs here: Dask's cost is the
sweep's time beyond it), and the same sweep on a LocalCluster of one worker
process per core (the former default), started and ended within the time
measured, given by ``--scheduler``. ``track_*`` values are time / reference
time: lower is better. This VM's speed drifts within seconds (the same 16 runs
one after another: 0.72 to 1.10 s in one minute), so the in-process ratios are
medians of ROUNDS measurements, each divided by the mean of the sequences
measured just before and just after it.
``python -m benchmarks.bench_sweep`` prints every measurement.
"""
import contextlib
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from fastdnn.cli import main, options
from fastdnn.cli.sweep import dask_logs_silenced, local_cluster, run_one

LEARNING_RATES = ["0.05", "0.1", "0.3", "1.0"]
LAYERS = ["2,16,8,1", "2,8,1"]
SEEDS = ["1", "2"]
#: Iterations per run: the default run's (planar: 10000), or ``python -m benchmarks.bench_sweep N``.
ITERATIONS = int(sys.argv[1]) if __name__ == "__main__" and len(sys.argv) > 1 else 10000
FLAGS = ["--validation-fraction", "0.2", "--quiet", "--iterations", str(ITERATIONS)]
#: Measurements of each in-process ratio, each between two sequences.
ROUNDS = 7


def configs():
    out = []
    for layers in LAYERS:
        for rate in LEARNING_RATES:
            for seed in SEEDS:
                config = dict(options.DEFAULTS, layers=[int(n) for n in layers.split(",")],
                              learning_rate=float(rate), seed=int(seed), validation_fraction=0.2,
                              num_iterations=ITERATIONS)
                out.append(options.checked(config))
    return out


def sequential_in_process():
    run_one(configs()[0], None)  # load the compiled code first, as a warm worker has it
    start = time.perf_counter()
    for config in configs():
        run_one(config, None)
    return time.perf_counter() - start


def sequential_commands():
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for layers in LAYERS:
            for rate in LEARNING_RATES:
                for seed in SEEDS:
                    subprocess.run([sys.executable, "-m", "fastdnn.cli", "train", "--layers", layers,
                                    "--learning-rate", rate, "--seed", seed, *FLAGS], cwd=folder, check=True,
                                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def import_dask():
    """Seconds to import ``distributed`` (0 when it already is)."""
    start = time.perf_counter()
    import distributed  # noqa: F401
    return time.perf_counter() - start


def sweep(scheduler=()):
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        status = main(["sweep", "--layers", *LAYERS, "--learning-rate", *LEARNING_RATES, "--seed", *SEEDS,
                       *FLAGS, *scheduler, "--out", os.path.join(folder, "sweep")])
    assert status == 0
    return time.perf_counter() - start


def on_two_threads():
    """Seconds of the 16 runs on two plain threads, each taking the next run when it is free."""
    runs = queue.SimpleQueue()
    for config in configs():
        runs.put(config)

    def work():
        while True:
            try:
                config = runs.get_nowait()
            except queue.Empty:
                return
            run_one(config, None)

    start = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


def bracketed(measure, rounds=ROUNDS):
    """``(reference seconds, measured seconds, ratio)`` of ``rounds`` calls of
    ``measure``, each divided by the mean of the in-process sequences run just
    before and just after it."""
    out, before = [], sequential_in_process()
    for _ in range(rounds):
        seconds = measure()
        after = sequential_in_process()
        reference = (before + after) / 2
        out.append((reference, seconds, seconds / reference))
        before = after
    return out


def sweep_on_worker_processes():
    """The sweep on a LocalCluster of one single-threaded worker process per core
    (numba and BLAS one thread each), its start and end included."""
    import logging

    import dask
    from distributed import LocalCluster

    start = time.perf_counter()
    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ"), NUMBA_NUM_THREADS=1)
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
        cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
    try:
        sweep(["--scheduler", cluster.scheduler_address])
    finally:
        cluster.close()
    return time.perf_counter() - start


def sweep_on_one_worker_thread():
    """The sweep on an in-process cluster of one worker thread, with the
    sweep's own settings (so the same runs one after another, through Dask),
    its start and end included."""
    start = time.perf_counter()
    with dask_logs_silenced(), contextlib.closing(local_cluster(1)) as cluster:
        sweep(["--scheduler", cluster.scheduler_address])
    return time.perf_counter() - start


def over_one_worker(rounds=ROUNDS):
    """``(one-worker seconds, sweep seconds, ratio)`` of ``rounds`` alternated pairs."""
    out = []
    for _ in range(rounds):
        one = sweep_on_one_worker_thread()
        both = sweep()
        out.append((one, both, both / one))
    return out


class Sweep16:
    timeout = 600
    number = 1
    repeat = 1

    def setup(self):
        self.in_process = sequential_in_process()
        import_dask()

    def track_sweep_over_in_process_sequence(self):
        return statistics.median(ratio for _, _, ratio in bracketed(sweep))

    def track_two_threads_over_in_process_sequence(self):
        return statistics.median(ratio for _, _, ratio in bracketed(on_two_threads))

    def track_sweep_over_one_worker_sweep(self):
        return statistics.median(ratio for _, _, ratio in over_one_worker())

    def track_sweep_over_command_sequence(self):
        return sweep() / sequential_commands()

    def track_process_cluster_sweep_over_in_process_sequence(self):
        return sweep_on_worker_processes() / self.in_process


def main_():
    print(f"cores: {os.cpu_count()}, {ITERATIONS} iterations per run, load average before: {os.getloadavg()[0]:.2f}")
    in_process = sequential_in_process()
    print(f"16 runs one after another, in one process: {in_process:.2f} s", flush=True)
    commands = sequential_commands()
    print(f"16 `fastdnn train` commands one after another: {commands:.2f} s", flush=True)
    print(f"importing distributed: {import_dask():.2f} s", flush=True)
    sys.stdout = open(os.devnull, "w")  # the sweeps' own tables
    swept = bracketed(sweep)
    threaded = bracketed(on_two_threads)
    once_more = sweep()
    one_worker = over_one_worker()
    on_processes = sweep_on_worker_processes()
    sys.stdout = sys.__stdout__
    for name, rounds in (("`fastdnn sweep` (worker threads; LocalCluster start and stop included)", swept),
                         ("two plain threads, no Dask", threaded)):
        for reference, seconds, ratio in rounds:
            print(f"{name}: {seconds:.3f} s; the sequences around it {reference:.3f} s: ratio {ratio:.3f}")
    sweep_ratio = statistics.median(r for _, _, r in swept)
    thread_ratio = statistics.median(r for _, _, r in threaded)
    print(f"sweep / in-process sequence: median {sweep_ratio:.3f} of {len(swept)}; two plain threads / "
          f"in-process sequence: median {thread_ratio:.3f}; sweep / two threads {sweep_ratio / thread_ratio:.3f}")
    print(f"`fastdnn sweep` once more: {once_more:.2f} s; sweep / command sequence {once_more / commands:.3f}")
    print(f"the same sweep on one worker thread (its cluster's start and stop included), then on two: "
          + ", ".join(f"{one:.2f} s / {both:.2f} s" for one, both, _ in one_worker)
          + f"; sweep / one-worker sweep: median {statistics.median(r for _, _, r in one_worker):.3f}")
    print(f"the same sweep on a LocalCluster of worker processes (start and stop included): {on_processes:.2f} s, "
          f"{on_processes / in_process:.2f}x the in-process sequence; load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main_()
