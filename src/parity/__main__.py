"""`python -m parity` runs the command line."""

from parity.cli.main import main

main()
