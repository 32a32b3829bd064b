"""`python -m thiduarules` runs the command line."""

from thiduarules.cli import main

raise SystemExit(main())
