"""`python -m consilience` runs the command line."""

from .cli import main

main()
