"""``testCases`` for the 2021-2022 notebooks (``dropin.install(edition=2021)``):
the current course's week-4 cases (:mod:`fastdnn.course.testCases`) and the
course-2 cases of the 2017-2022 notebooks (:mod:`testCases_c2_2017`), which
the 2021-2022 optimisation notebook still imported (``W2`` (3, 3), a
four-value Adam case).
"""
import numpy as np

from fastdnn.course.testCases import *  # noqa: F401,F403 (course 1's cases)
from fastdnn.course.testCases_c2_2017 import *  # noqa: F401,F403 (course 2's 2017-2022 cases)
