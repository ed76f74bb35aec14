"""CLI command groups of the later pipeline stages; each module has register(cli)."""
