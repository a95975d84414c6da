"""Where the JIT cache lives: a per-user directory, never beside the sources.

The subprocess tests point ``FASTDNN_CACHE_DIR`` at a temporary directory, so
each starts cold and leaves the user's cache alone.
"""
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numba
import pytest

import fastdnn
from fastdnn import config

PACKAGE = Path(fastdnn.__file__).parent


def python(script, cache_root, cwd=None):
    """stdout of ``script`` in a fresh interpreter caching under ``cache_root``."""
    env = dict(os.environ, FASTDNN_CACHE_DIR=str(cache_root))
    env.pop("FASTDNN_CACHE", None)
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def numba_files(directory, since=0.0):
    return [p for p in Path(directory).rglob("*") if p.suffix in (".nbi", ".nbc") and p.stat().st_mtime >= since]


def test_kernels_cache_in_the_user_directory_and_load_from_it(tmp_path):
    script = ("import numpy as np, fastdnn\n"
              "from fastdnn._core import kernels\n"
              "fastdnn.relu(np.ones((2, 3)))\n"
              "stats = kernels.activation_forward[0].stats\n"
              "print(stats.cache_path, len(stats.cache_hits), len(stats.cache_misses))\n")
    start = time.time() - 1  # file systems store mtimes coarser than time.time()
    cache_path, hits, misses = python(script, tmp_path)
    assert Path(cache_path).is_relative_to(tmp_path) and (hits, misses) == ("0", "1")
    assert numba_files(cache_path)
    assert numba_files(PACKAGE, since=start) == []  # nothing written beside the sources
    assert python(script, tmp_path)[1:] == ["1", "0"]  # warm start: loaded, not compiled


def test_editing_a_source_recompiles_and_files_of_one_name_do_not_collide(tmp_path):
    """Modules a/k.py and b/k.py, each defining f: separate cache entries
    (numba names them after the file, not the module); editing one recompiles
    it on the next run."""
    source = "from fastdnn import config\n\n@config.jit()\ndef f():\n    return {}\n"
    for name, value in (("a", 1), ("b", 2)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "k.py").write_text(source.format(value))
    script = ("import a.k, b.k\n"
              "for f in (a.k.f, b.k.f):\n"
              "    print(f(), len(f.stats.cache_hits))\n")
    cache = tmp_path / "cache"
    assert python(script, cache, cwd=tmp_path) == ["1", "0", "2", "0"]
    assert python(script, cache, cwd=tmp_path) == ["1", "1", "2", "1"]
    (tmp_path / "a" / "k.py").write_text(source.format(3))
    assert python(script, cache, cwd=tmp_path) == ["3", "0", "2", "1"]
    assert len({p.parent for p in numba_files(cache)}) == 2


def test_cache_directory_follows_the_environment_and_the_versions(monkeypatch):
    assert Path(config.CACHE_DIR).name == f"fastdnn-{fastdnn.__version__}-numba-{numba.__version__}"
    for name in ("FASTDNN_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(numba.config, "CACHE_DIR", "")
    monkeypatch.setenv("HOME", "/home/someone")
    assert config._cache_root() == "/home/someone/.cache/fastdnn"
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    assert config._cache_root() == "/xdg/fastdnn"
    monkeypatch.setattr(numba.config, "CACHE_DIR", "/numba")  # the user's NUMBA_CACHE_DIR
    assert config._cache_root() == "/numba/fastdnn"
    monkeypatch.setenv("FASTDNN_CACHE_DIR", "/mine")
    assert config._cache_root() == "/mine"


@pytest.mark.slow
def test_readme_install_train_then_editable_install_and_uninstall(tmp_path):
    """The README's two commands in one environment, in that order: `pip
    install . && fastdnn train`, then `pip install -e ".[test]" && pytest` (one
    test file of it); fastdnn still imports whole, and uninstalling leaves no
    fastdnn directory behind."""
    repo = Path(__file__).resolve().parents[1]
    clone = tmp_path / "clone"
    shutil.copytree(repo, clone, ignore=shutil.ignore_patterns(".git", "__pycache__", "build", ".asv", "*.egg-info"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    py = str(bin_dir / "python")
    env = {k: v for k, v in os.environ.items()
           if k not in ("FASTDNN_CACHE_DIR", "NUMBA_CACHE_DIR", "FASTDNN_CACHE", "PYTHONPATH", "VIRTUAL_ENV")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "user-cache")

    def sh(*args, cwd=tmp_path):
        done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    site = Path(sh(py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    sh(py, "-m", "pip", "install", "-q", str(clone))
    cold = sh(str(bin_dir / "fastdnn"), "train", "--iterations", "10", "--out", "cold")
    assert numba_files(tmp_path / "user-cache" / "fastdnn")
    # the speed reported is training's: the compile is timed apart
    speed = next(line for line in cold.splitlines() if line.startswith("10 iterations in"))
    assert "compiling the kernels took" in speed
    sh(py, "-m", "pip", "install", "-q", "-e", f"{clone}[test]")
    assert not (site / "fastdnn").exists()
    assert sh(py, "-c", "import fastdnn; print(fastdnn.sigmoid.__name__, fastdnn.__file__)").split() == [
        "sigmoid", str(clone / "fastdnn" / "__init__.py")]
    sh(py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_config.py", cwd=clone)
    sh(py, "-m", "pip", "uninstall", "-y", "fastdnn")
    assert not (site / "fastdnn").exists()
    assert not list(site.glob("*fastdnn*"))


@pytest.mark.slow  # a cold compile of the loop: about a minute
def test_the_engine_loads_from_the_cache_and_gives_the_same_numbers(tmp_path):
    """The loop (its passes compiled into it), full batch and mini-batch Adam, compiled in one
    process and loaded from the cache in the next, with the same numbers."""
    script = ("import numpy as np, fastdnn\n"
              "from fastdnn._core import engine\n"
              "from fastdnn._core.engine import loop\n"
              "rng = np.random.default_rng(0)\n"
              "small, wide = rng.standard_normal((2, 50)), rng.standard_normal((40, 2000))\n"
              "for X in (small, wide):\n"
              "    Y = (X[:1] > 0) * 1.0\n"
              "    for dtype in (np.float64,):\n"
              "        r = engine.train(X, Y, [rng.standard_normal((20, X.shape[0])) * 0.1, np.ones((1, 20)) * 0.1],\n"
              "                         [np.zeros((20, 1)), np.zeros((1, 1))], learning_rate=0.1, num_iterations=3,\n"
              "                         record_every=1, dtype=dtype)\n"
              "        p, h = fastdnn.fit(X, Y, [X.shape[0], 20, 1], optimizer='adam', learning_rate=0.01,\n"
              "                           num_epochs=2, mini_batch_size=16, seed=0, dtype=dtype)\n"
              "        print(*[repr(float(c)) for c in list(r.costs) + list(h['cost'])])\n"
              "print(loop.run_batches.stats.cache_hits and 'hit')\n")
    cold = python(script, tmp_path)
    warm = python(script, tmp_path)
    assert warm[:-1] == cold[:-1] and warm[-1:] == ["hit"]
