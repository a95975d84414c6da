"""``python -m fastdnn.cli``: the ``fastdnn`` command."""
import sys

from . import main

sys.exit(main())
