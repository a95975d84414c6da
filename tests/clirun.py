"""Running the ``fastdnn`` command as a subprocess, as a user does."""
import os
import subprocess
import sys
import time

COMMAND = [sys.executable, "-m", "fastdnn.cli"]


def fastdnn(*args, cwd, timeout=300, **kwargs):
    """``fastdnn ARGS`` in ``cwd``; the CompletedProcess (text output)."""
    return subprocess.run([*COMMAND, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, **kwargs)


def start(*args, cwd, **kwargs):
    """``fastdnn ARGS`` started in the background (stdout and stderr piped)."""
    return subprocess.Popen([*COMMAND, *map(str, args)], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def wait_for(path, process, timeout=120):
    """Wait until ``path`` exists (while ``process`` runs)."""
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if process.poll() is not None:
            raise AssertionError(f"ended before {path} appeared: {process.communicate()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} did not appear in {timeout} s")
        time.sleep(0.01)


def one_error_line(result, *words):
    """Exit status 2, one line on stderr starting ``fastdnn`` with ``words``, no traceback."""
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert len(lines) == 1 and lines[0].startswith("fastdnn"), result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]
