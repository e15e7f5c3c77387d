"""``python -m guardgraph.cli`` runs the command line."""

from guardgraph.cli import main

main()
