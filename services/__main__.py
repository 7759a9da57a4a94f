"""Entry point of `python -m services`."""

from services.cli import main

main()
