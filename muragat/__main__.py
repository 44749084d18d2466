"""``python -m muragat`` runs the CLI."""

import sys

from muragat.cli import main

sys.exit(main())
