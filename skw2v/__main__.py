"""``python -m skw2v``: the ``skw2v`` command."""

import sys

from .cli import main

sys.exit(main())
