"""Run the course's notebooks on fastdnn by adding one line at the top::

    from fastdnn import dropin; dropin.install()

Every other line stays as it is: ``from testCases import *``,
``from dnn_utils import sigmoid, ...``, ``from testCases_v4a import *``,
``from dnn_app_utils_v3 import *``, ``from lr_utils import load_dataset``,
``from planar_utils import ...`` then import fastdnn's re-creations of those
files (:mod:`fastdnn.course`), even when the course's own files sit next to the
notebook.

Choosing the edition and the week
---------------------------------
A few names mean different files in different editions of the course or in
its two weeks. ``install()`` serves the current course; ``install(edition=2021)``
the 2021-2022 files (course 1's are the current ones; course 2's optimisation
notebook still had the older test cases), ``install(edition=2018)`` the
2018-2020 files and ``install(edition=2017)`` the 2017 release; ``week=4`` (the
default, the deep-network notebooks) or ``week=3`` (planar data, one hidden
layer). The same line serves both courses: ``testCases`` holds course 2's
cases too (their names are not course 1's), the current ones or, in the older
editions, those of 2017-2022. Names used by one edition only
(``dnn_app_utils`` is 2017's, ``testCases_v4a`` 2020's) are served in every
edition. The table ``_BY_EDITION_AND_WEEK`` below is the whole choice; the
README shows it. Calling ``install`` again with other arguments switches.

The course's graders, ``public_tests`` and ``test_utils``, are not served:
they are the course's own files beside the notebook and stay importable.

How it works
------------
``install`` puts a finder first in ``sys.meta_path``, so it is asked before the
notebook's directory; each course name is executed from its file under
``fastdnn/course`` as a module of that name. Course modules imported before
``install`` are set aside and restored by ``uninstall``; names bound by an
earlier ``from ... import`` keep their old objects, so install first. Both
functions are idempotent.
"""
import importlib.abc
import importlib.util
import sys
from pathlib import Path

DEFAULT_WEEK = 4
EDITIONS = (None, 2017, 2018, 2021)

_COURSE_DIR = Path(__file__).resolve().with_name("course")

#: Course module name -> file stem under fastdnn/course, the same in every edition and week.
_COMMON = {
    "dnn_utils": "dnn_utils",
    "dnn_utils_v2": "dnn_utils_v2",
    "testCases_v3": "testCases_v3",
    "testCases_v4": "testCases_v4",
    "testCases_v4a": "testCases_v4a",
    "dnn_app_utils": "dnn_app_utils",
    "dnn_app_utils_v2": "dnn_app_utils_v2",
    "dnn_app_utils_v3": "dnn_app_utils_v3",
    "lr_utils": "lr_utils",
    "planar_utils": "planar_utils",
}
#: Course 2 ("Improving Deep Neural Networks"): its helper files (its
#: notebooks' test cases are in every testCases below; no name clashes).
_COURSE2 = {
    "init_utils": "init_utils",
    "reg_utils": "reg_utils",
    "gc_utils": "gc_utils",
    "opt_utils": "opt_utils",
    "opt_utils_v1a": "opt_utils_v1a",
}
#: (edition, week) -> the names whose file depends on them. Each testCases
#: file holds course 2's cases too: the current ones (testCases_c2) or those
#: of 2017-2022 (testCases_c2_2017).
_BY_EDITION_AND_WEEK = {
    (None, 4): {"testCases": "testCases", "testCases_v2": "testCases_v2"},
    (None, 3): {"testCases": "testCases_week3", "testCases_v2": "testCases_v2_week3_2021"},
    (2021, 4): {"testCases": "testCases_2021", "testCases_v2": "testCases_v2"},
    (2021, 3): {"testCases": "testCases_week3_2017", "testCases_v2": "testCases_v2_week3_2021"},
    (2018, 4): {"testCases": "testCases_2018", "testCases_v2": "testCases_v2"},
    (2018, 3): {"testCases": "testCases_week3_2017", "testCases_v2": "testCases_v2_week3"},
    (2017, 4): {"testCases": "testCases_week4_2017", "testCases_v2": "testCases_v2"},
    (2017, 3): {"testCases": "testCases_week3_2017", "testCases_v2": "testCases_v2_week3_2021"},
}
_ALL_NAMES = frozenset(_COMMON) | frozenset(_COURSE2) | frozenset(
    name for names in _BY_EDITION_AND_WEEK.values() for name in names)


class _CourseFinder(importlib.abc.MetaPathFinder):
    """Finds the course's top-level module names in fastdnn/course."""

    def __init__(self, stems):
        self.stems = stems

    def find_spec(self, fullname, path=None, target=None):
        stem = self.stems.get(fullname)
        if stem is None:
            return None
        return importlib.util.spec_from_file_location(fullname, _COURSE_DIR / f"{stem}.py")


_finder = None
#: Course modules that were in sys.modules before install, to restore on uninstall.
_displaced = {}
#: The edition the last ``install`` chose (None: the current course, or not installed).
_edition = None


def course_modules(edition=None, week=None):
    """The course module names ``install(edition, week)`` serves, each with the
    fastdnn module it runs.

    Parameters
    ----------
    edition : {None, 2017, 2018, 2021}
        Course edition; None means the current one.
    week : {None, 3, 4}
        Course week whose ``testCases``/``testCases_v2`` to serve; None means 4.

    Returns
    -------
    dict
        ``{"dnn_utils_v2": "fastdnn.course.dnn_utils_v2", ...}``.

    Raises
    ------
    ValueError
        For any other edition or week.
    """
    return {name: f"fastdnn.course.{stem}" for name, stem in _stems(edition, week).items()}


def installed_edition():
    """The edition :func:`install` serves: 2017 or 2018, or None for the current
    course and when fastdnn is not installed. fastdnn's functions whose
    behaviour differs between editions (``shallow.nn_model``'s seeds) follow it."""
    return _edition


def _stems(edition, week):
    if week is None:
        week = DEFAULT_WEEK
    if isinstance(week, bool) or week not in (3, 4):
        raise ValueError(f"week must be 3, 4 or None (meaning {DEFAULT_WEEK}), got {week!r}")
    if edition is not None and (type(edition) is not int or edition not in EDITIONS):
        raise ValueError(f"edition must be 2017, 2018, 2021 or None (the current course), got {edition!r}")
    return {**_COMMON, **_COURSE2, **_BY_EDITION_AND_WEEK[edition, week]}


def _origin(module):
    spec = getattr(module, "__spec__", None)
    return Path(spec.origin).resolve() if spec is not None and spec.origin else None


def _is_ours(module):
    origin = _origin(module)
    return origin is not None and origin.parent == _COURSE_DIR


def install(edition=None, week=None):
    """Make the course's helper module names import fastdnn's versions.

    Parameters
    ----------
    edition : {None, 2017, 2018, 2021}
        Which edition's files to serve where editions share a name; None means
        the current course, 2021 the 2021-2022 files (the current ones but for
        course 2's optimisation test cases), 2018 the 2018-2020 files.
    week : {None, 3, 4}
        Which week's ``testCases``/``testCases_v2`` to serve; None means week 4
        (the deep-network assignments). All other names are week-independent.

    Raises
    ------
    ValueError
        For any other ``edition`` or ``week``.
    """
    global _finder, _edition
    stems = _stems(edition, week)
    if _finder is not None and _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    _finder = _CourseFinder(stems)
    _edition = edition
    sys.meta_path.insert(0, _finder)
    for name, stem in stems.items():
        module = sys.modules.get(name)
        if module is None or _origin(module) == _COURSE_DIR / f"{stem}.py":
            continue
        if not _is_ours(module):
            _displaced[name] = module
        # Dropped so the next import goes through the finder.
        del sys.modules[name]


def uninstall():
    """Undo :func:`install`: remove the finder and fastdnn's course modules from
    ``sys.modules``, and put back the modules ``install`` set aside."""
    global _finder, _edition
    if _finder is not None and _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    _finder = None
    _edition = None
    for name in _ALL_NAMES:
        module = sys.modules.get(name)
        if module is not None and _is_ours(module):
            del sys.modules[name]
    sys.modules.update(_displaced)
    _displaced.clear()
