"""``fastdnn`` command line: batch training of the course's L-layer network.

Examples
--------
::

    fastdnn train                                   # the built-in planar "flower" data
    fastdnn train --data spiral                     # 3-class spiral, softmax output
    fastdnn train --data ../shared/data             # the course's cat .h5 files in a directory
    fastdnn train --layers 2,4,1 2,8,1 --learning-rate 0.3 1.2 --jobs 2

Every combination of ``--layers`` and ``--learning-rate`` is one run; runs go
to ``--jobs`` worker processes (started with ``spawn``: numba's OpenMP thread
pool is not fork-safe) and the table of results is printed as they finish.
"""
import argparse
import contextlib
import io
import itertools
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np

#: Built-in data sets (generated, no download) and their default runs.
DATASETS = {
    "planar": dict(layers=[2, 16, 8, 1], learning_rate=0.1, iterations=10000, output="sigmoid"),
    "spiral": dict(layers=[2, 100, 3], learning_rate=1.0, iterations=5000, output="softmax"),
}
#: Defaults for a directory holding the course's cat files.
CAT_DEFAULTS = dict(layers=[12288, 20, 7, 5, 1], learning_rate=0.0075, iterations=2500, output="sigmoid")


def load(data):
    """``(train_x, train_y, test_x, test_y)`` for a data set name or a cat data directory
    (test arrays are None for the built-in sets)."""
    if data == "planar":
        from .shallow import load_planar_dataset
        X, Y = load_planar_dataset()
        return X, Y, None, None
    if data == "spiral":
        from .datasets import make_spiral
        X, y = make_spiral()
        return X, y, None, None
    from .models import load_data
    train_x_orig, train_y, test_x_orig, test_y, _ = load_data(data)
    flatten = lambda images: images.reshape(images.shape[0], -1).T / 255.  # noqa: E731
    return flatten(train_x_orig), train_y, flatten(test_x_orig), test_y


def defaults(data):
    return DATASETS.get(data, CAT_DEFAULTS)


def accuracy(X, y, parameters, output):
    """Fraction of correct predictions (``predict``'s own printout is silenced)."""
    from .models import predict
    with contextlib.redirect_stdout(io.StringIO()):
        p = predict(X, y, parameters, output=output)
    return float(np.mean(p == np.reshape(y, p.shape)))


def run(data, layers, learning_rate, iterations, output, dtype, method):
    """Train one configuration; returns a result dict (errors are reported, not raised)."""
    from .models import L_layer_model
    train_x, train_y, test_x, test_y = load(data)
    start = time.perf_counter()
    try:
        parameters, costs = L_layer_model(train_x, train_y, layers, learning_rate, iterations,
                                          output=output, dtype=dtype, method=method)
    except (ValueError, TypeError, FloatingPointError) as error:
        return dict(layers=layers, learning_rate=learning_rate, error=str(error))
    seconds = time.perf_counter() - start
    result = dict(layers=layers, learning_rate=learning_rate, seconds=seconds, cost=float(costs[-1]),
                  train=accuracy(train_x, train_y, parameters, output), parameters=parameters)
    if test_x is not None:
        result["test"] = accuracy(test_x, test_y, parameters, output)
    return result


def _layers(text):
    try:
        dims = [int(n) for n in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"layer sizes are comma-separated integers, got {text!r}") from None
    if len(dims) < 2 or min(dims) < 1:
        raise argparse.ArgumentTypeError(f"need the input size and at least one layer, all >= 1, got {text!r}")
    return dims


def parser():
    top = argparse.ArgumentParser(prog="fastdnn", description="fastdnn command line")
    commands = top.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train L-layer networks, one per configuration")
    train.add_argument("--data", default="planar",
                       help="'planar' (default), 'spiral', or a directory with the cat .h5 files")
    train.add_argument("--layers", type=_layers, nargs="+", metavar="N,N,..",
                       help="layer sizes, input first; several for a grid")
    train.add_argument("--learning-rate", type=float, nargs="+", metavar="LR", help="one or more rates")
    train.add_argument("--iterations", type=int, help="gradient-descent iterations")
    train.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    train.add_argument("--method", choices=["auto", "direct", "gram"], default="auto",
                       help="first-layer algorithm (auto picks the cheaper exact one)")
    train.add_argument("--jobs", type=int, default=1, help="worker processes")
    train.add_argument("--save", metavar="FILE.npz", help="save the best run's parameters")
    return top


@contextlib.contextmanager
def single_threaded_children():
    """One BLAS and one numba thread in each spawned worker (the workers already
    fill the cores), without changing this process: numba refuses a changed
    NUMBA_NUM_THREADS once its own threads run, so the variables are restored."""
    names = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(dict.fromkeys(names, "1"))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def format_row(result):
    name = "-".join(map(str, result["layers"]))
    if "error" in result:
        return f"{name:<20} {result['learning_rate']:<8g} failed: {result['error']}"
    test = f"{result['test']:.4f}" if "test" in result else "-"
    return (f"{name:<20} {result['learning_rate']:<8g} {result['cost']:<10.6f} "
            f"{result['train']:<10.4f} {test:<10} {result['seconds']:.3f}")


def main(argv=None):
    args = parser().parse_args(argv)
    chosen = defaults(args.data)
    if args.data not in DATASETS and not os.path.isdir(args.data):
        print(f"fastdnn: --data must be 'planar', 'spiral' or a directory, got {args.data!r}", file=sys.stderr)
        return 2
    if args.jobs < 1 or (args.iterations is not None and args.iterations < 1):
        print("fastdnn: --jobs and --iterations must be at least 1", file=sys.stderr)
        return 2
    if args.data not in DATASETS:
        try:
            load(args.data)  # before any training: a missing or unreadable file is a usage error
        except (OSError, ValueError, KeyError) as error:
            print(f"fastdnn: cannot read the data in {args.data!r}: {error}", file=sys.stderr)
            return 2
    save = args.save
    if save is not None:
        save = save if save.endswith(".npz") else save + ".npz"  # what np.savez writes
        folder = os.path.dirname(os.path.abspath(save))
        if not (os.path.isdir(folder) and os.access(folder, os.W_OK)):
            print(f"fastdnn: --save: {folder!r} is not a writable directory", file=sys.stderr)
            return 2
    grid = list(itertools.product(args.layers or [chosen["layers"]], args.learning_rate or [chosen["learning_rate"]]))
    common = dict(iterations=args.iterations or chosen["iterations"], output=chosen["output"],
                  dtype=np.dtype(args.dtype), method=args.method)
    print(f"data: {args.data}   iterations: {common['iterations']}   output: {common['output']}")
    print(f"{'layers':<20} {'lr':<8} {'cost':<10} {'train':<10} {'test':<10} seconds")
    results = []
    if args.jobs == 1:
        for layers, rate in grid:
            results.append(run(args.data, layers, rate, **common))
            print(format_row(results[-1]), flush=True)
    else:
        with single_threaded_children(), \
                ProcessPoolExecutor(args.jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = [pool.submit(run, args.data, layers, rate, **common) for layers, rate in grid]
            for future in as_completed(futures):
                results.append(future.result())
                print(format_row(results[-1]), flush=True)
    finished = [r for r in results if "error" not in r]
    if save and finished:
        best = max(finished, key=lambda r: (r.get("test", r["train"]), -r["cost"]))
        np.savez(save, **best["parameters"])
        print(f"saved the parameters of {'-'.join(map(str, best['layers']))} at lr {best['learning_rate']:g} to {save}")
    return 0 if finished else 1


if __name__ == "__main__":
    sys.exit(main())
