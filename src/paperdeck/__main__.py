"""``python -m paperdeck`` runs the same command as the ``paperdeck`` script."""

import sys

from .cli import main

sys.exit(main())
