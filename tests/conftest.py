"""Shared fixtures: the course's cat data from ../shared/data beside the repo."""
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data():
    """Directory holding train_catvnoncat.h5 and test_catvnoncat.h5; skips without it."""
    if not (SHARED_DATA / "train_catvnoncat.h5").exists():
        pytest.skip(f"cat data not found at {SHARED_DATA} (../shared is absent)")
    return SHARED_DATA


# CI runs a fixed, reproducible set of examples; locally hypothesis explores anew each run.
from hypothesis import settings  # noqa: E402
import os  # noqa: E402

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
