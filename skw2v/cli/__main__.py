"""``python -m skw2v.cli``: the ``skw2v`` command."""

import sys

from . import main

sys.exit(main())
