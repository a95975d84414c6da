"""``fastdnn sweep`` on Dask: an in-process LocalCluster, and a scheduler with two
worker processes started separately (``dask scheduler`` / ``dask worker``)."""
import csv
import gc
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import fastdnn as dnn
from fastdnn.cli import options, sweep as sweep_module
from fastdnn.cli.sweep import run_one

from clirun import fastdnn, start

DASK = shutil.which("dask", path=os.path.dirname(sys.executable)) or shutil.which("dask")


def table_rows(stdout):
    """The final table's rows: (rank, rest of the line)."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("rank"))
    rows = []
    for line in lines[start + 1:]:
        if not line.split()[0].isdigit() or line.split()[1] == "of":
            break
        rows.append(line)
    return rows


def test_sweep_on_a_local_cluster_reports_a_failed_run_and_saves_the_best(tmp_path):
    result = fastdnn("sweep", "--learning-rate", 0.3, 1.2, 1e300, "--layers", "2,4,1", "2,6,1",
                     "--iterations", 400, "--out", "sw", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    head = result.stdout.splitlines()[0]
    # the default cluster lives in the sweep's process: worker threads, an in-process transport
    assert head.startswith("fastdnn sweep: 6 runs on inproc://") and f"({os.cpu_count()} workers)" in head
    assert "dashboard" in head
    rows = table_rows(result.stdout)
    assert sum("failed" in row for row in rows) == 2 and all("failed" in row for row in rows[-2:])
    assert "Traceback" not in result.stderr and "Compute Failed" not in result.stderr  # the rows say it
    accuracies = [float(row.split()[-4]) for row in rows[:4]]
    assert accuracies == sorted(accuracies, reverse=True)
    parameters, meta = dnn.load_model(tmp_path / "sw" / "best_model.h5")
    assert meta["metrics"]["validation"]["accuracy"] == accuracies[0]
    assert meta["config"]["validation_fraction"] == 0.2  # a sweep holds out a validation split
    assert "test" not in meta["metrics"] or meta["config"]["test_fraction"]  # selection never saw a test set
    results = (tmp_path / "sw" / "results.csv").read_text().splitlines()
    assert len(results) == 7 and results[0].startswith("rank,layers,learning_rate,validation_accuracy")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two one-thread workers, each its own process."""
    if DASK is None:
        pytest.skip("the dask command is not installed")
    folder = tmp_path_factory.mktemp("cluster")
    scheduler_file = folder / "scheduler.json"
    processes = [subprocess.Popen([DASK, "scheduler", "--scheduler-file", scheduler_file, "--port", "0",
                                   "--dashboard-address", ":0"], cwd=folder, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        for _ in range(2):
            processes.append(subprocess.Popen([DASK, "worker", "--scheduler-file", scheduler_file, "--nthreads", "1",
                                               "--no-dashboard"], cwd=folder, stderr=subprocess.DEVNULL))
        from distributed import Client
        with Client(scheduler_file=str(scheduler_file), timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
        yield json.loads(scheduler_file.read_text())["address"]
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def test_sweep_on_a_separately_started_scheduler_with_two_workers(cluster, tmp_path):
    result = fastdnn("sweep", "--scheduler", cluster, "--learning-rate", 0.5, 1e300, "--layers", "2,4,1", "2,8,1",
                     "--iterations", 300, "--out", "sw", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"fastdnn sweep: 4 runs on {cluster} (2 workers)")
    rows = table_rows(result.stdout)
    assert [("failed" in row) for row in rows] == [False, False, True, True]
    assert (tmp_path / "sw" / "best_model.h5").exists()


def test_random_search_from_a_toml_file_through_dask_scheduler_address(cluster, tmp_path):
    (tmp_path / "space.toml").write_text(
        "num_epochs = 20\noptimizer = \"adam\"\n[sweep]\nsearch = \"random\"\nruns = 5\n"
        "learning_rate = {min = 0.005, max = 0.05, log = true}\nlayers = [[2, 4, 1], [2, 8, 1]]\n"
        "mini_batch_size = {min = 16, max = 128}\n")
    result = fastdnn("sweep", "--config", "space.toml", "--out", "sw", "--quiet", cwd=tmp_path,
                     env=dict(os.environ, DASK_SCHEDULER_ADDRESS=cluster))
    assert result.returncode == 0, result.stderr
    rows = table_rows(result.stdout)
    assert len(rows) == 5 and not any("failed" in row for row in rows)
    rates = [float(row.split()[2]) for row in rows]
    assert all(0.005 <= rate <= 0.05 for rate in rates) and len(set(rates)) == 5
    sizes = [row.split()[3] for row in rows]  # an integer key's draws are rounded (options.INTEGER_KEYS)
    assert all(size.isdigit() and 16 <= int(size) <= 128 for size in sizes)
    again = fastdnn("sweep", "--config", "space.toml", "--out", "sw2", "--quiet", cwd=tmp_path,
                    env=dict(os.environ, DASK_SCHEDULER_ADDRESS=cluster))
    # the same seed draws the same configurations
    assert sorted(r.split()[1:4] for r in table_rows(again.stdout)) == sorted(r.split()[1:4] for r in rows)


def test_a_sweep_on_thread_workers_gives_the_bits_of_runs_one_after_another(tmp_path):
    """The default LocalCluster runs two worker threads in the sweep's process: runs
    at once, full-batch ones on the parallel kernels (2,128,1 on 320 examples: 40960
    elements), Adam on mini-batches with dropout, each equal to the same run alone."""
    result = fastdnn("sweep", "--layers", "2,128,1", "2,16,8,1", "--optimizer", "gd", "adam", "--learning-rate",
                     0.01, "--mini-batch-size", 64, 320, "--keep-prob", 0.9, "--epochs", 60, "--out", "sw",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "sw" / "results.csv") as source:
        rows = list(csv.DictReader(source))
    assert len(rows) == 8 and not any(row["error"] for row in rows)
    for row in rows:
        config = options.checked(dict(options.DEFAULTS, layers=[int(n) for n in row["layers"].split(",")],
                                      optimizer=row["optimizer"], mini_batch_size=int(row["mini_batch_size"]),
                                      learning_rate=0.01, keep_prob=0.9, num_epochs=60, validation_fraction=0.2))
        alone = run_one(config, None)
        assert float(row["validation_cost"]) == alone["metrics"]["validation"]["cost"], row
        assert float(row["train_cost"]) == alone["metrics"]["train"]["cost"], row
        if row["rank"] == "1":
            best, _ = dnn.load_model(tmp_path / "sw" / "best_model.h5")
            assert all(np.array_equal(best[k], alone["parameters"][k]) for k in best)


def test_ctrl_c_ends_a_sweep_within_seconds(tmp_path):
    """Two runs of about 20 s each on the in-process worker threads: SIGINT
    ends the sweep at once (the runs stop at their next recorded cost), with
    exit status 130 and one line, not when the runs would have finished."""
    process = start("sweep", "--layers", "2,16,8,1", "--learning-rate", 0.1, 0.2, "--iterations", 3_000_000,
                    "--out", "sweep", cwd=tmp_path)
    assert process.stdout.readline().startswith("fastdnn sweep: 2 runs")
    time.sleep(1.0)  # both runs under way
    process.send_signal(signal.SIGINT)
    sent = time.monotonic()
    _, err = process.communicate(timeout=90)
    assert process.returncode == 130
    assert time.monotonic() - sent < 5
    assert err.strip().splitlines() == ["fastdnn: interrupted"]


def test_the_in_process_cluster_runs_neither_memory_monitors_nor_profilers():
    """Its workers are threads of the sweep's process: a worker's memory monitor
    would weigh the whole process against its share, and its profiler would take
    the GIL every 10 ms; the cluster starts without both (sweep.LOCAL_CLUSTER_CONFIG)."""
    with sweep_module._connected(None) as client:
        workers = list(client.cluster.workers.values())
        assert len(workers) == (os.cpu_count() or 1)
        for worker in workers:
            assert not {"memory_monitor", "profile"} & set(worker.periodic_callbacks)
        assert client.submit(sum, [1, 2], pure=False).result() == 3


def test_a_sweep_called_in_process_hands_every_object_back_to_the_collector(tmp_path, capsys):
    """The sweep keeps the objects alive at its start out of full collections
    (gc.freeze) while it runs; called from Python, it leaves none frozen, also
    when it fails (a scheduler it cannot reach)."""
    from fastdnn.cli import main

    assert gc.get_freeze_count() == 0
    assert main(["sweep", "--layers", "2,4,1", "--learning-rate", "0.1", "0.3", "--iterations", "200", "--quiet",
                 "--out", str(tmp_path / "sw")]) == 0
    assert gc.get_freeze_count() == 0
    assert "rank" in capsys.readouterr().out
    assert main(["sweep", "--layers", "2,4,1", "--learning-rate", "0.1", "0.3", "--iterations", "200", "--quiet",
                 "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path / "sw2")]) == 2  # nothing listens there
    assert gc.get_freeze_count() == 0
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err


def test_a_table_row_keeps_its_columns_apart_whatever_the_cost():
    """A diverging-but-finite run's validation cost fills its column's width."""
    result = dict(metrics=dict(validation=dict(accuracy=0.6, cost=239.836329), train=dict(accuracy=0.55)),
                  seconds=0.5)
    fields = sweep_module.row({"learning_rate": 500.0}, ["learning_rate"], result).split()
    assert fields == ["500", "0.6000", "239.836329", "0.5500", "0.50"]


def test_the_heap_is_frozen_inside_the_sweep_and_a_callers_freeze_is_left_alone():
    with sweep_module._frozen_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with sweep_module._frozen_heap():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
