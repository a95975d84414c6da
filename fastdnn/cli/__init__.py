"""``fastdnn`` command line: train, predict, evaluate and sweep L-layer networks.

Examples
--------
::

    fastdnn train                                     # the embedded planar "flower" data
    fastdnn train ../shared/data --iterations 2500    # the course's cat files
    fastdnn train --resume runs/train-20260101-120000 # continue after Ctrl-C
    fastdnn predict --model runs/.../model.h5 my_cat.jpg
    fastdnn evaluate --model runs/.../model.h5 ../shared/data/test_catvnoncat.h5
    fastdnn sweep --learning-rate 0.05 0.1 0.3 --layers 2,8,1 2,16,8,1

A user error (bad value, missing or unreadable file, size mismatch, a closed
output) is one line on stderr and exit status 2; ``--debug`` shows the traceback.
Ctrl-C exits with status 130.
"""
import argparse
import os
import sys

from . import options
from .._version import __version__

EXIT_USAGE, EXIT_FAILED, EXIT_INTERRUPTED = 2, 1, 130


class UsageError(ValueError):
    """A command-line mistake, reported as one line with exit status 2."""


class OutputError(OSError):
    """Standard output cannot be written (a closed pipe, a full disk)."""


def say(text, end="\n"):
    """Print a line of results and flush it, so that a closed or full output shows here."""
    try:
        print(text, end=end, flush=True)
    except OSError as error:
        raise OutputError(error.errno, error.strerror) from None


class Parser(argparse.ArgumentParser):
    """argparse, with its errors as one line (no usage block)."""

    def error(self, message):
        raise UsageError(f"{self.prog}: {message}")


def parser():
    top = Parser(prog="fastdnn", description="Train, predict, evaluate and sweep fastdnn networks.")
    top.add_argument("--version", action="version", version=f"fastdnn {__version__}")
    top.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    commands = top.add_subparsers(dest="command", required=True, parser_class=Parser)

    train = commands.add_parser("train", help="train one network; writes a run directory")
    train.add_argument("data", nargs="?", default=argparse.SUPPRESS,
                       help="'planar' (default), 'spiral', a directory with the cat files, .h5, .npz or .csv")
    options.add_flags(train)
    train.add_argument("--out", metavar="DIR", help="run directory (default runs/train-<time>)")
    train.add_argument("--save", metavar="FILE.h5", help="also save the model here")
    train.add_argument("--resume", metavar="DIR", help="continue the run in DIR from its checkpoint")
    train.add_argument("--quiet", action="store_true", help="no progress bar; print only the model's path")

    for name, text in (("predict", "write a model's predictions"), ("evaluate", "print a model's metrics")):
        command = commands.add_parser(name, help=text)
        command.add_argument("data", nargs="+", help="data (as for train) or image files (needs Pillow)")
        command.add_argument("--model", required=True, metavar="FILE.h5",
                             help="a model file: a run directory's model.h5, or what --save or save_model wrote")
        command.add_argument("--rows", dest="layout", action="store_const", const="rows", default="columns",
                             help="2-D features hold one example per row")
        command.add_argument("--part", choices=["train", "test"],
                             help="which part of the data (default: its test part if it has one)")
        if name == "predict":
            command.add_argument("--out", metavar="FILE", help="predictions to .csv or .npy (default: CSV on stdout)")

    sweep = commands.add_parser("sweep", help="grid or random search on Dask")
    sweep.add_argument("data", nargs="?", default=argparse.SUPPRESS, help="as for train")
    options.add_flags(sweep, several=True)
    sweep.add_argument("--search", choices=["grid", "random"], help="grid (default) or random search")
    sweep.add_argument("--runs", type=int, help="random search: configurations drawn")
    sweep.add_argument("--scheduler", metavar="ADDRESS",
                       help="a running Dask scheduler (default: $DASK_SCHEDULER_ADDRESS, else a local cluster)")
    sweep.add_argument("--out", metavar="DIR", help="sweep directory (default runs/sweep-<time>)")
    sweep.add_argument("--quiet", action="store_true", help="print only the sorted table")
    return top


def main(argv=None):
    """Run a command; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in argv
    try:
        args = parser().parse_args(argv)
        if args.command == "train":
            from .commands import train
            status = train(args)
        elif args.command == "sweep":
            from .sweep import sweep
            status = sweep(args)
        else:
            from .commands import evaluate, predict
            status = (predict if args.command == "predict" else evaluate)(args)
        return status
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED, debug)
    except Exception as error:
        from .training import Interrupted
        from .._core.engine import TrainingDiverged
        if isinstance(error, Interrupted):
            return _fail(str(error), EXIT_INTERRUPTED, debug)
        if isinstance(error, TrainingDiverged):
            return _fail(str(error), EXIT_FAILED, debug)
        if isinstance(error, OutputError):
            _silence_stdout()
            return _fail(f"cannot write the output: {error.strerror or error}", EXIT_USAGE, debug)
        if isinstance(error, (ValueError, TypeError, OSError, ImportError)):
            return _fail(_one_line(error), EXIT_USAGE, debug)
        raise


def _one_line(error):
    text = str(error).strip().splitlines()
    message = text[0] if text else type(error).__name__
    if isinstance(error, OSError) and error.filename and error.strerror and str(error.filename) not in message:
        message = f"{error.filename}: {error.strerror}"
    return message


def _fail(message, status, debug):
    if debug:
        import traceback
        traceback.print_exc()
    message = message if message.startswith("fastdnn") else f"fastdnn: {message}"
    try:
        print(message, file=sys.stderr, flush=True)
    except OSError:
        pass
    return status


def _silence_stdout():
    """Point standard output at /dev/null, so that the interpreter's final flush
    of what could not be written raises nothing (Python's advice for EPIPE)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)
