"""``fastdnn sweep`` on Dask: an in-process LocalCluster, and a scheduler with two
worker processes started separately (``dask scheduler`` / ``dask worker``)."""
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

import fastdnn as dnn

from clirun import fastdnn

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
    assert head.startswith("fastdnn sweep: 6 runs on tcp://127.0.0.1:") and f"({os.cpu_count()} workers)" in head
    assert "dashboard" in head
    rows = table_rows(result.stdout)
    assert sum("failed" in row for row in rows) == 2 and all("failed" in row for row in rows[-2:])
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
        "num_iterations = 200\n[sweep]\nsearch = \"random\"\nruns = 5\n"
        "learning_rate = {min = 0.05, max = 2.0, log = true}\nlayers = [[2, 4, 1], [2, 8, 1]]\n")
    result = fastdnn("sweep", "--config", "space.toml", "--out", "sw", "--quiet", cwd=tmp_path,
                     env=dict(os.environ, DASK_SCHEDULER_ADDRESS=cluster))
    assert result.returncode == 0, result.stderr
    rows = table_rows(result.stdout)
    assert len(rows) == 5 and not any("failed" in row for row in rows)
    rates = [float(row.split()[2]) for row in rows]
    assert all(0.05 <= rate <= 2.0 for rate in rates) and len(set(rates)) == 5
    again = fastdnn("sweep", "--config", "space.toml", "--out", "sw2", "--quiet", cwd=tmp_path,
                    env=dict(os.environ, DASK_SCHEDULER_ADDRESS=cluster))
    # the same seed draws the same configurations
    assert sorted(r.split()[1:3] for r in table_rows(again.stdout)) == sorted(r.split()[1:3] for r in rows)
