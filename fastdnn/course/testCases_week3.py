"""``testCases`` as ``dropin.install(week=3)`` serves it: the 2017 week-3
cases (:mod:`testCases_week3_2017`; the later week-3 notebooks import
``testCases_v2`` instead) and course 2's current cases (:mod:`testCases_c2`).
"""
import numpy as np

from fastdnn.course.testCases_week3_2017 import *  # noqa: F401,F403 (course 1's cases)
from fastdnn.course.testCases_c2 import *  # noqa: F401,F403 (course 2's current cases, over the older ones)
