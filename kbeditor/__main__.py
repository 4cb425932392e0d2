"""``python -m kbeditor`` does what the ``kbeditor`` command does."""

import sys

from kbeditor.cli import main

sys.exit(main())
