"""`python -m booster <command> ...`: the command line lives in booster/cli.py."""

import sys

from .cli import main

sys.exit(main())
