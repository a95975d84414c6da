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
``distributed`` (once per process, about 0.3 s, printed apart). For comparison, the
same sweep on a LocalCluster of one worker process per core (the former
default), started and ended within the time measured, given by ``--scheduler``.
``track_*`` values are sweep time / reference time: lower is better. This VM's
speed drifts within seconds (the same 16 runs one after another: 0.72 to 1.10 s
in one minute), so the in-process ratio is the median of PAIRS sweeps, each
divided by a sequence measured just before it.
``python -m benchmarks.bench_sweep`` prints every measurement.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

from fastdnn.cli import main, options
from fastdnn.cli.sweep import run_one

LEARNING_RATES = ["0.05", "0.1", "0.3", "1.0"]
LAYERS = ["2,16,8,1", "2,8,1"]
SEEDS = ["1", "2"]
#: Iterations per run: the default run's (planar: 10000), or ``python -m benchmarks.bench_sweep N``.
ITERATIONS = int(sys.argv[1]) if __name__ == "__main__" and len(sys.argv) > 1 else 10000
FLAGS = ["--validation-fraction", "0.2", "--quiet", "--iterations", str(ITERATIONS)]
#: Sequence-then-sweep pairs of the in-process ratio.
PAIRS = 7


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


def alternated(pairs=PAIRS):
    """``(sequence seconds, sweep seconds, ratio)`` of ``pairs`` sequences each followed by the sweep."""
    out = []
    for _ in range(pairs):
        in_process = sequential_in_process()
        swept = sweep()
        out.append((in_process, swept, swept / in_process))
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


class Sweep16:
    timeout = 600
    number = 1
    repeat = 1

    def setup(self):
        self.in_process = sequential_in_process()
        import_dask()

    def track_sweep_over_in_process_sequence(self):
        return statistics.median(ratio for _, _, ratio in alternated())

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
    pairs = alternated()
    swept = sweep()
    on_processes = sweep_on_worker_processes()
    sys.stdout = sys.__stdout__
    for sequence, sweep_seconds, ratio in pairs:
        print(f"in-process sequence {sequence:.3f} s, then `fastdnn sweep` (worker threads; LocalCluster start "
              f"and stop included) {sweep_seconds:.3f} s: ratio {ratio:.3f}")
    print(f"sweep / in-process sequence: median {statistics.median(r for _, _, r in pairs):.3f} of {len(pairs)} pairs")
    print(f"`fastdnn sweep` once more: {swept:.2f} s; sweep / command sequence {swept / commands:.3f}")
    print(f"the same sweep on a LocalCluster of worker processes (start and stop included): {on_processes:.2f} s, "
          f"{on_processes / in_process:.2f}x the in-process sequence; load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main_()
