"""``python -m guardgraph.cli`` runs the command line."""

from guardgraph.cli import main

if __name__ == "__main__":
    main()
