"""``fastdnn train``, ``predict`` and ``evaluate``."""
import io
import os
import sys
import time

import numpy as np

from .._checks import finite
from ..config import CACHE as KERNEL_CACHE
from . import UsageError, data as datamod, options, say
from .problem import Problem, forward, labelled, scores
from .training import MODEL, Run


def configuration(args, sections=()):
    """``(config, file)``: defaults, then ``--config``'s top-level keys, then the
    flags given (unchecked); and the whole TOML file (``{}`` without one)."""
    given = {key: getattr(args, key) for key in options.DEFAULTS if hasattr(args, key)}
    file_config = options.from_file(args.config, sections) if getattr(args, "config", None) else {}
    config = options.merged(given, {k: v for k, v in file_config.items() if k not in sections})
    for key in ("data", "test"):  # a resumed run may start in another directory
        if config[key] is not None and config[key] not in datamod.EMBEDDED:
            config[key] = os.path.abspath(options.RULES[key](key, config[key]))
    return config, file_config


def writable_file(path, flag, example=MODEL):
    """Refuse, before any training, a path that cannot take a file (``example``: a name to suggest)."""
    if path is None:
        return None
    if os.path.isdir(path):
        raise UsageError(f"{flag} {path}: is a directory; give a file name such as {os.path.join(path, example)}")
    folder = os.path.dirname(os.path.abspath(path))
    if not (os.path.isdir(folder) and os.access(folder, os.W_OK)):
        raise UsageError(f"{flag} {path}: {folder} is not a writable directory")
    return path


#: The file a run creates first in its directory, exclusively: of two runs
#: started at once on one ``--out``, the second stops (their files mixed).
CLAIM = ".fastdnn-run"


def run_folder(out, kind):
    """A new run directory: ``out`` (empty or new), else ``runs/<kind>-<time>``;
    claimed by this process (:data:`CLAIM`)."""
    if out is not None:
        if os.path.exists(out) and not os.path.isdir(out):
            raise UsageError(f"--out {out}: is a file, not a directory")
        busy = UsageError(f"--out {out}: not empty (resume a run with --resume {out}, or choose a new directory)")
        if os.path.isdir(out) and os.listdir(out):
            raise busy
        try:
            os.makedirs(out, exist_ok=True)
            os.close(os.open(os.path.join(out, CLAIM), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:  # another run claimed it since the check
            raise busy from None
        except OSError as error:
            raise UsageError(f"--out {out}: cannot make the directory: {error.strerror or error}") from None
        return out
    stamp = time.strftime("%Y%m%d-%H%M%S")
    os.makedirs("runs", exist_ok=True)
    for n in range(1000):
        folder = os.path.join("runs", f"{kind}-{stamp}" + (f"-{n}" if n else ""))
        try:
            os.mkdir(folder)
            return folder
        except FileExistsError:
            continue
    raise UsageError("runs/: could not make a new run directory")


def train(args):
    if args.resume is not None:
        given = sorted(k for k in list(options.DEFAULTS) + ["config", "out", "save"]
                       if getattr(args, k, None) is not None and k != "layout")
        if given:
            raise UsageError(f"--resume continues a run with its own configuration; leave out {given}")
        run = Run.resume(args.resume)
        save = None
    else:
        config = options.checked(configuration(args)[0])
        save = writable_file(args.save, "--save")
        problem = Problem(config)
        run = Run(problem, run_folder(args.out, "train"))
    problem, config = run.problem, run.config
    if not args.quiet:
        say(describe(problem, config, run))
    train_with_progress(run, args.quiet)
    metrics, written, note = run.finish(save)
    if args.quiet:
        say(written[0])
    else:
        say(summary(metrics, run, written, note))
    return 0


def describe(problem, config, run):
    parts = [f"{name} {part.m}" for name, part in
             (("train", problem.train), ("validation", problem.validation), ("test", problem.test)) if part is not None]
    start = f", resumed at {run.unit} {run.state['epoch']}" if run.state["epoch"] else ""
    batches = f", mini-batches of {config['mini_batch_size']}" if config["mini_batch_size"] is not None else ""
    optimizer = "" if config["optimizer"] == "gd" else f"{config['optimizer']}, "
    return (f"fastdnn train: {os.path.basename(problem.source.name) or problem.source.name} ({', '.join(parts)}), "
            f"layers {'-'.join(map(str, problem.dims))} {config['hidden']}/{config['output']}, {optimizer}"
            f"learning rate {config['learning_rate']:g}, {options.epochs(config)} {run.unit}s{batches}, "
            f"{config['dtype']}{start}; run directory {run.folder}")


#: Seconds a first ``fastdnn train`` compiles for, about (the default run on two cores: 6-8 s).
COMPILE_SECONDS = 7


def compile_notice():
    """The line said before training compiles its kernels."""
    when = "first run only" if KERNEL_CACHE else "the kernel cache is off: every run"
    return f"compiling fastdnn's kernels ({when}, about {COMPILE_SECONDS} s)"


def train_with_progress(run, quiet):
    """Train with a tqdm bar on stderr (iteration or epoch, cost, speed), announced
    by :func:`compile_notice` when the kernels have to compile first."""
    from tqdm import tqdm

    total = options.epochs(run.config)
    bar = tqdm(total=total, initial=run.state["epoch"], desc=run.unit, unit="it" if run.unit == "iteration" else
               "epoch", disable=quiet, file=sys.stderr, dynamic_ncols=True, leave=False)

    def on_record(epoch, cost):
        bar.update(epoch - bar.n)
        bar.set_postfix_str(progress_text(cost, run.state["validation"]), refresh=False)

    said = []

    def on_compile():  # once: the warm-up and the run could each compile (another signature)
        if not quiet and not said:
            bar.write(compile_notice(), file=sys.stderr)
            said.append(True)

    try:
        run.train(on_record, on_compile)
        bar.update(run.state["epoch"] - bar.n)
    finally:
        bar.close()


def progress_text(cost, validation):
    """The bar's postfix: the cost in 6 significant digits (fixed decimals showed
    0.000000 on data that trains to 1e-7), and the last validation check's
    cost and accuracy when the run has a validation split, as Keras shows them."""
    text = f"cost {cost:.6g}"
    if validation["epoch"]:
        text += f", val cost {validation['cost'][-1]:.6g}, val accuracy {validation['accuracy'][-1]:.4f}"
    return text


def summary(metrics, run, written, note):
    lines = [f"{'':<12}{'cost':>12}{'accuracy':>10}{'examples':>10}"]
    for name in ("train", "validation", "test"):
        if name in metrics:
            score = metrics[name]
            lines.append(f"{name:<12}{score['cost']:>12.6f}{score['accuracy']:>10.4f}{score['examples']:>10}")
    here, seconds, unit = run.trained_here, metrics["seconds"], run.unit
    # this process's speed: a resumed run's seconds include the sessions before it
    speed = f", {here / run.seconds_here:,.0f} {unit}s/s" if here and run.seconds_here > 0 else ""
    stop = (f"; stopped early, best validation cost at {unit} {metrics[f'best_{unit}']}"
            if metrics["stopped_early"] else "")
    cached = "once: numba caches them" if KERNEL_CACHE else "the kernel cache is off: every run compiles them"
    compiled = (f"; compiling the kernels took {run.compile_seconds:.1f} s before ({cached})"
                if run.compile_seconds >= 1 else "")
    lines.append(f"{metrics[f'{unit}s']} {unit}s in {seconds:.2f} s{speed} "
                 f"({metrics['method']} first layer){stop}{compiled}")
    lines.append("wrote " + ", ".join(written))
    if note:
        lines.append(note)
    return "\n".join(lines)


def _model_and_examples(args):
    from .._product.modelfile import load_model

    parameters, meta = load_model(args.model)
    n_x = meta["layers"][0]
    source = datamod.read(args.data, args.layout, n_features=n_x, input_shape=meta["input_shape"])
    part = source.part(args.part or ("test" if "test" in source.parts else "train"))
    if part.x.shape[0] != n_x:
        raise UsageError(f"{source.name} has {part.x.shape[0]} features per example, the model {args.model} "
                         f"takes {n_x}")
    # a NaN feature would make a NaN logit, predicted class 0: refused as train refuses it
    finite(part.x, f"the features of {source.name}")
    return parameters, meta, source, datamod.Examples(part.x / meta["input_divisor"], part.y)


def predict(args):
    if args.out is not None:
        writable_file(args.out, "--out", "predictions.csv")
        if not args.out.lower().endswith((".csv", ".npy")):
            raise UsageError(f"--out {args.out}: predictions go to a .csv or .npy file")
    parameters, meta, source, examples = _model_and_examples(args)
    probabilities, logits = forward(examples.x, parameters, meta["hidden"], meta["output"])
    if meta["output"] == "softmax":
        predicted = np.argmax(logits, axis=0)
    else:
        predicted = (probabilities[0] > 0.5).astype(np.int64)
    if args.out is not None and args.out.lower().endswith(".npy"):
        from .._product.modelfile import atomic_path
        with atomic_path(args.out) as temporary:
            with open(temporary, "wb") as out:
                np.save(out, predicted)
        return 0
    text = predictions_csv(predicted, probabilities, meta["class_names"], meta["output"])
    if args.out is None:
        say(text, end="")
    else:
        from .files import write_text
        write_text(args.out, text)
    return 0


def predictions_csv(predicted, probabilities, class_names, output):
    columns = ["probability"] if output == "sigmoid" else [f"probability_{k}" for k in range(probabilities.shape[0])]
    out = io.StringIO()
    out.write(",".join(["prediction"] + (["class"] if class_names else []) + columns) + "\n")
    for j, label in enumerate(predicted):
        row = [str(int(label))] + ([class_names[int(label)]] if class_names else [])
        row += [f"{p:.6g}" for p in probabilities[:, j]]
        out.write(",".join(row) + "\n")
    return out.getvalue()


def evaluate(args):
    parameters, meta, source, examples = _model_and_examples(args)
    if examples.y is None:
        raise UsageError(f"{source.name} has no labels to evaluate against")
    checked = labelled(examples, "evaluated", 1.0, meta["layers"], meta["output"])
    result = scores(checked, parameters, meta["hidden"], meta["output"])
    say(f"{source.name}: {checked.m} examples, accuracy {result['accuracy']:.4f}, cost {result['cost']:.6f}")
    return 0
